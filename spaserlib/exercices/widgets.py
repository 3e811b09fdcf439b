"""Les formulaires ipywidgets des exercices : Kraljic, SMART, axes.

Chaque formulaire est une couche mince : il rassemble les saisies, appelle une fonction pure de
`spaserlib.exercices.juges` pour le retour en direct, et enregistre les réponses brutes avec
`spaserlib.exercices.reponses.enregistrer_reponse`. Les retours sont des widgets HTML (`retour.value`), ce qui
permet aux tests de piloter un formulaire : remplir les champs, cliquer, lire le retour.
"""

from __future__ import annotations

import html

import ipywidgets as w
import pandas as pd

from spaserlib.exercices import juges as correction
from spaserlib.commun.erreurs import ErreurParametre, ErreurSpaser
from spaserlib.commun.calendrier import lire_date_reference
from spaserlib.exercices.reponses import enregistrer_reponse

NON_PLACE = "— à placer —"
STYLE = {"description_width": "initial"}


GAUCHE = "text-align:left;vertical-align:top"
LARGEURS_AXES = ("14rem", "20rem", "30rem")  # nom de l'axe, objectifs, familles


def table_html(table: pd.DataFrame, colonnes: dict[str, str]) -> str:
    """Une table de retour en HTML (texte échappé), colonnes renommées en français, texte aligné à gauche.

    L'alignement est écrit dans chaque case : Jupyter aligne sinon les tables à droite, ce qui rend
    les explications difficiles à lire.
    """
    texte = table[list(colonnes)].rename(columns=colonnes).to_html(index=False, escape=True, border=0)
    return (texte.replace('<tr style="text-align: right;">', "<tr>")
            .replace("<th>", f"<th style='{GAUCHE}'>").replace("<td>", f"<td style='{GAUCHE}'>"))


def score_html(table: pd.DataFrame) -> str:
    """« Score : 7,5 / 12 » au-dessus d'un retour (jamais négatif, comme dans la notation)."""
    points = max(float(table["points"].sum()), 0.0) if len(table) else 0.0
    maximum = float(table["maximum"].sum()) if len(table) else 0.0
    fr = lambda x: f"{x:g}".replace(".", ",")
    return f"<p><b>Score : {fr(points)} / {fr(maximum)}</b></p>"


def ligne_courte_kraljic(ligne, justification: str = "") -> str:
    """Le retour d'une famille en une ligne : le verdict, et si la justification est créditée."""
    if ligne["verdict"] == "non placée":
        return f"Non placée : le kit la classe en « {ligne['reference']} »."
    credit = "s'appuie sur le bon critère" in ligne["explication"]
    if ligne["verdict"] == "identique":
        debut = "Bien placée."
    elif ligne["verdict"] == "voisin":
        debut = f"Quadrant voisin de celui du kit (« {ligne['reference']} »)."
    else:
        debut = f"Quadrant opposé à celui du kit (« {ligne['reference']} »)."
    if credit:
        return debut + " Justification juste."
    if not str(justification or "").strip():
        return debut + " Justifiez : citez le critère qui décide du placement."
    return debut + " Justification à revoir : citez le critère qui décide du placement."


def retour_kraljic_html(table: pd.DataFrame, justifications: list[str] | None = None) -> str:
    """Une ligne courte par famille ; l'explication complète se déplie sous « Détails » (balise details)."""
    entete = "".join(f"<th style='{GAUCHE}'>{t}</th>" for t in ("Famille", "Votre quadrant", "Retour"))
    lignes = []
    justifications = justifications or [""] * len(table)
    for (_, ligne), justification in zip(table.iterrows(), justifications):
        retour = (f"{html.escape(ligne_courte_kraljic(ligne, justification))} <details style='display:inline'><summary style='cursor:pointer;color:#1a5fb4'>"
                  f"Détails</summary>{html.escape(ligne['explication'])}</details>")
        lignes.append(f"<tr><td style='{GAUCHE}'>{html.escape(str(ligne['element']))}</td>"
                      f"<td style='{GAUCHE}'>{html.escape(str(ligne['reponse'] or '—'))}</td><td style='{GAUCHE}'>{retour}</td></tr>")
    return f"<table class='retour-kraljic'><thead><tr>{entete}</tr></thead><tbody>{''.join(lignes)}</tbody></table>"


