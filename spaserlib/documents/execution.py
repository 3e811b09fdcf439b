"""Exécuter les notebooks du cours sans écran et les rendre en HTML, vite.

Le coût d'un rapport est surtout le démarrage d'un noyau Jupyter et l'import des bibliothèques
(voir DESIGN.md, « Where the time goes in a report ») ; l'analyse elle-même est petite. D'où :

- les rapports et les classes exécutent leurs notebooks dans leur propre processus, sans noyau
  (`execution_locale.MoteurLocal`, choisi par `nouveau_moteur`), avec les mêmes règles que `Moteur` et
  les mêmes sorties ; `Moteur` sert quand le processus a déjà un shell IPython (rapport lancé depuis
  un notebook) et aux tests qui veulent un vrai noyau ;
- `Moteur` démarre UN noyau une fois, y pré-importe pandas, matplotlib, seaborn et spaserlib,
  puis exécute les notebooks l'un après l'autre. Avant chaque notebook, l'espace de noms est
  réinitialisé (`%reset -f`, figures fermées, réglages matplotlib et pandas remis à l'état de départ,
  dossier courant = celui du notebook) : aucun notebook ne dépend de l'état laissé par un autre,
  chacun doit toujours pouvoir tourner seul dans un noyau neuf.
- Le paramétrage est celui de papermill (`preparer_notebook` : cellule « injected-parameters »
  après la cellule taguée `parameters`), l'exécution celle de nbclient (`Moteur`) ou d'un shell IPython
  (`MoteurLocal`), le rendu celui de nbconvert (`HTMLExporter`, sans le code ni les invites).
- `executer_en_parallele` répartit des tâches (une par participant) sur une réserve bornée de
  processus ; chaque processus garde son moteur chaud d'une tâche à l'autre (`moteur_du_processus`).

Les pages HTML se lisent hors ligne : le gabarit `spaserlib/gabarits/spaser` est le gabarit « lab »
de nbconvert sans require.js, MathJax, Mermaid ni gestionnaire de widgets (tous chargés depuis un
CDN) ; les figures sont des PNG intégrés. Conséquence : les formules LaTeX restent en texte brut.

Convention des notebooks de rapport : un notebook du cours fait partie du rapport quand ses
métadonnées contiennent ``"spaser": {"rapport": true}`` (voir `notebooks_de_rapport`).

Le rapport n'est pas la leçon (DESIGN.md) : une cellule qui enseigne (objectifs pédagogiques, mode
d'emploi, paramètres, démonstration, exercice, « À retenir ») porte l'étiquette ``lecon`` et n'entre pas
dans la page (``TagRemovePreprocessor`` de nbconvert, avec les cellules ``parameters`` et
``injected-parameters``) ; le notebook de l'apprenant garde tout. Le titre du notebook est repris en
tête de page par le gabarit, la page est déclarée en français (``lang="fr"``).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import subprocess
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from multiprocessing import util as mp_util
from pathlib import Path

from spaserlib.commun.ecriture import ecrire_texte
from spaserlib.commun.erreurs import ErreurExecution, ErreurFichier
from spaserlib.commun.gabarits import GABARITS
from spaserlib.commun.imports import nbformat_rapide

nbformat = nbformat_rapide()  # sans la grammaire RFC 3987 de jsonschema (2 s d'import)

NOYAU = "python3"
ETIQUETTE_LECON = "lecon"
# Cellules laissées hors des pages de rapport : la leçon, et les paramètres (donnés et injectés).
ETIQUETTES_HORS_RAPPORT = (ETIQUETTE_LECON, "parameters", "injected-parameters")
DELAI_CELLULE = 600  # secondes accordées à une cellule avant de l'interrompre

# Exécuté une fois au démarrage du noyau : les imports coûteux, partagés par tous les notebooks.
CODE_PRECHARGEMENT = """
import warnings as _w
import matplotlib as _mpl
import matplotlib.pyplot as _plt
import pandas as _pd
try:
    import seaborn as _sns
