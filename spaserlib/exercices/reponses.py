"""Les fichiers de réponses des exercices : un JSON par participant et par exercice.

Format (version 1) ::

    {"format": "spaser-reponse", "version_schema": 1, "participant": "Camille Martin",
     "exercice": "kraljic", "horodatage": "2026-11-28T10:42:00+01:00", "reponses": {...}}

L'enregistrement est atomique (fichier temporaire puis remplacement). Enregistrer deux fois garde la
dernière réponse dans le fichier principal et range la précédente dans `historique/`, sans rien perdre.
La lecture ne fait confiance à rien : fichier ordinaire de taille bornée, JSON vérifié (profondeur
comprise), type de chaque champ vérifié, jusqu'au dernier (`valider_reponses`), textes de longueur
bornée ; chaque fichier refusé l'est avec son nom et la raison, et n'empêche jamais de lire les autres.

Ce que `reponses` doit contenir, selon l'exercice (un champ absent vaut une réponse vide) :
- kraljic : ``{"placements": {famille: {"quadrant": texte ou null, "justification": texte}}}`` ;
- smart : ``{"enonces": [texte…], "objectifs": [texte ou {"libelle": texte}…]}`` ;
- axes : ``{"axes": [{"nom": texte, "objectifs": [texte…], "familles": [code…]}…]}`` ;
- positionnement, evaluation-finale (quiz) : ``{"questions": {id: texte, nombre ou [texte…]}}``.
"""

from __future__ import annotations

import hashlib
import json
import re
import stat
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from spaserlib.commun.ecriture import ecrire_texte
from spaserlib.commun.erreurs import ErreurParametre, ErreurReponse
from spaserlib.commun.format_fr import nombre
from spaserlib.commun.identifiants import nom_sur
from spaserlib.commun.tableur import texte_sans_controle
from spaserlib.exercices.juges import nature_json, texte_objectif

