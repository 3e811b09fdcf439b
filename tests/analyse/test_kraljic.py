"""Matrice de Kraljic : notes par critère calculées à la main, frontières des quadrants, surcharges."""

import sys

import pandas as pd
import pytest

from spaserlib.commun.erreurs import ErreurParametre
from spaserlib.analyse.kraljic import (
    CRITERE_HHI,
    appliquer_surcharges,
    table_grille,
    GRILLE_PAR_DEFAUT,
    Critere,
    forcer,
    noter_familles,
    quadrant_kraljic,
    verifier_grille,
)


def achats():
    # F1 : x 60, y 20 (80 %, 2 fournisseurs, 1er 75 %) ; F2 : x 10 (10 %, 1 fournisseur) ;
    # F3 : z 4, w 3, v 3 (10 %, 3 fournisseurs, 1er 40 %). Pareto des familles : A, B, B (ex æquo).
    return pd.DataFrame(
        {
            "famille": ["F1", "F1", "F2", "F3", "F3", "F3"],
            "fournisseur": ["x", "y", "x", "z", "w", "v"],
            "montant_ht": [60.0, 20, 10, 4, 3, 3],
        }
    )


def familles():
    return pd.DataFrame(
        {
            "code": ["F1", "F2", "F3"],
            "libelle": ["Fournitures", "Logiciels métier", "Nettoyage"],
            "type": ["fournitures", "services", "services"],
            "complexite_marche": [1, 4, 2],
            "enjeu_environnemental": [3, 2, 1],
            "enjeu_social": [1, 2, 4],
        }
    )


def par_famille(table):
    return table.set_index("famille")


def test_indicateurs_par_famille():
    t = par_famille(noter_familles(achats(), familles()))
    assert t["montant_net"].to_dict() == {"F1": 80, "F2": 10, "F3": 10}
    assert t["classe_pareto"].to_dict() == {"F1": "A", "F2": "B", "F3": "B"}
    assert t["nb_fournisseurs"].to_dict() == {"F1": 2, "F2": 1, "F3": 3}
    assert t["part_premier_fournisseur"].to_dict() == pytest.approx({"F1": 0.75, "F2": 1.0, "F3": 0.4})
    assert t["hhi"].to_dict() == pytest.approx({"F1": 0.625, "F2": 1.0, "F3": 0.34})


def test_notes_scores_et_quadrants_calcules_a_la_main():
    t = par_famille(noter_familles(achats(), familles()))
    # F1 : impact (2×4 + 4)/3 = 4 ; risque (3 + 4 + 2×1)/4 = 2,25 -> leviers
    assert t.loc["F1", ["score_part_depense", "score_classe_pareto", "score_nb_fournisseurs",
                        "score_part_premier_fournisseur", "score_complexite_marche"]].tolist() == [4, 4, 3, 4, 1]
    assert t.loc["F1", "score_impact"] == pytest.approx(4) and t.loc["F1", "score_risque"] == pytest.approx(2.25)
    # F2 : impact (2×4 + 2)/3 = 3,33 ; risque (4 + 4 + 2×4)/4 = 4 -> stratégiques
    assert t.loc["F2", "score_impact"] == pytest.approx(10 / 3) and t.loc["F2", "score_risque"] == pytest.approx(4)
    # F3 : impact 3,33 ; risque (2 + 2 + 2×2)/4 = 2 -> leviers
    assert t.loc["F3", "score_risque"] == pytest.approx(2)
    assert t["quadrant"].to_dict() == {"F1": "leviers", "F2": "stratégiques", "F3": "leviers"}
    assert t["quadrant_calcule"].equals(t["quadrant"]) and not t["surcharge"].any()


def test_une_ligne_par_famille_triee_par_montant_avec_libelle_et_enjeux():
    t = noter_familles(achats(), familles())
    assert t["famille"].tolist() == ["F1", "F2", "F3"]
    assert t["libelle"].tolist() == ["Fournitures", "Logiciels métier", "Nettoyage"]
    assert t["enjeu_social"].tolist() == [1, 2, 4]


