"""Les noms de colonnes qu'on trouve dans les exports, et leur colonne canonique.

Un nom est comparé après normalisation : sans accents, en minuscules, sans espaces, tirets,
soulignés, points ni symboles (« N° SIRET », « n_siret » et « NSIRET » se valent). Pour chaque
colonne canonique, les alias sont rangés du plus sûr au moins sûr : quand deux colonnes du
fichier conviennent, la plus sûre est prise.
"""

from __future__ import annotations

import re
import unicodedata


def normaliser_nom(nom) -> str:
    """Forme comparable d'un nom de colonne : « Montant HT (€) » -> « montantht »."""
    texte = unicodedata.normalize("NFKD", str(nom))
    texte = "".join(c for c in texte if not unicodedata.combining(c)).lower()
    texte = re.sub(r"[^a-z0-9]", "", texte)
    if texte.startswith(("montant", "mt")):
        texte = re.sub(r"(euros?|eur)$", "", texte)  # « Montant HT en euros », « Montant (EUR) »
    return texte


ALIAS_ACHATS: dict[str, list[str]] = {
    "date": [
        "date", "datedemandatement", "datemandatement", "datemandat", "datedufacture", "datefacture",
        "datedefacture", "datedelafacture", "datepaiement", "datedepaiement", "dateemission",
        "datedemission", "dateoperation", "datecomptable", "dateliquidation", "datedeliquidation",
        "datecommande", "datedecommande",
    ],
    "fournisseur": [
        "fournisseur", "raisonsociale", "nomfournisseur", "fournisseurnom", "nomdufournisseur",
        "tiers", "nomtiers", "nomdutiers", "libelletiers", "beneficiaire", "creancier", "titulaire",
        "denominationsociale", "denomination", "prestataire",
    ],
    "siret": [
        "siret", "nsiret", "numerosiret", "nosiret", "siretfournisseur", "siretdufournisseur",
        "siretdutiers", "sirettiers", "siretbeneficiaire", "siret14",
    ],
    "famille": ["famille", "codefamille", "familleachat", "familledachat", "familleachats", "famillehomogene"],
    "cpv": ["cpv", "codecpv", "cpvcode", "cpvprincipal", "codecpvprincipal"],
    "montant_ht": [
        "montantht", "montanthorstaxe", "montanthorstaxes", "mtht", "montantfactureht",
        "montantmandatht", "montantmandateht", "ht", "montant",
    ],
    "objet": [
        "objet", "libelle", "objetdeladepense", "objetdepense", "designation", "intitule",
        "libellefacture", "libelledelafacture", "libellemandat", "description",
    ],
    "marche_id": [
        "marcheid", "nmarche", "numeromarche", "numerodemarche", "nodemarche", "nomarche", "idmarche",
        "refmarche", "referencemarche", "marche", "contrat", "ncontrat",
    ],
    "acheteur": [
        "acheteur", "serviceacheteur", "service", "entite", "budget", "collectivite", "acheteursnom",
        "acheteurnom", "direction",
    ],
}

