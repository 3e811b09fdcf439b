"""Benchmark : lire et valider 1 000 000 lignes de dépenses avec le kit, contre un pandas.read_csv nu.

    PYTHONPATH=. python benchmarks/bench_lecture.py [--lignes 1000000] [--repetitions 3] [--garder]

Le script fabrique un CSV de dépenses à la française (séparateur « ; », cp1252, montants
« 1 234,56 € » avec espace insécable, dates jj/mm/aaaa, SIRET, CPV) dans un dossier temporaire,
puis mesure chaque variante dans un sous-processus neuf (un pic mémoire propre par variante) :

- « pandas nu » : ``pandas.read_csv(fichier, sep=";", encoding="cp1252")`` ;
- « kit »       : ``spaserlib.lecture.fichiers.lire_achats(fichier)`` (détection de l'encodage, du
                  séparateur et de l'en-tête, montants, dates, SIRET, CPV, contrôles, problèmes).

Avec ``--processus``, chaque variante est un processus entier (démarrage de Python et imports compris),
comme l'utilisateur qui tape la commande :

- « pandas nu »          : ``python -c "pandas.read_csv(fichier, sep=';', encoding='cp1252')"`` ;
- « pandas à la française » : le même, puis montants « 1 234,56 € » et dates jj/mm/aaaa convertis
                           (``str.replace``, ``to_numeric``, ``to_datetime``) ;
- « spaser verifier »    : ``python -m spaserlib verifier fichier`` (lecture, contrôles, compte rendu).

Objectif : ``spaser verifier`` au plus 2 fois « pandas nu ».

Le temps est le meilleur de `--repetitions` exécutions (les variantes alternent, pour que la
charge de la machine pèse autant sur l'une que sur l'autre) ; le temps CPU du processus est
imprimé aussi, moins sensible aux autres programmes d'une machine chargée. La mémoire est le pic
de mémoire résidente du sous-processus (ru_maxrss) moins sa mémoire après les imports. Le script imprime le
ratio kit / pandas. Objectif : au plus 2.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parents[1]

MESURE = r"""
import json, resource, sys, time
import pandas as pd
from spaserlib.lecture.fichiers import lire_achats

def rss_actuel():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize()

chemin, variante = sys.argv[1], sys.argv[2]
base = rss_actuel()
debut, debut_cpu = time.perf_counter(), time.process_time()
if variante == "pandas":
    table = pd.read_csv(chemin, sep=";", encoding="cp1252")
    lignes = len(table)
else:
    lecture = lire_achats(chemin)
    lignes = lecture.lignes_gardees
