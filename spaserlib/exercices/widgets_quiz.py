"""Le formulaire ipywidgets des quiz : une question par bloc, puis « Vérifier » et/ou « Enregistrer ».

Couche mince sur `spaserlib.exercices.quiz` (correction) et `spaserlib.exercices.reponses` (enregistrement).
Deux usages :
- quiz noté (positionnement, évaluation finale) : la personne répond et enregistre ; la correction est
  faite ensuite par `spaser noter`, le formulaire n'affiche pas les réponses attendues ;
- quiz de cours (02.01) : « Vérifier » corrige sur place, avec l'explication et la source de chaque réponse.
Les retours sont des widgets HTML (`retour.value`, `etat.value`) : les tests pilotent le formulaire.
"""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as w

from spaserlib.commun.erreurs import ErreurParametre, ErreurSpaser
from spaserlib.commun.ressources import racine_kit
from spaserlib.exercices import quiz as modele
from spaserlib.exercices.reponses import enregistrer_reponse
from spaserlib.exercices.widgets import STYLE, score_html, table_html

LARGEUR = "46rem"  # une mise en page neuve par widget : aucun widget ne naît à l'import du module


def charger_quiz(nom: str, dossier=None) -> modele.Quiz:
    """Le quiz `nom` (positionnement, evaluation-finale, cadre-juridique) du dossier des quiz du kit (solutions/quiz)."""
    dossier = Path(dossier) if dossier is not None else racine_kit() / "solutions" / "quiz"
    chemin = dossier / f"{nom}.yaml"
    if not chemin.is_file():
        possibles = ", ".join(sorted(p.stem for p in dossier.glob("*.yaml"))) or "aucun"
        raise ErreurParametre(f"Quiz « {nom} » introuvable dans {dossier} ; quiz possibles : {possibles}.")
    return modele.lire_quiz(chemin)


def reponses_de_reference(questionnaire: modele.Quiz) -> dict:
    """Les réponses attendues, au format du formulaire (pour la version formateur et les tests)."""
    return {q.id: (list(q.reponse) if q.type == "choix_multiple" else q.reponse[0] if q.type == "texte" else q.reponse)
            for q in questionnaire.questions}


