"""Le rétroplanning d'un SPASER (module 3, notebook 03.02) : de la séance du vote, en remontant, jusqu'au
comité de pilotage (COPIL) de lancement.

Les étapes et leurs durées sont des données (`spaserlib/donnees/retroplanning.yaml`) ; le délai d'envoi
de la convocation est celui de la loi : cinq jours francs dans les communes de 3 500 habitants et plus
(CGCT, article L2121-12), trois jours francs en dessous (CGCT, article L2121-11). Jours francs : ni le jour
de l'envoi ni celui de la séance ne comptent ; l'envoi se fait donc au plus tard le (n + 1)e jour avant
la séance.

    retroplanning(date_seance, population, date_reference, durees, jours_ouvres, delai_convocation_jours)
        -> DataFrame : une ligne par étape ou jalon, dans l'ordre chronologique (debut, fin, durée, livrable)
    phrase_retroplanning(table) -> str        les trois dates à retenir, en toutes lettres
    figure_retroplanning(table, titre) -> Figure   un diagramme de Gantt simple, avec son texte de remplacement

Avec `jours_ouvres=True`, chaque début d'étape et l'envoi de la convocation tombent un jour ouvré : ni
samedi, ni dimanche, ni jour férié national (paquet `holidays`, calendrier de la France ; les jours fériés
propres à l'Alsace-Moselle et aux outre-mer ne sont pas comptés). Le calendrier recule alors au jour
ouvré précédent, jamais après : le délai légal reste tenu.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from importlib import resources

import pandas as pd
import yaml

from spaserlib.commun.calendrier import jour_en_lettres, lire_date_reference
from spaserlib.commun.erreurs import ErreurParametre

JOURS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
COLONNES = ("etape", "nature", "debut", "fin", "duree", "livrable")
LANCEMENT = "COPIL de lancement"
ENVOI = "Envoi de la convocation et de la note explicative de synthèse aux élues et élus"
SEANCE = "Séance de l'assemblée délibérante (vote)"


@dataclass(frozen=True)
class Etape:
    id: str
    libelle: str
    semaines: int
    livrable: str


def _donnees() -> dict:
    texte = resources.files("spaserlib").joinpath("donnees/retroplanning.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(texte)


def etapes_types() -> list[Etape]:
    """Les étapes du fichier du kit, dans l'ordre chronologique."""
    return [Etape(str(e["id"]), str(e["libelle"]), int(e["semaines"]), str(e["livrable"])) for e in _donnees()["etapes"]]


def en_lettres(jour: date) -> str:
    """« jeudi 15 octobre 2026 »."""
    return f"{JOURS[jour.weekday()]} {jour_en_lettres(jour)}"


def delai_convocation(population: int | None = None, delai_convocation_jours: int | None = None) -> tuple[int, str]:
    """(nombre de jours francs, référence) du délai d'envoi de la convocation avant la séance.

    `delai_convocation_jours` (entier, au moins 1) l'emporte : le délai que vous indiquez (département,
    région, syndicat…). Sinon, selon la `population` de la commune ; sans population, le délai le plus long
    (celui des communes de 3 500 habitants et plus), par prudence.
    """
    if delai_convocation_jours is not None:
        if isinstance(delai_convocation_jours, bool) or not isinstance(delai_convocation_jours, int) or delai_convocation_jours < 1:
            raise ErreurParametre(f"delai_convocation_jours vaut « {delai_convocation_jours} » : indiquez un nombre "
                                  "entier de jours francs, au moins 1 (ou None pour le délai des communes).")
        return delai_convocation_jours, "délai indiqué pour votre assemblée"
    delais = sorted(_donnees()["delais_convocation"], key=lambda d: d["seuil_habitants"], reverse=True)
    if population is None:
        return int(delais[0]["jours_francs"]), f"{delais[0]['reference']}, délai retenu par prudence faute de population indiquée"
    if isinstance(population, bool) or not isinstance(population, int) or population < 0:
        raise ErreurParametre(f"population vaut « {population} » : indiquez le nombre d'habitants de la commune "
                              "(un entier, par exemple 12500), ou None.")
    for delai in delais:
        if population >= delai["seuil_habitants"]:
            return int(delai["jours_francs"]), str(delai["reference"])
    raise AssertionError("un seuil de 0 habitant manque dans retroplanning.yaml")  # pragma: no cover


