"""Génère les organisations exemples FICTIVES du kit (dépenses, marchés, profil).

Usage : python datasets/generer.py [DOSSIER_DE_SORTIE] [--graine N]
(par défaut : le dossier datasets/ lui-même, graine 2025).

Le générateur est déterministe : même graine, mêmes fichiers, octet pour octet (voir
tests/test_datasets.py). Les lois et les parts sont décrites dans datasets/README.md.
"""

from __future__ import annotations

import argparse
import math
import sys
from datetime import date, timedelta
from pathlib import Path

import numpy as np

RACINE = Path(__file__).resolve().parent.parent
if str(RACINE) not in sys.path:
    sys.path.insert(0, str(RACINE))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from catalogue import CATALOGUE, FORMES, ORGANISATIONS, RACINES  # noqa: E402
from ecritures import (  # noqa: E402
    achats_csv, achats_csv_excel, achats_tableur_sale, decp_json, ecrire, marches_csv, marches_xlsx, profil,
)

from spaserlib.commun.identifiants import cle_cpv, cle_luhn_valide  # noqa: E402
from spaserlib.commun.nomenclature import famille, famille_du_cpv  # noqa: E402

GRAINE = 2025
ANNEES = (2023, 2024, 2025)
DEBUT_HISTORIQUE = date(2023, 1, 1)
FIN_HISTORIQUE = date(2025, 12, 31)
PART_AVOIRS = 0.024  # probabilité qu'une facture reçoive un avoir (groupes de plus de 2 factures)
PART_CONSIDERATIONS_INCONNUES = 0.04
PART_MODIFICATIONS = 0.08
PART_FOURNISSEURS_ABSENTS = 0.25  # hors les 3 plus gros de chaque famille
# Seuils des procédures formalisées des collectivités (fournitures et services ; travaux).
SEUILS = {2023: (215_000, 5_382_000), 2024: (221_000, 5_538_000), 2025: (221_000, 5_538_000)}
SEUIL_PUBLICATION = 40_000  # données essentielles publiées à partir de 40 000 € HT
# Poids mensuels des mandatements : creux en août, pic de fin d'exercice.
POIDS_MOIS = np.array([0.7, 0.9, 1.0, 1.0, 1.0, 1.0, 0.9, 0.5, 1.0, 1.1, 1.2, 1.7])


# ---------------------------------------------------------------- identifiants
def _completer_luhn(debut: str) -> str:
    for chiffre in "0123456789":
        if cle_luhn_valide(debut + chiffre):
            return debut + chiffre
    raise AssertionError(debut)


def _siret_aleatoire(rng, deja: set[str]) -> str:
    while True:
        premier = "0" if rng.random() < 0.06 else str(rng.choice([3, 4, 5, 7, 8, 9]))
        siren = _completer_luhn(premier + "".join(str(d) for d in rng.integers(0, 10, 7)))
        siret = _completer_luhn(siren + "000" + "".join(str(d) for d in rng.integers(0, 10, 1)) )
        if siret not in deja and not siret.startswith("356000000"):
            deja.add(siret)
            return siret


# ---------------------------------------------------------------- fournisseurs
def _fournisseurs(org, rng):
    """Pour chaque famille : liste de fournisseurs (nom, siret, poids, cpv, inclusif)."""
    deja_siret: set[str] = set()
    deja_nom: set[str] = set()
    resultat = {}
    poids_familles = org["poids"]
    for code in poids_familles:
        metiers, codes_cpv, inclusif = CATALOGUE[code]
        base = org["fournisseurs_par_famille"]
        n = max(3, int(round(base * (0.5 + math.sqrt(poids_familles[code]) / 2))))
        if code.startswith("F-") and code not in ("F-ELEC", "F-GAZ", "F-EAU", "F-CHAL"):
            n = int(n * 1.5)
        if code in ("F-ELEC", "F-GAZ", "F-EAU", "F-CHAL", "S-ASSA", "F-COLL"):
            n = min(n, 3)
        # Queue lourde : poids de Pareto (indice 0,9), triés du plus gros au plus petit.
        poids = np.sort(rng.pareto(0.9, n) + 0.05)[::-1]
        liste = []
        for i in range(n):
            est_inclusif = inclusif is not None and i in (1, 3) and n > 3
            while True:
                racine = RACINES[int(rng.integers(len(RACINES)))]
                metier = metiers[int(rng.integers(len(metiers)))]
                if est_inclusif:
                    nom = f"{inclusif} {racine}" if inclusif != "ESAT" else f"ESAT Les Ateliers {racine}"
                else:
                    forme = FORMES[int(rng.integers(len(FORMES)))]
                    nom = f"{metier} {racine} {forme}" if rng.random() < 0.5 else f"{racine} {metier}"
                if nom not in deja_nom:
                    deja_nom.add(nom)
                    break
            k = int(rng.integers(len(codes_cpv)))
            principal = codes_cpv[k]
            liste.append({
                "nom": nom,
                "siret": _siret_aleatoire(rng, deja_siret),
                "poids": float(poids[i]),
                "cpv": [principal] + [c for j, c in enumerate(codes_cpv) if j != k][: int(rng.integers(0, 2))],
                "inclusif": est_inclusif,
            })
        resultat[code] = liste
    return resultat


