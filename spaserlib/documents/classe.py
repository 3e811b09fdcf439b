"""Les rapports de toute une classe : un rapport par participant, en parallèle.

Le fichier des participants (CSV, séparateur « , » ou « ; ») a une ligne par participant et les
colonnes `nom` et `donnees`, et en option `objectifs`, `collectivite`, `annee` ; les chemins sont
relatifs au fichier CSV. Chaque rapport est écrit dans `SORTIE/<nom en minuscules sans accents>/`.

Les participants sont répartis sur une réserve bornée de processus (`--jobs`), chacun exécutant les
notebooks en lui-même, sans noyau Jupyter (`execution.moteur_du_processus`) ; l'échec d'un participant n'arrête pas les autres. Une relance saute les participants
dont les entrées n'ont pas changé : l'empreinte SHA-256 des fichiers de données, des objectifs, des
notebooks et de la version du kit est gardée dans le `rapport.json` de chaque rapport.
À la fin, `resume.csv` et `resume.html` disent, par participant : fait, inchangé ou échoué (avec la
raison et l'étape en échec), et la durée.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from spaserlib import __version__
from spaserlib.commun.ecriture import ecrire_texte
from spaserlib.commun.tableur import ecrire_csv
from spaserlib.commun.erreurs import ErreurFichier
from spaserlib.commun.identifiants import nom_sur
from spaserlib.commun.gabarits import rendre
from spaserlib.documents.execution import executer_en_parallele, moteur_du_processus
from spaserlib.lecture.organisation import refuser_fichier_special

FAIT, INCHANGE, ECHOUE = "fait", "inchangé", "échoué"
COLONNES_RESUME = ["participant", "statut", "etape", "raison", "duree_s", "dossier"]


@dataclass
class Participant:
    nom: str
    donnees: Path
    objectifs: Path | None
    collectivite: str | None
    annee: int | None
    ligne: int


@dataclass
class Resultat:
    participant: str
    statut: str
    etape: str = ""
    raison: str = ""
    duree_s: float = 0.0
    dossier: str = ""


def lire_participants(chemin: str | Path) -> list[Participant]:
    """Lit le fichier des participants ; lève ErreurFichier (ligne, colonne, valeur) au premier défaut."""
    chemin = Path(chemin)
    if not chemin.is_file():
        raise ErreurFichier(chemin, "fichier des participants introuvable.", "Indiquez un fichier CSV (nom, donnees, objectifs).")
    texte = chemin.read_text(encoding="utf-8-sig")
    premiere = texte.splitlines()[0] if texte.strip() else ""
    separateur = ";" if premiere.count(";") > premiere.count(",") else ","
    lignes = list(csv.DictReader(texte.splitlines(), delimiter=separateur))
    colonnes = {c.strip().lower() for c in (lignes[0].keys() if lignes else premiere.split(separateur))}
    manquantes = [c for c in ("nom", "donnees") if c not in colonnes]
    if manquantes:
        raise ErreurFichier(chemin, f"colonne(s) absente(s) : {', '.join(manquantes)}.",
                            "La première ligne doit nommer les colonnes : nom, donnees (et objectifs en option).")
    participants, dossiers = [], {}
    for numero, brute in enumerate(lignes, start=2):
        ligne = {(k or "").strip().lower(): (v or "").strip() for k, v in brute.items()}
        if not any(ligne.values()):
            continue
        nom = ligne.get("nom", "")
        if not nom:
            raise ErreurFichier(chemin, f"ligne {numero}, colonne « nom » : nom vide.", "Donnez un nom à chaque participant.")
        if not ligne.get("donnees"):
            raise ErreurFichier(chemin, f"ligne {numero}, colonne « donnees » : chemin vide pour « {nom} ».",
                                "Indiquez le dossier ou le fichier de données du participant.")
        dossier = nom_sur(nom)
        if dossier in dossiers:
            raise ErreurFichier(chemin, f"ligne {numero}, colonne « nom » (valeur : « {nom} ») : même dossier de sortie "
                                f"« {dossier} » que la ligne {dossiers[dossier]}.", "Donnez des noms distincts aux participants.")
        dossiers[dossier] = numero
        annee = ligne.get("annee") or None
        if annee is not None and not annee.isdigit():
            raise ErreurFichier(chemin, f"ligne {numero}, colonne « annee » (valeur : « {annee} ») : année illisible.",
                                "Écrivez l'année sur quatre chiffres (2024) ou laissez la case vide.")
        participants.append(Participant(
            nom=nom,
            donnees=(chemin.parent / ligne["donnees"]).resolve(),
            objectifs=(chemin.parent / ligne["objectifs"]).resolve() if ligne.get("objectifs") else None,
            collectivite=ligne.get("collectivite") or None,
            annee=int(annee) if annee else None,
            ligne=numero,
        ))
    return participants


def _ajouter_fichiers(h, chemin: Path | None) -> None:
    if chemin is None:
        h.update(b"\0aucun")
        return
    refuser_fichier_special(chemin, "les données du participant")
    fichiers = sorted(p for p in chemin.rglob("*") if p.is_file()) if chemin.is_dir() else [chemin]
    for fichier in fichiers:
        h.update(str(fichier.relative_to(chemin) if chemin.is_dir() else fichier.name).encode() + b"\0")
        h.update(fichier.read_bytes() if fichier.exists() else b"\0absent")


def empreinte(participant: Participant, notebooks: list[Path], date_reference=None, modele: Path | None = None) -> str:
    """SHA-256 des entrées d'un rapport : données, objectifs, notebooks, options, date de référence (le
    droit lu à une autre date donne un autre rapport), modèle Word du projet et version du kit."""
    h = hashlib.sha256()
    h.update(f"kit {__version__}\0{participant.nom}\0{participant.collectivite}\0{participant.annee}\0".encode())
    if date_reference is not None:
        h.update(f"date {date_reference}\0".encode())
    _ajouter_fichiers(h, participant.donnees)
    _ajouter_fichiers(h, participant.objectifs)
    for notebook in notebooks:
        h.update(notebook.name.encode() + b"\0" + notebook.read_bytes())
    if modele is not None:
        h.update(b"modele\0" + Path(modele).read_bytes())
    return h.hexdigest()


def _empreinte_existante(dossier: Path) -> str | None:
    try:
        return json.loads((dossier / "rapport.json").read_text(encoding="utf-8")).get("empreinte")
    except (OSError, ValueError):
        return None


def _traiter(tache: dict) -> Resultat:
    """Produit le rapport d'un participant dans un processus de la réserve ; n'échoue jamais, rend le résultat."""
    from spaserlib.documents.rapport import produire_rapport

    logging.getLogger("papermill").setLevel(logging.ERROR)
    participant: Participant = tache["participant"]
    debut = time.perf_counter()
    try:
        produire_rapport(
            participant.donnees, tache["dossier"], collectivite=participant.collectivite, annee=participant.annee,
            objectifs=participant.objectifs, notebooks=tache["notebooks"], moteur=moteur_du_processus(),
            complements={"empreinte": tache["empreinte"], "participant": participant.nom},
            date_reference=tache.get("date_reference"), modele=tache.get("modele"),
        )
    except Exception as erreur:  # un participant en échec ne doit pas arrêter la classe
        # Les deux premières lignes suffisent au résumé (quoi et où) ; le détail est dans le message complet.
        raison = " / ".join(l.strip() for l in str(erreur).splitlines()[:2] if l.strip()) or type(erreur).__name__
        return Resultat(participant.nom, ECHOUE, getattr(erreur, "etape", "") or "inconnue", raison,
                        round(time.perf_counter() - debut, 2), str(tache["dossier"]))
    return Resultat(participant.nom, FAIT, "", "", round(time.perf_counter() - debut, 2), str(tache["dossier"]))


def produire_classe(participants_csv: str | Path, sortie: str | Path, *, jobs: int | None = None, force: bool = False,
                    notebooks: list[Path] | None = None, progression: bool = True, date_reference=None,
                    modele: str | Path | None = None) -> list[Resultat]:
    """Produit les rapports de tous les participants ; renvoie un résultat par participant (ordre du fichier).

    `date_reference` : la date à laquelle le droit est lu, la même pour toute la classe (None : la date du
    jour, fixée au lancement). `modele` : le modèle Word de la collectivité, le même pour tous les projets
    de SPASER (vérifié avant le premier rapport).

    Écrit aussi SORTIE/resume.csv et SORTIE/resume.html. Lève ErreurFichier si le fichier des
    participants est illisible ; les échecs d'un participant sont dans son résultat.
    """
    from spaserlib.commun.calendrier import lire_date_reference
    from spaserlib.documents.rapport import notebooks_par_defaut

    from spaserlib.documents.word import verifier_modele

    jour = lire_date_reference(date_reference)
    verifier_modele(modele)
    modele = Path(modele).resolve() if modele else None
    participants = lire_participants(participants_csv)
    sortie = Path(sortie).resolve()
    sortie.mkdir(parents=True, exist_ok=True)
    liste = [Path(n).resolve() for n in (notebooks_par_defaut() if notebooks is None else notebooks)]
    resultats: dict[str, Resultat] = {}
    taches = []
    for participant in participants:
        dossier = sortie / nom_sur(participant.nom)
        try:
            signature = empreinte(participant, liste, jour.isoformat(), modele)
        except (OSError, ErreurFichier) as erreur:
            resultats[participant.nom] = Resultat(participant.nom, ECHOUE, "lecture des données", str(erreur), 0.0, str(dossier))
            continue
        if not force and _empreinte_existante(dossier) == signature:
            resultats[participant.nom] = Resultat(participant.nom, INCHANGE, "", "entrées inchangées depuis le dernier rapport", 0.0, str(dossier))
            continue
        taches.append({"participant": participant, "dossier": dossier, "notebooks": liste, "empreinte": signature,
                       "date_reference": jour, "modele": modele})
    barre = None
    if progression and taches:
        from tqdm import tqdm

        barre = tqdm(total=len(taches), desc="Rapports", unit="participant")
    for tache, resultat in executer_en_parallele(_traiter, taches, jobs=jobs):
        if isinstance(resultat, BaseException):
            resultat = Resultat(tache["participant"].nom, ECHOUE, "processus de la réserve",
                                f"{type(resultat).__name__} : {resultat}", 0.0, str(tache["dossier"]))
        resultats[tache["participant"].nom] = resultat
        if barre is not None:
            barre.set_postfix_str(f"{resultat.participant} : {resultat.statut}", refresh=False)
            barre.update(1)
    if barre is not None:
        barre.close()
    ordonnes = [resultats[p.nom] for p in participants]
    ecrire_resume(ordonnes, sortie)
    return ordonnes


def ecrire_resume(resultats: list[Resultat], sortie: Path) -> tuple[Path, Path]:
    """Écrit resume.csv et resume.html (d'un bloc chacun) ; renvoie leurs chemins."""
    chemin_csv, chemin_html = sortie / "resume.csv", sortie / "resume.html"
    # CSV pour Excel en français (« ; », virgule décimale, BOM), noms de participants neutralisés.
    ecrire_csv((asdict(r) for r in resultats), chemin_csv, colonnes=COLONNES_RESUME)
    lignes = [dict(asdict(r), lien=(Path(r.dossier).name + "/index.html") if r.statut != ECHOUE else None) for r in resultats]
    texte = rendre("resume.html.j2", resultats=lignes, compte=compter(resultats))
    ecrire_texte(chemin_html, texte)
    return chemin_csv, chemin_html


def compter(resultats: list[Resultat]) -> dict[str, int]:
    """Nombre de participants par statut (fait, inchangé, échoué)."""
    return {statut: sum(1 for r in resultats if r.statut == statut) for statut in (FAIT, INCHANGE, ECHOUE)}


def texte_resume(resultats: list[Resultat]) -> str:
    """Le résumé imprimé à la fin de `spaser classe`."""
    compte = compter(resultats)
    lignes = [f"{len(resultats)} participant(s) : {compte[FAIT]} fait(s), {compte[INCHANGE]} inchangé(s), {compte[ECHOUE]} échoué(s)."]
    for r in resultats:
        if r.statut == ECHOUE:
            lignes.append(f"  ✘ {r.participant} — étape « {r.etape} » : {r.raison}")
        else:
            lignes.append(f"  ✔ {r.participant} — {r.statut}" + (f" en {r.duree_s:.1f} s" if r.statut == FAIT else ""))
    return "\n".join(lignes)
