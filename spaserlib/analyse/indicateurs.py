"""Les indicateurs de suivi d'un SPASER, calculés depuis les marchés et les achats.

Chaque indicateur est un `Indicateur` : une petite table et une phrase française qui lit le chiffre.

Depuis les marchés (table canonique `marches`) : part des contrats comportant au moins une
considération environnementale ou sociale, **en nombre et en valeur** (article L2111-3 du Code de la
commande publique, alinéa 3 issu de la loi n° 2021-1104 du 22 août 2021), par année de
notification, famille, procédure, nature, tranche de montant, et par genre (clause, critère, marché
réservé).

Règles de calcul :
- un contrat dont les considérations sont inconnues (NA) est compté À PART (colonnes
  ``contrats_inconnus`` et ``montant_inconnu``) ; les parts sont calculées sur les contrats dont la
  considération est connue, et la phrase dit combien de contrats en sont exclus ;
- une année sans contrat figure dans la table par année (0 contrat, part non calculable) ;
- depuis le 1er janvier 2024, les DECP recensent les contrats de 40 000 € HT et plus ; avant, le
  recensement de l'OECP portait sur les contrats de 90 000 € HT et plus : la phrase le rappelle
  quand une table compare des années de part et d'autre de 2024.

Depuis les achats (table canonique `achats`) : dépense par année civile, par famille, par fournisseur,
et part de la dépense allant à une liste de fournisseurs donnée (SIAE, ESAT/EA, ESS, local, PME…),
reconnus par SIRET ou par nom normalisé.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from spaserlib.commun.erreurs import ErreurParametre
from spaserlib.commun.identifiants import nom_comparable
from spaserlib.commun.tables import (
    CONSIDERATION_ENVIRONNEMENTALE_ABSENTE,
    CONSIDERATION_SOCIALE_ABSENTE,
    CONSIDERATIONS_ENVIRONNEMENTALES_POSITIVES,
    CONSIDERATIONS_SOCIALES_POSITIVES,
)

from spaserlib.commun.format_fr import euros_courts, nombre, pourcentage

# Seuils de recensement des contrats (données essentielles / recensement OECP).
DATE_SEUIL_DECP = pd.Timestamp("2024-01-01")
SEUIL_DECP_DEPUIS_2024 = 40_000
SEUIL_RECENSEMENT_AVANT_2024 = 90_000
RAPPEL_SEUIL_DECP = (
    "Attention : depuis le 1er janvier 2024, les données essentielles (DECP) recensent les contrats "
    "de 40 000 € HT et plus ; avant, le recensement de l'OECP ne portait que sur les contrats de "
    "90 000 € HT et plus : les années d'avant et d'après 2024 ne portent pas sur les mêmes contrats."
)

# Tranches de montant (euros HT) : seuil de dispense de publicité, ancien seuil de recensement,
# seuil européen fournitures et services des collectivités 2026-2027, seuil européen travaux 2026-2027.
BORNES_TRANCHES = [0, 40_000, 90_000, 216_000, 5_404_000]
LIBELLES_TRANCHES = [
    "moins de 40 000 €",
    "40 000 € à moins de 90 000 €",
    "90 000 € à moins de 216 000 €",
    "216 000 € à moins de 5 404 000 €",
    "5 404 000 € et plus",
]

DIMENSIONS = {
    "environnementale": (
        "consideration_environnementale",
        "considerations_environnementales",
        CONSIDERATIONS_ENVIRONNEMENTALES_POSITIVES,
        CONSIDERATION_ENVIRONNEMENTALE_ABSENTE,
    ),
    "sociale": (
        "consideration_sociale",
        "considerations_sociales",
        CONSIDERATIONS_SOCIALES_POSITIVES,
        CONSIDERATION_SOCIALE_ABSENTE,
    ),
}

AXES = {"annee": "année de notification", "famille": "famille", "procedure": "procédure",
        "nature": "nature", "tranche": "tranche de montant"}

COLONNES_PART = ["contrats", "contrats_avec", "contrats_sans", "contrats_inconnus", "part_nombre",
                 "montant_ht", "montant_avec", "montant_sans", "montant_inconnu", "part_valeur"]


@dataclass
class Indicateur:
    """Un indicateur de suivi : son nom, une petite table et une phrase qui lit le chiffre."""

    nom: str
    table: pd.DataFrame
    phrase: str

    def __str__(self) -> str:
        return f"{self.nom}\n{self.phrase}"


def _verifier_dimension(dimension: str) -> None:
    if dimension not in DIMENSIONS:
        raise ErreurParametre(
            f"Dimension « {dimension} » inconnue : choisissez « environnementale » ou « sociale »."
        )


def valeurs_considerations(texte) -> list[str]:
    """Les valeurs DECP d'une cellule « Clause sociale, Critère social » -> liste ; NA -> []."""
    if texte is None or (not isinstance(texte, str) and pd.isna(texte)):
        return []
    return [v.strip() for v in str(texte).split(",") if v.strip()]


