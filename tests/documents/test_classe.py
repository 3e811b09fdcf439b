"""Les rapports d'une classe : fichier des participants, réserve de processus, relance, résumé."""

import csv
import os
import shutil
from pathlib import Path

import pytest

from spaserlib.documents.classe import (ECHOUE, FAIT, INCHANGE, Resultat, ecrire_resume, lire_participants, produire_classe,
                                       texte_resume)
from spaserlib.cli import main
from spaserlib.commun.erreurs import ErreurFichier
from tests import TESTS

ICI = TESTS
COMMUNE = ICI / "donnees" / "rapport" / "commune"
OBJECTIFS = ICI / "donnees" / "rapport" / "objectifs.yaml"
NB = [ICI / "notebooks" / "01_reussit_figure.ipynb"]


def ecrire(chemin: Path, texte: str) -> Path:
    chemin.write_text(texte, encoding="utf-8")
    return chemin


@pytest.fixture
def classe(tmp_path):
    """Trois participants : un bon, un dont une cellule échoue, un sans données.

    Les données de Bob sont lisibles par le kit (le fichier est reconnu à ses colonnes), mais le
    notebook de test lit « achats.csv », que Bob a nommé « mandats.csv » : la cellule échoue.
    """
    shutil.copytree(COMMUNE, tmp_path / "alice")
    shutil.copy(OBJECTIFS, tmp_path / "objectifs.yaml")
    shutil.copytree(COMMUNE, tmp_path / "bob")
    (tmp_path / "bob" / "achats.csv").rename(tmp_path / "bob" / "mandats.csv")
    return ecrire(tmp_path / "participants.csv",
                  "nom;donnees;objectifs\nAlice Été;alice;objectifs.yaml\nBob;bob;\nChloé;absente;\n")


def lire_resume(dossier: Path) -> list[dict]:
    """resume.csv est pour Excel en français : « ; », virgule décimale, UTF-8 avec BOM."""
    with open(dossier / "resume.csv", encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f, delimiter=";"))


def test_lire_participants_chemins_relatifs_au_csv(classe):
    participants = lire_participants(classe)
    assert [p.nom for p in participants] == ["Alice Été", "Bob", "Chloé"]
    assert participants[0].donnees == classe.parent / "alice" and participants[0].objectifs == classe.parent / "objectifs.yaml"
    assert participants[1].objectifs is None and participants[0].ligne == 2


def test_colonne_manquante(tmp_path):
    with pytest.raises(ErreurFichier, match=r"colonne\(s\) absente\(s\) : donnees. La première ligne doit nommer les colonnes"):
        lire_participants(ecrire(tmp_path / "p.csv", "nom,objectifs\nA,o.yaml\n"))


def test_noms_en_double(tmp_path):
    with pytest.raises(ErreurFichier, match=r"ligne 3, colonne « nom » \(valeur : « equipe a »\) : même dossier de sortie « equipe-a » que la ligne 2"):
        lire_participants(ecrire(tmp_path / "p.csv", "nom,donnees\nÉquipe A,x\nequipe a,y\n"))


def test_annee_illisible(tmp_path):
    with pytest.raises(ErreurFichier, match=r"ligne 2, colonne « annee » \(valeur : « 24 bis »\) : année illisible"):
        lire_participants(ecrire(tmp_path / "p.csv", "nom,donnees,annee\nA,x,24 bis\n"))


def test_donnees_vides(tmp_path):
    with pytest.raises(ErreurFichier, match=r"ligne 2, colonne « donnees » : chemin vide pour « A »"):
        lire_participants(ecrire(tmp_path / "p.csv", "nom,donnees\nA,\n"))


