import pytest

from spaserlib.exercices.juges import (
    bareme_par_defaut,
    corriger_axes,
    corriger_kraljic,
    criteres_nommes,
    proximite,
)
from spaserlib.commun.erreurs import ErreurParametre


@pytest.mark.parametrize(
    "a, b, attendu",
    [
        ("leviers", "leviers", "identique"),
        ("leviers", "stratégiques", "voisin"),
        ("leviers", "simples", "voisin"),
        ("leviers", "critiques", "opposé"),
        ("simples", "stratégiques", "opposé"),
    ],
)
def test_proximite_des_quadrants(a, b, attendu):
    assert proximite(a, b) == attendu


def test_quadrant_inconnu():
    with pytest.raises(ErreurParametre, match="quadrant inconnu « levier »"):
        proximite("levier", "leviers")


def test_criteres_nommes_sans_accents_ni_casse():
    mots = bareme_par_defaut()["kraljic"]["mots_criteres"]
    assert "part_depense" in criteres_nommes("Grosse DEPENSE annuelle", mots)
    assert "part_premier_fournisseur" in criteres_nommes("forte dépendance au premier fournisseur", mots)
    assert criteres_nommes("", mots) == []


CORRIGE = {
    "F-INFO": {"quadrant": "leviers", "libelle": "Informatique", "criteres_cles": ["part_depense"]},
    "S-ENER": {"quadrant": "stratégiques", "libelle": "Énergie", "criteres_cles": ["part_premier_fournisseur"]},
    "F-BUR": {"quadrant": "simples", "libelle": "Fournitures de bureau", "criteres_cles": []},
}


def test_corriger_kraljic_points_exact_voisin_oppose_justification_non_place():
    placements = {
        "F-INFO": {"quadrant": "leviers", "justification": "forte dépense, beaucoup de concurrence"},
        "S-ENER": {"quadrant": "leviers", "justification": "gros montant"},
        "F-BUR": {"quadrant": "stratégiques", "justification": ""},
    }
    table = corriger_kraljic(placements, CORRIGE | {"T-VOI": {"quadrant": "critiques", "libelle": "Voirie"}})
    par = table.set_index("element")
    # exact (2) + justification citant le critère clé (1)
    assert par.loc["Informatique", "points"] == 3
    # voisin (1), justification sans le critère clé (part du premier fournisseur)
    assert par.loc["Énergie", "points"] == 1
    assert "c'est le risque qui diffère" in par.loc["Énergie", "explication"]
    assert "citez le critère qui décide du placement : part du premier fournisseur." in par.loc["Énergie", "explication"]
    # opposé (diagonale) : 0
    assert par.loc["Fournitures de bureau", "points"] == 0
    assert "l'impact et le risque" in par.loc["Fournitures de bureau", "explication"]
    assert par.loc["Voirie", "verdict"] == "non placée" and par.loc["Voirie", "points"] == 0
    assert set(table["maximum"]) == {3}


def test_corriger_axes():
    axes = [
        {"nom": "Achats verts", "objectifs": ["100 % des marchés avec un critère environnemental d'ici 2027"], "familles": ["F-INFO"]},
        {"nom": "Insertion", "objectifs": [], "familles": []},
        {"nom": "  ", "objectifs": ["ignoré"], "familles": ["S-ENER"]},
    ]
    table = corriger_axes(axes, {"F-INFO": "Informatique", "S-ENER": "Énergie"})
    assert table["points"].tolist() == [1, 0, 1, 0, -1]
    assert table.iloc[-1]["explication"] == "Une politique lisible tient en 3 à 5 axes ; vous en proposez 2."


def test_corriger_axes_vide():
    table = corriger_axes([], {"F-INFO": "Informatique"})
    assert table["points"].sum() == -1