except ImportError:
    pass
try:
    import spaserlib as _spaserlib
except ImportError:
    pass
_mpl._spaser_etat_initial = (_mpl.rcParams.copy(), list(_w.filters))
del _w, _mpl, _plt, _pd
"""

# Exécuté avant chaque notebook : le noyau redevient comme neuf (les modules restent importés).
GABARIT_REINITIALISATION = """
get_ipython().run_line_magic("reset", "-f")
import os as _os, warnings as _w
import matplotlib as _mpl, matplotlib.pyplot as _plt
import pandas as _pd
_plt.close("all")
_rc, _filtres = _mpl._spaser_etat_initial
_mpl.rcParams.update(_rc)
_w.filters[:] = _filtres
with _w.catch_warnings():
    _w.simplefilter("ignore")
    _pd.reset_option("all")
_os.chdir({dossier!r})
_os.environ.update({environnement!r})
del _os, _w, _mpl, _plt, _pd, _rc, _filtres
get_ipython().run_line_magic("reset", "-f")
"""


@dataclass
class PageRendue:
    """Un notebook exécuté et rendu : sa source, son titre et la page HTML écrite."""

    notebook: Path
    titre: str
    html: Path
    duree: float


def notebooks_de_rapport(dossier: str | Path) -> list[Path]:
    """Les notebooks d'un dossier dont les métadonnées portent ``"spaser": {"rapport": true}``, triés par nom."""
    dossier = Path(dossier)
    if not dossier.is_dir():
        raise ErreurFichier(dossier, "dossier de notebooks introuvable.", "Indiquez le dossier notebooks/ du kit.")
    retenus = []
    for chemin in sorted(dossier.glob("*.ipynb")):
        with open(chemin, encoding="utf-8") as f:
            metadonnees = json.load(f).get("metadata", {})
        if (metadonnees.get("spaser") or {}).get("rapport") is True:
            retenus.append(chemin)
    return retenus


def titre_notebook(nb, chemin: Path) -> str:
    """Le premier titre Markdown (# …) du notebook, sinon son nom de fichier sans le numéro."""
    for cellule in nb.cells:
        if cellule.cell_type == "markdown":
            for ligne in cellule.source.splitlines():
                trouve = re.match(r"^#{1,2}\s+(.+?)\s*#*\s*$", ligne)
                if trouve:
                    return trouve.group(1)
    return re.sub(r"^\d+\.\d+-", "", chemin.stem).replace("-", " ")


def nom_page(chemin: Path) -> str:
    """Le nom de la page HTML d'un notebook : son nom de fichier, extension .html."""
    return chemin.stem + ".html"


def exporter_html(nb, titre: str) -> str:
    """Le HTML autonome d'un notebook exécuté, pour un lecteur du rapport.

    Sans le code, sans invites, sans ressource réseau, sans les cellules de la leçon
    (`ETIQUETTES_HORS_RAPPORT`), en français (``lang="fr"``), le titre en tête de page.
    """
    nb.metadata.pop("widgets", None)
    corps, _ = _exportateur().from_notebook_node(nb, resources={"metadata": {"name": titre}})
    return corps


_EXPORTATEURS = threading.local()


def _exportateur():
    """L'exportateur HTML de ce fil d'exécution, créé une fois (son gabarit n'est compilé qu'une fois)."""
    exportateur = getattr(_EXPORTATEURS, "html", None)
    if exportateur is None:
        from nbconvert import HTMLExporter
        from nbconvert.preprocessors import TagRemovePreprocessor

        exportateur = HTMLExporter(
            template_name="spaser",
            extra_template_basedirs=[str(GABARITS)],
            exclude_input=True,
            exclude_input_prompt=True,
            exclude_output_prompt=True,
            language_code="fr",
        )
        exportateur.register_preprocessor(
            TagRemovePreprocessor(remove_cell_tags=set(ETIQUETTES_HORS_RAPPORT), enabled=True), enabled=True
        )
        _EXPORTATEURS.html = exportateur
    return exportateur


