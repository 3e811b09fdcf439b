"""`spaser analyser` : tables CSV (Excel français), classeur XLSX, figures PNG, écriture d'un bloc."""

import contextlib
import io
import os
import subprocess
import sys
import types

import numpy as np
import openpyxl
import pandas as pd
import pytest

from spaserlib import cli
from spaserlib.lecture import organisation
from spaserlib.commun.nomenclature import familles
from tests import RACINE

FICHIER = RACINE / "tests" / "donnees" / "cartographie" / "achats.csv"
pytestmark = pytest.mark.filterwarnings("error")
# Importer toutes les commandes maintenant, avec la vraie lecture : une commande qui importe
# `charger_organisation` par son nom ne doit pas garder la version remplacée par ces tests.
cli.construire_parseur()


def achats():
    rng = np.random.default_rng(3)
    codes = familles()["code"].head(8).tolist()
    n = 400
    return pd.DataFrame(
        {
            "date": pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 365, n), unit="D"),
            "fournisseur": rng.choice([f"Fournisseur {i}" for i in range(30)], n),
            "famille": rng.choice(codes, n),
            "montant_ht": rng.lognormal(8, 1, n),
        }
    )


def marches():
    codes = familles()["code"].head(3).tolist()
    return pd.DataFrame(
        {
            "famille": codes,
            "consideration_environnementale": pd.array([True, None, False], dtype="boolean"),
            "consideration_sociale": pd.array([None, None, True], dtype="boolean"),
        }
    )


def _remplacer_lecture(monkeypatch):
    """Donne à la commande une organisation faite main (achats et marchés dont la réponse est connue).

    La vraie lecture des fichiers est testée à part (`test_vraie_lecture_d_un_fichier_csv`).
    """
    donnees = {"achats": achats(), "marches": marches()}

    def charger_organisation(chemin):
        return types.SimpleNamespace(nom="Commune fictive", achats=donnees["achats"], marches=donnees["marches"])

    monkeypatch.setattr(organisation, "charger_organisation", charger_organisation)
    return donnees


@pytest.fixture
def organisation_factice(monkeypatch):
    return _remplacer_lecture(monkeypatch)


@pytest.fixture(scope="module")
def analyse(tmp_path_factory):
    """Une seule exécution de `spaser analyser`, partagée par les tests qui lisent ses fichiers."""
    sortie = tmp_path_factory.mktemp("analyse") / "resultats"
    texte = io.StringIO()
    with pytest.MonkeyPatch.context() as monkeypatch, contextlib.redirect_stdout(texte):
        donnees = _remplacer_lecture(monkeypatch)
        code = cli.main(["analyser", "donnees", "--sortie", str(sortie)])
    return types.SimpleNamespace(code=code, sortie=sortie, texte=texte.getvalue(), donnees=donnees)


ATTENDUS = [
    "pareto_fournisseurs.csv", "pareto_familles.csv", "kraljic.csv", "grille_kraljic.csv", "enjeux.csv", "strategies.csv",
    "cartographie.xlsx", "pareto_fournisseurs.png", "pareto_familles.png", "kraljic.png",
]


def test_ecrit_tous_les_fichiers(analyse):
    assert analyse.code == 0
    assert sorted(p.name for p in analyse.sortie.iterdir()) == sorted(ATTENDUS)  # aucun fichier temporaire laissé
    sortie_texte = analyse.texte
    assert "Cartographie des achats — Commune fictive" in sortie_texte
    assert "des fournisseurs" in sortie_texte and "Familles par quadrant : stratégiques" in sortie_texte
    assert "UTF-8 avec BOM, séparateur « ; » et virgule décimale, pour Excel en français" in sortie_texte


def test_csv_pour_excel_francais(analyse):
    tmp_path = analyse.sortie
    brut = (tmp_path / "pareto_fournisseurs.csv").read_bytes()
    assert brut.startswith(b"\xef\xbb\xbf")
    entete, premiere = brut.decode("utf-8-sig").splitlines()[:2]
    assert entete.split(";")[:4] == ["fournisseur", "montant_net", "lignes", "part"]
    assert "," in premiere.split(";")[3]  # virgule décimale
    relu = pd.read_csv(tmp_path / "pareto_fournisseurs.csv", sep=";", decimal=",", encoding="utf-8-sig")
    attendu = analyse.donnees["achats"].groupby("fournisseur")["montant_ht"].sum()
    assert relu.set_index("fournisseur")["montant_net"].to_dict() == pytest.approx(attendu.to_dict())


