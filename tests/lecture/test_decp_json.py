"""Lecture des DECP JSON (formats 2019 et 2024) : exemples officiels, fichiers réels, erreurs de fichier."""

import hashlib
import json
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import spaserlib.lecture.decp_json as decp
from spaserlib.commun.erreurs import ErreurFichier, ErreurSpaser
from spaserlib.commun.tables import COLONNES_MARCHES
from spaserlib.lecture.decp_json import lire_decp_json
from tests import TESTS

DONNEES = TESTS / "donnees" / "decp"

# Nombres attendus : (enregistrements, enregistrements sans id, enregistrements de marchés, marchés =
# contrats distincts, concessions = contrats distincts). Les paires (acheteur, id) viennent de
# tests/donnees/decp/compter_attendus.sh (jq, sans le kit) ; les contrats sans id, gardés, sont comptés
# sans le kit par `compter_avec_json` ci-dessous (AIFE : 2 concessions sans id identiques, comptées une
# fois ; Croix : 3 marchés sans id distincts). Le fichier complet de Croix (159 enregistrements, dont
# 33 sans id, tous distincts selon jq) en donne 111 + 33 = 144.
ATTENDUS = {
    "officiels_2019/mar-basique.json": (1, 0, 1, 1, 0),
    "officiels_2019/mar-basique-avec-uid.json": (1, 0, 1, 1, 0),
    "officiels_2019/mar-avec-modifications.json": (1, 0, 1, 1, 0),
    "officiels_2019/paquet.json": (2, 0, 1, 1, 1),  # un marché et une concession mêlés
    "officiels_2024/marches_avec_modifications.json": (2, 0, 2, 2, 0),
    "officiels_2024/marches_concessions.json": (4, 0, 2, 2, 2),
    "officiels_2024/concessions.json": (2, 0, 0, 0, 2),
    "officiels_2024/concessions_avec_modifications.json": (2, 0, 0, 0, 2),
    "reels/decp2024_megalis_59920013600241_2024-07-09.json": (5, 0, 5, 5, 0),
    "reels/decp2024_e-marchespublics_1marche_avec_modifications.json": (1, 0, 1, 1, 0),
    # Extraits : 3 paires répétées (lots, republications) gardées en entier, d'où moins de contrats
    # que d'enregistrements.
    "reels/aife_extrait.json": (24, 2, 20, 12, 1 + 1),
    "reels/mpi_extrait.json": (29, 0, 25, 22, 4),
    "reels/pes_extrait.json": (25, 0, 25, 22, 0),
    "reels/e-marchespublics_extrait.json": (12, 0, 12, 9, 0),
    "reels/croix_extrait.json": (18, 3, 18, 11 + 3, 0),
}


def compter_avec_json(chemin) -> tuple[int, int, int, int, int]:
    """Les mêmes nombres, comptés avec le seul module json (pas le kit) : un contrat avec id = une
    paire (acheteur, id) ; un contrat sans id = un quintuplet (acheteur, objet, date, montant,
    titulaires) tel qu'écrit dans le fichier ; marchés et concessions à part."""
    marches = json.loads(Path(chemin).read_text(encoding="utf-8"))["marches"]
    if isinstance(marches, list):
        tous = [("concession" in str(e.get("_type") or "").casefold(), e) for e in marches]
    else:
        def liste(v):
            return v if isinstance(v, list) else [v]
        tous = [(False, e) for e in liste(marches.get("marche", []))] + \
               [(True, e) for e in liste(marches.get("contrat-concession", []))]
    contrats = {False: set(), True: set()}
    for concession, e in tous:
        acheteur = (e.get("autoriteConcedante" if concession else "acheteur") or {}).get("id") or ""
        if str(e.get("id") or "").strip():
            contrats[concession].add(("id", acheteur, str(e["id"]).strip()))
        else:
            contrats[concession].add(("sans id", acheteur, str(e.get("objet") or "").strip(),
                                      e.get("dateSignature" if concession else "dateNotification"),
                                      float(e.get("valeurGlobale" if concession else "montant") or "nan"),
                                      json.dumps(e.get("concessionnaires" if concession else "titulaires"))))
    sans_id = sum(1 for _, e in tous if not str(e.get("id") or "").strip())
    return len(tous), sans_id, sum(1 for c, _ in tous if not c), len(contrats[False]), len(contrats[True])


