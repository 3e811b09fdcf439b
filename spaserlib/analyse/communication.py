"""Le modèle de plan de communication « achats publics responsables » (module 2, contrôle et diffusion).

Une ligne par action de communication : public, message, canal, calendrier, porteur, indicateur.
Le plan est prérempli : d'abord les actions que tout SPASER appelle (vote et bilan annuel devant
l'assemblée délibérante, publication en ligne exigée par l'article L2111-3 du Code de la commande
publique depuis le 1er janvier 2023, réseau interne des acheteurs, fournisseurs), puis une action par
objectif de l'organisation, adressée au public que l'objectif concerne. L'acheteur complète et
corrige ensuite le tableau : c'est un modèle, pas un plan arrêté.
"""

from __future__ import annotations

import pandas as pd

from spaserlib.commun.format_fr import nombre
from spaserlib.objectifs.modele import UNITES, Objectif

COLONNES_PLAN = ["public", "message", "canal", "calendrier", "porteur", "indicateur"]
PORTEUR_PAR_DEFAUT = "Direction de la commande publique"

ACTIONS_COMMUNES = [
    {"public": "Élus (assemblée délibérante)",
     "message": "Présenter le SPASER pour adoption, puis le bilan annuel des objectifs et des indicateurs.",
     "canal": "Délibération, rapport annuel en séance",
     "calendrier": "Au vote, puis chaque année (suivi annuel, art. L2111-3 CCP)",
     "porteur": "Élu délégué à la commande publique", "indicateur": "Bilan annuel présenté (oui/non)"},
    {"public": "Citoyens et usagers",
     "message": "Rendre public le schéma et ses indicateurs en nombre de contrats ou en valeur.",
     "canal": "Site internet de l'organisation (publication en ligne, art. L2111-3 CCP)",
     "calendrier": "Dès l'adoption, mise à jour à chaque bilan annuel",
     "porteur": "Service communication", "indicateur": "Schéma en ligne (oui/non), date de mise à jour"},
    {"public": "Acheteurs et prescripteurs (interne)",
     "message": "Expliquer les objectifs, les clauses et critères types et les outils de suivi.",
     "canal": "Réseau des référents achats responsables, formation, intranet",
     "calendrier": "Lancement, puis une réunion par trimestre",
     "porteur": PORTEUR_PAR_DEFAUT, "indicateur": "Part des acheteurs formés (%)"},
    {"public": "Entreprises et fournisseurs",
     "message": "Annoncer les attentes sociales et environnementales des futures consultations.",
     "canal": "Rencontres fournisseurs, profil d'acheteur, programmation des achats publiée",
     "calendrier": "Chaque année, avant les principales consultations",
     "porteur": PORTEUR_PAR_DEFAUT, "indicateur": "Nombre d'entreprises rencontrées"},
]

# Public visé par un objectif, d'après les mots de son axe et de son libellé (premier trouvé).
PUBLICS_PAR_THEME = [
    (("insertion", "handicap", "esat", "siae", "social", "emploi"),
     "Structures d'insertion, ESAT et EA, facilitateurs de clauses sociales"),
    (("ess", "économie sociale", "economie sociale"), "Structures de l'économie sociale et solidaire"),
    (("pme", "tpe", "local", "territoire"), "Entreprises du territoire (TPE et PME)"),
    (("environnement", "écolog", "ecolog", "climat", "carbone", "circulaire", "réemploi", "reemploi", "recycl"),
     "Entreprises et fournisseurs des familles concernées"),
    (("formation", "acheteur", "gouvernance"), "Acheteurs et prescripteurs (interne)"),
]


def _public(objectif: Objectif) -> str:
    texte = f"{objectif.axe or ''} {objectif.libelle} {objectif.indicateur or ''}".lower()
    for mots, public in PUBLICS_PAR_THEME:
        if any(m in texte for m in mots):
            return public
    return "Entreprises et fournisseurs"


def _cible(objectif: Objectif) -> str:
    if objectif.cible is None:
        return ""
    valeur = nombre(objectif.cible, 2).removesuffix(",00")
    unite = "\u00a0%" if objectif.unite in ("part_nombre", "part_valeur") else (
        f" {UNITES[objectif.unite][0]}" if objectif.unite in UNITES else "")
    echeance = f" d'ici le {objectif.echeance:%d/%m/%Y}" if objectif.echeance else ""
    return f" Cible : {valeur}{unite}{echeance}."


def action_pour_objectif(objectif: Objectif) -> dict:
    """L'action de communication proposée pour un objectif (une ligne du plan)."""
    return {
        "public": _public(objectif),
        "message": f"Faire connaître l'objectif « {objectif.libelle} ».{_cible(objectif)}",
        "canal": "Rencontres fournisseurs, clauses et critères des consultations, bilan annuel publié",
        "calendrier": (f"Lancement, puis chaque année jusqu'au {objectif.echeance:%d/%m/%Y}"
                       if objectif.echeance else "Lancement, puis chaque année"),
        "porteur": objectif.porteur or PORTEUR_PAR_DEFAUT,
        "indicateur": objectif.indicateur or objectif.libelle,
    }


def plan_de_communication(objectifs: list[Objectif] | None = None) -> pd.DataFrame:
    """Le plan de communication prérempli : actions communes puis une action par objectif.

    Colonnes `COLONNES_PLAN`. Sans objectif, seules les actions communes figurent.
    """
    lignes = [dict(a) for a in ACTIONS_COMMUNES]
    lignes += [action_pour_objectif(o) for o in (objectifs or [])]
    return pd.DataFrame(lignes, columns=COLONNES_PLAN)
