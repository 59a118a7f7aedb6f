"""Numbers written before their comparator and measure: "19 < BMI < 30", "160 mmHg ≤ sitSBP < 200 mmHg".

The first number bounds the measure the other way round ("19 <" is "BMI > 19"). A measure the tables know is read
right after the comparator, or before the number when a sign follows it ("Child-Pugh score 7 ≤ …"); one they do not
know only between two bounds, and only when its words can be nothing but a name: no unit, no join ("18 ≤ and ≤
75"), no person.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from parser.criteria import atoms, lexicon
from parser.criteria.comparator_sites import TURNED, op_of
from parser.criteria.quantities import Quantity, parse_number
from parser.vocabulary import units

if TYPE_CHECKING:
    from parser.criteria.atoms import Atom
    from parser.criteria.marks import Marks

_BOUNDED_WORDS = 5
"""The most words a measure no table knows may take between two bounds ("5 ≤ total symptom score < 12")."""


def number_first(marks: Marks, quantity: Quantity) -> Atom | None:
    """The atom of a number written before its comparator and the measure that comparator bounds, if any."""
    comparator = marks.comparators_by_start.get(quantity.end)
    if comparator is None or op_of(comparator)[1] != "before":
        return None
    atom = atoms.Atom(quantity.start, comparator.end, [atoms.Bound(TURNED[op_of(comparator)[0]], quantity)],
                      comparator=comparator)
    measure = marks.measure_at.get(comparator.end)
    if measure is not None and measure.start == comparator.end:
        atom.measure_spans = [(measure.start, measure.end)]
        return atom
    if quantity.start - 1 in marks.measure_at and marks.doc[quantity.start - 1].whitespace_:  # not "(UPC)2 < 1"
        # "Child-Pugh score 7 ≤ points ≤ 9": the measure named before the number, as for the bound after; a sign
        # only ("500 mg up to three times daily" is a dose and how often)
        return None if any(c.isalpha() for c in comparator.text) else atom
    if (named := _bounded_words(marks, comparator.end)) is None:
        return None
    known = next((marks.measure_at[i] for i in range(*named) if i in marks.measure_at), None)
    if known is not None:  # "50 ≤ plasma viral load < 500 copies/mL"
        atom.measure_spans = [(known.start, known.end)]
    else:
        atom.measures, atom.measure_spans, atom.named_where_found = [marks.doc[slice(*named)].text], [named], True
    return atom


def _bounded_words(marks: Marks, start: int) -> tuple[int, int] | None:
    """The words from token `start` to a comparator written before a number, if only words naming a measure come
    between: not a unit ("7 ≤ points ≤ 9", "50 ≤ kilograms ≤ 100"), a join ("18 ≤ and ≤ 75") or persons."""
    doc = marks.doc
    if start >= len(doc) or doc[start].lower_ in lexicon.words("multiplier") or (
            (unit := units.spelled(doc[start].text)) is not None and not unit.startswith("{")):
        return None  # the unit of the number before, not a name; a thing counted may be one ("3 ≤ drinks per week")
    others = lexicon.words("series_join") | lexicon.words("bound_join") | lexicon.words("person")
    for end in range(start, min(len(doc), start + _BOUNDED_WORDS + 1)):
        following = marks.comparators_by_start.get(end)
        if following is not None and end > start:
            closes = op_of(following)[1] == "before" and following.end < len(doc)
            return (start, end) if closes and parse_number(doc[following.end].text) is not None else None
        if not doc[end].is_alpha or doc[end].lower_ in others:
            return None
    return None
