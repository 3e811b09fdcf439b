"""Mesure : Pareto + Kraljic sur 1 000 000 lignes de dépenses synthétiques, contre pandas nu.

Lancer depuis la racine du dépôt :  PYTHONPATH=. python benchmarks/bench_cartographie.py

Référence « pandas nu » : les mêmes agrégats écrits à la main, sans contrôle ni explication —
somme par fournisseur triée et cumulée (Pareto), somme par famille triée et cumulée, somme par
(famille, fournisseur) (ce qu'il faut pour compter et concentrer les fournisseurs de chaque
famille). Chaque mesure garde le meilleur de `REPETITIONS` essais ; objectif : rapport ≤ 2.
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

from spaserlib.analyse.kraljic import noter_familles
from spaserlib.commun.nomenclature import familles
from spaserlib.analyse.pareto import classer_pareto

LIGNES = 1_000_000
FOURNISSEURS = 20_000
REPETITIONS = 3


def depenses(graine: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(graine)
    codes = familles()["code"].to_numpy()
    poids_f = 1 / np.arange(1, FOURNISSEURS + 1) ** 1.1
    poids_m = 1 / np.arange(1, len(codes) + 1) ** 0.9
    montants = rng.lognormal(7, 1.3, LIGNES)
    avoirs = rng.random(LIGNES) < 0.02
    montants[avoirs] *= -0.5
    return pd.DataFrame(
        {
            "date": pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 366, LIGNES), unit="D"),
            "fournisseur": pd.array(np.array([f"Fournisseur {i:05d}" for i in range(FOURNISSEURS)])[
                rng.choice(FOURNISSEURS, LIGNES, p=poids_f / poids_f.sum())], dtype="str"),
            "famille": pd.array(codes[rng.choice(len(codes), LIGNES, p=poids_m / poids_m.sum())], dtype="str"),
            "montant_ht": montants,
        }
    )


def pandas_nu(achats: pd.DataFrame):
    par_fournisseur = achats.groupby("fournisseur")["montant_ht"].sum().sort_values(ascending=False)
    cumul_f = par_fournisseur.cumsum() / par_fournisseur.sum()
    par_famille = achats.groupby("famille")["montant_ht"].sum().sort_values(ascending=False)
    cumul_m = par_famille.cumsum() / par_famille.sum()
    paires = achats.groupby(["famille", "fournisseur"])["montant_ht"].sum()
    return cumul_f, cumul_m, paires


def pandas_nu_pareto_seul(achats: pd.DataFrame):
    par_fournisseur = achats.groupby("fournisseur")["montant_ht"].sum().sort_values(ascending=False)
    return par_fournisseur.cumsum() / par_fournisseur.sum()


def kit(achats: pd.DataFrame, nomenclature: pd.DataFrame):
    return classer_pareto(achats, "fournisseur"), noter_familles(achats, nomenclature)


def meilleur(fonction, *args) -> float:
    durees = []
    for _ in range(REPETITIONS):
        debut = time.perf_counter()
        fonction(*args)
        durees.append(time.perf_counter() - debut)
    return min(durees)


def main() -> None:
    debut = time.perf_counter()
    achats = depenses()
    nomenclature = familles()
    print(f"{LIGNES} lignes, {achats['fournisseur'].nunique()} fournisseurs, "
          f"{achats['famille'].nunique()} familles (générées en {time.perf_counter() - debut:.1f} s)")
    pareto, kraljic = kit(achats, nomenclature)  # échauffement + contrôle de cohérence
    sommes = achats.groupby("fournisseur")["montant_ht"].sum().sort_values(ascending=False)
    positifs = sommes[sommes > 0]
    assert np.allclose(pareto["montant_net"].iloc[: len(positifs)].to_numpy(), positifs.to_numpy())
    assert np.allclose(pareto["part_cumulee"].dropna().to_numpy(), (positifs.cumsum() / positifs.sum()).to_numpy())
    t_kit = meilleur(kit, achats, nomenclature)
    t_pareto = meilleur(classer_pareto, achats, "fournisseur")
    t_kraljic = meilleur(noter_familles, achats, nomenclature)
    t_nu = meilleur(pandas_nu, achats)
    t_nu_pareto = meilleur(pandas_nu_pareto_seul, achats)
    print(f"kit : classer_pareto (fournisseurs)       {t_pareto:6.3f} s")
    print(f"kit : noter_familles (Kraljic)            {t_kraljic:6.3f} s")
    print(f"kit : Pareto + Kraljic                    {t_kit:6.3f} s")
    print(f"pandas nu : 3 groupby + tri + cumsum      {t_nu:6.3f} s")
    print(f"pandas nu : Pareto des fournisseurs seul  {t_nu_pareto:6.3f} s")
    print(f"rapport Pareto + Kraljic / pandas nu (mêmes agrégats) : {t_kit / t_nu:.2f} (objectif ≤ 2)")
    print(f"rapport classer_pareto / Pareto pandas nu             : {t_pareto / t_nu_pareto:.2f}")
    print(f"familles par quadrant : {kraljic['quadrant'].value_counts().to_dict()}")


if __name__ == "__main__":
    main()
