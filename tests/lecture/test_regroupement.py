"""Contrôle des valeurs DECP et regroupement des enregistrements en contrats (un contrat compté une fois)."""

import json

import pandas as pd
import pytest

from spaserlib.lecture.decp_json import lire_decp_json
from spaserlib.commun.tables import COLONNES_MARCHES
from tests import TESTS

ACHETEUR = "21350238800019"
SIRET_A = "81223113200026"  # clé de Luhn valide
SIRET_B = "82379887100013"  # clé de Luhn valide


def marche(identifiant="M1", **champs):
    """Un marché au format 2019, complet et sans défaut ; `champs` remplace ce qu'il faut."""
    donnees = {
        "_type": "Marché",
        "id": identifiant,
        "acheteur": {"id": ACHETEUR, "nom": "Ville"},
        "nature": "Marché",
        "objet": "Entretien des espaces verts",
        "codeCPV": "77313000",
        "procedure": "Procédure adaptée",
        "dureeMois": 12,
        "dateNotification": "2020-03-01",
        "datePublicationDonnees": "2020-03-10",
        "montant": 100000,
        "titulaires": [{"typeIdentifiant": "SIRET", "id": SIRET_A, "denominationSociale": "Jardins SARL"}],
        "modifications": [],
    }
    donnees.update(champs)
    return donnees


def lire(tmp_path, *enregistrements):
    chemin = tmp_path / "decp.json"
    chemin.write_text(json.dumps({"marches": list(enregistrements)}, ensure_ascii=False), encoding="utf-8")
    return lire_decp_json(chemin)


def codes(lecture):
    return [p.code for p in lecture.problemes]


# --- modifications -------------------------------------------------------------------------------

def test_modifications_portent_les_nouvelles_valeurs_pas_des_ecarts(tmp_path):
    modifs = [
        {"montant": 428824, "dureeMois": 24, "datePublicationDonneesModification": "2021-01-05"},
        {"montant": 432612, "datePublicationDonneesModification": "2022-01-05"},
    ]
    lecture = lire(tmp_path, marche(montant=374603, modifications=modifs))
    contrat = lecture.table.iloc[0]
    assert contrat["montant_ht"] == 432612.0
    assert contrat["duree_mois"] == 24.0  # la 2e modification ne touche pas la durée


def test_modification_vide_ne_remplace_rien(tmp_path):
    modifs = [
        {"montant": 150000, "dureeMois": 18, "datePublicationDonneesModification": "2021-01-05"},
        {"montant": None, "dureeMois": None, "titulaires": [], "datePublicationDonneesModification": "2022-01-05"},
    ]
    contrat = lire(tmp_path, marche(modifications=modifs)).table.iloc[0]
    assert (contrat["montant_ht"], contrat["duree_mois"], contrat["titulaires"]) == (150000.0, 18.0, "Jardins SARL")


def test_modifications_appliquees_par_date_de_publication_pas_par_ordre_du_fichier(tmp_path):
    modifs = [
        {"montant": 300000, "datePublicationDonneesModification": "2023-06-01"},
        {"montant": 200000, "datePublicationDonneesModification": "2021-06-01"},
    ]
    assert lire(tmp_path, marche(modifications=modifs)).table.iloc[0]["montant_ht"] == 300000.0


def test_modification_de_titulaires_remplace_la_liste(tmp_path):
    modifs = [{"titulaires": [{"typeIdentifiant": "SIRET", "id": SIRET_B, "denominationSociale": "Paysages SA"}],
               "datePublicationDonneesModification": "2021-01-05"}]
    contrat = lire(tmp_path, marche(modifications=modifs)).table.iloc[0]
    assert (contrat["titulaires"], contrat["titulaires_ids"]) == ("Paysages SA", SIRET_B)


def test_modifications_enveloppees_format_2024(tmp_path):
    modifs = [{"modification": {"id": 1, "montant": 120000, "datePublicationDonneesModification": "2021-01-05"}}]
    assert lire(tmp_path, marche(modifications=modifs)).table.iloc[0]["montant_ht"] == 120000.0


# --- regroupement des paires (acheteur, id) ------------------------------------------------------------

def test_republication_la_plus_recente_l_emporte(tmp_path):
    ancien = marche(montant=100000, datePublicationDonnees="2020-03-10")
    recent = marche(montant=110000, datePublicationDonnees="2020-09-10", objet="Entretien (republié)")
    lecture = lire(tmp_path, recent, ancien)  # l'ordre du fichier ne compte pas ici
    assert len(lecture.table) == 1
    assert lecture.contrats_avant_regroupement == 2
    assert (lecture.table.iloc[0]["montant_ht"], lecture.table.iloc[0]["objet"]) == (110000.0, "Entretien (republié)")


