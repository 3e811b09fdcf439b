"""Classement de Pareto (ABC) : franchissement des seuils, égalités, cas limites, phrase citable."""

import numpy as np
import pandas as pd
import pytest

from spaserlib.commun.erreurs import ErreurParametre
from spaserlib.commun.format_fr import ESPACE
from spaserlib.analyse.pareto import OBSERVATION_HORS_CLASSEMENT, classer_pareto, phrase_pareto


def achats(montants: dict, dates=None) -> pd.DataFrame:
    """Une ligne d'achat par (fournisseur, montant) ; un fournisseur peut avoir plusieurs lignes."""
    lignes = [(f, m) for f, liste in montants.items() for m in (liste if isinstance(liste, list) else [liste])]
    table = pd.DataFrame(lignes, columns=["fournisseur", "montant_ht"])
    table["famille"] = "F1"
    table["date"] = pd.Timestamp("2024-06-01") if dates is None else pd.to_datetime(dates)
    return table


def classes(table):
    return dict(zip(table["fournisseur"], table["classe"]))


def test_l_element_qui_atteint_80_pile_est_en_a_et_le_suivant_en_b():
    # 50 + 30 = 80 % pile : Y est en A (part cumulée avant : 50 %), Z en B (avant : 80 %).
    table = classer_pareto(achats({"X": 50, "Y": 30, "Z": 20}))
    assert classes(table) == {"X": "A", "Y": "A", "Z": "B"}
    assert table["part_cumulee_avant"].tolist() == pytest.approx([0, 0.5, 0.8])
    assert table["part_cumulee"].tolist() == pytest.approx([0.5, 0.8, 1.0])


def test_l_element_qui_franchit_80_est_en_a():
    # 60 puis 30 : cumul 60 % -> 90 % ; Y franchit 80 % et reste en A (avant lui : 60 %).
    table = classer_pareto(achats({"X": 60, "Y": 30, "Z": 6, "W": 4}))
    assert classes(table) == {"X": "A", "Y": "A", "Z": "B", "W": "C"}


def test_le_seuil_95_suit_la_meme_regle():
    # Cumul avant : 0, 70, 95 -> A, A, C (95 % pile avant Z : C).
    table = classer_pareto(achats({"X": 70, "Y": 25, "Z": 5}))
    assert classes(table) == {"X": "A", "Y": "A", "Z": "C"}


def test_ex_aequo_de_classe_b():
    # Z et W ex æquo (5 et 5) : même classe, celle du premier (avant Z : 90 % -> B), bien que
    # la part cumulée avant W soit 95 %.
    table = classer_pareto(achats({"X": 70, "Y": 20, "Z": 5, "W": 5}))
    assert classes(table) == {"X": "A", "Y": "A", "Z": "B", "W": "B"}


def test_arrondis_de_centimes_ne_deplacent_pas_la_frontiere():
    # 0,701 + 0,099 vaut 0,8 ; en virgule flottante, la somme cumulée donne 0,7999999999999999.
    table = classer_pareto(achats({"X": 70.1, "Y": 9.9, **{f"Z{i}": 2.5 for i in range(8)}}))
    assert table["part_cumulee"].iloc[1] < 0.8  # le piège est bien là
    assert classes(table)["Z0"] == "B"


def test_montants_nets_avoirs_compris():
    table = classer_pareto(achats({"X": [100, -40], "Y": [50]}))
    assert table.set_index("fournisseur")["montant_net"].to_dict() == {"X": 60, "Y": 50}
    assert table.set_index("fournisseur")["lignes"].to_dict() == {"X": 2, "Y": 1}


def test_egalites_ordre_par_libelle_et_meme_classe():
    table = classer_pareto(achats({"Bêta": 40, "Alpha": 40, "Gamma": 20}))
    assert table["fournisseur"].tolist() == ["Alpha", "Bêta", "Gamma"]
    assert table["rang"].tolist() == [1, 2, 3]
    assert classes(table) == {"Alpha": "A", "Bêta": "A", "Gamma": "B"}


def test_ex_aequo_a_cheval_sur_le_seuil_prennent_la_classe_du_premier():
    # X 70 %, puis Y et Z à 10 % chacun : avant Y 70 %, avant Z 80 %. Ex æquo -> tous deux A.
    table = classer_pareto(achats({"X": 70, "Z": 10, "Y": 10, "W": 10}))
    assert classes(table) == {"X": "A", "Y": "A", "Z": "A", "W": "A"}


