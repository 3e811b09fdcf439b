"""Contrôles d'une table lue : chaque anomalie devient un `Probleme` à sa ligne du tableur.

Les contrôles travaillent colonne par colonne (masques booléens) ; un `Probleme` n'est créé que
pour les lignes fautives. Les identifiants (SIRET, CPV) sont vérifiés une fois par valeur
distincte, puis le résultat est reporté sur les lignes.
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd

from spaserlib.commun.erreurs import AVERTISSEMENT, ERREUR, Probleme
from spaserlib.commun.format_fr import factoriser
from spaserlib.commun.identifiants import (
    SIREN_LA_POSTE,
    cpv_connu,
    normaliser_cpv,
    normaliser_siret,
    siret_valide,
)

CARACTERE_PERDU = "\ufffd"
# Caractères de contrôle : invisibles, interdits dans un classeur XLSX (XML 1.0) et capables de
# brouiller un terminal (ÉCHAP). Tabulation, saut de ligne et retour chariot sont des blancs permis.
CARACTERES_DE_CONTROLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_NOMS_DE_CONTROLE = {"\x00": "NUL", "\x07": "BEL", "\x08": "RETOUR ARRIÈRE", "\x0b": "TABULATION VERTICALE",
                     "\x0c": "SAUT DE PAGE", "\x1b": "ÉCHAP", "\x7f": "SUPPRESSION"}
DATE_ANCIENNE = np.datetime64("1990-01-01", "ns")  # avant : sans doute une date par défaut (01/01/1900)


class Collecte:
    """Les problèmes d'un fichier, et les lignes (positions) à écarter."""

    def __init__(self, fichier: str, lignes: np.ndarray):
        self.fichier = fichier
        self.lignes = lignes
        self.problemes: list[Probleme] = []
        self.a_ecarter = np.zeros(len(lignes), dtype=bool)

    def fichier_entier(self, message: str, conseil: str, code: str, gravite: str = AVERTISSEMENT,
                       colonne: str | None = None, valeur: str | None = None) -> None:
        self.problemes.append(Probleme(self.fichier, None, colonne, valeur, message, conseil, gravite, code))

    def signaler(self, masque, colonne: str | None, valeurs, message: str, conseil: str, code: str,
                 gravite: str = ERREUR) -> None:
        """Un problème par ligne où `masque` est vrai ; une erreur écarte la ligne."""
        masque = np.asarray(masque, dtype=bool)
        positions = np.flatnonzero(masque)
        if not len(positions):
            return
        if gravite == ERREUR:
            self.a_ecarter |= masque
        textes = _en_textes(valeurs, positions)
        for position, valeur in zip(positions.tolist(), textes):
            self.problemes.append(
                Probleme(self.fichier, int(self.lignes[position]), colonne, valeur, message, conseil, gravite, code)
            )

    def trier(self) -> list[Probleme]:
        return sorted(self.problemes, key=lambda p: (p.ligne is not None, p.ligne or 0))


def _en_textes(valeurs, positions: np.ndarray) -> list[str | None]:
    if valeurs is None:
        return [None] * len(positions)
    choisies = pd.Series(valeurs).iloc[positions].tolist()
    textes = [None if (v is None or (isinstance(v, float) and np.isnan(v))) else str(v) for v in choisies]
    return [rendre_visible(t) if t and t.strip() else None for t in textes]


def _nom_de_controle(caractere: str) -> str:
    code = f"U+{ord(caractere):04X}"
    nom = _NOMS_DE_CONTROLE.get(caractere)
    return f"{code} ({nom})" if nom else code


def rendre_visible(texte: str) -> str:
    """Le texte, chaque caractère de contrôle écrit « ⟨U+001B⟩ » : on peut l'afficher et le copier sans danger."""
    if not CARACTERES_DE_CONTROLE.search(texte):
        return texte
    return CARACTERES_DE_CONTROLE.sub(lambda m: f"⟨U+{ord(m.group()):04X}⟩", texte)


