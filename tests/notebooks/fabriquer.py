"""Fabrique les petits notebooks de test du moteur (un comportement chacun). Lancer depuis tests/notebooks/."""
import nbformat as nbf
from nbformat.v4 import new_notebook, new_code_cell, new_markdown_cell

PARAMS = 'donnees = "achats.csv"\ncollectivite = "Commune exemple"\nannee = 2024\ninteractif = True\npseudonymiser = False'
KS = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}, "language_info": {"name": "python"}}

def param_cell():
    c = new_code_cell(PARAMS)
    c.metadata["tags"] = ["parameters"]
    return c

def ecrire(nom, cellules, rapport=True):
    nb = new_notebook(cells=cellules, metadata=dict(KS))
    if rapport:
        nb.metadata["spaser"] = {"rapport": True}
    for i, c in enumerate(nb.cells):
        c["id"] = f"{nom[:10].replace('_','-')}-{i}"
    nbf.write(nb, nom + ".ipynb")

ecrire("01_reussit_figure", [
    new_markdown_cell("# Volumes d'achat\n\nUn notebook de test qui réussit et trace une figure."),
    param_cell(),
    new_code_cell("import matplotlib.pyplot as plt\nimport pandas as pd\nfuite = 'état laissé par le notebook 01'\nplt.rcParams['figure.figsize'] = (3, 2)\nimport os\nachats = pd.read_csv(donnees if os.path.isfile(donnees) else os.path.join(donnees, 'achats.csv'))\nprint(f'{collectivite} — {annee} — interactif={interactif}')"),
    new_code_cell("par_fournisseur = achats.groupby('fournisseur')['montant_ht'].sum().sort_values()\nfig, ax = plt.subplots()\npar_fournisseur.plot.barh(ax=ax)\nax.set_xlabel('Montant HT (€)')\nplt.show()"),
    new_code_cell("par_fournisseur.to_frame()"),
])
ecrire("02_isolement", [
    new_markdown_cell("# Isolement des notebooks"),
    param_cell(),
    new_code_cell("import matplotlib.pyplot as plt\nassert 'fuite' not in globals(), 'état du notebook précédent visible'\nassert tuple(plt.rcParams['figure.figsize']) != (3, 2), 'réglage matplotlib du notebook précédent visible'\nimport os\nprint('dossier courant :', os.path.basename(os.getcwd()))\nprint('clé :', os.environ.get('SPASER_TEST_VARIABLE', 'absente'))"),
])
ecrire("03_echoue", [
    new_markdown_cell("# Un notebook qui échoue"),
    param_cell(),
    new_code_cell("x = 1"),
    new_code_cell("familles = {'FOU': 1}\nfamilles['INCONNUE']"),
    new_code_cell("print('jamais exécutée')"),
], rapport=False)
ecrire("04_sans_parametres", [
    new_markdown_cell("# Sans cellule de paramètres"),
    new_code_cell("print('collectivité reçue :', collectivite)"),
], rapport=False)
ecrire("05_nom_dangereux", [
    new_markdown_cell("# Fournisseurs"),
    param_cell(),
    new_code_cell("import pandas as pd\nimport os\nachats = pd.read_csv(donnees if os.path.isfile(donnees) else os.path.join(donnees, 'achats.csv'))\nif pseudonymiser:\n    from spaserlib.lecture.pseudonymisation import pseudonymiser as pseudonymiser_tables\n    achats, _ = pseudonymiser_tables(achats, None)\nprint(achats['fournisseur'].iloc[-1])\nachats"),
])
ecrire("06_pas_de_rapport", [new_markdown_cell("# Hors rapport"), new_code_cell("1")], rapport=False)

lecon = new_markdown_cell("**Mode d'emploi.** Appuyez sur Maj + Entrée dans chaque cellule.")
lecon.metadata["tags"] = ["lecon"]
demonstration = new_code_cell("print('démonstration de la leçon')")
demonstration.metadata["tags"] = ["lecon"]
ecrire("07_lecon", [
    new_markdown_cell("# Page de rapport sans la leçon"),
    lecon,
    param_cell(),
    demonstration,
    new_markdown_cell("## Ce que lit l'assemblée"),
    new_code_cell("print('résultat pour le lecteur')"),
    new_code_cell("import matplotlib\nmatplotlib.use('Agg')\nfrom matplotlib.figure import Figure\n"
                  "from spaserlib.cours import afficher_figure\nfigure = Figure()\nfigure.add_subplot().bar([2024, 2025], [1, 2])\n"
                  "afficher_figure(figure, 'Dépense par année : 2 M€ en 2025, le double de 2024.')"),
], rapport=False)
