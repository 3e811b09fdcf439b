"""Le profil d'achats d'une organisation (module 1) : nature, familles, chiffres clés.

Complète `spaserlib.indicateurs` (dépense par année, par famille, par fournisseur) avec ce que le
module 1 du cours montre en plus :
- la dépense par **nature** (fournitures, services, travaux), d'après la nature de chaque famille de
  la nomenclature du kit ; une ligne dont la famille est vide ou inconnue de la nomenclature est
  comptée sous « (famille non renseignée) » ou « (famille inconnue) », jamais rangée au hasard ;
- la dépense par famille **avec son libellé et sa nature**, et le nombre de fournisseurs ;
- les **chiffres clés** d'une année : dépense nette, fournisseurs, lignes, marchés notifiés.
Montants nets : les avoirs (montants négatifs) sont déduits.
"""

from __future__ import annotations

import pandas as pd

from spaserlib.erreurs import ErreurParametre
from spaserlib.format_fr import euros, euros_courts, nombre, pourcentage
from spaserlib.indicateurs import Indicateur
from spaserlib.nomenclature import familles

NON_RENSEIGNEE = "(famille non renseignée)"
INCONNUE = "(famille inconnue)"


def _annees(serie: pd.Series) -> pd.Series:
    return pd.to_datetime(serie, errors="coerce").dt.year.dropna().astype(int)


def annee_par_defaut(achats: pd.DataFrame, marches: pd.DataFrame) -> int | None:
    """La dernière année civile complète des données : la plus récente qui a des dépenses en décembre.

    À défaut (données arrêtées en cours d'année), l'année précédant la plus récente quand elle
    existe, sinon la plus récente. Sans dépenses, l'année de notification la plus récente des
    marchés. None si les données n'ont aucune date.
    """
    dates = pd.to_datetime(achats["date"], errors="coerce").dropna() if "date" in achats else pd.Series(dtype="datetime64[ns]")
    if not dates.empty:
        annees = sorted(set(dates.dt.year.astype(int)))
        completes = sorted(set(dates[dates.dt.month == 12].dt.year.astype(int)))
        if completes:
            return completes[-1]
        return annees[-2] if len(annees) > 1 else annees[-1]
    if "date_notification" in marches:
        annees = _annees(marches["date_notification"])
        if not annees.empty:
            return int(annees.max())
    return None


def _de_l_annee(table: pd.DataFrame, colonne: str, annee: int | None) -> pd.DataFrame:
    if annee is None:
        return table
    if colonne not in table.columns:
        raise ErreurParametre(f"La colonne « {colonne} » manque : impossible de retenir l'année {annee}.")
    return table[(pd.to_datetime(table[colonne], errors="coerce").dt.year == annee).to_numpy()]


def _periode(annee: int | None) -> str:
    return f"en {annee}" if annee is not None else "sur toute la période"


def _familles_connues(achats: pd.DataFrame) -> pd.DataFrame:
    """Les lignes d'achat avec le code, le libellé et la nature de leur famille."""
    reference = familles().set_index("code")
    codes = achats["famille"].astype("string").str.strip() if "famille" in achats else pd.Series(pd.NA, index=achats.index, dtype="string")
    connue = codes.isin(reference.index).fillna(False).astype(bool)
    vide = codes.isna() | (codes == "")
    libelle = codes.map(reference["libelle"]).where(connue, pd.NA)
    nature = codes.map(reference["type"]).where(connue, pd.NA)
    libelle = libelle.mask(vide, NON_RENSEIGNEE).mask(~vide & ~connue, INCONNUE)
    nature = nature.mask(vide, NON_RENSEIGNEE).mask(~vide & ~connue, INCONNUE)
    return achats.assign(_code=codes.fillna(NON_RENSEIGNEE).mask(~vide & ~connue, codes),
                         _libelle=libelle, _nature=nature)