def message_caracteres_de_controle(texte: str) -> str:
    """« caractère de contrôle invisible U+001B (ÉCHAP) dans le texte : … » pour un texte qui en contient."""
    trouves = sorted(set(CARACTERES_DE_CONTROLE.findall(texte)))
    noms = ", ".join(_nom_de_controle(c) for c in trouves)
    if len(trouves) > 1:
        return (f"caractères de contrôle invisibles {noms} dans le texte : la ligne est gardée, mais ces "
                "caractères brouillent l'affichage et sont interdits dans un classeur.")
    return (f"caractère de contrôle invisible {noms} dans le texte : la ligne est gardée, mais ce caractère "
            "brouille l'affichage et est interdit dans un classeur.")


CONSEIL_CONTROLE = ("Supprimez les caractères de contrôle du fichier source : ils viennent souvent d'un copier-coller "
                    "ou d'un export défectueux (la valeur citée les montre sous la forme ⟨U+…⟩).")


SENTINELLES = [float(10**k - 1) for k in range(7, 13)] + [10**k - 1 + 0.99 for k in range(7, 12)]


def est_sentinelle(montants: pd.Series) -> np.ndarray:
    """Vrai pour les montants « bouche-trou » : que des 9 sur au moins 7 chiffres (9 999 999, 99 999 999…)."""
    absolus = np.abs(montants.to_numpy(dtype="float64", na_value=np.nan))
    masque = absolus >= SENTINELLES[0]
    if masque.any():
        masque[masque] = np.isin(absolus[masque], SENTINELLES)
    return masque


def controler_montants(collecte: Collecte, colonne, brut: pd.Series, montants, nom: str, *, bloquant: bool) -> None:
    """Montant vide ou illisible (erreur si `bloquant`, sinon avertissement), sentinelle, nul."""
    gravite = ERREUR if bloquant else AVERTISSEMENT
    suite = "la ligne est écartée." if bloquant else "le montant est laissé inconnu."
    collecte.signaler(montants.vides, nom, brut, f"montant absent : {suite}",
                      "Renseignez le montant HT de cette ligne dans le fichier.", "montant_absent", gravite)
    collecte.signaler(montants.illisibles, nom, brut, f"montant illisible : {suite}",
                      "Écrivez un nombre, par exemple « 1 234,56 » ou « 1234.56 ».", "montant_illisible", gravite)
    valeurs = montants.valeurs
    collecte.signaler(est_sentinelle(valeurs), nom, brut,
                      "montant « bouche-trou » (que des 9) : la ligne est gardée mais ce montant est douteux.",
                      "Remplacez-le par le vrai montant, ou videz la cellule s'il est inconnu.",
                      "montant_sentinelle", AVERTISSEMENT)
    collecte.signaler(valeurs.to_numpy() == 0, nom, brut, "montant nul : la ligne est gardée.",
                      "Vérifiez qu'il ne manque pas le montant ; supprimez la ligne si elle n'a pas lieu d'être.",
                      "montant_nul", AVERTISSEMENT)


def controler_dates(collecte: Collecte, brut: pd.Series, dates, nom: str, *, bloquant: bool,
                    aujourd_hui: dt.date | None = None) -> None:
    """Date vide ou illisible (erreur si `bloquant`), date dans le futur (avertissement)."""
    gravite = ERREUR if bloquant else AVERTISSEMENT
    suite = "la ligne est écartée." if bloquant else "la date est laissée inconnue."
    collecte.signaler(dates.vides, nom, brut, f"date absente : {suite}",
                      "Renseignez la date au format jj/mm/aaaa.", "date_absente", gravite)
    collecte.signaler(dates.illisibles, nom, brut, f"date illisible : {suite}",
                      "Écrivez la date au format jj/mm/aaaa (31/12/2024) ou aaaa-mm-jj (2024-12-31).",
                      "date_illisible", gravite)
    limite = pd.Timestamp(aujourd_hui or dt.date.today())
    valeurs = dates.valeurs.to_numpy()
    collecte.signaler(valeurs > limite.to_datetime64(), nom, brut,
                      "date dans le futur : la ligne est gardée mais la date est douteuse.",
                      "Vérifiez l'année (faute de frappe ?) et corrigez la date.", "date_future", AVERTISSEMENT)
    collecte.signaler(valeurs < DATE_ANCIENNE, nom, brut,
                      "date antérieure à 1990 : la ligne est gardée mais la date est douteuse.",
                      "Vérifiez l'année (01/01/1900 est souvent une date par défaut) et corrigez la date.",
                      "date_ancienne", AVERTISSEMENT)


