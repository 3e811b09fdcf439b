"""Le contenu des exercices et le corrigé du formateur, tirés d'une organisation.

Les notebooks d'exercices (solutions/ et exercises/) et `spaser exercices --corrige` appellent ces
fonctions : les familles à placer, les énoncés de stratégie, les familles prioritaires, et le corrigé
complet écrit dans solutions/corrige.yaml.

    familles_exercice(table, par_quadrant=3) -> list[str]
    corrige_kraljic(achats, familles=None) -> dict
    indicateurs_familles(achats, familles) -> DataFrame
    familles_prioritaires(corrige) -> dict[str, str]
    placements_de_reference(corrige) -> dict[str, tuple[str, str]]
    enonces_strategie() -> list[dict]
    produire_corrige(dossier_organisation) -> dict
    ecrire_corrige(corrige, chemin, *, source) -> Path
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

import pandas as pd
import yaml

from spaserlib.exercices.juges import POSITIONS, corrige_depuis_kraljic
from spaserlib.commun.ecriture import ecrire_texte
from spaserlib.commun.erreurs import ErreurParametre
from spaserlib.analyse.kraljic import noter_familles

DOSSIER_CAS_ETUDE = "trois-rivieres"
IMPACT_ELEVE = [q for q, (impact, _) in POSITIONS.items() if impact]

# La lecture d'un praticien : les notes des critères manuels de la grille (que les données ne donnent
# pas, et que le kit ne compte pas tant qu'elles ne sont pas saisies) qu'un acheteur public donne
# d'ordinaire à une famille, avec leur motif. Le corrigé calcule le quadrant qui en résulte, avec la
# grille du kit ; s'il diffère du quadrant des seules données, les deux placements sont acceptés et
# le corrigé dit pourquoi (issue 15 : le service des déchets d'une agglomération se lit « stratégique »).
LECTURES_PRATICIEN = {
    "S-DECH": ({"continuite_service": 4, "visibilite": 4, "substituabilite": 4, "contraintes_techniques": 3},
               "pour une agglomération, la collecte et le traitement des déchets ménagers sont un service public "
               "quotidien : une rupture se voit tout de suite (continuité du service 4, visibilité 4) ; peu "
               "d'opérateurs, installations de traitement rares et contrats longs (substituabilité 4, contraintes "
               "techniques 3)"),
}


def _lecture_praticien(achats, famille: str, reference: dict) -> dict:
    """Ajoute au corrigé d'une famille la lecture du praticien (`LECTURES_PRATICIEN`) quand elle change
    le quadrant : `quadrants_acceptes`, `lecture_praticien` (le motif et le calcul) et les critères manuels
    qui la décident (`criteres_cles_praticien`). Rend le corrigé inchangé sinon."""
    from spaserlib.commun.format_fr import nombre

    notes, motif = LECTURES_PRATICIEN[famille]
    table = noter_familles(achats, criteres_manuels={famille: notes})
    ligne = table[table["famille"] == famille].iloc[0]
    if ligne["quadrant"] == reference["quadrant"]:
        return reference
    impact, risque = float(ligne["score_impact"]), float(ligne["score_risque"])
    return {
        **reference,
        "quadrants_acceptes": [reference["quadrant"], str(ligne["quadrant"])],
        "lecture_praticien": (
            f"Lecture du praticien : {motif}. Avec ces notes saisies, la grille du kit donne un impact de "
            f"{nombre(impact, 2)} et un risque de {nombre(risque, 2)} : quadrant « {ligne['quadrant']} ». Les données "
            f"seules le placent en « {reference['quadrant']} » parce que les critères manuels n'y sont pas comptés. "
            "Les deux placements sont acceptés, à condition de les justifier."
        ),
        "criteres_cles_praticien": [c for c in notes if notes[c] >= 3],
    }


def familles_exercice(table, par_quadrant: int = 3) -> list[str]:
    """Les familles à placer : les `par_quadrant` plus dépensières de chaque quadrant, par dépense décroissante.

    table : la classification du kit (`kraljic.noter_familles`). Prendre chaque quadrant garantit
    que l'exercice ne se résume pas à « tout ce qui coûte cher est stratégique ».
    """
    if par_quadrant < 1:
        raise ErreurParametre(f"par_quadrant vaut {par_quadrant} : il faut au moins une famille par quadrant.")
    choisies = table.sort_values("montant_net", ascending=False, kind="stable").groupby("quadrant", sort=False).head(par_quadrant)
    return [str(f) for f in choisies["famille"]]


def corrige_kraljic(achats, familles: list[str] | None = None, *, par_quadrant: int = 3) -> dict:
    """Le corrigé Kraljic d'une table d'achats : {famille: {quadrant, libelle, explication, criteres_cles}}.

    Par défaut sur les familles de `familles_exercice` ; une famille demandée mais absente des
    achats lève ErreurParametre.
    """
    table = noter_familles(achats)
    if familles is None:
        familles = familles_exercice(table, par_quadrant)
    complet = corrige_depuis_kraljic(table)
    inconnues = [f for f in familles if f not in complet]
    if inconnues:
        raise ErreurParametre(
            f"Famille(s) sans dépense dans ces achats : {', '.join(inconnues)}. "
            "Choisissez des familles présentes dans la colonne « famille » des achats."
        )
    return {f: _lecture_praticien(achats, f, complet[f]) if f in LECTURES_PRATICIEN else complet[f] for f in familles}


def indicateurs_familles(achats, familles: list[str]):
    """Ce que l'apprenant regarde pour placer chaque famille : dépense, fournisseurs, dépendance, complexité.

    Une ligne par famille (dans l'ordre donné, index « Code »), colonnes en français, valeurs formatées à la
    française ; ni score ni quadrant : c'est à l'apprenant de conclure.
    """
    from spaserlib.commun import format_fr

    table = noter_familles(achats).set_index("famille")
    manquantes = [f for f in familles if f not in table.index]
    if manquantes:
        raise ErreurParametre(f"Famille(s) sans dépense dans ces achats : {', '.join(manquantes)}.")
    t = table.loc[list(familles)]
    colonnes = {
        "Famille": t["libelle"].fillna(pd.Series(t.index, index=t.index)),
        "Dépense nette": t["montant_net"].map(format_fr.euros_courts),
        "Part de la dépense": t["part_depense"].map(format_fr.pourcentage),
        "Classe Pareto": t["classe_pareto"].astype(str),
        "Fournisseurs payés": t["nb_fournisseurs"].map(format_fr.nombre),
        "Part du premier fournisseur": t["part_premier_fournisseur"].map(format_fr.pourcentage),
    }
    if "complexite_marche" in t.columns:
        colonnes["Complexité du marché fournisseurs (1 à 4)"] = t["complexite_marche"].map(format_fr.nombre)
    return pd.DataFrame(colonnes).rename_axis("Code")


def familles_prioritaires(corrige: dict) -> dict[str, str]:
    """Les familles prioritaires pour les axes : celles du corrigé Kraljic à impact élevé (stratégiques, leviers)."""
    return {f: r["libelle"] for f, r in corrige.items() if r["quadrant"] in IMPACT_ELEVE}


def placements_de_reference(corrige: dict) -> dict[str, tuple[str, str]]:
    """Les réponses de référence de l'exercice Kraljic : {famille: (quadrant, justification)}.

    La justification nomme le critère le plus net de chaque axe (les deux premiers critères clés du
    corrigé), comme on l'attend d'un apprenant : « Critères déterminants : part de la dépense, part
    du premier fournisseur. »
    """
    from spaserlib.exercices.juges import _libelle_critere

    return {
        famille: (r["quadrant"], f"Critères déterminants : {', '.join(_libelle_critere(c) for c in r.get('criteres_cles', [])[:2])}.")
        for famille, r in corrige.items()
    }


@cache
def _enonces() -> tuple:
    texte = (resources.files("spaserlib") / "donnees" / "enonces_strategie.yaml").read_text(encoding="utf-8")
    return tuple(yaml.safe_load(texte)["enonces"])


def enonces_strategie() -> list[dict]:
    """Les énoncés de stratégie du cas d'étude : [{enonce, objectif_exemple, note}] (spaserlib/donnees/enonces_strategie.yaml)."""
    return [dict(e) for e in _enonces()]


def produire_corrige(dossier_organisation) -> dict:
    """Le corrigé complet (kraljic, smart, axes) pour une organisation (dossier chargé par `charger_organisation`)."""
    from spaserlib.lecture.organisation import charger_organisation

    organisation = charger_organisation(dossier_organisation).exiger_sans_erreur()
    kraljic = corrige_kraljic(organisation.achats)
    return {
        "organisation": organisation.nom,
        "kraljic": kraljic,
        "smart": {"enonces": enonces_strategie()},
        "axes": {"familles_prioritaires": familles_prioritaires(kraljic)},
    }


def ecrire_corrige(corrige: dict, chemin, *, source: str) -> Path:
    """Écrit le corrigé en YAML, avec un en-tête qui dit d'où il vient ; écriture atomique."""
    chemin = Path(chemin)
    entete = (
        "# Corrigé des exercices du kit SPASER (Kraljic, SMART, axes), lu par `spaser noter`.\n"
        f"# Produit par `spaser exercices --corrige` à partir de {source} :\n"
        "#   kraljic : la classification du kit (kraljic.noter_familles), trois familles par quadrant,\n"
        "#             les plus dépensières ; critères clés = ceux qui décident du placement sur chaque axe ;\n"
        "#   smart   : les énoncés de stratégie (spaserlib/donnees/enonces_strategie.yaml) et un objectif d'exemple ;\n"
        "#   axes    : les familles à impact élevé (stratégiques et leviers) du corrigé Kraljic.\n"
        "# Le formateur peut l'ajuster à la main (changer un quadrant, une explication, une famille\n"
        "# prioritaire) ; relancer la commande écrase ces changements.\n"
    )
    texte = entete + yaml.safe_dump(corrige, allow_unicode=True, sort_keys=False, width=110)
    return ecrire_texte(chemin, texte)
