"""`spaser smart --document FICHIER` : les objectifs d'une feuille de route ou d'une politique d'achats.

Les phrases qui énoncent un objectif sont repérées (`objectifs.reperage`) puis analysées une par une ;
le tableau s'affiche dans le terminal, ou s'écrit en JSON (sortie standard), CSV ou HTML (`--sortie`).
"""

from __future__ import annotations

import json
from pathlib import Path

from spaserlib.commun.calendrier import date_de_l_option

NIVEAUX_COURTS = {"rempli": "oui", "partiel": "partiel", "absent": "non"}
ENTETES = {"texte": "Objectif", "contexte": "Titre au-dessus", "specifique": "Spécifique", "mesurable": "Mesurable",
           "atteignable": "Atteignable", "realiste": "Réaliste", "temporel": "Temporel", "smart": "SMART",
           "axe": "Axe", "indicateur": "Indicateur", "cible": "Cible", "unite": "Unité", "echeance": "Échéance",
           "echeance_du_contexte": "Échéance tirée du titre", "raison": "Pourquoi c'est un objectif"}


def _en_lignes(table) -> list[dict]:
    lignes = []
    for ligne in table.to_dict("records"):
        ligne = {c: (None if isinstance(v, float) and v != v else v) for c, v in ligne.items()}  # NaN → vide
        ligne["echeance"] = ligne["echeance"].isoformat() if ligne["echeance"] is not None else None
        lignes.append(ligne)
    return lignes


def date_fr(iso: str | None) -> str:
    """« 31/12/2027 » pour « 2027-12-31 », « — » sans date."""
    return "/".join(reversed(iso.split("-"))) if iso else "—"


def _terminal(nom: str, lignes: list[dict]) -> str:
    sortie = [f"Document : {nom} — {len(lignes)} objectif(s) repéré(s)", ""]
    for i, ligne in enumerate(lignes, start=1):
        verdicts = "  ".join(f"{ENTETES[c][0]} {NIVEAUX_COURTS[ligne[c]]}"
                             for c in ("specifique", "mesurable", "atteignable", "realiste", "temporel"))
        sortie.append(f"{i}. {ligne['texte']}")
        if ligne["contexte"]:
            sortie.append(f"   sous « {ligne['contexte']} »")
        sortie.append(f"   {verdicts}  → {'SMART' if ligne['smart'] else 'à préciser'}")
        sortie.append(f"   axe : {ligne['axe'] or '—'} ; indicateur : {ligne['indicateur'] or '—'} ; "
                      f"échéance : {date_fr(ligne['echeance'])}{' (du titre)' if ligne['echeance_du_contexte'] else ''}")
        sortie.append("")
    if not lignes:
        sortie.append("Aucune phrase du document ne porte une cible chiffrée avec un engagement ou une échéance.")
    return "\n".join(sortie)


def executer_document(args) -> int:
    from spaserlib.objectifs.reperage import COLONNES, objectifs_du_document

    document = Path(args.document)
    table = objectifs_du_document(document, aujourd_hui=date_de_l_option(args.date))
    lignes = _en_lignes(table)
    if args.format == "json":
        print(json.dumps({"document": document.name, "objectifs": lignes}, ensure_ascii=False, indent=2))
        return 0
    if args.format == "texte":
        print(_terminal(document.name, lignes))
        return 0
    sortie = Path(args.sortie or f"{document.stem}-objectifs.{args.format}")
    if args.format == "csv":
        from spaserlib.commun.tableur import ecrire_csv

        ecrire_csv([{ENTETES[c]: ligne[c] for c in COLONNES} for ligne in lignes], sortie,
                   colonnes=[ENTETES[c] for c in COLONNES])
    else:
        from spaserlib.commun.ecriture import ecrire_texte
        from spaserlib.commun.gabarits import rendre

        ecrire_texte(sortie, rendre("objectifs_document.html", document=document.name, lignes=lignes,
                                    entetes=ENTETES, niveaux=NIVEAUX_COURTS, date_fr=date_fr))
    print(f"{len(lignes)} objectif(s) repéré(s) dans {document.name} : tableau écrit dans {sortie}")
    return 0
