# Commandes du kit SPASER. Sur une machine neuve : `make demo` puis `make test`.
# Chaque cible crée l'environnement .venv (python3 -m venv) s'il manque et y installe le kit ;
# l'installation n'est refaite que si pyproject.toml a changé.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLE := $(VENV)/.installe
SORTIE_DEMO ?= sorties/demo

.PHONY: demo test lab exercices installer outils navigateur verifier-roue nettoyer

$(PY):
	$(PYTHON) -m venv $(VENV)

# Les réglages de JupyterLab livrés avec le kit (français, pas de fenêtre d'actualités) vont dans
# l'environnement, pas dans le dossier personnel de l'utilisateur ; la configuration du serveur y déclare
# le gestionnaire de contenus qui fait s'ouvrir les notebooks sans marque de modification
# (spaserlib/commun/jupyterlab.py).
REGLAGES_LAB := spaserlib/donnees/jupyterlab/overrides.json
SERVEUR_LAB := spaserlib/donnees/jupyterlab/jupyter_server_config.json

$(INSTALLE): pyproject.toml $(REGLAGES_LAB) $(SERVEUR_LAB) | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	$(PY) -m ipykernel install --prefix $(VENV) --name python3 --display-name "Python 3 (kit SPASER)" > /dev/null
	mkdir -p $(VENV)/share/jupyter/lab/settings
	cp $(REGLAGES_LAB) $(VENV)/share/jupyter/lab/settings/overrides.json
	mkdir -p $(VENV)/etc/jupyter
	cp $(SERVEUR_LAB) $(VENV)/etc/jupyter/jupyter_server_config.json
	touch $(INSTALLE)

installer: $(INSTALLE)

demo: $(INSTALLE)
	$(PY) -m spaserlib demo --sortie $(SORTIE_DEMO)

# Chromium ouvre le rapport rendu dans un navigateur sans écran ; LibreOffice ouvre le projet de SPASER
# (DOCX). Deux paquets Debian, installés s'ils manquent. Avec SPASER_EXIGER_OUTILS=1 (intégration
# continue), un échec d'installation arrête tout ; sinon les deux tests sont sautés, avec leur raison.
outils:
	@manque=""; \
	command -v chromium > /dev/null || manque="$$manque chromium"; \
	command -v soffice > /dev/null || manque="$$manque libreoffice-writer-nogui"; \
	if [ -n "$$manque" ]; then \
		echo "Installation des paquets Debian :$$manque…"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$manque > /dev/null) || \
		{ if [ -n "$$SPASER_EXIGER_OUTILS" ]; then echo "ERREUR : impossible d'installer$$manque." >&2; exit 1; \
		  else echo "Paquets non installés :$$manque ; les tests qui en ont besoin seront sautés."; fi; }; \
	fi

navigateur: outils

# Les tests se répartissent sur les cœurs de la machine (pytest-xdist) ; --dist loadfile garde chaque fichier
# de tests (et chaque notebook vérifié par nbval, cellule après cellule) dans un même processus.
test: $(INSTALLE) outils
	$(PY) -m pytest -n auto --dist loadfile

# Construit la roue, l'installe dans un environnement neuf hors du dépôt et y lance spaser demo et
# spaser rapport (l'intégration continue le fait après les tests).
verifier-roue: $(INSTALLE)
	$(PY) tests/installation_hors_depot.py

# JupyterLab refuse de tourner sous root sans --allow-root (machines de salle de formation, conteneurs).
lab: $(INSTALLE)
	$(VENV)/bin/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root) notebooks/00.00-Sommaire.ipynb

# Les exercices de exercises/ (et les quiz qui s'y trouvent) servis par Voilà comme des applications, sans
# code : le formulaire s'affiche (SPASER_INTERACTIF=1), les traces Python sont cachées, la page est en
# français. À ne pas confondre avec `spaser exercices`, qui régénère exercises/ depuis solutions/.
# VOILA_OPTIONS est relu par tests/exercices/test_voila.py : le test sert les exercices avec ces réglages.
# Le gabarit « spaser » (spaserlib/donnees/voila/templates/) met en français la liste des exercices et le
# message d'attente ; JUPYTER_PATH le fait trouver par Voilà.
VOILA_OPTIONS := --template=spaser --VoilaConfiguration.classic_tree=True --strip_sources=True --show_tracebacks=False --theme=light --VoilaConfiguration.file_allowlist="['.*\.(png|svg|css)']"
PORT_EXERCICES ?= 8866
exercices: $(INSTALLE)
	SPASER_INTERACTIF=1 LANG=fr_FR.UTF-8 JUPYTER_PATH=spaserlib/donnees $(VENV)/bin/voila $(VOILA_OPTIONS) --port=$(PORT_EXERCICES) exercises

nettoyer:
	rm -rf $(VENV) sorties .pytest_cache .hypothesis
