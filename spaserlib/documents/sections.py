"""Les briques neutres d'un document du kit (projet de SPASER) : sections, paragraphes, listes, tableaux.

Construites une fois, elles sont écrites en DOCX et en HTML par `spaserlib.documents.projet_spaser`.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Bloc:
    """Un élément d'une section : paragraphe, liste, tableau (entête + lignes), encadré ou sous-titre."""

    genre: str  # "paragraphe", "liste", "tableau", "encadre", "sous_titre"
    contenu: object
    entete: list[str] | None = None


@dataclass
class Section:
    """Une partie du document. `annexe` : la section va dans les annexes (détails techniques, pièces
    jointes), après le corps du document, que les écritures DOCX et HTML présentent comme telles."""

    titre: str
    blocs: list[Bloc] = field(default_factory=list)
    annexe: bool = False

    def paragraphe(self, texte: str) -> "Section":
        self.blocs.append(Bloc("paragraphe", texte))
        return self

    def liste(self, elements: list[str]) -> "Section":
        self.blocs.append(Bloc("liste", list(elements)))
        return self

    def tableau(self, entete: list[str], lignes: list[list[str]]) -> "Section":
        self.blocs.append(Bloc("tableau", [[str(c) for c in ligne] for ligne in lignes], entete))
        return self

    def encadre(self, texte: str) -> "Section":
        self.blocs.append(Bloc("encadre", texte))
        return self

    def sous_titre(self, texte: str) -> "Section":
        self.blocs.append(Bloc("sous_titre", texte))
        return self
