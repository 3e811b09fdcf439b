"""Exécuter les notebooks du cours dans le processus même, sans noyau Jupyter : le moteur des rapports.

Un noyau Jupyter est un second interpréteur Python : le démarrer, y importer pandas, matplotlib et
seaborn une seconde fois (le processus qui rend les pages les a déjà), puis faire passer chaque sortie
par ZeroMQ coûte plusieurs secondes par rapport, plus que l'analyse elle-même. `MoteurLocal` exécute
les cellules dans un shell IPython (`InteractiveShell`, celui qu'un noyau enveloppe) du processus
courant, avec les mêmes règles que `execution.Moteur` :

- paramètres injectés par papermill (`execution.preparer_notebook`), cellules exécutées dans l'ordre,
  sorties au format nbformat (flux stdout/stderr, affichages, résultat de la dernière expression,
  erreur), figures matplotlib du moteur « inline » comme dans JupyterLab ;
- avant chaque notebook, l'espace de noms est vidé (`%reset -f`), les figures fermées, les réglages
  matplotlib, pandas et des avertissements remis à leur état de départ, le dossier courant est celui
  du notebook et les variables d'environnement données sont posées ; après lui, dossier courant et
  environnement du processus sont rendus tels qu'ils étaient ;
- une cellule qui échoue lève `ErreurExecution` (numéro de cellule du notebook d'origine, type et
  message de l'erreur, première ligne de la cellule) ; une cellule plus longue que `delai_cellule` est
  interrompue (signal d'alarme : seulement dans le fil principal d'un système qui l'a, Linux ou macOS).

Seul le fil d'exécution du notebook est capturé : un autre fil (l'écriture des pages d'un rapport en
arrière-plan) écrit toujours sur la sortie du processus. Un processus n'a qu'un shell IPython : si un
autre existe déjà (rapport lancé depuis un notebook), `MoteurLocal.possible()` est faux et l'appelant
prend le moteur à noyau (`execution.Moteur`).
"""

from __future__ import annotations

import base64
import io
import os
import signal
import sys
import threading
import warnings
from pathlib import Path

from spaserlib.commun.erreurs import ErreurExecution
from spaserlib.documents.execution import DELAI_CELLULE, numero_origine, preparer_notebook


class _DelaiDepasse(BaseException):
    """Levée dans la cellule par l'alarme (BaseException : un `except Exception` du notebook ne la masque pas)."""


class _Sorties:
    """Les sorties nbformat de la cellule en cours, remplies par les flux, l'affichage et les erreurs."""

    def __init__(self):
        self.liste: list = []

    def flux(self, nom: str, texte: str) -> None:
        if self.liste and self.liste[-1].get("output_type") == "stream" and self.liste[-1]["name"] == nom:
            self.liste[-1]["text"] += texte
        else:
            self.liste.append({"output_type": "stream", "name": nom, "text": texte})

    def ajouter(self, sortie: dict) -> None:
        self.liste.append(sortie)


def _donnees_json(donnees: dict) -> dict:
    """Les représentations d'un affichage comme nbformat les garde (images binaires en base64)."""
    return {mime: base64.b64encode(valeur).decode("ascii") if isinstance(valeur, bytes) else valeur
            for mime, valeur in donnees.items()}


def _montrer_avertissement(message) -> None:
    """Écrit un avertissement sur stderr, comme le fait Python par défaut."""
    sys.stderr.write(warnings._formatwarnmsg(message))


class _Flux(io.TextIOBase):
    """stdout ou stderr du processus pendant une cellule : ce qu'écrit le fil du notebook va dans ses
    sorties, le reste (autres fils) sur le flux d'origine."""

    def __init__(self, nom: str, origine, fil: int, sorties: _Sorties):
        self.nom, self.origine, self.fil, self.sorties = nom, origine, fil, sorties

    @property
    def encoding(self):
        return "utf-8"

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return False

    def write(self, texte) -> int:
        if threading.get_ident() != self.fil:
            return self.origine.write(texte)
        if not texte:
            return 0
        self.sorties.flux(self.nom, str(texte))
        return len(texte)

    def flush(self) -> None:
        if threading.get_ident() != self.fil:
            self.origine.flush()


