"""Pseudonymiser les fournisseurs avant de partager une analyse (travail en groupe).

Chaque fournisseur reçoit un pseudonyme stable, « Fournisseur 0042 » : le même nom (après
normalisation : casse, accents, espaces, ponctuation) donne le même pseudonyme partout, dans les
achats comme dans les titulaires des marchés, et d'un notebook à l'autre d'un même rapport.
Le numéro vient d'un HMAC-SHA-256 de la clé et du nom normalisé : sans la clé, on ne peut pas
retrouver un nom en essayant des noms connus. Les SIRET et identifiants de titulaires sont
remplacés de la même manière (« SIRET 0042 »…).

C'est une pseudonymisation, pas une anonymisation : les montants, les objets des achats et les
familles restent ; un lecteur qui connaît l'organisation peut parfois reconnaître un fournisseur.

Clé : l'argument `cle`, sinon la variable d'environnement SPASER_CLE_PSEUDONYMISATION (posée par
`spaser rapport` dans le noyau des notebooks, pour qu'index et notebooks concordent), sinon une clé
fixe du kit (pseudonymes reproductibles, mais retrouvables par qui a le kit : donnez une clé).
"""

from __future__ import annotations

import hashlib
import hmac
import os

import pandas as pd

from spaserlib.commun.identifiants import nom_comparable

VARIABLE_CLE = "SPASER_CLE_PSEUDONYMISATION"
CLE_PAR_DEFAUT = "kit-spaser-pseudonymes"
CHIFFRES = 4  # « Fournisseur 0042 » : 10 000 numéros ; au-delà, le numéro s'allonge
SEPARATEUR_TITULAIRES = ";"


def _cle(cle: str | bytes | None) -> bytes:
    if cle is None:
        cle = os.environ.get(VARIABLE_CLE) or CLE_PAR_DEFAUT
    return cle if isinstance(cle, bytes) else str(cle).encode("utf-8")


class Pseudonymes:
    """Attribue les pseudonymes d'une clé ; deux noms différents n'ont jamais le même pseudonyme.

    Le numéro est tiré du HMAC ; en cas de collision (deux noms, même numéro), le second nom
    (dans l'ordre alphabétique des noms normalisés, pour rester stable) prend le numéro libre suivant.
    """

    def __init__(self, cle: str | bytes | None = None, prefixe: str = "Fournisseur"):
        self.cle = _cle(cle)
        self.prefixe = prefixe
        self._par_nom: dict[str, str] = {}
        self._pris: set[int] = set()

    def _numero(self, normal: str) -> int:
        empreinte = hmac.new(self.cle + self.prefixe.encode(), normal.encode("utf-8"), hashlib.sha256).digest()
        return int.from_bytes(empreinte[:8], "big") % (10**CHIFFRES)

    def preparer(self, noms) -> None:
        """Réserve les numéros de tous les noms d'un coup, dans un ordre stable."""
        for normal in sorted({nom_comparable(n) for n in noms if _renseigne(n)}):
            self._attribuer(normal)

    def _attribuer(self, normal: str) -> str:
        if normal not in self._par_nom:
            numero = self._numero(normal)
            while numero in self._pris:
                numero = (numero + 1) % (10**CHIFFRES) if len(self._pris) < 10**CHIFFRES else numero + 1
            self._pris.add(numero)
            self._par_nom[normal] = f"{self.prefixe} {numero:0{CHIFFRES}d}"
        return self._par_nom[normal]

    def __call__(self, nom):
        if not _renseigne(nom):
            return nom
        return self._attribuer(nom_comparable(nom))

    def liste(self, valeur):
        """Pseudonymise une liste « a ; b » en gardant le séparateur du kit."""
        if not _renseigne(valeur):
            return valeur
        parties = [p.strip() for p in str(valeur).split(SEPARATEUR_TITULAIRES)]
        return f"{SEPARATEUR_TITULAIRES} ".join(self(p) if p else p for p in parties)


def _renseigne(valeur) -> bool:
    return not (valeur is None or (not isinstance(valeur, str) and pd.isna(valeur)) or str(valeur).strip() == "")


def _noms_titulaires(serie: pd.Series) -> list[str]:
    noms = []
    for valeur in serie.dropna():
        noms.extend(p.strip() for p in str(valeur).split(SEPARATEUR_TITULAIRES) if p.strip())
    return noms


def pseudonymiser(
    achats: pd.DataFrame | None,
    marches: pd.DataFrame | None = None,
    *,
    cle: str | bytes | None = None,
) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
    """Renvoie des copies des tables achats et marchés, fournisseurs et identifiants pseudonymisés.

    achats : colonnes `fournisseur` et `siret` remplacées ; marches : `titulaires` et
    `titulaires_ids` (listes séparées par « ; »). Les colonnes absentes sont ignorées ; les valeurs
    manquantes restent manquantes. Les tables reçues ne sont pas modifiées.
    """
    noms = Pseudonymes(cle, "Fournisseur")
    identifiants = Pseudonymes(cle, "SIRET")
    # Tous les noms d'abord (achats et titulaires) : le même fournisseur, le même pseudonyme.
    tous_noms, tous_ids = [], []
    if achats is not None:
        tous_noms += list(achats.get("fournisseur", pd.Series(dtype=object)).dropna())
        tous_ids += list(achats.get("siret", pd.Series(dtype=object)).dropna())
    if marches is not None:
        tous_noms += _noms_titulaires(marches.get("titulaires", pd.Series(dtype=object)))
        tous_ids += _noms_titulaires(marches.get("titulaires_ids", pd.Series(dtype=object)))
    noms.preparer(tous_noms)
    identifiants.preparer(tous_ids)

    achats_p = None
    if achats is not None:
        achats_p = achats.copy()
        if "fournisseur" in achats_p:
            achats_p["fournisseur"] = achats_p["fournisseur"].map(noms, na_action="ignore")
        if "siret" in achats_p:
            achats_p["siret"] = achats_p["siret"].map(identifiants, na_action="ignore")
    marches_p = None
    if marches is not None:
        marches_p = marches.copy()
        if "titulaires" in marches_p:
            marches_p["titulaires"] = marches_p["titulaires"].map(noms.liste, na_action="ignore")
        if "titulaires_ids" in marches_p:
            marches_p["titulaires_ids"] = marches_p["titulaires_ids"].map(identifiants.liste, na_action="ignore")
    return achats_p, marches_p
