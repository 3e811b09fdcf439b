"""Le projet de SPASER d'une organisation, en DOCX (Word, LibreOffice) et en HTML.

Structure (modèle de synthèse du kit, domain-facts §7) : 1 Contexte et cadre réglementaire · 2 Édition,
périmètre et moyens · 3 Diagnostic (volumes, cartographie, taux actuels en nombre et en valeur, obligations) ·
4 Axes (dont l'économie équitable, si les données la chiffrent) · 5 Objectifs SMART, indicateurs et cibles
proposées (formation, EGalim si l'organisation achète de la restauration) · 6 Fiches actions · 7 Gouvernance ·
8 Suivi annuel et calendrier de déploiement · 9 Communication · 10 Adoption et publication ; puis les annexes
(`Section(annexe=True)`) : rapport de présentation, projet de délibération, méthode, sources des données,
glossaire, obligations non évaluables, et en dernier la liste de contrôle de l'article L2111-3.

Le projet est d'abord construit comme une suite de sections neutres (`ProjetSpaser`), puis écrit
par `ecrire_docx` et `ecrire_html` : les deux documents disent exactement la même chose.
Les objectifs viennent de `spaserlib.objectifs.fichiers.lire_objectifs` (fichier YAML/JSON
d'objectifs ou réponses d'exercices enregistrées).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from spaserlib.commun.ecriture import ecrire_texte
from spaserlib.commun.format_fr import nombre
from spaserlib.objectifs.modele import UNITES, Objectif
from spaserlib.objectifs.fichiers import lire_objectifs
from spaserlib.analyse.profil import chiffres_cles
from spaserlib.commun.format_fr import euros_courts as euros, pourcentage
from spaserlib.lecture.organisation import Organisation
from spaserlib.documents import annexes, cibles, diagnostic, economie_equitable
from spaserlib.documents.deliberation import Contenu, section_deliberation, section_rapport, taux_actuels
from spaserlib.documents.edition import bloc_calendrier, edition_du_schema, section_edition
from spaserlib.documents.sections import Bloc, Section  # noqa: F401 (Bloc fait partie de l'API)

NOM_FICHIER = "projet-spaser"
TITRE_CONTROLE = "Liste de contrôle : exigences de l'article L2111-3 CCP"
A_COMPLETER = "[À compléter par l'organisation]"


@dataclass
class Controle:
    """Une ligne de la liste de contrôle : exigence, référence, remplie ou non, explication."""

    exigence: str
    reference: str
    rempli: bool
    detail: str


@dataclass
class ProjetSpaser:
    organisation: str
    annee: int | None
    sections: list[Section]
    controles: list[Controle]
    pieges: list[str]
    date_reference: date | None = None  # la date à laquelle le droit est lu (None : non précisée)
    edition: str = ""  # l'édition du schéma, par exemple « Édition 2027-2029 » (couverture, en-tête)
    validite: str = ""  # la période de validité, par exemple « du 1er janvier 2027 au 31 décembre 2029 »

    @property
    def corps(self) -> list[Section]:
        """Les sections du corps du document, dans l'ordre."""
        return [s for s in self.sections if not s.annexe]

    @property
    def annexes(self) -> list[Section]:
        """Les sections mises en annexe, dans l'ordre."""
        return [s for s in self.sections if s.annexe]

    @property
    def titre(self) -> str:
        return f"Projet de SPASER — {self.organisation}"

    @property
    def en_tete(self) -> str:
        """La ligne sous le titre : date de production, date de référence du droit, année des données."""
        texte = f"Projet généré le {date.today().strftime('%d/%m/%Y')} par le kit SPASER, à relire et compléter."
        if self.date_reference is not None:
            texte += f" Droit applicable lu au {self.date_reference.strftime('%d/%m/%Y')}."
        return texte + (f" Année de référence des données : {self.annee}." if self.annee else "")


# --- Contrôles ---------------------------------------------------------------------------------

