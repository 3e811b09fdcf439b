"""Nombres et dates écrits à la française, lus colonne par colonne (sans boucle par ligne).

`lire_montants` comprend « 1 234,56 € » (espace ordinaire, insécable U+00A0 ou fine insécable
U+202F), « 1234.56 », « 1.234,56 », « -45,00 », « (45,00) » (négatif comptable), et lit
« None », « NaN », « - » et le vide comme *absents*. `lire_dates` comprend 31/12/2024, 31/12/24,
31-12-2024, 2024-12-31, 2024-12-31T10:00:00 et 2018-12-17+01:00 (le fuseau est ignoré : on garde
la date civile écrite). Chaque fonction rend les valeurs et deux masques : les cellules vides et
les cellules illisibles, pour que l'appelant signale chaque ligne fautive.

Les valeurs distinctes sont traitées une seule fois (une colonne de dates d'un million de lignes
n'a que quelques milliers de valeurs différentes) ; les montants passent par une traduction de
caractères puis `pandas.to_numeric`, et seules les cellules qui résistent à ce chemin rapide sont
reprises une à une.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

# Textes qui, dans les exports, veulent dire « pas de valeur ».
VALEURS_ABSENTES = frozenset({"", "none", "nan", "null", "na", "n/a", "nat", "-", "--", "néant", "neant"})



@dataclass
class Colonne:
    """Une colonne lue : `valeurs` (float ou datetime64), `vides` et `illisibles` (masques booléens)."""

    valeurs: pd.Series
    vides: pd.Series
    illisibles: pd.Series


def _textes(serie: pd.Series, *, nettoyer: bool = True) -> pd.Series:
    """La colonne en chaînes (les cellules manquantes deviennent "") ; sans espaces de bord si `nettoyer`."""
    if pd.api.types.is_string_dtype(serie.dtype) and serie.dtype != object and not serie.hasnans:
        textes = serie
    else:
        textes = serie.astype("str").where(serie.notna(), "")
    return textes.str.strip() if nettoyer else textes


def _chaines_pures(serie: pd.Series) -> bool:
    """Vrai pour une colonne de chaînes (type str) : les NA éventuels sont traités en aval."""
    return pd.api.types.is_string_dtype(serie.dtype) and serie.dtype != object


def factoriser(serie: pd.Series) -> tuple[np.ndarray, list]:
    """(codes par ligne, valeurs distinctes) ; les NA forment une valeur distincte comme les autres.

    Passe par le tableau numpy sous-jacent : nettement plus rapide que sur la Series de chaînes.
    """
    tableau = serie.to_numpy(dtype=object) if pd.api.types.is_string_dtype(serie.dtype) else serie.to_numpy()
    codes, uniques = pd.factorize(tableau, use_na_sentinel=False)
    return codes, list(uniques)


def _masque_vides(textes: pd.Series) -> pd.Series:
    """Vrai pour les cellules vides ou qui disent « pas de valeur » (None, NaN, -…)."""
    codes, uniques = factoriser(textes)
    absents = np.array([not isinstance(u, str) or u.strip().lower() in VALEURS_ABSENTES for u in uniques], dtype=bool)
    return pd.Series(absents[codes] if len(uniques) else np.zeros(len(textes), bool), index=textes.index)


def _montant_un(texte: str) -> float:
    """Lecture lente d'un seul montant, pour les formes que le chemin rapide ne comprend pas."""
    t = texte.strip()
    negatif = False
    if t.startswith("(") and t.endswith(")"):
        negatif, t = True, t[1:-1]
    t = re.sub(r"[ \t\u00a0\u202f\u2009€]|EUR|euros?", "", t, flags=re.IGNORECASE)
    if t.endswith("-") and t[:-1].replace(",", "").replace(".", "").isdigit():
        negatif, t = not negatif, t[:-1]
    if "," in t and "." in t:
        # Le dernier séparateur est la décimale : 1.234,56 ou 1,234.56.
        if t.rfind(",") > t.rfind("."):
            t = t.replace(".", "").replace(",", ".")
        else:
            t = t.replace(",", "")
    elif t.count(",") == 1:
        t = t.replace(",", ".")
    elif t.count(".") > 1:
        t = t.replace(".", "")  # 1.234.567 : points des milliers
    if not re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", t):
        return np.nan
    valeur = float(t)
    if not np.isfinite(valeur):
        return np.nan
    return -valeur if negatif else valeur


def _montants_rapides(textes: pd.Series) -> pd.Series:
    """Chemin rapide : toute la colonne jointe en un seul texte, traduite d'un coup, puis convertie.

    Les cellules que ce chemin ne comprend pas sortent en NaN et sont reprises par `_montant_un`.
    """
    if len(textes) == 0:
        return pd.Series([], index=textes.index, dtype="float64")
    try:
        bloc = "\n".join(textes.to_numpy(dtype=object).tolist())
    except TypeError:  # cellules manquantes (NA) : reprises par le chemin lent
        return pd.Series(np.nan, index=textes.index, dtype="float64")
    if bloc.count("\n") != len(textes) - 1:  # une cellule contient un saut de ligne
        return pd.Series(np.nan, index=textes.index, dtype="float64")
    for ancien in (" ", "\u00a0", "\u202f", "\u2009", "\t", "€", "\r"):
        if ancien in bloc:
            bloc = bloc.replace(ancien, "")
    bloc = bloc.replace(",", ".")
    valeurs = None
    if "\x1f" not in bloc and '"' not in bloc:
        try:
            # Le lecteur CSV de pandas convertit les flottants en C ; il refuse la colonne entière
            # (ValueError) dès qu'une cellule n'est pas un nombre : on passe alors à `to_numeric`.
            lu = pd.read_csv(io.StringIO(bloc), header=None, names=["m"], sep="\x1f", dtype="float64",
                             skip_blank_lines=False, quoting=csv.QUOTE_NONE, engine="c")["m"]
            if len(lu) == len(textes):
                valeurs = lu.to_numpy()
        except (ValueError, pd.errors.ParserError):
            valeurs = None
    if valeurs is None:
        valeurs = pd.to_numeric(pd.Series(bloc.split("\n"), dtype=object), errors="coerce").to_numpy("float64")
    valeurs = np.where(np.isfinite(valeurs), valeurs, np.nan)
    return pd.Series(valeurs, index=textes.index, dtype="float64")


