import re
import shutil
from pathlib import Path

import pytest

from spaserlib.commun.erreurs import ErreurDonnees, ErreurFichier
from spaserlib.lecture.fichiers import genre_du_fichier
from spaserlib.lecture.organisation import charger_organisation, dossier_exemples, organisations_exemples
from tests import DONNEES, RACINE, TESTS

TABLEURS = TESTS / "donnees" / "tableurs"
REELLES = TESTS / "donnees" / "reelles"
DECP = TESTS / "donnees" / "decp"


@pytest.fixture
def dossier(tmp_path) -> Path:
    """Une organisation minuscule : un profil, des dépenses (CSV) et des marchés (tableur)."""
    (tmp_path / "profil.yaml").write_text(
        "nom: Commune de Valbourg\ntype: commune\npopulation: 12 000\nannee: 2024\nsiren: '213705093'\n",
        encoding="utf-8")
    shutil.copy(TABLEURS / "point_virgule.csv", tmp_path / "export.csv")
    shutil.copy(TABLEURS / "marches_lots.csv", tmp_path / "contrats.csv")
    (tmp_path / "~$export.xlsx").write_bytes(b"verrou d'Excel")  # fichier de verrou : ignoré
    (tmp_path / "notes.txt.bak").write_text("ignoré", encoding="utf-8")
    return tmp_path


def test_dossier_complet(dossier):
    organisation = charger_organisation(dossier)
    assert (organisation.nom, organisation.type, organisation.population, organisation.annee,
            organisation.siren) == ("Commune de Valbourg", "commune", 12000, 2024, "213705093")
    assert len(organisation.achats) == 2
    assert len(organisation.marches) == 4
    assert organisation.concessions.empty
    assert [Path(l.fichier).name for l in organisation.lectures] == ["contrats.csv", "export.csv"]
    assert organisation.dossier == dossier
    assert organisation.profil["siren"] == "213705093"  # le profil tel qu'écrit, pour ses autres clés


def test_erreurs_bloquantes_gardees_et_exigibles(dossier):
    organisation = charger_organisation(dossier)
    assert organisation.a_des_erreurs  # la ligne sans identifiant de marches_lots.csv
    with pytest.raises(ErreurDonnees, match=r"^1 erreur\(s\) bloquante\(s\) dans les données :"):
        organisation.exiger_sans_erreur()


def test_fichier_seul():
    organisation = charger_organisation(REELLES / "strasbourg_commune_achats_2019.csv")
    assert organisation.nom == "strasbourg_commune_achats_2019"
    assert len(organisation.marches) == 217
    assert organisation.achats.empty
    assert organisation.population is None


def test_dossier_sans_profil_prend_le_nom_du_dossier(tmp_path):
    shutil.copy(TABLEURS / "bom.csv", tmp_path / "depenses.csv")
    assert charger_organisation(tmp_path).nom == tmp_path.name


def test_concessions_gardees_a_part(tmp_path):
    shutil.copy(DECP / "officiels_2024" / "marches_concessions.json", tmp_path / "decp.json")
    organisation = charger_organisation(tmp_path)
    assert len(organisation.concessions) > 0
    assert len(organisation.marches) > 0


@pytest.mark.parametrize(
    "nom, genre",
    [("point_virgule.csv", "achats"), ("depenses.xlsx", "achats"), ("marches_lots.csv", "marches")],
)
def test_genre_reconnu_aux_colonnes(nom, genre):
    assert genre_du_fichier(TABLEURS / nom) == genre


def test_genre_des_fichiers_decp():
    assert genre_du_fichier(DECP / "reels" / "tabulaire_extrait.csv") == "marches"
    assert genre_du_fichier(DECP / "officiels_2024" / "concessions.json") == "marches"


def test_genre_ambigu_tranche_par_le_nom(tmp_path):
    contenu = "Date;Fournisseur;N° marché;Montant HT;Titulaire\n15/01/2024;A;M1;10;A\n"
    (tmp_path / "marches_2024.csv").write_text(contenu, encoding="utf-8")
    (tmp_path / "export_2024.csv").write_text(contenu, encoding="utf-8")
    assert genre_du_fichier(tmp_path / "marches_2024.csv") == "marches"
    assert genre_du_fichier(tmp_path / "export_2024.csv") == "achats"


def test_fichier_ni_achats_ni_marches(tmp_path):
    fichier = tmp_path / "budget.csv"
    fichier.write_text("Date;Objet;Service\n15/01/2024;x;y\n", encoding="utf-8")
    with pytest.raises(ErreurFichier, match=re.escape("ni des dépenses ni des marchés : les colonnes (Date, Objet, Service)")):
        genre_du_fichier(fichier)


@pytest.mark.parametrize(
    "profil, message",
    [
        ("nom: [Valbourg\n", "le profil n'est pas un YAML valide (ligne 2)."),
        ("- nom\n- type\n", "le profil doit être une suite de lignes « clé: valeur »."),
        ("population: beaucoup\n", "« population » doit être un nombre entier, pas « beaucoup »."),
        ("siren: 12345\n", "« siren » doit avoir 9 chiffres (ou 14 pour un SIRET), pas « 12345 »."),
    ],
)
def test_profil_invalide(dossier, profil, message):
    (dossier / "profil.yaml").write_text(profil, encoding="utf-8")
    with pytest.raises(ErreurFichier, match=re.escape(message)):
        charger_organisation(dossier)


def test_dossier_sans_donnees(tmp_path):
    (tmp_path / "profil.yaml").write_text("nom: Vide\n", encoding="utf-8")
    with pytest.raises(ErreurFichier, match=re.escape("aucun fichier de données (CSV, XLSX, ODS, JSON) dans ce dossier.")):
        charger_organisation(tmp_path)


