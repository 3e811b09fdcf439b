"""Les fichiers de réponses des exercices : un JSON par participant et par exercice.

Format (version 1) ::

    {"format": "spaser-reponse", "version_schema": 1, "participant": "Camille Martin",
     "exercice": "kraljic", "horodatage": "2026-11-28T10:42:00+01:00", "reponses": {...}}

L'enregistrement est atomique (fichier temporaire puis remplacement). Enregistrer deux fois garde la
dernière réponse dans le fichier principal et range la précédente dans `historique/`, sans rien perdre.
La lecture ne fait confiance à rien : taille bornée, JSON vérifié, champs vérifiés ; chaque fichier
refusé l'est avec son nom et la raison.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from spaserlib.commun.ecriture import ecrire_texte
from spaserlib.commun.erreurs import ErreurReponse
from spaserlib.commun.identifiants import nom_sur

FORMAT = "spaser-reponse"
VERSION_SCHEMA = 1
EXERCICES = ("kraljic", "smart", "axes")
TAILLE_MAX = 1_000_000  # octets : une réponse d'apprenant tient en quelques kilo-octets


@dataclass(frozen=True)
class Reponse:
    participant: str
    exercice: str
    horodatage: str
    reponses: dict
    fichier: str | None = None


def nom_de_fichier(participant: str) -> str:
    """Le nom de fichier des réponses d'un participant (`spaserlib.commun.identifiants.nom_sur`) ;
    un nom vide est refusé (`ErreurReponse`)."""
    if not str(participant or "").strip():
        raise ErreurReponse("(nom vide)", "indiquez votre nom (ou celui de votre groupe) avant d'enregistrer.")
    return nom_sur(participant)


def chemin_reponse(dossier, participant: str, exercice: str) -> Path:
    return Path(dossier) / f"{nom_de_fichier(participant)}__{exercice}.json"


def enregistrer_reponse(dossier, participant: str, exercice: str, reponses: dict, *, maintenant: datetime | None = None) -> Path:
    """Enregistre les réponses brutes d'un participant ; rend le chemin du fichier écrit.

    Si une réponse existait déjà, elle est déplacée dans `dossier/historique/` (nom suffixé de son
    horodatage) avant que la nouvelle ne la remplace : la dernière fait foi, la précédente reste.
    """
    if exercice not in EXERCICES:
        raise ErreurReponse(exercice, f"exercice inconnu ; exercices possibles : {', '.join(EXERCICES)}.")
    if not participant or not participant.strip():
        raise ErreurReponse("(vide)", "indiquez le nom du participant avant d'enregistrer.")
    maintenant = maintenant or datetime.now().astimezone()
    contenu = {
        "format": FORMAT,
        "version_schema": VERSION_SCHEMA,
        "participant": participant.strip(),
        "exercice": exercice,
        "horodatage": maintenant.isoformat(timespec="seconds"),
        "reponses": reponses,
    }
    texte = json.dumps(contenu, ensure_ascii=False, indent=2, sort_keys=True)
    if len(texte.encode("utf-8")) > TAILLE_MAX:
        raise ErreurReponse(participant, f"la réponse dépasse {TAILLE_MAX // 1000} ko ; raccourcissez les textes.")
    chemin = chemin_reponse(dossier, participant, exercice)
    if chemin.exists():
        ancien = chemin.read_text(encoding="utf-8")
        try:
            horo = json.loads(ancien).get("horodatage", "")
        except ValueError:
            horo = ""
        suffixe = re.sub(r"[^0-9]", "", horo) or datetime.now().strftime("%Y%m%d%H%M%S%f")
        archive = chemin.parent / "historique" / f"{chemin.stem}.{suffixe}.json"
        n = 1
        while archive.exists():
            archive = chemin.parent / "historique" / f"{chemin.stem}.{suffixe}-{n}.json"
            n += 1
        ecrire_texte(archive, ancien)
    ecrire_texte(chemin, texte)
    return chemin


def lire_reponse(chemin) -> Reponse:
    """Lit un fichier de réponses ; lève `ErreurReponse` avec la raison s'il est illisible ou étranger."""
    chemin = Path(chemin)
    try:
        taille = chemin.stat().st_size
    except OSError as e:
        raise ErreurReponse(chemin, f"fichier introuvable ou illisible ({e.strerror}).") from None
    if taille > TAILLE_MAX:
        raise ErreurReponse(chemin, f"fichier trop volumineux ({taille} octets, {TAILLE_MAX} au plus) : ce n'est pas une réponse d'exercice.")
    if taille == 0:
        raise ErreurReponse(chemin, "fichier vide.")
    octets = chemin.read_bytes()
    try:
        texte = octets.decode("utf-8")
    except UnicodeDecodeError:
        raise ErreurReponse(chemin, "ce n'est pas un texte UTF-8 : ce fichier n'a pas été écrit par un exercice du kit.") from None
    try:
        contenu = json.loads(texte)
    except json.JSONDecodeError as e:
        tronque = e.msg.startswith("Unterminated") or e.pos >= len(texte.rstrip())
        raison = "JSON tronqué (le fichier s'arrête avant la fin)" if tronque else f"JSON invalide à la ligne {e.lineno}, colonne {e.colno}"
        raise ErreurReponse(chemin, f"{raison} : demandez au participant d'enregistrer à nouveau.") from None
    if not isinstance(contenu, dict) or contenu.get("format") != FORMAT:
        raise ErreurReponse(chemin, "fichier étranger : ce n'est pas une réponse d'exercice du kit SPASER.")
    if contenu.get("version_schema") != VERSION_SCHEMA:
        raise ErreurReponse(chemin, f"version de schéma {contenu.get('version_schema')!r} non prise en charge (attendu : {VERSION_SCHEMA}).")
    for champ, genre in (("participant", str), ("exercice", str), ("horodatage", str), ("reponses", dict)):
        if not isinstance(contenu.get(champ), genre):
            raise ErreurReponse(chemin, f"le champ « {champ} » manque ou n'a pas le bon type.")
    if contenu["exercice"] not in EXERCICES:
        raise ErreurReponse(chemin, f"exercice inconnu « {contenu['exercice']} ».")
    return Reponse(contenu["participant"], contenu["exercice"], contenu["horodatage"], contenu["reponses"], str(chemin))


def lire_dossier(dossier) -> tuple[list[Reponse], list[ErreurReponse]]:
    """Lit toutes les réponses d'un dossier (hors `historique/`) ; les fichiers refusés sont rendus à part."""
    reponses, refus = [], []
    for chemin in sorted(Path(dossier).glob("*")):
        if chemin.is_dir() or chemin.name.startswith("."):
            continue
        try:
            reponses.append(lire_reponse(chemin))
        except ErreurReponse as e:
            refus.append(e)
    return reponses, refus
