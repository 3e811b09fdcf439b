"""`spaser smart "TEXTE"` : analyse SMART d'un objectif écrit en français.

Avec `--donnees CHEMIN` (dossier d'organisation ou fichier seul), le critère « atteignable » est
jugé sur les marchés et les dépenses de l'organisation (situation de départ, rythme observé).
"""

from __future__ import annotations

import argparse
import json
from datetime import date

from spaserlib.commun.erreurs import ErreurParametre


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
    p.add_argument("--donnees", metavar="CHEMIN", default=None,
                   help="dossier d'organisation (ou fichier de marchés ou de dépenses) pour juger la cible "
                        "au regard des données : situation de départ et rythme observé")
    p.set_defaults(executer=executer)


def executer(args) -> int:
    if not args.texte.strip():
        raise ErreurParametre("Le texte de l'objectif est vide : écrivez l'objectif entre guillemets, par exemple "
                              "spaser smart \"Atteindre 30 % de marchés avec une clause sociale d'ici 2027\".")
    from spaserlib.objectifs.smart import analyser_objectif

    marches = achats = None
    organisation = None
    if args.donnees:
        from spaserlib.lecture.organisation import charger_organisation

        organisation = charger_organisation(args.donnees).exiger_sans_erreur()
        marches = organisation.marches if len(organisation.marches) else None
        achats = organisation.achats if len(organisation.achats) else None
    analyse = analyser_objectif(args.texte, aujourd_hui=args.date, marches=marches, achats=achats)
    if args.format == "json":
        d = analyse.en_dict()
        if organisation is not None:
            d["organisation"] = organisation.nom
        print(json.dumps(d, ensure_ascii=False, indent=2))
    else:
        if organisation is not None:
            print(f"Données : {organisation.nom} ({len(organisation.marches)} marché(s), "
                  f"{len(organisation.achats)} ligne(s) de dépense)\n")
        print(analyse)
    return 0
