"""Benchmark : lire et regrouper un tableur de marchés de 20 000 lignes, contre un pandas.read_excel nu.

    PYTHONPATH=. python benchmarks/bench_lots.py [--lignes 20000] [--repetitions 3] [--ancien]

Le script fabrique un classeur XLSX de marchés comme les exports de profil d'acheteur (une ligne par
lot et par titulaire : co-titulaires, lots répétés, montants à la française, considérations), puis
mesure chaque variante dans un sous-processus neuf, imports faits :

- « pandas nu » : ``pandas.read_excel(fichier)`` ;
- « kit »       : ``spaserlib.lecture.fichiers.lire_marches(fichier)`` (lecture, contrôles,
                  regroupement des lots en contrats, problèmes) ;
- « ancien »    (avec ``--ancien``) : le kit avec le regroupement d'origine, une fonction Python par
                  contrat et par colonne (`tests/lecture/test_lots.py`), pour mesurer le gain.

Temps : le meilleur de `--repetitions` essais (les variantes alternent). Le script imprime les
ratios kit / pandas (objectif : au plus 1,5) et le temps de `charger_organisation` sur
datasets/haute-vallee (objectif : moins de 2 s, sans cache).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

RACINE = Path(__file__).resolve().parents[1]

MESURE = r"""
import json, sys, time
import pandas as pd
from spaserlib.lecture import fichiers

chemin, variante = sys.argv[1], sys.argv[2]
if variante == "ancien":
    from tests.lecture.test_lots import _ancien_regrouper_lots
    fichiers.regrouper_lots = _ancien_regrouper_lots
debut, debut_cpu = time.perf_counter(), time.process_time()
if variante == "pandas":
    lignes = len(pd.read_excel(chemin))
elif variante == "organisation":
    import os
    os.environ["SPASER_CACHE"] = "0"
    from spaserlib.lecture.organisation import charger_organisation
    lignes = len(charger_organisation(chemin).marches)
else:
    lignes = len(fichiers.lire_marches(chemin).table)
print(json.dumps({"duree": time.perf_counter() - debut, "cpu": time.process_time() - debut_cpu, "lignes": lignes}))
"""


def fabriquer(chemin: Path, n: int, graine: int = 2026) -> None:
    """Un classeur de marchés de `n` lignes : environ 2,5 lignes par contrat (lots et co-titulaires)."""
    import numpy as np
    from openpyxl import Workbook

    rng = np.random.default_rng(graine)
    classeur = Workbook(write_only=True)
    feuille = classeur.create_sheet("Marchés")
    feuille.append(["Export du profil d'acheteur"])  # un préambule, comme les vrais exports
    feuille.append(["N° marché", "Lot", "Acheteur", "Objet", "Date de notification", "Montant HT", "Titulaire",
                    "SIRET titulaire", "CPV", "Nature", "Procédure", "Durée (mois)", "Considérations sociales",
                    "Considérations environnementales"])
    objets = ["Fournitures de bureau", "Travaux de voirie", "Gardiennage", "Nettoyage des locaux",
              "Restauration scolaire", "Maintenance informatique", "Assurances", "Transport scolaire"]
    cpv = ["30192000", "45233140", "79710000", "90910000", "55523100", "72000000", "66510000", "60130000"]
    titulaires = [f"Entreprise {i} SAS" for i in range(3000)]
    ligne, contrat = 0, 0
    while ligne < n:
        contrat += 1
        genre = rng.integers(0, len(objets))
        date = f"{rng.integers(1, 29):02d}/{rng.integers(1, 13):02d}/{rng.integers(2019, 2026)}"
        sociale = rng.choice(["", "Clause sociale", "Pas de considération sociale"])
        env = rng.choice(["", "Clause environnementale", "Pas de considération environnementale"])
        for lot in range(1, rng.integers(1, 4) + 1):
            montant = f"{rng.integers(1_000, 2_000_000):_},{rng.integers(0, 100):02d}".replace("_", "\u00a0")
            for _ in range(rng.integers(1, 3)):
                if ligne >= n:
                    break
                feuille.append([f"2024-{contrat:06d}", f"{lot:02d}", "Ville de Valbourg", f"{objets[genre]} lot {lot}",
                                date, montant, titulaires[rng.integers(0, len(titulaires))], "",
                                cpv[genre], "Marché", "Appel d'offres ouvert", int(rng.integers(6, 49)),
                                sociale, env])
                ligne += 1
    classeur.save(chemin)


def _nombre(n: int) -> str:
    return f"{n:_}".replace("_", "\u00a0")


def mesurer(chemin: Path, variante: str) -> dict:
    env = dict(os.environ, PYTHONPATH=str(RACINE))
    sortie = subprocess.run([sys.executable, "-c", MESURE, str(chemin), variante], env=env, cwd=RACINE,
                            capture_output=True, text=True, check=True)
    return json.loads(sortie.stdout.strip().splitlines()[-1])


def main() -> None:
    parseur = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parseur.add_argument("--lignes", type=int, default=20_000)
    parseur.add_argument("--repetitions", type=int, default=3)
    parseur.add_argument("--ancien", action="store_true", help="mesurer aussi le regroupement d'origine")
    args = parseur.parse_args()
    dossier = Path(tempfile.mkdtemp(prefix="spaser-bench-lots-"))
    chemin = dossier / "marches.xlsx"
    fabriquer(chemin, args.lignes)
    print(f"Classeur : {_nombre(args.lignes)} lignes, {chemin.stat().st_size / 1e6:.1f} Mo")
    variantes = ["pandas", "kit"] + (["ancien"] if args.ancien else [])
    resultats = {v: [] for v in variantes}
    for _ in range(args.repetitions):
        for variante in variantes:
            resultats[variante].append(mesurer(chemin, variante))
    meilleurs = {v: {m: min(r[m] for r in res) for m in ("duree", "cpu")} for v, res in resultats.items()}
    libelles = {"pandas": "pandas.read_excel nu", "kit": "kit (lire_marches)", "ancien": "kit, regroupement d'origine"}
    for variante in variantes:
        m = meilleurs[variante]
        print(f"{libelles[variante]:<28} temps {m['duree']:6.2f} s, temps CPU {m['cpu']:6.2f} s, "
              f"{_nombre(resultats[variante][0]['lignes'])} ligne(s) ou contrat(s)")
    p = meilleurs["pandas"]
    for variante in variantes[1:]:
        k = meilleurs[variante]
        print(f"Ratio {libelles[variante]} / pandas : temps {k['duree'] / p['duree']:.2f}×, "
              f"temps CPU {k['cpu'] / p['cpu']:.2f}× (objectif du kit : ≤ 1,5×)")
    haute_vallee = RACINE / "datasets" / "haute-vallee"
    if haute_vallee.is_dir():
        essais = [mesurer(haute_vallee, "organisation")["duree"] for _ in range(args.repetitions)]
        print(f"charger_organisation(datasets/haute-vallee), sans cache : {min(essais):.2f} s "
              f"(essais : {', '.join(f'{e:.2f}' for e in essais)} ; objectif : < 2 s)")
    chemin.unlink()
    dossier.rmdir()


if __name__ == "__main__":
    main()
