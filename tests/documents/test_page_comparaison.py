"""La page « comparaison avec les pairs » du rapport (`spaser rapport … --pairs FICHIER`).

Les valeurs attendues sur le flux AIFE 2019 réel sont recalculées à la main sur le JSON brut par les
fonctions du test de l'analyse (`tests/analyse/test_comparaison.py`, module `json` et `statistics`) ;
la page doit montrer ces nombres, arrondis comme partout dans le kit (`pourcentage(x, 1)`).
"""

import json
import shutil
import statistics
from html.parser import HTMLParser

import pandas as pd
import pytest

from spaserlib.cli import main
from spaserlib.commun.erreurs import ErreurParametre
from spaserlib.commun.format_fr import nombre, pourcentage
from spaserlib.documents.page_comparaison import NOM_CSV, NOM_PAGE, SIRET_INCONNU, TITRE, siret_de_l_organisation
from spaserlib.documents.rapport import produire_rapport
from tests import DONNEES
from tests.analyse.test_comparaison import AIFE, SOTTEVILLE, attendus_aife, indicateurs_attendus, rang_centile

COMMUNE = DONNEES / "rapport" / "commune"


class LecteurPage(HTMLParser):
    """Les lignes du tableau des indicateurs (par intitulé de colonne), les images et le texte de la page."""

    def __init__(self):
        super().__init__()
        self.lignes, self.images, self.textes, self.liens = [], [], [], []
        self._cellule = None

    def handle_starttag(self, balise, attributs):
        attributs = dict(attributs)
        if balise == "tr":
            self.lignes.append({})
        elif balise == "td":
            self._cellule = attributs.get("data-label")
            self.lignes[-1][self._cellule] = ""
        elif balise == "img":
            self.images.append(attributs)
        elif balise == "a":
            self.liens.append(attributs.get("href"))

    def handle_endtag(self, balise):
        if balise == "td":
            self._cellule = None

    def handle_data(self, texte):
        self.textes.append(texte)
        if self._cellule is not None:
            self.lignes[-1][self._cellule] += texte


def lire_page(chemin) -> LecteurPage:
    lecteur = LecteurPage()
    lecteur.feed(chemin.read_text(encoding="utf-8"))
    lecteur.lignes = [l for l in lecteur.lignes if l]
    lecteur.texte = " ".join(" ".join(lecteur.textes).split())
    return lecteur


@pytest.fixture(scope="module")
def rapport_avec_pairs(tmp_path_factory, moteur):
    return produire_rapport(COMMUNE, tmp_path_factory.mktemp("pairs") / "r", notebooks=[], moteur=moteur,
                            pairs=AIFE, acheteur=SOTTEVILLE, periode_pairs="toutes")


def test_page_ecrite_et_reliee_au_sommaire(rapport_avec_pairs):
    assert {NOM_PAGE, NOM_CSV, "index.html", "projet-spaser.docx"} <= {p.name for p in rapport_avec_pairs.iterdir()}
    index = (rapport_avec_pairs / "index.html").read_text(encoding="utf-8")
    assert f'<a href="{NOM_PAGE}">{TITRE}</a>' in index
    manifeste = json.loads((rapport_avec_pairs / "rapport.json").read_text(encoding="utf-8"))
    assert manifeste["comparaison_pairs"] == {"fichier": str(AIFE.resolve()), "erreur": None}
    assert manifeste["pages"][-1] == {"titre": TITRE, "lien": NOM_PAGE, "notebook": None}