@pytest.mark.parametrize("nom", sorted(ATTENDUS))
def test_nombre_de_contrats(nom):
    enregistrements, sans_id, avant, marches, concessions = ATTENDUS[nom]
    assert compter_avec_json(DONNEES / nom) == ATTENDUS[nom]
    lecture = lire_decp_json(DONNEES / nom)
    assert lecture.lignes_lues == enregistrements
    assert lecture.lignes_ecartees == 0  # les contrats sans id sont gardés
    assert lecture.contrats_avant_regroupement == avant
    assert len(lecture.table) == marches
    assert len(lecture.concessions) == concessions
    assert lecture.genre == "marches"
    assert lecture.erreurs == []
    assert len([p for p in lecture.problemes if p.code == "id_absent"]) == sans_id


@pytest.mark.parametrize("nom", sorted(ATTENDUS))
def test_colonnes_et_types_canoniques(nom):
    lecture = lire_decp_json(DONNEES / nom)
    for table in (lecture.table, lecture.concessions):
        assert list(table.columns) == COLONNES_MARCHES
        assert table["montant_ht"].dtype == "float64"
        assert table["duree_mois"].dtype == "float64"
        assert pd.api.types.is_datetime64_any_dtype(table["date_notification"])
        assert table["consideration_sociale"].dtype == "boolean"
        for colonne in ("id", "acheteur_id", "cpv", "titulaires_ids"):
            assert pd.api.types.is_string_dtype(table[colonne])


def test_format_2024_modifications_enveloppees_montant_courant():
    # README de référence : montant 374603 -> 428824 -> 432612 (nouvelles valeurs, pas des écarts).
    lecture = lire_decp_json(DONNEES / "reels/decp2024_e-marchespublics_1marche_avec_modifications.json")
    contrat = lecture.table.iloc[0]
    assert (contrat["id"], contrat["montant_ht"], contrat["duree_mois"]) == ("19-34626", 432612.0, 91.0)
    assert contrat["date_notification"] == pd.Timestamp("2019-04-18")
    assert (contrat["consideration_sociale"], contrat["consideration_environnementale"]) == (False, False)
    assert lecture.problemes == []


def test_format_2024_considerations_positives():
    lecture = lire_decp_json(DONNEES / "officiels_2024/marches_avec_modifications.json")
    contrat = lecture.table.iloc[0]
    assert contrat["considerations_sociales"] == "Clause sociale, Critère social"
    assert contrat["considerations_environnementales"] == "Clause environnementale"
    assert bool(contrat["consideration_sociale"]) and bool(contrat["consideration_environnementale"])
    assert contrat["montant_ht"] == 123457.87  # la modification porte le nouveau montant
    assert contrat["cpv"] == "45000000"


def test_format_2019_sans_considerations_donne_inconnu():
    contrat = lire_decp_json(DONNEES / "officiels_2019/mar-basique.json").table.iloc[0]
    assert pd.isna(contrat["consideration_sociale"]) and pd.isna(contrat["considerations_sociales"])
    assert contrat["titulaires"] == "Garami SARL; Hellman Gmbh"
    assert contrat["titulaires_ids"] == "81223113200026; DE814864138"
    assert contrat["date_notification"] == pd.Timestamp("2007-08-13")  # « 2007-08-13+02:00 »


def test_concessions_gardees_a_part():
    lecture = lire_decp_json(DONNEES / "officiels_2019/paquet.json")
    assert lecture.table["montant_ht"].tolist() == [127000.0]
    concession = lecture.concessions.iloc[0]
    assert (concession["id"], concession["montant_ht"], concession["titulaires"]) == ("200103452112", 27860000.0, "Atlas SAS")
    assert concession["date_notification"] == pd.Timestamp("2001-02-21")  # dateSignature
    assert lecture.resume()["montant_ht_total"] == 127000.0


def test_concession_2024_modifiee_valeur_globale_courante():
    lecture = lire_decp_json(DONNEES / "officiels_2024/concessions_avec_modifications.json")
    assert lecture.concessions["montant_ht"].tolist() == [25.0, 25.0]
    assert lecture.concessions["duree_mois"].tolist() == [14.0, 14.0]
    assert lecture.concessions["titulaires_ids"].tolist() == ["38103128500491; 38103128500574"] * 2


