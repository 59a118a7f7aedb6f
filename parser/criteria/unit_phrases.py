"""The unit written after a number, in any spelling: `units.csv` spellings ("millimeters of mercury", "mL"), units
composed by division ("mL / kg / h", "mg per day", "drinks a week"), and what the words around an amount make of
its unit: a rate ("150 g of alcohol per week", "an average weekly intake of > 14 drinks"), a timed collection
("< 1 g by 24-hour urine collection"), a count of things per period ("two seizures a month") or of units of blood.

`quantities` finds the numbers and asks this module what unit follows each; what a spelling means comes from the
vocabulary's `parser/vocabulary/data/units.csv`, never from code.
"""

from __future__ import annotations

import math

from spacy.tokens import Doc, Span, Token

from parser import vocabulary
from parser.criteria import lexicon
from parser.criteria.brackets import closing_bracket
from parser.vocabulary import units

_MAX_UNIT_TOKENS = 8
PER_WORDS = frozenset({"/", "per", "a", "an", "each", "every"})
"""Words that divide a unit by the next ("mg per day", "drinks a week", "mL/min")."""
_ARTICLES = frozenset({"a", "an", "each", "every"})  # per-words that are also articles: "a week before" is no rate


def _spelling_at(doc: Doc, start: int, stop: int) -> tuple[str, int] | None:
    """The longest unit spelling of `units.csv` starting at token `start` ("millimeters of mercury"): (UCUM
    code, end token)."""
    exact, lower = vocabulary.exact_unit_spellings(), vocabulary.unit_spellings()
    if start < stop and doc[start].text in lexicon.words("cased_non_unit"):
        return None  # "two or more MS attacks": multiple sclerosis, not milliseconds
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


def unit_at(doc: Doc, start: int, stop: int) -> tuple[str, int] | None:
    """The longest unit starting at token `start`, divided by what follows: (UCUM code, end token)."""
    best = _spelling_at(doc, start, stop)
    if (best is None and start + 1 < stop and doc[start].lower_ in lexicon.words("times_word")
            and doc[start + 1].lower_ in PER_WORDS):
        best = _divided(doc, ("", start + 1), stop)  # "2x/week", "3 x per day": a number of times in a period
        return best if best[0] and units.dimension(best[0]) == "frequency" else None
    if best is None and start < stop and doc[start].lower_ in PER_WORDS:
        best = _divided(doc, ("", start), stop)  # "/microL", "per mm3": a count per volume
        return best if best[0] else None
    if best is None:
        return None
    unit = _divided(doc, (best[0], _past_symbol(doc, best, stop)), stop)
    unit = (unit[0], _past_symbol(doc, unit, stop))  # "milligrams per day [mg/day]"
    # "sodium below 130 mmol": an amount of substance alone is a concentration whose litre was left out, which the
    # measure's own unit says; spelled only so that "mmol per litre" composes; so is a count word ("14 million/mL":
    # 10*6/mL), which alone ("2 million units") is a number, not a unit
    dimension = units.dimension(unit[0])
    return None if dimension == "substance amount" or (dimension is None and unit[0].startswith("10*")) else unit


def _past_symbol(doc: Doc, unit: tuple[str, int], stop: int) -> int:
    """Where a unit ends when its spelled-out name is followed by its symbol in brackets: "milliliter (mL)/minute
    (min)", "kilograms (kg)", "milligrams per day [mg/day]": the bracket restates the unit, it does not end it."""
    code, end = unit
    if end + 2 < stop and doc[end].text in ("(", "[") and doc[end + 2].text in (")", "]"):
        symbol = doc[end + 1].text
        if (units.spelled(symbol) or symbol).lower() == code.lower():
            return end + 3
    if end + 3 < stop and doc[end].text in ("(", "[") and (inside := unit_at(doc, end + 1, stop)) is not None \
            and inside[1] < stop and doc[inside[1]].text in (")", "]") and inside[0] == code:
        return inside[1] + 1
    return end


