"""Les exercices servis par Voilà comme le fait `make exercices`, regardés dans Chromium sans écran.

Pour chaque notebook de exercises/ (les trois exercices, et les quiz qui s'y ajoutent) : la page s'affiche
sans code, le formulaire apparaît, on le remplit comme un apprenant (listes, cases, zones de texte), on clique
« Vérifier » s'il existe, puis « Enregistrer », et le fichier de réponses écrit contient ce qui a été saisi.
Voilà sert une copie de exercises/ dans un dossier temporaire : le dépôt n'est jamais modifié.
"""

import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests import RACINE

NOTEBOOKS = sorted(p.name for p in (RACINE / "exercises").glob("*.ipynb"))
NOM = "Camille Test"
PHRASE = "Réduire de 20 % les émissions des achats de travaux d'ici fin 2028, contre 2025."
CAPTURES = Path(os.environ.get("SPASER_CAPTURES", "/tmp/aides"))


def options_voila() -> list[str]:
    """Les réglages de la cible `make exercices` (variable VOILA_OPTIONS du Makefile) : le test sert les
    exercices exactement comme la commande documentée."""
    ligne = re.search(r"^VOILA_OPTIONS := (.+)$", (RACINE / "Makefile").read_text(encoding="utf-8"), re.M)
    assert ligne, "VOILA_OPTIONS absent du Makefile"
    return shlex.split(ligne.group(1).replace("\\\\", "\\"))


def _port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _arreter(processus: subprocess.Popen) -> None:
    """Arrête Voilà et ses noyaux (le groupe de processus lancé par le test, et lui seul)."""
    if processus.poll() is None:
        os.killpg(processus.pid, signal.SIGTERM)
        try:
            processus.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(processus.pid, signal.SIGKILL)
            processus.wait(timeout=10)


@pytest.fixture(scope="module")
def voila(tmp_path_factory):
    racine = tmp_path_factory.mktemp("voila")
    shutil.copytree(RACINE / "exercises", racine / "exercises", ignore=shutil.ignore_patterns("reponses", ".ipynb_checkpoints"))
    (racine / "datasets").symlink_to(RACINE / "datasets")
    port = _port_libre()
    env = {**os.environ, "SPASER_INTERACTIF": "1", "LANG": "fr_FR.UTF-8", "JUPYTER_PATH": str(RACINE / "spaserlib" / "donnees"), "JUPYTER_RUNTIME_DIR": str(racine / "execution"),
           "JUPYTER_CONFIG_DIR": str(racine / "config")}
    journal = open(racine / "voila.log", "w")
    processus = subprocess.Popen(
        [sys.executable, "-m", "voila", *options_voila(), "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1",
         str(racine / "exercises")],
        env=env, stdout=journal, stderr=subprocess.STDOUT, start_new_session=True)
    adresse = f"http://127.0.0.1:{port}"
    try:
        fin = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(f"{adresse}/voila/tree", timeout=2)
                break
            except OSError:
                if time.monotonic() > fin or processus.poll() is not None:
                    pytest.fail("Voilà n'a pas démarré : " + (racine / "voila.log").read_text()[-2000:])
                time.sleep(0.5)
        yield adresse, racine
    finally:
        _arreter(processus)
        journal.close()


# Remplit chaque champ du formulaire comme le ferait une personne, en passant par les événements du
# navigateur (ceux qu'écoutent les widgets) : le nom, les listes (2e choix), les listes à choix multiples
# (les deux premières familles), les cases, les boutons radio, les zones de texte.
REMPLIR = r"""(() => { try {
  const saisir = (el, valeur) => {
    const proto = el.tagName === 'TEXTAREA' ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
    Object.getOwnPropertyDescriptor(proto, 'value').set.call(el, valeur);
    el.dispatchEvent(new Event('input', {bubbles: true}));
    el.dispatchEvent(new Event('change', {bubbles: true}));
    el.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true}));
  };
  const champs = {texte: 0, zones: 0, listes: 0, multiples: 0, cases: 0};
  const nom = Array.from(document.querySelectorAll('.widget-text')).find(d => d.innerText.includes('Votre nom'));
  saisir(nom.querySelector('input'), %NOM%);
  document.querySelectorAll('.widget-text input').forEach(el => {
    if (!nom.contains(el)) { saisir(el, 'critère texte ' + champs.texte); champs.texte++; } });
  document.querySelectorAll('textarea').forEach(el => { saisir(el, %PHRASE%); champs.zones++; });
  document.querySelectorAll('.widget-dropdown select').forEach(el => {
    el.selectedIndex = Math.min(1 + (champs.listes % 4), el.options.length - 1); champs.listes++;
    el.dispatchEvent(new Event('change', {bubbles: true})); });
  document.querySelectorAll('.widget-select-multiple select').forEach(el => {
    Array.from(el.options).forEach((o, i) => o.selected = i < 2); champs.multiples++;
    el.dispatchEvent(new Event('change', {bubbles: true})); });
  document.querySelectorAll('.widget-checkbox input, .widget-radio-box input').forEach(el => {
    if (!el.checked && (el.type === 'checkbox' || el.closest('.widget-radio-box').querySelector('input:checked') === null)) {
      el.click(); champs.cases++; } });
  return champs;
} catch (e) { return {erreur: String(e)}; } })()"""

