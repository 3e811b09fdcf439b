"""Fabrique les petits tableurs de test, un par bizarrerie des exports réels.

    python tests/donnees/tableurs/fabriquer.py

Les fichiers sont écrits octet par octet (encodage, BOM, espaces insécables comptent) et commités ;
ce script dit comment ils ont été faits. Les SIRET valides sont ceux d'entreprises fictives dont
la clé de Luhn est juste (73282932000074 est l'exemple classique de l'INSEE).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

ICI = Path(__file__).resolve().parent
NBSP, FINE = "\u00a0", "\u202f"


def ecrire(nom: str, texte: str, encodage: str = "utf-8") -> None:
    (ICI / nom).write_bytes(texte.replace("\n", "\r\n").encode(encodage))


def fabriquer() -> None:
    entete = "Date;Fournisseur;SIRET;CPV;Objet;Montant HT\n"
    ecrire("point_virgule.csv", entete
           + "15/01/2024;Papeterie Durand;73282932000074;30192000;Ramettes;1234,56\n"
           + "16/01/2024;Garage Martin;;;Vidange;80\n")
    ecrire("virgule.csv", "Date,Fournisseur,Montant HT\n"
           + '15/01/2024,Papeterie Durand,"1 234,56"\n'
           + "16/01/2024,Garage Martin,80.5\n")
    ecrire("tabulation.csv", "Date\tFournisseur\tMontant HT\n15/01/2024\tPapeterie Durand\t12,50\n")
    ecrire("barre.csv", "Date|Fournisseur|Montant HT\n15/01/2024|Papeterie Durand|12,50\n")
    ecrire("cp1252.csv", "Date;Fournisseur;Objet;Montant HT\n"
           + "15/01/2024;Société Générale d'Équipement;Matériel élévateur;1 500,00 €\n", "cp1252")
    ecrire("bom.csv", "\ufeffDate;Fournisseur;Montant HT\n15/01/2024;Boulangerie Éclair;42,00\n")
    ecrire("espaces.csv", "Date;Fournisseur;Montant HT\n"
           + "15/01/2024;A;1 234,56 €\n"
           + f"15/01/2024;B;1{NBSP}234,56{NBSP}€\n"
           + f"15/01/2024;C;1{FINE}234,56{FINE}€\n"
           + "15/01/2024;D;-45,00\n"
           + "15/01/2024;E;1234.56\n")
    ecrire("dates.csv", "Date;Fournisseur;Montant HT\n"
           + "31/12/2024;A;10\n2024-12-31;B;10\n2018-12-17+01:00;C;10\n31/12/24;D;10\n")
    ecrire("preambule.csv", "Mandats de l'exercice 2024;;\nCommune de Valbourg - édité le 05/01/2025;;\n;;\n"
           + "Date de mandatement;Tiers;Montant HT\n15/01/2024;Papeterie Durand;100\n16/01/2024;Garage Martin;200\n")
    ecrire("alias.csv", "N° SIRET;Raison sociale;Date facture;MONTANT_HT;Libellé;Code CPV;N° marché\n"
           + "73282932000074;Papeterie Durand;15/01/2024;100,00;Ramettes;30192000-1;2024-001\n")
    ecrire("ttc_seul.csv", "Date;Fournisseur;Montant TTC\n15/01/2024;Papeterie Durand;120,00\n")
    ecrire("montant_sans_precision.csv", "Date;Fournisseur;Montant\n15/01/2024;Papeterie Durand;100\n")
    ecrire("siret_sans_zero.csv", "Date;Fournisseur;SIRET;Montant HT\n"
           + "15/01/2024;Alpha;5520135900019;10\n"  # 05520135900019 a perdu son zéro
           + "15/01/2024;Bêta;73282932000075;10\n")  # clé fausse
    ecrire("cpv.csv", "Date;Fournisseur;CPV;Montant HT\n"
           + "15/01/2024;A;3000000;10\n"  # zéro de tête perdu : 03000000
           + "15/01/2024;B;301 92000 ;10\n"  # espaces intérieur et final
           + "15/01/2024;C;30192000-1;10\n"  # avec son chiffre de contrôle
           + "15/01/2024;D;30192000-9;10\n"  # chiffre de contrôle faux
           + "15/01/2024;E;12345678;10\n"  # absent de CPV 2008
           + "15/01/2024;F;papier;10\n")  # illisible
    ecrire("sentinelle.csv", "Date;Fournisseur;Montant HT\n15/01/2024;A;99999999\n15/01/2024;B;999999999,00\n"
           + "15/01/2024;C;0\n15/01/2024;D;10\n")
    ecrire("caracteres_perdus.csv", "Date;Fournisseur;Objet;Montant HT\n15/01/2024;Soci\ufffdt\ufffd Durand;R\ufffdparation;10\n")
    ecrire("erreurs.csv", "Date;Fournisseur;Montant HT\n"
           + "15/01/2024;Papeterie Durand;abc\n"  # ligne 2 : montant illisible
           + "32/01/2024;Garage Martin;10\n"  # ligne 3 : date illisible
           + "15/01/2024;;10\n"  # ligne 4 : fournisseur absent
           + "15/01/2024;Boulangerie;\n"  # ligne 5 : montant absent
           + "15/01/2025;Imprimerie;10\n"  # ligne 6 : correcte
           + "15/01/2099;Traiteur;10\n")  # ligne 7 : date future (avertissement)
    ecrire("lignes_vides.csv", "Date;Fournisseur;Montant HT\n15/01/2024;A;10\n\n;;\n16/01/2024;B;20\n")
    ecrire("cellules_en_trop.csv", "Titre du fichier\nDate;Fournisseur;Montant HT\n15/01/2024;A;10\n16/01/2024;B;1;5\n")
    ecrire("marches_lots.csv", "MARCHE_ID;NUMERO_LOT;ACHETEURS_NOM;MARCHE_OBJET;NOTIFICATION_DATE;MONTANT;TITULAIRES_DENOMINATION\n"
           + "M1;01;VILLE;Assurances;2019-12-30;1000.0;ASSUREUR A\n"
           + "M1;2;VILLE;Assurances;2019-12-23;500.0;ASSUREUR B\n"
           + "M2;1;VILLE;Impression;2019-11-21;300.0;IMPRIMEUR A\n"  # lot 1 à trois co-titulaires :
           + "M2;1;VILLE;Impression;2019-11-21;300.0;IMPRIMEUR B\n"  # le montant du lot est répété
           + "M2;1;VILLE;Impression;2019-11-21;300.0;IMPRIMEUR C\n"
           + "M2;02;VILLE;Impression;2019-11-21;200.0;IMPRIMEUR B\n"
           + "M3;None;VILLE;Nettoyage;2019-02-06;100.0;NETTOYEUR\n"
           + "M3;None;VILLE;Maîtrise d'œuvre;2019-05-28;25.0;BUREAU D'ÉTUDES\n"  # identifiant réutilisé
           + "M4;NUM_LOT_VIDE;VILLE;Transport;2019-01-28;None;\n"  # montant et titulaire absents
           + ";None;VILLE;Sans identifiant;2019-01-28;10.0;X\n")  # identifiant absent : écartée

    # Classeurs : préambule de deux lignes, SIRET en nombre (zéro perdu), dates en cellules date.
    table = pd.DataFrame({
        "Date de mandatement": [dt.datetime(2024, 1, 15), dt.datetime(2024, 2, 20), dt.datetime(2024, 3, 1)],
        "Fournisseur": ["Papeterie Durand", "Garage Martin", "Société Éclair"],
        "SIRET": [73282932000074, 5520135900019, None],
        "Code CPV": ["30192000", "50112000", None],
        "Montant HT": [1234.56, "1 000,00 €", 80],
    })
    lignes = [["Dépenses 2024 — Commune de Valbourg"], [None], list(table.columns), *table.values.tolist()]
    feuille = pd.DataFrame([ligne + [None] * (len(table.columns) - len(ligne)) for ligne in lignes], dtype=object)
    for nom, moteur in (("depenses.xlsx", "openpyxl"), ("depenses.ods", "odf")):
        with pd.ExcelWriter(ICI / nom, engine=moteur) as classeur:
            feuille.to_excel(classeur, sheet_name="Mandats", header=False, index=False)

if __name__ == "__main__":
    fabriquer()
