"""spaserlib — la bibliothèque du kit de formation SPASER.

Les notebooks du cours appellent les fonctions exposées ici ; chaque module traite un concept
(lecture des données, nomenclature, Pareto, Kraljic, objectifs SMART, indicateurs, obligations).
"""

from spaserlib.erreurs import ErreurDonnees, ErreurFichier, ErreurParametre, ErreurSpaser, Probleme

__all__ = ["ErreurSpaser", "ErreurParametre", "ErreurFichier", "ErreurDonnees", "Probleme"]
__version__ = "0.1.0"
