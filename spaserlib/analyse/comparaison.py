"""Comparer un acheteur à ses pairs : ses indicateurs, ceux des acheteurs de même nature et de taille voisine.

Les indicateurs sont calculés pour chaque acheteur d'un fichier DECP à plusieurs acheteurs, dans
DuckDB (`lecture.decp_multi`, une ligne par acheteur en sortie : un fichier national reste léger),
puis l'acheteur est placé parmi ses pairs (pandas, sur cette petite table).

**Indicateurs** (en nombre de marchés, et en valeur, c'est-à-dire en montant, quand cela a un sens) :
- part des marchés avec une considération sociale, avec une considération environnementale : les
  marchés dont la considération est *inconnue* (champ absent ou vide) sont mis à part, jamais comptés
  comme « sans » ; le format 2019 des DECP (marchés notifiés jusqu'au 31/12/2023) n'a pas ces champs ;
- part des marchés n'ayant reçu qu'une offre (``offresRecues`` = 1, parmi les marchés qui le disent) ;
- part des marchés passés sans publicité ni mise en concurrence préalable (procédure) ;
- part des marchés attribués à une PME (au moins un titulaire de catégorie PME), quand le fichier donne
  la catégorie d'entreprise des titulaires (fichiers consolidés enrichis par le répertoire SIRENE) ;
- complétude de la publication : part moyenne, par marché, des champs renseignés parmi ceux que le
  format du fichier porte (`SourceDecp.champs`) ; en nombre seulement.

Pour chacun : la valeur de l'acheteur, la médiane et les quartiles des pairs (interpolation linéaire,
celle de pandas et numpy), le **centile** de l'acheteur (part des pairs qui font moins, les ex aequo
comptés pour moitié : 100 × (inférieurs + ½ égaux) / pairs), le nombre de pairs qui ont une valeur, la
valeur de l'ensemble du fichier, et la référence nationale quand il y en a une (`REFERENCES`).

**Nature de l'acheteur.** La colonne de catégorie d'acheteur du fichier quand elle existe
(``acheteur_categorie`` des fichiers consolidés : Commune, Département, Groupement de communes…).
Sinon, le début du SIREN (`nature_par_siren`) : l'INSEE numérote les personnes publiques selon leur
catégorie à l'immatriculation (21 communes, 22 départements, 23 régions, 24 groupements, 25 syndicats,
26 établissements publics locaux, 27 offices publics de l'habitat, 28 SDIS et centres de gestion,
1 État et établissements publics nationaux). Vérifié sur les 1 172 acheteurs des quatre flux 2019
de decp-rama (AIFE, marches-publics.info, PES, e-marchespublics) : 435 SIREN en 21, tous des
communes sauf des CCAS ou budgets annexes nommés autrement. **Limites** : les SIREN attribués
depuis les années 2000 commencent souvent par 20 quelle que soit la catégorie (communes nouvelles,
EPCI issus de fusions, groupements hospitaliers, une région) : ils forment une nature à part, « à
préciser » ; un SIREN garde le préfixe de sa création si la catégorie change ; les organismes de
droit privé (3 à 9 : sociétés d'économie mixte, bailleurs sociaux, associations, organismes de
sécurité sociale) sont réunis en une seule nature.

**Taille** : le montant total des marchés de l'acheteur sur la période, par tranche (`TRANCHES_TAILLE`).
**Pairs** : par défaut même nature et même tranche ; sinon même nature seule, même nature et même
département, même nature et même région (département et région du fichier, ou déduits du lieu
d'exécution, voir `lecture.decp_multi`), ou une liste de SIRET. En dessous de `MINIMUM_PAIRS` pairs,
la comparaison est donnée avec un avertissement en français.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from spaserlib.commun.erreurs import ErreurParametre
from spaserlib.commun.format_fr import nombre
from spaserlib.commun.identifiants import normaliser_siret

MINIMUM_PAIRS = 10
TRANCHES_TAILLE = [0, 1e6, 5e6, 20e6, 100e6, float("inf")]
LIBELLES_TAILLE = ["moins de 1 M€", "de 1 à 5 M€", "de 5 à 20 M€", "de 20 à 100 M€", "100 M€ ou plus"]
CRITERES = {
    "nature-taille": "même nature, même tranche de montant",
    "nature": "même nature, toutes tailles",
    "departement": "même nature, même département",
    "region": "même nature, même région",
}
NATURES_SIREN = {
    "21": "Commune", "22": "Département", "23": "Région",
    "24": "Groupement de collectivités (EPCI)", "25": "Syndicat intercommunal ou mixte",
    "26": "Établissement public local (CCAS, hôpital…)", "27": "Office public de l'habitat",
    "28": "Établissement public local (SDIS, centre de gestion…)", "29": "Autre personne publique locale",
    "20": "Personne publique immatriculée récemment (SIREN en 20 : nature à préciser)",
}


@dataclass(frozen=True)
class Reference:
    """Une référence nationale : valeur (part de 0 à 1), année, source, champ ; et la cible PNAD."""

    valeur: float
    annee: int
    source: str
    champ: str
    cible: float | None = None
    cible_texte: str = ""


_SOURCE_OECP = ("Observatoire économique de la commande publique (OECP), recensement économique de la "
                "commande publique, chiffres publiés par Le Moniteur")
_CHAMP_OECP = "part des marchés recensés (90 000 € HT ou plus), en nombre"
REFERENCES = {
    "sociale": Reference(0.223, 2022, _SOURCE_OECP, _CHAMP_OECP, 0.30,
                         "PNAD 2022-2025 : 30 % des marchés notifiés en 2025 avec au moins une considération "
                         "sociale (objectif non contraignant)"),
    "environnementale": Reference(0.292, 2022, _SOURCE_OECP, _CHAMP_OECP, 1.00,
                                  "PNAD 2022-2025 : 100 % des marchés notifiés en 2025 avec au moins une "
                                  "considération environnementale (objectif non contraignant)"),
}


@dataclass(frozen=True)
class Indicateur:
    code: str
    libelle: str
    colonne: str  # colonne de `contrats` (booléen) ; None pour la complétude
    requis: str  # information du fichier nécessaire (SourceDecp.colonnes ou .champs)
    absent: str  # pourquoi l'indicateur manque quand le fichier n'a pas l'information
    en_valeur: bool = True


INDICATEURS = [
    Indicateur("sociale", "Marchés avec une considération sociale", "sociale", "considerations_sociales",
               "le fichier n'a pas de champ « considérations sociales »"),
    Indicateur("environnementale", "Marchés avec une considération environnementale", "environnementale",
               "considerations_environnementales",
               "le fichier n'a pas de champ « considérations environnementales »"),
    Indicateur("offre_unique", "Marchés n'ayant reçu qu'une offre", "offres_recues = 1", "offres_recues",
               "le fichier n'indique pas le nombre d'offres reçues"),
    Indicateur("sans_concurrence", "Marchés passés sans publicité ni mise en concurrence", "sans_concurrence",
               "procedure", "le fichier n'indique pas la procédure de passation"),
    Indicateur("pme", "Marchés attribués à une PME", "pme", "titulaire_categorie",
               "le fichier ne donne pas la catégorie d'entreprise des titulaires (PME, ETI…), que donnent les "
               "fichiers consolidés de decp.info"),
    Indicateur("completude", "Complétude de la publication (champs renseignés)", None, "champs",
               "aucun champ de publication reconnu", en_valeur=False),
]
PAR_CODE = {i.code: i for i in INDICATEURS}
MESURES = {"nombre": "en nombre de marchés", "valeur": "en montant"}


@dataclass(frozen=True)
class Periode:
    """Années de notification retenues (bornes comprises) ; None, None : toutes, marchés sans date compris."""

    debut: int | None = None
    fin: int | None = None

    @property
    def libelle(self) -> str:
        if self.debut is None:
            return "toutes années confondues"
        return f"en {self.debut}" if self.debut == self.fin else f"{self.debut}-{self.fin}"

    def filtre(self) -> str:
        if self.debut is None:
            return "true"
        return f"annee between {int(self.debut)} and {int(self.fin)}"


def lire_periode(texte: str | None) -> Periode | None:
    """« 2023 » -> 2023 ; « 2022-2024 » ; « toutes » -> toutes les années ; None -> année par défaut."""
    if texte is None:
        return None
    texte = str(texte).strip().lower()
    if texte in ("toutes", "tout", "tous"):
        return Periode()
    trouve = re.fullmatch(r"(\d{4})(?:\s*[-–]\s*(\d{4}))?", texte)
    if not trouve or int(trouve.group(2) or trouve.group(1)) < int(trouve.group(1)):
        raise ErreurParametre(f"période « {texte} » illisible. Écrivez une année (2023), deux années (2022-2024) "
                              "ou « toutes ».")
    return Periode(int(trouve.group(1)), int(trouve.group(2) or trouve.group(1)))


def annee_par_defaut(source) -> int | None:
    """L'année de notification qui compte le plus de marchés dans le fichier (la plus récente à égalité)."""
    ligne = source.sql("select annee from contrats where annee is not null group by annee "
                       "order by count(*) desc, annee desc limit 1").fetchone()
    return None if ligne is None else int(ligne[0])


