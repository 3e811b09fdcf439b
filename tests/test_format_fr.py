"""Nombres à la française : euros exacts, euros courts, pourcentages, grands nombres."""

import math

import pandas as pd
import pytest

from spaserlib.format_fr import ESPACE, MANQUANT, euros, euros_courts, nombre, pourcentage


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