# Débuts de mots (expressions régulières) qui rattachent un objectif à une dimension de L2111-3.
MOTS_SOCIAL = (r"social", r"insertion", r"handicap", r"défavoris", r"emploi", r"esat\b", r"inclusi", r"siae\b", r"ess\b", r"égalité")
MOTS_ECOLOGIQUE = (r"environnement", r"écolog", r"climat", r"carbone", r"co2", r"énergi", r"déchet", r"biosourc", r"durable", r"bio\b", r"circulaire", r"réemploi", r"recycl")
MOTS_CIRCULAIRE = (r"circulaire", r"réemploi", r"réutilis", r"recycl", r"agec\b", r"reconditionn")


def _texte(objectif: Objectif) -> str:
    return " ".join(str(x) for x in (objectif.axe, objectif.libelle, objectif.indicateur, objectif.extras.get("dimension")) if x).lower()


def _parle_de(objectifs: list[Objectif], mots: tuple[str, ...]) -> list[Objectif]:
    motif = re.compile(r"\b(?:" + "|".join(mots) + ")")
    return [o for o in objectifs if motif.search(_texte(o))]


def manques_suivi(objectif: Objectif) -> list[str]:
    """Ce qui manque à un objectif pour être suivi : une unité, un porteur, une date de suivi (liste vide :
    rien ne manque). Une unité autre que le nombre de contrats ou la valeur (heures d'insertion…) n'est pas
    un manque : l'article L2111-3 demande que le schéma comporte des indicateurs en nombre ou en valeur,
    il n'interdit pas d'en suivre d'autres (la liste de contrôle vérifie qu'il y en a)."""
    manques = []
    if not objectif.unite:
        manques.append("unité de l'indicateur non précisée (nombre de contrats, valeur, heures…)")
    if not objectif.porteur:
        manques.append("pas de porteur")
    if objectif.echeance is None:
        manques.append("pas de date de suivi (échéance)")
    return manques


def analyses_smart(objectifs: list[Objectif], *, achats=None, marches=None, date_reference: date | None = None) -> list:
    """L'analyse SMART (`spaserlib.objectifs.verification.verifier_objectif`) de chaque objectif, avec le réalisme
    calculé sur les données quand elles le permettent, à la date de référence (None : la date du jour)."""
    from spaserlib.objectifs.verification import verifier_objectif

    achats = None if achats is None or len(achats) == 0 else achats
    marches = None if marches is None or len(marches) == 0 else marches
    return [verifier_objectif(o, achats=achats, marches=marches, aujourd_hui=date_reference) for o in objectifs]


def pieges_smart(analyse) -> list[str]:
    """Les critères SMART non remplis d'une analyse, chacun avec son conseil."""
    from spaserlib.objectifs.smart import CRITERES

    return [f"objectif non SMART — {CRITERES[cle]} {v.niveau} : {v.conseil or v.explication}".rstrip(" :")
            for cle, v in analyse.verdicts.items() if v.niveau != "rempli"]