def etat_consideration(marches: pd.DataFrame, dimension: str) -> pd.Series:
    """Booléen à trois états par contrat : True, False, ou NA (inconnu).

    Prend la colonne booléenne de la table canonique ; là où elle est absente ou NA, déduit l'état
    de la colonne texte (valeurs DECP). Une cellule vide reste inconnue, jamais « non ».
    """
    _verifier_dimension(dimension)
    col_bool, col_texte, positives, absente = DIMENSIONS[dimension]
    etat = pd.Series(pd.NA, index=marches.index, dtype="boolean")
    if col_bool in marches:
        etat = marches[col_bool].astype("boolean")
    if col_texte in marches:
        def deduire(texte):
            valeurs = valeurs_considerations(texte)
            if any(v in positives for v in valeurs):
                return True
            if absente in valeurs:
                return False
            return pd.NA
        textes = marches[col_texte]
        # peu de valeurs distinctes : on déduit l'état une fois par valeur, puis on le reporte
        par_valeur = {v: deduire(v) for v in textes.dropna().unique()}
        deduit = textes.map(par_valeur).astype("boolean")
        etat = etat.fillna(deduit)
    return etat


def tranche_montant(montants: pd.Series) -> pd.Series:
    """La tranche de montant (libellé) de chaque contrat, d'après `BORNES_TRANCHES`."""
    categories = pd.cut(montants, bins=[*BORNES_TRANCHES, float("inf")], right=False,
                        labels=LIBELLES_TRANCHES)
    return categories.astype("string")


def _colonne_axe(marches: pd.DataFrame, par: str) -> pd.Series:
    colonne = {"annee": "date_notification", "tranche": "montant_ht"}.get(par, par)
    if colonne not in marches:
        raise ErreurParametre(
            f"La table des marchés n'a pas de colonne « {colonne} » : impossible de regrouper par {AXES[par]}. "
            "Lisez le fichier avec le kit (table canonique des marchés)."
        )
    if par == "annee":
        return pd.to_datetime(marches["date_notification"]).dt.year.astype("Int64")
    if par == "tranche":
        return tranche_montant(marches["montant_ht"])
    return marches[par].astype("string").fillna("(non renseigné)")


def _parts(etat: pd.Series, montants: pd.Series) -> dict:
    montants = montants.fillna(0.0).astype(float)
    avec, sans, inconnu = etat.eq(True).fillna(False), etat.eq(False).fillna(False), etat.isna()
    connus_n = int(avec.sum() + sans.sum())
    connus_v = float(montants[avec].sum() + montants[sans].sum())
    return {
        "contrats": int(len(etat)),
        "contrats_avec": int(avec.sum()),
        "contrats_sans": int(sans.sum()),
        "contrats_inconnus": int(inconnu.sum()),
        "part_nombre": avec.sum() / connus_n if connus_n else float("nan"),
        "montant_ht": float(montants.sum()),
        "montant_avec": float(montants[avec].sum()),
        "montant_sans": float(montants[sans].sum()),
        "montant_inconnu": float(montants[inconnu].sum()),
        "part_valeur": float(montants[avec].sum()) / connus_v if connus_v else float("nan"),
    }


