"""Ranges of values: two numbers joined into bounds ("18-75", "between 18 and 65", "2 to <12 years", "18.0
(inclusive) and 27.0 (exclusive)"), ranges a value must lie outside of, and whole scores listed ("0 or 1",
"III or IV", "ECOG of 0, 1"). Found by `atoms.find_atoms`, which builds the bounds."""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING, NamedTuple

from parser import vocabulary
from parser.criteria import atoms, bare_bounds, lexicon, scores, windows
from parser.criteria.brackets import closing_bracket
from parser.criteria.comparator_sites import op_of
from parser.criteria.cue_words import strip_words
from parser.criteria.quantities import Quantity
from parser.models.criteria import Op
from parser.vocabulary import units

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from parser.criteria.atoms import Atom
    from parser.criteria.marks import Marks


class Partner(NamedTuple):
    """The other end of a range: its index among the quantities, where the words joining the two ends start (None:
    right after the low end), and the aside in brackets on the low end the range steps over (empty if none)."""

    at: int
    gap_start: int | None = None
    aside: range = range(0)


def range_partner(marks: Marks, quantities: list[Quantity], index: int) -> Partner | None:
    """Where the other end of a range opened by `quantities[index]` may stand: the next quantity; the one after it
    when the next only restates the first in other units ("HbA1c 7.0% (53 mmol/mol) to 10.0% (86 mmol/mol)"); or the
    first past an aside in brackets on the low end that a joining word follows ("21 (19 in Korea) and 70 years", "18
    (or older where the age of consent is higher) to 64 years": the aside qualifies the low end, the range goes on
    after it)."""
    if index + 1 >= len(quantities):
        return None
    low, next_one = quantities[index], quantities[index + 1]
    doc = marks.doc
    bracketed = (next_one.start == low.end + 1 and doc[low.end].text == "(" and next_one.end < len(doc)
                 and doc[next_one.end].text == ")" and low.unit is not None and next_one.unit not in (None, low.unit))
    if bracketed and index + 2 < len(quantities):
        return Partner(index + 2, next_one.end + 1)
    closing = _aside_on(marks, low)
    if closing is not None:
        past = next((j for j in range(index + 1, len(quantities)) if quantities[j].start > closing), None)
        if past is not None and quantities[past].start <= closing + 1 + _JOINER_REACH:
            opening = low.number_end if low.unit is None else low.end
            return Partner(past, closing + 1, range(opening, closing + 1))
    return Partner(index + 1)


_HALF_STEP_TOP = 10
"""The top of the scales scored in half steps ("EDSS 0-10", "CDR 0-3"): larger values in half steps are codes."""
_RANGE_ASIDE_REACH = 40
"""The most tokens an aside on a range's low end holds ("(or older if the minimum legal age of consent in the country
in which the study is taking place is greater than [>] 18)")."""
_JOINER_REACH = 3
"""Tokens from an aside's end to the high end ("to < 64", "and ≤ 70")."""


def _aside_on(marks: Marks, low: Quantity) -> int | None:
    """Where an aside in brackets right after a value closes, when a word joining a range follows it ("to", "and",
    "-", "through"), or None."""
    doc = marks.doc
    opening = low.end if low.unit is not None else low.number_end
    if opening >= len(doc) or doc[opening].text != "(":
        return None
    closing = closing_bracket(doc, opening + 1, _RANGE_ASIDE_REACH)
    if closing is None or closing + 1 >= len(doc) or doc[closing + 1].lower_ not in ("to", "and", "-", "through"):
        return None
    return closing if any(t.is_alpha for t in doc[opening + 1:closing]) else None


