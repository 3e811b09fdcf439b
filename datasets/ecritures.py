"""Écriture des organisations exemples dans les formats que rencontrent les acheteurs.

Export de tableur « sale » (cp1252, préambule, montants « 1 234,56 € »), CSV UTF-8 propre, export
« CSV UTF-8 » de tableur (BOM, « ; »), XLSX aux dates fixées, DECP 2024 (JSON v2.0), profil YAML.
Chaque fonction rend des octets : l'écriture sur disque se fait d'un bloc (`ecrire`).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

import yaml

from spaserlib.commun.identifiants import cle_cpv

ANNEE_REFERENCE = 2025
DATE_FIXE_XLSX = (2025, 1, 1, 0, 0, 0)


def _ccag(code):
    if code.startswith("T-"):
        return "Travaux"
    if code == "PI-MOE":
        return "Maitrise d'œuvre"
    if code.startswith("PI-"):
        return "Prestations intellectuelles"
    if code in ("F-INFO", "F-LOGI", "S-INFO", "S-TELE"):
        return "Techniques de l'information et de la communication"
    return "Fournitures courantes et services"


def ecrire(chemin: Path, contenu: bytes) -> None:
    chemin.parent.mkdir(parents=True, exist_ok=True)
    temporaire = chemin.with_name(chemin.name + ".tmp")
    temporaire.write_bytes(contenu)
    os.replace(temporaire, chemin)


def _montant_fr(x: float) -> str:
    texte = f"{abs(x):,.2f}".replace(",", "\u00a0").replace(".", ",")
    return ("-" if x < 0 else "") + texte + "\u00a0€"


def _cpv_sale(cpv: str, rng) -> str:
    if rng.random() < 0.6:
        return f"{cpv}-{cle_cpv(cpv)}"
    return cpv.lstrip("0") if cpv.startswith("0") else cpv  # zéro de tête perdu par le tableur


def achats_tableur_sale(org, lignes, annee, rng) -> bytes:
    sortie = io.StringIO()
    w = csv.writer(sortie, delimiter=";", lineterminator="\r\n")
    w.writerow([org["nom"].upper(), "", "", "", "", "", ""])
    w.writerow([f"Export des mandats - exercice {annee}", "", "", "", "", "", ""])
    w.writerow([f"Édité le 15/01/{annee + 1} par le service des finances", "", "", "", "", "", ""])
    w.writerow(["", "", "", "", "", "", ""])
    w.writerow(["Date mandat", "Raison sociale", "N° SIRET", "Code CPV", "Montant HT", "Objet", "N° marché"])
    for x in lignes:
        siret = x["fournisseur"]["siret"]
        w.writerow([x["date"].strftime("%d/%m/%Y"), x["fournisseur"]["nom"], siret.lstrip("0") if siret.startswith("0") else siret,
                    _cpv_sale(x["cpv"], rng), _montant_fr(x["montant"]), x["objet"], x["marche_id"]])
    return sortie.getvalue().encode("cp1252")


def achats_csv(lignes) -> bytes:
    sortie = io.StringIO()
    w = csv.writer(sortie, lineterminator="\n")
    w.writerow(["date", "fournisseur", "siret", "cpv", "montant_ht", "objet", "marche_id"])
    for x in lignes:
        w.writerow([x["date"].isoformat(), x["fournisseur"]["nom"], x["fournisseur"]["siret"], x["cpv"],
                    f"{x['montant']:.2f}", x["objet"], x["marche_id"]])
    return sortie.getvalue().encode("utf-8")


def _direction(org, code):
    directions = org["directions"]
    if code.startswith("T-"):
        return directions["T"]
    return directions.get(code, directions["autre"])


def achats_csv_excel(org, lignes) -> bytes:
    """Export « CSV UTF-8 » d'un tableur français : BOM, « ; », dates jj/mm/aaaa, virgule décimale."""
    sortie = io.StringIO()
    w = csv.writer(sortie, delimiter=";", lineterminator="\r\n")
    w.writerow(["Date", "Fournisseur", "SIRET", "Code CPV", "Montant HT", "Objet", "N° marché", "Direction"])
    for x in lignes:
        w.writerow([x["date"].strftime("%d/%m/%Y"), x["fournisseur"]["nom"], x["fournisseur"]["siret"], x["cpv"],
                    f"{x['montant']:.2f}".replace(".", ","), x["objet"], x["marche_id"], _direction(org, x["famille"])])
    return sortie.getvalue().encode("utf-8-sig")


