"""Windows: how a duration next to an event becomes a time window, and what it dates.

A period counts from an anchor ("prior to first dose", "since the last chemotherapy", "ago"); whether it is the most
time allowed ("within 6 months of") or the least that must have passed ("4 weeks since prior surgery", "on a stable
dose for 4 weeks") is read from the words around it (`period_bounds`). A period counted from the end of the study's
treatment, or a duration that is itself a measure (life expectancy, age), makes no window. Used by
`atoms.find_atoms`, which builds the atoms.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from parser import vocabulary
from parser.criteria import atoms, lexicon
from parser.criteria.brackets import closing_bracket
from parser.criteria.cue_words import strip_words
from parser.criteria.quantities import Quantity, parse_number
from parser.models.criteria import Direction
from parser.vocabulary import units

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

    from parser.criteria.atoms import Atom
    from parser.criteria.marks import Marks

_SINGLE_PERIODS = frozenset({"a", "mo", "wk", "d"})
_MAX_BRACKET_LEAD = 3


def anchor_after(marks: Marks, end: int) -> tuple[int, int] | None:
    """"prior to first dose", "since the last chemotherapy", "before enrollment", "ago" (not "of age").

    Words saying the time has passed come first in washouts: "4 weeks must have elapsed since surgery".
    """
    end = _past_aside(marks, end)
    elapse = marks.cue_starting(end, "elapse")
    if elapse is not None:
        end = elapse.end
    doc = marks.doc
    if end < len(doc) and is_post_word(doc[end].lower_):
        return (end, end + 1)  # "2 years postmenopausal", "within 6 weeks postpartum": the word names the event
    cue = marks.cue_starting(end, "anchor")
    if cue is None and elapse is not None:
        cue = marks.cue_starting(elapse.end - 1, "anchor")  # "2 weeks out from radiation": the elapse cue ends in it
    if (cue is None and elapse is not None and end + 1 < len(doc)
            and doc[end].lower_ in lexicon.words("elapse_condition")
            and doc[end + 1].lower_ in lexicon.words("recency_word")):
        cue = doc[end:end + 1]  # "at least 3 months must have elapsed if prior total body irradiation": since it
    if cue is None and elapse is not None and (between := _between_event_and_study(marks, end)) is not None:
        return between
    if cue is None or marks.cue_starting(end, "age_after") is not None:
        return None
    stop = cue.end
    while (stop < len(doc) and stop - cue.end < 10 and doc[stop].text not in atoms.CLAUSE_PUNCT
           and doc[stop].text not in ("(", ")")):
        # "since prior | and no concurrent X"
        after_recency = stop == cue.end + 1 and doc[cue.end].lower_ in lexicon.words("recency_word")
        continuation = (lexicon.phrase_at([t.lower_ for t in doc[stop:stop + 4]], "anchor_continuation")
                        if after_recency else 0)
        if continuation:
            stop += continuation  # "since prior and no concurrent chemotherapy": the NCI/PDQ washout idiom
            continue
        if _joins_modifiers(marks, stop):
            stop += 1  # "since prior definitive or palliative radiotherapy": the words of one event's name
            continue
        if (doc[stop].lower_ in lexicon.words("anchor_stop") and stop > cue.end
                or marks.cue_starting(stop, "negation_after") is not None
                or lexicon.phrase_from(doc, stop, "rest_exceptions")):  # "… prior to screening other than …"
            break
        stop += 1
    if cue.text.lower() == "of" and stop == cue.end:
        return None
    return (cue.start, _through_listed_events(marks, cue.end, stop))


_MODIFIER_WORDS = 4
"""Tokens from a word of recency to the "or" after a word modifying a treatment's name ("prior whole-brain or …")."""


