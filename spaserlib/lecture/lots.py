"""Regrouper les lignes d'un tableur de marchés (une par lot et par titulaire) en contrats (les DECP ont leur propre regroupement : `spaserlib.lecture.regroupement`).

La règle (un contrat compte une fois) est décrite dans `spaserlib.lecture.fichiers` ; elle est appliquée
ici sur une table de lignes déjà lues et contrôlées, avec une colonne `_ligne` (numéro de ligne du
tableur) pour situer les avertissements.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from spaserlib.lecture.controles import Collecte
from spaserlib.commun.erreurs import AVERTISSEMENT, Probleme
from spaserlib.lecture.considerations import ENVIRONNEMENTALE, SOCIALE, considerations

# Valeurs de « numéro de lot » qui veulent dire « pas de lot » dans les exports.
LOT_ABSENT = {"", "none", "nan", "null", "num_lot_vide", "numlotvide", "sans objet", "0", "-"}


def cle_de_lot(lot: pd.Series, objet: pd.Series) -> pd.Series:
    """Clé d'un lot dans son contrat : le numéro sans zéros de tête (« 01 » = « 1 ») ; sans numéro
    de lot, l'objet de la ligne (deux objets différents sont deux lots)."""
    texte = lot.fillna("").astype("str").str.strip()
    absent = texte.str.lower().isin(LOT_ABSENT)
    numero = texte.str.lstrip("0").where(~absent, "")
    return ("lot:" + numero).where(~absent, "objet:" + objet.fillna("").astype("str"))


# Colonnes dont le contrat garde la première valeur non vide (dans l'ordre des lignes du tableur).
_PREMIERS = ["id", "acheteur_id", "objet", "cpv", "famille", "nature", "procedure",
             "considerations_sociales", "considerations_environnementales"]
_ORDRE = ["id", "acheteur_id", "objet", "cpv", "famille", "nature", "procedure", "date_notification", "duree_mois",
          "titulaires", "titulaires_ids", "considerations_sociales", "considerations_environnementales", "montant_ht"]


def _textes_non_vides(valeurs: pd.Series) -> np.ndarray:
    """Masque des cellules qui portent un texte non vide (les autres valeurs ne sont pas jointes)."""
    if isinstance(valeurs.dtype, pd.StringDtype):
        return (valeurs.notna() & (valeurs != "")).to_numpy(dtype=bool)
    return np.fromiter((isinstance(v, str) and v != "" for v in valeurs), dtype=bool, count=len(valeurs))


def _joindre_distincts(valeurs: pd.Series, contrat: np.ndarray, nombre: int) -> np.ndarray:
    """Par contrat, ses textes distincts dans l'ordre de leur première ligne, joints par « ; » (None s'il
    n'en a aucun) : dédoublonnage et concaténation vectorisés (`np.add.reduceat`)."""
    resultat = np.full(nombre, None, dtype=object)
    garder = _textes_non_vides(valeurs)
    if not garder.any():
        return resultat
    paires = pd.DataFrame({"contrat": contrat[garder], "texte": valeurs.to_numpy(dtype=object)[garder]})
    paires = paires.drop_duplicates()
    ordre = np.argsort(paires["contrat"].to_numpy(), kind="stable")
    codes = paires["contrat"].to_numpy()[ordre]
    textes = paires["texte"].to_numpy(dtype=object)[ordre]
    premiers = np.r_[True, codes[1:] != codes[:-1]]
    morceaux = np.where(premiers, textes, np.add("; ", textes, dtype=object))
    debuts = np.flatnonzero(premiers)
    resultat[codes[debuts]] = np.add.reduceat(morceaux.astype(object), debuts)
    return resultat


def _considerations(valeurs: pd.Series, cote: str) -> tuple[pd.Series, pd.Series]:
    """(texte DECP normalisé, booléen à trois états) par contrat : inconnu reste NA, jamais « non ».

    Chaque valeur distincte n'est analysée qu'une fois."""
    codes, uniques = pd.factorize(valeurs, use_na_sentinel=True)
    paires = [considerations(v if isinstance(v, str) and v.strip() else None, cote) for v in uniques]
    paires.append(considerations(None, cote))  # code -1 : valeur absente
    textes = np.array([t for t, _ in paires], dtype=object)[codes]
    booleens = np.array([b for _, b in paires], dtype=object)[codes]
    return (pd.Series(list(textes), index=valeurs.index, dtype="str"),
            pd.Series(list(booleens), index=valeurs.index, dtype="boolean"))