def test_classe_un_echec_n_arrete_pas_les_autres_puis_relance(classe, tmp_path):
    sortie = tmp_path / "sortie"
    resultats = produire_classe(classe, sortie, jobs=2, notebooks=NB, progression=False)
    statuts = {r.participant: (r.statut, r.etape) for r in resultats}
    assert statuts == {"Alice Été": (FAIT, ""), "Bob": (ECHOUE, "exécution de 01_reussit_figure"),
                       "Chloé": (ECHOUE, "lecture des données")}
    bob = next(r for r in resultats if r.participant == "Bob")
    assert "cellule n° 3 : FileNotFoundError" in bob.raison and "achats.csv" in bob.raison
    assert (sortie / "alice-ete" / "index.html").exists() and not (sortie / "bob").exists()
    resume = lire_resume(sortie)
    assert [(l["participant"], l["statut"]) for l in resume] == [("Alice Été", FAIT), ("Bob", ECHOUE), ("Chloé", ECHOUE)]
    html = (sortie / "resume.html").read_text(encoding="utf-8")
    assert 'href="alice-ete/index.html"' in html and "lecture des données" in html

    # Relance : Alice n'a pas changé, elle est sautée ; les échecs sont retentés.
    relance = produire_classe(classe, sortie, jobs=2, notebooks=NB, progression=False)
    assert [r.statut for r in relance] == [INCHANGE, ECHOUE, ECHOUE]

    # Des objectifs modifiés changent l'empreinte : le rapport est refait.
    with open(tmp_path / "objectifs.yaml", "a", encoding="utf-8") as f:
        f.write("  - libelle: Un objectif de plus\n")
    apres = produire_classe(classe, sortie, jobs=1, notebooks=NB, progression=False)
    assert apres[0].statut == FAIT
    assert "1 fait(s), 0 inchangé(s), 2 échoué(s)" in texte_resume(apres)


def test_force_refait_tout(tmp_path):
    shutil.copytree(COMMUNE, tmp_path / "alice")
    participants = ecrire(tmp_path / "p.csv", "nom,donnees\nAlice,alice\n")
    assert [r.statut for r in produire_classe(participants, tmp_path / "s", notebooks=[], progression=False)] == [FAIT]
    assert [r.statut for r in produire_classe(participants, tmp_path / "s", notebooks=[], progression=False)] == [INCHANGE]
    assert [r.statut for r in produire_classe(participants, tmp_path / "s", notebooks=[], force=True, progression=False)] == [FAIT]


def test_commande_classe(classe, tmp_path, capsys):
    code = main(["classe", str(classe), "--sortie", str(tmp_path / "s"), "--jobs", "2", "--notebooks", str(NB[0])])
    sortie = capsys.readouterr().out
    assert code == 1  # au moins un participant a échoué
    assert "3 participant(s) : 1 fait(s), 0 inchangé(s), 2 échoué(s)." in sortie
    assert "✘ Chloé — étape « lecture des données »" in sortie
    assert "resume.html" in sortie


def test_commande_classe_jobs_invalide(classe, tmp_path, capsys):
    assert main(["classe", str(classe), "--sortie", str(tmp_path / "s"), "--jobs", "0"]) == 1
    assert "--jobs vaut 0 : il faut au moins 1" in capsys.readouterr().err


def test_resume_csv_pour_excel_et_sans_formule(tmp_path):
    noms = ["=1+1", "+33 1", "-2", "@SUM(A1)", "\tx", "a\x1bb", "n\x00ul"]
    resultats = [Resultat(nom, FAIT, duree_s=1.5, dossier=str(tmp_path / f"p{i}")) for i, nom in enumerate(noms)]
    resultats.append(Resultat("Bob", ECHOUE, "lecture des données", "=cmd|' /C calc'!A0", 0.25))
    ecrire_resume(resultats, tmp_path)
    assert (tmp_path / "resume.csv").read_bytes().startswith(b"\xef\xbb\xbfparticipant;statut;etape;raison;duree_s;dossier")
    resume = lire_resume(tmp_path)
    assert [l["participant"] for l in resume] == ["'=1+1", "'+33 1", "'-2", "'@SUM(A1)", "'\tx", "ab", "nul", "Bob"]
    assert resume[-1]["raison"] == "'=cmd|' /C calc'!A0"
    assert [l["duree_s"] for l in resume[-2:]] == ["1,5", "0,25"]  # virgule décimale


def test_un_tube_nomme_en_donnees_echoue_sans_bloquer_la_classe(tmp_path):
    shutil.copytree(COMMUNE, tmp_path / "alice")
    os.mkfifo(tmp_path / "tube")
    participants = ecrire(tmp_path / "participants.csv", "nom;donnees\nAlice;alice\nTube;tube\n")
    resultats = {r.participant: r for r in produire_classe(participants, tmp_path / "sortie", jobs=1, notebooks=NB,
                                                           progression=False)}
    assert resultats["Alice"].statut == FAIT
    assert resultats["Tube"].statut == ECHOUE and resultats["Tube"].etape == "lecture des données"
    assert "ni un fichier ordinaire ni un dossier" in resultats["Tube"].raison