def _jours_feries(annees) -> set:
    import holidays

    return set(holidays.France(years=sorted(annees)))


def _ouvre_avant(jour: date, feries: set) -> date:
    """Le jour même s'il est ouvré, sinon le jour ouvré précédent (ni samedi, ni dimanche, ni férié)."""
    while jour.weekday() >= 5 or jour in feries:
        jour -= timedelta(days=1)
    return jour


def _durees(durees: dict | None, etapes: list[Etape]) -> list[Etape]:
    if durees is None:
        return etapes
    if not isinstance(durees, dict):
        raise ErreurParametre("durees doit être un dictionnaire {étape: semaines}, par exemple {\"diagnostic\": 6}.")
    connues = {e.id for e in etapes}
    inconnues = [str(k) for k in durees if k not in connues]
    if inconnues:
        raise ErreurParametre(f"Étape(s) inconnue(s) dans durees : {', '.join(f'« {k} »' for k in inconnues)}. "
                              f"Étapes : {', '.join(e.id for e in etapes)}.")
    for ident, semaines in durees.items():
        if isinstance(semaines, bool) or not isinstance(semaines, int) or not 1 <= semaines <= 104:
            raise ErreurParametre(f"Durée de l'étape « {ident} » : « {semaines} ». Indiquez un nombre entier de "
                                  "semaines, de 1 à 104.")
    return [Etape(e.id, e.libelle, durees.get(e.id, e.semaines), e.livrable) for e in etapes]


def _calculer(seance: date, etapes: list[Etape], jours_francs: int, jours_ouvres: bool) -> list[dict]:
    """Les lignes du calendrier, calculées à rebours à partir de la séance."""
    feries = _jours_feries(range(seance.year - 3, seance.year + 1)) if jours_ouvres else set()
    ajuster = (lambda j: _ouvre_avant(j, feries)) if jours_ouvres else (lambda j: j)
    envoi = ajuster(seance - timedelta(days=jours_francs + 1))
    lignes = [{"etape": SEANCE, "nature": "jalon", "debut": seance, "fin": seance, "duree": "", "livrable": "Délibération adoptant le SPASER"},
              {"etape": ENVOI, "nature": "jalon", "debut": envoi, "fin": envoi,
               "duree": f"au plus tard {jours_francs} jours francs avant la séance", "livrable": "Convocation, projet de délibération, rapport de présentation"}]
    suivant = envoi
    for etape in reversed(etapes):
        fin = suivant - timedelta(days=1)
        debut = ajuster(fin - timedelta(days=7 * etape.semaines - 1))
        lignes.append({"etape": etape.libelle, "nature": "étape", "debut": debut, "fin": fin,
                       "duree": f"{etape.semaines} semaine{'s' if etape.semaines > 1 else ''}", "livrable": etape.livrable})
        suivant = debut
    lignes.append({"etape": LANCEMENT, "nature": "jalon", "debut": suivant, "fin": suivant, "duree": "",
                   "livrable": "Ambition, équipe projet, calendrier validés"})
    return lignes[::-1]


