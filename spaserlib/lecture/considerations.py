"""Considérations sociales et environnementales des DECP : valeurs normalisées et booléens.

Les DECP 2024 (schéma v2.0.3) déclarent, pour chaque contrat, des considérations sociales
(« Clause sociale », « Critère social », « Marché réservé », « Concession réservée » ou
« Pas de considération sociale ») et environnementales (« Clause environnementale »,
« Critère environnemental » ou « Pas de considération environnementale »).

Règle du kit : une considération *absente* (champ manquant, vide, null) est **inconnue**
(``pd.NA``), jamais « non ». Seule la valeur « Pas de considération … » donne ``False``.
Une valeur positive mêlée à « Pas de considération … » est incohérente : le booléen vaut
alors ``True`` (une clause ou un critère déclaré est plus précis qu'une case par défaut) et
un avertissement est levé.
"""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

from spaserlib.commun.tables import (
    CONSIDERATION_ENVIRONNEMENTALE_ABSENTE,
    CONSIDERATION_SOCIALE_ABSENTE,
    CONSIDERATIONS_ENVIRONNEMENTALES_POSITIVES,
    CONSIDERATIONS_SOCIALES_POSITIVES,
)

SOCIALE = "sociale"
ENVIRONNEMENTALE = "environnementale"

_ORDRE = [
    "Clause sociale",
    "Critère social",
    "Marché réservé",
    "Concession réservée",
    CONSIDERATION_SOCIALE_ABSENTE,
    "Clause environnementale",
    "Critère environnemental",
    CONSIDERATION_ENVIRONNEMENTALE_ABSENTE,
]
_COTE = {v: SOCIALE for v in CONSIDERATIONS_SOCIALES_POSITIVES | {CONSIDERATION_SOCIALE_ABSENTE}}
_COTE.update(
    {v: ENVIRONNEMENTALE for v in CONSIDERATIONS_ENVIRONNEMENTALES_POSITIVES | {CONSIDERATION_ENVIRONNEMENTALE_ABSENTE}}
)
_ABSENTES = {CONSIDERATION_SOCIALE_ABSENTE, CONSIDERATION_ENVIRONNEMENTALE_ABSENTE}


def _cle(texte: str) -> str:
    """Forme de comparaison : sans casse, sans accents (ni U+FFFD), sans apostrophes ni espaces."""
    texte = unicodedata.normalize("NFKD", texte.casefold())
    texte = "".join(c for c in texte if not unicodedata.combining(c))
    return re.sub(r"[^a-z]", "", texte)


_CANONIQUES = {_cle(v): v for v in _ORDRE}
# Quand un accent a été perdu en amont (U+FFFD, « Crit�re social »), la lettre disparaît de la
# forme de comparaison : on accepte aussi la forme privée de ses lettres accentuées.
_CANONIQUES.update({_cle("".join(c for c in v if ord(c) < 128)): v for v in _ORDRE})


def _elements(valeurs) -> list[str]:
    """Aplatit ce que l'on trouve dans un fichier : None, chaîne, liste, enveloppe DECP 2024."""
    if valeurs is None or valeurs is pd.NA:
        return []
    if isinstance(valeurs, float) and pd.isna(valeurs):
        return []
    if isinstance(valeurs, dict):
        # Enveloppe DECP 2024 : {"considerationSociale": [...]} (ou une valeur seule).
        return [e for v in valeurs.values() for e in _elements(v)]
    if isinstance(valeurs, (list, tuple)):
        return [e for v in valeurs for e in _elements(v)]
    # Chaîne aplatie des fichiers consolidés : « Clause sociale, Critère social » (ou « ; », « | »).
    return [p.strip() for p in re.split(r"[,;|]", str(valeurs)) if p.strip()]


def analyser_considerations(valeurs, cote: str | None = None) -> tuple[object, object, list[str]]:
    """Rend ``(texte, booléen, anomalies)`` pour les considérations d'un contrat.

    `valeurs` : None, une chaîne (éventuellement aplatie, valeurs séparées par « , »), une liste
    ou l'enveloppe DECP 2024 ``{"considerationSociale": [...]}``. `cote` (``"sociale"`` ou
    ``"environnementale"``, facultatif) signale les valeurs de l'autre côté.
    `texte` : les valeurs DECP reconnues, orthographe officielle, dans l'ordre, séparées par
    « , » ; ``pd.NA`` si aucune. `booléen` : True, False ou ``pd.NA`` (inconnu).
    `anomalies` : phrases en français décrivant chaque incohérence ou valeur inconnue.
    """
    if cote not in (None, SOCIALE, ENVIRONNEMENTALE):
        from spaserlib.commun.erreurs import ErreurParametre

        raise ErreurParametre(
            f"côté de considération inconnu : « {cote} ». Valeurs possibles : « {SOCIALE} », « {ENVIRONNEMENTALE} »."
        )
    reconnues: list[str] = []
    anomalies: list[str] = []
    for element in _elements(valeurs):
        canonique = _CANONIQUES.get(_cle(element))
        if canonique is None:
            anomalies.append(f"valeur de considération inconnue « {element} »")
            continue
        if cote is not None and _COTE[canonique] != cote:
            anomalies.append(f"« {canonique} » n'est pas une considération {cote}")
            continue
        if canonique not in reconnues:
            reconnues.append(canonique)
    if not reconnues:
        return pd.NA, pd.NA, anomalies
    positives = [v for v in reconnues if v not in _ABSENTES]
    absentes = [v for v in reconnues if v in _ABSENTES]
    if positives and absentes:
        anomalies.append(
            f"« {absentes[0]} » est déclaré avec « {positives[0]} » : incohérent ; "
            "la considération est comptée comme présente"
        )
    return ", ".join(reconnues), bool(positives), anomalies


def considerations(valeurs, cote: str | None = None) -> tuple[object, object]:
    """Rend ``(texte DECP normalisé ou pd.NA, booléen à trois états)`` ; voir `analyser_considerations`.

    Absent ou vide : ``(pd.NA, pd.NA)`` (inconnu, jamais False). « Pas de considération
    sociale » seul : ``("Pas de considération sociale", False)``. Une valeur positive : True.
    """
    texte, booleen, _ = analyser_considerations(valeurs, cote)
    return texte, booleen
