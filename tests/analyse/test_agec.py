"""AGEC art. 58 : seules les lignes vérifiées du décret 2024-134 sont remplies ; jalons ; dépense par catégorie."""

import pandas as pd

from spaserlib.analyse.agec import cles_saisie_agec, depenses_agec, jalon_agec, table_agec


def test_table_agec_ne_remplit_que_les_lignes_verifiees():
    t = table_agec().set_index("numero")
    assert len(t) == 17
    assert t.loc[1, ["reemploi_2024", "recycle_2024", "reemploi_2030", "recycle_2030"]].tolist() == [8, 20, 15, 30]
    assert t.loc[16, "reemploi_2027"] == 25
    assert pd.isna(t.loc[2, "reemploi_2024"]) and pd.isna(t.loc[15, "reemploi_2024"])
    assert pd.isna(t.loc[10, "reemploi_2027"])
    remplies = t.dropna(subset=["reemploi_2024"]).index.tolist()
    assert remplies == [1, 9, 10, 16]
    assert all("à compléter depuis le décret n° 2024-134 (JORF du 23/02/2024)" in s
               for n, s in t["statut"].items() if n not in remplies)


def test_jalons():
    assert [jalon_agec(a) for a in (2024, 2026, 2027, 2029, 2030, 2035)] == [2024, 2024, 2027, 2027, 2030, 2030]


def test_cles_de_saisie():
    cles = cles_saisie_agec()
    assert len(cles) == 17 * 3
    assert cles["agec_9_reemploi_ht"] == ("AGEC — Mobilier et aménagement d'intérieur : dont réemploi ou réutilisation", "€ HT")


def test_depenses_par_categorie_depuis_famille_ou_cpv():
    achats = pd.DataFrame({"date": pd.to_datetime(["2024-02-01", "2024-03-01", "2024-04-01", "2025-01-01"]),
                           "famille": ["F-MOBI", "F-PAPI", "T-BAT", "F-MOBI"],
                           "montant_ht": [100.0, 50.0, 1_000.0, 7.0]})
    assert depenses_agec(achats, 2024) == {"Mobilier et aménagement d'intérieur": 100.0, "Papier": 50.0}
    par_cpv = pd.DataFrame({"date": pd.to_datetime(["2024-02-01"]), "cpv": ["39100000"], "montant_ht": [30.0]})
    assert depenses_agec(par_cpv, 2024) == {"Mobilier et aménagement d'intérieur": 30.0}
    assert depenses_agec(None, 2024) == {}


def test_le_cours_ne_cite_pas_de_taux_absents_des_donnees_du_kit():
    # Rien de non vérifié n'est présenté comme vérifié : une catégorie sans taux dans agec_2024_134.csv
    # n'apparaît dans le cours qu'avec « à compléter depuis le décret n° 2024-134 ».
    import json
    import re

    from tests import RACINE

    cours = " ".join("".join(c["source"]) for c in json.loads(
        (RACINE / "notebooks" / "02.01-Cadre-juridique.ipynb").read_text(encoding="utf-8"))["cells"])
    for ligne in table_agec().itertuples():
        # noms d'au moins trois mots : « papier » seul désigne aussi d'autres règles (loi AGEC, art. 79)
        if pd.isna(ligne.reemploi_2024) and pd.isna(ligne.recycle_2024) and len(ligne.categorie.split()) >= 3:
            nom = ligne.categorie.lower()
            for m in re.finditer(re.escape(nom), cours.lower()):
                voisinage = cours[m.start():m.end() + 120]
                assert "%" not in voisinage.split(";")[0] or "à compléter" in voisinage, ligne.categorie
