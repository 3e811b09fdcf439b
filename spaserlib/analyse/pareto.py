"""Classement de Pareto (ABC) des achats : qui, ou quoi, concentre la dépense.

Méthode (la convention des praticiens, voir fr.wikipedia.org/wiki/Pareto_fournisseurs) : on
additionne le montant net de chaque élément (fournisseur, famille ou toute autre colonne), on
trie par montant décroissant, on cumule les parts ; la classe A réunit les éléments qui font
les premiers 80 % de la dépense, la classe B les 15 % suivants (jusqu'à 95 %), la classe C le
reste. Les 80 % et 95 % sont des paramètres (`seuils`).

Règle de l'élément qui franchit un seuil (un choix du kit, les sources n'en imposent pas) :
un élément est classé d'après la part cumulée AVANT lui. Il est en A si cette part est
strictement inférieure au premier seuil, en B si elle est strictement inférieure au second,
en C sinon. Ainsi l'élément qui fait passer la dépense cumulée au-dessus de 80 % est en A : la
classe A couvre toujours AU MOINS 80 % de la dépense ; un élément qui atteint 80 % pile est en
A, et le suivant (part cumulée avant lui : 80 %) en B. Les comparaisons se font à 10⁻⁹ près,
pour que les arrondis des centimes ne déplacent pas une frontière.

Égalités : l'ordre est le montant décroissant, puis le libellé (ordre alphabétique) ; le
rang (1, 2, 3…) suit cet ordre et ne se partage pas. Mais des éléments de même montant
reçoivent toujours la même classe : celle du premier d'entre eux (part cumulée avant le
groupe d'ex æquo). La classe ne dépend donc jamais de l'ordre alphabétique. Conséquence : si
tous les montants sont égaux, tous les éléments sont en A (aucune concentration).

Montants nets nuls ou négatifs (les avoirs dépassent les factures sur la période) : ces
éléments ne sont pas de la dépense ; ils restent dans la table, en fin, avec leur montant net,
mais sans part, sans rang ni classe (colonne `observation`). Les parts se calculent sur la
somme des montants nets positifs, qui peut donc dépasser le total net général ; les deux
totaux sont dans ``table.attrs``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from spaserlib.commun.erreurs import ErreurParametre
from spaserlib.commun.format_fr import euros, euros_courts, nombre, periode_en_texte, pourcentage

SEUILS_PAR_DEFAUT = (0.80, 0.95)
TOLERANCE = 1e-9
NON_RENSEIGNE = "(non renseigné)"
OBSERVATION_HORS_CLASSEMENT = "montant net nul ou négatif (avoirs au moins égaux aux factures) : hors classement"

# Comment nommer les éléments classés dans une phrase : pluriel, et « un seul … ».
NOMS = {
    "fournisseur": ("fournisseurs", "un seul fournisseur"),
    "famille": ("familles", "une seule famille"),
    "acheteur": ("acheteurs", "un seul acheteur"),
    "marche_id": ("marchés", "un seul marché"),
    "cpv": ("codes CPV", "un seul code CPV"),
}


def verifier_seuils(seuils) -> tuple[float, float]:
    """Contrôle les seuils (a, b) : deux nombres avec 0 < a < b ≤ 1. Renvoie (a, b) en flottants."""
    try:
        a, b = (float(s) for s in seuils)
    except (TypeError, ValueError):
        raise ErreurParametre(
            f"Seuils de Pareto illisibles : {seuils!r}. Donnez deux parts entre 0 et 1, "
            "par exemple seuils=(0.80, 0.95)."
        ) from None
    if not (0 < a < b <= 1):
        raise ErreurParametre(
            f"Seuils de Pareto incohérents : {seuils!r}. Il faut 0 < seuil A < seuil B ≤ 1, "
            "en parts et non en pourcentages, par exemple seuils=(0.80, 0.95)."
        )
    return a, b


def _filtrer_periode(achats: pd.DataFrame, debut, fin) -> pd.DataFrame:
    if debut is None and fin is None:
        return achats
    if "date" not in achats.columns:
        raise ErreurParametre(
            "Une période (debut, fin) est demandée, mais la table des achats n'a pas de colonne "
            "« date ». Retirez debut/fin ou chargez des achats datés."
        )
    try:
        debut = None if debut is None else pd.Timestamp(debut)
        fin = None if fin is None else pd.Timestamp(fin)
    except (TypeError, ValueError):
        raise ErreurParametre(
            f"Dates de période illisibles (debut={debut!r}, fin={fin!r}). "
            "Écrivez-les « AAAA-MM-JJ », par exemple debut=\"2024-01-01\"."
        ) from None
    if debut is not None and fin is not None and debut > fin:
        raise ErreurParametre(
            f"Période vide : debut ({debut.date()}) est après fin ({fin.date()}). Inversez les deux dates."
        )
    dates = pd.to_datetime(achats["date"])
    garder = pd.Series(True, index=achats.index)
    if debut is not None:
        garder &= dates >= debut
    if fin is not None:
        garder &= dates <= fin
    return achats[garder]


def coder(cles: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Codes entiers (0, 1, 2…) des valeurs de `cles` et leurs libellés ; les vides deviennent
    « (non renseigné) », dernier code."""
    codes, valeurs = pd.factorize(cles, use_na_sentinel=True)
    libelles = pd.Index(valeurs).astype("str")
    if (codes < 0).any():
        codes = np.where(codes < 0, len(libelles), codes)
        libelles = libelles.append(pd.Index([NON_RENSEIGNE], dtype="str"))
    return codes, libelles


