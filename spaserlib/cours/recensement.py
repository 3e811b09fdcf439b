"""Le recensement de l'existant avant d'écrire un SPASER (module 3, notebook 03.01) : une liste de contrôle.

Les éléments sont des données (`spaserlib/donnees/recensement.yaml`) : politiques déjà adoptées, plan
climat, Agenda 2030, clauses déjà employées, DECP publiées, données disponibles, personnes référentes,
réseaux… Chacun dit où le trouver et ce qu'il apporte au schéma.

    elements_recensement(chemin=None) -> DataFrame       la liste validée (ErreurDonnees sinon)
    bilan_recensement(rassembles, elements=None) -> Bilan  « x sur n », et ce qu'il reste à rassembler
    phrase_recensement(bilan) -> str
    liste_recensement(rassembles, interactif)            les cases à cocher et leur bilan, mis à jour à chaque
                                                         case ; sans écran, le bilan de `rassembles`

`rassembles` est la liste des identifiants des éléments déjà en main (par exemple ["politiques", "decp"]).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from spaserlib.commun.ressources import liste_yaml
from spaserlib.commun.erreurs import ErreurDonnees, ErreurParametre, Probleme

CHAMPS = ("id", "rubrique", "libelle", "ou", "pourquoi")


@dataclass(frozen=True)
class Bilan:
    """`table` : les éléments avec la colonne booléenne `rassemble` ; `rassembles` et `total` : x sur n ;
    `a_rassembler` : les éléments qui manquent, dans l'ordre de la liste."""

    table: pd.DataFrame
    rassembles: int
    total: int

    @property
    def a_rassembler(self) -> pd.DataFrame:
        return self.table[~self.table["rassemble"]].reset_index(drop=True)


def elements_recensement(chemin: str | Path | None = None) -> pd.DataFrame:
    """Les éléments de la liste du kit (ou du fichier `chemin`), validés : colonnes `CHAMPS`, dans l'ordre
    du fichier. Lève `ErreurFichier` si le fichier est illisible, `ErreurDonnees` en listant chaque élément
    fautif (identifiant, champ, quoi faire)."""
    nom, donnees, entrees = liste_yaml(chemin, "recensement.yaml", "elements")
    problemes, vus = [], set()
    for rang, entree in enumerate(entrees, 1):
        if not isinstance(entree, dict):
            problemes.append(Probleme(nom, None, f"élément n° {rang}", None, "l'élément n'est pas une fiche « champ: valeur ».",
                                      "Écrivez « - id: …, rubrique: …, libelle: …, ou: …, pourquoi: … ».", code="recensement_invalide"))
            continue
        ident = entree.get("id")
        lieu = str(ident or f"élément n° {rang}")
        for champ in CHAMPS:
            valeur = entree.get(champ)
            if not isinstance(valeur, str) or not valeur.strip():
                problemes.append(Probleme(nom, None, f"{lieu} / {champ}", None, f"le champ « {champ} » manque ou est vide.",
                                          "Complétez l'élément dans le fichier.", code="recensement_invalide"))
        if isinstance(ident, str) and (" " in ident or ident in vus):
            problemes.append(Probleme(nom, None, f"{lieu} / id", ident, "identifiant déjà employé ou contenant une espace.",
                                      "Donnez à chaque élément un identifiant unique, sans espace.", code="recensement_invalide"))
        vus.add(ident)
    if problemes:
        raise ErreurDonnees(problemes)
    return pd.DataFrame([{c: str(e[c]).strip() for c in CHAMPS} for e in entrees], columns=list(CHAMPS))


