"""Le texte d'un document apporté par un participant : feuille de route, politique d'achats, SPASER.

Formats lus : DOCX (python-docx), ODT (odfpy), PDF à couche texte (pypdf), texte brut (.txt, .md,
encodage détecté par `lecture.encodages`). Le document devient une suite de `Bloc` : un titre, un
paragraphe, un élément de liste ou une cellule de tableau, dans l'ordre de lecture. Les titres restent
des titres : ils donnent le contexte (année, axe) aux phrases qui les suivent (`objectifs.reperage`).

Chaque document a des bornes (`limites.DOCUMENT_*`) ; un fichier illisible, chiffré, scanné (PDF sans
texte), vide ou d'une extension inconnue lève `ErreurFichier` avec un message en français.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from spaserlib.commun.erreurs import ErreurFichier
from spaserlib.commun.limites import DOCUMENT_CARACTERES_MAX, DOCUMENT_OCTETS_MAX, DOCUMENT_PAGES_MAX, en_clair
from spaserlib.lecture.encodages import detecter_encodage

EXTENSIONS = (".docx", ".odt", ".pdf", ".txt", ".md")
_CONSEIL_FORMAT = "Enregistrez le document en DOCX, ODT, PDF (avec du texte sélectionnable) ou texte (.txt, .md)."


@dataclass(frozen=True)
class Bloc:
    """Un morceau du document : `genre` vaut « titre », « paragraphe », « liste » ou « cellule » ;
    `niveau` est le niveau d'un titre (1 = le plus haut), 0 sinon."""

    genre: str
    texte: str
    niveau: int = 0


def lire_document(chemin) -> list[Bloc]:
    """Les blocs de texte du document `chemin` (DOCX, ODT, PDF ou texte), dans l'ordre de lecture.

    Lève ErreurFichier si le fichier est introuvable, d'une extension non prise en charge, trop gros,
    illisible, chiffré, sans texte (PDF scanné) ou vide.
    """
    chemin = Path(chemin)
    if not chemin.is_file():
        raise ErreurFichier(chemin, "fichier introuvable.", "Vérifiez le chemin du document.")
    extension = chemin.suffix.lower()
    if extension not in EXTENSIONS:
        raise ErreurFichier(chemin, f"l'extension « {chemin.suffix or '(aucune)'} » n'est pas prise en charge "
                                    f"(extensions lues : {', '.join(EXTENSIONS)}).", _CONSEIL_FORMAT)
    taille = chemin.stat().st_size
    if taille > DOCUMENT_OCTETS_MAX:
        raise ErreurFichier(chemin, f"le document pèse plus de {en_clair(DOCUMENT_OCTETS_MAX, 'octets')}.",
                            "Gardez seulement les pages qui énoncent les objectifs.")
    if taille == 0:
        raise ErreurFichier(chemin, "le fichier est vide.", "Vérifiez que le document a bien été enregistré.")
    lecteur = {".docx": _lire_docx, ".odt": _lire_odt, ".pdf": _lire_pdf}.get(extension, _lire_texte)
    blocs = [b for b in lecteur(chemin) if b.texte]
    if not blocs:
        raise ErreurFichier(chemin, "le document ne contient aucun texte.",
                            "Vérifiez que c'est le bon fichier et qu'il n'est pas formé d'images seulement.")
    if sum(len(b.texte) for b in blocs) > DOCUMENT_CARACTERES_MAX:
        raise ErreurFichier(chemin, f"le document dépasse {en_clair(DOCUMENT_CARACTERES_MAX, 'caractères')}.",
                            "Gardez seulement les pages qui énoncent les objectifs.")
    return blocs


def _net(texte: str) -> str:
    return re.sub(r"\s+", " ", texte.replace("\u00ad", "")).strip()


def _niveau_de_style(nom: str) -> int:
    """Le niveau d'un titre d'après le nom de son style (« Heading 2 », « Titre 1 », « Title »), 0 sinon."""
    nom = (nom or "").lower()
    if nom in ("title", "titre"):
        return 1
    m = re.match(r"(heading|titre|title)\s*(\d)", nom)
    return int(m.group(2)) if m else 0


def _zip_valide(chemin: Path, quoi: str) -> None:
    if not zipfile.is_zipfile(chemin):
        raise ErreurFichier(chemin, f"le fichier n'est pas un document {quoi} lisible (il est peut-être "
                                    "abîmé, ou d'un autre format renommé).", _CONSEIL_FORMAT)


