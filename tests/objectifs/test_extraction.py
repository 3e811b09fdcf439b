"""Le repérage des éléments d'un objectif (normalisation, nombres, temps)."""

import json
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spaserlib.objectifs.extraction import extraire, normaliser

AUJOURD_HUI = date(2026, 1, 15)


def test_normaliser_garde_la_position_d_origine():
    norm, origine = normaliser("Œuvrer à l’égalité\u00a0!")
    assert norm == "oeuvrer a l'egalite !"
    assert len(origine) == len(norm) and origine[:3] == [0, 0, 1]


@pytest.mark.parametrize("texte, valeur, unite", [
    ("3 M€", 3e6, "euros"), ("3M€", 3e6, "euros"), ("350 k€", 350e3, "euros"), ("1 234,56 €", 1234.56, "euros"),
    ("1,5 million d'euros", 1.5e6, "euros"), ("600\u202f000 heures", 600e3, "heures"), ("12,5 %", 12.5, "%"),
    ("20 points", 20, "points"), ("2 500 tonnes", 2500, "tonnes"), ("40 tCO2e", 40, "tonnes_co2e"),
    ("1 million d'heures", 1e6, "heures"),
])
def test_nombres_et_unites(texte, valeur, unite):
    [n] = extraire(f"Atteindre {texte} d'ici 2027", aujourd_hui=AUJOURD_HUI).nombres
    assert (n.valeur, n.unite, n.role) == (pytest.approx(valeur), unite, "cible")


@pytest.mark.parametrize("texte, role", [
    ("contre 12 %", "reference"), ("(21 % en 2023)", "reference"), ("qui représentent 30 %", "contexte"),
    ("de plus de 500 000 €", "perimetre"), ("dans les 30 % de marchés les plus gros", "perimetre"),
    ("pondéré à 15 %", "ponderation"), ("environ un tiers aujourd'hui", "reference"),
])
def test_roles_des_nombres(texte, role):
    roles = [n.role for n in extraire(f"Porter les marchés {texte}", aujourd_hui=AUJOURD_HUI).nombres]
    assert roles == [role]


def test_en_2026_est_une_echeance_mais_en_2025_une_reference():
    ex = extraire("En 2025 comme en 2026", aujourd_hui=AUJOURD_HUI)
    assert [(t.genre, t.annee) for t in ex.temps] == [("reference", 2025), ("echeance", 2026)]


def test_tous_les_ans_n_est_pas_une_totalite():
    ex = extraire("Publier le bilan tous les ans", aujourd_hui=AUJOURD_HUI)
    assert ex.totalites == [] and [t.genre for t in ex.temps] == ["periodicite"]


def test_constat_au_passe_juge_proposition_par_proposition():
    ex = extraire("Les clauses sociales représentaient 8 % des marchés en 2023 ; nous visons 15 % en 2026.",
                  aujourd_hui=AUJOURD_HUI)
    assert [(n.valeur, n.role) for n in ex.nombres] == [(8, "reference"), (15, "cible")]


def test_passe_compose_est_un_constat():
    ex = extraire("En 2024, la métropole a notifié 1 250 marchés, dont 18 % avec une clause sociale.",
                  aujourd_hui=AUJOURD_HUI)
    assert [n.role for n in ex.nombres] == ["reference", "reference"]


def test_a_preposition_n_est_pas_un_passe_compose():
    ex = extraire("Porter à 30 % la part des marchés avec une clause sociale", aujourd_hui=AUJOURD_HUI)
    assert [n.role for n in ex.nombres] == ["cible"]


# Des morceaux d'objectifs, y compris des dates impossibles et des années hors d'usage.
_MORCEAUX = ["d'ici", "avant", "fin", "en", "au", "31", "décembre", "0000", "0001", "9999", "2027", "sous",
             "99999", "mois", "ans", "%", "€", "M€", "de", "à", "contre", "(", ")", ";", ".", "1,5", "million",
             "heures", "marchés", "Atteindre", "réduire", "doubler", "horizon", "l'", "dès", "31/02/2026",
             "1er", "février", "2025-2027", "9999-0001", "dans", "les", "six", "prochains", "tous", "aucun",
             "la moitié", "chaque année", "000 000", "L2111-3", "CO2", "3M€", "a notifié", "était", "’", "œ",
             # les formes d'échéance de echeances.py
             "premier", "semestre", "trimestre", "T2", "S1", "mi-2027", "exercice", "budget primitif",
             "année scolaire", "2026-2027", "2026/27", "2027-06-31", "entre", "et", "rentrée", "été", "printemps",
             "valeur", ":", "–", "Horizon", "l'année", "prochaine", "fin du mandat", "juin", "loi", "du", "cible"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_MORCEAUX), min_size=1, max_size=14))
def test_l_analyse_ne_plante_sur_aucun_assemblage(morceaux):
    from spaserlib.objectifs.smart import analyser_objectif

    analyse = analyser_objectif(" ".join(morceaux), aujourd_hui=AUJOURD_HUI)
    assert set(analyse.niveaux.values()) <= {"rempli", "partiel", "absent"}
    json.dumps(analyse.en_dict())


@pytest.mark.parametrize("texte", ["d'ici 0000", "avant 0001", "fin 0000", "au 31 février 2027", "31/02/2026",
                                   "sous 99999 mois"])
def test_dates_impossibles_ignorees(texte):
    assert extraire(texte, aujourd_hui=AUJOURD_HUI).temps == []
