"""Entrées hostiles : chaque fichier (fabriqué à la volée par tests/donnees/hostiles/fabriquer.py) donne
un résultat juste ou un message clair en français, jamais une trace Python, un plantage ou une attente.

Un comportement par test, message exact. Les cas trop gros pour un test (feuille de 300 Mo, CSV de
256 Mo) sont vérifiés en abaissant la limite du kit ; `benchmarks/bench_hostiles.py` les mesure en
vraie grandeur (temps, mémoire). Aucun temps n'est vérifié ici.
"""

import importlib.util
import os

import pytest

from spaserlib.commun import limites
from spaserlib.commun.erreurs import AVERTISSEMENT, ErreurFichier, ErreurParametre
from spaserlib.lecture.decp_json import lire_decp_json
from spaserlib.lecture.fichiers import lire_achats, lire_marches
from spaserlib.objectifs.smart import analyser_objectif
from tests import DONNEES

_spec = importlib.util.spec_from_file_location("fabriquer", DONNEES / "hostiles" / "fabriquer.py")
fab = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fab)

FINE = "\u202f"  # séparateur des milliers des messages


def erreur(fonction, chemin) -> str:
    with pytest.raises(ErreurFichier) as info:
        fonction(chemin)
    return str(info.value)


CONSEIL_JSON_ABIME = "Vérifiez qu'il s'agit bien d'un export DECP : ce fichier est abîmé ou n'en est pas un."
CONSEIL_NOMBRE = ("Un montant ou une durée en a au plus une quinzaine : le fichier est abîmé à cet endroit, "
                  "téléchargez-le à nouveau ou corrigez ce nombre.")


# --- DECP JSON -------------------------------------------------------------------------------------

def test_json_imbrique_sur_20000_niveaux(tmp_path):
    chemin = fab.json_profond(tmp_path, 20_000)
    assert erreur(lire_decp_json, chemin) == (
        f"{chemin} : le fichier imbrique des objets ou des listes sur plus de 64 niveaux, la limite du kit (un "
        f"fichier DECP en a une dizaine). {CONSEIL_JSON_ABIME}")


def test_json_imbrique_hors_de_la_cle_marches(tmp_path):
    chemin = tmp_path / "profond.json"
    chemin.write_text('{"autre": ' + "[" * 5000 + "]" * 5000 + ', "marches": []}', encoding="utf-8")
    assert "sur plus de 64 niveaux" in erreur(lire_decp_json, chemin)


def test_json_imbrique_relu_d_un_bloc(tmp_path):
    # En Windows-1252, le flux échoue et le fichier est relu par le module json : même limite.
    chemin = tmp_path / "profond.json"
    chemin.write_bytes(('{"objet": "é", "marches": [' + "[" * 200 + "]" * 200 + "]}").encode("cp1252"))
    assert "sur plus de 64 niveaux" in erreur(lire_decp_json, chemin)


@pytest.mark.parametrize("fabrique", [fab.json_entier_geant, fab.json_entier_avant_marches])
def test_json_entier_de_5000_chiffres(tmp_path, fabrique):
    chemin = fabrique(tmp_path, 5_000)
    assert erreur(lire_decp_json, chemin) == (
        f"{chemin} : le fichier contient un nombre de 5{FINE}000 chiffres, au-delà de la limite du kit (40 chiffres). "
        f"{CONSEIL_NOMBRE}")


def test_json_entier_de_25_chiffres_lu(tmp_path):
    lecture = lire_decp_json(fab.json_entier_de_25_chiffres(tmp_path))
    assert lecture.table["id"].tolist() == ["1234567890123456789012345"]


def test_json_invalide_trop_gros_pour_etre_relu(tmp_path, monkeypatch):
    monkeypatch.setattr(limites, "JSON_RELECTURE_OCTETS_MAX", 100)
    chemin = fab.json_tronque(tmp_path)
    message = erreur(lire_decp_json, chemin)
    assert message == (
        f"{chemin} : le fichier n'est pas du JSON lisible (le fichier s'arrête avant la fin du JSON, vers l'octet "
        f"{limites.en_clair(chemin.stat().st_size)}). Ouvrez le fichier dans un éditeur de texte à cet endroit, ou "
        "téléchargez-le à nouveau : il a peut-être été tronqué.")


