"""La commande `spaser` : une sous-commande par fichier de `spaserlib/commandes/`.

Chaque module de `COMMANDES` expose `ajouter(sous_parseurs)`, qui déclare sa sous-commande et lui
associe une fonction `executer(args) -> int` (code de sortie). Un module de commande n'importe au
chargement que la bibliothèque standard : pandas, nbformat, matplotlib, openpyxl… ne sont importés
que par la fonction `executer` qui en a besoin. `spaser COMMANDE …` n'importe que le module de
COMMANDE ; `spaser --help` les importe tous pour lister leur aide, ce qui reste immédiat.

Aucune trace Python n'atteint l'utilisateur : les erreurs du kit, du système (dossier introuvable,
non inscriptible, disque plein…) et d'encodage donnent un message en français et le code 1 ;
Ctrl+C donne le code 130, l'arrêt par SIGTERM le code 143. ``SPASER_DEBUG=1`` laisse passer la trace
d'une erreur inattendue, pour la signaler.
"""

from __future__ import annotations

import argparse
import errno
import importlib
import os
import signal
import sys

from spaserlib.commun.erreurs import ErreurSpaser

# argparse écrit ses propres messages en anglais (via gettext) : on les traduit pour que toute
# l'aide et toutes les erreurs de la commande soient en français.
_TRADUCTIONS = {
    "usage: ": "utilisation : ",
    "options": "options",
    "positional arguments": "arguments",
    "show this help message and exit": "afficher cette aide et quitter",
    "the following arguments are required: %s": "arguments obligatoires manquants : %s",
    "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s\n",
    "unrecognized arguments: %s": "arguments non reconnus : %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "choix invalide : %(value)r (choix possibles : %(choices)s)",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s : %(message)s",
    "expected one argument": "une valeur est attendue",
    "invalid %(type)s value: %(value)r": "valeur invalide (%(type)s) : %(value)r",
    "ambiguous option: %(option)s could match %(matches)s": "option ambiguë : %(option)s peut désigner %(matches)s",
    "not allowed with argument %s": "incompatible avec l'argument %s",
    "expected at least one argument": "au moins une valeur est attendue",
    "expected %s arguments": "%s valeurs sont attendues",
}
argparse._ = lambda message: _TRADUCTIONS.get(message, message)

# Les modules de spaserlib/commandes/, dans l'ordre de l'aide.
COMMANDES = [
    "exercices",
    "noter",
    "verifier",
    "demo",
    "analyser",
    "rapport",
    "classe",
    "smart",
    "tableau_de_bord",
    "comparer",
    "sommaire",
]
# Le nom tapé après `spaser` -> son module (« tableau-de-bord » -> tableau_de_bord).
NOMS = {module.replace("_", "-"): module for module in COMMANDES}


def construire_parseur(modules: list[str] | None = None) -> argparse.ArgumentParser:
    """Le parseur de `spaser` avec les sous-commandes de `modules` (par défaut : toutes)."""
    parseur = argparse.ArgumentParser(
        prog="spaser",
        description="Kit de formation SPASER : vérifier des données d'achat, analyser, produire les rapports.",
    )
    sous = parseur.add_subparsers(title="commandes", dest="commande", metavar="COMMANDE")
    for nom in COMMANDES if modules is None else modules:
        importlib.import_module(f"spaserlib.commandes.{nom}").ajouter(sous)
    return parseur


def module_demande(argv: list[str]) -> str | None:
    """Le module de la sous-commande demandée (premier mot qui n'est pas une option), ou None."""
    for mot in argv:
        if mot == "--":
            continue
        if not mot.startswith("-"):
            return NOMS.get(mot)
    return None


# --------------------------------------------------------------- erreurs du système, en français

