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
                       "risque d'approvisionnement ; notes calculées avec la grille du kit, convention pédagogique à discuter) :")
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


def _obligations(section: Section, organisation: Organisation, annee: int | None, objectifs, date_reference=None) -> None:
    """Les obligations légales évaluées à la date de référence (None : aujourd'hui ; voir
    `spaserlib.analyse.obligations`), celles qu'on peut juger."""
    from spaserlib.analyse.obligations import NON_EVALUABLE, evaluer_obligations
    from spaserlib.commun.calendrier import lire_date_reference

    aujourd_hui = lire_date_reference(date_reference)
    try:
        table = evaluer_obligations(organisation, date_evaluation=aujourd_hui, annee=annee, objectifs=list(objectifs))
    except ErreurParametre as erreur:
        section.paragraphe(f"Obligations non évaluées : {erreur}")
        return
    table = table.assign(statut_brut=table["statut"])
    table = obligations_lisibles(table)
    jugees = table[table["statut_brut"] != NON_EVALUABLE]
    section.sous_titre(f"Obligations légales au {aujourd_hui.strftime('%d/%m/%Y')}")
    if len(jugees):
        section.tableau(["Obligation", "Référence", "Statut", "Explication"],
                        [[l.intitule, l.reference, l.statut, l.explication] for l in jugees.itertuples()])
    autres = table.loc[table["statut_brut"] == NON_EVALUABLE, "intitule"]
    if len(autres):
        section.paragraphe(f"{len(autres)} obligation(s) non évaluable(s) faute de données (à renseigner dans le tableau "
                           "de bord, feuille « Saisie ») : " + " ; ".join(autres) + ".")


def section_diagnostic(organisation: Organisation, chiffres: dict, objectifs=(), *, date_reference=None) -> Section:
    """La section 2 du projet : état des lieux chiffré des achats de l'organisation et obligations
    (évaluées à `date_reference`, la date du jour par défaut)."""
    section = Section("2. Diagnostic : état des lieux des achats")
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
    section.sous_titre("Volumes par année")
    if volumes.empty:
        section.paragraphe("Aucune ligne d'achat datée dans les données.")
    else:
        section.tableau(["Année", "Montant HT", "Lignes d'achat", "Fournisseurs"],
                        [[int(v.annee), euros(v.montant_ht), entier(v.lignes), entier(v.fournisseurs)] for v in volumes.itertuples()])
    if achats is not None and len(achats) and {"fournisseur", "montant_ht"} <= set(achats.columns):
        _cartographie(section, achats, marches, chiffres["annee"])
    section.sous_titre("Considérations sociales et environnementales des contrats")
    if marches is None:
        section.paragraphe("Pas de données de marchés : l'état actuel des clauses n'est pas mesuré. Les données essentielles "
                           "de la commande publique (DECP) de l'organisation permettent de le faire.")
    else:
        section.tableau(["Indicateur actuel (L2111-3 : en nombre de contrats)", "Valeur"], [
            [f"Contrats notifiés en {chiffres['annee']}", entier(chiffres["contrats_annee"])],
            [f"Montant des contrats notifiés en {chiffres['annee']}", euros(chiffres["montant_contrats_annee"])],
            ["Contrats avec une considération sociale", f"{entier(chiffres['contrats_sociale'])} sur {entier(chiffres['contrats_sociale_connus'])} renseignés ({pourcentage(chiffres['part_sociale'])})"],
            ["Contrats avec une considération environnementale", f"{entier(chiffres['contrats_environnementale'])} sur {entier(chiffres['contrats_environnementale_connus'])} renseignés ({pourcentage(chiffres['part_environnementale'])})"],
        ])
    _obligations(section, organisation, chiffres["annee"], objectifs, date_reference)
    return section
