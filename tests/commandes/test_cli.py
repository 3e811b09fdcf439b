"""La commande `spaser` elle-même : sous-commandes importées à l'usage, et aucune trace Python pour l'utilisateur.

Les erreurs du système (dossier introuvable, non inscriptible, disque plein, tube nommé ou
périphérique donné comme données) et d'encodage donnent un message en français et le code 1 ;
Ctrl+C le code 130 ; SIGTERM le code 143. Aucun test ne mesure un temps : `benchmarks/bench_cli.py`
le fait.
"""

import errno
import json
import os
import signal
import subprocess
import sys

import pytest

from spaserlib import cli
from spaserlib.cli import main
from tests import DONNEES, RACINE

TABLEURS = DONNEES / "tableurs"
LOURDS = ["docx", "jinja2", "matplotlib", "nbconvert", "nbformat", "openpyxl", "papermill", "pandas"]
# Au-delà, un sous-processus est bloqué (un tube nommé ouvert en lecture attend un écrivain) : le test
# échoue au lieu d'attendre indéfiniment. Ce n'est pas une mesure de temps.
GARDE_FOU = 120


def spaser(*arguments, env=None, tmp_path=None) -> subprocess.CompletedProcess:
    environnement = dict(os.environ, PYTHONPATH=str(RACINE), **(env or {}))
    if tmp_path is not None:
        environnement["SPASER_CACHE"] = str(tmp_path / "cache")
    return subprocess.run([sys.executable, "-m", "spaserlib", *map(str, arguments)], capture_output=True,
                          text=True, env=environnement, cwd=RACINE, encoding="utf-8", timeout=GARDE_FOU)


def modules_lourds_apres(code: str) -> list[str]:
    script = f"import sys\n{code}\nprint(sorted(m for m in sys.modules if m.split('.')[0] in {LOURDS!r}))"
    sortie = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=RACINE,
                            env=dict(os.environ, PYTHONPATH=str(RACINE)), timeout=GARDE_FOU, check=True)
    return sorted({m.split(".")[0] for m in json.loads(sortie.stdout.strip().splitlines()[-1].replace("'", '"'))})


