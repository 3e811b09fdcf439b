"""Les styles Word du projet de SPASER : ceux du modèle de la collectivité, complétés au besoin.

Le document n'a aucune mise en forme directe : tout passe par des styles nommés, qu'une personne
restyle dans Word ou LibreOffice (ou qu'apporte le modèle de la collectivité, `--modele`) :

    Title, Heading 1 à 3        styles intégrés (« Titre », « Titre 1 » à « Titre 3 » dans Word en français)
    Normal, List Bullet         le texte courant et les listes à puces (« Normal », « Liste à puces »)
    Intense Quote               les encadrés (« Citation intense »)
    TOC Heading                 le titre de la table des matières (« En-tête de table des matières »)
    Header, Footer              l'en-tête et le pied de page (« En-tête », « Pied de page »)
    Tableau SPASER              le style des tableaux (bordures, marges des cellules, ligne d'en-tête)
    Texte de tableau            le texte des cellules ; En-tête de tableau : la ligne d'en-tête
    Texte de tableau dense      idem (et En-tête de tableau dense) pour les tableaux de plus de 5 colonnes
    Couverture organisation, Couverture mention, Couverture statut : la page de couverture

Un style présent dans le modèle est gardé tel quel ; seuls les styles absents sont créés.
Sans modèle, le modèle par défaut de python-docx est mis en page ici (A4, marges, tailles).
"""

from __future__ import annotations

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt, RGBColor

TABLEAU = "Tableau SPASER"
TEXTE_TABLEAU = "Texte de tableau"
ENTETE_TABLEAU = "En-tête de tableau"
COUVERTURE_ORGANISATION = "Couverture organisation"
COUVERTURE_MENTION = "Couverture mention"
COUVERTURE_STATUT = "Couverture statut"
TEXTE_TABLEAU_DENSE = "Texte de tableau dense"  # les tableaux de plus de COLONNES_DENSES colonnes
ENTETE_TABLEAU_DENSE = "En-tête de tableau dense"
COLONNES_DENSES = 5
TAILLE_TEXTE_TABLEAU = Pt(9)
TAILLE_TEXTE_DENSE = Pt(8)

# Le style des tableaux : bordures fines, marges des cellules, ligne d'en-tête en gras sur fond clair.
_XML_TABLEAU = f"""<w:style {nsdecls('w')} w:type="table" w:customStyle="1" w:styleId="TableauSPASER">
  <w:name w:val="{TABLEAU}"/>
  <w:basedOn w:val="TableNormal"/>
  <w:uiPriority w:val="59"/>
  <w:qFormat/>
  <w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>
  <w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr>
  <w:tblPr>
    <w:tblBorders>
      <w:top w:val="single" w:sz="4" w:space="0" w:color="8EA9C1"/>
      <w:left w:val="single" w:sz="4" w:space="0" w:color="8EA9C1"/>
      <w:bottom w:val="single" w:sz="4" w:space="0" w:color="8EA9C1"/>
      <w:right w:val="single" w:sz="4" w:space="0" w:color="8EA9C1"/>
      <w:insideH w:val="single" w:sz="4" w:space="0" w:color="8EA9C1"/>
      <w:insideV w:val="single" w:sz="4" w:space="0" w:color="8EA9C1"/>
    </w:tblBorders>
    <w:tblCellMar>
      <w:top w:w="40" w:type="dxa"/><w:left w:w="60" w:type="dxa"/>
      <w:bottom w:w="40" w:type="dxa"/><w:right w:w="60" w:type="dxa"/>
    </w:tblCellMar>
  </w:tblPr>
  <w:tblStylePr w:type="firstRow">
    <w:rPr><w:b/><w:bCs/></w:rPr>
    <w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="DCE6F1"/></w:tcPr>
  </w:tblStylePr>
</w:style>"""

MARGES_CELLULE_TWIPS = 2 * 60  # gauche + droite, celles du style ci-dessus


