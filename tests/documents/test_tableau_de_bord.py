"""Classeur de suivi : feuilles, mise en forme, saisie relue, écriture atomique, commande."""

from datetime import date
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import pandas as pd
import pytest
from openpyxl import load_workbook

from spaserlib import cli
from spaserlib.commandes import tableau_de_bord as commande
from spaserlib.commun.erreurs import ErreurFichier
from spaserlib.objectifs.modele import Objectif
from spaserlib.documents.tableau_de_bord import FORMAT_EUROS, FORMAT_PART, ecrire_tableau_de_bord, lire_saisie
from tests import RACINE


def tables():
    marches = pd.DataFrame({
        "id": ["m1", "m2", "m3"], "famille": ["F1", "F1", "F2"], "nature": ["Marché"] * 3,
        "procedure": ["Procédure adaptée"] * 3, "cpv": ["30000000", "45000000", "79000000"],
        "montant_ht": [100_000.0, 300_000.0, 60_000.0],
        "date_notification": pd.to_datetime(["2024-03-01", "2025-03-01", "2025-06-01"]),
        "considerations_environnementales": ["Clause environnementale", "Pas de considération environnementale", None],
        "considerations_sociales": ["Clause sociale", "Pas de considération sociale", "Pas de considération sociale"],
    })
    achats = pd.DataFrame({
        "date": pd.to_datetime(["2025-01-10", "2025-02-10"]), "fournisseur": ["Régie de quartier", "BTP SA"],
        "siret": [None, None], "famille": ["F1", "F2"], "montant_ht": [2_500.0, 7_500.0], "marche_id": ["m1", "m2"],
    })
    return {"achats": achats, "marches": marches, "profil": {"nom": "Commune test", "type": "Commune"}}


OBJECTIFS = [Objectif("20 % de contrats avec clause sociale", axe="social", unite="part_nombre",
                      indicateur="clause_sociale", cible=20.0, echeance=date(2027, 12, 31))]


@pytest.fixture(scope="module")
def classeur(tmp_path_factory):
    chemin = ecrire_tableau_de_bord(tmp_path_factory.mktemp("classeur") / "suivi.xlsx", tables(), date_evaluation="2026-01-15",
                                    objectifs=OBJECTIFS, listes_fournisseurs={"SIAE": ["regie de quartier"]},
                                    saisie={"spaser_adopte": "non", "heures_insertion_realisees": 1200})
    return chemin


def test_feuilles_du_classeur(classeur):
    wb = load_workbook(classeur)
    noms = wb.sheetnames
    assert noms[0] == "Lisez-moi" and noms[-4:] == ["Cibles", "Obligations", "Saisie", "Communication"]
    assert noms[1:4] == ["Env. par année", "Social par année", "Env. par famille"]
    assert "Part SIAE" in noms and "Par genre" in noms
    assert all(len(n) <= 31 for n in noms) and len(set(noms)) == len(noms)
    assert wb["Lisez-moi"]["A1"].value == "Tableau de bord SPASER — Commune test"


def test_feuille_indicateur_mise_en_forme(classeur):
    ws = load_workbook(classeur)["Env. par année"]
    assert ws["A1"].value == "Contrats avec au moins une considération environnementale, par année de notification"
    assert "1 des 2 contrats" in ws["A2"].value
    entetes = [c.value for c in ws[4]]
    assert entetes[:2] == ["Année", "Contrats"]
    assert ws.freeze_panes == "A5" and ws.auto_filter.ref == "A4:K6"
    colonne_part = entetes.index("Part en nombre") + 1
    colonne_montant = entetes.index("Montant HT") + 1
    assert ws.cell(row=5, column=colonne_part).number_format == FORMAT_PART
    assert ws.cell(row=5, column=colonne_part).value == 1.0
    assert ws.cell(row=5, column=colonne_montant).number_format == FORMAT_EUROS
    assert ws.column_dimensions["A"].width >= 10


def test_obligations_et_cibles(classeur):
    wb = load_workbook(classeur)
    ws = wb["Obligations"]
    entetes = [c.value for c in ws[3]]
    regles = [r[0] for r in ws.iter_rows(min_row=4, values_only=True)]
    assert {"Règle", "Référence juridique", "Statut", "Fiabilité"} <= set(entetes)
    assert regles[0] == "spaser_obligation"
    statut = ws.cell(row=4, column=entetes.index("Statut") + 1).value
    assert statut == "non applicable"  # 10 000 € de dépenses en 2025
    cibles = [r[0] for r in wb["Cibles"].iter_rows(min_row=4, values_only=True) if r[0]]
    assert cibles[2] == "20 % de contrats avec clause sociale"
    assert len(wb["Cibles"]._images) == 2  # figures des deux cibles du PNAD (l'objectif propre n'a pas de série)


