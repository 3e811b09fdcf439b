import hashlib
import re

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spaserlib.commun.erreurs import ErreurFichier, ErreurParametre, ErreurSpaser
from spaserlib.lecture.fichiers import lire_achats, lire_marches
from spaserlib.commun.tables import COLONNES_ACHATS, COLONNES_MARCHES
from spaserlib.lecture.resultat import Lecture
from tests import TESTS

TABLEURS = TESTS / "donnees" / "tableurs"
REELLES = TESTS / "donnees" / "reelles"


def achats(nom, **options) -> Lecture:
    return lire_achats(TABLEURS / nom, **options)


def codes(lecture: Lecture) -> list[tuple]:
    return [(p.ligne, p.colonne, p.valeur, p.code, p.gravite) for p in lecture.problemes]


# --- séparateurs et encodages -------------------------------------------------------------------

@pytest.mark.parametrize("nom", ["point_virgule.csv", "virgule.csv", "tabulation.csv", "barre.csv"])
def test_separateur_detecte(nom):
    lecture = achats(nom)
    assert lecture.table["fournisseur"].iloc[0] == "Papeterie Durand"
    assert lecture.problemes == []


def test_virgule_avec_montant_entre_guillemets():
    assert achats("virgule.csv").table["montant_ht"].tolist() == [1234.56, 80.5]


@pytest.mark.parametrize(
    "nom, fournisseur",
    [("cp1252.csv", "Société Générale d'Équipement"), ("bom.csv", "Boulangerie Éclair")],
)
def test_encodage_detecte(nom, fournisseur):
    lecture = achats(nom)
    assert lecture.table["fournisseur"].tolist() == [fournisseur]
    assert list(lecture.table.columns) == COLONNES_ACHATS


def test_espaces_insecables_et_fines():
    lecture = achats("espaces.csv")
    assert lecture.table["montant_ht"].tolist() == [1234.56, 1234.56, 1234.56, -45.0, 1234.56]
    assert lecture.problemes == []


def test_trois_formes_de_dates():
    dates = achats("dates.csv").table["date"].dt.strftime("%Y-%m-%d").tolist()
    assert dates == ["2024-12-31", "2024-12-31", "2018-12-17", "2024-12-31"]


# --- en-tête, alias, montants TTC ---------------------------------------------------------------

def test_preambule_au_dessus_de_l_en_tete_et_numeros_de_ligne():
    lecture = achats("preambule.csv")
    assert lecture.lignes_lues == 2
    assert lecture.table["fournisseur"].tolist() == ["Papeterie Durand", "Garage Martin"]


def test_numero_de_ligne_compte_le_preambule(tmp_path):
    fichier = tmp_path / "p.csv"
    fichier.write_text("Titre\n\nDate;Fournisseur;Montant HT\n15/01/2024;A;10\n15/01/2024;B;abc\n", encoding="utf-8")
    (probleme,) = lire_achats(fichier).problemes
    assert (probleme.ligne, probleme.colonne, probleme.valeur) == (5, "Montant HT", "abc")


def test_alias_de_colonnes():
    lecture = achats("alias.csv")
    ligne = lecture.table.iloc[0]
    assert ligne["fournisseur"] == "Papeterie Durand"
    assert ligne["siret"] == "73282932000074"
    assert ligne["cpv"] == "30192000"
    assert ligne["objet"] == "Ramettes"
    assert ligne["marche_id"] == "2024-001"
    assert ligne["montant_ht"] == 100.0
    assert ligne["famille"] == "F-BURO"  # déduite du CPV 30192000 (fournitures de bureau)


def test_montant_ttc_seul_est_refuse():
    message = (
        "la seule colonne de montant, « Montant TTC », est toutes taxes comprises (TTC) ; le kit compte en euros "
        "HT et ne convertit pas sans qu'on le lui demande. Ajoutez une colonne de montant HT, ou demandez la "
        "conversion au taux de TVA voulu : lire_achats(chemin, convertir_ttc=0.2) ou, en ligne de commande, "
        "--ttc-vers-ht 20."
    )
    with pytest.raises(ErreurFichier, match=re.escape(message)):
        achats("ttc_seul.csv")


def test_montant_ttc_converti_sur_demande():
    lecture = achats("ttc_seul.csv", convertir_ttc=0.2)
    assert lecture.table["montant_ht"].tolist() == [pytest.approx(100.0)]
    (probleme,) = lecture.problemes
    assert probleme.code == "conversion_ttc" and probleme.ligne is None
    assert probleme.message.startswith("montants HT calculés depuis la colonne TTC « Montant TTC » au taux de 20 %")