def _style(document, nom: str, genre=WD_STYLE_TYPE.PARAGRAPH):
    """Le style `nom` du document, ou None s'il n'existe pas (les noms intégrés sont reconnus quelle que
    soit la langue du Word qui a écrit le modèle : python-docx les lit sous leur nom anglais)."""
    try:
        style = document.styles[nom]
    except KeyError:
        return None
    return style if style.type == genre else None


def _creer(document, nom: str, base: str | None = "Normal", *, taille=None, gras=False, avant=None, apres=None,
           suivant: str | None = None, niveau_plan: int | None = None, alignement=None, couleur=None):
    """Crée un style de paragraphe `nom` s'il manque ; renvoie le style (existant ou créé)."""
    style = _style(document, nom)
    if style is not None:
        return style
    style = document.styles.add_style(nom, WD_STYLE_TYPE.PARAGRAPH)
    if base and _style(document, base) is not None:
        style.base_style = document.styles[base]
    if taille is not None:
        style.font.size = taille
    if gras:
        style.font.bold = True
    if couleur is not None:
        style.font.color.rgb = couleur
    format_ = style.paragraph_format
    if avant is not None:
        format_.space_before = avant
    if apres is not None:
        format_.space_after = apres
    if alignement is not None:
        format_.alignment = alignement
    if niveau_plan is not None:  # le niveau de plan que lit la table des matières (\o "1-3")
        format_.keep_with_next = True
        pPr = style.element.get_or_add_pPr()
        niveau = OxmlElement("w:outlineLvl")
        niveau.set(qn("w:val"), str(niveau_plan))
        pPr.append(niveau)
    if suivant:
        style.next_paragraph_style = document.styles[suivant]
    style.quick_style = True
    return style


def _puces(document, style) -> None:
    """Rattache au style une liste à puces (« • ») : définition créée dans numbering.xml."""
    numerotation = document.part.numbering_part.element
    identifiants = [int(a.get(qn("w:abstractNumId"))) for a in numerotation.findall(qn("w:abstractNum"))]
    abstrait = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{max(identifiants, default=-1) + 1}">'
        '<w:multiLevelType w:val="singleLevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/>'
        '<w:lvlText w:val="•"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="360" w:hanging="360"/></w:pPr></w:lvl>'
        "</w:abstractNum>")
    premier_num = numerotation.find(qn("w:num"))
    if premier_num is not None:
        premier_num.addprevious(abstrait)
    else:
        numerotation.append(abstrait)
    num = numerotation.add_num(int(abstrait.get(qn("w:abstractNumId"))))
    style.element.get_or_add_pPr().get_or_add_numPr().get_or_add_numId().val = num.numId


def mettre_en_forme_par_defaut(document) -> None:
    """Les réglages des styles intégrés quand il n'y a pas de modèle de collectivité (jamais sur un modèle)."""
    normal = document.styles["Normal"]
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(6)
    for nom, taille, avant in (("Heading 1", Pt(16), Pt(18)), ("Heading 2", Pt(13), Pt(12)), ("Heading 3", Pt(11), Pt(10))):
        document.styles[nom].font.size = taille
        document.styles[nom].paragraph_format.space_before = avant
        document.styles[nom].paragraph_format.space_after = Pt(6)
    document.styles["Title"].font.size = Pt(24)
    for nom, alignement in (("Header", WD_ALIGN_PARAGRAPH.RIGHT), ("Footer", WD_ALIGN_PARAGRAPH.CENTER)):
        document.styles[nom].font.size = Pt(8.5)
        document.styles[nom].font.color.rgb = RGBColor(0x59, 0x59, 0x59)
        document.styles[nom].paragraph_format.alignment = alignement
    _langue_francaise(document)


