"""Les chiffres clés d'une organisation (sommaire du rapport et diagnostic du SPASER).

`charger_organisation` lit un dossier d'organisation ou un fichier seul par le module de lecture
du kit (`spaserlib.organisation`) ; `chiffres_cles` calcule ce que le sommaire du rapport affiche :
volumes par année, obligation d'adopter un SPASER (estimation), nombre de fournisseurs et de
contrats, part des contrats avec des considérations sociales ou environnementales.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from spaserlib.format_fr import euros_courts as euros, pourcentage  # noqa: F401 (réexportés pour les gabarits)
from spaserlib.organisation import Organisation
from spaserlib.organisation import charger_organisation as _charger
from spaserlib.profil import annee_par_defaut

SEUIL_SPASER = 50_000_000  # D2111-3 CCP (décret n° 2022-767 du 2 mai 2022), depuis le 1er janvier 2023


def charger_organisation(donnees: str | Path, *, collectivite: str | None = None) -> Organisation:
    """Lit l'organisation (dossier ou fichier seul) ; `collectivite` remplace le nom du profil.

    Les lignes en erreur sont écartées par la lecture (et comptées dans `organisation.problemes`) ;
    lève ErreurFichier si un fichier est illisible, ErreurDonnees s'il ne reste aucune ligne utilisable.
    """
    from spaserlib.erreurs import ErreurDonnees

    organisation = _charger(donnees)
    if collectivite:
        organisation.nom = collectivite
    if len(organisation.achats) == 0 and len(organisation.marches) == 0 and organisation.a_des_erreurs:
        raise ErreurDonnees(organisation.problemes)
    return organisation


def fichiers_lus(organisation: Organisation) -> list[str]:
    """Les noms des fichiers lus pour l'organisation."""
    return [Path(lecture.fichier).name for lecture in organisation.lectures]


def _table(table: pd.DataFrame | None) -> pd.DataFrame | None:
    """Une table vide compte comme absente."""
    return None if table is None or len(table) == 0 else table


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
    """L'année demandée, sinon la dernière année civile complète des achats.

    Complète : la plus récente qui a des dépenses en décembre ; à défaut (données arrêtées en cours
    d'année), l'année précédant la plus récente quand elle existe, sinon la plus récente : la règle
    de `profil.annee_par_defaut`, celle des notebooks, pour que le sommaire et les pages parlent de la même année.
    """
    if annee is not None:
        return int(annee)
    if achats is None:
        return None
    return annee_par_defaut(achats, pd.DataFrame())


def _fournisseurs(achats: pd.DataFrame | None, annee: int | None) -> int | None:
    """Fournisseurs distincts de l'année (de toutes les années si elle est inconnue)."""
    if achats is None or "fournisseur" not in achats:
        return None
    if annee is not None and "date" in achats:
        achats = achats[pd.to_datetime(achats["date"], errors="coerce").dt.year == annee]
    return int(achats["fournisseur"].nunique())


def _part(serie: pd.Series) -> tuple[int, int]:
    """(contrats avec la considération, contrats dont on sait s'ils l'ont) ; l'inconnu n'est pas un non."""
    connue = serie.dropna()
    return int(connue.astype(bool).sum()), int(len(connue))


def chiffres_cles(organisation: Organisation, annee: int | None = None) -> dict:
    """Les chiffres du sommaire : année, volumes, fournisseurs, contrats, considérations, obligation SPASER.

    `obligation_spaser` vaut True/False selon que les dépenses de l'année de référence au sens de
    D2111-3 CCP (`spaserlib.obligations.depenses_marches` : hors marchés de défense ou de sécurité
    repérés et hors concessions) dépassent strictement le seuil (50 M€ HT depuis 2023), None sans
    achats datés ; c'est une estimation à partir des dépenses présentes dans les données.
    """
    achats, marches = _table(organisation.achats), _table(organisation.marches)
    annee = annee_de_reference(achats, annee if annee is not None else organisation.annee)
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
        "fournisseurs": _fournisseurs(achats, annee),
        "lignes_achats": len(achats) if achats is not None else 0,
        "contrats": len(marches) if marches is not None else None,
        "montant_contrats": float(marches["montant_ht"].sum()) if marches is not None else None,
        "obligation_spaser": None,
        "seuil_spaser": SEUIL_SPASER,
    }
    if montant_annee is not None:
        from spaserlib.obligations import depenses_marches, seuil_spaser

        seuil = seuil_spaser(f"{annee}-12-31")
        chiffres["seuil_spaser"] = seuil[0] if seuil else SEUIL_SPASER
        depenses = depenses_marches(achats, annee, marches, _table(getattr(organisation, "concessions", None)))
        chiffres["depenses_retenues"] = depenses["retenues"]
        chiffres["obligation_spaser"] = depenses["retenues"] > chiffres["seuil_spaser"]
    for cle, colonne in (("sociale", "consideration_sociale"), ("environnementale", "consideration_environnementale")):
        if marches is not None and colonne in marches:
            avec, connus = _part(marches[colonne])
            chiffres[f"contrats_{cle}"] = avec
            chiffres[f"contrats_{cle}_connus"] = connus
            chiffres[f"part_{cle}"] = avec / connus if connus else None
        else:
            chiffres[f"contrats_{cle}"] = chiffres[f"contrats_{cle}_connus"] = chiffres[f"part_{cle}"] = None
    return chiffres