class FormulaireQuiz:
    """Un quiz à remplir. `dossier_reponses` None : rien n'est enregistré ; `corriger_sur_place` : bouton « Vérifier »."""

    def __init__(self, questionnaire: modele.Quiz, dossier_reponses=None, participant: str = "", *, corriger_sur_place: bool = False):
        self.quiz = questionnaire
        self.dossier_reponses = dossier_reponses
        self.corriger_sur_place = corriger_sur_place
        self.participant = w.Text(value=participant, description="Votre nom :", style=STYLE)
        self.champs: dict[str, object] = {}
        self.blocs = []
        for n, q in enumerate(questionnaire.questions, start=1):
            enonce = w.HTML(f"<p><b>{n}. {html.escape(q.enonce)}</b></p>", layout=w.Layout(width=LARGEUR))
            if q.type == "choix_unique":
                champ = w.RadioButtons(options=list(q.choix), value=None, layout=w.Layout(width="max-content"))
                saisie = champ
            elif q.type == "choix_multiple":
                champ = [w.Checkbox(value=False, description=c, indent=False, layout=w.Layout(width="max-content")) for c in q.choix]
                saisie = w.VBox(champ)
            else:
                aide = f"un nombre{' (en ' + q.unite + ')' if q.unite else ''}" if q.type == "nombre" else "votre réponse, en quelques mots"
                champ = w.Text(placeholder=aide, layout=w.Layout(width="24rem"))
                saisie = champ
            self.champs[q.id] = champ
            self.blocs.append(w.VBox([enonce, saisie]))
        self.retour = w.HTML()
        self.etat = w.HTML()
        self.bouton_verifier = w.Button(description="Vérifier", icon="check", button_style="info")
        self.bouton_verifier.on_click(lambda _: self.verifier())
        self.bouton_enregistrer = w.Button(description="Enregistrer", icon="save", button_style="success")
        self.bouton_enregistrer.on_click(lambda _: self.enregistrer())

    def valeurs(self) -> dict:
        """Les réponses brutes, question par question (texte, liste de textes ou None)."""
        valeurs = {}
        for q in self.quiz.questions:
            champ = self.champs[q.id]
            if q.type == "choix_multiple":
                valeurs[q.id] = [c.description for c in champ if c.value]
            else:
                valeurs[q.id] = champ.value if champ.value not in ("",) else None
        return valeurs

    def reponses(self) -> dict:
        return {"questions": self.valeurs()}

    def remplir(self, reponses: dict) -> None:
        """Répond par le code (mode sans formulaire) : {id: texte, nombre ou liste de propositions}."""
        for ident, valeur in reponses.items():
            q = self.quiz.question(ident)
            if q is None:
                raise ErreurParametre(f"Question « {ident} » absente du quiz ; questions possibles : {', '.join(q.id for q in self.quiz.questions)}.")
            champ = self.champs[ident]
            if q.type.startswith("choix"):
                choisis = [valeur] if isinstance(valeur, str) else list(valeur or [])
                inconnus = [c for c in choisis if c not in q.choix]
                if inconnus or (q.type == "choix_unique" and len(choisis) > 1):
                    raise ErreurParametre(f"Question « {ident} » : « {(inconnus or choisis)[0]} » n'est pas une proposition possible "
                                          f"(une seule réponse pour un choix unique) ; propositions : {' | '.join(q.choix)}.")
                if q.type == "choix_unique":
                    champ.value = choisis[0] if choisis else None
                else:
                    for case in champ:
                        case.value = case.description in choisis
            else:
                champ.value = "" if valeur is None else str(valeur).replace(".", ",") if q.type == "nombre" else str(valeur)

    def verifier(self):
        """Corrige sur place (quiz de cours) : score, puis verdict, réponse attendue, explication et source."""
        table = modele.corriger_quiz(self.quiz, self.valeurs())
        self.retour.value = score_html(table) + table_html(table, {"element": "Question", "reponse": "Votre réponse", "reference": "Réponse attendue",
                                                                   "verdict": "Verdict", "explication": "Explication et source"})
        return table

    def enregistrer(self):
        if self.dossier_reponses is None:
            self.etat.value = "Ce quiz n'est pas enregistré : utilisez « Vérifier »."
            return None
        try:
            chemin = enregistrer_reponse(self.dossier_reponses, self.participant.value, self.quiz.id, self.reponses())
        except ErreurSpaser as e:
            self.etat.value = f"<b>Non enregistré :</b> {html.escape(str(e))}"
            return None
        repondues = sum(1 for v in self.valeurs().values() if v not in (None, []))
        self.etat.value = (f"Réponses enregistrées ({repondues} question(s) sur {len(self.quiz.questions)}) dans "
                           f"<code>{html.escape(str(chemin))}</code>. Vous pouvez corriger et enregistrer à nouveau : la dernière fait foi.")
        return chemin

    def widget(self) -> w.Widget:
        boutons = [self.bouton_verifier] if self.corriger_sur_place else []
        if self.dossier_reponses is not None:
            boutons.append(self.bouton_enregistrer)
        titre = w.HTML(f"<h3>{html.escape(self.quiz.titre)}</h3>")
        entete = [titre] + ([self.participant] if self.dossier_reponses is not None else [])
        return w.VBox([*entete, *self.blocs, w.HBox(boutons), self.retour, self.etat])

    def apercu_html(self) -> str:
        return apercu_quiz(self.quiz)


def apercu_quiz(questionnaire: modele.Quiz) -> str:
    """Les questions en HTML statique (mode sans formulaire, rapports), sans les réponses attendues ni widget."""
    morceaux = [f"<h3>{html.escape(questionnaire.titre)}</h3><ol>"]
    for q in questionnaire.questions:
        choix = "".join(f"<li>{html.escape(c)}</li>" for c in q.choix)
        morceaux.append(f"<li><p>{html.escape(q.enonce)}</p>{'<ul>' + choix + '</ul>' if choix else ''}</li>")
    return "".join(morceaux) + "</ol>"
