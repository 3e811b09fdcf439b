"""Sous-commande « spaser tableau-de-bord » : écrire le classeur de suivi de l'acheteur."""

from __future__ import annotations

from pathlib import Path

from spaserlib.commun.calendrier import ajouter_option_date, date_de_l_option
from spaserlib.commun.erreurs import ErreurFichier, ErreurParametre

# Les clés de spaserlib.analyse.obligations.TYPES_ACHETEUR, recopiées pour que l'aide de la commande
# n'importe pas pandas (un test vérifie que les deux restent égales).
TYPES_ACHETEUR = ("autre", "collectivite", "etat")


def ajouter(sous_parseurs) -> None:
    p = sous_parseurs.add_parser(
        "tableau-de-bord",
        help="écrire le classeur de suivi (indicateurs, cibles, obligations, saisie, communication)",
        description="Écrit un classeur XLSX de suivi du SPASER qu'un acheteur peut continuer à remplir : "
                    "une feuille par indicateur, les cibles, la table des obligations juridiques, une feuille "
                    "« Saisie » et un plan de communication.",
    )
    p.add_argument("donnees", metavar="DONNEES", help="dossier de l'organisation ou fichier d'achats ou de marchés")
    p.add_argument("--sortie", required=True, metavar="FICHIER.xlsx", help="classeur à écrire (XLSX)")
    ajouter_option_date(p, "date de référence AAAA-MM-JJ : les obligations sont évaluées et le plan de communication "
                           "daté à partir de ce jour (par défaut, la date du jour)")
    p.add_argument("--type-acheteur", choices=sorted(TYPES_ACHETEUR),
                   help="collectivite, etat ou autre (par défaut : d'après le profil de l'organisation)")
    p.add_argument("--saisie", metavar="FICHIER.xlsx",
                   help="classeur de suivi déjà rempli : reprend les valeurs de sa feuille « Saisie »")
    p.add_argument("--objectifs", metavar="FICHIER.yaml",
                   help="objectifs de l'organisation (YAML ou JSON : liste d'objectifs, champs du modèle Objectif)")
    p.add_argument("--fournisseurs", action="append", default=[], metavar="LIBELLE=FICHIER",
                   help="liste de fournisseurs ciblés (un SIRET ou un nom par ligne), ex. SIAE=siae.txt ; répétable")
    p.set_defaults(executer=executer)


def lire_liste_fournisseurs(option: str) -> tuple[str, list[str]]:
    """« SIAE=siae.txt » -> (« SIAE », [lignes non vides du fichier])."""
    if "=" not in option:
        raise ErreurParametre(
            f"Option --fournisseurs « {option} » : écrivez LIBELLE=FICHIER, par exemple --fournisseurs SIAE=siae.txt."
        )
    libelle, fichier = option.split("=", 1)
    chemin = Path(fichier)
    _refuser_special(chemin, "la liste de fournisseurs")
    if not chemin.is_file():
        raise ErreurFichier(chemin, "liste de fournisseurs introuvable.",
                            "Donnez un fichier texte avec un SIRET ou un nom de fournisseur par ligne.")
    lignes = [l.strip() for l in chemin.read_text(encoding="utf-8-sig").splitlines() if l.strip()]
    return libelle.strip(), lignes


def _refuser_special(chemin, quoi: str) -> None:
    from spaserlib.lecture.organisation import refuser_fichier_special

    refuser_fichier_special(chemin, quoi)


def charger(chemin):
    """Charge les données de l'organisation (module de lecture du kit)."""
    from spaserlib.lecture.organisation import charger_organisation

    return charger_organisation(chemin)


def executer(args) -> int:
    from spaserlib.documents.tableau_de_bord import ecrire_tableau_de_bord, lire_saisie

    sortie = Path(args.sortie)
    if sortie.suffix.lower() != ".xlsx":
        raise ErreurParametre(f"Option --sortie « {args.sortie} » : le classeur doit avoir l'extension .xlsx.")
    saisie = None
    if args.saisie:
        if Path(args.saisie).resolve() == sortie.resolve():
            raise ErreurParametre(
                "Le classeur de saisie et le classeur de sortie sont le même fichier : le kit ne modifie jamais "
                "un fichier d'entrée. Choisissez un autre nom pour --sortie."
            )
        _refuser_special(args.saisie, "le classeur de saisie")
        saisie = lire_saisie(args.saisie)
    listes = dict(lire_liste_fournisseurs(o) for o in args.fournisseurs)
    objectifs = None
    if args.objectifs:
        from spaserlib.objectifs.fichiers import lire_objectifs

        _refuser_special(args.objectifs, "les objectifs")
        objectifs, _axes = lire_objectifs(args.objectifs)
    jour = date_de_l_option(args.date)
    organisation = charger(args.donnees)
    ecrire_tableau_de_bord(sortie, organisation, date_evaluation=jour, listes_fournisseurs=listes,
                           saisie=saisie, type_acheteur=args.type_acheteur, objectifs=objectifs)
    print(f"Classeur de suivi écrit : {sortie} (évalué au {jour:%d/%m/%Y}).")
    return 0
