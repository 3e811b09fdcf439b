"""Le projet de SPASER en Word (DOCX) : un document qu'une assemblée délibérante peut recevoir.

Mise en page : A4 portrait ; page de couverture (organisation, titre, édition, date, « Projet soumis à
délibération ») sans en-tête ; table des matières (champ TOC, mis à jour à l'ouverture) ; en-tête
(organisation et titre) et pied de page « Page X sur Y » ; le corps (`projet.corps`), puis, sur une
nouvelle page, les annexes (`projet.annexes` et la liste de contrôle de l'article L2111-3).

Les tableaux occupent toute la largeur du texte, leurs colonnes sont dimensionnées selon leur contenu
(`largeurs_colonnes`) et leur ligne d'en-tête est répétée en haut de chaque page. Aucune mise en forme
directe : tout passe par des styles nommés (`spaserlib.documents.word_styles`), si bien qu'un modèle
Word de la collectivité (`modele`, option `--modele`) restyle tout le document à sa charte graphique.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from pathlib import Path

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from spaserlib.commun.calendrier import jour_en_lettres
from spaserlib.commun.ecriture import ecrire_d_un_bloc
from spaserlib.commun.erreurs import ErreurFichier
from spaserlib.documents import word_styles as styles

EXTENSIONS_MODELE = (".docx", ".dotx")
TEXTE_TABLE_DES_MATIERES = ("Table des matières : mettre à jour le champ pour afficher les numéros de page (Word : clic "
                            "droit sur la table, « Mettre à jour les champs » ; LibreOffice : Outils > Mettre à jour > "
                            "Tout mettre à jour).")
INSTRUCTION_TDM = 'TOC \\o "1-3" \\h \\z \\u'
MM = 36000  # EMU par millimètre
TWIPS_PAR_EMU = 1 / 635
LARGEUR_MIN_TWIPS = 680  # 1,2 cm : la colonne la plus étroite
PART_MAX_MOT = 0.35  # un mot très long ne réserve pas plus de 35 % de la largeur


# --- Le modèle de la collectivité --------------------------------------------------------------


def ouvrir_modele(modele: str | Path | None = None):
    """Le document de départ : le modèle Word de la collectivité (vidé de son contenu, styles, en-têtes et
    mise en page gardés), ou le modèle par défaut mis en page A4. Lève `ErreurFichier` (en français) si le
    modèle est absent ou n'est pas un document Word lisible (.docx ou .dotx)."""
    from docx import Document

    if modele is None:
        document = Document()
        _mise_en_page_a4(document.sections[0])
        styles.mettre_en_forme_par_defaut(document)
        return document
    chemin = Path(modele)
    conseil = "Enregistrez le modèle de la collectivité au format Word (.docx ou modèle .dotx), puis relancez."
    if chemin.is_dir():
        raise ErreurFichier(chemin, "c'est un dossier, pas un modèle Word.", conseil)
    if not chemin.is_file():
        raise ErreurFichier(chemin, "modèle Word introuvable.", "Vérifiez le chemin donné à --modele.")
    if chemin.suffix.lower() not in EXTENSIONS_MODELE:
        raise ErreurFichier(chemin, f"l'extension « {chemin.suffix or '(aucune)'} » n'est pas celle d'un modèle Word "
                            "lisible (extensions lues : .docx, .dotx).", conseil)
    try:
        document = Document(_contenu_docx(chemin))
    except Exception:  # python-docx lève des erreurs variées (zip, XML, type de contenu) : une seule réponse
        raise ErreurFichier(chemin, "le modèle Word est illisible : ce n'est pas un document Word valide.", conseil) from None
    corps = document.element.body
    for element in list(corps):
        if element.tag != qn("w:sectPr"):
            corps.remove(element)
    return document


def verifier_modele(modele: str | Path | None) -> None:
    """Lève `ErreurFichier` tout de suite si le modèle ne peut pas servir (avant un long rapport)."""
    if modele is not None:
        ouvrir_modele(modele)


