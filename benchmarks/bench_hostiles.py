"""Banc d'essai des entrées hostiles (issue 12) : temps et mémoire de chaque cas, en vraie grandeur.

    PYTHONPATH=. python benchmarks/bench_hostiles.py [--complet] [--croix FICHIER_DECP_JSON]

Chaque cas est fabriqué par tests/donnees/hostiles/fabriquer.py dans un dossier temporaire, puis lu
par le kit dans un sous-processus neuf : le script imprime le résultat (message ou nombre de lignes),
la durée de la lecture et le pic de mémoire résidente du sous-processus au-delà de sa mémoire après
les imports. Ce n'est pas un test : rien n'est vérifié, les chiffres sont à lire (machine partagée :
ils varient d'une exécution à l'autre). `--complet` ajoute les cas légitimes les plus gros, à la
limite du kit (une minute environ chacun) ; `--croix` lit en plus un fichier DECP complet (par
exemple celui de la Ville de Croix) et imprime ses comptes.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

RACINE = Path(__file__).resolve().parents[1]

MESURE = r"""
import importlib.util, json, resource, sys, time
sys.path.insert(0, sys.argv[1])
spec = importlib.util.spec_from_file_location("fabriquer", sys.argv[1] + "/tests/donnees/hostiles/fabriquer.py")
fab = importlib.util.module_from_spec(spec); spec.loader.exec_module(fab)
from spaserlib.commun import limites
from spaserlib.commun.erreurs import ErreurSpaser
from spaserlib.lecture.fichiers import lire_achats, lire_marches
from spaserlib.objectifs.smart import analyser_objectif

def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize()

nom, dossier, options = sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
if nom.startswith("objectif"):
    entree = fab.objectif_long(options.pop("caracteres"))
    if options.pop("sans_limite", False):
        limites.OBJECTIF_CARACTERES_MAX = 10**9
    lire = analyser_objectif
elif nom == "fichier":
    entree, lire = options.pop("chemin"), lire_marches
else:
    entree = getattr(fab, nom)(dossier, **options)
    lire = lire_marches if str(entree).endswith(".json") else lire_achats
base = rss()
debut = time.perf_counter()
try:
    resultat = lire(entree)
    if hasattr(resultat, "table"):
        codes = {}
        for p in resultat.problemes:
            codes[p.code] = codes.get(p.code, 0) + 1
        texte = f"lu : {len(resultat.table)} lignes ; problèmes {codes or 'aucun'}"
        if getattr(resultat, "concessions", None) is not None:
            texte += f" ; {resultat.resume()}"
    else:
        texte = "analysé : " + ", ".join(f"{c} {n}" for c, n in resultat.niveaux.items())
except ErreurSpaser as erreur:
    texte = f"{type(erreur).__name__} : " + str(erreur).removeprefix(f"{entree} : ")
