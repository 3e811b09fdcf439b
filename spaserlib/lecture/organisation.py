"""Une organisation : son profil et ses données (achats, marchés, concessions).

Une organisation est un dossier : un `profil.yaml` (nom, type, population, annee, siren) et ses
fichiers de dépenses et/ou de marchés (CSV, XLSX, ODS, JSON DECP). Si le profil les déclare
(« fichiers: achats: [...], marches: [...] »), ce sont eux qui sont lus, avec le genre déclaré ;
sinon, tous les fichiers de données du dossier, reconnus à leurs colonnes (et, en cas de doute, à
leur nom). Un fichier seul convient aussi, pour l'analyste qui n'a qu'un export.

    charger_organisation(chemin, *, convertir_ttc=None, collectivite=None) -> Organisation
    organisations_exemples() -> list[Path]
"""

from __future__ import annotations

import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from spaserlib.commun.erreurs import ERREUR, ErreurDonnees, ErreurFichier, ErreurParametre, Probleme
from spaserlib.lecture.fichiers import lire_fichier
from spaserlib.lecture.tableurs import EXTENSIONS_TABLEUR
from spaserlib.commun.tables import COLONNES_ACHATS, COLONNES_MARCHES
from spaserlib.lecture.regroupement import regrouper_fichiers
from spaserlib.lecture.resultat import Lecture

PROFILS = ("profil.yaml", "profil.yml")
EXTENSIONS_DONNEES = EXTENSIONS_TABLEUR | {".json"}


@dataclass
class Organisation:
    """Profil et données d'une organisation ; `lectures` garde le compte rendu de chaque fichier."""

    nom: str
    type: str | None = None
    population: int | None = None
    annee: int | None = None
    siren: str | None = None
    achats: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=COLONNES_ACHATS))
    marches: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=COLONNES_MARCHES))
    concessions: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=COLONNES_MARCHES))
    lectures: list[Lecture] = field(default_factory=list)
    dossier: Path | None = None
    profil: dict = field(default_factory=dict)  # le profil.yaml tel qu'écrit (siret, description…)

    @property
    def problemes(self) -> list[Probleme]:
        return [p for lecture in self.lectures for p in lecture.problemes]

    @property
    def a_des_erreurs(self) -> bool:
        return any(p.gravite == ERREUR for p in self.problemes)

    @property
    def fichiers_lus(self) -> list[str]:
        """Les noms des fichiers lus pour l'organisation."""
        return [Path(lecture.fichier).name for lecture in self.lectures]

    def exiger_des_lignes(self) -> "Organisation":
        """Lève `ErreurDonnees` (avec la liste complète) s'il ne reste aucune ligne utilisable à cause d'erreurs."""
        if len(self.achats) == 0 and len(self.marches) == 0 and self.a_des_erreurs:
            raise ErreurDonnees(self.problemes)
        return self

    def exiger_sans_erreur(self) -> "Organisation":
        """Lève `ErreurDonnees` (avec la liste complète) si un fichier a des erreurs bloquantes."""
        if self.a_des_erreurs:
            raise ErreurDonnees(self.problemes)
        return self


def _profil(dossier: Path) -> dict:
    for nom in PROFILS:
        chemin = dossier / nom
        if chemin.is_file():
            break
    else:
        return {"nom": dossier.name}
    try:
        with open(chemin, encoding="utf-8") as f:
            profil = yaml.safe_load(f) or {}
    except yaml.YAMLError as erreur:
        marque = getattr(erreur, "problem_mark", None)
        ligne = f" (ligne {marque.line + 1})" if marque else ""
        raise ErreurFichier(str(chemin), f"le profil n'est pas un YAML valide{ligne}.",
                            "Écrivez une ligne « clé: valeur » par champ (nom, type, population, annee, siren).") from None
    except UnicodeDecodeError:
        raise ErreurFichier(str(chemin), "le profil n'est pas encodé en UTF-8.",
                            "Enregistrez profil.yaml en UTF-8.") from None
    if not isinstance(profil, dict):
        raise ErreurFichier(str(chemin), "le profil doit être une suite de lignes « clé: valeur ».",
                            "Exemple : « nom: Commune de Valbourg », puis « population: 12000 ».")
    profil.setdefault("nom", dossier.name)
    return profil


def _entier(profil: dict, cle: str, chemin: Path) -> int | None:
    valeur = profil.get(cle)
    if valeur is None or valeur == "":
        return None
    try:
        return int(str(valeur).replace(" ", "").replace("\u00a0", ""))
    except ValueError:
        raise ErreurFichier(str(chemin), f"« {cle} » doit être un nombre entier, pas « {valeur} ».",
                            f"Corrigez la ligne « {cle}: … » du profil.") from None


