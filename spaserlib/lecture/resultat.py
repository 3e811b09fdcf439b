"""Le résultat d'une lecture de fichier : la table canonique et tous les problèmes trouvés.

Rien n'est écarté ni inventé en silence : `Lecture` compte les lignes lues, gardées et écartées,
et garde chaque `Probleme` (fichier, ligne, colonne, valeur, message, conseil).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

from spaserlib.commun.erreurs import AVERTISSEMENT, ERREUR, ErreurDonnees, Probleme

COLONNES_PROBLEMES = ["fichier", "ligne", "colonne", "valeur", "message", "conseil", "gravite", "code"]


@dataclass
class Lecture:
    """Ce qu'a donné la lecture d'un fichier.

    table        la table canonique (achats ou marchés) des lignes gardées ;
    problemes    toutes les anomalies, erreurs et avertissements ;
    lignes_lues  lignes de données lues dans le fichier (hors en-tête et préambule) ;
    lignes_ecartees  lignes inutilisables (une erreur au moins) ;
    contrats_avant_regroupement  pour les marchés : lignes avant le regroupement des doublons,
                 lots, titulaires et modifications en un contrat (None pour les achats) ;
    concessions  pour les fichiers DECP : les contrats de concession, gardés à part des marchés.
    """

    fichier: str
    genre: str  # "achats" ou "marches"
    table: pd.DataFrame
    problemes: list[Probleme] = field(default_factory=list)
    lignes_lues: int = 0
    lignes_ecartees: int = 0
    contrats_avant_regroupement: int | None = None
    concessions: pd.DataFrame | None = None

    @property
    def lignes_gardees(self) -> int:
        return self.lignes_lues - self.lignes_ecartees

    @property
    def erreurs(self) -> list[Probleme]:
        return [p for p in self.problemes if p.gravite == ERREUR]

    @property
    def avertissements(self) -> list[Probleme]:
        return [p for p in self.problemes if p.gravite == AVERTISSEMENT]

    @property
    def a_des_erreurs(self) -> bool:
        return any(p.gravite == ERREUR for p in self.problemes)

    def problemes_table(self) -> pd.DataFrame:
        """Les problèmes sous forme de table (une ligne par problème), prête à écrire en CSV."""
        return pd.DataFrame([p.en_dict() for p in self.problemes], columns=COLONNES_PROBLEMES)

    def resume(self) -> dict:
        """Résumé chiffré : lignes lues, gardées, écartées, contrats, totaux, problèmes par genre."""
        resume = {
            "fichier": self.fichier,
            "genre": self.genre,
            "lignes_lues": self.lignes_lues,
            "lignes_gardees": self.lignes_gardees,
            "lignes_ecartees": self.lignes_ecartees,
            "erreurs": len(self.erreurs),
            "avertissements": len(self.avertissements),
            "problemes_par_genre": dict(Counter(p.code for p in self.problemes)),
            # Pourquoi des lignes ont été écartées : les erreurs par genre (une ligne peut en avoir plusieurs).
            "erreurs_par_genre": dict(Counter(p.code for p in self.erreurs)),
        }
        if "montant_ht" in self.table:
            resume["montant_ht_total"] = float(self.table["montant_ht"].sum())
        if self.genre == "marches":
            resume["contrats"] = len(self.table)
            resume["contrats_avant_regroupement"] = self.contrats_avant_regroupement
            resume["concessions"] = 0 if self.concessions is None else len(self.concessions)
        return resume

    def exiger_sans_erreur(self) -> "Lecture":
        """Lève `ErreurDonnees` (avec la liste complète) si une erreur bloquante a été trouvée."""
        if self.a_des_erreurs:
            raise ErreurDonnees(self.problemes)
        return self
