"""Comparaison avec les pairs : une commune parmi au moins dix communes de fichiers DECP réels, et les règles.

Les valeurs attendues sur les extraits réels (`tests/donnees/decp/pairs/`, voir SOURCES.md) sont
recalculées ici en Python simple sur le JSON et le CSV bruts, sans les fonctions du kit : regroupement
par paire (acheteur, id), version retenue, procédure, champs renseignés, quartiles (`statistics`,
méthode « inclusive » = interpolation linéaire) et centile (inférieurs + ½ égaux).
"""

import csv
import json
import statistics
from collections import defaultdict

import pytest

from spaserlib.analyse.comparaison import (MINIMUM_PAIRS, REFERENCES, Periode, centile, comparer, en_dict,
                                           lire_periode, nature_par_siren, tableau)
from spaserlib.commun.erreurs import ErreurParametre
from spaserlib.lecture.decp_multi import ouvrir_decp
from tests import DONNEES

PAIRS = DONNEES / "decp" / "pairs"
AIFE = PAIRS / "aife_communes_2019.json"
TABULAIRE = PAIRS / "tabulaire_bretagne_2024.csv"
SOTTEVILLE = "21760681300012"
POMMERET = "21220246900012"
SENTINELLES = {9999999.0, 99999999.0, 999999999.0}


@pytest.fixture(scope="module")
def aife():
    with ouvrir_decp(AIFE) as source:
        yield source


@pytest.fixture(scope="module")
def tabulaire():
    with ouvrir_decp(TABULAIRE) as source:
        yield source


# ------------------------------------------------------- le calcul attendu, écrit à la main sur le JSON brut

def _montant(x):
    try:
        valeur = float(x)
    except (TypeError, ValueError):
        return None
    return None if valeur in SENTINELLES else valeur


def _rempli(m, champ):
    valeur = m.get(champ)
    if champ == "titulaires":
        return bool(valeur)
    if champ == "montant":
        return _montant(valeur) is not None
    return valeur is not None and str(valeur).strip() != ""


# Les champs clés que le format 2019 porte : ni offres reçues, ni considérations.
CHAMPS_2019 = ["codeCPV", "procedure", "montant", "dateNotification"]


def attendus_aife():
    """Par acheteur : [(montant, sans concurrence, complétude)] d'un contrat par paire (acheteur, id)."""
    groupes = defaultdict(list)
    for position, m in enumerate(json.loads(AIFE.read_text(encoding="utf-8"))["marches"]):
        acheteur = (m.get("acheteur") or {}).get("id")
        if "concession" in (m.get("_type") or "").lower() or not acheteur or not m.get("id"):
            continue
        groupes[(acheteur, m["id"])].append((position, m))
    par_acheteur = defaultdict(list)
    for (acheteur, _), enregistrements in groupes.items():
        def cle(element):  # le plus récemment publié, puis le plus modifié, puis le dernier du fichier
            position, m = element
            modifiees = [x for x in m.get("modifications") or [] if x.get("montant") is not None]
            return (str(m.get("datePublicationDonnees") or "")[:10], len(modifiees),
                    str(m.get("dateNotification") or "")[:10], position)
        _, retenu = max(enregistrements, key=cle)
        modifiees = [x for x in retenu.get("modifications") or [] if x.get("montant") is not None]
        montant = _montant(modifiees[-1]["montant"]) if modifiees else _montant(retenu.get("montant"))
        procedures = [str(m.get("procedure") or "") for _, m in enregistrements]
        sans = any("sans publicité" in p.lower() for p in procedures) if any(procedures) else None
        # complétude : celle de l'enregistrement le mieux renseigné de la paire
        remplis = max(sum(_rempli(m, c) for c in CHAMPS_2019) for _, m in enregistrements)
        par_acheteur[acheteur].append((montant, sans, remplis / len(CHAMPS_2019)))
    return par_acheteur


def indicateurs_attendus(contrats):
    connus = [(m, s) for m, s, _ in contrats if s is not None]
    montants = [(m, s) for m, s in connus if m is not None]
    return {"sans_concurrence_nombre": sum(s for _, s in connus) / len(connus),
            "sans_concurrence_valeur": sum(m for m, s in montants if s) / sum(m for m, _ in montants),
            "completude_nombre": statistics.mean(c for _, _, c in contrats),
            "montant_total": sum(m for m, _, _ in contrats if m is not None)}


def rang_centile(valeur, valeurs):
    egal = [abs(v - valeur) < 1e-9 for v in valeurs]  # 10/11 et une moyenne de 10/11 : ex aequo
    return 100 * (sum(v < valeur and not e for v, e in zip(valeurs, egal)) + 0.5 * sum(egal)) / len(valeurs)