def _joins_modifiers(marks: Marks, i: int) -> bool:
    """Whether the "or"/"and" at token `i` joins two words modifying one noun after them: a word that modifies after
    it (by its ending, `lexicon.modifies_a_noun`) and, before it, one that modifies too ("definitive or palliative
    radiotherapy") or a few words right after a word of recency that end no lexicon concept ("prior open or
    laparoscopic surgery", "prior whole-brain or stereotactic radiotherapy"), or a word left with a suspended hyphen
    ("first- or second-generation"); not "prior surgery or systemic therapy", two events, nor "prior to dosing or
    positive urine cotinine", another alternative)."""
    doc = marks.doc
    if not (0 < i < len(doc) - 2 and doc[i].lower_ in lexicon.words("coordinator") and doc[i + 1].is_alpha
            and doc[i + 1].lower_ not in lexicon.words("recency_word")):  # "… or previous radiotherapy to …"
        return False
    left = next((k for k in range(i - 1, max(-1, i - 1 - _MODIFIER_WORDS), -1)
                 if doc[k].lower_ in lexicon.words("recency_word")), None)
    if left is not None and left == i - 2 and doc[i - 1].text.endswith("-"):
        return True  # "prior first- or second-generation EGFR inhibitor": a suspended hyphen
    if not (lexicon.modifies_a_noun(doc[i + 1].lower_) and doc[i + 2].is_alpha):
        return False
    if lexicon.modifies_a_noun(doc[i - 1].lower_):
        return True
    return (left is not None and all((t.is_alpha or t.text == "-") and t.lower_ not in lexicon.words("np_stop")
                                     and not marks.has_cue(t.i, "reference_event") for t in doc[left + 1:i])
            and not any(span.end == i for span in marks.concepts))


_BETWEEN_REACH = 12
"""Tokens of the event between "elapsed between" and the "and" before the study's point in time."""


def _between_event_and_study(marks: Marks, i: int) -> tuple[int, int] | None:
    """"28 days must have elapsed between the end of radiotherapy and registration": the time since the event
    before "and" when the study's own point in time follows it (`study_noun` words), an anchor from the word after
    "between" through that point (`EventNames` names the event before "and"); not a condition's onset, nor two
    events ("elapsed between the primary surgery and the development of metastases"), which no screener can date
    from today."""
    doc = marks.doc
    if i >= len(doc) or doc[i].lower_ != "between":
        return None
    joined = next((k for k in range(i + 2, min(len(doc), i + _BETWEEN_REACH)) if doc[k].lower_ == "and"), None)
    if (joined is None or any(t.text in atoms.CLAUSE_PUNCT for t in doc[i:joined])
            or any(marks.has_cue(k, "onset_event") for k in range(i + 1, joined))
            or any(span.start > i and span.end <= joined and (concept := vocabulary.concept_named(span.text))
                   is not None and concept.category == "condition" for span in marks.concepts)):
        return None  # "between the diagnosis of tuberculosis and enrollment": since an onset or a condition
    stop = joined + 1
    while (stop < len(doc) and stop - joined <= _REFERENCE_REACH and doc[stop].text not in atoms.CLAUSE_PUNCT
           and doc[stop].text not in ("(", ")") and doc[stop].lower_ not in lexicon.words("anchor_stop")):
        stop += 1
    if not any(t.lower_ in lexicon.words("study_noun") for t in doc[joined + 1:stop]):
        return None  # "between surgery and start of chemotherapy": two events, which no record dates from today
    return i + 1, stop


_LIST_JOINS = ((",", "and", "/", "or"), ("and", "/", "or"), (",", "or"), (",", "and/or"), (",", "and"), ("or",),
               ("and/or",), ("and",), (",",))
"""The words between the events of an anchor's list, longest first ("since prior chemotherapy and radiotherapy": the
period counts from each; an "and" inside a name, "head and neck radiotherapy", joins no lexicon concept to it)."""


def _through_listed_events(marks: Marks, start: int, stop: int) -> int:
    """Where an anchor ending in an event ends when the events listed after it count too ("since prior
    chemotherapy, radiotherapy, or immunotherapy": the period counts from each, though the anchor stopped at the
    list's first comma). Only lexicon concepts extend it, so a clause after one ("since prior surgery and
    recovered") does not, and only an anchor naming an event, not a study reference point. A list whose last event
    has words of its own after it ("… or radiotherapy to the brain", "…, radiotherapy at least 2 weeks before") is left
    as it was: those words may bear on every event, or give the last its own period."""
    if (not any(span.end == stop and span.start >= start for span in marks.concepts)
            or any(marks.has_cue(i, "reference_event") for i in range(start, stop))):
        return stop  # "of study entry, pregnant or lactating": a reference point's anchor lists no events
    end = stop
    while (following := _joined_event(marks, end)) is not None:
        end = following
    if end == stop or _ends_the_list(marks, end) and not _a_clause_of_its_own(marks, stop, end):
        return end
    return stop


