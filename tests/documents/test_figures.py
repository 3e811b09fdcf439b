"""Figures de la cartographie : produites sans aucun avertissement, lisibles, fidèles aux tables."""

import itertools

import matplotlib
import numpy as np
import pandas as pd
import pytest
from matplotlib.text import Annotation, Text

from spaserlib.commun.erreurs import ErreurParametre
from spaserlib.documents.figures import figure_kraljic, figure_pareto
from spaserlib.commun.format_fr import ESPACE, euros_courts
from spaserlib.analyse.kraljic import forcer, noter_familles
from spaserlib.analyse.pareto import classer_pareto

matplotlib.use("Agg")
pytestmark = pytest.mark.filterwarnings("error")


def achats(n_fournisseurs=5, n_familles=3, lignes=300, graine=0):
    rng = np.random.default_rng(graine)
    poids_f = 1 / np.arange(1, n_fournisseurs + 1)
    poids_m = 1 / np.arange(1, n_familles + 1) ** 0.8
    return pd.DataFrame(
        {
            "fournisseur": rng.choice([f"Fournisseur {i:03d}" for i in range(n_fournisseurs)], lignes, p=poids_f / poids_f.sum()),
            "famille": rng.choice([f"F{j:02d}" for j in range(n_familles)], lignes, p=poids_m / poids_m.sum()),
            "montant_ht": rng.lognormal(8, 1, lignes),
        }
    )


def nomenclature(n_familles=3, graine=0):
    rng = np.random.default_rng(graine)
    return pd.DataFrame(
        {
            "code": [f"F{j:02d}" for j in range(n_familles)],
            "libelle": [f"Famille d'achats numéro {j}" for j in range(n_familles)],
            "complexite_marche": rng.integers(1, 5, n_familles),
            "enjeu_environnemental": rng.integers(1, 5, n_familles),
            "enjeu_social": rng.integers(1, 5, n_familles),
        }
    )


def barres(figure):
    return [p for p in figure.axes[0].patches if isinstance(p, matplotlib.patches.Rectangle)]


def test_pareto_une_barre_par_fournisseur_et_courbe_cumulee():
    table = classer_pareto(achats(n_fournisseurs=5))
    figure = figure_pareto(table)
    hauteurs = [b.get_height() for b in barres(figure)]
    assert hauteurs == pytest.approx(table["montant_net"].tolist())
    courbe = figure.axes[1].lines[0]
    assert list(courbe.get_ydata()) == pytest.approx(table["part_cumulee"].tolist())
    seuils = sorted(l.get_ydata()[0] for l in figure.axes[1].lines[1:])
    assert seuils == pytest.approx([0.80, 0.95])


def test_pareto_longue_traine_agregee():
    table = classer_pareto(achats(n_fournisseurs=1500, lignes=20_000))
    n = int(table["classe"].notna().sum())
    figure = figure_pareto(table, max_barres=20)
    assert len(barres(figure)) == 20
    libelles = [t.get_text() for t in figure.axes[0].get_xticklabels()]
    assert libelles[-1] == f"autres ({n - 19:,} fournisseurs)".replace(",", ESPACE)
    queue = table["montant_net"].iloc[19:n].sum()
    # La traîne écraserait les autres barres : sa barre est coupée au haut de l'axe, montant écrit.
    assert queue > 1.5 * table["montant_net"].iloc[0]
    assert barres(figure)[-1].get_height() == pytest.approx(figure.axes[0].get_ylim()[1])
    assert f"{euros_courts(queue)} (barre coupée)" in [t.get_text() for t in figure.axes[0].texts]
    assert figure.axes[1].lines[0].get_ydata()[-1] == pytest.approx(1.0)


def test_pareto_traine_modeste_non_coupee():
    table = classer_pareto(pd.DataFrame({"fournisseur": list("ABCDE"), "montant_ht": [50.0, 40, 5, 3, 2]}))
    figure = figure_pareto(table, max_barres=3)
    assert barres(figure)[-1].get_height() == pytest.approx(10)
    assert not any("barre coupée" in t.get_text() for t in figure.axes[0].texts)


def test_pareto_euros_a_la_francaise_et_phrase():
    table = classer_pareto(pd.DataFrame({"fournisseur": ["A", "B"], "montant_ht": [1_200_000.0, 300_000]}))
    figure = figure_pareto(table)
    formateur = figure.axes[0].yaxis.get_major_formatter()
    assert formateur(1_200_000, 0) == f"1,2{ESPACE}M€" and formateur(350_000, 0) == f"350{ESPACE}k€"
    textes = [t.get_text().replace(ESPACE, " ") for t in figure.axes[0].texts]
    assert "50 % des fournisseurs (1 sur 2) concentrent 80 % de la dépense nette (classe A, seuil 80 %)." in textes


