import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from spaserlib.lecture.controles import Collecte, est_sentinelle, normaliser_sirets, sirets_valides
from spaserlib.commun.identifiants import siret_valide

_siret = st.text(alphabet="0123456789", min_size=14, max_size=14)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_siret, st.just("35600000000048"), _siret.map(lambda s: "356000000" + s[9:])), max_size=30))
def test_cle_vectorisee_identique_a_la_cle_unitaire(sirets):
    assert sirets_valides(sirets).tolist() == [siret_valide(s) for s in sirets]


def test_sirets_lus_en_entiers_retrouvent_leur_zero():
    collecte = Collecte("f.csv", np.array([2, 3, 4]))
    sirets = normaliser_sirets(collecte, pd.Series([5520135900019, 73282932000074, 12]), "SIRET")
    assert sirets.tolist() == ["05520135900019", "73282932000074", "00000000000012"]
    assert [(p.ligne, p.valeur, p.code) for p in collecte.problemes] == [(4, "12", "siret_invalide")]


def test_sentinelles_frontieres():
    montants = pd.Series([999999.0, 9999999.0, -99999999.0, 9999999.99, 99999998.0, 1e12 - 1, np.nan])
    assert est_sentinelle(montants).tolist() == [False, True, True, True, False, True, False]


def test_dates_douteuses_frontieres():
    from spaserlib.lecture.controles import controler_dates
    from spaserlib.commun.format_fr import lire_dates

    brut = pd.Series(["31/12/1989", "01/01/1990", "15/06/2025", "16/06/2025", "01/01/1900"], dtype="str")
    collecte = Collecte("f.csv", np.arange(2, 7))
    controler_dates(collecte, brut, lire_dates(brut), "Date", bloquant=True, aujourd_hui=pd.Timestamp("2025-06-15").date())
    assert [(p.ligne, p.code) for p in collecte.problemes] == [(5, "date_future"), (2, "date_ancienne"), (6, "date_ancienne")]
    assert not collecte.a_ecarter.any()  # des avertissements : les lignes sont gardées