def _contenu_docx(chemin: Path) -> io.BytesIO:
    """Le fichier en mémoire ; un modèle .dotx est présenté comme un document (seul son type change)."""
    contenu = chemin.read_bytes()
    if chemin.suffix.lower() != ".dotx":
        return io.BytesIO(contenu)
    entree, sortie = zipfile.ZipFile(io.BytesIO(contenu)), io.BytesIO()
    with zipfile.ZipFile(sortie, "w", zipfile.ZIP_DEFLATED) as copie:
        for info in entree.infolist():
            donnees = entree.read(info.filename)
            if info.filename == "[Content_Types].xml":
                donnees = donnees.replace(b"wordprocessingml.template.main+xml", b"wordprocessingml.document.main+xml")
            copie.writestr(info, donnees)
    sortie.seek(0)
    return sortie


def _mise_en_page_a4(section) -> None:
    section.page_width, section.page_height = 210 * MM, 297 * MM
    section.left_margin = section.right_margin = 20 * MM
    section.top_margin, section.bottom_margin = 25 * MM, 22 * MM
    section.header_distance = section.footer_distance = 12 * MM


def largeur_texte(section) -> int:
    """La largeur du texte (entre les marges) de la section, en twips (A4 et marges du kit si non précisées)."""
    largeur = section.page_width or 210 * MM
    gauche = section.left_margin if section.left_margin is not None else 20 * MM
    droite = section.right_margin if section.right_margin is not None else 20 * MM
    return int((largeur - gauche - droite) * TWIPS_PAR_EMU)


# --- Champs Word (table des matières, numéros de page) ------------------------------------------


def _marque(paragraphe, genre: str, *, a_mettre_a_jour: bool = False) -> None:
    """Une marque de champ (début, séparation ou fin) à la fin du paragraphe."""
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), genre)
    if a_mettre_a_jour:
        element.set(qn("w:dirty"), "true")
    paragraphe.add_run()._r.append(element)


def _debut_champ(paragraphe, instruction: str, *, a_mettre_a_jour: bool = True) -> None:
    """Le début d'un champ complexe : marque de début, instruction, séparation (le résultat suit)."""
    _marque(paragraphe, "begin", a_mettre_a_jour=a_mettre_a_jour)
    texte = OxmlElement("w:instrText")
    texte.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    texte.text = f" {instruction} "
    paragraphe.add_run()._r.append(texte)
    _marque(paragraphe, "separate")


def _champ(paragraphe, instruction: str, resultat: str, *, a_mettre_a_jour: bool = False) -> None:
    """Ajoute au paragraphe un champ complexe (début, instruction, séparation, résultat affiché, fin)."""
    _debut_champ(paragraphe, instruction, a_mettre_a_jour=a_mettre_a_jour)
    paragraphe.add_run(resultat)
    _marque(paragraphe, "end")


def _mettre_a_jour_a_l_ouverture(document) -> None:
    """`w:updateFields` : Word et LibreOffice recalculent les champs (table des matières) à l'ouverture."""
    reglages = document.settings.element
    if reglages.find(qn("w:updateFields")) is None:
        element = OxmlElement("w:updateFields")
        element.set(qn("w:val"), "true")
        reglages.append(element)


def _entete_et_pied(document, projet) -> None:
    """En-tête (organisation, titre, édition) et pied « Page X sur Y » ; rien sur la couverture. Un
    en-tête ou un pied de page déjà écrit dans le modèle de la collectivité est gardé."""
    section = document.sections[0]
    section.different_first_page_header_footer = True
    for premiere in (section.first_page_header, section.first_page_footer):
        if not _ecrit(premiere):
            premiere.is_linked_to_previous = False  # un en-tête et un pied vides sur la couverture
    if not _ecrit(section.header):
        entete = section.header.paragraphs[0]
        entete.style = document.styles["Header"]
        entete.add_run(" — ".join(x for x in (projet.organisation, "Projet de SPASER", projet.edition) if x))
    if not _ecrit(section.footer):
        pied = section.footer.paragraphs[0]
        pied.style = document.styles["Footer"]
        pied.add_run("Page ")
        _champ(pied, "PAGE", "1")
        pied.add_run(" sur ")
        _champ(pied, "NUMPAGES", "1")


