"""Montrer les résultats du kit dans un notebook : tables, phrases, figures, petits choix.

Deux modes, un même contenu :
- **interactif** (JupyterLab ouvert par une personne) : les choix sont des widgets (liste
  déroulante, zone de texte) et le résultat se met à jour ;
- **statique** (papermill, nbval, rapports, tests) : aucun widget n'est créé ; le résultat est
  affiché pour la valeur par défaut (ou pour chaque valeur), en tables, texte et figures PNG.
  Rien ne bloque et aucun état de widget n'entre dans les sorties du notebook.

`mode_interactif(None)` choisit le mode : la variable d'environnement ``SPASER_INTERACTIF``
(« 1 » ou « 0 ») l'emporte ; sinon, interactif seulement si le noyau a été lancé par un serveur
Jupyter (JupyterLab pose ``JPY_SESSION_NAME`` dans l'environnement du noyau, papermill, nbval et
nbclient ne le font pas) et si ipywidgets est installé.

Tout texte venu des données est échappé avant d'être affiché en HTML.
"""

from __future__ import annotations

import html
import importlib
import os
from collections.abc import Callable, Iterable

import pandas as pd

from spaserlib.commun.erreurs import ErreurParametre
from spaserlib.cours.tables import (  # noqa: F401  (noms repris par les notebooks et les tests)
    FORMATS,
    LIBELLES,
    _choisir_colonnes,
    _trier,
    avec_libelles_familles,
    date_fr,
    format_par_defaut,
    formats_automatiques,
    libelle_colonne,
    table_html,
    table_lisible,
)

VARIABLE_MODE = "SPASER_INTERACTIF"


def mode_interactif(interactif: bool | None = None) -> bool:
    """Vrai si le notebook doit afficher des widgets, faux s'il doit tout rendre en statique.

    ``interactif`` True ou False force le mode ; None le détecte (voir le docstring du module).
    """
    if interactif is not None:
        if not isinstance(interactif, bool):
            raise ErreurParametre(
                f"Le paramètre interactif vaut « {interactif!r} » : "
                "indiquez True (widgets), False (rendu statique) ou None (détection automatique)."
            )
        return interactif and _widgets_disponibles()
    force = os.environ.get(VARIABLE_MODE, "").strip()
    if force in {"0", "1"}:
        return force == "1" and _widgets_disponibles()
    return "JPY_SESSION_NAME" in os.environ and _widgets_disponibles()


def _widgets_disponibles() -> bool:
    try:
        importlib.import_module("ipywidgets")
    except ImportError:
        return False
    return True


def _display(objet, **kwargs):
    from IPython.display import display

    display(objet, **kwargs)


def _afficher_html(html_texte: str, texte: str) -> None:
    """Affiche un bloc avec sa version HTML et sa version texte (rapports, terminal)."""
    _display({"text/html": html_texte, "text/plain": texte}, raw=True)


def afficher_table(
    table: pd.DataFrame,
    titre: str | None = None,
    formats: dict | None = None,
    libelles: dict | None = None,
    max_lignes: int | None = 20,
    index: bool = False,
    colonnes: list | None = None,
    trier_par: str | None = None,
) -> None:
    """Affiche une table lisible (montants et parts à la française, dates en jj/mm/aaaa, colonnes en clair).

    `colonnes` : les colonnes à montrer, dans l'ordre (par défaut toutes). `trier_par` : une colonne
    de la table ; les lignes sont alors rangées de la plus grande valeur à la plus petite (par exemple
    par montant, pour que les premières lignes montrées soient les plus lourdes). Les codes de famille
    reçoivent leur libellé. Les lignes au-delà de `max_lignes` sont annoncées, jamais cachées.
    """
    if not isinstance(table, pd.DataFrame):
        raise ErreurParametre(
            f"afficher_table attend une table pandas (DataFrame), pas un objet de type {type(table).__name__}."
        )
    table = _trier(table, trier_par)
    table = avec_libelles_familles(_choisir_colonnes(table, colonnes))
    vue = table_lisible(table, formats=formats, libelles=libelles, max_lignes=max_lignes)
    reste = len(table) - len(vue)
    droite = [pd.api.types.is_numeric_dtype(table[c]) and not pd.api.types.is_bool_dtype(table[c]) for c in table.columns]
    corps = table_html(vue, droite, index=index)
    texte = vue.astype(object).where(vue.notna(), "—").to_string(index=index)
    entete_html = f"<p><strong>{html.escape(titre)}</strong></p>" if titre else ""
    entete_texte = f"{titre}\n" if titre else ""
    pied = ""
    if reste > 0:
        from spaserlib.commun.format_fr import nombre

        pied = f"… et {nombre(reste)} ligne{'s' if reste > 1 else ''} de plus ({nombre(len(table))} au total)."
    elif table.empty:
        pied = "Aucune ligne."
    pied_html = f"<p><em>{html.escape(pied)}</em></p>" if pied else ""
    _afficher_html(entete_html + corps + pied_html, entete_texte + texte + ("\n" + pied if pied else ""))


