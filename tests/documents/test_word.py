"""Le projet de SPASER en Word : mise en page A4, couverture, table des matières, en-tête et pied de page,
styles nommés, tableaux pleine largeur dimensionnés selon leur contenu, annexes, modèle de la collectivité."""

import io
import re
import subprocess
import zipfile

import pytest
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from spaserlib.commun.erreurs import ErreurFichier
from spaserlib.documents.projet_spaser import Section, construire_projet
from spaserlib.documents.word import (INSTRUCTION_TDM, ecrire_docx, largeur_texte, largeurs_colonnes,
                                      TEXTE_TABLE_DES_MATIERES)
from spaserlib.lecture.organisation import charger_organisation
from spaserlib.objectifs.fichiers import lire_objectifs
from tests import TESTS, outil

COMMUNE = TESTS / "donnees" / "rapport" / "commune"
OBJECTIFS = TESTS / "donnees" / "rapport" / "objectifs.yaml"
TITRES = {"Heading 1": 1, "Heading 2": 2, "Heading 3": 3}


@pytest.fixture(scope="module")
def projet():
    projet = construire_projet(charger_organisation(COMMUNE), objectifs=lire_objectifs(OBJECTIFS)[0])
    projet.edition = "Édition 2027-2029"
    projet.sections.append(Section("Annexe de méthode : sources des données", annexe=True).paragraphe("Méthode d'essai."))
    return projet


@pytest.fixture(scope="module")
def docx(projet, tmp_path_factory):
    return ecrire_docx(projet, tmp_path_factory.mktemp("word") / "projet.docx")


def corps(document):
    """Les paragraphes du corps du document, dans l'ordre (hors tableaux)."""
    return [p for p in document.paragraphs]


def saut_de_page(paragraphe) -> bool:
    return bool(paragraphe._p.xpath('.//w:br[@w:type="page"]'))


def instructions(element) -> list[str]:
    return [t.text.strip() for t in element.iter(qn("w:instrText"))]


def test_a4_portrait_avec_marges(docx):
    section = Document(str(docx)).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    for marge in (section.left_margin, section.right_margin, section.top_margin, section.bottom_margin):
        assert Mm(15) <= marge <= Mm(30)


def test_couverture_puis_saut_de_page(docx, projet):
    paragraphes = corps(Document(str(docx)))
    fin = next(i for i, p in enumerate(paragraphes) if saut_de_page(p))
    couverture = [p.text for p in paragraphes[:fin]]
    assert couverture[0] == projet.organisation
    assert "Édition 2027-2029" in couverture and "Projet soumis à délibération" in couverture
    assert any(re.fullmatch(r"Document du \d{1,2}(er)? \w+ \d{4}", t) for t in couverture)
    assert paragraphes[0].style.name == "Couverture organisation"
    assert not any(p.style.name.startswith("Heading") for p in paragraphes[:fin])  # pas dans la table des matières


def test_couverture_sans_edition_n_ecrit_pas_de_ligne_vide(tmp_path):
    projet = construire_projet(charger_organisation(COMMUNE))
    projet.edition = projet.validite = ""
    paragraphes = corps(Document(str(ecrire_docx(projet, tmp_path / "p.docx"))))
    fin = next(i for i, p in enumerate(paragraphes) if saut_de_page(p))
    assert all(p.text.strip() for p in paragraphes[:fin])


def test_table_des_matieres_champ_mis_a_jour_a_l_ouverture(docx):
    document = Document(str(docx))
    assert INSTRUCTION_TDM == 'TOC \\o "1-3" \\h \\z \\u'
    assert INSTRUCTION_TDM in instructions(document.element.body)
    assert document.settings.element.find(qn("w:updateFields")).get(qn("w:val")) == "true"
    paragraphes = corps(document)
    debut = next(i for i, p in enumerate(paragraphes) if INSTRUCTION_TDM in instructions(p._p))
    assert paragraphes[debut - 1].style.name == "TOC Heading" and paragraphes[debut].text == TEXTE_TABLE_DES_MATIERES
    assert TEXTE_TABLE_DES_MATIERES.startswith("Table des matières : mettre à jour le champ")
    # Le résultat affiché avant mise à jour : une entrée par titre, dans l'ordre, au bon niveau, avec un lien.
    entrees = [p for p in paragraphes if p.style.name.startswith("TOC ") and p.style.name != "TOC Heading"]
    titres = [p for p in paragraphes if p.style.name in TITRES]
    assert [(e.text, e.style.name) for e in entrees] == [(t.text, f"TOC {TITRES[t.style.name]}") for t in titres]
    signets = {b.get(qn("w:name")) for t in titres for b in t._p.iter(qn("w:bookmarkStart"))}
    liens = {h.get(qn("w:anchor")) for e in entrees for h in e._p.iter(qn("w:hyperlink"))}
    assert len(signets) == len(titres) and liens == signets
    fin = paragraphes.index(entrees[-1])
    assert [m.get(qn("w:fldCharType")) for p in paragraphes[debut:fin + 1] for m in p._p.iter(qn("w:fldChar"))] == \
        ["begin", "separate", "end"]
    assert saut_de_page(paragraphes[fin + 1])


