"""L'encodage d'un fichier : UTF-8, Windows-1252, ou un mélange signalé ligne par ligne."""

import pytest

from spaserlib.lecture.encodages import (
    detecter_encodage,
    encodage_du_fichier,
    texte_mixte,
)


@pytest.mark.parametrize("octets, attendu", [
    ("Société Éclair\n".encode(), ("utf-8-sig", False)),
    (b"\xef\xbb\xbf" + "Société\n".encode(), ("utf-8-sig", False)),
    ("Société Éclair ; 1 234,56 €\n".encode("cp1252"), ("cp1252", False)),
    ("Société\n".encode() + "Société\n".encode("cp1252"), ("cp1252", True)),
    (b"ascii seul\n", ("utf-8-sig", False)),
])
def test_encodage_du_fichier(tmp_path, octets, attendu):
    chemin = tmp_path / "f.csv"
    chemin.write_bytes(octets)
    assert encodage_du_fichier(chemin) == attendu
    assert detecter_encodage(chemin) == attendu[0]


def test_melange_a_cheval_sur_deux_blocs(tmp_path):
    # Le « é » UTF-8 (C3 A9) coupé entre deux blocs de 4 Mo est reconnu.
    chemin = tmp_path / "f.csv"
    chemin.write_bytes(b"x" * ((1 << 22) - 1) + "é\n".encode() + "è\n".encode("cp1252"))
    assert encodage_du_fichier(chemin) == ("cp1252", True)


def test_texte_mixte_chaque_ligne_dans_son_encodage(tmp_path):
    chemin = tmp_path / "f.csv"
    chemin.write_bytes("A;Éa\r\n".encode() + "B;Éb\r\n".encode() + "C;Éc\r\n".encode("cp1252"))
    texte, problemes = texte_mixte(chemin, "f.csv")
    assert texte == "A;Éa\r\nB;Éb\r\nC;Éc\r\n"
    assert [(p.ligne, p.code) for p in problemes] == [(3, "encodage_mixte")]


def test_fausse_alerte_sans_dommage(tmp_path):
    # « È » suivi d'une espace insécable (C8 A0) ressemble à de l'UTF-8 dans un fichier Windows-1252 :
    # chaque ligne est essayée en UTF-8 strict, et celles qui échouent restent en Windows-1252.
    chemin = tmp_path / "f.csv"
    chemin.write_bytes("Date;Fournisseur\n15/01/2024;CRÈ\u00a0CHE Élan\n".encode("cp1252"))
    texte, problemes = texte_mixte(chemin, "f.csv")
    assert texte.splitlines()[1] == "15/01/2024;CRÈ\u00a0CHE Élan"
    assert problemes == []