def test_corrige_depuis_la_classification_du_kit():
    import pandas as pd

    from spaserlib.exercices.juges import corrige_depuis_kraljic
    from spaserlib.analyse.kraljic import noter_familles

    familles = pd.DataFrame(
        {"code": ["F-INFO", "F-BURO"], "libelle": ["Informatique", "Bureau"], "complexite_marche": [2, 1],
         "enjeu_environnemental": [3, 2], "enjeu_social": [2, 2]}
    )
    # F-INFO : 90 % de la dépense, 4 fournisseurs -> impact élevé ; F-BURO : 10 %, un seul fournisseur.
    achats = pd.DataFrame(
        {"famille": ["F-INFO"] * 4 + ["F-BURO"], "fournisseur": ["A", "B", "C", "D", "E"],
         "montant_ht": [300.0, 200.0, 200.0, 200.0, 100.0]}
    )
    corrige = corrige_depuis_kraljic(noter_familles(achats, familles))
    # Notes du kit : F-INFO impact 4 (part 4, Pareto A 4), risque 2 (4 fournisseurs 2, premier 33 % 2,
    # complexité 2) -> leviers ; tous ses critères vont dans le sens du placement.
    # F-BURO : impact 3,33 (part 4, Pareto B 2), risque 2,5 (1 fournisseur 4, premier 100 % 4,
    # complexité 1) -> stratégiques ; Pareto B et complexité 1 tirent dans l'autre sens : exclus.
    assert corrige["F-INFO"]["quadrant"] == "leviers" and corrige["F-INFO"]["libelle"] == "Informatique"
    assert corrige["F-INFO"]["criteres_cles"] == ["part_depense", "nb_fournisseurs", "classe_pareto", "part_premier_fournisseur", "complexite_marche"]
    assert corrige["F-BURO"]["quadrant"] == "stratégiques"
    assert corrige["F-BURO"]["criteres_cles"] == ["part_depense", "nb_fournisseurs", "part_premier_fournisseur"]


def test_corriger_smart_objectif_complet_vague_et_manquant():
    from spaserlib.exercices.juges import corriger_smart

    table = corriger_smart([
        "Porter à 30 % d'ici 2027 la part des marchés de travaux comportant une clause sociale d'insertion (12 % en 2024).",
        "Favoriser les achats responsables.",
    ])
    objectif1 = table[table["element"] == "Objectif 1"]
    assert len(objectif1) == 5 and objectif1["points"].sum() >= 4
    objectif2 = table[table["element"] == "Objectif 2"]
    assert objectif2["points"].sum() <= 1.5
    assert table[table["element"] == "Objectif 3"]["verdict"].tolist() == ["manquant"]


def test_corriger_smart_un_texte_seul_n_est_pas_lu_lettre_a_lettre():
    from spaserlib.exercices.juges import corriger_smart

    with pytest.raises(ErreurParametre, match=r"^« objectifs » doit être une liste d'objectifs \(un texte par objectif\), "
                                              r"pas un texte seul : écrivez par exemple \["):
        corriger_smart("Porter à 30 % la part des marchés d'ici 2027.")


def test_objectif_ecrit_comme_un_objet_vaut_son_texte():
    from spaserlib.exercices.juges import corriger_smart, texte_objectif

    texte = "Porter à 30 % d'ici 2027 la part des marchés de travaux comportant une clause sociale (12 % en 2024)."
    assert texte_objectif({"libelle": texte}) == texte_objectif({"texte": texte}) == texte
    assert texte_objectif({"cible": 30}) is None and texte_objectif(30) is None
    assert corriger_smart([{"libelle": texte}]).equals(corriger_smart([texte]))
    table = corriger_axes([{"nom": "Social", "objectifs": [{"texte": "20 000 heures d'insertion"}, 12, None], "familles": [3, "F-INFO"]}],
                          {"F-INFO": "Informatique"})
    assert table["verdict"].tolist()[:2] == ["valide", "couverte"]


def test_juges_robustes_aux_formes_inattendues():
    """Appelés d'un notebook avec n'importe quoi, les juges ne plantent pas : ce qui n'a pas la forme attendue ne compte pas."""
    table = corriger_kraljic({"F-INFO": "leviers", "S-ENER": {"quadrant": 3}}, CORRIGE)
    assert table["verdict"].tolist() == ["non placée"] * 3
    assert corriger_kraljic([], CORRIGE)["verdict"].tolist() == ["non placée"] * 3
    assert corriger_axes([{"nom": None}, "Social", {"nom": "  "}], {})["element"].tolist() == ["Nombre d'axes"]
    with pytest.raises(ErreurParametre, match=r"^« axes » doit être une liste d'axes"):
        corriger_axes({"nom": "Social"}, {})


