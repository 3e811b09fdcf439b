"""Les objectifs SMART : verdicts par critère, sur un texte libre ou sur un objectif structuré.

Cinq critères (clés stables) : « specifique », « mesurable », « atteignable » (Atteignable /
Ambitieux), « realiste » (Réaliste / Pertinent), « temporel » (Temporellement défini). Chacun reçoit
un Verdict : niveau « rempli », « partiel » ou « absent », les mots du texte qui le justifient, une
explication et un conseil concret. Les règles (grille écrite en tête de tests/donnees/corpus_smart.yaml)
sont transparentes : le repérage est dans `extraction.py` (les marques de temps dans `echeances.py`),
le jugement ici.

    analyser_objectif(texte, aujourd_hui=None, marches=None, achats=None) -> AnalyseSmart
    tableau_smart(textes, aujourd_hui=None) -> DataFrame (une ligne par objectif)
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date

import pandas as pd

from spaserlib.commun import format_fr
from spaserlib.commun.erreurs import ErreurParametre
from spaserlib.objectifs.extraction import (
    Extraction,
    Repere,
    extraire,
    normaliser,
    verifier_longueur,
)
from spaserlib.objectifs.modele import UNITES, Objectif
from spaserlib.objectifs.planchers import plancher_legal
from spaserlib.objectifs.realisme import Realisme, evaluer_realisme

CRITERES = {
    "specifique": "Spécifique",
    "mesurable": "Mesurable",
    "atteignable": "Atteignable / Ambitieux",
    "realiste": "Réaliste / Pertinent",
    "temporel": "Temporellement défini",
}
NIVEAUX = ("rempli", "partiel", "absent")
AXES = {"social": "social", "environnement": "environnemental", "economie": "économie responsable",
        "demarche": "démarche d'achats responsables"}
_PARTS = ("part_nombre", "part_valeur", "pourcentage")


@dataclass
class Verdict:
    """Le jugement d'un critère SMART."""

    critere: str
    niveau: str
    mots: list[str] = field(default_factory=list)
    explication: str = ""
    conseil: str = ""

    def en_dict(self) -> dict:
        return asdict(self)


@dataclass
class AnalyseSmart:
    """Le résultat d'une analyse : un verdict par critère, l'objectif structuré, le réalisme éventuel."""

    objectif: Objectif
    verdicts: dict[str, Verdict]
    texte: str | None = None
    realisme: Realisme | None = None
    plancher: str | None = None  # la cible est sous le plancher légal, ou le reprend (`objectifs.planchers`)

    @property
    def niveaux(self) -> dict[str, str]:
        return {cle: v.niveau for cle, v in self.verdicts.items()}

    @property
    def est_smart(self) -> bool:
        return all(v.niveau == "rempli" for v in self.verdicts.values())

    def en_dict(self) -> dict:
        return {
            "texte": self.texte,
            "smart": self.est_smart,
            "verdicts": {cle: v.en_dict() for cle, v in self.verdicts.items()},
            "objectif": self.objectif.en_dict() | {"indicateur_l2111_3": self.objectif.indicateur_l2111_3},
            "realisme": self.realisme.en_dict() if self.realisme else None,
            "plancher_legal": self.plancher,
        }

    def __str__(self) -> str:
        lignes = [f"Objectif : {self.texte or self.objectif.libelle}", ""]
        if self.plancher:
            lignes += [f"⚠ {self.plancher}", ""]
        largeur = max(len(n) for n in CRITERES.values())
        for cle, v in self.verdicts.items():
            mots = f" ({' ; '.join('« ' + m + ' »' for m in v.mots)})" if v.mots else ""
            lignes.append(f"{CRITERES[cle]:<{largeur}}  {v.niveau.upper():<7}  {v.explication}{mots}")
            if v.conseil:
                lignes.append(f"{'':<{largeur}}  {'':<7}  → {v.conseil}")
        lignes.append("")
        lignes.append("Champs extraits :")
        for nom, valeur in _champs_lisibles(self.objectif):
            lignes.append(f"  {nom} : {valeur}")
        return "\n".join(lignes)


