"""« Où vous situez-vous parmi vos pairs ? » : la comparaison avec les pairs, dans un notebook du cours.

Même contenu que la page du rapport (`spaserlib.documents.page_comparaison`) : la définition des pairs
et la période, le tableau des indicateurs (valeur de l'organisation, médiane et quartiles des pairs,
centile, nombre de pairs, référence nationale), la figure avec son texte de remplacement. Sans fichier
national, une phrase dit comment l'obtenir ; un fichier illisible ou un SIRET absent du fichier donnent
une phrase en français, jamais une erreur qui arrêterait le notebook.
"""

from __future__ import annotations

from spaserlib.commun.erreurs import ErreurSpaser
from spaserlib.cours.affichage import afficher_figure, afficher_liste, afficher_phrase, afficher_table
from spaserlib.documents import page_comparaison as page
from spaserlib.lecture.organisation import chemin_donne


def vue_pairs(fichier_pairs, contexte=None, *, acheteur: str | None = None, periode=None) -> None:
    """Place l'organisation du `contexte` parmi ses pairs du fichier DECP national `fichier_pairs`.

    `fichier_pairs` : chemin d'un fichier DECP à plusieurs acheteurs (JSON, CSV ou Parquet), ou None
    (une phrase dit comment l'obtenir). `acheteur` : le SIRET à comparer (défaut : celui du profil de
    l'organisation, sinon l'acheteur de ses marchés). `periode` : « 2023 », « 2022-2024 » ou « toutes »
    (défaut : l'année qui compte le plus de marchés dans le fichier).
    """
    if fichier_pairs is None or not str(fichier_pairs).strip():
        afficher_phrase(page.OBTENIR_FICHIER)
        return
    try:
        siret = page.siret_de_l_organisation(getattr(contexte, "profil", None), getattr(contexte, "marches", None),
                                             acheteur)
        comparaison = page.comparer_fichier(chemin_donne(fichier_pairs).expanduser(), siret, periode=periode)
    except ErreurSpaser as erreur:
        afficher_phrase(f"La comparaison avec les pairs n'a pas pu être faite : {erreur}")
        return
    afficher_phrase(page.phrase_pairs(comparaison), titre=f"Vos pairs, {comparaison.periode.libelle}")
    for avertissement in comparaison.avertissements:
        afficher_phrase(avertissement, titre="Attention")
    afficher_table(page.table_indicateurs(comparaison), titre=f"Indicateurs {comparaison.periode.libelle}",
                   max_lignes=None)
    afficher_liste(page.phrases_lecture(comparaison), titre="Votre place parmi vos pairs")
    absents = page.indicateurs_absents(comparaison)
    if absents:
        afficher_liste([f"{a['libelle']} : {a['raison']}" for a in absents],
                       titre="Ce que ce fichier ne permet pas de mesurer")
    from spaserlib.documents.figure_pairs import description, figure_pairs

    afficher_figure(figure_pairs(comparaison), description(comparaison))
