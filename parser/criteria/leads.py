"""What a lead to a list ("History of any of the following within the past 6 months:") does to the items under it.

- A lead with a window dates each listed event: its own expression names one concept per item, with the window
  (`with_listed_events`); the items under it restate them undated, which a screener leaves to the lead.
- A lead of an inclusion that opens with a denial ("No history of any of the following:", `lexicon.lead_reading`)
  denies each item that only names concepts: read alone, "Stroke" under it would require a stroke and turn away
  every patient without one. In an exclusion such a lead restates that its items exclude.
- A lead whose words set its items apart in another way ("… except the following:", "No proteinuria, as demonstrated
  by either of the following:", "Patients with > 3 of the following are not eligible:") leaves how each item bears
  to a person, as does a denying lead with a window, or over a threshold: the items keep their structure, and their
  rest is `unknown`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

from spacy.tokens import Doc

from parser.criteria import lexicon
from parser.criteria.assemble import Result
from parser.criteria.cue_words import persons, strip_words
from parser.models.criteria import AllOf, AnyOf, Concept, Expr, Not, Op, Rest
from parser.models.walk import iter_nodes, rebuilt

_NUMBER = re.compile(r"\d+")
_LIST_JOINER = re.compile(r"[\s,;.]*(?:\b(?:or|and)\b)?[\s,;.]*$", re.IGNORECASE)
"""What ends a listed item besides its words: "Myocardial infarction;", "Unstable angina, or"."""
_EVENT_WORDS = 12
"""The most words of a listed item read as the name of an event ("Unstable angina"), not as a criterion of its own."""
_WORD = re.compile(r"[\w/-]+")
_CLAUSE_MARKS = frozenset({",", ";", "."})
_SUBJECT_WORDS = 6
"""The most words of what a lead says its items bound ("the cumulative geographic atrophy lesion size")."""
_DENIED_REST: dict[Rest, Rest] = {"narrowing": "alternative", "alternative": "narrowing"}
"""A rest that narrows an item widens its denial, and one that is another way to meet it narrows the denial."""


def lead_words(text: str) -> list[str]:
    """The lower-case words of an item's text but a closing colon: a lead to the items under it ("Adequate renal
    function as defined by one of the following:", "Cohort A: patients with one of the following:")."""
    return _WORD.findall(text.rstrip().removesuffix(":").lower())


def with_listed_events(expr: Expr | None, listed: list[str]) -> Expr | None:
    """"History of any of the following within the past 6 months:" over a list of items: the window dates each item,
    one concept per item (any of them, or all of them absent when the lead is negated: "None of the following …"),
    each with the lead's words as its text."""
    if not listed or expr is None:
        return expr
    names = [_LIST_JOINER.sub("", text) for text in listed]

    def listed_events(node: Expr) -> Expr:
        if not (isinstance(node, Concept) and node.within is not None
                and lexicon.names_the_following(node.concept.lower().split())):
            return node
        if not all(_names_an_event(name) for name in names):  # labs or prose below a lead: one concept for all
            return node.model_copy(update={"concept": "; ".join(names)})
        copies: list[Expr] = [node.model_copy(update={"concept": name}) for name in names]
        return AllOf(all=copies) if node.negated else AnyOf(any=copies)

    return rebuilt(expr, listed_events)


def lead_subject(doc: Doc) -> str | None:
    """What a lead with no threshold of its own says its items bound, for a bare threshold under it ("≥ 1.27 mm2"):
    the noun phrase opening the lead's last clause, past who has it and how ("Patients currently receiving an"), when
    a verb, a relative pronoun or the words opening its list end it ("the cumulative lesion size must be:", "receiving
    an ARV regimen for the following minimum time periods:", "a tumour that is any of the following:"). None when
    that is long, names persons ("Paediatric participants:"), refers to the list itself (`list_reference` cues: "one
    of the following criteria:", "DISEASE CHARACTERISTICS:") or goes on ("Adequate organ and marrow function")."""
    close = next((t.i for t in doc if t.text == ":" or lexicon.phrase_from(doc, t.i, "list_lead")), len(doc))
    opening = lexicon.words("clause_conjunction") - lexicon.words("relative_pronoun")
    start = max((t.i + 1 for t in doc[:close] if t.text in _CLAUSE_MARKS or t.lower_ in opening),
                default=0)  # "Lesions may be multifocal, but | the cumulative lesion size must be:"
    verbs = lexicon.words("modal_verb") | lexicon.words("copula") | lexicon.words("relative_pronoun")
    skipped = (persons() | strip_words() | lexicon.words("receiving_verb") | lexicon.words("having_verb")
               | lexicon.words("period_article") | lexicon.words("lead_subject")) - verbs
    while start < close and doc[start].lower_ in skipped:
        start += 1
    end = next((t.i for t in doc[start:close] if t.lower_ in verbs | lexicon.words("np_stop")), close)
    ended = end < close and doc[end].lower_ in verbs or all(t.lower_ in lexicon.words("list_opener")
                                                            for t in doc[end:close])
    words = {t.lower_ for t in doc[start:end]}
    if (end == start or end - start > _SUBJECT_WORDS or not ended
            or words & lexicon.words("list_reference") or doc[end - 1].lower_ in persons()
            or not any(t.is_alpha for t in doc[start:end])):
        return None  # "Adequate organ and marrow function …", "Specific to never-users:": not one phrase
    return doc[start:end].text


