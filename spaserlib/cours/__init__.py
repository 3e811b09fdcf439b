"""Ce que les notebooks du cours, les exercices et les solutions appellent : la façade du kit.

Une cellule de notebook importe d'ici, et d'ici seulement : ``from spaserlib.cours import ouvrir``.
Les noms sont ceux du cours ; chacun renvoie à sa fonction dans la bibliothèque (sa documentation
dit ce qu'elle prend et rend : ``help(ouvrir)``).

Dans un notebook, une erreur de l'apprenant s'affiche en une phrase française, sans trace
(`spaserlib.cours.erreurs_apprenant`).

Ouvrir les données et afficher
    ouvrir                 le contexte d'un notebook : données, organisation, année, mode
    mode_interactif        formulaires dans JupyterLab, même contenu en statique sans écran
    afficher_table, afficher_indicateur, afficher_figure, afficher_phrase
    choisir, saisir_texte  une liste déroulante ou une zone de texte (valeur fixe sans écran)
    periode                le libellé de la période analysée (« en 2025 »)

Profil et dépenses (module 1)
    depenses_par_annee, depenses_par_fournisseur, depenses_par_nature, depenses_par_famille_libellee
    charger_organisation   lire un dossier d'organisation ou un fichier seul

Considérations, obligations, suivi (module 2)
    part_considerations, considerations_par_genre, evaluer_obligations,
    simuler_regles_2026, phrase_simulation   les règles du 21 août 2026 appliquées à une année passée
    phrase_regles_2026     ces règles dites à la date de référence (en vigueur ou à venir)
    trajectoires, CIBLES_PNAD, plan_de_communication
    clauses, vue_clauses, choix_familles   la bibliothèque de clauses et critères types par famille
    vue_pairs              l'organisation placée parmi ses pairs d'un fichier DECP national (modules 2 et 3)

Cartographie : Pareto et Kraljic (module 2)
    classer_pareto, phrase_pareto, noter_familles, forcer, classer_enjeux, figure_kraljic

Vues prêtes à afficher
    vue_pareto, vue_kraljic, vue_famille_kraljic, vue_strategies, vue_analyse_smart,
    vue_objectifs_reference, vue_trajectoires, vue_obligations

Exercices pratiques (module 4)
    ExerciceKraljic, ExerciceSmart, ExerciceAxes   les formulaires
    corrige_kraljic, placements_de_reference, indicateurs_familles, familles_prioritaires,
    enonces_strategie                              le corrigé et les énoncés

Documents des participants (module 4)
    objectifs_du_document  les objectifs repérés dans une feuille de route ou une politique (DOCX, ODT,
                           PDF, texte), chacun analysé selon les critères SMART

Activités des notebooks de cours (issue 16)
    grille_maturite, evaluer_maturite, phrase_maturite, figure_maturite
                           l'autoévaluation de la maturité de la fonction achats (01.02) : formulaire, profil,
                           lecture (points forts, priorités), radar
    liste_recensement, bilan_recensement   la liste de contrôle du recensement de l'existant (03.01)
    retroplanning, montrer_retroplanning, figure_retroplanning
                           le rétroplanning du SPASER, de la séance du vote au COPIL de lancement (03.02)

Quiz (positionnement 00.01, évaluation finale 04.05, quiz de cours 02.01)
    charger_quiz, FormulaireQuiz                   le quiz (solutions/quiz/*.yaml) et son formulaire
    apercu_quiz                                    ses questions en HTML statique (sans formulaire)
    reponses_de_reference                          les réponses attendues (version formateur)
"""