def table_considerations(marches: pd.DataFrame, dimension: str, par: str | None = None) -> pd.DataFrame:
    """La table des parts (nombre et valeur) des contrats avec ≥ 1 considération `dimension`.

    Sans `par` : une ligne « Ensemble ». Avec `par` (annee, famille, procedure, nature, tranche) :
    une ligne par groupe ; par année, toutes les années de la première à la dernière figurent,
    y compris celles sans contrat. Les parts sont entre 0 et 1, sur les contrats connus.
    """
    _verifier_dimension(dimension)
    if par is not None and par not in AXES:
        raise ErreurParametre(
            f"Regroupement « {par} » inconnu : choisissez parmi {', '.join(AXES)}."
        )
    etat = etat_consideration(marches, dimension)
    montants = marches["montant_ht"] if "montant_ht" in marches else pd.Series(0.0, index=marches.index)
    if par is None:
        return pd.DataFrame([{"groupe": "Ensemble", **_parts(etat, montants)}])
    axe = _colonne_axe(marches, par)
    if par == "annee":
        annees = axe.dropna()
        groupes = list(range(int(annees.min()), int(annees.max()) + 1)) if len(annees) else []
    elif par == "tranche":
        groupes = [t for t in LIBELLES_TRANCHES if (axe == t).any()]
    else:
        groupes = sorted(axe.dropna().unique())
    table = _parts_par_groupe(etat, montants, axe, groupes).rename_axis(par).reset_index()
    if par == "annee":
        table["annee"] = table["annee"].astype("Int64")
    return table[[par, *COLONNES_PART]]


def _parts_par_groupe(etat: pd.Series, montants: pd.Series, axe: pd.Series, groupes: list) -> pd.DataFrame:
    """`_parts` pour chaque groupe de `axe`, d'un seul groupby ; les groupes vides ont 0 contrat."""
    montants = montants.fillna(0.0).astype(float)
    avec, sans = etat.eq(True).fillna(False), etat.eq(False).fillna(False)
    cadre = pd.DataFrame({
        "contrats": 1, "contrats_avec": avec.astype(int), "contrats_sans": sans.astype(int),
        "contrats_inconnus": etat.isna().astype(int), "montant_ht": montants,
        "montant_avec": montants.where(avec, 0.0), "montant_sans": montants.where(sans, 0.0),
        "montant_inconnu": montants.where(etat.isna(), 0.0),
    })
    sommes = cadre.groupby(axe.to_numpy(), dropna=True).sum().reindex(groupes, fill_value=0)
    connus_n = sommes["contrats_avec"] + sommes["contrats_sans"]
    connus_v = sommes["montant_avec"] + sommes["montant_sans"]
    sommes["part_nombre"] = (sommes["contrats_avec"] / connus_n.where(connus_n > 0)).astype(float)
    sommes["part_valeur"] = (sommes["montant_avec"] / connus_v.where(connus_v > 0)).astype(float)
    return sommes


def _accord(n: int, singulier: str, pluriel: str) -> str:
    return f"{nombre(n)} {singulier if n <= 1 else pluriel}"


