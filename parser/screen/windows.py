"""When a record can date what a concept's window asks: a window ahead, after screening, or counted from a past
event other than the concept's own is a person's to read (`blocked`); a laboratory window bounds how old readings
may be (`is_lab_window`)."""

from __future__ import annotations

import re

from parser.models.criteria import Concept, Window
from parser.screen.concepts import UPPER_BOUNDS
from parser.screen.words import screening_terms
from parser.vocabulary.units import HALF_LIVES, IncompatibleUnits, convert


def blocked(expr: Concept, category: str | None) -> str | None:
    """Why no record can settle a concept, or None: a window ahead, after screening, or counted from a past event
    other than the concept's own (a window since the concept's last event names it in its anchor, and the record
    dates it)."""
    vocabulary = screening_terms()
    if expr.within is not None and expr.within.direction == "ahead":
        ahead = said(expr.within)
        return f"{expr.concept} {ahead}: a plan or an expectation, which no record of the past shows; review"
    if category in vocabulary.unrecorded_categories:
        return f"{expr.concept}: not something a patient record states; review"
    if expr.within is None:
        return None
    try:
        window_days(expr)
    except IncompatibleUnits:
        if expr.within.unit != HALF_LIVES:  # (a span of half-lives is read against the record: `concepts`)
            return f"{expr.concept}: window unit {expr.within.unit!r} is not a duration"
    anchor = (expr.within.anchor or "").lower()
    if expr.within.since_last and re.search(rf"\b{re.escape(expr.concept.lower())}\b", anchor):
        return None  # "since the last dose of chemotherapy": counted from the event it dates, no later anchor
    if any(word in anchor for word in vocabulary.later_anchors):
        return f"{expr.concept}: window anchored to {expr.within.anchor!r}, after screening"
    if _counted_from_the_past(re.findall(r"[\w-]+", anchor)):
        return f"{expr.concept}: window counted from {expr.within.anchor!r}, a past event no record dates; review"
    return None


def _counted_from_the_past(words: list[str]) -> bool:
    """Whether an anchor's words count a window from a past event (`past_anchor` rows: "of completing adjuvant
    chemotherapy", "of previous surgery"), not from one of the study the words it governs name (`study_anchor`
    rows: "prior to the initial dose of study drug", up to an `anchor_break` word; "prior" before "to" is the study's
    own "prior to …")."""
    vocabulary = screening_terms()
    for i, word in enumerate(words):
        if word not in vocabulary.past_anchors or words[i + 1:i + 2] == ["to"]:
            continue
        governed = next((words[i + 1:j] for j in range(i + 1, len(words)) if words[j] in vocabulary.anchor_breaks),
                        words[i + 1:])
        if vocabulary.study_anchors.isdisjoint(governed):
            return True
    return False


def from_start(window: Window) -> bool:
    """Whether a window runs from the start of an event other than the study's (`onset_window` words: "within the
    first 6 months of starting amiodarone")."""
    vocabulary = screening_terms()
    return (any(window.text.lower().startswith(words) for words in vocabulary.onset_windows)
            and vocabulary.study_anchors.isdisjoint(re.findall(r"[\w-]+", (window.anchor or "").lower())))


def said(window: Window) -> str:
    """A window as written, its anchor after it ("within 6 months after the last dose")."""
    return f"{window.text} {window.anchor}" if window.anchor else window.text


def is_lab_window(concept: Concept, category: str | None) -> bool:
    """A laboratory window that bounds how old the readings may be; one ahead bounds a test still to come."""
    window = concept.within
    return (category == "laboratory" and window is not None and window.op in UPPER_BOUNDS
            and window.direction == "past")



def window_days(concept: Concept) -> float:
    assert concept.within is not None
    return convert(concept.within.value, concept.within.unit, "d")
