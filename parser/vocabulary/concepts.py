"""The concept table (`data/concepts.csv`): conditions, treatments and states criteria name, each with its terms and
how they relate to it, for the engine that marks mentions and the screener that matches patient records."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from parser.vocabulary.tables import listed, table_rows


@dataclass(frozen=True)
class ConceptEntry:
    """A concept and the terms its row lists, each with how it relates to the concept.

    The criteria engine marks every term of a row as a mention of the row's category (and one mention
    per row and criterion); a screener needs the relation: a `synonym` names the same concept, a
    `narrower` term a kind of it ("liver metastases" of "metastasis"), a `broader` term a concept it is
    a kind of ("systemic therapy" of "chemotherapy"), so a record of a narrower term satisfies a criterion
    naming the broader one and not the other way round.
    """

    concept: str
    category: str
    synonyms: tuple[str, ...]
    narrower: tuple[str, ...] = ()
    broader: tuple[str, ...] = ()
    spellings: tuple[tuple[str, ...], ...] = ()
    """The narrower and broader terms that spell one kind, its name first: a cell writes them joined by "=" ("hiv=human
    immunodeficiency virus"), so that a criterion and a record naming it in different words name the same kind."""

    @property
    def terms(self) -> tuple[str, ...]:
        """Every term the row lists, whatever its relation: what marks a mention of the concept."""
        return (*self.synonyms, *self.narrower, *self.broader)

    def kind_spellings(self, term: str) -> tuple[str, ...]:
        """The spellings of the kind a narrower or broader term (lower case) names, its name first; the term alone if
        no other spelling is listed."""
        return next((kind for kind in self.spellings if term in kind), (term,))


def _kinds(cell: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(part.strip().lower() for part in kind.split("=") if part.strip()) for kind in listed(cell))


@cache
def concepts() -> tuple[ConceptEntry, ...]:
    entries = []
    for row in table_rows("concepts.csv"):
        narrower, broader = _kinds(row["narrower"]), _kinds(row["broader"])
        entries.append(ConceptEntry(
            row["concept"], row["category"], listed(row["synonyms"]),
            tuple(term for kind in narrower for term in kind), tuple(term for kind in broader for term in kind),
            tuple(kind for kind in (*narrower, *broader) if len(kind) > 1)))
    return tuple(entries)


@cache
def _by_term() -> dict[str, ConceptEntry]:
    return {name.lower(): entry for entry in concepts() for name in (entry.concept, *entry.terms)}


def concept_named(term: str) -> ConceptEntry | None:
    """The row a term (in any case) names, if any: what a mention the engine marked is a mention of."""
    return _by_term().get(term.lower())
