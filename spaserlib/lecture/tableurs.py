"""Lecture brute d'un tableur (CSV, XLSX, ODS) : encodage, séparateur, ligne d'en-tête.

`lire_tableau` rend les cellules telles qu'écrites (chaînes pour un CSV ; nombres et dates déjà
typés pour un classeur), les noms de colonnes, et pour chaque ligne de données son numéro tel que
l'utilisateur le voit dans son tableur (préambule et en-tête comptés, à partir de 1). Les lignes
entièrement vides ne sont pas des lignes de données. Le fichier n'est ouvert qu'en lecture.
"""

from __future__ import annotations

import codecs
import csv
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from spaserlib.lecture.colonnes import normaliser_nom, tous_les_alias
from spaserlib.commun.erreurs import ErreurFichier

SEPARATEURS = [";", ",", "\t", "|"]
EXTENSIONS_TABLEUR = {".csv", ".txt", ".tsv", ".xlsx", ".xlsm", ".ods"}
LIGNES_EXAMINEES = 30  # l'en-tête est cherché dans les 30 premières lignes


@dataclass
class Tableau:
    """Les données brutes d'un tableur, avant toute interprétation."""

    fichier: str
    donnees: pd.DataFrame  # une colonne par colonne du fichier, noms d'origine
    lignes: np.ndarray  # numéro de ligne du tableur pour chaque ligne de `donnees`
    ligne_entete: int  # numéro (à partir de 1) de la ligne d'en-tête
    encodage: str | None = None
    separateur: str | None = None
    lignes_vides: int = 0


def detecter_encodage(chemin: Path) -> str:
    """« utf-8-sig » si tout le fichier se décode en UTF-8 (BOM ou non), sinon « cp1252 ».

    Le fichier est décodé par blocs, sans être gardé en mémoire. cp1252 laisse cinq octets sans
    caractère : un fichier qui en contient n'est pas un texte lisible.
    """
    decodeur = codecs.getincrementaldecoder("utf-8")(errors="strict")
    try:
        with open(chemin, "rb") as f:
            while bloc := f.read(1 << 20):
                decodeur.decode(bloc)
            decodeur.decode(b"", final=True)
        return "utf-8-sig"
    except UnicodeDecodeError:
        return "cp1252"


def _debut_du_texte(chemin: Path, encodage: str) -> list[str]:
    with open(chemin, encoding=encodage, errors="replace", newline="") as f:
        lignes = []
        for _ in range(LIGNES_EXAMINEES):
            ligne = f.readline()
            if not ligne:
                break
            lignes.append(ligne.rstrip("\r\n"))
    return lignes


def score_entete(cellules) -> int:
    """Nombre de cellules qui sont des noms de colonnes connus."""
    connus = tous_les_alias()
    return sum(1 for c in cellules if isinstance(c, str) and normaliser_nom(c) in connus)


def _cellules(ligne: str, separateur: str) -> list[str]:
    try:
        return next(csv.reader([ligne], delimiter=separateur))
    except (csv.Error, StopIteration):
        return ligne.split(separateur)


def trouver_entete_csv(lignes: list[str]) -> tuple[int, str]:
    """(index à partir de 0 de la ligne d'en-tête, séparateur) : la première ligne qui nomme au moins
    deux colonnes connues ; à égalité, le séparateur qui en reconnaît le plus."""
    for i, ligne in enumerate(lignes):
        scores = [(score_entete(_cellules(ligne, sep)), -rang, sep) for rang, sep in enumerate(SEPARATEURS)]
        meilleur, _, sep = max(scores)
        if meilleur >= 2:
            return i, sep
    raise LookupError


def _message_sans_entete(fichier: str) -> ErreurFichier:
    return ErreurFichier(
        fichier,
        f"aucune ligne d'en-tête reconnue dans les {LIGNES_EXAMINEES} premières lignes.",
        "Vérifiez que le fichier a une ligne de titres de colonnes, par exemple « Date ; Fournisseur ; "
        "Montant HT » pour des dépenses ou « Identifiant ; Objet ; Montant ; Titulaire » pour des marchés.",
    )


def _types_csv(entetes: list[str], colonnes_entieres) -> dict | type:
    """Toutes les colonnes en texte, sauf celles que pandas peut lire comme des entiers (plus rapide)."""
    noms = [c.strip() for c in entetes]
    if not colonnes_entieres or len(set(noms)) != len(noms):
        return str
    return {nom: str for nom in noms if normaliser_nom(nom) not in colonnes_entieres}


