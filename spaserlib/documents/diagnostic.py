"""La section « Diagnostic » du projet de SPASER, tirée des données de l'organisation.

Volumes par année, concentration des fournisseurs (Pareto, `spaserlib.analyse.pareto`), familles classées
par quadrant de Kraljic (`spaserlib.analyse.kraljic`), familles à plus fort enjeu social et environnemental
(`spaserlib.analyse.enjeux`), et considérations sociales et environnementales actuelles des contrats.
"""

from __future__ import annotations

import functools
import re

import pandas as pd

from spaserlib.documents.sections import Section
from spaserlib.analyse.enjeux import classer_enjeux
from spaserlib.commun.erreurs import ErreurParametre
from spaserlib.analyse.kraljic import noter_familles
from spaserlib.analyse.obligations import A_RISQUE, NON_APPLICABLE, NON_RESPECTEE, RESPECTEE
from spaserlib.analyse.pareto import classer_pareto, phrase_pareto
from spaserlib.analyse.profil import de_l_annee
from spaserlib.commun.format_fr import euros_courts as euros, pourcentage
from spaserlib.commun.gabarits import entier
from spaserlib.lecture.organisation import Organisation

FAMILLES_AFFICHEES = 10
QUADRANTS = ["stratégiques", "leviers", "critiques", "simples"]


def _cartographie(section: Section, achats: pd.DataFrame, marches: pd.DataFrame | None, annee: int | None) -> None:
    """Pareto des fournisseurs, familles par quadrant de Kraljic, enjeux de l'année de référence (toutes les années
    si elle est inconnue) : la période du sommaire du rapport et des pages de cartographie."""
    periode = f"en {annee}" if annee is not None else "sur toute la période"
    if "date" in achats:
        achats = de_l_annee(achats, "date", annee)
    section.sous_titre(f"Cartographie des achats {periode}")
    try:
        section.paragraphe(phrase_pareto(classer_pareto(achats, "fournisseur")) + " C'est sur eux, et sur leurs familles, "
                           "que l'effort du schéma porte le plus.")
    except ErreurParametre as erreur:
        section.paragraphe(f"Classement de Pareto impossible : {erreur}")
        return
    if "famille" not in achats or achats["famille"].isna().all():
        section.paragraphe("Les achats n'ont pas de famille (ni code CPV) : la matrice de Kraljic ne peut pas être calculée.")
        return
    kraljic = noter_familles(achats)
    # Une famille hors nomenclature (ou « non renseignée ») n'a pas de libellé : on montre son code.
    kraljic["libelle"] = kraljic["libelle"].fillna(kraljic["famille"]).astype(str)
    section.paragraphe(f"Familles classées selon la matrice de Kraljic, sur les achats {periode} (impact sur les achats, "
                       "risque d'approvisionnement ; notes calculées avec la grille de cotation décrite en annexe, à valider par l'organisation) :")
    section.tableau(
        ["Quadrant", "Familles", "Montant HT", "Principales familles"],
        [[q, entier((kraljic["quadrant"] == q).sum()), euros(kraljic.loc[kraljic["quadrant"] == q, "montant_net"].sum()),
          ", ".join(kraljic.loc[kraljic["quadrant"] == q, "libelle"].head(3)) or "—"] for q in QUADRANTS],
    )
    enjeux = classer_enjeux(achats, None, marches).head(FAMILLES_AFFICHEES)
    section.sous_titre(f"Enjeux sociaux et environnementaux par famille {periode}")
    section.paragraphe("Familles où des considérations sociales et environnementales auraient le plus d'effet "
                       "(enjeux notés de 1 à 4 par la nomenclature du kit, pondérés par la dépense) :")
    section.tableau(
        ["Famille", "Montant HT", "Part", "Enjeu environnemental", "Enjeu social"],
        [[f"{e.famille} — {e.libelle}", euros(e.montant_net), pourcentage(e.part_depense),
          _note(e.enjeu_environnemental), _note(e.enjeu_social)] for e in enjeux.itertuples()],
    )