def verifier_mesure(mesure, valeur, valeurs_pairs):
    q1, mediane, q3 = statistics.quantiles(valeurs_pairs, n=4, method="inclusive")
    assert mesure.acheteur == pytest.approx(valeur)
    assert mesure.pairs == len(valeurs_pairs)
    assert (mesure.premier_quartile, mesure.mediane, mesure.troisieme_quartile) == pytest.approx((q1, mediane, q3))
    assert mesure.centile == pytest.approx(rang_centile(valeur, valeurs_pairs))


# ------------------------------------------------------------------------------------ fichiers réels

def test_une_commune_parmi_au_moins_dix_communes_du_flux_aife_2019(aife):
    attendus = {a: indicateurs_attendus(c) for a, c in attendus_aife().items()}
    pairs = sorted(a for a, v in attendus.items()
                   if a.startswith("21") and a != SOTTEVILLE and v["montant_total"] < 1_000_000)
    assert len(pairs) >= 10
    comparaison = comparer(aife, SOTTEVILLE, periode=Periode())
    assert comparaison.pairs == pairs
    assert comparaison.acheteur["nature"] == "Commune" and comparaison.acheteur["tranche"] == "moins de 1 M€"
    assert comparaison.description_pairs == "Commune, montant total des marchés moins de 1 M€"
    assert comparaison.avertissements == []
    for code in ("sans_concurrence", "completude"):
        resultat = comparaison.resultat(code)
        assert resultat.disponible
        for mesure in resultat.mesures:
            cle = f"{code}_{mesure}"
            verifier_mesure(resultat.mesures[mesure], attendus[SOTTEVILLE][cle], [attendus[p][cle] for p in pairs])
    assert set(comparaison.resultat("completude").mesures) == {"nombre"}


def test_le_format_2019_n_a_ni_considerations_ni_offres_et_le_dit(aife):
    comparaison = comparer(aife, SOTTEVILLE, periode=Periode())
    sociale = comparaison.resultat("sociale")
    assert not sociale.disponible
    assert sociale.raison == ("le fichier n'a pas de champ « considérations sociales » : le format 2019 des DECP "
                              "(marchés notifiés jusqu'au 31/12/2023) ne le prévoit pas.")
    assert not comparaison.resultat("offre_unique").disponible
    assert comparaison.resultat("pme").raison.startswith("le fichier ne donne pas la catégorie d'entreprise")


def test_par_nature_seule_toutes_les_communes_du_flux(aife):
    comparaison = comparer(aife, SOTTEVILLE, pairs="nature", periode=Periode())
    communes = {a for a in attendus_aife() if a.startswith("21")} - {SOTTEVILLE}
    assert set(comparaison.pairs) == communes and len(communes) == 13  # avec Issoudun et Toulon, hors SDIS


def attendus_tabulaire():
    """Par acheteur : [(montant, offre unique)] ; version retenue : la dernière notifiée, puis le plus gros montant."""
    with open(TABULAIRE, encoding="utf-8") as flux:
        lignes = list(csv.DictReader(flux))
    groupes = defaultdict(list)
    for ligne in lignes:
        groupes[(ligne["acheteur_id"], ligne["id"])].append(ligne)
    par_acheteur = defaultdict(list)
    for (acheteur, _), versions in groupes.items():
        retenue = max(versions, key=lambda l: (l["dateNotification"], float(l["montant"] or -1)))
        offres = max((l for l in versions if l["offresRecues"]), key=lambda l: (l["dateNotification"],
                                                                                 float(l["montant"] or -1)))
        par_acheteur[acheteur].append((float(retenue["montant"]), offres["offresRecues"] == "1",
                                       min(l["dateNotification"] for l in versions)[:4]))
    return lignes, par_acheteur


def test_une_commune_parmi_les_communes_de_son_departement_csv_2024(tabulaire):
    lignes, par_acheteur = attendus_tabulaire()
    annees = defaultdict(int)
    for contrats in par_acheteur.values():
        for _, _, annee in contrats:
            annees[annee] += 1
    annee = max(annees, key=lambda a: (annees[a], a))
    departement = {l["acheteur_id"]: l["acheteur_departement_code"] for l in lignes}

    def part(acheteur, en_valeur):
        contrats = [(m, u) for m, u, a in par_acheteur[acheteur] if a == annee]
        if not contrats:
            return None
        if en_valeur:
            return sum(m for m, u in contrats if u) / sum(m for m, _ in contrats)
        return sum(u for _, u in contrats) / len(contrats)

    pairs = sorted(a for a in par_acheteur if a != POMMERET and a.startswith("21") and departement[a] == "22"
                   and part(a, False) is not None)
    comparaison = comparer(tabulaire, POMMERET, pairs="departement")
    assert comparaison.periode == Periode(int(annee), int(annee))
    assert comparaison.pairs == pairs and len(pairs) >= MINIMUM_PAIRS
    assert comparaison.description_pairs == "Commune, département 22"
    offre = comparaison.resultat("offre_unique")
    for mesure, en_valeur in (("nombre", False), ("valeur", True)):
        verifier_mesure(offre.mesures[mesure], part(POMMERET, en_valeur), [part(p, en_valeur) for p in pairs])
    assert offre.reference is None


