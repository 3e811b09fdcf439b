"""Le projet de SPASER : objectifs lus, liste de contrôle L2111-3, DOCX et HTML."""

import json
import re
import subprocess
from datetime import date

import pytest

from spaserlib.documents.projet_spaser import construire_projet, ecrire_projet, liste_de_controle, manques_suivi
from spaserlib.commun.erreurs import ErreurFichier
from spaserlib.objectifs.modele import Objectif
from spaserlib.objectifs.fichiers import lire_objectifs
from spaserlib.lecture.organisation import charger_organisation
from tests import TESTS, outil

ICI = TESTS
COMMUNE = ICI / "donnees" / "rapport" / "commune"
OBJECTIFS = ICI / "donnees" / "rapport" / "objectifs.yaml"

SECTIONS = ["1. Contexte et cadre réglementaire", "2. Édition, périmètre et moyens", "3. Diagnostic : état des lieux des achats",
            "4. Ambitions et axes stratégiques", "5. Objectifs SMART et indicateurs", "6. Plan d'actions : fiches actions",
            "7. Gouvernance", "8. Suivi et évaluation annuels", "9. Communication", "10. Adoption et publication"]
# Les annexes de l'organisation de test (ses obligations non évaluables comprises), puis la liste de contrôle.
ANNEXES = ["Annexe 1 — Rapport de présentation à l'assemblée délibérante", "Annexe 2 — Projet de délibération",
           "Annexe 3 — Méthode", "Annexe 4 — Sources des données", "Annexe 5 — Glossaire",
           "Annexe 6 — Obligations non évaluables faute de données"]
CONTROLE = "Annexe 7 — Liste de contrôle : exigences de l'article L2111-3 CCP"


def complet(**autres) -> Objectif:
    base = dict(libelle="Porter à 30 % la part des marchés avec une clause sociale d'insertion", axe="Commande publique sociale",
                indicateur="Part des marchés avec clause sociale", unite="part_nombre", perimetre="Tous les marchés notifiés",
                valeur_reference=12, annee_reference=2024,
                cible=30, echeance=date(2027, 12, 31), porteur="Direction de la commande publique")
    return Objectif(**{**base, **autres})


def reponse(tmp_path, nom, exercice, reponses, horodatage="2026-11-27T10:00:00"):
    chemin = tmp_path / nom
    chemin.write_text(json.dumps({"participant": "alice", "exercice": exercice, "version_schema": 1,
                                  "horodatage": horodatage, "reponses": reponses}), encoding="utf-8")
    return chemin


def test_lire_fichier_yaml_objectifs_et_axes():
    objectifs, axes = lire_objectifs(OBJECTIFS)
    assert axes == ["Commande publique sociale", "Commande publique écologiquement responsable"]
    assert [o.unite for o in objectifs] == ["part_nombre", "tonnes"]
    assert objectifs[0].echeance == date(2027, 12, 31)
    assert objectifs[0].extras == {"moyens": "Facilitateur des clauses sociales (0,5 ETP)"}


def test_lire_liste_json(tmp_path):
    chemin = tmp_path / "o.json"
    chemin.write_text(json.dumps([complet().en_dict()]), encoding="utf-8")
    objectifs, axes = lire_objectifs(chemin)
    assert objectifs == [complet()] and axes == []


def test_lire_reponses_d_exercices_la_plus_recente_l_emporte(tmp_path):
    reponse(tmp_path, "a.json", "smart", {"objectifs": [{"texte": "Ancien objectif"}]}, "2026-11-27T09:00:00")
    reponse(tmp_path, "b.json", "smart", {"objectifs": [{"texte": "Nouvel objectif", "unite": "valeur_euros"}]}, "2026-11-27T11:00:00")
    reponse(tmp_path, "c.json", "axes", ["Axe social", "Axe écologique"])
    objectifs, axes = lire_objectifs(tmp_path)
    assert [o.libelle for o in objectifs] == ["Nouvel objectif"]
    assert axes == ["Axe social", "Axe écologique"]


def test_lire_reponse_objectif_unique_et_axes_en_objets(tmp_path):
    chemin = reponse(tmp_path, "r.json", "objectif-smart",
                     {"objectif": {"libelle": "Un objectif", "axe": "Social"}, "axes": [{"nom": "Social"}, {"titre": "Climat"}]})
    objectifs, axes = lire_objectifs(chemin)
    assert [o.libelle for o in objectifs] == ["Un objectif"] and axes == ["Social", "Climat"]


