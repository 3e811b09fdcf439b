"""Le socle commun du kit, sur lequel tout le reste s'appuie (il n'importe rien d'autre du kit).

    erreurs       la hiérarchie d'erreurs (`ErreurSpaser`…) et le `Probleme` d'un fichier
    tables        les tables canoniques : achats, marches, leurs colonnes et leurs types
    format_fr     les nombres, montants et dates à la française, lus et écrits
    identifiants  SIRET, SIREN, CPV ; le nom de fichier sûr d'un participant (`nom_sur`)
    nomenclature  la nomenclature des familles d'achat et la correspondance CPV -> famille
    ecriture      écrire un fichier ou un dossier d'un bloc (tout ou rien)
    tableur       cellules sûres à ouvrir (pas de formule venue des données) et CSV pour Excel en français
    limites       les limites de taille, de profondeur et de longueur des entrées, et leur message
    gabarits      l'environnement Jinja des pages HTML du kit
    ressources    où sont les dossiers du kit (notebooks, organisations exemples, solutions) ; les listes
                  YAML des données du kit (`liste_yaml`)
    calendrier    la date de référence du droit et la façon de dire une règle en vigueur ou à venir
    jupyterlab    le gestionnaire de contenus qui ouvre les notebooks sans marque « modifié »
"""
