"""Lecture des DECP en JSON (données essentielles de la commande publique).

Deux formes de fichier sont lues, en flux (`decp_flux`, sur ijson) pour ne pas charger en mémoire
les gros fichiers nationaux, taille, profondeur et nombres bornés (`spaserlib.commun.limites`) :
- format 2019 (schéma v1.5) : ``{"marches": [...]}``, une liste où marchés et concessions sont
  mêlés (clé ``_type``), titulaires ``[{"typeIdentifiant", "id", "denominationSociale"}]`` ;
- format 2024 (schéma v2.0) : ``{"marches": {"marche": [...], "contrat-concession": [...]}}``, listes
  enveloppées (``{"titulaire": {...}}``, ``{"modification": {...}}``, ``{"considerationSociale": [...]}``).

Chaque enregistrement devient une ligne brute, ses modifications appliquées : une modification
porte les *nouvelles* valeurs (montant, durée, titulaires), pas un écart ; elles sont appliquées de
la plus ancienne à la plus récente (date de publication, puis date de notification ou de
signature, puis numéro, puis ordre dans le fichier), et une valeur absente (montant null) ne
remplace rien. Les enregistrements sont ensuite contrôlés et regroupés par `regroupement`. Un
enregistrement sans id est gardé (c'est un vrai contrat) et signalé : voir la règle des contrats
sans identifiant en tête de `regroupement`.
Les concessions sont gardées à part (`Lecture.concessions`), montant = valeur globale.

La lecture est indulgente : les fichiers réels ne valident pas leur propre schéma ; chaque écart est
signalé (`Probleme`, ligne = numéro d'enregistrement à partir de 1), le fichier n'est jamais rejeté
pour cela.
"""

from __future__ import annotations

import json
from pathlib import Path

import ijson
import pandas as pd

from spaserlib.commun import limites
from spaserlib.commun.erreurs import AVERTISSEMENT, ERREUR, ErreurFichier, Probleme
from spaserlib.commun.identifiants import normaliser_siret
from spaserlib.lecture.considerations import (  # noqa: F401
    ENVIRONNEMENTALE,
    SOCIALE,
    analyser_considerations,
    considerations,
)
from spaserlib.lecture.decp_flux import (
    CONCESSION,
    CONSEIL_JSON,
    MARCHE,
    Compteur,
    iterer_flux,
    iterer_objet,
    raison_ijson,
)
from spaserlib.lecture.decp_flux import charger_json as _charger_json
from spaserlib.lecture.regroupement import (
    COLONNES_BRUTES,
    CONSEIL_TITULAIRE,
    ajouter_familles,
    message_titulaire,
    normaliser,
    regrouper,
    signaler_repetitions,
    signaler_sans_id,
)
from spaserlib.lecture.resultat import Lecture
from spaserlib.lecture.tableurs import verifier_chemin


def lire_decp_json(chemin) -> Lecture:
    """Lit un fichier DECP JSON (format 2019 ou 2024) et rend sa `Lecture` (genre « marches »).

    `table` : un contrat par paire (acheteur, id), modifications et republications repliées, plus les
    contrats sans id (voir la règle de `regroupement`) ; `concessions` : les contrats de concession,
    à part ; `problemes` : tout ce qui a été trouvé. Lève `ErreurFichier` si le fichier est
    introuvable, n'est pas du JSON valide, n'a pas la forme DECP ou dépasse une limite du kit
    (taille, profondeur d'imbrication, chiffres d'un nombre : `spaserlib.commun.limites`).
    """
    chemin = Path(chemin)
    fichier = str(chemin)
    verifier_chemin(chemin)
    taille = chemin.stat().st_size
    if taille == 0:
        raise ErreurFichier(fichier, "le fichier est vide.", "Vérifiez que le téléchargement ou l'export s'est bien terminé.")
    if taille > limites.JSON_OCTETS_MAX:
        raise ErreurFichier(
            fichier, f"le fichier fait {limites.en_clair(taille, 'octets')}, au-delà de la limite du kit pour un fichier "
            f"DECP JSON ({limites.en_clair(limites.JSON_OCTETS_MAX, 'octets')}).",
            "Gardez les contrats de votre organisation (par exemple avec jq, ou en téléchargeant les DECP de "
            "votre seul acheteur sur data.gouv.fr), puis lisez ce fichier réduit.",
        )
    with chemin.open("rb") as brut:
        flux = Compteur(brut)
        try:
            if flux.read(3) != b"\xef\xbb\xbf":
                brut.seek(0)
                flux.lus = 0
            return _lire_enregistrements(fichier, iterer_flux(flux, fichier))
        except ErreurFichier:
            raise
        except (ijson.JSONError, ValueError, UnicodeDecodeError, RecursionError, OverflowError) as erreur:
            raison, lus = str(erreur), flux.lus
    # Le flux a échoué : un petit fichier est relu d'un bloc, pour situer l'erreur (numéro de ligne)
    # ou pour accepter ce que le module json accepte et pas ijson (NaN, encodage Windows, entiers
    # de plus de 19 chiffres) ; un gros fichier reçoit le message de la lecture en flux.
    if taille > limites.JSON_RELECTURE_OCTETS_MAX:
        raise ErreurFichier(
            fichier, f"le fichier n'est pas du JSON lisible ({raison_ijson(raison)}, vers l'octet {limites.en_clair(lus)}).",
            CONSEIL_JSON,
        )
    return _lire_enregistrements(fichier, iterer_objet(_charger_json(chemin), fichier))


