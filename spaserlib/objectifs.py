"""Le modèle d'un objectif de SPASER (partagé par l'analyseur SMART, le suivi et le document).

L'article L2111-3 du Code de la commande publique (alinéa issu de la loi n° 2021-1104 du
22 août 2021, en vigueur depuis le 1er janvier 2023) demande des indicateurs « exprimés en nombre
de contrats ou en valeur » : `Objectif.indicateur_l2111_3` dit si l'unité choisie y répond.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date

# Unités reconnues : code -> (libellé, exprimée en nombre de contrats ou en valeur au sens de L2111-3)
UNITES = {
    "nombre_contrats": ("nombre de contrats", True),
    "part_nombre": ("part des contrats, en nombre (%)", True),
    "valeur_euros": ("montant en euros HT", True),
    "part_valeur": ("part des achats, en valeur (%)", True),
    "heures_insertion": ("heures d'insertion", False),
    "tonnes": ("tonnes", False),
    "tonnes_co2e": ("tonnes équivalent CO2", False),
    "personnes": ("nombre de personnes", False),
    "pourcentage": ("pourcentage (d'une autre base : pondération, produits, agents…)", False),
    "autre": ("autre unité", False),
}


@dataclass
class Objectif:
    """Un objectif de politique d'achat, tel qu'il figurera dans le SPASER.

    valeur_reference / annee_reference : la situation de départ ; cible : la valeur à atteindre
    (dans l'unité `unite`, les parts en pourcentage de 0 à 100) ; echeance : date limite.
    """

    libelle: str
    axe: str | None = None
    indicateur: str | None = None
    unite: str | None = None
    perimetre: str | None = None
    valeur_reference: float | None = None
    annee_reference: int | None = None
    cible: float | None = None
    echeance: date | None = None
    porteur: str | None = None
    source: str | None = None
    extras: dict = field(default_factory=dict)

    @property
    def indicateur_l2111_3(self) -> bool:
        """Vrai si l'indicateur est exprimé en nombre de contrats ou en valeur (article L2111-3 CCP)."""
        return bool(self.unite) and UNITES.get(self.unite, ("", False))[1]

    def en_dict(self) -> dict:
        d = asdict(self)
        d["echeance"] = self.echeance.isoformat() if self.echeance else None
        return d

    @classmethod
    def depuis_dict(cls, d: dict) -> "Objectif":
        d = dict(d)
        if isinstance(d.get("echeance"), str):
            d["echeance"] = date.fromisoformat(d["echeance"])
        connus = {k: d.pop(k) for k in list(d) if k in cls.__dataclass_fields__}
        objectif = cls(**connus)
        objectif.extras.update(d)
        return objectif