def test_en_tete_et_pied_de_page_sauf_sur_la_couverture(docx, projet):
    section = Document(str(docx)).sections[0]
    assert section.different_first_page_header_footer
    assert projet.organisation in section.header.paragraphs[0].text and "Édition 2027-2029" in section.header.paragraphs[0].text
    assert section.header.paragraphs[0].style.name == "Header"
    pied = section.footer.paragraphs[0]
    assert pied.style.name == "Footer" and instructions(pied._p) == ["PAGE", "NUMPAGES"]
    assert re.sub(r"\d", "", pied.text) == "Page  sur "
    assert not section.first_page_header.is_linked_to_previous and section.first_page_header.paragraphs[0].text == ""
    assert not section.first_page_footer.is_linked_to_previous and not instructions(section.first_page_footer._element)


def test_styles_nommes_sans_mise_en_forme_directe(docx):
    document = Document(str(docx))
    permis = {"Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "List Bullet", "Intense Quote", "TOC Heading",
              "TOC 1", "TOC 2", "TOC 3", "Couverture organisation", "Couverture mention", "Couverture statut"}
    assert {p.style.name for p in document.paragraphs} <= permis
    assert {"Heading 1", "Heading 2", "List Bullet"} <= {p.style.name for p in document.paragraphs}
    cellules = [p for t in document.tables for r in t.rows for c in r.cells for p in c.paragraphs]
    assert {p.style.name for p in cellules} <= {"Texte de tableau", "En-tête de tableau", "Texte de tableau dense",
                                                "En-tête de tableau dense"}
    assert {t.style.name for t in document.tables} == {"Tableau SPASER"}
    assert document.styles["Tableau SPASER"].type == WD_STYLE_TYPE.TABLE
    # Aucune mise en forme directe : ni sur les caractères, ni sur les paragraphes (hors style et sauts de page).
    corps_xml = document.element.body
    assert [r for r in corps_xml.iter(qn("w:r")) if r.rPr is not None] == []
    for pPr in corps_xml.iter(qn("w:pPr")):
        assert {enfant.tag for enfant in pPr} <= {qn("w:pStyle")}, pPr.xml


def test_tableaux_pleine_largeur_et_en_tete_repete(docx):
    document = Document(str(docx))
    largeur = largeur_texte(document.sections[0])
    section = document.sections[0]
    assert round(section.left_margin.mm) == round(section.right_margin.mm) == 20
    assert largeur == int((section.page_width - section.left_margin - section.right_margin) / 635)
    assert abs(largeur - 170 * 56.7) < 5  # 170 mm (1 mm = 56,7 twips)
    assert len(document.tables) >= 5
    for table in document.tables:
        tblW = table._tbl.tblPr.find(qn("w:tblW"))
        assert (tblW.get(qn("w:w")), tblW.get(qn("w:type"))) == ("5000", "pct")
        assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        grille = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.iter(qn("w:gridCol"))]
        assert sum(grille) == largeur
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
        assert all(r._tr.trPr.find(qn("w:tblHeader")) is None for r in table.rows[1:])


