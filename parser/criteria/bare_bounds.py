"""Bounds an inclusion implies for a value written bare: "Age 18", "Life expectancy 12 weeks", "KPS 60", and the
labs of a list ("Haematology: ANC 1,500/µL, platelets 100,000/µL, bilirubin 1.5 mg/dL"); and a count opening an
item that a window dates ("2 documented relapses within the previous 24 months"), in either section.

Some measures are always asked for at least ("Life expectancy of 6 months": `bare_bound` "least" in the measure
table). A lab is asked for at least or at most by what it is ("least_in_list", "most_in_list"), but only in a list of
lab values, in a unit it is measured in: a lone value after a condition may define it the other way ("immune
thrombocytopenia with platelets 30,000/µL"), and one beside a reference is a change ("0.3 mg/dL above baseline").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from parser import vocabulary
from parser.criteria import atoms, lexicon
from parser.models.criteria import Op
from parser.vocabulary import Measure, units
from parser.vocabulary.measures import BareBound

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

    from parser.criteria.marks import Marks
    from parser.criteria.quantities import Quantity

_LISTED_BOUNDS: dict[BareBound | None, Op] = {"least_in_list": ">=", "most_in_list": "<="}
_LARGEST_COUNT = 20
"""The largest bare number opening an item read as a count of events ("2 relapses within 24 months")."""
_WINDOW_WORDS = 4
"""The most tokens from a window's word to the length of time it spans ("within the previous 24 months")."""
_REFERENCE_REACH = 3
"""Tokens after a lab's value within which a reference makes it a change ("0.3 mg/dL above baseline")."""
_LISTED = 2
"""Lab values an item must list for a bare one to be read as a bound."""
_PANEL = 3
"""Lab values an item must list for a bare one written without its unit to be read as a bound ("ANC 1500,
platelets of 100,000 and hemoglobin of 9.0": a panel, not "EGFR 19 deletion and …")."""


def bare_bound(marks: Marks, quantity: Quantity) -> Op | None:
    """The operator an inclusion implies for `quantity`, written bare after a measure's name, or None."""
    if _said_age(marks, quantity):
        return ">="
    span = _name_before(marks, quantity.start)
    if span is None:
        return None
    named = vocabulary.find_measures(span.text)
    if not named:
        return None
    measure = named[0]
    if measure.bare_bound == "least":
        fits = quantity.unit is None or units.dimension(quantity.unit) == units.dimension(measure.unit)
        return ">=" if fits and (measure.key != "age" or persons_age(marks, span.start)) else None
    listed = _LISTED_BOUNDS.get(measure.bare_bound)
    if (listed is None or not _measured_in(measure, quantity)
            or _labs_listed(marks) < (_LISTED if quantity.unit else _PANEL)):
        return None
    doc = marks.doc
    if any(t.lower_ in lexicon.words("copula") for t in doc[span.end:quantity.start]):
        return None  # "the ULN for ALT is 45 U/L" defines a limit, it asks for nothing
    after = {t.lower_ for t in doc[quantity.end:quantity.end + _REFERENCE_REACH]}
    return None if after & lexicon.words("percent_reference") else listed


def opening_count(marks: Marks, quantity: Quantity) -> Op | None:
    """"1 documented relapse within the 12 months prior to screening", "Two hospitalisations for heart failure in the
    past year": a whole number opening an item, before the noun it counts (no lab's name; plural when more than one)
    and a window dating it in the same sentence, with no comparator between, counts at least that many (a count
    written bare is a least count, as "at least" would say). Not a number that is part of a name ("6 MP", "12 lead
    ECG"), "Single …", "One of the following", nor a reading ("One platelet count ≥ 140 …")."""
    doc, after = marks.doc, quantity.end
    if (quantity.start != 0 or quantity.unit is not None or quantity.relative_to or after >= len(doc)
            or not float(quantity.value).is_integer() or not 1 <= quantity.value <= _LARGEST_COUNT
            or not doc[after].is_alpha or doc[after].is_upper or not doc[quantity.start].whitespace_
            or marks.cue_starting(after, "count_stop") is not None
            or doc[quantity.start].lower_ in lexicon.words("single_word")
            or after in marks.measure_at):
        return None
    window = next((span for span in marks.cues if span.label_ == "cue:window" and span.start > after
                   and _dates(doc, span.end)), None)
    if window is None or any(t.text in atoms.BOUNDARY or t.i in marks.comparator_tokens
                             for t in doc[after:window.start]):
        return None
    if quantity.value > 1 and not any(t.lower_.endswith("s") for t in doc[after:window.start]):
        return None  # "12 lead ECG within 28 days": one thing named with a number, not twelve counted
    return ">="


def _dates(doc: Doc, start: int) -> bool:
    """Whether a length of time follows a window's word ("within the 12 months", "in the past year"), not a place
    ("within the third digit", "in prior radiation field")."""
    return any(units.names_time(t.text) for t in doc[start:start + _WINDOW_WORDS])