def _divided(doc: Doc, unit: tuple[str, int], stop: int) -> tuple[str, int]:
    """A unit divided by more units, composed by grammar rather than listed: "mg/24 hour", "mL / kg / h",
    "mg per day", "drinks/week". The composed code must be one the dimension table knows, so a slash
    that starts something else ("mg/dL or 90 mg/m2") ends the unit instead."""
    code, end = unit
    if (past := _past_rate_filler(doc, end, stop)) > end and past < stop and (
            doc[past].lower_ in PER_WORDS or _period_word(doc[past])):
        end = past  # "20 cigarettes or equivalent per day", "10 mg (or equivalent) daily": a thing or its like
    while end + 1 < stop and doc[end].lower_ in PER_WORDS:
        j = end + 1
        whole = _spelling_at(doc, j, stop)  # "per cubic millimeter", "mg/100 mL" (a decilitre)
        count = doc[j].text if doc[j].text.isdigit() and whole is None else None
        j += count is not None
        if j >= stop:
            break
        atom, after = whole or _powered_before(doc, j, stop) or (units.spelled(doc[j].text), j + 1)
        if atom is not None:
            after = _past_symbol(doc, (atom, after), stop)
            atom, after = _powered_after(doc, atom, after, stop)
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
    if code == unit[0]:  # (each division makes a new code: an unchanged one divided nothing)
        end = unit[1]  # no period made a rate past "or equivalent": "10 mg or equivalent a week before enrolment"
    return _per_period_after_substance(doc, code, end, stop), end


def _power(word: str) -> str | None:
    """The power a word raises a length to (`square_word` / `cube_word` cues: "squared", "sq", "cubic")."""
    return "2" if word in lexicon.words("square_word") else "3" if word in lexicon.words("cube_word") else None


def _powered_before(doc: Doc, j: int, stop: int) -> tuple[str | None, int] | None:
    """"kg/sq m", "per cubic mm": a power word before a length unit raises it."""
    power = _power(doc[j].lower_) if j + 1 < stop else None
    powered = _raised(units.spelled(doc[j + 1].text), power) if power else None
    return (powered, j + 2) if powered else None


def _powered_after(doc: Doc, unit: str, end: int, stop: int) -> tuple[str, int]:
    """"kg/m squared", "kilogram per metre square": a power word after a length unit raises it."""
    powered = _raised(unit, _power(doc[end].lower_) if end < stop else None)
    return (powered, end + 1) if powered else (unit, end)


def _raised(unit: str | None, power: str | None) -> str | None:
    """A length unit raised to a power, when the result is a unit of area or volume ("m" squared: "m2")."""
    if unit is None or power is None or units.dimension(unit) != "length":
        return None
    raised = units.spelled(unit + power)
    return raised if raised is not None and units.dimension(raised) in ("area", "volume") else None


def _period_word(token: Token) -> str | None:
    """The period a one-word frequency names ("daily": "/d", "weekly": "/wk"), if the token is one."""
    per = units.spelled(token.lower_) if token.is_alpha else None
    return per if per is not None and per.startswith("/") and units.dimension(per) == "frequency" else None


_COUNTED_WORDS = 6
"""How many words may name what is counted before its period ("8 attacks of moderate or severe intensity per month")."""
_COUNTED_TOKENS = 2 * _COUNTED_WORDS
"""How many tokens those words may take with the quotes and hyphens between them ("well-defined "OFF" episode")."""