ALIAS_MARCHES: dict[str, list[str]] = {
    "id": [
        "id", "marcheid", "idmarche", "nmarche", "numeromarche", "numerodemarche", "nomarche",
        "identifiant", "referencemarche", "refmarche", "numero",
    ],
    "acheteur_id": [
        "acheteurid", "siretacheteur", "acheteursiret", "acheteur", "acheteursnom", "acheteurnom",
        "nomacheteur", "pouvoiradjudicateur", "organisme",
    ],
    "objet": ["objet", "marcheobjet", "objetdumarche", "objetmarche", "intitule", "libelle"],
    "cpv": ["cpv", "codecpv", "cpvcode", "cpvprincipal"],
    "famille": ["famille", "codefamille"],
    "nature": ["nature", "naturemarche", "naturedumarche", "typemarche", "typedemarche"],
    "procedure": ["procedure", "typeprocedure", "typedeprocedure", "proceduredepassation"],
    "montant_ht": [
        "montantht", "montant", "montantattribue", "montantnotifie", "montantinitial", "montantinitialht",
        "montantmarche", "montantdumarche",
    ],
    "date_notification": [
        "datenotification", "notificationdate", "datedenotification", "datenotif", "dateattribution",
        "date",
    ],
    "duree_mois": ["dureemois", "dureeenmois", "duree", "dureemarche"],
    "titulaires": [
        "titulaires", "titulaire", "titulairesdenomination", "titulairedenomination", "titulairenom",
        "attributaire", "attributaires", "raisonsociale", "fournisseur", "denominationsociale",
    ],
    "titulaires_ids": ["titulairesid", "titulaireid", "titulairessiret", "titulairesiret", "siret", "siretdutitulaire"],
    "considerations_sociales": ["considerationssociales", "considerationsociale"],
    "considerations_environnementales": ["considerationsenvironnementales", "considerationenvironnementale"],
    # Colonne de travail : sert au regroupement des lots, n'est pas gardée telle quelle.
    "lot": ["numerolot", "nlot", "lot", "numlot", "nodelot", "numerodelot"],
}

# Colonnes de montant toutes taxes comprises : jamais lues comme du HT sans qu'on le demande.
ALIAS_TTC = [
    "montantttc", "ttc", "mtttc", "montanttoutestaxescomprises", "montantmandatttc", "montantmandatettc",
    "montantfacturettc", "montantpaye", "montantpayettc",
]

# Colonnes d'un export DECP « tabulaire » : elles aident à reconnaître sa ligne d'en-tête.
COLONNES_DECP_TABULAIRE = {"uid", "acheteurid", "titulaireid", "datenotification"}

# Le nom canonique lui-même (« titulaires_ids ») est toujours le plus sûr des alias : un fichier
# écrit par le kit, ou aux colonnes du kit, se relit sans perte.
for _table in (ALIAS_ACHATS, ALIAS_MARCHES):
    for _canonique, _alias in _table.items():
        _norme = normaliser_nom(_canonique)
        _table[_canonique] = [_norme] + [a for a in _alias if a != _norme]

OBLIGATOIRES_ACHATS = ["date", "fournisseur", "montant_ht"]
OBLIGATOIRES_MARCHES = ["id", "montant_ht"]


def tous_les_alias() -> set[str]:
    """Tous les noms normalisés connus, pour reconnaître une ligne d'en-tête."""
    noms = set(ALIAS_TTC) | COLONNES_DECP_TABULAIRE
    for table in (ALIAS_ACHATS, ALIAS_MARCHES):
        for alias in table.values():
            noms.update(alias)
    return noms


def correspondance(entetes: list[str], alias: dict[str, list[str]]) -> dict[str, str]:
    """Associe à chaque colonne canonique la colonne du fichier la plus sûre.

    `entetes` : noms tels qu'écrits dans le fichier. Rend {canonique: nom du fichier}. Une colonne
    du fichier ne sert qu'une fois ; les colonnes canoniques sont servies dans l'ordre de sûreté
    de leur meilleur alias (une correspondance exacte passe avant un alias général comme « date »).
    """
    normes = {nom: normaliser_nom(nom) for nom in entetes}
    candidats = []
    for canonique, liste in alias.items():
        for rang, a in enumerate(liste):
            for nom in entetes:
                if normes[nom] == a:
                    candidats.append((rang, list(alias).index(canonique), canonique, nom))
    resultat: dict[str, str] = {}
    pris: set[str] = set()
    for _, _, canonique, nom in sorted(candidats, key=lambda c: (c[0], c[1])):
        if canonique not in resultat and nom not in pris:
            resultat[canonique] = nom
            pris.add(nom)
    return resultat


def colonnes_ttc(entetes: list[str]) -> list[str]:
    """Les colonnes du fichier dont le nom dit « TTC »."""
    return [nom for nom in entetes if normaliser_nom(nom) in ALIAS_TTC or normaliser_nom(nom).endswith("ttc")]
