"""Des enregistrements DECP aux contrats : valeurs contrôlées, puis un contrat compté une fois.

Les lectures DECP (JSON 2019 et 2024, CSV tabulaire) produisent d'abord une table *brute* :
une ligne par enregistrement du fichier, les modifications déjà appliquées (voir `decp.py`),
les valeurs encore telles qu'écrites. Ce module :

1. `normaliser` contrôle et convertit les valeurs (montant, dates, durée, CPV, textes) et signale
   chaque anomalie par un `Probleme` (sentinelle 99999999, montant nul, date future ou année
   aberrante, CPV à clé fausse ou inconnu, accents perdus U+FFFD) ;
2. `regrouper` replie les enregistrements d'une même paire (acheteur, id) en UN contrat.

Règle de regroupement (un contrat = une paire identifiant de l'acheteur × identifiant du
contrat) : les enregistrements de la paire sont classés du plus récent au plus ancien selon
(1) la date de publication la plus récente qu'ils portent (``datePublicationDonnees`` et celles de
leurs modifications), (2) leur nombre de modifications, (3) leur position dans le fichier (le plus
loin l'emporte). Chaque colonne du contrat prend la valeur du premier enregistrement de ce
classement qui en a une : une valeur absente (montant null d'une republication vide) ne remplace
rien. Le montant et la durée sont donc les valeurs *courantes* du dernier état publié.

Règle des contrats sans identifiant (``id`` vide ou absent, fréquent chez certains profils
d'acheteur : 33 des 159 enregistrements de la Ville de Croix, 2019-2021) : ce sont de vrais
contrats (montant, date, titulaire), ils sont GARDÉS. Faute d'id, un contrat sans id est repéré
par le quintuplet (acheteur, objet, date de notification, montant, titulaires — noms et
identifiants) : les enregistrements sans id qui ont le même quintuplet (une republication à
l'identique) sont comptés comme UN contrat, replié selon la règle ci-dessus ; deux quintuplets
différents sont deux contrats. Un enregistrement sans id n'est jamais rattaché à un contrat qui a
un id. Chaque enregistrement sans id reçoit un avertissement (`signaler_sans_id`) : le premier dit
qu'il est gardé, chaque répétition dit quel enregistrement elle répète. Le contrat garde un id
vide (NA) : aucun identifiant n'est inventé. `regrouper_fichiers` applique la même règle entre
fichiers.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd

from spaserlib.commun import format_fr as formats
from spaserlib.commun.erreurs import AVERTISSEMENT, Probleme
from spaserlib.commun.identifiants import cpv_connu, normaliser_cpv, siret_valide
from spaserlib.commun.tables import COLONNES_MARCHES
from spaserlib.lecture.controles import (
    CARACTERES_DE_CONTROLE,
    CONSEIL_CONTROLE,
    message_caracteres_de_controle,
    rendre_visible,
)

# Colonnes de la table brute : `position` (numéro d'enregistrement ou ligne du tableur), `lieu`
# (« enregistrement n° 12 (id …) »), `tri_publication` (date texte servant au classement),
# `nb_modifications`, puis les colonnes canoniques encore en texte.
COLONNES_BRUTES = [
    "position",
    "lieu",
    "tri_publication",
    "nb_modifications",
    *COLONNES_MARCHES,
]

MONTANTS_SENTINELLES = {99999999.0, 999999999.0, 9999999999.0}
ANNEE_MINIMALE = 1950

NATURES = [
    "Marché",
    "Marché de partenariat",
    "Marché de défense ou de sécurité",
    "Accord-cadre",
    "Marché subséquent",
    "Concession de travaux",
    "Concession de service",
    "Concession de service public",
    "Délégation de service public",
]
PROCEDURES = [
    "Procédure adaptée",
    "Appel d'offres ouvert",
    "Appel d'offres restreint",
    "Procédure avec négociation",
    "Marché passé sans publicité ni mise en concurrence préalable",
    "Dialogue compétitif",
    "Procédure concurrentielle avec négociation",
    "Procédure négociée avec mise en concurrence préalable",
    "Marché négocié sans publicité ni mise en concurrence préalable",
    "Procédure négociée ouverte",
    "Procédure négociée restreinte",
    "Procédure non négociée ouverte",
    "Procédure non négociée restreinte",
]


def _cle_texte(texte: str) -> str:
    texte = unicodedata.normalize("NFKD", texte.casefold())
    return re.sub(r"[^a-z0-9]", "", "".join(c for c in texte if not unicodedata.combining(c)))


_NATURES = {_cle_texte(v): v for v in NATURES}
_PROCEDURES = {_cle_texte(v): v for v in PROCEDURES}


def _enumeration(serie: pd.Series, canoniques: dict[str, str]) -> pd.Series:
    """Rend l'orthographe officielle d'une valeur d'énumération écrite avec une autre casse ou
    sans apostrophe (« marché », « Appel d offres ouvert ») ; les autres valeurs restent telles quelles."""
    valeurs = {v: canoniques.get(_cle_texte(v), v) for v in serie.dropna().unique()}
    return serie.map(valeurs, na_action="ignore").astype("str")


def _texte(serie: pd.Series) -> pd.Series:
    """Texte nettoyé des espaces de bord ; vide devient NA."""
    serie = serie.astype("str").str.strip()
    return serie.mask(serie.isin(["", "nan", "None", "null"]))


def _nombres(serie: pd.Series) -> pd.Series:
    """Nombres écrits en nombres ou en chaînes (« 30000.00 », « 1 234,56 ») ; illisible -> NaN."""
    return formats.lire_montants(serie).valeurs


def lire_dates(serie: pd.Series) -> pd.Series:
    """Dates lues par `formats.lire_dates` (fuseau et heure ignorés) ; illisible ou année antérieure à
    `ANNEE_MINIMALE` (faute de frappe comme « 0218 ») -> NaT."""
    dates = formats.lire_dates(serie).valeurs
    return dates.mask(dates.dt.year < ANNEE_MINIMALE)


class _Collecte:
    """Petite aide pour fabriquer les problèmes d'un même fichier."""

    def __init__(self, fichier: str):
        self.fichier = fichier
        self.problemes: list[Probleme] = []

    def avertir(self, brut: pd.DataFrame, masque, colonne: str, champ: str, code: str, message, conseil: str):
        rangs = np.flatnonzero(pd.Series(masque).fillna(False).to_numpy(dtype=bool))
        if not len(rangs):
            return
        valeurs = brut[colonne].to_numpy(dtype=object)[rangs]
        positions = brut["position"].to_numpy()[rangs]
        lieux = brut["lieu"].to_numpy(dtype=object)[rangs]
        for valeur, position, lieu in zip(valeurs, positions, lieux):
            valeur = None if pd.isna(valeur) else rendre_visible(str(valeur))
            texte = message(valeur) if callable(message) else message
            self.problemes.append(
                Probleme(self.fichier, int(position), champ, valeur, f"{lieu} : {texte}", conseil, AVERTISSEMENT, code)
            )


