"""Le contenu des exercices et le corrigé du formateur tirés d'une organisation."""


import pandas as pd
import pytest
import yaml

from spaserlib.exercices.corrige import (
    corrige_kraljic,
    ecrire_corrige,
    enonces_strategie,
    familles_exercice,
    familles_prioritaires,
    indicateurs_familles,
    placements_de_reference,
    produire_corrige,
)
from spaserlib.commun.erreurs import ErreurParametre
from spaserlib.objectifs.smart import analyser_objectif
from tests import RACINE



def _table(quadrants_et_montants):
    return pd.DataFrame([{"famille": f"F{i}", "quadrant": q, "montant_net": m} for i, (q, m) in enumerate(quadrants_et_montants)])


def test_familles_exercice_les_plus_depensieres_de_chaque_quadrant():
    table = _table([("leviers", 50), ("leviers", 40), ("simples", 30), ("leviers", 20), ("critiques", 10), ("simples", 5)])
    assert familles_exercice(table, par_quadrant=2) == ["F0", "F1", "F2", "F4", "F5"]


def test_familles_exercice_egalite_de_montant_garde_l_ordre_de_la_table():
    table = _table([("simples", 10), ("simples", 10), ("simples", 10)])
    assert familles_exercice(table, par_quadrant=2) == ["F0", "F1"]


def test_familles_exercice_refuse_zero_par_quadrant():
    with pytest.raises(ErreurParametre, match="par_quadrant vaut 0 : il faut au moins une famille par quadrant."):
        familles_exercice(_table([("simples", 1)]), par_quadrant=0)


ACHATS = pd.DataFrame(
    {
        "famille": ["F-INFO"] * 3 + ["S-NETT"] * 2 + ["F-BURO"],
        "fournisseur": ["A", "B", "C", "D", "D", "E"],
        "montant_ht": [500.0, 300.0, 200.0, 400.0, 100.0, 20.0],
    }
)


def test_corrige_kraljic_sur_des_familles_choisies_et_famille_absente():
    corrige = corrige_kraljic(ACHATS, ["S-NETT", "F-INFO"])
    assert list(corrige) == ["S-NETT", "F-INFO"]
    assert set(corrige["F-INFO"]) == {"quadrant", "libelle", "explication", "criteres_cles", "criteres_decisifs"}
    with pytest.raises(ErreurParametre, match="Famille\\(s\\) sans dépense dans ces achats : T-ROUT."):
        corrige_kraljic(ACHATS, ["F-INFO", "T-ROUT"])


def test_indicateurs_familles_sans_score_ni_quadrant():
    table = indicateurs_familles(ACHATS, ["F-BURO", "F-INFO"])
    assert list(table.index) == ["F-BURO", "F-INFO"] and table.index.name == "Code"
    assert not any("quadrant" in c.lower() or "score" in c.lower() for c in table.columns)
    # F-INFO : 1 000 € sur 1 520 €, premier fournisseur 500 / 1 000.
    ligne = table.loc["F-INFO"]
    assert ligne["Part de la dépense"] == "65,8\u00a0%"
    assert ligne["Fournisseurs payés"] == "3"
    assert ligne["Part du premier fournisseur"] == "50\u00a0%"


def test_familles_prioritaires_sont_celles_a_impact_eleve():
    corrige = {
        "A": {"quadrant": "stratégiques", "libelle": "a"},
        "B": {"quadrant": "leviers", "libelle": "b"},
        "C": {"quadrant": "critiques", "libelle": "c"},
        "D": {"quadrant": "simples", "libelle": "d"},
    }
    assert familles_prioritaires(corrige) == {"A": "a", "B": "b"}


def test_objectifs_d_exemple_jugees_smart_par_l_analyseur():
    enonces = enonces_strategie()
    assert 5 <= len(enonces) <= 8
    for e in enonces:
        assert analyser_objectif(e["objectif_exemple"]).est_smart, e["objectif_exemple"]


def test_corrige_commite_est_celui_que_produit_la_commande():
    commite = yaml.safe_load((RACINE / "solutions" / "corrige.yaml").read_text(encoding="utf-8"))
    produit = produire_corrige(RACINE / "datasets" / "trois-rivieres")
    assert commite == produit, "solutions/corrige.yaml n'est pas à jour : lancez « spaser exercices --corrige »."
    assert 8 <= len(produit["kraljic"]) <= 12
    assert {r["quadrant"] for r in produit["kraljic"].values()} == {"stratégiques", "leviers", "critiques", "simples"}


def test_ecrire_corrige_en_tete_et_relecture(tmp_path):
    corrige = {"kraljic": {"F-INFO": {"quadrant": "leviers", "libelle": "Informatique"}}, "axes": {"familles_prioritaires": {}}}
    chemin = ecrire_corrige(corrige, tmp_path / "sous" / "corrige.yaml", source="datasets/exemple")
    texte = chemin.read_text(encoding="utf-8")
    assert texte.startswith("# Corrigé des exercices du kit SPASER")
    assert "à partir de datasets/exemple" in texte and "Le formateur peut l'ajuster à la main" in texte
    assert yaml.safe_load(texte) == corrige
    assert [p.name for p in chemin.parent.iterdir()] == ["corrige.yaml"]


def test_placements_de_reference_obtiennent_tous_les_points():
    from spaserlib.exercices.juges import corriger_kraljic

    corrige = corrige_kraljic(ACHATS, ["F-INFO", "F-BURO"])
    placements = placements_de_reference(corrige)
    assert placements["F-INFO"] == ("leviers", "Critères déterminants : part de la dépense, nombre de fournisseurs payés.")
    table = corriger_kraljic({f: {"quadrant": q, "justification": j} for f, (q, j) in placements.items()}, corrige)
    assert (table["points"] == table["maximum"]).all()


# ---------------------------------------------------------------- la lecture du praticien (issue 15)

def test_dechets_d_une_agglomeration_leviers_par_les_donnees_strategiques_pour_le_praticien():
    """Calculé, pas écrit : les données seules donnent « leviers » (43 fournisseurs payés, le premier à 28,5 %) ;
    les critères manuels d'un praticien (continuité, substituabilité…) donnent « stratégiques ». Les deux sont acceptés."""
    produit = produire_corrige(RACINE / "datasets" / "trois-rivieres")["kraljic"]["S-DECH"]
    assert produit["quadrant"] == "leviers"
    assert produit["quadrants_acceptes"] == ["leviers", "stratégiques"]
    assert "Risque 2,25 < 2,5 : faible" in produit["explication"]
    assert "un risque de 2,67 : quadrant « stratégiques »" in produit["lecture_praticien"]
    assert "Les deux placements sont acceptés" in produit["lecture_praticien"]
    assert "substituabilite" in produit["criteres_cles_praticien"]


def test_lecture_du_praticien_absente_quand_elle_ne_change_rien():
    achats = pd.DataFrame({"famille": ["S-DECH"], "fournisseur": ["Seul opérateur"], "montant_ht": [1000.0]})
    corrige = corrige_kraljic(achats, ["S-DECH"])["S-DECH"]  # un seul fournisseur : stratégique par les données
    assert corrige["quadrant"] == "stratégiques"
    assert "quadrants_acceptes" not in corrige and "lecture_praticien" not in corrige
