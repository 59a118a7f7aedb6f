"""Units an atom shares with its neighbours once every atom of an item is found.

"≥ 18 and ≤ 70 years" writes the unit once, at the bound that closes the pair; "≥ 5 times in asymptomatic patients
or ≥ 3 times the ULN" names the limit once; "≤ 5 times", "on 2 separate occasions" and "a 2-fold rise" count, so
no unit of the measure applies to them.
"""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

from parser.criteria import atoms, lexicon, shares
from parser.criteria.quantities import read_in_its_unit

if TYPE_CHECKING:
    from parser.criteria.atoms import Atom
    from parser.criteria.marks import Marks


def share_units(marks: Marks, found: list[Atom]) -> list[Atom]:
    """"≥ 18 and ≤ 70 years": a bare first bound takes the unit of the bound that closes the pair."""
    doc = marks.doc
    for atom, nxt in pairwise(found):
        own = atom.bounds[-1].quantity
        other = nxt.bounds[0].quantity
        gap = {t.lower_ for t in doc[atom.end:nxt.start]}
        between = (bool(atom.measure_spans) and not atom.named_where_found  # "50 ≤ viral load < 500 copies/mL",
                   and atom.end <= atom.measure_spans[0][0] and atom.measure_spans[-1][1] <= nxt.start  # a measure
                   and all(t.is_alpha for t in doc[atom.end:nxt.start]))  # a table knows (not "1 ≤ lesions < 3 cm")
        joined = ((between or gap and gap <= {"and", "to", ",", "or", "but"}) and nxt.kind == "comparison"
                  and not _a_change(marks, nxt) and not (_measure_after(marks, nxt) and _named_before(marks, atom)))
        if own.unit is None and other.unit and joined and own.kind == other.kind:
            for bound in atom.bounds:
                bound.quantity.unit = other.unit
                bound.quantity.relative_to = other.relative_to
                read_in_its_unit(doc, bound.quantity)  # "≥ 105 and ≤ 108 IU/mL"
        elif own.unit is None and other.relative_to and _multiple_without_limit(marks, atom, nxt):
            for bound in atom.bounds:  # "≥ 5 times in asymptomatic patients or ≥ 3 times the ULN in symptomatic ones"
                bound.quantity.unit, bound.quantity.relative_to = "1", other.relative_to
        elif other.unit is None and own.relative_to and _multiple_restated(marks, atom, nxt):
            for bound in nxt.bounds:  # "≤ 3 times institutional ULN (≤ 5 times if liver metastases)"
                bound.quantity.unit, bound.quantity.relative_to = "1", own.relative_to
    repeats, multipliers, changes = (lexicon.words(kind) for kind in ("repeat_word", "multiplier", "measure_change"))
    for atom in found:  # "≤ 5 times", "on 2 separate occasions", "a 2-fold rise": a count, no unit a measure implies
        after = atom.end + 1 if atom.end < len(doc) and doc[atom.end].text == "-" else atom.end  # "a 2-fold rise"
        words = [t.lower_ for t in doc[after:after + 2]]
        if atom.bounds[-1].quantity.unit is None and words and (
                words[0] in repeats and not doc[after + 1:after + 2].text[:1].isdigit()  # not "3.5 times 10^9/L"
                or words[0].isalpha() and words[1:] and words[1] in repeats
                or words[0] in multipliers and words[1:] and words[1] in changes):
            for bound in atom.bounds:
                bound.quantity.unit = "1"
    return found


def _measure_after(marks: Marks, atom: Atom) -> bool:
    """"Hb greater than 10, and greater than 100 x 10^9/L platelets": a bound followed by a lexicon measure of its
    own lends its unit to no bound before it that names its own (`_named_before`)."""
    doc, end = marks.doc, atom.end
    if lexicon.phrase_from(doc, end, "age_closer"):
        return False  # "> 1 and < 21 years of age": both bounds are the age
    if end < len(doc) and doc[end].lower_ == "of":
        end += 1
    return end in marks.measure_at and marks.measure_at[end].start == end