def range_with(marks: Marks, low: Quantity, high: Quantity, gap_start: int | None = None) -> Op | None:
    """The upper bound's operator when `low` and `high` form a range ("18-75" → "<=", "2 to <12" → "<"), else None;
    `gap_start`: where the words joining them begin, past a restatement of the low end."""
    doc = marks.doc
    gap_start = gap_start if gap_start is not None else low.end if low.unit else low.number_end
    if low.unit and high.unit and low_unit(low, high) != high.unit and not (low.is_time and high.is_time):
        return None  # "2 months to 5 years" is a range; "5 mg to 10 kg" is not
    if low.relative_to and high.relative_to != low.relative_to:
        return None
    age_words = marks.cue_starting(gap_start, "age_after")
    connector = doc[age_words.end if age_words else gap_start:high.start]  # "18 years of age to <75 years of age"
    words = [t.lower_ for t in connector]
    if words[:3] in (["(", "inclusive", ")"], ["(", "exclusive", ")"]):
        words = words[3:]  # "between 18.0 (inclusive) and 27.0 (exclusive)": each end says whether it counts
    scale = doc[low.start - 1].lower_ if low.start > 0 else ""
    if len(words) >= 2 and words[-1] == scale and scale in lexicon.words("grade_word"):
        words = words[:-1]  # "stage II to stage IV", "grade 1 up to grade 3": the scale said again; not "week 12 to
        # week 24", a time point
    upper: Op = "<" if [t.lower_ for t in doc[high.end:high.end + 3]] == ["(", "exclusive", ")"] else "<="
    before = doc[low.start - 2:low.start].text if low.start >= 2 else ""
    after = doc[high.end:high.end + 2].text if high.end + 2 <= len(doc) else ""
    if before[-1:] == "-" and before[:1].isdigit() or after[:1] == "-" and after[-1:].isdigit() or _coded(doc, low):
        return None  # a phone number or an identifier: 613-533-6430, "study GS-US-292-1826"
    if _fragment_of_a_lab(marks, low, high):
        return None
    if _padded(doc[high.start].text) or _padded(doc[low.start].text):
        return None  # "14-029": a zero-padded number is a code, not a bound
    if low.kind == "roman" and high.kind == "digits" and not doc[low.end - 1].whitespace_:
        return None  # "IA-2 antibodies": a name glued to its number, not stages I to 2
    negatives_reversed = high.value < low.value < 0  # "T-score between -1.0 and -2.5": the bounds in either order
    low_value = in_unit_of(low, high)  # "between 6 months and 5 years": in years, 0.5 below 5
    # "between 78 and 23 letters", "between 365-91 days prior": either way after "between"
    between = words in (["and"], ["-"], ["to"]) and range_start(marks, low.start) < low.start
    # "20/40 to 20/320", "78 to 23 ETDRS letters": the better acuity first, as often as not
    # (a unit that is a scale of its own, better higher: `vocabulary.better_units`)
    acuity = low.kind == high.kind == "snellen" or (
        vocabulary.better_units().get(high.unit or "") == "higher" and low.unit in (None, high.unit))
    if not (low_value < high.value or (low.kind == "roman" and low.value <= high.value) or negatives_reversed
            or acuity or (between and low_value > high.value)):
        return None
    if low.unit is None and high.unit is None and all(_looks_like_year(q) for q in (low, high)):
        return None  # "between 2012 and 2014": calendar years, not a threshold
    if words == ["up", "to"] and low.unit == high.unit:
        return upper  # "stage III up to stage IVb"; not "0.45 up to 12 months of age", "14 days up to 1 year before"
    if words[:2] == ["up", "to"] and _opened_not_dating(marks, low, high) and low.unit in (None, high.unit) and (
            upper_op := _upper_comparator(marks, connector)):
        return upper_op  # "from 18 up to (or equal to) 75 years": one span, from and to (not "from 1 up to 5 years
        # postmenopausal", times since an event)
    if words in (["-"], ["~"], ["to"], ["through"], ["-", "-"]) or (not words and doc[high.start].text.startswith("-")):
        return upper
    if len(words) >= 2 and words[0] in ("-", "to", "~") and (upper_op := _upper_comparator(marks, connector[1:])):
        return upper_op  # "2 to <12 years", "6 to less than 12 years"
    if words[1:] == ["="] and words[0] in ("-", "to", "~") and low.start > 0 and doc[low.start - 1].text == "=":
        return "<="  # "BMI =18.5 to =29.9 kg/m2": the signs "≥" and "≤" lost their first stroke in conversion
    if (len(words) >= 2 and words[0] == "and"
            and (low.unit == "a" and high.unit in (None, "a") or _opened_not_dating(marks, low, high)
                 or low.unit is None and not high.is_time and _right_after_measure(marks, low))
            and (upper_op := _upper_comparator(marks, connector[1:]))):
        return upper_op  # "Patients 18 years of age and ≤ 75 years of age": one person's age, from and up to;
        # "between 18 and < 70 years", "between 1.5 and up to 3 mg/dL": the high end's own comparator; "BMI 18.5 and
        # < 30 kg/m2": a bare value right after the measure's name is the low end
    if words == ["and"] and (range_start(marks, low.start) < low.start or _said_inclusive(marks, low, high)
                             or low.start > 0 and doc[low.start - 1].lower_ in lexicon.words("range_noun")
                             or _ages_of_one_person(marks, low, high)):
        return upper  # "between 18 and 65", "within the range 19 and 32", "7.0% and 9.0% (both inclusive)"
    return None


