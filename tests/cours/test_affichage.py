"""Les affichages des notebooks : mode interactif ou statique, tables lisibles et échappées, choix."""

import pandas as pd
import pytest

from spaserlib.cours import affichage
from spaserlib.cours.affichage import (
    afficher_indicateur,
    afficher_phrase,
    afficher_table,
    choisir,
    libelle_colonne,
    mode_interactif,
    saisir_texte,
    table_lisible,
)
from spaserlib.commun.erreurs import ErreurParametre


@pytest.fixture
def sans_jupyter(monkeypatch):
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    monkeypatch.delenv(affichage.VARIABLE_MODE, raising=False)


def test_mode_statique_hors_de_jupyterlab(sans_jupyter):
    assert mode_interactif(None) is False


def test_mode_interactif_dans_un_noyau_lance_par_jupyterlab(sans_jupyter, monkeypatch):
    monkeypatch.setenv("JPY_SESSION_NAME", "/tmp/01.01-Profil-achats.ipynb")
    assert mode_interactif(None) is True


def test_la_variable_d_environnement_l_emporte_sur_la_detection(sans_jupyter, monkeypatch):
    monkeypatch.setenv("JPY_SESSION_NAME", "x.ipynb")
    monkeypatch.setenv(affichage.VARIABLE_MODE, "0")
    assert mode_interactif(None) is False
    monkeypatch.delenv("JPY_SESSION_NAME")
    monkeypatch.setenv(affichage.VARIABLE_MODE, "1")
    assert mode_interactif(None) is True


def test_le_parametre_force_le_mode(sans_jupyter, monkeypatch):
    monkeypatch.setenv("JPY_SESSION_NAME", "x.ipynb")
    assert mode_interactif(False) is False
    assert mode_interactif(True) is True


def test_un_parametre_interactif_invalide_est_refuse():
    with pytest.raises(ErreurParametre, match="Le paramètre interactif vaut « 'oui' »"):
        mode_interactif("oui")


def test_table_lisible_formate_et_renomme():
    table = pd.DataFrame({"fournisseur": ["A"], "montant_ht": [1234.5], "part": [0.18]})
    vue = table_lisible(table, formats={"montant_ht": "euros", "part": "pourcentage"})
    assert list(vue.columns) == ["Fournisseur", "Montant HT", "Part"]
    assert vue.iloc[0]["Montant HT"] == "1\u00a0234,50\u00a0€"
    assert vue.iloc[0]["Part"] == "18\u00a0%"
    assert table.iloc[0]["montant_ht"] == 1234.5  # la table reçue n'est pas modifiée


def test_format_inconnu_ou_colonne_absente():
    table = pd.DataFrame({"montant_ht": [1.0]})
    with pytest.raises(ErreurParametre, match="Format de colonne inconnu : « dollars »"):
        table_lisible(table, formats={"montant_ht": "dollars"})
    with pytest.raises(ErreurParametre, match="Colonne\\(s\\) à formater absente\\(s\\) de la table : part"):
        table_lisible(table, formats={"part": "pourcentage"})


def test_libelle_colonne():
    assert libelle_colonne("montant_ht") == "Montant HT"
    assert libelle_colonne("nb_lignes") == "Nb lignes"


def test_afficher_table_echappe_le_texte_des_donnees(affiches):
    afficher_table(pd.DataFrame({"fournisseur": ["<script>alert(1)</script>"]}), titre="<b>Titre</b>")
    html = affiches[0]["text/html"]
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "&lt;b&gt;Titre&lt;/b&gt;" in html


def test_afficher_table_annonce_les_lignes_coupees_et_la_table_vide(affiches):
    afficher_table(pd.DataFrame({"x": range(25)}), max_lignes=20)
    assert "… et 5 lignes de plus (25 au total)." in affiches[0]["text/plain"]
    afficher_table(pd.DataFrame({"x": range(1337)}), max_lignes=1)
    assert "… et 1\u00a0336 lignes de plus (1\u00a0337 au total)." in affiches[-1]["text/plain"]
    afficher_table(pd.DataFrame({"x": []}))
    assert "Aucune ligne." in affiches[2]["text/plain"]


