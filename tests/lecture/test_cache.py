"""Le cache des organisations déjà lues (`spaserlib.lecture.cache`), vu par `charger_organisation`.

Chaque test a son propre dossier de cache (variable SPASER_CACHE) : il ne touche jamais ~/.cache.
"""

import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

from spaserlib.lecture import cache, organisation
from spaserlib.lecture.organisation import charger_organisation
from tests import DONNEES, RACINE

TABLEURS = DONNEES / "tableurs"


@pytest.fixture
def dossier_cache(tmp_path, monkeypatch) -> Path:
    dossier = tmp_path / "cache"
    monkeypatch.setenv("SPASER_CACHE", str(dossier))
    return dossier


@pytest.fixture
def donnees(tmp_path) -> Path:
    """Une petite organisation : profil, dépenses (CSV avec problèmes), marchés (lots)."""
    dossier = tmp_path / "organisation"
    dossier.mkdir()
    (dossier / "profil.yaml").write_text("nom: Commune de Valbourg\npopulation: 12000\nannee: 2024\n",
                                         encoding="utf-8")
    shutil.copy(TABLEURS / "erreurs.csv", dossier / "depenses.csv")
    shutil.copy(TABLEURS / "marches_lots.csv", dossier / "contrats.csv")
    return dossier


def entrees(dossier: Path) -> list[Path]:
    return sorted(dossier.glob(f"*{cache.SUFFIXE}"))


def identiques(a, b) -> None:
    for attribut in ("nom", "type", "population", "annee", "siren", "dossier", "profil"):
        assert getattr(a, attribut) == getattr(b, attribut), attribut
    for table in ("achats", "marches", "concessions"):
        pd.testing.assert_frame_equal(getattr(a, table), getattr(b, table), check_exact=True)
        assert getattr(a, table).dtypes.to_dict() == getattr(b, table).dtypes.to_dict()
    assert a.problemes == b.problemes
    assert len(a.lectures) == len(b.lectures)
    for la, lb in zip(a.lectures, b.lectures):
        assert (la.fichier, la.genre, la.lignes_lues, la.lignes_ecartees, la.contrats_avant_regroupement) == \
               (lb.fichier, lb.genre, lb.lignes_lues, lb.lignes_ecartees, lb.contrats_avant_regroupement)
        pd.testing.assert_frame_equal(la.table, lb.table, check_exact=True)


def interdire_la_lecture(monkeypatch):
    def interdit(*args, **kwargs):
        raise AssertionError("un fichier a été relu alors que l'organisation est dans le cache")

    monkeypatch.setattr(organisation, "lire_fichier", interdit)


def test_deuxieme_ouverture_identique_et_sans_relecture(dossier_cache, donnees, monkeypatch):
    premiere = charger_organisation(donnees)
    assert len(entrees(dossier_cache)) == 1
    interdire_la_lecture(monkeypatch)
    seconde = charger_organisation(donnees)
    identiques(premiere, seconde)
    assert premiere.a_des_erreurs and len(premiere.problemes) > 0


def test_exemple_du_kit_identique(dossier_cache, monkeypatch):
    dossier = RACINE / "datasets" / "val-fleuri"
    premiere = charger_organisation(dossier)
    interdire_la_lecture(monkeypatch)
    identiques(premiere, charger_organisation(dossier))


def test_fichier_modifie_relu(dossier_cache, donnees):
    charger_organisation(donnees)
    with open(donnees / "contrats.csv", "a", encoding="utf-8") as f:
        f.write("M9;1;VILLE;Nouveau;2019-01-28;10.0;Y\n")
    assert "M9" in charger_organisation(donnees).marches["id"].tolist()
    assert len(entrees(dossier_cache)) == 2


def test_profil_modifie_relu(dossier_cache, donnees):
    charger_organisation(donnees)
    (donnees / "profil.yaml").write_text("nom: Commune de Valbourg\npopulation: 13000\n", encoding="utf-8")
    assert charger_organisation(donnees).population == 13000


def test_options_dans_la_cle(dossier_cache, tmp_path):
    fichier = tmp_path / "ttc.csv"
    shutil.copy(TABLEURS / "ttc_seul.csv", fichier)
    avec = charger_organisation(fichier, convertir_ttc=0.2)
    autre = charger_organisation(fichier, convertir_ttc=0.055)
    assert avec.achats["montant_ht"].sum() != autre.achats["montant_ht"].sum()


def test_nom_d_affichage_applique_a_l_organisation_en_cache(dossier_cache, donnees):
    charger_organisation(donnees)
    assert charger_organisation(donnees, collectivite="Valbourg").nom == "Valbourg"
    assert charger_organisation(donnees).nom == "Commune de Valbourg"


def test_rien_n_est_ecrit_dans_le_dossier_des_donnees(dossier_cache, donnees):
    avant = sorted(p.name for p in donnees.iterdir())
    charger_organisation(donnees)
    charger_organisation(donnees)
    assert sorted(p.name for p in donnees.iterdir()) == avant


