"""`spaser comparer FICHIER --acheteur SIRET` : placer un acheteur parmi ses pairs d'un fichier DECP national.

Lit un fichier DECP à plusieurs acheteurs (JSON 2019 ou 2024, CSV tabulaire, CSV ou Parquet consolidé)
avec DuckDB, calcule les indicateurs de chaque acheteur (considérations sociales et environnementales,
offre unique, marchés sans mise en concurrence, PME, complétude de la publication), choisit les pairs
(même nature et même tranche de montant par défaut) et donne, pour chaque indicateur, la valeur de
l'acheteur, la médiane et les quartiles des pairs, son centile et la référence nationale. Sortie en
texte ou en JSON ; avec --sortie, un tableau CSV pour Excel en français et la figure en PNG.
"""

from __future__ import annotations

import re
from pathlib import Path

from spaserlib.commun.erreurs import ErreurFichier, ErreurParametre

CHOIX_PAIRS = ("nature-taille", "nature", "departement", "region")
LISTE_OCTETS_MAX = 1024 * 1024  # un fichier de SIRET de pairs (des dizaines de milliers de lignes)


def ajouter(sous_parseurs) -> None:
    parseur = sous_parseurs.add_parser(
        "comparer",
        help="placer un acheteur parmi ses pairs d'un fichier DECP national (indicateurs, centiles)",
        description="Lit un fichier DECP à plusieurs acheteurs (JSON 2019 ou 2024, CSV tabulaire, CSV ou Parquet "
        "consolidé de data.gouv.fr ou decp.info) et place l'acheteur parmi ses pairs : part des marchés avec une "
        "considération sociale ou environnementale, avec une seule offre, sans mise en concurrence, attribués à "
        "une PME, complétude de la publication ; pour chacun, la médiane et les quartiles des pairs, le centile "
        "de l'acheteur et la référence nationale.",
    )
    parseur.add_argument("fichier", metavar="FICHIER", help="fichier DECP à plusieurs acheteurs (JSON, CSV ou Parquet)")
    parseur.add_argument("--acheteur", required=True, metavar="SIRET", help="SIRET de l'acheteur à comparer (14 chiffres)")
    parseur.add_argument("--pairs", default="nature-taille", metavar="CHOIX",
                         help="les pairs : nature-taille (même nature et même tranche de montant, par défaut), "
                         "nature (toutes tailles), departement ou region (même nature, même département ou "
                         "région), une liste de SIRET séparés par des virgules, ou un fichier de SIRET (un par ligne)")
    parseur.add_argument("--annee", metavar="PERIODE",
                         help="année de notification (2023), période (2022-2024) ou « toutes » ; par défaut "
                         "l'année qui compte le plus de marchés dans le fichier")
    parseur.add_argument("--format", choices=("texte", "json"), default="texte",
                         help="forme de la sortie à l'écran : texte (par défaut) ou json")
    parseur.add_argument("--sortie", metavar="DOSSIER",
                         help="dossier où écrire le tableau CSV (Excel en français) et la figure PNG (créé au besoin)")
    parseur.set_defaults(executer=executer)


def lire_pairs(valeur: str):
    """L'argument --pairs : un choix de `CHOIX_PAIRS`, ou la liste des SIRET (virgules, ou fichier)."""
    from spaserlib.commun.identifiants import normaliser_siret

    valeur = str(valeur).strip()
    if valeur in CHOIX_PAIRS:
        return valeur
    chemin = Path(valeur)
    if chemin.is_file():
        if chemin.stat().st_size > LISTE_OCTETS_MAX:
            raise ErreurFichier(valeur, "la liste de pairs dépasse 1 Mo.", "Donnez un fichier d'un SIRET par ligne.")
        octets = chemin.read_bytes()
        try:
            texte = octets.decode("utf-8-sig")
        except UnicodeDecodeError:
            texte = octets.decode("cp1252", errors="replace")
        # Un SIRET par ligne, ou la première colonne d'un CSV ; l'en-tête (sans chiffre) est sauté.
        morceaux = [re.split(r"[;,\t]", ligne, maxsplit=1)[0].strip().strip('"') for ligne in texte.splitlines()]
        morceaux = [m for m in morceaux if re.search(r"\d", m)]
        origine = f"le fichier {valeur}"
    elif re.search(r"\d", valeur):
        morceaux = [m.strip() for m in valeur.split(",") if m.strip()]
        origine = "la liste --pairs"
    else:
        raise ErreurParametre(f"--pairs « {valeur} » : ni un choix connu ({', '.join(CHOIX_PAIRS)}), ni un fichier "
                              "existant, ni une liste de SIRET séparés par des virgules.")
    sirets = [normaliser_siret(m) for m in morceaux]
    fautifs = [m for m, s in zip(morceaux, sirets) if not s or not re.fullmatch(r"\d{14}", s)]
    if fautifs:
        raise ErreurParametre(f"{origine} contient {len(fautifs)} SIRET mal formé(s) : "
                              f"{', '.join(fautifs[:5])}{'…' if len(fautifs) > 5 else ''}. Un SIRET a 14 chiffres.")
    if not sirets:
        raise ErreurParametre(f"{origine} ne contient aucun SIRET.")
    return sirets


