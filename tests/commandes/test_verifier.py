import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd

from spaserlib.cli import main
from tests import RACINE, TESTS

TABLEURS = TESTS / "donnees" / "tableurs"


def lancer(*arguments) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(RACINE))
    return subprocess.run([sys.executable, "-m", "spaserlib", *map(str, arguments)], capture_output=True,
                          text=True, env=env)


def test_fichier_propre_code_zero(capsys):
    assert main(["verifier", str(TABLEURS / "espaces.csv")]) == 0
    sortie = capsys.readouterr().out
    assert "5 ligne(s) lue(s), 5 gardée(s), 0 écartée(s)." in sortie
    assert "Montant HT total gardé : 4 893,24 €." in sortie.replace("\u202f", " ").replace("\u00a0", " ")
    assert "Aucun problème." in sortie


def test_erreurs_bloquantes_code_un_et_tableau(capsys):
    assert main(["verifier", str(TABLEURS / "erreurs.csv")]) == 1
    sortie = capsys.readouterr().out
    assert ("6 ligne(s) lue(s), 2 gardée(s), 4 écartée(s) (montant illisible : 1, date illisible : 1, "
            "fournisseur absent : 1, montant absent : 1).") in sortie
    assert "4 erreur(s), 1 avertissement(s) :" in sortie
    ligne = next(l for l in sortie.splitlines() if "abc" in l)
    assert ligne.split() [:4] == ["2", "erreur", "Montant", "HT"]
    assert ligne.endswith("montant illisible : la ligne est écartée. — Écrivez un nombre, par exemple "
                          "« 1 234,56 » ou « 1234.56 ».")


def test_format_json_et_problemes_csv(tmp_path):
    sortie = tmp_path / "rapport" / "problemes.csv"
    resultat = lancer("verifier", TABLEURS / "erreurs.csv", TABLEURS / "marches_lots.csv",
                      "--format", "json", "--problemes", sortie)
    assert resultat.returncode == 1, resultat.stderr
    resume = json.loads(resultat.stdout)
    assert (resume["lignes_lues"], resume["lignes_gardees"], resume["lignes_ecartees"]) == (16, 11, 5)
    assert resume["erreurs_bloquantes"] is True
    achats, marches = resume["fichiers"]
    assert achats["genre"] == "achats" and achats["montant_ht_total"] == 20.0
    assert marches["contrats"] == 4 and marches["contrats_avant_regroupement"] == 9
    assert marches["problemes_par_genre"]["identifiant_repete"] == 2
    table = pd.read_csv(sortie, sep=";", encoding="utf-8-sig", dtype=str)
    assert list(table.columns) == ["fichier", "ligne", "colonne", "valeur", "message", "conseil", "gravite", "code"]
    assert len(table) == 5 + 5
    assert table.loc[table["valeur"] == "abc", "ligne"].tolist() == ["2"]  # un numéro de ligne, pas « 2,0 »
    assert not list(sortie.parent.glob(".*tmp"))  # pas de fichier temporaire laissé


