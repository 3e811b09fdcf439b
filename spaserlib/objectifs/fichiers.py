"""Lire les objectifs et les axes d'un projet de SPASER depuis des fichiers.

Deux sortes de fichiers sont acceptées, seules ou mêlées dans un dossier :

1. Un fichier d'objectifs YAML ou JSON : soit une liste d'objectifs, soit un objet
   ``{"axes": [...], "objectifs": [...]}``. Chaque objectif a les champs de
   `spaserlib.objectifs.modele.Objectif` (`Objectif.en_dict` / `depuis_dict`) : libelle (obligatoire), axe,
   indicateur, unite (nombre_contrats, part_nombre, valeur_euros, part_valeur, heures_insertion…),
   perimetre, valeur_reference, annee_reference, cible, echeance (AAAA-MM-JJ), porteur, source ;
   les autres champs (actions, moyens…) vont dans `extras`.
2. Une réponse d'exercice enregistrée par l'apprenant (JSON) :
   ``{"participant", "exercice", "version_schema", "horodatage", "reponses"}``. Dans `reponses`, sont lus :
   - ``reponses["objectifs"]`` (liste) ou ``reponses["objectif"]`` (un objet) ou `reponses` lui-même
     s'il est une liste d'objets ou un objet avec ``libelle`` : des objectifs, aux champs ci-dessus ;
     ``texte`` ou ``objectif`` (texte) tiennent lieu de ``libelle`` ;
   - ``reponses["axes"]`` : liste de textes ou d'objets (``nom``, ``libelle`` ou ``titre``) ;
   - une liste de textes dans un exercice dont le nom contient « axe » : des axes.
   Quand plusieurs réponses du même participant au même exercice existent, la plus récente
   (``horodatage``) l'emporte.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

from spaserlib.commun.erreurs import ErreurFichier
from spaserlib.objectifs.modele import Objectif

CLES_REPONSE = {"participant", "exercice", "reponses"}
ALIAS_LIBELLE = ("libelle", "texte", "objectif", "intitule")


def _charger(chemin: Path):
    import yaml

    try:
        texte = chemin.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ErreurFichier(chemin, "fichier d'objectifs illisible : il n'est pas encodé en UTF-8.",
                            "Enregistrez-le en UTF-8 (dans le Bloc-notes : Enregistrer sous, Encodage UTF-8).") from None
    try:
        if chemin.suffix.lower() in (".yaml", ".yml"):
            return yaml.safe_load(texte)
        return json.loads(texte)
    except (yaml.YAMLError, json.JSONDecodeError) as erreur:
        marque = getattr(erreur, "problem_mark", None)
        ligne, colonne = (marque.line + 1, marque.column + 1) if marque else (getattr(erreur, "lineno", None), getattr(erreur, "colno", None))
        lieu = f", ligne {ligne}, colonne {colonne}" if ligne else ""
        raise ErreurFichier(chemin, f"fichier d'objectifs illisible : syntaxe YAML ou JSON incorrecte{lieu}.",
                            "Corrigez la syntaxe à cet endroit (un éditeur en ligne de validation peut aider).") from None


def _objectif(d, chemin: Path, position: int) -> Objectif:
    if not isinstance(d, dict):
        raise ErreurFichier(chemin, f"objectif n° {position} : un objet (clé: valeur) est attendu, « {d} » reçu.",
                            "Écrivez chaque objectif avec au moins un champ « libelle ».")
    d = dict(d)
    if not d.get("libelle"):
        for alias in ALIAS_LIBELLE[1:]:
            if isinstance(d.get(alias), str) and d[alias].strip():
                d["libelle"] = d.pop(alias)
                break
    if not d.get("libelle"):
        raise ErreurFichier(chemin, f"objectif n° {position} : champ « libelle » absent.",
                            "Donnez à chaque objectif un libellé (le texte de l'objectif).")
    if isinstance(d.get("echeance"), str):
        d["echeance"] = _date(d["echeance"], chemin, position, d["libelle"])
    for champ in ("cible", "valeur_reference"):
        valeur = d.get(champ)
        if valeur is not None and (isinstance(valeur, bool) or not isinstance(valeur, (int, float))):
            raise ErreurFichier(chemin, f"objectif n° {position} (« {d['libelle']} »), champ « {champ} » : "
                                f"« {valeur} » n'est pas un nombre.", "Écrivez un nombre sans unité (60 pour 60 %).")
    try:
        return Objectif.depuis_dict(d)
    except (TypeError, ValueError) as erreur:
        raise ErreurFichier(chemin, f"objectif n° {position} (« {d['libelle']} ») : champ invalide ({erreur}).",
                            "Voir les champs attendus dans la documentation de spaserlib.objectifs.fichiers.") from None


def _date(texte: str, chemin: Path, position: int, libelle: str) -> date:
    """Une échéance écrite AAAA-MM-JJ ou JJ/MM/AAAA."""
    texte = texte.strip()
    try:
        if re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", texte):
            jour, mois, annee = map(int, texte.split("/"))
            return date(annee, mois, jour)
        return date.fromisoformat(texte)
    except ValueError:
        raise ErreurFichier(chemin, f"objectif n° {position} (« {libelle} »), champ « echeance » : date « {texte} » illisible.",
                            "Écrivez l'échéance AAAA-MM-JJ ou JJ/MM/AAAA, par exemple 2027-12-31.") from None


def _axe(element) -> str | None:
    if isinstance(element, str):
        return element.strip() or None
    if isinstance(element, dict):
        for cle in ("nom", "libelle", "titre"):
            if isinstance(element.get(cle), str) and element[cle].strip():
                return element[cle].strip()
    return None


def _depuis_reponses(contenu: dict, chemin: Path) -> tuple[list[Objectif], list[str]]:
    reponses = contenu.get("reponses")
    exercice = str(contenu.get("exercice", "")).lower()
    brutes, axes = [], []
    if isinstance(reponses, dict):
        if isinstance(reponses.get("objectifs"), list):
            brutes = reponses["objectifs"]
        elif isinstance(reponses.get("objectif"), dict):
            brutes = [reponses["objectif"]]
        elif any(isinstance(reponses.get(a), str) for a in ALIAS_LIBELLE) and "axes" not in reponses:
            brutes = [reponses]
        if isinstance(reponses.get("axes"), list):
            axes = [a for a in map(_axe, reponses["axes"]) if a]
    elif isinstance(reponses, list):
        if "axe" in exercice and all(isinstance(r, str) for r in reponses):
            axes = [r.strip() for r in reponses if r.strip()]
        else:
            brutes = reponses
    return [_objectif(d, chemin, i) for i, d in enumerate(brutes, 1)], axes


def _lire_fichier(chemin: Path) -> tuple[list[Objectif], list[str], dict | None]:
    contenu = _charger(chemin)
    if isinstance(contenu, dict) and CLES_REPONSE <= set(contenu):
        objectifs, axes = _depuis_reponses(contenu, chemin)
        return objectifs, axes, contenu
    if isinstance(contenu, list):
        return [_objectif(d, chemin, i) for i, d in enumerate(contenu, 1)], [], None
    if isinstance(contenu, dict) and ("objectifs" in contenu or "axes" in contenu):
        for cle in ("objectifs", "axes"):
            if contenu.get(cle) is not None and not isinstance(contenu[cle], list):
                raise ErreurFichier(chemin, f"la clé « {cle} » ne contient pas une liste.",
                                    f"Écrivez sous « {cle}: » une liste, un élément par ligne commençant par « - ».")
        objectifs = [_objectif(d, chemin, i) for i, d in enumerate(contenu.get("objectifs") or [], 1)]
        return objectifs, [a for a in map(_axe, contenu.get("axes") or []) if a], None
    raise ErreurFichier(chemin, "ni liste d'objectifs, ni objet « objectifs »/« axes », ni réponse d'exercice.",
                        "Voir le format attendu dans la documentation de spaserlib.objectifs.fichiers.")


def lire_objectifs(chemin: str | Path) -> tuple[list[Objectif], list[str]]:
    """Les objectifs et les axes d'un fichier ou d'un dossier (fichiers .json, .yaml, .yml) ; voir le module."""
    chemin = Path(chemin)
    if not chemin.exists():
        raise ErreurFichier(chemin, "fichier d'objectifs introuvable.", "Vérifiez le chemin donné à --objectifs.")
    fichiers = sorted(p for p in chemin.iterdir() if p.suffix.lower() in (".json", ".yaml", ".yml")) if chemin.is_dir() else [chemin]
    simples, reponses = [], {}
    for fichier in fichiers:
        objectifs, axes, entete = _lire_fichier(fichier)
        if entete is None:
            simples.append((objectifs, axes))
            continue
        cle = (str(entete.get("participant")), str(entete.get("exercice")))
        horodatage = str(entete.get("horodatage") or "")
        if cle not in reponses or horodatage >= reponses[cle][0]:
            reponses[cle] = (horodatage, objectifs, axes)
    tous_objectifs, tous_axes = [], []
    for objectifs, axes in simples + [(o, a) for _, o, a in (reponses[c] for c in sorted(reponses))]:
        tous_objectifs.extend(objectifs)
        tous_axes.extend(a for a in axes if a not in tous_axes)
    return tous_objectifs, tous_axes
