"""Atoms a value on a scale makes where it is named: "NYHA class IV", "ECOG 0,1", "stage IV disease", "class IV
heart failure", "neuropathy grade 2", "a BDI-II score of 20"; and what a plus sign after a number says ("HER2 3+",
"adults 18+ years").

A whole value right after a score's name, a grade after a condition, or a score said to be "of" a value is that
value (`==`), or the range of a list of digits; which score it is, the scale's words say (`scores`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from parser.criteria import atoms, lexicon, scores, unit_phrases
from parser.criteria.comparator_sites import op_of
from parser.criteria.quantities import Quantity
from parser.vocabulary import units

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from parser.criteria.atoms import Atom
    from parser.criteria.marks import Marks

_NAME_JOINS = frozenset({"-", "'s", "’s"})
"""Tokens inside a condition's or a grading's name besides its words."""
_PARTICIPLE_ENDINGS = ("ing", "ed")
"""How the verb forms that describe a graded condition end ("requiring treatment", "uncontrolled by …")."""
_GRADE_REACH = 6
"""Tokens before a grade's value within which a comparator or a recovery is its own ("≤ NCI - CTCAE grade 1")."""


def score_value(marks: Marks, quantity: Quantity) -> Atom | None:
    """"NYHA class IV", "ASA I": a whole value right after the name of a short score is that value;
    "ECOG 0,1" (read as a decimal 0.1 elsewhere) the range of the values listed; "stage IV disease" the stage,
    named by its own word whatever lab stands near ("CKD stage IV (eGFR < 30)"); "class IV heart failure" the class
    of the score the condition after it has (NYHA)."""
    if scores.single_stage(marks.doc, quantity):
        staged = atoms.Atom(quantity.start - 1, quantity.end, [atoms.Bound("==", quantity)])
        staged.measures, staged.named_where_found = ["stage"], True
        return staged
    if not scores.names_a_score(marks.doc, marks.measure_at, quantity.start):
        return _single_class(marks, quantity) or _graded_condition(marks, quantity)
    if scores.is_score_value(quantity):
        return _summed(marks, quantity) or atoms.Atom(quantity.start, quantity.end, [atoms.Bound("==", quantity)])
    listed = scores.listed_digits(marks.doc[quantity.start:quantity.end].text)
    if listed is None:
        return None
    first, last = (Quantity(quantity.start, quantity.end, value, None, None, quantity.end) for value in listed)
    return atoms.Atom(quantity.start, quantity.end, [atoms.Bound(">=", first), atoms.Bound("<=", last)])


def _summed(marks: Marks, quantity: Quantity) -> Atom | None:
    """"Gleason 3+4", "Gleason 4+4 or higher": a score written as the sum of its parts (`summed_score` cues) is the
    sum, bounded by a comparator written after it."""
    doc, end = marks.doc, quantity.end
    if end >= len(doc) or not _PLUS_PART.fullmatch(doc[end].text) or not any(
            t.lower_ in lexicon.words("summed_score") for t in doc[max(0, quantity.start - _SUM_REACH):quantity.start]):
        return None
    total = Quantity(quantity.start, end + 1, quantity.value + float(doc[end].text[1:]), quantity.unit, None, end + 1)
    after = marks.comparators_by_start.get(end + 1)
    op = op_of(after)[0] if after is not None and op_of(after)[1] == "after" else "=="
    return atoms.Atom(quantity.start, end + 1 if after is None or op == "==" else after.end, [atoms.Bound(op, total)])


_PLUS_PART = re.compile(r"\+\d")
_SUM_REACH = 3
"""Tokens before a summed score's first part within which its name stands ("Gleason score of 3+4")."""


def _single_class(marks: Marks, quantity: Quantity) -> Atom | None:
    """"Class IV heart failure": the class of the score the condition has (`scores.classed_value`); "class II heart
    failure or worse" that class or beyond (a comparator written after the condition)."""
    classed = scores.classed_value(marks.doc, quantity)
    if classed is None:
        return None
    after = marks.comparators_by_start.get(classed[1][1])
    op, position = op_of(after) if after is not None else ("==", "before")
    atom = atoms.Atom(quantity.start, quantity.end, [atoms.Bound(op if position == "after" else "==", quantity)])
    atom.measures, atom.measure_spans, atom.named_where_found = [classed[0]], [classed[1]], True
    return atom


def _graded_condition(marks: Marks, quantity: Quantity) -> Atom | None:
    """"Neuropathy grade 1", "mucositis grade 3": a whole grade alone right after a condition's name and the word
    grade is that grade of it, named by the condition ("neuropathy grade 2 requiring treatment" is no grade of the
    treatment), or by the noun after it ("painful grade 2 neuropathy"); not one a preposition or article leads to
    ("of grade 2"), nor one a recovery reaches or a comparator bounds in its clause ("must return to NCI grade 1",
    "≤ NCI-CTCAE grade 1")."""
    doc, start = marks.doc, quantity.start
    if start < 2 or not scores.is_score_value(quantity) or doc[start - 1].lower_ not in ("grade", "grades"):
        return None
    stops = lexicon.words("np_stop") | lexicon.words("grade_not_condition")
    first = start - 1
    while (first > 0 and start - first <= atoms.MAX_NP and doc[first - 1].lower_ not in stops
           and (doc[first - 1].is_alpha or doc[first - 1].text in _NAME_JOINS)):
        first -= 1  # "Kellgren-Lawrence grade", "Black's modified grade"
    while doc[first].text in _NAME_JOINS:
        first += 1
    if first == start - 1:
        return None
    clause = first
    while (clause > 0 and start - clause < _GRADE_REACH and doc[clause - 1].text not in atoms.CLAUSE_PUNCT
           and doc[clause - 1].lower_ not in atoms.COORDINATION):
        clause -= 1
    if any(end in marks.comparators_by_end or doc[end - 1].lower_ in lexicon.words("recovery_word")
           for end in range(clause + 1, start)):
        return None
    atom = atoms.Atom(quantity.start, quantity.end, [atoms.Bound("==", quantity)])
    named = any(k in marks.measure_at for k in range(first, start - 1))  # "ASA grade 2": the resolver's to name
    if not named and not _condition_after(doc, quantity.end):  # "painful grade 2 neuropathy": the neuropathy's
        atom.measures, atom.measure_spans, atom.named_where_found = [doc[first:start].text], [(first, start)], True
    return atom


