"""Les organisations exemples : régénération identique, volumes, cohérence.

Les fichiers CSV, JSON et YAML sont comparés octet pour octet. Les XLSX sont des archives zip
dont la compression dépend de la version de zlib : on compare la liste des entrées et leur
contenu décompressé (dates de l'archive et de docProps/core.xml fixées par le générateur).
"""

import functools
import importlib.util
import io
import json
import zipfile
from pathlib import Path

import pandas as pd
import pytest
import yaml

from spaserlib.commun.identifiants import cpv_connu, siren_valide, siret_valide
from spaserlib.commun.nomenclature import famille_du_cpv
from spaserlib.commun.tables import (
    CONSIDERATION_ENVIRONNEMENTALE_ABSENTE,
    CONSIDERATION_SOCIALE_ABSENTE,
    CONSIDERATIONS_ENVIRONNEMENTALES_POSITIVES,
    CONSIDERATIONS_SOCIALES_POSITIVES,
)
from tests import RACINE

DATASETS = RACINE / "datasets"
ORGANISATIONS = ["val-fleuri", "trois-rivieres", "haute-vallee"]
ANNEES = [2023, 2024, 2025]


def _module_generateur():
    spec = importlib.util.spec_from_file_location("generer_datasets", DATASETS / "generer.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _contenu_xlsx(chemin: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(chemin) as z:
        return {nom: z.read(nom) for nom in z.namelist()}


@pytest.fixture(scope="module")
def regeneration(tmp_path_factory):
    sortie = tmp_path_factory.mktemp("datasets")
    volumes = _module_generateur().generer(sortie)
    return sortie, volumes


@pytest.fixture(scope="module")
def regenere(regeneration):
    return regeneration[0]


@pytest.mark.parametrize("slug", ORGANISATIONS)
def test_readme_donne_les_volumes_generes(regeneration, slug):
    volumes = regeneration[1][slug]
    ligne = next(l for l in (DATASETS / "README.md").read_text(encoding="utf-8").splitlines() if f"`{slug}/`" in l)
    assert f"| {volumes['lignes']:,} | {volumes['marches']:,}".replace(",", " ") in ligne


@pytest.mark.parametrize("slug", ORGANISATIONS)
def test_regeneration_identique(regenere, slug):
    commites = sorted(p.name for p in (DATASETS / slug).iterdir())
    assert commites == sorted(p.name for p in (regenere / slug).iterdir())
    for nom in commites:
        avant, apres = DATASETS / slug / nom, regenere / slug / nom
        if nom.endswith(".xlsx"):
            assert _contenu_xlsx(avant) == _contenu_xlsx(apres), nom
        else:
            assert avant.read_bytes() == apres.read_bytes(), nom


def _profil(slug):
    return yaml.safe_load((DATASETS / slug / "profil.yaml").read_text(encoding="utf-8"))


def _montant_fr(texte: str) -> float:
    return float(texte.replace("\u00a0€", "").replace("\u00a0", "").replace(",", "."))


def _achats(slug) -> pd.DataFrame:
    return _achats_lus(slug).copy()


@functools.cache
def _achats_lus(slug) -> pd.DataFrame:
    """Lecture minimale, propre à chaque format, sans les lecteurs du kit."""
    morceaux = []
    for nom in _profil(slug)["fichiers"]["achats"]:
        chemin = DATASETS / slug / nom
        if nom.startswith("export_mandats"):
            t = pd.read_csv(chemin, sep=";", encoding="cp1252", skiprows=4, dtype=str, keep_default_na=False)
            t = pd.DataFrame({
                "date": pd.to_datetime(t["Date mandat"], format="%d/%m/%Y"),
                "fournisseur": t["Raison sociale"],
                "siret": t["N° SIRET"].str.zfill(14),
                "cpv": t["Code CPV"].str.split("-").str[0].str.zfill(8),
                "montant_ht": t["Montant HT"].map(_montant_fr),
                "marche_id": t["N° marché"],
            })
        elif chemin.read_bytes().startswith(b"\xef\xbb\xbf"):  # export « CSV UTF-8 » d'un tableur
            t = pd.read_csv(chemin, sep=";", encoding="utf-8-sig", dtype=str, keep_default_na=False)
            t = pd.DataFrame({
                "date": pd.to_datetime(t["Date"], format="%d/%m/%Y"),
                "fournisseur": t["Fournisseur"],
                "siret": t["SIRET"],
                "cpv": t["Code CPV"],
                "montant_ht": t["Montant HT"].str.replace(",", ".").astype(float),
                "marche_id": t["N° marché"],
            })
        else:
            t = pd.read_csv(chemin, dtype=str, keep_default_na=False)
            t["date"] = pd.to_datetime(t["date"])
            t["montant_ht"] = t["montant_ht"].astype(float)
        morceaux.append(t)
    achats = pd.concat(morceaux, ignore_index=True)
    achats["marche_id"] = achats["marche_id"].fillna("")
    return achats


def _marches(slug) -> pd.DataFrame:
    nom = _profil(slug)["fichiers"]["marches"][0]
    if nom.endswith(".json"):
        document = json.loads((DATASETS / slug / nom).read_text(encoding="utf-8"))
        lignes = []
        for m in document["marches"]["marche"]:
            soc = m.get("considerationsSociales", {}).get("considerationSociale")
            env = m.get("considerationsEnvironnementales", {}).get("considerationEnvironnementale")
            lignes.append({
                "id": m["id"], "date_notification": m["dateNotification"], "cpv": m["codeCPV"],
                "titulaires_ids": " ; ".join(t["titulaire"]["id"] for t in m["titulaires"]),
                "considerations_sociales": ", ".join(soc) if soc else "",
                "considerations_environnementales": ", ".join(env) if env else "",
            })
        return pd.DataFrame(lignes)
    if nom.endswith(".xlsx"):
        t = pd.read_excel(DATASETS / slug / nom, dtype=str, keep_default_na=False)
        return pd.DataFrame({
            "id": t["N° marché"], "date_notification": t["Date de notification"], "cpv": t["Code CPV"],
            "titulaires_ids": t["SIRET du titulaire"], "considerations_sociales": t["Considérations sociales"],
            "considerations_environnementales": t["Considérations environnementales"],
        })
    return pd.read_csv(DATASETS / slug / nom, dtype=str, keep_default_na=False)


@pytest.mark.parametrize("slug", ORGANISATIONS)
def test_profil(slug):
    profil = _profil(slug)
    assert profil["annee"] == 2025
    assert profil["fictif"] is True
    assert siren_valide(profil["siren"]) and siret_valide(profil["siret"])
    assert profil["siret"].startswith(profil["siren"])
    for fichiers in profil["fichiers"].values():
        for nom in fichiers:
            assert (DATASETS / slug / nom).is_file(), nom


@pytest.mark.parametrize(
    "slug, minimum, maximum",
    [("val-fleuri", 10e6, 50e6), ("trois-rivieres", 50e6, 60e6), ("haute-vallee", 250e6, 350e6)],
)
def test_depenses_annuelles_par_rapport_au_seuil_spaser(slug, minimum, maximum):
    achats = _achats(slug)
    par_an = achats.groupby(achats["date"].dt.year)["montant_ht"].sum()
    assert list(par_an.index) == ANNEES
    assert ((par_an > minimum) & (par_an < maximum)).all(), par_an.to_dict()


@pytest.mark.parametrize("slug, lignes_max", [("val-fleuri", 5000), ("trois-rivieres", 10000), ("haute-vallee", 7000)])
def test_volumes_de_lignes(slug, lignes_max):
    achats = _achats(slug)
    par_an = achats.groupby(achats["date"].dt.year).size()
    assert (par_an > 0.6 * lignes_max).all() and (par_an <= lignes_max).all(), par_an.to_dict()


@pytest.mark.parametrize("slug", ORGANISATIONS)
def test_identifiants_et_cpv_valides(slug):
    achats = _achats(slug)
    assert achats["siret"].map(siret_valide).all()
    assert achats["cpv"].map(cpv_connu).all()
    assert achats["cpv"].map(famille_du_cpv).notna().all()


@pytest.mark.parametrize("slug", ORGANISATIONS)
def test_avoirs_et_queue_lourde(slug):
    achats = _achats(slug)
    assert 0.005 < (achats["montant_ht"] < 0).mean() < 0.05
    par_fournisseur = achats.groupby("fournisseur")["montant_ht"].sum().sort_values(ascending=False)
    cinquieme = max(1, len(par_fournisseur) // 5)
    # 20 % des fournisseurs font plus de 75 % de la dépense ; la moitié la plus petite, moins de 5 %.
    assert par_fournisseur.iloc[:cinquieme].sum() > 0.75 * par_fournisseur.sum()
    assert par_fournisseur.iloc[len(par_fournisseur) // 2:].sum() < 0.05 * par_fournisseur.sum()


@pytest.mark.parametrize("slug", ORGANISATIONS)
def test_considerations_en_progression(slug):
    marches = _marches(slug)
    annee = marches["date_notification"].str[:4].astype(int)
    assert sorted(annee.unique()) == ANNEES
    valeurs_env = set(CONSIDERATIONS_ENVIRONNEMENTALES_POSITIVES) | {CONSIDERATION_ENVIRONNEMENTALE_ABSENTE}
    valeurs_soc = set(CONSIDERATIONS_SOCIALES_POSITIVES) | {CONSIDERATION_SOCIALE_ABSENTE}
    for colonne, valeurs, absente in (
        ("considerations_environnementales", valeurs_env, CONSIDERATION_ENVIRONNEMENTALE_ABSENTE),
        ("considerations_sociales", valeurs_soc, CONSIDERATION_SOCIALE_ABSENTE),
    ):
        serie = marches[colonne]
        connues = serie[serie != ""]
        assert {v for texte in connues for v in texte.split(", ")} <= valeurs
        assert 0 < (serie == "").mean() < 0.1  # une petite part inconnue
        parts = ((serie != "") & (serie != absente)).groupby(annee).mean()
        assert parts[2023] < parts[2024] < parts[2025], parts.to_dict()


@pytest.mark.parametrize("slug", ORGANISATIONS)
def test_depenses_rattachees_aux_titulaires(slug):
    achats, marches = _achats(slug), _marches(slug)
    titulaires = dict(zip(marches["id"], marches["titulaires_ids"]))
    publies = achats[achats["marche_id"].isin(titulaires)]
    assert len(publies) > 0.3 * len(achats)
    assert all(siret in titulaires[m] for m, siret in zip(publies["marche_id"], publies["siret"]))
    # Les 10 plus gros fournisseurs travaillent sous marché ; la plupart ont un marché notifié
    # en 2023-2025 (les autres, un marché plus ancien encore en cours, hors du fichier).
    gros = achats.groupby("siret")["montant_ht"].sum().nlargest(10).index
    for siret in gros:
        lignes = achats[achats["siret"] == siret]
        assert lignes.loc[lignes["marche_id"] != "", "montant_ht"].sum() >= 0.95 * lignes["montant_ht"].sum()
    tous_titulaires = " ; ".join(marches["titulaires_ids"])
    assert sum(siret in tous_titulaires for siret in gros) >= 8


def test_decp_2024_structure_et_concession():
    document = json.loads((DATASETS / "trois-rivieres" / "marches_decp_2023-2025.json").read_text(encoding="utf-8"))
    assert set(document) == {"marches"}
    assert set(document["marches"]) == {"marche", "contrat-concession"}
    marches = document["marches"]["marche"]
    obligatoires = {"id", "acheteur", "nature", "objet", "codeCPV", "techniques", "modalitesExecution",
                    "marcheInnovant", "ccag", "offresRecues", "attributionAvance", "typeGroupementOperateurs",
                    "procedure", "lieuExecution", "dureeMois", "dateNotification", "datePublicationDonnees",
                    "montant", "typesPrix", "formePrix", "sousTraitanceDeclaree", "titulaires"}
    assert all(obligatoires <= set(m) for m in marches)
    assert all(len(m["id"]) <= 16 for m in marches)
    assert all(isinstance(m["titulaires"][0]["titulaire"], dict) for m in marches)
    assert sum("modifications" in m for m in marches) >= 5
    assert len({m["id"] for m in marches}) == len(marches)
    assert len(document["marches"]["contrat-concession"]) >= 1


def test_export_tableur_sale():
    brut = (DATASETS / "val-fleuri" / "export_mandats_2024.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        brut.decode("utf-8")
    texte = brut.decode("cp1252")
    lignes = texte.splitlines()
    assert lignes[0].startswith("COMMUNE DE VAL-FLEURI")
    assert lignes[4].startswith("Date mandat;Raison sociale;N° SIRET;Code CPV;Montant HT;Objet")
    assert "\u00a0€" in lignes[5] and lignes[5][2] == "/"


def test_xlsx_dates_fixes():
    with zipfile.ZipFile(DATASETS / "haute-vallee" / "marches.xlsx") as z:
        assert {info.date_time for info in z.infolist()} == {(2025, 1, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode("utf-8")
    assert "2025-01-01T00:00:00Z" in core
    assert pd.read_excel(io.BytesIO((DATASETS / "haute-vallee" / "marches.xlsx").read_bytes())).shape[0] > 0


# ---------------------------------------------------------------- avec les lecteurs du kit
@functools.cache
def _organisation(slug):
    from spaserlib.lecture.organisation import charger_organisation

    return charger_organisation(DATASETS / slug)


@pytest.mark.parametrize("slug", ORGANISATIONS)
def test_lecteurs_du_kit_chargent_chaque_organisation(slug):
    organisation = _organisation(slug)
    profil = _profil(slug)
    assert organisation.nom == profil["nom"]
    assert organisation.annee == 2025 and organisation.siren == profil["siren"]
    assert not organisation.a_des_erreurs, [str(p) for p in organisation.problemes[:5]]
    for lecture in organisation.lectures:
        assert lecture.lignes_ecartees == 0, lecture.fichier


@pytest.mark.parametrize("slug", ORGANISATIONS)
def test_lecteurs_du_kit_volumes(slug):
    organisation, attendu = _organisation(slug), _achats(slug)
    achats = organisation.achats
    assert len(achats) == len(attendu)
    par_an = achats.groupby(achats["date"].dt.year)["montant_ht"].sum()
    par_an_attendu = attendu.groupby(attendu["date"].dt.year)["montant_ht"].sum()
    assert (par_an - par_an_attendu).abs().max() < 0.01
    assert achats["famille"].notna().all() and achats["siret"].notna().all()
    assert (achats["montant_ht"] < 0).sum() == (attendu["montant_ht"] < 0).sum()
    marches = organisation.marches
    assert len(marches) == len(_marches(slug))
    assert marches["famille"].notna().all()
    # l'inconnu reste inconnu : jamais lu comme « non »
    inconnues = (_marches(slug)["considerations_environnementales"] == "").sum()
    assert marches["consideration_environnementale"].isna().sum() == inconnues


def test_lecteurs_du_kit_concessions_a_part():
    organisation = _organisation("trois-rivieres")
    assert len(organisation.concessions) == 2
    assert not organisation.marches["id"].isin(organisation.concessions["id"]).any()


@pytest.mark.parametrize(
    "slug",
    [
        "val-fleuri",
        "trois-rivieres",
        "haute-vallee",
    ],
)
def test_lecteurs_du_kit_gardent_les_siret_des_titulaires(slug):
    marches = _organisation(slug).marches
    assert marches["titulaires_ids"].notna().all()


@pytest.mark.parametrize(
    "slug",
    [
        "val-fleuri",
        "trois-rivieres",
        "haute-vallee",
    ],
)
def test_lecteurs_du_kit_sans_avertissement(slug):
    assert [str(p) for p in _organisation(slug).problemes] == []
