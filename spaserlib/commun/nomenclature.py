"""La nomenclature des familles d'achat du kit et son rattachement aux codes CPV.

Chaque famille porte des préfixes CPV ; un code CPV appartient à la famille dont un préfixe est
le plus long préfixe du code (règle du préfixe le plus long). Tous les codes de CPV 2008 ont
ainsi exactement une famille.

Les scores (complexité du marché, enjeux environnemental et social, de 1 à 4) sont une
convention pédagogique du kit : voir `AVERTISSEMENT_CONVENTION` et la colonne ``source``.
"""

from __future__ import annotations

import csv
import difflib
import functools
from importlib import resources

import pandas as pd

from spaserlib.commun.erreurs import ErreurParametre

AVERTISSEMENT_CONVENTION = (
    "Les familles d'achat et leurs scores (complexité du marché, enjeu environnemental, enjeu "
    "social, de 1 à 4) sont une convention pédagogique du kit SPASER, pas une nomenclature "
    "officielle : ils sont proposés pour la formation, chaque score est justifié en une ligne et "
    "sa source est indiquée. Discutez-les et ajustez-les à votre organisation avant de vous en servir "
    "pour décider."
)

COLONNES_FAMILLES = [
    "code",
    "libelle",
    "type",
    "prefixes_cpv",
    "complexite_marche",
    "justification_complexite",
    "enjeu_environnemental",
    "justification_environnement",
    "enjeu_social",
    "justification_social",
    "categorie_agec",
    "source",
]

TYPES_FAMILLE = ("fournitures", "services", "travaux")

# Les 17 catégories de produits du décret n° 2024-134 du 21 février 2024 (article 58 de la loi
# AGEC), libellés de l'énumération `type_produit_acquis` du schéma data.gouv
# « schema-declaration-biens-reemploi-reutilisation-recycle ».
CATEGORIES_AGEC = (
    "Produits textiles à l'exception des équipements de protection individuels",
    "Matériel informatique et téléphonie",
    "Matériel de reprographie et d'impression",
    "Consommables d'impression",
    "Papier",
    "Fournitures de bureau",
    "Engins de transport et pièces détachées",
    "Véhicules et pièces détachées",
    "Mobilier et aménagement d'intérieur",
    "Mobilier urbain",
    "Equipements de collecte de déchets",
    "Bocaux et flacons",
    "Articles et équipement sportifs",
    "Matériel d'entretien des espaces verts",
    "Bâtiments modulaires ou préfabriqués",
    "Gros électroménager, y compris appareils professionnels",
    "Jeux et jouets",
)

_COLONNES_ENTIERES = ("complexite_marche", "enjeu_environnemental", "enjeu_social")


@functools.cache
def _table() -> pd.DataFrame:
    chemin = resources.files("spaserlib") / "donnees" / "familles.csv"
    with chemin.open(encoding="utf-8") as f:
        lignes = list(csv.DictReader(f))
    table = pd.DataFrame(lignes, columns=COLONNES_FAMILLES)
    for colonne in _COLONNES_ENTIERES:
        table[colonne] = table[colonne].astype("int64")
    return table


@functools.cache
def _prefixes() -> dict[str, str]:
    """Préfixe CPV -> code de famille."""
    return {p: code for code, prefixes in zip(_table()["code"], _table()["prefixes_cpv"]) for p in prefixes.split()}


@functools.cache
def _prefixes_par_longueur() -> tuple[tuple[int, dict[str, str]], ...]:
    """Les préfixes regroupés par longueur, du plus long au plus court."""
    par_longueur: dict[int, dict[str, str]] = {}
    for prefixe, code in _prefixes().items():
        par_longueur.setdefault(len(prefixe), {})[prefixe] = code
    return tuple(sorted(par_longueur.items(), reverse=True))


def familles() -> pd.DataFrame:
    """La table des familles d'achat (une copie : la modifier ne change pas celle du kit).

    Colonnes : voir `COLONNES_FAMILLES`. Les scores sont des entiers de 1 à 4.
    """
    return _table().copy()


def famille_du_cpv(cpv8: str | None) -> str | None:
    """Code de la famille d'un code CPV à 8 chiffres, ou None si le code est vide ou inconnu.

    Le code doit déjà être normalisé (voir `spaserlib.commun.identifiants.normaliser_cpv`). Un code à
    8 chiffres absent de CPV 2008 reçoit quand même la famille de son plus long préfixe connu.
    """
    if cpv8 is None or not isinstance(cpv8, str) or not cpv8.isdigit():
        return None
    for longueur, prefixes in _prefixes_par_longueur():
        code = prefixes.get(cpv8[:longueur])
        if code is not None:
            return code
    return None


def familles_des_cpv(cpv: pd.Series) -> pd.Series:
    """Famille de chaque code CPV d'une série, nommée ``famille`` et de même index.

    Les codes doivent être normalisés à 8 chiffres. Vectorisé : la règle du préfixe le plus long
    n'est appliquée qu'une fois par code distinct, puis reportée sur toutes les lignes. Une valeur
    vide ou sans famille donne une valeur manquante. Dtype ``str``.
    """
    valeurs = cpv.astype("str")
    codes, uniques = pd.factorize(valeurs)
    familles_uniques = pd.array([famille_du_cpv(c) for c in uniques], dtype="str")
    if len(familles_uniques) == 0:
        resultat = pd.array([None] * len(valeurs), dtype="str")
    else:
        resultat = familles_uniques.take(codes, allow_fill=True)
    return pd.Series(resultat, index=cpv.index, name="famille", dtype="str")


def _erreur_code_inconnu(code) -> ErreurParametre:
    codes = list(_table()["code"])
    proches = difflib.get_close_matches(str(code).upper(), codes, n=3, cutoff=0.5)
    suggestion = (
        f" Codes proches : {', '.join(proches)}." if proches else " Voir la liste avec familles()['code']."
    )
    return ErreurParametre(f"Famille d'achat inconnue : « {code} ».{suggestion}")


@functools.cache
def _lignes_par_code() -> dict[str, dict]:
    lignes = {}
    for ligne in _table().to_dict("records"):
        for colonne in _COLONNES_ENTIERES:
            ligne[colonne] = int(ligne[colonne])
        lignes[ligne["code"]] = ligne
    return lignes


def famille(code: str) -> dict:
    """La ligne de la famille `code` sous forme de dictionnaire (une copie).

    Lève ErreurParametre si le code n'existe pas, en proposant les codes proches.
    """
    ligne = _lignes_par_code().get(code) if isinstance(code, str) else None
    if ligne is None:
        raise _erreur_code_inconnu(code)
    return dict(ligne)


def libelle_famille(code: str) -> str:
    """Libellé de la famille `code` ; ErreurParametre si le code n'existe pas."""
    return famille(code)["libelle"]
