"""spaserlib — la bibliothèque du kit de formation SPASER.

Ses dossiers suivent le chemin des données, et les imports ne vont que vers le bas :

    commun/      socle : erreurs, tables canoniques, nombres à la française, identifiants,
                 nomenclature, écriture d'un bloc, gabarits, dossiers du kit
    lecture/     fichiers de dépenses et de marchés (CSV, XLSX, ODS, DECP) -> tables canoniques
    objectifs/   modèle d'objectif, lecture du texte, analyse SMART, réalisme, fichiers d'objectifs
    analyse/     profil, Pareto, Kraljic, enjeux, indicateurs, obligations, trajectoires
    documents/   figures, classeurs, projet de SPASER, rapport, moteur d'exécution, classe
    exercices/   réponses, juges, corrigé, notation, formulaires, génération des exercices
    cours/       la façade des notebooks (``from spaserlib.cours import ...``)
    commandes/   une sous-commande de ``spaser`` par fichier (``cli.py`` les réunit)

Ce module n'importe rien : ``import spaserlib`` est immédiat.
"""

__version__ = "0.1.0"
