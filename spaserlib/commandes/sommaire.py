"""`spaser sommaire` : régénère notebooks/00.00-Sommaire.ipynb à partir des notebooks présents."""

from __future__ import annotations

from spaserlib.commun.ressources import dossier_kit

DOSSIER_PAR_DEFAUT = dossier_kit("notebooks")


def ajouter(sous_parseurs) -> None:
    parseur = sous_parseurs.add_parser(
        "sommaire",
        help="régénérer le sommaire des notebooks du cours",
        description="Régénère le notebook sommaire (00.00-Sommaire.ipynb) à partir des noms et des titres "
        "des notebooks numérotés CC.SS-Titre.ipynb.",
    )
    parseur.add_argument("dossier", nargs="?", default=str(DOSSIER_PAR_DEFAUT),
                         help="dossier des notebooks (par défaut : notebooks/ du kit)")
    parseur.add_argument("--verifier", action="store_true",
                         help="ne rien écrire ; code de sortie 1 si le sommaire n'est pas à jour")
    parseur.set_defaults(executer=executer)


def executer(args) -> int:
    from spaserlib.cours.sommaire import ecrire_sommaire, sommaire_a_jour

    if args.verifier:
        if sommaire_a_jour(args.dossier):
            print("Le sommaire est à jour.")
            return 0
        print("Le sommaire n'est pas à jour : lancez « spaser sommaire » pour le régénérer.")
        return 1
    chemin = ecrire_sommaire(args.dossier)
    print(f"Sommaire écrit : {chemin}")
    return 0
