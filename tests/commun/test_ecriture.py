"""Écrire d'un bloc : un fichier, un dossier ; tout ou rien."""

import os
import stat

import pytest

from spaserlib.commun.ecriture import dossier_d_un_bloc, dossier_temporaire, ecrire_d_un_bloc, ecrire_texte, remplacer_dossier


def test_ecrire_texte_cree_le_dossier_et_le_fichier(tmp_path):
    chemin = ecrire_texte(tmp_path / "a" / "b.txt", "éàç\n")
    assert chemin.read_text(encoding="utf-8") == "éàç\n"
    masque = os.umask(0)
    os.umask(masque)
    assert stat.S_IMODE(chemin.stat().st_mode) == 0o666 & ~masque


def test_un_echec_laisse_l_ancien_fichier_intact_et_aucun_temporaire(tmp_path):
    chemin = ecrire_texte(tmp_path / "rapport.txt", "bon")

    def ecrire_a_moitie(temporaire):
        temporaire.write_text("à moi", encoding="utf-8")
        raise RuntimeError("interruption")

    with pytest.raises(RuntimeError, match="interruption"):
        ecrire_d_un_bloc(chemin, ecrire_a_moitie)
    assert chemin.read_text(encoding="utf-8") == "bon"
    assert [p.name for p in tmp_path.iterdir()] == ["rapport.txt"]


def test_dossier_d_un_bloc_remplace_l_ancien_en_cas_de_succes(tmp_path):
    sortie = tmp_path / "sortie"
    sortie.mkdir()
    (sortie / "ancien.txt").write_text("ancien", encoding="utf-8")
    with dossier_d_un_bloc(sortie) as temporaire:
        assert temporaire.parent == tmp_path and temporaire != sortie
        (temporaire / "nouveau.txt").write_text("nouveau", encoding="utf-8")
        assert (sortie / "ancien.txt").exists()  # rien n'est touché avant la fin
    assert sorted(p.name for p in sortie.iterdir()) == ["nouveau.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sortie"]  # ni temporaire ni ancien laissés


def test_dossier_d_un_bloc_garde_l_ancien_en_cas_d_echec(tmp_path):
    sortie = tmp_path / "sortie"
    sortie.mkdir()
    (sortie / "ancien.txt").write_text("ancien", encoding="utf-8")
    with pytest.raises(RuntimeError):
        with dossier_d_un_bloc(sortie) as temporaire:
            (temporaire / "moitie.txt").write_text("…", encoding="utf-8")
            raise RuntimeError("panne au milieu")
    assert sorted(p.name for p in sortie.iterdir()) == ["ancien.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sortie"]


def test_dossier_d_un_bloc_aux_droits_ordinaires(tmp_path):
    masque = os.umask(0o022)
    try:
        with dossier_d_un_bloc(tmp_path / "neuf") as temporaire:
            (temporaire / "a.txt").write_text("a", encoding="utf-8")
    finally:
        os.umask(masque)
    assert stat.S_IMODE((tmp_path / "neuf").stat().st_mode) == 0o755  # pas les 0700 de mkdtemp


def test_remplacer_dossier_sans_ancien(tmp_path):
    temporaire = dossier_temporaire(tmp_path / "final")
    (temporaire / "x").write_text("x", encoding="utf-8")
    remplacer_dossier(temporaire, tmp_path / "final")
    assert (tmp_path / "final" / "x").read_text(encoding="utf-8") == "x" and not temporaire.exists()
