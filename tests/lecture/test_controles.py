import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from spaserlib.commun.identifiants import siret_valide
from spaserlib.lecture.controles import (
    Collecte,
    est_sentinelle,
    normaliser_sirets,
    sirets_valides,
)

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
    from spaserlib.commun.format_fr import lire_dates
    from spaserlib.lecture.controles import controler_dates

    brut = pd.Series(["31/12/1989", "01/01/1990", "15/06/2025", "16/06/2025", "01/01/1900"], dtype="str")
    collecte = Collecte("f.csv", np.arange(2, 7))
    controler_dates(collecte, brut, lire_dates(brut), "Date", bloquant=True, aujourd_hui=pd.Timestamp("2025-06-15").date())
    assert [(p.ligne, p.code) for p in collecte.problemes] == [(5, "date_future"), (2, "date_ancienne"), (6, "date_ancienne")]
    assert not collecte.a_ecarter.any()  # des avertissements : les lignes sont gardées


# --- caractères de contrôle ------------------------------------------------------------------------

def test_caracteres_de_controle_rendus_visibles():
    from spaserlib.lecture.controles import rendre_visible

    assert rendre_visible("A\x1b[31mB\x00C\x7f") == "A⟨U+001B⟩[31mB⟨U+0000⟩C⟨U+007F⟩"
    assert rendre_visible("Ligne 1\nLigne 2\tfin\r") == "Ligne 1\nLigne 2\tfin\r"  # blancs permis
    assert rendre_visible("Société Éclair") == "Société Éclair"


def test_caracteres_de_controle_un_avertissement_par_ligne():
    from spaserlib.lecture.controles import textes_propres

    collecte = Collecte("f.csv", np.array([2, 3, 4, 5]))
    textes, _ = textes_propres(collecte, pd.Series(["A\x1bB", "Propre", "A\x1bB", "C\x00\x07D"]), "Fournisseur")
    assert textes.tolist() == ["A\x1bB", "Propre", "A\x1bB", "C\x00\x07D"]  # le texte est gardé tel quel
    assert [(p.ligne, p.valeur, p.code, p.gravite) for p in collecte.trier()] == [
        (2, "A⟨U+001B⟩B", "caractere_de_controle", "avertissement"),
        (4, "A⟨U+001B⟩B", "caractere_de_controle", "avertissement"),
        (5, "C⟨U+0000⟩⟨U+0007⟩D", "caractere_de_controle", "avertissement")]
    assert collecte.trier()[2].message == (
        "caractères de contrôle invisibles U+0000 (NUL), U+0007 (BEL) dans le texte : la ligne est gardée, mais ces "
        "caractères brouillent l'affichage et sont interdits dans un classeur.")
    assert not collecte.a_ecarter.any()
