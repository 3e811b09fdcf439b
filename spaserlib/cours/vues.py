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
    libelles = None
    if par == "famille":
        from spaserlib.commun.nomenclature import familles

        libelles = familles().set_index("code")["libelle"].to_dict()
    afficher_figure(figure_pareto(table, libelles=libelles))


COLONNES_KRALJIC = ["famille", "montant_net", "score_impact", "score_risque", "quadrant", "surcharge", "motif_surcharge"]
LIBELLES_KRALJIC = {"montant_net": "Montant net HT", "score_impact": "Impact (1 à 4)", "score_risque": "Risque (1 à 4)",
                    "surcharge": "Reclassée à la main", "motif_surcharge": "Motif du reclassement"}


def vue_kraljic(table_kraljic: pd.DataFrame, quadrants: list | None = None, max_lignes: int | None = 20) -> None:
    """La table de Kraljic (une ligne par famille : notes, quadrant), filtrée par quadrant si demandé.

    Les colonnes du reclassement à la main (« Reclassée à la main », motif) ne sont montrées que si
    une famille au moins a été reclassée.
    """
    table = table_kraljic
    if quadrants is not None:
        inconnus = sorted(set(quadrants) - _QUADRANTS)
        if inconnus:
            raise ErreurParametre(
                f"Quadrant(s) inconnu(s) : {', '.join(inconnus)}. Quadrants : {', '.join(sorted(_QUADRANTS))}."
            )
        table = table[table["quadrant"].isin(quadrants)]
    colonnes = [c for c in COLONNES_KRALJIC if c in table.columns]
    if "surcharge" not in table.columns or not table["surcharge"].fillna(False).astype(bool).any():
        colonnes = [c for c in colonnes if c not in ("surcharge", "motif_surcharge")]
    afficher_table(table, colonnes=colonnes, max_lignes=max_lignes,
                   formats={"montant_net": "euros_courts", "score_impact": _note, "score_risque": _note},
                   libelles=LIBELLES_KRALJIC)


_QUADRANTS = {"stratégiques", "leviers", "critiques", "simples"}


def _note(valeur) -> str:
    from spaserlib.commun.format_fr import nombre

    return nombre(valeur, 2)


def vue_famille_kraljic(famille: str, *, table_kraljic: pd.DataFrame) -> None:
    """Pourquoi une famille est dans son quadrant : notes critère par critère et explication."""
    from spaserlib.analyse.kraljic import GRILLE_PAR_DEFAUT

    lignes = table_kraljic[table_kraljic["famille"] == famille]
    if lignes.empty:
        raise ErreurParametre(f"La famille « {famille} » n'est pas dans la table de Kraljic.")
    ligne = lignes.iloc[0]
    criteres = {c.nom: c for c in GRILLE_PAR_DEFAUT}
    noms = [c.removeprefix("score_") for c in table_kraljic.columns
            if c.startswith("score_") and not c.endswith("_calcule") and c not in ("score_impact", "score_risque")]
    detail = pd.DataFrame({
        "axe": [AXES.get(getattr(criteres.get(n), "axe", ""), "—") for n in noms],
        "critere": [_libelle_critere(criteres.get(n), n) for n in noms],
        "note": [ligne[f"score_{n}"] for n in noms],
    })
    moyennes = pd.DataFrame({"axe": ["Impact", "Risque"],
                             "critere": ["Note d'impact (moyenne pondérée des critères notés)",
                                         "Note de risque (moyenne pondérée des critères notés)"],
                             "note": [ligne.get("score_impact"), ligne.get("score_risque")]})
    detail = pd.concat([detail, moyennes], ignore_index=True)
    titre = f"{famille} — {ligne.get('libelle', '')}".rstrip(" —")
    afficher_phrase(f"quadrant « {ligne['quadrant']} »", titre=titre)
    afficher_table(detail, formats={"note": _note}, libelles={"axe": "Axe", "critere": "Critère", "note": "Note (1 à 4)"},
                   max_lignes=None)
    if "explication" in ligne and isinstance(ligne["explication"], str) and ligne["explication"].strip():
        afficher_phrase(ligne["explication"], titre="Explication")
    if "strategie" in ligne and isinstance(ligne["strategie"], str):
        afficher_phrase(ligne["strategie"], titre="Stratégie recommandée")
    from spaserlib.analyse.strategies import clauses_par_famille

    if famille in set(_familles_connues()):
        lignes_clauses = clauses_par_famille(famille)
        if lignes_clauses:
            afficher_liste(lignes_clauses, titre="Clauses et critères types (bibliothèque du kit)")


