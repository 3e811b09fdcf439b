"""Le projet de SPASER qu'une assemblée peut voter (issue 14, point 6) : édition et validité, périmètre et
moyens, calendrier, axe d'économie équitable quand les données le permettent, cibles de formation et
EGalim, taux actuels en nombre et en valeur, rapport de présentation, projet de délibération, annexes, et
aucun statut auto-certifié (« respectée »)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from spaserlib.analyse.obligations import A_RISQUE, NON_APPLICABLE, NON_RESPECTEE, RESPECTEE, evaluer_obligations
from spaserlib.analyse.pareto import classer_pareto, phrase_pareto
from spaserlib.analyse.profil import chiffres_cles
from spaserlib.commun.format_fr import euros_courts, pourcentage
from spaserlib.commun.tables import COLONNES_ACHATS, COLONNES_MARCHES
from spaserlib.documents.diagnostic import SITUATIONS_SPASER, statut_du_projet
from spaserlib.documents.economie_equitable import fournisseurs_nouveaux
from spaserlib.documents.edition import edition_du_schema
from spaserlib.documents.projet_spaser import A_COMPLETER, construire_projet, ecrire_html
from spaserlib.lecture.organisation import Organisation, charger_organisation
from spaserlib.objectifs.fichiers import lire_objectifs
from tests import RACINE, TESTS
from tests.documents.test_rapport import INTERDITS, lire_page

COMMUNE = TESTS / "donnees" / "rapport" / "commune"
OBJECTIFS = TESTS / "donnees" / "rapport" / "objectifs.yaml"
JOUR = date(2026, 12, 2)


def achat(jour, fournisseur, famille, cpv, montant):
    return {"date": pd.Timestamp(jour), "fournisseur": fournisseur, "siret": pd.NA, "famille": famille, "cpv": cpv,
            "montant_ht": float(montant), "objet": "x", "marche_id": pd.NA, "acheteur": pd.NA}


def _booleen(valeur):
    """Le booléen que la lecture tire de la valeur DECP (NA : inconnu)."""
    if valeur is None or valeur is pd.NA:
        return pd.NA
    return not valeur.startswith("Pas de")


def marche(ident, jour, montant, sociale, environnementale=None):
    return {"id": ident, "acheteur_id": "21000000000001", "objet": "x", "cpv": "45000000", "famille": "T-BAT",
            "nature": "Marché", "procedure": "Procédure adaptée", "montant_ht": float(montant),
            "date_notification": pd.Timestamp(jour), "duree_mois": 12.0, "titulaires": "T", "titulaires_ids": "",
            "considerations_sociales": sociale, "considerations_environnementales": environnementale,
            "consideration_sociale": _booleen(sociale), "consideration_environnementale": _booleen(environnementale)}


def organisation(achats=(), marches=(), type_organisation="commune", nom="Commune d'Essai") -> Organisation:
    return Organisation(nom=nom, type=type_organisation,
                        achats=pd.DataFrame(list(achats), columns=COLONNES_ACHATS),
                        marches=pd.DataFrame(list(marches), columns=COLONNES_MARCHES))


BASE = [achat("2023-03-01", "Papeterie", "F-BURO", "30192000", 1000), achat("2023-06-01", "Bâtisseur", "T-BAT", "45000000", 9000),
        achat("2024-03-01", "Papeterie", "F-BURO", "30192000", 1200), achat("2024-05-01", "Nouveau Nettoyage", "S-NETT", "90910000", 800),
        achat("2024-12-15", "Bâtisseur", "T-BAT", "45000000", 8000)]


def mots(chaine: str) -> str:
    """Les espaces insécables comptent comme des espaces, comme dans le texte lu."""
    return " ".join(str(chaine).split())


def texte(section) -> str:
    morceaux = []
    for bloc in section.blocs:
        if bloc.genre == "liste":
            morceaux += bloc.contenu
        elif bloc.genre == "tableau":
            morceaux += bloc.entete + [c for ligne in bloc.contenu for c in ligne]
        else:
            morceaux.append(bloc.contenu)
    return " ".join(" ".join(str(m).split()) for m in morceaux)


def section(projet, debut: str):
    trouvees = [s for s in projet.sections if s.titre.split(" — ")[-1].split(". ", 1)[-1].startswith(debut)]
    assert len(trouvees) == 1, [s.titre for s in projet.sections]
    return trouvees[0]


def tout(projet) -> str:
    return " ".join(texte(s) for s in projet.sections)


@pytest.fixture(scope="module")
def commune():
    return construire_projet(charger_organisation(COMMUNE), objectifs=lire_objectifs(OBJECTIFS)[0], date_reference=JOUR)


# --- édition, validité, périmètre, moyens ---------------------------------------------------------

@pytest.mark.parametrize("jour, libelle, validite", [
    (date(2026, 12, 2), "Édition 2027-2029", "du 1er janvier 2027 au 31 décembre 2029"),
    (date(2027, 1, 1), "Édition 2028-2030", "du 1er janvier 2028 au 31 décembre 2030"),
])
def test_edition_et_validite_suivent_la_date_de_reference(jour, libelle, validite):
    projet = construire_projet(organisation(BASE), date_reference=jour)
    assert (projet.edition, projet.validite) == (libelle, validite)
    assert f"{libelle} : le schéma s'applique {validite} (3 ans)" in texte(section(projet, "Édition, périmètre et moyens"))


def test_perimetre_et_moyens_laissent_a_l_organisation_ce_qu_elle_seule_sait(commune):
    partie = texte(section(commune, "Édition, périmètre et moyens"))
    assert "Le schéma couvre les achats de Commune de Test-sur-Mer" in partie
    for element in ("Groupements de commandes", "Centre communal d'action sociale (CCAS)", "(EPCI)",
                    "équivalents temps plein", "Budget annuel"):
        assert element in partie, element
    assert partie.count(A_COMPLETER) >= 6
    assert "Facilitateur des clauses sociales (0,5 ETP)" in partie  # les moyens écrits dans les objectifs


def test_perimetre_d_un_epci_parle_des_communes_membres():
    partie = texte(section(construire_projet(organisation(BASE, type_organisation="communauté d'agglomération"),
                                             date_reference=JOUR), "Édition, périmètre et moyens"))
    assert "Communes membres" in partie and "CCAS" not in partie


# --- calendrier ------------------------------------------------------------------------------------

def test_calendrier_de_deploiement_et_premier_bilan():
    edition = edition_du_schema(JOUR)
    assert edition.premier_bilan == date(2028, 6, 30)
    partie = texte(section(construire_projet(organisation(BASE), date_reference=JOUR), "Suivi et évaluation annuels"))
    assert "Calendrier de déploiement (édition 2027-2029)" in partie
    assert f"{A_COMPLETER} (avant le 1er janvier 2027)" in partie  # la date d'adoption : à l'organisation
    assert "Un an après l'adoption" in partie and "au plus tard le 30/06/2028" in partie
    assert "Revue à mi-parcours" in partie and "adoption de l'édition 2030-2032" in partie
    assert "Date du premier bilan annuel : au plus tard le 30/06/2028." in partie


# --- économie équitable --------------------------------------------------------------------------

def test_fournisseurs_nouveaux_comptes_sur_les_annees_precedentes():
    achats = pd.DataFrame(BASE, columns=COLONNES_ACHATS)
    n = fournisseurs_nouveaux(achats, 2024)
    assert (n.nouveaux, n.fournisseurs, n.annees_avant) == (1, 3, "2023")
    assert n.montant == pytest.approx(800) and n.depense == pytest.approx(10000)
    assert fournisseurs_nouveaux(achats, 2023) is None  # aucune année avant : rien à comparer


def test_axe_economie_equitable_chiffre_quand_les_donnees_le_permettent():
    projet = construire_projet(organisation(BASE), date_reference=JOUR)
    axes = texte(section(projet, "Ambitions et axes stratégiques"))
    assert "Axe proposé au vu des données : Économie équitable et responsable" in axes
    assert mots(f"En 2024, 1 des 3 fournisseurs payés ({pourcentage(1 / 3)}) n'avaient reçu aucun paiement en 2023") in axes
    assert "catégorie d'entreprise" in axes  # ce qui manque pour les TPE, PME et l'ESS est dit
    assert "Ouvrir la commande publique à de nouveaux fournisseurs" in texte(section(projet, "Objectifs SMART"))
    assert "Économie équitable et responsable" in texte(section(projet, "Rapport de présentation"))


def test_axe_economie_equitable_absent_sans_donnees_suffisantes():
    une_annee = [a for a in BASE if a["date"].year == 2024]
    projet = construire_projet(organisation(une_annee), date_reference=JOUR)
    axes = texte(section(projet, "Ambitions et axes stratégiques"))
    assert "Axe proposé au vu des données" not in axes
    assert "Économie équitable et responsable : données à réunir" in axes
    assert "dépenses sur au moins deux années" in axes and "considérations sociales des contrats" in axes
    assert "nouveaux fournisseurs" not in texte(section(projet, "Objectifs SMART"))


def test_axe_economie_equitable_par_les_marches_reserves():
    une_annee = [a for a in BASE if a["date"].year == 2024]
    marches = [marche("R1", "2024-02-01", 30000, "Marché réservé"), marche("C1", "2024-03-01", 90000, "Clause sociale"),
               marche("S1", "2024-04-01", 80000, "Pas de considération sociale"), marche("A1", "2023-04-01", 5000, "Marché réservé")]
    projet = construire_projet(organisation(une_annee, marches), date_reference=JOUR)
    axes = texte(section(projet, "Ambitions et axes stratégiques"))
    assert "Axe proposé au vu des données" in axes
    assert (f"En 2024, 1 des 3 contrats dont la considération sociale est renseignée sont des marchés réservés" in axes
            and mots(f"{pourcentage(1 / 3)} en nombre et {pourcentage(30000 / 200000)} en valeur") in axes)


# --- cibles : formation, EGalim ----------------------------------------------------------------------

def test_cible_de_formation_des_acheteuses_et_acheteurs(commune):
    objectifs = texte(section(commune, "Objectifs SMART"))
    assert "Former les acheteuses et acheteurs aux achats responsables" in objectifs
    assert "100 % 31/12/2029" in objectifs


def test_cible_egalim_quand_l_organisation_achete_de_la_restauration(commune):
    # la commune d'essai paie des repas scolaires (famille « Restauration collective ») en 2024
    objectifs = texte(section(commune, "Objectifs SMART"))
    assert "Atteindre chaque année les parts de la loi EGalim en restauration collective" in objectifs
    assert "En 2024, l'organisation a acheté de la restauration (prestations de restauration collective : 25 k€ HT)" in objectifs
    assert "L230-5-1 du code rural et de la pêche maritime (loi n° 2018-938 du 30 octobre 2018, dite EGalim)" in objectifs
    assert "au moins 50 % de produits durables et de qualité, dont 20 % de produits biologiques" in objectifs
    assert "depuis le 1er janvier 2022" in objectifs
    assert "L230-5-1" in texte(section(commune, "Projet de délibération"))


@pytest.mark.parametrize("ligne", [achat("2024-09-01", "Cuisine", "S-REST", "55520000", 4000),
                                   achat("2024-09-01", "Primeur", pd.NA, "15300000", 4000)],
                         ids=["famille restauration", "code CPV des denrées sans famille"])
def test_cible_egalim_reconnue_par_la_famille_ou_le_cpv(ligne):
    assert "loi EGalim" in texte(section(construire_projet(organisation(BASE + [ligne]), date_reference=JOUR), "Objectifs SMART"))


@pytest.mark.parametrize("autres", [[], [achat("2023-09-01", "Cuisine", "S-REST", "55520000", 4000)]],
                         ids=["aucune restauration", "restauration hors de l'année de référence"])
def test_pas_de_cible_egalim_sans_restauration_dans_l_annee(autres):
    projet = construire_projet(organisation(BASE + autres), date_reference=JOUR)
    assert "EGalim" not in texte(section(projet, "Objectifs SMART"))
    assert "L230-5-1" not in texte(section(projet, "Projet de délibération"))


# --- taux actuels en nombre et en valeur ----------------------------------------------------------

def test_taux_actuels_en_nombre_et_en_valeur():
    marches = [marche("A", "2024-02-01", 100000, "Clause sociale", "Clause environnementale"),
               marche("B", "2024-03-01", 300000, "Pas de considération sociale", "Pas de considération environnementale"),
               marche("C", "2024-04-01", 50000, pd.NA, pd.NA), marche("D", "2023-04-01", 7000, "Clause sociale", pd.NA)]
    projet = construire_projet(organisation(BASE, marches), date_reference=JOUR)
    tableaux = [b for b in section(projet, "Diagnostic").blocs if b.genre == "tableau" and b.entete[1:] == ["En nombre", "En valeur"]]
    assert len(tableaux) == 1 and tableaux[0].entete[0] == "Indicateur actuel en 2024"
    sociale = next(l for l in tableaux[0].contenu if "sociale" in l[0])
    assert mots(sociale[1]) == mots(f"1 sur 2 renseignés ({pourcentage(0.5)})")
    assert mots(sociale[2]) == mots(f"{euros_courts(100000)} sur {euros_courts(400000)} HT ({pourcentage(0.25)})")
    rapport = texte(section(projet, "Rapport de présentation"))
    assert mots(f"1 sur 2 renseignés ({pourcentage(0.5)}) en nombre, {pourcentage(0.25)} en valeur") in rapport


# --- rapport de présentation, délibération ----------------------------------------------------------

def test_rapport_de_presentation_reprend_les_chiffres_du_diagnostic(commune):
    organisation_test = charger_organisation(COMMUNE)
    chiffres = chiffres_cles(organisation_test)
    rapport = texte(section(commune, "Rapport de présentation"))
    achats = organisation_test.achats[organisation_test.achats["date"].dt.year == chiffres["annee"]]
    pareto = mots(phrase_pareto(classer_pareto(achats, "fournisseur")))
    assert f"Synthèse du diagnostic (en {chiffres['annee']})" in rapport
    assert mots(euros_courts(chiffres["montant_annee"])) in rapport
    assert pareto in rapport and pareto in texte(section(commune, "Diagnostic"))
    assert mots(f"Contrats notifiés en 2024 : {chiffres['contrats_annee']}, pour {euros_courts(chiffres['montant_contrats_annee'])} HT.") in rapport
    for axe in ("Commande publique sociale", "Commande publique écologiquement responsable"):
        assert axe in rapport
    assert "Ce que le vote engage" in rapport and "premier au plus tard le 30/06/2028" in rapport


@pytest.mark.parametrize("type_organisation, organe, executif", [
    ("commune", "Le conseil municipal", "la maire ou le maire"),
    ("communauté d'agglomération", "Le conseil communautaire", "la présidente ou le président"),
    ("département", "Le conseil départemental", "la présidente ou le président"),
])
def test_projet_de_deliberation(type_organisation, organe, executif):
    projet = construire_projet(organisation(BASE, type_organisation=type_organisation), date_reference=JOUR)
    deliberation = texte(section(projet, "Projet de délibération"))
    assert f"{organe}," in deliberation
    assert "Vu le Code de la commande publique, notamment ses articles L2111-3 et D2111-3" in deliberation
    assert "Vu la loi n° 2021-1104 du 22 août 2021" in deliberation and "Climat et résilience" in deliberation
    assert "Considérant que" in deliberation
    assert "Article 1er — Adopte le schéma" in deliberation and "édition 2027-2029" in deliberation
    assert f"Article 2 — Autorise {executif}" in deliberation
    assert "mise en ligne sur le site internet" in deliberation
    assert "en dessous du seuil de 50 M€ HT" in deliberation  # 10 k€ de dépenses en 2024


# --- annexes -------------------------------------------------------------------------------------

def test_les_annexes_viennent_apres_le_corps(commune):
    drapeaux = [s.annexe for s in commune.sections]
    assert drapeaux == sorted(drapeaux) and any(drapeaux) and not drapeaux[0]
    assert all(s.titre.startswith(f"Annexe {i} — ") for i, s in enumerate(commune.annexes, 1))
    # la liste de contrôle de l'article L2111-3 est la dernière annexe, une seule fois
    assert commune.annexes[-1].titre.startswith(f"Annexe {len(commune.annexes)} — Liste de contrôle")
    assert sum("Liste de contrôle" in s.titre for s in commune.sections) == 1


def test_annexes_methode_sources_glossaire(commune):
    methode = texte(section(commune, "Méthode"))
    assert "l'année civile 2024" in methode and "premiers 80 %" in methode and "2,5" in methode
    sources = texte(section(commune, "Sources des données"))
    for fichier in charger_organisation(COMMUNE).fichiers_lus:
        assert fichier in sources
    assert "du 01/02/2023 au 10/12/2024" in sources  # la période des dépenses lues
    assert "DECP" in texte(section(commune, "Glossaire"))


def test_les_obligations_non_evaluables_passent_en_annexe(commune):
    table = evaluer_obligations(charger_organisation(COMMUNE), date_evaluation=JOUR, annee=2024,
                                objectifs=lire_objectifs(OBJECTIFS)[0])
    non_evaluables = table.loc[table["statut"].str.startswith("non évaluable"), "intitule"].tolist()
    assert len(non_evaluables) > 5
    diagnostic, annexe = texte(section(commune, "Diagnostic")), texte(section(commune, "Obligations non évaluables"))
    assert all(intitule in annexe for intitule in non_evaluables)
    assert not any(intitule in diagnostic for intitule in non_evaluables)
    assert f"{len(non_evaluables)} autre(s) obligation(s) ne peuvent pas être évaluées" in diagnostic


# --- pas d'auto-certification -----------------------------------------------------------------------

@pytest.mark.parametrize("statut", [RESPECTEE, A_RISQUE, NON_RESPECTEE, NON_APPLICABLE])
def test_aucun_statut_ne_certifie(statut):
    for regle in ("spaser_obligation", "spaser_contenu", "egalim_bio"):
        ecrit = statut_du_projet(regle, statut)
        assert "respect" not in ecrit and ecrit.endswith("à vérifier par le service juridique")
    assert SITUATIONS_SPASER[A_RISQUE] in statut_du_projet("spaser_obligation", A_RISQUE)  # les mots du sommaire
    assert statut_du_projet("spaser_obligation", NON_APPLICABLE) == f"{SITUATIONS_SPASER[NON_APPLICABLE]}, à vérifier par le service juridique"


def test_le_projet_ne_dit_jamais_respectee():
    # Trois-Rivières dépasse le seuil : avec des objectifs en nombre ou en valeur, le contenu du schéma est
    # « respectée » pour l'évaluation des obligations ; le projet, lui, renvoie au service juridique.
    trois_rivieres = charger_organisation(RACINE / "datasets" / "trois-rivieres")
    objectifs = lire_objectifs(OBJECTIFS)[0]
    statuts = evaluer_obligations(trois_rivieres, date_evaluation=JOUR, annee=2025, objectifs=objectifs)["statut"]
    assert (statuts == RESPECTEE).any()
    projet = construire_projet(trois_rivieres, objectifs=objectifs, date_reference=JOUR)
    assert "respectée" not in tout(projet).lower()
    assert "à vérifier par le service juridique" in texte(section(projet, "Diagnostic"))


def test_la_page_du_projet_ne_montre_ni_lecon_ni_nom_interne(commune, tmp_path):
    page = lire_page(ecrire_html(commune, tmp_path / "projet-spaser.html")).texte
    assert [mot for mot in INTERDITS if mot in page] == []
    assert "Édition 2027-2029" in page and "Projet soumis à délibération" in page