def test_objectif_sans_libelle(tmp_path):
    chemin = tmp_path / "o.yaml"
    chemin.write_text("- axe: Social\n", encoding="utf-8")
    with pytest.raises(ErreurFichier, match=r"o.yaml : objectif n° 1 : champ « libelle » absent. Donnez à chaque objectif un libellé"):
        lire_objectifs(chemin)


def test_date_illisible(tmp_path):
    chemin = tmp_path / "o.yaml"
    chemin.write_text("- libelle: X\n  echeance: fin 2027\n", encoding="utf-8")
    with pytest.raises(ErreurFichier, match=r"objectif n° 1 \(« X »\), champ « echeance » : date « fin 2027 » illisible\. "
                                            r"Écrivez l'échéance AAAA-MM-JJ ou JJ/MM/AAAA"):
        lire_objectifs(chemin)


def test_date_a_la_francaise_et_fichier_avec_bom(tmp_path):
    chemin = tmp_path / "o.yaml"
    chemin.write_text("- libelle: X\n  echeance: 31/12/2027\n", encoding="utf-8-sig")
    assert lire_objectifs(chemin)[0][0].echeance.isoformat() == "2027-12-31"


def test_fichier_d_objectifs_en_cp1252(tmp_path):
    chemin = tmp_path / "o.yaml"
    chemin.write_bytes("- libelle: Réduire\n".encode("cp1252"))
    with pytest.raises(ErreurFichier, match="n'est pas encodé en UTF-8"):
        lire_objectifs(chemin)


def test_fichier_objectifs_introuvable(tmp_path):
    with pytest.raises(ErreurFichier, match="fichier d'objectifs introuvable"):
        lire_objectifs(tmp_path / "absent.yaml")


def test_objectif_complet_sans_piege():
    assert manques_suivi(complet()) == []
    assert liste_de_controle([complet()])[1] == []


@pytest.mark.parametrize("changement, manque", [
    ({"unite": None}, "unité de l'indicateur non précisée (nombre de contrats, valeur, heures…)"),
    ({"porteur": None}, "pas de porteur"),
    ({"echeance": None}, "pas de date de suivi (échéance)"),
])
def test_manques_de_suivi(changement, manque):
    assert manques_suivi(complet(**changement)) == [manque]


def test_heures_d_insertion_a_cote_d_un_taux_ne_sont_pas_un_piege():
    # L2111-3 al. 3 veut des indicateurs en nombre ou en valeur dans le schéma ; il n'interdit pas les heures.
    heures = complet(unite="heures_insertion", libelle="Réaliser 20 000 heures d'insertion par an")
    assert manques_suivi(heures) == []
    controles, _ = liste_de_controle([complet(), heures])
    indicateurs = next(c for c in controles if c.exigence.startswith("Indicateurs précis"))
    assert indicateurs.rempli and "les complètent, l'article n'interdit pas d'autres unités" in indicateurs.detail
    seul, _ = liste_de_controle([heures])
    assert not next(c for c in seul if c.exigence.startswith("Indicateurs précis")).rempli


@pytest.mark.parametrize("changement, piege", [
    ({"cible": None}, "« Porter à 30 % la part des marchés avec une clause sociale d'insertion » : objectif non SMART — Mesurable partiel : Renseignez « cible » et « unite »."),
    ({"echeance": None}, "« Porter à 30 % la part des marchés avec une clause sociale d'insertion » : objectif non SMART — Temporellement défini absent : Renseignez « echeance »."),
    ({"indicateur": None}, "« Porter à 30 % la part des marchés avec une clause sociale d'insertion » : objectif non SMART — Spécifique partiel : Renseignez les deux champs « indicateur » et « perimetre »."),
])
def test_pieges_smart_de_l_analyseur(changement, piege):
    assert piege in liste_de_controle([complet(**changement)])[1]


def test_liste_de_controle_projet_complet():
    objectifs = [complet(), complet(libelle="Intégrer le réemploi dans 20 % des marchés de mobilier", axe="Écologie",
                                    unite="part_nombre")]
    controles, pieges = liste_de_controle(objectifs)
    remplis = {c.exigence.split(" (")[0].split(",")[0]: c.rempli for c in controles}
    assert all(c.rempli for c in controles if not c.exigence.startswith("Publication"))
    assert not remplis["Publication en ligne du schéma"]
    assert pieges == []


