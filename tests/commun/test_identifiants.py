import csv
from importlib import resources

import pytest

from spaserlib.commun.identifiants import (
    nom_sur,
    cle_luhn_valide,
    cpv_connu,
    normaliser_cpv,
    normaliser_siret,
    siren_valide,
    siret_valide,
)


@pytest.mark.parametrize(
    "brut, attendu",
    [
        ("732 829 320 00074", "73282932000074"),
        (1234567800012.0, "01234567800012"),  # lu comme un nombre : zéro de tête perdu
        ("1234567800012", "01234567800012"),
        ("", None),
        (None, None),
        ("  ", None),
    ],
)
def test_normaliser_siret(brut, attendu):
    assert normaliser_siret(brut) == attendu


def test_siret_valide_cle_de_luhn():
    assert siret_valide("73282932000074")
    assert not siret_valide("73282932000075")
    assert not siret_valide("7328293200007")  # 13 chiffres


def test_siret_de_la_poste_exception_a_la_cle_de_luhn():
    # 35600000049837 (un établissement de La Poste) : clé de Luhn fausse, mais somme des
    # chiffres multiple de 5, la règle propre à La Poste.
    assert not cle_luhn_valide("35600000049837")
    assert siret_valide("35600000049837")
    assert not siret_valide("35600000049838")


def test_siren_valide():
    assert siren_valide("732829320")
    assert not siren_valide("732829321")


@pytest.mark.parametrize(
    "brut, attendu",
    [
        ("45214200", ("45214200", None)),
        ("45214200-2", ("45214200", None)),
        ("45214200-3", ("45214200", "cle_fausse")),
        ("9310000", ("09310000", None)),  # zéro de tête perdu
        ("71356200-0 ", ("71356200", None)),
        ("66516 000", ("66516000", None)),
        ("", (None, None)),
        (None, (None, None)),
        ("abc", (None, "illisible")),
    ],
)
def test_normaliser_cpv(brut, attendu):
    assert normaliser_cpv(brut) == attendu


def test_toute_la_liste_cpv_officielle_se_normalise_sans_anomalie():
    chemin = resources.files("spaserlib") / "donnees" / "cpv_2008_fr.csv"
    with chemin.open(encoding="utf-8") as f:
        lignes = list(csv.DictReader(f))
    assert len(lignes) == 9454
    for ligne in lignes:
        assert normaliser_cpv(ligne["code_cpv"]) == (ligne["code8"], None)
        assert cpv_connu(ligne["code8"])


@pytest.mark.parametrize("nom, attendu", [
    ("Équipe Nord (2)", "equipe-nord-2"),
    ("Camille Martin-Dupré", "camille-martin-dupre"),
    ("../../etc/passwd", "etc-passwd"),
    ("  Éloïse  L'Hôte ", "eloise-l-hote"),
    ("x" * 80, "x" * 60),
])
def test_nom_sur(nom, attendu):
    assert nom_sur(nom) == attendu


def test_nom_sur_sans_lettre_latine_est_stable_et_distinct():
    assert nom_sur("山田") == nom_sur("山田") and nom_sur("山田").startswith("participant-")
    assert nom_sur("山田") != nom_sur("!!!") != nom_sur("***")