def test_table_kraljic_complete(analyse):
    tmp_path = analyse.sortie
    kraljic = pd.read_csv(tmp_path / "kraljic.csv", sep=";", decimal=",", encoding="utf-8-sig")
    for colonne in ("score_part_depense", "score_complexite_marche", "score_impact", "score_risque",
                    "quadrant_calcule", "quadrant", "surcharge", "motif_surcharge", "strategie",
                    "pratique_publique", "leviers_responsables", "explication"):
        assert colonne in kraljic.columns, colonne
    assert set(kraljic["surcharge"]) == {"non"}
    assert kraljic["pratique_publique"].str.contains("CCP").all()
    enjeux = pd.read_csv(tmp_path / "enjeux.csv", sep=";", decimal=",", encoding="utf-8-sig")
    premiere = familles()["code"].iloc[0]
    assert enjeux.set_index("famille").loc[premiere, "marches_env_oui"] == 1


def test_classeur_une_feuille_par_table(analyse):
    tmp_path = analyse.sortie
    classeur = openpyxl.load_workbook(tmp_path / "cartographie.xlsx", read_only=True)
    assert classeur.sheetnames == ["À lire", "Pareto fournisseurs", "Pareto familles", "Kraljic", "Grille Kraljic",
                                   "Enjeux", "Stratégies"]
    assert "consensus de praticiens" in " ".join(str(c.value) for ligne in classeur["À lire"].rows for c in ligne)


def test_figures_png(analyse):
    tmp_path = analyse.sortie
    for nom in ("pareto_fournisseurs.png", "pareto_familles.png", "kraljic.png"):
        assert (tmp_path / nom).read_bytes()[:4] == b"\x89PNG"


def test_periode_et_seuils(organisation_factice, tmp_path):
    assert cli.main(["analyser", "donnees", "--sortie", str(tmp_path), "--debut", "2024-07-01",
                     "--seuils", "0.7", "0.9"]) == 0
    table = pd.read_csv(tmp_path / "pareto_fournisseurs.csv", sep=";", decimal=",", encoding="utf-8-sig")
    donnees = organisation_factice["achats"]
    assert table["montant_net"].sum() == pytest.approx(donnees.loc[donnees["date"] >= "2024-07-01", "montant_ht"].sum())


def test_erreur_sans_rien_ecrire(organisation_factice, tmp_path, capsys):
    sortie = tmp_path / "resultats"
    assert cli.main(["analyser", "donnees", "--sortie", str(sortie), "--seuils", "0.95", "0.8"]) == 1
    assert "Seuils de Pareto incohérents" in capsys.readouterr().err
    assert not sortie.exists()


def test_ni_depenses_ni_marches(organisation_factice, tmp_path, capsys):
    organisation_factice["achats"] = achats().iloc[0:0]
    organisation_factice["marches"] = marches().iloc[0:0]
    assert cli.main(["analyser", "donnees", "--sortie", str(tmp_path)]) == 1
    assert "aucune ligne de dépense ni aucun marché lus. La commande analyser a besoin des dépenses" in capsys.readouterr().err


def test_sans_depenses_analyse_les_marches_en_le_disant(organisation_factice, tmp_path, capsys):
    codes = familles()["code"].head(2).tolist()
    organisation_factice["achats"] = achats().iloc[0:0]
    organisation_factice["marches"] = pd.DataFrame({
        "id": ["M1", "M2", "M3"], "famille": [codes[0], codes[0], codes[1]],
        "titulaires": ["Alpha ; Bêta", "Gamma", None], "montant_ht": [300.0, 100, 600],
        "date_notification": pd.to_datetime(["2024-01-10", "2024-02-01", "2024-03-01"]),
        "consideration_environnementale": pd.array([True, False, None], dtype="boolean"),
        "consideration_sociale": pd.array([None, None, None], dtype="boolean"),
    })
    assert cli.main(["analyser", "donnees", "--sortie", str(tmp_path)]) == 0
    assert "Attention : Aucune dépense lue : la cartographie porte sur les 3 marchés" in capsys.readouterr().out
    table = pd.read_csv(tmp_path / "pareto_fournisseurs.csv", sep=";", decimal=",", encoding="utf-8-sig")
    assert table.set_index("fournisseur")["montant_net"].to_dict() == {
        "(titulaire non renseigné)": 600, "Alpha": 300, "Gamma": 100}
    classeur = openpyxl.load_workbook(tmp_path / "cartographie.xlsx", read_only=True)
    try:  # un classeur en lecture seule garde son fichier ouvert jusqu'à close()
        texte = " ".join(str(c.value) for ligne in classeur["À lire"].rows for c in ligne)
    finally:
        classeur.close()
    assert "approximation de la dépense" in texte


