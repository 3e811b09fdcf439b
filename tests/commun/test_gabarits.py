"""L'environnement Jinja unique : tout échappé, filtres français, gabarits du rapport et des retours."""

from spaserlib.commun.gabarits import date_horodatage, entier, environnement, points, rendre


def test_un_seul_environnement():
    assert environnement() is environnement()


def test_tout_est_echappe():
    assert environnement().from_string("{{ nom }}").render(nom="<script>") == "&lt;script&gt;"


def test_filtres_francais():
    assert points(14.5) == "14,5" and points(8.0) == "8"
    assert entier(1234567) == "1\u202f234\u202f567" and entier(None) == "—"
    assert date_horodatage("2026-11-28T10:00:00+01:00") == "28/11/2026 à 10:00"
    assert date_horodatage("pas une date") == "pas une date"
    assert environnement().from_string("{{ 1234567|euros }}").render() == "1,2\u00a0M€"


def test_les_gabarits_du_rapport_et_des_retours_se_trouvent():
    texte = rendre("resume.html.j2", resultats=[], compte={"fait": 0, "inchangé": 0, "échoué": 0})
    assert "<style" in texte  # style.css.j2 inclus depuis gabarits/rapport/
    assert "<style" in rendre("retour.html", participant="A", corrections=[], exercice=str)  # _style.html depuis gabarits/
