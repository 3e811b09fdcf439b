import json
from datetime import datetime, timezone

import pytest

from spaserlib.exercices.reponses import (
    TAILLE_MAX,
    ErreurReponse,
    enregistrer_reponse,
    lire_dossier,
    lire_reponse,
    nom_de_fichier,
)

T1 = datetime(2026, 11, 28, 10, 0, tzinfo=timezone.utc)
T2 = datetime(2026, 11, 28, 11, 30, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    "nom, attendu",
    [
        ("Camille Martin-Dupré", "camille-martin-dupre"),
        ("../../etc/passwd", "etc-passwd"),
        ("  Éloïse  L'Hôte ", "eloise-l-hote"),
        ("CON", "con"),
    ],
)
def test_nom_de_fichier_sur(nom, attendu):
    assert nom_de_fichier(nom) == attendu


def test_nom_vide_refuse():
    with pytest.raises(ErreurReponse, match=r"^\(nom vide\) : indiquez votre nom \(ou celui de votre groupe\) avant d'enregistrer\.$"):
        nom_de_fichier("  ")


def test_nom_sans_lettre_latine_garde_un_nom_distinct():
    assert nom_de_fichier("山田").startswith("participant-") and nom_de_fichier("山田") != nom_de_fichier("!!!")


def test_enregistrer_puis_lire(tmp_path):
    chemin = enregistrer_reponse(tmp_path, "Camille Martin", "kraljic", {"F-INFO": {"quadrant": "leviers"}}, maintenant=T1)
    assert chemin.name == "camille-martin__kraljic.json"
    r = lire_reponse(chemin)
    assert (r.participant, r.exercice, r.horodatage) == ("Camille Martin", "kraljic", "2026-11-28T10:00:00+00:00")
    assert r.reponses == {"F-INFO": {"quadrant": "leviers"}}
    contenu = json.loads(chemin.read_text(encoding="utf-8"))
    assert contenu["version_schema"] == 1 and contenu["format"] == "spaser-reponse"


def test_enregistrer_deux_fois_garde_la_derniere_et_archive_la_precedente(tmp_path):
    enregistrer_reponse(tmp_path, "Camille", "smart", {"objectifs": ["v1"]}, maintenant=T1)
    chemin = enregistrer_reponse(tmp_path, "Camille", "smart", {"objectifs": ["v2"]}, maintenant=T2)
    assert lire_reponse(chemin).reponses == {"objectifs": ["v2"]}
    archives = list((tmp_path / "historique").glob("*.json"))
    assert len(archives) == 1
    assert json.loads(archives[0].read_text(encoding="utf-8"))["reponses"] == {"objectifs": ["v1"]}
    # Aucun fichier temporaire ne traîne.
    assert not list(tmp_path.rglob("*.tmp"))


def test_lire_dossier_signale_chaque_fichier_refuse_et_lit_les_autres(tmp_path):
    enregistrer_reponse(tmp_path, "Bonne", "axes", {"axes": []}, maintenant=T1)
    (tmp_path / "tronque.json").write_text('{"format": "spaser-reponse", "version', encoding="utf-8")
    (tmp_path / "etranger.json").write_text('{"nom": "autre chose"}', encoding="utf-8")
    (tmp_path / "vide.json").write_bytes(b"")
    (tmp_path / "binaire.json").write_bytes(b"\xff\xfe\x00\x01")
    (tmp_path / "enorme.json").write_bytes(b" " * (TAILLE_MAX + 1))
    reponses, refus = lire_dossier(tmp_path)
    assert [r.participant for r in reponses] == ["Bonne"]
    raisons = {e.fichier.split("/")[-1]: e.raison for e in refus}
    assert raisons["tronque.json"].startswith("JSON tronqué")
    assert raisons["etranger.json"].startswith("fichier étranger")
    assert raisons["vide.json"] == "fichier vide."
    assert raisons["binaire.json"].startswith("ce n'est pas un texte UTF-8")
    assert raisons["enorme.json"].startswith("fichier trop volumineux")


def test_champ_manquant(tmp_path):
    chemin = tmp_path / "x.json"
    chemin.write_text(json.dumps({"format": "spaser-reponse", "version_schema": 1, "participant": "A", "exercice": "smart", "horodatage": "t"}), encoding="utf-8")
    with pytest.raises(ErreurReponse, match="le champ « reponses » manque"):
        lire_reponse(chemin)


def test_exercice_inconnu_refuse_a_l_enregistrement(tmp_path):
    with pytest.raises(ErreurReponse, match="exercice inconnu"):
        enregistrer_reponse(tmp_path, "A", "quiz", {})
