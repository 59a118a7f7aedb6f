"""The lists a colon opens in one criterion, and the leads that say how their items join.

"History, within 6 months, of any of the following: myocardial infarction, stroke" dates every item the colon lists;
"all of the following:" joins them with `all`, "any of the following:" with `any`. Read over one criterion's `Clauses`.
"""

from __future__ import annotations

from parser.criteria import lexicon
from parser.criteria.atoms import BOUNDARY
from parser.criteria.clause_reader import ClauseReader

_COLON_REACH = 10
"""How far after a window's anchor the colon opening its list of events may be ("… are not eligible: …")."""
_LISTED_REACH = 19
"""The most tokens of a list a colon opens that name the events of a window ("…: myocardial infarction, …")."""
_LIST_LEAD_REACH = 16
"""How many words a lead to a list may take ("of normal in any of the following laboratory values at Visit 1:")."""


class Lists(ClauseReader):
    """Where a colon opens a list near a threshold, and how a lead joins the list's items."""

    def _colon_within(self, end: int, reach: int) -> int | None:
        """The first colon from token `end` within `reach` tokens, unless the sentence ends before it."""
        doc = self.doc
        stop = next((i for i in range(end, min(len(doc), end + reach))
                     if doc[i].text == ":" or doc[i].text in BOUNDARY), None)
        return stop if stop is not None and doc[stop].text == ":" else None

    def list_lead_after(self, end: int) -> int | None:
        """The colon ending a lead to a list that starts at token `end` ("of any of the following laboratory results
        at screening:"), if one does."""
        colon = self._colon_within(end, _LIST_LEAD_REACH)
        if colon is None:
            return None
        return colon if lexicon.names_the_following([t.lower_ for t in self.doc[end:colon]]) else None

    def list_join(self, start: int) -> str | None:
        """How the items of a list that a lead ending in a colon opens before token `start` are joined, when the lead
        says: any ("any of the following:", "one or more of the following:": `list_any` cues) or all ("all of the
        following:", `list_all`); None without such a lead."""
        doc = self.doc
        colon = next((i for i in range(start - 1, max(-1, start - 1 - _LIST_LEAD_REACH), -1)
                      if doc[i].text == ":" or doc[i].text in BOUNDARY), None)
        if colon is None or doc[colon].text != ":":
            return None
        return lexicon.list_quantifier([t.lower_ for t in doc[self.clauses.sentence_start(colon):colon]])

    def listed_after(self, end: int) -> tuple[int, int] | None:
        """The list a colon opens after token `end` ("…: myocardial infarction, unstable angina, stroke"), a few
        words on at most ("… within 6 months are not eligible: …")."""
        colon = self._colon_within(end, _COLON_REACH)
        return None if colon is None else self.listed_from(colon)

    def listed_from(self, colon: int) -> tuple[int, int] | None:
        """The list the colon at token `colon` opens, to its sentence's end."""
        return self.clauses.phrase_to_sentence_end(colon + 1, _LISTED_REACH)