# ---------------------------------------------------------------- deux lectures acceptées (issue 15)

DEUX_LECTURES = {"S-DECH": {
    "quadrant": "leviers", "libelle": "Collecte et traitement des déchets", "explication": "Risque 2,25 < 2,5 : faible.",
    "criteres_cles": ["part_depense", "nb_fournisseurs"], "quadrants_acceptes": ["leviers", "stratégiques"],
    "lecture_praticien": "Lecture du praticien : service public quotidien.",
    "criteres_cles_praticien": ["continuite_service", "substituabilite"],
}}


@pytest.mark.parametrize("quadrant, justification, verdict, points", [
    ("stratégiques", "continuité du service public, peu d'alternatives", "identique", 3),
    ("stratégiques", "gros budget", "identique", 2),
    ("leviers", "beaucoup de fournisseurs", "identique", 3),
    ("critiques", "continuité du service public", "voisin", 1),
    ("simples", "", "voisin", 1),
])
def test_kraljic_les_deux_lectures_sont_justes(quadrant, justification, verdict, points):
    from spaserlib.exercices.juges import corriger_kraljic

    ligne = corriger_kraljic({"S-DECH": {"quadrant": quadrant, "justification": justification}}, DEUX_LECTURES).iloc[0]
    assert (ligne["verdict"], ligne["points"]) == (verdict, points)
    if quadrant == "stratégiques":
        assert ligne["explication"].startswith("Bien placé en « stratégiques » : Lecture du praticien : service public quotidien.")


def test_kraljic_voisin_de_la_lecture_la_plus_proche():
    from spaserlib.exercices.juges import corriger_kraljic

    ligne = corriger_kraljic({"S-DECH": {"quadrant": "critiques", "justification": ""}}, DEUX_LECTURES).iloc[0]
    assert ligne["explication"].startswith("Vous l'avez placée en « critiques », le kit en « leviers ou stratégiques » : "
                                           "c'est l'impact qui diffère.")


def test_la_justification_n_est_creditee_que_sur_l_axe_qui_decide():
    """Une famille « critiques » dont le risque est net (4) et l'impact à peine faible (2,25) : « petit
    montant » (l'impact) ne justifie pas le placement, « fournisseur unique » (le risque) oui (issue 17)."""
    from spaserlib.exercices.juges import corriger_kraljic

    corrige = {"F-X": {"quadrant": "critiques", "libelle": "X", "explication": "",
                       "criteres_cles": ["part_depense", "part_premier_fournisseur"],
                       "criteres_decisifs": ["part_premier_fournisseur"]}}
    impact = corriger_kraljic({"F-X": {"quadrant": "critiques", "justification": "petit montant"}}, corrige)
    risque = corriger_kraljic({"F-X": {"quadrant": "critiques", "justification": "un fournisseur unique"}}, corrige)
    assert risque["points"].iloc[0] > impact["points"].iloc[0]
    assert "s'appuie sur le bon critère" in risque["explication"].iloc[0]
    assert "citez le critère qui décide du placement" in impact["explication"].iloc[0]


def test_l_axe_le_plus_net_decide():
    import pandas as pd

    from spaserlib.analyse.kraljic import GRILLE_PAR_DEFAUT
    from spaserlib.exercices.juges import corrige_depuis_kraljic

    ligne = {"famille": "F-X", "libelle": "X", "quadrant": "critiques", "explication": "",
             "score_impact": 2.25, "score_risque": 4.0}
    for critere in GRILLE_PAR_DEFAUT:
        ligne[f"score_{critere.nom}"] = (2.0 if critere.axe == "impact" else 4.0)
    table = pd.DataFrame([ligne])
    decisifs = corrige_depuis_kraljic(table)["F-X"]["criteres_decisifs"]
    axes = {c.nom: c.axe for c in GRILLE_PAR_DEFAUT}
    assert decisifs and {axes[c] for c in decisifs} == {"risque"}
