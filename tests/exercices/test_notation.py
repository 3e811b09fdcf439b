"""Une petite classe fictive (bonne, partielle, vide, tronquée, étrangère) notée avec des scores connus ;
une classe hostile (noms inhabituels, fichiers mal formés) dont chaque apprenant est noté à part."""

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from spaserlib.commun.erreurs import ErreurFichier
from spaserlib.commun.identifiants import nom_sur, noms_surs_distincts
from spaserlib.exercices import juges
from spaserlib.exercices.notation import lire_bareme, lire_corrige, noter_dossier, synthese_classe
from spaserlib.exercices.reponses import enregistrer_reponse
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
    notes = pd.read_csv(sortie / "notes.csv", sep=";", decimal=",", encoding="utf-8-sig")
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


# --- chaque apprenant à part : noms inhabituels, fichiers mal formés, corrections en échec ----------

NOMS = ["Alice", "alice", "Éloïse", "Eloise", "山田", "!!!", "😀", "=1+1"]
PLACEMENTS = {"F-INFO": {"quadrant": "leviers", "justification": "forte dépense"}}


def _brut(dossier, nom, participant, exercice, reponses):
    (dossier / nom).write_text(json.dumps({"format": "spaser-reponse", "version_schema": 1, "participant": participant,
                                           "exercice": exercice, "horodatage": "2026-11-28T10:00:00+01:00",
                                           "reponses": reponses}, ensure_ascii=False), encoding="utf-8")


@pytest.fixture
def classe_hostile(tmp_path):
    dossier = tmp_path / "reponses"
    dossier.mkdir()
    for i, nom in enumerate(NOMS):
        # Un fichier par participant, même quand leurs noms de fichier se confondraient.
        _brut(dossier, f"r{i}__kraljic.json", nom, "kraljic", {"placements": PLACEMENTS})
    _brut(dossier, "paul__kraljic.json", "Paul", "kraljic", {"placements": [["F-INFO", "leviers"]]})
    _brut(dossier, "zoe__smart.json", "Zoé", "smart", {"objectifs": "Porter à 40 % la part des marchés d'ici 2027."})
    return dossier


def test_noms_inhabituels_et_fichiers_mal_formes_n_arretent_pas_les_autres(classe_hostile, tmp_path):
    sortie = tmp_path / "sortie"
    notation = noter_dossier(classe_hostile, sortie, corrige=DONNEES / "corrige_classe.yaml")
    assert sorted(c.reponse.participant for c in notation.corrections) == sorted(NOMS)
    attendu = {
        "paul__kraljic.json": "le champ « placements » doit être un objet {famille: {quadrant, justification}}, pas une liste.",
        "zoe__smart.json": "le champ « objectifs » doit être une liste d'objectifs (un texte par objectif), pas un texte seul.",
    }
    assert {Path(e.fichier).name: e.raison for e in notation.refus} == attendu
    refus = pd.read_csv(sortie / "refus.csv", sep=";", encoding="utf-8-sig")
    assert dict(zip(refus["fichier"], refus["raison"])) == attendu
    debriefing = (sortie / "debriefing.html").read_text(encoding="utf-8")
    assert "<h2>Fichiers non corrigés</h2>" in debriefing
    assert "zoe__smart.json</td><td>le champ « objectifs » doit être une liste d&#39;objectifs" in debriefing


def test_pages_de_retour_distinctes_casse_accents_et_noms_sans_lettre_latine(classe_hostile, tmp_path):
    sortie = tmp_path / "sortie"
    noter_dossier(classe_hostile, sortie, corrige=DONNEES / "corrige_classe.yaml")
    pages = sorted(p.name for p in (sortie / "retours").iterdir())
    assert len(pages) == len(NOMS)  # aucune page n'en écrase une autre
    noms = noms_surs_distincts(NOMS)
    for nom in NOMS:
        page = (sortie / "retours" / f"{noms[nom]}.html").read_text(encoding="utf-8")
        assert f"<h1>Retour d'exercices — {nom}</h1>" in page
    assert noms["Alice"].startswith("alice-") and noms["alice"].startswith("alice-") and noms["Alice"] != noms["alice"]
    assert noms["Éloïse"].startswith("eloise-") and noms["Eloise"].startswith("eloise-") and noms["Éloïse"] != noms["Eloise"]
    assert noms["山田"].startswith("participant-") and noms["!!!"].startswith("participant-") and noms["😀"].startswith("participant-")
    assert noms["=1+1"] == "1-1"  # pas de collision : le nom de toujours (nom_sur)
    debriefing = (sortie / "debriefing.html").read_text(encoding="utf-8")
    assert all(f'href="retours/{noms[n]}.html"' in debriefing for n in NOMS)
    notes = pd.read_csv(sortie / "notes.csv", sep=";", decimal=",", encoding="utf-8-sig")
    assert "'=1+1" in set(notes["participant"]) and "=1+1" not in set(notes["participant"])
    assert notes["score"].dtype.kind == "f"  # les scores restent des nombres


