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
from parser.criteria.brackets import abbreviation_after_name, closes_after_name
from parser.criteria.quantities import Quantity
from parser.models.criteria import Op
from parser.vocabulary import Measure

NamedValues = tuple[int, int, Measure, tuple[tuple[Op, float], ...]]
"""Values whose words name their own measure ("T2-4", "third-degree heart block"): (start, end, measure, bounds)."""
_PLAIN_STAGES = ("I", "II", "III", "IV")
_DIGIT_STAGES = ("1", "2", "3", "4")
_ASIDE_REACH = 12
"""How far a bracketed aside after a stage may reach ("Stage IV (M1a or M1b per AJCC 7th edition) NSCLC")."""
_LISTING = (",", "or", "and", "/", "-", "to")
_STAGED_REACH = 4
_SHORT_SCALE_MAX = 10.0
"""A unitless scale topping out here is a grade (ECOG 0-5, NYHA 1-4), never written as a percentage."""
_TNM_PREFIXES = ("", "c", "p", "yc", "yp", "r")
"""How a TNM code may say its basis: clinical ("cT2"), pathological ("pN1"), after neoadjuvant therapy ("ypT0"),
at recurrence ("rT2")."""
_TNM_PREFIX = "(?:" + "|".join(sorted(_TNM_PREFIXES, key=len, reverse=True)) + ")"
_TNM_SUBSTAGES = "abcd"
"""The letter of a subcategory, a token of its own after the code ("T2b-3" is read "T2", "b", "-", "3")."""
_TNM_LOW = re.compile(_TNM_PREFIX + r"([TN])([0-4])")
_TNM_HIGH = re.compile(_TNM_PREFIX + r"([TN]?)([0-4])")
_TNM_ANY = re.compile(_TNM_PREFIX + rf"[TNM][0-4x][{_TNM_SUBSTAGES}]?")
_TNM_GLUED = re.compile(_TNM_PREFIX + r"([TN])([0-4])[-–/]" + _TNM_PREFIX + r"([TN]?)([0-4])")
_TNM_SIGNS = ("-", "–", "/")
_TNM_WORDS = ("or", "to", "through")
"""What joins the two ends of a TNM range: a sign ("T3-4", "T3/4") or a word before a whole code ("T3 or T4")."""
_TNM_CODES = tuple(f"{prefix}{letter}{digit}" for prefix in _TNM_PREFIXES for letter in "TN" for digit in range(5))
_TNM_GLUED_CODES = tuple(f"{prefix}{letter}{low}{sign}{high}{digit}"
                         for prefix in _TNM_PREFIXES for letter in "TN" for low in range(5) for sign in _TNM_SIGNS
                         for high in ("", letter, prefix + letter) for digit in range(5))
"""Both ends in one token ("T2-4", "T2-T4", "cT2-cT4"): the high end repeats the letter and basis or neither."""
_TNM_MEASURES = {"T": "t_category", "N": "n_category"}
"""The measure keys (`parser/vocabulary/data/measures.csv`) of the primary tumour and regional node categories of TNM
staging."""
_DIGIT_LIST = re.compile(r"\d(?:,\d)+")
"""Single digits joined by commas ("0,1", "0,1,2"): after a score's name a list, not a decimal comma."""


def names_a_score(doc: Doc, measure_at: dict[int, Span], start: int) -> bool:
    """Whether the words before token `start` are the name of a short score, fillers aside."""
    fillers = lexicon.words("score_filler")
    i = start - 1
    while i >= 0 and i not in measure_at:
        if abbreviation_after_name(doc, measure_at, i):
            i -= 3  # "WHO Functional Class (FC) II": an abbreviation no table knows, in brackets after the name
        elif doc[i].lower_ in fillers or closes_after_name(doc, measure_at, i):
            i -= 1  # "New York Heart Association (NYHA) III", "… [NYHA] Class III": the bracketed abbreviation too
        else:
            break
    span = measure_at.get(i)
    if span is None or span.text.lower() in fillers:  # "grade 3" alone names no scale
        return False
    return any(is_short_score(m) for m in vocabulary.find_measures(span.text))


