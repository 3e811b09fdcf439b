"""`spaser analyser DONNEES --sortie DOSSIER` : la cartographie des achats d'une organisation.

Écrit dans DOSSIER les tables de Pareto (fournisseurs, familles), la table de Kraljic (notes par
critère, quadrant, surcharge, stratégie), le classement des enjeux et les stratégies par quadrant,
en CSV (UTF-8 avec BOM, séparateur « ; », virgule décimale : pour Excel en français) et dans un
classeur `cartographie.xlsx` (une feuille chacune), plus les figures en PNG.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from spaserlib.commun.erreurs import ErreurFichier, ErreurParametre


def ajouter(sous_parseurs) -> None:
    parseur = sous_parseurs.add_parser(
        "analyser",
        help="cartographier les achats : Pareto, Kraljic, enjeux sociaux et environnementaux",
        description="Lit les données d'une organisation (dossier ou fichier seul), classe fournisseurs et familles "
        "(Pareto ABC), note les familles (matrice de Kraljic), classe les enjeux sociaux et environnementaux, et écrit "
        "les tables en CSV (UTF-8 avec BOM, séparateur « ; », virgule décimale, pour Excel en français) et dans un "
        "classeur XLSX, plus les figures en PNG.",
    )
    parseur.add_argument("donnees", metavar="DONNEES", help="dossier de l'organisation (profil et fichiers) ou fichier seul")
    parseur.add_argument("--sortie", required=True, metavar="DOSSIER", help="dossier où écrire les résultats (créé au besoin)")
    parseur.add_argument("--seuils", nargs=2, type=float, default=(0.80, 0.95), metavar=("A", "B"),
                         help="seuils de Pareto en parts cumulées (par défaut 0.80 0.95)")
    parseur.add_argument("--annee", type=int, metavar="AAAA",
                         help="année analysée (par défaut l'année de référence de l'organisation : celle de son profil, "
                         "sinon la dernière année complète des dépenses)")
    parseur.add_argument("--debut", metavar="AAAA-MM-JJ",
                         help="première date retenue (comprise), pour une autre période que l'année de référence")
    parseur.add_argument("--fin", metavar="AAAA-MM-JJ",
                         help="dernière date retenue (comprise), pour une autre période que l'année de référence")
    parseur.add_argument("--barres", type=int, default=30, metavar="N",
                         help="nombre de barres du diagramme de Pareto, la dernière réunissant la longue traîne (30)")
    parseur.add_argument("--etiquettes", type=int, default=12, metavar="N",
                         help="nombre de familles nommées sur la matrice de Kraljic (12)")
    parseur.add_argument("--criteres", metavar="FICHIER.csv",
                         help="notes saisies à la main (1 à 4) : une colonne famille, puis une colonne par critère "
                         "manuel (continuite_service, visibilite, substituabilite, contraintes_techniques)")
    parseur.add_argument("--surcharges", metavar="FICHIER.csv",
                         help="surcharges motivées de la matrice de Kraljic : colonnes famille, impact, risque, "
                         "quadrant, motif (motif obligatoire)")
    parseur.set_defaults(executer=executer)


def lire_table_saisie(chemin):
    """Lit un petit CSV saisi à la main (séparateur « ; » ou « , », UTF-8 avec ou sans BOM) : un DataFrame."""
    import pandas as pd

    from spaserlib.lecture.organisation import refuser_fichier_special

    chemin = Path(chemin)
    refuser_fichier_special(chemin, "une table saisie à la main")
    if not chemin.is_file():
        raise ErreurFichier(str(chemin), "fichier introuvable.", "Vérifiez le chemin donné.")
    try:
        table = pd.read_csv(chemin, sep=None, engine="python", encoding="utf-8-sig", dtype=str)
    except (UnicodeDecodeError, pd.errors.ParserError) as erreur:
        raise ErreurFichier(str(chemin), f"illisible ({erreur}).",
                            "Enregistrez-le en CSV UTF-8, séparateur « ; ».") from None
    table.columns = [str(c).strip() for c in table.columns]
    return table


def _notes_saisies(chemin):
    table = lire_table_saisie(chemin)
    for colonne in table.columns.drop("famille", errors="ignore"):
        table[colonne] = table[colonne].str.replace(",", ".", regex=False)
    return table


def _periode(args, organisation, achats):
    """Les bornes de la cartographie : l'année de référence, sauf période demandée (`--debut`, `--fin`).

    La même règle que les notebooks et le projet de SPASER : l'année du profil de l'organisation, sinon
    la dernière année complète des dépenses (`analyse.profil.annee_par_defaut`) ; plusieurs années
    seulement si on les demande, et les titres le disent alors (« sur 2023-2025 »).
    """
    if args.annee is not None and (args.debut or args.fin):
        raise ErreurParametre("Donnez soit --annee, soit --debut et --fin, pas les deux.")
    if args.debut or args.fin:
        return args.debut, args.fin
    import pandas as pd

    from spaserlib.analyse.profil import annee_par_defaut

    annee = args.annee or getattr(organisation, "annee", None) or annee_par_defaut(
        achats, organisation.marches if getattr(organisation, "marches", None) is not None else pd.DataFrame())
    if annee is None:
        return None, None
    return f"{int(annee)}-01-01", f"{int(annee)}-12-31"


def executer(args) -> int:
    from spaserlib.commun.format_fr import nombre
    from spaserlib.documents.cartographie import achats_depuis_marches, cartographier, ecrire_cartographie
    from spaserlib.lecture.organisation import charger_organisation

    organisation = charger_organisation(args.donnees)
    achats, base = organisation.achats, None
    marches = organisation.marches
    if achats is None or len(achats) == 0:
        if marches is None or len(marches) == 0:
            raise ErreurParametre(
                f"{args.donnees} : aucune ligne de dépense ni aucun marché lus. La commande analyser a besoin des "
                "dépenses (mandats ou factures) ; vérifiez les fichiers avec « spaser verifier »."
            )
        achats = achats_depuis_marches(marches)
        base = (f"Aucune dépense lue : la cartographie porte sur les {nombre(len(achats))} marchés, à leur montant "
                "notifié et à leur premier titulaire. C'est une approximation de la dépense (un accord-cadre "
                "notifié pour son maximum la surestime).")
    debut, fin = _periode(args, organisation, achats)
    cartographie = cartographier(
        achats,
        marches=organisation.marches,
        seuils=tuple(args.seuils),
        debut=debut,
        fin=fin,
        criteres_manuels=_notes_saisies(args.criteres) if args.criteres else None,
        surcharges=lire_table_saisie(args.surcharges) if args.surcharges else None,
        max_barres=args.barres,
        etiquettes=args.etiquettes,
    )
    ecrits = ecrire_cartographie(cartographie, args.sortie, remarque=base)
    kraljic = cartographie.tables["kraljic"]
    quadrants = Counter(kraljic["quadrant"])
    print(f"Cartographie des achats — {organisation.nom}" + (f", dépenses {cartographie.periode}" if cartographie.periode else ""))
    if base:
        print(f"  Attention : {base}")
    print(f"  {cartographie.phrases['fournisseurs']}")
    print(f"  {cartographie.phrases['familles']}")
    surcharges = int(kraljic["surcharge"].sum())
    if surcharges:
        print(f"  Surcharges motivées appliquées : {nombre(surcharges)} famille(s) (colonnes quadrant_calcule et quadrant).")
    print("  Familles par quadrant : " + ", ".join(
        f"{q} {nombre(quadrants.get(q, 0))}" for q in ("stratégiques", "leviers", "critiques", "simples")))
    print(f"Fichiers écrits dans {args.sortie} ({nombre(len(ecrits))}) :")
    for chemin in ecrits:
        print(f"  {chemin.name}")
    print("Les CSV sont en UTF-8 avec BOM, séparateur « ; » et virgule décimale, pour Excel en français.")
    return 0