def _ecrit(partie) -> bool:
    """Vrai si l'en-tête ou le pied de page a un contenu propre (texte, image, champ)."""
    if partie.is_linked_to_previous:
        return False
    element = partie._element
    return bool("".join(p.text for p in partie.paragraphs).strip()
                or element.xpath(".//w:drawing | .//w:pict | .//w:fldSimple | .//w:instrText"))


# --- Tableaux ------------------------------------------------------------------------------------


def largeurs_colonnes(entete: list[str], lignes: list[list[str]], largeur: int, taille_pt: float = 9.0) -> list[int]:
    """Les largeurs (twips) des colonnes d'un tableau de `largeur` twips, selon leur contenu.

    Chaque colonne reçoit une part de la largeur au prorata de la longueur totale de son texte, bornée en bas
    par la place de son mot le plus long (au moins 1,2 cm, au plus 35 % de la largeur : un mot n'est pas coupé)
    et en haut par la longueur de son texte le plus long sur une seule ligne ; une colonne bornée garde sa
    borne et les autres se partagent le reste. Si même les mots les plus longs ne tiennent pas, seules les
    colonnes aux mots les plus longs cèdent. La somme vaut exactement `largeur`."""
    colonnes = list(zip(*([entete] + [list(l) + [""] * (len(entete) - len(l)) for l in lignes])))
    # Largeur d'un caractère en twips : moyenne pour le texte courant, large pour le mot le plus long (qu'il ne
    # soit pas coupé même dans une police large ou en gras).
    caractere, caractere_large = taille_pt * 20 * 0.52, taille_pt * 20 * 0.62
    marge = styles.MARGES_CELLULE_TWIPS + 20

    def mot_max(textes):
        return max((len(m) for t in textes for m in re.split(r"[ \t\n]+", t) if m), default=1)

    # L'en-tête est en gras : ses mots comptent plus large (« Montant » ne doit pas devenir « Montan / t »).
    caractere_gras = taille_pt * 20 * 0.78
    minimums = [min(max(LARGEUR_MIN_TWIPS, mot_max(c[1:]) * caractere_large + marge, mot_max(c[:1]) * caractere_gras + marge),
                    PART_MAX_MOT * largeur) for c in colonnes]
    naturelles = [max(m, max((len(t) for t in c), default=1) * caractere + marge) for m, c in zip(minimums, colonnes)]
    poids = [max(1.0, sum(min(len(t), 400) for t in c[1:]) + 0.5 * len(c[0])) for c in colonnes]
    if sum(minimums) >= largeur:  # trop étroit : seules les colonnes aux mots les plus longs cèdent (plafond commun)
        plafond = _plafond(minimums, largeur)
        largeurs = [min(m, plafond) for m in minimums]
    else:
        largeurs = _partager(largeur, poids, minimums, naturelles)
    entiers = [int(l) for l in largeurs]
    entiers[max(range(len(entiers)), key=lambda i: largeurs[i])] += largeur - sum(entiers)
    return entiers


def _partager(largeur: int, poids: list[float], minimums: list[float], maximums: list[float]) -> list[float]:
    """La largeur partagée au prorata des poids, chaque part bornée par [minimum, maximum] (les parts bornées
    sont fixées, le reste repartagé entre les autres) ; si toutes atteignent leur maximum, le surplus est
    réparti au prorata des largeurs."""
    fixees: dict[int, float] = {}
    while len(fixees) < len(poids):
        libres = [i for i in range(len(poids)) if i not in fixees]
        reste, total = largeur - sum(fixees.values()), sum(poids[i] for i in libres)
        parts = {i: reste * poids[i] / total for i in libres}
        bornees = {i: minimums[i] for i in libres if parts[i] < minimums[i]} or \
            {i: maximums[i] for i in libres if parts[i] > maximums[i]}
        if not bornees:
            fixees.update(parts)
            break
        fixees.update(bornees)
    largeurs = [fixees[i] for i in range(len(poids))]
    somme = sum(largeurs)
    if somme < largeur:
        largeurs = [l + (largeur - somme) * l / somme for l in largeurs]
    elif somme > largeur:  # par prudence (arrondis) : jamais plus large que le texte
        largeurs = [l * largeur / somme for l in largeurs]
    return largeurs


