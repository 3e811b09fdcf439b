"""`spaser analyser` : tables CSV (Excel français), classeur XLSX, figures PNG, écriture d'un bloc."""

import os
import subprocess
import sys
import types
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from spaserlib import cli
from spaserlib.nomenclature import familles

RACINE = Path(__file__).resolve().parents[1]
FICHIER = RACINE / "tests" / "donnees" / "cartographie" / "achats.csv"
pytestmark = pytest.mark.filterwarnings("error")


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


@pytest.fixture
def organisation_factice(monkeypatch):
    """Remplace la lecture des organisations (écrite par ailleurs) par une table faite main."""
    module = types.ModuleType("spaserlib.organisation")
    donnees = {"achats": achats(), "marches": marches()}

    def charger_organisation(chemin):
        return types.SimpleNamespace(nom="Commune fictive", achats=donnees["achats"], marches=donnees["marches"])

    module.charger_organisation = charger_organisation
    monkeypatch.setitem(sys.modules, "spaserlib.organisation", module)
    return donnees


ATTENDUS = [
    "pareto_fournisseurs.csv", "pareto_familles.csv", "kraljic.csv", "enjeux.csv", "strategies.csv",
    "cartographie.xlsx", "pareto_fournisseurs.png", "pareto_familles.png", "kraljic.png",
]


def test_ecrit_tous_les_fichiers(organisation_factice, tmp_path, capsys):
    sortie = tmp_path / "resultats"
    assert cli.main(["analyser", "donnees", "--sortie", str(sortie)]) == 0
    assert sorted(p.name for p in sortie.iterdir()) == sorted(ATTENDUS)  # aucun fichier temporaire laissé
    sortie_texte = capsys.readouterr().out
    assert "Cartographie des achats — Commune fictive" in sortie_texte
    assert "des fournisseurs" in sortie_texte and "Familles par quadrant : stratégiques" in sortie_texte
    assert "UTF-8 avec BOM, séparateur « ; » et virgule décimale, pour Excel en français" in sortie_texte


def test_csv_pour_excel_francais(organisation_factice, tmp_path):
    cli.main(["analyser", "donnees", "--sortie", str(tmp_path)])
    brut = (tmp_path / "pareto_fournisseurs.csv").read_bytes()
    assert brut.startswith(b"\xef\xbb\xbf")
    entete, premiere = brut.decode("utf-8-sig").splitlines()[:2]
    assert entete.split(";")[:4] == ["fournisseur", "montant_net", "lignes", "part"]
    assert "," in premiere.split(";")[3]  # virgule décimale
    relu = pd.read_csv(tmp_path / "pareto_fournisseurs.csv", sep=";", decimal=",", encoding="utf-8-sig")
    attendu = organisation_factice["achats"].groupby("fournisseur")["montant_ht"].sum()
    assert relu.set_index("fournisseur")["montant_net"].to_dict() == pytest.approx(attendu.to_dict())


def test_table_kraljic_complete(organisation_factice, tmp_path):
    cli.main(["analyser", "donnees", "--sortie", str(tmp_path)])
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


def test_classeur_une_feuille_par_table(organisation_factice, tmp_path):
    cli.main(["analyser", "donnees", "--sortie", str(tmp_path)])
    classeur = openpyxl.load_workbook(tmp_path / "cartographie.xlsx", read_only=True)
    assert classeur.sheetnames == ["À lire", "Pareto fournisseurs", "Pareto familles", "Kraljic", "Enjeux", "Stratégies"]
    assert "consensus de praticiens" in " ".join(str(c.value) for ligne in classeur["À lire"].rows for c in ligne)


def test_figures_png(organisation_factice, tmp_path):
    cli.main(["analyser", "donnees", "--sortie", str(tmp_path)])
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


def test_sans_depenses(organisation_factice, tmp_path, capsys):
    organisation_factice["achats"] = achats().iloc[0:0]
    assert cli.main(["analyser", "donnees", "--sortie", str(tmp_path)]) == 1
    assert "aucune ligne de dépense lue. La commande analyser a besoin des dépenses" in capsys.readouterr().err


def test_aide_en_francais():
    resultat = subprocess.run([sys.executable, "-m", "spaserlib", "analyser", "--help"], capture_output=True,
                              text=True, env={**os.environ, "PYTHONPATH": str(RACINE)}, check=True)
    assert "Excel en français" in resultat.stdout and "--sortie DOSSIER" in resultat.stdout


def test_vraie_lecture_d_un_fichier_csv(tmp_path):
    pytest.importorskip("spaserlib.organisation", reason="lecture des organisations pas encore fusionnée")
    avant = FICHIER.read_bytes()
    resultat = subprocess.run([sys.executable, "-m", "spaserlib", "analyser", str(FICHIER), "--sortie", str(tmp_path)],
                              capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(RACINE)})
    assert resultat.returncode == 0, resultat.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(ATTENDUS)
    assert FICHIER.read_bytes() == avant
