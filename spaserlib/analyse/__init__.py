"""Les analyses, sur les tables canoniques ; elles n'écrivent rien et n'affichent rien.

    profil         année de référence, chiffres clés, dépense par nature et par famille
    indicateurs    parts des contrats avec des considérations, dépenses par année, famille, fournisseur
    pareto         classement ABC (règle des 80 %) et sa phrase
    kraljic        notation des familles et quadrants de Kraljic
    enjeux         familles à plus fort enjeu social et environnemental
    strategies     stratégies d'achat par quadrant, avec les articles du CCP
    obligations    les règles juridiques datées et leur évaluation pour une organisation
    agec           AGEC, article 58 (décret n° 2024-134)
    trajectoires   trajectoires vers les cibles (PNAD, objectifs de l'organisation)
    communication  le plan de communication du SPASER
"""