def liste_de_controle(objectifs: list[Objectif], analyses: list | None = None) -> tuple[list[Controle], list[str]]:
    """Les exigences de L2111-3 CCP remplies ou non par le projet, et les pièges restants par objectif.

    `analyses` : les analyses SMART des objectifs (même ordre ; par défaut calculées sans données).
    """
    if analyses is None:
        analyses = analyses_smart(objectifs)
    sociaux = _parle_de(objectifs, MOTS_SOCIAL)
    ecologiques = _parle_de(objectifs, MOTS_ECOLOGIQUE)
    circulaires = _parle_de(objectifs, MOTS_CIRCULAIRE)
    en_nombre_ou_valeur = [o for o in objectifs if o.indicateur_l2111_3]
    autres_unites = [o for o in objectifs if not o.indicateur_l2111_3]
    sans_suivi = [o for o in objectifs if not o.porteur or o.echeance is None]

    def noms(liste):
        return ", ".join(f"« {o.libelle} »" for o in liste[:5]) + (" …" if len(liste) > 5 else "")

    controles = [
        Controle("Objectifs comportant des éléments à caractère social (insertion des travailleurs handicapés ou défavorisés)",
                 "L2111-3 al. 2", bool(sociaux), f"{len(sociaux)} objectif(s) : {noms(sociaux)}" if sociaux else "Aucun objectif social repéré : ajoutez-en un."),
        Controle("Objectifs comportant des éléments à caractère écologique", "L2111-3 al. 2", bool(ecologiques),
                 f"{len(ecologiques)} objectif(s) : {noms(ecologiques)}" if ecologiques else "Aucun objectif écologique repéré : ajoutez-en un."),
        Controle("Contribution à la promotion d'une économie circulaire", "L2111-3 al. 2", bool(circulaires),
                 f"{len(circulaires)} objectif(s) : {noms(circulaires)}" if circulaires else "Aucun objectif d'économie circulaire repéré (réemploi, recyclage, AGEC art. 58)."),
        Controle("Indicateurs précis, exprimés en nombre de contrats ou en valeur", "L2111-3 al. 3 (loi Climat et résilience, depuis le 1er janvier 2023)",
                 bool(en_nombre_ou_valeur),
                 (f"{len(en_nombre_ou_valeur)} objectif(s) suivi(s) en nombre de contrats ou en valeur"
                  + (f" ; les autres indicateurs ({noms(autres_unites)}) les complètent, l'article n'interdit pas d'autres unités."
                     if autres_unites else ".")) if en_nombre_ou_valeur
                 else ("Aucun indicateur en nombre de contrats ou en valeur : ajoutez-en au moins un par catégorie d'achats "
                       "responsables (taux en nombre ou en valeur)." if objectifs else "Aucun objectif.")),
        Controle("Modalités de mise en œuvre et de suivi annuel des objectifs", "L2111-3 al. 2",
                 bool(objectifs) and not sans_suivi,
                 "Chaque objectif a un porteur et une échéance ; sections gouvernance et suivi annuel à valider."
                 if objectifs and not sans_suivi else (f"Porteur ou échéance manquant : {noms(sans_suivi)}" if objectifs else "Aucun objectif.")),
        Controle("Publication en ligne du schéma", "L2111-3 al. 2 (loi Climat et résilience)", False,
                 "À faire après l'adoption par délibération : mettre le schéma en ligne sur le site de l'organisation."),
    ]
    pieges = []
    for objectif, analyse in zip(objectifs, analyses):
        for manque in pieges_smart(analyse) + manques_suivi(objectif):
            pieges.append(f"« {objectif.libelle} » : {manque.rstrip('.')}.")
    if not objectifs:
        pieges.append("Aucun objectif fourni : donnez un fichier d'objectifs (--objectifs) ou vos réponses SMART.")
    return controles, pieges


# --- Construction ------------------------------------------------------------------------------


def _valeur(objectif: Objectif, valeur: float | None) -> str:
    if valeur is None:
        return "—"
    if objectif.unite in ("part_nombre", "part_valeur"):
        return pourcentage(valeur / 100)
    if objectif.unite == "valeur_euros":
        return euros(valeur)
    return nombre(valeur, 0 if float(valeur).is_integer() else 1)


def _axes(objectifs: list[Objectif]) -> list[str]:
    axes = []
    for objectif in objectifs:
        axe = objectif.axe or "Axe à préciser"
        if axe not in axes:
            axes.append(axe)
    return axes


DATE_REGLES_2026 = date(2026, 8, 21)  # décret n° 2022-767 : entrée en vigueur des règles de la loi Climat et résilience


def regles_2026(jour: date) -> str:
    """La phrase des règles du 21 août 2026, au présent une fois la date passée, au futur avant
    (`spaserlib.analyse.regles_2026.phrase_regles_2026`, la même que dans les pages du rapport)."""
    from spaserlib.analyse.regles_2026 import phrase_regles_2026

    return phrase_regles_2026(jour)