def nature_par_siren(siret) -> str:
    """La nature d'un acheteur d'après le début de son SIREN (voir les limites en tête du module)."""
    siret = normaliser_siret(siret) or ""
    if not siret[:1].isdigit():
        return "Identifiant non reconnu"
    if siret[:2] in NATURES_SIREN:
        return NATURES_SIREN[siret[:2]]
    if siret[0] == "1":
        return "État ou établissement public national"
    return "Autre organisme (société d'économie mixte, bailleur, association…)"


def table_acheteurs(source, periode: Periode) -> pd.DataFrame:
    """Une ligne par acheteur : identité, nature, taille, et pour chaque indicateur `{code}_oui`,
    `{code}_connus` (marchés où l'information est connue) et leurs montants `{code}_montant_oui`,
    `{code}_montant_connus` ; `completude` (moyenne par marché). Calculé dans DuckDB."""
    morceaux = []
    for ind in INDICATEURS:
        if ind.colonne is None:
            continue
        condition = ind.colonne
        connu = "offres_recues is not null" if ind.code == "offre_unique" else f"{ind.colonne} is not null"
        morceaux.append(f"count(*) filter (where {condition}) as {ind.code}_oui, "
                        f"count(*) filter (where {connu}) as {ind.code}_connus, "
                        f"coalesce(sum(montant) filter (where {condition}), 0) as {ind.code}_montant_oui, "
                        f"coalesce(sum(montant) filter (where {connu} and montant is not null), 0) "
                        f"as {ind.code}_montant_connus")
    requete = f"""with c as (select * from contrats where {periode.filtre()}),
        agregats as (select acheteur_id, count(*) as contrats, coalesce(sum(montant), 0) as montant_total,
                     {', '.join(morceaux)}, avg(completude) as completude, count(completude) as completude_connus
                     from c group by acheteur_id)
        select a.*, b.acheteur_nom, b.categorie_acheteur, b.departement, b.region
        from agregats a left join acheteurs b using (acheteur_id)
        order by acheteur_id"""
    table = source.sql(requete).df()
    a_categorie = "categorie_acheteur" in source.colonnes
    table["nature"] = [c if a_categorie and isinstance(c, str) and c else nature_par_siren(s)
                       for c, s in zip(table["categorie_acheteur"], table["acheteur_id"])]
    table["nature_source"] = ["catégorie du fichier" if a_categorie and isinstance(c, str) and c else "début du SIREN"
                              for c in table["categorie_acheteur"]]
    table["tranche"] = pd.cut(table["montant_total"].astype(float), TRANCHES_TAILLE, right=False,
                              labels=LIBELLES_TAILLE).astype(str)
    for ind in INDICATEURS:
        if ind.colonne is None:
            table[f"{ind.code}_nombre"] = table["completude"].astype(float)
            continue
        connus = table[f"{ind.code}_connus"].astype(float)
        table[f"{ind.code}_nombre"] = (table[f"{ind.code}_oui"] / connus.where(connus > 0)).astype(float)
        montants = table[f"{ind.code}_montant_connus"].astype(float)
        table[f"{ind.code}_valeur"] = (table[f"{ind.code}_montant_oui"] / montants.where(montants > 0)).astype(float)
    return table


