"""La maison : les parties de spaserlib et le sens des imports, la taille des modules, la façade des notebooks."""

import ast
import json

import pytest

from tests import RACINE

PAQUET = RACINE / "spaserlib"
# Du socle vers les sorties : un module n'importe que de son étage ou d'un étage plus bas.
# documents et exercices sont deux parties du même étage, qui ne s'importent pas l'une l'autre.
ETAGES = {"commun": 0, "lecture": 1, "objectifs": 2, "analyse": 3, "documents": 4, "exercices": 4,
          "cours": 5, "commandes": 6, "cli": 7, "__main__": 8}


def partie(module: str) -> str:
    morceaux = module.split(".")
    return morceaux[1] if len(morceaux) > 1 else "__init__"


def modules():
    for chemin in sorted(PAQUET.rglob("*.py")):
        if "kit" in chemin.relative_to(PAQUET).parts:
            continue
        nom = ".".join(chemin.relative_to(RACINE).with_suffix("").parts)
        yield nom.removesuffix(".__init__"), chemin


def imports_du_kit(chemin):
    for noeud in ast.walk(ast.parse(chemin.read_text(encoding="utf-8"))):
        if isinstance(noeud, ast.ImportFrom) and noeud.module and noeud.module.startswith("spaserlib"):
            if noeud.module == "spaserlib":
                yield from (f"spaserlib.{a.name}" for a in noeud.names if a.name != "__version__")
            else:
                yield noeud.module
        elif isinstance(noeud, ast.Import):
            yield from (a.name for a in noeud.names if a.name.startswith("spaserlib"))


def test_les_parties_sont_les_dossiers_attendus():
    dossiers = sorted(p.name for p in PAQUET.iterdir() if (p / "__init__.py").exists())
    assert dossiers == sorted(["commun", "lecture", "objectifs", "analyse", "documents", "exercices", "cours", "commandes"])
    assert sorted(p.name for p in PAQUET.glob("*.py")) == ["__init__.py", "__main__.py", "cli.py"]


def test_les_imports_ne_vont_que_vers_le_bas():
    fautes = []
    for module, chemin in modules():
        source = partie(module)
        if source == "__init__":
            continue
        for importe in imports_du_kit(chemin):
            cible = partie(importe)
            if cible == source:
                continue
            if ETAGES[cible] > ETAGES[source] or (ETAGES[cible] == ETAGES[source]):
                fautes.append(f"{module} importe {importe}")
    assert fautes == []


def test_le_socle_n_importe_que_le_socle():
    for module, chemin in modules():
        if partie(module) == "commun":
            assert all(partie(i) == "commun" for i in imports_du_kit(chemin)), module


@pytest.mark.parametrize("module, chemin", list(modules()), ids=lambda v: str(v) if isinstance(v, str) else "")
def test_module_de_moins_de_500_lignes(module, chemin):
    assert len(chemin.read_text(encoding="utf-8").splitlines()) <= 500, module


def test_import_spaserlib_n_importe_rien():
    assert [i for i in imports_du_kit(PAQUET / "__init__.py")] == []


def notebooks():
    for dossier in ("notebooks", "exercises", "solutions"):
        yield from sorted((RACINE / dossier).glob("*.ipynb"))


@pytest.mark.parametrize("chemin", list(notebooks()), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_les_notebooks_n_importent_que_la_facade(chemin):
    code = "\n".join("".join(c["source"]) for c in json.loads(chemin.read_text(encoding="utf-8"))["cells"]
                     if c["cell_type"] == "code")
    modules_importes = set()
    for noeud in ast.walk(ast.parse(code)):
        if isinstance(noeud, ast.ImportFrom) and noeud.module and noeud.module.startswith("spaserlib"):
            modules_importes.add(noeud.module)
        elif isinstance(noeud, ast.Import):
            modules_importes |= {a.name for a in noeud.names if a.name.startswith("spaserlib")}
    assert modules_importes <= {"spaserlib.cours"}, f"{chemin.name} importe {sorted(modules_importes)}"


def test_la_facade_documente_chacun_de_ses_noms():
    import spaserlib.cours as cours

    for nom in cours.__all__:
        assert nom in cours.__doc__, f"{nom} n'est pas présenté dans la docstring de spaserlib.cours"
        assert hasattr(cours, nom)
