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
position dans le fichier, montant (à ordre égal, dans un fichier à plat, la plus grande valeur). En JSON, les modifications sont appliquées (elles portent les
nouvelles valeurs : le dernier montant non vide l'emporte). Les concessions et les enregistrements
sans acheteur sont comptés puis laissés de côté. Sans id, un enregistrement est GARDÉ (comme dans `regroupement`) :
contrat repéré par acheteur, objet, date, montant (et titulaires en JSON), id laissé vide.

Département et région de l'acheteur : le département du fichier quand il l'a (la région est alors celle
du département, table `REGIONS`, et la colonne de région n'est lue qu'à défaut) ; sinon il est déduit
du lieu d'exécution des contrats (code postal, code commune ou code département), le plus fréquent
pour l'acheteur : c'est une approximation (une commune exécute presque tout chez elle, un département
ou l'État bien moins), et la région s'en déduit (table `REGIONS`).

Ce module ouvre le fichier et tient la `SourceDecp` ; les règles de classement et les fonctions SQL sont
dans `decp_multi_regles`, la vue des fichiers à plat dans `decp_multi_plat`, la lecture JSON dans
`decp_multi_json`, le regroupement en contrats dans `decp_multi_contrats`.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from spaserlib.commun.erreurs import ErreurFichier
from spaserlib.commun.limites import JSON_OCTETS_MAX, en_clair
from spaserlib.lecture.decp_multi_contrats import construire_contrats
from spaserlib.lecture.decp_multi_json import CONSEIL as _CONSEIL_FORMAT
from spaserlib.lecture.decp_multi_json import lire_json
from spaserlib.lecture.decp_multi_plat import ALIAS, vue_a_plat
from spaserlib.lecture.decp_multi_regles import (ANNEE_MINIMALE, CHAMPS, MACROS, MONTANTS_SENTINELLES, NON_PME, PME,
                                                 REGIONS, est_pme, sans_concurrence, sql_pme, sql_sans_concurrence)

# Les noms publics des parties du module restent importables d'ici.
__all__ = ["ALIAS", "ANNEE_MINIMALE", "CHAMPS", "MONTANTS_SENTINELLES", "NON_PME", "OCTETS_MAX", "PME", "REGIONS",
           "SourceDecp", "est_pme", "ouvrir_decp", "sans_concurrence", "sql_pme", "sql_sans_concurrence"]

# Un fichier national consolidé (CSV) fait quelques Go ; au-delà de cette taille, on s'arrête tôt.
OCTETS_MAX = 40 * 1024**3


@dataclass
class SourceDecp:
    """Un fichier DECP à plusieurs acheteurs, lu dans DuckDB : table `contrats` (voir le module).

    `format` : « JSON 2019 », « JSON 2024 », « CSV » ou « Parquet » ; `champs` : les champs de la complétude
    que ce format porte ; `colonnes` : les informations facultatives présentes (voir `decp_multi_plat`) ; `lignes` : enregistrements ou lignes lus ;
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
        for macro in MACROS:
            connexion.execute(macro)
        if genre == "json":
            format_json, champs, colonnes = lire_json(connexion, chemin, taille, list(CHAMPS))
            source = SourceDecp(connexion, fichier, format_json, champs, frozenset(colonnes), json_brut=True)
            construire_contrats(source, "lignes", frozenset({"categorie_acheteur", "region", "pme"}))
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
            noms = None
            if genre == "csv" and numero == 0:
                lecteur, noms = _renifle(connexion, chemin, lecteur)
            if noms is None:
                noms = [ligne[0] for ligne in connexion.execute(f"describe select * from {lecteur}").fetchall()]
            vue = vue_a_plat(connexion, fichier, noms, lecteur)
            source = SourceDecp(connexion, fichier, "Parquet" if genre == "parquet" else "CSV", vue.champs, vue.colonnes)
            # Le fichier n'est parcouru qu'une fois, par le regroupement en contrats.
            construire_contrats(source, "a_plat", vue.absentes)
            return source
        except duckdb.InvalidInputException as erreur:
            if "unicode" in str(erreur).lower() and numero + 1 < len(lecteurs):
                continue  # pas de l'UTF-8 : on relit en Latin-1 (exports Windows)
            raise


def _renifle(connexion, chemin: Path, lecteur: str) -> tuple[str, list[str] | None]:
    """Le `lecteur` CSV aux réglages déjà reconnus (séparateur, guillemets, colonnes) et ses colonnes : le
    renifleur de DuckDB ne relit alors pas l'échantillon du fichier à chaque requête. Rend (`lecteur`, None)
    si le renifleur échoue (l'erreur reviendra, en clair, à la lecture)."""
    import duckdb

    try:
        invite, colonnes = connexion.execute(
            f"select Prompt, Columns from sniff_csv('{_echapper(chemin)}', all_varchar=true, header=true)").fetchone()
    except duckdb.Error:
        return lecteur, None
    regle = invite.strip().removeprefix("FROM ").removesuffix(";").strip()
    if "'" in str(chemin) or not regle.startswith(f"read_csv('{chemin}'") or not colonnes:
        return lecteur, None
    return regle, [colonne["name"] for colonne in colonnes]
