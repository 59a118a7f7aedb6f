"""A concept that says which other concept is meant, rather than being a requirement of its own.

"No prior chemotherapy for metastatic disease": the disease is what the treatment is for (`treated_condition_link`
cues); "Active infection requiring systemic therapy": the therapy is what the condition requires
(`required_treatment_link` cues). Either way the second concept, and the words before it, narrow the first: a
screener reads the first concept and leaves the narrowing to the rest (`rest.classify_rest`). A concept listed
after one of them is one of its own ("… for metastatic disease, or known brain metastases"), unless an "or"
alone joins it to a modifier term ("… for metastatic or recurrent disease": one disease, two modifiers).
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Span

from parser.criteria import lexicon
from parser.criteria.clauses import negation_words
from parser.criteria.modifiers import modifier_start, plain_word
from parser.models.criteria import Concept, Expr

_LINKS = {"condition": ("treatment", "treated_condition_link"), "treatment": ("condition", "required_treatment_link")}
"""A concept's category to the category of the concept it may narrow and the cues that link the two."""


def circumstance_start(doc: Doc, span: Span, category: str, nodes: Sequence[tuple[int, int, Expr]],
                       continued_from: int) -> int | None:
    """Where the words begin that make a concept mention (`span`, of `category`) say which concept of the node before
    it (the last of `nodes`) is meant, or None when it is a concept of its own; `continued_from`: where the last such
    mention ended (-1: none), which one joined to it by an "or" after a modifier term continues."""
    narrowed, cue = _LINKS.get(category, (None, None))
    if cue is None or not nodes:
        return None
    first = _own_modifiers(doc, span.start)
    between = [t.lower_ for t in doc[continued_from:first]] if continued_from >= 0 else []
    if (len(between) == 1 and between[0] in lexicon.words("modifier_join")
            and doc[continued_from - 1].lower_ in lexicon.words("modifier_term")):
        return continued_from
    link = next((found for i in range(first, span.start + 1)
                 if (found := lexicon.phrase_before(doc, i, cue)) is not None), None)  # "requiring": a word too
    _, end, previous = nodes[-1]
    return end if isinstance(previous, Concept) and previous.category == narrowed and end == link else None


def _own_modifiers(doc: Doc, start: int) -> int:
    """Where the modifiers of a noun starting at `start` begin, none of them a negation or a join ("for rectal
    cancer and no distant metastasis": "distant" only)."""
    stops = negation_words() | lexicon.words("modifier_join")
    return modifier_start(doc, start, lambda i: plain_word(doc[i]) and doc[i].lower_ not in stops)


__all__ = ["circumstance_start"]
