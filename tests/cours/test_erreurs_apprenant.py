"""Une erreur causée par l'apprenant : une phrase française, jamais de trace Python (issue 17, point 4)."""

import nbformat
import pytest
from nbclient import NotebookClient

from spaserlib.commun.erreurs import ErreurParametre
from spaserlib.cours.erreurs_apprenant import message_pour_l_apprenant
from tests import RACINE

TROIS_RIVIERES = RACINE / "datasets" / "trois-rivieres"


def test_message_des_erreurs_du_kit_et_des_fichiers():
    assert message_pour_l_apprenant(ErreurParametre("Famille « F-XXX » inconnue.")) == "Famille « F-XXX » inconnue."
    introuvable = message_pour_l_apprenant(FileNotFoundError(2, "No such file", "C:/Users/marie/mandats.xlsx"))
    assert introuvable.startswith("Fichier ou dossier introuvable : « C:/Users/marie/mandats.xlsx ».")
    assert "cellule des paramètres" in introuvable
    assert "est un dossier" in message_pour_l_apprenant(IsADirectoryError(21, "Is a directory", "/tmp"))
    assert "ouvert dans Excel" in message_pour_l_apprenant(PermissionError(13, "Permission denied", "a.xlsx"))


@pytest.mark.parametrize("texte, attendu", [
    ("ouvrir() missing 1 required positional argument: 'donnees'", "Appel de « ouvrir » mal formé : il manque « donnees »."),
    ("ouvrir() got an unexpected keyword argument 'anne'",
     "Appel de « ouvrir » mal formé : « anne » n'est pas un de ses paramètres."),
    ("vue_pareto() takes 1 positional argument but 2 were given",
     "Appel de « vue_pareto » mal formé : il reçoit trop de valeurs sans nom."),
])
def test_un_appel_mal_forme_dit_ce_qui_manque(texte, attendu):
    assert message_pour_l_apprenant(TypeError(texte)).startswith(attendu)


@pytest.mark.parametrize("erreur", [TypeError("unsupported operand type(s) for +: 'int' and 'str'"),
                                    KeyError("famille"), ZeroDivisionError("division by zero")])
def test_un_vrai_defaut_garde_sa_trace(erreur):
    assert message_pour_l_apprenant(erreur) is None


CELLULES = {
    "chemin": 'from spaserlib.cours import ouvrir\nouvrir("C:/Users/marie/introuvable/mandats.xlsx")',
    "vide": 'import pathlib\npathlib.Path("vide.csv").write_text("")\nouvrir("vide.csv")',
    "code": (f'from spaserlib.cours import ExerciceKraljic, charger_organisation, corrige_kraljic\n'
             f'corrige = corrige_kraljic(charger_organisation(r"{TROIS_RIVIERES}").achats)\n'
             f'familles = {{code: reference["libelle"] for code, reference in corrige.items()}}\n'
             f'exercice = ExerciceKraljic(familles, corrige, ".", participant="Marie")\n'
             f'exercice.remplir({{"F-XXX": ("simples", "petit montant")}})'),
    "appel": "ouvrir()",
    "type": "ouvrir(2025)",
    "defaut": "1 + 'a'",
}


@pytest.fixture(scope="module")
def sorties(tmp_path_factory):
    """Un notebook qui commet chaque erreur d'apprenant, exécuté dans un vrai noyau, erreurs permises."""
    dossier = tmp_path_factory.mktemp("apprenant")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source, id=cle) for cle, source in CELLULES.items()]
    NotebookClient(nb, kernel_name="python3", allow_errors=True, timeout=300, resources={"metadata": {"path": str(dossier)}}).execute()
    return {c.id: c.outputs for c in nb.cells}


def _texte(sorties) -> str:
    morceaux = []
    for s in sorties:
        morceaux += [s.get("text", ""), s.get("ename", ""), s.get("evalue", ""), "\n".join(s.get("traceback", []))]
        morceaux += [str(v) for v in s.get("data", {}).values()]
    return "\n".join(morceaux)


@pytest.mark.parametrize("cle, phrase", [
    ("chemin", "C:/Users/marie/introuvable/mandats.xlsx : dossier ou fichier introuvable. Vérifiez le chemin"),
    ("vide", "vide.csv"),
    ("code", "Famille « F-XXX » absente de l'exercice"),
    ("appel", "Appel de « ouvrir » mal formé : il manque « donnees »"),
    ("type", "Le chemin des données doit être un texte entre guillemets, pas int (2025)"),
])
def test_une_phrase_francaise_et_aucune_trace(sorties, cle, phrase):
    texte = _texte(sorties[cle])
    assert phrase in texte, texte
    assert "Traceback" not in texte and "File \"" not in texte and "---------" not in texte, texte


def test_un_vrai_defaut_montre_sa_trace_dans_le_notebook(sorties):
    texte = _texte(sorties["defaut"])
    assert "TypeError" in texte and "unsupported operand" in texte
