"""Considérations sociales et environnementales DECP : inconnu n'est jamais « non »."""

import pandas as pd
import pytest

from spaserlib.lecture.considerations import analyser_considerations, considerations
from spaserlib.commun.erreurs import ErreurParametre


@pytest.mark.parametrize("valeurs", [None, pd.NA, float("nan"), "", "   ", [], {}, {"considerationSociale": []}])
def test_absent_ou_vide_est_inconnu_jamais_faux(valeurs):
    texte, booleen = considerations(valeurs)
    assert texte is pd.NA
    assert booleen is pd.NA


def test_pas_de_consideration_donne_faux():
    assert considerations("Pas de considération sociale") == ("Pas de considération sociale", False)
    assert considerations(["Pas de considération environnementale"]) == ("Pas de considération environnementale", False)


@pytest.mark.parametrize("valeur", ["Clause sociale", "Critère social", "Marché réservé", "Concession réservée",
                                    "Clause environnementale", "Critère environnemental"])
def test_chaque_valeur_positive_donne_vrai(valeur):
    assert considerations([valeur]) == (valeur, True)


def test_enveloppe_decp_2024():
    valeurs = {"considerationSociale": ["Clause sociale", "Critère social"]}
    assert considerations(valeurs, cote="sociale") == ("Clause sociale, Critère social", True)


def test_enveloppe_a_valeur_seule():
    # Conversion XML -> JSON d'une liste à un seul élément : la valeur n'est pas dans une liste.
    assert considerations({"considerationEnvironnementale": "Clause environnementale"}) == ("Clause environnementale", True)


def test_chaine_aplatie_des_fichiers_consolides():
    assert considerations("Clause sociale, Critère social") == ("Clause sociale, Critère social", True)
    assert considerations("Clause sociale;Marché réservé") == ("Clause sociale, Marché réservé", True)


@pytest.mark.parametrize("ecrit, officiel", [
    ("clause SOCIALE", "Clause sociale"),
    ("Critere social", "Critère social"),
    ("Crit\ufffdre social", "Critère social"),
    ("marche reserve", "Marché réservé"),
    ("pas de consideration environnementale", "Pas de considération environnementale"),
    ("Pas de consid\ufffdration sociale", "Pas de considération sociale"),
])
def test_casse_accents_et_apostrophes_toleres(ecrit, officiel):
    texte, _ = considerations([ecrit])
    assert texte == officiel


def test_doublons_comptes_une_fois():
    assert considerations(["Clause sociale", "clause sociale", "Clause sociale"]) == ("Clause sociale", True)


def test_pas_de_melange_a_une_valeur_positive_est_incoherent_et_compte_present():
    texte, booleen, anomalies = analyser_considerations(["Pas de considération sociale", "Clause sociale"])
    assert texte == "Pas de considération sociale, Clause sociale"
    assert booleen is True
    assert anomalies == [
        "« Pas de considération sociale » est déclaré avec « Clause sociale » : incohérent ; "
        "la considération est comptée comme présente"
    ]


def test_valeur_inconnue_signalee_et_ignoree():
    texte, booleen, anomalies = analyser_considerations(["Clause verte"])
    assert (texte, booleen) == (pd.NA, pd.NA)
    assert anomalies == ["valeur de considération inconnue « Clause verte »"]


def test_valeur_de_l_autre_cote_signalee():
    texte, booleen, anomalies = analyser_considerations(["Clause environnementale"], cote="sociale")
    assert (texte, booleen) == (pd.NA, pd.NA)
    assert anomalies == ["« Clause environnementale » n'est pas une considération sociale"]


def test_cote_inconnu_refuse():
    with pytest.raises(ErreurParametre, match="côté de considération inconnu : « sociales ». Valeurs possibles"):
        considerations("Clause sociale", cote="sociales")
