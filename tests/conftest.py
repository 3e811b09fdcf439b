"""Réglages communs des tests : le cache des organisations va dans un dossier temporaire de la session.

Sans cela, les tests écriraient dans ~/.cache/spaser, et un test qui remplace une fonction de lecture
pourrait recevoir une organisation mise en cache par un autre. Les noyaux Jupyter lancés par les tests
héritent de la variable.
"""

import os

import pytest


@pytest.fixture(scope="session", autouse=True)
def cache_temporaire(tmp_path_factory):
    avant = os.environ.get("SPASER_CACHE")
    os.environ["SPASER_CACHE"] = str(tmp_path_factory.mktemp("cache-spaser"))
    yield
    if avant is None:
        os.environ.pop("SPASER_CACHE", None)
    else:
        os.environ["SPASER_CACHE"] = avant
