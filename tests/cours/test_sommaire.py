"""Le sommaire généré des notebooks."""

import json
from pathlib import Path

import nbformat
import pytest

from spaserlib.cli import main
from spaserlib.commun.erreurs import ErreurFichier
from spaserlib.cours.sommaire import (
    NOM_SOMMAIRE,
    ecrire_sommaire,
    generer_sommaire,
    notebooks_du_cours,
    sommaire_a_jour,
    titre_notebook,
)


def notebook(dossier: Path, nom: str, titre: str | None) -> Path:
    cellules = [nbformat.v4.new_markdown_cell(f"# {titre}\n\nTexte." if titre else "Pas de titre.")]
    nb = nbformat.v4.new_notebook(cells=cellules)
    chemin = dossier / nom
    nbformat.write(nb, chemin)
    return chemin


@pytest.fixture
def dossier(tmp_path):
    notebook(tmp_path, "02.01-Deux.ipynb", "02.01 — Le cadre juridique")
    notebook(tmp_path, "01.02-Un-bis.ipynb", "01.02 — La fonction achats")
    notebook(tmp_path, "01.01-Un.ipynb", "Le profil d'achats")
    notebook(tmp_path, "brouillon.ipynb", "Brouillon")  # nom non numéroté : ignoré
    return tmp_path


def test_titre_sans_numero(dossier):
    assert titre_notebook(dossier / "02.01-Deux.ipynb") == "Le cadre juridique"
    assert titre_notebook(dossier / "01.01-Un.ipynb") == "Le profil d'achats"


def test_titre_absent(tmp_path):
    chemin = notebook(tmp_path, "01.01-X.ipynb", None)
    with pytest.raises(ErreurFichier, match="pas de titre : la première cellule markdown doit commencer"):
        titre_notebook(chemin)


def test_notebooks_tries_par_numero_sans_le_sommaire_ni_les_autres(dossier):
    ecrire_sommaire(dossier)
    assert [p.name for p in notebooks_du_cours(dossier)] == ["01.01-Un.ipynb", "01.02-Un-bis.ipynb", "02.01-Deux.ipynb"]


def test_dossier_introuvable(tmp_path):
    with pytest.raises(ErreurFichier, match="dossier introuvable"):
        notebooks_du_cours(tmp_path / "absent")


def test_sommaire_groupe_par_module_avec_liens(dossier):
    nb = generer_sommaire(dossier)
    sources = [c.source for c in nb.cells]
    assert sources[1] == (
        "## Module 1 — La fonction achats publics\n\n"
        "- [01.01 — Le profil d'achats](01.01-Un.ipynb)\n"
        "- [01.02 — La fonction achats](01.02-Un-bis.ipynb)"
    )
    assert sources[2].startswith("## Module 2 — La politique achats responsables\n\n- [02.01 — Le cadre juridique](02.01-Deux.ipynb)")
    assert [c.id for c in nb.cells] == ["sommaire-introduction", "sommaire-module-01", "sommaire-module-02", "sommaire-conclusion"]


def test_regenerer_ne_change_rien_et_la_verification_voit_les_changements(dossier):
    chemin = ecrire_sommaire(dossier)
    premier = chemin.read_bytes()
    ecrire_sommaire(dossier)
    assert chemin.read_bytes() == premier
    assert sommaire_a_jour(dossier)
    notebook(dossier, "03.01-Trois.ipynb", "Rédiger")
    assert not sommaire_a_jour(dossier)
    assert not list(dossier.glob(".sommaire-*"))  # pas de fichier temporaire laissé


def test_commande_sommaire(dossier, capsys):
    assert main(["sommaire", str(dossier), "--verifier"]) == 1
    assert "n'est pas à jour" in capsys.readouterr().out
    assert main(["sommaire", str(dossier)]) == 0
    assert json.loads((dossier / NOM_SOMMAIRE).read_text(encoding="utf-8"))["cells"]
    assert main(["sommaire", str(dossier), "--verifier"]) == 0
