"""`spaser verifier FICHIER…` : lire des fichiers de dépenses ou de marchés et lister leurs problèmes.

Code de sortie : 0 sans erreur bloquante, 1 si des lignes ont dû être écartées, 2 si un fichier
n'a pas pu être lu du tout.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from spaserlib.commun.erreurs import ErreurFichier, ErreurParametre

if TYPE_CHECKING:
    from spaserlib.lecture.resultat import Lecture

LIBELLES_CODES = {
    "montant_absent": "montant absent",
    "montant_illisible": "montant illisible",
    "montant_sentinelle": "montant bouche-trou (99999999)",
    "montant_nul": "montant nul",
    "date_absente": "date absente",
    "date_illisible": "date illisible",
    "date_future": "date dans le futur",
    "date_ancienne": "date antérieure à 1990",
    "fournisseur_absent": "fournisseur absent",
    "siret_invalide": "SIRET invalide",
    "cpv_cle_fausse": "clé CPV fausse",
    "cpv_illisible": "CPV illisible",
    "cpv_inconnu": "CPV inconnu de CPV 2008",
    "caracteres_perdus": "caractères perdus (U+FFFD)",
    "identifiant_absent": "identifiant de marché absent",
    "identifiant_repete": "identifiant couvrant plusieurs objets",
    "titulaire_absent": "titulaire absent",
    "montants_differents_meme_lot": "montants différents dans un lot",
    "conversion_ttc": "montants HT calculés depuis le TTC",
    "montant_ht_suppose": "montant supposé HT",
    "famille_inconnue": "famille inconnue de la nomenclature",
    "conversion_ttc_inutile": "conversion TTC non appliquée",
    "lignes_vides": "lignes vides ignorées",
}
AFFICHES_PAR_FICHIER = 50


def ajouter(sous_parseurs) -> None:
    parseur = sous_parseurs.add_parser(
        "verifier",
        help="vérifier des fichiers de dépenses ou de marchés et lister leurs problèmes",
        description="Lit chaque fichier (CSV, XLSX, ODS, JSON DECP), liste tous ses problèmes (ligne, colonne, "
        "valeur, ce qui ne va pas, que faire) et résume ce qui a été gardé ou écarté. Code de sortie : 0 sans "
        "erreur bloquante, 1 si des lignes ont été écartées, 2 si un fichier est illisible.",
    )
    parseur.add_argument("fichiers", nargs="+", metavar="FICHIER",
                         help="fichier(s) à vérifier, ou dossier(s) d'organisation (tous leurs fichiers de données)")
    parseur.add_argument("--problemes", metavar="SORTIE.csv", help="écrire tous les problèmes dans ce fichier CSV")
    parseur.add_argument("--format", choices=["texte", "json"], default="texte",
                         help="texte lisible (par défaut) ou résumé JSON pour une machine")
    parseur.add_argument("--genre", choices=["auto", "achats", "marches"], default="auto",
                         help="nature des fichiers : reconnue d'après les colonnes (auto, par défaut)")
    parseur.add_argument("--ttc-vers-ht", type=float, metavar="TAUX",
                         help="taux de TVA en pourcentage (20) pour convertir un fichier dont le seul montant est TTC")
    parseur.set_defaults(executer=executer)


def _taux(args) -> float | None:
    if args.ttc_vers_ht is None:
        return None
    if not 0 <= args.ttc_vers_ht < 100:
        raise ErreurParametre(
            f"--ttc-vers-ht attend un taux de TVA en pourcentage, entre 0 et 100 (20 pour 20 %), "
            f"pas « {args.ttc_vers_ht:g} »."
        )
    return args.ttc_vers_ht / 100


def _coupe(texte, largeur: int) -> str:
    texte = "" if texte is None else str(texte).replace("\n", " ")
    return texte if len(texte) <= largeur else texte[: largeur - 1] + "…"


def libelle_probleme(code: str) -> str:
    """Libellé français court d'un genre de problème (« montant_illisible » -> « montant illisible »)."""
    return LIBELLES_CODES.get(code, code.replace("_", " "))


