"""Le profil d'achats d'une organisation (module 1) : nature, familles, chiffres clés.

Complète `spaserlib.analyse.indicateurs` (dépense par année, par famille, par fournisseur) avec ce que le
module 1 du cours montre en plus :
- la dépense par **nature** (fournitures, services, travaux), d'après la nature de chaque famille de
  la nomenclature du kit ; une ligne dont la famille est vide ou inconnue de la nomenclature est
  comptée sous « (famille non renseignée) » ou « (famille inconnue) », jamais rangée au hasard ;
- la dépense par famille **avec son libellé et sa nature**, et le nombre de fournisseurs ;
- les **chiffres clés** d'une année (`chiffres_cles`), les mêmes dans le notebook, le sommaire du
  rapport et le projet de SPASER : dépense nette, fournisseurs, lignes, marchés notifiés, part des
  contrats avec des considérations, obligation d'adopter un SPASER (estimation) ; et les volumes par année.
Montants nets : les avoirs (montants négatifs) sont déduits.
"""

from __future__ import annotations

import pandas as pd

from spaserlib.commun.erreurs import ErreurParametre
from spaserlib.commun.format_fr import euros, euros_courts, nombre, pourcentage
from spaserlib.analyse.indicateurs import Indicateur
from spaserlib.commun.nomenclature import familles

SEUIL_SPASER = 50_000_000  # D2111-3 CCP (décret n° 2022-767 du 2 mai 2022), depuis le 1er janvier 2023
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


def de_l_annee(table: pd.DataFrame, colonne: str, annee: int | None) -> pd.DataFrame:
    """Les lignes de `table` dont la date `colonne` tombe dans l'année `annee` (toutes si None) : la seule
    règle de période du kit, partagée par les chiffres clés, les notebooks et le projet de SPASER."""
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
    lignes = _familles_connues(de_l_annee(achats, "date", annee))
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
    lignes = _familles_connues(de_l_annee(achats, "date", annee))
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


def volumes_par_annee(achats: pd.DataFrame | None) -> pd.DataFrame:
    """Montant HT, nombre de lignes et de fournisseurs par année civile (colonnes : annee, montant_ht,
    lignes, fournisseurs), dans l'ordre des années ; table vide sans achats datés."""
    colonnes = ["annee", "montant_ht", "lignes", "fournisseurs"]
    if achats is None or achats.empty or "date" not in achats:
        return pd.DataFrame(columns=colonnes)
    datees = achats.assign(date=pd.to_datetime(achats["date"], errors="coerce")).dropna(subset=["date"])
    if datees.empty:
        return pd.DataFrame(columns=colonnes)
    groupes = datees.groupby(datees["date"].dt.year)
    table = pd.DataFrame({
        "montant_ht": groupes["montant_ht"].sum(),
        "lignes": groupes.size(),
        "fournisseurs": groupes["fournisseur"].nunique() if "fournisseur" in datees else 0,
    })
    table.index.name = "annee"
    return table.reset_index()[colonnes].astype({"annee": int})


def _table(table: pd.DataFrame | None) -> pd.DataFrame | None:
    """Une table vide compte comme absente."""
    return None if table is None or len(table) == 0 else table


def _part_connue(serie: pd.Series) -> tuple[int, int]:
    """(contrats avec la considération, contrats dont on sait s'ils l'ont) ; l'inconnu n'est pas un non."""
    connue = serie.dropna()
    return int(connue.astype(bool).sum()), int(len(connue))