def test_colonnes_dimensionnees_selon_le_contenu(docx):
    document = Document(str(docx))
    controle = next(t for t in document.tables if [c.text for c in t.rows[0].cells] == ["Exigence", "Référence", "Statut", "Détail"])
    grille = [int(c.get(qn("w:w"))) for c in controle._tbl.tblGrid.iter(qn("w:gridCol"))]
    assert len(set(grille)) == 4  # des colonnes inégales
    assert grille.index(max(grille)) == 3  # « Détail », la plus bavarde, est la plus large
    fiche = next(t for t in document.tables if [c.text for c in t.rows[0].cells] == ["Rubrique", "Contenu"])
    rubrique, contenu = [int(c.get(qn("w:w"))) for c in fiche._tbl.tblGrid.iter(qn("w:gridCol"))]
    assert rubrique < contenu


def test_largeurs_colonnes_bornes():
    largeur = 9600
    longues = ["Une explication longue qui occupe plusieurs lignes dans la cellule du tableau " * 2] * 3
    largeurs = largeurs_colonnes(["Date", "Explication"], [["31/12/2027", t] for t in longues], largeur)
    assert sum(largeurs) == largeur and largeurs[0] < largeurs[1]
    assert largeurs[0] >= len("31/12/2027") * 9 * 20 * 0.55  # la date tient sur une ligne
    # Même contenu : mêmes largeurs (à un twip près, l'arrondi).
    egales = largeurs_colonnes(["A", "B", "C"], [["texte", "texte", "texte"]], largeur)
    assert max(egales) - min(egales) <= 2 and sum(egales) == largeur
    # Tout tient sur une ligne : le surplus est partagé, la somme vaut toujours la largeur.
    courtes = largeurs_colonnes(["Année", "Montant"], [["2025", "12,9 M€"]], largeur)
    assert sum(courtes) == largeur and all(l > 1000 for l in courtes)
    # Trop de colonnes pour la largeur : les colonnes aux mots courts gardent leur place, les autres cèdent.
    mots = ["anticonstitutionnellement", "environnementale", "a", "b"]
    serrees = largeurs_colonnes(["x"] * 4, [mots], 3000)
    assert sum(serrees) == 3000 and serrees[2] == serrees[3] and serrees[0] == serrees[1] > serrees[2]
    # Une ligne plus courte que l'en-tête est complétée de cellules vides.
    assert len(largeurs_colonnes(["A", "B", "C"], [["seule"]], largeur)) == 3


def test_largeurs_colonnes_tableaux_au_hasard():
    import random

    hasard = random.Random(14)
    mots = ["a", "de", "marché", "considération", "environnementale", "31/12/2027", "12 000", "[À compléter par l'organisation]"]
    for _ in range(300):
        colonnes = hasard.randint(1, 9)
        lignes = [[" ".join(hasard.choices(mots, k=hasard.randint(0, 30))) for _ in range(colonnes)]
                  for _ in range(hasard.randint(0, 6))]
        largeur = hasard.randint(2000, 12000)
        largeurs = largeurs_colonnes([f"Colonne {i}" for i in range(colonnes)], lignes, largeur)
        assert sum(largeurs) == largeur and len(largeurs) == colonnes and min(largeurs) > 0


def test_la_colonne_la_plus_bavarde_prend_la_place_des_colonnes_courtes():
    long = "Part des contrats notifiés dans l'année avec une considération sociale ou environnementale " * 2
    largeurs = largeurs_colonnes(["Indicateur", "Départ", "Cible"], [[long, "[À compléter par l'organisation]", "100 %"]] * 4, 9600)
    indicateur, depart, cible = largeurs
    assert indicateur > 2 * depart and depart > cible
    assert depart >= len("l'organisation]") * 9 * 20 * 0.55  # le mot le plus long du départ tient sur une ligne


def test_annexes_apres_le_corps_sur_une_nouvelle_page(docx, projet):
    paragraphes = corps(Document(str(docx)))
    titres = [(p.style.name, p.text) for p in paragraphes if p.style.name in TITRES]
    rang = titres.index(("Heading 1", "Annexes"))
    assert [t for s, t in titres[:rang] if s == "Heading 1"] == [s.titre for s in projet.corps]
    annexes = [t for s, t in titres[rang + 1:] if s == "Heading 2"]
    assert annexes == [s.titre for s in projet.annexes]
    assert any(a.endswith("Liste de contrôle : exigences de l'article L2111-3 CCP") for a in annexes)
    assert all(s != "Heading 1" for s, _ in titres[rang + 1:])
    annexe = paragraphes.index(next(p for p in paragraphes if p.text == "Annexes" and p.style.name == "Heading 1"))
    assert saut_de_page(paragraphes[annexe - 1])
    assert "Méthode d'essai." in [p.text for p in paragraphes[annexe:]]
    assert "Méthode d'essai." not in [p.text for p in paragraphes[:annexe]]