def afficher_indicateur(indicateur, formats: dict | None = None, max_lignes: int | None = 20,
                        colonnes: list | None = None, trier_par: str | None = None) -> None:
    """Affiche un indicateur du kit (nom, phrase qui le lit, table), montants et parts à la française.

    `indicateur` : tout objet qui a `nom`, `phrase` et `table` (par exemple `spaserlib.analyse.indicateurs.Indicateur`).
    `colonnes` : les colonnes de la table à montrer (par défaut toutes) ; `trier_par` : voir `afficher_table`.
    """
    table = _choisir_colonnes(_trier(indicateur.table, trier_par), colonnes)
    afficher_phrase(indicateur.phrase, titre=indicateur.nom)
    afficher_table(table, formats={**formats_automatiques(table), **(formats or {})}, max_lignes=max_lignes)


def afficher_phrase(texte: str, titre: str | None = None) -> None:
    """Affiche une phrase à citer (texte venu des données : échappé)."""
    texte = str(texte)
    entete = f"<strong>{html.escape(titre)} : </strong>" if titre else ""
    _afficher_html(
        f'<blockquote style="margin:0.5em 0">{entete}{html.escape(texte)}</blockquote>',
        f"{titre} : {texte}" if titre else texte,
    )


def afficher_liste(elements: Iterable[str], titre: str | None = None) -> None:
    """Affiche une liste à puces (chaque élément échappé)."""
    elements = [str(e) for e in elements]
    entete_html = f"<p><strong>{html.escape(titre)}</strong></p>" if titre else ""
    puces = "".join(f"<li>{html.escape(e)}</li>" for e in elements) or "<li>(aucun élément)</li>"
    texte = "\n".join(f"- {e}" for e in elements) or "- (aucun élément)"
    _afficher_html(f"{entete_html}<ul>{puces}</ul>", (f"{titre}\n" if titre else "") + texte)


RESOLUTION_FIGURES = 110  # points par pouce des PNG affichés (lisibles à l'écran et dans les rapports HTML)


def image_png(figure, resolution: int = RESOLUTION_FIGURES) -> bytes:
    """La figure matplotlib en PNG (octets), quel que soit le moteur de rendu actif."""
    import io

    tampon = io.BytesIO()
    figure.savefig(tampon, format="png", dpi=resolution, bbox_inches="tight", facecolor="white")
    return tampon.getvalue()


def _une_ligne(texte) -> str:
    """Le texte sur une ligne (retours à la ligne et espaces répétés réduits), espaces insécables gardés."""
    import re

    return re.sub(r"[ \t\r\n]+", " ", str(texte)).strip()


def texte_alternatif(figure, description: str | None = None) -> str:
    """Le texte de remplacement d'une figure : `description` si elle est donnée, sinon celui que la
    fonction du kit qui a tracé la figure y a attaché (ce qu'elle montre et son chiffre clé, voir
    `spaserlib.documents.figures.decrire`), sinon « Figure : » suivi de son titre."""
    if description and str(description).strip():
        return _une_ligne(description)
    attache = getattr(figure, "texte_alternatif", None)
    if isinstance(attache, str) and attache.strip():
        return _une_ligne(attache)
    titre = ""
    if getattr(figure, "axes", None):
        titre = figure.axes[0].get_title() or ""
    if not titre and getattr(figure, "_suptitle", None) is not None:
        titre = figure._suptitle.get_text()
    titre = _une_ligne(titre)
    return f"Figure : {titre}" if titre else "Figure sans description"