def _lire_csv(chemin: Path, colonnes_entieres=()) -> Tableau:
    fichier = str(chemin)
    encodage = detecter_encodage(chemin)
    debut = _debut_du_texte(chemin, encodage)
    if not any(ligne.strip() for ligne in debut):
        raise ErreurFichier(fichier, "le fichier est vide.", "Choisissez le fichier exporté qui contient les données.")
    try:
        index_entete, separateur = trouver_entete_csv(debut)
    except LookupError:
        raise _message_sans_entete(fichier) from None
    try:
        types = _types_csv(_cellules(debut[index_entete], separateur), set(colonnes_entieres))
        donnees = pd.read_csv(
            chemin, sep=separateur, encoding=encodage, dtype=types, na_filter=False, skiprows=index_entete,
            skip_blank_lines=False, engine="c", encoding_errors="strict",
        )
    except pd.errors.ParserError as erreur:
        raise _erreur_de_structure(fichier, str(erreur)) from None
    except (UnicodeDecodeError, ValueError, csv.Error) as erreur:
        raise ErreurFichier(
            fichier, f"le fichier ne peut pas être lu comme un tableau ({type(erreur).__name__}).",
            "Ouvrez-le dans un tableur et enregistrez-le en CSV (séparateur « ; », UTF-8) ou en XLSX.",
        ) from None
    if not isinstance(donnees.index, pd.RangeIndex):
        # pandas prend la première colonne comme index quand la première ligne de données a une
        # cellule de plus que l'en-tête : c'est une ligne mal formée, pas un index.
        n = len(donnees.columns)
        raise _erreur_de_structure(fichier, f"Expected {n} fields in line {index_entete + 2}, saw {n + 1}")
    donnees.columns = [str(c).strip() for c in donnees.columns]
    lignes = np.arange(len(donnees)) + index_entete + 2
    return _sans_lignes_vides(fichier, donnees, lignes, index_entete + 1, encodage, separateur)


def _erreur_de_structure(fichier: str, texte: str) -> ErreurFichier:
    m = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", texte)
    if m:
        attendu, ligne, vu = (int(x) for x in m.groups())
        return ErreurFichier(
            fichier,
            f"ligne {ligne} : {vu} cellules au lieu des {attendu} de l'en-tête.",
            "Une cellule contient sans doute le séparateur sans guillemets, ou un point-virgule en trop : "
            "corrigez cette ligne, ou réexportez le fichier depuis le tableur.",
        )
    return ErreurFichier(
        fichier, "la structure du CSV est incohérente (guillemets non refermés ou lignes de longueurs différentes).",
        "Ouvrez-le dans un tableur et réenregistrez-le en CSV (séparateur « ; », UTF-8) ou en XLSX.",
    )


def _sans_lignes_vides(fichier, donnees, lignes, ligne_entete, encodage=None, separateur=None) -> Tableau:
    vides = _masque_lignes_vides(donnees)
    nombre = int(vides.sum())
    if nombre:
        donnees = donnees[~vides].reset_index(drop=True)
        lignes = lignes[~vides]
    return Tableau(fichier, donnees, lignes, ligne_entete, encodage, separateur, nombre)


def _cellules_vides(colonne: pd.Series) -> np.ndarray:
    if colonne.dtype == object:
        return (colonne.isna() | (colonne.astype("str").str.strip() == "")).to_numpy()
    if pd.api.types.is_string_dtype(colonne.dtype):  # colonne de CSV : jamais de NA (na_filter=False)
        return colonne.to_numpy(dtype=object) == ""
    return colonne.isna().to_numpy()


def _masque_lignes_vides(donnees: pd.DataFrame) -> np.ndarray:
    """Vrai pour les lignes dont toutes les cellules sont vides.

    Seules les lignes dont la première cellule est vide sont examinées plus loin : sur un grand
    fichier, c'est une comparaison au lieu d'une par colonne.
    """
    if not len(donnees.columns):
        return np.ones(len(donnees), dtype=bool)
    vides = _cellules_vides(donnees.iloc[:, 0])
    candidates = np.flatnonzero(vides)
    if len(candidates):
        reste = donnees.iloc[candidates, 1:]
        for nom in range(reste.shape[1]):
            vides[candidates] &= _cellules_vides(reste.iloc[:, nom])
    return vides


