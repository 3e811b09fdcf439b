"""Trajectoires : où en est chaque objectif, où va-t-il, quel écart à l'échéance.

Les cibles viennent du Plan national pour des achats durables (PNAD) 2022-2025 et des objectifs
propres de l'organisation (`spaserlib.objectifs.modele.Objectif`). Pour chacun : la valeur de référence,
la dernière valeur, la tendance sur les années passées, la projection à l'échéance et l'écart.

Tendance (documentée, au choix) :
- ``"regression"`` (par défaut) : pente de la droite des moindres carrés (régression linéaire
  simple valeur ~ année) sur toutes les années observées ;
- ``"variations"`` : moyenne des variations annuelles, (dernière − première) / (années écoulées).
Sens : un objectif vise une hausse (« au moins ») ou une baisse (« au plus ») ; `extras["sens"]`
le dit, sinon on le déduit de la cible comparée à la référence.
Statuts : « en bonne voie », « en retard », « cible atteinte » ou « cible non atteinte » (échéance
passée : la valeur observée à l'échéance remplace la projection), « non évaluable ».
La projection prolonge la tendance depuis la dernière valeur jusqu'à l'année de l'échéance ; une
part (unité ``part_nombre`` ou ``part_valeur``) est bornée entre 0 et 100 %. Il faut au moins
deux années observées pour une tendance.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from datetime import date

import pandas as pd

from spaserlib.commun.erreurs import ErreurParametre
from spaserlib.commun.format_fr import nombre
from spaserlib.analyse.indicateurs import table_considerations
from spaserlib.objectifs.modele import UNITES, Objectif

SOURCE_PNAD = (
    "Plan national pour des achats durables (PNAD) 2022-2025, publié le 15 mars 2022 : cibles "
    "non contraignantes, sur les contrats notifiés dans l'année (suivi OECP/DECP)."
)

CIBLES_PNAD = [
    Objectif(
        libelle="100 % des contrats notifiés comportent au moins une considération environnementale",
        axe="environnemental", indicateur="part_considerations_environnementales", unite="part_nombre",
        perimetre="contrats notifiés dans l'année", cible=100.0, echeance=date(2025, 12, 31),
        porteur="État (CGDD)", source=SOURCE_PNAD, extras={"sens": "hausse"},
    ),
    Objectif(
        libelle="30 % des contrats notifiés comportent au moins une considération sociale",
        axe="social", indicateur="part_considerations_sociales", unite="part_nombre",
        perimetre="contrats notifiés dans l'année", cible=30.0, echeance=date(2025, 12, 31),
        porteur="État (CGDD)", source=SOURCE_PNAD, extras={"sens": "hausse"},
    ),
]

METHODES = {
    "regression": "régression linéaire simple sur les années observées",
    "variations": "moyenne des variations annuelles",
}


@dataclass
class Trajectoire:
    """La situation d'un objectif : référence, dernière valeur, tendance, projection, écart."""

    objectif: Objectif
    valeurs: pd.Series  # valeur par année (index int), dans l'unité de l'objectif
    annee_reference: int | None
    valeur_reference: float | None
    annee_derniere: int | None
    derniere_valeur: float | None
    tendance: float | None  # par an
    methode: str
    projection: float | None  # à l'année de l'échéance
    ecart: float | None  # projection − cible (positif = au-delà de la cible)
    statut: str
    phrase: str

    def en_ligne(self) -> dict:
        o = self.objectif
        return {
            "objectif": o.libelle, "unite": _libelle_unite(o.unite), "cible": o.cible,
            "echeance": o.echeance,
            "annee_reference": self.annee_reference, "valeur_reference": self.valeur_reference,
            "annee_derniere": self.annee_derniere, "derniere_valeur": self.derniere_valeur,
            "tendance_par_an": self.tendance, "methode": METHODES[self.methode],
            "projection_echeance": self.projection, "ecart_projection_cible": self.ecart,
            "statut": self.statut, "source": o.source, "phrase": self.phrase,
        }


def _libelle_unite(unite: str | None) -> str:
    return UNITES.get(unite or "autre", ("autre unité", False))[0]


def _est_part(objectif: Objectif) -> bool:
    return objectif.unite in ("part_nombre", "part_valeur")


def _fmt(valeur: float | None, objectif: Objectif) -> str:
    if valeur is None or pd.isna(valeur):
        return "—"
    texte = nombre(valeur, 1).removesuffix(",0")
    return f"{texte}\u00a0%" if _est_part(objectif) else f"{texte} ({_libelle_unite(objectif.unite)})"


def _fmt_ecart(valeur: float, objectif: Objectif) -> str:
    """Un écart ou une tendance : en points pour une part (« 8 points »), sinon dans l'unité."""
    if not _est_part(objectif):
        return _fmt(valeur, objectif)
    texte = nombre(valeur, 1).removesuffix(",0")
    return f"{texte}\u00a0point{'s' if abs(valeur) >= 2 else ''}"


