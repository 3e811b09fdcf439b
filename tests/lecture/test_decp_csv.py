"""Lecture des DECP tabulaires (CSV plat : une ligne par contrat × titulaire × modification)."""

import hashlib
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spaserlib.commun.erreurs import ErreurFichier, ErreurSpaser
from spaserlib.commun.tables import COLONNES_MARCHES
from spaserlib.lecture.decp_csv import (
    decp_depuis_table,
    est_decp_tabulaire,
    lire_decp_tabulaire,
)
from tests import TESTS

DONNEES = TESTS / "donnees" / "decp"
EXEMPLE = DONNEES / "officiels_2024" / "decp-table-schema_exemple-valide.csv"
EXTRAIT = DONNEES / "reels" / "tabulaire_extrait.csv"
ENTETE = "uid,id,acheteur_id,titulaire_id,titulaire_nom,montant,dateNotification,dureeMois,codeCPV,nature"


def ecrire(tmp_path, lignes, entete=ENTETE, encodage="utf-8"):
    chemin = tmp_path / "decp.csv"
    chemin.write_bytes(("\n".join([entete, *lignes]) + "\n").encode(encodage))
    return chemin


def test_exemple_officiel_un_contrat_deux_titulaires_une_modification():
    # README de référence : 1 contrat × 2 titulaires × 1 modification = 4 lignes ; compté sans le kit
    # (compter_attendus.sh) : 1 uid distinct parmi les lignes « donneesActuelles = oui ».
    lecture = lire_decp_tabulaire(EXEMPLE)
    assert (lecture.lignes_lues, lecture.contrats_avant_regroupement, len(lecture.table)) == (4, 4, 1)
    contrat = lecture.table.iloc[0]
    assert contrat["id"] == "201900056462301"  # la version actuelle
    assert contrat["duree_mois"] == 6.0  # « Augmentation de la durée du marché à 6 mois »
    assert contrat["montant_ht"] == 21800.10
    assert contrat["titulaires"] == "Colin Maudry; Datactivist"
    assert contrat["titulaires_ids"] == "81223113200034; 82379887100013"
    assert contrat["date_notification"] == pd.Timestamp("2019-04-27")  # l'attribution, pas la modification
    assert lecture.problemes == []


def test_extrait_reel_nombre_de_contrats():
    # compter_attendus.sh (awk, sans le kit) : 205 lignes, 131 paires (acheteur_id, id) distinctes.
    lecture = lire_decp_tabulaire(EXTRAIT)
    assert (lecture.lignes_lues, lecture.lignes_ecartees) == (205, 0)
    assert (lecture.contrats_avant_regroupement, len(lecture.table), len(lecture.concessions)) == (205, 131, 0)
    assert list(lecture.table.columns) == COLONNES_MARCHES
    assert lecture.table["montant_ht"].dtype == "float64"
    assert lecture.table["cpv"].str.len().eq(8).all()


def test_version_la_plus_recente_et_ses_titulaires():
    # uid 194909701003032023 : 18 lignes, 7 dates ; la plus récente (2024-12-11, lignes 122-125)
    # porte 520384 € et 4 titulaires ; la date de notification est la plus ancienne (2024-07-17).
    table = lire_decp_tabulaire(EXTRAIT).table
    contrat = table[(table["acheteur_id"] == "19490970100303") & (table["id"] == "2023")].iloc[0]
    assert contrat["montant_ht"] == 520384.0
    assert contrat["titulaires"] == ("ISORE OUEST-ATLANTIQUE (ISORE FINITION); ENTREPRISE PIERRE BAUMARD "
                                     "(MAISONS DU LAYON); VERRE SOLUTIONS; COIGNARD ANGERS LOIRE")
    assert contrat["date_notification"] == pd.Timestamp("2024-07-17")


def test_montants_divergents_dans_une_meme_version_signales():
    lecture = lire_decp_tabulaire(EXTRAIT)
    divergents = [p for p in lecture.problemes if p.code == "montants_divergents"]
    assert [(p.ligne, p.valeur) for p in divergents] == [(159, "232275.81")]
    assert divergents[0].message == ("ligne 159 (id 202362) : la même version du contrat porte 2 montants "
                                     "différents (lignes 158, 159) ; le montant de la ligne 159 est retenu.")


def test_identifiants_reels_bizarres():
    lecture = lire_decp_tabulaire(EXTRAIT)
    assert "884123902" in lecture.table["acheteur_id"].tolist()  # un SIREN, gardé en chaîne
    tva = [p for p in lecture.problemes if p.valeur == "LV40103835582"]
    assert [(p.code, p.ligne, p.colonne) for p in tva] == [("titulaire_non_siret", 189, "titulaire_id")]
    assert [p.ligne for p in lecture.problemes if p.code == "titulaires_absents"] == [160, 161]