def test_chemin_introuvable(tmp_path):
    with pytest.raises(ErreurFichier, match=re.escape("dossier ou fichier introuvable.")):
        charger_organisation(tmp_path / "nulle-part")


def test_organisations_exemples_ont_un_profil():
    assert dossier_exemples() == RACINE / "datasets"
    for dossier in organisations_exemples():
        assert (dossier / "profil.yaml").is_file()
    assert organisations_exemples() == sorted(organisations_exemples())


@pytest.mark.parametrize("exemple", organisations_exemples(), ids=lambda p: p.name)
def test_chaque_organisation_exemple_se_charge(exemple):
    organisation = charger_organisation(exemple)
    assert len(organisation.achats) + len(organisation.marches) > 0
    assert organisation.nom


def test_fichiers_declares_dans_le_profil(dossier):
    # Le profil déclare ses fichiers et leur genre : seuls ceux-là sont lus.
    (dossier / "profil.yaml").write_text("nom: V\nfichiers:\n  marches:\n    - contrats.csv\n", encoding="utf-8")
    organisation = charger_organisation(dossier)
    assert [Path(l.fichier).name for l in organisation.lectures] == ["contrats.csv"]
    assert organisation.achats.empty and len(organisation.marches) == 4


def test_fichier_declare_introuvable(dossier):
    (dossier / "profil.yaml").write_text("nom: V\nfichiers:\n  achats: [absent.csv]\n", encoding="utf-8")
    with pytest.raises(ErreurFichier, match=re.escape("le fichier déclaré « absent.csv » (achats) est introuvable")):
        charger_organisation(dossier)


def test_plusieurs_siret_de_titulaires_dans_une_cellule(tmp_path):
    from spaserlib.lecture.fichiers import lire_marches

    fichier = tmp_path / "m.csv"
    fichier.write_text("Identifiant,Montant,Titulaire,SIRET du titulaire\n"
                       "A,10,X ; Y,73282932000074 ; 5520135900019\nB,10,Z,73282932000074 ; 12\n", encoding="utf-8")
    lecture = lire_marches(fichier)
    assert lecture.table["titulaires_ids"].tolist() == ["73282932000074; 05520135900019", "73282932000074; 12"]
    assert [(p.ligne, p.code) for p in lecture.problemes] == [(3, "siret_invalide")]


def test_un_contrat_publie_dans_deux_fichiers_compte_une_fois(tmp_path):
    """Deux flux DECP (ou deux exports successifs) qui publient le même contrat : un seul contrat."""
    entete = "uid,id,acheteur_id,titulaire_id,titulaire_nom,montant,dateNotification,codeCPV\n"
    (tmp_path / "flux_a.csv").write_text(
        entete + "21590163800019C1,C1,21590163800019,73282932000074,ACME,1000,2024-03-01,45214200\n"
        + "21590163800019C2,C2,21590163800019,73282932000074,ACME,500,2024-04-01,45214200\n", encoding="utf-8")
    (tmp_path / "flux_b.csv").write_text(
        entete + "21590163800019C1,C1,21590163800019,73282932000074,ACME,1200,2024-03-01,45214200\n", encoding="utf-8")
    organisation = charger_organisation(tmp_path)
    assert sorted(organisation.marches["id"]) == ["C1", "C2"]
    # Le fichier lu en dernier (flux_b, ordre alphabétique) donne le montant courant.
    assert organisation.marches.set_index("id").loc["C1", "montant_ht"] == 1200


def test_collectivite_remplace_le_nom_du_profil():
    commune = DONNEES / "rapport" / "commune"
    assert charger_organisation(commune, collectivite="Autre nom").nom == "Autre nom"
    assert charger_organisation(commune).nom == "Commune de Test-sur-Mer"


def test_exiger_des_lignes_refuse_une_organisation_sans_ligne_utilisable(tmp_path):
    fichier = tmp_path / "achats.csv"
    fichier.write_text("date;fournisseur;montant_ht\npas une date;A;pas un montant\n", encoding="utf-8")
    organisation = charger_organisation(fichier)
    assert organisation.achats.empty and organisation.a_des_erreurs
    with pytest.raises(ErreurDonnees, match="erreur"):
        organisation.exiger_des_lignes()
    assert organisation.fichiers_lus == ["achats.csv"]


@pytest.mark.parametrize("colle", [
    "{d}", " {d} ", '"{d}"', "'{d}'", "« {d} »", "file://{d}", "{d_inverse}",
])
def test_chemin_colle_sous_toutes_ses_formes(colle):
    """Un chemin collé tel quel (guillemets de « Copier en tant que chemin », espaces, adresse file://,
    barres obliques inverses) ouvre la même organisation (issue 17)."""
    from spaserlib.lecture.organisation import charger_organisation, chemin_donne
    from tests import RACINE

    dossier = RACINE / "datasets" / "val-fleuri"
    texte = colle.format(d=dossier, d_inverse=str(dossier).replace("/", "\\"))
    assert chemin_donne(texte) == dossier
    assert charger_organisation(texte).nom == charger_organisation(dossier).nom


def test_chemin_windows_en_adresse_file():
    from spaserlib.lecture.organisation import chemin_donne

    assert str(chemin_donne("file:///C:/Users/marie/mandats%20202025.xlsx")) == "C:/Users/marie/mandats 202025.xlsx"


@pytest.mark.parametrize("valeur", [42, None, ["a.csv"]])
def test_chemin_qui_n_est_pas_un_texte(valeur):
    from spaserlib.commun.erreurs import ErreurParametre
    from spaserlib.lecture.organisation import charger_organisation

    with pytest.raises(ErreurParametre, match="doit être un texte entre guillemets"):
        charger_organisation(valeur)
