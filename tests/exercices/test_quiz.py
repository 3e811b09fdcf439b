"""Le modèle des quiz : lecture et vérification du YAML, correction question par question, statistiques, progression."""

import textwrap

import pandas as pd
import pytest

from spaserlib.commun.erreurs import ErreurFichier
from spaserlib.exercices import quiz as q
from tests import RACINE

QUIZ = RACINE / "solutions" / "quiz"

ENTETE = """\
quiz: essai
titre: "Essai"
competences: {droit: "Cadre juridique"}
questions:
"""


def _ecrire(tmp_path, questions: str):
    chemin = tmp_path / "essai.yaml"
    chemin.write_text(ENTETE + textwrap.indent(textwrap.dedent(questions), "  "), encoding="utf-8")
    return chemin


def _question(**champs):
    base = dict(id="q1", competence="droit", type="choix_unique", enonce="?", reponse="A", explication="Parce que.",
                source="Art. L2111-3 CCP", choix=("A", "B"))
    base.update(champs)
    return q.Question(**base)


# --- les quiz livrés -----------------------------------------------------------------------------

def test_les_quiz_livres_se_lisent_et_couvrent_les_memes_competences():
    quiz = q.lire_quiz_dossier(QUIZ)
    assert set(quiz) == {"positionnement", "evaluation-finale", "cadre-juridique"}
    avant, apres = quiz["positionnement"], quiz["evaluation-finale"]
    assert 12 <= len(avant.questions) <= 15 and 12 <= len(apres.questions) <= 15
    assert avant.competences == apres.competences
    assert {x.competence for x in avant.questions} == {x.competence for x in apres.questions} == set(avant.competences)
    assert not {x.enonce for x in avant.questions} & {x.enonce for x in apres.questions}  # des questions différentes
    for questionnaire in quiz.values():
        assert {x.type for x in questionnaire.questions} >= {"choix_unique", "nombre", "texte"}
        for x in questionnaire.questions:
            assert x.source and x.explication


def test_chaque_regle_de_droit_citee_porte_sa_date():
    for questionnaire in q.lire_quiz_dossier(QUIZ).values():
        for x in questionnaire.questions:
            if x.competence == "droit":
                assert any(annee in x.source for annee in ("2014", "2015", "2018", "2020", "2021", "2022", "2023", "2024", "2026")), x.id


def test_les_reponses_de_reference_obtiennent_tous_les_points():
    from spaserlib.exercices.widgets_quiz import reponses_de_reference

    for questionnaire in q.lire_quiz_dossier(QUIZ).values():
        table = q.corriger_quiz(questionnaire, reponses_de_reference(questionnaire))
        assert (table["verdict"] == "juste").all(), table[table["verdict"] != "juste"]


# --- la vérification du fichier ---------------------------------------------------------------------

@pytest.mark.parametrize("questions, message", [
    ("- {id: q1, competence: droit, type: vrai_faux, enonce: '?', reponse: 'A', explication: 'x', source: 's'}\n",
     "essai.yaml : question « q1 » : type « vrai_faux » inconnu ; types possibles : choix_unique, choix_multiple, nombre, texte."),
    ("- {id: q1, competence: smart, type: texte, enonce: '?', reponse: 'A', explication: 'x', source: 's'}\n",
     "question « q1 » : compétence « smart » absente de la liste « competences » (droit)."),
    ("- {id: q1, competence: droit, type: choix_unique, enonce: '?', choix: [A, B], reponse: C, explication: 'x', source: 's'}\n",
     "question « q1 » : la réponse « C » n'est pas l'une des propositions de « choix » (recopiez-la exactement)."),
    ("- {id: q1, competence: droit, type: nombre, enonce: '?', reponse: 'cinquante', explication: 'x', source: 's'}\n",
     "question « q1 » : « reponse » doit être un nombre"),
    ("- {id: q1, competence: droit, type: nombre, enonce: '?', reponse: 50, tolerance: -1, explication: 'x', source: 's'}\n",
     "question « q1 » : « tolerance » doit être un nombre positif ou nul, pas « -1 »."),
    ("- {id: q1, competence: droit, type: texte, enonce: '?', reponse: 'A', explication: 'x'}\n",
     "question « q1 » : le champ « source » doit être un texte non vide."),
    ("- {id: q1, competence: droit, type: texte, enonce: '?', reponse: 'A', explication: 'x', source: 's'}\n"
     "- {id: q1, competence: droit, type: texte, enonce: '?', reponse: 'B', explication: 'x', source: 's'}\n",
     "question « q1 » : cet identifiant est déjà pris par une autre question."),
    ("- {id: q1, competence: droit, type: choix_unique, enonce: '?', choix: [A, '%s'], reponse: A, explication: 'x', source: 's'}\n" % ("x" * 101),
     "question « q1 » : la proposition « xxxx"),
    ("- {competence: droit, type: texte, enonce: '?', reponse: 'A', explication: 'x', source: 's'}\n",
     "question n° 1 : le champ « id » doit être un court identifiant"),
])
def test_un_quiz_mal_forme_est_refuse_avec_le_fichier_et_la_question(tmp_path, questions, message):
    with pytest.raises(ErreurFichier) as erreur:
        q.lire_quiz(_ecrire(tmp_path, questions))
    assert message in str(erreur.value)
    assert "essai.yaml" in str(erreur.value)


def test_un_yaml_invalide_donne_sa_ligne(tmp_path):
    chemin = tmp_path / "casse.yaml"
    chemin.write_text("quiz: essai\ntitre: [non ferme\n", encoding="utf-8")
    with pytest.raises(ErreurFichier, match="n'est pas un YAML valide à la ligne"):
        q.lire_quiz(chemin)


