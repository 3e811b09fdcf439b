"""Le rapport d'une organisation : sommaire, pages, échappement, mise en place d'un bloc, commande."""

import json

import pandas as pd
import pytest

from spaserlib.cli import main
from spaserlib.commun.erreurs import ErreurFichier
from spaserlib.documents.execution import ErreurExecution, Moteur
from spaserlib.lecture.pseudonymisation import pseudonymiser
from spaserlib.documents.rapport import produire_rapport, remplacer_dossier
from tests import TESTS

ICI = TESTS
COMMUNE = ICI / "donnees" / "rapport" / "commune"
OBJECTIFS = ICI / "donnees" / "rapport" / "objectifs.yaml"
NB = ICI / "notebooks"
DANGEREUX = "<script>alert(1)</script>"
ECHAPPE = "&lt;script&gt;alert(1)&lt;/script&gt;"


@pytest.fixture(scope="module")
def moteur():
    with Moteur() as m:
        yield m


@pytest.fixture(scope="module")
def rapport(tmp_path_factory, moteur):
    sortie = tmp_path_factory.mktemp("r") / "commune"
    return produire_rapport(COMMUNE, sortie, objectifs=OBJECTIFS, moteur=moteur,
                            notebooks=[NB / "01_reussit_figure.ipynb", NB / "05_nom_dangereux.ipynb"])


def test_dossier_du_rapport(rapport):
    noms = sorted(p.name for p in rapport.iterdir())
    assert noms == ["01_reussit_figure.html", "05_nom_dangereux.html", "index.html",
                    "projet-spaser.docx", "projet-spaser.html", "rapport.json"]


def test_index_chiffres_cles_et_liens(rapport):
    index = (rapport / "index.html").read_text(encoding="utf-8")
    assert "Commune de Test-sur-Mer" in index  # nom du profil
    assert 'href="01_reussit_figure.html"' in index and 'href="05_nom_dangereux.html"' in index
    assert 'href="projet-spaser.docx"' in index
    achats = pd.read_csv(COMMUNE / "achats.csv", parse_dates=["date"])
    total_2024 = achats.loc[achats["date"].dt.year == 2024, "montant_ht"].sum()
    from spaserlib.commun.format_fr import euros_courts
    assert euros_courts(total_2024) in index  # année de référence = dernière année des données
    assert "1 sur 2" in index  # un contrat sur deux renseignés a une considération sociale (le 3e est inconnu)


def test_manifeste(rapport):
    manifeste = json.loads((rapport / "rapport.json").read_text(encoding="utf-8"))
    assert manifeste["annee"] == 2024 and manifeste["pseudonymise"] is False
    assert [p["notebook"] for p in manifeste["pages"]] == ["01_reussit_figure.ipynb", "05_nom_dangereux.ipynb"]


def test_nom_dangereux_echappe_dans_une_page_de_notebook(rapport):
    page = (rapport / "05_nom_dangereux.html").read_text(encoding="utf-8")
    assert DANGEREUX not in page
    assert page.count(ECHAPPE) >= 1  # la table pandas échappe (to_html escape=True par défaut)


def test_nom_dangereux_echappe_dans_l_index_et_le_projet(tmp_path, moteur):
    sortie = produire_rapport(COMMUNE, tmp_path / "r", collectivite=DANGEREUX, notebooks=[], moteur=moteur)
    for nom in ("index.html", "projet-spaser.html"):
        texte = (sortie / nom).read_text(encoding="utf-8")
        assert DANGEREUX not in texte, nom
        assert ECHAPPE in texte, nom


def test_echec_laisse_le_bon_rapport_intact(tmp_path, moteur):
    sortie = produire_rapport(COMMUNE, tmp_path / "r", notebooks=[NB / "01_reussit_figure.ipynb"], moteur=moteur)
    avant = {p.name: p.read_bytes() for p in sortie.iterdir()}
    with pytest.raises(ErreurExecution) as info:
        produire_rapport(COMMUNE, sortie, notebooks=[NB / "01_reussit_figure.ipynb", NB / "03_echoue.ipynb"], moteur=moteur)
    assert info.value.etape == "exécution de 03_echoue"
    assert {p.name: p.read_bytes() for p in sortie.iterdir()} == avant
    assert [p.name for p in tmp_path.iterdir()] == ["r"]  # aucun dossier temporaire laissé


