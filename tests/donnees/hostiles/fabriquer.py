"""Fabrique les fichiers hostiles des tests (tests/lecture/test_entrees_hostiles.py) et du banc
d'essai (benchmarks/bench_hostiles.py) : un fichier par comportement, petit par défaut.

    python tests/donnees/hostiles/fabriquer.py DOSSIER [--grand]

Rien n'est commité : chaque fichier est refait à la volée, dans un dossier temporaire. `--grand`
donne les tailles de l'issue 12 (JSON imbriqué sur 20 000 niveaux, feuille XLSX de 300 Mo
décompressée, CSV de 300 000 colonnes…) ; les tests utilisent les mêmes fonctions, en petit, ou en
abaissant la limite du kit (`spaserlib.commun.limites`) quand la taille réelle serait trop lente.
Chaque fonction reçoit le dossier et rend le chemin du fichier écrit.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import zipfile
from pathlib import Path

ENTETE = "Date;Fournisseur;Montant HT\n"
LIGNE = "15/01/2024;Papeterie Durand;100,00\n"


def ecrire(dossier: Path, nom: str, contenu: bytes | str) -> Path:
    chemin = Path(dossier) / nom
    chemin.write_bytes(contenu.encode("utf-8") if isinstance(contenu, str) else contenu)
    return chemin


# --- DECP JSON -------------------------------------------------------------------------------------

def json_profond(dossier, niveaux: int = 20_000) -> Path:
    """{"marches": [[[[…]]]]} : des listes imbriquées sur `niveaux` niveaux."""
    return ecrire(dossier, "profond.json", '{"marches": [' + "[" * niveaux + "]" * niveaux + "]}")


def json_entier_geant(dossier, chiffres: int = 5_000) -> Path:
    """Un montant entier de `chiffres` chiffres (l'analyseur C d'ijson plantait dessus)."""
    return ecrire(dossier, "entier_geant.json", '{"marches": [{"id": "A", "montant": ' + "9" * chiffres + "}]}")


def json_entier_avant_marches(dossier, chiffres: int = 5_000) -> Path:
    """Le même entier, avant la clé "marches" (lu quand le kit cherche la forme du fichier)."""
    return ecrire(dossier, "entier_avant.json", '{"x": ' + "9" * chiffres + ', "marches": []}')


def json_entier_de_25_chiffres(dossier) -> Path:
    """Un id numérique de 25 chiffres : trop long pour l'analyseur C, lu par la relecture."""
    return ecrire(dossier, "entier_25.json", json.dumps({"marches": [{"id": 1234567890123456789012345,
                                                                      "montant": 10}]}))