def _par_valeur_distincte(textes: pd.Series, fonction) -> tuple[np.ndarray, list, list]:
    """Applique `fonction` à chaque valeur distincte ; rend (codes par ligne, valeurs distinctes, résultats)."""
    codes, uniques = factoriser(textes)
    return codes, uniques, [fonction(u) for u in uniques]


def sirets_valides(sirets: list[str]) -> np.ndarray:
    """Clé de Luhn (règle de La Poste comprise) de SIRET de 14 chiffres, calculée d'un coup avec numpy."""
    if not sirets:
        return np.zeros(0, dtype=bool)
    chiffres = (np.frombuffer("".join(sirets).encode("ascii"), dtype=np.uint8).reshape(-1, 14) - 48).astype(np.int64)
    doubles = chiffres.copy()
    doubles[:, 0::2] *= 2  # en partant de la droite, un chiffre sur deux est doublé (le 2e, le 4e…)
    doubles = np.where(doubles > 9, doubles - 9, doubles)
    valides = doubles.sum(axis=1) % 10 == 0
    la_poste = np.array([s.startswith(SIREN_LA_POSTE) for s in sirets], dtype=bool)
    if la_poste.any():
        valides |= la_poste & (chiffres.sum(axis=1) % 5 == 0)
    return valides


def _un_siret(valeur) -> tuple[str | None, bool]:
    """Cas lent : une cellule qui n'est pas déjà 14 chiffres (espaces, 13 chiffres, plusieurs SIRET…)."""
    if isinstance(valeur, str) and (";" in valeur or "," in valeur):  # plusieurs titulaires dans la cellule
        sirets = [s for s in (normaliser_siret(v) for v in re.split(r"[;,]", valeur)) if s]
        return "; ".join(sirets) or None, all(siret_valide(s) for s in sirets)
    siret = normaliser_siret(valeur)
    return siret, siret is None or siret_valide(siret)


def normaliser_sirets(collecte: Collecte, brut: pd.Series, nom: str) -> pd.Series:
    """SIRET en chaînes de 14 chiffres (zéro de tête rendu) ; avertit des SIRET à clé ou longueur fausse.

    Une colonne lue en entiers (CSV tout en chiffres) a perdu ses zéros de tête : ils sont rendus.
    """
    entiers = pd.api.types.is_integer_dtype(brut.dtype)
    codes, uniques = factoriser(brut)
    if not uniques:
        return pd.Series([], dtype="str", index=brut.index)
    textes = [str(u).zfill(14) for u in uniques] if entiers else uniques
    simples = [isinstance(t, str) and len(t) == 14 and t.isdigit() for t in textes]
    normalises = np.empty(len(textes), dtype=object)
    valides = np.ones(len(textes), dtype=bool)
    rangs_simples = [i for i, simple in enumerate(simples) if simple]
    normalises[rangs_simples] = [textes[i] for i in rangs_simples]
    valides[rangs_simples] = sirets_valides([textes[i] for i in rangs_simples])
    for i, simple in enumerate(simples):
        if not simple:
            normalises[i], valides[i] = _un_siret(textes[i])
    collecte.signaler(~valides[codes], nom, brut,
                      "SIRET invalide (14 chiffres attendus, clé de contrôle vérifiée) : la ligne est gardée.",
                      "Vérifiez le SIRET du fournisseur sur annuaire-entreprises.data.gouv.fr.",
                      "siret_invalide", AVERTISSEMENT)
    return _depuis_uniques(brut, codes, uniques, normalises)


def _depuis_uniques(brut: pd.Series, codes: np.ndarray, originales: list, valeurs_uniques: np.ndarray) -> pd.Series:
    """Reconstitue une colonne de chaînes depuis les valeurs distinctes (sans copie si rien n'a changé)."""
    if pd.api.types.is_string_dtype(brut.dtype) and brut.dtype != object:
        if all(
            isinstance(o, str) and o == v for o, v in zip(originales, valeurs_uniques)
        ):
            return brut
    return pd.Series(valeurs_uniques[codes], index=brut.index, dtype="str")


