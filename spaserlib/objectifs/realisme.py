"""Le réalisme d'un objectif confronté aux données de l'acheteur (marchés notifiés, dépenses).

`evaluer_realisme(objectif, marches=..., achats=...)` calcule, quand c'est possible :
- la valeur de référence de l'indicateur (part des contrats avec une considération sociale ou
  environnementale, en nombre ou en valeur ; nombre de ces contrats ; montant des achats d'une
  famille), année par année de notification (ou de dépense) ;
- la progression annuelle que la cible exige d'ici son échéance ;
- la progression observée sur les années passées (pente des moindres carrés) ;
et dit si la cible est peu ambitieuse (déjà atteinte), à la portée du rythme observé, exigeante
(il faut aller jusqu'à deux fois plus vite) ou hors de portée au rythme observé.

Les considérations inconnues (NA des colonnes consideration_sociale / consideration_environnementale)
sont exclues du dénominateur et comptées à part : elles ne valent jamais « non ».
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date

import pandas as pd

from spaserlib.commun import format_fr
from spaserlib.commun.erreurs import ErreurParametre
from spaserlib.objectifs.extraction import normaliser
from spaserlib.objectifs.modele import Objectif
from spaserlib.objectifs.planchers import plancher_legal

VERDICTS = {
    "peu_ambitieux": "peu ambitieuse",
    "atteignable": "à la portée du rythme observé",
    "exigeant": "exigeante",
    "hors_de_portee": "hors de portée au rythme observé",
    "indetermine": "impossible à juger avec ces données",
    "obligation_legale": "imposée par la loi (objectif de conformité)",
}
FACTEUR_EXIGEANT = 2.0  # au-delà de deux fois le rythme observé, la cible est jugée hors de portée

_SOCIAL = r"social|insertion|reserve|handicap|discrimin|egalite|esat|siae|entreprises? adaptees?"
_ENVIRONNEMENT = r"environnement|ecolog|climat|carbone|\bges\b|emission|energ|recycl|reemploi|biosourc|durable|\bvert"


@dataclass
class Realisme:
    """Ce que les données disent d'un objectif. Les parts sont en pourcentage (0 à 100)."""

    verdict: str
    message: str
    indicateur: str | None = None
    unite: str | None = None
    valeur_reference: float | None = None
    annee_reference: int | None = None
    cible: float | None = None
    annee_echeance: int | None = None
    progression_requise: float | None = None
    progression_observee: float | None = None
    serie: dict[int, float] = field(default_factory=dict)
    effectifs: dict[int, int] = field(default_factory=dict)
    inconnus: int = 0
    annees_sans_donnees: list[int] = field(default_factory=list)
    plancher: str | None = None  # le plancher légal que la cible n'atteint pas ou reprend (`planchers`)

    @property
    def libelle(self) -> str:
        return VERDICTS[self.verdict]

    def en_dict(self) -> dict:
        d = asdict(self)
        d["libelle"] = self.libelle
        d["serie"] = {str(k): v for k, v in self.serie.items()}
        d["effectifs"] = {str(k): v for k, v in self.effectifs.items()}
        return d


# --- Mise en forme française --------------------------------------------------------------------

def _nombre(x: float, decimales: int = 1) -> str:
    texte = format_fr.nombre(x, decimales)
    return texte[: -(decimales + 1)] if decimales and texte.endswith("," + "0" * decimales) else texte


def _valeur(x: float, unite: str | None) -> str:
    if unite in ("part_nombre", "part_valeur", "pourcentage"):
        return format_fr.pourcentage(x / 100)
    if unite == "valeur_euros":
        return format_fr.euros_courts(x)
    if unite == "nombre_contrats":
        return f"{_nombre(x)} contrat(s)"
    return _nombre(x)


def _rythme(x: float, unite: str | None) -> str:
    if unite in ("part_nombre", "part_valeur", "pourcentage"):
        return f"{_nombre(x)} point(s) par an"
    return f"{_valeur(x, unite)} par an"


