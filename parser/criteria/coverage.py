"""How much of a criterion its expression reads: the naming words left out, the numbers left out (a number left out
may be a lost threshold), and whether what is left out keeps the reading from being the whole criterion."""

from __future__ import annotations

import re
from functools import cache

from spacy.tokens import Doc

from parser.criteria import lexicon
from parser.criteria.atoms import Atom
from parser.criteria.cue_words import negation_words, persons, strip_words
from parser.criteria.marks import Marks
from parser.criteria.population import bounds_ages_only, population_state
from parser.criteria.quantities import parse_number
from parser.criteria.rest import leaves_out_an_alternative, leaves_out_an_exception
from parser.models.criteria import Concept, Coverage, Expr
from parser.models.walk import iter_nodes
from parser.vocabulary import concept_named

_FULL_SHARE = 0.7
"""The share of a criterion's naming words an expression must read to be all of it."""


@cache
def not_content() -> frozenset[str]:
    """Words that name nothing a criterion is about, for `read_coverage` (one union, not one per item)."""
    return strip_words() | negation_words() | persons() | lexicon.words("age_word")


def _citation_mark(doc: Doc, i: int) -> bool:
    """Whether the number at token `i` stands alone in square brackets: a reference to a citation ("[2]")."""
    return 0 < i < len(doc) - 1 and doc[i - 1].text == "[" and doc[i + 1].text == "]"


def read_coverage(doc: Doc, marks: Marks, covered: set[int], expr: Expr | None, atoms: list[Atom], *,
                  cut: bool) -> tuple[Coverage, list[int], int]:
    """How much of the item the expression captures, the naming words it leaves out (token indices), and how
    many numbers it leaves out (a number left out may be a lost threshold, so the rest is for a person).
    Words left out that "or" ties to the structure are another way to meet it, an exception cut from an event's
    name narrows it (`cut`, so does a narrowed head of listed instances left out): never `full`, however few."""
    if expr is None:
        return "none", [], 0
    blocked = marks.measure_at.keys()
    ignored = not_content()
    ages_only = bounds_ages_only(expr)
    stray, content, uncovered = 0, 0, []
    for token in doc:
        i = token.i
        if token.is_alpha and (token.lower_ not in ignored or population_state(doc, i, ages_only)):
            content += 1
            if i not in covered and i not in blocked:
                uncovered.append(i)
        elif (token.like_num and i not in covered and i not in blocked and parse_number(token.text)
              and not marks.cue_ending(i, "decoy_before")):  # "RECIST 1.1", "version 5.0": labels
            stray += i not in marks.standard_tokens and not _citation_mark(doc, i)
            # nor "according to the 8th edition of the AJCC staging system", nor a reference mark "… criteria [2]"
    if (atoms and not stray and not cut
            and content - len(uncovered) >= _FULL_SHARE * max(1, content)
            and not leaves_out_an_alternative(doc, uncovered, covered)
            and not _leaves_out_a_denial(doc, covered, uncovered)
            and not leaves_out_an_exception(doc, uncovered, covered)):
        return "full", uncovered, stray
    return "partial", uncovered, stray


def _leaves_out_a_denial(doc: Doc, covered: set[int], uncovered: list[int]) -> bool:
    """"… within 7 days without using blood products": a denial (`denial_lead` cues) left out with the words it
    denies is one more requirement, however few its words ("… is not allowed" only restates the structure)."""
    left_out, leads = set(uncovered), lexicon.words("denial_lead")
    return any(t.lower_ in leads and t.i not in covered and t.i + 1 in left_out for t in doc)


def progression_left_open(doc: Doc, marks: Marks, covered: set[int], expr: Expr | None) -> bool:
    """Whether a progression the expression reads is left open by words around it: its order to another event
    ("after first-line chemotherapy", "on prior taxane therapy", `order_word` cues) or its site ("of brain
    metastases", "in the liver": a `progression_site_word` right after it). No record of conditions says either,
    so which patients the item bears on is a person's call."""
    if not any(isinstance(node, Concept) and _progression().search(node.concept.lower()) is not None
               for node in iter_nodes(expr)):
        return False
    orders, sites = lexicon.words("order_word"), lexicon.words("progression_site_word")
    return any(t.lower_ in orders and t.i not in covered for t in doc) or any(
        span.end < len(doc) and span.end not in covered and doc[span.end].lower_ in sites
        for span in marks.concepts if _progression().search(span.text.lower()) is not None)


@cache
def _progression() -> re.Pattern[str]:
    """The terms of the concepts whose order to other events a criterion may ask (`ordered_condition` rows: disease
    progression), as whole words of a concept's name ("locoregional recurrence")."""
    terms = {term for row in lexicon.words("ordered_condition")
             if (entry := concept_named(row)) is not None for term in (entry.concept, *entry.terms)}
    return re.compile(rf"\b(?:{'|'.join(map(re.escape, sorted(terms, key=len, reverse=True)))})\b")
