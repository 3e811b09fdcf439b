"""Regroupement en contrats (`lecture.decp_multi_contrats`) et règles SQL rapides (`lecture.decp_multi_regles`) :
version retenue champ par champ, compteurs juxtaposés, ordre des versions en JSON, égalités."""

import csv
import json

import duckdb
import pandas as pd
import pytest

from spaserlib.lecture.decp_multi import ouvrir_decp
from spaserlib.lecture.decp_multi_regles import MACROS, sans_concurrence, sql_sans_concurrence

BASE = {"acheteur_id": "21350238800019", "id": "A", "acheteur_nom": "Ville fictive", "montant": "1000",
        "dateNotification": "2024-03-01", "procedure": "Procédure adaptée", "offresRecues": "2",
        "donneesActuelles": "", "modification_id": "0", "nature": "Marché"}


def ecrire(chemin, lignes):
    colonnes = list(dict.fromkeys(c for ligne in lignes for c in ligne))
    with open(chemin, "w", encoding="utf-8", newline="") as flux:
        ecrivain = csv.DictWriter(flux, fieldnames=colonnes)
        ecrivain.writeheader()
        ecrivain.writerows(lignes)
    return chemin


def contrat(chemin, id_="A"):
    with ouvrir_decp(chemin) as source:
        table = source.contrats()
        return source, table.set_index("id").loc[id_]


def test_chaque_champ_vient_de_la_version_la_plus_recente_qui_le_renseigne(tmp_path):
    lignes = [{**BASE, "offresRecues": "3", "procedure": "Marché passé sans publicité ni mise en concurrence préalable"},
              {**BASE, "modification_id": "1", "montant": "1500", "offresRecues": "", "procedure": ""},
              {**BASE, "modification_id": "2", "montant": "", "offresRecues": "-4", "procedure": " "}]
    _, retenu = contrat(ecrire(tmp_path / "versions.csv", lignes))
    assert retenu["montant"] == 1500  # la version 2 n'a pas de montant : celui de la version 1
    assert retenu["sans_concurrence"]  # les versions 1 et 2 n'ont pas de procédure : celle de la version 0
    assert pd.isna(retenu["offres_recues"])  # -4 (version 2, retenue) n'est pas un nombre d'offres


def test_valeur_retenue_d_un_ordre_negatif(tmp_path):
    """Sans numéro de modification et notifiée avant 1900, une version a un ordre négatif : la valeur
    retenue se décode quand même juste."""
    lignes = [{**BASE, "modification_id": "", "dateNotification": "1890-01-01", "montant": "1000", "offresRecues": "7"},
              {**BASE, "modification_id": "", "dateNotification": "1890-01-01", "montant": "500", "offresRecues": "1"}]
    with ouvrir_decp(ecrire(tmp_path / "ancien.csv", lignes)) as source:
        retenu = source.sql("select montant, offres_recues, sans_concurrence, annee from contrats").fetchall()
    assert retenu == [(1000.0, 7, False, None)]  # le plus grand montant départage ; 1890 : date écartée


def test_a_ordre_egal_la_plus_grande_valeur(tmp_path):
    """Deux lignes de même version, même date et même montant : le résultat ne dépend pas de leur ordre."""
    lignes = [{**BASE, "offresRecues": "2"}, {**BASE, "offresRecues": "5",
                                              "procedure": "Marché négocié sans publicité ni mise en concurrence"}]
    _, retenu = contrat(ecrire(tmp_path / "egalite.csv", lignes))
    _, inverse = contrat(ecrire(tmp_path / "inverse.csv", lignes[::-1]))
    assert retenu["offres_recues"] == inverse["offres_recues"] == 5
    assert retenu["sans_concurrence"] and inverse["sans_concurrence"]


def test_compteurs_lignes_concessions_sentinelles(tmp_path):
    lignes = ([{**BASE, "id": "A"}] * 3 + [{**BASE, "id": "B", "nature": "Concession de travaux"}] * 2
              + [{**BASE, "id": "C", "montant": "999999999"}, {**BASE, "id": "C", "montant": "-99999999"}]
              + [{**BASE, "id": "D", "acheteur_id": ""}])
    with ouvrir_decp(ecrire(tmp_path / "compteurs.csv", lignes)) as source:
        assert (source.lignes, source.concessions, source.sentinelles, source.ecartes_sans_id) == (8, 2, 2, 1)
        assert sorted(source.contrats()["id"]) == ["A", "C"]


def test_json_a_dates_egales_le_dernier_du_fichier_l_emporte(tmp_path):
    """L'ordre des versions tient en un entier exact (HUGEINT) : la position dans le fichier départage deux
    enregistrements de mêmes dates (un DOUBLE l'aurait perdue)."""
    commun = {"id": "X1", "acheteur": {"id": "21350238800019"}, "dateNotification": "2019-03-01",
              "datePublicationDonnees": "2019-03-02", "procedure": "Procédure adaptée"}
    for montants in ([900000.5, 1200.25], [1200.25, 900000.5]):
        chemin = tmp_path / "doublons.json"
        chemin.write_text(json.dumps({"marches": [{**commun, "montant": m} for m in montants]}), encoding="utf-8")
        _, retenu = contrat(chemin, "X1")
        assert retenu["montant"] == montants[-1]


@pytest.mark.parametrize("procedure", [
    "Marché passé sans publicité ni mise en concurrence préalable", "SANS PUBLICITE NI MISE EN CONCURRENCE",
    "  Marché négocié sans publicité", "Procédure adaptée", "Appel d'offres ouvert", " ", "\u00a0", "", "   x",
    "Sans objet", "Procédure sans mise en concurrence", None])
def test_regle_sql_rapide_et_regle_python_concordent(procedure):
    connexion = duckdb.connect()
    for macro in MACROS:
        connexion.execute(macro)
    sql = f"select {sql_sans_concurrence('v')} from (select cast(? as varchar) as v)"
    assert connexion.execute(sql, [procedure]).fetchone()[0] is sans_concurrence(procedure)


def test_csv_au_nom_avec_apostrophe_lu_sans_les_reglages_reconnus(tmp_path):
    """Les réglages reconnus par le renifleur ne servent que si le chemin s'écrit tel quel en SQL."""
    chemin = ecrire(tmp_path / "l'export du 1er mars.csv", [BASE, {**BASE, "id": "B", "montant": "2 500,50"}])
    with ouvrir_decp(chemin) as source:
        assert source.contrats()["montant"].tolist() == [1000, 2500.5]
