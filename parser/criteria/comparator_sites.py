"""Where a quantity's comparator is written: before it past fillers and a measure's name ("≥ NYHA grade 2"), before
the noun an extremum bounds ("minimum fraction size of 3 Gy"), after it ("18 or older"), past a plain aside ("Grade 2
(CTCAE v5) or greater"), past the substance an amount is of ("17.5 mg/day of prednisone or more") or the noun a count
counts ("10 fractions or less"); and which way "or better"/"or worse" bounds a value (`better_or_worse`). `atoms` pairs
each quantity with the comparator found here."""

from __future__ import annotations

from functools import cache
from typing import Final, Literal

from spacy.tokens import Span

from parser import vocabulary
from parser.criteria import lexicon, scores
from parser.criteria.brackets import closing_bracket, opening_bracket
from parser.criteria.marks import Marks
from parser.criteria.quantities import Quantity, parse_number
from parser.criteria.unit_phrases import DOSE_DIMENSIONS, SUBSTANCE_WORDS
from parser.models.criteria import Op
from parser.vocabulary import units
from parser.vocabulary.measures import Better

ASIDE_REACH = 8  # "Grade 2 (NCI CTCAE version 5.0) or greater": an aside between a number and what follows


def op_of(span: Span) -> tuple[Op, str]:
    """(op, position) of a comparator phrase."""
    return lexicon.comparator_table().get(span.text.lower(), ("==", "before"))


def prefix_comparator(marks: Marks, start: int) -> tuple[Span | None, list[Span]]:
    """The comparator before token `start`, skipping fillers (`prefix_filler` cues), a grading system's name and a
    measure name ("≥ NYHA grade 2", "≤ NCI-CTCAE grade 1"); a comparative written without "than"
    (`bare_comparative` cues: "greater 50%") only right before."""
    doc, filler, grading = marks.doc, lexicon.words("prefix_filler"), lexicon.words("grading_system")
    j = start
    between: list[Span] = []
    steps = 0
    while j > 0 and steps < 6:
        if j in marks.comparators_by_end:
            found = marks.comparators_by_end[j]
            if j < start and found.text.lower() in lexicon.words("bare_comparative"):
                return None, []  # "greater 50%" lost its "than"; "persistently greater at 2 visits" bounds no 2
            return _as_prefix(marks, found), between
        token = doc[j - 1]
        bracketed = marks.comparators_by_end.get(j - 1)
        if (token.text in (")", "]") and bracketed is not None and bracketed.start > 0
                and doc[bracketed.start - 1].text in ("(", "[")):
            return bracketed, between  # "greater than equal to (>=) 3 x ULN": the symbol restates the words
        if (j - 1) in marks.measure_at:
            span = marks.measure_at[j - 1]
            between.append(span)
            j = span.start
        elif token.lower_ in filler or token.lower_ in grading or (
                token.text == "-" and j >= 2 and doc[j - 2].lower_ in grading):
            j -= 1  # "≤ NCI-CTCAE grade 1": a grading system's name, hyphens and all, between
        elif token.text == ")" and (opening := opening_bracket(doc, j - 1, ASIDE_REACH)) is not None and (
                (named := marks.measure_at.get(opening + 1)) is not None and named.end == j - 1):
            j, between = opening, []  # "≥ NYHA (New York Heart Association) grade III": the name restated in
            # brackets; the name before them is the measure, the words after it ("grade") only its value's
        else:
            return None, []
        steps += 1
    return None, []


_MAX_EXTREMUM_NOUN = 3
"""Words of the noun between "minimum"/"maximum" and the "of" before its value ("minimum fraction size of 3 Gy")."""
_MAX_ASIDE = 4
"""Tokens of an abbreviation in brackets inside the noun an extremum bounds ("(MADRS)", "(HAM-D 17)")."""


def extremum_of(marks: Marks, start: int) -> tuple[Span | None, list[Span]]:
    """"minimum fraction size of 3 Gy", "a maximum tumour diameter of 5 cm": an extremum word (`extremum_word` rows)
    before the noun it bounds and an "of" before the value; the noun names what is bounded. A lexicon measure
    counts as one word of the noun, and a short aside in it as none ("minimum baseline Montgomery-Asberg Depression
    Rating Scale (MADRS) score of 22")."""
    doc = marks.doc
    if start < 3 or doc[start - 1].lower_ != "of":
        return None, []
    stops, first = lexicon.words("np_stop"), start - 1
    for _ in range(_MAX_EXTREMUM_NOUN):
        first -= 1
        if first > 0 and doc[first].text == ")" and (opening := opening_bracket(doc, first, _MAX_ASIDE)):
            first = opening - 1
        if (named := marks.measure_at.get(first)) is not None:
            first = named.start
        if first < 1 or not doc[first].is_alpha or doc[first].lower_ in stops:
            return None, []
        comparator = marks.comparators_by_end.get(first)
        if comparator is not None:
            extremum = comparator.text.lower() in lexicon.words("extremum_word")
            return (comparator, [doc[first:start - 1]]) if extremum else (None, [])
    return None, []


