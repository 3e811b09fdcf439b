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

import numpy as np
import pandas as pd

from spaserlib.commun.erreurs import ErreurParametre

VARIABLE_MODE = "SPASER_INTERACTIF"

# Libellés lisibles des colonnes les plus courantes des tables du kit.
LIBELLES = {
    "annee": "Année",
    "montant_ht": "Montant HT",
    "montant": "Montant HT",
    "part": "Part",
    "part_cumulee": "Part cumulée",
    "rang": "Rang",
    "classe": "Classe",
    "fournisseur": "Fournisseur",
    "fournisseurs": "Fournisseurs",
    "famille": "Famille",
    "libelle": "Libellé",
    "libelle_famille": "Libellé de la famille",
    "quadrant": "Quadrant",
    "strategie": "Stratégie",
    "contrats": "Contrats",
    "marches": "Marchés",
    "nature": "Nature",
    "procedure": "Procédure",
    "objet": "Objet",
    "siret": "SIRET",
    "cpv": "CPV",
    "statut": "Statut",
    "reference": "Référence",
    "explication": "Explication",
    "valeur": "Valeur",
    "cible": "Cible",
    "echeance": "Échéance",
    "intitule": "Règle",
    "regle": "Règle",
    "date_application": "Applicable depuis le",
    "chiffre": "Chiffre calculé",
    "fiabilite": "Fiabilité",
    "source": "Source",
    "unite": "Unité",
    "objectif": "Objectif",
    "annee_derniere": "Dernière année",
    "derniere_valeur": "Dernière valeur",
    "tendance_par_an": "Tendance par an",
    "projection_echeance": "Projection à l'échéance",
    "dimension": "Dimension",
    "genre": "Genre",
    "tranche": "Tranche de montant",
    "public": "Public",
    "message": "Message",
    "canal": "Canal",
    "calendrier": "Calendrier",
    "porteur": "Porteur",
    "indicateur": "Indicateur",
    "part_nombre": "Part en nombre",
    "part_valeur": "Part en valeur",
    "contrats_avec": "Contrats avec",
    "contrats_inconnus": "Contrats inconnus (comptés à part)",
    "montant_net": "Montant net HT",
    "part_depense": "Part de la dépense",
    "enjeu_environnemental": "Enjeu environnemental (1 à 4)",
    "enjeu_social": "Enjeu social (1 à 4)",
}

# Formats nommés : le nom d'une fonction de spaserlib.commun.format_fr.
FORMATS = {"euros", "euros_courts", "pourcentage", "nombre"}


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


def _formateur(format_) -> Callable:
    if callable(format_):
        return format_
    if format_ not in FORMATS:
        raise ErreurParametre(
            f"Format de colonne inconnu : « {format_} ». Formats possibles : {', '.join(sorted(FORMATS))}, "
            "ou une fonction qui reçoit une valeur et rend un texte."
        )
    return getattr(importlib.import_module("spaserlib.commun.format_fr"), format_)


def libelle_colonne(nom: str) -> str:
    """Le libellé lisible d'une colonne : « montant_ht » -> « Montant HT », « nb_lignes » -> « Nb lignes »."""
    if nom in LIBELLES:
        return LIBELLES[nom]
    texte = str(nom).replace("_", " ").strip()
    return texte[:1].upper() + texte[1:]


def table_lisible(
    table: pd.DataFrame,
    formats: dict | None = None,
    libelles: dict | None = None,
    max_lignes: int | None = 20,
) -> pd.DataFrame:
    """Une copie de `table` prête à lire : valeurs formatées en texte, colonnes renommées, tronquée.

    formats   {colonne: "euros" | "euros_courts" | "pourcentage" | "nombre" | fonction} ;
    libelles  {colonne: libellé} qui complète ou remplace `LIBELLES` ;
    max_lignes  nombre de lignes gardées (None : toutes).
    """
    formats = formats or {}
    inconnues = [c for c in formats if c not in table.columns]
    if inconnues:
        raise ErreurParametre(
            f"Colonne(s) à formater absente(s) de la table : {', '.join(map(str, inconnues))}. "
            f"Colonnes présentes : {', '.join(map(str, table.columns))}."
        )
    vue = table if max_lignes is None else table.head(max_lignes)
    vue = vue.copy()
    for colonne, format_ in formats.items():
        fonction = _formateur(format_)
        vue[colonne] = [fonction(v) for v in vue[colonne]]
    noms = {**LIBELLES, **(libelles or {})}
    return vue.rename(columns={c: noms.get(c, libelle_colonne(c)) for c in vue.columns})


def avec_libelles_familles(table: pd.DataFrame) -> pd.DataFrame:
    """Ajoute le libellé de la famille à côté d'une colonne « famille » de codes de la nomenclature.

    Sans colonne « famille », ou si la table a déjà un « libelle », la table est rendue telle quelle.
    Un code inconnu de la nomenclature garde un libellé vide.
    """
    if "famille" not in table.columns or "libelle" in table.columns or "libelle_famille" in table.columns:
        return table
    from spaserlib.commun.nomenclature import familles

    libelles = familles().set_index("code")["libelle"]
    codes = table["famille"].astype("string")
    if not codes.isin(libelles.index).any():
        return table
    position = list(table.columns).index("famille") + 1
    table = table.copy()
    table.insert(position, "libelle_famille", codes.map(libelles).fillna(""))
    return table


def _choisir_colonnes(table: pd.DataFrame, colonnes) -> pd.DataFrame:
    if colonnes is None:
        return table
    absentes = [c for c in colonnes if c not in table.columns]
    if absentes:
        raise ErreurParametre(
            f"Colonne(s) absente(s) de la table : {', '.join(map(str, absentes))}. "
            f"Colonnes présentes : {', '.join(map(str, table.columns))}."
        )
    return table[list(colonnes)]


