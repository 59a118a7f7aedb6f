"""Whether a bare period next to an event is the least time that must have passed ("4 weeks since prior surgery",
"6 weeks after oophorectomy", "on a stable dose for 4 weeks", "completed at least … before") or the most time
allowed (a window): read from the words around it. Used by `atoms.find_atoms` for a period with no comparator of its
own, and for the comparators that place a point in time ("no earlier than 6 months before screening")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from parser.criteria import atoms, lexicon, windows
from parser.criteria.quantities import parse_number
from parser.criteria.windows import is_post_word, names_reference_event

if TYPE_CHECKING:
    from spacy.tokens import Span

    from parser.criteria.marks import Marks

_STATE_REACH = 12
_CHANGE_REACH = 4  # "a change to a previously stable dose": the words before a state that may say it changed
_PHRASE_ENDS = frozenset({",", ";", "and", "or", "but"})


def elapsed_since(marks: Marks, start: int, end: int, anchor: tuple[int, int], section: str) -> bool:
    """"4 weeks since prior surgery", "Four weeks from last chemotherapy", "6 weeks from nitrosoureas", "4 weeks post
    surgery", "6 weeks after oophorectomy", "14 days must have elapsed since …": a bare duration `[start, end)` counted
    from the last time something happened (`since_anchor` cues; the other `event_anchor` ones, "after" and
    "following", only for a period standing alone, `_stands_alone`, in an inclusion, not one lasting after it: "for 7
    days after", "2 weeks before and 2 weeks after surgery"; an exclusion's "may be enrolled 4 weeks after surgery"
    says a surgery within them excludes) is the least time that must have passed; one counted from a study reference
    point ("4 weeks from registration", "2 weeks after randomisation") is not."""
    doc = marks.doc
    if marks.cue_starting(end, "elapse") is not None:
        return True
    first, after = doc[anchor[0]].lower_, anchor[0] + 1
    if is_post_word(first):
        return True
    since = lexicon.words("since_anchor") | {windows.POST}  # "4 weeks since …", "… from …", "… post surgery"
    alone = (section == "inclusion" and first in lexicon.words("event_anchor") - since
             and not _lasts_after(marks, start) and _stands_alone(marks, start))
    if not (first in since or alone) or after >= len(doc):
        return False
    prior = any(t.lower_ in lexicon.words("prior_word") for t in doc[after:anchor[1]])  # "the last dose of prior …"
    return doc[after].lower_ in lexicon.words("recency_word") or prior or not names_reference_event(marks, after)


def _stands_alone(marks: Marks, start: int) -> bool:
    """Whether a period after an event starting at token `start` opens its clause ("6 weeks after oophorectomy",
    "…. Four weeks after the therapy is completed, …", "age ≥ 60 years, or 6 weeks after oophorectomy") or says when
    a patient may enter the study (`entry_word` cues: "may be enrolled 4 weeks after surgery", "may enter the study 2
    weeks after …"); not one dating what the clause names ("Relapse 12 months after completion of chemotherapy":
    within that time) or joined to another period ("… and 24 hours after …")."""
    doc, i = marks.doc, start - 1
    skipped = (lexicon.words("modal_verb") | lexicon.words("copula") | lexicon.words("period_article")
               | lexicon.words("study_word"))
    while i >= 0 and doc[i].lower_ in skipped:
        i -= 1
    alternative = i > 0 and doc[i].lower_ == "or" and doc[i - 1].text == ","
    return (i < 0 or alternative or doc[i].text in atoms.CLAUSE_PUNCT - {","}
            or doc[i].lower_ in lexicon.words("entry_word"))


def point_counted_back(marks: Marks, comparator: Span, anchor: tuple[int, int]) -> bool:
    """Whether a comparator placing a point in time (`point_comparator` cues: "no earlier than", "no later than",
    read as after an event: "no earlier than 75 days after transplant" is at least 75 days) counts back from its
    anchor ("no earlier than 6 months before screening" is within those 6 months: the bound mirrors)."""
    doc, before = marks.doc, comparator.start - 1
    if before >= 0 and doc[before].lower_ in lexicon.words("bound_link"):
        return False  # "at least 4 weeks and no later than 12 weeks prior to randomisation": a range's upper end
    return (comparator.text.lower() in lexicon.words("point_comparator")
            and bool(lexicon.phrase_from(doc, anchor[0], "backward_anchor")))


_PAIRED_REACH = 4
"""Tokens before a period after an event where the period before it is written ("2 weeks before and 2 weeks after")."""


def _lasts_after(marks: Marks, start: int) -> bool:
    """Whether a period starting at token `start` lasts after its event rather than having passed since it: "for 7
    days after", "until 3 months after" (`span_lead` cues), or the second of a period before and after ("for 7 days
    before, during, and for 7 days after")."""
    doc = marks.doc
    return (start > 0 and doc[start - 1].lower_ in lexicon.words("span_lead")) or any(
        lexicon.phrase_from(doc, i, "backward_anchor") for i in range(max(0, start - _PAIRED_REACH), start))