def _pour_cent(x) -> str:
    from spaserlib.commun.format_fr import pourcentage

    return pourcentage(x, 1)


def texte(comparaison) -> str:
    """La comparaison en texte français, pour l'écran."""
    from spaserlib.analyse.comparaison import MESURES
    from spaserlib.commun.format_fr import euros_courts, nombre

    a = comparaison.acheteur
    lieu = ", ".join(x for x in (f"département {a['departement']}" if a["departement"] else "",
                                 f"région {a['region']}" if a["region"] else "") if x)
    lignes = [
        f"Comparaison avec les pairs — {a['nom'] or 'acheteur'} (SIRET {a['siret']}), {comparaison.periode.libelle}",
        f"  Fichier : {comparaison.fichier} ({comparaison.format})",
        f"  Nature : {a['nature']} (d'après {'la catégorie du fichier' if a['nature_source'] == 'catégorie du fichier' else 'le début du SIREN'})"
        + (f" ; {lieu}" if lieu else ""),
        f"  Marchés de l'acheteur : {nombre(a['contrats'])}, pour {euros_courts(a['montant_total'])} HT "
        f"(tranche {a['tranche']})",
        f"  Pairs : {nombre(len(comparaison.pairs))} organisations acheteuses ({comparaison.description_pairs})",
    ]
    lignes += [f"  Attention : {avertissement}" for avertissement in comparaison.avertissements]
    for r in comparaison.resultats:
        if not r.disponible:
            lignes.append(f"  • {r.libelle} : non disponible — {r.raison}")
            continue
        lignes.append(f"  • {r.libelle}" + (f" ({nombre(r.inconnus)} marchés de l'acheteur sans l'information, "
                                            "mis à part)" if r.inconnus else ""))
        for nom, m in r.mesures.items():
            detail = (f"médiane des {nombre(m.pairs)} pairs {_pour_cent(m.mediane)} (quartiles {_pour_cent(m.premier_quartile)} "
                      f"et {_pour_cent(m.troisieme_quartile)}), centile de l'acheteur : {nombre(m.centile)}"
                      if m.pairs else "aucun pair ne renseigne cet indicateur")
            lignes.append(f"      {MESURES[nom]} : {_pour_cent(m.acheteur)} ; {detail} ; ensemble du fichier "
                          f"{_pour_cent(m.ensemble)}")
        if r.reference is not None:
            lignes.append(f"      référence nationale : {_pour_cent(r.reference.valeur)} en {r.reference.annee} "
                          f"({r.reference.champ} ; {r.reference.source}) ; cible : {r.reference.cible_texte}")
        if r.avertissement:
            lignes.append(f"      attention : {r.avertissement}")
    return "\n".join(lignes)


def ecrire_sorties(comparaison, dossier) -> list[Path]:
    """Écrit le tableau CSV (Excel en français) et la figure PNG de la comparaison ; rend leurs chemins."""
    from spaserlib.analyse.comparaison import tableau
    from spaserlib.commun.ecriture import ecrire_d_un_bloc
    from spaserlib.commun.tableur import ecrire_csv
    from spaserlib.documents.figure_pairs import figure_pairs

    dossier = Path(dossier)
    periode = comparaison.periode
    suffixe = "toutes-annees" if periode.debut is None else (
        str(periode.debut) if periode.debut == periode.fin else f"{periode.debut}-{periode.fin}")
    base = f"comparaison_{comparaison.acheteur['siret']}_{suffixe}"
    csv = ecrire_csv(tableau(comparaison), dossier / f"{base}.csv")
    figure = figure_pairs(comparaison)
    png = ecrire_d_un_bloc(dossier / f"{base}.png", lambda temporaire: figure.savefig(temporaire, format="png", dpi=150))
    return [csv, png]


def executer(args) -> int:
    import json
    import sys

    from spaserlib.analyse.comparaison import comparer, en_dict, lire_periode
    from spaserlib.lecture.decp_multi import ouvrir_decp

    pairs = lire_pairs(args.pairs)
    periode = lire_periode(args.annee)
    with ouvrir_decp(args.fichier) as source:
        comparaison = comparer(source, args.acheteur, pairs=pairs, periode=periode)
    ecrits = ecrire_sorties(comparaison, args.sortie) if args.sortie else []
    if args.format == "json":
        print(json.dumps(en_dict(comparaison), ensure_ascii=False, indent=2))
        flux = sys.stderr  # la sortie standard reste du JSON pur
    else:
        print(texte(comparaison))
        flux = sys.stdout
    if ecrits:
        print(f"Fichiers écrits dans {args.sortie} :", file=flux)
        for chemin in ecrits:
            print(f"  {chemin.name}", file=flux)
        print("Le CSV est en UTF-8 avec BOM, séparateur « ; » et virgule décimale, pour Excel en français.", file=flux)
    return 0
