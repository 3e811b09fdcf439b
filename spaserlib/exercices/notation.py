"""Noter un dossier de réponses d'exercices et écrire les retours du formateur.

`noter_dossier` lit les fichiers JSON de réponses (jamais les notebooks, jamais de code d'apprenant),
corrige chacun avec les fonctions de `spaserlib.exercices.juges` et le corrigé, et écrit :
- `notes.csv` : participant, exercice, score, maximum, détails ;
- `retours/<participant>.html` : une page de retour par participant, en français ;
- `debriefing.html` : la page de débriefing de la classe (placements par famille, lacunes SMART
  les plus fréquentes, axes proposés), figures statiques intégrées, lisible hors ligne ;
- `refus.csv` : les fichiers refusés, chacun avec sa raison.
Tout est écrit dans un dossier temporaire puis mis en place d'un bloc (dossier aux droits ordinaires,
comme les autres commandes). Les CSV sont pour Excel en français (« ; », virgule décimale, UTF-8
avec BOM) ; un nom qui commence par « = », « + », « - » ou « @ » y reçoit une apostrophe en tête.

Chaque apprenant est noté à part : un fichier mal formé (champ d'un mauvais type, texte démesuré) est
refusé à la lecture, une correction qui échoue l'est à son tour, et l'un comme l'autre figurent dans
`refus.csv` et dans le débriefing sans arrêter la notation des autres. Les pages de retour portent
des noms distincts, même pour des noms qui ne diffèrent que par la casse ou les accents (« Alice »
et « alice » : `spaserlib.commun.identifiants.noms_surs_distincts`).
"""

from __future__ import annotations

import base64
import io
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from spaserlib.exercices import juges as correction
from spaserlib.commun.erreurs import ErreurFichier, ErreurSpaser
from spaserlib.commun.ecriture import dossier_d_un_bloc
from spaserlib.commun.gabarits import rendre
from spaserlib.commun.identifiants import noms_surs_distincts
from spaserlib.commun.tableur import ecrire_csv
from spaserlib.exercices import quiz as quiz_
from spaserlib.exercices.reponses import ErreurReponse, Reponse, lire_dossier


LIBELLES_EXERCICES = {"positionnement": "Quiz de positionnement", "kraljic": "Matrice de Kraljic", "smart": "Objectifs SMART",
                      "axes": "Axes de la politique d'achat", "evaluation-finale": "Évaluation finale"}
ORDRE_EXERCICES = list(LIBELLES_EXERCICES)


def libelle_exercice(exercice: str) -> str:
    return LIBELLES_EXERCICES.get(exercice, exercice)


def _rang(exercice: str) -> int:
    return ORDRE_EXERCICES.index(exercice) if exercice in ORDRE_EXERCICES else len(ORDRE_EXERCICES)


@dataclass
class Correction:
    reponse: Reponse
    table: pd.DataFrame

    @property
    def score(self) -> float:
        return float(max(self.table["points"].sum(), 0)) if len(self.table) else 0.0

    @property
    def maximum(self) -> float:
        return float(self.table["maximum"].sum())


@dataclass
class Notation:
    corrections: list[Correction] = field(default_factory=list)
    refus: list[ErreurReponse] = field(default_factory=list)

    def notes(self) -> pd.DataFrame:
        lignes = [
            {
                "participant": c.reponse.participant,
                "exercice": c.reponse.exercice,
                "score": round(c.score, 2),
                "maximum": round(c.maximum, 2),
                "details": " | ".join(
                    f"{r.element}{', ' + r.reference if c.reponse.exercice == 'smart' else ''} : {r.verdict} ({r.points:g}/{r.maximum:g})"
                    for r in c.table.itertuples()
                ),
            }
            for c in sorted(self.corrections, key=lambda c: (c.reponse.participant, _rang(c.reponse.exercice)))
        ]
        return pd.DataFrame(lignes, columns=["participant", "exercice", "score", "maximum", "details"])


