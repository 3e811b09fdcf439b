"""Lecture DuckDB des fichiers DECP à plusieurs acheteurs (JSON 2019 et 2024, CSV, Parquet) : la table `contrats`.

Les nombres attendus sur les extraits réels sont recalculés ici en Python simple (modules json et csv),
sans les fonctions du kit.
"""

import csv
import json

import pandas as pd
import pytest

from spaserlib.commun.erreurs import ErreurFichier
from spaserlib.lecture.decp_multi import REGIONS, est_pme, ouvrir_decp, sans_concurrence
from tests import DONNEES

PAIRS = DONNEES / "decp" / "pairs"
AIFE = PAIRS / "aife_communes_2019.json"
TABULAIRE = PAIRS / "tabulaire_bretagne_2024.csv"
OFFICIELS_2024 = DONNEES / "decp" / "officiels_2024"


def contrats(chemin, **options):
    with ouvrir_decp(chemin, **options) as source:
        return source, source.contrats()


def etats(serie):
    """Une colonne à trois états en liste : True, False ou None (inconnu)."""
    return [None if pd.isna(v) else bool(v) for v in serie]


def ecrire_csv(chemin, lignes, *, separateur=",", encodage="utf-8"):
    with open(chemin, "w", encoding=encodage, newline="") as flux:
        ecrivain = csv.DictWriter(flux, fieldnames=list(lignes[0]), delimiter=separateur)
        ecrivain.writeheader()
        ecrivain.writerows(lignes)
    return chemin


# ------------------------------------------------------------------------------------------ JSON 2019

def test_json_2019_reel_un_contrat_par_paire_acheteur_id():
    marches = json.loads(AIFE.read_text(encoding="utf-8"))["marches"]
    paires = {((m.get("acheteur") or {}).get("id"), m.get("id")) for m in marches
              if "concession" not in (m.get("_type") or "").lower() and m.get("id") and (m.get("acheteur") or {}).get("id")}
    source, table = contrats(AIFE)
    assert source.format == "JSON 2019"
    assert source.lignes == len(marches) == 152
    assert len(table) == len(paires)
    assert set(zip(table["acheteur_id"], table["id"])) == paires
    assert table["acheteur_id"].nunique() == 16


def test_json_2019_n_a_ni_considerations_ni_offres():
    source, table = contrats(AIFE)
    assert "considerations_sociales" not in source.champs and "offres_recues" not in source.champs
    assert source.champs == ("code_cpv", "procedure", "montant", "date_notification")
    assert table["sociale"].isna().all() and table["environnementale"].isna().all()


def test_json_2019_departement_deduit_du_lieu_d_execution():
    _, table = contrats(AIFE)
    sotteville = table[table["acheteur_id"] == "21760681300012"]
    assert set(sotteville["departement"].dropna()) == {"76"}
    assert set(sotteville["region"].dropna()) == {"28"}


def test_json_2019_sous_une_autre_cle_et_liste_a_la_racine(tmp_path):
    marches = json.loads(AIFE.read_text(encoding="utf-8"))["marches"][:5]
    emboite = tmp_path / "export.json"
    emboite.write_text(json.dumps({"export": {"date": "2019", "marches": marches}}), encoding="utf-8")
    racine = tmp_path / "liste.json"
    racine.write_text(json.dumps(marches), encoding="utf-8")
    attendus = len({(m["acheteur"]["id"], m["id"]) for m in marches})
    assert len(contrats(emboite)[1]) == attendus
    assert len(contrats(racine)[1]) == attendus


def test_json_sans_liste_de_marches_message_en_francais(tmp_path):
    chemin = tmp_path / "autre.json"
    chemin.write_text('{"resultats": [1, 2], "total": 2}', encoding="utf-8")
    with pytest.raises(ErreurFichier) as erreur:
        ouvrir_decp(chemin)
    assert str(erreur.value).startswith(f"{chemin} : aucune liste « marches » trouvée dans ce JSON. Donnez un fichier DECP")


def test_json_tronque_message_en_francais(tmp_path):
    chemin = tmp_path / "tronque.json"
    chemin.write_text('{"marches": [{"id": "1", "acheteur": {"id": "2', encoding="utf-8")
    with pytest.raises(ErreurFichier) as erreur:
        ouvrir_decp(chemin)
    assert "illisible comme fichier DECP" in str(erreur.value)


# ------------------------------------------------------------------------------------------ JSON 2024

def test_json_2024_concessions_a_part_considerations_et_offres():
    source, table = contrats(OFFICIELS_2024 / "marches_concessions.json")
    document = json.loads((OFFICIELS_2024 / "marches_concessions.json").read_text(encoding="utf-8"))
    assert source.format == "JSON 2024"
    assert len(table) == len(document["marches"]["marche"])
    assert source.concessions == len(document["marches"]["contrat-concession"])
    assert {"considerations_sociales", "offres_recues"} <= source.colonnes
    attendu = {m["id"]: "Clause sociale" in m["considerationsSociales"]["considerationSociale"]
               or "Critère social" in m["considerationsSociales"]["considerationSociale"]
               for m in document["marches"]["marche"]}
    assert dict(zip(table["id"], etats(table["sociale"]))) == attendu
    assert dict(zip(table["id"], table["offres_recues"])) == {m["id"]: m["offresRecues"]
                                                               for m in document["marches"]["marche"]}


