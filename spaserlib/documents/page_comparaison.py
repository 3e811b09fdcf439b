"""La page « comparaison avec les pairs » du rapport, et ce qu'en montrent les notebooks du cours.

Quand un fichier DECP national (ou à plusieurs acheteurs) est donné (`spaser rapport … --pairs
FICHIER`), le rapport reçoit une page `comparaison-pairs.html`, reliée au sommaire : l'organisation
placée parmi les organisations acheteuses comparables du fichier (`analyse.comparaison.comparer`),
avec, pour chaque indicateur, sa valeur, la médiane et les quartiles des pairs, son centile, le
nombre de pairs et la référence nationale (année et source) ; la figure et son texte de
remplacement ; la période et la définition des pairs. Le tableau complet est joint en CSV pour Excel.

Un fichier illisible, un SIRET inconnu ou absent du fichier ne bloquent jamais le rapport : la page
dit pourquoi la comparaison n'a pas pu être faite et comment obtenir le fichier national.

Le SIRET de l'organisation (`siret_de_l_organisation`) : celui qui est donné (option --acheteur,
paramètre `acheteur_pairs` des notebooks) ; sinon la ligne « siret: » du profil ; sinon un « siren: »
de 14 chiffres ; sinon l'identifiant d'acheteur le plus fréquent de ses marchés.
"""

from __future__ import annotations

import base64
import io
from pathlib import Path

import pandas as pd

from spaserlib.commun.erreurs import ErreurParametre, ErreurSpaser
from spaserlib.commun.format_fr import euros_courts, nombre, pourcentage
from spaserlib.commun.identifiants import normaliser_siret

TITRE = "Comparaison avec des organisations acheteuses comparables"
NOM_PAGE = "comparaison-pairs.html"
NOM_CSV = "comparaison-pairs.csv"
OBTENIR_FICHIER = ("Pour vous situer parmi vos pairs, téléchargez le fichier national des données essentielles de la "
                   "commande publique (DECP consolidées, sur decp.info ou data.gouv.fr) et indiquez son chemin "
                   "(paramètre « fichier_pairs » du notebook, ou option --pairs de « spaser rapport »).")
OBTENIR_FICHIER_RAPPORT = ("Pour situer l'organisation parmi ses pairs, il faut le fichier national des données "
                           "essentielles de la commande publique (DECP consolidées, publiées sur decp.info et "
                           "data.gouv.fr).")
SIRET_INCONNU = ("le SIRET de l'organisation est inconnu : ni son profil (ligne « siret: » de profil.yaml) ni ses "
                 "marchés ne le donnent. Indiquez-le : option --acheteur de « spaser rapport », ou paramètre "
                 "« acheteur_pairs » du notebook (14 chiffres).")
# Sens de lecture : une part plus haute est un progrès (considérations, PME, complétude) ou un signal de vigilance.
VIGILANCE = {"offre_unique", "sans_concurrence"}
COLONNES = ["Indicateur", "Mesure", "Valeur de l'organisation", "Médiane des pairs", "1er et 3e quartiles des pairs",
            "Centile de l'organisation", "Nombre de pairs", "Référence nationale"]


def _siret(valeur) -> str | None:
    """Le SIRET sur 14 chiffres (`commun.identifiants.normaliser_siret`), ou None s'il n'en a pas la forme."""
    texte = normaliser_siret(valeur)
    return texte if texte and len(texte) == 14 and texte.isdigit() else None


def siret_de_l_organisation(profil: dict | None = None, marches: pd.DataFrame | None = None,
                            acheteur: str | None = None) -> str:
    """Le SIRET à comparer (voir l'ordre en tête du module) ; lève `ErreurParametre` s'il est inconnu."""
    if acheteur not in (None, ""):
        return str(acheteur).strip()  # `comparer` dit en français s'il est mal formé
    profil = profil or {}
    for cle in ("siret", "siren"):
        if _siret(profil.get(cle)):
            return _siret(profil.get(cle))
    if marches is not None and "acheteur_id" in marches.columns:
        identifiants = marches["acheteur_id"].map(_siret).dropna()
        if len(identifiants):
            return identifiants.value_counts().sort_index().idxmax()
    raise ErreurParametre(SIRET_INCONNU)


