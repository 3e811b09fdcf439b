"""Lire les fichiers d'achats (dépenses) et de marchés (contrats) vers les tables canoniques.

    lire_achats(chemin, *, convertir_ttc=None) -> Lecture
    lire_marches(chemin) -> Lecture
    genre_du_fichier(chemin) -> "achats" | "marches"
    lire_fichier(chemin, *, genre=None, convertir_ttc=None) -> Lecture

Formats : CSV (séparateur et encodage détectés), XLSX, ODS ; pour les marchés aussi les fichiers
DECP (JSON 2019 et 2024, CSV tabulaire), confiés à `spaserlib.lecture.decp_json`. Chaque anomalie devient un
`Probleme` ; les lignes inutilisables sont écartées et comptées, jamais en silence. Le fichier
d'entrée n'est ouvert qu'en lecture.

Regroupement des marchés lus d'un tableur (export de profil d'acheteur, une ligne par lot et par
titulaire) — un contrat compte une fois :
  1. un contrat est un couple (acheteur, identifiant) ;
  2. dans un contrat, les lignes d'un même lot (même numéro de lot ; sans numéro de lot, même objet)
     répètent le montant du lot pour chacun de ses co-titulaires : ce montant est compté une fois
     (le plus grand, avec un avertissement si les lignes ne sont pas d'accord) ;
  3. le montant du contrat est la somme de ses lots ; ses titulaires sont la liste de tous les
     titulaires ; sa date de notification est la plus ancienne ;
  4. un identifiant qui couvre des objets différents sans numéro de lot est signalé : ses lignes
     sont regroupées quand même (c'est la règle DECP) et le conseil invite à vérifier.

Gravité : une ligne de dépense sans montant, sans date ou sans fournisseur lisible est une
*erreur* (la ligne est écartée : une dépense, c'est un montant à une date chez un fournisseur) ;
un marché sans montant ou sans date lisible est gardé avec un *avertissement* (le contrat existe,
sa valeur est inconnue) ; seule une ligne de marché sans identifiant est écartée (un tableur
de marchés se regroupe par identifiant ; dans les DECP, un contrat sans id est gardé : voir
`regroupement`).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from spaserlib.commun import format_fr as formats
from spaserlib.commun import nomenclature
from spaserlib.commun.erreurs import AVERTISSEMENT, ErreurFichier, ErreurParametre
from spaserlib.commun.nomenclature import familles_des_cpv
from spaserlib.commun.tables import COLONNES_MARCHES
from spaserlib.lecture import colonnes as col
from spaserlib.lecture import decp_json as decp
from spaserlib.lecture.controles import (
    Collecte,
    controler_dates,
    controler_familles,
    controler_montants,
    normaliser_cpvs,
    normaliser_sirets,
    textes_propres,
)
from spaserlib.lecture.decp_csv import est_decp_tabulaire, lire_decp_tabulaire
from spaserlib.lecture.lots import regrouper_lots
from spaserlib.lecture.resultat import Lecture
from spaserlib.lecture.tableurs import Tableau, lire_entetes, lire_tableau


def _verifier_taux(convertir_ttc) -> float | None:
    if convertir_ttc is None:
        return None
    try:
        taux = float(convertir_ttc)
    except (TypeError, ValueError):
        raise ErreurParametre(
            f"convertir_ttc doit être un taux de TVA en fraction (0.2 pour 20 %), pas « {convertir_ttc} »."
        ) from None
    if not 0 <= taux < 1:
        raise ErreurParametre(
            f"convertir_ttc doit être un taux de TVA en fraction, entre 0 et 1 (0.2 pour 20 %), "
            f"pas « {convertir_ttc} »."
        )
    return taux


def _colonnes_manquantes(tableau: Tableau, manquantes: list[str], genre: str) -> ErreurFichier:
    trouvees = ", ".join(f"« {c} »" for c in tableau.donnees.columns)
    exemples = {
        "date": "« Date de mandatement », « Date facture »",
        "fournisseur": "« Fournisseur », « Raison sociale », « Tiers »",
        "montant_ht": "« Montant HT », « Montant »",
        "id": "« N° marché », « Identifiant »",
    }
    conseils = " ; ".join(f"{c} : {exemples.get(c, c)}" for c in manquantes)
    return ErreurFichier(
        tableau.fichier,
        f"colonne(s) obligatoire(s) introuvable(s) pour des {genre} : {', '.join(manquantes)} "
        f"(ligne d'en-tête {tableau.ligne_entete} : {trouvees}).",
        f"Renommez les colonnes dans le fichier ou une copie ({conseils}).",
    )


def _colonne_montant(tableau: Tableau, correspondance: dict, taux: float | None, collecte: Collecte) -> str:
    """Choisit la colonne de montant HT ; refuse un montant seulement TTC sauf conversion demandée."""
    entetes = list(tableau.donnees.columns)
    ttc = [c for c in col.colonnes_ttc(entetes) if c not in correspondance.values()]
    if "montant_ht" in correspondance:
        choisie = correspondance["montant_ht"]
        if taux is not None:
            collecte.fichier_entier(
                f"une colonne de montant HT (« {choisie} ») existe : la conversion TTC demandée n'est pas appliquée.",
                "Retirez l'option de conversion.", "conversion_ttc_inutile", colonne=choisie)
        elif col.normaliser_nom(choisie) == "montant":
            collecte.fichier_entier(
                f"la colonne « {choisie} » ne dit pas si le montant est HT ou TTC : il est lu comme HT.",
                "Si ce sont des montants TTC, renommez la colonne « Montant TTC » et demandez la conversion.",
                "montant_ht_suppose", colonne=choisie)
        return choisie
    if not ttc:
        raise _colonnes_manquantes(tableau, ["montant_ht"], "achats")
    if taux is None:
        raise ErreurFichier(
            tableau.fichier,
            f"la seule colonne de montant, « {ttc[0]} », est toutes taxes comprises (TTC) ; le kit compte en "
            "euros HT et ne convertit pas sans qu'on le lui demande.",
            "Ajoutez une colonne de montant HT, ou demandez la conversion au taux de TVA voulu : "
            "lire_achats(chemin, convertir_ttc=0.2) ou, en ligne de commande, --ttc-vers-ht 20.",
        )
    collecte.fichier_entier(
        f"montants HT calculés depuis la colonne TTC « {ttc[0]} » au taux de {taux * 100:g} % "
        "(montant HT = TTC / (1 + taux)) : ce n'est exact que si tout le fichier relève de ce taux.",
        "Préférez une colonne de montant HT quand le système comptable peut l'exporter.",
        "conversion_ttc", colonne=ttc[0])
    return ttc[0]


def _famille_depuis_cpv(famille: pd.Series | None, absente: np.ndarray | None, cpv: pd.Series) -> pd.Series:
    """La famille donnée, ou déduite du CPV quand elle manque (nomenclature du kit).

    `absente` : masque des cellules de famille vides (None : pas de colonne famille). La déduction
    se fait une fois par code CPV distinct.
    """
    if famille is None:
        famille = pd.Series(pd.NA, index=cpv.index, dtype="str")
        absente = np.ones(len(cpv), dtype=bool)
    if not absente.any():
        return famille
    codes, uniques = formats.factoriser(cpv)
    connus = [u for u in uniques if isinstance(u, str)]
    if not connus:
        return famille
    familles = dict(zip(connus, familles_des_cpv(pd.Series(connus, dtype="str")).tolist()))
    par_code = np.array([familles.get(u) if isinstance(u, str) else None for u in uniques], dtype=object)
    deduites = par_code[codes]
    if absente.all():
        return pd.Series(deduites, index=cpv.index, dtype="str")
    valeurs = np.where(absente, deduites, famille.to_numpy(dtype=object))
    return pd.Series(valeurs, index=cpv.index, dtype="str")


def lire_achats(chemin, *, convertir_ttc: float | None = None) -> Lecture:
    """Lit un fichier de dépenses (CSV, XLSX, ODS) vers la table canonique `achats`.

    `convertir_ttc` : taux de TVA (0.2 pour 20 %) à appliquer quand le fichier n'a qu'une colonne de
    montant TTC ; sans lui, un tel fichier est refusé. Rend une `Lecture` (table des lignes
    gardées, problèmes, comptes). Lève `ErreurFichier` si le fichier est illisible ou qu'il lui
    manque une colonne obligatoire (date, fournisseur, montant), `ErreurParametre` pour un taux faux.
    """
    taux = _verifier_taux(convertir_ttc)
    chemin = Path(chemin)
    if chemin.suffix.lower() == ".json":
        raise ErreurFichier(str(chemin), "un fichier JSON (DECP) décrit des marchés, pas des dépenses.",
                            "Lisez-le avec lire_marches.")
    tableau = lire_tableau(chemin, colonnes_entieres=col.ALIAS_ACHATS["siret"] + col.ALIAS_ACHATS["cpv"])
    entetes = list(tableau.donnees.columns)
    if est_decp_tabulaire(entetes):
        raise ErreurFichier(tableau.fichier, "ce fichier est un export DECP tabulaire : il décrit des marchés, "
                            "pas des dépenses.", "Lisez-le avec lire_marches.")
    correspondance = col.correspondance(entetes, col.ALIAS_ACHATS)
    collecte = Collecte(tableau.fichier, tableau.lignes)
    source_montant = _colonne_montant(tableau, correspondance, taux, collecte)
    manquantes = [c for c in col.OBLIGATOIRES_ACHATS if c != "montant_ht" and c not in correspondance]
    if manquantes:
        raise _colonnes_manquantes(tableau, manquantes, "achats")
    donnees = tableau.donnees
    montants = formats.lire_montants(donnees[source_montant])
    controler_montants(collecte, None, donnees[source_montant], montants, source_montant, bloquant=True)
    source_date = correspondance["date"]
    dates = formats.lire_dates(donnees[source_date])
    controler_dates(collecte, donnees[source_date], dates, source_date, bloquant=True)
    source_fournisseur = correspondance["fournisseur"]
    fournisseur, sans_fournisseur = textes_propres(collecte, donnees[source_fournisseur], source_fournisseur)
    collecte.signaler(sans_fournisseur, source_fournisseur, None, "fournisseur absent : la ligne est écartée.",
                      "Renseignez le nom du fournisseur (raison sociale) de cette ligne.", "fournisseur_absent")
    montant_ht = montants.valeurs if source_montant in correspondance.values() else montants.valeurs / (1 + taux)
    siret = _optionnelle(normaliser_sirets, collecte, donnees, correspondance, "siret")
    cpv = _optionnelle(normaliser_cpvs, collecte, donnees, correspondance, "cpv")
    textes = {nom: _texte_optionnel(collecte, donnees, correspondance, nom)
              for nom in ("objet", "marche_id", "acheteur", "famille")}
    if textes["famille"][0] is not None:
        _controler_familles(collecte, textes["famille"][0], donnees, correspondance["famille"])
    famille = _famille_depuis_cpv(*textes["famille"], cpv)
    table = pd.DataFrame({
        "date": dates.valeurs, "fournisseur": fournisseur, "siret": siret, "famille": famille, "cpv": cpv,
        "montant_ht": montant_ht,
        **{nom: _vide(donnees) if textes[nom][0] is None else textes[nom][0] for nom in ("objet", "marche_id", "acheteur")},
    }, copy=False)
    return _lecture(tableau, collecte, "achats", table)


def _controler_familles(collecte, familles: pd.Series, donnees: pd.DataFrame, source: str) -> None:
    controler_familles(collecte, familles, donnees[source], source, set(nomenclature.familles()["code"]))


def _optionnelle(normaliser, collecte, donnees, correspondance, nom) -> pd.Series:
    if nom not in correspondance:
        return _vide(donnees)
    return normaliser(collecte, donnees[correspondance[nom]], correspondance[nom])


def _texte_optionnel(collecte, donnees, correspondance, nom) -> tuple[pd.Series | None, np.ndarray | None]:
    """(texte, masque des vides), ou (None, None) quand le fichier n'a pas la colonne."""
    if nom not in correspondance:
        return None, None
    return textes_propres(collecte, donnees[correspondance[nom]], correspondance[nom])