def phrase_de_pareto(achats: pd.DataFrame | None, annee: int | None) -> str | None:
    """La phrase de Pareto des fournisseurs de l'année (celle du diagnostic), ou None si elle ne se calcule pas."""
    if achats is None or len(achats) == 0 or not {"fournisseur", "montant_ht"} <= set(achats.columns):
        return None
    if "date" in achats:
        achats = de_l_annee(achats, "date", annee)
    try:
        return phrase_pareto(classer_pareto(achats, "fournisseur"))
    except ErreurParametre:
        return None


def _note(valeur) -> str:
    return "—" if pd.isna(valeur) else f"{int(valeur)}/4"


# --- les obligations dites pour l'assemblée ------------------------------------------------------
# La situation de l'organisation au regard du SPASER, selon le statut de la règle « spaser_obligation » :
# les mêmes mots dans le sommaire du rapport (index.html), le tableau des obligations des pages et le projet.
SITUATIONS_SPASER = {
    RESPECTEE: "soumise à l'obligation, schéma adopté",
    A_RISQUE: "soumise à l'obligation, adoption d'un schéma non renseignée",
    NON_RESPECTEE: "soumise à l'obligation, aucun schéma adopté",
    NON_APPLICABLE: "non soumise à l'obligation",
}
REGLE_SPASER = "spaser_obligation"


def situation_spaser(statut: str | None) -> str | None:
    """La situation de l'organisation au regard du SPASER, en mots, pour le statut de la règle
    « spaser_obligation » (« à risque » -> « soumise à l'obligation, adoption d'un schéma non renseignée »)."""
    return SITUATIONS_SPASER.get(statut) if statut else None


@functools.cache
def _cles_de_saisie() -> dict[str, str]:
    from spaserlib.analyse.agec import cles_saisie_agec
    from spaserlib.analyse.obligations import CLES_SAISIE

    return {cle: libelle for cle, (libelle, _unite) in {**CLES_SAISIE, **cles_saisie_agec()}.items()}


def sans_cles_de_saisie(texte: str) -> str:
    """Le texte d'une explication où chaque clé de la feuille « Saisie » du tableau de bord
    (« spaser_adopte », « agec_3_depense_ht »…) est remplacée par le libellé de sa ligne : une page
    lue par l'assemblée ne montre pas de nom interne."""
    if not isinstance(texte, str) or not texte:
        return texte
    cles = _cles_de_saisie()
    motif = "|".join(sorted(map(re.escape, cles), key=len, reverse=True))
    texte = re.sub(r"\s*\(clés agec_\d+_…\)", "", texte)
    texte = re.sub(rf"\(({motif})\)", lambda m: f"(ligne « {cles[m.group(1)]} »)", texte)
    texte = re.sub(rf"«\s*({motif})\s*»", lambda m: f"« {cles[m.group(1)]} »", texte)
    return re.sub(rf"\b({motif})\b", lambda m: f"« {cles[m.group(1)]} »", texte)


def obligations_lisibles(table: pd.DataFrame) -> pd.DataFrame:
    """La table de `evaluer_obligations` prête à lire : explications sans clé de saisie, et le statut
    de l'obligation d'adopter un SPASER suivi de la situation de l'organisation (« à risque :
    soumise à l'obligation, adoption d'un schéma non renseignée »), comme dans le sommaire."""
    table = table.copy()
    if "explication" in table.columns:
        table["explication"] = [sans_cles_de_saisie(e) for e in table["explication"]]
    if {"regle", "statut"} <= set(table.columns):
        table["statut"] = [f"{s} : {situation_spaser(s)}" if r == REGLE_SPASER and situation_spaser(s) else s
                           for r, s in zip(table["regle"], table["statut"])]
    return table