def table_row(marks: Marks, quantity: Quantity, heading: tuple[Measure, ...]) -> tuple[Measure, Op] | None:
    """"Serum creatinine by age as follows:" over "0.4 mg/dL (1 month to < 6 months)" or "2 to < 6 years: 0.8 (male),
    0.8 (female)": a value opening its row (with its unit), right after the row's label of ages and its colon, or
    after the sex the value before is for in such a row, bounds the heading's lab it can be a value of (the one named
    last, right before "as follows"), as that lab is bounded in a list (`bare_bound` "least_in_list",
    "most_in_list"). Not in a row that says more of the value: a change ("2 g/dL drop") or what it is ("1.5 mg/dL is
    the upper limit")."""
    start, doc = quantity.start, marks.doc
    colons = [t.i for t in doc if t.text == ":"]
    colon = colons[0] if len(colons) == 1 else None  # one label per row, as `AgeReading.row_label` reads it
    labelled = colon is not None and age_label(marks, 0, colon)
    opening = colon + 1 if colon is not None and labelled else 0
    after_sex = (start >= 4 and doc[start - 1].lower_ in lexicon.words("or_word") | {","} and doc[start - 2].text == ")"
                 and doc[start - 3].lower_ in lexicon.words("sex_word") and doc[start - 4].text == "("
                 and (labelled or doc[0].like_num))  # the row's first value is read too ("Adolescents: …" is none)
    if not (start == opening and (labelled or quantity.unit is not None) or after_sex):
        return None  # a number alone opening an item is no row ("5/del(5q)" under "CR …, any of the following:")
    if _says_more(marks, start):
        return None
    if any(measure.category == "obstetric" for measure in heading):
        return None  # "Hemoglobin by gestational age as follows:": its rows are weeks of a pregnancy, not ages
    for measure in reversed(heading):
        if (op := _LISTED_BOUNDS.get(measure.bare_bound)) is not None and _measured_in(measure, quantity):
            return measure, op
    return None


def age_label(marks: Marks, start: int, end: int) -> bool:
    """Whether `[start, end)` holds only ages, as the label of a table's row by age does ("2 to < 6 years", "16 years
    and older", "1 month to < 6 months of age"): numbers, comparators, age words, units of time and the words
    joining them (`age_label_word` cues)."""
    doc, words = marks.doc, lexicon.words("age_word") | lexicon.words("age_label_word")
    compared = marks.comparator_tokens
    return any(t.like_num for t in doc[start:end]) and all(
        t.like_num or not t.is_alpha or t.i in compared or t.lower_ in words or units.names_time(t.lower_)
        for t in doc[start:end])


_AGE_WORDS = 2
"""The tokens of an age after its comparator: its number and unit ("≥ 16 years")."""


def _says_more(marks: Marks, start: int) -> bool:
    """Whether the row from `start`, outside its brackets (the ages and sexes it is for), bounds the value with a
    comparator of its own ("2 g/dL drop or less"; not one of an age, "for ages 16 and older") or says what it is
    (a change, `measure_change` cues; a copula)."""
    doc, saying, depth = marks.doc, lexicon.words("measure_change") | lexicon.words("copula"), 0
    for i in range(start, len(doc)):
        text = doc[i].text
        depth += (text == "(") - (text == ")")
        span = marks.comparators_by_start.get(i)
        if depth or span is not None and (span.text.lower() in lexicon.comparators_implying("age")  # "16 and older"
                                          or age_label(marks, span.end, min(len(doc), span.end + _AGE_WORDS))):
            continue
        if text.lower() in saying or span is not None:
            return True
    return False


def _name_before(marks: Marks, start: int) -> Span | None:
    """The measure named right before `start`, past words that may stand between (`implied_lead` cues); not a
    generic name ("performance status 1" may be ECOG's)."""
    before, implied_lead = start - 1, lexicon.words("implied_lead")
    while before >= 0 and marks.doc[before].lower_ in implied_lead:
        before -= 1
    span = marks.measure_at.get(before)
    return None if span is None or span.text.lower() in lexicon.words("generic_measure") else span


def _measured_in(measure: Measure, quantity: Quantity) -> bool:
    """Whether a written unit is one the lab is measured in (a mass for a molar unit too, by its molar mass), or a
    value with no unit is one the lab is written in (`implied_units.csv`: "platelets of 100,000")."""
    if quantity.unit is None:
        return vocabulary.implied_unit(measure, quantity.value) is not None  # a panel's, see `_PANEL`
    try:
        units.convert(1.0, quantity.unit, measure.unit, molar_mass=measure.molar_mass)
    except units.IncompatibleUnits:
        return False
    return True


def _labs_listed(marks: Marks) -> int:
    """How many labs the item lists each followed by its value or threshold ("ANC 1,500/µL & platelets 100,000/µL",
    "ANC ≥ 1,500/µL, hemoglobin 9 g/dL")."""
    doc, implied_lead = marks.doc, lexicon.words("implied_lead")
    valued = 0
    for span in marks.measures:
        after = span.end
        while after < len(doc) and doc[after].lower_ in implied_lead:
            after += 1
        valued += after < len(doc) and (doc[after].like_num or after in marks.comparators_by_start)
    return valued


def _said_age(marks: Marks, quantity: Quantity) -> bool:
    """"Patients must be 18 years old", "aged 18 years of age", "18 years of age", "Adults 18 years old": an age
    said to be, in years, or opening the item, alone or after the persons it is of (not after a comma or colon:
    "Type 1 diabetes, 10 years of age at diagnosis"), which an inclusion asks for at least."""
    start, doc = quantity.start, marks.doc
    if quantity.unit != "a" or marks.cue_starting(quantity.end, "age_after") is None:
        return False
    return start == 0 or doc[start - 1].lower_ in lexicon.words("age_link") or marks.has_cue(start - 1, "person")


def persons_age(marks: Marks, i: int) -> bool:
    """Whether the age named at token `i` is the person's own: opening the item or a list's item ("2. Age 18", "(1)
    aged 20"), said of persons ("Patients aged 18") or after a colon or comma ("Male or female, age 40"); not an
    event's ("onset around age 40"), another thing's ("bone age 10") or a point in time ("by age 7", "(age 10)")."""
    if i == 0:
        return True
    doc = marks.doc
    before = doc[i - 1]
    numbered = i >= 2 and doc[i - 2].like_num and (before.text == "." or before.text == ")" and i == 3
                                                    and doc[0].text == "(")
    return marks.has_cue(i - 1, "person") or before.text in (":", ",") or numbered