def counted_per_period(doc: Doc, j: int, stop: int) -> tuple[str, int] | None:
    """"two seizures a month", "1 to 4 episodes per day": a count of a noun per period is a frequency; "100,000
    parasites/uL", a count of a plural noun right after the number per volume, a number concentration (not the
    unknown unit of "4.0 mEq/L" or "9 gr/mm3"). The noun's words may be quoted or hyphenated ("one well-defined
    "OFF" episode per day") or followed by a few words in brackets ("3 bowel movements (BMs) per week", "2 asthma
    exacerbations (requiring OCS) per year"). Its code and where the period's words end."""
    words, k = 0, j
    limit = min(stop - 1, j + 1 + _COUNTED_TOKENS) - 1  # the per-word after the last word must stand before `stop`
    while k < limit:
        word = doc[k]
        if word.text == "(" and k > j and (closing := aside_end(doc, k)) is not None and closing < limit:
            k = closing  # "3 bowel movements (BMs) per week": the per-word follows the bracket
        elif not word.is_alpha:
            if not (word.is_quote or word.text == "-" and not word.whitespace_ and not doc[k - 1].whitespace_):
                return None
            k += 1
            continue
        else:
            words += 1
            if words > _COUNTED_WORDS or (units.spelled(word.lower_) and not _counted_days(doc, j, k + 1)):
                return None
        i = k + 1
        k += 1
        if doc[i].lower_ in PER_WORDS:
            if doc[i].lower_ not in _ARTICLES and (whole := _whole_period(doc, i + 1, stop)) is not None:
                return whole  # "8 micturitions per 24 hours", "per 24-hour period": per day
            period = _spelling_at(doc, i + 1, stop) or _powered_before(doc, i + 1, stop)
            dimension = units.dimension(period[0]) if period and period[0] else None
            if period is None or period[0] is None or not (
                    dimension == "time"
                    or dimension in ("volume", "number concentration") and i == j + 1 and _counted_noun(doc[j])):
                return None
            if _time_before_event(doc, i, period[1], stop):
                return None  # "more than 2 doses a week before randomization"
            if period[1] < stop and doc[period[1]].lower_ in lexicon.words("spacing_word"):
                return None  # "2 measurements of blood pressure taken a week apart": a spacing, not a rate
            code = units.divide("", period[0])
            return (code, period[1]) if code is not None else None
    return None


_ASIDE_TOKENS = 6
"""The most tokens a bracket between a counted noun and its period may hold ("(hereditary angioedema, HAE)")."""


def aside_end(doc: Doc, opening: int) -> int | None:
    """Where a bracket opening at `opening` closes when it holds only a few words (an abbreviation, a gloss: "(BMs)",
    "(requiring OCS)", "(vasomotor symptoms, VMS)"), not a number nor a bracket of its own."""
    for k in range(opening + 1, min(len(doc), opening + 2 + _ASIDE_TOKENS)):
        if doc[k].text == ")":
            return k if k > opening + 1 else None
        if not (doc[k].is_alpha or doc[k].text in (",", "-")):
            return None
    return None


def _period_after(doc: Doc, per: int, stop: int) -> bool:
    """Whether a period follows the per-word at `per` ("per day", "/ week"), not a body measure ("/ kg", "per m2")."""
    spelled = _spelling_at(doc, per + 1, stop) if per + 1 < stop else None
    return spelled is not None and units.dimension(spelled[0]) == "time"


_WHOLE_PERIODS = ("/d", "/wk")


def _whole_period(doc: Doc, start: int, stop: int) -> tuple[str, int] | None:
    """A number of units of time from `start` that is one day or one week ("24 hours", "24-hour period", "7 days"):
    that frequency's code and where its words end, else None."""
    if start + 1 >= stop or not doc[start].like_num:
        return None
    at = start + 1 + (doc[start + 1].text == "-" and start + 2 < stop)
    unit = units.spelled(doc[at].lower_) if doc[at].is_alpha else None
    if unit is None or units.dimension(unit) != "time":
        return None
    try:
        span = float(doc[start].text) * units.convert(1.0, unit, "d")
    except ValueError:
        return None
    per = next((per for per in _WHOLE_PERIODS if math.isclose(span, units.convert(1.0, per[1:], "d"))), None)
    return (per, at + 1) if per is not None else None


def _counted_days(doc: Doc, j: int, per: int) -> bool:
    """"15 headache days per month": days named by the words before them are what is counted, not the unit ("2 or
    more days per week": a comparator after the number names nothing)."""
    spelled = units.spelled(doc[per - 1].lower_)
    return (per - 1 > j and doc[per].lower_ in PER_WORDS and spelled is not None and units.dimension(spelled) == "time"
            and doc[j:per - 1].text.lower() not in lexicon.postfix_comparators())


