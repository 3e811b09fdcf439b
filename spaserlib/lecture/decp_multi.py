"""Lecture avec DuckDB des fichiers DECP à plusieurs acheteurs, pour comparer un acheteur à ses pairs.

Les fichiers nationaux (flux consolidés de data.gouv.fr et de decp.info : des millions de lignes, des
dizaines de milliers d'acheteurs) ne tiennent pas confortablement dans pandas. DuckDB (base embarquée,
en colonnes) les lit sans tout charger : seules les colonnes utiles sont lues, et le résultat est une
table étroite, un contrat par ligne, gardée dans DuckDB (`SourceDecp`). Les mêmes requêtes tourneraient
sur un serveur DuckDB plus gros.

Formats lus (reconnus au contenu, pas à l'extension) :
- JSON 2019 (schéma v1.5) : ``{"marches": [...]}``, marchés et concessions mêlés (clé ``_type``) ;
  la liste peut aussi être à la racine, ou sous une autre clé (``{"export": {"marches": [...]}}``) ;
- JSON 2024 (schéma v2.0) : ``{"marches": {"marche": [...], "contrat-concession": [...]}}`` ;
- CSV tabulaire officiel (decp-table-schema : une ligne par contrat × titulaire × modification) et
  CSV consolidé national (mêmes colonnes, plus ``acheteur_categorie``, ``acheteur_departement_code``,
  ``titulaire_categorie``…), séparateur « , » ou « ; », UTF-8 (avec ou sans BOM) ou Latin-1 ;
- Parquet consolidé national (mêmes colonnes).

Tables : `contrats`, une ligne par paire acheteur_id × id (comme `regroupement.regrouper`) : acheteur_id
(SIRET), id, montant (euros HT, version retenue ; sentinelles 99 999 999… : absent), date_notification
(la première), annee, offres_recues, sociale et environnementale (trois états : une considération
absente est *inconnue*, jamais « non », `lecture.considerations`), sans_concurrence, pme (un titulaire
PME au moins, quand le fichier donne leur catégorie), completude (part des `SourceDecp.champs`
renseignés) ; `acheteurs`, une ligne par acheteur : nom, catégorie (quand le fichier l'a), département
et région, les plus fréquents de ses lignes.

Version retenue d'un contrat : ligne marquée ``donneesActuelles``, puis la plus récente par date de
publication, numéro de modification, date de notification (une modification porte sa propre date),
position dans le fichier, montant. En JSON, les modifications sont appliquées (elles portent les
nouvelles valeurs : le dernier montant non vide l'emporte). Les concessions et les enregistrements
sans acheteur sont comptés puis laissés de côté. Sans id, un enregistrement est GARDÉ (comme dans `regroupement`) :
contrat repéré par acheteur, objet, date, montant (et titulaires en JSON), id laissé vide.

Département et région de l'acheteur : le département du fichier quand il l'a (la région est alors celle
du département, table `REGIONS`, et la colonne de région n'est lue qu'à défaut) ; sinon il est déduit
du lieu d'exécution des contrats (code postal, code commune ou code département), le plus fréquent
pour l'acheteur : c'est une approximation (une commune exécute presque tout chez elle, un département
ou l'État bien moins), et la région s'en déduit (table `REGIONS`).
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from spaserlib.commun.erreurs import ErreurFichier
from spaserlib.commun.limites import JSON_OCTETS_MAX, en_clair
from spaserlib.lecture.considerations import ENVIRONNEMENTALE, SOCIALE, considerations
from spaserlib.lecture.decp_multi_json import CONSEIL as _CONSEIL_FORMAT
from spaserlib.lecture.decp_multi_json import lire_json

# Un fichier national consolidé (CSV) fait quelques Go ; au-delà de cette taille, on s'arrête tôt.
OCTETS_MAX = 40 * 1024**3
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
# Fonctions SQL du kit (des expressions, sans sous-requête : elles sont évaluées sur chaque ligne).
_MACROS = [
    # Un nombre écrit en nombre, en chaîne, avec virgule décimale ou espaces (« 1 234,56 »).
    r"""create or replace macro nombre_fr(x) as coalesce(try_cast(x as double), try_cast(replace(
        regexp_replace(cast(x as varchar), '[\s\x{00a0}\x{202f}€]', '', 'g'), ',', '.') as double))""",
    f"""create or replace macro montant_net(x) as case when abs(nombre_fr(x)) in
        ({", ".join(repr(s) for s in MONTANTS_SENTINELLES)}) then null else nombre_fr(x) end""",
    # 2024-12-31, 2018-12-17+01:00, 2024-12-31T10:00:00, 31/12/2024 ; années aberrantes (0218) : absente.
    """create or replace macro date_lue(x) as coalesce(try_cast(x as date), try_cast(left(trim(cast(x as varchar)),
        10) as date), cast(try_strptime(left(trim(cast(x as varchar)), 10), '%d/%m/%Y') as date))""",
    f"create or replace macro date_fr(x) as (case when date_lue(x) >= date '{ANNEE_MINIMALE}-01-01' then date_lue(x) end)",
    "create or replace macro texte(x) as nullif(trim(cast(x as varchar)), '')",
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


@dataclass
class SourceDecp:
    """Un fichier DECP à plusieurs acheteurs, lu dans DuckDB : table `contrats` (voir le module).

    `format` : « JSON 2019 », « JSON 2024 », « CSV » ou « Parquet » ; `champs` : les champs de la complétude
    que ce format porte ; `colonnes` : les informations facultatives présentes (voir `_vue_a_plat`) ; `lignes` : enregistrements ou lignes lus ;
    `ecartes_sans_id` (enregistrements sans acheteur, nom gardé), `concessions` : laissés de côté ; `sentinelles` : montants de remplissage ignorés.
    """

    connexion: object
    fichier: str
    format: str
    champs: tuple[str, ...]
    colonnes: frozenset[str]
    lignes: int = 0
    ecartes_sans_id: int = 0
    concessions: int = 0
    sentinelles: int = 0
    json_brut: bool = field(default=False, repr=False)  # considérations lues en JSON (à décoder)
    _temporaire: str | None = field(default=None, repr=False)

    def sql(self, requete: str, parametres=None):
        """Exécute une requête sur la connexion DuckDB de la source ; rend le résultat DuckDB."""
        return self.connexion.execute(requete, parametres or [])

    def contrats(self):
        """La table `contrats` en DataFrame pandas (pour les petits fichiers, les notebooks et les tests)."""
        return self.connexion.execute(
            "select c.acheteur_id, c.id, a.acheteur_nom, a.categorie_acheteur, a.departement, a.region, "
            "c.* exclude (acheteur_id, id) from contrats c left join acheteurs a using (acheteur_id) "
            "order by c.acheteur_id, c.id").df()

    def fermer(self) -> None:
        """Ferme la connexion et supprime le dossier temporaire de DuckDB."""
        try:
            self.connexion.close()
        finally:
            if self._temporaire:
                shutil.rmtree(self._temporaire, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.fermer()


# ----------------------------------------------------------------------------- classement des valeurs

_SANS_CONCURRENCE = re.compile(r"sans.*publicit|sans.*mise.*concurrence")


def sans_concurrence(procedure) -> bool | None:
    """Vrai pour une procédure sans publicité ni mise en concurrence préalable (toutes ses variantes :
    « Marché passé… », « Marché négocié… », « Marché public négocié… », accents perdus compris), Faux pour
    une autre procédure, None (inconnu) pour une procédure absente. Même règle que `sql_sans_concurrence`."""
    if procedure is None or not str(procedure).strip():
        return None
    return _SANS_CONCURRENCE.search(str(procedure).lower()) is not None


def sql_sans_concurrence(colonne: str) -> str:
    """L'expression SQL de `sans_concurrence`, évaluée sur chaque ligne."""
    return (f"case when trim({colonne}) = '' then null else ({colonne} ilike '%sans%publicit%' "
            f"or {colonne} ilike '%sans%mise%concurrence%') end")