def _classes_ipython():
    """Le shell, la publication et le crochet d'affichage qui remplissent les sorties nbformat."""
    from IPython.core.displayhook import DisplayHook
    from IPython.core.displaypub import DisplayPublisher
    from IPython.core.interactiveshell import InteractiveShell

    class Publication(DisplayPublisher):
        def publish(self, data, metadata=None, source=None, *, transient=None, update=False, **kwargs):
            sorties = getattr(self.shell, "sorties", None)
            if sorties is None:  # hors d'une cellule (ne devrait pas arriver) : comme IPython
                return super().publish(data, metadata, transient=transient, update=update, **kwargs)
            if update:
                return  # pas de mise à jour d'affichage dans une page figée
            sorties.ajouter({"output_type": "display_data", "data": _donnees_json(data), "metadata": metadata or {}})

        def clear_output(self, wait=False):
            sorties = getattr(self.shell, "sorties", None)
            if sorties is not None:
                sorties.liste.clear()

    class Affichage(DisplayHook):
        def write_output_prompt(self):
            pass

        def write_format_data(self, format_dict, md_dict=None) -> None:
            sorties = getattr(self.shell, "sorties", None)
            if sorties is not None:
                sorties.ajouter({"output_type": "execute_result", "data": _donnees_json(format_dict),
                                 "metadata": md_dict or {}, "execution_count": self.shell.execution_count})

    class Shell(InteractiveShell):
        sorties = None

        def init_sys_modules(self):
            pass  # le module __main__ du processus reste le sien (comme un shell embarqué)

        def enable_gui(self, gui=None):
            pass  # pas de boucle d'événements : les figures sont des images (« inline »)

        def _showtraceback(self, etype, evalue, stb):
            if self.sorties is None:
                return super()._showtraceback(etype, evalue, stb)
            self.sorties.ajouter({"output_type": "error", "ename": getattr(etype, "__name__", str(etype)),
                                  "evalue": str(evalue), "traceback": list(stb)})

    Shell.display_pub_class.default_value = Publication
    Shell.displayhook_class.default_value = Affichage
    return Shell, Publication, Affichage


