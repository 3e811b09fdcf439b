"""L'analyseur SMART : formes d'échéance, pièges, verbes vagues ou d'engagement, objectif structuré."""

import json
from datetime import date

import pytest
import yaml

from spaserlib.commun.erreurs import ErreurParametre
from spaserlib.objectifs.extraction import extraire
from spaserlib.objectifs.modele import Objectif
from spaserlib.objectifs.smart import CRITERES, AnalyseSmart, analyser_objectif
from spaserlib.objectifs.verification import verifier_objectif
from tests import TESTS

AUJOURD_HUI = date(2026, 1, 15)
CORPUS = TESTS / "donnees" / "corpus_smart.yaml"


def analyse(texte: str, **kw) -> AnalyseSmart:
    return analyser_objectif(texte, aujourd_hui=AUJOURD_HUI, **kw)


# --- Échéances : chaque forme française ---------------------------------------------------------

@pytest.mark.parametrize("texte, echeance", [
    ("Atteindre 30 % de marchés avec une clause sociale d'ici 2027.", date(2027, 12, 31)),
    ("Au 31 décembre 2026, 40 % des marchés de services comporteront une clause d'insertion.", date(2026, 12, 31)),
    ("Avant fin 2026, réserver 10 marchés aux entreprises adaptées.", date(2026, 12, 31)),
    ("À l'horizon 2030, 70 % des véhicules achetés seront à faibles émissions.", date(2030, 12, 31)),
    ("En 2026, porter à 50 % la part des denrées durables en restauration collective.", date(2026, 12, 31)),
    ("Sous 18 mois, intégrer un critère environnemental dans 50 % des consultations.", date(2027, 7, 15)),
    ("Passer de 18,7 % à 30 % de marchés avec une considération sociale d'ici au 31/12/2027.", date(2027, 12, 31)),
    ("Renouveler le parc avec 70 % de véhicules à faibles émissions au 1er janvier 2030.", date(2030, 1, 1)),
    ("Réaliser 600 000 heures d'insertion dans les marchés sur la période 2022-2026.", date(2026, 12, 31)),
    ("Diminuer les achats de plastique de 80 % avant 2027.", date(2026, 12, 31)),
    ("Former les acheteurs aux clauses sociales dans les six prochains mois.", date(2026, 7, 15)),
    ("Objectif d'insertion à l'horizon d'août 2026 dans les marchés.", date(2026, 8, 31)),
])
def test_chaque_forme_d_echeance_est_reconnue_et_datee(texte, echeance):
    a = analyse(texte)
    assert a.objectif.echeance == echeance
    assert a.verdicts["temporel"].niveau == "rempli"


def test_chaque_annee_est_une_periodicite_qui_suffit_au_critere_temporel():
    a = analyse("Consacrer 1,5 million d'euros aux achats d'insertion chaque année.")
    assert a.verdicts["temporel"].niveau == "rempli"
    assert a.verdicts["temporel"].mots == ["chaque année"]
    assert a.objectif.echeance is None and a.objectif.extras["periodicite"] == "chaque année"


def test_des_2026_est_une_date_de_depart():
    a = analyse("Acheter 100 % de papier recyclé dès 2026.")
    assert a.verdicts["temporel"].niveau == "rempli"
    assert a.verdicts["temporel"].explication == "Date de départ : 01/01/2026."
    assert a.objectif.extras["debut"] == "2026-01-01"


def test_une_echeance_passee_ne_remplit_qu_a_moitie_le_critere_temporel():
    v = analyse("Atteindre 20 % de marchés avec une clause d'insertion d'ici 2020.").verdicts["temporel"]
    assert (v.niveau, v.explication) == ("partiel", "L'échéance (31/12/2020) est déjà passée.")


@pytest.mark.parametrize("texte, mot", [
    ("À terme, 100 % des marchés intégreront une considération environnementale.", "À terme"),
    ("Promouvoir le réemploi du mobilier à moyen terme.", "à moyen terme"),
    ("D'ici la fin du mandat, développer les clauses sociales.", "D'ici la fin du mandat"),
    ("Augmenter progressivement la part de papier recyclé.", "progressivement"),
])
def test_un_horizon_vague_donne_temporel_partiel(texte, mot):
    v = analyse(texte).verdicts["temporel"]
    assert v.niveau == "partiel" and v.mots == [mot]


# --- Pièges ---------------------------------------------------------------------------------------

def test_annee_de_reference_n_est_pas_une_echeance():
    a = analyse("Atteindre 30 % de marchés comportant une clause sociale d'ici 2027, contre 12 % en 2023.")
    o = a.objectif
    assert (o.cible, o.valeur_reference, o.annee_reference, o.echeance) == (30, 12, 2023, date(2027, 12, 31))
    assert o.unite == "part_nombre"


