"""Le rapport d'une organisation : sommaire, pages, échappement, mise en place d'un bloc, commande."""

import json
from html.parser import HTMLParser

import pandas as pd
import pytest

from spaserlib.cli import main
from spaserlib.commun.erreurs import ErreurFichier
from spaserlib.documents.execution import ErreurExecution
from spaserlib.lecture.pseudonymisation import pseudonymiser
from spaserlib.documents.rapport import produire_rapport, remplacer_dossier
from tests import TESTS

ICI = TESTS
COMMUNE = ICI / "donnees" / "rapport" / "commune"
OBJECTIFS = ICI / "donnees" / "rapport" / "objectifs.yaml"
NB = ICI / "notebooks"
DANGEREUX = "<script>alert(1)</script>"
ECHAPPE = "&lt;script&gt;alert(1)&lt;/script&gt;"


@pytest.fixture(scope="module")
def rapport(tmp_path_factory, moteur):
    sortie = tmp_path_factory.mktemp("r") / "commune"
    return produire_rapport(COMMUNE, sortie, objectifs=OBJECTIFS, moteur=moteur,
                            notebooks=[NB / "01_reussit_figure.ipynb", NB / "05_nom_dangereux.ipynb"])


def test_dossier_du_rapport(rapport):
    noms = sorted(p.name for p in rapport.iterdir())
    assert noms == ["01_reussit_figure.html", "05_nom_dangereux.html", "index.html",
                    "projet-spaser.docx", "projet-spaser.html", "rapport.json"]


def test_index_chiffres_cles_et_liens(rapport):
    index = (rapport / "index.html").read_text(encoding="utf-8")
    assert "Commune de Test-sur-Mer" in index  # nom du profil
    assert 'href="01_reussit_figure.html"' in index and 'href="05_nom_dangereux.html"' in index
    assert 'href="projet-spaser.docx"' in index
    achats = pd.read_csv(COMMUNE / "achats.csv", parse_dates=["date"])
    total_2024 = achats.loc[achats["date"].dt.year == 2024, "montant_ht"].sum()
    from spaserlib.commun.format_fr import euros_courts
    assert euros_courts(total_2024) in index  # année de référence = dernière année des données
    # Une seule période : en 2024, un contrat notifié, aux considérations inconnues (jamais comptées « sans »)
    assert "contrats (marchés) notifiés en 2024" in index and "des contrats notifiés en 2024 dont on connaît" in index
    assert "0 sur 0" in index and "1 sur 2" not in index


def test_manifeste(rapport):
    manifeste = json.loads((rapport / "rapport.json").read_text(encoding="utf-8"))
    assert manifeste["annee"] == 2024 and manifeste["pseudonymise"] is False
    assert [p["notebook"] for p in manifeste["pages"]] == ["01_reussit_figure.ipynb", "05_nom_dangereux.ipynb"]


def test_nom_dangereux_echappe_dans_une_page_de_notebook(rapport):
    page = (rapport / "05_nom_dangereux.html").read_text(encoding="utf-8")
    assert DANGEREUX not in page
    assert page.count(ECHAPPE) >= 1  # la table pandas échappe (to_html escape=True par défaut)


def test_nom_dangereux_echappe_dans_l_index_et_le_projet(tmp_path, moteur):
    sortie = produire_rapport(COMMUNE, tmp_path / "r", collectivite=DANGEREUX, notebooks=[], moteur=moteur)
    for nom in ("index.html", "projet-spaser.html"):
        texte = (sortie / nom).read_text(encoding="utf-8")
        assert DANGEREUX not in texte, nom
        assert ECHAPPE in texte, nom


def test_echec_laisse_le_bon_rapport_intact(tmp_path, moteur):
    sortie = produire_rapport(COMMUNE, tmp_path / "r", notebooks=[NB / "01_reussit_figure.ipynb"], moteur=moteur)
    avant = {p.name: p.read_bytes() for p in sortie.iterdir()}
    with pytest.raises(ErreurExecution) as info:
        produire_rapport(COMMUNE, sortie, notebooks=[NB / "01_reussit_figure.ipynb", NB / "03_echoue.ipynb"], moteur=moteur)
    assert info.value.etape == "exécution de 03_echoue"
    assert {p.name: p.read_bytes() for p in sortie.iterdir()} == avant
    assert [p.name for p in tmp_path.iterdir()] == ["r"]  # aucun dossier temporaire laissé


def test_donnees_absentes_etape_lecture(tmp_path, moteur):
    with pytest.raises(ErreurFichier, match="introuvable") as info:
        produire_rapport(tmp_path / "absent", tmp_path / "r", notebooks=[], moteur=moteur)
    assert info.value.etape == "lecture des données"
    assert not (tmp_path / "r").exists()