def texte_lecture(lecture: Lecture, maximum: int = AFFICHES_PAR_FICHIER) -> str:
    """Le compte rendu lisible d'une lecture : résumé, puis tableau des problèmes."""
    from spaserlib.commun.format_fr import euros, nombre

    r = lecture.resume()
    lignes = [f"== {lecture.fichier} ({'dépenses' if lecture.genre == 'achats' else 'marchés'})"]
    ecartees = ", ".join(f"{libelle_probleme(c)} : {n}" for c, n in r["erreurs_par_genre"].items())
    lignes.append(
        f"{nombre(r['lignes_lues'])} ligne(s) lue(s), {nombre(r['lignes_gardees'])} gardée(s), "
        f"{nombre(r['lignes_ecartees'])} écartée(s){f' ({ecartees})' if ecartees else ''}."
    )
    if lecture.genre == "marches":
        phrase = f"{nombre(r['contrats'])} contrat(s) après regroupement des lots, titulaires et modifications"
        if r.get("concessions"):
            phrase += f", et {nombre(r['concessions'])} concession(s) gardée(s) à part"
        lignes.append(phrase + ".")
    if "montant_ht_total" in r:
        lignes.append(f"Montant HT total gardé : {euros(r['montant_ht_total'])}.")
    if not lecture.problemes:
        lignes.append("Aucun problème.")
        return "\n".join(lignes)
    lignes.append(f"{len(lecture.erreurs)} erreur(s), {len(lecture.avertissements)} avertissement(s) :")
    lignes.append(f"{'Ligne':>7}  {'Gravité':<13}  {'Colonne':<20}  {'Valeur':<22}  Problème — que faire")
    for p in lecture.problemes[:maximum]:
        ligne = "" if p.ligne is None else str(p.ligne)
        lignes.append(f"{ligne:>7}  {p.gravite:<13}  {_coupe(p.colonne, 20):<20}  {_coupe(p.valeur, 22):<22}  "
                      f"{p.message} — {p.conseil}".rstrip(" —"))
    if len(lecture.problemes) > maximum:
        reste = Counter(p.code for p in lecture.problemes[maximum:])
        detail = ", ".join(f"{libelle_probleme(c)} : {n}" for c, n in reste.most_common())
        lignes.append(f"… et {len(lecture.problemes) - maximum} autre(s) problème(s) ({detail}) : "
                      "option --problemes SORTIE.csv pour la liste complète.")
    return "\n".join(lignes)


def ecrire_problemes(lectures: list[Lecture], sortie: Path) -> None:
    """Écrit tous les problèmes en CSV pour Excel en français (« ; », virgule décimale, UTF-8 avec BOM),
    d'un bloc ; une valeur qui ressemble à une formule y reçoit une apostrophe en tête."""
    import pandas as pd

    from spaserlib.commun.tableur import ecrire_csv  # valeurs venues des données : neutralisées (OWASP)
    from spaserlib.lecture.resultat import COLONNES_PROBLEMES

    tables = [l.problemes_table() for l in lectures]
    table = pd.concat(tables, ignore_index=True) if tables else pd.DataFrame(columns=COLONNES_PROBLEMES)
    ecrire_csv(table.astype({"ligne": "Int64"}), sortie)  # « 12 », pas « 12,0 », quand une ligne manque


def _fichiers(chemins: list[str]) -> list[Path]:
    """Les fichiers à vérifier : un dossier d'organisation compte pour tous ses fichiers de données."""
    from spaserlib.lecture import organisation

    fichiers = []
    for chemin in map(Path, chemins):
        fichiers.extend(organisation.fichiers_de_donnees(chemin) if chemin.is_dir() else [chemin])
    return fichiers


def executer(args) -> int:
    from spaserlib.lecture.fichiers import lire_fichier
    from spaserlib.lecture.organisation import refuser_fichier_special

    taux = _taux(args)
    lectures: list[Lecture] = []
    illisibles: list[ErreurFichier] = []
    genre = None if args.genre == "auto" else args.genre
    for fichier in _fichiers(args.fichiers):
        try:
            refuser_fichier_special(fichier)  # un tube nommé ou un périphérique n'est jamais ouvert
            lectures.append(lire_fichier(fichier, genre=genre, convertir_ttc=taux))
        except ErreurFichier as erreur:
            illisibles.append(erreur)
    if args.problemes:
        ecrire_problemes(lectures, Path(args.problemes))
    bloquant = any(l.a_des_erreurs for l in lectures)
    if args.format == "json":
        resume = {
            "fichiers": [l.resume() for l in lectures],
            "illisibles": [{"fichier": e.fichier, "message": str(e)} for e in illisibles],
            "lignes_lues": sum(l.lignes_lues for l in lectures),
            "lignes_gardees": sum(l.lignes_gardees for l in lectures),
            "lignes_ecartees": sum(l.lignes_ecartees for l in lectures),
            "erreurs_bloquantes": bloquant,
        }
        print(json.dumps(resume, ensure_ascii=False, indent=2, default=str))
    else:
        for lecture in lectures:
            print(texte_lecture(lecture))
            print()
        for erreur in illisibles:
            print(f"== {erreur.fichier}\nFichier illisible : {erreur}\n")
        if args.problemes:
            print(f"Liste complète des problèmes écrite dans {args.problemes}.")
    if illisibles:
        return 2
    return 1 if bloquant else 0
