"""Matrice de Kraljic : noter chaque famille d'achats sur l'impact et le risque, en déduire un quadrant.

Aucune grille officielle n'existe pour le secteur public (domain-facts §5.1) : la grille ci-dessous
est une CONVENTION PÉDAGOGIQUE du kit, entièrement paramétrable. Chaque critère est noté de 1 à 4 ;
le score d'un axe est la moyenne des notes de ses critères, pondérée par leurs poids. Un critère
sans valeur pour une famille (critère manuel non renseigné, famille absente de la nomenclature)
n'est pas compté pour cette famille : les poids des autres critères de l'axe se répartissent, et
l'explication le dit.

Règle du quadrant (milieu d'échelle `milieu`, 2,5 par défaut) : l'impact est « élevé » si son
score est SUPÉRIEUR OU ÉGAL au milieu, « faible » sinon ; de même pour le risque (comparaisons à
10⁻⁹ près). Tout point a donc un quadrant, frontières et coin compris : (2,5 ; 2,5) est
« stratégiques ».

    impact élevé + risque élevé -> stratégiques     impact élevé + risque faible -> leviers
    impact faible + risque élevé -> critiques       impact faible + risque faible -> simples

Un apprenant ou un analyste peut surcharger une note d'axe ou le quadrant d'une famille avec un
motif (`forcer`) : le quadrant calculé reste visible à côté du quadrant retenu.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from spaserlib.commun.erreurs import ErreurParametre
from spaserlib.commun.format_fr import nombre, periode_en_texte, pourcentage
from spaserlib.analyse.pareto import classer_pareto, coder
from spaserlib.analyse.strategies import QUADRANTS, STRATEGIES

IMPACT, RISQUE = "impact", "risque"
SOURCES = ("donnees", "nomenclature", "manuel")
MILIEU = 2.5
NOTE_MIN, NOTE_MAX = 1, 4
TOLERANCE = 1e-9
# Indicateurs calculés depuis les achats, utilisables par un critère de source « donnees ».
INDICATEURS = ("part_depense", "classe_pareto", "nb_fournisseurs", "part_premier_fournisseur", "hhi")


@dataclass(frozen=True)
class Critere:
    """Un critère de la grille de Kraljic.

    nom      identifiant (colonne « score_<nom> » de la table) ; pour la source « donnees », un des
             INDICATEURS ; pour « nomenclature », la colonne de la table des familles (notée 1 à 4) ;
             pour « manuel », la colonne de `criteres_manuels` ;
    axe      « impact » ou « risque » ;
    libelle  ce que lit l'apprenant ;
    poids    poids dans la moyenne de l'axe (≥ 0 ; 0 = montré mais non compté) ;
    source   « donnees », « nomenclature » ou « manuel » ;
    bornes   (source « donnees » numérique) trois seuils croissants : note = 1 + nombre de bornes
             atteintes (valeur ≥ borne) ; avec `decroissant`, note = 4 − ce nombre ;
    correspondance  (source « donnees » qualitative) paires (valeur, note), ex. (("A", 4), …) ;
    bareme   le barème en clair, pour l'explication et la documentation.
    """

    nom: str
    axe: str
    libelle: str
    poids: float
    source: str
    bornes: tuple = ()
    decroissant: bool = False
    correspondance: tuple = ()
    bareme: str = ""

    def noter(self, valeur):
        """La note (1 à 4) d'une valeur, ou NaN si la valeur manque."""
        if valeur is None or (isinstance(valeur, float) and np.isnan(valeur)) or valeur is pd.NA:
            return np.nan
        if self.correspondance:
            return float(dict(self.correspondance)[valeur])
        if self.bornes:
            atteintes = sum(float(valeur) >= b for b in self.bornes)
            return float(NOTE_MAX - atteintes if self.decroissant else NOTE_MIN + atteintes)
        return float(valeur)