def tendance_annuelle(valeurs: pd.Series, methode: str = "regression") -> float | None:
    """La tendance par an d'une série (index = années) ; None s'il y a moins de deux années.

    ``regression`` : pente des moindres carrés ; ``variations`` : (dernière − première) / écart d'années.
    """
    if methode not in METHODES:
        raise ErreurParametre(f"Méthode de tendance « {methode} » inconnue : choisissez « regression » ou « variations ».")
    serie = valeurs.dropna()
    if len(serie) < 2:
        return None
    x = pd.Series(serie.index, dtype=float)
    y = pd.Series(serie.to_numpy(), dtype=float)
    if methode == "variations":
        return float((y.iloc[-1] - y.iloc[0]) / (x.iloc[-1] - x.iloc[0]))
    xm, ym = x.mean(), y.mean()
    return float(((x - xm) * (y - ym)).sum() / ((x - xm) ** 2).sum())


def trajectoire(objectif: Objectif, valeurs: pd.Series, *, methode: str = "regression") -> Trajectoire:
    """La trajectoire d'un objectif d'après ses valeurs par année (dans l'unité de l'objectif).

    La référence est celle de l'objectif (valeur_reference, annee_reference) si elle est donnée,
    sinon la première année observée. Lève `ErreurParametre` si la méthode est inconnue.
    """
    serie = pd.Series(valeurs, dtype=float).dropna().sort_index()
    serie.index = serie.index.astype(int)
    pente = tendance_annuelle(serie, methode)
    if objectif.valeur_reference is not None:
        annee_ref, val_ref = objectif.annee_reference, float(objectif.valeur_reference)
    elif len(serie):
        annee_ref, val_ref = int(serie.index[0]), float(serie.iloc[0])
    else:
        annee_ref = val_ref = None
    annee_der = int(serie.index[-1]) if len(serie) else None
    der = float(serie.iloc[-1]) if len(serie) else None
    projection = ecart = None
    echue = objectif.echeance is not None and annee_der is not None and objectif.echeance.year <= annee_der
    if echue:
        # échéance passée : on lit la valeur observée à l'échéance (ou la dernière avant), pas une projection
        avant = serie[serie.index <= objectif.echeance.year]
        projection = float(avant.iloc[-1]) if len(avant) else None
        if projection is not None and objectif.cible is not None:
            ecart = projection - objectif.cible
        statut, phrase = _lire_echue(objectif, avant, ecart)
        return Trajectoire(objectif, serie, annee_ref, val_ref, annee_der, der, pente, methode,
                           projection, ecart, statut, phrase)
    if pente is not None and objectif.echeance is not None:
        projection = der + pente * (objectif.echeance.year - annee_der)
        if _est_part(objectif):
            projection = min(100.0, max(0.0, projection))
        if objectif.cible is not None:
            ecart = projection - objectif.cible
    statut, phrase = _lire(objectif, serie, pente, projection, ecart, methode)
    return Trajectoire(objectif, serie, annee_ref, val_ref, annee_der, der, pente, methode,
                       projection, ecart, statut, phrase)


def _lire(objectif, serie, pente, projection, ecart, methode) -> tuple[str, str]:
    if not len(serie):
        return "non évaluable", f"« {objectif.libelle} » : aucune valeur observée, la trajectoire n'est pas calculable."
    debut = (f"« {objectif.libelle} » : {_fmt(serie.iloc[-1], objectif)} en {serie.index[-1]}")
    if objectif.cible is None or objectif.echeance is None:
        return "non évaluable", debut + " ; l'objectif n'a pas de cible chiffrée ou d'échéance, l'écart n'est pas calculable."
    debut += f", pour une cible de {_fmt(objectif.cible, objectif)} à fin {objectif.echeance.year}"
    if pente is None:
        return "non évaluable", debut + " ; une seule année observée : pas de tendance, donc pas de projection."
    hausse = sens_objectif(objectif, serie)
    atteinte = ecart >= 0 if hausse else ecart <= 0
    signe = "+" if pente >= 0 else "−"
    phrase = (f"{debut}. Tendance ({METHODES[methode]}) : {signe}{_fmt_ecart(abs(pente), objectif)} par an ; "
              f"à ce rythme, {_fmt(projection, objectif)} en {objectif.echeance.year}")
    if atteinte:
        return "en bonne voie", phrase + ", la cible serait atteinte."
    return "en retard", phrase + f", soit un écart de {_fmt_ecart(abs(ecart), objectif)} à la cible."


def _lire_echue(objectif, avant: pd.Series, ecart) -> tuple[str, str]:
    annee = objectif.echeance.year
    if not len(avant) or objectif.cible is None:
        return "non évaluable", (f"« {objectif.libelle} » : échéance {annee} passée, sans valeur observée à cette date "
                                 "ou sans cible chiffrée.")
    phrase = (f"« {objectif.libelle} » : échéance {annee} passée ; {_fmt(avant.iloc[-1], objectif)} observé en "
              f"{avant.index[-1]} pour une cible de {_fmt(objectif.cible, objectif)}")
    atteinte = ecart >= 0 if sens_objectif(objectif, avant) else ecart <= 0
    if atteinte:
        return "cible atteinte", phrase + " : la cible est atteinte."
    return "cible non atteinte", phrase + f" : la cible n'est pas atteinte (écart de {_fmt_ecart(abs(ecart), objectif)})."


