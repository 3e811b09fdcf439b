import csv
from importlib import resources

import pandas as pd
import pytest

from spaserlib.commun.erreurs import ErreurParametre
from spaserlib.commun.nomenclature import (
    AVERTISSEMENT_CONVENTION,
    CATEGORIES_AGEC,
    COLONNES_FAMILLES,
    TYPES_FAMILLE,
    famille,
    famille_du_cpv,
    familles,
    familles_des_cpv,
    libelle_famille,
)


def _codes_cpv_2008() -> list[str]:
    chemin = resources.files("spaserlib") / "donnees" / "cpv_2008_fr.csv"
    with chemin.open(encoding="utf-8") as f:
        return [ligne["code8"] for ligne in csv.DictReader(f)]


def test_table_colonnes_et_taille():
    table = familles()
    assert list(table.columns) == COLONNES_FAMILLES
    assert 40 <= len(table) <= 80
    assert table["code"].is_unique


def test_codes_courts_ascii_majuscules():
    for code in familles()["code"]:
        assert code.isascii() and code == code.upper() and len(code) <= 8, code
        assert code.split("-")[0] in {"F", "S", "T", "PI"}, code


def test_types_scores_et_justifications():
    table = familles()
    assert set(table["type"]) == set(TYPES_FAMILLE)
    for colonne in ("complexite_marche", "enjeu_environnemental", "enjeu_social"):
        assert table[colonne].between(1, 4).all(), colonne
        assert table[colonne].nunique() >= 3, colonne  # des scores qui discriminent
    assert (table["libelle"].str.strip() != "").all()
    for colonne in ("justification_complexite", "justification_environnement", "justification_social"):
        assert (table[colonne].str.len() >= 15).all(), colonne


def test_source_dit_convention_pedagogique():
    assert familles()["source"].str.startswith("convention pédagogique du kit").all()
    assert "convention pédagogique" in AVERTISSEMENT_CONVENTION


def test_categories_agec_officielles():
    agec = familles()["categorie_agec"]
    renseignees = agec[agec != ""]
    assert set(renseignees) <= set(CATEGORIES_AGEC)
    assert len(CATEGORIES_AGEC) == 17
    # chaque catégorie AGEC est portée par une seule famille
    assert renseignees.is_unique


def test_prefixes_sans_doublon_entre_familles():
    vus = {}
    for code, prefixes in zip(familles()["code"], familles()["prefixes_cpv"]):
        for prefixe in prefixes.split():
            assert prefixe.isdigit() and 2 <= len(prefixe) <= 8, (code, prefixe)
            assert prefixe not in vus, f"préfixe {prefixe} dans {vus.get(prefixe)} et {code}"
            vus[prefixe] = code


def test_chaque_code_cpv_2008_a_exactement_une_famille():
    codes = _codes_cpv_2008()
    assert len(codes) == 9454
    resultat = familles_des_cpv(pd.Series(codes))
    assert resultat.notna().all(), list(pd.Series(codes)[resultat.isna()])
    # chaque famille reçoit au moins un code
    assert set(resultat) == set(familles()["code"])


def test_vectorise_egal_au_scalaire_sur_tout_cpv():
    codes = _codes_cpv_2008()
    vectorise = familles_des_cpv(pd.Series(codes)).tolist()
    assert vectorise == [famille_du_cpv(c) for c in codes]


@pytest.mark.parametrize(
    "cpv, attendu",
    [
        ("45210000", "T-BAT"),  # construction de bâtiments
        ("45233140", "T-ROUT"),  # travaux routiers
        ("90911200", "S-NETT"),  # nettoyage de bâtiments
        ("55523100", "S-REST"),  # restauration scolaire
        ("30197630", "F-PAPI"),  # papier d'impression (plus long préfixe que 30 et 301)
        ("30192000", "F-BURO"),  # fournitures de bureau
        ("30192113", "F-CONS"),  # cartouches d'encre : préfixe 3019211
        ("34928480", "F-COLL"),  # conteneurs et poubelles de déchets
        ("34928400", "F-MOBU"),  # mobilier urbain
        ("34110000", "F-VEHI"),  # voitures particulières
        ("09310000", "F-ELEC"),
        ("66510000", "S-ASSU"),
        ("65000000", "S-DIVE"),  # racine de la division « services publics »
    ],
)
def test_famille_du_cpv_prefixe_le_plus_long(cpv, attendu):
    assert famille_du_cpv(cpv) == attendu


def test_famille_du_cpv_code_hors_liste_prend_le_prefixe_connu():
    assert "45999999" not in _codes_cpv_2008()
    assert famille_du_cpv("45999999") == "T-BAT"


@pytest.mark.parametrize("valeur", [None, "", "abc", "12345678", float("nan")])
def test_famille_du_cpv_vide_ou_sans_famille(valeur):
    assert famille_du_cpv(valeur) is None


def test_familles_des_cpv_valeurs_manquantes_et_index():
    serie = pd.Series(["45210000", None, "", "12345678", "45210000"], index=[10, 11, 12, 13, 14])
    resultat = familles_des_cpv(serie)
    assert resultat.name == "famille"
    assert list(resultat.index) == [10, 11, 12, 13, 14]
    assert resultat[10] == "T-BAT" and resultat[14] == "T-BAT"
    assert resultat[[11, 12, 13]].isna().all()


def test_familles_des_cpv_serie_vide():
    resultat = familles_des_cpv(pd.Series([], dtype="str"))
    assert len(resultat) == 0


def test_familles_est_une_copie():
    table = familles()
    table.loc[0, "libelle"] = "modifié"
    assert familles().loc[0, "libelle"] != "modifié"


def test_famille_et_libelle():
    ligne = famille("S-NETT")
    assert ligne["libelle"] == libelle_famille("S-NETT")
    assert ligne["type"] == "services"
    assert isinstance(ligne["enjeu_social"], int)


def test_code_inconnu_propose_les_codes_proches():
    with pytest.raises(ErreurParametre, match=r"Famille d'achat inconnue : « F-INF »\. Codes proches : F-INFO"):
        famille("F-INF")


def test_code_inconnu_sans_proche():
    with pytest.raises(ErreurParametre, match=r"« zzz »\. Voir la liste avec familles\(\)\['code'\]\."):
        libelle_famille("zzz")


def test_famille_rend_une_copie():
    ligne = famille("T-BAT")
    ligne["libelle"] = "modifié"
    assert libelle_famille("T-BAT") != "modifié"


def test_famille_code_non_textuel():
    with pytest.raises(ErreurParametre, match=r"Famille d'achat inconnue : « None »"):
        famille(None)