def _a_clause_of_its_own(marks: Marks, stop: int, end: int) -> bool:
    """Whether the events after "and" up to `end` are the subject of a verb that follows ("… since prior radiotherapy
    and corticosteroids must be at a stable dose"), not more of the list ("… or other agents is required" is)."""
    doc = marks.doc
    return any(t.lower_ == "and" for t in doc[stop:end]) and end < len(doc) and (
        doc[end].lower_ in lexicon.words("modal_verb") or doc[end].lower_ in lexicon.words("copula"))


def _joined_event(marks: Marks, i: int) -> int | None:
    """The end of a lexicon concept listed at token `i` after the words joining it to the one before, or None."""
    doc = marks.doc
    join = next((len(words) for words in _LIST_JOINS if tuple(t.lower_ for t in doc[i:i + len(words)]) == words), 0)
    if not join:
        return None
    start = i + join
    start += start < len(doc) and doc[start].lower_ in lexicon.words("period_article")  # "or the last dose of …"
    while start < len(doc) and doc[start].lower_ in lexicon.words("other_kind_word"):
        start += 1  # "…, or other investigational drug"
    if (point := marks.cue_starting(start, "event_point")) is not None:
        start = point.end  # "since prior major surgery or completion of radiation": the point of the event named
        while start < len(doc) and (doc[start].lower_ in strip_words() or doc[start].lower_ in lexicon.words(
                "recency_word")):
            start += 1  # "completion of all prior systemic therapy"
    return next((span.end for span in marks.concepts if span.start == start), None)


_REFERENCE_REACH = 5
"""Tokens from a list's end to the study reference point its period runs to ("… to the time of randomization")."""


def _ends_the_list(marks: Marks, i: int) -> bool:
    """Whether the words at token `i` close a list of events: the item's end, a bracket, a clause mark, a word that
    ends an anchor ("and recovered"), or words leading to a study reference point ("… prior to enrollment", "… at the
    time of registration")."""
    doc = marks.doc
    if i < len(doc) and doc[i].text == "(":  # an aside: "… chemotherapy (6 weeks for nitrosoureas), or radiotherapy"
        closing = closing_bracket(doc, i + 1, _MAX_ASIDE)
        return closing is None or _joined_event(marks, closing + 1) is None
    return (i >= len(doc) or doc[i].text in atoms.CLAUSE_PUNCT or doc[i].text == ")"
            or doc[i].lower_ in lexicon.words("anchor_stop") or bool(lexicon.phrase_from(doc, i, "backward_anchor"))
            or any(marks.has_cue(k, "reference_event") for k in range(i, min(len(doc), i + _REFERENCE_REACH))))


_MAX_ASIDE = 12
_MAX_ALTERNATIVE = 4


def _past_aside(marks: Marks, end: int) -> int:
    """Where a duration's anchor may start: past a bracketed aside ("At least 3 weeks (6 for nitrosourea) since
    prior chemotherapy"), an alternative bound ("More than 2 weeks or 5 half-lives since prior …") or a second
    bound of the same period ("at least 1 week but no more than 8 weeks since …"; `bound_link` cues)."""
    doc = marks.doc
    if end < len(doc) and doc[end].text == "(":
        closing = closing_bracket(doc, end + 1, _MAX_ASIDE - 1)
        if closing is not None and marks.cue_starting(closing + 1, "anchor") is not None:
            return closing + 1
    if end + 1 < len(doc) and doc[end].lower_ == "or" and parse_number(doc[end + 1].text) is not None:
        for i in range(end + 2, min(len(doc), end + 2 + _MAX_ALTERNATIVE)):
            if marks.cue_starting(i, "anchor") is not None:
                return i
    if end + 1 < len(doc) and doc[end].lower_ in lexicon.words("bound_link"):
        comparator = marks.comparators_by_start.get(end + 1)
        number = comparator.end if comparator is not None else end + 1
        unit = vocabulary.unit_spellings().get(doc[number + 1].lower_) if number + 1 < len(doc) else None
        if parse_number(doc[number].text) is not None and units.dimension(unit or "") == "time":
            return number + 2  # "at least 1 week but no more than 8 weeks since prior surgery": both bounds count
    return end


