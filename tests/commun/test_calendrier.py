"""La date de référence : lecture, bornes, et le temps des règles datées de part et d'autre de leur date."""

from datetime import date, datetime

import pandas as pd
import pytest

from spaserlib.commun.calendrier import depuis_ou_a_partir, en_vigueur, jour_en_lettres, lire_date_reference
from spaserlib.commun.erreurs import ErreurParametre


def test_par_defaut_la_date_du_jour():
    assert lire_date_reference(None) == date.today()
    assert lire_date_reference("  ") == date.today()


@pytest.mark.parametrize("valeur", ["2025-06-01", "01/06/2025", "1/6/2025", date(2025, 6, 1),
                                    datetime(2025, 6, 1, 23, 59), pd.Timestamp("2025-06-01")])
def test_formes_acceptees(valeur):
    assert lire_date_reference(valeur) == date(2025, 6, 1)


@pytest.mark.parametrize("valeur", ["2025-02-30", "demain", "AAAA-MM-JJ", True, 2025, pd.NaT])
def test_date_illisible(valeur):
    with pytest.raises(ErreurParametre, match=r"Le paramètre date_reference vaut « .* » : date illisible\. "
                                              r"Écrivez-la AAAA-MM-JJ \(par exemple 2025-06-01\)"):
        lire_date_reference(valeur, origine="Le paramètre date_reference")


@pytest.mark.parametrize("valeur, ok", [("1989-12-31", False), ("1990-01-01", True), ("2100-12-31", True),
                                        ("2101-01-01", False)])
def test_bornes(valeur, ok):
    if ok:
        assert lire_date_reference(valeur).isoformat() == valeur
    else:
        with pytest.raises(ErreurParametre, match="choisissez une date entre 1990 et 2100"):
            lire_date_reference(valeur)


def test_jour_en_lettres():
    assert jour_en_lettres(date(2023, 1, 1)) == "1er janvier 2023"
    assert jour_en_lettres(date(2026, 8, 21)) == "21 août 2026"


# Chaque règle datée du kit, la veille et le jour même : à venir, puis en vigueur.
REGLES_DATEES = [
    date(2023, 1, 1),   # seuil SPASER à 50 M€ HT (D2111-3, décret n° 2022-767) ; contenu et publication (L2111-3)
    date(2024, 7, 1),   # AGEC art. 58, décret n° 2024-134
    date(2026, 8, 21),  # L2152-7, L2112-2, L2112-2-1 (loi n° 2021-1104 art. 35, décret n° 2022-767)
    date(2022, 1, 1),   # EGalim 50 % durables dont 20 % bio (L230-5-1 code rural)
    date(2024, 1, 1),   # EGalim 60 % viandes et poissons
]


@pytest.mark.parametrize("jour_regle", REGLES_DATEES, ids=str)
def test_de_part_et_d_autre_de_chaque_date(jour_regle):
    veille = jour_regle - pd.Timedelta(days=1).to_pytimedelta()
    lettres = jour_en_lettres(jour_regle)
    assert not en_vigueur(jour_regle, veille)
    assert depuis_ou_a_partir(jour_regle, veille) == f"à partir du {lettres}"
    assert en_vigueur(jour_regle, jour_regle)
    assert depuis_ou_a_partir(jour_regle, jour_regle) == f"depuis le {lettres}"
