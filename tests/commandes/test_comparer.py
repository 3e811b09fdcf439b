"""`spaser comparer` : sortie texte et JSON, tableau CSV pour Excel en français, figure PNG, messages d'erreur.

La commande est appelée par son propre parseur argparse (`comparer.ajouter`), comme `spaser` l'appelle.
"""

import argparse
import contextlib
import csv
import io
import json
import subprocess
import sys

import pytest

from spaserlib.commandes import comparer
from spaserlib.commun.erreurs import ErreurParametre
from tests import DONNEES, RACINE

PAIRS = DONNEES / "decp" / "pairs"
AIFE = PAIRS / "aife_communes_2019.json"
SOTTEVILLE = "21760681300012"


def lancer(*argv):
    """(code de sortie, sortie standard, sortie d'erreur) de `spaser comparer ARGV`."""
    parseur = argparse.ArgumentParser(prog="spaser")
    comparer.ajouter(parseur.add_subparsers(dest="commande"))
    args = parseur.parse_args(["comparer", *map(str, argv)])
    sortie, erreurs = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(sortie), contextlib.redirect_stderr(erreurs):
        code = args.executer(args)
    return code, sortie.getvalue(), erreurs.getvalue()


def test_sortie_texte_en_francais():
    code, sortie, _ = lancer(AIFE, "--acheteur", SOTTEVILLE, "--annee", "toutes")
    assert code == 0
    lignes = sortie.splitlines()
    assert lignes[0] == f"Comparaison avec les pairs — Mairie de Sotteville L\ufffds Rouen (SIRET {SOTTEVILLE}), toutes années confondues"
    assert "  Nature : Commune (d'après le début du SIREN) ; département 76, région 28" in lignes
    assert "  Pairs : 11 organisations acheteuses (Commune, montant total des marchés moins de 1 M€)" in lignes
    assert any(l.startswith("  • Marchés avec une considération sociale : non disponible — le fichier n'a pas de "
                            "champ « considérations sociales » : le format 2019") for l in lignes)
    assert any(l.startswith("      en nombre de marchés : 97,5\u00a0% ; médiane des 11 pairs") for l in lignes)


def test_sortie_json_pure_et_fichiers_ecrits(tmp_path):
    code, sortie, erreurs = lancer(AIFE, "--acheteur", SOTTEVILLE, "--annee", "toutes", "--format", "json",
                                   "--sortie", tmp_path / "sortie")
    assert code == 0
    donnees = json.loads(sortie)
    assert donnees["acheteur"]["siret"] == SOTTEVILLE and donnees["pairs"]["nombre"] == 11
    completude = next(i for i in donnees["indicateurs"] if i["code"] == "completude")
    assert set(completude["mesures"]["nombre"]) == {"acheteur", "pairs", "premier_quartile", "mediane",
                                                     "troisieme_quartile", "centile", "ensemble_du_fichier",
                                                     "numerateur", "denominateur"}
    assert f"comparaison_{SOTTEVILLE}_toutes-annees.csv" in erreurs  # la sortie standard reste du JSON
    png = tmp_path / "sortie" / f"comparaison_{SOTTEVILLE}_toutes-annees.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_csv_pour_excel_en_francais(tmp_path):
    lancer(AIFE, "--acheteur", SOTTEVILLE, "--annee", "toutes", "--sortie", tmp_path)
    brut = (tmp_path / f"comparaison_{SOTTEVILLE}_toutes-annees.csv").read_bytes()
    assert brut.startswith(b"\xef\xbb\xbf")  # UTF-8 avec BOM
    lignes = list(csv.reader(io.StringIO(brut.decode("utf-8-sig")), delimiter=";"))
    entete = lignes[0]
    assert entete[:6] == ["Acheteur", "SIRET", "Période", "Pairs", "Indicateur", "Mesure"]
    completude = next(l for l in lignes if l[4] == "Complétude de la publication (champs renseignés)")
    valeur = completude[entete.index("Valeur de l'acheteur (%)")]
    assert valeur == "97,5"  # virgule décimale


