"""L'organisation d'un rapport et ses chiffres clés (sommaire du rapport et diagnostic du SPASER).

`charger_organisation` lit un dossier d'organisation (profil + fichiers d'achats et/ou de marchés)
ou un fichier seul ; `chiffres_cles` calcule ce que le sommaire du rapport affiche : volumes par
année, obligation d'adopter un SPASER (estimation), nombre de fournisseurs et de contrats, part des
contrats avec des considérations sociales ou environnementales.

Lecture : par le module de lecture du kit quand il est présent (`spaserlib.lecture`), sinon par une
lecture simple des tables canoniques (CSV, XLSX, ODS aux colonnes de `spaserlib.tables`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from spaserlib.erreurs import ErreurFichier
from spaserlib.format_fr import euros_courts as euros, pourcentage  # noqa: F401 (réexportés pour les gabarits)

SEUIL_SPASER = 50_000_000  # D2111-3 CCP (décret n° 2022-767 du 2 mai 2022), depuis le 1er janvier 2023
EXTENSIONS = {".csv", ".xlsx", ".ods", ".json"}
PROFILS = ("profil.json", "profil.yaml", "profil.yml")


@dataclass
class Organisation:
    """Les données d'une organisation : nom, profil, tables achats et marchés (None si absentes)."""

    nom: str
    achats: pd.DataFrame | None
    marches: pd.DataFrame | None
    profil: dict = field(default_factory=dict)
    fichiers: list[Path] = field(default_factory=list)


def _lire_profil(dossier: Path) -> dict:
    for nom in PROFILS:
        chemin = dossier / nom
        if chemin.exists():
            texte = chemin.read_text(encoding="utf-8")
            if chemin.suffix == ".json":
                return json.loads(texte)
            import yaml

            return yaml.safe_load(texte) or {}
    return {}


def _lire_table(chemin: Path) -> pd.DataFrame:
    if chemin.suffix == ".csv":
        return pd.read_csv(chemin, sep=None, engine="python", encoding="utf-8-sig")
    if chemin.suffix in (".xlsx", ".ods"):
        return pd.read_excel(chemin)
    raise ErreurFichier(chemin, "format non lu sans le module de lecture du kit.", "Donnez un fichier CSV, XLSX ou ODS.")


def _genre(table: pd.DataFrame) -> str:
    return "marches" if {"date_notification", "titulaires"} & set(table.columns) else "achats"


def _lecture_simple(chemins: list[Path]) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
    tables: dict[str, list[pd.DataFrame]] = {"achats": [], "marches": []}
    for chemin in chemins:
        table = _lire_table(chemin)
        if "montant_ht" not in table.columns:
            raise ErreurFichier(
                chemin, "colonne « montant_ht » absente.", "Nommez la colonne des montants hors taxes « montant_ht »."
            )
        tables[_genre(table)].append(table)
    achats = pd.concat(tables["achats"], ignore_index=True) if tables["achats"] else None
    marches = pd.concat(tables["marches"], ignore_index=True) if tables["marches"] else None
    if achats is not None and "date" in achats:
        achats["date"] = pd.to_datetime(achats["date"], errors="coerce")
    if marches is not None and "date_notification" in marches:
        marches["date_notification"] = pd.to_datetime(marches["date_notification"], errors="coerce", utc=False)
    return achats, marches


def charger_organisation(donnees: str | Path, *, collectivite: str | None = None) -> Organisation:
    """Lit un dossier d'organisation ou un fichier seul.

    Lève ErreurFichier si le chemin n'existe pas ou ne contient aucun fichier de données.
    """
    donnees = Path(donnees)
    if not donnees.exists():
        raise ErreurFichier(donnees, "introuvable.", "Indiquez le dossier de l'organisation ou son fichier de données.")
    if donnees.is_dir():
        profil = _lire_profil(donnees)
        chemins = sorted(p for p in donnees.iterdir() if p.suffix.lower() in EXTENSIONS and p.name not in PROFILS)
    else:
        profil, chemins = {}, [donnees]
    if not chemins:
        raise ErreurFichier(
            donnees, "aucun fichier de données (CSV, XLSX, ODS, JSON).", "Ajoutez le fichier des achats ou des marchés."
        )
    achats, marches = _lecture_simple(chemins)
    nom = collectivite or profil.get("nom") or donnees.stem.replace("_", " ").replace("-", " ").capitalize()
    return Organisation(nom=str(nom), achats=achats, marches=marches, profil=profil, fichiers=chemins)


