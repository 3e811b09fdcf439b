"""Figures de la cartographie des achats : diagramme de Pareto et matrice de Kraljic.

Les figures sont des `matplotlib.figure.Figure` autonomes (sans l'état global de pyplot) : un
notebook les affiche, `figure.savefig(chemin)` les enregistre. Libellés en français, montants à
la française (« 1,2 M€ »). Chaque figure porte son texte de remplacement (attribut
`texte_alternatif`, voir `decrire`) : ce qu'elle montre et son chiffre clé, repris par
`spaserlib.cours.afficher_figure` dans l'attribut ``alt`` de l'image des pages de rapport.
"""

from __future__ import annotations

import re

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.transforms import Bbox
from matplotlib.ticker import FuncFormatter

from spaserlib.commun.erreurs import ErreurParametre
from spaserlib.commun.format_fr import euros_courts, nombre, pourcentage
from spaserlib.analyse.pareto import NOMS, phrase_pareto

COULEURS_CLASSES = {"A": "#1f4e79", "B": "#5b9bd5", "C": "#bdd7ee", "autres": "#a6a6a6"}
TAILLE_ETIQUETTE = 7.5
BORNES_KRALJIC = (0.5, 4.5)  # axe vertical : l'échelle 1-4 et une marge pour les noms des quadrants
COULEURS_QUADRANTS = {"leviers": "#e2efda", "stratégiques": "#fce4d6", "simples": "#f2f2f2", "critiques": "#fff2cc"}


def decrire(figure: Figure, texte: str) -> Figure:
    """Attache à la figure son texte de remplacement (ce qu'elle montre, son chiffre clé) ; rend la figure."""
    figure.texte_alternatif = re.sub(r"[ \t\r\n]+", " ", str(texte)).strip()
    return figure


def description_pareto(table: pd.DataFrame, libelles: dict | None = None) -> str:
    """Le texte de remplacement du diagramme de Pareto d'une table de `classer_pareto` (`libelles` :
    code -> libellé, comme pour `figure_pareto`)."""
    par = table.attrs.get("par", table.columns[0])
    pluriel = NOMS.get(par, (f"éléments de « {par} »",))[0]
    texte = (f"Diagramme de Pareto des {pluriel} : barres des montants nets par ordre décroissant et courbe "
             "de la part cumulée de la dépense. ")
    try:
        texte += phrase_pareto(table)
    except ErreurParametre:
        pass
    classees = table[table["classe"].notna()]
    if len(classees) and "part" in classees.columns:
        premier = classees.iloc[0]
        nom = (libelles or {}).get(premier.iloc[0], premier.iloc[0])
        texte += (f" En tête, « {nom} » : {pourcentage(premier['part'])} de la dépense "
                  f"({euros_courts(premier['montant_net'])}).")
    return texte


def description_kraljic(table_kraljic: pd.DataFrame) -> str:
    """Le texte de remplacement de la matrice de Kraljic : familles et montant net par quadrant."""
    morceaux = []
    for quadrant in ("stratégiques", "leviers", "critiques", "simples"):
        lignes = table_kraljic[table_kraljic["quadrant"] == quadrant]
        if len(lignes):
            morceaux.append(f"{quadrant} : {nombre(len(lignes))} famille{'s' if len(lignes) > 1 else ''} "
                            f"({euros_courts(lignes['montant_net'].sum())})")
    texte = (f"Matrice de Kraljic de {nombre(len(table_kraljic))} familles d'achats, placées selon le risque "
             "d'approvisionnement (horizontal) et l'impact (vertical), taille des bulles selon le montant net. ")
    texte += ("Par quadrant, " + " ; ".join(morceaux) + ".") if morceaux else ""
    if len(table_kraljic):
        tete = table_kraljic.sort_values("montant_net", ascending=False).iloc[0]
        nom = tete.get("libelle") if isinstance(tete.get("libelle"), str) and tete.get("libelle") else tete["famille"]
        texte += (f" La famille la plus lourde, « {nom} » ({euros_courts(tete['montant_net'])}), "
                  f"est dans les achats {tete['quadrant']}.")
    return texte


def _raccourcir(texte, longueur: int = 28) -> str:
    texte = str(texte)
    return texte if len(texte) <= longueur else texte[: longueur - 1] + "…"


def _axes(ax, taille):
    if ax is not None:
        return ax.figure, ax
    figure = Figure(figsize=taille, layout="constrained")
    FigureCanvasAgg(figure)  # un canevas Agg : mesurer un texte ne redessine pas toute la figure
    return figure, figure.add_subplot()


