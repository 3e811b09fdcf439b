"""Lecture avec DuckDB d'un fichier DECP JSON à plusieurs acheteurs (format 2019 ou 2024) : la table `lignes`.

Partie JSON de `lecture.decp_multi` (qui en fait la table `contrats`). Le document est lu une fois, la
liste des contrats trouvée (``{"marches": [...]}`` en 2019, à la racine ou sous une autre clé ;
``{"marches": {"marche": [...], "contrat-concession": [...]}}`` en 2024 ; ou un contrat par ligne, en
JSON Lines), puis chaque enregistrement
est décodé une seule fois vers une structure fixe (`STRUCTURE`) : les champs inattendus sont ignorés,
un champ d'un autre type que prévu (un montant en chaîne, un acheteur sans objet) est lu comme texte ou
laissé vide, jamais en erreur. Un champ « fait partie du format » du fichier si son nom y figure.
"""

from __future__ import annotations

import json
import re

from spaserlib.commun.erreurs import ErreurFichier
from spaserlib.lecture.decp_multi_regles import sql_sans_concurrence

# Champs de la complétude (voir decp_multi_regles.CHAMPS) -> clé JSON.
CLES = {
    "objet": "objet", "code_cpv": "codeCPV", "nature": "nature", "procedure": "procedure", "montant": "montant",
    "date_notification": "dateNotification", "date_publication": "datePublicationDonnees",
    "duree_mois": "dureeMois", "lieu_execution": "lieuExecution", "forme_prix": "formePrix",
    "titulaires": "titulaires", "offres_recues": "offresRecues",
    "considerations_sociales": "considerationsSociales",
    "considerations_environnementales": "considerationsEnvironnementales",
}
_MODIFICATION = {"montant": "VARCHAR", "datePublicationDonneesModification": "VARCHAR",
                 "dateNotificationModification": "VARCHAR"}
STRUCTURE = {
    "id": "VARCHAR", "_type": "VARCHAR", "acheteur": {"id": "VARCHAR", "nom": "VARCHAR"},
    "autoriteConcedante": {"id": "VARCHAR", "nom": "VARCHAR"}, "objet": "VARCHAR", "codeCPV": "VARCHAR",
    "nature": "VARCHAR", "procedure": "VARCHAR", "montant": "VARCHAR", "dateNotification": "VARCHAR",
    "datePublicationDonnees": "VARCHAR", "dureeMois": "VARCHAR",
    "lieuExecution": {"code": "VARCHAR", "typeCode": "VARCHAR"}, "formePrix": "VARCHAR",
    "titulaires": "JSON", "offresRecues": "VARCHAR", "considerationsSociales": "JSON",
    "considerationsEnvironnementales": "JSON",
    # 2019 : les nouvelles valeurs dans la modification ; 2024 : enveloppées dans {"modification": {...}}
    "modifications": [{**_MODIFICATION, "modification": _MODIFICATION}],
}
CONSEIL = ("Donnez un fichier DECP : JSON 2019 ({\"marches\": [...]}) ou 2024, CSV tabulaire (colonnes "
           "acheteur_id, id, montant…) ou Parquet consolidé (data.gouv.fr, decp.info).")


def _listes(connexion, fichier: str) -> tuple[str, list[tuple[str, bool | None]]]:
    """Où sont les contrats : (format, [(chemin JSONPath de la liste, concession ? None : lu dans _type)])."""
    if connexion.execute("select json_type(json) from document").fetchone()[0] == "ARRAY":
        return "JSON 2019", [("$", None)]
    prefixe = "$"
    for _ in range(4):
        types = dict(connexion.execute(
            f"select k, json_type(json, '{prefixe}.\"' || k || '\"') from "
            f"(select json, unnest(json_keys(json, '{prefixe}')) as k from document)").fetchall())
        if types.get("marches") == "ARRAY":
            return "JSON 2019", [(f"{prefixe}.marches", None)]
        if types.get("marches") == "OBJECT":
            return "JSON 2024", [(f"{prefixe}.marches.marche", False), (f'{prefixe}.marches."contrat-concession"', True)]
        objets = [k for k, t in types.items() if t == "OBJECT" and re.fullmatch(r"[A-Za-z0-9_\-]+", k)]
        if len(objets) != 1:
            break
        prefixe = f'{prefixe}."{objets[0]}"'
    raise ErreurFichier(fichier, "aucune liste « marches » trouvée dans ce JSON.", CONSEIL)