def normaliser(brut: pd.DataFrame, fichier: str, champs: dict[str, str] | None = None) -> tuple[pd.DataFrame, list[Probleme]]:
    """Convertit une table brute en types canoniques et signale chaque valeur douteuse.

    `champs` donne, pour une colonne canonique, le nom du champ tel qu'il est écrit dans le fichier
    (``montant_ht`` -> ``montant``), pour que les messages parlent la langue du fichier.
    Rend ``(table, problèmes)`` ; les valeurs douteuses sont gardées (avertissement), les valeurs
    illisibles deviennent NA (avertissement aussi).
    """
    champs = {"montant_ht": "montant", "date_notification": "dateNotification", "duree_mois": "dureeMois",
              "cpv": "codeCPV", **(champs or {})}
    if brut.empty:
        return _vide().assign(position=pd.Series(dtype="int64"), tri_publication=pd.Series(dtype="datetime64[us]"),
                              nb_modifications=pd.Series(dtype="int64")), []
    brut = brut.reset_index(drop=True)
    collecte = _Collecte(fichier)
    table = pd.DataFrame(index=brut.index)
    for colonne in ["id", "acheteur_id", "objet", "titulaires", "titulaires_ids",
                    "considerations_sociales", "considerations_environnementales"]:
        table[colonne] = _texte(brut[colonne])
    table["nature"] = _enumeration(_texte(brut["nature"]), _NATURES)
    table["procedure"] = _enumeration(_texte(brut["procedure"]), _PROCEDURES)

    _controler_montants(brut, table, collecte, champs["montant_ht"])
    _controler_dates(brut, table, collecte, champs["date_notification"])
    _controler_durees(brut, table, collecte, champs["duree_mois"])
    _controler_cpv(brut, table, collecte, champs["cpv"])
    for colonne in ["objet", "titulaires", "nature", "procedure"]:
        collecte.avertir(
            brut, table[colonne].str.contains("\ufffd", regex=False), colonne, champs.get(colonne, colonne),
            "caracteres_perdus",
            "le texte contient le caractère de remplacement « \ufffd » : des accents ont été perdus "
            "avant la publication.",
            "Le texte est gardé tel quel ; corrigez-le à la source si vous le pouvez, et cherchez ce "
            "fournisseur ou cet objet sans accents.",
        )
    _signaler_controles(brut, table, collecte, champs)
    table["famille"] = pd.Series(pd.NA, index=table.index, dtype="str")
    for colonne in ["consideration_sociale", "consideration_environnementale"]:
        table[colonne] = brut[colonne].astype("boolean")
    for colonne in ["position", "tri_publication", "nb_modifications"]:
        table[colonne] = brut[colonne]
    table["tri_publication"] = lire_dates(brut["tri_publication"])
    return table, collecte.problemes