def _right_after_measure(marks: Marks, low: Quantity) -> bool:
    """Whether a lexicon measure's name ends right before the value."""
    named = marks.measure_at.get(low.start - 1) if low.start > 0 else None
    return named is not None and named.end == low.start


def _opened_not_dating(marks: Marks, low: Quantity, high: Quantity) -> bool:
    """Whether a range opened by "between" is not one of times counted from an event ("between 1 and < 5 years since
    diagnosis", which a range of two bounds does not read as a window)."""
    return range_start(marks, low.start) < low.start and not (
        high.is_time and windows.anchor_after(marks, high.end) is not None)


_INCLUSIVE_REACH = 4
"""Tokens from a value to the word saying it is inclusive (", both inclusive")."""


def _said_inclusive(marks: Marks, low: Quantity, high: Quantity) -> bool:
    """"HbA1c 7.0% and 9.0% (both inclusive)": a value cannot equal two numbers at once, so two joined by "and" and
    said inclusive (`inclusive_word` cues, past a comma, a bracket, "both": `inclusive_lead`) are a range's ends even
    without "between"; not when the first has a comparator of its own or the values go to groups in turn ("QTcF ≤ 450
    and 470 ms (both inclusive) for men and women respectively": each group's limit, said inclusive)."""
    doc = marks.doc
    if marks.comparators_by_end.get(low.start) is not None:
        return False
    lead, said = lexicon.words("inclusive_lead"), lexicon.words("inclusive_word")
    for token in doc[high.end:high.end + _INCLUSIVE_REACH]:
        if token.lower_ in said:
            return not _in_turn_after(marks, token.i)
        if token.text not in ("(", ",") and token.lower_ not in lead:
            return False
    return False


_IN_TURN_REACH = 12
"""Tokens after "inclusive" in which "respectively" still gives its values to groups ("… for men and women,
respectively")."""


def _in_turn_after(marks: Marks, start: int) -> bool:
    """Whether "respectively" (`respective_word` cues) follows before the sentence ends or another threshold begins:
    values given in turn to the groups named after them."""
    doc = marks.doc
    for token in doc[start:start + _IN_TURN_REACH]:
        if token.text in atoms.BOUNDARY or token.i in marks.comparators_by_start or token.i in marks.measure_at:
            return False
        if token.lower_ in lexicon.words("respective_word"):
            return True
    return False