def test_donnees_absentes_etape_lecture(tmp_path, moteur):
    with pytest.raises(ErreurFichier, match="introuvable") as info:
        produire_rapport(tmp_path / "absent", tmp_path / "r", notebooks=[], moteur=moteur)
    assert info.value.etape == "lecture des données"
    assert not (tmp_path / "r").exists()


def test_refuse_d_ecraser_un_dossier_qui_n_est_pas_un_rapport(tmp_path, moteur):
    (tmp_path / "r").mkdir()
    (tmp_path / "r" / "precieux.txt").write_text("à garder", encoding="utf-8")
    with pytest.raises(ErreurFichier, match="ne contient pas de rapport du kit : il ne sera pas remplacé"):
        produire_rapport(COMMUNE, tmp_path / "r", notebooks=[], moteur=moteur)
    assert (tmp_path / "r" / "precieux.txt").read_text(encoding="utf-8") == "à garder"


def test_pseudonymisation_dans_les_notebooks_avec_la_meme_cle(tmp_path, moteur):
    sortie = produire_rapport(COMMUNE, tmp_path / "r", pseudonymiser=True, cle_pseudonymisation="cle-test",
                              notebooks=[NB / "05_nom_dangereux.ipynb"], moteur=moteur)
    page = (sortie / "05_nom_dangereux.html").read_text(encoding="utf-8")
    attendus, _ = pseudonymiser(pd.read_csv(COMMUNE / "achats.csv"), None, cle="cle-test")
    assert "Papeterie Durand" not in page and ECHAPPE not in page
    for pseudonyme in attendus["fournisseur"].unique():
        assert pseudonyme in page
    assert "Rapport pseudonymisé" in (sortie / "index.html").read_text(encoding="utf-8")


def test_remplacer_dossier(tmp_path):
    ancien, nouveau = tmp_path / "final", tmp_path / "tmp"
    ancien.mkdir(), nouveau.mkdir()
    (ancien / "a").write_text("ancien"), (nouveau / "a").write_text("nouveau")
    remplacer_dossier(nouveau, ancien)
    assert (ancien / "a").read_text() == "nouveau" and not nouveau.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["final"]


def test_commande_rapport(tmp_path, capsys):
    code = main(["rapport", str(COMMUNE), "--sortie", str(tmp_path / "r"), "--notebooks", str(NB / "01_reussit_figure.ipynb"),
                 "--objectifs", str(OBJECTIFS), "--annee", "2023"])
    sortie = capsys.readouterr().out
    assert code == 0
    assert f"Rapport écrit dans {tmp_path / 'r'}" in sortie and "index.html" in sortie
    assert json.loads((tmp_path / "r" / "rapport.json").read_text(encoding="utf-8"))["annee"] == 2023


def test_commande_rapport_en_echec(tmp_path, capsys):
    code = main(["rapport", str(tmp_path / "absent"), "--sortie", str(tmp_path / "r"), "--notebooks"] + [str(NB / "01_reussit_figure.ipynb")])
    erreur = capsys.readouterr().err
    assert code == 1
    assert "Erreur (étape « lecture des données ») :" in erreur and "Aucun rapport existant n'a été modifié." in erreur


COURS_CARTOGRAPHIE = ICI.parent / "notebooks" / "02.03-Cartographie-Pareto-Kraljic.ipynb"


def test_nom_dangereux_echappe_dans_un_notebook_du_cours(tmp_path, moteur):
    # Le vrai notebook de cartographie affiche les fournisseurs en tableaux et en phrases.
    sortie = produire_rapport(COMMUNE, tmp_path / "r", notebooks=[COURS_CARTOGRAPHIE], moteur=moteur)
    page = (sortie / COURS_CARTOGRAPHIE.with_suffix(".html").name).read_text(encoding="utf-8")
    assert DANGEREUX not in page
    assert ECHAPPE in page