def _signaler_controles(brut, table, collecte: _Collecte, champs: dict) -> None:
    """Un avertissement par texte qui contient un caractère de contrôle (ÉCHAP, NUL…)."""
    for colonne in ["id", "acheteur_id", "objet", "titulaires", "titulaires_ids", "nature", "procedure"]:
        masque = table[colonne].str.contains(CARACTERES_DE_CONTROLE.pattern, regex=True).fillna(False)
        for rang in np.flatnonzero(masque.to_numpy(dtype=bool)):
            texte = table[colonne].iat[rang]
            collecte.problemes.append(Probleme(
                collecte.fichier, int(brut["position"].iat[rang]), champs.get(colonne, colonne), rendre_visible(texte),
                f"{brut['lieu'].iat[rang]} : {message_caracteres_de_controle(texte)}", CONSEIL_CONTROLE,
                AVERTISSEMENT, "caractere_de_controle"))


def _controler_montants(brut, table, collecte: _Collecte, champ: str) -> None:
    montant = _nombres(brut["montant_ht"])
    present = _texte(brut["montant_ht"]).notna()
    collecte.avertir(brut, present & montant.isna(), "montant_ht", champ, "montant_illisible",
                     "le montant n'est pas un nombre ; il est laissé vide.",
                     "Écrivez le montant HT en chiffres (par exemple 12500.50).")
    collecte.avertir(brut, montant.isin(MONTANTS_SENTINELLES), "montant_ht", champ, "montant_sentinelle",
                     lambda v: f"le montant {v} est une valeur de remplissage (sentinelle), pas un vrai montant.",
                     "Le contrat est gardé ; excluez-le des totaux ou cherchez son vrai montant.")
    collecte.avertir(brut, montant == 0, "montant_ht", champ, "montant_nul",
                     "le montant est nul.",
                     "Vérifiez le montant du contrat ; un montant nul fausse les moyennes.")
    collecte.avertir(brut, montant < 0, "montant_ht", champ, "montant_negatif",
                     "le montant est négatif.",
                     "Un contrat n'a pas de montant négatif : vérifiez la saisie.")
    table["montant_ht"] = montant


