"""Les tables canoniques du kit : colonnes, types et sens.

Toutes les lectures (tableurs, exports DECP) produisent ces tables ; toutes les analyses les
consomment. Noms de colonnes en snake_case français ASCII.

achats — une ligne de dépense (facture ou mandat) :
    date (datetime64), fournisseur (str), siret (str, 14 chiffres, ou NA), famille (code de la
    nomenclature, deduit du CPV quand absent), cpv (str, 8 chiffres, ou NA), montant_ht (float,
    euros HT ; un avoir est négatif), objet (str), marche_id (str ou NA), acheteur (str ou NA).

marches — un contrat notifié (un marché ; les concessions sont dans une table à part, de mêmes
colonnes, jamais mêlées aux montants des marchés) :
    id, acheteur_id (str), objet, cpv, famille, nature, procedure, montant_ht (float, montant
    courant après modifications), date_notification (datetime64), duree_mois (float, durée courante),
    titulaires (str, noms ou identifiants séparés par « ; »), titulaires_ids (str, idem),
    considerations_sociales, considerations_environnementales (str : les valeurs DECP séparées
    par « , », NA quand inconnues), consideration_sociale, consideration_environnementale
    (booléens à trois états : True, False, NA = inconnu — jamais False par défaut).
"""

from __future__ import annotations

COLONNES_ACHATS = [
    "date",
    "fournisseur",
    "siret",
    "famille",
    "cpv",
    "montant_ht",
    "objet",
    "marche_id",
    "acheteur",
]

COLONNES_MARCHES = [
    "id",
    "acheteur_id",
    "objet",
    "cpv",
    "famille",
    "nature",
    "procedure",
    "montant_ht",
    "date_notification",
    "duree_mois",
    "titulaires",
    "titulaires_ids",
    "considerations_sociales",
    "considerations_environnementales",
    "consideration_sociale",
    "consideration_environnementale",
]

# Valeurs DECP 2024 (schéma v2.0.3) des considérations, et leur sens booléen.
CONSIDERATIONS_SOCIALES_POSITIVES = {"Clause sociale", "Critère social", "Marché réservé", "Concession réservée"}
CONSIDERATION_SOCIALE_ABSENTE = "Pas de considération sociale"
CONSIDERATIONS_ENVIRONNEMENTALES_POSITIVES = {"Clause environnementale", "Critère environnemental"}
CONSIDERATION_ENVIRONNEMENTALE_ABSENTE = "Pas de considération environnementale"
