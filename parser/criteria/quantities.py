"""Find the quantities in a tokenized criterion: value, unit (UCUM), powers of ten, multiples of ULN.

Written forms differ wildly for the same number: `1.5×10^9/L`, `1.5 x 10⁹/L`, `1.5x109/L` (a page
that lost the superscript), `10E9/L`, `1,500/mm3`, European `50.000/mmc`, `two`, `half a year`,
`2.5 x ULN`, `2+`. This module reads all of them token by token; the unit written after a number is read in
`unit_phrases`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Set
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span

from parser.criteria import lexicon, limits, slashed
from parser.criteria.brackets import abbreviation_after_name, closes_after_name
from parser.criteria.unit_phrases import (
    counted_per_period,
    counts_per,
    counts_units,
    per_collection,
    per_period_before,
    unit_at,
)
from parser.models.criteria import Limit
from parser.vocabulary import units
from parser.vocabulary.measure_ranges import implausible

_PLAIN = re.compile(r"^[-+]?(?:\d+(?:\.\d+)?|\.\d+)$")  # a sign stays on its token only when written: "< -3", "+1"
_THOUSANDS = re.compile(r"^[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?$")  # not "0,200": a decimal comma
_ZERO_COMMA = re.compile(r"^-?0,\d+$")
_EUROPEAN_THOUSANDS = re.compile(r"^\d{1,3}\.\d{3}$")
_COUNTS_PER_VOLUME = frozenset({"/mm3", "/uL", "/mL", "{copies}/mL"})
"""Units of counts, whose "100.000" is a hundred thousand written with a dot between the thousands (a count is
never given to three decimals)."""
_FLAT_POWER = re.compile(r"^10([2-9])$")
"""A viral load of "105 copies/mL" is 10^5 with its superscript lost: no assay's cut-off is a hundred and five. Copies
count nucleic acid only; in international units only a load of viral DNA or RNA (`viral_load_word` cues just before)
is read so: an IgE of 102 IU/mL is a value."""
_CLAUSE_STOPS = frozenset({";", ".", ","})
_VIRAL_LOAD_REACH = 8
"""Tokens before a value where the words of a viral load are looked for ("HCV RNA viral load ≥ 105 IU/mL")."""
_EXPONENT_TOKEN = re.compile(r"^[eE](\d{1,2})$")
_FLATTENED_POWER = re.compile(r"^10([1-9]\d?)$")
_SIGNLESS_POWERS = frozenset({6, 9, 12})
"""The powers of ten blood counts are written in, read flattened even with no sign before them ("50 109/L")."""
_WRITTEN_POWER = re.compile(r"10+")
_WRITTEN_POWER_FLOOR = 1000
"""The least power of ten written out a number is read as multiplied by ("3 x 1,000,000"): smaller ones are sizes."""
TIMES = frozenset({"×", "x", "X", "*"})
"""The signs written between a number and what it multiplies ("1.5 x 10^9/L", "141 × Scr")."""
_POWER_SIGNS = frozenset({"^", "*", "**", "~"})  # "10~9/L": a superscript that became a tilde
_COMPARATOR_SIGNS = frozenset({"<", ">", "≤", "≥", "="})
_ORDINAL_SUFFIXES = frozenset({"st", "nd", "rd", "th"})
_POWER_VOLUMES = {9: "/L", 12: "/L"}


@dataclass
class Quantity:
    """A number as written, with its unit; token indices are half-open `[start, end)`."""

    start: int
    end: int
    value: float
    unit: str | None = None
    relative_to: Limit | None = None
    number_end: int = 0
    kind: str = "digits"  # digits, word, roman
    second: float | None = None  # the diastolic half of "140/90 mmHg"
    unit_end: int = 0  # where a unit written after a postfix comparator ends ("2 or more weeks"), else 0
    analyte: tuple[int, int] | None = None  # the words naming what is counted inside the unit ("CD34+ cells/kg")

    @property
    def is_time(self) -> bool:
        return self.unit is not None and units.dimension(self.unit) == "time"

    @property
    def is_duration(self) -> bool:
        """Time, or a count of a drug's elimination half-lives ("within 5 half-lives"): what a window can span."""
        return self.is_time or (self.unit is not None and units.dimension(self.unit) == "elimination half-lives")

    @property
    def is_length(self) -> bool:
        return self.unit is not None and units.dimension(self.unit) == "length"


