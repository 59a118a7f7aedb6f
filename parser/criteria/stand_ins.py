"""What a fallback phrase stands for when it cannot name a threshold's measure itself.

The words before a threshold are its measure's name unless they only point elsewhere: a change ("a change of ≥ 5%"),
a pronoun, a participle, a study reference point a window dated, a dose, a generic label, or the way a size was
measured ("a lesion by CT or MRI scan of ≥ 20 mm"). Asked by `measures.MeasureResolver` through `named_instead`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from parser.criteria import lexicon
from parser.criteria.cue_words import persons, strip_words
from parser.criteria.quantities import parse_number
from parser.criteria.unit_phrases import DOSE_DIMENSIONS
from parser.vocabulary import units

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from parser.criteria.atoms import Atom
    from parser.criteria.clauses import Clauses
    from parser.criteria.measure_lookup import MeasureLookup


def named_instead(lookup: MeasureLookup, atom: Atom, previous: Atom | None, clause: int, start: int,
                  end: int) -> tuple[int, int] | None:
    """What a fallback phrase stands for when it cannot be the measure itself: a word of change alone ("a change of
    ≥ 5%": what changed), a pronoun ("lesions …, they must be ≥ 10 mm": the clause before names them) or a
    participle alone (`standing_participle` cues: "failure of methotrexate, taken for at least 3 months"), the
    event of the window just before ("hemoptysis within 30 days prior to enrolment (≥ 5 mL …)": what the window
    dates, not the enrolment), a dose (how long the drug before it was taken), the way a size was measured (the
    lesion named before it), or a generic word (`generic_label` cues, persons: "patient", "period") standing for
    what the words around it name."""
    doc, clauses = lookup.doc, lookup.clauses
    standing = lexicon.words("pronoun") | lexicon.words("standing_participle")
    if end - start == 1 and doc[start].lower_ in standing and clause > 0:
        begin = clauses.clause_start(clause - 1, 0)
        found = clauses.trimmed(clauses.after_last_cut(begin, clause - 1), clause - 1)
        return found if found[1] > found[0] else None
    if previous is not None and previous.kind == "window" and previous.anchor is not None \
            and previous.anchor[0] <= start and end <= previous.anchor[1]:
        found = clauses.trimmed(clauses.clause_start(previous.start, 0), previous.start)
        return found if found[1] > found[0] else None
    if atom.bounds[-1].quantity.is_time and clause > 0 and _only_a_dose(doc, start, end):
        # "etanercept, 50 mg once weekly, for at least 6 months": how long the drug before the dose was taken
        begin = clauses.clause_start(clause - 1, 0)
        found = clauses.trimmed(clauses.after_last_cut(begin, clause - 1), clause - 1)
        return found if found[1] > found[0] and clauses.is_content(*found) else None
    if all(t.lower_ in lexicon.words("measure_change") for t in doc[start:end]):
        # "a change of ≥ 5%", "(change ≤ 5%)": a change of what the words after or before it name
        found = lookup.changes.change_after(atom) or clauses.before_bracket(atom.start, 0) or clauses.trimmed(
            clauses.clause_start(start, 0), start)
        return found if found[1] > found[0] and clauses.is_content(*found) else None
    if atom.bounds[-1].quantity.is_length and not _distance_after(doc, atom):
        tail = next((k for k in range(start, end) if _only_how_measured(doc, k, end)), None)
        if tail == start:
            return _lesion_before(clauses, start)  # "a measurable lesion by CT or MRI scan of ≥ 20 mm"
        if tail is not None and (lesion := _lesion_before(clauses, tail)) is not None:
            return lesion  # the words before reach the lesion: "target lesion by CT or MRI (MRI) scan of ≥ 15 mm"
    generic = lexicon.words("generic_label") | persons()
    if all(t.lower_ in generic for t in doc[start:end]):
        changed = lookup.changes.change_after(atom)  # "Patient has a > 20% decrease in serum albumin"
        if changed is not None:
            return changed
        # "history of urticaria for a period of ≥ 6 weeks"
        found = clauses.trimmed(clauses.clause_start(start, 0), start)
        if found[1] > found[0] and clauses.is_content(*found):
            return found
        return clauses.before_bracket(atom.start, 0)  # "Schober test (i.e. measure < 5 cm)"
    return None


def _only_how_measured(doc: Doc, start: int, end: int) -> bool:
    """Whether `[start, end)` names only how a size is measured ("magnetic resonance imaging (MRI) scan",
    "accurately measured in at least one dimension": `imaging_word`, `measuring_word` cues and function words),
    not what is measured."""
    how = lexicon.words("imaging_word") | lexicon.words("measuring_word")
    words = [t.lower_ for t in doc[start:end] if not (t.is_punct or t.like_num)]
    return any(w in how for w in words) and all(w in how or w in strip_words() for w in words)


def _lesion_before(clauses: Clauses, start: int) -> tuple[int, int] | None:
    """The lesion noun (`lesion_noun` cues, with "measurable" or "target" before it) right before the words saying
    how a size is measured, which start at `start`: what the size is of ("a measurable lesion by CT or MRI")."""
    doc = clauses.doc
    comparing = clauses.marks.comparator_tokens
    noun = start - 1
    while noun >= 0 and doc[noun].lower_ not in lexicon.words("lesion_noun"):
        if not (_only_how_measured(doc, noun, noun + 1) or doc[noun].lower_ in strip_words() | {"(", ")"}
                or noun in comparing):  # "one lesion or more that can be accurately measured"
            return None  # other words between: "brain metastasis: by MRI ≥ 5 mm from the chiasm" is no size
        noun -= 1
    if noun < 0:
        return None
    first = noun - (noun > 0 and doc[noun - 1].lower_ in lexicon.words("lesion_qualifier"))
    return first, noun + 1


def _distance_after(doc: Doc, atom: Atom) -> bool:
    """Whether the length is a distance from something (`distance_word` cues after it: "≥ 5 mm from the chiasm")."""
    return atom.end < len(doc) and doc[atom.end].lower_ in lexicon.words("distance_word")


def _only_a_dose(doc: Doc, start: int, end: int) -> bool:
    """Whether `[start, end)` states amounts and how they are given, and nothing else ("either 25 mg twice weekly
    or 50 mg once weekly", "at a dose of 15 mg/week"): numbers with their units, dose words (`dose_route`,
    `dose_multiplier`, `rate_head` cues) and function words."""
    dose_words = (lexicon.words("dose_route") | lexicon.words("dose_multiplier") | lexicon.words("rate_head")
                  | lexicon.words("strip"))
    amounts = [i for i in range(start, end - 1) if parse_number(doc[i].text) is not None
               and (unit := units.spelled(doc[i + 1].text)) is not None
               and units.dimension(unit) in DOSE_DIMENSIONS]
    return bool(amounts) and all(
        not t.is_alpha or t.lower_ in dose_words or units.spelled(t.text) is not None or parse_number(t.text)
        is not None for t in doc[start:end])