def chiffres_cles(donnees, annee: int | None = None) -> dict:
    """Les chiffres clés d'une organisation, les mêmes pour le notebook, le sommaire du rapport et le projet.

    `donnees` est une organisation chargée (`spaserlib.lecture.organisation.Organisation`) ou tout objet
    qui porte `achats`, `marches` et, s'il y a lieu, `concessions` et `annee`. L'année est `annee`, sinon
    celle du profil, sinon `annee_par_defaut` (la règle des notebooks). Rend un dictionnaire :

    annee, volumes (table de `volumes_par_annee`), montant_annee (dépense nette de l'année, avoirs
    déduits), montant_total, fournisseurs (distincts dans l'année), lignes_achats, lignes_annee,
    annees_achats, contrats, montant_contrats (toutes années), contrats_annee, montant_contrats_annee
    (notifiés dans l'année), annees_marches, concessions, contrats_<sociale|environnementale>
    (contrats notifiés dans l'année avec la considération ; toutes années si l'année est inconnue),
    …_connus (considération renseignée), part_… (None si aucune n'est connue), seuil_spaser, depenses_retenues et obligation_spaser : True/False selon que les dépenses
    de l'année au sens de D2111-3 CCP (`spaserlib.analyse.obligations.depenses_marches` : hors marchés
    de défense ou de sécurité repérés et hors concessions) dépassent strictement le seuil (50 M€ HT
    depuis 2023), None sans achats datés ; c'est une estimation à partir des dépenses présentes.
    """
    achats, marches = _table(donnees.achats), _table(donnees.marches)
    concessions = _table(getattr(donnees, "concessions", None))
    if annee is None:
        annee = getattr(donnees, "annee", None)
    if annee is None:
        annee = annee_par_defaut(achats if achats is not None else pd.DataFrame(),
                                 marches if marches is not None else pd.DataFrame())
    annee = int(annee) if annee is not None else None
    volumes = volumes_par_annee(achats)
    montant_annee = None
    if annee is not None and not volumes.empty:
        ligne = volumes[volumes["annee"] == annee]
        montant_annee = float(ligne["montant_ht"].iloc[0]) if not ligne.empty else 0.0
    achats_annee = de_l_annee(achats, "date", annee) if achats is not None else None
    marches_annee = de_l_annee(marches, "date_notification", annee) if marches is not None else None
    chiffres = {
        "annee": annee,
        "volumes": volumes,
        "montant_annee": montant_annee,
        "montant_total": float(achats["montant_ht"].sum()) if achats is not None else None,
        "fournisseurs": int(achats_annee["fournisseur"].nunique()) if achats is not None and "fournisseur" in achats else None,
        "lignes_achats": len(achats) if achats is not None else 0,
        "lignes_annee": len(achats_annee) if achats_annee is not None else 0,
        "annees_achats": _intervalle(_annees(achats["date"])) if achats is not None else None,
        "contrats": len(marches) if marches is not None else None,
        "montant_contrats": float(marches["montant_ht"].sum()) if marches is not None else None,
        "contrats_annee": len(marches_annee) if marches_annee is not None else None,
        "montant_contrats_annee": float(marches_annee["montant_ht"].sum()) if marches_annee is not None else None,
        "annees_marches": _intervalle(_annees(marches["date_notification"])) if marches is not None else None,
        "concessions": len(concessions) if concessions is not None else 0,
        "obligation_spaser": None,
        "seuil_spaser": SEUIL_SPASER,
    }
    if montant_annee is not None:
        from spaserlib.analyse.obligations import depenses_marches, seuil_spaser

        seuil = seuil_spaser(f"{annee}-12-31")
        chiffres["seuil_spaser"] = seuil[0] if seuil else SEUIL_SPASER
        depenses = depenses_marches(achats, annee, marches, concessions)
        chiffres["depenses_retenues"] = depenses["retenues"]
        chiffres["obligation_spaser"] = depenses["retenues"] > chiffres["seuil_spaser"]
    # Une seule période : les parts portent sur les contrats notifiés dans l'année de référence
    # (sur toutes les années seulement quand l'année est inconnue).
    contrats = marches_annee if marches_annee is not None and annee is not None else marches
    for cle, colonne in (("sociale", "consideration_sociale"), ("environnementale", "consideration_environnementale")):
        if contrats is not None and colonne in contrats:
            avec, connus = _part_connue(contrats[colonne])
            chiffres[f"contrats_{cle}"] = avec
            chiffres[f"contrats_{cle}_connus"] = connus
            chiffres[f"part_{cle}"] = avec / connus if connus else None
        else:
            chiffres[f"contrats_{cle}"] = chiffres[f"contrats_{cle}_connus"] = chiffres[f"part_{cle}"] = None
    return chiffres


def tableau_chiffres_cles(chiffres: dict) -> pd.DataFrame:
    """Les chiffres clés (dictionnaire de `chiffres_cles`) en table lisible : une ligne par chiffre
    (« indicateur », « valeur » en texte). Les lignes sur les dépenses n'apparaissent que s'il y a des
    dépenses, celles sur les marchés que s'il y a des marchés."""
    lignes = []
    if chiffres["lignes_achats"]:
        lignes += [
            ("Dépense nette (HT, avoirs déduits)", euros(chiffres["montant_annee"] if chiffres["annee"] is not None
                                                       else chiffres["montant_total"], 0)),
            ("Fournisseurs payés", nombre(chiffres["fournisseurs"])),
            ("Lignes de dépenses", nombre(chiffres["lignes_annee"])),
            ("Années couvertes par les dépenses", chiffres["annees_achats"]),
        ]
    if chiffres["contrats"]:
        lignes += [
            ("Marchés notifiés", nombre(chiffres["contrats_annee"])),
            ("Montant des marchés notifiés (HT)", euros(chiffres["montant_contrats_annee"], 0)),
            ("Marchés, toutes années", nombre(chiffres["contrats"])),
            ("Années de notification couvertes", chiffres["annees_marches"]),
        ]
    if chiffres["concessions"]:
        lignes.append(("Contrats de concession, toutes années (comptés à part)", nombre(chiffres["concessions"])))
    return pd.DataFrame(lignes, columns=["indicateur", "valeur"])


def _intervalle(annees: pd.Series) -> str:
    annees = annees.dropna().astype(int)
    if annees.empty:
        return "—"
    debut, fin = int(annees.min()), int(annees.max())
    return str(debut) if debut == fin else f"{debut} à {fin}"
