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
  montant de sa dernière ligne est gardé et un avertissement le dit ;
- une ligne sans ``id`` ni ``uid`` est gardée (c'est un vrai contrat) : les lignes sans id qui ont
  le même acheteur, le même objet, la même date de notification et le même montant sont un seul
  contrat, dont les titulaires sont joints (la forme tabulaire écrit un contrat à plusieurs
  titulaires sur plusieurs lignes) ; le contrat reste sans id, et chaque ligne reçoit un
  avertissement (règle des contrats sans id : voir `regroupement`).
Les concessions (nature « Concession … » ou « Délégation de service public ») sont gardées à part.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from spaserlib.commun.erreurs import AVERTISSEMENT, ErreurFichier, Probleme
from spaserlib.commun.identifiants import normaliser_siret
from spaserlib.lecture.considerations import (
    ENVIRONNEMENTALE,
    SOCIALE,
    analyser_considerations,
)
from spaserlib.lecture.regroupement import (
    COLONNES_BRUTES,
    CONSEIL_TITULAIRE,
    ajouter_familles,
    lire_dates,
    message_titulaire,
    normaliser,
    regrouper,
)
from spaserlib.lecture.resultat import Lecture

COLONNES_OBLIGATOIRES = ["acheteur_id", "titulaire_id", "montant"]
_CHAMPS = {"objet": "objet", "nature": "nature", "procedure": "procedure", "titulaires": "titulaire_nom"}


def est_decp_tabulaire(colonnes: list[str]) -> bool:
    """Vrai si ces en-têtes sont ceux d'un export DECP tabulaire (acheteur_id, titulaire_id, montant, id ou uid)."""
    noms = {str(c).strip().lstrip("\ufeff").casefold() for c in colonnes}
    return all(c.casefold() in noms for c in COLONNES_OBLIGATOIRES) and bool({"id", "uid"} & noms)


def lire_decp_tabulaire(chemin) -> Lecture:
    """Lit un export DECP tabulaire (CSV, XLSX ou ODS) et rend sa `Lecture` (genre « marches »),
    un contrat par paire (acheteur, id).

    Le tableur est lu par `tableurs.lire_tableau` (encodage, séparateur, préambule détectés ; tout en
    texte). Lève `ErreurFichier` si le fichier est introuvable, illisible, ou n'a pas les colonnes DECP.
    """
    from spaserlib.lecture.tableurs import lire_tableau

    tableau = lire_tableau(chemin)
    colonnes = [str(c) for c in tableau.donnees.columns]
    if not est_decp_tabulaire(colonnes):
        noms = {c.strip().lstrip("\ufeff").casefold() for c in colonnes}
        manquent = [c for c in [*COLONNES_OBLIGATOIRES, "id"] if c.casefold() not in noms]
        raise ErreurFichier(
            tableau.fichier,
            f"ce fichier n'a pas les colonnes d'un export DECP tabulaire (manquent : {', '.join(manquent)}).",
            "Vérifiez qu'il s'agit bien d'un export DECP, ou lisez-le comme un tableau de marchés ordinaire.",
        )
    lecture = decp_depuis_table(tableau.donnees, tableau.fichier, lignes=tableau.lignes)
    # Les avertissements de la lecture du tableur (lignes de total, encodages mêlés…) en plus.
    lecture.problemes = sorted([*tableau.problemes, *lecture.problemes], key=lambda p: p.ligne or 0)
    return lecture


def decp_depuis_table(table: pd.DataFrame, fichier: str, premiere_ligne: int = 2, lignes=None) -> Lecture:
    """Regroupe une table DECP tabulaire déjà lue (une ligne par contrat × titulaire × modification).

    Les numéros de ligne des problèmes sont ceux du tableur : `lignes` les donne un par un (comme
    `Tableau.lignes`) ; sinon ils se suivent à partir de `premiere_ligne` (2 sous un en-tête d'une ligne).
    """
    if lignes is None:
        lignes = np.arange(premiere_ligne, premiere_ligne + len(table))
    lignes = _preparer(table, np.asarray(lignes))
    problemes: list[Probleme] = []
    sans_id = (lignes["id"] == "").to_numpy(dtype=bool)
    if sans_id.any():
        lignes.loc[sans_id, "id"] = (_SANS_ID + lignes.loc[sans_id, "objet"] + "\x1f"
                                     + lignes.loc[sans_id, "_notification"] + "\x1f" + lignes.loc[sans_id, "montant"])
        problemes.extend(_signaler_sans_id(lignes[sans_id], fichier))
    lignes = pd.concat([_rattacher_versions_perimees(lignes[~sans_id]), lignes[sans_id]])
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
        lignes_ecartees=0,
        contrats_avant_regroupement=int((~lignes["_concession"]).sum()),
        concessions=tables[True],
    )


