"""Obligations : chaque règle avant et après sa date, seuil SPASER à 50 000 000 € et un centime au-dessus."""

import pandas as pd
import pytest

from spaserlib.commun.erreurs import ErreurParametre
from spaserlib.objectifs.modele import Objectif
from spaserlib.analyse.obligations import (
    A_RISQUE,
    NON_APPLICABLE,
    NON_EVALUABLE,
    NON_RESPECTEE,
    RESPECTEE,
    charger_regles,
    depenses_marches,
    evaluer_obligations,
    seuil_spaser,
)


def achats(montant, annee=2024, **colonnes):
    return pd.DataFrame({"date": pd.to_datetime([f"{annee}-06-01"]), "fournisseur": ["F"],
                         "montant_ht": [float(montant)], "marche_id": ["m1"], **colonnes})


def regle(table, id_regle):
    return table.set_index("regle").loc[id_regle]


def evaluer(tables, date, **kw):
    return evaluer_obligations(tables, date_evaluation=date, **kw)


# ---------------------------------------------------------------- SPASER

def test_seuils_dans_le_temps():
    assert seuil_spaser("2015-01-31") is None
    assert seuil_spaser("2015-02-01")[0] == 100_000_000
    assert seuil_spaser("2022-12-31")[0] == 100_000_000
    assert seuil_spaser("2023-01-01")[0] == 50_000_000


def test_exactement_50_millions_ne_declenche_pas_l_obligation():
    ligne = regle(evaluer({"achats": achats(50_000_000)}, "2025-03-01"), "spaser_obligation")
    assert ligne["statut"] == NON_APPLICABLE
    assert "n'est pas soumise" in ligne["explication"]
    assert "proche" in ligne["explication"]
    assert ligne["montant_ht"] == 50_000_000 and pd.isna(ligne["part"])


def test_un_centime_au_dessus_declenche_l_obligation():
    ligne = regle(evaluer({"achats": achats(50_000_000.01)}, "2025-03-01"), "spaser_obligation")
    assert ligne["statut"] == A_RISQUE
    assert "est soumise" in ligne["explication"]
    assert ligne["chiffre"].startswith("50\u00a0000\u00a0000,01\u00a0€ HT de dépenses en 2024")


def test_avant_2023_le_seuil_etait_de_100_millions():
    tables = {"achats": achats(60_000_000, annee=2021)}
    assert regle(evaluer(tables, "2022-06-01"), "spaser_obligation")["statut"] == NON_APPLICABLE
    tables = {"achats": achats(60_000_000, annee=2022)}
    assert regle(evaluer(tables, "2023-01-01"), "spaser_obligation")["statut"] == A_RISQUE
    tables = {"achats": achats(100_000_000.01, annee=2021)}
    assert regle(evaluer(tables, "2022-06-01"), "spaser_obligation")["statut"] == A_RISQUE


def test_avant_fevrier_2015_aucun_seuil():
    ligne = regle(evaluer({"achats": achats(500_000_000, annee=2014)}, "2015-01-31"), "spaser_obligation")
    assert ligne["statut"] == NON_APPLICABLE and "1er février 2015" in ligne["explication"]


def test_etat_avant_et_apres_la_loi_industrie_verte():
    tables = {"achats": achats(80_000_000, annee=2022)}
    avant = regle(evaluer(tables, "2023-10-24", type_acheteur="etat"), "spaser_obligation")
    assert avant["statut"] == NON_APPLICABLE and "25 octobre 2023" in avant["explication"]
    apres = regle(evaluer(tables, "2023-10-25", type_acheteur="etat", annee=2022), "spaser_obligation")
    assert apres["statut"] == A_RISQUE


def test_defense_et_concessions_exclues():
    a = pd.DataFrame({"date": pd.to_datetime(["2024-01-10"] * 3), "fournisseur": ["A", "B", "C"],
                      "montant_ht": [40_000_000.0, 20_000_000.0, 5_000_000.0], "marche_id": ["m1", "d1", "c1"]})
    m = pd.DataFrame({"id": ["m1", "d1"], "nature": ["Marché", "Marché de défense ou de sécurité"]})
    c = pd.DataFrame({"id": ["c1"]})
    d = depenses_marches(a, 2024, m, c)
    assert (d["total"], d["defense"], d["concessions"], d["retenues"]) == (65e6, 20e6, 5e6, 40e6)
    ligne = regle(evaluer({"achats": a, "marches": m, "concessions": c}, "2025-01-01"), "spaser_obligation")
    assert ligne["statut"] == NON_APPLICABLE
    assert "marchés de défense ou de sécurité" in ligne["explication"]
    assert "⚠ inférence" in ligne["explication"]


