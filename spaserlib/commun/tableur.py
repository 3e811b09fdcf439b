"""Des sorties tableur sûres à ouvrir : CSV pour Excel en français, cellules XLSX sans formule venue des données.

Règle de l'OWASP contre l'injection de formules (« CSV injection ») : une cellule de texte venue des
données qui commence par ``=``, ``+``, ``-``, ``@``, une tabulation ou un retour chariot serait lue
comme une formule par un tableur. On la neutralise :
- en CSV, par une apostrophe en tête (« '=1+1 ») : le tableur l'affiche comme un texte ;
- en XLSX, en écrivant la cellule comme une chaîne (type « s ») : openpyxl range sinon tout texte
  commençant par « = » parmi les formules. Le texte reste intact, sans apostrophe.
Les nombres restent des nombres : un avoir de -45,00 € reste un montant négatif, pas un texte.

Les caractères de contrôle (NUL, ESC… : tout ce que refuse openpyxl et que le XML interdit) sont
retirés de chaque texte : « a\\x1bb » devient « ab ». Une tabulation, un saut de ligne ou un retour
chariot au milieu d'un texte sont gardés (le CSV les met entre guillemets).

    cellule_sure(valeur)              une cellule CSV sûre (texte neutralisé, nombre inchangé)
    cellule_sure(valeur, "xlsx")      une valeur XLSX sans caractère interdit (voir classeur_sur)
    table_sure(table, "csv"|"xlsx")   la même chose pour chaque cellule de texte d'un DataFrame
    ecrire_csv(table, chemin)         CSV « ; », virgule décimale, UTF-8 avec BOM, écrit d'un bloc
    classeur_sur(classeur_ou_feuille) avant d'enregistrer un classeur openpyxl : aucun texte en formule

Le kit n'écrit lui-même aucune formule dans ses classeurs : `classeur_sur` range donc en texte
toute cellule qui en a l'air.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from spaserlib.commun.ecriture import ecrire_d_un_bloc

# Les premiers caractères qui font d'une cellule une formule (OWASP, « CSV Injection »).
DEBUTS_DE_FORMULE = ("=", "+", "-", "@", "\t", "\r")
# Caractères de contrôle (hors tabulation, saut de ligne, retour chariot), DEL, non-caractères et
# demi-codets isolés : openpyxl les refuse (IllegalCharacterError) ou le XML ne sait pas les écrire.
_INTERDITS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
# Une cellule XLSX tient au plus 32 767 caractères (limite d'Excel).
LONGUEUR_CELLULE_XLSX = 32_767
FORMATS = ("csv", "xlsx")


def texte_sans_controle(texte: str) -> str:
    """Le texte sans ses caractères de contrôle interdits : « n\\x00ul » -> « nul »."""
    return _INTERDITS.sub("", texte) if _INTERDITS.search(texte) else texte


def ressemble_a_une_formule(texte: str) -> bool:
    """Vrai si un tableur lirait ce texte comme une formule (premier caractère de `DEBUTS_DE_FORMULE`)."""
    return texte.startswith(DEBUTS_DE_FORMULE)


def cellule_sure(valeur, format: str = "csv"):
    """Une cellule sûre à écrire dans un tableur ; seuls les textes sont touchés.

    Un texte perd ses caractères de contrôle ; en CSV, s'il ressemble à une formule, il reçoit une
    apostrophe en tête (« =1+1 » -> « '=1+1 ») ; en XLSX il est gardé tel quel (et coupé à 32 767
    caractères) : c'est `classeur_sur` qui en fait une cellule de texte. Les nombres, dates,
    booléens et valeurs absentes sont rendus inchangés.
    """
    if format not in FORMATS:
        raise ValueError(f"format de tableur inconnu « {format} » ; formats possibles : {', '.join(FORMATS)}.")
    if not isinstance(valeur, str):
        return valeur
    texte = texte_sans_controle(valeur)
    if format == "xlsx":
        return texte if len(texte) <= LONGUEUR_CELLULE_XLSX else texte[: LONGUEUR_CELLULE_XLSX - 1] + "…"
    return "'" + texte if ressemble_a_une_formule(texte) else texte


def _cellule_csv_objet(valeur):
    """Une cellule d'une colonne mêlée (type objet) : texte neutralisé, nombre décimal à virgule."""
    if isinstance(valeur, float) and not math.isnan(valeur):
        return repr(valeur).replace(".", ",")
    return cellule_sure(valeur, "csv")


def table_sure(table: pd.DataFrame, format: str = "csv") -> pd.DataFrame:
    """Une copie de `table` dont chaque texte (cellules et noms de colonnes) est rendu sûr par `cellule_sure`.

    Les colonnes numériques, de dates ou de booléens ne sont pas touchées. En CSV, un nombre décimal
    égaré dans une colonne de textes s'écrit lui aussi avec une virgule.
    """
    copie = table.copy()
    copie.columns = [cellule_sure(c, format) for c in copie.columns]
    for position in range(copie.shape[1]):
        serie = copie.iloc[:, position]
        if serie.dtype == object or pd.api.types.is_string_dtype(serie.dtype) or isinstance(serie.dtype, pd.CategoricalDtype):
            transformer = _cellule_csv_objet if format == "csv" else (lambda v: cellule_sure(v, "xlsx"))
            copie.isetitem(position, serie.astype(object).map(transformer))
    return copie


def ecrire_csv(table: pd.DataFrame | Iterable[dict], chemin, *, colonnes: list[str] | None = None) -> Path:
    """Écrit `table` en CSV pour Excel en français, d'un bloc (tout ou rien) ; rend le chemin.

    Séparateur « ; », virgule décimale, UTF-8 avec BOM (les accents s'ouvrent justes d'un
    double-clic), fins de ligne CRLF, sans index ; chaque texte est rendu sûr (`cellule_sure`). `table` est un DataFrame
    ou une suite de dictionnaires (ses colonnes sont alors `colonnes`, dans cet ordre).
    """
    if not isinstance(table, pd.DataFrame):
        table = pd.DataFrame(list(table), columns=colonnes)
    elif colonnes is not None:
        table = table[colonnes]
    sure = table_sure(table, "csv")
    # Fins de ligne CRLF (RFC 4180) : un retour chariot au milieu d'un texte est alors mis entre guillemets.
    return ecrire_d_un_bloc(chemin, lambda temporaire: sure.to_csv(temporaire, sep=";", decimal=",", index=False,
                                                                   encoding="utf-8-sig", lineterminator="\r\n"))


def classeur_sur(classeur_ou_feuille):
    """Rend sûr un classeur (ou une feuille) openpyxl avant de l'enregistrer ; le rend.

    Chaque cellule dont le texte ressemble à une formule devient une cellule de texte (type « s ») :
    relue par openpyxl, Excel ou LibreOffice, elle ne calcule rien. Les caractères de contrôle
    ayant été retirés à l'écriture des valeurs (openpyxl les refuse), il n'y a rien d'autre à faire.
    """
    feuilles = classeur_ou_feuille.worksheets if hasattr(classeur_ou_feuille, "worksheets") else [classeur_ou_feuille]
    for feuille in feuilles:
        # Les cellules existantes seulement : `iter_rows` créerait toutes celles du rectangle.
        for cellule in list(feuille._cells.values()):
            if isinstance(cellule.value, str) and (cellule.data_type == "f" or ressemble_a_une_formule(cellule.value)):
                cellule.data_type = "s"
    return classeur_ou_feuille