def json_tronque(dossier, marches: int = 200) -> Path:
    """Un DECP JSON coupé au milieu (téléchargement interrompu)."""
    texte = json.dumps({"marches": [{"id": f"M{i}", "montant": 10} for i in range(marches)]})
    return ecrire(dossier, "tronque.json", texte[: len(texte) * 2 // 3])


def json_controle(dossier) -> Path:
    """Un objet et un titulaire avec ÉCHAP et NUL."""
    marche = {"id": "A", "acheteur": {"id": "21350238800019"}, "objet": "Travaux\x1b[2J", "montant": 10,
              "dateNotification": "2024-01-10",
              "titulaires": [{"id": "81223113200026", "denominationSociale": "Jardins\x00SARL"}]}
    return ecrire(dossier, "controle.json", json.dumps({"marches": [marche]}))


def json_sans_id_repetes(dossier) -> Path:
    """Trois enregistrements sans id : deux identiques, un autre."""
    commun = {"acheteur": {"id": "21350238800019"}, "objet": "Élagage", "dateNotification": "2024-01-10",
              "titulaires": [{"id": "81223113200026", "denominationSociale": "Jardins SARL"}]}
    marches = [dict(commun, montant=1000), dict(commun, id="", montant=1000), dict(commun, montant=2000)]
    return ecrire(dossier, "sans_id.json", json.dumps({"marches": marches}, ensure_ascii=False))


# --- CSV -------------------------------------------------------------------------------------------

def csv_colonnes(dossier, colonnes: int = 300_000, lignes: int = 2) -> Path:
    """Un en-tête suivi de `colonnes` colonnes remplies (titres d'une lettre : la ligne reste sous 1 Mo)."""
    entete = "Date;Fournisseur;Montant HT;" + ";".join("c" for _ in range(colonnes)) + "\n"
    ligne = LIGNE.rstrip("\n") + ";" + ";".join("x" for _ in range(colonnes)) + "\n"
    return ecrire(dossier, "colonnes.csv", entete + ligne * lignes)


def csv_colonnes_vides(dossier, colonnes: int = 20_000, lignes: int = 3) -> Path:
    """Un export Excel dont chaque ligne finit par des milliers de « ; » vides."""
    suite = ";" * colonnes
    return ecrire(dossier, "colonnes_vides.csv", ENTETE.rstrip("\n") + suite + "\n" + (LIGNE.rstrip("\n") + suite + "\n") * lignes)


def csv_ligne_demesuree(dossier, caracteres: int = 2_000_000) -> Path:
    """Une première ligne de `caracteres` caractères, sans séparateur."""
    return ecrire(dossier, "ligne_demesuree.csv", "x" * caracteres + "\n" + ENTETE + LIGNE)


def csv_lignes(dossier, lignes: int = 50) -> Path:
    return ecrire(dossier, "lignes.csv", ENTETE + LIGNE * lignes)


def csv_encodages_meles(dossier) -> Path:
    """Lignes 2 et 3 en UTF-8, ligne 4 en Windows-1252 (un fichier recollé à la main)."""
    utf8 = (ENTETE + "15/01/2024;Société Éclair;10\n16/01/2024;Crèche Bébé;20\n").encode("utf-8")
    return ecrire(dossier, "encodages_meles.csv", utf8 + "17/01/2024;Société Générale;30\n".encode("cp1252"))


def csv_controle(dossier) -> Path:
    return ecrire(dossier, "controle.csv", ENTETE + "15/01/2024;Papeterie\x1b[31mDurand;10\n16/01/2024;Gar\x00age;20\n")


def csv_total(dossier) -> Path:
    return ecrire(dossier, "total.csv", "Mandats 2024;;\n" + ENTETE + LIGNE + "16/01/2024;TOTAL ENERGIES;50,00\n"
                  + "Total général;;150,00\n")


# --- XLSX ------------------------------------------------------------------------------------------

def xlsx_titre_et_total(dossier) -> Path:
    """Un titre au-dessus de l'en-tête et une ligne « Total général » (plantait : tableau en lecture seule)."""
    import openpyxl

    classeur = openpyxl.Workbook()
    feuille = classeur.active
    feuille.append(["Mandats 2024 — Commune de Valbourg"])
    feuille.append([])
    feuille.append(["Date", "Fournisseur", "Montant HT"])
    feuille.append([dt.datetime(2024, 1, 15), "Papeterie Durand", 100.5])
    feuille.append([dt.datetime(2024, 1, 16), "Garage Martin", 200])
    feuille.append([None, "Total général", "=SUM(C4:C5)"])
    chemin = Path(dossier) / "titre_et_total.xlsx"
    classeur.save(chemin)
    return chemin


_FEUILLE = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{}</sheetData>'
            '</worksheet>')
_PARTIES = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override '
    'PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
    'worksheet+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
    'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
    'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    '<sheet name="Feuille1" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
    'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
}


def _cellule(reference: str, valeur) -> str:
    if isinstance(valeur, str):
        return f'<c r="{reference}" t="inlineStr"><is><t>{valeur}</t></is></c>'
    return f'<c r="{reference}"><v>{valeur}</v></c>'


def _ligne_xlsx(numero: int, valeurs) -> str:
    return f'<row r="{numero}">' + "".join(_cellule(f"{c}{numero}", v) for c, v in zip("ABCDEFGH", valeurs)) + "</row>"


