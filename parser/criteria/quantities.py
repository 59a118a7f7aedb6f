"""Find the quantities in a tokenized criterion: value, unit (UCUM), powers of ten, multiples of ULN.

Written forms differ wildly for the same number: `1.5×10^9/L`, `1.5 x 10⁹/L`, `1.5x109/L` (a page
that lost the superscript), `10E9/L`, `1,500/mm3`, European `50.000/mmc`, `two`, `half a year`,
`2.5 x ULN`, `2+`. This module reads all of them token by token; what a unit spelling means comes
from the vocabulary's `parser/vocabulary/data/units.csv`, never from code.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from parser import vocabulary
from parser.criteria import lexicon
from parser.models.criteria import Limit
from parser.vocabulary import units

_PLAIN = re.compile(r"^-?(?:\d+(?:\.\d+)?|\.\d+)$")  # a leading minus stays on its token only when negative: "< -3"
_THOUSANDS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_EUROPEAN_THOUSANDS = re.compile(r"^\d{1,3}\.\d{3}$")
_EXPONENT_TOKEN = re.compile(r"^[eE](\d{1,2})$")
_FLATTENED_POWER = re.compile(r"^10(\d{1,2})$")
_TIMES = frozenset({"×", "x", "X", "*"})
_POWER_SIGNS = frozenset({"^", "*", "**", "~"})  # "10~9/L": a superscript that became a tilde
_MAX_UNIT_TOKENS = 8
_COMPARATOR_SIGNS = frozenset({"<", ">", "≤", "≥", "="})
_ORDINAL_SUFFIXES = frozenset({"st", "nd", "rd", "th"})
PER_WORDS = frozenset({"/", "per", "a", "an", "each", "every"})
"""Words that divide a unit by the next ("mg per day", "drinks a week", "mL/min")."""
_ARTICLES = frozenset({"a", "an", "each", "every"})  # per-words that are also articles: "a week before" is no rate
_POWER_VOLUMES = {9: "/L", 12: "/L"}
_LIMIT_REACH = 5
"""How far after a multiplier a limit named in words is looked for, and how far its words run."""


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

    @property
    def is_time(self) -> bool:
        return self.unit is not None and units.dimension(self.unit) == "time"

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
    word = lexicon.number_words().get(text) or lexicon.number_words().get(text.lower())
    if word and (word[1] == "word" or text.isupper() or text[0].isupper()):
        return word
    return None


def _spelling_at(doc: Doc, start: int, stop: int) -> tuple[str, int] | None:
    """The longest unit spelling of `units.csv` starting at token `start` ("millimeters of mercury"): (UCUM
    code, end token)."""
    exact, lower = vocabulary.exact_unit_spellings(), vocabulary.unit_spellings()
    best = None
    joined = ""
    for end in range(start, min(stop, start + _MAX_UNIT_TOKENS)):
        token = doc[end]
        if end > start and token.text in (",", ";", "(", ")", "and", "or"):
            break
        joined += token.text
        if token.text.endswith("-") and len(token.text) > 1 and token.whitespace_:
            joined = joined[:-1]  # "12 weeks- Adequate marrow": a dash left on the unit by a lost line break
        if joined in exact:
            best = (exact[joined], end + 1)
            continue
        if (key := vocabulary.spelling_key(joined)) in lower:
            best = (lower[key], end + 1)
    return best


def _unit_at(doc: Doc, start: int, stop: int) -> tuple[str, int] | None:
    """The longest unit starting at token `start`, divided by what follows: (UCUM code, end token)."""
    best = _spelling_at(doc, start, stop)
    if best is None and start < stop and doc[start].lower_ in PER_WORDS:
        best = _divided(doc, ("", start), stop)  # "/microL", "per mm3": a count per volume
        return best if best[0] else None
    return _divided(doc, (best[0], _past_symbol(doc, best, stop)), stop) if best else None


def _past_symbol(doc: Doc, unit: tuple[str, int], stop: int) -> int:
    """Where a unit ends when its spelled-out name is followed by its symbol in brackets: "milliliter (mL)/minute
    (min)", "kilograms (kg)": the bracket restates the unit, it does not end it."""
    code, end = unit
    if end + 2 < stop and doc[end].text in ("(", "[") and doc[end + 2].text in (")", "]"):
        symbol = doc[end + 1].text
        if (units.spelled(symbol) or symbol).lower() == code.lower():
            return end + 3
    return end


