"""La date de référence : le jour auquel le kit lit le droit (« à la date du … »).

Une seule date, la même partout : le paramètre `date_reference` des notebooks, l'option `--date`
des commandes qui écrivent un contenu daté (`spaser rapport`, `classe`, `demo`, `smart`,
`tableau-de-bord`), l'argument `date_reference` de `produire_rapport` et du projet de SPASER. Par
défaut, la date du jour. Elle décide de ce qui est écrit comme en vigueur (« depuis le 21 août
2026 ») et de ce qui est écrit comme à venir (« à partir du 21 août 2026 »), et des statuts des
obligations. Elle ne change pas la période des chiffres (l'année analysée) ni la date de
production d'un document, qui restent écrites à part.

    lire_date_reference(valeur=None, origine="date_reference") -> date
    jour_en_lettres(jour) -> « 1er janvier 2023 », « 21 août 2026 »
    depuis_ou_a_partir(date_regle, jour) -> « depuis le 21 août 2026 » ou « à partir du 21 août 2026 »
    ajouter_option_date(parseur, aide), date_de_l_option(texte)   l'option `--date` des commandes

L'option `--date AAAA-MM-JJ` (synonyme `--date-reference`) a le même nom et le même sens dans toutes
les commandes qui écrivent un contenu daté ; elle est ici, dans le socle, parce qu'un module de
commande n'importe aucun autre module de commande (`spaser smart` n'importe que le sien).
"""

from __future__ import annotations

import re
from datetime import date, datetime

from spaserlib.commun.erreurs import ErreurParametre

NOM_PARAMETRE = "date_reference"
# Bornes d'une date de référence plausible : le premier seuil du SPASER (2015) n'a pas de sens avant 1990.
ANNEE_MIN, ANNEE_MAX = 1990, 2100
MOIS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
        "novembre", "décembre")
_FRANCAISE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")


def _illisible(valeur, origine: str) -> ErreurParametre:
    return ErreurParametre(
        f"{origine} vaut « {valeur} » : date illisible. Écrivez-la AAAA-MM-JJ (par exemple 2025-06-01), "
        f"ou laissez None pour la date du jour."
    )


def lire_date_reference(valeur=None, *, origine: str = NOM_PARAMETRE) -> date:
    """La date de référence : `valeur` (date, datetime, Timestamp, « AAAA-MM-JJ » ou « JJ/MM/AAAA »),
    ou la date du jour si `valeur` est None ou vide.

    `origine` nomme le paramètre ou l'option dans le message d'erreur (« date_reference », « --date »).
    Lève `ErreurParametre` pour une date illisible ou hors de 1990-2100.
    """
    if valeur is None or (isinstance(valeur, str) and not valeur.strip()):
        return date.today()
    if isinstance(valeur, bool):
        raise _illisible(valeur, origine)
    if isinstance(valeur, datetime) or hasattr(valeur, "to_pydatetime"):
        try:
            jour = valeur.date()
        except (ValueError, TypeError, AttributeError):  # NaT
            raise _illisible(valeur, origine) from None
    elif isinstance(valeur, date):
        jour = valeur
    elif isinstance(valeur, str):
        texte = valeur.strip()
        francaise = _FRANCAISE.match(texte)
        try:
            if francaise:
                j, m, a = (int(x) for x in francaise.groups())
                jour = date(a, m, j)
            else:
                jour = date.fromisoformat(texte[:10]) if re.match(r"^\d{4}-\d{2}-\d{2}", texte) else None
        except ValueError:
            jour = None
        if jour is None:
            raise _illisible(valeur, origine)
    else:
        raise _illisible(valeur, origine)
    if not isinstance(jour, date) or jour != jour:  # NaT de pandas : ni une date, ni égal à lui-même
        raise _illisible(valeur, origine)
    if not ANNEE_MIN <= jour.year <= ANNEE_MAX:
        raise ErreurParametre(f"{origine} vaut « {valeur} » : choisissez une date entre {ANNEE_MIN} et {ANNEE_MAX}.")
    return jour


def jour_en_lettres(jour: date) -> str:
    """« 1er janvier 2023 », « 21 août 2026 » (l'usage français : « 1er » pour le premier du mois)."""
    return f"{'1er' if jour.day == 1 else jour.day} {MOIS[jour.month - 1]} {jour.year}"


def depuis_ou_a_partir(date_regle: date, jour: date) -> str:
    """« depuis le 21 août 2026 » si la règle est en vigueur au `jour`, « à partir du 21 août 2026 » sinon."""
    return (f"depuis le {jour_en_lettres(date_regle)}" if jour >= date_regle
            else f"à partir du {jour_en_lettres(date_regle)}")


def en_vigueur(date_regle: date, jour: date) -> bool:
    """Vrai si une règle applicable à partir de `date_regle` est en vigueur au `jour` (le jour même compris)."""
    return jour >= date_regle


AIDE_DATE = ("date de référence AAAA-MM-JJ : le droit est lu à cette date (ce qui est en vigueur est écrit comme "
             "en vigueur, ce qui est à venir comme à venir) ; par défaut, la date du jour")


def ajouter_option_date(parseur, aide: str = AIDE_DATE) -> None:
    """Ajoute `--date` (synonyme `--date-reference`) au parseur d'une sous-commande ; valeur dans `args.date`."""
    parseur.add_argument("--date", "--date-reference", dest="date", metavar="AAAA-MM-JJ", default=None, help=aide)


def date_de_l_option(texte: str | None) -> date:
    """La date de `--date` (la date du jour sans l'option) ; lève `ErreurParametre` si elle est illisible."""
    if texte is None:
        return lire_date_reference(None)
    try:
        jour = date.fromisoformat(texte.strip())
    except ValueError:
        raise ErreurParametre(f"Option --date « {texte} » illisible : écrivez la date AAAA-MM-JJ, "
                              "par exemple 2026-01-15.") from None
    return lire_date_reference(jour, origine="L'option --date")


__all__ = ["NOM_PARAMETRE", "lire_date_reference", "jour_en_lettres", "depuis_ou_a_partir", "en_vigueur",
           "ajouter_option_date", "date_de_l_option"]
