"""`spaser smart --document` : les objectifs d'un document, en tableau (terminal, JSON, CSV, HTML)."""

import json

import pytest

from spaserlib.cli import main
from tests import DONNEES

DOCUMENTS = DONNEES / "documents"


def test_json_sur_un_pdf(capsys):
    assert main(["smart", "--document", str(DOCUMENTS / "spaser_intercommunalite.pdf"), "--format", "json",
                 "--date", "2026-12-02"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["document"] == "spaser_intercommunalite.pdf"
    assert [o["texte"][:20] for o in d["objectifs"]] == ["Insérer une clause d", "Attribuer 10 % du mo",
                                                       "Diviser par deux la ", "Remplacer 60 % des v"]
    premier = d["objectifs"][0]
    assert premier["echeance"] == "2028-12-31" and premier["echeance_du_contexte"] is True
    assert premier["axe"] == "social" and premier["temporel"] == "rempli"


def test_tableau_du_terminal(capsys):
    assert main(["smart", "--document", str(DOCUMENTS / "politique_achats_departement.docx"), "--date", "2026-12-02"]) == 0
    sortie = capsys.readouterr().out
    assert sortie.startswith("Document : politique_achats_departement.docx — 4 objectif(s) repéré(s)\n")
    assert "1. porter à 25 % la part des achats réalisés auprès de PME du territoire d'ici 2028 ;\n" \
           "   sous « Politique d'achat du Département › 2. Nos engagements › Il s'engage à : »\n" in sortie
    assert "nan" not in sortie


def test_csv_pour_excel(tmp_path, capsys):
    sortie = tmp_path / "objectifs.csv"
    assert main(["smart", "--document", str(DOCUMENTS / "plan_hopital.odt"), "--format", "csv",
                 "--sortie", str(sortie), "--date", "2026-12-02"]) == 0
    assert capsys.readouterr().out == f"4 objectif(s) repéré(s) dans plan_hopital.odt : tableau écrit dans {sortie}\n"
    octets = sortie.read_bytes()
    assert octets.startswith("\ufeffObjectif;Titre au-dessus;Spécifique".encode("utf-8"))
    assert octets.count(b"\r\n") == 5


def test_html(tmp_path):
    sortie = tmp_path / "objectifs.html"
    assert main(["smart", "--document", str(DOCUMENTS / "feuille_de_route_ville.txt"), "--format", "html",
                 "--sortie", str(sortie)]) == 0
    html = sortie.read_text(encoding="utf-8")
    assert "<h1>Objectifs repérés — feuille_de_route_ville.txt</h1>" in html
    assert html.count("<tr><td>") == 5 and "Réserver au moins 5 lots par an" in html


@pytest.mark.parametrize("args, message", [
    (["smart", "Atteindre 30 %", "--document", "x.pdf"], "Donnez soit un objectif entre guillemets, soit --document"),
    (["smart", "Atteindre 30 %", "--format", "csv"], "Le format csv sert au tableau d'un document"),
    (["smart", "--document", "absent.docx"], "absent.docx : fichier introuvable."),
])
def test_erreurs_en_francais(capsys, args, message):
    assert main(args) == 1
    assert message in capsys.readouterr().err


def test_document_a_la_mauvaise_extension(tmp_path, capsys):
    f = tmp_path / "politique.rtf"
    f.write_text("{\\rtf1 Atteindre 30 %}", encoding="utf-8")
    assert main(["smart", "--document", str(f)]) == 1
    assert "l'extension « .rtf » n'est pas prise en charge" in capsys.readouterr().err