def test_constat_au_passe_n_a_ni_cible_ni_echeance():
    a = analyse("Le taux de marchés comportant un critère environnemental était de 21 % en 2023.")
    assert a.niveaux == {"specifique": "partiel", "mesurable": "partiel", "atteignable": "absent",
                         "realiste": "rempli", "temporel": "absent"}
    assert a.objectif.cible is None and a.objectif.valeur_reference == 21 and a.objectif.annee_reference == 2023
    assert "« en 2023 » est une année de référence, pas une échéance." in a.verdicts["temporel"].explication


def test_pourcentage_de_contexte_n_est_pas_une_cible():
    a = analyse("Les marchés de travaux, qui représentent 30 % de nos achats, devront favoriser l'insertion.")
    v = a.verdicts["mesurable"]
    assert v.niveau == "absent"
    assert "« 30 % » décrit le contexte, ce n'est pas une cible." in v.explication
    assert a.objectif.cible is None


def test_pourcentage_qui_delimite_le_perimetre_n_est_pas_une_cible():
    a = analyse("Dans les 30 % de marchés de travaux les plus importants, encourager le recours aux clauses d'insertion.")
    assert a.verdicts["mesurable"].niveau == "absent"
    assert "« 30 % » délimite le périmètre, ce n'est pas une cible." in a.verdicts["mesurable"].explication


def test_seuil_de_montant_n_est_pas_une_cible_et_systematiquement_vaut_100():
    a = analyse("Inclure systématiquement une clause d'insertion dans les marchés de travaux de plus de 500 000 € HT à partir de 2026.")
    assert a.objectif.cible == 100 and a.objectif.unite == "part_nombre"
    assert a.verdicts["mesurable"].mots == ["systématiquement"]


def test_numero_d_article_et_annee_d_une_loi_sont_ignores():
    texte_loi = "Conformément à la loi Climat et résilience de 2021, notifier 20 marchés réservés (article L2113-12) par an."
    a = analyse(texte_loi)
    assert [n.extrait for n in extraire(texte_loi, aujourd_hui=AUJOURD_HUI).nombres] == ["20 marchés"]
    assert a.objectif.cible == 20 and a.objectif.unite == "nombre_contrats"
    assert a.verdicts["temporel"].mots == ["par an"]


def test_cible_en_deca_de_la_reference_est_peu_ambitieuse():
    v = analyse("Maintenir la part des marchés avec clause sociale à 20 % d'ici 2027, contre 25 % en 2023.").verdicts["atteignable"]
    assert v.niveau == "absent"
    assert v.explication == "La cible (20\u00a0%) ne dépasse pas la valeur de départ (25\u00a0%) : l'objectif est peu ambitieux."


def test_part_superieure_a_100_pour_cent_est_impossible():
    v = analyse("Atteindre 120 % de marchés avec une clause environnementale d'ici 2027.").verdicts["atteignable"]
    assert (v.niveau, v.explication) == ("absent", "Une part ne peut pas dépasser 100 % (cible : 120\u00a0%).")


def test_ponderation_d_un_critere_n_est_pas_une_part_de_marches():
    a = analyse("Intégrer un critère environnemental pondéré à au moins 15 % dans les marchés de fournitures d'ici 2026.")
    assert a.objectif.cible == 15 and a.objectif.unite == "pourcentage" and a.objectif.extras["ponderation"] is True


def test_sous_objectif_dont_ne_remplace_pas_la_cible():
    a = analyse("En 2026, porter à 50 % la part des denrées durables et de qualité en restauration collective, dont 20 % de produits bio.")
    assert a.objectif.cible == 50


# --- Montants, nombres, variations ----------------------------------------------------------------

@pytest.mark.parametrize("texte, cible, unite", [
    ("Consacrer au moins 3 M€ par an aux achats auprès de l'ESS.", 3_000_000, "valeur_euros"),
    ("Consacrer 1,5 million d'euros aux achats d'insertion chaque année.", 1_500_000, "valeur_euros"),
    ("Réaliser 600 000 heures d'insertion dans les marchés d'ici 2026.", 600_000, "heures_insertion"),
    ("Atteindre 2 500 tonnes de déchets valorisés dans les marchés de voirie d'ici 2028.", 2_500, "tonnes"),
    ("Attribuer au moins 15 % du montant des marchés à des PME locales chaque année.", 15, "part_valeur"),
    ("Porter à 35 % en valeur la part des marchés avec une clause environnementale d'ici 2026.", 35, "part_valeur"),
    ("Porter à 2,5 % des dépenses la part des achats auprès de l'ESS en 2027.", 2.5, "part_valeur"),
    ("Former 120 acheteurs aux achats durables d'ici 2027.", 120, "personnes"),
])
def test_montants_et_nombres_avec_leur_unite(texte, cible, unite):
    o = analyse(texte).objectif
    assert (o.cible, o.unite) == (cible, unite)


