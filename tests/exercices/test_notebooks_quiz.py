"""Les notebooks des quiz (00.01 positionnement, 04.05 évaluation finale) : exécutés sans écran, sans les réponses côté apprenant."""

import json

import nbformat
import papermill
import pytest

from spaserlib.exercices.notation import corriger, lire_corrige
from spaserlib.exercices.quiz import lire_quiz_dossier
from spaserlib.exercices.reponses import lire_reponse
from tests import RACINE

QUIZ = {"00.01-Quiz-positionnement.ipynb": "positionnement", "04.05-Evaluation-finale.ipynb": "evaluation-finale"}


def _executer(dossier, nom, tmp_path, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", str(RACINE))
    reponses = tmp_path / "reponses"
    papermill.execute_notebook(
        str(RACINE / dossier / nom), str(tmp_path / nom), kernel_name="python3", cwd=str(RACINE / dossier),
        parameters={"participant": "Camille Test", "dossier_reponses": str(reponses), "interactif": False}, progress_bar=False)
    nb = nbformat.read(tmp_path / nom, as_version=4)
    return json.dumps([c.get("outputs", []) for c in nb.cells], ensure_ascii=False), reponses


def _corriger(fichier):
    corrige = lire_corrige(RACINE / "solutions" / "corrige.yaml")
    corrige["quiz"] = lire_quiz_dossier(RACINE / "solutions" / "quiz")
    return corriger(lire_reponse(fichier), corrige, {})


@pytest.mark.parametrize("nom", QUIZ)
def test_la_version_formateur_tourne_et_obtient_tous_les_points(nom, tmp_path, monkeypatch):
    textes, reponses = _executer("solutions", nom, tmp_path, monkeypatch)
    assert "Réponses enregistrées (13 question(s) sur 13)" in textes
    correction = _corriger(reponses / f"camille-test__{QUIZ[nom]}.json")
    assert correction.score == correction.maximum == 13


@pytest.mark.parametrize("nom", QUIZ)
def test_la_version_apprenant_tourne_de_haut_en_bas_sans_rien_modifier(nom, tmp_path, monkeypatch):
    textes, reponses = _executer("exercises", nom, tmp_path, monkeypatch)
    assert "Réponses enregistrées (0 question(s) sur 13)" in textes
    assert _corriger(reponses / f"camille-test__{QUIZ[nom]}.json").score == 0


@pytest.mark.parametrize("nom", QUIZ)
def test_la_version_apprenant_ne_contient_aucune_reponse(nom):
    texte = (RACINE / "exercises" / nom).read_text(encoding="utf-8")
    questionnaire = lire_quiz_dossier(RACINE / "solutions" / "quiz")[QUIZ[nom]]
    assert "reponses_de_reference" not in texte
    for question in questionnaire.questions:
        assert question.explication not in texte and question.source not in texte
        if question.type in ("texte",):
            assert all(forme not in texte for forme in question.reponse), question.id
    nb = nbformat.reads(texte, as_version=4)
    parametres = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(parametres) == 1 and 'participant = ""' in parametres[0].source and "interactif = None" in parametres[0].source
    assert all(c.outputs == [] for c in nb.cells if c.cell_type == "code")


def test_le_quiz_du_cadre_juridique_est_dans_le_notebook_02_01():
    nb = nbformat.read(RACINE / "notebooks" / "02.01-Cadre-juridique.ipynb", as_version=4)
    cellule = next(c for c in nb.cells if c.get("id") == "quiz-cadre-juridique")
    assert 'charger_quiz("cadre-juridique")' in cellule.source and "corriger_sur_place=True" in cellule.source
    assert nb.cells[-1].source.startswith("## À retenir")
    assert "lecon" in cellule.metadata["tags"]  # hors des rapports
