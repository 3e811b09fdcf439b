"""Le formulaire des quiz, piloté comme le ferait un apprenant : remplir, vérifier, enregistrer."""

import json

import pytest

from spaserlib.commun.erreurs import ErreurParametre
from spaserlib.exercices.quiz import lire_quiz
from spaserlib.exercices.widgets_quiz import FormulaireQuiz, charger_quiz, reponses_de_reference
from tests import RACINE

POSITIONNEMENT = RACINE / "solutions" / "quiz" / "positionnement.yaml"


def test_le_formulaire_enregistre_les_reponses_brutes_sans_les_corriger(tmp_path):
    formulaire = FormulaireQuiz(lire_quiz(POSITIONNEMENT), tmp_path, participant="Camille Martin")
    formulaire.champs["p01"].value = "L2111-3"
    formulaire.champs["p03"][0].value = True
    formulaire.champs["p02"].value = "50"
    formulaire.bouton_enregistrer.click()
    assert "Réponses enregistrées (3 question(s) sur 13)" in formulaire.etat.value
    contenu = json.loads((tmp_path / "camille-martin__positionnement.json").read_text(encoding="utf-8"))
    assert contenu["exercice"] == "positionnement"
    questions = contenu["reponses"]["questions"]
    assert questions["p01"] == "L2111-3" and questions["p02"] == "50" and len(questions["p03"]) == 1
    assert questions["p04"] is None and questions["p12"] == []
    assert formulaire.retour.value == ""  # un quiz noté ne montre pas la correction
    assert "Vérifier" not in [b.description for b in formulaire.widget().children[-3].children]


def test_sans_nom_rien_n_est_enregistre(tmp_path):
    formulaire = FormulaireQuiz(lire_quiz(POSITIONNEMENT), tmp_path)
    formulaire.bouton_enregistrer.click()
    assert "Non enregistré" in formulaire.etat.value and "Indiquez votre nom dans la case « Votre nom »" in formulaire.etat.value
    assert list(tmp_path.iterdir()) == []


def test_le_quiz_de_cours_se_corrige_sur_place_avec_les_sources():
    questionnaire = charger_quiz("cadre-juridique")
    formulaire = FormulaireQuiz(questionnaire, corriger_sur_place=True)
    formulaire.remplir(reponses_de_reference(questionnaire))
    formulaire.bouton_verifier.click()
    assert "Score : 5 / 5" in formulaire.retour.value
    assert "décret n° 2022-767" in formulaire.retour.value and "21 août 2026" in formulaire.retour.value
    formulaire.remplir({"c02": "4", "c03": ["Un critère d'attribution environnemental (L2152-7)"]})
    table = formulaire.verifier()
    assert list(table.loc[1:2, "verdict"]) == ["faux", "partiel"]
    formulaire.enregistrer()
    assert "n'est pas enregistré" in formulaire.etat.value


def test_remplir_refuse_une_question_ou_une_proposition_inconnue():
    formulaire = FormulaireQuiz(lire_quiz(POSITIONNEMENT))
    with pytest.raises(ErreurParametre, match="Question « zz » absente du quiz"):
        formulaire.remplir({"zz": "x"})
    with pytest.raises(ErreurParametre, match="« L9999 » n'est pas une proposition possible"):
        formulaire.remplir({"p01": "L9999"})


def test_un_quiz_inconnu_donne_la_liste_des_quiz():
    with pytest.raises(ErreurParametre, match="Quiz « final » introuvable .* quiz possibles : cadre-juridique, evaluation-finale, positionnement"):
        charger_quiz("final")


def test_l_apercu_statique_ne_montre_pas_les_reponses():
    questionnaire = lire_quiz(POSITIONNEMENT)
    apercu = FormulaireQuiz(questionnaire).apercu_html()
    assert questionnaire.questions[0].enonce in apercu
    assert questionnaire.questions[4].explication not in apercu and "2024-134" not in apercu
