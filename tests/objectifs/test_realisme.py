"""Le réalisme d'un objectif face à de petites tables marches et achats faites main."""

import json
from datetime import date

import pandas as pd
import pytest

from spaserlib.commun.erreurs import ErreurParametre
from spaserlib.objectifs.modele import Objectif
from spaserlib.objectifs.realisme import evaluer_realisme
from spaserlib.objectifs.smart import analyser_objectif
from spaserlib.commun.tables import COLONNES_ACHATS, COLONNES_MARCHES

AUJOURD_HUI = date(2026, 1, 15)
NA = None


def marches(*annees: tuple[int, list], famille: str = "F1") -> pd.DataFrame:
    """(année, [(sociale, environnementale, montant), ...]) -> table marches canonique."""
    lignes = []
    for annee, contrats in annees:
        for i, (sociale, env, montant) in enumerate(contrats):
            ligne = dict.fromkeys(COLONNES_MARCHES, pd.NA)
            ligne.update(id=f"{annee}-{i}", famille=famille, montant_ht=float(montant),
                         date_notification=pd.Timestamp(annee, 3, 1),
                         consideration_sociale=pd.NA if sociale is NA else sociale,
                         consideration_environnementale=pd.NA if env is NA else env)
            lignes.append(ligne)
    table = pd.DataFrame(lignes, columns=COLONNES_MARCHES)
    for c in ("consideration_sociale", "consideration_environnementale"):
        table[c] = table[c].astype("boolean")
    return table


def sociales(annee: int, oui: int, non: int, inconnus: int = 0, montant: float = 100.0) -> tuple[int, list]:
    return annee, [(True, False, montant)] * oui + [(False, False, montant)] * non + [(NA, False, montant)] * inconnus


# 20 % en 2022, 30 % en 2023, 40 % en 2024 : dix points par an.
TENDANCE = marches(sociales(2022, 1, 4), sociales(2023, 3, 7), sociales(2024, 2, 3))


def objectif_social(cible, echeance_annee, unite="part_nombre", **kw) -> Objectif:
    echeance = date(echeance_annee, 12, 31) if echeance_annee else None
    return Objectif(libelle="Part des marchés avec une clause sociale", unite=unite, cible=cible, echeance=echeance, **kw)


@pytest.mark.parametrize("cible, annee, verdict", [
    (40, 2027, "peu_ambitieux"),   # égale à la référence
    (35, 2027, "peu_ambitieux"),
    (55, 2027, "atteignable"),     # 5 points par an requis, 10 observés
    (70, 2027, "atteignable"),     # frontière : exactement le rythme observé
    (85, 2027, "exigeant"),        # 15 points par an : 1,5 fois le rythme observé
    (100, 2027, "exigeant"),       # frontière : exactement deux fois
    (100, 2026, "hors_de_portee"), # 30 points par an : trois fois
    (120, 2030, "hors_de_portee"), # une part ne dépasse pas 100 %
])
def test_verdicts_de_realisme(cible, annee, verdict):
    r = evaluer_realisme(objectif_social(cible, annee), marches=TENDANCE, aujourd_hui=AUJOURD_HUI)
    assert r.verdict == verdict
    assert (r.valeur_reference, r.annee_reference, r.progression_observee) == (40, 2024, pytest.approx(10))


def test_message_chiffre_en_francais():
    r = evaluer_realisme(objectif_social(85, 2027), marches=TENDANCE, aujourd_hui=AUJOURD_HUI)
    assert r.progression_requise == 15
    assert r.message == (
        "Situation de départ : 40\u00a0% en 2024 (part des contrats en nombre avec une considération sociale). "
        "Pour atteindre 85\u00a0% en 2027, il faut progresser de 15 point(s) par an pendant 3 an(s). "
        "Rythme observé : 10 point(s) par an : la cible est exigeante (il faut aller 1,5 fois plus vite).")


def test_peu_ambitieux_le_dit():
    r = evaluer_realisme(objectif_social(30, 2027), marches=TENDANCE, aujourd_hui=AUJOURD_HUI)
    assert r.message.endswith("La cible (30\u00a0%) est déjà atteinte : elle est peu ambitieuse.")


def test_recul_observe_rend_toute_hausse_hors_de_portee():
    recul = marches(sociales(2022, 4, 6), sociales(2023, 3, 7), sociales(2024, 2, 8))
    r = evaluer_realisme(objectif_social(30, 2027), marches=recul, aujourd_hui=AUJOURD_HUI)
    assert r.verdict == "hors_de_portee"
    assert "Rythme observé : −10 point(s) par an" in r.message


def test_valeurs_inconnues_exclues_du_denominateur_et_signalees():
    avec_inconnus = marches(sociales(2022, 1, 4, inconnus=3), sociales(2023, 3, 7), sociales(2024, 2, 3, inconnus=2))
    r = evaluer_realisme(objectif_social(85, 2027), marches=avec_inconnus, aujourd_hui=AUJOURD_HUI)
    assert r.serie == {2022: 20, 2023: 30, 2024: 40}
    assert r.inconnus == 5
    assert r.message.endswith("5 contrat(s) sans information sur la considération ont été exclus du calcul.")


