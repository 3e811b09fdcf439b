"""Noter un dossier de réponses d'exercices et écrire les retours du formateur.

`noter_dossier` lit les fichiers JSON de réponses (jamais les notebooks, jamais de code d'apprenant),
corrige chacun avec les fonctions de `spaserlib.exercices.juges` et le corrigé, et écrit :
- `notes.csv` : participant, exercice, score, maximum, détails ;
- `retours/<participant>.html` : une page de retour par participant, en français ;
- `debriefing.html` : la page de débriefing de la classe (placements par famille, lacunes SMART
  les plus fréquentes, axes proposés), figures statiques intégrées, lisible hors ligne ;
- `refus.csv` : les fichiers refusés, chacun avec sa raison.
Tout est écrit dans un dossier temporaire puis mis en place d'un bloc.
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
from spaserlib.commun.erreurs import ErreurFichier
from spaserlib.commun.ecriture import dossier_d_un_bloc
from spaserlib.commun.gabarits import rendre
from spaserlib.exercices.reponses import ErreurReponse, Reponse, lire_dossier, nom_de_fichier


LIBELLES_EXERCICES = {"kraljic": "Matrice de Kraljic", "smart": "Objectifs SMART", "axes": "Axes de la politique d'achat"}
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
    return corrige


def lire_bareme(chemin=None) -> dict:
    if chemin is None:
        return correction.bareme_par_defaut()
    try:
        return yaml.safe_load(Path(chemin).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        raise ErreurFichier(chemin, f"barème illisible ({e}).", "Partez du barème livré : spaserlib/donnees/bareme.yaml.") from None


def corriger(reponse: Reponse, corrige: dict, bareme: dict) -> Correction:
    """Corrige une réponse selon son exercice."""
    r = reponse.reponses
    if reponse.exercice == "kraljic":
        table = correction.corriger_kraljic(r.get("placements", {}), corrige.get("kraljic", {}), bareme)
    elif reponse.exercice == "smart":
        table = correction.corriger_smart(r.get("objectifs", []), bareme)
    else:
        table = correction.corriger_axes(r.get("axes", []), corrige.get("axes", {}).get("familles_prioritaires", {}), bareme)
    return Correction(reponse, table)


def noter(reponses: list[Reponse], corrige: dict, bareme: dict) -> Notation:
    notation = Notation()
    for reponse in reponses:
        notation.corrections.append(corriger(reponse, corrige, bareme))
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
            for famille, p in c.reponse.reponses.get("placements", {}).items():
                if (p or {}).get("quadrant") in correction.POSITIONS:
                    libelle = corrige.get("kraljic", {}).get(famille, {}).get("libelle", famille)
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
            for a in c.reponse.reponses.get("axes", []):
                nom = (a.get("nom") or "").strip()
                if nom:
                    axes[nom[:1].upper() + nom[1:].lower()] += 1
    reference = {r.get("libelle", f): r.get("quadrant", "") for f, r in corrige.get("kraljic", {}).items()}
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
    ax.set_xlabel("Nombre de participants")
    ax.set_title("Où les participants ont placé chaque famille")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    ax.xaxis.get_major_locator().set_params(integer=True)
    return _png(fig)


def ecrire_resultats(notation: Notation, corrige: dict, sortie) -> Path:
    """Écrit notes.csv, les pages de retour, le débriefing et les refus, d'un bloc, dans `sortie`."""
    sortie = Path(sortie)
    with dossier_d_un_bloc(sortie) as temporaire:
        notation.notes().to_csv(temporaire / "notes.csv", index=False, encoding="utf-8")
        pd.DataFrame([{"fichier": Path(e.fichier).name, "raison": e.raison} for e in notation.refus], columns=["fichier", "raison"]).to_csv(
            temporaire / "refus.csv", index=False, encoding="utf-8"
        )
        (temporaire / "retours").mkdir()
        par_participant: dict[str, list[Correction]] = {}
        for c in notation.corrections:
            par_participant.setdefault(c.reponse.participant, []).append(c)
        for participant, corrections in sorted(par_participant.items()):
            corrections = sorted(corrections, key=lambda c: _rang(c.reponse.exercice))
            page = rendre("retour.html", participant=participant, corrections=corrections, exercice=libelle_exercice)
            (temporaire / "retours" / f"{nom_de_fichier(participant)}.html").write_text(page, encoding="utf-8")
        synthese = synthese_classe(notation, corrige)
        page = rendre(
            "debriefing.html",
            exercice=libelle_exercice,
            notes=notation.notes(),
            synthese=synthese,
            figure=_figure_placements(synthese["placements"]),
            refus=notation.refus,
            liens={p: f"retours/{nom_de_fichier(p)}.html" for p in sorted(par_participant)},
        )
        (temporaire / "debriefing.html").write_text(page, encoding="utf-8")
    return sortie


def noter_dossier(reponses, sortie, *, corrige, bareme=None) -> Notation:
    """Lit, corrige et écrit les résultats d'un dossier de réponses ; rend la notation."""
    lues, refus = lire_dossier(reponses)
    corrige_ = lire_corrige(corrige)
    notation = noter(lues, corrige_, lire_bareme(bareme))
    notation.refus = refus
    ecrire_resultats(notation, corrige_, sortie)
    return notation