def test_aide_en_francais():
    resultat = subprocess.run([sys.executable, "-m", "spaserlib", "analyser", "--help"], capture_output=True,
                              text=True, env={**os.environ, "PYTHONPATH": str(RACINE)}, check=True)
    assert "Excel en français" in resultat.stdout and "--sortie DOSSIER" in resultat.stdout


def test_vraie_lecture_d_un_fichier_csv(tmp_path):
    avant = FICHIER.read_bytes()
    resultat = subprocess.run([sys.executable, "-m", "spaserlib", "analyser", str(FICHIER), "--sortie", str(tmp_path)],
                              capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(RACINE)})
    assert resultat.returncode == 0, resultat.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(ATTENDUS)
    assert FICHIER.read_bytes() == avant
    # 41 lignes lues (dont un avoir) : le total net des fournisseurs est celui du fichier.
    brut = pd.read_csv(FICHIER, sep=";", decimal=",")
    table = pd.read_csv(tmp_path / "pareto_fournisseurs.csv", sep=";", decimal=",", encoding="utf-8-sig")
    assert table["montant_net"].sum() == pytest.approx(brut["montant_ht"].sum())
    assert "Cartographie des achats — achats" in resultat.stdout


def test_criteres_manuels_et_surcharges_en_csv(organisation_factice, tmp_path, capsys):
    codes = familles()["code"].head(2).tolist()
    criteres = tmp_path / "criteres.csv"
    criteres.write_text(f"famille;continuite_service;visibilite\n{codes[0]};4;2,5\n", encoding="utf-8-sig")
    surcharges = tmp_path / "surcharges.csv"
    surcharges.write_text(f"famille;impact;risque;quadrant;motif\n{codes[1]};;;critiques;fournisseur unique local\n",
                          encoding="utf-8")
    sortie = tmp_path / "resultats"
    assert cli.main(["analyser", "donnees", "--sortie", str(sortie), "--criteres", str(criteres),
                     "--surcharges", str(surcharges)]) == 0
    assert "Surcharges motivées appliquées : 1 famille(s)" in capsys.readouterr().out
    kraljic = pd.read_csv(sortie / "kraljic.csv", sep=";", decimal=",", encoding="utf-8-sig").set_index("famille")
    assert kraljic.loc[codes[0], "score_continuite_service"] == 4 and kraljic.loc[codes[0], "score_visibilite"] == 2.5
    assert kraljic.loc[codes[1], "quadrant"] == "critiques" and kraljic.loc[codes[1], "surcharge"] == "oui"
    assert kraljic.loc[codes[1], "motif_surcharge"] == "fournisseur unique local"


def test_surcharge_sans_motif_refusee(organisation_factice, tmp_path, capsys):
    code = familles()["code"].iloc[0]
    surcharges = tmp_path / "surcharges.csv"
    surcharges.write_text(f"famille;quadrant;motif\n{code};simples;\n", encoding="utf-8")
    assert cli.main(["analyser", "donnees", "--sortie", str(tmp_path / "r"), "--surcharges", str(surcharges)]) == 1
    assert f"Surcharges, ligne 2 : Surcharge de la famille « {code} » refusée : le motif est obligatoire" in capsys.readouterr().err
    assert not (tmp_path / "r").exists()


def test_fichier_de_saisie_introuvable(organisation_factice, tmp_path, capsys):
    assert cli.main(["analyser", "donnees", "--sortie", str(tmp_path), "--criteres", str(tmp_path / "absent.csv")]) == 1
    assert "absent.csv : fichier introuvable." in capsys.readouterr().err


