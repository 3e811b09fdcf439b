"""Lecture avec DuckDB des fichiers DECP à plat (CSV tabulaire ou consolidé, Parquet) : la vue `a_plat`,
une ligne du fichier par ligne (partie de `lecture.decp_multi`, qui la regroupe en contrats).

Les colonnes sont reconnues à leur nom (`ALIAS`, sans casse). La vue ne fait, sur chaque ligne, que des
calculs bon marché (conversions directes d'abord, motifs et nettoyages seulement quand elles échouent) :
un fichier national a des millions de lignes, et les textes longs (nom, catégorie, considérations) ne sont
nettoyés ou classés qu'après le regroupement, sur un contrat ou un acheteur, voire sur une valeur distincte.
"""

from __future__ import annotations

from dataclasses import dataclass

from spaserlib.commun.erreurs import ErreurFichier
from spaserlib.lecture.decp_multi_json import CONSEIL
from spaserlib.lecture.decp_multi_regles import CHAMPS, MONTANTS_SENTINELLES, parmi, sql_pme, sql_sans_concurrence

# Colonnes des fichiers à plat : champ canonique -> noms possibles (le premier présent l'emporte).
ALIAS = {
    "acheteur_id": ["acheteur_id", "acheteur.id", "acheteur_siret", "idAcheteur"],
    "id": ["id", "marche_id", "id_marche"],
    "acheteur_nom": ["acheteur_nom", "acheteur.nom", "acheteur_denomination_sirene", "nomAcheteur"],
    "categorie_acheteur": ["acheteur_categorie", "categorie_acheteur"],
    "departement": ["acheteur_departement_code", "departement_acheteur"],
    "region": ["acheteur_region_code", "region_acheteur"],
    "nature": ["nature"],
    "montant": ["montant"],
    "date_notification": ["dateNotification", "date_notification"],
    "procedure": ["procedure"],
    "offres_recues": ["offresRecues", "offres_recues"],
    "considerations_sociales": ["considerationsSociales", "considerations_sociales"],
    "considerations_environnementales": ["considerationsEnvironnementales", "considerations_environnementales"],
    "titulaire_categorie": ["titulaire_categorie", "categorie_titulaire"],
    "actuelle": ["donneesActuelles"],
    "version": ["modification_id"],
    "code_cpv": ["codeCPV", "code_cpv"],
    "objet": ["objet"],
    "lieu_execution": ["lieuExecution_code", "lieuExecution.code"],
}


@dataclass(frozen=True)
class VueAPlat:
    """Ce que la vue `a_plat` a trouvé : `champs` de la complétude présents, `colonnes` facultatives
    présentes (voir `SourceDecp`), `absentes` : colonnes de la vue toujours vides (non regroupées)."""

    champs: tuple[str, ...]
    colonnes: frozenset[str]
    absentes: frozenset[str]


def _trouver(noms: list[str]):
    exacts = {n.strip(): n for n in noms}
    minuscules = {n.strip().lower(): n for n in noms}

    def trouver(alias_possibles):
        for alias in alias_possibles:
            nom = exacts.get(alias) or minuscules.get(alias.lower())
            if nom is not None:
                return '"' + nom.replace('"', '""') + '"'
        return None

    return trouver