def _cellule_en_texte(valeur):
    """Cellule d'un classeur rendue comparable : dates en ISO, entiers sans « .0 »."""
    if valeur is None or (isinstance(valeur, float) and np.isnan(valeur)):
        return None
    if isinstance(valeur, pd.Timestamp) or hasattr(valeur, "isoformat"):
        return valeur.isoformat()
    if isinstance(valeur, float) and valeur.is_integer() and abs(valeur) < 1e16:
        return str(int(valeur))
    return str(valeur)


def _lire_classeur(chemin: Path) -> Tableau:
    fichier = str(chemin)
    moteur = "odf" if chemin.suffix.lower() == ".ods" else "openpyxl"
    try:
        feuilles = pd.read_excel(chemin, sheet_name=None, header=None, dtype=object, engine=moteur)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError, AttributeError, IndexError) as erreur:
        raise ErreurFichier(
            fichier, f"le classeur ne peut pas être ouvert ({type(erreur).__name__}).",
            "Vérifiez qu'il s'agit bien d'un fichier XLSX ou ODS non protégé par un mot de passe, "
            "ou enregistrez-le en CSV.",
        ) from None
    except Exception as erreur:  # les lecteurs de classeurs lèvent des erreurs très variées
        raise ErreurFichier(
            fichier, f"le classeur ne peut pas être lu ({type(erreur).__name__}).",
            "Ouvrez-le dans un tableur et enregistrez-le à nouveau en XLSX ou en CSV.",
        ) from None
    for brut in feuilles.values():
        for i in range(min(LIGNES_EXAMINEES, len(brut))):
            if score_entete(brut.iloc[i].tolist()) >= 2:
                return _classeur_depuis_entete(fichier, brut, i)
    raise _message_sans_entete(fichier)


def _classeur_depuis_entete(fichier: str, brut: pd.DataFrame, i: int) -> Tableau:
    entetes, vus = [], {}
    for j, valeur in enumerate(brut.iloc[i].tolist()):
        nom = _cellule_en_texte(valeur) or f"Colonne {j + 1}"
        nom = nom.strip()
        if nom in vus:
            vus[nom] += 1
            nom = f"{nom}.{vus[nom]}"
        else:
            vus[nom] = 0
        entetes.append(nom)
    donnees = brut.iloc[i + 1:].copy()
    donnees.columns = entetes
    donnees = donnees.reset_index(drop=True)
    # read_excel garde les lignes vides du classeur : l'index brut i correspond à la ligne i + 1.
    lignes = np.arange(len(donnees)) + i + 2
    return _sans_lignes_vides(fichier, donnees, lignes, i + 1)


def lire_tableau(chemin, *, colonnes_entieres=()) -> Tableau:
    """Lit un CSV, un XLSX ou un ODS et trouve sa ligne d'en-tête.

    `colonnes_entieres` : noms normalisés (voir `colonnes.normaliser_nom`) des colonnes qu'un CSV
    peut livrer en entiers quand elles n'ont que des chiffres (SIRET, CPV : l'appelant rend leurs
    zéros de tête) ; toutes les autres sont lues en texte, telles qu'écrites.

    Lève `ErreurFichier` si le fichier manque, n'est pas un tableur, est vide ou n'a pas d'en-tête
    reconnaissable.
    """
    chemin = Path(chemin)
    if not chemin.is_file():
        raise ErreurFichier(str(chemin), "fichier introuvable.", "Vérifiez le chemin et le nom du fichier.")
    extension = chemin.suffix.lower()
    if extension in {".xlsx", ".xlsm", ".ods"}:
        return _lire_classeur(chemin)
    if extension == ".xls":
        raise ErreurFichier(
            str(chemin), "le format XLS (Excel 97-2003) n'est pas lu par le kit.",
            "Ouvrez-le dans un tableur et enregistrez-le en XLSX ou en CSV.",
        )
    return _lire_csv(chemin, colonnes_entieres)


def lire_entetes(chemin) -> list[str]:
    """Les noms de colonnes d'un tableur (sa ligne d'en-tête), sans lire un CSV en entier."""
    chemin = Path(chemin)
    if chemin.is_file() and chemin.suffix.lower() not in {".xlsx", ".xlsm", ".ods", ".xls"}:
        debut = _debut_du_texte(chemin, detecter_encodage(chemin))
        try:
            index, separateur = trouver_entete_csv(debut)
        except LookupError:
            raise _message_sans_entete(str(chemin)) from None
        return [c.strip() for c in _cellules(debut[index], separateur)]
    return list(lire_tableau(chemin).donnees.columns)
