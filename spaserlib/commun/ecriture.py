"""Écrire un fichier ou un dossier d'un bloc : tout ou rien.

Le contenu est écrit dans un fichier (ou un dossier) temporaire voisin, puis mis en place par
`os.replace` (atomique sur un même système de fichiers) : une écriture interrompue ou en échec ne
laisse jamais un fichier ou un dossier à moitié écrit à la place d'un bon, ni de temporaire derrière
elle. C'est le seul endroit du kit qui met un résultat en place.

    ecrire_d_un_bloc(chemin, ecrire)   un fichier, écrit par ecrire(chemin_temporaire)
    ecrire_texte(chemin, texte)        un fichier texte UTF-8
    dossier_d_un_bloc(chemin)          un dossier : « with dossier_d_un_bloc(sortie) as temporaire: … »
    dossier_temporaire / remplacer_dossier   les deux moitiés, pour qui a besoin d'étapes entre les deux
"""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


def ecrire_d_un_bloc(chemin, ecrire: Callable[[Path], object]) -> Path:
    """Appelle ``ecrire(chemin_temporaire)`` puis met le fichier en place d'un coup ; rend le chemin.

    Le dossier est créé au besoin ; le fichier reçoit les droits ordinaires (ceux d'un fichier créé
    par `open`, selon l'umask), et non les droits restreints d'un fichier temporaire.
    """
    chemin = Path(chemin)
    chemin.parent.mkdir(parents=True, exist_ok=True)
    descripteur, temporaire = tempfile.mkstemp(dir=chemin.parent, prefix=f".{chemin.name}.", suffix=".tmp")
    os.close(descripteur)
    try:
        ecrire(Path(temporaire))
        _droits_ordinaires(temporaire, 0o666)
        os.replace(temporaire, chemin)
    except BaseException:
        Path(temporaire).unlink(missing_ok=True)
        raise
    return chemin


def ecrire_texte(chemin, texte: str) -> Path:
    """Écrit un texte UTF-8 d'un bloc (voir `ecrire_d_un_bloc`) ; rend le chemin."""
    return ecrire_d_un_bloc(chemin, lambda temporaire: temporaire.write_text(texte, encoding="utf-8"))


def _droits_ordinaires(chemin, droits: int) -> None:
    masque = os.umask(0)
    os.umask(masque)
    os.chmod(chemin, droits & ~masque)


def dossier_temporaire(final) -> Path:
    """Un dossier temporaire vide à côté de `final` (même système de fichiers), aux droits ordinaires
    d'un dossier (ceux de `mkdir` selon l'umask, et non les 0700 de `mkdtemp`)."""
    final = Path(final)
    final.parent.mkdir(parents=True, exist_ok=True)
    temporaire = Path(tempfile.mkdtemp(prefix=f".{final.name}.tmp-", dir=final.parent))
    _droits_ordinaires(temporaire, 0o777)
    return temporaire


def remplacer_dossier(temporaire, final) -> None:
    """Met `temporaire` à la place de `final` par renommages ; l'ancien n'est supprimé qu'après, et
    remis en place si le second renommage échoue."""
    temporaire, final = Path(temporaire), Path(final)
    if not final.exists():
        os.replace(temporaire, final)
        return
    ancien = final.with_name(f".{final.name}.ancien-{secrets.token_hex(4)}")
    os.replace(final, ancien)
    try:
        os.replace(temporaire, final)
    except OSError:
        os.replace(ancien, final)
        raise
    shutil.rmtree(ancien, ignore_errors=True)


@contextmanager
def dossier_d_un_bloc(final) -> Iterator[Path]:
    """Donne un dossier temporaire où tout écrire ; à la sortie sans erreur, il remplace `final`.

    En cas d'erreur, le temporaire est supprimé et `final` (s'il existait) reste intact.
    """
    temporaire = dossier_temporaire(final)
    try:
        yield temporaire
        remplacer_dossier(temporaire, final)
    except BaseException:
        shutil.rmtree(temporaire, ignore_errors=True)
        raise
