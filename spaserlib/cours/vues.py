"""Vues du cours : une analyse du kit et son affichage, en une fonction, pour les notebooks.

Une vue n'analyse rien elle-même : elle appelle les fonctions d'analyse (Pareto, Kraljic, SMART…)
et montre leurs résultats avec `spaserlib.cours.affichage`. Elle prend la valeur choisie en premier
argument, pour servir de fonction `montrer` à `affichage.choisir` et `affichage.saisir_texte`
(liste déroulante ou zone de texte en mode interactif, rendu statique sinon).
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from spaserlib.cours.affichage import afficher_figure, afficher_liste, afficher_phrase, afficher_table
from spaserlib.commun.erreurs import ErreurParametre


def periode(annee: int | None) -> dict:
    """Les bornes d'une année civile pour `classer_pareto` (debut, fin) ; rien si l'année est None."""
    return {} if annee is None else {"debut": date(annee, 1, 1), "fin": date(annee, 12, 31)}


def vue_pareto(par: str, *, achats: pd.DataFrame, annee: int | None = None, max_lignes: int = 15) -> None:
    """Classement de Pareto des achats par `par` (fournisseur, famille…) sur l'année : phrase, table, figure."""
    from spaserlib.documents.figures import figure_pareto
    from spaserlib.analyse.pareto import classer_pareto, phrase_pareto

    table = classer_pareto(achats, par=par, **periode(annee))
    afficher_phrase(phrase_pareto(table), titre="Pareto" + (f" {annee}" if annee is not None else ""))
    colonnes = [par, "montant_net", "part", "part_cumulee", "classe"]
    afficher_table(table, colonnes=colonnes, max_lignes=max_lignes,
                   formats={"montant_net": "euros", "part": "pourcentage", "part_cumulee": "pourcentage"},
                   libelles={"montant_net": "Montant net HT"})
    afficher_figure(figure_pareto(table))


COLONNES_KRALJIC = ["famille", "montant_net", "score_impact", "score_risque", "quadrant", "surcharge"]


def vue_kraljic(table_kraljic: pd.DataFrame, quadrants: list | None = None, max_lignes: int | None = 20) -> None:
    """La table de Kraljic (une ligne par famille : scores, quadrant, surcharge), filtrée par quadrant si demandé."""
    table = table_kraljic
    if quadrants is not None:
        inconnus = sorted(set(quadrants) - _QUADRANTS)
        if inconnus:
            raise ErreurParametre(
                f"Quadrant(s) inconnu(s) : {', '.join(inconnus)}. Quadrants : {', '.join(sorted(_QUADRANTS))}."
            )
        table = table[table["quadrant"].isin(quadrants)]
    afficher_table(table, colonnes=[c for c in COLONNES_KRALJIC if c in table.columns], max_lignes=max_lignes,
                   formats={"montant_net": "euros_courts", "score_impact": _note, "score_risque": _note},
                   libelles={"montant_net": "Montant net HT", "score_impact": "Impact (1 à 4)",
                             "score_risque": "Risque (1 à 4)", "surcharge": "Reclassée à la main"})


_QUADRANTS = {"stratégiques", "leviers", "critiques", "simples"}


def _note(valeur) -> str:
    from spaserlib.commun.format_fr import nombre

    return nombre(valeur, 2)


def vue_famille_kraljic(famille: str, *, table_kraljic: pd.DataFrame) -> None:
    """Pourquoi une famille est dans son quadrant : notes critère par critère et explication."""
    lignes = table_kraljic[table_kraljic["famille"] == famille]
    if lignes.empty:
        raise ErreurParametre(f"La famille « {famille} » n'est pas dans la table de Kraljic.")
    ligne = lignes.iloc[0]
    scores = [c for c in table_kraljic.columns if c.startswith("score_") and not c.endswith("_calcule")]
    detail = pd.DataFrame({"critere": [c.removeprefix("score_") for c in scores],
                           "note": [ligne[c] for c in scores]})
    titre = f"{famille} — {ligne.get('libelle', '')}".rstrip(" —")
    afficher_phrase(f"quadrant « {ligne['quadrant']} »", titre=titre)
    afficher_table(detail, formats={"note": _note}, libelles={"critere": "Critère (score_…)", "note": "Note"},
                   max_lignes=None)
    if "explication" in ligne and isinstance(ligne["explication"], str):
        afficher_phrase(ligne["explication"], titre="Explication")
    if "strategie" in ligne and isinstance(ligne["strategie"], str):
        afficher_phrase(ligne["strategie"], titre="Stratégie recommandée")


def vue_strategies(quadrant: str) -> None:
    """La stratégie d'achat d'un quadrant, ses pratiques de commande publique et ses leviers responsables."""
    from spaserlib.analyse.strategies import STRATEGIES, leviers_en_texte, pratiques_en_texte

    if quadrant not in STRATEGIES:
        raise ErreurParametre(f"Quadrant inconnu : « {quadrant} ». Quadrants : {', '.join(STRATEGIES)}.")
    afficher_phrase(STRATEGIES[quadrant]["strategie_achat"].strip(), titre=f"Achats {quadrant}")
    afficher_liste(pratiques_en_texte(quadrant).splitlines(), titre="Pratiques de la commande publique")
    afficher_liste(leviers_en_texte(quadrant).splitlines(), titre="Leviers d'achats responsables")


# --- objectifs SMART ----------------------------------------------------------------------------

