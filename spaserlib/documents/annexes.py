"""Les annexes techniques du projet de SPASER : méthode, sources des données, glossaire, obligations
non évaluables faute de données.

Ce que l'assemblée n'a pas besoin de lire pour voter, mais que le service qui relit le schéma doit pouvoir
vérifier : d'où viennent les chiffres, sur quelle période, avec quelles règles de calcul.
"""

from __future__ import annotations

import pandas as pd

from spaserlib.commun.gabarits import entier
from spaserlib.documents.sections import Section

GLOSSAIRE = [
    ["SPASER", "Schéma de promotion des achats publics socialement et écologiquement responsables (article L2111-3 "
               "du Code de la commande publique)."],
    ["CCP", "Code de la commande publique."],
    ["DECP", "Données essentielles de la commande publique : les informations que l'acheteur publie sur chaque "
             "contrat notifié (objet, montant, titulaire, considérations sociales et environnementales)."],
    ["Considération sociale ou environnementale", "Clause d'exécution, critère d'attribution ou réservation du "
                                                  "marché qui porte sur un objectif social ou environnemental."],
    ["Marché réservé", "Marché réservé à des structures d'insertion par l'activité économique (SIAE), à des "
                       "établissements et services d'aide par le travail (ESAT), à des entreprises adaptées ou, pour "
                       "certains services, à des entreprises de l'économie sociale et solidaire."],
    ["ESS", "Économie sociale et solidaire (loi n° 2014-856 du 31 juillet 2014)."],
    ["TPE, PME", "Très petites entreprises, petites et moyennes entreprises."],
    ["Fournisseur nouveau", "Fournisseur payé dans l'année de référence et jamais payé les années précédentes "
                            "présentes dans les données (parfois appelé « primo-accédant »)."],
    ["Classement de Pareto", "Classement des fournisseurs ou des familles par montant décroissant : la classe A "
                             "réunit ceux qui font les premiers 80 % de la dépense."],
    ["Matrice de Kraljic", "Classement des familles d'achats selon leur impact sur les achats et le risque "
                           "d'approvisionnement : stratégiques, leviers, critiques, simples."],
    ["EGalim", "Loi n° 2018-938 du 30 octobre 2018 : parts minimales de produits durables et de qualité en "
               "restauration collective (article L230-5-1 du code rural et de la pêche maritime)."],
    ["AGEC", "Loi n° 2020-105 du 10 février 2020 relative à la lutte contre le gaspillage et à l'économie "
             "circulaire ; son article 58 fixe des parts d'achats issus du réemploi ou du recyclage."],
    ["HT", "Hors taxes."],
]


