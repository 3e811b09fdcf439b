"""Le programme de la formation (``notebooks/programme.yaml``) et le guide du formateur qui en est tiré.

`lire_programme()` lit et contrôle le programme : chaque séquence a un jour, un module (1 à 4), un
titre, une durée en minutes, une méthode (`METHODES`) et des objectifs ; son notebook, s'il en a un,
existe dans ``notebooks/`` ou ``exercises/`` ; les durées font `DUREE_TOTALE` minutes (douze heures).
`plan_des_journees(programme)` rend le déroulé en table (heures de début comprises) ;
`guide_formateur(programme, notes)` écrit le guide du formateur en Markdown, à partir du programme et
des notes écrites à la main (``solutions/notes-formateur.yaml`` : préparation, messages clés et pièges
de chaque séquence, documents des participants, correction, évaluation). `spaser sommaire` écrit le
guide (``solutions/guide-formateur.md``) ; `guide_a_jour` dit s'il suit encore le programme.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from spaserlib.commun.ecriture import ecrire_texte
from spaserlib.commun.erreurs import ErreurFichier
from spaserlib.commun.ressources import dossier_kit

METHODES = ("exposé", "démonstration", "exercice", "quiz", "échange")
DUREE_TOTALE = 720  # minutes : deux journées de six heures
DEBUT_JOURNEE = (9, 0)  # heure de début des deux journées
PAUSE_DEJEUNER = (12, 30, 60)  # après 12 h 30 (au plus tôt à la fin de la séquence en cours), une heure
NOM_GUIDE = "guide-formateur.md"
NOM_NOTES = "notes-formateur.yaml"


@dataclass(frozen=True)
class Sequence:
    jour: int
    module: int
    titre: str
    duree: int
    methode: str
    objectifs: tuple[str, ...]
    notebook: str | None = None
    supports: tuple[str, ...] = ()


@dataclass(frozen=True)
class Programme:
    formation: str
    modules: dict[int, str]
    sequences: tuple[Sequence, ...] = field(default_factory=tuple)

    @property
    def duree(self) -> int:
        return sum(s.duree for s in self.sequences)

    def duree_par_module(self) -> dict[int, int]:
        return {m: sum(s.duree for s in self.sequences if s.module == m) for m in self.modules}


def chemin_programme() -> Path:
    return dossier_kit("notebooks") / "programme.yaml"


def _erreur(chemin: Path, rang: int | None, message: str, conseil: str) -> ErreurFichier:
    lieu = f"séquence n° {rang} : " if rang else ""
    return ErreurFichier(chemin, lieu + message, conseil)


def lire_programme(chemin: str | Path | None = None) -> Programme:
    """Le programme contrôlé ; lève ErreurFichier (séquence, champ, valeur, quoi faire) au premier défaut."""
    chemin = Path(chemin) if chemin else chemin_programme()
    try:
        contenu = yaml.safe_load(chemin.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise ErreurFichier(chemin, "programme introuvable.", "Il fait partie du kit : notebooks/programme.yaml.") from None
    except yaml.YAMLError:
        raise ErreurFichier(chemin, "programme illisible (syntaxe YAML).", "Corrigez la syntaxe du fichier.") from None
    if not isinstance(contenu, dict) or not isinstance(contenu.get("sequences"), list):
        raise ErreurFichier(chemin, "aucune liste « sequences ».", "Décrivez les séquences sous la clé « sequences ».")
    modules = {int(k): str(v) for k, v in (contenu.get("modules") or {}).items()}
    notebooks = {p.name for nom in ("notebooks", "exercises") for p in dossier_kit(nom).glob("*.ipynb")}
    sequences = []
    for rang, s in enumerate(contenu["sequences"], start=1):
        if not isinstance(s, dict):
            raise _erreur(chemin, rang, "une séquence est un objet (clé: valeur).", "Voir l'en-tête du fichier.")
        for cle in ("jour", "module", "titre", "duree", "methode", "objectifs"):
            if s.get(cle) in (None, "", []):
                raise _erreur(chemin, rang, f"champ « {cle} » absent.", "Chaque séquence a jour, module, titre, duree, "
                              "methode et objectifs.")
        if s["module"] not in modules:
            raise _erreur(chemin, rang, f"module « {s['module']} » inconnu.", f"Modules : {', '.join(map(str, modules))}.")
        if s["methode"] not in METHODES:
            raise _erreur(chemin, rang, f"méthode « {s['methode']} » inconnue.", f"Méthodes : {', '.join(METHODES)}.")
        if not isinstance(s["duree"], int) or isinstance(s["duree"], bool) or s["duree"] <= 0:
            raise _erreur(chemin, rang, f"durée « {s['duree']} » invalide.", "Donnez la durée en minutes (nombre entier).")
        if s.get("notebook") and s["notebook"] not in notebooks:
            raise _erreur(chemin, rang, f"notebook « {s['notebook']} » introuvable.",
                          "Donnez le nom d'un notebook de notebooks/ ou d'exercises/.")
        sequences.append(Sequence(int(s["jour"]), int(s["module"]), str(s["titre"]), s["duree"], s["methode"],
                                  tuple(map(str, s["objectifs"])), s.get("notebook"), tuple(s.get("supports") or ())))
    programme = Programme(str(contenu.get("formation", "")), modules, tuple(sequences))
    if programme.duree != DUREE_TOTALE:
        raise ErreurFichier(chemin, f"les séquences durent {programme.duree} minutes au lieu de {DUREE_TOTALE} (12 heures).",
                            "Ajustez les durées pour que leur somme fasse 720 minutes.")
    return programme


def _heure(minutes: int) -> str:
    return f"{minutes // 60} h {minutes % 60:02d}"


def plan_des_journees(programme: Programme) -> pd.DataFrame:
    """Le déroulé : jour, début, fin, module, séquence, méthode, durée, notebook (une ligne par séquence).

    Chaque journée commence à 9 h ; la pause du déjeuner (une heure) suit la séquence en cours à 12 h 30."""
    lignes, horloge, jour_courant, pause_faite = [], 0, None, False
    for s in programme.sequences:
        if s.jour != jour_courant:
            jour_courant, horloge, pause_faite = s.jour, DEBUT_JOURNEE[0] * 60 + DEBUT_JOURNEE[1], False
        if not pause_faite and horloge >= PAUSE_DEJEUNER[0] * 60 + PAUSE_DEJEUNER[1]:
            horloge, pause_faite = horloge + PAUSE_DEJEUNER[2], True
        lignes.append({"jour": s.jour, "debut": _heure(horloge), "fin": _heure(horloge + s.duree), "module": s.module,
                       "sequence": s.titre, "methode": s.methode, "duree": s.duree, "notebook": s.notebook or ""})
        horloge += s.duree
    return pd.DataFrame(lignes)


def lire_notes(chemin: str | Path | None = None) -> dict:
    """Les notes du formateur (``solutions/notes-formateur.yaml``)."""
    chemin = Path(chemin) if chemin else dossier_kit("solutions") / NOM_NOTES
    try:
        return yaml.safe_load(chemin.read_text(encoding="utf-8-sig")) or {}
    except FileNotFoundError:
        raise ErreurFichier(chemin, "notes du formateur introuvables.", "Elles font partie du kit : solutions/notes-formateur.yaml.") from None


def _liste(elements) -> list[str]:
    return [f"- {e}" for e in elements or []]


def guide_formateur(programme: Programme, notes: dict) -> str:
    """Le guide du formateur, en Markdown."""
    plan = plan_des_journees(programme)
    texte = [f"# Guide du formateur — {programme.formation}", "",
             "*Généré par `spaser sommaire` à partir de `notebooks/programme.yaml` et de "
             "`solutions/notes-formateur.yaml` : modifiez ces deux fichiers, pas celui-ci.*", "",
             f"Durée : {programme.duree // 60} heures sur deux journées ; "
             + " ; ".join(f"module {m} ({programme.modules[m]}) : {d} min" for m, d in programme.duree_par_module().items()) + ".",
             "", "## Préparer la salle et les machines", "", *_liste(notes.get("preparation")), ""]
    for jour in sorted(plan["jour"].unique()):
        texte += [f"## Jour {jour}", "", "| Horaire | Module | Séquence | Méthode | Durée | Support |", "|---|---|---|---|---|---|"]
        for l in plan[plan["jour"] == jour].itertuples():
            texte.append(f"| {l.debut} – {l.fin} | {l.module} | {l.sequence} | {l.methode} | {l.duree} min | {l.notebook or '—'} |")
        texte.append("")
    texte += ["## Les séquences", ""]
    par_titre = {n.get("sequence"): n for n in notes.get("sequences") or []}
    for s in programme.sequences:
        note = par_titre.get(s.titre, {})
        texte += [f"### {s.titre} (jour {s.jour}, module {s.module}, {s.duree} min, {s.methode})", "",
                  "Objectifs : " + " ; ".join(s.objectifs) + "."]
        if s.notebook:
            texte.append(f"Support : `{s.notebook}`" + (f" ; {', '.join(s.supports)}" if s.supports else "") + ".")
        if note.get("messages"):
            texte += ["", "Messages clés :", *_liste(note["messages"])]
        if note.get("pieges"):
            texte += ["", "Pièges :", *_liste(note["pieges"])]
        texte.append("")
    for cle, titre in (("documents_participants", "Utiliser les documents des personnes en formation"),
                       ("correction", "Corriger et débriefer les exercices"),
                       ("evaluation", "Évaluer les acquis")):
        texte += [f"## {titre}", "", *_liste(notes.get(cle)), ""]
    return "\n".join(texte).rstrip() + "\n"


def chemin_guide() -> Path:
    return dossier_kit("solutions") / NOM_GUIDE


def ecrire_guide(sortie: str | Path | None = None) -> Path:
    """Écrit le guide du formateur d'un bloc ; rend son chemin."""
    return ecrire_texte(Path(sortie) if sortie else chemin_guide(), guide_formateur(lire_programme(), lire_notes()))


def guide_a_jour(chemin: str | Path | None = None) -> bool:
    """Vrai si le guide écrit correspond au programme et aux notes."""
    chemin = Path(chemin) if chemin else chemin_guide()
    return chemin.is_file() and chemin.read_text(encoding="utf-8") == guide_formateur(lire_programme(), lire_notes())
