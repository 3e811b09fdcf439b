"""Lecture bornée des classeurs XLSX et ODS : chaque feuille devient une liste de lignes numérotées.

Avant d'ouvrir le classeur, l'index de son zip est lu : nombre de parties et somme de leurs tailles
décompressées (`limites.CLASSEUR_DECOMPRESSE_MAX`) ; un classeur qui se décompresse en centaines de
mégaoctets est refusé sans être décompressé. La feuille est ensuite lue en flux (l'analyseur de
feuille d'openpyxl pour le XLSX, `xml.etree.ElementTree.iterparse` pour le ODS), sans jamais
fabriquer les cellules vides : une cellule posée en colonne XFD, une ligne « répétée » un million de
fois ou une cellule répétée sur 16 384 colonnes ne coûtent rien tant qu'elles sont vides, et une
valeur au-delà de `limites.COLONNES_MAX` colonnes, `limites.LIGNES_MAX` lignes ou
`limites.CLASSEUR_CELLULES_MAX` cellules arrête la lecture avec un message.

Les valeurs sont rendues comme pandas les rend (`read_excel(dtype=object)`) : nombres entiers en
`int`, dates en `datetime`/`Timestamp`, texte en `str`, cellule vide ou en erreur en NaN.
"""

from __future__ import annotations

import datetime as dt
import math
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree

import pandas as pd

from spaserlib.commun import limites
from spaserlib.commun.erreurs import ErreurFichier

VIDE = math.nan


@dataclass
class Feuille:
    """Les lignes non vides d'une feuille : (numéro de ligne à partir de 1, cellules)."""

    nom: str
    lignes: list[tuple[int, list]] = field(default_factory=list)


class _Bornes:
    """Compte ce qui est lu et arrête la lecture au-delà des limites."""

    def __init__(self, fichier: str):
        self.fichier = fichier
        self.cellules = 0

    def colonne(self, numero: int, feuille: str, ligne: int) -> None:
        if numero > limites.COLONNES_MAX:
            raise ErreurFichier(
                self.fichier,
                f"la feuille « {feuille} » a une valeur en colonne {limites.en_clair(numero)} (ligne "
                f"{limites.en_clair(ligne)}) : le kit lit au plus "
                f"{limites.en_clair(limites.COLONNES_MAX, 'colonnes')}.",
                "Supprimez les colonnes inutiles (ou les cellules isolées loin à droite du tableau), "
                "puis enregistrez à nouveau.",
            )

    def lignes(self, feuille: Feuille, largeur: int, nombre: int = 1) -> None:
        self.cellules += largeur * nombre
        if len(feuille.lignes) + nombre > limites.LIGNES_MAX + 30:
            raise ErreurFichier(
                self.fichier,
                f"la feuille « {feuille.nom} » a plus de {limites.en_clair(limites.LIGNES_MAX, 'lignes')} : "
                "c'est la limite du kit.",
                "Découpez le fichier (une année ou un service par fichier) ou filtrez les lignes utiles.",
            )
        if self.cellules > limites.CLASSEUR_CELLULES_MAX:
            raise ErreurFichier(
                self.fichier,
                f"le classeur a plus de {limites.en_clair(limites.CLASSEUR_CELLULES_MAX, 'cellules')} remplies : "
                "c'est la limite du kit.",
                "Gardez seulement les colonnes et les lignes utiles, ou enregistrez la feuille en CSV.",
            )


def verifier_zip(chemin) -> None:
    """Lève `ErreurFichier` si le zip du classeur est illisible, a trop de parties ou se décompresse
    au-delà de `limites.CLASSEUR_DECOMPRESSE_MAX` (tailles lues dans l'index, rien n'est décompressé)."""
    fichier = str(chemin)
    try:
        with zipfile.ZipFile(chemin) as archive:
            parties = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as erreur:
        raise ErreurFichier(
            fichier, f"le classeur ne peut pas être ouvert ({type(erreur).__name__}).",
            "Vérifiez qu'il s'agit bien d'un fichier XLSX ou ODS non protégé par un mot de passe, "
            "ou enregistrez-le en CSV.",
        ) from None
    if len(parties) > limites.CLASSEUR_PARTIES_MAX:
        raise ErreurFichier(
            fichier, f"le classeur contient {limites.en_clair(len(parties), 'parties')} : le kit en accepte au plus "
            f"{limites.en_clair(limites.CLASSEUR_PARTIES_MAX)}.",
            "Ce n'est sans doute pas un classeur ordinaire : enregistrez la feuille utile en CSV.",
        )
    taille = sum(p.file_size for p in parties)
    if taille > limites.CLASSEUR_DECOMPRESSE_MAX:
        raise ErreurFichier(
            fichier, f"le classeur se décompresse en {limites.en_clair(taille, 'octets')}, au-delà de la limite "
            f"du kit ({limites.en_clair(limites.CLASSEUR_DECOMPRESSE_MAX, 'octets')}).",
            "Enregistrez la feuille en CSV (séparateur « ; », UTF-8) : le kit lit un CSV bien plus vite, "
            "jusqu'à " f"{limites.en_clair(limites.CSV_OCTETS_MAX, 'octets')}.",
        )


