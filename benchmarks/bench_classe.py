"""Temps de `spaser classe` pour une classe contre la boucle naïve qu'écrirait un utilisateur.

Boucle naïve : pour chaque participant et chaque notebook, la commande `papermill` puis
`jupyter nbconvert --to html --no-input`, l'une après l'autre. `spaser classe` : notebooks exécutés
dans chaque processus même (sans noyau Jupyter), paramétrage et rendu aussi, réserve de --jobs processus ;
il écrit en plus le sommaire et le projet de SPASER (DOCX et HTML) de chaque participant.

Imprime, pour chacun : durée totale, durée par participant, pic mémoire (somme des RSS de tout
l'arbre de processus, relevée toutes les 0,1 s), et le rapport des durées.

    PYTHONPATH=. python benchmarks/bench_classe.py [--participants 12] [--jobs 2] [--notebooks DOSSIER]

Par défaut, les notebooks de rapport du cours (notebooks/) s'il y en a, sinon ceux de tests/notebooks.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

RACINE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(RACINE))

from spaserlib.documents.execution import notebooks_de_rapport  # noqa: E402

DONNEES = RACINE / "tests" / "donnees" / "rapport" / "commune"
OBJECTIFS = RACINE / "tests" / "donnees" / "rapport" / "objectifs.yaml"


def mesurer(commandes: list[list[str]], env: dict) -> tuple[float, int]:
    """Exécute les commandes l'une après l'autre ; renvoie (durée en s, pic mémoire de l'arbre en octets)."""
    pic = 0
    debut = time.perf_counter()
    for commande in commandes:
        processus = subprocess.Popen(commande, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        parent = psutil.Process(processus.pid)
        fini = threading.Event()

        def relever():
            nonlocal pic
            while not fini.is_set():
                try:
                    arbre = [parent, *parent.children(recursive=True)]
                    total = 0
                    for p in arbre:
                        try:
                            total += p.memory_info().rss
                        except psutil.Error:
                            pass
                    pic = max(pic, total)
                except psutil.Error:
                    pass
                fini.wait(0.1)

        fil = threading.Thread(target=relever, daemon=True)
        fil.start()
        sortie, erreur = processus.communicate()
        fini.set()
        fil.join()
        if processus.returncode != 0:
            raise SystemExit(f"Échec de {' '.join(commande[:3])}… :\n{sortie[-2000:]}\n{erreur[-1000:]}")
    return time.perf_counter() - debut, pic


def main() -> None:
    analyseur = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    analyseur.add_argument("--participants", type=int, default=12)
    analyseur.add_argument("--jobs", type=int, default=os.cpu_count())
    analyseur.add_argument("--notebooks", type=Path, nargs="+", default=None,
                           help="dossier de notebooks de rapport, ou liste de notebooks")
    analyseur.add_argument("--donnees", type=Path, default=DONNEES, help="dossier de données copié pour chaque participant")
    analyseur.add_argument("--organisations", type=Path, nargs="+", default=None,
                           help="un participant par dossier d'organisation (par exemple datasets/val-fleuri "
                                "datasets/trois-rivieres, la mesure de l'issue 13) ; remplace --participants et --donnees")
    args = analyseur.parse_args()
    sources = list(args.organisations) if args.organisations else [args.donnees] * args.participants
    args.participants = len(sources)
    if args.notebooks and not (len(args.notebooks) == 1 and args.notebooks[0].is_dir()):
        notebooks = [p.resolve() for p in args.notebooks]
        dossier_nb = notebooks[0].parent
    else:
        dossier_nb = args.notebooks[0] if args.notebooks else (
            RACINE / "notebooks" if notebooks_de_rapport_existants() else RACINE / "tests" / "notebooks")
        notebooks = notebooks_de_rapport(dossier_nb)
    env = dict(os.environ, PYTHONPATH=str(RACINE) + os.pathsep + os.environ.get("PYTHONPATH", ""), PYTHONWARNINGS="ignore")
    bin_dir = Path(sys.executable).parent

    with tempfile.TemporaryDirectory(prefix="bench-classe-") as tmp:
        tmp = Path(tmp)
        lignes = ["nom,donnees,objectifs"]
        for i in range(args.participants):
            shutil.copytree(sources[i], tmp / f"p{i:02d}")
            lignes.append(f"Participant {i:02d},p{i:02d},{OBJECTIFS}")
        (tmp / "participants.csv").write_text("\n".join(lignes) + "\n", encoding="utf-8")

        naif = []
        for i in range(args.participants):
            sortie = tmp / "naif" / f"p{i:02d}"
            sortie.mkdir(parents=True)
            for nb in notebooks:
                execute = sortie / nb.name
                naif.append([str(bin_dir / "papermill"), str(nb), str(execute), "--cwd", str(nb.parent),
                             "-p", "donnees", str(tmp / f"p{i:02d}"), "-p", "collectivite", f"Participant {i:02d}",
                             "-p", "interactif", "False", "-p", "pseudonymiser", "False"])
                naif.append([str(bin_dir / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(execute)])
        kit = [[sys.executable, "-m", "spaserlib", "classe", str(tmp / "participants.csv"), "--sortie", str(tmp / "kit"),
                "--jobs", str(args.jobs), "--force", "--notebooks", *map(str, notebooks)]]

        print(f"{args.participants} participants × {len(notebooks)} notebooks ({', '.join(n.name for n in notebooks)}), "
              f"données {', '.join(sorted({s.name for s in sources}))}, "
              f"{os.cpu_count()} cœurs, --jobs {args.jobs}")
        duree_kit, pic_kit = mesurer(kit, env)
        print(f"spaser classe  : {duree_kit:7.1f} s  ({duree_kit / args.participants:5.2f} s/participant)  pic mémoire {pic_kit / 2**20:6.0f} Mio")
        duree_naif, pic_naif = mesurer(naif, env)
        print(f"boucle naïve   : {duree_naif:7.1f} s  ({duree_naif / args.participants:5.2f} s/participant)  pic mémoire {pic_naif / 2**20:6.0f} Mio")
        objectif = 10 if args.jobs >= 2 else 5  # issue 13 : 10× avec --jobs 2, 5× avec --jobs 1
        print(f"rapport        : spaser classe est {duree_naif / duree_kit:.1f}× plus rapide "
              f"(objectif : ≥ {objectif}× avec --jobs {args.jobs})")
        print(f"charge moyenne de la machine pendant la mesure : {os.getloadavg()[0]:.1f}")


def notebooks_de_rapport_existants() -> bool:
    dossier = RACINE / "notebooks"
    return dossier.is_dir() and bool(notebooks_de_rapport(dossier))


if __name__ == "__main__":
    main()
