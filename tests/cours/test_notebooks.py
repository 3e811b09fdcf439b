"""Les notebooks du cours : commités sans sorties, une cellule de paramètres, sommaire à jour, et
exécutés de haut en bas (paramètres papermill, mode statique) sur chaque organisation exemple et sur un fichier unique."""

from __future__ import annotations

import ast
import json
import os
from pathlib import Path

import nbformat
import pytest

from spaserlib.cours.sommaire import NOM_SOMMAIRE, notebooks_du_cours, sommaire_a_jour, texte_sommaire, titre_notebook
from tests import RACINE

NOTEBOOKS = RACINE / "notebooks"
DATASETS = RACINE / "datasets"
PARAMETRES_ATTENDUS = {"donnees", "collectivite", "annee", "interactif", "pseudonymiser", "date_reference"}
PARAMETRES_PAIRS = {"fichier_pairs", "acheteur_pairs"}
MIME_WIDGET = "application/vnd.jupyter.widget-view+json"

TOUS = sorted(NOTEBOOKS.glob("*.ipynb"))
COURS = notebooks_du_cours(NOTEBOOKS)


def lire(chemin: Path):
    return nbformat.read(chemin, as_version=4)


def cellule_parametres(nb):
    return [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]


def organisations_exemples() -> list[Path]:
    try:
        from spaserlib.lecture.organisation import organisations_exemples as trouver
    except ImportError:
        return sorted(p.parent for p in DATASETS.glob("*/profil.yaml"))
    return sorted(Path(p) for p in trouver())


# --- forme des fichiers commités ------------------------------------------------------------

def test_le_cours_a_des_notebooks_pour_chaque_module():
    modules = {p.name[:2] for p in COURS}
    assert modules == {"01", "02", "03", "04"}


@pytest.mark.parametrize("chemin", TOUS, ids=lambda p: p.name)
def test_commite_sans_sorties_ni_compteurs(chemin):
    nb = lire(chemin)
    for cellule in nb.cells:
        if cellule.cell_type == "code":
            assert cellule.outputs == [], f"{chemin.name} : la cellule {cellule.id} a des sorties"
            assert cellule.execution_count is None, f"{chemin.name} : la cellule {cellule.id} a un compteur"
    assert "widgets" not in nb.metadata, f"{chemin.name} : état de widgets dans les métadonnées"


@pytest.mark.parametrize("chemin", TOUS, ids=lambda p: p.name)
def test_notebook_valide_avec_des_identifiants_uniques(chemin):
    nb = lire(chemin)
    nbformat.validate(nb)
    identifiants = [c.id for c in nb.cells]
    assert all(identifiants) and len(set(identifiants)) == len(identifiants)


@pytest.mark.parametrize("chemin", COURS, ids=lambda p: p.name)
def test_une_seule_cellule_parametres_avec_les_noms_attendus(chemin):
    nb = lire(chemin)
    cellules = cellule_parametres(nb)
    assert len(cellules) == 1, f"{chemin.name} : {len(cellules)} cellule(s) taguée(s) parameters"
    cellule = cellules[0]
    assert cellule.cell_type == "code"
    arbre = ast.parse(cellule.source)
    noms = {cible.id for noeud in arbre.body if isinstance(noeud, ast.Assign) for cible in noeud.targets}
    # 04.01 (cas pratiques) a en plus `document` : la feuille de route du participant (issue 16), None par défaut ;
    # 02.02 et 03.01 ont `fichier_pairs` et `acheteur_pairs` : le fichier DECP national et le SIRET (issue 18)
    en_plus = {"document"} if chemin.name.startswith("04.01") else set()
    en_plus |= PARAMETRES_PAIRS if chemin.name.startswith(("02.02", "03.01")) else set()
    assert noms - en_plus == PARAMETRES_ATTENDUS
    valeurs = {cible.id: ast.literal_eval(noeud.value) for noeud in arbre.body
               if isinstance(noeud, ast.Assign) for cible in noeud.targets}
    assert valeurs["interactif"] is None and valeurs["pseudonymiser"] is False
    assert valeurs["collectivite"] is None and valeurs["annee"] is None and valeurs.get("document") is None
    assert all(valeurs.get(nom) is None for nom in PARAMETRES_PAIRS)
    # une seule date de référence, la même dans tous les notebooks : la date du jour par défaut (issue 15)
    assert valeurs["date_reference"] is None
    # le chemin par défaut est relatif au notebook, comme le voit JupyterLab
    assert valeurs["donnees"].startswith("../datasets/")