def lire_json(connexion, chemin, taille: int, champs_voulus) -> tuple[str, tuple[str, ...], set[str]]:
    """Crée la table `lignes` d'un fichier DECP JSON ; rend (format, ceux des `champs_voulus` que le format
    porte, colonnes présentes).

    Les macros SQL de `decp_multi_regles` (nombre_fr, montant_net, date_fr, texte, siret, dept_lieu) doivent être
    déclarées sur la connexion.
    """
    fichier = str(chemin)
    echappe = str(chemin).replace("'", "''")
    connexion.execute(f"""create temp table document as select json from read_json_objects(
        '{echappe}', format='unstructured', maximum_object_size={max(taille + 1024, 16 * 1024**2)})""")
    structure = json.dumps([STRUCTURE]).replace("'", "''")
    morceaux = []
    if connexion.execute("select count(*) from document").fetchone()[0] > 1:
        # Un contrat par ligne (JSON Lines) : chaque valeur de la racine est un enregistrement.
        genre, listes = "JSON 2019", []
        morceaux.append(f"""select m, position, lower(coalesce(m._type, '')) like '%concession%' as concession
            from (select from_json(json, '{json.dumps(STRUCTURE).replace("'", "''")}') as m,
                         row_number() over () as position from document)""")
        connexion.execute("create or replace temp table document as select string_agg(json, ',') as json from document")
    else:
        genre, listes = _listes(connexion, fichier)
    for chemin_liste, concession in listes:
        est_concession = ("lower(coalesce(m._type, '')) like '%concession%'" if concession is None
                          else str(concession).lower())
        liste = "json" if chemin_liste == "$" else f"json_extract(json, '{chemin_liste}')"
        morceaux.append(f"""select m, position, {est_concession} as concession from (
            select unnest(l) as m, generate_subscripts(l, 1) as position
            from (select coalesce(from_json({liste}, '{structure}'), []) as l from document))""")
    # Les modifications, de la plus récente à la plus ancienne (publication, notification, rang).
    mods = """list_sort(list_filter(list_transform(coalesce(m.modifications, []), lambda x, i: {
        'p': coalesce(left(coalesce(x.modification.datePublicationDonneesModification,
                                    x.datePublicationDonneesModification), 10), ''),
        'n': coalesce(left(coalesce(x.modification.dateNotificationModification, x.dateNotificationModification), 10), ''),
        'i': i, 'montant': nombre_fr(coalesce(x.modification.montant, x.montant))}),
        lambda s: s.montant is not null), 'DESC')"""
    vides = "('null', '[]', '{}', '\"\"')"
    remplis = {
        "lieu_execution": "texte(m.lieuExecution.code) is not null",
        "titulaires": "coalesce(json_array_length(m.titulaires), 0) > 0",
        "montant": "montant is not null",
        "date_notification": "date_notification is not null",
        "date_publication": "date_publication is not null",
        "considerations_sociales": f"cs_brut is not null and cs_brut not in {vides}",
        "considerations_environnementales": f"ce_brut is not null and ce_brut not in {vides}",
    }
    presences = connexion.execute(
        "select " + ", ".join(f"contains(json, '\"{cle}\"')" for cle in CLES.values()) + " from document").fetchone()
    champs = tuple(c for c, present in zip(CLES, presences) if present and c in champs_voulus)
    somme = " + ".join(f"cast(coalesce({remplis.get(c, f'texte(m.{CLES[c]}) is not null')}, false) as integer)"
                       for c in champs) or "0"
    connexion.execute(f"""create temp table lignes as
        with elements as ({' union all '.join(morceaux)}),
        valeurs as (select *, {mods} as mods_tries,
                    cast(m.considerationsSociales as varchar) as cs_brut,
                    cast(m.considerationsEnvironnementales as varchar) as ce_brut from elements),
        finales as (select *, coalesce(mods_tries[1].montant, nombre_fr(m.montant)) as montant_lu,
                    {sql_sans_concurrence('texte(m.procedure)')} as sans_concurrence from valeurs)
        select siret(coalesce(m.acheteur.id, m.autoriteConcedante.id)) as acheteur_id, texte(m.id) as id,
               case when texte(m.id) is null then concat_ws(chr(31), m.objet, m.dateNotification,
                    m.montant, cast(m.titulaires as varchar)) end as sans_id,
               texte(coalesce(m.acheteur.nom, m.autoriteConcedante.nom)) as acheteur_nom,
               cast(null as varchar) as categorie_acheteur,
               dept_lieu(m.lieuExecution.code, m.lieuExecution.typeCode) as departement,
               cast(null as varchar) as region,
               montant_net(montant_lu) as montant,
               coalesce(montant_lu is not null and montant_net(montant_lu) is null, false) as sentinelle,
               date_fr(m.dateNotification) as date_notification,
               date_fr(m.datePublicationDonnees) as date_publication,
               sans_concurrence,
               cast(try_cast(nombre_fr(m.offresRecues) as bigint) as integer) as offres_recues,
               cs_brut, ce_brut, cast(null as boolean) as pme,
               0 as actuelle, coalesce(len(mods_tries), 0) as version, position, concession,
               {somme} as remplis
        from finales""")
    connexion.execute("drop table document")
    colonnes = {"departement", "region"} | {c for c, present in zip(CLES, presences) if present and c in (
        "offres_recues", "considerations_sociales", "considerations_environnementales")}
    return genre, champs, colonnes