# ---------------------------------------------------------------- marchés
def _ajouter_mois(d: date, mois: int) -> date:
    m = d.month - 1 + mois
    annee, m = d.year + m // 12, m % 12 + 1
    return date(annee, m, min(d.day, 28))


def _jour_ouvre(d: date) -> date:
    """Le premier jour ouvré (lundi à vendredi, hors 1er janvier) à partir de `d`."""
    while d.weekday() >= 5 or (d.month, d.day) == (1, 1):
        d += timedelta(days=1)
    return d


def _durees(code: str):
    if code.startswith("T-"):
        return [4, 6, 9, 12, 18], [0.15, 0.3, 0.25, 0.2, 0.1]
    if code in ("F-ELEC", "F-GAZ", "S-ASSU", "S-DECH", "S-REST", "S-TRAN"):
        return [36, 48], [0.5, 0.5]
    return [12, 24, 36, 48], [0.25, 0.3, 0.3, 0.15]


def _procedure(code, montant, annee, rng):
    seuil_fs, seuil_t = SEUILS[annee]
    seuil = seuil_t if code.startswith("T-") else seuil_fs
    if code in ("F-LOGI", "S-CULT", "PI-JURI") and rng.random() < 0.3:
        return "Marché passé sans publicité ni mise en concurrence préalable"
    if montant < seuil:
        return "Procédure adaptée"
    tirage = rng.random()
    if code == "PI-MOE":
        return "Procédure avec négociation" if tirage < 0.6 else "Appel d'offres ouvert"
    if tirage < 0.84:
        return "Appel d'offres ouvert"
    return "Procédure avec négociation" if tirage < 0.95 else "Appel d'offres restreint"


def _marches(org, fournisseurs, depenses_fournisseur, rng):
    """Chaînes de contrats successifs pour chaque fournisseur important d'une famille."""
    contrats = []
    for code, liste in fournisseurs.items():
        valeurs, probas = _durees(code)
        for f in liste:
            annuel = np.mean([depenses_fournisseur.get((code, f["siret"], a), 0.0) for a in ANNEES])
            if annuel < 15_000:
                continue
            # Premier contrat en cours au 1er janvier 2023 : tiré proportionnellement à sa durée.
            biais = np.array(probas) * np.array(valeurs)
            duree = int(rng.choice(valeurs, p=biais / biais.sum()))
            debut = _ajouter_mois(DEBUT_HISTORIQUE, -int(rng.integers(1, duree + 1)))
            debut += timedelta(days=int(rng.integers(0, 25)))
            while debut <= FIN_HISTORIQUE:
                debut = _jour_ouvre(debut)
                montant = annuel * duree / 12 * float(rng.uniform(1.0, 1.3))
                montant = float(round(montant, -2))
                fin = _ajouter_mois(debut, duree)
                if montant >= SEUIL_PUBLICATION:
                    numero = f"{len(contrats):06d}"  # provisoire : renuméroté plus bas
                    gabarit = f["cpv"][0][1]
                    objet = gabarit.replace(" — {site}", "").replace("{site}", "divers sites")
                    accord_cadre = (not code.startswith("T-")) and rng.random() < 0.6
                    if code.startswith("T-"):
                        site = org["sites"][int(rng.integers(len(org["sites"])))]
                        objet = gabarit.replace("{site}", site)
                    contrats.append({
                        "id": numero, "famille": code, "cpv": f["cpv"][0][0], "objet": objet,
                        "titulaire": f, "debut": debut, "fin": fin, "duree": duree, "montant": montant,
                        "accord_cadre": accord_cadre,
                    })
                debut = fin - timedelta(days=int(rng.integers(0, 20)))
                duree = int(rng.choice(valeurs, p=probas))
    # Numérotation dans l'ordre des notifications, par année.
    contrats.sort(key=lambda c: (c["debut"], c["id"]))
    compteurs = {}
    for c in contrats:
        annee = c["debut"].year
        compteurs[annee] = compteurs.get(annee, 0) + 1
        c["id"] = org["prefixe_marche"].format(annee=annee, aa=str(annee)[2:]) + f"{compteurs[annee]:04d}"
    return contrats