def test_explication_dit_pourquoi():
    t = par_famille(noter_familles(achats(), familles()))
    explication = t.loc["F1", "explication"].replace("\u00a0", " ")
    assert explication.startswith("Impact 4,00 ≥ 2,5 : élevé (part de la dépense 80 % → 4, poids 2 ; classe Pareto de la famille A → 4 ;")
    assert "Risque 2,25 < 2,5 : faible (nombre de fournisseurs payés 2 → 3 ;" in explication
    assert "non renseignés, non comptés : continuité du service public, visibilité pour les usagers et pour l'assemblée" in explication
    assert explication.endswith("Quadrant : leviers.")


@pytest.mark.parametrize(
    "impact, risque, attendu",
    [
        (2.5, 2.5, "stratégiques"),  # le coin
        (2.5, 2.4999, "leviers"),
        (2.4999, 2.5, "critiques"),
        (2.4999, 2.4999, "simples"),
        (4, 1, "leviers"),
        (1, 4, "critiques"),
        (1, 1, "simples"),
        (4, 4, "stratégiques"),
        (2.5 - 1e-12, 2.5 - 1e-12, "stratégiques"),  # arrondi de calcul : toujours au milieu
    ],
)
def test_frontieres_et_coin_du_quadrant(impact, risque, attendu):
    assert quadrant_kraljic(impact, risque) == attendu


def test_milieu_parametrable():
    assert quadrant_kraljic(3, 3, milieu=3) == "stratégiques"
    assert quadrant_kraljic(2.9, 3, milieu=3) == "critiques"


def test_quadrant_sans_score():
    with pytest.raises(ErreurParametre, match="Quadrant impossible : score manquant"):
        quadrant_kraljic(float("nan"), 2)


GRILLE_MANUELLE = (
    Critere("i", "impact", "impact saisi", 1, "manuel"),
    Critere("r", "risque", "risque saisi", 1, "manuel"),
)


@pytest.mark.parametrize(
    "impact, risque, attendu",
    [(2.5, 2.5, "stratégiques"), (2.5, 2, "leviers"), (2, 2.5, "critiques"), (2, 2, "simples")],
)
def test_frontieres_par_noter_familles(impact, risque, attendu):
    notes = {"F1": {"i": impact, "r": risque}, "F2": {"i": 1, "r": 1}, "F3": {"i": 1, "r": 1}}
    t = par_famille(noter_familles(achats(), familles(), grille=GRILLE_MANUELLE, criteres_manuels=notes))
    assert t.loc["F1", "quadrant"] == attendu


def test_criteres_manuels_en_table_et_repartition_des_poids():
    notes = pd.DataFrame({"famille": ["F3"], "continuite_service": [4], "visibilite": [None]})
    t = par_famille(noter_familles(achats(), familles(), criteres_manuels=notes))
    # F3 : impact (2×4 + 2 + 4)/4 = 3,5 ; la visibilité vide n'est pas comptée.
    assert t.loc["F3", "score_impact"] == pytest.approx(3.5)
    assert pd.isna(t.loc["F3", "score_visibilite"])
    assert t.loc["F1", "score_impact"] == pytest.approx(4)


def test_critere_manuel_hors_echelle():
    with pytest.raises(ErreurParametre, match="criteres_manuels, famille « F1 », colonne « visibilite » : valeur « 5 » hors de l'échelle"):
        noter_familles(achats(), familles(), criteres_manuels={"F1": {"visibilite": 5}})


def test_critere_manuel_inconnu_ou_famille_inconnue():
    with pytest.raises(ErreurParametre, match="colonne\\(s\\) urgence hors de la grille"):
        noter_familles(achats(), familles(), criteres_manuels={"F1": {"urgence": 2}})
    with pytest.raises(ErreurParametre, match="famille\\(s\\) F9 sans dépense positive"):
        noter_familles(achats(), familles(), criteres_manuels={"F9": {"visibilite": 2}})


def test_variante_hhi():
    grille = tuple(CRITERE_HHI if c.nom == "part_premier_fournisseur" else c for c in GRILLE_PAR_DEFAUT)
    t = par_famille(noter_familles(achats(), familles(), grille=grille))
    # HHI : F1 0,625 -> 4 ; F3 0,34 -> 3
    assert t.loc["F1", "score_hhi"] == 4 and t.loc["F3", "score_hhi"] == 3
    assert "score_part_premier_fournisseur" not in t.columns


