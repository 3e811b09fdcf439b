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

import base64
import json
import os
import re
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
import websocket

from spaserlib.documents.execution import Moteur
from spaserlib.documents.rapport import produire_rapport
from tests import TESTS, outil


ICI = TESTS
NB = ICI / "notebooks"
COMMUNE = ICI / "donnees" / "rapport" / "commune"
OBJECTIFS = ICI / "donnees" / "rapport" / "objectifs.yaml"
# Les captures d'écran vont dans un dossier temporaire, ou dans SPASER_CAPTURES pour les regarder.
CAPTURES = Path(os.environ["SPASER_CAPTURES"]) if os.environ.get("SPASER_CAPTURES") else None


class Navigateur:
    """Un Chromium sans écran piloté par le protocole DevTools."""

    def __init__(self, chromium: str, profil: Path):
        self.processus = subprocess.Popen(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profil}", "--remote-debugging-port=0", "--window-size=1280,2000", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )
        adresse = None
        fin = time.monotonic() + 60
        while adresse is None and time.monotonic() < fin:
            ligne = self.processus.stderr.readline()
            trouve = re.search(r"DevTools listening on (ws://\S+)", ligne)
            if trouve:
                adresse = trouve.group(1)
            elif not ligne and self.processus.poll() is not None:
                break
        if adresse is None:
            self.fermer()
            pytest.fail("Chromium n'a pas ouvert son port DevTools.")
        hote = re.match(r"ws://([^/]+)/", adresse).group(1)
        requete = urllib.request.Request(f"http://{hote}/json/new?about:blank", method="PUT")
        with urllib.request.urlopen(requete, timeout=30) as reponse:
            page = json.load(reponse)
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60, suppress_origin=True)
        self.numero = 0
        self.evenements = []

    def envoyer(self, methode: str, **params) -> dict:
        self.numero += 1
        self.ws.send(json.dumps({"id": self.numero, "method": methode, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.numero:
                if "error" in message:
                    raise RuntimeError(f"{methode} : {message['error']}")
                return message.get("result", {})
            self.evenements.append(message)

    def attendre(self, methode: str, delai: float = 60) -> None:
        fin = time.monotonic() + delai
        while time.monotonic() < fin:
            if any(e.get("method") == methode for e in self.evenements):
                return
            self.evenements.append(json.loads(self.ws.recv()))
        pytest.fail(f"événement {methode} non reçu")

    def ouvrir(self, chemin: Path) -> dict:
        """Charge la page ; renvoie les erreurs relevées, l'état des images et la capture (PNG)."""
        self.evenements = []
        for domaine in ("Runtime.enable", "Log.enable", "Page.enable"):
            self.envoyer(domaine)
        self.envoyer("Emulation.setDeviceMetricsOverride", width=1280, height=2000, deviceScaleFactor=1, mobile=False)
        self.envoyer("Page.navigate", url=chemin.resolve().as_uri())
        self.attendre("Page.loadEventFired")
        time.sleep(0.5)  # messages tardifs éventuels
        images = self.envoyer(
            "Runtime.evaluate", returnByValue=True,
            expression="Array.from(document.images).map(i => ({src: i.src.slice(0, 22), ok: i.complete && i.naturalWidth > 0}))",
        )["result"]["value"]
        capture = base64.b64decode(self.envoyer("Page.captureScreenshot", format="png")["data"])
        self.ws.settimeout(0.5)
        try:
            while True:
                self.evenements.append(json.loads(self.ws.recv()))
        except websocket.WebSocketTimeoutException:
            pass
        self.ws.settimeout(60)
        return {"erreurs": erreurs_console(self.evenements), "images": images, "capture": capture}

    def fermer(self) -> None:
        if getattr(self, "ws", None):
            self.ws.close()
        self.processus.terminate()
        try:
            self.processus.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.processus.kill()


def erreurs_console(evenements: list[dict]) -> list[str]:
    erreurs = []
    for e in evenements:
        p = e.get("params", {})
        if e.get("method") == "Runtime.consoleAPICalled" and p.get("type") in ("error", "warning", "assert"):
            erreurs.append("console : " + " ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", [])))
        elif e.get("method") == "Runtime.exceptionThrown":
            erreurs.append("exception : " + p["exceptionDetails"].get("text", ""))
        elif e.get("method") == "Log.entryAdded" and p["entry"].get("level") in ("error", "warning"):
            erreurs.append(f"navigateur : {p['entry'].get('text')} {p['entry'].get('url', '')}")
    return erreurs


@pytest.fixture(scope="module")
def navigateur(tmp_path_factory):
    n = Navigateur(outil("chromium", "chromium-browser", paquet="chromium"), tmp_path_factory.mktemp("profil-chromium"))
    yield n
    n.fermer()


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
