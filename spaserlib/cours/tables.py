"""Les tables du kit prêtes à lire : colonnes en clair, valeurs à la française, HTML lisible partout.

`table_lisible` formate et renomme ; les colonnes sans format demandé reçoivent le leur
(`format_par_defaut` : dates en jj/mm/aaaa, nombres avec séparateur de milliers et virgule, années
telles quelles) ; `table_html` écrit une table échappée, nombres à droite, chaque cellule avec le nom de
sa colonne (``data-label``) pour qu'une large table devienne une liste de fiches sur un téléphone.
Utilisé par `spaserlib.cours.affichage` (afficher_table, afficher_indicateur).
"""

from __future__ import annotations

import html
import importlib
from collections.abc import Callable

import numpy as np
import pandas as pd

from spaserlib.commun.erreurs import ErreurParametre

# Libellés lisibles des colonnes les plus courantes des tables du kit.
LIBELLES = {
    "annee": "Année",
    "montant_ht": "Montant HT",
    "montant": "Montant HT",
    "part": "Part",
    "part_cumulee": "Part cumulée",
    "rang": "Rang",
    "classe": "Classe",
    "fournisseur": "Fournisseur",
    "fournisseurs": "Fournisseurs",
    "famille": "Famille",
    "libelle": "Libellé",
    "libelle_famille": "Libellé de la famille",
    "quadrant": "Quadrant",
    "strategie": "Stratégie",
    "contrats": "Contrats",
    "marches": "Marchés",
    "nature": "Nature",
    "procedure": "Procédure",
    "objet": "Objet",
    "siret": "SIRET",
    "cpv": "CPV",
    "statut": "Statut",
    "reference": "Référence",
    "explication": "Explication",
    "valeur": "Valeur",
    "cible": "Cible",
    "echeance": "Échéance",
    "intitule": "Règle",
    "regle": "Règle",
    "date_application": "Date d'application",
    "chiffre": "Chiffre calculé",
    "fiabilite": "Fiabilité",
    "source": "Source",
    "unite": "Unité",
    "objectif": "Objectif",
    "annee_derniere": "Dernière année",
    "derniere_valeur": "Dernière valeur",
    "tendance_par_an": "Tendance par an",
    "projection_echeance": "Projection à l'échéance",
    "dimension": "Dimension",
    "genre": "Genre",
    "tranche": "Tranche de montant",
    "public": "Public",
    "message": "Message",
    "canal": "Canal",
    "calendrier": "Calendrier",
    "porteur": "Porteur",
    "indicateur": "Indicateur",
    "part_nombre": "Part en nombre",
    "part_valeur": "Part en valeur",
    "contrats_avec": "Contrats avec",
    "contrats_inconnus": "Contrats inconnus (comptés à part)",
    "montant_net": "Montant net HT",
    "part_depense": "Part de la dépense",
    "enjeu_environnemental": "Enjeu environnemental (1 à 4)",
    "enjeu_social": "Enjeu social (1 à 4)",
}

# Formats nommés : le nom d'une fonction de spaserlib.commun.format_fr.
FORMATS = {"euros", "euros_courts", "pourcentage", "nombre"}


def _formateur(format_) -> Callable:
    if callable(format_):
        return format_
    if format_ not in FORMATS:
        raise ErreurParametre(
            f"Format de colonne inconnu : « {format_} ». Formats possibles : {', '.join(sorted(FORMATS))}, "
            "ou une fonction qui reçoit une valeur et rend un texte."
        )
    return getattr(importlib.import_module("spaserlib.commun.format_fr"), format_)


def libelle_colonne(nom: str) -> str:
    """Le libellé lisible d'une colonne : « montant_ht » -> « Montant HT », « nb_lignes » -> « Nb lignes »."""
    if nom in LIBELLES:
        return LIBELLES[nom]
    texte = str(nom).replace("_", " ").strip()
    return texte[:1].upper() + texte[1:]