def test_date_de_publication_d_une_modification_compte_pour_le_classement(tmp_path):
    sans_modif = marche(montant=100000, datePublicationDonnees="2020-06-01")
    avec_modif = marche(montant=90000, datePublicationDonnees="2020-03-10",
                        modifications=[{"montant": 95000, "datePublicationDonneesModification": "2020-12-01"}])
    assert lire(tmp_path, sans_modif, avec_modif).table.iloc[0]["montant_ht"] == 95000.0


def test_a_egalite_le_dernier_du_fichier_l_emporte(tmp_path):
    lecture = lire(tmp_path, marche(montant=1000), marche(montant=2000), marche(montant=3000))
    assert lecture.table["montant_ht"].tolist() == [3000.0]


def test_valeur_absente_du_plus_recent_prise_du_precedent(tmp_path):
    ancien = marche(montant=100000, codeCPV="77313000")
    recent = marche(montant=None, codeCPV=None, datePublicationDonnees="2021-01-01")
    contrat = lire(tmp_path, ancien, recent).table.iloc[0]
    assert (contrat["montant_ht"], contrat["cpv"]) == (100000.0, "77313000")


def test_meme_id_chez_deux_acheteurs_fait_deux_contrats(tmp_path):
    autre = marche(acheteur={"id": "21590163800019"})
    lecture = lire(tmp_path, marche(), autre)
    assert lecture.table["acheteur_id"].tolist() == [ACHETEUR, "21590163800019"]


def test_siret_acheteur_a_13_chiffres_regroupe_avec_14(tmp_path):
    perdu = marche(acheteur={"id": "1234567800010"}, montant=1)
    complet = marche(acheteur={"id": "01234567800010"}, montant=2)
    lecture = lire(tmp_path, perdu, complet)
    assert lecture.table["acheteur_id"].tolist() == ["01234567800010"]


def test_contrats_dans_l_ordre_de_premiere_apparition(tmp_path):
    lecture = lire(tmp_path, marche("B"), marche("A"), marche("B", montant=5))
    assert lecture.table["id"].tolist() == ["B", "A"]


def test_titulaires_multiples_joints_par_point_virgule(tmp_path):
    titulaires = [
        {"typeIdentifiant": "SIRET", "id": SIRET_A, "denominationSociale": "Jardins SARL"},
        {"typeIdentifiant": "SIRET", "id": SIRET_B, "denominationSociale": "Paysages SA"},
        {"typeIdentifiant": "SIRET", "id": SIRET_A, "denominationSociale": "Jardins SARL"},
    ]
    contrat = lire(tmp_path, marche(titulaires=titulaires)).table.iloc[0]
    assert contrat["titulaires"] == "Jardins SARL; Paysages SA"
    assert contrat["titulaires_ids"] == f"{SIRET_A}; {SIRET_B}"


def test_titulaire_sans_nom_format_2024_donne_son_identifiant(tmp_path):
    titulaires = [{"titulaire": {"typeIdentifiant": "SIRET", "id": SIRET_A}}]
    assert lire(tmp_path, marche(titulaires=titulaires)).table.iloc[0]["titulaires"] == SIRET_A


# --- contrôle des valeurs ------------------------------------------------------------------------------

@pytest.mark.parametrize("montant", [99999999, 999999999, "99999999"])
def test_montant_sentinelle_garde_avec_avertissement(tmp_path, montant):
    lecture = lire(tmp_path, marche(montant=montant))
    assert codes(lecture) == ["montant_sentinelle"]
    assert lecture.table.iloc[0]["montant_ht"] == float(montant)
    assert lecture.problemes[0].message == (
        f"enregistrement n° 1 (id M1) : le montant {montant} est une valeur de remplissage (sentinelle), pas un vrai montant."
    )


def test_montant_juste_sous_la_sentinelle_sans_avertissement(tmp_path):
    assert codes(lire(tmp_path, marche(montant=99999998))) == []


def test_montant_nul_avertissement(tmp_path):
    assert codes(lire(tmp_path, marche(montant=0))) == ["montant_nul"]


@pytest.mark.parametrize("ecrit, attendu", [("30000.00", 30000.0), ("1 234,56", 1234.56), (" 12\u202f500 ", 12500.0)])
def test_montant_en_chaine(tmp_path, ecrit, attendu):
    lecture = lire(tmp_path, marche(montant=ecrit))
    assert (lecture.table.iloc[0]["montant_ht"], codes(lecture)) == (attendu, [])