def _familles_connues() -> list[str]:
    from spaserlib.commun.nomenclature import familles

    return list(familles()["code"])


def vue_clauses(famille: str, *, dimension: str | None = None, genre: str | None = None) -> None:
    """Les clauses et critères types d'une famille (bibliothèque `spaserlib/donnees/clauses.yaml`) :
    texte, base légale, pondération, contrôle en exécution, pièges et source. Sert de fonction
    `montrer` à `choisir` (liste déroulante des familles)."""
    from spaserlib.analyse.clauses import clauses
    from spaserlib.commun.nomenclature import libelle_famille

    table = clauses(famille=famille, dimension=dimension, genre=genre)
    titre = f"{famille} — {libelle_famille(famille)}"
    if table.empty:
        afficher_phrase("La bibliothèque n'a pas encore d'entrée pour cette famille.", titre=titre)
        return
    afficher_phrase(f"{len(table)} entrée(s)", titre=titre)
    for l in table.itertuples():
        base = l.base_legale + ("" if l.verifie else " (référence à vérifier)")
        details = [l.texte, f"Base légale : {base}"]
        if l.ponderation:
            details.append(f"Pondération (exemple) : {l.ponderation}")
        details += [f"Contrôle en exécution : {l.controle_execution}", f"Pièges : {l.pieges}",
                    f"Source : {l.source}"]
        afficher_liste([" ".join(d.split()) for d in details], titre=f"{l.id} — {l.genre} ({l.dimension})")


AXES = {"impact": "Impact", "risque": "Risque"}


def _libelle_critere(critere, nom: str) -> str:
    """Le libellé d'un critère de la grille (« part de la dépense »), la majuscule en tête ; un critère
    hors de la grille par défaut garde son nom, en mots."""
    texte = critere.libelle if critere is not None else nom.replace("_", " ")
    suffixe = " (à saisir)" if critere is not None and critere.source == "manuel" else ""
    return texte[:1].upper() + texte[1:] + suffixe


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


def vue_analyse_smart(texte: str, *, marches: pd.DataFrame | None = None, achats: pd.DataFrame | None = None,
                      date_reference=None) -> None:
    """L'analyse SMART d'un objectif écrit en français : verdict par critère, champs extraits, réalisme ;
    échéances et planchers légaux jugés à `date_reference` (`contexte.date_reference` ; None : aujourd'hui)."""
    from spaserlib.commun.calendrier import lire_date_reference
    from spaserlib.objectifs.smart import CRITERES, analyser_objectif

    analyse = analyser_objectif(texte, marches=marches, achats=achats, aujourd_hui=lire_date_reference(date_reference))
    verdicts = pd.DataFrame(
        [{"critere": CRITERES.get(cle, cle), "niveau": NIVEAUX_LISIBLES.get(v.niveau, v.niveau),
          "mots": " ; ".join(f"« {m} »" for m in v.mots), "explication": v.explication, "conseil": v.conseil}
         for cle, v in analyse.verdicts.items()]
    )
    conclusion = "objectif SMART" if analyse.est_smart else "pas encore un objectif SMART"
    afficher_phrase(conclusion, titre="Verdict")
    if analyse.plancher:
        afficher_phrase(analyse.plancher, titre="Plancher légal")
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

def _valeur_1(valeur) -> str:
    from spaserlib.commun.format_fr import nombre

    if valeur is None or pd.isna(valeur):
        return "—"
    return nombre(valeur, 1).removesuffix(",0")


