"""Lecture des DECP « tabulaires » : un CSV plat, une ligne par contrat × titulaire × modification.

C'est la forme des exports consolidés (data.gouv.fr, decp.info) et du schéma tabulaire
``decp-table-schema`` : colonnes ``uid, id, acheteur_id, titulaire_id, titulaire_nom`` (ou
``titulaire_denominationSociale``), ``montant, dateNotification, procedure, dureeMois, codeCPV``…

Règle de regroupement (un contrat = une paire ``acheteur_id`` × ``id``, l'``uid`` servant d'``id``
quand celui-ci manque) :
- les lignes de la paire sont rangées par version : ``donneesActuelles`` (« oui » avant une valeur
  vide, avant « non »), puis ``modification_id``, puis ``datePublicationDonnees``, puis
  ``dateNotification`` (la plus récente l'emporte) ; à version égale, la ligne la plus basse du
  fichier l'emporte et donne le montant, la durée, l'objet et le CPV courants ;
- les titulaires sont ceux des lignes de la version retenue, sans doublon, dans l'ordre du fichier,
  joints par « ; » ;
- la date de notification est la plus ancienne de la paire (celle de l'attribution ; les lignes
  de modification portent souvent la date de la modification) ;
- une ligne marquée ``donneesActuelles = non`` dont l'``id`` diffère de la version actuelle par ses
  deux derniers chiffres (numéro de modification du format 2019 : ``…300`` puis ``…301``) est
  rattachée à cette version actuelle ;
- si la version retenue porte plusieurs montants (lots publiés sous un même identifiant), le
  montant de sa dernière ligne est gardé et un avertissement le dit.
Les concessions (nature « Concession … » ou « Délégation de service public ») sont gardées à part.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd

from spaserlib.considerations import ENVIRONNEMENTALE, SOCIALE, analyser_considerations
from spaserlib.erreurs import AVERTISSEMENT, ERREUR, ErreurFichier, Probleme
from spaserlib.identifiants import normaliser_siret
from spaserlib.regroupement import (
    COLONNES_BRUTES,
    CONSEIL_TITULAIRE,
    ajouter_familles,
    lire_dates,
    message_titulaire,
    normaliser,
    regrouper,
)
from spaserlib.validation import Lecture

COLONNES_OBLIGATOIRES = ["acheteur_id", "titulaire_id", "montant"]
_CHAMPS = {"objet": "objet", "nature": "nature", "procedure": "procedure", "titulaires": "titulaire_nom"}


def est_decp_tabulaire(colonnes: list[str]) -> bool:
    """Vrai si ces en-têtes sont ceux d'un export DECP tabulaire (acheteur_id, titulaire_id, montant, id ou uid)."""
    noms = {str(c).strip().lstrip("\ufeff").casefold() for c in colonnes}
    return all(c.casefold() in noms for c in COLONNES_OBLIGATOIRES) and bool({"id", "uid"} & noms)


def lire_decp_tabulaire(chemin) -> Lecture:
    """Lit un CSV DECP tabulaire et rend sa `Lecture` (genre « marches »), un contrat par paire (acheteur, id).

    Encodage (UTF-8, UTF-8 avec BOM, Windows cp1252) et séparateur (« , », « ; », tabulation)
    détectés. Lève `ErreurFichier` si le fichier est introuvable, illisible, ou n'a pas les colonnes DECP.
    """
    chemin = Path(chemin)
    fichier = str(chemin)
    if not chemin.is_file():
        raise ErreurFichier(fichier, "fichier introuvable.", "Vérifiez le chemin et le nom du fichier.")
    donnees = chemin.read_bytes()
    try:
        texte = donnees.decode("utf-8-sig")
    except UnicodeDecodeError:
        texte = donnees.decode("cp1252", errors="replace")
    entete = texte.split("\n", 1)[0]
    separateur = max([",", ";", "\t"], key=entete.count)
    try:
        table = pd.read_csv(io.StringIO(texte), sep=separateur, dtype=str, keep_default_na=False,
                            quoting=csv.QUOTE_MINIMAL)
    except pd.errors.EmptyDataError:
        raise ErreurFichier(fichier, "le fichier est vide.", "Vérifiez que l'export s'est bien terminé.") from None
    except (pd.errors.ParserError, ValueError, csv.Error) as erreur:
        raise ErreurFichier(fichier, f"le CSV n'est pas lisible ({erreur}).",
                            "Ouvrez-le dans un tableur et enregistrez-le à nouveau en CSV.") from None
    if not est_decp_tabulaire(list(table.columns)):
        noms = {str(c).strip().casefold() for c in table.columns}
        manquent = [c for c in [*COLONNES_OBLIGATOIRES, "id"] if c.casefold() not in noms]
        raise ErreurFichier(
            fichier,
            f"ce CSV n'a pas les colonnes d'un export DECP tabulaire (manquent : {', '.join(manquent)}).",
            "Vérifiez qu'il s'agit bien d'un export DECP, ou lisez-le comme un tableau de marchés ordinaire.",
        )
    return decp_depuis_table(table, fichier)


