"""`spaser analyser DONNEES --sortie DOSSIER` : la cartographie des achats d'une organisation.

Écrit dans DOSSIER les tables de Pareto (fournisseurs, familles), la table de Kraljic (notes par
critère, quadrant, surcharge, stratégie), le classement des enjeux et les stratégies par quadrant,
en CSV (UTF-8 avec BOM, séparateur « ; », virgule décimale : pour Excel en français) et dans un
classeur `cartographie.xlsx` (une feuille chacune), plus les figures en PNG.
"""

from __future__ import annotations

from collections import Counter

from spaserlib.cartographie import cartographier, ecrire_cartographie
from spaserlib.erreurs import ErreurParametre
from spaserlib.format_fr import nombre


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
    parseur.add_argument("--debut", metavar="AAAA-MM-JJ", help="première date retenue (comprise)")
    parseur.add_argument("--fin", metavar="AAAA-MM-JJ", help="dernière date retenue (comprise)")
    parseur.add_argument("--barres", type=int, default=30, metavar="N",
                         help="nombre de barres du diagramme de Pareto, la dernière réunissant la longue traîne (30)")
    parseur.add_argument("--etiquettes", type=int, default=12, metavar="N",
                         help="nombre de familles nommées sur la matrice de Kraljic (12)")
    parseur.set_defaults(executer=executer)


def executer(args) -> int:
    # Import local : la lecture des organisations est une face du même niveau, chargée à l'usage.
    from spaserlib.organisation import charger_organisation

    organisation = charger_organisation(args.donnees)
    if organisation.achats is None or len(organisation.achats) == 0:
        raise ErreurParametre(
            f"{args.donnees} : aucune ligne de dépense lue. La commande analyser a besoin des dépenses "
            "(mandats ou factures) ; vérifiez les fichiers avec « spaser verifier »."
        )
    cartographie = cartographier(
        organisation.achats,
        marches=organisation.marches,
        seuils=tuple(args.seuils),
        debut=args.debut,
        fin=args.fin,
        max_barres=args.barres,
        etiquettes=args.etiquettes,
    )
    ecrits = ecrire_cartographie(cartographie, args.sortie)
    kraljic = cartographie.tables["kraljic"]
    quadrants = Counter(kraljic["quadrant"])
    print(f"Cartographie des achats — {organisation.nom}")
    print(f"  {cartographie.phrases['fournisseurs']}")
    print(f"  {cartographie.phrases['familles']}")
    print("  Familles par quadrant : " + ", ".join(
        f"{q} {nombre(quadrants.get(q, 0))}" for q in ("stratégiques", "leviers", "critiques", "simples")))
    print(f"Fichiers écrits dans {args.sortie} ({nombre(len(ecrits))}) :")
    for chemin in ecrits:
        print(f"  {chemin.name}")
    print("Les CSV sont en UTF-8 avec BOM, séparateur « ; » et virgule décimale, pour Excel en français.")
    return 0