def sans_trace(resultat: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in resultat.stderr and "Traceback" not in resultat.stdout, resultat.stderr


# --------------------------------------------------------------- sous-commandes importées à l'usage

def test_l_aide_n_importe_aucune_bibliotheque_lourde():
    assert modules_lourds_apres("from spaserlib import cli\ncli.construire_parseur().format_help()") == []


def test_chaque_module_de_commande_se_charge_sans_bibliotheque_lourde():
    code = "\n".join(f"import spaserlib.commandes.{m}" for m in cli.COMMANDES)
    assert modules_lourds_apres(code) == []


def test_smart_n_importe_que_pandas():
    code = ("import contextlib, io\nfrom spaserlib.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n    main(['smart', 'Atteindre 30 % d\\'ici 2027'])")
    assert modules_lourds_apres(code) == ["pandas"]


def test_une_commande_n_importe_que_son_module():
    code = ("import contextlib, io\nfrom spaserlib.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n    main(['smart', 'x'])\n"
            "print(sorted(m for m in sys.modules if m.startswith('spaserlib.commandes.')))")
    sortie = subprocess.run([sys.executable, "-c", "import sys\n" + code], capture_output=True, text=True, cwd=RACINE,
                            env=dict(os.environ, PYTHONPATH=str(RACINE)), timeout=GARDE_FOU, check=True)
    assert sortie.stdout.strip().splitlines()[-1] == "['spaserlib.commandes.smart']"


@pytest.mark.parametrize("argv, module", [
    (["smart", "x"], "smart"),
    (["tableau-de-bord", "d", "--sortie", "s.xlsx"], "tableau_de_bord"),
    (["--", "verifier", "f.csv"], "verifier"),
    (["-h"], None),
    ([], None),
    (["inconnue"], None),
])
def test_module_demande(argv, module):
    assert cli.module_demande(argv) == module


def test_aide_complete_en_francais():
    resultat = spaser("--help")
    assert resultat.returncode == 0
    assert resultat.stdout.startswith("utilisation : spaser [-h] COMMANDE ...")
    for nom in cli.NOMS:
        assert f"    {nom}" in resultat.stdout


def test_commande_inconnue_en_francais():
    resultat = spaser("inconnue")
    assert resultat.returncode == 2
    assert "spaser : erreur : argument COMMANDE : choix invalide : 'inconnue'" in resultat.stderr


def test_sans_commande_l_aide_et_code_2(capsys):
    assert main([]) == 2
    assert "commandes:" in capsys.readouterr().out


def test_copies_des_valeurs_de_la_bibliotheque_a_jour():
    from spaserlib.analyse.obligations import TYPES_ACHETEUR
    from spaserlib.commandes import exercices, tableau_de_bord
    from spaserlib.exercices.corrige import DOSSIER_CAS_ETUDE

    assert sorted(tableau_de_bord.TYPES_ACHETEUR) == sorted(TYPES_ACHETEUR)
    assert exercices.DOSSIER_CAS_ETUDE == DOSSIER_CAS_ETUDE


# --------------------------------------------------------------- aucune trace : dossiers et fichiers

def test_sortie_sous_un_fichier(tmp_path):
    resultat = spaser("analyser", DONNEES / "cartographie" / "achats.csv", "--sortie", "/dev/null/x", tmp_path=tmp_path)
    sans_trace(resultat)
    assert resultat.returncode == 1
    assert resultat.stderr == ("Erreur : /dev/null/x : un élément du chemin n'est pas un dossier. Vérifiez le chemin : "
                               "un fichier (par exemple /dev/null) ne peut pas contenir de dossier.\n")


def test_peripherique_comme_donnees(tmp_path):
    resultat = spaser("smart", "Atteindre 30 % d'ici 2027", "--donnees", "/dev/null", tmp_path=tmp_path)
    sans_trace(resultat)
    assert resultat.returncode == 1
    assert resultat.stderr == (
        "Erreur : /dev/null : ce n'est ni un fichier ordinaire ni un dossier (tube nommé, périphérique…) : le kit ne "
        "l'ouvre pas. Donnez le chemin d'un fichier de données (CSV, XLSX, ODS ou JSON) ou d'un dossier "
        "d'organisation.\n")


@pytest.fixture
def tube(tmp_path):
    if not hasattr(os, "mkfifo"):
        pytest.skip("pas de tube nommé sur ce système")
    chemin = tmp_path / "donnees.json"
    os.mkfifo(chemin)
    return chemin


MESSAGE_TUBE = "ce n'est ni un fichier ordinaire ni un dossier (tube nommé, périphérique…) : le kit ne l'ouvre pas."


@pytest.mark.parametrize("commande, code", [
    (["verifier", "{tube}"], 2),
    (["smart", "Atteindre 30 % d'ici 2027", "--donnees", "{tube}"], 1),
    (["analyser", "{tube}", "--sortie", "{tmp}/sortie"], 1),
    (["rapport", "{tube}", "--sortie", "{tmp}/rapport"], 1),
    (["tableau-de-bord", "{tube}", "--sortie", "{tmp}/suivi.xlsx"], 1),
    (["classe", "{tube}", "--sortie", "{tmp}/classe"], 1),
])
def test_tube_nomme_comme_donnees_refuse_sans_l_ouvrir(tmp_path, tube, commande, code):
    arguments = [a.format(tube=tube, tmp=tmp_path) for a in commande]
    resultat = spaser(*arguments, tmp_path=tmp_path)
    sans_trace(resultat)
    assert resultat.returncode == code
    assert f"{tube} : {MESSAGE_TUBE}" in resultat.stdout + resultat.stderr
    assert not any(p.name.startswith(("sortie", "rapport", "suivi", "classe")) for p in tmp_path.iterdir())


def test_tube_nomme_declare_dans_le_profil(tmp_path, tube):
    dossier = tmp_path / "organisation"
    dossier.mkdir()
    (dossier / "profil.yaml").write_text(f"nom: Valbourg\nfichiers:\n  marches: [{tube}]\n", encoding="utf-8")
    resultat = spaser("smart", "x", "--donnees", dossier, tmp_path=tmp_path)
    sans_trace(resultat)
    assert resultat.returncode == 1 and MESSAGE_TUBE in resultat.stderr


def test_tube_nomme_comme_objectifs(tmp_path, tube):
    resultat = spaser("tableau-de-bord", DONNEES / "suivi" / "organisation", "--sortie", tmp_path / "s.xlsx",
                      "--objectifs", tube, tmp_path=tmp_path)
    sans_trace(resultat)
    assert resultat.returncode == 1
    assert "Indiquez un fichier ordinaire pour les objectifs." in resultat.stderr


def test_dossier_de_sortie_en_lecture_seule(tmp_path):
    if os.getuid() == 0:
        # root écrit même dans un dossier 0500 : /sys refuse toute création, même à root (EPERM)
        resultat = spaser("analyser", DONNEES / "cartographie" / "achats.csv", "--sortie", "/sys/spaser-essai/x",
                          tmp_path=tmp_path)
        sans_trace(resultat)
        assert resultat.returncode == 1 and "/sys/spaser-essai : opération non permise" in resultat.stderr
        return
    parent = tmp_path / "lecture-seule"
    parent.mkdir(mode=0o500)
    try:
        resultat = spaser("analyser", DONNEES / "cartographie" / "achats.csv", "--sortie", parent / "x",
                          tmp_path=tmp_path)
    finally:
        parent.chmod(0o700)
    sans_trace(resultat)
    assert resultat.returncode == 1 and "permission refusée" in resultat.stderr


@pytest.mark.parametrize("erreur, message", [
    (PermissionError(errno.EACCES, "Permission denied", "/srv/sortie"),
     "Erreur : /srv/sortie : permission refusée. Vérifiez les droits, ou choisissez un dossier où vous pouvez écrire.\n"),
    (OSError(errno.ENOSPC, "No space left on device", "/srv/sortie/kraljic.png"),
     "Erreur : /srv/sortie/kraljic.png : plus de place sur le disque. Libérez de la place, ou choisissez un dossier "
     "sur un autre disque.\n"),
    (OSError(errno.EROFS, "Read-only file system", "/media/cle"),
     "Erreur : /media/cle : système de fichiers en lecture seule. Choisissez un dossier où vous pouvez écrire.\n"),
    (FileNotFoundError(errno.ENOENT, "No such file", "a", None, "b"),
     "Erreur : a -> b : fichier ou dossier introuvable. Vérifiez le chemin.\n"),
    (OSError(errno.EHOSTDOWN, "Host is down"),
     "Erreur : erreur du système (EHOSTDOWN). Vérifiez le chemin et les droits, puis relancez.\n"),
])
def test_erreurs_du_systeme_en_francais(monkeypatch, capsys, erreur, message):
    from spaserlib.objectifs import smart

    def echoue(*args, **kwargs):
        raise erreur

    monkeypatch.setattr(smart, "analyser_objectif", echoue)
    assert main(["smart", "x"]) == 1
    assert capsys.readouterr().err == message


def test_encodage_en_francais(monkeypatch, capsys):
    from spaserlib.objectifs import smart

    def echoue(*args, **kwargs):
        b"caf\xe9".decode("utf-8")

    monkeypatch.setattr(smart, "analyser_objectif", echoue)
    assert main(["smart", "x"]) == 1
    assert capsys.readouterr().err == (
        "Erreur : un fichier n'est pas encodé en UTF-8 (octet 0xe9 à la position 3). Enregistrez-le en UTF-8 "
        "(dans Excel : « CSV UTF-8 » ; dans LibreOffice : jeu de caractères « Unicode (UTF-8) »), puis relancez.\n")


def test_participants_en_cp1252(tmp_path):
    participants = tmp_path / "participants.csv"
    participants.write_bytes("nom;donnees\nHélène;donnees\n".encode("cp1252"))
    resultat = spaser("classe", participants, "--sortie", tmp_path / "classe", tmp_path=tmp_path)
    sans_trace(resultat)
    assert resultat.returncode == 1
    assert resultat.stderr == (
        f"Erreur : {participants} : le fichier n'est pas encodé en UTF-8 (ligne 2). Enregistrez-le en UTF-8 (dans "
        "Excel : « CSV UTF-8 » ; dans LibreOffice : jeu de caractères « Unicode (UTF-8) »), puis relancez.\n")


def test_objectifs_en_cp1252(tmp_path):
    objectifs = tmp_path / "objectifs.yaml"
    objectifs.write_bytes("- libelle: 30 % de marchés d'ici 2027\n".encode("cp1252"))
    resultat = spaser("tableau-de-bord", DONNEES / "suivi" / "organisation", "--sortie", tmp_path / "s.xlsx",
                      "--objectifs", objectifs, tmp_path=tmp_path)
    sans_trace(resultat)
    assert resultat.returncode == 1 and resultat.stderr.startswith(f"Erreur : {objectifs} : ")
    assert "UTF-8" in resultat.stderr


# --------------------------------------------------------------- interruptions et erreurs inattendues

def test_ctrl_c_code_130(monkeypatch, capsys):
    from spaserlib.objectifs import smart

    def interrompu(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(smart, "analyser_objectif", interrompu)
    assert main(["smart", "x"]) == 130
    assert capsys.readouterr().err == "\nCommande interrompue (Ctrl+C).\n"


@pytest.mark.skipif(not hasattr(signal, "SIGTERM") or sys.platform == "win32", reason="signaux POSIX")
def test_sigterm_code_143_et_gestionnaire_rendu(monkeypatch, capsys):
    from spaserlib.objectifs import smart

    avant = signal.getsignal(signal.SIGTERM)
    monkeypatch.setattr(smart, "analyser_objectif", lambda *a, **k: os.kill(os.getpid(), signal.SIGTERM))
    assert main(["smart", "x"]) == 143
    assert capsys.readouterr().err == "Commande arrêtée (signal SIGTERM).\n"
    assert signal.getsignal(signal.SIGTERM) == avant


def test_erreur_inattendue_sans_trace(monkeypatch, capsys):
    from spaserlib.objectifs import smart

    def boum(*args, **kwargs):
        raise RuntimeError("boum")

    monkeypatch.setattr(smart, "analyser_objectif", boum)
    monkeypatch.delenv("SPASER_DEBUG", raising=False)
    assert main(["smart", "x"]) == 1
    assert capsys.readouterr().err == (
        "Erreur : erreur inattendue du kit (RuntimeError : boum). Relancez avec la variable SPASER_DEBUG=1 pour "
        "afficher le détail technique, et transmettez-le à qui maintient le kit.\n")
    monkeypatch.setenv("SPASER_DEBUG", "1")
    with pytest.raises(RuntimeError, match="boum"):
        main(["smart", "x"])