FORMAT = "spaser-reponse"
VERSION_SCHEMA = 1
EXERCICES = ("kraljic", "smart", "axes", "positionnement", "evaluation-finale")
TAILLE_MAX = 1_000_000  # octets : une réponse d'apprenant tient en quelques kilo-octets
NOM_MAX = 200  # caractères du nom d'un participant
TEXTE_MAX = 1_000  # caractères d'un objectif, d'une justification, d'un nom d'axe (une ou deux phrases)
ELEMENTS_MAX = 200  # familles placées, axes, objectifs ou familles d'un axe
OBJECTIFS_MAX = 20  # objectifs SMART d'une réponse (chacun passe par l'analyseur)


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
    """Le fichier des réponses d'un participant à un exercice : ``<nom sûr>__<exercice>.json``.

    Quand ce fichier appartient déjà à un autre participant dont le nom s'écrit pareil (« Alice » et
    « alice », « Éloïse » et « Eloise »), le nom reçoit un suffixe tiré de l'empreinte du nom
    (``alice-1a2b3c4d__kraljic.json``) : deux participants ne s'écrasent jamais.
    """
    base = nom_de_fichier(participant)
    chemin = Path(dossier) / f"{base}__{exercice}.json"
    proprietaire = _participant_du_fichier(chemin)
    if proprietaire is None or proprietaire == _nom_normalise(participant):
        return chemin
    empreinte = hashlib.sha256(_nom_normalise(participant).encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return Path(dossier) / f"{base}-{empreinte}__{exercice}.json"


def _nom_normalise(participant: str) -> str:
    """Le nom tel que la lecture le rend : sans caractère de contrôle, en forme composée, sans espaces de bord."""
    return unicodedata.normalize("NFC", texte_sans_controle(participant)).strip()


def _participant_du_fichier(chemin: Path) -> str | None:
    """Le participant d'un fichier de réponses existant ; None s'il est absent ou illisible."""
    try:
        return lire_reponse(chemin).participant
    except ErreurReponse:
        return None


def enregistrer_reponse(dossier, participant: str, exercice: str, reponses: dict, *, maintenant: datetime | None = None) -> Path:
    """Enregistre les réponses brutes d'un participant ; rend le chemin du fichier écrit.

    Si une réponse existait déjà, elle est déplacée dans `dossier/historique/` (nom suffixé de son
    horodatage) avant que la nouvelle ne la remplace : la dernière fait foi, la précédente reste.
    """
    if exercice not in EXERCICES:
        raise ErreurReponse(exercice, f"exercice inconnu ; exercices possibles : {', '.join(EXERCICES)}.")
    if not participant or not participant.strip():
        raise ErreurParametre("Indiquez votre nom dans la case « Votre nom » avant d'enregistrer.")
    if len(participant.strip()) > NOM_MAX:
        raise ErreurReponse("(nom trop long)", f"le nom du participant dépasse {nombre(NOM_MAX)} caractères ; raccourcissez-le.")
    maintenant = maintenant or datetime.now().astimezone()
    contenu = {
        "format": FORMAT,
        "version_schema": VERSION_SCHEMA,
        "participant": participant.strip(),
        "exercice": exercice,
        "horodatage": maintenant.isoformat(timespec="seconds"),
        "reponses": reponses,
    }
    chemin = chemin_reponse(dossier, participant, exercice)
    if not isinstance(reponses, dict):
        raise ErreurReponse(chemin, f"les réponses doivent être un objet (dictionnaire), pas {nature_json(reponses)}.")
    valider_reponses(exercice, reponses, chemin)
    texte = json.dumps(contenu, ensure_ascii=False, indent=2, sort_keys=True)
    if len(texte.encode("utf-8")) > TAILLE_MAX:
        raise ErreurReponse(participant, f"la réponse dépasse {TAILLE_MAX // 1000} ko ; raccourcissez les textes.")
    if chemin.exists():
        ancien = chemin.read_text(encoding="utf-8")
        try:
            horo = json.loads(ancien).get("horodatage", "")
        except (ValueError, RecursionError, AttributeError):
            horo = ""
        horo = horo if isinstance(horo, str) else ""
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
        etat = chemin.stat()
    except OSError as e:
        raise ErreurReponse(chemin, f"fichier introuvable ou illisible ({e.strerror}).") from None
    if not stat.S_ISREG(etat.st_mode):
        raise ErreurReponse(chemin, "ce n'est pas un fichier ordinaire (tube, périphérique…) : ce n'est pas une réponse d'exercice.")
    if etat.st_size > TAILLE_MAX:
        raise ErreurReponse(chemin, f"fichier trop volumineux ({nombre(etat.st_size)} octets, {nombre(TAILLE_MAX)} au plus) : ce n'est pas une réponse d'exercice.")
    if etat.st_size == 0:
        raise ErreurReponse(chemin, "fichier vide.")
    try:
        with open(chemin, "rb") as f:
            octets = f.read(TAILLE_MAX + 1)
    except OSError as e:
        raise ErreurReponse(chemin, f"fichier illisible ({e.strerror}).") from None
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
    except RecursionError:
        raise ErreurReponse(chemin, "JSON trop imbriqué : ce fichier n'a pas été écrit par un exercice du kit.") from None
    except ValueError:  # un entier de plusieurs milliers de chiffres
        raise ErreurReponse(chemin, "JSON illisible (nombre démesuré) : ce fichier n'a pas été écrit par un exercice du kit.") from None
    if not isinstance(contenu, dict) or contenu.get("format") != FORMAT:
        raise ErreurReponse(chemin, "fichier étranger : ce n'est pas une réponse d'exercice du kit SPASER.")
    if contenu.get("version_schema") != VERSION_SCHEMA:
        raise ErreurReponse(chemin, f"version de schéma {_apercu(contenu.get('version_schema'))} non prise en charge (attendu : {VERSION_SCHEMA}).")
    for champ, genre in (("participant", str), ("exercice", str), ("horodatage", str), ("reponses", dict)):
        if not isinstance(contenu.get(champ), genre):
            raise ErreurReponse(chemin, f"le champ « {champ} » manque ou n'a pas le bon type.")
    if contenu["exercice"] not in EXERCICES:
        raise ErreurReponse(chemin, f"exercice inconnu « {_apercu(contenu['exercice'], guillemets=False)} ».")
    _textes_encodables(chemin, contenu)
    participant = _nom_normalise(contenu["participant"])
    if not participant:
        raise ErreurReponse(chemin, "le nom du participant est vide : demandez-lui d'indiquer son nom et d'enregistrer à nouveau.")
    if len(participant) > NOM_MAX:
        raise ErreurReponse(chemin, f"nom du participant trop long ({nombre(len(participant))} caractères, {nombre(NOM_MAX)} au plus).")
    if len(contenu["horodatage"]) > 100:
        raise ErreurReponse(chemin, "le champ « horodatage » est trop long pour être une date.")
    valider_reponses(contenu["exercice"], contenu["reponses"], chemin)
    return Reponse(participant, contenu["exercice"], contenu["horodatage"], contenu["reponses"], str(chemin))


def _apercu(valeur, *, guillemets: bool = True, longueur: int = 40) -> str:
    """Une valeur citée dans un message, coupée si elle est longue."""
    texte = valeur if isinstance(valeur, str) else json.dumps(valeur, ensure_ascii=False)[:longueur + 1]
    texte = texte_sans_controle(texte)
    texte = texte if len(texte) <= longueur else texte[: longueur - 1] + "…"
    return f"« {texte} »" if guillemets else texte


def _textes_encodables(chemin, valeur) -> None:
    """Refuse un texte qui ne s'écrit pas en UTF-8 (demi-codet isolé, « \\ud800 » dans le JSON)."""
    a_voir = [valeur]
    while a_voir:
        v = a_voir.pop()
        if isinstance(v, dict):
            a_voir.extend(v.keys())
            a_voir.extend(v.values())
        elif isinstance(v, list):
            a_voir.extend(v)
        elif isinstance(v, str):
            try:
                v.encode("utf-8")
            except UnicodeEncodeError:
                raise ErreurReponse(chemin, "un texte contient un caractère Unicode invalide (demi-codet isolé) : "
                                            "ce fichier n'a pas été écrit par un exercice du kit.") from None


def _lieu(*parties) -> str:
    """« placements › F-INFO › quadrant » : où se trouve le champ fautif."""
    return "« " + " › ".join(f"n° {p + 1}" if isinstance(p, int) else _apercu(p, guillemets=False) for p in parties) + " »"


def _attendu(chemin, lieu: tuple, attendu: str, valeur) -> ErreurReponse:
    return ErreurReponse(chemin, f"le champ {_lieu(*lieu)} doit être {attendu}, pas {nature_json(valeur)}.")


def _texte(chemin, lieu: tuple, valeur, *, vide: bool = True) -> None:
    """Un texte (ou null si `vide`) de `TEXTE_MAX` caractères au plus."""
    if valeur is None and vide:
        return
    if not isinstance(valeur, str):
        raise _attendu(chemin, lieu, "un texte", valeur)
    if len(valeur) > TEXTE_MAX:
        raise ErreurReponse(chemin, f"le champ {_lieu(*lieu)} est trop long ({nombre(len(valeur))} caractères, {nombre(TEXTE_MAX)} au plus) : "
                                    "une réponse tient en une ou deux phrases.")


def _liste(chemin, lieu: tuple, valeur, attendu: str, maximum: int = ELEMENTS_MAX) -> list:
    """Une liste (null vaut une liste vide) de `maximum` éléments au plus."""
    if valeur is None:
        return []
    if not isinstance(valeur, list):
        raise _attendu(chemin, lieu, attendu, valeur)
    if len(valeur) > maximum:
        raise ErreurReponse(chemin, f"le champ {_lieu(*lieu)} a trop d'éléments ({nombre(len(valeur))}, {nombre(maximum)} au plus).")
    return valeur


def _objet(chemin, reponses: dict, champ: str, attendu: str, quoi: str) -> dict:
    """Le champ `champ`, un objet (null vaut un objet vide) de ELEMENTS_MAX entrées au plus (`quoi` les nomme)."""
    valeur = reponses.get(champ)
    if valeur is None:
        return {}
    if not isinstance(valeur, dict):
        raise _attendu(chemin, (champ,), attendu, valeur)
    if len(valeur) > ELEMENTS_MAX:
        raise ErreurReponse(chemin, f"le champ « {champ} » a trop de {quoi} ({nombre(len(valeur))}, {nombre(ELEMENTS_MAX)} au plus).")
    return valeur


def _objectifs(chemin, lieu: tuple, valeur, maximum: int) -> None:
    attendu = "une liste d'objectifs (un texte par objectif)"
    if isinstance(valeur, str):
        raise ErreurReponse(chemin, f"le champ {_lieu(*lieu)} doit être {attendu}, pas un texte seul.")
    for n, objectif in enumerate(_liste(chemin, lieu, valeur, attendu, maximum)):
        if texte_objectif(objectif) is None:
            raise _attendu(chemin, (*lieu, n), "un texte (ou un objet au champ « libelle » textuel)", objectif)
        _texte(chemin, (*lieu, n), texte_objectif(objectif))


def valider_reponses(exercice: str, reponses: dict, chemin="(réponse)") -> None:
    """Vérifie le type de chaque champ des réponses d'un exercice ; lève `ErreurReponse` au premier défaut.

    Un champ absent ou null vaut une réponse vide ; un champ inattendu est ignoré. Voir le format en
    tête du module.
    """
    if exercice == "kraljic":
        placements = _objet(chemin, reponses, "placements", "un objet {famille: {quadrant, justification}}", "familles")
        for famille, placement in placements.items():
            _texte(chemin, ("placements", famille), famille, vide=False)  # le code de famille lui-même
            if placement is None:
                continue
            if not isinstance(placement, dict):
                raise _attendu(chemin, ("placements", famille), "un objet {quadrant, justification}", placement)
            _texte(chemin, ("placements", famille, "quadrant"), placement.get("quadrant"))
            _texte(chemin, ("placements", famille, "justification"), placement.get("justification"))
    elif exercice == "smart":
        for n, enonce in enumerate(_liste(chemin, ("enonces",), reponses.get("enonces"), "une liste de textes")):
            if not isinstance(enonce, str):
                raise _attendu(chemin, ("enonces", n), "un texte", enonce)
        _objectifs(chemin, ("objectifs",), reponses.get("objectifs"), OBJECTIFS_MAX)
    elif exercice in ("positionnement", "evaluation-finale"):
        questions = _objet(chemin, reponses, "questions", "un objet {question: réponse}", "réponses")
        for question, valeur in questions.items():
            _texte(chemin, ("questions", question), question, vide=False)
            if isinstance(valeur, list):
                for m, choix in enumerate(_liste(chemin, ("questions", question), valeur, "une liste de textes")):
                    _texte(chemin, ("questions", question, m), choix, vide=False)
            elif not (valeur is None or isinstance(valeur, str) or (isinstance(valeur, (int, float)) and not isinstance(valeur, bool))):
                raise _attendu(chemin, ("questions", question), "un texte, un nombre ou une liste de textes", valeur)
            else:
                _texte(chemin, ("questions", question), valeur if isinstance(valeur, str) else None)
    elif exercice == "axes":
        for n, axe in enumerate(_liste(chemin, ("axes",), reponses.get("axes"), "une liste d'axes")):
            if not isinstance(axe, dict):
                raise _attendu(chemin, ("axes", n), "un objet {nom, objectifs, familles}", axe)
            _texte(chemin, ("axes", n, "nom"), axe.get("nom"))
            _objectifs(chemin, ("axes", n, "objectifs"), axe.get("objectifs"), ELEMENTS_MAX)
            for m, famille in enumerate(_liste(chemin, ("axes", n, "familles"), axe.get("familles"), "une liste de codes de famille")):
                _texte(chemin, ("axes", n, "familles", m), famille, vide=False)


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