def test_json_trop_gros(tmp_path, monkeypatch):
    monkeypatch.setattr(limites, "JSON_OCTETS_MAX", 10 * limites.MO)
    chemin = tmp_path / "gros.json"
    with open(chemin, "wb") as f:
        f.truncate(11 * limites.MO)
    assert erreur(lire_decp_json, chemin) == (
        f"{chemin} : le fichier fait 11 Mo, au-delà de la limite du kit pour un fichier DECP JSON (10 Mo). Gardez "
        "les contrats de votre organisation (par exemple avec jq, ou en téléchargeant les DECP de votre seul "
        "acheteur sur data.gouv.fr), puis lisez ce fichier réduit.")


def test_json_caracteres_de_controle_signales(tmp_path):
    chemin = fab.json_controle(tmp_path)
    lecture = lire_decp_json(chemin)
    controles = [p for p in lecture.problemes if p.code == "caractere_de_controle"]
    assert [(p.colonne, p.valeur, p.gravite) for p in controles] == [
        ("objet", "Travaux⟨U+001B⟩[2J", AVERTISSEMENT), ("titulaires", "Jardins⟨U+0000⟩SARL", AVERTISSEMENT)]
    assert str(controles[0]) == (
        f"Avertissement — {chemin}, ligne 1, colonne « objet » (valeur : « Travaux⟨U+001B⟩[2J ») : enregistrement "
        "n° 1 (id A) : caractère de contrôle invisible U+001B (ÉCHAP) dans le texte : la ligne est gardée, mais ce "
        "caractère brouille l'affichage et est interdit dans un classeur. Supprimez les caractères de contrôle du "
        "fichier source : ils viennent souvent d'un copier-coller ou d'un export défectueux (la valeur citée les "
        "montre sous la forme ⟨U+…⟩).")
    assert "\x1b" not in str(controles[0])  # le message lui-même ne brouille pas le terminal


def test_json_sans_id_repetes(tmp_path):
    lecture = lire_decp_json(fab.json_sans_id_repetes(tmp_path))
    assert lecture.table["montant_ht"].tolist() == [1000.0, 2000.0]
    assert [p.ligne for p in lecture.problemes if p.code == "id_absent"] == [1, 2, 3]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="pas de tube nommé sur ce système")
@pytest.mark.parametrize("lire", [lire_decp_json, lire_achats, lire_marches])
def test_tube_nomme_refuse_sans_attendre(tmp_path, lire):
    chemin = tmp_path / "tube.json" if lire is lire_decp_json else tmp_path / "tube.csv"
    os.mkfifo(chemin)
    assert erreur(lire, chemin) == (
        f"{chemin} : ce n'est pas un fichier ordinaire (dossier, tube nommé ou périphérique). Donnez le chemin "
        "d'un fichier CSV, XLSX, ODS ou JSON enregistré sur le disque.")


@pytest.mark.parametrize("chemin", ["/dev/null", "/tmp"])
def test_peripherique_ou_dossier_refuse(chemin):
    assert erreur(lire_achats, chemin).startswith(f"{chemin} : ce n'est pas un fichier ordinaire")


# --- CSV -------------------------------------------------------------------------------------------

def test_csv_de_300000_colonnes(tmp_path):
    chemin = fab.csv_colonnes(tmp_path, 300_000)
    assert erreur(lire_achats, chemin) == (
        f"{chemin} : la ligne 1 a 300{FINE}003 cellules : le kit lit au plus 1{FINE}000 colonnes. Gardez seulement les "
        "colonnes utiles (date, fournisseur, montant…), puis enregistrez à nouveau.")


def test_csv_colonnes_vides_en_fin_de_ligne_ignorees(tmp_path):
    chemin = fab.csv_colonnes_vides(tmp_path, 20_000)
    lecture = lire_achats(chemin)
    assert lecture.table["montant_ht"].tolist() == [100.0] * 3
    assert [str(p) for p in lecture.problemes] == [(
        f"Avertissement — {chemin}, ligne 1 : l'en-tête est suivi de colonnes vides jusqu'à la colonne 20{FINE}003 ; "
        "seules les 3 premières colonnes, qui ont un titre, sont lues. Supprimez les colonnes vides à droite du "
        "tableau avant l'export.")]