def retroplanning(date_seance=None, population: int | None = None, date_reference=None, durees: dict | None = None,
                  jours_ouvres: bool = False, delai_convocation_jours: int | None = None) -> pd.DataFrame:
    """Le calendrier du SPASER, du COPIL de lancement à la séance du vote, calculé à rebours.

    date_seance     la séance de l'assemblée délibérante (AAAA-MM-JJ ou JJ/MM/AAAA) ; None : la première
                    séance possible à partir de `date_reference` ;
    population      le nombre d'habitants de la commune (délai de convocation, voir `delai_convocation`) ;
    date_reference  le jour à partir duquel on planifie (None : aujourd'hui) ;
    durees          {étape: semaines} pour changer des durées (étapes : voir retroplanning.yaml) ;
    jours_ouvres    True : débuts d'étape et envoi un jour ouvré (voir le module).
    Rend une table (colonnes `COLONNES`, dates en `datetime64`) ; ses attributs `attrs` gardent la séance,
    le délai et sa référence. Lève `ErreurParametre` si la séance est passée ou trop proche pour tenir les
    durées, en disant à partir de quelle date elle devient possible.
    """
    aujourd_hui = lire_date_reference(date_reference)
    if not isinstance(jours_ouvres, bool):
        raise ErreurParametre(f"jours_ouvres vaut « {jours_ouvres} » : indiquez True ou False.")
    etapes = _durees(durees, etapes_types())
    jours_francs, reference = delai_convocation(population, delai_convocation_jours)
    if date_seance is None or (isinstance(date_seance, str) and not date_seance.strip()):
        seance = premiere_seance_possible(aujourd_hui, etapes, jours_francs, jours_ouvres)
    else:
        seance = lire_date_reference(date_seance, origine="date_seance")
        if seance <= aujourd_hui:
            raise ErreurParametre(
                f"La séance du {en_lettres(seance)} n'est pas à venir au {jour_en_lettres(aujourd_hui)} : indiquez la date "
                "d'une séance future de l'assemblée délibérante (date_seance, AAAA-MM-JJ)."
            )
    lignes = _calculer(seance, etapes, jours_francs, jours_ouvres)
    if lignes[0]["debut"] < aujourd_hui:
        possible = premiere_seance_possible(aujourd_hui, etapes, jours_francs, jours_ouvres)
        semaines = sum(e.semaines for e in etapes)
        raise ErreurParametre(
            f"La séance du {en_lettres(seance)} est trop proche : il faudrait avoir lancé le COPIL le "
            f"{en_lettres(lignes[0]['debut'])}, avant le {jour_en_lettres(aujourd_hui)} ({semaines} semaines d'étapes, "
            f"plus {jours_francs} jours francs de convocation). Visez une séance à partir du {en_lettres(possible)}, "
            "ou raccourcissez des étapes (paramètre durees, par exemple {\"diagnostic\": 6})."
        )
    table = pd.DataFrame(lignes, columns=list(COLONNES))
    table["debut"] = pd.to_datetime(table["debut"])
    table["fin"] = pd.to_datetime(table["fin"])
    table.attrs.update({"seance": seance, "jours_francs": jours_francs, "reference": reference,
                        "jours_ouvres": jours_ouvres, "date_reference": aujourd_hui})
    return table


def premiere_seance_possible(aujourd_hui: date, etapes: list[Etape] | None = None, jours_francs: int = 5,
                             jours_ouvres: bool = False) -> date:
    """La première séance dont le COPIL de lancement ne tombe pas avant `aujourd_hui` (un jour de semaine)."""
    etapes = etapes or etapes_types()
    seance = aujourd_hui + timedelta(days=7 * sum(e.semaines for e in etapes) + jours_francs + 1)
    while seance.weekday() >= 5 or _calculer(seance, etapes, jours_francs, jours_ouvres)[0]["debut"] < aujourd_hui:
        seance += timedelta(days=1)
    return seance


def phrase_retroplanning(table: pd.DataFrame) -> str:
    """« Pour un vote en séance le jeudi 15 octobre 2026 : COPIL de lancement au plus tard le … ; envoi … »."""
    lancement = table.loc[table["etape"] == LANCEMENT, "debut"].iloc[0].date()
    envoi = table.loc[table["etape"] == ENVOI, "debut"].iloc[0].date()
    seance = table.attrs["seance"]
    semaines = (seance - lancement).days // 7
    ouvres = " Les débuts d'étape et l'envoi tombent un jour ouvré (jours fériés nationaux exclus)." if table.attrs.get("jours_ouvres") else ""
    return (f"Pour un vote en séance le {en_lettres(seance)} : COPIL de lancement au plus tard le {en_lettres(lancement)} "
            f"(environ {semaines} semaines avant) ; convocation et note explicative de synthèse envoyées aux élues et élus "
            f"au plus tard le {en_lettres(envoi)} ({table.attrs['jours_francs']} jours francs : {table.attrs['reference']})."
            + ouvres)