def test_saisie_adoption():
    tables = {"achats": achats(60_000_000)}
    assert regle(evaluer(tables, "2025-01-01", saisie={"spaser_adopte": "oui"}), "spaser_obligation")["statut"] == RESPECTEE
    assert regle(evaluer(tables, "2025-01-01", saisie={"spaser_adopte": "non"}), "spaser_obligation")["statut"] == NON_RESPECTEE


def test_sans_achats_non_evaluable():
    ligne = regle(evaluer({}, "2025-01-01"), "spaser_obligation")
    assert ligne["statut"] == NON_EVALUABLE and "Aucune ligne d'achat en 2024" in ligne["explication"]


def test_publication_avant_et_apres_2023():
    tables = {"achats": achats(120_000_000, annee=2021)}
    assert regle(evaluer(tables, "2022-12-31", saisie={"spaser_publie_en_ligne": "non"}),
                 "spaser_publication")["statut"] == NON_APPLICABLE
    tables = {"achats": achats(120_000_000, annee=2022)}
    ligne = regle(evaluer(tables, "2023-01-01", saisie={"spaser_publie_en_ligne": "non"}), "spaser_publication")
    assert ligne["statut"] == NON_RESPECTEE
    assert regle(evaluer(tables, "2023-01-01"), "spaser_publication")["statut"] == NON_EVALUABLE


def test_contenu_selon_les_objectifs():
    tables = {"achats": achats(60_000_000)}
    bons = [Objectif("30 % de contrats avec clause sociale", axe="social", unite="part_nombre"),
            Objectif("Réduire les émissions", axe="environnemental", unite="tonnes_co2e")]
    assert regle(evaluer(tables, "2025-01-01", objectifs=bons), "spaser_contenu")["statut"] == RESPECTEE
    sans_indicateur = [Objectif("Heures d'insertion", axe="social", unite="heures_insertion")]
    assert regle(evaluer(tables, "2025-01-01", objectifs=sans_indicateur), "spaser_contenu")["statut"] == NON_RESPECTEE
    seulement_social = [bons[0]]
    ligne = regle(evaluer(tables, "2025-01-01", objectifs=seulement_social), "spaser_contenu")
    assert ligne["statut"] == A_RISQUE and "écologique" in ligne["explication"]
    assert regle(evaluer(tables, "2022-12-31", objectifs=bons), "spaser_contenu")["statut"] == NON_APPLICABLE


# ---------------------------------------------------------------- 21 août 2026

def marches_2026():
    return pd.DataFrame({
        "id": ["a", "b", "c", "d", "e"],
        "nature": ["Marché", "Marché", "Marché", "Marché de défense ou de sécurité", "Marché"],
        "cpv": ["30000000", "45000000", "79000000", "35000000", "79000000"],
        "montant_ht": [300_000.0, 1_000_000.0, 216_000.0, 900_000.0, 215_999.0],
        "date_notification": pd.to_datetime(["2026-09-01", "2026-10-01", "2026-06-01", "2026-09-15", "2026-09-20"]),
        "considerations_environnementales": ["Critère environnemental, Clause environnementale",
                                             "Clause environnementale", "Pas de considération environnementale",
                                             "Pas de considération environnementale", None],
        "considerations_sociales": ["Clause sociale", "Pas de considération sociale", "Critère social",
                                    "Pas de considération sociale", "Pas de considération sociale"],
    })


def test_regles_2026_avant_la_date_montrent_ce_qu_il_reste_a_faire():
    t = evaluer({"marches": marches_2026()}, "2026-08-20")
    critere = regle(t, "critere_environnemental")
    # récents avant la date : c seulement (a, b, e postérieurs ; d défense) -> 1 sur 1 sans critère
    assert critere["statut"] == NON_APPLICABLE
    assert critere["part"] == 1.0
    assert "21 août 2026" in critere["explication"] and "1er juin 2024" in critere["explication"]
    conditions = regle(t, "conditions_environnementales")
    assert conditions["statut"] == NON_APPLICABLE and conditions["part"] == 1.0  # c sans clause
    sociales = regle(t, "conditions_sociales")
    # c : 216 000 € (= seuil), fournitures/services, « Critère social » mais pas de clause
    assert sociales["part"] == 1.0 and sociales["statut"] == NON_APPLICABLE


