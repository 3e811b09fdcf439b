"""Lecture bornée d'un fichier JSON DECP, en flux : événements d'ijson, profondeur et nombres bornés.

`iterer_flux` rend les enregistrements d'un fichier ouvert, un à un, sans charger le fichier : les
événements d'ijson sont lus sans leurs préfixes (dont le coût croît avec le carré de la
profondeur), la profondeur d'imbrication est bornée (`limites.JSON_PROFONDEUR_MAX`) et les nombres
sont lus en flottants (`use_float`, qui évite le plantage de l'analyseur C sur un entier de milliers
de chiffres). `charger_json` relit d'un bloc un petit fichier que le flux a refusé, avec les mêmes
bornes (et au plus `limites.JSON_CHIFFRES_MAX` chiffres par entier : Python met un temps
quadratique à convertir les longs entiers). `iterer_objet` rend les enregistrements d'un JSON chargé.
"""

from __future__ import annotations

import json
from pathlib import Path

import ijson
from ijson.common import ObjectBuilder

from spaserlib.commun import limites
from spaserlib.commun.erreurs import ErreurFichier

MARCHE = "marche"
CONCESSION = "concession"
CONSEIL_JSON = ("Ouvrez le fichier dans un éditeur de texte à cet endroit, ou téléchargez-le à nouveau : "
                 "il a peut-être été tronqué.")


class Compteur:
    """Un fichier binaire qui compte les octets lus (pour dire où la lecture en flux a échoué)."""

    def __init__(self, flux):
        self.flux = flux
        self.lus = 0

    def read(self, taille=-1):
        bloc = self.flux.read(taille)
        self.lus += len(bloc)
        return bloc


class _NombreTropLong(Exception):
    pass


def _entier(texte: str) -> int:
    if len(texte.lstrip("-")) > limites.JSON_CHIFFRES_MAX:
        raise _NombreTropLong(len(texte.lstrip("-")))
    return int(texte)


def trop_profond(fichier: str) -> ErreurFichier:
    return ErreurFichier(
        fichier, f"le fichier imbrique des objets ou des listes sur plus de {limites.JSON_PROFONDEUR_MAX} niveaux, "
        "la limite du kit (un fichier DECP en a une dizaine).",
        "Vérifiez qu'il s'agit bien d'un export DECP : ce fichier est abîmé ou n'en est pas un.",
    )


def charger_json(chemin: Path):
    donnees = chemin.read_bytes()
    try:
        texte = donnees.decode("utf-8-sig")
    except UnicodeDecodeError:
        texte = donnees.decode("cp1252", errors="replace")
    try:
        objet = json.loads(texte, parse_int=_entier)
    except json.JSONDecodeError as erreur:
        raise ErreurFichier(
            str(chemin),
            f"le fichier n'est pas du JSON valide à la ligne {erreur.lineno}, colonne {erreur.colno} "
            f"({_raison_json(erreur.msg)}).",
            CONSEIL_JSON,
        ) from None
    except _NombreTropLong as erreur:
        raise ErreurFichier(
            str(chemin), f"le fichier contient un nombre de {limites.en_clair(erreur.args[0], 'chiffres')}, au-delà de "
            f"la limite du kit ({limites.JSON_CHIFFRES_MAX} chiffres).",
            "Un montant ou une durée en a au plus une quinzaine : le fichier est abîmé à cet endroit, "
            "téléchargez-le à nouveau ou corrigez ce nombre.",
        ) from None
    except RecursionError:
        raise trop_profond(str(chemin)) from None
    if _profondeur(objet) > limites.JSON_PROFONDEUR_MAX:
        raise trop_profond(str(chemin))
    return objet


def _profondeur(objet) -> int:
    """Profondeur d'imbrication d'un JSON déjà chargé (sans récursion)."""
    pile, maximum = [(objet, 1)], 0
    while pile:
        valeur, niveau = pile.pop()
        if isinstance(valeur, dict):
            valeur = list(valeur.values())
        elif not isinstance(valeur, list):
            continue
        maximum = max(maximum, niveau)
        pile.extend((v, niveau + 1) for v in valeur if isinstance(v, (dict, list)))
    return maximum


def raison_ijson(message: str) -> str:
    raisons = {
        "integer overflow": "un nombre entier a plus de 19 chiffres",
        "floating point": "un nombre dépasse les limites des nombres décimaux",
        "UTF8": "des octets ne sont pas de l'UTF-8",
        "premature EOF": "le fichier s'arrête avant la fin du JSON",
        "Incomplete JSON": "le fichier s'arrête avant la fin du JSON",
        "trailing garbage": "contenu en trop après la fin du JSON",
    }
    return next((fr for en, fr in raisons.items() if en in message), "syntaxe JSON invalide")


def _raison_json(message: str) -> str:
    raisons = {
        "Expecting value": "valeur attendue",
        "Expecting property name enclosed in double quotes": "nom de clé entre guillemets attendu",
        "Expecting ',' delimiter": "virgule attendue",
        "Expecting ':' delimiter": "deux-points attendus",
        "Extra data": "contenu en trop après la fin du JSON",
        "Unterminated string starting at": "chaîne de caractères non terminée",
        "Invalid control character at": "caractère de contrôle interdit",
    }
    return next((fr for en, fr in raisons.items() if message.startswith(en)), message)