CLIQUER = """(texte => { const b = Array.from(document.querySelectorAll('button.jupyter-button'))
  .find(b => b.innerText.trim() === texte); if (b) b.click(); return Boolean(b); })"""


# Voilà fait défiler un conteneur intérieur, pas la fenêtre : on cherche le premier ancêtre qui défile.
DEFILER = """(pas => { const n = Array.from(document.querySelectorAll('.widget-text')).find(d => d.innerText.includes('Votre nom'));
  if (pas === 0) { n.scrollIntoView({block: 'start'}); return true; }
  let e = n.parentElement; while (e && !(e.scrollHeight > e.clientHeight + 5 && getComputedStyle(e).overflowY !== 'visible')) e = e.parentElement;
  e = e || document.scrollingElement; const avant = e.scrollTop; e.scrollTop += pas; return e.scrollTop > avant; })"""


def captures_du_formulaire(navigateur) -> list[bytes]:
    """Des captures PNG de la page, du champ « Votre nom » jusqu'en bas, écran par écran (au plus 4)."""
    navigateur.evaluer(f"({DEFILER})(0)")
    time.sleep(0.3)
    images = [navigateur.capture()]
    while len(images) < 4 and navigateur.evaluer(f"({DEFILER})(800)"):
        time.sleep(0.3)
        images.append(navigateur.capture())
    return images


def _valeurs(donnees) -> list[str]:
    """Toutes les valeurs textuelles d'un fichier de réponses, à plat."""
    if isinstance(donnees, dict):
        return [v for x in donnees.values() for v in _valeurs(x)]
    if isinstance(donnees, list):
        return [v for x in donnees for v in _valeurs(x)]
    return [str(donnees)] if donnees is not None else []


def test_la_liste_des_exercices_est_en_francais(voila, navigateur):
    adresse, _ = voila
    navigateur.aller(f"{adresse}/voila/tree")
    navigateur.attendre_que("document.querySelectorAll('.voila-notebooks a').length > 0", delai=60)
    texte = navigateur.evaluer("document.body.innerText")
    assert "Choisissez un exercice" in texte and "Select items" not in texte, texte
    liens = navigateur.evaluer("Array.from(document.querySelectorAll('.voila-notebooks a')).map(a => a.innerText.trim())")
    assert liens == NOTEBOOKS


@pytest.mark.parametrize("nom", NOTEBOOKS)
def test_un_exercice_servi_par_voila_se_remplit_se_verifie_et_s_enregistre(voila, navigateur, nom):
    adresse, racine = voila
    reponses = racine / "exercises" / "reponses"
    avant = set(reponses.glob("*.json")) if reponses.exists() else set()
    navigateur.aller(f"{adresse}/voila/render/{nom}")
    navigateur.attendre_que("Array.from(document.querySelectorAll('button.jupyter-button'))"
                            ".some(b => b.innerText.trim() === 'Enregistrer')", delai=150)
    texte = navigateur.evaluer("document.body.innerText")
    assert "Traceback" not in texte and "from spaserlib" not in texte, texte[:1000]  # ni trace ni code
    assert "Votre nom" in texte and "Running" not in texte and "Executing" not in texte
    champs = navigateur.evaluer(REMPLIR.replace("%NOM%", json.dumps(NOM)).replace("%PHRASE%", json.dumps(PHRASE)))
    assert "erreur" not in champs, champs
    assert sum(champs.values()) > 0, "aucun champ à remplir dans le formulaire"
    time.sleep(1)  # les valeurs partent vers le noyau
    if navigateur.evaluer(f"({CLIQUER})('Vérifier')"):
        navigateur.attendre_que("document.body.innerText.includes('Score :')", delai=60)
    assert navigateur.evaluer(f"({CLIQUER})('Enregistrer')")
    navigateur.attendre_que("document.body.innerText.includes('Réponses enregistrées')", delai=60)
    CAPTURES.mkdir(parents=True, exist_ok=True)
    for i, image in enumerate(captures_du_formulaire(navigateur), start=1):
        (CAPTURES / f"formulaires-apres-{nom[:5]}-{i}.png").write_bytes(image)

    nouveaux = set(reponses.glob("*.json")) - avant
    assert len(nouveaux) == 1, sorted(p.name for p in reponses.glob("*.json"))
    contenu = json.loads(nouveaux.pop().read_text(encoding="utf-8"))
    assert contenu["participant"] == NOM
    valeurs = _valeurs(contenu["reponses"])
    if champs["zones"]:
        assert any(PHRASE in v for v in valeurs), valeurs
    if champs["texte"]:
        assert "critère texte 0" in valeurs, valeurs
    if champs["listes"]:  # un choix des listes (un quadrant…) est enregistré
        choisis = navigateur.evaluer("Array.from(document.querySelectorAll('.widget-dropdown select'))"
                                     ".map(s => s.options[s.selectedIndex].text)")
        assert set(choisis) & set(valeurs), (choisis, valeurs)
    if champs["multiples"]:
        premiers = navigateur.evaluer("Array.from(document.querySelector('.widget-select-multiple select').options)"
                                      r".slice(0, 2).map(o => o.text.split(/\s/)[0])")
        assert set(premiers) <= set(valeurs), (premiers, valeurs)
