"""spaserlib — la bibliothèque du kit de formation SPASER.

Les notebooks du cours appellent les fonctions exposées ici ; chaque module traite un concept
(lecture des données, nomenclature, Pareto, Kraljic, objectifs SMART, indicateurs, obligations).
"""

from spaserlib.erreurs import ErreurDonnees, ErreurFichier, ErreurParametre, ErreurSpaser, Probleme
from spaserlib.lecture import lire_achats, lire_marches
from spaserlib.organisation import Organisation, charger_organisation, organisations_exemples

__all__ = [
    "ErreurSpaser", "ErreurParametre", "ErreurFichier", "ErreurDonnees", "Probleme",
    "lire_achats", "lire_marches", "Organisation", "charger_organisation", "organisations_exemples",
]
__version__ = "0.1.0"