@pytest.mark.parametrize("chemin", COURS, ids=lambda p: p.name)
def test_objectifs_au_debut_et_a_retenir_a_la_fin(chemin):
    nb = lire(chemin)
    assert nb.cells[0].cell_type == "markdown" and "**Objectifs pédagogiques.**" in nb.cells[0].source
    assert nb.cells[-1].cell_type == "markdown" and nb.cells[-1].source.startswith("## À retenir")
    assert titre_notebook(chemin)


@pytest.mark.parametrize("chemin", COURS, ids=lambda p: p.name)
def test_cellules_minces_sans_logique_d_analyse(chemin):
    """Une cellule de code appelle le kit et montre le résultat : ni fonction, ni boucle, ni calcul pandas."""
    interdits = ("def ", "class ", "for ", "while ", "lambda", ".groupby(", ".merge(", ".pivot", ".apply(")
    for cellule in lire(chemin).cells:
        if cellule.cell_type == "code":
            trouves = [m for m in interdits if m in cellule.source]
            assert not trouves, f"{chemin.name}, cellule {cellule.id} : {trouves}"
            ast.parse(cellule.source)  # du Python valide


@pytest.mark.parametrize("chemin", COURS, ids=lambda p: p.name)
def test_marque_de_rapport_explicite(chemin):
    assert isinstance(lire(chemin).metadata["spaser"]["rapport"], bool)


def test_des_notebooks_de_rapport_existent():
    assert [p.name for p in COURS if lire(p).metadata["spaser"]["rapport"]]


RAPPORT = [p for p in COURS if lire(p).metadata["spaser"]["rapport"]]
# Des marques de la leçon : consignes, noms que l'apprenant tape, démonstrations.
CONSIGNES = ("Maj + Entrée", "remplacez la valeur", "vous saurez", "Exemple de formation", "contexte.problemes()",
             "mode interactif", "ouvrir(", "spaser tableau-de-bord ")


@pytest.mark.parametrize("chemin", RAPPORT, ids=lambda p: p.name)
def test_les_cellules_qui_enseignent_sont_etiquetees_lecon(chemin):
    """Objectifs, paramètres, consignes, démonstrations et « À retenir » portent l'étiquette « lecon » :
    le rapport les laisse de côté (DESIGN.md, « The report is not the lesson »), le notebook les garde."""
    nb = lire(chemin)

    def lecon(cellule):
        return "lecon" in cellule.metadata.get("tags", [])

    assert lecon(nb.cells[0]) and lecon(nb.cells[-1])
    assert all(lecon(c) for c in cellule_parametres(nb))
    oubliees = [c.id for c in nb.cells if any(m in c.source for m in CONSIGNES) and not lecon(c)]
    assert oubliees == [], f"{chemin.name} : cellules de la leçon sans l'étiquette « lecon » : {oubliees}"
    assert any(not lecon(c) for c in nb.cells if c.cell_type == "code"), "plus rien à montrer dans le rapport"


def test_sommaire_a_jour():
    assert sommaire_a_jour(NOTEBOOKS), "notebooks/00.00-Sommaire.ipynb n'est pas à jour : lancez « spaser sommaire »."


def test_sommaire_liste_chaque_notebook_avec_son_titre():
    texte = texte_sommaire(NOTEBOOKS)
    for chemin in COURS:
        assert f"]({chemin.name})" in texte
        assert titre_notebook(chemin) in texte
    assert NOM_SOMMAIRE not in texte.split("## Module", 1)[1]


# --- exécution ------------------------------------------------------------------------------