def _xlsx_brut(dossier, nom: str, lignes_xml, *, parties_en_plus: int = 0) -> Path:
    """Un XLSX minimal écrit à la main (pour les cas qu'openpyxl refuse d'écrire), feuille en flux."""
    chemin = Path(dossier) / nom
    with zipfile.ZipFile(chemin, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for partie, texte in _PARTIES.items():
            archive.writestr(partie, texte)
        for k in range(parties_en_plus):
            archive.writestr(f"xl/media/vide{k}.bin", b"")
        debut, fin = _FEUILLE.split("{}")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as feuille:
            feuille.write(debut.encode())
            for morceau in lignes_xml:
                feuille.write(morceau.encode())
            feuille.write(fin.encode())
    return chemin


def _lignes_de_depenses(nombre: int):
    yield _ligne_xlsx(1, ["Date", "Fournisseur", "Montant HT"])
    bloc = []
    for numero in range(2, nombre + 2):
        bloc.append(_ligne_xlsx(numero, ["15/01/2024", f"Fournisseur {numero % 97}", 100]))
        if len(bloc) == 10_000:
            yield "".join(bloc)
            bloc = []
    yield "".join(bloc)


def _lignes_identiques(nombre: int):
    """Des lignes sans numéro (r="…"), toutes identiques : le zip les comprime d'un facteur 1 000."""
    yield _ligne_xlsx(1, ["Date", "Fournisseur", "Montant HT"])
    ligne = "<row>" + "".join(f"<c>{c}</c>" for c in ('<v>45306</v>', '<v>100</v>', '<v>100</v>')) + "</row>"
    for _ in range(nombre // 10_000):
        yield ligne * 10_000
    yield ligne * (nombre % 10_000)


def xlsx_bombe(dossier, lignes: int = 5_000_000) -> Path:
    """Une feuille qui se décompresse en centaines de Mo (5 millions de lignes : ≈ 300 Mo pour < 1 Mo)."""
    return _xlsx_brut(dossier, "bombe.xlsx", _lignes_identiques(lignes))


def xlsx_lignes(dossier, lignes: int = 50) -> Path:
    return _xlsx_brut(dossier, "lignes.xlsx", _lignes_de_depenses(lignes))


def xlsx_cellule_lointaine(dossier) -> Path:
    """Une valeur en colonne XFD (16 384) à la ligne 1 048 576, et des cellules vides mises en forme."""
    lignes = [_ligne_xlsx(1, ["Date", "Fournisseur", "Montant HT"]), _ligne_xlsx(2, ["15/01/2024", "A", 10]),
              '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>']
    return _xlsx_brut(dossier, "cellule_lointaine.xlsx", lignes)


def xlsx_cellules_vides_lointaines(dossier) -> Path:
    """Des cellules vides mises en forme jusqu'à la colonne XFD (Excel en écrit) : sans effet."""
    lignes = [_ligne_xlsx(1, ["Date", "Fournisseur", "Montant HT"]),
              '<row r="2">' + "".join(_cellule(f"{c}2", v) for c, v in zip("ABC", ["15/01/2024", "A", 10]))
              + '<c r="XFD2" s="1"/></row>', '<row r="1048576"><c r="XFD1048576" s="1"/></row>']
    return _xlsx_brut(dossier, "cellules_vides_lointaines.xlsx", lignes)


def xlsx_parties(dossier, parties: int = 20) -> Path:
    return _xlsx_brut(dossier, "parties.xlsx", _lignes_de_depenses(1), parties_en_plus=parties)


# --- ODS -------------------------------------------------------------------------------------------

_ODS_CONTENU = (
    '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body>'
    '<office:spreadsheet><table:table table:name="Feuille1">{}</table:table></office:spreadsheet></office:body>'
    '</office:document-content>')


def _texte_ods(texte: str, repetition: int = 1) -> str:
    repete = f' table:number-columns-repeated="{repetition}"' if repetition > 1 else ""
    return f'<table:table-cell office:value-type="string"{repete}><text:p>{texte}</text:p></table:table-cell>'


def _ods_brut(dossier, nom: str, lignes_xml: str) -> Path:
    chemin = Path(dossier) / nom
    with zipfile.ZipFile(chemin, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        archive.writestr("content.xml", _ODS_CONTENU.format(lignes_xml))
    return chemin


def _entete_ods() -> str:
    return "<table:table-row>" + "".join(_texte_ods(t) for t in ("Date", "Fournisseur", "Montant HT")) + "</table:table-row>"


def ods_lignes_repetees(dossier, repetitions: int = 5_000_000) -> Path:
    """Une ligne remplie « répétée » `repetitions` fois (quelques octets pour des millions de lignes)."""
    ligne = (f'<table:table-row table:number-rows-repeated="{repetitions}">'
             + "".join(_texte_ods(t) for t in ("15/01/2024", "A", "10")) + "</table:table-row>")
    return _ods_brut(dossier, "lignes_repetees.ods", _entete_ods() + ligne)


def ods_colonnes_repetees(dossier, repetitions: int = 16_384) -> Path:
    """Une cellule remplie répétée sur `repetitions` colonnes."""
    ligne = "<table:table-row>" + _texte_ods("x", repetitions) + "</table:table-row>"
    return _ods_brut(dossier, "colonnes_repetees.ods", _entete_ods() + ligne)


def ods_cellules(dossier, colonnes: int = 1_000, repetitions: int = 100_000) -> Path:
    """Une ligne de `colonnes` cellules remplies, répétée `repetitions` fois."""
    ligne = (f'<table:table-row table:number-rows-repeated="{repetitions}">' + _texte_ods("15/01/2024")
             + _texte_ods("A") + _texte_ods("10", colonnes - 2) + "</table:table-row>")
    return _ods_brut(dossier, "cellules.ods", _entete_ods() + ligne)


def ods_espaces(dossier, espaces: int = 1_000_000_000) -> Path:
    """Une cellule qui demande un milliard d'espaces (<text:s text:c="1000000000"/>)."""
    ligne = ('<table:table-row>' + _texte_ods("15/01/2024")
             + f'<table:table-cell office:value-type="string"><text:p>A<text:s text:c="{espaces}"/>B</text:p>'
             '</table:table-cell>' + _texte_ods("10") + "</table:table-row>")
    return _ods_brut(dossier, "espaces.ods", _entete_ods() + ligne)


def ods_vides_repetees(dossier) -> Path:
    """Ce qu'écrit LibreOffice : un million de lignes vides répétées, 1 024 colonnes vides, puis une donnée."""
    vide = '<table:table-cell table:number-columns-repeated="1024"/>'
    lignes = (_entete_ods() + "<table:table-row>" + "".join(_texte_ods(t) for t in ("15/01/2024", "A", "10")) + vide
              + "</table:table-row>" + f'<table:table-row table:number-rows-repeated="1048000">{vide}</table:table-row>')
    return _ods_brut(dossier, "vides_repetees.ods", lignes)


def ods_milliard_de_rires(dossier) -> Path:
    """« Billion laughs » : dix entités imbriquées qui se développeraient en un milliard de caractères."""
    entites = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "' + f"&{chr(97 + i)};" * 10 + '">' for i in range(9))
    contenu = _ODS_CONTENU.format(_entete_ods() + "<table:table-row>" + _texte_ods("&j;") + "</table:table-row>")
    contenu = contenu.replace('<?xml version="1.0" encoding="UTF-8"?>',
                              f'<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE x [{entites}]>')
    chemin = Path(dossier) / "rires.ods"
    with zipfile.ZipFile(chemin, "w") as archive:
        archive.writestr("content.xml", contenu)
    return chemin


# --- Objectifs -------------------------------------------------------------------------------------

def objectif_long(caracteres: int = 1_000_000) -> str:
    """Un objectif d'un million de caractères, plein de nombres (le cas le plus lent de l'analyse)."""
    phrase = "Atteindre 30 % de marchés avec une clause sociale d'ici 2027, contre 12 % en 2023 ; 1 000 heures. "
    return (phrase * (caracteres // len(phrase) + 1))[:caracteres]


PETITS = [json_profond, json_entier_geant, json_entier_avant_marches, json_entier_de_25_chiffres, json_tronque,
          json_controle, json_sans_id_repetes, csv_colonnes, csv_colonnes_vides, csv_ligne_demesuree, csv_lignes,
          csv_encodages_meles, csv_controle, csv_total, xlsx_titre_et_total, xlsx_lignes, xlsx_cellule_lointaine,
          xlsx_cellules_vides_lointaines, xlsx_parties, ods_lignes_repetees, ods_colonnes_repetees, ods_espaces,
          ods_vides_repetees, ods_milliard_de_rires]


if __name__ == "__main__":
    dossier = Path(sys.argv[1])
    dossier.mkdir(parents=True, exist_ok=True)
    for fabrique in PETITS + ([xlsx_bombe, ods_cellules] if "--grand" in sys.argv else []):
        print(fabrique(dossier))