def test_cache_dans_le_dossier_des_donnees_jamais_utilise(donnees, monkeypatch):
    monkeypatch.setenv("SPASER_CACHE", str(donnees / "cache"))
    charger_organisation(donnees)
    assert not (donnees / "cache").exists()


def test_cache_a_cote_d_un_fichier_seul_jamais_utilise(tmp_path, monkeypatch):
    fichier = tmp_path / "marches.csv"
    shutil.copy(TABLEURS / "marches_lots.csv", fichier)
    monkeypatch.setenv("SPASER_CACHE", str(tmp_path))
    charger_organisation(fichier)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["marches.csv"]


def test_cache_desactive(donnees, monkeypatch):
    monkeypatch.setenv("SPASER_CACHE", "0")
    assert cache.dossier_cache() is None
    lu = []
    vraie = organisation.lire_fichier
    monkeypatch.setattr(organisation, "lire_fichier", lambda *a, **k: lu.append(a) or vraie(*a, **k))
    charger_organisation(donnees)
    charger_organisation(donnees)
    assert len(lu) == 4  # deux fichiers, lus à chaque ouverture


def test_dossier_par_defaut(monkeypatch, tmp_path):
    monkeypatch.delenv("SPASER_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.dossier_cache() == tmp_path / "xdg" / "spaser"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache.dossier_cache() == Path.home() / ".cache" / "spaser"


def test_entree_abimee_refaite(dossier_cache, donnees):
    premiere = charger_organisation(donnees)
    (entree,) = entrees(dossier_cache)
    entree.write_bytes(b"pas un cache")
    identiques(premiere, charger_organisation(donnees))
    assert entree.read_bytes() != b"pas un cache"


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="droits POSIX")
def test_entree_modifiable_par_d_autres_jamais_relue(dossier_cache, donnees, monkeypatch):
    charger_organisation(donnees)
    (entree,) = entrees(dossier_cache)
    entree.chmod(0o666)
    lu = []
    vraie = organisation.lire_fichier
    monkeypatch.setattr(organisation, "lire_fichier", lambda *a, **k: lu.append(a) or vraie(*a, **k))
    charger_organisation(donnees)
    assert len(lu) == 2  # relue depuis les fichiers


def test_dossier_de_cache_inutilisable(donnees, monkeypatch, tmp_path):
    bloquant = tmp_path / "fichier"
    bloquant.write_text("x", encoding="utf-8")
    monkeypatch.setenv("SPASER_CACHE", str(bloquant / "cache"))  # sous un fichier : impossible à créer
    assert len(charger_organisation(donnees).marches) == 4


def test_dossier_de_cache_en_lecture_seule(dossier_cache, donnees, monkeypatch):
    if os.getuid() == 0:
        monkeypatch.setenv("SPASER_CACHE", "/sys/spaser-cache")  # root écrit partout, sauf dans /sys (EPERM)
        assert len(charger_organisation(donnees).marches) == 4
        return
    dossier_cache.mkdir(mode=0o500)
    try:
        assert len(charger_organisation(donnees).marches) == 4
    finally:
        dossier_cache.chmod(0o700)


def test_dossier_cree_en_0700(dossier_cache, donnees):
    charger_organisation(donnees)
    assert dossier_cache.stat().st_mode & 0o777 == 0o700
    assert all(e.stat().st_mode & 0o077 == 0 for e in entrees(dossier_cache))


def test_au_plus_entrees_max(dossier_cache, tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "ENTREES_MAX", 2)
    (tmp_path / "exports").mkdir()
    for i in range(4):
        fichier = tmp_path / "exports" / f"m{i}.csv"
        fichier.write_text(f"N° marché;Montant;Titulaire\nM{i};10;X\n", encoding="utf-8")
        charger_organisation(fichier)
    assert len(entrees(dossier_cache)) == 2


def test_meme_contenu_ailleurs_garde_son_chemin(dossier_cache, donnees, tmp_path):
    copie = tmp_path / "copie"
    shutil.copytree(donnees, copie)
    charger_organisation(donnees)
    deplacee = charger_organisation(copie)
    assert deplacee.dossier == copie
    assert all(Path(l.fichier).parent == copie for l in deplacee.lectures)


def test_cle_sha256_des_entrees(donnees):
    fichiers = [(donnees / "contrats.csv", None)]
    cle = cache.cle_organisation(donnees, fichiers, {"nom": "x"}, None)
    assert len(cle) == 64 and cle == cache.cle_organisation(donnees, fichiers, {"nom": "x"}, None)
    assert cle != cache.cle_organisation(donnees, fichiers, {"nom": "y"}, None)
    assert cache.empreinte_fichier(donnees / "contrats.csv") == __import__("hashlib").sha256(
        (donnees / "contrats.csv").read_bytes()).hexdigest()