GRILLE_PAR_DEFAUT: tuple[Critere, ...] = (
    Critere("part_depense", IMPACT, "part de la dépense", 2, "donnees", bornes=(0.02, 0.05, 0.10),
            bareme="moins de 2 % : 1 ; de 2 à 5 % : 2 ; de 5 à 10 % : 3 ; 10 % et plus : 4"),
    Critere("classe_pareto", IMPACT, "classe Pareto de la famille", 1, "donnees",
            correspondance=(("A", 4), ("B", 2), ("C", 1)), bareme="A : 4 ; B : 2 ; C : 1"),
    Critere("continuite_service", IMPACT, "continuité du service public", 1, "manuel",
            bareme="1 (aucun effet d'une rupture) à 4 (service public interrompu)"),
    Critere("visibilite", IMPACT, "visibilité pour les usagers et pour l'assemblée", 1, "manuel",
            bareme="1 (invisible) à 4 (très visible)"),
    Critere("nb_fournisseurs", RISQUE, "nombre de fournisseurs payés", 1, "donnees", bornes=(2, 3, 6),
            decroissant=True, bareme="1 fournisseur : 4 ; 2 : 3 ; 3 à 5 : 2 ; 6 et plus : 1"),
    Critere("part_premier_fournisseur", RISQUE, "part du premier fournisseur", 1, "donnees",
            bornes=(0.25, 0.50, 0.75), bareme="moins de 25 % : 1 ; 25 à 50 % : 2 ; 50 à 75 % : 3 ; 75 % et plus : 4"),
    Critere("complexite_marche", RISQUE, "complexité du marché fournisseurs (nomenclature)", 2, "nomenclature",
            bareme="note de la nomenclature, de 1 (marché ouvert, produits courants) à 4 (offre rare)"),
    Critere("substituabilite", RISQUE, "difficulté à substituer le produit ou le fournisseur", 1, "manuel",
            bareme="1 (substitution facile) à 4 (aucune alternative)"),
    Critere("contraintes_techniques", RISQUE, "contraintes techniques", 1, "manuel",
            bareme="1 (aucune) à 4 (très fortes)"),
)

# Variante de concentration : l'indice de Herfindahl-Hirschman (somme des carrés des parts des
# fournisseurs). Repères 0,15 et 0,25 inspirés des lignes directrices américaines de contrôle des
# concentrations (1 500 et 2 500 sur 10 000) ; convention du kit. À mettre dans une grille à la
# place de « part_premier_fournisseur ».
CRITERE_HHI = Critere("hhi", RISQUE, "concentration des fournisseurs (indice HHI)", 1, "donnees",
                      bornes=(0.15, 0.25, 0.50), bareme="moins de 0,15 : 1 ; 0,15 à 0,25 : 2 ; 0,25 à 0,50 : 3 ; 0,50 et plus : 4")


def verifier_grille(grille) -> tuple[Critere, ...]:
    """Contrôle une grille : axes, sources, poids, noms uniques, au moins un critère pesant par axe."""
    grille = tuple(grille)
    noms = [c.nom for c in grille]
    doublons = sorted({n for n in noms if noms.count(n) > 1})
    if doublons:
        raise ErreurParametre(f"Grille de Kraljic : critère(s) en double : {', '.join(doublons)}. Donnez un nom unique à chacun.")
    for c in grille:
        lieu = f"Grille de Kraljic, critère « {c.nom} »"
        if c.axe not in (IMPACT, RISQUE):
            raise ErreurParametre(f"{lieu} : axe « {c.axe} » inconnu. Choisissez « impact » ou « risque ».")
        if c.source not in SOURCES:
            raise ErreurParametre(f"{lieu} : source « {c.source} » inconnue. Choisissez parmi {', '.join(SOURCES)}.")
        if c.nom in (IMPACT, RISQUE):
            raise ErreurParametre(f"{lieu} : ce nom est réservé au score de l'axe. Choisissez-en un autre.")
        if not (isinstance(c.poids, (int, float)) and c.poids >= 0):
            raise ErreurParametre(f"{lieu} : poids {c.poids!r} invalide. Le poids est un nombre positif ou nul.")
        if c.source == "donnees":
            if c.nom not in INDICATEURS:
                raise ErreurParametre(
                    f"{lieu} : la source « donnees » ne sait calculer que {', '.join(INDICATEURS)}."
                )
            if not c.correspondance and len(c.bornes) != 3:
                raise ErreurParametre(f"{lieu} : il faut trois bornes croissantes pour une note de 1 à 4.")
            if c.bornes and list(c.bornes) != sorted(c.bornes):
                raise ErreurParametre(f"{lieu} : les bornes {c.bornes} doivent être croissantes.")
    for axe in (IMPACT, RISQUE):
        if not any(c.axe == axe and c.poids > 0 for c in grille):
            raise ErreurParametre(f"Grille de Kraljic : aucun critère de poids non nul sur l'axe « {axe} ».")
    return grille


