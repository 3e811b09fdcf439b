"""Les quiz : positionnement, évaluation finale, quiz de cours. Modèle, lecture du YAML, correction.

Un quiz est un fichier YAML que le formateur peut modifier (``solutions/quiz/*.yaml``) ::

    quiz: positionnement            # l'identifiant : le nom de l'« exercice » dans les réponses
    titre: "Quiz de positionnement"
    competences: {droit: "Cadre juridique", ...}
    questions:
      - id: q01
        competence: droit
        type: choix_unique           # ou choix_multiple, nombre, texte
        enonce: "…"
        choix: ["…", "…"]            # types choix_unique et choix_multiple
        reponse: "…"                 # un choix ; une liste de choix ; un nombre ; une liste de formes admises
        tolerance: 2                 # type nombre : écart admis, dans l'unité
        unite: "%"                   # facultatif
        points: 1                    # facultatif (1 par défaut)
        explication: "…"
        source: "Art. L2111-3 CCP (…), depuis le 1er janvier 2023"

La lecture vérifie tout et lève `ErreurFichier` en nommant le fichier et la question. La correction est
faite de fonctions pures : une réponse brute par question (texte, liste de textes, nombre) → une table
``element, competence, reponse, reference, verdict, points, maximum, explication``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from spaserlib.commun.erreurs import ErreurFichier
from spaserlib.commun.format_fr import nombre

TYPES = ("choix_unique", "choix_multiple", "nombre", "texte")
QUIZ_EVALUATION = ("positionnement", "evaluation-finale")  # les deux quiz notés par `spaser noter`
TAILLE_MAX = 500_000  # octets d'un fichier de quiz
QUESTIONS_MAX = 100
TEXTE_MAX = 2_000
CHOIX_MAX = 100  # caractères d'une proposition : elle tient sur une ligne du formulaire
CONSEIL = "Repartez du modèle livré dans solutions/quiz/ et corrigez la ligne indiquée."
COLONNES = ["element", "competence", "reponse", "reference", "verdict", "points", "maximum", "explication"]


@dataclass(frozen=True)
class Question:
    id: str
    competence: str
    type: str
    enonce: str
    reponse: object
    explication: str
    source: str
    choix: tuple[str, ...] = ()
    tolerance: float = 0.0
    unite: str = ""
    points: float = 1.0

    def attendu(self) -> str:
        """La réponse attendue, en clair."""
        if self.type == "choix_multiple":
            return " ; ".join(self.reponse)
        if self.type == "nombre":
            ecart = f" (à {_court(self.tolerance)} près)" if self.tolerance else ""
            return f"{_court(self.reponse)}{' ' + self.unite if self.unite else ''}{ecart}"
        if self.type == "texte":
            return self.reponse[0]
        return self.reponse


def _court(x: float) -> str:
    """« 5 », « 12,5 », « 1 234 » : le nombre sans zéro décimal inutile."""
    return nombre(x, 0) if float(x).is_integer() else nombre(x, 2).rstrip("0").rstrip(",")


@dataclass(frozen=True)
class Quiz:
    id: str
    titre: str
    competences: dict
    questions: tuple[Question, ...]
    fichier: str = ""

    def question(self, identifiant: str) -> Question | None:
        return next((q for q in self.questions if q.id == identifiant), None)


def _erreur(chemin, ou: str, message: str) -> ErreurFichier:
    return ErreurFichier(str(chemin), f"{ou} : {message}", CONSEIL)


def _texte(chemin, ou, valeur, champ, *, vide=False) -> str:
    if valeur is None and vide:
        return ""
    if not isinstance(valeur, str) or (not vide and not valeur.strip()):
        raise _erreur(chemin, ou, f"le champ « {champ} » doit être un texte non vide.")
    if len(valeur) > TEXTE_MAX:
        raise _erreur(chemin, ou, f"le champ « {champ} » dépasse {nombre(TEXTE_MAX)} caractères.")
    return valeur.strip()


def _nombre(valeur) -> bool:
    return isinstance(valeur, (int, float)) and not isinstance(valeur, bool) and valeur == valeur


def _question(chemin, n: int, brute, competences: dict) -> Question:
    ou = f"question n° {n}"
    if not isinstance(brute, dict):
        raise _erreur(chemin, ou, "une question doit être un objet (id, competence, type, enonce, reponse…).")
    ident = brute.get("id")
    if not isinstance(ident, str) or not re.fullmatch(r"[A-Za-z0-9_-]{1,40}", ident):
        raise _erreur(chemin, ou, "le champ « id » doit être un court identifiant (lettres, chiffres, - ou _), par exemple q01.")
    ou = f"question « {ident} »"
    type_ = brute.get("type")
    if type_ not in TYPES:
        raise _erreur(chemin, ou, f"type « {type_} » inconnu ; types possibles : {', '.join(TYPES)}.")
    competence = brute.get("competence")
    if competence not in competences:
        raise _erreur(chemin, ou, f"compétence « {competence} » absente de la liste « competences » ({', '.join(competences)}).")
    champs = {"enonce": _texte(chemin, ou, brute.get("enonce"), "enonce"),
              "explication": _texte(chemin, ou, brute.get("explication"), "explication"),
              "source": _texte(chemin, ou, brute.get("source"), "source")}
    points = brute.get("points", 1)
    if not _nombre(points) or points <= 0:
        raise _erreur(chemin, ou, f"« points » doit être un nombre positif, pas « {points} ».")
    reponse, choix, tolerance, unite = brute.get("reponse"), (), 0.0, _texte(chemin, ou, brute.get("unite"), "unite", vide=True)
    if type_.startswith("choix"):
        choix = brute.get("choix")
        if not isinstance(choix, list) or len(choix) < 2 or len(choix) > 10:
            raise _erreur(chemin, ou, "« choix » doit être une liste de 2 à 10 propositions.")
        choix = tuple(_texte(chemin, ou, c, "choix") for c in choix)
        trop_longue = next((c for c in choix if len(c) > CHOIX_MAX), None)
        if trop_longue:
            raise _erreur(chemin, ou, f"la proposition « {trop_longue[:40]}… » dépasse {CHOIX_MAX} caractères : "
                                      "raccourcissez-la pour qu'elle tienne sur une ligne du formulaire.")
        if len(set(choix)) != len(choix):
            raise _erreur(chemin, ou, "deux propositions de « choix » sont identiques.")
        attendus = [reponse] if type_ == "choix_unique" else reponse
        if type_ == "choix_unique" and not isinstance(reponse, str):
            raise _erreur(chemin, ou, "« reponse » doit être l'une des propositions de « choix », recopiée exactement.")
        if not isinstance(attendus, list) or not attendus:
            raise _erreur(chemin, ou, "« reponse » doit être la liste des propositions justes (au moins une).")
        inconnues = [a for a in attendus if not isinstance(a, str) or a.strip() not in choix]
        if inconnues:
            raise _erreur(chemin, ou, f"la réponse « {inconnues[0]} » n'est pas l'une des propositions de « choix » (recopiez-la exactement).")
        reponse = reponse.strip() if type_ == "choix_unique" else tuple(dict.fromkeys(a.strip() for a in attendus))
    elif type_ == "nombre":
        tolerance = brute.get("tolerance", 0)
        if not _nombre(reponse):
            raise _erreur(chemin, ou, f"« reponse » doit être un nombre (écrit avec un point décimal dans le YAML), pas « {reponse} ».")
        if not _nombre(tolerance) or tolerance < 0:
            raise _erreur(chemin, ou, f"« tolerance » doit être un nombre positif ou nul, pas « {tolerance} ».")
        reponse, tolerance = float(reponse), float(tolerance)
    else:
        formes = [reponse] if isinstance(reponse, str) else reponse
        if not isinstance(formes, list) or not formes or not all(isinstance(f, str) and normaliser(f) for f in formes):
            raise _erreur(chemin, ou, "« reponse » doit être la liste des formes admises (des textes non vides).")
        reponse = tuple(f.strip() for f in formes)
    return Question(ident, competence, type_, champs["enonce"], reponse, champs["explication"], champs["source"],
                    choix, tolerance, unite, float(points))


def lire_quiz(chemin) -> Quiz:
    """Lit et vérifie un quiz YAML ; lève `ErreurFichier` qui nomme le fichier et la question fautive."""
    chemin = Path(chemin)
    try:
        if chemin.stat().st_size > TAILLE_MAX:
            raise ErreurFichier(str(chemin), f"fichier de quiz trop volumineux ({nombre(TAILLE_MAX)} octets au plus).", CONSEIL)
        brut = yaml.safe_load(chemin.read_text(encoding="utf-8"))
    except OSError as e:
        raise ErreurFichier(str(chemin), f"quiz introuvable ou illisible ({e.strerror}).", "Vérifiez le chemin du fichier de quiz.") from None
    except UnicodeDecodeError:
        raise ErreurFichier(str(chemin), "le quiz n'est pas un texte UTF-8.", "Enregistrez le fichier en UTF-8.") from None
    except yaml.YAMLError as e:
        lieu = getattr(e, "problem_mark", None)
        ligne = f" à la ligne {lieu.line + 1}" if lieu else ""
        raise ErreurFichier(str(chemin), f"le quiz n'est pas un YAML valide{ligne}.", "Vérifiez l'indentation et les guillemets.") from None
    if not isinstance(brut, dict):
        raise ErreurFichier(str(chemin), "le quiz doit contenir les champs quiz, titre, competences et questions.", CONSEIL)
    ident = brut.get("quiz")
    if not isinstance(ident, str) or not re.fullmatch(r"[a-z0-9-]{1,40}", ident):
        raise ErreurFichier(str(chemin), "le champ « quiz » doit être un identifiant en minuscules (par exemple positionnement).", CONSEIL)
    titre = _texte(chemin, "en-tête", brut.get("titre"), "titre")
    competences = brut.get("competences")
    if not isinstance(competences, dict) or not competences or not all(isinstance(v, str) for v in competences.values()):
        raise ErreurFichier(str(chemin), "« competences » doit associer à chaque code de compétence son libellé.", CONSEIL)
    questions = brut.get("questions")
    if not isinstance(questions, list) or not questions or len(questions) > QUESTIONS_MAX:
        raise ErreurFichier(str(chemin), f"« questions » doit être une liste de 1 à {QUESTIONS_MAX} questions.", CONSEIL)
    lues = tuple(_question(chemin, n, q, competences) for n, q in enumerate(questions, start=1))
    vus = set()
    for q in lues:
        if q.id in vus:
            raise _erreur(chemin, f"question « {q.id} »", "cet identifiant est déjà pris par une autre question.")
        vus.add(q.id)
    return Quiz(ident, titre, {str(k): v for k, v in competences.items()}, lues, str(chemin))


def lire_quiz_dossier(dossier) -> dict[str, Quiz]:
    """Les quiz d'un dossier (``*.yaml``), par identifiant."""
    quiz = {}
    for chemin in sorted(Path(dossier).glob("*.yaml")):
        q = lire_quiz(chemin)
        if q.id in quiz:
            raise ErreurFichier(str(chemin), f"l'identifiant de quiz « {q.id} » est déjà celui de {Path(quiz[q.id].fichier).name}.", CONSEIL)
        quiz[q.id] = q
    return quiz


