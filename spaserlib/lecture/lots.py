"""Regrouper les lignes d'un tableur de marchés (une par lot et par titulaire) en contrats (les DECP ont leur propre regroupement : `spaserlib.lecture.regroupement`).

La règle (un contrat compte une fois) est décrite dans `spaserlib.lecture.fichiers` ; elle est appliquée
ici sur une table de lignes déjà lues et contrôlées, avec une colonne `_ligne` (numéro de ligne du
tableur) pour situer les avertissements.
"""

from __future__ import annotations

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


def _joindre(valeurs: pd.Series) -> str | None:
    vues = list(dict.fromkeys(v for v in valeurs if isinstance(v, str) and v))
    return "; ".join(vues) if vues else None


def _premier(valeurs: pd.Series):
    non_vides = valeurs.dropna()
    return non_vides.iloc[0] if len(non_vides) else None


def _considerations(valeurs: pd.Series, cote: str) -> tuple[pd.Series, pd.Series]:
    """(texte DECP normalisé, booléen à trois états) par contrat : inconnu reste NA, jamais « non »."""
    paires = [considerations(v if isinstance(v, str) and v.strip() else None, cote) for v in valeurs]
    textes = pd.Series([t for t, _ in paires], index=valeurs.index, dtype="str")
    booleens = pd.Series([b for _, b in paires], index=valeurs.index, dtype="boolean")
    return textes, booleens


def regrouper_lots(lignes: pd.DataFrame, collecte: Collecte, sources: dict[str, str] | None = None) -> pd.DataFrame:
    """Un contrat par (acheteur_id, id) : montants des lots sommés, co-titulaires d'un lot comptés une fois.

    `sources` : colonne canonique -> nom de la colonne dans le fichier, pour situer les avertissements.
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
    cle_contrat = ["_acheteur", "id"]
    _signaler_desaccords(lignes, collecte, sources.get("montant_ht", "montant_ht"))
    _signaler_identifiants_ambigus(lignes, collecte, sources.get("id", "id"))
    montants_lots = lignes.groupby(cle_contrat + ["_lot"], sort=False, dropna=False)["montant_ht"].max()
    montants = montants_lots.groupby(level=[0, 1], sort=False).sum(min_count=1)
    groupes = lignes.groupby(cle_contrat, sort=False, dropna=False)
    contrats = groupes.agg(
        acheteur_id=("acheteur_id", _premier),
        objet=("objet", _premier),
        cpv=("cpv", _premier),
        famille=("famille", _premier),
        nature=("nature", _premier),
        procedure=("procedure", _premier),
        date_notification=("date_notification", "min"),
        duree_mois=("duree_mois", "max"),
        titulaires=("titulaires", _joindre),
        titulaires_ids=("titulaires_ids", _joindre),
        considerations_sociales=("considerations_sociales", _premier),
        considerations_environnementales=("considerations_environnementales", _premier),
    )
    contrats["montant_ht"] = montants.reindex(contrats.index).astype("float64")
    contrats = contrats.reset_index(level="id").reset_index(drop=True)
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