def test_conversion_ignoree_quand_il_y_a_du_ht():
    lecture = achats("point_virgule.csv", convertir_ttc=0.2)
    assert lecture.table["montant_ht"].iloc[0] == 1234.56
    assert [p.code for p in lecture.problemes] == ["conversion_ttc_inutile"]


@pytest.mark.parametrize("taux", [20, -0.1, 1, "vingt"])
def test_taux_de_conversion_invalide(taux):
    with pytest.raises(ErreurParametre, match=r"convertir_ttc doit être un taux de TVA en fraction"):
        achats("ttc_seul.csv", convertir_ttc=taux)


def test_montant_sans_precision_lu_comme_ht_avec_avertissement():
    lecture = achats("montant_sans_precision.csv")
    assert lecture.table["montant_ht"].tolist() == [100.0]
    assert codes(lecture) == [(None, "Montant", None, "montant_ht_suppose", "avertissement")]


def test_colonne_obligatoire_manquante(tmp_path):
    fichier = tmp_path / "sans_fournisseur.csv"
    fichier.write_text("Date;Objet;Montant HT\n15/01/2024;Ramettes;10\n", encoding="utf-8")
    message = ("colonne(s) obligatoire(s) introuvable(s) pour des achats : fournisseur (ligne d'en-tête 1 : "
               "« Date », « Objet », « Montant HT »). Renommez les colonnes dans le fichier ou une copie "
               "(fournisseur : « Fournisseur », « Raison sociale », « Tiers »).")
    with pytest.raises(ErreurFichier, match=re.escape(message)):
        lire_achats(fichier)


def test_sans_en_tete_reconnaissable(tmp_path):
    fichier = tmp_path / "x.csv"
    fichier.write_text("a;b;c\n1;2;3\n", encoding="utf-8")
    with pytest.raises(ErreurFichier, match=r"aucune ligne d'en-tête reconnue dans les 30 premières lignes\."):
        lire_achats(fichier)


def test_cellules_en_trop():
    message = "cellules_en_trop.csv : ligne 4 : 4 cellules au lieu des 3 de l'en-tête."
    with pytest.raises(ErreurFichier, match=re.escape(message)):
        achats("cellules_en_trop.csv")


@pytest.mark.parametrize(
    "contenu, message",
    [(b"", "le fichier est vide."), (None, "fichier introuvable.")],
)
def test_fichier_vide_ou_absent(tmp_path, contenu, message):
    fichier = tmp_path / "f.csv"
    if contenu is not None:
        fichier.write_bytes(contenu)
    with pytest.raises(ErreurFichier, match=re.escape(message)):
        lire_achats(fichier)


def test_json_refuse_pour_des_achats(tmp_path):
    fichier = tmp_path / "decp.json"
    fichier.write_text("[]", encoding="utf-8")
    with pytest.raises(ErreurFichier, match="un fichier JSON \\(DECP\\) décrit des marchés, pas des dépenses"):
        lire_achats(fichier)


# --- identifiants -------------------------------------------------------------------------------

def test_siret_zero_de_tete_rendu_et_cle_fausse_signalee():
    lecture = achats("siret_sans_zero.csv")
    assert lecture.table["siret"].tolist() == ["05520135900019", "73282932000075"]
    assert codes(lecture) == [(3, "SIRET", "73282932000075", "siret_invalide", "avertissement")]


def test_cpv_normalises_et_signales():
    lecture = achats("cpv.csv")
    assert lecture.table["cpv"].tolist()[:5] == ["03000000", "30192000", "30192000", "30192000", "12345678"]
    assert pd.isna(lecture.table["cpv"].iloc[5])
    assert codes(lecture) == [
        (5, "CPV", "30192000-9", "cpv_cle_fausse", "avertissement"),
        (6, "CPV", "12345678", "cpv_inconnu", "avertissement"),
        (7, "CPV", "papier", "cpv_illisible", "avertissement"),
    ]
    assert lecture.lignes_ecartees == 0


# --- validation : erreurs et avertissements -----------------------------------------------------

def test_toutes_les_erreurs_sont_collectees():
    lecture = achats("erreurs.csv")
    assert codes(lecture) == [
        (2, "Montant HT", "abc", "montant_illisible", "erreur"),
        (3, "Date", "32/01/2024", "date_illisible", "erreur"),
        (4, "Fournisseur", None, "fournisseur_absent", "erreur"),
        (5, "Montant HT", None, "montant_absent", "erreur"),
        (7, "Date", "15/01/2099", "date_future", "avertissement"),
    ]
    assert (lecture.lignes_lues, lecture.lignes_gardees, lecture.lignes_ecartees) == (6, 2, 4)
    assert lecture.table["fournisseur"].tolist() == ["Imprimerie", "Traiteur"]
    assert lecture.resume()["erreurs_par_genre"] == {
        "montant_illisible": 1, "date_illisible": 1, "fournisseur_absent": 1, "montant_absent": 1}


