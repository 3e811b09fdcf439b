"""Sorties tableur sûres à ouvrir : formules venues des données neutralisées, caractères de contrôle
retirés, nombres gardés, CSV pour Excel en français."""

import csv

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

from spaserlib.commun.tableur import (
    LONGUEUR_CELLULE_XLSX,
    cellule_sure,
    classeur_sur,
    ecrire_csv,
    table_sure,
    texte_sans_controle,
)

HOSTILES = ["=1+1", "+33 1", "-2", "@SUM(A1)", "\tx", "\rx", "a\x1bb", "n\x00ul"]
EN_CSV = ["'=1+1", "'+33 1", "'-2", "'@SUM(A1)", "'\tx", "'\rx", "ab", "nul"]
EN_XLSX = ["=1+1", "+33 1", "-2", "@SUM(A1)", "\tx", "\rx", "ab", "nul"]


@pytest.mark.parametrize("valeur, csv_, xlsx", list(zip(HOSTILES, EN_CSV, EN_XLSX)))
def test_cellule_sure(valeur, csv_, xlsx):
    assert cellule_sure(valeur) == csv_
    assert cellule_sure(valeur, "xlsx") == xlsx


def test_les_nombres_et_les_textes_ordinaires_ne_changent_pas():
    for valeur in (-45.0, 0, 12, None, True, pd.Timestamp("2025-01-31"), "Papeterie du Centre", "", "a-b", "1 + 1"):
        assert cellule_sure(valeur) is valeur or cellule_sure(valeur) == valeur
    assert cellule_sure("\x00=1+1") == "'=1+1"  # un caractère de contrôle ne cache pas la formule
    assert cellule_sure("ligne 1\nligne 2\tfin") == "ligne 1\nligne 2\tfin"  # saut de ligne et tabulation intérieurs gardés


def test_caracteres_interdits_par_openpyxl_et_le_xml():
    assert texte_sans_controle("a\x00\x01\x08\x0b\x0c\x0e\x1b\x1f\x7fb\ufffe\ud800") == "ab"
    assert cellule_sure("x" * (LONGUEUR_CELLULE_XLSX + 10), "xlsx") == "x" * (LONGUEUR_CELLULE_XLSX - 1) + "…"


def test_format_inconnu():
    with pytest.raises(ValueError, match="format de tableur inconnu « ods » ; formats possibles : csv, xlsx."):
        cellule_sure("x", "ods")


def test_ecrire_csv_pour_excel_en_francais(tmp_path):
    table = pd.DataFrame({"fournisseur": HOSTILES + ["Papeterie ; Centre"], "montant_ht": [-45.0, 1234.5, 0, 1, 2, 3, 4, 5, 6],
                          "lignes": range(9), "mele": [1.5, "x", None, 3, "=a", 5, 6, 7, 8]})
    chemin = ecrire_csv(table, tmp_path / "sortie" / "table.csv")
    brut = chemin.read_bytes()
    assert brut.startswith("\ufefffournisseur;montant_ht;lignes;mele\r\n".encode("utf-8"))
    assert b'"\'\rx"' in brut  # un retour chariot dans un texte : entre guillemets
    assert b"\x00" not in brut and b"\x1b" not in brut
    with open(chemin, encoding="utf-8-sig", newline="") as f:
        lignes = list(csv.DictReader(f, delimiter=";"))
    assert [l["fournisseur"] for l in lignes] == EN_CSV + ["Papeterie ; Centre"]
    assert [l["montant_ht"] for l in lignes[:2]] == ["-45,0", "1234,5"]  # virgule décimale, sans apostrophe
    assert [l["mele"] for l in lignes[:5]] == ["1,5", "x", "", "3", "'=a"]
    relu = pd.read_csv(chemin, sep=";", decimal=",", encoding="utf-8-sig")
    assert relu["montant_ht"].tolist()[:2] == [-45.0, 1234.5]  # un avoir reste un nombre
    assert [p.name for p in chemin.parent.iterdir()] == ["table.csv"]  # écrit d'un bloc, sans temporaire


def test_ecrire_csv_depuis_des_dictionnaires(tmp_path):
    chemin = ecrire_csv(({"nom": n, "duree": 1.25} for n in ("=A1", "Bob")), tmp_path / "r.csv", colonnes=["nom", "duree"])
    assert chemin.read_bytes().decode("utf-8-sig") == "nom;duree\r\n'=A1;1,25\r\nBob;1,25\r\n"


def test_table_sure_xlsx_et_noms_de_colonnes():
    table = pd.DataFrame({"=x": ["a\x1bb", None], "n": [1.5, -2.0]}).astype({"=x": "category"})
    sure = table_sure(table, "xlsx")
    assert list(sure.columns) == ["=x", "n"] and sure["=x"].tolist()[0] == "ab" and sure["n"].tolist() == [1.5, -2.0]
    assert list(table_sure(table).columns) == ["'=x", "n"]
    assert table["=x"].tolist()[0] == "a\x1bb"  # l'original n'est pas modifié


def test_classeur_sur_aucune_formule_apres_relecture(tmp_path):
    wb = Workbook()
    ws = wb.active
    for i, valeur in enumerate(HOSTILES + [-45.0, "=", "Texte ordinaire"], start=1):
        ws.cell(row=i, column=1, value=cellule_sure(valeur, "xlsx"))
    assert ws["A1"].data_type == "f"  # openpyxl range « =1+1 » parmi les formules…
    wb.create_sheet("Deux")["C3"] = "=HYPERLINK(\"http://exemple.invalid\")"
    classeur_sur(wb)
    assert ws.max_row == 11 and wb["Deux"].max_row == 3  # aucune cellule vide ajoutée
    wb.save(tmp_path / "c.xlsx")
    relu = load_workbook(tmp_path / "c.xlsx")
    cellules = [c for f in relu.worksheets for l in f.iter_rows() for c in l if c.value is not None]
    assert [c.coordinate for c in cellules if c.data_type == "f"] == []  # … classeur_sur en fait des textes
    assert [c.value for c in relu.active["A"]] == EN_XLSX + [-45, "=", "Texte ordinaire"]
    assert relu.active["A9"].data_type == "n"  # le montant négatif reste un nombre
    assert relu["Deux"]["C3"].value == "=HYPERLINK(\"http://exemple.invalid\")"
    # Une feuille seule se traite aussi.
    feuille = Workbook().active
    feuille["A1"] = "=2+2"
    assert classeur_sur(feuille)["A1"].data_type == "s"


def test_un_probleme_ne_montre_jamais_un_caractere_de_controle_brut():
    from spaserlib.commun.erreurs import Probleme

    texte = str(Probleme("a.csv", 3, "fournisseur", "SOC\x1b[2J\x00", "caractère de contrôle.", "Corrigez la cellule."))
    assert "\x1b" not in texte and "\x00" not in texte and "SOC⟨U+001B⟩[2J⟨U+0000⟩" in texte
