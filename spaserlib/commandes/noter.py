"""`spaser noter` : note un dossier de réponses d'exercices et écrit les retours et le débriefing."""

from __future__ import annotations

from pathlib import Path

from spaserlib.commun.ressources import racine_kit

RACINE = racine_kit()


def ajouter(sous):
    p = sous.add_parser(
        "noter",
        help="noter les réponses des personnes en formation",
        description="Lit les fichiers JSON de réponses (jamais les notebooks) et écrit notes.csv, un retour HTML par participant et le débriefing de la classe.",
    )
    p.add_argument("reponses", type=Path, help="dossier des fichiers de réponses (.json)")
    p.add_argument("--sortie", type=Path, required=True, help="dossier où écrire les résultats")
    p.add_argument("--corrige", type=Path, default=RACINE / "solutions" / "corrige.yaml", help="corrigé du formateur (défaut : solutions/corrige.yaml)")
    p.add_argument("--quiz", type=Path, default=RACINE / "solutions" / "quiz", help="dossier des quiz YAML (défaut : solutions/quiz)")
    p.add_argument("--bareme", type=Path, default=None, help="barème YAML (défaut : celui du kit, spaserlib/donnees/bareme.yaml)")
    p.set_defaults(executer=executer)


def executer(args) -> int:
    from spaserlib.exercices.notation import noter_dossier
    from spaserlib.lecture.organisation import refuser_fichier_special

    if not args.quiz.is_dir():
        print(f"Erreur : {args.quiz} n'est pas un dossier de quiz (fichiers .yaml) ; indiquez-le avec --quiz.")
        return 2
    for chemin, quoi in ((args.corrige, "le corrigé"), (args.bareme, "le barème")):
        if chemin is not None:
            refuser_fichier_special(chemin, quoi)
    if not args.reponses.is_dir():
        print(f"Erreur : {args.reponses} n'est pas un dossier de réponses.")
        return 2
    notation = noter_dossier(args.reponses, args.sortie, corrige=args.corrige, bareme=args.bareme, quiz=args.quiz)
    notes = notation.notes()
    print(f"{len(notes)} réponse(s) notée(s), {len(notation.refus)} fichier(s) refusé(s).")
    for e in notation.refus:
        print(f"  refusé : {e}")
    _afficher_quiz(notation)
    print(f"Résultats : {args.sortie / 'notes.csv'} ; débriefing : {args.sortie / 'debriefing.html'}")
    return 0


def _afficher_quiz(notation) -> None:
    """Les quiz dans le terminal : moyenne et médiane de la classe, question la moins réussie, progression."""
    from spaserlib.commun.format_fr import pourcentage
    from spaserlib.exercices.notation import libelle_exercice, resultats_quiz
    from spaserlib.exercices.quiz import progression, statistiques_questions

    resultats = resultats_quiz(notation)
    if resultats.empty:
        return
    for quiz, lignes in resultats.groupby("quiz", sort=False):
        scores = lignes.groupby("participant")["points"].sum()
        maximum = lignes.groupby("participant")["maximum"].sum().max()
        print(f"{libelle_exercice(quiz)} : {len(scores)} participant(s), moyenne {_points(scores.mean())} / {_points(maximum)}, "
              f"médiane {_points(scores.median())} / {_points(maximum)}.")
        stats = statistiques_questions(lignes)
        for r in stats.itertuples():
            print(f"  {r.question} ({r.competence}) : {pourcentage(r.taux_reussite)} de réussite")
    table = progression(resultats, {})
    table = table[table["progression_points"].notna()]
    if len(table):
        print("Progression entre le positionnement et l'évaluation finale (points de pourcentage) :")
        for participant, lignes in table.groupby("participant"):
            print(f"  {participant} : " + " ; ".join(f"{r.competence} {r.progression_points:+.0f}".replace(".", ",") for r in lignes.itertuples()))


def _points(x: float) -> str:
    """« 8,5 », « 13 » : deux décimales au plus, sans zéro final."""
    return f"{x:.2f}".rstrip("0").rstrip(".").replace(".", ",")
