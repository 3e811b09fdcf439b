"""Les nombres, montants et dates à la française, lus et écrits.

**Écrire** (`euros`, `pourcentage`, `nombre`…) :

Conventions (celles de l'Imprimerie nationale, simplifiées pour l'écran et les tableurs) :
- virgule décimale, espace entre les milliers : « 1 234,56 € » ;
- espace insécable (U+00A0) entre les milliers et avant l'unité (« € », « % »), pour que
  « 1 234 € » ne soit jamais coupé en fin de ligne ; la constante `ESPACE` la donne ;
- signe moins ordinaire (« -1 234,56 € ») : un tableur le relit comme un nombre ;
- une valeur manquante (None, NaN, NA) s'écrit « — ».

`pourcentage` reçoit une PART entre 0 et 1 (0,18 s'écrit « 18 % »), comme les colonnes
`part` des tables du kit.

**Lire** (`lire_montants`, `lire_dates`), colonne par colonne (sans boucle par ligne) :

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
import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

ESPACE = "\u00a0"
MANQUANT = "—"

# Unités des montants courts, de la plus grande à la plus petite.
_UNITES_COURTES = [(1e9, "Md€"), (1e6, "M€"), (1e3, "k€")]


def _manquant(x) -> bool:
    if x is None:
        return True
    try:
        return bool(math.isnan(float(x)))
    except (TypeError, ValueError):
        # pd.NA et assimilés ne se convertissent pas en float
        return True


def _chiffres(valeur: float, decimales: int) -> str:
    """« 1234.5 » -> « 1 234,50 » (décimales fixes, espaces insécables entre milliers)."""
    texte = f"{abs(valeur):,.{decimales}f}"
    texte = texte.replace(",", "_").replace(".", ",").replace("_", ESPACE)
    # -0,00 s'écrit 0,00 : le signe ne se montre que si le nombre arrondi n'est pas nul
    nul = float(f"{abs(valeur):.{decimales}f}") == 0
    return ("-" if valeur < 0 and not nul else "") + texte


def _sans_zero_final(texte: str) -> str:
    """« 12,0 » -> « 12 » ; « 12,5 » reste « 12,5 »."""
    return texte[:-2] if texte.endswith(",0") else texte


def nombre(x, decimales: int = 0) -> str:
    """Un nombre à la française : ``nombre(1234)`` -> « 1 234 », ``nombre(1234.5, 1)`` -> « 1 234,5 »."""
    if _manquant(x):
        return MANQUANT
    return _chiffres(float(x), decimales)


def euros(x, decimales: int = 2) -> str:
    """Un montant exact : ``euros(1234.56)`` -> « 1 234,56 € » ; ``euros(1234, 0)`` -> « 1 234 € »."""
    if _manquant(x):
        return MANQUANT
    return f"{_chiffres(float(x), decimales)}{ESPACE}€"


def euros_courts(x) -> str:
    """Un montant arrondi pour une figure ou une phrase : « 1,2 M€ », « 350 k€ », « 2,5 Md€ », « 850 € ».

    Règle : on choisit la plus grande unité (Md€, M€, k€) dont le montant atteint 1 ; moins de
    100 unités s'écrivent avec une décimale (supprimée si elle vaut 0 : « 1 M€ »), 100 et plus
    sans décimale (« 350 k€ »). Un montant qui s'arrondit à 1 000 unités passe à l'unité
    supérieure (999 960 € -> « 1 M€ », pas « 1 000 k€ »). Sous 1 000 €, l'euro entier.
    """
    if _manquant(x):
        return MANQUANT
    valeur = float(x)
    absolu = abs(valeur)
    if round(absolu) < 1000:
        texte, unite = _chiffres(absolu, 0), "€"
    else:
        for taille, unite in reversed(_UNITES_COURTES):
            quantite = absolu / taille
            arrondi = round(quantite, 1) if round(quantite, 1) < 100 else round(quantite)
            if arrondi < 1000 or unite == "Md€":
                break
        texte = _texte_court(quantite)
    signe = "-" if valeur < 0 and texte != "0" else ""
    return f"{signe}{texte}{ESPACE}{unite}"


def _texte_court(quantite: float) -> str:
    if round(quantite, 1) < 100:
        return _sans_zero_final(_chiffres(quantite, 1))
    return _chiffres(quantite, 0)


def pourcentage(x, decimales: int | None = None) -> str:
    """Une part (entre 0 et 1) en pourcentage : 0,18 -> « 18 % », 0,185 -> « 18,5 % ».

    Par défaut une décimale au plus, supprimée quand elle vaut 0 ; ``decimales`` impose un
    nombre fixe de décimales (``pourcentage(0.18, 1)`` -> « 18,0 % »).
    """
    if _manquant(x):
        return MANQUANT
    valeur = float(x) * 100
    if decimales is None:
        texte = _sans_zero_final(_chiffres(valeur, 1))
    else:
        texte = _chiffres(valeur, decimales)
    return f"{texte}{ESPACE}%"


# --- Lire ---

# Textes qui, dans les exports, veulent dire « pas de valeur ».
VALEURS_ABSENTES = frozenset({"", "none", "nan", "null", "na", "n/a", "nat", "-", "--", "néant", "neant"})



@dataclass
class Colonne:
    """Une colonne lue : `valeurs` (float ou datetime64), `vides` et `illisibles` (masques booléens)."""

    valeurs: pd.Series
    vides: pd.Series
    illisibles: pd.Series


def periode_en_texte(debut=None, fin=None, dates=None) -> str:
    """La période d'une figure ou d'une table, à écrire à côté d'elle : « en 2025 », « sur 2023-2025 »,
    « du 01/03/2025 au 30/06/2025 ».

    Avec des bornes (`debut`, `fin`, comprises), une année civile entière s'écrit « en 2025 », plusieurs
    années entières « sur 2023-2025 », d'autres bornes en dates. Sans bornes, la période est lue dans
    `dates` (les dates des lignes retenues) : leurs années, de la première à la dernière. Rend « » quand
    rien ne la dit (aucune borne, aucune date lisible).
    """
    if debut is not None or fin is not None:
        d = pd.Timestamp(debut) if debut is not None else None
        f = pd.Timestamp(fin) if fin is not None else None
        if d is not None and f is not None and (d.month, d.day) == (1, 1) and (f.month, f.day) == (12, 31):
            return f"en {d.year}" if d.year == f.year else f"sur {d.year}-{f.year}"
        morceaux = ([f"du {d:%d/%m/%Y}"] if d is not None else []) + ([f"au {f:%d/%m/%Y}"] if f is not None else [])
        return " ".join(morceaux)
    if dates is None:
        return ""
    annees = pd.to_datetime(pd.Series(dates), errors="coerce").dt.year.dropna()
    if annees.empty:
        return ""
    premiere, derniere = int(annees.min()), int(annees.max())
    return f"en {premiere}" if premiere == derniere else f"sur {premiere}-{derniere}"


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
