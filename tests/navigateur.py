"""Un Chromium sans écran piloté par le protocole DevTools (websocket), pour les tests qui regardent une
page comme la verrait une personne : le rapport rendu, JupyterLab, les exercices servis par Voilà.

Chromium est lancé avec `--remote-debugging-port` ; le test se connecte à la page et active les
domaines Runtime, Log et Page, relève les messages console, les exceptions JavaScript et les erreurs
du navigateur (ressources introuvables), évalue du JavaScript dans la page et fait des captures.
"""

import base64
import json
import re
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
import websocket


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

    def aller(self, url: str) -> None:
        """Charge une adresse (http://…) sans attendre la fin du chargement."""
        for domaine in ("Runtime.enable", "Log.enable", "Page.enable"):
            self.envoyer(domaine)
        self.envoyer("Emulation.setDeviceMetricsOverride", width=1280, height=900, deviceScaleFactor=1, mobile=False)
        self.envoyer("Page.navigate", url=url)

    def evaluer(self, expression: str):
        """La valeur d'une expression JavaScript évaluée dans la page."""
        return self.envoyer("Runtime.evaluate", returnByValue=True, expression=expression)["result"].get("value")

    def attendre_que(self, expression: str, delai: float = 90):
        """Attend qu'une expression JavaScript soit vraie (et la rend), ou fait échouer le test."""
        fin = time.monotonic() + delai
        while time.monotonic() < fin:
            valeur = self.evaluer(expression)
            if valeur:
                return valeur
            time.sleep(0.5)
        pytest.fail(f"la page n'a jamais vérifié : {expression}")

    def capture(self) -> bytes:
        return base64.b64decode(self.envoyer("Page.captureScreenshot", format="png")["data"])

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