def test_annee_sans_contrat_exclue_et_signalee():
    trou = marches(sociales(2021, 1, 4), sociales(2023, 3, 2))
    r = evaluer_realisme(objectif_social(80, 2027), marches=trou, aujourd_hui=AUJOURD_HUI)
    assert r.serie == {2021: 20, 2023: 60} and r.annees_sans_donnees == [2022]
    assert r.progression_observee == pytest.approx(20)
    assert "Années sans contrat de valeur connue (exclues du calcul) : 2022." in r.message


def test_annee_dont_toutes_les_valeurs_sont_inconnues():
    r = evaluer_realisme(objectif_social(80, 2027), marches=marches(sociales(2023, 1, 1), sociales(2024, 0, 0, inconnus=4)),
                         aujourd_hui=AUJOURD_HUI)
    assert r.effectifs == {2023: 2, 2024: 0} and r.annees_sans_donnees == [2024]
    assert r.annee_reference == 2023 and r.verdict == "indetermine"


def test_une_seule_annee_ne_donne_pas_de_rythme():
    r = evaluer_realisme(objectif_social(60, 2027), marches=marches(sociales(2024, 1, 3)), aujourd_hui=AUJOURD_HUI)
    assert r.verdict == "indetermine" and r.progression_requise == pytest.approx(35 / 3)
    assert r.message.endswith("Une seule année de données : le rythme observé est inconnu.")


def test_aucune_valeur_connue():
    r = evaluer_realisme(objectif_social(60, 2027), marches=marches(sociales(2024, 0, 0, inconnus=3)), aujourd_hui=AUJOURD_HUI)
    assert r.verdict == "indetermine" and r.valeur_reference is None
    assert r.message.startswith("Aucun contrat de valeur connue dans les données")


def test_sans_echeance_pas_de_rythme_requis():
    r = evaluer_realisme(objectif_social(60, None), marches=TENDANCE, aujourd_hui=AUJOURD_HUI)
    assert r.verdict == "indetermine" and r.progression_requise is None
    assert "sans échéance, aucun rythme ne peut être calculé" in r.message


def test_contrats_posterieurs_a_aujourd_hui_ignores():
    futur = pd.concat([TENDANCE, marches(sociales(2027, 5, 0))], ignore_index=True)
    r = evaluer_realisme(objectif_social(85, 2028), marches=futur, aujourd_hui=AUJOURD_HUI)
    assert max(r.serie) == 2024


def test_part_en_valeur():
    table = marches((2023, [(True, False, 300.0), (False, False, 700.0)]),
                    (2024, [(True, False, 500.0), (False, False, 500.0), (NA, False, 9_000.0)]))
    r = evaluer_realisme(objectif_social(70, 2026, unite="part_valeur"), marches=table, aujourd_hui=AUJOURD_HUI)
    assert r.serie == {2023: 30, 2024: 50} and r.inconnus == 1
    assert r.verdict == "atteignable"


def test_nombre_de_contrats():
    r = evaluer_realisme(objectif_social(4, 2026, unite="nombre_contrats"), marches=TENDANCE, aujourd_hui=AUJOURD_HUI)
    assert r.serie == {2022: 1, 2023: 3, 2024: 2} and r.verdict == "exigeant"


def test_considerations_sociale_ou_environnementale():
    table = marches((2024, [(True, NA, 1), (NA, True, 1), (False, False, 1), (NA, NA, 1), (False, NA, 1)]))
    o = Objectif(libelle="Clause sociale ou environnementale", unite="part_nombre", cible=100, echeance=date(2026, 12, 31))
    r = evaluer_realisme(o, marches=table, aujourd_hui=AUJOURD_HUI)
    # vrai dès qu'une considération est vraie ; inconnu si aucune n'est vraie et l'une est inconnue
    assert r.serie == {2024: pytest.approx(100 * 2 / 3)} and r.inconnus == 2


def test_perimetre_d_une_famille():
    table = pd.concat([marches(sociales(2023, 1, 1), sociales(2024, 2, 0), famille="TRAV"),
                       marches(sociales(2023, 0, 5), sociales(2024, 0, 5), famille="FOUR")], ignore_index=True)
    o = objectif_social(100, 2026, perimetre="trav")
    r = evaluer_realisme(o, marches=table, aujourd_hui=AUJOURD_HUI)
    assert r.serie == {2023: 50, 2024: 100} and r.indicateur.endswith("famille « trav »")


def test_sans_theme_aucune_colonne_ne_correspond():
    o = Objectif(libelle="Part des marchés de travaux", unite="part_nombre", cible=50, echeance=date(2027, 12, 31))
    r = evaluer_realisme(o, marches=TENDANCE, aujourd_hui=AUJOURD_HUI)
    assert r.verdict == "indetermine"
    assert r.message.startswith("L'objectif ne dit pas s'il porte sur une considération sociale ou environnementale")


