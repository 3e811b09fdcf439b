"""Écrire un fichier d'un bloc : tout ou rien.

Le contenu est écrit dans un fichier temporaire du même dossier, puis mis en place par `os.replace`
(atomique sur un même système de fichiers) : une écriture interrompue ou en échec ne laisse jamais
un fichier à moitié écrit à la place d'un bon, ni de fichier temporaire derrière elle.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
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
        masque = os.umask(0)
        os.umask(masque)
        os.chmod(temporaire, 0o666 & ~masque)
        os.replace(temporaire, chemin)
    except BaseException:
        Path(temporaire).unlink(missing_ok=True)
        raise
    return chemin


def ecrire_texte(chemin, texte: str) -> Path:
    """Écrit un texte UTF-8 d'un bloc (voir `ecrire_d_un_bloc`) ; rend le chemin."""
    return ecrire_d_un_bloc(chemin, lambda temporaire: temporaire.write_text(texte, encoding="utf-8"))