def test_famille_absente_de_la_nomenclature():
    donnees = pd.concat([achats(), pd.DataFrame({"famille": ["F9"], "fournisseur": ["q"], "montant_ht": [1.0]})])
    t = par_famille(noter_familles(donnees, familles()))
    assert pd.isna(t.loc["F9", "score_complexite_marche"]) and pd.isna(t.loc["F9", "libelle"])
    # risque de F9 : (4 + 4)/2 sans la complexité
    assert t.loc["F9", "score_risque"] == pytest.approx(4)
    assert "complexité du marché fournisseurs (nomenclature)" in t.loc["F9", "explication"]


def test_famille_au_net_negatif_ecartee():
    donnees = pd.concat([achats(), pd.DataFrame({"famille": ["F4", "F4"], "fournisseur": ["q", "q"], "montant_ht": [5.0, -8]})])
    t = noter_familles(donnees, familles())
    assert "F4" not in set(t["famille"])


def test_note_de_nomenclature_hors_echelle():
    nomenclature = familles()
    nomenclature.loc[1, "complexite_marche"] = 7
    with pytest.raises(ErreurParametre, match="Nomenclature des familles, famille « F2 », colonne « complexite_marche » : valeur « 7 »"):
        noter_familles(achats(), nomenclature)


def test_colonne_de_nomenclature_absente():
    with pytest.raises(ErreurParametre, match="Le critère « complexite_marche » lit la colonne « complexite_marche » de la nomenclature"):
        noter_familles(achats(), familles().drop(columns="complexite_marche"))


def test_nomenclature_du_kit_indisponible(monkeypatch):
    monkeypatch.setitem(sys.modules, "spaserlib.commun.nomenclature", None)
    with pytest.raises(ErreurParametre, match="La nomenclature des familles n'est pas disponible"):
        noter_familles(achats())


@pytest.mark.parametrize(
    "grille, message",
    [
        ((Critere("a", "impact", "a", 1, "manuel"), Critere("a", "risque", "a", 1, "manuel")), "critère\\(s\\) en double : a"),
        ((Critere("a", "coût", "a", 1, "manuel"),), "axe « coût » inconnu"),
        ((Critere("a", "impact", "a", 1, "manuel"), Critere("b", "risque", "b", 0, "manuel")),
         "aucun critère de poids non nul sur l'axe « risque »"),
        ((Critere("age", "impact", "a", 1, "donnees", bornes=(1, 2, 3)),), "la source « donnees » ne sait calculer que"),
        ((Critere("hhi", "impact", "a", 1, "donnees", bornes=(3, 2, 1)),), "doivent être croissantes"),
        ((Critere("a", "impact", "a", -1, "manuel"),), "poids -1 invalide"),
    ],
)
def test_grille_invalide(grille, message):
    with pytest.raises(ErreurParametre, match=message):
        verifier_grille(grille)


def test_milieu_hors_echelle():
    with pytest.raises(ErreurParametre, match="Milieu d'échelle 5 hors de l'échelle"):
        noter_familles(achats(), familles(), milieu=5)


def test_forcer_un_quadrant_garde_le_calcul():
    t = noter_familles(achats(), familles())
    f = par_famille(forcer(t, "F3", quadrant="critiques", motif="prestataire unique sur le territoire"))
    assert f.loc["F3", "quadrant_calcule"] == "leviers" and f.loc["F3", "quadrant"] == "critiques"
    assert f.loc["F3", "surcharge"] and f.loc["F3", "motif_surcharge"] == "prestataire unique sur le territoire"
    assert f.loc["F3", "strategie"].startswith("Sécuriser l'approvisionnement")
    assert "Surcharge (quadrant critiques) : quadrant retenu critiques au lieu de leviers" in f.loc["F3", "explication"]
    assert not par_famille(t).loc["F3", "surcharge"]  # l'original n'est pas modifié