def _champs_lisibles(o: Objectif) -> list[tuple[str, str]]:
    champs = [("indicateur", o.indicateur), ("unité", UNITES[o.unite][0] if o.unite in UNITES else o.unite),
              ("périmètre", o.perimetre), ("cible", _fmt(o.cible, o.unite)), ("échéance", o.echeance.isoformat() if o.echeance else None),
              ("valeur de référence", _fmt(o.valeur_reference, o.unite)), ("année de référence", o.annee_reference), ("axe", o.axe)]
    return [(n, str(v)) for n, v in champs if v not in (None, "")]


def _fmt(x: float | None, unite: str | None = None) -> str | None:
    """Une valeur à la française, avec son unité quand elle est connue (« 30 % », « 1,5 M€ »)."""
    if x is None:
        return None
    if unite in _PARTS:
        return format_fr.pourcentage(x / 100)
    if unite == "valeur_euros":
        return format_fr.euros_courts(x)
    texte = format_fr.nombre(x, 2)
    return texte[:-3] if texte.endswith(",00") else texte.rstrip("0")


def mots_cites(reperes) -> list[str]:
    """Les extraits distincts des repères, dans leur ordre : les mots du texte qui justifient un verdict."""
    vus = []
    for r in reperes:
        if r.extrait and r.extrait not in vus:
            vus.append(r.extrait)
    return vus


# --- Du texte à l'objectif structuré -------------------------------------------------------------

def _unite_de_part(norm: str, r: Repere) -> str:
    apres = norm[r.fin:r.fin + 40]
    if re.search(r"\ben valeur\b|\bdu montant\b|\ben montant\b", norm) or re.match(r"\s*(?:des|de|d')\s*(?:achats|depenses)", apres):
        return "part_valeur"
    if re.search(r"\ben nombre\b", norm) or re.match(r"\s*(?:des|de|d')\s*(?:\w+\s+)?(?:marches|contrats|consultations|lots|concessions)", apres):
        return "part_nombre"
    # « porter à 2,5 % la part des achats… » : l'indicateur est nommé ailleurs dans la phrase
    if re.search(r"\b(?:part|taux|proportion) (?:des|de|d') ?(?:achats|depenses)\b", norm):
        return "part_valeur"
    if re.search(r"\b(?:part|taux|proportion) (?:des|de|d') ?(?:marches|contrats|consultations|lots)\b", norm):
        return "part_nombre"
    return "pourcentage"


def _unite_indicateur(norm: str) -> str:
    if re.search(r"heures?", norm):
        return "heures_insertion"
    if re.search(r"\bmontant|\beuros?\b|€", norm):
        return "valeur_euros"
    if re.search(r"emissions?|empreinte|carbone|\bges\b|co2", norm):
        return "tonnes_co2e"
    if re.search(r"\b(?:part|taux|proportion|pourcentage)\b", norm):
        return "part_valeur" if re.search(r"\ben valeur\b|\bdu montant\b|\bachats\b|\bdepenses\b", norm) else "part_nombre"
    if re.search(r"\bnombre\b.*\b(?:marches|contrats)", norm):
        return "nombre_contrats"
    return "autre"


_UNITE_BRUTE = {"euros": "valeur_euros", "heures": "heures_insertion", "tonnes": "tonnes",
                "tonnes_co2e": "tonnes_co2e", "contrats": "nombre_contrats", "personnes": "personnes"}


