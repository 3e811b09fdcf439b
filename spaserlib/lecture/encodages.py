"""L'encodage d'un fichier texte : UTF-8 (avec ou sans BOM), Windows-1252, ou un mélange des deux.

Un fichier qui se décode tout entier en UTF-8 est en UTF-8 ; sinon il est lu en Windows-1252, sauf
s'il contient aussi des caractères UTF-8 multi-octets : c'est alors un fichier recollé (moitié
UTF-8, moitié Windows-1252), lu ligne par ligne, chaque ligne dans son encodage, et chaque ligne
de l'encodage minoritaire est signalée (au lieu de « SociÃ©tÃ© » en silence).
"""

from __future__ import annotations

import codecs
import functools
from pathlib import Path

import numpy as np

from spaserlib.commun.erreurs import AVERTISSEMENT, Probleme


def encodage_du_fichier(chemin: Path) -> tuple[str, bool]:
    """L'encodage du fichier (voir `_encodage`), calculé une fois par version du fichier : la lecture des
    en-têtes puis celle du tableau ne parcourent pas deux fois un gros export."""
    chemin = Path(chemin)
    etat = chemin.stat()
    return _encodage(str(chemin.resolve()), etat.st_size, etat.st_mtime_ns)


@functools.lru_cache(maxsize=64)
def _encodage(chemin: str, _taille: int, _modifie: int) -> tuple[str, bool]:
    """(« utf-8-sig » ou « cp1252 », mélange ?) : UTF-8 si tout le fichier se décode en UTF-8 ;
    sinon Windows-1252, et mélange si le fichier contient aussi des caractères UTF-8 multi-octets
    valides. Le fichier est lu par blocs, sans être gardé en mémoire.

    Une séquence multi-octets UTF-8 (un octet C2 à EF suivi d'un ou deux octets 80 à BF) n'apparaît
    pas dans un texte Windows-1252 français : « é » y est un octet seul, suivi d'une lettre. Les
    octets sont examinés d'un coup avec numpy ; une fausse alerte ne coûte qu'une lecture ligne par
    ligne, où chaque ligne est d'abord essayée en UTF-8 strict.
    """
    decodeur = codecs.getincrementaldecoder("utf-8")(errors="strict")
    try:
        with open(chemin, "rb") as f:
            while bloc := f.read(1 << 20):
                decodeur.decode(bloc)
            decodeur.decode(b"", final=True)
        return "utf-8-sig", False
    except UnicodeDecodeError:
        pass
    with open(chemin, "rb") as f:
        reste = b""
        while bloc := f.read(1 << 22):
            if _a_des_sequences_utf8(reste + bloc):
                return "cp1252", True
            reste = bloc[-2:]
    return "cp1252", False


def _a_des_sequences_utf8(octets: bytes) -> bool:
    o = np.frombuffer(octets, dtype=np.uint8)
    if len(o) < 2:
        return False
    suite = (o[1:] & 0xC0) == 0x80
    tete = o[:-1]
    if ((tete >= 0xC2) & (tete <= 0xDF) & suite).any():
        return True
    return len(o) >= 3 and bool(((tete[:-1] >= 0xE0) & (tete[:-1] <= 0xEF) & suite[:-1] & suite[1:]).any())


def detecter_encodage(chemin: Path) -> str:
    """« utf-8-sig » si tout le fichier se décode en UTF-8 (BOM ou non), sinon « cp1252 »."""
    return encodage_du_fichier(Path(chemin))[0]


def texte_mixte(chemin: Path, fichier: str) -> tuple[str, list[Probleme]]:
    """Le texte d'un fichier aux encodages mêlés, chaque ligne décodée dans le sien, et un
    avertissement par ligne de l'encodage minoritaire."""
    en_utf8, en_cp1252, morceaux = [], [], []
    for numero, ligne in enumerate(chemin.read_bytes().splitlines(keepends=True), start=1):
        try:
            morceaux.append(ligne.decode("utf-8"))
            if not ligne.isascii():
                en_utf8.append(numero)
        except UnicodeDecodeError:
            morceaux.append(ligne.decode("cp1252", errors="replace"))
            en_cp1252.append(numero)
    texte = "".join(morceaux).removeprefix("\ufeff")
    if len(en_utf8) >= len(en_cp1252):
        autres, lu, reste = en_cp1252, "Windows-1252 (cp1252)", "UTF-8"
    else:
        autres, lu, reste = en_utf8, "UTF-8", "Windows-1252 (cp1252)"
    problemes = [Probleme(
        fichier, numero, None, None,
        f"cette ligne est encodée en {lu}, le reste du fichier en {reste} ; elle a été lue en {lu} pour "
        "garder ses accents.",
        "Vérifiez les accents de cette ligne, puis enregistrez le fichier entier en UTF-8 (dans le tableur : "
        "Enregistrer sous, CSV, jeu de caractères UTF-8).", AVERTISSEMENT, "encodage_mixte") for numero in autres]
    return texte, problemes
