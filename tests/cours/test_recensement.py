"""La liste de contrôle du recensement de l'existant (03.01) : données, bilan « x sur n », cases à cocher."""

import pytest

from spaserlib.commun.erreurs import ErreurDonnees, ErreurParametre
from spaserlib.cours import recensement
from spaserlib.cours.recensement import bilan_recensement, elements_recensement, liste_recensement, phrase_recensement


@pytest.fixture(scope="module")
def elements():
    return elements_recensement()


def test_la_liste_couvre_ce_que_le_cours_demande_de_rassembler(elements):
    ids = set(elements["id"])
    assert {"politiques", "plan_climat", "agenda_2030", "clauses", "decp", "depenses", "elu_referent", "reseaux"} <= ids
    assert elements["id"].is_unique
    assert (elements[["rubrique", "libelle", "ou", "pourquoi"]].apply(lambda c: c.str.len()) > 0).all().all()


def test_une_liste_mal_formee_nomme_chaque_element_fautif(tmp_path):
    fichier = tmp_path / "recensement.yaml"
    fichier.write_text("elements:\n  - id: decp\n    rubrique: Données\n    libelle: DECP\n    ou: ''\n    pourquoi: x\n"
                       "  - id: decp\n    rubrique: Données\n    libelle: DECP\n    ou: portail\n    pourquoi: x\n",
                       encoding="utf-8")
    with pytest.raises(ErreurDonnees) as erreur:
        elements_recensement(fichier)
    texte = str(erreur.value)
    assert "decp / ou" in texte and "déjà employé" in texte


@pytest.mark.parametrize("rassembles", [[], None])
def test_rien_de_rassemble_tout_reste_a_rassembler(elements, rassembles):
    bilan = bilan_recensement(rassembles, elements)
    assert (bilan.rassembles, bilan.total) == (0, len(elements))
    assert list(bilan.a_rassembler["id"]) == list(elements["id"])
    assert phrase_recensement(bilan).startswith(f"0 sur {len(elements)} éléments rassemblés.")


def test_le_bilan_compte_les_elements_coches_et_liste_les_autres_dans_l_ordre(elements):
    coches = ["decp", "politiques", "reseaux"]
    bilan = bilan_recensement(coches, elements)
    assert (bilan.rassembles, bilan.total) == (3, len(elements))
    reste = [i for i in elements["id"] if i not in coches]
    assert list(bilan.a_rassembler["id"]) == reste
    phrase = phrase_recensement(bilan)
    assert f"3 sur {len(elements)}" in phrase and f"Il en reste {len(reste)}" in phrase
    assert coches == ["decp", "politiques", "reseaux"]  # la liste donnée n'est pas modifiée


def test_tout_rassemble_le_dit(elements):
    bilan = bilan_recensement(list(elements["id"]), elements)
    assert bilan.a_rassembler.empty and "complet" in phrase_recensement(bilan)


def test_un_doublon_ne_compte_qu_une_fois(elements):
    assert bilan_recensement(["decp", "decp"], elements).rassembles == 1


@pytest.mark.parametrize("mauvais, message", [(["pcaet"], "« pcaet »"), ("decp", "liste d'identifiants"),
                                              (3, "liste d'identifiants")])
def test_une_liste_fausse_est_refusee_en_francais(elements, mauvais, message):
    with pytest.raises(ErreurParametre, match=message):
        bilan_recensement(mauvais, elements)


def test_sans_ecran_le_bilan_et_la_table_a_rassembler_sans_widget(elements, affiches):
    liste_recensement(["decp"], interactif=False)
    textes = " ".join(o.get("text/plain", "") for o in affiches)
    assert f"1 sur {len(elements)}" in textes and "À rassembler ensuite" in textes
    assert "Où le trouver" in textes


def test_les_cases_cochees_mettent_le_bilan_a_jour(elements, affiches, monkeypatch):
    pytest.importorskip("ipywidgets")
    vus = []
    monkeypatch.setattr(recensement, "montrer_bilan", lambda rassembles, *a, **k: vus.append(list(rassembles)))
    liste_recensement(["decp"], interactif=True)
    cases = {c.description: c for c in affiches[-1].children if type(c).__name__ == "Checkbox"}
    assert len(cases) == len(elements)
    assert vus[-1] == ["decp"]  # le bilan de départ : la case préremplie
    libelle = elements.set_index("id").loc["plan_climat", "libelle"]
    cases[libelle].value = True
    assert sorted(vus[-1]) == ["decp", "plan_climat"]