def test_croix_montants_en_chaines_et_cle_avec_espace():
    lecture = lire_decp_json(DONNEES / "reels/croix_extrait.json")
    assert lecture.table["montant_ht"].dtype == "float64"
    assert lecture.table["duree_mois"].notna().all()
    premier = lecture.table.iloc[0]
    # Trois lots (30000.00, 70000.00, 40000.00) publiés le même jour sous le même id : le dernier du
    # fichier l'emporte, et un avertissement dit que les trois ont été comptés comme un contrat.
    assert (premier["id"], premier["montant_ht"]) == ("202117F000000000", 40000.0)
    repete = [p for p in lecture.problemes if p.code == "contrat_repete"][0]
    assert repete.message == (
        "3 enregistrements n° 1, 2, 3 portent le même acheteur (21590163800019) et le même id "
        "(202117F000000000) avec des objets ou des montants différents ; ils sont comptés comme un seul "
        "contrat, au montant du plus récent (40\u00a0000,00\u00a0€)."
    )


def test_croix_contrats_sans_id_gardes_avec_un_avertissement_chacun():
    lecture = lire_decp_json(DONNEES / "reels/croix_extrait.json")
    sans_id = lecture.table[lecture.table["id"].isna()]
    # Montant courant (la dernière modification qui en porte un, sinon le montant initial), sans le kit :
    # jq -c '.marches[] | select((.id // "") == "") | ([.modifications[]?.montant | values] | last) // .montant'
    assert sans_id["montant_ht"].tolist() == [33000.0, 91890.0, 304804.0]
    assert sans_id["titulaires"].tolist() == ["SNEF", "SATELEC", "EDF"]
    avertissements = [p for p in lecture.problemes if p.code == "id_absent"]
    assert [(p.ligne, p.colonne, p.gravite) for p in avertissements] == [(16, "id", "avertissement"),
                                                                          (17, "id", "avertissement"),
                                                                          (18, "id", "avertissement")]
    assert str(avertissements[0]) == (
        f"Avertissement — {DONNEES / 'reels/croix_extrait.json'}, ligne 16, colonne « id » : enregistrement n° 16 : "
        "le contrat n'a pas d'identifiant (« id ») ; il est gardé, repéré par son acheteur, son objet, sa date, son "
        "montant et son titulaire. Demandez à l'acheteur de publier l'identifiant du contrat : sans lui, ses "
        "modifications et ses republications ne peuvent pas lui être rattachées."
    )
    # Les contrats sans id comptent dans les totaux.
    assert lecture.resume()["montant_ht_total"] == pytest.approx(
        lecture.table.loc[lecture.table["id"].notna(), "montant_ht"].sum() + 33000.0 + 91890.0 + 304804.0)


def test_aife_concessions_sans_id_repetees_comptees_une_fois():
    lecture = lire_decp_json(DONNEES / "reels/aife_extrait.json")
    avertissements = [p for p in lecture.problemes if p.code == "id_absent"]
    assert [p.ligne for p in avertissements] == [16, 17]
    assert avertissements[1].message == (
        "enregistrement n° 17 : le contrat n'a pas d'identifiant (« id ») et répète l'enregistrement n° 16 "
        "(même acheteur, objet, date, montant et titulaire) ; les deux sont comptés comme un seul contrat."
    )
    assert lecture.concessions["id"].isna().sum() == 1


def test_sans_id_differents_par_le_titulaire_sont_deux_contrats(tmp_path):
    commun = {"acheteur": {"id": "21350238800019"}, "objet": "Élagage", "dateNotification": "2024-01-10",
              "montant": 1000}
    marches = [dict(commun, titulaires=[{"id": "81223113200026", "denominationSociale": "A"}]),
               dict(commun, titulaires=[{"id": "82379887100013", "denominationSociale": "B"}]),
               dict(commun, id="", titulaires=[{"id": "81223113200026", "denominationSociale": "A"}])]
    chemin = tmp_path / "sans_id.json"
    chemin.write_text(json.dumps({"marches": marches}), encoding="utf-8")
    lecture = lire_decp_json(chemin)
    assert lecture.table["titulaires"].tolist() == ["A", "B"]
    assert [p.message.split(" : ")[0] for p in lecture.problemes if p.code == "id_absent"] == [
        "enregistrement n° 1", "enregistrement n° 2", "enregistrement n° 3"]
    assert compter_avec_json(chemin)[3] == 2