class _Formulaire:
    exercice = ""

    def __init__(self, dossier_reponses, participant: str = ""):
        self.dossier_reponses = dossier_reponses
        self.participant = w.Text(value=participant, description="Votre nom :", style=STYLE)
        self.retour = w.HTML()
        self.etat = w.HTML()
        self.bouton_enregistrer = w.Button(description="Enregistrer", icon="save", button_style="success")
        self.bouton_enregistrer.on_click(lambda _: self.enregistrer())

    def reponses(self) -> dict:  # pragma: no cover - défini par chaque formulaire
        raise NotImplementedError

    def enregistrer(self):
        try:
            chemin = enregistrer_reponse(self.dossier_reponses, self.participant.value, self.exercice, self.reponses())
        except ErreurSpaser as e:
            self.etat.value = f"<b>Non enregistré :</b> {html.escape(str(e))}"
            return None
        self.etat.value = f"Réponses enregistrées dans <code>{html.escape(str(chemin))}</code>."
        return chemin


class ExerciceKraljic(_Formulaire):
    """Placer chaque famille dans un quadrant, la justifier, vérifier, enregistrer.

    familles : {code: libellé} ; corrige : {code: {"quadrant", "explication", "criteres_cles"}}, par
    exemple `corrige_depuis_kraljic(noter_familles(...))`.
    """

    exercice = "kraljic"

    def __init__(self, familles: dict[str, str], corrige: dict, dossier_reponses, participant: str = ""):
        super().__init__(dossier_reponses, participant)
        self.familles, self.corrige = familles, corrige
        options = [NON_PLACE, *correction.POSITIONS]
        self.quadrants = {c: w.Dropdown(options=options, value=NON_PLACE, layout=w.Layout(width="11rem")) for c in familles}
        self.etiquettes = {c: w.HTML(f"<b>{html.escape(c)}</b> {html.escape(l)}", layout=w.Layout(width="22rem")) for c, l in familles.items()}
        self.justifications = {c: w.Text(placeholder="Pourquoi ? (critère déterminant)", layout=w.Layout(width="26rem")) for c in familles}
        self.matrice = w.HTML()
        for d in self.quadrants.values():
            d.observe(lambda _: self._dessiner_matrice(), names="value")
        self.bouton_verifier = w.Button(description="Vérifier", icon="check", button_style="info")
        self.bouton_verifier.on_click(lambda _: self.verifier())
        self._dessiner_matrice()

    def reponses(self) -> dict:
        return {"placements": {c: {"quadrant": d.value if d.value != NON_PLACE else None, "justification": self.justifications[c].value}
                               for c, d in self.quadrants.items()}}

    def remplir(self, placements: dict) -> None:
        """Remplit le formulaire par le code : {famille: (quadrant, justification)} ou {famille: quadrant}.

        Sert au mode sans formulaire des notebooks (papermill, tests). Une famille ou un quadrant
        inconnus lèvent ErreurParametre, avec les valeurs possibles.
        """
        for famille, valeur in placements.items():
            quadrant, justification = (valeur, "") if isinstance(valeur, str) else valeur
            if famille not in self.quadrants:
                raise ErreurParametre(f"Famille « {famille} » absente de l'exercice ; familles possibles : {', '.join(self.quadrants)}.")
            if quadrant not in correction.POSITIONS:
                raise ErreurParametre(f"Famille « {famille} » : quadrant inconnu « {quadrant} » ; quadrants possibles : {', '.join(correction.POSITIONS)}.")
            self.quadrants[famille].value = quadrant
            self.justifications[famille].value = justification

    def _dessiner_matrice(self):
        cases = {q: [] for q in correction.POSITIONS}
        for c, d in self.quadrants.items():
            if d.value in cases:
                cases[d.value].append(html.escape(self.familles[c]))
        cellule = lambda q: f"<td style='border:1px solid #999;width:14rem;height:5rem;{GAUCHE}'><b>{q.capitalize()}</b><br>{'<br>'.join(cases[q])}</td>"
        self.matrice.value = (
            "<table><tr><td rowspan='2' style='writing-mode:vertical-rl;transform:rotate(180deg);text-align:center;vertical-align:middle'>Impact →</td>"
            f"{cellule('leviers')}{cellule('stratégiques')}</tr><tr>{cellule('simples')}{cellule('critiques')}</tr>"
            "<tr><td></td><td colspan='2' style='text-align:center'>Risque d'approvisionnement →</td></tr></table>"
        )

    def verifier(self) -> pd.DataFrame:
        placements = self.reponses()["placements"]
        table = correction.corriger_kraljic(placements, self.corrige)
        # Le corrigé donne une ligne par famille du corrigé, dans son ordre.
        justifications = [placements.get(c, {}).get("justification", "") for c in self.corrige]
        self.retour.value = score_html(table) + retour_kraljic_html(table, justifications)
        return table

    def widget(self) -> w.Widget:
        titres = (("Famille", "22rem"), ("Quadrant", "11rem"), ("Justification : le critère qui décide", "26rem"))
        entetes = w.HBox([w.HTML(f"<b>{t}</b>", layout=w.Layout(width=l)) for t, l in titres])
        lignes = [w.HBox([self.etiquettes[c], self.quadrants[c], self.justifications[c]]) for c in self.familles]
        return w.VBox([self.participant, entetes, *lignes, self.matrice, w.HBox([self.bouton_verifier, self.bouton_enregistrer]), self.retour, self.etat])