def test_la_classe_ne_depend_pas_des_libelles():
    montants = [70, 10, 10, 10, 5, 5, 3, 3, 1]
    t1 = classer_pareto(achats({f"f{i}": m for i, m in enumerate(montants)}))
    t2 = classer_pareto(achats({f"f{len(montants) - i}": m for i, m in enumerate(montants)}))
    assert sorted(t1["classe"].tolist()) == sorted(t2["classe"].tolist())
    assert t1.groupby("montant_net")["classe"].nunique().max() == 1


def test_un_seul_fournisseur_est_en_a_avec_100_pour_cent():
    table = classer_pareto(achats({"Unique": [10, 20]}))
    assert len(table) == 1
    assert table.loc[0, "classe"] == "A" and table.loc[0, "part"] == 1.0 and table.loc[0, "rang"] == 1


def test_montants_tous_egaux_tous_en_a():
    table = classer_pareto(achats({f"F{i}": 100 for i in range(10)}))
    assert set(table["classe"]) == {"A"}
    assert table["part"].tolist() == pytest.approx([0.1] * 10)


@pytest.mark.parametrize("montants", [{"X": [100, -100]}, {"X": -10, "Y": 5}, {"X": 0}])
def test_total_nul_ou_negatif_est_une_erreur_claire(montants):
    with pytest.raises(ErreurParametre, match=r"La dépense nette en 2024 est nulle ou négative \(.*€\) : "
                       r"le classement de Pareto n'a pas de sens"):
        classer_pareto(achats(montants))


def test_fournisseur_au_net_negatif_hors_classement():
    table = classer_pareto(achats({"X": 80, "Y": 20, "Z": [10, -30], "V": [5, -5]}))
    assert table["fournisseur"].tolist() == ["X", "Y", "V", "Z"]
    hors = table[table["classe"].isna()]
    assert hors["fournisseur"].tolist() == ["V", "Z"]
    assert hors["observation"].eq(OBSERVATION_HORS_CLASSEMENT).all()
    assert hors["rang"].isna().all() and hors["part"].isna().all()
    # Les parts se calculent sur les nets positifs (100), pas sur le net général (80).
    assert table["part"].iloc[:2].tolist() == pytest.approx([0.8, 0.2])
    assert table.attrs["total_net"] == 80 and table.attrs["total_classe"] == 100


@pytest.mark.parametrize("seuils", [(0.95, 0.80), (0, 0.9), (0.8, 1.2), (80, 95), (0.8, 0.8)])
def test_seuils_incoherents(seuils):
    with pytest.raises(ErreurParametre, match=r"Seuils de Pareto incohérents .* Il faut 0 < seuil A < seuil B ≤ 1"):
        classer_pareto(achats({"X": 1}), seuils=seuils)


def test_seuils_illisibles():
    with pytest.raises(ErreurParametre, match="Seuils de Pareto illisibles"):
        classer_pareto(achats({"X": 1}), seuils=0.8)


def test_seuils_parametres():
    # Seuils 60 / 90 : X (avant 0) A ; Y (avant 50 %) A ; Z (avant 80 %) B ; W (avant 95 %) C.
    table = classer_pareto(achats({"X": 50, "Y": 30, "Z": 15, "W": 5}), seuils=(0.6, 0.9))
    assert table["classe"].tolist() == ["A", "A", "B", "C"]


def test_seuil_b_a_100_pour_cent_classe_c_vide():
    table = classer_pareto(achats({"X": 50, "Y": 30, "Z": 15, "W": 5}), seuils=(0.8, 1))
    assert table["classe"].tolist() == ["A", "A", "B", "B"]


def test_par_famille_ou_toute_colonne():
    donnees = achats({"X": 50, "Y": 30, "Z": 20})
    donnees["famille"] = ["F1", "F2", "F2"]
    table = classer_pareto(donnees, par="famille")
    assert table.columns[0] == "famille"
    # F1 et F2 ex æquo à 50 : ordre alphabétique, même classe.
    assert table["famille"].tolist() == ["F1", "F2"] and table["montant_net"].tolist() == [50, 50]
    assert table["classe"].tolist() == ["A", "A"]


def test_valeurs_manquantes_de_la_colonne_regroupees():
    donnees = achats({"X": 50, "Y": 30})
    donnees.loc[1, "fournisseur"] = None
    table = classer_pareto(donnees)
    assert "(non renseigné)" in table["fournisseur"].tolist()


def test_periode_bornes_comprises():
    donnees = achats({"X": [10, 20, 40], "Y": [5]}, dates=["2023-12-31", "2024-01-01", "2024-12-31", "2025-01-01"])
    table = classer_pareto(donnees, debut="2024-01-01", fin="2024-12-31")
    assert table["fournisseur"].tolist() == ["X"] and table.loc[0, "montant_net"] == 60