def _condition_after(doc: Doc, end: int) -> bool:
    """Whether a noun follows a grade's value, the condition it grades ("certain grade 1 toxicities"), rather than
    words about the condition before it ("neuropathy grade 2 requiring treatment", "… despite therapy")."""
    if end >= len(doc) or not doc[end].is_alpha:
        return False
    word = doc[end].lower_
    stops = lexicon.words("np_stop") | lexicon.words("clause_conjunction") | lexicon.words("aside_lead")
    return word not in stops and not word.endswith(_PARTICIPLE_ENDINGS)


def value_of_a_score(doc: Doc, start: int) -> bool:
    """"a BDI-II score of 20", "a score of 3 on the IGA": a value a score is said to have (`score_noun` cues before
    "of"), not the end of its scale ("out of a possible score of 15": `scale_end_word` cues)."""
    return (start >= 2 and doc[start - 1].lower_ == "of" and doc[start - 2].lower_ in lexicon.words("score_noun")
            and (start == 2 or doc[start - 3].lower_ not in lexicon.words("scale_end_word")))


_STATED_GRADES = frozenset({1, 2, 3, 4})
"""The grades a plus sign follows ("HER2 3+", "proteinuria 2+"): an immunohistochemistry or dipstick scale's."""
_CONDITION_REACH = 3
"""Tokens before a stated grade within which a word making it a condition stands ("if 2+", "patients with 2+")."""


def stated_grade(doc: Doc, quantity: Quantity, section: str) -> Atom | None:
    """A grade written with a plus sign and no comparator: an inclusion's is that grade ("HER2 3+ by
    immunohistochemistry"), an exclusion's excludes from it on ("Proteinuria 2+ on dipstick"). Only a digit of its
    own, 1 to 4, standing alone: not a condition ("if 2+, …", "patients with 2+ …": `grade_condition` cues), one of a
    list ("0 or 1+", "trace or 1+"), one a second test qualifies ("IHC 2+ with ISH amplification"), the end of a code
    ("ABC-3+"), of a marker ("(CD)4+") or a sum ("3+4")."""
    start, end = quantity.start, quantity.end
    before = doc[start - 1] if start else None
    if (quantity.unit != "{dipstick}" or quantity.value not in _STATED_GRADES or not doc[start].text.isdigit()
            or (before is not None and (before.text in ("-", "/") or _glued_to_a_name(doc, start)))
            or (end < len(doc) and doc[end].text[:1].isdigit()) or qualified_grade(doc, quantity)
            or any(t.lower_ in lexicon.words("grade_condition") for t in doc[max(0, start - _CONDITION_REACH):start])):
        return None
    return atoms.Atom(start, end, [atoms.Bound("==" if section == "inclusion" else ">=", quantity)], implied_op=True)


def _glued_to_a_name(doc: Doc, start: int) -> bool:
    """Whether the number at `start` is glued to the word before it ("ABC-3+", "(CD)4+"), not standing alone."""
    return not (doc[start - 1].whitespace_ or doc[start - 1].text == "(")


def qualified_grade(doc: Doc, quantity: Quantity) -> bool:
    """Whether a plus grade is qualified by a second test after it ("IHC 2+ and FISH positive", "2+ with 24-hour urine
    protein > 1 g"): it bounds nothing alone, even where it restates a grade before it ("IHC 3+ or 2+ and …")."""
    end = quantity.end
    return quantity.unit == "{dipstick}" and end < len(doc) and doc[end].lower_ in lexicon.words("grade_joiner")


def plus_or_more(marks: Marks, quantity: Quantity) -> Atom | None:
    """"Age 18+", "adults 18+ years", "niacin 500+ mg", "3+ drinks a day", "neuropathy grade 2+": a plus after a
    number its unit follows (or after an age word, or a grade's) is "or more", not a dipstick grade; not a score's
    plus ("3+ score by IHC")."""
    doc, after = marks.doc, quantity.end
    if quantity.unit != "{dipstick}" or doc[after - 1].text != "+" or quantity.start == 0:
        return None
    if _glued_to_a_name(doc, quantity.start):
        return None  # "(CD)34+ cells/kg": the end of a marker's name
    written = unit_phrases.unit_at(doc, after, len(doc)) if after < len(doc) else None
    if written is not None and units.dimension(written[0]) not in (None, "dipstick grade", "fraction"):
        unit, end = written
    elif (counted := unit_phrases.counted_per_period(doc, after, len(doc))) is not None:
        unit, end = counted[0], after  # "3+ drinks per day": the noun stays the measure
    elif doc[quantity.start - 1].lower_ in lexicon.words("age_word"):
        unit, end = "a", after
    elif doc[quantity.start - 1].lower_ in lexicon.words("toxicity_grade_word"):
        unit, end = "1", after  # "neuropathy grade 2+": that grade or worse (not "IHC score 3+", a stained grade)
    else:
        return None
    more = Quantity(quantity.start, end, quantity.value, unit, None, quantity.number_end, quantity.kind)
    return atoms.Atom(quantity.start, end, [atoms.Bound(">=", more)])
