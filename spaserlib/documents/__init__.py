"""Les documents produits : figures, classeurs, projet de SPASER, rapport, rapports d'une classe.

    figures          les figures (Pareto, matrice de Kraljic)
    cartographie     les sorties de `spaser analyser` (CSV, XLSX, PNG)
    tableau_de_bord  le classeur de suivi (`spaser tableau-de-bord`)
    sections         les briques neutres d'un document (sections, paragraphes, tableaux)
    diagnostic       la section « Diagnostic » du projet de SPASER
    projet_spaser    le projet de SPASER en DOCX et en HTML
    word             l'écriture DOCX du projet (couverture, table des matières, modèle de la collectivité)
    word_styles      les styles Word du projet (Titre 1, Titre 2, Tableau SPASER…), complétés au besoin
    execution        le moteur qui exécute les notebooks sans écran et les rend en HTML
    rapport          le rapport d'une organisation (`spaser rapport`)
    classe           les rapports de toute une classe (`spaser classe`)
"""