@lru_cache(maxsize=1 << 14)  # every token of every item is asked; most are the same few thousand words
def parse_number(text: str) -> tuple[float, str] | None:
    """Value and kind of one token, or None when the token is not a number."""
    if _PLAIN.match(text):
        return float(text), "digits"
    if _THOUSANDS.match(text):
        return float(text.replace(",", "")), "digits"
    if _ZERO_COMMA.match(text):
        return float(text.replace(",", ".")), "digits"  # "0,200 mmol/L": a decimal comma, no thousands
    word = lexicon.number_words().get(text) or lexicon.number_words().get(text.lower())
    if word and (word[1] == "word" or text.isupper() or text[0].isupper()):
        return word
    return None


_LARGEST_SCORE = 10
"""The largest value a series of scores written "0,1 or 2" reaches (performance status, grades, classes)."""


def _after_measure(doc: Doc, blocked: set[int], end: int) -> bool:
    """Whether token `end` ends a measure's name, or the bracket of an abbreviation right after it ("NYHA III",
    "(NYHA) III", "WHO Functional Class (FC) II": a capital abbreviation no table knows counts too)."""
    if end in blocked:
        return True
    return closes_after_name(doc, blocked, end) or abbreviation_after_name(doc, blocked, end)


def _glued_list(doc: Doc, first: int, second: int) -> bool:
    """Whether tokens `first` and `second` are digits joined by a comma with no space ("0,1,2": a list, so neither
    "0,1" nor "1,2" is a decimal comma)."""
    return (first >= 0 and second < len(doc) and second == first + 2 and doc[first + 1].text == ","
            and doc[first].text.isdigit() and doc[second].text.isdigit()
            and not doc[first].whitespace_ and not doc[first + 1].whitespace_)


def _series_goes_on(doc: Doc, first: int, i: int) -> bool:
    """Whether token `first`, the one two after it and "or"/"and" and a whole number at `i` count up by one as small
    scores do ("ECOG 0,1 or 2", "0,1,or 2": a series, not 0.1); "18,5 and 25,0" and "3,4 and 5,0 mmol/L" stay
    decimals."""
    if i + 1 < len(doc) and doc[i].text == "," and doc[i + 1].lower_ in lexicon.words("series_join"):
        i += 1  # "0,1,or 2": a comma before the joining word
    if not (i + 1 < len(doc) and doc[i].lower_ in lexicon.words("series_join") and doc[i + 1].text.isdigit()
            and doc[first + 2].text.isdigit()):
        return False
    after = i + 2
    if after + 1 < len(doc) and doc[after].text == "," and not doc[i + 1].whitespace_ and doc[after + 1].text.isdigit():
        return False  # the last number has a decimal comma of its own
    values = int(doc[first].text), int(doc[first + 2].text), int(doc[i + 1].text)
    return values[1] == values[0] + 1 and values[2] == values[1] + 1 and values[2] <= _LARGEST_SCORE