def section_methode(annee: int | None, annees_achats: str | None, titre: str) -> Section:
    """La méthode : période, règles de Pareto et de Kraljic, calcul des taux."""
    from spaserlib.analyse.kraljic import GRILLE_PAR_DEFAUT, MILIEU
    from spaserlib.analyse.pareto import SEUILS_PAR_DEFAUT
    from spaserlib.commun.format_fr import nombre, pourcentage

    section = Section(titre, annexe=True)
    periode = f"l'année civile {annee}" if annee is not None else "toute la période des données"
    section.paragraphe(f"Période : les chiffres du diagnostic portent sur {periode} (l'année de référence déclarée par "
                       "l'organisation ou, à défaut, la dernière année complète des dépenses, sinon la plus récente année "
                       "de notification des contrats), "
                       "sauf le tableau des volumes, qui montre chaque année"
                       + (f", de {annees_achats}" if annees_achats and " à " in annees_achats else "") + ". Les montants "
                       "sont hors taxes et nets des avoirs.")
    a, b = SEUILS_PAR_DEFAUT
    section.paragraphe(f"Classement de Pareto : les fournisseurs sont triés par montant décroissant ; la classe A réunit "
                       f"ceux qui font les premiers {pourcentage(a)} de la dépense, la classe B les suivants jusqu'à "
                       f"{pourcentage(b)}, la classe C le reste. Le fournisseur qui fait franchir un seuil reste dans la "
                       "classe du dessus.")
    section.paragraphe(f"Matrice de Kraljic : chaque famille reçoit une note d'impact et une note de risque, de 1 à 4 "
                       f"(moyennes pondérées des critères ci-dessous) ; une note égale ou supérieure à "
                       f"{nombre(MILIEU, 1)} est « élevée ». Impact et risque élevés : stratégiques ; impact élevé et "
                       "risque faible : leviers ; impact faible et risque élevé : critiques ; les deux faibles : simples. "
                       "Cette grille est une convention de travail, sans valeur officielle : l'organisation la valide ou l'ajuste avant le vote.")
    section.tableau(["Critère", "Axe", "Poids", "Barème"],
                    [[c.libelle, c.axe, nombre(c.poids), c.bareme] for c in GRILLE_PAR_DEFAUT if c.source != "manuel"])
    section.paragraphe("Les critères à noter par l'organisation (continuité du service, visibilité, substituabilité, "
                       "contraintes techniques) ne sont pas renseignés dans ce projet : ils ne comptent pas dans les notes.")
    section.paragraphe("Taux de contrats avec une considération sociale ou environnementale : contrats notifiés dans "
                       "l'année qui en comportent au moins une, rapportés aux contrats dont la considération est "
                       "renseignée ; en nombre de contrats et en valeur (montant HT des contrats). Une considération "
                       "non renseignée n'est jamais comptée comme absente.")
    return section


def section_sources(organisation, titre: str) -> Section:
    """Les fichiers lus : nom, nature, période, lignes gardées."""
    section = Section(titre, annexe=True)
    lignes = []
    for lecture in organisation.lectures:
        table = lecture.table
        colonne = "date" if lecture.genre == "achats" else "date_notification"
        dates = pd.to_datetime(table[colonne], errors="coerce").dropna() if colonne in table else pd.Series(dtype="datetime64[ns]")
        periode = "—" if dates.empty else f"du {dates.min():%d/%m/%Y} au {dates.max():%d/%m/%Y}"
        nature = {"achats": "dépenses (mandats ou factures)", "marches": "contrats notifiés"}.get(lecture.genre, lecture.genre)
        lignes.append([_nom_fichier(lecture.fichier), nature, periode, entier(lecture.lignes_gardees)])
    if lignes:
        section.tableau(["Fichier", "Contenu", "Période couverte", "Lignes retenues"], lignes)
    else:
        section.paragraphe("Aucun fichier lu.")
    section.paragraphe("Référentiels du kit : nomenclature des familles d'achats (rattachée aux codes CPV du règlement "
                       "(CE) n° 213/2008), règles juridiques datées et sourcées, grille de Kraljic.")
    return section


def _nom_fichier(chemin) -> str:
    from pathlib import Path

    return Path(str(chemin)).name


def section_glossaire(titre: str) -> Section:
    return Section(titre, annexe=True).tableau(["Terme", "Définition"], GLOSSAIRE)


def section_non_evaluables(obligations, titre: str) -> Section | None:
    """Les obligations non évaluables faute de données, et ce qu'il faut renseigner (None s'il n'y en a pas)."""
    if isinstance(obligations, str) or obligations is None:
        return None
    autres = obligations[~obligations["evaluable"]]
    if autres.empty:
        return None
    section = Section(titre, annexe=True)
    section.paragraphe(f"{len(autres)} obligation(s) ne peuvent pas être évaluées avec les données fournies. Les chiffres "
                       "à réunir se saisissent dans le tableau de bord de suivi (feuille « Saisie »).")
    section.tableau(["Obligation", "Référence", "Ce qu'il faut renseigner"],
                    [[l.intitule, l.reference, l.explication] for l in autres.itertuples()])
    return section
