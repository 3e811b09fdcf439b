"""Le regroupement des lignes d'un tableur de marchés en contrats (`spaserlib.lecture.lots`).

Le regroupement est vectorisé ; `_ancien_regrouper_lots` ci-dessous est la règle d'origine, appliquée
groupe par groupe avec une fonction Python : les deux doivent donner exactement la même table et les
mêmes problèmes, sur des tables faites pour les départager.
"""

import numpy as np
import pandas as pd
import pytest

from spaserlib.lecture import fichiers, lots
from spaserlib.lecture.considerations import ENVIRONNEMENTALE, SOCIALE, considerations
from spaserlib.lecture.controles import Collecte
from spaserlib.lecture.fichiers import lire_marches
from tests import DONNEES


# --------------------------------------------------------------- la règle d'origine, groupe par groupe

def _joindre(valeurs):
    vues = list(dict.fromkeys(v for v in valeurs if isinstance(v, str) and v))
    return "; ".join(vues) if vues else None


def _premier(valeurs):
    non_vides = valeurs.dropna()
    return non_vides.iloc[0] if len(non_vides) else None


def _anciennes_considerations(valeurs, cote):
    paires = [considerations(v if isinstance(v, str) and v.strip() else None, cote) for v in valeurs]
    return (pd.Series([t for t, _ in paires], index=valeurs.index, dtype="str"),
            pd.Series([b for _, b in paires], index=valeurs.index, dtype="boolean"))


def _ancien_regrouper_lots(lignes, collecte, sources=None):
    sources = sources or {}
    if lignes.empty:
        vide = lignes.drop(columns=["lot", "_ligne"]).iloc[0:0].copy()
        vide["consideration_sociale"] = pd.Series(dtype="boolean")
        vide["consideration_environnementale"] = pd.Series(dtype="boolean")
        return vide
    lignes = lignes.copy()
    lignes["_acheteur"] = lignes["acheteur_id"].fillna("")
    lignes["_lot"] = lots.cle_de_lot(lignes["lot"], lignes["objet"])
    cle_contrat = ["_acheteur", "id"]
    lots._signaler_desaccords(lignes, collecte, sources.get("montant_ht", "montant_ht"))
    lots._signaler_identifiants_ambigus(lignes, collecte, sources.get("id", "id"))
    montants_lots = lignes.groupby(cle_contrat + ["_lot"], sort=False, dropna=False)["montant_ht"].max()
    montants = montants_lots.groupby(level=[0, 1], sort=False).sum(min_count=1)
    groupes = lignes.groupby(cle_contrat, sort=False, dropna=False)
    contrats = groupes.agg(
        acheteur_id=("acheteur_id", _premier), objet=("objet", _premier), cpv=("cpv", _premier),
        famille=("famille", _premier), nature=("nature", _premier), procedure=("procedure", _premier),
        date_notification=("date_notification", "min"), duree_mois=("duree_mois", "max"),
        titulaires=("titulaires", _joindre), titulaires_ids=("titulaires_ids", _joindre),
        considerations_sociales=("considerations_sociales", _premier),
        considerations_environnementales=("considerations_environnementales", _premier),
    )
    contrats["montant_ht"] = montants.reindex(contrats.index).astype("float64")
    contrats = contrats.reset_index(level="id").reset_index(drop=True)
    for nom in ("id", "acheteur_id", "objet", "cpv", "famille", "nature", "procedure", "titulaires",
                "titulaires_ids", "considerations_sociales", "considerations_environnementales"):
        contrats[nom] = contrats[nom].astype("str").where(contrats[nom].notna(), pd.NA)
    contrats["considerations_sociales"], contrats["consideration_sociale"] = _anciennes_considerations(
        contrats["considerations_sociales"], SOCIALE)
    contrats["considerations_environnementales"], contrats["consideration_environnementale"] = \
        _anciennes_considerations(contrats["considerations_environnementales"], ENVIRONNEMENTALE)
    return contrats


def _lire_des_deux_facons(chemin, monkeypatch):
    nouvelle = lire_marches(chemin)
    with monkeypatch.context() as m:
        m.setattr(fichiers, "regrouper_lots", _ancien_regrouper_lots)
        ancienne = lire_marches(chemin)
    return nouvelle, ancienne


