"""Une petite classe fictive (bonne, partielle, vide, tronquée, étrangère) notée avec des scores connus."""

import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd

from spaserlib.notation import noter_dossier

DONNEES = Path(__file__).parent / "donnees"
RACINE = Path(__file__).resolve().parents[1]


def _classe(tmp_path):
    dossier = tmp_path / "reponses"
    shutil.copytree(DONNEES / "classe", dossier)
    return dossier


def test_scores_connus_et_fichiers_refuses(tmp_path):
    notation = noter_dossier(_classe(tmp_path), tmp_path / "sortie", corrige=DONNEES / "corrige_classe.yaml")
    notes = notation.notes().set_index(["participant", "exercice"])
    # Calculés à la main avec le barème par défaut (exact 2, voisin 1, critère cité 1 ; axes 1 + 1, hors bornes -1).
    assert notes.loc[("Alice", "kraljic"), ["score", "maximum"]].tolist() == [8, 9]
    assert notes.loc[("Bruno", "kraljic"), ["score", "maximum"]].tolist() == [4, 9]
    assert notes.loc[("Chloé <script>alert(1)</script>", "kraljic"), ["score", "maximum"]].tolist() == [0, 9]
    assert notes.loc[("Alice", "axes"), ["score", "maximum"]].tolist() == [5, 5]
    # 1 axe valide, 1 sans objectif, 2 familles oubliées, 2 axes seulement (-1) : 0, jamais négatif.
    assert notes.loc[("Bruno", "axes"), ["score", "maximum"]].tolist() == [0, 4]
    refus = {Path(e.fichier).name: e.raison for e in notation.refus}
    assert set(refus) == {"david__kraljic.json", "notes-perso.json"}
    assert refus["david__kraljic.json"].startswith("JSON tronqué")


def test_fichiers_ecrits_et_texte_echappe(tmp_path):
    sortie = tmp_path / "sortie"
    noter_dossier(_classe(tmp_path), sortie, corrige=DONNEES / "corrige_classe.yaml")
    notes = pd.read_csv(sortie / "notes.csv")
    assert list(notes.columns) == ["participant", "exercice", "score", "maximum", "details"]
    assert len(notes) == 5
    debriefing = (sortie / "debriefing.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in debriefing
    assert "Chloé &lt;script&gt;alert(1)&lt;/script&gt;" in debriefing
    assert 'src="data:image/png;base64,' in debriefing
    assert "Transition écologique" in debriefing  # axes regroupés sans tenir compte de la casse
    assert "david__kraljic.json" in debriefing
    retours = sorted(p.name for p in (sortie / "retours").iterdir())
    assert retours == ["alice.html", "bruno.html", "chloe-script-alert-1-script.html"]
    assert "c'est le risque qui diffère" in (sortie / "retours" / "bruno.html").read_text(encoding="utf-8").replace("&#39;", "'")
    assert "http" not in debriefing  # lisible hors ligne : rien n'est chargé du réseau


def test_les_reponses_ne_sont_pas_modifiees(tmp_path):
    dossier = _classe(tmp_path)
    avant = {p.name: p.read_bytes() for p in dossier.iterdir()}
    noter_dossier(dossier, tmp_path / "sortie", corrige=DONNEES / "corrige_classe.yaml")
    assert {p.name: p.read_bytes() for p in dossier.iterdir()} == avant


def test_commande_noter(tmp_path):
    env = {"PYTHONPATH": str(RACINE)}
    r = subprocess.run(
        [sys.executable, "-m", "spaserlib", "noter", str(_classe(tmp_path)), "--sortie", str(tmp_path / "s"), "--corrige", str(DONNEES / "corrige_classe.yaml")],
        capture_output=True, text=True, env=env,
    )
    assert r.returncode == 0, r.stderr
    assert "5 réponse(s) notée(s), 2 fichier(s) refusé(s)." in r.stdout
    assert (tmp_path / "s" / "debriefing.html").exists()
