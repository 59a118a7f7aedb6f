"""A multiple of a lab's upper limit written without the limit: "AST greater than 2.5 times".

Criteria bound some labs by their upper limit of normal (`limit_multiples` "uln" in the measure table); "N times"
after such a lab is a multiple of that limit when the words after "times" name no other reference before the clause
ends: only a change or a limit's words ("2.5 or more times upper normal limit"), not "2 times control", "5 times the
patient's own baseline" or "3 times higher than at study entry".
"""

from __future__ import annotations

from parser.criteria import lexicon
from parser.criteria.marks import Marks
from parser.criteria.quantities import Quantity
from parser.vocabulary import Measure

_MULTIPLE_ENDS = frozenset({",", ";", ".", ":", "(", ")"})
"""What ends the words after "times" that may still name the limit."""


def multiple_without_limit(marks: Marks, entry: Measure, quantity: Quantity) -> bool:
    """Whether a quantity bounding `entry` is a multiple of its upper limit left unnamed ("bilirubin more than 2-fold
    increase"): "times" (or a hyphen and "fold") after it, then only a change or a limit's words (`measure_change`,
    `limit_word`, `upper_limit_word`, `limit_filler` cues) up to the clause's end (`multiple_end_word` cues)."""
    doc, after = marks.doc, quantity.end
    if after < len(doc) and doc[after].text == "-":
        after += 1  # "2-fold"
    if (postfix := marks.comparators_by_start.get(after)) is not None:
        after = postfix.end  # "2.5 or more times"
    if entry.limit_multiples != "uln" or after >= len(doc):
        return False
    if doc[after].lower_ not in lexicon.words("multiplier"):
        return False
    limit_words = (lexicon.words("measure_change") | lexicon.words("limit_word")
                   | lexicon.words("upper_limit_word") | lexicon.words("limit_filler"))
    ends = lexicon.words("multiple_end_word")
    for token in doc[after + 1:]:
        if token.text in _MULTIPLE_ENDS or token.lower_ in ends:
            return True
        if token.lower_ not in limit_words:
            return False
    return True


__all__ = ["multiple_without_limit"]