def figure_pareto(table: pd.DataFrame, *, max_barres: int = 30, titre: str | None = None, libelles=None,
                  ax=None) -> Figure:
    """Diagramme de Pareto d'une table de `classer_pareto`.

    Barres par montant net décroissant (couleur de la classe A, B, C), courbe de la part cumulée
    (axe de droite) et seuils des classes tracés. Au-delà de `max_barres` éléments, la longue
    traîne est réunie en une dernière barre « autres (1 234 fournisseurs) ». Les éléments hors
    classement (montant net nul ou négatif) ne sont pas tracés. `libelles` (dict code -> libellé)
    remplace les codes sous les barres, par exemple les libellés des familles.
    """
    if "classe" not in table.columns or "part_cumulee" not in table.columns:
        raise ErreurParametre("figure_pareto attend une table produite par classer_pareto.")
    if max_barres < 2:
        raise ErreurParametre(f"max_barres={max_barres} : il faut au moins 2 barres.")
    classees = table[table["classe"].notna()]
    par = table.attrs.get("par", table.columns[0])
    seuils = table.attrs.get("seuils", (0.80, 0.95))
    pluriel = NOMS.get(par, (f"éléments de « {par} »",))[0]
    n = len(classees)
    noms = classees.iloc[:, 0].map(lambda v: (libelles or {}).get(v, v))
    if n > max_barres:
        tete = classees.iloc[: max_barres - 1]
        queue = classees.iloc[max_barres - 1:]
        etiquettes = [_raccourcir(v) for v in noms.iloc[: max_barres - 1]] + [f"autres ({nombre(len(queue))} {pluriel})"]
        montants = list(tete["montant_net"]) + [queue["montant_net"].sum()]
        cumul = list(tete["part_cumulee"]) + [queue["part_cumulee"].iloc[-1]]
        couleurs = [COULEURS_CLASSES[c] for c in tete["classe"]] + [COULEURS_CLASSES["autres"]]
    else:
        etiquettes = [_raccourcir(v) for v in noms]
        montants, cumul = list(classees["montant_net"]), list(classees["part_cumulee"])
        couleurs = [COULEURS_CLASSES[c] for c in classees["classe"]]

    a_nous = ax is None
    figure, ax = _axes(ax, (max(7.0, 0.32 * len(etiquettes) + 3), 5.5))
    positions = np.arange(len(etiquettes))
    rectangles = ax.bar(positions, montants, color=couleurs, edgecolor="white", linewidth=0.5)
    if n > max_barres and montants[-1] > 1.5 * max(montants[:-1]):
        # La barre « autres » écraserait toutes les autres : on la coupe au haut de l'axe, hachurée,
        # avec son montant écrit ; la courbe cumulée (axe de droite) reste exacte.
        haut = 1.15 * max(montants[:-1])
        ax.set_ylim(0, haut)
        rectangles[-1].set_height(haut)
        rectangles[-1].set_hatch("//")
        ax.text(positions[-1], haut * 0.5, f"{euros_courts(montants[-1])} (barre coupée)", rotation=90,
                ha="center", va="center", fontsize=8, color="black",
                bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.85})
    ax.set_xticks(positions, labels=etiquettes, rotation=60, ha="right", fontsize=8)
    ax.set_xlim(-0.6, len(etiquettes) - 0.4)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: euros_courts(v)))
    ax.set_ylabel("Montant net HT")
    ax.grid(axis="y", alpha=0.3)

    droite = ax.twinx()
    droite.plot(positions, cumul, color="#c00000", marker="o", markersize=3, linewidth=1.5)
    droite.set_ylim(0, 1.05)
    droite.yaxis.set_major_formatter(FuncFormatter(lambda v, _: pourcentage(v)))
    droite.set_ylabel("Part cumulée de la dépense")
    for seuil, nom in zip(seuils, ("A", "B")):
        droite.axhline(seuil, color="#7f7f7f", linestyle="--", linewidth=1)
        droite.text(-0.5, seuil, f"seuil {nom} : {pourcentage(seuil)}", ha="left", va="bottom",
                    fontsize=8, color="#404040", bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none",
                                                      "alpha": 0.85})

    visibles = set(classees["classe"].iloc[: max_barres - 1] if n > max_barres else classees["classe"])
    legende = [Patch(color=COULEURS_CLASSES[c], label=f"classe {c}") for c in ("A", "B", "C") if c in visibles]
    if n > max_barres:
        legende.append(Patch(color=COULEURS_CLASSES["autres"], label="autres (agrégés)"))
    legende.append(Line2D([], [], color="#c00000", marker="o", markersize=3, label="part cumulée"))
    if a_nous:
        figure.legend(handles=legende, loc="outside lower center", ncols=len(legende), fontsize=8, frameon=False)
    else:
        ax.legend(handles=legende, loc="best", fontsize=8, framealpha=0.9)
    periode = table.attrs.get("periode", "")
    ax.set_title(titre or f"Concentration de la dépense par {par}" + (f" {periode}" if periode else ""), fontsize=12, loc="left", pad=18)
    ax.text(0, 1.01, phrase_pareto(table), transform=ax.transAxes, fontsize=8, color="#404040", va="bottom")
    return decrire(figure, description_pareto(table, libelles))