def test_liste_de_controle_une_seule_fois_en_annexe(docx):
    titres = [(p.style.name, p.text) for p in Document(str(docx)).paragraphs if p.style.name.startswith("Heading")]
    controles = [i for i, (_, texte) in enumerate(titres) if "Liste de contrôle" in texte]
    assert len(controles) == 1
    assert titres[controles[0]][0] == "Heading 2" and controles[0] > titres.index(("Heading 1", "Annexes"))


# --- Le modèle de la collectivité --------------------------------------------------------------


def modele_collectivite(chemin, *, sans=()):
    """Un modèle : Lettre US, marges de 3 cm, Titre 1 violet 20 pt, un style maison, un en-tête avec le nom
    de la ville, un texte d'exemple dans le corps ; `sans` : styles retirés du modèle."""
    modele = Document()
    section = modele.sections[0]
    section.page_width, section.page_height = Mm(216), Mm(279)
    section.left_margin = section.right_margin = Mm(30)
    titre = modele.styles["Heading 1"]
    titre.font.size, titre.font.color.rgb = Pt(20), RGBColor(0x70, 0x30, 0xA0)
    modele.styles.add_style("Charte de la ville", WD_STYLE_TYPE.PARAGRAPH)
    section.header.paragraphs[0].text = "Ville de Modèle — direction de la commande publique"
    modele.add_paragraph("Texte d'exemple du modèle, à ne pas reprendre.")
    for nom in sans:
        element = modele.styles[nom].element
        element.getparent().remove(element)
    modele.save(str(chemin))
    return chemin


def test_modele_garde_styles_mise_en_page_et_en_tete(tmp_path, projet):
    modele = modele_collectivite(tmp_path / "modele.docx")
    document = Document(str(ecrire_docx(projet, tmp_path / "projet.docx", modele=modele)))
    assert document.styles["Heading 1"].font.size == Pt(20)
    assert document.styles["Heading 1"].font.color.rgb == RGBColor(0x70, 0x30, 0xA0)
    assert document.styles["Charte de la ville"] is not None
    assert document.styles["Tableau SPASER"].type == WD_STYLE_TYPE.TABLE  # le style manquant est créé
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.left_margin.mm)) == (216, 30)
    assert section.header.paragraphs[0].text == "Ville de Modèle — direction de la commande publique"
    assert instructions(section.footer._element) == ["PAGE", "NUMPAGES"]  # pied vide dans le modèle : celui du kit
    textes = [p.text for p in document.paragraphs]
    assert "Texte d'exemple du modèle, à ne pas reprendre." not in textes
    assert textes[0] == projet.organisation and "Annexes" in textes
    largeur = largeur_texte(section)
    assert abs(largeur - 156 * 56.7) < 5  # 216 - 2 × 30 mm
    assert all(sum(int(c.get(qn("w:w"))) for c in t._tbl.tblGrid.iter(qn("w:gridCol"))) == largeur for t in document.tables)
    # Le modèle lui-même n'est pas modifié.
    assert "Texte d'exemple du modèle, à ne pas reprendre." in [p.text for p in Document(str(modele)).paragraphs]


def test_modele_sans_certains_styles_les_recoit(tmp_path, projet):
    modele = modele_collectivite(tmp_path / "modele.docx", sans=("List Bullet", "Intense Quote", "Title"))
    assert "List Bullet" not in [s.name for s in Document(str(modele)).styles]
    document = Document(str(ecrire_docx(projet, tmp_path / "projet.docx", modele=modele)))
    puces = document.styles["List Bullet"]
    numero = puces.element.pPr.numPr.numId.val
    niveaux = document.part.numbering_part.element.xpath(
        f'//w:abstractNum[@w:abstractNumId=//w:num[@w:numId="{numero}"]/w:abstractNumId/@w:val]//w:numFmt/@w:val')
    assert niveaux == ["bullet"]
    assert {"Intense Quote", "Title"} <= {s.name for s in document.styles}
    assert "List Bullet" in {p.style.name for p in document.paragraphs}


