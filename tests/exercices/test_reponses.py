import json
from datetime import datetime, timezone

import pytest
from spaserlib.commun.erreurs import ErreurParametre

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


# --- validation en profondeur : chaque champ a le bon type, chaque texte une longueur bornée -------

def _fichier(tmp_path, exercice, reponses, participant="Camille", nom="r.json"):
    chemin = tmp_path / nom
    chemin.write_text(json.dumps({"format": "spaser-reponse", "version_schema": 1, "participant": participant,
                                  "exercice": exercice, "horodatage": "2026-11-28T10:00:00+01:00",
                                  "reponses": reponses}, ensure_ascii=False), encoding="utf-8")
    return chemin


@pytest.mark.parametrize(
    "exercice, reponses, raison",
    [
        ("kraljic", {"placements": [["F-INFO", "leviers"]]},
         "le champ « placements » doit être un objet {famille: {quadrant, justification}}, pas une liste."),
        ("kraljic", {"placements": {"F-INFO": "leviers"}},
         "le champ « placements › F-INFO » doit être un objet {quadrant, justification}, pas un texte."),
        ("kraljic", {"placements": {"F-INFO": {"quadrant": 3}}},
         "le champ « placements › F-INFO › quadrant » doit être un texte, pas un nombre."),
        ("kraljic", {"placements": {"F-INFO": {"quadrant": "leviers", "justification": ["dépense"]}}},
         "le champ « placements › F-INFO › justification » doit être un texte, pas une liste."),
        ("smart", {"objectifs": "Porter à 40 % la part des marchés d'ici 2027."},
         "le champ « objectifs » doit être une liste d'objectifs (un texte par objectif), pas un texte seul."),
        ("smart", {"objectifs": ["Un objectif", 42]},
         "le champ « objectifs › n° 2 » doit être un texte (ou un objet au champ « libelle » textuel), pas un nombre."),
        ("smart", {"objectifs": [{"cible": 40}]},
         "le champ « objectifs › n° 1 » doit être un texte (ou un objet au champ « libelle » textuel), pas un objet."),
        ("smart", {"enonces": "Un énoncé", "objectifs": []},
         "le champ « enonces » doit être une liste de textes, pas un texte."),
        ("smart", {"objectifs": ["x"] * 21}, "le champ « objectifs » a trop d'éléments (21, 20 au plus)."),
        ("smart", {"objectifs": ["x" * 1001]},
         "le champ « objectifs › n° 1 » est trop long (1\u00a0001 caractères, 1\u00a0000 au plus) : une réponse tient en une ou deux "
         "phrases."),
        ("axes", {"axes": {"nom": "Social"}}, "le champ « axes » doit être une liste d'axes, pas un objet."),
        ("axes", {"axes": ["Social"]}, "le champ « axes › n° 1 » doit être un objet {nom, objectifs, familles}, pas un texte."),
        ("axes", {"axes": [{"nom": "Social", "objectifs": "Un seul texte"}]},
         "le champ « axes › n° 1 › objectifs » doit être une liste d'objectifs (un texte par objectif), pas un texte seul."),
        ("axes", {"axes": [{"nom": "Social", "familles": "F-INFO"}]},
         "le champ « axes › n° 1 › familles » doit être une liste de codes de famille, pas un texte."),
        ("axes", {"axes": [{"nom": "Social", "familles": [None]}]},
         "le champ « axes › n° 1 › familles › n° 1 » doit être un texte, pas une valeur vide (null)."),
        ("axes", {"axes": [{"nom": True}]}, "le champ « axes › n° 1 › nom » doit être un texte, pas un booléen (true ou false)."),
    ],
)
def test_champ_d_un_mauvais_type_refuse_avec_sa_place(tmp_path, exercice, reponses, raison):
    with pytest.raises(ErreurReponse) as erreur:
        lire_reponse(_fichier(tmp_path, exercice, reponses))
    assert erreur.value.raison == raison


def test_formes_acceptees(tmp_path):
    """Champs absents ou null (réponse vide), famille non placée (null), objectif écrit comme un objet."""
    assert lire_reponse(_fichier(tmp_path, "kraljic", {})).reponses == {}
    assert lire_reponse(_fichier(tmp_path, "kraljic", {"placements": {"F-INFO": None, "F-BUR": {"quadrant": None}}}))
    r = lire_reponse(_fichier(tmp_path, "smart", {"objectifs": [{"libelle": "Porter à 40 % …"}, "", "Réduire …"], "autre": 1}))
    assert r.reponses["objectifs"][0] == {"libelle": "Porter à 40 % …"}
    assert lire_reponse(_fichier(tmp_path, "axes", {"axes": [{"nom": "Social", "objectifs": None, "familles": []}]}))