def _power_of_ten(doc: Doc, i: int, stop: int, blocked: Set[int] = frozenset()) -> tuple[int, int] | None:
    """A `× 10^n` written after a mantissa ending before token `i`: (n, end token), in any spelling; flattened
    ("109/L") only before a unit, or a measure's name (`blocked`) and a unit ("5 x 106 CD34+ cells/kg")."""
    j = i
    if j < stop and doc[j].text in TIMES:
        j += 1
    if j < stop and (match := _EXPONENT_TOKEN.match(doc[j].text)) and j == i:
        return int(match.group(1)), j + 1
    if j >= stop:
        return None
    if doc[j].text == "10":
        k = j + 1
        if k < stop and doc[k].text in _POWER_SIGNS:
            k += 1
        if k < stop and doc[k].text == "(" and k + 2 < stop and doc[k + 2].text == ")" and doc[k + 1].text.isdigit():
            return int(doc[k + 1].text), k + 3
        if k < stop and (match := _EXPONENT_TOKEN.match(doc[k].text)):
            return int(match.group(1)), k + 1
        spaced_before_unit = k + 1 < stop and doc[k + 1].text == "/"  # "3 x 10 9/L": the superscript lost its place
        if k < stop and doc[k].text.isdigit() and len(doc[k].text) <= 2 and (
                k > j + 1 or not doc[j].whitespace_ or spaced_before_unit):
            return int(doc[k].text), k + 1
        return None
    flattened = _FLATTENED_POWER.match(doc[j].text)
    unit = j + 1
    while unit < stop and unit in blocked:
        unit += 1  # "5 x 106 CD34+ cells/kg": the cells counted, then their unit
    signless = j == i and i > 0 and doc[i - 1].whitespace_ and flattened is not None and (
        int(flattened.group(1)) in _SIGNLESS_POWERS)  # "Reticulocytes ≥ 50 109/L": the sign lost with the superscript
    if flattened and (j > i or signless) and unit < stop and (doc[unit].text == "/" or counts_per(doc, unit, stop)):
        return int(flattened.group(1)), j + 1  # "1.5 x 109/L", "2 x 106 cells/kg"
    return None


def _written_power(doc: Doc, j: int, n: int) -> tuple[int, int] | None:
    """"3 x 1,000,000 copies/mL", "1.5 x 1,000,000,000/L": a multiplication sign at token `j` before a power of ten
    written out, a thousand at least (not the sizes of a lesion, "5 x 10 cm"), read as `_power_of_ten` reads "x 10^n":
    (n, end token)."""
    if j + 1 >= n or doc[j].text not in TIMES:
        return None
    digits = doc[j + 1].text.replace(",", "")
    if not _WRITTEN_POWER.fullmatch(digits) or int(digits) < _WRITTEN_POWER_FLOOR:
        return None
    return len(digits) - 1, j + 2


def _with_power(value: float, power: int, unit: str | None) -> tuple[float, str | None]:
    """`10*9/L` and kin are units of their own; any other power of ten folds into the value."""
    if unit is None:  # "100 x 10(9)" with its volume lost: blood counts of 10^9 and 10^12 are per litre
        unit = _POWER_VOLUMES.get(power)
        if unit is None:
            return value * 10**power, None
    composite = units.power_of_ten(power, unit) if unit.startswith("/") else None
    if composite:
        return value, composite
    return value * 10**power, unit


def _signed(doc: Doc, i: int) -> bool:
    """Whether the dash glued to the number at `i` is a minus: after a comparator, a range's opener ("between
    -1.0 and -2.5") or a score that goes below zero ("T-score -2.5", "spherical equivalent -0.50 D":
    `before_negative` cues), or as the second bound of a range whose first bound was such a minus ("-2.0 to -4.0",
    "-0.50 D and -6.00 D"); not the dash of a range after a number ("18 -65 years")."""
    before = doc[i - 1].lower_ if i > 0 else ""
    if before in lexicon.words("before_negative"):
        return True
    first = i - 2 - (i > 2 and units.spelled(doc[i - 2].lower_) is not None)  # past the first bound's unit
    return (before in ("and", "to") and first > 0 and doc[first].text.startswith("-")
            and parse_number(doc[first].text) is not None and _signed(doc, first))


def _compound_number(doc: Doc, i: int) -> tuple[float, int] | None:
    """"twenty-one", "forty five": a tens word and a units word are one number: (value, end token)."""
    tens = parse_number(doc[i].text)
    if tens is None or tens[0] < 20 or tens[0] % 10 or tens[0] > 90:
        return None
    j = i + 1 + (i + 1 < len(doc) and doc[i + 1].text == "-")
    units_word = parse_number(doc[j].text) if j < len(doc) else None
    if units_word is None or units_word[1] != "word" or not 1 <= units_word[0] <= 9:
        return None
    return tens[0] + units_word[0], j + 1