def comparer_fichier(fichier, siret: str, *, periode=None, pairs="nature-taille"):
    """La `Comparaison` de l'organisation `siret` dans le fichier DECP `fichier` ; lève `ErreurSpaser`.

    `periode` : une `Periode`, un texte (« 2023 », « 2022-2024 », « toutes ») ou None (l'année la plus
    fournie du fichier)."""
    from spaserlib.analyse.comparaison import Periode, comparer, lire_periode
    from spaserlib.lecture.decp_multi import ouvrir_decp

    if periode is not None and not isinstance(periode, Periode):
        periode = lire_periode(str(periode))
    with ouvrir_decp(fichier) as source:
        return comparer(source, siret, pairs=pairs, periode=periode)


def _quartiles(m) -> str:
    if not m.pairs:
        return "—"
    return f"{pourcentage(m.premier_quartile, 1)} et {pourcentage(m.troisieme_quartile, 1)}"


def lignes_indicateurs(comparaison) -> list[dict]:
    """Une ligne par indicateur disponible et par mesure (en nombre, en montant), textes à la française
    (colonnes `COLONNES`) ; la référence nationale sur la ligne « en nombre de marchés »."""
    from spaserlib.analyse.comparaison import MESURES

    lignes = []
    for r in comparaison.resultats:
        if not r.disponible:
            continue
        for nom, m in r.mesures.items():
            reference = r.reference if nom == "nombre" else None
            lignes.append({
                "Indicateur": r.libelle,
                "Mesure": MESURES[nom],
                "Valeur de l'organisation": pourcentage(m.acheteur, 1),
                "Médiane des pairs": pourcentage(m.mediane, 1) if m.pairs else "—",
                "1er et 3e quartiles des pairs": _quartiles(m),
                "Centile de l'organisation": nombre(m.centile) if m.centile is not None else "—",
                "Nombre de pairs": nombre(m.pairs),
                "Référence nationale": (f"{pourcentage(reference.valeur, 1)} en {reference.annee} (OECP)"
                                        if reference is not None else "—"),
            })
    return lignes


def table_indicateurs(comparaison) -> pd.DataFrame:
    """`lignes_indicateurs` en table (notebooks du cours)."""
    return pd.DataFrame(lignes_indicateurs(comparaison), columns=COLONNES)


def indicateurs_absents(comparaison) -> list[dict]:
    """Les indicateurs que le fichier ne permet pas de calculer, avec la raison."""
    return [{"libelle": r.libelle, "raison": r.raison} for r in comparaison.resultats if not r.disponible]


def references(comparaison) -> list[dict]:
    """Les références nationales citées (valeur, année, champ, source, cible du PNAD)."""
    return [{"libelle": r.libelle, "valeur": pourcentage(r.reference.valeur, 1), "annee": r.reference.annee,
             "champ": r.reference.champ, "source": r.reference.source, "cible": r.reference.cible_texte}
            for r in comparaison.resultats if r.disponible and r.reference is not None]


def phrase_pairs(comparaison) -> str:
    """Qui sont les pairs, sur quelle période, et comment la nature de l'organisation a été lue."""
    a = comparaison.acheteur
    n = len(comparaison.pairs)
    nature = ("la catégorie d'acheteur du fichier" if a["nature_source"] == "catégorie du fichier"
              else "le début de son numéro SIREN (catégorie de l'INSEE)")
    return (f"{a['nom'] or 'L’organisation'} (SIRET {a['siret']}) a notifié {nombre(a['contrats'])} "
            f"marché{'s' if a['contrats'] > 1 else ''} pour {euros_courts(a['montant_total'])} HT "
            f"{comparaison.periode.libelle} dans ce fichier. Elle est comparée à {nombre(n)} "
            f"organisation{'s' if n > 1 else ''} acheteuse{'s' if n > 1 else ''} du même fichier : "
            f"{comparaison.description_pairs}. Sa nature ({a['nature']}) est lue d'après {nature}.")


def noms_des_pairs(comparaison) -> list[str]:
    """Les pairs, par nom (SIRET si le fichier ne donne pas de nom), dans l'ordre alphabétique."""
    valeurs = comparaison.valeurs[~comparaison.valeurs["est_acheteur"]]
    return sorted(f"{nom} ({siret})" if isinstance(nom, str) and nom.strip() else str(siret)
                  for nom, siret in zip(valeurs["acheteur_nom"], valeurs["acheteur_id"]))