def _plafond(minimums: list[float], largeur: int) -> float:
    """Le plafond p tel que la somme des min(m, p) vaut `largeur` (les colonnes étroites gardent leur minimum)."""
    restant, colonnes = float(largeur), sorted(minimums)
    for rang, m in enumerate(colonnes):
        part = restant / (len(colonnes) - rang)
        if m >= part:
            return part
        restant -= m
    return colonnes[-1]


def _tableau(document, entete: list[str], lignes: list[list[str]], largeur: int) -> None:
    """Un tableau au style « Tableau SPASER », sur toute la largeur, en-tête répété à chaque page."""
    from docx.shared import Twips

    table = document.add_table(rows=1 + len(lignes), cols=len(entete))
    table.style = document.styles[styles.TABLEAU]
    table.autofit = False  # disposition fixe : les largeurs ci-dessous sont respectées
    tblPr = table._tbl.tblPr
    for ancien in tblPr.findall(qn("w:tblW")):
        tblPr.remove(ancien)
    tblW = OxmlElement("w:tblW")
    tblW.set(qn("w:w"), "5000")
    tblW.set(qn("w:type"), "pct")  # 100 % de la largeur du texte (en cinquantièmes de pour cent)
    tblPr.insert_element_before(tblW, "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd", "w:tblLayout",
                                "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription")
    dense = len(entete) > styles.COLONNES_DENSES
    style_texte, style_entete = ((styles.TEXTE_TABLEAU_DENSE, styles.ENTETE_TABLEAU_DENSE) if dense
                    else (styles.TEXTE_TABLEAU, styles.ENTETE_TABLEAU))
    largeurs = largeurs_colonnes(entete, lignes, largeur, styles.taille_texte_tableau(document, style_texte))
    for colonne, l in zip(table.columns, largeurs):
        colonne.width = Twips(l)
    for numero, (rangee, textes) in enumerate(zip(table.rows, [entete] + lignes)):
        style = style_entete if numero == 0 else style_texte
        rangee._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # une ligne ne se coupe pas entre deux pages
        for cellule, texte, l in zip(rangee.cells, textes, largeurs):
            cellule.width = Twips(l)
            paragraphe = cellule.paragraphs[0]
            paragraphe.style = document.styles[style]
            paragraphe.add_run(texte)
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # répétée en haut de chaque page


# --- Le document ---------------------------------------------------------------------------------


def _couverture(document, projet) -> None:
    document.add_paragraph(projet.organisation, style=styles.COUVERTURE_ORGANISATION)
    document.add_paragraph("Schéma de promotion des achats publics socialement et écologiquement responsables (SPASER)",
                           style="Title")
    for mention in (projet.edition, f"Période de validité : {projet.validite}" if projet.validite else "",
                    f"Document du {jour_en_lettres(date.today())}"):
        if mention:
            document.add_paragraph(mention, style=styles.COUVERTURE_MENTION)
    document.add_paragraph("Projet soumis à délibération", style=styles.COUVERTURE_STATUT)
    document.add_paragraph(projet.en_tete, style=styles.COUVERTURE_MENTION)
    document.add_page_break()


def _table_des_matieres(document):
    """Le titre de la table des matières et un repère : ses entrées sont écrites à la fin (`_remplir_tdm`)."""
    document.add_paragraph("Table des matières", style="TOC Heading")
    repere = document.add_paragraph(style="Normal")
    document.add_page_break()
    _mettre_a_jour_a_l_ouverture(document)
    return repere


def _signet(paragraphe, numero: int) -> str:
    """Pose un signet autour du titre (cible des liens et des numéros de page de la table) ; rend son nom."""
    nom = f"_Toc{90000000 + numero}"
    debut, fin = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
    debut.set(qn("w:id"), str(numero))
    debut.set(qn("w:name"), nom)
    fin.set(qn("w:id"), str(numero))
    paragraphe._p.insert(1 if paragraphe._p.pPr is not None else 0, debut)
    paragraphe._p.append(fin)
    return nom


