import nbformat
import pytest

from spaserlib.commun.erreurs import ErreurSpaser
from spaserlib.exercices.generation import ID_BANDEAU, generer_exercices, version_apprenant


def _notebook():
    nb = nbformat.v4.new_notebook()
    intro = nbformat.v4.new_markdown_cell("# Exercice")
    intro.id = "intro"
    squelette = nbformat.v4.new_code_cell("reponse = None  # à compléter\n# solution\nreponse = 'leviers'")
    squelette.id = "squelette"
    squelette.outputs = [nbformat.v4.new_output("stream", text="x")]
    squelette.execution_count = 3
    corrige = nbformat.v4.new_markdown_cell("Corrigé : les fournitures informatiques sont des achats leviers.")
    corrige.id = "corrige"
    corrige.metadata["tags"] = ["solution"]
    nb.cells = [intro, squelette, corrige]
    return nb


def test_version_apprenant_retire_solutions_et_coupe_apres_le_marqueur():
    nb = version_apprenant(_notebook())
    assert [c.id for c in nb.cells] == [ID_BANDEAU, "intro", "squelette"]
    code = nb.cells[2]
    assert code.source == "reponse = None  # à compléter"
    assert code.outputs == [] and code.execution_count is None


def test_version_apprenant_ne_modifie_pas_l_original():
    original = _notebook()
    version_apprenant(original)
    assert len(original.cells) == 3 and "# solution" in original.cells[1].source


def test_generer_puis_regenerer_ne_change_rien(tmp_path):
    solutions, exercices = tmp_path / "solutions", tmp_path / "exercises"
    solutions.mkdir()
    nbformat.write(_notebook(), solutions / "04.01-Kraljic.ipynb")
    assert generer_exercices(solutions, exercices) == ["04.01-Kraljic.ipynb"]
    texte = (exercices / "04.01-Kraljic.ipynb").read_text(encoding="utf-8")
    assert generer_exercices(solutions, exercices) == []
    assert (exercices / "04.01-Kraljic.ipynb").read_text(encoding="utf-8") == texte


def test_verification_sans_ecriture_detecte_la_derive_et_les_orphelins(tmp_path):
    solutions, exercices = tmp_path / "solutions", tmp_path / "exercises"
    solutions.mkdir()
    nbformat.write(_notebook(), solutions / "a.ipynb")
    generer_exercices(solutions, exercices)
    (exercices / "orphelin.ipynb").write_text("{}", encoding="utf-8")
    nb = _notebook()
    nb.cells[0].source = "# Exercice modifié"
    nbformat.write(nb, solutions / "a.ipynb")
    assert generer_exercices(solutions, exercices, ecrire=False) == ["a.ipynb", "orphelin.ipynb"]
    assert (exercices / "orphelin.ipynb").exists()


def test_sans_solutions_erreur_claire(tmp_path):
    with pytest.raises(ErreurSpaser, match="aucun notebook formateur"):
        generer_exercices(tmp_path, tmp_path / "x")
