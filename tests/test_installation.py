"""L'installation pip (pyproject.toml) et l'installation conda (environment.yml) listent les mêmes paquets."""

import re
import tomllib

import yaml
from tests import RACINE



def _nom(exigence: str) -> str:
    return re.split(r"[<>=!~\[ ;]", exigence.strip(), maxsplit=1)[0].lower().replace("_", "-")


def paquets_pip() -> set[str]:
    projet = tomllib.loads((RACINE / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    exigences = projet["dependencies"] + [e for groupe in projet["optional-dependencies"].values() for e in groupe]
    return {_nom(e) for e in exigences}


def paquets_conda() -> set[str]:
    env = yaml.safe_load((RACINE / "environment.yml").read_text(encoding="utf-8"))
    noms = {_nom(d) for d in env["dependencies"] if isinstance(d, str)}
    return noms - {"python", "pip"}


def test_environment_yml_liste_les_memes_paquets_que_pyproject():
    pip, conda = paquets_pip(), paquets_conda()
    assert pip == conda, f"seulement pip : {sorted(pip - conda)} ; seulement conda : {sorted(conda - pip)}"


def test_ipykernel_fait_partie_des_deux_installations():
    assert "ipykernel" in paquets_pip() and "ipykernel" in paquets_conda()


def test_les_contraintes_de_version_sont_identiques():
    projet = tomllib.loads((RACINE / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pip = {_nom(e): e.replace(" ", "") for e in projet["dependencies"]}
    env = yaml.safe_load((RACINE / "environment.yml").read_text(encoding="utf-8"))
    conda = {_nom(d): d.replace(" ", "") for d in env["dependencies"] if isinstance(d, str)}
    for nom, exigence in pip.items():
        assert conda[nom] == exigence, f"{nom} : pip « {exigence} », conda « {conda[nom]} »"
