"""Plan de communication : actions communes, puis une action par objectif."""

from datetime import date

from spaserlib.analyse.communication import ACTIONS_COMMUNES, COLONNES_PLAN, plan_de_communication
from spaserlib.analyse.trajectoires import CIBLES_PNAD
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
    assert plan.iloc[2]["calendrier"].startswith("Lancement en ") and plan.iloc[2]["calendrier"].endswith(", puis chaque année")


JOUR = date(2026, 12, 2)


def test_calendrier_a_partir_de_la_date_de_reference():
    plan = plan_de_communication(date_reference=JOUR)
    assert plan.iloc[0]["calendrier"] == "Au vote, puis chaque année à partir de janvier 2028 (suivi annuel, art. L2111-3 CCP)"
    assert plan.iloc[2]["calendrier"] == "Lancement en janvier 2027, puis une réunion par trimestre"


def test_cibles_nationales_relayees_par_l_organisation_sans_nom_de_code():
    plan = plan_de_communication(CIBLES_PNAD, date_reference=JOUR).iloc[len(ACTIONS_COMMUNES):]
    assert (plan["porteur"] == "Direction de la commande publique").all()
    assert not plan.apply(lambda l: l.astype(str).str.contains("part_considerations|CGDD")).any().any()
    assert plan.iloc[0]["indicateur"] == "Part des contrats notifiés avec une considération environnementale (%)"
    assert plan.iloc[0]["message"].startswith("Faire connaître la cible nationale « 100 % des contrats notifiés")
    # l'échéance du PNAD (31/12/2025) est passée au 2 décembre 2026 : le plan le dit au lieu de dater dans le passé
    assert plan.iloc[0]["calendrier"].startswith("Échéance du 31/12/2025 dépassée : présenter le résultat atteint")


def test_roles_de_l_organisation():
    roles = {"elu": "Vice-présidente chargée des achats", "commande_publique": "Service achats mutualisé"}
    plan = plan_de_communication([Objectif("Un objectif")], date_reference=JOUR, roles=roles)
    assert plan["porteur"].tolist() == ["Vice-présidente chargée des achats", "Service communication",
                                        "Service achats mutualisé", "Service achats mutualisé", "Service achats mutualisé"]
