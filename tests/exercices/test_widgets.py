"""Les formulaires pilotés comme un apprenant : remplir, cliquer, lire le retour, relire le fichier."""

import pytest

from spaserlib.commun.erreurs import ErreurParametre
from spaserlib.exercices.reponses import lire_reponse
from spaserlib.exercices.widgets import ExerciceAxes, ExerciceKraljic, ExerciceSmart

FAMILLES = {"F-INFO": "Informatique", "S-ENER": "Énergie <b>"}
CORRIGE = {
    "F-INFO": {"quadrant": "leviers", "libelle": "Informatique", "criteres_cles": ["part_depense"]},
    "S-ENER": {"quadrant": "stratégiques", "libelle": "Énergie <b>", "criteres_cles": ["part_premier_fournisseur"]},
}


def test_kraljic_placer_verifier_enregistrer(tmp_path):
    ex = ExerciceKraljic(FAMILLES, CORRIGE, tmp_path, participant="Camille")
    ex.quadrants["F-INFO"].value = "leviers"
    ex.justifications["F-INFO"].value = "forte dépense"
    ex.quadrants["S-ENER"].value = "critiques"
    # La matrice se met à jour en direct, libellés échappés.
    assert "Informatique" in ex.matrice.value and "Énergie &lt;b&gt;" in ex.matrice.value
    ex.bouton_verifier.click()
    assert "Bien placé en « leviers »." in ex.retour.value
    assert "c&#x27;est l&#x27;impact qui diffère" in ex.retour.value or "c'est l'impact qui diffère" in ex.retour.value
    ex.bouton_enregistrer.click()
    assert "Réponses enregistrées" in ex.etat.value
    assert "Énergie &lt;b&gt;" in ex.etiquettes["S-ENER"].value
    assert len(ex.widget().children) == 1 + len(FAMILLES) + 4
    r = lire_reponse(tmp_path / "camille__kraljic.json")
    assert r.reponses["placements"]["S-ENER"] == {"quadrant": "critiques", "justification": ""}


def test_kraljic_sans_nom_n_enregistre_pas(tmp_path):
    ex = ExerciceKraljic(FAMILLES, CORRIGE, tmp_path)
    ex.bouton_enregistrer.click()
    assert ex.etat.value.startswith("<b>Non enregistré :</b>")
    assert not list(tmp_path.iterdir())


def test_axes_verifier(tmp_path):
    ex = ExerciceAxes(FAMILLES, {"F-INFO": "Informatique"}, tmp_path, participant="Lou")
    ex.noms[0].value = "Numérique responsable"
    ex.objectifs[0].value = "Porter à 30 % la part du matériel reconditionné d'ici 2027\n"
    ex.familles[0].value = ("F-INFO",)
    ex.bouton_verifier.click()
    assert "Couverte par un axe." in ex.retour.value
    assert "vous en proposez 1" in ex.retour.value
    ex.bouton_enregistrer.click()
    assert lire_reponse(tmp_path / "lou__axes.json").reponses["axes"][0]["objectifs"] == ["Porter à 30 % la part du matériel reconditionné d'ici 2027"]


def test_smart_saisir_retour_en_direct_enregistrer_relire(tmp_path):
    ex = ExerciceSmart(["Faire de la commande publique un levier d'insertion."], tmp_path, participant="Inès")
    assert ex.retour.value == ""
    # Saisie d'un objectif vague : le retour par critère arrive sans cliquer.
    ex.objectifs[0].value = "Favoriser les achats durables."
    assert "Spécifique" in ex.retour.value and "Temporellement défini" in ex.retour.value
    assert "Aucune échéance." in ex.retour.value
    # L'apprenant corrige sa phrase : le retour suit.
    ex.objectifs[0].value = "Porter à 40 % la part des marchés de travaux notifiés comportant une clause d'insertion sociale d'ici fin 2027, contre 18 % en 2025."
    assert "Aucune échéance." not in ex.retour.value and "Échéance : 31/12/2027." in ex.retour.value
    assert "partiel" not in ex.retour.value and "absent" not in ex.retour.value
    assert "<b>Score : 5 / 15</b>" in ex.retour.value  # 5 critères remplis, 2 objectifs attendus non rédigés
    assert "levier d&#x27;insertion" in ex.widget().children[1].value
    ex.bouton_enregistrer.click()
    assert "Réponses enregistrées" in ex.etat.value
    r = lire_reponse(tmp_path / "ines__smart.json")
    assert r.exercice == "smart" and r.participant == "Inès"
    assert r.reponses["objectifs"][0].startswith("Porter à 40 %") and r.reponses["objectifs"][1:] == ["", ""]
    assert r.reponses["enonces"] == ["Faire de la commande publique un levier d'insertion."]


def test_smart_remplir_trop_d_objectifs():
    ex = ExerciceSmart([], "inutile", nombre=2)
    with pytest.raises(ErreurParametre, match="3 objectifs donnés pour 2 zones de saisie : gardez-en 2 au plus."):
        ex.remplir(["a", "b", "c"])


def test_kraljic_remplir_par_le_code_et_erreurs(tmp_path):
    ex = ExerciceKraljic(FAMILLES, CORRIGE, tmp_path)
    ex.remplir({"F-INFO": ("leviers", "forte dépense"), "S-ENER": "stratégiques"})
    assert ex.reponses()["placements"] == {
        "F-INFO": {"quadrant": "leviers", "justification": "forte dépense"},
        "S-ENER": {"quadrant": "stratégiques", "justification": ""},
    }
    with pytest.raises(ErreurParametre, match="Famille « F-INFO » : quadrant inconnu « levier » ; quadrants possibles : stratégiques, leviers, critiques, simples."):
        ex.remplir({"F-INFO": "levier"})
    with pytest.raises(ErreurParametre, match="Famille « T-ROUT » absente de l'exercice ; familles possibles : F-INFO, S-ENER."):
        ex.remplir({"T-ROUT": "leviers"})


def test_axes_remplir_famille_inconnue(tmp_path):
    ex = ExerciceAxes(FAMILLES, {}, tmp_path, nombre=3)
    ex.remplir([{"nom": "Insertion", "objectifs": ["a", "b"], "familles": ["F-INFO"]}])
    assert ex.reponses()["axes"] == [{"nom": "Insertion", "objectifs": ["a", "b"], "familles": ["F-INFO"]}]
    with pytest.raises(ErreurParametre, match="Axe « X » : famille\\(s\\) inconnue\\(s\\) Z-ZZZ ; familles possibles : F-INFO, S-ENER."):
        ex.remplir([{"nom": "X", "familles": ["Z-ZZZ"]}])
    with pytest.raises(ErreurParametre, match="4 axes donnés pour 3 lignes"):
        ex.remplir([{"nom": str(i)} for i in range(4)])