def test_texte_qui_ressemble_a_une_formule_est_neutralise(tmp_path):
    chemin = tmp_path / "decp.csv"
    with open(chemin, "w", encoding="utf-8", newline="") as flux:
        ecrivain = csv.writer(flux)
        ecrivain.writerow(["acheteur_id", "id", "acheteur_nom", "acheteur_categorie", "montant", "dateNotification",
                           "procedure"])
        for k in range(3):
            for i in range(3):
                ecrivain.writerow([f"2100000{k:02d}00010", f"M{i}", "=HYPERLINK(\"x\")" if k == 0 else f"Ville {k}",
                                   "@Commune", 1000, "2024-01-02", "Procédure adaptée"])
    lancer(chemin, "--acheteur", "21000000000010", "--pairs", "nature", "--sortie", tmp_path / "sortie")
    texte = (tmp_path / "sortie" / "comparaison_21000000000010_2024.csv").read_text(encoding="utf-8-sig")
    ligne = next(csv.reader(io.StringIO(texte.splitlines()[1]), delimiter=";"))
    assert ligne[0] == "'=HYPERLINK(\"x\")" and ligne[3] == "'@Commune"


def test_pairs_en_liste_ou_en_fichier(tmp_path):
    assert comparer.lire_pairs("region") == "region"
    assert comparer.lire_pairs("21760681300012, 2109012290001 8") == ["21760681300012", "21090122900018"]
    fichier = tmp_path / "pairs.csv"
    fichier.write_text("siret;nom\n21090122900018;Foix\n\n21130002500015;Allauch\n", encoding="utf-8-sig")
    assert comparer.lire_pairs(str(fichier)) == ["21090122900018", "21130002500015"]
    code, sortie, _ = lancer(AIFE, "--acheteur", SOTTEVILLE, "--annee", "toutes", "--pairs", fichier)
    assert code == 0 and "  Pairs : 2 organisations acheteuses (liste de 2 SIRET donnée)" in sortie.splitlines()
    assert "Attention : Seulement 2 pairs" in sortie


def test_pairs_mal_formes_messages_en_francais():
    with pytest.raises(ErreurParametre) as erreur:
        comparer.lire_pairs("21760681300012,123")
    assert str(erreur.value) == "la liste --pairs contient 1 SIRET mal formé(s) : 123. Un SIRET a 14 chiffres."
    with pytest.raises(ErreurParametre) as erreur:
        comparer.lire_pairs("voisins")
    assert str(erreur.value) == ("--pairs « voisins » : ni un choix connu (nature-taille, nature, departement, "
                                 "region), ni un fichier existant, ni une liste de SIRET séparés par des virgules.")


def test_fichier_absent_message_en_francais(tmp_path):
    from spaserlib.commun.erreurs import ErreurFichier

    with pytest.raises(ErreurFichier) as erreur:
        lancer(tmp_path / "absent.parquet", "--acheteur", SOTTEVILLE)
    assert str(erreur.value) == f"{tmp_path / 'absent.parquet'} : fichier introuvable. Vérifiez le chemin et le nom du fichier."


def test_le_module_de_commande_n_importe_rien_de_lourd():
    code = ("import sys, spaserlib.commandes.comparer; "
            "print(sorted(m for m in ('pandas', 'duckdb', 'matplotlib', 'numpy') if m in sys.modules))")
    sortie = subprocess.run([sys.executable, "-c", code], cwd=RACINE, capture_output=True, text=True, check=True)
    assert sortie.stdout.strip() == "[]"


def test_spaser_comparer_est_une_commande_du_kit(capsys):
    from spaserlib.cli import main

    assert main(["comparer", str(AIFE), "--acheteur", SOTTEVILLE, "--format", "json"]) == 0
    resultat = json.loads(capsys.readouterr().out)
    assert SOTTEVILLE in json.dumps(resultat)
    assert main(["comparer", str(AIFE), "--acheteur", "12345678901234"]) == 1
    assert "Erreur" in capsys.readouterr().err
