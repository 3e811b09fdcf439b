"""Le rapport d'une organisation : notebooks exécutés et rendus, sommaire, projet de SPASER.

`produire_rapport` écrit un dossier :

    index.html              le sommaire : chiffres clés et liens vers chaque partie
    <notebook>.html         une page par notebook de rapport, sans le code
    projet-spaser.docx/.html le projet de SPASER (voir spaserlib.documents.projet_spaser)
    rapport.json            ce qui a été produit, avec quoi et en combien de temps

Tout est écrit dans un dossier temporaire voisin, puis mis en place d'un bloc (renommage) : une
exécution interrompue ou en échec ne laisse jamais un rapport à moitié écrit à la place d'un bon.
Le texte venant des données est échappé (jinja2 en échappement automatique ; pandas échappe les
tables des notebooks).
"""

from __future__ import annotations

import json
import secrets
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

from spaserlib import __version__
from spaserlib.commun.erreurs import ErreurFichier, ErreurSpaser
from spaserlib.commun.ecriture import dossier_temporaire, remplacer_dossier
from spaserlib.commun.gabarits import rendre
from spaserlib.commun.ressources import dossier_kit
from spaserlib.documents.execution import Moteur, ecrire_page, notebooks_de_rapport, nouveau_moteur
from spaserlib.lecture.pseudonymisation import VARIABLE_CLE, pseudonymiser as pseudonymiser_tables
from spaserlib.analyse.profil import chiffres_cles
from spaserlib.lecture.organisation import charger_organisation

DOSSIER_NOTEBOOKS = dossier_kit("notebooks")
MARQUEUR = "rapport.json"


def etape(erreur: Exception, nom: str) -> Exception:
    """Note sur l'erreur l'étape en échec (attribut `etape`), sans écraser une étape déjà notée."""
    if not getattr(erreur, "etape", None):
        erreur.etape = nom
    return erreur


def notebooks_par_defaut() -> list[Path]:
    """Les notebooks de rapport du cours (notebooks/*.ipynb marqués ``"spaser": {"rapport": true}``)."""
    return notebooks_de_rapport(DOSSIER_NOTEBOOKS) if DOSSIER_NOTEBOOKS.is_dir() else []


def _absolu(chemin):
    return Path(chemin).resolve() if isinstance(chemin, (str, Path)) else chemin


def parametres_notebook(donnees: Path, organisation: str, annee: int | None, pseudonymiser: bool,
                        date_reference=None) -> dict:
    """Les paramètres passés à chaque notebook (cellule `parameters`), en mode sans écran.

    `date_reference` (date, ou None pour la date du jour) est passée en texte AAAA-MM-JJ : le même jour
    pour toutes les pages, même si la production passe minuit."""
    from spaserlib.commun.calendrier import lire_date_reference

    return {
        "donnees": str(Path(donnees).resolve()),
        "collectivite": organisation,
        "annee": annee,
        "interactif": False,
        "pseudonymiser": bool(pseudonymiser),
        "date_reference": lire_date_reference(date_reference).isoformat(),
    }


def statut_spaser(organisation, annee: int | None, date_reference=None) -> str | None:
    """Le statut de la règle « obligation d'adopter un SPASER » évaluée à la date de référence (None :
    aujourd'hui) pour l'année (celui du tableau des obligations des pages et du projet), ou None s'il ne
    peut être évalué."""
    from spaserlib.analyse.obligations import evaluer_obligations
    from spaserlib.commun.calendrier import lire_date_reference
    from spaserlib.documents.diagnostic import REGLE_SPASER

    try:
        table = evaluer_obligations(organisation, date_evaluation=lire_date_reference(date_reference), annee=annee)
    except ErreurSpaser:
        return None
    ligne = table[table["regle"] == REGLE_SPASER]
    return None if ligne.empty else str(ligne["statut"].iloc[0])


def ecrire_index(dossier: Path, nom: str, chiffres: dict, pages: list[dict], *, pseudonymise: bool, fichiers: list[str],
                 statut_obligation: str | None = None, date_reference=None) -> Path:
    """Écrit index.html (le sommaire du rapport) dans `dossier` ; renvoie son chemin.

    `statut_obligation` : le statut de l'obligation d'adopter un SPASER (`statut_spaser`) ; le sommaire
    le dit avec les mots du tableau des obligations (`spaserlib.documents.diagnostic.situation_spaser`).
    """
    from spaserlib.analyse.obligations import NON_APPLICABLE
    from spaserlib.documents.diagnostic import situation_spaser

    situation = situation_spaser(statut_obligation)
    if situation is not None:
        obligation = "Non" if statut_obligation == NON_APPLICABLE else "Oui"
    else:
        obligation = {True: "Oui", False: "Non", None: "—"}[chiffres["obligation_spaser"]]
    volumes = chiffres["volumes"].to_dict("records")
    texte = rendre("index.html.j2",
        organisation=nom,
        c=chiffres,
        obligation=obligation,
        statut_obligation=statut_obligation if situation is not None else None,
        situation_obligation=situation,
        volumes=volumes,
        pages=pages,
        pseudonymise=pseudonymise,
        projet_html="projet-spaser.html",
        projet_docx="projet-spaser.docx",
        date=datetime.now().strftime("%d/%m/%Y à %H:%M"),
        date_reference=date_reference.strftime("%d/%m/%Y") if date_reference else None,
        version=__version__,
        fichiers=fichiers,
    )
    chemin = dossier / "index.html"
    chemin.write_text(texte, encoding="utf-8")
    return chemin