def test_montant_illisible_laisse_vide(tmp_path):
    lecture = lire(tmp_path, marche(montant="beaucoup"))
    assert pd.isna(lecture.table.iloc[0]["montant_ht"])
    assert codes(lecture) == ["montant_illisible"]


def test_date_a_fuseau_acceptee_sans_avertissement(tmp_path):
    lecture = lire(tmp_path, marche(dateNotification="2018-12-17+01:00"))
    assert lecture.table.iloc[0]["date_notification"] == pd.Timestamp("2018-12-17")
    assert codes(lecture) == []


def test_annee_aberrante_laissee_vide(tmp_path):
    lecture = lire(tmp_path, marche(dateNotification="0218-10-29"))
    assert pd.isna(lecture.table.iloc[0]["date_notification"])
    assert codes(lecture) == ["date_aberrante"]
    assert lecture.problemes[0].message == ("enregistrement n° 1 (id M1) : l'année de la date « 0218-10-29 » est "
                                            "aberrante (faute de frappe ?) ; la date est laissée vide.")


def test_date_future_gardee_avec_avertissement(tmp_path):
    lecture = lire(tmp_path, marche(dateNotification="2099-01-01"))
    assert lecture.table.iloc[0]["date_notification"] == pd.Timestamp("2099-01-01")
    assert codes(lecture) == ["date_future"]


def test_date_illisible(tmp_path):
    assert codes(lire(tmp_path, marche(dateNotification="bientôt"))) == ["date_illisible"]


@pytest.mark.parametrize("ecrit", ["77313000", "77313000-7", "7731 3000", "77313000 "])
def test_cpv_normalise_sur_8_chiffres(tmp_path, ecrit):
    lecture = lire(tmp_path, marche(codeCPV=ecrit))
    assert (lecture.table.iloc[0]["cpv"], codes(lecture)) == ("77313000", [])


def test_cpv_zero_de_tete_perdu(tmp_path):
    assert lire(tmp_path, marche(codeCPV="9310000")).table.iloc[0]["cpv"] == "09310000"


def test_cpv_cle_fausse(tmp_path):
    lecture = lire(tmp_path, marche(codeCPV="77313000-1"))
    assert (lecture.table.iloc[0]["cpv"], codes(lecture)) == ("77313000", ["cpv_cle_fausse"])


def test_cpv_inconnu(tmp_path):
    lecture = lire(tmp_path, marche(codeCPV="77313999"))
    assert codes(lecture) == ["cpv_inconnu"]
    assert lecture.problemes[0].colonne == "codeCPV"


def test_caracteres_perdus(tmp_path):
    lecture = lire(tmp_path, marche(objet="Soci\ufffdt\ufffd de livraison"))
    assert codes(lecture) == ["caracteres_perdus"]
    assert lecture.table.iloc[0]["objet"] == "Soci\ufffdt\ufffd de livraison"  # gardé tel quel


@pytest.mark.parametrize("type_, identifiant, message", [
    ("SIRET", "81223113200027", "l'identifiant du titulaire « 81223113200027 » n'est pas un SIRET valide "
                                "(14 chiffres, clé de contrôle)."),
    ("TVA", "DE814864138", "le titulaire est identifié par « TVA » (DE814864138), pas par un SIRET."),
    ("", "00001", "l'identifiant du titulaire « 00001 » n'est pas un SIRET valide (14 chiffres, clé de contrôle)."),
])
def test_titulaire_non_siret(tmp_path, type_, identifiant, message):
    lecture = lire(tmp_path, marche(titulaires=[{"typeIdentifiant": type_, "id": identifiant}]))
    assert [(p.code, p.message) for p in lecture.problemes] == [
        ("titulaire_non_siret", f"enregistrement n° 1 (id M1) : {message}")
    ]


def test_siret_de_13_chiffres_rendu_sans_avertissement(tmp_path):
    # un tableur a lu le SIRET 01234567800010 comme un nombre : le zéro de tête est rendu
    lecture = lire(tmp_path, marche(titulaires=[{"typeIdentifiant": "SIRET", "id": 1234567800010}]))
    assert (lecture.table.iloc[0]["titulaires_ids"], codes(lecture)) == ("01234567800010", [])


@pytest.mark.parametrize("titulaires", [None, []])
def test_titulaires_absents(tmp_path, titulaires):
    lecture = lire(tmp_path, marche(titulaires=titulaires))
    assert codes(lecture) == ["titulaires_absents"]
    assert pd.isna(lecture.table.iloc[0]["titulaires"])


