"""Repérage des objectifs dans un document : quelles phrases énoncent un objectif, et lesquelles non.

Un document (feuille de route, politique d'achats, SPASER) mêle des objectifs, des intentions, du
contexte, des titres et des introductions de listes. Les règles sont lisibles et chaque phrase garde
sa raison :

- un titre, une introduction de liste (finie par « : ») ou une phrase très courte n'est pas un objectif ;
- une phrase au passé ou au présent de constat (« a consacré », « représente ») est du contexte ;
- une phrase est un objectif si elle porte une cible (un pourcentage, un nombre, « tous les marchés »,
  repérés par `extraction.extraire`) ET un engagement (verbe mesurable : atteindre, porter, réduire,
  former, intégrer…, ou tout infinitif d'action en tête d'élément : « Confier 8 % … ») ou une échéance ;
  une cible sans engagement ni échéance, ou un verbe d'intention sans cible (« favoriser »), n'en est pas un.

Les titres au-dessus d'une phrase lui donnent un contexte : une année (« 2027 », « Horizon 2028 »)
devient l'échéance d'une phrase qui n'en a pas, un axe (« Axe 2 – Achats socialement responsables »)
devient son axe s'il n'en a pas.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

import pandas as pd

from spaserlib.objectifs.extraction import extraire, normaliser
from spaserlib.objectifs.smart import AXES, CRITERES, analyser_objectif

_CONSTAT = re.compile(
    r"\b(?:a|ont|avait|avaient) (?:ete|consacre|atteint|represente|engage|depense|notifie|passe|realise|adopte|"
    r"integre|forme|mis|permis|pu|connu|vote|lance|signe)\b|\b(?:represent|s'elev|compt|concern|totalis)(?:e|ent|ait|aient)\b|"
    r"\b(?:etai(?:en)?t|est|sont) (?:de|d'environ|d'|estime|passe|reste)\b")
_FUTUR = re.compile(r"\bd'ici\b|\ba l'horizon\b|\bau plus tard\b|\bavant (?:le |la |fin )|\bobjectif\b|\bcible\b|"
                    r"\bs'engage\w*\b|\bnous (?:atteindrons|porterons|reduirons|formerons|integrerons)\b|\w+(?:era|eront|erons)\b")
# Verbes d'engagement mesurable que `extraction.ENGAGEMENTS` ne compte pas (à l'infinitif, en tête d'item).
_ENGAGEMENTS_EN_PLUS = re.compile(r"^(?:inserer|appliquer|equiper|generaliser|publier|labelliser|recourir|"
                                  r"mobiliser|financer|installer|convertir|certifier)\b")
# Un infinitif en tête (« confier », « équiper », « produire ») ; les verbes d'intention (« favoriser »)
# sont écartés par `extraction.INTENTIONS`.
_INFINITIF_EN_TETE = re.compile(r"^[a-z]{3,}(?:er|ir|re)\b")
_ANNEE = re.compile(r"\b(20[2-4]\d)\b")
_MOTS_MIN = 5


@dataclass
class Phrase:
    """Une phrase du document, son contexte (les titres au-dessus), et le verdict du repérage."""

    texte: str
    genre: str
    titres: tuple[str, ...]
    objectif: bool = False
    raison: str = ""


def _phrases(texte: str) -> list[str]:
    """Coupe un bloc en phrases (point, point d'exclamation ou d'interrogation suivi d'une majuscule),
    sans couper « M€. », « art. L2111-3 » ni un nombre décimal."""
    morceaux = re.split(r"(?<=[.!?])\s+(?=[A-ZÀ-Ý«])", texte)
    phrases: list[str] = []
    for m in morceaux:
        if phrases and re.search(r"\b(?:art|cf|p|n°|M|Mme|ex)\.$", phrases[-1]):
            phrases[-1] += " " + m
        else:
            phrases.append(m)
    return [p.strip() for p in phrases if p.strip()]


def classer_phrase(texte: str, *, aujourd_hui: date | None = None) -> tuple[bool, str]:
    """(objectif ?, raison en français) pour une phrase seule, selon les règles du module."""
    norm, _ = normaliser(texte)
    if texte.rstrip().endswith(":"):
        return False, "introduction de liste"
    if len(norm.split()) < _MOTS_MIN:
        return False, "phrase trop courte"
    ex = extraire(texte, aujourd_hui=aujourd_hui)
    cibles = ex.nombres_de_role("cible", "relative", "ponderation") + ex.totalites
    futur = bool(_FUTUR.search(norm) or _ANNEE.search(norm))
    engagement = ex.engagements[0].extrait if ex.engagements else (texte[:m.end()] if (m := _ENGAGEMENTS_EN_PLUS.search(norm)) else None)
    if engagement is None and (m := _INFINITIF_EN_TETE.match(norm)) and not any(i.debut == 0 for i in ex.intentions):
        engagement = texte[:m.end()]  # « Confier 8 % … » : un élément de liste qui commence par un verbe d'action
    if _CONSTAT.search(norm) and not _FUTUR.search(norm):
        return False, "constat (contexte)"
    if not cibles:
        if ex.intentions:
            return False, f"intention sans cible (« {ex.intentions[0].extrait} »)"
        return False, "aucune cible chiffrée"
    if engagement:
        return True, f"cible « {cibles[0].extrait} » et engagement « {engagement} »"
    if futur:
        return True, f"cible « {cibles[0].extrait} » avec une échéance"
    return False, f"cible « {cibles[0].extrait} » sans engagement ni échéance"


def reperer_objectifs(blocs, *, aujourd_hui: date | None = None) -> list[Phrase]:
    """Toutes les phrases des `blocs` (voir `lecture.documents_texte.Bloc`), chacune classée objectif ou non,
    avec les titres qui la précèdent (du plus haut au plus proche)."""
    pile: list[tuple[int, str]] = []
    phrases: list[Phrase] = []
    introduction = None  # « … les objectifs suivants pour 2027 : » donne son contexte aux éléments de liste qui suivent
    for bloc in blocs:
        if bloc.genre == "titre":
            pile = [(n, t) for n, t in pile if n < bloc.niveau] + [(bloc.niveau, bloc.texte)]
            phrases.append(Phrase(bloc.texte, "titre", tuple(t for _, t in pile[:-1]), False, "titre"))
            introduction = None
            continue
        if bloc.genre != "liste":
            introduction = None
        titres = tuple(t for _, t in pile) + ((introduction,) if introduction else ())
        for p in _phrases(bloc.texte):
            objectif, raison = classer_phrase(p, aujourd_hui=aujourd_hui)
            phrases.append(Phrase(p, bloc.genre, titres, objectif, raison))
            if p.rstrip().endswith(":"):
                introduction = p
    return phrases


def _annee_du_contexte(titres) -> int | None:
    for titre in reversed(titres):
        if annees := _ANNEE.findall(titre):  # « 2025-2028 » : la fin de la période
            return int(annees[-1])
    return None


def _axe_du_contexte(titres) -> str | None:
    for titre in reversed(titres):
        axes = Counter(t.valeur for t in extraire(titre).themes if t.valeur in ("social", "environnement", "economie"))
        if axes:
            return AXES[axes.most_common(1)[0][0]]
    return None


COLONNES = ["texte", "contexte", *CRITERES, "smart", "axe", "indicateur", "cible", "unite", "echeance",
            "echeance_du_contexte", "raison"]


def tableau_objectifs(blocs, *, aujourd_hui: date | None = None) -> pd.DataFrame:
    """Les objectifs repérés dans les `blocs`, un par ligne, analysés (`smart.analyser_objectif`) : verdicts
    SMART, axe, indicateur, cible, échéance. Une phrase sans échéance sous un titre daté (« 2027 ») est
    analysée avec « , d'ici 2027 » ajouté (`echeance_du_contexte` vaut alors vrai)."""
    lignes = []
    for p in reperer_objectifs(blocs, aujourd_hui=aujourd_hui):
        if not p.objectif:
            continue
        a, du_contexte = analyser_objectif(p.texte, aujourd_hui=aujourd_hui), False
        annee = _annee_du_contexte(p.titres)
        if annee and a.objectif.echeance is None:
            a, du_contexte = analyser_objectif(f"{p.texte.rstrip(' .;')}, d'ici {annee}.", aujourd_hui=aujourd_hui), True
        o = a.objectif
        lignes.append({"texte": p.texte, "contexte": " › ".join(p.titres), **a.niveaux, "smart": a.est_smart,
                       "axe": o.axe or _axe_du_contexte(p.titres), "indicateur": o.indicateur, "cible": o.cible,
                       "unite": o.unite, "echeance": o.echeance, "echeance_du_contexte": du_contexte,
                       "raison": p.raison})
    return pd.DataFrame(lignes, columns=COLONNES)


def objectifs_du_document(chemin, *, aujourd_hui: date | None = None) -> pd.DataFrame:
    """Le tableau des objectifs (`tableau_objectifs`) d'un document DOCX, ODT, PDF ou texte.

    Lève ErreurFichier si le document est illisible, chiffré, scanné, vide ou d'une extension inconnue."""
    from spaserlib.lecture.documents_texte import lire_document

    return tableau_objectifs(lire_document(chemin), aujourd_hui=aujourd_hui)
