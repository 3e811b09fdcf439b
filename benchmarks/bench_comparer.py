"""Mesure `spaser comparer` sur un CSV DECP à plat de N lignes (pas un test : imprime des chiffres).

Usage : python benchmarks/bench_comparer.py [--lignes 2000000] [--dossier /tmp] [--garder] [--repetitions 3]

Avec ``--garder``, le CSV fabriqué reste dans le dossier et une exécution suivante le reprend (même nombre
de lignes) au lieu de le refabriquer.

Fabrique (avec DuckDB, en quelques secondes) un CSV au format du fichier consolidé national : les
33 colonnes du schéma decp-table-schema plus les colonnes d'enrichissement (catégorie, département et
région de l'acheteur, catégorie du titulaire, considérations), une ligne par contrat × titulaire,
20 000 acheteurs. Puis mesure, chaque fois dans un processus Python neuf (imports compris) :
- la référence : un simple ``pandas.read_csv(usecols=…)`` des cinq colonnes acheteur_id, id, montant,
  dateNotification, procedure (rien d'autre : ni regroupement, ni indicateur), tel quel, puis avec
  ``dtype=str`` comme le kit lit toujours les identifiants (un SIRET lu en nombre perd ses zéros) ;
- `spaser comparer FICHIER --acheteur SIRET --format json` : lecture, regroupement par contrat,
  indicateurs de tous les acheteurs, pairs, centiles ;
- la même commande avec ``--sortie`` (tableau CSV et figure PNG en plus) ;
- la même commande sur le même fichier converti en Parquet (la forme conseillée du fichier national).
Chaque mesure est répétée (`--repetitions`, 3 par défaut) ; la meilleure et la médiane sont imprimées.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parents[1]
ACHETEUR = "21000000000010"

COLONNES = """
    'M' || (i // 2) as id, acheteur_id || 'M' || (i // 2) as uid, acheteur_id,
    'Acheteur n° ' || a as acheteur_nom, 'Marché' as nature, 'Travaux d''entretien, lot ' || (i % 7) as objet,
    '45' || lpad(cast(i % 999999 as varchar), 6, '0') as codeCPV,
    case when i % 50 = 0 then 'Marché passé sans publicité ni mise en concurrence préalable'
         when i % 3 = 0 then 'Appel d''offres ouvert' else 'Procédure adaptée' end as procedure,
    'non' as attributionAvance, '0' as tauxAvance, 'Travaux' as ccag, '' as origineUE, '' as origineFrance,
    'non' as marcheInnovant, cast(1 + (i * 7) % 6 as varchar) as offresRecues, 'non' as sousTraitanceDeclaree,
    'Pas de groupement' as typeGroupementOperateurs, '' as idAccordCadre,
    lpad(cast(10000 + a % 85000 as varchar), 5, '0') as lieuExecution_code, 'Code postal' as lieuExecution_typeCode,
    'Ville' as lieuExecution_nom, cast(6 + i % 30 as varchar) as dureeMois,
    cast(date '2019-01-01' + cast((i * 37) % 2190 as integer) as varchar) as dateNotification,
    cast(date '2019-01-10' + cast((i * 37) % 2190 as integer) as varchar) as datePublicationDonnees,
    cast(round(20000 + (i * 7919) % 900000 + 0.5, 2) as varchar) as montant, 'Forfaitaire' as formePrix,
    lpad(cast(30000000000000 + (i * 104729) % 900000000 as varchar), 14, '0') as titulaire_id,
    'SIRET' as titulaire_typeIdentifiant, 'Entreprise ' || (i % 50000) as titulaire_denominationSociale,
    '' as objetModification, 'data.gouv.fr_aife' as source, 'oui' as donneesActuelles, '' as anomalies,
    case when a % 10 < 6 then 'Commune' when a % 10 < 8 then 'Groupement de communes' else 'Département' end
        as acheteur_categorie,
    lpad(cast(1 + a % 95 as varchar), 2, '0') as acheteur_departement_code, '' as acheteur_region_code,
    case when i % 4 = 0 then 'GE' when i % 4 = 1 then 'ETI' else 'PME' end as titulaire_categorie,
    case when i % 11 = 0 then '' when i % 5 = 0 then 'Clause sociale' else 'Pas de considération sociale' end
        as considerationsSociales,
    case when i % 13 = 0 then '' when i % 3 = 0 then 'Critère environnemental, Clause environnementale'
         else 'Pas de considération environnementale' end as considerationsEnvironnementales
"""


def fabriquer(chemin: Path, lignes: int) -> None:
    import duckdb

    debut = time.perf_counter()
    duckdb.sql(f"""copy (select {COLONNES} from (
            select i, a, '21' || lpad(cast(a as varchar), 7, '0') || '00010' as acheteur_id
            from (select range as i, (range // 2) % 20000 as a from range({lignes})))
        ) to '{chemin}' (header, delimiter ',')""")
    print(f"Fichier fabriqué : {chemin} ({milliers(lignes)} lignes, {milliers(chemin.stat().st_size / 1e6)} Mo) en "
          f"{time.perf_counter() - debut:.1f} s")


def milliers(n: float) -> str:
    """12 345 678 (espace fine insécable entre les milliers), sans décimale."""
    return f"{n:,.0f}".replace(",", "\u202f")


def processus(code: str, repetitions: int) -> list[float]:
    durees = []
    for _ in range(repetitions):
        debut = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], cwd=RACINE, check=True, stdout=subprocess.DEVNULL)
        durees.append(time.perf_counter() - debut)
    return durees


def commande(fichier: Path, *options: str) -> str:
    argv = ["comparer", str(fichier), "--acheteur", ACHETEUR, *options]
    return ("import argparse; from spaserlib.commandes import comparer; p = argparse.ArgumentParser(); "
            "comparer.ajouter(p.add_subparsers()); a = p.parse_args(" + repr(argv) + "); a.executer(a)")


def afficher(nom: str, durees: list[float]) -> None:
    print(f"  {nom:<74} meilleure {min(durees):6.2f} s   médiane {statistics.median(durees):6.2f} s")


def main() -> None:
    parseur = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parseur.add_argument("--lignes", type=int, default=2_000_000)
    parseur.add_argument("--dossier", default=tempfile.gettempdir())
    parseur.add_argument("--repetitions", type=int, default=3)
    parseur.add_argument("--garder", action="store_true",
                         help="garder le CSV fabriqué (et reprendre celui d'une exécution précédente)")
    args = parseur.parse_args()
    fichier = Path(args.dossier) / f"bench_comparer_{args.lignes}.csv"
    sortie = Path(tempfile.mkdtemp(prefix="bench_comparer_"))
    try:
        if args.garder and fichier.is_file():
            print(f"Fichier repris : {fichier} ({milliers(fichier.stat().st_size / 1e6)} Mo)")
        else:
            fabriquer(fichier, args.lignes)
        colonnes = ["acheteur_id", "id", "montant", "dateNotification", "procedure"]
        reference = (f"import pandas as pd; pd.read_csv({str(fichier)!r}, usecols={colonnes!r})")
        print(f"Machine : {__import__('os').cpu_count()} cœurs ; Python {sys.version.split()[0]} ; "
              f"charge moyenne au départ {__import__('os').getloadavg()[0]:.1f}")
        base = processus(reference, args.repetitions)
        afficher("pandas.read_csv(usecols=5 colonnes), processus complet", base)
        afficher("pandas.read_csv(usecols=5 colonnes, dtype=str), processus complet",
                 processus(reference[:-1] + ", dtype=str)", args.repetitions))
        kit = processus(commande(fichier, "--format", "json"), args.repetitions)
        afficher("spaser comparer --format json, processus complet", kit)
        print(f"  Rapport spaser comparer / pandas.read_csv (meilleures, même exécution) : "
              f"{min(kit):.2f} s / {min(base):.2f} s = {min(kit) / min(base):.2f} "
              f"({'objectif atteint' if min(kit) < min(base) else 'objectif NON atteint'} : il faut moins de 1)")
        afficher("spaser comparer --sortie DOSSIER (CSV + PNG), processus complet",
                 processus(commande(fichier, "--sortie", str(sortie)), args.repetitions))
        import duckdb

        parquet = fichier.with_suffix(".parquet")
        duckdb.sql(f"copy (select * from read_csv('{fichier}', all_varchar=true)) to '{parquet}' (format parquet)")
        afficher(f"spaser comparer --format json, Parquet ({parquet.stat().st_size / 1e6:.0f} Mo), processus complet",
                 processus(commande(parquet, "--format", "json"), args.repetitions))
        parquet.unlink()
        # Les mêmes, dans ce processus (sans le démarrage de Python ni les imports).
        import pandas as pd

        from spaserlib.analyse.comparaison import comparer
        from spaserlib.lecture.decp_multi import ouvrir_decp

        debut = time.perf_counter()
        pd.read_csv(fichier, usecols=colonnes)
        lecture_pandas = time.perf_counter() - debut
        debut = time.perf_counter()
        with ouvrir_decp(fichier) as source:
            lu = time.perf_counter() - debut
            comparaison = comparer(source, ACHETEUR)
        total = time.perf_counter() - debut
        print(f"  Dans le processus : pandas.read_csv {lecture_pandas:.2f} s ; ouvrir_decp {lu:.2f} s "
              f"+ comparer {total - lu:.2f} s = {total:.2f} s ({milliers(source.lignes)} lignes, "
              f"{milliers(len(comparaison.pairs))} pairs, {comparaison.periode.libelle})")
    finally:
        if not args.garder:
            fichier.unlink(missing_ok=True)
        import shutil

        shutil.rmtree(sortie, ignore_errors=True)


if __name__ == "__main__":
    main()