def _perimetre(norm: str, origine: list[int], texte: str, ex: Extraction) -> str | None:
    pops = [p for p in ex.populations if not re.fullmatch(r"acheteurs?|agents?|fournisseurs?|titulaires?", norm[p.debut:p.fin])]
    pops = pops or ex.populations
    if not pops:
        return None
    p = pops[0]
    m = re.compile(r"(?:\s+(?:de|d')\s*(?:la\s+|l')?(?!\d)[a-z-]+(?:\s+(?:collective|scolaire|alimentaires|de bureau|publics?))?"
                   r"|\s+(?:notifies|publics|informatiques|reserves|municipaux|locaux))?").match(norm, p.fin)
    fin = m.end() if m else p.fin
    if re.search(r"\s+(?:de|d')\s*(?:la\s+|l')?(?:l|la|le|les|un|une|nos|leur)$", norm[p.debut:fin]):
        fin = p.fin
    return texte[origine[p.debut]:origine[fin - 1] + 1]


def objectif_depuis_extraction(ex: Extraction) -> Objectif:
    """Construit l'Objectif structuré (cible, unité, échéance, référence, périmètre…) repéré dans le texte."""
    norm, origine = normaliser(ex.texte)
    o = Objectif(libelle=ex.texte.strip())
    extras: dict = {"sens": ex.sens}
    cibles = [n for n in ex.nombres_de_role("cible")
              if not re.search(r"\bdont\s*$", norm[max(0, n.debut - 8):n.debut])]
    relatives = ex.nombres_de_role("relative")
    ponderations = ex.nombres_de_role("ponderation")
    if cibles:
        c = cibles[0]
        o.cible = c.valeur
        o.unite = _unite_de_part(norm, c) if c.unite == "%" else (
            _unite_indicateur(norm) if c.unite == "points" else _UNITE_BRUTE.get(c.unite, "autre"))
    elif ex.totalites:
        t = ex.totalites[0]
        o.cible = t.valeur
        o.unite = "autre" if t.genre == "zero" else (
            "part_nombre" if re.search(r"\b(?:marches|contrats|consultations|lots)\b", norm) else "pourcentage")
    elif ponderations:
        o.cible, o.unite = ponderations[0].valeur, "pourcentage"
        extras["ponderation"] = True
    if relatives:
        v = relatives[0]
        if v.unite == "facteur":
            extras["variation"], extras["variation_unite"] = v.valeur, "facteur"
        else:
            signe = -1 if ex.sens == "baisse" else 1
            extras["variation"], extras["variation_unite"] = signe * v.valeur, v.unite or "%"
        if o.unite is None:
            o.unite = _unite_indicateur(norm)
    references = ex.nombres_de_role("reference")
    if references:
        o.valeur_reference = references[0].valeur
        o.annee_reference = references[0].annee
    annees_ref = [t.annee for t in ex.temps if t.genre == "reference" and t.annee and t.role != "depuis"]
    if o.annee_reference is None and annees_ref and (references or not cibles):
        o.annee_reference = annees_ref[0]
    echeances = [t for t in ex.temps if t.genre in ("echeance", "periode", "duree")]
    if echeances:
        a_venir = [t for t in echeances if t.role != "passee"]
        o.echeance = (a_venir or echeances)[-1].valeur
        if not a_venir:
            extras["echeance_passee"] = True
    debuts = [t for t in ex.temps if t.genre == "debut"]
    if debuts:
        extras["debut"] = debuts[0].valeur.isoformat()
    periodes = [t for t in ex.temps if t.genre == "periodicite"]
    if periodes:
        extras["periodicite"] = periodes[0].extrait
    axes = Counter(t.valeur for t in ex.themes if t.valeur in ("social", "environnement", "economie"))
    if axes:
        o.axe = AXES[axes.most_common(1)[0][0]]
    o.perimetre = _perimetre(norm, origine, ex.texte, ex)
    o.indicateur = _indicateur(norm, origine, ex.texte, ex, cibles)
    if ex.themes:
        extras["themes"] = mots_cites(ex.themes)
    o.extras = extras
    return o


_ARRET = r"(?=\s*(?:[,;.(]|$|\bd'ici\b|\bavant\b|\ben \d{4}|\bcontre\b|\bpour\b|\ba l'horizon\b|\bsous\b|\bchaque\b|\bpar an\b|\bde \d|\ba \d|\bdes \d{4}|\ba partir\b|\bdans les \d|\bsur la periode\b))"