def test_la_page_montre_les_valeurs_calculees_a_la_main(rapport_avec_pairs):
    page = lire_page(rapport_avec_pairs / NOM_PAGE)
    attendus = {a: indicateurs_attendus(c) for a, c in attendus_aife().items()}
    pairs = [a for a, v in attendus.items() if a.startswith("21") and a != SOTTEVILLE and v["montant_total"] < 1_000_000]
    assert len(pairs) >= 10
    lignes = {(l["Indicateur"], l["Mesure"]): l for l in page.lignes}
    for (indicateur, mesure), cle in [
        (("Marchés passés sans publicité ni mise en concurrence", "en nombre de marchés"), "sans_concurrence_nombre"),
        (("Marchés passés sans publicité ni mise en concurrence", "en montant"), "sans_concurrence_valeur"),
        (("Complétude de la publication (champs renseignés)", "en nombre de marchés"), "completude_nombre")]:
        valeurs = [attendus[p][cle] for p in pairs]
        q1, mediane, q3 = statistics.quantiles(valeurs, n=4, method="inclusive")
        ligne = lignes[(indicateur, mesure)]
        assert ligne["Valeur de l'organisation"] == pourcentage(attendus[SOTTEVILLE][cle], 1)
        assert ligne["Médiane des pairs"] == pourcentage(mediane, 1)
        assert ligne["1er et 3e quartiles des pairs"] == f"{pourcentage(q1, 1)} et {pourcentage(q3, 1)}"
        assert ligne["Centile de l'organisation"] == nombre(rang_centile(attendus[SOTTEVILLE][cle], valeurs))
        assert ligne["Nombre de pairs"] == str(len(pairs))
        assert ligne["Référence nationale"] == "—"  # l'OECP ne publie rien sur ces deux indicateurs
    # la période, la définition des pairs, les indicateurs que le format 2019 n'a pas
    assert "toutes années confondues" in page.texte
    assert f"comparée à {len(pairs)} organisations acheteuses du même fichier : Commune, montant total des marchés " \
           "moins de 1 M€" in page.texte
    assert "Marchés avec une considération sociale : le fichier n'a pas de champ" in page.texte
    assert "titulaire_categorie" not in page.texte  # pas de nom de colonne pour l'élue ou l'élu qui lit
    (image,) = page.images
    assert image["src"].startswith("data:image/png;base64,")
    assert image["alt"].startswith(f"Comparaison de Mairie de Sotteville") and "toutes années confondues" in image["alt"]
    assert NOM_CSV in page.liens and "index.html" in page.liens


def test_le_csv_joint_est_pour_excel_en_francais(rapport_avec_pairs):
    brut = (rapport_avec_pairs / NOM_CSV).read_bytes()
    assert brut.startswith(b"\xef\xbb\xbf")
    table = pd.read_csv(rapport_avec_pairs / NOM_CSV, sep=";", decimal=",", encoding="utf-8-sig", dtype={"SIRET": str})
    assert set(table["SIRET"]) == {SOTTEVILLE} and set(table["Période"]) == {"toutes années confondues"}


def test_sans_pairs_pas_de_page(tmp_path, moteur):
    sortie = produire_rapport(COMMUNE, tmp_path / "r", notebooks=[], moteur=moteur)
    assert not (sortie / NOM_PAGE).exists() and not (sortie / NOM_CSV).exists()
    assert NOM_PAGE not in (sortie / "index.html").read_text(encoding="utf-8")
    assert json.loads((sortie / "rapport.json").read_text(encoding="utf-8"))["comparaison_pairs"] is None


def test_fichier_casse_la_page_dit_pourquoi_et_le_rapport_est_ecrit(tmp_path, moteur):
    casse = tmp_path / "national.json"
    casse.write_text(AIFE.read_text(encoding="utf-8")[:5000], encoding="utf-8")  # téléchargement interrompu
    sortie = produire_rapport(COMMUNE, tmp_path / "r", notebooks=[], moteur=moteur, pairs=casse, acheteur=SOTTEVILLE)
    assert {"index.html", "projet-spaser.docx", "projet-spaser.html", NOM_PAGE} <= {p.name for p in sortie.iterdir()}
    assert not (sortie / NOM_CSV).exists()
    page = lire_page(sortie / NOM_PAGE)
    assert "La comparaison avec les pairs n'a pas pu être faite." in page.texte
    assert "illisible comme fichier DECP" in page.texte and "Le reste du rapport n'est pas concerné." in page.texte
    assert "decp.info" in page.texte and page.images == [] and page.lignes == []
    erreur = json.loads((sortie / "rapport.json").read_text(encoding="utf-8"))["comparaison_pairs"]["erreur"]
    assert erreur.startswith(f"{casse} : illisible comme fichier DECP")
    assert f'href="{NOM_PAGE}"' in (sortie / "index.html").read_text(encoding="utf-8")


