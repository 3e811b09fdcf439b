"""Lecture brute d'un tableur (CSV, XLSX, ODS) : encodage, séparateur, ligne d'en-tête.

`lire_tableau` rend les cellules telles qu'écrites (chaînes pour un CSV ; nombres et dates déjà
typés pour un classeur), les noms de colonnes, et pour chaque ligne de données son numéro tel que
l'utilisateur le voit dans son tableur (préambule et en-tête comptés, à partir de 1). Le fichier
n'est ouvert qu'en lecture.

Ne sont pas des lignes de données, et sont comptées ou signalées (`Tableau.problemes`) :
- les lignes entièrement vides ;
- les lignes de total : leur première cellule remplie est un libellé de total (« Total »,
  « Total général », « Sous-total HT », « TOTAL : »… mais pas « TOTAL ENERGIES ») et aucune de leurs
  cellules n'est une date ; une dépense a une date, un total n'en a pas.

Un CSV dont une partie des lignes est en UTF-8 et une autre en Windows-1252 est lu ligne par
ligne, chacune dans son encodage, et chaque ligne de l'encodage minoritaire est signalée
(`encodages`).
Les limites (taille, colonnes, lignes) sont celles de `spaserlib.commun.limites` ; les classeurs
sont lus par `classeurs`, qui borne aussi leur taille décompressée.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from spaserlib.commun import limites
from spaserlib.commun.erreurs import AVERTISSEMENT, ErreurFichier, Probleme
from spaserlib.lecture.classeurs import Feuille, est_date, lire_feuilles
from spaserlib.lecture.colonnes import normaliser_nom, tous_les_alias
from spaserlib.lecture.encodages import (  # noqa: F401 (detecter_encodage : API)
    detecter_encodage,
    encodage_du_fichier,
    texte_mixte,
)

SEPARATEURS = [";", ",", "\t", "|"]
EXTENSIONS_TABLEUR = {".csv", ".txt", ".tsv", ".xlsx", ".xlsm", ".ods"}
EXTENSIONS_CLASSEUR = {".xlsx", ".xlsm", ".ods"}
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
    # Ce que la lecture a remarqué : lignes de total laissées de côté, lignes d'un autre encodage,
    # feuilles non lues, colonnes vides ignorées (avertissements).
    problemes: list[Probleme] = field(default_factory=list)


def verifier_chemin(chemin: Path) -> None:
    """Lève `ErreurFichier` si `chemin` n'est pas un fichier ordinaire qu'on peut lire."""
    if chemin.is_file():
        return
    if chemin.exists():
        raise ErreurFichier(
            str(chemin), "ce n'est pas un fichier ordinaire (dossier, tube nommé ou périphérique).",
            "Donnez le chemin d'un fichier CSV, XLSX, ODS ou JSON enregistré sur le disque.",
        )
    raise ErreurFichier(str(chemin), "fichier introuvable.", "Vérifiez le chemin et le nom du fichier.")


# --- En-tête d'un CSV --------------------------------------------------------------------------------

def _debut_du_texte(flux, fichier: str) -> list[str]:
    """Les `LIGNES_EXAMINEES` premières lignes ; une ligne démesurée arrête la lecture."""
    lignes = []
    for numero in range(1, LIGNES_EXAMINEES + 1):
        ligne = flux.readline(limites.LIGNE_CARACTERES_MAX + 1)
        if not ligne:
            break
        if len(ligne) > limites.LIGNE_CARACTERES_MAX:
            raise ErreurFichier(
                fichier, f"la ligne {numero} fait plus de {limites.en_clair(limites.LIGNE_CARACTERES_MAX, 'caractères')} : "
                "ce n'est pas un tableau que le kit peut lire (c'est sa limite).",
                "Vérifiez qu'il s'agit bien d'un export CSV ; sinon, ouvrez-le dans un tableur et enregistrez-le en CSV.",
            )
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


def _utiles(cellules: list[str]) -> list[str]:
    """Les cellules jusqu'à la dernière non vide (un export Excel ajoute parfois des milliers de « ; »)."""
    fin = len(cellules)
    while fin and not cellules[fin - 1].strip():
        fin -= 1
    return cellules[:fin]


def _trop_de_colonnes(fichier: str, nombre: int, ligne: int) -> ErreurFichier:
    return ErreurFichier(
        fichier, f"la ligne {ligne} a {limites.en_clair(nombre, 'cellules')} : le kit lit au plus "
        f"{limites.en_clair(limites.COLONNES_MAX, 'colonnes')}.",
        "Gardez seulement les colonnes utiles (date, fournisseur, montant…), puis enregistrez à nouveau.",
    )