# --- Séries annuelles ---------------------------------------------------------------------------

def _consideration(objectif: Objectif) -> str | None:
    """La colonne de considération que vise l'objectif, d'après ses textes (ou extras["consideration"])."""
    if objectif.extras.get("consideration"):
        return objectif.extras["consideration"]
    texte = normaliser(" ".join(filter(None, [objectif.libelle, objectif.indicateur, objectif.axe])))[0]
    social, env = re.search(_SOCIAL, texte), re.search(_ENVIRONNEMENT, texte)
    if social and env:
        return "sociale_ou_environnementale"
    return "sociale" if social else "environnementale" if env else None


def _colonne_consideration(marches: pd.DataFrame, genre: str) -> pd.Series:
    manque = [c for c in ("consideration_sociale", "consideration_environnementale") if c not in marches.columns
              and genre in (c.split("_")[1], "sociale_ou_environnementale")]
    if manque:
        raise ErreurParametre(f"La table marches n'a pas la colonne « {manque[0]} ». "
                              "Lisez les marchés avec le kit (table canonique marches) avant d'évaluer le réalisme.")
    if genre == "sociale_ou_environnementale":
        s = marches["consideration_sociale"].astype("boolean")
        e = marches["consideration_environnementale"].astype("boolean")
        return s | e  # logique de Kleene : vrai si l'une est vraie, inconnu si rien n'est sûr
    return marches[f"consideration_{genre}"].astype("boolean")


def _perimetre(table: pd.DataFrame, objectif: Objectif) -> tuple[pd.DataFrame, str]:
    famille = objectif.extras.get("famille") or objectif.perimetre
    if famille and "famille" in table.columns:
        codes = table["famille"].astype("string").str.strip().str.casefold()
        masque = codes == str(famille).strip().casefold()
        if masque.any():
            return table[masque.fillna(False)], f"famille « {famille} »"
    return table, ""


def _note_perimetre(objectif: Objectif, perimetre: str) -> str:
    generique = r"(?:les |des |nos )?(?:marches|contrats|achats)(?: notifies| publics)?"
    if perimetre or not objectif.perimetre or re.fullmatch(generique, normaliser(objectif.perimetre.strip())[0]):
        return ""
    return (f" Le périmètre « {objectif.perimetre} » n'est pas un code de famille des données : "
            "le calcul porte sur tous les contrats.")


def _annees(dates: pd.Series) -> pd.Series:
    return pd.to_datetime(dates, errors="coerce").dt.year


def _serie_marches(marches: pd.DataFrame, objectif: Objectif, genre: str):
    table, perimetre = _perimetre(marches, objectif)
    annees = _annees(table["date_notification"])
    valeur = _colonne_consideration(table, genre)
    connus = valeur.notna() & annees.notna()
    inconnus = int((valeur.isna() & annees.notna()).sum())
    serie, effectifs = {}, {}
    for annee in sorted(annees.dropna().astype(int).unique()):
        dans = (annees == annee) & connus
        effectifs[int(annee)] = int(dans.sum())
        if not dans.any():
            continue
        oui = valeur[dans].astype(bool)
        if objectif.unite == "part_valeur":
            montants = pd.to_numeric(table.loc[dans, "montant_ht"], errors="coerce")
            total = montants.sum()
            if total > 0:
                serie[int(annee)] = float(100 * montants[oui].sum() / total)
        elif objectif.unite == "nombre_contrats":
            serie[int(annee)] = float(oui.sum())
        else:
            serie[int(annee)] = float(100 * oui.mean())
    indicateur = {"nombre_contrats": "nombre de contrats", "part_valeur": "part des contrats en valeur"}.get(
        objectif.unite, "part des contrats en nombre")
    indicateur += f" avec une considération {genre.replace('_ou_', ' ou ')}"
    return serie, effectifs, inconnus, indicateur + (f", {perimetre}" if perimetre else "")