def test_siret_absent_du_fichier_la_page_le_dit(tmp_path, moteur):
    # sans --acheteur, le SIRET vient des marchés de l'organisation (21000000000001), absent du flux AIFE
    sortie = produire_rapport(COMMUNE, tmp_path / "r", notebooks=[], moteur=moteur, pairs=AIFE)
    page = lire_page(sortie / NOM_PAGE)
    assert "L'acheteur 21000000000001 n'a aucun marché dans" in page.texte


def test_siret_du_profil(tmp_path, moteur):
    organisation = tmp_path / "sotteville"
    shutil.copytree(COMMUNE, organisation)
    (organisation / "profil.yaml").write_text("nom: Commune de Sotteville-lès-Rouen\ntype: commune\n"
                                              f"siret: '{SOTTEVILLE}'\n", encoding="utf-8")
    sortie = produire_rapport(organisation, tmp_path / "r", notebooks=[], moteur=moteur, pairs=AIFE,
                              periode_pairs="toutes")
    page = lire_page(sortie / NOM_PAGE)
    assert f"(SIRET {SOTTEVILLE}) a notifié 10 marchés" in page.texte
    assert "Commune de Sotteville-lès-Rouen" in page.texte


def test_ordre_de_choix_du_siret():
    marches = pd.DataFrame({"acheteur_id": ["21000000000001", "21000000000002", "21000000000002", None]})
    assert siret_de_l_organisation({"siret": "217 606 813 00012"}, marches, "21999999900019") == "21999999900019"
    assert siret_de_l_organisation({"siret": "217 606 813 00012", "siren": "200099901"}, marches) == SOTTEVILLE
    assert siret_de_l_organisation({"siren": "200099901"}, marches) == "21000000000002"  # un SIREN seul ne suffit pas
    assert siret_de_l_organisation({"siren": SOTTEVILLE}, None) == SOTTEVILLE
    with pytest.raises(ErreurParametre) as erreur:
        siret_de_l_organisation({"siren": "200099901"}, pd.DataFrame({"acheteur_id": [None]}))
    assert str(erreur.value) == SIRET_INCONNU


def test_commande_rapport_avec_pairs(tmp_path, capsys):
    (tmp_path / "vide").mkdir()  # un dossier sans notebook de rapport : le sommaire et la page seuls
    code = main(["rapport", str(COMMUNE), "--sortie", str(tmp_path / "r"), "--notebooks", str(tmp_path / "vide"),
                 "--pairs", str(AIFE), "--acheteur", SOTTEVILLE, "--annee-pairs", "toutes"])
    sortie = capsys.readouterr()
    assert code == 0, sortie.err
    assert f"Comparaison avec les pairs : {tmp_path / 'r' / NOM_PAGE}" in sortie.out
    casse = tmp_path / "casse.csv"
    casse.write_text("ceci n'est pas un fichier DECP\n", encoding="utf-8")
    code = main(["rapport", str(COMMUNE), "--sortie", str(tmp_path / "r2"), "--notebooks", str(tmp_path / "vide"),
                 "--pairs", str(casse)])
    sortie = capsys.readouterr()
    assert code == 0 and (tmp_path / "r2" / "index.html").is_file()
    assert "Comparaison avec les pairs impossible" in sortie.err and "le reste du rapport est écrit" in sortie.err