def test_lignes_repetees_a_l_identique_comptees_une_fois(tmp_path):
    ligne = "X,1,21350238800019,81223113200026,Jardins,1000,2024-01-10,12,77313000,Marché"
    lecture = lire_decp_tabulaire(ecrire(tmp_path, [ligne, ligne, ligne]))
    assert (lecture.contrats_avant_regroupement, len(lecture.table)) == (3, 1)
    assert lecture.table.iloc[0]["titulaires"] == "Jardins"


def test_a_version_egale_la_derniere_ligne_l_emporte(tmp_path):
    lignes = ["X,1,21350238800019,81223113200026,A,1000,2024-01-10,12,77313000,Marché",
              "X,1,21350238800019,82379887100013,B,1000,2024-01-10,18,77313000,Marché"]
    contrat = lire_decp_tabulaire(ecrire(tmp_path, lignes)).table.iloc[0]
    assert (contrat["duree_mois"], contrat["titulaires"]) == (18.0, "A; B")


def test_modification_id_prime_sur_la_date(tmp_path):
    entete = ENTETE + ",modification_id"
    lignes = ["X,1,21350238800019,81223113200026,A,2000,2024-05-10,12,77313000,Marché,1",
              "X,1,21350238800019,81223113200026,A,1000,2024-01-10,12,77313000,Marché,0"]
    assert lire_decp_tabulaire(ecrire(tmp_path, lignes, entete)).table.iloc[0]["montant_ht"] == 2000.0


def test_version_perimee_sans_version_actuelle_reste_un_contrat(tmp_path):
    entete = ENTETE + ",donneesActuelles"
    lignes = ["X,AB00,21350238800019,81223113200026,A,1000,2024-01-10,12,77313000,Marché,non",
              "X,ZZ01,21350238800019,81223113200026,A,1000,2024-01-10,12,77313000,Marché,oui"]
    assert lire_decp_tabulaire(ecrire(tmp_path, lignes, entete)).table["id"].tolist() == ["AB00", "ZZ01"]


def test_considerations_aplaties_et_concessions_a_part(tmp_path):
    entete = ENTETE + ",considerationsSociales"
    lignes = ['X,1,21350238800019,81223113200026,A,1000,2024-01-10,12,77313000,Marché,"Clause sociale, Critère social"',
              "Y,2,21350238800019,81223113200026,A,5000000,2024-01-10,120,,Concession de service,"]
    lecture = lire_decp_tabulaire(ecrire(tmp_path, lignes, entete))
    assert lecture.table["considerations_sociales"].tolist() == ["Clause sociale, Critère social"]
    assert lecture.table["consideration_sociale"].tolist() == [True]
    assert lecture.concessions["montant_ht"].tolist() == [5000000.0]
    assert pd.isna(lecture.concessions.iloc[0]["consideration_sociale"])


def test_point_virgule_windows_et_nombres_francais(tmp_path):
    entete = ENTETE.replace(",", ";")
    lignes = ["X;1;21350238800019;81223113200026;Élagage Sud;1 234,56;31/12/2024;12;77313000;Marché"]
    contrat = lire_decp_tabulaire(ecrire(tmp_path, lignes, entete, "cp1252")).table.iloc[0]
    assert (contrat["titulaires"], contrat["montant_ht"]) == ("Élagage Sud", 1234.56)
    assert contrat["date_notification"] == pd.Timestamp("2024-12-31")


def test_ligne_sans_id_ni_uid_gardee_avec_un_avertissement(tmp_path):
    lignes = ["X,1,21350238800019,81223113200026,A,1000,2024-01-10,12,77313000,Marché",
              ",,21350238800019,81223113200026,A,1000,2024-01-10,12,77313000,Marché"]
    lecture = lire_decp_tabulaire(ecrire(tmp_path, lignes))
    assert (lecture.lignes_lues, lecture.lignes_ecartees, len(lecture.table)) == (2, 0, 2)
    assert lecture.erreurs == []
    assert pd.isna(lecture.table.iloc[1]["id"]) and lecture.table.iloc[1]["montant_ht"] == 1000.0
    avertissement = [p for p in lecture.problemes if p.code == "id_absent"]
    assert [(p.ligne, p.gravite) for p in avertissement] == [(3, "avertissement")]
    assert avertissement[0].message == ("ligne 3 : le contrat n'a ni « id » ni « uid » ; il est gardé, repéré par son "
                                        "acheteur, son objet, sa date et son montant.")