def test_refuse_d_ecraser_un_dossier_qui_n_est_pas_un_rapport(tmp_path, moteur):
    (tmp_path / "r").mkdir()
    (tmp_path / "r" / "precieux.txt").write_text("à garder", encoding="utf-8")
    with pytest.raises(ErreurFichier, match="ne contient pas de rapport du kit : il ne sera pas remplacé"):
        produire_rapport(COMMUNE, tmp_path / "r", notebooks=[], moteur=moteur)
    assert (tmp_path / "r" / "precieux.txt").read_text(encoding="utf-8") == "à garder"


def test_pseudonymisation_dans_les_notebooks_avec_la_meme_cle(tmp_path, moteur):
    sortie = produire_rapport(COMMUNE, tmp_path / "r", pseudonymiser=True, cle_pseudonymisation="cle-test",
                              notebooks=[NB / "05_nom_dangereux.ipynb"], moteur=moteur)
    page = (sortie / "05_nom_dangereux.html").read_text(encoding="utf-8")
    attendus, _ = pseudonymiser(pd.read_csv(COMMUNE / "achats.csv"), None, cle="cle-test")
    assert "Papeterie Durand" not in page and ECHAPPE not in page
    for pseudonyme in attendus["fournisseur"].unique():
        assert pseudonyme in page
    assert "Rapport pseudonymisé" in (sortie / "index.html").read_text(encoding="utf-8")


def test_remplacer_dossier(tmp_path):
    ancien, nouveau = tmp_path / "final", tmp_path / "tmp"
    ancien.mkdir(), nouveau.mkdir()
    (ancien / "a").write_text("ancien"), (nouveau / "a").write_text("nouveau")
    remplacer_dossier(nouveau, ancien)
    assert (ancien / "a").read_text() == "nouveau" and not nouveau.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["final"]


def test_commande_rapport(tmp_path, capsys):
    code = main(["rapport", str(COMMUNE), "--sortie", str(tmp_path / "r"), "--notebooks", str(NB / "01_reussit_figure.ipynb"),
                 "--objectifs", str(OBJECTIFS), "--annee", "2023"])
    sortie = capsys.readouterr().out
    assert code == 0
    assert f"Rapport écrit dans {tmp_path / 'r'}" in sortie and "index.html" in sortie
    assert json.loads((tmp_path / "r" / "rapport.json").read_text(encoding="utf-8"))["annee"] == 2023


def test_commande_rapport_en_echec(tmp_path, capsys):
    code = main(["rapport", str(tmp_path / "absent"), "--sortie", str(tmp_path / "r"), "--notebooks"] + [str(NB / "01_reussit_figure.ipynb")])
    erreur = capsys.readouterr().err
    assert code == 1
    assert "Erreur (étape « lecture des données ») :" in erreur and "Aucun rapport existant n'a été modifié." in erreur


COURS_CARTOGRAPHIE = ICI.parent / "notebooks" / "02.03-Cartographie-Pareto-Kraljic.ipynb"


@pytest.fixture(scope="module")
def rapport_du_cours(tmp_path_factory, moteur):
    """Le rapport de la commune exemple avec les notebooks de rapport du cours (rendu une fois pour le module)."""
    sortie = tmp_path_factory.mktemp("cours") / "commune"
    return produire_rapport(COMMUNE, sortie, objectifs=OBJECTIFS, moteur=moteur)


def test_nom_dangereux_echappe_dans_un_notebook_du_cours(rapport_du_cours):
    # Le vrai notebook de cartographie affiche les fournisseurs en tableaux et en phrases.
    page = (rapport_du_cours / COURS_CARTOGRAPHIE.with_suffix(".html").name).read_text(encoding="utf-8")
    assert DANGEREUX not in page
    assert ECHAPPE in page


# --- le rapport n'est pas la leçon ; des pages accessibles et à la française -----------------------

class TexteVisible(HTMLParser):
    """Le texte qu'un lecteur voit dans une page (sans styles ni scripts), et les images avec leur alt."""

    def __init__(self):
        super().__init__()
        self.morceaux, self.images, self.langue, self._cache = [], [], None, 0

    def handle_starttag(self, balise, attributs):
        if balise in ("style", "script"):
            self._cache += 1
        elif balise == "html":
            self.langue = dict(attributs).get("lang")
        elif balise == "img":
            self.images.append(dict(attributs).get("alt"))

    def handle_endtag(self, balise):
        if balise in ("style", "script"):
            self._cache -= 1

    def handle_data(self, donnees):
        if not self._cache:
            self.morceaux.append(donnees)

    @property
    def texte(self) -> str:
        return " ".join(" ".join(self.morceaux).split())