def _phrase_parts(ligne: dict, dimension: str, sujet: str) -> str:
    ligne = {k: (int(v) if k.startswith("contrats") else v) for k, v in ligne.items()}
    if ligne["contrats"] == 0:
        return f"Aucun contrat notifié {sujet}."
    connus = ligne["contrats_avec"] + ligne["contrats_sans"]
    if connus == 0:
        return (f"{sujet[0].upper()}{sujet[1:]}, les considérations {dimension}s sont inconnues pour "
                f"{'le seul contrat' if ligne['contrats'] == 1 else 'les ' + _accord(ligne['contrats'], 'contrat', 'contrats')} : "
                "aucune part n'est calculable (une considération absente des données n'est jamais comptée comme « non »)."
                + (" Les DECP publiées avant 2024 (format 1) n'ont pas de champ de considérations."
                   if ligne.get("avant_2024") else ""))
    phrase = (
        f"{sujet[0].upper()}{sujet[1:]}, {nombre(ligne['contrats_avec'])} des {_accord(connus, 'contrat', 'contrats')} dont la "
        f"considération {dimension} est connue en comportent au moins une, soit "
        f"{pourcentage(ligne['part_nombre'])} en nombre et {pourcentage(ligne['part_valeur'])} en valeur "
        f"({euros_courts(ligne['montant_avec'])} sur {euros_courts(ligne['montant_avec'] + ligne['montant_sans'])} HT)."
    )
    if ligne["contrats_inconnus"]:
        n = ligne["contrats_inconnus"]
        phrase += (
            f" {_accord(n, 'contrat', 'contrats')} ({euros_courts(ligne['montant_inconnu'])} HT) aux "
            f"considérations inconnues {'est compté' if n == 1 else 'sont comptés'} à part, "
            "ni « avec » ni « sans »."
        )
    return phrase


def _annees_autour_de_2024(marches: pd.DataFrame) -> bool:
    if "date_notification" not in marches:
        return False
    dates = pd.to_datetime(marches["date_notification"]).dropna()
    return bool(len(dates)) and (dates < DATE_SEUIL_DECP).any() and (dates >= DATE_SEUIL_DECP).any()


def part_considerations(marches: pd.DataFrame, dimension: str = "environnementale",
                        par: str | None = None) -> Indicateur:
    """L'indicateur « part des contrats avec ≥ 1 considération `dimension` », en nombre et en valeur.

    `dimension` : « environnementale » ou « sociale ». `par` : None, annee, famille, procedure,
    nature ou tranche. Lève `ErreurParametre` pour une dimension ou un regroupement inconnus.
    """
    table = table_considerations(marches, dimension, par)
    nom = f"Contrats avec au moins une considération {dimension}"
    if par is not None:
        nom += f", par {AXES[par]}"
    ensemble = _parts(etat_consideration(marches, dimension),
                      marches["montant_ht"] if "montant_ht" in marches else pd.Series(0.0, index=marches.index))
    dates = pd.to_datetime(marches["date_notification"]).dropna() if "date_notification" in marches else pd.Series([])
    ensemble["avant_2024"] = bool(len(dates)) and bool((dates < DATE_SEUIL_DECP).all())
    phrase = _phrase_parts(ensemble, dimension, "sur l'ensemble de la période")
    if par == "annee" and len(table):
        derniere = table.iloc[-1].to_dict()
        phrase += " " + _phrase_parts(derniere, dimension, f"en {int(derniere['annee'])}")
        vides = [str(a) for a in table.loc[table["contrats"] == 0, "annee"]]
        if vides:
            phrase += f" Aucun contrat notifié en {', '.join(vides)} : la part n'y est pas calculable."
    elif par is not None:
        calculables = table.dropna(subset=["part_nombre"])
        if len(calculables) > 1:
            haut = calculables.loc[calculables["part_nombre"].idxmax()]
            bas = calculables.loc[calculables["part_nombre"].idxmin()]
            phrase += (f" Par {AXES[par]}, la part en nombre va de {pourcentage(bas['part_nombre'])} "
                       f"(« {bas[par]} ») à {pourcentage(haut['part_nombre'])} (« {haut[par]} »).")
    if _annees_autour_de_2024(marches):
        phrase += " " + RAPPEL_SEUIL_DECP
    return Indicateur(nom, table, phrase)


