"""Les planchers légaux d'un objectif : une cible sous ce que la loi impose déjà est signalée.

Depuis le 21 août 2026 (décret n° 2022-767, loi n° 2021-1104 « Climat et résilience », art. 35),
toute consultation engagée à partir de cette date comporte :
- au moins un critère d'attribution environnemental (art. L2152-7 CCP) et des conditions
  d'exécution environnementales (art. L2112-2 CCP) : la part des marchés issus de ces
  consultations avec une considération environnementale est donc de 100 % par obligation ;
- des conditions d'exécution sociales pour les marchés dont la valeur estimée atteint les seuils
  européens (art. L2112-2-1 CCP, sauf exceptions) : 100 % de ces marchés-là.

`plancher_legal(objectif, aujourd_hui=...)` rend un `Plancher` quand la cible d'un objectif en part
des marchés (en nombre ou en valeur) est sous ce plancher à son échéance, ou quand elle ne fait que
le reprendre (objectif de conformité, pas d'ambition) ; None sinon. Les dates, les articles et
leur fiabilité viennent de ``spaserlib/donnees/regles_juridiques.yaml`` : une règle dont la date
n'est pas encore atteinte à l'échéance n'est pas un plancher. Le message rappelle la nuance : la
règle s'applique aux consultations engagées depuis la date, pas aux marchés en cours.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date

import yaml

from spaserlib.commun.format_fr import pourcentage
from spaserlib.commun.ressources import fichier_reference
from spaserlib.objectifs.extraction import normaliser
from spaserlib.objectifs.modele import Objectif

UNITES_PART = ("part_nombre", "part_valeur")
# Un objectif « au-dessus des seuils européens » : le plancher social ne vaut que pour ces marchés.
_SEUILS_EUROPEENS = r"seuils? (europeens?|communautaires?|ue\b)|procedures? formalisees?"
_SOCIAL = r"social|insertion|emploi|reserve|handicap|siae|esat"
_ENVIRONNEMENT = r"environnement|ecolog|climat|carbone|energ|recycl|reemploi|\bvert"
# La loi impose une clause ou un critère dans des contrats : le plancher ne vaut que pour une part de
# contrats (ou de consultations) qui portent une telle disposition, pas pour une part d'achats d'un
# produit (« part des denrées en circuit court », « part de véhicules électriques »).
_CONTRATS = r"\b(marches?|contrats?|consultations?|procedures?|accords?-cadres?)\b"
_DISPOSITIONS = r"\b(criteres?|clauses?|conditions?|considerations?|dispositions?|volets?)\b"

# Les règles dont découle chaque plancher (identifiants de regles_juridiques.yaml).
REGLES = {
    "environnementale": ("critere_environnemental", "conditions_environnementales"),
    "sociale": ("conditions_sociales",),
}


@dataclass(frozen=True)
class Plancher:
    """Un plancher légal qui concerne un objectif.

    genre       « environnementale » ou « sociale » ;
    depuis      date d'application de la règle ;
    references  les articles (texte de regles_juridiques.yaml) ;
    cible       la cible de l'objectif (en %) ;
    conformite  vrai si la cible reprend le plancher (100 %) au lieu d'être sous lui ;
    message     la phrase à montrer, en français.
    """

    genre: str
    depuis: date
    references: str
    cible: float
    conformite: bool
    message: str


@functools.cache
def _regles() -> dict[str, dict]:
    contenu = yaml.safe_load(fichier_reference("regles_juridiques.yaml").read_text(encoding="utf-8"))
    return {r["id"]: r for r in contenu["regles"]}


def _date(valeur) -> date:
    return valeur if isinstance(valeur, date) else date.fromisoformat(str(valeur))


def _genre(objectif: Objectif) -> str | None:
    if objectif.extras.get("consideration") in REGLES:
        return objectif.extras["consideration"]
    texte = normaliser(" ".join(filter(None, [objectif.libelle, objectif.indicateur, objectif.axe])))[0]
    social, env = re.search(_SOCIAL, texte), re.search(_ENVIRONNEMENT, texte)
    if env and not social:
        return "environnementale"
    if social and not env:
        return "sociale"
    return None


def _porte_sur_des_clauses_de_contrats(objectif: Objectif) -> bool:
    if objectif.extras.get("consideration") in REGLES:
        return True
    texte = normaliser(" ".join(filter(None, [objectif.libelle, objectif.indicateur])))[0]
    return bool(re.search(_CONTRATS, texte) and re.search(_DISPOSITIONS, texte))


def _au_dessus_des_seuils(objectif: Objectif) -> bool:
    texte = normaliser(" ".join(filter(None, [objectif.libelle, objectif.perimetre, objectif.indicateur])))[0]
    return bool(re.search(_SEUILS_EUROPEENS, texte))


def _date_francaise(jour: date) -> str:
    mois = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
            "novembre", "décembre"][jour.month - 1]
    return f"{'1er' if jour.day == 1 else jour.day} {mois} {jour.year}"


def plancher_legal(objectif: Objectif, *, aujourd_hui: date | None = None) -> Plancher | None:
    """Le plancher légal que la cible de l'objectif n'atteint pas (ou ne fait que reprendre), ou None.

    Ne juge que les objectifs en part des marchés (unités part_nombre, part_valeur) dotés d'une clause,
    d'un critère ou d'une considération (pas une part d'achats d'un produit), qui portent sur une
    seule considération (sociale ou environnementale) et ont une cible. La date retenue est l'échéance
    de l'objectif, sinon `aujourd_hui` (aujourd'hui par défaut).
    """
    if objectif.unite not in UNITES_PART or objectif.cible is None or not _porte_sur_des_clauses_de_contrats(objectif):
        return None
    genre = _genre(objectif)
    if genre is None or (genre == "sociale" and not _au_dessus_des_seuils(objectif)):
        return None
    regles = [_regles()[i] for i in REGLES[genre]]
    depuis = max(_date(r["date_application"]) for r in regles)
    quand = objectif.echeance or aujourd_hui or date.today()
    if quand < depuis:
        return None
    references = " ; ".join(r["reference"].split(" (")[0] for r in regles)
    cible = float(objectif.cible)
    if cible > 100:
        return None
    nuance = (f"La règle vaut pour les consultations engagées depuis le {_date_francaise(depuis)}, pas pour les marchés "
              "déjà en cours : mesurez l'indicateur sur les marchés issus de ces consultations.")
    if genre == "environnementale":
        regle = ("toute consultation doit comporter un critère d'attribution et des conditions d'exécution "
                 "environnementaux")
    else:
        regle = ("tout marché dont la valeur atteint les seuils européens doit comporter des conditions "
                 "d'exécution sociales, sauf exceptions")
    if cible >= 100:
        message = (f"Objectif de conformité : depuis le {_date_francaise(depuis)}, {regle} ({references}). "
                   f"Une cible de {pourcentage(cible / 100)} reprend l'obligation légale ; visez plutôt au-delà "
                   f"(pondération des critères, part des achats, résultats mesurés). {nuance}")
        return Plancher(genre, depuis, references, cible, True, message)
    message = (f"Cible sous le plancher légal : depuis le {_date_francaise(depuis)}, {regle} ({references}). "
               f"À l'échéance, une cible de {pourcentage(cible / 100)} est en dessous de ce que la loi impose "
               f"(100 % des marchés concernés). {nuance}")
    return Plancher(genre, depuis, references, cible, False, message)