def _divided(doc: Doc, unit: tuple[str, int], stop: int) -> tuple[str, int]:
    """A unit divided by more units, composed by grammar rather than listed: "mg/24 hour", "mL / kg / h",
    "mg per day", "drinks/week". The composed code must be one the dimension table knows, so a slash
    that starts something else ("mg/dL or 90 mg/m2") ends the unit instead."""
    code, end = unit
    if code.startswith("{") and (filler := lexicon.phrase_at(_lower(doc, end, 3), "rate_filler")) \
            and end + filler < stop and doc[end + filler].lower_ in PER_WORDS:
        end += filler  # "20 cigarettes or equivalent per day": a count of a thing or its like, per period
    while end + 1 < stop and doc[end].lower_ in PER_WORDS:
        j = end + 1
        whole = _spelling_at(doc, j, stop)  # "per cubic millimeter", "mg/100 mL" (a decilitre)
        count = doc[j].text if doc[j].text.isdigit() and whole is None else None
        j += count is not None
        if j >= stop:
            break
        atom, after = whole or (units.spelled(doc[j].text), j + 1)
        if atom is not None:
            after = _past_symbol(doc, (atom, after), stop)
        if after + 1 < stop and doc[after].text == "^" and doc[after + 1].text.isdigit():
            base = doc[after - 2 if doc[after - 1].text == ")" else after - 1].text  # "kg/meter (m)^2": the symbol
            atom, after = units.spelled(base + doc[after + 1].text), after + 2  # "g/m^2", folded from "g/m²"
        if atom is None:
            break
        if _time_before_event(doc, end, after, stop):
            break  # "2 doses a week before randomization"
        candidate = units.divide(code, atom, count)
        if candidate is None:
            break
        code, end = candidate, after
    if end < stop and (period := _period_word(doc[end])) and (rate := units.divide(code, period)):
        code, end = rate, end + 1  # "15 mg daily", "20 mg weekly"
    return _per_period_after_substance(doc, code, end, stop), end


def _glued_list(doc: Doc, first: int, second: int) -> bool:
    """Whether tokens `first` and `second` are digits joined by a comma with no space ("0,1,2": a list, so neither
    "0,1" nor "1,2" is a decimal comma)."""
    return (first >= 0 and second < len(doc) and second == first + 2 and doc[first + 1].text == ","
            and doc[first].text.isdigit() and doc[second].text.isdigit()
            and not doc[first].whitespace_ and not doc[first + 1].whitespace_)


def _period_word(token: Token) -> str | None:
    """The period a one-word frequency names ("daily": "/d", "weekly": "/wk"), if the token is one."""
    per = units.spelled(token.lower_) if token.is_alpha else None
    return per if per is not None and per.startswith("/") and units.dimension(per) == "frequency" else None


_COUNTED_WORDS = 5
"""How many words may name what is counted before its period ("4 portions of oily fish per week")."""


def _counted_per_period(doc: Doc, j: int, stop: int) -> str | None:
    """"two seizures a month", "1 to 4 episodes per day": a count of a noun per period is a frequency; "100,000
    parasites/uL", a count of a plural noun right after the number per volume, a number concentration (not the
    unknown unit of "4.0 mEq/L" or "9 gr/mm3")."""
    for i in range(j + 1, min(stop - 1, j + 1 + _COUNTED_WORDS)):
        if not doc[i - 1].is_alpha or units.spelled(doc[i - 1].lower_):
            return None
        if doc[i].lower_ in PER_WORDS:
            period = _spelling_at(doc, i + 1, stop)
            dimension = units.dimension(period[0]) if period else None
            if period is None or not (dimension == "time" or dimension in ("volume", "number concentration")
                                      and i == j + 1 and _plural_noun(doc[j])):
                return None
            if _time_before_event(doc, i, period[1], stop):
                return None  # "more than 2 doses a week before randomization"
            if period[1] < stop and doc[period[1]].lower_ in lexicon.words("spacing_word"):
                return None  # "2 measurements of blood pressure taken a week apart": a spacing, not a rate
            return units.divide("", period[0])
    return None


def _time_before_event(doc: Doc, per: int, after: int, stop: int) -> bool:
    """Whether a per-word that is also an article (`per`) and the period ending before `after` are a time before an
    event ("a week before randomization"), not a rate: an anchor word follows the period."""
    return doc[per].lower_ in _ARTICLES and after < stop and doc[after].lower_ in lexicon.words("anchor")


