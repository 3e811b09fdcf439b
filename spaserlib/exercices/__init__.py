"""Les exercices pratiques : réponses enregistrées, juges, corrigé, notation, formulaires, génération.

    reponses    les fichiers de réponses des apprenants (JSON), écrits et relus
    juges       les fonctions pures qui jugent une réponse (Kraljic, SMART, axes)
    corrige     le corrigé tiré des données du cas d'étude
    notation    `spaser noter` : notes, retours par participant, débriefing de la classe
    widgets     les formulaires ipywidgets des exercices
    generation  les notebooks apprenant (exercises/) tirés des notebooks formateur (solutions/)
"""