POST = "post"
"""The word that names the time after an event, alone ("4 weeks post surgery") or as a prefix (`is_post_word`)."""


def is_post_word(word: str) -> bool:
    """"postpartum", "postmenopausal", "postoperative": one word naming the time after an event (a prefix, not a
    list: the words are many), but for the few other words "post" starts (`not_post_word` cues: "posterior")."""
    return (word.startswith(POST) and len(word) > len(POST) + 3 and word.isalpha()
            and word not in lexicon.words("not_post_word"))


def counts_from_the_end(marks: Marks, anchor: tuple[int, int] | None) -> bool:
    """Whether a period is counted from the end of the study's treatment ("for 3 months after the last dose",
    "within 6 months of the last administration", "for 2 months after discontinuation", "after the study"):
    without a written comparator, a promise about the future that no record at screening can meet or fail, so no
    window; its number stays in the text."""
    if anchor is None or marks.doc[anchor[0]].lower_ not in lexicon.words("forward_anchor"):
        return False
    words = [t.lower_ for t in marks.doc[anchor[0] + 1:anchor[1]]]
    ending = lexicon.words("ending_word") | lexicon.words("study_word")
    if (marks.doc[anchor[0]].lower_ != "of" and ending & set(words) and not names_own_event(words)
            and not lexicon.words("prior_word") & set(words)):
        return True  # not "within 4 weeks of study drug administration", which counts back from its start
    for i in range(len(words)):
        if (size := lexicon.phrase_at(words[i:], "follow_up_event")) == 0:
            continue
        after = words[i + size:i + size + 4]
        if not after or after[0] != "of" or lexicon.words("study_word") & set(after):
            return True  # "after the last dose", "… of study drug"; not "after the last dose of prior chemotherapy"
    return False


def names_own_event(words: list[str]) -> bool:
    """Whether the words after an anchor name an event of their own, not the study or the end of a treatment named
    by no more than a generic word ("completion of treatment", "discontinuation", "stopping study therapy", "the
    study"; `ending_word`, `study_word` and `weak_event` cues): "since prior surgery", "after treatment with X"."""
    ignored = lexicon.words("period_article") | lexicon.words("ending_word") | {"of"}
    named = [w for w in words if w not in ignored]
    while named and named[0] in lexicon.words("study_word"):
        named = named[1:]
    if not named:
        return False
    head_only = len(named) == 1 or named[1] not in lexicon.words("event_link")
    return not (named[0] in lexicon.words("weak_event") and head_only)


_PLAN_REACH = 14
"""The most tokens between a plan ("planned", "expected to") and the window it puts ahead ("planned removal of
endotracheal tube, central venous catheter, and Foley catheters, within 72 hours")."""


def direction(marks: Marks, cue: Span | None, start: int) -> Direction:
    """Whether a window starting at token `start` (opened by `cue`, if one) reaches back or ahead.

    Ahead when its cue says so ("within the next 4 weeks", "during the coming 3 months": `ahead_word` cues) or a
    plan governs it (`planned`), unless its cue looks back ("within the past 6 months"): the written direction wins.
    """
    said = {t.lower_ for t in cue} if cue is not None else set()
    if said & lexicon.words("ahead_word"):
        return "ahead"
    return "ahead" if not said & lexicon.words("recency_word") and planned(marks, start) else "past"


def planned(marks: Marks, start: int) -> bool:
    """Whether a plan, an intent or an expectation (`plan` cues) comes before token `start` in its sentence, so
    what the window dates is still to come when the patient is screened: "planned surgery within 4 weeks",
    "intends to become pregnant within 6 months after the last dose", "scheduled to receive radiation therapy
    within 7 days prior to starting study medication"."""
    return plan_start(marks, start) is not None


