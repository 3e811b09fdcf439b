"""L'autoévaluation de la maturité de la fonction achats (module 1, notebook 01.02).

La grille est une donnée (`spaserlib/donnees/maturite.yaml`) : des dimensions (gouvernance,
organisation, cartographie…), chacune décrite en quatre niveaux, de 1 (débutant) à 4 (exemplaire).
Une personne choisit, pour chaque dimension, le niveau qui décrit le mieux son organisation ; le
kit en tire un profil (table), une lecture (points forts, priorités) et un radar.

    charger_grille(chemin=None) -> Grille          la grille validée (ErreurDonnees sinon)
    evaluer_maturite(reponses, grille=None)        une ligne par dimension : niveau et description
    lecture_maturite(profil) -> Lecture            points forts, priorités (ex æquo compris), moyenne
    phrase_maturite(lecture) -> str                la lecture en une ou deux phrases
    figure_maturite(profil, titre) -> Figure       le radar (matplotlib), avec son texte de remplacement
    grille_maturite(reponses, interactif, …)       le formulaire : une liste par dimension, un bouton
                                                   « Voir mon profil » ; sans écran, le profil des `reponses`

`reponses` est un dictionnaire {id de dimension: niveau de 1 à 4, ou None si la dimension n'est pas
renseignée}. Les mêmes réponses donnent le même profil dans le formulaire et sans écran.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from spaserlib.commun.ressources import liste_yaml
from spaserlib.commun.erreurs import ErreurDonnees, ErreurParametre, Probleme

NIVEAUX = (1, 2, 3, 4)
FICHIER = "spaserlib/donnees/maturite.yaml"


@dataclass(frozen=True)
class Grille:
    """La grille : `echelle` {niveau: nom du niveau} et `dimensions`, table (id, libelle, niveaux),
    `niveaux` étant la liste des quatre descriptions, du niveau 1 au niveau 4."""

    echelle: dict
    dimensions: pd.DataFrame
    fichier: str = FICHIER

    @property
    def identifiants(self) -> list[str]:
        return list(self.dimensions["id"])

    def description(self, ident: str, niveau: int) -> str:
        ligne = self.dimensions.set_index("id").loc[ident]
        return ligne["niveaux"][niveau - 1]


@dataclass(frozen=True)
class Lecture:
    """Ce que dit un profil : `points_forts` et `priorites` (libellés, ex æquo tous gardés),
    `niveau_haut`, `niveau_bas`, `moyenne` (sur les dimensions renseignées), `non_renseignees`."""

    points_forts: list = field(default_factory=list)
    priorites: list = field(default_factory=list)
    niveau_haut: int | None = None
    niveau_bas: int | None = None
    moyenne: float | None = None
    non_renseignees: list = field(default_factory=list)
    renseignees: int = 0


def _probleme(fichier: str, lieu: str, valeur, message: str, conseil: str) -> Probleme:
    return Probleme(fichier=fichier, ligne=None, colonne=lieu, valeur=None if valeur is None else str(valeur),
                    message=message, conseil=conseil, code="grille_invalide")


def _verifier_dimension(entree, rang: int, fichier: str, vus: set) -> list[Probleme]:
    if not isinstance(entree, dict):
        return [_probleme(fichier, f"dimension n° {rang}", None, "la dimension n'est pas une fiche « champ: valeur ».",
                          "Écrivez « - id: …, libelle: …, niveaux: [quatre phrases] ».")]
    ident = entree.get("id")
    lieu = f"{ident or f'dimension n° {rang}'}"
    problemes = []
    if not isinstance(ident, str) or not ident.strip() or " " in ident:
        problemes.append(_probleme(fichier, f"{lieu} / id", ident, "identifiant manquant ou contenant une espace.",
                                   "Donnez un identifiant court, sans espace (ex. gouvernance)."))
    elif ident in vus:
        problemes.append(_probleme(fichier, f"{lieu} / id", ident, "cet identifiant est déjà employé.",
                                   "Donnez un identifiant unique à chaque dimension."))
    vus.add(ident)
    if not isinstance(entree.get("libelle"), str) or not entree["libelle"].strip():
        problemes.append(_probleme(fichier, f"{lieu} / libelle", entree.get("libelle"), "libellé manquant.",
                                   "Écrivez le nom de la dimension tel qu'il doit s'afficher."))
    niveaux = entree.get("niveaux")
    if not isinstance(niveaux, list) or len(niveaux) != len(NIVEAUX):
        nombre = len(niveaux) if isinstance(niveaux, list) else 0
        problemes.append(_probleme(fichier, f"{lieu} / niveaux", nombre,
                                   f"il faut exactement {len(NIVEAUX)} niveaux (il y en a {nombre}).",
                                   "Décrivez chaque niveau, de 1 à 4, en une phrase."))
    else:
        for numero, texte in enumerate(niveaux, 1):
            if not isinstance(texte, str) or not texte.strip():
                problemes.append(_probleme(fichier, f"{lieu} / niveau {numero}", texte, "description vide.",
                                           "Décrivez ce niveau en une phrase."))
    return problemes


def charger_grille(chemin: str | Path | None = None) -> Grille:
    """La grille du kit (ou celle du fichier `chemin`), validée. Lève `ErreurFichier` si le fichier est
    illisible, `ErreurDonnees` en listant chaque dimension fautive (identifiant, champ, quoi faire)."""
    nom, donnees, entrees = liste_yaml(chemin, "maturite.yaml", "dimensions")
    echelle = donnees.get("echelle") or {}
    problemes = []
    if not isinstance(echelle, dict) or sorted(echelle) != list(NIVEAUX):
        problemes.append(_probleme(nom, "echelle", echelle, "l'échelle doit nommer les niveaux 1, 2, 3 et 4.",
                                   "Écrivez « echelle: {1: Débutant, 2: …, 3: …, 4: …} »."))
    vus: set = set()
    problemes += [p for rang, e in enumerate(entrees, 1) for p in _verifier_dimension(e, rang, nom, vus)]
    if problemes:
        raise ErreurDonnees(problemes)
    table = pd.DataFrame([{"id": e["id"], "libelle": e["libelle"].strip(), "niveaux": [t.strip() for t in e["niveaux"]]}
                          for e in entrees])
    return Grille(echelle={int(k): str(v) for k, v in echelle.items()}, dimensions=table, fichier=nom)


def _niveau(ident: str, valeur):
    """Le niveau donné pour la dimension `ident` (1 à 4), None si non renseigné ; ErreurParametre sinon."""
    if valeur is None or (isinstance(valeur, str) and not valeur.strip()):
        return None
    if isinstance(valeur, str) and valeur.strip().isdigit():
        valeur = int(valeur.strip())
    if isinstance(valeur, bool) or not isinstance(valeur, int) or valeur not in NIVEAUX:
        raise ErreurParametre(
            f"Réponse « {ident} » : « {valeur} » n'est pas un niveau de la grille. Indiquez un niveau entier de "
            "1 (débutant) à 4 (exemplaire), ou None si vous ne savez pas."
        )
    return valeur


def evaluer_maturite(reponses: dict, grille: Grille | None = None) -> pd.DataFrame:
    """Le profil de maturité : une ligne par dimension de la grille, dans son ordre, colonnes `id`,
    `dimension` (libellé), `niveau` (1 à 4, vide si non renseigné), `nom_niveau` et `description`.

    `reponses` : {id de dimension: niveau}. Lève `ErreurParametre` (en français) si ce n'est pas un
    dictionnaire, si aucune dimension n'est renseignée, si un identifiant est inconnu ou un niveau
    hors de 1 à 4. Les réponses ne sont pas modifiées.
    """
    grille = grille or charger_grille()
    if not isinstance(reponses, dict):
        raise ErreurParametre(
            f"Les réponses doivent être un dictionnaire {{dimension: niveau}}, pas un objet de type "
            f"{type(reponses).__name__}. Reprenez la cellule modèle : reponses = {{\"gouvernance\": 2, …}}."
        )
    inconnues = [str(k) for k in reponses if k not in grille.identifiants]
    if inconnues:
        raise ErreurParametre(
            f"Dimension(s) inconnue(s) : {', '.join(f'« {k} »' for k in inconnues)}. Dimensions de la grille : "
            f"{', '.join(grille.identifiants)}."
        )
    niveaux = {ident: _niveau(ident, reponses.get(ident)) for ident in grille.identifiants}
    if all(v is None for v in niveaux.values()):
        raise ErreurParametre(
            "Aucune réponse : choisissez un niveau de 1 à 4 pour au moins une dimension de la grille "
            f"({', '.join(grille.identifiants)})."
        )
    lignes = []
    for ident, libelle in zip(grille.dimensions["id"], grille.dimensions["libelle"]):
        niveau = niveaux[ident]
        lignes.append({"id": ident, "dimension": libelle, "niveau": niveau,
                       "nom_niveau": grille.echelle[niveau] if niveau else "non renseigné",
                       "description": grille.description(ident, niveau) if niveau else ""})
    profil = pd.DataFrame(lignes)
    profil["niveau"] = profil["niveau"].astype("Int64")
    return profil


def lecture_maturite(profil: pd.DataFrame) -> Lecture:
    """Les points forts (dimensions au niveau le plus haut) et les priorités (dimensions au niveau le
    plus bas) d'un profil de `evaluer_maturite`. Toutes les dimensions ex æquo sont gardées. Si toutes les
    dimensions renseignées ont le même niveau, aucune ne se détache : pas de point fort, et toutes sont
    des priorités possibles."""
    renseigne = profil[profil["niveau"].notna()]
    non_renseignees = list(profil.loc[profil["niveau"].isna(), "dimension"])
    if renseigne.empty:
        return Lecture(non_renseignees=non_renseignees)
    haut, bas = int(renseigne["niveau"].max()), int(renseigne["niveau"].min())
    priorites = list(renseigne.loc[renseigne["niveau"] == bas, "dimension"])
    forts = list(renseigne.loc[renseigne["niveau"] == haut, "dimension"]) if haut > bas else []
    return Lecture(points_forts=forts, priorites=priorites, niveau_haut=haut, niveau_bas=bas,
                   moyenne=float(renseigne["niveau"].astype(float).mean()), non_renseignees=non_renseignees,
                   renseignees=len(renseigne))


def _liste(elements: list) -> str:
    elements = [f"« {e} »" for e in elements]
    return elements[0] if len(elements) == 1 else ", ".join(elements[:-1]) + " et " + elements[-1]


def phrase_maturite(lecture: Lecture) -> str:
    """La lecture d'un profil en phrases : niveau moyen, points forts, priorités, dimensions non renseignées."""
    from spaserlib.commun.format_fr import nombre

    if not lecture.renseignees:
        return "Aucune dimension n'est renseignée : choisissez un niveau pour au moins une dimension."
    sur = f"{lecture.renseignees} dimension{'s' if lecture.renseignees > 1 else ''} renseignée{'s' if lecture.renseignees > 1 else ''}"
    texte = f"Niveau moyen : {nombre(lecture.moyenne, 1)} sur 4 ({sur}). "
    if not lecture.points_forts:
        texte += (f"Profil homogène : toutes les dimensions renseignées sont au niveau {lecture.niveau_bas}, aucune ne se "
                  "détache ; choisissez la priorité avec l'équipe, en commençant par ce que le SPASER exige (portage, "
                  "objectifs, suivi annuel). ")
    else:
        pluriel = len(lecture.points_forts) > 1
        texte += (f"Point{'s' if pluriel else ''} fort{'s' if pluriel else ''} (niveau {lecture.niveau_haut}) : "
                  f"{_liste(lecture.points_forts)}. ")
        pluriel = len(lecture.priorites) > 1
        cest = "c'est sur elles" if pluriel else "c'est sur elle"
        texte += (f"Priorité{'s' if pluriel else ''} (niveau {lecture.niveau_bas}) : {_liste(lecture.priorites)} ; "
                  f"{cest} que le SPASER peut fixer ses premières actions. ")
    if lecture.non_renseignees:
        texte += f"Non renseignée{'s' if len(lecture.non_renseignees) > 1 else ''} : {_liste(lecture.non_renseignees)}."
    return texte.strip()


