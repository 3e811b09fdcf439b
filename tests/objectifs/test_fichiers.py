"""Les fichiers d'objectifs : l'exemple du kit a des valeurs de départ tirées des données du cas d'étude."""

import pytest

from spaserlib.lecture.organisation import charger_organisation
from spaserlib.objectifs.fichiers import lire_objectifs
from spaserlib.objectifs.realisme import evaluer_realisme
from spaserlib.commun.ressources import fichier_reference
from tests import RACINE


@pytest.fixture(scope="module")
def trois_rivieres():
    return charger_organisation(RACINE / "datasets" / "trois-rivieres")


def test_valeurs_de_depart_de_l_exemple_tirees_des_donnees(trois_rivieres):
    objectifs, axes = lire_objectifs(fichier_reference("objectifs-exemple.yaml"))
    assert len(axes) == 3
    en_part = [o for o in objectifs if o.unite == "part_nombre"]
    assert len(en_part) == 2
    for objectif in en_part:
        r = evaluer_realisme(objectif, marches=trois_rivieres.marches)
        assert r.annee_reference == objectif.annee_reference == 2025
        assert r.valeur_reference == pytest.approx(objectif.valeur_reference, abs=0.05), objectif.libelle


def test_l_objectif_de_conformite_est_signale_comme_tel(trois_rivieres):
    objectifs, _ = lire_objectifs(fichier_reference("objectifs-exemple.yaml"))
    conformite = [o for o in objectifs if o.cible == 100][0]
    r = evaluer_realisme(conformite, marches=trois_rivieres.marches)
    assert r.verdict == "obligation_legale" and r.libelle == "imposée par la loi (objectif de conformité)"
    assert "Objectif de conformité : depuis le 21 août 2026" in r.message


def test_chaque_libelle_dit_ce_que_mesure_son_indicateur():
    objectifs, _ = lire_objectifs(fichier_reference("objectifs-exemple.yaml"))
    for o in objectifs:
        if o.indicateur and "considération" in o.indicateur:
            assert "considération" in o.libelle, o.libelle
