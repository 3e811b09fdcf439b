"""Le programme de la formation (notebooks/programme.yaml) et le guide du formateur qui en est tiré."""

import pytest
import yaml

from spaserlib.commun.erreurs import ErreurFichier
from spaserlib.cours.programme import (
    DUREE_TOTALE, METHODES, chemin_programme, guide_a_jour, guide_formateur, lire_notes, lire_programme,
    plan_des_journees,
)


@pytest.fixture(scope="module")
def programme():
    return lire_programme()


def test_douze_heures_sur_quatre_modules_et_deux_jours(programme):
    assert programme.duree == DUREE_TOTALE == 720
    assert set(programme.duree_par_module()) == {1, 2, 3, 4} and all(programme.duree_par_module().values())
    assert {s.jour for s in programme.sequences} == {1, 2}
    assert sum(s.duree for s in programme.sequences if s.jour == 1) == 360
    assert {s.methode for s in programme.sequences} <= set(METHODES)


def test_chaque_notebook_du_cours_et_chaque_exercice_a_sa_sequence(programme):
    from tests import RACINE

    prevus = {s.notebook for s in programme.sequences}
    for dossier in ("notebooks", "exercises"):
        for chemin in (RACINE / dossier).glob("*.ipynb"):
            assert chemin.name in prevus, f"{chemin.name} n'a pas de séquence dans le programme"


def test_les_durees_des_exercices_sont_celles_des_cas_pratiques(programme):
    # 04.01 annonce 45, 45 et 30 minutes : le programme dit la même chose
    durees = {s.notebook: s.duree for s in programme.sequences}
    assert (durees["04.03-Exercice-SMART.ipynb"], durees["04.02-Exercice-Kraljic.ipynb"], durees["04.04-Exercice-axes.ipynb"]) == (45, 45, 30)


def test_plan_des_journees_horaires(programme):
    plan = plan_des_journees(programme)
    jour1 = plan[plan["jour"] == 1]
    assert jour1.iloc[0]["debut"] == "9 h 00" and jour1.iloc[-1]["fin"] == "16 h 00"  # 6 h et une heure de déjeuner


def test_le_guide_suit_le_programme_et_les_notes(programme):
    assert guide_a_jour(), "solutions/guide-formateur.md est périmé : lancez spaser sommaire"
    guide = guide_formateur(programme, lire_notes())
    titres = {n["sequence"] for n in lire_notes()["sequences"]}
    assert titres <= {s.titre for s in programme.sequences}, "une note vise une séquence qui n'existe pas"
    for s in programme.sequences:
        assert f"### {s.titre} (jour {s.jour}" in guide
    for partie in ("## Préparer la salle et les machines", "## Jour 1", "## Jour 2", "## Utiliser les documents des personnes en formation",
                   "## Corriger et débriefer les exercices", "## Évaluer les acquis"):
        assert partie in guide


@pytest.mark.parametrize("modifier, message", [
    (lambda c: c["sequences"][0].update(duree=c["sequences"][0]["duree"] + 1), "les séquences durent 721 minutes au lieu de 720 (12 heures)."),
    (lambda c: c["sequences"][0].update(methode="cours"), "séquence n° 1 : méthode « cours » inconnue."),
    (lambda c: c["sequences"][1].update(notebook="09.09-Absent.ipynb"), "séquence n° 2 : notebook « 09.09-Absent.ipynb » introuvable."),
    (lambda c: c["sequences"][2].pop("objectifs"), "séquence n° 3 : champ « objectifs » absent."),
])
def test_programme_invalide(tmp_path, modifier, message):
    contenu = yaml.safe_load(chemin_programme().read_text(encoding="utf-8"))
    modifier(contenu)
    fichier = tmp_path / "programme.yaml"
    fichier.write_text(yaml.safe_dump(contenu, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ErreurFichier, match=message.replace("(", r"\(").replace(")", r"\)")):
        lire_programme(fichier)


def test_le_sommaire_donne_le_deroule_du_programme_avec_les_exercices(programme):
    import json

    from spaserlib.cours.sommaire import NOM_SOMMAIRE
    from tests import RACINE

    nb = json.loads((RACINE / "notebooks" / NOM_SOMMAIRE).read_text(encoding="utf-8"))
    deroule = "".join(next(c for c in nb["cells"] if c["id"] == "sommaire-deroule")["source"])
    for s in programme.sequences:
        assert s.titre in deroule
    assert "(../exercises/04.02-Exercice-Kraljic.ipynb)" in deroule and "(02.03-Cartographie-Pareto-Kraljic.ipynb)" in deroule
    for ligne in plan_des_journees(programme).itertuples():
        assert f"| {ligne.debut} – {ligne.fin} |" in deroule
