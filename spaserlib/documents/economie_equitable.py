"""L'axe « économie équitable et responsable » du projet de SPASER, chiffré quand les données le permettent.

Ce que les tables du kit disent (`spaserlib.commun.tables`) :
- les **fournisseurs nouveaux** (« primo-accédants ») : payés dans l'année de référence, jamais payés les
  années précédentes présentes dans les données (il faut donc des dépenses sur au moins deux années) ;
- les **marchés réservés** (structures d'insertion, ESAT, entreprises adaptées, ESS) : la valeur
  « Marché réservé » des considérations sociales des DECP (`considerations_par_genre`).
Ce qu'elles ne disent pas : la taille des entreprises (TPE, PME) et l'appartenance à l'économie sociale et
solidaire ; le projet dit alors quelles données il faudrait.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from spaserlib.analyse.profil import de_l_annee
from spaserlib.commun.format_fr import euros_courts, pourcentage
from spaserlib.commun.gabarits import entier
from spaserlib.documents.sections import Section

AXE = "Économie équitable et responsable (ESS, TPE et PME, fournisseurs nouveaux)"
DONNEES_MANQUANTES_TAILLE = (
    "Les données ne disent ni la taille des entreprises titulaires (TPE, PME) ni leur appartenance à l'économie "
    "sociale et solidaire (ESS). Pour les suivre, il faut la catégorie d'entreprise (PME, ETI, grande entreprise) et "
    "la qualité d'entreprise de l'ESS de chaque fournisseur : le répertoire Sirene de l'Insee les donne à partir du "
    "SIRET, ou une liste des structures de l'ESS et de l'insertion (SIAE, ESAT, entreprises adaptées) établie avec "
    "les réseaux locaux."
)


@dataclass
class Nouveaux:
    """Les fournisseurs payés dans l'année et jamais payés avant (sur les années présentes)."""

    annee: int
    annees_avant: str  # « 2023-2024 » ou « 2024 »
    nouveaux: int
    fournisseurs: int
    montant: float
    depense: float


@dataclass
class Reserves:
    """Les marchés réservés notifiés dans l'année, en nombre et en valeur."""

    annee: int | None
    contrats: int
    connus: int
    part_nombre: float
    montant: float
    part_valeur: float


def fournisseurs_nouveaux(achats: pd.DataFrame | None, annee: int | None) -> Nouveaux | None:
    """Les fournisseurs nouveaux de l'année ; None sans année, sans fournisseurs ou sans année antérieure."""
    if annee is None or achats is None or len(achats) == 0 or not {"date", "fournisseur", "montant_ht"} <= set(achats.columns):
        return None
    annees = pd.to_datetime(achats["date"], errors="coerce").dt.year
    avant = sorted(int(a) for a in annees.dropna().unique() if a < annee)
    de_l_an = achats[(annees == annee).to_numpy()]
    if not avant or de_l_an.empty:
        return None
    deja = set(achats.loc[(annees < annee).to_numpy(), "fournisseur"].dropna())
    fournisseurs = de_l_an["fournisseur"].dropna()
    nouveaux = fournisseurs[~fournisseurs.isin(deja)]
    texte_avant = str(avant[0]) if len(avant) == 1 else f"{avant[0]}-{avant[-1]}"
    return Nouveaux(annee, texte_avant, int(nouveaux.nunique()), int(fournisseurs.nunique()),
                    float(de_l_an.loc[de_l_an["fournisseur"].isin(set(nouveaux)), "montant_ht"].sum()),
                    float(de_l_an["montant_ht"].sum()))


def marches_reserves(marches: pd.DataFrame | None, annee: int | None) -> Reserves | None:
    """Les marchés réservés de l'année (toutes années si elle est inconnue) ; None si aucun contrat n'a de
    considération sociale connue."""
    from spaserlib.analyse.indicateurs import considerations_par_genre, etat_consideration

    if marches is None or len(marches) == 0 or "montant_ht" not in marches:
        return None
    if annee is not None and "date_notification" in marches:
        marches = de_l_annee(marches, "date_notification", annee)
    connus = int(etat_consideration(marches, "sociale").notna().sum()) if len(marches) else 0
    if not connus:
        return None
    table = considerations_par_genre(marches).table
    ligne = table[(table["dimension"] == "sociale") & (table["genre"] == "Marché réservé")].iloc[0]
    return Reserves(annee, int(ligne["contrats"]), connus, float(ligne["part_nombre"]), float(ligne["montant_ht"]),
                    float(ligne["part_valeur"]))


