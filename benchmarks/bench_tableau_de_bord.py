"""Mesure du tableau de bord : indicateurs, obligations et classeur XLSX sur des données synthétiques.

Imprime les durées et leur rapport à une référence dans le même script (un simple groupby pandas
des mêmes montants par année), pour comparer d'une machine à l'autre. Aucun seuil n'est affirmé.

    PYTHONPATH=. python benchmarks/bench_tableau_de_bord.py [contrats] [lignes_achats]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd

from spaserlib.analyse.indicateurs import indicateurs_achats, indicateurs_marches
from spaserlib.analyse.obligations import evaluer_obligations
from spaserlib.documents.tableau_de_bord import ecrire_tableau_de_bord

VALEURS_ENV = ["Clause environnementale", "Critère environnemental", "Clause environnementale, Critère environnemental",
               "Pas de considération environnementale", None]
VALEURS_SOC = ["Clause sociale", "Marché réservé", "Pas de considération sociale", None]


def donnees(n_contrats: int, n_achats: int) -> dict:
    rng = np.random.default_rng(0)
    marches = pd.DataFrame({
        "id": [f"M{i}" for i in range(n_contrats)],
        "famille": rng.choice([f"F{i}" for i in range(60)], n_contrats),
        "nature": rng.choice(["Marché", "Marché de défense ou de sécurité"], n_contrats, p=[0.97, 0.03]),
        "procedure": rng.choice(["Procédure adaptée", "Appel d'offres ouvert"], n_contrats),
        "cpv": rng.choice(["45000000", "30000000", "79000000"], n_contrats),
        "montant_ht": rng.lognormal(11, 1.5, n_contrats).round(2),
        "date_notification": pd.Timestamp("2021-01-01") + pd.to_timedelta(rng.integers(0, 6 * 365, n_contrats), unit="D"),
        "considerations_environnementales": rng.choice(np.array(VALEURS_ENV, dtype=object), n_contrats),
        "considerations_sociales": rng.choice(np.array(VALEURS_SOC, dtype=object), n_contrats),
    })
    achats = pd.DataFrame({
        "date": pd.Timestamp("2021-01-01") + pd.to_timedelta(rng.integers(0, 6 * 365, n_achats), unit="D"),
        "fournisseur": rng.choice([f"Fournisseur {i}" for i in range(3000)], n_achats),
        "siret": None,
        "famille": rng.choice([f"F{i}" for i in range(60)], n_achats),
        "montant_ht": rng.lognormal(7, 2, n_achats).round(2),
        "marche_id": rng.choice(marches["id"], n_achats),
    })
    return {"achats": achats, "marches": marches, "profil": {"nom": "Synthétique"}}


def chrono(fonction) -> float:
    debut = time.perf_counter()
    fonction()
    return time.perf_counter() - debut


def main() -> None:
    n_contrats = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    n_achats = int(sys.argv[2]) if len(sys.argv) > 2 else 200_000
    t = donnees(n_contrats, n_achats)
    reference = chrono(lambda: t["achats"].groupby(t["achats"]["date"].dt.year)["montant_ht"].sum())
    mesures = {
        "indicateurs des marchés": chrono(lambda: indicateurs_marches(t["marches"])),
        "indicateurs des achats": chrono(lambda: indicateurs_achats(t["achats"], {"SIAE": ["Fournisseur 1", "Fournisseur 2"]})),
        "obligations": chrono(lambda: evaluer_obligations(t, date_evaluation="2026-09-01")),
    }
    with tempfile.TemporaryDirectory() as dossier:
        mesures["classeur XLSX complet"] = chrono(
            lambda: ecrire_tableau_de_bord(Path(dossier) / "suivi.xlsx", t, date_evaluation="2026-09-01"))
    print(f"{n_contrats} contrats, {n_achats} lignes d'achat ; référence (groupby par année) : {reference * 1000:.1f} ms")
    for nom, duree in mesures.items():
        print(f"  {nom:<28} {duree:8.2f} s   ({duree / reference:,.0f} × la référence)")


if __name__ == "__main__":
    main()