def _parmi(expression: str, valeurs) -> str:
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
    return f"case when {_parmi(forme, PME)} then true when {_parmi(forme, NON_PME)} then false end"


def _etat_consideration(brut, cote: str, json_brut: bool):
    valeur = brut
    if json_brut and brut is not None:
        try:
            valeur = json.loads(brut)
        except ValueError:
            valeur = brut
    etat = considerations(valeur, cote)[1]
    return None if etat is None or etat is not True and etat is not False else bool(etat)


# ----------------------------------------------------------------------------------------- lecture

def _genre_fichier(chemin: Path) -> str:
    with chemin.open("rb") as flux:
        debut = flux.read(4096)
    if debut[:4] == b"PAR1":
        return "parquet"
    texte = debut.lstrip(b"\xef\xbb\xbf").lstrip()
    if texte[:1] in (b"{", b"["):
        return "json"
    return "csv"


def _echapper(chemin: Path) -> str:
    return str(chemin).replace("'", "''")


def _erreur_duckdb(fichier: str, erreur: Exception) -> ErreurFichier:
    detail = str(erreur).strip().splitlines()[0] if str(erreur).strip() else type(erreur).__name__
    detail = re.sub(r"^[A-Za-z ]+Error: ", "", detail)[:300]
    return ErreurFichier(fichier, f"illisible comme fichier DECP ({detail}).", _CONSEIL_FORMAT)


