"""La cartographie des achats d'un coup : Pareto, Kraljic, enjeux, stratégies, figures, fichiers.

`cartographier` calcule tout en mémoire (aucune écriture : une erreur ne laisse pas de fichiers à
moitié faits) ; `ecrire_cartographie` écrit les tables en CSV et en un classeur XLSX (une feuille
chacune) et les figures en PNG, chaque fichier d'un bloc (fichier temporaire du même dossier puis
`os.replace`).

Les CSV sont en UTF-8 avec BOM, séparateur « ; » et virgule décimale : Excel en français les
ouvre d'un double-clic avec les accents et les nombres justes. Les sorties sont sûres à ouvrir
(`spaserlib.commun.tableur`) : un nom de fournisseur ou un objet qui commence par « = », « + »,
« - » ou « @ » est un texte dans le classeur et reçoit une apostrophe en tête dans les CSV ; les
caractères de contrôle sont retirés.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from spaserlib.commun.ecriture import ecrire_d_un_bloc
from spaserlib.commun.tableur import classeur_sur, ecrire_csv, table_sure
from spaserlib.analyse.enjeux import classer_enjeux
from spaserlib.commun.erreurs import ErreurParametre
from spaserlib.documents.figures import figure_kraljic, figure_pareto
from spaserlib.analyse.kraljic import (
    GRILLE_PAR_DEFAUT,
    appliquer_surcharges,
    nomenclature_par_defaut,
    noter_familles,
    table_grille,
)
from spaserlib.analyse.pareto import SEUILS_PAR_DEFAUT, classer_pareto, phrase_pareto
from spaserlib.analyse.strategies import AVERTISSEMENT, leviers_en_texte, pratiques_en_texte, table_strategies

# nom de fichier -> nom de feuille XLSX (31 caractères au plus)
FEUILLES = {
    "pareto_fournisseurs": "Pareto fournisseurs",
    "pareto_familles": "Pareto familles",
    "kraljic": "Kraljic",
    "grille_kraljic": "Grille Kraljic",
    "enjeux": "Enjeux",
    "strategies": "Stratégies",
}


@dataclass
class Cartographie:
    """Les tables et figures de la cartographie, prêtes à montrer ou à écrire."""

    tables: dict[str, pd.DataFrame]
    figures: dict[str, Figure]
    phrases: dict[str, str] = field(default_factory=dict)
    periode: str = ""  # « en 2025 », « sur 2023-2025 » : écrite à côté de chaque chiffre


def cartographier(
    achats: pd.DataFrame,
    familles: pd.DataFrame | None = None,
    marches: pd.DataFrame | None = None,
    *,
    seuils=SEUILS_PAR_DEFAUT,
    debut=None,
    fin=None,
    grille=GRILLE_PAR_DEFAUT,
    criteres_manuels=None,
    surcharges: pd.DataFrame | None = None,
    max_barres: int = 30,
    etiquettes: int = 12,
) -> Cartographie:
    """Calcule la cartographie complète des achats (période debut–fin, bornes comprises).

    Les marchés sont facultatifs ; une table vide compte comme absente. `criteres_manuels` : notes
    saisies à la main (voir `noter_familles`) ; `surcharges` : table famille, impact, risque,
    quadrant, motif (voir `appliquer_surcharges`). Rien n'est écrit.
    """
    if achats is None or len(achats) == 0:
        raise ErreurParametre(
            "Aucune ligne d'achat : la cartographie (Pareto, Kraljic) se calcule sur les dépenses. "
            "Ajoutez l'export des mandats ou des factures de l'organisation."
        )
    familles = nomenclature_par_defaut(familles)
    pareto_fournisseurs = classer_pareto(achats, "fournisseur", seuils=seuils, debut=debut, fin=fin)
    pareto_familles = classer_pareto(achats, "famille", seuils=seuils, debut=debut, fin=fin)
    periode = _periode(achats, debut, fin)
    kraljic = noter_familles(periode, familles, grille=grille, criteres_manuels=criteres_manuels)
    if surcharges is not None and len(surcharges):
        kraljic = appliquer_surcharges(kraljic, surcharges)
    kraljic = kraljic.assign(
        pratique_publique=kraljic["quadrant"].map(pratiques_en_texte),
        leviers_responsables=kraljic["quadrant"].map(leviers_en_texte),
    )
    marches = None if marches is None or len(marches) == 0 else marches
    enjeux = classer_enjeux(periode, familles, marches)
    tables = {
        "pareto_fournisseurs": pareto_fournisseurs,
        "pareto_familles": pareto_familles,
        "kraljic": kraljic,
        "grille_kraljic": table_grille(grille),
        "enjeux": enjeux,
        "strategies": table_strategies(),
    }
    figures = {
        "pareto_fournisseurs": figure_pareto(pareto_fournisseurs, max_barres=max_barres),
        "pareto_familles": figure_pareto(pareto_familles, max_barres=max_barres,
                                         libelles=dict(zip(familles["code"], familles["libelle"]))
                                         if "libelle" in familles.columns else None),
        "kraljic": figure_kraljic(kraljic, etiquettes=etiquettes),
    }
    phrases = {
        "fournisseurs": phrase_pareto(pareto_fournisseurs),
        "familles": phrase_pareto(pareto_familles),
    }
    return Cartographie(tables=tables, figures=figures, phrases=phrases,
                        periode=pareto_fournisseurs.attrs.get("periode", ""))


TITULAIRE_ABSENT = "(titulaire non renseigné)"


def achats_depuis_marches(marches: pd.DataFrame) -> pd.DataFrame:
    """Une table d'achats approchée à partir des marchés, quand l'organisation n'a pas de dépenses.

    Une ligne par marché : montant = montant HT notifié (ou courant après modifications), non la
    dépense réellement payée ; fournisseur = le premier titulaire listé (le mandataire d'un
    groupement, d'ordinaire) ; date = date de notification. C'est une approximation, à annoncer
    comme telle : un accord-cadre notifié pour son maximum surestime la dépense.
    """
    for colonne in ("montant_ht", "famille"):
        if colonne not in marches.columns:
            raise ErreurParametre(f"La table des marchés n'a pas de colonne « {colonne} » : impossible d'en tirer des achats.")
    titulaires = marches["titulaires"] if "titulaires" in marches.columns else pd.Series(pd.NA, index=marches.index)
    premier = titulaires.astype("str").str.split(";").str[0].str.strip()
    premier = premier.where(premier.notna() & (premier != ""), TITULAIRE_ABSENT)
    return pd.DataFrame(
        {
            "date": marches["date_notification"] if "date_notification" in marches.columns else pd.NaT,
            "fournisseur": premier,
            "famille": marches["famille"],
            "cpv": marches["cpv"] if "cpv" in marches.columns else pd.NA,
            "montant_ht": pd.to_numeric(marches["montant_ht"], errors="coerce"),
            "objet": marches["objet"] if "objet" in marches.columns else pd.NA,
            "marche_id": marches["id"] if "id" in marches.columns else pd.NA,
        }
    ).dropna(subset=["montant_ht"])


def _periode(achats: pd.DataFrame, debut, fin) -> pd.DataFrame:
    if debut is None and fin is None:
        return achats
    dates = pd.to_datetime(achats["date"])
    garder = pd.Series(True, index=achats.index)
    if debut is not None:
        garder &= dates >= pd.Timestamp(debut)
    if fin is not None:
        garder &= dates <= pd.Timestamp(fin)
    return achats[garder]


def _pour_tableur(table: pd.DataFrame) -> pd.DataFrame:
    """Booléens en « oui » / « non » (un tableur français ne lit pas True / False) ; montants
    arrondis au centime, autres nombres à 6 décimales (pas de 6290240,879999999)."""
    copie = table.copy()
    for colonne in copie.columns:
        if copie[colonne].dtype == bool or str(copie[colonne].dtype) == "boolean":
            copie[colonne] = copie[colonne].map({True: "oui", False: "non"})
        elif pd.api.types.is_float_dtype(copie[colonne]):
            copie[colonne] = copie[colonne].round(2 if "montant" in colonne else 6)
    return copie


def _notes(remarque: str | None = None, periode: str = "") -> pd.DataFrame:
    lignes = [("Période", f"Dépenses {periode} : les tables Pareto, Kraljic et Enjeux portent sur cette période.")] if periode else []
    lignes += [("Données", remarque)] if remarque else []
    lignes += [
        ("Pareto", "Un élément est classé d'après la part cumulée AVANT lui : A si elle est inférieure au seuil A, "
                   "B si elle est inférieure au seuil B, C sinon. L'élément qui franchit le seuil A est donc en A. "
                   "Des montants égaux reçoivent la même classe. Les montants nets nuls ou négatifs sont hors classement."),
        ("Kraljic", "Grille de notation : convention pédagogique du kit (aucune grille officielle n'existe pour le "
                    "secteur public). Chaque critère est noté de 1 à 4 ; un axe est « élevé » si son score est "
                    "supérieur ou égal à 2,5. Les colonnes quadrant_calcule et quadrant diffèrent quand une "
                    "surcharge motivée a été faite."),
        ("Stratégies", AVERTISSEMENT),
        ("Enjeux", "Indice = part de la dépense × enjeu / 4 × (1 − part des marchés de la famille ayant déjà une "
                   "considération), pour chaque axe, puis somme. Les marchés dont la considération est inconnue sont "
                   "comptés à part."),
        ("Fichiers CSV", "UTF-8 avec BOM, séparateur « ; », virgule décimale : pour Excel en français. Un texte qui "
                         "commence par « = », « + », « - » ou « @ » y reçoit une apostrophe en tête, pour qu'aucun "
                         "tableur ne le prenne pour une formule."),
    ]
    return pd.DataFrame(lignes, columns=["sujet", "note"])


def ecrire_cartographie(cartographie: Cartographie, dossier, *, dpi: int = 150, remarque: str | None = None) -> list[Path]:
    """Écrit les CSV, le classeur `cartographie.xlsx` et les PNG dans `dossier` (créé au besoin).

    `remarque` (par exemple « analyse faite sur les marchés faute de dépenses ») s'ajoute en tête
    de la feuille « À lire ». Renvoie la liste des fichiers écrits.
    """
    dossier = Path(dossier)
    dossier.mkdir(parents=True, exist_ok=True)
    ecrits = []
    for nom, table in cartographie.tables.items():
        ecrits.append(ecrire_csv(_pour_tableur(table), dossier / f"{nom}.csv"))

    def classeur(temporaire):
        with pd.ExcelWriter(temporaire, engine="openpyxl") as ecrivain:
            table_sure(_notes(remarque, cartographie.periode), "xlsx").to_excel(ecrivain, sheet_name="À lire", index=False)
            for nom, table in cartographie.tables.items():
                table_sure(_pour_tableur(table), "xlsx").to_excel(ecrivain, sheet_name=FEUILLES.get(nom, nom[:31]), index=False)
            classeur_sur(ecrivain.book)  # avant l'enregistrement, à la sortie du bloc

    chemin = dossier / "cartographie.xlsx"
    ecrire_d_un_bloc(chemin, classeur)
    ecrits.append(chemin)
    for nom, figure in cartographie.figures.items():
        chemin = dossier / f"{nom}.png"
        ecrire_d_un_bloc(chemin, lambda t, fig=figure: fig.savefig(t, dpi=dpi, format="png"))
        ecrits.append(chemin)
    return ecrits
