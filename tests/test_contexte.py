"""Le contexte des notebooks : chemin des données, année par défaut, résumé, garde-fous."""

from types import SimpleNamespace

import pandas as pd
import pytest

from spaserlib import affichage
from spaserlib.contexte import DOSSIER_NOTEBOOKS, Contexte, annee_par_defaut, resoudre_donnees
from spaserlib.erreurs import ErreurFichier, ErreurParametre
from spaserlib.tables import COLONNES_ACHATS, COLONNES_MARCHES


def achats_dates(*dates):
    return pd.DataFrame({"date": pd.to_datetime(list(dates)), "montant_ht": 1.0})


def test_annee_par_defaut_derniere_annee_avec_decembre():
    assert annee_par_defaut(achats_dates("2023-12-31", "2024-12-02", "2025-03-01"), pd.DataFrame()) == 2024


def test_annee_par_defaut_sans_decembre_prend_l_avant_derniere():
    assert annee_par_defaut(achats_dates("2023-05-01", "2024-03-01"), pd.DataFrame()) == 2023
    assert annee_par_defaut(achats_dates("2024-03-01"), pd.DataFrame()) == 2024


def test_annee_par_defaut_depuis_les_marches_puis_aucune():
    marches = pd.DataFrame({"date_notification": pd.to_datetime(["2022-01-01", "2024-05-05"])})
    assert annee_par_defaut(pd.DataFrame({"date": []}), marches) == 2024
    assert annee_par_defaut(pd.DataFrame({"date": []}), pd.DataFrame()) is None


def test_resoudre_donnees(tmp_path, monkeypatch):
    fichier = tmp_path / "achats.csv"
    fichier.write_text("x", encoding="utf-8")
    assert resoudre_donnees(fichier) == fichier
    monkeypatch.chdir(tmp_path)
    # un chemin relatif au dossier des notebooks marche aussi depuis un autre dossier courant
    assert resoudre_donnees("../notebooks") == DOSSIER_NOTEBOOKS.resolve()
    with pytest.raises(ErreurFichier, match="absent.csv : dossier ou fichier introuvable. Vérifiez le chemin"):
        resoudre_donnees("absent.csv")
    with pytest.raises(ErreurParametre, match="Le paramètre donnees est vide"):
        resoudre_donnees("  ")


def contexte(achats=None, marches=None, lectures=()):
    vide_a = pd.DataFrame({c: [] for c in COLONNES_ACHATS})
    vide_m = pd.DataFrame({c: [] for c in COLONNES_MARCHES})
    org = SimpleNamespace(nom="Commune", type="commune", population=12000)
    return Contexte(organisation=org, nom="Commune", annee=2024, interactif=False, pseudonymise=False,
                    achats=vide_a if achats is None else achats, marches=vide_m if marches is None else marches,
                    source="commune", lectures=list(lectures))


def test_resume_et_rendu_html_echappe():
    c = contexte()
    c.nom = "<b>Commune</b>"
    assert c.resume()["Population"] == 12000
    assert "&lt;b&gt;Commune&lt;/b&gt;" in c._repr_html_()
    assert "Population : 12\u00a0000" in repr(c)


def test_verifier_dit_quand_une_table_manque(monkeypatch):
    vus = []
    monkeypatch.setattr(affichage, "_display", lambda objet, **k: vus.append(objet))
    c = contexte()
    assert c.verifier("achats") is False
    assert "Ces données ne contiennent pas de fichier de dépenses (achats)" in vus[0]["text/plain"]
    assert c.marches_ou_rien is None
    with pytest.raises(ErreurParametre, match="Table inconnue : « contrats »"):
        c.verifier("contrats")


def test_problemes_vides_et_profil():
    c = contexte()
    assert c.problemes().empty
    assert c.profil["nom"] == "Commune" and c.profil["type"] == "commune"
