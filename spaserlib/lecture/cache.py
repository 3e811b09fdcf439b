"""Le cache des organisations déjà lues : une organisation n'est lue et contrôlée qu'une fois.

Un notebook, un rapport, une classe ou le tableau de bord qui ouvre une organisation déjà vue
reprend ses tables canoniques, ses problèmes et ses comptes rendus de lecture tels qu'ils avaient été
produits, sans relire ses fichiers. L'entrée du cache est retrouvée par une clé SHA-256 calculée sur :

- le contenu (SHA-256) et le chemin absolu de chaque fichier lu, et le profil de l'organisation ;
- les options de lecture (conversion TTC -> HT) et la date du jour (les contrôles de dates en dépendent) ;
- la version du kit et l'empreinte de son code de lecture (``spaserlib/commun``, ``spaserlib/lecture``,
  ``spaserlib/donnees``), et les versions de Python, pandas et numpy.

Un fichier modifié, déplacé ou remplacé, un kit mis à jour : la clé change et l'organisation est relue.

Le dossier du cache peut être supprimé à tout moment (il se reconstitue) ; il n'est jamais dans le
dossier d'une organisation ni à côté d'un fichier de données seul (sinon le cache n'est pas utilisé). Il vaut, dans l'ordre :
la variable d'environnement ``SPASER_CACHE`` (``SPASER_CACHE=0`` désactive le cache),
``$XDG_CACHE_HOME/spaser``, ``~/.cache/spaser``. Il est créé avec les droits 0700 ; une entrée qui
n'appartient pas à l'utilisateur, ou que d'autres peuvent modifier, n'est jamais relue. Le cache
garde au plus `ENTREES_MAX` organisations (les moins récemment ouvertes partent d'abord).

Format : l'objet `Organisation` sérialisé par `pickle` (protocole 5), qui rend des tables identiques
(valeurs, types de colonnes, index) et tous les `Probleme` de chaque `Lecture`. Parquet (pyarrow) a
été écarté : installé, pyarrow change le stockage par défaut des chaînes de pandas 3 pour tout le kit,
et il ne porte ni les problèmes ni les comptes rendus de lecture.

Toute difficulté du cache (dossier non inscriptible, disque plein, entrée abîmée ou d'une autre
version) est silencieuse : l'organisation est lue comme s'il n'y avait pas de cache.

    cle_organisation(chemin, fichiers, profil, convertir_ttc) -> str
    lire(cle) -> objet ou None
    ecrire(cle, objet) -> None
    dossier_cache() -> Path | None
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import pickle
import stat
import sys
from datetime import date
from pathlib import Path

from spaserlib import __version__
from spaserlib.commun.ecriture import ecrire_d_un_bloc

VARIABLE = "SPASER_CACHE"
DESACTIVE = {"0", "non", "aucun", "off", "false", "no"}
FORMAT = 1  # à augmenter si la forme de ce qui est mis en cache change
ENTREES_MAX = 32
SUFFIXE = ".organisation.pickle"
_BLOC = 1 << 20


def dossier_cache() -> Path | None:
    """Le dossier du cache (voir le module), ou None si ``SPASER_CACHE=0`` le désactive."""
    choisi = os.environ.get(VARIABLE, "").strip()
    if choisi.lower() in DESACTIVE:
        return None
    if choisi:
        return Path(choisi).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "spaser"


def empreinte_fichier(chemin: Path) -> str:
    """Le SHA-256 du contenu d'un fichier, lu par blocs."""
    somme = hashlib.sha256()
    with open(chemin, "rb") as f:
        while bloc := f.read(_BLOC):
            somme.update(bloc)
    return somme.hexdigest()


@functools.cache
def empreinte_du_kit() -> str:
    """La version du kit et le SHA-256 de son code de lecture et de ses données de référence."""
    import numpy as np
    import pandas as pd

    paquet = Path(__file__).resolve().parents[1]
    somme = hashlib.sha256()
    for partie, motif in (("commun", "*.py"), ("lecture", "*.py"), ("donnees", "*")):
        for chemin in sorted((paquet / partie).rglob(motif)):
            if chemin.is_file() and "__pycache__" not in chemin.parts:
                somme.update(str(chemin.relative_to(paquet)).encode("utf-8"))
                somme.update(chemin.read_bytes())
    chaines = pd.Series(["a"]).dtype
    versions = [__version__, sys.version, pd.__version__, np.__version__, str(getattr(chaines, "storage", chaines))]
    somme.update(json.dumps(versions).encode("utf-8"))
    return somme.hexdigest()