def regrouper_lots(lignes: pd.DataFrame, collecte: Collecte, sources: dict[str, str] | None = None) -> pd.DataFrame:
    """Un contrat par (acheteur_id, id) : montants des lots sommés, co-titulaires d'un lot comptés une fois.

    `sources` : colonne canonique -> nom de la colonne dans le fichier, pour situer les avertissements.
    Tout est calculé par opérations groupées de pandas et numpy (premier non vide, somme, minimum,
    maximum, jointure des textes distincts) : aucune fonction Python n'est appelée par contrat.
    """
    sources = sources or {}
    if lignes.empty:
        vide = lignes.drop(columns=["lot", "_ligne"]).iloc[0:0].copy()
        vide["consideration_sociale"] = pd.Series(dtype="boolean")
        vide["consideration_environnementale"] = pd.Series(dtype="boolean")
        return vide
    lignes = lignes.copy()
    lignes["_acheteur"] = lignes["acheteur_id"].fillna("")
    lignes["_lot"] = cle_de_lot(lignes["lot"], lignes["objet"])
    _signaler_desaccords(lignes, collecte, sources.get("montant_ht", "montant_ht"))
    _signaler_identifiants_ambigus(lignes, collecte, sources.get("id", "id"))
    # Numéro de chaque contrat, dans l'ordre de sa première ligne.
    contrat = lignes.groupby(["_acheteur", "id"], sort=False, dropna=False).ngroup().to_numpy()
    nombre = int(contrat.max()) + 1
    groupes = lignes.groupby(contrat, sort=True)
    contrats = groupes[_PREMIERS].first()
    contrats["date_notification"] = groupes["date_notification"].min()
    contrats["duree_mois"] = groupes["duree_mois"].max()
    for nom in ("titulaires", "titulaires_ids"):
        contrats[nom] = _joindre_distincts(lignes[nom], contrat, nombre)
    montants_lots = lignes.groupby([contrat, lignes["_lot"].to_numpy()], sort=False)["montant_ht"].max()
    montants = montants_lots.groupby(level=0).sum(min_count=1)
    contrats["montant_ht"] = montants.reindex(range(nombre)).to_numpy(dtype="float64")
    contrats = contrats[_ORDRE].reset_index(drop=True)
    for nom in ("id", "acheteur_id", "objet", "cpv", "famille", "nature", "procedure", "titulaires",
                "titulaires_ids", "considerations_sociales", "considerations_environnementales"):
        contrats[nom] = contrats[nom].astype("str").where(contrats[nom].notna(), pd.NA)
    contrats["considerations_sociales"], contrats["consideration_sociale"] = _considerations(
        contrats["considerations_sociales"], SOCIALE)
    contrats["considerations_environnementales"], contrats["consideration_environnementale"] = _considerations(
        contrats["considerations_environnementales"], ENVIRONNEMENTALE)
    return contrats


def _signaler_desaccords(lignes: pd.DataFrame, collecte: Collecte, colonne: str) -> None:
    """Les lignes d'un même lot qui ne portent pas le même montant (le plus grand est gardé)."""
    par_lot = lignes.groupby(["_acheteur", "id", "_lot"], sort=False)["montant_ht"].transform("nunique")
    for _, ligne in lignes[par_lot > 1].iterrows():
        collecte.problemes.append(Probleme(
            collecte.fichier, int(ligne["_ligne"]), colonne, f"{ligne['montant_ht']:g}",
            f"les lignes du lot « {ligne['_lot'].split(':', 1)[1] or '?'} » du marché « {ligne['id']} » n'ont pas "
            "le même montant : le plus grand est compté une fois pour le lot.",
            "Vérifiez le montant de chaque ligne de ce lot.", AVERTISSEMENT, "montants_differents_meme_lot"))


def _signaler_identifiants_ambigus(lignes: pd.DataFrame, collecte: Collecte, colonne: str) -> None:
    """Un identifiant qui couvre des objets différents sans numéro de lot : sans doute plusieurs contrats."""
    sans_lot = lignes["_lot"].str.startswith("objet:")
    if not sans_lot.any():
        return
    objets = lignes[sans_lot].groupby(["_acheteur", "id"], sort=False)["_lot"].transform("nunique")
    for _, ligne in lignes[sans_lot][objets > 1].iterrows():
        collecte.problemes.append(Probleme(
            collecte.fichier, int(ligne["_ligne"]), colonne, ligne["id"],
            f"l'identifiant « {ligne['id']} » couvre des lignes d'objets différents sans numéro de lot : elles "
            "sont regroupées en un seul contrat, dont le montant est leur somme.",
            "Vérifiez auprès du service qui publie les données s'il s'agit de contrats distincts.",
            AVERTISSEMENT, "identifiant_repete"))


__all__ = ["regrouper_lots", "cle_de_lot"]
