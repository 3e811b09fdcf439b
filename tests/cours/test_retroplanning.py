"""Le rétroplanning du SPASER (03.02) : calcul à rebours, délai de convocation en jours francs, jours ouvrés,
séance passée ou trop proche, table, phrase et figure."""

from datetime import date, timedelta

import pytest

from spaserlib.commun.erreurs import ErreurParametre
from spaserlib.cours import affichage
from spaserlib.cours.retroplanning import (
    ENVOI,
    LANCEMENT,
    SEANCE,
    delai_convocation,
    etapes_types,
    figure_retroplanning,
    montrer_retroplanning,
    phrase_retroplanning,
    premiere_seance_possible,
    retroplanning,
)

AUJOURD_HUI = "2026-12-02"


def _jour(table, etape):
    return table.loc[table["etape"] == etape, "debut"].iloc[0].date()


def test_les_etapes_sont_en_ordre_et_s_enchainent_sans_trou_ni_chevauchement():
    table = retroplanning("2027-06-24", population=12000, date_reference=AUJOURD_HUI)
    assert table["etape"].iloc[0] == LANCEMENT and table["etape"].iloc[-1] == SEANCE
    etapes = table[table["nature"] == "étape"]
    assert list(etapes["etape"]) == [e.libelle for e in etapes_types()]
    for (_, avant), (_, apres) in zip(etapes.iterrows(), etapes.iloc[1:].iterrows()):
        assert apres["debut"] - avant["fin"] == timedelta(days=1)
    for etape, (_, ligne) in zip(etapes_types(), etapes.iterrows()):
        assert (ligne["fin"] - ligne["debut"]).days + 1 == 7 * etape.semaines
    assert _jour(table, LANCEMENT) == etapes["debut"].iloc[0].date()
    assert etapes["fin"].iloc[-1].date() == _jour(table, ENVOI) - timedelta(days=1)


@pytest.mark.parametrize("population, jours, article", [(3500, 5, "L2121-12"), (12000, 5, "L2121-12"),
                                                        (3499, 3, "L2121-11"), (0, 3, "L2121-11")])
def test_le_delai_de_convocation_suit_la_population(population, jours, article):
    delai, reference = delai_convocation(population)
    assert delai == jours and article in reference


def test_jours_francs_ni_le_jour_d_envoi_ni_celui_de_la_seance_ne_comptent():
    seance = date(2027, 6, 24)  # un jeudi
    for population, jours in ((12000, 5), (800, 3)):
        table = retroplanning(seance.isoformat(), population=population, date_reference=AUJOURD_HUI)
        envoi = _jour(table, ENVOI)
        entre = (seance - envoi).days - 1  # jours pleins entre l'envoi et la séance
        assert entre == jours
        assert table.attrs["jours_francs"] == jours


def test_sans_population_le_delai_le_plus_long_par_prudence():
    delai, reference = delai_convocation(None)
    assert delai == 5 and "prudence" in reference


def test_un_delai_indique_l_emporte_et_doit_etre_un_entier_positif():
    table = retroplanning("2027-06-24", delai_convocation_jours=12, date_reference=AUJOURD_HUI)
    assert (date(2027, 6, 24) - _jour(table, ENVOI)).days == 13
    for mauvais in (0, -2, 2.5, True, "5"):
        with pytest.raises(ErreurParametre, match="delai_convocation_jours"):
            delai_convocation(delai_convocation_jours=mauvais)


def test_une_seance_passee_ou_du_jour_est_refusee():
    for jour in ("2026-11-01", AUJOURD_HUI):
        with pytest.raises(ErreurParametre, match="n'est pas à venir au 2 décembre 2026"):
            retroplanning(jour, date_reference=AUJOURD_HUI)


def test_une_seance_trop_proche_dit_a_partir_de_quand_elle_devient_possible():
    with pytest.raises(ErreurParametre, match="trop proche") as erreur:
        retroplanning("2027-02-01", date_reference=AUJOURD_HUI)
    possible = premiere_seance_possible(date(2026, 12, 2))
    assert f"{possible.day} " in str(erreur.value) and "durees" in str(erreur.value)
    # la date annoncée est bien la première qui tient : elle passe, la veille non
    assert _jour(retroplanning(possible.isoformat(), date_reference=AUJOURD_HUI), LANCEMENT) >= date(2026, 12, 2)
    with pytest.raises(ErreurParametre, match="trop proche"):
        retroplanning((possible - timedelta(days=1)).isoformat(), date_reference=AUJOURD_HUI)


