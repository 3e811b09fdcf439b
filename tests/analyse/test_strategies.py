"""Stratégies par quadrant : complètes, référencées, prudentes sur les articles non confirmés."""

import re

from spaserlib.analyse.strategies import ARTICLES, AVERTISSEMENT, QUADRANTS, STRATEGIES, citer, table_strategies


def references(quadrant):
    fiche = STRATEGIES[quadrant]
    return {r for cle in ("pratique_publique", "leviers_responsables") for i in fiche[cle] for r in i["references"]}


def test_quatre_quadrants_avec_strategie_pratiques_et_leviers():
    assert set(STRATEGIES) == set(QUADRANTS)
    for quadrant in QUADRANTS:
        fiche = STRATEGIES[quadrant]
        assert fiche["strategie_achat"].strip() and fiche["source_strategie"]
        assert len(fiche["pratique_publique"]) >= 3 and len(fiche["leviers_responsables"]) >= 3


def test_chaque_reference_est_decrite_avec_son_statut_et_sa_source():
    for quadrant in QUADRANTS:
        for ref in references(quadrant):
            assert ref in ARTICLES, ref
            assert ARTICLES[ref]["statut"] in ("verifie", "a_verifier") and ARTICLES[ref]["source"]


def test_articles_attendus_par_quadrant():
    assert {"L2113-2", "L2113-4"} <= references("simples")  # centrales d'achat
    assert {"L2113-10", "L2125-1"} <= references("leviers")  # allotissement, accords-cadres
    assert "R2111-1" in references("critiques")  # sourçage
    assert {"R2124-3", "R2124-5", "R2152-9"} <= references("stratégiques")
    assert {"L2113-12", "L2113-13", "L2112-2", "L2152-7", "R2111-12"} <= set().union(*map(references, QUADRANTS))


def test_les_numeros_ont_la_forme_du_code():
    for ref in ARTICLES:
        assert re.fullmatch(r"[LRD]\d{4}-\d+(-\d+)?", ref) or ARTICLES[ref].get("citation"), ref


def test_citer_signale_les_references_a_verifier():
    assert citer("L2113-10") == "art. L2113-10 CCP"
    assert citer("R2152-10") == "art. R2152-10 CCP (référence à vérifier)"
    assert citer("L9999-1") == "L9999-1 (référence à vérifier)"
    assert citer("AGEC-58") == "loi AGEC, art. 58"


def test_avertissement_consensus_de_praticiens():
    assert "consensus de praticiens" in AVERTISSEMENT and "aucune source officielle unique" in AVERTISSEMENT


def test_table_strategies_a_plat():
    table = table_strategies()
    assert list(table.columns) == ["quadrant", "genre", "texte", "references"]
    assert set(table["quadrant"]) == set(QUADRANTS)
    assert (table["genre"] == "stratégie d'achat").sum() == 4


def test_un_article_dont_le_texte_dit_a_verifier_n_est_pas_marque_verifie():
    # Rien de non vérifié n'est présenté comme vérifié : le statut suit ce que disent l'objet et la source.
    for reference, article in ARTICLES.items():
        texte = f"{article.get('objet', '')} {article.get('source', '')}".lower()
        if "à vérifier" in texte or "une seule source" in texte:
            assert article["statut"] == "a_verifier", reference
            assert citer(reference).endswith("(référence à vérifier)")