def test_organisation_d_exemple(tmp_path):
    dossier = RACINE / "datasets" / "val-fleuri"
    avant = {p: p.stat().st_mtime_ns for p in dossier.rglob("*") if p.is_file()}
    assert cli.main(["analyser", str(dossier), "--sortie", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(ATTENDUS)
    assert {p: p.stat().st_mtime_ns for p in dossier.rglob("*") if p.is_file()} == avant
    kraljic = pd.read_csv(tmp_path / "kraljic.csv", sep=";", decimal=",", encoding="utf-8-sig")
    assert kraljic["quadrant"].isin(["stratégiques", "leviers", "critiques", "simples"]).all()
    enjeux = pd.read_csv(tmp_path / "enjeux.csv", sep=";", decimal=",", encoding="utf-8-sig")
    assert enjeux["nb_marches"].sum() > 0  # les marchés de l'exemple sont rattachés aux familles


def _analyser_sur_deux_ans(monkeypatch, tmp_path, *options, annee_profil=None):
    """`spaser analyser` sur des dépenses de 2024 et 2025 (2025 dix fois plus petite, pour que les
    chiffres d'une année et des deux diffèrent)."""
    deux_ans = pd.concat([achats(), achats().assign(date=lambda t: t["date"] + pd.DateOffset(years=1),
                                                     montant_ht=lambda t: t["montant_ht"] / 10)])
    monkeypatch.setattr(organisation, "charger_organisation", lambda chemin: types.SimpleNamespace(
        nom="Commune fictive", achats=deux_ans, marches=marches(), annee=annee_profil))
    texte = io.StringIO()
    with contextlib.redirect_stdout(texte):
        code = cli.main(["analyser", "donnees", "--sortie", str(tmp_path / "s"), *options])
    relu = pd.read_csv(tmp_path / "s" / "pareto_fournisseurs.csv", sep=";", decimal=",", encoding="utf-8-sig")
    notes = pd.read_excel(tmp_path / "s" / "cartographie.xlsx", sheet_name="À lire")
    return code, texte.getvalue(), float(relu["montant_net"].sum()), deux_ans, notes


def test_periode_par_defaut_l_annee_de_reference(monkeypatch, tmp_path):
    """Sans option, la cartographie porte sur la dernière année complète (2025), et le dit partout :
    en-tête, phrase de Pareto, feuille « À lire » du classeur (issue 14)."""
    code, texte, total, deux_ans, notes = _analyser_sur_deux_ans(monkeypatch, tmp_path)
    assert code == 0
    attendu = deux_ans.loc[deux_ans["date"].dt.year == 2025, "montant_ht"].sum()
    assert total == pytest.approx(attendu)
    assert "Commune fictive, dépenses en 2025" in texte and "de la dépense nette en 2025 (classe A" in texte
    assert notes.loc[notes["sujet"] == "Période", "note"].iloc[0].startswith("Dépenses en 2025")


def test_periode_annee_du_profil_puis_plusieurs_annees_sur_demande(monkeypatch, tmp_path):
    code, texte, total, deux_ans, _ = _analyser_sur_deux_ans(monkeypatch, tmp_path, annee_profil=2024)
    assert code == 0 and "dépenses en 2024" in texte
    assert total == pytest.approx(deux_ans.loc[deux_ans["date"].dt.year == 2024, "montant_ht"].sum())
    code, texte, total, deux_ans, _ = _analyser_sur_deux_ans(
        monkeypatch, tmp_path, "--debut", "2024-01-01", "--fin", "2025-12-31", annee_profil=2024)
    assert code == 0 and "dépenses sur 2024-2025" in texte and "nette sur 2024-2025" in texte
    assert total == pytest.approx(deux_ans["montant_ht"].sum())


def test_annee_et_bornes_ensemble_refusees(monkeypatch, tmp_path, capsys):
    _remplacer_lecture(monkeypatch)
    code = cli.main(["analyser", "donnees", "--sortie", str(tmp_path / "s"), "--annee", "2024", "--debut", "2024-01-01"])
    assert code != 0
    assert "Donnez soit --annee, soit --debut et --fin" in capsys.readouterr().err
