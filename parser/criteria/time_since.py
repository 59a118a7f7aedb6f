"""Washouts: a window that is the time since the patient's last such event (`Window.since_last`), which a patient who
never had the event has waited out, told apart from one dating an event the criterion asks about.

`since_last` reads one window; `Washouts` keeps what one criterion's windows said, for the periods of subgroups
("(6 weeks for nitrosoureas)" is a washout when the period it stands in for is) and for washouts of an event and a
kind of it ("4 weeks since prior radiotherapy (2 weeks for palliative radiotherapy)"), whose laxer period for the kind
no washout of the broader event can honour: a record of the kind would fail it.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from parser.criteria import lexicon, period_bounds
from parser.criteria.atoms import LIST_JOINS
from parser.criteria.rest import example_cue_tokens
from parser.models.criteria import Concept, Expr
from parser.models.walk import iter_nodes, rebuilt
from parser.vocabulary import units
from parser.vocabulary.concepts import listed_events

if TYPE_CHECKING:
    from parser.criteria.atoms import Atom
    from parser.criteria.marks import Marks

_LOWER_BOUNDS = (">", ">=")


def since_last(marks: Marks, atom: Atom, event: tuple[int, int], condition: bool, section: str) -> bool:
    """Whether a window in the past is the time since the patient's last such event, as a washout is: one counted
    from the event its anchor names (`since_anchor` words: "at least 4 weeks since prior chemotherapy", "since the
    last dose of tamoxifen", "14 days must have elapsed from any investigational agent"; not from a study reference
    point), or, in an inclusion, the time since a treatment named before it ended ("discontinued at least 7 days
    prior to enrollment": `period_bounds.ended_before`).

    Not a window counted from when a state began (`onset_event` words: "at least 6 months since diagnosis", "2 years
    postmenopausal"), nor from a condition unless its last episode (`last_episode` words: "3 months since the last
    seizure"), nor a time after an event ("24 hours post surgery", "6 months post-stroke": a population that had it),
    nor a lower bound in an exclusion: a washout listed there ("More than 30 days since prior investigational
    agents") says the reverse of what it means, and "chemotherapy completed more than 6 months ago" names an event
    that happened. Nor the first of a list of events the window dates ("since prior chemotherapy or radiotherapy"),
    whose others it would drop."""
    if atom.anchor is None or atom.direction != "past" or _listed_on(marks, event[1]):
        return False
    (a, b), doc = atom.anchor, marks.doc
    if (section == "exclusion" and atom.bounds[-1].op in _LOWER_BOUNDS) or _names_an_onset(marks, a, b):
        return False
    if doc[a].lower_ in lexicon.words("since_anchor") or marks.cue_starting(atom.end, "elapse") is not None:
        last = lexicon.words("last_episode")
        opening = range(event[0], min(event[1], event[0] + _REFERENCE_WORDS))  # not "X and registration" after it
        return (a <= event[0] < b and not any(marks.has_cue(k, "reference_event") for k in opening)
                and (not condition or any(t.lower_ in last for t in doc[a:event[0]])))
    return (section == "inclusion" and event[1] <= atom.start
            and period_bounds.ended_before(marks, atom.start, atom.anchor))


def denied_washout(marks: Marks, atom: Atom, event: tuple[int, int], section: str) -> bool:
    """Whether an inclusion's event denied before it, under a lower bound opened by "for", is a washout: "No prior
    chemotherapy for at least 4 weeks before enrollment" is at least 4 weeks since the last (denied as written, it
    failed every patient with an old course). Not a window counted from another event ("no menses for 12 months or
    at least 6 weeks since oophorectomy": the second is the oophorectomy's), nor one from when a state began."""
    doc = marks.doc
    if (section != "inclusion" or atom.bounds[-1].op not in _LOWER_BOUNDS or atom.direction != "past"
            or atom.start == 0 or doc[atom.start - 1].lower_ != "for" or event[1] > atom.start):
        return False
    if atom.anchor is not None and doc[atom.anchor[0]].lower_ in lexicon.words("since_anchor"):
        return False
    return not _names_an_onset(marks, event[0], event[1]) and not (
        atom.anchor is not None and _names_an_onset(marks, *atom.anchor))


_REFERENCE_WORDS = 3
"""The first words of an event that may show it is a study reference point ("the first dose", "study entry")."""


def _names_an_onset(marks: Marks, start: int, end: int) -> bool:
    return any(t.lower_ in lexicon.words("onset_event") for t in marks.doc[start:end])


def _listed_on(marks: Marks, end: int) -> bool:
    """Whether a list of events goes on after `end` ("chemotherapy, radiotherapy or surgery"; not "chemotherapy and
    recovered", "since prior and no concurrent …", a period of its own, "…, or 2 weeks since minor surgery", "… and
    at least 2 weeks since surgery", or examples of it: "cancer therapy, including radiation")."""
    doc, i = marks.doc, end
    while i < len(doc) and doc[i].lower_ in LIST_JOINS:
        i += 1
    if i == end or i >= len(doc):
        return False
    after = doc[i].lower_
    return not (after in lexicon.words("recovery_word") or after in lexicon.words("negation") or doc[i].like_num
                or i in marks.comparators_by_start or i in example_cue_tokens(doc)
                or any(t.lower_ in lexicon.words("study_noun") for t in doc[i:i + _REFERENCE_WORDS]))
    # ("between X and registration": the study's own point in time; not "or initiation of radiotherapy")


class Washouts:
    """The washouts one criterion's windows are, by the start of each window's atom."""

    def __init__(self, marks: Marks, section: str) -> None:
        self.marks, self.section = marks, section
        self.spans: dict[int, tuple[int, int]] = {}  # each washout's span in the criterion, by its atom's start
        self.laxer: set[tuple[int, int]] = set()  # the spans of washouts a subgroup's shorter period stands in for

    def mark(self, atom: Atom, atoms: list[Atom], event: tuple[int, int], condition: bool,
             span: tuple[int, int]) -> bool:
        """Whether a window (at `span` in the criterion) is a washout (`since_last`); a subgroup's own period ("at
        least 4 weeks since prior chemotherapy (6 weeks for nitrosoureas)") is one when the period it stands in for
        is and it is not shorter."""
        if atom.subgroup_period:
            earlier = [a for a in atoms if a.kind == "window" and a.end <= atom.start and not a.subgroup_period]
            since = bool(earlier) and earlier[-1].start in self.spans
            if since and _atom_days(atom) < _atom_days(earlier[-1]):
                self.laxer.add(self.spans[earlier[-1].start])
                since = False
        else:
            since = atom.washout or since_last(self.marks, atom, event, condition, self.section)
        if since:
            self.spans[atom.start] = span
        return since

    def settled(self, expr: Expr | None) -> Expr | None:
        """The criterion's expression without the washouts no record can settle: one whose subgroup's period is
        laxer, and a washout of an event and one of a kind of it with a shorter period ("4 weeks since prior
        radiotherapy, or 2 weeks since palliative radiotherapy")."""
        if expr is None or not self.spans:
            return expr
        washouts = [(node, node.within) for node in iter_nodes(expr, conditions=False)
                    if isinstance(node, Concept) and node.within is not None and node.within.since_last]
        unsettled = {id(node) for node, window in washouts if window.span in self.laxer}
        for broad, _ in washouts:
            for kind, _ in washouts:
                if kind is not broad and _a_kind_of(kind.concept, broad.concept) and _shorter(kind, broad):
                    unsettled.update((id(kind), id(broad)))
        if not unsettled:
            return expr

        def unset(node: Expr) -> Expr:
            if id(node) in unsettled and isinstance(node, Concept) and node.within is not None:
                return node.model_copy(update={"within": node.within.model_copy(update={"since_last": False})})
            return node
        return rebuilt(expr, unset)


def _days(value: float, unit: str) -> float:
    """A period in days; unbounded when its unit is no duration ("5 half-lives")."""
    try:
        return units.convert(value, unit, "d")
    except units.IncompatibleUnits:
        return math.inf


def _atom_days(atom: Atom) -> float:
    quantity = atom.bounds[-1].quantity
    return _days(quantity.value, quantity.unit or "d")


def each_required(left: Expr, right: Expr) -> bool:
    """Whether two washouts written as alternatives are both required: each applies to its own event whatever the
    other's ("4 weeks since major surgery, or 2 weeks since minor surgery"; `joining`), unless one event is a kind of
    the other, whose period is an exception ("4 weeks since radiotherapy, or 2 weeks since palliative radiotherapy")."""
    return (isinstance(left, Concept) and isinstance(right, Concept) and _washout(left) and _washout(right)
            and not _a_kind_of(left.concept, right.concept) and not _a_kind_of(right.concept, left.concept))


def reads_backwards(expr: Expr | None, section: str) -> bool:
    """Whether an exclusion dates a treatment (or a drug the vocabulary does not place) by a lower bound it does not
    mark as a washout ("Chemotherapy … within at least 2 weeks", "Bevacizumab at least 4 weeks prior to enrollment",
    "corticosteroids … allowed if stable for 1 month", "unless … completed local therapy at least 4 weeks before"):
    among exclusions such a period says the reverse of what it means as often as not (a washout listed as inclusions
    list them, a permission, a waiver), so a person reads it."""
    return section == "exclusion" and any(
        isinstance(node, Concept) and node.category in ("treatment", None) and node.within is not None
        and node.within.op in _LOWER_BOUNDS and not node.within.since_last for node in iter_nodes(expr))


def _washout(node: Concept) -> bool:
    """Whether a concept is a least time since the last such event."""
    return not node.negated and node.within is not None and node.within.since_last and (
        node.within.op in _LOWER_BOUNDS)


def _a_kind_of(kind: str, broad: str) -> bool:
    """Whether a concept's name holds another's, or one of the events it lists, as a whole term ("palliative
    radiotherapy", "radiotherapy"; "chemotherapy or radiotherapy")."""
    return kind.lower() != broad.lower() and any(
        re.search(rf"\b{re.escape(event.lower())}\b", kind.lower()) is not None for event in listed_events(broad))


def _shorter(kind: Concept, broad: Concept) -> bool:
    """Whether a kind's washout is shorter than the broader event's (or either period is no duration)."""
    assert kind.within is not None and broad.within is not None
    kind_days, broad_days = _days(kind.within.value, kind.within.unit), _days(broad.within.value, broad.within.unit)
    return math.inf in (kind_days, broad_days) or kind_days < broad_days