def test_lignes_sans_id_d_un_meme_contrat_a_deux_titulaires_comptees_une_fois(tmp_path):
    lignes = [",,21350238800019,81223113200026,A,1000,2024-01-10,12,77313000,Marché",
              ",,21350238800019,82379887100013,B,1000,2024-01-10,12,77313000,Marché",
              ",,21350238800019,81223113200026,A,2000,2024-01-10,12,77313000,Marché"]
    lecture = lire_decp_tabulaire(ecrire(tmp_path, lignes))
    assert lecture.table["titulaires"].tolist() == ["A; B", "A"]
    assert lecture.table["montant_ht"].tolist() == [1000.0, 2000.0]
    assert lecture.table["id"].isna().all()
    messages = [p.message for p in lecture.problemes if p.code == "id_absent"]
    assert messages[0] == (
        "ligne 2 : le contrat n'a ni « id » ni « uid » ; il est gardé. Les lignes 2, 3 ont le même acheteur, le même "
        "objet, la même date et le même montant : elles sont comptées comme un seul contrat (un contrat à plusieurs "
        "titulaires s'écrit sur plusieurs lignes).")
    assert len(messages) == 3


def test_uid_sert_d_id_quand_id_manque(tmp_path):
    lignes = ["2135023880001901,,21350238800019,81223113200026,A,1000,2024-01-10,12,77313000,Marché"]
    assert lire_decp_tabulaire(ecrire(tmp_path, lignes)).table["id"].tolist() == ["2135023880001901"]


def test_decp_depuis_table_premiere_ligne():
    table = pd.DataFrame({"id": ["1", ""], "acheteur_id": ["21350238800019"] * 2, "titulaire_id": ["x", "y"],
                          "montant": ["10", "20"]})
    lecture = decp_depuis_table(table, "export.xlsx", premiere_ligne=5)
    assert [(p.fichier, p.ligne) for p in lecture.problemes if p.code == "id_absent"] == [("export.xlsx", 6)]


@pytest.mark.parametrize("colonnes, attendu", [
    (ENTETE.split(","), True),
    (["\ufeffUID", "ACHETEUR_ID", "Titulaire_id", "Montant"], True),
    (["id", "acheteur_id", "titulaire_id"], False),
    (["date", "fournisseur", "siret", "montant_ht"], False),
    ([], False),
])
def test_est_decp_tabulaire(colonnes, attendu):
    assert est_decp_tabulaire(colonnes) is attendu


def test_colonnes_manquantes_erreur_claire(tmp_path):
    chemin = ecrire(tmp_path, ["a,b"], "date,fournisseur")
    with pytest.raises(ErreurFichier, match=r"decp.csv : ce fichier n'a pas les colonnes d'un export DECP tabulaire "
                                            r"\(manquent : acheteur_id, titulaire_id, montant, id\)\."):
        lire_decp_tabulaire(chemin)


def test_fichier_vide(tmp_path):
    chemin = tmp_path / "vide.csv"
    chemin.write_bytes(b"")
    with pytest.raises(ErreurFichier, match="vide.csv : le fichier est vide."):
        lire_decp_tabulaire(chemin)


def test_fichier_d_entree_identique_apres_lecture():
    avant = hashlib.sha256(EXTRAIT.read_bytes()).hexdigest()
    lire_decp_tabulaire(EXTRAIT)
    assert hashlib.sha256(EXTRAIT.read_bytes()).hexdigest() == avant


def _lire_texte(contenu: bytes):
    with tempfile.TemporaryDirectory() as dossier:
        chemin = Path(dossier) / "f.csv"
        chemin.write_bytes(contenu)
        try:
            lecture = lire_decp_tabulaire(chemin)
        except ErreurSpaser:
            return
        assert list(lecture.table.columns) == COLONNES_MARCHES
        assert len(lecture.table) <= lecture.lignes_lues


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300))
def test_octets_arbitraires(octets):
    _lire_texte(octets)


cellule = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=12)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(cellule, min_size=10, max_size=10), max_size=6))
def test_csv_arbitraire_sous_l_en_tete_decp(lignes):
    import csv
    import io

    sortie = io.StringIO()
    ecrivain = csv.writer(sortie)
    ecrivain.writerow(ENTETE.split(","))
    ecrivain.writerows(lignes)
    _lire_texte(sortie.getvalue().encode("utf-8"))


def test_export_xlsx_avec_identifiants_numeriques(tmp_path):
    chemin = tmp_path / "decp.xlsx"
    pd.DataFrame({
        "uid": ["X"], "id": ["1"], "acheteur_id": [1234567800010], "titulaire_id": [81223113200026],
        "titulaire_nom": ["Jardins"], "montant": [1234.5], "dateNotification": [pd.Timestamp("2024-01-10")],
        "codeCPV": [9310000],
    }).to_excel(chemin, index=False)
    lecture = lire_decp_tabulaire(chemin)
    contrat = lecture.table.iloc[0]
    assert (contrat["acheteur_id"], contrat["titulaires_ids"], contrat["cpv"]) == ("01234567800010", "81223113200026", "09310000")
    assert (contrat["montant_ht"], contrat["date_notification"]) == (1234.5, pd.Timestamp("2024-01-10"))
    assert lecture.problemes == []