def lire_corrige(chemin) -> dict:
    """Lit le corrigé du formateur (YAML) : kraljic, smart, axes."""
    chemin = Path(chemin)
    try:
        corrige = yaml.safe_load(chemin.read_text(encoding="utf-8"))
    except OSError as e:
        raise ErreurFichier(chemin, f"corrigé introuvable ({e.strerror}).", "Indiquez le fichier avec --corrige.") from None
    except yaml.YAMLError as e:
        raise ErreurFichier(chemin, f"le corrigé n'est pas un YAML valide ({e}).", "Corrigez le fichier.") from None
    if not isinstance(corrige, dict):
        raise ErreurFichier(chemin, "le corrigé doit contenir les sections kraljic, smart et axes.")
    _verifier_corrige(chemin, corrige)
    return corrige


def _verifier_corrige(chemin, corrige: dict) -> None:
    """Le corrigé a la forme que la correction attend ; sinon `ErreurFichier` dit où."""
    conseil = "Repartez du corrigé produit par « spaser exercices --corrige » (solutions/corrige.yaml)."
    kraljic = corrige.get("kraljic") or {}
    if not isinstance(kraljic, dict):
        raise ErreurFichier(chemin, "la section « kraljic » doit associer à chaque code de famille son quadrant.", conseil)
    for famille, reference in kraljic.items():
        if not isinstance(reference, dict) or reference.get("quadrant") not in correction.POSITIONS:
            raise ErreurFichier(chemin, f"section « kraljic », famille « {famille} » : quadrant absent ou inconnu ; "
                                        f"quadrants possibles : {', '.join(correction.POSITIONS)}.", conseil)
        if not isinstance(reference.get("criteres_cles", []), list):
            raise ErreurFichier(chemin, f"section « kraljic », famille « {famille} » : « criteres_cles » doit être une liste.", conseil)
    axes = corrige.get("axes") or {}
    prioritaires = axes.get("familles_prioritaires", {}) if isinstance(axes, dict) else None
    if not isinstance(prioritaires, dict):
        raise ErreurFichier(chemin, "la section « axes » doit contenir « familles_prioritaires » : {code de famille: libellé}.", conseil)


# Les points du barème que la correction lit, section par section.
POINTS_DU_BAREME = {
    "kraljic": ("quadrant_exact", "quadrant_voisin", "justification_critere"),
    "smart": ("rempli", "partiel", "absent", "realisme", "objectifs_attendus"),
    "axes": ("nombre_min", "nombre_max", "par_axe_valide", "par_famille_prioritaire", "hors_bornes"),
}


def _nombre(valeur) -> bool:
    return isinstance(valeur, (int, float)) and not isinstance(valeur, bool)


