"""Les dossiers du kit : dépôt cloné, variable SPASER_KIT, ou copie embarquée dans le paquet installé."""

import pytest

from spaserlib.commun import ressources
from spaserlib.commun.ressources import dossier_kit, fichier_reference, racine_kit
from tests import RACINE


def test_depuis_le_depot(monkeypatch):
    monkeypatch.delenv("SPASER_KIT", raising=False)
    assert racine_kit() == RACINE
    assert dossier_kit("notebooks") == RACINE / "notebooks"
    assert (dossier_kit("datasets") / "trois-rivieres" / "profil.yaml").is_file()


def test_variable_spaser_kit(monkeypatch, tmp_path):
    monkeypatch.setenv("SPASER_KIT", str(tmp_path))
    assert dossier_kit("solutions") == tmp_path / "solutions"


def test_paquet_installe_sans_depot(monkeypatch, tmp_path):
    # Hors du dépôt (pas de pyproject.toml à côté du paquet), la copie embarquée spaserlib/kit/ sert.
    faux = tmp_path / "site-packages" / "spaserlib" / "commun" / "ressources.py"
    faux.parent.mkdir(parents=True)
    monkeypatch.delenv("SPASER_KIT", raising=False)
    monkeypatch.setattr(ressources, "__file__", str(faux))
    assert racine_kit().name == "kit" and racine_kit().parent.name == "spaserlib"


def test_dossier_inconnu():
    with pytest.raises(ValueError, match="dossier du kit inconnu : 'sorties'"):
        dossier_kit("sorties")


def test_fichier_de_reference():
    assert fichier_reference("familles.csv").is_file()