def _sommer_par_cle(cles: pd.Series, montants: np.ndarray, par: str) -> pd.DataFrame:
    """Montant net et nombre de lignes par valeur de `cles` (vides regroupés sous « (non renseigné) »).

    pd.factorize puis np.bincount : le même résultat qu'un groupby-sum, sans ses frais fixes.
    """
    codes, libelles = coder(cles)
    sommes = np.bincount(codes, weights=montants, minlength=len(libelles))
    lignes = np.bincount(codes, minlength=len(libelles))
    table = pd.DataFrame({par: libelles, "montant_net": sommes, "lignes": lignes})
    if libelles.has_duplicates:  # ex. 12 et « 12 » : deux valeurs, un même libellé
        table = table.groupby(par, sort=False, as_index=False).sum()
    return table


def _avant(periode: str) -> str:
    """« en 2025 » précédé d'une espace, ou rien quand la période est inconnue."""
    return f" {periode}" if periode else ""


def classer_pareto(
    achats: pd.DataFrame,
    par: str = "fournisseur",
    *,
    seuils=SEUILS_PAR_DEFAUT,
    debut=None,
    fin=None,
    colonne_montant: str = "montant_ht",
) -> pd.DataFrame:
    """Classe les éléments de la colonne `par` en A, B, C selon leur part de la dépense nette.

    achats           table des achats (une ligne par dépense ; les avoirs sont négatifs) ;
    par              la colonne à classer : « fournisseur », « famille », ou toute autre ;
    seuils           (a, b), parts cumulées qui ferment les classes A et B, 0 < a < b ≤ 1 ;
    debut, fin       période retenue, bornes comprises (sur la colonne « date ») ;
    colonne_montant  la colonne des montants (par défaut « montant_ht »).

    Renvoie une table, une ligne par élément, triée par montant net décroissant puis par
    libellé : `par`, montant_net, lignes (nombre de lignes d'achat), part, part_cumulee_avant,
    part_cumulee, rang, classe (« A », « B », « C »), observation. Les lignes dont `par` est
    vide sont regroupées sous « (non renseigné) ».

    Règle de franchissement : un élément est classé d'après la part cumulée AVANT lui — A si
    elle est < a, B si elle est < b, C sinon (à 10⁻⁹ près). L'élément qui franchit a est donc
    en A ; celui qui atteint a pile aussi, et le suivant est en B. Ex æquo : même classe, celle
    du premier du groupe ; rang 1, 2, 3… par montant décroissant puis libellé. Montant net nul
    ou négatif : gardé en fin de table sans part, rang ni classe ; les parts se calculent sur la
    somme des nets positifs. Détails et raisons en tête du module.

    Lève ErreurParametre : colonne absente, seuils incohérents, période vide, montant
    manquant, ou dépense nette totale nulle ou négative (rien à classer).
    """
    a, b = verifier_seuils(seuils)
    for colonne in (par, colonne_montant):
        if colonne not in achats.columns:
            raise ErreurParametre(
                f"La colonne « {colonne} » n'existe pas dans la table des achats. "
                f"Colonnes présentes : {', '.join(map(str, achats.columns))}."
            )
    donnees = _filtrer_periode(achats, debut, fin)
    periode = periode_en_texte(debut, fin, donnees["date"] if "date" in donnees.columns else None)
    if donnees.empty:
        raise ErreurParametre(
            f"Aucune ligne d'achat{_avant(periode)} : rien à classer. Élargissez la période ou vérifiez les dates."
        )
    montants = pd.to_numeric(donnees[colonne_montant], errors="coerce")
    manquants = int(montants.isna().sum())
    if manquants:
        raise ErreurParametre(
            f"{nombre(manquants)} ligne(s) d'achat sans montant lisible dans la colonne « {colonne_montant} ». "
            "Corrigez-les ou retirez-les avant le classement (la validation des données les signale)."
        )

    table = _sommer_par_cle(donnees[par], montants.to_numpy(dtype=float), par)

    positifs = table["montant_net"] > 0
    total_net = float(table["montant_net"].sum())
    total_classe = float(table.loc[positifs, "montant_net"].sum())
    if total_net <= 0 or total_classe <= 0:
        raise ErreurParametre(
            f"La dépense nette{_avant(periode)} est nulle ou négative ({euros(total_net)}) : le classement de "
            "Pareto n'a pas de sens (les avoirs égalent ou dépassent les factures). Vérifiez le signe "
            "des montants et la période choisie."
        )

    # Tri : montant décroissant, puis libellé ; les nets ≤ 0 en fin de table.
    table = table.sort_values(["montant_net", par], ascending=[False, True], kind="stable").reset_index(drop=True)
    positifs = (table["montant_net"] > 0).to_numpy()
    n = int(positifs.sum())
    montant = table["montant_net"].to_numpy()[:n]

    part = montant / total_classe
    cumul = np.cumsum(part)
    cumul_avant = np.concatenate(([0.0], cumul[:-1]))
    # Ex æquo : chaque élément prend la part cumulée avant le premier de son groupe de même montant.
    debut_groupe = np.concatenate(([True], montant[1:] != montant[:-1]))
    cumul_avant_groupe = cumul_avant[np.maximum.accumulate(np.where(debut_groupe, np.arange(n), 0))]
    classe = np.where(cumul_avant_groupe < a - TOLERANCE, "A", np.where(cumul_avant_groupe < b - TOLERANCE, "B", "C"))

    hors = len(table) - n
    table["part"] = np.concatenate((part, np.full(hors, np.nan)))
    table["part_cumulee_avant"] = np.concatenate((cumul_avant, np.full(hors, np.nan)))
    table["part_cumulee"] = np.concatenate((cumul, np.full(hors, np.nan)))
    table["rang"] = pd.array(list(range(1, n + 1)) + [None] * hors, dtype="Int64")
    table["classe"] = pd.array(list(classe) + [None] * hors, dtype="str")
    table["observation"] = pd.array([""] * n + [OBSERVATION_HORS_CLASSEMENT] * hors, dtype="str")
    table.attrs.update(
        {
            "par": par,
            "seuils": (a, b),
            "periode": periode,
            "total_net": total_net,
            "total_classe": total_classe,
            "hors_classement": hors,
        }
    )
    return table