def _verifier_sortie(sortie: Path) -> None:
    """Refuse d'écraser un dossier qui n'est pas un rapport du kit (ni vide)."""
    if sortie.exists():
        if not sortie.is_dir():
            raise ErreurFichier(sortie, "existe et n'est pas un dossier.", "Choisissez un autre chemin pour --sortie.")
        if any(sortie.iterdir()) and not (sortie / MARQUEUR).exists():
            raise ErreurFichier(
                sortie,
                "le dossier n'est pas vide et ne contient pas de rapport du kit : il ne sera pas remplacé.",
                "Choisissez un dossier neuf (ou vide) pour --sortie.",
            )


def produire_rapport(
    donnees: str | Path,
    sortie: str | Path,
    *,
    collectivite: str | None = None,
    annee: int | None = None,
    objectifs: str | Path | None = None,
    pseudonymiser: bool = False,
    notebooks: list[str | Path] | None = None,
    moteur: Moteur | None = None,
    cle_pseudonymisation: str | None = None,
    complements: dict | None = None,
    date_reference=None,
    pairs: str | Path | None = None,
    acheteur: str | None = None,
    periode_pairs=None,
    modele: str | Path | None = None,
) -> Path:
    """Produit le rapport d'une organisation dans le dossier `sortie` ; renvoie ce dossier.

    donnees : dossier de l'organisation ou fichier seul ; collectivite : nom affiché (sinon celui du
    profil) ; annee : année de référence (sinon la dernière année civile complète des achats) ; objectifs : fichier
    d'objectifs (YAML/JSON) ou de réponses d'exercices, ou dossier de réponses ; pseudonymiser :
    fournisseurs et identifiants remplacés par des pseudonymes stables, dans le sommaire, le projet
    et les notebooks (même clé partout, tirée au hasard sauf `cle_pseudonymisation`) ; notebooks :
    liste des notebooks à exécuter (défaut : les notebooks de rapport du cours) ; moteur : un
    moteur déjà démarré à réutiliser (défaut : `execution.nouveau_moteur`, pour ce seul rapport) ; complements :
    champs ajoutés au manifeste rapport.json (empreinte des entrées pour `spaser classe`…) ;
    date_reference : la date à laquelle le droit est lu dans les pages, le sommaire et le projet
    (date, « AAAA-MM-JJ », ou None pour la date du jour) : règles en vigueur au présent, à venir au futur ;
    modele : le modèle Word de la collectivité (.docx ou .dotx) dont le projet de SPASER DOCX reprend les
    styles et la mise en page (vérifié avant toute exécution).
    pairs : un fichier DECP national ou à plusieurs acheteurs ; le rapport reçoit alors la page de
    comparaison avec les pairs (`spaserlib.documents.page_comparaison`), même si le fichier est illisible
    (la page dit pourquoi) ; acheteur : le SIRET à comparer (défaut : celui du profil ou des marchés) ;
    periode_pairs : « 2023 », « 2022-2024 », « toutes » (défaut : l'année la plus fournie du fichier).

    Lève ErreurSpaser (ErreurFichier, ErreurDonnees, ErreurExecution…) ; l'erreur porte l'attribut
    `etape` (« lecture des données », « exécution de 02.01-… », « projet de SPASER », « sommaire »,
    « écriture »). Un rapport existant n'est remplacé qu'en cas de succès.
    """
    from spaserlib.commun.calendrier import lire_date_reference
    from spaserlib.documents import projet_spaser as document_spaser

    jour = lire_date_reference(date_reference)
    donnees, sortie = Path(donnees), Path(sortie).resolve()
    _verifier_sortie(sortie)
    from spaserlib.documents.word import verifier_modele

    verifier_modele(modele)  # un modèle illisible est refusé avant les longues exécutions
    sortie.parent.mkdir(parents=True, exist_ok=True)
    liste = notebooks_par_defaut() if notebooks is None else [Path(n) for n in notebooks]
    debut = time.perf_counter()
    temporaire = dossier_temporaire(sortie)
    moteur_local = moteur is None
    moteur = moteur or nouveau_moteur()
    try:
        try:
            organisation = charger_organisation(donnees, collectivite=collectivite).exiger_des_lignes()
            cle = cle_pseudonymisation or secrets.token_hex(16)
            if pseudonymiser:
                organisation.achats, organisation.marches = pseudonymiser_tables(
                    organisation.achats, organisation.marches, cle=cle
                )
                _, organisation.concessions = pseudonymiser_tables(None, organisation.concessions, cle=cle)
            chiffres = chiffres_cles(organisation, annee)
        except Exception as erreur:
            raise etape(erreur, "lecture des données")
        parametres = parametres_notebook(donnees, organisation.nom, chiffres["annee"], pseudonymiser, jour)
        environnement = {VARIABLE_CLE: cle} if pseudonymiser else {}
        pages, durees = [], {}
        # Le noyau exécute les notebooks l'un après l'autre ; pendant ce temps, un fil à part écrit le projet
        # de SPASER puis la page de chaque notebook exécuté (ni l'un ni l'autre n'a besoin du noyau) : sur deux
        # cœurs, le rapport n'attend pas ces écritures.
        arriere_plan = ThreadPoolExecutor(max_workers=1, thread_name_prefix="spaser-rapport")
        try:
            # Chemins absolus : le moteur change de dossier courant pendant chaque notebook, dans ce processus.
            projet = arriere_plan.submit(document_spaser.ecrire_projet, organisation, temporaire, annee=chiffres["annee"],
                                         objectifs=_absolu(objectifs), date_reference=jour, modele=_absolu(modele))
            a_ecrire = []
            for notebook in liste:
                debut_notebook = time.perf_counter()
                try:
                    nb = moteur.executer(notebook, parametres, environnement=environnement)
                except Exception as erreur:
                    raise etape(erreur, f"exécution de {Path(notebook).stem}")
                a_ecrire.append((notebook, arriere_plan.submit(ecrire_page, nb, notebook, temporaire,
                                                               time.perf_counter() - debut_notebook)))
            for notebook, ecriture in a_ecrire:
                try:
                    page = ecriture.result()
                except Exception as erreur:
                    raise etape(erreur, f"exécution de {Path(notebook).stem}")
                pages.append({"titre": page.titre, "lien": page.html.name, "notebook": Path(notebook).name})
                durees[Path(notebook).name] = round(page.duree, 2)
            comparaison_pairs = None
            if pairs is not None:
                from spaserlib.documents.page_comparaison import ecrire_page as ecrire_page_pairs

                try:
                    page = ecrire_page_pairs(temporaire, pairs, organisation=organisation.nom, marches=organisation.marches,
                                             profil=organisation.profil or {"siren": organisation.siren}, acheteur=acheteur,
                                             periode=periode_pairs)
                except Exception as erreur:
                    raise etape(erreur, "comparaison avec les pairs")
                comparaison_pairs = {"fichier": page["fichier"], "erreur": page["erreur"]}
                pages.append({"titre": page["titre"], "lien": page["lien"], "notebook": None})
            try:
                projet.result()
            except Exception as erreur:
                raise etape(erreur, "projet de SPASER")
        finally:
            arriere_plan.shutdown(wait=True, cancel_futures=True)
        try:
            fichiers = organisation.fichiers_lus
            ecrire_index(temporaire, organisation.nom, chiffres, pages, pseudonymise=pseudonymiser, fichiers=fichiers,
                         statut_obligation=statut_spaser(organisation, chiffres["annee"], jour), date_reference=jour)
            manifeste = {
                "organisation": organisation.nom,
                "donnees": str(donnees.resolve()),
                "annee": chiffres["annee"],
                "date_reference": jour.isoformat(),
                "pseudonymise": bool(pseudonymiser),
                "objectifs": str(Path(objectifs).resolve()) if objectifs else None,
                "modele": str(Path(modele).resolve()) if modele else None,
                "pages": pages,
                "durees_notebooks": durees,
                "comparaison_pairs": comparaison_pairs,
                "duree": round(time.perf_counter() - debut, 2),
                "version_kit": __version__,
                "produit_le": datetime.now().isoformat(timespec="seconds"),
                **(complements or {}),
            }
            (temporaire / MARQUEUR).write_text(json.dumps(manifeste, ensure_ascii=False, indent=2), encoding="utf-8")
        except Exception as erreur:
            raise etape(erreur, "sommaire")
        try:
            remplacer_dossier(temporaire, sortie)
        except OSError as erreur:
            raise etape(ErreurFichier(sortie, f"mise en place impossible ({erreur}).", "Vérifiez les droits d'écriture."), "écriture")
    except BaseException:
        shutil.rmtree(temporaire, ignore_errors=True)
        raise
    finally:
        if moteur_local:
            moteur.arreter()
    return sortie


__all__ = ["produire_rapport", "notebooks_par_defaut", "parametres_notebook", "ErreurSpaser"]
