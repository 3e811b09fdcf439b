"""La commande `spaser` : une sous-commande par fichier de `spaserlib/commandes/`.

Chaque module de `COMMANDES` expose `ajouter(sous_parseurs)`, qui déclare sa sous-commande
et lui associe une fonction `executer(args) -> int` (code de sortie).
"""

from __future__ import annotations

import argparse
import importlib
import sys

from spaserlib.commun.erreurs import ErreurSpaser

# argparse écrit ses propres messages en anglais (via gettext) : on les traduit pour que toute
# l'aide et toutes les erreurs de la commande soient en français.
_TRADUCTIONS = {
    "usage: ": "utilisation : ",
    "options": "options",
    "positional arguments": "arguments",
    "show this help message and exit": "afficher cette aide et quitter",
    "the following arguments are required: %s": "arguments obligatoires manquants : %s",
    "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s\n",
    "unrecognized arguments: %s": "arguments non reconnus : %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "choix invalide : %(value)r (choix possibles : %(choices)s)",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s : %(message)s",
    "expected one argument": "une valeur est attendue",
    "invalid %(type)s value: %(value)r": "valeur invalide (%(type)s) : %(value)r",
    "ambiguous option: %(option)s could match %(matches)s": "option ambiguë : %(option)s peut désigner %(matches)s",
    "not allowed with argument %s": "incompatible avec l'argument %s",
    "expected at least one argument": "au moins une valeur est attendue",
}
argparse._ = lambda message: _TRADUCTIONS.get(message, message)

COMMANDES = [
    "exercices",
    "noter",
    "verifier",
    "demo",
    "analyser",
    "rapport",
    "classe",
    "smart",
    "tableau_de_bord",
    "sommaire",
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
