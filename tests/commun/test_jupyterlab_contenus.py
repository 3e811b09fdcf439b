"""Les métadonnées du noyau écrites dans le notebook servi par JupyterLab (spaserlib.commun.jupyterlab)."""

import sys

from spaserlib.commun.jupyterlab import completer_metadonnees, metadonnees_du_noyau

CONNUES = {"language_info": {"name": "python", "version": "3.11.7", "pygments_lexer": "ipython3"},
           "kernelspec": {"name": "python3", "display_name": "Python 3 (kit SPASER)", "language": "python"}}


def test_un_notebook_python_recoit_les_metadonnees_du_noyau_et_garde_les_siennes():
    metadonnees = {"kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"},
                   "language_info": {"name": "python"}, "spaser": {"rapport": True}}
    completer_metadonnees(metadonnees, CONNUES)
    assert metadonnees == {**CONNUES, "spaser": {"rapport": True}}
    metadonnees["language_info"]["version"] = "autre"
    assert CONNUES["language_info"]["version"] == "3.11.7", "les valeurs connues ne sont pas partagées"


def test_un_notebook_sans_metadonnees_est_complete():
    assert completer_metadonnees({}, CONNUES) == CONNUES


def test_un_notebook_d_un_autre_langage_ou_d_un_autre_noyau_est_laisse_tel_quel():
    r = {"kernelspec": {"name": "ir", "display_name": "R", "language": "R"}, "language_info": {"name": "R"}}
    assert completer_metadonnees({**r}, CONNUES) == r
    autre = {"kernelspec": {"name": "julia-1.9", "display_name": "Julia", "language": "julia"}}
    assert completer_metadonnees({**autre}, CONNUES) == autre


def test_sans_noyau_installe_rien_n_est_change():
    metadonnees = {"language_info": {"name": "python"}}
    assert completer_metadonnees(metadonnees, {**CONNUES, "kernelspec": None}) == {"language_info": {"name": "python"}}


def test_les_metadonnees_du_noyau_sont_celles_de_cet_environnement():
    connues = metadonnees_du_noyau()
    assert connues["language_info"]["version"] == ".".join(map(str, sys.version_info[:3]))
    assert connues["language_info"]["name"] == "python"
