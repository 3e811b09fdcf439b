"""`spaser demo` : le rapport et le projet de SPASER de l'organisation exemple.

Charge une organisation exemple du kit (datasets/), écrit son résumé (SORTIE/resume.md), puis
produit son rapport complet (notebooks de rapport du cours rendus en HTML, sommaire, projet de
SPASER en DOCX et HTML avec les objectifs d'exemple du kit) dans SORTIE/<organisation>/, et
imprime où les ouvrir. C'est ce que lance `make demo`.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from spaserlib.commun.erreurs import ErreurFichier
from spaserlib.commun.calendrier import ajouter_option_date, date_de_l_option
from spaserlib.commandes.verifier import libelle_probleme
from spaserlib.commandes.rapport import ajouter_option_modele, modele_de_l_option


def ajouter(sous_parseurs) -> None:
    parseur = sous_parseurs.add_parser(
        "demo",
        help="rapport et projet de SPASER de l'organisation exemple",
        description="Charge une organisation exemple du kit (datasets/), vérifie ses fichiers, écrit un résumé "
        "(DOSSIER/resume.md), puis produit son rapport (sommaire index.html, parties du cours rendues en HTML) et "
        "son projet de SPASER (DOCX et HTML) dans DOSSIER/<organisation>/.",
    )
    parseur.add_argument("--sortie", default="sorties/demo", metavar="DOSSIER",
                         help="dossier où écrire resume.md (par défaut : sorties/demo)")
    parseur.add_argument("--organisation", metavar="NOM",
                         help="nom d'un dossier de datasets/ (par défaut : trois-rivieres, le cas d'étude du cours)")
    parseur.add_argument("--sans-rapport", action="store_true",
                         help="n'écrire que le résumé (sans exécuter les notebooks ni écrire le projet de SPASER)")
    ajouter_option_date(parseur, "date de référence AAAA-MM-JJ du rapport : le droit est lu à cette date ; par défaut, "
                                 "la date du jour")
    ajouter_option_modele(parseur)
    parseur.set_defaults(executer=executer)


# L'organisation « juste au-dessus du seuil » : le cas d'étude des notebooks et des exercices.
ORGANISATION_PRINCIPALE = "trois-rivieres"


def choisir_organisation(nom: str | None = None) -> Path:
    """Le dossier de l'organisation exemple demandée, sinon l'organisation principale du cours
    (`ORGANISATION_PRINCIPALE`), sinon la première par ordre alphabétique."""
    from spaserlib.lecture import organisation as organisations

    exemples = organisations.organisations_exemples()
    if nom:
        for dossier in exemples:
            if dossier.name == nom:
                return dossier
        noms = ", ".join(d.name for d in exemples) or "aucune"
        raise ErreurFichier(str(organisations.dossier_exemples() / nom), "organisation exemple introuvable.",
                            f"Organisations disponibles : {noms}.")
    if not exemples:
        raise ErreurFichier(str(organisations.dossier_exemples()), "aucune organisation exemple (dossier avec un profil.yaml).",
                            "Régénérez les exemples avec le script de datasets/ (voir datasets/README.md).")
    principale = [d for d in exemples if d.name == ORGANISATION_PRINCIPALE]
    return (principale or exemples)[0]


def _tableau_markdown(entetes: list[str], lignes: list[list[str]]) -> list[str]:
    sortie = ["| " + " | ".join(entetes) + " |", "|" + "|".join("---" for _ in entetes) + "|"]
    sortie += ["| " + " | ".join(ligne) + " |" for ligne in lignes]
    return sortie


def resume_organisation(organisation) -> str:
    """Un résumé court, en Markdown et en français, d'une organisation chargée."""
    import pandas as pd

    from spaserlib.commun.format_fr import euros, nombre

    o = organisation
    texte = [f"# {o.nom}", ""]
    profil = [f"type : {o.type}" if o.type else None,
              f"population : {nombre(o.population)} habitants" if o.population else None,
              f"SIREN : {o.siren}" if o.siren else None]
    if any(profil):
        texte += ["; ".join(p for p in profil if p) + ".", ""]
    achats = o.achats
    if len(achats):
        texte += ["## Dépenses", ""]
        par_annee = achats.groupby(pd.to_datetime(achats["date"]).dt.year)["montant_ht"].agg(["size", "sum"])
        texte += _tableau_markdown(["Année", "Lignes", "Montant HT"],
                                   [[str(int(a)), nombre(n), euros(s, 0)] for a, (n, s) in par_annee.iterrows()])
        texte += ["", f"{nombre(achats['fournisseur'].nunique())} fournisseurs distincts ; "
                      f"{nombre(len(achats))} lignes de dépense, {euros(achats['montant_ht'].sum(), 0)} HT au total.", ""]
    if len(o.marches) or len(o.concessions):
        texte += ["## Marchés", "",
                  f"{nombre(len(o.marches))} contrats (marchés) pour {euros(o.marches['montant_ht'].sum(), 0)} HT"
                  + (f" ; {nombre(len(o.concessions))} concessions, comptées à part." if len(o.concessions) else "."),
                  ""]
    texte += ["## Fichiers lus", ""]
    lignes = []
    for l in o.lectures:
        lignes.append([Path(l.fichier).name, "dépenses" if l.genre == "achats" else "marchés", nombre(l.lignes_lues),
                       nombre(l.lignes_gardees), nombre(l.lignes_ecartees), nombre(len(l.erreurs)),
                       nombre(len(l.avertissements))])
    texte += _tableau_markdown(["Fichier", "Genre", "Lues", "Gardées", "Écartées", "Erreurs", "Avertissements"], lignes)
    genres = Counter(p.code for p in o.problemes)
    texte += ["", "## Problèmes", ""]
    if genres:
        texte += [f"- {libelle_probleme(code)} : {nombre(n)}" for code, n in genres.most_common()]
        texte += ["", "Détail : `spaser verifier FICHIER --problemes problemes.csv`."]
    else:
        texte += ["Aucun problème dans les fichiers."]
    return "\n".join(texte) + "\n"


