"""Which lexicon concept mentions of a criterion name a concept of their own, and which name one again.

A row of the concept table (`parser/vocabulary/data/concepts.csv`) lists synonyms of its concept and kinds of it
(narrower and broader terms). Synonyms name the row's concept; each kind is a concept of its own: "HIV, hepatitis B
or hepatitis C" names three infections, not one named three times. A kind named after its row's concept adds
nothing ("pregnant or lactating": a screener matching the concept matches its kinds), and the row's concept written
as the head noun of a kind ("hepatitis C infection", "HIV-1 infection", "infection with HIV") is that kind's name.
Kinds of one row listed in an exclusion exclude each (`same_row`: "nursing and pregnant women").
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Span

from parser.criteria import lexicon
from parser.criteria.brackets import CLOSING, opening_bracket
from parser.models.criteria import Concept, Expr
from parser.vocabulary import ConceptEntry, concept_named

_ASIDE_REACH = 8
"""Tokens an aside between a kind and its head noun may take ("human immunodeficiency virus (HIV) infection")."""


class ConceptNames:
    """Mention by mention, in the order of the text: whether a mention names a concept already named."""

    def __init__(self, doc: Doc, mentions: Sequence[Span]) -> None:
        self.doc, self.mentions = doc, mentions
        self.seen: set[str] = set()

    def restates(self, span: Span, entry: ConceptEntry) -> bool:
        key, kind = _named(entry, span.text)
        taken_in = entry.concept in self.seen if kind else self._heads_a_kind(entry, span)
        if key in self.seen or taken_in:
            return True
        self.seen.add(key)
        return False

    def _heads_a_kind(self, entry: ConceptEntry, span: Span) -> bool:
        """Whether a mention of the row's concept is the head noun of a kind of it named right before it, past
        an aside in brackets, a type's number or the word for its agent ("HIV-1 infection", "hepatitis B virus
        (HBV) infection": `kind_head_filler` rows), or right after it and "with"/"of" ("infection with HIV")."""
        doc, before = self.doc, span.start
        fillers = lexicon.words("kind_head_filler")
        while before > 0 and (doc[before - 1].text in CLOSING or doc[before - 1].like_num
                              or doc[before - 1].lower_ in fillers):
            opening = opening_bracket(doc, before - 1, _ASIDE_REACH) if doc[before - 1].text in CLOSING else before - 1
            if opening is None:
                break
            before = opening
        after = span.end + 1
        linked = after < len(doc) and doc[span.end].lower_ in lexicon.words("event_link")
        return any(other is not span and concept_named(other.text) == entry and _named(entry, other.text)[1]
                   and (before <= other.end <= span.start or (linked and other.start == after))
                   for other in self.mentions)


def same_row(left: Expr, right: Expr) -> bool:
    """Whether two nodes are concepts named by terms of one row of the concept table."""
    if not isinstance(left, Concept) or not isinstance(right, Concept):
        return False
    row = concept_named(left.concept)
    return row is not None and row == concept_named(right.concept)


def _named(entry: ConceptEntry, term: str) -> tuple[str, bool]:
    """What a mention of a row names, and whether that is a kind of the row's concept rather than the concept."""
    written = term.lower()
    kind = written in entry.narrower or written in entry.broader
    return (written if kind else entry.concept), kind
