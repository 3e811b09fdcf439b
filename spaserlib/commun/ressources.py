"""Où le kit trouve ses dossiers : notebooks du cours, organisations exemples, solutions, exercices.

Trois cas, dans cet ordre :

1. la variable d'environnement ``SPASER_KIT`` désigne un dossier qui contient ``notebooks/``,
   ``datasets/``, ``solutions/`` et ``exercises/`` (par exemple un dépôt du kit modifié par le formateur) ;
2. le kit est un dépôt cloné (``pyproject.toml`` et ``notebooks/`` à côté du paquet) : ses dossiers ;
3. le kit est installé (``pip install .`` ou une roue) : la copie de ces dossiers embarquée dans le
   paquet, ``spaserlib/kit/`` (voir ``[tool.setuptools.package-dir]`` dans ``pyproject.toml``).

Les fichiers de référence du paquet (nomenclature, règles juridiques, barème…) sont dans
``spaserlib/donnees/`` : `fichier_reference` les donne.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

VARIABLE = "SPASER_KIT"
DOSSIERS = ("notebooks", "datasets", "solutions", "exercises")


def racine_kit() -> Path:
    """Le dossier qui contient notebooks/, datasets/, solutions/ et exercises/ (voir le module)."""
    choisi = os.environ.get(VARIABLE, "").strip()
    if choisi:
        return Path(choisi).expanduser().resolve()
    depot = Path(__file__).resolve().parents[2]
    if (depot / "pyproject.toml").is_file() and (depot / "notebooks").is_dir():
        return depot
    return Path(str(resources.files("spaserlib"))) / "kit"


def dossier_kit(nom: str) -> Path:
    """Un des dossiers du kit : « notebooks », « datasets », « solutions » ou « exercises »."""
    if nom not in DOSSIERS:
        raise ValueError(f"dossier du kit inconnu : {nom!r} (possibles : {', '.join(DOSSIERS)})")
    return racine_kit() / nom


def fichier_reference(nom: str) -> Path:
    """Un fichier de référence du paquet (``spaserlib/donnees/<nom>``)."""
    return Path(str(resources.files("spaserlib"))) / "donnees" / nom
