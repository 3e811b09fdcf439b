"""Juger les réponses des exercices : fonctions pures, partagées par les widgets et par la notation.

Chaque fonction prend les réponses brutes d'un apprenant (telles qu'enregistrées dans son fichier
JSON) et un corrigé, et rend une table : une ligne par élément jugé, avec les points, le maximum
et une explication en français. Aucune ne lit de fichier ni n'exécute de code d'apprenant.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from importlib import resources

import pandas as pd
import yaml

from spaserlib.commun.erreurs import ErreurParametre
from spaserlib.objectifs.fichiers import ALIAS_LIBELLE

# (impact élevé ?, risque élevé ?) de chaque quadrant de Kraljic.
POSITIONS = {
    "stratégiques": (True, True),
    "leviers": (True, False),
    "critiques": (False, True),
    "simples": (False, False),
}
COLONNES = ["element", "reponse", "reference", "verdict", "points", "maximum", "explication"]


@cache
def bareme_par_defaut() -> dict:
    """Le barème livré avec le kit (spaserlib/donnees/bareme.yaml)."""
    texte = (resources.files("spaserlib") / "donnees" / "bareme.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(texte)


def _sans_accents(texte: str) -> str:
    return unicodedata.normalize("NFKD", texte).encode("ascii", "ignore").decode().lower()


def proximite(quadrant: str, reference: str) -> str:
    """« identique », « voisin » (un seul axe diffère) ou « opposé » (les deux axes diffèrent)."""
    for q in (quadrant, reference):
        if q not in POSITIONS:
            raise ErreurParametre(f"quadrant inconnu « {q} » ; quadrants possibles : {', '.join(POSITIONS)}.")
    a, b = POSITIONS[quadrant], POSITIONS[reference]
    differences = (a[0] != b[0]) + (a[1] != b[1])
    return ("identique", "voisin", "opposé")[differences]


def nature_json(valeur) -> str:
    """Ce qu'est une valeur JSON, en français : « un texte », « une liste », « un objet », « un nombre »…"""
    if valeur is None:
        return "une valeur vide (null)"
    if isinstance(valeur, bool):
        return "un booléen (true ou false)"
    if isinstance(valeur, (int, float)):
        return "un nombre"
    if isinstance(valeur, str):
        return "un texte"
    if isinstance(valeur, (list, tuple)):
        return "une liste"
    if isinstance(valeur, dict):
        return "un objet"
    return f"une valeur de type {type(valeur).__name__}"


def texte_objectif(objectif) -> str | None:
    """Le texte d'un objectif tel qu'un apprenant l'a enregistré : un texte, ou un objet dont le champ
    ``libelle`` (ou ``texte``, ``objectif``, ``intitule``) est un texte ; None pour toute autre forme."""
    if isinstance(objectif, str):
        return objectif
    if isinstance(objectif, dict):
        return next((objectif[a] for a in ALIAS_LIBELLE if isinstance(objectif.get(a), str)), None)
    return None


def _textes_objectifs(objectifs, champ: str) -> list[str]:
    """Les textes non vides d'une liste d'objectifs ; un texte seul n'est pas lu lettre à lettre."""
    if objectifs is None:
        return []
    if not isinstance(objectifs, (list, tuple)):
        raise ErreurParametre(f"« {champ} » doit être une liste d'objectifs (un texte par objectif), pas "
                              f"{'un texte seul' if isinstance(objectifs, str) else nature_json(objectifs)} : écrivez par "
                              "exemple [\"Porter à 30 % … d'ici 2027\", \"Réduire de 15 % … d'ici 2028\"].")
    textes = (texte_objectif(o) for o in objectifs)
    return [t.strip() for t in textes if t and t.strip()]


def criteres_nommes(justification: str, mots_criteres: dict[str, list[str]]) -> list[str]:
    """Les critères que la justification nomme, d'après les mots du barème (casse et accents ignorés)."""
    texte = _sans_accents(justification if isinstance(justification, str) else "")
    return [c for c, mots in mots_criteres.items() if any(_sans_accents(m) in texte for m in mots)]