def bilan_recensement(rassembles, elements: pd.DataFrame | None = None) -> Bilan:
    """Le bilan du recensement pour les éléments `rassembles` (liste d'identifiants, vide si rien n'est encore
    en main). Lève `ErreurParametre` pour un identifiant inconnu ou si ce n'est pas une liste. La liste
    donnée n'est pas modifiée."""
    elements = elements_recensement() if elements is None else elements
    if rassembles is None:
        rassembles = []
    if isinstance(rassembles, str) or not isinstance(rassembles, (list, tuple, set, frozenset)):
        raise ErreurParametre(
            f"Les éléments rassemblés doivent former une liste d'identifiants, par exemple [\"politiques\", \"decp\"], "
            f"pas « {rassembles!r} »."
        )
    connus = list(elements["id"])
    inconnus = [str(i) for i in rassembles if i not in connus]
    if inconnus:
        raise ErreurParametre(f"Élément(s) inconnu(s) : {', '.join(f'« {i} »' for i in inconnus)}. "
                              f"Identifiants de la liste : {', '.join(connus)}.")
    table = elements.copy()
    table["rassemble"] = table["id"].isin(set(rassembles))
    return Bilan(table=table, rassembles=int(table["rassemble"].sum()), total=len(table))


def phrase_recensement(bilan: Bilan) -> str:
    """« 5 sur 15 éléments rassemblés. À rassembler ensuite, en priorité : … »."""
    texte = f"{bilan.rassembles} sur {bilan.total} éléments rassemblés."
    if bilan.rassembles == bilan.total:
        return texte + " Le recensement est complet : vous pouvez passer au diagnostic chiffré."
    manquants = bilan.a_rassembler
    par_rubrique = manquants.groupby("rubrique", sort=False).size()
    detail = ", ".join(f"{rubrique.lower()} : {n}" for rubrique, n in par_rubrique.items())
    return (f"{texte} Il en reste {len(manquants)} à rassembler ({detail}) ; la table ci-dessous dit où les trouver "
            "et ce que chacun apporte au schéma.")


def montrer_bilan(rassembles, elements: pd.DataFrame | None = None) -> Bilan:
    """Affiche le bilan (phrase) et la table de ce qu'il reste à rassembler ; rend le bilan."""
    from spaserlib.cours.affichage import afficher_phrase, afficher_table

    bilan = bilan_recensement(rassembles, elements)
    afficher_phrase(phrase_recensement(bilan), titre="Recensement de l'existant")
    if bilan.rassembles < bilan.total:
        afficher_table(bilan.a_rassembler, titre="À rassembler ensuite", colonnes=["rubrique", "libelle", "ou", "pourquoi"],
                       libelles={"rubrique": "Rubrique", "libelle": "Élément", "ou": "Où le trouver",
                                 "pourquoi": "Ce qu'il apporte"}, max_lignes=None)
    return bilan


def liste_recensement(rassembles=None, interactif: bool | None = None, elements: pd.DataFrame | None = None) -> None:
    """La liste de contrôle. En mode interactif : une case à cocher par élément (rangées par rubrique),
    cochée d'avance pour les éléments de `rassembles`, et le bilan « x sur n » avec ce qu'il reste à
    rassembler, mis à jour à chaque case. En mode statique : le bilan de `rassembles`, sans widget."""
    from spaserlib.cours.affichage import _display, mode_interactif

    elements = elements_recensement() if elements is None else elements
    bilan_recensement(rassembles, elements)  # une liste fausse est signalée avant tout affichage
    if not mode_interactif(interactif):
        montrer_bilan(rassembles, elements)
        return
    import ipywidgets as widgets

    deja = set(rassembles or [])
    cases = {ident: widgets.Checkbox(value=ident in deja, description=libelle, indent=False,
                                     layout=widgets.Layout(width="98%"))
             for ident, libelle in zip(elements["id"], elements["libelle"])}
    blocs = []
    for rubrique in dict.fromkeys(elements["rubrique"]):
        blocs.append(widgets.HTML(f"<strong>{_echapper(rubrique)}</strong>"))
        blocs += [cases[i] for i in elements.loc[elements["rubrique"] == rubrique, "id"]]
    sortie = widgets.Output()

    def _actualiser(_=None):
        sortie.clear_output(wait=True)
        with sortie:
            montrer_bilan([i for i, case in cases.items() if case.value], elements)

    for case in cases.values():
        case.observe(_actualiser, names="value")
    _display(widgets.VBox([*blocs, sortie]))
    _actualiser()


def _echapper(texte: str) -> str:
    import html

    return html.escape(str(texte))
