"""Paramètres des organisations fictives : familles achetées, codes CPV, objets, noms, parts.

Tout ce qui est ici est inventé pour la formation. Les codes CPV sont réels (CPV 2008) et
chacun appartient à la famille sous laquelle il est rangé (le générateur le vérifie).
"""

from __future__ import annotations

# Pour chaque famille : (métiers qui entrent dans le nom des fournisseurs,
#                        [(code CPV, objet)], structure inclusive possible (nom) ou None).
# « {site} » dans un objet est remplacé par un site de l'organisation.
CATALOGUE: dict[str, tuple[list[str], list[tuple[str, str]], str | None]] = {
    "F-ALIM": (["Primeurs", "Distribution alimentaire", "Boulangerie", "Laiterie", "Volailles"], [
        ("15810000", "Fourniture de pain et viennoiseries — {site}"),
        ("15500000", "Fourniture de produits laitiers"),
        ("03221000", "Fourniture de légumes frais"),
        ("03222000", "Fourniture de fruits frais"),
        ("15110000", "Fourniture de viande"),
        ("15800000", "Fourniture d'épicerie"),
    ], "Légumerie d'insertion"),
    "F-ESPV": (["Pépinières", "Horticulture"], [
        ("03451000", "Plants de fleurissement saisonnier"),
        ("03452000", "Arbres d'alignement"),
    ], None),
    "F-MESV": (["Motoculture", "Matériels verts"], [
        ("16311000", "Tondeuse autoportée"),
        ("16160000", "Débroussailleuses et souffleurs électriques"),
        ("16800000", "Pièces détachées de matériel d'espaces verts"),
    ], None),
    "F-ELEC": (["Énergie", "Électricité"], [("09310000", "Fourniture d'électricité — {site}")], None),
    "F-GAZ": (["Gaz", "Énergies"], [("09123000", "Fourniture de gaz naturel — {site}")], None),
    "F-CARB": (["Carburants", "Pétroles"], [
        ("09134200", "Carburant diesel — cartes carburant"),
        ("09132100", "Essence sans plomb — cartes carburant"),
        ("09135100", "Fioul domestique — {site}"),
    ], None),
    "F-CHAL": (["Réseau de chaleur"], [("09323000", "Abonnement au réseau de chaleur — {site}")], None),
    "F-EAU": (["Eaux"], [("65111000", "Consommation d'eau — {site}")], None),
    "F-TEXT": (["Textiles", "Vêtements professionnels"], [
        ("18110000", "Vêtements de travail des agents techniques"),
        ("39510000", "Linge de maison — {site}"),
    ], "Atelier textile d'insertion"),
    "F-EPI": (["Protection", "Sécurité au travail"], [
        ("18830000", "Chaussures de sécurité"),
        ("18143000", "Équipements de protection individuelle"),
        ("35113400", "Vêtements haute visibilité"),
    ], None),
    "F-IMPR": (["Librairie", "Éditions"], [
        ("22110000", "Livres pour la médiathèque"),
        ("22200000", "Abonnements presse et revues"),
    ], None),
    "F-PAPI": (["Papeterie", "Papiers"], [
        ("30197630", "Papier d'impression A4 recyclé"),
        ("30199000", "Articles de papeterie et enveloppes"),
    ], "ESAT"),
    "F-BURO": (["Bureautique", "Fournitures"], [
        ("30192000", "Fournitures de bureau"),
        ("30193000", "Classement et archivage"),
    ], "ESAT"),
    "F-CONS": (["Consommables", "Cartouches"], [
        ("30125100", "Cartouches de toner"),
        ("30192113", "Cartouches d'encre"),
    ], "ESAT"),
    "F-REPR": (["Bureautique", "Copieurs"], [
        ("30121100", "Location-maintenance des copieurs multifonctions"),
        ("30232110", "Imprimantes laser"),
    ], None),
    "F-INFO": (["Informatique", "Systèmes", "Micro"], [
        ("30213100", "Ordinateurs portables"),
        ("30213300", "Ordinateurs de bureau"),
        ("30231300", "Écrans"),
        ("30213200", "Tablettes numériques"),
        ("32250000", "Téléphones mobiles"),
    ], "Reconditionnement solidaire"),
    "F-AUDI": (["Audiovisuel", "Vidéo"], [("32321200", "Matériel audiovisuel — {site}")], None),
    "F-LOGI": (["Logiciels", "Software", "Solutions"], [
        ("48440000", "Progiciel de gestion financière — licences"),
        ("48000000", "Licences logicielles"),
        ("48310000", "Suite bureautique — abonnements"),
    ], None),
    "F-MEDI": (["Médical", "Pharma"], [
        ("33141000", "Consommables médicaux"),
        ("33651600", "Vaccins — centres de PMI"),
    ], None),
    "F-HYGI": (["Hygiène", "Entretien"], [
        ("39830000", "Produits de nettoyage écolabellisés"),
        ("33760000", "Papier hygiénique et essuie-mains"),
        ("33711900", "Savon et produits d'hygiène"),
    ], None),
    "F-VEHI": (["Automobiles", "Véhicules industriels", "Pneus"], [
        ("34136000", "Véhicule utilitaire électrique"),
        ("34110000", "Véhicule de service"),
        ("34144511", "Benne à ordures ménagères"),
        ("34350000", "Pneumatiques"),
        ("34330000", "Pièces détachées pour poids lourds"),
    ], None),
    "F-ENGT": (["Cycles"], [("34430000", "Vélos à assistance électrique")], "Atelier vélo solidaire"),
    "F-VOIR": (["Signalisation", "Équipements routiers"], [
        ("34927100", "Sel de déneigement"),
        ("34992200", "Panneaux de signalisation routière"),
        ("34922100", "Produits de marquage routier"),
    ], None),
    "F-MOBU": (["Mobilier urbain"], [
        ("34928400", "Bancs et corbeilles de rue"),
        ("34928440", "Abris et poteaux d'arrêt de bus"),
    ], None),
    "F-COLL": (["Conteneurs"], [("34928480", "Bacs roulants de collecte")], None),
    "F-SECU": (["Sécurité incendie", "Protection"], [
        ("35111000", "Extincteurs — {site}"),
        ("35120000", "Matériel de vidéoprotection"),
    ], None),
    "F-SPOR": (["Sports"], [("37400000", "Équipements sportifs — {site}")], None),
    "F-JEUX": (["Jeux", "Aires de jeux"], [
        ("37520000", "Jeux et jouets pour les crèches"),
        ("37535200", "Jeux extérieurs pour aires de jeux"),
    ], None),
    "F-LOIS": (["Loisirs créatifs", "Musique"], [
        ("37800000", "Fournitures pour activités périscolaires"),
        ("37310000", "Instruments de musique — conservatoire"),
    ], None),
    "F-LABO": (["Mesure", "Instruments"], [("38500000", "Appareils de mesure et de contrôle")], None),
    "F-MOBI": (["Mobilier", "Agencement"], [
        ("39130000", "Mobilier de bureau"),
        ("39160000", "Mobilier scolaire — {site}"),
        ("39221000", "Équipement de cuisine et vaisselle — {site}"),
    ], "Ressourcerie du mobilier"),
    "F-ELEM": (["Équipements de cuisine", "Froid"], [
        ("39711100", "Réfrigérateurs et congélateurs — {site}"),
        ("39314000", "Équipement de cuisine professionnelle — {site}"),
    ], None),
    "F-MACH": (["Engins", "Manutention"], [
        ("43200000", "Engins de terrassement"),
        ("42415100", "Chariots élévateurs"),
    ], None),
    "F-MATX": (["Matériaux", "Négoce", "Quincaillerie"], [
        ("44113620", "Enrobés et asphalte"),
        ("44111000", "Matériaux de construction pour la régie"),
        ("44510000", "Outillage"),
        ("44810000", "Peintures"),
    ], None),
    "F-MODU": (["Modulaires"], [("44211100", "Location de bâtiments modulaires — {site}")], None),
    "F-CHIM": (["Chimie"], [
        ("24400000", "Engrais organiques"),
        ("24960000", "Produits chimiques divers"),
    ], None),
    "F-ECLA": (["Électricité", "Éclairage"], [
        ("31500000", "Lampes et luminaires LED"),
        ("34928510", "Lampadaires d'éclairage public"),
        ("31600000", "Matériel électrique"),
    ], None),
    "S-NETT": (["Propreté", "Nettoyage", "Multiservices"], [
        ("90911200", "Nettoyage des locaux — {site}"),
        ("90911300", "Nettoyage des vitres — {site}"),
        ("98310000", "Blanchisserie — {site}"),
    ], "Entreprise adaptée"),
    "S-PROP": (["Propreté urbaine", "Environnement"], [
        ("90610000", "Balayage mécanisé des voies"),
        ("90620000", "Déneigement des voies"),
        ("90690000", "Enlèvement des graffitis"),
    ], "Chantier d'insertion"),
    "S-DECH": (["Environnement", "Recyclage", "Valorisation"], [
        ("90511000", "Collecte des ordures ménagères"),
        ("90513000", "Traitement des ordures ménagères résiduelles"),
        ("90514000", "Tri et recyclage des emballages"),
    ], "Recyclerie d'insertion"),
    "S-ASSA": (["Assainissement", "Hydraulique"], [
        ("90420000", "Traitement des eaux usées"),
        ("90470000", "Curage des réseaux d'assainissement"),
        ("90481000", "Exploitation de la station d'épuration"),
    ], None),
    "S-REST": (["Restauration", "Traiteur"], [
        ("55524000", "Restauration scolaire — fourniture de repas"),
        ("55521200", "Portage de repas à domicile"),
        ("55520000", "Prestations de traiteur — {site}"),
    ], None),
    "S-HEBE": (["Voyages", "Séjours"], [
        ("55243000", "Séjours de vacances jeunesse"),
        ("55110000", "Hébergement hôtelier — déplacements"),
    ], None),
    "S-TRAN": (["Autocars", "Transports", "Voyages"], [
        ("60130000", "Transport des élèves"),
        ("60140000", "Transport en autocar — sorties"),
        ("60112000", "Transport routier public de voyageurs"),
    ], None),
    "S-LOGI": (["Logistique", "Archives"], [
        ("63120000", "Stockage et archivage externalisé"),
        ("63110000", "Manutention et déménagements"),
    ], None),
    "S-POST": (["Courrier"], [
        ("64110000", "Affranchissement du courrier"),
        ("64120000", "Services de courrier"),
    ], "ESAT"),
    "S-TELE": (["Télécom", "Réseaux"], [
        ("64210000", "Téléphonie fixe et accès internet"),
        ("64212000", "Téléphonie mobile"),
    ], None),
    "S-ASSU": (["Assurances", "Mutuelle d'assurance"], [
        ("66516000", "Assurance responsabilité civile"),
        ("66514110", "Assurance de la flotte automobile"),
        ("66515200", "Assurance dommages aux biens"),
    ], None),
    "S-IMMO": (["Immobilier"], [("70220000", "Loyer de locaux administratifs")], None),
    "S-MBAT": (["Thermique", "Ascenseurs", "Maintenance"], [
        ("50720000", "Maintenance des chaufferies — {site}"),
        ("50750000", "Entretien des ascenseurs — {site}"),
        ("50712000", "Maintenance des installations techniques — {site}"),
    ], None),
    "S-MVEH": (["Garage", "Poids lourds"], [("50112000", "Entretien et réparation de véhicules")], "Garage solidaire"),
    "S-MEQU": (["Maintenance", "Services techniques"], [
        ("50312000", "Maintenance du matériel informatique"),
        ("50413200", "Vérification des équipements de sécurité incendie — {site}"),
        ("50870000", "Entretien des aires de jeux"),
    ], None),
    "S-INFO": (["Informatique", "Cloud", "Numérique"], [
        ("72500000", "Infogérance du système d'information"),
        ("72415000", "Hébergement des sites internet"),
        ("72700000", "Maintenance du réseau informatique"),
    ], None),
    "PI-INFO": (["Conseil informatique", "Digital"], [
        ("72260000", "Assistance et maintenance des progiciels"),
        ("72220000", "Conseil en systèmes d'information"),
        ("72230000", "Développement d'applications"),
    ], None),
    "S-SECU": (["Sécurité", "Gardiennage"], [
        ("79710000", "Gardiennage — {site}"),
        ("79711000", "Télésurveillance des bâtiments"),
    ], None),
    "S-COMM": (["Communication", "Imprimerie", "Événements"], [
        ("79810000", "Impression du magazine"),
        ("79341000", "Campagne de communication"),
        ("79952000", "Organisation d'événements"),
    ], "ESAT"),
    "S-INTE": (["Intérim", "Emploi"], [("79620000", "Personnel intérimaire")], "Intérim d'insertion"),
    "PI-JURI": (["Avocats", "Conseil juridique"], [("79110000", "Conseil et représentation juridiques")], None),
    "PI-CONS": (["Conseil", "Études", "Stratégie"], [
        ("79410000", "Mission de conseil en organisation"),
        ("79211000", "Assistance comptable et financière"),
    ], None),
    "S-ENTR": (["Services", "Bureau"], [
        ("79999100", "Numérisation des archives"),
        ("79530000", "Traduction"),
    ], "ESAT"),
    "PI-MOE": (["Architectes", "Architecture", "Paysage"], [
        ("71220000", "Maîtrise d'œuvre — {site}"),
        ("71400000", "Études d'urbanisme et de paysage"),
    ], None),
    "PI-INGE": (["Ingénierie", "Contrôle", "Bureau d'études"], [
        ("71630000", "Contrôle technique — {site}"),
        ("71317210", "Coordination sécurité et protection de la santé — {site}"),
        ("71356000", "Études techniques"),
    ], None),
    "PI-ENVI": (["Environnement", "Écologie"], [
        ("90713000", "Conseil environnemental — bilan carbone"),
        ("90711500", "Surveillance de la qualité des milieux"),
    ], None),
    "PI-RECH": (["Recherche"], [("73110000", "Étude de recherche appliquée")], None),
    "S-FORM": (["Formation", "Compétences"], [
        ("80500000", "Formation des agents"),
        ("80530000", "Formation professionnelle — habilitations"),
    ], None),
    "S-SANT": (["Santé", "Médical"], [
        ("85147000", "Médecine du travail"),
        ("85140000", "Prestations de santé"),
    ], None),
    "S-SOCI": (["Solidarités", "Accompagnement"], [
        ("85310000", "Accompagnement social des bénéficiaires du RSA"),
        ("85320000", "Prestations d'action sociale"),
        ("85312320", "Accompagnement vers l'emploi"),
    ], "Association d'insertion"),
    "S-CULT": (["Spectacles", "Productions", "Culture"], [
        ("92310000", "Spectacle — saison culturelle"),
        ("92360000", "Feu d'artifice"),
        ("92610000", "Exploitation d'équipements sportifs"),
    ], None),
    "S-ESPV": (["Paysages", "Jardins", "Espaces verts"], [
        ("77310000", "Entretien des espaces verts — {site}"),
        ("77340000", "Élagage et taille des haies"),
    ], "Chantier d'insertion"),
    "S-DIVE": (["Services"], [("98371000", "Services funéraires")], None),
    "T-BAT": (["Construction", "Bâtiment", "Maçonnerie"], [
        ("45214200", "Construction et extension — {site}"),
        ("45212200", "Construction d'équipement sportif — {site}"),
        ("45210000", "Réhabilitation — {site}"),
        ("45261000", "Charpente et couverture — {site}"),
    ], None),
    "T-DEMO": (["Démolition", "Terrassement"], [
        ("45111100", "Démolition — {site}"),
        ("45111200", "Préparation et dégagement de sites"),
    ], None),
    "T-ROUT": (["Travaux publics", "Routes", "TP"], [
        ("45233140", "Travaux de voirie"),
        ("45233141", "Entretien des chaussées"),
        ("45233220", "Renouvellement des revêtements de chaussée"),
        ("45232130", "Réseaux d'eaux pluviales"),
    ], None),
    "T-GC": (["Génie civil", "Ouvrages d'art"], [
        ("45221110", "Réparation d'ouvrages d'art"),
        ("45246000", "Aménagement de cours d'eau et protection contre les crues"),
        ("45252000", "Travaux sur la station d'épuration"),
    ], None),
    "T-ELEC": (["Électricité", "Réseaux électriques"], [
        ("45311000", "Travaux d'électricité — {site}"),
        ("45316110", "Travaux d'éclairage public"),
        ("45343000", "Installation de sécurité incendie — {site}"),
    ], None),
    "T-CVC": (["Thermique", "Génie climatique", "Plomberie"], [
        ("45331000", "Chauffage, ventilation et climatisation — {site}"),
        ("45321000", "Isolation thermique — {site}"),
        ("45330000", "Plomberie — {site}"),
    ], None),
    "T-FINI": (["Peinture", "Menuiserie", "Revêtements"], [
        ("45442100", "Travaux de peinture — {site}"),
        ("45421000", "Menuiseries — {site}"),
        ("45432100", "Revêtements de sols — {site}"),
        ("45410000", "Plâtrerie — {site}"),
    ], None),
}