def _siren(profil: dict, chemin: Path) -> str | None:
    valeur = profil.get("siren")
    if valeur is None or valeur == "":
        return None
    texte = str(valeur).replace(" ", "").replace("\u00a0", "")
    if not texte.isdigit() or len(texte) not in (9, 14):
        raise ErreurFichier(str(chemin), f"« siren » doit avoir 9 chiffres (ou 14 pour un SIRET), pas « {valeur} ».",
                            "Corrigez la ligne « siren: … » du profil (entre guillemets si elle commence par 0).")
    return texte


def fichiers_de_donnees(dossier: Path) -> list[Path]:
    """Les fichiers de données d'un dossier (premier niveau), dans l'ordre alphabétique."""
    return sorted(
        p for p in dossier.iterdir()
        if p.is_file() and p.suffix.lower() in EXTENSIONS_DONNEES and not p.name.startswith((".", "~$"))
    )


def _fichiers_declares(profil: dict, dossier: Path) -> list[tuple[Path, str]]:
    """Les fichiers que le profil déclare (« fichiers: achats: [...], marches: [...] »), avec leur genre."""
    declares = profil.get("fichiers")
    if declares is None:
        return []
    source = dossier / PROFILS[0]
    if not isinstance(declares, dict) or set(declares) - {"achats", "marches"}:
        raise ErreurFichier(str(source), "« fichiers » doit avoir la forme « achats: [noms] » et/ou « marches: [noms] ».",
                            "Exemple : « fichiers: » puis « achats: [depenses_2024.csv] » à la ligne, en retrait.")
    fichiers = []
    for genre in ("achats", "marches"):
        noms = declares.get(genre) or []
        for nom in [noms] if isinstance(noms, str) else noms:
            chemin = dossier / str(nom)
            refuser_fichier_special(chemin)
            if not chemin.is_file():
                raise ErreurFichier(str(source), f"le fichier déclaré « {nom} » ({genre}) est introuvable dans {dossier}.",
                                    "Corrigez son nom dans le profil, ou retirez-le de la liste « fichiers ».")
            fichiers.append((chemin, genre))
    return fichiers


def _assembler(lectures: list[Lecture], genre: str, attribut: str, colonnes: list[str]) -> pd.DataFrame:
    tables = [getattr(l, attribut) for l in lectures if l.genre == genre and getattr(l, attribut) is not None]
    tables = [t for t in tables if len(t)]
    if not tables:
        return pd.DataFrame(columns=colonnes)
    if genre == "marches" and len(tables) > 1:
        # Un contrat publié dans plusieurs fichiers (deux flux DECP, exports successifs) compte une fois.
        return regrouper_fichiers(tables)
    return pd.concat(tables, ignore_index=True)


def refuser_fichier_special(chemin, quoi: str | None = None) -> None:
    """Lève `ErreurFichier` si `chemin` existe mais n'est ni un fichier ordinaire ni un dossier (tube nommé,
    périphérique comme /dev/null, socket) : un tel fichier n'est jamais ouvert (sa lecture peut bloquer).

    `quoi` nomme ce qu'on attendait (« la liste des participants ») ; par défaut, des données."""
    chemin = Path(chemin)
    try:
        mode = chemin.stat().st_mode
    except OSError:
        return
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return
    conseil = (f"Indiquez un fichier ordinaire pour {quoi}." if quoi else
               "Donnez le chemin d'un fichier de données (CSV, XLSX, ODS ou JSON) ou d'un dossier d'organisation.")
    raise ErreurFichier(str(chemin), "ce n'est ni un fichier ordinaire ni un dossier (tube nommé, périphérique…) : "
                        "le kit ne l'ouvre pas.", conseil)


def _entrees(chemin: Path) -> tuple[dict, list[tuple[Path, str | None]], Path]:
    """(profil, fichiers à lire avec leur genre, dossier) d'un dossier d'organisation ou d'un fichier seul."""
    refuser_fichier_special(chemin)
    if chemin.is_file():
        return {"nom": chemin.stem}, [(chemin, None)], chemin.parent
    profil = _profil(chemin)
    fichiers = _fichiers_declares(profil, chemin) or [(f, None) for f in fichiers_de_donnees(chemin)]
    if not fichiers:
        raise ErreurFichier(str(chemin), "aucun fichier de données (CSV, XLSX, ODS, JSON) dans ce dossier.",
                            "Déposez-y l'export des dépenses et/ou des marchés de l'organisation.")
    return profil, fichiers, chemin