_ERREURS_SYSTEME = {
    errno.ENOENT: ("fichier ou dossier introuvable", "Vérifiez le chemin."),
    errno.EACCES: ("permission refusée", "Vérifiez les droits, ou choisissez un dossier où vous pouvez écrire."),
    errno.EPERM: ("opération non permise", "Vérifiez les droits, ou choisissez un autre fichier ou dossier."),
    errno.ENOSPC: ("plus de place sur le disque", "Libérez de la place, ou choisissez un dossier sur un autre disque."),
    errno.EDQUOT: ("quota de disque dépassé", "Libérez de la place, ou choisissez un dossier sur un autre disque."),
    errno.EROFS: ("système de fichiers en lecture seule", "Choisissez un dossier où vous pouvez écrire."),
    errno.ENOTDIR: ("un élément du chemin n'est pas un dossier",
                    "Vérifiez le chemin : un fichier (par exemple /dev/null) ne peut pas contenir de dossier."),
    errno.EISDIR: ("c'est un dossier, un fichier était attendu", "Donnez le chemin d'un fichier."),
    errno.EEXIST: ("existe déjà", "Choisissez un autre nom, ou supprimez l'existant."),
    errno.ENOTEMPTY: ("le dossier n'est pas vide", "Choisissez un dossier vide, ou un autre nom."),
    errno.ENAMETOOLONG: ("nom de fichier trop long", "Choisissez un chemin plus court."),
    errno.EMFILE: ("trop de fichiers ouverts", "Fermez d'autres programmes, puis relancez la commande."),
    errno.ENFILE: ("trop de fichiers ouverts sur la machine", "Fermez d'autres programmes, puis relancez la commande."),
    errno.EIO: ("erreur de lecture ou d'écriture du disque", "Vérifiez le disque ou la clé USB, puis relancez."),
    errno.EXDEV: ("déplacement impossible entre deux disques", "Choisissez un dossier de sortie sur le même disque."),
    errno.ENXIO: ("périphérique ou adresse introuvable", "Donnez le chemin d'un fichier ordinaire."),
    errno.ETXTBSY: ("fichier occupé par un autre programme", "Fermez le programme qui l'utilise, puis relancez."),
}


def message_systeme(erreur: OSError) -> str:
    """Le message français d'une erreur du système : chemin, ce qui ne va pas, que faire."""
    quoi, conseil = _ERREURS_SYSTEME.get(erreur.errno, (None, "Vérifiez le chemin et les droits, puis relancez."))
    if quoi is None:
        code = errno.errorcode.get(erreur.errno, "inconnu") if erreur.errno else type(erreur).__name__
        quoi = f"erreur du système ({code})"
    chemins = [str(c) for c in (erreur.filename, erreur.filename2) if c is not None]
    lieu = f"{' -> '.join(chemins)} : " if chemins else ""
    return f"{lieu}{quoi}. {conseil}"


def message_encodage(erreur: UnicodeError) -> str:
    """Le message français d'un texte illisible dans l'encodage attendu."""
    detail = ""
    if isinstance(erreur, UnicodeDecodeError):
        octet = erreur.object[erreur.start:erreur.start + 1]
        detail = f" (octet 0x{octet.hex()} à la position {erreur.start})" if octet else ""
        return (f"un fichier n'est pas encodé en {erreur.encoding.upper()}{detail}. Enregistrez-le en UTF-8 "
                "(dans Excel : « CSV UTF-8 » ; dans LibreOffice : jeu de caractères « Unicode (UTF-8) »), puis relancez.")
    return f"un texte ne peut pas être écrit ou lu dans l'encodage attendu ({erreur.reason}). Vérifiez ses caractères."


class Arret(BaseException):
    """La commande reçoit SIGTERM : levée dans le fil principal pour que les écritures en cours
    soient annulées proprement (fichiers et dossiers temporaires supprimés)."""


def _arreter(numero, _cadre):
    raise Arret(numero)


def _erreur(texte: str) -> None:
    print(f"Erreur : {texte}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    ancien = None
    try:
        ancien = signal.signal(signal.SIGTERM, _arreter)
    except (ValueError, OSError):  # hors du fil principal : on laisse le signal tel quel
        pass
    try:
        return _executer(argv)
    except ErreurSpaser as erreur:
        _erreur(str(erreur))
        return 1
    except KeyboardInterrupt:
        print("\nCommande interrompue (Ctrl+C).", file=sys.stderr)
        return 130
    except Arret:
        print("Commande arrêtée (signal SIGTERM).", file=sys.stderr)
        return 143
    except BrokenPipeError:
        # La sortie est fermée (« spaser verifier … | head ») : on s'arrête sans rien dire.
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError, AttributeError):
            pass
        return 1
    except OSError as erreur:
        _erreur(message_systeme(erreur))
        return 1
    except UnicodeError as erreur:
        _erreur(message_encodage(erreur))
        return 1
    except MemoryError:
        _erreur("mémoire insuffisante pour traiter ces données. Fermez d'autres programmes, ou découpez le "
                "fichier (par année, par exemple), puis relancez.")
        return 1
    except Exception as erreur:
        if os.environ.get("SPASER_DEBUG"):
            raise
        _erreur(f"erreur inattendue du kit ({type(erreur).__name__} : {erreur}). Relancez avec la variable "
                "SPASER_DEBUG=1 pour afficher le détail technique, et transmettez-le à qui maintient le kit.")
        return 1
    finally:
        if ancien is not None:
            try:
                signal.signal(signal.SIGTERM, ancien)
            except (ValueError, OSError):
                pass


def _executer(argv: list[str]) -> int:
    module = module_demande(argv)
    parseur = construire_parseur(None if module is None else [module])
    args = parseur.parse_args(argv)
    if not getattr(args, "executer", None):
        parseur.print_help()
        return 2
    return int(args.executer(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