def _considerations(org, contrats, rng):
    """Attribue les considérations sociales et environnementales, en parts croissantes par année."""
    facteur = {1: 0.3, 2: 0.7, 3: 1.1, 4: 1.5}
    enjeux = {c["famille"]: famille(c["famille"]) for c in contrats}
    for annee in ANNEES:
        de_l_annee = [c for c in contrats if c["debut"].year == annee]
        n = len(de_l_annee)
        if n == 0:
            continue
        for cle, parts, enjeu in (
            ("env", org["parts_environnement"], "enjeu_environnemental"),
            ("soc", org["parts_social"], "enjeu_social"),
        ):
            poids = np.array([
                facteur[enjeux[c["famille"]][enjeu]] * (4.0 if cle == "soc" and c["titulaire"]["inclusif"] else 1.0)
                for c in de_l_annee
            ])
            k = int(round(parts[annee] * n))
            choisis = set(rng.choice(n, size=k, replace=False, p=poids / poids.sum()).tolist())
            for i, c in enumerate(de_l_annee):
                c[cle] = _valeurs_consideration(cle, c, i in choisis, rng)
    for c in contrats:
        for cle in ("env", "soc"):
            c.setdefault(cle, _valeurs_consideration(cle, c, False, rng))
            if rng.random() < PART_CONSIDERATIONS_INCONNUES:
                c[cle] = None  # inconnu : le champ manque dans la publication


def _valeurs_consideration(cle, contrat, positive, rng):
    if cle == "env":
        if not positive:
            return ["Pas de considération environnementale"]
        t = rng.random()
        return (["Clause environnementale"] if t < 0.7 else ["Critère environnemental"] if t < 0.9
                else ["Clause environnementale", "Critère environnemental"])
    if not positive:
        return ["Pas de considération sociale"]
    if contrat["titulaire"]["inclusif"]:
        return ["Marché réservé"]
    t = rng.random()
    if contrat["famille"].startswith("T-"):
        return ["Clause sociale"] if t < 0.85 else ["Clause sociale", "Critère social"]
    return ["Clause sociale"] if t < 0.6 else ["Critère social"] if t < 0.85 else ["Clause sociale", "Critère social"]


# ---------------------------------------------------------------- dépenses
def _dates(annee, n, rng):
    poids = POIDS_MOIS / POIDS_MOIS.sum()
    mois = rng.choice(12, size=n, p=poids) + 1
    jours = rng.integers(1, 29, size=n)
    resultat = []
    for m, j in zip(mois, jours):
        d = date(annee, int(m), int(j))
        while d.weekday() >= 5:
            d -= timedelta(days=1)
        if d.year != annee or (d.month, d.day) == (1, 1):
            d = date(annee, 1, 2) if date(annee, 1, 2).weekday() < 5 else date(annee, 1, 4)
        resultat.append(d)
    return resultat