def quadrant_kraljic(impact: float, risque: float, *, milieu: float = MILIEU) -> str:
    """Le quadrant d'un point (impact, risque) : « élevé » veut dire ≥ milieu (à 10⁻⁹ près)."""
    if pd.isna(impact) or pd.isna(risque):
        raise ErreurParametre(f"Quadrant impossible : score manquant (impact={impact!r}, risque={risque!r}).")
    impact_eleve = impact >= milieu - TOLERANCE
    risque_eleve = risque >= milieu - TOLERANCE
    if impact_eleve:
        return "stratégiques" if risque_eleve else "leviers"
    return "critiques" if risque_eleve else "simples"


def _indicateurs(achats: pd.DataFrame) -> pd.DataFrame:
    """Par famille : montant net, part, classe Pareto, fournisseurs au net positif, 1er fournisseur, HHI."""
    pareto = classer_pareto(achats, par="famille")
    code_fam, noms_fam = coder(achats["famille"])
    code_fou, noms_fou = coder(achats["fournisseur"])
    cle, uniques = pd.factorize(code_fam.astype(np.int64) * max(len(noms_fou), 1) + code_fou)
    montants = np.bincount(cle, weights=pd.to_numeric(achats["montant_ht"]).to_numpy(dtype=float))
    fam_de_paire = uniques // max(len(noms_fou), 1)
    positif = montants > 0
    n = len(noms_fam)
    total_pos = np.bincount(fam_de_paire[positif], weights=montants[positif], minlength=n)
    nb = np.bincount(fam_de_paire[positif], minlength=n)
    premier = np.zeros(n)
    np.maximum.at(premier, fam_de_paire[positif], montants[positif])
    with np.errstate(invalid="ignore", divide="ignore"):
        parts = montants[positif] / total_pos[fam_de_paire[positif]]
        hhi = np.bincount(fam_de_paire[positif], weights=parts**2, minlength=n)
        part_premier = premier / total_pos
    fournisseurs_fam = pd.DataFrame(
        {"famille": noms_fam, "nb_fournisseurs": nb,
         "part_premier_fournisseur": part_premier, "hhi": hhi}
    )
    table = pareto.rename(columns={"part": "part_depense", "classe": "classe_pareto"})
    table = table.loc[table["classe_pareto"].notna(), ["famille", "montant_net", "part_depense", "classe_pareto"]]
    return table.merge(fournisseurs_fam, on="famille", how="left")


def _valeurs_manuelles(criteres_manuels, grille, familles_connues) -> pd.DataFrame | None:
    if criteres_manuels is None:
        return None
    if isinstance(criteres_manuels, dict):
        table = pd.DataFrame.from_dict(criteres_manuels, orient="index")
        table.index.name = "famille"
        table = table.reset_index()
    else:
        table = pd.DataFrame(criteres_manuels).copy()
    if "famille" not in table.columns:
        raise ErreurParametre("criteres_manuels : il faut une colonne « famille » (le code de la famille).")
    manuels = {c.nom for c in grille if c.source == "manuel"}
    inconnus = [c for c in table.columns if c != "famille" and c not in manuels]
    if inconnus:
        raise ErreurParametre(
            f"criteres_manuels : colonne(s) {', '.join(map(str, inconnus))} hors de la grille. "
            f"Critères manuels de la grille : {', '.join(sorted(manuels)) or 'aucun'}."
        )
    absentes = sorted(set(table["famille"].astype(str)) - set(familles_connues))
    if absentes:
        raise ErreurParametre(
            f"criteres_manuels : famille(s) {', '.join(absentes)} sans dépense positive dans les achats. "
            "Vérifiez les codes de famille."
        )
    table["famille"] = table["famille"].astype(str)
    for colonne in table.columns.drop("famille"):
        _verifier_notes(table, colonne, "criteres_manuels")
    return table


def _verifier_notes(table: pd.DataFrame, colonne: str, ou: str) -> None:
    valeurs = pd.to_numeric(table[colonne], errors="coerce")
    fautives = table.loc[(valeurs.isna() & table[colonne].notna()) | (valeurs < NOTE_MIN) | (valeurs > NOTE_MAX)]
    if len(fautives):
        ligne = fautives.iloc[0]
        raise ErreurParametre(
            f"{ou}, famille « {ligne['famille']} », colonne « {colonne} » : valeur « {ligne[colonne]} » "
            f"hors de l'échelle. Notez de {NOTE_MIN} à {NOTE_MAX}, ou laissez vide si inconnu."
        )
    table[colonne] = valeurs.astype(float)