def _fichier_unique(motifs) -> Path | None:
    """Un seul fichier d'une organisation exemple : le cas de l'analyste qui n'a qu'un export."""
    for dossier in organisations_exemples():
        for motif in motifs:
            trouves = sorted(dossier.glob(motif))
            if trouves:
                return trouves[0]
    return None


# nbval exécute déjà chaque notebook du cours sur ses paramètres par défaut, le cas d'étude (Trois Rivières) :
# la matrice ne le refait pas, si bien que chaque notebook tourne une fois par organisation.
DEFAUT = DATASETS / "trois-rivieres"


def _cas():
    # les fichiers seuls (un export de dépenses, un fichier de marchés) : tests/cours/test_notebooks_fichier_seul.py,
    # un autre fichier pour que pytest-xdist (make test) répartisse la matrice sur deux processus
    return [(nb, org) for org in organisations_exemples() if org.resolve() != DEFAUT.resolve() for nb in COURS]


@pytest.mark.parametrize("notebook, donnees", _cas(),
                         ids=lambda x: x.name if isinstance(x, Path) else str(x))
def test_execution_sans_ecran(notebook, donnees, moteur, monkeypatch):
    executer_et_verifier(notebook, donnees, moteur, monkeypatch)


def executer_et_verifier(notebook: Path, donnees: Path, moteur, monkeypatch) -> None:
    """Exécute un notebook du cours sur `donnees` (paramètres papermill) avec le moteur des rapports, et vérifie
    ce qu'il affiche : l'organisation (ou le fichier seul) nommée, aucun widget en mode statique, aucune erreur
    ni avertissement. Le moteur est partagé par les notebooks d'un module de test, comme dans un rapport (chaque
    notebook repart d'un espace de noms vide) ; nbval exécute en plus chaque notebook dans un noyau neuf."""
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    nb = json.loads(json.dumps(moteur.executer(notebook, {"donnees": str(donnees), "interactif": False})))
    assert "widgets" not in nb["metadata"]
    # le contenu est celui de ces données : le contexte affiché nomme l'organisation (ou le fichier seul)
    import yaml

    profil = donnees / "profil.yaml"
    nom = yaml.safe_load(profil.read_text(encoding="utf-8"))["nom"] if profil.is_file() else donnees.stem
    textes = json.dumps([s for c in nb["cells"] for s in c.get("outputs", [])], ensure_ascii=False)
    assert nom in textes, f"{notebook.name} n'affiche pas l'organisation « {nom} »"
    for cellule in nb["cells"]:
        for sortie_cellule in cellule.get("outputs", []):
            assert MIME_WIDGET not in sortie_cellule.get("data", {}), "un widget a été affiché en mode statique"
            assert sortie_cellule.get("output_type") != "error"
            if sortie_cellule.get("name") == "stderr":
                assert "Warning" not in sortie_cellule.get("text", ""), sortie_cellule["text"]


def test_pseudonymiser_ne_laisse_aucun_nom_de_fournisseur_dans_les_sorties(tmp_path, monkeypatch):
    """Le profil d'achats exécuté avec pseudonymiser=True ne montre aucun des vrais noms des principaux fournisseurs."""
    import papermill
    organisations = organisations_exemples()
    assert organisations, "aucune organisation exemple dans datasets/"
    from spaserlib.lecture.organisation import charger_organisation

    achats = charger_organisation(organisations[0]).achats
    principaux = achats.groupby("fournisseur")["montant_ht"].sum().nlargest(20).index
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(RACINE), os.environ.get("PYTHONPATH")])))
    sortie = tmp_path / "profil.ipynb"
    papermill.execute_notebook(
        str(NOTEBOOKS / "01.01-Profil-achats.ipynb"), str(sortie),
        parameters={"donnees": str(organisations[0]), "interactif": False, "pseudonymiser": True},
        kernel_name="python3", cwd=str(NOTEBOOKS), progress_bar=False,
    )
    texte = sortie.read_text(encoding="utf-8")
    trouves = [nom for nom in principaux if nom in texte or json.dumps(nom, ensure_ascii=False)[1:-1] in texte]
    assert not trouves, f"noms réels visibles malgré la pseudonymisation : {trouves}"
    assert "Fournisseur " in texte


