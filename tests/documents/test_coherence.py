"""Une histoire, des chiffres : les mêmes chiffres clés dans toutes les sorties (issue 14).

Pour les trois organisations exemples et pour un vrai fichier DECP (Ville de Croix, 2019-2021), on
produit toutes les sorties comme un utilisateur : le rapport (sommaire, pages des notebooks, projet de
SPASER en HTML et en DOCX, par `spaser classe`), la cartographie (`spaser analyser` : CSV et XLSX) et le
classeur de suivi (`spaser tableau-de-bord`). On relit ensuite chaque sortie comme un lecteur la lit
(texte des pages, paragraphes et tableaux du DOCX, cellules des CSV et des classeurs) et on vérifie que
la dépense de l'année de référence, les fournisseurs, la phrase de Pareto, les montants des quadrants,
les parts de contrats avec une considération et la situation au regard du SPASER y sont les mêmes.

Les valeurs attendues viennent des fonctions d'analyse (`chiffres_cles`, `classer_pareto`,
`noter_familles`) appliquées aux données de l'année ; les sorties, elles, passent par les notebooks, les
gabarits, l'écriture des tableurs : ce sont ces chemins que le test compare.
"""

from __future__ import annotations

import contextlib
import io

import openpyxl
import pandas as pd
import pytest
from docx import Document

from spaserlib.cli import main
from spaserlib.commun.format_fr import euros_courts, nombre, pourcentage
from tests import RACINE, TESTS
from tests.documents.test_rapport import lire_page

ORGANISATIONS = {
    "val-fleuri": RACINE / "datasets" / "val-fleuri",
    "trois-rivieres": RACINE / "datasets" / "trois-rivieres",
    "haute-vallee": RACINE / "datasets" / "haute-vallee",
    "croix": TESTS / "donnees" / "decp" / "reels" / "croix_extrait.json",  # DECP réelles, sans dépenses
}


def mots(texte: str) -> str:
    """Les espaces insécables comptent comme des espaces, comme dans le texte lu."""
    return " ".join(str(texte).split())


@pytest.fixture(scope="module")
def classe(tmp_path_factory):
    """Les rapports des quatre organisations, produits par `spaser classe` (une fois pour le module)."""
    dossier = tmp_path_factory.mktemp("coherence")
    participants = dossier / "participants.csv"
    participants.write_text("nom;donnees\n" + "".join(f"{nom};{chemin}\n" for nom, chemin in ORGANISATIONS.items()),
                            encoding="utf-8")
    sortie = dossier / "classe"
    sortie_texte = io.StringIO()
    with contextlib.redirect_stdout(sortie_texte), contextlib.redirect_stderr(io.StringIO()):
        code = main(["classe", str(participants), "--sortie", str(sortie), "--jobs", "2"])
    assert code == 0, sortie_texte.getvalue()
    return sortie


@pytest.fixture(scope="module")
def sorties(classe, tmp_path_factory):
    """Pour chaque organisation : ses chiffres attendus et le texte de chacune de ses sorties."""
    from spaserlib.analyse.kraljic import noter_familles
    from spaserlib.analyse.pareto import classer_pareto, phrase_pareto
    from spaserlib.analyse.profil import chiffres_cles, de_l_annee
    from spaserlib.lecture.organisation import charger_organisation

    resultat = {}
    for nom, chemin in ORGANISATIONS.items():
        organisation = charger_organisation(chemin)
        chiffres = chiffres_cles(organisation)
        annee = chiffres["annee"]
        achats = de_l_annee(organisation.achats, "date", annee) if organisation.achats is not None else None
        a_des_depenses = achats is not None and len(achats) > 0
        rapport = classe / nom
        textes = {p.name: lire_page(p).texte for p in sorted(rapport.glob("*.html"))}
        document = Document(str(rapport / "projet-spaser.docx"))
        docx = " ".join([p.text for p in document.paragraphs]
                        + [c.text for t in document.tables for r in t.rows for c in r.cells])
        carto = tmp_path_factory.mktemp(f"analyse-{nom}")
        tampon = io.StringIO()
        with contextlib.redirect_stdout(tampon):
            assert main(["analyser", str(chemin), "--sortie", str(carto)]) == 0
        suivi = tmp_path_factory.mktemp(f"suivi-{nom}") / "suivi.xlsx"
        with contextlib.redirect_stdout(io.StringIO()):
            assert main(["tableau-de-bord", str(chemin), "--sortie", str(suivi)]) == 0
        resultat[nom] = {
            "chiffres": chiffres, "annee": annee, "depenses": a_des_depenses,
            "phrase": mots(phrase_pareto(classer_pareto(achats, "fournisseur"))) if a_des_depenses else None,
            "quadrants": (noter_familles(achats).groupby("quadrant")["montant_net"].sum() if a_des_depenses else None),
            "sommaire": mots(textes["index.html"]), "profil": mots(textes["01.01-Profil-achats.html"]),
            "cartographie": mots(textes["02.03-Cartographie-Pareto-Kraljic.html"]),
            "projet": mots(textes["projet-spaser.html"]), "docx": mots(docx),
            "analyser": mots(tampon.getvalue()), "carto": carto, "suivi": suivi,
        }
    return resultat


