"""Le sommaire des notebooks du cours (notebooks/00.00-Sommaire.ipynb), généré, jamais écrit à la main.

Les notebooks s'appellent ``CC.SS-Titre.ipynb`` (CC : module, SS : séance). Le sommaire les liste
par module, avec le titre de chacun : la première ligne « # … » de sa première cellule markdown,
sans le numéro. `generer_sommaire` rend le notebook ; `ecrire_sommaire` l'écrit d'un bloc ;
`sommaire_a_jour` dit si le fichier commité correspond aux notebooks présents (test du kit).
Les identifiants des cellules sont fixes : régénérer un sommaire inchangé ne crée aucune différence.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from spaserlib.commun.ecriture import ecrire_texte
from spaserlib.commun.erreurs import ErreurFichier
from spaserlib.commun.imports import nbformat_rapide

nbformat = nbformat_rapide()  # sans la grammaire RFC 3987 de jsonschema (2 s d'import)

NOM_SOMMAIRE = "00.00-Sommaire.ipynb"
MOTIF_NOM = re.compile(r"^(\d{2})\.(\d{2})-.+\.ipynb$")

MODULES = {
    "01": "Module 1 — La fonction achats publics",
    "02": "Module 2 — La politique achats responsables",
    "03": "Module 3 — Rédiger un SPASER",
    "04": "Module 4 — Cas pratiques",
}

INTRODUCTION = """# Formation SPASER — sommaire

Schéma de promotion des achats socialement et écologiquement responsables : deux jours pour comprendre
la fonction achats publics, construire une politique d'achats responsables à partir de vos données,
et rédiger votre SPASER.

**Pour commencer.** Ouvrez un notebook ci-dessous, puis exécutez ses cellules une à une avec
**Maj + Entrée**. Vous n'avez pas besoin de savoir programmer : chaque cellule appelle le kit et affiche
son résultat. Pour travailler sur vos propres données, changez la valeur de `donnees` dans la cellule
des paramètres, en haut de chaque notebook.

*Ce sommaire est généré à partir des noms et des titres des notebooks (commande `spaser sommaire`) :
ne le modifiez pas à la main.*"""

CONCLUSION = """## Et ensuite

- Les **exercices** des cas pratiques sont dans le dossier `exercises/` du kit.
- Le **rapport complet** et le **projet de SPASER** de votre organisation : `spaser rapport DOSSIER --sortie SORTIE`."""


def titre_notebook(chemin: Path) -> str:
    """Le titre d'un notebook : sa première ligne « # … » (sans le numéro « CC.SS — »).

    Lève ErreurFichier si le notebook n'a pas de titre de premier niveau dans sa première cellule markdown.
    """
    with open(chemin, encoding="utf-8") as f:
        nb = json.load(f)
    for cellule in nb.get("cells", []):
        if cellule.get("cell_type") != "markdown":
            continue
        source = cellule.get("source", "")
        source = "".join(source) if isinstance(source, list) else source
        for ligne in source.splitlines():
            if ligne.startswith("# "):
                titre = ligne[2:].strip()
                return re.sub(r"^\d{2}\.\d{2}\s*[—–-]\s*", "", titre)
        break
    raise ErreurFichier(
        str(chemin),
        "pas de titre : la première cellule markdown doit commencer par une ligne « # Titre ».",
        "Ajoutez ce titre pour que le sommaire puisse lister le notebook.",
    )


def notebooks_du_cours(dossier) -> list[Path]:
    """Les notebooks numérotés ``CC.SS-Titre.ipynb`` du dossier (hors sommaire), triés par numéro."""
    dossier = Path(dossier)
    if not dossier.is_dir():
        raise ErreurFichier(str(dossier), "dossier introuvable.", "Indiquez le dossier notebooks/ du kit.")
    return sorted(p for p in dossier.iterdir() if MOTIF_NOM.match(p.name) and p.name != NOM_SOMMAIRE)


def _cellule(ident: str, source: str):
    cellule = nbformat.v4.new_markdown_cell(source)
    cellule.id = ident
    return cellule


def deroule(chemin_programme: Path) -> str:
    """Le déroulé des deux journées (tiré de ``programme.yaml``), en Markdown, avec un lien vers chaque
    notebook du cours et chaque exercice (``../exercises/``)."""
    from spaserlib.cours.programme import lire_programme, plan_des_journees

    plan = plan_des_journees(lire_programme(chemin_programme))
    texte = ["## Le déroulé des deux journées", "",
             "*Tiré du programme de la formation (`programme.yaml`), comme le guide du formateur.*"]
    for jour in sorted(plan["jour"].unique()):
        texte += ["", f"**Jour {jour}**", "", "| Horaire | Module | Séquence | Durée |", "|---|---|---|---|"]
        for l in plan[plan["jour"] == jour].itertuples():
            lien = ""
            if l.notebook and l.notebook != NOM_SOMMAIRE:
                dossier = "" if (chemin_programme.parent / l.notebook).exists() else "../exercises/"
                lien = f" ([{l.notebook.removesuffix('.ipynb')}]({dossier}{l.notebook}))"
            texte.append(f"| {l.debut} – {l.fin} | {l.module} | {l.sequence}{lien} | {l.duree} min |")
    return "\n".join(texte)


def generer_sommaire(dossier):
    """Le notebook sommaire (objet nbformat) des notebooks du dossier, groupés par module."""
    cellules = [_cellule("sommaire-introduction", INTRODUCTION)]
    par_module: dict[str, list[str]] = {}
    for chemin in notebooks_du_cours(dossier):
        module, seance = MOTIF_NOM.match(chemin.name).groups()
        lien = chemin.name.replace(" ", "%20")
        par_module.setdefault(module, []).append(f"- [{module}.{seance} — {titre_notebook(chemin)}]({lien})")
    for module, lignes in par_module.items():
        titre = MODULES.get(module, f"Module {int(module)}")
        cellules.append(_cellule(f"sommaire-module-{module}", f"## {titre}\n\n" + "\n".join(lignes)))
    if (Path(dossier) / "programme.yaml").is_file():
        cellules.append(_cellule("sommaire-deroule", deroule(Path(dossier) / "programme.yaml")))
    cellules.append(_cellule("sommaire-conclusion", CONCLUSION))
    nb = nbformat.v4.new_notebook(cells=cellules)
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
        "spaser": {"rapport": False},
    }
    return nb


def texte_sommaire(dossier) -> str:
    """Le contenu exact du fichier sommaire (JSON du notebook, suivi d'un saut de ligne)."""
    return nbformat.writes(generer_sommaire(dossier)) + "\n"


def ecrire_sommaire(dossier) -> Path:
    """Écrit (d'un bloc) le sommaire dans ``dossier/00.00-Sommaire.ipynb`` et rend son chemin."""
    dossier = Path(dossier)
    texte = texte_sommaire(dossier)
    return ecrire_texte(dossier / NOM_SOMMAIRE, texte)


def sommaire_a_jour(dossier) -> bool:
    """Vrai si le sommaire écrit dans le dossier est exactement celui que l'on générerait."""
    cible = Path(dossier) / NOM_SOMMAIRE
    return cible.exists() and cible.read_text(encoding="utf-8") == texte_sommaire(dossier)
