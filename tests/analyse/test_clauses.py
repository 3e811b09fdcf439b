"""Bibliothèque de clauses et critères types : validation à la lecture, filtres, lien avec Kraljic."""

import re

import pytest
import yaml

from spaserlib.analyse.clauses import DIMENSIONS, GENRES, clauses, familles_couvertes, lire_clauses
from spaserlib.analyse.strategies import ARTICLES, clauses_par_famille
from spaserlib.commun.erreurs import ErreurDonnees, ErreurFichier, ErreurParametre
from spaserlib.commun.nomenclature import familles
from spaserlib.commun.ressources import fichier_reference

FAMILLES_ATTENDUES = {"T-BAT", "T-ROUT", "S-NETT", "S-REST", "F-BURO", "F-PAPI", "F-INFO", "F-VEHI",
                      "F-ELEC", "S-ESPV", "S-DECH"}


def _copie(tmp_path, modifier):
    donnees = yaml.safe_load(fichier_reference("clauses.yaml").read_text(encoding="utf-8"))
    modifier(donnees["clauses"])
    chemin = tmp_path / "clauses.yaml"
    chemin.write_text(yaml.safe_dump(donnees, allow_unicode=True), encoding="utf-8")
    return chemin


def test_le_fichier_du_kit_est_valide_et_couvre_les_familles_attendues():
    table = lire_clauses()
    assert FAMILLES_ATTENDUES <= set(familles_couvertes())
    assert table["id"].is_unique
    for code in FAMILLES_ATTENDUES:
        dimensions = set(clauses(famille=code)["dimension"])
        assert dimensions == {"sociale", "environnementale"}, code


def test_chaque_code_de_famille_existe_dans_la_nomenclature():
    codes = set(familles()["code"])
    for liste in lire_clauses()["familles"]:
        assert liste and set(liste) <= codes


def test_chaque_entree_a_une_base_legale_et_une_source_citee():
    for ligne in lire_clauses().itertuples():
        assert re.search(r"\b(?:Art\.|art\.)", ligne.base_legale), ligne.id
        assert isinstance(ligne.verifie, bool)
        assert ligne.source.startswith("d'après "), ligne.id
        assert ligne.controle_execution.strip() and ligne.pieges.strip()
        if ligne.genre == "critère d'attribution":
            assert re.search(r"\d+ % de la note", ligne.ponderation), ligne.id


def test_les_articles_du_ccp_cites_sont_ceux_verifies_par_le_kit():
    """Toute entrée marquée « verifie » ne cite que des articles du CCP vérifiés dans strategies_kraljic.yaml
    (L2111-2, cité par domain-facts, et les plages R2111-12 à R2111-17 comprises)."""
    admis = {a for a, d in ARTICLES.items() if d["statut"] == "verifie"} | {"L2111-2", "R2111-17"}
    for ligne in lire_clauses().itertuples():
        if not ligne.verifie:
            continue
        partie_ccp = ligne.base_legale.split("CCP")[0]
        for article in re.findall(r"[LR]\d{4}-\d+(?:-\d+)?", partie_ccp):
            assert article in admis, (ligne.id, article)


def test_champ_manquant_nomme_l_entree_et_le_champ(tmp_path):
    chemin = _copie(tmp_path, lambda c: c[0].pop("base_legale"))
    with pytest.raises(ErreurDonnees) as exc:
        lire_clauses(chemin)
    message = str(exc.value)
    assert "BAT-SOC-INSERTION / base_legale" in message and "manque" in message


def test_code_de_famille_dimension_et_genre_inconnus_sont_tous_signales(tmp_path):
    def casser(c):
        c[1]["familles"] = ["T-BAT", "X-INCONNU"]
        c[2]["dimension"] = "économique"
        c[3]["genre"] = "clause"
    with pytest.raises(ErreurDonnees) as exc:
        lire_clauses(_copie(tmp_path, casser))
    message = str(exc.value)
    assert "3 erreur(s)" in message
    assert "X-INCONNU" in message and "code de famille inconnu" in message
    assert "économique" in message and "/ dimension" in message and "/ genre" in message