DATE_SEUIL_50 = date(2023, 1, 1)  # D2111-3 dans sa version du décret n° 2022-767 du 2 mai 2022


def _phrase_seuil(jour: date) -> str:
    """Le seuil D2111-3 en vigueur au `jour` : 50 M€ HT depuis le 1er janvier 2023, 100 M€ HT avant (décret n° 2015-90)."""
    hors = "de dépenses effectuées au cours d'une année civile dans le cadre des marchés, hors marchés de défense ou de sécurité"
    if jour >= DATE_SEUIL_50:
        return f"Seuil : 50 M€ HT {hors} (article D2111-3, décret n° 2022-767 du 2 mai 2022, depuis le 1er janvier 2023)."
    return (f"Seuil : 100 M€ HT {hors} (article D2111-3, décret n° 2015-90 du 28 janvier 2015) ; il sera abaissé à "
            "50 M€ HT à partir du 1er janvier 2023 (décret n° 2022-767 du 2 mai 2022).")


def construire_projet(organisation: Organisation, *, annee: int | None = None, objectifs: list[Objectif] = (), axes: list[str] = (),
                      date_reference: date | None = None, aujourd_hui: date | None = None) -> ProjetSpaser:
    """Le projet de SPASER d'une organisation (sections neutres, prêtes à écrire en DOCX ou HTML), lu à la
    `date_reference` (la date du jour par défaut ; `aujourd_hui` en est l'ancien nom) : les règles en vigueur
    à cette date sont écrites au présent, celles à venir au futur, et les obligations y sont évaluées."""
    from spaserlib.commun.calendrier import depuis_ou_a_partir, lire_date_reference

    aujourd_hui = lire_date_reference(date_reference or aujourd_hui)
    objectifs = list(objectifs)
    chiffres = chiffres_cles(organisation, annee)
    nom = organisation.nom
    sections = []

    sections.append(
        Section("1. Contexte et cadre réglementaire")
        .paragraphe(f"{A_COMPLETER} Édito de l'exécutif de {nom} : pourquoi ce schéma, ce qu'il engage, qui le porte.")
        .paragraphe(
            "L'article L2111-3 du Code de la commande publique impose aux acheteurs dont le montant total annuel des "
            "achats dépasse un seuil réglementaire d'adopter un schéma de promotion des achats publics socialement et "
            "écologiquement responsables (SPASER). Le schéma détermine des objectifs de politique d'achat comportant des "
            "éléments à caractère social et écologique ainsi que les modalités de leur mise en œuvre et de leur suivi "
            "annuel ; il contribue à la promotion d'une économie circulaire ; il comporte des indicateurs précis, "
            "exprimés en nombre de contrats ou en valeur (loi n° 2021-1104 du 22 août 2021, dite Climat et résilience, "
            f"{'en vigueur ' if aujourd_hui >= DATE_SEUIL_50 else 'applicable '}{depuis_ou_a_partir(DATE_SEUIL_50, aujourd_hui)}) ; "
            "il est rendu public, notamment par une mise en ligne."
        )
        .paragraphe(_phrase_seuil(aujourd_hui))
        .encadre(regles_2026(aujourd_hui))
    )
    edition = edition_du_schema(aujourd_hui)
    moyens = [f"{o.libelle} : {o.extras['moyens']}" for o in objectifs if o.extras.get("moyens")]
    sections.append(section_edition(nom, organisation.type, edition, organisation.siren, moyens))
    obligations = diagnostic.obligations_du_projet(organisation, chiffres["annee"], objectifs, aujourd_hui)
    sections.append(diagnostic.section_diagnostic(organisation, chiffres, objectifs, date_reference=aujourd_hui,
                                                  obligations=obligations))

    liste_axes = list(axes) or _axes(objectifs)
    section_axes = Section("4. Ambitions et axes stratégiques")
    if liste_axes:
        section_axes.paragraphe(f"Le schéma de {nom} s'organise en {len(liste_axes)} axe(s) :").liste(liste_axes)
    else:
        section_axes.paragraphe(f"{A_COMPLETER} Aucun axe fourni. Axes fréquents : commande publique sociale ; "
                                "commande publique écologiquement responsable ; économie équitable et responsable ; gouvernance et suivi.")
    nouveaux, reserves = economie_equitable.mesures(organisation, chiffres["annee"])
    economie_chiffree = economie_equitable.bloc_axe(section_axes, nouveaux, reserves)
    sections.append(section_axes)

    section_objectifs = Section("5. Objectifs SMART et indicateurs")
    if objectifs:
        conformes = sum(o.indicateur_l2111_3 for o in objectifs)
        if conformes == len(objectifs):
            section_objectifs.paragraphe("Chaque objectif est suivi par un indicateur exprimé en nombre de contrats ou en valeur (L2111-3 al. 3).")
        else:
            section_objectifs.paragraphe(
                f"{conformes} objectif(s) sur {len(objectifs)} ont un indicateur exprimé en nombre de contrats ou en valeur, "
                "comme le demande l'article L2111-3 (al. 3) ; les autres (heures d'insertion, par exemple) les complètent : "
                "l'article n'interdit pas d'autres unités.")
        section_objectifs.tableau(
            ["Axe", "Objectif", "Indicateur", "Unité", "Départ", "Cible", "Échéance", "Porteur"],
            [[o.axe or "—", o.libelle, o.indicateur or "—", UNITES.get(o.unite or "", ("—", False))[0],
              f"{_valeur(o, o.valeur_reference)}" + (f" ({o.annee_reference})" if o.annee_reference else ""),
              _valeur(o, o.cible), o.echeance.strftime("%d/%m/%Y") if o.echeance else "—", o.porteur or "—"] for o in objectifs],
        )
    else:
        section_objectifs.paragraphe(f"{A_COMPLETER} Aucun objectif n'est encore fixé : chaque axe reçoit des objectifs "
                                     "chiffrés, chacun avec un indicateur en nombre de contrats ou en valeur, un point de "
                                     "départ, une cible, une échéance et un porteur.")
    analyses = analyses_smart(objectifs, achats=organisation.achats, marches=organisation.marches, date_reference=aujourd_hui)
    realismes = [(o, a.realisme) for o, a in zip(objectifs, analyses) if a.realisme is not None]
    if realismes:
        section_objectifs.sous_titre("Réalisme des cibles au regard des données")
        section_objectifs.tableau(["Objectif", "Verdict", "Explication"],
                                  [[o.libelle, r.libelle, r.message] for o, r in realismes])
    restauration = cibles.achats_de_restauration(organisation.achats, chiffres["annee"])
    _cibles_proposees(section_objectifs, edition, restauration, aujourd_hui,
                      economie_equitable.cibles(nouveaux, reserves, edition.fin, A_COMPLETER) if economie_chiffree else [])
    sections.append(section_objectifs)

    section_fiches = Section("6. Plan d'actions : fiches actions")
    for numero, o in enumerate(objectifs, 1):
        section_fiches.sous_titre(f"Fiche action n° {numero} — {o.libelle}")
        section_fiches.tableau(["Rubrique", "Contenu"], [
            ["Axe", o.axe or "—"],
            ["Pilote", o.porteur or A_COMPLETER],
            ["Périmètre", o.perimetre or A_COMPLETER],
            ["Actions", str(o.extras.get("actions") or A_COMPLETER)],
            ["Moyens", str(o.extras.get("moyens") or A_COMPLETER)],
            ["Indicateur", f"{o.indicateur or A_COMPLETER} — {UNITES.get(o.unite or '', ('unité à préciser', False))[0]}"],
            ["Échéance", o.echeance.strftime("%d/%m/%Y") if o.echeance else A_COMPLETER],
            ["Source de l'indicateur", o.source or A_COMPLETER],
        ])
    if not objectifs:
        section_fiches.paragraphe(f"{A_COMPLETER} Une fiche par action : pilote, échéance, moyens, indicateur.")
    sections.append(section_fiches)

    sections.append(
        Section("7. Gouvernance")
        .liste([
            "Comité de pilotage : élues et élus référents, direction générale ; valide le schéma, arbitre, présente le bilan annuel.",
            "Comité technique ou réseau des personnes référentes achats responsables dans les directions : met en œuvre les fiches actions.",
            "Parties prenantes : structures d'insertion, ESS, chambres consulaires, fédérations professionnelles, associations.",
        ])
        .paragraphe(f"{A_COMPLETER} Composition, fréquence des réunions, pilote administratif.")
    )
    sections.append(bloc_calendrier(
        Section("8. Suivi et évaluation annuels")
        .paragraphe("Les objectifs font l'objet d'un suivi annuel (L2111-3 al. 2) : un tableau de bord des indicateurs, calculé "
                    "à partir des données essentielles de la commande publique (DECP) et des données comptables, et un bilan "
                    "présenté chaque année à l'assemblée délibérante.")
        .tableau(["Indicateur", "Unité", "Départ", "Cible", "Date de suivi"],
                 [[o.indicateur or o.libelle, UNITES.get(o.unite or "", ("—", False))[0], _valeur(o, o.valeur_reference),
                   _valeur(o, o.cible), o.echeance.strftime("%d/%m/%Y") if o.echeance else A_COMPLETER] for o in objectifs]
                 or [[A_COMPLETER, "", "", "", ""]]), edition)
    )
    sections.append(
        Section("9. Communication")
        .liste(["En interne : présentation aux services acheteurs et aux services prescripteurs, formation.",
                "Vers les fournisseurs : rencontres, sourçage, publication des attentes dans les consultations.",
                "Vers les habitants : bilan annuel publié."])
    )
    sections.append(
        Section("10. Adoption et publication")
        .paragraphe("Le schéma est adopté par délibération de l'assemblée délibérante, puis rendu public, notamment par une "
                    "mise en ligne sur le site internet de l'organisation (L2111-3).")
        .paragraphe(f"{A_COMPLETER} Date de la délibération, adresse de publication.")
    )
    contenu = Contenu(nom, organisation.type, edition, chiffres, liste_axes, len(objectifs),
                      diagnostic.phrase_de_pareto(organisation.achats, chiffres["annee"]),
                      taux_actuels(chiffres, _parts(organisation, chiffres["annee"])), restauration is not None,
                      economie_equitable.AXE if economie_chiffree else None)
    sections += _annexes(organisation, chiffres, contenu, obligations)
    controles, pieges = liste_de_controle(objectifs, analyses)
    projet = ProjetSpaser(nom, chiffres["annee"], sections, controles, pieges, aujourd_hui, edition.libelle, edition.validite)
    projet.sections.append(_section_controle(projet))  # la liste de contrôle, dernière annexe
    return projet