def test_message_exact_d_un_probleme():
    probleme = achats("erreurs.csv").problemes[0]
    assert str(probleme) == (
        f"Erreur — {TABLEURS / 'erreurs.csv'}, ligne 2, colonne « Montant HT » (valeur : « abc ») : montant "
        "illisible : la ligne est écartée. Écrivez un nombre, par exemple « 1 234,56 » ou « 1234.56 »."
    )


def test_montants_sentinelles_et_nuls():
    lecture = achats("sentinelle.csv")
    assert codes(lecture) == [
        (2, "Montant HT", "99999999", "montant_sentinelle", "avertissement"),
        (3, "Montant HT", "999999999,00", "montant_sentinelle", "avertissement"),
        (4, "Montant HT", "0", "montant_nul", "avertissement"),
    ]
    assert lecture.lignes_gardees == 4


def test_caracteres_perdus():
    lecture = achats("caracteres_perdus.csv")
    assert [(p.ligne, p.colonne, p.code) for p in lecture.problemes] == [
        (2, "Fournisseur", "caracteres_perdus"), (2, "Objet", "caracteres_perdus")]


def test_lignes_vides_ignorees_et_comptees():
    lecture = achats("lignes_vides.csv")
    assert lecture.lignes_lues == 2
    assert lecture.table["fournisseur"].tolist() == ["A", "B"]
    assert [(p.code, p.message) for p in lecture.problemes] == [
        ("lignes_vides", "2 ligne(s) entièrement vide(s) ignorée(s).")]


# --- classeurs ----------------------------------------------------------------------------------

@pytest.mark.parametrize("nom", ["depenses.xlsx", "depenses.ods"])
def test_classeurs_avec_preambule(nom):
    lecture = achats(nom)
    table = lecture.table
    assert table["fournisseur"].tolist() == ["Papeterie Durand", "Garage Martin", "Société Éclair"]
    assert table["siret"].tolist()[:2] == ["73282932000074", "05520135900019"]  # nombre : zéro rendu
    assert table["montant_ht"].tolist() == [1234.56, 1000.0, 80.0]
    assert table["date"].dt.strftime("%d/%m/%Y").tolist() == ["15/01/2024", "20/02/2024", "01/03/2024"]
    assert table["cpv"].tolist()[:2] == ["30192000", "50112000"]
    assert lecture.problemes == []


def test_classeur_abime(tmp_path):
    fichier = tmp_path / "faux.xlsx"
    fichier.write_bytes(b"ceci n'est pas un classeur")
    with pytest.raises(ErreurFichier, match=r"le classeur ne peut pas être ouvert \(BadZipFile\)"):
        lire_achats(fichier)


# --- marchés d'un tableur : regroupement des lots -----------------------------------------------

def test_regroupement_des_lots_et_co_titulaires():
    lecture = lire_marches(TABLEURS / "marches_lots.csv")
    table = lecture.table.set_index("id")
    assert list(lecture.table.columns) == COLONNES_MARCHES
    assert list(table.index) == ["M1", "M2", "M3", "M4"]
    # M1 : deux lots (« 01 » et « 2 ») sommés ; M2 : lot 1 à trois co-titulaires compté une fois + lot 2.
    assert table.loc["M1", "montant_ht"] == 1500.0
    assert table.loc["M2", "montant_ht"] == 500.0
    assert table.loc["M2", "titulaires"] == "IMPRIMEUR A; IMPRIMEUR B; IMPRIMEUR C"
    assert table.loc["M1", "date_notification"] == pd.Timestamp("2019-12-23")
    # M3 : identifiant réutilisé pour deux objets sans lot : un contrat, signalé, montants sommés.
    assert table.loc["M3", "montant_ht"] == 125.0
    assert pd.isna(table.loc["M4", "montant_ht"])
    assert pd.isna(table.loc["M4", "consideration_sociale"])  # inconnu, jamais « non »
    assert codes(lecture) == [
        (8, "MARCHE_ID", "M3", "identifiant_repete", "avertissement"),
        (9, "MARCHE_ID", "M3", "identifiant_repete", "avertissement"),
        (10, "MONTANT", "None", "montant_absent", "avertissement"),  # valeur telle qu'écrite
        (10, "TITULAIRES_DENOMINATION", None, "titulaire_absent", "avertissement"),
        (11, "MARCHE_ID", None, "identifiant_absent", "erreur"),
    ]
    assert lecture.problemes[0].message == (
        "l'identifiant « M3 » couvre des lignes d'objets différents sans numéro de lot : elles sont regroupées "
        "en un seul contrat, dont le montant est leur somme.")
    resume = lecture.resume()
    assert (resume["lignes_lues"], resume["lignes_ecartees"], resume["contrats_avant_regroupement"],
            resume["contrats"]) == (10, 1, 9, 4)