def test_sans_date_de_seance_la_premiere_seance_possible():
    table = retroplanning(None, date_reference=AUJOURD_HUI)
    assert table.attrs["seance"] == premiere_seance_possible(date(2026, 12, 2))
    assert _jour(table, LANCEMENT) >= date(2026, 12, 2)


def test_des_durees_changees_deplacent_le_lancement():
    normal = retroplanning("2027-09-30", date_reference=AUJOURD_HUI)
    court = retroplanning("2027-09-30", date_reference=AUJOURD_HUI, durees={"diagnostic": 4})
    assert _jour(court, LANCEMENT) - _jour(normal, LANCEMENT) == timedelta(weeks=4)
    with pytest.raises(ErreurParametre, match="« audit »"):
        retroplanning("2027-09-30", date_reference=AUJOURD_HUI, durees={"audit": 2})
    with pytest.raises(ErreurParametre, match="nombre entier de semaines"):
        retroplanning("2027-09-30", date_reference=AUJOURD_HUI, durees={"diagnostic": 0})


def test_en_jours_ouvres_les_debuts_et_l_envoi_evitent_week_ends_et_jours_feries():
    holidays = pytest.importorskip("holidays")
    # séance le vendredi 14 mai 2027 : cinq jours francs avant, l'envoi tomberait le samedi 8 mai (et jour férié)
    brut = retroplanning("2027-05-14", population=12000, date_reference="2026-10-01")
    assert _jour(brut, ENVOI) == date(2027, 5, 8)
    table = retroplanning("2027-05-14", population=12000, date_reference="2026-10-01", jours_ouvres=True)
    assert _jour(table, ENVOI) == date(2027, 5, 7)  # le jour ouvré d'avant, jamais après : le délai reste tenu
    feries = holidays.France(years=[2026, 2027])
    debuts = [ligne.debut.date() for ligne in table.itertuples() if ligne.etape != SEANCE]
    assert all(j.weekday() < 5 and j not in feries for j in debuts)
    assert any(d.weekday() >= 5 for d in brut["debut"].dt.date)  # sans l'option, des débuts tombent un week-end
    assert _jour(table, LANCEMENT) <= _jour(brut, LANCEMENT)
    assert "jour ouvré" in phrase_retroplanning(table)


def test_la_phrase_donne_les_dates_en_toutes_lettres_et_la_reference():
    table = retroplanning("2027-06-24", population=800, date_reference=AUJOURD_HUI)
    phrase = phrase_retroplanning(table)
    assert "jeudi 24 juin 2027" in phrase and "3 jours francs" in phrase and "L2121-11" in phrase
    assert f"{_jour(table, LANCEMENT).day} " in phrase


def test_la_figure_a_une_barre_par_etape_un_titre_date_et_un_texte_de_remplacement():
    table = retroplanning("2027-06-24", date_reference=AUJOURD_HUI)
    figure = figure_retroplanning(table)
    ax = figure.axes[0]
    assert len(ax.patches) == len(etapes_types())
    assert "24 juin 2027" in ax.get_title()
    assert "Diagramme de Gantt" in figure.texte_alternatif and "24 juin 2027" in figure.texte_alternatif
    mois = [t.get_text() for t in ax.get_xticklabels()]
    assert any(m.startswith("janv.") for m in mois)


def test_montrer_affiche_la_phrase_la_table_et_la_figure(monkeypatch):
    vus = []
    monkeypatch.setattr(affichage, "_display", lambda objet, **kwargs: vus.append(objet))
    montrer_retroplanning("2027-06-24", date_reference=AUJOURD_HUI, organisation="Trois Rivières")
    assert [next(iter(o)) for o in vus].count("image/png") == 1
    textes = " ".join(o.get("text/plain", "") for o in vus)
    assert "Trois Rivières" in textes and "24/06/2027" in textes
