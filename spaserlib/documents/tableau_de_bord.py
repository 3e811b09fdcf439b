"""Le classeur de suivi de l'acheteur (XLSX) : indicateurs, cibles, obligations, saisie, communication.

Une feuille « Lisez-moi », une feuille par indicateur (titre, phrase, table), « Cibles » (trajectoires
du PNAD et des objectifs propres, avec leurs figures), « Obligations » (table juridique à la date
choisie), « Saisie » (les chiffres que les données ne donnent pas, à remplir par l'acheteur : on
relit ensuite la feuille avec `lire_saisie`), « Communication » (plan prérempli).
Mise en forme : largeurs de colonnes, formats « % » et « € », en-têtes figés, filtres automatiques.
Écriture atomique : fichier temporaire dans le même dossier, puis remplacement. Sûr à ouvrir : un
texte venu des données qui commence par « = » est une cellule de texte, jamais une formule, et les
caractères de contrôle sont retirés (`spaserlib.commun.tableur`).
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pandas as pd
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from spaserlib.analyse.agec import cles_saisie_agec
from spaserlib.analyse.communication import plan_de_communication
from spaserlib.commun.ecriture import ecrire_d_un_bloc
from spaserlib.commun.erreurs import ErreurFichier
from spaserlib.commun.tableur import cellule_sure, classeur_sur
from spaserlib.analyse.indicateurs import Indicateur, indicateurs_achats, indicateurs_marches
from spaserlib.analyse.obligations import CLES_SAISIE, evaluer_obligations, extraire_tables
from spaserlib.analyse.trajectoires import figure_trajectoire, table_trajectoires, trajectoires

# Chiffres de suivi que les données ne donnent pas (hors obligations) : clé -> (libellé, unité).
CLES_SAISIE_SUIVI = {
    "heures_insertion_prevues": ("Heures d'insertion prévues dans les marchés de l'année", "heures"),
    "heures_insertion_realisees": ("Heures d'insertion réalisées dans l'année", "heures"),
    "acheteurs_total": ("Nombre de personnes qui achètent ou prescrivent", "personnes"),
    "acheteurs_formes": ("dont formés aux achats responsables", "personnes"),
    "achats_ess_ht": ("Achats auprès de structures de l'ESS (si la liste n'est pas fournie)", "€ HT"),
    "emissions_achats_tco2e": ("Émissions de gaz à effet de serre des achats", "t CO2e"),
}

LIBELLES_COLONNES = {
    "annee": "Année", "famille": "Famille", "procedure": "Procédure", "nature": "Nature",
    "tranche": "Tranche de montant", "groupe": "Groupe", "contrats": "Contrats",
    "contrats_avec": "Contrats avec", "contrats_sans": "Contrats sans", "contrats_inconnus": "Contrats inconnus",
    "part_nombre": "Part en nombre", "montant_ht": "Montant HT", "montant_avec": "Montant avec",
    "montant_sans": "Montant sans", "montant_inconnu": "Montant inconnu", "part_valeur": "Part en valeur",
    "dimension": "Dimension", "genre": "Genre", "lignes": "Lignes d'achat", "fournisseur": "Fournisseur",
    "part": "Part", "montant_cibles": "Montant des fournisseurs ciblés", "fournisseurs_trouves": "Fournisseurs trouvés",
    "objectif": "Objectif", "unite": "Unité", "cible": "Cible", "echeance": "Échéance",
    "annee_reference": "Année de référence", "valeur_reference": "Valeur de référence",
    "annee_derniere": "Dernière année", "derniere_valeur": "Dernière valeur", "tendance_par_an": "Tendance par an",
    "methode": "Méthode", "projection_echeance": "Projection à l'échéance",
    "ecart_projection_cible": "Écart projection − cible", "statut": "Statut", "source": "Source", "phrase": "Lecture",
    "regle": "Règle", "intitule": "Intitulé", "reference": "Référence juridique",
    "date_application": "Date d'application", "chiffre": "Chiffre calculé", "valeur": "Valeur",
    "explication": "Explication", "fiabilite": "Fiabilité", "public": "Public", "message": "Message",
    "canal": "Canal", "calendrier": "Calendrier", "porteur": "Porteur", "indicateur": "Indicateur",
    "cle": "Clé", "libelle": "Libellé", "commentaire": "Source ou commentaire",
}
FORMAT_EUROS = '#,##0.00\\ "€"'
FORMAT_PART = "0.0%"
FORMAT_ENTIER = "#,##0"
LARGEUR_MAX = 45
ENTETE = PatternFill("solid", fgColor="DDEBF7")
HAUT = Alignment(vertical="top")
HAUT_RENVOI = Alignment(wrap_text=True, vertical="top")
COULEURS_STATUT = {"respectée": "C6EFCE", "à risque": "FFEB9C", "non respectée": "FFC7CE",
                   "non évaluable faute de données": "EDEDED", "non applicable": "FFFFFF"}


def _format_colonne(nom: str) -> str | None:
    if nom.startswith("part"):
        return FORMAT_PART
    if nom.startswith("montant"):
        return FORMAT_EUROS
    if nom.startswith(("contrats", "lignes", "fournisseurs_trouves")):
        return FORMAT_ENTIER
    return None


def _cellule(valeur):
    """Une valeur de table prête pour openpyxl : types Python, texte sans caractère de contrôle."""
    if valeur is None:
        return None
    if isinstance(valeur, str):
        return cellule_sure(valeur, "xlsx")
    if isinstance(valeur, pd.Timestamp):
        return valeur.to_pydatetime()
    try:
        if pd.isna(valeur):
            return None
    except (TypeError, ValueError):
        pass
    if hasattr(valeur, "item"):
        return valeur.item()
    return valeur


ABREVIATIONS = [
    ("Contrats avec au moins une considération environnementale", "Env."),
    ("Contrats avec au moins une considération sociale", "Social"),
    (", par année de notification", " par année"),
    (", par tranche de montant", " par tranche"),
    (", par ", " par "),
    ("Considérations par genre (clause, critère, marché réservé)", "Par genre"),
    ("Dépense par année civile", "Dépense par année"),
    ("Part de la dépense allant aux ", "Part "),
]


def _nom_feuille(nom: str, deja: set[str]) -> str:
    """Un nom de feuille court (31 caractères au plus), sans caractère interdit, unique."""
    for long, court in ABREVIATIONS:
        nom = nom.replace(long, court)
    base = "".join(c for c in nom if c not in '[]:*?/\\')[:31].strip()
    candidat, n = base, 2
    while candidat.lower() in {d.lower() for d in deja}:
        suffixe = f" ({n})"
        candidat, n = base[: 31 - len(suffixe)] + suffixe, n + 1
    deja.add(candidat)
    return candidat


def _ecrire_table(ws, table: pd.DataFrame, ligne_entete: int, formats: dict | None = None,
                  largeurs_max: dict | None = None) -> None:
    """Écrit `table` à partir de `ligne_entete` : en-tête stylé, formats, filtre, volet figé, largeurs."""
    formats = formats or {}
    colonnes = list(table.columns)
    for j, col in enumerate(colonnes, start=1):
        cell = ws.cell(row=ligne_entete, column=j, value=_cellule(LIBELLES_COLONNES.get(col, col)))
        cell.font, cell.fill = Font(bold=True), ENTETE
        cell.alignment = HAUT_RENVOI
    for i, ligne in enumerate(table.itertuples(index=False), start=ligne_entete + 1):
        for j, (col, valeur) in enumerate(zip(colonnes, ligne), start=1):
            cell = ws.cell(row=i, column=j, value=_cellule(valeur))
            cell.alignment = HAUT
            fmt = formats.get(col, _format_colonne(col))
            if fmt:
                cell.number_format = fmt
            if col == "statut" and cell.value in COULEURS_STATUT:
                cell.fill = PatternFill("solid", fgColor=COULEURS_STATUT[cell.value])
    _hauteurs(ws, table, ligne_entete, largeurs_max or {})
    derniere = ligne_entete + max(len(table), 1)
    if colonnes:
        ws.auto_filter.ref = f"A{ligne_entete}:{get_column_letter(len(colonnes))}{derniere}"
    ws.freeze_panes = ws.cell(row=ligne_entete + 1, column=1)
    ws.print_title_rows = f"{ligne_entete}:{ligne_entete}"  # en-tête répété sur chaque page imprimée
    for j, col in enumerate(colonnes, start=1):
        ws.column_dimensions[get_column_letter(j)].width = _largeur(col, table, largeurs_max or {})


def _largeur(col: str, table: pd.DataFrame, largeurs_max: dict) -> float:
    textes = [str(LIBELLES_COLONNES.get(col, col))] + [str(v) for v in table[col].tolist()[:200]]
    largeur = max(len(t) for t in textes) + 2
    if _format_colonne(col) == FORMAT_EUROS:
        largeur = max(largeur, 16)
    return min(max(largeur, 10), largeurs_max.get(col, LARGEUR_MAX))


def _hauteurs(ws, table: pd.DataFrame, ligne_entete: int, largeurs_max: dict) -> None:
    """Hauteur des lignes aux textes renvoyés à la ligne (ni Excel ni openpyxl ne la calculent)."""
    largeurs = {col: _largeur(col, table, largeurs_max) for col in table.columns}
    for i, ligne in enumerate(table.itertuples(index=False), start=ligne_entete + 1):
        lignes_texte = 1
        for col, valeur in zip(table.columns, ligne):
            if isinstance(valeur, str) and len(valeur) > largeurs[col] - 2:
                lignes_texte = max(lignes_texte, -(-len(valeur) // int(largeurs[col] - 2)))
                ws.cell(row=i, column=list(table.columns).index(col) + 1).alignment = HAUT_RENVOI
        if lignes_texte > 1:
            ws.row_dimensions[i].height = min(15 * lignes_texte, 400)


def _feuille_indicateur(wb, indicateur: Indicateur, noms: set[str]) -> None:
    ws = wb.create_sheet(_nom_feuille(indicateur.nom, noms))
    ws["A1"] = _cellule(indicateur.nom)
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"] = _cellule(indicateur.phrase)
    ws["A2"].alignment = HAUT_RENVOI
    largeur = max(len(indicateur.table.columns), 1)
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=max(largeur, 6))
    ws.row_dimensions[2].height = 15 * (1 + len(indicateur.phrase) // 110)
    _ecrire_table(ws, indicateur.table, ligne_entete=4)


def table_saisie(saisie: dict | None = None, annee: int | None = None) -> pd.DataFrame:
    """La table de la feuille « Saisie » : clé, libellé, unité, année, valeur (pré-remplie), commentaire."""
    saisie = saisie or {}
    cles = {**CLES_SAISIE, **CLES_SAISIE_SUIVI, **cles_saisie_agec()}
    return pd.DataFrame([{"cle": cle, "libelle": libelle, "unite": unite, "annee": annee,
                          "valeur": saisie.get(cle), "commentaire": None}
                         for cle, (libelle, unite) in cles.items()])


def lire_saisie(chemin) -> dict:
    """Relit la feuille « Saisie » d'un classeur de suivi : {clé: valeur} des valeurs remplies.

    Lève `ErreurFichier` si le fichier est introuvable ou n'a pas de feuille « Saisie ».
    """
    chemin = Path(chemin)
    if not chemin.exists():
        raise ErreurFichier(chemin, "fichier introuvable.", "Vérifiez le chemin du classeur de suivi.")
    wb = load_workbook(chemin, read_only=True, data_only=True)
    if "Saisie" not in wb.sheetnames:
        raise ErreurFichier(chemin, "pas de feuille « Saisie ».",
                            "Donnez un classeur produit par « spaser tableau-de-bord ».")
    lignes = list(wb["Saisie"].iter_rows(values_only=True))
    wb.close()
    entete = [str(c) if c is not None else "" for c in lignes[2]] if len(lignes) > 2 else []
    if "Clé" not in entete or "Valeur" not in entete:
        raise ErreurFichier(chemin, "la feuille « Saisie » n'a pas les colonnes « Clé » et « Valeur » en ligne 3.",
                            "Ne déplacez pas l'en-tête de la feuille « Saisie ».")
    i_cle, i_val = entete.index("Clé"), entete.index("Valeur")
    return {ligne[i_cle]: ligne[i_val] for ligne in lignes[3:]
            if ligne and ligne[i_cle] and ligne[i_val] not in (None, "")}


def construire_feuilles(organisation_ou_tables, *, date_evaluation=None, objectifs=None, listes_fournisseurs=None,
                        saisie=None, type_acheteur=None) -> dict:
    """Le contenu du classeur : indicateurs, trajectoires, obligations, saisie, plan de communication."""
    t = extraire_tables(organisation_ou_tables)
    jour = pd.Timestamp(date_evaluation or date.today())
    if objectifs is None:
        objectifs = getattr(organisation_ou_tables, "objectifs", None)
    indicateurs = []
    if t["marches"] is not None and not t["marches"].empty:
        indicateurs += indicateurs_marches(t["marches"])
    if t["achats"] is not None and not t["achats"].empty:
        indicateurs += indicateurs_achats(t["achats"], listes_fournisseurs)
    marches = t["marches"] if t["marches"] is not None and not t["marches"].empty else None
    trajs = trajectoires(marches, objectifs or [])
    return {
        "profil": t["profil"], "date": jour.date(), "indicateurs": indicateurs, "trajectoires": trajs,
        "obligations": evaluer_obligations(organisation_ou_tables, date_evaluation=jour, saisie=saisie,
                                           objectifs=objectifs, type_acheteur=type_acheteur),
        "saisie": table_saisie(saisie, annee=jour.year - 1),
        "communication": plan_de_communication(objectifs, date_reference=jour.date()),
    }


def _lisez_moi(ws, feuilles: dict) -> None:
    nom = feuilles["profil"].get("nom") or "l'organisation"
    lignes = [
        (f"Tableau de bord SPASER — {nom}", Font(bold=True, size=14)),
        (f"Évalué au {feuilles['date']:%d/%m/%Y}.", None),
        ("", None),
        ("Comment s'en servir", Font(bold=True)),
        ("1. Lisez chaque feuille d'indicateur : la phrase sous le titre dit comment lire le chiffre.", None),
        ("2. Remplissez la colonne « Valeur » de la feuille « Saisie » (chiffres que les données ne donnent pas).", None),
        ("3. Relancez « spaser tableau-de-bord DONNEES --saisie CE_FICHIER.xlsx --sortie NOUVEAU.xlsx » : "
         "les obligations et les cibles sont recalculées avec vos chiffres.", None),
        ("", None),
        ("Statuts des obligations", Font(bold=True)),
        ("respectée · à risque · non respectée · non évaluable faute de données · non applicable", None),
        ("Les faits marqués ⚠ dans la colonne « Fiabilité » sont incertains : vérifiez-les sur Légifrance.", None),
        ("Les contrats aux considérations inconnues sont comptés à part, jamais comme « sans ».", None),
        ("Depuis le 1er janvier 2024, les DECP recensent les contrats de 40 000 € HT et plus "
         "(90 000 € HT pour le recensement avant 2024).", None),
    ]
    for i, (texte, police) in enumerate(lignes, start=1):
        cell = ws.cell(row=i, column=1, value=_cellule(texte))
        cell.alignment = HAUT_RENVOI
        if police:
            cell.font = police
    ws.column_dimensions["A"].width = 100


def _mise_en_page(ws) -> None:
    """Impression lisible : paysage, toute la largeur sur une page, titres d'en-tête répétés."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0