def _ages_of_one_person(marks: Marks, low: Quantity, high: Quantity) -> bool:
    """"Age 21 and 50 years", "aged 20 and 75": a person has one age, so two bare numbers joined by "and" right after
    an age noun (`age_noun` cues), the second in years or closing the clause, are a range whose "between" was left
    out; only a person's own age (`bare_bounds.persons_age`: not "vaccinated at age 2 and 4"), and not when a
    comparator follows ("Age 18 and 75 years or older")."""
    doc = marks.doc
    if low.unit is None and high.unit == "a" and marks.cue_starting(high.end, "age_after") is not None and all(
            t.lower_ in lexicon.words("person") or t.lower_ == "and" or t.is_punct for t in doc[:low.start]):
        return True  # "18 and 65 years of age", "Men and women 18 and 55 years old": the item opens with the ages
    if not (low.start > 0 and doc[low.start - 1].lower_ in lexicon.words("age_noun") and low.unit is None
            and bare_bounds.persons_age(marks, low.start - 1)):
        return False
    closes = high.end == len(doc) or doc[high.end].text in atoms.CLAUSE_PUNCT
    return (high.unit == "a" or high.unit is None and closes) and high.end not in marks.comparators_by_start


def _fragment_of_a_lab(marks: Marks, low: Quantity, high: Quantity) -> bool:
    """"PTH(1-84)", "PTH(1-34)": the residues 1 to n in a bracket glued to a lab's name, no unit written, name the
    fragment it measures, no range of its values (not "ECOG(0-1)", a score's values; nor "Age(18-75)",
    "HbA1c(7.0-10.0)", "TSH(0.5-5.0) at screening": ranges that do not start at residue 1)."""
    doc, opening = marks.doc, low.start - 1
    if (opening < 1 or doc[opening].text != "(" or doc[opening - 1].whitespace_ or low.unit or high.unit
            or low.value != 1 or not float(high.value).is_integer() or doc[low.start].text != "1"):
        return False
    named = marks.measure_at.get(opening - 1)
    return named is not None and any(m.unit != "1" for m in vocabulary.find_measures(named.text))


def _coded(doc: Doc, low: Quantity) -> bool:
    """Whether the low end is the third part or later of a code joined by hyphens without spaces, its part before in
    capitals or with digits ("GS-US-292-1826", "INS011-15-054"; not "ECOG-0-1", a score's range): a study's or a
    product's code."""
    if low.start < 2 or doc[low.start - 1].text != "-":
        return False
    hyphen, word = doc[low.start - 1], doc[low.start - 2]
    if word.whitespace_ or hyphen.whitespace_ or not (word.text.isupper() and word.text.isalnum()):
        return False
    return any(c.isdigit() for c in word.text) or (low.start >= 3 and doc[low.start - 3].text == "-"
                                                    and not doc[low.start - 3].whitespace_)


def in_unit_of(low: Quantity, high: Quantity) -> float:
    """The low end's value in the high end's unit when both are times written in different units, else as written."""
    if low.is_time and high.is_time and low.unit and high.unit and low.unit != high.unit:
        return units.convert(low.value, low.unit, high.unit)
    return low.value


def _upper_comparator(marks: Marks, words: Span) -> Op | None:
    """The operator of the upper end when the words after "to" are one marked comparator that bounds from above
    ("< 12", "less than 12", "no more than 12"), else None."""
    span = marks.comparators_by_start.get(words.start)
    if span is None or span.end != words.end:
        return None
    op, position = op_of(span)
    return op if position == "before" and op in ("<", "<=") else None


def lower_comparator(marks: Marks, low: Quantity) -> tuple[Op, int] | None:
    """The operator and start of a comparator written right before a range's low end when it bounds from below
    ("> 18 to < 65 years", "greater than or equal to 1 to less than or equal to 7 mm"): that end's own bound."""
    span = marks.comparators_by_end.get(low.start)
    if span is None:
        return None
    op, position = op_of(span)
    return (op, span.start) if position == "before" and op in (">", ">=") else None


def low_unit(low: Quantity, high: Quantity) -> str | None:
    """The unit of a range's low end: its own, or the high end's when it wrote none ("8-25 mg") or only the amount of
    a rate the high end completes ("8 mg to 25 mg per week")."""
    if low.unit is None or (high.unit is not None and high.unit.startswith(low.unit + "/")):
        return high.unit
    return low.unit


def _padded(text: str) -> bool:
    return len(text) > 1 and text[0] == "0" and text[1].isdigit()


def _looks_like_year(quantity: Quantity) -> bool:
    return quantity.kind == "digits" and float(quantity.value).is_integer() and 1900 <= quantity.value <= 2100


