"""Regroupement en contrats des lignes d'un fichier DECP à plusieurs acheteurs (partie de `lecture.decp_multi`) :
les tables `contrats` (une ligne par paire acheteur × id) et `acheteurs`.

Le fichier n'est parcouru qu'une fois, par un seul regroupement (`GROUP BY`) dont la clé est l'empreinte
(hash 64 bits) de la paire (acheteur, id) : bien plus rapide qu'une paire de textes ; deux paires de même
empreinte (une chance sur des milliards pour un fichier national) seraient fondues en un contrat.

Sur un fichier national, ce regroupement (un million de contrats) coûte autant que la lecture : chaque
agrégat compte. D'où trois choix, sans effet sur les résultats :
- les compteurs d'un contrat (lignes, concessions, montants sentinelles) sont une seule somme d'entiers
  juxtaposés (40 bits chacun) ;
- pour un fichier à plat, la version retenue d'une valeur booléenne ou entière est le maximum d'un seul
  entier : l'ordre de la version multiplié par 2 (BIGINT) ou par 2^32 (HUGEINT), plus la valeur (un
  agrégat simple au lieu d'un `max_by` ; à ordre égal, la plus grande valeur, quel que soit l'ordre des
  lignes) ; le décodage se fait par masques, jamais par division (lente sur un HUGEINT) ;
- les textes longs sont classés après le regroupement : une fois par valeur distincte (considérations,
  `classer`) ou par acheteur (nom, catégorie, département, région, les plus fréquents de ses contrats).
"""

from __future__ import annotations

from spaserlib.lecture.considerations import ENVIRONNEMENTALE, SOCIALE
from spaserlib.lecture.decp_multi_regles import ANNEE_MINIMALE, REGIONS, etat_consideration

_BITS = 2**40  # un compteur par tranche de 40 bits : 1 099 511 627 775 lignes au plus par contrat
_TYPES = {"acheteur_nom": "varchar", "categorie_acheteur": "varchar", "departement": "varchar", "region": "varchar",
          "sans_concurrence": "boolean", "offres_recues": "integer", "cs_brut": "varchar", "ce_brut": "varchar",
          "pme": "boolean"}


def _ordre(long: bool) -> str:
    """L'ordre des versions en un seul entier (bien plus rapide à comparer qu'une structure) : version
    actuelle, date de publication, numéro de modification, date de notification, position, montant.
    Un fichier à plat n'a ni position ni date de publication lue : un BIGINT suffit (`long` : HUGEINT)."""
    jours = "coalesce(date_diff('day', date '1900-01-01', {}), 0) % 100000"
    if long:
        # Des constantes entières : « 10::hugeint ** 31 » serait un DOUBLE (16 chiffres significatifs), qui
        # perdrait la position et le montant.
        return f"""(cast(actuelle as hugeint) * {10**31}::hugeint
            + cast({jours.format('date_publication')} as hugeint) * {10**26}::hugeint
            + cast(least(greatest(version + 1, 0), 9999) as hugeint) * {10**22}::hugeint
            + cast({jours.format('date_notification')} as hugeint) * {10**17}::hugeint
            + cast(least(greatest(position, 0), 99999) as hugeint) * {10**12}::hugeint
            + cast(least(greatest(coalesce(montant, 0), 0), 9999999999.99) * 100 as hugeint))"""
    return f"""(cast(actuelle as bigint) * 1000000000000000000
            + cast(least(greatest(version + 1, 0), 999) as bigint) * 1000000000000000
            + cast({jours.format('date_notification')} as bigint) * 10000000000
            + cast(least(greatest(coalesce(montant, 0), 0), 9999999999) as bigint))"""


