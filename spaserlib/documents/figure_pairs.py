"""Figure de la comparaison avec les pairs : la distribution des pairs, l'acheteur marqué, la référence nationale.

Une ligne par indicateur disponible (`analyse.comparaison`) : chaque pair est un point gris, la boîte va
du premier au troisième quartile des pairs, le trait noir est leur médiane ; le losange rouge est
l'acheteur ; le trait vert tireté, la référence nationale (OECP) ; le trait pointillé, la cible du PNAD.
Le titre dit l'acheteur, le groupe de pairs et la période. La figure est une `matplotlib.figure.Figure`
autonome (sans pyplot), avec son texte de remplacement (`texte_alternatif`).
"""

from __future__ import annotations

import textwrap

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import FuncFormatter

from spaserlib.analyse.comparaison import MESURES
from spaserlib.commun.format_fr import nombre, pourcentage
from spaserlib.documents.figures import decrire

COULEUR_PAIRS = "#8c8c8c"
COULEUR_BOITE = "#d9e2f3"
COULEUR_ACHETEUR = "#c00000"
COULEUR_REFERENCE = "#38761d"


def _titre(comparaison) -> str:
    nom = comparaison.acheteur.get("nom") or comparaison.acheteur["siret"]
    n = len(comparaison.pairs)
    return (f"{textwrap.shorten(nom, 60, placeholder='…')} parmi {nombre(n)} pair{'s' if n > 1 else ''}, "
            f"{comparaison.periode.libelle}\nPairs : {textwrap.shorten(comparaison.description_pairs, 90, placeholder='…')}")


def description(comparaison, mesure: str = "nombre") -> str:
    """Le texte de remplacement de la figure : l'acheteur, ses pairs, et sa place sur chaque indicateur."""
    morceaux = []
    for r in comparaison.resultats:
        if r.disponible and mesure in r.mesures:
            m = r.mesures[mesure]
            place = (f", médiane des pairs {pourcentage(m.mediane, 1)}, centile {nombre(m.centile)}"
                     if m.pairs else ", aucun pair renseigné")
            morceaux.append(f"{r.libelle} : {pourcentage(m.acheteur, 1)}{place}")
    texte = (f"Comparaison de {comparaison.acheteur.get('nom') or comparaison.acheteur['siret']} avec "
             f"{nombre(len(comparaison.pairs))} pairs ({comparaison.description_pairs}), "
             f"{comparaison.periode.libelle}, {MESURES[mesure]}. ")
    return texte + ("; ".join(morceaux) + "." if morceaux else "Aucun indicateur n'est disponible dans ce fichier.")


def figure_pairs(comparaison, mesure: str = "nombre") -> Figure:
    """La figure de la comparaison (`analyse.comparaison.comparer`), `mesure` « nombre » ou « valeur »."""
    disponibles = [r for r in comparaison.resultats if r.disponible and mesure in r.mesures]
    hauteur = 1.6 + 0.95 * max(len(disponibles), 1)
    figure = Figure(figsize=(9, hauteur), layout="constrained")
    FigureCanvasAgg(figure)
    ax = figure.add_subplot()
    figure.suptitle(_titre(comparaison), fontsize=11)
    if not disponibles:
        ax.axis("off")
        ax.text(0.5, 0.5, "Aucun indicateur n'est disponible dans ce fichier pour cet acheteur.",
                ha="center", va="center", fontsize=10)
        return decrire(figure, description(comparaison, mesure))
    rng = np.random.default_rng(0)  # dispersion verticale des points, la même à chaque tracé
    pairs = comparaison.valeurs[~comparaison.valeurs["est_acheteur"]]
    for rang, resultat in enumerate(reversed(disponibles)):
        m = resultat.mesures[mesure]
        valeurs = 100 * pairs[f"{resultat.code}_{mesure}"].dropna().astype(float).to_numpy()
        if len(valeurs):
            ax.add_patch(_boite(m, rang))
            ax.plot([100 * m.mediane] * 2, [rang - 0.28, rang + 0.28], color="black", linewidth=1.6, zorder=3)
            ax.scatter(valeurs, rang + rng.uniform(-0.18, 0.18, len(valeurs)), s=12, color=COULEUR_PAIRS,
                       alpha=0.7, zorder=2, linewidths=0)
        if m.acheteur is not None:
            ax.scatter([100 * m.acheteur], [rang], marker="D", s=70, color=COULEUR_ACHETEUR, zorder=5,
                       edgecolors="white", linewidths=0.8)
            place = f" (centile {nombre(m.centile)})" if m.centile is not None else ""
            ax.annotate(f"{pourcentage(m.acheteur, 1)}{place}", (100 * m.acheteur, rang), xytext=(0, 11),
                        textcoords="offset points", ha="center", fontsize=8, color=COULEUR_ACHETEUR)
        reference = resultat.reference if mesure == "nombre" else None
        if reference is not None:
            ax.plot([100 * reference.valeur] * 2, [rang - 0.42, rang + 0.42], color=COULEUR_REFERENCE,
                    linestyle="--", linewidth=1.3, zorder=4)
            if reference.cible is not None:
                ax.plot([100 * reference.cible] * 2, [rang - 0.42, rang + 0.42], color=COULEUR_REFERENCE,
                        linestyle=":", linewidth=1.3, zorder=4)
    ax.set_yticks(range(len(disponibles)),
                  [textwrap.fill(f"{r.libelle} ({nombre(r.mesures[mesure].pairs)} pairs)", 34)
                   for r in reversed(disponibles)], fontsize=8.5)
    ax.set_ylim(-0.6, len(disponibles) - 0.4)
    ax.set_xlim(-2, 102)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:.0f}\u00a0%"))
    ax.set_xlabel(f"Part des marchés {MESURES[mesure]} (complétude : part des champs renseignés)", fontsize=9)
    ax.grid(axis="x", color="#e6e6e6", linewidth=0.8)
    ax.set_axisbelow(True)
    for cote in ("top", "right"):
        ax.spines[cote].set_visible(False)
    legende = [
        Line2D([], [], marker="o", linestyle="", color=COULEUR_PAIRS, label="un pair"),
        Patch(facecolor=COULEUR_BOITE, edgecolor="#5b7db1", label="pairs : du 1er au 3e quartile"),
        Line2D([], [], color="black", linewidth=1.6, label="médiane des pairs"),
        Line2D([], [], marker="D", linestyle="", color=COULEUR_ACHETEUR, label="l'acheteur"),
    ]
    references = [r.reference for r in disponibles if r.reference is not None and mesure == "nombre"]
    if references:
        legende.append(Line2D([], [], color=COULEUR_REFERENCE, linestyle="--",
                              label=f"référence nationale (OECP {references[0].annee})"))
        legende.append(Line2D([], [], color=COULEUR_REFERENCE, linestyle=":", label="cible du PNAD pour 2025"))
    figure.legend(handles=legende, loc="outside lower center", ncol=3, fontsize=8, frameon=False)
    return decrire(figure, description(comparaison, mesure))


def _boite(mesure, rang: float) -> Rectangle:
    return Rectangle((100 * mesure.premier_quartile, rang - 0.28), 100 * (mesure.troisieme_quartile
                                                                        - mesure.premier_quartile), 0.56,
                     facecolor=COULEUR_BOITE, edgecolor="#5b7db1", linewidth=0.8, zorder=1)