def nomenclature_par_defaut(familles) -> pd.DataFrame:
    """La nomenclature donnée, ou à défaut celle du kit (spaserlib.commun.nomenclature.familles())."""
    if familles is not None:
        return familles
    try:
        from spaserlib.commun.nomenclature import familles as familles_du_kit
    except ImportError:
        raise ErreurParametre(
            "La nomenclature des familles n'est pas disponible : passez-la à la fonction (familles=...)."
        ) from None
    return familles_du_kit()


def _texte_valeur(critere: Critere, valeur) -> str:
    if pd.isna(valeur):
        return "non renseigné"
    if critere.nom in ("part_depense", "part_premier_fournisseur"):
        return pourcentage(valeur)
    if critere.nom == "hhi":
        return nombre(valeur, 2)
    if critere.nom == "nb_fournisseurs":
        return nombre(valeur)
    return str(valeur) if isinstance(valeur, str) else nombre(valeur, 0 if float(valeur).is_integer() else 1)


def _explication_axe(ligne, grille, axe, milieu) -> str:
    comptes, absents = [], []
    for c in grille:
        if c.axe != axe:
            continue
        note = ligne[f"score_{c.nom}"]
        if pd.isna(note):
            absents.append(c.libelle)
            continue
        valeur = _texte_valeur(c, ligne.get(c.nom, np.nan))
        poids = "" if c.poids == 1 else f", poids {nombre(c.poids, 0 if float(c.poids).is_integer() else 1)}"
        comptes.append(f"{c.libelle} {valeur} → {nombre(note, 0)}{poids}")
    if absents:
        comptes.append(f"non renseignés, non comptés : {', '.join(absents)}")
    score = ligne[f"score_{axe}"]
    niveau = "élevé" if score >= milieu - TOLERANCE else "faible"
    signe = "≥" if niveau == "élevé" else "<"
    return f"{axe.capitalize()} {nombre(score, 2)} {signe} {nombre(milieu, 1)} : {niveau} ({' ; '.join(comptes)})."


def _moyenne_ponderee(table: pd.DataFrame, grille, axe: str) -> pd.Series:
    notes = [(table[f"score_{c.nom}"], c.poids) for c in grille if c.axe == axe]
    somme = sum(n.fillna(0) * p for n, p in notes)
    poids = sum(n.notna() * p for n, p in notes)
    return (somme / poids.where(poids > 0)).astype(float)


