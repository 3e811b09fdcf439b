"""Temps d'exécution des notebooks du cours.

Deux mesures :

``--run-all`` (par défaut) : ce que vit une apprenante ou un apprenant dans JupyterLab. Pour chaque notebook,
un noyau est démarré et attendu jusqu'à ce qu'il soit prêt (non compté), puis « Run All » est chronométré :
chaque cellule exécutée dans l'ordre par nbclient, comme JupyterLab le fait. Le noyau voit la variable
``JPY_SESSION_NAME`` comme sous JupyterLab (mode interactif : formulaires). Deux temps par notebook :
le premier Run All (imports du kit compris) et le second, dans le même noyau (tout déjà importé, cache
chaud). Les cellules les plus lentes du premier Run All sont listées.

``--papermill`` : l'ancienne mesure headless (papermill, noyau neuf par notebook, démarrage compris),
avec une référence mesurée dans la même exécution : un notebook d'une seule cellule vide.

Utilisation (depuis la racine du kit) :
    PYTHONPATH=$PWD python benchmarks/temps_notebooks.py [--exercices] [--filtre 02.03] [--cellules 3]
    PYTHONPATH=$PWD python benchmarks/temps_notebooks.py --papermill [--donnees CHEMIN] [--toutes-organisations]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import nbformat

RACINE = Path(__file__).resolve().parents[1]
NOTEBOOKS = RACINE / "notebooks"
sys.path.insert(0, str(RACINE))

from spaserlib.cours.sommaire import notebooks_du_cours  # noqa: E402


# --- Run All dans un noyau prêt (nbclient) -------------------------------------------------------


def _run_all(client, nb) -> tuple[float, list[tuple[float, int, str]]]:
    """Exécute toutes les cellules de code dans l'ordre ; rend le temps total et celui de chaque cellule."""
    temps_cellules = []
    debut = time.perf_counter()
    for index, cellule in enumerate(nb.cells):
        if cellule.cell_type != "code":
            continue
        t0 = time.perf_counter()
        client.execute_cell(cellule, index)
        temps_cellules.append((time.perf_counter() - t0, index, cellule.source.strip().splitlines()[0][:60]
                               if cellule.source.strip() else ""))
    return time.perf_counter() - debut, temps_cellules


def mesurer_run_all(notebook: Path, parametres: dict) -> tuple[float, float, list]:
    """(premier Run All, second Run All, temps des cellules du premier) dans un noyau démarré et prêt."""
    from nbclient import NotebookClient
    from papermill.parameterize import parameterize_notebook

    nb = nbformat.read(notebook, as_version=4)
    if parametres and any("parameters" in c.metadata.get("tags", []) for c in nb.cells):
        nb = parameterize_notebook(nb, parametres)
    client = NotebookClient(nb, kernel_name="python3", timeout=600, allow_errors=False,
                            resources={"metadata": {"path": str(notebook.parent)}})
    with client.setup_kernel(env=os.environ | {"JPY_SESSION_NAME": str(notebook)}):
        # setup_kernel attend que le noyau réponde (wait_for_ready) : le noyau est prêt ici.
        premier, cellules = _run_all(client, nb)
        second, _ = _run_all(client, nb)
    return premier, second, cellules


def principal_run_all(args) -> int:
    notebooks = notebooks_du_cours(NOTEBOOKS)
    if args.exercices:
        notebooks += sorted((RACINE / "exercises").glob("*.ipynb")) + sorted((RACINE / "solutions").glob("*.ipynb"))
    notebooks = [n for n in notebooks if not args.filtre or any(f in str(n) for f in args.filtre)]
    parametres = {"donnees": args.donnees} if args.donnees else {}
    print(f"{'Notebook':<62} {'1er Run All':>11} {'2e Run All':>11}")
    lignes = []
    for notebook in notebooks:
        premier, second, cellules = mesurer_run_all(notebook, parametres)
        nom = f"{notebook.parent.name}/{notebook.name}"
        lignes.append((nom, premier, second))
        print(f"{nom:<62} {premier:9.2f} s {second:9.2f} s", flush=True)
        for duree, index, debut in sorted(cellules, reverse=True)[: args.cellules]:
            print(f"      cellule {index:>2} {duree:6.2f} s  {debut}")
    print(f"{'Maximum':<62} {max(l[1] for l in lignes):9.2f} s {max(l[2] for l in lignes):9.2f} s")
    return 0


# --- Ancienne mesure : papermill, noyau neuf par notebook -----------------------------------------


def executer(notebook: Path, parametres: dict, dossier: Path) -> float:
    import papermill

    debut = time.perf_counter()
    papermill.execute_notebook(str(notebook), str(dossier / notebook.name), parameters=parametres,
                               kernel_name="python3", cwd=str(NOTEBOOKS), progress_bar=False)
    return time.perf_counter() - debut


def reference(dossier: Path) -> float:
    import papermill

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("pass")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    chemin = dossier / "reference.ipynb"
    nbformat.write(nb, chemin)
    debut = time.perf_counter()
    papermill.execute_notebook(str(chemin), str(dossier / "reference-sortie.ipynb"), kernel_name="python3",
                               progress_bar=False)
    return time.perf_counter() - debut


def principal_papermill(args) -> int:
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


def main() -> int:
    parseur = argparse.ArgumentParser(description="Temps d'exécution des notebooks du cours.")
    parseur.add_argument("--papermill", action="store_true",
                         help="ancienne mesure : papermill headless, démarrage du noyau compris")
    parseur.add_argument("--donnees", help="données à analyser (par défaut : celles de chaque notebook)")
    parseur.add_argument("--toutes-organisations", action="store_true",
                         help="(--papermill) exécuter chaque notebook sur chaque organisation exemple")
    parseur.add_argument("--exercices", action="store_true", help="mesurer aussi exercises/ et solutions/")
    parseur.add_argument("--filtre", nargs="*", help="ne mesurer que les notebooks dont le chemin contient l'un de ces textes")
    parseur.add_argument("--cellules", type=int, default=3, help="nombre de cellules lentes listées par notebook")
    args = parseur.parse_args()
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(RACINE), os.environ.get("PYTHONPATH")]))
    os.environ.pop("JPY_SESSION_NAME", None)
    return principal_papermill(args) if args.papermill else principal_run_all(args)


if __name__ == "__main__":
    sys.exit(main())
