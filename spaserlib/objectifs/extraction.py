"""Repérage, dans un objectif écrit librement en français, des éléments qui le rendent SMART.

Tout est fait par des règles lisibles (expressions régulières sur le texte mis en minuscules et
sans accents) : nombres, pourcentages, montants, échéances, verbes d'engagement ou d'intention vague,
thèmes, population (marchés, achats, famille…), mots de quantité. Chaque élément garde l'extrait du
texte d'origine qui le justifie, pour qu'un apprenant voie pourquoi l'analyseur a conclu.

La fonction publique est `extraire(texte, aujourd_hui=...) -> Extraction` ; `smart.py` en tire les
verdicts. Les marques de temps (échéances, périodes, durées…) sont repérées par `echeances.py`. Aucun réseau, aucun modèle téléchargé.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date

from spaserlib.commun import limites
from spaserlib.commun.erreurs import ErreurParametre
from spaserlib.objectifs.echeances import annee_valide, reperer_temps

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

THEMES = {
    "social": r"clauses? (?:sociales?|d'insertion)|considerations? sociales?|criteres? sociaux|"
              r"\bsocial\w*|insertion|handicap\w*|\besat\b|entreprises? adaptees?|\bsiae\b|"
              r"marches? reserves?|lots? reserves?|egalite|discrimination\w*|\bemploi\b|femmes?-hommes?|"
              r"travail (?:illegal|dissimule)|conditions de travail|secteur (?:adapte|protege)",
    "environnement": r"environnement\w*|ecolog\w*|carbone|\bges\b|gaz a effet de serre|emissions?|"
                     r"\bco2\b|energ\w*|dechets?|reemploi|reutilis\w*|recycl\w*|recondition\w*|"
                     r"biosourc\w*|\bbio\b|biologiques?|durables?|\bvert(?:e|s|es)?\b|eco-?respons\w*|"
                     r"ecolabel\w*|jetables?|plastiques?|gaspillage|economie circulaire|circuits? courts?|"
                     r"renouvelables?|electri\w*|thermiques?|phytosanitaires?|cycle de vie|usage unique|sobriete|\bfossiles?\b|"
                     r"consommation (?:de |d')(?:papier|eau|carburants?)",
    "economie": r"\bpme\b|\btpe\b|\bess\b|economie sociale et solidaire|\blocal(?:e|es)?\b|\blocaux\b|"
                r"delais? (?:global |globaux )?de paiement|primo-accedants?|commerce equitable|equitables?",
    "demarche": r"responsables?\b|\brse\b|\bspaser\b|\bspar\b|\bformation\b|\bformer\b|\bformes?\b",
}
OBJETS_HORS_THEME = (r"\bcouts?\b|\bprix\b|\beconomies\b|\bbudget\w*|\bdelais?\b|\bconsommation\b|\bqualite\b|"
                     r"\binnova\w*|\bconcurrence\b")
POPULATIONS = (r"\b(?:marches?|contrats?|lots?|consultations?|concessions?|achats?|depenses?|"
               r"commande publique|approvisionnements?|travaux|fournitures?|services?|"
               r"restauration(?: collective| scolaire)?|cantines?|repas|denrees|papier|chantiers?|factures?|commandes|mobilier|vehicules?|"
               r"parc automobile|dispositifs? medicaux|medicaments?|produits? de sante|nettoyage|informatiques?|batiments?|voirie|construction|btp|textiles?|"
               r"acheteurs?|agents?|fournisseurs?|titulaires?)\b")
ENGAGEMENTS = (r"\b(?:atteindre|atteindra|atteindrons|porter|portee?s?|porte a|passer|reduire|reduirons|"
               r"reduction|diminuer|diminution|diviser|baisser|augmenter|augmentation|accroitre|"
               r"doubler|tripler|maintenir|integrer|integrera|integrons|inclure|reserver|reservera|"
               r"consacrer|consacrera|attribuer|notifier|acheter|realiser|former|remplacer|renouveler|"
               r"supprimer|multiplier|sera|\w+eront)\b")
INTENTIONS = (r"\b(?:favoris\w*|encourag\w*|promouv\w*|promotion|sensibilis\w*|developp\w*|renforc\w*|"
              r"amelior\w*|tendre vers|tend\w* vers|vis(?:er|e|ons|ant)\b|contribu\w*|facilit\w*|"
              r"soutenir|soutien\w*|valoris\w*|poursuiv\w*|limit\w*|assur\w*|garanti\w*|veill\w*|"
              r"incit\w*|accompagn\w*|privilegi\w*|s'efforc\w*|chercher a|optimis\w*|voulons|"
              r"souhait\w*|etre exemplaire|faire mieux|oeuvr\w*)")
QUANTITES = (r"\b(?:part|parts|nombre|taux|proportion|pourcentage|montant|volume|heures?|quantite|"
             r"emissions?|empreinte|consommation|delais?)\b")
VERBES_DE_VARIATION = r"\b(?:reduire|reduction|diminu\w*|baiss\w*|augment\w*|accroi\w*|amelior\w*|renforc\w*|hausse\w*|progress\w*|relever)"
VERBES_DE_BAISSE = r"\b(?:reduire|reduction|reduirons|diminu\w*|baiss\w*|divis\w*|supprim\w*|limit\w*)"
_ENGAGEMENT_D_AUTRUI = re.compile(r"\b(?:encourag|incit|invit|accompagn|aid|pouss|sensibilis)\w*\b[^,;.]{0,40}\ba\s*$")
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
_NOMBRES_SUR = {"deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "dix": 10}
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


# --- Le temps (les règles sont dans echeances.py) -----------------------------------------------

def _reperer_temps(norm, origine, texte, aujourd_hui: date) -> list[Repere]:
    """Échéances, périodes, durées, périodicités et horizons vagues ; années de référence.

    Une échéance écrite dans un constat au passé (« En 2025, 22 % des marchés comportaient… ») est la
    date d'une valeur de départ, pas une échéance."""
    propositions = _Propositions(texte, norm, origine)
    reperes = []
    for t in reperer_temps(norm, aujourd_hui):
        genre, role = t.genre, t.role
        if genre == "echeance" and propositions.est_au_passe(t.debut, t.fin):
            genre, role = "reference", None
        reperes.append(_repere(genre, t.debut, t.fin, origine, texte, valeur=t.valeur, annee=t.annee, role=role))
    return reperes


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
    m = re.match(r"\s*(?:[^,;.()]{0,30}?)\ben\s+(\d{4})\b|\s*\((\d{4})\)", apres)
    if m and annee_valide(int(m.group(1) or m.group(2))):
        annee = int(m.group(1) or m.group(2))
    if re.search(r"(?:de plus de|superieur(?:e)?s? a|au-dessus de|au-dela de|inferieur(?:e)?s? a|de moins de|"
                 r"d'un montant de|excedant|depassant)\s*(?:\d+\s*)?$", avant) \
            or re.search(r"\b(?:dans|parmi|sur|pour)\s+les\s*$", avant) \
            or (re.search(r"\bles\s*$", avant) and re.match(r"[^,;.]{0,50}\bles plus\b", apres)):
        return "perimetre", None
    if re.search(r"(?:contre|par rapport a|compare(?:e)?s? a|au lieu de|vs\.?)\s*(?:environ\s+|pres de\s+)?$", avant) \
            or re.match(r"\s*(?:aujourd'hui|actuellement|a ce jour)", apres) \
            or re.search(r"\b(?:valeurs?|references?|situation|point de depart)(?: de reference| initiale| actuelle| de depart)?"
                         r"\s*(?:\(?\d{4}\)?)?\s*:\s*$", avant) \
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
        if unite is None and m.group(2) is None and annee_valide(entier) and len(m.group(1)) == 4:
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
    for m in re.finditer(r"\b(un|une) (?:marche|contrat|lot|consultation|achat|acheteur|agent)s? sur (deux|trois|quatre|cinq|dix)\b", norm):
        role, annee = _role_nombre(norm, m.start(), m.end(), "%", aujourd_hui, variation,
                                   propositions.est_au_passe(m.start(), m.end()))
        nombres.append(_repere("nombre", m.start(), m.end(), origine, texte, valeur=100 / _NOMBRES_SUR[m.group(2)],
                               unite="%", role=role, annee=annee))
    for m in re.finditer(r"\b(?:de moitie|doubl\w*|tripl\w*|(?:divis|multipli)\w* par (?:deux|2|trois|3|quatre|4))\b", norm):
        mot = m.group(0)
        if mot.startswith("multipli"):
            nombres.append(_repere("nombre", m.start(), m.end(), origine, texte, role="relative", unite="facteur",
                                   valeur=float(_NOMBRES_SUR.get(mot.split()[-1]) or mot.split()[-1])))
            continue
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
    dans_le_temps = [(t.debut, t.fin) for t in ex.temps]  # « dans un délai de 18 mois » : « délai » est du temps

    def hors_du_temps(reperes):
        return [r for r in reperes if not any(a <= r.debut and r.fin <= b for a, b in dans_le_temps)]

    ex.objets_hors_theme = hors_du_temps(_trouver(OBJETS_HORS_THEME, norm, origine, texte, "objet"))
    ex.populations = _trouver(POPULATIONS, norm, origine, texte, "population")
    # « encourager les fournisseurs à réduire » : l'engagement est celui d'autrui, l'objectif reste une intention
    ex.engagements = [r for r in _trouver(ENGAGEMENTS, norm, origine, texte, "engagement")
                      if not re.fullmatch(r"(?:dev|pour|fer|ser)ont", norm[r.debut:r.fin])
                      and not _ENGAGEMENT_D_AUTRUI.search(norm, max(0, r.debut - 60), r.debut)]
    ex.intentions = _trouver(INTENTIONS, norm, origine, texte, "intention")
    ex.quantites = hors_du_temps(_trouver(QUANTITES, norm, origine, texte, "quantite"))
    totalite = (r"\b(?:tou(?:s|tes) les (?!ans\b|mois\b|annees\b)|la totalite|l'ensemble des|"
                r"chaque (?:marche|contrat|consultation|lot|achat)|systematique\w*)")
    ex.totalites = [_repere("totalite", m.start(), m.end(), origine, texte, valeur=100.0)
                    for m in re.finditer(totalite, norm)]
    ex.totalites += [_repere("zero", m.start(), m.end(), origine, texte, valeur=0.0)
                     for m in re.finditer(r"\b(?:aucune?|zero)\b", norm)]
    if re.search(VERBES_DE_BAISSE, norm) or any(t.genre == "zero" for t in ex.totalites):
        ex.sens = "baisse"
    return ex
