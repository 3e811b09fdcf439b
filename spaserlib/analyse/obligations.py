"""Les obligations juridiques d'un acheteur, évaluées à une date choisie.

Chaque règle de `donnees/regles_juridiques.yaml` porte sa référence juridique, sa date
d'application, sa source et sa fiabilité (✔ vérifié ; ⚠ incertain : montré comme tel). L'évaluation
rend une table : règle, référence, date d'application, chiffre calculé depuis les données, statut
(`STATUTS`) et explication.

Règles encodées :
- SPASER (L2111-3, D2111-3 CCP) : dépenses d'une année civile au titre des marchés, hors marchés de
  défense ou de sécurité et hors concessions (inférence), STRICTEMENT supérieures à 50 M€ HT depuis le
  1er janvier 2023 (décret 2022-767), 100 M€ HT du 1er février 2015 au 31 décembre 2022 (décret
  2015-90) ; contenu et publication du schéma (al. 2 et 3, depuis le 1er janvier 2023) ;
- 21 août 2026 : critère environnemental (L2152-7, date ⚠), conditions d'exécution
  environnementales (L2112-2) et sociales au-dessus des seuils européens (L2112-2-1) : part des
  contrats récents (12 derniers mois) qui ne les respecteraient pas ;
- AGEC art. 58 (décret 2024-134, 1er juillet 2024) : taux par catégorie, seulement ceux vérifiés ;
- EGalim (L230-5-1 code rural) : 50 % durables et de qualité, 20 % bio (1er janvier 2022), 60 % des
  viandes et poissons (1er janvier 2024), depuis les chiffres saisis par l'utilisateur.

`saisie` est un dictionnaire {clé: valeur} des chiffres que les données ne donnent pas (voir
`CLES_SAISIE` et `spaserlib.analyse.agec.cles_saisie_agec`) ; la feuille « Saisie » du tableau de bord les recueille.
"""

from __future__ import annotations

import functools
from importlib import resources

import pandas as pd
import yaml

from spaserlib.analyse.agec import depenses_agec, jalon_agec, table_agec
from spaserlib.commun.erreurs import ErreurParametre
from spaserlib.commun.format_fr import euros, euros_courts, pourcentage
from spaserlib.analyse.indicateurs import etat_consideration, valeurs_considerations

RESPECTEE = "respectée"
A_RISQUE = "à risque"
NON_RESPECTEE = "non respectée"
NON_EVALUABLE = "non évaluable faute de données"
NON_APPLICABLE = "non applicable"
STATUTS = [RESPECTEE, A_RISQUE, NON_RESPECTEE, NON_EVALUABLE, NON_APPLICABLE]

COLONNES = ["regle", "intitule", "reference", "date_application", "chiffre", "part", "montant_ht", "statut",
            "explication", "fiabilite", "source"]
TYPES_ACHETEUR = {"collectivite": "collectivité territoriale ou groupement", "etat": "services de l'État",
                  "autre": "autre acheteur soumis au code"}
DATE_INDUSTRIE_VERTE = pd.Timestamp("2023-10-25")

# Chiffres que les données d'achat ne donnent pas : clé -> (libellé, unité).
CLES_SAISIE = {
    "spaser_adopte": ("Un SPASER est-il adopté (délibération) ?", "oui/non"),
    "spaser_publie_en_ligne": ("Le SPASER est-il publié sur le site internet ?", "oui/non"),
    "restauration_collective": ("L'organisation a-t-elle une restauration collective ?", "oui/non"),
    "egalim_achats_alimentaires_ht": ("Achats alimentaires de l'année (restauration collective)", "€ HT"),
    "egalim_durables_qualite_ht": ("dont produits durables et de qualité (EGalim, bio compris)", "€ HT"),
    "egalim_bio_ht": ("dont produits biologiques ou en conversion", "€ HT"),
    "egalim_viandes_poissons_ht": ("Achats de viandes et poissons de l'année", "€ HT"),
    "egalim_viandes_poissons_durables_ht": ("dont viandes et poissons durables et de qualité", "€ HT"),
}