def _indicateur(norm, origine, texte, ex: Extraction, cibles) -> str | None:
    if ex.quantites:
        q = ex.quantites[0]
        m = re.compile(rf".{{0,90}}?{_ARRET}").match(norm, q.debut)
        fin = m.end() if m and m.end() > q.fin else q.fin
        return texte[origine[q.debut]:origine[fin - 1] + 1].strip()
    if cibles and cibles[0].unite == "%":
        m = re.compile(rf"\s*(?:de |des |d')(.{{3,90}}?){_ARRET}").match(norm, cibles[0].fin)
        if m:
            return "part " + texte[origine[m.start()]:origine[m.end() - 1] + 1].strip()
    if cibles and cibles[0].unite in _UNITE_BRUTE:
        c = cibles[0]
        debut = c.fin if c.unite == "euros" else re.compile(r"[\d ,.]*\d\s*").match(norm, c.debut).end()
        debut = re.compile(r"\s*(?:par an|chaque annee|par annee|/ ?an)?\s*").match(norm, debut).end()
        m = re.compile(rf".{{3,90}}?{_ARRET}").match(norm, debut)
        if m:
            phrase = texte[origine[m.start()]:origine[m.end() - 1] + 1].strip()
            return f"montant {phrase}" if c.unite == "euros" else phrase
    return None


# --- Les verdicts ----------------------------------------------------------------------------------

def _verdict_specifique(ex: Extraction, a_cible: bool) -> Verdict:
    objets = ex.themes + ex.objets_hors_theme
    mots = mots_cites(sorted(objets + ex.populations + ex.engagements + ex.intentions, key=lambda r: r.debut))
    if not objets:
        return Verdict("specifique", "absent", mots, "On ne sait pas sur quoi porte l'objectif.",
                       "Nommez le levier visé : clause sociale, critère environnemental, achats auprès de l'ESS, "
                       "heures d'insertion, papier recyclé…")
    if ex.populations and (ex.engagements or a_cible):
        conseil = ""
        if ex.intentions and not ex.engagements:
            conseil = f"Remplacez « {ex.intentions[0].extrait} » par un verbe d'engagement (atteindre, porter à, intégrer dans)."
        return Verdict("specifique", "rempli", mots, "L'objectif dit sur quoi il porte et à quels contrats ou achats il s'applique.", conseil)
    if not ex.populations:
        return Verdict("specifique", "partiel", mots, "Le thème est clair, mais pas le périmètre.",
                       "Précisez à quoi l'objectif s'applique : une famille (« marchés de travaux »), un type de "
                       "contrat, un service, les acheteurs.")
    vague = f"« {ex.intentions[0].extrait} »" if ex.intentions else "une intention"
    return Verdict("specifique", "partiel", mots, f"L'objectif reste une intention ({vague}), sans engagement précis.",
                   "Formulez un engagement : « intégrer une clause d'insertion dans 25 % des marchés de travaux ».")


def _verdict_mesurable(ex: Extraction, o: Objectif) -> Verdict:
    cibles = ex.nombres_de_role("cible", "relative", "ponderation")
    ignores = ex.nombres_de_role("contexte", "perimetre")
    note = "".join(f" « {n.extrait} » {'décrit le contexte' if n.role == 'contexte' else 'délimite le périmètre'}, ce n'est pas une cible."
                   for n in ignores)
    if cibles or ex.totalites:
        conseil = ""
        if o.unite and not o.indicateur_l2111_3:
            conseil = "L'article L2111-3 demande des indicateurs exprimés en nombre de contrats ou en valeur : ajoutez-en un."
        elif o.valeur_reference is None and "variation" not in o.extras:
            conseil = "Donnez aussi la valeur de départ, pour suivre la progression."
        return Verdict("mesurable", "rempli", mots_cites(cibles + ex.totalites), "Une valeur cible est donnée." + note, conseil)
    references = ex.nombres_de_role("reference")
    if references or ex.quantites:
        explication = ("Seule une valeur de référence est donnée : il manque la valeur à atteindre." if references
                       else "L'indicateur est nommé, mais sans valeur à atteindre.")
        return Verdict("mesurable", "partiel", mots_cites(references + ex.quantites), explication + note,
                       "Ajoutez la valeur visée : « atteindre 30 % des marchés notifiés ».")
    return Verdict("mesurable", "absent", mots_cites(ignores), "Aucun indicateur ni valeur cible : on ne saura pas dire "
                   "si l'objectif est atteint." + note,
                   "Choisissez un indicateur (part des marchés, montant, heures d'insertion) et une valeur cible.")