_PROVISO_REACH = 6
"""Tokens before a verb of completion within which a proviso makes it an ending ("allowed if completed …")."""


def ended_before(marks: Marks, start: int, anchor: tuple[int, int]) -> bool:
    """"discontinued 7 days prior to the first dose", "must have been completed 4 weeks prior": a bare period right
    after a verb saying something ended (`ended_verb` cues; one of completion, `completion_verb`, only in the perfect
    or after a proviso in its clause, "if completed …": "MRI completed 28 days prior" and "labs should be completed 14
    days prior" date recent results), counted back from a reference point (`backward_anchor`), is the least time
    since it ended."""
    doc = marks.doc
    if start == 0 or doc[anchor[0]].lower_ not in windows.looking_back():
        return False
    verb = doc[start - 1].lower_
    if verb in lexicon.words("ended_verb"):
        return True
    if verb not in lexicon.words("completion_verb"):
        return False
    if start >= 2 and doc[start - 2].lower_ == "been":
        return True  # "must have been completed 4 weeks prior": done and over (not "labs should be completed …")
    before = doc[max(0, start - 1 - _PROVISO_REACH):start - 1]
    clause = [t for t in before if t.i > max((u.i for u in before if u.text in (",", ";")), default=-1)]
    return any(t.lower_ in lexicon.words("proviso_word") for t in clause)


def held_for(marks: Marks, start: int) -> bool:
    """"on a stable dose for 4 weeks prior to entry", "off steroids for the last 6 months", "a stable dosage in
    the 2 months prior", "weight stable over the past 3 months": a period a state (`steady_state` cues) has lasted,
    opened by "for", is the least time it must have lasted; so is a period over which a level held (`steady_level`
    cues) opened by another word (`held_opener` cues), and one opened by "for" right after a `held_noun` ("a
    psoriasis diagnosis for 6 months")."""
    opener = _opener(marks, start)
    return opener is not None and _held_from(marks, opener)


def window_held_for(marks: Marks, start: int, section: str) -> bool:
    """Whether a window's period is how long something held (`held_for`), or, in an inclusion, one opened by "for"
    after a clause that denies nothing (`_affirmed_before`: "have used birth control for 6 weeks prior to dosing");
    exclusions write "use of X for 4 weeks prior" for recent use."""
    opener = _opener(marks, start)
    if opener is None:
        return False
    return _held_from(marks, opener) or (
        section == "inclusion" and marks.doc[opener].lower_ == "for" and _affirmed_before(marks, opener))


def held_before_anchor(marks: Marks, start: int) -> bool:
    """"at stable doses two weeks prior to the study date", "a stable dose of metformin 8 weeks before screening":
    a period that no word opens, right after a level said to hold in its phrase (`steady_level`, read as
    `_state_before` reads it for a period another word opens; no comma or "and" between: "a stable dose of
    levothyroxine, and TSH within normal limits 6 weeks prior" dates the TSH), is how long it held before the
    anchor."""
    doc, steady = marks.doc, lexicon.words("steady_level")
    phrase = start
    while phrase > 0 and doc[phrase - 1].lower_ not in steady and doc[phrase - 1].lower_ not in _PHRASE_ENDS:
        phrase -= 1
    return (_opener(marks, start) is None and phrase > 0 and doc[phrase - 1].lower_ in steady
            and _state_before(marks, start, steady, strict=True))