def table_lisible(
    table: pd.DataFrame,
    formats: dict | None = None,
    libelles: dict | None = None,
    max_lignes: int | None = 20,
) -> pd.DataFrame:
    """Une copie de `table` prête à lire : valeurs formatées en texte, colonnes renommées, tronquée.

    formats   {colonne: "euros" | "euros_courts" | "pourcentage" | "nombre" | fonction} ;
    libelles  {colonne: libellé} qui complète ou remplace `LIBELLES` ;
    max_lignes  nombre de lignes gardées (None : toutes).
    """
    formats = formats or {}
    inconnues = [c for c in formats if c not in table.columns]
    if inconnues:
        raise ErreurParametre(
            f"Colonne(s) à formater absente(s) de la table : {', '.join(map(str, inconnues))}. "
            f"Colonnes présentes : {', '.join(map(str, table.columns))}."
        )
    vue = table if max_lignes is None else table.head(max_lignes)
    vue = vue.copy()
    for colonne, format_ in formats.items():
        fonction = _formateur(format_)
        vue[colonne] = [fonction(v) for v in vue[colonne]]
    for colonne in vue.columns:
        if colonne not in formats:
            fonction = format_par_defaut(table[colonne], colonne)
            if fonction is not None:
                vue[colonne] = [fonction(v) for v in vue[colonne]]
    noms = {**LIBELLES, **(libelles or {})}
    return vue.rename(columns={c: noms.get(c, libelle_colonne(c)) for c in vue.columns})


def _manquant(valeur) -> bool:
    return valeur is None or (not isinstance(valeur, str) and bool(pd.isna(valeur)))


def date_fr(valeur) -> str:
    """Une date à la française : 2025-12-31 -> « 31/12/2025 » ; « — » si elle manque."""
    if _manquant(valeur):
        return "—"
    return pd.Timestamp(valeur).strftime("%d/%m/%Y")


def _est_une_date(valeur) -> bool:
    from datetime import date

    return isinstance(valeur, (date, pd.Timestamp, np.datetime64))


def _annee(valeur) -> str:
    return "—" if _manquant(valeur) else str(int(valeur)) if float(valeur).is_integer() else str(valeur)


def _nombre_lisible(valeur) -> str:
    """Un nombre à la française sans décimale inutile : 1337 -> « 1 337 », 4.0 -> « 4 », 2.25 -> « 2,25 »."""
    from spaserlib.commun.format_fr import nombre

    if _manquant(valeur):
        return "—"
    valeur = float(valeur)
    if valeur.is_integer():
        return nombre(valeur)
    texte = nombre(valeur, 2)
    return texte.rstrip("0").rstrip(",") if "," in texte else texte


def format_par_defaut(serie: pd.Series, nom) -> Callable | None:
    """Le format d'une colonne sans format demandé : dates en jj/mm/aaaa, nombres à la française
    (milliers séparés, virgule décimale, sans « ,0 » inutile), années telles quelles. None : texte tel quel."""
    if pd.api.types.is_bool_dtype(serie):
        return None
    if pd.api.types.is_datetime64_any_dtype(serie):
        return date_fr
    if pd.api.types.is_numeric_dtype(serie):
        return _annee if "annee" in str(nom).lower() else _nombre_lisible
    presents = [v for v in serie if not _manquant(v)]
    if presents and all(_est_une_date(v) for v in presents):
        return date_fr
    return None


def avec_libelles_familles(table: pd.DataFrame) -> pd.DataFrame:
    """Ajoute le libellé de la famille à côté d'une colonne « famille » de codes de la nomenclature.

    Sans colonne « famille », ou si la table a déjà un « libelle », la table est rendue telle quelle.
    Un code inconnu de la nomenclature garde un libellé vide.
    """
    if "famille" not in table.columns or "libelle" in table.columns or "libelle_famille" in table.columns:
        return table
    from spaserlib.commun.nomenclature import familles

    libelles = familles().set_index("code")["libelle"]
    codes = table["famille"].astype("string")
    if not codes.isin(libelles.index).any():
        return table
    position = list(table.columns).index("famille") + 1
    table = table.copy()
    table.insert(position, "libelle_famille", codes.map(libelles).fillna(""))
    return table