def _controler_dates(brut, table, collecte: _Collecte, champ: str) -> None:
    dates = lire_dates(brut["date_notification"])
    texte = _texte(brut["date_notification"])
    annee = pd.to_numeric(texte.str.extract(r"^(\d{4})-", expand=False), errors="coerce")
    aberrante = annee < ANNEE_MINIMALE
    collecte.avertir(brut, aberrante, "date_notification", champ, "date_aberrante",
                     lambda v: f"l'année de la date « {v} » est aberrante (faute de frappe ?) ; la date est laissée vide.",
                     "Corrigez l'année de notification à la source.")
    collecte.avertir(brut, texte.notna() & dates.isna() & ~aberrante.fillna(False), "date_notification", champ,
                     "date_illisible", "la date n'est pas lisible ; elle est laissée vide.",
                     "Écrivez la date au format AAAA-MM-JJ (par exemple 2024-12-31).")
    aujourd_hui = pd.Timestamp.today().normalize()
    collecte.avertir(brut, dates > aujourd_hui, "date_notification", champ, "date_future",
                     lambda v: f"la date de notification « {v} » est dans le futur.",
                     "Vérifiez la date : un contrat publié est déjà notifié.")
    table["date_notification"] = dates


def _controler_durees(brut, table, collecte: _Collecte, champ: str) -> None:
    duree = _nombres(brut["duree_mois"])
    present = _texte(brut["duree_mois"]).notna()
    collecte.avertir(brut, (present & duree.isna()) | (duree < 0), "duree_mois", champ, "duree_illisible",
                     "la durée en mois n'est pas un nombre positif ; elle est laissée vide.",
                     "Écrivez la durée en nombre de mois (par exemple 36).")
    table["duree_mois"] = duree.mask(duree < 0)


def _controler_cpv(brut, table, collecte: _Collecte, champ: str) -> None:
    valeurs = brut["cpv"].astype("str")
    resultats = {v: normaliser_cpv(v) for v in valeurs.dropna().unique()}
    code = valeurs.map(lambda v: resultats[v][0], na_action="ignore")
    anomalie = valeurs.map(lambda v: resultats[v][1], na_action="ignore")
    collecte.avertir(brut, anomalie == "cle_fausse", "cpv", champ, "cpv_cle_fausse",
                     "le chiffre de contrôle du code CPV ne correspond pas à la nomenclature CPV 2008 ; "
                     "les 8 premiers chiffres sont gardés.",
                     "Vérifiez le code CPV dans la nomenclature officielle.")
    collecte.avertir(brut, anomalie == "illisible", "cpv", champ, "cpv_illisible",
                     "la valeur n'a pas la forme d'un code CPV (8 chiffres) ; elle est laissée vide.",
                     "Écrivez le code CPV sur 8 chiffres, par exemple 45214200.")
    connu = code.map(lambda c: cpv_connu(c), na_action="ignore")
    collecte.avertir(brut, code.notna() & (connu == False), "cpv", champ, "cpv_inconnu",
                     lambda v: f"le code CPV « {v} » n'existe pas dans la nomenclature CPV 2008.",
                     "Vérifiez le code ; la famille d'achat ne pourra pas en être déduite.")
    table["cpv"] = code.astype("str")


def regrouper(table: pd.DataFrame) -> pd.DataFrame:
    """Replie les enregistrements d'une même paire (acheteur_id, id) en un contrat.

    Voir la règle en tête du module. Rend une table aux colonnes `COLONNES_MARCHES`, dans l'ordre
    de première apparition des contrats dans le fichier.
    """
    if table.empty:
        return _vide()
    travail = table.assign(_acheteur=table["acheteur_id"].fillna(""), _id=cles_de_contrat(table))
    ordre = travail.groupby(["_acheteur", "_id"], sort=False)["position"].transform("min")
    travail = travail.assign(_premiere=ordre).sort_values(
        ["tri_publication", "nb_modifications", "position"], ascending=False, na_position="last", kind="stable"
    )
    contrats = travail.groupby(["_acheteur", "_id"], sort=False).first()
    contrats = contrats.sort_values("_premiere", kind="stable").reset_index(drop=True)
    return _typer(contrats)


# Ce qui repère un contrat sans id (avec l'acheteur) : voir la règle en tête du module.
CHAMPS_SANS_ID = ["objet", "date_notification", "montant_ht", "titulaires", "titulaires_ids"]