duree, cpu = time.perf_counter() - debut, time.process_time() - debut_cpu
pic = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"duree": duree, "cpu": cpu, "pic": pic - base, "lignes": lignes}))
"""


PANDAS_NU = "import sys, pandas as pd; print(len(pd.read_csv(sys.argv[1], sep=';', encoding='cp1252')))"
PANDAS_FRANCAIS = r"""
import sys, pandas as pd
t = pd.read_csv(sys.argv[1], sep=";", encoding="cp1252", dtype=str)
montants = pd.to_numeric(t["Montant HT"].str.replace("\u00a0", "").str.replace(" €", "").str.replace(",", "."))
dates = pd.to_datetime(t["Date de mandatement"], format="%d/%m/%Y")
print(len(t), montants.sum())
"""


def processus_entier(chemin: Path, variante: str) -> dict:
    """Temps écoulé, temps CPU et pic de mémoire d'un processus entier."""
    commandes = {
        "pandas": [sys.executable, "-c", PANDAS_NU, str(chemin)],
        "francais": [sys.executable, "-c", PANDAS_FRANCAIS, str(chemin)],
        "verifier": [sys.executable, "-m", "spaserlib", "verifier", str(chemin)],
    }
    env = dict(os.environ, PYTHONPATH=str(RACINE))
    debut = time.perf_counter()
    processus = subprocess.Popen(commandes[variante], env=env, cwd=RACINE, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
    _, statut, ressources = os.wait4(processus.pid, 0)
    processus.returncode = 0
    return {"duree": time.perf_counter() - debut, "cpu": ressources.ru_utime + ressources.ru_stime,
            "pic": ressources.ru_maxrss * 1024, "statut": statut}


def comparer_processus(chemin: Path, repetitions: int) -> None:
    libelles = {"pandas": "pandas nu", "francais": "pandas à la française", "verifier": "spaser verifier"}
    resultats = {v: [] for v in libelles}
    for _ in range(repetitions):
        for variante in libelles:
            resultats[variante].append(processus_entier(chemin, variante))
    meilleurs = {v: {m: min(r[m] for r in res) for m in ("duree", "cpu", "pic")} for v, res in resultats.items()}
    for variante, libelle in libelles.items():
        m = meilleurs[variante]
        print(f"{libelle:<24} processus entier {m['duree']:6.2f} s, temps CPU {m['cpu']:6.2f} s, "
              f"pic mémoire {m['pic'] / 2**20:5.0f} Mio")
    v = meilleurs["verifier"]
    for reference in ("pandas", "francais"):
        r = meilleurs[reference]
        print(f"Ratio spaser verifier / {libelles[reference]} : temps {v['duree'] / r['duree']:.2f}×, "
              f"temps CPU {v['cpu'] / r['cpu']:.2f}×, mémoire {v['pic'] / r['pic']:.2f}×")
    print("Objectif : spaser verifier ≤ 2× pandas nu, en processus entiers.")


def mesurer(chemin: Path, variante: str) -> dict:
    env = dict(os.environ, PYTHONPATH=str(RACINE))
    sortie = subprocess.run([sys.executable, "-c", MESURE, str(chemin), variante], env=env,
                            capture_output=True, text=True, check=True)
    return json.loads(sortie.stdout.strip().splitlines()[-1])


def main() -> None:
    parseur = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parseur.add_argument("--lignes", type=int, default=1_000_000)
    parseur.add_argument("--repetitions", type=int, default=3)
    parseur.add_argument("--garder", action="store_true", help="garder le CSV fabriqué (son chemin est imprimé)")
    parseur.add_argument("--processus", action="store_true",
                         help="mesurer aussi des processus entiers : spaser verifier contre pandas (voir le module)")
    parseur.add_argument("--fichier", type=Path, help="CSV déjà fabriqué (par fabriquer_csv.py) à mesurer")
    args = parseur.parse_args()
    sys.path.insert(0, str(RACINE / "benchmarks"))
    from fabriquer_csv import fabriquer

    dossier = Path(tempfile.mkdtemp(prefix="spaser-bench-"))
    chemin = dossier / "depenses.csv"
    if args.fichier:
        chemin, args.garder = args.fichier, True
    else:
        fabriquer(str(chemin), args.lignes)
    print(f"Fichier : {chemin.name}, {chemin.stat().st_size / 1e6:.1f} Mo (cp1252, « ; »)")
    resultats = {"pandas": [], "kit": []}
    for _ in range(args.repetitions):
        for variante in ("pandas", "kit"):
            resultats[variante].append(mesurer(chemin, variante))
    meilleurs = {v: {m: min(r[m] for r in res) for m in ("duree", "cpu", "pic")} for v, res in resultats.items()}
    for variante, libelle in (("pandas", "pandas.read_csv nu"), ("kit", "kit (lire_achats)")):
        m = meilleurs[variante]
        toutes = ", ".join(f"{r['duree']:.2f}" for r in resultats[variante])
        print(f"{libelle:<20} temps {m['duree']:6.2f} s (essais : {toutes}), temps CPU {m['cpu']:6.2f} s, "
              f"pic mémoire {m['pic'] / 2**20:5.0f} Mio")
    k, p = meilleurs["kit"], meilleurs["pandas"]
    print(f"Ratio kit / pandas : temps {k['duree'] / p['duree']:.2f}×, temps CPU {k['cpu'] / p['cpu']:.2f}×, "
          f"mémoire {k['pic'] / p['pic']:.2f}× (objectif : ≤ 2×)")
    print(f"Lignes gardées par le kit : {resultats['kit'][0]['lignes']:_}".replace("_", " "))
    if args.processus:
        comparer_processus(chemin, args.repetitions)
    if args.garder:
        print(f"CSV gardé : {chemin}")
    else:
        chemin.unlink()
    if dossier.exists() and not any(dossier.iterdir()):
        dossier.rmdir()


if __name__ == "__main__":
    main()