def test_meme_region_que_le_fichier_donne(tabulaire):
    comparaison = comparer(tabulaire, POMMERET, pairs="region")
    with open(TABULAIRE, encoding="utf-8") as flux:
        communes = {l["acheteur_id"] for l in csv.DictReader(flux) if l["acheteur_id"].startswith("21")}
    assert set(comparaison.pairs) <= communes - {POMMERET}
    assert len(comparaison.pairs) > 10 and comparaison.description_pairs == "Commune, région 53"


# --------------------------------------------------------------------- considérations, PME, références

def fichier_consolide(chemin, communes=12):
    """Un CSV consolidé fictif : la commune n° k a k marchés sur 10 avec une clause sociale, un marché de
    considération inconnue, la moitié de ses marchés attribués à des PME ; plus un département."""
    colonnes = ["id", "acheteur_id", "acheteur_nom", "acheteur_categorie", "acheteur_departement_code", "montant",
                "dateNotification", "procedure", "offresRecues", "considerationsSociales",
                "considerationsEnvironnementales", "titulaire_categorie"]
    with open(chemin, "w", encoding="utf-8", newline="") as flux:
        ecrivain = csv.writer(flux)
        ecrivain.writerow(colonnes)
        for k in range(communes + 1):
            siret = f"2100000{k:02d}00010" if k < communes else "22000000100010"
            categorie = "Commune" if k < communes else "Département"
            for i in range(11):
                sociale = "" if i == 10 else ("Clause sociale" if i < k else "Pas de considération sociale")
                ecrivain.writerow([f"M{i}", siret, f"Acheteur {k}", categorie, "35", 1000 * (i + 1), "2024-05-02",
                                   "Procédure adaptée", 3, sociale, "Critère environnemental, Clause environnementale",
                                   "PME" if i % 2 else "GE"])
    return chemin


def test_considerations_inconnues_a_part_et_reference_nationale(tmp_path):
    with ouvrir_decp(fichier_consolide(tmp_path / "consolide.csv")) as source:
        comparaison = comparer(source, "21000000300010", pairs="nature")
    sociale = comparaison.resultat("sociale")
    assert comparaison.acheteur["nature"] == "Commune" and comparaison.acheteur["nature_source"] == "catégorie du fichier"
    assert len(comparaison.pairs) == 11  # les autres communes, pas le département
    assert sociale.inconnus == 1
    assert sociale.mesures["nombre"].acheteur == pytest.approx(3 / 10)  # l'inconnu n'est pas compté « sans »
    assert sociale.mesures["nombre"].oui == 3 and sociale.mesures["nombre"].connus == 10
    assert sociale.mesures["valeur"].acheteur == pytest.approx((1 + 2 + 3) / 55)
    parts_pairs = [k / 10 for k in range(12) if k != 3]
    verifier_mesure(sociale.mesures["nombre"], 0.3, parts_pairs)
    assert sociale.reference == REFERENCES["sociale"]
    assert (sociale.reference.valeur, sociale.reference.annee, sociale.reference.cible) == (0.223, 2022, 0.30)
    assert comparaison.resultat("environnementale").reference.valeur == 0.292
    assert comparaison.resultat("environnementale").mesures["nombre"].acheteur == 1.0
    pme = comparaison.resultat("pme")
    assert pme.mesures["nombre"].acheteur == pytest.approx(5 / 11)
    # 6 champs (montant, date, procédure, offres, considérations) par marché ; une considération vide sur 11
    assert comparaison.resultat("completude").mesures["nombre"].acheteur == pytest.approx((10 + 5 / 6) / 11)
    assert source_champs(tmp_path) == ("procedure", "montant", "date_notification", "offres_recues",
                                       "considerations_sociales", "considerations_environnementales")


def source_champs(tmp_path):
    with ouvrir_decp(tmp_path / "consolide.csv") as source:
        return source.champs


def test_moins_de_dix_pairs_le_dit_en_francais(tmp_path):
    with ouvrir_decp(fichier_consolide(tmp_path / "consolide.csv", communes=5)) as source:
        comparaison = comparer(source, "21000000300010", pairs="nature")
    assert comparaison.avertissements == [
        "Seulement 4 pairs (Commune) : il en faut au moins 10 pour que la médiane, les quartiles et le centile "
        "aient du sens. Élargissez le groupe (même nature sans condition de taille, même région) ou donnez une "
        "liste de SIRET."]
    assert comparaison.resultat("sociale").avertissement == (
        "seulement 4 pairs renseignent cet indicateur (il en faut 10) : centile à prendre avec prudence.")


