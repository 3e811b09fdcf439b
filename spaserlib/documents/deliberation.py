"""Le rapport de présentation et le projet de délibération qui accompagnent le projet de SPASER.

L'assemblée délibérante adopte le schéma par délibération (article L2111-3 du Code de la commande publique) :
le rapport de présentation lui dit le contexte, le diagnostic chiffré (avec sa période), les axes et ce que
le vote engage ; le projet de délibération en reprend les visas, les considérants et les articles. Les deux
reprennent les chiffres du diagnostic, écrits par les mêmes fonctions, pour qu'un chiffre soit le même partout.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spaserlib.commun.format_fr import euros_courts, pourcentage
from spaserlib.commun.gabarits import entier
from spaserlib.documents.edition import A_COMPLETER, Edition
from spaserlib.documents.sections import Section

LOI_CLIMAT = ("la loi n° 2021-1104 du 22 août 2021 portant lutte contre le dérèglement climatique et renforcement "
              "de la résilience face à ses effets, dite Climat et résilience, notamment son article 35")


@dataclass
class Contenu:
    """Ce que le rapport et la délibération disent du projet : chiffres et choix déjà écrits ailleurs."""

    nom: str
    type_organisation: str | None
    edition: Edition
    chiffres: dict
    axes: list[str]
    objectifs: int
    phrase_pareto: str | None = None
    taux: list[str] = field(default_factory=list)  # « Contrats avec une considération sociale : … »
    restauration: bool = False
    axe_propose: str | None = None  # l'axe que le kit propose au vu des données (économie équitable)


def assemblee(type_organisation: str | None) -> tuple[str, str]:
    """(l'assemblée délibérante, son exécutif) selon le type de l'organisation."""
    genre = (type_organisation or "").lower()
    if genre.startswith("commun") and "communaut" not in genre:
        return "le conseil municipal", "la maire ou le maire"
    if "métropole" in genre or "metropole" in genre:
        return "le conseil de la métropole", "la présidente ou le président"
    if "communaut" in genre or "syndicat" in genre:
        return "le conseil communautaire" if "communaut" in genre else "le comité syndical", "la présidente ou le président"
    if "départ" in genre or "depart" in genre:
        return "le conseil départemental", "la présidente ou le président"
    if "région" in genre or "region" in genre:
        return "le conseil régional", "la présidente ou le président"
    return "l'assemblée délibérante", "l'autorité exécutive"


def a_l_organe(organe: str) -> str:
    """« au conseil municipal », « à l'assemblée délibérante »."""
    return f"au {organe[3:]}" if organe.startswith("le ") else f"à {organe}"


def _est_collectivite(type_organisation: str | None) -> bool:
    return assemblee(type_organisation)[0] != "l'assemblée délibérante"


def _situation(c: Contenu) -> str:
    chiffres = c.chiffres
    if chiffres.get("obligation_spaser") is None or chiffres.get("montant_annee") is None:
        return (f"Les données fournies ne permettent pas de dire si {c.nom} dépasse le seuil qui rend le schéma "
                f"obligatoire : {A_COMPLETER}")
    depense = f"{euros_courts(chiffres['montant_annee'])} HT en {chiffres['annee']}"
    seuil = euros_courts(chiffres["seuil_spaser"])
    if chiffres["obligation_spaser"]:
        return (f"{c.nom} a dépensé {depense} selon les données fournies, au-dessus du seuil de {seuil} HT : "
                "l'adoption d'un schéma est obligatoire (estimation, à vérifier par le service juridique).")
    return (f"{c.nom} a dépensé {depense} selon les données fournies, en dessous du seuil de {seuil} HT : "
            "l'adoption d'un schéma est volontaire (estimation, à vérifier par le service juridique).")


def _considerant_situation(c: Contenu) -> str:
    chiffres = c.chiffres
    if chiffres.get("obligation_spaser") is None or chiffres.get("montant_annee") is None:
        return f"Considérant la situation de {c.nom} au regard du seuil de l'article D2111-3 : {A_COMPLETER} ;"
    debut = (f"Considérant que les dépenses de {c.nom} ont atteint {euros_courts(chiffres['montant_annee'])} HT en "
             f"{chiffres['annee']} selon les données fournies, ")
    seuil = euros_courts(chiffres["seuil_spaser"])
    if chiffres["obligation_spaser"]:
        return debut + f"au-dessus du seuil de {seuil} HT qui rend l'adoption d'un schéma obligatoire ;"
    return debut + f"en dessous du seuil de {seuil} HT, et que l'organisation adopte le schéma volontairement ;"


def section_rapport(c: Contenu, titre: str) -> Section:
    """Le rapport de présentation à l'assemblée délibérante."""
    organe, _ = assemblee(c.type_organisation)
    section = Section(titre, annexe=True)
    section.paragraphe(f"Objet : adoption du schéma de promotion des achats publics socialement et écologiquement "
                       f"responsables (SPASER) de {c.nom}, {c.edition.libelle.lower()}.")
    section.sous_titre("Contexte")
    section.paragraphe("L'article L2111-3 du Code de la commande publique demande aux acheteurs dont le montant annuel "
                       "des achats dépasse 50 M€ HT (article D2111-3) d'adopter un schéma qui fixe des objectifs "
                       "d'achats à caractère social et écologique, avec des indicateurs en nombre de contrats ou en "
                       "valeur, et de le rendre public. " + _situation(c))
    section.sous_titre(f"Synthèse du diagnostic ({'en ' + str(c.chiffres['annee']) if c.chiffres.get('annee') else 'toute la période'})")
    synthese = []
    if c.chiffres.get("montant_annee") is not None:
        synthese.append(f"Dépense nette de l'année {c.chiffres['annee']} : {euros_courts(c.chiffres['montant_annee'])} HT, "
                        f"auprès de {entier(c.chiffres['fournisseurs'])} fournisseurs.")
    if c.phrase_pareto:
        synthese.append(c.phrase_pareto)
    if c.chiffres.get("contrats_annee"):
        synthese.append(f"Contrats notifiés{' en ' + str(c.chiffres['annee']) if c.chiffres.get('annee') else ''} : "
                        f"{entier(c.chiffres['contrats_annee'])}, pour {euros_courts(c.chiffres['montant_contrats_annee'])} HT.")
    synthese += c.taux
    section.liste(synthese or [f"{A_COMPLETER} Les données fournies ne permettent pas de chiffrer le diagnostic."])
    section.sous_titre("Axes du schéma")
    section.liste((c.axes or [f"{A_COMPLETER} Axes à arrêter avant le vote."])
                  + ([f"Axe proposé au vu des données : {c.axe_propose}"] if c.axe_propose else []))
    section.sous_titre("Ce que le vote engage")
    section.liste([
        f"Adopter le schéma pour la période {c.edition.validite}.",
        f"Mettre en œuvre ses {c.objectifs} objectif(s) et leurs fiches actions, avec les moyens prévus à la partie 2 "
        f"({A_COMPLETER} : effectifs et budget)." if c.objectifs else
        f"Mettre en œuvre les objectifs et les fiches actions du schéma ({A_COMPLETER}).",
        f"Présenter chaque année un bilan {a_l_organe(organe)} ; le premier au plus tard le "
        f"{c.edition.premier_bilan.strftime('%d/%m/%Y')}.",
        "Publier le schéma en ligne, comme l'exige l'article L2111-3 du Code de la commande publique.",
    ])
    return section


def section_deliberation(c: Contenu, titre: str) -> Section:
    """Le projet de délibération : visas, considérants, articles."""
    organe, executif = assemblee(c.type_organisation)
    section = Section(titre, annexe=True)
    section.paragraphe(f"Objet : adoption du schéma de promotion des achats publics socialement et écologiquement "
                       f"responsables (SPASER), {c.edition.libelle.lower()}.")
    section.paragraphe(f"{c.nom} — séance du {A_COMPLETER}.")
    section.paragraphe(f"{organe[0].upper()}{organe[1:]},")
    visas = ["Vu le Code général des collectivités territoriales ;"] if _est_collectivite(c.type_organisation) else []
    visas += ["Vu le Code de la commande publique, notamment ses articles L2111-3 et D2111-3 ;",
              f"Vu {LOI_CLIMAT} ;",
              "Vu la loi n° 2020-105 du 10 février 2020 relative à la lutte contre le gaspillage et à l'économie "
              "circulaire, notamment son article 58 ;"]
    if c.restauration:
        visas.append("Vu le code rural et de la pêche maritime, notamment son article L230-5-1 (loi n° 2018-938 du "
                     "30 octobre 2018, dite EGalim) ;")
    visas += ["Vu le rapport de présentation ;", f"Vu l'avis de la commission compétente : {A_COMPLETER} ;"]
    for visa in visas:  # une délibération s'écrit en paragraphes, sans puces
        section.paragraphe(visa)
    considerants = ["Considérant que la commande publique est un levier de la politique de l'organisation en faveur "
                    "de l'insertion, de l'emploi, de la transition écologique et de l'économie circulaire ;",
                    _considerant_situation(c),
                    "Considérant le diagnostic des achats et les axes présentés dans le schéma annexé ;"]
    for considerant in considerants:
        section.paragraphe(considerant)
    section.paragraphe("Après en avoir délibéré, décide :")
    articles = [
        f"Article 1er — Adopte le schéma de promotion des achats publics socialement et écologiquement responsables, "
        f"{c.edition.libelle.lower()}, annexé à la présente délibération, pour la période {c.edition.validite}.",
        f"Article 2 — Autorise {executif} à le mettre en œuvre et à signer tout document qui s'y rapporte.",
        f"Article 3 — Dit qu'un bilan annuel de sa mise en œuvre sera présenté {a_l_organe(organe)}, le premier au plus tard "
        f"le {c.edition.premier_bilan.strftime('%d/%m/%Y')}.",
        "Article 4 — Dit que le schéma sera rendu public par une mise en ligne sur le site internet de l'organisation "
        "(article L2111-3 du Code de la commande publique), et que la présente délibération sera publiée et transmise "
        "au représentant de l'État.",
    ]
    for article in articles:
        section.paragraphe(article)
    section.paragraphe(f"Fait à {A_COMPLETER}, le {A_COMPLETER}.")
    return section


def taux_actuels(chiffres: dict, parts: dict | None) -> list[str]:
    """Les taux actuels de contrats avec une considération, en nombre et en valeur, en phrases (les mêmes
    chiffres que le tableau du diagnostic)."""
    annee = chiffres.get("annee")
    phrases = []
    for cle in ("sociale", "environnementale"):
        if not chiffres.get(f"contrats_{cle}_connus"):
            continue
        texte = (f"Contrats notifiés{' en ' + str(annee) if annee else ''} avec une considération {cle} : "
                 f"{entier(chiffres[f'contrats_{cle}'])} sur {entier(chiffres[f'contrats_{cle}_connus'])} renseignés "
                 f"({pourcentage(chiffres[f'part_{cle}'])}) en nombre")
        ligne = (parts or {}).get(cle)
        if ligne is not None and ligne["montant_avec"] + ligne["montant_sans"] > 0:
            texte += f", {pourcentage(ligne['part_valeur'])} en valeur"
        phrases.append(texte + ".")
    return phrases
