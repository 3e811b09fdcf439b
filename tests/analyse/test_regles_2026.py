"""Simulation des règles du 21 août 2026 sur la dernière année complète des données."""

import pandas as pd
import pytest

from spaserlib.analyse.regles_2026 import phrase_simulation, simuler_regles_2026
from spaserlib.lecture.organisation import charger_organisation
from tests import RACINE


def marches(*lignes):
    colonnes = ["date_notification", "nature", "montant_ht", "cpv", "considerations_sociales",
                "considerations_environnementales"]
    table = pd.DataFrame(lignes, columns=colonnes)
    table["date_notification"] = pd.to_datetime(table["date_notification"])
    return table


TABLE = marches(
    ("2025-03-01", "Marché", 300_000.0, "79000000", "Clause sociale", "Critère environnemental, Clause environnementale"),
    ("2025-04-01", "Marché", 50_000.0, "79000000", "Pas de considération sociale", "Clause environnementale"),
    ("2025-05-01", "Marché", 216_000.0, "30000000", "Pas de considération sociale", "Pas de considération environnementale"),
    ("2025-06-01", "Marché", 215_999.0, "30000000", "Pas de considération sociale", None),          # sous le seuil ; env. inconnue
    ("2025-07-01", "Marché de défense ou de sécurité", 900_000.0, "35000000", None, None),           # exclu
    ("2024-07-01", "Marché", 900_000.0, "79000000", None, None),                                     # autre année
)


def test_chaque_regle_compte_ses_contrats():
    s = simuler_regles_2026(TABLE, 2025).set_index("regle")
    assert s.loc["critere_environnemental", ["contrats", "connus", "manquants", "inconnus"]].tolist() == [4, 3, 2, 1]
    assert s.loc["conditions_environnementales", ["contrats", "connus", "manquants", "inconnus"]].tolist() == [4, 3, 1, 1]
    # sociale : au 31/12/2025, le seuil européen est celui de 2024-2025 (221 000 € HT) : un seul contrat l'atteint
    assert s.loc["conditions_sociales", "contrats"] == 1
    assert s.loc["critere_environnemental", "part_manquants"] == pytest.approx(2 / 3)


def test_annee_sans_contrat():
    s = simuler_regles_2026(TABLE, 2020)
    assert s["contrats"].tolist() == [0, 0, 0] and s["part_manquants"].isna().all()
    assert "aucun contrat dont on connaît les considérations" in phrase_simulation(s, 2020)


def test_phrase():
    phrase = phrase_simulation(simuler_regles_2026(TABLE, 2025), 2025)
    assert phrase.startswith("Si les règles du 21 août 2026 s'étaient appliquées aux contrats notifiés en 2025 — ")
    assert "(Art. L2152-7 et R2152-7 CCP) : 2 contrat(s) sur 3 n'y auraient pas satisfait (66,7\u00a0%)" in phrase


def test_cas_d_etude_compte_independant():
    table = charger_organisation(RACINE / "datasets" / "trois-rivieres").marches
    s = simuler_regles_2026(table, 2025).set_index("regle")
    annee = table[pd.to_datetime(table["date_notification"]).dt.year == 2025]
    annee = annee[annee["nature"] != "Marché de défense ou de sécurité"]
    env = annee["considerations_environnementales"].dropna()
    assert s.loc["critere_environnemental", "connus"] == len(env)
    assert s.loc["critere_environnemental", "manquants"] == (~env.str.contains("Critère environnemental")).sum()


@pytest.mark.parametrize("montant, compte", [(221_000.0, 1), (220_999.99, 0)])
def test_seuil_europeen_atteint_compte(montant, compte):
    table = marches(("2025-03-01", "Marché", montant, "79000000", "Pas de considération sociale", None))
    s = simuler_regles_2026(table, 2025).set_index("regle")
    assert s.loc["conditions_sociales", ["contrats", "manquants"]].tolist() == [compte, compte]


# ---------------------------------------------------------------- la phrase, à la date de référence

def test_phrase_des_regles_2026_de_part_et_d_autre_de_la_date():
    from datetime import date

    from spaserlib.analyse.regles_2026 import date_regles_2026, phrase_regles_2026

    assert date_regles_2026() == date(2026, 8, 21)  # regles_juridiques.yaml (décret n° 2022-767)
    veille, jour = phrase_regles_2026(date(2026, 8, 20)), phrase_regles_2026(date(2026, 8, 21))
    assert veille.startswith("À partir du 21 août 2026, toute consultation engagée devra comporter au moins un critère")
    assert jour.startswith("Depuis le 21 août 2026, toute consultation engagée comporte au moins un critère")
    for phrase in (veille, jour):
        assert "(article L2152-7)" in phrase and "(article L2112-2)" in phrase and "(article L2112-2-1)" in phrase
        assert "décret n° 2022-767" in phrase
    assert phrase_regles_2026("2025-06-01") == veille
