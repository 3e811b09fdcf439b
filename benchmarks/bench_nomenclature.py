"""Mesure : rattachement de 1 000 000 de codes CPV à leur famille (vectorisé contre ligne à ligne).

Usage : PYTHONPATH=. python benchmarks/bench_nomenclature.py
Imprime les durées et leur rapport ; ce n'est pas un test.
"""

import time
from importlib import resources

import numpy as np
import pandas as pd

from spaserlib.commun.nomenclature import famille_du_cpv, familles_des_cpv


def main() -> None:
    with (resources.files("spaserlib") / "donnees" / "cpv_2008_fr.csv").open(encoding="utf-8") as f:
        codes = pd.read_csv(f, dtype=str)["code8"].to_numpy()
    serie = pd.Series(np.random.default_rng(0).choice(codes, 1_000_000))
    famille_du_cpv(codes[0])  # tables chargées avant la mesure

    debut = time.perf_counter()
    vectorise = familles_des_cpv(serie)
    duree_vectorisee = time.perf_counter() - debut

    debut = time.perf_counter()
    ligne_a_ligne = serie.map(famille_du_cpv)
    duree_ligne_a_ligne = time.perf_counter() - debut

    assert vectorise.tolist() == ligne_a_ligne.tolist()
    print(f"1 000 000 codes CPV ({serie.nunique()} distincts)")
    print(f"familles_des_cpv (vectorisé) : {duree_vectorisee:.3f} s")
    print(f"famille_du_cpv ligne à ligne : {duree_ligne_a_ligne:.3f} s")
    print(f"rapport : {duree_ligne_a_ligne / duree_vectorisee:.1f} fois plus rapide")


if __name__ == "__main__":
    main()
