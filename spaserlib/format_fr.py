"""Écrire les nombres à la française : euros, pourcentages, grands nombres.

Conventions (celles de l'Imprimerie nationale, simplifiées pour l'écran et les tableurs) :
- virgule décimale, espace entre les milliers : « 1 234,56 € » ;
- espace insécable (U+00A0) entre les milliers et avant l'unité (« € », « % »), pour que
  « 1 234 € » ne soit jamais coupé en fin de ligne ; la constante `ESPACE` la donne ;
- signe moins ordinaire (« -1 234,56 € ») : un tableur le relit comme un nombre ;
- une valeur manquante (None, NaN, NA) s'écrit « — ».

`pourcentage` reçoit une PART entre 0 et 1 (0,18 s'écrit « 18 % »), comme les colonnes
`part` des tables du kit.
"""

from __future__ import annotations

import math

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