def lire_feuilles(chemin) -> list[Feuille]:
    """Les feuilles d'un classeur XLSX (ou XLSM) ou ODS, lignes non vides seulement.

    Lève `ErreurFichier` si le classeur est illisible ou dépasse une limite.
    """
    verifier_zip(chemin)
    fichier = str(chemin)
    try:
        if str(chemin).lower().endswith(".ods"):
            return _feuilles_ods(chemin, _Bornes(fichier))
        return _feuilles_xlsx(chemin, _Bornes(fichier))
    except ErreurFichier:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError, AttributeError, IndexError,
            ElementTree.ParseError, RecursionError) as erreur:
        raise ErreurFichier(
            fichier, f"le classeur ne peut pas être ouvert ({type(erreur).__name__}).",
            "Vérifiez qu'il s'agit bien d'un fichier XLSX ou ODS non protégé par un mot de passe, "
            "ou enregistrez-le en CSV.",
        ) from None
    except Exception as erreur:  # noqa: BLE001 — les lecteurs de classeurs lèvent des erreurs très variées
        raise ErreurFichier(
            fichier, f"le classeur ne peut pas être lu ({type(erreur).__name__}).",
            "Ouvrez-le dans un tableur et enregistrez-le à nouveau en XLSX ou en CSV.",
        ) from None


# --- XLSX ------------------------------------------------------------------------------------------

def _valeur_xlsx(valeur, type_):
    if valeur is None or type_ == "e":
        return VIDE
    if isinstance(valeur, float):
        if math.isnan(valeur):
            return VIDE
        if valeur.is_integer() and abs(valeur) < 1e16:
            return int(valeur)
    return valeur


def _feuilles_xlsx(chemin, bornes: _Bornes) -> list[Feuille]:
    import openpyxl
    from openpyxl.worksheet._reader import WorkSheetParser

    classeur = openpyxl.load_workbook(chemin, read_only=True, data_only=True)
    feuilles = []
    try:
        for feuille_xlsx in classeur.worksheets:
            if not hasattr(feuille_xlsx, "_get_source"):
                continue
            feuille = Feuille(str(feuille_xlsx.title))
            with feuille_xlsx._get_source() as source:
                analyseur = WorkSheetParser(
                    source, feuille_xlsx._shared_strings, data_only=True, epoch=classeur.epoch,
                    date_formats=classeur._date_formats, timedelta_formats=classeur._timedelta_formats)
                for numero, cellules in analyseur.parse():
                    pleines = [(c["column"], _valeur_xlsx(c["value"], c["data_type"])) for c in cellules
                               if c["value"] is not None and c["value"] != ""]
                    pleines = [(j, v) for j, v in pleines if not (isinstance(v, float) and math.isnan(v))]
                    if not pleines:
                        continue
                    largeur = max(j for j, _ in pleines)
                    bornes.colonne(largeur, feuille.nom, numero)
                    ligne = [VIDE] * largeur
                    for j, valeur in pleines:
                        ligne[j - 1] = valeur
                    bornes.lignes(feuille, largeur)
                    feuille.lignes.append((numero, ligne))
            feuilles.append(feuille)
    finally:
        classeur.close()
    return feuilles


# --- ODS -------------------------------------------------------------------------------------------

_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_TEXTE = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_CELLULES = {_TABLE + "table-cell", _TABLE + "covered-table-cell"}


def _repetition(element, attribut: str) -> int:
    try:
        return max(1, int(element.get(_TABLE + attribut, "1")))
    except ValueError:
        return 1