class ExerciceSmart(_Formulaire):
    """Rédiger des objectifs SMART à partir d'énoncés de stratégie, avec le retour de l'analyseur en direct."""

    exercice = "smart"

    def __init__(self, enonces: list[str], dossier_reponses, participant: str = "", nombre: int = 3,
                 date_reference=None):
        super().__init__(dossier_reponses, participant)
        self.enonces = enonces
        # Les échéances sont jugées à cette date (« AAAA-MM-JJ » ou date ; None : aujourd'hui, au moment de l'analyse).
        self.date_reference = None if date_reference is None else lire_date_reference(date_reference)
        self.objectifs = [w.Textarea(placeholder=f"Objectif {i + 1}", layout=w.Layout(width="40rem", height="4rem")) for i in range(nombre)]
        for zone in self.objectifs:
            zone.observe(lambda _: self.analyser(), names="value")

    def reponses(self) -> dict:
        return {"enonces": list(self.enonces), "objectifs": [z.value for z in self.objectifs]}

    def remplir(self, objectifs: list[str]) -> None:
        """Saisit les objectifs par le code (un texte par zone) ; le retour se met à jour comme en direct."""
        if len(objectifs) > len(self.objectifs):
            raise ErreurParametre(f"{len(objectifs)} objectifs donnés pour {len(self.objectifs)} zones de saisie : gardez-en {len(self.objectifs)} au plus.")
        for zone, texte in zip(self.objectifs, objectifs):
            zone.value = texte

    def analyser(self) -> pd.DataFrame:
        table = correction.corriger_smart([z.value for z in self.objectifs], date_reference=self.date_reference)
        redigee = table[table["verdict"] != "manquant"]
        self.retour.value = score_html(table) + table_html(redigee, {"element": "Objectif", "reference": "Critère", "verdict": "Verdict", "explication": "Explication et conseil"}) if len(redigee) else ""
        return table

    def widget(self) -> w.Widget:
        enonces = w.HTML("<b>Énoncés de stratégie :</b><ul>" + "".join(f"<li>{html.escape(e)}</li>" for e in self.enonces) + "</ul>")
        return w.VBox([self.participant, enonces, *self.objectifs, self.bouton_enregistrer, self.retour, self.etat])