def _vide(donnees: pd.DataFrame) -> pd.Series:
    return pd.Series(None, index=donnees.index, dtype="str")


def _lecture(tableau: Tableau, collecte: Collecte, genre: str, table: pd.DataFrame, *, filtrer: bool = True,
             **autres) -> Lecture:
    """La `Lecture` finale ; `filtrer` retire de `table` les lignes à écarter (faux quand c'est déjà fait)."""
    collecte.problemes.extend(tableau.problemes)
    if tableau.lignes_vides:
        collecte.fichier_entier(f"{tableau.lignes_vides} ligne(s) entièrement vide(s) ignorée(s).", "",
                                "lignes_vides")
    garder = ~collecte.a_ecarter
    if filtrer and not garder.all():
        table = table[garder]
    table = table.reset_index(drop=True)
    return Lecture(
        fichier=tableau.fichier, genre=genre, table=table, problemes=collecte.trier(),
        lignes_lues=len(tableau.donnees), lignes_ecartees=int(collecte.a_ecarter.sum()), **autres,
    )


def _fichier_decp(chemin: Path) -> Lecture | None:
    if chemin.suffix.lower() == ".json":
        return decp.lire_decp_json(chemin)
    return None


def lire_marches(chemin) -> Lecture:
    """Lit un fichier de marchés vers la table canonique `marches` (un contrat par ligne).

    Accepte le JSON DECP (2019 et 2024) et le CSV DECP tabulaire (lus par `spaserlib.lecture.decp_json`), et
    les tableurs d'un profil d'acheteur (une ligne par lot ou par titulaire, regroupées en contrats
    selon la règle du module). Lève `ErreurFichier` si le fichier est illisible ou qu'il lui manque
    l'identifiant ou le montant du marché.
    """
    chemin = Path(chemin)
    lecture = _fichier_decp(chemin)
    if lecture is not None:
        return lecture
    tableau = lire_tableau(chemin)
    entetes = list(tableau.donnees.columns)
    if est_decp_tabulaire(entetes):
        return lire_decp_tabulaire(chemin)
    correspondance = col.correspondance(entetes, col.ALIAS_MARCHES)
    manquantes = [c for c in col.OBLIGATOIRES_MARCHES if c not in correspondance]
    if manquantes:
        raise _colonnes_manquantes(tableau, manquantes, "marchés")
    collecte = Collecte(tableau.fichier, tableau.lignes)
    lignes = _lignes_de_marches(tableau, correspondance, collecte)
    lignes["_ligne"] = tableau.lignes
    gardees = lignes[~collecte.a_ecarter].reset_index(drop=True)
    table = regrouper_lots(gardees, collecte, correspondance)
    return _lecture(tableau, collecte, "marches", table[COLONNES_MARCHES], filtrer=False,
                    contrats_avant_regroupement=len(gardees))