def _memes_lectures(nouvelle, ancienne):
    pd.testing.assert_frame_equal(nouvelle.table, ancienne.table, check_exact=True)
    assert nouvelle.problemes == ancienne.problemes
    assert nouvelle.resume() == ancienne.resume()


# --------------------------------------------------------------- tables faites pour départager

ENTETE = ("N° marché;Lot;Acheteur;Objet;Date de notification;Montant;Titulaire;SIRET titulaire;CPV;Nature;"
          "Procédure;Durée;Considérations sociales;Considérations environnementales\n")
DIFFICILE = ENTETE + "".join([
    # lots répétés par co-titulaire, titulaire répété, titulaire vide entre deux
    "A;01;VILLE;Assurances;30/12/2019;1000;ASSUREUR A;;66510000;Marché;Appel d'offres ouvert;12;;\n",
    "A;1;VILLE;;;1000;ASSUREUR B;;;;;;Clause sociale;\n",
    "A;2;VILLE;Assurances lot 2;23/12/2019;500;;;;;;24;;Pas de considération environnementale\n",
    "A;2;VILLE;Assurances lot 2;;500;ASSUREUR A;;;;;;;\n",
    # même identifiant, autre acheteur : un autre contrat ; acheteur absent : encore un autre
    "A;1;DEPARTEMENT;Voirie;2020-01-05;700;BTP SUD;;45233140;;;;;\n",
    "A;1;;Voirie;2020-01-05;700;BTP SUD;;45233140;;;;;\n",
    # montants en désaccord dans un lot : le plus grand, une fois ; premier objet vide
    "B;3;VILLE;;2021-03-01;100;X;;;;;6;;\n",
    "B;3;VILLE;Nettoyage;2021-02-01;120;Y;;;;;;;\n",
    # sans lot, objets différents : regroupés et signalés ; sans montant du tout
    "C;;VILLE;Transport;;;T1;;;;;;;\n",
    "C;NUM_LOT_VIDE;VILLE;Transport scolaire;;;T2;;;;;;;\n",
    # tout vide sauf l'identifiant
    "D;;;;;;;;;;;;;\n",
    # sans identifiant : écartée
    ";1;VILLE;Sans identifiant;2019-01-28;10;Z;;;;;;;\n",
    # considérations diverses, répétées d'un contrat à l'autre
    "E;1;VILLE;Repas;2022-09-01;300;CUISINE;;15800000;;;;Clause sociale;Critère environnemental\n",
    "F;1;VILLE;Repas;2022-09-01;300;CUISINE;;15800000;;;;Pas de considération sociale;"
    "Clause environnementale\n",
])


def test_table_difficile_meme_resultat_que_la_regle_d_origine(tmp_path, monkeypatch):
    chemin = tmp_path / "marches.csv"
    chemin.write_text(DIFFICILE, encoding="utf-8")
    nouvelle, ancienne = _lire_des_deux_facons(chemin, monkeypatch)
    _memes_lectures(nouvelle, ancienne)
    table = nouvelle.table
    assert table["id"].tolist() == ["A", "A", "A", "B", "C", "D", "E", "F"]
    premier = table.iloc[0]
    assert premier["titulaires"] == "ASSUREUR A; ASSUREUR B"
    assert premier["montant_ht"] == 1500.0 and premier["objet"] == "Assurances"
    assert premier["date_notification"] == pd.Timestamp("2019-12-23")
    assert premier["consideration_sociale"] == True and premier["consideration_environnementale"] == False  # noqa: E712
    assert pd.isna(table.iloc[5]["montant_ht"]) and pd.isna(table.iloc[5]["titulaires"])
    assert pd.isna(table.iloc[5]["consideration_sociale"])  # inconnu, jamais « non »


