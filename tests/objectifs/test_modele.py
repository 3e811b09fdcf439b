"""Le modèle d'objectif et le catalogue des objectifs de référence."""

from datetime import date

import pytest

from spaserlib.commun.erreurs import ErreurFichier
from spaserlib.objectifs.modele import UNITES, Objectif, objectifs_reference


@pytest.mark.parametrize("unite, attendu", [
    ("nombre_contrats", True), ("part_nombre", True), ("valeur_euros", True), ("part_valeur", True),
    ("heures_insertion", False), ("tonnes", False), ("pourcentage", False), ("autre", False),
    (None, False), ("inconnue", False),
])
def test_indicateur_l2111_3_selon_l_unite(unite, attendu):
    assert Objectif(libelle="x", unite=unite).indicateur_l2111_3 is attendu


def test_aller_retour_dict():
    o = Objectif(libelle="x", cible=30.0, unite="part_nombre", echeance=date(2027, 12, 31),
                 extras={"debut": date(2026, 1, 1), "organisation": "Ville"})
    d = o.en_dict()
    assert d["echeance"] == "2027-12-31" and d["extras"]["debut"] == "2026-01-01"
    retour = Objectif.depuis_dict(d)
    assert retour.echeance == date(2027, 12, 31) and retour.cible == 30.0


def test_depuis_dict_range_les_champs_inconnus_dans_extras():
    o = Objectif.depuis_dict({"libelle": "x", "organisation": "Brest"})
    assert o.extras == {"organisation": "Brest"}


# --- Catalogue -------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def references():
    return objectifs_reference()


def test_chaque_objectif_de_reference_a_sa_source_et_une_unite_connue(references):
    assert len(references) >= 20
    for o in references:
        assert o.source and o.extras["organisation"] and o.extras["statut"] in ("vérifié", "à vérifier")
        assert o.unite is None or o.unite in UNITES


def test_cibles_du_pnad_2022_2025(references):
    pnad = {o.axe: o for o in references if "PNAD) 2022-2025" in o.extras["organisation"]}
    assert (pnad["environnemental"].cible, pnad["environnemental"].echeance) == (100, date(2025, 12, 31))
    assert (pnad["social"].cible, pnad["social"].echeance) == (30, date(2025, 12, 31))
    assert pnad["social"].unite == "part_nombre" and "banquedesterritoires.fr" in pnad["social"].source


def test_objectifs_de_brest_avec_leur_situation_de_depart(references):
    brest = [o for o in references if "Brest" in o.extras["organisation"] and o.cible == 100]
    assert sorted((o.extras["organisation"].split(" (")[0], o.valeur_reference) for o in brest) == [
        ("Brest Métropole", 21), ("Ville de Brest", 47.1)]
    assert all(o.annee_reference == 2023 and o.echeance == date(2027, 12, 31) for o in brest)


def test_spaser_de_l_etat_2025_2027(references):
    etat = [o for o in references if "SPASER de l'État 2025-2027" in o.extras["organisation"]]
    assert len(etat) == 4
    ges = next(o for o in etat if o.unite == "tonnes_co2e")
    assert (ges.extras["variation"], ges.echeance) == (-22, date(2027, 12, 31))
    ess = next(o for o in etat if o.unite == "part_valeur")
    assert (ess.cible, ess.extras["variation"], ess.extras["variation_unite"]) == (2.5, 2, "facteur")


def test_valeur_non_relevee_reste_absente(references):
    rennes = next(o for o in references if "Rennes" in o.extras["organisation"])
    assert rennes.cible is None and rennes.echeance == date(2026, 8, 31) and rennes.extras["statut"] == "à vérifier"


def test_fichier_introuvable(tmp_path):
    chemin = tmp_path / "absent.yaml"
    with pytest.raises(ErreurFichier, match="fichier des objectifs de référence introuvable. Réinstallez le kit"):
        objectifs_reference(chemin)


def test_objectif_sans_source_refuse(tmp_path):
    chemin = tmp_path / "refs.yaml"
    chemin.write_text("objectifs:\n- libelle: x\n  organisation: Ville\n  statut: vérifié\n", encoding="utf-8")
    with pytest.raises(ErreurFichier, match="l'objectif n° 1 n'a pas de champ « source ». Chaque objectif de référence"):
        objectifs_reference(chemin)


def test_unite_inconnue_refusee(tmp_path):
    chemin = tmp_path / "refs.yaml"
    chemin.write_text("objectifs:\n- {libelle: x, organisation: V, statut: vérifié, source: s, unite: litres}\n",
                      encoding="utf-8")
    with pytest.raises(ErreurFichier, match="l'objectif n° 1 a une unité inconnue « litres ». Unités possibles : nombre_contrats"):
        objectifs_reference(chemin)


def test_yaml_illisible(tmp_path):
    chemin = tmp_path / "refs.yaml"
    chemin.write_text("objectifs: [\n", encoding="utf-8")
    with pytest.raises(ErreurFichier, match=r"YAML illisible \(\w+\). Corrigez la syntaxe du fichier."):
        objectifs_reference(chemin)
