"""Benchmark : le temps de réponse de la commande `spaser`, processus entier, contre ``python -c "import pandas"``.

    PYTHONPATH=. python benchmarks/bench_cli.py [--repetitions 5]

Chaque mesure lance un processus neuf (démarrage de Python et imports compris), comme l'utilisateur
qui tape la commande ; les variantes alternent, et le meilleur de `--repetitions` essais est gardé,
pour le temps écoulé et pour le temps CPU du processus (moins sensible à une machine chargée) :

- la référence : ``python -c "import pandas"`` ;
- ``spaser --help`` (objectif : moins de 0,5 s) ;
- ``spaser smart TEXTE`` (objectif : au plus 2 fois la référence) ;
- ``spaser smart TEXTE --donnees datasets/val-fleuri``, avec le cache des organisations ;
- ``spaser verifier`` sur un petit fichier (la lecture n'y pèse presque rien : c'est le démarrage).

Le script imprime aussi les modules lourds (nbformat, matplotlib, openpyxl, docx, jinja2, nbconvert)
importés par chaque variante, d'après ``python -X importtime``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parents[1]
OBJECTIF = "Atteindre 30 % de marchés comportant une clause sociale d'ici 2027, contre 12 % en 2023."
LOURDS = ("nbformat", "nbconvert", "matplotlib", "openpyxl", "docx", "jinja2", "papermill", "ipywidgets")


def variantes() -> dict[str, list[str]]:
    spaser = [sys.executable, "-m", "spaserlib"]
    return {
        'python -c "import pandas"': [sys.executable, "-c", "import pandas"],
        "spaser --help": [*spaser, "--help"],
        "spaser smart TEXTE": [*spaser, "smart", OBJECTIF, "--date", "2026-01-15"],
        "spaser smart TEXTE --donnees (cache)": [*spaser, "smart", OBJECTIF, "--date", "2026-01-15",
                                                 "--donnees", str(RACINE / "datasets" / "val-fleuri")],
        "spaser verifier (petit fichier)": [*spaser, "verifier",
                                            str(RACINE / "tests" / "donnees" / "tableurs" / "point_virgule.csv")],
    }


def mesurer(commande: list[str], env: dict) -> tuple[float, float]:
    """(temps écoulé, temps CPU du processus) ; le temps CPU pèse moins la charge des autres programmes."""
    debut = time.perf_counter()
    processus = subprocess.Popen(commande, env=env, cwd=RACINE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, ressources = os.wait4(processus.pid, 0)
    processus.returncode = 0
    return time.perf_counter() - debut, ressources.ru_utime + ressources.ru_stime


def lourds_importes(commande: list[str], env: dict) -> list[str]:
    sortie = subprocess.run([commande[0], "-X", "importtime", *commande[1:]], env=env, cwd=RACINE,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True).stderr
    modules = {ligne.rsplit("|", 1)[-1].strip() for ligne in sortie.splitlines() if "|" in ligne}
    return sorted(m for m in modules if m in LOURDS)


def main() -> None:
    parseur = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parseur.add_argument("--repetitions", type=int, default=5)
    args = parseur.parse_args()
    cache = Path(tempfile.mkdtemp(prefix="spaser-bench-cli-"))
    env = dict(os.environ, PYTHONPATH=str(RACINE), SPASER_CACHE=str(cache))
    try:
        liste = variantes()
        mesurer(liste["spaser smart TEXTE --donnees (cache)"], env)  # remplit le cache
        temps = {nom: [] for nom in liste}
        for _ in range(args.repetitions):
            for nom, commande in liste.items():
                temps[nom].append(mesurer(commande, env))
        reference = min(t for t, _ in temps['python -c "import pandas"'])
        reference_cpu = min(c for _, c in temps['python -c "import pandas"'])
        for nom, commande in liste.items():
            meilleur, cpu = min(t for t, _ in temps[nom]), min(c for _, c in temps[nom])
            lourds = ", ".join(lourds_importes(commande, env)) or "aucun"
            print(f"{nom:<38} {meilleur:5.2f} s (ratio {meilleur / reference:4.2f}×), CPU {cpu:5.2f} s "
                  f"(ratio {cpu / reference_cpu:4.2f}×), modules lourds : {lourds}")
        print("Objectifs : spaser --help < 0,5 s ; spaser smart TEXTE ≤ 2× la référence.")
    finally:
        shutil.rmtree(cache, ignore_errors=True)


if __name__ == "__main__":
    main()