NIVEAUX_LISIBLES = {"rempli": "✔ rempli", "partiel": "◐ partiel", "absent": "✘ absent"}


def vue_analyse_smart(texte: str, *, marches: pd.DataFrame | None = None, achats: pd.DataFrame | None = None) -> None:
    """L'analyse SMART d'un objectif écrit en français : verdict par critère, champs extraits, réalisme."""
    from spaserlib.objectifs.smart import CRITERES, analyser_objectif

    analyse = analyser_objectif(texte, marches=marches, achats=achats)
    verdicts = pd.DataFrame(
        [{"critere": CRITERES.get(cle, cle), "niveau": NIVEAUX_LISIBLES.get(v.niveau, v.niveau),
          "mots": " ; ".join(f"« {m} »" for m in v.mots), "explication": v.explication, "conseil": v.conseil}
         for cle, v in analyse.verdicts.items()]
    )
    conclusion = "objectif SMART" if analyse.est_smart else "pas encore un objectif SMART"
    afficher_phrase(conclusion, titre="Verdict")
    afficher_table(verdicts, max_lignes=None, libelles={"critere": "Critère", "niveau": "Verdict",
                                                        "mots": "Mots du texte", "conseil": "Conseil"})
    objectif = analyse.objectif
    afficher_phrase("oui" if objectif.indicateur_l2111_3 else "non (unité absente ou autre que nombre de contrats ou valeur)",
                    titre="Indicateur exprimé en nombre de contrats ou en valeur (article L2111-3)")
    if analyse.realisme is not None:
        afficher_phrase(analyse.realisme.message, titre=f"Réalisme : {analyse.realisme.libelle}")


def vue_objectifs_reference() -> None:
    """Le catalogue des objectifs de référence (PNAD, SPASER réels) avec leur source et leur statut."""
    from spaserlib.objectifs.modele import UNITES, objectifs_reference

    lignes = [{"organisation": o.extras.get("organisation"), "libelle": o.libelle, "cible": o.cible,
               "unite": UNITES.get(o.unite, (o.unite or "—",))[0], "echeance": str(o.echeance.year) if o.echeance else "—",
               "statut": o.extras.get("statut"), "source": o.source}
              for o in objectifs_reference()]
    afficher_table(pd.DataFrame(lignes), max_lignes=None, formats={"cible": _cible},
                   libelles={"organisation": "Organisation", "libelle": "Objectif", "unite": "Unité",
                             "echeance": "Échéance", "statut": "Statut", "source": "Source"})


def _cible(valeur) -> str:
    from spaserlib.commun.format_fr import nombre

    if valeur is None or pd.isna(valeur):
        return "—"
    return nombre(valeur) if float(valeur).is_integer() else nombre(valeur, 1)


# --- suivi ----------------------------------------------------------------------------------------

COLONNES_TRAJECTOIRES = ["objectif", "cible", "echeance", "annee_derniere", "derniere_valeur", "tendance_par_an",
                         "projection_echeance", "statut"]


def _valeur_1(valeur) -> str:
    from spaserlib.commun.format_fr import nombre

    if valeur is None or pd.isna(valeur):
        return "—"
    return nombre(valeur, 1).removesuffix(",0")


def vue_trajectoires(trajectoires: list, figures: bool = True) -> None:
    """Les trajectoires d'objectifs : une phrase par objectif, une table résumée, et une figure chacune.

    Les valeurs sont dans l'unité de chaque objectif (les parts en pourcentage de 0 à 100).
    """
    from spaserlib.analyse.trajectoires import figure_trajectoire, table_trajectoires

    if not trajectoires:
        afficher_phrase("Aucun objectif à suivre.")
        return
    for trajectoire in trajectoires:
        afficher_phrase(trajectoire.phrase, titre=trajectoire.objectif.libelle)
    table = table_trajectoires(trajectoires)
    formats = {c: _valeur_1 for c in ("cible", "derniere_valeur", "tendance_par_an", "projection_echeance")}
    afficher_table(table, colonnes=[c for c in COLONNES_TRAJECTOIRES if c in table.columns], formats=formats,
                   max_lignes=None)
    if figures:
        for trajectoire in trajectoires:
            afficher_figure(figure_trajectoire(trajectoire))


COLONNES_OBLIGATIONS = ["intitule", "reference", "date_application", "chiffre", "statut", "explication", "fiabilite"]


def vue_obligations(obligations: pd.DataFrame, regles: list | None = None, colonnes: list | None = None) -> None:
    """La table des obligations évaluées (voir `spaserlib.analyse.obligations.evaluer_obligations`).

    regles   les identifiants de règles à montrer (colonne « regle »), par défaut toutes ;
    colonnes les colonnes à montrer (par défaut `COLONNES_OBLIGATIONS`).
    Les points incertains restent signalés (colonne « Fiabilité » : ⚠).
    """
    table = obligations
    if regles is not None:
        inconnues = sorted(set(regles) - set(table["regle"]))
        if inconnues:
            raise ErreurParametre(
                f"Règle(s) inconnue(s) : {', '.join(inconnues)}. Règles évaluées : {', '.join(table['regle'])}."
            )
        table = table[table["regle"].isin(regles)]
    colonnes = colonnes or [c for c in COLONNES_OBLIGATIONS if c in table.columns]
    afficher_table(table, colonnes=colonnes, max_lignes=None)