def phrases_lecture(comparaison) -> list[str]:
    """Une phrase par indicateur disponible (en nombre de marchés) : la place de l'organisation."""
    phrases = []
    for r in comparaison.resultats:
        if not r.disponible or "nombre" not in r.mesures:
            continue
        m = r.mesures["nombre"]
        if not m.pairs or m.centile is None:
            phrases.append(f"{r.libelle} : {pourcentage(m.acheteur, 1)} ; aucun pair ne renseigne cet indicateur.")
            continue
        sens = ("une part plus haute appelle la vigilance" if r.code in VIGILANCE else "une part plus haute est un progrès")
        phrases.append(f"{r.libelle} : {pourcentage(m.acheteur, 1)}, pour une médiane des pairs de "
                       f"{pourcentage(m.mediane, 1)} ; l'organisation se place au centile {nombre(m.centile)} ({sens}).")
    return phrases


def image_figure(comparaison) -> tuple[str, str]:
    """La figure des pairs en PNG (base64, pour une page lisible hors ligne) et son texte de remplacement."""
    from spaserlib.documents.figure_pairs import description, figure_pairs

    figure = figure_pairs(comparaison)
    tampon = io.BytesIO()
    figure.savefig(tampon, format="png", dpi=110)
    return base64.b64encode(tampon.getvalue()).decode("ascii"), description(comparaison)


def ecrire_page(dossier, fichier, *, organisation: str, profil: dict | None = None,
                marches: pd.DataFrame | None = None, acheteur: str | None = None, periode=None) -> dict:
    """Écrit `comparaison-pairs.html` (et le CSV si la comparaison a pu être faite) dans `dossier`.

    Rend l'entrée de la page pour le sommaire et le manifeste : titre, lien, fichier, et `erreur` (la
    raison en français, ou None). Une erreur de lecture ou de comparaison est écrite dans la page, jamais levée."""
    from spaserlib.analyse.comparaison import tableau
    from spaserlib.commun.ecriture import ecrire_texte
    from spaserlib.commun.gabarits import rendre
    from spaserlib.commun.tableur import ecrire_csv

    dossier = Path(dossier)
    valeurs = {"organisation": organisation, "fichier": Path(str(fichier)).name, "titre": TITRE,
               "obtenir": OBTENIR_FICHIER_RAPPORT, "colonnes": COLONNES}
    erreur = None
    try:
        siret = siret_de_l_organisation(profil, marches, acheteur)
        comparaison = comparer_fichier(fichier, siret, periode=periode)
    except ErreurSpaser as probleme:
        erreur = str(probleme)
    except Exception as probleme:  # un fichier d'un genre imprévu ne doit pas arrêter le rapport
        erreur = f"le fichier n'a pas pu être lu ({type(probleme).__name__} : {probleme})."
    if erreur is None:
        png, alternatif = image_figure(comparaison)
        ecrire_csv(tableau(comparaison), dossier / NOM_CSV)
        valeurs.update(c=comparaison, periode=comparaison.periode.libelle, lignes=lignes_indicateurs(comparaison),
                       absents=indicateurs_absents(comparaison), references=references(comparaison),
                       pairs=phrase_pairs(comparaison), noms_pairs=noms_des_pairs(comparaison),
                       lecture=phrases_lecture(comparaison), png=png, alternatif=alternatif, csv=NOM_CSV)
    else:
        valeurs["erreur"] = erreur[:1].upper() + erreur[1:]
    ecrire_texte(dossier / NOM_PAGE, rendre("comparaison.html.j2", **valeurs))
    return {"titre": TITRE, "lien": NOM_PAGE, "notebook": None, "fichier": str(Path(str(fichier)).resolve()),
            "erreur": erreur}


__all__ = ["ecrire_page", "siret_de_l_organisation", "comparer_fichier", "table_indicateurs", "lignes_indicateurs",
           "indicateurs_absents", "references", "noms_des_pairs",
           "phrase_pairs", "phrases_lecture", "image_figure", "OBTENIR_FICHIER", "TITRE", "NOM_PAGE"]