def test_liste_de_siret_et_siret_absents(tmp_path):
    with ouvrir_decp(fichier_consolide(tmp_path / "consolide.csv")) as source:
        comparaison = comparer(source, "21000000300010",
                               pairs=["21000000100010", "22000000100010", "21999999900019", "21000000300010"])
    assert comparaison.pairs == ["21000000100010", "22000000100010"]  # une liste choisit les pairs telle quelle
    assert comparaison.critere == "liste"
    assert comparaison.avertissements[0] == ("1 SIRET de la liste de pairs n'ont aucun marché dans le fichier sur "
                                             "la période : 21999999900019.")


def test_acheteur_absent_ou_mal_forme(aife):
    with pytest.raises(ErreurParametre) as erreur:
        comparer(aife, "21760681300099", periode=Periode())
    assert str(erreur.value) == (f"l'acheteur 21760681300099 n'a aucun marché dans {AIFE} toutes années confondues. "
                                 "Le fichier a des marchés d'autres établissements du même SIREN : 21760681300012.")
    with pytest.raises(ErreurParametre, match="SIRET de l'acheteur « 2176 » mal formé : il faut 14 chiffres"):
        comparer(aife, "2176")
    with pytest.raises(ErreurParametre, match="choix de pairs inconnu « voisins »"):
        comparer(aife, SOTTEVILLE, pairs="voisins", periode=Periode())


def test_periode_par_defaut_et_marches_sans_date(aife):
    comparaison = comparer(aife, SOTTEVILLE)
    assert comparaison.periode.debut == comparaison.periode.fin
    sans_date = sum(1 for c in [m for m in json.loads(AIFE.read_text(encoding="utf-8"))["marches"]]
                    if not c.get("dateNotification"))
    assert sans_date > 0
    assert comparaison.avertissements[0].endswith("sans date de notification lisible sont laissés de côté (la "
                                                  "période « toutes » les compte).")


def test_tableau_et_dictionnaire(aife):
    comparaison = comparer(aife, SOTTEVILLE, periode=Periode())
    table = tableau(comparaison)
    assert list(table.columns[:6]) == ["Acheteur", "SIRET", "Période", "Pairs", "Indicateur", "Mesure"]
    ligne = table[(table["Indicateur"] == "Complétude de la publication (champs renseignés)")].iloc[0]
    m = comparaison.resultat("completude").mesures["nombre"]
    assert ligne["Valeur de l'acheteur (%)"] == round(100 * m.acheteur, 1)
    assert ligne["Pairs renseignés"] == len(comparaison.pairs)
    donnees = json.loads(json.dumps(en_dict(comparaison)))
    assert donnees["pairs"]["nombre"] == len(comparaison.pairs) and donnees["periode"] == "toutes années confondues"
    assert [i["code"] for i in donnees["indicateurs"]] == ["sociale", "environnementale", "offre_unique",
                                                           "sans_concurrence", "pme", "completude"]


# ------------------------------------------------------------------------------------------- règles

def test_centile_ex_aequo_pour_moitie():
    assert centile(0.5, [0.1, 0.5, 0.5, 0.9]) == 50.0
    assert centile(1.0, [0.1, 0.5]) == 100.0
    assert centile(0.0, []) is None


@pytest.mark.parametrize("siret, nature", [
    ("21760681300012", "Commune"), ("22700001500015", "Département"), ("23350001600040", "Région"),
    ("24450000000012", "Groupement de collectivités (EPCI)"),
    ("28310001400028", "Établissement public local (SDIS, centre de gestion…)"),
    ("20006258600157", "Personne publique immatriculée récemment (SIREN en 20 : nature à préciser)"),
    ("13000000000019", "État ou établissement public national"),
    ("55204599900869", "Autre organisme (société d'économie mixte, bailleur, association…)"),
])
def test_nature_par_siren(siret, nature):
    assert nature_par_siren(siret) == nature


def test_lire_periode():
    assert lire_periode("2023") == Periode(2023, 2023)
    assert lire_periode("2022-2024") == Periode(2022, 2024)
    assert lire_periode("toutes") == Periode() and lire_periode(None) is None
    assert Periode(2022, 2024).libelle == "2022-2024" and Periode(2023, 2023).libelle == "en 2023"
    with pytest.raises(ErreurParametre) as erreur:
        lire_periode("2024-2022")
    assert str(erreur.value) == ("période « 2024-2022 » illisible. Écrivez une année (2023), deux années (2022-2024) "
                                 "ou « toutes ».")