@dataclass
class Mesure:
    """Une mesure d'un indicateur : l'acheteur, la distribution de ses pairs, l'ensemble du fichier."""

    acheteur: float | None
    pairs: int
    premier_quartile: float | None = None
    mediane: float | None = None
    troisieme_quartile: float | None = None
    centile: float | None = None
    ensemble: float | None = None
    oui: int | float | None = None
    connus: int | float | None = None


@dataclass
class Resultat:
    """Un indicateur comparé : disponible ou non (et pourquoi), ses mesures, sa référence nationale."""

    code: str
    libelle: str
    disponible: bool
    raison: str = ""
    mesures: dict[str, Mesure] = field(default_factory=dict)
    inconnus: int = 0
    reference: Reference | None = None
    avertissement: str = ""


@dataclass
class Comparaison:
    """Un acheteur placé parmi ses pairs : voir `comparer`."""

    fichier: str
    format: str
    periode: Periode
    acheteur: dict
    critere: str
    description_pairs: str
    pairs: list[str]
    resultats: list[Resultat]
    avertissements: list[str]
    champs: tuple[str, ...]
    valeurs: pd.DataFrame  # une ligne par pair et une pour l'acheteur (colonne `est_acheteur`)

    def resultat(self, code: str) -> Resultat:
        return next(r for r in self.resultats if r.code == code)


