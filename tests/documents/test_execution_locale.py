"""Le moteur des rapports exécute les notebooks dans le processus même (`MoteurLocal`) : ce qu'il rend au
processus (dossier courant, environnement, flux, matplotlib), son délai de cellule, le choix du moteur, et
les mêmes sorties qu'un noyau Jupyter sur un notebook du cours."""

import json
import os
import sys
import time

import nbformat
import pytest

from spaserlib.commun.erreurs import ErreurExecution
from spaserlib.documents.execution import Moteur, nouveau_moteur, preparer_notebook
from spaserlib.documents.execution_locale import MoteurLocal, _Flux
from spaserlib.documents.rapport import parametres_notebook
from tests import RACINE, TESTS

NOTEBOOKS = TESTS / "notebooks"
PARAMETRES = {"donnees": str(NOTEBOOKS / "achats.csv"), "collectivite": "Ville d'essai", "annee": 2024,
              "interactif": False, "pseudonymiser": False}


def notebook(dossier, *sources) -> str:
    chemin = dossier / "essai.ipynb"
    cellules = [nbformat.v4.new_code_cell("collectivite = None", metadata={"tags": ["parameters"]})]
    cellules += [nbformat.v4.new_code_cell(source) for source in sources]
    nbformat.write(nbformat.v4.new_notebook(cells=cellules), chemin)
    return chemin


def sorties(nb, cellule=-1):
    return nb.cells[cellule].outputs


def test_le_dossier_courant_et_l_environnement_du_processus_sont_rendus(tmp_path):
    dossier, environnement = os.getcwd(), dict(os.environ)
    chemin = notebook(tmp_path, "import os\nprint(os.getcwd(), os.environ['SPASER_ESSAI'])")
    with MoteurLocal() as moteur:
        nb = moteur.executer(chemin, PARAMETRES, environnement={"SPASER_ESSAI": "posée"})
    assert sorties(nb) == [{"output_type": "stream", "name": "stdout", "text": f"{tmp_path} posée\n"}]
    assert os.getcwd() == dossier
    assert dict(os.environ) == environnement


def test_les_sorties_au_format_nbformat_dans_l_ordre_et_le_flux_d_un_autre_fil_laisse_au_processus(tmp_path, capsys):
    chemin = notebook(tmp_path, "import threading, sys\nprint('a'); print('b')\n"
                                "f = threading.Thread(target=lambda: print('autre fil')); f.start(); f.join()\n"
                                "sys.stderr.write('attention\\n')\ndisplay({'text/plain': 'affiché'}, raw=True)\n41 + 1")
    with MoteurLocal() as moteur:
        nb = moteur.executer(chemin, PARAMETRES)
    genres = [(s["output_type"], s.get("name"), s.get("text") or s["data"]["text/plain"]) for s in sorties(nb)]
    assert genres == [("stream", "stdout", "a\nb\n"), ("stream", "stderr", "attention\n"),
                      ("display_data", None, "affiché"), ("execute_result", None, "42")]
    assert "autre fil" in capsys.readouterr().out
    nbformat.validate(nb)


def test_un_avertissement_du_notebook_est_dans_ses_sorties_et_ses_filtres_durent(tmp_path):
    chemin = notebook(tmp_path, "import warnings\nwarnings.warn('attention aux données')",
                      "warnings.simplefilter('ignore')", "warnings.warn('tue')")
    with MoteurLocal() as moteur:
        nb = moteur.executer(chemin, PARAMETRES)
    assert [s["name"] for s in sorties(nb, 2)] == ["stderr"]
    assert "UserWarning: attention aux données" in sorties(nb, 2)[0]["text"]
    assert sorties(nb, 4) == []


def test_une_cellule_trop_longue_est_interrompue_meme_sous_un_except_exception(tmp_path):
    chemin = notebook(tmp_path, "import time\ntry:\n    time.sleep(30)\nexcept Exception:\n    pass")
    with MoteurLocal(delai_cellule=1) as moteur:
        with pytest.raises(ErreurExecution) as erreur:
            moteur.executer(chemin, PARAMETRES)
        assert erreur.value.nom == "Délai dépassé" and erreur.value.cellule == 2
        # le moteur sert encore, et l'alarme désarmée ne sonne plus après la cellule
        nb = moteur.executer(notebook(tmp_path, "print('fini')"), PARAMETRES)
        time.sleep(1.5)
    assert sorties(nb)[0]["text"] == "fini\n"