def test_un_quiz_absent_est_dit(tmp_path):
    with pytest.raises(ErreurFichier, match="quiz introuvable ou illisible"):
        q.lire_quiz(tmp_path / "absent.yaml")


# --- la correction, aux bornes ---------------------------------------------------------------------

@pytest.mark.parametrize("saisie, verdict", [("52", "juste"), ("48", "juste"), ("52,01", "faux"), ("47,99", "faux"),
                                             ("50 %", "juste"), (" 50,0 ", "juste"), ("cinquante", "faux"), ("", "sans réponse")])
def test_un_nombre_est_juste_jusqu_a_la_tolerance_incluse(saisie, verdict):
    question = _question(type="nombre", reponse=50.0, tolerance=2.0, choix=())
    assert q.corriger_question(question, saisie)["verdict"] == verdict


def test_la_tolerance_resiste_aux_arrondis_binaires():
    question = _question(type="nombre", reponse=0.3, tolerance=0.1, choix=())
    assert q.corriger_question(question, "0,4")["verdict"] == "juste"  # 0,4 − 0,3 vaut 0,10000000000000003


@pytest.mark.parametrize("cochees, points, verdict", [
    (["A", "B"], 1.0, "juste"),
    (["A"], 0.5, "partiel"),
    (["A", "C"], 0.0, "faux"),          # une juste, une fausse : elles s'annulent
    (["A", "B", "C"], 0.5, "partiel"),
    (["C", "D"], 0.0, "faux"),          # jamais sous zéro
    ([], 0.0, "sans réponse"),
])
def test_un_choix_multiple_compte_les_cases_justes_moins_les_fausses(cochees, points, verdict):
    question = _question(type="choix_multiple", reponse=("A", "B"), choix=("A", "B", "C", "D"))
    ligne = q.corriger_question(question, cochees)
    assert (ligne["points"], ligne["verdict"]) == (points, verdict)


def test_une_part_de_choix_multiple_est_arrondie_au_centieme():
    question = _question(type="choix_multiple", reponse=("A", "B", "C"), choix=("A", "B", "C", "D"))
    assert q.corriger_question(question, ["A"])["points"] == 0.33


@pytest.mark.parametrize("saisie, verdict", [("Décret n° 2024-134", "juste"), ("decret 2024 134", "juste"), ("2024-134", "juste"),
                                             ("2021-254", "faux"), ("   ", "sans réponse"), (None, "sans réponse")])
def test_un_texte_court_est_compare_aux_formes_admises(saisie, verdict):
    question = _question(type="texte", reponse=("2024-134", "décret 2024-134", "décret n° 2024-134"), choix=())
    assert q.corriger_question(question, saisie)["verdict"] == verdict


def test_une_question_sans_reponse_vaut_zero_et_une_question_inconnue_est_ignoree():
    questionnaire = q.lire_quiz(QUIZ / "positionnement.yaml")
    table = q.corriger_quiz(questionnaire, {"zz99": "L2111-3"})
    assert len(table) == len(questionnaire.questions)
    assert table["points"].sum() == 0 and (table["verdict"] == "sans réponse").all()
    assert table.loc[0, "explication"].endswith("Source : Art. L2111-3 CCP (loi n° 2014-856 du 31 juillet 2014, art. 13 ; codifié le 1er avril 2019).")


# --- statistiques et progression -----------------------------------------------------------------

def _resultats():
    lignes = []
    for participant, quiz, points in [("Alice", "positionnement", [0, 0, 1]), ("Alice", "evaluation-finale", [1, 1, 1]),
                                      ("Bruno", "positionnement", [1, 0, 1]), ("Bruno", "evaluation-finale", [1, 0, 0]),
                                      ("Chloé", "positionnement", [1, 1, 1])]:
        for n, (competence, p) in enumerate(zip(["droit", "droit", "smart"], points)):
            lignes.append({"participant": participant, "quiz": quiz, "element": f"{quiz[0]}{n}", "competence": competence,
                           "points": float(p), "maximum": 1.0})
    return pd.DataFrame(lignes)


def test_la_progression_se_calcule_par_competence():
    table = q.progression(_resultats(), {"droit": "Cadre juridique", "smart": "Objectifs SMART"})
    alice = table[table["participant"] == "Alice"].set_index("competence")
    assert alice.loc["droit", "taux_positionnement"] == 0 and alice.loc["droit", "taux_finale"] == 1
    assert alice.loc["droit", "progression_points"] == 100 and alice.loc["smart", "progression_points"] == 0
    assert alice.loc["droit", "libelle"] == "Cadre juridique"
    bruno = table[table["participant"] == "Bruno"].set_index("competence")
    assert bruno.loc["droit", "progression_points"] == 0 and bruno.loc["smart", "progression_points"] == -100
    chloe = table[table["participant"] == "Chloé"]  # pas d'évaluation finale : pas d'écart
    assert chloe["taux_finale"].isna().all() and chloe["progression_points"].isna().all()


def test_les_statistiques_donnent_le_taux_la_moyenne_et_la_mediane_par_question():
    stats = q.statistiques_questions(_resultats()).set_index(["quiz", "question"])
    ligne = stats.loc[("positionnement", "p0")]
    assert ligne["repondants"] == 3 and ligne["taux_reussite"] == round(2 / 3, 4)
    assert ligne["moyenne"] == round(2 / 3, 2) and ligne["mediane"] == 1.0
    assert q.statistiques_questions(_resultats().iloc[0:0]).empty