def _plural_noun(token: Token) -> bool:
    """"parasites", "colonies": a lower-case word in the plural, where an unknown unit ("mEq", "gr") is not."""
    return token.is_lower and token.is_alpha and len(token) > 3 and token.lower_.endswith("s")


def _per_period_after_substance(doc: Doc, code: str, end: int, stop: int) -> str:
    """"150 g of alcohol per week", "3 cups of coffee a day", "10 mg of prednisone daily", "40 mg prednisone or
    equivalent per day": the period after the substance makes the amount a rate; the substance stays outside the
    unit, where it names the measure. Without "of" only a mass is followed by its substance's name."""
    if end < stop and doc[end].lower_ == "of":
        first = end + 1
    elif end < stop and doc[end].is_alpha and units.dimension(code) == "mass":
        first = end
    else:
        return code
    for i in range(first + 1, min(stop, first + 1 + SUBSTANCE_WORDS)):
        per = units.spelled(doc[i].lower_) if doc[i].is_alpha else None
        if per is not None and per.startswith("/") and units.dimension(per) == "frequency":
            if doc[i - 1].lower_ in lexicon.words("dose_multiplier"):
                return code  # "250 ug of fluticasone twice daily": each dose, not the day's
            return units.divide(code, per) or code  # "daily", "weekly": a period in one word
        if doc[i].lower_ in PER_WORDS and i + 1 < stop:
            if doc[i - 1].lower_ in lexicon.words("dose_multiplier"):
                return code  # "100 ug fluticasone twice a day"
            period = _spelling_at(doc, i + 1, stop)
            if period and _time_before_event(doc, i, period[1], stop):
                return code  # "500 mg cyclophosphamide a week before enrolment"
            rate = units.divide(code, period[0]) if period and units.dimension(period[0]) == "time" else None
            return rate or code
        if not doc[i].is_alpha:
            break
    return code


_PERIOD_REACH = 12
SUBSTANCE_WORDS = 3
"""Words a substance may take between an amount and what follows it ("150 g of | red wine | per week")."""


def _counts_units(doc: Doc, start: int, end: int, unit: str) -> bool:
    """Whether "units" are a count rather than enzyme or insulin units: "of" a blood product follows `end` ("2 units
    of packed red blood cells", `blood_product` cues); or, for units alone or per period (never per volume: "U/L" is an
    enzyme's), the sentence before `start` is about alcohol (`alcohol_word` cues: "21 units per week") or its clause
    about transfusions (`transfusion_word` cues: "a transfusion requirement of 4 units")."""
    if end + 1 < len(doc) and doc[end].lower_ == "of" and any(
            t.lower_ in lexicon.words("blood_product") for t in doc[end + 1:end + 1 + _PRODUCT_WORDS]):
        return True
    if unit != "U" and units.dimension("/" + unit.partition("/")[2]) != "frequency":
        return False
    alcohol, transfusion, in_clause = lexicon.words("alcohol_word"), lexicon.words("transfusion_word"), True
    for i in range(start - 1, -1, -1):
        if doc[i].text in (".", ";"):
            return False
        in_clause = in_clause and doc[i].text != "," and doc[i].lower_ not in ("and", "or")
        if doc[i].lower_ in alcohol or (in_clause and doc[i].lower_ in transfusion):
            return True
    return False


_PRODUCT_WORDS = 3
"""How far after "units of" a blood product may be named ("units of packed red blood cells")."""


def _per_period_before(doc: Doc, start: int, unit: str) -> str | None:
    """"an average weekly intake of > 14 drinks", "a daily dose of prednisone between 5 and 40 mg": an amount
    whose period an adjective named before it, in the same clause, is a rate (None when none is named)."""
    for i in range(start - 1, max(-1, start - 1 - _PERIOD_REACH), -1):
        if doc[i].text in (",", ";", ".", ":", "(", ")"):
            break
        if doc[i].lower_ in lexicon.words("rate_stop"):
            break  # "weekly methotrexate with a cumulative dose above 1.5 g": a total, not a rate
        period = units.spelled(doc[i].lower_) if doc[i].is_alpha else None
        heads = lexicon.words("rate_head")
        if period is not None and units.dimension(period) == "frequency" \
                and any(t.lower_ in heads for t in doc[i + 1:i + 4]) and (rate := units.divide(unit, period)):
            return rate  # "an average weekly intake of", "a daily maintenance dose of"
    return None