# Racines de noms de fournisseurs (inventées).
RACINES = [
    "Armand", "Bellerive", "Cazal", "Dorval", "Estienne", "Fontenelle", "Garrigue", "Hautbois", "Isard",
    "Jolivet", "Kervran", "Lambert", "Marest", "Noirval", "Orsay", "Perrault", "Quentel", "Roussel",
    "Saulnier", "Tardieu", "Urbain", "Vasseur", "Wattier", "Yvrard", "Zeller", "Aubrac", "Boisjoli",
    "Chantereau", "Delmas", "Escoffier", "Ferrand", "Gaudin", "Hérault", "Iribarne", "Jourdan",
    "Kessler", "Lacombe", "Marchal", "Nivelle", "Olivier", "Pradel", "Quillet", "Rivière", "Sorel",
    "Thibault", "Valois", "Vernier", "Brunel", "Cordier", "Dufresne", "Fabre", "Guérin", "Hamon",
    "Joubert", "Laurent", "Mallet", "Noël", "Picard", "Renaud", "Simonet", "Texier", "Vidal",
    "Arnaud", "Besson", "Carré", "Deschamps", "Étienne", "Fleury", "Gilbert", "Hubert", "Jacquet",
    "Leclerc", "Meunier", "Navarre", "Paris", "Rolland", "Sabatier", "Tessier", "Vallet", "Lemaire",
    "Boulanger", "Charpentier", "Dumont", "Ferrier", "Gautier", "Hoarau", "Julien", "Leroux", "Moulin",
    "Perrin", "Riviera", "Schmitt", "Tournier", "Vial", "Alpha", "Boréal", "Cristal", "Delta",
    "Équinoxe", "Horizon", "Iris", "Lumen", "Méridien", "Nova", "Oméga", "Pégase", "Quartz", "Sirius",
    "Tilia", "Vega", "Zénith", "Azur", "Cèdre", "Érable", "Hêtre", "Mélèze", "Orme", "Saule", "Tilleul",
]
FORMES = ["SAS", "SARL", "SA", "SAS", "EURL", "SAS", "SARL"]