def _names_an_event(text: str) -> bool:
    """Whether a listed item only names an event: short, with no number (no threshold, no period of its own)."""
    return len(text.split()) <= _EVENT_WORDS and not _NUMBER.search(text)


@dataclass(frozen=True)
class Lead:
    """How a lead bears on the items under it (`lexicon.lead_reading`)."""

    reading: Literal["affirmed", "denied", "open"]
    period: Op | None = None
    """The bound of a bare period an item states after its label ("Cytotoxic chemotherapy: 14 days"), when the lead
    says its items are periods and has none of its own (`_period_of`)."""

    @classmethod
    def of(cls, text: str, section: str, expr: Expr | None, above: Lead | None) -> Lead:
        """The lead an item with items under it is (`expr`: its own; `above`: the lead it is an item of, if any). A
        denied lead with a window ("No treatment with any of the following within 4 weeks") denies its items in the
        window only, which they do not repeat: how each bears is for a person, unless the lead names them as its
        dated events (a screener reads those). A lead under a denying lead denies its own items in turn ("No history
        of any of the following:" over "Cardiovascular disease, including:" over "Myocardial infarction"); under a
        lead left to a person, or denying them again, they are for a person."""
        words = lead_words(text)
        lists = text.rstrip().endswith(":") or "following" in words  # not an item with remarks indented under it
        reading = lexicon.lead_reading(words, section) if lists else "affirmed"
        if reading == "denied" and any(isinstance(node, Concept) and node.within is not None
                                       for node in iter_nodes(expr)):
            reading = "open"
        if above is not None and above.reading != "affirmed":
            reading = "denied" if above.reading == "denied" and reading == "affirmed" else "open"
        return cls(reading, _period_of(words, section, expr) if lists else None)

    def item(self, result: Result, section: str, text: str) -> Result:
        """An item's result as this lead reads it. A denying lead denies an item of an inclusion that only names
        concepts; a threshold or a window under it may be a requirement the lead's words restate ("No clinically
        significant laboratory abnormalities, defined as: platelets ≥ 100,000/mm3"), and an item wording an exception
        or a denial of its own ("Prior hormonal therapy allowed") says something else: those are for a person."""
        if result.expr is None or self.reading == "affirmed":
            return result
        words = lead_words(text)
        plain = not lexicon.has_phrase(words, "negation") and not lexicon.has_phrase(words, "lead_open")
        if self.reading == "denied" and section == "inclusion" and plain and _names_only(result.expr):
            return replace(result, expr=_denied(result.expr), rest=_DENIED_REST.get(result.rest, result.rest))
        return replace(result, coverage="partial", rest="unknown")


def _period_of(words: list[str], section: str, expr: Expr | None) -> Op | None:
    """How a lead with no window of its own bounds the bare periods of its items, when its words say they are periods
    or washouts (`period_lead`, `washout_word` cues) and nothing steady ("Stable treatment for the following intervals:"
    asks how long a dose held: `steady_state` cues): a period the lead says something happened within ("Receipt of any
    of the following within the specified period before leukapheresis:") is at most that long ago (`<=`); a washout an
    exclusion lists ("Insufficient wash-out period for the following:") excludes as recent use does (`<=`), and one an
    inclusion lists ("Washout periods from prior therapy:") asks at least that long since (`>=`)."""
    if not set(words) & (lexicon.words("period_lead") | lexicon.words("washout_word")) or set(words) & lexicon.words(
            "steady_state") or any(isinstance(node, Concept) and node.within is not None for node in iter_nodes(expr)):
        return None
    return "<=" if lexicon.has_phrase(words, "window") or section == "exclusion" else ">="


def _names_only(expr: Expr) -> bool:
    """Whether an expression only names concepts, undated."""
    return all((isinstance(node, Concept) and node.within is None) or isinstance(node, AllOf | AnyOf | Not)
               for node in iter_nodes(expr))


def _denied(expr: Expr) -> Expr:
    if isinstance(expr, Concept):
        return expr.model_copy(update={"negated": not expr.negated})
    return expr.not_ if isinstance(expr, Not) else Not(**{"not": expr})


__all__ = ["Lead", "lead_subject", "lead_words", "with_listed_events"]
