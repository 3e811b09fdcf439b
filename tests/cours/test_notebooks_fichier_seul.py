"""Les notebooks du cours exécutés (paramètres papermill, mode statique, moteur des rapports) sur un fichier seul : le cas de l'analyste qui n'a
qu'un export de dépenses (pas de marchés), puis qu'un fichier de marchés (pas de dépenses). La matrice des
organisations exemples est dans test_notebooks.py ; les deux fichiers tournent en parallèle sous `make test`."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cours.test_notebooks import COURS, _fichier_unique, executer_et_verifier

MOTIFS = {"depenses": ("achats*.csv", "*mandats*.csv", "*depenses*.csv"), "marches": ("*decp*.json", "marches*.csv")}


def _cas():
    cas = []
    for motifs in MOTIFS.values():
        fichier = _fichier_unique(motifs)
        assert fichier is not None, f"aucune organisation exemple n'a de fichier {motifs}"
        cas += [(nb, fichier) for nb in COURS]
    return cas


@pytest.mark.parametrize("notebook, donnees", _cas(), ids=lambda x: x.name if isinstance(x, Path) else str(x))
def test_execution_sans_ecran_sur_un_fichier_seul(notebook, donnees, moteur, monkeypatch):
    executer_et_verifier(notebook, donnees, moteur, monkeypatch)