def _remplir_tdm(document, repere, titres: list[tuple[int, str, str]]) -> None:
    """Écrit le champ TOC avant `repere` : une phrase qui invite à le mettre à jour, puis une entrée par
    titre (un lien vers le titre). C'est le résultat affiché tant que le champ n'est pas recalculé : Word
    le recalcule à l'ouverture (`w:updateFields`), avec les numéros de page ; LibreOffice l'affiche tel
    quel jusqu'à « Outils > Mettre à jour ». Le champ s'ouvre dans le premier paragraphe et se ferme
    dans le dernier."""
    premier = document.add_paragraph(style="Normal")
    _debut_champ(premier, INSTRUCTION_TDM)
    premier.add_run(TEXTE_TABLE_DES_MATIERES)
    paragraphes = [premier]
    for niveau, texte, signet in titres:
        entree = document.add_paragraph(style=f"TOC {niveau}")
        lien = OxmlElement("w:hyperlink")
        lien.set(qn("w:anchor"), signet)
        lien.set(qn("w:history"), "1")
        entree._p.append(lien)
        lien.append(entree.add_run(texte)._r)
        paragraphes.append(entree)
    _marque(paragraphes[-1], "end")
    for paragraphe in paragraphes:
        repere._p.addprevious(paragraphe._p)
    repere._p.getparent().remove(repere._p)


def _titre(document, texte: str, niveau: int, titres: list) -> None:
    """Un titre (style Heading `niveau`), avec son signet, noté dans `titres` pour la table des matières."""
    paragraphe = document.add_heading(texte, level=niveau)
    titres.append((niveau, texte, _signet(paragraphe, len(titres) + 1)))


def _section(document, section, niveau: int, largeur: int, titres: list) -> None:
    """Une section : titre au `niveau` donné (1 dans le corps, 2 en annexe), sous-titres au niveau suivant."""
    _titre(document, section.titre, niveau, titres)
    for position, bloc in enumerate(section.blocs):
        if bloc.genre == "paragraphe":
            document.add_paragraph(bloc.contenu, style="Normal")
        elif bloc.genre == "encadre":
            document.add_paragraph(bloc.contenu, style="Intense Quote")
        elif bloc.genre == "sous_titre":
            _titre(document, bloc.contenu, niveau + 1, titres)
        elif bloc.genre == "liste":
            for element in bloc.contenu:
                document.add_paragraph(element, style="List Bullet")
        elif bloc.genre == "tableau":
            _tableau(document, bloc.entete, bloc.contenu, largeur)
            document.add_paragraph(style="Normal")  # sépare le tableau de ce qui suit (deux tableaux ne fusionnent pas)




def ecrire_docx(projet, chemin: str | Path, modele: str | Path | None = None) -> Path:
    """Écrit le projet en DOCX d'un bloc (rien n'est écrit en cas d'erreur) ; renvoie le chemin.

    `modele` : le modèle Word de la collectivité (.docx ou .dotx) dont le document reprend les styles, la
    mise en page, l'en-tête et le pied de page ; les styles qui lui manquent sont créés. Lève
    `ErreurFichier` si le modèle est illisible."""
    document = ouvrir_modele(modele)
    largeur = largeur_texte(document.sections[0])
    styles.completer_styles(document, largeur)
    document.core_properties.title = projet.titre
    document.core_properties.author = "Kit SPASER"
    document.core_properties.language = "fr-FR"
    _entete_et_pied(document, projet)
    _couverture(document, projet)
    repere, titres = _table_des_matieres(document), []
    for section in projet.corps:
        _section(document, section, 1, largeur, titres)
    annexes = projet.annexes
    if annexes:
        document.add_page_break()
        _titre(document, "Annexes", 1, titres)
        for section in annexes:
            _section(document, section, 2, largeur, titres)
    _remplir_tdm(document, repere, titres)
    return ecrire_d_un_bloc(chemin, lambda temporaire: document.save(str(temporaire)))
