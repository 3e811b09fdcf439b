"""La section « Diagnostic » du projet de SPASER, tirée des données de l'organisation.

Volumes par année, principales familles d'achat, concentration des fournisseurs, considérations
sociales et environnementales actuelles des contrats. Les analyses du kit (Pareto, Kraljic,
indicateurs) sont appelées quand elles sont disponibles ; sinon la section le dit.
"""

from __future__ import annotations

import pandas as pd

from spaserlib.document_sections import Section
from spaserlib.erreurs import ErreurParametre
from spaserlib.synthese import Organisation, euros, pourcentage

FAMILLES_AFFICHEES = 10


def _entier(valeur) -> str:
    return "—" if valeur is None else f"{int(valeur):,}".replace(",", "\u202f")


def concentration_fournisseurs(achats: pd.DataFrame, part: float = 0.8) -> tuple[int, int]:
    """(nombre de fournisseurs qui font `part` du montant, nombre total de fournisseurs), montants positifs seulement."""
    montants = achats.groupby("fournisseur")["montant_ht"].sum()
    montants = montants[montants > 0].sort_values(ascending=False)
    if montants.empty:
        return 0, 0
    cumul = montants.cumsum() / montants.sum()
    return int((cumul < part).sum() + 1), int(len(montants))


def familles_principales(achats: pd.DataFrame, n: int = FAMILLES_AFFICHEES) -> pd.DataFrame:
    """Les `n` familles au plus gros montant HT (colonnes famille, montant_ht, part, fournisseurs)."""
    groupes = achats.groupby("famille", dropna=False)
    table = pd.DataFrame({"montant_ht": groupes["montant_ht"].sum(), "fournisseurs": groupes["fournisseur"].nunique()})
    total = table["montant_ht"].sum()
    table["part"] = table["montant_ht"] / total if total else 0.0
    table = table.sort_values("montant_ht", ascending=False).head(n).reset_index()
    table["famille"] = table["famille"].fillna("Sans famille")
    return table[["famille", "montant_ht", "part", "fournisseurs"]]


def _famille(code) -> tuple[str, str, str]:
    """(libellé « code — libellé », enjeu environnemental, enjeu social) d'une famille de la nomenclature du kit."""
    from spaserlib import nomenclature

    try:
        ligne = nomenclature.famille(str(code))
    except ErreurParametre:
        return str(code), "—", "—"
    return f"{code} — {ligne['libelle']}", f"{ligne['enjeu_environnemental']}/4", f"{ligne['enjeu_social']}/4"


def section_diagnostic(organisation: Organisation, chiffres: dict) -> Section:
    """La section 2 du projet : état des lieux chiffré des achats de l'organisation."""
    section = Section("2. Diagnostic : état des lieux des achats")
    achats, marches = organisation.achats, organisation.marches
    if chiffres["annee"] is not None:
        obligation = {True: "au-dessus", False: "en dessous", None: "—"}[chiffres["obligation_spaser"]]
        section.paragraphe(
            f"En {chiffres['annee']}, {organisation.nom} a dépensé {euros(chiffres['montant_annee'])} HT selon les données "
            f"fournies, {obligation} du seuil de 50 M€ HT qui rend le SPASER obligatoire (estimation : le calcul légal "
            "exclut les marchés de défense ou de sécurité)."
        )
    volumes = chiffres["volumes"]
    section.sous_titre("Volumes par année")
    if volumes.empty:
        section.paragraphe("Aucune ligne d'achat datée dans les données.")
    else:
        section.tableau(["Année", "Montant HT", "Lignes d'achat", "Fournisseurs"],
                        [[int(v.annee), euros(v.montant_ht), _entier(v.lignes), _entier(v.fournisseurs)] for v in volumes.itertuples()])
    if achats is not None and not achats.empty and {"fournisseur", "montant_ht"} <= set(achats.columns):
        premiers, total = concentration_fournisseurs(achats)
        section.sous_titre("Cartographie des achats")
        section.paragraphe(f"{premiers} fournisseur(s) sur {total} réalisent 80 % du montant des achats (loi de Pareto) : "
                           "c'est sur eux et sur leurs familles que l'effort du schéma porte le plus.")
        if "famille" in achats:
            familles = familles_principales(achats)
            section.paragraphe("Principales familles d'achat et leurs enjeux (notes de 1 à 4 de la nomenclature du kit, "
                               "convention pédagogique à discuter) :")
            section.tableau(["Famille", "Montant HT", "Part", "Fournisseurs", "Enjeu environnemental", "Enjeu social"],
                            [[*_famille(f.famille)[:1], euros(f.montant_ht), pourcentage(f.part), _entier(f.fournisseurs),
                              *_famille(f.famille)[1:]] for f in familles.itertuples()])
    section.sous_titre("Considérations sociales et environnementales des contrats")
    if marches is None:
        section.paragraphe("Pas de données de marchés : l'état actuel des clauses n'est pas mesuré. Les données essentielles "
                           "de la commande publique (DECP) de l'organisation permettent de le faire.")
    else:
        section.tableau(["Indicateur actuel (L2111-3 : en nombre de contrats)", "Valeur"], [
            ["Contrats", _entier(chiffres["contrats"])],
            ["Montant des contrats", euros(chiffres["montant_contrats"])],
            ["Contrats avec une considération sociale", f"{_entier(chiffres['contrats_sociale'])} sur {_entier(chiffres['contrats_sociale_connus'])} renseignés ({pourcentage(chiffres['part_sociale'])})"],
            ["Contrats avec une considération environnementale", f"{_entier(chiffres['contrats_environnementale'])} sur {_entier(chiffres['contrats_environnementale_connus'])} renseignés ({pourcentage(chiffres['part_environnementale'])})"],
        ])
    return section