def _held_from(marks: Marks, opener: int) -> bool:
    """Whether the period `opener` opens is how long a state, a level or a diagnosis held (see `held_for`)."""
    doc = marks.doc
    if opener > 0 and doc[opener].lower_ == "for" and doc[opener - 1].lower_ in lexicon.words("held_noun"):
        return True
    if doc[opener].lower_ == "for":
        return _state_before(marks, opener, lexicon.words("steady_state"))
    return _state_before(marks, opener, lexicon.words("steady_level"), strict=True)


def _opener(marks: Marks, start: int) -> int | None:
    """The word opening a period that starts at `start` (`held_opener` cues: "for", "in", "over"), past articles
    and a noun of a period ("for a period of 5 years")."""
    doc, openers = marks.doc, lexicon.words("held_opener")
    opener = start
    if doc[opener].lower_ not in openers:  # else a window cue holds it ("for the last", "during the past")
        opener = start - 1
        if opener > 0 and doc[opener].lower_ == "of" and doc[opener - 1].lower_ in lexicon.words("period_noun"):
            opener -= 2  # "for a period of 5 years"
        while opener >= 0 and doc[opener].lower_ in lexicon.words("period_article"):
            opener -= 1  # "in the 2 months prior"
    return opener if opener >= 0 and doc[opener].lower_ in openers else None


_AFFIRMED_REACH = 40
"""Tokens back from "for" within which the clause must begin (a longer clause is not read)."""


def _affirmed_before(marks: Marks, opener: int) -> bool:
    """"Have used birth control for 6 weeks prior to dosing", "history of asthma for 12 months before screening": a
    period opened by "for" after a clause that denies nothing is how long what the clause says held. Not "no
    chemotherapy for 4 weeks prior" (a window free of the event), nor "≥ 2 exacerbations for the past 12 months"
    (a period looked back over, `recency_word` cues, in which the clause counts events: a window); a clause longer
    than the reach is not read. A comma before a word opening a predicate (`predicate_opening` cues) starts the
    clause: "who test negative for pregnancy at enrolment, have used birth control for 6 weeks" denies no use."""
    doc = marks.doc
    looks_back = any(t.lower_ in lexicon.words("recency_word") for t in doc[opener + 1:opener + 3])
    for i in range(opener - 1, max(-1, opener - _AFFIRMED_REACH), -1):
        if doc[i].text in atoms.BOUNDARY:
            return i < opener - 1
        if doc[i].text == "," and i + 1 < opener - 1 and doc[i + 1].lower_ in lexicon.words("predicate_opening"):
            return True
        if marks.has_cue(i, "negation") or (looks_back and parse_number(doc[i].text) is not None):
            return False
        if i == 0:
            return True
    return False


def _state_before(marks: Marks, opener: int, steady: frozenset[str], strict: bool = False) -> bool:
    """Whether a state word lies before the period's `opener`, in its clause. `strict` for a period another word
    opens ("during the last 4 weeks"), which dates an event more often than a state: the state must be a level held
    in that clause, not a condition's name ("stable angina … in the last 90 days"), not said not to hold ("not
    stable during"), not the thing a change is made to ("a change to a previously stable dose in the last 4
    weeks"), and not a word of an earlier clause ("clinically stable but hospitalised in the past 3 months")."""
    doc = marks.doc
    named = {span.start for span in marks.concepts} if strict else set()
    stops = lexicon.words("clause_conjunction") | lexicon.words("measure_change") if strict else frozenset()
    for i in range(opener - 1, max(-1, opener - _STATE_REACH), -1):
        if doc[i].text in atoms.BOUNDARY or doc[i].lower_ in stops:
            return False
        if doc[i].lower_ in steady:
            changed = any(t.lower_ in stops for t in doc[max(0, i - _CHANGE_REACH):i])
            return not strict or (i + 1 not in named and doc[i + 1].lower_ not in atoms.COORDINATION
                                  and not marks.has_cue(i - 1, "negation") and not changed)
    return False
