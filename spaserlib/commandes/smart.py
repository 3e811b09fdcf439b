"""`spaser smart "TEXTE"` : analyse SMART d'un objectif écrit en français.

Avec `--donnees CHEMIN` (dossier d'organisation ou fichier seul), le critère « atteignable » est
jugé sur les marchés et les dépenses de l'organisation (situation de départ, rythme observé).

Avec `--document FICHIER` (DOCX, ODT, PDF ou texte), les phrases qui énoncent un objectif sont
repérées dans une feuille de route ou une politique d'achats, et chacune est analysée : un tableau
(texte, JSON, CSV ou HTML ; `--sortie` pour le CSV et le HTML).
"""

from __future__ import annotations

import json

from spaserlib.commun.calendrier import ajouter_option_date, date_de_l_option
from spaserlib.commun.erreurs import ErreurParametre


def ajouter(sous_parseurs) -> None:
    p = sous_parseurs.add_parser(
        "smart",
        help="analyser un objectif : Spécifique, Mesurable, Atteignable, Réaliste, Temporellement défini",
        description="Analyse un objectif écrit en français et donne, pour chacun des cinq critères SMART, "
                    "un verdict (rempli, partiel, absent), les mots qui le justifient et un conseil.",
    )
    p.add_argument("texte", metavar="TEXTE", nargs="?", default=None,
                   help="l'objectif, entre guillemets (ou --document FICHIER)")
    p.add_argument("--format", choices=["texte", "json", "csv", "html"], default="texte",
                   help="texte (tableau lisible, par défaut), json (verdicts et champs extraits), "
                        "csv ou html (avec --document)")
    p.add_argument("--document", metavar="FICHIER", default=None,
                   help="feuille de route ou politique d'achats (DOCX, ODT, PDF, TXT, MD) : ses objectifs sont "
                        "repérés et analysés un par un")
    p.add_argument("--sortie", metavar="FICHIER", default=None,
                   help="fichier écrit pour --format csv ou html (par défaut NOM-objectifs.csv ou .html, "
                        "dans le dossier courant)")
    ajouter_option_date(p, "date de référence AAAA-MM-JJ : les échéances et les planchers légaux sont jugés à cette "
                           "date (par défaut, la date du jour)")
    p.add_argument("--donnees", metavar="CHEMIN", default=None,
                   help="dossier d'organisation (ou fichier de marchés ou de dépenses) pour juger la cible "
                        "au regard des données : situation de départ et rythme observé")
    p.set_defaults(executer=executer)


def executer(args) -> int:
    if args.document:
        if args.texte:
            raise ErreurParametre("Donnez soit un objectif entre guillemets, soit --document FICHIER, pas les deux.")
        from spaserlib.commandes.smart_document import executer_document

        return executer_document(args)
    if args.format in ("csv", "html"):
        raise ErreurParametre(f"Le format {args.format} sert au tableau d'un document : ajoutez --document FICHIER, "
                              "ou choisissez --format texte ou json pour un objectif seul.")
    if not args.texte or not args.texte.strip():
        raise ErreurParametre("Le texte de l'objectif est vide : écrivez l'objectif entre guillemets, par exemple "
                              "spaser smart \"Atteindre 30 % de marchés avec une clause sociale d'ici 2027\".")
    from spaserlib.objectifs.smart import analyser_objectif

    jour = date_de_l_option(args.date)
    marches = achats = None
    organisation = None
    if args.donnees:
        from spaserlib.lecture.organisation import charger_organisation

        organisation = charger_organisation(args.donnees).exiger_sans_erreur()
        marches = organisation.marches if len(organisation.marches) else None
        achats = organisation.achats if len(organisation.achats) else None
    analyse = analyser_objectif(args.texte, aujourd_hui=jour, marches=marches, achats=achats)
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
