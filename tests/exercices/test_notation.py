"""Une petite classe fictive (bonne, partielle, vide, tronquée, étrangère) notée avec des scores connus."""

import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd

from spaserlib.exercices.notation import noter_dossier, synthese_classe
from tests import RACINE, TESTS

DONNEES = TESTS / "donnees"


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
    # SMART (barème : rempli 1, partiel 0,5, absent 0 ; 3 objectifs attendus, 5 critères chacun).
    # Alice : verdicts de l'analyseur vérifiés un à un.
    #   1. « Porter à 40 % … clause d'insertion sociale d'ici fin 2027, contre 18 % en 2025. » : S, M, A, R, T remplis -> 5
    #   2. « Réduire de 15 % la consommation d'électricité … d'ici 2028 par rapport à 2024. » : tout rempli -> 5
    #   3. « D'ici le 31 décembre 2027, 100 % des marchés de collecte … » : A partiel (pas de valeur de départ),
    #      le reste rempli -> 4,5
    assert notes.loc[("Alice", "smart"), ["score", "maximum"]].tolist() == [14.5, 15]
    # Bruno : 1. « Favoriser les achats durables. » : S partiel (intention), M absent, A absent, R partiel
    #   (thème SPASER sans indicateur), T absent -> 1 ; 2. « Augmenter la part des marchés avec une clause
    #   sociale. » : S rempli, M partiel (indicateur sans valeur), A absent, R rempli, T absent -> 2,5 ;
    #   3. texte vide : manquant -> 0.
    assert notes.loc[("Bruno", "smart"), ["score", "maximum"]].tolist() == [3.5, 15]
    # Chloé : deux zones vides (dont une d'espaces) : trois objectifs manquants.
    assert notes.loc[("Chloé <script>alert(1)</script>", "smart"), ["score", "maximum"]].tolist() == [0, 15]
    refus = {Path(e.fichier).name: e.raison for e in notation.refus}
    assert set(refus) == {"david__kraljic.json", "notes-perso.json"}
    assert refus["david__kraljic.json"].startswith("JSON tronqué")


def test_fichiers_ecrits_et_texte_echappe(tmp_path):
    sortie = tmp_path / "sortie"
    noter_dossier(_classe(tmp_path), sortie, corrige=DONNEES / "corrige_classe.yaml")
    notes = pd.read_csv(sortie / "notes.csv")
    assert list(notes.columns) == ["participant", "exercice", "score", "maximum", "details"]
    assert len(notes) == 8
    assert notes[notes["participant"] == "Bruno"]["exercice"].tolist() == ["kraljic", "smart", "axes"]
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


def test_debriefing_lacunes_smart_les_plus_frequentes(tmp_path):
    sortie = tmp_path / "sortie"
    notation = noter_dossier(_classe(tmp_path), sortie, corrige=DONNEES / "corrige_classe.yaml")
    # Absent ou partiel : Atteignable 3 (Alice 3, Bruno 1 et 2), Mesurable 2, Temporellement défini 2
    # (Bruno 1 et 2), Spécifique 1 et Réaliste 1 (Bruno 1) ; les objectifs non rédigés ne comptent pas.
    assert synthese_classe(notation, {})["lacunes"] == [
        ("Atteignable", 3), ("Mesurable", 2), ("Temporellement défini", 2), ("Spécifique", 1), ("Réaliste", 1)
    ]
    debriefing = (sortie / "debriefing.html").read_text(encoding="utf-8")
    section = debriefing.split("Objectifs SMART : les lacunes les plus fréquentes")[1].split("<h2>")[0]
    assert section.index("Atteignable") < section.index("Mesurable") < section.index("Spécifique")
    assert "<td>Atteignable</td><td class=\"nombre\">3</td>" in section


def test_pages_en_francais_lisible(tmp_path):
    sortie = tmp_path / "sortie"
    noter_dossier(_classe(tmp_path), sortie, corrige=DONNEES / "corrige_classe.yaml")
    alice = (sortie / "retours" / "alice.html").read_text(encoding="utf-8")
    assert "Score : 14,5 / 15" in alice
    assert "Réponse enregistrée le 28/11/2026 à 10:00." in alice
    assert alice.index("<h2>Matrice de Kraljic</h2>") < alice.index("<h2>Objectifs SMART</h2>") < alice.index("<h2>Axes de la politique d")
    # Le texte d'un objectif n'est écrit qu'une fois, pas à chacun de ses cinq critères.
    assert alice.count("Réduire de 15 % la consommation") == 1
    debriefing = (sortie / "debriefing.html").read_text(encoding="utf-8")
    assert "<td>Fournitures de bureau</td><td>simples</td>" in debriefing


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
    assert "8 réponse(s) notée(s), 2 fichier(s) refusé(s)." in r.stdout
    assert (tmp_path / "s" / "debriefing.html").exists()