def _per_collection(doc: Doc, start: int, unit: str) -> str | None:
    """"< 1 g by 24-hour urine collection", "1000 mg protein/24 hour urine": a mass in a clause that names a number
    of hours, in a sentence about urine (`urine_word` cues), is the amount a timed collection holds (None if the
    clause names no such period, or names one as a window before an event: "10 mg within 24 hours before urine
    collection")."""
    sentence, clause = _around(doc, start, (".", ";")), _around(doc, start, (".", ";", ",", ":"))
    if not any(t.lower_ in lexicon.words("urine_word") for t in sentence):
        return None
    window, anchor = lexicon.words("window"), lexicon.words("anchor")
    for i, token in enumerate(clause[:-1]):
        hyphen = clause[i + 1].text == "-" and i + 2 < len(clause)
        after = i + 3 if hyphen else i + 2
        if not (token.text.isdigit() and units.spelled(clause[after - 1].lower_) == "h"):
            continue
        if (i > 0 and clause[i - 1].lower_ in window) or (after < len(clause) and clause[after].lower_ in anchor):
            continue
        return units.divide(unit, "h", token.text)
    return None


def _around(doc: Doc, i: int, ends: tuple[str, ...]) -> Span:
    """The stretch of tokens around token `i` between two of `ends`."""
    begin, end = i, i
    while begin > 0 and doc[begin - 1].text not in ends:
        begin -= 1
    while end < len(doc) and doc[end].text not in ends:
        end += 1
    return doc[begin:end]


def _power_of_ten(doc: Doc, i: int, stop: int) -> tuple[int, int] | None:
    """A `× 10^n` written after a mantissa ending before token `i`: (n, end token), in any spelling."""
    j = i
    if j < stop and doc[j].text in _TIMES:
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
    if flattened and j > i and j + 1 < stop and (doc[j + 1].text == "/" or _counts_per(doc, j + 1, stop)):
        return int(flattened.group(1)), j + 1  # "1.5 x 109/L", "2 x 106 cells/kg"
    return None


def _counts_per(doc: Doc, i: int, stop: int) -> bool:
    """A unit of counts per something starts at token `i` ("cells/kg", "cells/mm3")."""
    unit = _spelling_at(doc, i, stop)
    return unit is not None and unit[0].startswith("/")


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


def _relative(doc: Doc, i: int, cue_starts: dict[int, list[Span]]) -> tuple[Limit, int] | None:
    """A multiple of a normal limit right after the number, in any spelling.

    The grammar: number, a multiplier (`x`, `×`, `*`, `times`, `-fold`) or none, `of`/`the`/`institutional`,
    then a limit (`ULN`, `upper limit of normal`, `maximum normal value`, ...). After a multiplier a bare
    `normal` or `n` is the upper limit too ("2.5 times normal", "SGOT > 2.5 x N"); a capital `N` is even
    without one ("ASAT < 3 N").
    """
    j, multiplied = i, False
    if multipliers := [s for s in cue_starts.get(j, ()) if s.label_ == "cue:multiplier"]:
        j, multiplied = max(s.end for s in multipliers), True
        j += lexicon.phrase_at(_lower(doc, j, 2), "multiple_direction")  # "three times above the upper limit"
        if j + 2 < len(doc) and doc[j].text == "(" and doc[j + 2].text == ")" and _limit_word(doc[j + 1]) is None:
            j += 3  # "greater than 2 times (inclusive) the upper limit of normal", not "2 times the (ULN)"
    named_from = j
    while j < len(doc) and doc[j].lower_ in lexicon.words("limit_filler"):
        j += 1
    limits = [span for span in cue_starts.get(j, ()) if span.label_ in ("cue:uln", "cue:lln")]
    if limits:
        longest = max(limits, key=len)  # "upper limit of normal (ULN)", not just "upper limit of normal"
        return ("ULN" if longest.label_ == "cue:uln" else "LLN"), longest.end
    if multiplied and (normal := lexicon.phrase_at(_lower(doc, j, 3), "normal_after_multiplier")):
        return "ULN", j + normal
    if j < len(doc) and doc[j].text == "N":
        return "ULN", j + 1  # "ASAT < 3 N", "> 3N": the French and Italian shorthand, capital N, no multiplier needed
    return _limit_ahead(doc, named_from) if multiplied else None


def _limit_word(token: Token) -> Limit | None:
    word = token.lower_
    return ("ULN" if word in lexicon.words("upper_limit_word")
            else "LLN" if word in lexicon.words("lower_limit_word") else None)


