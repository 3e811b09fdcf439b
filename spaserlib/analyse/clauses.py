"""Bibliothèque de clauses types et de critères d'attribution, par famille d'achats.

Les entrées sont des données (`spaserlib/donnees/clauses.yaml`) : pour chaque famille du kit, des
clauses d'exécution, critères d'attribution, spécifications techniques ou marchés réservés, sociaux
ou environnementaux, avec leur base légale, un exemple de pondération, le contrôle en exécution et
les pièges (lien avec l'objet du marché, non-discrimination, proportionnalité). La lecture valide
tout le fichier et signale chaque entrée fautive par son identifiant et son champ.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from spaserlib.commun.ressources import liste_yaml
from spaserlib.commun.erreurs import ErreurDonnees, ErreurParametre, Probleme
from spaserlib.commun.nomenclature import familles as _familles

DIMENSIONS = ("sociale", "environnementale")
GENRES = ("clause d'exécution", "critère d'attribution", "spécification technique", "marché réservé")
CHAMPS = ("id", "familles", "dimension", "genre", "texte", "base_legale", "verifie",
          "controle_execution", "pieges", "source")
COLONNES = ("id", "familles", "dimension", "genre", "texte", "base_legale", "verifie", "ponderation",
            "controle_execution", "pieges", "source")


def _probleme(fichier, ident, champ, valeur, message, conseil="Corrigez l'entrée dans le fichier.") -> Probleme:
    return Probleme(fichier=fichier, ligne=None, colonne=f"{ident} / {champ}", valeur=valeur,
                    message=message, conseil=conseil, code="clause_invalide")


def _verifier(entree, rang: int, fichier: str, codes: set[str], vus: set[str]) -> list[Probleme]:
    if not isinstance(entree, dict):
        return [_probleme(fichier, f"entrée n° {rang}", "—", None, "l'entrée n'est pas une fiche « champ: valeur ».")]
    ident = str(entree.get("id") or f"entrée n° {rang}")
    problemes = []
    for champ in CHAMPS:
        valeur = entree.get(champ)
        if valeur is None or (isinstance(valeur, (str, list)) and not valeur):
            problemes.append(_probleme(fichier, ident, champ, None, f"le champ « {champ} » manque ou est vide."))
    if ident in vus:
        problemes.append(_probleme(fichier, ident, "id", ident, "cet identifiant est déjà employé.",
                                   "Donnez un identifiant unique à chaque entrée."))
    vus.add(ident)
    liste = entree.get("familles")
    if liste is not None and not isinstance(liste, list):
        problemes.append(_probleme(fichier, ident, "familles", str(liste), "les familles doivent former une liste.",
                                   "Écrivez par exemple « familles: [S-NETT] »."))
    elif liste:
        for code in liste:
            if str(code) not in codes:
                problemes.append(_probleme(fichier, ident, "familles", str(code), "code de famille inconnu.",
                                           "Employez un code de spaserlib/donnees/familles.csv (ex. S-NETT)."))
    for champ, admis in (("dimension", DIMENSIONS), ("genre", GENRES)):
        valeur = entree.get(champ)
        if valeur is not None and valeur not in admis:
            problemes.append(_probleme(fichier, ident, champ, str(valeur), f"valeur inconnue pour « {champ} ».",
                                       f"Valeurs admises : {', '.join(admis)}."))
    if entree.get("verifie") is not None and not isinstance(entree.get("verifie"), bool):
        problemes.append(_probleme(fichier, ident, "verifie", str(entree["verifie"]), "« verifie » doit valoir true ou false."))
    if entree.get("genre") == "critère d'attribution" and not entree.get("ponderation"):
        problemes.append(_probleme(fichier, ident, "ponderation", None,
                                   "un critère d'attribution doit donner un exemple de pondération.",
                                   "Ajoutez par exemple « ponderation: \"15 % de la note\" »."))
    return problemes


def lire_clauses(chemin: str | Path | None = None) -> pd.DataFrame:
    """Toutes les entrées de la bibliothèque (fichier du kit, ou `chemin`), validées : une ligne par
    entrée, colonnes `COLONNES` (`familles` est une liste de codes). Lève `ErreurDonnees` en listant
    chaque entrée fautive (identifiant et champ), `ErreurFichier` si le fichier est illisible."""
    nom, donnees, entrees = liste_yaml(chemin, "clauses.yaml", "clauses")
    codes = set(_familles()["code"])
    vus: set[str] = set()
    problemes = [p for rang, e in enumerate(entrees, 1) for p in _verifier(e, rang, nom, codes, vus)]
    if problemes:
        raise ErreurDonnees(problemes)
    lignes = [{c: e.get(c) for c in COLONNES} for e in entrees]
    for ligne in lignes:
        ligne["ponderation"] = ligne["ponderation"] or ""
        ligne["familles"] = [str(c) for c in ligne["familles"]]
    return pd.DataFrame(lignes, columns=list(COLONNES))


def _controler(libelle: str, valeur, admis) -> None:
    if valeur is not None and valeur not in admis:
        raise ErreurParametre(f"{libelle} : « {valeur} ». Valeurs admises : {', '.join(admis)}.")


def clauses(famille: str | None = None, dimension: str | None = None, genre: str | None = None) -> pd.DataFrame:
    """Les entrées de la bibliothèque, filtrées par code de famille (« S-NETT »), dimension (« sociale »,
    « environnementale ») et genre (« critère d'attribution »…). Un filtre à None ne filtre pas."""
    table = lire_clauses()
    if famille is not None:
        codes = set(_familles()["code"])
        if famille not in codes:
            raise ErreurParametre(f"Code de famille inconnu : « {famille} ». Voir spaserlib/donnees/familles.csv (ex. S-NETT).")
        table = table[table["familles"].apply(lambda liste: famille in liste)]
    _controler("Dimension inconnue", dimension, DIMENSIONS)
    _controler("Genre inconnu", genre, GENRES)
    if dimension is not None:
        table = table[table["dimension"] == dimension]
    if genre is not None:
        table = table[table["genre"] == genre]
    return table.reset_index(drop=True)


def familles_couvertes() -> list[str]:
    """Les codes de famille qui ont au moins une entrée, triés."""
    return sorted({c for liste in lire_clauses()["familles"] for c in liste})


def choix_familles() -> dict[str, str]:
    """Les familles qui ont au moins une entrée, pour une liste déroulante : {« S-NETT — libellé »: « S-NETT »}."""
    from spaserlib.commun.nomenclature import libelle_famille

    return {f"{code} — {libelle_famille(code)}": code for code in familles_couvertes()}