class MoteurLocal:
    """Exécute des notebooks l'un après l'autre dans le processus courant (voir le module).

    Même usage que `execution.Moteur` : gestionnaire de contexte, `executer`, `rendre`, `demarrer`,
    `arreter`. Le shell est créé au premier notebook et retiré à `arreter` (le processus redevient
    sans shell IPython ; le moteur matplotlib et les réglages d'avant sont rendus).
    """

    def __init__(self, *, delai_cellule: int = DELAI_CELLULE):
        self.delai_cellule = delai_cellule
        self.shell = None
        self._avant = None

    @staticmethod
    def possible() -> bool:
        """Vrai si ce processus n'a pas déjà un shell IPython (un noyau, un terminal IPython)."""
        module = sys.modules.get("IPython.core.interactiveshell")
        return module is None or not module.InteractiveShell.initialized()

    def __enter__(self) -> "MoteurLocal":
        return self

    def __exit__(self, *exc) -> None:
        self.arreter()

    @property
    def demarre(self) -> bool:
        return self.shell is not None

    def demarrer(self) -> None:
        """Crée le shell IPython et importe les bibliothèques du cours (sans effet s'il existe déjà)."""
        if self.shell is not None:
            return
        import matplotlib
        import matplotlib.pyplot as plt
        from traitlets.config import Config

        Shell, Publication, Affichage = _classes_ipython()
        reglages = Config()
        reglages.HistoryManager.enabled = False  # ni fichier d'historique, ni fil d'enregistrement
        reglages.InteractiveShell.colors = "nocolor"
        # Sans cache des sorties (Out, _1…) : vider l'espace de noms n'appelle plus gc.collect (0,2 s chaque fois).
        reglages.InteractiveShell.cache_size = 0
        self._avant = (matplotlib.get_backend(), matplotlib.rcParams.copy())
        shell = Shell.instance(config=reglages, display_pub_class=Publication, displayhook_class=Affichage)
        shell.enable_matplotlib("inline")
        # matplotlib_inline n'inscrit ses formats d'image qu'au premier shell du processus : un second shell
        # (un autre rapport du même processus) les reçoit ici, sans quoi ses figures n'auraient que du texte.
        from IPython.core.pylabtools import select_figure_formats
        from matplotlib_inline.backend_inline import InlineBackend

        images = InlineBackend.instance()
        select_figure_formats(shell, images.figure_formats, **images.print_figure_kwargs)
        self.shell = shell
        self._etat_initial = (matplotlib.rcParams.copy(), list(warnings.filters))
        plt.close("all")

    def arreter(self) -> None:
        """Retire le shell du processus et rend le moteur matplotlib d'avant (sans effet s'il n'existe pas)."""
        if self.shell is None:
            return
        import matplotlib
        import matplotlib.pyplot as plt
        from IPython.core.interactiveshell import InteractiveShell

        plt.close("all")
        try:
            self.shell.reset(new_session=False)
        finally:
            type(self.shell).clear_instance()
            InteractiveShell.clear_instance()
            self.shell = None
            backend, reglages = self._avant
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                matplotlib.rcParams.update(reglages)
                plt.switch_backend(backend)

    def _reinitialiser(self) -> None:
        import matplotlib
        import matplotlib.pyplot as plt
        import pandas as pd

        self.shell.reset(new_session=False)
        self.shell.execution_count = 1
        plt.close("all")
        reglages, filtres = self._etat_initial
        matplotlib.rcParams.update(reglages)
        warnings.filters[:] = filtres
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            pd.reset_option("all")

    def executer(self, chemin: str | Path, parametres: dict, *, environnement: dict | None = None):
        """Exécute un notebook avec ses paramètres ; renvoie le notebook exécuté (nbformat).

        Lève ErreurFichier si le notebook est illisible, ErreurExecution si une cellule échoue.
        """
        chemin = Path(chemin).resolve()
        nb = preparer_notebook(chemin, parametres)
        self.demarrer()
        dossier_avant, environnement_avant = os.getcwd(), dict(os.environ)
        try:
            os.chdir(chemin.parent)
            os.environ.update(environnement or {})
            self._reinitialiser()
            for index, cellule in enumerate(nb.cells):
                if cellule.cell_type == "code":
                    self._executer_cellule(nb, chemin, index, cellule)
        finally:
            os.chdir(dossier_avant)
            os.environ.clear()
            os.environ.update(environnement_avant)
        return nb

    def _executer_cellule(self, nb, chemin: Path, index: int, cellule) -> None:
        import nbformat

        sorties = _Sorties()
        fil = threading.get_ident()
        flux = (sys.stdout, sys.stderr)
        alarme = self._armer_alarme()
        # Un avertissement s'écrit sur stderr, donc dans les sorties, comme dans un noyau, même si l'appelant
        # les relève autrement (pytest) ; les filtres posés par le notebook restent d'une cellule à l'autre.
        montrer = (warnings.showwarning, warnings._showwarnmsg_impl)
        warnings.showwarning, warnings._showwarnmsg_impl = warnings._showwarning_orig, _montrer_avertissement
        self.shell.sorties = sorties
        sys.stdout, sys.stderr = _Flux("stdout", flux[0], fil, sorties), _Flux("stderr", flux[1], fil, sorties)
        try:
            resultat = self.shell.run_cell(cellule.source, store_history=True)
        finally:
            sys.stdout, sys.stderr = flux
            warnings.showwarning, warnings._showwarnmsg_impl = montrer
            self.shell.sorties = None
            if alarme:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, alarme[0])
        cellule.execution_count = resultat.execution_count
        cellule.outputs = [nbformat.from_dict(sortie) for sortie in sorties.liste]
        erreur = resultat.error_before_exec or resultat.error_in_exec
        if erreur is not None:
            lignes = [ligne for ligne in cellule.source.splitlines() if ligne.strip()]
            if isinstance(erreur, _DelaiDepasse):
                raise ErreurExecution(chemin, numero_origine(nb, index), "Délai dépassé",
                                      f"la cellule a duré plus de {self.delai_cellule} s") from None
            raise ErreurExecution(chemin, numero_origine(nb, index), type(erreur).__name__, str(erreur),
                                  lignes[0][:120] if lignes else "") from None

    def _armer_alarme(self):
        """Arme l'alarme du délai de cellule ; rend (ancien gestionnaire,), ou () si l'alarme n'est pas possible ici."""
        if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
            return ()

        def sonner(signum, frame):
            raise _DelaiDepasse()

        ancien = signal.signal(signal.SIGALRM, sonner)
        signal.setitimer(signal.ITIMER_REAL, self.delai_cellule)
        return (ancien,)

    def rendre(self, chemin: str | Path, parametres: dict, dossier_sortie: str | Path, *, environnement: dict | None = None):
        """Exécute un notebook et écrit sa page HTML dans `dossier_sortie` (comme `Moteur.rendre`)."""
        import time

        from spaserlib.documents.execution import ecrire_page

        debut = time.perf_counter()
        nb = self.executer(chemin, parametres, environnement=environnement)
        return ecrire_page(nb, chemin, dossier_sortie, time.perf_counter() - debut)
