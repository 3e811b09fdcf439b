"""Les marques de temps d'un objectif : échéances, périodes, durées, périodicités, horizons vagues.

Le texte reçu est déjà normalisé (minuscules, sans accents : `extraction.normaliser`). Chaque marque
devient une `Marque` : son genre, sa position dans le texte normalisé, la date qu'elle désigne et son
année. Genres :

- « echeance » : une date à atteindre (« d'ici juin 2027 » → 30/06/2027, « T2 2027 » → 30/06/2027,
  « année scolaire 2026-2027 » → 31/08/2027, « exercice 2027 » → 31/12/2027, « 2027 : 30 % … ») ;
- « periode » : une suite d'années (« 2026-2028 », « entre 2026 et 2028 ») ; sa date est sa fin ;
- « duree » : une durée comptée depuis `aujourd_hui` (« dans les trois ans », « sous 18 mois ») ;
- « debut » : une date de départ (« dès 2027 », « à partir de mars 2027 ») ;
- « reference » : la date d'une valeur de départ (« contre 12 % en 2023 », « depuis 2021 »,
  « valeur 2025 : 14 % ») : ce n'est pas une échéance ;
- « periodicite » (chaque année, par an, chaque trimestre…) et « vague » (à terme, à l'échéance du
  schéma, sur la durée du SPASER, avant la fin du mandat…) : sans date.

Une échéance ou une période déjà passée à `aujourd_hui` a le rôle « passee ». Les règles vont de la
plus précise à la plus large : une fois un passage reconnu, une règle plus large ne le relit pas.

    reperer_temps(norm, aujourd_hui) -> list[Marque]
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

MOIS = ["janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre",
        "octobre", "novembre", "decembre"]
_MOIS = "|".join(MOIS)
NOMBRES_EN_LETTRES = {"un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6,
                      "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "douze": 12, "quinze": 15,
                      "dix-huit": 18, "vingt-quatre": 24, "trente-six": 36}
_EN_LETTRES = "|".join(sorted(NOMBRES_EN_LETTRES, key=len, reverse=True))
_AN = r"((?:19|20|21)\d\d)"  # une année : le contrôle fin est _annee_valide
_RANGS = {"premier": 1, "1er": 1, "1": 1, "second": 2, "seconde": 2, "deuxieme": 2, "2e": 2, "2eme": 2, "2nd": 2,
          "2": 2, "troisieme": 3, "3e": 3, "3eme": 3, "3": 3, "quatrieme": 4, "4e": 4, "4eme": 4, "4": 4, "dernier": 4}
_RANG = r"(premier|1er|second(?:e)?|deuxieme|2e(?:me)?|2nd|troisieme|3e(?:me)?|quatrieme|4e(?:me)?|dernier)"
# Saisons : (premier jour, dernier jour) ; l'hiver, à cheval sur deux années, n'est pas lu.
_SAISONS = {"printemps": ((3, 20), (6, 20)), "ete": ((6, 21), (9, 22)), "automne": ((9, 23), (12, 20))}
# Ce qui, juste avant une date, en fait une valeur de départ (« contre 12 % au 30 juin 2026 »).
_AVANT_REFERENCE = re.compile(r"(?:\b(?:contre|depuis|par rapport a|en date du|sur la base de)\s*(?:le |du |au |de |en |"
                              r"l'annee |l'exercice )?[^,;()]{0,25}|\b(?:valeurs?|references?|situation|constat|bilan|"
                              r"point de depart)(?: de reference| initiale| actuelle| de depart)?\s*(?:au |du |en |:\s*)?)$")
# La date d'un texte officiel (« la loi n° 2021-1104 du 22 août 2021 ») n'est ni une échéance ni une référence.
_TEXTE_OFFICIEL = re.compile(r"\b(?:loi|decret|ordonnance|arrete|circulaire|directive|reglement|deliberation|code)\b"
                             r"[^,;()]{0,40}\b(?:du|en date du)\s*$")
# « passer de 30 % fin 2025 à 50 % fin 2027 » : une date passée juste après la valeur de départ est la sienne.
_VALEUR_DE_DEPART = re.compile(r"\b(?:de|depuis)\s+\d[\d ,]*\s*(?:%|€|k€|m€|heures?|points?|marches)?\s*$")
_AVANT_DEBUT = re.compile(r"(?:a partir|a compter|des)\s*(?:du|de|de la|le|la|l'annee|l')?\s*$")
_DEBUT = re.compile(r"(?:des|a partir|a compter)\b")
_PRECISE = re.compile(r"(?:d'ici|avant|horizon|objectif|cible|echeance)")


@dataclass
class Marque:
    """Une marque de temps repérée dans le texte normalisé, entre `debut` et `fin`."""

    genre: str
    debut: int
    fin: int
    valeur: object = None
    annee: int | None = None
    role: str | None = None


def annee_valide(a: int) -> bool:
    return 1990 <= a <= 2100


def fin_de_mois(annee: int, mois: int) -> date:
    return date(annee, mois, calendar.monthrange(annee, mois)[1])


def ajouter_mois(jour: date, mois: int) -> date:
    total = jour.year * 12 + jour.month - 1 + mois
    annee, m = divmod(total, 12)
    return date(annee, m + 1, min(jour.day, calendar.monthrange(annee, m + 1)[1]))


class _Lecteur:
    """Les marques d'un texte, et les caractères déjà lus (une règle large ne relit pas une précise)."""

    def __init__(self, norm: str, aujourd_hui: date):
        self.norm, self.aujourd_hui = norm, aujourd_hui
        self.pris = [False] * len(norm)
        self.marques: list[Marque] = []

    def chercher(self, motif: str):
        """Les correspondances de `motif` qui ne chevauchent rien de déjà lu."""
        for m in re.finditer(motif, self.norm):
            if not any(self.pris[m.start():m.end()]):
                yield m

    def ajouter(self, m, genre, valeur=None, annee=None, role=None) -> None:
        a, b = m.start(), m.end()
        if any(self.pris[a:b]):
            return
        for i in range(a, b):
            self.pris[i] = True
        if annee is None and isinstance(valeur, date) and genre not in ("duree",):
            annee = valeur.year
        self.marques.append(Marque(genre, a, b, valeur, annee, role))

    def ecarter(self, m) -> None:
        """Marque un passage comme lu sans en faire une marque (« 31 février 2027 » n'est pas « février 2027 »)."""
        for i in range(m.start(), m.end()):
            self.pris[i] = True

    def avant(self, m, n=40) -> str:
        return self.norm[max(0, m.start() - n):m.start()]

    def date(self, m, jour: date, debut: date | None = None) -> None:
        """Une date du calendrier : échéance, valeur de départ ou date de départ selon ce qui la précède.

        `debut` est le premier jour de la période désignée (« dès mars 2027 » part du 1er mars)."""
        avant = self.avant(m, 60)
        precise = _PRECISE.search(m.group(0))  # « d'ici juin 2027 » reste une échéance, quoi qu'il précède
        if _TEXTE_OFFICIEL.search(avant):
            self.ecarter(m)
        elif not precise and (_AVANT_REFERENCE.search(avant[-40:])
                              or (jour < self.aujourd_hui and _VALEUR_DE_DEPART.search(avant))):
            self.ajouter(m, "reference", jour)
        elif not precise and debut is not None and (_AVANT_DEBUT.search(avant) or _DEBUT.match(m.group(0))):
            self.ajouter(m, "debut", debut)
        else:
            self.ajouter(m, "echeance", jour)