def _restated(doc: Doc, j: int, value: float, kind: str) -> int | None:
    """Where a bracket right after a number ends when it restates that number in the other way of writing it
    ("(3)" after "three", "(twenty-eight)" after "28"), else None."""
    if j + 2 >= len(doc) or doc[j].text != "(" or (inside := parse_number(doc[j + 1].text)) is None:
        return None
    read, end = _compound_number(doc, j + 1) or (inside[0], j + 2)
    restates = read == value and inside[1] != kind and end < len(doc) and doc[end].text == ")"
    return end + 1 if restates else None


def _lower(doc: Doc, start: int, count: int) -> list[str]:
    return [t.lower_ for t in doc[start:start + count]]


def _time_of_day(doc: Doc, i: int, n: int) -> bool:
    """Whether the number at token `i` opens a clock time: "1:30 pm", "08:00 hours" (`clock_word` cues)."""
    return (i + 3 < n and slashed.glued(doc, i, ":") and re.fullmatch(r"\d{2}", doc[i + 2].text) is not None
            and doc[i + 3].lower_ in lexicon.words("clock_word"))


def _spaced_thousands(doc: Doc, i: int) -> bool:
    """"100 000/mm3", "150 000 cells/uL", "HCV RNA ≥ 100 000 IU/mL": digits grouped by a space, read as one number
    before a unit of counts or of international units per volume, where thousands are the values written."""
    if i + 1 >= len(doc) or not re.fullmatch(r"\d{1,3}", doc[i].text) or not re.fullmatch(r"\d{3}", doc[i + 1].text):
        return False
    if _FLATTENED_POWER.match(doc[i + 1].text) and i + 2 < len(doc) and doc[i + 2].text == "/":
        return False  # "Platelet count ≥ 100 109/L": a power of ten whose superscript and sign were lost
    unit = unit_at(doc, i + 2, len(doc)) or counted_per_period(doc, i + 2, len(doc))  # "75 000 cell/mm^3"
    return unit is not None and units.dimension(unit[0]) in _THOUSANDS_WRITTEN


_DAY_OF_WEEK = re.compile(r"[0-6]")
"""Days past whole weeks, as a pregnancy's age is written ("38+6", "22 0/7", "23 weeks 6 days")."""


def _days_before_weeks(doc: Doc, j: int, n: int) -> tuple[float, int] | None:
    """"38+6 weeks", "24 + 0 weeks", "22 0/7 weeks", "(37 - 38+6) weeks": days written past the whole weeks before
    the word for weeks, as a fraction of a week, and where they end."""
    if j < n and doc[j].text[:1] == "+" and _DAY_OF_WEEK.fullmatch(doc[j].text[1:]):
        days, k = int(doc[j].text[1:]), j + 1
    elif (j + 1 < n and doc[j].text == "+" and _DAY_OF_WEEK.fullmatch(doc[j + 1].text)
          and doc[j - 1].whitespace_ and doc[j].whitespace_):
        days, k = int(doc[j + 1].text), j + 2  # "24 + 0 weeks", spaced alike on both sides: not "≥ 2+ 4 weeks"
    elif j + 2 < n and _DAY_OF_WEEK.fullmatch(doc[j].text) and doc[j + 1].text == "/" and doc[j + 2].text == "7":
        return int(doc[j].text) / 7, j + 3  # sevenths say days even before "to" ("16 0/7 to 22 0/7 weeks")
    else:
        return None
    return (days / 7, k) if _weeks_ahead(doc, k, n) else None


_WEEKS_REACH = 4
"""Tokens between days past weeks and the word for weeks a range of them shares ("24+0 to 33+6 weeks")."""


def _weeks_ahead(doc: Doc, k: int, n: int) -> bool:
    """Whether the word for weeks follows token `k`, past a bracket's end or the rest of a range of weeks and days
    ("(37 - 38+6) weeks", "24+0 to 33+6 weeks"), so days written after a "+" are days past weeks, no sum."""
    for j in range(k, min(n, k + _WEEKS_REACH + 1)):
        if units.spelled(doc[j].lower_) == "wk":
            return True
        if not (doc[j].text in (")", "-", "–", "to", "+") or doc[j].like_num or doc[j].text[:1] == "+"):
            return False
    return False