def plan_start(marks: Marks, start: int) -> int | None:
    """Where the plan governing a window starting at token `start` begins (`planned`), or None.

    Not one in a bracket closed before the window ("(for example, scheduled nerve blocks) for headache during the 4
    weeks"), nor one before a word saying what the window dates was done or holds now (`plan_stop` cues: "planning a
    trip, or has used tanning booths within 4 weeks")."""
    doc, depth = marks.doc, 0
    for i in range(start - 1, max(-1, start - 1 - _PLAN_REACH), -1):
        word = doc[i].lower_
        if doc[i].text in atoms.BOUNDARY or (depth <= 0 and word in lexicon.words("plan_stop")):
            return None
        depth += {")": 1, "(": -1}.get(word, 0)
        if depth <= 0 and lexicon.phrase_at([t.lower_ for t in doc[i:start]], "plan"):
            return i
    return None


@cache
def looking_back() -> frozenset[str]:
    """The first words of the anchors that count back from a reference point (`backward_anchor`: "prior", "before")."""
    return frozenset(phrase.split()[0] for phrase in lexicon.words("backward_anchor"))


def recency_opening(marks: Marks, quantity: Quantity) -> Span | None:
    """"previous 3 months", "prior 12 months": a word of recency right before a period (`recency_window` cues)
    opens a window, but not one before a course of something ("prior 6 months of imatinib therapy" is how long
    it lasted; "previous 3 months of screening" is a window)."""
    doc, start, end = marks.doc, quantity.start, quantity.end
    if start == 0 or doc[start - 1].lower_ not in lexicon.words("recency_window"):
        return None
    if end < len(doc) and doc[end].lower_ == "of" and not names_reference_event(marks, end + 1):
        return None
    return doc[start - 1:start]


def recency_before(marks: Marks, start: int, quantity: Quantity) -> Span | None:
    """"previous (≤ 3 years)", "recent (i.e., < 3 months)", "a recent history (≤ 5 years) of": a bracketed
    duration after a word of recency (and a generic word such as "history") is a window."""
    if not quantity.is_time:
        return None
    doc, lead = marks.doc, lexicon.words("bracket_lead")
    opening = start - 1
    while opening >= 0 and start - opening <= _MAX_BRACKET_LEAD and doc[opening].lower_ in lead:
        opening -= 1
    if opening < 1 or doc[opening].text != "(":
        return None
    word = opening - 1
    if word >= 1 and doc[word].lower_ in lexicon.words("generic_label"):
        word -= 1
    return doc[opening:opening + 1] if doc[word].lower_ in lexicon.words("recency_word") else None


def adjectival_period(marks: Marks, quantity: Quantity) -> tuple[Span, int] | None:
    """"within a 56-day period", "in any 12 month period": a duration written as the adjective of a word such as
    "period" bounds a window as "within 56 days" does; the window's cue and where the period word ends."""
    doc, start, end = marks.doc, quantity.start, quantity.end
    if (not quantity.is_time or start < 2 or end >= len(doc) or doc[end].lower_ not in lexicon.words("period_noun")
            or doc[start - 1].lower_ not in lexicon.words("period_article")
            or doc[start - 2].lower_ not in lexicon.words("period_opener")):
        return None
    return doc[start - 2:start], end + 1


_LEAD_REACH = 24
"""The most tokens between "within the following time period" and the colon its period comes after."""


def period_after_lead(marks: Marks, quantity: Quantity) -> Span | None:
    """"received a study drug within the following time period prior to the first dose: 30 days, 5 half-lives …":
    a period right after a colon whose lead announces it is a window; the lead's window cue, or None."""
    doc, colon = marks.doc, quantity.start - 1
    if not quantity.is_time or colon < 1 or doc[colon].text != ":":
        return None
    periods = lexicon.words("period_noun")
    for i in range(colon - 1, max(0, colon - _LEAD_REACH), -1):
        if doc[i].text in atoms.BOUNDARY:
            return None
        if doc[i].lower_ == "following" and any(t.lower_ in periods for t in doc[i + 1:i + 3]):
            return marks.cue_ending(i, "window")
    return None


def names_reference_event(marks: Marks, start: int) -> bool:
    """Whether the words from `start` name a study reference point ("starting the study", "randomization")."""
    return any(marks.has_cue(i, "reference_event") for i in range(start, min(start + 3, len(marks.doc))))