def erreur_forme(fichier: str, detail: str) -> ErreurFichier:
    return ErreurFichier(
        fichier,
        f"ce JSON n'a pas la forme DECP : {detail}.",
        'Un fichier DECP commence par {"marches": [...]} (format 2019) ou '
        '{"marches": {"marche": [...], "contrat-concession": [...]}} (format 2024).',
    )


_DEBUTS = ("start_map", "start_array")
_FINS = ("end_map", "end_array")


def _evenements(flux, fichier: str):
    """Les événements d'ijson (sans préfixes : leur coût croît avec le carré de la profondeur),
    la profondeur bornée par `limites.JSON_PROFONDEUR_MAX`."""
    profondeur = 0
    for evenement, valeur in ijson.basic_parse(flux, use_float=True):
        if evenement in _DEBUTS:
            profondeur += 1
            if profondeur > limites.JSON_PROFONDEUR_MAX:
                raise trop_profond(fichier)
        elif evenement in _FINS:
            profondeur -= 1
        yield evenement, valeur


def _valeur(evenements, evenement, valeur):
    """La valeur JSON qui commence par cet événement (un objet ou une liste est construit en entier)."""
    if evenement not in _DEBUTS:
        return valeur
    constructeur = ObjectBuilder()
    profondeur = 0
    while True:
        constructeur.event(evenement, valeur)
        if evenement in _DEBUTS:
            profondeur += 1
        elif evenement in _FINS:
            profondeur -= 1
            if profondeur == 0:
                return constructeur.value
        evenement, valeur = _suivant(evenements)


def _suivant(evenements):
    try:
        return next(evenements)
    except StopIteration:
        raise ijson.IncompleteJSONError("Incomplete JSON content") from None


def _sauter(evenements, evenement) -> None:
    """Passe la valeur qui commence par cet événement, sans la construire."""
    profondeur = 1 if evenement in _DEBUTS else 0
    while profondeur:
        evenement, _ = _suivant(evenements)
        if evenement in _DEBUTS:
            profondeur += 1
        elif evenement in _FINS:
            profondeur -= 1


def _elements(evenements, genre):
    """Les ``(genre, enregistrement)`` d'une liste, jusqu'à sa fin."""
    for evenement, valeur in evenements:
        if evenement == "end_array":
            return
        yield genre, _valeur(evenements, evenement, valeur)


def iterer_flux(flux, fichier: str):
    """Rend ``(genre, enregistrement)`` pour chaque contrat du fichier, lu en flux.

    Format 2019 : les éléments de la liste "marches" (genre lu dans l'enregistrement, None ici) ;
    format 2024 : ceux des listes (ou l'objet seul) "marche" et "contrat-concession" de l'objet
    "marches". Les autres clés sont passées sans être construites.
    """
    evenements = _evenements(flux, fichier)
    premier, _ = _suivant(evenements)
    if premier != "start_map":
        raise erreur_forme(fichier, "le fichier n'est pas un objet JSON")
    vu = False
    for evenement, cle in evenements:
        if evenement == "end_map":
            break
        evenement, valeur = _suivant(evenements)
        if cle != "marches":
            _sauter(evenements, evenement)
            continue
        vu = True
        if evenement == "start_array":
            yield from _elements(evenements, None)
        elif evenement == "start_map":
            for sous_evenement, sous_cle in evenements:
                if sous_evenement == "end_map":
                    break
                evenement, valeur = _suivant(evenements)
                genre = {"marche": MARCHE, "contrat-concession": CONCESSION}.get(sous_cle)
                if genre is None:
                    _sauter(evenements, evenement)
                elif evenement == "start_array":
                    yield from _elements(evenements, genre)
                else:
                    yield genre, _valeur(evenements, evenement, valeur)
        else:
            raise erreur_forme(fichier, 'la clé "marches" ne contient ni liste ni objet')
    for _ in evenements:  # la fin du fichier : ijson y vérifie qu'il n'y a rien en trop
        pass
    if not vu:
        raise erreur_forme(fichier, 'clé "marches" absente')


def iterer_objet(donnees, fichier: str):
    """Même chose que `iterer_flux`, pour un JSON déjà chargé."""
    if not isinstance(donnees, dict):
        raise erreur_forme(fichier, "le fichier n'est pas un objet JSON")
    if "marches" not in donnees:
        raise erreur_forme(fichier, 'clé "marches" absente')
    marches = donnees["marches"]
    if isinstance(marches, list):
        yield from ((None, e) for e in marches)
    elif isinstance(marches, dict):
        for cle, genre in (("marche", MARCHE), ("contrat-concession", CONCESSION)):
            contenu = marches.get(cle, [])
            yield from ((genre, e) for e in (contenu if isinstance(contenu, list) else [contenu]))
    else:
        raise erreur_forme(fichier, 'la clé "marches" ne contient ni liste ni objet')
