"""`spaser sommaire` : régénère notebooks/00.00-Sommaire.ipynb à partir des notebooks présents, et le guide
du formateur (solutions/guide-formateur.md) à partir du programme (notebooks/programme.yaml)."""

from __future__ import annotations

from pathlib import Path

from spaserlib.commun.ressources import dossier_kit

DOSSIER_PAR_DEFAUT = dossier_kit("notebooks")


def ajouter(sous_parseurs) -> None:
    parseur = sous_parseurs.add_parser(
        "sommaire",
        help="régénérer le sommaire des notebooks du cours",
        description="Régénère le notebook sommaire (00.00-Sommaire.ipynb) à partir des noms et des titres "
        "des notebooks numérotés CC.SS-Titre.ipynb, et le guide du formateur (solutions/guide-formateur.md) "
        "à partir du programme de la formation (notebooks/programme.yaml) et des notes du formateur.",
    )
    parseur.add_argument("dossier", nargs="?", default=str(DOSSIER_PAR_DEFAUT),
                         help="dossier des notebooks (par défaut : notebooks/ du kit)")
    parseur.add_argument("--verifier", action="store_true",
                         help="ne rien écrire ; code de sortie 1 si le sommaire n'est pas à jour")
    parseur.set_defaults(executer=executer)


def executer(args) -> int:
    from spaserlib.cours.programme import ecrire_guide, guide_a_jour
    from spaserlib.cours.sommaire import ecrire_sommaire, sommaire_a_jour

    # Le guide suit le programme du kit : il n'est vérifié et écrit que pour le dossier des notebooks du kit.
    du_kit = Path(args.dossier).resolve() == DOSSIER_PAR_DEFAUT.resolve()
    if args.verifier:
        a_jour = {"Le sommaire": sommaire_a_jour(args.dossier)}
        if du_kit:
            a_jour["Le guide du formateur"] = guide_a_jour()
        for quoi, ok in a_jour.items():
            print(f"{quoi} est à jour." if ok else f"{quoi} n'est pas à jour : lancez « spaser sommaire » pour le régénérer.")
        return 0 if all(a_jour.values()) else 1
    print(f"Sommaire écrit : {ecrire_sommaire(args.dossier)}")
    if du_kit:
        print(f"Guide du formateur écrit : {ecrire_guide()}")
    return 0
