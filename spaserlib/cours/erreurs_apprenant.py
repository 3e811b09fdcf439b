"""Une erreur causée par l'apprenant s'affiche en une phrase française, sans trace Python.

Dans un notebook (IPython), `installer()` enregistre un gestionnaire d'exceptions pour :
- les erreurs du kit (`ErreurSpaser` : code de famille inconnu, fichier vide, paramètre invalide…), dont
  le message dit déjà, en français, ce qui ne va pas et quoi faire ;
- les fichiers introuvables, les dossiers donnés pour des fichiers, les fichiers sans droit de lecture ;
- un appel mal formé d'une fonction de la façade (argument manquant, en trop ou mal nommé).
Le message est la seule ligne de la sortie d'erreur ; la cellule reste en erreur (« Tout exécuter » s'y arrête, comme
il se doit). Toute autre exception, un vrai défaut du kit ou du code écrit par l'apprenant, garde sa trace
complète : la cacher empêcherait de la corriger.
"""

from __future__ import annotations

import re
import sys

from spaserlib.commun.erreurs import ErreurSpaser

_CHEMIN = ("Vérifiez le chemin dans la cellule des paramètres : copiez-le depuis l'explorateur de fichiers "
           "(sous Windows, écrivez « C:/Users/… » ou r\"C:\\Users\\…\").")
_APPEL = re.compile(r"^(?P<fonction>[\w.]+)\(\) (?P<quoi>missing \d+ required (?:positional|keyword-only) "
                    r"arguments?: .+|got an unexpected keyword argument '.+'|takes .+ positional arguments? but .+ given"
                    r"|got multiple values for argument '.+')$")


def _appel_depuis_la_cellule(tb) -> bool:
    """Vrai si l'appel mal formé est écrit dans la cellule (la dernière trace n'est pas dans le kit) : un appel
    mal formé à l'intérieur du kit est un défaut du kit, montré avec sa trace."""
    while tb.tb_next is not None:
        tb = tb.tb_next
    return "spaserlib" not in tb.tb_frame.f_code.co_filename


def message_pour_l_apprenant(erreur: BaseException, tb=None) -> str | None:
    """La phrase à montrer pour `erreur`, ou None si c'est un défaut à montrer avec sa trace."""
    if isinstance(erreur, ErreurSpaser):
        return str(erreur)
    if isinstance(erreur, IsADirectoryError):
        return f"« {erreur.filename} » est un dossier, pas un fichier. Donnez le chemin d'un fichier de ce dossier."
    if isinstance(erreur, FileNotFoundError):
        return f"Fichier ou dossier introuvable : « {erreur.filename} ». {_CHEMIN}"
    if isinstance(erreur, PermissionError):
        return (f"Lecture refusée pour « {erreur.filename} » : le fichier est peut-être ouvert dans Excel ou "
                "protégé. Fermez-le ou copiez-le dans votre dossier, puis relancez la cellule.")
    if isinstance(erreur, TypeError):
        appel = _APPEL.match(str(erreur))
        if appel and (tb is None or _appel_depuis_la_cellule(tb)):
            return _appel_en_francais(appel["fonction"], appel["quoi"])
    return None


def _appel_en_francais(fonction: str, quoi: str) -> str:
    nom = fonction.rsplit(".", 1)[-1]
    cite = re.search(r"'(\w+)'", quoi)
    if quoi.startswith("missing"):
        manquants = ", ".join(f"« {a} »" for a in re.findall(r"'(\w+)'", quoi))
        detail = f"il manque {manquants}"
    elif quoi.startswith("got an unexpected"):
        detail = f"« {cite[1]} » n'est pas un de ses paramètres"
    elif quoi.startswith("got multiple"):
        detail = f"« {cite[1]} » est donné deux fois"
    else:
        detail = "il reçoit trop de valeurs sans nom"
    return (f"Appel de « {nom} » mal formé : {detail}. Reprenez la ligne modèle de la cellule, ou lisez "
            f"l'aide avec help({nom}).")


def _gestionnaire(shell, etype, valeur, tb, tb_offset=None):
    message = message_pour_l_apprenant(valeur, tb)
    if message is None:
        shell.showtraceback((etype, valeur, tb), tb_offset=tb_offset)
        return None
    # Une sortie d'erreur d'une seule ligne : JupyterLab la montre sur fond rouge, sans trace ; papermill et
    # les rapports voient toujours une cellule en erreur, avec cette phrase pour raison.
    shell._showtraceback(etype, valeur, [f"⚠ {message}"])
    return None


def installer() -> bool:
    """Enregistre le gestionnaire dans le noyau IPython en cours ; rien hors d'IPython. Vrai s'il est posé."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    if shell is None or not hasattr(shell, "set_custom_exc"):
        return False
    shell.set_custom_exc((ErreurSpaser, FileNotFoundError, IsADirectoryError, PermissionError, TypeError), _gestionnaire)
    return True
