"""Le profil d'achats (module 1) : année de référence, chiffres clés, dépense par nature, par famille libellée."""

from types import SimpleNamespace

import pandas as pd
import pytest

from spaserlib.analyse.profil import (
    INCONNUE, NON_RENSEIGNEE, SEUIL_SPASER, annee_par_defaut, chiffres_cles, depenses_par_famille_libellee,
    depenses_par_nature, tableau_chiffres_cles, volumes_par_annee,
)
from spaserlib.commun.nomenclature import familles
from spaserlib.lecture.organisation import charger_organisation
from tests import DONNEES


def code_de(nature: str) -> str:
    table = familles()
    return table.loc[table["type"] == nature, "code"].iloc[0]


@pytest.fixture
def achats():
    travaux, services = code_de("travaux"), code_de("services")
    return pd.DataFrame({
        "date": pd.to_datetime(["2024-03-01", "2024-06-01", "2024-07-01", "2024-08-01", "2023-01-05", "2024-09-01"]),
        "fournisseur": ["A", "A", "B", "C", "A", "D"],
        "famille": [travaux, travaux, services, None, travaux, "XXX"],
        "montant_ht": [600.0, -100.0, 300.0, 100.0, 9999.0, 100.0],
    })


def test_depense_par_nature_de_l_annee_avec_avoirs_et_familles_inconnues(achats):
    indicateur = depenses_par_nature(achats, annee=2024)
    table = indicateur.table.set_index("nature")
    assert table.loc["travaux", "montant_ht"] == 500.0  # avoir déduit, 2023 exclu
    assert table.loc["services", "montant_ht"] == 300.0
    assert table.loc[NON_RENSEIGNEE, "montant_ht"] == 100.0
    assert table.loc[INCONNUE, "montant_ht"] == 100.0
    assert table["part"].sum() == pytest.approx(1.0)
    assert list(indicateur.table["nature"])[0] == "travaux"
    assert indicateur.phrase.startswith("En 2024, la dépense nette de 1\u00a0k€ HT se répartit ainsi : travaux 50\u00a0% (500\u00a0€) ; services 30\u00a0%")


def test_depense_par_famille_libellee(achats):
    table = depenses_par_famille_libellee(achats, annee=2024).table
    premiere = table.iloc[0]
    assert premiere["famille"] == code_de("travaux") and premiere["nature"] == "travaux"
    assert premiere["libelle"] == familles().set_index("code").loc[code_de("travaux"), "libelle"]
    assert premiere["fournisseurs"] == 1 and premiere["lignes"] == 2
    inconnue = table[table["famille"] == "XXX"].iloc[0]
    assert inconnue["libelle"] == INCONNUE


def test_annee_sans_depense(achats):
    indicateur = depenses_par_nature(achats, annee=2030)
    assert indicateur.table.empty and indicateur.phrase == "Aucune dépense en 2030."


def test_chiffres_cles(achats):
    marches = pd.DataFrame({"date_notification": pd.to_datetime(["2024-02-01", "2022-05-01"]), "montant_ht": [50_000.0, 1.0]})
    table = tableau_chiffres_cles(chiffres_cles(donnees(achats, marches), 2024)).set_index("indicateur")["valeur"]
    assert table["Dépense nette (HT, avoirs déduits)"] == "1\u00a0000\u00a0€"
    assert table["Fournisseurs payés"] == "4"
    assert table["Années couvertes par les dépenses"] == "2023 à 2024"
    assert table["Marchés notifiés"] == "1"
    assert table["Marchés, toutes années"] == "2"
    assert table["Années de notification couvertes"] == "2022 à 2024"


def test_chiffres_cles_sans_marches_ni_achats():
    vide = pd.DataFrame()
    assert tableau_chiffres_cles(chiffres_cles(donnees(vide, vide), 2024)).empty


# --- Chiffres clés d'une organisation : les mêmes pour le notebook, le sommaire et le projet ---

COMMUNE = DONNEES / "rapport" / "commune"


def achats_dates(dates, montants=None):
    return pd.DataFrame({"date": pd.to_datetime(dates), "fournisseur": [f"F{i}" for i in range(len(dates))],
                         "montant_ht": montants or [1.0] * len(dates)})


