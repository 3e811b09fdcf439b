"""Lecture bornée des classeurs (XLSX, ODS) : valeurs comme pandas les lit, et, sur des classeurs
fabriqués au hasard (titres, totaux, cellules fusionnées, formules, lignes vides), aucune ligne de
données perdue en silence et aucune autre erreur que `ErreurFichier`."""

import datetime as dt
import math

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spaserlib.commun.erreurs import ERREUR, ErreurFichier
from spaserlib.lecture.classeurs import lire_feuilles
from spaserlib.lecture.fichiers import lire_achats
from spaserlib.lecture.tableurs import est_libelle_de_total
from tests import DONNEES

TABLEURS = DONNEES / "tableurs"


def _sans_nan(lignes):
    return [[None if isinstance(v, float) and math.isnan(v) else v for v in ligne] for ligne in lignes]


def _comme_pandas(chemin):
    """Les lignes non vides de la première feuille, lues par pandas (la lecture d'avant le kit borné)."""
    brut = pd.read_excel(chemin, sheet_name=0, header=None, dtype=object,
                         engine="odf" if str(chemin).endswith(".ods") else "openpyxl")
    lignes = []
    for i, ligne in enumerate(brut.itertuples(index=False), start=1):
        valeurs = list(ligne)
        while valeurs and isinstance(valeurs[-1], float) and math.isnan(valeurs[-1]):
            valeurs.pop()
        if valeurs:
            lignes.append((i, _sans_nan([valeurs])[0]))
    return lignes


@pytest.mark.parametrize("nom", ["depenses.xlsx", "depenses.ods"])
def test_memes_valeurs_que_pandas(nom):
    feuille = lire_feuilles(TABLEURS / nom)[0]
    assert [(n, _sans_nan([c])[0]) for n, c in feuille.lignes] == _comme_pandas(TABLEURS / nom)


@pytest.mark.parametrize("libelle, attendu", [
    ("Total", True), ("TOTAL GÉNÉRAL", True), ("Total général HT", True), ("Sous-total", True),
    ("sous total 2024", True), ("Total :", True), ("Totaux", True), ("Total des dépenses", True),
    ("TOTAL ENERGIES", False), ("TotalEnergies", False), ("Total Marketing France", False),
    ("Papeterie Durand", False), (12, False), (None, False),
])
def test_libelle_de_total(libelle, attendu):
    assert est_libelle_de_total(libelle) is attendu


def test_zip_abime_erreur_claire(tmp_path):
    chemin = tmp_path / "faux.ods"
    chemin.write_bytes(b"PK\x03\x04 pas vraiment un zip")
    with pytest.raises(ErreurFichier, match=r"faux.ods : le classeur ne peut pas être ouvert \(BadZipFile\)"):
        lire_feuilles(chemin)


def test_feuille_non_lue_signalee(tmp_path):
    import openpyxl

    classeur = openpyxl.Workbook()
    classeur.active.append(["Date", "Fournisseur", "Montant HT"])
    classeur.active.append([dt.datetime(2024, 1, 15), "A", 10])
    autre = classeur.create_sheet("2023")
    autre.append(["Date", "Fournisseur", "Montant HT"])
    classeur.create_sheet("Vide")
    chemin = tmp_path / "deux_feuilles.xlsx"
    classeur.save(chemin)
    lecture = lire_achats(chemin)
    assert [str(p) for p in lecture.problemes] == [(
        f"Avertissement — {chemin} (valeur : « 2023 ») : la feuille « 2023 » n'est pas lue : le kit lit une feuille "
        "par fichier, ici « Sheet » (la première dont l'en-tête est reconnu). Si cette feuille contient aussi des "
        "données à analyser, enregistrez-la dans un fichier à part.")]


# --- Classeurs fabriqués au hasard -----------------------------------------------------------------

GENRES = ["donnee", "donnee", "donnee", "vide", "total", "sous_total", "formule", "fusion"]
COLONNES = ["Date", "Fournisseur", "Montant HT", "Objet"]