def description_maturite(profil: pd.DataFrame, titre: str) -> str:
    """Le texte de remplacement du radar : ce qu'il montre, puis chaque dimension et son niveau."""
    niveaux = " ; ".join(f"{d} : {'non renseignée' if pd.isna(n) else f'niveau {int(n)}'}"
                        for d, n in zip(profil["dimension"], profil["niveau"]))
    return f"{titre}. Radar des niveaux de 1 à 4 par dimension. {niveaux}. {phrase_maturite(lecture_maturite(profil))}"


def _coupe(libelle: str, largeur: int = 22) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(libelle, largeur)) or libelle


def figure_maturite(profil: pd.DataFrame, titre: str = "Maturité de la fonction achats"):
    """Le radar du profil (matplotlib, axes polaires) : un rayon par dimension, niveaux 1 à 4 ; une dimension
    non renseignée est au centre et son libellé le dit. Rend une `Figure` autonome (rien n'est enregistré),
    avec son texte de remplacement (`figure.texte_alternatif`)."""
    import numpy as np
    from matplotlib.figure import Figure

    from spaserlib.documents.figures import decrire

    n = len(profil)
    angles = np.linspace(0, 2 * np.pi, n, endpoint=False)
    valeurs = profil["niveau"].astype(float).fillna(0).to_numpy()
    figure = Figure(figsize=(7.5, 7), layout="constrained")
    ax = figure.add_subplot(projection="polar")
    ax.set_theta_offset(np.pi / 2)
    ax.set_theta_direction(-1)
    boucle = np.concatenate([angles, angles[:1]])
    ax.plot(boucle, np.concatenate([valeurs, valeurs[:1]]), color="#1f5f8b", linewidth=2)
    ax.fill(boucle, np.concatenate([valeurs, valeurs[:1]]), color="#1f5f8b", alpha=0.25)
    ax.scatter(angles, valeurs, color="#1f5f8b", zorder=3)
    libelles = [_coupe(d) + ("\n(non renseignée)" if pd.isna(v) else f"\nniveau {int(v)}")
                for d, v in zip(profil["dimension"], profil["niveau"])]
    ax.set_xticks(angles, libelles, fontsize=8.5)
    ax.set_ylim(0, 4)
    ax.set_yticks(list(NIVEAUX), [str(v) for v in NIVEAUX], fontsize=8, color="#595959")
    ax.set_rlabel_position(180 / n)  # les chiffres des niveaux entre deux rayons, lisibles
    ax.tick_params(axis="x", pad=12)
    ax.set_title(titre, fontsize=11.5, pad=24)
    return decrire(figure, description_maturite(profil, titre))