def _lignes_de_marches(tableau: Tableau, correspondance: dict, collecte: Collecte) -> pd.DataFrame:
    donnees = tableau.donnees
    c = correspondance
    lignes = {}
    lignes["id"], sans_id = textes_propres(collecte, donnees[c["id"]], c["id"])
    collecte.signaler(sans_id, c["id"], None, "identifiant du marché absent : la ligne est écartée.",
                      "Renseignez le numéro du marché (celui du profil d'acheteur ou des DECP).", "identifiant_absent")
    montants = formats.lire_montants(donnees[c["montant_ht"]])
    controler_montants(collecte, None, donnees[c["montant_ht"]], montants, c["montant_ht"], bloquant=False)
    lignes["montant_ht"] = montants.valeurs
    if "date_notification" in c:
        dates = formats.lire_dates(donnees[c["date_notification"]])
        controler_dates(collecte, donnees[c["date_notification"]], dates, c["date_notification"], bloquant=False)
        lignes["date_notification"] = dates.valeurs
    else:
        lignes["date_notification"] = pd.Series(pd.NaT, index=donnees.index, dtype="datetime64[ns]")
    if "duree_mois" in c:
        lignes["duree_mois"] = formats.lire_montants(donnees[c["duree_mois"]]).valeurs
    else:
        lignes["duree_mois"] = pd.Series(np.nan, index=donnees.index)
    lignes["cpv"] = _optionnelle(normaliser_cpvs, collecte, donnees, c, "cpv")
    lignes["titulaires_ids"] = _optionnelle(normaliser_sirets, collecte, donnees, c, "titulaires_ids")
    absents = {}
    for nom in ("acheteur_id", "objet", "famille", "nature", "procedure", "titulaires", "lot",
                "considerations_sociales", "considerations_environnementales"):
        texte, absents[nom] = _texte_optionnel(collecte, donnees, c, nom)
        lignes[nom] = _vide(donnees) if texte is None else texte
    if absents["titulaires"] is not None:
        collecte.signaler(absents["titulaires"], c["titulaires"], None,
                          "titulaire absent : le contrat est gardé sans titulaire.",
                          "Renseignez la raison sociale du titulaire.", "titulaire_absent", AVERTISSEMENT)
    if absents["famille"] is not None:
        _controler_familles(collecte, lignes["famille"], donnees, c["famille"])
    lignes["famille"] = _famille_depuis_cpv(
        lignes["famille"] if absents["famille"] is not None else None, absents["famille"], lignes["cpv"])
    return pd.DataFrame(lignes)