def _ecarter_superposes(x: np.ndarray, y: np.ndarray, milieu: float, rayon: float = 0.08):
    """Écarte les bulles de mêmes coordonnées en petit cercle, sans leur faire franchir le milieu."""
    x, y = x.astype(float).copy(), y.astype(float).copy()
    # Un point sur la ligne appartient au quadrant du dessus / de droite : on l'y montre.
    x[np.abs(x - milieu) < 1e-9] = milieu + 0.04
    y[np.abs(y - milieu) < 1e-9] = milieu + 0.04
    cles = pd.Series(list(zip(np.round(x, 6), np.round(y, 6))))
    for _, indices in cles.groupby(cles).groups.items():
        if len(indices) < 2:
            continue
        for k, i in enumerate(indices):
            angle = 2 * np.pi * k / len(indices)
            r = rayon * (1 + k // 8 * 0.6)
            for tab, dec in ((x, np.cos(angle) * r), (y, np.sin(angle) * r)):
                origine = tab[i]
                nouveau = origine + dec
                tab[i] = max(nouveau, milieu + 0.02) if origine >= milieu else min(nouveau, milieu - 0.02)
    return x, y


def _placer_etiquettes(ax, points, textes, figure, obstacles=(), bulles=(), rendu=None) -> int:
    """Place chaque étiquette près de sa bulle, à la première position libre.

    Une position est libre si l'étiquette reste dans le graphique et ne chevauche ni une autre
    étiquette ni un `obstacle` (titres des quadrants) ; on cherche d'abord une position qui évite
    aussi les `bulles`, puis, à défaut, une qui ne les évite pas. Sans position libre, la famille
    n'est pas étiquetée (elle reste dans la table). Renvoie le nombre d'étiquettes placées.
    Les positions candidates se calculent en pixels à partir de la taille mesurée du texte ; seule
    la position retenue devient une annotation.
    `rendu` : le moteur de rendu d'une mise en page déjà faite (`_rendu`), pour ne pas redessiner la figure.
    """
    rendu = rendu if rendu is not None else _rendu(figure)
    cadre_axes = ax.get_window_extent(rendu)
    placees = [o.get_window_extent(rendu) for o in obstacles]
    directions = [(np.cos(a), np.sin(a)) for a in np.radians([45, 135, -45, -135, 0, 180, 90, -90, 20, 160, -20, -160])]
    decalages = [(d * dx, d * dy) for d in (14, 24, 36, 50, 66, 84, 104) for dx, dy in directions]
    echelle = figure.dpi / 72
    nommees = 0
    for (x, y), texte in zip(points, textes):
        mesure = ax.text(0, 0, texte, fontsize=TAILLE_ETIQUETTE)
        cadre_texte = mesure.get_window_extent(rendu)
        mesure.remove()
        largeur, hauteur = cadre_texte.width * 1.04 + 4, cadre_texte.height * 1.25 + 2
        ancre_x, ancre_y = ax.transData.transform((x, y))
        for eviter_bulles in (True, False):
            genes = placees + (list(bulles) if eviter_bulles else [])
            choix = None
            for dx, dy in decalages:
                gauche = ancre_x + dx * echelle - (largeur if dx < -1e-9 else 0)
                bas = ancre_y + dy * echelle - hauteur / 2
                cadre = Bbox([[gauche, bas], [gauche + largeur, bas + hauteur]])
                dedans = cadre_axes.contains(cadre.x0, cadre.y0) and cadre_axes.contains(cadre.x1, cadre.y1)
                if dedans and not any(cadre.overlaps(g) for g in genes):
                    choix = (dx, dy, cadre)
                    break
            if choix is not None:
                dx, dy, cadre = choix
                note = ax.annotate(texte, (x, y), xytext=(dx, dy), textcoords="offset points", fontsize=TAILLE_ETIQUETTE,
                                   ha="left" if dx >= -1e-9 else "right", va="center", zorder=5,
                                   arrowprops={"arrowstyle": "-", "color": "#595959", "linewidth": 0.6},
                                   bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85})
                note.set_in_layout(False)
                placees.append(cadre)
                nommees += 1
                break
    return nommees