def ouvrir_decp(chemin, *, memoire: str | None = None) -> SourceDecp:
    """Lit un fichier DECP à plusieurs acheteurs dans DuckDB ; rend sa `SourceDecp` (table `contrats`).

    `memoire` : limite de mémoire de DuckDB (« 4GB » ; par défaut celle de DuckDB, 80 % de la mémoire
    vive, au-delà de quoi il écrit sur le disque, dans un dossier temporaire supprimé à la fermeture).
    Lève `ErreurFichier` (message en français) si le fichier manque, est vide, trop gros, ou n'est pas
    un fichier DECP lisible.
    """
    import duckdb

    chemin = Path(chemin)
    fichier = str(chemin)
    if not chemin.is_file():
        raise ErreurFichier(fichier, "fichier introuvable.", "Vérifiez le chemin et le nom du fichier.")
    taille = chemin.stat().st_size
    if taille == 0:
        raise ErreurFichier(fichier, "le fichier est vide.", "Vérifiez que le téléchargement s'est bien terminé.")
    genre = _genre_fichier(chemin)
    limite = JSON_OCTETS_MAX if genre == "json" else OCTETS_MAX
    if taille > limite:
        raise ErreurFichier(fichier, f"le fichier dépasse {en_clair(limite, 'octets')} ({en_clair(taille, 'octets')}).",
                            "Prenez l'export CSV ou Parquet du fichier consolidé, ou découpez-le par année.")
    temporaire = tempfile.mkdtemp(prefix="spaser-duckdb-")
    connexion = duckdb.connect(":memory:")
    source = None
    try:
        connexion.execute(f"set temp_directory = '{temporaire}'")
        connexion.execute("set enable_progress_bar = false")
        if memoire:
            connexion.execute(f"set memory_limit = '{memoire}'")
        for macro in _MACROS:
            connexion.execute(macro)
        if genre == "json":
            format_json, champs, colonnes = lire_json(connexion, chemin, taille, list(CHAMPS))
            source = SourceDecp(connexion, fichier, format_json, champs, frozenset(colonnes), json_brut=True)
            _construire_contrats(source)
            connexion.execute("drop table lignes")
        else:
            source = _lire_a_plat(connexion, chemin, genre)
        source._temporaire = temporaire
        return source
    except ErreurFichier:
        connexion.close()
        shutil.rmtree(temporaire, ignore_errors=True)
        raise
    except duckdb.Error as erreur:
        connexion.close()
        shutil.rmtree(temporaire, ignore_errors=True)
        raise _erreur_duckdb(fichier, erreur) from None