duree = time.perf_counter() - debut
pic = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"resultat": texte, "duree": duree, "memoire": max(pic - base, 0)}))
"""

CAS = [
    ("JSON imbriqué sur 20 000 niveaux", "json_profond", {"niveaux": 20_000}),
    ("JSON, montant de 5 000 chiffres", "json_entier_geant", {"chiffres": 5_000}),
    ("JSON, entier de 5 000 chiffres avant « marches »", "json_entier_avant_marches", {"chiffres": 5_000}),
    ("JSON, id numérique de 25 chiffres", "json_entier_de_25_chiffres", {}),
    ("JSON tronqué (200 000 marchés)", "json_tronque", {"marches": 200_000}),
    ("JSON, ÉCHAP et NUL dans l'objet et le titulaire", "json_controle", {}),
    ("JSON, contrats sans id (deux identiques)", "json_sans_id_repetes", {}),
    ("CSV de 300 000 colonnes", "csv_colonnes", {"colonnes": 300_000}),
    ("CSV, 20 000 « ; » vides par ligne, 1 000 lignes", "csv_colonnes_vides", {"colonnes": 20_000, "lignes": 1_000}),
    ("CSV, première ligne de 2 millions de caractères", "csv_ligne_demesuree", {}),
    ("CSV moitié UTF-8, moitié Windows-1252", "csv_encodages_meles", {}),
    ("CSV, ÉCHAP et NUL dans le fournisseur", "csv_controle", {}),
    ("CSV, titre, « TOTAL ENERGIES » et « Total général »", "csv_total", {}),
    ("XLSX, titre et « Total général » (plantait)", "xlsx_titre_et_total", {}),
    ("XLSX de 5 millions de lignes (≈ 300 Mo décompressés, < 1 Mo)", "xlsx_bombe", {"lignes": 5_000_000}),
    ("XLSX, valeur en XFD1048576", "xlsx_cellule_lointaine", {}),
    ("XLSX, cellules vides mises en forme jusqu'à XFD", "xlsx_cellules_vides_lointaines", {}),
    ("ODS, ligne répétée 5 millions de fois", "ods_lignes_repetees", {"repetitions": 5_000_000}),
    ("ODS, cellule répétée sur 16 384 colonnes", "ods_colonnes_repetees", {}),
    ("ODS, 1 000 × 100 000 cellules répétées", "ods_cellules", {"colonnes": 1_000, "repetitions": 100_000}),
    ("ODS, un milliard d'espaces (text:s)", "ods_espaces", {}),
    ("ODS, 1 048 000 lignes vides répétées (LibreOffice)", "ods_vides_repetees", {}),
    ("ODS, « billion laughs » (entités XML imbriquées)", "ods_milliard_de_rires", {}),
    ("Objectif SMART d'un million de caractères", "objectif", {"caracteres": 1_000_000}),
    ("Objectif SMART de 5 000 caractères (la limite)", "objectif", {"caracteres": 5_000}),
    ("Analyse SMART sans limite, 250 000 caractères", "objectif", {"caracteres": 250_000, "sans_limite": True}),
    ("Analyse SMART sans limite, 1 million de caractères", "objectif", {"caracteres": 1_000_000, "sans_limite": True}),
]
COMPLETS = [
    ("XLSX légitime de 250 000 lignes (≈ 45 Mo décompressés)", "xlsx_lignes", {"lignes": 250_000}),
    ("ODS, 10 cellules × 999 999 lignes (la limite de cellules)", "ods_cellules", {"colonnes": 10, "repetitions": 999_999}),
    ("CSV de 2 millions de lignes (la limite de lignes)", "csv_lignes", {"lignes": 2_000_000}),
]


def mesurer(nom: str, dossier: str, options: dict) -> dict:
    sortie = subprocess.run([sys.executable, "-c", MESURE, str(RACINE), nom, dossier, json.dumps(options)], check=False,
                            capture_output=True, text=True, timeout=1800)
    if sortie.returncode:
        return {"resultat": f"PLANTAGE (code {sortie.returncode}) : {sortie.stderr.strip()[-300:]}",
                "duree": float("nan"), "memoire": 0}
    return json.loads(sortie.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--complet", action="store_true", help="ajoute les cas légitimes à la limite du kit")
    parser.add_argument("--croix", type=Path, help="un fichier DECP JSON complet à lire en plus")
    arguments = parser.parse_args()
    cas = CAS + (COMPLETS if arguments.complet else [])
    if arguments.croix:
        cas.append((f"DECP complet : {arguments.croix.name}", "fichier", {"chemin": str(arguments.croix.resolve())}))
    print(f"{'cas':<62} {'durée':>8} {'mémoire':>9}  résultat")
    with tempfile.TemporaryDirectory() as dossier:
        for libelle, nom, options in cas:
            m = mesurer(nom, dossier, options)
            print(f"{libelle:<62} {m['duree']:7.2f} s {m['memoire'] / 2**20:6.0f} Mo  {m['resultat'][:400]}", flush=True)
            for fichier in Path(dossier).iterdir():
                fichier.unlink()


if __name__ == "__main__":
    main()
