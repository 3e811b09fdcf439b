"""Régénère les documents de test (DOCX, ODT, PDF, TXT) à partir de `documents.json`.

Chaque document imite une feuille de route ou une politique d'achats réelle (titres, listes à puces ou
numérotées, un tableau, des objectifs mêlés d'intentions et de contexte) ; la clé « objectifs » donne, à
la main, les phrases qui sont des objectifs. Le PDF est converti du DOCX par LibreOffice, une fois :
les PDF sont versionnés et ce script ne sert qu'à les refaire.

    .venv/bin/python tests/donnees/documents/generer.py
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

ICI = Path(__file__).parent


def docx(blocs, chemin):
    import docx as python_docx

    d = python_docx.Document()
    for genre, *reste in blocs:
        if genre == "titre":
            d.add_heading(reste[1], level=reste[0])
        elif genre == "p":
            d.add_paragraph(reste[0])
        elif genre == "liste":
            d.add_paragraph(reste[0], style="List Bullet")
        elif genre == "tableau":
            lignes = reste[0]
            t = d.add_table(rows=len(lignes), cols=len(lignes[0]))
            for i, ligne in enumerate(lignes):
                for j, valeur in enumerate(ligne):
                    t.cell(i, j).text = valeur
    d.save(chemin)


def odt(blocs, chemin):
    from odf.opendocument import OpenDocumentText
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import H, List, ListItem, P

    d = OpenDocumentText()
    liste = None
    for genre, *reste in blocs:
        if genre != "liste":
            liste = None
        if genre == "titre":
            d.text.addElement(H(outlinelevel=reste[0], text=reste[1]))
        elif genre == "p":
            d.text.addElement(P(text=reste[0]))
        elif genre == "liste":
            if liste is None:
                liste = List()
                d.text.addElement(liste)
            item = ListItem()
            item.addElement(P(text=reste[0]))
            liste.addElement(item)
        elif genre == "tableau":
            t = Table(name=f"Tableau{id(reste)}")
            t.addElement(TableColumn(numbercolumnsrepeated=len(reste[0][0])))
            for ligne in reste[0]:
                tr = TableRow()
                for valeur in ligne:
                    c = TableCell()
                    c.addElement(P(text=valeur))
                    tr.addElement(c)
                t.addElement(tr)
            d.text.addElement(t)
    d.save(str(chemin))


def txt(blocs, chemin):
    lignes = []
    for genre, *reste in blocs:
        if genre == "titre":
            lignes += ["#" * reste[0] + " " + reste[1], ""]
        elif genre == "p":
            lignes += [reste[0], ""]
        elif genre == "liste":
            lignes += ["- " + reste[0]]
        elif genre == "tableau":
            lignes += [""] + [" | ".join(ligne) for ligne in reste[0]] + [""]
    # En Windows-1252, comme un fichier enregistré par le Bloc-notes : l'encodage est détecté à la lecture.
    chemin.write_bytes("\r\n".join(lignes).encode("cp1252"))


def pdf(source_docx, dossier):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    with tempfile.TemporaryDirectory() as profil:
        subprocess.run([soffice, f"-env:UserInstallation=file://{profil}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(dossier), str(source_docx)], check=True, capture_output=True, timeout=180)


def main():
    documents = json.loads((ICI / "documents.json").read_text(encoding="utf-8"))
    for nom, doc in documents.items():
        docx(doc["blocs"], ICI / f"{nom}.docx")
        odt(doc["blocs"], ICI / f"{nom}.odt")
        txt(doc["blocs"], ICI / f"{nom}.txt")
        pdf(ICI / f"{nom}.docx", ICI)


if __name__ == "__main__":
    main()