class Moteur:
    """Un noyau Jupyter chaud qui exécute des notebooks l'un après l'autre.

    S'utilise comme gestionnaire de contexte (``with Moteur() as moteur: moteur.rendre(...)``) ; le
    noyau est démarré au premier notebook et arrêté à la sortie du bloc (ou par `arreter`).
    `environnement` : variables d'environnement posées dans le noyau avant chaque notebook.
    """

    def __init__(self, *, noyau: str = NOYAU, delai_cellule: int = DELAI_CELLULE):
        self.noyau = noyau
        self.delai_cellule = delai_cellule
        self.km = None
        self.kc = None

    def __enter__(self) -> "Moteur":
        return self

    def __exit__(self, *exc) -> None:
        self.arreter()

    @property
    def demarre(self) -> bool:
        return self.km is not None and self.km.has_kernel

    def _client(self, nb, dossier: Path):
        from nbclient import NotebookClient

        client = NotebookClient(
            nb,
            km=self.km,
            kernel_name=self.noyau,
            timeout=self.delai_cellule,
            allow_errors=False,
            record_timing=False,
            resources={"metadata": {"path": str(dossier)}},
        )
        client.kc = self.kc
        return client

    def demarrer(self) -> None:
        """Démarre le noyau et y pré-importe les bibliothèques (sans effet s'il tourne déjà)."""
        if self.demarre:
            return
        from nbclient import NotebookClient

        amorce = NotebookClient(nbformat.v4.new_notebook(), kernel_name=self.noyau, timeout=self.delai_cellule)
        self.km = amorce.create_kernel_manager()
        amorce.km = self.km
        # La sortie d'erreur du processus noyau n'apporte que du bruit (avertissement de transport) :
        # les erreurs des cellules arrivent par les messages du noyau, pas par elle.
        amorce.start_new_kernel(cwd=os.getcwd(), stderr=subprocess.DEVNULL)
        amorce.start_new_kernel_client()
        self.kc = amorce.kc
        self._executer_code(CODE_PRECHARGEMENT, Path.cwd())

    def arreter(self) -> None:
        """Arrête le noyau (sans effet s'il ne tourne pas)."""
        from jupyter_core.utils import run_sync

        if self.kc is not None:
            try:
                self.kc.stop_channels()
            except Exception:  # le noyau peut être déjà mort : rien à faire de plus
                pass
        if self.km is not None:
            try:
                run_sync(self.km.shutdown_kernel)(now=True)
            except Exception:
                pass
        self.km = self.kc = None

    def _executer_code(self, code: str, dossier: Path) -> None:
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
        self._client(nb, dossier).execute()

    def executer(self, chemin: str | Path, parametres: dict, *, environnement: dict | None = None):
        """Exécute un notebook avec ses paramètres ; renvoie le notebook exécuté (nbformat).

        Lève ErreurFichier si le notebook est illisible, ErreurExecution si une cellule échoue
        (le noyau est alors redémarré s'il est mort, pour le notebook suivant).
        """
        from nbclient.exceptions import CellExecutionError, DeadKernelError, CellTimeoutError

        chemin = Path(chemin).resolve()
        nb = preparer_notebook(chemin, parametres, self.noyau)
        self.demarrer()
        dossier = chemin.parent
        try:
            self._executer_code(GABARIT_REINITIALISATION.format(dossier=str(dossier), environnement=dict(environnement or {})), dossier)
            self._client(nb, dossier).execute()
        except CellExecutionError as erreur:
            raise _erreur_de_cellule(nb, chemin, erreur) from None
        except (DeadKernelError, CellTimeoutError) as erreur:
            index = _index_cellule_en_cours(nb)
            self.arreter()
            nom = "Délai dépassé" if isinstance(erreur, CellTimeoutError) else "Noyau arrêté"
            raise ErreurExecution(chemin, numero_origine(nb, index), nom, str(erreur).splitlines()[0] if str(erreur) else "") from None
        return nb

    def rendre(self, chemin: str | Path, parametres: dict, dossier_sortie: str | Path, *, environnement: dict | None = None) -> PageRendue:
        """Exécute un notebook et écrit sa page HTML (nom du notebook, extension .html) dans `dossier_sortie`."""
        import time

        debut = time.perf_counter()
        nb = self.executer(chemin, parametres, environnement=environnement)
        return ecrire_page(nb, chemin, dossier_sortie, time.perf_counter() - debut)