def _atteignable_texte(o: Objectif, mots: list[str]) -> Verdict:
    if "variation" in o.extras:
        return Verdict("atteignable", "rempli", mots, "L'effort demandé est explicite (variation par rapport à l'existant).",
                       "Vérifiez avec vos données que le rythme requis est tenable.")
    if o.cible is None:
        return Verdict("atteignable", "absent", mots, "Sans valeur cible, l'ambition ne peut pas être jugée.",
                       "Fixez une cible chiffrée et la situation de départ.")
    if o.unite in _PARTS and o.cible > 100:
        return Verdict("atteignable", "absent", mots, f"Une part ne peut pas dépasser 100 % (cible : {_fmt(o.cible, o.unite)}).",
                       "Corrigez la cible.")
    if o.valeur_reference is None:
        return Verdict("atteignable", "partiel", mots, "Une cible est donnée, sans valeur de départ : l'ambition ne peut pas être jugée.",
                       "Ajoutez la situation actuelle, avec son année : « contre 12 % en 2023 ».")
    depasse = o.cible < o.valeur_reference if o.extras.get("sens") == "baisse" else o.cible > o.valeur_reference
    if not depasse:
        return Verdict("atteignable", "absent", mots, f"La cible ({_fmt(o.cible, o.unite)}) ne dépasse pas la valeur de départ "
                       f"({_fmt(o.valeur_reference, o.unite)}) : l'objectif est peu ambitieux.", "Relevez la cible au-delà de l'existant.")
    return Verdict("atteignable", "rempli", mots, f"La cible ({_fmt(o.cible, o.unite)}) va au-delà de la valeur de départ "
                   f"({_fmt(o.valeur_reference, o.unite)}) : l'ambition est visible.",
                   "Vérifiez avec vos données que le rythme de progression requis est tenable.")


_DEPUIS_REALISME = {"peu_ambitieux": "absent", "hors_de_portee": "partiel", "exigeant": "rempli", "atteignable": "rempli"}


def verdict_atteignable(o: Objectif, mots: list[str], realisme: Realisme | None) -> Verdict:
    """Le verdict « atteignable / ambitieux » : la cible lue dans le texte, puis confrontée aux données quand il y en a."""
    verdict = _atteignable_texte(o, mots)
    if realisme is None:
        return verdict
    if realisme.verdict in _DEPUIS_REALISME:
        conseil = {"peu_ambitieux": "Relevez la cible au-delà de la situation actuelle.",
                   "hors_de_portee": "Reportez l'échéance ou prévoyez des leviers qui accélèrent nettement la progression.",
                   "exigeant": "Planifiez les leviers qui permettront d'accélérer (clauses types, marchés réservés…).",
                   "atteignable": "La cible suit la tendance : envisagez de la relever."}[realisme.verdict]
        return Verdict("atteignable", _DEPUIS_REALISME[realisme.verdict], mots, realisme.message, conseil)
    verdict.explication += " Données : " + realisme.message
    return verdict


