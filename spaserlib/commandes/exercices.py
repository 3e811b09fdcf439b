"""`spaser exercices` : génère les versions apprenant (exercises/) depuis les versions formateur (solutions/)."""

from __future__ import annotations

from pathlib import Path

from spaserlib.commun.ressources import racine_kit

RACINE = racine_kit()
# L'organisation du cas d'étude (spaserlib.exercices.corrige.DOSSIER_CAS_ETUDE, recopié ici pour que
# l'aide de la commande n'importe pas pandas ; un test vérifie que les deux restent égaux).
DOSSIER_CAS_ETUDE = "trois-rivieres"


def ajouter(sous):
    p = sous.add_parser(
        "exercices",
        help="générer les exercices apprenant depuis les solutions du formateur",
        description="Génère exercises/ depuis solutions/ : cellules « solution » retirées, code coupé après « # solution ».",
    )
    p.add_argument("--solutions", type=Path, default=RACINE / "solutions", help="dossier des notebooks formateur (défaut : solutions/)")
    p.add_argument("--exercices", type=Path, default=RACINE / "exercises", help="dossier des notebooks apprenant (défaut : exercises/)")
    p.add_argument("--verifier", action="store_true", help="ne rien écrire ; code de sortie 1 si exercises/ n'est pas à jour")
    p.add_argument(
        "--corrige", type=Path, nargs="?", const=RACINE / "solutions" / "corrige.yaml", default=None, metavar="FICHIER",
        help="écrire aussi le corrigé du formateur (défaut : solutions/corrige.yaml) depuis l'organisation du cas d'étude",
    )
    p.add_argument(
        "--organisation", type=Path, default=RACINE / "datasets" / DOSSIER_CAS_ETUDE,
        help=f"organisation dont on tire le corrigé (défaut : datasets/{DOSSIER_CAS_ETUDE}, le cas d'étude)",
    )
    p.set_defaults(executer=executer)


def executer(args) -> int:
    from spaserlib.exercices.corrige import ecrire_corrige, produire_corrige
    from spaserlib.exercices.generation import generer_exercices

    if args.corrige is not None and not args.verifier:
        try:
            source = f"datasets/{args.organisation.resolve().relative_to(RACINE / 'datasets')}"
        except ValueError:
            source = str(args.organisation)
        chemin = ecrire_corrige(produire_corrige(args.organisation), args.corrige, source=source)
        print(f"Corrigé écrit : {chemin}")
    changes = generer_exercices(args.solutions, args.exercices, ecrire=not args.verifier)
    if args.verifier:
        if changes:
            print("Les exercices ne sont pas à jour : " + ", ".join(changes) + ". Lancez « spaser exercices ».")
            return 1
        print("Les exercices sont à jour.")
        return 0
    print(f"{len(changes)} notebook(s) régénéré(s)" + (" : " + ", ".join(changes) if changes else " : rien n'a changé."))
    return 0