@functools.cache
def charger_regles() -> dict[str, dict]:
    """Les règles de `regles_juridiques.yaml`, par identifiant."""
    texte = (resources.files("spaserlib") / "donnees" / "regles_juridiques.yaml").read_text(encoding="utf-8")
    return {r["id"]: r for r in yaml.safe_load(texte)["regles"]}


# ------------------------------------------------------------------ entrées

def _table(x) -> pd.DataFrame | None:
    if x is None:
        return None
    return getattr(x, "table", x)


def extraire_tables(organisation_ou_tables) -> dict:
    """{achats, marches, concessions, profil} d'une organisation (attributs) ou d'un dictionnaire."""
    o = organisation_ou_tables
    if isinstance(o, dict):
        get = o.get
    else:
        def get(nom, defaut=None):
            return getattr(o, nom, defaut)
    profil = get("profil", None) or {}
    if not isinstance(profil, dict):
        profil = getattr(profil, "__dict__", {})
    if not profil:  # une Organisation porte son profil en attributs (nom, type, siren…)
        profil = {k: get(k, None) for k in ("nom", "type", "type_acheteur", "siren", "population", "annee")
                  if get(k, None) is not None}
    marches = get("marches", None)
    concessions = get("concessions", None)
    if concessions is None:  # une Lecture de fichier DECP garde ses concessions à part
        concessions = getattr(marches, "concessions", None)
    return {"achats": _table(get("achats", None)), "marches": _table(marches),
            "concessions": _table(concessions), "profil": profil}


def type_acheteur_depuis_profil(profil: dict) -> str:
    """« collectivite », « etat » ou « autre », d'après le type déclaré dans le profil."""
    texte = str(profil.get("type_acheteur") or profil.get("type") or "").lower()
    if texte in TYPES_ACHETEUR:
        return texte
    if any(m in texte for m in ("état", "etat", "ministère", "ministere", "préfecture")):
        return "etat"
    if any(m in texte for m in ("commune", "départ", "depart", "région", "region", "métropole", "metropole",
                                "collectivit", "communauté", "communaute", "syndicat", "epci", "ville")):
        return "collectivite"
    return "collectivite" if not texte else "autre"


def _oui_non(valeur) -> bool | None:
    if valeur is None or (not isinstance(valeur, (str, bool)) and pd.isna(valeur)):
        return None
    if isinstance(valeur, bool):
        return valeur
    texte = str(valeur).strip().lower()
    if texte in ("oui", "o", "vrai", "true", "1", "yes"):
        return True
    if texte in ("non", "n", "faux", "false", "0", "no"):
        return False
    return None


def _nombre(valeur) -> float | None:
    if valeur is None or isinstance(valeur, bool):
        return None
    try:
        nombre = float(str(valeur).replace("\u00a0", "").replace(" ", "").replace("€", "").replace(",", "."))
    except ValueError:
        return None
    return None if pd.isna(nombre) else nombre


def _ligne(regle: dict, chiffre: str, part, statut: str, explication: str, montant_ht=None) -> dict:
    """Une ligne de la table ; `part` est une part (0 à 1), `montant_ht` un montant en euros."""
    return {"regle": regle["id"], "intitule": regle["intitule"], "reference": regle["reference"],
            "date_application": pd.Timestamp(regle["date_application"]).date(), "chiffre": chiffre,
            "part": part, "montant_ht": montant_ht, "statut": statut, "explication": explication,
            "fiabilite": regle["fiabilite"], "source": regle["source"]}


# ------------------------------------------------------------------ SPASER

def seuil_spaser(date_evaluation) -> tuple[float, str] | None:
    """Le seuil D2111-3 en vigueur à la date (montant, texte), ou None avant le 1er février 2015."""
    jour = pd.Timestamp(date_evaluation)
    en_vigueur = [s for s in charger_regles()["spaser_obligation"]["seuils"] if pd.Timestamp(s["depuis"]) <= jour]
    return (float(en_vigueur[-1]["montant"]), en_vigueur[-1]["texte"]) if en_vigueur else None