AVEC_DEPENSES = ["val-fleuri", "trois-rivieres", "haute-vallee"]  # Croix : DECP seules, aucune dépense


@pytest.fixture(params=list(ORGANISATIONS))
def org(request, sorties):
    return sorties[request.param] | {"nom": request.param}


@pytest.fixture(params=AVEC_DEPENSES)
def org_avec_depenses(request, sorties):
    assert sorties[request.param]["depenses"], f"{request.param} : aucune dépense lue pour l'année de référence"
    return sorties[request.param] | {"nom": request.param}


def _feuille(chemin, nom_feuille) -> pd.DataFrame:
    """Une feuille du classeur de suivi : titre, phrase, ligne vide, puis la table."""
    classeur = openpyxl.load_workbook(chemin, read_only=True, data_only=True)
    lignes = list(classeur[nom_feuille].iter_rows(values_only=True))
    classeur.close()
    entete = lignes[3]
    corps = [l for l in lignes[4:] if any(v is not None for v in l)]
    return pd.DataFrame(corps, columns=entete)


def test_la_depense_de_l_annee_est_la_meme_partout(org_avec_depenses):
    org = org_avec_depenses
    chiffres, annee = org["chiffres"], org["annee"]
    depense = mots(euros_courts(chiffres["montant_annee"]))
    for sortie in ("sommaire", "profil", "projet", "docx"):
        assert depense in org[sortie], f"{org['nom']} : dépense {annee} ({depense}) absente de « {sortie} »"
    csv = pd.read_csv(org["carto"] / "pareto_fournisseurs.csv", sep=";", decimal=",", encoding="utf-8-sig")
    assert csv["montant_net"].sum() == pytest.approx(chiffres["montant_annee"], abs=0.01)
    par_annee = _feuille(org["suivi"], "Dépense par année").set_index("Année")
    assert float(par_annee.iloc[:, 0].loc[annee]) == pytest.approx(chiffres["montant_annee"], abs=0.5)


def test_les_fournisseurs_de_l_annee_sont_les_memes_partout(org_avec_depenses):
    org = org_avec_depenses
    chiffres, annee = org["chiffres"], org["annee"]
    assert mots(f"{nombre(chiffres['fournisseurs'])} fournisseurs distincts en {annee}") in org["sommaire"]
    csv = pd.read_csv(org["carto"] / "pareto_fournisseurs.csv", sep=";", decimal=",", encoding="utf-8-sig")
    assert len(csv) == chiffres["fournisseurs"]
    classeur = pd.read_excel(org["carto"] / "cartographie.xlsx", sheet_name="Pareto fournisseurs")
    assert len(classeur) == chiffres["fournisseurs"]


def test_la_phrase_de_pareto_est_la_meme_partout(org_avec_depenses):
    org = org_avec_depenses
    phrase = org["phrase"]
    assert f"en {org['annee']}" in phrase  # la période est écrite à côté du chiffre
    for sortie in ("projet", "docx", "cartographie", "analyser"):
        assert phrase in org[sortie], f"{org['nom']} : phrase de Pareto absente de « {sortie} » : {phrase}"


