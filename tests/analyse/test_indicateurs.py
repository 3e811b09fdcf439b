"""Indicateurs : chaque chiffre se calcule à la main sur de petites tables de contrats et d'achats."""

import pandas as pd
import pytest

from spaserlib.commun.erreurs import ErreurParametre
from spaserlib.commun.identifiants import nom_comparable
from spaserlib.analyse.indicateurs import (
    Indicateur,
    considerations_par_genre,
    depenses_par_annee,
    depenses_par_famille,
    depenses_par_fournisseur,
    etat_consideration,
    indicateurs_marches,
    part_considerations,
    part_fournisseurs,
    table_considerations,
    tranche_montant,
)


def marches_exemple():
    # 2022 : 1 contrat (env. oui) ; 2023 : aucun contrat ; 2024 : 4 contrats dont 1 inconnu.
    return pd.DataFrame({
        "id": ["1", "2", "3", "4", "5"],
        "famille": ["A", "A", "B", "B", "B"],
        "nature": ["Marché"] * 5,
        "procedure": ["Procédure adaptée", "Appel d'offres ouvert", "Procédure adaptée",
                      "Procédure adaptée", "Appel d'offres ouvert"],
        "montant_ht": [100_000.0, 50_000.0, 200_000.0, 30_000.0, 1_000_000.0],
        "date_notification": pd.to_datetime(["2022-03-01", "2024-02-01", "2024-05-01", "2024-06-01", "2024-07-01"]),
        "considerations_environnementales": ["Clause environnementale", "Pas de considération environnementale", None,
                                             "Critère environnemental, Clause environnementale",
                                             "Pas de considération environnementale"],
        "considerations_sociales": ["Clause sociale", "Marché réservé", None, "Pas de considération sociale",
                                    "Pas de considération sociale"],
    })


def test_etat_inconnu_n_est_jamais_non():
    etat = etat_consideration(marches_exemple(), "environnementale")
    assert etat.tolist()[:2] == [True, False]
    assert etat.isna().tolist() == [False, False, True, False, False]


def test_colonne_booleenne_prioritaire_et_texte_en_complement():
    m = pd.DataFrame({"consideration_sociale": pd.array([True, pd.NA, pd.NA], dtype="boolean"),
                      "considerations_sociales": ["Pas de considération sociale", "Critère social", None]})
    assert etat_consideration(m, "sociale").tolist() == [True, True, pd.NA]


def test_parts_en_nombre_et_en_valeur_a_la_main():
    ligne = table_considerations(marches_exemple(), "environnementale").iloc[0]
    # connus : 1 (oui, 100 k), 2 (non, 50 k), 4 (oui, 30 k), 5 (non, 1 M) ; inconnu : 3 (200 k)
    assert (ligne["contrats_avec"], ligne["contrats_sans"], ligne["contrats_inconnus"]) == (2, 2, 1)
    assert ligne["part_nombre"] == pytest.approx(2 / 4)
    assert ligne["part_valeur"] == pytest.approx(130_000 / 1_180_000)
    assert ligne["montant_inconnu"] == 200_000


def test_par_annee_garde_l_annee_sans_contrat():
    table = table_considerations(marches_exemple(), "sociale", par="annee")
    assert table["annee"].tolist() == [2022, 2023, 2024]
    vide = table[table["annee"] == 2023].iloc[0]
    assert vide["contrats"] == 0 and pd.isna(vide["part_nombre"])
    an2024 = table[table["annee"] == 2024].iloc[0]
    # 2024 sociales : 2 (réservé, 50 k) oui ; 4 (30 k) et 5 (1 M) non ; 3 inconnu
    assert an2024["part_nombre"] == pytest.approx(1 / 3)
    assert an2024["part_valeur"] == pytest.approx(50_000 / 1_080_000)


def test_phrase_compte_les_inconnus_a_part_et_rappelle_le_seuil_decp():
    ind = part_considerations(marches_exemple(), "environnementale", par="annee")
    assert isinstance(ind, Indicateur)
    assert "2 des 4 contrats dont la considération environnementale est connue" in ind.phrase
    assert "1 contrat (200\u00a0k€ HT) aux considérations inconnues est compté à part" in ind.phrase
    assert "Aucun contrat notifié en 2023" in ind.phrase
    assert "40 000 € HT et plus" in ind.phrase


def test_pas_de_rappel_du_seuil_quand_toutes_les_annees_sont_apres_2024():
    m = marches_exemple().iloc[1:]
    assert "40 000 €" not in part_considerations(m, "sociale", par="annee").phrase


def test_regroupements_famille_procedure_tranche():
    m = marches_exemple()
    famille = table_considerations(m, "sociale", par="famille").set_index("famille")
    assert famille.loc["A", "part_nombre"] == 1.0 and famille.loc["B", "part_nombre"] == 0.0
    procedure = table_considerations(m, "environnementale", par="procedure").set_index("procedure")
    assert procedure.loc["Procédure adaptée", "contrats_inconnus"] == 1
    tranches = table_considerations(m, "environnementale", par="tranche")
    assert tranches["tranche"].tolist() == ["moins de 40 000 €", "40 000 € à moins de 90 000 €",
                                            "90 000 € à moins de 216 000 €", "216 000 € à moins de 5 404 000 €"]
    assert tranches["contrats"].tolist() == [1, 1, 2, 1]