def test_montants_differents_dans_un_lot(tmp_path):
    fichier = tmp_path / "m.csv"
    fichier.write_text("N° marché;Lot;Montant;Titulaire\nA;1;100;X\nA;1;120;Y\n", encoding="utf-8")
    lecture = lire_marches(fichier)
    assert lecture.table["montant_ht"].tolist() == [120.0]
    assert [p.code for p in lecture.problemes] == ["montants_differents_meme_lot"] * 2
    premier = lecture.problemes[0]
    assert (premier.ligne, premier.colonne, premier.valeur) == (2, "Montant", "100")
    assert premier.message == ("les lignes du lot « 1 » du marché « A » n'ont pas le même montant : le plus grand "
                               "est compté une fois pour le lot.")


def test_strasbourg_reel_217_contrats():
    chemin = REELLES / "strasbourg_commune_achats_2019.csv"
    lecture = lire_marches(chemin)
    brut = pd.read_csv(chemin, sep=";", dtype=str, keep_default_na=False)
    attendu = brut.groupby(["ACHETEURS_NOM", "MARCHE_ID"]).ngroups
    assert attendu == 217 and len(lecture.table) == attendu
    assert lecture.lignes_lues == 245 and lecture.lignes_ecartees == 0
    par_genre = lecture.resume()["problemes_par_genre"]
    assert par_genre == {"montant_absent": 26, "identifiant_repete": 6, "titulaire_absent": 1}
    lot_partage = lecture.table.set_index("id").loc["19-175663"]
    assert lot_partage["montant_ht"] == 10000 + 12500 + 10000  # lots 1, 2 et 4 comptés une fois chacun


def test_marches_colonne_obligatoire_manquante(tmp_path):
    fichier = tmp_path / "m.csv"
    fichier.write_text("N° marché;Objet;Titulaire\nA;x;y\n", encoding="utf-8")
    with pytest.raises(ErreurFichier, match=re.escape("introuvable(s) pour des marchés : montant_ht")):
        lire_marches(fichier)


# --- le fichier d'entrée n'est jamais modifié ---------------------------------------------------

@pytest.mark.parametrize(
    "nom, lire",
    [("cp1252.csv", lire_achats), ("bom.csv", lire_achats), ("depenses.xlsx", lire_achats),
     ("depenses.ods", lire_achats), ("marches_lots.csv", lire_marches),
     ("../decp/reels/tabulaire_extrait.csv", lire_marches),
     ("../decp/reels/decp2024_megalis_59920013600241_2024-07-09.json", lire_marches)],
)
def test_fichier_intact_apres_lecture(nom, lire):
    chemin = TABLEURS / nom
    avant = hashlib.sha256(chemin.read_bytes()).hexdigest()
    mtime = chemin.stat().st_mtime_ns
    lire(chemin)
    assert hashlib.sha256(chemin.read_bytes()).hexdigest() == avant
    assert chemin.stat().st_mtime_ns == mtime


# --- propriété : rien d'autre que des ErreurSpaser ----------------------------------------------

def _lire_ou_erreur_du_kit(fonction, chemin):
    try:
        resultat = fonction(chemin)
    except ErreurSpaser:
        return
    assert isinstance(resultat, Lecture)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(contenu=st.binary(max_size=300), extension=st.sampled_from([".csv", ".xlsx", ".ods", ".json", ".txt"]))
def test_octets_arbitraires(tmp_path, contenu, extension):
    chemin = tmp_path / f"f{extension}"
    chemin.write_bytes(contenu)
    _lire_ou_erreur_du_kit(lire_achats, chemin)
    _lire_ou_erreur_du_kit(lire_marches, chemin)