_NAME_GAP = 2
"""Tokens between a measure's name and the bound it names ("Hb of > 10")."""


def _named_before(marks: Marks, atom: Atom) -> bool:
    """Whether a lexicon measure's name ends right before the bound: "Hb greater than 10, and greater than 100 x
    10^9/L platelets" names both; "≥ 28 and ≤ 32 weeks gestational age" names one measure after the range."""
    return any(atom.start - _NAME_GAP <= span.end <= atom.start for span in marks.measures)


def _a_change(marks: Marks, atom: Atom) -> bool:
    """"≥ 26 and at least a 30% worsening": a bound on a change (`measure_change` cues), whose unit is not the
    level's; so is a percentage naming its own share or change ("PASI ≥ 12 and ≥ 10% BSA": `shares`)."""
    doc = marks.doc
    return (atom.end < len(doc) and doc[atom.end].lower_ in lexicon.words("measure_change")
            or atom.bounds[-1].quantity.unit == "%" and shares.own_measure_after(doc, atom.end))


def _multiple_restated(marks: Marks, atom: Atom, nxt: Atom) -> bool:
    """Whether the next bound restates a multiple of a limit for a subgroup, naming no measure or limit of its own:
    "N times", or a bare number before a subgroup with a condition that raises the limit (`limit_raising` cues:
    "≤ 5 if liver metastases"; not "≤ 3 for patients on warfarin", an INR of 3), in a bracket opened after the
    multiple, after a comma (the first bound's subgroup may come between) or after a `restating_join` word ("≤ 3 ×
    ULN but < 5 if liver metastases are present": the same limit, never 5 U/L)."""
    doc = marks.doc
    gap = [t.lower_ for t in doc[atom.end:nxt.start]]
    joined = gap[-1:] == [","] or (len(gap) <= _JOIN_WORDS and gap[-1] in lexicon.words("restating_join"))
    return ((_times_after(marks, nxt) or _raised_for_subgroup(marks, nxt))
            and ("(" in gap or (joined and not _CLAUSE_ENDS & set(gap))) and len(gap) <= atoms.MAX_GROUP
            and not any(i in marks.measure_at for i in range(atom.end, nxt.end + 1)))


_JOIN_WORDS = 2
"""The most words joining a restated bound to the multiple before it (", or", "but")."""
_SUBGROUP_REACH = 6
"""How far after a subgroup's lead its condition may be named ("if there is evidence of liver metastases")."""


def _times_after(marks: Marks, atom: Atom) -> bool:
    """Whether "times" (a `multiplier`) follows the bound: "≤ 5 times"."""
    return atom.end < len(marks.doc) and marks.doc[atom.end].lower_ in lexicon.words("multiplier")


def _raised_for_subgroup(marks: Marks, atom: Atom) -> bool:
    """Whether a subgroup with a condition that raises a lab's limit (`limit_raising` cues) follows the bound."""
    lead = marks.cue_starting(atom.end, "subgroup_lead")
    return lead is not None and any(marks.has_cue(i, "limit_raising")
                                    for i in range(lead.end, min(len(marks.doc), lead.end + _SUBGROUP_REACH)))


_CLAUSE_ENDS = frozenset({";", ".", ":"})


def _multiple_without_limit(marks: Marks, atom: Atom, nxt: Atom) -> bool:
    """Whether a bound is "N times" with its limit named only at the next bound of the same clause, no other
    measure named between ("fainted more than 2 times or bilirubin > 1.5 × ULN" counts faints)."""
    doc = marks.doc
    return (atom.end < len(doc) and doc[atom.end].lower_ in lexicon.words("multiplier")
            and not any(t.text in atoms.CLAUSE_PUNCT for t in doc[atom.end:nxt.start])
            and not any(i in marks.measure_at for i in range(atom.end, nxt.start)))
