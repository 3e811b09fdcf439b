"""Les formulaires pilotés comme un apprenant : remplir, cliquer, lire le retour, relire le fichier."""

from spaserlib.reponses import lire_reponse
from spaserlib.widgets_exercices import ExerciceAxes, ExerciceKraljic

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
