"""Repérage, dans un objectif écrit librement en français, des éléments qui le rendent SMART.

Tout est fait par des règles lisibles (expressions régulières sur le texte mis en minuscules et
sans accents) : nombres, pourcentages, montants, échéances, verbes d'engagement ou d'intention vague,
thèmes, population (marchés, achats, famille…), mots de quantité. Chaque élément garde l'extrait du
texte d'origine qui le justifie, pour qu'un apprenant voie pourquoi l'analyseur a conclu.

La fonction publique est `extraire(texte, aujourd_hui=...) -> Extraction` ; `smart.py` en tire les
verdicts. Aucun réseau, aucun modèle téléchargé.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date

from spaserlib.commun import limites
from spaserlib.commun.erreurs import ErreurParametre

# --- Normalisation -------------------------------------------------------------------------------

_REMPLACEMENTS = {"’": "'", "‘": "'", "`": "'", "´": "'", "\u00a0": " ", "\u202f": " ", "\t": " ",
                  "–": "-", "—": "-", "œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "«": " ", "»": " "}


def _sans_accent(c: str) -> str:
    r = _REMPLACEMENTS.get(c)
    if r is None:
        r = "".join(x for x in unicodedata.normalize("NFD", c) if not unicodedata.combining(x)).lower()
    return r


def normaliser(texte: str) -> tuple[str, list[int]]:
    """Texte en minuscules sans accents, et pour chaque caractère produit sa position d'origine.

    Chaque caractère distinct n'est normalisé qu'une fois : le temps est proportionnel à la longueur."""
    formes = {c: _sans_accent(c) for c in set(texte)}
    sortie: list[str] = []
    origine: list[int] = []
    for i, c in enumerate(texte):
        r = formes[c]
        if len(r) == 1:
            sortie.append(r)
            origine.append(i)
        else:
            sortie.extend(r)
            origine.extend([i] * len(r))
    return "".join(sortie), origine


def verifier_longueur(texte: str) -> None:
    """Lève `ErreurParametre` si le texte dépasse `limites.OBJECTIF_CARACTERES_MAX` caractères."""
    if len(texte) > limites.OBJECTIF_CARACTERES_MAX:
        raise ErreurParametre(
            f"Le texte de l'objectif fait {limites.en_clair(len(texte), 'caractères')} : l'analyse SMART en accepte au "
            f"plus {limites.en_clair(limites.OBJECTIF_CARACTERES_MAX)} (un objectif tient en une phrase ou un "
            "paragraphe). Raccourcissez-le, ou découpez-le en plusieurs objectifs."
        )


@dataclass
class Repere:
    """Un élément repéré : son genre, sa valeur interprétée et l'extrait du texte d'origine."""

    genre: str
    extrait: str
    debut: int
    fin: int
    valeur: object = None
    unite: str | None = None
    role: str | None = None
    annee: int | None = None


@dataclass
class Extraction:
    """Tout ce que les règles ont repéré dans un texte (positions dans le texte normalisé)."""

    texte: str
    nombres: list[Repere] = field(default_factory=list)
    temps: list[Repere] = field(default_factory=list)
    themes: list[Repere] = field(default_factory=list)
    objets_hors_theme: list[Repere] = field(default_factory=list)
    populations: list[Repere] = field(default_factory=list)
    engagements: list[Repere] = field(default_factory=list)
    intentions: list[Repere] = field(default_factory=list)
    quantites: list[Repere] = field(default_factory=list)
    totalites: list[Repere] = field(default_factory=list)
    sens: str = "hausse"

    def nombres_de_role(self, *roles: str) -> list[Repere]:
        return [n for n in self.nombres if n.role in roles]


# --- Lexiques -----------------------------------------------------------------------------------

MOIS = ["janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre",
        "octobre", "novembre", "decembre"]
_MOIS = "|".join(MOIS)
_NOMBRES_EN_LETTRES = {"un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6,
                       "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "douze": 12, "quinze": 15,
                       "dix-huit": 18, "vingt-quatre": 24, "trente-six": 36}
_EN_LETTRES = "|".join(sorted(_NOMBRES_EN_LETTRES, key=len, reverse=True))

THEMES = {
    "social": r"clauses? (?:sociales?|d'insertion)|considerations? sociales?|criteres? sociaux|"
              r"\bsocial\w*|insertion|handicap\w*|\besat\b|entreprises? adaptees?|\bsiae\b|"
              r"marches? reserves?|lots? reserves?|egalite|discrimination\w*|\bemploi\b|femmes?-hommes?|"
              r"travail (?:illegal|dissimule)|conditions de travail|secteur (?:adapte|protege)",
    "environnement": r"environnement\w*|ecolog\w*|carbone|\bges\b|gaz a effet de serre|emissions?|"
                     r"\bco2\b|energ\w*|dechets?|reemploi|reutilis\w*|recycl\w*|recondition\w*|"
                     r"biosourc\w*|\bbio\b|biologiques?|durables?|\bvert(?:e|s|es)?\b|eco-?respons\w*|"
                     r"ecolabel\w*|jetables?|plastiques?|gaspillage|economie circulaire|circuits? courts?|"
                     r"renouvelables?|electri\w*|thermiques?|phytosanitaires?|cycle de vie",
    "economie": r"\bpme\b|\btpe\b|\bess\b|economie sociale et solidaire|\blocal(?:e|es)?\b|\blocaux\b|"
                r"delais? de paiement|primo-accedants?|commerce equitable|equitables?",
    "demarche": r"responsables?\b|\brse\b|\bspaser\b|\bspar\b|\bformation\b|\bformer\b|\bformes?\b",
}
OBJETS_HORS_THEME = (r"\bcouts?\b|\bprix\b|\beconomies\b|\bbudget\w*|\bdelais?\b|\bconsommation\b|\bqualite\b|"
                     r"\binnova\w*|\bconcurrence\b")
POPULATIONS = (r"\b(?:marches?|contrats?|lots?|consultations?|concessions?|achats?|depenses?|"
               r"commande publique|approvisionnements?|travaux|fournitures?|services?|"
               r"restauration(?: collective| scolaire)?|cantines?|repas|denrees|papier|chantiers?|factures?|commandes|mobilier|vehicules?|"
               r"parc automobile|nettoyage|informatiques?|batiments?|voirie|construction|btp|textiles?|"
               r"acheteurs?|agents?|fournisseurs?|titulaires?)\b")
ENGAGEMENTS = (r"\b(?:atteindre|atteindra|atteindrons|porter|portee?s?|porte a|passer|reduire|reduirons|"
               r"reduction|diminuer|diminution|diviser|baisser|augmenter|augmentation|accroitre|"
               r"doubler|tripler|maintenir|integrer|integrera|integrons|inclure|reserver|reservera|"
               r"consacrer|consacrera|attribuer|notifier|acheter|realiser|former|remplacer|renouveler|"
               r"supprimer|sera|\w+eront)\b")
INTENTIONS = (r"\b(?:favoris\w*|encourag\w*|promouv\w*|promotion|sensibilis\w*|developp\w*|renforc\w*|"
              r"amelior\w*|tendre vers|tend\w* vers|vis(?:er|e|ons|ant)\b|contribu\w*|facilit\w*|"
              r"soutenir|soutien\w*|valoris\w*|poursuiv\w*|limit\w*|assur\w*|garanti\w*|veill\w*|"
              r"incit\w*|accompagn\w*|privilegi\w*|s'efforc\w*|chercher a|optimis\w*|voulons|"
              r"souhait\w*|etre exemplaire|faire mieux|oeuvr\w*)")
QUANTITES = (r"\b(?:part|parts|nombre|taux|proportion|pourcentage|montant|volume|heures?|quantite|"
             r"emissions?|empreinte|consommation|delais?)\b")
VERBES_DE_VARIATION = r"\b(?:reduire|reduction|diminu\w*|baiss\w*|augment\w*|accroi\w*|amelior\w*|renforc\w*|hausse\w*|progress\w*|relever)"
VERBES_DE_BAISSE = r"\b(?:reduire|reduction|reduirons|diminu\w*|baiss\w*|divis\w*|supprim\w*|limit\w*)"
_PASSE = r"\b(?:etai(?:en)?t|comportai(?:en)?t|representai(?:en)?t|atteignai(?:en)?t|integrai(?:en)?t|s'elevai(?:en)?t|avai(?:en)?t|a ete|ont ete)\b"

# Unités après un nombre : (motif, code d'unité brute, multiplicateur)
_UNITES = [
    (r"(?:md ?€|milliards? d'euros|milliards? €)", "euros", 1e9),
    (r"(?:m ?€|millions? d'euros|millions? €)", "euros", 1e6),
    (r"(?:k ?€|milliers d'euros)", "euros", 1e3),
    (r"(?:€|euros?)", "euros", 1.0),
    (r"(?:%|pour ?cent|pourcents?)", "%", 1.0),
    (r"(?:points?|pts?)\b", "points", 1.0),
    (r"(?:t ?co2e?|teqco2|tonnes? (?:equivalent |eq\.? ?)?co2)\b", "tonnes_co2e", 1.0),
    (r"(?:tonnes?)\b", "tonnes", 1.0),
    (r"(?:millions? (?:d'|de )?heures?)\b", "heures", 1e6),
    (r"(?:heures?)\b", "heures", 1.0),
    (r"(?:millions?)\b", "million", 1e6),
    (r"(?:marches?|contrats?|lots?|consultations?|concessions?)\b", "contrats", 1.0),
    (r"(?:acheteurs?|agents?|personnes?|fournisseurs?|entreprises?|structures?|salaries?)\b", "personnes", 1.0),
]

# Un nombre isolé : ni dans un code (« L2113-12 », « CO2 », « 31/12 »), ni collé à des lettres, sauf
# une unité monétaire collée (« 3M€ », « 350k€ »).
_NOMBRE = re.compile(r"(?<![\w/.,-])(\d{1,3}(?: \d{3})+|\d+)(?:[,.](\d+))?(?!/|-\d|\d|[^\W\d](?![a-z]?\s?€))")
_FRACTIONS = {"un tiers": 100 / 3, "deux tiers": 200 / 3, "un quart": 25.0, "trois quarts": 75.0,
              "la moitie": 50.0}


def _trouver(motif: str, norm: str, origine: list[int], texte: str, genre: str) -> list[Repere]:
    reperes = []
    for m in re.finditer(motif, norm):
        reperes.append(_repere(genre, m.start(), m.end(), origine, texte))
    return reperes


def _repere(genre, debut, fin, origine, texte, **kw) -> Repere:
    extrait = texte[origine[debut]:origine[fin - 1] + 1] if fin > debut else ""
    return Repere(genre=genre, extrait=extrait, debut=debut, fin=fin, **kw)


def _fin_de_mois(annee: int, mois: int) -> date:
    return date(annee, mois, calendar.monthrange(annee, mois)[1])


def _ajouter_mois(jour: date, mois: int) -> date:
    total = jour.year * 12 + jour.month - 1 + mois
    annee, m = divmod(total, 12)
    return date(annee, m + 1, min(jour.day, calendar.monthrange(annee, m + 1)[1]))


def _annee_valide(a: int) -> bool:
    return 1990 <= a <= 2100


# --- Le temps -----------------------------------------------------------------------------------

def _reperer_temps(norm, origine, texte, aujourd_hui: date) -> list[Repere]:
    """Échéances, périodes, durées, périodicités et horizons vagues ; années de référence."""
    pris = [False] * len(norm)
    reperes: list[Repere] = []

    def libre(a, b):
        return not any(pris[a:b])

    def ajouter(m, genre, valeur=None, annee=None, groupe=0):
        a, b = m.start(groupe), m.end(groupe)
        if not libre(a, b):
            return
        for i in range(a, b):
            pris[i] = True
        reperes.append(_repere(genre, a, b, origine, texte, valeur=valeur, annee=annee))

    def echeance_ou_reference(m, jour: date, debut_possible=True):
        avant = norm[max(0, m.start() - 40):m.start()]
        if re.search(r"(?:contre|depuis|par rapport a|en date du)\s*(?:le |du |au )?[^,;()]{0,25}$", avant) \
                and not re.search(r"(?:d'ici|avant|horizon)", norm[m.start():m.end()]):
            ajouter(m, "reference", jour, annee=jour.year)
        elif debut_possible and re.search(r"(?:a partir|a compter|des)\s*(?:du|de|le|l'annee)?\s*$", avant):
            ajouter(m, "debut", jour, annee=jour.year)
        else:
            ajouter(m, "echeance", jour, annee=jour.year)

    # Dates complètes : « au 31 décembre 2026 », « d'ici au 31/12/2027 », « à partir du 21 août 2026 ».
    for m in re.finditer(rf"\b(1er|\d{{1,2}}) ({_MOIS}) (\d{{4}})\b", norm):
        jour = 1 if m.group(1) == "1er" else int(m.group(1))
        if not _annee_valide(int(m.group(3))):
            continue
        try:
            echeance_ou_reference(m, date(int(m.group(3)), MOIS.index(m.group(2)) + 1, jour))
        except ValueError:
            pass
    for m in re.finditer(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b", norm):
        if not _annee_valide(int(m.group(3))):
            continue
        try:
            echeance_ou_reference(m, date(int(m.group(3)), int(m.group(2)), int(m.group(1))))
        except ValueError:
            pass
    # Durées : « sous 18 mois », « dans les six prochains mois », « en 3 ans ».
    for m in re.finditer(rf"\b(?:sous|dans|en|d'ici|d'ici a|au cours des|sur|pendant)\s+(?:les\s+|un delai de\s+)?"
                         rf"(\d{{1,6}}|{_EN_LETTRES})\s+(?:prochain(?:e)?s\s+)?(mois|ans|annees|semaines)\b", norm):
        n = int(m.group(1)) if m.group(1).isdigit() else _NOMBRES_EN_LETTRES[m.group(1)]
        mois = {"mois": n, "ans": 12 * n, "annees": 12 * n, "semaines": 0}[m.group(2)]
        if mois > 1200:  # au-delà d'un siècle, ce n'est pas une échéance
            continue
        ajouter(m, "duree", _ajouter_mois(aujourd_hui, mois) if mois else aujourd_hui, annee=None)
    # Périodes : « 2025-2027 », « sur la période 2022-2026 », « de 2024 à 2027 ».
    for m in re.finditer(r"\b(?:de |sur la periode |periode )?(\d{4}) ?(?:-|a|au) ?(\d{4})\b", norm):
        a, b = int(m.group(1)), int(m.group(2))
        if _annee_valide(a) and _annee_valide(b) and b > a:
            ajouter(m, "periode", date(b, 12, 31), annee=b)
    # « avant fin 2026 », « d'ici fin 2027 », « fin 2026 ».
    for m in re.finditer(r"\b(?:(?:d'ici|avant)\s+(?:a\s+|au\s+)?(?:la\s+)?)?fin\s+(?:de l'annee\s+|d'annee\s+)?(\d{4})\b", norm):
        if not _annee_valide(int(m.group(1))):
            continue
        echeance_ou_reference(m, date(int(m.group(1)), 12, 31), debut_possible=False)
    for m in re.finditer(rf"\b(?:a\s+)?(?:l')?horizon\s+(?:de\s+|d')?(?:({_MOIS})\s+)?(\d{{4}})\b", norm):
        annee = int(m.group(2))
        if not _annee_valide(annee):
            continue
        jour = _fin_de_mois(annee, MOIS.index(m.group(1)) + 1) if m.group(1) else date(annee, 12, 31)
        ajouter(m, "echeance", jour, annee=annee)
    for m in re.finditer(r"\bd'ici\s+(?:a\s+|au\s+|l'an\s+|l'annee\s+)?(\d{4})\b", norm):
        if not _annee_valide(int(m.group(1))):
            continue
        ajouter(m, "echeance", date(int(m.group(1)), 12, 31), annee=int(m.group(1)))
    for m in re.finditer(r"\bavant\s+(?:le\s+|l'annee\s+)?(\d{4})\b", norm):
        annee = int(m.group(1))
        if not _annee_valide(annee):
            continue
        ajouter(m, "echeance", date(annee - 1, 12, 31), annee=annee - 1)
    for m in re.finditer(r"\b(?:des|a partir de|a compter de)\s+(?:l'annee\s+)?(\d{4})\b", norm):
        if not _annee_valide(int(m.group(1))):
            continue
        ajouter(m, "debut", date(int(m.group(1)), 1, 1), annee=int(m.group(1)))
    for m in re.finditer(r"\bdepuis\s+(?:l'annee\s+)?(\d{4})\b", norm):
        if not _annee_valide(int(m.group(1))):
            continue
        ajouter(m, "reference", date(int(m.group(1)), 12, 31), annee=int(m.group(1)))
        reperes[-1].role = "depuis"  # début d'une période observée, pas l'année d'une valeur de départ
    # « en 2026 » : échéance, sauf année passée ou valeur de référence (« contre 12 % en 2026 »).
    for m in re.finditer(r"\b(?:en|pour|courant|dans l'annee)\s+(\d{4})\b", norm):
        annee = int(m.group(1))
        if not _annee_valide(annee):
            continue
        avant = norm[max(0, m.start() - 30):m.start()]
        if annee < aujourd_hui.year or re.search(r"(?:contre|\()\s*(?:environ\s+)?[\d ,]+\s*%?\s*$", avant):
            ajouter(m, "reference", date(annee, 12, 31), annee=annee)
        else:
            ajouter(m, "echeance", date(annee, 12, 31), annee=annee)
    for m in re.finditer(r"\b(?:chaque annee|chaque an|tous les ans|par an|par annee|/ ?an\b|annuel(?:le)?s?|"
                         r"annuellement|chaque (?:trimestre|semestre|mois)|par (?:trimestre|semestre|mois)|"
                         r"trimestriel\w*|semestriel\w*|mensuel\w*)", norm):
        ajouter(m, "periodicite", m.group(0))
    for m in re.finditer(r"\b(?:a terme|rapidement|progressivement|dans les (?:prochaines annees|annees a venir|prochains mois)|"
                         r"a (?:court|moyen|long) terme|(?:d'ici\s+)?(?:a\s+)?la fin du mandat|des que possible|au plus vite|"
                         r"au plus tot|prochainement|a l'avenir|(?:sur|pendant) la duree du (?:mandat|schema|spaser|plan)|"
                         r"a l'echeance du (?:spaser|spar|schema|plan|mandat))\b", norm):
        ajouter(m, "vague", m.group(0))
    for r in reperes:
        if r.genre in ("echeance", "periode") and isinstance(r.valeur, date) and r.valeur < aujourd_hui:
            r.role = "passee"
    return sorted(reperes, key=lambda r: r.debut)


# --- Les nombres --------------------------------------------------------------------------------

def _unite_apres(norm: str, fin: int) -> tuple[str | None, float, int]:
    suite = norm[fin:fin + 40]
    m = re.match(r"\s*", suite)
    pos = m.end()
    for motif, code, mult in _UNITES:
        u = re.match(motif, suite[pos:])
        if u:
            fin_unite = fin + pos + u.end()
            if code == "million":  # « 1 million par an » : l'unité vient d'ailleurs (« heures »…)
                suite2 = re.match(r"\s*(?:d'|de\s+)?(heures?|euros?|tonnes?)\b", norm[fin_unite:fin_unite + 20])
                if suite2:
                    code2 = {"heure": "heures", "heures": "heures", "euro": "euros", "euros": "euros"}.get(suite2.group(1), "tonnes")
                    return code2, 1e6, fin_unite + suite2.end()
                return None, 1e6, fin_unite
            return code, mult, fin_unite
    return None, 1.0, fin


_PASSE_COMPOSE = r"\b(?:a|ont|avons) (?:été|\w+é(?:e|s|es)?)\b"  # sur le texte accentué : « à » n'est pas « a »


_SEPARATEUR = re.compile(r"[;:]|\.(?:\s|$)")


class _Propositions:
    """Les propositions d'un texte normalisé (entre « ; », « : » ou fin de phrase), repérées une
    fois : chaque nombre y trouve la sienne par dichotomie, et chaque proposition n'est examinée
    qu'une fois (le temps reste proportionnel à la longueur du texte)."""

    def __init__(self, texte: str, norm: str, origine: list[int]):
        self.texte, self.norm, self.origine = texte, norm, origine
        separateurs = [(m.start(), m.end()) for m in _SEPARATEUR.finditer(norm)]
        self.debuts = [a for a, _ in separateurs]
        self.fins = [b for _, b in separateurs]
        self.au_passe: dict[tuple[int, int], bool] = {}

    def bornes(self, debut: int, fin: int) -> tuple[int, int]:
        """Bornes de la proposition qui contient [debut, fin)."""
        i = bisect_right(self.fins, debut) - 1
        avant = self.fins[i] if i >= 0 else 0
        if debut and self.norm[debut - 1] == ".":  # un point juste avant le nombre clôt la proposition
            avant = debut
        j = bisect_left(self.debuts, fin)
        return avant, (self.debuts[j] if j < len(self.debuts) else len(self.norm))

    def est_au_passe(self, debut: int, fin: int) -> bool:
        """Vrai si la proposition du nombre est un constat au passé, sans verbe d'engagement."""
        a, b = self.bornes(debut, fin)
        if (a, b) not in self.au_passe:
            propos = self.norm[a:b]
            if b <= a or re.search(ENGAGEMENTS, propos):
                self.au_passe[a, b] = False
            else:
                accentue = self.texte[self.origine[a]:self.origine[b - 1] + 1].lower()
                self.au_passe[a, b] = bool(re.search(_PASSE, propos) or re.search(_PASSE_COMPOSE, accentue))
        return self.au_passe[a, b]