def mesures(organisation, annee: int | None) -> tuple[Nouveaux | None, Reserves | None]:
    """Ce que les données de l'organisation permettent de chiffrer pour l'axe."""
    marches = organisation.marches if organisation.marches is not None and len(organisation.marches) else None
    return fournisseurs_nouveaux(organisation.achats, annee), marches_reserves(marches, annee)


def phrase_nouveaux(n: Nouveaux) -> str:
    part_depense = n.montant / n.depense if n.depense > 0 else None
    return (f"En {n.annee}, {entier(n.nouveaux)} des {entier(n.fournisseurs)} fournisseurs payés "
            f"({pourcentage(n.nouveaux / n.fournisseurs) if n.fournisseurs else '—'}) n'avaient reçu aucun paiement en "
            f"{n.annees_avant} : ce sont des fournisseurs nouveaux, qui ont reçu {euros_courts(n.montant)} HT"
            + (f", soit {pourcentage(part_depense)} de la dépense de {n.annee}." if part_depense is not None else "."))


def phrase_reserves(r: Reserves) -> str:
    periode = f"En {r.annee}" if r.annee is not None else "Sur toute la période"
    return (f"{periode}, {entier(r.contrats)} des {entier(r.connus)} contrats dont la considération sociale est "
            f"renseignée sont des marchés réservés (structures d'insertion, ESAT, entreprises adaptées, ESS ; articles "
            f"L2113-12 et suivants du Code de la commande publique) : {pourcentage(r.part_nombre)} en nombre et "
            f"{pourcentage(r.part_valeur)} en valeur ({euros_courts(r.montant)} HT).")


def bloc_axe(section: Section, nouveaux: Nouveaux | None, reserves: Reserves | None) -> bool:
    """Ajoute à `section` l'axe d'économie équitable, chiffré, si les données le permettent (rend True) ;
    sinon dit quelles données il faudrait pour le chiffrer (rend False)."""
    if nouveaux is None and reserves is None:
        section.sous_titre("Économie équitable et responsable : données à réunir")
        section.paragraphe("Les données fournies ne permettent pas de chiffrer un axe d'économie équitable et "
                           "responsable. Il faudrait des dépenses sur au moins deux années (pour repérer les "
                           "fournisseurs nouveaux) et les considérations sociales des contrats (pour compter les "
                           "marchés réservés). " + DONNEES_MANQUANTES_TAILLE)
        return False
    section.sous_titre(f"Axe proposé au vu des données : {AXE}")
    section.paragraphe("Ouvrir la commande publique aux entreprises de l'économie sociale et solidaire, aux TPE et PME "
                       "et aux fournisseurs qui n'y ont pas encore accès (allotissement, sourçage, avances, délais de "
                       "paiement). Point de départ mesuré dans les données :")
    section.liste(([phrase_nouveaux(nouveaux)] if nouveaux is not None else [])
                  + ([phrase_reserves(reserves)] if reserves is not None else []))
    section.paragraphe(DONNEES_MANQUANTES_TAILLE)
    return True


def cibles(nouveaux: Nouveaux | None, reserves: Reserves | None, fin: int, a_completer: str) -> list[list[str]]:
    """Les cibles proposées pour l'axe : [objectif, indicateur, départ, cible, échéance, fondement]."""
    lignes = []
    if nouveaux is not None and nouveaux.fournisseurs:
        lignes.append(["Ouvrir la commande publique à de nouveaux fournisseurs",
                       "Part des fournisseurs payés dans l'année qui ne l'avaient pas été les années précédentes (en nombre)",
                       f"{pourcentage(nouveaux.nouveaux / nouveaux.fournisseurs)} ({nouveaux.annee})", a_completer,
                       f"31/12/{fin}", "Données de dépenses de l'organisation"])
    if reserves is not None:
        lignes.append(["Développer les marchés réservés",
                       "Part des contrats notifiés réservés à des structures d'insertion, ESAT, entreprises adaptées "
                       "ou de l'ESS (en nombre et en valeur)",
                       f"{pourcentage(reserves.part_nombre)} en nombre, {pourcentage(reserves.part_valeur)} en valeur"
                       + (f" ({reserves.annee})" if reserves.annee is not None else ""), a_completer, f"31/12/{fin}",
                       "Articles L2113-12 et suivants du Code de la commande publique"])
    return lignes
