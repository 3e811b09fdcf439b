"""Trajectoires : tendance, projection et écart calculés à la main ; figure sans avertissement."""

import warnings
from datetime import date

import matplotlib

matplotlib.use("Agg")

import pandas as pd
import pytest

from spaserlib.commun.erreurs import ErreurParametre
from spaserlib.objectifs.modele import Objectif
from spaserlib.analyse.trajectoires import (
    CIBLES_PNAD,
    figure_trajectoire,
    series_pnad,
    table_trajectoires,
    tendance_annuelle,
    trajectoire,
    trajectoires,
)


def objectif_part(cible=50.0, echeance=date(2027, 12, 31), **kw):
    return Objectif("Part des contrats avec clause sociale", unite="part_nombre", indicateur="clause_sociale",
                    cible=cible, echeance=echeance, **kw)


def test_cibles_pnad():
    env, soc = CIBLES_PNAD
    assert (env.cible, soc.cible) == (100.0, 30.0)
    assert env.echeance == soc.echeance == date(2025, 12, 31)
    assert "PNAD" in env.source and "15 mars 2022" in env.source


def test_tendance_regression_et_variations():
    serie = pd.Series([10.0, 20.0, 24.0], index=[2021, 2022, 2023])
    # moindres carrés : x = -1, 0, 1 ; y - moyenne = -8, 2, 6 -> pente = (8 + 6) / 2 = 7
    assert tendance_annuelle(serie) == pytest.approx(7.0)
    assert tendance_annuelle(serie, "variations") == pytest.approx(7.0)  # (24 - 10) / 2
    irreguliere = pd.Series([10.0, 30.0, 20.0], index=[2021, 2022, 2024])
    assert tendance_annuelle(irreguliere, "variations") == pytest.approx(10 / 3)
    assert tendance_annuelle(pd.Series([5.0], index=[2024])) is None
    with pytest.raises(ErreurParametre, match="Méthode de tendance « moyenne » inconnue"):
        tendance_annuelle(serie, "moyenne")


def test_projection_et_ecart_en_retard():
    t = trajectoire(objectif_part(), pd.Series([10.0, 20.0, 24.0], index=[2021, 2022, 2023]))
    assert (t.annee_reference, t.valeur_reference) == (2021, 10.0)
    assert (t.annee_derniere, t.derniere_valeur) == (2023, 24.0)
    assert t.projection == pytest.approx(24 + 7 * 4)  # 52 en 2027
    assert t.ecart == pytest.approx(2.0)
    assert t.statut == "en bonne voie"
    t = trajectoire(objectif_part(cible=60.0), pd.Series([10.0, 20.0, 24.0], index=[2021, 2022, 2023]))
    assert t.statut == "en retard" and t.ecart == pytest.approx(-8.0)
    assert "+7\u00a0points par an" in t.phrase and "écart de 8\u00a0points à la cible" in t.phrase


def test_projection_d_une_part_bornee_a_100():
    t = trajectoire(objectif_part(cible=100.0), pd.Series([60.0, 90.0], index=[2022, 2023]))
    assert t.projection == 100.0 and t.statut == "en bonne voie"


def test_reference_de_l_objectif_prioritaire():
    t = trajectoire(objectif_part(valeur_reference=5.0, annee_reference=2019), pd.Series([10.0, 12.0], index=[2022, 2023]))
    assert (t.annee_reference, t.valeur_reference) == (2019, 5.0)


def test_objectif_a_la_baisse():
    o = Objectif("Émissions des achats", unite="tonnes_co2e", cible=800.0, echeance=date(2027, 12, 31))
    t = trajectoire(o, pd.Series([1000.0, 950.0, 900.0], index=[2022, 2023, 2024]))
    assert t.projection == pytest.approx(750.0) and t.statut == "en bonne voie"


def test_non_evaluables():
    assert trajectoire(objectif_part(), pd.Series(dtype=float)).statut == "non évaluable"
    une = trajectoire(objectif_part(), pd.Series([12.0], index=[2024]))
    assert une.statut == "non évaluable" and "une seule année" in une.phrase
    sans_cible = trajectoire(Objectif("Sans cible", unite="part_nombre"), pd.Series([1.0, 2.0], index=[2023, 2024]))
    assert sans_cible.statut == "non évaluable"


