"""La commande `spaser smart`."""

import json
import os
import subprocess
import sys

from spaserlib.cli import COMMANDES, main
from tests import RACINE

OBJECTIF = "Atteindre 30 % de marchés comportant une clause sociale d'ici 2027, contre 12 % en 2023."


def spaser(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(RACINE))
    return subprocess.run([sys.executable, "-m", "spaserlib", *args], capture_output=True, text=True,
                          env=env, cwd=RACINE, encoding="utf-8")


def test_smart_fait_partie_des_commandes():
    assert "smart" in COMMANDES


def test_format_json_par_sous_processus():
    resultat = spaser("smart", OBJECTIF, "--format", "json", "--date", "2026-01-15")
    assert resultat.returncode == 0, resultat.stderr
    d = json.loads(resultat.stdout)
    assert {c: v["niveau"] for c, v in d["verdicts"].items()} == dict.fromkeys(
        ["specifique", "mesurable", "atteignable", "realiste", "temporel"], "rempli")
    assert d["objectif"]["cible"] == 30 and d["objectif"]["valeur_reference"] == 12
    assert d["objectif"]["annee_reference"] == 2023 and d["objectif"]["echeance"] == "2027-12-31"
    assert d["verdicts"]["temporel"]["mots"] == ["d'ici 2027"]


def test_format_texte_par_defaut(capsys):
    assert main(["smart", "Favoriser l'insertion.", "--date", "2026-01-15"]) == 0
    sortie = capsys.readouterr().out
    assert sortie.startswith("Objectif : Favoriser l'insertion.\n")
    assert "Spécifique               PARTIEL" in sortie
    assert "Mesurable                ABSENT" in sortie
    assert "→ Ajoutez une date : « d'ici 2027 », « au 31 décembre 2026 », ou « chaque année »." in sortie


def test_texte_vide_code_1_et_message(capsys):
    assert main(["smart", "  "]) == 1
    assert capsys.readouterr().err.startswith("Erreur : Le texte de l'objectif est vide : écrivez l'objectif entre guillemets")


def test_date_illisible():
    # La même option, le même message que dans les autres commandes (spaserlib.commun.calendrier.date_de_l_option).
    resultat = spaser("smart", OBJECTIF, "--date", "15/01/2026")
    assert resultat.returncode == 1
    assert "Option --date « 15/01/2026 » illisible : écrivez la date AAAA-MM-JJ, par exemple 2026-01-15." in resultat.stderr


def test_aide_en_francais():
    resultat = spaser("smart", "--help")
    assert resultat.returncode == 0
    assert "un verdict (rempli, partiel, absent)" in resultat.stdout


MARCHES_CSV = """id;acheteur_id;objet;cpv;montant_ht;date_notification;considerations_sociales;considerations_environnementales
M1;21350238800019;Travaux de voirie;45233140;100000;2022-03-01;Clause sociale;Pas de considération environnementale
M2;21350238800019;Nettoyage;90910000;50000;2022-05-01;Pas de considération sociale;Clause environnementale
M3;21350238800019;Fournitures;30192000;20000;2023-02-01;Clause sociale;Pas de considération environnementale
M4;21350238800019;Restauration;55520000;80000;2023-06-01;Pas de considération sociale;Critère environnemental
M5;21350238800019;Informatique;30200000;60000;2024-06-01;Clause sociale;Pas de considération environnementale
M6;21350238800019;Mobilier;39100000;10000;2024-09-01;;Pas de considération environnementale
"""


def test_avec_donnees_le_critere_atteignable_utilise_les_marches(tmp_path):
    fichier = tmp_path / "marches.csv"
    fichier.write_text(MARCHES_CSV, encoding="utf-8")
    resultat = spaser("smart", "Atteindre 40 % de marchés avec une clause sociale d'ici 2027.",
                      "--donnees", str(fichier), "--format", "json", "--date", "2026-01-15")
    assert resultat.returncode == 0, resultat.stderr
    d = json.loads(resultat.stdout)
    # 50 % en 2022 et en 2023, 100 % en 2024 (le contrat M6, sans information, est exclu)
    assert d["realisme"]["serie"] == {"2022": 50.0, "2023": 50.0, "2024": 100.0}
    assert d["realisme"]["verdict"] == "peu_ambitieux" and d["realisme"]["inconnus"] == 1
    assert d["verdicts"]["atteignable"]["niveau"] == "absent"
    assert d["organisation"] == "marches"


def test_donnees_introuvables(capsys, tmp_path):
    assert main(["smart", "Atteindre 40 % de marchés", "--donnees", str(tmp_path / "rien")]) == 1
    assert "dossier ou fichier introuvable." in capsys.readouterr().err
