"""Vérifie qu'un kit installé depuis sa roue fonctionne hors du dépôt (``make verifier-roue``).

Construit la roue du kit, l'installe avec ses dépendances dans un environnement virtuel neuf (hors
du dépôt), puis, depuis un dossier qui n'est pas le dépôt et sans activer l'environnement :
- vérifie que le paquet installé trouve ses notebooks et ses organisations exemples dans sa propre
  copie (``spaserlib/kit/``), pas dans le dépôt ;
- lance ``spaser demo`` et ``spaser rapport`` sur une organisation exemple et vérifie que le sommaire,
  les pages des notebooks et le projet de SPASER sont écrits.

Sort avec le code 0 si tout va bien, 1 sinon (avec ce qui a échoué). Ce n'est pas un test pytest :
l'installation prend une à deux minutes, l'intégration continue la lance après la suite de tests.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parents[1]


def lancer(commande: list, **options) -> subprocess.CompletedProcess:
    print("$", " ".join(str(c) for c in commande), flush=True)
    resultat = subprocess.run([str(c) for c in commande], capture_output=True, text=True, **options)
    if resultat.returncode != 0:
        print(resultat.stdout[-3000:], resultat.stderr[-3000:], sep="\n", file=sys.stderr)
        raise SystemExit(f"ÉCHEC : la commande a rendu le code {resultat.returncode}.")
    return resultat


def verifier(condition: bool, message: str) -> None:
    if not condition:
        raise SystemExit(f"ÉCHEC : {message}")
    print("  ok :", message)


def main() -> int:
    debut = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="spaser-roue-") as dossier:
        dossier = Path(dossier)
        lancer([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", dossier / "roue", RACINE])
        roue = next((dossier / "roue").glob("spaserlib-*.whl"))
        python_de_base = getattr(sys, "_base_executable", sys.executable)
        lancer([python_de_base, "-m", "venv", dossier / "env"])
        env_bin = dossier / "env" / "bin"
        lancer([env_bin / "python", "-m", "pip", "install", "--quiet", roue])
        ailleurs = dossier / "ailleurs"
        ailleurs.mkdir()
        # Un environnement propre : ni PYTHONPATH vers le dépôt, ni SPASER_KIT.
        environnement = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "SPASER_KIT", "VIRTUAL_ENV")}
        options = {"cwd": ailleurs, "env": environnement}

        dossiers = lancer([env_bin / "python", "-c",
                           "from spaserlib.commun.ressources import dossier_kit\n"
                           "for n in ('notebooks', 'datasets'): print(dossier_kit(n))"], **options).stdout.split()
        for trouve in map(Path, dossiers):
            verifier(trouve.is_dir() and RACINE not in trouve.parents and str(dossier) in str(trouve),
                     f"{trouve.name}/ trouvé dans le paquet installé ({trouve})")

        lancer([env_bin / "spaser", "demo", "--sortie", "demo"], **options)
        demo = ailleurs / "demo" / "trois-rivieres"
        for nom in ("index.html", "projet-spaser.docx", "projet-spaser.html"):
            verifier((demo / nom).is_file(), f"spaser demo a écrit {nom}")
        pages = sorted(p.name for p in demo.glob("0*.html"))
        verifier(len(pages) >= 4, f"spaser demo a rendu {len(pages)} pages de notebooks ({', '.join(pages)})")

        exemple = Path(dossiers[1]) / "val-fleuri"
        lancer([env_bin / "spaser", "rapport", exemple, "--sortie", "rapport"], **options)
        for nom in ("index.html", "projet-spaser.docx", "projet-spaser.html"):
            verifier((ailleurs / "rapport" / nom).is_file(), f"spaser rapport a écrit {nom}")
        texte = (ailleurs / "rapport" / "index.html").read_text(encoding="utf-8")
        verifier("Val-Fleuri" in texte, "le sommaire du rapport nomme l'organisation")
    print(f"Roue installée hors du dépôt : spaser demo et spaser rapport fonctionnent ({time.perf_counter() - debut:.0f} s).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