# --- correction -------------------------------------------------------------------------------

def normaliser(texte: str) -> str:
    """Minuscules, sans accents ni ponctuation, espaces réduites : « L. 2111-3 » et « l2111 3 » se valent."""
    sans_accent = "".join(c for c in unicodedata.normalize("NFD", str(texte)) if unicodedata.category(c) != "Mn")
    return " ".join(re.sub(r"[^0-9a-z]+", " ", sans_accent.lower()).split()).replace(" ", "")


def lire_nombre(valeur) -> float | None:
    """Un nombre saisi à la française (« 12,5 », « 1 234 », « 80 % ») ; None s'il n'y en a pas."""
    if _nombre(valeur):
        return float(valeur)
    if not isinstance(valeur, str):
        return None
    t = re.sub(r"[\s\u00a0\u202f%€]", "", valeur).replace(",", ".")
    return float(t) if re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)", t) else None


def _vide(valeur) -> bool:
    return valeur is None or (isinstance(valeur, str) and not valeur.strip()) or (isinstance(valeur, (list, tuple)) and not valeur)


def corriger_question(question: Question, valeur) -> dict:
    """Corrige une réponse brute ; rend une ligne de la table de correction."""
    maximum = question.points
    if _vide(valeur):
        part, verdict, donnee = 0.0, "sans réponse", ""
    elif question.type == "choix_unique":
        donnee = valeur if isinstance(valeur, str) else str(valeur)
        part = 1.0 if donnee.strip() == question.reponse else 0.0
        verdict = "juste" if part else "faux"
    elif question.type == "choix_multiple":
        cochees = [valeur] if isinstance(valeur, str) else [str(v) for v in valeur]
        justes = sum(c in question.reponse for c in set(cochees))
        fausses = len(set(cochees)) - justes
        # Une case juste rapporte sa part ; une case fausse en retire autant ; jamais sous zéro.
        part = max(justes - fausses, 0) / len(question.reponse)
        verdict = "juste" if part == 1 else ("partiel" if part > 0 else "faux")
        donnee = " ; ".join(cochees)
    elif question.type == "nombre":
        lu = lire_nombre(valeur)
        donnee = str(valeur)
        if lu is None:
            part, verdict = 0.0, "faux"
        else:
            # Une petite marge absorbe les arrondis binaires (0,1 + 0,2) à la borne de tolérance.
            part = 1.0 if abs(lu - question.reponse) <= question.tolerance + 1e-9 else 0.0
            verdict = "juste" if part else "faux"
    else:
        donnee = str(valeur)
        part = 1.0 if normaliser(donnee) in {normaliser(f) for f in question.reponse} else 0.0
        verdict = "juste" if part else "faux"
    return {"element": question.id, "competence": question.competence, "reponse": donnee, "reference": question.attendu(),
            "verdict": verdict, "points": round(part * maximum, 2), "maximum": maximum,
            "explication": f"{question.explication} Source : {question.source}."}


