"""Les moteurs d'exécution (dans le processus et à noyau chaud) : paramètres papermill, isolement, erreurs de
cellule, HTML hors ligne. Chaque test d'un moteur tourne sur les deux, qui doivent se comporter pareil."""

from html.parser import HTMLParser
from pathlib import Path

import pytest

from spaserlib.commun.identifiants import nom_sur
from spaserlib.commun.erreurs import ErreurFichier, ErreurSpaser
from spaserlib.documents.execution import ErreurExecution, executer_en_parallele, notebooks_de_rapport, titre_notebook
from tests import TESTS

NOTEBOOKS = TESTS / "notebooks"
ACHATS = NOTEBOOKS / "achats.csv"


@pytest.fixture(scope="module", params=["dans le processus", "noyau Jupyter"])
def moteur(request):
    """Les deux moteurs, l'un après l'autre : `MoteurLocal` (celui des rapports) et `Moteur` (noyau chaud)."""
    from spaserlib.documents.execution import Moteur
    from spaserlib.documents.execution_locale import MoteurLocal

    with (MoteurLocal() if request.param == "dans le processus" else Moteur()) as m:
        yield m


def parametres(**autres):
    base = {"donnees": str(ACHATS), "collectivite": "Ville d'essai", "annee": 2024, "interactif": False, "pseudonymiser": False}
    return {**base, **autres}


class Ressources(HTMLParser):
    """Relève les adresses des scripts, feuilles de style et images d'une page."""

    def __init__(self):
        super().__init__()
        self.scripts, self.liens, self.images = [], [], []

    def handle_starttag(self, balise, attributs):
        a = dict(attributs)
        if balise == "script" and a.get("src"):
            self.scripts.append(a["src"])
        if balise == "link" and a.get("href"):
            self.liens.append(a["href"])
        if balise == "img":
            self.images.append(a.get("src", ""))


def ressources(chemin: Path) -> Ressources:
    analyseur = Ressources()
    analyseur.feed(chemin.read_text(encoding="utf-8"))
    return analyseur


def test_notebook_avec_figure_rendu_sans_code_avec_png_integre(moteur, tmp_path):
    page = moteur.rendre(NOTEBOOKS / "01_reussit_figure.ipynb", parametres(), tmp_path)
    html = page.html.read_text(encoding="utf-8")
    assert page.html == tmp_path / "01_reussit_figure.html"
    assert page.titre == "Volumes d'achat"
    images = ressources(page.html).images
    assert len(images) == 1 and images[0].startswith("data:image/png;base64,")
    assert "plt.subplots" not in html  # le code n'est pas rendu
    assert "Ville d&#x27;essai — 2024 — interactif=False" in html or "Ville d'essai — 2024 — interactif=False" in html
    # une figure tracée sans le kit n'a pas de description : le texte de remplacement le dit, en français
    assert 'alt="Figure sans description"' in html and "No description" not in html and 'alt="Figure"' not in html
    assert '<html lang="fr">' in html


def test_aucune_ressource_chargee_depuis_le_reseau(moteur, tmp_path):
    page = moteur.rendre(NOTEBOOKS / "01_reussit_figure.ipynb", parametres(), tmp_path)
    trouve = ressources(page.html)
    assert trouve.scripts == []
    assert [lien for lien in trouve.liens if "http" in lien] == []
    assert "cdnjs" not in page.html.read_text(encoding="utf-8")


def test_cellule_en_echec_donne_une_erreur_du_kit_en_francais(moteur):
    with pytest.raises(ErreurExecution, match=r"03_echoue.ipynb, cellule n° 4 : KeyError : 'INCONNUE'") as info:
        moteur.executer(NOTEBOOKS / "03_echoue.ipynb", parametres())
    erreur = info.value
    assert isinstance(erreur, ErreurSpaser)
    assert (erreur.cellule, erreur.index, erreur.nom, erreur.message) == (4, 3, "KeyError", "'INCONNUE'")
    assert erreur.extrait == "familles = {'FOU': 1}"
    assert "Ouvrez le notebook dans JupyterLab" in str(erreur)


def test_le_moteur_reste_utilisable_apres_une_erreur(moteur, tmp_path):
    with pytest.raises(ErreurExecution):
        moteur.executer(NOTEBOOKS / "03_echoue.ipynb", parametres())
    assert moteur.rendre(NOTEBOOKS / "01_reussit_figure.ipynb", parametres(), tmp_path).html.exists()