# Parts (en valeur) de chaque famille dans les dépenses, par type d'organisation.
POIDS_COMMUNE = {
    "T-BAT": 14, "T-ROUT": 10, "T-FINI": 4, "T-CVC": 4, "T-ELEC": 2, "T-DEMO": 1,
    "S-REST": 8, "S-NETT": 5, "S-ESPV": 3, "S-DECH": 2, "S-PROP": 2, "S-MBAT": 3, "S-MEQU": 1,
    "S-MVEH": 1, "S-ASSU": 2.5, "S-TELE": 1, "S-INFO": 1.5, "PI-INFO": 0.5, "F-LOGI": 1.5,
    "F-INFO": 1.5, "S-SECU": 1, "S-COMM": 2, "S-CULT": 3, "S-TRAN": 1.5, "S-FORM": 0.5,
    "PI-MOE": 3, "PI-INGE": 1, "PI-CONS": 1, "PI-JURI": 0.5, "S-ENTR": 0.5, "S-INTE": 0.5,
    "S-POST": 0.5, "S-HEBE": 0.5, "F-ELEC": 5, "F-GAZ": 3, "F-CARB": 1, "F-EAU": 1, "F-ALIM": 3,
    "F-BURO": 0.4, "F-PAPI": 0.2, "F-CONS": 0.2, "F-REPR": 0.3, "F-MOBI": 1, "F-TEXT": 0.4,
    "F-EPI": 0.3, "F-HYGI": 0.6, "F-VEHI": 1, "F-ENGT": 0.1, "F-MATX": 2, "F-ECLA": 1,
    "F-VOIR": 0.8, "F-MOBU": 0.4, "F-COLL": 0.1, "F-ESPV": 0.4, "F-MESV": 0.4, "F-SPOR": 0.3,
    "F-JEUX": 0.2, "F-ELEM": 0.3, "F-IMPR": 0.6, "F-SECU": 0.3, "F-LOIS": 0.2, "F-CHIM": 0.2,
    "F-AUDI": 0.2, "S-DIVE": 0.2, "F-MODU": 0.3,
}
POIDS_AGGLO = {
    "S-DECH": 20, "S-ASSA": 7, "T-ROUT": 11, "T-GC": 5, "T-BAT": 8, "T-CVC": 2, "T-FINI": 1.5,
    "T-ELEC": 1.5, "T-DEMO": 0.8, "PI-MOE": 3, "PI-INGE": 3, "PI-ENVI": 1.5, "S-NETT": 3,
    "S-TRAN": 5, "F-COLL": 1.5, "F-VEHI": 3, "F-CARB": 2, "F-ELEC": 3.5, "F-GAZ": 1.5, "F-CHAL": 0.5,
    "F-EAU": 0.8, "S-INFO": 2, "F-INFO": 1.5, "F-LOGI": 1.2, "PI-INFO": 0.8, "S-TELE": 0.8,
    "S-ASSU": 1.5, "S-COMM": 1.5, "S-CULT": 2, "S-ESPV": 2, "S-MBAT": 2, "S-MVEH": 1.5, "S-PROP": 1,
    "S-MEQU": 0.8, "S-ENTR": 0.4, "S-INTE": 1, "PI-CONS": 1.5, "PI-JURI": 0.5, "S-FORM": 0.5,
    "S-SECU": 1, "S-POST": 0.3, "S-SOCI": 0.5, "S-HEBE": 0.2, "S-LOGI": 0.3, "S-REST": 0.6,
    "F-MATX": 1.2, "F-ECLA": 0.5, "F-MOBI": 0.6, "F-BURO": 0.2, "F-PAPI": 0.1, "F-CONS": 0.1,
    "F-REPR": 0.2, "F-TEXT": 0.3, "F-EPI": 0.4, "F-HYGI": 0.3, "F-MACH": 0.8, "F-CHIM": 0.4,
    "F-LABO": 0.2, "F-SPOR": 0.2, "F-LOIS": 0.2, "F-IMPR": 0.3, "F-SECU": 0.2, "F-MOBU": 0.3,
    "F-ENGT": 0.2, "F-VOIR": 0.3, "F-MESV": 0.3, "F-AUDI": 0.1, "F-MODU": 0.2, "S-IMMO": 0.5,
}
POIDS_DEPARTEMENT = {
    "T-ROUT": 19, "T-GC": 6, "T-BAT": 10, "T-CVC": 3, "T-FINI": 2, "T-ELEC": 1.5, "T-DEMO": 1,
    "S-TRAN": 5, "S-SOCI": 8, "S-SANT": 2, "S-REST": 2.5, "S-NETT": 3, "F-ELEC": 3, "F-GAZ": 1.5,
    "F-CARB": 2, "F-MATX": 4, "F-VOIR": 2, "F-VEHI": 2, "F-MACH": 1.5, "F-INFO": 3, "F-LOGI": 1.5,
    "S-INFO": 2.5, "PI-INFO": 1, "S-TELE": 1, "S-ASSU": 1.5, "PI-MOE": 3, "PI-INGE": 3,
    "PI-ENVI": 0.5, "PI-CONS": 1, "PI-JURI": 0.5, "PI-RECH": 0.2, "S-COMM": 1.5, "S-CULT": 1,
    "S-ESPV": 1, "S-MBAT": 2, "S-MVEH": 1, "S-MEQU": 1, "S-INTE": 0.5, "S-SECU": 0.8, "S-FORM": 0.6,
    "F-MOBI": 1, "F-ALIM": 2, "F-ELEM": 0.3, "F-BURO": 0.3, "F-PAPI": 0.2, "F-CONS": 0.2,
    "F-REPR": 0.3, "F-HYGI": 0.4, "F-TEXT": 0.3, "F-EPI": 0.4, "F-SPOR": 0.2, "F-IMPR": 0.3,
    "S-POST": 0.4, "S-HEBE": 0.3, "S-ENTR": 0.4, "S-IMMO": 0.5, "F-SECU": 0.3, "F-LABO": 0.1,
    "F-MEDI": 0.3, "F-CHIM": 0.3, "S-LOGI": 0.3, "F-EAU": 0.3, "F-CHAL": 0.3, "F-AUDI": 0.2,
    "F-ECLA": 0.4, "F-MODU": 0.3, "S-PROP": 0.4, "S-DIVE": 0.1,
}