_REFERENCE_JURIDIQUE = re.compile(r"\b(?:article|art\.?|alinea|n°|numero)\s*$")
_CHIFFRES_MAX = 18  # au-delà, une suite de chiffres n'est pas une valeur d'objectif


def _role_nombre(norm: str, debut: int, fin: int, unite: str | None, aujourd_hui: date,
                 variation: bool, passe: bool) -> tuple[str, int | None]:
    """Rôle d'un nombre : cible, reference, contexte, perimetre, relative, ponderation."""
    avant = norm[max(0, debut - 45):debut]
    apres = norm[fin:fin + 60]
    annee = None
    m = re.match(r"\s*(?:[^,;.()]{0,30}?)\ben\s+(\d{4})\b", apres)
    if m and _annee_valide(int(m.group(1))):
        annee = int(m.group(1))
    if re.search(r"(?:de plus de|superieur(?:e)?s? a|au-dessus de|au-dela de|inferieur(?:e)?s? a|de moins de|"
                 r"d'un montant de|excedant|depassant)\s*(?:\d+\s*)?$", avant) \
            or re.search(r"\b(?:dans|parmi|sur|pour)\s+les\s*$", avant) \
            or re.match(r"[^,;.]{0,50}\bles plus\b", apres):
        return "perimetre", None
    if re.search(r"(?:contre|par rapport a|compare(?:e)?s? a|au lieu de|vs\.?)\s*(?:environ\s+|pres de\s+)?$", avant) \
            or re.match(r"\s*(?:aujourd'hui|actuellement|a ce jour)", apres) \
            or (annee is not None and annee < aujourd_hui.year):
        return "reference", annee
    if re.search(r"(?:represent\w*|soit|pese\w*|qui compte\w*)\s*(?:environ\s+|pres de\s+|plus de\s+)?$", avant):
        return "contexte", None
    if re.search(r"\b(?:de|depuis)\s*$", avant) and re.match(r"[^.;]{0,40}?(?<!rapport )\ba\s+(?:\d|un |une )", apres):
        return "reference", annee
    if re.search(r"(?:ponder\w*|poids)\s*(?:a|de)?\s*(?:au moins|au minimum|minimum)?\s*$", avant):
        return "ponderation", None
    if variation and re.search(r"\bde\s*$", avant) and unite in ("%", "points", None) \
            and not re.search(r"(?:hauteur|plus|moins|etait|est|sera|montant|niveau)\s+de\s*$", avant):
        return "relative", None
    if passe:
        return "reference", annee
    return "cible", None