def _cellule_html(valeur) -> str:
    if valeur is None or (not isinstance(valeur, str) and pd.isna(valeur)):
        return "—"
    if isinstance(valeur, (bool, np.bool_)):
        return "oui" if valeur else "non"
    return html.escape(str(valeur))


def _table_html(vue: pd.DataFrame, droite: list[bool], index: bool = False) -> str:
    """Le HTML d'une table : texte échappé, nombres alignés à droite, texte à gauche (lisible)."""
    alignes = ["right" if d else "left" for d in droite]
    entetes = ([f'<th style="text-align:left">{_cellule_html(vue.index.name or "")}</th>'] if index else []) + [
        f'<th style="text-align:{a}">{_cellule_html(c)}</th>' for c, a in zip(vue.columns, alignes)
    ]
    lignes = []
    for etiquette, ligne in zip(vue.index, vue.itertuples(index=False)):
        cellules = ([f'<th style="text-align:left">{_cellule_html(etiquette)}</th>'] if index else []) + [
            f'<td style="text-align:{a}">{_cellule_html(v)}</td>' for v, a in zip(ligne, alignes)
        ]
        lignes.append("<tr>" + "".join(cellules) + "</tr>")
    return ('<table class="spaser-table"><thead><tr>' + "".join(entetes) + "</tr></thead><tbody>"
            + "".join(lignes) + "</tbody></table>")


def afficher_table(
    table: pd.DataFrame,
    titre: str | None = None,
    formats: dict | None = None,
    libelles: dict | None = None,
    max_lignes: int | None = 20,
    index: bool = False,
    colonnes: list | None = None,
) -> None:
    """Affiche une table lisible (montants et parts à la française, colonnes en clair).

    `colonnes` : les colonnes à montrer, dans l'ordre (par défaut toutes). Les codes de famille
    reçoivent leur libellé. Les lignes au-delà de `max_lignes` sont annoncées, jamais cachées.
    """
    if not isinstance(table, pd.DataFrame):
        raise ErreurParametre(
            f"afficher_table attend une table pandas (DataFrame), pas un objet de type {type(table).__name__}."
        )
    table = avec_libelles_familles(_choisir_colonnes(table, colonnes))
    vue = table_lisible(table, formats=formats, libelles=libelles, max_lignes=max_lignes)
    reste = len(table) - len(vue)
    droite = [pd.api.types.is_numeric_dtype(table[c]) and not pd.api.types.is_bool_dtype(table[c]) for c in table.columns]
    corps = _table_html(vue, droite, index=index)
    texte = vue.to_string(index=index, na_rep="—")
    entete_html = f"<p><strong>{html.escape(titre)}</strong></p>" if titre else ""
    entete_texte = f"{titre}\n" if titre else ""
    pied = ""
    if reste > 0:
        pied = f"… et {reste} ligne(s) de plus ({len(table)} au total)."
    elif table.empty:
        pied = "Aucune ligne."
    pied_html = f"<p><em>{html.escape(pied)}</em></p>" if pied else ""
    _afficher_html(entete_html + corps + pied_html, entete_texte + texte + ("\n" + pied if pied else ""))


def _euros_entiers(valeur) -> str:
    from spaserlib.commun.format_fr import euros

    return euros(valeur, 0)


def formats_automatiques(table: pd.DataFrame) -> dict:
    """Les formats déduits des noms de colonnes du kit : part… en pourcentage, montant… en euros,
    contrats…, lignes…, fournisseurs… en nombres (colonnes numériques seulement)."""
    formats = {}
    for colonne in table.columns:
        nom = str(colonne)
        if not pd.api.types.is_numeric_dtype(table[colonne]) or pd.api.types.is_bool_dtype(table[colonne]):
            continue
        if nom.startswith("part"):
            formats[colonne] = "pourcentage"
        elif nom.startswith("montant"):
            formats[colonne] = _euros_entiers
        elif nom.startswith(("contrats", "lignes", "fournisseurs", "nombre")):
            formats[colonne] = "nombre"
    return formats


def afficher_indicateur(indicateur, formats: dict | None = None, max_lignes: int | None = 20,
                        colonnes: list | None = None) -> None:
    """Affiche un indicateur du kit (nom, phrase qui le lit, table), montants et parts à la française.

    `indicateur` : tout objet qui a `nom`, `phrase` et `table` (par exemple `spaserlib.analyse.indicateurs.Indicateur`).
    `colonnes` : les colonnes de la table à montrer (par défaut toutes).
    """
    table = _choisir_colonnes(indicateur.table, colonnes)
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


def afficher_figure(figure) -> None:
    """Affiche une figure matplotlib en image PNG, puis la ferme.

    Le PNG est produit ici, sans dépendre du moteur de rendu du noyau : la figure s'affiche de la
    même façon dans JupyterLab, sous papermill et dans les rapports, une seule fois, et la mémoire
    est libérée (figures pyplot comme figures `matplotlib.figure.Figure` autonomes).
    """
    import base64

    titre = ""
    if getattr(figure, "axes", None):
        titre = figure.axes[0].get_title() or ""
    if not titre and getattr(figure, "_suptitle", None) is not None:
        titre = figure._suptitle.get_text()
    donnees = base64.b64encode(image_png(figure)).decode("ascii")
    _display({"image/png": donnees, "text/plain": f"Figure : {titre}" if titre else "Figure"}, raw=True)
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