def test_modele_dotx_accepte(tmp_path, projet):
    docx = modele_collectivite(tmp_path / "modele.docx")
    dotx = tmp_path / "modele.dotx"
    with zipfile.ZipFile(docx) as entree, zipfile.ZipFile(dotx, "w") as sortie:
        for info in entree.infolist():
            contenu = entree.read(info.filename)
            if info.filename == "[Content_Types].xml":
                contenu = contenu.replace(b"document.main+xml", b"template.main+xml")
            sortie.writestr(info, contenu)
    with pytest.raises(ValueError):  # python-docx seul refuse un modèle .dotx
        Document(str(dotx))
    document = Document(str(ecrire_docx(projet, tmp_path / "projet.docx", modele=dotx)))
    assert document.styles["Heading 1"].font.size == Pt(20)


@pytest.mark.parametrize("nom, contenu, message", [
    ("faux.docx", b"ceci n'est pas un document Word", "le modèle Word est illisible : ce n'est pas un document Word valide."),
    ("archive.docx", None, "le modèle Word est illisible : ce n'est pas un document Word valide."),
    ("ancien.doc", b"\xd0\xcf\x11\xe0", "l'extension « .doc » n'est pas celle d'un modèle Word lisible (extensions lues : .docx, .dotx)."),
    ("absent.docx", False, "modèle Word introuvable."),
])
def test_modele_illisible_erreur_claire_et_rien_d_ecrit(tmp_path, projet, nom, contenu, message):
    chemin = tmp_path / nom
    if contenu is None:  # une archive zip qui n'est pas un document Word
        tampon = io.BytesIO()
        with zipfile.ZipFile(tampon, "w") as archive:
            archive.writestr("notes.txt", "bonjour")
        chemin.write_bytes(tampon.getvalue())
    elif contenu:
        chemin.write_bytes(contenu)
    with pytest.raises(ErreurFichier) as erreur:
        ecrire_docx(projet, tmp_path / "sortie" / "projet.docx", modele=chemin)
    assert str(erreur.value).startswith(f"{chemin} : {message}")
    assert not (tmp_path / "sortie").exists() or not any((tmp_path / "sortie").iterdir())


def test_rapport_refuse_un_modele_illisible_avant_d_executer(tmp_path, capsys):
    from spaserlib.cli import main

    mauvais = tmp_path / "charte.docx"
    mauvais.write_text("pas un document Word", encoding="utf-8")
    for commande in (["rapport", str(COMMUNE), "--sortie", str(tmp_path / "r")], ["demo", "--sortie", str(tmp_path / "d")]):
        assert main([*commande, "--modele", str(mauvais)]) == 1
        sortie = capsys.readouterr()
        assert f"{mauvais} : le modèle Word est illisible" in sortie.err and "Traceback" not in sortie.err
    assert not (tmp_path / "r").exists() and not (tmp_path / "d" / "trois-rivieres").exists()
    participants = tmp_path / "participants.csv"
    participants.write_text(f"nom,donnees\nalice,{COMMUNE}\n", encoding="utf-8")
    assert main(["classe", str(participants), "--sortie", str(tmp_path / "c"), "--modele", str(mauvais)]) == 1
    assert "le modèle Word est illisible" in capsys.readouterr().err
    assert not (tmp_path / "c" / "alice").exists()


def test_rapport_avec_le_modele_de_la_collectivite(tmp_path, capsys):
    import json

    from spaserlib.cli import main

    modele = modele_collectivite(tmp_path / "modele.docx")
    sortie = tmp_path / "rapport"
    assert main(["rapport", str(COMMUNE), "--sortie", str(sortie), "--notebooks", str(TESTS / "notebooks" / "01_reussit_figure.ipynb"),
                 "--objectifs", str(OBJECTIFS), "--modele", str(modele)]) == 0, capsys.readouterr().err
    document = Document(str(sortie / "projet-spaser.docx"))
    assert document.styles["Heading 1"].font.size == Pt(20)
    assert document.sections[0].header.paragraphs[0].text == "Ville de Modèle — direction de la commande publique"
    assert json.loads((sortie / "rapport.json").read_text(encoding="utf-8"))["modele"] == str(modele.resolve())