from spaserlib.analyse.clauses import choix_familles, clauses
from spaserlib.analyse.communication import plan_de_communication
from spaserlib.analyse.enjeux import classer_enjeux
from spaserlib.analyse.indicateurs import (
    considerations_par_genre,
    depenses_par_annee,
    depenses_par_fournisseur,
    part_considerations,
)
from spaserlib.analyse.kraljic import forcer, noter_familles
from spaserlib.analyse.obligations import evaluer_obligations
from spaserlib.analyse.pareto import classer_pareto, phrase_pareto
from spaserlib.analyse.profil import depenses_par_famille_libellee, depenses_par_nature
from spaserlib.analyse.regles_2026 import phrase_regles_2026, phrase_simulation, simuler_regles_2026
from spaserlib.analyse.trajectoires import CIBLES_PNAD, trajectoires
from spaserlib.cours.affichage import (
    afficher_figure,
    afficher_indicateur,
    afficher_phrase,
    afficher_table,
    choisir,
    mode_interactif,
    saisir_texte,
)
from spaserlib.cours.contexte import ouvrir
from spaserlib.cours.maturite import evaluer_maturite, figure_maturite, grille_maturite, phrase_maturite
from spaserlib.cours.recensement import bilan_recensement, liste_recensement
from spaserlib.cours.retroplanning import figure_retroplanning, montrer_retroplanning, retroplanning
from spaserlib.cours.pairs import vue_pairs
from spaserlib.cours.vues import (
    periode,
    vue_analyse_smart,
    vue_famille_kraljic,
    vue_kraljic,
    vue_objectifs_reference,
    vue_obligations,
    vue_pareto,
    vue_strategies,
    vue_clauses,
    vue_trajectoires,
)
from spaserlib.documents.figures import figure_kraljic
from spaserlib.exercices.corrige import (
    corrige_kraljic,
    enonces_strategie,
    familles_prioritaires,
    indicateurs_familles,
    placements_de_reference,
)
from spaserlib.exercices.widgets import ExerciceAxes, ExerciceKraljic, ExerciceSmart
from spaserlib.exercices.widgets_quiz import FormulaireQuiz, apercu_quiz, charger_quiz, reponses_de_reference
from spaserlib.lecture.organisation import charger_organisation
from spaserlib.objectifs import reperage as _reperage

__all__ = [
    "ouvrir", "mode_interactif", "afficher_table", "afficher_indicateur", "afficher_figure", "afficher_phrase",
    "choisir", "saisir_texte", "periode",
    "depenses_par_annee", "depenses_par_fournisseur", "depenses_par_nature", "depenses_par_famille_libellee",
    "charger_organisation",
    "part_considerations", "considerations_par_genre", "evaluer_obligations", "simuler_regles_2026", "phrase_simulation",
    "phrase_regles_2026",
    "trajectoires", "CIBLES_PNAD",
    "plan_de_communication",
    "clauses", "vue_clauses", "choix_familles", "vue_pairs",
    "classer_pareto", "phrase_pareto", "noter_familles", "forcer", "classer_enjeux", "figure_kraljic",
    "vue_pareto", "vue_kraljic", "vue_famille_kraljic", "vue_strategies", "vue_analyse_smart",
    "vue_objectifs_reference", "vue_trajectoires", "vue_obligations",
    "ExerciceKraljic", "ExerciceSmart", "ExerciceAxes",
    "FormulaireQuiz", "charger_quiz", "apercu_quiz", "reponses_de_reference",
    "corrige_kraljic", "placements_de_reference", "indicateurs_familles", "familles_prioritaires", "enonces_strategie",
    "objectifs_du_document",
    "grille_maturite", "evaluer_maturite", "phrase_maturite", "figure_maturite",
    "liste_recensement", "bilan_recensement",
    "retroplanning", "montrer_retroplanning", "figure_retroplanning",
]


def objectifs_du_document(document, date_reference=None):
    """Les objectifs repérés dans le document `document` (chemin d'un DOCX, ODT, PDF, TXT ou MD), un par
    ligne, avec leurs verdicts SMART, leur axe, leur indicateur et leur échéance (voir
    `spaserlib.objectifs.reperage.tableau_objectifs`). `date_reference` (AAAA-MM-JJ, None : aujourd'hui)
    est la date à laquelle les échéances sont jugées."""
    from spaserlib.commun.calendrier import lire_date_reference

    return _reperage.objectifs_du_document(document, aujourd_hui=lire_date_reference(date_reference))

# Dans un notebook, une erreur causée par l'apprenant (fichier introuvable, code de famille inconnu, appel
# mal formé…) s'affiche en une phrase française, sans trace Python (voir cours/erreurs_apprenant.py).
from spaserlib.cours.erreurs_apprenant import installer as _installer_erreurs  # noqa: E402

_installer_erreurs()
