"""Benchmark : ouvrir une organisation déjà vue (cache des tables canoniques), contre sa première lecture.

    PYTHONPATH=. python benchmarks/bench_cache.py [DOSSIER…] [--repetitions 3]

Par défaut, chaque organisation exemple de datasets/. Pour chacune, dans un dossier de cache neuf
(variable SPASER_CACHE), chaque mesure est un sous-processus neuf :

- « première lecture » : `charger_organisation` sans entrée de cache (lecture, contrôles, regroupement,
  puis écriture de l'entrée) ;
- « déjà vue »         : `charger_organisation` avec l'entrée écrite par la mesure précédente ;
- « processus entier » : ``python -c "charger_organisation(…)"`` déjà vue, démarrage et imports compris,
  contre ``python -c "import pandas"`` (la référence du même essai).

Temps : le meilleur de `--repetitions` essais. Objectif : une organisation déjà vue s'ouvre en moins
de 0,3 s (temps de `charger_organisation`, imports faits).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parents[1]

MESURE = r"""
import json, sys, time
from spaserlib.lecture.organisation import charger_organisation
debut = time.perf_counter()
organisation = charger_organisation(sys.argv[1])
print(json.dumps({"duree": time.perf_counter() - debut, "achats": len(organisation.achats),
                  "marches": len(organisation.marches), "problemes": len(organisation.problemes)}))
"""


def _processus(code: list[str], cache: Path) -> tuple[float, str]:
    env = dict(os.environ, PYTHONPATH=str(RACINE), SPASER_CACHE=str(cache))
    debut = time.perf_counter()
    sortie = subprocess.run([sys.executable, *code], env=env, cwd=RACINE, capture_output=True, text=True, check=True)
    return time.perf_counter() - debut, sortie.stdout


def mesurer(dossier: Path, repetitions: int) -> None:
    premieres, vues, entiers, pandas_nu = [], [], [], []
    for _ in range(repetitions):
        cache = Path(tempfile.mkdtemp(prefix="spaser-bench-cache-"))
        try:
            _, sortie = _processus(["-c", MESURE, str(dossier)], cache)
            premieres.append(json.loads(sortie))
            _, sortie = _processus(["-c", MESURE, str(dossier)], cache)
            vues.append(json.loads(sortie))
            entiers.append(_processus(["-c", MESURE, str(dossier)], cache)[0])
            pandas_nu.append(_processus(["-c", "import pandas"], cache)[0])
        finally:
            shutil.rmtree(cache, ignore_errors=True)
    assert all({k: v for k, v in p.items() if k != "duree"} == {k: v for k, v in q.items() if k != "duree"}
               for p, q in zip(premieres, vues)), "l'organisation reprise du cache diffère"
    premiere, vue = min(p["duree"] for p in premieres), min(v["duree"] for v in vues)
    entier, reference = min(entiers), min(pandas_nu)
    print(f"{dossier.name} ({vues[0]['achats']} dépenses, {vues[0]['marches']} marchés, "
          f"{vues[0]['problemes']} problèmes)")
    print(f"  première lecture {premiere:6.3f} s ; déjà vue {vue:6.3f} s (objectif < 0,3 s) ; "
          f"gain {premiere / vue:5.1f}×")
    print(f"  processus entier déjà vue {entier:5.2f} s ; python -c \"import pandas\" {reference:5.2f} s ; "
          f"ratio {entier / reference:4.2f}×")


def main() -> None:
    parseur = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parseur.add_argument("dossiers", nargs="*", type=Path)
    parseur.add_argument("--repetitions", type=int, default=3)
    args = parseur.parse_args()
    dossiers = args.dossiers or sorted(p for p in (RACINE / "datasets").iterdir() if (p / "profil.yaml").is_file())
    for dossier in dossiers:
        mesurer(dossier.resolve(), args.repetitions)


if __name__ == "__main__":
    main()