def _langue_francaise(document) -> None:
    """Le français comme langue du texte (correcteur, césure), dans les propriétés par défaut du document."""
    rPr = document.styles.element.find(qn("w:docDefaults") + "/" + qn("w:rPrDefault") + "/" + qn("w:rPr"))
    if rPr is None:
        return
    langue = rPr.find(qn("w:lang"))
    if langue is None:
        langue = OxmlElement("w:lang")
        rPr.append(langue)
    langue.set(qn("w:val"), "fr-FR")


def completer_styles(document, largeur_twips: int) -> None:
    """Crée les styles qui manquent au document (modèle de la collectivité ou modèle par défaut) ;
    `largeur_twips` : la largeur du texte, où s'alignent les numéros de page de la table des matières."""
    from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
    from docx.shared import Cm, Twips

    _creer(document, "Normal", None, taille=Pt(10.5), apres=Pt(6))
    _creer(document, "Title", taille=Pt(24), apres=Pt(12))
    for niveau, taille in enumerate((Pt(16), Pt(13), Pt(11))):
        _creer(document, f"Heading {niveau + 1}", taille=taille, gras=True, avant=Pt(14), apres=Pt(6), niveau_plan=niveau,
               suivant="Normal")
    _creer(document, "TOC Heading", "Heading 1")
    for niveau in range(3):  # les lignes de la table des matières, qu'écrit Word ou LibreOffice en la mettant à jour
        if _style(document, f"TOC {niveau + 1}") is None:
            style = _creer(document, f"TOC {niveau + 1}", apres=Pt(2), gras=niveau == 0, avant=Pt(6) if niveau == 0 else None)
            style.paragraph_format.left_indent = Cm(0.6 * niveau)
            style.paragraph_format.tab_stops.add_tab_stop(Twips(largeur_twips), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    _creer(document, "Intense Quote", avant=Pt(6), apres=Pt(6))
    _creer(document, "Header", taille=Pt(8.5))
    _creer(document, "Footer", taille=Pt(8.5), alignement=WD_ALIGN_PARAGRAPH.CENTER)
    if _style(document, "List Bullet") is None:
        _puces(document, _creer(document, "List Bullet", apres=Pt(3)))
    _creer(document, TEXTE_TABLEAU, taille=TAILLE_TEXTE_TABLEAU, avant=Pt(0), apres=Pt(0))
    _creer(document, ENTETE_TABLEAU, TEXTE_TABLEAU, gras=True)
    _creer(document, TEXTE_TABLEAU_DENSE, TEXTE_TABLEAU, taille=TAILLE_TEXTE_DENSE)
    _creer(document, ENTETE_TABLEAU_DENSE, TEXTE_TABLEAU_DENSE, gras=True)
    _creer(document, COUVERTURE_ORGANISATION, taille=Pt(16), gras=True, avant=Pt(96), apres=Pt(24))
    _creer(document, COUVERTURE_MENTION, taille=Pt(12), apres=Pt(6))
    if _style(document, COUVERTURE_STATUT) is None:  # la mention « Projet soumis à délibération », entre deux filets
        statut = _creer(document, COUVERTURE_STATUT, taille=Pt(14), gras=True, avant=Pt(36), apres=Pt(36))
        statut.element.get_or_add_pPr().find(qn("w:spacing")).addprevious(parse_xml(  # pBdr avant spacing (schéma)
            f'<w:pBdr {nsdecls("w")}><w:top w:val="single" w:sz="8" w:space="6" w:color="2F5496"/>'
            '<w:bottom w:val="single" w:sz="8" w:space="6" w:color="2F5496"/></w:pBdr>'))
    if _style(document, TABLEAU, WD_STYLE_TYPE.TABLE) is None:
        document.styles.element.append(parse_xml(_XML_TABLEAU))


def taille_texte_tableau(document, nom: str = TEXTE_TABLEAU) -> float:
    """La taille (en points) du texte des cellules, lue dans les styles (10 pt si aucun ne la fixe)."""
    style = _style(document, nom)
    while style is not None:
        if style.font.size is not None:
            return style.font.size.pt
        style = style.base_style
    return 10.0
