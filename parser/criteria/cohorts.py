"""Cohorts labelled inside one item ("Cohort A: … Cohort B: …", "Part 1: … Part 2: …"): each label opens what one
cohort of the trial must meet, so an inclusion is met by meeting any cohort's part, never all of them at once
("Cohort I: 12 - 23 mo. Cohort II: 9 - 11 mo." asks for one age range, not both)."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from parser.criteria import lexicon

_MAX_LABEL_TOKENS = 6
"""Tokens between a cohort word and its colon: its labels ("Groups 1 and 5", "Part B2 and B3")."""
_LABEL_JOINS = frozenset({"and", "or", "&", "/", ",", "-", "–"})
_ROMAN = re.compile(r"[IVX]{1,4}[a-cA-C]?")


def is_label(text: str) -> bool:
    """Whether a token names a cohort: a letter or two with a digit ("A", "B2"), a number ("1", "2a") or a roman
    numeral, with a letter of its subphase ("IV", "Ib")."""
    short = len(text) <= 3 and text.isalnum() and (text.isupper() or text[0].isdigit())
    return short or _ROMAN.fullmatch(text) is not None


def cohort_labels(doc: Doc) -> list[int]:
    """Where an item's cohort labels start (a `cohort_word`, its labels, a colon), if it labels two or more cohorts,
    each once; one label alone is a heading of its own, and a label naming a cohort again ("Bilirubin:
    Groups 1-4: … Group 5: … Creatinine clearance: Groups 1 and 5: …") starts another partition of the same cohorts,
    which is no choice between them."""
    words = lexicon.words("cohort_word")
    found: list[int] = []
    named: set[str] = set()
    for i, token in enumerate(doc):
        if token.lower_ not in words or i + 2 >= len(doc) or not is_label(doc[i + 1].text):
            continue
        j = i + 2
        while j < min(len(doc), i + _MAX_LABEL_TOKENS) and (doc[j].lower_ in _LABEL_JOINS or is_label(doc[j].text)):
            j += 1
        if j < len(doc) and doc[j].text == ":":
            labels = {t.text.lower() for t in doc[i + 1:j] if is_label(t.text)}
            if labels & named:
                return []
            found.append(i)
            named |= labels
    return found if len(found) >= 2 else []
