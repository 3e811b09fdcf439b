"""Lecture du texte des documents des participants (`lecture.documents_texte`) et ses refus."""

import pytest

from spaserlib.commun import limites
from spaserlib.commun.erreurs import ErreurFichier
from spaserlib.lecture.documents_texte import Bloc, blocs_du_texte, lire_document
from tests import DONNEES

DOCUMENTS = DONNEES / "documents"


@pytest.mark.parametrize("extension", ["docx", "odt", "pdf", "txt"])
def test_titres_listes_et_cellules_sont_lus(extension):
    blocs = lire_document(DOCUMENTS / f"feuille_de_route_ville.{extension}")
    titres = [b.texte for b in blocs if b.genre == "titre"]
    assert "Axe 1 – Achats socialement responsables" in titres and "Suivi" in titres
    assert Bloc("liste", "Réserver au moins 5 lots par an aux structures de l'insertion par l'activité économique.") in blocs
    if extension != "pdf":  # un PDF ne garde pas les cases d'un tableau
        assert Bloc("cellule", "Heures d'insertion") in blocs


def test_docx_et_odt_gardent_le_niveau_des_titres():
    for extension in ("docx", "odt"):
        blocs = lire_document(DOCUMENTS / f"plan_hopital.{extension}")
        assert blocs[0] == Bloc("titre", "Plan d'actions achats durables du centre hospitalier", 1)
        assert Bloc("titre", "Objectifs chiffrés", 2) in blocs


def test_texte_windows_1252_et_markdown(tmp_path):
    f = tmp_path / "politique.md"
    f.write_bytes("# Axe 1 – Social\n\n- Atteindre 30 % de clauses d'ici 2027.\n- Former les agents\n  à l'achat.\n"
                  .encode("cp1252"))
    assert lire_document(f) == [Bloc("titre", "Axe 1 – Social", 1),
                                Bloc("liste", "Atteindre 30 % de clauses d'ici 2027."),
                                Bloc("liste", "Former les agents à l'achat.")]


def test_pdf_ligne_coupee_recollee_et_titre_court():
    blocs = blocs_du_texte("Objectifs 2027\n• Réduire de 20 % les émissions \nliées aux achats.\nSuivi\n", pdf=True)
    assert blocs == [Bloc("titre", "Objectifs 2027", 2), Bloc("liste", "Réduire de 20 % les émissions liées aux achats."),
                     Bloc("titre", "Suivi", 2)]


def _erreur(chemin) -> str:
    with pytest.raises(ErreurFichier) as e:
        lire_document(chemin)
    return str(e.value)


def test_extension_non_prise_en_charge(tmp_path):
    f = tmp_path / "politique.doc"
    f.write_bytes(b"\xd0\xcf\x11\xe0")
    assert _erreur(f) == (f"{f} : l'extension « .doc » n'est pas prise en charge (extensions lues : .docx, .odt, "
                          ".pdf, .txt, .md). Enregistrez le document en DOCX, ODT, PDF (avec du texte sélectionnable) "
                          "ou texte (.txt, .md).")


def test_fichier_introuvable_et_vide(tmp_path):
    assert _erreur(tmp_path / "absent.pdf").endswith("fichier introuvable. Vérifiez le chemin du document.")
    (tmp_path / "vide.txt").write_bytes(b"")
    assert "le fichier est vide." in _erreur(tmp_path / "vide.txt")
    (tmp_path / "blanc.txt").write_text("  \n\n ", encoding="utf-8")
    assert "le document ne contient aucun texte." in _erreur(tmp_path / "blanc.txt")


@pytest.mark.parametrize("extension, format_", [("docx", "DOCX"), ("odt", "ODT")])
def test_faux_docx_ou_odt(tmp_path, extension, format_):
    f = tmp_path / f"politique.{extension}"
    f.write_text("ceci n'est pas un document", encoding="utf-8")
    assert f"le fichier n'est pas un document {format_} lisible" in _erreur(f)


def test_pdf_abime(tmp_path):
    f = tmp_path / "abime.pdf"
    f.write_bytes(b"%PDF-1.7\n n'importe quoi")
    assert "le PDF est illisible" in _erreur(f)


def _pdf(chemin, *, texte: bool, mot_de_passe: str | None = None):
    from pypdf import PdfWriter

    ecrivain = PdfWriter()
    ecrivain.add_blank_page(width=595, height=842)
    if texte:
        ecrivain = PdfWriter(clone_from=DOCUMENTS / "plan_hopital.pdf")
    if mot_de_passe:
        ecrivain.encrypt(user_password=mot_de_passe, algorithm="RC4-128")
    with open(chemin, "wb") as f:
        ecrivain.write(f)


def test_pdf_scanne_sans_texte(tmp_path):
    _pdf(tmp_path / "scan.pdf", texte=False)
    assert "le PDF ne contient pas de texte (c'est probablement un document scanné)." in _erreur(tmp_path / "scan.pdf")


def test_pdf_protege_par_mot_de_passe(tmp_path):
    _pdf(tmp_path / "protege.pdf", texte=True, mot_de_passe="secret")
    assert "le PDF est protégé par un mot de passe." in _erreur(tmp_path / "protege.pdf")


def test_pdf_chiffre_sans_mot_de_passe_est_lu(tmp_path):
    _pdf(tmp_path / "chiffre.pdf", texte=True, mot_de_passe="")
    assert Bloc("titre", "Objectifs chiffrés", 2) in lire_document(tmp_path / "chiffre.pdf")


def test_limites_de_taille_et_de_pages(tmp_path, monkeypatch):
    import spaserlib.lecture.documents_texte as module

    monkeypatch.setattr(module, "DOCUMENT_OCTETS_MAX", 100)
    gros = tmp_path / "gros.txt"
    gros.write_text("x" * 101, encoding="utf-8")
    assert "le document pèse plus de 0 Mo." in _erreur(gros)
    monkeypatch.setattr(module, "DOCUMENT_OCTETS_MAX", limites.DOCUMENT_OCTETS_MAX)
    monkeypatch.setattr(module, "DOCUMENT_PAGES_MAX", 0)
    assert "le PDF a 1 pages, plus que les 0 pages lues." in _erreur(DOCUMENTS / "plan_hopital.pdf")
    monkeypatch.setattr(module, "DOCUMENT_PAGES_MAX", limites.DOCUMENT_PAGES_MAX)
    monkeypatch.setattr(module, "DOCUMENT_CARACTERES_MAX", 10)
    assert "le document dépasse 10 caractères." in _erreur(DOCUMENTS / "plan_hopital.txt")
