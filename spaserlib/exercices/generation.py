"""Génère les versions apprenant (`exercises/`) depuis les versions formateur (`solutions/`).

Règles, celles du MOOC scikit-learn de l'INRIA :
- une cellule portant l'étiquette (tag) ``solution`` est retirée ;
- dans une cellule de code, tout ce qui suit une ligne ``# solution`` est coupé : ce qui précède
  (le squelette à compléter) doit suffire à faire tourner le notebook ;
- les sorties et compteurs d'exécution sont vidés, les identifiants de cellule sont gardés, si bien
  que régénérer ne crée aucune différence.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

from spaserlib.commun.erreurs import ErreurSpaser
from spaserlib.commun.imports import nbformat_rapide

nbformat = nbformat_rapide()  # sans la grammaire RFC 3987 de jsonschema (2 s d'import)

ETIQUETTE_SOLUTION = "solution"
MARQUEUR = re.compile(r"^\s*#\s*solution\s*$", re.IGNORECASE)
BANDEAU = (
    "> **Version apprenant**, générée depuis `solutions/` par `spaser exercices` : "
    "ne la modifiez pas ici, elle serait écrasée à la prochaine génération."
)
ID_BANDEAU = "version-apprenant"


def version_apprenant(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Rend la version apprenant d'un notebook formateur (sans toucher à l'original)."""
    nb = copy.deepcopy(notebook)
    cellules = []
    for cellule in nb.cells:
        etiquettes = cellule.get("metadata", {}).get("tags", [])
        if ETIQUETTE_SOLUTION in etiquettes:
            continue
        if cellule.cell_type == "code":
            lignes = cellule.source.split("\n")
            for i, ligne in enumerate(lignes):
                if MARQUEUR.match(ligne):
                    cellule.source = "\n".join(lignes[:i]).rstrip()
                    break
            cellule.outputs = []
            cellule.execution_count = None
        cellules.append(cellule)
    bandeau = nbformat.v4.new_markdown_cell(BANDEAU)
    bandeau.id = ID_BANDEAU
    nb.cells = [bandeau, *cellules]
    return nb


def _texte(nb: nbformat.NotebookNode) -> str:
    return nbformat.writes(nb, version=4)


def generer_exercices(solutions, exercices, *, ecrire: bool = True) -> list[str]:
    """Génère `exercices/` depuis `solutions/` ; rend la liste des fichiers qui ont changé (ou changeraient).

    Avec ``ecrire=False``, n'écrit rien : sert à vérifier que `exercises/` est à jour.
    Un notebook de `exercices/` qui n'a plus de source dans `solutions/` compte comme un changement.
    """
    solutions, exercices = Path(solutions), Path(exercices)
    sources = sorted(solutions.glob("*.ipynb"))
    if not sources:
        raise ErreurSpaser(f"{solutions} : aucun notebook formateur (.ipynb) à transformer.")
    changes = []
    for source in sources:
        nb = nbformat.read(source, as_version=4)
        texte = _texte(version_apprenant(nb))
        cible = exercices / source.name
        if not cible.exists() or cible.read_text(encoding="utf-8") != texte:
            changes.append(cible.name)
            if ecrire:
                cible.parent.mkdir(parents=True, exist_ok=True)
                temporaire = cible.with_suffix(".ipynb.tmp")
                temporaire.write_text(texte, encoding="utf-8")
                temporaire.replace(cible)
    attendus = {s.name for s in sources}
    for orphelin in sorted(exercices.glob("*.ipynb")):
        if orphelin.name not in attendus:
            changes.append(orphelin.name)
            if ecrire:
                orphelin.unlink()
    return changes
