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
    assert len(ex.widget().children) == 2 + len(FAMILLES) + 4  # nom, titres des colonnes, familles, matrice, boutons, retours
    assert "<b>Quadrant</b>" in ex.widget().children[1].children[1].value
    r = lire_reponse(tmp_path / "camille__kraljic.json")
    assert r.reponses["placements"]["S-ENER"] == {"quadrant": "critiques", "justification": ""}


def test_kraljic_sans_nom_n_enregistre_pas(tmp_path):
    ex = ExerciceKraljic(FAMILLES, CORRIGE, tmp_path)
    for nom in ("", "   "):
        ex.participant.value = nom
        ex.bouton_enregistrer.click()
        assert ex.etat.value == "<b>Non enregistré :</b> Indiquez votre nom dans la case « Votre nom » avant d&#x27;enregistrer."
    assert "(vide)" not in ex.etat.value
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


def _cellules_html(texte: str, balise: str) -> list[str]:
    import re

    return re.findall(rf"<{balise}[^>]*>(.*?)</{balise}>", texte, re.S)


def test_axes_toutes_les_familles_visibles_entetes_et_zones_pour_une_phrase(tmp_path):
    """Issue 17 : chaque liste montre toutes les familles (libellé entier), les colonnes ont un titre, une
    note dit comment en choisir plusieurs, le nom d'un axe tient sur plusieurs lignes."""
    import ipywidgets as w

    familles = {f"F-{i:02d}": f"Famille au libellé assez long numéro {i}" for i in range(12)}
    ex = ExerciceAxes(familles, {}, tmp_path)
    for liste in ex.familles:
        assert liste.rows == 12
        assert [l for l, _ in liste.options][-1] == "F-11 Famille au libellé assez long numéro 11"
    assert all(isinstance(n, w.Textarea) and n.layout.height for n in ex.noms)
    assert all(float(o.layout.height.removesuffix("rem")) >= 6 for o in ex.objectifs)
    textes = " ".join(e.value for e in ex.widget().children[2].children)
    assert textes == "<b>Nom de l'axe</b> <b>Objectifs rattachés (un par ligne)</b> <b>Familles concernées</b>"
    assert "Ctrl" in ex.widget().children[1].value
    # Un nom saisi sur deux lignes est enregistré sur une seule.
    ex.noms[0].value = "Une commande publique\nbas-carbone"
    assert ex.reponses()["axes"][0]["nom"] == "Une commande publique bas-carbone"


def test_kraljic_une_ligne_courte_par_famille_et_details_a_la_demande(tmp_path):
    corrige = {
        "F-X": {"quadrant": "critiques", "libelle": "X", "explication": "Risque fort : un fournisseur tient 90 % de la dépense.",
                "criteres_cles": ["part_depense", "part_premier_fournisseur"], "criteres_decisifs": ["part_premier_fournisseur"]},
        "F-Y": {"quadrant": "simples", "libelle": "Y", "explication": "Faible dépense, nombreux fournisseurs.",
                "criteres_cles": ["part_depense"]},
        "F-Z": {"quadrant": "leviers", "libelle": "Z", "explication": "Forte dépense.", "criteres_cles": ["part_depense"]},
    }
    ex = ExerciceKraljic({c: r["libelle"] for c, r in corrige.items()}, corrige, tmp_path)
    ex.remplir({"F-X": ("critiques", "petit montant"), "F-Y": ("leviers", "")})
    ex.bouton_verifier.click()
    corps = _cellules_html(ex.retour.value, "tbody")[0]
    lignes = _cellules_html(corps, "tr")
    assert len(lignes) == 3 and corps.count("<details") == 3
    courtes = [_cellules_html(l, "td")[2].split(" <details")[0] for l in lignes]
    assert courtes == [
        # « petit montant » nomme l'impact, alors que c'est le risque qui décide : non crédité.
        "Bien placée. Justification à revoir : citez le critère qui décide du placement.",
        "Quadrant voisin de celui du kit (« simples »). Justifiez : citez le critère qui décide du placement.",
        "Non placée : le kit la classe en « leviers ».",
    ]
    # Le détail, dans la balise details : le critère à citer, et l'explication du kit pour un mauvais placement.
    assert "<summary" in lignes[0] and "citez le critère qui décide du placement : part du premier fournisseur." in lignes[0]
    assert "Faible dépense, nombreux fournisseurs." in lignes[1]
    ex.justifications["F-X"].value = "un fournisseur unique"
    ex.bouton_verifier.click()
    assert "Bien placée. Justification juste." in ex.retour.value