def test_regles_2026_apres_la_date():
    t = evaluer({"marches": marches_2026()}, "2026-11-01")
    critere = regle(t, "critere_environnemental")
    # depuis le 21/08/2026, hors défense : a (critère), b (pas de critère), e (inconnu, à part)
    assert critere["part"] == 0.5 and critere["statut"] == A_RISQUE
    assert "1 contrat(s) aux considérations inconnues" in critere["explication"]
    assert critere["fiabilite"].startswith("⚠")
    conditions = regle(t, "conditions_environnementales")
    assert conditions["part"] == 0.0 and conditions["statut"] == RESPECTEE
    sociales = regle(t, "conditions_sociales")
    # a : 300 000 ≥ 216 000 avec clause ; b : travaux 1 M€ < 5 404 000 ; e : 215 999 < seuil
    assert sociales["part"] == 0.0 and sociales["statut"] == RESPECTEE
    assert "216\u00a0000\u00a0€ HT" in sociales["explication"]


def test_seuil_etat_plus_bas():
    t = evaluer({"marches": marches_2026()}, "2026-11-01", type_acheteur="etat")
    # e (215 999 €) dépasse le seuil État de 140 000 € et n'a pas de clause sociale
    sociales = regle(t, "conditions_sociales")
    assert sociales["part"] == 0.5 and sociales["statut"] == A_RISQUE


def test_regles_2026_sans_contrat_recent():
    t = evaluer({"marches": marches_2026()}, "2028-01-01")
    assert regle(t, "critere_environnemental")["statut"] == NON_EVALUABLE


# ---------------------------------------------------------------- AGEC

def test_agec_avant_et_apres_le_1er_juillet_2024():
    avant = evaluer({}, "2024-06-30")
    assert regle(avant, "agec_article_58")["statut"] == NON_APPLICABLE
    apres = evaluer({}, "2024-07-01")
    assert "agec_article_58" not in apres["regle"].tolist()
    assert regle(apres, "agec_2")["statut"] == NON_EVALUABLE
    assert "à compléter depuis le décret n° 2024-134" in regle(apres, "agec_2")["explication"]
    assert regle(apres, "agec_9")["statut"] == NON_EVALUABLE
    assert "Saisissez la dépense" in regle(apres, "agec_9")["explication"]


def test_agec_calcule_depuis_la_saisie():
    saisie = {"agec_9_depense_ht": 10_000, "agec_9_reemploi_ht": 2_000, "agec_9_recycle_ht": "1 400",
              "agec_1_depense_ht": 1_000, "agec_1_reemploi_ht": 80, "agec_1_recycle_ht": 200}
    t = evaluer({}, "2025-03-01", saisie=saisie)
    mobilier = regle(t, "agec_9")
    # 20 % réemploi (cible 20) mais 14 % recyclé (cible 15)
    assert mobilier["statut"] == NON_RESPECTEE
    assert mobilier["chiffre"] == "réemploi 20\u00a0% (cible 20 %) ; recyclé 14\u00a0% (cible 15 %)"
    assert regle(t, "agec_1")["statut"] == RESPECTEE


def test_agec_jalon_2027():
    saisie = {"agec_1_depense_ht": 1_000, "agec_1_reemploi_ht": 80, "agec_1_recycle_ht": 200}
    t = evaluer({}, "2028-03-01", saisie=saisie)
    assert regle(t, "agec_1")["statut"] == NON_RESPECTEE  # cibles 2027 : 15 % et 25 %


def test_agec_autre_acheteur_non_concerne():
    t = evaluer({}, "2025-03-01", type_acheteur="autre")
    assert regle(t, "agec_article_58")["statut"] == NON_APPLICABLE


# ---------------------------------------------------------------- EGalim

SAISIE_EGALIM = {"restauration_collective": "oui", "egalim_achats_alimentaires_ht": 100_000,
                 "egalim_durables_qualite_ht": 50_000, "egalim_bio_ht": 19_999.99,
                 "egalim_viandes_poissons_ht": 10_000, "egalim_viandes_poissons_durables_ht": 6_000}


def test_egalim_avant_2022():
    t = evaluer({}, "2021-12-31", saisie=SAISIE_EGALIM)
    assert regle(t, "egalim_durables")["statut"] == NON_APPLICABLE
    assert regle(t, "egalim_viandes_poissons")["statut"] == NON_APPLICABLE