classeur_au_hasard = st.fixed_dictionaries({
    "titres": st.integers(0, 3),
    "vides_avant": st.integers(0, 2),
    "colonnes": st.permutations(COLONNES).flatmap(lambda p: st.integers(3, 4).map(
        lambda n: [c for c in p if c != "Objet"] + (["Objet"] if n == 4 else []))),
    "lignes": st.lists(st.sampled_from(GENRES), min_size=1, max_size=10),
    "dates_en_texte": st.booleans(),
    "montants_en_texte": st.booleans(),
})


def _plan(spec):
    """Ce que le classeur contient : (numéro de ligne, genre, {colonne: valeur}), ligne d'en-tête comprise."""
    numero = spec["titres"] + spec["vides_avant"] + 1
    plan = []
    for k, genre in enumerate(spec["lignes"]):
        numero += 1
        jour = dt.datetime(2024, 1, 1 + k)
        montant = 100 + k + 0.5
        valeurs = {
            "Date": jour.strftime("%d/%m/%Y") if spec["dates_en_texte"] else jour,
            "Fournisseur": f"Fournisseur {k}",
            "Montant HT": f"{montant:.2f}".replace(".", ",") if spec["montants_en_texte"] else montant,
            "Objet": f"Objet {k}",
        }
        if genre == "vide":
            valeurs = {}
        elif genre == "total":
            valeurs = {spec["colonnes"][0]: "Total général", "Montant HT": 1234.5}
            valeurs[spec["colonnes"][0]] = "Total général"
        elif genre == "sous_total":
            valeurs = {"Fournisseur": "Sous-total", "Montant HT": 99.0}
        plan.append((numero, genre, valeurs))
    return plan


def _xlsx(chemin, spec):
    import openpyxl

    classeur = openpyxl.Workbook()
    feuille = classeur.active
    largeur = len(spec["colonnes"])
    for t in range(spec["titres"]):
        feuille.cell(t + 1, 1, f"Dépenses 2024 — titre {t + 1}")
        feuille.merge_cells(start_row=t + 1, start_column=1, end_row=t + 1, end_column=largeur)
    entete = spec["titres"] + spec["vides_avant"] + 1
    for j, nom in enumerate(spec["colonnes"], start=1):
        feuille.cell(entete, j, nom)
    for numero, genre, valeurs in _plan(spec):
        for j, nom in enumerate(spec["colonnes"], start=1):
            if nom in valeurs:
                valeur = valeurs[nom]
                if genre == "formule" and nom == "Montant HT":
                    valeur = "=1+1"  # formule sans valeur calculée (écrite par un programme, pas par Excel)
                feuille.cell(numero, j, valeur)
        if genre == "fusion":  # la date et la cellule d'à côté fusionnées : la seconde est perdue à l'écriture
            j = spec["colonnes"].index("Date") + 1
            voisine = j + 1 if j < largeur else j - 1
            feuille.merge_cells(start_row=numero, start_column=min(j, voisine), end_row=numero,
                                end_column=max(j, voisine))
    classeur.save(chemin)


def _ods(chemin, spec):
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import CoveredTableCell, Table, TableCell, TableRow
    from odf.text import P

    def cellule(valeur, **options):
        if isinstance(valeur, dt.datetime):
            c = TableCell(valuetype="date", datevalue=valeur.strftime("%Y-%m-%d"), **options)
            c.addElement(P(text=valeur.strftime("%d/%m/%Y")))
        elif isinstance(valeur, (int, float)):
            c = TableCell(valuetype="float", value=valeur, **options)
            c.addElement(P(text=str(valeur)))
        else:
            c = TableCell(valuetype="string", **options)
            c.addElement(P(text=valeur))
        return c

    document = OpenDocumentSpreadsheet()
    table = Table(name="Mandats")
    largeur = len(spec["colonnes"])
    for t in range(spec["titres"]):
        ligne = TableRow()
        ligne.addElement(cellule(f"Dépenses 2024 — titre {t + 1}", numbercolumnsspanned=largeur))
        for _ in range(largeur - 1):
            ligne.addElement(CoveredTableCell())
        table.addElement(ligne)
    if spec["vides_avant"]:
        vide = TableRow(numberrowsrepeated=spec["vides_avant"])
        vide.addElement(TableCell())
        table.addElement(vide)
    entete = TableRow()
    for nom in spec["colonnes"]:
        entete.addElement(cellule(nom))
    table.addElement(entete)
    for numero, genre, valeurs in _plan(spec):
        ligne = TableRow()
        colonnes = list(spec["colonnes"])
        j = 0
        while j < len(colonnes):
            nom = colonnes[j]
            if genre == "fusion" and nom == "Date" and j + 1 < len(colonnes):
                ligne.addElement(cellule(valeurs[nom], numbercolumnsspanned=2))
                ligne.addElement(CoveredTableCell())
                j += 2
                continue
            if nom not in valeurs:
                ligne.addElement(TableCell())
            elif genre == "formule" and nom == "Montant HT":
                ligne.addElement(cellule(2, formula="of:=1+1"))
            else:
                ligne.addElement(cellule(valeurs[nom]))
            j += 1
        table.addElement(ligne)
    document.spreadsheet.addElement(table)
    document.save(str(chemin))