_SANS_ID = "\x00sans id\x1f"  # clé provisoire d'un contrat sans id (jamais écrite dans la table)


def _signaler_sans_id(lignes: pd.DataFrame, fichier: str) -> list[Probleme]:
    """Un avertissement par ligne sans id ; les lignes comptées ensemble sont nommées."""
    conseil = ("Demandez à l'acheteur de publier l'identifiant du contrat : sans lui, ses modifications et ses "
               "republications ne peuvent pas lui être rattachées.")
    groupes = lignes.groupby(["acheteur_id", "id"], sort=False)["position"].agg(list)
    problemes = []
    for positions in groupes:
        for position in positions:
            message = f"ligne {position} : le contrat n'a ni « id » ni « uid » ; il est gardé"
            if len(positions) > 1:
                message += (f". Les lignes {', '.join(str(p) for p in positions)} ont le même acheteur, le même objet, "
                            "la même date et le même montant : elles sont comptées comme un seul contrat (un contrat à "
                            "plusieurs titulaires s'écrit sur plusieurs lignes).")
            else:
                message += ", repéré par son acheteur, son objet, sa date et son montant."
            problemes.append(Probleme(fichier, int(position), "id", None, message, conseil, AVERTISSEMENT, "id_absent"))
    return problemes


def _preparer(table: pd.DataFrame, numeros: np.ndarray) -> pd.DataFrame:
    """Colonnes utiles en texte nettoyé (vide = ""), clés et rangs de version calculés."""
    noms = {str(c).strip().lstrip("\ufeff").casefold(): c for c in table.columns}

    def colonne(*candidats: str) -> pd.Series:
        for candidat in candidats:
            if candidat.casefold() in noms:
                serie = table[noms[candidat.casefold()]].astype("str").fillna("")
                return serie.str.strip().reset_index(drop=True)
        return pd.Series("", index=range(len(table)), dtype="str")

    lignes = pd.DataFrame({
        "position": numeros,
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
    gagnantes = rangees.drop_duplicates(cle, keep="last").set_index(cle)
    version = rangees.merge(gagnantes[_VERSION].reset_index(), on=[*cle, *_VERSION], how="inner")
    version = version.sort_values("position", kind="stable")
    identifiants = pd.Series(gagnantes.index.get_level_values("id"), index=gagnantes.index)
    sans_id = identifiants.str.startswith(_SANS_ID)
    gagnantes["lieu"] = ("ligne " + gagnantes["position"].astype(str)
                         + (" (id " + identifiants + ")").where(~sans_id, " (sans id)"))
    lieux = gagnantes["lieu"]

    noms, ids = _titulaires(version, fichier, lieux, problemes)
    _signaler_montants_divergents(version, gagnantes, fichier, problemes)
    premieres = lignes[lignes["_notification"] != ""].groupby(cle)["_notification"].min()
    brut = pd.DataFrame({
        "position": gagnantes["position"],
        "lieu": lieux,
        "tri_publication": gagnantes["_publication"].replace("", None),
        "nb_modifications": 0,
        "id": identifiants.where(~sans_id, None),
        "acheteur_id": gagnantes.index.get_level_values("acheteur_id"),
        "objet": gagnantes["objet"],
        "cpv": gagnantes["cpv"],
        "nature": gagnantes["nature"],
        "procedure": gagnantes["procedure"],
        "montant_ht": gagnantes["montant"],
        "date_notification": premieres.reindex(gagnantes.index).fillna(gagnantes["date_notification"]),
        "duree_mois": gagnantes["duree_mois"],
        "titulaires": noms.reindex(gagnantes.index),
        "titulaires_ids": ids.reindex(gagnantes.index),
    }, index=gagnantes.index)
    for cote, colonne, champ in ((SOCIALE, "sociales", "considerationsSociales"),
                                 (ENVIRONNEMENTALE, "environnementales", "considerationsEnvironnementales")):
        analyses = {v: analyser_considerations(v or None, cote) for v in gagnantes[colonne].unique()}
        brut[f"considerations_{cote}s"] = gagnantes[colonne].map(lambda v: analyses[v][0])
        brut[f"consideration_{cote}"] = gagnantes[colonne].map(lambda v: analyses[v][1])
        for rang in gagnantes.index[gagnantes[colonne].map(lambda v: bool(analyses[v][2]))]:
            valeur = gagnantes.at[rang, colonne]
            problemes.extend(
                Probleme(fichier, int(gagnantes.at[rang, "position"]), champ, valeur,
                         f"{lieux[rang]} : {anomalie}.", "Vérifiez les considérations déclarées pour ce contrat.",
                         AVERTISSEMENT, "considerations_incoherentes")
                for anomalie in analyses[valeur][2])
    brut = brut.sort_values("position", kind="stable").reset_index(drop=True)
    return brut.reindex(columns=COLONNES_BRUTES)


def _signaler_montants_divergents(version, gagnantes, fichier, problemes) -> None:
    cle = ["acheteur_id", "id"]
    avec_montant = version[version["montant"] != ""]
    nombre = avec_montant.groupby(cle)["montant"].nunique()
    for rang in nombre.index[nombre > 1]:
        position = int(gagnantes.at[rang, "position"])
        lignes = version.loc[(version["acheteur_id"] == rang[0]) & (version["id"] == rang[1]), "position"]
        problemes.append(Probleme(
            fichier, position, "montant", gagnantes.at[rang, "montant"],
            f"{gagnantes.at[rang, 'lieu']} : la même version du contrat porte {nombre[rang]} montants différents "
            f"(lignes {', '.join(str(p) for p in lignes)}) ; le montant de la ligne {position} est retenu.",
            "Des lots ont sans doute été publiés sous un même identifiant : vérifiez le montant à la source.",
            AVERTISSEMENT, "montants_divergents"))


def _titulaires(version: pd.DataFrame, fichier: str, lieux: pd.Series, problemes: list[Probleme]):
    """Titulaires de la version retenue, sans doublon, dans l'ordre du fichier, joints par « ; »."""
    cle = ["acheteur_id", "id"]
    ids_normalises = {v: normaliser_siret(v) for v in version["titulaire_id"].unique()}
    titulaires = version.assign(t_id=version["titulaire_id"].map(ids_normalises))
    titulaires["t_nom"] = titulaires["titulaire_nom"].where(titulaires["titulaire_nom"] != "", titulaires["t_id"])
    titulaires = titulaires[titulaires["t_nom"].notna()].drop_duplicates([*cle, "t_nom", "t_id"])
    messages = {(t, i): message_titulaire(t or None, i if isinstance(i, str) else None)
                for t, i in set(zip(titulaires["titulaire_type"], titulaires["t_id"]))}
    for ligne in titulaires.itertuples(index=False):
        message = messages[(ligne.titulaire_type, ligne.t_id)]
        if message:
            problemes.append(Probleme(fichier, int(ligne.position), "titulaire_id", ligne.titulaire_id or None,
                                      f"{lieux[(ligne.acheteur_id, ligne.id)]} : {message}", CONSEIL_TITULAIRE,
                                      AVERTISSEMENT, "titulaire_non_siret"))
    groupes = titulaires.groupby(cle, sort=False)
    noms = groupes["t_nom"].agg("; ".join)
    ids = groupes["t_id"].agg(lambda s: "; ".join(i for i in s if isinstance(i, str) and i) or None)
    # Correspondances faites en Python : les comparaisons de chaînes de pandas passent par numpy,
    # qui tronque les caractères nuls finaux d'un identifiant (« \x00 ») et perd la correspondance.
    avec_titulaires = set(noms.index)
    derniere_position = dict(zip(zip(version["acheteur_id"], version["id"]), version["position"]))
    for rang in (r for r in lieux.index if r not in avec_titulaires):
        problemes.append(Probleme(
            fichier, int(derniere_position[rang]),
            "titulaire_id", None, f"{lieux[rang]} : le contrat n'a aucun titulaire déclaré.",
            "Le contrat est gardé ; ses montants ne pourront être rattachés à aucun fournisseur.",
            AVERTISSEMENT, "titulaires_absents"))
    return noms, ids