def _lire_a_plat(connexion, chemin: Path, genre: str) -> SourceDecp:
    import duckdb

    fichier = str(chemin)
    lecteurs = ([f"read_parquet('{_echapper(chemin)}')"] if genre == "parquet" else
                [f"read_csv('{_echapper(chemin)}', all_varchar=true, header=true)",
                 f"read_csv('{_echapper(chemin)}', all_varchar=true, header=true, encoding='latin-1')"])
    for numero, lecteur in enumerate(lecteurs):
        try:
            noms = [ligne[0] for ligne in connexion.execute(f"describe select * from {lecteur}").fetchall()]
            source = _vue_a_plat(connexion, fichier, genre, noms, lecteur)
            # Le fichier n'est parcouru qu'une fois, par le regroupement en contrats.
            _construire_contrats(source, "a_plat")
            return source
        except duckdb.InvalidInputException as erreur:
            if "unicode" in str(erreur).lower() and numero + 1 < len(lecteurs):
                continue  # pas de l'UTF-8 : on relit en Latin-1 (exports Windows)
            raise


def _vue_a_plat(connexion, fichier: str, genre: str, noms: list[str], lecteur: str) -> SourceDecp:
    exacts = {n.strip(): n for n in noms}
    minuscules = {n.strip().lower(): n for n in noms}

    def trouver(alias_possibles):
        for alias in alias_possibles:
            nom = exacts.get(alias) or minuscules.get(alias.lower())
            if nom is not None:
                return '"' + nom.replace('"', '""') + '"'
        return None

    trouvees = {champ: trouver(alias) for champ, alias in ALIAS.items()}
    type_lieu = trouver(["lieuExecution_typeCode", "lieuExecution.typeCode"])
    manquantes = [c for c in ("acheteur_id", "id", "montant") if trouvees[c] is None]
    if manquantes:
        raise ErreurFichier(fichier, f"colonne(s) {', '.join(ALIAS[c][0] for c in manquantes)} introuvable(s) ; "
                            f"colonnes lues : {', '.join(noms[:12])}{'…' if len(noms) > 12 else ''}.", _CONSEIL_FORMAT)

    def c(champ):
        return trouvees[champ] or "null"

    if trouvees["departement"]:
        departement = f"cast({c('departement')} as varchar)"
    elif trouvees["lieu_execution"] and type_lieu:
        departement = f"dept_lieu({c('lieu_execution')}, {type_lieu})"
    else:
        departement = "cast(null as varchar)"
    sentinelle = _parmi("abs(montant_lu)", MONTANTS_SENTINELLES)
    champs = [ch for ch in CHAMPS if trouvees.get(ch)]
    remplis = " + ".join(f"cast(coalesce(not {sentinelle}, false) as integer)" if ch == "montant"
                         else f"cast({c(ch)} is not null as integer)" for ch in champs) or "0"
    # Chaque expression est évaluée sur chaque ligne d'un fichier qui peut en avoir des millions : rien
    # de coûteux ici (les textes sont nettoyés après le regroupement, sur un contrat ou un acheteur).
    acheteur = c("acheteur_id")
    connexion.execute(f"""create or replace temp view a_plat as
        select case when length(cast({acheteur} as varchar)) = 14 then cast({acheteur} as varchar)
                    else siret({acheteur}) end as acheteur_id,
               cast({c('id')} as varchar) as id,
               case when texte({c('id')}) is null then concat_ws(chr(31), {c('objet')}, {c('date_notification')},
                    {c('montant')}) end as sans_id,
               cast({c('acheteur_nom')} as varchar) as acheteur_nom,
               cast({c('categorie_acheteur')} as varchar) as categorie_acheteur,
               {departement} as departement,
               {"cast(null as varchar)" if trouvees["departement"] else f"cast({c('region')} as varchar)"} as region,
               nombre_fr({c('montant')}) as montant_lu,
               case when {sentinelle} then null else montant_lu end as montant,
               coalesce({sentinelle}, false) as sentinelle,
               date_lue({c('date_notification')}) as date_notification,
               cast(null as date) as date_publication,
               {sql_sans_concurrence(f"cast({c('procedure')} as varchar)")} as sans_concurrence,
               try_cast(nombre_fr({c('offres_recues')}) as integer) as offres_recues,
               cast({c('considerations_sociales')} as varchar) as cs_brut,
               cast({c('considerations_environnementales')} as varchar) as ce_brut,
               {sql_pme(c('titulaire_categorie'))} as pme,
               cast(coalesce({_parmi(f"lower(cast({c('actuelle')} as varchar))", ('oui', 'true', 'vrai', '1'))}, false)
                    as integer) as actuelle,
               coalesce(try_cast({c('version')} as bigint), -1) as version, 0 as position,
               coalesce(lower(left({c('nature')}, 4)) = 'conc' or lower(left({c('nature')}, 4)) = 'délé'
                        or lower(left({c('nature')}, 4)) = 'dele', false) as concession,
               {remplis} as remplis
        from {lecteur}""")
    colonnes = {ch for ch in ("categorie_acheteur", "departement", "region", "offres_recues",
                              "considerations_sociales", "considerations_environnementales", "titulaire_categorie")
                if trouvees.get(ch)}
    if not departement.startswith("cast(null"):
        colonnes |= {"departement", "region"}
    return SourceDecp(connexion, fichier, "Parquet" if genre == "parquet" else "CSV", tuple(champs), frozenset(colonnes))