def donnees(achats=None, marches=None, annee=None):
    return SimpleNamespace(achats=achats, marches=marches, annee=annee)


@pytest.mark.parametrize("dates, attendue", [
    (["2023-12-01", "2024-06-01"], 2023),   # 2024 n'a pas de décembre : 2023 est la dernière complète
    (["2023-01-01", "2024-06-01"], 2023),   # aucune année complète : l'avant-dernière
    (["2024-06-01"], 2024),                 # une seule année, incomplète : elle-même
    (["2023-12-31", "2024-12-01"], 2024),
])
def test_annee_par_defaut(dates, attendue):
    assert annee_par_defaut(achats_dates(dates), pd.DataFrame()) == attendue
    assert chiffres_cles(donnees(achats_dates(dates)))["annee"] == attendue


def test_annee_demandee_et_sans_dates():
    assert chiffres_cles(donnees(achats_dates(["2024-06-01"])), 2020)["annee"] == 2020
    assert chiffres_cles(donnees(achats_dates(["2024-06-01"]), annee=2021))["annee"] == 2021  # l'année du profil
    assert chiffres_cles(donnees())["annee"] is None
    assert annee_par_defaut(pd.DataFrame({"date": pd.to_datetime([None])}), pd.DataFrame()) is None


def test_annee_des_marches_seuls():
    marches = pd.DataFrame({"date_notification": pd.to_datetime(["2022-05-01", "2024-02-01"]), "montant_ht": [1.0, 2.0]})
    c = chiffres_cles(donnees(marches=marches))
    assert (c["annee"], c["contrats"], c["contrats_annee"], c["montant_contrats_annee"]) == (2024, 2, 1, 2.0)


def test_volumes_par_annee():
    table = volumes_par_annee(achats_dates(["2023-05-01", "2023-12-01", "2024-01-01"], [10.0, 5.0, 7.5]))
    assert table.to_dict("records") == [{"annee": 2023, "montant_ht": 15.0, "lignes": 2, "fournisseurs": 2},
                                        {"annee": 2024, "montant_ht": 7.5, "lignes": 1, "fournisseurs": 1}]
    assert volumes_par_annee(None).empty


def test_chiffres_cles_de_l_organisation_de_test():
    organisation = charger_organisation(COMMUNE)
    c = chiffres_cles(organisation)
    assert c["annee"] == 2024
    attendu = organisation.achats.loc[organisation.achats["date"].dt.year == 2024, "montant_ht"].sum()
    assert c["montant_annee"] == attendu and c["obligation_spaser"] is False
    # 3 contrats : 2 notifiés en 2023 (une considération sociale oui, une non), 1 en 2024 (inconnue). Les parts
    # portent sur l'année de référence : en 2024, aucune considération n'est connue (jamais comptée comme « non »).
    assert (c["contrats"], c["contrats_annee"], c["contrats_sociale"], c["contrats_sociale_connus"], c["part_sociale"]) == (3, 1, 0, 0, None)
    c2023 = chiffres_cles(organisation, 2023)
    assert (c2023["contrats_annee"], c2023["contrats_sociale"], c2023["contrats_sociale_connus"], c2023["part_sociale"]) == (2, 1, 2, 0.5)


def test_obligation_strictement_au_dessus_du_seuil():
    # « supérieur à » : 50 M€ tout rond ne suffit pas
    assert chiffres_cles(donnees(achats_dates(["2024-12-01"], [float(SEUIL_SPASER)])))["obligation_spaser"] is False
    assert chiffres_cles(donnees(achats_dates(["2024-12-01"], [SEUIL_SPASER + 0.01])))["obligation_spaser"] is True


def test_fournisseurs_de_l_annee_de_reference():
    table = achats_dates(["2023-12-01", "2024-12-01", "2024-06-01"])
    table["fournisseur"] = ["A", "B", "B"]
    assert chiffres_cles(donnees(table))["fournisseurs"] == 1  # 2024 : seulement B
    assert chiffres_cles(donnees(table), 2023)["fournisseurs"] == 1
