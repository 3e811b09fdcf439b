"""Stratégies d'achat par quadrant de Kraljic, traduites en commande publique française.

Les textes sont des données (`spaserlib/donnees/strategies_kraljic.yaml`), avec, pour chaque
pratique et chaque levier d'achats responsables, les articles du Code de la commande publique
qui s'y rattachent. Chaque article porte un statut : vérifié dans une copie publique du texte,
ou « référence à vérifier » (affiché tel quel à l'utilisateur).

Attention : la traduction des stratégies de Kraljic en pratiques publiques est un consensus de
praticiens, sans source officielle unique (`AVERTISSEMENT`).
"""

from __future__ import annotations

from importlib import resources

import pandas as pd
import yaml

QUADRANTS = ("stratégiques", "leviers", "critiques", "simples")


def _charger() -> dict:
    texte = resources.files("spaserlib").joinpath("donnees/strategies_kraljic.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(texte)


_DONNEES = _charger()
AVERTISSEMENT: str = _DONNEES["avertissement"]
ARTICLES: dict = _DONNEES["articles"]
STRATEGIES: dict = _DONNEES["quadrants"]


def citer(reference: str) -> str:
    """« L2113-10 » -> « art. L2113-10 CCP » ; un article non confirmé porte « référence à vérifier »."""
    article = ARTICLES.get(reference)
    if article is None:
        return f"{reference} (référence à vérifier)"
    texte = article.get("citation") or f"art. {reference} CCP"
    if article.get("statut") != "verifie":
        texte += " (référence à vérifier)"
    return texte


def _ligne(item: dict) -> str:
    refs = [citer(r) for r in item.get("references") or []]
    return item["texte"] + (f" [{' ; '.join(refs)}]" if refs else "")


def pratiques_en_texte(quadrant: str) -> str:
    """Les pratiques de la commande publique du quadrant, une par ligne, avec leurs articles."""
    return "\n".join(_ligne(i) for i in STRATEGIES[quadrant]["pratique_publique"])


def leviers_en_texte(quadrant: str) -> str:
    """Les leviers d'achats responsables du quadrant, un par ligne, avec leurs articles."""
    return "\n".join(_ligne(i) for i in STRATEGIES[quadrant]["leviers_responsables"])


def table_strategies() -> pd.DataFrame:
    """Toutes les recommandations à plat : quadrant, genre (pratique / levier), texte, références."""
    lignes = []
    for quadrant in QUADRANTS:
        fiche = STRATEGIES[quadrant]
        lignes.append((quadrant, "stratégie d'achat", fiche["strategie_achat"].strip(), fiche["source_strategie"]))
        for genre, cle in (("pratique de la commande publique", "pratique_publique"),
                           ("levier d'achats responsables", "leviers_responsables")):
            for item in fiche[cle]:
                refs = " ; ".join(citer(r) for r in item.get("references") or [])
                lignes.append((quadrant, genre, item["texte"], refs))
    return pd.DataFrame(lignes, columns=["quadrant", "genre", "texte", "references"])


def clauses_par_famille(famille: str) -> list[str]:
    """Les clauses et critères types de la bibliothèque (`spaserlib.analyse.clauses`) pour une famille,
    un par ligne : « identifiant — genre (dimension) : début du texte ». Liste vide si la bibliothèque
    n'a rien pour cette famille ; ErreurParametre si le code est inconnu."""
    from spaserlib.analyse.clauses import clauses

    table = clauses(famille=famille)
    return [f"{l.id} — {l.genre} ({l.dimension}) : {_debut(l.texte)}" for l in table.itertuples()]


def _debut(texte: str, longueur: int = 120) -> str:
    texte = " ".join(texte.split())
    return texte if len(texte) <= longueur else texte[:longueur].rsplit(" ", 1)[0] + " …"