def titre_retroplanning(table: pd.DataFrame, organisation: str | None = None) -> str:
    """« X : rétroplanning du SPASER, du 11 décembre 2026 au 24 juin 2027 » (sans X si `organisation` est vide)."""
    debut = table["debut"].min().date()
    titre = f"rétroplanning du SPASER, du {jour_en_lettres(debut)} au {jour_en_lettres(table.attrs['seance'])}"
    return f"{organisation} : {titre}" if organisation else titre[0].upper() + titre[1:]


def _mois_court(valeur, _position=None) -> str:
    from matplotlib.dates import num2date

    jour = num2date(valeur)
    return f"{('janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.')[jour.month - 1]}\n{jour.year}"


def figure_retroplanning(table: pd.DataFrame, titre: str | None = None):
    """Un diagramme de Gantt simple : une barre par étape, un losange par jalon, la séance en rouge. Rend une
    `Figure` autonome (rien n'est enregistré), avec son texte de remplacement."""
    import textwrap

    from matplotlib.dates import MonthLocator, date2num
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    from spaserlib.documents.figures import decrire

    titre = titre or titre_retroplanning(table)
    figure = Figure(figsize=(10, 0.55 * len(table) + 1.8), layout="constrained")
    ax = figure.add_subplot()
    for rang, ligne in enumerate(table.itertuples()):
        debut, fin = date2num(ligne.debut), date2num(ligne.fin + pd.Timedelta(days=1))
        if ligne.nature == "étape":
            ax.barh(rang, fin - debut, left=debut, height=0.55, color="#1f5f8b")
            if fin - debut >= 28:  # le libellé tient dans la barre ; sinon, il la suit
                ax.annotate(ligne.duree, (debut + (fin - debut) / 2, rang), ha="center", va="center", fontsize=8,
                            color="white")
            else:
                ax.annotate(ligne.duree, (fin, rang), xytext=(5, 0), textcoords="offset points", va="center",
                            fontsize=8, color="#1f5f8b")
        else:
            couleur = "#b22222" if ligne.etape == SEANCE else "#404040"
            ax.plot(debut, rang, marker="D", markersize=8, color=couleur)
            ax.annotate(ligne.debut.strftime("%d/%m/%Y"), (debut, rang), xytext=(8, 0), textcoords="offset points",
                        va="center", fontsize=8, color=couleur)
    ax.set_yticks(range(len(table)), ["\n".join(textwrap.wrap(e, 42)) for e in table["etape"]], fontsize=8.5)
    ax.invert_yaxis()
    ax.xaxis.set_major_locator(MonthLocator())
    ax.xaxis.set_major_formatter(FuncFormatter(_mois_court))  # mois en français, quelle que soit la locale
    ax.tick_params(axis="x", labelsize=8)
    ax.grid(axis="x", color="#d9d9d9", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.set_xlim(date2num(table["debut"].min()) - 7, date2num(table["fin"].max()) + 40)
    ax.set_title(titre, fontsize=11.5)
    return decrire(figure, f"{titre}. Diagramme de Gantt des étapes, de la première à la séance. {phrase_retroplanning(table)}")


def montrer_retroplanning(date_seance=None, population: int | None = None, date_reference=None,
                          durees: dict | None = None, jours_ouvres: bool = False, organisation: str | None = None,
                          delai_convocation_jours: int | None = None) -> pd.DataFrame:
    """Affiche la phrase à retenir, la table et le diagramme du rétroplanning ; rend la table."""
    from spaserlib.cours.affichage import afficher_figure, afficher_phrase, afficher_table

    table = retroplanning(date_seance, population=population, date_reference=date_reference, durees=durees,
                          jours_ouvres=jours_ouvres, delai_convocation_jours=delai_convocation_jours)
    if date_seance is None:
        afficher_phrase("Aucune date de séance indiquée : le calendrier part de la première séance possible.")
    afficher_phrase(phrase_retroplanning(table), titre="À retenir")
    titre = titre_retroplanning(table, organisation)
    afficher_table(table, titre=titre, colonnes=["etape", "debut", "fin", "duree", "livrable"], max_lignes=None,
                   libelles={"etape": "Étape", "debut": "Début", "fin": "Fin", "duree": "Durée", "livrable": "Ce qui en sort"})
    afficher_figure(figure_retroplanning(table, titre))
    return table
