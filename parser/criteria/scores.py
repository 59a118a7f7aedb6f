"""Values of a short score written without a comparator: "NYHA class IV", "ASA I", "ECOG of 0, 1", "ECOG 0,1";
and ranges of the TNM categories, written as one code ("T2-4", "N0-N2").

A bare number is not a criterion (list numbering, a dose, a year), but right after the name of a score whose
scale has a few points (ECOG, NYHA, ASA, mRS: a unitless measure whose plausible values end at 10 or below) it
can only be the score's value: one value is that value, a list of consecutive values the range they span. The
words that may stand between the name and the value are the cue rows `score_filler` ("class", "of", "status").
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise

from spacy.attrs import ORTH
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from parser import vocabulary
from parser.criteria import lexicon
from parser.criteria.quantities import Quantity
from parser.vocabulary import Measure

_SHORT_SCALE_MAX = 10.0
"""A unitless scale topping out here is a grade (ECOG 0-5, NYHA 1-4), never written as a percentage."""
_TNM_LOW = re.compile(r"([TN])([0-4])")
_TNM_HIGH = re.compile(r"([TN]?)([0-4])")
_TNM_CODES = tuple(f"{letter}{digit}" for letter in "TN" for digit in range(5))
_TNM_MEASURES = {"T": "t_category", "N": "n_category"}
"""The measure keys (`parser/vocabulary/data/measures.csv`) of the primary tumour and regional node categories of TNM
staging."""
_DIGIT_LIST = re.compile(r"\d(?:,\d)+")
"""Single digits joined by commas ("0,1", "0,1,2"): after a score's name a list, not a decimal comma."""


def names_a_score(doc: Doc, measure_at: dict[int, Span], start: int) -> bool:
    """Whether the words before token `start` are the name of a short score, fillers aside."""
    fillers = lexicon.words("score_filler")
    i = start - 1
    while i >= 0 and i not in measure_at and (doc[i].lower_ in fillers or (doc[i].text == ")" and i - 1 in measure_at)):
        i -= 1  # "New York Heart Association (NYHA) III": the bracketed abbreviation names the score too
    span = measure_at.get(i)
    if span is None or span.text.lower() in fillers:  # "grade 3" alone names no scale
        return False
    return any(is_short_score(m) for m in vocabulary.find_measures(span.text))


def is_short_score(measure: Measure) -> bool:
    """A unitless measure with a few points (ECOG, NYHA, ASA, mRS), as opposed to Karnofsky or a lab."""
    return measure.unit == "1" and measure.plausible is not None and measure.plausible[1] <= _SHORT_SCALE_MAX


def is_score_value(quantity: Quantity) -> bool:
    """A whole number (or Roman numeral) without unit or reference limit."""
    return quantity.unit in (None, "1") and not quantity.relative_to and float(quantity.value).is_integer()


def listed_digits(text: str) -> tuple[float, float] | None:
    """The first and last of a comma-joined list of consecutive digits ("0,1", "0,1,2"), else None."""
    if not _DIGIT_LIST.fullmatch(text):
        return None
    values = [float(part) for part in text.split(",")]
    return (values[0], values[-1]) if all(b == a + 1 for a, b in pairwise(values)) else None


@lru_cache(maxsize=1)  # one vocabulary at a time, as the pipeline renews it
def _tnm_hashes(vocab: Vocab) -> frozenset[int]:
    return frozenset(vocab.strings[code] for code in _TNM_CODES)


def tnm_ranges(doc: Doc) -> list[tuple[int, int, Measure, float, float]]:
    """TNM category ranges ("T2-4, N0-3 disease", "T2-T4"): (start, end, measure, lowest, highest)."""
    found = []
    codes = _tnm_hashes(doc.vocab)  # most texts stage nothing: only the tokens that are a T or N code are looked at
    for i in [i for i, orth in enumerate(doc.to_array(ORTH).tolist()) if orth in codes]:
        if i + 2 >= len(doc):
            continue
        token = doc[i]
        low = _TNM_LOW.fullmatch(token.text)
        if low is None or doc[token.i + 1].text != "-":
            continue
        high = _TNM_HIGH.fullmatch(doc[token.i + 2].text)
        if high is None or high.group(1) not in ("", low.group(1)) or int(high.group(2)) <= int(low.group(2)):
            continue
        measure = vocabulary.measures_by_key()[_TNM_MEASURES[low.group(1)]]
        found.append((token.i, token.i + 3, measure, float(low.group(2)), float(high.group(2))))
    return found