def depenses_marches(achats: pd.DataFrame, annee: int, marches: pd.DataFrame | None = None,
                     concessions: pd.DataFrame | None = None) -> dict:
    """Dépenses HT de l'année civile au sens de D2111-3 : total, exclusions défense/sécurité et concessions."""
    regle = charger_regles()["spaser_obligation"]
    lignes = achats[(pd.to_datetime(achats["date"]).dt.year == annee).fillna(False)]
    montants = lignes["montant_ht"].fillna(0.0).astype(float)
    ids = lignes["marche_id"].astype("string") if "marche_id" in lignes else pd.Series(pd.NA, index=lignes.index, dtype="string")
    defense = pd.Series(False, index=lignes.index)
    if marches is not None and {"id", "nature"} <= set(marches):
        ids_defense = set(marches.loc[marches["nature"].astype("string") == regle["nature_exclue"], "id"].astype(str))
        defense = ids.isin(ids_defense).fillna(False)
    concession = pd.Series(False, index=lignes.index)
    if concessions is not None and "id" in concessions:
        concession = ids.isin(set(concessions["id"].astype(str))).fillna(False)
    return {"lignes": len(lignes), "total": float(montants.sum()),
            "defense": float(montants[defense].sum()),
            "concessions": float(montants[concession & ~defense].sum()),
            "retenues": float(montants[~defense & ~concession].sum())}


def _regle_spaser(t: dict, jour: pd.Timestamp, annee: int, type_acheteur: str, saisie: dict) -> tuple[dict, bool | None]:
    regle = charger_regles()["spaser_obligation"]
    seuil = seuil_spaser(jour)
    if seuil is None:
        return _ligne(regle, "—", None, NON_APPLICABLE,
                      "Aucun seuil réglementaire avant le 1er février 2015 (décret n° 2015-90)."), None
    if type_acheteur != "collectivite" and jour < DATE_INDUSTRIE_VERTE:
        return _ligne(regle, "—", None, NON_APPLICABLE,
                      "Avant le 25 octobre 2023 (loi n° 2023-973, art. 29), l'obligation visait les collectivités "
                      "territoriales et les acheteurs dont le statut est fixé par la loi ; vérifiez le statut de "
                      "l'organisation (⚠ rédaction antérieure à vérifier sur Légifrance)."), None
    montant_seuil, texte_seuil = seuil
    achats = t["achats"]
    if achats is None or achats.empty or not (pd.to_datetime(achats["date"]).dt.year == annee).any():
        return _ligne(regle, "—", None, NON_EVALUABLE,
                      f"Aucune ligne d'achat en {annee} : le calcul porte sur les dépenses de l'année civile "
                      "(pas sur les montants notifiés). Fournissez le fichier des achats (mandats, factures)."), None
    d = depenses_marches(achats, annee, t["marches"], t["concessions"])
    soumis = d["retenues"] > montant_seuil
    chiffre = f"{euros(d['retenues'])} HT de dépenses en {annee} (seuil : {euros(montant_seuil, 0)} HT)"
    exp = (f"Dépenses {annee} au titre des marchés : {euros(d['retenues'])} HT ; seuil de "
           f"{euros(montant_seuil, 0)} HT ({texte_seuil}), à dépasser strictement. ")
    if d["defense"]:
        exp += f"Exclues : {euros_courts(d['defense'])} de marchés de défense ou de sécurité (livre V). "
    exp += (f"Concessions non comptées ({euros_courts(d['concessions'])} reconnues dans les achats ; ⚠ inférence : "
            "D2111-3 ne vise que les marchés). Toutes les autres lignes d'achat sont comptées : retirez de l'export "
            "les dépenses hors commande publique (subventions, rémunérations…). ")
    if not soumis:
        exp += "L'organisation n'est pas soumise à l'obligation pour cette année."
        if d["retenues"] >= 0.9 * montant_seuil:
            exp += " Elle en est proche (90 % du seuil ou plus) : à surveiller."
        return _ligne(regle, chiffre, None, NON_APPLICABLE, exp, d["retenues"]), False
    adopte = _oui_non(saisie.get("spaser_adopte"))
    exp += "L'organisation est soumise à l'obligation d'adopter un SPASER. "
    if adopte is True:
        return _ligne(regle, chiffre, None, RESPECTEE, exp + "Un schéma est déclaré adopté (saisie).", d["retenues"]), True
    if adopte is False:
        return _ligne(regle, chiffre, None, NON_RESPECTEE, exp + "Aucun schéma n'est adopté (saisie).", d["retenues"]), True
    return _ligne(regle, chiffre, None, A_RISQUE,
                  exp + "Indiquez dans la feuille « Saisie » (spaser_adopte) si un schéma est adopté.", d["retenues"]), True