# Dans le projet, aucun statut n'est une auto-certification : ce que les données montrent est
# dit, la conclusion revient au service juridique.
VERIFIER = "à vérifier par le service juridique"
STATUTS_PROJET = {
    RESPECTEE: f"pas de manquement relevé dans les données, {VERIFIER}",
    A_RISQUE: f"à risque, {VERIFIER}",
    NON_RESPECTEE: f"manquement possible selon les données, {VERIFIER}",
    NON_APPLICABLE: f"non applicable selon les données, {VERIFIER}",
}


def statut_du_projet(regle: str, statut: str) -> str:
    """Le statut d'une obligation tel que le projet l'écrit : jamais « respectée », toujours « à vérifier
    par le service juridique » ; la situation au regard du SPASER garde les mots du sommaire."""
    texte = STATUTS_PROJET.get(statut, statut)
    if regle == REGLE_SPASER and situation_spaser(statut):
        prefixe = "à risque : " if statut == A_RISQUE else ""
        texte = f"{prefixe}{situation_spaser(statut)}, {VERIFIER}"
    return texte


def obligations_du_projet(organisation: Organisation, annee: int | None, objectifs=(), date_reference=None):
    """La table des obligations évaluées à la date de référence (None : aujourd'hui ; voir
    `spaserlib.analyse.obligations`), prête à lire, avec la colonne « evaluable » ; ou le message
    d'erreur (texte) si l'évaluation est impossible."""
    from spaserlib.analyse.obligations import NON_EVALUABLE, evaluer_obligations
    from spaserlib.commun.calendrier import lire_date_reference

    aujourd_hui = lire_date_reference(date_reference)
    try:
        table = evaluer_obligations(organisation, date_evaluation=aujourd_hui, annee=annee, objectifs=list(objectifs))
    except ErreurParametre as erreur:
        return str(erreur)
    table = obligations_lisibles(table.assign(evaluable=table["statut"] != NON_EVALUABLE, statut_brut=table["statut"]))
    table["statut"] = [statut_du_projet(r, s) for r, s in zip(table["regle"], table["statut_brut"])]
    return table


def _obligations(section: Section, obligations, date_reference=None) -> None:
    """Les obligations qu'on peut juger ; celles qui ne le sont pas faute de données vont en annexe."""
    from spaserlib.commun.calendrier import lire_date_reference

    if isinstance(obligations, str):
        section.paragraphe(f"Obligations non évaluées : {obligations}")
        return
    aujourd_hui = lire_date_reference(date_reference)
    jugees = obligations[obligations["evaluable"]]
    section.sous_titre(f"Obligations légales au {aujourd_hui.strftime('%d/%m/%Y')}")
    section.paragraphe("Ce tableau dit ce que montrent les données ; il ne certifie pas la conformité : chaque "
                       f"statut est {VERIFIER}.")
    if len(jugees):
        section.tableau(["Obligation", "Référence", "Statut", "Explication"],
                        [[l.intitule, l.reference, l.statut, l.explication] for l in jugees.itertuples()])
    autres = int((~obligations["evaluable"]).sum())
    if autres:
        section.paragraphe(f"{autres} autre(s) obligation(s) ne peuvent pas être évaluées faute de données : leur liste, "
                           "et ce qu'il faut renseigner pour les évaluer, sont en annexe.")