def _serie_achats(achats: pd.DataFrame, objectif: Objectif):
    table, perimetre = _perimetre(achats, objectif)
    if not perimetre:
        return None
    annees = _annees(table["date"])
    montants = pd.to_numeric(table["montant_ht"], errors="coerce")
    serie = {int(a): float(montants[annees == a].sum()) for a in sorted(annees.dropna().astype(int).unique())}
    effectifs = {int(a): int((annees == a).sum()) for a in serie}
    return serie, effectifs, 0, f"montant des achats HT, {perimetre}"


def _pente(serie: dict[int, float]) -> float | None:
    if len(serie) < 2:
        return None
    x = pd.Series(list(serie.keys()), dtype=float)
    y = pd.Series(list(serie.values()), dtype=float)
    return float(((x - x.mean()) * (y - y.mean())).sum() / ((x - x.mean()) ** 2).sum())


def _cible(objectif: Objectif, reference: float) -> float | None:
    if objectif.cible is not None:
        return float(objectif.cible)
    variation = objectif.extras.get("variation")
    if variation is None:
        return None
    genre = objectif.extras.get("variation_unite", "%")
    if genre == "facteur":
        return reference * float(variation)
    if genre == "points":
        return reference + float(variation)
    return reference * (1 + float(variation) / 100)


# --- Évaluation ---------------------------------------------------------------------------------

def evaluer_realisme(objectif: Objectif, *, marches: pd.DataFrame | None = None,
                     achats: pd.DataFrame | None = None, aujourd_hui: date | None = None) -> Realisme:
    """Confronte `objectif` aux marchés notifiés (`marches`) ou aux dépenses (`achats`).

    Parts : depuis les colonnes consideration_sociale / consideration_environnementale de marches
    (unités part_nombre, part_valeur, nombre_contrats). Montants : depuis achats, pour une famille
    (objectif.perimetre ou extras["famille"] = code de famille ; unité valeur_euros).
    Retourne toujours un Realisme ; verdict « indetermine » (avec la raison) quand les données ne
    permettent pas de conclure. Lève ErreurParametre si une colonne canonique manque.
    """
    aujourd_hui = aujourd_hui or date.today()
    resultat = None
    genre = _consideration(objectif)
    if marches is not None and objectif.unite in ("part_nombre", "part_valeur", "nombre_contrats"):
        if genre is None:
            return Realisme("indetermine", "L'objectif ne dit pas s'il porte sur une considération sociale ou "
                            "environnementale : les marchés ne permettent pas de le mesurer. Précisez la considération visée.", unite=objectif.unite)
        resultat = _serie_marches(marches[_annees(marches["date_notification"]) <= aujourd_hui.year], objectif, genre)
    elif achats is not None and objectif.unite == "valeur_euros":
        resultat = _serie_achats(achats[_annees(achats["date"]) <= aujourd_hui.year], objectif)
        if resultat is None:
            return Realisme("indetermine", f"Le périmètre « {objectif.perimetre} » ne correspond à aucune famille "
                            "des dépenses : indiquez le code de famille dans le périmètre (par exemple S-DECH).", unite=objectif.unite)
    if resultat is None:
        return Realisme("indetermine", "Aucune donnée ne permet de calculer cet indicateur : il faut le fichier des "
                        "marchés pour une part ou un nombre de contrats, celui des dépenses pour un montant.",
                        unite=objectif.unite)
    serie, effectifs, inconnus, indicateur = resultat
    unite = objectif.unite
    sans = [a for a in range(min(effectifs, default=0), max(effectifs, default=-1) + 1)
            if a not in serie]
    r = Realisme("indetermine", "", indicateur=indicateur, unite=unite, serie=serie, effectifs=effectifs,
                 inconnus=inconnus, annees_sans_donnees=sans)
    if not serie:
        r.message = "Aucun contrat de valeur connue dans les données : la situation de départ est inconnue."
        return _avec_inconnus(r)
    r.annee_reference = objectif.annee_reference if objectif.annee_reference in serie else max(serie)
    r.valeur_reference = serie[r.annee_reference]
    r.cible = _cible(objectif, r.valeur_reference)
    r.progression_observee = _pente(serie)
    r.annee_echeance = (objectif.echeance.year if objectif.echeance else None)
    r.verdict, r.message = _juger(r, objectif.extras.get("sens", "hausse"))
    ecrite = objectif.valeur_reference
    if ecrite is not None and unite in ("part_nombre", "part_valeur") and abs(ecrite - r.valeur_reference) >= 0.5:
        r.message += (f" La valeur de départ écrite dans l'objectif ({_valeur(ecrite, unite)}) diffère de celle "
                      f"des données ({_valeur(r.valeur_reference, unite)}) : vérifiez l'indicateur ou les données.")
    if marches is not None and objectif.unite != "valeur_euros":
        r.message += _note_perimetre(objectif, _perimetre(marches, objectif)[1])
    plancher = plancher_legal(objectif, aujourd_hui=aujourd_hui)
    if plancher is not None:
        r.plancher = plancher.message
        if plancher.conformite:
            r.verdict = "obligation_legale"
        r.message += " " + plancher.message
    return _avec_inconnus(r)


