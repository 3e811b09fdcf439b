"""Les échéances telles que les acheteurs les écrivent (objectifs/echeances.py), à une date fixe.

Chaque forme est vérifiée à venir et passée par rapport à `AUJOURD_HUI` : une échéance à venir remplit
le critère « temporel », une échéance passée ne le remplit qu'à moitié, une date de valeur de départ
ne le remplit pas."""

from datetime import date

import pytest

from spaserlib.objectifs.echeances import reperer_temps
from spaserlib.objectifs.extraction import extraire, normaliser
from spaserlib.objectifs.smart import analyser_objectif

AUJOURD_HUI = date(2026, 12, 2)
CLAUSE = "Atteindre 30 % de marchés avec une clause sociale"


def temporel(texte: str):
    a = analyser_objectif(texte, aujourd_hui=AUJOURD_HUI)
    return a.verdicts["temporel"].niveau, a.objectif.echeance


def marques(texte: str):
    return [(t.genre, t.valeur) for t in reperer_temps(normaliser(texte)[0], AUJOURD_HUI)]


# --- Chaque forme, à venir puis passée ---------------------------------------------------------

@pytest.mark.parametrize("echeance, a_venir, passee, date_a_venir", [
    ("au {} décembre 2027", "31", None, date(2027, 12, 31)),
    ("d'ici le 30/06/{}", "2027", "2026", date(2027, 6, 30)),
    ("d'ici juin {}", "2027", "2026", date(2027, 6, 30)),
    ("fin septembre {}", "2028", "2026", date(2028, 9, 30)),
    ("avant juin {}", "2027", "2026", date(2027, 5, 31)),
    ("pour l'année scolaire {}", "2026-2027", "2025-2026", date(2027, 8, 31)),
    ("sur l'année universitaire {}", "2027/2028", "2024/2025", date(2028, 8, 31)),
    ("sur l'exercice budgétaire {}", "2027", "2024", date(2027, 12, 31)),
    ("au budget primitif {}", "2028", "2025", date(2028, 12, 31)),
    ("sur {}", "2026-2028", "2022-2024", date(2028, 12, 31)),
    ("entre {}", "2026 et 2028", "2021 et 2023", date(2028, 12, 31)),
    ("sur la période {}", "2026-2030", "2020-2025", date(2030, 12, 31)),
    ("au premier semestre {}", "2027", "2026", date(2027, 6, 30)),
    ("au second semestre {}", "2027", "2025", date(2027, 12, 31)),
    ("au 3e trimestre {}", "2027", "2026", date(2027, 9, 30)),
    ("au T{}", "2 2027", "3 2026", date(2027, 6, 30)),
    ("en S{}", "1 2027", "1 2026", date(2027, 6, 30)),
    ("à la fin du premier trimestre {}", "2027", "2026", date(2027, 3, 31)),
    ("d'ici mi-{}", "2027", "2026", date(2027, 6, 30)),
    ("avant l'été {}", "2027", "2026", date(2027, 6, 20)),
    ("d'ici la rentrée {}", "2027", "2026", date(2027, 9, 1)),
    ("à l'horizon de décembre {}", "2027", "2025", date(2027, 12, 31)),
])
def test_chaque_forme_d_echeance_a_venir_et_passee(echeance, a_venir, passee, date_a_venir):
    assert temporel(f"{CLAUSE} {echeance.format(a_venir)}.") == ("rempli", date_a_venir)
    if passee:
        niveau, jour = temporel(f"{CLAUSE} {echeance.format(passee)}.")
        assert niveau == "partiel" and jour < AUJOURD_HUI


@pytest.mark.parametrize("texte, attendu", [
    ("2027 : 30 % des marchés de services comportent une clause sociale.", date(2027, 12, 31)),
    ("Horizon 2030 – 80 % des véhicules du parc à faibles émissions.", date(2030, 12, 31)),
    ("Objectif 2028 : former 80 % des acheteurs aux achats durables.", date(2028, 12, 31)),
    ("Clauses sociales ; cible 2028 : 25 % des marchés.", date(2028, 12, 31)),
    ("Échéance : fin 2028. Cible : 250 000 heures d'insertion dans les marchés.", date(2028, 12, 31)),
    ("30 % de marchés avec une clause sociale (échéance : 2028).", date(2028, 12, 31)),
    ("T2 2027 : 40 % des lots attribués à des producteurs locaux.", date(2027, 6, 30)),
])
def test_une_annee_en_titre_est_une_echeance(texte, attendu):
    assert temporel(texte) == ("rempli", attendu)


def test_une_annee_en_titre_passee_n_est_qu_a_moitie_temporelle():
    assert temporel("2025 : 30 % des marchés de services comportent une clause sociale.")[0] == "partiel"


@pytest.mark.parametrize("texte", [
    "Clauses d'insertion – valeur 2025 : 14 % des marchés.",
    "Valeur de référence 2024 : 6 marchés réservés.",
    "Bilan 2025 : 12 % de marchés avec une clause sociale.",
])
def test_une_annee_de_valeur_de_depart_en_titre_n_est_pas_une_echeance(texte):
    assert temporel(texte) == ("absent", None)
    assert [g for g, _ in marques(texte)] == ["reference"]