class ExerciceAxes(_Formulaire):
    """Nommer 3 à 5 axes, leur rattacher des objectifs (un par ligne) et des familles prioritaires."""

    exercice = "axes"

    def __init__(self, familles: dict[str, str], familles_prioritaires: dict[str, str], dossier_reponses, participant: str = "", nombre: int = 5):
        super().__init__(dossier_reponses, participant)
        self.familles_prioritaires = familles_prioritaires
        # Des zones de plusieurs lignes : un nom d'axe ou un objectif tient en entier, sans être coupé.
        self.noms = [w.Textarea(placeholder=f"Axe {i + 1} : son nom", layout=w.Layout(width=LARGEURS_AXES[0], height="4.5rem")) for i in range(nombre)]
        self.objectifs = [w.Textarea(placeholder="Objectifs rattachés, un par ligne", layout=w.Layout(width=LARGEURS_AXES[1], height="9rem")) for _ in range(nombre)]
        # Toutes les familles visibles (une ligne chacune), libellés entiers.
        self.familles = [w.SelectMultiple(options=[(f"{c} {l}", c) for c, l in familles.items()], rows=max(len(familles), 1),
                                          layout=w.Layout(width=LARGEURS_AXES[2])) for _ in range(nombre)]
        self.bouton_verifier = w.Button(description="Vérifier", icon="check", button_style="info")
        self.bouton_verifier.on_click(lambda _: self.verifier())

    def reponses(self) -> dict:
        return {"axes": [{"nom": " ".join(n.value.split()), "objectifs": [o for o in t.value.splitlines() if o.strip()], "familles": list(f.value)}
                         for n, t, f in zip(self.noms, self.objectifs, self.familles) if n.value.strip()]}

    def remplir(self, axes: list[dict]) -> None:
        """Saisit les axes par le code : [{"nom": ..., "objectifs": [...], "familles": [codes]}]."""
        if len(axes) > len(self.noms):
            raise ErreurParametre(f"{len(axes)} axes donnés pour {len(self.noms)} lignes : gardez-en {len(self.noms)} au plus.")
        codes = {c for _, c in self.familles[0].options}
        for i, axe in enumerate(axes):
            inconnues = [f for f in axe.get("familles", []) if f not in codes]
            if inconnues:
                raise ErreurParametre(f"Axe « {axe.get('nom', '')} » : famille(s) inconnue(s) {', '.join(inconnues)} ; familles possibles : {', '.join(sorted(codes))}.")
            self.noms[i].value = axe.get("nom", "")
            self.objectifs[i].value = "\n".join(axe.get("objectifs", []))
            self.familles[i].value = tuple(axe.get("familles", []))

    def verifier(self) -> pd.DataFrame:
        table = correction.corriger_axes(self.reponses()["axes"], self.familles_prioritaires)
        self.retour.value = score_html(table) + table_html(table, {"element": "Élément", "reponse": "Votre réponse", "verdict": "Verdict", "explication": "Explication"})
        return table

    def widget(self) -> w.Widget:
        titres = ("Nom de l'axe", "Objectifs rattachés (un par ligne)", "Familles concernées")
        entetes = w.HBox([w.HTML(f"<b>{t}</b>", layout=w.Layout(width=l)) for t, l in zip(titres, LARGEURS_AXES)])
        note = w.HTML("<i>Pour choisir plusieurs familles, maintenez la touche Ctrl (Cmd sur Mac) en cliquant ; "
                      "un second clic avec Ctrl retire une famille.</i>")
        lignes = [w.HBox([n, t, f]) for n, t, f in zip(self.noms, self.objectifs, self.familles)]
        return w.VBox([self.participant, note, entetes, *lignes, w.HBox([self.bouton_verifier, self.bouton_enregistrer]), self.retour, self.etat])
