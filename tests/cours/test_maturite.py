"""L'autoévaluation de la maturité de la fonction achats (01.02) : grille, profil, lecture, radar, formulaire."""

import pytest

from spaserlib.commun.erreurs import ErreurDonnees, ErreurFichier, ErreurParametre
from spaserlib.cours import maturite
from spaserlib.cours.maturite import (
    charger_grille,
    evaluer_maturite,
    figure_maturite,
    grille_maturite,
    lecture_maturite,
    phrase_maturite,
)


@pytest.fixture(scope="module")
def grille():
    return charger_grille()


def _toutes(grille, niveau):
    return {ident: niveau for ident in grille.identifiants}


# --- la grille ------------------------------------------------------------------------------------

def test_la_grille_du_kit_a_six_a_huit_dimensions_de_quatre_niveaux(grille):
    assert 6 <= len(grille.dimensions) <= 8
    assert sorted(grille.echelle) == [1, 2, 3, 4]
    for niveaux in grille.dimensions["niveaux"]:
        assert len(niveaux) == 4 and len(set(niveaux)) == 4
        assert all(t.endswith(".") for t in niveaux)  # une phrase par niveau
    assert {"gouvernance", "cartographie", "considerations", "donnees"} <= set(grille.identifiants)


def test_une_grille_mal_formee_liste_chaque_dimension_fautive(tmp_path):
    fichier = tmp_path / "grille.yaml"
    fichier.write_text("echelle: {1: a, 2: b, 3: c, 4: d}\ndimensions:\n"
                       "  - id: gouvernance\n    libelle: Gouvernance\n    niveaux: [un., deux., trois.]\n"
                       "  - id: gouvernance\n    libelle: ''\n    niveaux: [un., deux., trois., quatre.]\n",
                       encoding="utf-8")
    with pytest.raises(ErreurDonnees) as erreur:
        charger_grille(fichier)
    texte = str(erreur.value)
    assert "exactement 4 niveaux (il y en a 3)" in texte
    assert "déjà employé" in texte and "libellé manquant" in texte
    assert len(erreur.value.problemes) == 3


def test_une_grille_illisible_est_une_erreur_de_fichier(tmp_path):
    fichier = tmp_path / "grille.yaml"
    fichier.write_text("dimensions: [\n", encoding="utf-8")
    with pytest.raises(ErreurFichier, match="YAML mal formé"):
        charger_grille(fichier)
    with pytest.raises(ErreurFichier, match="illisible"):
        charger_grille(tmp_path / "absent.yaml")


# --- le profil ------------------------------------------------------------------------------------

def test_le_profil_garde_l_ordre_de_la_grille_et_decrit_chaque_niveau(grille):
    reponses = {"donnees": 4, "gouvernance": 1}
    profil = evaluer_maturite(reponses, grille)
    assert list(profil["id"]) == grille.identifiants
    ligne = profil.set_index("id").loc["donnees"]
    assert ligne["niveau"] == 4 and ligne["description"] == grille.dimensions.set_index("id").loc["donnees", "niveaux"][3]
    assert ligne["nom_niveau"] == grille.echelle[4]
    assert profil["niveau"].isna().sum() == len(grille.identifiants) - 2
    assert reponses == {"donnees": 4, "gouvernance": 1}  # les réponses ne sont pas modifiées


@pytest.mark.parametrize("valeur", [0, 5, -1, 2.5, True, "quatre", [3]])
def test_un_niveau_hors_de_1_a_4_est_refuse_en_francais(grille, valeur):
    with pytest.raises(ErreurParametre, match=r"Réponse « pilotage » .* de 1 \(débutant\) à 4 \(exemplaire\)"):
        evaluer_maturite({"pilotage": valeur}, grille)


def test_un_niveau_ecrit_en_chiffres_est_accepte(grille):
    assert evaluer_maturite({"pilotage": " 3 "}, grille).set_index("id").loc["pilotage", "niveau"] == 3


@pytest.mark.parametrize("reponses", [{}, {"pilotage": None, "donnees": ""}])
def test_aucune_reponse_est_refusee(grille, reponses):
    with pytest.raises(ErreurParametre, match="Aucune réponse"):
        evaluer_maturite(reponses, grille)


def test_une_dimension_inconnue_est_nommee(grille):
    with pytest.raises(ErreurParametre, match="« strategie »"):
        evaluer_maturite({"strategie": 2, "pilotage": 2}, grille)
    with pytest.raises(ErreurParametre, match="dictionnaire"):
        evaluer_maturite([2, 3], grille)


# --- la lecture -----------------------------------------------------------------------------------