def test_tranche_aux_bornes_exactes():
    t = tranche_montant(pd.Series([39_999.99, 40_000.0, 216_000.0, 5_404_000.0]))
    assert t.tolist() == ["moins de 40 000 €", "40 000 € à moins de 90 000 €",
                          "216 000 € à moins de 5 404 000 €", "5 404 000 € et plus"]


def test_par_genre_un_contrat_peut_cumuler():
    table = considerations_par_genre(marches_exemple()).table.set_index(["dimension", "genre"])
    assert table.loc[("environnementale", "Clause environnementale"), "contrats"] == 2
    assert table.loc[("environnementale", "Critère environnemental"), "contrats"] == 1
    assert table.loc[("sociale", "Marché réservé"), "part_nombre"] == pytest.approx(1 / 4)
    assert table.loc[("sociale", "(considération inconnue)"), "contrats"] == 1


def test_toutes_inconnues():
    m = marches_exemple().assign(considerations_environnementales=None)
    ind = part_considerations(m, "environnementale")
    assert ind.phrase.startswith("Sur l'ensemble de la période, les considérations environnementales sont "
                                 "inconnues pour les 5 contrats : aucune part n'est calculable")
    assert pd.isna(ind.table.iloc[0]["part_nombre"])


def test_parametres_inconnus():
    with pytest.raises(ErreurParametre, match="Dimension « economique » inconnue"):
        part_considerations(marches_exemple(), "economique")
    with pytest.raises(ErreurParametre, match="Regroupement « lot » inconnu"):
        table_considerations(marches_exemple(), "sociale", par="lot")
    with pytest.raises(ErreurParametre, match="La table des marchés n'a pas de colonne « date_notification » : "
                                              "impossible de regrouper par année de notification"):
        table_considerations(marches_exemple().drop(columns="date_notification"), "sociale", par="annee")


def test_indicateurs_marches_liste_complete():
    noms = [i.nom for i in indicateurs_marches(marches_exemple())]
    assert len(noms) == 11 and noms[-1].startswith("Considérations par genre")


def achats_exemple():
    return pd.DataFrame({
        "date": pd.to_datetime(["2023-01-15", "2023-12-31", "2025-02-01", "2025-03-01"]),
        "fournisseur": ["Atelier Émeraude", "Grand Groupe SA", "ATELIER EMERAUDE", "Grand Groupe SA"],
        "siret": ["73282932000074", None, "73282932000074", "55210055400013"],
        "famille": ["Nettoyage", "Travaux", "Nettoyage", "Travaux"],
        "montant_ht": [1_000.0, 9_000.0, 3_000.0, 1_000.0],
    })


def test_depenses_par_annee_avec_annee_vide():
    ind = depenses_par_annee(achats_exemple())
    assert ind.table["annee"].tolist() == [2023, 2024, 2025]
    assert ind.table["montant_ht"].tolist() == [10_000.0, 0.0, 4_000.0]
    assert ind.phrase.startswith("En 2025, la dépense s'élève à 4\u00a0k€ HT, contre 0\u00a0€ HT en 2024")


def test_depenses_par_famille_et_fournisseur():
    famille = depenses_par_famille(achats_exemple(), annee=2023)
    assert famille.table["famille"].tolist() == ["Travaux", "Nettoyage"]
    assert famille.table["part"].tolist() == [0.9, 0.1]
    fournisseur = depenses_par_fournisseur(achats_exemple())
    assert fournisseur.table.iloc[0]["montant_ht"] == 10_000.0
    assert "le premier, « Grand Groupe SA »" in fournisseur.phrase


def test_nom_comparable():
    assert nom_comparable("  Atelier  Émeraude, S.A.R.L. ") == "ATELIER EMERAUDE S A R L"


def test_part_fournisseurs_par_nom_normalise():
    ind = part_fournisseurs(achats_exemple(), ["atelier emeraude"], "SIAE")
    par_annee = ind.table.set_index("annee")
    assert par_annee.loc[2023, "part"] == pytest.approx(0.1)
    assert pd.isna(par_annee.loc[2024, "part"])
    assert par_annee.loc[2025, "part"] == pytest.approx(0.75)
    assert "75\u00a0% de la dépense" in ind.phrase and "SIAE" in ind.phrase


def test_part_fournisseurs_par_siret_et_entree_introuvable():
    ind = part_fournisseurs(achats_exemple(), ["552 100 554 00013", "Inconnue SCOP"], "structures de l'ESS")
    assert ind.table.set_index("annee").loc[2025, "part"] == pytest.approx(0.25)
    assert "1 entrée(s) de la liste n'apparaissent dans aucun achat" in ind.phrase


def test_liste_vide_refusee():
    with pytest.raises(ErreurParametre, match="La liste des SIAE est vide"):
        part_fournisseurs(achats_exemple(), [], "SIAE")


def test_sans_aucune_consideration_connue_pas_de_tables_par_axe():
    m = marches_exemple().assign(considerations_environnementales=None, considerations_sociales=None)
    noms = [i.nom for i in indicateurs_marches(m)]
    assert noms == ["Contrats avec au moins une considération environnementale, par année de notification",
                    "Contrats avec au moins une considération sociale, par année de notification",
                    "Considérations par genre (clause, critère, marché réservé)"]


def test_decp_d_avant_2024_sans_considerations():
    m = marches_exemple().iloc[:1].assign(considerations_sociales=None)
    assert "Les DECP publiées avant 2024 (format 1) n'ont pas de champ de considérations." in \
        part_considerations(m, "sociale").phrase