def _avec_inconnus(r: Realisme) -> Realisme:
    if r.annees_sans_donnees:
        r.message += " Années sans contrat de valeur connue (exclues du calcul) : " + \
            ", ".join(map(str, r.annees_sans_donnees)) + "."
    if r.inconnus:
        r.message += f" {r.inconnus} contrat(s) sans information sur la considération ont été exclus du calcul."
    return r


def _juger(r: Realisme, sens: str) -> tuple[str, str]:
    u = r.unite
    depart = f"Situation de départ : {_valeur(r.valeur_reference, u)} en {r.annee_reference} ({r.indicateur})."
    if r.cible is None:
        return "indetermine", depart + " L'objectif n'a pas de cible chiffrée."
    signe = -1 if sens == "baisse" else 1
    ecart = (r.cible - r.valeur_reference) * signe
    if u in ("part_nombre", "part_valeur") and r.cible > 100:
        return "hors_de_portee", depart + f" Une part ne peut dépasser 100 % (cible : {_valeur(r.cible, u)})."
    if ecart <= 0:
        return "peu_ambitieux", depart + f" La cible ({_valeur(r.cible, u)}) est déjà atteinte : elle est peu ambitieuse."
    if r.annee_echeance is None:
        return "indetermine", depart + f" Cible : {_valeur(r.cible, u)} ; sans échéance, aucun rythme ne peut être calculé."
    annees = r.annee_echeance - r.annee_reference
    if annees <= 0:
        return "hors_de_portee", depart + f" L'échéance ({r.annee_echeance}) n'est pas postérieure à l'année de référence."
    r.progression_requise = (r.cible - r.valeur_reference) / annees
    verbe = "baisser" if signe < 0 else "progresser"
    requis = f" Pour atteindre {_valeur(r.cible, u)} en {r.annee_echeance}, il faut {verbe} de " \
             f"{_rythme(abs(r.progression_requise), u)} pendant {annees} an(s)."
    if r.progression_observee is None:
        return "indetermine", depart + requis + " Une seule année de données : le rythme observé est inconnu."
    observe = r.progression_observee * signe
    constat = f" Rythme observé : {_rythme(r.progression_observee, u)}".replace(" -", " −")
    if observe >= ecart / annees:
        return "atteignable", depart + requis + constat + " : la cible est à la portée du rythme observé."
    if observe > 0 and ecart / annees <= FACTEUR_EXIGEANT * observe:
        return "exigeant", depart + requis + constat + \
            f" : la cible est exigeante (il faut aller {_nombre(ecart / annees / observe)} fois plus vite)."
    return "hors_de_portee", depart + requis + constat + " : au rythme observé, la cible est hors de portée."