def _lire_enregistrements(fichier: str, enregistrements) -> Lecture:
    problemes: list[Probleme] = []
    lignes = {MARCHE: [], CONCESSION: []}
    lues = ecartees = 0
    for numero, (genre, enregistrement) in enumerate(enregistrements, start=1):
        lues += 1
        ligne = _enregistrement(fichier, numero, genre, enregistrement, problemes)
        if ligne is None:
            ecartees += 1
        else:
            lignes[ligne.pop("_genre")].append(ligne)
    tables = {}
    for genre, liste in lignes.items():
        brut = pd.DataFrame(liste, columns=COLONNES_BRUTES)
        table, trouves = normaliser(brut, fichier, _CHAMPS[genre])
        problemes.extend(trouves)
        problemes.extend(signaler_repetitions(table, fichier))
        problemes.extend(signaler_sans_id(table, fichier))
        tables[genre] = ajouter_familles(regrouper(table))
    problemes.sort(key=lambda p: (p.ligne or 0))
    return Lecture(
        fichier=fichier,
        genre="marches",
        table=tables[MARCHE],
        problemes=problemes,
        lignes_lues=lues,
        lignes_ecartees=ecartees,
        contrats_avant_regroupement=len(lignes[MARCHE]),
        concessions=tables[CONCESSION],
    )


_CHAMPS = {
    MARCHE: {},
    CONCESSION: {"montant_ht": "valeurGlobale", "date_notification": "dateSignature", "cpv": "codeCPV"},
}


def _texte(valeur) -> str | None:
    """Une valeur scalaire en texte ; None pour null ou vide ; un objet ou une liste en JSON."""
    if valeur is None:
        return None
    if isinstance(valeur, (dict, list)):
        return json.dumps(valeur, ensure_ascii=False)
    texte = str(valeur).strip()
    return texte or None


def _objet(valeur) -> dict:
    return valeur if isinstance(valeur, dict) else {}


def _liste(valeur) -> list:
    """Une liste DECP, qu'elle soit nue, enveloppée ({"titulaire": ...}) ou réduite à un élément."""
    if valeur is None:
        return []
    if isinstance(valeur, list):
        return valeur
    return [valeur]


def _deballer(element, *enveloppes: str):
    """``{"titulaire": {...}}`` -> ``{...}`` (format 2024) ; un élément déjà nu est rendu tel quel."""
    if isinstance(element, dict) and len(element) == 1:
        cle = next(iter(element))
        if cle in enveloppes:
            return element[cle]
    return element


def _est_concession(genre, enregistrement: dict) -> bool:
    if genre is not None:
        return genre == CONCESSION
    type_ = str(enregistrement.get("_type") or "").casefold()
    if type_:
        return "concession" in type_
    return "autoriteConcedante" in enregistrement or "valeurGlobale" in enregistrement