def _feuille_cibles(wb, feuilles: dict) -> None:
    ws = wb.create_sheet("Cibles")
    ws["A1"] = "Cibles et trajectoires (PNAD 2022-2025 et objectifs propres)"
    ws["A1"].font = Font(bold=True, size=13)
    table = table_trajectoires(feuilles["trajectoires"])
    if table.empty:
        table = pd.DataFrame(columns=["objectif", "statut", "phrase"])
    formats = {c: "0.0" for c in ("cible", "valeur_reference", "derniere_valeur", "tendance_par_an",
                                  "projection_echeance", "ecart_projection_cible")}
    formats["echeance"] = "dd/mm/yyyy"
    _ecrire_table(ws, table, ligne_entete=3, formats=formats, largeurs_max={"phrase": 80, "source": 40, "objectif": 45})
    try:
        from openpyxl.drawing.image import Image
    except ImportError:  # pragma: no cover - Pillow absent
        return
    import matplotlib.pyplot as plt

    ligne = len(table) + 6
    for t in feuilles["trajectoires"]:
        if not len(t.valeurs):
            continue
        fig = figure_trajectoire(t)
        tampon = io.BytesIO()
        fig.savefig(tampon, format="png", dpi=80)
        plt.close(fig)
        tampon.seek(0)
        ws.add_image(Image(tampon), f"A{ligne}")
        ligne += 22


