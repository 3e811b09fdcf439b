"""Les vues du cours : chaque vue appelle l'analyse du kit et montre phrase, table et figure."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from spaserlib.commun.erreurs import ErreurParametre  # noqa: E402
from spaserlib.cours.vues import periode, vue_famille_kraljic, vue_kraljic, vue_pareto, vue_strategies  # noqa: E402


@pytest.fixture
def achats():
    from spaserlib.commun.nomenclature import familles

    codes = list(familles()["code"][:3])
    return pd.DataFrame({
        "date": pd.to_datetime(["2024-01-10", "2024-02-10", "2024-03-10", "2024-04-10", "2023-05-01"]),
        "fournisseur": ["Alpha", "Beta", "Alpha", "Gamma", "Delta"],
        "famille": [codes[0], codes[1], codes[0], codes[2], codes[2]],
        "montant_ht": [800.0, 150.0, 100.0, 50.0, 10_000.0],
    })


def textes(affiches):
    return [a["text/plain"] for a in affiches if isinstance(a, dict)]


def test_periode():
    assert periode(None) == {}
    assert {k: v.isoformat() for k, v in periode(2024).items()} == {"debut": "2024-01-01", "fin": "2024-12-31"}


def test_vue_pareto_sur_l_annee(affiches, achats):
    vue_pareto("fournisseur", achats=achats, annee=2024)
    phrase, table = textes(affiches)[:2]
    assert phrase.startswith("Pareto 2024 : ")
    assert "Delta" not in table  # 2023 exclu
    assert "Alpha" in table and "Part cumulée" in table
    assert affiches[2]["image/png"]
    # le texte de remplacement dit ce que montre la figure et son chiffre clé
    assert affiches[2]["text/plain"].startswith("Diagramme de Pareto des fournisseurs : ")
    assert "concentrent 81,8\u00a0% de la dépense nette" in affiches[2]["text/plain"]
    assert not plt.get_fignums()  # la figure est fermée après affichage


def test_vues_kraljic(affiches, achats):
    from spaserlib.analyse import kraljic as kraljic_module
    table = kraljic_module.noter_familles(achats)
    vue_kraljic(table, quadrants=["leviers", "stratégiques"])
    assert "Impact (1 à 4)" in textes(affiches)[0]
    with pytest.raises(ErreurParametre, match="Quadrant\\(s\\) inconnu\\(s\\) : levier."):
        vue_kraljic(table, quadrants=["levier"])
    affiches.clear()
    famille = table["famille"].iloc[0]
    vue_famille_kraljic(famille, table_kraljic=table)
    sortie = textes(affiches)
    assert sortie[0].startswith(f"{famille} — ") and "quadrant « " in sortie[0]
    # des critères en mots, pas des noms de colonnes
    assert "Part de la dépense" in sortie[1] and "Continuité du service public (à saisir)" in sortie[1]
    assert "part_depense" not in sortie[1] and "score_" not in sortie[1]
    with pytest.raises(ErreurParametre, match="La famille « ZZZ » n'est pas dans la table de Kraljic."):
        vue_famille_kraljic("ZZZ", table_kraljic=table)


def test_vue_kraljic_ne_montre_le_reclassement_que_s_il_y_en_a_un(affiches, achats):
    from spaserlib.analyse.kraljic import forcer, noter_familles

    table = noter_familles(achats)
    vue_kraljic(table)
    assert "Reclassée à la main" not in textes(affiches)[0]
    affiches.clear()
    vue_kraljic(forcer(table, table["famille"].iloc[0], quadrant="critiques", motif="Marché à renouveler"))
    assert "Reclassée à la main" in textes(affiches)[0] and "Marché à renouveler" in textes(affiches)[0]


def test_vue_strategies(affiches):
    vue_strategies("simples")
    sortie = textes(affiches)
    assert sortie[0].startswith("Achats simples : ")
    assert sortie[1].startswith("Pratiques de la commande publique\n- ")
    with pytest.raises(ErreurParametre, match="Quadrant inconnu : « simple »"):
        vue_strategies("simple")


def test_vue_analyse_smart(affiches):
    from spaserlib.cours.vues import vue_analyse_smart

    vue_analyse_smart("Favoriser l'insertion dans nos marchés.")
    sortie = textes(affiches)
    assert sortie[0] == "Verdict : pas encore un objectif SMART"
    assert "Temporellement défini" in sortie[1] and "✘ absent" in sortie[1]
    assert sortie[2].startswith("Indicateur exprimé en nombre de contrats ou en valeur (article L2111-3) : non")


def test_vue_objectifs_reference(affiches):
    from spaserlib.cours.vues import vue_objectifs_reference

    vue_objectifs_reference()
    table = textes(affiches)[0]
    assert "Échéance" in table and "part des contrats, en nombre (%)" in table and "e+06" not in table


def test_vue_obligations_filtre_les_regles(affiches):
    from spaserlib.cours.vues import vue_obligations

    table = pd.DataFrame({"regle": ["a", "b"], "intitule": ["Règle A", "Règle B"], "statut": ["respectée", "à risque"],
                          "fiabilite": ["✔", "⚠ à vérifier"]})
    vue_obligations(table, regles=["b"])
    texte = textes(affiches)[0]
    assert "Règle B" in texte and "Règle A" not in texte and "⚠ à vérifier" in texte
    with pytest.raises(ErreurParametre, match="Règle\\(s\\) inconnue\\(s\\) : c. Règles évaluées : a, b."):
        vue_obligations(table, regles=["c"])


def test_vue_obligations_en_mots_de_lecteur(affiches):
    """Dates à la française, situation au regard du SPASER dite comme dans le sommaire, aucune clé de saisie."""
    from datetime import date

    from spaserlib.cours.vues import vue_obligations

    table = pd.DataFrame({
        "regle": ["spaser_obligation", "spaser_publication"],
        "intitule": ["Obligation d'adopter un SPASER", "Publication du schéma en ligne"],
        "date_application": [date(2015, 2, 1), date(2023, 1, 1)],
        "statut": ["à risque", "non évaluable faute de données"],
        "explication": ["Indiquez dans la feuille « Saisie » (spaser_adopte) si un schéma est adopté.",
                        "Renseignez « spaser_publie_en_ligne » dans la feuille « Saisie »."],
    })
    vue_obligations(table)
    texte, html = textes(affiches)[0], affiches[0]["text/html"]
    assert "01/02/2015" in texte and "2015-02-01" not in texte
    assert "à risque : soumise à l'obligation, adoption d'un schéma non renseignée" in texte
    assert "(ligne « Un SPASER est-il adopté (délibération) ? »)" in texte
    assert "« Le SPASER est-il publié sur le site internet ? »" in texte
    assert "spaser_" not in texte and "spaser_" not in html
    assert "Date d&#x27;application" in html or "Date d'application" in html


def test_vue_trajectoires(affiches):
    from spaserlib.analyse import trajectoires
    from spaserlib.cours.vues import vue_trajectoires

    marches = pd.DataFrame({
        "date_notification": pd.to_datetime(["2023-03-01", "2023-04-01", "2024-03-01", "2024-05-01"]),
        "montant_ht": [100_000.0] * 4,
        "consideration_environnementale": pd.array([True, False, True, True], dtype="boolean"),
        "consideration_sociale": pd.array([False, False, True, pd.NA], dtype="boolean"),
        "considerations_environnementales": ["Clause environnementale", "Pas de considération environnementale",
                                             "Critère environnemental", "Clause environnementale"],
        "considerations_sociales": ["Pas de considération sociale", "Pas de considération sociale", "Clause sociale", pd.NA],
    })
    vue_trajectoires(trajectoires.trajectoires(marches))
    sortie = [a for a in affiches if isinstance(a, dict)]
    assert sortie[0]["text/plain"].startswith("100 % des contrats notifiés")
    table = sortie[2]["text/plain"]
    assert "Projection à l'échéance" in table and "Dernière valeur" in table
    # cibles et valeurs dans leur unité, échéance à la française
    assert "100\u00a0%" in table and "31/12/2025" in table and "2025-12-31" not in table
    figures = [a for a in sortie if "image/png" in a]
    assert len(figures) == 2
    assert figures[0]["text/plain"].startswith("Évolution par année de l'indicateur de l'objectif")
    assert "100 % des contrats notifiés" in figures[0]["text/plain"]
    affiches.clear()
    vue_trajectoires([])
    assert textes(affiches) == ["Aucun objectif à suivre."]