def executer(args) -> int:
    from spaserlib.commun.ecriture import ecrire_texte
    from spaserlib.lecture import organisation as organisations

    jour = date_de_l_option(getattr(args, "date", None))
    dossier = choisir_organisation(args.organisation)
    organisation = organisations.charger_organisation(dossier)
    resume = resume_organisation(organisation)
    sortie = Path(args.sortie) / "resume.md"
    ecrire_texte(sortie, resume)
    print(resume)
    print(f"Résumé écrit dans {sortie}.")
    if getattr(args, "sans_rapport", False):
        return 0
    return produire_demo(dossier, Path(args.sortie) / dossier.name, date_reference=jour, modele=modele_de_l_option(args))


def produire_demo(donnees: Path, sortie: Path, *, date_reference=None, modele=None) -> int:
    """Produit le rapport et le projet de SPASER de l'organisation exemple et dit où les ouvrir (`modele` : le
    modèle Word de la collectivité pour le projet DOCX)."""
    import logging

    from spaserlib.commun.ressources import fichier_reference
    from spaserlib.documents.rapport import notebooks_par_defaut, produire_rapport

    logging.getLogger("papermill").setLevel(logging.ERROR)
    notebooks = notebooks_par_defaut()
    print(f"Production du rapport ({len(notebooks)} notebook(s) de rapport du cours, puis le projet de SPASER)…")
    rapport = produire_rapport(donnees, sortie, objectifs=fichier_reference("objectifs-exemple.yaml"), notebooks=notebooks,
                               date_reference=date_reference, modele=modele)
    print("\nÀ ouvrir :")
    print(f"  rapport (navigateur)                   : {(rapport / 'index.html').as_uri()}")
    print(f"  projet de SPASER (traitement de texte) : {rapport / 'projet-spaser.docx'}")
    print(f"  projet de SPASER (navigateur)          : {(rapport / 'projet-spaser.html').as_uri()}")
    return 0
