"""Le contexte des notebooks : chemin des données, année par défaut, résumé, garde-fous."""

from types import SimpleNamespace

import pandas as pd
import pytest

from spaserlib.cours import affichage
from spaserlib.cours.contexte import DOSSIER_NOTEBOOKS, Contexte, annee_par_defaut, resoudre_donnees
from spaserlib.commun.erreurs import ErreurFichier, ErreurParametre
from spaserlib.commun.tables import COLONNES_ACHATS, COLONNES_MARCHES


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


@pytest.fixture
def dossier_organisation(tmp_path):
    dossier = tmp_path / "commune-test"
    dossier.mkdir()
    (dossier / "profil.yaml").write_text("nom: Commune de Test\ntype: commune\npopulation: 12000\n", encoding="utf-8")
    (dossier / "achats.csv").write_text(
        "date;fournisseur;montant_ht\n15/01/2024;Alpha;1 000,00\n15/12/2024;Beta;500,00\n10/02/2025;Alpha;200,00\n",
        encoding="utf-8",
    )
    return dossier


def test_ouvrir_un_dossier_d_organisation(dossier_organisation):
    from spaserlib.cours.contexte import ouvrir

    c = ouvrir(dossier_organisation, interactif=False)
    assert (c.nom, c.annee, c.interactif, c.pseudonymise) == ("Commune de Test", 2024, False, False)
    assert len(c.achats) == 3 and c.marches.empty and c.marches_ou_rien is None
    assert c.table_lectures().iloc[0]["lignes lues"] == 3
    assert c.profil["type"] == "commune"


def test_ouvrir_un_fichier_seul_avec_nom_et_annee_donnes(dossier_organisation):
    from spaserlib.cours.contexte import ouvrir

    c = ouvrir(dossier_organisation / "achats.csv", collectivite="Ma commune", annee=2025, interactif=False)
    assert (c.nom, c.annee, c.source) == ("Ma commune", 2025, "achats.csv")


@pytest.mark.parametrize("parametres, message", [
    ({"annee": "2024"}, "Le paramètre annee vaut « '2024' » : indiquez une année civile"),
    ({"annee": True}, "Le paramètre annee vaut « True »"),
    ({"pseudonymiser": "oui"}, "Le paramètre pseudonymiser vaut « 'oui' » : indiquez True ou False."),
])
def test_ouvrir_refuse_les_parametres_invalides(dossier_organisation, parametres, message):
    from spaserlib.cours.contexte import ouvrir

    with pytest.raises(ErreurParametre, match=message):
        ouvrir(dossier_organisation, **parametres)


def test_ouvrir_pseudonymise_les_fournisseurs(dossier_organisation):
    from spaserlib.cours.contexte import ouvrir

    c = ouvrir(dossier_organisation, pseudonymiser=True, interactif=False)
    noms = set(c.achats["fournisseur"])
    assert not noms & {"Alpha", "Beta"} and len(noms) == 2
    assert all(n.startswith("Fournisseur ") for n in noms)
    assert c.resume()["Fournisseurs"] == "pseudonymisés"


# ---------------------------------------------------------------- la date de référence (issue 15)

def test_date_de_reference_du_contexte(tmp_path):
    from datetime import date

    from spaserlib.cours.contexte import ouvrir

    fichier = tmp_path / "achats.csv"
    fichier.write_text("date;fournisseur;montant_ht\n2024-06-01;A;100\n", encoding="utf-8")
    assert ouvrir(fichier, interactif=False).date_reference == date.today()
    contexte = ouvrir(fichier, interactif=False, date_reference="2025-06-01")
    assert contexte.date_reference == date(2025, 6, 1)
    assert contexte.resume()["Droit applicable lu au"] == "01/06/2025"
    with pytest.raises(ErreurParametre, match="Le paramètre date_reference vaut « 2025-06-31 » : date illisible"):
        ouvrir(fichier, interactif=False, date_reference="2025-06-31")