def trouver_entete_csv(lignes: list[str], fichier: str = "") -> tuple[int, str]:
    """(index à partir de 0 de la ligne d'en-tête, séparateur) : la première ligne qui nomme au moins
    deux colonnes connues ; à égalité, le séparateur qui en reconnaît le plus. Une ligne de plus de
    `limites.COLONNES_MAX` cellules n'est pas un en-tête ; si aucune ligne ne l'est, `ErreurFichier`
    le dit (sinon `LookupError`)."""
    trop = None
    for i, ligne in enumerate(lignes):
        decoupages = {}
        for sep in SEPARATEURS:
            cellules = _cellules(ligne, sep)
            decoupages[sep] = _utiles(cellules) if len(cellules) > limites.COLONNES_MAX else cellules
        plus_large = max(len(c) for c in decoupages.values())
        if plus_large > limites.COLONNES_MAX:  # une ligne de trop de cellules n'est pas un en-tête
            trop = trop or (plus_large, i + 1)
            continue
        meilleur, _, sep = max((score_entete(c), -rang, sep) for rang, (sep, c) in enumerate(decoupages.items()))
        if meilleur >= 2:
            return i, sep
    if trop:
        raise _trop_de_colonnes(fichier, *trop)
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
    taille = chemin.stat().st_size
    if taille > limites.CSV_OCTETS_MAX:
        raise ErreurFichier(
            fichier, f"le fichier fait {limites.en_clair(taille, 'octets')}, au-delà de la limite du kit pour un CSV "
            f"({limites.en_clair(limites.CSV_OCTETS_MAX, 'octets')}).",
            "Découpez-le (une année ou un service par fichier) ou gardez seulement les lignes utiles.",
        )
    encodage, mixte = encodage_du_fichier(chemin)
    texte, problemes = texte_mixte(chemin, fichier) if mixte else (None, [])

    def source():
        return io.StringIO(texte) if mixte else open(chemin, encoding=encodage, errors="replace", newline="")

    with source() as flux:
        debut = _debut_du_texte(flux, fichier)
    if not any(ligne.strip() for ligne in debut):
        raise ErreurFichier(fichier, "le fichier est vide.", "Choisissez le fichier exporté qui contient les données.")
    try:
        index_entete, separateur = trouver_entete_csv(debut, fichier)
    except LookupError:
        raise _message_sans_entete(fichier) from None
    entetes = _cellules(debut[index_entete], separateur)
    colonnes = None
    if len(entetes) > limites.COLONNES_MAX:
        entetes = _utiles(entetes)
        colonnes = list(range(len(entetes)))
        problemes.append(Probleme(
            fichier, index_entete + 1, None, None,
            f"l'en-tête est suivi de colonnes vides jusqu'à la colonne "
            f"{limites.en_clair(len(_cellules(debut[index_entete], separateur)))} ; seules les {len(entetes)} "
            "premières colonnes, qui ont un titre, sont lues.",
            "Supprimez les colonnes vides à droite du tableau avant l'export.", AVERTISSEMENT, "colonnes_vides_ignorees"))
    try:
        donnees = pd.read_csv(
            io.StringIO(texte) if mixte else chemin, sep=separateur, dtype=_types_csv(entetes, set(colonnes_entieres)),
            na_filter=False, skiprows=index_entete, skip_blank_lines=False, engine="c", usecols=colonnes,
            nrows=limites.LIGNES_MAX + 1, **({} if mixte else {"encoding": encodage, "encoding_errors": "strict"}),
        )
    except pd.errors.ParserError as erreur:
        raise _erreur_de_structure(fichier, str(erreur)) from None
    except (UnicodeDecodeError, ValueError, csv.Error) as erreur:
        raise ErreurFichier(
            fichier, f"le fichier ne peut pas être lu comme un tableau ({type(erreur).__name__}).",
            "Ouvrez-le dans un tableur et enregistrez-le en CSV (séparateur « ; », UTF-8) ou en XLSX.",
        ) from None
    if len(donnees) > limites.LIGNES_MAX:
        raise _trop_de_lignes(fichier)
    if not isinstance(donnees.index, pd.RangeIndex):
        # pandas prend la première colonne comme index quand la première ligne de données a une
        # cellule de plus que l'en-tête : c'est une ligne mal formée, pas un index.
        n = len(donnees.columns)
        raise _erreur_de_structure(fichier, f"Expected {n} fields in line {index_entete + 2}, saw {n + 1}")
    donnees.columns = [str(c).strip() for c in donnees.columns]
    lignes = np.arange(len(donnees)) + index_entete + 2
    tableau = _sans_lignes_vides(fichier, donnees, lignes, index_entete + 1, encodage, separateur)
    tableau.problemes[:0] = problemes
    return tableau


def _trop_de_lignes(fichier: str) -> ErreurFichier:
    return ErreurFichier(
        fichier, f"le fichier a plus de {limites.en_clair(limites.LIGNES_MAX, 'lignes')} de données : "
        "c'est la limite du kit.",
        "Découpez-le (une année ou un service par fichier) ou gardez seulement les lignes utiles.",
    )


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