def _rendu(figure):
    """Le moteur de rendu de la figure (Agg), sans redessiner toute la figure à chaque mesure."""
    figure.draw_without_rendering()  # fixe la mise en page avant de mesurer
    canevas = figure.canvas
    return canevas.get_renderer() if hasattr(canevas, "get_renderer") else figure._get_renderer()


def _cadres_des_bulles(ax, x, y, tailles, figure):
    """Le carré (en pixels) de chaque bulle, pour que les étiquettes évitent de les couvrir."""
    centres = ax.transData.transform(np.column_stack([x, y]))
    rayons = np.sqrt(tailles) / 2 * figure.dpi / 72
    return [Bbox([[cx - r, cy - r], [cx + r, cy + r]]) for (cx, cy), r in zip(centres, rayons)]


def figure_kraljic(table_kraljic: pd.DataFrame, *, couleur: str = "enjeu", etiquettes: int = 12,
                   titre: str | None = None, ax=None) -> Figure:
    """Matrice de Kraljic : une bulle par famille (taille = montant net, couleur = enjeu).

    Axe horizontal : score de risque ; axe vertical : score d'impact ; les quadrants sont nommés
    et séparés au milieu d'échelle. Seules les `etiquettes` familles au plus gros montant sont
    étiquetées, chacune à une place libre ; les bulles de mêmes scores sont légèrement écartées
    sans changer de quadrant. Une famille dont le quadrant est surchargé porte un anneau noir et
    un astérisque. `couleur` : colonne de l'enjeu (1 à 4) — « enjeu » (le plus fort des deux),
    « enjeu_environnemental », « enjeu_social » ; absente, toutes les bulles ont la même couleur.
    """
    for colonne in ("famille", "montant_net", "score_impact", "score_risque", "quadrant"):
        if colonne not in table_kraljic.columns:
            raise ErreurParametre(f"figure_kraljic attend une table de noter_familles (colonne « {colonne} » absente).")
    table = table_kraljic.copy()
    if couleur == "enjeu" and "enjeu" not in table.columns:
        enjeux = [c for c in ("enjeu_environnemental", "enjeu_social") if c in table.columns]
        if enjeux:
            table["enjeu"] = table[enjeux].max(axis=1)
    milieu = table_kraljic.attrs.get("milieu", 2.5)
    figure, ax = _axes(ax, (10, 8))
    # Une marge au-delà de l'échelle 1-4 : les noms des quadrants s'y logent sans couvrir de bulle.
    bas, haut = BORNES_KRALJIC
    ax.set_xlim(0.8, 4.2)
    ax.set_ylim(bas, haut)
    titres_quadrants = []
    for (x0, x1, y0, y1, nom) in ((0.8, milieu, milieu, haut, "leviers"), (milieu, 4.2, milieu, haut, "stratégiques"),
                                  (0.8, milieu, bas, milieu, "simples"), (milieu, 4.2, bas, milieu, "critiques")):
        ax.axvspan(x0, x1, ymin=(y0 - bas) / (haut - bas), ymax=(y1 - bas) / (haut - bas),
                   color=COULEURS_QUADRANTS[nom], zorder=0)
        titres_quadrants.append(ax.text(x0 + 0.04 if x0 < milieu else x1 - 0.04, y1 - 0.03 if y1 > milieu else y0 + 0.03,
                f"Achats {nom}", ha="left" if x0 < milieu else "right", va="top" if y1 > milieu else "bottom",
                fontsize=13, fontweight="bold", color="#404040", alpha=0.8, zorder=1))
    ax.axvline(milieu, color="#7f7f7f", linestyle="--", linewidth=1, zorder=1)
    ax.axhline(milieu, color="#7f7f7f", linestyle="--", linewidth=1, zorder=1)

    x, y = _ecarter_superposes(table["score_risque"].to_numpy(), table["score_impact"].to_numpy(), milieu)
    maximum = max(float(table["montant_net"].max()), 1e-9)
    tailles = 40 + 1800 * table["montant_net"].clip(lower=0).to_numpy() / maximum
    a_couleur = couleur in table.columns and table[couleur].notna().any()
    if a_couleur:
        valeurs = pd.to_numeric(table[couleur], errors="coerce").to_numpy(dtype=float)
        palette = matplotlib.colormaps["YlOrRd"].with_extremes(bad="#bfbfbf")
        nuage = ax.scatter(x, y, s=tailles, c=valeurs, cmap=palette, vmin=1, vmax=4, alpha=0.85,
                           edgecolors="#404040", linewidths=0.5, zorder=3, plotnonfinite=True)
        barre = figure.colorbar(nuage, ax=ax, ticks=[1, 2, 3, 4], shrink=0.5, location="bottom", aspect=40)
        barre.set_label({"enjeu": "Enjeu social ou environnemental (le plus fort, de 1 à 4)",
                         "enjeu_environnemental": "Enjeu environnemental (de 1 à 4)",
                         "enjeu_social": "Enjeu social (de 1 à 4)"}.get(couleur, f"{couleur} (de 1 à 4)"))
    else:
        ax.scatter(x, y, s=tailles, color="#5b9bd5", alpha=0.85, edgecolors="#404040", linewidths=0.5, zorder=3)
    surcharge = table["surcharge"].fillna(False).astype(bool).to_numpy() if "surcharge" in table.columns else np.zeros(len(table), bool)
    if surcharge.any():
        ax.scatter(x[surcharge], y[surcharge], s=tailles[surcharge] * 1.25, facecolors="none", edgecolors="black",
                   linewidths=1.5, zorder=4)

    ordre = np.argsort(-table["montant_net"].to_numpy(), kind="stable")[: max(etiquettes, 0)]
    noms = table["libelle"].where(table["libelle"].notna(), table["famille"]) if "libelle" in table.columns else table["famille"]
    textes = [_raccourcir(noms.iloc[i]) + (" *" if surcharge[i] else "") for i in ordre]
    references = [v for v in (maximum, maximum / 4, maximum / 20) if v > 0]
    legende = [ax.scatter([], [], s=40 + 1800 * v / maximum, color="#d9d9d9", edgecolors="#404040",
                          label=euros_courts(v)) for v in references]
    if surcharge.any():
        legende.append(Line2D([], [], marker="o", color="none", markeredgecolor="black", markersize=10,
                              label="* quadrant surchargé"))
    ax.legend(handles=legende, title="Montant net", loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8,
              title_fontsize=8, labelspacing=2.4, handletextpad=2.2, borderpad=1.2, frameon=False)
    ax.set_xlabel("Risque d'approvisionnement (score de 1 à 4)")
    ax.set_ylabel("Impact financier et sur le service (score de 1 à 4)")
    ax.set_xticks([1, 1.5, 2, 2.5, 3, 3.5, 4], labels=["1", "1,5", "2", "2,5", "3", "3,5", "4"])
    ax.set_yticks([1, 1.5, 2, 2.5, 3, 3.5, 4], labels=["1", "1,5", "2", "2,5", "3", "3,5", "4"])
    periode = table_kraljic.attrs.get("periode", "")
    ax.set_title(titre or "Matrice de Kraljic des familles d'achats" + (f" {periode}" if periode else ""), fontsize=12, loc="left", pad=18)
    sous_titre = ax.text(0, 1.01, "", transform=ax.transAxes, fontsize=8, color="#404040", va="bottom")

    # Les étiquettes se placent en dernier, mise en page faite, puis la mise en page est figée :
    # un nouveau calcul déplacerait les bulles sous des étiquettes placées en points.
    rendu = _rendu(figure)
    bulles = _cadres_des_bulles(ax, x, y, tailles, figure)
    nommees = _placer_etiquettes(ax, [(x[i], y[i]) for i in ordre], textes, figure, obstacles=titres_quadrants,
                                 bulles=bulles, rendu=rendu)
    texte = f"{nombre(len(table))} familles"
    if len(ordre) < len(table) or nommees < len(ordre):
        if nommees == len(ordre):
            texte += f" ; les {nombre(len(ordre))} plus gros montants sont nommés"
        else:
            texte += (f" ; {nombre(nommees)} des {nombre(len(ordre))} plus gros montants ont pu être nommés "
                      "sans chevauchement")
        texte += " (toutes sont dans la table de Kraljic)"
    sous_titre.set_text(texte)
    figure.set_layout_engine("none")
    return decrire(figure, description_kraljic(table_kraljic))
