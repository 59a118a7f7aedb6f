"""Where a node of an expression lies among a criterion's tokens: the inverse of the span map the builder writes
source spans with.

A node's `span` is in the text as given, and the doc is of the text folded for reading ("> or =" read as "≥"), so
rules that read an expression back against the doc's words cannot take its offsets as the doc's."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc

SpanMap = Callable[[int, int], tuple[tuple[int, int], str]]
"""Tokens `[start, end)` of a criterion's doc to their span in the text as given, and those words."""


class TokenLocator:
    """The tokens of a source span (`SpanMap` read backwards), each token's span made once, on first use."""

    def __init__(self, doc: Doc, span_of: SpanMap) -> None:
        self.doc, self.span_of = doc, span_of
        self._spans: list[tuple[int, int]] | None = None

    def __call__(self, span: tuple[int, int]) -> range | None:
        """The tokens whose words lie inside `span`, or None when none does."""
        if self._spans is None:
            self._spans = [self.span_of(i, i + 1)[0] for i in range(len(self.doc))]
        inside = [i for i, (start, end) in enumerate(self._spans) if span[0] <= start and end <= span[1]]
        return range(inside[0], inside[-1] + 1) if inside else None


Locate = Callable[[tuple[int, int]], range | None]
"""A `TokenLocator`, or any callable that answers as one does."""
