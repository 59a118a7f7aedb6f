"""Degrees named by ordinals: "second- or third-degree heart block", "3rd degree AV block".

A heart block is graded by an ordinal before the word "degree", never by a number a comparator bounds, so the
threshold search never sees it. Read here, degrees joined by "or" are a range from the lowest; one that reaches the
top of the scale is every degree from the lowest up; one degree with a comparator after it ("second degree or greater
heart block", "AV block [2nd degree or higher]") is that bound. A single degree alone names a condition, not a
threshold.
"""

from __future__ import annotations

from functools import cache

from spacy.tokens import Doc

from parser import vocabulary
from parser.criteria import lexicon
from parser.criteria.marks import Marks
from parser.criteria.quantities import is_ordinal, parse_number
from parser.criteria.scores import NamedValues
from parser.models.criteria import Op

_DEGREE = "degree"
_MEASURE = "av_block"
"""The measure key (`parser/vocabulary/data/measures.csv`) a degree of conduction block bounds."""


def _ordinal_before(doc: Doc, end: int) -> tuple[float, int] | None:
    """The ordinal ending right before token `end` ("second", "second-", "2" "nd") and where it starts."""
    i = end - 1
    if i < 0:
        return None
    word = doc[i].lower_.rstrip("-")
    if word in lexicon.ordinal_words():
        return lexicon.ordinal_words()[word], i
    if i > 0 and is_ordinal(doc, i - 1) and (number := parse_number(doc[i - 1].text)):
        return number[0], i - 1  # "2" "nd"
    return None


def block_degrees(marks: Marks) -> list[NamedValues]:
    """Degrees of conduction block (`conduction_block` cues after "degree"), with the bounds the ordinals before
    "degree" set: (start, end, measure, bounds)."""
    doc = marks.doc
    measure = vocabulary.measures_by_key()[_MEASURE]
    top = measure.plausible[1] if measure.plausible else None
    found: list[NamedValues] = []
    for i in [i for i, token in enumerate(doc) if token.lower_ == _DEGREE]:
        middle = _postfix_at(marks, i + 1)  # "second degree or greater heart block"
        block = i + 1 + (middle[1] if middle else 0)
        named = lexicon.phrase_from(doc, block, "conduction_block")
        cursor = i - (i > 0 and doc[i - 1].text == "-")  # "third-degree"
        values: list[float] = []
        while (ordinal := _ordinal_before(doc, cursor)) is not None:
            values.append(ordinal[0])
            cursor = ordinal[1]
            joined = cursor > 0 and doc[cursor - 1].lower_ in lexicon.words("degree_join")
            if not (joined and _ordinal_before(doc, cursor - 1) is not None):
                break
            cursor -= 1  # "second or third", "second/third"
        start, end = cursor, block + named
        trailing = None if middle or not named else _postfix_at(marks, end)  # "second degree AV block or higher"
        if not named:  # "AV block [2nd degree or higher]", "AV block (second or third degree)"
            before = _block_before_bracket(doc, cursor, block)
            if before is None:
                continue
            start, end = before, block + 1
        bounds: tuple[tuple[Op, float], ...]
        if len(values) == 1 and (postfix := middle or trailing) is not None:
            bounds = ((postfix[0], values[0]),)
            end += trailing[1] if trailing else 0
        elif len(values) < 2:
            continue  # "third-degree heart block" names a condition, as "stage IV" names a stage: no threshold
        else:  # a comparator after a list ("first or second degree AV block or higher") is left for review
            low, high = min(values), max(values)
            bounds = ((">=", low),) if high == top else ((">=", low), ("<=", high))
        found.append((start, end, measure, bounds))
    return found


@cache
def _block_name_reach() -> int:
    """The most tokens a block's name takes ("atrioventricular ( av ) block")."""
    return max(len(phrase.split()) for phrase in lexicon.cues()["conduction_block"])


def _block_before_bracket(doc: Doc, opening_end: int, closing: int) -> int | None:
    """Where the name of a block starts when it ends right before the bracket holding its degree, the bracket opened
    just before token `opening_end` and closed at token `closing`: the longest name of the table, and more than
    the word "block" alone ("sinoatrial block (second degree)" is no AV block)."""
    opening = opening_end - 1
    if opening < 1 or closing >= len(doc) or doc[opening].text not in ("(", "[") or doc[closing].text not in (")", "]"):
        return None
    return next((k for k in range(max(0, opening - _block_name_reach()), opening - 1)
                 if lexicon.phrase_from(doc, k, "conduction_block") == opening - k), None)


def _postfix_at(marks: Marks, i: int) -> tuple[Op, int] | None:
    """A comparator written after its value starting at token `i` ("or greater", "or higher"): its op and length.
    The marks hold none where a prefix comparator before a number overlaps it ("or greater than 3 second pauses")."""
    span = marks.comparators_by_start.get(i)
    if span is None:
        return None
    op, position = lexicon.comparator_table()[span.text.lower()]
    return (op, len(span)) if position == "after" else None