def test_afficher_table_refuse_autre_chose_qu_une_table():
    with pytest.raises(ErreurParametre, match="afficher_table attend une table pandas"):
        afficher_table([1, 2])


def test_afficher_phrase_echappe(affiches):
    afficher_phrase("A & B <i>", titre="Pareto")
    assert affiches[0]["text/html"].endswith("<strong>Pareto : </strong>A &amp; B &lt;i&gt;</blockquote>")
    assert affiches[0]["text/plain"] == "Pareto : A & B <i>"


def test_choisir_en_statique_montre_la_valeur_par_defaut_sans_widget(affiches, sans_jupyter):
    vus = []
    choisir({"Par fournisseur": "fournisseur", "Par famille": "famille"}, vus.append, "Analyse")
    assert vus == ["fournisseur"] and affiches == []


def test_choisir_en_statique_peut_montrer_toutes_les_options(affiches, sans_jupyter):
    vus = []
    choisir(["a", "b"], vus.append, "Choix", toutes_en_statique=True)
    assert vus == ["a", "b"]
    assert [a["text/plain"] for a in affiches] == ["Choix : a", "Choix : b"]


def test_choisir_refuse_une_valeur_hors_des_options_et_une_liste_vide():
    with pytest.raises(ErreurParametre, match="La valeur « c » ne fait pas partie des options de « Choix » : a, b."):
        choisir(["a", "b"], print, "Choix", valeur="c", interactif=False)
    with pytest.raises(ErreurParametre, match="Aucune option à proposer pour « Choix »."):
        choisir([], print, "Choix", interactif=False)


def test_choisir_en_interactif_cree_un_widget_et_reagit(affiches):
    import ipywidgets as widgets
    vus = []
    choisir(["a", "b"], vus.append, "Choix", interactif=True)
    boite = affiches[0]
    assert isinstance(boite, widgets.VBox)
    liste = boite.children[0]
    liste.value = "b"
    assert vus == ["a", "b"]


def test_saisir_texte_en_statique_analyse_la_valeur(affiches, sans_jupyter):
    vus = []
    saisir_texte(vus.append, "Votre objectif", valeur="Atteindre 30 % en 2027")
    assert vus == ["Atteindre 30 % en 2027"]
    assert affiches[0]["text/plain"] == "Votre objectif : Atteindre 30 % en 2027"


def test_saisir_texte_en_interactif_analyse_au_clic(affiches):
    vus = []
    saisir_texte(vus.append, "Objectif", valeur="x", interactif=True)
    zone, bouton, _ = affiches[0].children
    zone.value = "y"
    bouton.click()
    assert vus == ["x", "y"]


def test_afficher_indicateur_montre_la_phrase_et_la_table_formatee(affiches):
    from types import SimpleNamespace

    table = pd.DataFrame({"annee": [2024], "contrats": [1200], "part_nombre": [0.25], "montant_ht": [1_500_000.4],
                          "genre": ["Clause sociale"]})
    afficher_indicateur(SimpleNamespace(nom="Contrats", phrase="Un quart des contrats.", table=table))
    assert affiches[0]["text/plain"] == "Contrats : Un quart des contrats."
    texte = affiches[1]["text/plain"]
    assert "1\u00a0200" in texte and "25\u00a0%" in texte and "1\u00a0500\u00a0000\u00a0€" in texte and "2024" in texte


def test_afficher_table_ajoute_le_libelle_des_familles_et_choisit_les_colonnes(affiches):
    from spaserlib.commun.nomenclature import familles

    code, libelle = familles().iloc[0][["code", "libelle"]]
    table = pd.DataFrame({"famille": [code, "INCONNU"], "montant_ht": [1.0, 2.0], "autre": [0, 0]})
    afficher_table(table, colonnes=["famille", "montant_ht"])
    texte = affiches[0]["text/plain"]
    assert libelle in texte and "Autre" not in texte
    with pytest.raises(ErreurParametre, match="Colonne\\(s\\) absente\\(s\\) de la table : x."):
        afficher_table(table, colonnes=["x"])