def test_une_erreur_donne_le_numero_de_cellule_du_notebook_d_origine(tmp_path):
    chemin = notebook(tmp_path, "x = 1", "{}['absente']")
    with MoteurLocal() as moteur:
        with pytest.raises(ErreurExecution) as erreur:
            moteur.executer(chemin, PARAMETRES)
    assert (erreur.value.cellule, erreur.value.nom, erreur.value.extrait) == (3, "KeyError", "{}['absente']")


def test_arreter_retire_le_shell_et_rend_le_moteur_matplotlib(tmp_path):
    import matplotlib
    from IPython.core.interactiveshell import InteractiveShell

    avant = matplotlib.get_backend()
    with MoteurLocal() as moteur:
        moteur.executer(notebook(tmp_path, "import matplotlib.pyplot as plt\nplt.plot([1, 2])"), PARAMETRES)
        assert InteractiveShell.initialized()
    assert not InteractiveShell.initialized()
    assert matplotlib.get_backend() == avant
    assert not isinstance(sys.stdout, _Flux) and not isinstance(sys.stderr, _Flux)


def test_avec_un_shell_ipython_deja_la_le_rapport_prend_un_noyau(tmp_path):
    with MoteurLocal() as local:
        local.demarrer()
        assert isinstance(nouveau_moteur(), Moteur)
    assert isinstance(nouveau_moteur(), MoteurLocal)


def test_memes_sorties_qu_un_noyau_jupyter_sur_un_notebook_du_cours():
    """La page d'un rapport ne dépend pas du moteur : sorties identiques, images comprises."""
    chemin = RACINE / "notebooks" / "02.02-Considerations-sociales-environnementales.ipynb"
    parametres = parametres_notebook(RACINE / "datasets" / "val-fleuri", "Val-Fleuri", None, False, "2026-12-01")
    rendus = []
    for classe in (MoteurLocal, Moteur):
        with classe() as moteur:
            nb = moteur.executer(chemin, parametres)
        rendus.append(json.dumps([[{k: v for k, v in s.items() if k != "execution_count"} for s in c.outputs]
                                  for c in nb.cells if c.cell_type == "code"], sort_keys=True))
    assert '"image/png"' in rendus[0] and '"text/html"' in rendus[0]
    assert rendus[0] == rendus[1]


def test_les_parametres_injectes_se_relisent_a_l_identique_comme_avec_papermill(tmp_path):
    chemin = notebook(tmp_path, "x = 1")
    parametres = {"donnees": "C:\\Users\\Zoé \"marchés\"\n.csv", "annee": 2025, "taux": 0.5, "interactif": False,
                  "cle": None, "listes": [1, "é"], "options": {"a": True}}
    nb = preparer_notebook(chemin, parametres)
    injectee = [c for c in nb.cells if "injected-parameters" in c.metadata.tags]
    assert len(injectee) == 1 and nb.cells.index(injectee[0]) == 1  # juste après la cellule `parameters`
    relus = {}
    exec(injectee[0].source, {}, relus)
    assert relus == parametres and nb.metadata.papermill["parameters"] == parametres
    # une valeur qui n'est pas un littéral Python passe par papermill, qui l'écrit en texte
    import datetime

    nb = preparer_notebook(chemin, {"jour": datetime.date(2026, 12, 2)})
    assert "jour = " in nb.cells[1].source and "2026-12-02" in nb.cells[1].source


def test_un_second_moteur_du_meme_processus_rend_encore_les_figures_en_image(tmp_path):
    chemin = notebook(tmp_path, "import matplotlib.pyplot as plt\nplt.plot([1, 2])\nplt.show()")
    for _ in range(2):
        with MoteurLocal() as moteur:
            nb = moteur.executer(chemin, PARAMETRES)
        assert any("image/png" in s.get("data", {}) for s in sorties(nb))