def cle_organisation(chemin, fichiers: list[tuple[Path, str | None]], profil: dict,
                     convertir_ttc: float | None) -> str:
    """La clé d'une organisation : SHA-256 de ses entrées, de ses options et du kit (voir le module)."""
    description = {
        "format": FORMAT,
        "kit": empreinte_du_kit(),
        "jour": date.today().isoformat(),
        # Le chemin tel que donné (et le dossier courant s'il est relatif) : les messages et les
        # comptes rendus de lecture le reprennent tel quel.
        "chemin": [str(chemin), str(Path(chemin).resolve()), None if Path(chemin).is_absolute() else os.getcwd()],
        "convertir_ttc": convertir_ttc,
        "profil": profil,
        "fichiers": [[str(Path(f).resolve()), genre, empreinte_fichier(f)] for f, genre in fichiers],
    }
    texte = json.dumps(description, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(texte.encode("utf-8")).hexdigest()


def _dans(chemin: Path, dossier: Path) -> bool:
    try:
        chemin.resolve().relative_to(dossier.resolve())
    except (ValueError, OSError):
        return False
    return True


def _meme(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def _dossier_utilisable(donnees=None) -> Path | None:
    """Le dossier du cache, créé au besoin (0700) ; None s'il est désactivé, impossible à créer ou dans
    le dossier des données."""
    dossier = dossier_cache()
    if dossier is None:
        return None
    if donnees is not None:
        # Jamais dans le dossier d'une organisation ; pour un fichier seul, jamais à côté de lui.
        donnees = Path(donnees)
        if _dans(dossier, donnees) if donnees.is_dir() else _meme(dossier, donnees.parent):
            return None
    try:
        dossier.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    return dossier if dossier.is_dir() else None


def _sure(etat: os.stat_result) -> bool:
    """Une entrée n'est relue que si c'est un fichier ordinaire de l'utilisateur, que lui seul peut modifier."""
    if not stat.S_ISREG(etat.st_mode):
        return False
    if hasattr(os, "getuid") and (etat.st_uid != os.getuid() or etat.st_mode & 0o022):
        return False
    return True


def lire(cle: str, donnees=None):
    """L'objet mis en cache sous `cle`, ou None (absent, abîmé, d'une autre version, ou pas sûr)."""
    dossier = _dossier_utilisable(donnees)
    if dossier is None:
        return None
    chemin = dossier / f"{cle}{SUFFIXE}"
    try:
        descripteur = os.open(chemin, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    with open(descripteur, "rb") as f:
        if not _sure(os.fstat(f.fileno())):
            return None
        try:
            entete, objet = pickle.load(f)
        except Exception:  # une entrée abîmée ou d'une autre version : elle sera refaite
            entete, objet = None, None
    if entete != {"format": FORMAT, "cle": cle}:
        _supprimer(chemin)
        return None
    try:
        os.utime(chemin)  # la date dit quand l'entrée a servi pour la dernière fois
    except OSError:
        pass
    return objet


def ecrire(cle: str, objet, donnees=None) -> None:
    """Met `objet` en cache sous `cle`, d'un bloc ; ne fait rien si le cache est inutilisable."""
    dossier = _dossier_utilisable(donnees)
    if dossier is None:
        return
    chemin = dossier / f"{cle}{SUFFIXE}"

    def _ecrire(temporaire: Path) -> None:
        with open(temporaire, "wb") as f:
            pickle.dump(({"format": FORMAT, "cle": cle}, objet), f, protocol=5)

    try:
        ecrire_d_un_bloc(chemin, _ecrire)
        os.chmod(chemin, 0o600)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        return
    _elaguer(dossier)


def _supprimer(chemin: Path) -> None:
    try:
        chemin.unlink(missing_ok=True)
    except OSError:
        pass


def _elaguer(dossier: Path) -> None:
    """Garde les `ENTREES_MAX` entrées ouvertes le plus récemment."""
    try:
        entrees = sorted(dossier.glob(f"*{SUFFIXE}"), key=lambda p: p.stat().st_mtime, reverse=True)
        for ancienne in entrees[ENTREES_MAX:]:
            ancienne.unlink(missing_ok=True)
    except OSError:
        pass