def cles_de_contrat(table: pd.DataFrame) -> pd.Series:
    """La clé de regroupement de chaque ligne, hors acheteur : son id, ou, sans id, le quadruplet
    (objet, date, montant, titulaires) ; les deux genres de clé ne peuvent pas se confondre."""
    ids = table["id"]
    sans_id = ids.isna().to_numpy(dtype=bool)
    cles = np.array(["i\x1f" + i if isinstance(i, str) else "" for i in ids.tolist()], dtype=object)
    if sans_id.any():
        parties = [table.loc[sans_id, c].astype("str").fillna("").tolist() for c in CHAMPS_SANS_ID]
        cles[sans_id] = ["s\x1f" + "\x1f".join(valeurs) for valeurs in zip(*parties)]
    return pd.Series(cles, index=table.index, dtype=object)


def signaler_sans_id(table: pd.DataFrame, fichier: str) -> list[Probleme]:
    """Un avertissement par enregistrement sans id : gardé, ou répétition d'un autre (même acheteur,
    objet, date, montant et titulaires), compté alors avec lui comme un seul contrat."""
    if table.empty or not table["id"].isna().any():
        return []
    travail = table.assign(_acheteur=table["acheteur_id"].fillna(""), _cle=cles_de_contrat(table))
    travail = travail[table["id"].isna().to_numpy(dtype=bool)]
    premiers = travail.groupby(["_acheteur", "_cle"], sort=False)["position"].transform("min")
    conseil = ("Demandez à l'acheteur de publier l'identifiant du contrat : sans lui, ses modifications et ses "
               "republications ne peuvent pas lui être rattachées.")
    problemes = []
    for position, premier in zip(travail["position"].tolist(), premiers.tolist()):
        if position == premier:
            message = (f"enregistrement n° {position} : le contrat n'a pas d'identifiant (« id ») ; il est gardé, "
                       "repéré par son acheteur, son objet, sa date, son montant et son titulaire.")
        else:
            message = (f"enregistrement n° {position} : le contrat n'a pas d'identifiant (« id ») et répète "
                       f"l'enregistrement n° {premier} (même acheteur, objet, date, montant et titulaire) ; les deux "
                       "sont comptés comme un seul contrat.")
        problemes.append(Probleme(fichier, int(position), "id", None, message, conseil, AVERTISSEMENT, "id_absent"))
    return problemes


def regrouper_fichiers(tables: list[pd.DataFrame]) -> pd.DataFrame:
    """Replie les contrats de plusieurs fichiers (flux de publication différents, exports successifs).

    Un contrat par paire (acheteur_id, id) sur l'ensemble des tables (des tables aux colonnes
    `COLONNES_MARCHES`, par exemple les `Lecture.table` de plusieurs fichiers DECP). Quand une paire
    figure dans plusieurs tables, chaque colonne prend la valeur de la table donnée EN DERNIER qui en
    a une (mettez le fichier le plus récent en dernier) ; une valeur absente ne remplace rien. Les
    contrats sans id sont repliés de même sur (acheteur, objet, date, montant, titulaires) : voir la
    règle en tête du module. Ordre : première apparition.
    """
    tables = [t for t in tables if len(t)]
    if not tables:
        return _vide()
    tout = pd.concat([t[COLONNES_MARCHES].assign(_rang=i) for i, t in enumerate(tables)], ignore_index=True)
    tout["_ordre"] = range(len(tout))
    tout = tout.assign(_acheteur=tout["acheteur_id"].fillna(""), _cle=cles_de_contrat(tout))
    tout["_premiere"] = tout.groupby(["_acheteur", "_cle"], sort=False)["_ordre"].transform("min")
    tout = tout.sort_values(["_rang", "_ordre"], ascending=False, kind="stable")
    replies = tout.groupby(["_acheteur", "_cle"], sort=False).first().reset_index()
    return _typer(replies.sort_values("_premiere", kind="stable").reset_index(drop=True))