def test_liste_de_controle_signale_les_manques():
    controles, pieges = liste_de_controle([complet(unite="tonnes", axe="Climat", libelle="Réduire les tonnes de CO2", indicateur="Émissions des achats", porteur=None)])
    etats = {c.exigence: c.rempli for c in controles}
    assert etats["Indicateurs précis, exprimés en nombre de contrats ou en valeur"] is False
    assert etats["Objectifs comportant des éléments à caractère social (insertion des travailleurs handicapés ou défavorisés)"] is False
    assert etats["Objectifs comportant des éléments à caractère écologique"] is True
    assert "« Réduire les tonnes de CO2 » : pas de porteur." in pieges


def test_mots_entiers_seulement():
    # « processus » contient « ess » mais ne parle pas d'économie sociale et solidaire
    controles, _ = liste_de_controle([complet(libelle="Revoir le processus d'achat", axe="Organisation", indicateur="Délai")])
    assert controles[0].rempli is False


def test_sans_objectif():
    controles, pieges = liste_de_controle([])
    assert not any(c.rempli for c in controles)
    assert pieges == ["Aucun objectif fourni : donnez un fichier d'objectifs (--objectifs) ou vos réponses SMART."]


def test_projet_suit_la_structure_modele():
    projet = construire_projet(charger_organisation(COMMUNE), objectifs=lire_objectifs(OBJECTIFS)[0])
    assert [s.titre for s in projet.corps] == SECTIONS
    assert [s.titre for s in projet.annexes] == ANNEXES + [CONTROLE]
    assert projet.annee == 2024


def test_docx_et_html(tmp_path):
    from docx import Document

    docx, html = ecrire_projet(charger_organisation(COMMUNE, collectivite="<b>Ville</b>"), tmp_path, objectifs=OBJECTIFS)
    document = Document(str(docx))
    titres = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    attendus = SECTIONS + ANNEXES + [CONTROLE]
    assert [t for t in titres if t in attendus] == attendus  # le corps, puis les annexes, dans l'ordre
    assert document.core_properties.title == "Projet de SPASER — <b>Ville</b>"
    texte = html.read_text(encoding="utf-8")
    assert "&lt;b&gt;Ville&lt;/b&gt;" in texte and "<b>Ville</b>" not in texte
    assert "<script" not in texte and "http" not in texte
    positions = [texte.index(f"<h2>{titre.replace(chr(39), '&#39;')}</h2>") for titre in SECTIONS + ANNEXES + [CONTROLE]]
    assert positions == sorted(positions)
    assert [p.name for p in tmp_path.iterdir()].count("projet-spaser.docx") == 1 and len(list(tmp_path.iterdir())) == 2


def test_docx_s_ouvre_dans_libreoffice(tmp_path):
    soffice = outil("soffice", "libreoffice", paquet="libreoffice-writer-nogui")
    docx, _ = ecrire_projet(charger_organisation(COMMUNE), tmp_path, objectifs=OBJECTIFS)
    profil = tmp_path / "profil-lo"
    resultat = subprocess.run([soffice, f"-env:UserInstallation={profil.as_uri()}", "--headless", "--convert-to", "pdf",
                               "--outdir", str(tmp_path / "pdf"), str(docx)], capture_output=True, text=True, timeout=180)
    pdf = tmp_path / "pdf" / "projet-spaser.pdf"
    assert pdf.exists(), resultat.stderr
    pages = re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes())
    assert len(pages) >= 4  # le projet fait plusieurs pages : le document a bien été lu en entier


def test_les_regles_du_21_aout_2026_au_present_une_fois_la_date_passee():
    from datetime import date

    from spaserlib.documents.projet_spaser import regles_2026

    assert regles_2026(date(2026, 12, 2)).startswith("Depuis le 21 août 2026, toute consultation engagée comporte au moins")
    assert regles_2026(date(2026, 8, 21)).startswith("Depuis le 21 août 2026")
    assert regles_2026(date(2026, 8, 20)).startswith("À partir du 21 août 2026, toute consultation engagée devra comporter")
    projet = construire_projet(charger_organisation(COMMUNE), aujourd_hui=date(2025, 6, 1))
    assert any("devra comporter" in str(b) for s in projet.sections for b in getattr(s, "blocs", []))
