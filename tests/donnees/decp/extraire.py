"""Fabrique les extraits de fichiers DECP réels de ce dossier (outil de développement, pas un test).

Usage : python tests/donnees/decp/extraire.py DOSSIER_SOURCE
où DOSSIER_SOURCE contient les fichiers d'origine (voir README.md : dépôts, chemins, commits).
La sélection est déterministe : pour chaque bizarrerie, les premiers enregistrements du fichier qui
la présentent, et TOUS les enregistrements des paires (acheteur, id) retenues, pour que le
regroupement soit testé sur des groupes complets.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ICI = Path(__file__).parent / "reels"
# Codes CPV 2008 officiels (code à 8 chiffres -> code avec chiffre de contrôle), pour trouver les clés fausses.
with open(Path(__file__).parents[3] / "spaserlib" / "donnees" / "cpv_2008_fr.csv", encoding="utf-8") as f:
    CPV_OFFICIELS = {ligne["code8"]: ligne["code_cpv"] for ligne in csv.DictReader(f)}


def cle_cpv_fausse(m):
    code = str(m.get("codeCPV", "")).replace(" ", "")
    return re.fullmatch(r"\d{8}-\d", code) is not None and CPV_OFFICIELS.get(code[:8], code) != code


def cle(m):
    acheteur = m.get("acheteur") or m.get("autoriteConcedante") or {}
    return (str(acheteur.get("id")), str(m.get("id")))


def premiers(marches, condition, n):
    return [i for i, m in enumerate(marches) if condition(m)][:n]


def montant(m):
    return str(m.get("montant"))


def selection(marches, partages=()):
    cles = Counter(cle(m) for m in marches if m.get("id"))
    repetees = [c for c, n in cles.items() if n > 1][:3] + [c for c in partages][:3]
    choisis = set()
    choisis.update(i for i, m in enumerate(marches) if cle(m) in set(repetees))
    for condition, n in [
        (lambda m: bool(m.get("modifications")), 4),
        (lambda m: "concession" in str(m.get("_type", "")).casefold(), 4),
        (lambda m: "concession" in str(m.get("_type", "")).casefold() and not m.get("id"), 2),
        (lambda m: not m.get("id"), 2),
        (lambda m: "titulaires" in m and m["titulaires"] is None, 2),
        (lambda m: montant(m) in ("99999999", "999999999"), 5),
        (lambda m: montant(m) in ("0", "0.0", "0.00"), 2),
        (lambda m: re.search(r"[+-]\d\d:\d\d$", str(m.get("dateNotification", ""))) is not None, 2),
        (lambda m: str(m.get("dateNotification", "")).startswith("0"), 2),
        (lambda m: re.fullmatch(r"\d{7}", str(m.get("codeCPV", ""))) is not None, 2),
        (lambda m: "-" in str(m.get("codeCPV", "")), 1),
        (cle_cpv_fausse, 2),
        (lambda m: " " in str(m.get("codeCPV", "")), 2),
        (lambda m: m.get("codeCPV") in ("", None) and "codeCPV" in m, 1),
        (lambda m: "\ufffd" in json.dumps(m, ensure_ascii=False), 2),
        (lambda m: any(isinstance(t, dict) and str(t.get("typeIdentifiant", "")).upper() not in ("SIRET", "")
                       for t in (m.get("titulaires") or [])), 1),
        (lambda m: len(m.get("titulaires") or []) > 2, 1),
        (lambda m: any(isinstance(x, dict) and x.get("montant") is None for x in (m.get("modifications") or [])), 2),
    ]:
        choisis.update(premiers(marches, condition, n))
    return [marches[i] for i in sorted(choisis)]


def extraire_json(source: Path, cible: str, partages=()):
    donnees = json.loads(source.read_text(encoding="utf-8"))
    marches = selection(donnees["marches"], partages)
    texte = json.dumps({"marches": marches}, ensure_ascii=False, indent=2)
    (ICI / cible).write_text(texte + "\n", encoding="utf-8")
    print(cible, len(marches), "enregistrements")


def extraire_csv(source: Path, cible: str):
    lignes = list(csv.DictReader(io.StringIO(source.read_text(encoding="utf-8"))))
    par_uid = defaultdict(list)
    for i, ligne in enumerate(lignes):
        par_uid[ligne["uid"]].append(i)
    uids = []
    for condition, n in [
        (lambda l: l["id"] == "202" and l["acheteur_id"] == "77918639400028", 1),
        (lambda l: l["uid"] in ("18310007200259202362", "04555025800029202405", "18001404502245202449309",
                                "194909701003032023"), 5),
        (lambda l: len(l["titulaire_id"]) != 14, 20),
        (lambda l: len(l["acheteur_id"]) != 14, 1),
        (lambda l: l["dateNotification"] == "2025-01-01", 7),
        (lambda l: l["procedure"] == "", 3),
        (lambda l: l["procedure"].startswith("Marché négocié"), 2),
    ]:
        trouves = []
        for ligne in lignes:
            # les contrats à plus de 20 lignes (jusqu'à 252) grossiraient l'extrait sans rien apprendre
            if condition(ligne) and ligne["uid"] not in trouves and len(par_uid[ligne["uid"]]) <= 20:
                trouves.append(ligne["uid"])
        uids.extend(u for u in trouves[:n] if u not in uids)
    for ligne in lignes:  # on complète avec les premiers contrats du fichier, jusqu'à ~200 lignes
        if sum(len(par_uid[u]) for u in uids) >= 200:
            break
        if ligne["uid"] not in uids and len(par_uid[ligne["uid"]]) <= 20:
            uids.append(ligne["uid"])
    garder = sorted(i for u in uids for i in par_uid[u])
    entete = source.read_text(encoding="utf-8").split("\n", 1)[0]
    sortie = io.StringIO()
    ecrivain = csv.DictWriter(sortie, fieldnames=entete.split(","), lineterminator="\n")
    ecrivain.writeheader()
    for i in garder:
        ecrivain.writerow(lignes[i])
    (ICI / cible).write_text(sortie.getvalue(), encoding="utf-8")
    print(cible, len(garder), "lignes,", len(uids), "uid")


def main(dossier: str):
    d = Path(dossier)
    pes = json.loads((d / "decp2019_rama_data.gouv.fr_pes.json").read_text(encoding="utf-8"))["marches"]
    mpi = json.loads((d / "decp2019_rama_marches-publics.info.json").read_text(encoding="utf-8"))["marches"]
    communs = sorted({cle(m) for m in pes} & {cle(m) for m in mpi})
    extraire_json(d / "decp2019_rama_data.gouv.fr_aife.json", "aife_extrait.json")
    extraire_json(d / "decp2019_rama_marches-publics.info.json", "mpi_extrait.json", communs)
    extraire_json(d / "decp2019_rama_data.gouv.fr_pes.json", "pes_extrait.json", communs)
    extraire_json(d / "decp2019_rama_e-marchespublics.json", "e-marchespublics_extrait.json")
    extraire_json(d / "decp2019_croix_21590163800019_2019-2021.json", "croix_extrait.json")
    extraire_csv(d / "decp2024_tabulaire_2024H2_travaux_cpv4521.csv", "tabulaire_extrait.csv")


if __name__ == "__main__":
    main(sys.argv[1])
