"""Numbers written with a slash that are one value: a Snellen line of visual acuity ("20/40", "6/12"), a fraction of a
unit ("1/2 teaspoon"), a score over the top of its scale ("5/10") and a mass of one analyte per a mass of another
("500 mg protein/g creatinine").

Anything else with a slash stays for the other readers of `quantities`: a blood pressure pair ("140/90 mmHg"), a list
of grades ("grade 1/2"), a combination pill ("20/25 mg"), a range of weeks ("3/4 weeks").
"""

from __future__ import annotations

from collections.abc import Container

from spacy.tokens import Doc, Span

from parser.criteria import lexicon
from parser.criteria.brackets import OPENING
from parser.criteria.unit_phrases import unit_at
from parser.vocabulary import units

_FRACTION_DENOMINATORS = frozenset({"2", "3", "4"})
"""The denominators of the fractions of a unit texts write with a slash ("1/2 teaspoon")."""
_AMOUNT_DIMENSIONS = frozenset({"volume", "mass"})
"""What a fraction is of whatever its noun's number: an amount ("1/2 teaspoon", "3/4 teaspoons"). Of anything else
only a singular noun takes one ("1/2 pack/day"): "2/3 drinks" are two or three, "3/4 weeks" three or four."""
_ACUITY_REACH = 15
"""How far before a Snellen line the words saying it is a visual acuity may stand."""
_ACUITY_BREAKS = frozenset({";", "."})
"""What ends the clause a Snellen line's words of vision are looked for in (a comma ends it only before words naming
something else: "visual disturbance, pain score ≥ 6/12")."""
_ANALYTE_WORDS = 2
"""The most words naming an analyte between a mass and the "/" of a ratio ("mg protein/g creatinine")."""


def glued(doc: Doc, i: int, sign: str) -> bool:
    """Whether token `i` is followed by `sign` and another token with no spaces between ("1/2", "1:80", "20/40")."""
    return i + 2 < len(doc) and doc[i + 1].text == sign and not doc[i].whitespace_ and not doc[i + 1].whitespace_


def fraction(doc: Doc, i: int, j: int, n: int) -> tuple[float, int] | None:
    """A fraction of a unit written with a slash and no spaces, the unit right after it ("1/2 teaspoon"): its value
    and where it ends; not "grade 1/2 neuropathy" (no unit) nor a blood pressure ("140/90 mmHg")."""
    if not (j == i + 1 and glued(doc, i, "/") and doc[j + 1].text in _FRACTION_DENOMINATORS and doc[i].text.isdigit()):
        return None
    numerator, denominator = int(doc[i].text), int(doc[j + 1].text)
    unit = unit_at(doc, j + 2, n) if numerator < denominator else None
    if unit is None:
        return None
    dimension = units.dimension(unit[0])
    if dimension not in _AMOUNT_DIMENSIONS and (dimension == "time" or doc[j + 2].lower_.endswith("s")):
        return None
    return numerator / denominator, j + 2


def out_of(doc: Doc, i: int, j: int, n: int) -> tuple[float, int] | None:
    """A score written over the top of its scale ("pain 5/10 or greater", "VAS ≥ 40/100": `scale_top` cues) as the
    score and where it ends: the top names the scale, the value is the score; not a date ("10/10/2019") nor a number
    above the top ("140/90")."""
    if not (j == i + 1 and glued(doc, i, "/") and doc[j + 1].text in lexicon.words("scale_top")
            and doc[i].text.isdigit() and int(doc[i].text) <= int(doc[j + 1].text)):
        return None
    if j + 2 < n and doc[j + 2].text == "/" or unit_at(doc, j + 2, n) is not None:
        return None
    return float(doc[i].text), j + 2


def snellen(doc: Doc, i: int, j: int, n: int) -> tuple[float, int] | None:
    """A Snellen line of visual acuity ("20/40", "6/12": `snellen_line` cues) as the decimal acuity it stands for and
    where it ends, when words of vision (`acuity_word` cues) come before it in its clause and no unit after it; not
    one restating letters in brackets ("73 letters (approximately 20/40)"). A larger fraction sees better."""
    if not (j == i + 1 and glued(doc, i, "/") and f"{doc[i].text}/{doc[j + 1].text}" in lexicon.words("snellen_line")):
        return None
    if unit_at(doc, j + 2, n) is not None:
        return None  # "systolic BP ≥ 20/40 mmHg"
    clause = _clause_before(doc, i)
    if clause is None or not any(t.lower_ in lexicon.words("acuity_word") for t in clause):
        return None
    return float(doc[i].text) / float(doc[j + 1].text), j + 2


def _clause_before(doc: Doc, i: int) -> Span | None:
    """The words of token `i`'s clause before it, within `_ACUITY_REACH` (past a comma unless something else is named
    after it); None when `i` sits in a bracket right after a letter score ("73 letters (approximately 20/40)": a
    restatement of it, no value of its own)."""
    start = max(0, i - _ACUITY_REACH)
    for k in range(i - 1, start - 1, -1):
        if doc[k].text in OPENING and k > 0 and units.spelled(doc[k - 1].text) == "{letters}":
            return None
        if doc[k].text in _ACUITY_BREAKS or doc[k].text == "," and _names_another(doc[k + 1:i]):
            return doc[k + 1:i]
    return doc[start:i]


def _names_another(words: Span) -> bool:
    """Whether words after a comma name something of their own ("pain score ≥"), not only say where or how an acuity
    was measured ("in the study eye,", "of", "and"): a word that is neither a function word (`strip` cues) nor one of
    vision or of the eye (`acuity_word`, `eye_word` cues)."""
    plain = lexicon.words("strip") | lexicon.words("acuity_word") | lexicon.words("eye_word")
    return any(t.is_alpha and t.lower_ not in plain for t in words)


def ratio_of_analytes(doc: Doc, j: int, n: int, numerator: str, measures: Container[int]) -> tuple[str, int] | None:
    """A mass of one analyte per a mass of another written with their names ("mg protein/g creatinine", "g
    albumin / g creatinine"): the mass ratio and where its second analyte's name (a measure's: `measures` holds their
    tokens) ends, never past a word that is no name ("30 mg albumin/g or more")."""
    slash = j
    while slash < n and slash - j < _ANALYTE_WORDS and doc[slash].is_alpha:
        slash += 1
    if slash == j or slash + 1 >= n or doc[slash].text != "/":
        return None
    per = unit_at(doc, slash + 1, n)
    if per is None or (ratio := units.divide(numerator, per[0])) is None or units.dimension(ratio) != "mass ratio":
        return None
    end = per[1]
    while end < n and end in measures:
        end += 1  # "… /g creatinine"
    return ratio, end