def _reperer_nombres(norm, origine, texte, temps, aujourd_hui) -> list[Repere]:
    pris = [False] * len(norm)
    for t in temps:
        for i in range(t.debut, t.fin):
            pris[i] = True
    variation = bool(re.search(VERBES_DE_VARIATION, norm))
    propositions = _Propositions(texte, norm, origine)
    nombres = []
    for m in _NOMBRE.finditer(norm):
        if any(pris[m.start():m.end()]):
            continue
        chiffres = m.group(1).replace(" ", "")
        if len(chiffres) > _CHIFFRES_MAX:
            continue
        entier = int(chiffres)
        valeur = float(f"{entier}.{m.group(2)}") if m.group(2) else float(entier)
        unite, mult, fin = _unite_apres(norm, m.end())
        if unite is None and m.group(2) is None and _annee_valide(entier) and len(m.group(1)) == 4:
            continue  # une année isolée (« la loi de 2021 ») n'est ni une cible ni une référence
        if unite is None and mult == 1.0 and _REFERENCE_JURIDIQUE.search(norm, max(0, m.start() - 40), m.start()):
            continue
        role, annee = _role_nombre(norm, m.start(), fin, unite, aujourd_hui, variation,
                                   propositions.est_au_passe(m.start(), fin))
        nombres.append(_repere("nombre", m.start(), fin, origine, texte, valeur=valeur * mult,
                               unite=unite, role=role, annee=annee))
    for m in re.finditer(r"\b(un tiers|deux tiers|un quart|trois quarts|la moitie)\b", norm):
        role, annee = _role_nombre(norm, m.start(), m.end(), "%", aujourd_hui, variation,
                                   propositions.est_au_passe(m.start(), m.end()))
        nombres.append(_repere("nombre", m.start(), m.end(), origine, texte, valeur=_FRACTIONS[m.group(1)],
                               unite="%", role=role, annee=annee))
    for m in re.finditer(r"\b(?:de moitie|doubl\w*|tripl\w*|divis\w* par (?:deux|2|trois|3|quatre|4))\b", norm):
        mot = m.group(0)
        facteur = (0.5 if "moitie" in mot or mot.endswith(("deux", "2")) else
                   2.0 if mot.startswith("doubl") else 3.0 if mot.startswith("tripl") else
                   1 / 3 if mot.endswith(("trois", "3")) else 0.25)
        nombres.append(_repere("nombre", m.start(), m.end(), origine, texte, valeur=facteur,
                               unite="facteur", role="relative"))
    return sorted(nombres, key=lambda r: r.debut)


