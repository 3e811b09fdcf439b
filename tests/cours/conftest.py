"""Réglages des tests de la façade des notebooks (spaserlib.cours)."""

import pytest

from spaserlib.cours import affichage


@pytest.fixture
def affiches(monkeypatch):
    """Capture ce que les fonctions de la façade affichent (au lieu de l'envoyer au notebook)."""
    liste = []
    monkeypatch.setattr(affichage, "_display", lambda objet, **kwargs: liste.append(objet))
    return liste
