"""`spaser noter` : note un dossier de réponses d'exercices et écrit les retours et le débriefing."""

from __future__ import annotations

from pathlib import Path

from spaserlib.commun.ressources import racine_kit

RACINE = racine_kit()


def ajouter(sous):
    p = sous.add_parser(
        "noter",
        help="noter les réponses des participants",
        description="Lit les fichiers JSON de réponses (jamais les notebooks) et écrit notes.csv, un retour HTML par participant et le débriefing de la classe.",
    )
    p.add_argument("reponses", type=Path, help="dossier des fichiers de réponses (.json)")
    p.add_argument("--sortie", type=Path, required=True, help="dossier où écrire les résultats")
    p.add_argument("--corrige", type=Path, default=RACINE / "solutions" / "corrige.yaml", help="corrigé du formateur (défaut : solutions/corrige.yaml)")
    p.add_argument("--bareme", type=Path, default=None, help="barème YAML (défaut : celui du kit, spaserlib/donnees/bareme.yaml)")
    p.set_defaults(executer=executer)


def executer(args) -> int:
    from spaserlib.exercices.notation import noter_dossier
    from spaserlib.lecture.organisation import refuser_fichier_special

    for chemin, quoi in ((args.corrige, "le corrigé"), (args.bareme, "le barème")):
        if chemin is not None:
            refuser_fichier_special(chemin, quoi)
    if not args.reponses.is_dir():
        print(f"Erreur : {args.reponses} n'est pas un dossier de réponses.")
        return 2
    notation = noter_dossier(args.reponses, args.sortie, corrige=args.corrige, bareme=args.bareme)
    notes = notation.notes()
    print(f"{len(notes)} réponse(s) notée(s), {len(notation.refus)} fichier(s) refusé(s).")
    for e in notation.refus:
        print(f"  refusé : {e}")
    print(f"Résultats : {args.sortie / 'notes.csv'} ; débriefing : {args.sortie / 'debriefing.html'}")
    return 0