def single_stage(doc: Doc, quantity: Quantity) -> bool:
    """"Stage IV disease", "stage III colorectal cancer", "Stage 4 melanoma", "gastric cancer stage IV": a whole stage
    alone after the word stage is that stage when what it stages stands within a few words: after it a staged noun
    (`staged_noun`, `staged_generic` cues) or an abbreviation ("NSCLC"; a bracketed aside counts as one word), before
    it a staged noun or a staging system ("AJCC"). A stage in digits needs a tumour's noun ("stage 2 GBM
    participants" may be a part of the study, "stage 3 chronic kidney disease" is no tumour's stage). Not a
    substage ("IIIB"), nor the first of a list ("stage I or II", read as a range elsewhere), nor what a therapy was
    for (`stage_context` cues: "hormonal therapy for stage IV disease")."""
    start, end = quantity.start, quantity.end
    whole = doc[start].text in _PLAIN_STAGES or (quantity.kind == "digits" and doc[start].text in _DIGIT_STAGES)
    if not (whole and quantity.unit is None and start > 0 and doc[start - 1].lower_ == "stage" and end - start == 1
            and " ".join(t.lower_ for t in doc[max(0, start - 3):start - 1]) not in lexicon.words("stage_context")):
        return False
    ahead = doc[end:end + _STAGED_REACH]
    if len(ahead) > 0 and ahead[0].text in _LISTING:
        return False
    if len(ahead) > 0 and ahead[0].text == "(":
        closing = next((t.i for t in doc[end:end + _ASIDE_REACH] if t.text == ")"), None)
        ahead = doc[end:end + _STAGED_REACH] if closing is None else doc[end:closing + 1 + _STAGED_REACH]
    before = doc[max(0, start - 1 - _STAGED_REACH):start - 1]
    staged = lexicon.words("staged_noun")
    if any(t.lower_ in staged | lexicon.words("staging_word") for t in before):
        return True
    if quantity.kind == "digits":
        return any(t.lower_ in staged for t in ahead)
    generic = lexicon.words("staged_generic")
    return any(t.lower_ in staged or t.lower_ in generic or (t.is_upper and t.is_alpha and len(t.text) > 2)
               for t in ahead)


def class_of_condition(doc: Doc, word: int, end: int) -> tuple[Measure, tuple[int, int]] | None:
    """"Class III heart failure", "class II or greater angina": the short score that the word before the value
    ("class") and the condition named right after the value name together ("heart failure class" is the NYHA
    class), when the vocabulary lists that pairing; the longest condition phrase wins. A classification named by
    the capitalised word before ("Killip class II heart failure", "Braunwald class III angina") owns the class."""
    if word > 0 and doc[word - 1].is_alpha and doc[word - 1].text[0].isupper():
        return None
    qualifier = doc[word].lower_
    for stop in range(min(len(doc), end + _STAGED_REACH), end, -1):
        phrase = doc[end:stop]
        name = f"{phrase.text} {qualifier}"
        if any(not t.is_alpha for t in phrase) or name.lower() in lexicon.words("generic_measure"):
            continue  # "grade 4 toxicity": any toxicity's grade, no score of its own
        found = [m for m in vocabulary.find_measures(name) if is_short_score(m)]
        if found:
            return found[0], (end, stop)
    return None


def classed_value(doc: Doc, quantity: Quantity) -> tuple[Measure, tuple[int, int]] | None:
    """"Class IV congestive heart failure": a whole value alone after a word of a scale, of the short score the word
    and the condition after the value name together (see `class_of_condition`); not one of a list ("class III or
    IV", read as a range elsewhere)."""
    start, end = quantity.start, quantity.end
    if (start == 0 or not is_score_value(quantity) or doc[start - 1].lower_ not in lexicon.words("grade_word")
            or (end < len(doc) and doc[end].text in _LISTING)):
        return None
    return class_of_condition(doc, start - 1, end)


def is_short_score(measure: Measure) -> bool:
    """A unitless measure with a few points (ECOG, NYHA, ASA, mRS), as opposed to Karnofsky or a lab."""
    return measure.unit == "1" and measure.plausible is not None and measure.plausible[1] <= _SHORT_SCALE_MAX


def is_score_value(quantity: Quantity) -> bool:
    """A whole number (or Roman numeral) without unit or reference limit, no greater than the top of any short scale
    ("NYHA 1994" is the year of a classification's edition, not a class)."""
    return (quantity.unit in (None, "1") and not quantity.relative_to and float(quantity.value).is_integer()
            and 0 <= quantity.value <= _SHORT_SCALE_MAX)


def listed_digits(text: str) -> tuple[float, float] | None:
    """The first and last of a comma-joined list of consecutive digits ("0,1", "0,1,2"), else None."""
    if not _DIGIT_LIST.fullmatch(text):
        return None
    values = [float(part) for part in text.split(",")]
    return (values[0], values[-1]) if all(b == a + 1 for a, b in pairwise(values)) else None