def _regle_contenu(jour, soumis, objectifs) -> dict:
    regle = charger_regles()["spaser_contenu"]
    if jour < pd.Timestamp(regle["date_application"]):
        return _ligne(regle, "—", None, NON_APPLICABLE,
                      "Les indicateurs en nombre ou en valeur (al. 3) ne s'imposent qu'à partir du 1er janvier 2023.")
    if soumis is False:
        return _ligne(regle, "—", None, NON_APPLICABLE, "L'organisation n'est pas soumise à l'obligation de SPASER.")
    base = regle["explication"].strip() + " "
    if not objectifs:
        return _ligne(regle, "—", None, NON_EVALUABLE,
                      base + "Aucun objectif fourni : joignez au projet la liste des objectifs du schéma (fichier d'objectifs ou réponses des exercices).")
    conformes = [o for o in objectifs if o.indicateur_l2111_3]
    axes = " ".join(str(o.axe or "") + " " + o.libelle for o in objectifs).lower()
    manque = [nom for nom, mots in (("social", ("social", "insertion", "handicap")),
                                    ("écologique", ("environnement", "écolog", "ecolog", "climat", "circulaire")))
              if not any(m in axes for m in mots)]
    chiffre = f"{len(conformes)} objectif(s) sur {len(objectifs)} avec un indicateur en nombre ou en valeur"
    if not conformes:
        return _ligne(regle, chiffre, 0.0, NON_RESPECTEE,
                      base + "Aucun objectif n'a d'indicateur exprimé en nombre de contrats ou en valeur.")
    if manque:
        return _ligne(regle, chiffre, len(conformes) / len(objectifs), A_RISQUE,
                      base + f"Aucun objectif ne semble porter d'élément {' ni '.join(manque)} (lecture des axes et libellés).")
    return _ligne(regle, chiffre, len(conformes) / len(objectifs), RESPECTEE,
                  base + "Objectifs sociaux et écologiques présents, avec au moins un indicateur en nombre ou en valeur.")


def _regle_publication(jour, soumis, saisie) -> dict:
    regle = charger_regles()["spaser_publication"]
    if jour < pd.Timestamp(regle["date_application"]):
        return _ligne(regle, "—", None, NON_APPLICABLE, "La publication en ligne s'impose depuis le 1er janvier 2023.")
    if soumis is False:
        return _ligne(regle, "—", None, NON_APPLICABLE, "L'organisation n'est pas soumise à l'obligation de SPASER.")
    publie = _oui_non(saisie.get("spaser_publie_en_ligne"))
    if publie is None:
        return _ligne(regle, "—", None, NON_EVALUABLE,
                      "Les données ne disent pas si le schéma est en ligne : renseignez « spaser_publie_en_ligne » dans la feuille « Saisie ».")
    return _ligne(regle, "oui" if publie else "non", None, RESPECTEE if publie else NON_RESPECTEE,
                  regle["explication"].strip() + (" Publication déclarée (saisie)." if publie else " Publication non faite (saisie)."))


# ------------------------------------------------------------------ 21 août 2026

def seuils_europeens(date_evaluation) -> dict:
    """Seuils européens (€ HT) en vigueur à la date ; avant 2024, ceux de 2024-2025 (faute d'autres)."""
    jour = pd.Timestamp(date_evaluation)
    liste = charger_regles()["conditions_sociales"]["seuils_europeens"]
    en_vigueur = [s for s in liste if pd.Timestamp(s["depuis"]) <= jour] or liste[:1]
    return en_vigueur[-1]


def seuil_europeen_du_contrat(cpv, seuils: dict, type_acheteur: str) -> float:
    """Le seuil européen qui s'applique à un contrat : travaux pour un CPV 45…, fournitures et services sinon."""
    if isinstance(cpv, str) and cpv.startswith("45"):
        return float(seuils["travaux"])
    cle = "fournitures_services_etat" if type_acheteur == "etat" else "fournitures_services_collectivites"
    return float(seuils[cle])