def lire_page(chemin) -> TexteVisible:
    page = TexteVisible()
    page.feed(chemin.read_text(encoding="utf-8"))
    return page


def pages(dossier):
    return sorted(dossier.glob("*.html"))


# Ce qu'une page lue par un acheteur ou une assemblée ne montre jamais : consignes et démonstrations du
# cours, paramètres des notebooks, noms de colonnes, de fonctions et de clés de saisie.
INTERDITS = [
    "Maj + Entrée", "Mode d'emploi", "Objectifs pédagogiques", "vous saurez", "À retenir", "remplacez la valeur",
    "Exemple de formation", "Reclassée à la main", "notebook", "cellule",
    "donnees", "collectivite", "interactif", "pseudonymiser", "contexte.", "problemes()", "None", "True", "False",
    "score_", "part_depense", "classe_pareto", "nb_fournisseurs", "part_premier_fournisseur", "montant_net",
    "montant_ht", "part_considerations", "part_nombre", "part_valeur", "contrats_avec", "surcharge",
    "spaser_adopte", "spaser_publie_en_ligne", "agec_", "egalim_", "Traceback", "table marches", "table achats",
    "modèle Objectif", "(s) se partagent",
]


def test_aucune_page_du_rapport_ne_montre_la_lecon_ni_un_nom_interne(rapport_du_cours):
    fautes = []
    for chemin in pages(rapport_du_cours):
        texte = lire_page(chemin).texte
        for interdit in INTERDITS:
            if interdit in texte:
                i = texte.index(interdit)
                fautes.append(f"{chemin.name} : « {interdit} » dans « …{texte[max(0, i - 60):i + 40]}… »")
    assert fautes == []


def test_le_notebook_de_l_apprenant_garde_la_lecon():
    import nbformat

    source = nbformat.read(COURS_CARTOGRAPHIE, as_version=4).cells
    assert any("Exemple de formation" in c.source for c in source)  # la démonstration du reclassement
    assert any("parameters" in c.metadata.get("tags", []) for c in source)


def test_toutes_les_pages_sont_en_francais(rapport_du_cours):
    assert {c.name: lire_page(c).langue for c in pages(rapport_du_cours)} == {c.name: "fr" for c in pages(rapport_du_cours)}


def test_chaque_figure_dit_ce_qu_elle_montre_et_son_chiffre_cle(rapport_du_cours):
    alternatifs = {c.name: lire_page(c).images for c in pages(rapport_du_cours)}
    assert len(alternatifs["02.03-Cartographie-Pareto-Kraljic.html"]) == 3  # Pareto fournisseurs, familles, Kraljic
    for nom, textes in alternatifs.items():
        for texte in textes:
            assert texte and texte not in ("Figure", "Figure sans description"), nom
            assert any(ch.isdigit() for ch in texte), f"{nom} : « {texte} » sans chiffre clé"
    cartographie = alternatifs["02.03-Cartographie-Pareto-Kraljic.html"]
    assert cartographie[0].startswith("Diagramme de Pareto des fournisseurs : ") and "concentrent" in cartographie[0]
    assert cartographie[2].startswith("Matrice de Kraljic de 4 familles d'achats")


def test_dates_et_nombres_a_la_francaise(rapport_du_cours):
    import re

    for chemin in pages(rapport_du_cours):
        texte = lire_page(chemin).texte
        assert not re.findall(r"\b\d{4}-\d{2}-\d{2}\b", texte), f"{chemin.name} : date ISO"
        decimaux = [n for n in re.findall(r"(?<![\w.])\d+\.\d+(?![\w.])", texte)
                    if not re.fullmatch(r"\d\d\.\d\d", n) and n != "2.0"]  # numéros des parties, DECP 2.0
        assert decimaux == [], f"{chemin.name} : point décimal {decimaux}"
        longs = [n for n in re.findall(r"(?<![\w,.\-/])\d{4,}(?![\w,\-/])", texte) if not 1900 <= int(n) <= 2100]
        assert longs == [], f"{chemin.name} : nombre sans séparateur de milliers {longs}"
    obligations = lire_page(rapport_du_cours / "02.01-Cadre-juridique.html").texte
    assert "01/01/2023" in obligations and "21/08/2026" in obligations  # dates d'application des règles


def test_la_situation_au_regard_du_spaser_dite_avec_les_memes_mots(rapport_du_cours):
    from spaserlib.documents.diagnostic import SITUATIONS_SPASER

    index = lire_page(rapport_du_cours / "index.html").texte
    profil = lire_page(rapport_du_cours / "01.01-Profil-achats.html").texte
    # la commune exemple est sous le seuil : « Non » dans le sommaire, « non applicable » dans la table
    phrase = f"non applicable : {SITUATIONS_SPASER['non applicable']}"
    assert "Non obligation d'adopter un SPASER" in index and phrase in index
    assert phrase in profil