def corriger_quiz(quiz: Quiz, reponses: dict) -> pd.DataFrame:
    """Corrige toutes les questions du quiz (une question sans réponse vaut zéro) ; ignore les inconnues."""
    reponses = reponses if isinstance(reponses, dict) else {}
    lignes = [corriger_question(q, reponses.get(q.id)) for q in quiz.questions]
    return pd.DataFrame(lignes, columns=COLONNES)


def par_competence(table: pd.DataFrame) -> pd.DataFrame:
    """Points, maximum et taux de réussite (0 à 1) par compétence d'une table de correction."""
    if table.empty:
        return pd.DataFrame(columns=["competence", "points", "maximum", "taux"])
    groupes = table.groupby("competence", sort=True)[["points", "maximum"]].sum().reset_index()
    groupes["taux"] = groupes["points"] / groupes["maximum"]
    return groupes


def statistiques_questions(resultats: pd.DataFrame) -> pd.DataFrame:
    """Par quiz et question : nombre de répondants, taux de réussite (points / maximum), moyenne et médiane des points.

    `resultats` : une ligne par participant et question (colonnes ``quiz, element, points, maximum``).
    """
    colonnes = ["quiz", "question", "competence", "repondants", "taux_reussite", "moyenne", "mediane", "maximum"]
    if resultats.empty:
        return pd.DataFrame(columns=colonnes)
    g = resultats.groupby(["quiz", "element", "competence"], sort=False)
    stats = g.agg(repondants=("participant", "nunique"), moyenne=("points", "mean"), mediane=("points", "median"),
                  points=("points", "sum"), maximum_total=("maximum", "sum"), maximum=("maximum", "first")).reset_index()
    stats["taux_reussite"] = (stats["points"] / stats["maximum_total"]).round(4)
    stats = stats.rename(columns={"element": "question"})
    stats[["moyenne", "mediane"]] = stats[["moyenne", "mediane"]].round(2)
    return stats[colonnes]