def _limit_ahead(doc: Doc, i: int) -> tuple[Limit, int] | None:
    """After a multiplier, a limit in words no spelling lists: a word naming an upper or a lower limit
    (`upper_limit_word`, `lower_limit_word` cues) a few words on, past nothing but filler (`limit_filler`,
    `limit_gap`: "5 times or less", "of the institution's"), an
    institution's name in capitals or brackets ("2.5 times the UIHC upper limit of normal", "1.5 times of the
    reference upper limit", "3 times (normal value)"); "normal" or "reference" before "lower" names the lower limit.
    The limit's words after it go with it (`limit_word`), up to a bracket opened after it."""
    for k in range(i, min(len(doc), i + _LIMIT_REACH)):
        token = doc[k]
        limit = _limit_word(token)
        if limit is None:
            gap = lexicon.words("limit_filler") | lexicon.words("limit_gap")
            if not (token.lower_ in gap or token.text in ("(", ")", "'") or token.text[:1].isupper()):
                return None  # "4 times a day despite normal diet", "1.5 times baseline or above the ULN"
            continue
        if limit == "ULN" and any(_limit_word(t) == "LLN" for t in doc[k + 1:k + _LIMIT_REACH]):
            limit = "LLN"  # "0.8 times the normal lower limit"
        end = k + 1
        while end < len(doc) and end - k <= _LIMIT_REACH and (
                doc[end].lower_ in lexicon.words("limit_word") or doc[end].text == ")"):
            end += 1
        return limit, end
    return None


def _signed(doc: Doc, i: int) -> bool:
    """Whether the dash glued to the number at `i` is a minus: after a comparator or a range's opener ("between
    -1.0 and -2.5"), or as the second bound of a range whose first bound was negative."""
    before = doc[i - 1].lower_ if i > 0 else ""
    if before in lexicon.words("before_negative"):
        return True
    return (before in ("and", "to") and i > 2 and doc[i - 2].text.startswith("-")
            and doc[i - 3].lower_ in lexicon.words("before_negative"))


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


def _lower(doc: Doc, start: int, count: int) -> list[str]:
    return [t.lower_ for t in doc[start:start + count]]


def _spaced_thousands(doc: Doc, i: int) -> bool:
    """"100 000/mm3", "150 000 cells/uL": digits grouped by a space, read as one number before a count unit."""
    if i + 1 >= len(doc) or not re.fullmatch(r"\d{1,3}", doc[i].text) or not re.fullmatch(r"\d{3}", doc[i + 1].text):
        return False
    unit = _unit_at(doc, i + 2, len(doc))
    return unit is not None and units.dimension(unit[0]) == "number concentration"


def is_ordinal(doc: Doc, i: int) -> bool:
    """A number token written as an ordinal: "1st", "2nd", "3rd", "4th"."""
    return i + 1 < len(doc) and not doc[i].whitespace_ and doc[i + 1].lower_ in _ORDINAL_SUFFIXES


