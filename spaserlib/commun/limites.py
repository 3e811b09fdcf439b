"""Les limites des entrées du kit, toutes ici.

Chaque fichier lu a des bornes (taille, profondeur, colonnes, lignes, longueur d'un texte) : au-delà,
la lecture s'arrête tôt avec un message en français qui nomme le fichier et la limite, au lieu de
tourner des minutes ou d'épuiser la mémoire. Les valeurs sont choisies très au-dessus des plus gros
fichiers réels rencontrés (exports de mandats d'une grande ville, flux DECP nationaux), et assez bas
pour qu'un fichier hostile finisse en quelques secondes et sous 1 Go de mémoire (mesures :
``benchmarks/bench_hostiles.py``).

`en_clair` écrit une limite pour un message (« 256 Mo », « 1 000 colonnes »).
"""

from __future__ import annotations

MO = 1024 * 1024

# --- Tableurs (CSV, XLSX, ODS) ---------------------------------------------------------------------
CSV_OCTETS_MAX = 256 * MO  # taille d'un fichier CSV (≈ 2 millions de lignes de dépenses)
COLONNES_MAX = 1_000  # colonnes d'un tableur (les exports réels en ont moins de 100)
LIGNES_MAX = 2_000_000  # lignes de données d'un tableur (Excel s'arrête à 1 048 576)
LIGNE_CARACTERES_MAX = 1_000_000  # longueur d'une ligne examinée pour trouver l'en-tête d'un CSV
# Somme des tailles décompressées des parties d'un classeur (feuilles, textes partagés…), lue dans
# l'index du zip avant de l'ouvrir. Un classeur se lit à ≈ 1,5 Mo décompressé par seconde (≈ 5 000
# lignes de 5 colonnes) : 64 Mo, c'est ≈ 250 000 lignes lues en moins d'une minute ; au-delà, le
# CSV est bien plus rapide (≈ 1 million de lignes en quelques secondes).
CLASSEUR_DECOMPRESSE_MAX = 64 * MO
CLASSEUR_PARTIES_MAX = 10_000  # fichiers dans le zip d'un classeur
CLASSEUR_CELLULES_MAX = 10_000_000  # cellules remplies d'un classeur (les cellules « répétées » d'un ODS comptent)
CELLULE_CARACTERES_MAX = 1_000_000  # texte d'une cellule de classeur

# --- DECP en JSON -----------------------------------------------------------------------------------
JSON_OCTETS_MAX = 2048 * MO  # taille d'un fichier DECP JSON (lu en flux : la mémoire ne dépend que des contrats)
JSON_PROFONDEUR_MAX = 64  # imbrication des objets et listes (un fichier DECP en a une dizaine)
# Un fichier que la lecture en flux refuse est relu d'un bloc (pour situer l'erreur, ou accepter NaN
# et l'encodage Windows) seulement en dessous de cette taille.
JSON_RELECTURE_OCTETS_MAX = 64 * MO
JSON_CHIFFRES_MAX = 40  # chiffres d'un nombre (un montant en a moins de 15)

# --- Objectifs --------------------------------------------------------------------------------------
OBJECTIF_CARACTERES_MAX = 5_000  # texte d'un objectif SMART (une phrase ou un paragraphe)

# --- Documents des participants (feuilles de route, politiques d'achats) ---------------------------
DOCUMENT_OCTETS_MAX = 32 * MO  # taille d'un DOCX, ODT, PDF ou texte (une politique d'achats pèse moins de 5 Mo)
DOCUMENT_PAGES_MAX = 300  # pages d'un PDF (un SPASER en a 10 à 60)
DOCUMENT_CARACTERES_MAX = 2_000_000  # texte extrait d'un document (≈ 600 pages)


def en_clair(valeur: int, unite: str = "") -> str:
    """« 512 Mo » pour une taille en octets (unite="octets"), sinon « 1 000 colonnes »."""
    if unite == "octets":
        if valeur >= 1024 * MO:
            return f"{valeur / (1024 * MO):g} Go".replace(".", ",")
        return f"{valeur // MO} Mo"
    texte = f"{valeur:,}".replace(",", "\u202f")
    return f"{texte} {unite}".strip()