def test_identifiant_en_double_et_critere_sans_ponderation(tmp_path):
    def casser(c):
        c[2]["id"] = c[0]["id"]
        critere = next(e for e in c if e["genre"] == "critère d'attribution")
        critere.pop("ponderation")
    with pytest.raises(ErreurDonnees) as exc:
        lire_clauses(_copie(tmp_path, casser))
    assert "déjà employé" in str(exc.value) and "/ ponderation" in str(exc.value)


def test_fichier_illisible_ou_sans_liste(tmp_path):
    with pytest.raises(ErreurFichier):
        lire_clauses(tmp_path / "absent.yaml")
    vide = tmp_path / "vide.yaml"
    vide.write_text("clauses: []\n", encoding="utf-8")
    with pytest.raises(ErreurFichier, match="aucune liste"):
        lire_clauses(vide)


def test_filtres():
    tout = clauses()
    assert len(tout) == len(lire_clauses())
    nett = clauses(famille="S-NETT")
    assert set(nett["id"]) == {"NETT-SOC-RESERVE", "NETT-ENV-ECOLABEL"}
    assert set(clauses(famille="S-NETT", dimension="sociale")["id"]) == {"NETT-SOC-RESERVE"}
    criteres = clauses(genre="critère d'attribution")
    assert len(criteres) >= 4 and set(criteres["genre"]) == {"critère d'attribution"}
    # entrée partagée par deux familles : trouvée par chacune
    assert "BAT-SOC-INSERTION" in set(clauses(famille="T-ROUT")["id"])
    # famille connue sans entrée : table vide, pas d'erreur
    assert clauses(famille="F-GAZ").empty
    assert clauses(famille="S-NETT", genre="critère d'attribution").empty


def test_filtres_refusent_les_valeurs_inconnues():
    with pytest.raises(ErreurParametre, match="Code de famille inconnu"):
        clauses(famille="X-RIEN")
    with pytest.raises(ErreurParametre, match="Dimension inconnue"):
        clauses(dimension="économique")
    with pytest.raises(ErreurParametre, match="Genre inconnu"):
        clauses(genre="clause")
    assert set(DIMENSIONS) == set(lire_clauses()["dimension"])
    assert set(lire_clauses()["genre"]) <= set(GENRES)


def test_lien_kraljic_chaque_identifiant_cite_existe():
    ids = set(lire_clauses()["id"])
    for code in familles()["code"]:
        for ligne in clauses_par_famille(code):
            assert ligne.split(" — ")[0] in ids, (code, ligne)
    assert [l.split(" — ")[0] for l in clauses_par_famille("S-DECH")] == ["DECH-ENV-VALORISATION", "DECH-SOC-INSERTION"]
    assert clauses_par_famille("F-GAZ") == []


def test_la_vue_famille_de_kraljic_montre_les_clauses(capsys, monkeypatch):
    import pandas as pd

    from spaserlib.cours import vues

    vus = []
    monkeypatch.setattr(vues, "afficher_liste", lambda elements, titre=None: vus.append((titre, list(elements))))
    table = pd.DataFrame([{"famille": "S-NETT", "libelle": "Nettoyage", "quadrant": "leviers",
                           "score_impact": 2.0, "score_risque": 2.0}])
    vues.vue_famille_kraljic("S-NETT", table_kraljic=table)
    titres = dict(vus)
    assert any(l.startswith("NETT-SOC-RESERVE") for l in titres["Clauses et critères types (bibliothèque du kit)"])


def test_choix_familles_pour_la_liste_deroulante():
    from spaserlib.analyse.clauses import choix_familles

    choix = choix_familles()
    assert set(choix.values()) == set(familles_couvertes())
    assert choix["S-NETT — Nettoyage des locaux et blanchisserie"] == "S-NETT"