def days_after_weeks(doc: Doc, j: int, n: int) -> tuple[float, int] | None:
    """"23 weeks 6 days": the days written after the word for weeks, as a fraction of a week, and where they end."""
    if j + 1 < n and _DAY_OF_WEEK.fullmatch(doc[j].text) and units.spelled(doc[j + 1].lower_) == "d":
        return int(doc[j].text) / 7, j + 2
    return None


def is_ordinal(doc: Doc, i: int) -> bool:
    """A number token written as an ordinal: "1st", "2nd", "3rd", "4th"."""
    return i + 1 < len(doc) and not doc[i].whitespace_ and doc[i + 1].lower_ in _ORDINAL_SUFFIXES


def _looks_like_pressures(systolic: float, diastolic: float) -> bool:
    """"140/90" with no unit written is a blood pressure pair; no other ratio looks like one."""
    return 70 <= systolic <= 250 and 30 <= diastolic < systolic and systolic.is_integer() and diastolic.is_integer()


def _written_unit(doc: Doc, j: int, n: int) -> tuple[str, int] | None:
    """The unit written from token `j`: its spelling, or glued by a hyphen ("30-day", "5-year", "30-pack years"),
    or a unit of time past an adjective (`unit_adjective` cues: "14 consecutive days", "28 calendar days")."""
    unit = unit_at(doc, j, n)
    if unit is None and j + 1 < n and doc[j].text == "-" and not doc[j - 1].whitespace_ and not doc[j].whitespace_:
        unit = unit_at(doc, j + 1, n)
    if unit is None and (adjective := lexicon.phrase_at(_lower(doc, j, 3), "unit_adjective")):
        unit = unit_at(doc, j + adjective, n)
        unit = unit if unit is not None and units.dimension(unit[0]) == "time" else None
    return unit


NUMBER_CONCENTRATION, NUMBER_PER_MASS = "number concentration", "number per mass"
_THOUSANDS_WRITTEN = frozenset({NUMBER_CONCENTRATION, "catalytic concentration"})
PER_FIELD = frozenset({"count per high-power field", "count per low-power field"})
"""Cells counted in a microscope field of urine sediment ("5 WBC/hpf"): no concentration in blood, and a count per
high-power field does not convert to one per low-power field (the fields differ in area)."""
_MAX_ANALYTE_WORDS = 4
"""Tokens of an analyte's name written inside a count's unit ("copies HIV RNA/mL")."""


def _unit_around_analyte(doc: Doc, j: int, n: int, blocked: set[int]) -> tuple[str, int, tuple[int, int]] | None:
    """A count per volume whose unit names the analyte counted, after the number's copies or before them:
    "10,000 copies HIV RNA/mL", "10,000 HIV RNA copies/mL" are `{copies}/mL`; so is a dose of cells per body weight
    ("2 x 10^6 CD34+ cells/kg"), or of cells per microscope field ("5 WBC/hpf"). Only these: a measure named after a
    number is otherwise the next threshold's ("ANC ≥ 1.5 platelets 10^9/L" is no unit of the first). The unit, where
    it ends, and the analyte's words: a measure's name, or after "copies" the words of a viral load ("50 copies
    RNA/mL": they name what is counted, so no measure named earlier in the sentence takes the value)."""
    copies_first = j < n and doc[j].lower_ in lexicon.words("copies_word")
    start = end = j + 1 if copies_first else j
    viral = lexicon.words("viral_load_word") if copies_first else frozenset()  # "50 copies RNA/mL"
    while end < n and (end in blocked or doc[end].lower_ in viral) and end - start < _MAX_ANALYTE_WORDS:
        end += 1
    unit = unit_at(doc, end, n) if end > start else None
    if unit is None:
        return None
    analyte, dimension = (start, end), units.dimension(unit[0])
    if (dimension == NUMBER_PER_MASS or dimension in PER_FIELD) and not copies_first:  # per kilogram, per field
        return unit[0], unit[1], analyte
    if dimension != NUMBER_CONCENTRATION:
        return None
    if copies_first:  # "copies HIV RNA/mL"
        return ("{copies}" + unit[0], unit[1], analyte) if unit[0].startswith("/") else None
    return (unit[0], unit[1], analyte) if unit[0].startswith("{copies}") else None  # "HIV RNA copies/mL"