@pytest.mark.parametrize("texte, variation, genre", [
    ("Réduire de 22 % les émissions de gaz à effet de serre des achats d'ici 2027.", -22, "%"),
    ("Augmenter de 10 % le nombre d'heures d'insertion d'ici 2027.", 10, "%"),
    ("Accroître de 20 points la part des marchés attribués à des PME d'ici 2028.", 20, "points"),
    ("Doubler la part des achats auprès de l'ESS d'ici 2027.", 2, "facteur"),
    ("Diviser par deux les déchets d'emballage des fournitures d'ici 2028.", 0.5, "facteur"),
    ("Réduire de moitié le gaspillage alimentaire en restauration scolaire d'ici 2027.", 0.5, "facteur"),
])
def test_variations_relatives(texte, variation, genre):
    a = analyse(texte)
    assert (a.objectif.extras["variation"], a.objectif.extras["variation_unite"]) == (variation, genre)
    assert a.verdicts["mesurable"].niveau == "rempli" and a.verdicts["atteignable"].niveau == "rempli"


# --- Intentions vagues et engagements -----------------------------------------------------------

@pytest.mark.parametrize("verbe", ["Favoriser", "Encourager", "Promouvoir", "Développer", "Renforcer", "Améliorer"])
def test_intention_vague_sans_cible_n_est_pas_specifique(verbe):
    v = analyse(f"{verbe} les clauses sociales dans les marchés de travaux.").verdicts["specifique"]
    assert v.niveau == "partiel"
    assert v.explication == f"L'objectif reste une intention (« {verbe} »), sans engagement précis."


def test_sensibiliser_est_une_intention():
    v = analyse("Sensibiliser les acheteurs aux enjeux environnementaux.").verdicts["specifique"]
    assert v.niveau == "partiel" and "Sensibiliser" in v.explication


@pytest.mark.parametrize("texte", [
    "Intégrer une clause sociale dans 25 % des marchés de travaux.",
    "Porter à 40 % la part des marchés avec une clause sociale.",
    "Réduire de 10 % les émissions des achats de véhicules.",
    "Atteindre 30 % de marchés avec une considération sociale.",
])
def test_engagement_mesurable_est_specifique(texte):
    assert analyse(texte).verdicts["specifique"].niveau == "rempli"


def test_verbe_vague_avec_cible_reste_specifique_mais_le_conseil_le_signale():
    v = analyse("Tendre vers 30 % de marchés avec une considération sociale.").verdicts["specifique"]
    assert v.niveau == "rempli"
    assert v.conseil == "Remplacez « Tendre vers » par un verbe d'engagement (atteindre, porter à, intégrer dans)."


def test_objectif_creux():
    a = analyse("Faire mieux qu'aujourd'hui.")
    assert set(a.niveaux.values()) == {"absent"}
    assert a.verdicts["specifique"].explication == "On ne sait pas sur quoi porte l'objectif."


# --- Accents, casse, texte vide ------------------------------------------------------------------

def test_accents_manquants_et_majuscules_sont_toleres():
    avec = analyse("Réduire de 20 % les émissions de GES des achats d'ici 2030").niveaux
    sans = analyse("REDUIRE DE 20 % LES EMISSIONS DE GES DES ACHATS D'ICI 2030").niveaux
    assert avec == sans == {c: "rempli" for c in CRITERES}


def test_les_mots_cites_sont_ceux_du_texte_d_origine():
    a = analyse("REDUIRE DE 20 % LES EMISSIONS DE GES DES ACHATS D\u2019ICI 2030")
    assert a.verdicts["temporel"].mots == ["D\u2019ICI 2030"]
    assert a.verdicts["mesurable"].mots == ["20 %"]


@pytest.mark.parametrize("texte", ["", "   "])
def test_texte_vide_refuse(texte):
    with pytest.raises(ErreurParametre, match="Le texte de l'objectif est vide : écrivez l'objectif à analyser"):
        analyser_objectif(texte)


# --- Résultat ---------------------------------------------------------------------------------------

def test_en_dict_est_du_json_avec_les_cinq_cles_stables():
    d = analyse("Atteindre 30 % de marchés avec une clause sociale d'ici 2027, contre 12 % en 2023.").en_dict()
    assert list(d["verdicts"]) == ["specifique", "mesurable", "atteignable", "realiste", "temporel"]
    assert d["smart"] is True
    assert d["objectif"]["echeance"] == "2027-12-31" and d["objectif"]["indicateur_l2111_3"] is True
    assert json.loads(json.dumps(d)) == d


