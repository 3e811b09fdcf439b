"""Les gabarits HTML du kit (``spaserlib/gabarits/``), rendus par un seul environnement Jinja.

Tout est échappé (un fournisseur nommé ``<script>`` s'affiche en texte) ; les gabarits du rapport
(``gabarits/rapport/``) et ceux des retours d'exercices (``gabarits/``) se trouvent par le même
chemin de recherche, et les mêmes filtres français servent partout : ``euros`` (montant court,
« 1,2 M€ »), ``pourcentage``, ``entier``, ``points`` (« 14,5 ») et ``date`` (horodatage ISO ->
« 28/11/2026 à 10:00 »). Le modèle nbconvert des pages de rapport est dans ``gabarits/spaser/``.
"""

from __future__ import annotations

import functools
from datetime import datetime
from importlib import resources
from pathlib import Path

from spaserlib.commun.format_fr import MANQUANT, euros_courts, pourcentage

GABARITS = Path(str(resources.files("spaserlib") / "gabarits"))


def entier(valeur) -> str:
    """Un entier, milliers séparés par une fine insécable ; « — » pour une valeur absente."""
    if valeur is None:
        return MANQUANT
    return f"{int(valeur):,}".replace(",", "\u202f")


def points(x) -> str:
    """Des points à la française, sans zéro inutile : 14.5 -> « 14,5 », 8.0 -> « 8 »."""
    return f"{float(x):g}".replace(".", ",").replace("-", "−")


def date_horodatage(horodatage: str) -> str:
    """« 2026-11-28T10:00:00+01:00 » -> « 28/11/2026 à 10:00 » ; un texte illisible est rendu tel quel."""
    try:
        return datetime.fromisoformat(horodatage).strftime("%d/%m/%Y à %H:%M")
    except (TypeError, ValueError):
        return str(horodatage)


@functools.cache
def environnement():
    """L'environnement Jinja du kit (créé une fois)."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(
        loader=FileSystemLoader([str(GABARITS / "rapport"), str(GABARITS)]),
        autoescape=select_autoescape(default=True, default_for_string=True),
    )
    env.filters.update(euros=euros_courts, pourcentage=pourcentage, entier=entier, points=points, date=date_horodatage)
    env.globals.update(euros=euros_courts, pourcentage=pourcentage, entier=entier)
    return env


def rendre(gabarit: str, **valeurs) -> str:
    """Le texte du gabarit `gabarit` (par exemple « index.html.j2 ») rendu avec `valeurs`."""
    return environnement().get_template(gabarit).render(**valeurs)