def vue_a_plat(connexion, fichier: str, noms: list[str], lecteur: str) -> VueAPlat:
    """Crée la vue `a_plat` sur `lecteur` (un appel read_csv ou read_parquet dont les colonnes sont `noms`).
    Lève `ErreurFichier` si l'acheteur, l'identifiant ou le montant manquent."""
    trouver = _trouver(noms)
    trouvees = {champ: trouver(alias) for champ, alias in ALIAS.items()}
    type_lieu = trouver(["lieuExecution_typeCode", "lieuExecution.typeCode"])
    manquantes = [c for c in ("acheteur_id", "id", "montant") if trouvees[c] is None]
    if manquantes:
        raise ErreurFichier(fichier, f"colonne(s) {', '.join(ALIAS[c][0] for c in manquantes)} introuvable(s) ; "
                            f"colonnes lues : {', '.join(noms[:12])}{'…' if len(noms) > 12 else ''}.", CONSEIL)

    def c(champ):
        return trouvees[champ] or "null"

    def texte(champ):
        return f"cast({c(champ)} as varchar)"

    if trouvees["departement"]:
        departement = texte("departement")
    elif trouvees["lieu_execution"] and type_lieu:
        departement = f"dept_lieu({c('lieu_execution')}, {type_lieu})"
    else:
        departement = None
    region = texte("region") if trouvees["region"] and not trouvees["departement"] else None
    sentinelle = parmi("abs(montant_lu)", MONTANTS_SENTINELLES)
    champs = [ch for ch in CHAMPS if trouvees.get(ch)]
    # Montant renseigné : lu et pas une sentinelle (comme la colonne montant de la vue).
    remplis = " + ".join(f"cast(montant_lu is not null and not {sentinelle} as integer)" if ch == "montant"
                         else f"cast({c(ch)} is not null as integer)" for ch in champs) or "0"
    facultatives = {
        "acheteur_nom": texte("acheteur_nom") if trouvees["acheteur_nom"] else None,
        "categorie_acheteur": texte("categorie_acheteur") if trouvees["categorie_acheteur"] else None,
        "departement": departement, "region": region,
        "sans_concurrence": sql_sans_concurrence(texte("procedure")) if trouvees["procedure"] else None,
        "offres_recues": f"try_cast(nombre_fr({c('offres_recues')}) as integer)" if trouvees["offres_recues"] else None,
        "cs_brut": texte("considerations_sociales") if trouvees["considerations_sociales"] else None,
        "ce_brut": texte("considerations_environnementales") if trouvees["considerations_environnementales"] else None,
        "pme": sql_pme(c("titulaire_categorie")) if trouvees["titulaire_categorie"] else None,
    }
    types = {"sans_concurrence": "boolean", "offres_recues": "integer", "pme": "boolean"}
    colonnes_facultatives = ",\n               ".join(
        f"{expression or 'cast(null as ' + types.get(nom, 'varchar') + ')'} as {nom}"
        for nom, expression in facultatives.items())
    acheteur = texte("acheteur_id")
    nature = f"lower(left({texte('nature')}, 4))"
    # Un SIRET bien formé (14 caractères) est gardé tel quel : le nettoyage (motifs) ne sert qu'aux autres.
    connexion.execute(f"""create or replace temp view a_plat as
        select case when length({acheteur}) = 14 then {acheteur} else siret({acheteur}) end as acheteur_id,
               {texte('id')} as id,
               case when sans_texte({c('id')}) then concat_ws(chr(31), {c('objet')}, {c('date_notification')},
                    {c('montant')}) end as sans_id,
               nombre_fr({c('montant')}) as montant_lu,
               case when {sentinelle} then null else montant_lu end as montant,
               coalesce({sentinelle}, false) as sentinelle,
               date_lue({c('date_notification')}) as date_notification,
               cast(null as date) as date_publication,
               {colonnes_facultatives},
               cast(coalesce({parmi(f"lower({texte('actuelle')})", ('oui', 'true', 'vrai', '1'))}, false)
                    as integer) as actuelle,
               coalesce(try_cast({c('version')} as bigint), -1) as version, 0 as position,
               coalesce({nature} = 'conc' or {nature} = 'délé' or {nature} = 'dele', false) as concession,
               {remplis} as remplis
        from {lecteur}""")
    colonnes = {ch for ch in ("categorie_acheteur", "departement", "region", "offres_recues",
                              "considerations_sociales", "considerations_environnementales", "titulaire_categorie")
                if trouvees.get(ch)}
    if departement is not None:
        colonnes |= {"departement", "region"}
    absentes = frozenset({nom for nom, expression in facultatives.items() if expression is None} | {"date_publication"})
    return VueAPlat(tuple(champs), frozenset(colonnes), absentes)