def _aleatoire(chemin, graine: int, n: int = 400):
    rng = np.random.default_rng(graine)
    choix = lambda valeurs: rng.choice(np.array(valeurs, dtype=object), n)  # noqa: E731
    colonnes = [
        choix([f"M{i}" for i in range(60)] + [""]),
        choix(["", "1", "01", "2", "02", "3", "None", "0", "-", "sans objet"]),
        choix(["VILLE", "CCAS", ""]),
        choix(["Assurances", "Voirie", "Repas", "", "Nettoyage des locaux"]),
        choix(["", "2019-12-30", "01/02/2020", "2021-06-15", "n'importe quoi"]),
        choix(["", "100", "1 000,50", "250", "99999999", "0", "abc"]),
        choix(["", "ALPHA", "BETA", "GAMMA", "Alpha"]),
        choix(["", "35600000000048", "73282932000074", "123"]),
        choix(["", "45233140", "15800000", "66510000-5", "9999"]),
        choix(["", "Marché", "Accord-cadre"]),
        choix(["", "Procédure adaptée", "Appel d'offres ouvert"]),
        choix(["", "12", "24", "x"]),
        choix(["", "Clause sociale", "Pas de considération sociale", "Critère social, Clause sociale"]),
        choix(["", "Clause environnementale", "Pas de considération environnementale"]),
    ]
    lignes = ["".join(ENTETE)] + [";".join(valeurs) + "\n" for valeurs in zip(*colonnes)]
    chemin.write_text("".join(lignes), encoding="utf-8")


@pytest.mark.parametrize("graine", [1, 2, 3])
def test_tables_aleatoires_meme_resultat_que_la_regle_d_origine(tmp_path, monkeypatch, graine):
    chemin = tmp_path / "marches.csv"
    _aleatoire(chemin, graine)
    _memes_lectures(*_lire_des_deux_facons(chemin, monkeypatch))


@pytest.mark.parametrize("nom", ["tableurs/marches_lots.csv", "reelles/strasbourg_commune_achats_2019.csv"])
def test_fichiers_d_essai_meme_resultat_que_la_regle_d_origine(monkeypatch, nom):
    _memes_lectures(*_lire_des_deux_facons(DONNEES / nom, monkeypatch))


def test_objets_non_textes_ignores_dans_les_jointures():
    # Une colonne d'objets Python (pas de texte) : seuls les textes non vides sont joints.
    lignes = pd.DataFrame({
        "id": pd.Series(["A", "A", "A", "B"], dtype="str"),
        "acheteur_id": pd.Series([None] * 4, dtype="str"),
        "lot": pd.Series(["1", "2", "3", "1"], dtype="str"),
        "objet": pd.Series(["x"] * 4, dtype="str"),
        "montant_ht": [1.0, 2.0, np.nan, np.nan],
        "date_notification": pd.to_datetime([None, "2020-01-01", None, None]),
        "duree_mois": [np.nan] * 4,
        "titulaires": pd.Series(["T", 3, "", "T"], dtype=object),
        "titulaires_ids": pd.Series([None] * 4, dtype="str"),
        **{c: pd.Series([None] * 4, dtype="str") for c in ("cpv", "famille", "nature", "procedure",
                                                           "considerations_sociales",
                                                           "considerations_environnementales")},
        "_ligne": [2, 3, 4, 5],
    })
    nouveau = lots.regrouper_lots(lignes, Collecte("f.csv", np.array([2, 3, 4, 5])))
    ancien = _ancien_regrouper_lots(lignes, Collecte("f.csv", np.array([2, 3, 4, 5])))
    pd.testing.assert_frame_equal(nouveau, ancien, check_exact=True)
    assert nouveau["titulaires"].tolist() == ["T", "T"]
    assert nouveau["montant_ht"].tolist()[0] == 3.0 and pd.isna(nouveau["montant_ht"].tolist()[1])


def test_table_vide():
    colonnes = ["id", "acheteur_id", "lot", "objet", "montant_ht", "_ligne", "titulaires"]
    vide = pd.DataFrame({c: pd.Series(dtype="str") for c in colonnes})
    resultat = lots.regrouper_lots(vide, Collecte("f.csv", np.array([], dtype=int)))
    assert len(resultat) == 0 and "lot" not in resultat.columns
    assert resultat["consideration_sociale"].dtype == "boolean"
