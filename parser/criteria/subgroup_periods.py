"""Periods a subgroup has of its own: "at least 4 weeks since chemotherapy (6 weeks for nitrosoureas)", "within 4
weeks for flutamide and 6 weeks for bicalutamide", "age 18 or older (20 years for Japan)".

A period right after another one, in an aside or joined to it ("or", "and", a comma, "with the exception of"), and
followed by "for"/"if" and a group, is that group's own: it bounds the way the first one does, and the group is what
it dates (a window) or whom it is for (any other duration). This module finds the group; `atoms` makes the atom.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from parser.criteria import atoms, lexicon
from parser.criteria.brackets import bracket_depth, outside_brackets
from parser.vocabulary import units

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from parser.criteria.marks import Marks
    from parser.criteria.quantities import Quantity

JOINS = ("or", "and", ",")
"""The words that join one period to the next ("4 weeks for X and 6 weeks for Y", ", or 60 days")."""
_BRACKET_REACH = 32
"""How far back a bracket still open may have opened: an aside of two groups' periods ("(6 weeks for nitrosoureas
(BCNU) or mitomycin C; 12 weeks for radioimmunotherapy)")."""
_LINK_WORDS = 4
"""The most words of the link between a period and its group ("for", "in the case of")."""


def group_of(marks: Marks, after: int, quantity: Quantity, opens: int | None = None) -> tuple[int, int] | None:
    """The group (token span) the period `quantity` is for, when it follows a period ending at `after` as a
    subgroup's own; None otherwise. `opens`: where the period's own words begin, when a window word opens it
    ("(within 6 weeks for nitrosoureas)")."""
    doc = marks.doc
    opens = quantity.start if opens is None else opens
    aside = _opens_aside(doc, after, opens)
    end = quantity.end
    if aside and end + 1 < len(doc) and doc[end].text == "." and doc[end + 1].is_lower:
        end += 1  # "(6 wks. for nitrosoureas)": an abbreviation's full stop, the sentence goes on
    link = lexicon.phrase_at([t.lower_ for t in doc[end:end + _LINK_WORDS]], "subgroup_link")
    if not link or not (aside or _joins_on(marks, after, opens)):
        return None
    group = end + link
    closing = _group_end(marks, group, aside)
    if closing is None or closing <= group or _a_threshold(marks, group, closing):
        return None  # "(within 4 weeks for at least 7 days)", "(… for > 10 mg prednisone)": a threshold, no group
    return group, closing


def _a_threshold(marks: Marks, start: int, end: int) -> bool:
    """Whether the words after a period's "for" are a threshold rather than a group: opening with a comparator or a
    number of its own ("for at least 7 days", "for > 10 mg prednisone", "for 7 days"; not "for 5-FU"), or holding a
    duration ("if used for more than 2 weeks"; a dose is a group's: "for doses > 10 mg/day of prednisone")."""
    doc = marks.doc
    first = doc[start]
    if start in marks.comparators_by_start or (first.like_num and not (
            not first.whitespace_ and start + 1 < end and doc[start + 1].text == "-")):
        return True
    for i in range(start, end):
        found = marks.comparators_by_start.get(i)
        if (found is not None and found.end + 1 < len(doc) and doc[found.end].like_num
                and units.names_time(doc[found.end + 1].lower_)):
            return True
    return False


def _opens_aside(doc: Doc, after: int, start: int) -> bool:
    """Whether an aside on the period ending at `after` opens right before `start`, perhaps with an "or": a bracket
    ("(6 weeks for …)", "(or 14 days if …)"), or a semicolon inside a bracket still open ("(6 weeks for
    nitrosoureas; 12 weeks for radioimmunotherapy)")."""
    before = start - 1
    if before >= 1 and doc[before].lower_ == "or":
        before -= 1
    if before < after:
        return False
    if doc[before].text == "(":
        return True
    return doc[before].text == ";" and _in_open_bracket(doc, before)