def centile(valeur: float, valeurs) -> float | None:
    """Rang centile de `valeur` parmi `valeurs` : 100 × (inférieures + ½ égales) / nombre."""
    valeurs = np.asarray([v for v in valeurs if v is not None and not pd.isna(v)], dtype=float)
    if valeur is None or pd.isna(valeur) or len(valeurs) == 0:
        return None
    # Deux parts égales calculées par deux chemins (10/11 ici, une moyenne là) diffèrent au 16e chiffre :
    # elles restent ex aequo.
    egales = np.isclose(valeurs, valeur, rtol=0, atol=1e-9)
    return float(100 * (((valeurs < valeur) & ~egales).sum() + 0.5 * egales.sum()) / len(valeurs))


def _nombre_ou_none(x):
    return None if x is None or pd.isna(x) else float(x)


def _mesure(table, cible, pairs, code: str, mesure: str) -> Mesure:
    colonne = f"{code}_{mesure}"
    valeur = _nombre_ou_none(cible[colonne])
    valeurs = pairs[colonne].dropna().astype(float)
    if code == "completude":
        ensemble = _nombre_ou_none((table["completude"] * table["completude_connus"]).sum()
                                   / max(table["completude_connus"].sum(), 1)) if len(table) else None
        oui, connus = None, int(cible["completude_connus"])
    else:
        suffixe = "montant_" if mesure == "valeur" else ""
        total = table[f"{code}_{suffixe}connus"].sum()
        ensemble = float(table[f"{code}_{suffixe}oui"].sum() / total) if total > 0 else None
        oui, connus = cible[f"{code}_{suffixe}oui"], cible[f"{code}_{suffixe}connus"]
        oui, connus = (int(oui), int(connus)) if mesure == "nombre" else (float(oui), float(connus))
    resultat = Mesure(valeur, len(valeurs), ensemble=ensemble, oui=oui, connus=connus)
    if len(valeurs):
        q1, mediane, q3 = valeurs.quantile([0.25, 0.5, 0.75]).tolist()
        resultat.premier_quartile, resultat.mediane, resultat.troisieme_quartile = q1, mediane, q3
        resultat.centile = centile(valeur, valeurs)
    return resultat