def _time_before_event(doc: Doc, per: int, after: int, stop: int) -> bool:
    """Whether a per-word that is also an article (`per`) and the period ending before `after` are a time before an
    event ("a week before randomization"), not a rate: an anchor word follows the period."""
    return doc[per].lower_ in _ARTICLES and after < stop and doc[after].lower_ in lexicon.words("anchor")


def _counted_noun(token: Token) -> bool:
    """"parasites", "colonies": a lower-case word in the plural, where an unknown unit ("mEq", "gr") is not; or a word
    for cells, which is also written in the singular ("500 cell/mm^3": `cell_word` cues)."""
    plural = token.is_lower and token.is_alpha and len(token) > 3 and token.lower_.endswith("s")
    return plural or token.lower_ in lexicon.words("cell_word")


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
    i, last = first + 1, min(stop, first + 1 + SUBSTANCE_WORDS)
    while i < last:
        if (past := _past_rate_filler(doc, i, stop)) > i:  # "5 mg oxycodone (or equivalent) per day"
            i, last = past, min(stop, last + past - i)
            continue
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
        i += 1
    return code


def _past_rate_filler(doc: Doc, i: int, stop: int) -> int:
    """Where what follows the like of a thing starts when it is written at `i`, else `i`: "or equivalent"
    (`rate_filler` cues), bare or in brackets, a bracket opening with it or with an example ("(or equivalent amount of
    other tobacco products)", "(eg, 1 pack)": `bracket_lead` cues) or with the amount counted otherwise ("(3/4
    pack)"), or other things counted instead ("10 cigarettes or 3 cigars or 3 pipes"). The like widens the thing;
    the period after it still makes a rate."""
    while i + 2 < stop and doc[i].lower_ in lexicon.words("or_word") and doc[i + 1].like_num and doc[i + 2].is_alpha:
        unit, after = units.spelled(doc[i + 2].text), i + 3
        if unit is not None and after < stop and doc[after].lower_ in PER_WORDS and not _period_after(doc, after, stop):
            break  # not "20 mg or 0.5 mg/kg per day": a value of another unit of its own, "per" a body measure
        i = after
    if i >= stop:
        return i
    bracketed = doc[i].text == "("
    start = i + bracketed
    filler = lexicon.phrase_at([t.lower_ for t in doc[start:start + 3]], "rate_filler")
    if bracketed and (filler or doc[start].lower_ in lexicon.words("bracket_lead")):
        closing = closing_bracket(doc, start, _PERIOD_REACH, stop)
        return i if closing is None else closing + 1
    if bracketed and doc[start].like_num and (closing := closing_bracket(doc, start, _RESTATED_AMOUNT, stop)) \
            and all(t.like_num or t.text == "/" or t.is_alpha and not units.names_time(t.text)
                    for t in doc[start:closing]):
        return closing + 1  # "15 cigarettes (3/4 pack) daily", "2 drinks (20 g) per day"; not "(2 weeks)"
    return start + filler if filler and not bracketed else i


_PERIOD_REACH = 12
_RESTATED_AMOUNT = 5
"""Tokens of an amount restated in brackets before a period ("(3/4 pack)", "(1 pack)")."""
DOSE_DIMENSIONS = frozenset({"mass", "mass rate", "dose per mass", "dose rate per mass", "dose per body surface"})
"""The kinds of unit a dose of a drug is written in ("50 mg once weekly", "2 mg/kg")."""
SUBSTANCE_WORDS = 3
"""Words a substance may take between an amount and what follows it ("150 g of | red wine | per week")."""


def counts_units(doc: Doc, start: int, end: int, unit: str) -> bool:
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


def per_period_before(doc: Doc, start: int, unit: str) -> str | None:
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


def per_collection(doc: Doc, start: int, unit: str) -> str | None:
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


def counts_per(doc: Doc, i: int, stop: int) -> bool:
    """A unit of counts per something starts at token `i` ("cells/kg", "cells/mm3", "copies/mL")."""
    unit = _spelling_at(doc, i, stop)
    return unit is not None and (unit[0].startswith("/") or units.dimension(unit[0]) == "number concentration")