def test_saisie_prefillee_et_relue(classeur):
    saisie = lire_saisie(classeur)
    assert saisie == {"spaser_adopte": "non", "heures_insertion_realisees": 1200}
    ws = load_workbook(classeur)["Saisie"]
    cles = [r[0] for r in ws.iter_rows(min_row=4, values_only=True)]
    assert "egalim_bio_ht" in cles and "agec_9_reemploi_ht" in cles and "acheteurs_formes" in cles
    entetes = [c.value for c in ws[3]]
    ligne_heures = 4 + cles.index("heures_insertion_realisees")
    cellule = ws.cell(row=ligne_heures, column=entetes.index("Valeur") + 1)
    assert cellule.value == 1200 and cellule.number_format == "General"


def test_communication(classeur):
    ws = load_workbook(classeur)["Communication"]
    assert [c.value for c in ws[3]] == ["Public", "Message", "Canal", "Calendrier", "Porteur", "Indicateur"]
    assert ws.max_row == 3 + 4 + 1


def test_lire_saisie_erreurs(tmp_path):
    with pytest.raises(ErreurFichier, match="absent.xlsx : fichier introuvable"):
        lire_saisie(tmp_path / "absent.xlsx")
    from openpyxl import Workbook
    Workbook().save(tmp_path / "autre.xlsx")
    with pytest.raises(ErreurFichier, match="pas de feuille « Saisie »"):
        lire_saisie(tmp_path / "autre.xlsx")


def test_ecriture_atomique(tmp_path, monkeypatch):
    chemin = tmp_path / "suivi.xlsx"
    chemin.write_bytes(b"ancien")
    import openpyxl.workbook.workbook as module_wb

    def echec(self, nom):
        Path(nom).write_bytes(b"a moitie")
        raise OSError("disque plein")
    monkeypatch.setattr(module_wb.Workbook, "save", echec)
    with pytest.raises(OSError, match="disque plein"):
        ecrire_tableau_de_bord(chemin, tables(), date_evaluation="2026-01-15")
    assert chemin.read_bytes() == b"ancien"
    assert [p.name for p in tmp_path.iterdir()] == ["suivi.xlsx"]


# ---------------------------------------------------------------- commande

@pytest.fixture
def sans_lecture(monkeypatch):
    monkeypatch.setattr(commande, "charger", lambda chemin: tables())


def test_commande_ecrit_le_classeur(tmp_path, sans_lecture, capsys):
    (tmp_path / "siae.txt").write_text("Régie de quartier\n\n", encoding="utf-8")
    sortie = tmp_path / "suivi.xlsx"
    code = cli.main(["tableau-de-bord", "donnees", "--sortie", str(sortie), "--date", "2026-01-15",
                     "--fournisseurs", f"SIAE={tmp_path / 'siae.txt'}"])
    assert code == 0
    assert capsys.readouterr().out == f"Classeur de suivi écrit : {sortie} (évalué au 15/01/2026).\n"
    assert "Part SIAE" in load_workbook(sortie).sheetnames


def test_commande_reprend_la_saisie(tmp_path, sans_lecture):
    premier = ecrire_tableau_de_bord(tmp_path / "v1.xlsx", tables(), date_evaluation="2026-01-15",
                                     saisie={"spaser_publie_en_ligne": "oui"})
    sortie = tmp_path / "v2.xlsx"
    assert cli.main(["tableau-de-bord", "donnees", "--sortie", str(sortie), "--saisie", str(premier),
                     "--date", "2026-01-15"]) == 0
    assert lire_saisie(sortie) == {"spaser_publie_en_ligne": "oui"}


@pytest.mark.parametrize("options, message", [
    (["--date", "15/01/2026"], "Option --date « 15/01/2026 » illisible : écrivez la date AAAA-MM-JJ"),
    (["--fournisseurs", "siae.txt"], "Option --fournisseurs « siae.txt » : écrivez LIBELLE=FICHIER"),
    (["--fournisseurs", "SIAE=absent.txt"], "absent.txt : liste de fournisseurs introuvable."),
])
def test_commande_erreurs(tmp_path, sans_lecture, capsys, options, message):
    assert cli.main(["tableau-de-bord", "donnees", "--sortie", str(tmp_path / "s.xlsx"), *options]) == 1
    assert message in capsys.readouterr().err