def noter_familles(
    achats: pd.DataFrame,
    familles: pd.DataFrame | None = None,
    grille=GRILLE_PAR_DEFAUT,
    criteres_manuels=None,
    *,
    milieu: float = MILIEU,
) -> pd.DataFrame:
    """Note chaque famille d'achats sur les axes impact et risque et lui donne un quadrant.

    achats            table des achats (colonnes famille, fournisseur, montant_ht) ;
    familles          la nomenclature (colonnes code, libelle et celles des critères de source
                      « nomenclature », ex. complexite_marche) ; par défaut celle du kit ;
    grille            les critères (`GRILLE_PAR_DEFAUT`, convention pédagogique du kit) ;
    criteres_manuels  notes 1 à 4 saisies à la main : table avec une colonne « famille » et une
                      colonne par critère manuel, ou dict {famille: {critère: note}} ;
    milieu            le milieu d'échelle qui sépare « faible » et « élevé » (2,5).

    Une ligne par famille ayant une dépense nette positive, triée par montant décroissant :
    famille, libelle, montant_net, les valeurs des indicateurs, score_<critère> pour chaque
    critère, score_impact, score_risque (et leurs versions « _calcule »), quadrant_calcule,
    quadrant, surcharge, motif_surcharge, strategie, explication, et les enjeux
    environnemental et social de la nomenclature quand elle les donne.
    """
    grille = verifier_grille(grille)
    if not (NOTE_MIN < milieu < NOTE_MAX):
        raise ErreurParametre(f"Milieu d'échelle {milieu!r} hors de l'échelle : il doit être entre {NOTE_MIN} et {NOTE_MAX}.")
    for colonne in ("famille", "fournisseur", "montant_ht"):
        if colonne not in achats.columns:
            raise ErreurParametre(f"La table des achats n'a pas de colonne « {colonne} » : impossible de noter les familles.")
    table = _indicateurs(achats)

    criteres_nomenclature = [c for c in grille if c.source == "nomenclature"]
    colonnes_enjeux = ["enjeu_environnemental", "enjeu_social"]
    nomenclature = nomenclature_par_defaut(familles)
    if "code" not in nomenclature.columns:
        raise ErreurParametre("La nomenclature des familles doit avoir une colonne « code ».")
    for c in criteres_nomenclature:
        if c.nom not in nomenclature.columns:
            raise ErreurParametre(
                f"Le critère « {c.nom} » lit la colonne « {c.nom} » de la nomenclature, qui n'existe pas."
            )
    a_garder = ["code"] + [k for k in ["libelle"] + [c.nom for c in criteres_nomenclature]
                           + ["justification_complexite"] + colonnes_enjeux if k in nomenclature.columns]
    nomenc = nomenclature[list(dict.fromkeys(a_garder))].rename(columns={"code": "famille"}).copy()
    nomenc["famille"] = nomenc["famille"].astype(str)
    for c in criteres_nomenclature:
        _verifier_notes(nomenc, c.nom, "Nomenclature des familles")
    table = table.merge(nomenc, on="famille", how="left")
    if "libelle" not in table.columns:
        table["libelle"] = pd.NA

    manuels = _valeurs_manuelles(criteres_manuels, grille, table["famille"])
    for c in grille:
        if c.source == "manuel" and (manuels is None or c.nom not in manuels.columns):
            table[c.nom] = np.nan
    if manuels is not None:
        table = table.merge(manuels, on="famille", how="left")

    for c in grille:
        table[f"score_{c.nom}"] = [c.noter(v) for v in table[c.nom]]
    for axe in (IMPACT, RISQUE):
        table[f"score_{axe}"] = _moyenne_ponderee(table, grille, axe)
        manque = table[f"score_{axe}"].isna()
        if manque.any():
            raise ErreurParametre(
                f"Famille « {table.loc[manque, 'famille'].iloc[0]} » : aucun critère de l'axe « {axe} » "
                "n'a de valeur. Renseignez au moins un critère de cet axe."
            )
        table[f"score_{axe}_calcule"] = table[f"score_{axe}"]
    table["quadrant_calcule"] = [quadrant_kraljic(i, r, milieu=milieu) for i, r in
                                 zip(table["score_impact"], table["score_risque"])]
    table["quadrant"] = table["quadrant_calcule"]
    table["surcharge"] = False
    table["motif_surcharge"] = ""
    table["strategie"] = table["quadrant"].map(lambda q: STRATEGIES[q]["strategie_achat"].strip())
    table["explication"] = [
        f"{_explication_axe(l, grille, IMPACT, milieu)} {_explication_axe(l, grille, RISQUE, milieu)} "
        f"Quadrant : {l['quadrant']}."
        for _, l in table.iterrows()
    ]
    table.attrs.update({"milieu": milieu, "grille": grille,
                        "periode": periode_en_texte(dates=achats["date"]) if "date" in achats.columns else ""})
    colonnes = (["famille", "libelle", "montant_net"]
                + [c for c in INDICATEURS if c in table.columns]
                + list(dict.fromkeys(c.nom for c in grille if c.nom not in INDICATEURS))
                + [f"score_{c.nom}" for c in grille]
                + ["score_impact", "score_risque", "score_impact_calcule", "score_risque_calcule",
                   "quadrant_calcule", "quadrant", "surcharge", "motif_surcharge", "strategie", "explication"]
                + [c for c in ["justification_complexite"] + colonnes_enjeux if c in table.columns])
    return table[colonnes].reset_index(drop=True)