def test_la_valeur_de_depart_en_titre_est_la_reference_de_l_objectif():
    o = analyser_objectif("Clauses d'insertion – valeur 2025 : 14 % des marchés ; cible 2028 : 25 % des marchés.",
                          aujourd_hui=AUJOURD_HUI).objectif
    assert (o.valeur_reference, o.cible, o.echeance) == (14, 25, date(2028, 12, 31))
    o = analyser_objectif("Part des marchés avec une clause sociale : 12 % (2025) ; objectif 2027 : 30 %.",
                          aujourd_hui=AUJOURD_HUI).objectif
    assert (o.valeur_reference, o.cible) == (12, 30)


@pytest.mark.parametrize("duree, attendu", [
    ("dans les trois ans", date(2029, 12, 2)), ("d'ici trois ans", date(2029, 12, 2)),
    ("dans un délai de 18 mois", date(2028, 6, 2)), ("en cinq ans", date(2031, 12, 2)),
    ("dans les 24 prochains mois", date(2028, 12, 2)), ("d'ici la fin de l'année", date(2026, 12, 31)),
    ("d'ici la fin de l'année prochaine", date(2027, 12, 31)), ("cette année", date(2026, 12, 31)),
])
def test_les_durees_se_comptent_depuis_aujourd_hui(duree, attendu):
    assert temporel(f"{CLAUSE} {duree}.") == ("rempli", attendu)


def test_un_delai_de_duree_n_est_pas_un_indicateur():
    a = analyser_objectif("Dans un délai de 18 mois, intégrer une clause de réemploi dans les marchés informatiques.",
                          aujourd_hui=AUJOURD_HUI)
    assert a.verdicts["mesurable"].niveau == "absent"


@pytest.mark.parametrize("debut, attendu", [
    ("à partir de septembre 2027", date(2027, 9, 1)), ("dès le premier semestre 2027", date(2027, 1, 1)),
    ("à compter de janvier 2027", date(2027, 1, 1)), ("dès l'année prochaine", date(2027, 1, 1)),
    ("dès la rentrée 2027", date(2027, 9, 1)),
])
def test_les_dates_de_depart(debut, attendu):
    a = analyser_objectif(f"{CLAUSE} {debut}.", aujourd_hui=AUJOURD_HUI)
    assert a.verdicts["temporel"].niveau == "rempli"
    assert a.objectif.extras["debut"] == attendu.isoformat()


@pytest.mark.parametrize("horizon", [
    "à l'échéance du schéma", "au terme du SPASER", "sur la durée du SPASER", "pendant toute la durée du schéma",
    "avant la fin du mandat", "au cours du mandat", "à l'issue du plan",
])
def test_un_horizon_sans_date_est_vague(horizon):
    a = analyser_objectif(f"{CLAUSE} {horizon}.", aujourd_hui=AUJOURD_HUI)
    v = a.verdicts["temporel"]
    assert (v.niveau, a.objectif.echeance) == ("partiel", None)
    assert v.mots == [horizon] and "Écrivez la date de fin" in v.conseil


def test_un_horizon_vague_cede_devant_une_date():
    assert temporel("Atteindre 45 % de marchés avec une clause sociale au terme du plan, soit en 2029.") == (
        "rempli", date(2029, 12, 31))


@pytest.mark.parametrize("texte", [
    "En 2025, 22 % des marchés du CHU comportaient une considération environnementale.",
    "En 2026, 72 % des marchés de l'État intégraient une considération environnementale.",
    "Au 1er janvier 2026, 100 % des agents du service achats avaient été formés aux clauses sociales.",
    "Conformément à la loi n° 2021-1104 du 22 août 2021, intégrer une clause sociale dans tous les marchés.",
])
def test_la_date_d_un_constat_ou_d_une_loi_n_est_pas_une_echeance(texte):
    assert temporel(texte) == ("absent", None)


@pytest.mark.parametrize("texte, genres", [
    ("Passer de 30 % fin 2025 à 50 % fin 2027 de marchés avec une clause sociale.", ["reference", "echeance"]),
    ("Atteindre 60 % contre 30 % au 30 juin 2026, d'ici juin 2028.", ["reference", "echeance"]),
    ("Atteindre 1,5 M€ sur l'exercice 2026, contre 900 000 € sur l'exercice 2024.", ["echeance", "reference"]),
])
def test_une_date_de_valeur_de_depart_est_une_reference(texte, genres):
    assert [g for g, _ in marques(texte)] == genres


def test_une_annee_passee_apres_un_verbe_d_objectif_est_une_echeance_passee():
    assert temporel("Atteindre 25 % de lots réservés dans les marchés de la Région en 2025.") == (
        "partiel", date(2025, 12, 31))
    # … mais l'année d'une valeur reste une référence
    assert temporel("Passer de 12 % en 2025 à 30 % en 2027 de marchés avec une clause sociale.") == (
        "rempli", date(2027, 12, 31))


@pytest.mark.parametrize("texte", [
    "au 31 février 2027", "T5 2027", "S3 2027", "année scolaire 2027-2026", "entre 2028 et 2026", "2026-12",
    "article L2111-3 : 30 %", "mi-9999", "exercice 2150",
])
def test_ce_qui_n_est_pas_une_echeance(texte):
    assert [t for t in extraire(texte, aujourd_hui=AUJOURD_HUI).temps if t.genre != "reference"] == []


def test_les_extraits_sont_pris_dans_le_texte_d_origine():
    texte = "D'ici l'ÉTÉ 2027 et au 2ᵉ semestre… puis Année scolaire 2027–2028"
    for t in extraire(texte, aujourd_hui=AUJOURD_HUI).temps:
        assert t.extrait in texte
    assert [t.valeur for t in extraire(texte, aujourd_hui=AUJOURD_HUI).temps] == [date(2027, 9, 22), date(2028, 8, 31)]