def test_csv_ligne_demesuree(tmp_path):
    chemin = fab.csv_ligne_demesuree(tmp_path)
    assert erreur(lire_achats, chemin) == (
        f"{chemin} : la ligne 1 fait plus de 1{FINE}000{FINE}000 caractères : ce n'est pas un tableau que le kit peut "
        "lire (c'est sa limite). Vérifiez qu'il s'agit bien d'un export CSV ; sinon, ouvrez-le dans un tableur et "
        "enregistrez-le en CSV.")


def test_csv_trop_gros(tmp_path, monkeypatch):
    monkeypatch.setattr(limites, "CSV_OCTETS_MAX", 1 * limites.MO)
    chemin = fab.csv_lignes(tmp_path, 50_000)
    assert erreur(lire_achats, chemin) == (
        f"{chemin} : le fichier fait 1 Mo, au-delà de la limite du kit pour un CSV (1 Mo). Découpez-le (une "
        "année ou un service par fichier) ou gardez seulement les lignes utiles.")


def test_csv_trop_de_lignes(tmp_path, monkeypatch):
    monkeypatch.setattr(limites, "LIGNES_MAX", 40)
    chemin = fab.csv_lignes(tmp_path, 41)
    assert erreur(lire_achats, chemin) == (
        f"{chemin} : le fichier a plus de 40 lignes de données : c'est la limite du kit. Découpez-le (une année "
        "ou un service par fichier) ou gardez seulement les lignes utiles.")
    assert len(lire_achats(fab.csv_lignes(tmp_path, 40)).table) == 40


def test_csv_moitie_utf8_moitie_windows(tmp_path):
    chemin = fab.csv_encodages_meles(tmp_path)
    lecture = lire_achats(chemin)
    assert lecture.table["fournisseur"].tolist() == ["Société Éclair", "Crèche Bébé", "Société Générale"]
    assert [str(p) for p in lecture.problemes] == [(
        f"Avertissement — {chemin}, ligne 4 : cette ligne est encodée en Windows-1252 (cp1252), le reste du fichier "
        "en UTF-8 ; elle a été lue en Windows-1252 (cp1252) pour garder ses accents. Vérifiez les accents de cette "
        "ligne, puis enregistrez le fichier entier en UTF-8 (dans le tableur : Enregistrer sous, CSV, jeu de "
        "caractères UTF-8).")]


def test_csv_surtout_windows_quelques_lignes_utf8(tmp_path):
    chemin = tmp_path / "meles.csv"
    chemin.write_bytes(("Date;Fournisseur;Montant HT\n15/01/2024;Élan;1\n16/01/2024;Hôtel;2\n").encode("cp1252")
                       + "17/01/2024;Crèche;3\n".encode())
    lecture = lire_achats(chemin)
    assert lecture.table["fournisseur"].tolist() == ["Élan", "Hôtel", "Crèche"]
    assert [(p.ligne, p.code) for p in lecture.problemes] == [(4, "encodage_mixte")]
    assert lecture.problemes[0].message.startswith("cette ligne est encodée en UTF-8, le reste du fichier en "
                                                   "Windows-1252 (cp1252)")


def test_csv_windows_pur_sans_avertissement():
    lecture = lire_achats(DONNEES / "tableurs" / "cp1252.csv")
    assert lecture.problemes == []


def test_csv_caracteres_de_controle(tmp_path):
    chemin = fab.csv_controle(tmp_path)
    lecture = lire_achats(chemin)
    assert lecture.table["fournisseur"].tolist() == ["Papeterie\x1b[31mDurand", "Gar\x00age"]  # gardés tels quels
    assert [(p.ligne, p.valeur, p.code) for p in lecture.problemes] == [
        (2, "Papeterie⟨U+001B⟩[31mDurand", "caractere_de_controle"), (3, "Gar⟨U+0000⟩age", "caractere_de_controle")]
    assert lecture.problemes[1].message == (
        "caractère de contrôle invisible U+0000 (NUL) dans le texte : la ligne est gardée, mais ce caractère "
        "brouille l'affichage et est interdit dans un classeur.")


