"""Les notebooks d'exercices : exercises/ à jour, et les deux versions tournent de haut en bas sans formulaire."""

import json
import subprocess
import sys

import nbformat
import papermill
import pytest

from spaserlib.exercices.generation import generer_exercices
from spaserlib.exercices.notation import corriger, lire_bareme, lire_corrige
from spaserlib.exercices.reponses import lire_reponse
from tests import RACINE

# Les exercices ; les quiz (00.01, 04.05) ont leurs propres tests (test_notebooks_quiz.py).
NOTEBOOKS = sorted(p.name for p in (RACINE / "solutions").glob("*-Exercice-*.ipynb"))


def test_les_trois_exercices_existent():
    assert NOTEBOOKS == ["04.02-Exercice-Kraljic.ipynb", "04.03-Exercice-SMART.ipynb", "04.04-Exercice-axes.ipynb"]


def test_exercises_est_a_jour():
    changes = generer_exercices(RACINE / "solutions", RACINE / "exercises", ecrire=False)
    assert changes == [], f"exercises/ n'est pas à jour ({', '.join(changes)}) : lancez « spaser exercices »."


@pytest.mark.parametrize("dossier", ["solutions", "exercises"])
@pytest.mark.parametrize("nom", NOTEBOOKS)
def test_notebook_sans_sorties_ni_compteurs_avec_parametres(dossier, nom):
    nb = nbformat.read(RACINE / dossier / nom, as_version=4)
    codes = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.outputs == [] and c.execution_count is None for c in codes)
    parametres = [c for c in codes if "parameters" in c.metadata.get("tags", [])]
    assert len(parametres) == 1
    for ligne in ('participant = ""', 'dossier_reponses = "reponses"', "interactif = None", 'donnees = "../datasets/trois-rivieres"'):
        assert ligne in parametres[0].source
    # Aucune logique d'analyse dans les notebooks : ils appellent spaserlib.
    source = "\n".join(c.source for c in codes)
    assert "def " not in source and "import pandas" not in source


def _executer(dossier, nom, tmp_path, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", str(RACINE))
    sortie = tmp_path / nom
    reponses = tmp_path / "reponses"
    papermill.execute_notebook(
        str(RACINE / dossier / nom), str(sortie), kernel_name="python3", cwd=str(RACINE / dossier),
        parameters={"participant": "Camille Test", "dossier_reponses": str(reponses), "interactif": False},
        progress_bar=False,
    )
    nb = nbformat.read(sortie, as_version=4)
    textes = json.dumps([c.get("outputs", []) for c in nb.cells], ensure_ascii=False)
    return textes, reponses


def _corriger(fichier):
    return corriger(lire_reponse(fichier), lire_corrige(RACINE / "solutions" / "corrige.yaml"), lire_bareme())


@pytest.mark.parametrize("nom", NOTEBOOKS)
def test_version_formateur_tourne_et_obtient_tous_les_points(nom, tmp_path, monkeypatch):
    avant = sorted(p.relative_to(RACINE) for p in (RACINE / "solutions").rglob("*"))
    textes, reponses = _executer("solutions", nom, tmp_path, monkeypatch)
    assert "Réponses enregistrées" in textes
    fichiers = list(reponses.glob("camille-test__*.json"))
    assert len(fichiers) == 1
    correction = _corriger(fichiers[0])
    assert correction.score == correction.maximum > 0
    # Rien n'est écrit dans le dépôt.
    assert sorted(p.relative_to(RACINE) for p in (RACINE / "solutions").rglob("*")) == avant


@pytest.mark.parametrize("nom", NOTEBOOKS)
def test_version_apprenant_tourne_avec_le_squelette(nom, tmp_path, monkeypatch):
    textes, reponses = _executer("exercises", nom, tmp_path, monkeypatch)
    assert "Réponses enregistrées" in textes
    correction = _corriger(next(reponses.glob("camille-test__*.json")))
    # Le squelette ne répond rien : tout vaut zéro, mais le notebook va jusqu'au bout.
    assert correction.score == 0 and correction.maximum > 0


def _commande(*args):
    return subprocess.run([sys.executable, "-m", "spaserlib", "exercices", *map(str, args)],
                          capture_output=True, text=True, env={"PYTHONPATH": str(RACINE)})


def test_commande_verifier_codes_de_sortie(tmp_path):
    solutions, exercices = tmp_path / "solutions", tmp_path / "exercises"
    solutions.mkdir()
    nb = nbformat.read(RACINE / "solutions" / NOTEBOOKS[0], as_version=4)
    nbformat.write(nb, solutions / "a.ipynb")
    r = _commande("--solutions", solutions, "--exercices", exercices, "--verifier")
    assert r.returncode == 1
    assert "Les exercices ne sont pas à jour : a.ipynb. Lancez « spaser exercices »." in r.stdout
    assert not exercices.exists()
    r = _commande("--solutions", solutions, "--exercices", exercices)
    assert r.returncode == 0 and "1 notebook(s) régénéré(s) : a.ipynb" in r.stdout
    r = _commande("--solutions", solutions, "--exercices", exercices, "--verifier")
    assert r.returncode == 0 and "Les exercices sont à jour." in r.stdout


def test_commande_corrige_ecrit_le_fichier_demande(tmp_path):
    solutions = tmp_path / "solutions"
    solutions.mkdir()
    nbformat.write(nbformat.read(RACINE / "solutions" / NOTEBOOKS[0], as_version=4), solutions / "a.ipynb")
    cible = tmp_path / "corrige.yaml"
    r = _commande("--solutions", solutions, "--exercices", tmp_path / "exercises", "--corrige", cible)
    assert r.returncode == 0, r.stderr
    assert f"Corrigé écrit : {cible}" in r.stdout
    assert cible.read_text(encoding="utf-8") == (RACINE / "solutions" / "corrige.yaml").read_text(encoding="utf-8")