def test_json_2024_la_modification_donne_le_nouveau_montant():
    _, table = contrats(OFFICIELS_2024 / "marches_avec_modifications.json")
    premier = table.set_index("id").loc["TEST2022"]
    assert premier["montant"] == pytest.approx(123457.87)  # 575 000 € au départ, modifié
    assert premier["date_notification"] == pd.Timestamp("2024-05-15")


def test_json_2024_pas_de_consideration_donne_faux_pas_inconnu():
    _, table = contrats(DONNEES / "decp" / "reels" / "decp2024_megalis_59920013600241_2024-07-09.json")
    assert etats(table["sociale"]) == [False] * 5
    assert etats(table["environnementale"]) == [False] * 5


# ----------------------------------------------------------------------------------------- CSV, Parquet

def test_csv_tabulaire_reel_une_ligne_par_titulaire_et_modification():
    with open(TABULAIRE, encoding="utf-8") as flux:
        lignes = list(csv.DictReader(flux))
    source, table = contrats(TABULAIRE)
    assert source.format == "CSV" and source.lignes == len(lignes) == 84
    assert len(table) == len({(l["acheteur_id"], l["id"]) for l in lignes})
    assert source.champs == ("code_cpv", "procedure", "montant", "date_notification", "offres_recues")
    pommeret = table[table["acheteur_id"] == "21220246900012"]
    assert len(pommeret) == 13 and set(pommeret["departement"]) == {"22"} and set(pommeret["region"]) == {"53"}


def test_regions_du_kit_et_du_fichier_consolide_concordent():
    with open(DONNEES / "decp" / "reels" / "tabulaire_extrait.csv", encoding="utf-8") as flux:
        paires = {(l["acheteur_departement_code"], l["acheteur_region_code"]) for l in csv.DictReader(flux)}
    with open(TABULAIRE, encoding="utf-8") as flux:
        paires |= {(l["acheteur_departement_code"], l["acheteur_region_code"]) for l in csv.DictReader(flux)}
    assert len(paires) > 20
    assert all(REGIONS[departement] == region for departement, region in paires if departement)


def consolide(chemin, **options):
    """Un CSV consolidé fictif : deux versions d'un contrat, considérations connues, inconnues, PME."""
    base = {"uid": "", "id": "", "acheteur_id": "21350238800019", "acheteur_nom": "Ville fictive",
            "acheteur_categorie": "Commune", "acheteur_departement_code": "35", "montant": "",
            "dateNotification": "2024-03-01", "procedure": "Procédure adaptée", "offresRecues": "2",
            "considerationsSociales": "", "considerationsEnvironnementales": "", "titulaire_categorie": "PME",
            "donneesActuelles": "oui", "modification_id": "0"}
    lignes = [
        {**base, "id": "A", "montant": "10000", "donneesActuelles": "non",
         "considerationsSociales": "Clause sociale, Critère social"},
        {**base, "id": "A", "montant": "12000", "modification_id": "1", "dateNotification": "2024-09-01",
         "considerationsSociales": "Clause sociale, Critère social"},
        {**base, "id": "B", "montant": "99999999", "considerationsSociales": "Pas de considération sociale",
         "titulaire_categorie": "GE", "procedure": "Marché passé sans publicité ni mise en concurrence préalable"},
        {**base, "id": "C", "montant": "5000", "offresRecues": "1", "titulaire_categorie": ""},
        {**base, "id": "", "montant": "7000"},
        {**base, "id": "D", "montant": "8000", **options},
    ]
    return ecrire_csv(chemin, lignes)


def test_csv_consolide_version_actuelle_sentinelle_et_trois_etats(tmp_path):
    source, table = contrats(consolide(tmp_path / "consolide.csv"))
    sans_id = table[table["id"].isna()]
    assert sans_id["montant"].tolist() == [7000]  # gardé comme un contrat, sans id inventé (regroupement)
    par_id = table[table["id"].notna()].set_index("id")
    assert par_id.loc["A", "montant"] == 12000  # la version actuelle (donneesActuelles = oui)
    assert par_id.loc["A", "date_notification"] == pd.Timestamp("2024-03-01")  # la notification initiale
    assert pd.isna(par_id.loc["B", "montant"]) and source.sentinelles == 1
    assert etats(par_id["sociale"]) == [True, False, None, None]  # C et D : inconnues, jamais « non »
    assert etats(par_id["pme"]) == [True, False, None, True]
    assert etats(par_id["sans_concurrence"]) == [False, True, False, False]
    assert par_id["offres_recues"].tolist() == [2, 2, 1, 2]
    assert source.ecartes_sans_id == 0
    assert {"categorie_acheteur", "titulaire_categorie", "departement", "region"} <= source.colonnes
    assert par_id["region"].tolist() == ["53"] * 4  # déduite du département


