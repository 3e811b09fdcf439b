"""Identifiants : SIRET, SIREN et codes CPV, lus comme des chaînes et vérifiés.

Les exports tableur perdent les zéros de tête (un SIRET lu comme un nombre n'a plus que
13 chiffres, un CPV commençant par 0 n'en a plus que 7) : on les rend ici.
"""

from __future__ import annotations

import csv
import functools
import re
import unicodedata
from importlib import resources

import pandas as pd

# La Poste (SIREN 356 000 000) a des SIRET qui ne respectent pas la clé de Luhn :
# la règle de l'INSEE est alors que la somme des chiffres est un multiple de 5.
SIREN_LA_POSTE = "356000000"

_NON_CHIFFRES = re.compile(r"[\s\u00a0\u202f.\-]")


def cle_luhn_valide(chiffres: str) -> bool:
    """Vrai si la chaîne de chiffres respecte la clé de Luhn."""
    total = 0
    for i, c in enumerate(reversed(chiffres)):
        n = ord(c) - 48
        if i % 2 == 1:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


def normaliser_siret(valeur) -> str | None:
    """Rend un SIRET sur 14 chiffres (chaîne) ou None s'il est vide.

    Accepte les espaces, points et tirets, un nombre flottant issu d'un tableur (``1234567800012.0``)
    et un SIRET de 13 chiffres dont le zéro de tête a été perdu. Ne vérifie pas la clé : voir
    `siret_valide`. Rend la valeur nettoyée telle quelle si elle n'a pas la forme d'un SIRET.
    """
    if valeur is None or (isinstance(valeur, float) and pd.isna(valeur)) or valeur is pd.NA:
        return None
    texte = str(valeur).strip()
    if texte == "" or texte.lower() in {"nan", "none", "null"}:
        return None
    if re.fullmatch(r"\d+\.0+", texte):
        texte = texte.split(".")[0]
    texte = _NON_CHIFFRES.sub("", texte)
    if texte.isdigit() and len(texte) == 13:
        texte = "0" + texte
    return texte


def siret_valide(siret: str | None) -> bool:
    """Vrai si `siret` a 14 chiffres et une clé valide (règle particulière de La Poste comprise)."""
    if not siret or len(siret) != 14 or not siret.isdigit():
        return False
    if siret.startswith(SIREN_LA_POSTE):
        return cle_luhn_valide(siret) or sum(int(c) for c in siret) % 5 == 0
    return cle_luhn_valide(siret)


def siren_valide(siren: str | None) -> bool:
    """Vrai si `siren` a 9 chiffres et une clé de Luhn valide."""
    return bool(siren) and len(siren) == 9 and siren.isdigit() and cle_luhn_valide(siren)


@functools.cache
def _cles_cpv_officielles() -> dict[str, str]:
    """Code à 8 chiffres -> chiffre de contrôle, d'après la liste officielle CPV 2008 embarquée."""
    chemin = resources.files("spaserlib") / "donnees" / "cpv_2008_fr.csv"
    with chemin.open(encoding="utf-8") as f:
        return {ligne["code8"]: ligne["code_cpv"][-1] for ligne in csv.DictReader(f)}


def cle_cpv(code8: str) -> str | None:
    """Chiffre de contrôle officiel d'un code CPV à 8 chiffres, ou None s'il n'est pas dans CPV 2008.

    La clé est prise dans la liste officielle (règlement (CE) n° 213/2008) plutôt que recalculée.
    """
    return _cles_cpv_officielles().get(code8)


def cpv_connu(code8: str | None) -> bool:
    """Vrai si le code à 8 chiffres figure dans la nomenclature CPV 2008."""
    return bool(code8) and code8 in _cles_cpv_officielles()


_CPV = re.compile(r"^(\d{7,8})(?:-(\d))?$")