def lire_bareme(chemin=None) -> dict:
    """Le barème du formateur (YAML), ou celui du kit ; lève `ErreurFichier` s'il lui manque un point."""
    if chemin is None:
        return correction.bareme_par_defaut()
    conseil = "Partez du barème livré : spaserlib/donnees/bareme.yaml."
    try:
        bareme = yaml.safe_load(Path(chemin).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
        raise ErreurFichier(chemin, f"barème illisible ({e}).", conseil) from None
    for section, cles in POINTS_DU_BAREME.items():
        valeurs = bareme.get(section) if isinstance(bareme, dict) else None
        manquants = [c for c in cles if not _nombre(valeurs.get(c))] if isinstance(valeurs, dict) else list(cles)
        if manquants:
            raise ErreurFichier(chemin, f"section « {section} » du barème : nombre absent pour {', '.join(manquants)}.", conseil)
    if not isinstance(bareme["kraljic"].get("mots_criteres"), dict):
        raise ErreurFichier(chemin, "section « kraljic » du barème : « mots_criteres » doit associer à chaque critère "
                                    "une liste de mots.", conseil)
    return bareme


def corriger(reponse: Reponse, corrige: dict, bareme: dict) -> Correction:
    """Corrige une réponse selon son exercice."""
    r = reponse.reponses
    if reponse.exercice in quiz_.QUIZ_EVALUATION:
        questionnaire = (corrige.get("quiz") or {}).get(reponse.exercice)
        if questionnaire is None:
            raise ErreurSpaser(f"le quiz « {reponse.exercice} » est absent du dossier des quiz (--quiz) : "
                               "indiquez le dossier qui contient son fichier YAML.")
        table = quiz_.corriger_quiz(questionnaire, r.get("questions") or {})
    elif reponse.exercice == "kraljic":
        table = correction.corriger_kraljic(r.get("placements") or {}, corrige.get("kraljic") or {}, bareme)
    elif reponse.exercice == "smart":
        table = correction.corriger_smart(r.get("objectifs") or [], bareme)
    else:
        prioritaires = (corrige.get("axes") or {}).get("familles_prioritaires") or {}
        table = correction.corriger_axes(r.get("axes") or [], prioritaires, bareme)
    return Correction(reponse, table)


def noter(reponses: list[Reponse], corrige: dict, bareme: dict) -> Notation:
    """Corrige chaque réponse à part : une correction qui échoue va dans `refus`, les autres continuent."""
    notation = Notation()
    for reponse in reponses:
        try:
            notation.corrections.append(corriger(reponse, corrige, bareme))
        except ErreurSpaser as e:
            notation.refus.append(ErreurReponse(reponse.fichier or reponse.participant, f"correction impossible : {e}"))
        except Exception as e:  # un apprenant n'arrête jamais la notation des autres
            notation.refus.append(ErreurReponse(reponse.fichier or reponse.participant,
                                                f"correction impossible ({type(e).__name__} : {e}) ; les autres réponses sont notées."))
    return notation


# --- pages HTML -------------------------------------------------------------------------------

def _png(figure) -> str:
    tampon = io.BytesIO()
    figure.savefig(tampon, format="png", dpi=110, bbox_inches="tight")
    import matplotlib.pyplot as plt

    plt.close(figure)
    return base64.b64encode(tampon.getvalue()).decode("ascii")


def synthese_classe(notation: Notation, corrige: dict) -> dict:
    """Les éléments du débriefing : placements par famille, lacunes SMART, axes proposés."""
    placements = []
    for c in notation.corrections:
        if c.reponse.exercice == "kraljic":
            for famille, p in (c.reponse.reponses.get("placements") or {}).items():
                if (p or {}).get("quadrant") in correction.POSITIONS:
                    libelle = (corrige.get("kraljic") or {}).get(famille, {}).get("libelle", famille)
                    placements.append({"famille": libelle, "quadrant": p["quadrant"]})
    placements = pd.DataFrame(placements, columns=["famille", "quadrant"])
    tableau = pd.crosstab(placements["famille"], placements["quadrant"]).reindex(columns=list(correction.POSITIONS), fill_value=0) if len(placements) else pd.DataFrame()
    lacunes = Counter()
    for c in notation.corrections:
        if c.reponse.exercice == "smart":
            for r in c.table.itertuples():
                if r.verdict in ("absent", "partiel"):
                    lacunes[r.reference] += 1
    axes = Counter()
    for c in notation.corrections:
        if c.reponse.exercice == "axes":
            for a in c.reponse.reponses.get("axes") or []:
                nom = (a.get("nom") or "").strip()
                if nom:
                    axes[nom[:1].upper() + nom[1:].lower()] += 1
    reference = {r.get("libelle", f): r.get("quadrant", "") for f, r in (corrige.get("kraljic") or {}).items()}
    return {"placements": tableau, "reference": reference, "lacunes": lacunes.most_common(), "axes": axes.most_common()}


def _figure_placements(tableau: pd.DataFrame) -> str | None:
    if tableau.empty:
        return None
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 0.45 * len(tableau) + 1.5))
    gauche = pd.Series(0, index=tableau.index)
    couleurs = {"stratégiques": "#b2182b", "leviers": "#ef8a62", "critiques": "#67a9cf", "simples": "#a6d96a"}
    for quadrant in tableau.columns:
        ax.barh(tableau.index, tableau[quadrant], left=gauche, label=quadrant.capitalize(), color=couleurs[quadrant])
        gauche += tableau[quadrant]
    ax.set_xlabel("Nombre de personnes")
    ax.set_title("Où les personnes en formation ont placé chaque famille")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    ax.xaxis.get_major_locator().set_params(integer=True)
    return _png(fig)