def sens_objectif(objectif: Objectif, serie: pd.Series) -> bool:
    """Vrai si l'objectif vise une hausse (atteindre AU MOINS la cible), faux pour une baisse.

    `objectif.extras["sens"]` (« hausse » ou « baisse ») prime ; sinon, hausse si la cible est au
    moins égale à la valeur de référence (ou à la première valeur observée).
    """
    sens = str(objectif.extras.get("sens", "")).lower()
    if sens in ("hausse", "baisse"):
        return sens == "hausse"
    reference = objectif.valeur_reference if objectif.valeur_reference is not None else serie.iloc[0]
    return objectif.cible >= reference


# Indicateurs calculés depuis les marchés, utilisables comme `Objectif.indicateur` : clé -> (dimension, colonne).
INDICATEURS_CALCULES = {
    "part_considerations_environnementales": ("environnementale", "part_nombre"),
    "part_considerations_sociales": ("sociale", "part_nombre"),
    "part_valeur_considerations_environnementales": ("environnementale", "part_valeur"),
    "part_valeur_considerations_sociales": ("sociale", "part_valeur"),
}


def series_indicateurs(marches: pd.DataFrame) -> dict[str, pd.Series]:
    """Les valeurs par année, en %, des indicateurs de `INDICATEURS_CALCULES` (contrats connus)."""
    tables = {d: table_considerations(marches, d, par="annee") for d in ("environnementale", "sociale")}
    return {
        cle: pd.Series((tables[d][col] * 100).to_numpy(dtype=float), index=tables[d]["annee"].astype(int).to_numpy())
        for cle, (d, col) in INDICATEURS_CALCULES.items()
    }


def series_pnad(marches: pd.DataFrame) -> dict[str, pd.Series]:
    """Les valeurs par année (en %, en nombre de contrats connus) des deux indicateurs du PNAD."""
    toutes = series_indicateurs(marches)
    return {o.indicateur: toutes[o.indicateur] for o in CIBLES_PNAD}


def trajectoires(marches: pd.DataFrame | None = None, objectifs: list[Objectif] | None = None,
                 valeurs: dict[str, pd.Series] | None = None, *, methode: str = "regression") -> list[Trajectoire]:
    """Les trajectoires des cibles du PNAD (si `marches` est donné) et des `objectifs` propres.

    La série d'un objectif propre est cherchée dans `valeurs` ({indicateur ou libellé: série par
    année}), puis, si son `indicateur` est une clé de `INDICATEURS_CALCULES`, calculée depuis les
    marchés ; sans série, la trajectoire est « non évaluable » (aucune valeur observée).
    """
    series = dict(valeurs or {})
    calculees = series_indicateurs(marches) if marches is not None else {}
    resultat = []
    if marches is not None:
        resultat += [trajectoire(o, calculees[o.indicateur], methode=methode) for o in CIBLES_PNAD]
    for objectif in objectifs or []:
        serie = series.get(objectif.indicateur, series.get(objectif.libelle, calculees.get(objectif.indicateur)))
        resultat.append(trajectoire(objectif, serie if serie is not None else pd.Series(dtype=float), methode=methode))
    return resultat


def table_trajectoires(liste: list[Trajectoire]) -> pd.DataFrame:
    """Une ligne par trajectoire (colonnes de `Trajectoire.en_ligne`)."""
    return pd.DataFrame([t.en_ligne() for t in liste])


def figure_trajectoire(t: Trajectoire, ax=None):
    """La figure d'une trajectoire : valeurs par année, cible, projection en pointillés. Rend la Figure."""
    import matplotlib.pyplot as plt

    if ax is None:
        fig, ax = plt.subplots(figsize=(7, 4))
    else:
        fig = ax.figure
    o = t.objectif
    if len(t.valeurs):
        ax.plot(t.valeurs.index, t.valeurs.to_numpy(), marker="o", label="Valeurs observées")
    if t.projection is not None and o.echeance is not None and o.echeance.year > t.annee_derniere:
        ax.plot([t.annee_derniere, o.echeance.year], [t.derniere_valeur, t.projection], linestyle="--",
                marker="o", color="grey", label=f"Projection ({METHODES[t.methode]})")
    if o.cible is not None and o.echeance is not None:
        ax.axhline(o.cible, color="tab:green", linestyle=":",
                   label=f"Cible ({_fmt(o.cible, o) if _est_part(o) else f'{o.cible:g}'.replace('.', ',')}, fin {o.echeance.year})")
        ax.scatter([o.echeance.year], [o.cible], marker="*", s=150, color="tab:green", zorder=3)
    ax.set_title("\n".join(textwrap.wrap(o.libelle, 70)[:2]), fontsize=10)
    ax.set_xlabel("Année")
    ax.set_ylabel(_libelle_unite(o.unite))
    if _est_part(o):
        ax.set_ylim(0, 105)
        ax.yaxis.set_major_formatter(lambda v, _pos: f"{v:.0f}\u00a0%")
    ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    ax.legend(fontsize=8, loc="best")
    fig.tight_layout()
    return fig
