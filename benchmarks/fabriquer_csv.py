"""Fabrique un CSV de dépenses à la française de N lignes (séparateur ;, cp1252), pour les benchmarks.

Usage : python benchmarks/fabriquer_csv.py SORTIE.csv [N]
"""

from __future__ import annotations

import sys

import numpy as np

INSECABLE = "\u00a0"


def _siret(rng, n_fournisseurs: int) -> list[str]:
    sirets = []
    for _ in range(n_fournisseurs):
        base = [int(c) for c in f"{rng.integers(10**12):013d}"]
        # Dernier chiffre choisi pour que la clé de Luhn soit valide.
        for cle in range(10):
            chiffres = base + [cle]
            total = 0
            for i, c in enumerate(reversed(chiffres)):
                n = c * 2 if i % 2 else c
                total += n - 9 if n > 9 else n
            if total % 10 == 0:
                sirets.append("".join(map(str, chiffres)))
                break
    return sirets


def _montant_fr(x: float) -> str:
    entier, decimales = f"{abs(x):.2f}".split(".")
    groupes = []
    while len(entier) > 3:
        groupes.insert(0, entier[-3:])
        entier = entier[:-3]
    groupes.insert(0, entier)
    signe = "-" if x < 0 else ""
    return signe + INSECABLE.join(groupes) + "," + decimales + " €"


def fabriquer(chemin: str, n: int, graine: int = 2026) -> None:
    rng = np.random.default_rng(graine)
    n_fournisseurs = 20_000
    noms = [f"Société Générale d'Équipement n°{i}" for i in range(n_fournisseurs)]
    sirets = _siret(rng, n_fournisseurs)
    cpv = ["30192000", "45000000", "79710000", "90910000", "15800000", "09134100", "33600000", "72000000"]
    objets = ["Fournitures de bureau", "Travaux de voirie", "Gardiennage", "Nettoyage des locaux",
              "Denrées alimentaires", "Gazole", "Médicaments", "Maintenance logicielle"]
    quel = rng.zipf(1.3, n) % n_fournisseurs
    jours = rng.integers(0, 3 * 365, n)
    dates = np.datetime64("2022-01-01") + jours.astype("timedelta64[D]")
    montants = np.round(rng.lognormal(6, 1.8, n), 2)
    montants[rng.random(n) < 0.01] *= -1  # avoirs
    familles = rng.integers(0, len(cpv), n)
    with open(chemin, "w", encoding="cp1252", newline="") as f:
        f.write("Date de mandatement;Fournisseur;N° SIRET;Code CPV;Objet;Montant HT\r\n")
        for i in range(n):
            d = str(dates[i])
            f.write(
                f"{d[8:10]}/{d[5:7]}/{d[0:4]};{noms[quel[i]]};{sirets[quel[i]]};{cpv[familles[i]]};"
                f"{objets[familles[i]]};{_montant_fr(montants[i])}\r\n"
            )


if __name__ == "__main__":
    fabriquer(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000)