def test_commande_refuse_de_modifier_la_saisie(tmp_path, sans_lecture, capsys):
    chemin = ecrire_tableau_de_bord(tmp_path / "v1.xlsx", tables(), date_evaluation="2026-01-15")
    avant = chemin.read_bytes()
    assert cli.main(["tableau-de-bord", "x", "--sortie", str(chemin), "--saisie", str(chemin)]) == 1
    assert "le kit ne modifie jamais un fichier d'entrée" in capsys.readouterr().err
    assert chemin.read_bytes() == avant


def test_commande_extension(tmp_path, sans_lecture, capsys):
    assert cli.main(["tableau-de-bord", "x", "--sortie", str(tmp_path / "s.ods")]) == 1
    assert "le classeur doit avoir l'extension .xlsx" in capsys.readouterr().err


def test_aide_en_francais():
    aide = cli.construire_parseur().format_help()
    assert "tableau-de-bord" in aide and "écrire le classeur de suivi" in aide


def test_noms_de_feuilles_courts_uniques_et_valides():
    from spaserlib.documents.tableau_de_bord import _nom_feuille

    deja = {"Saisie"}
    assert _nom_feuille("Part de la dépense allant aux ESAT/EA", deja) == "Part ESATEA"
    assert _nom_feuille("saisie", deja) == "saisie (2)"
    long = "Un nom d'indicateur beaucoup trop long pour une feuille"
    premier, second = _nom_feuille(long, deja), _nom_feuille(long, deja)
    assert len(premier) == len(second) == 31 and premier != second and second.endswith(" (2)")


# ---------------------------------------------------------------- lecture réelle (spaserlib.lecture.organisation)

ORGANISATION = RACINE / "tests" / "donnees" / "suivi" / "organisation"


def _ligne_obligation(ws, regle):
    entetes = [c.value for c in ws[3]]
    for ligne in ws.iter_rows(min_row=4, values_only=True):
        if ligne[0] == regle:
            return dict(zip(entetes, ligne))
    raise AssertionError(regle)


def test_commande_sur_un_dossier_d_organisation(tmp_path, capsys):
    sortie = tmp_path / "suivi.xlsx"
    assert cli.main(["tableau-de-bord", str(ORGANISATION), "--sortie", str(sortie), "--date", "2026-01-15"]) == 0
    wb = load_workbook(sortie)
    assert wb["Lisez-moi"]["A1"].value == "Tableau de bord SPASER — Commune de Suivi-sur-Loire (fictive)"
    spaser = _ligne_obligation(wb["Obligations"], "spaser_obligation")
    assert spaser["Statut"] == "à risque"  # 50 008 000,01 € en 2025 : soumise, adoption non saisie
    assert spaser["Montant HT"] == pytest.approx(50_008_000.01)
    mobilier = _ligne_obligation(wb["Obligations"], "agec_9")
    assert "calculée depuis les achats (8\u00a0000,00\u00a0€ HT)" in mobilier["Explication"]
    env = wb["Env. par année"]
    assert "1 des 2 contrats dont la considération environnementale est connue" in env["A2"].value


def test_commande_en_sous_processus_avant_le_seuil(tmp_path):
    import os
    import subprocess
    import sys

    sortie = tmp_path / "suivi.xlsx"
    env = {**os.environ, "PYTHONPATH": str(RACINE)}
    resultat = subprocess.run([sys.executable, "-m", "spaserlib", "tableau-de-bord", str(ORGANISATION),
                               "--sortie", str(sortie), "--date", "2025-01-15"],
                              capture_output=True, text=True, env=env, check=False)
    assert resultat.returncode == 0, resultat.stderr
    spaser = _ligne_obligation(load_workbook(sortie)["Obligations"], "spaser_obligation")
    assert spaser["Statut"] == "non applicable"  # 38 012 000 € en 2024
    assert spaser["Montant HT"] == pytest.approx(38_012_000)