def _agregats(long: bool, absentes) -> tuple[list[str], list[str]]:
    """Les agrégats du regroupement et les colonnes de `groupes` qui s'en déduisent."""
    agregats = ["any_value(acheteur_id) as acheteur_id", "any_value(id) as id",
                f"sum(1 + cast(concession as hugeint) * {_BITS} + cast(sentinelle as hugeint) * {_BITS**2}::hugeint)"
                " as comptes", "min(date_notification) as date_notification", "max(remplis) as remplis",
                "max_by(montant, ordre) as montant"]
    masque = _BITS - 1  # les bits d'un compteur : décodage par masques et décalages (une division de
    # HUGEINT coûterait autant que le regroupement)
    colonnes = ["acheteur_id", "id", f"cast(comptes & {masque} as bigint) as n_lignes",
                f"cast((comptes >> 40) & {masque} as bigint) as n_concessions",
                "cast(comptes >> 80 as bigint) as n_sentinelles", "date_notification", "remplis", "montant"]
    for nom, type_ in _TYPES.items():
        if nom in absentes:
            colonnes.append(f"cast(null as {type_}) as {nom}")
        elif nom in ("acheteur_nom", "categorie_acheteur", "departement", "region"):
            agregats.append(f"any_value({nom}) as {nom}")
            colonnes.append(nom)
        elif nom == "pme":
            # bool_or à trois états : 2 (une ligne vraie), 1 (fausses seulement), 0 (inconnue)
            agregats.append("max(case when pme then 2 when not pme then 1 else 0 end) as pme")
            colonnes.append("case pme when 2 then true when 1 then false end as pme")
        elif nom == "sans_concurrence" and not long:
            # La valeur de la version la plus récente qui l'a : ordre * 2 + valeur (l'ordre d'un fichier à
            # plat est inférieur à 2^62 : un BIGINT suffit).
            agregats.append("max(case when sans_concurrence is not null then ordre * 2 + cast(sans_concurrence as "
                            "bigint) end) as sans_concurrence")
            colonnes.append("(sans_concurrence & 1) = 1 as sans_concurrence")
        elif nom == "offres_recues" and not long:
            # De même, ordre * 2^32 + valeur rendue positive (un INTEGER tient en 32 bits).
            agregats.append("max(case when offres_recues is not null then cast(ordre as hugeint) * 4294967296 "
                            "+ (cast(offres_recues as bigint) + 2147483648) end) as offres_recues")
            colonnes.append("cast(cast(offres_recues & 4294967295 as bigint) - 2147483648 as integer) as offres_recues")
        else:
            agregats.append(f"max_by({nom}, ordre) as {nom}")
            colonnes.append(nom)
    return agregats, colonnes


def construire_contrats(source, lignes: str = "lignes", absentes=frozenset()) -> None:
    """Regroupe les lignes (`lignes` : table ou vue, parcourue une seule fois ; ses colonnes nommées dans
    `absentes` sont toujours vides) en contrats (table `contrats`) et en acheteurs (table `acheteurs` : nom,
    catégorie, département et région les plus fréquents parmi ses contrats) ; remplit les compteurs de
    `source` (lignes, concessions, enregistrements sans acheteur, sentinelles)."""
    connexion = source.connexion
    connexion.execute("set preserve_insertion_order = false")
    connexion.execute("create or replace temp table regions (departement varchar, region varchar)")
    connexion.executemany("insert into regions values (?, ?)", list(REGIONS.items()))
    agregats, colonnes = _agregats(source.json_brut, absentes)
    connexion.execute(f"""create or replace temp table groupes as
        select {', '.join(colonnes)} from (
            select {', '.join(agregats)}
            from (select *, {_ordre(source.json_brut)} as ordre,
                         case when sans_id is null then hash(acheteur_id, id) else hash(acheteur_id, 's', sans_id)
                         end as cle from {lignes})
            group by cle)""")
    _construire_acheteurs(connexion, absentes)
    tables = {}
    for brut, cote, table in (("cs_brut", SOCIALE, "classes_sociales"), ("ce_brut", ENVIRONNEMENTALE,
                                                                        "classes_environnementales")):
        if brut not in absentes:
            classer(connexion, brut, table, lambda v, cote=cote: etat_consideration(v, cote, source.json_brut))
            tables[brut] = table
    jointures = " ".join(f"left join {table} on {table}.valeur = g.{brut}" for brut, table in tables.items())
    etats = [f"{tables[brut]}.etat as {nom}" if brut in tables else f"cast(null as boolean) as {nom}"
             for brut, nom in (("cs_brut", "sociale"), ("ce_brut", "environnementale"))]
    n_champs = len(source.champs)
    # Sans id, un enregistrement reste un contrat (id vide) : la clé est faite de son objet, sa date, son montant.
    connexion.execute(f"""create or replace temp table contrats as
        select g.acheteur_id, texte(g.id) as id, g.montant, g.date_notification,
               year(g.date_notification) as annee, case when g.offres_recues >= 1 then g.offres_recues end as offres_recues,
               {', '.join(etats)}, g.sans_concurrence, g.pme,
               {f"g.remplis / {n_champs}" if n_champs else "cast(null as double)"} as completude
        from (select * exclude (date_notification), case when date_notification >= date '{ANNEE_MINIMALE}-01-01'
                     then date_notification end as date_notification from groupes) g {jointures}
        where g.acheteur_id is not null and g.n_concessions < g.n_lignes""")
    source.lignes, source.ecartes_sans_id, source.concessions, source.sentinelles = connexion.execute(
        """select coalesce(sum(n_lignes), 0),
                  coalesce(sum(n_lignes - n_concessions) filter (where acheteur_id is null), 0),
                  coalesce(sum(n_concessions), 0), coalesce(sum(n_sentinelles), 0) from groupes""").fetchone()
    connexion.execute("drop table groupes")