def _regle_2026(id_regle: str, marches, jour, type_acheteur) -> dict:
    regle = charger_regles()[id_regle]
    debut_regle = pd.Timestamp(regle["date_application"])
    applicable = jour >= debut_regle
    if marches is None or marches.empty or "date_notification" not in marches:
        return _ligne(regle, "—", None, NON_APPLICABLE if not applicable else NON_EVALUABLE,
                      "Aucun contrat daté dans les données : fournissez le fichier des marchés (DECP ou export).")
    dates = pd.to_datetime(marches["date_notification"])
    recents = (dates > jour - pd.Timedelta(days=365)) & (dates <= jour)
    if applicable:
        recents &= dates >= debut_regle
    recents &= (marches["nature"].astype("string") != "Marché de défense ou de sécurité").fillna(True) if "nature" in marches else True
    perimetre = "contrats notifiés dans les 12 mois précédant la date d'évaluation"
    if applicable:
        perimetre += " et depuis le 21 août 2026"
    if id_regle == "conditions_sociales":
        seuils = seuils_europeens(jour)
        seuil = marches["cpv"].map(lambda c: seuil_europeen_du_contrat(c, seuils, type_acheteur)) if "cpv" in marches else \
            pd.Series(seuil_europeen_du_contrat(None, seuils, type_acheteur), index=marches.index)
        recents &= (marches["montant_ht"] >= seuil).fillna(False)
        cle_fs = "fournitures_services_etat" if type_acheteur == "etat" else "fournitures_services_collectivites"
        perimetre += (f", d'un montant au moins égal au seuil européen ({euros(seuils[cle_fs], 0)} HT "
                      f"en fournitures et services, {euros(seuils['travaux'], 0)} HT en travaux)")
    dimension = "sociale" if id_regle == "conditions_sociales" else "environnementale"
    col_texte = "considerations_sociales" if dimension == "sociale" else "considerations_environnementales"
    sous = marches[recents.fillna(False)]
    connus = etat_consideration(sous, dimension).notna()
    textes = sous[col_texte] if col_texte in sous else pd.Series(pd.NA, index=sous.index)
    conformes = textes.map(lambda t: regle["valeur_attendue"] in valeurs_considerations(t)) & connus
    n_connus, n_inconnus = int(connus.sum()), int((~connus).sum())
    incertitude = f" {regle['fiabilite']}." if regle["fiabilite"].startswith("⚠") else ""
    if n_connus == 0:
        statut = NON_EVALUABLE if applicable else NON_APPLICABLE
        return _ligne(regle, "—", None, statut,
                      f"Aucun contrat dont les considérations sont connues parmi les {perimetre}"
                      + (f" ({n_inconnus} contrat(s) aux considérations inconnues)" if n_inconnus else "") + "."
                      + incertitude)
    manquants = n_connus - int(conformes.sum())
    part = manquants / n_connus
    chiffre = f"{pourcentage(part)} sans « {regle['valeur_attendue']} » ({manquants} sur {n_connus} contrats récents)"
    exp = (f"{manquants} contrat(s) sur {n_connus} ({perimetre}) ne portent pas de « {regle['valeur_attendue']} »"
           + (f" ; {n_inconnus} contrat(s) aux considérations inconnues sont comptés à part" if n_inconnus else "") + ". ")
    if not applicable:
        exp += "La règle s'appliquera aux consultations engagées à partir du 21 août 2026 : ce chiffre dit ce qu'il reste à préparer."
        return _ligne(regle, chiffre, part, NON_APPLICABLE, exp + incertitude)
    if manquants == 0:
        return _ligne(regle, chiffre, part, RESPECTEE, exp + incertitude)
    exp += ("La date d'engagement de la consultation n'est pas dans les données : un contrat notifié après le "
            "21 août 2026 a pu être lancé avant. Vérifiez ces contrats.")
    return _ligne(regle, chiffre, part, A_RISQUE, exp + incertitude)


# ------------------------------------------------------------------ AGEC et EGalim