def forcer(table: pd.DataFrame, famille: str, *, impact=None, risque=None, quadrant=None, motif: str | None = None):
    """Surcharge le score d'un axe ou le quadrant d'une famille, avec un motif obligatoire.

    Renvoie une COPIE de la table : score_impact / score_risque prennent les valeurs données (le
    calcul d'origine reste dans score_*_calcule), le quadrant est recalculé depuis les scores, sauf
    si `quadrant` est imposé ; quadrant_calcule ne change pas ; surcharge passe à True et le motif
    s'ajoute à motif_surcharge. La stratégie suit le quadrant retenu.
    """
    if motif is None or not str(motif).strip():
        raise ErreurParametre(
            f"Surcharge de la famille « {famille} » refusée : le motif est obligatoire "
            "(par exemple motif=\"marché en cours de renégociation, fournisseur unique\")."
        )
    if impact is None and risque is None and quadrant is None:
        raise ErreurParametre("Surcharge sans effet : donnez impact, risque ou quadrant.")
    if famille not in set(table["famille"]):
        connues = ", ".join(map(str, table["famille"].head(10)))
        raise ErreurParametre(f"Famille « {famille} » absente de la table de Kraljic. Familles : {connues}…")
    for nom, valeur in (("impact", impact), ("risque", risque)):
        if valeur is not None and not (NOTE_MIN <= float(valeur) <= NOTE_MAX):
            raise ErreurParametre(f"Surcharge de « {famille} » : {nom}={valeur!r} hors de l'échelle {NOTE_MIN} à {NOTE_MAX}.")
    if quadrant is not None and quadrant not in QUADRANTS:
        raise ErreurParametre(f"Quadrant « {quadrant} » inconnu. Choisissez parmi : {', '.join(QUADRANTS)}.")
    nouvelle = table.copy()
    i = nouvelle.index[nouvelle["famille"] == famille][0]
    morceaux = []
    if impact is not None:
        nouvelle.loc[i, "score_impact"] = float(impact)
        morceaux.append(f"impact {nombre(impact, 2)}")
    if risque is not None:
        nouvelle.loc[i, "score_risque"] = float(risque)
        morceaux.append(f"risque {nombre(risque, 2)}")
    milieu = table.attrs.get("milieu", MILIEU)
    retenu = quadrant or quadrant_kraljic(nouvelle.loc[i, "score_impact"], nouvelle.loc[i, "score_risque"], milieu=milieu)
    if quadrant is not None:
        morceaux.append(f"quadrant {quadrant}")
    nouvelle.loc[i, "quadrant"] = retenu
    nouvelle.loc[i, "surcharge"] = True
    precedent = nouvelle.loc[i, "motif_surcharge"]
    nouvelle.loc[i, "motif_surcharge"] = f"{precedent} ; {motif}" if precedent else str(motif)
    nouvelle.loc[i, "strategie"] = STRATEGIES[retenu]["strategie_achat"].strip()
    nouvelle.loc[i, "explication"] = (
        f"{nouvelle.loc[i, 'explication']} Surcharge ({', '.join(morceaux)}) : quadrant retenu {retenu} "
        f"au lieu de {nouvelle.loc[i, 'quadrant_calcule']} — motif : {motif}."
    )
    return nouvelle


def table_grille(grille=GRILLE_PAR_DEFAUT) -> pd.DataFrame:
    """La grille de notation en clair (un critère par ligne) : à montrer avant les résultats."""
    grille = verifier_grille(grille)
    sources = {"donnees": "calculé depuis les achats", "nomenclature": "nomenclature des familles",
               "manuel": "saisi à la main (facultatif)"}
    return pd.DataFrame(
        [(c.axe, c.nom, c.libelle, c.poids, sources[c.source], c.bareme) for c in grille],
        columns=["axe", "critere", "libelle", "poids", "source", "bareme"],
    )


COLONNES_SURCHARGES = ("famille", "impact", "risque", "quadrant", "motif")


def appliquer_surcharges(table: pd.DataFrame, surcharges: pd.DataFrame) -> pd.DataFrame:
    """Applique une table de surcharges (famille, impact, risque, quadrant, motif), ligne par ligne.

    Les colonnes impact, risque et quadrant peuvent être vides ; le motif est obligatoire. Chaque
    ligne passe par `forcer` : une erreur dit la ligne fautive (numéro de ligne du tableur, en-tête
    compris).
    """
    inconnues = [c for c in surcharges.columns if c not in COLONNES_SURCHARGES]
    if "famille" not in surcharges.columns or "motif" not in surcharges.columns or inconnues:
        raise ErreurParametre(
            "Table des surcharges : colonnes attendues famille, impact, risque, quadrant, motif "
            f"(reçues : {', '.join(map(str, surcharges.columns))})."
        )
    for numero, ligne in enumerate(surcharges.to_dict("records"), start=2):
        valeurs = {k: (None if pd.isna(ligne.get(k)) or ligne.get(k) == "" else ligne.get(k))
                   for k in ("impact", "risque", "quadrant", "motif")}
        for cle in ("impact", "risque"):
            if valeurs[cle] is not None:
                try:
                    valeurs[cle] = float(str(valeurs[cle]).replace(",", "."))
                except ValueError:
                    raise ErreurParametre(
                        f"Surcharges, ligne {numero}, colonne « {cle} » : « {ligne[cle]} » n'est pas un nombre."
                    ) from None
        try:
            table = forcer(table, str(ligne["famille"]), **valeurs)
        except ErreurParametre as erreur:
            raise ErreurParametre(f"Surcharges, ligne {numero} : {erreur}") from None
    return table
