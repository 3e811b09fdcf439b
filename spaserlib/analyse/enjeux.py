"""Enjeux sociaux et environnementaux : où des considérations auraient le plus d'effet.

Pour chaque famille, on croise les enjeux de la nomenclature (environnemental et social, notés
de 1 à 4) avec le poids financier de la famille (sa part de la dépense nette) et, quand les
marchés sont fournis, avec la part des marchés de la famille qui portent DÉJÀ une considération
(clause ou critère environnemental ; clause, critère social ou marché réservé).

Indice (convention du kit, pour classer, pas une mesure d'impact) :

    indice_environnemental = part de la dépense × enjeu environnemental / 4 × (1 − part des marchés
                             de la famille avec une considération environnementale)
    indice_social          = même calcul avec l'enjeu et les considérations sociales
    indice                 = indice_environnemental + indice_social

Les booléens de considération ont trois états : vrai, faux, inconnu (NA). Les inconnus ne comptent
ni comme « oui » ni comme « non » : ils sont comptés à part, et la part se calcule sur les marchés
connus. Sans marché connu pour une famille (ou sans table des marchés), la part est inconnue et
l'indice n'est pas réduit : l'explication le dit.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from spaserlib.commun.erreurs import ErreurParametre
from spaserlib.commun.format_fr import euros_courts, nombre, pourcentage
from spaserlib.analyse.kraljic import nomenclature_par_defaut
from spaserlib.analyse.pareto import NON_RENSEIGNE, classer_pareto

NOTE_MAX = 4
FEMININ = {"environnemental": "environnementale", "social": "sociale"}
AXES = {
    "environnemental": ("enjeu_environnemental", "consideration_environnementale", "justification_environnement", "env"),
    "social": ("enjeu_social", "consideration_sociale", "justification_social", "soc"),
}


def _enjeux_de_la_nomenclature(familles: pd.DataFrame) -> pd.DataFrame:
    manquantes = [c for c in ("code", "enjeu_environnemental", "enjeu_social") if c not in familles.columns]
    if manquantes:
        raise ErreurParametre(
            f"La nomenclature des familles n'a pas de colonne(s) {', '.join(manquantes)} : "
            "impossible de classer les enjeux."
        )
    gardees = [c for c in ("code", "libelle", "enjeu_environnemental", "justification_environnement",
                           "enjeu_social", "justification_social", "categorie_agec") if c in familles.columns]
    table = familles[gardees].rename(columns={"code": "famille"}).copy()
    table["famille"] = table["famille"].astype(str)
    for colonne in ("enjeu_environnemental", "enjeu_social"):
        valeurs = pd.to_numeric(table[colonne], errors="coerce")
        fautives = table[(valeurs.isna() & table[colonne].notna()) | (valeurs < 1) | (valeurs > NOTE_MAX)]
        if len(fautives):
            ligne = fautives.iloc[0]
            raise ErreurParametre(
                f"Nomenclature des familles, famille « {ligne['famille']} », colonne « {colonne} » : valeur "
                f"« {ligne[colonne]} » hors de l'échelle. Notez de 1 à {NOTE_MAX}, ou laissez vide si inconnu."
            )
        table[colonne] = valeurs.astype(float)
    return table


def _considerations_par_famille(marches: pd.DataFrame) -> pd.DataFrame:
    """Par famille : nombre de marchés, puis oui / non / inconnus et part connue, pour chaque axe."""
    if "famille" not in marches.columns:
        raise ErreurParametre("La table des marchés n'a pas de colonne « famille » : impossible de rattacher les marchés.")
    table = pd.DataFrame({"famille": marches["famille"].astype("str").fillna(NON_RENSEIGNE)})
    for axe, (_, colonne, _, court) in AXES.items():
        if colonne not in marches.columns:
            raise ErreurParametre(
                f"La table des marchés n'a pas de colonne « {colonne} » (vrai, faux ou vide si inconnu)."
            )
        valeurs = marches[colonne].astype("boolean")
        table[f"marches_{court}_oui"] = (valeurs == True).fillna(False).astype(int)  # noqa: E712
        table[f"marches_{court}_non"] = (valeurs == False).fillna(False).astype(int)  # noqa: E712
        table[f"marches_{court}_inconnus"] = valeurs.isna().astype(int)
    groupes = table.groupby("famille", sort=False)
    resultat = groupes.sum()
    resultat.insert(0, "nb_marches", groupes.size())
    for _, _, _, court in AXES.values():
        connus = resultat[f"marches_{court}_oui"] + resultat[f"marches_{court}_non"]
        resultat[f"part_marches_{court}"] = (resultat[f"marches_{court}_oui"] / connus.where(connus > 0)).astype(float)
    return resultat.reset_index()


def _explication(ligne, avec_marches: bool) -> str:
    morceaux = []
    if pd.isna(ligne["enjeu_environnemental"]) and pd.isna(ligne["enjeu_social"]):
        morceaux.append("famille absente de la nomenclature (ou enjeux non notés) : enjeux inconnus, non classée")
    for axe, (col_enjeu, _, col_justif, court) in AXES.items():
        if pd.isna(ligne[col_enjeu]):
            continue
        texte = f"enjeu {axe} {nombre(ligne[col_enjeu])}/4"
        justification = ligne.get(col_justif)
        if isinstance(justification, str) and justification.strip():
            texte += f" ({justification.strip().rstrip('.')})"
        if avec_marches:
            oui, non, inconnus = (int(ligne[f"marches_{court}_{k}"]) for k in ("oui", "non", "inconnus"))
            if oui + non:
                texte += (f", marchés avec considération {FEMININ[axe]} : {nombre(oui)} sur {nombre(oui + non)} connus "
                          f"({pourcentage(ligne[f'part_marches_{court}'])})")
            else:
                texte += f", aucun marché renseigné sur la considération {FEMININ[axe]}"
            if inconnus:
                texte += f", {nombre(inconnus)} inconnu(s)"
        morceaux.append(texte)
    morceaux.append(f"{pourcentage(ligne['part_depense'])} de la dépense ({euros_courts(ligne['montant_net'])})")
    if not avec_marches:
        morceaux.append("marchés non fournis : part des contrats avec considérations inconnue")
    indice = "—" if pd.isna(ligne["indice"]) else nombre(ligne["indice"], 3)
    return f"{' ; '.join(morceaux)[0].upper()}{' ; '.join(morceaux)[1:]}. Indice {indice}."


def classer_enjeux(achats: pd.DataFrame, familles: pd.DataFrame | None = None, marches: pd.DataFrame | None = None) -> pd.DataFrame:
    """Classe les familles où des considérations sociales et environnementales auraient le plus d'effet.

    achats    table des achats (famille, fournisseur, montant_ht) ;
    familles  la nomenclature (code, enjeu_environnemental, enjeu_social, et si possible libelle,
              justifications, categorie_agec) ; par défaut celle du kit ;
    marches   facultatif : table des marchés (famille, consideration_environnementale,
              consideration_sociale, booléens à trois états).

    Renvoie une ligne par famille au montant net positif, classée par indice décroissant (puis
    montant, puis code) : rang, famille, libelle, montant_net, part_depense, les enjeux et leurs
    justifications, enjeu (le plus fort des deux), les comptes de marchés par axe (oui, non,
    inconnus, part), indice_environnemental, indice_social, indice, explication. Les familles
    sans enjeux connus restent en fin de table, sans rang.
    """
    nomenclature = _enjeux_de_la_nomenclature(nomenclature_par_defaut(familles))
    pareto = classer_pareto(achats, par="famille")
    table = pareto.loc[pareto["classe"].notna(), ["famille", "montant_net", "part"]].rename(columns={"part": "part_depense"})
    table = table.merge(nomenclature, on="famille", how="left")
    if "libelle" not in table.columns:
        table["libelle"] = pd.NA
    table["enjeu"] = table[["enjeu_environnemental", "enjeu_social"]].max(axis=1, skipna=True)

    avec_marches = marches is not None
    colonnes_marches = ["nb_marches"] + [f"{p}_{c}{s}" for c in ("env", "soc") for p, s in
                                         (("marches", "_oui"), ("marches", "_non"), ("marches", "_inconnus"), ("part_marches", ""))]
    if avec_marches:
        table = table.merge(_considerations_par_famille(marches), on="famille", how="left")
        comptes = [c for c in colonnes_marches if not c.startswith("part_")]
        table[comptes] = table[comptes].fillna(0).astype(int)
    else:
        for colonne in colonnes_marches:
            table[colonne] = np.nan

    for axe, (col_enjeu, _, _, court) in AXES.items():
        reste = (1 - table[f"part_marches_{court}"]).fillna(1.0)
        table[f"indice_{axe}"] = table["part_depense"] * table[col_enjeu].fillna(0) / NOTE_MAX * reste
    inconnus = table["enjeu_environnemental"].isna() & table["enjeu_social"].isna()
    table["indice"] = (table["indice_environnemental"] + table["indice_social"]).where(~inconnus)
    table = table.sort_values(["indice", "montant_net", "famille"], ascending=[False, False, True],
                              na_position="last", kind="stable").reset_index(drop=True)
    table["rang"] = pd.array([i + 1 if not pd.isna(v) else None for i, v in enumerate(table["indice"])], dtype="Int64")
    table["explication"] = [_explication(ligne, avec_marches) for _, ligne in table.iterrows()]
    ordre = ["rang", "famille", "libelle", "montant_net", "part_depense", "enjeu_environnemental",
             "enjeu_social", "enjeu"]
    ordre += [c for c in ("justification_environnement", "justification_social", "categorie_agec") if c in table.columns]
    ordre += colonnes_marches + ["indice_environnemental", "indice_social", "indice", "explication"]
    return table[ordre]