def test_pes_dates_a_fuseau_lues_sans_avertissement():
    lecture = lire_decp_json(DONNEES / "reels/pes_extrait.json")
    assert lecture.table["date_notification"].notna().all()
    assert not [p for p in lecture.problemes if p.code.startswith("date")]


def test_avertissements_des_fichiers_reels():
    mpi = lire_decp_json(DONNEES / "reels/mpi_extrait.json")
    aberrantes = [p for p in mpi.problemes if p.code == "date_aberrante"]
    assert [p.valeur for p in aberrantes] == ["0218-10-29", "0218-12-26"]
    assert aberrantes[0].message.startswith(f"enregistrement n° {aberrantes[0].ligne} (id ")
    pes = lire_decp_json(DONNEES / "reels/pes_extrait.json")
    assert sorted(p.valeur for p in pes.problemes if p.code == "montant_sentinelle") == ["99999999"] * 3 + ["999999999"]
    assert len([p for p in pes.problemes if p.code == "cpv_cle_fausse"]) == 2
    aife = lire_decp_json(DONNEES / "reels/aife_extrait.json")
    assert any(p.code == "caracteres_perdus" for p in aife.problemes)


@pytest.mark.parametrize("format_2024", [True, False])
def test_lecture_en_flux_sans_charger_le_fichier_entier(tmp_path, monkeypatch, format_2024):
    """Un fichier de quelques Mo est lu par ijson, jamais par json.loads du fichier entier."""
    def interdit(*args, **kwargs):
        raise AssertionError("le fichier entier a été chargé en mémoire")

    monkeypatch.setattr(decp, "_charger_json", interdit)
    modele = json.loads((DONNEES / "officiels_2024/marches_avec_modifications.json").read_text(encoding="utf-8"))
    marche = modele["marches"]["marche"][0]
    nombre = 1500
    marches = [dict(marche, id=f"M{i:05d}") for i in range(nombre)]
    chemin = tmp_path / "gros.json"
    contenu = {"marches": {"marche": marches, "contrat-concession": []}} if format_2024 else {"marches": marches}
    chemin.write_text(json.dumps(contenu, indent=2), encoding="utf-8")
    assert chemin.stat().st_size > 3_000_000
    lecture = lire_decp_json(chemin)
    assert len(lecture.table) == nombre
    assert lecture.table["montant_ht"].sum() == pytest.approx(nombre * 123457.87)


def test_json_avec_bom_et_windows(tmp_path):
    contenu = json.dumps({"marches": [{"id": "A", "objet": "Élagage", "montant": 10}]}, ensure_ascii=False)
    (tmp_path / "bom.json").write_bytes(b"\xef\xbb\xbf" + contenu.encode("utf-8"))
    (tmp_path / "cp1252.json").write_bytes(contenu.encode("cp1252"))
    assert lire_decp_json(tmp_path / "bom.json").table["objet"].tolist() == ["Élagage"]
    assert lire_decp_json(tmp_path / "cp1252.json").table["objet"].tolist() == ["Élagage"]


def test_format_2024_marche_seul_non_liste(tmp_path):
    chemin = tmp_path / "seul.json"
    chemin.write_text(json.dumps({"marches": {"marche": {"id": "A", "montant": 5}}}), encoding="utf-8")
    assert lire_decp_json(chemin).table["id"].tolist() == ["A"]


def test_enregistrement_qui_n_est_pas_un_objet(tmp_path):
    chemin = tmp_path / "liste.json"
    chemin.write_text(json.dumps({"marches": [{"id": "A"}, 42]}), encoding="utf-8")
    lecture = lire_decp_json(chemin)
    assert (lecture.lignes_lues, lecture.lignes_ecartees, len(lecture.table)) == (2, 1, 1)
    assert lecture.erreurs[0].message == (
        "enregistrement n° 2 : ce n'est pas un objet JSON (un contrat entre accolades) ; il est écarté."
    )