def _libelle_critere(nom: str) -> str:
    """Le libellé lisible d'un critère de la grille du kit (« part du premier fournisseur »), sinon son nom sans tirets bas."""
    from spaserlib.analyse.kraljic import GRILLE_PAR_DEFAUT

    return next((c.libelle for c in GRILLE_PAR_DEFAUT if c.nom == nom), nom.replace("_", " "))


def _axe_qui_differe(quadrant: str, reference: str) -> str:
    a, b = POSITIONS[quadrant], POSITIONS[reference]
    axes = [nom for nom, (x, y) in zip(("l'impact", "le risque"), zip(a, b)) if x != y]
    return " et ".join(axes)


def corriger_kraljic(placements: dict, corrige: dict, bareme: dict | None = None) -> pd.DataFrame:
    """Compare les placements d'un apprenant à la classification de référence, famille par famille.

    placements : {famille: {"quadrant": ..., "justification": ...}} (réponses brutes) ;
    corrige : {famille: {"quadrant": ..., "libelle": ..., "explication": ..., "criteres_cles": [...]}}, et
    pour une famille dont la lecture d'un praticien donne un autre quadrant (`exercices.corrige.LECTURES_PRATICIEN`) :
    "quadrants_acceptes" (les deux quadrants, chacun compté juste), "lecture_praticien" (pourquoi) et
    "criteres_cles_praticien" (les critères qui justifient cette lecture).
    Une famille du corrigé que l'apprenant n'a pas placée vaut 0 point et est signalée.
    """
    b = (bareme or bareme_par_defaut())["kraljic"]
    maximum = b["quadrant_exact"] + b["justification_critere"]
    lignes = []
    for famille, ref in corrige.items():
        libelle = ref.get("libelle", famille)
        reponse = placements.get(famille) if isinstance(placements, dict) else None
        reponse = reponse if isinstance(reponse, dict) else {}
        quadrant = reponse.get("quadrant") if isinstance(reponse.get("quadrant"), str) else None
        if quadrant not in POSITIONS:
            lignes.append([libelle, quadrant or "", ref["quadrant"], "non placée", 0, maximum,
                           f"Famille non placée. Le kit la classe en « {ref['quadrant']} » : {ref.get('explication', '')}".strip()])
            continue
        acceptes = ref.get("quadrants_acceptes") or [ref["quadrant"]]
        lecture = ref.get("lecture_praticien", "")
        autre_lecture = quadrant in acceptes and quadrant != ref["quadrant"]
        # La plus proche des lectures acceptées : « critiques » est voisin de « stratégiques » même si le kit dit « leviers ».
        proche = min(acceptes, key=lambda q: ["identique", "voisin", "opposé"].index(proximite(quadrant, q)))
        verdict = proximite(quadrant, proche)
        points = {"identique": b["quadrant_exact"], "voisin": b["quadrant_voisin"], "opposé": 0}[verdict]
        nommes = criteres_nommes(reponse.get("justification", ""), b["mots_criteres"])
        cles = (ref.get("criteres_cles_praticien", []) if autre_lecture
                else ref.get("criteres_decisifs") or ref.get("criteres_cles", []))
        bon_critere = [c for c in nommes if c in cles]
        if bon_critere:
            points += b["justification_critere"]
        if autre_lecture:
            explication = f"Bien placé en « {quadrant} » : {lecture}"
        elif verdict == "identique":
            explication = f"Bien placé en « {quadrant} »." + (f" {lecture}" if lecture else "")
        else:
            explication = (f"Vous l'avez placée en « {quadrant} », le kit en « {' ou '.join(acceptes)} » : "
                           f"c'est {_axe_qui_differe(quadrant, proche)} qui diffère. {ref.get('explication', '')}"
                           + (f" {lecture}" if lecture else "")).strip()
        if bon_critere:
            explication += " Votre justification s'appuie sur le bon critère."
        elif cles:
            explication += (f" Pour justifier, citez le critère qui décide du placement : "
                            f"{' ou '.join(_libelle_critere(c) for c in cles[:2])}.")
        lignes.append([libelle, quadrant, ref["quadrant"], verdict, points, maximum, explication])
    return pd.DataFrame(lignes, columns=COLONNES)