def _regles_agec(jour, annee_agec, type_acheteur, saisie, achats=None) -> list[dict]:
    regle = charger_regles()["agec_article_58"]
    if type_acheteur not in regle["acheteurs"]:
        return [_ligne(regle, "—", None, NON_APPLICABLE,
                       "L'article 58 vise les services de l'État, les collectivités territoriales et leurs groupements.")]
    if jour < pd.Timestamp(regle["date_application"]):
        return [_ligne(regle, "—", None, NON_APPLICABLE,
                       "Le décret n° 2024-134 s'applique à partir du 1er juillet 2024 ; avant, le décret n° 2021-254 "
                       "(non encodé dans le kit) fixait d'autres taux.")]
    jalon = jalon_agec(annee_agec)
    depuis_achats = depenses_agec(achats, annee_agec)
    lignes = []
    for _, cat in table_agec().iterrows():
        n = int(cat["numero"])
        r = dict(regle, id=f"agec_{n}", intitule=f"AGEC — {cat['categorie']}")
        r["fiabilite"] = str(cat["statut"])
        taux_r, taux_m = cat[f"reemploi_{jalon}"], cat[f"recycle_{jalon}"]
        if pd.isna(taux_r) and pd.isna(taux_m):
            lignes.append(_ligne(r, "—", None, NON_EVALUABLE,
                                 f"Taux {jalon} à compléter depuis le décret n° 2024-134 (JORF du 23/02/2024) : non encodés "
                                 "faute de source vérifiée (aucune valeur supposée)."))
            continue
        cibles = (f"cibles {jalon} : réemploi {'—' if pd.isna(taux_r) else f'{taux_r:g} %'}, "
                  f"matières recyclées {'—' if pd.isna(taux_m) else f'{taux_m:g} %'}")
        depense = _nombre(saisie.get(f"agec_{n}_depense_ht"))
        note = ""
        if depense is None and cat["categorie"] in depuis_achats:
            depense = depuis_achats[cat["categorie"]]
            note = (f" Dépense de la catégorie calculée depuis les achats ({euros(depense)} HT), par la "
                    "nomenclature du kit (convention) : remplacez-la par « agec_" f"{n}_depense_ht » si elle diffère.")
        reemploi, recycle = _nombre(saisie.get(f"agec_{n}_reemploi_ht")), _nombre(saisie.get(f"agec_{n}_recycle_ht"))
        if depense is None or (reemploi is None and recycle is None):
            lignes.append(_ligne(r, "—", None, NON_EVALUABLE,
                                 f"Année {annee_agec}, {cibles}. Saisissez la dépense de la catégorie et les montants "
                                 f"réemploi / recyclés (clés agec_{n}_…) dans la feuille « Saisie »." + note))
            continue
        if depense <= 0:
            lignes.append(_ligne(r, "0 €", None, NON_APPLICABLE, f"Aucune dépense dans la catégorie en {annee_agec}."))
            continue
        morceaux, ok = [], True
        for nom, montant, taux in (("réemploi", reemploi, taux_r), ("recyclé", recycle, taux_m)):
            if montant is None or pd.isna(taux):
                continue
            part = montant / depense
            morceaux.append(f"{nom} {pourcentage(part)} (cible {taux:g} %)")
            ok &= part * 100 >= taux - 1e-9
        chiffre = " ; ".join(morceaux)
        lignes.append(_ligne(r, chiffre, None, RESPECTEE if ok else NON_RESPECTEE,
                             f"Année {annee_agec} ({'année en cours, chiffre provisoire' if annee_agec >= jour.year else 'année civile close'}), "
                             f"{cibles}, en part de la dépense HT de la catégorie. ⚠ Taux de sources secondaires, à vérifier sur Légifrance." + note))
    return lignes