def _choisir_pairs(table: pd.DataFrame, cible: pd.Series, pairs) -> tuple[pd.DataFrame, str, str, list[str]]:
    autres = table[table["acheteur_id"] != cible["acheteur_id"]]
    if not isinstance(pairs, str):
        demandes = [normaliser_siret(s) for s in pairs]
        demandes = list(dict.fromkeys(s for s in demandes if s and s != cible["acheteur_id"]))
        if not demandes:
            raise ErreurParametre("la liste de pairs est vide : donnez au moins un SIRET (14 chiffres) autre que "
                                  "celui de l'acheteur.")
        trouves = autres[autres["acheteur_id"].isin(demandes)]
        absents = [s for s in demandes if s not in set(trouves["acheteur_id"])]
        avert = ([f"{nombre(len(absents))} SIRET de la liste de pairs n'ont aucun marché dans le fichier sur la "
                  f"période : {', '.join(absents[:10])}{'…' if len(absents) > 10 else ''}."] if absents else [])
        return trouves, "liste", f"liste de {nombre(len(demandes))} SIRET donnée", avert
    if pairs not in CRITERES:
        raise ErreurParametre(f"choix de pairs inconnu « {pairs} ». Choix possibles : {', '.join(CRITERES)}, "
                              "ou une liste de SIRET.")
    choisis = autres[autres["nature"] == cible["nature"]]
    description = f"{cible['nature']}"
    if pairs == "nature-taille":
        choisis = choisis[choisis["tranche"] == cible["tranche"]]
        description += f", montant total des marchés {cible['tranche']}"
    elif pairs in ("departement", "region"):
        lieu = cible[pairs]
        if not isinstance(lieu, str) or not lieu:
            raise ErreurParametre(f"le {'département' if pairs == 'departement' else 'région'} de l'acheteur est "
                                  "inconnu dans ce fichier (ni colonne, ni lieu d'exécution lisible) : choisissez "
                                  "d'autres pairs (nature, nature-taille ou une liste de SIRET).")
        choisis = choisis[choisis[pairs] == lieu]
        description += f", {'département' if pairs == 'departement' else 'région'} {lieu}"
    return choisis, pairs, description, []


def comparer(source, siret, *, pairs="nature-taille", periode: Periode | None = None) -> Comparaison:
    """Place l'acheteur `siret` parmi ses pairs dans une `SourceDecp` ; rend la `Comparaison`.

    `pairs` : "nature-taille" (défaut), "nature", "departement", "region", ou une liste de SIRET.
    `periode` : années de notification (`lire_periode`) ; par défaut l'année la plus fournie du fichier.
    Lève `ErreurParametre` si le SIRET est mal formé ou n'a aucun marché dans le fichier sur la période.
    """
    cible_id = normaliser_siret(siret)
    if not cible_id or not re.fullmatch(r"\d{14}", cible_id):
        raise ErreurParametre(f"SIRET de l'acheteur « {siret} » mal formé : il faut 14 chiffres (le SIREN, 9 "
                              "chiffres, suivi du numéro d'établissement).")
    avertissements = []
    if periode is None:
        annee = annee_par_defaut(source)
        periode = Periode(annee, annee) if annee is not None else Periode()
    if periode.debut is not None:
        sans_date = source.sql("select count(*) from contrats where annee is null").fetchone()[0]
        if sans_date:
            avertissements.append(f"{nombre(sans_date)} marchés du fichier sans date de notification lisible sont "
                                  "laissés de côté (la période « toutes » les compte).")
    table = table_acheteurs(source, periode)
    lignes = table[table["acheteur_id"] == cible_id]
    if lignes.empty:
        raise ErreurParametre(_message_absent(source, cible_id, periode))
    cible = lignes.iloc[0]
    choisis, critere, description, avert = _choisir_pairs(table, cible, pairs)
    avertissements += avert
    if len(choisis) < MINIMUM_PAIRS:
        avertissements.append(
            f"Seulement {nombre(len(choisis))} pair{'s' if len(choisis) > 1 else ''} ({description}) : il en faut au "
            f"moins {MINIMUM_PAIRS} pour que la médiane, les quartiles et le centile aient du sens. Élargissez le "
            "groupe (même nature sans condition de taille, même région) ou donnez une liste de SIRET.")
    resultats = [_resultat(ind, source, table, cible, choisis) for ind in INDICATEURS]
    acheteur = {"siret": cible_id, "nom": cible["acheteur_nom"] if isinstance(cible["acheteur_nom"], str) else "",
                "nature": cible["nature"], "nature_source": cible["nature_source"],
                "departement": cible["departement"] if isinstance(cible["departement"], str) else None,
                "region": cible["region"] if isinstance(cible["region"], str) else None,
                "contrats": int(cible["contrats"]), "montant_total": float(cible["montant_total"]),
                "tranche": cible["tranche"]}
    valeurs = pd.concat([choisis.assign(est_acheteur=False), lignes.assign(est_acheteur=True)], ignore_index=True)
    return Comparaison(source.fichier, source.format, periode, acheteur, critere, description,
                       sorted(choisis["acheteur_id"]), resultats, avertissements, source.champs, valeurs)


