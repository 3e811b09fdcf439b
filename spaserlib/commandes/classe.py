"""`spaser classe` : les rapports de toute une classe, en parallèle."""

from __future__ import annotations

import logging
import os

from spaserlib.commun.calendrier import ajouter_option_date, date_de_l_option
from spaserlib.commandes.rapport import ajouter_option_modele, ajouter_option_notebooks, liste_notebooks, modele_de_l_option


def ajouter(sous_parseurs) -> None:
    parseur = sous_parseurs.add_parser(
        "classe",
        help="produire les rapports de toutes les personnes d'une session de formation",
        description=(
            "Produit un rapport (notebooks rendus, sommaire, projet de SPASER) par participant, en parallèle. "
            "PARTICIPANTS.csv a une ligne par participant et les colonnes nom, donnees et, en option, objectifs, "
            "collectivite, annee (chemins relatifs au fichier CSV). L'échec d'un participant n'arrête pas les autres ; "
            "une relance saute les personnes dont les entrées n'ont pas changé. Le résumé est écrit dans "
            "resume.csv et resume.html. Code de sortie 1 si au moins un participant a échoué."
        ),
    )
    parseur.add_argument("participants", metavar="PARTICIPANTS.csv", help="fichier des personnes en formation")
    parseur.add_argument("--sortie", required=True, metavar="DOSSIER", help="dossier des rapports (un sous-dossier par participant)")
    parseur.add_argument("--jobs", type=int, default=None, metavar="N",
                         help=f"nombre de rapports produits en même temps (défaut : nombre de cœurs, ici {os.cpu_count()})")
    parseur.add_argument("--force", action="store_true", help="refaire tous les rapports, même ceux dont les entrées n'ont pas changé")
    ajouter_option_date(parseur, "date de référence AAAA-MM-JJ, la même pour toute la classe : le droit est lu à cette "
                                 "date dans chaque rapport ; par défaut, la date du jour")
    ajouter_option_notebooks(parseur)
    ajouter_option_modele(parseur)
    parseur.set_defaults(executer=executer)


def _exiger_utf8(chemin) -> None:
    """Lève `ErreurFichier` (avec la ligne) si le fichier des participants n'est pas en UTF-8."""
    from pathlib import Path

    from spaserlib.commun.erreurs import ErreurFichier

    chemin = Path(chemin)
    try:
        contenu = chemin.read_bytes() if chemin.is_file() else None
    except OSError:
        return  # la lecture du fichier dira pourquoi
    if contenu is None:
        return
    try:
        contenu.decode("utf-8-sig")
    except UnicodeDecodeError as erreur:
        ligne = contenu[:erreur.start].count(b"\n") + 1
        raise ErreurFichier(chemin, f"le fichier n'est pas encodé en UTF-8 (ligne {ligne}).",
                            "Enregistrez-le en UTF-8 (dans Excel : « CSV UTF-8 » ; dans LibreOffice : jeu de "
                            "caractères « Unicode (UTF-8) »), puis relancez.") from None


def executer(args) -> int:
    from spaserlib.commun.erreurs import ErreurParametre
    from spaserlib.documents.classe import ECHOUE, produire_classe, texte_resume
    from spaserlib.lecture.organisation import refuser_fichier_special

    refuser_fichier_special(args.participants, "la liste des personnes en formation")
    _exiger_utf8(args.participants)
    if args.jobs is not None and args.jobs < 1:
        raise ErreurParametre(f"--jobs vaut {args.jobs} : il faut au moins 1 (nombre de rapports produits en même temps).")
    jour = date_de_l_option(args.date)
    logging.getLogger("papermill").setLevel(logging.ERROR)
    resultats = produire_classe(args.participants, args.sortie, jobs=args.jobs, force=args.force,
                                notebooks=liste_notebooks(args.notebooks), date_reference=jour,
                                modele=modele_de_l_option(args))
    print(texte_resume(resultats))
    print(f"Résumé écrit dans {os.path.join(os.path.abspath(args.sortie), 'resume.html')} (et resume.csv).")
    return 1 if any(r.statut == ECHOUE for r in resultats) else 0