def test_affichage_texte_donne_un_tableau_et_les_champs_extraits():
    texte = str(analyse("Intégrer une clause sociale dans 25 % des marchés de travaux."))
    assert "Temporellement défini    ABSENT" in texte
    assert "  cible : 25\u00a0%" in texte and "  périmètre : marchés de travaux" in texte


# --- Objectif structuré --------------------------------------------------------------------------

def test_verifier_un_objectif_complet():
    o = Objectif(libelle="Clauses sociales", axe="social", indicateur="part des marchés avec une clause sociale",
                 unite="part_nombre", perimetre="marchés de travaux", valeur_reference=12, annee_reference=2023,
                 cible=30, echeance=date(2027, 12, 31))
    assert verifier_objectif(o, aujourd_hui=AUJOURD_HUI).est_smart


def test_verifier_un_objectif_nu():
    a = verifier_objectif(Objectif(libelle="Faire mieux"), aujourd_hui=AUJOURD_HUI)
    assert set(a.niveaux.values()) == {"absent"}
    assert a.texte is None


def test_verifier_signale_un_indicateur_hors_l2111_3():
    o = Objectif(libelle="Insertion", indicateur="heures d'insertion", unite="heures_insertion", perimetre="marchés",
                 cible=600_000, echeance=date(2026, 12, 31))
    v = verifier_objectif(o, aujourd_hui=AUJOURD_HUI).verdicts["mesurable"]
    assert v.niveau == "rempli"
    assert v.conseil == "L'article L2111-3 demande un indicateur en nombre de contrats ou en valeur."


def test_verifier_une_echeance_passee():
    o = Objectif(libelle="x", echeance=date(2020, 12, 31))
    assert verifier_objectif(o, aujourd_hui=AUJOURD_HUI).verdicts["temporel"].niveau == "partiel"


# --- Cas clairs du corpus : chaque critère de chaque énoncé marqué « clair » ----------------------

def _cas_clairs():
    corpus = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))
    for e in corpus["enonces"]:
        if e.get("clair"):
            for critere, attendu in e["attendu"].items():
                yield pytest.param(e["texte"], critere, attendu, corpus["aujourd_hui"], id=f"{e['id']}-{critere}")


@pytest.mark.parametrize("texte, critere, attendu, aujourd_hui", list(_cas_clairs()))
def test_cas_clairs_du_corpus(texte, critere, attendu, aujourd_hui):
    assert analyser_objectif(texte, aujourd_hui=aujourd_hui).verdicts[critere].niveau == attendu


def test_le_corpus_a_au_moins_80_enonces_etiquetes_sur_les_cinq_criteres():
    enonces = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))["enonces"]
    assert len(enonces) >= 80
    for e in enonces:
        assert set(e["attendu"]) == set(CRITERES), e["id"]
        assert set(e["attendu"].values()) <= {"rempli", "partiel", "absent"}, e["id"]


def test_les_mots_de_chaque_verdict_sont_des_extraits_du_texte():
    for fichier in ("corpus_smart.yaml", "corpus_smart_controle.yaml", "corpus_smart_aveugle.yaml"):
        corpus = yaml.safe_load((CORPUS.parent / fichier).read_text(encoding="utf-8"))
        for e in corpus["enonces"]:
            a = analyser_objectif(e["texte"], aujourd_hui=corpus["aujourd_hui"])
            for v in a.verdicts.values():
                assert all(mot in e["texte"] for mot in v.mots), (e["id"], v.critere, v.mots)
                assert v.explication and (v.niveau == "rempli" or v.conseil), (e["id"], v.critere)


def test_part_nommee_ailleurs_dans_la_phrase_donne_l_unite():
    o = analyse("Doubler la part des achats auprès de l'ESS pour atteindre 2,5 % en 2027.").objectif
    assert (o.cible, o.unite) == (2.5, "part_valeur")


def test_depuis_n_est_pas_l_annee_de_la_valeur_de_depart():
    o = analyse("30 % des contrats attribués à des primo-accédants depuis 2021 (20 % aujourd'hui).").objectif
    assert (o.valeur_reference, o.annee_reference) == (20, None)


def test_tableau_smart_une_ligne_par_objectif():
    from spaserlib.objectifs.smart import tableau_smart

    t = tableau_smart(["Atteindre 30 % de marchés avec une clause sociale d'ici 2027, contre 12 % en 2023.",
                       "Favoriser l'insertion."], aujourd_hui=AUJOURD_HUI)
    assert list(t.columns[:7]) == ["texte", "specifique", "mesurable", "atteignable", "realiste", "temporel", "smart"]
    assert t["smart"].tolist() == [True, False]
    assert t.loc[1, "mesurable"] == "absent" and t.loc[0, "cible"] == 30


def test_tableau_smart_vide():
    from spaserlib.objectifs.smart import tableau_smart

    assert len(tableau_smart([])) == 0