def test_choisir_et_saisir_transmettent_les_arguments_nommes(affiches, sans_jupyter):
    vus = []
    choisir(["a"], lambda v, annee: vus.append((v, annee)), "Choix", annee=2024)
    saisir_texte(lambda t, annee: vus.append((t, annee)), "Texte", valeur="x", annee=2025)
    assert vus == [("a", 2024), ("x", 2025)]


@pytest.mark.parametrize("pyplot", [True, False], ids=["figure pyplot", "figure autonome"])
def test_afficher_figure_en_png_puis_fermee(affiches, pyplot):
    import base64

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.figure import Figure

    figure = plt.figure() if pyplot else Figure()
    figure.add_subplot().set_title("Dépense par année")
    affichage.afficher_figure(figure)
    assert base64.b64decode(affiches[0]["image/png"]).startswith(b"\x89PNG")
    assert affiches[0]["text/plain"] == "Figure : Dépense par année"
    assert not plt.get_fignums()


def test_afficher_table_aligne_le_texte_a_gauche_et_les_nombres_a_droite(affiches):
    afficher_table(pd.DataFrame({"fournisseur": ["A"], "montant_ht": [12.5], "vide": [None]}), formats={"montant_ht": "euros"})
    html = affiches[0]["text/html"]
    assert '<td data-label="Fournisseur" style="text-align:left">A</td>' in html
    assert '<td data-label="Montant HT" style="text-align:right">12,50\u00a0€</td>' in html
    assert '<td data-label="Vide" style="text-align:left">—</td>' in html
    assert "None" not in affiches[0]["text/plain"]


def test_afficher_table_ecrit_les_booleens_en_francais(affiches):
    afficher_table(pd.DataFrame({"famille": ["F-INFO", "S-NETT"], "surcharge": [True, False]}))
    html = affiches[0]["text/html"]
    assert ">oui<" in html and ">non<" in html and "True" not in html and "False" not in html


def test_afficher_table_ecrit_dates_et_nombres_a_la_francaise(affiches):
    from datetime import date

    table = pd.DataFrame({"annee": [2025], "echeance": [date(2025, 12, 31)], "jour": pd.to_datetime(["2024-03-01"]),
                          "lignes": [1337], "note": [4.0], "moyenne": [2.25]})
    afficher_table(table)
    texte = affiches[0]["text/plain"]
    assert "31/12/2025" in texte and "01/03/2024" in texte and "2025-12-31" not in texte
    assert "1\u00a0337" in texte and "1337" not in texte
    assert "4.0" not in texte and "2,25" in texte and "2.25" not in texte
    assert "2025" in texte and "2\u00a0025" not in texte  # une année reste une année


def test_afficher_table_trie_par_montant(affiches):
    table = pd.DataFrame({"famille": ["A", "B", "C"], "montant_ht": [10.0, 30.0, 20.0]})
    afficher_table(table, trier_par="montant_ht", max_lignes=2)
    texte = affiches[0]["text/plain"]
    assert texte.index("B") < texte.index("C") and "\n" + "A" not in texte.split("…")[0].splitlines()[1:]
    with pytest.raises(ErreurParametre, match="Colonne de tri absente de la table : x."):
        afficher_table(table, trier_par="x")


def test_afficher_table_large_en_fiches_sur_petit_ecran(affiches):
    afficher_table(pd.DataFrame({c: [1] for c in "abcde"}))
    afficher_table(pd.DataFrame({c: [1] for c in "ab"}))
    assert 'class="spaser-table spaser-fiches"' in affiches[0]["text/html"]
    assert 'class="spaser-table"' in affiches[1]["text/html"]
    assert 'data-label="A"' in affiches[1]["text/html"]


def test_afficher_figure_avec_sa_description(affiches):
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    figure = Figure()
    figure.add_subplot().set_title("Dépense par année")
    affichage.afficher_figure(figure, "Dépense par année : 56,9 M€ en 2025.")
    assert affiches[0]["text/plain"] == "Dépense par année : 56,9 M€ en 2025."
    figure = Figure()
    figure.texte_alternatif = "Matrice de Kraljic de 3 familles."
    affichage.afficher_figure(figure)
    assert affiches[1]["text/plain"] == "Matrice de Kraljic de 3 familles."