def _as_prefix(marks: Marks, span: Span) -> Span:
    """"… for women or under 12 g/dL": a postfix phrase ("or under") right before a number is "or" + a prefix."""
    if op_of(span)[1] == "after" and len(span) > 1:
        rest = marks.doc[span.start + 1:span.end]
        rest.label_ = span.label_
        if op_of(rest)[1] == "before" and rest.text.lower() in _prefix_phrases():
            return rest
    return span


@cache
def _prefix_phrases() -> frozenset[str]:
    """The prefix phrases a postfix one may end in ("or under"), not a comparative that lost its "than"."""
    return frozenset(phrase for phrase, _op, position in lexicon.comparators()
                     if position == "before" and phrase not in lexicon.words("bare_comparative"))


def postfix_comparator(marks: Marks, end: int) -> Span | None:
    span = marks.comparators_by_start.get(end)
    if span and op_of(span)[1] == "after":
        return span
    return None


def plain_aside(marks: Marks, opening: int) -> int | None:
    """Where a short bracketed aside opened at token `opening` closes, if it holds no threshold of its own: no
    comparator and no number but a version's ("(CTCAE v5)", "(NCI CTC version 3.0)", "(each inclusive)"); None if
    it holds one ("(ECOG 2)", "(≤ 1.5 x ULN)") or does not close within `ASIDE_REACH` tokens."""
    doc = marks.doc
    if opening >= len(doc) or doc[opening].text != "(":
        return None
    closing = closing_bracket(doc, opening + 1, ASIDE_REACH)
    if closing is None:
        return None
    versioned = lexicon.words("version_word") | lexicon.words("grading_system")
    for i in range(opening + 1, closing):
        if i in marks.comparators_by_start or (parse_number(doc[i].text) and doc[i - 1].lower_ not in versioned):
            return None
    return closing


def postfix_after_aside(marks: Marks, quantity: Quantity) -> Span | None:
    """"Grade 2 (CTCAE v5) or greater": a postfix comparator right after a plain aside on the number."""
    closing = plain_aside(marks, quantity.end)
    return None if closing is None else postfix_comparator(marks, closing + 1)


def postfix_after_substance(marks: Marks, quantity: Quantity) -> Span | None:
    """"17.5 mg/day of prednisone or more", "10 mg/day prednisone equivalent or higher": a postfix comparator after
    the substance an amount is of, past words saying its like counts too ("10 mg of prednisone or its equivalent and
    higher", "(or equivalent)": `rate_filler` cues)."""
    doc, i = marks.doc, quantity.end
    if quantity.unit is None or i >= len(doc):
        return None
    of = doc[i].lower_ == "of"
    if not of and units.dimension(quantity.unit) not in DOSE_DIMENSIONS:
        return None  # "4 weeks prior to dosing or longer": a dose names its drug right after it, nothing else does
    i += of
    if i >= len(doc) or not doc[i].is_alpha or doc[i].is_stop:
        return None
    words, i = 1, i + 1
    while i < len(doc) and words <= SUBSTANCE_WORDS:
        if (span := postfix_comparator(marks, i)) is not None:
            return span
        bracketed = doc[i].text == "("
        if (filler := lexicon.phrase_from(doc, i + bracketed, "rate_filler")) and (
                not bracketed or (i + 1 + filler < len(doc) and doc[i + 1 + filler].text == ")")):
            i += filler + 2 * bracketed
            continue
        if not doc[i].is_alpha:
            return None
        words, i = words + 1, i + 1
    return None


_MAX_COUNTED_WORDS = 2
"""Words of a counted noun between a bare count and its postfix comparator ("10 treatment fractions or less")."""


def postfix_after_count(marks: Marks, quantity: Quantity) -> Span | None:
    """"10 fractions or less", "3 prior regimens or fewer": a postfix comparator after the noun a bare count counts."""
    doc, end = marks.doc, quantity.end
    if (quantity.unit is not None or quantity.relative_to is not None
            or scores.classed_value(doc, quantity) is not None):
        return None  # "Class II heart failure or worse": the class of the score the condition has, no count
    for i in range(end + 1, min(len(doc), end + 1 + _MAX_COUNTED_WORDS)):
        previous = doc[i - 1]
        if (not previous.is_alpha or previous.is_stop or (i - 1) in marks.measure_at
                or parse_number(previous.text)):
            return None
        if (span := postfix_comparator(marks, i)) is not None:
            return span
    return None