def _resultat(ind: Indicateur, source, table, cible, choisis) -> Resultat:
    present = bool(source.champs) if ind.requis == "champs" else (ind.requis in source.colonnes
                                                                  or ind.requis in source.champs)
    if not present:
        format_2019 = source.format == "JSON 2019" and ind.code in ("sociale", "environnementale", "offre_unique")
        return Resultat(ind.code, ind.libelle, False, ind.absent + (
            " : le format 2019 des DECP (marchés notifiés jusqu'au 31/12/2023) ne le prévoit pas." if format_2019 else "."))
    if ind.code != "completude" and int(cible[f"{ind.code}_connus"]) == 0:
        return Resultat(ind.code, ind.libelle, False, f"aucun des {nombre(int(cible['contrats']))} marchés de "
                        "l'acheteur ne renseigne cette information sur la période.",
                        inconnus=int(cible["contrats"]))
    mesures = {m: _mesure(table, cible, choisis, ind.code, m) for m in (MESURES if ind.en_valeur else ["nombre"])}
    resultat = Resultat(ind.code, ind.libelle, True, mesures=mesures, reference=REFERENCES.get(ind.code),
                        inconnus=0 if ind.code == "completude" else int(cible["contrats"] - cible[f"{ind.code}_connus"]))
    n = mesures["nombre"].pairs
    if n < MINIMUM_PAIRS:
        resultat.avertissement = (f"seulement {nombre(n)} pair{'s' if n > 1 else ''} renseigne{'nt' if n > 1 else ''} "
                                  f"cet indicateur (il en faut {MINIMUM_PAIRS}) : centile à prendre avec prudence.")
    return resultat


def _message_absent(source, siret: str, periode: Periode) -> str:
    message = f"l'acheteur {siret} n'a aucun marché dans {source.fichier} {periode.libelle}."
    total = source.sql("select count(*) from contrats where acheteur_id = ?", [siret]).fetchone()[0]
    if total and periode.debut is not None:
        return message + (f" Il en a {nombre(total)} toutes années confondues : choisissez une autre période "
                          "(par exemple « toutes »).")
    voisins = [s for (s,) in source.sql("select distinct acheteur_id from contrats where left(acheteur_id, 9) = ? "
                                        "order by 1 limit 5", [siret[:9]]).fetchall()]
    if voisins:
        return message + f" Le fichier a des marchés d'autres établissements du même SIREN : {', '.join(voisins)}."
    return message + " Vérifiez le SIRET (celui de l'acheteur qui publie, 14 chiffres) et le fichier."


def _arrondi(x, chiffres: int = 4):
    return None if x is None or pd.isna(x) else round(float(x), chiffres)