@pytest.mark.parametrize("contenu, message", [
    ('{\n  "marches": [\n    {"id": "A",}\n  ]\n}',
     "le fichier n'est pas du JSON valide à la ligne 3, colonne 16 (nom de clé entre guillemets attendu)."),
    ('{"marches": [', "le fichier n'est pas du JSON valide à la ligne 1, colonne 14 (valeur attendue)."),
    ('{"autre": []}', 'ce JSON n\'a pas la forme DECP : clé "marches" absente.'),
    ("[1, 2]", "ce JSON n'a pas la forme DECP : le fichier n'est pas un objet JSON."),
    ('{"marches": "x"}', 'ce JSON n\'a pas la forme DECP : la clé "marches" ne contient ni liste ni objet.'),
    ("", "le fichier est vide."),
])
def test_fichier_illisible_erreur_claire(tmp_path, contenu, message):
    chemin = tmp_path / "f.json"
    chemin.write_text(contenu, encoding="utf-8")
    with pytest.raises(ErreurFichier) as info:
        lire_decp_json(chemin)
    assert str(info.value).startswith(f"{chemin} : {message}")


def test_fichier_introuvable(tmp_path):
    with pytest.raises(ErreurFichier, match="absent.json : fichier introuvable. Vérifiez le chemin"):
        lire_decp_json(tmp_path / "absent.json")


@pytest.mark.parametrize("nom", ["reels/croix_extrait.json", "officiels_2024/marches_concessions.json"])
def test_fichier_d_entree_identique_apres_lecture(nom):
    chemin = DONNEES / nom
    avant = hashlib.sha256(chemin.read_bytes()).hexdigest()
    lire_decp_json(chemin)
    assert hashlib.sha256(chemin.read_bytes()).hexdigest() == avant


# --- propriétés : rien d'autre que les erreurs du kit ------------------------------------------------

def _lire_octets(octets: bytes):
    with tempfile.TemporaryDirectory() as dossier:
        chemin = Path(dossier) / "f.json"
        chemin.write_bytes(octets)
        try:
            lecture = lire_decp_json(chemin)
        except ErreurSpaser:
            return None
        assert list(lecture.table.columns) == COLONNES_MARCHES
        assert lecture.lignes_lues >= len(lecture.table)
        return lecture


json_arbitraire = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda enfants: st.lists(enfants, max_size=4) | st.dictionaries(st.text(max_size=12), enfants, max_size=4),
    max_leaves=25,
)
CLES = st.sampled_from(["id", "montant", "valeurGlobale", "dureeMois", "codeCPV", "dateNotification", "titulaires",
                        "acheteur", "modifications", "considerationsSociales", "_type", "objet", "concessionnaires"])
enregistrement = st.dictionaries(CLES, json_arbitraire, max_size=8)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300))
def test_octets_arbitraires(octets):
    _lire_octets(octets)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(json_arbitraire)
def test_json_arbitraire(donnees):
    _lire_octets(json.dumps(donnees).encode("utf-8"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(enregistrement | json_arbitraire, max_size=5), st.booleans())
def test_enregistrements_arbitraires_sous_la_forme_decp(enregistrements, format_2024):
    donnees = {"marches": {"marche": enregistrements} if format_2024 else enregistrements}
    _lire_octets(json.dumps(donnees).encode("utf-8"))


def test_famille_deduite_du_cpv():
    from spaserlib.commun.nomenclature import familles_des_cpv

    table = lire_decp_json(DONNEES / "reels/pes_extrait.json").table
    attendu = familles_des_cpv(table["cpv"])
    assert table["famille"].notna().any()
    assert table["famille"].fillna("∅").tolist() == attendu.fillna("∅").tolist()


def test_numero_d_enregistrement_dans_l_ordre_du_fichier():
    # marches_concessions.json : la liste « contrat-concession » (2) précède la liste « marche » (2) ;
    # les marchés sont donc les enregistrements n° 3 et 4. Leur modification remplace le titulaire
    # par « 868768687576575 » (15 chiffres : pas un SIRET).
    lecture = lire_decp_json(DONNEES / "officiels_2024/marches_concessions.json")
    assert [(p.ligne, p.code) for p in lecture.problemes] == [(3, "titulaire_non_siret"), (4, "titulaire_non_siret")]
    assert lecture.problemes[0].message == ("enregistrement n° 3 (id TEST2022) : l'identifiant du titulaire "
                                            "« 868768687576575 » n'est pas un SIRET valide (14 chiffres, clé de contrôle).")
    assert lecture.table["titulaires"].tolist() == ["868768687576575"] * 2