def phrase_pareto(table: pd.DataFrame, *, nom: str | None = None, classe: str = "A") -> str:
    """Une phrase citable tirée d'une table de `classer_pareto`.

    Exemple : « 18 % des fournisseurs (45 sur 250) concentrent 81,2 % de la dépense nette
    en 2025 (classe A, seuil 80 %). » La période vient de la table (`attrs["periode"]`). La part annoncée est celle que la classe couvre réellement : par la
    règle de franchissement, elle atteint au moins le seuil. `nom` (au pluriel) remplace le nom
    déduit de la colonne classée (« fournisseurs », « familles »…). `classe` : « A » (par défaut)
    ou « B » (la phrase porte alors sur les classes A et B réunies).
    """
    if "classe" not in table.columns or "montant_net" not in table.columns:
        raise ErreurParametre(
            "Cette table ne vient pas de classer_pareto (colonnes « classe » et « montant_net » absentes)."
        )
    if classe not in ("A", "B"):
        raise ErreurParametre(f"Classe « {classe} » inconnue pour la phrase : choisissez « A » ou « B ».")
    par = table.attrs.get("par", table.columns[0])
    seuils = table.attrs.get("seuils", SEUILS_PAR_DEFAUT)
    periode = table.attrs.get("periode", "")
    pluriel, un_seul = NOMS.get(par, (f"éléments de « {par} »", f"un seul élément de « {par} »"))
    if nom:
        pluriel, un_seul = nom, f"un seul de ces {nom}"
    classes = table["classe"]
    classes_retenues = ["A"] if classe == "A" else ["A", "B"]
    classes_connues = classes.notna()
    n = int(classes_connues.sum())
    dans = classes.isin(classes_retenues) & classes_connues
    k = int(dans.sum())
    part = float(table.loc[dans, "part"].sum())
    if n == 1:
        libelle = table.loc[classes_connues, table.columns[0]].iloc[0]
        texte = (
            f"Toute la dépense nette{_avant(periode)} ({euros_courts(table.loc[classes_connues, 'montant_net'].iloc[0])}) "
            f"va à {un_seul} : {libelle}."
        )
    else:
        seuil = seuils[0] if classe == "A" else seuils[1]
        qui = "classe A" if classe == "A" else "classes A et B"
        texte = (
            f"{pourcentage(k / n)} des {pluriel} ({nombre(k)} sur {nombre(n)}) concentrent "
            f"{pourcentage(part)} de la dépense nette{_avant(periode)} ({qui}, seuil {pourcentage(seuil)})."
        )
    hors = int((~classes_connues).sum())
    if hors:
        singulier = pluriel[:-1] if pluriel.endswith("s") and " " not in pluriel else pluriel
        qui = f"{nombre(hors)} {pluriel if hors > 1 else singulier}"
        texte += f" Hors classement : {qui} au montant net nul ou négatif."
    return texte