def _verifier_rien_de_perdu(chemin, spec):
    try:
        lecture = lire_achats(chemin)
    except ErreurFichier:
        return  # le seul échec permis ; il dit quoi faire
    fournisseurs = lecture.table["fournisseur"].tolist()
    lignes_en_erreur = {p.ligne for p in lecture.problemes if p.gravite == ERREUR}
    totaux = {p.ligne for p in lecture.problemes if p.code == "ligne_de_total"}
    donnees = 0
    for numero, genre, valeurs in _plan(spec):
        if genre in ("donnee", "formule", "fusion"):
            donnees += 1
            garde = fournisseurs.count(valeurs["Fournisseur"]) == 1
            assert garde or numero in lignes_en_erreur, f"ligne {numero} ({genre}) perdue en silence"
            if genre == "donnee":
                assert garde, f"ligne {numero} complète écartée"
        elif genre == "total":
            assert numero in totaux, f"ligne de total {numero} non signalée"
        elif genre == "sous_total":
            assert numero in totaux or numero in lignes_en_erreur, f"sous-total {numero} ni signalé ni écarté"
    assert "Total général" not in fournisseurs and "Sous-total" not in fournisseurs
    assert len(fournisseurs) + len(lignes_en_erreur) == donnees + sum(
        1 for n, g, _ in _plan(spec) if g == "sous_total" and n in lignes_en_erreur)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(spec=classeur_au_hasard)
def test_xlsx_au_hasard_rien_de_perdu_en_silence(tmp_path, spec):
    chemin = tmp_path / "hasard.xlsx"
    _xlsx(chemin, spec)
    _verifier_rien_de_perdu(chemin, spec)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(spec=classeur_au_hasard)
def test_ods_au_hasard_rien_de_perdu_en_silence(tmp_path, spec):
    chemin = tmp_path / "hasard.ods"
    _ods(chemin, spec)
    _verifier_rien_de_perdu(chemin, spec)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(spec=classeur_au_hasard, ods=st.booleans())
def test_classeur_au_hasard_memes_valeurs_que_pandas(tmp_path, spec, ods):
    chemin = tmp_path / ("hasard.ods" if ods else "hasard.xlsx")
    (_ods if ods else _xlsx)(chemin, spec)
    feuille = lire_feuilles(chemin)[0]
    assert [(n, _sans_nan([c])[0]) for n, c in feuille.lignes] == _comme_pandas(chemin)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(contenu=st.binary(max_size=400), ods=st.booleans())
def test_zip_arbitraire_seulement_erreur_fichier(tmp_path, contenu, ods):
    import zipfile

    chemin = tmp_path / ("f.ods" if ods else "f.xlsx")
    with zipfile.ZipFile(chemin, "w") as archive:
        archive.writestr("content.xml" if ods else "xl/worksheets/sheet1.xml", contenu)
        archive.writestr("[Content_Types].xml", contenu[:50])
    try:
        lire_achats(chemin)
    except ErreurFichier:
        pass