GENRES = {
    "environnementale": ["Clause environnementale", "Critère environnemental"],
    "sociale": ["Clause sociale", "Critère social", "Marché réservé"],
}


def considerations_par_genre(marches: pd.DataFrame) -> Indicateur:
    """Nombre et valeur des contrats par genre de considération (clause, critère, marché réservé).

    Un contrat peut avoir plusieurs genres : les lignes ne s'additionnent pas. Les parts sont
    calculées sur les contrats dont la considération de la dimension est connue.
    """
    lignes = []
    montants = marches["montant_ht"].fillna(0.0).astype(float)
    for dimension, genres in GENRES.items():
        col_texte = DIMENSIONS[dimension][1]
        etat = etat_consideration(marches, dimension)
        connus = etat.notna()
        textes = marches[col_texte] if col_texte in marches else pd.Series(pd.NA, index=marches.index)
        distincts = {v: valeurs_considerations(v) for v in textes.dropna().unique()}
        for genre in genres:
            equivalents = {genre, "Concession réservée"} if genre == "Marché réservé" else {genre}
            porteurs = {v for v, vs in distincts.items() if equivalents & set(vs)}
            masque = textes.isin(porteurs).fillna(False).astype(bool) & connus
            lignes.append({
                "dimension": dimension, "genre": genre, "contrats": int(masque.sum()),
                "part_nombre": masque.sum() / connus.sum() if connus.sum() else float("nan"),
                "montant_ht": float(montants[masque].sum()),
                "part_valeur": (float(montants[masque].sum()) / float(montants[connus].sum())
                                if float(montants[connus].sum()) else float("nan")),
            })
        lignes.append({"dimension": dimension, "genre": "(considération inconnue)",
                       "contrats": int((~connus).sum()), "part_nombre": float("nan"),
                       "montant_ht": float(montants[~connus].sum()), "part_valeur": float("nan")})
    table = pd.DataFrame(lignes)
    morceaux = []
    for _, ligne in table[~table["genre"].str.startswith("(")].iterrows():
        if ligne["contrats"]:
            morceaux.append(f"{ligne['genre'].lower()} : {_accord(int(ligne['contrats']), 'contrat', 'contrats')} "
                            f"({pourcentage(ligne['part_nombre'])} en nombre, {pourcentage(ligne['part_valeur'])} en valeur)")
    phrase = ("Par genre de considération, " + " ; ".join(morceaux) + "." if morceaux
              else "Aucun contrat ne porte de clause, de critère ni de réservation connus.")
    phrase += " Un contrat peut cumuler plusieurs genres : les lignes ne s'additionnent pas."
    inconnus = table.loc[table["genre"].str.startswith("("), "contrats"]
    if inconnus.any():
        phrase += (f" Contrats aux considérations inconnues, comptés à part : {int(inconnus.iloc[0])} "
                   f"(environnementales), {int(inconnus.iloc[1])} (sociales).")
    if _annees_autour_de_2024(marches):
        phrase += " " + RAPPEL_SEUIL_DECP
    return Indicateur("Considérations par genre (clause, critère, marché réservé)", table, phrase)


# ---------------------------------------------------------------- achats

def _annees_achats(achats: pd.DataFrame) -> pd.Series:
    return pd.to_datetime(achats["date"]).dt.year.astype("Int64")