def test_noms_surs_distincts_stables():
    noms = noms_surs_distincts(["Alice", "alice", "Bruno"])
    assert noms["Bruno"] == nom_sur("Bruno") == "bruno"
    assert noms == noms_surs_distincts(["Bruno", "alice", "Alice"])  # même suffixe d'une fois à l'autre
    assert len(set(noms.values())) == 3
    # Un nom qui s'écrit déjà comme le nom suffixé d'un autre ne l'écrase pas.
    pris = noms_surs_distincts(["Alice", "alice", noms["Alice"]])
    assert len(set(pris.values())) == 3


def test_une_correction_en_echec_n_arrete_pas_les_autres(tmp_path, monkeypatch):
    dossier = tmp_path / "reponses"
    for nom in ("Alice", "Bruno"):
        enregistrer_reponse(dossier, nom, "kraljic", {"placements": PLACEMENTS})
    vrai = juges.corriger_kraljic

    def corriger(placements, corrige, bareme=None):
        if placements["F-INFO"]["justification"] == "piège":
            raise KeyError("quadrant")
        return vrai(placements, corrige, bareme)

    enregistrer_reponse(dossier, "Chloé", "kraljic", {"placements": {"F-INFO": {"quadrant": "leviers", "justification": "piège"}}})
    monkeypatch.setattr(juges, "corriger_kraljic", corriger)
    notation = noter_dossier(dossier, tmp_path / "sortie", corrige=DONNEES / "corrige_classe.yaml")
    assert sorted(c.reponse.participant for c in notation.corrections) == ["Alice", "Bruno"]
    assert [(Path(e.fichier).name, e.raison) for e in notation.refus] == [
        ("chloe__kraljic.json", "correction impossible (KeyError : 'quadrant') ; les autres réponses sont notées.")]
    assert "chloe__kraljic.json" in (tmp_path / "sortie" / "refus.csv").read_text(encoding="utf-8-sig")


def test_dossier_de_sortie_aux_droits_ordinaires(classe_hostile, tmp_path):
    sortie = tmp_path / "sortie"
    noter_dossier(classe_hostile, sortie, corrige=DONNEES / "corrige_classe.yaml")
    masque = os.umask(0)
    os.umask(masque)
    assert stat.S_IMODE(sortie.stat().st_mode) == 0o777 & ~masque  # pas les 0700 d'un dossier temporaire
    assert stat.S_IMODE((sortie / "retours").stat().st_mode) == 0o777 & ~masque
    assert stat.S_IMODE((sortie / "notes.csv").stat().st_mode) == 0o666 & ~masque
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # aucun temporaire laissé


def test_corrige_et_bareme_mal_formes(tmp_path):
    corrige = tmp_path / "corrige.yaml"
    corrige.write_text("kraljic:\n  F-INFO: {quadrant: levier}\n", encoding="utf-8")
    with pytest.raises(ErreurFichier, match=r"section « kraljic », famille « F-INFO » : quadrant absent ou inconnu ; "
                                            r"quadrants possibles : stratégiques, leviers, critiques, simples\."):
        lire_corrige(corrige)
    corrige.write_text("axes: [F-INFO]\n", encoding="utf-8")
    with pytest.raises(ErreurFichier, match=r"la section « axes » doit contenir « familles_prioritaires »"):
        lire_corrige(corrige)
    bareme = tmp_path / "bareme.yaml"
    bareme.write_text("kraljic: {quadrant_exact: 2}\n", encoding="utf-8")
    with pytest.raises(ErreurFichier, match=r"section « kraljic » du barème : nombre absent pour quadrant_voisin, justification_critere\."):
        lire_bareme(bareme)
