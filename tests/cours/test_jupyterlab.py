"""JupyterLab comme l'ouvre `make lab` : menus en français, pas de fenêtre d'actualités, notebooks ouverts sans
marque de modification. Un vrai JupyterLab est lancé sans navigateur, puis regardé dans Chromium sans écran ;
ses réglages personnels vont dans un dossier temporaire (rien n'est écrit dans le dossier de l'utilisateur)."""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from spaserlib.commun.ressources import fichier_reference
from tests import RACINE

REGLAGES_KIT = fichier_reference("jupyterlab/overrides.json")
REGLAGES_INSTALLES = Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
JETON = "jeton-du-test"
MENUS = "Array.from(document.querySelectorAll('.lm-MenuBar-itemLabel')).map(e => e.textContent)"


def test_les_reglages_du_kit_sont_installes_dans_l_environnement():
    assert REGLAGES_INSTALLES.is_file(), "réglages JupyterLab du kit absents : lancez make installer"
    assert json.loads(REGLAGES_INSTALLES.read_text(encoding="utf-8")) == json.loads(REGLAGES_KIT.read_text(encoding="utf-8"))
    reglages = json.loads(REGLAGES_KIT.read_text(encoding="utf-8"))
    assert reglages["@jupyterlab/translation-extension:plugin"]["locale"] == "fr_FR"
    assert reglages["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"


SERVEUR_KIT = fichier_reference("jupyterlab/jupyter_server_config.json")
SERVEUR_INSTALLE = Path(sys.prefix) / "etc" / "jupyter" / "jupyter_server_config.json"


def test_la_configuration_du_serveur_du_kit_est_installee_dans_l_environnement():
    assert SERVEUR_INSTALLE.is_file(), "configuration du serveur Jupyter du kit absente : lancez make installer"
    assert json.loads(SERVEUR_INSTALLE.read_text(encoding="utf-8")) == json.loads(SERVEUR_KIT.read_text(encoding="utf-8"))


def test_le_notebook_servi_porte_les_metadonnees_du_noyau_sans_toucher_au_fichier(jupyterlab):
    adresse, racine = jupyterlab
    nom = "01.01-Profil-achats.ipynb"
    avant = (racine / "notebooks" / nom).read_bytes()
    with urllib.request.urlopen(f"{adresse}/api/contents/{nom}?token={JETON}", timeout=10) as reponse:
        metadonnees = json.load(reponse)["content"]["metadata"]
    assert metadonnees["language_info"]["version"] == ".".join(map(str, sys.version_info[:3]))
    assert metadonnees["kernelspec"]["name"] == "python3"
    assert metadonnees["spaser"] == {"rapport": True}, "les métadonnées du kit sont gardées"
    assert (racine / "notebooks" / nom).read_bytes() == avant


def _port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def jupyterlab(tmp_path_factory):
    racine = tmp_path_factory.mktemp("lab")
    shutil.copytree(RACINE / "notebooks", racine / "notebooks")
    shutil.copytree(RACINE / "datasets", racine / "datasets")
    port = _port_libre()
    env = {**os.environ, "JUPYTERLAB_SETTINGS_DIR": str(racine / "reglages"), "JUPYTER_CONFIG_DIR": str(racine / "config"),
           "JUPYTERLAB_WORKSPACES_DIR": str(racine / "espaces"), "JUPYTER_RUNTIME_DIR": str(racine / "execution")}
    processus = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", f"--port={port}", "--ServerApp.ip=127.0.0.1",
         f"--IdentityProvider.token={JETON}", f"--ServerApp.root_dir={racine / 'notebooks'}"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    adresse = f"http://127.0.0.1:{port}"
    fin = time.monotonic() + 90
    while time.monotonic() < fin:
        try:
            urllib.request.urlopen(f"{adresse}/api/status?token={JETON}", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    else:
        processus.terminate()
        pytest.fail("JupyterLab n'a pas démarré en 90 secondes")
    yield adresse, racine
    processus.terminate()
    try:
        processus.wait(timeout=20)
    except subprocess.TimeoutExpired:
        processus.kill()



def _ouvrir(navigateur, jupyterlab, nom):
    adresse, racine = jupyterlab
    navigateur.aller(f"{adresse}/lab/workspaces/cours{nom[:5].replace('.', '')}/tree/{nom}?token={JETON}&reset")
    navigateur.attendre_que("document.querySelector('.jp-Notebook .jp-Cell') !== null")
    time.sleep(5)  # le noyau démarre, une éventuelle notification arrive


def test_menus_en_francais_et_pas_de_fenetre_d_actualites(jupyterlab, navigateur, tmp_path):
    _ouvrir(navigateur, jupyterlab, "02.03-Cartographie-Pareto-Kraljic.ipynb")
    menus = navigateur.evaluer(MENUS)
    assert menus[:5] == ["Fichier", "Édition", "Affichage", "Exécution", "Noyau"], menus
    (tmp_path / "jupyterlab.png").write_bytes(navigateur.capture())
    texte = navigateur.evaluer("document.body.innerText")
    assert "official Jupyter news" not in texte and "actualités officielles" not in texte
    assert navigateur.evaluer("document.querySelectorAll('.Toastify__toast').length") == 0, texte[-500:]
    ouvert = jupyterlab[1] / "notebooks" / "02.03-Cartographie-Pareto-Kraljic.ipynb"
    assert ouvert.read_bytes() == (RACINE / "notebooks" / ouvert.name).read_bytes(), "ouvrir un notebook ne doit pas l'enregistrer"


def test_un_notebook_s_ouvre_sans_marque_de_modification(jupyterlab, navigateur):
    _ouvrir(navigateur, jupyterlab, "01.01-Profil-achats.ipynb")
    assert navigateur.evaluer("document.querySelectorAll('.jp-mod-dirty').length") == 0


def test_les_consignes_nomment_les_menus_francais_de_jupyterlab():
    # Les libellés du paquet de langue : « Run » -> « Exécution », « Run All Cells » -> « Exécuter toutes les cellules ».
    import glob

    textes = "".join(Path(p).read_text(encoding="utf-8") for d in ("notebooks", "exercises", "solutions")
                     for p in glob.glob(str(RACINE / d / "*.ipynb")))
    for anglais in ("Run All", "Run ›", "menu *Exécuter*", "*Tout exécuter*", "Kernel ›", "File ›"):
        assert anglais not in textes, anglais
    assert "menu *Exécution* › *Exécuter toutes les cellules*" in textes