def test_csv_ligne_de_total_signalee_et_laissee_de_cote(tmp_path):
    chemin = fab.csv_total(tmp_path)
    lecture = lire_achats(chemin)
    assert lecture.table["fournisseur"].tolist() == ["Papeterie Durand", "TOTAL ENERGIES"]  # un fournisseur, pas un total
    assert [str(p) for p in lecture.problemes] == [(
        f"Avertissement — {chemin}, ligne 5, colonne « Date » (valeur : « Total général ») : ligne de total : ce "
        "n'est pas une ligne de données, elle est laissée de côté. Rien à faire si c'est bien un total. Si c'est "
        "une vraie ligne, renommez cette cellule ou complétez la date de la ligne.")]


# --- XLSX ------------------------------------------------------------------------------------------

def test_xlsx_titre_et_total_general(tmp_path):
    chemin = fab.xlsx_titre_et_total(tmp_path)
    lecture = lire_achats(chemin)
    assert lecture.table["fournisseur"].tolist() == ["Papeterie Durand", "Garage Martin"]
    assert lecture.table["montant_ht"].tolist() == [100.5, 200.0]
    assert [(p.ligne, p.colonne, p.valeur, p.code) for p in lecture.problemes] == [
        (6, "Fournisseur", "Total général", "ligne_de_total")]
    assert lecture.lignes_ecartees == 0


def test_xlsx_qui_se_decompresse_au_dela_de_la_limite(tmp_path, monkeypatch):
    monkeypatch.setattr(limites, "CLASSEUR_DECOMPRESSE_MAX", 1 * limites.MO)
    chemin = fab.xlsx_bombe(tmp_path, 30_000)
    assert chemin.stat().st_size < 100_000
    assert erreur(lire_achats, chemin) == (
        f"{chemin} : le classeur se décompresse en 1 Mo, au-delà de la limite du kit (1 Mo). Enregistrez la feuille "
        "en CSV (séparateur « ; », UTF-8) : le kit lit un CSV bien plus vite, jusqu'à 256 Mo.")


def test_xlsx_valeur_en_colonne_xfd(tmp_path):
    chemin = fab.xlsx_cellule_lointaine(tmp_path)
    assert erreur(lire_achats, chemin) == (
        f"{chemin} : la feuille « Feuille1 » a une valeur en colonne 16{FINE}384 (ligne 1{FINE}048{FINE}576) : le kit lit "
        f"au plus 1{FINE}000 colonnes. Supprimez les colonnes inutiles (ou les cellules isolées loin à droite du "
        "tableau), puis enregistrez à nouveau.")


def test_xlsx_cellules_vides_mises_en_forme_jusqu_a_xfd(tmp_path):
    lecture = lire_achats(fab.xlsx_cellules_vides_lointaines(tmp_path))
    assert (len(lecture.table), lecture.problemes) == (1, [])


def test_xlsx_trop_de_lignes(tmp_path, monkeypatch):
    monkeypatch.setattr(limites, "LIGNES_MAX", 20)
    chemin = fab.xlsx_lignes(tmp_path, 60)
    assert erreur(lire_achats, chemin) == (
        f"{chemin} : la feuille « Feuille1 » a plus de 20 lignes : c'est la limite du kit. Découpez le fichier "
        "(une année ou un service par fichier) ou filtrez les lignes utiles.")


def test_xlsx_trop_de_parties(tmp_path, monkeypatch):
    monkeypatch.setattr(limites, "CLASSEUR_PARTIES_MAX", 10)
    chemin = fab.xlsx_parties(tmp_path, 20)
    assert erreur(lire_achats, chemin) == (
        f"{chemin} : le classeur contient 25 parties : le kit en accepte au plus 10. Ce n'est sans doute pas un "
        "classeur ordinaire : enregistrez la feuille utile en CSV.")


# --- ODS -------------------------------------------------------------------------------------------