def marches():
    return pd.DataFrame({
        "montant_ht": [1.0] * 5,
        "date_notification": pd.to_datetime(["2022-01-01", "2022-02-01", "2024-01-01", "2024-02-01", "2024-03-01"]),
        "considerations_environnementales": ["Clause environnementale", "Pas de considération environnementale",
                                             "Clause environnementale", "Critère environnemental", None],
        "considerations_sociales": ["Pas de considération sociale"] * 4 + [None],
    })


def test_series_pnad_en_pourcentage_avec_annee_vide():
    s = series_pnad(marches())["part_considerations_environnementales"]
    assert s.index.tolist() == [2022, 2023, 2024]
    assert s[2022] == 50.0 and pd.isna(s[2023]) and s[2024] == 100.0


def test_trajectoires_pnad_et_objectifs_propres():
    propre = objectif_part()
    liste = trajectoires(marches(), [propre], {"clause_sociale": pd.Series([5.0, 10.0], index=[2023, 2024])})
    assert [t.objectif.libelle for t in liste][:2] == [o.libelle for o in CIBLES_PNAD]
    env = liste[0]
    assert env.tendance == pytest.approx(25.0)  # (100 - 50) / 2, l'année vide ignorée
    assert liste[2].projection == pytest.approx(25.0)
    table = table_trajectoires(liste)
    assert len(table) == 3 and {"valeur_reference", "projection_echeance", "ecart_projection_cible"} <= set(table)


def test_figure_sans_avertissement():
    t = trajectoire(objectif_part(), pd.Series([10.0, 20.0, 24.0], index=[2021, 2022, 2023]))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = figure_trajectoire(t)
    ax = fig.axes[0]
    assert ax.get_xlabel() == "Année"
    assert [l.get_text() for l in ax.get_legend().get_texts()] == [
        "Valeurs observées", "Projection (régression linéaire simple sur les années observées)",
        "Cible (50\u00a0%, fin 2027)"]
    matplotlib.pyplot.close(fig)


def test_cible_pnad_deja_depassee_puis_en_baisse_reste_un_objectif_a_la_hausse():
    social = CIBLES_PNAD[1]
    t = trajectoire(social, pd.Series([100.0, 40.0], index=[2023, 2024]))
    assert t.projection == 0.0 and t.statut == "en retard"
    propre = Objectif("Déchets", unite="tonnes", cible=50.0, echeance=date(2026, 12, 31), extras={"sens": "baisse"})
    assert trajectoire(propre, pd.Series([40.0, 45.0], index=[2023, 2024])).statut == "en retard"


def test_objectif_propre_sur_un_indicateur_calcule():
    propre = Objectif("Part en valeur des contrats avec considération environnementale", unite="part_valeur",
                      indicateur="part_valeur_considerations_environnementales", cible=80.0,
                      echeance=date(2026, 12, 31))
    t = trajectoires(marches(), [propre])[2]
    # montants égaux : 2022 -> 1 sur 2 connus = 50 % ; 2024 -> 2 sur 2 connus = 100 %
    assert t.valeurs.to_dict() == {2022: 50.0, 2024: 100.0}
    assert t.statut == "en bonne voie"


def test_echeance_passee_valeur_observee_et_non_projection():
    social = CIBLES_PNAD[1]  # 30 % à fin 2025
    t = trajectoire(social, pd.Series([10.0, 20.0, 25.0, 40.0], index=[2022, 2023, 2025, 2026]))
    assert t.projection == 25.0 and t.ecart == pytest.approx(-5.0)
    assert t.statut == "cible non atteinte"
    assert t.phrase.endswith("la cible n'est pas atteinte (écart de 5\u00a0points).")
    atteinte = trajectoire(social, pd.Series([31.0], index=[2025]))
    assert atteinte.statut == "cible atteinte"


def test_figure_echeance_passee_sans_projection():
    t = trajectoire(CIBLES_PNAD[1], pd.Series([10.0, 20.0, 25.0], index=[2024, 2025, 2026]))
    fig = figure_trajectoire(t)
    textes = [l.get_text() for l in fig.axes[0].get_legend().get_texts()]
    assert textes == ["Valeurs observées", "Cible (30\u00a0%, fin 2025)"]
    matplotlib.pyplot.close(fig)