@pytest.mark.parametrize(
    "texte, debut",
    [
        ('{"format": "spaser-reponse", "x": ' + "[" * 100_000 + "]" * 100_000 + "}", "JSON trop imbriqué"),
        ('{"format": "spaser-reponse", "x": ' + "9" * 5000 + "}", "JSON illisible (nombre démesuré)"),
        ('{"format": "spaser-reponse", "version_schema": 1, "participant": "\\ud800", "exercice": "smart", '
         '"horodatage": "t", "reponses": {}}', "un texte contient un caractère Unicode invalide"),
        ('{"format": "spaser-reponse", "version_schema": 1, "participant": " \\u001b ", "exercice": "smart", '
         '"horodatage": "t", "reponses": {}}', "le nom du participant est vide"),
        ('{"format": "spaser-reponse", "version_schema": 1, "participant": "' + "a" * 201 + '", "exercice": "smart", '
         '"horodatage": "t", "reponses": {}}', "nom du participant trop long (201 caractères, 200 au plus)"),
        ('{"format": "spaser-reponse", "version_schema": ["' + "x" * 500 + '"]}', "version de schéma « [\"xxxxxxxxx"),
    ],
)
def test_json_hostile_refuse_sans_arreter_la_lecture(tmp_path, texte, debut):
    (tmp_path / "hostile.json").write_text(texte, encoding="utf-8")
    reponses, refus = lire_dossier(tmp_path)
    assert reponses == [] and len(refus) == 1
    assert refus[0].raison.startswith(debut) and len(refus[0].raison) < 200


def test_participant_normalise(tmp_path):
    """Caractères de contrôle retirés, espaces de bord ôtés, forme Unicode composée (NFC)."""
    r = lire_reponse(_fichier(tmp_path, "smart", {}, participant=" E\u0301lo\u00efse\x1b "))
    assert r.participant == "Éloïse" and len(r.participant) == 6


def test_tube_nomme_refuse_sans_attendre(tmp_path):
    import os

    os.mkfifo(tmp_path / "tube.json")
    (tmp_path / "lien.json").symlink_to("/dev/zero")
    reponses, refus = lire_dossier(tmp_path)
    assert reponses == []
    assert {e.fichier.split("/")[-1]: e.raison for e in refus} == {
        "lien.json": "ce n'est pas un fichier ordinaire (tube, périphérique…) : ce n'est pas une réponse d'exercice.",
        "tube.json": "ce n'est pas un fichier ordinaire (tube, périphérique…) : ce n'est pas une réponse d'exercice.",
    }


def test_enregistrer_refuse_un_objectif_demesure(tmp_path):
    with pytest.raises(ErreurReponse, match=r"^camille__smart\.json : le champ « objectifs › n° 2 » est trop long \(1\u00a0500 caractères, 1\u00a0000 au plus\)"):
        enregistrer_reponse(tmp_path, "Camille", "smart", {"objectifs": ["Court.", "x" * 1500]})
    assert list(tmp_path.iterdir()) == []


def test_noms_qui_s_ecrivent_pareil_ne_s_ecrasent_pas(tmp_path):
    """« Alice » et « alice » enregistrent dans le même dossier : deux fichiers, chacun retrouvé ensuite."""
    alice = enregistrer_reponse(tmp_path, "Alice", "smart", {"objectifs": ["A1"]}, maintenant=T1)
    minuscule = enregistrer_reponse(tmp_path, "alice", "smart", {"objectifs": ["a1"]}, maintenant=T1)
    assert alice.name == "alice__smart.json" and minuscule.name.startswith("alice-") and minuscule != alice
    assert enregistrer_reponse(tmp_path, "Alice", "smart", {"objectifs": ["A2"]}, maintenant=T2) == alice
    assert enregistrer_reponse(tmp_path, "alice", "smart", {"objectifs": ["a2"]}, maintenant=T2) == minuscule
    reponses, refus = lire_dossier(tmp_path)
    assert refus == [] and {r.participant: r.reponses["objectifs"] for r in reponses} == {"Alice": ["A2"], "alice": ["a2"]}
    assert len(list((tmp_path / "historique").iterdir())) == 2


def test_enregistrer_sans_nom_dit_quoi_faire_sans_vide(tmp_path):
    from spaserlib.exercices.reponses import enregistrer_reponse

    with pytest.raises(ErreurParametre) as erreur:
        enregistrer_reponse(tmp_path, "  ", "kraljic", {"placements": {}})
    assert str(erreur.value) == "Indiquez votre nom dans la case « Votre nom » avant d'enregistrer."
