"""Mesure la lecture de fichiers DECP par le kit (pas un test : imprime des chiffres).

Usage : python benchmarks/bench_decp.py [DOSSIER_OU_FICHIERS…] [--synthetique N]

Pour chaque fichier DECP (JSON ou CSV tabulaire) : enregistrements lus et écartés, contrats après
regroupement, concessions, problèmes par genre, temps et pic de mémoire Python (tracemalloc), et, en
référence, les mêmes mesures pour un simple `json.load` (ou `pandas.read_csv`) du même fichier.
`--synthetique N` fabrique d'abord un JSON DECP 2024 de N marchés (dans un dossier temporaire) pour
mesurer la lecture en flux d'un gros fichier.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from spaserlib.lecture.decp_csv import lire_decp_tabulaire  # noqa: E402
from spaserlib.lecture.decp_json import lire_decp_json  # noqa: E402


def mesurer(fonction, *args):
    """(résultat, secondes, pic de mémoire en Mo) ; le temps est pris sans tracemalloc, qui ralentit Python."""
    debut = time.perf_counter()
    resultat = fonction(*args)
    duree = time.perf_counter() - debut
    tracemalloc.start()
    fonction(*args)
    _, pic = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return resultat, duree, pic / 1e6


def reference(chemin: Path):
    if chemin.suffix == ".csv":
        return pd.read_csv(chemin, dtype=str)
    with chemin.open(encoding="utf-8") as f:
        return json.load(f)


def synthetique(nombre: int, dossier: Path) -> Path:
    modele = {
        "id": "", "acheteur": {"id": "21350238800019"}, "nature": "Marché", "objet": "Entretien des espaces verts",
        "codeCPV": "77313000", "procedure": "Procédure adaptée", "dureeMois": 12, "dateNotification": "2024-03-01",
        "datePublicationDonnees": "2024-03-10", "montant": 100000,
        "titulaires": [{"titulaire": {"typeIdentifiant": "SIRET", "id": "81223113200026"}}],
        "considerationsSociales": {"considerationSociale": ["Clause sociale"]},
        "considerationsEnvironnementales": {"considerationEnvironnementale": ["Pas de considération environnementale"]},
        "modifications": [{"modification": {"id": 1, "montant": 110000, "datePublicationDonneesModification": "2024-09-01"}}],
    }
    chemin = dossier / f"synthetique_{nombre}.json"
    with chemin.open("w", encoding="utf-8") as f:
        f.write('{"marches": {"marche": [\n')
        for i in range(nombre):
            f.write(("," if i else "") + json.dumps(dict(modele, id=f"M{i:08d}"), ensure_ascii=False, indent=2) + "\n")
        f.write('], "contrat-concession": []}}\n')
    return chemin


def main(arguments: list[str]) -> None:
    analyseur = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    analyseur.add_argument("chemins", nargs="*", type=Path)
    analyseur.add_argument("--synthetique", type=int, default=0)
    options = analyseur.parse_args(arguments)
    fichiers = []
    for chemin in options.chemins:
        fichiers += sorted(p for p in chemin.iterdir() if p.suffix in (".json", ".csv")) if chemin.is_dir() else [chemin]
    with tempfile.TemporaryDirectory() as dossier:
        if options.synthetique:
            fichiers.append(synthetique(options.synthetique, Path(dossier)))
        for chemin in fichiers:
            lire = lire_decp_tabulaire if chemin.suffix == ".csv" else lire_decp_json
            lecture, duree, pic = mesurer(lire, chemin)
            _, duree_ref, pic_ref = mesurer(reference, chemin)
            print(f"{chemin.name} ({chemin.stat().st_size / 1e6:.1f} Mo)")
            print(f"  enregistrements lus {lecture.lignes_lues}, écartés {lecture.lignes_ecartees}, "
                  f"marchés avant regroupement {lecture.contrats_avant_regroupement}, "
                  f"contrats {len(lecture.table)}, concessions {len(lecture.concessions)}")
            print(f"  kit : {duree:.2f} s, pic {pic:.1f} Mo ; référence ({'read_csv' if chemin.suffix == '.csv' else 'json.load'}) : "
                  f"{duree_ref:.2f} s, pic {pic_ref:.1f} Mo ; rapports {duree / duree_ref:.1f}× en temps, "
                  f"{pic / pic_ref:.2f}× en mémoire")
            print(f"  problèmes : {dict(Counter(p.code for p in lecture.problemes).most_common())}")


if __name__ == "__main__":
    main(sys.argv[1:])
