"""Repérage des objectifs dans un document (`objectifs.reperage`), sur les documents de test en quatre formats."""

import json
import re
from datetime import date

import pytest

from spaserlib.lecture.documents_texte import Bloc, lire_document
from spaserlib.objectifs.reperage import classer_phrase, objectifs_du_document, reperer_objectifs, tableau_objectifs
from tests import RACINE

DOCUMENTS = RACINE / "tests" / "donnees" / "documents"
ETIQUETTES = json.loads((DOCUMENTS / "documents.json").read_text(encoding="utf-8"))
JOUR = date(2026, 12, 2)


def _n(texte: str) -> str:
    return re.sub(r"[\s.;:]+", " ", texte.lower()).strip()


@pytest.mark.parametrize("extension", ["docx", "odt", "pdf", "txt"])
@pytest.mark.parametrize("nom", sorted(ETIQUETTES))
def test_rappel_complet_et_au_plus_un_faux_positif(nom, extension):
    attendus = [_n(o) for o in ETIQUETTES[nom]["objectifs"]]
    trouves = [p.texte for p in reperer_objectifs(lire_document(DOCUMENTS / f"{nom}.{extension}"), aujourd_hui=JOUR)
               if p.objectif]
    manques = [a for a in attendus if not any(a in _n(t) for t in trouves)]
    faux = [t for t in trouves if not any(a in _n(t) for a in attendus)]
    assert manques == [], f"objectifs manqués dans {nom}.{extension}"
    assert len(faux) <= 1, f"faux positifs dans {nom}.{extension} : {faux}"


@pytest.mark.parametrize("phrase, raison", [
    ("Nous souhaitons favoriser l'accès des personnes éloignées de l'emploi aux marchés.", "intention sans cible"),
    ("La Ville a consacré 48 M€ HT aux achats en 2024, dont 62 % en services.", "constat (contexte)"),
    ("D'ici 2027, la Ville s'engage sur les objectifs suivants :", "introduction de liste"),
    ("Axe 2 – Transition", "phrase trop courte"),
    ("La restauration des collèges sert 4 millions de repas par an.", "sans engagement ni échéance"),
])
def test_phrases_qui_ne_sont_pas_des_objectifs(phrase, raison):
    objectif, pourquoi = classer_phrase(phrase, aujourd_hui=JOUR)
    assert not objectif and raison in pourquoi


def test_une_cible_avec_engagement_est_un_objectif():
    objectif, pourquoi = classer_phrase("Réserver au moins 5 lots par an aux structures d'insertion.", aujourd_hui=JOUR)
    assert objectif and pourquoi == "cible « 5 lots » et engagement « Réserver »"


def test_le_titre_date_donne_l_echeance_et_l_axe():
    blocs = [Bloc("titre", "Axe 2 – Transition écologique", 1), Bloc("titre", "Horizon 2030", 2),
             Bloc("liste", "Remplacer 60 % des véhicules du parc par des modèles électriques."),
             Bloc("liste", "Atteindre 20 % de marchés avec une clause d'insertion d'ici 2027.")]
    table = tableau_objectifs(blocs, aujourd_hui=JOUR)
    assert list(table["echeance"]) == [date(2030, 12, 31), date(2027, 12, 31)]
    assert list(table["echeance_du_contexte"]) == [True, False]
    assert table["contexte"].iloc[0] == "Axe 2 – Transition écologique › Horizon 2030"
    assert table["temporel"].iloc[0] == "rempli"


def test_un_titre_n_est_jamais_un_objectif():
    phrases = reperer_objectifs([Bloc("titre", "Atteindre 30 % de clauses sociales en 2027", 1)], aujourd_hui=JOUR)
    assert [(p.objectif, p.raison) for p in phrases] == [(False, "titre")]


def test_document_sans_objectif_rend_un_tableau_vide(tmp_path):
    f = tmp_path / "intentions.txt"
    f.write_text("Nous voulons favoriser les achats responsables.\n\nLa Ville veillera à sensibiliser ses agents.\n",
                 encoding="utf-8")
    table = objectifs_du_document(f, aujourd_hui=JOUR)
    assert table.empty and "specifique" in table.columns


@pytest.mark.parametrize("notebook", ["exercises/04.03-Exercice-SMART.ipynb", "notebooks/04.01-Cas-pratiques.ipynb"])
def test_les_notebooks_chargent_le_document_du_participant(notebook, tmp_path):
    import papermill

    source = RACINE / notebook
    sortie = tmp_path / "sortie.ipynb"
    papermill.execute_notebook(str(source), str(sortie), cwd=str(source.parent), kernel_name="python3",
                               progress_bar=False, parameters={
                                   "document": str(DOCUMENTS / "spaser_intercommunalite.docx"), "interactif": False,
                                   "date_reference": "2026-12-02", "dossier_reponses": str(tmp_path)})
    import nbformat

    cellule = next(c for c in nbformat.read(sortie, 4).cells if c.get("id") == "document-objectifs")
    texte = "".join(o.get("text", "") + o.get("data", {}).get("text/plain", "") for o in cellule.outputs)
    assert "Les objectifs repérés dans votre document" in texte
    assert "Remplacer 60 % des véhicules thermiques" in texte and "Développer le dialogue" not in texte


def test_une_periode_dans_le_titre_donne_sa_derniere_annee():
    blocs = [Bloc("titre", "Feuille de route 2025-2028", 1),
             Bloc("liste", "Réserver au moins 5 lots par an aux structures d'insertion.")]
    assert list(tableau_objectifs(blocs, aujourd_hui=JOUR)["echeance"]) == [date(2028, 12, 31)]
