"""Accord de l'analyseur SMART avec le corpus étiqueté (tests/donnees/corpus_smart.yaml).

Imprime, pour chaque critère, la part d'énoncés où le verdict de l'analyseur est celui de l'étiquette,
puis la liste des désaccords. Objectif : ≥ 90 % sur « mesurable » et « temporel », ≥ 80 % ailleurs.

Trois corpus, même grille : développement (les règles ont été écrites en le lisant), contrôle et
« aveugle » (étiquetés sans exécuter l'analyseur ; leur première mesure, la seule qui dise comment
l'analyseur se comporte sur des formulations nouvelles, est consignée en tête de chaque fichier).

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
SEUILS = {"specifique": 80, "mesurable": 90, "atteignable": 80, "realiste": 80, "temporel": 90}


def main(argv: list[str]) -> int:
    for titre, chemin in CORPUS.items():
        mesurer(titre, chemin, "--desaccords" in argv)
        print()
    return 0


def mesurer(titre: str, chemin: Path, details: bool) -> None:
    corpus = yaml.safe_load(chemin.read_text(encoding="utf-8"))
    enonces = corpus["enonces"]
    accords = {c: 0 for c in CRITERES}
    desaccords = []
    for e in enonces:
        niveaux = analyser_objectif(e["texte"], aujourd_hui=corpus["aujourd_hui"]).niveaux
        for c in CRITERES:
            if niveaux[c] == e["attendu"][c]:
                accords[c] += 1
            else:
                desaccords.append((e["id"], c, e["attendu"][c], niveaux[c], e["texte"]))
    n = len(enonces)
    print(f"Accord de l'analyseur SMART, {titre} : {n} énoncés")
    for c, nom in CRITERES.items():
        taux = 100 * accords[c] / n
        print(f"  {nom:<24} {accords[c]:>3}/{n}  {taux:5.1f} %  (objectif ≥ {SEUILS[c]} %) {'ok' if taux >= SEUILS[c] else 'SOUS L OBJECTIF'}")
    total = sum(accords.values())
    print(f"  {'Tous critères':<24} {total:>3}/{5 * n}  {100 * total / (5 * n):5.1f} %")
    if details and desaccords:
        print("\nDésaccords (id, critère, attendu, obtenu) :")
        for i, c, attendu, obtenu, texte in desaccords:
            print(f"  #{i:<3} {c:<12} attendu {attendu:<7} obtenu {obtenu:<7} {texte}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
