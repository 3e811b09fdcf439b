"""`spaser noter` note les quiz avec les exercices : résultats par question, statistiques, progression, refus."""

import csv
import re
import subprocess
import sys

from spaserlib.exercices.notation import noter_dossier
from spaserlib.exercices.quiz import lire_quiz_dossier
from spaserlib.exercices.reponses import enregistrer_reponse
from spaserlib.exercices.widgets_quiz import reponses_de_reference
from tests import RACINE

QUIZ = RACINE / "solutions" / "quiz"
CORRIGE = RACINE / "solutions" / "corrige.yaml"


def _lire_csv(chemin):
    with open(chemin, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f, delimiter=";"))


def _classe(dossier):
    quiz = lire_quiz_dossier(QUIZ)
    enregistrer_reponse(dossier, "Alice Martin", "positionnement", {"questions": {"p01": "L2111-3", "p02": "100"}})
    enregistrer_reponse(dossier, "Alice Martin", "evaluation-finale", {"questions": reponses_de_reference(quiz["evaluation-finale"])})
    enregistrer_reponse(dossier, "Alice Martin", "smart", {"objectifs": ["Favoriser les achats durables"]})
    enregistrer_reponse(dossier, "Bruno Petit", "positionnement", {"questions": {"p01": "L2152-7"}})
    (dossier / "bruno-petit__evaluation-finale.json").write_text('{"format": "spaser-reponse", "version', encoding="utf-8")


def test_deux_participants_dont_un_fichier_abime(tmp_path):
    reponses = tmp_path / "reponses"
    _classe(reponses)
    notation = noter_dossier(reponses, tmp_path / "sortie", corrige=CORRIGE, quiz=QUIZ)
    assert [r.fichier.endswith("bruno-petit__evaluation-finale.json") for r in notation.refus] == [True]
    assert "JSON tronqué" in notation.refus[0].raison
    notes = notation.notes()
    assert list(zip(notes["participant"], notes["exercice"])) == [
        ("Alice Martin", "positionnement"), ("Alice Martin", "smart"), ("Alice Martin", "evaluation-finale"), ("Bruno Petit", "positionnement")]
    alice = notes.set_index(["participant", "exercice"])
    assert alice.loc[("Alice Martin", "evaluation-finale"), "score"] == alice.loc[("Alice Martin", "evaluation-finale"), "maximum"] == 13
    assert alice.loc[("Alice Martin", "positionnement"), "score"] == 1

    sortie = tmp_path / "sortie"
    resultats = _lire_csv(sortie / "quiz-resultats.csv")
    assert len(resultats) == 13 * 3  # Alice deux fois, Bruno une fois (son évaluation finale est refusée)
    assert resultats[0]["quiz"] == "positionnement" and resultats[0]["verdict"] == "juste"
    stats = {(l["quiz"], l["question"]): l for l in _lire_csv(sortie / "quiz-statistiques.csv")}
    assert stats[("positionnement", "p01")]["taux_reussite"] == "0,5" and stats[("positionnement", "p01")]["repondants"] == "2"
    assert stats[("positionnement", "p01")]["mediane"] == "0,5"
    progression = {(l["participant"], l["competence"]): l for l in _lire_csv(sortie / "quiz-progression.csv")}
    assert progression[("Alice Martin", "droit")]["taux_positionnement"] == "0,2"
    assert progression[("Alice Martin", "droit")]["progression_points"] == "80,0"
    assert progression[("Bruno Petit", "droit")]["taux_finale"] == ""  # pas d'évaluation finale lisible
    assert "bruno-petit__evaluation-finale.json" in (sortie / "refus.csv").read_text(encoding="utf-8-sig")
    assert "Quiz de positionnement" in (sortie / "retours" / "alice-martin.html").read_text(encoding="utf-8")


def test_sans_dossier_de_quiz_les_quiz_sont_refuses_et_les_exercices_notes(tmp_path):
    reponses = tmp_path / "reponses"
    _classe(reponses)
    notation = noter_dossier(reponses, tmp_path / "sortie", corrige=CORRIGE)
    assert sorted(notation.notes()["exercice"]) == ["smart"]
    assert sum("absent du dossier des quiz" in r.raison for r in notation.refus) == 3


def test_la_commande_affiche_les_quiz_dans_le_terminal(tmp_path):
    reponses = tmp_path / "reponses"
    _classe(reponses)
    sortie = subprocess.run([sys.executable, "-m", "spaserlib", "noter", str(reponses), "--sortie", str(tmp_path / "sortie")],
                            capture_output=True, text=True, cwd=RACINE, check=False)
    assert sortie.returncode == 0, sortie.stderr
    texte = sortie.stdout
    assert "4 réponse(s) notée(s), 1 fichier(s) refusé(s)." in texte
    assert "Quiz de positionnement : 2 participant(s), moyenne 0,5 / 13, médiane 0,5 / 13." in texte
    assert re.search(r"  p01 \(droit\) : 50\s% de réussite", texte)
    assert "  Alice Martin : cartographie +100 ; droit +80 ; smart +100 ; spaser +100" in texte
    assert "Traceback" not in texte + sortie.stderr


def test_un_quiz_mal_forme_arrete_la_commande_avec_un_message(tmp_path):
    quiz = tmp_path / "quiz"
    quiz.mkdir()
    (quiz / "positionnement.yaml").write_text("quiz: positionnement\ntitre: Essai\ncompetences: {droit: Droit}\n"
                                              "questions:\n  - {id: q1, competence: droit, type: oui_non}\n", encoding="utf-8")
    sortie = subprocess.run([sys.executable, "-m", "spaserlib", "noter", str(tmp_path), "--sortie", str(tmp_path / "s"), "--quiz", str(quiz)],
                            capture_output=True, text=True, cwd=RACINE, check=False)
    texte = sortie.stdout + sortie.stderr
    assert "positionnement.yaml" in texte and "question « q1 » : type « oui_non » inconnu" in texte
    assert "Traceback" not in texte