# --- Assemblage ---------------------------------------------------------------------------------

def extraire(texte: str, *, aujourd_hui: date | None = None) -> Extraction:
    """Repère dans `texte` tout ce qui sert au jugement SMART (voir le module).

    Le temps est proportionnel à la longueur du texte ; au-delà de `limites.OBJECTIF_CARACTERES_MAX`
    caractères, `ErreurParametre` le dit."""
    verifier_longueur(texte)
    aujourd_hui = aujourd_hui or date.today()
    norm, origine = normaliser(texte)
    ex = Extraction(texte=texte)
    ex.temps = _reperer_temps(norm, origine, texte, aujourd_hui)
    ex.nombres = _reperer_nombres(norm, origine, texte, ex.temps, aujourd_hui)
    for axe, motif in THEMES.items():
        for r in _trouver(motif, norm, origine, texte, "theme"):
            r.valeur = axe
            ex.themes.append(r)
    ex.themes.sort(key=lambda r: r.debut)
    ex.objets_hors_theme = _trouver(OBJETS_HORS_THEME, norm, origine, texte, "objet")
    ex.populations = _trouver(POPULATIONS, norm, origine, texte, "population")
    ex.engagements = [r for r in _trouver(ENGAGEMENTS, norm, origine, texte, "engagement")
                      if not re.fullmatch(r"(?:dev|pour|fer|ser)ont", norm[r.debut:r.fin])]
    ex.intentions = _trouver(INTENTIONS, norm, origine, texte, "intention")
    ex.quantites = _trouver(QUANTITES, norm, origine, texte, "quantite")
    totalite = (r"\b(?:tou(?:s|tes) les (?!ans\b|mois\b|annees\b)|la totalite|l'ensemble des|"
                r"chaque (?:marche|contrat|consultation|lot|achat)|systematique\w*)")
    ex.totalites = [_repere("totalite", m.start(), m.end(), origine, texte, valeur=100.0)
                    for m in re.finditer(totalite, norm)]
    ex.totalites += [_repere("zero", m.start(), m.end(), origine, texte, valeur=0.0)
                     for m in re.finditer(r"\b(?:aucune?|zero)\b", norm)]
    if re.search(VERBES_DE_BAISSE, norm) or any(t.genre == "zero" for t in ex.totalites):
        ex.sens = "baisse"
    return ex