def marches_xlsx(org, contrats) -> bytes:
    from openpyxl import Workbook

    classeur = Workbook()
    feuille = classeur.active
    feuille.title = "Marchés"
    feuille.append(["N° marché", "SIRET acheteur", "Objet", "Code CPV", "Nature", "Procédure", "Montant HT",
                    "Date de notification", "Durée (mois)", "Titulaire", "SIRET du titulaire",
                    "Considérations sociales", "Considérations environnementales"])
    for c in contrats:
        feuille.append([c["id"], org["siret"], c["objet"], c["cpv"], "Marché", c["procedure"], _montant_courant(c),
                        c["debut"], _duree_courante(c), " ; ".join(t["nom"] for t in c["titulaires"]),
                        " ; ".join(t["siret"] for t in c["titulaires"]),
                        ", ".join(c["soc"]) if c["soc"] else None, ", ".join(c["env"]) if c["env"] else None])
    for ligne in feuille.iter_rows(min_row=2, min_col=8, max_col=8):
        ligne[0].number_format = "DD/MM/YYYY"
    for ligne in feuille.iter_rows(min_row=2, min_col=7, max_col=7):
        ligne[0].number_format = "#,##0.00"
    fixe = datetime(*DATE_FIXE_XLSX)
    classeur.properties.created = fixe
    classeur.properties.modified = fixe
    classeur.properties.creator = "Kit SPASER (données fictives)"
    brut = io.BytesIO()
    classeur.save(brut)
    return _zip_stable(brut.getvalue(), fixe)


def _zip_stable(contenu: bytes, fixe: datetime) -> bytes:
    """Réécrit l'archive XLSX avec des dates fixes (entrées du zip et docProps/core.xml)."""
    horodatage = fixe.strftime("%Y-%m-%dT%H:%M:%SZ")
    entree = zipfile.ZipFile(io.BytesIO(contenu))
    sortie = io.BytesIO()
    with zipfile.ZipFile(sortie, "w", zipfile.ZIP_DEFLATED) as z:
        for info in entree.infolist():
            donnees = entree.read(info.filename)
            if info.filename == "docProps/core.xml":
                texte = re.sub(r"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)", rf"\g<1>{horodatage}\2",
                               donnees.decode("utf-8"))
                donnees = texte.encode("utf-8")
            nouvelle = zipfile.ZipInfo(info.filename, date_time=DATE_FIXE_XLSX)
            nouvelle.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(nouvelle, donnees)
    return sortie.getvalue()


def _montant_courant(c):
    return c["modifications"][-1]["montant"] if c.get("modifications") else c["montant"]


def _duree_courante(c):
    return c["modifications"][-1]["duree"] if c.get("modifications") else c["duree"]


def marches_csv(org, contrats) -> bytes:
    sortie = io.StringIO()
    w = csv.writer(sortie, lineterminator="\n")
    w.writerow(["id", "acheteur_id", "objet", "cpv", "nature", "procedure", "montant_ht", "date_notification",
                "duree_mois", "titulaires", "titulaires_ids", "considerations_sociales",
                "considerations_environnementales"])
    for c in contrats:
        w.writerow([c["id"], org["siret"], c["objet"], c["cpv"], "Marché", c["procedure"],
                    f"{_montant_courant(c):.2f}", c["debut"].isoformat(), _duree_courante(c),
                    " ; ".join(t["nom"] for t in c["titulaires"]), " ; ".join(t["siret"] for t in c["titulaires"]),
                    ", ".join(c["soc"]) if c["soc"] else "", ", ".join(c["env"]) if c["env"] else ""])
    return sortie.getvalue().encode("utf-8")


