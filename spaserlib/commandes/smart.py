"""`spaser smart "TEXTE"` : analyse SMART d'un objectif écrit en français."""

from __future__ import annotations

import argparse
import json
from datetime import date

from spaserlib.erreurs import ErreurParametre
from spaserlib.smart import analyser_objectif


def _date(texte: str) -> date:
    try:
        return date.fromisoformat(texte)
    except ValueError:
        raise argparse.ArgumentTypeError(f"date « {texte} » illisible : écrivez-la AAAA-MM-JJ, par exemple 2026-01-15.") from None


def ajouter(sous_parseurs) -> None:
    p = sous_parseurs.add_parser(
        "smart",
        help="analyser un objectif : Spécifique, Mesurable, Atteignable, Réaliste, Temporellement défini",
        description="Analyse un objectif écrit en français et donne, pour chacun des cinq critères SMART, "
                    "un verdict (rempli, partiel, absent), les mots qui le justifient et un conseil.",
    )
    p.add_argument("texte", metavar="TEXTE", help="l'objectif, entre guillemets")
    p.add_argument("--format", choices=["texte", "json"], default="texte",
                   help="texte (tableau lisible, par défaut) ou json (verdicts et champs extraits)")
    p.add_argument("--date", type=_date, default=None, metavar="AAAA-MM-JJ",
                   help="date de référence pour juger les échéances (par défaut : aujourd'hui)")
    p.set_defaults(executer=executer)


def executer(args) -> int:
    if not args.texte.strip():
        raise ErreurParametre("Le texte de l'objectif est vide : écrivez l'objectif entre guillemets, par exemple "
                              "spaser smart \"Atteindre 30 % de marchés avec une clause sociale d'ici 2027\".")
    analyse = analyser_objectif(args.texte, aujourd_hui=args.date)
    if args.format == "json":
        print(json.dumps(analyse.en_dict(), ensure_ascii=False, indent=2))
    else:
        print(analyse)
    return 0
