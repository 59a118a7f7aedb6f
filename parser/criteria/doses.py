"""Whose a dose is: a phrase made only of a dose ("the dose must be stable", "a daily dose") names no measure of
its own; the drug a sentence says is taken, or the treatment right before the dose's bracket, does."""

from __future__ import annotations

from typing import TYPE_CHECKING

from parser import vocabulary
from parser.criteria import lexicon

if TYPE_CHECKING:
    from parser.criteria.clauses import Clauses

_MAX_TREATMENT = 12
"""Tokens of a treatment a bracketed dose is of ("Methotrexate treatment (stable dose …)"); more make a clause."""


def drug_of_dose(clauses: Clauses, span: tuple[int, int]) -> tuple[int, int] | None:
    """The drug a sentence says is taken ("receiving X", "on X": `person_use_link` cues) before a phrase made only of
    a dose (`dose_word` cues), words about it being steady (`dose_state_word`, modal verbs: "the dose must be stable",
    "a stable dose") and what part of it is meant (`dose_qualifier`: "a daily dose"): that dose is the drug's ("if
    receiving steroids, the dose must be stable for ≥ 5 days"), named from the drug to the dose; such a phrase opening
    a bracket after a treatment stands for the treatment."""
    doc, doses = clauses.doc, lexicon.words("dose_word")
    fillers = (doses | lexicon.words("dose_state_word") | lexicon.words("dose_grammar")
               | lexicon.words("dose_qualifier") | lexicon.words("modal_verb") | lexicon.words("copula"))
    if (permitted := _permitted_drug(clauses, span, fillers)) is not None:
        return permitted
    words = [t.lower_ for t in doc[span[0]:span[1]] if t.is_alpha]
    if not set(words) & doses or not set(words) <= fillers:
        return None
    uses, sentence = lexicon.words("person_use_link"), clauses.sentence_start(span[0])
    for i in range(span[0] - 1, sentence - 1, -1):
        if doc[i].lower_ in uses and (drug := clauses.right_phrase(i + 1)) is not None and drug[1] <= span[0]:
            return drug[0], span[1]  # "corticosteroids, the dose must be stable": the drug and its dose
    treatment = clauses.before_bracket(span[0], sentence)  # "Methotrexate treatment (stable dose, ≤ 25 mg/week)"
    if treatment is None:
        return None
    joins = lexicon.words("or_word") | lexicon.words("coordinator") | {",", ")"}
    last = max((k + 1 for k in range(*treatment) if doc[k].lower_ in joins), default=treatment[0])
    steady = doc[treatment[1] - 1].lower_ in lexicon.words("dose_state_word")
    if steady or _names_a_condition(clauses, last, treatment[1]):
        return None  # "in combination with stable (unchanged doses …) OAD", "Hypothyroidism (daily dose …)"
    return (last, treatment[1]) if 0 < treatment[1] - last <= _MAX_TREATMENT else None  # "diet, and metformin ("


def _permitted_drug(clauses: Clauses, span: tuple[int, int], fillers: frozenset[str]) -> tuple[int, int] | None:
    """"Oral 5-ASA compounds are permitted if at a stable dose", "Methotrexate is allowed if the dose has been stable":
    a dose a permission (`lead_permission` cues, then "if") makes its condition is the dose of what the sentence
    opens with, named from it to the dose."""
    doc = clauses.doc
    cut = next((k for k in range(span[0] + 1, span[1]) if doc[k].lower_ in lexicon.words("condition_lead")
                and doc[k - 1].lower_ in lexicon.words("lead_permission")), None)
    if cut is None:
        return None
    words = {t.lower_ for t in doc[cut + 1:span[1]] if t.is_alpha}
    if not words & lexicon.words("dose_word") or not words <= fillers:
        return None
    drug = clauses.right_phrase(clauses.past_persons(clauses.sentence_start(span[0]), cut))
    return (drug[0], span[1]) if drug is not None and drug[1] <= cut else None  # "Patients taking | SSRIs are …"


def _names_a_condition(clauses: Clauses, start: int, end: int) -> bool:
    """Whether words name a condition rather than a treatment: a lexicon concept of another category than treatment
    ("controlled hypertension"), a word heading a condition (`condition_head` cues: "disease") or one ending as a
    disease's name does (`disease_ending` cues: "hypothyroidism")."""
    marks = clauses.marks
    concepts = [vocabulary.concept_named(span.text) for span in marks.concepts
                if start <= span.start and span.end <= end]
    endings = tuple(lexicon.words("disease_ending"))
    return (any(entry is not None and entry.category != "treatment" for entry in concepts)
            or any(marks.has_cue(k, "condition_head") or clauses.doc[k].lower_.endswith(endings)
                   for k in range(start, end)))