_MAX_NAMING_WORDS = 4
"""Words a range's opener may stand before its low bound, naming the measure ("between the ages of 18 and 65")."""


def range_start(marks: Marks, start: int) -> int:
    """Where a range opened by "between" or "from" (`range_opener` rows) starts: right before its low bound, or
    before a few naming words ending in "of" or in a measure's name ("between the ages of 18 and 65", "between age
    18 and 75"); `start` when no opener is there."""
    doc = marks.doc
    openers = lexicon.words("range_opener")
    if start > 0 and doc[start - 1].lower_ in openers:
        return start - 1
    named = marks.measure_at.get(start - 1) if start > 0 else None
    if start > 1 and (doc[start - 1].lower_ == "of" or (named is not None and named.end == start)):
        for opener in range(start - 2, max(-1, start - 2 - _MAX_NAMING_WORDS), -1):
            if doc[opener].lower_ in openers:
                return opener
            if not doc[opener].is_alpha:
                break
    return start


COMPLEMENT: dict[Op, Op] = {">=": "<", ">": "<=", "<=": ">", "<": ">="}
_MAX_COMPLEMENT_GAP = 8


_SCALE_REACH = 4
"""Tokens between a range and the word "scale" that names what the range spans ("0 to 10 | point | scale")."""
_NAMED_SCALE_REACH = 6
"""The same after an article, where any words name the scale ("a 0-10 | itch intensity numeric rating | scale")."""


def defines_scale(marks: Marks, atom: Atom) -> bool:
    """"a score ≥ 3 on a 0 to 10 point scale", "VAS (0-100 mm scale)", "a rating scale (0-10)", "on a scale of 1 to
    7": a range from zero or one next to the word for a scale (`scale_word` cues) names the scale's ends, not a
    threshold; so does one alone in brackets right after a threshold ("BASDAI ≥ 4 (0-10)", "VAS ≥ 40 mm (0-100
    mm)", "EASI ≥ 16 (range 0-72)")."""
    doc, words = marks.doc, lexicon.words("scale_word")
    if atom.bounds[0].quantity.value not in (0, 1):
        return False
    i = atom.start - 1
    while i >= 0 and doc[i].lower_ in lexicon.words("scale_filler"):
        i -= 1
    bracketed = 0 <= i < atom.start - 1 and doc[i + 1].text == "(" and atom.end < len(doc) and doc[atom.end].text == ")"
    if bracketed and (doc[i].like_num or units.spelled(doc[i].text) is not None):
        return True  # the bracket opens right after a threshold's number or unit: "EASI ≥ 16 (range 0-72)"
    named = atom.start > 0 and doc[atom.start - 1].lower_ in lexicon.words("article")  # "on a 0-10 pain … scale"
    for token in doc[atom.end:atom.end + (_NAMED_SCALE_REACH if named else _SCALE_REACH)]:
        if token.lower_ in words:
            return True  # not "0-1 on the WHO scale": the words between name the scale ("point", "mm", "rating")
        if token.lower_ not in lexicon.words("scale_name_word") and not (named and _names_a_scale(marks, token)):
            break
    return 0 <= i < atom.start - 1 and doc[i].lower_ in words  # not "Modified Ashworth Scale 1-3", a threshold


def _names_a_scale(marks: Marks, token: Token) -> bool:
    """Whether a word after "a 0-10" may be part of the scale's name ("pain intensity numeric"): no function word,
    qualifier ("a 0-1 score on …"), unit ("a 1-3 month course") or lexicon measure ("a 0-2 ECOG performance status
    scale": that measure's range)."""
    word = token.lower_
    return (token.is_alpha and word not in strip_words() and word not in lexicon.words("value_qualifier")
            and units.spelled(token.text) is None and token.i not in marks.measure_at)


