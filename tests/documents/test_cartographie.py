"""Cartographie complète en mémoire, achats approchés depuis les marchés, mise en forme tableur."""

import warnings

import pandas as pd
import pytest

from spaserlib.documents.cartographie import TITULAIRE_ABSENT, _pour_tableur, achats_depuis_marches, cartographier
from spaserlib.commun.erreurs import ErreurParametre


def test_achats_depuis_marches_premier_titulaire_et_montant_notifie():
    marches = pd.DataFrame({
        "id": ["M1", "M2", "M3", "M4"], "famille": ["F1", "F1", "F2", "F2"],
        "titulaires": ["Alpha ; Bêta", "  Gamma", None, ""], "montant_ht": [300.0, 100, 600, None],
        "date_notification": pd.to_datetime(["2024-01-10", "2024-02-01", "2024-03-01", "2024-04-01"]),
    })
    achats = achats_depuis_marches(marches)
    assert achats["fournisseur"].tolist() == ["Alpha", "Gamma", TITULAIRE_ABSENT]  # M4 sans montant : pas une dépense
    assert achats["montant_ht"].tolist() == [300, 100, 600] and achats["marche_id"].tolist() == ["M1", "M2", "M3"]


def test_cartographier_sans_achats():
    with pytest.raises(ErreurParametre, match="Aucune ligne d'achat : la cartographie"):
        cartographier(pd.DataFrame(columns=["fournisseur", "famille", "montant_ht"]))


def test_pour_tableur():
    table = pd.DataFrame({"montant_net": [6290240.879999999], "part": [0.123456789], "surcharge": [True]})
    assert _pour_tableur(table).iloc[0].tolist() == [6290240.88, 0.123457, "oui"]


# --- sorties sûres à ouvrir (OWASP : injection de formules ; caractères de contrôle) ---------------

NOMS_HOSTILES = ["=1+1", "+33 1", "-2", "@SUM(A1)", "\tx", "a\x1bb", "n\x00ul"]


@pytest.fixture
def cartographie_hostile(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    from spaserlib.documents.cartographie import ecrire_cartographie

    achats = pd.DataFrame({
        "date": pd.to_datetime(["2025-03-01"] * 9),
        "fournisseur": NOMS_HOSTILES + ["Papeterie du Centre", "Avoir seul"],
        "famille": ["F-INFO"] * 9,
        "montant_ht": [100.0, 200, 300, 400, 500, 600, 700, 800, -45.0],
        "objet": ['=HYPERLINK("http://exemple.invalid")'] * 9,
    })
    with warnings.catch_warnings():  # figures : matplotlib avertit des glyphes absents (tabulation, etc.)
        warnings.simplefilter("ignore", UserWarning)
        ecrire_cartographie(cartographier(achats), tmp_path)
    return tmp_path


def test_cartographie_xlsx_sans_formule_venue_des_donnees(cartographie_hostile):
    from openpyxl import load_workbook

    classeur = load_workbook(cartographie_hostile / "cartographie.xlsx")
    formules = [f"{f.title}!{c.coordinate}" for f in classeur.worksheets for l in f.iter_rows() for c in l if c.data_type == "f"]
    assert formules == []
    feuille = classeur["Pareto fournisseurs"]
    entete = [c.value for c in feuille[1]]
    noms = [l[entete.index("fournisseur")] for l in feuille.iter_rows(min_row=2, values_only=True)]
    # Le texte est gardé tel quel (sans apostrophe), les caractères de contrôle sont retirés.
    assert set(noms) == {"=1+1", "+33 1", "-2", "@SUM(A1)", "\tx", "ab", "nul", "Papeterie du Centre", "Avoir seul"}
    avoir = next(l for l in feuille.iter_rows(min_row=2, values_only=True) if l[0] == "Avoir seul")
    assert avoir[entete.index("montant_net")] == -45.0  # un montant négatif reste un nombre


def test_cartographie_csv_neutralise_les_formules(cartographie_hostile):
    import csv

    brut = (cartographie_hostile / "pareto_fournisseurs.csv").read_bytes()
    assert brut.startswith(b"\xef\xbb\xbf") and b"\x00" not in brut and b"\x1b" not in brut
    with open(cartographie_hostile / "pareto_fournisseurs.csv", encoding="utf-8-sig", newline="") as f:
        lignes = list(csv.DictReader(f, delimiter=";"))
    noms = {l["fournisseur"] for l in lignes}
    assert noms == {"'=1+1", "'+33 1", "'-2", "'@SUM(A1)", "'\tx", "ab", "nul", "Papeterie du Centre", "Avoir seul"}
    avoir = next(l for l in lignes if l["fournisseur"] == "Avoir seul")
    assert avoir["montant_net"] == "-45,0"  # un nombre, virgule décimale, sans apostrophe
    relu = pd.read_csv(cartographie_hostile / "pareto_fournisseurs.csv", sep=";", decimal=",", encoding="utf-8-sig")
    assert relu.loc[relu["fournisseur"] == "Avoir seul", "montant_net"].tolist() == [-45.0]
    assert "Un texte qui commence par « = », « + », « - » ou « @ » y reçoit une apostrophe en tête" in \
        pd.read_excel(cartographie_hostile / "cartographie.xlsx", sheet_name="À lire")["note"].iloc[-1]
