"""Importer nbformat (et donc jsonschema) sans payer la grammaire RFC 3987 : deux secondes par processus.

`jsonschema` enregistre à son import des vérificateurs de formats facultatifs ; celui des IRI (« iri »,
« iri-reference ») importe `rfc3987_syntax`, qui construit une grammaire Lark complète à l'import : environ
2 s sur cette machine, payées par chaque processus qui lit un notebook (un rapport, chaque processus d'une
classe), alors que nbformat ne vérifie jamais ces formats (il valide sans vérificateur de formats).

`nbformat_rapide()` importe jsonschema en masquant ce seul module le temps de l'import (jsonschema
l'ignore alors, comme quand il n'est pas installé), puis le rend importable : un code qui l'importe
lui-même l'obtient normalement. Sans effet si jsonschema est déjà importé.
"""

from __future__ import annotations

import sys

_GRAMMAIRE = "rfc3987_syntax"


def nbformat_rapide():
    """Le module nbformat, importé sans la grammaire RFC 3987 de jsonschema (voir le module)."""
    if "jsonschema" not in sys.modules and _GRAMMAIRE not in sys.modules:
        sys.modules[_GRAMMAIRE] = None  # « import rfc3987_syntax » lève ImportError, que jsonschema ignore
        try:
            import jsonschema  # noqa: F401
        finally:
            del sys.modules[_GRAMMAIRE]
    import nbformat

    return nbformat
