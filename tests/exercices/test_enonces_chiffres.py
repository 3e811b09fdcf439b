"""Les chiffres des énoncés de l'exercice SMART et du corrigé sont ceux des données du cas d'étude."""

import re

import pandas as pd
import pytest

from spaserlib.commun.nomenclature import familles
from spaserlib.exercices.corrige import enonces_strategie
from spaserlib.lecture.organisation import charger_organisation
from tests import RACINE


@pytest.fixture(scope="module")
def marches_2025():
    marches = charger_organisation(RACINE / "datasets" / "trois-rivieres").marches
    return marches[pd.to_datetime(marches["date_notification"]).dt.year == 2025]


def part(marches, colonne, valeur):
    """Part des marchés dont la considération DECP contient `valeur`, inconnus exclus (règle du kit), en %."""
    connues = marches[colonne].dropna().astype(str)
    return round(100 * connues.str.contains(valeur, regex=False).mean())


def depart(numero: int) -> int:
    texte = enonces_strategie()[numero]["objectif_exemple"]
    return int(re.search(r"contre (\d+) % en 2025", texte).group(1))


def test_insertion_dans_les_travaux(marches_2025):
    travaux = familles().query("type == 'travaux'")["code"]
    marches = marches_2025[marches_2025["famille"].isin(travaux)]
    assert depart(0) == part(marches, "considerations_sociales", "Clause sociale") == 24


def test_critere_environnemental_dans_les_dechets(marches_2025):
    dechets = marches_2025[marches_2025["famille"] == "S-DECH"]
    assert len(dechets) == 10
    assert depart(1) == part(dechets, "considerations_environnementales", "Critère environnemental") == 0
    assert "6 des 10 marchés" in enonces_strategie()[1]["note"]
    assert part(dechets, "considerations_environnementales", "Clause environnementale") == 60


def test_le_corrige_reprend_les_enonces():
    corrige = (RACINE / "solutions" / "corrige.yaml").read_text(encoding="utf-8")
    for numero in (0, 1):
        assert f"contre {depart(numero)} % en 2025" in corrige