def progression(resultats: pd.DataFrame, competences: dict, *, avant="positionnement", apres="evaluation-finale") -> pd.DataFrame:
    """Par participant et compétence : taux de réussite au positionnement, à l'évaluation finale, et l'écart (en points de %).

    Un participant qui n'a passé qu'un des deux quiz a un taux vide pour l'autre et pas d'écart.
    """
    colonnes = ["participant", "competence", "libelle", "taux_positionnement", "taux_finale", "progression_points"]
    if resultats.empty:
        return pd.DataFrame(columns=colonnes)
    taux = (resultats.groupby(["participant", "competence", "quiz"])[["points", "maximum"]].sum()
            .assign(taux=lambda t: t["points"] / t["maximum"])["taux"].unstack("quiz"))
    taux = taux.reindex(columns=[avant, apres])
    table = taux.reset_index().rename(columns={avant: "taux_positionnement", apres: "taux_finale"})
    table["progression_points"] = ((table["taux_finale"] - table["taux_positionnement"]) * 100).round(1)
    table[["taux_positionnement", "taux_finale"]] = table[["taux_positionnement", "taux_finale"]].round(4)
    table["libelle"] = table["competence"].map(lambda c: competences.get(c, c))
    return table[colonnes].sort_values(["participant", "competence"], ignore_index=True)
