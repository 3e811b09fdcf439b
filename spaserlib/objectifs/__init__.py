"""Les objectifs d'un SPASER : modèle, lecture du texte, analyse SMART, réalisme, fichiers.

    modele      `Objectif` et le catalogue des objectifs de référence
    extraction  ce qu'un objectif écrit en français dit (valeur, échéance, périmètre…)
    smart       l'analyse SMART d'un objectif, critère par critère
    realisme    la valeur de départ et le rythme observé dans les données
    fichiers    `lire_objectifs` : le seul lecteur des fichiers d'objectifs (YAML, JSON, réponses)
"""