def en_dict(comparaison: Comparaison) -> dict:
    """La comparaison en dictionnaire prêt pour JSON (parts entre 0 et 1, montants en euros HT)."""
    resultats = []
    for r in comparaison.resultats:
        entree = {"code": r.code, "libelle": r.libelle, "disponible": r.disponible}
        if not r.disponible:
            entree["raison"] = r.raison
        else:
            entree["marches_inconnus"] = r.inconnus
            entree["mesures"] = {
                nom: {"acheteur": _arrondi(m.acheteur), "pairs": m.pairs, "premier_quartile": _arrondi(m.premier_quartile),
                      "mediane": _arrondi(m.mediane), "troisieme_quartile": _arrondi(m.troisieme_quartile),
                      "centile": _arrondi(m.centile, 1), "ensemble_du_fichier": _arrondi(m.ensemble),
                      "numerateur": _arrondi(m.oui, 2), "denominateur": _arrondi(m.connus, 2)}
                for nom, m in r.mesures.items()}
            entree["reference_nationale"] = None if r.reference is None else {
                "valeur": r.reference.valeur, "annee": r.reference.annee, "source": r.reference.source,
                "champ": r.reference.champ, "cible": r.reference.cible, "cible_texte": r.reference.cible_texte}
            if r.avertissement:
                entree["avertissement"] = r.avertissement
        resultats.append(entree)
    return {"fichier": comparaison.fichier, "format": comparaison.format, "periode": comparaison.periode.libelle,
            "annees": [comparaison.periode.debut, comparaison.periode.fin], "acheteur": comparaison.acheteur,
            "pairs": {"critere": comparaison.critere, "description": comparaison.description_pairs,
                      "nombre": len(comparaison.pairs), "minimum": MINIMUM_PAIRS, "siret": comparaison.pairs},
            "champs_completude": list(comparaison.champs), "indicateurs": resultats,
            "avertissements": comparaison.avertissements}


def tableau(comparaison: Comparaison) -> pd.DataFrame:
    """Le tableau de la comparaison, en-têtes en français : une ligne par indicateur et par mesure ; parts
    en pourcentage (18,5 pour 18,5 %), vides quand l'indicateur manque (colonne « Remarque »)."""
    lignes = []
    for r in comparaison.resultats:
        for nom, m in (r.mesures.items() if r.disponible else [("nombre", None)]):
            ref = r.reference if nom == "nombre" else None
            pour_cent = (lambda x: None if x is None or pd.isna(x) else round(100 * float(x), 1))
            lignes.append({
                "Acheteur": comparaison.acheteur["nom"], "SIRET": comparaison.acheteur["siret"],
                "Période": comparaison.periode.libelle, "Pairs": comparaison.description_pairs,
                "Indicateur": r.libelle, "Mesure": MESURES[nom],
                "Valeur de l'acheteur (%)": pour_cent(m.acheteur) if m else None,
                "Marchés concernés": m.oui if m and nom == "nombre" else None,
                "Marchés renseignés": m.connus if m and nom == "nombre" else None,
                "Montant concerné (€ HT)": m.oui if m and nom == "valeur" else None,
                "Montant renseigné (€ HT)": m.connus if m and nom == "valeur" else None,
                "Pairs renseignés": m.pairs if m else None,
                "1er quartile des pairs (%)": pour_cent(m.premier_quartile) if m else None,
                "Médiane des pairs (%)": pour_cent(m.mediane) if m else None,
                "3e quartile des pairs (%)": pour_cent(m.troisieme_quartile) if m else None,
                "Centile de l'acheteur": (round(m.centile, 1) if m and m.centile is not None else None),
                "Ensemble du fichier (%)": pour_cent(m.ensemble) if m else None,
                "Référence nationale (%)": pour_cent(ref.valeur) if ref else None,
                "Année de la référence": ref.annee if ref else None,
                "Source de la référence": ref.source if ref else None,
                "Cible nationale": ref.cible_texte if ref else None,
                "Remarque": r.raison if not r.disponible else r.avertissement,
            })
    table = pd.DataFrame(lignes)
    for colonne in ("Marchés concernés", "Marchés renseignés", "Pairs renseignés", "Année de la référence"):
        table[colonne] = table[colonne].astype("Int64")
    return table
