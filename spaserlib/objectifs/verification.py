"""Vérifier un objectif déjà structuré (fichier d'objectifs, projet de SPASER) sur les cinq critères SMART.

`verifier_objectif(objectif, aujourd_hui=None, marches=None, achats=None) -> AnalyseSmart` juge les
champs renseignés (indicateur, périmètre, cible, unité, échéance…) sans analyser le libellé, avec le
réalisme calculé sur les données quand elles sont fournies et le plancher légal
(`spaserlib.objectifs.planchers`) ; l'analyse d'un texte libre est `smart.analyser_objectif`.
"""

from __future__ import annotations

import re
from datetime import date

from spaserlib.objectifs.extraction import extraire
from spaserlib.objectifs.modele import Objectif
from spaserlib.objectifs.smart import AnalyseSmart, Verdict, avec_plancher, mots_cites, realisme_sur_donnees, verdict_atteignable


def verifier_objectif(objectif: Objectif, *, aujourd_hui: date | None = None, marches=None, achats=None) -> AnalyseSmart:
    """Vérifie les cinq critères sur un objectif déjà structuré, sans analyser son libellé."""
    aujourd_hui = aujourd_hui or date.today()
    o = objectif
    champs = lambda *noms: [f"{n} : {getattr(o, n)}" for n in noms if getattr(o, n) not in (None, "")]
    a_cible = o.cible is not None or "variation" in o.extras
    if o.indicateur and o.perimetre:
        s = Verdict("specifique", "rempli", champs("indicateur", "perimetre"), "Indicateur et périmètre sont renseignés.")
    elif o.indicateur or o.perimetre:
        s = Verdict("specifique", "partiel", champs("indicateur", "perimetre"), "Il manque l'indicateur ou le périmètre.",
                    "Renseignez les deux champs « indicateur » et « perimetre ».")
    else:
        s = Verdict("specifique", "absent", [], "Ni indicateur ni périmètre.", "Renseignez « indicateur » et « perimetre ».")
    if a_cible and o.unite:
        conseil = "" if o.indicateur_l2111_3 else "L'article L2111-3 demande un indicateur en nombre de contrats ou en valeur."
        m = Verdict("mesurable", "rempli", champs("cible", "unite"), "Cible et unité sont renseignées.", conseil)
    elif a_cible or o.unite or o.valeur_reference is not None:
        m = Verdict("mesurable", "partiel", champs("cible", "unite", "valeur_reference"), "Il manque la cible ou son unité.",
                    "Renseignez « cible » et « unite ».")
    else:
        m = Verdict("mesurable", "absent", [], "Ni cible ni unité.", "Renseignez « cible » et « unite ».")
    realisme = realisme_sur_donnees(o, marches, achats, aujourd_hui)
    a = verdict_atteignable(o, champs("cible", "valeur_reference"), realisme)
    texte_theme = " ".join(filter(None, [o.libelle, o.indicateur, o.axe]))
    themes = extraire(texte_theme, aujourd_hui=aujourd_hui).themes if texte_theme else []
    if themes and o.unite:
        conseil = "" if o.indicateur_l2111_3 else "L'article L2111-3 demande un indicateur en nombre de contrats ou en valeur."
        r = Verdict("realiste", "rempli", mots_cites(themes), "L'objectif relève d'un axe du SPASER et son indicateur est suivable.", conseil)
    elif themes or o.unite or o.indicateur:
        r = Verdict("realiste", "partiel", mots_cites(themes), "Il manque le rattachement à un axe du SPASER ou un indicateur suivable.",
                    "Précisez l'axe (social, environnemental) et l'indicateur.")
    else:
        r = Verdict("realiste", "absent", [], "Ni axe du SPASER ni indicateur.", "Renseignez « axe » et « indicateur ».")
    if o.echeance and o.echeance >= aujourd_hui:
        t = Verdict("temporel", "rempli", [o.echeance.isoformat()], f"Échéance : {o.echeance.strftime('%d/%m/%Y')}.")
    elif o.echeance:
        t = Verdict("temporel", "partiel", [o.echeance.isoformat()], f"L'échéance ({o.echeance.strftime('%d/%m/%Y')}) est déjà passée.",
                    "Fixez une nouvelle échéance à venir.")
    elif o.extras.get("periodicite") or o.extras.get("debut"):
        t = Verdict("temporel", "rempli", [str(o.extras.get("periodicite") or o.extras.get("debut"))], "L'objectif est daté ou périodique.")
    elif re.fullmatch(r"\d{4}-\d{4}", str(o.extras.get("periode", ""))):
        t = Verdict("temporel", "rempli", [o.extras["periode"]], f"Période : {o.extras['periode']} (échéance exacte non renseignée).",
                    "Renseignez l'échéance exacte dans « echeance ».")
    else:
        t = Verdict("temporel", "absent", [], "Aucune échéance.", "Renseignez « echeance ».")
    return avec_plancher(AnalyseSmart(objectif=o, verdicts={"specifique": s, "mesurable": m, "atteignable": a,
                                                             "realiste": r, "temporel": t}, texte=None, realisme=realisme),
                          aujourd_hui)