def test_notebook_sans_cellule_parameters_recoit_ses_parametres_en_tete(moteur):
    nb = moteur.executer(NOTEBOOKS / "04_sans_parametres.ipynb", parametres(collectivite="Bourg"))
    assert "injected-parameters" in nb.cells[0].metadata.tags
    sorties = "".join(s.get("text", "") for c in nb.cells if c.cell_type == "code" for s in c.outputs)
    assert "collectivité reçue : Bourg" in sorties


def test_parametres_injectes_apres_la_cellule_parameters(moteur):
    nb = moteur.executer(NOTEBOOKS / "01_reussit_figure.ipynb", parametres())
    etiquettes = [c.metadata.get("tags", []) for c in nb.cells]
    assert etiquettes[1] == ["parameters"] and etiquettes[2] == ["injected-parameters"]
    assert "interactif = False" in nb.cells[2].source


def test_aucun_notebook_ne_voit_l_etat_du_precedent(moteur, tmp_path):
    moteur.rendre(NOTEBOOKS / "01_reussit_figure.ipynb", parametres(), tmp_path)
    nb = moteur.executer(NOTEBOOKS / "02_isolement.ipynb", parametres(), environnement={"SPASER_TEST_VARIABLE": "posée"})
    sortie = "".join(s.get("text", "") for s in nb.cells[-1].outputs)
    assert "dossier courant : notebooks" in sortie
    assert "clé : posée" in sortie


def test_notebooks_de_rapport_selon_les_metadonnees():
    assert [p.name for p in notebooks_de_rapport(NOTEBOOKS)] == [
        "01_reussit_figure.ipynb", "02_isolement.ipynb", "05_nom_dangereux.ipynb"]


def test_notebooks_de_rapport_dossier_absent(tmp_path):
    with pytest.raises(ErreurFichier, match="dossier de notebooks introuvable"):
        notebooks_de_rapport(tmp_path / "absent")


def test_notebook_illisible(moteur, tmp_path):
    faux = tmp_path / "faux.ipynb"
    faux.write_text("pas du json", encoding="utf-8")
    with pytest.raises(ErreurFichier, match="notebook illisible"):
        moteur.executer(faux, parametres())


def test_titre_sans_titre_markdown_vient_du_nom_de_fichier():
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1")])
    assert titre_notebook(nb, Path("02.03-Pareto-et-Kraljic.ipynb")) == "Pareto et Kraljic"


def test_reserve_de_processus_rend_chaque_tache():
    resultats = dict(executer_en_parallele(nom_sur, ["Équipe A", "B b", "C"], jobs=2))
    assert resultats == {"Équipe A": "equipe-a", "B b": "b-b", "C": "c"}


def test_reserve_sans_tache():
    assert list(executer_en_parallele(nom_sur, [], jobs=2)) == []


def test_une_tache_qui_leve_n_arrete_pas_les_autres():
    # nom_sur(None) lève TypeError dans le processus : le résultat est l'exception, les autres passent
    resultats = dict(executer_en_parallele(nom_sur, ["A", None, "B"], jobs=2))
    assert resultats["A"] == "a" and resultats["B"] == "b"
    assert isinstance(resultats[None], TypeError)


def test_page_de_rapport_sans_la_lecon_en_francais_avec_le_titre_et_le_texte_de_la_figure(moteur, tmp_path):
    """Les cellules étiquetées « lecon » et la cellule de paramètres ne sont pas dans la page ; le notebook les garde."""
    import nbformat

    page = moteur.rendre(NOTEBOOKS / "07_lecon.ipynb", parametres(), tmp_path)
    html = page.html.read_text(encoding="utf-8")
    assert '<html lang="fr">' in html
    assert '<h1 class="spaser-titre">Page de rapport sans la leçon</h1>' in html
    assert "Maj + Entrée" not in html and "démonstration de la leçon" not in html
    assert "interactif" not in html and "collectivite" not in html  # ni paramètres donnés, ni injectés
    assert "Ce que lit l" in html and "résultat pour le lecteur" in html
    assert 'alt="Dépense par année : 2 M€ en 2025, le double de 2024."' in html
    source = nbformat.read(NOTEBOOKS / "07_lecon.ipynb", as_version=4)
    assert sum("lecon" in c.metadata.get("tags", []) for c in source.cells) == 2  # le notebook garde la leçon