def _in_open_bracket(doc: Doc, i: int) -> bool:
    """Whether token `i` stands in a bracket opened before it in the same sentence: a semicolon there parts the
    items of an aside ("(6 weeks for nitrosoureas; 12 weeks for …)"), not sentences."""
    depth = 0
    for k in range(i - 1, max(-1, i - 1 - _BRACKET_REACH), -1):
        if doc[k].text in atoms.BOUNDARY:
            return False
        depth += {")": 1, "(": -1}.get(doc[k].text, 0)
        if depth < 0:
            return True
    return False


def sentence_ends_between(doc: Doc, start: int, end: int) -> bool:
    """Whether a sentence ends between tokens `start` and `end`, asides aside: a full stop, or a semicolon that does
    not part the items of a bracketed aside ("(> 1.6 mg/dL for men; 1.4 mg/dL for women)")."""
    depth = 0
    for token in doc[start:end]:
        depth = bracket_depth(depth, token.text)
        if depth == 0 and token.text in atoms.BOUNDARY and not (token.text == ";" and _in_open_bracket(doc, token.i)):
            return True
    return False


def _group_end(marks: Marks, start: int, bracketed: bool) -> int | None:
    """Where the group ends: at the aside's semicolon or closing bracket, past brackets of its own ("(6 weeks for
    nitrosoureas (BCNU) or mitomycin C)"); before the next subgroup's period ("(4 weeks for carboplatin and 6 weeks
    for nitrosoureas)"); out of brackets, also at the sentence's or the clause's end ("or 7 days for short-acting
    growth factors before the first dose")."""
    doc, depth = marks.doc, 0
    for i in range(start, min(len(doc), start + atoms.MAX_GROUP)):
        if doc[i].text == "(":
            depth += 1
        elif depth == 0 and (doc[i].text in (")", ";") or _next_period(marks, i)
                             or not bracketed and (doc[i].text in atoms.BOUNDARY or _clause_ends(marks, i))):
            return i
        elif doc[i].text == ")":
            depth -= 1
    return len(doc) if not bracketed and depth == 0 and len(doc) - start < atoms.MAX_GROUP else None


def _clause_ends(marks: Marks, i: int) -> bool:
    """Whether a group out of brackets ends at token `i`: at a window's anchor, or a comma that closes the group
    rather than lists it ("for bicalutamide, without evidence of response", "for fluoxetine, and off
    benzodiazepines"; but "for olodaterol, indacaterol or vilanterol")."""
    doc = marks.doc
    if marks.cue_starting(i, "anchor"):
        return True
    return doc[i].text in (",", ":") and (i + 1 == len(doc) or doc[i + 1].lower_ in lexicon.words("np_stop"))


def _next_period(marks: Marks, i: int) -> bool:
    """Whether another period opens at token `i` after a join: "… and 6 weeks", ", or 60 days", "and within 12
    weeks"."""
    doc = marks.doc
    following = i + 1 + (i + 1 < len(doc) and doc[i].text == "," and doc[i + 1].lower_ in JOINS)
    if following < len(doc) and (window := marks.cue_starting(following, "window")) is not None:
        following = window.end
    return doc[i].lower_ in JOINS and following < len(doc) and doc[following].like_num


def _joins_on(marks: Marks, after: int, start: int) -> bool:
    """Whether a period at `start` joins the one ending at `after` in the same sentence by "or", "and", a comma or
    words that open an exception (`period_alternative_lead` cues), past that period's own words ("within 4 weeks
    for flutamide and 6 weeks for …", "within 14 days of the first dose or 28 days for …", "at least 2 weeks before
    the study, with 4 weeks for fluoxetine")."""
    doc = marks.doc
    gap = outside_brackets([t.lower_ for t in doc[after:start]])
    joined = bool(gap) and (gap[-1] in JOINS or marks.cue_ending(start, "period_alternative_lead") is not None)
    return joined and len(gap) <= atoms.MAX_GROUP and not sentence_ends_between(doc, after, start)