def _parts(organisation: Organisation, annee: int | None) -> dict | None:
    marches = organisation.marches
    return None if marches is None or len(marches) == 0 else diagnostic.parts_en_valeur(marches, annee)


def _cibles_proposees(section: Section, edition, restauration, jour: date, autres: list[list[str]]) -> None:
    """Les cibles que le kit propose : formation, EGalim si l'organisation achète de la restauration,
    économie équitable si les données la chiffrent."""
    section.sous_titre("Cibles proposées, à valider par l'organisation")
    if restauration is not None:
        section.paragraphe(cibles.phrase_egalim(restauration, jour))
    lignes = [cibles.cible_formation(edition.fin, A_COMPLETER)]
    if restauration is not None:
        lignes.append(cibles.cible_egalim(restauration, edition.fin, A_COMPLETER))
    section.tableau(cibles.ENTETE, lignes + autres)


def _annexes(organisation: Organisation, chiffres: dict, contenu, obligations) -> list[Section]:
    """Les annexes, numérotées : rapport de présentation, projet de délibération, méthode, sources, glossaire,
    obligations non évaluables (la liste de contrôle, écrite à part, vient en dernier)."""
    fabriques = [lambda t: section_rapport(contenu, t), lambda t: section_deliberation(contenu, t),
                 lambda t: annexes.section_methode(chiffres["annee"], chiffres.get("annees_achats"), t),
                 lambda t: annexes.section_sources(organisation, t), annexes.section_glossaire,
                 lambda t: annexes.section_non_evaluables(obligations, t)]
    titres = ["Rapport de présentation à l'assemblée délibérante", "Projet de délibération", "Méthode",
              "Sources des données", "Glossaire", "Obligations non évaluables faute de données"]
    resultat = []
    for fabrique, titre in zip(fabriques, titres):
        section = fabrique(f"Annexe {len(resultat) + 1} — {titre}")
        if section is not None:
            resultat.append(section)
    return resultat