def test_mode_interactif_detecte_dans_un_noyau_de_jupyterlab(tmp_path, monkeypatch):
    """Un noyau lancé par JupyterLab (JPY_SESSION_NAME posé) montre des widgets, sans bloquer l'exécution."""
    import papermill
    organisations = organisations_exemples()
    assert organisations, "aucune organisation exemple dans datasets/"
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(RACINE), os.environ.get("PYTHONPATH")])))
    monkeypatch.setenv("JPY_SESSION_NAME", str(NOTEBOOKS / "02.04-Objectifs-SMART.ipynb"))
    monkeypatch.delenv("SPASER_INTERACTIF", raising=False)
    sortie = tmp_path / "smart.ipynb"
    # Avec des widgets, le client Jupyter attend parfois sans fin un message du noyau déjà inactif (vu 2 fois
    # sur 3 dans la suite complète, jamais seul) : une cellule a 120 s, et une seconde tentative si le délai
    # expire. Deux délais expirés font échouer le test au lieu de bloquer l'intégration continue.
    for tentative in (1, 2):
        try:
            papermill.execute_notebook(str(NOTEBOOKS / "02.04-Objectifs-SMART.ipynb"), str(sortie),
                                       parameters={"donnees": str(organisations[0])}, execution_timeout=120,
                                       kernel_name="python3", cwd=str(NOTEBOOKS), progress_bar=False)
            break
        except (TimeoutError, papermill.PapermillExecutionError) as erreur:  # CellTimeoutError est un TimeoutError
            delai_expire = isinstance(erreur, TimeoutError) or "Timeout" in str(erreur) or "timed out" in str(erreur)
            if not delai_expire or tentative == 2:
                raise
    nb = json.loads(sortie.read_text(encoding="utf-8"))
    widgets = [o for c in nb["cells"] for o in c.get("outputs", []) if MIME_WIDGET in o.get("data", {})]
    assert len(widgets) == 1  # la zone de saisie de l'objectif


def test_le_21_aout_2026_n_est_plus_annonce_comme_a_venir():
    # Les textes du cours sont écrits après l'entrée en vigueur : ce qui s'applique est écrit au présent.
    from datetime import date

    assert date.today() >= date(2026, 8, 21)
    futurs = ("prochaine grande échéance", "devront comporter", "deviennent la règle", "Prêts pour le 21 août",
              "s'imposeront", "à partir du **21 août 2026**")
    for chemin in TOUS:
        texte = "".join("".join(c.source) for c in lire(chemin).cells)
        for futur in futurs:
            assert futur not in texte, f"{chemin.name} : « {futur} »"


@pytest.mark.parametrize("chemin", COURS, ids=lambda p: p.name)
def test_les_parametres_montrent_un_chemin_windows_qui_se_lit(chemin):
    # « C:\Users\… » entre guillemets simples est une erreur de syntaxe en Python : la consigne montre les
    # deux formes qui marchent, et la cellule reste du Python valide.
    source = "".join(cellule_parametres(lire(chemin))[0].source)
    ast.parse(source)
    assert '"C:/Users/marie/mandats.xlsx" ou r"C:\\Users\\marie\\mandats.xlsx"' in source


@pytest.mark.parametrize("chemin", TOUS + sorted((NOTEBOOKS.parent / "solutions").glob("*.ipynb")), ids=lambda p: p.name)
def test_une_seule_date_de_reference(chemin):
    # Issue 15 : toute date vient du paramètre date_reference (par le contexte), jamais de l'horloge.
    codes = [c.source for c in lire(chemin).cells if c.cell_type == "code"]
    for source in codes:
        assert "date.today()" not in source and "datetime.now()" not in source, chemin.name
        if "ouvrir(donnees" in source:
            assert "date_reference=date_reference" in source, chemin.name
        if "evaluer_obligations(" in source or "plan_de_communication(" in source:
            assert "date_reference" in source or "date_evaluation=contexte.date_reference" in source, chemin.name
    if cellule_parametres(lire(chemin)):
        assert "date_reference = None  # AAAA-MM-JJ" in cellule_parametres(lire(chemin))[0].source, chemin.name
