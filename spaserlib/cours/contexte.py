"""Le contexte d'un notebook du cours : quelles données, quelle organisation, quelle année, quel mode,
à quelle date le droit est lu.

Chaque notebook commence par la même cellule :

    contexte = ouvrir(donnees, collectivite=collectivite, annee=annee, interactif=interactif,
                      pseudonymiser=pseudonymiser, date_reference=date_reference)

`ouvrir` lit l'organisation (un dossier avec son profil, ou un fichier unique), choisit l'année
analysée, le mode d'affichage (voir `spaserlib.cours.affichage.mode_interactif`), fixe la date de
référence (`contexte.date_reference`, la date du jour par défaut : voir `spaserlib.commun.calendrier`)
et pseudonymise les fournisseurs si on le demande. Toute cellule qui écrit une règle datée, évalue
une obligation ou date un plan s'appuie sur `contexte.date_reference`, jamais sur la date du jour. Le `Contexte` obtenu porte les tables `achats` et `marches`
(vides, avec leurs colonnes, quand les données n'en contiennent pas) et quelques affichages
communs à plusieurs notebooks (lectures, problèmes, chiffres clés).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from spaserlib.cours.affichage import afficher_phrase, afficher_table, mode_interactif
from spaserlib.commun.calendrier import lire_date_reference
from spaserlib.commun.erreurs import ErreurFichier, ErreurParametre
from spaserlib.commun.ressources import dossier_kit
from spaserlib.analyse.profil import annee_par_defaut
from spaserlib.commun.tables import COLONNES_ACHATS, COLONNES_MARCHES
from spaserlib.lecture.organisation import chemin_donne

# Le genre d'un fichier lu, en clair (les noms des tables du kit, « achats » et « marches », n'en sont pas).
GENRES_LISIBLES = {"achats": "dépenses", "marches": "marchés", "concessions": "concessions"}

# Dossier des notebooks du kit : un chemin relatif (« ../datasets/… ») s'y rapporte quand il
# n'existe pas depuis le dossier courant (papermill lancé d'ailleurs, par exemple).
DOSSIER_NOTEBOOKS = dossier_kit("notebooks")


def resoudre_donnees(donnees) -> Path:
    """Le chemin des données : tel quel s'il existe, sinon relatif au dossier des notebooks du kit.

    Le chemin collé est d'abord rendu lisible (`lecture.organisation.chemin_donne`). Lève `ErreurParametre`
    si ce n'est pas un texte, `ErreurFichier` si aucun des deux chemins n'existe.
    """
    if donnees is None or str(donnees).strip() == "":
        raise ErreurParametre(
            "Le paramètre donnees est vide : indiquez le dossier d'une organisation "
            "(par exemple « ../datasets/… ») ou le chemin de votre fichier."
        )
    chemin = chemin_donne(donnees).expanduser()  # guillemets, file://, barres inverses, type
    if chemin.exists():
        return chemin
    if not chemin.is_absolute() and (DOSSIER_NOTEBOOKS / chemin).exists():
        return (DOSSIER_NOTEBOOKS / chemin).resolve()
    raise ErreurFichier(
        str(donnees),
        "dossier ou fichier introuvable.",
        f"Vérifiez le chemin indiqué dans le paramètre donnees (dossier courant : {Path.cwd()}).",
    )


def _table_ou_vide(table, colonnes) -> pd.DataFrame:
    if table is None:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in colonnes})
    return table


@dataclass
class Contexte:
    """Ce qu'un notebook analyse : l'organisation, ses tables, l'année et le mode d'affichage."""

    organisation: object
    nom: str
    annee: int | None
    interactif: bool
    pseudonymise: bool
    achats: pd.DataFrame
    marches: pd.DataFrame
    concessions: pd.DataFrame | None = None
    source: str = ""
    lectures: list = field(default_factory=list)
    date_reference: date = field(default_factory=date.today)

    @property
    def profil(self) -> dict:
        """Le profil de l'organisation (nom, type, population, SIREN…), pour les analyses qui en ont besoin."""
        org = self.organisation
        profil = getattr(org, "profil", None)
        if isinstance(profil, dict) and profil:
            return {**profil, "nom": self.nom}
        return {cle: getattr(org, cle, None) for cle in ("type", "population", "annee", "siren")} | {"nom": self.nom}

    @property
    def achats_de_l_annee(self) -> pd.DataFrame:
        """Les lignes d'achat de l'année analysée (toutes si l'année est inconnue) : la période des
        cartographies, la même que celle du rapport et du projet de SPASER."""
        from spaserlib.analyse.profil import de_l_annee

        if self.achats.empty or "date" not in self.achats:
            return self.achats
        return de_l_annee(self.achats, "date", self.annee)

    @property
    def marches_ou_rien(self) -> pd.DataFrame | None:
        """La table des marchés, ou None quand les données n'en contiennent pas (argument facultatif des analyses)."""
        return None if self.marches.empty else self.marches

    # --- résumé -----------------------------------------------------------------------------
    def resume(self) -> dict:
        """Les informations d'en-tête : nom, type, population, année, données, mode."""
        org = self.organisation
        return {
            "Organisation": self.nom,
            "Type": getattr(org, "type", None) or "—",
            "Population": getattr(org, "population", None) or "—",
            "Année analysée": str(self.annee) if self.annee is not None else "—",
            "Droit applicable lu au": self.date_reference.strftime("%d/%m/%Y"),
            "Données": self.source,
            "Lignes de dépenses": len(self.achats),
            "Marchés": len(self.marches),
            "Affichage": "interactif (widgets)" if self.interactif else "statique",
            "Fournisseurs": "pseudonymisés" if self.pseudonymise else "noms réels",
        }

    def _repr_html_(self) -> str:
        lignes = "".join(
            f"<tr><th style='text-align:left'>{html.escape(str(k))}</th><td style='text-align:left'>{html.escape(_texte(v))}</td></tr>"
            for k, v in self.resume().items()
        )
        return f"<table class='spaser-contexte'>{lignes}</table>"

    def __repr__(self) -> str:
        return "\n".join(f"{k} : {_texte(v)}" for k, v in self.resume().items())

    # --- données lues -----------------------------------------------------------------------
    def table_lectures(self) -> pd.DataFrame:
        """Une ligne par fichier lu : lignes lues, gardées, écartées, erreurs, avertissements."""
        lignes = []
        for lecture in self.lectures:
            r = lecture.resume()
            lignes.append(
                {
                    "fichier": Path(str(r["fichier"])).name,
                    "genre": GENRES_LISIBLES.get(r["genre"], r["genre"]),
                    "lignes lues": r["lignes_lues"],
                    "lignes gardées": r["lignes_gardees"],
                    "lignes écartées": r["lignes_ecartees"],
                    "erreurs": r["erreurs"],
                    "avertissements": r["avertissements"],
                }
            )
        return pd.DataFrame(lignes, columns=["fichier", "genre", "lignes lues", "lignes gardées",
                                             "lignes écartées", "erreurs", "avertissements"])

    def afficher_lectures(self) -> None:
        """Affiche le bilan de lecture de chaque fichier."""
        table = self.table_lectures()
        afficher_table(table, titre="Fichiers lus", formats={c: "nombre" for c in table.columns[2:]})

    def problemes(self) -> pd.DataFrame:
        """Tous les problèmes de tous les fichiers (une ligne par problème)."""
        tables = [lecture.problemes_table() for lecture in self.lectures]
        tables = [t for t in tables if not t.empty]
        if not tables:
            return pd.DataFrame(columns=["fichier", "ligne", "colonne", "valeur", "message", "conseil", "gravite", "code"])
        table = pd.concat(tables, ignore_index=True)
        table["fichier"] = [Path(str(f)).name for f in table["fichier"]]
        return table

    def afficher_problemes(self, max_lignes: int = 10) -> None:
        """Affiche les premiers problèmes, ou une phrase s'il n'y en a aucun."""
        table = self.problemes()
        if table.empty:
            afficher_phrase("Aucun problème trouvé dans les fichiers lus.")
            return
        colonnes = ["gravite", "fichier", "ligne", "colonne", "valeur", "message", "conseil"]
        if self.pseudonymise:
            # la valeur fautive peut être un nom de fournisseur : on ne la montre pas
            colonnes.remove("valeur")
        afficher_table(table[colonnes], titre="Problèmes trouvés", max_lignes=max_lignes,
                       libelles={"gravite": "Gravité"})

    def afficher_problemes_par_genre(self) -> None:
        """Affiche le nombre de problèmes par genre (code) et par gravité."""
        table = self.problemes()
        if table.empty:
            afficher_phrase("Aucun problème trouvé dans les fichiers lus.")
            return
        compte = (
            table.groupby(["code", "gravite"]).size().rename("nombre").reset_index()
            .sort_values(["nombre", "code"], ascending=[False, True])
        )
        afficher_table(compte, titre="Problèmes par genre", libelles={"code": "Genre", "gravite": "Gravité"})

    # --- chiffres clés ----------------------------------------------------------------------
    def chiffres_cles(self) -> pd.DataFrame:
        """Les chiffres clés de l'année analysée, en table (ceux du rapport : `spaserlib.analyse.profil.chiffres_cles`)."""
        from spaserlib.analyse.profil import chiffres_cles, tableau_chiffres_cles

        return tableau_chiffres_cles(chiffres_cles(self, self.annee))

    def afficher_chiffres_cles(self) -> None:
        titre = f"Chiffres clés — {self.nom}" + (f", {self.annee}" if self.annee is not None else "")
        table = self.chiffres_cles()
        if table.empty:
            afficher_phrase("Ni dépenses ni marchés dans ces données : vérifiez le paramètre donnees.")
            return
        afficher_table(table, titre=titre, libelles={"indicateur": "Indicateur"})

    # --- garde-fous -------------------------------------------------------------------------
    def verifier(self, table: str) -> bool:
        """Vrai si la table (« achats » ou « marches ») a des lignes ; sinon, le dit et rend faux."""
        if table not in {"achats", "marches"}:
            raise ErreurParametre(f"Table inconnue : « {table} ». Tables possibles : achats, marches.")
        if not getattr(self, table).empty:
            return True
        genre = "de dépenses (achats)" if table == "achats" else "de marchés (contrats)"
        afficher_phrase(f"Ces données ne contiennent pas de fichier {genre} : cette analyse est sautée. "
                        "Ajoutez le fichier correspondant au dossier de l'organisation pour l'obtenir.")
        return False


