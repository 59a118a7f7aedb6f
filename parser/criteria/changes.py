"""Words of change around a measure's name: what a threshold bounds when the text says a change of the measure.

"a > 20% decrease in serum albumin", "weight loss > 5 kg", "an increase in FEV1 of ≥ 12%", "an increase of ≥ 0.3 mg/dL
in serum creatinine": the change is bounded, not the level a screener would otherwise compare (`measure_change`,
`standard_score`, `change_link`, `change_amount_link` cues). `measure_lookup.MeasureLookup` holds one reader per
criterion and asks it while it looks for the nearest name.
"""

from __future__ import annotations

from parser.criteria import lexicon
from parser.criteria.atoms import Atom
from parser.criteria.clauses import Clauses
from parser.criteria.cue_words import negation_words
from parser.criteria.quantities import Quantity

_CHANGE_MODIFIER_TOKENS = 3
"""Tokens of the words qualifying a change before its word ("post - bronchodilator improvement")."""


def measured(quantity: Quantity) -> bool:
    """Whether a value is in a unit of its own, not a count nor a multiple of a limit: only such a value may bound a
    change rather than a level."""
    return quantity.unit not in (None, "1") and not quantity.relative_to


class Changes:
    """The words of change of one criterion, through the reader of its clauses the resolver uses too."""

    def __init__(self, clauses: Clauses) -> None:
        self.clauses = clauses
        self.doc, self.marks = clauses.doc, clauses.marks

    def change_after(self, atom: Atom) -> tuple[int, int] | None:
        """"a > 20% decrease in serum albumin": a word of change after the threshold, then what changed."""
        doc, i = self.doc, atom.end
        if i + 1 < len(doc) and doc[i].lower_ in lexicon.words("measure_change") and doc[i + 1].lower_ in ("in", "of"):
            changed = self.clauses.right_phrase(i + 2 + (i + 2 < len(doc) and doc[i + 2].lower_ == "the"))
            return (i, changed[1]) if changed else None  # the change is bounded, not the measure
        return None

    def changed(self, end: int) -> bool:
        """Whether a measure's name is followed by a word of change ("weight loss > 5 kg") or of a standard score
        ("height z-score ≥ -2", "BMI percentile"): the change or the score is bounded, not the measure
        (`measure_change`, `standard_score` cues)."""
        return end < len(self.doc) and (self.doc[end].lower_ in lexicon.words("measure_change")
                                        or bool(lexicon.phrase_from(self.doc, end, "standard_score")))

    def changed_before(self, start: int, end: int, threshold: int) -> bool:
        """Whether a measure's name `[start, end)` follows a word of change and "in" or "of" ("an increase in FEV1 of
        ≥ 12%", "a drop in systolic blood pressure of 20 mmHg"): the change is bounded, not the measure
        (`measure_change` cues); unless "to" leads to the threshold, the level reached ("a decline in hemoglobin to
        < 8.5 g/dL")."""
        return (self._change_word_before(start) is not None
                and not any(t.lower_ in lexicon.words("reached_link") for t in self.doc[end:threshold]))

    def _change_word(self, start: int, links: str) -> int | None:
        """The change word (`measure_change` cues) two tokens before `start`, a word of kind `links` between."""
        doc = self.doc
        changed = (start > 1 and doc[start - 1].lower_ in lexicon.words(links)
                   and doc[start - 2].lower_ in lexicon.words("measure_change"))
        return start - 2 if changed else None

    def _change_word_before(self, start: int) -> int | None:
        """The change word before a measure's name starting at `start` ("a drop in (the) systolic …")."""
        return self._change_word(start - (start > 0 and self.doc[start - 1].lower_ == "the"), "change_link")

    def change_word_leading(self, atom: Atom) -> int | None:
        """The change word right before "of" or "by" and a measured threshold ("an increase of ≥ 0.3 mg/dL in …")."""
        if not measured(atom.bounds[-1].quantity):
            return None
        return self._change_word(atom.start, "change_amount_link")

    def change_of_nearest(self, atom: Atom, clause: int) -> tuple[int, int] | None:
        """The words from a change word to the measure it changes, when that measure is the nearest one named before
        a threshold in a unit with nothing but function words between ("a drop in systolic blood pressure of 20
        mmHg"); not a multiple of a normal limit, a level ("an increase in AST and ALT of more than 3 × ULN"), nor a
        bare count ("a decrease in visual acuity in at least one eye")."""
        if not measured(atom.bounds[-1].quantity):
            return None
        nearest = next((s for s in reversed(self.marks.measures) if clause <= s.start and s.end <= atom.start), None)
        if (nearest is None or self.clauses.is_content(nearest.end, atom.start)
                or not self.changed_before(nearest.start, nearest.end, atom.start)):
            return None
        change = self._change_word_before(nearest.start)
        if change is None or change < clause:
            return None
        stops, word = lexicon.words("np_stop") | lexicon.words("strip") | negation_words(), change
        while (change - 1 >= clause and word - change < _CHANGE_MODIFIER_TOKENS
               and (self.doc[change - 1].is_alpha and self.doc[change - 1].lower_ not in stops
                    or self.doc[change - 1].text == "-" and not self.doc[change - 1].whitespace_)):
            change -= 1  # "post-bronchodilator improvement in FEV1", "absolute rise in PSA": its modifiers too
        return change, nearest.end
