"""Pseudonymes stables des fournisseurs et de leurs identifiants."""

import re

import pandas as pd
import pytest

from spaserlib.commun.identifiants import nom_comparable
from spaserlib.lecture.pseudonymisation import VARIABLE_CLE, Pseudonymes, pseudonymiser


def tables():
    achats = pd.DataFrame({
        "fournisseur": ["Papeterie Durand", "PAPETERIE  DURAND,", "Bâtiments du Sud", None],
        "siret": ["73282932000074", "73282932000074", pd.NA, "35600000000048"],
        "montant_ht": [10.0, 20.0, 30.0, 40.0],
    })
    marches = pd.DataFrame({
        "id": ["M1", "M2"],
        "titulaires": ["Batiments du sud", "Papeterie Durand ; Nettoyage Pro"],
        "titulaires_ids": ["35600000000048", pd.NA],
    })
    return achats, marches


def test_le_meme_fournisseur_a_le_meme_pseudonyme_partout():
    achats, marches = pseudonymiser(*tables(), cle="cle-test")
    assert achats["fournisseur"][0] == achats["fournisseur"][1]
    assert achats["fournisseur"][2] == marches["titulaires"][0]
    premier, second = marches["titulaires"][1].split("; ")
    assert premier == achats["fournisseur"][0]
    assert second not in set(achats["fournisseur"].dropna())


def test_format_des_pseudonymes_et_noms_effaces():
    achats, marches = pseudonymiser(*tables(), cle="cle-test")
    for nom in achats["fournisseur"].dropna():
        assert re.fullmatch(r"Fournisseur \d{4}", nom)
    texte = achats.to_csv() + marches.to_csv()
    for nom in ("Durand", "Sud", "Nettoyage", "73282932000074", "35600000000048"):
        assert nom not in texte


def test_identifiants_pseudonymises_de_facon_coherente():
    achats, marches = pseudonymiser(*tables(), cle="cle-test")
    assert re.fullmatch(r"SIRET \d{4}", achats["siret"][0])
    assert achats["siret"][3] == marches["titulaires_ids"][0]


def test_valeurs_manquantes_restent_manquantes_et_entrees_intactes():
    achats, marches = tables()
    avant = achats.copy(), marches.copy()
    achats_p, marches_p = pseudonymiser(achats, marches, cle="cle-test")
    assert pd.isna(achats_p["fournisseur"][3]) and pd.isna(achats_p["siret"][2]) and pd.isna(marches_p["titulaires_ids"][1])
    pd.testing.assert_frame_equal(achats, avant[0])
    pd.testing.assert_frame_equal(marches, avant[1])
    assert achats_p["montant_ht"].tolist() == achats["montant_ht"].tolist()


def test_stable_d_un_appel_a_l_autre_et_depend_de_la_cle():
    noms = pd.DataFrame({"fournisseur": [f"Entreprise {i}" for i in range(20)]})
    a1, _ = pseudonymiser(noms, cle="cle-a")
    a2, _ = pseudonymiser(noms, cle="cle-a")
    b, _ = pseudonymiser(noms, cle="cle-b")
    assert a1["fournisseur"].tolist() == a2["fournisseur"].tolist()
    assert a1["fournisseur"].tolist() != b["fournisseur"].tolist()


def test_deux_noms_distincts_n_ont_jamais_le_meme_pseudonyme():
    # 400 noms sur 10 000 numéros : des collisions de HMAC sont quasi certaines, elles doivent être résolues.
    noms = pd.DataFrame({"fournisseur": [f"Société {i}" for i in range(400)]})
    resultat, _ = pseudonymiser(noms, cle="cle-test")
    assert resultat["fournisseur"].nunique() == 400


def test_cle_lue_dans_l_environnement(monkeypatch):
    noms = pd.DataFrame({"fournisseur": [f"Entreprise {i}" for i in range(20)]})
    explicite, _ = pseudonymiser(noms, cle="cle-env")
    monkeypatch.setenv(VARIABLE_CLE, "cle-env")
    implicite, _ = pseudonymiser(noms)
    assert explicite["fournisseur"].tolist() == implicite["fournisseur"].tolist()


def test_tables_absentes_ou_colonnes_absentes():
    assert pseudonymiser(None, None) == (None, None)
    seule, _ = pseudonymiser(pd.DataFrame({"montant_ht": [1.0]}), None)
    assert seule.columns.tolist() == ["montant_ht"]


@pytest.mark.parametrize("nom, attendu", [
    ("Bâtiments du Sud", "BATIMENTS DU SUD"),
    ("  papeterie   durand, ", "PAPETERIE DURAND"),
    ("L'Éco-Nettoyage", "L ECO NETTOYAGE"),
])
def test_nom_comparable(nom, attendu):
    assert nom_comparable(nom) == attendu


def test_pseudonymes_d_une_liste_de_titulaires_vide():
    p = Pseudonymes("cle")
    assert p.liste("") == "" and p(None) is None
