"""« Où vous situez-vous parmi vos pairs ? » : la vue du cours et les notebooks 02.02 et 03.01, avec et sans
fichier national (le flux AIFE 2019 réel, `tests/donnees/decp/pairs/`)."""

import json
import os
from types import SimpleNamespace

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from spaserlib.cours import vue_pairs  # noqa: E402
from spaserlib.documents.page_comparaison import OBTENIR_FICHIER  # noqa: E402
from tests import RACINE  # noqa: E402
from tests.analyse.test_comparaison import AIFE, SOTTEVILLE  # noqa: E402

NOTEBOOKS = RACINE / "notebooks"
PAIRS_NOTEBOOKS = ["02.02-Considerations-sociales-environnementales.ipynb", "03.01-Prerequis-SPASER.ipynb"]


def contexte(siret=None):
    return SimpleNamespace(profil={"nom": "Commune", "siret": siret} if siret else {"nom": "Commune"},
                           marches=pd.DataFrame({"acheteur_id": []}))


def test_sans_fichier_une_phrase_et_rien_d_autre(affiches):
    vue_pairs(None, contexte(SOTTEVILLE))
    assert [a["text/plain"] for a in affiches] == [OBTENIR_FICHIER]
    assert "decp.info" in OBTENIR_FICHIER and "data.gouv.fr" in OBTENIR_FICHIER


def test_avec_le_fichier_tableau_et_figure(affiches):
    vue_pairs(str(AIFE), contexte(SOTTEVILLE), periode="toutes")
    textes = [a["text/plain"] for a in affiches]
    assert textes[0].startswith("Vos pairs, toutes années confondues : ")
    (table,) = [t for t in textes if t.startswith("Indicateurs toutes années confondues")]
    assert "Médiane des pairs" in table and "Centile de l'organisation" in table
    figure = affiches[-1]
    assert "image/png" in figure and figure["text/plain"].startswith("Comparaison de Mairie de Sotteville")


def test_fichier_casse_ou_siret_inconnu_une_phrase_sans_erreur(affiches, tmp_path):
    casse = tmp_path / "casse.json"
    casse.write_text('{"marches": [', encoding="utf-8")
    vue_pairs(casse, contexte(SOTTEVILLE))
    vue_pairs(AIFE, contexte())
    assert len(affiches) == 2
    assert affiches[0]["text/plain"].startswith("La comparaison avec les pairs n'a pas pu être faite : ")
    assert "illisible comme fichier DECP" in affiches[0]["text/plain"]
    assert "le SIRET de l'organisation est inconnu" in affiches[1]["text/plain"]


@pytest.mark.parametrize("avec_fichier", [True, False], ids=["avec-fichier", "sans-fichier"])
@pytest.mark.parametrize("nom", PAIRS_NOTEBOOKS)
def test_notebook_execute_avec_et_sans_fichier(nom, avec_fichier, tmp_path, monkeypatch):
    import papermill

    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(RACINE), os.environ.get("PYTHONPATH")])))
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    parametres = {"donnees": str(RACINE / "datasets" / "val-fleuri"), "interactif": False}
    if avec_fichier:
        parametres |= {"fichier_pairs": str(AIFE), "acheteur_pairs": SOTTEVILLE}
    sortie = tmp_path / nom
    papermill.execute_notebook(str(NOTEBOOKS / nom), str(sortie), parameters=parametres, kernel_name="python3",
                               cwd=str(NOTEBOOKS), progress_bar=False, execution_timeout=300)
    cellules = json.loads(sortie.read_text(encoding="utf-8"))["cells"]
    (cellule,) = [c for c in cellules if c.get("id") == "pairs-vue"]
    assert "lecon" in cellule["metadata"]["tags"]  # le rapport a sa propre page ; la leçon garde la section
    textes = ["".join(o["data"]["text/plain"]) for o in cellule["outputs"]]
    assert all(o["output_type"] == "display_data" for o in cellule["outputs"])
    if avec_fichier:
        assert any(t.startswith("Indicateurs en 2019") and "Médiane des pairs" in t for t in textes)
        images = [o for o in cellule["outputs"] if "image/png" in o["data"]]
        assert len(images) == 1 and "Mairie de Sotteville" in textes[-1]
    else:
        assert textes == [OBTENIR_FICHIER]


def test_un_chemin_colle_depuis_windows_entre_guillemets_se_lit(affiches):
    # « Copier en tant que chemin » de Windows : guillemets autour, barres obliques inverses
    vue_pairs(f'"{str(AIFE).replace("/", chr(92))}"', contexte(SOTTEVILLE), periode="toutes")
    assert affiches[0]["text/plain"].startswith("Vos pairs, toutes années confondues : ")