def _trier(table: pd.DataFrame, colonne: str | None) -> pd.DataFrame:
    if colonne is None:
        return table
    if colonne not in table.columns:
        raise ErreurParametre(
            f"Colonne de tri absente de la table : {colonne}. Colonnes présentes : {', '.join(map(str, table.columns))}."
        )
    return table.sort_values(colonne, ascending=False, kind="stable", na_position="last")


def _choisir_colonnes(table: pd.DataFrame, colonnes) -> pd.DataFrame:
    if colonnes is None:
        return table
    absentes = [c for c in colonnes if c not in table.columns]
    if absentes:
        raise ErreurParametre(
            f"Colonne(s) absente(s) de la table : {', '.join(map(str, absentes))}. "
            f"Colonnes présentes : {', '.join(map(str, table.columns))}."
        )
    return table[list(colonnes)]


def _cellule_html(valeur) -> str:
    if valeur is None or (not isinstance(valeur, str) and pd.isna(valeur)):
        return "—"
    if isinstance(valeur, (bool, np.bool_)):
        return "oui" if valeur else "non"
    return html.escape(str(valeur))


COLONNES_SANS_FICHES = 4


def table_html(vue: pd.DataFrame, droite: list[bool], index: bool = False) -> str:
    """Le HTML d'une table : texte échappé, nombres alignés à droite, texte à gauche (lisible)."""
    alignes = ["right" if d else "left" for d in droite]
    entetes = ([f'<th style="text-align:left">{_cellule_html(vue.index.name or "")}</th>'] if index else []) + [
        f'<th style="text-align:{a}">{_cellule_html(c)}</th>' for c, a in zip(vue.columns, alignes)
    ]
    etiquettes = [html.escape(str(c), quote=True) for c in vue.columns]
    nom_index = html.escape(str(vue.index.name or ""), quote=True)
    lignes = []
    for etiquette, ligne in zip(vue.index, vue.itertuples(index=False)):
        # data-label : le nom de la colonne, repris devant chaque valeur quand la table devient une
        # liste de fiches sur un écran étroit (voir le gabarit des pages de rapport).
        cellules = ([f'<th scope="row" data-label="{nom_index}" style="text-align:left">{_cellule_html(etiquette)}</th>']
                    if index else []) + [
            f'<td data-label="{e}" style="text-align:{a}">{_cellule_html(v)}</td>' for v, a, e in zip(ligne, alignes, etiquettes)
        ]
        lignes.append("<tr>" + "".join(cellules) + "</tr>")
    # Au-delà de COLONNES_SANS_FICHES colonnes, la table devient une liste de fiches sur un écran étroit.
    classe = "spaser-table spaser-fiches" if len(entetes) > COLONNES_SANS_FICHES else "spaser-table"
    return (f'<table class="{classe}"><thead><tr>' + "".join(entetes) + "</tr></thead><tbody>"
            + "".join(lignes) + "</tbody></table>")


def _euros_entiers(valeur) -> str:
    from spaserlib.commun.format_fr import euros

    return euros(valeur, 0)


def formats_automatiques(table: pd.DataFrame) -> dict:
    """Les formats déduits des noms de colonnes du kit : part… en pourcentage, montant… en euros,
    contrats…, lignes…, fournisseurs… en nombres (colonnes numériques seulement)."""
    formats = {}
    for colonne in table.columns:
        nom = str(colonne)
        if not pd.api.types.is_numeric_dtype(table[colonne]) or pd.api.types.is_bool_dtype(table[colonne]):
            continue
        if nom.startswith("part"):
            formats[colonne] = "pourcentage"
        elif nom.startswith("montant"):
            formats[colonne] = _euros_entiers
        elif nom.startswith(("contrats", "lignes", "fournisseurs", "nombre")):
            formats[colonne] = "nombre"
    return formats
