"""Fabrique les extraits de ce dossier (outil de développement, pas un test).

Usage : python tests/donnees/decp/pairs/extraire_pairs.py DOSSIER_SOURCE
où DOSSIER_SOURCE contient les fichiers d'origine (voir SOURCES.md : dépôts, chemins, commits).
Sélection déterministe : TOUS les enregistrements (ou toutes les lignes) des acheteurs retenus, recopiés
sans modification de valeur, dans l'ordre du fichier d'origine.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

ICI = Path(__file__).parent

# AIFE 2019 : une commune (Sotteville-lès-Rouen) et onze communes de moins de 1 M€ de marchés dans le
# flux, deux communes plus grosses (Issoudun, Toulon), un SDIS et un département (autres natures).
ACHETEURS_AIFE = [
    "21760681300012",  # Mairie de Sotteville Lès Rouen (la commune comparée)
    "21090122900018", "21130002500015", "21180197200012", "21210171100019", "21370195600012", "21690273400013",
    "21930045600015", "21920033400015", "21950219200012", "21950582300019", "21840038000018",
    "21360088500015", "21830137200015",  # Issoudun, Toulon : même nature, autre tranche de montant
    "28310001400028", "22700001500015",  # SDIS 31, département de la Haute-Saône : autres natures
]


def extraire_aife(source: Path) -> None:
    marches = json.loads(source.read_text(encoding="utf-8"))["marches"]
    gardes = [m for m in marches if ((m.get("acheteur") or m.get("autoriteConcedante") or {}).get("id")
                                     in ACHETEURS_AIFE)]
    texte = json.dumps({"marches": gardes}, ensure_ascii=False, indent=2)
    (ICI / "aife_communes_2019.json").write_text(texte + "\n", encoding="utf-8")
    print("aife_communes_2019.json", len(gardes), "enregistrements")


def extraire_tabulaire(source: Path) -> None:
    """Toutes les lignes des acheteurs du Morbihan (56) et des communes (SIREN en 21) des Côtes-d'Armor (22)."""
    texte = source.read_text(encoding="utf-8")
    lecteur = csv.DictReader(io.StringIO(texte))
    lignes = [ligne for ligne in lecteur if ligne["acheteur_departement_code"] == "56"
              or (ligne["acheteur_departement_code"] == "22" and ligne["acheteur_id"].startswith("21"))]
    sortie = io.StringIO()
    ecrivain = csv.DictWriter(sortie, fieldnames=lecteur.fieldnames, lineterminator="\n")
    ecrivain.writeheader()
    ecrivain.writerows(lignes)
    (ICI / "tabulaire_bretagne_2024.csv").write_text(sortie.getvalue(), encoding="utf-8")
    print("tabulaire_bretagne_2024.csv", len(lignes), "lignes")


if __name__ == "__main__":
    dossier = Path(sys.argv[1])
    extraire_aife(dossier / "decp2019_rama_data.gouv.fr_aife.json")
    extraire_tabulaire(dossier / "decp2024_tabulaire_2024H2_travaux_cpv4521.csv")