# --- DOCX ---------------------------------------------------------------------------------------------
def _bloc_docx(paragraphe) -> Bloc:
    texte = _net(paragraphe.text)
    style = paragraphe.style.name if paragraphe.style is not None else ""
    niveau = _niveau_de_style(style)
    if niveau:
        return Bloc("titre", texte, niveau)
    propres = paragraphe._p.pPr
    if "list" in (style or "").lower() or "liste" in (style or "").lower() or (propres is not None and propres.numPr is not None):
        return Bloc("liste", texte)
    return Bloc("paragraphe", texte)


def _lire_docx(chemin: Path) -> list[Bloc]:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    _zip_valide(chemin, "DOCX")
    try:
        document = docx.Document(str(chemin))
    except Exception as e:  # python-docx lève des erreurs variées sur un fichier abîmé
        raise ErreurFichier(chemin, f"le document DOCX est illisible ({type(e).__name__}).", _CONSEIL_FORMAT) from e
    blocs = []
    for element in document.iter_inner_content():
        if isinstance(element, Paragraph):
            blocs.append(_bloc_docx(element))
        elif isinstance(element, Table):
            for ligne in element.rows:
                vues = set()
                for cellule in ligne.cells:
                    if id(cellule._tc) in vues:  # cellule fusionnée : python-docx la rend plusieurs fois
                        continue
                    vues.add(id(cellule._tc))
                    for p in cellule.paragraphs:
                        blocs.append(Bloc("cellule", _net(p.text)))
    return blocs


# --- ODT ----------------------------------------------------------------------------------------------
def _lire_odt(chemin: Path) -> list[Bloc]:
    from odf import teletype, text
    from odf.namespaces import TABLENS, TEXTNS
    from odf.opendocument import load

    _zip_valide(chemin, "ODT")
    try:
        document = load(str(chemin))
    except Exception as e:  # odfpy lève des erreurs variées sur un fichier abîmé
        raise ErreurFichier(chemin, f"le document ODT est illisible ({type(e).__name__}).", _CONSEIL_FORMAT) from e
    blocs: list[Bloc] = []

    def parcourir(noeud, dans_liste=False, dans_tableau=False):
        for enfant in noeud.childNodes:
            if enfant.nodeType != enfant.ELEMENT_NODE:
                continue
            nom = enfant.qname
            if nom == (TEXTNS, "h"):
                niveau = int(enfant.getAttribute("outlinelevel") or 1)
                blocs.append(Bloc("titre", _net(teletype.extractText(enfant)), niveau))
            elif nom == (TEXTNS, "p"):
                genre = "cellule" if dans_tableau else "liste" if dans_liste else "paragraphe"
                blocs.append(Bloc(genre, _net(teletype.extractText(enfant))))
            elif nom == (TEXTNS, "list"):
                parcourir(enfant, True, dans_tableau)
            elif nom == (TABLENS, "table-cell"):
                parcourir(enfant, dans_liste, True)
            else:
                parcourir(enfant, dans_liste, dans_tableau)

    parcourir(document.text)
    del text
    return blocs


# --- PDF ----------------------------------------------------------------------------------------------
_PUCE = re.compile(r"^\s*(?:[•▪◦●■\uf0b7\uf0a7–\-*]|\d{1,2}[.)]|[a-z][.)])\s+")


def _lire_pdf(chemin: Path) -> list[Bloc]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        lecteur = PdfReader(str(chemin))
        if lecteur.is_encrypted:
            try:
                ouvert = lecteur.decrypt("")
            except Exception:
                ouvert = 0
            if not ouvert:
                raise ErreurFichier(chemin, "le PDF est protégé par un mot de passe.",
                                    "Enregistrez une copie sans protection, ou exportez le document en DOCX ou ODT.")
        pages = lecteur.pages
        if len(pages) > DOCUMENT_PAGES_MAX:
            raise ErreurFichier(chemin, f"le PDF a {len(pages)} pages, plus que les "
                                        f"{en_clair(DOCUMENT_PAGES_MAX, 'pages')} lues.",
                                "Gardez seulement les pages qui énoncent les objectifs.")
        textes = [page.extract_text() or "" for page in pages]
    except ErreurFichier:
        raise
    except (PdfReadError, Exception) as e:  # pypdf lève des erreurs variées sur un fichier abîmé
        raise ErreurFichier(chemin, f"le PDF est illisible ({type(e).__name__}).", _CONSEIL_FORMAT) from e
    if not any(t.strip() for t in textes):
        raise ErreurFichier(chemin, "le PDF ne contient pas de texte (c'est probablement un document scanné).",
                            "Utilisez le fichier d'origine (DOCX, ODT) ou un PDF issu d'un traitement de texte.")
    return blocs_du_texte("\n".join(textes), pdf=True)