def _verdict_realiste(ex: Extraction, o: Objectif) -> Verdict:
    themes = ex.themes
    suivable = bool(ex.quantites or ex.totalites or
                    [n for n in ex.nombres if n.role in ("cible", "reference", "relative", "ponderation")])
    mots = mots_cites(themes + ex.quantites)
    if themes and suivable:
        axes = sorted({AXES[t.valeur] for t in themes})
        conseil = "" if o.indicateur_l2111_3 else (
            "L'article L2111-3 demande des indicateurs exprimés en nombre de contrats ou en valeur : "
            "prévoyez aussi un tel indicateur.")
        return Verdict("realiste", "rempli", mots, f"L'objectif relève d'un axe du SPASER ({', '.join(axes)}) "
                       "et son indicateur peut être suivi.", conseil)
    if themes:
        return Verdict("realiste", "partiel", mots, "Le thème relève bien d'un SPASER, mais rien ne permet de le suivre.",
                       "Choisissez un indicateur suivable dans vos données : part des marchés (en nombre ou en valeur), "
                       "montant, heures d'insertion.")
    if suivable:
        return Verdict("realiste", "partiel", mots, "L'indicateur est suivable, mais l'objectif ne relève d'aucun axe "
                       "social, environnemental ou d'économie responsable d'un SPASER.",
                       "Rattachez l'objectif à un enjeu social ou environnemental de vos achats.")
    return Verdict("realiste", "absent", mots, "Ni thème d'un SPASER ni indicateur suivable.",
                   "Rattachez l'objectif à un enjeu social ou environnemental et à un indicateur de vos données.")


def _verdict_temporel(ex: Extraction) -> Verdict:
    datees = [t for t in ex.temps if t.genre in ("echeance", "periode", "duree", "debut")]
    periodiques = [t for t in ex.temps if t.genre == "periodicite"]
    vagues = [t for t in ex.temps if t.genre == "vague"]
    references = [t for t in ex.temps if t.genre == "reference"]
    if datees:
        a_venir = [t for t in datees if t.role != "passee"]
        if a_venir:
            t = a_venir[-1]
            quand = t.valeur.strftime("%d/%m/%Y") if isinstance(t.valeur, date) else t.extrait
            nature = "Date de départ" if t.genre == "debut" else "Échéance"
            return Verdict("temporel", "rempli", mots_cites(datees + periodiques), f"{nature} : {quand}.",
                           "Prévoyez des jalons annuels : le suivi des objectifs du SPASER est annuel (article L2111-3).")
        return Verdict("temporel", "partiel", mots_cites(datees), f"L'échéance ({datees[-1].valeur.strftime('%d/%m/%Y')}) est déjà passée.",
                       "Fixez une nouvelle échéance à venir.")
    if periodiques:
        return Verdict("temporel", "rempli", mots_cites(periodiques), "L'objectif est annuel ou périodique.",
                       "Précisez aussi la durée d'engagement (par exemple la période du SPASER).")
    if vagues:
        if re.search(r"mandat|schema|spaser|spar|plan", normaliser(vagues[0].extrait)[0]):
            # « à l'échéance du schéma », « sur la durée du SPASER » : la date existe ailleurs, le lecteur ne l'a pas
            return Verdict("temporel", "partiel", mots_cites(vagues), f"L'horizon (« {vagues[0].extrait} ») renvoie à une "
                           "période qui n'est pas datée dans l'objectif.",
                           "Écrivez la date de fin : « d'ici fin 2028 » pour un SPASER 2026-2028, « au 31 décembre 2029 ».")
        return Verdict("temporel", "partiel", mots_cites(vagues), f"L'horizon est vague (« {vagues[0].extrait} »).",
                       "Remplacez-le par une date : « d'ici 2027 », « au 31 décembre 2026 ».")
    note = "".join(f" « {t.extrait} » est une année de référence, pas une échéance." for t in references)
    return Verdict("temporel", "absent", mots_cites(references), "Aucune échéance." + note,
                   "Ajoutez une date : « d'ici 2027 », « au 31 décembre 2026 », ou « chaque année ».")


