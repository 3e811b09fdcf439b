"""Nombres à la française : euros exacts, euros courts, pourcentages, grands nombres ; montants et dates lus."""

import math

import numpy as np
import pandas as pd
import pytest

from spaserlib.commun.format_fr import ESPACE, MANQUANT, euros, euros_courts, lire_dates, lire_montants, nombre, pourcentage


def _(texte: str) -> str:
    """Écrit les attendus avec des espaces ordinaires ; le kit met des espaces insécables."""
    return texte.replace(" ", ESPACE)


@pytest.mark.parametrize(
    "valeur, attendu",
    [
        (1234.56, "1 234,56 €"),
        (0, "0,00 €"),
        (-1234.5, "-1 234,50 €"),
        (1234567.891, "1 234 567,89 €"),
        (0.004, "0,00 €"),
        (-0.004, "0,00 €"),
    ],
)
def test_euros(valeur, attendu):
    assert euros(valeur) == _(attendu)


def test_euros_sans_decimales():
    assert euros(1234.4, decimales=0) == _("1 234 €")


@pytest.mark.parametrize(
    "valeur, attendu",
    [
        (1_234_567, "1,2 M€"),
        (350_000, "350 k€"),
        (1_000_000, "1 M€"),
        (12_500_000, "12,5 M€"),
        (2_500_000_000, "2,5 Md€"),
        (850, "850 €"),
        (999.4, "999 €"),
        (999.6, "1 k€"),
        (99_960, "100 k€"),
        (999_960, "1 M€"),
        (45_300, "45,3 k€"),
        (-350_000, "-350 k€"),
        (0, "0 €"),
        (1_234_000_000_000, "1 234 Md€"),
    ],
)
def test_euros_courts(valeur, attendu):
    assert euros_courts(valeur) == _(attendu)


@pytest.mark.parametrize(
    "valeur, attendu",
    [(0.18, "18 %"), (0.185, "18,5 %"), (1, "100 %"), (0, "0 %"), (0.1234, "12,3 %"), (-0.05, "-5 %")],
)
def test_pourcentage_recoit_une_part(valeur, attendu):
    assert pourcentage(valeur) == _(attendu)


def test_pourcentage_decimales_imposees():
    assert pourcentage(0.18, decimales=1) == _("18,0 %")
    assert pourcentage(0.18456, decimales=2) == _("18,46 %")


@pytest.mark.parametrize("valeur, attendu", [(1234, "1 234"), (0, "0"), (1234567, "1 234 567"), (-12, "-12")])
def test_nombre(valeur, attendu):
    assert nombre(valeur) == _(attendu)


def test_nombre_avec_decimales():
    assert nombre(1234.56, 1) == _("1 234,6")


@pytest.mark.parametrize("manquant", [None, math.nan, pd.NA])
def test_valeur_manquante_ecrite_tiret(manquant):
    for fonction in (euros, euros_courts, pourcentage, nombre):
        assert fonction(manquant) == MANQUANT


def test_espace_insecable_ne_coupe_pas_les_montants():
    assert " " not in euros(1234.56) and ESPACE in euros(1234.56)


# --- Lire ---

@pytest.mark.parametrize(
    "brut, attendu",
    [
        ("1 234,56 €", 1234.56),  # espace ordinaire
        ("1\u00a0234,56\u00a0€", 1234.56),  # espace insécable
        ("1\u202f234,56\u202f€", 1234.56),  # espace fine insécable
        ("1234.56", 1234.56),
        ("1.234,56", 1234.56),  # point des milliers
        ("1,234.56", 1234.56),  # écriture anglaise
        ("1.234.567", 1234567.0),
        ("-45,00", -45.0),
        ("(45,00)", -45.0),  # négatif comptable
        ("45,00-", -45.0),
        ("12,5 EUR", 12.5),
        ("0", 0.0),
        ("  80  ", 80.0),
    ],
)
def test_montants_lisibles(brut, attendu):
    colonne = lire_montants(pd.Series([brut], dtype="str"))
    assert colonne.valeurs.iloc[0] == pytest.approx(attendu)
    assert not colonne.vides.iloc[0] and not colonne.illisibles.iloc[0]