def _construire_acheteurs(connexion, absentes) -> None:
    """La table `acheteurs` : pour chaque acheteur, la valeur (nettoyée) la plus fréquente parmi ses contrats
    de chaque colonne descriptive (à égalité, la plus grande ; les concessions ne comptent pas). Les
    combinaisons de valeurs brutes d'abord (peu nombreuses par acheteur, en un seul passage sur les
    contrats), nettoyées ensuite ; la région est, à défaut, celle du département (`REGIONS`)."""
    descriptives = [c for c in ("acheteur_nom", "categorie_acheteur", "departement", "region") if c not in absentes]
    connexion.execute(f"""create or replace temp table combinaisons as
        select acheteur_id, {''.join(c + ', ' for c in descriptives)}
               count(*) filter (where n_lignes > n_concessions) as n
        from groupes where acheteur_id is not null group by all""")
    modes, jointures = [], []
    valeurs = {c: "cast(null as varchar)" for c in ("acheteur_nom", "categorie_acheteur", "departement", "region")}
    for colonne, normaliser in (("acheteur_nom", "texte"), ("categorie_acheteur", "texte"),
                                ("departement", "code_dept"), ("region", "code_dept")):
        if colonne not in descriptives:
            continue
        modes.append(f"""{colonne} as (select acheteur_id, max_by(v, {{'n': n, 'v': v}}) as {colonne} from (
            select acheteur_id, {normaliser}(brut) as v, sum(n) as n from (
                select acheteur_id, {colonne} as brut, sum(n) as n from combinaisons
                where {colonne} is not null and n > 0 group by all)
            where {normaliser}(brut) is not null group by all) group by acheteur_id)""")
        jointures.append(f"left join {colonne} on {colonne}.acheteur_id = g.acheteur_id")
        valeurs[colonne] = f"{colonne}.{colonne}"
    connexion.execute(f"""create or replace temp table acheteurs as
        {'with ' + ', '.join(modes) if modes else ''}
        select g.acheteur_id, {valeurs['acheteur_nom']} as acheteur_nom,
               {valeurs['categorie_acheteur']} as categorie_acheteur, {valeurs['departement']} as departement,
               coalesce({valeurs['region']}, t.region) as region
        from (select distinct acheteur_id from combinaisons) g {' '.join(jointures)}
        left join regions t on t.departement = {valeurs['departement']}""")
    connexion.execute("drop table combinaisons")


def classer(connexion, colonne: str, table: str, regle) -> None:
    """Classe une fois chaque valeur distincte de `colonne` de `groupes` (il y en a peu) : table (valeur, etat)."""
    valeurs = [v for (v,) in connexion.execute(
        f"select distinct {colonne} from groupes where {colonne} is not null").fetchall()]
    connexion.execute(f"create or replace temp table {table} (valeur varchar, etat boolean)")
    lignes = [(v, regle(v)) for v in valeurs]
    if lignes:
        connexion.executemany(f"insert into {table} values (?, ?)", lignes)