def decp_depuis_table(table: pd.DataFrame, fichier: str, premiere_ligne: int = 2) -> Lecture:
    """Regroupe une table DECP tabulaire déjà lue (une ligne par contrat × titulaire × modification).

    `premiere_ligne` est le numéro, dans le tableur, de la première ligne de données (2 sous un
    en-tête d'une ligne) ; il sert aux numéros de ligne des problèmes.
    """
    lignes = _preparer(table, premiere_ligne)
    problemes: list[Probleme] = []
    sans_id = lignes["id"] == ""
    for position in lignes.loc[sans_id, "position"]:
        problemes.append(Probleme(
            fichier, int(position), "id", None,
            f"ligne {position} : le contrat n'a ni « id » ni « uid » ; la ligne est écartée.",
            "Ajoutez l'identifiant du contrat : sans lui, il ne peut pas être distingué d'un autre.",
            ERREUR, "id_absent"))
    lignes = _rattacher_versions_perimees(lignes[~sans_id])
    tables = {}
    for concession in (False, True):
        partie = lignes[lignes["_concession"] == concession]
        brut = _contrats(partie, fichier, problemes)
        champs = {**_CHAMPS, **({"montant_ht": "montant"} if not concession else {})}
        normalise, trouves = normaliser(brut, fichier, champs)
        problemes.extend(trouves)
        tables[concession] = ajouter_familles(regrouper(normalise))
    problemes.sort(key=lambda p: (p.ligne or 0))
    return Lecture(
        fichier=str(fichier),
        genre="marches",
        table=tables[False],
        problemes=problemes,
        lignes_lues=len(table),
        lignes_ecartees=int(sans_id.sum()),
        contrats_avant_regroupement=int((~lignes["_concession"]).sum()),
        concessions=tables[True],
    )


def _preparer(table: pd.DataFrame, premiere_ligne: int) -> pd.DataFrame:
    """Colonnes utiles en texte nettoyé (vide = ""), clés et rangs de version calculés."""
    noms = {str(c).strip().lstrip("\ufeff").casefold(): c for c in table.columns}

    def colonne(*candidats: str) -> pd.Series:
        for candidat in candidats:
            if candidat.casefold() in noms:
                serie = table[noms[candidat.casefold()]].astype("str").fillna("")
                return serie.str.strip().reset_index(drop=True)
        return pd.Series("", index=range(len(table)), dtype="str")

    lignes = pd.DataFrame({
        "position": np.arange(premiere_ligne, premiere_ligne + len(table)),
        "id": colonne("id"),
        "uid": colonne("uid"),
        "acheteur_brut": colonne("acheteur_id"),
        "objet": colonne("objet"),
        "cpv": colonne("codeCPV"),
        "nature": colonne("nature"),
        "procedure": colonne("procedure"),
        "montant": colonne("montant"),
        "date_notification": colonne("dateNotification"),
        "date_publication": colonne("datePublicationDonnees"),
        "duree_mois": colonne("dureeMois"),
        "titulaire_id": colonne("titulaire_id"),
        "titulaire_type": colonne("titulaire_typeIdentifiant"),
        "titulaire_nom": colonne("titulaire_nom", "titulaire_denominationSociale"),
        "sociales": colonne("considerationsSociales"),
        "environnementales": colonne("considerationsEnvironnementales"),
        "actuelles": colonne("donneesActuelles"),
        "modification": colonne("modification_id"),
    })
    lignes["id"] = lignes["id"].where(lignes["id"] != "", lignes["uid"])
    acheteurs = {v: normaliser_siret(v) or "" for v in lignes["acheteur_brut"].unique()}
    lignes["acheteur_id"] = lignes["acheteur_brut"].map(acheteurs)
    actuelles = lignes["actuelles"].str.casefold()
    lignes["_actuelle"] = np.select([actuelles.isin(["oui", "true", "1"]), actuelles.isin(["non", "false", "0"])],
                                    [2, 0], default=1)
    lignes["_modification"] = pd.to_numeric(lignes["modification"], errors="coerce").fillna(-1)
    lignes["_publication"] = lignes["date_publication"].str.slice(0, 10)
    lignes["_notification"] = lire_dates(lignes["date_notification"]).dt.strftime("%Y-%m-%d").fillna("")
    nature = lignes["nature"].str.casefold()
    lignes["_concession"] = nature.str.contains("concession") | nature.str.contains("délégation")
    return lignes


def _rattacher_versions_perimees(lignes: pd.DataFrame) -> pd.DataFrame:
    """Donne aux lignes « donneesActuelles = non » l'id de leur version actuelle (même acheteur,
    même id aux deux derniers caractères près) quand leur propre id n'a pas de version actuelle."""
    if not (lignes["_actuelle"] == 0).any():
        return lignes
    actuelles = lignes[lignes["_actuelle"] == 2]
    cles_actuelles = set(zip(actuelles["acheteur_id"], actuelles["id"]))
    souche = actuelles.assign(_souche=actuelles["id"].str.slice(0, -2))
    souche = souche.drop_duplicates(["acheteur_id", "_souche", "id"])
    souche = souche[~souche.duplicated(["acheteur_id", "_souche"], keep=False)]
    vers = dict(zip(zip(souche["acheteur_id"], souche["_souche"]), souche["id"]))
    lignes = lignes.copy()
    for rang in lignes.index[lignes["_actuelle"] == 0]:
        acheteur, identifiant = lignes.at[rang, "acheteur_id"], lignes.at[rang, "id"]
        if (acheteur, identifiant) not in cles_actuelles and len(identifiant) > 2:
            lignes.at[rang, "id"] = vers.get((acheteur, identifiant[:-2]), identifiant)
    return lignes