# --- Texte brut ---------------------------------------------------------------------------------------
def _lire_texte(chemin: Path) -> list[Bloc]:
    try:
        texte = chemin.read_bytes().decode(detecter_encodage(chemin), errors="replace")
    except OSError as e:
        raise ErreurFichier(chemin, f"le fichier est illisible ({e.strerror}).", "Vérifiez ses droits de lecture.") from e
    if "\x00" in texte:
        raise ErreurFichier(chemin, "le fichier n'est pas du texte (il contient des octets nuls).", _CONSEIL_FORMAT)
    return blocs_du_texte(texte)


def _titre_probable(ligne: str) -> bool:
    """Une ligne courte, sans ponctuation finale, qui commence par une majuscule ou un chiffre (« Axe 2 – Social »,
    « 2027 », « 1. Contexte ») : le titre d'un PDF ou d'un texte sans balises."""
    return len(ligne) <= 80 and not ligne.endswith((".", ";", ",", ":")) and bool(re.match(r"[A-ZÀ-Ý0-9]", ligne))


def blocs_du_texte(texte: str, pdf: bool = False) -> list[Bloc]:
    """Les blocs d'un texte sans balises : titres Markdown (`#`), puces (`-`, `•`, `1.`), paragraphes
    séparés par une ligne vide. Dans un PDF (pas de ligne vide entre paragraphes), une ligne coupée par la
    mise en page finit par une espace (c'est ainsi que pypdf la rend) ou est suivie d'une minuscule : elle
    continue le bloc ; une ligne courte, sans ponctuation finale, qui ne continue rien, est un titre."""
    blocs: list[Bloc] = []
    courant: list[str] = []
    genre = "paragraphe"
    suite = False  # la ligne précédente appelle une suite (PDF)

    def clore():
        nonlocal courant
        if courant:
            blocs.append(Bloc(genre, _net(" ".join(courant))))
        courant = []

    lignes = texte.splitlines()
    for i, brute in enumerate(lignes):
        ligne = brute.strip()
        suivante = lignes[i + 1].strip() if i + 1 < len(lignes) else ""
        if not ligne:
            clore()
            suite = False
            continue
        if pdf and courant and suite:
            courant.append(ligne)
        elif not pdf and "|" in ligne:  # une ligne de tableau (« a | b » ou Markdown) : une cellule par case
            clore()
            blocs.extend(Bloc("cellule", _net(c)) for c in ligne.strip("|").split("|") if not re.fullmatch(r"[\s:-]*", c))
        elif m := re.match(r"^(#{1,6})\s+(.*)$", ligne):
            clore()
            blocs.append(Bloc("titre", _net(m.group(2)), len(m.group(1))))
        elif _PUCE.match(ligne) and not (pdf and re.match(r"^\d{1,2}[.)]\s", ligne) and _titre_probable(ligne)):
            clore()
            genre = "liste"
            courant = [_PUCE.sub("", ligne)]
        elif pdf and _titre_probable(ligne) and not brute.endswith((" ", "\t")) and not suivante[:1].islower():
            clore()
            blocs.append(Bloc("titre", _net(ligne), 2))
        elif pdf or not courant or genre != "liste":
            if pdf:
                clore()
                genre = "paragraphe"
            elif not courant:
                genre = "paragraphe"
            courant.append(ligne)
        else:
            courant.append(ligne)
        # Un élément de liste sans ponctuation finale continue à la ligne suivante, sauf nouvelle puce.
        item_ouvert = genre == "liste" and bool(courant) and not ligne.endswith((".", ";", ":", "!", "?"))
        suite = pdf and (brute.endswith((" ", "\t")) or suivante[:1].islower()
                         or (item_ouvert and not _PUCE.match(suivante)))
    clore()
    return blocs