def ecrire_page(nb, chemin: str | Path, dossier_sortie: str | Path, duree_execution: float = 0.0) -> PageRendue:
    """Écrit la page HTML d'un notebook exécuté (nom du notebook, extension .html) dans `dossier_sortie`.

    N'utilise pas le noyau : un rapport écrit la page d'un notebook dans un fil à part pendant que le
    noyau exécute le suivant. La durée de la page est celle de l'exécution plus celle de l'écriture."""
    import time

    debut = time.perf_counter()
    chemin = Path(chemin)
    titre = titre_notebook(nb, chemin)
    page = Path(dossier_sortie) / nom_page(chemin)
    ecrire_texte(page, exporter_html(nb, titre))
    return PageRendue(chemin, titre, page, duree_execution + time.perf_counter() - debut)


def preparer_notebook(chemin: Path, parametres: dict, noyau: str = NOYAU):
    """Le notebook `chemin` lu, avec la cellule des paramètres injectés comme le fait papermill (cellule
    « injected-parameters » après la cellule taguée `parameters`, sinon en tête ; paramètres gardés dans
    ``metadata.papermill.parameters``). Lève ErreurFichier si le notebook est illisible."""
    try:
        nb = nbformat.read(chemin, as_version=4)
    except (OSError, ValueError) as erreur:
        raise ErreurFichier(chemin, f"notebook illisible ({erreur}).", "Vérifiez qu'il s'agit d'un fichier .ipynb valide.")
    nb.metadata.setdefault("kernelspec", {"name": noyau, "language": "python", "display_name": "Python 3"})
    nb.metadata.setdefault("papermill", {})
    for cellule in nb.cells:  # papermill lit cell.metadata.tags sans valeur par défaut
        cellule.metadata.setdefault("tags", [])
    if not all(_litteral(valeur) for valeur in parametres.values()):
        from papermill.parameterize import parameterize_notebook

        return parameterize_notebook(nb, parametres, kernel_name=noyau, language="python")
    # Les paramètres des rapports sont des littéraux Python : la cellule s'écrit sans importer papermill (1 s
    # d'imports par processus, pour une dizaine de lignes).
    injectee = nbformat.v4.new_code_cell(
        "# Parameters\n" + "".join(f"{nom} = {valeur!r}\n" for nom, valeur in parametres.items()),
        metadata={"tags": ["injected-parameters"]})
    etiquettes = [c.metadata.get("tags", []) for c in nb.cells]
    deja = next((i for i, t in enumerate(etiquettes) if "injected-parameters" in t), None)
    if deja is not None:
        nb.cells[deja] = injectee
    else:
        position = next((i + 1 for i, t in enumerate(etiquettes) if "parameters" in t), 0)
        nb.cells.insert(position, injectee)
    nb.metadata.papermill["parameters"] = dict(parametres)
    return nb