# --- Lignes vides et lignes de total -----------------------------------------------------------------

_TOTAL = re.compile(
    r"\s*(?:sous[\s-]*)?tota(?:l|ux)(?:\s*$|\s*[:(=\-–—]|\s+(?:g[ée]n[ée]ra(?:l|le|ux)\b|ht\b|h\.t|ttc\b|t\.t\.c"
    r"|hors\s+tax|des?\b|du\b|d'|annuel|mensuel|cumul|\d))",
    re.IGNORECASE,
)
_DATE_TEXTE = re.compile(r"\s*(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{1,2}-\d{1,2})")


def est_libelle_de_total(valeur) -> bool:
    """Vrai pour « Total », « Total général », « TOTAL HT », « Sous-total : »… ; faux pour « TOTAL ENERGIES »."""
    return isinstance(valeur, str) and _TOTAL.match(valeur) is not None


def _est_une_date(valeur) -> bool:
    return est_date(valeur) or (isinstance(valeur, str) and _DATE_TEXTE.match(valeur) is not None)


def _sans_lignes_vides(fichier, donnees, lignes, ligne_entete, encodage=None, separateur=None,
                       vides_hors_tableau: int = 0) -> Tableau:
    vides = _masque_lignes_vides(donnees)
    nombre = int(vides.sum())
    totaux, problemes = _lignes_de_total(fichier, donnees, lignes, vides)
    retirees = vides | totaux
    if retirees.any():
        donnees = donnees[~retirees].reset_index(drop=True)
        lignes = lignes[~retirees]
    return Tableau(fichier, donnees, lignes, ligne_entete, encodage, separateur, nombre + vides_hors_tableau, problemes)


def _cellules_vides(colonne: pd.Series) -> np.ndarray:
    if colonne.dtype == object:
        return np.array(colonne.isna() | (colonne.astype("str").str.strip() == ""), dtype=bool)
    if pd.api.types.is_string_dtype(colonne.dtype):  # colonne de CSV : jamais de NA (na_filter=False)
        return colonne.to_numpy(dtype=object) == ""
    return np.array(colonne.isna(), dtype=bool)


def _masque_lignes_vides(donnees: pd.DataFrame) -> np.ndarray:
    """Vrai pour les lignes dont toutes les cellules sont vides.

    Seules les lignes dont la première cellule est vide sont examinées plus loin : sur un grand
    fichier, c'est une comparaison au lieu d'une par colonne. Le masque est une copie modifiable
    (pandas rend des vues en lecture seule).
    """
    if not len(donnees.columns):
        return np.ones(len(donnees), dtype=bool)
    vides = _cellules_vides(donnees.iloc[:, 0]).copy()
    candidates = np.flatnonzero(vides)
    if len(candidates):
        reste = donnees.iloc[candidates, 1:]
        for nom in range(reste.shape[1]):
            vides[candidates] &= _cellules_vides(reste.iloc[:, nom])
    return vides


def _libelles(colonne: pd.Series) -> np.ndarray:
    """Masque des cellules qui sont un libellé de total (testé une fois par valeur distincte)."""
    if not (colonne.dtype == object or pd.api.types.is_string_dtype(colonne.dtype)):
        return np.zeros(len(colonne), dtype=bool)
    valeurs = [v for v in pd.unique(colonne) if est_libelle_de_total(v)]
    return np.asarray(colonne.isin(valeurs), dtype=bool) if valeurs else np.zeros(len(colonne), dtype=bool)


def _lignes_de_total(fichier, donnees: pd.DataFrame, lignes, vides: np.ndarray) -> tuple[np.ndarray, list[Probleme]]:
    """Masque des lignes de total, et un avertissement pour chacune (voir le module)."""
    totaux = np.zeros(len(donnees), dtype=bool)
    if not len(donnees.columns) or not len(donnees):
        return totaux, []
    colonne_du_libelle = np.full(len(donnees), -1)
    restantes = np.flatnonzero(~vides)  # lignes dont on cherche encore la première cellule remplie
    for j in range(len(donnees.columns)):
        if not len(restantes):
            break
        colonne = donnees.iloc[:, j] if len(restantes) == len(donnees) else donnees.iloc[restantes, j]
        remplies = ~_cellules_vides(colonne)
        libelles = _libelles(colonne) & remplies
        colonne_du_libelle[restantes[libelles]] = j
        restantes = restantes[~remplies]
    problemes = []
    for position in np.flatnonzero(colonne_du_libelle >= 0):
        rangee = donnees.iloc[position].tolist()
        if any(_est_une_date(v) for v in rangee):
            continue
        totaux[position] = True
        colonne = str(donnees.columns[colonne_du_libelle[position]])
        libelle = str(rangee[colonne_du_libelle[position]]).strip()
        problemes.append(Probleme(
            fichier, int(lignes[position]), colonne, libelle,
            "ligne de total : ce n'est pas une ligne de données, elle est laissée de côté.",
            "Rien à faire si c'est bien un total. Si c'est une vraie ligne, renommez cette cellule ou "
            "complétez la date de la ligne.", AVERTISSEMENT, "ligne_de_total"))
    return totaux, problemes