def _dates_completes(lu: _Lecteur) -> None:
    # « au 31 décembre 2026 », « d'ici au 31/12/2027 », « à partir du 21 août 2026 ».
    for m in lu.chercher(rf"\b(1er|\d{{1,2}}) ({_MOIS}) {_AN}\b"):
        jour = 1 if m.group(1) == "1er" else int(m.group(1))
        try:
            d = date(int(m.group(3)), MOIS.index(m.group(2)) + 1, jour)
        except ValueError:
            lu.ecarter(m)
            continue
        lu.date(m, d, d)
    for m in lu.chercher(r"\b(?:(\d{1,2})/(\d{1,2})/(\d{4})|(\d{4})-(\d\d)-(\d\d))\b"):
        jour, mois, annee = m.group(1, 2, 3) if m.group(1) else m.group(6, 5, 4)
        try:
            d = date(int(annee), int(mois), int(jour))
        except ValueError:
            d = None
        if d is None or not annee_valide(d.year):
            lu.ecarter(m)
            continue
        lu.date(m, d, d)


def _fractions_d_annee(lu: _Lecteur) -> None:
    prefixe = (r"(?:(?:d'ici|avant|au cours|dans|lors)\s+(?:le |la |du |de la |au )?|au |du |le |la |des le |"
               r"a partir du |a compter du )?")
    fin = r"(?:(?:la |a la )?fin (?:du |de la )?)?"
    # Semestres et trimestres : « premier semestre 2027 », « 2e trimestre 2027 », « T2 2027 », « S1 2027 ».
    for m in lu.chercher(rf"\b{prefixe}{fin}{_RANG} (semestre|trimestre) (?:de l'annee |de )?{_AN}\b"):
        rang, sorte, annee = _RANGS[m.group(1)], m.group(2), int(m.group(3))
        mois = 6 * min(rang, 2) if sorte == "semestre" else 3 * rang
        lu.date(m, fin_de_mois(annee, mois), date(annee, mois - (5 if sorte == "semestre" else 2), 1))
    for m in lu.chercher(rf"\b{prefixe}{fin}(t|s)([1-4]) ?-? ?{_AN}\b"):
        sorte, rang, annee = m.group(1), int(m.group(2)), int(m.group(3))
        if sorte == "s" and rang > 2:
            continue
        mois = 6 * rang if sorte == "s" else 3 * rang
        lu.date(m, fin_de_mois(annee, mois), date(annee, mois - (5 if sorte == "s" else 2), 1))
    # « mi-2027 » ; saisons : « avant l'été 2027 », « au printemps 2027 » ; « rentrée (scolaire) 2027 ».
    for m in lu.chercher(rf"\b(?:(?:d'ici|avant)\s+(?:la\s+)?|a la |des la )?mi-? ?{_AN}\b"):
        annee = int(m.group(1))
        lu.date(m, date(annee, 6, 30), date(annee, 6, 30))
    for m in lu.chercher(rf"\b(d'ici|avant|des|a partir|a compter)?\s*(?:de |du |le |l'|au |a l')?"
                         rf"(printemps|ete|automne) (?:de |d')?{_AN}\b"):
        (m1, j1), (m2, j2) = _SAISONS[m.group(2)]
        annee = int(m.group(3))
        premier = date(annee, m1, j1)
        lu.date(m, premier - timedelta(days=1) if m.group(1) == "avant" else date(annee, m2, j2), premier)
    for m in lu.chercher(rf"\b(?:(?:d'ici|avant|des|pour|a partir de|a compter de)\s+)?(?:la |a la )?rentree "
                         rf"(?:scolaire |universitaire )?(?:de |de septembre )?(?:septembre )?{_AN}\b"):
        annee = int(m.group(1))
        lu.date(m, date(annee, 9, 1), date(annee, 9, 1))