def afficher_figure(figure, description: str | None = None) -> None:
    """Affiche une figure matplotlib en image PNG, avec son texte de remplacement, puis la ferme.

    `description` : ce que la figure montre et son chiffre clé, en une ou deux phrases (« Diagramme de
    Pareto des fournisseurs en 2025 : 126 fournisseurs sur 979 font 80 % de la dépense. ») ; c'est le
    texte lu par un lecteur d'écran et montré si l'image ne s'affiche pas (voir `texte_alternatif`).
    Le PNG est produit ici, sans dépendre du moteur de rendu du noyau : la figure s'affiche de la
    même façon dans JupyterLab, sous papermill et dans les rapports, une seule fois, et la mémoire
    est libérée (figures pyplot comme figures `matplotlib.figure.Figure` autonomes).
    """
    import base64

    alternatif = texte_alternatif(figure, description)
    donnees = base64.b64encode(image_png(figure)).decode("ascii")
    _display({"image/png": donnees, "text/plain": alternatif}, raw=True, metadata={"image/png": {"alt": alternatif}})
    import matplotlib.pyplot as plt

    if plt.fignum_exists(getattr(figure, "number", -1)):
        plt.close(figure)


def afficher(objet) -> None:
    """Affiche un résultat quelconque du kit : table, figure, texte, ou l'objet tel quel."""
    if isinstance(objet, pd.DataFrame):
        afficher_table(objet)
    elif isinstance(objet, str):
        afficher_phrase(objet)
    elif hasattr(objet, "savefig"):
        afficher_figure(objet)
    else:
        _display(objet)


def choisir(
    options: dict | list,
    montrer: Callable,
    description: str,
    valeur=None,
    interactif: bool | None = None,
    toutes_en_statique: bool = False,
    **arguments,
) -> None:
    """Un choix dans une liste, et ce qu'il montre.

    options   liste de valeurs, ou {libellé affiché: valeur} ;
    montrer   fonction appelée avec la valeur choisie (et les `arguments` nommés en plus) ; elle
              affiche elle-même son résultat ;
    valeur    la valeur de départ (par défaut la première) ;
    interactif  voir `mode_interactif`.
    En mode statique, `montrer` est appelée une fois pour `valeur`, ou pour chaque option si
    `toutes_en_statique` (chaque résultat précédé de son libellé).
    """
    paires = list(options.items()) if isinstance(options, dict) else [(str(o), o) for o in options]
    if not paires:
        raise ErreurParametre(f"Aucune option à proposer pour « {description} ».")
    valeurs = [v for _, v in paires]
    if valeur is None:
        valeur = valeurs[0]
    elif valeur not in valeurs:
        raise ErreurParametre(
            f"La valeur « {valeur} » ne fait pas partie des options de « {description} » : "
            f"{', '.join(str(v) for v in valeurs)}."
        )
    if not mode_interactif(interactif):
        if toutes_en_statique:
            for libelle, v in paires:
                afficher_phrase(libelle, titre=description)
                montrer(v, **arguments)
        else:
            montrer(valeur, **arguments)
        return
    import ipywidgets as widgets

    liste = widgets.Dropdown(options=paires, value=valeur, description=description,
                             style={"description_width": "initial"})
    sortie = widgets.Output()

    def _actualiser(_=None):
        sortie.clear_output(wait=True)
        with sortie:
            montrer(liste.value, **arguments)

    liste.observe(_actualiser, names="value")
    _display(widgets.VBox([liste, sortie]))
    _actualiser()


def saisir_texte(
    montrer: Callable[[str], None],
    description: str,
    valeur: str = "",
    interactif: bool | None = None,
    **arguments,
) -> None:
    """Une zone de texte et ce qu'elle montre (par exemple l'analyse SMART d'un objectif).

    En mode interactif, `montrer(texte, **arguments)` est rappelée à chaque clic sur « Analyser » ; en mode
    statique, elle est appelée une fois avec `valeur`.
    """
    if not mode_interactif(interactif):
        afficher_phrase(valeur, titre=description)
        montrer(valeur, **arguments)
        return
    import ipywidgets as widgets

    zone = widgets.Textarea(value=valeur, description=description, layout=widgets.Layout(width="95%", height="5em"),
                            style={"description_width": "initial"})
    bouton = widgets.Button(description="Analyser", button_style="primary")
    sortie = widgets.Output()

    def _actualiser(_=None):
        sortie.clear_output(wait=True)
        with sortie:
            montrer(zone.value, **arguments)

    bouton.on_click(_actualiser)
    _display(widgets.VBox([zone, bouton, sortie]))
    _actualiser()