def _looks_like_pressures(systolic: float, diastolic: float) -> bool:
    """"140/90" with no unit written is a blood pressure pair; no other ratio looks like one."""
    return 70 <= systolic <= 250 and 30 <= diastolic < systolic and systolic.is_integer() and diastolic.is_integer()


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
        # "stage ≥ II"
        after_grade_comparator = i > 1 and doc[i - 1].text in _COMPARATOR_SIGNS and doc[i - 2].lower_ in grade_words
        listed = bool(found) and found[-1].kind == "roman" and found[-1].end == i - 1  # "II, III, or IV"
        if kind == "roman" and not (after_grade_comparator or i > 0 and (
                doc[i - 1].lower_ in grade_words or (i - 1) in blocked
                or doc[i - 1].lower_ in ("-", "~", "or", "to", "through", "and", "/", "(")
                or (listed and doc[i - 1].text == ",")
                or (doc[i - 1].text == ")" and (i - 2) in blocked))):  # "(NYHA) III"
            i += 1
            continue
        start = i
        j = end_of_number
        if kind == "digits" and j + 1 < n and doc[j].text == "," and not token.whitespace_ \
                and not doc[j].whitespace_ and re.match(r"^\d{1,2}$", doc[j + 1].text) \
                and not _glued_list(doc, i - 2, i) and not _glued_list(doc, j + 1, j + 3):
            value, j = float(f"{token.text}.{doc[j + 1].text}"), j + 2  # European decimal comma: 1,5; not "0,1,2"
        if kind == "digits" and _spaced_thousands(doc, i):
            value, j = float(token.text + doc[j].text), j + 1  # "100 000/mm3": a space between thousands
        if kind == "word" and token.lower_ == "half" and j < n and doc[j].lower_ in ("a", "an"):
            j += 1
        if j + 2 < n and doc[j].lower_ == "and" and doc[j + 1].lower_ == "a" and doc[j + 2].lower_ == "half":
            value, j = value + 0.5, j + 3  # "two and a half times the upper limit of normal"
        if kind == "word" and j + 2 < n and doc[j].text == "(" and doc[j + 2].text == ")" \
                and (digits := parse_number(doc[j + 1].text)) and digits[0] == value:
            j += 3  # "three (3) months": the number restated in digits
        if value == 10 and kind == "digits" and j + 1 < n and doc[j].text in _POWER_SIGNS \
                and re.fullmatch(r"\d{1,2}", doc[j + 1].text) and not (i > 0 and doc[i - 1].text in _TIMES):
            value, j = float(10 ** int(doc[j + 1].text)), j + 2  # "HCV RNA ≥ 10^4 IU/mL": a power of ten on its own
        number_end = j
        quantity = Quantity(start, j, value, number_end=number_end, kind=kind)
        power = _power_of_ten(doc, j, n) if kind == "digits" else None
        if power:
            j = power[1]
        if j + 1 < n and doc[j].text in ("/", "x", "X", "×") and kind == "digits" \
                and (second := parse_number(doc[j + 1].text)) and not power:
            pair_unit = _unit_at(doc, j + 2, n)
            if pair_unit and pair_unit[0] == "mm[Hg]" and _looks_like_pressures(value, second[0]):
                quantity.second, quantity.unit, j = second[0], "mm[Hg]", pair_unit[1]
            elif _looks_like_pressures(value, second[0]) and (
                (doc[j].text == "/" and not token.whitespace_ and not doc[j].whitespace_)
                or (doc[j].text != "/" and _unit_at(doc, j + 2, n) is None)
            ):
                quantity.second, quantity.unit, j = second[0], "mm[Hg]", j + 2
        relative = _relative(doc, j, cue_starts) if quantity.unit is None else None
        if relative:
            quantity.relative_to, quantity.unit, j = relative[0], "1", relative[1]
        elif quantity.unit is None:
            unit = _unit_at(doc, j, n)
            if unit is None and j + 1 < n and doc[j].text == "-" and not doc[j - 1].whitespace_ \
                    and not doc[j].whitespace_:
                unit = _unit_at(doc, j + 1, n)  # "30-day", "5-year", "30-pack years"
            if unit is None and (adjective := lexicon.phrase_at(_lower(doc, j, 3), "unit_adjective")):
                unit = _unit_at(doc, j + adjective, n)  # "14 consecutive days", "28 calendar days"
                unit = unit if unit is not None and units.dimension(unit[0]) == "time" else None
            if unit:
                quantity.unit, j = unit
            else:
                # "1 to 4 BTP episodes per day": the noun stays the measure
                quantity.unit = _counted_per_period(doc, j, n)
                if quantity.unit is None and j in postfix_ends:
                    # "10 or more cigarettes per day": the unit follows the comparator, which stays after the number
                    later = _unit_at(doc, postfix_ends[j], n)
                    quantity.unit = later[0] if later else _counted_per_period(doc, postfix_ends[j], n)
                    quantity.unit_end = later[1] if later else 0
        if (quantity.unit is not None and quantity.unit.partition("/")[0] == "U"
                and _counts_units(doc, start, j, quantity.unit)):
            quantity.unit = "{units}" + quantity.unit[1:]  # "21 units per week" of alcohol, not of insulin
        if quantity.unit is not None and (quantity.unit.startswith("{") and units.dimension(quantity.unit) is None
                                          or units.dimension(quantity.unit) == "mass"):
            quantity.unit = (_per_period_before(doc, start, quantity.unit) or _per_collection(doc, start, quantity.unit)
                             or quantity.unit)
        if power:
            quantity.value, quantity.unit = _with_power(value, power[0], quantity.unit)
        elif quantity.unit in ("/mm3", "/uL") and _EUROPEAN_THOUSANDS.match(token.text):
            quantity.value = float(token.text.replace(".", ""))
        quantity.end = j
        found.append(quantity)
        i = j
    return found
