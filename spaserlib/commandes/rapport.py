"""`spaser rapport` : le rapport d'analyse et le projet de SPASER d'une organisation."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from spaserlib.commun.calendrier import ajouter_option_date, date_de_l_option
from spaserlib.commun.erreurs import ErreurSpaser


def ajouter(sous_parseurs) -> None:
    parseur = sous_parseurs.add_parser(
        "rapport",
        help="produire le rapport d'analyse et le projet de SPASER d'une organisation",
        description=(
            "Exécute les notebooks de rapport du cours sur les données d'une organisation, les rend en HTML "
            "sans le code (lisible hors ligne), écrit un sommaire (index.html) et le projet de SPASER "
            "(projet-spaser.docx et projet-spaser.html). Un rapport existant n'est remplacé qu'en cas de succès."
        ),
    )
    parseur.add_argument("donnees", metavar="DONNEES", help="dossier de l'organisation ou fichier de données seul")
    parseur.add_argument("--sortie", required=True, metavar="DOSSIER", help="dossier du rapport (créé ou remplacé)")
    parseur.add_argument("--collectivite", metavar="NOM", help="nom de l'organisation affiché (défaut : celui du profil)")
    parseur.add_argument("--annee", type=int, metavar="AAAA", help="année de référence (défaut : la dernière année civile complète des données)")
    parseur.add_argument("--objectifs", metavar="FICHIER",
                         help="objectifs du projet de SPASER : fichier YAML/JSON, réponses d'exercices, ou dossier de réponses")
    parseur.add_argument("--pseudonymiser", action="store_true",
                         help="remplacer les noms de fournisseurs et leurs identifiants par des pseudonymes stables")
    ajouter_option_date(parseur, "date de référence AAAA-MM-JJ : le droit est lu à cette date dans les pages, le sommaire "
                                 "et le projet de SPASER (ce qui est en vigueur est écrit comme en vigueur, ce qui est à "
                                 "venir comme à venir, obligations évaluées à ce jour) ; par défaut, la date du jour")
    ajouter_option_notebooks(parseur)
    ajouter_option_modele(parseur)
    ajouter_options_pairs(parseur)
    parseur.set_defaults(executer=executer)


def ajouter_options_pairs(parseur) -> None:
    parseur.add_argument("--pairs", metavar="FICHIER",
                         help="fichier DECP national ou à plusieurs acheteurs (decp.info, data.gouv.fr : JSON, CSV ou "
                         "Parquet) : ajoute au rapport une page qui place l'organisation parmi ses pairs")
    parseur.add_argument("--acheteur", metavar="SIRET",
                         help="avec --pairs, le SIRET de l'organisation (défaut : la ligne « siret: » du profil, sinon "
                         "l'acheteur de ses marchés)")
    parseur.add_argument("--annee-pairs", metavar="PERIODE",
                         help="avec --pairs, l'année de notification (2023), la période (2022-2024) ou « toutes » ; "
                         "par défaut l'année qui compte le plus de marchés dans le fichier")


def ajouter_option_modele(parseur) -> None:
    parseur.add_argument("--modele", metavar="MODELE.docx",
                         help="modèle Word de la collectivité (.docx ou .dotx, sa charte graphique) : le projet de SPASER "
                         "DOCX en reprend les styles, la mise en page, l'en-tête et le pied de page")


def modele_de_l_option(args):
    """Le modèle Word demandé (--modele), refusé tout de suite s'il n'est pas un fichier ordinaire."""
    from spaserlib.lecture.organisation import refuser_fichier_special

    modele = getattr(args, "modele", None)
    if modele:
        refuser_fichier_special(modele, "le modèle Word")
    return modele


def ajouter_option_notebooks(parseur) -> None:
    parseur.add_argument("--notebooks", nargs="+", metavar="CHEMIN",
                         help="notebooks à exécuter, ou dossier de notebooks de rapport (défaut : ceux du cours)")


def liste_notebooks(chemins: list[str] | None) -> list[Path] | None:
    """Les notebooks demandés : un dossier donne ses notebooks de rapport ; None garde le défaut du cours."""
    if not chemins:
        return None
    from spaserlib.documents.execution import notebooks_de_rapport
    from spaserlib.lecture.organisation import refuser_fichier_special

    liste = []
    for chemin in map(Path, chemins):
        refuser_fichier_special(chemin, "les notebooks")
        liste.extend(notebooks_de_rapport(chemin) if chemin.is_dir() else [chemin])
    return liste


def executer(args) -> int:
    from spaserlib.documents.rapport import produire_rapport
    from spaserlib.lecture.organisation import refuser_fichier_special

    refuser_fichier_special(args.donnees)
    if args.objectifs:
        refuser_fichier_special(args.objectifs, "les objectifs")
    if args.pairs:
        refuser_fichier_special(args.pairs, "le fichier des pairs")
    jour = date_de_l_option(args.date)
    logging.getLogger("papermill").setLevel(logging.ERROR)
    try:
        dossier = produire_rapport(
            args.donnees, args.sortie, collectivite=args.collectivite, annee=args.annee, objectifs=args.objectifs,
            pseudonymiser=args.pseudonymiser, notebooks=liste_notebooks(args.notebooks), date_reference=jour,
            pairs=args.pairs, acheteur=args.acheteur, periode_pairs=args.annee_pairs, modele=modele_de_l_option(args),
        )
    except ErreurSpaser as erreur:
        etape = getattr(erreur, "etape", None)
        print(f"Erreur{f' (étape « {etape} »)' if etape else ''} : {erreur}", file=sys.stderr)
        print("Aucun rapport existant n'a été modifié.", file=sys.stderr)
        return 1
    print(f"Rapport écrit dans {dossier} (droit applicable lu au {jour:%d/%m/%Y})")
    print(f"  À ouvrir dans un navigateur : {(dossier / 'index.html').as_uri()}")
    print(f"  Projet de SPASER : {dossier / 'projet-spaser.docx'} (et projet-spaser.html)")
    if args.pairs:
        dire_comparaison(dossier)
    return 0


def dire_comparaison(dossier: Path) -> None:
    """Dit où est la page de comparaison avec les pairs, ou pourquoi elle n'a pas pu être faite."""
    import json

    from spaserlib.documents.page_comparaison import NOM_PAGE
    from spaserlib.documents.rapport import MARQUEUR

    comparaison = json.loads((dossier / MARQUEUR).read_text(encoding="utf-8")).get("comparaison_pairs") or {}
    if comparaison.get("erreur"):
        print(f"  Comparaison avec les pairs impossible : {comparaison['erreur']} (la page {NOM_PAGE} le dit ; "
              "le reste du rapport est écrit).", file=sys.stderr)
    else:
        print(f"  Comparaison avec les pairs : {dossier / NOM_PAGE}")