def _construire_contrats(source: SourceDecp, lignes: str = "lignes") -> None:
    """Regroupe les lignes (`lignes` : table ou vue, parcourue une seule fois) en contrats (table `contrats`)
    et en acheteurs (table `acheteurs` : nom, catégorie, département et région les plus fréquents)."""
    connexion = source.connexion
    connexion.execute("create or replace temp table regions (departement varchar, region varchar)")
    connexion.executemany("insert into regions values (?, ?)", list(REGIONS.items()))
    # L'ordre des versions en un seul entier (bien plus rapide à comparer qu'une structure) : version
    # actuelle, date de publication, numéro de modification, date de notification, position, montant.
    # Un fichier à plat n'a ni position ni date de publication lue : un BIGINT suffit.
    jours = "coalesce(date_diff('day', date '1900-01-01', {}), 0) % 100000"
    if source.json_brut:
        ordre = f"""(cast(actuelle as hugeint) * 10::hugeint ** 31
            + cast({jours.format('date_publication')} as hugeint) * 10::hugeint ** 26
            + cast(least(greatest(version + 1, 0), 9999) as hugeint) * 10::hugeint ** 22
            + cast({jours.format('date_notification')} as hugeint) * 10::hugeint ** 17
            + cast(least(greatest(position, 0), 99999) as hugeint) * 10::hugeint ** 12
            + cast(least(greatest(coalesce(montant, 0), 0), 9999999999.99) * 100 as hugeint))"""
    else:
        ordre = f"""(cast(actuelle as bigint) * 1000000000000000000
            + cast(least(greatest(version + 1, 0), 999) as bigint) * 1000000000000000
            + cast({jours.format('date_notification')} as bigint) * 10000000000
            + cast(least(greatest(coalesce(montant, 0), 0), 9999999999) as bigint))"""

    def retenu(colonne):
        """La valeur de la version retenue du contrat (la plus récente)."""
        return f"max_by({colonne}, ordre) as {colonne}"
    def premier(colonne):
        return f"any_value({colonne}) as {colonne}"

    # Une seule lecture du fichier. La clé de regroupement est l'empreinte (hash 64 bits) de la paire
    # (acheteur, id) : bien plus rapide qu'une paire de textes ; deux paires de même empreinte (une chance
    # sur des milliards pour un fichier national) seraient fondues en un contrat.
    connexion.execute(f"""create or replace temp table groupes as
        select case when sans_id is null then hash(acheteur_id, id) else hash(acheteur_id, 's', sans_id) end as cle,
               any_value(acheteur_id) as acheteur_id, any_value(id) as id, bool_or(sans_id is not null) as sans_id,
               {premier('acheteur_nom')}, {premier('categorie_acheteur')}, {premier('departement')},
               {premier('region')}, count(*) as n_lignes, count(*) filter (where concession) as n_concessions,
               count(*) filter (where sentinelle) as n_sentinelles,
               {retenu('montant')}, min(date_notification) as date_notification,
               {retenu('sans_concurrence')}, {retenu('offres_recues')}, {retenu('cs_brut')}, {retenu('ce_brut')},
               bool_or(pme) as pme, max(remplis) as remplis
        from (select *, {ordre} as ordre from {lignes})
        group by cle""")
    modes = []
    for colonne, normaliser in (("acheteur_nom", "texte"), ("categorie_acheteur", "texte"),
                                ("departement", "code_dept"), ("region", "code_dept")):
        # les valeurs brutes d'abord (peu nombreuses par acheteur), nettoyées ensuite
        modes.append(f"""{colonne} as (select acheteur_id, max_by(v, {{'n': n, 'v': v}}) as {colonne} from (
            select acheteur_id, {normaliser}(brut) as v, sum(n) as n from (
                select acheteur_id, {colonne} as brut, count(*) as n from groupes
                where {colonne} is not null and n_lignes > n_concessions group by all)
            where {normaliser}(brut) is not null group by all) group by acheteur_id)""")
    connexion.execute(f"""create or replace temp table acheteurs as
        with {', '.join(modes)}
        select g.acheteur_id, n.acheteur_nom, c.categorie_acheteur, d.departement,
               coalesce(r.region, t.region) as region
        from (select distinct acheteur_id from groupes where acheteur_id is not null) g
        left join acheteur_nom n on n.acheteur_id = g.acheteur_id
        left join categorie_acheteur c on c.acheteur_id = g.acheteur_id
        left join departement d on d.acheteur_id = g.acheteur_id left join region r on r.acheteur_id = g.acheteur_id
        left join regions t on t.departement = d.departement""")
    json_brut = source.json_brut
    _classer(connexion, "cs_brut", "classes_sociales", lambda v: _etat_consideration(v, SOCIALE, json_brut))
    _classer(connexion, "ce_brut", "classes_environnementales",
             lambda v: _etat_consideration(v, ENVIRONNEMENTALE, json_brut))
    n_champs = len(source.champs)
    connexion.execute(f"""create or replace temp table contrats as
        select g.acheteur_id, texte(g.id) as id, g.montant, g.date_notification,
               year(g.date_notification) as annee, case when g.offres_recues >= 1 then g.offres_recues end as offres_recues, cs.etat as sociale, ce.etat as environnementale,
               g.sans_concurrence, g.pme, {f"g.remplis / {n_champs}" if n_champs else "cast(null as double)"} as completude
        from (select * exclude (date_notification), case when date_notification >= date '{ANNEE_MINIMALE}-01-01'
                     then date_notification end as date_notification from groupes) g
        left join classes_sociales cs on cs.valeur = g.cs_brut
        left join classes_environnementales ce on ce.valeur = g.ce_brut
        where g.acheteur_id is not null and (g.sans_id or texte(g.id) is not null) and g.n_concessions < g.n_lignes""")
    source.lignes, source.ecartes_sans_id, source.concessions, source.sentinelles = connexion.execute(
        """select coalesce(sum(n_lignes), 0),
                  coalesce(sum(n_lignes - n_concessions) filter (where acheteur_id is null), 0),
                  coalesce(sum(n_concessions), 0), coalesce(sum(n_sentinelles), 0) from groupes""").fetchone()
    connexion.execute("drop table groupes")


def _classer(connexion, colonne: str, table: str, regle) -> None:
    """Classe une fois chaque valeur distincte de `colonne` (il y en a peu) : table (valeur, etat)."""
    valeurs = [v for (v,) in connexion.execute(
        f"select distinct {colonne} from groupes where {colonne} is not null").fetchall()]
    connexion.execute(f"create or replace temp table {table} (valeur varchar, etat boolean)")
    lignes = [(v, regle(v)) for v in valeurs]
    if lignes:
        connexion.executemany(f"insert into {table} values (?, ?)", lignes)