def read_in_its_unit(doc: Doc, quantity: Quantity) -> None:
    """The value as its unit says the number was meant: "100.000/mm3" a hundred thousand (`_COUNTS_PER_VOLUME`),
    "HBV DNA ≥ 105 copies/mL" 10^5 (`_FLAT_POWER`). Called again when a bound takes the unit of the bound after it
    ("≥ 105 and ≤ 108 IU/mL")."""
    written = doc[quantity.start].text
    if quantity.unit in _COUNTS_PER_VOLUME and _EUROPEAN_THOUSANDS.match(written):
        quantity.value = float(written.replace(".", ""))
    elif (flat := _FLAT_POWER.match(written)) and (
            quantity.unit == "{copies}/mL" or quantity.unit == "[IU]/mL" and _after_viral_words(doc, quantity.start)):
        quantity.value = float(10 ** int(flat.group(1)))


def _after_viral_words(doc: Doc, start: int) -> bool:
    """Whether the words of a viral load (`viral_load_word` cues) stand shortly before `start` in its sentence."""
    for token in reversed(doc[max(0, start - _VIRAL_LOAD_REACH):start]):
        if token.text in _CLAUSE_STOPS:
            return False  # "HBV DNA undetectable, total IgE ≥ 102 IU/mL": another clause's value
        if token.lower_ in lexicon.words("viral_load_word"):
            return True
    return False


