"""nbformat importé sans la grammaire RFC 3987 de jsonschema, qui reste importable pour qui la demande."""

import subprocess
import sys

from tests import RACINE


def executer(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], cwd=RACINE, capture_output=True, text=True, check=True).stdout


def test_lire_un_notebook_n_importe_pas_la_grammaire_et_elle_reste_disponible():
    sortie = executer(
        "import sys\n"
        "import spaserlib.documents.execution as e\n"
        "nb = e.nbformat.v4.new_notebook()\n"
        "e.nbformat.validate(nb)\n"
        "print('grammaire chargée' if 'rfc3987_syntax' in sys.modules else 'sans grammaire')\n"
        "import rfc3987_syntax\n"
        "print(rfc3987_syntax.is_valid_syntax('iri', 'https://exemple.fr/é'))\n")
    assert sortie.split() == ["sans", "grammaire", "True"]


def test_sans_effet_quand_jsonschema_est_deja_importe():
    sortie = executer("import jsonschema, sys\nfrom spaserlib.commun.imports import nbformat_rapide\n"
                      "print(nbformat_rapide().__name__, 'rfc3987_syntax' in sys.modules)")
    assert sortie.split() == ["nbformat", "True"]