def _depenses(org, fournisseurs, rng):
    """Montants par (famille, fournisseur, année) : poids de Pareto perturbés chaque année."""
    poids_familles = org["poids"]
    total_poids = sum(poids_familles.values())
    montants = {}
    for annee in ANNEES:
        total = org["depenses"][annee]
        for code, liste in fournisseurs.items():
            part = poids_familles[code] / total_poids * float(rng.lognormal(0, 0.08))
            w = np.array([f["poids"] for f in liste]) * rng.lognormal(0, 0.35, len(liste))
            # Rotation : chaque année, une partie des petits fournisseurs n'a aucune facture.
            actifs = rng.random(len(liste)) >= PART_FOURNISSEURS_ABSENTS
            actifs[:3] = True
            w = np.where(actifs, w, 0.0)
            w = w / w.sum()
            for f, wi in zip(liste, w):
                montants[(code, f["siret"], annee)] = total * part * float(wi)
    # Normalisation : le total annuel est exactement celui du profil.
    for annee in ANNEES:
        somme = sum(v for (c, s, a), v in montants.items() if a == annee)
        for cle in [k for k in montants if k[2] == annee]:
            montants[cle] *= org["depenses"][annee] / somme
    return montants


def _lignes(org, fournisseurs, montants, contrats, rng):
    poids_familles = org["poids"]
    facteur_type = {"F": 2.0, "S": 1.0, "P": 0.6, "T": 0.5}
    lignes = []
    actifs = {}
    for c in contrats:
        actifs.setdefault((c["famille"], c["titulaire"]["siret"]), []).append(c)
    for annee in ANNEES:
        poids_lignes = {code: math.sqrt(p) * facteur_type[code[0]] for code, p in poids_familles.items()}
        somme = sum(poids_lignes.values())
        for code, liste in fournisseurs.items():
            n_famille = org["lignes_par_an"] * poids_lignes[code] / somme
            w = np.array([montants[(code, f["siret"], annee)] for f in liste])
            part_lignes = w ** 0.6 / (w ** 0.6).sum()
            for f, pl in zip(liste, part_lignes):
                total = montants[(code, f["siret"], annee)]
                if total < 60:
                    continue
                n = max(1, int(round(n_famille * pl * float(rng.uniform(0.7, 1.3)))))
                n = min(n, max(1, int(total // 40)))
                parts = rng.dirichlet(np.full(n, 1.5))
                positifs = []
                for d, p in zip(_dates(annee, n, rng), parts):
                    cpv, gabarit = f["cpv"][int(rng.integers(len(f["cpv"])))]
                    site = org["sites"][int(rng.integers(len(org["sites"])))]
                    objet = gabarit.replace("{site}", site)
                    positifs.append({"date": d, "famille": code, "fournisseur": f, "cpv": cpv, "objet": objet,
                                     "montant": float(p)})
                avoirs = []
                for ligne in positifs:
                    if len(positifs) > 2 and rng.random() < PART_AVOIRS:
                        jour = min(ligne["date"] + timedelta(days=int(rng.integers(10, 60))), date(annee, 12, 31))
                        while jour.weekday() >= 5:
                            jour -= timedelta(days=1)
                        avoirs.append({**ligne, "date": jour, "objet": "Avoir — " + ligne["objet"],
                                       "montant": -ligne["montant"] * float(rng.uniform(0.05, 0.6))})
                groupe = positifs + avoirs
                net = sum(x["montant"] for x in groupe)
                for x in groupe:
                    x["montant"] = round(x["montant"] * total / net, 2)
                    x["marche_id"] = _marche_actif(actifs, code, f, x["date"])
                lignes.extend(groupe)
    lignes.sort(key=lambda x: (x["date"], x["fournisseur"]["nom"], -x["montant"]))
    return lignes


def _marche_actif(actifs, code, f, jour):
    for c in actifs.get((code, f["siret"]), []):
        if c["debut"] <= jour < c["fin"]:
            return c["id"]
    return ""


# ---------------------------------------------------------------- assemblage
def _completer_contrats(contrats, fournisseurs, rng):
    """Procédure, offres, avance, co-titulaires, modifications : ce que publient les DECP."""
    for c in contrats:
        annee = c["debut"].year
        c["procedure"] = _procedure(c["famille"], c["montant"], min(max(annee, 2023), 2025), rng)
        c["offres"] = 1 if c["procedure"].startswith("Marché passé sans") else int(rng.integers(1, 9))
        c["avance"] = bool(rng.random() < 0.3)
        c["sous_traitance"] = bool(c["famille"].startswith("T-") and rng.random() < 0.4)
        c["publication"] = int(rng.integers(5, 45))
        c["titulaires"] = [c["titulaire"]]
        autres = [f for f in fournisseurs[c["famille"]] if f["siret"] != c["titulaire"]["siret"]]
        if c["famille"].startswith("T-") and autres and rng.random() < 0.06:
            c["titulaires"].append(autres[int(rng.integers(len(autres)))])
        if rng.random() < PART_MODIFICATIONS:
            n = 1 if rng.random() < 0.85 else 2
            montant, duree, mods = c["montant"], c["duree"], []
            for k in range(n):
                montant = float(round(montant * float(rng.uniform(1.03, 1.15)), -2))
                duree = duree + int(rng.choice([0, 0, 3, 6]))
                jour = c["debut"] + timedelta(days=int(30 * c["duree"] * (k + 1) / (n + 1)))
                mods.append({"date": jour, "montant": montant, "duree": duree})
            c["modifications"] = mods


def generer_organisation(org, graine, sortie: Path) -> dict[str, int]:
    rng = np.random.default_rng([graine, ORGANISATIONS.index(org)])
    for code, (_, codes_cpv, _) in CATALOGUE.items():
        for cpv, _ in codes_cpv:
            assert famille_du_cpv(cpv) == code and cle_cpv(cpv), (code, cpv)
    org = dict(org)
    org["siren"] = _completer_luhn(org["siren_prefixe"] + "".join(str(d) for d in rng.integers(0, 10, 3)))
    org["siret"] = _completer_luhn(org["siren"] + "0001")
    deja: set[str] = set()
    org["siret_delegataire"] = _siret_aleatoire(rng, deja)
    org["siret_aquatique"] = _siret_aleatoire(rng, deja)
    fournisseurs = _fournisseurs(org, rng)
    montants = _depenses(org, fournisseurs, rng)
    contrats = _marches(org, fournisseurs, montants, rng)
    _completer_contrats(contrats, fournisseurs, rng)
    _considerations(org, contrats, rng)
    lignes = _lignes(org, fournisseurs, montants, contrats, rng)
    publies = [c for c in contrats if DEBUT_HISTORIQUE <= c["debut"] <= FIN_HISTORIQUE]

    dossier = sortie / org["slug"]
    fichiers = {"achats": [], "marches": []}
    for annee in ANNEES:
        de_l_annee = [x for x in lignes if x["date"].year == annee]
        if org["achats"] == "tableur_sale":
            nom, contenu = f"export_mandats_{annee}.csv", achats_tableur_sale(org, de_l_annee, annee, rng)
        elif org["achats"] == "csv":
            nom, contenu = f"achats_{annee}.csv", achats_csv(de_l_annee)
        else:
            nom, contenu = f"achats_{annee}.csv", achats_csv_excel(org, de_l_annee)
        ecrire(dossier / nom, contenu)
        fichiers["achats"].append(nom)
    if org["marches"] == "decp_json":
        nom, contenu = "marches_decp_2023-2025.json", decp_json(org, publies)
    elif org["marches"] == "xlsx":
        nom, contenu = "marches.xlsx", marches_xlsx(org, publies)
    else:
        nom, contenu = "marches.csv", marches_csv(org, publies)
    ecrire(dossier / nom, contenu)
    fichiers["marches"].append(nom)
    ecrire(dossier / "profil.yaml", profil(org, fichiers))
    return {"lignes": len(lignes), "marches": len(publies)}


def generer(sortie: Path, graine: int = GRAINE) -> dict[str, dict[str, int]]:
    """Écrit toutes les organisations dans `sortie`/<slug>/ ; rend les volumes par organisation."""
    return {org["slug"]: generer_organisation(org, graine, Path(sortie)) for org in ORGANISATIONS}


def main(argv=None) -> int:
    parseur = argparse.ArgumentParser(description="Génère les organisations exemples fictives du kit SPASER.")
    parseur.add_argument("sortie", nargs="?", default=str(Path(__file__).resolve().parent),
                         help="dossier de sortie (défaut : datasets/)")
    parseur.add_argument("--graine", type=int, default=GRAINE, help=f"graine aléatoire (défaut : {GRAINE})")
    arguments = parseur.parse_args(argv)
    for slug, volumes in generer(Path(arguments.sortie), arguments.graine).items():
        print(f"{slug} : {volumes['lignes']} lignes de dépenses, {volumes['marches']} marchés publiés")
    return 0


if __name__ == "__main__":
    sys.exit(main())