def find_quantities(doc: Doc, blocked: set[int], cue_starts: dict[int, list[Span]],
                    postfix_ends: Mapping[int, int]) -> list[Quantity]:
    """Every quantity in `doc`, left to right, skipping tokens inside measure names (`HbA1c`, `24-hour`);
    `postfix_ends` maps where a comparator written after its number starts ("or more") to where it ends."""
    found: list[Quantity] = []
    grade_words = lexicon.words("grade_word")  # "stage ≥ II", "NYHA III": Roman numerals count only after one
    n = len(doc)
    i = 0
    while i < n:
        if i in blocked:
            i += 1
            continue
        token = doc[i]
        number = parse_number(token.text)
        if number is None:
            i += 1
            continue
        value, kind = number
        if token.text[0] == "+" and i > 0 and doc[i - 1].like_num and not doc[i - 1].whitespace_:
            i += 1  # "Gleason 4+4", "38+6 weeks": a sum or days past whole weeks, no value of its own
            continue
        if value < 0 and not _signed(doc, i):
            value = -value  # "18 -65 years": a dash glued to a number is a minus only right after a comparator
        if is_ordinal(doc, i):
            if i + 2 < n and doc[i + 2].lower_ in ("percentile", "centile"):
                # "≥ 95th percentile"
                found.append(Quantity(i, i + 3, value, "{percentile}", number_end=i + 1, kind=kind))
                i += 3
                continue
            i += 1  # "1st line", "2nd cycle": an ordinal names, it does not bound
            continue
        compound = _compound_number(doc, i) if kind == "word" else None
        if compound is not None:
            value, end_of_number = compound  # "twenty-one days"
        elif kind == "word" and i + 1 < n and doc[i + 1].text == "-" and not doc[i].whitespace_:
            i += 1  # "one-lung ventilation", "two-sided": a compound word, not a count
            continue
        else:
            end_of_number = i + 1
        # "stage ≥ II", "class of II to IV", "NYHA classification of heart failure > II" (a numeral of one letter
        # after a sign alone may be a name: "> I")
        after_grade_comparator = i > 1 and (doc[i - 1].text in _COMPARATOR_SIGNS or doc[i - 1].lower_ == "of") and (
            doc[i - 2].lower_ in grade_words or _after_measure(doc, blocked, i - 2)  # "Hoehn and Yahr of I-III"
            or doc[i - 1].text in _COMPARATOR_SIGNS and len(token.text) > 1
            and token.lower_ not in lexicon.words("dose_route"))  # "or = IV equivalent": the route
        listed = bool(found) and found[-1].kind == "roman" and found[-1].end == i - 1  # "II, III, or IV"
        if kind == "roman" and not (after_grade_comparator or i > 0 and (
                doc[i - 1].lower_ in grade_words or _after_measure(doc, blocked, i - 1)
                or doc[i - 1].lower_ in ("-", "~", "or", "to", "through", "and", "/", "(")
                or (listed and doc[i - 1].text == ","))):
            i += 1
            continue
        if kind == "digits" and _time_of_day(doc, i, n):
            i += 3  # "no later than 1:30 pm": a time of day bounds nothing a record holds
            continue
        start = i
        j = end_of_number
        if kind == "digits" and j + 1 < n and doc[j].text == "," and not token.whitespace_ \
                and not doc[j].whitespace_ and re.match(r"^\d{1,2}$", doc[j + 1].text) \
                and not _glued_list(doc, i - 2, i) and not _glued_list(doc, j + 1, j + 3) \
                and not _series_goes_on(doc, i, j + 2):
            value, j = float(f"{token.text}.{doc[j + 1].text}"), j + 2  # European decimal comma: 1,5; not "0,1,2"
        if kind == "digits" and _spaced_thousands(doc, i):
            value, j = float(token.text + doc[j].text), j + 1  # "100 000/mm3": a space between thousands
        if kind == "digits" and (past := _days_before_weeks(doc, j, n)) is not None:
            value, j = value + past[0], past[1]  # "38+6 weeks", "22 0/7 weeks": weeks and days of a pregnancy
        if kind == "word" and token.lower_ == "half" and j < n and doc[j].lower_ in ("a", "an"):
            j += 1
        if j + 2 < n and doc[j].lower_ == "and" and doc[j + 1].lower_ == "a" and doc[j + 2].lower_ == "half":
            value, j = value + 0.5, j + 3  # "two and a half times the upper limit of normal"
        if kind in ("word", "digits") and (after := _restated(doc, j, value, kind)) is not None:
            j = after  # "three (3) months", "28 (twenty-eight) days": the number restated in digits or in words
        if value == 10 and kind == "digits" and j + 1 < n and doc[j].text in _POWER_SIGNS \
                and re.fullmatch(r"\d{1,2}", doc[j + 1].text) and not (i > 0 and doc[i - 1].text in TIMES):
            value, j = float(10 ** int(doc[j + 1].text)), j + 2  # "HCV RNA ≥ 10^4 IU/mL": a power of ten on its own
        if (value == 1 and kind == "digits" and j == i + 1 and slashed.glued(doc, i, ":")
                and (dilution := parse_number(doc[j + 1].text))
                and dilution[1] == "digits" and dilution[0] >= 10 and float(dilution[0]).is_integer()
                and not (j + 2 < n and doc[j + 2].lower_ in lexicon.words("clock_word"))):
            value, j = dilution[0], j + 2  # "ANA titre ≥ 1:80": a dilution's titre is its denominator
        if kind == "digits" and (fraction := slashed.fraction(doc, i, j, n)) is not None:
            value, j = fraction  # "≥ 1/2 teaspoon": a fraction of a unit
        if kind == "digits" and (snellen := slashed.snellen(doc, i, j, n)) is not None:
            (value, j), kind = snellen, "snellen"  # "visual acuity of 20/40 or better": a decimal acuity
        elif kind == "digits" and (score := slashed.out_of(doc, i, j, n)) is not None:
            value, j = score  # "pain ≥ 5/10": the score, on a scale to 10
        number_end = j
        quantity = Quantity(start, j, value, "1" if kind == "snellen" else None, number_end=number_end, kind=kind)
        power = (_power_of_ten(doc, j, n, blocked) or _written_power(doc, j, n)) if kind == "digits" else None
        if power:
            j = power[1]
        if j + 1 < n and doc[j].text in ("/", "x", "X", "×") and kind == "digits" \
                and (second := parse_number(doc[j + 1].text)) and not power:
            pair_unit = unit_at(doc, j + 2, n)
            if pair_unit and pair_unit[0] == "mm[Hg]" and _looks_like_pressures(value, second[0]):
                quantity.second, quantity.unit, j = second[0], "mm[Hg]", pair_unit[1]
            elif _looks_like_pressures(value, second[0]) and (
                (doc[j].text == "/" and not token.whitespace_ and not doc[j].whitespace_)
                or (doc[j].text != "/" and unit_at(doc, j + 2, n) is None)
            ):
                quantity.second, quantity.unit, j = second[0], "mm[Hg]", j + 2
        relative = limits.relative(doc, j, cue_starts) if quantity.unit is None else None
        written_before = (limits.limit_before(start, cue_starts)  # not "≤ ULN x 10 µmol/L" nor "≥ LLN x 10^9/L"
                          if quantity.unit is None and not relative and not power and _written_unit(doc, j, n) is None
                          and not (j < n and doc[j].text in _POWER_SIGNS) else None)
        if relative:
            quantity.relative_to, quantity.unit, j = relative[0], "1", relative[1]
        elif written_before:  # "ALT > ULN x 1.5": the threshold reads from the limit's name
            quantity.relative_to, quantity.unit, quantity.start = written_before[0], "1", written_before[1]
        elif quantity.unit is None:
            unit = _written_unit(doc, j, n)
            if unit is not None and doc[j].text == "F" and implausible("temperature", value, unit[0]):
                unit, j = None, j + 1  # "catheter < 10F": a gauge (French), not 10 °F, and no name
            if unit is None and (around := _unit_around_analyte(doc, j, n, blocked)) is not None:
                unit, quantity.analyte = around[:2], around[2]
            if unit:
                quantity.unit, j = unit
                if quantity.unit == "wk" and (past := days_after_weeks(doc, j, n)) is not None:
                    quantity.value, j = value + past[0], past[1]  # "23 weeks 6 days"
                if units.dimension(quantity.unit) == "mass" and (
                        ratio := slashed.ratio_of_analytes(doc, j, n, unit[0], blocked)):
                    quantity.unit, j = ratio  # "≥ 500 mg protein/g creatinine": a mass ratio of two analytes
                if quantity.unit == "%" and (limit := limits.percent_of_limit(doc, j, cue_starts)) is not None:
                    # "greater than 300% of the upper limit of normal": three times the limit
                    quantity.value, quantity.relative_to, quantity.unit, j = value / 100, limit[0], "1", limit[1]
            else:
                # "1 to 4 BTP episodes per day", "1000 neutrophils/microliter", "100,000 colonies/mL": the noun stays
                # the measure; "500 cells per cubic millimeter": cells (`cell_word` cues) are the unit's words
                counted = counted_per_period(doc, j, n)
                if (counted is not None and units.dimension(counted[0]) == NUMBER_CONCENTRATION
                        and doc[j].lower_ in lexicon.words("cell_word")):
                    quantity.unit, j = counted
                elif counted is not None:
                    quantity.unit = counted[0]
                elif j in postfix_ends:
                    # "10 or more cigarettes per day": the unit follows the comparator, which stays after the number
                    if (later := _written_unit(doc, postfix_ends[j], n)) is not None:  # "7 or more consecutive days"
                        quantity.unit, quantity.unit_end = later
                    elif (counted := counted_per_period(doc, postfix_ends[j], n)) is not None:
                        quantity.unit = counted[0]
        if (quantity.unit is not None and quantity.unit.partition("/")[0] == "U"
                and counts_units(doc, start, j, quantity.unit)):
            quantity.unit = "{units}" + quantity.unit[1:]  # "21 units per week" of alcohol, not of insulin
        if quantity.unit is not None and (quantity.unit.startswith("{") and units.dimension(quantity.unit) is None
                                          or units.dimension(quantity.unit) == "mass"):
            quantity.unit = (per_period_before(doc, start, quantity.unit) or per_collection(doc, start, quantity.unit)
                             or quantity.unit)
        if power:
            quantity.value, quantity.unit = _with_power(value, power[0], quantity.unit)
        else:
            read_in_its_unit(doc, quantity)
        quantity.end = j
        found.append(quantity)
        i = j
    return found
