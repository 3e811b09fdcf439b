"""`spaser demo` : rapport et projet de SPASER de l'organisation exemple, et où les ouvrir."""

import shutil

from spaserlib.documents import rapport
from spaserlib.cli import main
from spaserlib.lecture import organisation as organisations
from tests import TESTS

ICI = TESTS


def test_demo_produit_le_rapport_et_dit_ou_l_ouvrir(tmp_path, monkeypatch, capsys):
    exemple = tmp_path / "datasets" / "commune"
    shutil.copytree(ICI / "donnees" / "rapport" / "commune", exemple)
    monkeypatch.setattr(organisations, "organisations_exemples", lambda: [exemple])
    monkeypatch.setattr(rapport, "notebooks_par_defaut", lambda: [ICI / "notebooks" / "01_reussit_figure.ipynb"])
    assert main(["demo", "--sortie", str(tmp_path / "sorties")]) == 0
    sortie = capsys.readouterr().out
    dossier = tmp_path / "sorties" / "commune"
    assert f"rapport (navigateur)                   : {(dossier / 'index.html').as_uri()}" in sortie
    assert f"projet de SPASER (traitement de texte) : {dossier / 'projet-spaser.docx'}" in sortie
    assert sorted(p.name for p in dossier.iterdir()) == ["01_reussit_figure.html", "index.html", "projet-spaser.docx",
                                                       "projet-spaser.html", "rapport.json"]
    projet = (dossier / "projet-spaser.html").read_text(encoding="utf-8")
    assert "Réaliser 20 000 heures d&#39;insertion par an" in projet  # objectifs d'exemple du kit
    assert (tmp_path / "sorties" / "resume.md").exists()


def test_demo_sans_rapport(tmp_path, monkeypatch):
    exemple = tmp_path / "commune"
    shutil.copytree(ICI / "donnees" / "rapport" / "commune", exemple)
    monkeypatch.setattr(organisations, "organisations_exemples", lambda: [exemple])
    assert main(["demo", "--sortie", str(tmp_path / "s"), "--sans-rapport"]) == 0
    assert [p.name for p in (tmp_path / "s").iterdir()] == ["resume.md"]