def titre_maturite(organisation: str | None = None, date_evaluation=None) -> str:
    """« X : maturité de la fonction achats, autoévaluation du 2 décembre 2026 » (sans X si `organisation`
    est vide)."""
    from spaserlib.commun.calendrier import jour_en_lettres, lire_date_reference

    jour = lire_date_reference(date_evaluation)
    titre = f"maturité de la fonction achats, autoévaluation du {jour_en_lettres(jour)}"
    return f"{organisation} : {titre}" if organisation else titre[0].upper() + titre[1:]


def montrer_profil(reponses: dict, organisation: str | None = None, date_evaluation=None,
                   grille: Grille | None = None, enregistrer: str | Path | None = None) -> pd.DataFrame:
    """Affiche le profil (table), sa lecture et le radar pour `reponses` ; rend le profil. Le radar est
    écrit en PNG dans `enregistrer` seulement si ce chemin est donné (écriture d'un bloc)."""
    from spaserlib.cours.affichage import afficher_figure, afficher_phrase, afficher_table

    profil = evaluer_maturite(reponses, grille)
    titre = titre_maturite(organisation, date_evaluation)
    afficher_table(profil, titre=titre, colonnes=["dimension", "niveau", "nom_niveau", "description"],
                   libelles={"dimension": "Dimension", "niveau": "Niveau", "nom_niveau": "Repère",
                             "description": "Ce qui décrit votre organisation"}, max_lignes=None)
    afficher_phrase(phrase_maturite(lecture_maturite(profil)), titre="Lecture")
    figure = figure_maturite(profil, titre)
    if enregistrer is not None:
        from spaserlib.commun.ecriture import ecrire_d_un_bloc
        from spaserlib.cours.affichage import image_png

        donnees = image_png(figure)
        ecrire_d_un_bloc(enregistrer, lambda chemin: Path(chemin).write_bytes(donnees))
    afficher_figure(figure)
    return profil