def signaler_repetitions(table: pd.DataFrame, fichier: str, libelle: str = "enregistrements n°") -> list[Probleme]:
    """Un avertissement par paire (acheteur, id) répétée avec des objets ou des montants différents.

    Une republication à l'identique est repliée sans bruit ; des objets ou montants différents sous
    un même identifiant sont souvent des lots distincts : le regroupement n'en garde qu'un montant,
    l'utilisateur doit le savoir.
    """
    table = table[table["id"].notna().to_numpy(dtype=bool)]  # les contrats sans id : `signaler_sans_id`
    if table.empty:
        return []
    travail = table.assign(_acheteur=table["acheteur_id"].fillna(""), _id=table["id"].fillna(""))
    groupes = travail.groupby(["_acheteur", "_id"], sort=False)
    differents = (groupes["montant_ht"].nunique() > 1) | (groupes["objet"].nunique() > 1)
    problemes = []
    contrats = regrouper(table)
    for (acheteur, identifiant) in differents.index[differents]:
        membres = travail[(travail["_acheteur"] == acheteur) & (travail["_id"] == identifiant)]
        retenu = contrats[(contrats["acheteur_id"].fillna("") == acheteur) & (contrats["id"].fillna("") == identifiant)]
        montant = retenu["montant_ht"].iloc[0]
        derniere = int(membres["position"].max())
        positions = ", ".join(str(int(p)) for p in membres["position"])
        problemes.append(Probleme(
            fichier, derniere, "id", identifiant,
            f"{len(membres)} {libelle} {positions} portent le même acheteur ({acheteur or 'non renseigné'}) et le même "
            f"id ({identifiant}) avec des objets ou des montants différents ; ils sont comptés comme un seul "
            f"contrat, au montant du plus récent ({formats.euros(montant) if pd.notna(montant) else 'inconnu'}).",
            "S'il s'agit de lots distincts publiés sous un même identifiant, demandez à l'acheteur de publier "
            "un identifiant par lot ; s'il s'agit de republications, il n'y a rien à faire.",
            AVERTISSEMENT, "contrat_repete"))
    return problemes


def _vide() -> pd.DataFrame:
    return _typer(pd.DataFrame(columns=COLONNES_MARCHES))


def _typer(table: pd.DataFrame) -> pd.DataFrame:
    """Colonnes et types canoniques de la table des marchés."""
    resultat = pd.DataFrame(index=table.index)
    for colonne in COLONNES_MARCHES:
        serie = table[colonne] if colonne in table else pd.Series(pd.NA, index=table.index)
        if colonne in ("montant_ht", "duree_mois"):
            serie = pd.to_numeric(serie, errors="coerce").astype("float64")
        elif colonne == "date_notification":
            serie = pd.to_datetime(serie, errors="coerce")
        elif colonne.startswith("consideration_"):
            serie = serie.astype("boolean")
        else:
            serie = serie.astype("str")
        resultat[colonne] = serie
    return resultat.reset_index(drop=True)


def ajouter_familles(table: pd.DataFrame) -> pd.DataFrame:
    """Remplit `famille` d'après le CPV quand la nomenclature du kit est disponible (sinon NA)."""
    try:
        from spaserlib.commun.nomenclature import familles_des_cpv
    except ImportError:
        return table
    if table.empty:
        return table
    familles = familles_des_cpv(table["cpv"])
    table = table.copy()
    table["famille"] = pd.Series(familles, index=table.index).astype("str")
    return table


CONSEIL_TITULAIRE = ("Le titulaire est gardé, mais il ne pourra pas être rapproché de vos fournisseurs par "
                     "SIRET ; complétez son SIRET si c'est une entreprise française.")


def message_titulaire(type_identifiant: str | None, identifiant: str | None) -> str | None:
    """Phrase décrivant un identifiant de titulaire qui n'est pas un SIRET valide, ou None."""
    type_ = (type_identifiant or "").strip()
    if type_ and type_.casefold() != "siret":
        return f"le titulaire est identifié par « {type_} » ({identifiant}), pas par un SIRET."
    if identifiant is None:
        return "le titulaire n'a pas d'identifiant."
    if not siret_valide(identifiant):
        return f"l'identifiant du titulaire « {identifiant} » n'est pas un SIRET valide (14 chiffres, clé de contrôle)."
    return None