def test_enumerations_remises_dans_l_orthographe_officielle(tmp_path):
    lecture = lire(tmp_path, marche(nature="marché", procedure="Appel d offres ouvert"))
    assert (lecture.table.iloc[0]["nature"], lecture.table.iloc[0]["procedure"]) == ("Marché", "Appel d'offres ouvert")


def test_considerations_incoherentes_signalees(tmp_path):
    valeurs = {"considerationSociale": ["Pas de considération sociale", "Clause sociale"]}
    lecture = lire(tmp_path, marche(considerationsSociales=valeurs))
    assert codes(lecture) == ["considerations_incoherentes"]
    assert lecture.table.iloc[0]["consideration_sociale"] == True  # noqa: E712
    assert pd.isna(lecture.table.iloc[0]["consideration_environnementale"])


def test_republication_identique_sans_avertissement(tmp_path):
    assert codes(lire(tmp_path, marche(), marche())) == []


def test_lots_sous_un_meme_id_signales(tmp_path):
    lecture = lire(tmp_path, marche(objet="Lot 1", montant=1000), marche(objet="Lot 2", montant=2500.5))
    assert codes(lecture) == ["contrat_repete"]
    assert lecture.problemes[0].ligne == 2
    assert "au montant du plus récent (2\u00a0500,50\u00a0€)" in lecture.problemes[0].message


# --- plusieurs fichiers ----------------------------------------------------------------------------------

def test_contrats_communs_a_deux_flux_comptes_une_fois():

    from spaserlib.lecture.regroupement import regrouper_fichiers

    reels = TESTS / "donnees" / "decp" / "reels"
    pes = lire_decp_json(reels / "pes_extrait.json").table
    mpi = lire_decp_json(reels / "mpi_extrait.json").table
    # jq -s sur les deux fichiers (voir compter_attendus.sh) : 40 paires (acheteur, id) distinctes,
    # pour 22 + 22 contrats lus séparément (4 paires publiées dans les deux flux).
    ensemble = regrouper_fichiers([pes, mpi])
    assert (len(pes), len(mpi), len(ensemble)) == (22, 22, 40)
    assert list(ensemble.columns) == COLONNES_MARCHES
    assert ensemble["date_notification"].dtype == pes["date_notification"].dtype


def test_fichier_donne_en_dernier_l_emporte_valeur_absente_prise_ailleurs(tmp_path):
    from spaserlib.lecture.regroupement import regrouper_fichiers

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    ancien = lire(tmp_path / "a", marche(montant=1000, codeCPV="77313000"), marche("SEUL")).table
    recent = lire(tmp_path / "b", marche(montant=2000, codeCPV=None)).table
    ensemble = regrouper_fichiers([ancien, recent])
    assert ensemble["id"].tolist() == ["M1", "SEUL"]
    assert (ensemble.iloc[0]["montant_ht"], ensemble.iloc[0]["cpv"]) == (2000.0, "77313000")


def test_regrouper_fichiers_vide_et_sans_id():
    from spaserlib.lecture.regroupement import regrouper_fichiers

    assert list(regrouper_fichiers([]).columns) == COLONNES_MARCHES
    table = pd.DataFrame({c: [pd.NA, pd.NA] for c in COLONNES_MARCHES})
    table["montant_ht"] = [1.0, 2.0]
    assert regrouper_fichiers([table])["montant_ht"].tolist() == [1.0, 2.0]


def test_regrouper_fichiers_contrat_sans_id_publie_dans_deux_flux(tmp_path):
    from spaserlib.lecture.regroupement import regrouper_fichiers

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    sans_id = marche("", codeCPV=None)
    autre = marche("", montant=5)
    pes = lire(tmp_path / "a", sans_id, marche("M2")).table
    mpi = lire(tmp_path / "b", dict(sans_id, codeCPV="77313000"), autre).table
    ensemble = regrouper_fichiers([pes, mpi])
    # Le même contrat sans id (acheteur, objet, date, montant, titulaire) compte une fois ; l'autre
    # (montant différent) est un second contrat ; aucun n'est rattaché à M2.
    assert ensemble["id"].fillna("∅").tolist() == ["∅", "M2", "∅"]
    assert ensemble["montant_ht"].tolist() == [100000.0, 100000.0, 5.0]
    assert ensemble.iloc[0]["cpv"] == "77313000"  # la valeur du fichier donné en dernier


def test_contrat_sans_id_jamais_rattache_a_un_contrat_avec_id(tmp_path):
    lecture = lire(tmp_path, marche("M1"), marche(""))
    assert lecture.table["id"].fillna("∅").tolist() == ["M1", "∅"]
    assert "contrat_repete" not in codes(lecture)