_cellule = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["Date", "Fournisseur", "Montant HT", "MONTANT", "N° marché", "Lot", "Titulaire", "CPV",
                     "SIRET", "Montant TTC", "1 234,56 €", "31/12/2024", "None", "", "\"", "30192000-1"]),
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lignes=st.lists(st.lists(_cellule, min_size=1, max_size=5), min_size=1, max_size=6),
       separateur=st.sampled_from([";", ",", "\t", "|"]))
def test_texte_csv_arbitraire(tmp_path, lignes, separateur):
    chemin = tmp_path / "f.csv"
    chemin.write_text("\n".join(separateur.join(l) for l in lignes), encoding="utf-8", errors="surrogatepass")
    _lire_ou_erreur_du_kit(lire_achats, chemin)
    _lire_ou_erreur_du_kit(lire_marches, chemin)


# --- marchés DECP : confiés à spaserlib.lecture.decp_json ----------------------------------------------------

DECP = TESTS / "donnees" / "decp"


def test_lire_marches_confie_le_json_decp_a_decp():
    from spaserlib.lecture.decp_json import lire_decp_json

    chemin = DECP / "reels" / "decp2024_e-marchespublics_1marche_avec_modifications.json"
    lecture = lire_marches(chemin)
    attendu = lire_decp_json(chemin)
    assert lecture.genre == "marches"
    pd.testing.assert_frame_equal(lecture.table, attendu.table)


def test_lire_marches_reconnait_le_csv_decp_tabulaire():
    from spaserlib.lecture.decp_csv import lire_decp_tabulaire

    chemin = DECP / "reels" / "tabulaire_extrait.csv"
    assert len(lire_marches(chemin).table) == len(lire_decp_tabulaire(chemin).table)
    with pytest.raises(ErreurFichier, match="ce fichier est un export DECP tabulaire : il décrit des marchés"):
        lire_achats(chemin)


def test_considerations_d_un_tableur_de_marches(tmp_path):
    fichier = tmp_path / "m.csv"
    fichier.write_text(
        "Identifiant;Montant;Titulaire;Considérations sociales;Considérations environnementales\n"
        "A;10;X;Clause sociale;Pas de considération environnementale\n"
        "B;10;Y;;\n", encoding="utf-8")
    table = lire_marches(fichier).table.set_index("id")
    assert table.loc["A", "consideration_sociale"] == True  # noqa: E712
    assert table.loc["A", "consideration_environnementale"] == False  # noqa: E712
    assert pd.isna(table.loc["B", "consideration_sociale"]) and pd.isna(table.loc["B", "consideration_environnementale"])


def test_colonnes_canoniques_se_relisent(tmp_path):
    # Un fichier aux colonnes du kit (par exemple une table exportée) se relit sans perte.
    fichier = tmp_path / "canonique.csv"
    fichier.write_text(
        "id,acheteur_id,objet,cpv,famille,nature,procedure,montant_ht,date_notification,duree_mois,titulaires,"
        "titulaires_ids,considerations_sociales,considerations_environnementales\n"
        "M1,21990499200019,Peintures,44810000,F-BURO,Marché,Procédure adaptée,48800.00,2023-01-11,24,A SARL,"
        "73282932000074,Clause sociale,Pas de considération environnementale\n", encoding="utf-8")
    ligne = lire_marches(fichier).table.iloc[0]
    assert (ligne["acheteur_id"], ligne["famille"], ligne["titulaires_ids"], ligne["duree_mois"]) == (
        "21990499200019", "F-BURO", "73282932000074", 24.0)
    assert ligne["consideration_sociale"] == True and ligne["consideration_environnementale"] == False  # noqa: E712


def test_famille_donnee_gardee_ou_signalee(tmp_path):
    fichier = tmp_path / "f.csv"
    fichier.write_text("Date;Fournisseur;Famille;CPV;Montant HT\n15/01/2024;A;F-BURO;;10\n15/01/2024;B;Z-99;;10\n"
                       "15/01/2024;C;;30192000;10\n", encoding="utf-8")
    lecture = lire_achats(fichier)
    assert lecture.table["famille"].tolist() == ["F-BURO", "Z-99", "F-BURO"]
    assert codes(lecture) == [(3, "Famille", "Z-99", "famille_inconnue", "avertissement")]


def test_premiere_ligne_avec_une_cellule_de_trop(tmp_path):
    """pandas ferait de la première colonne un index : le kit signale la ligne mal formée."""
    chemin = tmp_path / "marches.csv"
    chemin.write_text("Montant HT;N° marché\n12,5;M1;en trop\n13;M2\n", encoding="utf-8")
    with pytest.raises(ErreurFichier, match="ligne 2 : 3 cellules au lieu des 2 de l'en-tête"):
        lire_marches(chemin)
