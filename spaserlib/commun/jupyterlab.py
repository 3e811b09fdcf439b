"""Les notebooks du kit s'ouvrent dans JupyterLab sans marque de modification.

À l'ouverture, JupyterLab recopie dans le notebook ce que le noyau dit de lui-même (`language_info`, dont la
version exacte de Python, et le nom affiché du noyau) : si le fichier porte d'autres valeurs, l'onglet est
marqué « modifié » avant toute action de l'apprenante ou de l'apprenant. Un notebook commité ne peut porter
la version de Python de chaque machine ; le gestionnaire de contenus ci-dessous les écrit donc dans le
notebook *servi* (jamais dans le fichier), avec les valeurs du noyau de l'environnement du kit. Il est
déclaré dans `spaserlib/donnees/jupyterlab/jupyter_server_config.json`, que `make installer` copie dans
l'environnement (pas dans le dossier personnel de l'utilisateur).
"""

from __future__ import annotations

from jupyter_server.services.contents.largefilemanager import AsyncLargeFileManager


def metadonnees_du_noyau(nom_noyau: str = "python3") -> dict:
    """Les métadonnées que JupyterLab écrirait à l'ouverture : `language_info` du noyau IPython de cet
    environnement et `kernelspec` du noyau installé (nom, nom affiché, langage)."""
    from ipykernel.ipkernel import IPythonKernel
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        spec = KernelSpecManager().get_kernel_spec(nom_noyau)
        noyau = {"name": nom_noyau, "display_name": spec.display_name, "language": spec.language}
    except NoSuchKernel:
        noyau = None
    return {"language_info": dict(IPythonKernel.language_info), "kernelspec": noyau}


def completer_metadonnees(metadonnees: dict, connues: dict) -> dict:
    """Complète, sur place, les métadonnées d'un notebook Python avec celles du noyau (`connues`, voir
    `metadonnees_du_noyau`) ; un notebook d'un autre langage ou d'un autre noyau est laissé tel quel."""
    noyau = metadonnees.get("kernelspec") or {}
    if (metadonnees.get("language_info") or {}).get("name", "python") != "python":
        return metadonnees
    if connues["kernelspec"] and noyau.get("name", connues["kernelspec"]["name"]) == connues["kernelspec"]["name"]:
        metadonnees["kernelspec"] = dict(connues["kernelspec"])
        metadonnees["language_info"] = dict(connues["language_info"])
    return metadonnees


class ContenusDuKit(AsyncLargeFileManager):
    """Le gestionnaire de contenus de JupyterLab, qui sert les notebooks avec les métadonnées du noyau."""

    _connues: dict | None = None

    async def get(self, path, content=True, type=None, format=None, **options):
        modele = await super().get(path, content=content, type=type, format=format, **options)
        if content and modele.get("type") == "notebook" and isinstance(modele.get("content"), dict):
            if ContenusDuKit._connues is None:
                ContenusDuKit._connues = metadonnees_du_noyau()
            completer_metadonnees(modele["content"].setdefault("metadata", {}), ContenusDuKit._connues)
        return modele