def test_classe_refait_les_rapports_quand_le_modele_change(tmp_path):
    from spaserlib.documents.classe import Participant, empreinte

    modele = modele_collectivite(tmp_path / "modele.docx")
    participant = Participant("alice", COMMUNE, None, None, None, 2)
    avant = empreinte(participant, [], "2026-12-02", modele)
    assert avant != empreinte(participant, [], "2026-12-02")
    modele.write_bytes(modele.read_bytes() + b"\0")
    assert empreinte(participant, [], "2026-12-02", modele) != avant


# --- Dans LibreOffice ------------------------------------------------------------------------------


def convertir(soffice, source, format_, dossier):
    profil = dossier / "profil-lo"
    resultat = subprocess.run([soffice, f"-env:UserInstallation={profil.as_uri()}", "--headless", "--convert-to", format_,
                               "--outdir", str(dossier), str(source)], capture_output=True, text=True, timeout=180)
    sortie = dossier / f"{source.stem}.{format_}"
    assert sortie.exists(), resultat.stderr
    return sortie


def test_libreoffice_pages_table_des_matieres_et_largeur_des_tableaux(tmp_path, docx, projet):
    from pypdf import PdfReader

    soffice = outil("soffice", "libreoffice", paquet="libreoffice-writer-nogui")
    pdf = PdfReader(str(convertir(soffice, docx, "pdf", tmp_path)))
    pages = [p.extract_text() for p in pdf.pages]
    # Couverture, table des matières, corps, annexes : au moins six pages ; au plus quarante (des tableaux
    # étroits, un mot par ligne, feraient enfler le document bien au-delà).
    assert 6 <= len(pages) <= 40
    assert "Projet soumis à délibération" in pages[0] and "Page 1 sur" not in pages[0]
    assert "Table des matières" in pages[1] and TEXTE_TABLE_DES_MATIERES[:40] in pages[1]
    assert projet.corps[0].titre in pages[1]
    for numero, texte in enumerate(pages[1:], 2):  # PAGE et NUMPAGES calculés par LibreOffice
        assert f"Page {numero} sur {len(pages)}" in texte
        assert projet.organisation in texte
    assert any(p.lstrip().startswith("Annexes") or "\nAnnexes\n" in p for p in pages[2:])
    # Les tableaux vus par LibreOffice (converti en ODT) : toute la largeur du texte, colonnes dans les
    # proportions écrites dans le DOCX.
    tables = Document(str(docx)).tables
    vues = tables_odt(convertir(soffice, docx, "odt", tmp_path))
    assert len(vues) == len(tables)
    for table, (largeur, colonnes) in zip(tables, vues):
        assert largeur == "100%"
        grille = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.iter(qn("w:gridCol"))]
        assert len(colonnes) == len(grille)
        for vue, ecrite in zip(colonnes, grille):
            assert abs(vue / sum(colonnes) - ecrite / sum(grille)) < 0.005
    assert any(len(set(round(c / sum(cs), 2) for c in cs)) == len(cs) > 2 for _, cs in vues)  # des colonnes inégales


def tables_odt(odt) -> list[tuple[str, list[int]]]:
    """(largeur relative, largeurs relatives des colonnes) de chaque tableau d'un fichier ODT, dans l'ordre."""
    from xml.etree import ElementTree

    espaces = {"table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
               "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0"}
    racine = ElementTree.fromstring(zipfile.ZipFile(odt).read("content.xml"))

    def attribut(element, nom):
        prefixe, local = nom.split(":")
        return element.get(f"{{{espaces[prefixe]}}}{local}")

    proprietes = {}
    for style in racine.iter(f"{{{espaces['style']}}}style"):
        for enfant in style:
            proprietes[attribut(style, "style:name")] = (attribut(enfant, "style:rel-width"),
                                                          attribut(enfant, "style:rel-column-width"))
    vues = []
    for table in racine.iter(f"{{{espaces['table']}}}table"):
        largeur = proprietes[attribut(table, "table:style-name")][0]
        colonnes = []
        for colonne in table.findall(f"{{{espaces['table']}}}table-column"):
            repetition = int(attribut(colonne, "table:number-columns-repeated") or 1)
            colonnes += [int(proprietes[attribut(colonne, "table:style-name")][1].rstrip("*"))] * repetition
        vues.append((largeur, colonnes))
    return vues