@pytest.mark.parametrize("brut", ["", "None", "NaN", "null", "-", "  "])
def test_montants_vides(brut):
    colonne = lire_montants(pd.Series([brut, "10"], dtype="str"))
    assert np.isnan(colonne.valeurs.iloc[0])
    assert colonne.vides.tolist() == [True, False]
    assert colonne.illisibles.tolist() == [False, False]


@pytest.mark.parametrize("brut", ["abc", "12 34,5,6", "inf", "1e999", "€"])
def test_montants_illisibles(brut):
    colonne = lire_montants(pd.Series(["10", brut], dtype="str"))
    assert colonne.valeurs.iloc[0] == 10
    assert colonne.illisibles.tolist() == [False, True]
    assert colonne.vides.tolist() == [False, False]


def test_montants_cellule_avec_saut_de_ligne_passe_par_le_chemin_lent():
    colonne = lire_montants(pd.Series(["1 234,56", "12\n3"], dtype="str"))
    assert colonne.valeurs.iloc[0] == pytest.approx(1234.56)
    assert colonne.illisibles.tolist() == [False, True]


def test_montants_deja_numeriques_et_colonne_vide():
    colonne = lire_montants(pd.Series([1.5, None]))
    assert colonne.valeurs.iloc[0] == 1.5
    assert colonne.vides.tolist() == [False, True]
    vide = lire_montants(pd.Series([], dtype="str"))
    assert len(vide.valeurs) == 0 and vide.valeurs.dtype == "float64"


def test_montants_avec_valeurs_manquantes_dans_une_colonne_objet():
    colonne = lire_montants(pd.Series(["1 000,00 €", None, 80], dtype=object))
    assert colonne.valeurs.tolist()[0] == 1000.0 and colonne.valeurs.tolist()[2] == 80.0
    assert colonne.vides.tolist() == [False, True, False]


@pytest.mark.parametrize(
    "brut, attendu",
    [
        ("31/12/2024", "2024-12-31"),
        ("1/2/2024", "2024-02-01"),
        ("2024-12-31", "2024-12-31"),
        ("2018-12-17+01:00", "2018-12-17"),  # le fuseau est ignoré : date civile écrite
        ("2024-12-31T23:30:00+02:00", "2024-12-31"),
        ("2024-12-31 00:00:00", "2024-12-31"),
        ("31/12/24", "2024-12-31"),
        ("31-12-2024", "2024-12-31"),
        ("31.12.2024", "2024-12-31"),
        (" 01/02/2023 ", "2023-02-01"),
    ],
)
def test_dates_lisibles(brut, attendu):
    colonne = lire_dates(pd.Series([brut], dtype="str"))
    assert colonne.valeurs.iloc[0] == pd.Timestamp(attendu)
    assert not colonne.illisibles.iloc[0]


@pytest.mark.parametrize("brut", ["32/01/2024", "29/02/2023", "hier", "2024-13-01", "12/2024"])
def test_dates_illisibles(brut):
    colonne = lire_dates(pd.Series([brut, ""], dtype="str"))
    assert colonne.valeurs.isna().all()
    assert colonne.illisibles.tolist() == [True, False]
    assert colonne.vides.tolist() == [False, True]


def test_dates_deja_typees_perdent_heure_et_fuseau():
    serie = pd.Series(pd.to_datetime(["2024-01-15 13:45", None]).tz_localize("Europe/Paris"))
    colonne = lire_dates(serie)
    assert colonne.valeurs.iloc[0] == pd.Timestamp("2024-01-15")
    assert colonne.vides.tolist() == [False, True]


def test_dates_colonne_vide():
    colonne = lire_dates(pd.Series([], dtype="str"))
    assert len(colonne.valeurs) == 0
