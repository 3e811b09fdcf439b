"""Les documents produits : figures, classeurs, projet de SPASER, rapport, rapports d'une classe.

    figures          les figures (Pareto, matrice de Kraljic)
    cartographie     les sorties de `spaser analyser` (CSV, XLSX, PNG)
    tableau_de_bord  le classeur de suivi (`spaser tableau-de-bord`)
    sections         les briques neutres d'un document (sections, paragraphes, tableaux)
    diagnostic       la section « Diagnostic » du projet de SPASER
    edition          l'édition, la période de validité, le périmètre et les moyens du projet
    cibles           les cibles proposées (formation des acheteuses et acheteurs, EGalim, économie équitable)
    economie_equitable  l'axe d'économie équitable, quand les données le permettent
    deliberation     le rapport de présentation et le projet de délibération (annexes 1 et 2)
    annexes          les annexes de méthode, de sources, de glossaire et d'obligations non évaluables
    projet_spaser    le projet de SPASER (construction, écriture HTML)
    word             l'écriture DOCX du projet (couverture, table des matières, modèle de la collectivité)
    word_styles      les styles Word du projet (Titre 1, Titre 2, Tableau SPASER…), complétés au besoin
    execution        le moteur qui exécute les notebooks sans écran et les rend en HTML
    rapport          le rapport d'une organisation (`spaser rapport`)
    classe           les rapports de toute une classe (`spaser classe`)
    figure_pairs     la figure de l'organisation parmi ses pairs (`spaser comparer`)
    page_comparaison la page « comparaison avec les pairs » du rapport (`spaser rapport --pairs`)
"""