def test_forcer_un_score_recalcule_le_quadrant():
    t = noter_familles(achats(), familles())
    f = par_famille(forcer(t, "F1", risque=2.5, motif="dépendance à un logiciel"))
    assert f.loc["F1", "score_risque"] == 2.5 and f.loc["F1", "score_risque_calcule"] == pytest.approx(2.25)
    assert f.loc["F1", "quadrant"] == "stratégiques" and f.loc["F1", "quadrant_calcule"] == "leviers"


def test_forcer_deux_fois_cumule_les_motifs():
    t = forcer(noter_familles(achats(), familles()), "F1", impact=1, motif="premier")
    t = forcer(t, "F1", risque=4, motif="second")
    assert par_famille(t).loc["F1", "motif_surcharge"] == "premier ; second"
    assert par_famille(t).loc["F1", "quadrant"] == "critiques"


@pytest.mark.parametrize("motif", [None, "", "   "])
def test_forcer_exige_un_motif(motif):
    t = noter_familles(achats(), familles())
    with pytest.raises(ErreurParametre, match="Surcharge de la famille « F1 » refusée : le motif est obligatoire"):
        forcer(t, "F1", quadrant="simples", motif=motif)


def test_forcer_refuse_les_valeurs_invalides():
    t = noter_familles(achats(), familles())
    with pytest.raises(ErreurParametre, match="Famille « F7 » absente de la table de Kraljic"):
        forcer(t, "F7", quadrant="simples", motif="x")
    with pytest.raises(ErreurParametre, match="Quadrant « stratégique » inconnu"):
        forcer(t, "F1", quadrant="stratégique", motif="x")
    with pytest.raises(ErreurParametre, match="impact=5 hors de l'échelle 1 à 4"):
        forcer(t, "F1", impact=5, motif="x")
    with pytest.raises(ErreurParametre, match="Surcharge sans effet"):
        forcer(t, "F1", motif="x")


def test_nomenclature_du_kit_par_defaut():
    from spaserlib.commun.nomenclature import familles as familles_du_kit

    codes = familles_du_kit()["code"].head(4).tolist()
    donnees = pd.DataFrame({"famille": codes * 2, "fournisseur": list("abcdefgh"), "montant_ht": [8.0, 4, 2, 1] * 2})
    t = noter_familles(donnees)
    assert t["famille"].tolist() == codes
    attendu = familles_du_kit().set_index("code").loc[codes, "complexite_marche"].tolist()
    assert t["score_complexite_marche"].tolist() == attendu
    assert t["libelle"].notna().all() and t["enjeu_environnemental"].notna().all()


def test_table_grille_en_clair():
    grille = table_grille()
    assert list(grille.columns) == ["axe", "critere", "libelle", "poids", "source", "bareme"]
    assert set(grille["axe"]) == {"impact", "risque"} and len(grille) == len(GRILLE_PAR_DEFAUT)
    assert grille.set_index("critere").loc["complexite_marche", "source"] == "nomenclature des familles"


def test_appliquer_surcharges_en_table():
    t = noter_familles(achats(), familles())
    surcharges = pd.DataFrame({"famille": ["F1", "F3"], "impact": [None, "1,5"], "risque": [None, None],
                               "quadrant": ["critiques", None], "motif": ["a", "b"]})
    t = par_famille(appliquer_surcharges(t, surcharges))
    assert t.loc["F1", "quadrant"] == "critiques" and t.loc["F3", "score_impact"] == 1.5
    assert t.loc["F3", "quadrant"] == "simples" and t.loc["F2", "surcharge"] == False  # noqa: E712


def test_appliquer_surcharges_signale_la_ligne():
    t = noter_familles(achats(), familles())
    with pytest.raises(ErreurParametre, match="Surcharges, ligne 3, colonne « impact » : « haut » n'est pas un nombre"):
        appliquer_surcharges(t, pd.DataFrame({"famille": ["F1", "F2"], "impact": ["2", "haut"], "motif": ["a", "b"]}))
    with pytest.raises(ErreurParametre, match="Table des surcharges : colonnes attendues famille, impact, risque, quadrant, motif"):
        appliquer_surcharges(t, pd.DataFrame({"famille": ["F1"], "note": [2]}))
