"""`spaser exercices` : génère les versions apprenant (exercises/) depuis les versions formateur (solutions/)."""

from __future__ import annotations

from pathlib import Path

from spaserlib.generation_exercices import generer_exercices

RACINE = Path(__file__).resolve().parents[2]


def ajouter(sous):
    p = sous.add_parser(
        "exercices",
        help="générer les exercices apprenant depuis les solutions du formateur",
        description="Génère exercises/ depuis solutions/ : cellules « solution » retirées, code coupé après « # solution ».",
    )
    p.add_argument("--solutions", type=Path, default=RACINE / "solutions", help="dossier des notebooks formateur (défaut : solutions/)")
    p.add_argument("--exercices", type=Path, default=RACINE / "exercises", help="dossier des notebooks apprenant (défaut : exercises/)")
    p.add_argument("--verifier", action="store_true", help="ne rien écrire ; code de sortie 1 si exercises/ n'est pas à jour")
    p.set_defaults(executer=executer)


def executer(args) -> int:
    changes = generer_exercices(args.solutions, args.exercices, ecrire=not args.verifier)
    if args.verifier:
        if changes:
            print("Les exercices ne sont pas à jour : " + ", ".join(changes) + ". Lancez « spaser exercices ».")
            return 1
        print("Les exercices sont à jour.")
        return 0
    print(f"{len(changes)} notebook(s) régénéré(s)" + (" : " + ", ".join(changes) if changes else " : rien n'a changé."))
    return 0