def test_les_pages_ne_defilent_pas_de_cote_sur_un_telephone(rapport_du_cours, tmp_path):
    """À 390 px de large (un téléphone), aucune page du rapport n'est plus large que l'écran."""
    import re
    import shutil
    import subprocess

    chrome = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if chrome is None:
        pytest.skip("Chromium n'est pas installé : la largeur des pages n'est pas mesurée.")
    noms = [c.name for c in pages(rapport_du_cours)]
    cadres = "".join(f'<iframe src="{(rapport_du_cours / n).as_uri()}" style="width:390px;height:800px;border:0"></iframe>'
                     for n in noms)
    mesure = (f"<!DOCTYPE html><html><head><title>?</title></head><body>{cadres}<script>"
              "window.addEventListener('load', function () { document.title = Array.from(document.querySelectorAll('iframe'))"
              ".map(function (f) { return f.contentDocument.documentElement.scrollWidth; }).join(' '); });"
              "</script></body></html>")
    enveloppe = tmp_path / "mesure.html"
    enveloppe.write_text(mesure, encoding="utf-8")
    sortie = subprocess.run(
        [chrome, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--hide-scrollbars", "--allow-file-access-from-files",
         f"--user-data-dir={tmp_path / 'profil'}", "--window-size=1400,1000", "--virtual-time-budget=10000",
         "--dump-dom", enveloppe.as_uri()],
        capture_output=True, text=True, timeout=180,
    ).stdout
    largeurs = re.search(r"<title>([\d ]+)</title>", sortie)
    assert largeurs, "mesure impossible dans Chromium"
    assert dict(zip(noms, map(int, largeurs.group(1).split()))) == {n: 390 for n in noms}


def test_les_chiffres_cles_sont_les_memes_dans_toutes_les_sorties(rapport_du_cours):
    """Une histoire : dépense de l'année, fournisseurs, phrase de Pareto, montants des quadrants et parts des
    contrats avec une considération, pour l'année de référence, dans le sommaire, les pages, le projet HTML et DOCX."""
    from docx import Document

    from spaserlib.analyse.kraljic import noter_familles
    from spaserlib.analyse.pareto import classer_pareto, phrase_pareto
    from spaserlib.analyse.profil import chiffres_cles
    from spaserlib.commun.format_fr import euros_courts, nombre, pourcentage
    from spaserlib.lecture.organisation import charger_organisation

    organisation = charger_organisation(COMMUNE)
    chiffres = chiffres_cles(organisation)
    annee = chiffres["annee"]
    achats = organisation.achats[organisation.achats["date"].dt.year == annee]
    texte = {p.name: lire_page(p).texte for p in pages(rapport_du_cours)}
    docx = " ".join(p.text for p in Document(str(rapport_du_cours / "projet-spaser.docx")).paragraphs)
    docx += " ".join(c.text for t in Document(str(rapport_du_cours / "projet-spaser.docx")).tables for r in t.rows for c in r.cells)
    docx = " ".join(docx.split())

    def mots(valeur: str) -> str:  # les espaces insécables comptent comme des espaces, comme dans le texte lu
        return " ".join(valeur.split())

    sommaire, profil, carto, projet = (texte["index.html"], texte["01.01-Profil-achats.html"],
                                       texte["02.03-Cartographie-Pareto-Kraljic.html"], texte["projet-spaser.html"])
    depense = mots(euros_courts(chiffres["montant_annee"]))
    for nom, contenu in {"sommaire": sommaire, "profil": profil, "projet": projet, "docx": docx}.items():
        assert depense in contenu, f"dépense {annee} ({depense}) absente du {nom}"
    assert mots(f"{nombre(chiffres['fournisseurs'])} fournisseurs distincts en {annee}") in sommaire
    phrase = mots(phrase_pareto(classer_pareto(achats, "fournisseur")))
    assert phrase in projet and phrase in docx
    assert phrase.split(" : ", 1)[-1][:40] in carto
    kraljic = noter_familles(achats)
    for quadrant, montant in kraljic.groupby("quadrant")["montant_net"].sum().items():
        assert mots(euros_courts(montant)) in projet and mots(euros_courts(montant)) in docx, quadrant
    for cle in ("sociale", "environnementale"):
        if chiffres[f"part_{cle}"] is not None:
            part = mots(pourcentage(chiffres[f"part_{cle}"]))
            assert part in sommaire and part in projet