INDICES_ACHATS = ("achat", "depense", "dépense", "mandat", "facture")
INDICES_MARCHES = ("marche", "marché", "contrat", "decp", "concession")


def genre_du_fichier(chemin) -> str:
    """« achats » ou « marches », d'après les colonnes du fichier et, en cas de doute, son nom.

    Lève `ErreurFichier` quand le fichier ne ressemble ni à des dépenses ni à des marchés.
    """
    chemin = Path(chemin)
    if chemin.suffix.lower() == ".json":
        return "marches"
    entetes = lire_entetes(chemin)
    if est_decp_tabulaire(entetes):
        return "marches"
    achats = col.correspondance(entetes, col.ALIAS_ACHATS)
    marches = col.correspondance(entetes, col.ALIAS_MARCHES)
    est_achats = all(c in achats for c in ("date", "fournisseur")) and (
        "montant_ht" in achats or col.colonnes_ttc(entetes))
    est_marches = all(c in marches for c in col.OBLIGATOIRES_MARCHES) and any(
        c in marches for c in ("titulaires", "titulaires_ids", "lot", "date_notification"))
    if est_achats and est_marches:
        nom = chemin.stem.lower()
        if any(i in nom for i in INDICES_MARCHES) and not any(i in nom for i in INDICES_ACHATS):
            return "marches"
        return "achats"
    if est_achats:
        return "achats"
    if est_marches:
        return "marches"
    raise ErreurFichier(
        str(chemin),
        f"ni des dépenses ni des marchés : les colonnes ({', '.join(entetes)}) ne sont pas reconnues.",
        "Des dépenses ont au moins une date, un fournisseur et un montant HT ; des marchés, un identifiant, "
        "un montant et un titulaire ou une date de notification.",
    )


def lire_fichier(chemin, *, genre: str | None = None, convertir_ttc: float | None = None) -> Lecture:
    """Lit un fichier de dépenses ou de marchés, selon `genre` ou d'après ses colonnes."""
    genre = genre or genre_du_fichier(chemin)
    if genre == "achats":
        return lire_achats(chemin, convertir_ttc=convertir_ttc)
    return lire_marches(chemin)