_VERSION = ["_actuelle", "_modification", "_publication", "_notification"]


def _contrats(lignes: pd.DataFrame, fichier: str, problemes: list[Probleme]) -> pd.DataFrame:
    """Une ligne brute par paire (acheteur, id) : la version retenue et ses titulaires."""
    if lignes.empty:
        return pd.DataFrame(columns=COLONNES_BRUTES)
    cle = ["acheteur_id", "id"]
    rangees = lignes.sort_values([*cle, *_VERSION, "position"], kind="stable")
    gagnantes = rangees.drop_duplicates(cle, keep="last")
    version = rangees.merge(gagnantes[[*cle, *_VERSION]], on=[*cle, *_VERSION], how="inner")
    version = version.sort_values("position", kind="stable")
    premieres = lignes.groupby(cle)["_notification"].agg(lambda s: min((d for d in s if d), default=""))
    cache_considerations: dict = {}
    resultats = []
    for (acheteur, identifiant), groupe in version.groupby(cle, sort=False):
        gagnante = groupe.iloc[-1]
        position = int(gagnante["position"])
        lieu = f"ligne {position} (id {identifiant})"
        noms, ids = _titulaires(groupe, fichier, lieu, position, problemes)
        montants = groupe["montant"][groupe["montant"] != ""].unique()
        if len(montants) > 1:
            problemes.append(Probleme(
                fichier, position, "montant", gagnante["montant"],
                f"{lieu} : la même version du contrat porte {len(montants)} montants différents "
                f"(lignes {', '.join(str(p) for p in groupe['position'])}) ; le montant de la ligne {position} est retenu.",
                "Des lots ont sans doute été publiés sous un même identifiant : vérifiez le montant à la source.",
                AVERTISSEMENT, "montants_divergents"))
        ligne = {
            "position": position, "lieu": lieu, "tri_publication": gagnante["_publication"] or None,
            "nb_modifications": 0, "id": identifiant, "acheteur_id": acheteur or None,
            "objet": gagnante["objet"], "cpv": gagnante["cpv"], "nature": gagnante["nature"],
            "procedure": gagnante["procedure"], "montant_ht": gagnante["montant"],
            "date_notification": premieres.get((acheteur, identifiant)) or gagnante["date_notification"],
            "duree_mois": gagnante["duree_mois"], "titulaires": noms, "titulaires_ids": ids,
        }
        for cote, colonne, champ in ((SOCIALE, "sociales", "considerationsSociales"),
                                     (ENVIRONNEMENTALE, "environnementales", "considerationsEnvironnementales")):
            valeur = gagnante[colonne]
            if (cote, valeur) not in cache_considerations:
                cache_considerations[(cote, valeur)] = analyser_considerations(valeur or None, cote)
            texte, booleen, anomalies = cache_considerations[(cote, valeur)]
            ligne[f"considerations_{cote}s"], ligne[f"consideration_{cote}"] = texte, booleen
            problemes.extend(
                Probleme(fichier, position, champ, valeur, f"{lieu} : {anomalie}.",
                         "Vérifiez les considérations déclarées pour ce contrat.", AVERTISSEMENT,
                         "considerations_incoherentes")
                for anomalie in anomalies)
        resultats.append(ligne)
    return pd.DataFrame(resultats, columns=COLONNES_BRUTES)


def _titulaires(groupe: pd.DataFrame, fichier: str, lieu: str, position: int, problemes: list[Probleme]):
    vus: list[tuple[str, str | None]] = []
    for _, ligne in groupe.iterrows():
        identifiant = normaliser_siret(ligne["titulaire_id"])
        nom = ligne["titulaire_nom"] or identifiant
        if nom is None or (nom, identifiant) in vus:
            continue
        vus.append((nom, identifiant))
        message = message_titulaire(ligne["titulaire_type"] or None, identifiant)
        if message:
            problemes.append(Probleme(fichier, int(ligne["position"]), "titulaire_id", ligne["titulaire_id"] or None,
                                      f"{lieu} : {message}", CONSEIL_TITULAIRE, AVERTISSEMENT,
                                      "titulaire_non_siret"))
    if not vus:
        problemes.append(Probleme(
            fichier, position, "titulaire_id", None, f"{lieu} : le contrat n'a aucun titulaire déclaré.",
            "Le contrat est gardé ; ses montants ne pourront être rattachés à aucun fournisseur.",
            AVERTISSEMENT, "titulaires_absents"))
        return None, None
    return "; ".join(n for n, _ in vus), ("; ".join(i for _, i in vus if i) or None)