def _enregistrement(fichier, numero, genre, enregistrement, problemes) -> dict | None:
    """Une ligne brute pour un enregistrement, ses modifications appliquées ; None s'il est inutilisable."""
    if not isinstance(enregistrement, dict):
        problemes.append(Probleme(
            fichier, numero, None, _texte(enregistrement)[:80] if _texte(enregistrement) else None,
            f"enregistrement n° {numero} : ce n'est pas un objet JSON (un contrat entre accolades) ; il est écarté.",
            "Vérifiez la structure du fichier à cet endroit.", ERREUR, "enregistrement_illisible"))
        return None
    concession = _est_concession(genre, enregistrement)
    identifiant = _texte(enregistrement.get("id"))
    # Sans id, le contrat est gardé : `regroupement.signaler_sans_id` l'avertit et dit s'il en répète un autre.
    lieu = f"enregistrement n° {numero} ({'sans id' if identifiant is None else f'id {identifiant}'})"
    acheteur = _objet(enregistrement.get("autoriteConcedante" if concession else "acheteur"))
    montant_cle = "valeurGlobale" if concession else "montant"
    courant = {
        "montant": enregistrement.get(montant_cle),
        "duree": enregistrement.get("dureeMois"),
        "titulaires": enregistrement.get("concessionnaires" if concession else "titulaires"),
    }
    publications = [_texte(enregistrement.get("datePublicationDonnees"))]
    modifications = [_deballer(m, "modification") for m in _liste(enregistrement.get("modifications"))]
    modifications = [m for m in modifications if isinstance(m, dict)]
    for modification in sorted(enumerate(modifications), key=_ordre_modification):
        modification = modification[1]
        for cle, champ in (("montant", montant_cle), ("duree", "dureeMois")):
            if _texte(modification.get(champ)) is not None:
                courant[cle] = modification[champ]
        if _liste(modification.get("titulaires") or modification.get("concessionnaires")):
            courant["titulaires"] = modification.get("titulaires") or modification.get("concessionnaires")
        publications.append(_texte(modification.get("datePublicationDonneesModification")))
    noms, ids = _titulaires(fichier, numero, lieu, courant["titulaires"], problemes)
    ligne = {
        "_genre": CONCESSION if concession else MARCHE,
        "position": numero,
        "lieu": lieu,
        "tri_publication": max((p[:10] for p in publications if p), default=None),
        "nb_modifications": len(modifications),
        "id": identifiant,
        "acheteur_id": normaliser_siret(_texte(acheteur.get("id"))),
        "objet": _texte(enregistrement.get("objet")),
        "cpv": _texte(enregistrement.get("codeCPV")),
        "nature": _texte(enregistrement.get("nature")),
        "procedure": _texte(enregistrement.get("procedure")),
        "montant_ht": _texte(courant["montant"]),
        "date_notification": _texte(enregistrement.get("dateSignature" if concession else "dateNotification")),
        "duree_mois": _texte(courant["duree"]),
        "titulaires": noms,
        "titulaires_ids": ids,
    }
    for cote, champ in ((SOCIALE, "considerationsSociales"), (ENVIRONNEMENTALE, "considerationsEnvironnementales")):
        texte, booleen, anomalies = analyser_considerations(enregistrement.get(champ), cote)
        ligne[f"considerations_{cote}s"] = texte
        ligne[f"consideration_{cote}"] = booleen
        problemes.extend(
            Probleme(fichier, numero, champ, _texte(enregistrement.get(champ)), f"{lieu} : {anomalie}.",
                     "Vérifiez les considérations déclarées pour ce contrat.", AVERTISSEMENT,
                     "considerations_incoherentes")
            for anomalie in anomalies
        )
    return ligne


def _ordre_modification(rang_modification):
    rang, modification = rang_modification
    date_pub = _texte(modification.get("datePublicationDonneesModification")) or ""
    date_acte = (_texte(modification.get("dateNotificationModification"))
                 or _texte(modification.get("dateSignatureModification")) or "")
    numero = modification.get("id")
    numero = numero if isinstance(numero, (int, float)) and not isinstance(numero, bool) else 0
    return date_pub[:10], date_acte[:10], numero, rang


def _titulaires(fichier, numero, lieu, titulaires, problemes) -> tuple[str | None, str | None]:
    """Noms (ou identifiants quand le nom manque) et identifiants des titulaires, joints par « ; »."""
    vus: list[tuple[str | None, str | None]] = []
    for element in _liste(titulaires):
        titulaire = _objet(_deballer(element, "titulaire", "concessionnaire"))
        nom = _texte(titulaire.get("denominationSociale") or titulaire.get("nom"))
        brut = _texte(titulaire.get("id"))
        identifiant = normaliser_siret(brut)
        if (nom, identifiant) in vus or (nom is None and identifiant is None):
            continue
        vus.append((nom, identifiant))
        message = message_titulaire(_texte(titulaire.get("typeIdentifiant")), identifiant)
        if message:
            problemes.append(Probleme(fichier, numero, "titulaires.id", brut, f"{lieu} : {message}",
                                      CONSEIL_TITULAIRE, AVERTISSEMENT, "titulaire_non_siret"))
    if not vus:
        problemes.append(Probleme(
            fichier, numero, "titulaires", None, f"{lieu} : le contrat n'a aucun titulaire déclaré.",
            "Le contrat est gardé ; ses montants ne pourront être rattachés à aucun fournisseur.",
            AVERTISSEMENT, "titulaires_absents"))
        return None, None
    noms = "; ".join(nom or identifiant for nom, identifiant in vus)
    ids = "; ".join(identifiant for _, identifiant in vus if identifiant) or None
    return noms, ids