# --- Classeurs ---------------------------------------------------------------------------------------

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
    feuilles = lire_feuilles(chemin)
    for rang, feuille in enumerate(feuilles):
        for k, (numero, cellules) in enumerate(feuille.lignes):
            if numero > LIGNES_EXAMINEES:
                break
            if score_entete(cellules) >= 2:
                tableau = _classeur_depuis_entete(fichier, feuille, k)
                tableau.problemes[:0] = _feuilles_non_lues(fichier, feuilles, rang)
                return tableau
    raise _message_sans_entete(fichier)


def _feuilles_non_lues(fichier: str, feuilles: list[Feuille], rang: int) -> list[Probleme]:
    lue = feuilles[rang].nom
    return [Probleme(
        fichier, None, None, f.nom,
        f"la feuille « {f.nom} » n'est pas lue : le kit lit une feuille par fichier, ici « {lue} » "
        "(la première dont l'en-tête est reconnu).",
        "Si cette feuille contient aussi des données à analyser, enregistrez-la dans un fichier à part.",
        AVERTISSEMENT, "feuille_non_lue") for i, f in enumerate(feuilles) if i != rang and f.lignes]


def _classeur_depuis_entete(fichier: str, feuille: Feuille, k: int) -> Tableau:
    ligne_entete, cellules_entete = feuille.lignes[k]
    suite = feuille.lignes[k + 1:]
    largeur = max([len(cellules_entete), *(len(c) for _, c in suite)])
    entetes, vus = [], {}
    for j in range(largeur):
        valeur = cellules_entete[j] if j < len(cellules_entete) else None
        nom = (_cellule_en_texte(valeur) or f"Colonne {j + 1}").strip()
        if nom in vus:
            vus[nom] += 1
            nom = f"{nom}.{vus[nom]}"
        else:
            vus[nom] = 0
        entetes.append(nom)
    rangees = [c if len(c) == largeur else c + [np.nan] * (largeur - len(c)) for _, c in suite]
    donnees = pd.DataFrame(rangees, columns=entetes, dtype=object) if rangees else \
        pd.DataFrame({nom: pd.Series(dtype=object) for nom in entetes})
    lignes = np.array([numero for numero, _ in suite], dtype=np.int64)
    # Les lignes vides du classeur ne sont pas lues : on compte celles qui séparent les données.
    hors_tableau = int(lignes[-1] - ligne_entete - len(lignes)) if len(lignes) else 0
    return _sans_lignes_vides(fichier, donnees, lignes, ligne_entete, vides_hors_tableau=hors_tableau)


def lire_tableau(chemin, *, colonnes_entieres=()) -> Tableau:
    """Lit un CSV, un XLSX ou un ODS et trouve sa ligne d'en-tête.

    `colonnes_entieres` : noms normalisés (voir `colonnes.normaliser_nom`) des colonnes qu'un CSV
    peut livrer en entiers quand elles n'ont que des chiffres (SIRET, CPV : l'appelant rend leurs
    zéros de tête) ; toutes les autres sont lues en texte, telles qu'écrites.

    Lève `ErreurFichier` si le fichier manque, n'est pas un tableur, est vide, n'a pas d'en-tête
    reconnaissable ou dépasse une limite du kit (`spaserlib.commun.limites`).
    """
    chemin = Path(chemin)
    verifier_chemin(chemin)
    extension = chemin.suffix.lower()
    if extension in EXTENSIONS_CLASSEUR:
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
    if chemin.is_file() and chemin.suffix.lower() not in {*EXTENSIONS_CLASSEUR, ".xls"} \
            and chemin.stat().st_size <= limites.CSV_OCTETS_MAX:
        encodage, mixte = encodage_du_fichier(chemin)
        if mixte:
            debut = _debut_du_texte(io.StringIO(texte_mixte(chemin, str(chemin))[0]), str(chemin))
        else:
            with open(chemin, encoding=encodage, errors="replace", newline="") as flux:
                debut = _debut_du_texte(flux, str(chemin))
        try:
            index, separateur = trouver_entete_csv(debut, str(chemin))
        except LookupError:
            raise _message_sans_entete(str(chemin)) from None
        cellules = _cellules(debut[index], separateur)
        if len(cellules) > limites.COLONNES_MAX:
            cellules = _utiles(cellules)
        return [c.strip() for c in cellules]
    return list(lire_tableau(chemin).donnees.columns)