def realisme_sur_donnees(objectif, marches, achats, aujourd_hui) -> Realisme | None:
    """Le réalisme de l'objectif calculé sur les marchés ou les achats de l'organisation ; None sans données."""
    if marches is None and achats is None:
        return None
    return evaluer_realisme(objectif, marches=marches, achats=achats, aujourd_hui=aujourd_hui)


def analyser_objectif(texte: str, *, aujourd_hui: date | None = None, marches=None, achats=None) -> AnalyseSmart:
    """Analyse un objectif écrit librement en français et rend un verdict SMART par critère.

    `aujourd_hui` (par défaut la date du jour) sert à dire si une échéance est passée et à dater
    « sous 18 mois ». Avec `marches` ou `achats` (tables canoniques), le critère « atteignable » est
    jugé sur les données (voir `realisme.evaluer_realisme`). Lève ErreurParametre si le texte est vide
    ou dépasse `limites.OBJECTIF_CARACTERES_MAX` caractères ; le temps d'analyse est proportionnel à
    la longueur du texte.
    """
    if not isinstance(texte, str) or not texte.strip():
        raise ErreurParametre("Le texte de l'objectif est vide : écrivez l'objectif à analyser, par exemple "
                              "« Atteindre 30 % de marchés avec une clause sociale d'ici 2027 ».")
    verifier_longueur(texte)
    aujourd_hui = aujourd_hui or date.today()
    ex = extraire(texte, aujourd_hui=aujourd_hui)
    o = objectif_depuis_extraction(ex)
    a_cible = bool(ex.nombres_de_role("cible", "relative", "ponderation") or ex.totalites)
    realisme = realisme_sur_donnees(o, marches, achats, aujourd_hui)
    mots_a = mots_cites(ex.nombres_de_role("cible", "relative", "reference") + ex.totalites)
    verdicts = {
        "specifique": _verdict_specifique(ex, a_cible),
        "mesurable": _verdict_mesurable(ex, o),
        "atteignable": verdict_atteignable(o, mots_a, realisme),
        "realiste": _verdict_realiste(ex, o),
        "temporel": _verdict_temporel(ex),
    }
    return avec_plancher(AnalyseSmart(objectif=o, verdicts=verdicts, texte=texte, realisme=realisme), aujourd_hui)


def avec_plancher(analyse: AnalyseSmart, aujourd_hui: date) -> AnalyseSmart:
    """Signale une cible sous le plancher légal (le critère « atteignable » n'est plus rempli : la loi impose
    davantage) ou qui ne fait que le reprendre (objectif de conformité)."""
    plancher = plancher_legal(analyse.objectif, aujourd_hui=aujourd_hui)
    if plancher is None:
        return analyse
    analyse.plancher = plancher.message
    v = analyse.verdicts["atteignable"]
    if plancher.conformite:
        v.explication = f"{plancher.message} {v.explication}".strip()
    else:
        v.niveau = "partiel" if v.niveau == "rempli" else v.niveau
        v.explication = f"{plancher.message} {v.explication}".strip()
        v.conseil = (f"Relevez la cible : la loi impose 100 % des marchés concernés ({plancher.references}) ; "
                     "fixez l'ambition au-delà (pondération des critères, résultats mesurés).")
    return analyse


def tableau_smart(textes, *, aujourd_hui: date | None = None) -> pd.DataFrame:
    """Analyse une liste d'objectifs et rend un tableau : une ligne par texte, un niveau par critère,
    puis les champs extraits (cible, unité, échéance, valeur et année de référence)."""
    lignes = []
    for texte in textes:
        a = analyser_objectif(texte, aujourd_hui=aujourd_hui)
        o = a.objectif
        lignes.append({"texte": texte, **a.niveaux, "smart": a.est_smart, "cible": o.cible, "unite": o.unite,
                       "echeance": o.echeance, "valeur_reference": o.valeur_reference,
                       "annee_reference": o.annee_reference})
    colonnes = ["texte", *CRITERES, "smart", "cible", "unite", "echeance", "valeur_reference", "annee_reference"]
    return pd.DataFrame(lignes, columns=colonnes)