def chemin_donne(chemin) -> Path:
    """Le chemin tel qu'un apprenant le colle, rendu lisible : espaces et guillemets autour retirés (« Copier
    en tant que chemin » de Windows ajoute des guillemets), adresse file:// convertie, barres obliques
    inverses d'un chemin Windows comprises hors de Windows. Lève `ErreurParametre` si ce n'est pas un texte.
    """
    import os
    from urllib.parse import unquote, urlparse

    if isinstance(chemin, Path):
        return chemin
    if not isinstance(chemin, (str, os.PathLike)):
        raise ErreurParametre(f"Le chemin des données doit être un texte entre guillemets, pas {type(chemin).__name__} "
                              f"({chemin!r}). Écrivez par exemple donnees = \"C:/Users/marie/mandats.xlsx\".")
    texte = os.fspath(chemin).strip().strip("\"'«»“”  ").strip()
    if texte.lower().startswith("file://"):
        adresse = urlparse(texte)
        texte = unquote(adresse.path)
        if re.match(r"^/[A-Za-z]:/", texte):  # file:///C:/Users/… : le disque sans la barre de tête
            texte = texte[1:]
    if os.sep == "/" and "\\" in texte and not Path(texte).exists():
        texte = texte.replace("\\", "/")
    return Path(texte)


def charger_organisation(chemin, *, convertir_ttc: float | None = None, collectivite: str | None = None) -> Organisation:
    """Charge une organisation depuis un dossier (profil + fichiers) ou un fichier seul.

    Rien n'est écarté en silence : chaque fichier lu laisse sa `Lecture` dans `lectures`. Lève
    `ErreurFichier` si le chemin manque, si le dossier n'a aucun fichier de données, si le profil est
    invalide ou si un fichier est illisible. `collectivite`, s'il est donné, remplace le nom du profil.
    Les lignes en erreur sont écartées et comptées dans `problemes` ; `exiger_des_lignes` ou
    `exiger_sans_erreur` disent ensuite ce qu'on tolère.

    Une organisation déjà lue, dont aucun fichier n'a changé, est reprise du cache
    (`spaserlib.lecture.cache`) : mêmes tables, mêmes problèmes, sans relire les fichiers.
    """
    from spaserlib.lecture import cache

    chemin = chemin_donne(chemin)
    if not chemin.exists():
        raise ErreurFichier(str(chemin), "dossier ou fichier introuvable.",
                            "Donnez le chemin d'un dossier d'organisation (profil.yaml et fichiers) ou d'un fichier.")
    profil, fichiers, dossier = _entrees(chemin)
    for fichier, _genre in fichiers:
        refuser_fichier_special(fichier)
    try:
        cle = cache.cle_organisation(chemin, fichiers, profil, convertir_ttc)
    except OSError:  # un fichier illisible : sa lecture ci-dessous dira pourquoi
        cle = None
    organisation = cache.lire(cle, chemin) if cle else None
    if organisation is None:
        organisation = _lire(chemin, profil, fichiers, dossier, convertir_ttc)
        if cle:
            cache.ecrire(cle, organisation, chemin)
    if collectivite:
        organisation.nom = collectivite
    return organisation


def _lire(chemin: Path, profil: dict, fichiers, dossier: Path, convertir_ttc: float | None) -> Organisation:
    source_profil = dossier / PROFILS[0]
    lectures = [lire_fichier(f, genre=genre, convertir_ttc=convertir_ttc) for f, genre in fichiers]
    return Organisation(
        nom=str(profil.get("nom")),
        type=profil.get("type"),
        population=_entier(profil, "population", source_profil),
        annee=_entier(profil, "annee", source_profil),
        siren=_siren(profil, source_profil),
        achats=_assembler(lectures, "achats", "table", COLONNES_ACHATS),
        marches=_assembler(lectures, "marches", "table", COLONNES_MARCHES),
        concessions=_assembler(lectures, "marches", "concessions", COLONNES_MARCHES),
        lectures=lectures,
        dossier=chemin if chemin.is_dir() else None,
        profil=profil,
    )


def dossier_exemples() -> Path:
    """Le dossier des organisations exemples du kit (``datasets/``, voir `spaserlib.commun.ressources`)."""
    from spaserlib.commun.ressources import dossier_kit

    return dossier_kit("datasets")


def organisations_exemples() -> list[Path]:
    """Les dossiers d'organisations exemples (sous-dossiers de ``datasets/`` qui ont un profil)."""
    racine = dossier_exemples()
    if not racine.is_dir():
        return []
    return sorted(p for p in racine.iterdir() if p.is_dir() and any((p / n).is_file() for n in PROFILS))
