"""Convention de rédaction inclusive du kit (voir README, « Conventions de rédaction »).

Le test lit tout texte qu'une personne lit (cellules Markdown et chaînes des cellules de
code des carnets, chaînes littérales de spaserlib, gabarits Jinja, fichiers YAML de
données, README) et refuse :
  a) les formes abrégées (point médian, point, parenthèses ou barre dans un mot) ;
  b) le masculin générique pluriel des noms de personnes du kit, hors doublet.
"""
import ast
import re
from pathlib import Path

import nbformat
import pytest

RACINE = Path(__file__).resolve().parents[1]

# a) formes abrégées
ABREGE = [
    re.compile(r"\b[^\W\d_]+[·•][^\W\d_]*\b"),                      # point médian
    re.compile(r"\b[^\W\d_]{2,}\.(?:e|es|se|ses|rice|rices|ne|nes|le|les|te|tes)\b(?!\.\w|\w)"),
    re.compile(r"\b[^\W\d_]{2,}\((?:e|es|ne|nes|se|ses|rice|rices|le|les|te|tes)\)"),
    re.compile(r"\b[^\W\d_]{2,}/(?:e|es|ne|nes|se|ses|rice|rices|le|les|te|tes)\b"),
]
# extensions de fichiers et noms de domaine qui ressemblent à une finale féminine
FAUX_ABREGES = re.compile(r"\.(?:te|le|es|se)\b(?=[\w/]|$)", re.I)

# b) masculin générique : nom masculin pluriel -> forme féminine pluriel
NOMS = {
    "acheteurs": "acheteuses", "participants": "participantes",
    "apprenants": "apprenantes", "formateurs": "formatrices", "élus": "élues",
    "agents": "agentes", "référents": "référentes", "prescripteurs": "prescriptrices",
    "utilisateurs": "utilisatrices", "fournisseurs": None,
}
# Emplois admis, avec leur raison : ce sont des adjectifs ou des termes juridiques
# désignant des organisations, non des personnes.
EXCEPTIONS = [
    (r"(?:services|organismes|pouvoirs|entités|établissements|structures) acheteurs",
     "adjectif : « acheteur » qualifie une organisation"),
    (r"acheteurs publics? (?:au sens|soumis|mentionnés)",
     "terme juridique du Code de la commande publique (personnes morales)"),
    (r"(?:des|les|aux) acheteurs (?:soumis|mentionnés|au sens)",
     "terme juridique du Code de la commande publique (personnes morales)"),
    (r"acheteurs dont (?:le|la|les)", "terme juridique (art. L. 2111-3 du code) : personnes morales"),
    (r"(?:multi-?|plusieurs |d'autres |autres )acheteurs", "organisations acheteuses (données DECP, mutualisation)"),
    (r"(?:fichier|colonne) (?:des )?participants", "nom du fichier participants.csv"),
    (r"(?:services|directions) prescripteurs", "adjectif : qualifie un service"),
    (r"agents? économiques?", "« agent économique » désigne une entreprise"),
    (r"agents? (?:chimiques?|pathogènes?)", "substance, non personne"),
]
EXCEPTIONS_RE = [re.compile(m, re.I) for m, _ in EXCEPTIONS]


FEMININS = [f for f in NOMS.values() if f]


def _doublet(texte, debut, fin, feminin):
    """Vrai si la forme féminine est à côté (doublet), ou si le mot suit un doublet
    (« élues et élus référents », « agentes et agents acheteurs »)."""
    avant = texte[max(0, debut - 40):debut].lower()
    apres = texte[fin:fin + 40].lower()
    return feminin in avant or feminin in apres or any(f in texte[max(0, debut - 25):debut].lower()
                                                        for f in FEMININS)


