import os
import stat

import pytest

from spaserlib.ecriture import ecrire_d_un_bloc, ecrire_texte


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