def test_ods_ligne_repetee_cinq_millions_de_fois(tmp_path):
    chemin = fab.ods_lignes_repetees(tmp_path, 5_000_000)
    assert erreur(lire_achats, chemin) == (
        f"{chemin} : la feuille « Feuille1 » a plus de 2{FINE}000{FINE}000 lignes : c'est la limite du kit. Découpez le "
        "fichier (une année ou un service par fichier) ou filtrez les lignes utiles.")


def test_ods_ligne_repetee_lue_en_entier(tmp_path):
    lecture = lire_achats(fab.ods_lignes_repetees(tmp_path, 1_000))
    assert len(lecture.table) == 1_000 and lecture.problemes == []


def test_ods_cellule_repetee_sur_16384_colonnes(tmp_path):
    chemin = fab.ods_colonnes_repetees(tmp_path)
    assert erreur(lire_achats, chemin) == (
        f"{chemin} : la feuille « Feuille1 » a une valeur en colonne 16{FINE}384 (ligne 2) : le kit lit au plus "
        f"1{FINE}000 colonnes. Supprimez les colonnes inutiles (ou les cellules isolées loin à droite du tableau), "
        "puis enregistrez à nouveau.")


def test_ods_cent_millions_de_cellules(tmp_path):
    chemin = fab.ods_cellules(tmp_path, 1_000, 100_000)
    assert erreur(lire_achats, chemin) == (
        f"{chemin} : le classeur a plus de 10{FINE}000{FINE}000 cellules remplies : c'est la limite du kit. Gardez "
        "seulement les colonnes et les lignes utiles, ou enregistrez la feuille en CSV.")


def test_ods_un_milliard_d_espaces(tmp_path):
    chemin = fab.ods_espaces(tmp_path)
    assert erreur(lire_achats, chemin) == (
        f"{chemin} : une cellule contient plus de 1{FINE}000{FINE}000 caractères : c'est la limite du kit. Raccourcissez "
        "ce texte ou supprimez la cellule, puis enregistrez à nouveau.")


def test_ods_lignes_et_colonnes_vides_de_libreoffice(tmp_path):
    lecture = lire_achats(fab.ods_vides_repetees(tmp_path))
    assert (len(lecture.table), lecture.problemes) == (1, [])


def test_ods_milliard_de_rires(tmp_path):
    # L'analyseur XML (expat ≥ 2.4) refuse l'expansion d'entités démesurée.
    chemin = fab.ods_milliard_de_rires(tmp_path)
    assert erreur(lire_achats, chemin) == (
        f"{chemin} : le classeur ne peut pas être ouvert (ParseError). Vérifiez qu'il s'agit bien d'un fichier XLSX "
        "ou ODS non protégé par un mot de passe, ou enregistrez-le en CSV.")


# --- Objectifs -------------------------------------------------------------------------------------

def test_objectif_d_un_million_de_caracteres():
    with pytest.raises(ErreurParametre) as info:
        analyser_objectif(fab.objectif_long(1_000_000))
    assert str(info.value) == (
        f"Le texte de l'objectif fait 1{FINE}000{FINE}000 caractères : l'analyse SMART en accepte au plus 5{FINE}000 (un "
        "objectif tient en une phrase ou un paragraphe). Raccourcissez-le, ou découpez-le en plusieurs objectifs.")


def test_objectif_a_la_limite_analyse():
    analyse = analyser_objectif(fab.objectif_long(limites.OBJECTIF_CARACTERES_MAX))
    assert analyse.objectif.cible == 30.0


@pytest.mark.parametrize("nombre", ["9" * 4_500, "1" + " 000" * 1_100])
def test_objectif_plein_de_chiffres_sans_plantage(nombre):
    # 4 500 chiffres : au-delà de la limite de conversion des entiers de Python (4 300), qui levait ValueError.
    analyse = analyser_objectif(f"Atteindre {nombre} heures d'insertion d'ici 2030.")
    assert analyse.verdicts["temporel"].niveau == "rempli"
    assert analyse.objectif.cible is None  # une suite de plus de 18 chiffres n'est pas une cible
