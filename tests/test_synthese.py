"""Chiffres clés d'une organisation : année de référence, volumes, considérations, obligation."""

from pathlib import Path

import pandas as pd
import pytest

from spaserlib.synthese import SEUIL_SPASER, annee_de_reference, charger_organisation, chiffres_cles, volumes_par_annee

COMMUNE = Path(__file__).parent / "donnees" / "rapport" / "commune"


def achats(dates, montants=None):
    return pd.DataFrame({"date": pd.to_datetime(dates), "fournisseur": [f"F{i}" for i in range(len(dates))],
                         "montant_ht": montants or [1.0] * len(dates)})


@pytest.mark.parametrize("dates, attendue", [
    (["2023-12-01", "2024-06-01"], 2023),   # 2024 n'a pas de décembre : 2023 est la dernière complète
    (["2023-01-01", "2024-06-01"], 2023),   # aucune année complète : l'avant-dernière
    (["2024-06-01"], 2024),                 # une seule année, incomplète : elle-même
    (["2023-12-31", "2024-12-01"], 2024),
])
def test_annee_de_reference(dates, attendue):
    assert annee_de_reference(achats(dates)) == attendue


def test_annee_demandee_et_sans_dates():
    assert annee_de_reference(achats(["2024-06-01"]), 2020) == 2020
    assert annee_de_reference(None) is None
    assert annee_de_reference(pd.DataFrame({"date": pd.to_datetime([None])})) is None


def test_volumes_par_annee():
    table = volumes_par_annee(achats(["2023-05-01", "2023-12-01", "2024-01-01"], [10.0, 5.0, 7.5]))
    assert table.to_dict("records") == [{"annee": 2023, "montant_ht": 15.0, "lignes": 2, "fournisseurs": 2},
                                        {"annee": 2024, "montant_ht": 7.5, "lignes": 1, "fournisseurs": 1}]
    assert volumes_par_annee(None).empty


def test_chiffres_cles_de_l_organisation_de_test():
    organisation = charger_organisation(COMMUNE)
    c = chiffres_cles(organisation)
    assert c["annee"] == 2024
    attendu = organisation.achats.loc[organisation.achats["date"].dt.year == 2024, "montant_ht"].sum()
    assert c["montant_annee"] == attendu and c["obligation_spaser"] is False
    # 3 contrats : une considération sociale oui, une non, une inconnue (jamais comptée comme « non »)
    assert (c["contrats"], c["contrats_sociale"], c["contrats_sociale_connus"], c["part_sociale"]) == (3, 1, 2, 0.5)


def test_obligation_strictement_au_dessus_du_seuil():
    class Org:
        achats = achats(["2024-12-01"], [float(SEUIL_SPASER)])
        marches = None
        annee = None
    assert chiffres_cles(Org())["obligation_spaser"] is False  # « supérieur à » : 50 M€ tout rond ne suffit pas
    Org.achats = achats(["2024-12-01"], [SEUIL_SPASER + 0.01])
    assert chiffres_cles(Org())["obligation_spaser"] is True


def test_collectivite_remplace_le_nom_du_profil():
    assert charger_organisation(COMMUNE, collectivite="Autre nom").nom == "Autre nom"
    assert charger_organisation(COMMUNE).nom == "Commune de Test-sur-Mer"


def test_fournisseurs_de_l_annee_de_reference():
    table = achats(["2023-12-01", "2024-12-01", "2024-06-01"])
    table["fournisseur"] = ["A", "B", "B"]

    class Org:
        marches = None
        annee = None
    Org.achats = table
    assert chiffres_cles(Org())["fournisseurs"] == 1  # 2024 : seulement B
    assert chiffres_cles(Org(), 2023)["fournisseurs"] == 1