def _marche_decp(org, c):
    publication = c["debut"] + timedelta(days=int(c["publication"]))
    m = {
        "id": c["id"],
        "acheteur": {"id": org["siret"]},
        "nature": "Marché",
        "objet": c["objet"],
        "codeCPV": c["cpv"],
        "techniques": {"technique": ["Accord-cadre"] if c["accord_cadre"] else ["Sans objet"]},
        "modalitesExecution": {"modaliteExecution": ["Bons de commande"] if c["accord_cadre"] else ["Sans objet"]},
        "marcheInnovant": False,
        "ccag": _ccag(c["famille"]),
        "offresRecues": c["offres"],
        "attributionAvance": c["avance"],
        "tauxAvance": 0.05 if c["avance"] else 0,
        "typeGroupementOperateurs": "Conjoint" if len(c["titulaires"]) > 1 else "Pas de groupement",
        "sousTraitanceDeclaree": c["sous_traitance"],
        "procedure": c["procedure"],
        "lieuExecution": {"code": "99100", "typeCode": "Code postal"},
        "dureeMois": c["duree"],
        "dateNotification": c["debut"].isoformat(),
        "datePublicationDonnees": publication.isoformat(),
        "montant": c["montant"],
        "typesPrix": {"typePrix": ["Définitif révisable" if c["duree"] > 12 else "Définitif ferme"]},
        "formePrix": "Unitaire" if c["accord_cadre"] else "Forfaitaire",
        "titulaires": [{"titulaire": {"typeIdentifiant": "SIRET", "id": t["siret"]}} for t in c["titulaires"]],
    }
    if c["soc"] is not None:
        m["considerationsSociales"] = {"considerationSociale": c["soc"]}
    if c["env"] is not None:
        m["considerationsEnvironnementales"] = {"considerationEnvironnementale": c["env"]}
    if c.get("modifications"):
        m["modifications"] = [
            {"modification": {
                "id": i + 1,
                "dateNotificationModification": mod["date"].isoformat(),
                "datePublicationDonneesModification": (mod["date"] + timedelta(days=10)).isoformat(),
                "dureeMois": mod["duree"],
                "montant": mod["montant"],
                "titulaires": m["titulaires"],
            }} for i, mod in enumerate(c["modifications"])
        ]
    return m


def _concessions(org):
    siret = org["siret"]
    return [
        {
            "id": "2024TRDSP01",
            "autoriteConcedante": {"id": siret},
            "nature": "Délégation de service public",
            "objet": "Exploitation du réseau de transports urbains des Trois Rivières",
            "procedure": "Procédure négociée ouverte",
            "dureeMois": 84,
            "dateSignature": "2024-06-20",
            "datePublicationDonnees": "2024-07-15",
            "dateDebutExecution": "2024-09-01",
            "valeurGlobale": 96_500_000,
            "montantSubventionPublique": 61_000_000,
            "concessionnaires": [{"concessionnaire": {"typeIdentifiant": "SIRET", "id": org["siret_delegataire"]}}],
            "considerationsSociales": {"considerationSociale": ["Clause sociale"]},
            "considerationsEnvironnementales": {"considerationEnvironnementale": ["Clause environnementale",
                                                                                 "Critère environnemental"]},
            "modifications": [{"modification": {
                "id": 1, "dateSignatureModification": "2025-05-12",
                "datePublicationDonneesModification": "2025-05-26", "dureeMois": 84, "valeurGlobale": 99_800_000,
            }}],
        },
        {
            "id": "2025TRCSP02",
            "autoriteConcedante": {"id": siret},
            "nature": "Concession de service public",
            "objet": "Exploitation du centre aquatique des Trois Rivières",
            "procedure": "Procédure négociée ouverte",
            "dureeMois": 60,
            "dateSignature": "2025-03-03",
            "datePublicationDonnees": "2025-03-20",
            "dateDebutExecution": "2025-04-01",
            "valeurGlobale": 14_200_000,
            "montantSubventionPublique": 4_800_000,
            "concessionnaires": [{"concessionnaire": {"typeIdentifiant": "SIRET", "id": org["siret_aquatique"]}}],
            "considerationsSociales": {"considerationSociale": ["Pas de considération sociale"]},
            "considerationsEnvironnementales": {"considerationEnvironnementale": ["Clause environnementale"]},
        },
    ]


def decp_json(org, contrats) -> bytes:
    document = {"marches": {"marche": [_marche_decp(org, c) for c in contrats],
                            "contrat-concession": _concessions(org)}}
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def profil(org, fichiers) -> bytes:
    profil = {
        "nom": org["nom"],
        "type": org["type"],
        "population": org["population"],
        "annee": ANNEE_REFERENCE,
        "siren": org["siren"],
        "siret": org["siret"],
        "fictif": True,
        "description": "Organisation fictive générée par datasets/generer.py pour la formation SPASER.",
        "fichiers": fichiers,
    }
    return yaml.safe_dump(profil, allow_unicode=True, sort_keys=False).encode("utf-8")
