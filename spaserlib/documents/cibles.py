"""Les cibles que le projet de SPASER propose en plus des objectifs de l'organisation.

- **Formation** des acheteuses et acheteurs aux achats responsables (toujours proposée) ;
- **EGalim**, quand l'organisation achète de la restauration collective ou des denrées alimentaires dans
  l'année de référence (familles « Restauration collective » et « Denrées alimentaires et boissons » de la
  nomenclature du kit ; pour les denrées, les codes CPV 15…, comme l'évaluation EGalim) : la règle et sa
  référence viennent de `donnees/regles_juridiques.yaml` (art. L230-5-1 du code rural et de la pêche maritime) ;
- les cibles de l'économie équitable (`spaserlib.documents.economie_equitable`), quand les données le permettent.
Les cibles chiffrées par la loi sont écrites ; celles que seule l'organisation peut fixer restent à compléter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from spaserlib.analyse.profil import de_l_annee
from spaserlib.commun.calendrier import depuis_ou_a_partir
from spaserlib.commun.format_fr import euros_courts, pourcentage

FAMILLES_RESTAURATION = {"S-REST": "prestations de restauration collective",
                         "F-ALIM": "denrées alimentaires (codes CPV 15…)"}
ENTETE = ["Objectif proposé", "Indicateur", "Départ", "Cible", "Échéance", "Fondement"]


@dataclass
class Restauration:
    """Les achats de restauration de l'année : montant HT par famille (celles qui en ont)."""

    annee: int | None
    montants: dict[str, float]

    @property
    def total(self) -> float:
        return sum(self.montants.values())


def achats_de_restauration(achats: pd.DataFrame | None, annee: int | None) -> Restauration | None:
    """Les achats de restauration collective et de denrées alimentaires de l'année (toutes années si elle
    est inconnue) ; None s'il n'y en a pas (montant net nul ou négatif)."""
    if achats is None or len(achats) == 0 or "montant_ht" not in achats:
        return None
    lignes = de_l_annee(achats, "date", annee) if "date" in achats else achats
    familles = lignes["famille"].astype("string") if "famille" in lignes else pd.Series(pd.NA, index=lignes.index, dtype="string")
    cpv = lignes["cpv"].astype("string") if "cpv" in lignes else pd.Series(pd.NA, index=lignes.index, dtype="string")
    montants = {}
    # Denrées : la règle de l'évaluation EGalim (`spaserlib.analyse.obligations`, codes CPV 15…), pour que le
    # montant soit le même que dans le tableau de bord ; famille « Denrées alimentaires » quand le CPV manque.
    masques = {"S-REST": (familles == "S-REST").fillna(False) | (familles.isna() & cpv.str.startswith("555").fillna(False)),
               "F-ALIM": cpv.str.startswith("15").fillna(False) | (cpv.isna() & (familles == "F-ALIM").fillna(False))}
    for code, masque in masques.items():
        montant = float(lignes.loc[masque.to_numpy(), "montant_ht"].sum())
        if montant > 0:
            montants[code] = montant
    return Restauration(annee, montants) if montants else None


def _regles_egalim() -> dict:
    from spaserlib.analyse.obligations import charger_regles

    regles = charger_regles()
    return {cle: regles[cle] for cle in ("egalim_durables", "egalim_bio", "egalim_viandes_poissons")}


def phrase_egalim(restauration: Restauration, jour: date) -> str:
    """La règle EGalim, avec sa référence et sa date, et les achats de restauration de l'année qui la rendent utile."""
    regles = _regles_egalim()
    durables, bio, viandes = regles["egalim_durables"], regles["egalim_bio"], regles["egalim_viandes_poissons"]
    periode = f"En {restauration.annee}" if restauration.annee is not None else "Sur toute la période"
    detail = " et ".join(f"{FAMILLES_RESTAURATION[code]} : {euros_courts(montant)} HT" for code, montant in restauration.montants.items())
    return (f"{periode}, l'organisation a acheté de la restauration ({detail}). En restauration collective publique, "
            f"l'article L230-5-1 du code rural et de la pêche maritime (loi n° 2018-938 du 30 octobre 2018, dite EGalim) "
            f"impose au moins {pourcentage(durables['taux'])} de produits durables et de qualité, dont "
            f"{pourcentage(bio['taux'])} de produits biologiques, en valeur HT des achats alimentaires annuels, "
            f"{depuis_ou_a_partir(pd.Timestamp(durables['date_application']).date(), jour)} ; et au moins "
            f"{pourcentage(viandes['taux'])} des viandes et poissons (loi n° 2021-1104 du 22 août 2021), "
            f"{depuis_ou_a_partir(pd.Timestamp(viandes['date_application']).date(), jour)}. Les données d'achat ne "
            "distinguent pas ces produits : le point de départ est à établir avec le service de restauration ou le "
            "prestataire.")


def cible_egalim(restauration: Restauration, fin: int, a_completer: str) -> list[str]:
    regles = _regles_egalim()
    durables, bio, viandes = regles["egalim_durables"], regles["egalim_bio"], regles["egalim_viandes_poissons"]
    return ["Atteindre chaque année les parts de la loi EGalim en restauration collective",
            "Part en valeur HT des achats alimentaires : produits durables et de qualité, dont biologiques ; "
            "viandes et poissons durables et de qualité",
            f"{a_completer} (bilan EGalim du service de restauration)",
            f"au moins {pourcentage(durables['taux'])}, dont {pourcentage(bio['taux'])} bio ; "
            f"{pourcentage(viandes['taux'])} des viandes et poissons",
            f"Chaque année jusqu'au 31/12/{fin}", durables["reference"]]


def cible_formation(fin: int, a_completer: str) -> list[str]:
    return ["Former les acheteuses et acheteurs aux achats responsables",
            "Part des acheteuses et acheteurs ayant suivi une formation aux achats responsables (en nombre de personnes)",
            a_completer, "100 %", f"31/12/{fin}", "Cible du schéma de l'État 2025-2027 (100 % des personnes formées)"]
