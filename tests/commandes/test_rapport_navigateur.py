"""Le rapport rendu s'ouvre dans un vrai navigateur (Chromium sans écran) sans erreur, avec ses figures.

Méthode : Chromium est lancé sans écran avec `--remote-debugging-port` ; le test se connecte à la
page par le protocole DevTools (websocket) et active les domaines Runtime, Log et Page. Il relève
les messages console (`Runtime.consoleAPICalled` de niveau error/warning), les exceptions JavaScript
(`Runtime.exceptionThrown`) et les erreurs du navigateur, dont les ressources introuvables
(`Log.entryAdded` de niveau error). Après l'événement `load`, il évalue dans la page l'état des
images (chargées, largeur naturelle non nulle, source data:image/png) et fait une capture d'écran.
Analyser la sortie d'erreur de `chromium --enable-logging` ne suffit pas : elle ne donne ni le
niveau des messages ni les ressources en échec. Un test témoin vérifie que la méthode voit bien
une erreur console et une image manquante.

Sauté, avec un message, si Chromium n'est pas installé (`make outils` l'installe) ; en intégration
continue (SPASER_EXIGER_OUTILS=1), il échoue au lieu d'être sauté.
"""

import os
from pathlib import Path

import pytest

from spaserlib.documents.execution import Moteur
from spaserlib.documents.rapport import produire_rapport
from tests import TESTS


ICI = TESTS
NB = ICI / "notebooks"
COMMUNE = ICI / "donnees" / "rapport" / "commune"
OBJECTIFS = ICI / "donnees" / "rapport" / "objectifs.yaml"
# Les captures d'écran vont dans un dossier temporaire, ou dans SPASER_CAPTURES pour les regarder.
CAPTURES = Path(os.environ["SPASER_CAPTURES"]) if os.environ.get("SPASER_CAPTURES") else None


@pytest.fixture(scope="module")
def rapport(tmp_path_factory):
    with Moteur() as moteur:
        return produire_rapport(COMMUNE, tmp_path_factory.mktemp("nav") / "rapport", objectifs=OBJECTIFS, moteur=moteur,
                                notebooks=[NB / "01_reussit_figure.ipynb", NB / "05_nom_dangereux.ipynb"])


def enregistrer(capture: bytes, nom: str, dossier: Path) -> Path:
    dossier = CAPTURES or dossier
    dossier.mkdir(parents=True, exist_ok=True)
    chemin = dossier / nom
    chemin.write_bytes(capture)
    return chemin


def test_temoin_la_methode_voit_une_erreur_et_une_image_manquante(navigateur, tmp_path):
    page = tmp_path / "temoin.html"
    page.write_text('<!DOCTYPE html><html><body><script>console.error("erreur volontaire")</script>'
                    '<img src="absente.png" alt="x"></body></html>', encoding="utf-8")
    resultat = navigateur.ouvrir(page)
    assert any("erreur volontaire" in e for e in resultat["erreurs"])
    assert any("absente.png" in e for e in resultat["erreurs"])
    assert [image["ok"] for image in resultat["images"]] == [False]


def test_sommaire_sans_erreur_console(navigateur, rapport, tmp_path):
    resultat = navigateur.ouvrir(rapport / "index.html")
    assert resultat["erreurs"] == []
    assert enregistrer(resultat["capture"], "index.png", tmp_path).stat().st_size > 10_000


def test_page_de_module_sans_erreur_et_avec_sa_figure(navigateur, rapport, tmp_path):
    resultat = navigateur.ouvrir(rapport / "01_reussit_figure.html")
    assert resultat["erreurs"] == []
    assert resultat["images"] == [{"src": "data:image/png;base64,", "ok": True}]
    assert enregistrer(resultat["capture"], "module.png", tmp_path).stat().st_size > 10_000


def test_projet_de_spaser_sans_erreur(navigateur, rapport, tmp_path):
    resultat = navigateur.ouvrir(rapport / "projet-spaser.html")
    assert resultat["erreurs"] == []
    enregistrer(resultat["capture"], "projet-spaser.png", tmp_path)
