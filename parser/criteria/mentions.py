"""Concepts named beside thresholds as a disjunct of their own.

"Clinical or radiological evidence of spinal cord compression, or tumours within 3 mm of the spinal cord": the
compression is one way to meet the criterion, the distance another. A lexicon concept is such a disjunct only when it
is all its disjunct says: between the item's start or an "or" and the item's end or an "or" (one of the two an
"or"), nothing but the concept and words of evidence (`mention_filler` rows: "clinical", "evidence of", "known").
A concept that is the object or the circumstance of something else ("prior chemotherapy for metastatic disease, or
ANC < 1500") never is: a screener would exclude every metastatic patient by it. Nor is a term that only modifies
a noun (`modifier_term` rows: "metastatic", "surgical").

A lexicon concept that is all a sentence of an inclusion says, but for words saying how it is confirmed
("MRI-confirmed liver metastases. At least one measurable lesion …": `rest_qualifier` cues, `mention_filler`
rows), is one more requirement of the item: `sentence_mentions`.
"""

from __future__ import annotations

from collections.abc import Set

from spacy.tokens import Doc

from parser import vocabulary
from parser.criteria import lexicon
from parser.criteria.atoms import BOUNDARY
from parser.criteria.marks import Marks


def disjunct_mentions(marks: Marks, taken: Set[int], thresholds: Set[int]) -> list[tuple[int, int, int]]:
    """(start, end, opening) of each lexicon concept outside the tokens `taken` (those the structured parts cover)
    that is a disjunct of its own, one "or" away from a threshold's words (`thresholds`); its words of evidence
    begin at `opening`. An "or" between other words joins their modifiers or a list of events one window dates
    ("recurrent or metastatic disease", "since prior chemotherapy or targeted therapy"), never two ways."""
    doc = marks.doc
    filler = lexicon.words("mention_filler")
    found: list[tuple[int, int, int]] = []
    for span in marks.concepts:
        if (vocabulary.concept_named(span.text) is None or span.text.lower() in lexicon.words("modifier_term")
                or any(i in taken for i in range(span.start, span.end))):
            continue  # "metastatic or locally advanced NSCLC": a modifier of the noun after the "or"
        opening = span.start
        while opening > 0 and _evidence_word(doc, opening - 1, filler):
            opening -= 1
        before, after = _opened(doc, opening, thresholds), _closed(doc, span.end, thresholds, filler)
        if before is not None and after is not None and (before or after):
            found.append((span.start, span.end, opening))
    return found


_JOINERS = frozenset({"/", "-"})
"""What may join the words of a sentence that only names a concept and how it is confirmed ("MRI/CT-confirmed")."""


def sentence_mentions(marks: Marks, occupied: Set[int], qualifying: Set[int]) -> list[tuple[int, int]]:
    """(start, end) of each lexicon concept that is all its sentence says but for words saying how it is confirmed
    (`qualifying` tokens, at least one: a bare name may be a title, "Pregnancy test. Women … must have …"), words of
    evidence (`mention_filler` rows) and a slash or hyphen, in a sentence with no token of a threshold or a window
    (`occupied`) nor a bracket: "MRI/enhanced CT confirmed liver metastases." beside a sentence with a threshold.
    Never a term that only modifies a noun, nor a concept a word of its sentence negates or qualifies otherwise (no
    such word is allowed)."""
    doc = marks.doc
    filler = lexicon.words("mention_filler")
    found: list[tuple[int, int]] = []
    for span in marks.concepts:
        if vocabulary.concept_named(span.text) is None or span.text.lower() in lexicon.words("modifier_term"):
            continue
        start, end = span.start, span.end
        while start > 0 and doc[start - 1].text not in BOUNDARY:
            start -= 1
        while end < len(doc) and doc[end].text not in BOUNDARY:
            end += 1
        if start == 0 and end == len(doc):
            continue  # the item is one sentence: its concepts are read with its thresholds
        others = [i for i in range(start, end) if not span.start <= i < span.end]
        if not any(i in occupied for i in range(start, end)) and any(i in qualifying for i in others) and all(
                i in qualifying or doc[i].text in _JOINERS or doc[i].lower_ in filler for i in others):
            found.append((span.start, span.end))
    return found


def _evidence_word(doc: Doc, i: int, filler: frozenset[str]) -> bool:
    """A word of evidence, or an "or" between two ("clinical or radiological evidence of")."""
    word = doc[i].lower_
    return word in filler or (word in lexicon.words("or_word") and i > 0 and doc[i - 1].lower_ in filler)


def _opened(doc: Doc, start: int, thresholds: Set[int]) -> bool | None:
    """What opens the disjunct: True for an "or" after a threshold's words, False for the item's start or another
    "or", None for anything else."""
    if not any(token.is_alpha for token in doc[:start]):
        return False
    if doc[start - 1].lower_ not in lexicon.words("or_word"):
        return None
    neighbour = start - 2
    if neighbour >= 0 and doc[neighbour].text == ",":
        neighbour -= 1
    return neighbour in thresholds


def _closed(doc: Doc, end: int, thresholds: Set[int], filler: frozenset[str]) -> bool | None:
    """What closes the disjunct: True for an "or" (after a comma or not) before a threshold's words, False for the
    item's end or another "or", None for anything else."""
    if not any(token.is_alpha for token in doc[end:]):
        return False
    at = end + 1 if doc[end].text == "," else end
    if at >= len(doc) or doc[at].lower_ not in lexicon.words("or_word"):
        return None
    at += 1
    while at < len(doc) and doc[at].lower_ in filler:
        at += 1  # ", or a tumour within 3 mm of …"
    return at in thresholds


__all__ = ["disjunct_mentions", "sentence_mentions"]
