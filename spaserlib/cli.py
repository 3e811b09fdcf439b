"""La commande `spaser` : une sous-commande par fichier de `spaserlib/commandes/`.

Chaque module de `COMMANDES` expose `ajouter(sous_parseurs)`, qui déclare sa sous-commande
et lui associe une fonction `executer(args) -> int` (code de sortie).
"""

from __future__ import annotations

import argparse
import importlib
import sys

from spaserlib.erreurs import ErreurSpaser

COMMANDES = [
    "rapport",
    "classe",
]


def construire_parseur() -> argparse.ArgumentParser:
    parseur = argparse.ArgumentParser(
        prog="spaser",
        description="Kit de formation SPASER : vérifier des données d'achat, analyser, produire les rapports.",
    )
    sous = parseur.add_subparsers(title="commandes", dest="commande", metavar="COMMANDE")
    for nom in COMMANDES:
        importlib.import_module(f"spaserlib.commandes.{nom}").ajouter(sous)
    return parseur


def main(argv: list[str] | None = None) -> int:
    parseur = construire_parseur()
    args = parseur.parse_args(argv)
    if not getattr(args, "executer", None):
        parseur.print_help()
        return 2
    try:
        return int(args.executer(args) or 0)
    except ErreurSpaser as erreur:
        print(f"Erreur : {erreur}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