def _annees_nommees(lu: _Lecteur) -> None:
    # Années scolaires ou universitaires : elles finissent le 31 août de la seconde année.
    for m in lu.chercher(rf"\b(?:(?:pour|sur|durant|pendant|d'ici|avant|des|a partir de|au cours de|a la fin de|"
                         rf"fin de)\s+)?"
                         rf"(?:l')?annee (?:scolaire|universitaire) {_AN} ?[-/] ?(\d{{4}}|\d\d)\b"):
        a = int(m.group(1))
        b = int(m.group(2)) if len(m.group(2)) == 4 else 100 * (a // 100) + int(m.group(2))
        if b == a + 1:
            lu.date(m, date(b, 8, 31), date(a, 9, 1))
    # Exercice ou budget d'une année : « exercice budgétaire 2027 », « au budget primitif 2028 ».
    for m in lu.chercher(rf"\b(?:(?:sur|pour|durant|pendant|dans|des|a partir de|au titre de)\s+)?(?:l'|le |au )?"
                         rf"(?:exercice|budget)(?: budgetaire| primitif| supplementaire| comptable)?(?: de l'annee)? "
                         rf"{_AN}\b"):
        annee = int(m.group(1))
        lu.date(m, date(annee, 12, 31), date(annee, 1, 1))


def _mois(lu: _Lecteur) -> None:
    # Un mois sans jour : « d'ici juin 2027 » (fin du mois), « avant juin 2027 » (fin du mois d'avant),
    # « fin septembre 2028 », « dès janvier 2027 » (premier jour), « contre 30 % en juin 2026 ».
    for m in lu.chercher(rf"\b(?:(d'ici|avant|des|a partir de|a compter de|depuis|en|courant|pour|au cours du mois de|"
                         rf"au mois de|d'ici (?:a |au )?(?:la )?fin|a (?:la )?fin|fin|debut|a l'horizon d'|a l'horizon de)"
                         rf"\s*)?({_MOIS}) {_AN}\b"):
        mois, annee = MOIS.index(m.group(2)) + 1, int(m.group(3))
        if m.group(1) == "avant":
            jour = date(annee, mois, 1) - timedelta(days=1)
        elif m.group(1) == "debut":
            jour = date(annee, mois, 1)
        else:
            jour = fin_de_mois(annee, mois)
        if m.group(1) == "depuis":
            lu.ajouter(m, "reference", jour, role="depuis")
        else:
            lu.date(m, jour, date(annee, mois, 1))


def _fins_d_annee(lu: _Lecteur) -> None:
    # « avant fin 2026 », « d'ici fin 2027 », « à la fin de l'année 2027 », « contre 30 % fin 2025 ».
    for m in lu.chercher(rf"\b(?:(?:d'ici|avant)\s+(?:a\s+|au\s+)?(?:la\s+)?|a (?:la )?)?fin\s+"
                         rf"(?:de l'annee\s+|d'annee\s+|de\s+)?{_AN}\b"):
        annee = int(m.group(1))
        lu.date(m, date(annee, 12, 31))
    # Sans année : « d'ici la fin de l'année (prochaine) », « dès l'année prochaine », « cette année ».
    for m in lu.chercher(r"\b(?:(d'ici|avant|des|a partir de|a compter de|pour|au cours de|durant|pendant|dans|sur|en)\s+)?"
                         r"((?:a |a la |la )?fin (?:de )?)?(l'annee|l'an|cette annee)( prochaine| prochain| en cours)?\b"
                         r"(?!\s*(?:scolaire|universitaire|budgetaire|civile|\d))"):
        suite = m.group(4) or ""
        if not (m.group(2) or suite or m.group(3) == "cette annee"):
            continue  # « l'année » seule n'est pas une date
        annee = lu.aujourd_hui.year + (1 if "prochain" in suite else 0)
        if m.group(1) in ("des", "a partir de", "a compter de"):
            lu.ajouter(m, "debut", date(annee, 1, 1))
        else:
            lu.ajouter(m, "echeance", date(annee, 12, 31))


def _durees(lu: _Lecteur) -> None:
    # « sous 18 mois », « dans les six prochains mois », « en 3 ans », « dans un délai de deux ans ».
    for m in lu.chercher(rf"\b(?:sous|dans|en|d'ici|d'ici a|au cours des|sur|pendant|au plus tard dans)\s+"
                         rf"(?:les\s+|un delai de\s+|un delai maximal de\s+)?"
                         rf"(\d{{1,6}}|{_EN_LETTRES})\s+(?:prochain(?:e)?s\s+)?(mois|ans|annees|semaines)\b"):
        n = int(m.group(1)) if m.group(1).isdigit() else NOMBRES_EN_LETTRES[m.group(1)]
        mois = {"mois": n, "ans": 12 * n, "annees": 12 * n, "semaines": 0}[m.group(2)]
        if mois > 1200:  # au-delà d'un siècle, ce n'est pas une échéance
            continue
        jour = ajouter_mois(lu.aujourd_hui, mois) if mois else lu.aujourd_hui + timedelta(weeks=n)
        lu.ajouter(m, "duree", jour)
        lu.marques[-1].annee = None


def _periodes(lu: _Lecteur) -> None:
    # « 2025-2027 », « sur la période 2022-2026 », « de 2024 à 2027 », « entre 2026 et 2028 ».
    for motif in (rf"\b(?:de |sur la periode |periode |sur )?{_AN} ?(?:-|/|a|au) ?(\d{{4}})\b",
                  rf"\bentre {_AN} et (\d{{4}})\b"):
        for m in lu.chercher(motif):
            a, b = int(m.group(1)), int(m.group(2))
            if annee_valide(a) and annee_valide(b) and b > a:
                lu.ajouter(m, "periode", date(b, 12, 31))
    # « 2026-27 » : la seconde année en deux chiffres (« 2026-12 », un mois, n'en est pas une).
    for m in lu.chercher(rf"\b(?:de |sur la periode |periode |sur )?{_AN}[-/](\d\d)\b(?![-/]\d)"):
        a, b = int(m.group(1)), int(m.group(2))
        if annee_valide(a) and b > a % 100:
            lu.ajouter(m, "periode", date(100 * (a // 100) + b, 12, 31))


def _annees(lu: _Lecteur) -> None:
    for m in lu.chercher(rf"\b(?:a\s+)?(?:l')?horizon\s+(?:de\s+|d')?(?:({_MOIS})\s+)?{_AN}\b"):
        annee = int(m.group(2))
        lu.ajouter(m, "echeance", fin_de_mois(annee, MOIS.index(m.group(1)) + 1) if m.group(1) else date(annee, 12, 31))
    for m in lu.chercher(rf"\bd'ici\s+(?:a\s+|au\s+|l'an\s+|l'annee\s+)?{_AN}\b"):
        lu.ajouter(m, "echeance", date(int(m.group(1)), 12, 31))
    for m in lu.chercher(rf"\bavant\s+(?:le\s+|l'annee\s+)?{_AN}\b"):
        lu.ajouter(m, "echeance", date(int(m.group(1)) - 1, 12, 31))
    for m in lu.chercher(rf"\b(?:des|a partir de|a compter de)\s+(?:l'annee\s+)?{_AN}\b"):
        lu.ajouter(m, "debut", date(int(m.group(1)), 1, 1))
    for m in lu.chercher(rf"\bdepuis\s+(?:l'annee\s+)?{_AN}\b"):
        lu.ajouter(m, "reference", date(int(m.group(1)), 12, 31), role="depuis")
    # Une année en titre : « 2027 : 30 % … », « Objectif 2028 : … », « cible 2028 : 25 % » ; mais
    # « valeur 2025 : 14 % » ou « Valeur de référence 2024 : 6 » donnent une valeur de départ.
    for m in lu.chercher(rf"\b((?:objectifs?|cibles?|echeances?|jalons?|calendrier|date cible|valeurs?(?: de reference)?|"
                         rf"references?|situation|base|constat|bilan|point de depart)\s+)?{_AN}(?=\s*(?::|-\s))"):
        prefixe = lu.norm[max(0, m.start() - 30):m.start()]
        if not (re.search(r"[.;:!?(\-]\s*$", prefixe) or (m.start() <= 30 and not prefixe.strip())):
            continue  # une année en titre ouvre la phrase, ou suit un tiret ou un point-virgule
        mot, annee = m.group(1) or "", int(m.group(2))
        genre = "reference" if re.match(r"valeur|reference|situation|base|constat|bilan|point", mot) else "echeance"
        lu.ajouter(m, genre, date(annee, 12, 31))
    # Une année derrière une étiquette : « (échéance : 2028) », « Calendrier : 2027 ».
    for m in lu.chercher(rf"\b(?:echeances?|objectifs?|cibles?|horizon|calendrier|date cible|delai|jalons?|"
                         rf"date limite)\s*:\s*(?:en |fin |d'ici )?{_AN}\b"):
        lu.ajouter(m, "echeance", date(int(m.group(1)), 12, 31))
    # « en 2026 » : échéance ; une année passée est une valeur de référence (« contre 12 % en 2023 »,
    # « 18 % en 2024 », « engagés en 2022 »), sauf derrière un verbe d'objectif (« atteindre 25 % … en 2025 »).
    for m in lu.chercher(rf"\b(?:en|pour|courant|(?:dans|sur|pour|durant|pendant|au cours de) l'annee)\s+{_AN}\b"):
        annee = int(m.group(1))
        avant = lu.avant(m, 30)
        if re.search(r"(?:contre|\()\s*(?:environ\s+)?[\d ,]+\s*%?\s*$", avant):
            lu.ajouter(m, "reference", date(annee, 12, 31))
        elif annee < lu.aujourd_hui.year:
            valeur_datee = _VALEUR_DATEE.search(avant)
            genre = "echeance" if _objectif_vise(lu.norm, m.start()) and not valeur_datee else "reference"
            lu.ajouter(m, genre, date(annee, 12, 31))
        else:
            lu.ajouter(m, "echeance", date(annee, 12, 31))


# L'année qui suit une valeur (« 18 % en 2024 ») ou un participe passé (« engagés en 2022 ») est datée par lui.
_VALEUR_DATEE = re.compile(r"(?:\d[\d ,]*\s*(?:%|€|k€|m€|heures?|points?|marches|tonnes)?|(?:engage|adopte|vote|lance|"
                           r"realise|notifie|constate|mesure|observe|atteint|enregistre|releve)(?:e|s|es)?)\s*$")


def _objectif_vise(norm: str, position: int) -> bool:
    """Vrai si la phrase, avant `position`, commence par un verbe d'objectif (atteindre, porter…)."""
    borne = max(0, position - 300)
    debut = max(norm.rfind(".", borne, position), norm.rfind(";", borne, position), borne - 1) + 1
    return bool(re.match(r"\s*(?:atteindre|porter|passer|reduire|augmenter|realiser|integrer|reserver|consacrer|"
                         r"notifier|acheter|former|doubler|diviser|viser)\b", norm[debut:position]))


_PERIODICITES = (r"\b(?:chaque annee|chaque an|tous les ans|par an|par annee|/ ?an\b|annuel(?:le)?s?|annuellement|"
                 r"chaque (?:trimestre|semestre|mois)|par (?:trimestre|semestre|mois)|tous les (?:trimestres|semestres|mois)|"
                 r"trimestriel\w*|semestriel\w*|mensuel\w*)")
_VAGUES = (r"\b(?:a terme|rapidement|progressivement|dans les (?:prochaines annees|annees a venir|prochains mois)|"
           r"a (?:court|moyen|long) terme|(?:(?:d'ici|avant)\s+)?(?:a\s+)?la fin du (?:mandat|schema|spaser|spar|plan)|"
           r"des que possible|au plus vite|au plus tot|prochainement|a l'avenir|"
           r"(?:sur|pendant|durant|pour) (?:la duree|toute la duree) du (?:mandat|schema|spaser|spar|plan)|"
           r"(?:au cours|pendant|durant|lors) du (?:mandat|schema|spaser|plan)|"
           r"(?:a|au) (?:l'echeance|terme|l'issue|la fin) du (?:spaser|spar|schema|plan|mandat)|"
           r"a la prochaine (?:revision|actualisation) du (?:spaser|spar|schema|plan))\b")


def reperer_temps(norm: str, aujourd_hui: date) -> list[Marque]:
    """Les marques de temps du texte normalisé `norm`, dans l'ordre du texte (voir le module)."""
    lu = _Lecteur(norm, aujourd_hui)
    for regle in (_dates_completes, _fractions_d_annee, _annees_nommees, _mois, _fins_d_annee, _durees,
                  _periodes, _annees):
        regle(lu)
    for m in lu.chercher(_PERIODICITES):
        lu.ajouter(m, "periodicite", m.group(0))
        lu.marques[-1].annee = None
    for m in lu.chercher(_VAGUES):
        lu.ajouter(m, "vague", m.group(0))
        lu.marques[-1].annee = None
    marques = [t for t in lu.marques if t.annee is None or annee_valide(t.annee) or t.genre == "duree"]
    for t in marques:
        if t.genre in ("echeance", "periode") and isinstance(t.valeur, date) and t.valeur < aujourd_hui:
            t.role = "passee"
    return sorted(marques, key=lambda t: t.debut)
