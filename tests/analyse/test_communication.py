"""Plan de communication : actions communes, puis une action par objectif."""

from datetime import date

from spaserlib.analyse.communication import ACTIONS_COMMUNES, COLONNES_PLAN, plan_de_communication
from spaserlib.objectifs.modele import Objectif


def test_sans_objectif_les_actions_communes():
    plan = plan_de_communication()
    assert list(plan.columns) == COLONNES_PLAN
    assert len(plan) == len(ACTIONS_COMMUNES)
    assert "L2111-3" in plan.loc[plan["public"] == "Citoyens et usagers", "canal"].iloc[0]


def test_une_action_par_objectif_avec_public_porteur_et_indicateur():
    objectifs = [
        Objectif("Heures d'insertion", axe="social", unite="heures_insertion", cible=20000,
                 echeance=date(2027, 12, 31), porteur="Facilitatrice des clauses", indicateur="heures_insertion"),
        Objectif("100 % des contrats avec un critère environnemental", axe="environnemental",
                 unite="part_nombre", cible=100, echeance=date(2027, 12, 31)),
        Objectif("Sans thème reconnu"),
    ]
    plan = plan_de_communication(objectifs).iloc[len(ACTIONS_COMMUNES):]
    assert plan["public"].tolist() == [
        "Structures d'insertion, ESAT et EA, facilitateurs de clauses sociales",
        "Entreprises et fournisseurs des familles concernées",
        "Entreprises et fournisseurs",
    ]
    assert plan.iloc[0]["message"] == "Faire connaître l'objectif « Heures d'insertion ». Cible : 20\u00a0000 heures d'insertion d'ici le 31/12/2027."
    assert plan.iloc[1]["message"].endswith("Cible : 100\u00a0% d'ici le 31/12/2027.")
    assert plan["porteur"].tolist() == ["Facilitatrice des clauses", "Direction de la commande publique",
                                        "Direction de la commande publique"]
    assert plan.iloc[2]["indicateur"] == "Sans thème reconnu"
    assert plan.iloc[2]["calendrier"] == "Lancement, puis chaque année"