def test_sans_donnees_adaptees():
    r = evaluer_realisme(Objectif(libelle="x", unite="heures_insertion", cible=1000), marches=TENDANCE)
    assert r.verdict == "indetermine" and r.message.startswith("Aucune donnée ne permet de calculer cet indicateur")


def test_colonne_manquante():
    with pytest.raises(ErreurParametre, match="La table marches n'a pas la colonne « consideration_sociale ». Lisez les marchés"):
        evaluer_realisme(objectif_social(50, 2027), marches=TENDANCE.drop(columns="consideration_sociale"),
                         aujourd_hui=AUJOURD_HUI)


# --- Achats ---------------------------------------------------------------------------------------

def achats(montants: dict[tuple[str, int], float]) -> pd.DataFrame:
    lignes = []
    for (famille, annee), montant in montants.items():
        ligne = dict.fromkeys(COLONNES_ACHATS, pd.NA)
        ligne.update(date=pd.Timestamp(annee, 6, 30), famille=famille, montant_ht=montant, fournisseur="F")
        lignes.append(ligne)
    return pd.DataFrame(lignes, columns=COLONNES_ACHATS)


def test_montant_d_une_famille_en_baisse():
    table = achats({("PAP", 2023): 1000.0, ("PAP", 2024): 900.0, ("AUT", 2024): 5e6})
    o = Objectif(libelle="Réduire de 10 % les achats de papier", unite="valeur_euros", perimetre="PAP",
                 echeance=date(2026, 12, 31), extras={"variation": -10, "variation_unite": "%", "sens": "baisse"})
    r = evaluer_realisme(o, achats=table, aujourd_hui=AUJOURD_HUI)
    assert r.serie == {2023: 1000, 2024: 900} and r.cible == pytest.approx(810)
    assert r.verdict == "atteignable"
    assert "il faut baisser de 45\u00a0€ par an pendant 2 an(s)" in r.message


def test_montant_d_une_famille_inconnue():
    o = Objectif(libelle="ESS", unite="valeur_euros", perimetre="achats auprès de l'ESS", cible=3e6)
    r = evaluer_realisme(o, achats=achats({("PAP", 2024): 10.0}), aujourd_hui=AUJOURD_HUI)
    assert r.verdict == "indetermine"
    assert r.message.startswith("Le périmètre « achats auprès de l'ESS » ne correspond à aucune famille")


# --- Avec l'analyseur -------------------------------------------------------------------------------

@pytest.mark.parametrize("texte, niveau", [
    ("Atteindre 35 % de marchés avec une clause sociale d'ici 2027.", "absent"),
    ("Atteindre 85 % de marchés avec une clause sociale d'ici 2027.", "rempli"),
    ("Atteindre 100 % de marchés avec une clause sociale d'ici 2026.", "partiel"),
])
def test_le_verdict_atteignable_utilise_les_donnees(texte, niveau):
    a = analyser_objectif(texte, aujourd_hui=AUJOURD_HUI, marches=TENDANCE)
    assert a.verdicts["atteignable"].niveau == niveau
    assert a.verdicts["atteignable"].explication == a.realisme.message


def test_realisme_en_json():
    a = analyser_objectif("Atteindre 85 % de marchés avec une clause sociale d'ici 2027.", aujourd_hui=AUJOURD_HUI,
                          marches=TENDANCE)
    d = json.loads(json.dumps(a.en_dict()))
    assert d["realisme"]["verdict"] == "exigeant" and d["realisme"]["serie"] == {"2022": 20.0, "2023": 30.0, "2024": 40.0}


def test_perimetre_non_reconnu_est_signale():
    o = objectif_social(85, 2027, perimetre="marchés de travaux")
    r = evaluer_realisme(o, marches=TENDANCE, aujourd_hui=AUJOURD_HUI)
    assert "Le périmètre « marchés de travaux » n'est pas un code de famille des données : " \
           "le calcul porte sur tous les contrats." in r.message


def test_pourcentage_d_une_autre_base_n_est_pas_calcule_sur_les_marches():
    o = Objectif(libelle="Former 100 % des acheteurs aux achats durables", unite="pourcentage", cible=100,
                 echeance=date(2027, 12, 31))
    assert evaluer_realisme(o, marches=TENDANCE, aujourd_hui=AUJOURD_HUI).verdict == "indetermine"


def test_valeur_de_depart_ecrite_differente_des_donnees():
    o = objectif_social(85, 2027, valeur_reference=25.0, annee_reference=2024)
    r = evaluer_realisme(o, marches=TENDANCE, aujourd_hui=AUJOURD_HUI)
    assert "La valeur de départ écrite dans l'objectif (25\u00a0%) diffère de celle des données (40\u00a0%) : " \
           "vérifiez l'indicateur ou les données." in r.message


def test_perimetre_generique_pas_signale():
    r = evaluer_realisme(objectif_social(85, 2027, perimetre="marchés notifiés"), marches=TENDANCE, aujourd_hui=AUJOURD_HUI)
    assert "périmètre" not in r.message
