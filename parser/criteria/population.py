"""The sex an inclusion's population is defined by, which its thresholds leave unsaid.

"Women aged 18-45 years" structures the age alone: a man of 30 met it, as if the word "Women" were filler. Where an
inclusion names one sex before ages, and nothing else, the sex is one more requirement. Not a subgroup's
requirement ("Women of childbearing potential must have a negative pregnancy test", "Female subjects must be
post-menopausal for at least 1 year", "Body fat > 25% for men"), which names a concept or another measure or puts
the sex after its threshold, nor both sexes ("Men and women aged 18-75")."""

from __future__ import annotations

from spacy.tokens import Doc

from parser.criteria import lexicon
from parser.criteria.source_tokens import Locate
from parser.models.criteria import AllOf, AnyOf, Comparison, Expr
from parser.models.walk import iter_nodes

_FEMALE = frozenset({"female", "females", "women", "woman"})
"""The `sex_word` cues that name women; the others name men."""


def population_sex(doc: Doc, expr: Expr, locate: Locate) -> int | None:
    """The token of the one sex an inclusion made only of ages names before them ("Healthy male subjects aged 18-55
    years", "Must be male ≥ 48 years"), or None. Not one a subgroup word opens ("for women", "if female"), nor in a
    criterion about reproduction (`reproductive_word` cues), which is a subgroup's whatever its structure."""
    nodes = list(iter_nodes(expr, conditions=False))
    if not all(isinstance(node, AllOf | AnyOf) or (isinstance(node, Comparison) and node.measure == "age")
               for node in nodes):
        return None
    starts = [tokens.start for node in nodes if isinstance(node, Comparison) and (tokens := locate(node.span))]
    sexes = [t for t in doc if t.lower_ in lexicon.words("sex_word")]
    if (not starts or not sexes or len({t.lower_ in _FEMALE for t in sexes}) > 1
            or any(t.lower_ in lexicon.words("reproductive_word") for t in doc)):
        return None  # "Female subjects who are ≥ 7 y and premenarchal will not undergo pregnancy tests": a subgroup's
    first = sexes[0]
    if first.i >= min(starts) or (first.i > 0 and doc[first.i - 1].lower_ in lexicon.words("subgroup_lead")):
        return None
    return first.i
