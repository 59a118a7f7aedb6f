"""The base of the readers a criterion's `Clauses` holds (`Clauses.negation`, `Clauses.lists`, `Clauses.done`): each
reads over the clauses, which hold it in turn."""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from parser.criteria.clauses import Clauses


class ClauseReader:
    """A reader over one criterion's clauses, with their `Doc`, `Marks` and section at hand."""

    def __init__(self, clauses: Clauses) -> None:
        self._clauses = weakref.ref(clauses)  # the clauses hold this reader: a strong reference back would make a
        # cycle that keeps the Doc alive until the collector's pass over old objects
        self.doc, self.marks, self.section = clauses.doc, clauses.marks, clauses.section

    @property
    def clauses(self) -> Clauses:
        found = self._clauses()
        assert found is not None, f"a criterion's {type(self).__name__} outlived its clauses"
        return found
