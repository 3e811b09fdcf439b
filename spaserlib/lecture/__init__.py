"""Lire les fichiers d'une organisation vers les tables canoniques (achats, marchés).

    tableurs          lecture brute d'un CSV, XLSX ou ODS (encodage, séparateur, en-tête, lignes de total)
    encodages         UTF-8, Windows-1252, ou un mélange des deux signalé ligne par ligne
    classeurs         lecture bornée des classeurs XLSX et ODS (taille décompressée, colonnes, lignes)
    colonnes          les noms de colonnes des exports et leur colonne canonique
    controles         les contrôles ligne à ligne : chaque anomalie devient un `Probleme`
    lots              regrouper les lignes d'un tableur de marchés (lots, titulaires) en contrats
    decp_json         les DECP en JSON (formats 2019 et 2024), lues en flux
    decp_flux         la lecture en flux d'un JSON DECP, profondeur et nombres bornés
    decp_csv          les DECP tabulaires (CSV plat)
    regroupement      des enregistrements DECP aux contrats : un contrat compté une fois
    considerations    considérations sociales et environnementales des DECP
    resultat          `Lecture` : la table lue et tous les problèmes trouvés
    fichiers          `lire_achats`, `lire_marches`, `lire_fichier` : un fichier
    organisation      `charger_organisation` : un dossier (profil + fichiers) ou un fichier seul
    cache             une organisation déjà lue se rouvre sans relire ses fichiers (clé : leur SHA-256)
    pseudonymisation  remplacer les noms de fournisseurs par des pseudonymes stables
"""
