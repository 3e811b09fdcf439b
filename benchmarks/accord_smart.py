"""Accord de l'analyseur SMART avec les corpus étiquetés (tests/donnees/corpus_smart*.yaml).

Imprime, pour chaque critère, la part d'énoncés où le verdict de l'analyseur est celui de l'étiquette,
puis (avec --desaccords) la liste des désaccords, sauf ceux de la partie aveugle.

Quatre corpus, même grille (écrite en tête de corpus_smart.yaml) :
- développement (les règles ont été écrites en le lisant), contrôle et « aveugle » (étiquetés sans
  exécuter l'analyseur ; leur première mesure est consignée en tête de chaque fichier, ils ont ensuite
  servi aux corrections) : objectif ≥ 90 % sur « mesurable » et « temporel », ≥ 80 % ailleurs ;
- échéances (corpus_smart_echeances.yaml, 188 énoncés, formes d'échéance variées), en deux parties
  tirées au hasard avant tout réglage : « developpement » (les règles ont été réglées en lisant ses
  désaccords) et « aveugle » (jamais lue pendant le réglage ; seuls ses taux sont imprimés) :
  objectif ≥ 90 % sur chaque critère, ≥ 95 % sur « mesurable » et « temporel ».

    PYTHONPATH=. python benchmarks/accord_smart.py [--desaccords]
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from spaserlib.objectifs.smart import CRITERES, analyser_objectif

DONNEES = Path(__file__).resolve().parents[1] / "tests" / "donnees"
CORPUS = {
    "corpus de développement (corpus_smart.yaml, règles écrites en le lisant)": DONNEES / "corpus_smart.yaml",
    "corpus de contrôle (corpus_smart_controle.yaml, règles corrigées après sa première mesure)":
        DONNEES / "corpus_smart_controle.yaml",
    "corpus « aveugle » (corpus_smart_aveugle.yaml, règles corrigées après sa première mesure)": DONNEES / "corpus_smart_aveugle.yaml",
}
ECHEANCES = DONNEES / "corpus_smart_echeances.yaml"
SEUILS = {"specifique": 80, "mesurable": 90, "atteignable": 80, "realiste": 80, "temporel": 90}
SEUILS_ECHEANCES = {"specifique": 90, "mesurable": 95, "atteignable": 90, "realiste": 90, "temporel": 95}


def lire(chemin: Path) -> dict:
    return yaml.safe_load(chemin.read_text(encoding="utf-8"))


def partie(corpus: dict, nom: str) -> list[dict]:
    """Les énoncés d'une partie (« developpement » ou « aveugle ») du corpus des échéances."""
    return [e for e in corpus["enonces"] if e["partie"] == nom]


def accords(enonces: list[dict], aujourd_hui) -> tuple[dict[str, int], list[tuple]]:
    """Le nombre d'accords par critère, et les désaccords (id, critère, attendu, obtenu, texte)."""
    compte = {c: 0 for c in CRITERES}
    desaccords = []
    for e in enonces:
        niveaux = analyser_objectif(e["texte"], aujourd_hui=aujourd_hui).niveaux
        for c in CRITERES:
            if niveaux[c] == e["attendu"][c]:
                compte[c] += 1
            else:
                desaccords.append((e["id"], c, e["attendu"][c], niveaux[c], e["texte"]))
    return compte, desaccords


def taux(enonces: list[dict], aujourd_hui) -> dict[str, float]:
    """L'accord par critère, en pour cent."""
    compte, _ = accords(enonces, aujourd_hui)
    return {c: 100 * n / len(enonces) for c, n in compte.items()}


def mesurer(titre: str, enonces: list[dict], aujourd_hui, seuils: dict[str, int], details: bool) -> bool:
    """Imprime l'accord par critère (et les désaccords si `details`) ; vrai si chaque seuil est atteint."""
    compte, desaccords = accords(enonces, aujourd_hui)
    n = len(enonces)
    print(f"Accord de l'analyseur SMART, {titre} : {n} énoncés")
    atteint = True
    for c, nom in CRITERES.items():
        t = 100 * compte[c] / n
        atteint &= t >= seuils[c]
        print(f"  {nom:<24} {compte[c]:>3}/{n}  {t:5.1f} %  (objectif ≥ {seuils[c]} %) {'ok' if t >= seuils[c] else 'SOUS L OBJECTIF'}")
    total = sum(compte.values())
    print(f"  {'Tous critères':<24} {total:>3}/{5 * n}  {100 * total / (5 * n):5.1f} %")
    if details and desaccords:
        print("\nDésaccords (id, critère, attendu, obtenu) :")
        for i, c, attendu, obtenu, texte in desaccords:
            print(f"  #{i:<4} {c:<12} attendu {attendu:<7} obtenu {obtenu:<7} {texte}")
    return atteint


def main(argv: list[str]) -> int:
    details = "--desaccords" in argv
    for titre, chemin in CORPUS.items():
        corpus = lire(chemin)
        mesurer(titre, corpus["enonces"], corpus["aujourd_hui"], SEUILS, details)
        print()
    corpus = lire(ECHEANCES)
    mesurer("corpus des échéances, partie développement (règles réglées en la lisant)",
            partie(corpus, "developpement"), corpus["aujourd_hui"], SEUILS_ECHEANCES, details)
    print()
    mesurer("corpus des échéances, partie AVEUGLE (jamais lue pendant le réglage ; désaccords non imprimés)",
            partie(corpus, "aveugle"), corpus["aujourd_hui"], SEUILS_ECHEANCES, False)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