def grille_maturite(reponses: dict | None = None, interactif: bool | None = None, organisation: str | None = None,
                    date_evaluation=None, grille: Grille | None = None) -> None:
    """Le formulaire d'autoévaluation. En mode interactif : une liste déroulante par dimension (les quatre
    niveaux décrits, ou « non renseigné »), préremplie par `reponses`, et un bouton « Voir mon profil » qui
    affiche la table, la lecture et le radar. En mode statique (papermill, rapport) : le profil de
    `reponses`, sans widget. Les mêmes réponses donnent le même profil dans les deux modes."""
    from spaserlib.cours.affichage import _display, afficher_phrase, mode_interactif

    grille = grille or charger_grille()
    reponses = dict(reponses or {})
    if not mode_interactif(interactif):
        montrer_profil(reponses, organisation, date_evaluation, grille)
        return
    import ipywidgets as widgets

    for ident, valeur in reponses.items():  # une réponse préremplie fausse est signalée tout de suite
        if ident in grille.identifiants:
            _niveau(ident, valeur)
    listes = {}
    for ident, libelle, niveaux in zip(grille.dimensions["id"], grille.dimensions["libelle"], grille.dimensions["niveaux"]):
        options = [("— non renseigné —", None)] + [(f"{n} — {grille.echelle[n]} : {t}", n) for n, t in zip(NIVEAUX, niveaux)]
        depart = _niveau(ident, reponses.get(ident)) if ident in reponses else None
        listes[ident] = widgets.Dropdown(options=options, value=depart, description=libelle,
                                         style={"description_width": "16em"}, layout=widgets.Layout(width="98%"))
    bouton = widgets.Button(description="Voir mon profil", button_style="primary", icon="bar-chart")
    sortie = widgets.Output()

    def _voir(_=None):
        sortie.clear_output(wait=True)
        with sortie:
            choix = {ident: liste.value for ident, liste in listes.items()}
            if all(v is None for v in choix.values()):
                afficher_phrase("Choisissez un niveau pour au moins une dimension, puis cliquez sur « Voir mon profil ».")
                return
            montrer_profil(choix, organisation, date_evaluation, grille)

    bouton.on_click(_voir)
    _display(widgets.VBox([*listes.values(), bouton, sortie]))