def _texte(valeur) -> str:
    """Un nombre à la française (« 1 337 », « 128 400 ») ; le reste, dont l'année analysée, tel quel."""
    if isinstance(valeur, (int, float)) and not isinstance(valeur, bool) and abs(valeur) >= 1000:
        from spaserlib.commun.format_fr import nombre

        return nombre(valeur) if float(valeur).is_integer() else nombre(valeur, 1)
    return str(valeur)


def ouvrir(
    donnees,
    collectivite: str | None = None,
    annee: int | None = None,
    interactif: bool | None = None,
    pseudonymiser: bool = False,
    date_reference=None,
) -> Contexte:
    """Lit les données d'une organisation et prépare le contexte du notebook.

    donnees       dossier d'une organisation (profil + fichiers) ou fichier unique ;
    collectivite  nom affiché (None : celui du profil, ou le nom du fichier) ;
    annee         année civile analysée (None : `annee_par_defaut`) ;
    interactif    None (détection), True ou False : voir `spaserlib.cours.affichage.mode_interactif` ;
    pseudonymiser True : fournisseurs et identifiants remplacés par des pseudonymes stables ;
    date_reference la date à laquelle le droit est lu (« AAAA-MM-JJ », une date, ou None : la date du jour).
    Lève ErreurFichier si les données sont introuvables, ErreurParametre si un paramètre est invalide.
    """
    from spaserlib.lecture.organisation import charger_organisation

    if annee is not None and (isinstance(annee, bool) or not isinstance(annee, int) or not 1990 <= annee <= 2100):
        raise ErreurParametre(f"Le paramètre annee vaut « {annee!r} » : indiquez une année civile (par exemple 2024) ou None.")
    if not isinstance(pseudonymiser, bool):
        raise ErreurParametre(f"Le paramètre pseudonymiser vaut « {pseudonymiser!r} » : indiquez True ou False.")
    jour = lire_date_reference(date_reference, origine="Le paramètre date_reference")
    chemin = resoudre_donnees(donnees)
    organisation = charger_organisation(chemin)
    achats = _table_ou_vide(getattr(organisation, "achats", None), COLONNES_ACHATS)
    marches = _table_ou_vide(getattr(organisation, "marches", None), COLONNES_MARCHES)
    concessions = getattr(organisation, "concessions", None)
    if pseudonymiser:
        from spaserlib.lecture.pseudonymisation import pseudonymiser as _pseudonymiser

        achats, marches = _pseudonymiser(achats, marches)
        if concessions is not None:
            _, concessions = _pseudonymiser(None, concessions)
    nom = collectivite or getattr(organisation, "nom", None) or chemin.stem
    if annee is None:
        annee = getattr(organisation, "annee", None) or annee_par_defaut(achats, marches)
    return Contexte(
        organisation=organisation,
        nom=str(nom),
        annee=int(annee) if annee is not None else None,
        interactif=mode_interactif(interactif),
        pseudonymise=pseudonymiser,
        achats=achats,
        marches=marches,
        concessions=concessions,
        source=chemin.name,
        lectures=list(getattr(organisation, "lectures", None) or []),
        date_reference=jour,
    )