def _regles_egalim(jour, annee, t, saisie) -> list[dict]:
    regles = charger_regles()
    resto = _oui_non(saisie.get("restauration_collective"))
    total = _nombre(saisie.get("egalim_achats_alimentaires_ht"))
    note_total = ""
    achats = t["achats"]
    if total is None and achats is not None and "cpv" in achats and not achats.empty:
        lignes = achats[(pd.to_datetime(achats["date"]).dt.year == annee).fillna(False)]
        alim = lignes["cpv"].astype("string").str.startswith("15").fillna(False)
        if alim.any():
            total = float(lignes.loc[alim, "montant_ht"].sum())
            note_total = (f" Achats alimentaires estimés depuis les achats (CPV division 15) : {euros_courts(total)} HT ; "
                          "à remplacer par le montant de la restauration collective s'il diffère.")
    resultat = []
    for id_regle, cle_num, cle_den in (("egalim_durables", "egalim_durables_qualite_ht", None),
                                       ("egalim_bio", "egalim_bio_ht", None),
                                       ("egalim_viandes_poissons", "egalim_viandes_poissons_durables_ht",
                                        "egalim_viandes_poissons_ht")):
        regle = regles[id_regle]
        if jour < pd.Timestamp(regle["date_application"]):
            resultat.append(_ligne(regle, "—", None, NON_APPLICABLE,
                                   f"S'applique à partir du {pd.Timestamp(regle['date_application']):%d/%m/%Y}."))
            continue
        if resto is False:
            resultat.append(_ligne(regle, "—", None, NON_APPLICABLE, "Pas de restauration collective (saisie)."))
            continue
        den = total if cle_den is None else _nombre(saisie.get(cle_den))
        num = _nombre(saisie.get(cle_num))
        if den is None or num is None or den <= 0:
            resultat.append(_ligne(regle, "—", None, NON_EVALUABLE,
                                   f"Les données ne distinguent pas les produits EGalim : saisissez « {cle_num} »"
                                   + (f" et « {cle_den} »" if cle_den else " et le total des achats alimentaires")
                                   + f" pour {annee} dans la feuille « Saisie »." + note_total))
            continue
        part = num / den
        ok = part >= regle["taux"] - 1e-12
        resultat.append(_ligne(regle, f"{pourcentage(part)} (cible {pourcentage(regle['taux'])})", part,
                               RESPECTEE if ok else NON_RESPECTEE,
                               regle["explication"] + f" Année {annee}, chiffres saisis." + note_total))
    return resultat


# ------------------------------------------------------------------ évaluation

def evaluer_obligations(organisation_ou_tables, *, date_evaluation, type_acheteur: str | None = None,
                        saisie: dict | None = None, objectifs: list | None = None,
                        annee: int | None = None) -> pd.DataFrame:
    """La table des obligations évaluées à `date_evaluation` (colonnes `COLONNES`).

    `organisation_ou_tables` : une organisation (attributs achats, marches, concessions, profil) ou
    un dictionnaire de ces tables (une `Lecture` est acceptée à la place d'une table).
    `type_acheteur` : collectivite, etat ou autre (par défaut déduit du profil, sinon collectivite).
    `saisie` : chiffres saisis ({clé: valeur}, voir `CLES_SAISIE`). `objectifs` : liste d'`Objectif`.
    `annee` : année civile des dépenses examinées (par défaut l'année précédant la date).
    Lève `ErreurParametre` pour une date illisible ou un type d'acheteur inconnu.
    """
    try:
        jour = pd.Timestamp(date_evaluation)
    except (ValueError, TypeError):
        jour = pd.NaT
    if pd.isna(jour):
        raise ErreurParametre(f"Date d'évaluation illisible : « {date_evaluation} ». Donnez une date AAAA-MM-JJ.")
    t = extraire_tables(organisation_ou_tables)
    type_acheteur = type_acheteur or type_acheteur_depuis_profil(t["profil"])
    if type_acheteur not in TYPES_ACHETEUR:
        raise ErreurParametre(f"Type d'acheteur « {type_acheteur} » inconnu : choisissez parmi {', '.join(TYPES_ACHETEUR)}.")
    saisie = {k: v for k, v in (saisie or {}).items()}
    annee = annee if annee is not None else jour.year - 1
    lignes = []
    ligne_spaser, soumis = _regle_spaser(t, jour, annee, type_acheteur, saisie)
    lignes += [ligne_spaser, _regle_contenu(jour, soumis, objectifs), _regle_publication(jour, soumis, saisie)]
    for id_regle in ("critere_environnemental", "conditions_environnementales", "conditions_sociales"):
        lignes.append(_regle_2026(id_regle, t["marches"], jour, type_acheteur))
    lignes += _regles_agec(jour, max(annee, 2024), type_acheteur, saisie, t["achats"])
    lignes += _regles_egalim(jour, annee, t, saisie)
    return pd.DataFrame(lignes, columns=COLONNES)