@lru_cache(maxsize=1)  # one vocabulary at a time, as the pipeline renews it
def _tnm_hashes(vocab: Vocab) -> frozenset[int]:
    return frozenset(vocab.strings[code] for code in (*_TNM_CODES, *_TNM_GLUED_CODES))


_STAGING_REACH = 6
"""How far from a TNM range written with "/" or a word a staging word (`staging_word` cues) or another code stands."""


def _staged(doc: Doc, start: int, end: int) -> bool:
    """Whether `[start, end)` is a stage: a `staging_word` cue ("stage", "TNM") or another T, N or M code stands near,
    or a tumour is named right after ("T3 or T4 rectal tumour": `staged_noun`, `staged_generic` cues, past one
    adjective at most).
    Not thyroid hormones ("free T3/T4 levels"), MRI sequences ("T1 or T2 weighted") or vertebrae ("at T3/T4")."""
    near = [*doc[max(0, start - _STAGING_REACH):start], *doc[end:end + _STAGING_REACH]]
    if any(t.lower_ in lexicon.words("staging_word") or _TNM_ANY.fullmatch(t.text) for t in near):
        return True
    return any(t.lower_ in lexicon.words("staged_noun") | lexicon.words("staged_generic") for t in doc[end:end + 2])


_TNM_NEGATION_REACH = 4
"""How far before two codes a negation denies them ("no evidence of N1 or N2 disease")."""


def _listed_whole(joiner: str, low: int, high: int, doc: Doc, start: int) -> bool:
    """Whether two codes named as alternatives span a range: neighbours ("T3 or T4", "T3/4", not "T2 or T4"), not
    the first of a longer list ("T1, T2 or T3") nor denied ("no evidence of N1 or N2 disease")."""
    if joiner in ("or", "/") and high != low + 1:
        return False
    before = {t.lower_ for t in doc[max(0, start - _TNM_NEGATION_REACH):start]}
    return not (before & lexicon.words("negation")) and not (start > 0 and doc[start - 1].text == ",")


def _past_substage(doc: Doc, i: int) -> int:
    """The token after a code's subcategory letter ("T2" "b"), or `i` when there is none."""
    return i + 1 if i < len(doc) and len(doc[i].text) == 1 and doc[i].text in _TNM_SUBSTAGES else i


def _high_code(doc: Doc, low: int) -> re.Match[str] | None:
    """The code two tokens after the code at `low` (past its subcategory letter): the high end of a range."""
    high = _past_substage(doc, low + 1) + 1
    return _TNM_HIGH.fullmatch(doc[high].text) if high < len(doc) else None


def tnm_ranges(doc: Doc) -> list[NamedValues]:
    """TNM category ranges ("T2-4, N0-3 disease", "T2–T4", "T3/4", "T3 or T4"): (start, end, measure, bounds)."""
    found: list[NamedValues] = []
    codes = _tnm_hashes(doc.vocab)  # most texts stage nothing: only the tokens that are a T or N code are looked at
    for i in [i for i, orth in enumerate(doc.to_array(ORTH).tolist()) if orth in codes]:
        token = doc[i]
        if glued := _TNM_GLUED.fullmatch(token.text):
            letter, low, high_letter, high, end = *glued.groups(), i + 1
            joiner = token.text[2]
        elif (low_code := _TNM_LOW.fullmatch(token.text)) and (high_code := _high_code(doc, i)):
            letter, low, high_letter, high = *low_code.groups(), *high_code.groups()
            joined = _past_substage(doc, i + 1)
            joiner, end = doc[joined].lower_, _past_substage(doc, joined + 2)
            if not (joiner in _TNM_SIGNS or (joiner in _TNM_WORDS and high_letter)):
                continue
        else:
            continue
        if high_letter not in ("", letter) or int(high) <= int(low):
            continue
        if joiner != "-" and not (_staged(doc, i, end) and _listed_whole(joiner, int(low), int(high), doc, i)):
            continue  # "T1 or T2 diabetes", "T3/T4" the thyroid hormones: only "T2-4" is a stage wherever it stands
        measure = vocabulary.measures_by_key()[_TNM_MEASURES[letter]]
        bounds: tuple[tuple[Op, float], ...] = ((">=", float(low)), ("<=", float(high)))
        found.append((i, end, measure, bounds))
    return found