def problemes(texte):
    """Liste des extraits fautifs d'un texte (vide si le texte suit la convention)."""
    trouves = []
    for motif in ABREGE:
        for m in motif.finditer(texte):
            extrait = m.group(0)
            if "." in extrait and FAUX_ABREGES.search(texte[m.start():m.end() + 1]):
                continue
            if "." in extrait and (texte[m.end():m.end() + 1] in "/\\" or
                                   re.search(r"(?:www|https?:|@)\S*$", texte[:m.start()])):
                continue
            trouves.append(extrait)
    masque = texte
    for motif in EXCEPTIONS_RE:
        masque = motif.sub(lambda m: "_" * len(m.group(0)), masque)
    for nom, feminin in NOMS.items():
        if feminin is None:
            continue
        for m in re.finditer(rf"(?<![-\w]){nom}\b(?![-.?_:|\w(])", masque, re.I):
            if m.group(0).isupper():
                continue
            if not _doublet(texte, m.start(), m.end(), feminin):
                trouves.append(texte[max(0, m.start() - 30):m.end() + 10].replace("\n", " "))
    return trouves


SQL = re.compile(r"\b(?:select|create or replace|left join|using)\b")


def _chaines_python(source):
    try:
        arbre = ast.parse(source)
    except SyntaxError:
        return []
    docs = set()
    for noeud in ast.walk(arbre):
        if isinstance(noeud, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)):
            if (noeud.body and isinstance(noeud.body[0], ast.Expr)
                    and isinstance(noeud.body[0].value, ast.Constant)):
                docs.add(id(noeud.body[0].value))
    # ni docstrings, ni identifiants (noms de colonnes), ni requêtes SQL : la personne ne les lit pas
    return [n.value for n in ast.walk(arbre)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs
            and not re.fullmatch(r"\w+", n.value) and not SQL.search(n.value)]


def textes():
    """(fichier, texte) pour tout ce qu'une personne lit."""
    for dossier in ("notebooks", "solutions", "exercises"):
        for chemin in sorted((RACINE / dossier).glob("*.ipynb")):
            carnet = nbformat.read(chemin, as_version=4)
            for cellule in carnet.cells:
                if cellule.cell_type == "markdown":
                    yield chemin, cellule.source
                elif cellule.cell_type == "code":
                    source = "\n".join(l for l in cellule.source.splitlines()
                                       if not l.lstrip().startswith(("%", "!")))
                    for chaine in _chaines_python(source):
                        yield chemin, chaine
                    for ligne in cellule.source.splitlines():
                        if "#" in ligne:
                            yield chemin, ligne.split("#", 1)[1]
    for chemin in sorted((RACINE / "spaserlib").rglob("*.py")):
        for chaine in _chaines_python(chemin.read_text(encoding="utf-8")):
            yield chemin, chaine
    for motif in ("spaserlib/**/*.j2", "spaserlib/donnees/*.yaml", "solutions/**/*.yaml",
                  "solutions/*.md", "README.md"):
        for chemin in sorted(RACINE.glob(motif)):
            texte = chemin.read_text(encoding="utf-8")
            # la section de la convention cite les formes refusées comme exemples
            texte = re.sub(r"### Conventions de rédaction\n.*?(?=\n#|\Z)", "", texte, flags=re.S)
            yield chemin, texte


@pytest.mark.parametrize("phrase", [
    "Les acheteur·ses de la collectivité", "les participant.es se présentent",
    "l'élu(e) référent(e)", "un ou une agent/e", "Les acheteurs rédigent le SPASER.",
    "Demandez aux participants de lire", "les formateurs animent", "les élus votent",
])
def test_le_controle_refuse(phrase):
    assert problemes(phrase)


@pytest.mark.parametrize("phrase", [
    "Les acheteuses et les acheteurs rédigent.", "les élues et élus votent",
    "les personnes en formation", "l'équipe achats", "les services acheteurs",
    "les pouvoirs adjudicateurs et organismes acheteurs", "l'acheteur (personne morale)",
    "fichier mandats.csv, version 1.2, figure.png, données.xlsx", "voir www.ecologie.gouv.fr",
    "l'élue ou l'élu référent", "les formatrices et formateurs", "élues et élus référents",
    "agentes et agents acheteurs formés", "les agents économiques",
    "le montant 12.5 est", "spaser.tables",
])
def test_le_controle_admet(phrase):
    assert not problemes(phrase)


def test_tout_le_kit_suit_la_convention():
    fautes = [f"{chemin.relative_to(RACINE)} : « {extrait} »"
              for chemin, texte in textes() for extrait in problemes(texte)]
    assert not fautes, "Rédaction hors convention (README, Conventions de rédaction) :\n" + \
        "\n".join(fautes)
