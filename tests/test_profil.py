"""Le profil d'achats (module 1) : dépense par nature, par famille libellée, chiffres clés."""

import pandas as pd
import pytest

pytest.importorskip("spaserlib.indicateurs", reason="module de l'aide « suivi » pas encore fusionné")

from spaserlib.nomenclature import familles  # noqa: E402
from spaserlib.profil import INCONNUE, NON_RENSEIGNEE, chiffres_cles, depenses_par_famille_libellee, depenses_par_nature  # noqa: E402


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
    table = chiffres_cles(achats, marches, 2024).set_index("indicateur")["valeur"]
    assert table["Dépense nette (HT, avoirs déduits)"] == "1\u00a0000\u00a0€"
    assert table["Fournisseurs payés"] == "4"
    assert table["Années couvertes par les dépenses"] == "2023 à 2024"
    assert table["Marchés notifiés"] == "1"
    assert table["Marchés, toutes années"] == "2"
    assert table["Années de notification couvertes"] == "2022 à 2024"


def test_chiffres_cles_sans_marches_ni_achats():
    vide = pd.DataFrame()
    assert chiffres_cles(vide, vide, 2024).empty
