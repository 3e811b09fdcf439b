"""Le modèle de plan de communication « achats publics responsables » (module 2, contrôle et diffusion).

Une ligne par action de communication : public, message, canal, calendrier, porteur, indicateur.
Le plan est prérempli : d'abord les actions que tout SPASER appelle (vote et bilan annuel devant
l'assemblée délibérante, publication en ligne exigée par l'article L2111-3 du Code de la commande
publique depuis le 1er janvier 2023, réseau interne des acheteurs, fournisseurs), puis une action par
objectif de l'organisation, adressée au public que l'objectif concerne. L'acheteur complète et
corrige ensuite le tableau : c'est un modèle, pas un plan arrêté.

Le calendrier part de la date de référence (aujourd'hui par défaut) : rien n'est daté dans le passé,
et l'échéance dépassée d'un objectif est signalée. Les porteurs sont des rôles de l'organisation
(`ROLES_PAR_DEFAUT`, remplaçables par ceux de son organigramme) : une cible nationale (PNAD) portée
par l'État est relayée par la commande publique de l'organisation. Les indicateurs sont écrits en
mots, jamais par leur nom de code.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from spaserlib.commun.format_fr import nombre
from spaserlib.objectifs.modele import UNITES, Objectif

COLONNES_PLAN = ["public", "message", "canal", "calendrier", "porteur", "indicateur"]
PORTEUR_PAR_DEFAUT = "Direction de la commande publique"
# Les rôles de l'organisation qui portent les actions ; `roles` les remplace par ceux de l'organigramme.
ROLES_PAR_DEFAUT = {
    "elu": "Élu délégué à la commande publique",
    "commande_publique": PORTEUR_PAR_DEFAUT,
    "communication": "Service communication",
}
# Les indicateurs calculés par le kit, en mots.
LIBELLES_INDICATEURS = {
    "part_considerations_environnementales": "Part des contrats notifiés avec une considération environnementale (%)",
    "part_considerations_sociales": "Part des contrats notifiés avec une considération sociale (%)",
    "heures_insertion": "Heures d'insertion réalisées",
}
MOIS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre",
        "décembre"]

ACTIONS_COMMUNES = [
    {"public": "Élues et élus (assemblée délibérante)",
     "message": "Présenter le SPASER pour adoption, puis le bilan annuel des objectifs et des indicateurs.",
     "canal": "Délibération, rapport annuel en séance",
     "calendrier": "Au vote, puis chaque année à partir de {bilan} (suivi annuel, art. L2111-3 CCP)",
     "porteur": "elu", "indicateur": "Bilan annuel présenté (oui/non)"},
    {"public": "Citoyens et usagers",
     "message": "Rendre public le schéma et ses indicateurs en nombre de contrats ou en valeur.",
     "canal": "Site internet de l'organisation (publication en ligne, art. L2111-3 CCP)",
     "calendrier": "Dès l'adoption, mise à jour à chaque bilan annuel (à partir de {bilan})",
     "porteur": "communication", "indicateur": "Schéma en ligne (oui/non), date de mise à jour"},
    {"public": "Équipes achats et services prescripteurs (interne)",
     "message": "Expliquer les objectifs, les clauses et critères types et les outils de suivi.",
     "canal": "Réseau interne des achats responsables, formation, intranet",
     "calendrier": "Lancement en {lancement}, puis une réunion par trimestre",
     "porteur": "commande_publique", "indicateur": "Part des acheteuses et acheteurs formés (%)"},
    {"public": "Entreprises et fournisseurs",
     "message": "Annoncer les attentes sociales et environnementales des futures consultations.",
     "canal": "Rencontres fournisseurs, profil d'acheteur, programmation des achats publiée",
     "calendrier": "Chaque année à partir de {lancement}, avant les principales consultations",
     "porteur": "commande_publique", "indicateur": "Nombre d'entreprises rencontrées"},
]

# Public visé par un objectif, d'après les mots de son axe et de son libellé (premier trouvé).
PUBLICS_PAR_THEME = [
    (("insertion", "handicap", "esat", "siae", "social", "emploi"),
     "Structures d'insertion, ESAT et EA, facilitateurs de clauses sociales"),
    (("ess", "économie sociale", "economie sociale"), "Structures de l'économie sociale et solidaire"),
    (("pme", "tpe", "local", "territoire"), "Entreprises du territoire (TPE et PME)"),
    (("environnement", "écolog", "ecolog", "climat", "carbone", "circulaire", "réemploi", "reemploi", "recycl"),
     "Entreprises et fournisseurs des familles concernées"),
    (("formation", "acheteur", "gouvernance"), "Équipes achats et services prescripteurs (interne)"),
]


def _mois(jour: date) -> str:
    return f"{MOIS[jour.month - 1]} {jour.year}"


def _mois_suivant(jour: date) -> date:
    return date(jour.year + (jour.month == 12), jour.month % 12 + 1, 1)


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


def _nationale(objectif: Objectif) -> bool:
    """Une cible nationale (PNAD…) : portée par l'État, relayée par l'organisation."""
    return bool(objectif.extras.get("cible_nationale")) or (objectif.porteur or "").startswith("État")


def action_pour_objectif(objectif: Objectif, *, date_reference: date | None = None, roles: dict | None = None) -> dict:
    """L'action de communication proposée pour un objectif (une ligne du plan)."""
    jour = date_reference or date.today()
    roles = {**ROLES_PAR_DEFAUT, **(roles or {})}
    lancement = _mois(_mois_suivant(jour))
    if objectif.echeance and objectif.echeance < jour:
        calendrier = (f"Échéance du {objectif.echeance:%d/%m/%Y} dépassée : présenter le résultat atteint au "
                      "prochain bilan annuel et fixer une nouvelle échéance")
    elif objectif.echeance:
        calendrier = f"Lancement en {lancement}, puis chaque année jusqu'au {objectif.echeance:%d/%m/%Y}"
    else:
        calendrier = f"Lancement en {lancement}, puis chaque année"
    nationale = _nationale(objectif)
    quoi = "la cible nationale" if nationale else "l'objectif"
    contribution = " et la contribution de l'organisation" if nationale else ""
    message = f"Faire connaître {quoi} « {objectif.libelle} »{contribution}."
    indicateur = LIBELLES_INDICATEURS.get(objectif.indicateur or "", objectif.indicateur) or objectif.libelle
    return {
        "public": _public(objectif),
        "message": message + _cible(objectif),
        "canal": "Rencontres fournisseurs, clauses et critères des consultations, bilan annuel publié",
        "calendrier": calendrier,
        "porteur": roles["commande_publique"] if nationale or not objectif.porteur else objectif.porteur,
        "indicateur": indicateur,
    }


def plan_de_communication(objectifs: list[Objectif] | None = None, *, date_reference: date | None = None,
                          roles: dict | None = None) -> pd.DataFrame:
    """Le plan de communication prérempli : actions communes puis une action par objectif.

    Colonnes `COLONNES_PLAN`. Sans objectif, seules les actions communes figurent. `date_reference`
    (aujourd'hui par défaut) date le lancement (le mois suivant) et le premier bilan annuel (un an
    après) ; `roles` ({"elu", "commande_publique", "communication"}) nomme les porteurs de
    l'organisation (par défaut `ROLES_PAR_DEFAUT`).
    """
    jour = date_reference or date.today()
    roles = {**ROLES_PAR_DEFAUT, **(roles or {})}
    lancement = _mois_suivant(jour)
    dates = {"lancement": _mois(lancement), "bilan": _mois(date(lancement.year + 1, lancement.month, 1))}
    lignes = [{**a, "calendrier": a["calendrier"].format(**dates), "porteur": roles[a["porteur"]]} for a in ACTIONS_COMMUNES]
    lignes += [action_pour_objectif(o, date_reference=jour, roles=roles) for o in (objectifs or [])]
    return pd.DataFrame(lignes, columns=COLONNES_PLAN)
