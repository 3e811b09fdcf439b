"""Règles de lecture des fichiers DECP à plusieurs acheteurs : tables de référence, classement des valeurs
et fonctions SQL déclarées sur la connexion DuckDB (partie de `lecture.decp_multi`).

Chaque règle existe en Python (une valeur) et en SQL (une colonne) : les deux donnent le même résultat
(`tests/lecture/test_decp_multi.py` le vérifie). Les expressions SQL sont évaluées sur chaque ligne d'un
fichier qui peut en avoir des millions : elles écartent d'abord, par un test bon marché, les cas qui ne
demandent pas le test complet (une procédure sans le mot « sans » n'est pas « sans publicité »).
"""

from __future__ import annotations

import json
import re

MONTANTS_SENTINELLES = tuple(float(10**k - 1) for k in range(7, 13))
ANNEE_MINIMALE = 1950

# Région (code INSEE, régions de 2016) de chaque département (Code officiel géographique de l'INSEE).
_DEPARTEMENTS = {
    "11": "75 77 78 91 92 93 94 95", "24": "18 28 36 37 41 45", "27": "21 25 39 58 70 71 89 90",
    "28": "14 27 50 61 76", "32": "02 59 60 62 80", "44": "08 10 51 52 54 55 57 67 68 88", "52": "44 49 53 72 85",
    "53": "22 29 35 56", "75": "16 17 19 23 24 33 40 47 64 79 86 87", "76": "09 11 12 30 31 32 34 46 48 65 66 81 82",
    "84": "01 03 07 15 26 38 42 43 63 69 73 74", "93": "04 05 06 13 83 84", "94": "2A 2B",
    "01": "971", "02": "972", "03": "973", "04": "974", "06": "976",
    # Saint-Barthélemy et Saint-Martin (collectivités d'outre-mer) : leur code tient lieu de région.
    "977": "977", "978": "978",
}
REGIONS = {d: r for r, departements in _DEPARTEMENTS.items() for d in departements.split()}

# Champs dont on mesure le remplissage (complétude de la publication) : nom -> libellé. Ce sont les champs
# dont se servent les indicateurs, plus le code CPV (la famille d'achat en dépend) ; l'objet, la durée, la
# forme du prix, le lieu d'exécution ou les titulaires n'y sont pas : sur un fichier national, chaque
# colonne lue coûte autant que le regroupement en contrats. Seuls comptent ceux que le format du fichier
# porte (le format 2019 des DECP n'a ni offres reçues ni considérations).
CHAMPS = {
    "code_cpv": "code CPV", "procedure": "procédure", "montant": "montant",
    "date_notification": "date de notification", "offres_recues": "nombre d'offres reçues",
    "considerations_sociales": "considérations sociales",
    "considerations_environnementales": "considérations environnementales",
}

# « Peut être vide » : un texte dont le premier caractère est imprimable (ASCII 33 à 126) ne l'est pas ;
# sinon seulement, trim (coûteux) tranche.
_VIDE = "({x} = '' or ((ascii({x}) < 33 or ascii({x}) > 126) and trim({x}) = ''))"