def section_diagnostic(organisation: Organisation, chiffres: dict, objectifs=(), *, date_reference=None,
                       obligations=None, titre: str = "3. Diagnostic : état des lieux des achats") -> Section:
    """La section du diagnostic : état des lieux chiffré des achats de l'organisation et obligations
    (évaluées à `date_reference`, la date du jour par défaut ; `obligations` : la table déjà évaluée
    par `obligations_du_projet`)."""
    section = Section(titre)
    achats = organisation.achats
    marches = None if organisation.marches is None or len(organisation.marches) == 0 else organisation.marches
    if chiffres["annee"] is not None:
        obligation = {True: "au-dessus", False: "en dessous", None: "—"}[chiffres["obligation_spaser"]]
        section.paragraphe(
            f"En {chiffres['annee']}, {organisation.nom} a dépensé {euros(chiffres['montant_annee'])} HT selon les données "
            f"fournies, {obligation} du seuil de {euros(chiffres['seuil_spaser'])} HT qui rend le SPASER obligatoire (estimation : le calcul légal "
            "exclut les marchés de défense ou de sécurité)."
        )
    volumes = chiffres["volumes"]
    section.sous_titre("Volumes par année" + (f", de {chiffres['annees_achats']}" if " à " in str(chiffres.get("annees_achats")) else ""))
    if volumes.empty:
        section.paragraphe("Aucune ligne d'achat datée dans les données.")
    else:
        section.tableau(["Année", "Montant HT", "Lignes d'achat", "Fournisseurs"],
                        [[int(v.annee), euros(v.montant_ht), entier(v.lignes), entier(v.fournisseurs)] for v in volumes.itertuples()])
    if achats is not None and len(achats) and {"fournisseur", "montant_ht"} <= set(achats.columns):
        _cartographie(section, achats, marches, chiffres["annee"])
    section.sous_titre("Considérations sociales et environnementales des contrats notifiés "
                       + (f"en {chiffres['annee']}" if chiffres["annee"] is not None else "sur toute la période"))
    if marches is None:
        section.paragraphe("Pas de données de marchés : l'état actuel des clauses n'est pas mesuré. Les données essentielles "
                           "de la commande publique (DECP) de l'organisation permettent de le faire.")
    else:
        _considerations(section, marches, chiffres)
    if obligations is None:
        obligations = obligations_du_projet(organisation, chiffres["annee"], objectifs, date_reference)
    _obligations(section, obligations, date_reference)
    return section


def parts_en_valeur(marches: pd.DataFrame, annee: int | None) -> dict:
    """{« sociale »/« environnementale » : la ligne de `table_considerations` de l'année (ou de l'ensemble
    si l'année est inconnue)} : contrats avec, parts en nombre et en valeur, montants ; la même table que
    la feuille « par année » du tableau de bord."""
    from spaserlib.analyse.indicateurs import table_considerations

    parts = {}
    for dimension in ("sociale", "environnementale"):
        if annee is None:
            table = table_considerations(marches, dimension)
        else:
            table = table_considerations(marches, dimension, par="annee")
            table = table[table["annee"] == annee]
        parts[dimension] = table.iloc[0].to_dict() if len(table) else None
    return parts


def _considerations(section: Section, marches: pd.DataFrame, chiffres: dict) -> None:
    """Les contrats de l'année avec une considération sociale ou environnementale, en nombre ET en valeur
    (L2111-3 al. 3 : indicateurs exprimés en nombre de contrats ou en valeur)."""
    annee = chiffres["annee"]
    periode = f"en {annee}" if annee is not None else "sur toute la période"
    parts = parts_en_valeur(marches, annee)
    lignes = [[f"Contrats notifiés {periode}", entier(chiffres["contrats_annee"]), euros(chiffres["montant_contrats_annee"]) + " HT"]]
    for cle in ("sociale", "environnementale"):
        ligne = parts[cle]
        en_valeur = "—"
        if ligne is not None and ligne["montant_avec"] + ligne["montant_sans"] > 0:
            en_valeur = (f"{euros(ligne['montant_avec'])} sur {euros(ligne['montant_avec'] + ligne['montant_sans'])} HT "
                         f"({pourcentage(ligne['part_valeur'])})")
        en_nombre = (f"{entier(chiffres[f'contrats_{cle}'])} sur {entier(chiffres[f'contrats_{cle}_connus'])} renseignés "
                     f"({pourcentage(chiffres[f'part_{cle}'])})") if chiffres[f"contrats_{cle}_connus"] else "—"
        lignes.append([f"Contrats avec une considération {cle}", en_nombre, en_valeur])
    section.paragraphe(f"Taux actuels {periode}, en nombre de contrats et en valeur (montant HT des contrats notifiés), "
                       "calculés sur les contrats dont la considération est renseignée :")
    section.tableau([f"Indicateur actuel {periode}", "En nombre", "En valeur"], lignes)
