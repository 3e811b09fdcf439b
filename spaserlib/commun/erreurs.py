"""Erreurs et problèmes de données du kit.

Une seule hiérarchie d'erreurs (`ErreurSpaser`), toute ici : `ErreurParametre` (un paramètre
refusé), `ErreurFichier` (un fichier illisible), `ErreurDonnees` (des erreurs bloquantes dans les
lignes), `ErreurReponse` (un fichier de réponses d'exercice refusé), `ErreurExecution` (une cellule
de notebook en échec pendant un rapport) ; et un enregistrement `Probleme` pour chaque
anomalie trouvée dans un fichier : fichier, ligne telle que la voit l'utilisateur dans son
tableur, colonne, valeur, ce qui ne va pas et ce qu'il faut faire. Les problèmes sont collectés
(pas seulement le premier) ; une *erreur* rend la ligne inutilisable, un *avertissement* la garde
avec un doute.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

# Caractères de contrôle (hors tabulation et fins de ligne) : jamais écrits tels quels dans un message.
_CONTROLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
ERREUR = "erreur"
AVERTISSEMENT = "avertissement"


@dataclass(frozen=True)
class Probleme:
    """Une anomalie d'un fichier, décrite pour la personne qui devra la corriger.

    `ligne` est le numéro de ligne tel que l'utilisateur le voit dans son tableur (l'en-tête
    compris, à partir de 1), ou None quand le problème concerne le fichier entier.
    `code` est un identifiant court et stable du genre de problème (``montant_illisible``…),
    utilisé pour les regroupements et les tests.
    """

    fichier: str
    ligne: int | None
    colonne: str | None
    valeur: str | None
    message: str
    conseil: str
    gravite: str = ERREUR
    code: str = "autre"

    def __str__(self) -> str:
        lieu = self.fichier
        if self.ligne is not None:
            lieu += f", ligne {self.ligne}"
        if self.colonne:
            lieu += f", colonne « {self.colonne} »"
        visible = _CONTROLE.sub(lambda m: f"⟨U+{ord(m.group()):04X}⟩", str(self.valeur)) if self.valeur is not None else None
        valeur = f" (valeur : « {visible} »)" if visible not in (None, "") else ""
        return f"{self.gravite.capitalize()} — {lieu}{valeur} : {self.message} {self.conseil}".strip()

    def en_dict(self) -> dict:
        return asdict(self)


class ErreurSpaser(Exception):
    """Racine de toutes les erreurs du kit ; le message est en français et dit quoi faire."""


class ErreurParametre(ErreurSpaser, ValueError):
    """Un paramètre donné à une fonction du kit n'est pas acceptable (seuil, colonne, valeur…)."""


class ErreurFichier(ErreurSpaser):
    """Un fichier ne peut pas être lu du tout (introuvable, format inconnu, colonnes manquantes…)."""

    def __init__(self, fichier: str, message: str, conseil: str = ""):
        self.fichier = str(fichier)
        self.conseil = conseil
        super().__init__(f"{self.fichier} : {message} {conseil}".strip())


@dataclass
class ErreurDonnees(ErreurSpaser):
    """Des erreurs bloquantes ont été trouvées ; `problemes` les liste toutes."""

    problemes: list[Probleme] = field(default_factory=list)

    def __post_init__(self):
        super().__init__(str(self))

    def __str__(self) -> str:
        erreurs = [p for p in self.problemes if p.gravite == ERREUR]
        entete = f"{len(erreurs)} erreur(s) bloquante(s) dans les données :"
        lignes = [str(p) for p in erreurs[:20]]
        if len(erreurs) > 20:
            lignes.append(f"… et {len(erreurs) - 20} autre(s).")
        return "\n".join([entete, *lignes])


class ErreurReponse(ErreurSpaser):
    """Un fichier de réponses ne peut pas être lu ; `fichier` et `raison` disent lequel et pourquoi."""

    def __init__(self, fichier, raison: str):
        self.fichier = str(fichier)
        self.raison = raison
        super().__init__(f"{Path(fichier).name} : {raison}")


class ErreurExecution(ErreurSpaser):
    """Une cellule d'un notebook a échoué pendant l'exécution sans écran.

    Attributs : notebook (chemin), cellule (numéro à partir de 1, dans le notebook d'origine, sans
    la cellule de paramètres injectée ; None si l'erreur n'est pas celle d'une cellule), nom (nom de
    l'exception : KeyError…), message (message de l'exception), extrait (début du code de la cellule).
    """

    def __init__(self, notebook, cellule: int | None, nom: str, message: str, extrait: str = ""):
        self.notebook = str(notebook)
        self.cellule = cellule
        self.nom = nom
        self.message = message
        self.extrait = extrait
        lieu = f"cellule n° {cellule}" if cellule is not None else "hors cellule"
        texte = f"{Path(self.notebook).name}, {lieu} : {nom} : {message}".rstrip(" :")
        if extrait:
            texte += f"\n    Code de la cellule : {extrait}"
        texte += (
            "\nOuvrez le notebook dans JupyterLab avec les mêmes données et exécutez-le pour voir "
            "l'erreur en détail ; si elle vient des données, corrigez-les (spaser verifier)."
        )
        super().__init__(texte)

    @property
    def index(self) -> int | None:
        """Index (à partir de 0) de la cellule en échec dans le notebook d'origine."""
        return None if self.cellule is None else self.cellule - 1
