"""AGEC, article 58 : les 17 catégories de produits du décret n° 2024-134 et leurs taux.

Loi n° 2020-105 du 10 février 2020 (AGEC), art. 58 ; décret n° 2024-134 du 21 février 2024 (JORF du
23 février 2024), en vigueur le 1er juillet 2024 : part de la dépense annuelle HT de chaque
catégorie consacrée à des biens issus du réemploi ou de la réutilisation, et part consacrée à des
biens intégrant des matières recyclées, jalons 2024, 2027 et 2030.

`donnees/agec_2024_134.csv` ne remplit QUE les taux vérifiés (✔) dans les notes de recherche du
projet, tous de sources secondaires ; les autres cellules sont vides (« à compléter depuis le texte
officiel (JORF 23/02/2024) ») et ne sont jamais remplies par des suppositions.
"""

from __future__ import annotations

from importlib import resources

import pandas as pd


def table_agec() -> pd.DataFrame:
    """Les 17 catégories du décret 2024-134 ; taux en % ; NA = à compléter depuis le décret n° 2024-134."""
    with (resources.files("spaserlib") / "donnees" / "agec_2024_134.csv").open(encoding="utf-8") as f:
        table = pd.read_csv(f, dtype={"categorie": "string", "statut": "string", "source": "string"})
    for col in [c for c in table if c.startswith(("reemploi_2", "recycle_2"))]:
        table[col] = table[col].astype("Float64")
    return table


def cles_saisie_agec() -> dict[str, tuple[str, str]]:
    """Les clés de saisie AGEC : dépense, part réemploi, part recyclée par catégorie (en € HT)."""
    cles = {}
    for _, ligne in table_agec().iterrows():
        n, cat = int(ligne["numero"]), ligne["categorie"]
        cles[f"agec_{n}_depense_ht"] = (f"AGEC — {cat} : dépense de l'année", "€ HT")
        cles[f"agec_{n}_reemploi_ht"] = (f"AGEC — {cat} : dont réemploi ou réutilisation", "€ HT")
        cles[f"agec_{n}_recycle_ht"] = (f"AGEC — {cat} : dont biens intégrant des matières recyclées", "€ HT")
    return cles


def depenses_agec(achats: pd.DataFrame | None, annee: int) -> dict[str, float]:
    """Dépense HT de l'année par catégorie AGEC, d'après la famille de chaque ligne d'achat.

    La famille vient de la colonne `famille` (sinon du CPV) ; sa catégorie AGEC est celle de la
    nomenclature du kit (convention pédagogique, l'annexe du décret n'ayant pas de codes CPV).
    Les familles inconnues de la nomenclature sont ignorées.
    """
    from spaserlib.commun.nomenclature import familles, familles_des_cpv

    if achats is None or achats.empty or "date" not in achats:
        return {}
    lignes = achats[(pd.to_datetime(achats["date"]).dt.year == annee).fillna(False)]
    if "famille" in lignes:
        code = lignes["famille"].astype("string")
    elif "cpv" in lignes:
        code = familles_des_cpv(lignes["cpv"].astype("string")).astype("string")
    else:
        return {}
    table = familles()
    categorie = code.map(dict(zip(table["code"], table["categorie_agec"])))
    montants = lignes["montant_ht"].fillna(0.0).astype(float)
    sommes = montants.groupby(categorie).sum()
    return {str(c): float(v) for c, v in sommes.items() if isinstance(c, str) and c.strip()}


def jalon_agec(annee: int) -> int:
    """Le jalon du décret 2024-134 applicable à une année : 2024, 2027 ou 2030."""
    return 2030 if annee >= 2030 else 2027 if annee >= 2027 else 2024