def test_les_montants_des_quadrants_sont_les_memes_partout(org_avec_depenses):
    org = org_avec_depenses
    kraljic = pd.read_csv(org["carto"] / "kraljic.csv", sep=";", decimal=",", encoding="utf-8-sig")
    par_quadrant = kraljic.groupby("quadrant")["montant_net"].sum()
    assert par_quadrant.to_dict() == pytest.approx(org["quadrants"].to_dict(), abs=0.05)
    assert org["quadrants"].sum() == pytest.approx(org["chiffres"]["montant_annee"], abs=0.05)
    for quadrant, montant in org["quadrants"].items():
        texte = mots(euros_courts(montant))
        assert texte in org["projet"] and texte in org["docx"], f"{org['nom']} : {quadrant} {texte}"


def test_les_parts_de_contrats_avec_une_consideration_sont_les_memes_partout(org):
    chiffres, annee = org["chiffres"], org["annee"]
    comparees = 0
    for cle, feuille in (("sociale", "Social par année"), ("environnementale", "Env. par année")):
        part = chiffres[f"part_{cle}"]
        if part is None:
            continue
        comparees += 1
        texte = mots(pourcentage(part))
        assert texte in org["sommaire"] and texte in org["projet"] and texte in org["docx"], f"{org['nom']} {cle}"
        table = _feuille(org["suivi"], feuille).set_index("Année")
        assert float(table.loc[annee, "Part en nombre"]) == pytest.approx(part)
        assert int(table.loc[annee, "Contrats avec"]) == chiffres[f"contrats_{cle}"]
        en_valeur = table.loc[annee, "Part en valeur"]  # la part en valeur du classeur, écrite dans le projet
        assert en_valeur is not None or org["nom"] == "croix", f"{org['nom']} : part en valeur absente du classeur"
        if en_valeur is not None:
            texte = mots(pourcentage(float(en_valeur)))
            assert texte in org["projet"] and texte in org["docx"], f"{org['nom']} {cle} en valeur {texte}"
    if org["nom"] != "croix":
        assert comparees == 2, "les organisations exemples renseignent les considérations de leurs contrats"


def test_les_contrats_de_l_annee_sont_les_memes_partout(org):
    chiffres, annee = org["chiffres"], org["annee"]
    phrase = mots(f"{nombre(chiffres['contrats_annee'])} contrats")
    montant = mots(euros_courts(chiffres["montant_contrats_annee"]))
    assert phrase in org["sommaire"] and montant in org["sommaire"], org["nom"]
    assert f"{annee}" in org["projet"] and f"{annee}" in org["docx"]


def test_la_situation_au_regard_du_spaser_est_la_meme_partout(org):
    """Le sommaire et la page du profil disent la même situation, celle des chiffres clés ; sans dépenses
    (DECP seules), aucune situation n'est affirmée et le chiffre de l'obligation reste « — »."""
    from spaserlib.documents.diagnostic import A_RISQUE, NON_APPLICABLE, NON_RESPECTEE, RESPECTEE, SITUATIONS_SPASER

    situations = [s for s in SITUATIONS_SPASER if f"{s} : {SITUATIONS_SPASER[s]}" in org["sommaire"]]
    obligation = org["chiffres"]["obligation_spaser"]
    if obligation is None:
        assert situations == [], f"{org['nom']} : situation affirmée sans dépenses : {situations}"
        assert "— obligation d'adopter un SPASER" in org["sommaire"]
        return
    assert len(situations) == 1, f"{org['nom']} : situation du sommaire introuvable ou ambiguë : {situations}"
    attendues = (RESPECTEE, A_RISQUE, NON_RESPECTEE) if obligation else (NON_APPLICABLE,)
    assert situations[0] in attendues, f"{org['nom']} : « {situations[0]} » pour obligation={obligation}"
    assert f"{situations[0]} : {SITUATIONS_SPASER[situations[0]]}" in org["profil"]