# --- Écriture ----------------------------------------------------------------------------------


from spaserlib.documents.word import ecrire_docx  # noqa: E402 (l'écriture DOCX, module à part)


def _section_controle(projet: ProjetSpaser) -> Section:
    """La liste de contrôle de l'article L2111-3, dernière annexe du projet."""
    section = Section(f"Annexe {len(projet.annexes) + 1} — {TITRE_CONTROLE}", annexe=True)
    section.tableau(["Exigence", "Référence", "Statut", "Détail"],
                    [[c.exigence, c.reference, "Présente, à vérifier par le service juridique" if c.rempli else "À compléter",
                      c.detail] for c in projet.controles])
    section.sous_titre("Pièges restants")
    section.liste(projet.pieges or ["Aucun piège repéré dans les objectifs."])
    section.encadre("Cette liste vérifie la forme du projet, pas sa qualité juridique : faites relire le schéma "
                    "par votre service juridique avant la délibération.")
    return section


def ecrire_html(projet: ProjetSpaser, chemin: str | Path) -> Path:
    """Écrit le projet en HTML autonome (aucune ressource réseau, texte échappé) ; renvoie le chemin."""
    from spaserlib.commun.gabarits import rendre

    texte = rendre(
        "projet.html.j2",
        projet=projet, sections=projet.corps, annexes=projet.annexes,
        date=date.today().strftime("%d/%m/%Y")
    )
    return ecrire_texte(chemin, texte)


def ecrire_projet(organisation: Organisation, dossier: str | Path, *, annee: int | None = None,
                  objectifs: str | Path | list[Objectif] | None = None,
                  date_reference: date | None = None, modele: str | Path | None = None) -> tuple[Path, Path]:
    """Construit le projet et l'écrit dans `dossier` (projet-spaser.docx et .html) ; renvoie les deux chemins.

    `objectifs` : chemin d'un fichier ou dossier d'objectifs (voir `lire_objectifs`), ou liste d'Objectif.
    `date_reference` : la date à laquelle le droit est lu (None : la date du jour).
    `modele` : le modèle Word de la collectivité pour le DOCX (voir `spaserlib.documents.word`).
    """
    axes: list[str] = []
    if objectifs is None:
        liste = []
    elif isinstance(objectifs, (str, Path)):
        liste, axes = lire_objectifs(objectifs)
    else:
        liste = list(objectifs)
    projet = construire_projet(organisation, annee=annee, objectifs=liste, axes=axes, date_reference=date_reference)
    dossier = Path(dossier)
    return ecrire_docx(projet, dossier / f"{NOM_FICHIER}.docx", modele), ecrire_html(projet, dossier / f"{NOM_FICHIER}.html")