def _litteral(valeur) -> bool:
    """Vrai pour une valeur que `repr` écrit en Python exact (texte, nombre fini, booléen, None, listes et dict)."""
    if valeur is None or isinstance(valeur, (str, bool, int)):
        return True
    if isinstance(valeur, float):
        return valeur == valeur and abs(valeur) != float("inf")
    if isinstance(valeur, (list, tuple)):
        return all(_litteral(v) for v in valeur)
    if isinstance(valeur, dict):
        return all(isinstance(k, str) and _litteral(v) for k, v in valeur.items())
    return False


def _indices_injectes(nb) -> list[int]:
    return [i for i, c in enumerate(nb.cells) if "injected-parameters" in c.get("metadata", {}).get("tags", [])]


def numero_origine(nb, index: int | None) -> int | None:
    """Numéro (à partir de 1) de la cellule dans le notebook d'origine, sans la cellule injectée."""
    if index is None:
        return None
    decalage = sum(1 for i in _indices_injectes(nb) if i < index)
    return index - decalage + 1


def _index_cellule_en_cours(nb) -> int | None:
    for index, cellule in enumerate(nb.cells):
        if cellule.cell_type == "code" and cellule.get("execution_count") is None and cellule.source.strip():
            return index
    return None


def _erreur_de_cellule(nb, chemin: Path, erreur) -> ErreurExecution:
    index = None
    for i, cellule in enumerate(nb.cells):
        if any(sortie.get("output_type") == "error" for sortie in cellule.get("outputs", [])):
            index = i
            break
    extrait = ""
    if index is not None:
        lignes = [ligne for ligne in nb.cells[index].source.splitlines() if ligne.strip()]
        extrait = lignes[0][:120] if lignes else ""
    return ErreurExecution(chemin, numero_origine(nb, index), erreur.ename, erreur.evalue, extrait)


# --- Réserve de processus -------------------------------------------------------------------

_MOTEUR_DU_PROCESSUS = None


def nouveau_moteur():
    """Le moteur d'un rapport : les notebooks exécutés dans ce processus (`execution_locale.MoteurLocal`,
    sans second interpréteur à démarrer), ou dans un noyau Jupyter (`Moteur`) si le processus a déjà un
    shell IPython (rapport produit depuis un notebook)."""
    from spaserlib.documents.execution_locale import MoteurLocal

    return MoteurLocal() if MoteurLocal.possible() else Moteur()


def moteur_du_processus():
    """Le moteur chaud du processus courant (`nouveau_moteur`, créé au premier appel, arrêté à la sortie du processus)."""
    global _MOTEUR_DU_PROCESSUS
    if _MOTEUR_DU_PROCESSUS is None:
        _MOTEUR_DU_PROCESSUS = nouveau_moteur()
        # Les processus de la réserve sortent par os._exit : atexit n'y est pas appelé, Finalize l'est.
        mp_util.Finalize(None, _MOTEUR_DU_PROCESSUS.arreter, exitpriority=10)
    return _MOTEUR_DU_PROCESSUS


def executer_en_parallele(fonction: Callable, taches: Iterable, *, jobs: int | None = None) -> Iterator[tuple[object, object]]:
    """Applique `fonction` à chaque tâche dans une réserve de `jobs` processus (défaut : nombre de cœurs).

    Rend les couples (tâche, résultat) dans l'ordre où ils se terminent. `fonction` doit être
    définie au niveau d'un module (elle est envoyée aux processus) et devrait renvoyer son échec
    comme un résultat ; si elle lève quand même, ou si son processus meurt, le résultat est
    l'exception : une tâche en échec n'arrête pas les autres.
    """
    taches = list(taches)
    if not taches:
        return
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(taches)))
    # « spawn » : un processus neuf, sans les fils d'exécution ni l'état du processus parent.
    contexte = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=contexte) as reserve:
        futurs = {reserve.submit(fonction, tache): tache for tache in taches}
        for futur in as_completed(futurs):
            try:
                resultat = futur.result()
            except Exception as erreur:  # processus mort (mémoire, signal) : la tâche échoue, pas la réserve
                resultat = erreur
            yield futurs[futur], resultat