def _dans_l_unite(valeur, trajectoire, ecart: bool = False) -> str:
    """Une valeur d'objectif dans son unité : « 50,3 % » pour une part, en points pour une
    tendance de part (« +15,5 points »), « 12 000 heures d'insertion » sinon."""
    if valeur is None or pd.isna(valeur):
        return "—"
    texte = _valeur_1(valeur)
    if ecart:
        texte = ("+" if valeur > 0 else "") + texte.replace("-", "−")
    if trajectoire.objectif.unite in ("part_nombre", "part_valeur"):
        return f"{texte} point{'s' if abs(valeur) >= 2 else ''}" if ecart else f"{texte}\u00a0%"
    from spaserlib.objectifs.modele import UNITES

    unite = UNITES.get(trajectoire.objectif.unite or "", ("",))[0]
    return f"{texte} ({unite})" if unite else texte


def table_trajectoires_lisible(trajectoires: list) -> pd.DataFrame:
    """Une ligne par objectif, valeurs écrites dans leur unité, échéance en date : ce que montre `vue_trajectoires`."""
    from spaserlib.analyse.trajectoires import table_trajectoires

    table = table_trajectoires(trajectoires)
    lignes = []
    for trajectoire, ligne in zip(trajectoires, table.itertuples(index=False)):
        lignes.append({
            "objectif": ligne.objectif,
            "cible": _dans_l_unite(ligne.cible, trajectoire),
            "echeance": ligne.echeance,
            "annee_derniere": ligne.annee_derniere,
            "derniere_valeur": _dans_l_unite(ligne.derniere_valeur, trajectoire),
            "tendance_par_an": _dans_l_unite(ligne.tendance_par_an, trajectoire, ecart=True),
            "projection_echeance": _dans_l_unite(ligne.projection_echeance, trajectoire),
            "statut": ligne.statut,
        })
    return pd.DataFrame(lignes)


def description_trajectoire(trajectoire) -> str:
    """Le texte de remplacement de la figure d'une trajectoire : ce qu'elle montre et où en est l'objectif."""
    return (f"Évolution par année de l'indicateur de l'objectif, avec la cible et la projection à l'échéance. "
            f"{trajectoire.phrase}")


def vue_trajectoires(trajectoires: list, figures: bool = True) -> None:
    """Les trajectoires d'objectifs : une phrase par objectif, une table résumée, et une figure chacune.

    Les valeurs sont dans l'unité de chaque objectif (les parts en pourcentage de 0 à 100).
    """
    from spaserlib.analyse.trajectoires import figure_trajectoire

    if not trajectoires:
        afficher_phrase("Aucun objectif à suivre.")
        return
    for trajectoire in trajectoires:
        afficher_phrase(trajectoire.phrase, titre=trajectoire.objectif.libelle)
    afficher_table(table_trajectoires_lisible(trajectoires), max_lignes=None,
                   libelles={"annee_derniere": "Dernière année observée"})
    if figures:
        for trajectoire in trajectoires:
            afficher_figure(figure_trajectoire(trajectoire), description_trajectoire(trajectoire))


COLONNES_OBLIGATIONS = ["intitule", "reference", "date_application", "chiffre", "statut", "explication", "fiabilite"]


def vue_obligations(obligations: pd.DataFrame, regles: list | None = None, colonnes: list | None = None) -> None:
    """La table des obligations évaluées (voir `spaserlib.analyse.obligations.evaluer_obligations`).

    regles   les identifiants de règles à montrer (colonne « regle »), par défaut toutes ;
    colonnes les colonnes à montrer (par défaut `COLONNES_OBLIGATIONS`).
    Les points incertains restent signalés (colonne « Fiabilité » : ⚠). Le statut et l'explication
    sont ceux que lit l'assemblée (`spaserlib.documents.diagnostic.obligations_lisibles`) : la situation
    de l'organisation au regard du SPASER dite comme dans le sommaire du rapport, les lignes de la
    feuille « Saisie » désignées par leur libellé.
    """
    from spaserlib.documents.diagnostic import obligations_lisibles

    table = obligations
    if regles is not None:
        inconnues = sorted(set(regles) - set(table["regle"]))
        if inconnues:
            raise ErreurParametre(
                f"Règle(s) inconnue(s) : {', '.join(inconnues)}. Règles évaluées : {', '.join(table['regle'])}."
            )
        table = table[table["regle"].isin(regles)]
    colonnes = colonnes or [c for c in COLONNES_OBLIGATIONS if c in table.columns]
    afficher_table(obligations_lisibles(table), colonnes=colonnes, max_lignes=None)