def normaliser_cpv(valeur) -> tuple[str | None, str | None]:
    """Rend ``(code à 8 chiffres, anomalie)`` pour une valeur de CPV telle qu'on la trouve.

    Gère les espaces intérieurs et finaux, le zéro de tête perdu (7 chiffres), la présence ou
    non du chiffre de contrôle. `anomalie` vaut None, ``"cle_fausse"`` (le chiffre de contrôle
    donné ne correspond pas à celui de la liste officielle), ou ``"illisible"`` (la valeur n'a pas la forme d'un CPV ; le code
    rendu est alors None). Une valeur vide rend ``(None, None)``.
    """
    if valeur is None or (isinstance(valeur, float) and pd.isna(valeur)) or valeur is pd.NA:
        return None, None
    texte = re.sub(r"[\s\u00a0\u202f]", "", str(valeur))
    if texte == "" or texte.lower() in {"nan", "none", "null"}:
        return None, None
    if re.fullmatch(r"\d+\.0", texte):
        texte = texte[:-2]
    m = _CPV.match(texte)
    if not m:
        return None, "illisible"
    code = m.group(1).zfill(8)
    cle = cle_cpv(code)
    if m.group(2) is not None and cle is not None and m.group(2) != cle:
        return code, "cle_fausse"
    return code, None


def nom_comparable(nom) -> str:
    """Nom de fournisseur comparable : majuscules, sans accents ni ponctuation, espaces réduits.

    « Atelier  Émeraude, S.A.R.L. » -> « ATELIER EMERAUDE S A R L » ; une valeur absente -> « ».
    Sert partout où deux écritures d'un même fournisseur doivent se reconnaître (listes de
    fournisseurs cibles, pseudonymes).
    """
    if nom is None or (not isinstance(nom, str) and pd.isna(nom)):
        return ""
    texte = unicodedata.normalize("NFKD", nom).encode("ascii", "ignore").decode("ascii")
    return " ".join(re.sub(r"[^A-Za-z0-9]+", " ", texte).upper().split())


def nom_sur(nom: str, *, longueur: int = 60) -> str:
    """Un nom de fichier ou de dossier sûr sur tous les systèmes, tiré d'un nom de participant.

    ASCII, minuscules, chiffres et tirets, `longueur` caractères au plus : « Équipe Nord (2) » ->
    « equipe-nord-2 », « ../../etc » -> « etc ». Un nom sans aucune lettre latine ni chiffre (« 山田 »,
    « !!! ») reçoit un nom stable tiré de son empreinte (« participant-1a2b3c4d ») : deux noms
    différents de ce genre ne se confondent pas. C'est le seul endroit du kit qui fabrique ces noms.
    """
    import hashlib

    texte = unicodedata.normalize("NFKD", nom)
    texte = "".join(c for c in texte if not unicodedata.combining(c)).encode("ascii", "ignore").decode().lower()
    sur = re.sub(r"[^a-z0-9]+", "-", texte).strip("-")[:longueur].strip("-")
    if not sur:
        sur = "participant-" + hashlib.sha256(nom.encode("utf-8")).hexdigest()[:8]
    return sur


def noms_surs_distincts(noms, *, longueur: int = 60) -> dict[str, str]:
    """Un nom de fichier sûr et distinct pour chaque nom de participant : {nom: nom sûr}.

    Chacun reçoit `nom_sur(nom)`, sauf quand plusieurs noms différents donneraient le même
    (« Alice » et « alice », « Éloïse » et « Eloise ») : chacun d'eux reçoit alors en plus un suffixe
    court tiré de son empreinte, stable d'une fois à l'autre (« alice-3f2a9c1b », « alice-8d04e7aa »).
    Deux fichiers ne s'écrasent donc jamais, y compris sur un système qui ignore la casse.
    """
    import hashlib

    noms = list(dict.fromkeys(noms))
    par_base: dict[str, list[str]] = {}
    for nom in noms:
        par_base.setdefault(nom_sur(nom, longueur=longueur), []).append(nom)
    surs: dict[str, str] = {}
    for base, groupe in par_base.items():
        if len(groupe) == 1:
            surs[groupe[0]] = base
            continue
        taille = 8
        while True:
            candidats = {nom: f"{base}-{hashlib.sha256(nom.encode('utf-8')).hexdigest()[:taille]}" for nom in groupe}
            if len(set(candidats.values())) == len(groupe):
                break
            taille += 4
        surs.update(candidats)
    # Un suffixe ne recrée pas un nom déjà pris par un autre participant (« alice-3f2a9c1b » écrit tel quel).
    while len(set(surs.values())) < len(surs):
        vus: dict[str, str] = {}
        for nom, sur in list(surs.items()):
            if sur in vus:
                surs[nom] = f"{sur}-{hashlib.sha256(nom.encode('utf-8')).hexdigest()[:8]}"
            else:
                vus[sur] = nom
    return surs
