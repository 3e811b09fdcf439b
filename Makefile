# Commandes du kit SPASER. Sur une machine neuve : `make demo` puis `make test`.
# Chaque cible crée l'environnement .venv (python3 -m venv) s'il manque et y installe le kit ;
# l'installation n'est refaite que si pyproject.toml a changé.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLE := $(VENV)/.installe
SORTIE_DEMO ?= sorties/demo

.PHONY: demo test lab installer navigateur nettoyer

$(PY):
	$(PYTHON) -m venv $(VENV)

$(INSTALLE): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	$(PY) -m ipykernel install --prefix $(VENV) --name python3 --display-name "Python 3 (kit SPASER)" > /dev/null
	touch $(INSTALLE)

installer: $(INSTALLE)

demo: $(INSTALLE)
	$(PY) -m spaserlib demo --sortie $(SORTIE_DEMO)

# Chromium (paquet Debian) sert au test qui ouvre le rapport rendu dans un navigateur sans écran.
navigateur:
	@command -v chromium > /dev/null || (echo "Installation de Chromium (paquet Debian)…" && \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium > /dev/null) || \
		echo "Chromium n'a pas pu être installé : le test du navigateur sera ignoré.")

test: $(INSTALLE) navigateur
	$(PY) -m pytest

lab: $(INSTALLE)
	$(VENV)/bin/jupyter lab notebooks/00.00-Sommaire.ipynb

nettoyer:
	rm -rf $(VENV) sorties .pytest_cache .hypothesis