def ecrire_tableau_de_bord(chemin, organisation_ou_tables, **options) -> Path:
    """Écrit le classeur de suivi à `chemin` (XLSX) d'un bloc ; rend le chemin.

    `options` : date_evaluation, objectifs, listes_fournisseurs ({libellé: [SIRET ou noms]}),
    saisie ({clé: valeur}), type_acheteur (voir `construire_feuilles` et `evaluer_obligations`).
    """
    chemin = Path(chemin)
    feuilles = construire_feuilles(organisation_ou_tables, **options)
    wb = Workbook()
    _lisez_moi(wb.active, feuilles)
    wb.active.title = "Lisez-moi"
    noms = {"Lisez-moi", "Cibles", "Obligations", "Saisie", "Communication"}
    for indicateur in feuilles["indicateurs"]:
        _feuille_indicateur(wb, indicateur, noms)
    _feuille_cibles(wb, feuilles)
    ws = wb.create_sheet("Obligations")
    ws["A1"] = f"Obligations juridiques évaluées au {feuilles['date']:%d/%m/%Y}"
    ws["A1"].font = Font(bold=True, size=13)
    _ecrire_table(ws, feuilles["obligations"], ligne_entete=3, formats={"date_application": "dd/mm/yyyy"},
                  largeurs_max={"explication": 80, "reference": 50, "fiabilite": 40, "source": 35})
    ws = wb.create_sheet("Saisie")
    ws["A1"] = "Chiffres à saisir : remplissez la colonne « Valeur » (oui/non, montants en € HT, nombres)"
    ws["A1"].font = Font(bold=True, size=13)
    _ecrire_table(ws, feuilles["saisie"], ligne_entete=3, largeurs_max={"libelle": 70})
    ws = wb.create_sheet("Communication")
    ws["A1"] = "Plan de communication achats publics responsables (modèle à compléter)"
    ws["A1"].font = Font(bold=True, size=13)
    _ecrire_table(ws, feuilles["communication"], ligne_entete=3, largeurs_max={"message": 70})
    for feuille in wb.worksheets:
        _mise_en_page(feuille)
    classeur_sur(wb)  # aucun texte venu des données n'est enregistré comme une formule
    return ecrire_d_un_bloc(chemin, wb.save)