# Fonctions SQL du kit (des expressions, sans sous-requête : elles sont évaluées sur chaque ligne).
MACROS = [
    # Un nombre écrit en nombre, en chaîne, avec virgule décimale ou espaces (« 1 234,56 »).
    r"""create or replace macro nombre_fr(x) as coalesce(try_cast(x as double), try_cast(replace(
        regexp_replace(cast(x as varchar), '[\s\x{00a0}\x{202f}€]', '', 'g'), ',', '.') as double))""",
    f"""create or replace macro montant_net(x) as case when abs(nombre_fr(x)) in
        ({", ".join(repr(s) for s in MONTANTS_SENTINELLES)}) then null else nombre_fr(x) end""",
    # 2024-12-31, 2018-12-17+01:00, 2024-12-31T10:00:00, 31/12/2024 ; années aberrantes (0218) : absente.
    # La conversion directe d'abord : les autres lectures ne sont tentées que si elle échoue.
    """create or replace macro date_lue(x) as case when try_cast(x as date) is not null then try_cast(x as date)
        else coalesce(try_cast(left(trim(cast(x as varchar)), 10) as date),
                      cast(try_strptime(left(trim(cast(x as varchar)), 10), '%d/%m/%Y') as date)) end""",
    f"create or replace macro date_fr(x) as (case when date_lue(x) >= date '{ANNEE_MINIMALE}-01-01' then date_lue(x) end)",
    "create or replace macro texte(x) as nullif(trim(cast(x as varchar)), '')",
    # Texte absent ou vide (comme « texte(x) is null »), sans trim sur chaque ligne.
    f"create or replace macro sans_texte(x) as (x is null or {_VIDE.format(x='cast(x as varchar)')})",
    # SIRET : espaces, points et tirets retirés, zéro de tête perdu rendu, « 1234.0 » d'un tableur.
    r"""create or replace macro siret_net(x) as regexp_replace(regexp_replace(trim(cast(x as varchar)),
        '\.0+$', ''), '[\s\x{00a0}.\-]', '', 'g')""",
    r"""create or replace macro siret(x) as case
        when regexp_full_match(cast(x as varchar), '\d{14}') then cast(x as varchar)
        when regexp_full_match(siret_net(x), '\d{13}') then '0' || siret_net(x)
        else nullif(siret_net(x), '') end""",
    # Code de département écrit « 1 » au lieu de « 01 ».
    r"""create or replace macro code_dept(x) as case when regexp_full_match(trim(cast(x as varchar)), '\d')
        then '0' || trim(cast(x as varchar)) else nullif(upper(trim(cast(x as varchar))), '') end""",
    # Département d'un lieu d'exécution : code postal, code commune (INSEE) ou code département.
    "create or replace macro code_lieu(x) as nullif(upper(replace(trim(cast(x as varchar)), ' ', '')), '')",
    r"""create or replace macro dept_lieu(code, genre) as case
        when code_lieu(code) is null then null
        when lower(genre) like '%postal%' and regexp_full_match(code_lieu(code), '\d{5}') then case
             when code_lieu(code) like '97%' then left(code_lieu(code), 3)
             when code_lieu(code) like '20%' then
                  (case when left(code_lieu(code), 3) in ('200', '201') then '2A' else '2B' end)
             else left(code_lieu(code), 2) end
        when lower(genre) like '%commune%' and regexp_full_match(code_lieu(code), '(\d{5}|2[AB]\d{3})') then
             (case when code_lieu(code) like '97%' then left(code_lieu(code), 3) else left(code_lieu(code), 2) end)
        when lower(genre) like '%partement%' and regexp_full_match(code_lieu(code), '(\d{1,3}|2[AB])')
             then code_dept(code_lieu(code))
        end""",
]

_SANS_CONCURRENCE = re.compile(r"sans.*publicit|sans.*mise.*concurrence")


def sans_concurrence(procedure) -> bool | None:
    """Vrai pour une procédure sans publicité ni mise en concurrence préalable (toutes ses variantes :
    « Marché passé… », « Marché négocié… », « Marché public négocié… », accents perdus compris), Faux pour
    une autre procédure, None (inconnu) pour une procédure absente. Même règle que `sql_sans_concurrence`."""
    if procedure is None or not str(procedure).strip():
        return None
    return _SANS_CONCURRENCE.search(str(procedure).lower()) is not None


def sql_sans_concurrence(colonne: str) -> str:
    """L'expression SQL de `sans_concurrence` (une colonne de texte). Sans le mot « sans », la procédure
    n'est pas « sans publicité » : les motifs complets et le test du vide ne sont évalués qu'au besoin."""
    return (f"case when {colonne} is null then null "
            f"when {colonne} ilike '%sans%' then ({colonne} ilike '%sans%publicit%' "
            f"or {colonne} ilike '%sans%mise%concurrence%') "
            f"when {_VIDE.format(x=colonne)} then null else false end")


def parmi(expression: str, valeurs) -> str:
    """« x = a or x = b … » : une liste IN de constantes deviendrait une jointure, bien plus lente."""
    return "(" + " or ".join(f"{expression} = {v!r}" for v in valeurs) + ")"


# Catégories d'entreprise des titulaires (INSEE, reprises par les fichiers consolidés), en majuscules.
PME = ("PME", "TPE", "TPE/PME", "TPE-PME", "MICRO", "MICRO-ENTREPRISE", "MICROENTREPRISE", "PE", "ME")
NON_PME = ("ETI", "GE", "GRANDE ENTREPRISE", "ENTREPRISE DE TAILLE INTERMÉDIAIRE", "ENTREPRISE DE TAILLE INTERMEDIAIRE")


def est_pme(categorie) -> bool | None:
    """Catégorie d'entreprise du titulaire (INSEE : PME, ETI, GE) -> True, False, ou None (inconnue)."""
    if categorie is None:
        return None
    forme = str(categorie).upper()
    return True if forme in PME else False if forme in NON_PME else None


def sql_pme(colonne: str) -> str:
    """L'expression SQL de `est_pme` (mêmes catégories), évaluée sur chaque ligne."""
    forme = f"upper(cast({colonne} as varchar))"
    return f"case when {parmi(forme, PME)} then true when {parmi(forme, NON_PME)} then false end"


def etat_consideration(brut, cote: str, json_brut: bool):
    """L'état (True, False, None) d'une valeur brute de considération (`lecture.considerations`) ; en
    JSON (`json_brut`), la valeur est d'abord décodée."""
    from spaserlib.lecture.considerations import considerations

    valeur = brut
    if json_brut and brut is not None:
        try:
            valeur = json.loads(brut)
        except ValueError:
            valeur = brut
    etat = considerations(valeur, cote)[1]
    return None if etat is None or etat is not True and etat is not False else bool(etat)