def corriger_axes(axes: list[dict], familles_prioritaires: dict[str, str], bareme: dict | None = None) -> pd.DataFrame:
    """Juge les axes d'une politique : 3 à 5 axes, chacun avec au moins un objectif ; familles prioritaires couvertes.

    axes : [{"nom": ..., "objectifs": [texte, ...], "familles": [code, ...]}, ...] (réponses brutes) ;
    familles_prioritaires : {code: libellé} du corrigé.
    """
    b = (bareme or bareme_par_defaut())["axes"]
    if axes is not None and not isinstance(axes, (list, tuple)):
        raise ErreurParametre("« axes » doit être une liste d'axes, chacun {\"nom\": …, \"objectifs\": […], \"familles\": […]}.")
    axes = [a for a in (axes or []) if isinstance(a, dict) and isinstance(a.get("nom"), str) and a["nom"].strip()]
    lignes = []
    for axe in axes:
        objectifs = _textes_objectifs(axe.get("objectifs"), f"objectifs de l'axe « {axe['nom'].strip()} »")
        ok = bool(objectifs)
        lignes.append([f"Axe « {axe['nom'].strip()} »", f"{len(objectifs)} objectif(s)", "au moins 1 objectif",
                       "valide" if ok else "sans objectif", b["par_axe_valide"] if ok else 0, b["par_axe_valide"],
                       "Axe nommé et porté par des objectifs." if ok else "Rattachez au moins un objectif à cet axe : un axe sans objectif ne se suit pas."])
    rattachees = {f for a in axes if isinstance(a.get("familles"), (list, tuple)) for f in a["familles"] if isinstance(f, str)}
    for code, libelle in familles_prioritaires.items():
        ok = code in rattachees
        lignes.append([f"Famille prioritaire « {libelle} »", "rattachée" if ok else "absente", "rattachée à un axe",
                       "couverte" if ok else "oubliée", b["par_famille_prioritaire"] if ok else 0, b["par_famille_prioritaire"],
                       "Couverte par un axe." if ok else "Cette famille pèse lourd dans la dépense et porte de forts enjeux : rattachez-la à un axe."])
    n = len(axes)
    if not b["nombre_min"] <= n <= b["nombre_max"]:
        lignes.append(["Nombre d'axes", str(n), f"{b['nombre_min']} à {b['nombre_max']}", "hors bornes", b["hors_bornes"], 0,
                       f"Une politique lisible tient en {b['nombre_min']} à {b['nombre_max']} axes ; vous en proposez {n}."])
    return pd.DataFrame(lignes, columns=COLONNES)


NOMS_CRITERES_SMART = {
    "specifique": "Spécifique",
    "mesurable": "Mesurable",
    "atteignable": "Atteignable",
    "realiste": "Réaliste",
    "temporel": "Temporellement défini",
}


