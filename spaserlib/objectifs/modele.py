"""Le modèle d'un objectif de SPASER (partagé par l'analyseur SMART, le suivi et le document).

L'article L2111-3 du Code de la commande publique (alinéa issu de la loi n° 2021-1104 du
22 août 2021, en vigueur depuis le 1er janvier 2023) demande des indicateurs « exprimés en nombre
de contrats ou en valeur » : `Objectif.indicateur_l2111_3` dit si l'unité choisie y répond.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

import yaml

from spaserlib.commun.erreurs import ErreurFichier
from spaserlib.commun.ressources import fichier_reference

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
    "pourcentage": ("pourcentage (d'une autre base : pondération, produits, effectifs…)", False),
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
        d["extras"] = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in self.extras.items()}
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


FICHIER_REFERENCES = fichier_reference("objectifs_reference.yaml")


def objectifs_reference(chemin: str | Path | None = None) -> list[Objectif]:
    """Les objectifs de référence du cours : cibles du PNAD, objectifs réels de SPASER, avec leur source.

    Chaque Objectif a `source` renseigné et, dans `extras`, au moins `organisation` et `statut`
    (« vérifié » ou « à vérifier »). Les valeurs non relevées par les sources sont None.
    Lève ErreurFichier si le fichier manque, n'est pas du YAML valide ou contient un objectif incomplet.
    """
    chemin = Path(chemin) if chemin else FICHIER_REFERENCES
    try:
        contenu = yaml.safe_load(chemin.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ErreurFichier(chemin, "fichier des objectifs de référence introuvable.",
                            "Réinstallez le kit : ce fichier fait partie de spaserlib/donnees/.") from None
    except yaml.YAMLError as erreur:
        raise ErreurFichier(chemin, f"YAML illisible ({erreur.__class__.__name__}).",
                            "Corrigez la syntaxe du fichier.") from None
    objectifs = []
    for rang, entree in enumerate((contenu or {}).get("objectifs") or [], start=1):
        manque = [c for c in ("libelle", "source", "organisation", "statut") if not entree.get(c)]
        if manque:
            raise ErreurFichier(chemin, f"l'objectif n° {rang} n'a pas de champ « {manque[0]} ».",
                                "Chaque objectif de référence doit dire son organisation, sa source et son statut.")
        if entree.get("unite") is not None and entree["unite"] not in UNITES:
            raise ErreurFichier(chemin, f"l'objectif n° {rang} a une unité inconnue « {entree['unite']} ».",
                                f"Unités possibles : {', '.join(UNITES)}.")
        objectifs.append(Objectif.depuis_dict(entree))
    return objectifs
