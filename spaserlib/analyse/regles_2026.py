"""Les règles du 21 août 2026 simulées sur une année passée : combien de contrats n'y auraient pas satisfait ?

Depuis le 21 août 2026 (décret n° 2022-767), toute consultation engagée comporte un critère
d'attribution environnemental (art. L2152-7 CCP) et des conditions d'exécution environnementales
(art. L2112-2), et les marchés au moins égaux aux seuils européens des conditions d'exécution
sociales (art. L2112-2-1, sauf exceptions). `simuler_regles_2026(marches, annee)` applique ces
trois règles aux contrats notifiés pendant `annee` (la dernière année complète des données, en
général), comme s'ils avaient été lancés sous ces règles : c'est une simulation pour préparer le
changement, pas un contrôle de conformité (les contrats de cette année-là n'y étaient pas soumis).

Règles de calcul : marchés de défense ou de sécurité exclus ; pour la règle sociale, seuls les
contrats d'un montant au moins égal au seuil européen de l'année (travaux pour les CPV 45…,
fournitures et services sinon) ; un contrat dont les considérations sont inconnues n'est compté ni
comme conforme ni comme manquant : il est compté à part (`inconnus`).
"""

from __future__ import annotations

import pandas as pd

from spaserlib.analyse.indicateurs import etat_consideration, valeurs_considerations
from spaserlib.analyse.obligations import charger_regles, seuil_europeen_du_contrat, seuils_europeens
from spaserlib.commun.format_fr import euros, nombre, pourcentage

REGLES_2026 = ("critere_environnemental", "conditions_environnementales", "conditions_sociales")
COLONNES = ["regle", "intitule", "reference", "perimetre", "contrats", "connus", "manquants", "part_manquants",
            "inconnus"]


def simuler_regles_2026(marches: pd.DataFrame, annee: int, *, type_acheteur: str = "collectivite") -> pd.DataFrame:
    """Une ligne par règle (colonnes `COLONNES`) : contrats notifiés en `annee` dans le périmètre de la
    règle, dont la considération est connue, manquants (sans la considération attendue), leur part
    parmi les connus (None si aucun n'est connu), et inconnus."""
    lignes = []
    if marches is None or marches.empty or "date_notification" not in marches:
        marches = pd.DataFrame(columns=["date_notification", "nature", "montant_ht", "cpv",
                                        "considerations_sociales", "considerations_environnementales"])
    dates = pd.to_datetime(marches["date_notification"], errors="coerce")
    de_l_annee = (dates.dt.year == annee).fillna(False)
    if "nature" in marches:
        de_l_annee &= (marches["nature"].astype("string") != "Marché de défense ou de sécurité").fillna(True)
    seuils = seuils_europeens(f"{annee}-12-31")
    for id_regle in REGLES_2026:
        regle = charger_regles()[id_regle]
        dans = de_l_annee.copy()
        perimetre = f"contrats notifiés en {annee}, hors défense et sécurité"
        if id_regle == "conditions_sociales":
            cpv = marches["cpv"] if "cpv" in marches else pd.Series(None, index=marches.index, dtype="object")
            seuil = cpv.map(lambda c: seuil_europeen_du_contrat(c, seuils, type_acheteur))
            dans &= (pd.to_numeric(marches["montant_ht"], errors="coerce") >= seuil).fillna(False)
            cle = "fournitures_services_etat" if type_acheteur == "etat" else "fournitures_services_collectivites"
            perimetre += (f", d'un montant au moins égal au seuil européen ({euros(seuils[cle], 0)} HT en fournitures "
                          f"et services, {euros(seuils['travaux'], 0)} HT en travaux)")
        dimension = "sociale" if id_regle == "conditions_sociales" else "environnementale"
        sous = marches[dans.to_numpy()]
        connus = etat_consideration(sous, dimension).notna() if len(sous) else pd.Series(dtype=bool)
        textes = sous[f"considerations_{'sociales' if dimension == 'sociale' else 'environnementales'}"]
        conformes = textes.map(lambda t: regle["valeur_attendue"] in valeurs_considerations(t)).astype(bool) & connus
        n_connus = int(connus.sum())
        manquants = n_connus - int(conformes.sum())
        lignes.append({
            "regle": id_regle, "intitule": regle["intitule"], "reference": regle["reference"].split(" (")[0],
            "perimetre": perimetre, "contrats": int(len(sous)), "connus": n_connus, "manquants": manquants,
            "part_manquants": manquants / n_connus if n_connus else None, "inconnus": int(len(sous) - n_connus),
        })
    return pd.DataFrame(lignes, columns=COLONNES)


def phrase_simulation(simulation: pd.DataFrame, annee: int) -> str:
    """La phrase qui résume la simulation, pour le notebook et le rapport."""
    morceaux = []
    for ligne in simulation.itertuples():
        if ligne.connus == 0:
            morceaux.append(f"{ligne.intitule.lower()} : aucun contrat dont on connaît les considérations")
            continue
        morceaux.append(f"{ligne.intitule[0].lower()}{ligne.intitule[1:]} ({ligne.reference}) : {nombre(ligne.manquants)} "
                        f"contrat(s) sur {nombre(ligne.connus)} n'y auraient pas satisfait ({pourcentage(ligne.part_manquants)})")
    return (f"Si les règles du 21 août 2026 s'étaient appliquées aux contrats notifiés en {annee} — "
            + " ; ".join(morceaux) + ". Les contrats aux considérations inconnues sont comptés à part.")


def date_regles_2026():
    """La date d'application des règles du 21 août 2026, lue dans `regles_juridiques.yaml` (décret n° 2022-767)."""
    return pd.Timestamp(charger_regles()["critere_environnemental"]["date_application"]).date()


def phrase_regles_2026(date_reference) -> str:
    """Les règles du 21 août 2026 dites à la date de référence : au présent (« Depuis le 21 août 2026, toute
    consultation engagée comporte … ») une fois la date passée, au futur (« À partir du 21 août 2026, toute
    consultation engagée devra comporter … ») avant. `date_reference` : une date (voir
    `spaserlib.commun.calendrier.lire_date_reference`, None pour la date du jour)."""
    from spaserlib.commun.calendrier import depuis_ou_a_partir, en_vigueur, lire_date_reference

    jour, debut = lire_date_reference(date_reference), date_regles_2026()
    regles = ("au moins un critère d'attribution prenant en compte les caractéristiques environnementales "
              "(article L2152-7), des conditions d'exécution environnementales (article L2112-2), et des conditions "
              "d'exécution sociales pour les marchés au-dessus des seuils européens, sauf exceptions (article L2112-2-1)")
    quand = depuis_ou_a_partir(debut, jour)
    verbe = "comporte" if en_vigueur(debut, jour) else "devra comporter"
    return (f"{quand[0].upper()}{quand[1:]}, toute consultation engagée {verbe} {regles} (loi n° 2021-1104 « Climat et "
            "résilience », article 35 ; décret n° 2022-767). Une source isolée évoque une autre date pour le critère "
            "environnemental : date à confirmer sur Légifrance.")