def test_csv_point_virgule_virgule_decimale_latin1_siret_sans_zero(tmp_path):
    lignes = [{"acheteur_id": "1234567800012", "id": "X1", "montant": "1 234,56", "dateNotification": "31/12/2023",
               "procedure": "Appel d offres ouvert", "acheteur_nom": "Régie de l'Eau"}]
    chemin = ecrire_csv(tmp_path / "export.csv", lignes, separateur=";", encodage="latin-1")
    _, table = contrats(chemin)
    ligne = table.iloc[0]
    assert ligne["acheteur_id"] == "01234567800012"
    assert ligne["montant"] == pytest.approx(1234.56)
    assert ligne["date_notification"] == pd.Timestamp("2023-12-31") and ligne["annee"] == 2023
    assert ligne["acheteur_nom"] == "Régie de l'Eau"


def test_parquet_meme_resultat_que_le_csv(tmp_path):
    import duckdb

    csv_ = consolide(tmp_path / "consolide.csv")
    parquet = tmp_path / "consolide.parquet"
    duckdb.sql(f"copy (select * from read_csv('{csv_}', all_varchar=true)) to '{parquet}' (format parquet)")
    source, table = contrats(parquet)
    assert source.format == "Parquet"
    pd.testing.assert_frame_equal(table, contrats(csv_)[1])


def test_csv_sans_colonne_acheteur_message_en_francais(tmp_path):
    chemin = ecrire_csv(tmp_path / "depenses.csv", [{"fournisseur": "A", "montant": "3"}])
    with pytest.raises(ErreurFichier) as erreur:
        ouvrir_decp(chemin)
    assert str(erreur.value).startswith(f"{chemin} : colonne(s) acheteur_id, id introuvable(s) ; colonnes lues : "
                                        "fournisseur, montant. Donnez un fichier DECP")


def test_fichier_absent_ou_vide(tmp_path):
    with pytest.raises(ErreurFichier, match="fichier introuvable. Vérifiez le chemin"):
        ouvrir_decp(tmp_path / "absent.json")
    (tmp_path / "vide.csv").write_bytes(b"")
    with pytest.raises(ErreurFichier, match="le fichier est vide"):
        ouvrir_decp(tmp_path / "vide.csv")


# ------------------------------------------------------------------------------------ valeurs classées

@pytest.mark.parametrize("procedure, attendu", [
    ("Marché passé sans publicité ni mise en concurrence préalable", True),
    ("Marché négocié sans publicité ni mise en concurrence préalable", True),
    ("Marché public négocié sans publicité ni mise en concurrence préalable", True),
    ("March\ufffd n\ufffdgoci\ufffd sans publicit\ufffd ni mise en concurrence pr\ufffdalable", True),
    ("Procédure adaptée", False),
    ("Procédure négociée avec mise en concurrence préalable", False),
    ("", None),
    (None, None),
])
def test_sans_concurrence(procedure, attendu):
    assert sans_concurrence(procedure) is attendu


@pytest.mark.parametrize("categorie, attendu", [("PME", True), ("pme", True), ("TPE", True), ("ETI", False),
                                                ("GE", False), ("", None), (None, None), ("inconnue", None)])
def test_est_pme(categorie, attendu):
    assert est_pme(categorie) is attendu


def test_les_regles_sql_et_python_concordent():
    import duckdb

    from spaserlib.lecture.decp_multi import sql_pme, sql_sans_concurrence

    procedures = ["Marché passé sans publicité ni mise en concurrence préalable", "Procédure adaptée",
                  "March\ufffd n\ufffdgoci\ufffd sans publicit\ufffd", "Appel d offres ouvert", " "]
    categories = ["PME", "pme", "ETI", "GE", "autre", "TPE"]
    for valeur in procedures:
        sql = f"select {sql_sans_concurrence('v')} from (select cast(? as varchar) as v)"
        assert duckdb.execute(sql, [valeur]).fetchone()[0] is sans_concurrence(valeur), valeur
    for valeur in categories:
        sql = f"select {sql_pme('v')} from (select cast(? as varchar) as v)"
        assert duckdb.execute(sql, [valeur]).fetchone()[0] is est_pme(valeur), valeur


def test_csv_sans_id_garde_un_contrat_par_enregistrement_repete_fondu(tmp_path):
    """Comme `regroupement` : sans id, (acheteur, objet, date, montant) repère le contrat ; les deux lignes
    d'un contrat à deux titulaires n'en font qu'un, un montant différent en fait un autre."""
    base = {"acheteur_id": "21350238800019", "id": "", "objet": "Voirie", "montant": "7000",
            "dateNotification": "2024-03-01", "procedure": "Procédure adaptée", "titulaire_categorie": "PME"}
    lignes = [base, {**base, "titulaire_categorie": "GE"}, {**base, "montant": "8000"}, {**base, "id": "A"}]
    source, table = contrats(ecrire_csv(tmp_path / "sans_id.csv", lignes))
    assert table["id"].isna().sum() == 2 and sorted(table.loc[table["id"].isna(), "montant"]) == [7000, 8000]
    assert table["id"].dropna().tolist() == ["A"] and source.ecartes_sans_id == 0 and source.lignes == 4