def ecrire_resultats(notation: Notation, corrige: dict, sortie) -> Path:
    """Écrit notes.csv, les pages de retour, le débriefing et les refus, d'un bloc, dans `sortie`.

    Une page de retour qui ne peut pas être produite fait refuser les réponses de ce participant
    (elles sortent des notes et vont dans les refus) ; les autres pages sont écrites.
    """
    sortie = Path(sortie)
    par_participant: dict[str, list[Correction]] = {}
    for c in notation.corrections:
        par_participant.setdefault(c.reponse.participant, []).append(c)
    pages = {}
    for participant, corrections in sorted(par_participant.items()):
        corrections = sorted(corrections, key=lambda c: _rang(c.reponse.exercice))
        try:
            pages[participant] = rendre("retour.html", participant=participant, corrections=corrections, exercice=libelle_exercice)
        except Exception as e:  # un apprenant n'arrête jamais la notation des autres
            for c in corrections:
                notation.refus.append(ErreurReponse(c.reponse.fichier or participant,
                                                    f"page de retour impossible à produire ({type(e).__name__} : {e})."))
    notation.corrections = [c for c in notation.corrections if c.reponse.participant in pages]
    noms = noms_surs_distincts(sorted(pages))
    with dossier_d_un_bloc(sortie) as temporaire:
        ecrire_csv(notation.notes(), temporaire / "notes.csv")
        ecrire_csv(({"fichier": Path(e.fichier).name, "raison": e.raison} for e in notation.refus), temporaire / "refus.csv",
                   colonnes=["fichier", "raison"])
        for nom, table in tables_quiz(notation, corrige).items():
            ecrire_csv(table, temporaire / nom)
        (temporaire / "retours").mkdir()
        for participant, page in pages.items():
            (temporaire / "retours" / f"{noms[participant]}.html").write_text(page, encoding="utf-8")
        synthese = synthese_classe(notation, corrige)
        page = rendre(
            "debriefing.html",
            exercice=libelle_exercice,
            notes=notation.notes(),
            synthese=synthese,
            figure=_figure_placements(synthese["placements"]),
            refus=notation.refus,
            liens={p: f"retours/{noms[p]}.html" for p in pages},
        )
        (temporaire / "debriefing.html").write_text(page, encoding="utf-8")
    return sortie


def resultats_quiz(notation: Notation) -> pd.DataFrame:
    """Une ligne par participant, quiz et question : la réponse, le verdict et les points."""
    colonnes = ["participant", "quiz", "element", "competence", "reponse", "reference", "verdict", "points", "maximum"]
    tables = [c.table.assign(participant=c.reponse.participant, quiz=c.reponse.exercice)
              for c in notation.corrections if c.reponse.exercice in quiz_.QUIZ_EVALUATION]
    if not tables:
        return pd.DataFrame(columns=colonnes)
    table = pd.concat(tables, ignore_index=True)[colonnes]
    rang = table["quiz"].map(quiz_.QUIZ_EVALUATION.index)  # le positionnement avant l'évaluation finale
    return table.assign(_rang=rang).sort_values(["_rang", "participant"], kind="stable", ignore_index=True).drop(columns="_rang")


def tables_quiz(notation: Notation, corrige: dict) -> dict[str, pd.DataFrame]:
    """Les trois tableaux des quiz : résultats par question, statistiques de la classe, progression par compétence."""
    resultats = resultats_quiz(notation)
    competences = {}
    for q in (corrige.get("quiz") or {}).values():
        competences.update(q.competences)
    return {"quiz-resultats.csv": resultats, "quiz-statistiques.csv": quiz_.statistiques_questions(resultats),
            "quiz-progression.csv": quiz_.progression(resultats, competences)}


def noter_dossier(reponses, sortie, *, corrige, bareme=None, quiz=None) -> Notation:
    """Lit, corrige et écrit les résultats d'un dossier de réponses ; rend la notation.

    `quiz` : le dossier des quiz YAML (positionnement, évaluation finale) ; sans lui, une réponse de
    quiz est refusée avec sa raison et les exercices sont notés.
    """
    lues, refus = lire_dossier(reponses)
    corrige_ = lire_corrige(corrige)
    corrige_["quiz"] = quiz_.lire_quiz_dossier(quiz) if quiz is not None else {}
    notation = noter(lues, corrige_, lire_bareme(bareme))
    notation.refus = refus + notation.refus
    ecrire_resultats(notation, corrige_, sortie)
    return notation
