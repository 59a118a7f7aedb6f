"""What a criterion confirmed at enrolment says besides its enrolment steps.

A criterion that structures only enrolment concepts (consent, contraception, the investigator's judgement) is read
at enrolment as a whole (`rules.Rule.confirm_only`) only when its other words are the wording of such steps
(`enrolment_word` rows of `screening.csv`: "willing", "able", "signed", "study", "women of childbearing
potential"). Any other word may be a clinical fact the structure left out, joined to the step by "and" ("must give
informed consent and have recovered from all toxicities of prior therapy", "must agree to use contraception, and
must have a BRCA1 mutation"): the step must not hide it, so the criterion asks a person and its reason names it.
A criterion that structures the investigator's judgement is that judgement as a whole (`judges` rows): its other
words are the grounds of it ("not suitable … due to any clinical or laboratory abnormalities").
"""

from __future__ import annotations

import re

from parser.models.criteria import Comparison, Concept, Criterion
from parser.models.walk import iter_nodes
from parser.screen import terms
from parser.screen.words import screening_terms

_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_BREAK = re.compile(r"[.;:()\[\]]")
"""Punctuation that ends a run of words named together."""


def unread(criterion: Criterion) -> str:
    """The runs of a criterion's words, outside its structured parts and their windows, that hold a word other than
    enrolment wording, each from the first such word to the last ("recovered from all toxicities of prior therapy"),
    joined by "; "; "" when every word left is enrolment wording or the criterion is a judgement. Numbers are
    wording (a window's count)."""
    vocabulary = screening_terms()
    leaves = [node for node in iter_nodes(criterion.expr) if isinstance(node, Concept | Comparison)]
    if any(isinstance(node, Concept) and terms.category(node) in vocabulary.judging_categories for node in leaves):
        return ""
    text = criterion.text
    covered = [False] * len(text)
    for node in leaves:
        for start, end in [node.span] + ([node.within.span] if isinstance(node, Concept) and node.within else []):
            covered[start:end] = [True] * (end - start)
    for start, end in _named(text, leaves):
        covered[start:end] = [True] * (end - start)
    runs: list[list[tuple[int, int]]] = [[]]
    last = 0
    for word in _WORD.finditer(text):
        start, end = word.span()
        structured = any(covered[start:end])
        if structured or _BREAK.search(text, last, start):
            runs.append([])
        last = end
        if not structured and not word.group().isdigit() and word.group().lower() not in vocabulary.enrolment_words:
            runs[-1].append((start, end))
    return "; ".join(text[run[0][0]:run[-1][1]] for run in runs if run)


def _named(text: str, leaves: list[Concept | Comparison]) -> list[tuple[int, int]]:
    """Where the text names again what one of its concepts reads ("Non pregnant or lactating": the concept
    "pregnant" reads lactation too; "… a positive pregnancy test"): those words are structured."""
    names = {term for node in leaves if isinstance(node, Concept) for term in terms.naming_terms(node.concept.lower())}
    if not names:
        return []
    pattern = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    return [found.span() for found in re.finditer(rf"(?<![\w-])(?:{pattern})(?![\w-])", text, re.IGNORECASE)]


__all__ = ["unread"]