def test_pareto_enregistre_en_png(tmp_path):
    chemin = tmp_path / "pareto.png"
    figure_pareto(classer_pareto(achats())).savefig(chemin)
    assert chemin.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_pareto_refuse_une_autre_table():
    with pytest.raises(ErreurParametre, match="figure_pareto attend une table produite par classer_pareto"):
        figure_pareto(pd.DataFrame({"x": [1]}))


@pytest.fixture(scope="module")
def kraljic_60():
    return noter_familles(achats(n_fournisseurs=200, n_familles=60, lignes=6000), nomenclature(60))


def etiquettes(figure):
    return [t for t in figure.axes[0].texts if isinstance(t, Annotation)]


def test_kraljic_60_familles_une_bulle_chacune_dans_son_quadrant(kraljic_60):
    figure = figure_kraljic(kraljic_60)
    points = figure.axes[0].collections[0].get_offsets()
    assert len(points) == 60
    # Les bulles écartées ne changent jamais de côté du milieu d'échelle.
    assert ((points[:, 0] >= 2.5) == (kraljic_60["score_risque"] >= 2.5 - 1e-9)).all()
    assert ((points[:, 1] >= 2.5) == (kraljic_60["score_impact"] >= 2.5 - 1e-9)).all()
    noms = {t.get_text() for t in figure.axes[0].texts}
    assert {"Achats leviers", "Achats stratégiques", "Achats simples", "Achats critiques"} <= noms


def test_kraljic_etiquettes_limitees_et_sans_chevauchement(kraljic_60):
    figure = figure_kraljic(kraljic_60, etiquettes=12)
    notes = etiquettes(figure)
    assert 0 < len(notes) <= 12
    figure.draw_without_rendering()
    cadres = [Text.get_window_extent(n) for n in notes]
    assert not any(a.overlaps(b) for a, b in itertools.combinations(cadres, 2))
    plus_gros = set(kraljic_60.nlargest(12, "montant_net")["libelle"])
    assert {n.get_text() for n in notes} <= plus_gros


def test_kraljic_surcharge_marquee(kraljic_60):
    famille = kraljic_60["famille"].iloc[0]
    table = forcer(kraljic_60, famille, quadrant="critiques", motif="test")
    figure = figure_kraljic(table)
    assert any(t.get_text().endswith(" *") for t in etiquettes(figure))


def test_kraljic_sans_enjeu_une_seule_couleur_sans_barre():
    table = noter_familles(achats(), nomenclature().drop(columns=["enjeu_environnemental", "enjeu_social"]))
    figure = figure_kraljic(table)
    assert len(figure.axes) == 1


def test_kraljic_enregistre_en_png(tmp_path, kraljic_60):
    chemin = tmp_path / "kraljic.png"
    figure_kraljic(kraljic_60).savefig(chemin, dpi=80)
    assert chemin.stat().st_size > 10_000


def test_kraljic_refuse_une_autre_table():
    with pytest.raises(ErreurParametre, match="figure_kraljic attend une table de noter_familles \\(colonne « score_impact » absente\\)"):
        figure_kraljic(pd.DataFrame({"famille": ["F"], "montant_net": [1.0]}))


def test_pareto_libelles_a_la_place_des_codes():
    table = classer_pareto(pd.DataFrame({"famille": ["F-ALIM", "F-GAZ"], "montant_ht": [10.0, 5]}), par="famille")
    figure = figure_pareto(table, libelles={"F-ALIM": "Denrées alimentaires"})
    assert [t.get_text() for t in figure.axes[0].get_xticklabels()] == ["Denrées alimentaires", "F-GAZ"]


def test_chaque_figure_porte_son_texte_de_remplacement(kraljic_60):
    """Ce que la figure montre et son chiffre clé : le texte que lit un lecteur d'écran (attribut alt)."""
    from spaserlib.analyse.pareto import phrase_pareto

    table = classer_pareto(achats(n_fournisseurs=5))
    pareto = figure_pareto(table)
    assert pareto.texte_alternatif.startswith("Diagramme de Pareto des fournisseurs : ")
    assert phrase_pareto(table) in pareto.texte_alternatif
    assert f"En tête, « {table.iloc[0, 0]} »" in pareto.texte_alternatif
    kraljic = figure_kraljic(kraljic_60)
    texte = kraljic.texte_alternatif
    assert texte.startswith(f"Matrice de Kraljic de {len(kraljic_60)} familles d'achats")
    for quadrant in kraljic_60["quadrant"].unique():
        n = int((kraljic_60["quadrant"] == quadrant).sum())
        assert f"{quadrant} : {n} famille" in texte
    tete = kraljic_60.sort_values("montant_net", ascending=False).iloc[0]
    assert f"({euros_courts(tete['montant_net'])}), est dans les achats {tete['quadrant']}." in texte