def test_problemes_csv_sans_formule(tmp_path, capsys):
    """Les valeurs citées dans le CSV des problèmes viennent des données : celles qui ressemblent à une
    formule reçoivent une apostrophe en tête (OWASP)."""
    fichier = tmp_path / "achats.csv"
    fichier.write_text("Date;Fournisseur;Montant HT\n15/01/2024;Papeterie;=1+1\n15/01/2024;Garage;@SUM(A1)\n"
                       "+33 1;Imprimerie;10\n15/01/2024;Traiteur;-45,00\n", encoding="utf-8")
    sortie = tmp_path / "problemes.csv"
    main(["verifier", str(fichier), "--problemes", str(sortie)])
    capsys.readouterr()
    assert sortie.read_bytes().startswith(b"\xef\xbb\xbffichier;ligne;colonne;valeur;")
    table = pd.read_csv(sortie, sep=";", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert {"'=1+1", "'@SUM(A1)", "'+33 1"} <= set(table["valeur"])
    assert not any(v[:1] in ("=", "+", "-", "@") for v in table["valeur"])


def test_fichier_illisible_code_deux(tmp_path, capsys):
    faux = tmp_path / "faux.csv"
    faux.write_text("a;b\n1;2\n", encoding="utf-8")
    assert main(["verifier", str(faux), str(TABLEURS / "espaces.csv")]) == 2
    sortie = capsys.readouterr().out
    assert "Fichier illisible :" in sortie and "aucune ligne d'en-tête reconnue" in sortie
    assert "5 ligne(s) lue(s)" in sortie  # l'autre fichier est quand même vérifié


def test_ttc_vers_ht(capsys):
    assert main(["verifier", str(TABLEURS / "ttc_seul.csv")]) == 2
    assert main(["verifier", str(TABLEURS / "ttc_seul.csv"), "--ttc-vers-ht", "20"]) == 0
    assert "Montant HT total gardé : 100,00" in capsys.readouterr().out


def test_ttc_vers_ht_taux_invalide(capsys):
    assert main(["verifier", str(TABLEURS / "ttc_seul.csv"), "--ttc-vers-ht", "120"]) == 1
    assert ("--ttc-vers-ht attend un taux de TVA en pourcentage, entre 0 et 100 (20 pour 20 %), pas « 120 »."
            in capsys.readouterr().err)


def test_genre_force(capsys):
    assert main(["verifier", "--genre", "marches", str(TABLEURS / "marches_lots.csv"), "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out)["fichiers"][0]["contrats"] == 4


def test_liste_longue_tronquee(tmp_path, capsys):
    fichier = tmp_path / "beaucoup.csv"
    fichier.write_text("Date;Fournisseur;Montant HT\n" + "15/01/2024;A;0\n" * 60, encoding="utf-8")
    assert main(["verifier", str(fichier)]) == 0
    sortie = capsys.readouterr().out
    assert ("… et 10 autre(s) problème(s) (montant nul : 10) : option --problemes SORTIE.csv pour la liste "
            "complète.") in sortie


def test_fichier_intact_apres_verification(tmp_path):
    copie = tmp_path / "cp1252.csv"
    shutil.copy(TABLEURS / "cp1252.csv", copie)
    avant = copie.read_bytes()
    assert lancer("verifier", copie).returncode == 0
    assert copie.read_bytes() == avant


def test_demo_ecrit_un_resume(tmp_path):
    exemples = tmp_path / "datasets"
    (exemples / "valbourg").mkdir(parents=True)
    (exemples / "valbourg" / "profil.yaml").write_text("nom: Commune de Valbourg\npopulation: 12000\n", encoding="utf-8")
    shutil.copy(TABLEURS / "point_virgule.csv", exemples / "valbourg" / "depenses.csv")
    shutil.copy(TABLEURS / "marches_lots.csv", exemples / "valbourg" / "marches.csv")
    from spaserlib.commandes import demo

    organisation_dossier = exemples / "valbourg"
    from spaserlib.lecture.organisation import charger_organisation

    resume = demo.resume_organisation(charger_organisation(organisation_dossier))
    assert resume.startswith("# Commune de Valbourg\n")
    assert "| 2024 | 2 | 1 315 € |" in resume.replace("\u202f", " ").replace("\u00a0", " ")
    assert "2 fournisseurs distincts" in resume
    assert "4 contrats (marchés)" in resume
    assert "| marches.csv | marchés | 10 | 9 | 1 | 1 | 4 |" in resume


def test_demo_commande(tmp_path, monkeypatch, capsys):
    from spaserlib.lecture import organisation as organisations

    exemple = tmp_path / "valbourg"
    exemple.mkdir()
    (exemple / "profil.yaml").write_text("nom: Commune de Valbourg\n", encoding="utf-8")
    shutil.copy(TABLEURS / "point_virgule.csv", exemple / "depenses.csv")
    monkeypatch.setattr(organisations, "organisations_exemples", lambda: [exemple])
    sortie = tmp_path / "sorties"
    assert main(["demo", "--sortie", str(sortie)]) == 0
    ecrit = (sortie / "resume.md").read_text(encoding="utf-8")
    assert ecrit.startswith("# Commune de Valbourg")
    assert ecrit in capsys.readouterr().out


def test_demo_organisation_inconnue(monkeypatch, capsys):
    from spaserlib.lecture import organisation as organisations

    monkeypatch.setattr(organisations, "organisations_exemples", lambda: [])
    assert main(["demo", "--organisation", "atlantide"]) == 1
    assert "organisation exemple introuvable. Organisations disponibles : aucune." in capsys.readouterr().err


def test_demo_sur_l_exemple_du_kit(tmp_path):
    resultat = lancer("demo", "--sortie", tmp_path)
    assert resultat.returncode == 0, resultat.stderr
    assert (tmp_path / "resume.md").read_text(encoding="utf-8").startswith("# ")


def test_dossier_verifie_fichier_par_fichier(tmp_path, capsys):
    shutil.copy(TABLEURS / "espaces.csv", tmp_path / "a.csv")
    shutil.copy(TABLEURS / "sentinelle.csv", tmp_path / "b.csv")
    (tmp_path / "profil.yaml").write_text("nom: X\n", encoding="utf-8")  # pas un fichier de données
    assert main(["verifier", str(tmp_path), "--format", "json"]) == 0
    resume = json.loads(capsys.readouterr().out)
    assert [Path(f["fichier"]).name for f in resume["fichiers"]] == ["a.csv", "b.csv"]
    assert resume["illisibles"] == []