def normaliser_cpvs(collecte: Collecte, brut: pd.Series, nom: str) -> pd.Series:
    """CPV à 8 chiffres ; avertit d'une clé fausse, d'une valeur illisible, d'un code absent de CPV 2008."""
    entiers = pd.api.types.is_integer_dtype(brut.dtype)

    def examiner(valeur):
        code, anomalie = normaliser_cpv(str(valeur).zfill(8) if entiers else valeur)
        if code is not None and anomalie is None and not cpv_connu(code):
            anomalie = "inconnu"
        return code, anomalie

    codes, uniques, resultats = _par_valeur_distincte(brut, examiner)
    if not resultats:
        return pd.Series([], dtype="str", index=brut.index)
    normalises = np.array([r[0] for r in resultats], dtype=object)
    anomalies = np.array([r[1] or "" for r in resultats], dtype=object)[codes]
    collecte.signaler(anomalies == "cle_fausse", nom, brut,
                      "le chiffre de contrôle du code CPV ne correspond pas à la liste officielle : "
                      "les 8 premiers chiffres sont gardés.",
                      "Vérifiez le code dans la nomenclature CPV 2008.", "cpv_cle_fausse", AVERTISSEMENT)
    collecte.signaler(anomalies == "illisible", nom, brut,
                      "code CPV illisible : la ligne est gardée sans CPV.",
                      "Écrivez un code CPV de 8 chiffres, avec ou sans son chiffre de contrôle (30192000-1).",
                      "cpv_illisible", AVERTISSEMENT)
    collecte.signaler(anomalies == "inconnu", nom, brut,
                      "code CPV absent de la nomenclature CPV 2008 : il est gardé tel quel.",
                      "Vérifiez le code dans la nomenclature CPV 2008 (règlement (CE) n° 213/2008).",
                      "cpv_inconnu", AVERTISSEMENT)
    return _depuis_uniques(brut, codes, uniques, normalises)


def textes_propres(collecte: Collecte, brut: pd.Series, nom: str) -> tuple[pd.Series, np.ndarray]:
    """Texte sans espaces de bord (NA si vide) et masque des cellules vides ; avertit des caractères
    U+FFFD (accents perdus) et des caractères de contrôle (ÉCHAP, NUL…), gardés tels quels."""
    codes, uniques = factoriser(brut)
    propres = np.array([_texte_ou_none(u) for u in uniques], dtype=object)
    perdus = np.array([p is not None and CARACTERE_PERDU in p for p in propres], dtype=bool)
    messages: dict[str, list[int]] = {}  # un message par ensemble de caractères de contrôle
    for rang, propre in enumerate(propres):
        if propre is not None and CARACTERES_DE_CONTROLE.search(propre):
            messages.setdefault(message_caracteres_de_controle(propre), []).append(rang)
    if len(uniques):
        collecte.signaler(perdus[codes], nom, brut,
                          "caractères perdus (« \ufffd ») : les accents ont été abîmés par un mauvais encodage.",
                          "Réexportez le fichier en UTF-8, ou corrigez le texte à la main.",
                          "caracteres_perdus", AVERTISSEMENT)
        for message, rangs in messages.items():
            collecte.signaler(np.isin(codes, rangs), nom, brut, message, CONSEIL_CONTROLE,
                              "caractere_de_controle", AVERTISSEMENT)
        absents = np.array([p is None for p in propres], dtype=bool)[codes]
        return _depuis_uniques(brut, codes, uniques, propres), absents
    return pd.Series([], dtype="str", index=brut.index), np.zeros(0, dtype=bool)


def _texte_ou_none(valeur):
    if valeur is None or (isinstance(valeur, float) and np.isnan(valeur)):
        return None
    texte = str(valeur).strip()
    return texte or None


def controler_familles(collecte: Collecte, familles: pd.Series, brut: pd.Series, nom: str, connues: set[str]) -> None:
    """Avertit des codes de famille donnés par le fichier qui ne sont pas dans la nomenclature du kit."""
    codes, uniques = factoriser(familles)
    inconnues = np.array([isinstance(u, str) and u not in connues for u in uniques], dtype=bool)
    if len(uniques) and inconnues.any():
        collecte.signaler(inconnues[codes], nom, brut,
                          "famille d'achat inconnue de la nomenclature du kit : elle est gardée telle quelle.",
                          "Utilisez un code de la nomenclature (spaserlib.commun.nomenclature.familles()), ou videz la "
                          "cellule pour que la famille soit déduite du CPV.", "famille_inconnue", AVERTISSEMENT)
