"""La date de référence d'un rapport (issue 15) : produit aujourd'hui, le 21 août 2026 n'est jamais présenté
comme à venir ; produit au 1er juin 2025 (`spaser rapport … --date 2025-06-01`), il l'est, dans les pages
comme dans le projet de SPASER. Deux notebooks seulement (02.01, 02.02) : ceux qui écrivent ces règles."""

import html
import json
import re
from datetime import date

import pytest

from spaserlib.cli import main
from spaserlib.documents.execution import Moteur
from spaserlib.documents.rapport import produire_rapport
from tests import RACINE, TESTS

COMMUNE = TESTS / "donnees" / "rapport" / "commune"
NOTEBOOKS = [RACINE / "notebooks" / "02.01-Cadre-juridique.ipynb",
             RACINE / "notebooks" / "02.02-Considerations-sociales-environnementales.ipynb"]
A_VENIR = ("À partir du 21 août 2026, toute consultation engagée devra comporter",)
EN_VIGUEUR = "Depuis le 21 août 2026, toute consultation engagée comporte"
# Toute tournure qui présente le 21 août 2026 comme une date future.
FUTUR = re.compile(r"à partir du 21 août 2026|devra comporter|devront comporter|s'appliquera|prochaine (grande )?échéance",
                   re.IGNORECASE)


def texte(chemin) -> str:
    """Le texte lu d'une page HTML (balises retirées, entités décodées, espaces réduits)."""
    brut = re.sub(r"<(script|style)\b.*?</\1>", " ", chemin.read_text(encoding="utf-8"), flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", brut)))


def texte_docx(chemin) -> str:
    from docx import Document

    return " ".join(p.text for p in Document(str(chemin)).paragraphs)


@pytest.fixture(scope="module")
def rapports(tmp_path_factory):
    dossier = tmp_path_factory.mktemp("dates")
    with Moteur() as moteur:
        aujourd_hui = produire_rapport(COMMUNE, dossier / "aujourdhui", notebooks=NOTEBOOKS, moteur=moteur)
    # Par la commande, comme un analyste : l'option --date va jusqu'aux notebooks et au projet.
    assert main(["rapport", str(COMMUNE), "--sortie", str(dossier / "2025"), "--date", "2025-06-01",
                 "--notebooks", *map(str, NOTEBOOKS)]) == 0
    return aujourd_hui, dossier / "2025"


def test_produit_aujourd_hui_le_21_aout_2026_est_en_vigueur(rapports):
    assert date.today() >= date(2026, 8, 21)  # ce test suppose qu'on l'exécute après la date (2026-12-02)
    dossier = rapports[0]
    pages = {p.name: texte(p) for p in dossier.glob("*.html")}
    pages["projet-spaser.docx"] = texte_docx(dossier / "projet-spaser.docx")
    for nom, contenu in pages.items():
        assert not FUTUR.search(contenu), (nom, FUTUR.search(contenu).group(0))
    assert EN_VIGUEUR in pages["02.02-Considerations-sociales-environnementales.html"]
    assert EN_VIGUEUR in pages["projet-spaser.html"] and EN_VIGUEUR in pages["projet-spaser.docx"]
    assert json.loads((dossier / "rapport.json").read_text(encoding="utf-8"))["date_reference"] == date.today().isoformat()


def test_produit_au_1er_juin_2025_le_21_aout_2026_est_a_venir(rapports):
    dossier = rapports[1]
    page_2026 = texte(dossier / "02.02-Considerations-sociales-environnementales.html")
    projet, docx = texte(dossier / "projet-spaser.html"), texte_docx(dossier / "projet-spaser.docx")
    for contenu in (page_2026, projet, docx):
        assert A_VENIR[0] in contenu
        assert EN_VIGUEUR not in contenu
    assert "Obligations évaluées au 01/06/2025" in texte(dossier / "02.01-Cadre-juridique.html")
    assert "Obligations légales au 01/06/2025" in projet
    assert "droit applicable lu au 01/06/2025" in texte(dossier / "index.html")
    assert "Droit applicable lu au 01/06/2025" in docx
    assert json.loads((dossier / "rapport.json").read_text(encoding="utf-8"))["date_reference"] == "2025-06-01"


def test_date_illisible_refusee_sans_rien_ecrire(tmp_path, capsys):
    assert main(["rapport", str(COMMUNE), "--sortie", str(tmp_path / "r"), "--date", "2025-13-01"]) == 1
    assert "Option --date « 2025-13-01 » illisible : écrivez la date AAAA-MM-JJ" in capsys.readouterr().err
    assert not (tmp_path / "r").exists()


def test_classe_la_date_entre_dans_l_empreinte(tmp_path):
    from spaserlib.documents.classe import Participant, empreinte

    p = Participant("Marie", COMMUNE, None, None, None, 2)
    assert empreinte(p, [], "2025-06-01") != empreinte(p, [], "2026-12-02")
    assert empreinte(p, [], "2025-06-01") == empreinte(p, [], "2025-06-01")


def test_option_date_reference_synonyme(tmp_path, capsys):
    # --date-reference est le nom du paramètre des notebooks ; même sens, même contrôle que --date.
    assert main(["smart", "Atteindre 30 % de marchés avec une clause sociale d'ici 2027", "--date-reference", "2025-06-01",
                 "--format", "json"]) == 0
    assert main(["tableau-de-bord", str(COMMUNE), "--sortie", str(tmp_path / "t.xlsx"), "--date-reference", "2025-13-01"]) == 1
    assert "Option --date « 2025-13-01 » illisible" in capsys.readouterr().err


@pytest.mark.parametrize("jour, seuil, indicateurs", [
    (date(2022, 12, 31), "Seuil : 100 M€ HT", "applicable à partir du 1er janvier 2023"),
    (date(2023, 1, 1), "Seuil : 50 M€ HT", "en vigueur depuis le 1er janvier 2023"),
])
def test_projet_seuil_d2111_3_de_part_et_d_autre_du_1er_janvier_2023(jour, seuil, indicateurs):
    from spaserlib.documents.projet_spaser import construire_projet
    from spaserlib.lecture.organisation import charger_organisation

    projet = construire_projet(charger_organisation(COMMUNE), date_reference=jour)
    contexte = " ".join(str(b.contenu) for b in projet.sections[0].blocs)
    assert seuil in contexte and indicateurs in contexte
    assert projet.date_reference == jour and f"Droit applicable lu au {jour:%d/%m/%Y}." in projet.en_tete