def duration_measure_before(marks: Marks, start: int) -> bool:
    """Durations (life expectancy, age, gestational age) are measures, not windows, even when an anchor follows."""
    for span in reversed(marks.measures):
        if span.end <= start and start - span.end <= 6:
            return any(units.dimension(m.unit) == "time" for m in vocabulary.find_measures(span.text))
    return False


_POINT_REACH = 1
"""Tokens between a period and the anchor word before "the last day of …" it counts from ("1 month following")."""


def _point_counted_from(doc: Doc, start: int, unit_at: int, quantities: list[Quantity],
                        counted_from: frozenset[str]) -> bool:
    """Whether "the last day of …" opening at token `start` is the point a period before it counts from ("for 1 month
    following the last day of treatment"), not a period of its own."""
    before = start - 1 - (start > 1 and doc[start - 1].lower_ == "the")
    if before < 0 or doc[before].lower_ not in counted_from or doc[unit_at + 1:unit_at + 2].text.lower() != "of":
        return False
    return any(0 <= before - q.end <= _POINT_REACH and units.dimension(q.unit or "") == "time" for q in quantities)


def implied_single_periods(marks: Marks, quantities: list[Quantity]) -> list[Quantity]:
    """"within the past year", "in the last month", "within a month": a period named without a number is one of it."""
    doc, taken = marks.doc, {q.start for q in quantities}
    counted_from = lexicon.words("event_anchor") | looking_back()
    found = []
    for span in marks.cues:
        if span.label_ != "cue:window" or span.end >= len(doc) or span.end in taken:
            continue
        at = span.end + (doc[span.end].lower_ in ("a", "an") and span.end + 1 < len(doc))  # "within a month"
        unit = vocabulary.unit_spellings().get(doc[at].lower_)
        if unit in _SINGLE_PERIODS and not _point_counted_from(doc, span.start, at, quantities, counted_from):
            found.append(Quantity(span.end, at + 1, 1.0, unit, None, at, "implied"))
            taken.add(span.end)
    return found + _periods_before_anchor(doc, taken)


def _periods_before_anchor(doc: Doc, taken: set[int]) -> list[Quantity]:
    """"in the month preceding inclusion", "during the year prior to entry": a singular period (`singular_period`
    cues) the words before it open (`period_opener`, "the") and an anchor looking back closes (`backward_anchor`)
    is one of it."""
    openers, singular = lexicon.words("period_opener"), lexicon.words("singular_period")
    backward = looking_back()
    found = []
    for at in range(2, len(doc) - 1):
        word = doc[at].lower_
        if (word in singular and not {at - 1, at} & taken and doc[at - 1].lower_ == "the"
                and doc[at - 2].lower_ in openers and doc[at + 1].lower_ in backward):
            found.append(Quantity(at - 1, at + 1, 1.0, vocabulary.unit_spellings()[word], None, at, "implied"))
    return found


def elapsed_as_before(marks: Marks, previous: Atom, window: Atom) -> None:
    """"At least 21 days since surgery and 6 weeks after immunotherapy", "more than 4 weeks since stroke and 24 hours
    after thrombolysis": a bare period counted from an event (`event_anchor` cues: "after", "following"), joined in its
    clause to a period that must have elapsed since another (`period_bounds.elapsed_since`, or its written "at least"),
    takes that period's bound; not a window said so ("… and within 2 weeks after biopsy"), nor a period from the
    study's dose."""
    doc, bound, earlier = marks.doc, window.bounds[-1], previous.bounds[-1]
    if (window.comparator is not None or bound.op != "<=" or earlier.op not in (">=", ">") or window.anchor is None
            or doc[window.anchor[0]].lower_ not in lexicon.words("event_anchor")
            or marks.cue_ending(bound.quantity.start, "window") is not None
            or names_reference_event(marks, window.anchor[0] + 1)):
        return
    before = doc[window.start - 1] if window.start > previous.end else None
    joined = before is not None and (before.text == "," or before.lower_ in lexicon.words("series_join"))
    if joined and not any(t.text in atoms.BOUNDARY for t in doc[previous.end:window.start]):
        bound.op = earlier.op  # (past the rest of the first event's list: "since surgery, radiotherapy and …")