def corriger_smart(objectifs: list[str], bareme: dict | None = None, *, marches=None, achats=None,
                   date_reference=None) -> pd.DataFrame:
    """Juge les objectifs rédigés par un apprenant avec l'analyseur SMART du kit.

    `objectifs` est une liste : de textes, ou d'objets dont le champ ``libelle`` (ou ``texte``…) est
    le texte (`texte_objectif`) ; un texte seul lève ErreurParametre. Chaque objectif donne une ligne
    par critère SMART (points selon le verdict : rempli, partiel, absent) et, quand des données sont
    fournies, une ligne de réalisme. Les objectifs attendus mais non rédigés comptent pour zéro.
    `date_reference` : la date à laquelle les échéances et les planchers légaux sont jugés (None : aujourd'hui).
    """
    from spaserlib.objectifs.smart import analyser_objectif, evaluer_realisme

    b = (bareme or bareme_par_defaut())["smart"]
    textes = _textes_objectifs(objectifs, "objectifs")
    lignes = []
    for n, texte in enumerate(textes, start=1):
        analyse = analyser_objectif(texte, aujourd_hui=date_reference)
        for cle, nom in NOMS_CRITERES_SMART.items():
            v = analyse.verdicts[cle]
            lignes.append([f"Objectif {n}", texte, nom, v.niveau, b[v.niveau], b["rempli"], f"{v.explication} {v.conseil if v.niveau != 'rempli' else ''}".strip()])
        if marches is not None or achats is not None:
            realisme = evaluer_realisme(analyse.objectif, marches=marches, achats=achats, aujourd_hui=date_reference)
            ok = realisme.verdict in ("atteignable", "exigeant")
            lignes.append([f"Objectif {n}", texte, "Réalisme face aux données", realisme.libelle, b["realisme"] if ok else 0, b["realisme"], realisme.message])
    par_objectif = len(NOMS_CRITERES_SMART) * b["rempli"] + (b["realisme"] if marches is not None or achats is not None else 0)
    for n in range(len(textes) + 1, b["objectifs_attendus"] + 1):
        lignes.append([f"Objectif {n}", "", "objectif rédigé", "manquant", 0, par_objectif, "Objectif attendu mais non rédigé."])
    return pd.DataFrame(lignes, columns=COLONNES)


def corrige_depuis_kraljic(table: pd.DataFrame) -> dict:
    """Le corrigé de l'exercice Kraljic tiré de la classification du kit (`kraljic.noter_familles`).

    Pour chaque famille : son quadrant retenu, son libellé, l'explication du kit et les critères
    clés, c'est-à-dire ceux qui tirent chaque axe du côté où il tombe (note ≥ milieu sur un axe
    « élevé », < milieu sur un axe « faible »), parmi ceux qui comptent (poids > 0, note connue).
    Ordre : le plus net de l'impact, le plus net du risque, puis les autres (du plus net au moins net ;
    à égalité, l'ordre de la grille). `criteres_decisifs` : ceux de l'axe qui décide du quadrant (le plus
    éloigné du milieu ; les deux axes à égalité) ; une justification est créditée si elle en nomme un.
    """
    grille = table.attrs.get("grille")
    if grille is None:
        from spaserlib.analyse.kraljic import GRILLE_PAR_DEFAUT as grille
    milieu = table.attrs.get("milieu", 2.5)
    corrige = {}
    for ligne in table.itertuples(index=False):
        ligne = ligne._asdict()
        par_axe = []
        for axe in ("impact", "risque"):
            eleve = ligne[f"score_{axe}"] >= milieu
            notes = [(c.nom, ligne[f"score_{c.nom}"]) for c in grille if c.axe == axe and c.poids > 0 and pd.notna(ligne[f"score_{c.nom}"])]
            du_bon_cote = [(n, v) for n, v in notes if (v >= milieu) == eleve]
            par_axe.append([n for n, _ in sorted(du_bon_cote, key=lambda nv: -abs(nv[1] - milieu))])
        premiers = [axe[0] for axe in par_axe if axe]
        cles = premiers + [n for axe in par_axe for n in axe[1:]]
        # L'axe qui décide du quadrant : le plus éloigné du milieu (le plus net) ; les deux à égalité.
        ecarts = [abs(float(ligne[f"score_{axe}"]) - milieu) for axe in ("impact", "risque")]
        decisifs = [n for axe, ecart, noms in zip(("impact", "risque"), ecarts, par_axe) if ecart >= max(ecarts) - 1e-9
                    for n in noms] or cles
        corrige[str(ligne["famille"])] = {
            "quadrant": ligne["quadrant"],
            "libelle": ligne["libelle"] if isinstance(ligne["libelle"], str) else str(ligne["famille"]),
            "explication": ligne["explication"],
            "criteres_cles": cles,
            "criteres_decisifs": decisifs,
        }
    return corrige