def volumes_par_annee(achats: pd.DataFrame | None) -> pd.DataFrame:
    """Montant HT, nombre de lignes et de fournisseurs par année civile (colonnes : annee, montant_ht,
    lignes, fournisseurs), dans l'ordre des années ; table vide sans achats datés."""
    colonnes = ["annee", "montant_ht", "lignes", "fournisseurs"]
    if achats is None or achats.empty or "date" not in achats:
        return pd.DataFrame(columns=colonnes)
    datees = achats.dropna(subset=["date"])
    if datees.empty:
        return pd.DataFrame(columns=colonnes)
    groupes = datees.groupby(datees["date"].dt.year)
    table = pd.DataFrame(
        {
            "montant_ht": groupes["montant_ht"].sum(),
            "lignes": groupes.size(),
            "fournisseurs": groupes["fournisseur"].nunique() if "fournisseur" in datees else 0,
        }
    )
    table.index.name = "annee"
    return table.reset_index()[colonnes].astype({"annee": int})


def annee_de_reference(achats: pd.DataFrame | None, annee: int | None = None) -> int | None:
    """L'année demandée, sinon la dernière année civile présente dans les achats."""
    if annee is not None:
        return int(annee)
    volumes = volumes_par_annee(achats)
    return int(volumes["annee"].max()) if not volumes.empty else None


def _part(serie: pd.Series) -> tuple[int, int]:
    """(contrats avec la considération, contrats dont on sait s'ils l'ont) ; l'inconnu n'est pas un non."""
    connue = serie.dropna()
    return int(connue.astype(bool).sum()), int(len(connue))


def chiffres_cles(organisation: Organisation, annee: int | None = None) -> dict:
    """Les chiffres du sommaire : année, volumes, fournisseurs, contrats, considérations, obligation SPASER.

    `obligation_spaser` vaut True/False selon que les achats de l'année de référence dépassent 50 M€ HT
    (D2111-3 CCP), None sans achats datés ; c'est une estimation à partir des dépenses présentes dans
    les données (les marchés de défense ou de sécurité, exclus du calcul légal, ne sont pas repérés).
    """
    achats, marches = organisation.achats, organisation.marches
    annee = annee_de_reference(achats, annee)
    volumes = volumes_par_annee(achats)
    montant_annee = None
    if annee is not None and not volumes.empty:
        ligne = volumes[volumes["annee"] == annee]
        montant_annee = float(ligne["montant_ht"].iloc[0]) if not ligne.empty else 0.0
    chiffres = {
        "annee": annee,
        "volumes": volumes,
        "montant_annee": montant_annee,
        "montant_total": float(achats["montant_ht"].sum()) if achats is not None else None,
        "fournisseurs": int(achats["fournisseur"].nunique()) if achats is not None and "fournisseur" in achats else None,
        "lignes_achats": len(achats) if achats is not None else 0,
        "contrats": len(marches) if marches is not None else None,
        "montant_contrats": float(marches["montant_ht"].sum()) if marches is not None else None,
        "obligation_spaser": None if montant_annee is None else montant_annee > SEUIL_SPASER,
        "seuil_spaser": SEUIL_SPASER,
    }
    for cle, colonne in (("sociale", "consideration_sociale"), ("environnementale", "consideration_environnementale")):
        if marches is not None and colonne in marches:
            avec, connus = _part(marches[colonne])
            chiffres[f"contrats_{cle}"] = avec
            chiffres[f"contrats_{cle}_connus"] = connus
            chiffres[f"part_{cle}"] = avec / connus if connus else None
        else:
            chiffres[f"contrats_{cle}"] = chiffres[f"contrats_{cle}_connus"] = chiffres[f"part_{cle}"] = None
    return chiffres
