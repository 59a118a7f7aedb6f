"""What a criterion confirmed at enrolment says besides its enrolment steps.

A criterion with an enrolment step (consent, contraception, the investigator's judgement) is the structured part
and the step (`rules.Rule.worded`) only when its other words are the wording of such steps
(`enrolment_word` rows of `screening.csv`: "willing", "able", "signed", "study", "women of childbearing
potential"). Any other word may be a clinical fact the structure left out, joined to the step by "and" ("must give
informed consent and have recovered from all toxicities of prior therapy", "must agree to use contraception, and
must have a BRCA1 mutation"): the step must not hide it, so the criterion asks a person and its reason names it.
A criterion that structures the investigator's judgement and nothing a record answers is that judgement as a whole
(`judges` rows): its other words are the grounds of it ("not suitable … due to any clinical or laboratory
abnormalities"). Beside a fact a record answers (pregnancy), the wording is read more strictly (`unread`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from parser.models.criteria import Comparison, Concept, Criterion
from parser.models.walk import iter_nodes
from parser.screen import terms
from parser.screen.words import screening_terms

_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_BREAK = re.compile(r"[.;:()\[\]]")
"""Punctuation that ends a run of words named together."""


def unread(criterion: Criterion, beside_facts: bool = False) -> str:
    """The runs of a criterion's words, outside its structured parts and their windows, that hold a word other than
    enrolment wording, each from the first such word to the last ("recovered from all toxicities of prior therapy"),
    joined by "; "; "" when every word left is enrolment wording or the criterion is a judgement. Numbers are
    wording (a window's count). `beside_facts`: the criterion also structures what a record answers (pregnancy):
    then a judgement is no whole of it ("poorly controlled hypertension, or another illness that, in the
    investigator's opinion, …"), and words that may state a fact beside it ("not currently receiving other
    investigational drugs": `fact_word` rows) are not wording."""
    vocabulary = screening_terms()
    leaves = [node for node in iter_nodes(criterion.expr) if isinstance(node, Concept | Comparison)]
    if not beside_facts and any(isinstance(node, Concept) and terms.category(node) in vocabulary.judging_categories
                                for node in leaves):
        return ""
    wording = vocabulary.enrolment_words - vocabulary.fact_words if beside_facts else vocabulary.enrolment_words
    text = criterion.text
    covered = [False] * len(text)
    for start, end in _read(text, leaves):
        covered[start:end] = [True] * (end - start)
    runs: list[list[tuple[int, int]]] = [[]]
    last = 0
    for word in _WORD.finditer(text):
        start, end = word.span()
        structured = any(covered[start:end])
        if structured or _BREAK.search(text, last, start):
            runs.append([])
        last = end
        if not structured and not word.group().isdigit() and word.group().lower() not in wording:
            runs[-1].append((start, end))
    return "; ".join(text[run[0][0]:run[-1][1]] for run in runs if run)


def _read(text: str, leaves: list[Concept | Comparison]) -> list[tuple[int, int]]:
    """Where the structured parts read the text: their spans and windows, the negation right before a denied concept
    ("Non pregnant"), and wherever the text names again what one of its concepts reads ("Non pregnant or
    lactating": the concept "pregnant" reads lactation too; "… a positive pregnancy test")."""
    spans = []
    for node in leaves:
        spans.append(node.span)
        if isinstance(node, Concept) and node.within is not None:
            spans.append(node.within.span)
        if isinstance(node, Concept) and node.negated and (denial := _DENIAL_BEFORE.search(text, 0, node.span[0])):
            spans.append(denial.span())
    names = {term for node in leaves if isinstance(node, Concept) for term in terms.naming_terms(node.concept.lower())}
    return spans + ([found.span() for found in _naming(tuple(sorted(names))).finditer(text)] if names else [])


_DENIAL_BEFORE = re.compile(r"(?<![\w-])(?:non|not|no)[\s-]*$", re.IGNORECASE)


@lru_cache(maxsize=1024)
def _naming(names: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern of the terms a criterion's concepts read, longest first, as whole words; criteria share most."""
    pattern = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])", re.IGNORECASE)


__all__ = ["unread"]