def _texte_ods(cellule, bornes: _Bornes) -> str:
    """Le texte d'une cellule, comme pandas le lit : paragraphes séparés par un saut de ligne,
    espaces répétés (text:s), sauts de ligne explicites ; les annotations ne comptent pas."""
    morceaux: list[str] = []
    longueur = [0]

    def ajouter(texte: str) -> None:
        longueur[0] += len(texte)
        if longueur[0] > limites.CELLULE_CARACTERES_MAX:
            raise ErreurFichier(
                bornes.fichier,
                f"une cellule contient plus de {limites.en_clair(limites.CELLULE_CARACTERES_MAX, 'caractères')} : "
                "c'est la limite du kit.",
                "Raccourcissez ce texte ou supprimez la cellule, puis enregistrez à nouveau.",
            )
        morceaux.append(texte)

    def parcourir(element) -> None:
        if element.text:
            ajouter(element.text.strip("\n"))
        paragraphe_vu = False
        for enfant in element:
            balise = enfant.tag
            if balise == _TEXTE + "s":
                try:
                    espaces = max(0, int(enfant.get(_TEXTE + "c", "1")))
                except ValueError:
                    espaces = 1
                ajouter(" " * min(espaces, limites.CELLULE_CARACTERES_MAX + 1))
            elif balise == _TEXTE + "line-break":
                ajouter("\n")
            elif balise == _TEXTE + "tab":
                ajouter("\t")
            elif balise != _OFFICE + "annotation":
                if balise == _TEXTE + "p":
                    if paragraphe_vu:
                        ajouter("\n")
                    paragraphe_vu = True
                parcourir(enfant)
            if enfant.tail:
                ajouter(enfant.tail.strip("\n"))

    parcourir(cellule)
    return "".join(morceaux)


def _valeur_ods(cellule, bornes: _Bornes):
    type_ = cellule.get(_OFFICE + "value-type")
    if type_ in ("float", "percentage", "currency"):
        try:
            valeur = float(cellule.get(_OFFICE + "value"))
        except (TypeError, ValueError):
            return _texte_ods(cellule, bornes) or VIDE
        if math.isnan(valeur):
            return VIDE
        if type_ == "float" and valeur.is_integer() and abs(valeur) < 1e16:
            return int(valeur)
        return valeur
    if type_ == "date":
        try:
            return pd.Timestamp(cellule.get(_OFFICE + "date-value"))
        except (TypeError, ValueError, OverflowError):
            return _texte_ods(cellule, bornes) or VIDE
    if type_ == "boolean":
        return cellule.get(_OFFICE + "boolean-value", "").lower() == "true"
    texte = _texte_ods(cellule, bornes)
    if texte == "#N/A":
        return VIDE
    return texte if texte != "" else VIDE


def _feuilles_ods(chemin, bornes: _Bornes) -> list[Feuille]:
    feuilles: list[Feuille] = []
    with zipfile.ZipFile(chemin) as archive, archive.open("content.xml") as contenu:
        pile = []
        feuille = None
        numero = 0  # numéro de la dernière ligne lue dans la feuille
        cellules: list = []
        colonne = 0  # colonnes déjà lues dans la ligne
        for evenement, element in ElementTree.iterparse(contenu, events=("start", "end")):
            balise = element.tag
            if evenement == "start":
                pile.append(element)
                if balise == _TABLE + "table":
                    feuille = Feuille(element.get(_TABLE + "name", f"Feuille {len(feuilles) + 1}"))
                    numero = 0
                elif balise == _TABLE + "table-row":
                    cellules, colonne = [], 0
                continue
            pile.pop()
            if balise in _CELLULES and feuille is not None:
                repetition = _repetition(element, "number-columns-repeated")
                valeur = _valeur_ods(element, bornes)
                if not (isinstance(valeur, float) and math.isnan(valeur)):
                    bornes.colonne(colonne + repetition, feuille.nom, numero + 1)
                    cellules.extend([VIDE] * (colonne - len(cellules)))
                    cellules.extend([valeur] * repetition)
                colonne += repetition
                _detacher(pile, element)
            elif balise == _TABLE + "table-row" and feuille is not None:
                repetition = _repetition(element, "number-rows-repeated")
                if cellules:
                    bornes.lignes(feuille, len(cellules), repetition)
                    feuille.lignes.extend((numero + k + 1, cellules) for k in range(repetition))
                numero += repetition
                _detacher(pile, element)
            elif balise == _TABLE + "table" and feuille is not None:
                feuilles.append(feuille)
                feuille = None
                _detacher(pile, element)
    return feuilles


def _detacher(pile: list, element) -> None:
    """Retire de son parent un élément lu, pour que la mémoire ne garde pas tout l'arbre."""
    if pile:
        try:
            pile[-1].remove(element)
        except ValueError:
            pass


def est_date(valeur) -> bool:
    """Vrai pour une cellule de date d'un classeur (datetime, date ou Timestamp)."""
    return isinstance(valeur, (dt.date, pd.Timestamp))