def lire_montants(serie: pd.Series) -> Colonne:
    """Lit une colonne de montants écrits à la française.

    Rend une `Colonne` : `valeurs` en float (NaN pour les vides et les illisibles), `vides` et
    `illisibles` (masques). Une cellule numérique (lue d'un tableur) est gardée telle quelle.
    """
    if pd.api.types.is_numeric_dtype(serie.dtype) and not pd.api.types.is_bool_dtype(serie.dtype):
        valeurs = serie.astype("float64")
        faux = pd.Series(False, index=serie.index)
        return Colonne(valeurs, valeurs.isna(), faux)
    textes = serie if _chaines_pures(serie) else _textes(serie, nettoyer=False)
    valeurs = _montants_rapides(textes)
    a_reprendre = valeurs.isna().to_numpy()
    vides = pd.Series(False, index=serie.index)
    if a_reprendre.any():
        reste = textes[a_reprendre]
        vides_reste = _masque_vides(reste)
        vides.loc[vides_reste.index[vides_reste.to_numpy()]] = True
        lents = reste[~vides_reste.to_numpy()]
        if len(lents):
            valeurs.loc[lents.index] = [_montant_un(t) for t in lents]
    illisibles = valeurs.isna() & ~vides
    return Colonne(valeurs, vides, illisibles)


_FORMATS_DATE = [
    (re.compile(r"^\d{1,2}/\d{1,2}/\d{4}$"), "%d/%m/%Y"),
    (re.compile(r"^\d{1,2}-\d{1,2}-\d{4}$"), "%d-%m-%Y"),
    (re.compile(r"^\d{1,2}\.\d{1,2}\.\d{4}$"), "%d.%m.%Y"),
    (re.compile(r"^\d{1,2}/\d{1,2}/\d{2}$"), "%d/%m/%y"),
    (re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$"), "%Y-%m-%d"),
    (re.compile(r"^\d{4}/\d{1,2}/\d{1,2}$"), "%Y/%m/%d"),
]
# Date ISO suivie d'une heure et/ou d'un fuseau : on garde la date civile écrite.
_ISO_AVEC_SUITE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ][0-9:.]+)?(?:Z|[+-]\d{2}:?\d{2})?$")
# jj/mm/aaaa suivi d'une heure (export de tableur).
_FR_AVEC_HEURE = re.compile(r"^(\d{1,2}/\d{1,2}/\d{4})[ T][0-9:.]+$")


def _date_une(texte: str) -> pd.Timestamp:
    m = _ISO_AVEC_SUITE.match(texte)
    if m:
        texte = m.group(1)
    m = _FR_AVEC_HEURE.match(texte)
    if m:
        texte = m.group(1)
    for motif, fmt in _FORMATS_DATE:
        if motif.match(texte):
            try:
                date = dt.datetime.strptime(texte, fmt)
            except ValueError:  # 31/02/2024, mois 13…
                return pd.NaT
            # Hors de ce qu'une date pandas sait représenter : illisible plutôt qu'une erreur.
            return pd.Timestamp(date) if 1678 <= date.year <= 2261 else pd.NaT
    return pd.NaT


def lire_dates(serie: pd.Series) -> Colonne:
    """Lit une colonne de dates (formes françaises et ISO, fuseau ignoré).

    Rend une `Colonne` : `valeurs` en datetime64 (NaT pour les vides et les illisibles), `vides`
    et `illisibles`. Les dates déjà typées (lues d'un tableur) sont gardées, sans l'heure.
    """
    if pd.api.types.is_datetime64_any_dtype(serie.dtype):
        valeurs = serie.dt.tz_localize(None) if getattr(serie.dt, "tz", None) else serie
        valeurs = valeurs.dt.normalize().astype("datetime64[ns]")
        faux = pd.Series(False, index=serie.index)
        return Colonne(valeurs, valeurs.isna(), faux)
    codes, uniques = factoriser(serie if _chaines_pures(serie) else _textes(serie, nettoyer=False))
    uniques = [u.strip() if isinstance(u, str) else "" for u in uniques]
    vides_u = np.array([u.lower() in VALEURS_ABSENTES for u in uniques], dtype=bool)
    dates_u = np.array(
        [np.datetime64("NaT", "ns") if v else _date_une(u).to_datetime64() for u, v in zip(uniques, vides_u)],
        dtype="datetime64[ns]",
    )
    if not uniques:
        vides_u = np.zeros(1, bool)
        dates_u = np.array([np.datetime64("NaT", "ns")])
        codes = np.zeros(len(serie), dtype=np.intp)
    valeurs = pd.Series(dates_u[codes], index=serie.index)
    vides = pd.Series(vides_u[codes], index=serie.index)
    illisibles = valeurs.isna() & ~vides
    return Colonne(valeurs, vides, illisibles)