def test_periode_vide_et_inversee():
    donnees = achats({"X": 10})
    with pytest.raises(ErreurParametre, match="Aucune ligne d'achat du 01/01/2030 : rien à classer"):
        classer_pareto(donnees, debut="2030-01-01")
    with pytest.raises(ErreurParametre, match=r"Période vide : debut \(2024-12-31\) est après fin \(2024-01-01\)"):
        classer_pareto(donnees, debut="2024-12-31", fin="2024-01-01")


def test_colonne_absente():
    with pytest.raises(ErreurParametre, match="La colonne « titulaire » n'existe pas dans la table des achats"):
        classer_pareto(achats({"X": 10}), par="titulaire")


def test_montant_manquant_signale():
    donnees = achats({"X": 10, "Y": 5})
    donnees["montant_ht"] = [10, np.nan]
    with pytest.raises(ErreurParametre, match="1 ligne\\(s\\) d'achat sans montant lisible"):
        classer_pareto(donnees)


def test_l_entree_n_est_pas_modifiee():
    donnees = achats({"X": 50, "Y": 30})
    copie = donnees.copy()
    classer_pareto(donnees)
    pd.testing.assert_frame_equal(donnees, copie)


def sans_insecables(texte):
    return texte.replace(ESPACE, " ")


def test_phrase_pareto():
    # 10 fournisseurs : 2 font 80 % -> « 20 % des fournisseurs (2 sur 10) concentrent 80 % ».
    montants = {"A1": 50, "A2": 30, **{f"C{i}": 2.5 for i in range(8)}}
    phrase = sans_insecables(phrase_pareto(classer_pareto(achats(montants))))
    assert phrase == "20 % des fournisseurs (2 sur 10) concentrent 80 % de la dépense nette en 2024 (classe A, seuil 80 %)."


def test_phrase_classes_a_et_b_et_nom_libre():
    table = classer_pareto(achats({"X": 60, "Y": 30, "Z": 6, "W": 4}))
    phrase = sans_insecables(phrase_pareto(table, classe="B", nom="titulaires"))
    assert phrase == "75 % des titulaires (3 sur 4) concentrent 96 % de la dépense nette en 2024 (classes A et B, seuil 95 %)."


def test_phrase_un_seul_fournisseur():
    phrase = sans_insecables(phrase_pareto(classer_pareto(achats({"ACME": 1_200_000}))))
    assert phrase == "Toute la dépense nette en 2024 (1,2 M€) va à un seul fournisseur : ACME."


def test_phrase_signale_les_hors_classement():
    table = classer_pareto(achats({"X": 80, "Y": 20, "Z": [10, -30]}))
    assert sans_insecables(phrase_pareto(table)).endswith("Hors classement : 1 fournisseur au montant net nul ou négatif.")


def test_phrase_refuse_une_table_quelconque():
    with pytest.raises(ErreurParametre, match="Cette table ne vient pas de classer_pareto"):
        phrase_pareto(pd.DataFrame({"x": [1]}))


def test_la_periode_est_ecrite_dans_la_phrase_et_le_titre():
    """Une année civile s'écrit « en 2025 », plusieurs années « sur 2024-2025 », d'autres bornes en dates ;
    la phrase et le titre de la figure la reprennent (issue 14 : une période à côté de chaque chiffre)."""
    from spaserlib.documents.figures import figure_pareto

    achats = pd.DataFrame({"date": ["2024-03-01", "2025-06-30", "2025-12-31"], "fournisseur": ["A", "B", "C"],
                           "montant_ht": [100.0, 300.0, 600.0]})
    annee = classer_pareto(achats, debut="2025-01-01", fin="2025-12-31")
    assert annee.attrs["periode"] == "en 2025"
    assert "de la dépense nette en 2025 (classe A" in phrase_pareto(annee)
    toutes = classer_pareto(achats)
    assert toutes.attrs["periode"] == "sur 2024-2025"
    assert "de la dépense nette sur 2024-2025 (classe A" in phrase_pareto(toutes)
    assert classer_pareto(achats, debut="2025-06-30", fin="2025-12-31").attrs["periode"] == "du 30/06/2025 au 31/12/2025"
    assert classer_pareto(achats, debut="2024-01-01", fin="2025-12-31").attrs["periode"] == "sur 2024-2025"
    titre = figure_pareto(annee).axes[0].get_title(loc="left")
    assert titre == "Concentration de la dépense par fournisseur en 2025"
    sans_date = classer_pareto(achats.drop(columns="date"))
    assert sans_date.attrs["periode"] == "" and "dépense nette (classe A" in phrase_pareto(sans_date)
