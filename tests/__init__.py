"""Les tests du kit : un dossier par partie de spaserlib (commun, lecture, objectifs, analyse,
documents, cours, exercices, commandes), un fichier par module ; les fichiers d'essai sont dans
``tests/donnees/`` (chacun avec sa source), les notebooks d'essai du moteur dans ``tests/notebooks/``."""

from pathlib import Path

RACINE = Path(__file__).resolve().parents[1]  # la racine du dépôt
TESTS = RACINE / "tests"
DONNEES = TESTS / "donnees"

# En intégration continue (`.ci/run` exporte SPASER_EXIGER_OUTILS=1), un test qui a besoin de Chromium
# ou de LibreOffice échoue si l'outil manque : il ne doit pas passer en silence.
EXIGER_OUTILS = bool(__import__("os").environ.get("SPASER_EXIGER_OUTILS"))


def outil(*noms: str, paquet: str) -> str:
    """Le chemin du premier programme trouvé parmi `noms` ; sinon le test est sauté (avec le paquet
    Debian à installer), ou échoue si SPASER_EXIGER_OUTILS est défini."""
    import shutil

    import pytest

    for nom in noms:
        chemin = shutil.which(nom)
        if chemin:
            return chemin
    message = f"{noms[0]} absent : installez le paquet Debian {paquet} (make outils)."
    if EXIGER_OUTILS:
        pytest.fail(message + " SPASER_EXIGER_OUTILS est défini : ce test ne peut pas être sauté.")
    pytest.skip(message)
