"""Le corpus des échéances (tests/donnees/corpus_smart_echeances.yaml) et l'accord de l'analyseur avec lui.

L'accord est déterministe (mêmes textes, même date de référence) : il peut être vérifié par un test.
Les seuils sont les objectifs fixés avant la mesure ; la partie aveugle n'a jamais servi au réglage
(voir l'en-tête du corpus et benchmarks/accord_smart.py)."""

import random

import pytest
import yaml

from spaserlib.objectifs.smart import CRITERES, analyser_objectif
from tests import DONNEES

CORPUS = yaml.safe_load((DONNEES / "corpus_smart_echeances.yaml").read_text(encoding="utf-8"))
OBJECTIFS = {"specifique": 90, "mesurable": 95, "atteignable": 90, "realiste": 90, "temporel": 95}


def test_le_corpus_a_au_moins_150_enonces_etiquetes_sur_les_cinq_criteres():
    enonces = CORPUS["enonces"]
    assert len(enonces) >= 150
    assert len({e["id"] for e in enonces}) == len(enonces)
    for e in enonces:
        assert set(e["attendu"]) == set(CRITERES), e["id"]
        assert set(e["attendu"].values()) <= {"rempli", "partiel", "absent"}, e["id"]
        assert e["partie"] in ("developpement", "aveugle"), e["id"]


def test_la_partie_aveugle_est_le_tirage_annonce_et_fait_au_moins_un_tiers():
    enonces = CORPUS["enonces"]
    tirage = set(random.Random(17).sample(range(len(enonces)), 63))
    assert {i for i, e in enumerate(enonces) if e["partie"] == "aveugle"} == tirage
    assert 3 * len(tirage) >= len(enonces)


def test_le_corpus_varie_les_organisations():
    assert {e["profil"] for e in CORPUS["enonces"]} >= {"commune", "departement", "region", "metropole", "hopital",
                                                        "universite", "etat"}


@pytest.mark.parametrize("partie", ["aveugle", "developpement"])
def test_accord_par_critere_au_moins_l_objectif(partie):
    enonces = [e for e in CORPUS["enonces"] if e["partie"] == partie]
    accords = dict.fromkeys(CRITERES, 0)
    for e in enonces:
        niveaux = analyser_objectif(e["texte"], aujourd_hui=CORPUS["aujourd_hui"]).niveaux
        for c in CRITERES:
            accords[c] += niveaux[c] == e["attendu"][c]
    taux = {c: 100 * n / len(enonces) for c, n in accords.items()}
    assert {c: t for c, t in taux.items() if t < OBJECTIFS[c]} == {}, taux
