"""L'édition d'un projet de SPASER : période de validité, périmètre, moyens et calendrier de déploiement.

Un schéma publié dit pour quelle période il vaut (« Édition 2027-2029 »), quelles entités il couvre, avec
quels moyens, et quand il est adopté, suivi et renouvelé. Le kit propose une édition de trois ans qui
commence le 1er janvier de l'année qui suit la date de référence ; ce que seule l'organisation peut dire
(entités mutualisées, effectifs, budget, date de la délibération) reste « [À compléter par l'organisation] ».
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from spaserlib.documents.sections import Section

A_COMPLETER = "[À compléter par l'organisation]"
DUREE_ANS = 3


@dataclass(frozen=True)
class Edition:
    """Une édition du schéma : de l'année `debut` à l'année `fin` comprises (années civiles)."""

    debut: int
    fin: int

    @property
    def libelle(self) -> str:
        return f"Édition {self.debut}-{self.fin}"

    @property
    def validite(self) -> str:
        return f"du 1er janvier {self.debut} au 31 décembre {self.fin}"

    @property
    def duree(self) -> int:
        return self.fin - self.debut + 1

    @property
    def premier_bilan(self) -> date:
        """La date limite du premier bilan annuel : le 30 juin qui suit la première année du schéma."""
        return date(self.debut + 1, 6, 30)

    @property
    def suivante(self) -> str:
        return f"{self.fin + 1}-{self.fin + self.duree}"


def edition_du_schema(date_reference: date, duree: int = DUREE_ANS) -> Edition:
    """L'édition proposée : `duree` années civiles à partir de l'année qui suit la date de référence."""
    return Edition(date_reference.year + 1, date_reference.year + duree)


def _entites_associees(type_organisation: str | None) -> list[str]:
    """Les entités qu'un schéma mutualisé peut couvrir, selon le type de l'organisation."""
    genre = (type_organisation or "").lower()
    if genre.startswith("commun") and "communaut" not in genre:
        return ["Centre communal d'action sociale (CCAS) : couvert par le schéma ou non",
                "Établissement public de coopération intercommunale (EPCI) de rattachement : schéma commun, "
                "coordonné ou distinct"]
    if any(mot in genre for mot in ("communaut", "métropole", "metropole", "syndicat")):
        return ["Communes membres : schéma commun ou coordonné, pour les achats mutualisés",
                "Centre intercommunal d'action sociale (CIAS), s'il existe : couvert par le schéma ou non"]
    return ["Établissements publics rattachés (satellites, régies) : couverts par le schéma ou non"]


def section_edition(nom: str, type_organisation: str | None, edition: Edition, siren: str | None = None,
                    moyens_des_objectifs: list[str] = (), titre: str = "2. Édition, périmètre et moyens") -> Section:
    """La section qui dit l'édition, la période de validité, le périmètre et les moyens du schéma."""
    section = Section(titre)
    section.sous_titre("Édition et période de validité")
    section.paragraphe(f"{edition.libelle} : le schéma s'applique {edition.validite} ({edition.duree} ans). Il est "
                       "évalué chaque année et renouvelé à son terme ; il peut être révisé plus tôt si la loi ou "
                       "l'organisation changent.")
    section.sous_titre("Périmètre")
    identite = f" (SIREN {siren})" if siren else ""
    section.paragraphe(f"Le schéma couvre les achats de {nom}{identite} : marchés publics et, s'il y en a, contrats "
                       "de concession, quels que soient leur montant et le service qui les passe.")
    section.liste([f"Budgets annexes couverts : {A_COMPLETER}",
                   f"Groupements de commandes auxquels l'organisation participe (membres, familles d'achats) : {A_COMPLETER}",
                   *(f"{entite} : {A_COMPLETER}" for entite in _entites_associees(type_organisation))])
    section.sous_titre("Moyens")
    section.paragraphe("Les moyens humains et financiers que l'organisation consacre au schéma pendant l'édition :")
    section.tableau(["Moyen", "Prévision"], [
        ["Personnes chargées des achats responsables (équivalents temps plein)", A_COMPLETER],
        ["Facilitation des clauses sociales (équivalents temps plein, en interne ou mutualisée)", A_COMPLETER],
        ["Budget annuel (formation, sourçage, outils, adhésions à des réseaux)", A_COMPLETER],
        ["Formation des acheteuses et acheteurs (jours par an)", A_COMPLETER],
    ])
    if moyens_des_objectifs:
        section.paragraphe("Moyens déjà indiqués dans les fiches actions :")
        section.liste(list(moyens_des_objectifs))
    return section


def calendrier(edition: Edition) -> list[list[str]]:
    """Les étapes du déploiement : [étape, date, contenu]."""
    lignes = [
        ["Adoption par l'assemblée délibérante", f"{A_COMPLETER} (avant le 1er janvier {edition.debut})",
         "Délibération, puis mise en ligne du schéma sur le site internet de l'organisation."],
        ["Premier bilan annuel", f"Un an après l'adoption ({A_COMPLETER}), au plus tard le "
                                 f"{edition.premier_bilan.strftime('%d/%m/%Y')}",
         f"Indicateurs de l'année {edition.debut} présentés à l'assemblée délibérante."],
        ["Revue à mi-parcours", f"Au plus tard le 31/12/{edition.debut + 1}",
         "Ajustement des cibles et des fiches actions au vu du premier bilan."],
    ]
    for annee in range(edition.debut + 1, edition.fin):
        lignes.append([f"Bilan annuel des chiffres de {annee}", f"Au plus tard le 30/06/{annee + 1}",
                       f"Indicateurs de l'année {annee} présentés à l'assemblée délibérante."])
    lignes.append(["Évaluation finale et renouvellement", f"Au plus tard le 31/12/{edition.fin}",
                   f"Bilan de l'édition, puis adoption de l'édition {edition.suivante}."])
    return lignes


def bloc_calendrier(section: Section, edition: Edition) -> Section:
    """Ajoute à `section` le calendrier de déploiement de l'édition."""
    section.sous_titre(f"Calendrier de déploiement ({edition.libelle.lower()})")
    section.tableau(["Étape", "Date", "Contenu"], calendrier(edition))
    section.paragraphe(f"Date du premier bilan annuel : au plus tard le {edition.premier_bilan.strftime('%d/%m/%Y')}.")
    return section
