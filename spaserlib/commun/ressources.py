"""Où le kit trouve ses dossiers : notebooks du cours, organisations exemples, solutions, exercices.

Trois cas, dans cet ordre :

1. la variable d'environnement ``SPASER_KIT`` désigne un dossier qui contient ``notebooks/``,
   ``datasets/``, ``solutions/`` et ``exercises/`` (par exemple un dépôt du kit modifié par le formateur) ;
2. le kit est un dépôt cloné (``pyproject.toml`` et ``notebooks/`` à côté du paquet) : ses dossiers ;
3. le kit est installé (``pip install .`` ou une roue) : la copie de ces dossiers embarquée dans le
   paquet, ``spaserlib/kit/`` (voir ``[tool.setuptools.package-dir]`` dans ``pyproject.toml``).

Les fichiers de référence du paquet (nomenclature, règles juridiques, barème…) sont dans
``spaserlib/donnees/`` : `fichier_reference` les donne ; `liste_yaml` lit la liste d'un de leurs fichiers
YAML (ou du fichier qu'un formateur a modifié) avec des erreurs en français.
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


def liste_yaml(chemin: str | Path | None, nom_kit: str, cle: str) -> tuple[str, dict, list]:
    """La liste `cle` d'un fichier YAML de données : celui du kit (``spaserlib/donnees/<nom_kit>``) si `chemin`
    est None, sinon celui de `chemin`. Renvoie (nom du fichier pour les messages, contenu, liste).

    Lève `ErreurFichier` si le fichier est illisible, n'est pas du YAML, ou n'a pas de liste `cle` non vide."""
    import yaml

    from spaserlib.commun.erreurs import ErreurFichier

    if chemin is None:
        nom = f"spaserlib/donnees/{nom_kit}"
        texte = resources.files("spaserlib").joinpath("donnees", nom_kit).read_text(encoding="utf-8")
    else:
        nom = str(chemin)
        try:
            texte = Path(chemin).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ErreurFichier(nom, f"fichier illisible ({exc.__class__.__name__}).",
                                "Vérifiez le chemin et l'encodage UTF-8.") from None
    try:
        donnees = yaml.safe_load(texte)
    except yaml.YAMLError as exc:
        raise ErreurFichier(nom, f"YAML mal formé ({str(exc).splitlines()[0]}).",
                            "Vérifiez l'indentation et les guillemets.") from None
    entrees = donnees.get(cle) if isinstance(donnees, dict) else None
    if not isinstance(entrees, list) or not entrees:
        raise ErreurFichier(nom, f"aucune liste « {cle}: » trouvée.",
                            f"Le fichier doit contenir « {cle}: » suivi d'une entrée par tiret.")
    return nom, donnees, entrees
