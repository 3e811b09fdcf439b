"""Temps d'exécution headless des notebooks du cours (papermill, noyau neuf par notebook).

Imprime le temps de chaque notebook, le total, et une référence mesurée dans la même exécution :
un notebook d'une seule cellule vide (démarrage du noyau seul). L'écart entre les deux est le coût
propre au contenu (imports du kit, lecture des données, analyses, figures).

Utilisation (depuis la racine du kit) :
    PYTHONPATH=$PWD python benchmarks/temps_notebooks.py [--donnees CHEMIN] [--toutes-organisations]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import papermill

RACINE = Path(__file__).resolve().parents[1]
NOTEBOOKS = RACINE / "notebooks"
sys.path.insert(0, str(RACINE))

from spaserlib.cours.sommaire import notebooks_du_cours  # noqa: E402


def executer(notebook: Path, parametres: dict, dossier: Path) -> float:
    debut = time.perf_counter()
    papermill.execute_notebook(str(notebook), str(dossier / notebook.name), parameters=parametres,
                               kernel_name="python3", cwd=str(NOTEBOOKS), progress_bar=False)
    return time.perf_counter() - debut


def reference(dossier: Path) -> float:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("pass")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    chemin = dossier / "reference.ipynb"
    nbformat.write(nb, chemin)
    debut = time.perf_counter()
    papermill.execute_notebook(str(chemin), str(dossier / "reference-sortie.ipynb"), kernel_name="python3",
                               progress_bar=False)
    return time.perf_counter() - debut


def main() -> int:
    parseur = argparse.ArgumentParser(description="Temps d'exécution headless des notebooks du cours.")
    parseur.add_argument("--donnees", help="données à analyser (par défaut : celles de chaque notebook)")
    parseur.add_argument("--toutes-organisations", action="store_true",
                         help="exécuter chaque notebook sur chaque organisation exemple")
    args = parseur.parse_args()
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(RACINE), os.environ.get("PYTHONPATH")]))
    os.environ.pop("JPY_SESSION_NAME", None)
    jeux: list[str | None] = [args.donnees]
    if args.toutes_organisations:
        from spaserlib.lecture.organisation import organisations_exemples

        jeux = [str(p) for p in organisations_exemples()]
    notebooks = notebooks_du_cours(NOTEBOOKS)
    with tempfile.TemporaryDirectory() as dossier:
        dossier = Path(dossier)
        temps_reference = reference(dossier)
        total = 0.0
        print(f"Référence (noyau neuf, une cellule vide) : {temps_reference:.2f} s")
        for donnees in jeux:
            parametres = {"interactif": False} | ({"donnees": donnees} if donnees else {})
            print(f"\nDonnées : {donnees or 'par défaut (paramètre de chaque notebook)'}")
            sous_total = 0.0
            for notebook in notebooks:
                duree = executer(notebook, parametres, dossier)
                sous_total += duree
                print(f"  {notebook.name:<58} {duree:6.2f} s  ({duree / temps_reference:4.1f} × la référence)")
            print(f"  {'Total':<58} {sous_total:6.2f} s  pour {len(notebooks)} notebooks")
            total += sous_total
        if len(jeux) > 1:
            print(f"\nTotal, toutes organisations : {total:.2f} s")
        print(f"Part du démarrage des noyaux : {len(notebooks) * len(jeux) * temps_reference / total:.0%} du total")
    return 0


if __name__ == "__main__":
    sys.exit(main())