def depenses_par_annee(achats: pd.DataFrame) -> Indicateur:
    """La dépense HT par année civile (toutes les années de la première à la dernière)."""
    annees = _annees_achats(achats)
    montants = achats["montant_ht"].fillna(0.0).astype(float)
    if annees.dropna().empty:
        table = pd.DataFrame({"annee": pd.Series([], dtype="Int64"), "montant_ht": [], "lignes": []})
        return Indicateur("Dépense par année civile", table, "Aucune ligne d'achat datée.")
    plage = range(int(annees.min()), int(annees.max()) + 1)
    table = pd.DataFrame({
        "annee": pd.array(list(plage), dtype="Int64"),
        "montant_ht": [float(montants[annees == a].sum()) for a in plage],
        "lignes": [int((annees == a).sum()) for a in plage],
    })
    dernier = table.iloc[-1]
    phrase = f"En {int(dernier['annee'])}, la dépense s'élève à {euros_courts(dernier['montant_ht'])} HT"
    if len(table) > 1:
        precedent = table.iloc[-2]
        phrase += f", contre {euros_courts(precedent['montant_ht'])} HT en {int(precedent['annee'])}"
    phrase += " (années civiles, dates des lignes d'achat)."
    return Indicateur("Dépense par année civile", table, phrase)


def _filtrer_annee(achats: pd.DataFrame, annee: int | None) -> pd.DataFrame:
    return achats if annee is None else achats[(_annees_achats(achats) == annee).fillna(False)]


def _depenses_par(achats: pd.DataFrame, colonne: str, nom: str, annee: int | None) -> Indicateur:
    lignes = _filtrer_annee(achats, annee)
    cle = lignes[colonne].astype("string").fillna("(non renseigné)")
    table = (lignes.assign(_cle=cle).groupby("_cle", sort=False)["montant_ht"].sum()
             .sort_values(ascending=False).rename_axis(colonne).reset_index())
    total = float(table["montant_ht"].sum())
    table["part"] = table["montant_ht"] / total if total else float("nan")
    periode = f"en {annee}" if annee is not None else "sur toute la période"
    if table.empty:
        return Indicateur(nom, table, f"Aucune dépense {periode}.")
    premier = table.iloc[0]
    rang = "le premier" if colonne == "fournisseur" else "la première"
    pluriel, verbe = ("s", "se partagent") if len(table) > 1 else ("", "reçoit")
    phrase = (f"{periode[0].upper()}{periode[1:]}, {nombre(len(table))} {colonne}{pluriel} {verbe} "
              f"{euros_courts(total)} HT ; {rang}, « {premier[colonne]} », en reçoit "
              f"{pourcentage(premier['part'])} ({euros_courts(premier['montant_ht'])}).")
    return Indicateur(nom, table, phrase)


def depenses_par_famille(achats: pd.DataFrame, annee: int | None = None) -> Indicateur:
    """La dépense HT par famille d'achat, décroissante, avec sa part du total."""
    return _depenses_par(achats, "famille", "Dépense par famille", annee)


def depenses_par_fournisseur(achats: pd.DataFrame, annee: int | None = None) -> Indicateur:
    """La dépense HT par fournisseur, décroissante, avec sa part du total."""
    return _depenses_par(achats, "fournisseur", "Dépense par fournisseur", annee)


def _est_siret(valeur: str) -> bool:
    return bool(re.fullmatch(r"\d{14}", re.sub(r"\s", "", valeur)))


def fournisseurs_cibles(achats: pd.DataFrame, liste) -> pd.Series:
    """Masque des lignes d'achat dont le fournisseur est dans `liste` (SIRET ou noms).

    Une entrée de 14 chiffres (espaces ignorés) se compare à la colonne `siret` ; toute autre entrée
    se compare au nom normalisé (`identifiants.nom_comparable`) de la colonne `fournisseur`.
    """
    liste = [str(x) for x in liste if str(x).strip()]
    sirets = {re.sub(r"\s", "", x) for x in liste if _est_siret(x)}
    noms = {nom_comparable(x) for x in liste if not _est_siret(x)}
    masque = pd.Series(False, index=achats.index)
    if sirets and "siret" in achats:
        masque |= achats["siret"].astype("string").str.replace(r"\s", "", regex=True).isin(sirets).fillna(False)
    if noms and "fournisseur" in achats:
        fournisseurs = achats["fournisseur"]
        retenus = [f for f in fournisseurs.dropna().unique() if nom_comparable(f) in noms]
        masque |= fournisseurs.isin(retenus).fillna(False)
    return masque.astype(bool)