def test_points_forts_et_priorites_gardent_tous_les_ex_aequo(grille):
    ids = grille.identifiants
    reponses = {ids[0]: 4, ids[1]: 4, ids[2]: 1, ids[3]: 1, ids[4]: 1, ids[5]: 2}
    profil = evaluer_maturite(reponses, grille)
    lecture = lecture_maturite(profil)
    libelles = dict(zip(profil["id"], profil["dimension"]))
    assert lecture.points_forts == [libelles[ids[0]], libelles[ids[1]]]
    assert lecture.priorites == [libelles[ids[2]], libelles[ids[3]], libelles[ids[4]]]
    assert (lecture.niveau_haut, lecture.niveau_bas) == (4, 1)
    assert lecture.moyenne == pytest.approx((4 + 4 + 1 + 1 + 1 + 2) / 6)
    assert lecture.non_renseignees == [libelles[i] for i in ids[6:]]
    phrase = phrase_maturite(lecture)
    assert "Points forts (niveau 4)" in phrase and "Priorités (niveau 1)" in phrase
    assert all(libelles[i] in phrase for i in ids[:5])


def test_un_profil_homogene_n_invente_pas_de_point_fort(grille):
    lecture = lecture_maturite(evaluer_maturite(_toutes(grille, 2), grille))
    assert lecture.points_forts == []
    assert len(lecture.priorites) == len(grille.identifiants)
    assert "Profil homogène" in phrase_maturite(lecture) and "niveau 2" in phrase_maturite(lecture)


def test_une_seule_priorite_est_au_singulier(grille):
    reponses = _toutes(grille, 3) | {"donnees": 1}
    phrase = phrase_maturite(lecture_maturite(evaluer_maturite(reponses, grille)))
    assert "Priorité (niveau 1) : « Données et systèmes d'information »" in phrase
    assert "c'est sur elle que" in phrase


# --- le radar -------------------------------------------------------------------------------------

def test_le_radar_a_un_rayon_par_dimension_un_titre_et_un_texte_de_remplacement(grille):
    profil = evaluer_maturite({"pilotage": 3, "donnees": 1}, grille)
    figure = figure_maturite(profil, "Maturité de la fonction achats : autoévaluation du 2 décembre 2026")
    ax = figure.axes[0]
    assert ax.name == "polar"
    assert len(ax.get_xticklabels()) == len(grille.identifiants)
    assert ax.get_title().endswith("2 décembre 2026")
    etiquettes = " ".join(t.get_text() for t in ax.get_xticklabels())
    assert "(non renseignée)" in etiquettes and "niveau 3" in etiquettes
    assert "Pilotage et suivi : niveau 3" in figure.texte_alternatif
    assert "2 décembre 2026" in figure.texte_alternatif


# --- le formulaire --------------------------------------------------------------------------------

def test_sans_ecran_le_formulaire_montre_le_profil_des_reponses_sans_widget(grille, affiches, tmp_path):
    grille_maturite({"pilotage": 3, "donnees": 1}, interactif=False, organisation="Trois Rivières",
                    date_evaluation="2026-12-02")
    types = [next(iter(o)) if isinstance(o, dict) else type(o).__name__ for o in affiches]
    assert "image/png" in types and "text/html" in types
    assert not any("widget" in str(t) for t in types)
    textes = " ".join(o.get("text/plain", "") for o in affiches if isinstance(o, dict))
    assert "Trois Rivières" in textes and "2 décembre 2026" in textes
    assert "Priorité (niveau 1)" in textes
    assert list(tmp_path.iterdir()) == []  # rien n'est enregistré sans qu'on le demande


def test_le_radar_n_est_enregistre_que_si_on_le_demande(grille, affiches, tmp_path):
    chemin = tmp_path / "radar.png"
    maturite.montrer_profil({"pilotage": 2}, grille=grille, enregistrer=chemin)
    assert chemin.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_le_formulaire_donne_le_meme_profil_que_le_mode_statique(grille, affiches, monkeypatch):
    pytest.importorskip("ipywidgets")
    vus = []
    monkeypatch.setattr(maturite, "montrer_profil", lambda reponses, *a, **k: vus.append(dict(reponses)))
    reponses = {"pilotage": 3, "donnees": 1}
    grille_maturite(reponses, interactif=True, grille=grille)
    boite = affiches[-1]
    listes = [w for w in boite.children if type(w).__name__ == "Dropdown"]
    boutons = [w for w in boite.children if type(w).__name__ == "Button"]
    assert len(listes) == len(grille.identifiants) and boutons[0].description == "Voir mon profil"
    assert [l.value for l in listes] == [reponses.get(i) for i in grille.identifiants]
    boutons[0].click()
    assert vus == [{i: reponses.get(i) for i in grille.identifiants}]
    assert evaluer_maturite(vus[0], grille).equals(evaluer_maturite(reponses, grille))


def test_le_formulaire_signale_une_reponse_preremplie_fausse(grille, affiches):
    pytest.importorskip("ipywidgets")
    with pytest.raises(ErreurParametre, match="« pilotage »"):
        grille_maturite({"pilotage": 7}, interactif=True, grille=grille)
    assert affiches == []