def complemented(marks: Marks, atom: Atom, previous: Atom | None) -> bool:
    """"outside the range of 90-160 mmHg" (`range_complement` cues) bounds what lies outside the range; so does
    a range of the same unit joined to such a range by "or" ("… or 45-100 bpm for men")."""
    if marks.cue_ending(atom.start, "range_complement") is not None:
        return True
    if previous is None or not previous.complement:
        return False
    if previous.bounds[-1].quantity.unit != atom.bounds[-1].quantity.unit:
        return False
    gap = marks.doc[previous.end:atom.start]
    return (len(gap) <= _MAX_COMPLEMENT_GAP and any(t.lower_ == "or" for t in gap)
            and not any(t.text in atoms.BOUNDARY or t.i in marks.comparators_by_start for t in gap))


def or_series(marks: Marks, quantities: list[Quantity], index: int) -> list[Quantity]:
    """"0 or 1", "0, 1, or 2", "0 or 1 or 2", "III or IV": consecutive whole scores read as a range, as are rising
    values of a scale in half steps ("CDR 0.5, 1 or 2"); after "or" (or "and") the series goes on only through the
    same word again ("ECOG 0 or 1 and 2 prior regimens" ends at 1)."""
    doc = marks.doc
    first = quantities[index]
    if first.unit not in (None, "1") or first.relative_to:
        return []
    # "CDR 0.5, 1 or 2", "EDSS 3, 3.5 or 4": a small scale in half steps, written with decimals, rises by 0.5 or 1
    # (not "diagnostic code 314.00 and 314.01", "ICD-9 250.0, 250.5 or 251.0")
    following = quantities[index + 1] if index + 1 < len(quantities) else None
    halves = first.value <= _HALF_STEP_TOP and any(
        not float(q.value).is_integer() or "." in doc[q.start:q.end].text for q in (first, following) if q)
    series = [first]
    label = doc[first.start - 1].lower_ if first.start > 0 and doc[first.start - 1].is_alpha else None
    closing: str | None = None  # the "or" or "and" that ended the series, once one did
    for nxt in quantities[index + 1:]:
        gap = [t.lower_ for t in doc[series[-1].end:nxt.start]]
        if label is not None and len(gap) > 1 and gap[-1] == label:
            gap = gap[:-1]  # "Grade 3 or Grade 4": the scale's name said again
        if gap not in (["or"], [","], [",", "or"], ["and"], ["/"]) or closing is not None and gap != [closing]:
            break
        step = nxt.value - series[-1].value
        if not (step in (0.5, 1) and nxt.value <= _HALF_STEP_TOP if halves else step == 1) or nxt.relative_to or (
                nxt.unit not in (None, "1")):
            break
        series.append(nxt)
        if gap[-1] in ("or", "and"):
            closing = gap[-1]
    if len(series) < 2:
        return []
    if not {"or", "and", "/"} & {t.lower_ for t in doc[series[-2].end:series[-1].start]} and not scores.names_a_score(
            doc, marks.measure_at, first.start):
        return []  # "stages 1, 2": a list; after a score's name ("ECOG of 0, 1") the allowed values
    return series


_LOST_SIGNS = frozenset({"="})
"""A comparator that can stand for "≥" or "≤" whose first stroke was lost in the source ("HbA1c =8.0% and =10.5%")."""


def lost_signs_as_range(marks: Marks, found: list[Atom]) -> None:
    """"HbA1c =8.0% and =10.5%": one measure cannot equal two values at once; two "=" bounds joined by "and", the
    lower first, are a range whose "≥" and "≤" were lost (a note says the comparator was read, not written)."""
    doc = marks.doc
    for first, second in pairwise(found):
        if not all(a.kind == "comparison" and a.comparator is not None and a.comparator.text in _LOST_SIGNS
                   and len(a.bounds) == 1 and a.bounds[0].op == "==" for a in (first, second)):
            continue
        low, high = first.bounds[0].quantity, second.bounds[0].quantity
        if [t.lower_ for t in doc[first.end:second.start]] == ["and"] and low.unit == high.unit \
                and low.relative_to == high.relative_to and low.value < high.value:
            first.bounds[0].op, second.bounds[0].op = ">=", "<="
            first.implied_op = second.implied_op = True