def part_fournisseurs(achats: pd.DataFrame, liste, libelle: str = "fournisseurs ciblés") -> Indicateur:
    """Part de la dépense, par année civile, allant aux fournisseurs de `liste` (SIRET ou noms).

    `libelle` nomme la liste dans la phrase (« SIAE », « ESAT et EA », « structures de l'ESS »…).
    Lève `ErreurParametre` si la liste est vide.
    """
    liste = [x for x in (liste or []) if str(x).strip()]
    if not liste:
        raise ErreurParametre(
            f"La liste des {libelle} est vide : donnez des SIRET (14 chiffres) ou des noms de fournisseurs."
        )
    masque = fournisseurs_cibles(achats, liste)
    annees = _annees_achats(achats)
    montants = achats["montant_ht"].fillna(0.0).astype(float)
    plage = range(int(annees.min()), int(annees.max()) + 1) if annees.notna().any() else range(0)
    lignes = []
    for a in plage:
        dans = (annees == a).fillna(False)
        total, cible = float(montants[dans].sum()), float(montants[dans & masque].sum())
        lignes.append({"annee": a, "montant_ht": total, "montant_cibles": cible,
                       "part": cible / total if total else float("nan"),
                       "fournisseurs_trouves": int(achats.loc[dans & masque, "fournisseur"].nunique())})
    table = pd.DataFrame(lignes, columns=["annee", "montant_ht", "montant_cibles", "part", "fournisseurs_trouves"])
    table["annee"] = table["annee"].astype("Int64")
    nom = f"Part de la dépense allant aux {libelle}"
    if table.empty:
        return Indicateur(nom, table, "Aucune ligne d'achat datée : part non calculable.")
    d = table.iloc[-1]
    phrase = (f"En {int(d['annee'])}, {pourcentage(d['part'])} de la dépense ({euros_courts(d['montant_cibles'])} "
              f"sur {euros_courts(d['montant_ht'])} HT) est allée aux {libelle} de la liste fournie "
              f"({int(d['fournisseurs_trouves'])} fournisseur(s) trouvé(s) sur {len(liste)} listé(s) au total).")
    introuvables = len(liste) - int(achats.loc[masque, "fournisseur"].nunique())
    if introuvables > 0:
        phrase += (f" {introuvables} entrée(s) de la liste n'apparaissent dans aucun achat : vérifiez "
                   "leur SIRET ou l'orthographe du nom.")
    return Indicateur(nom, table, phrase)


def indicateurs_marches(marches: pd.DataFrame) -> list[Indicateur]:
    """Les indicateurs standards des marchés : par année, par axe (famille, procédure, nature,
    tranche), par genre. Quand aucune considération n'est connue, les tables par axe, toutes vides
    de sens, sont omises : restent la table par année (qui le dit) et la table par genre."""
    resultat = []
    for dimension in ("environnementale", "sociale"):
        resultat.append(part_considerations(marches, dimension, par="annee"))
    connues = any(etat_consideration(marches, d).notna().any() for d in DIMENSIONS)
    for par in ("famille", "procedure", "nature", "tranche") if connues else ():
        if par == "tranche" or par in marches:
            for dimension in ("environnementale", "sociale"):
                resultat.append(part_considerations(marches, dimension, par=par))
    resultat.append(considerations_par_genre(marches))
    return resultat


def indicateurs_achats(achats: pd.DataFrame, listes: dict | None = None) -> list[Indicateur]:
    """Les indicateurs standards des achats ; `listes` : {libellé: [SIRET ou noms]}."""
    resultat = [depenses_par_annee(achats)]
    if "famille" in achats:
        resultat.append(depenses_par_famille(achats))
    resultat.append(depenses_par_fournisseur(achats))
    for libelle, liste in (listes or {}).items():
        resultat.append(part_fournisseurs(achats, liste, libelle))
    return resultat
