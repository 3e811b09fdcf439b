"""Cartographie complète en mémoire, achats approchés depuis les marchés, mise en forme tableur."""

import pandas as pd
import pytest

from spaserlib.documents.cartographie import TITULAIRE_ABSENT, _pour_tableur, achats_depuis_marches, cartographier
from spaserlib.commun.erreurs import ErreurParametre


def test_achats_depuis_marches_premier_titulaire_et_montant_notifie():
    marches = pd.DataFrame({
        "id": ["M1", "M2", "M3", "M4"], "famille": ["F1", "F1", "F2", "F2"],
        "titulaires": ["Alpha ; Bêta", "  Gamma", None, ""], "montant_ht": [300.0, 100, 600, None],
        "date_notification": pd.to_datetime(["2024-01-10", "2024-02-01", "2024-03-01", "2024-04-01"]),
    })
    achats = achats_depuis_marches(marches)
    assert achats["fournisseur"].tolist() == ["Alpha", "Gamma", TITULAIRE_ABSENT]  # M4 sans montant : pas une dépense
    assert achats["montant_ht"].tolist() == [300, 100, 600] and achats["marche_id"].tolist() == ["M1", "M2", "M3"]


def test_cartographier_sans_achats():
    with pytest.raises(ErreurParametre, match="Aucune ligne d'achat : la cartographie"):
        cartographier(pd.DataFrame(columns=["fournisseur", "famille", "montant_ht"]))


def test_pour_tableur():
    table = pd.DataFrame({"montant_net": [6290240.879999999], "part": [0.123456789], "surcharge": [True]})
    assert _pour_tableur(table).iloc[0].tolist() == [6290240.88, 0.123457, "oui"]