def test_commande_avec_un_fichier_d_objectifs(tmp_path, sans_lecture):
    (tmp_path / "objectifs.yaml").write_text(
        "objectifs:\n"
        "  - libelle: 60 % des contrats avec une considération environnementale\n"
        "    axe: environnemental\n"
        "    unite: part_nombre\n"
        "    indicateur: part_considerations_environnementales\n"
        "    cible: 60\n"
        "    echeance: 2027-12-31\n", encoding="utf-8")
    sortie = tmp_path / "suivi.xlsx"
    assert cli.main(["tableau-de-bord", "x", "--sortie", str(sortie), "--date", "2026-01-15",
                     "--objectifs", str(tmp_path / "objectifs.yaml")]) == 0
    wb = load_workbook(sortie)
    cibles = [r for r in wb["Cibles"].iter_rows(min_row=4, values_only=True) if r[0]]
    assert cibles[2][0] == "60 % des contrats avec une considération environnementale"
    communication = [r[1] for r in wb["Communication"].iter_rows(min_row=4, values_only=True)]
    assert communication[-1].startswith("Faire connaître l'objectif « 60 % des contrats")


def test_objectifs_lus_comme_par_le_rapport(tmp_path, sans_lecture):
    # Un seul lecteur d'objectifs : « texte: » tient lieu de libellé ici comme dans spaser rapport.
    (tmp_path / "objectifs.yaml").write_text("- texte: 30 % de marchés avec une clause sociale d'ici 2027\n", encoding="utf-8-sig")
    sortie = tmp_path / "suivi.xlsx"
    assert cli.main(["tableau-de-bord", "x", "--sortie", str(sortie), "--date", "2026-01-15",
                     "--objectifs", str(tmp_path / "objectifs.yaml")]) == 0
    cibles = [r[0] for r in load_workbook(sortie)["Cibles"].iter_rows(min_row=4, values_only=True) if r[0]]
    assert "30 % de marchés avec une clause sociale d'ici 2027" in cibles


@pytest.mark.parametrize("contenu, message", [
    ("- axe: social\n", "objectif n° 1 : champ « libelle » absent. Donnez à chaque objectif un libellé"),
    ("objectifs: 3\n", "la clé « objectifs » ne contient pas une liste."),
    ("- libelle: x\n  echeance: fin 2027\n",
     "objectif n° 1 (« x »), champ « echeance » : date « fin 2027 » illisible. Écrivez l'échéance AAAA-MM-JJ"),
    ("- libelle: x\n  cible: 60 %\n", "objectif n° 1 (« x »), champ « cible » : « 60 % » n'est pas un nombre."),
    ("- [\n", "fichier d'objectifs illisible : syntaxe YAML ou JSON incorrecte, ligne 2, colonne 1."),
])
def test_fichier_d_objectifs_invalide(tmp_path, sans_lecture, capsys, contenu, message):
    (tmp_path / "o.yaml").write_text(contenu, encoding="utf-8")
    assert cli.main(["tableau-de-bord", "x", "--sortie", str(tmp_path / "s.xlsx"),
                     "--objectifs", str(tmp_path / "o.yaml")]) == 1
    assert message in capsys.readouterr().err


# ---------------------------------------------------------------- sûr à ouvrir

def test_textes_venus_des_donnees_jamais_en_formule(tmp_path):
    """Fournisseurs, objectif et nom d'organisation hostiles : aucune formule, aucun caractère de contrôle."""
    t = tables()
    t["achats"]["fournisseur"] = ["=1+1", "a\x1bb"]
    t["achats"]["montant_ht"] = [2_500.0, -45.0]
    t["profil"]["nom"] = "n\x00ul"
    objectifs = [Objectif("=1+1 % de contrats avec clause sociale\x1b", axe="social", unite="part_nombre",
                          indicateur="clause_sociale", cible=20.0, echeance=date(2027, 12, 31))]
    sortie = ecrire_tableau_de_bord(tmp_path / "suivi.xlsx", t, date_evaluation="2026-01-15", objectifs=objectifs,
                                    listes_fournisseurs={"SIAE": ["@SUM(A1)"]})
    wb = load_workbook(sortie)
    cellules = [c for ws in wb.worksheets for ligne in ws.iter_rows() for c in ligne]
    assert [c.coordinate for c in cellules if c.data_type == "f"] == []
    assert wb["Lisez-moi"]["A1"].value == "Tableau de bord SPASER — nul"
    ws = wb["Dépense par fournisseur"]
    assert [(ws["A5"].value, ws["A5"].data_type), (ws["A6"].value, ws["B6"].value)] == [("=1+1", "s"), ("ab", -45)]
    assert ws["B6"].data_type == "n"  # un avoir reste un montant, pas un texte
    assert wb["Cibles"]["A6"].value == "=1+1 % de contrats avec clause sociale"
