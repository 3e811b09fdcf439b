"""Planchers légaux : une cible sous ce que la loi impose depuis le 21 août 2026 est signalée."""

from datetime import date

import pytest

from spaserlib.objectifs.modele import Objectif
from spaserlib.objectifs.planchers import plancher_legal


def objectif(libelle, cible, echeance, unite="part_nombre", **autres):
    return Objectif(libelle=libelle, unite=unite, cible=cible, echeance=echeance, **autres)


@pytest.mark.parametrize("libelle, cible, echeance", [
    ("Porter à 60 % la part des marchés avec une considération environnementale d'ici 2027", 60, date(2027, 12, 31)),
    ("50 % des marchés notifiés avec un critère environnemental d'ici 2026", 50, date(2026, 12, 31)),
    ("50 % des marchés avec un critère environnemental", 50, date(2026, 8, 21)),  # le jour même
])
def test_cible_environnementale_sous_le_plancher(libelle, cible, echeance):
    p = plancher_legal(objectif(libelle, cible, echeance))
    assert p is not None and not p.conformite and p.genre == "environnementale"
    assert p.message.startswith("Cible sous le plancher légal : depuis le 21 août 2026, toute consultation doit comporter "
                                "un critère d'attribution et des conditions d'exécution environnementaux (Art. L2152-7 et R2152-7 CCP ; Art. L2112-2 CCP).")
    assert "consultations engagées depuis le 21 août 2026, pas pour les marchés déjà en cours" in p.message


def test_avant_la_date_il_n_y_a_pas_de_plancher():
    assert plancher_legal(objectif("50 % des marchés avec un critère environnemental", 50, date(2026, 8, 20))) is None


def test_sans_echeance_la_date_du_jour_decide():
    o = objectif("50 % des marchés avec une clause environnementale", 50, None)
    assert plancher_legal(o, aujourd_hui=date(2025, 6, 1)) is None
    assert plancher_legal(o, aujourd_hui=date(2026, 12, 2)) is not None


def test_cent_pour_cent_est_un_objectif_de_conformite():
    p = plancher_legal(objectif("100 % des marchés avec un critère environnemental à partir de 2027", 100, date(2027, 12, 31)))
    assert p.conformite and p.message.startswith("Objectif de conformité : depuis le 21 août 2026")
    assert "reprend l'obligation légale" in p.message


def test_plancher_social_seulement_au_dessus_des_seuils_europeens():
    tous = objectif("30 % des marchés avec une clause sociale d'insertion", 30, date(2027, 12, 31))
    assert plancher_legal(tous) is None  # pas d'obligation sur tous les marchés
    europeens = objectif("80 % des marchés au-dessus des seuils européens avec une clause sociale", 80, date(2027, 12, 31))
    p = plancher_legal(europeens)
    assert p.genre == "sociale" and "Art. L2112-2-1 CCP" in p.message and "sauf exceptions" in p.message


@pytest.mark.parametrize("o", [
    objectif("Réaliser 20 000 heures d'insertion", 20000, date(2027, 12, 31), unite="heures_insertion"),
    objectif("60 % des marchés avec une considération sociale ou environnementale", 60, date(2027, 12, 31)),
    objectif("Une considération environnementale dans les marchés", None, date(2027, 12, 31)),
    # une part d'achats d'un produit, pas une part de contrats dotés d'une clause ou d'un critère
    objectif("Porter à 40 % la part des denrées achetées en circuit court (bilan carbone)", 40, date(2027, 12, 31)),
    objectif("30 % de véhicules à faibles émissions dans le renouvellement de la flotte", 30, date(2027, 12, 31)),
    objectif("Atteindre 60 % de papier recyclé dans les achats de papier", 60, date(2027, 12, 31)),
])
def test_hors_champ(o):
    assert plancher_legal(o) is None


def test_l_analyse_smart_signale_le_plancher():
    from spaserlib.objectifs.smart import analyser_objectif

    a = analyser_objectif("Porter à 60 % la part des marchés comportant une considération environnementale d'ici 2027",
                          aujourd_hui=date(2026, 12, 2))
    assert a.plancher.startswith("Cible sous le plancher légal : depuis le 21 août 2026")
    assert a.verdicts["atteignable"].niveau != "rempli" and not a.est_smart
    assert a.verdicts["atteignable"].conseil.startswith("Relevez la cible : la loi impose 100 % des marchés concernés")
    assert a.en_dict()["plancher_legal"] == a.plancher and str(a).splitlines()[2].startswith("⚠ Cible sous le plancher légal")
    sociale = analyser_objectif("Atteindre 30 % de marchés avec une clause sociale d'ici 2027", aujourd_hui=date(2026, 12, 2))
    assert sociale.plancher is None


def test_la_verification_d_un_objectif_structure_signale_le_plancher():
    from spaserlib.objectifs.verification import verifier_objectif

    o = objectif("60 % des marchés avec un critère environnemental", 60, date(2027, 12, 31), indicateur="x", perimetre="y")
    assert verifier_objectif(o, aujourd_hui=date(2026, 12, 2)).plancher.startswith("Cible sous le plancher légal")


def test_la_commande_smart_nomme_l_article(capsys):
    from spaserlib.cli import main

    assert main(["smart", "Porter à 60 % la part des marchés avec une considération environnementale d'ici 2027",
                 "--date", "2026-12-02"]) == 0
    sortie = capsys.readouterr().out
    assert "Cible sous le plancher légal" in sortie and "Art. L2152-7" in sortie