def depenses_par_nature(achats: pd.DataFrame, annee: int | None = None) -> Indicateur:
    """La dépense nette par nature (fournitures, services, travaux) de l'année (toutes si None)."""
    lignes = _familles_connues(_de_l_annee(achats, "date", annee))
    table = (lignes.groupby("_nature", sort=False)
             .agg(montant_ht=("montant_ht", "sum"), familles=("_code", "nunique"), lignes=("montant_ht", "size"))
             .sort_values("montant_ht", ascending=False).rename_axis("nature").reset_index())
    total = float(table["montant_ht"].sum())
    table["part"] = table["montant_ht"] / total if total > 0 else float("nan")
    table = table[["nature", "montant_ht", "part", "familles", "lignes"]]
    nom = "Dépense par nature"
    if table.empty:
        return Indicateur(nom, table, f"Aucune dépense {_periode(annee)}.")
    morceaux = [f"{ligne.nature} {pourcentage(ligne.part)} ({euros_courts(ligne.montant_ht)})" for ligne in table.itertuples()]
    phrase = f"{_periode(annee)[0].upper()}{_periode(annee)[1:]}, la dépense nette de {euros_courts(total)} HT se répartit ainsi : " + " ; ".join(morceaux) + "."
    return Indicateur(nom, table, phrase)


def depenses_par_famille_libellee(achats: pd.DataFrame, annee: int | None = None) -> Indicateur:
    """La dépense nette par famille, avec libellé, nature, nombre de fournisseurs et part du total."""
    lignes = _familles_connues(_de_l_annee(achats, "date", annee))
    table = (lignes.groupby(["_code", "_libelle", "_nature"], sort=False, dropna=False)
             .agg(montant_ht=("montant_ht", "sum"), fournisseurs=("fournisseur", "nunique"), lignes=("montant_ht", "size"))
             .reset_index().rename(columns={"_code": "famille", "_libelle": "libelle", "_nature": "nature"})
             .sort_values(["montant_ht", "famille"], ascending=[False, True], ignore_index=True))
    total = float(table["montant_ht"].sum())
    table["part"] = table["montant_ht"] / total if total > 0 else float("nan")
    table = table[["famille", "libelle", "nature", "montant_ht", "part", "fournisseurs", "lignes"]]
    nom = "Dépense par famille"
    if table.empty:
        return Indicateur(nom, table, f"Aucune dépense {_periode(annee)}.")
    premieres = table.head(5)
    phrase = (f"{_periode(annee)[0].upper()}{_periode(annee)[1:]}, {len(table)} familles ; les cinq premières "
              f"({', '.join(premieres['libelle'].astype(str))}) font {pourcentage(premieres['part'].sum())} de la dépense.")
    return Indicateur(nom, table, phrase)


def chiffres_cles(achats: pd.DataFrame, marches: pd.DataFrame, annee: int | None = None,
                  concessions: pd.DataFrame | None = None) -> pd.DataFrame:
    """Les chiffres clés d'une année (toutes si None) : une ligne par chiffre (« indicateur », « valeur » en texte).

    Les lignes sur les dépenses n'apparaissent que si `achats` a des lignes, celles sur les marchés
    que si `marches` en a.
    """
    lignes = []
    if achats is not None and not achats.empty:
        annees = pd.to_datetime(achats["date"], errors="coerce").dt.year
        a = _de_l_annee(achats, "date", annee)
        lignes += [
            ("Dépense nette (HT, avoirs déduits)", euros(a["montant_ht"].sum(), 0)),
            ("Fournisseurs payés", nombre(a["fournisseur"].nunique())),
            ("Lignes de dépenses", nombre(len(a))),
            ("Années couvertes par les dépenses", _intervalle(annees)),
        ]
    if marches is not None and not marches.empty:
        annees_m = pd.to_datetime(marches["date_notification"], errors="coerce").dt.year
        m = _de_l_annee(marches, "date_notification", annee)
        lignes += [
            ("Marchés notifiés", nombre(len(m))),
            ("Montant des marchés notifiés (HT)", euros(m["montant_ht"].sum(), 0)),
            ("Marchés, toutes années", nombre(len(marches))),
            ("Années de notification couvertes", _intervalle(annees_m)),
        ]
    if concessions is not None and not concessions.empty:
        lignes.append(("Contrats de concession, toutes années (comptés à part)", nombre(len(concessions))))
    return pd.DataFrame(lignes, columns=["indicateur", "valeur"])


def _intervalle(annees: pd.Series) -> str:
    annees = annees.dropna().astype(int)
    if annees.empty:
        return "—"
    debut, fin = int(annees.min()), int(annees.max())
    return str(debut) if debut == fin else f"{debut} à {fin}"
