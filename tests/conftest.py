"""Réglages communs des tests : le cache des organisations va dans un dossier temporaire de la session.

Le navigateur Chromium sans écran (`navigateur`) est partagé par les tests qui regardent une page, et un
moteur d'exécution des notebooks (`moteur`, celui des rapports) par les tests qui produisent des rapports :
un par module de test.

Sans cela, les tests écriraient dans ~/.cache/spaser, et un test qui remplace une fonction de lecture
pourrait recevoir une organisation mise en cache par un autre. Les noyaux Jupyter lancés par les tests
héritent de la variable.
"""

import os

import pytest

from tests import outil
from tests.navigateur import Navigateur


@pytest.fixture(scope="session", autouse=True)
def cache_temporaire(tmp_path_factory):
    avant = os.environ.get("SPASER_CACHE")
    os.environ["SPASER_CACHE"] = str(tmp_path_factory.mktemp("cache-spaser"))
    yield
    if avant is None:
        os.environ.pop("SPASER_CACHE", None)
    else:
        os.environ["SPASER_CACHE"] = avant


@pytest.fixture(scope="module")
def navigateur(tmp_path_factory):
    """Un Chromium sans écran, piloté par DevTools (`tests/navigateur.py`), fermé à la fin du module."""
    n = Navigateur(outil("chromium", "chromium-browser", paquet="chromium"), tmp_path_factory.mktemp("profil-chromium"))
    yield n
    n.fermer()


@pytest.fixture(scope="module")
def moteur():
    """Le moteur des rapports (`execution.nouveau_moteur` : dans le processus, sans noyau) partagé par les
    tests d'un module, arrêté à la fin du module."""
    from spaserlib.documents.execution import nouveau_moteur

    with nouveau_moteur() as m:
        yield m