def graded_condition(marks: Marks, quantity: Quantity, postfix: Span) -> str | None:
    """"Grade 2 peripheral neuropathy or higher": a grade counted before a condition and a postfix comparator bounds
    the grade of that condition, which the measure's name keeps ("peripheral neuropathy grade")."""
    doc = marks.doc
    grade = doc[quantity.start - 1] if quantity.start > 0 else None
    if grade is None or grade.lower_ not in lexicon.words("grade_word"):
        return None
    return f"{doc[quantity.end:postfix.start].text} {grade.lower_}"


def opens_a_period(marks: Marks, comparator: Span, quantity: Quantity) -> bool:
    """"over the three most recent measurements", "over the 2 years before": a comparator that also opens a period
    (`period_opener` rows), with an article before the number, spans a time, it bounds nothing ("over the 95th
    percentile" still bounds: a percentile is no count)."""
    doc = marks.doc
    return (comparator.text.lower() in lexicon.words("period_opener") and quantity.unit != "{percentile}"
            and doc[comparator.end:quantity.start].text.lower() in lexicon.words("period_article"))


_GRADE_REACH = 6
"""How far before a value "or better"/"or worse" may find the scale it is of ("(ECOG) performance status of 1 or
better")."""
_GRADE_TOP = 10.0
"""The largest value of a grade, class or stage a grade word names (`lower_better_word`): "70 or better" is none."""
TURNED: dict[Op, Op] = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "=="}
"""Each operator read the other way round: "19 < BMI" is BMI > 19; "20/40 or better" at least, not at most."""


def better_or_worse(marks: Marks, quantity: Quantity, op: Op) -> Op | None:
    """The bound "or better"/"or worse" (`better_worse_word` cues) sets. Its table row reads it for a scale a lower
    value of which is better ("or better" at most, "or worse" at least); turned round where a higher value is better:
    a Snellen acuity ("20/40 or better" is at least 0.5) or a scale the measure directions say so of (Karnofsky,
    MMSE, GCS: "GCS 8 or worse" is at most 8). The scale is the measure named before the value, only fillers between
    (every meaning of its name whose range holds the value agreeing), or a grade word (`lower_better_word` cues:
    "grade 1 or better", "logMAR 0.3 or better"); with none, "or better" bounds nothing ("a response of 50% or
    better") and "or worse" reads as its row; a scale the value does not fit bounds nothing ("GCS 16 or worse")."""
    if quantity.kind == "snellen":
        return TURNED[op]
    better = _better_of_scale_before(marks, quantity)
    if better is None:
        return op if op == ">=" else None
    if better == _NO_FIT:
        return None
    return op if better == "lower" else TURNED[op]


def _paired(marks: Marks, start: int) -> bool:
    """Whether another measure's name stands joined by "/" or "or" right before the one starting at `start`."""
    return start >= 2 and marks.doc[start - 1].lower_ in ("/", "or") and (start - 2) in marks.measure_at


_NO_FIT: Final = "no fit"
"""A scale named before the value whose range does not hold it, or whose meanings disagree on which way is better."""


def _better_of_scale_before(marks: Marks, quantity: Quantity) -> Better | Literal["no fit"] | None:
    """Which way the values of the scale named before a value are better ("lower", "higher"; `_NO_FIT`), past fillers
    (`score_filler` cues): the value's own unit when it has a direction, a grade word before a value of at most
    `_GRADE_TOP`, or a measure with a direction."""
    doc, fillers, start = marks.doc, lexicon.words("score_filler"), quantity.start
    if (of_unit := vocabulary.better_units().get(quantity.unit or "")) is not None:
        return of_unit  # "34 ETDRS letters or better": a unit of its own scale says which way
    for i in range(start - 1, max(-1, start - 1 - _GRADE_REACH), -1):
        if doc[i].lower_ in lexicon.words("lower_better_word"):
            return "lower" if quantity.value <= _GRADE_TOP else _NO_FIT
        if i in marks.measure_at:
            span = marks.measure_at[i]
            directed = [(m, vocabulary.better_values()[m.key]) for m in vocabulary.find_measures(span.text)
                        if m.key in vocabulary.better_values()]
            fitting = {better for m, better in directed
                       if m.plausible is not None and m.plausible[0] <= quantity.value <= m.plausible[1]}
            if directed and not fitting or len(fitting) == 1 and _paired(marks, span.start):
                return _NO_FIT  # "GCS 16 or worse"; "ECOG/Karnofsky 1 or better": which scale, the words leave open
            if len(fitting) == 1:
                return fitting.pop()
            # a name of several scales ("performance status"): the words before it may name one ("Zubrod")
        elif doc[i].lower_ not in fillers:
            break  # "patients who scored 2 or better": nothing says which way is better
    return None