ORGANISATIONS = [
    {
        "slug": "val-fleuri",
        "nom": "Commune de Val-Fleuri",
        "type": "commune",
        "population": 25300,
        "siren_prefixe": "21990",  # 21 = commune ; 99 = département fictif
        "depenses": {2023: 16.4e6, 2024: 17.1e6, 2025: 17.6e6},
        "lignes_par_an": 4000,
        "poids": POIDS_COMMUNE,
        "fournisseurs_par_famille": 9,
        "parts_environnement": {2023: 0.18, 2024: 0.30, 2025: 0.42},
        "parts_social": {2023: 0.10, 2024: 0.15, 2025: 0.21},
        "achats": "tableur_sale",
        "marches": "csv",
        "prefixe_marche": "VF-{annee}-",
        "sites": [
            "Hôtel de ville", "École Jean-Moulin", "Groupe scolaire des Tilleuls", "École maternelle Les Acacias",
            "Médiathèque", "Gymnase municipal", "Centre technique municipal", "Crèche Les Lutins",
            "Salle des fêtes", "Stade des Prés",
        ],
        "directions": None,
    },
    {
        "slug": "trois-rivieres",
        "nom": "Communauté d'agglomération des Trois Rivières",
        "type": "communauté d'agglomération",
        "population": 128400,
        "siren_prefixe": "20009",  # 200 = EPCI à fiscalité propre créé après 2000
        "depenses": {2023: 52.6e6, 2024: 54.8e6, 2025: 56.9e6},
        "lignes_par_an": 9000,
        "poids": POIDS_AGGLO,
        "fournisseurs_par_famille": 16,
        "parts_environnement": {2023: 0.20, 2024: 0.35, 2025: 0.50},
        "parts_social": {2023: 0.12, 2024: 0.18, 2025: 0.25},
        "achats": "csv",
        "marches": "decp_json",
        "prefixe_marche": "{annee}TR",
        "sites": [
            "Siège communautaire", "Centre aquatique des Trois Rivières", "Déchèterie des Saules",
            "Déchèterie du Moulin", "Station d'épuration de la Basse-Prairie", "Conservatoire communautaire",
            "Médiathèque communautaire", "Pépinière d'entreprises", "Centre de tri",
        ],
        "directions": None,
    },
    {
        "slug": "haute-vallee",
        "nom": "Département de la Haute-Vallée",
        "type": "département",
        "population": 548000,
        "siren_prefixe": "22990",  # 22 = département
        "depenses": {2023: 291e6, 2024: 304e6, 2025: 312e6},
        "lignes_par_an": 5900,
        "poids": POIDS_DEPARTEMENT,
        "fournisseurs_par_famille": 24,
        "parts_environnement": {2023: 0.25, 2024: 0.38, 2025: 0.52},
        "parts_social": {2023: 0.14, 2024: 0.20, 2025: 0.28},
        "achats": "csv_excel",
        "marches": "xlsx",
        "prefixe_marche": "HV{aa}-",
        "sites": [
            "Hôtel du Département", "Collège Victor-Hugo", "Collège des Hauts-Prés", "Collège Marie-Curie",
            "Collège du Val", "Centre routier de Saint-Aubin", "Centre routier des Crêtes",
            "Maison départementale des solidarités de Bourg-Vallée", "Archives départementales",
            "Parc départemental de la Source",
        ],
        "directions": {
            "T": "Direction des routes et des bâtiments",
            "S-SOCI": "Direction des solidarités", "S-SANT": "Direction des solidarités",
            "F-MEDI": "Direction des solidarités",
            "S-REST": "Direction de l'éducation", "F-ALIM": "Direction de l'éducation",
            "F-MOBI": "Direction de l'éducation", "F-ELEM": "Direction de l'éducation",
            "F-INFO": "Direction du numérique", "F-LOGI": "Direction du numérique",
            "S-INFO": "Direction du numérique", "PI-INFO": "Direction du numérique", "S-TELE": "Direction du numérique",
            "F-MATX": "Direction des routes et des bâtiments", "F-VOIR": "Direction des routes et des bâtiments",
            "F-MACH": "Direction des routes et des bâtiments", "PI-MOE": "Direction des routes et des bâtiments",
            "PI-INGE": "Direction des routes et des bâtiments",
            "S-TRAN": "Direction de l'éducation",
            "autre": "Direction des ressources et des moyens généraux",
        },
    },
]