def test_egalim_apres_2022_et_viandes_apres_2024():
    t = evaluer({}, "2023-06-01", saisie=SAISIE_EGALIM)
    assert regle(t, "egalim_durables")["statut"] == RESPECTEE  # exactement 50 %
    assert regle(t, "egalim_bio")["statut"] == NON_RESPECTEE  # un centime sous 20 %
    assert regle(t, "egalim_viandes_poissons")["statut"] == NON_APPLICABLE
    t = evaluer({}, "2024-01-01", saisie=SAISIE_EGALIM)
    assert regle(t, "egalim_viandes_poissons")["statut"] == RESPECTEE


def test_egalim_sans_saisie_et_sans_restauration():
    t = evaluer({}, "2025-01-01")
    assert regle(t, "egalim_durables")["statut"] == NON_EVALUABLE
    t = evaluer({}, "2025-01-01", saisie={"restauration_collective": "non"})
    assert regle(t, "egalim_bio")["statut"] == NON_APPLICABLE


def test_egalim_total_alimentaire_estime_depuis_les_cpv():
    a = achats(8_000, cpv=["15800000"])
    t = evaluer({"achats": a}, "2025-01-01", saisie={"egalim_durables_qualite_ht": 4_000})
    ligne = regle(t, "egalim_durables")
    assert ligne["statut"] == RESPECTEE and "CPV division 15" in ligne["explication"]


# ---------------------------------------------------------------- ensemble

def test_colonnes_fiabilite_et_parametres():
    t = evaluer({}, "2025-01-01")
    assert {"reference", "date_application", "chiffre", "statut", "explication", "fiabilite"} <= set(t.columns)
    assert set(t["statut"]) <= {RESPECTEE, A_RISQUE, NON_RESPECTEE, NON_EVALUABLE, NON_APPLICABLE}
    assert all(r["reference"] and r["date_application"] for r in charger_regles().values())
    with pytest.raises(ErreurParametre, match="Date d'évaluation illisible : « demain »"):
        evaluer({}, "demain")
    with pytest.raises(ErreurParametre, match="Type d'acheteur « hopital » inconnu"):
        evaluer({}, "2025-01-01", type_acheteur="hopital")


def test_organisation_par_attributs_et_profil():
    class Organisation:
        achats = achats(60_000_000)
        marches = None
        profil = {"type": "Commune"}
    assert regle(evaluer(Organisation(), "2025-01-01"), "spaser_obligation")["statut"] == A_RISQUE


def test_organisation_au_profil_en_attributs():
    class Organisation:
        nom = "Ministère test"
        type = "Ministère"
        achats = achats(60_000_000, annee=2022)
    # type « Ministère » -> État : avant la loi Industrie verte, non applicable
    assert regle(evaluer(Organisation(), "2023-06-01"), "spaser_obligation")["statut"] == NON_APPLICABLE


def test_agec_depense_calculee_depuis_les_achats_par_la_nomenclature():
    a = pd.DataFrame({"date": pd.to_datetime(["2024-03-01", "2024-04-01", "2023-04-01"]),
                      "fournisseur": ["Meubles", "Meubles", "Meubles"], "famille": ["F-MOBI", "F-MOBI", "F-MOBI"],
                      "montant_ht": [6_000.0, 4_000.0, 99_000.0]})
    sans_saisie = regle(evaluer({"achats": a}, "2025-03-01"), "agec_9")
    assert sans_saisie["statut"] == NON_EVALUABLE
    assert "calculée depuis les achats (10\u00a0000,00\u00a0€ HT)" in sans_saisie["explication"]
    t = evaluer({"achats": a}, "2025-03-01", saisie={"agec_9_reemploi_ht": 2_000, "agec_9_recycle_ht": 1_500})
    assert regle(t, "agec_9")["statut"] == RESPECTEE  # 20 % et 15 % de 10 000 €


def test_lecture_acceptee_avec_ses_concessions():
    from spaserlib.lecture.resultat import Lecture

    a = pd.DataFrame({"date": pd.to_datetime(["2024-01-10", "2024-01-11"]), "fournisseur": ["A", "B"],
                      "montant_ht": [49_000_000.0, 2_000_000.0], "marche_id": ["m1", "c1"]})
    marches = Lecture("decp.json", "marches", pd.DataFrame({"id": ["m1"], "nature": ["Marché"]}),
                      concessions=pd.DataFrame({"id": ["c1"]}))
    ligne = regle(evaluer({"achats": Lecture("achats.csv", "achats", a), "marches": marches}, "2025-01-01"),
                  "spaser_obligation")
    assert ligne["montant_ht"] == 49_000_000 and ligne["statut"] == NON_APPLICABLE
