"""Enjeux sociaux et environnementaux croisés avec le poids financier et les marchés existants."""

import pandas as pd
import pytest

from spaserlib.analyse.enjeux import classer_enjeux
from spaserlib.commun.erreurs import ErreurParametre
from spaserlib.commun.format_fr import ESPACE


def achats():
    # F1 80 €, F2 10 €, F3 10 € : parts 0,8 / 0,1 / 0,1
    return pd.DataFrame(
        {"famille": ["F1", "F1", "F2", "F3"], "fournisseur": ["x", "y", "x", "z"], "montant_ht": [60.0, 20, 10, 10]}
    )


def familles():
    return pd.DataFrame(
        {
            "code": ["F1", "F2", "F3"],
            "libelle": ["Papeterie", "Informatique", "Nettoyage"],
            "enjeu_environnemental": [2, 4, 1],
            "justification_environnement": ["papier recyclé", "réemploi", ""],
            "enjeu_social": [1, 2, 4],
            "justification_social": ["", "", "insertion"],
            "categorie_agec": ["Papier", "Informatique", None],
        }
    )


def marches():
    return pd.DataFrame(
        {
            "famille": ["F1", "F1", "F1", "F1", "F3"],
            "consideration_environnementale": pd.array([True, False, None, None, None], dtype="boolean"),
            "consideration_sociale": pd.array([False, False, False, None, True], dtype="boolean"),
        }
    )


def par_famille(table):
    return table.set_index("famille")


def test_indice_sans_marches_calcule_a_la_main():
    t = par_famille(classer_enjeux(achats(), familles()))
    # F1 : 0,8 × 2/4 + 0,8 × 1/4 = 0,6 ; F2 : 0,1 × 4/4 + 0,1 × 2/4 = 0,15 ; F3 : 0,1 × 1/4 + 0,1 × 4/4 = 0,125
    assert t["indice"].to_dict() == pytest.approx({"F1": 0.6, "F2": 0.15, "F3": 0.125})
    assert t["rang"].to_dict() == {"F1": 1, "F2": 2, "F3": 3}
    assert t["enjeu"].to_dict() == {"F1": 2, "F2": 4, "F3": 4}
    assert t["nb_marches"].isna().all()


def test_les_marches_reduisent_l_indice_sur_les_seuls_connus():
    t = par_famille(classer_enjeux(achats(), familles(), marches()))
    # F1 env : 1 oui, 1 non, 2 inconnus -> part 1/2 ; social : 0 sur 3 connus, 1 inconnu -> 0
    assert t.loc["F1", ["marches_env_oui", "marches_env_non", "marches_env_inconnus"]].tolist() == [1, 1, 2]
    assert t.loc["F1", "part_marches_env"] == 0.5 and t.loc["F1", "part_marches_soc"] == 0
    assert t.loc["F1", "marches_soc_inconnus"] == 1
    # F1 : 0,8 × 2/4 × (1 − 0,5) + 0,8 × 1/4 × 1 = 0,4
    assert t.loc["F1", "indice"] == pytest.approx(0.4)
    # F3 : env inconnu (part NA, pas de réduction) 0,025 ; social 1 sur 1 -> 0 ; total 0,025
    assert pd.isna(t.loc["F3", "part_marches_env"]) and t.loc["F3", "part_marches_soc"] == 1
    assert t.loc["F3", "indice"] == pytest.approx(0.025)
    # F2 : aucun marché -> comptes à 0, parts inconnues, indice non réduit
    assert t.loc["F2", "nb_marches"] == 0 and pd.isna(t.loc["F2", "part_marches_env"])
    assert t["rang"].to_dict() == {"F1": 1, "F2": 2, "F3": 3}


def test_explication():
    t = par_famille(classer_enjeux(achats(), familles(), marches()))
    texte = t.loc["F1", "explication"].replace(ESPACE, " ")
    assert texte == (
        "Enjeu environnemental 2/4 (papier recyclé), marchés avec considération environnementale : 1 sur 2 connus "
        "(50 %), 2 inconnu(s) ; enjeu social 1/4, marchés avec considération sociale : 0 sur 3 connus (0 %), "
        "1 inconnu(s) ; 80 % de la dépense (80 €). Indice 0,400."
    )
    sans = par_famille(classer_enjeux(achats(), familles())).loc["F2", "explication"]
    assert "marchés non fournis : part des contrats avec considérations inconnue" in sans


def test_famille_hors_nomenclature_gardee_en_fin_sans_rang():
    donnees = pd.concat([achats(), pd.DataFrame({"famille": ["F9"], "fournisseur": ["q"], "montant_ht": [50.0]})])
    t = classer_enjeux(donnees, familles())
    assert t["famille"].iloc[-1] == "F9" and pd.isna(t["rang"].iloc[-1]) and pd.isna(t["indice"].iloc[-1])
    assert t["explication"].iloc[-1].startswith("Famille absente de la nomenclature")


def test_egalite_d_indice_departagee_par_montant_puis_code():
    nomenclature = familles()
    nomenclature["enjeu_environnemental"] = [1, 1, 1]
    nomenclature["enjeu_social"] = [1, 1, 1]
    t = classer_enjeux(achats(), nomenclature)
    assert t["famille"].tolist() == ["F1", "F2", "F3"]


def test_enjeu_hors_echelle():
    nomenclature = familles()
    nomenclature.loc[0, "enjeu_social"] = 0
    with pytest.raises(ErreurParametre, match="famille « F1 », colonne « enjeu_social » : valeur « 0 » hors de l'échelle"):
        classer_enjeux(achats(), nomenclature)


def test_colonnes_manquantes():
    with pytest.raises(ErreurParametre, match="n'a pas de colonne\\(s\\) enjeu_social"):
        classer_enjeux(achats(), familles().drop(columns="enjeu_social"))
    with pytest.raises(ErreurParametre, match="n'a pas de colonne « consideration_sociale »"):
        classer_enjeux(achats(), familles(), marches().drop(columns="consideration_sociale"))
