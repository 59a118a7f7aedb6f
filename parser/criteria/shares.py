"""What the words right after a percentage say it is a share or a change of: "> 10% body surface area", "10-15% of
their BSA" (a share of a whole), "more than 10% weight loss" (a change of what the words before the change word
name). Such a percentage names its own measure, so it neither continues the measure of a threshold before it nor
lends that threshold its unit ("PASI ≥ 12 and ≥ 10% BSA": the PASI is no percentage)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from parser.criteria import lexicon

if TYPE_CHECKING:
    from spacy.tokens import Doc

_CHANGE_WORDS = 3
"""The most words naming what changed before the change word ("body weight loss")."""


def whole_after(doc: Doc, end: int, *, through_of: bool = False) -> tuple[int, int] | None:
    """The whole a share is always of (`share_whole` cues) right after a percentage ending at `end` ("≥ 10% BSA"),
    or, `through_of`, after "of" and a possessive or an article (`share_filler` cues: "10-15% of their BSA")."""
    i = end
    if through_of and i < len(doc) and doc[i].lower_ == "of":
        i += 1
        while i < len(doc) and doc[i].lower_ in lexicon.words("share_filler"):
            i += 1
    length = lexicon.phrase_from(doc, i, "share_whole")
    return (i, i + length) if length else None


def change_after(doc: Doc, end: int) -> tuple[int, int] | None:
    """A few words ending in a change word (`measure_change` cues) right after a percentage ending at `end`: "more
    than 10% weight loss" bounds the weight loss. The change word alone ("a 30% worsening") names nothing here, nor
    do words that join or qualify ("or a decline", "combined with worsening": `np_stop` and `strip` cues)."""
    changes, stops = lexicon.words("measure_change"), lexicon.words("np_stop") | lexicon.words("strip")
    for i in range(end, min(len(doc), end + _CHANGE_WORDS + 1)):
        if not doc[i].is_alpha or doc[i].lower_ in stops:
            return None
        if doc[i].lower_ in changes:
            return (end, i + 1) if i > end else None
    return None


def named_after(doc: Doc, end: int) -> tuple[int, int] | None:
    """The words right after a percentage ending at `end` that name what it is a share or a change of, if any."""
    return whole_after(doc, end) or change_after(doc, end)


def own_measure_after(doc: Doc, end: int) -> bool:
    """Whether the words after a percentage ending at `end` say what it is a share or a change of, "of" and all."""
    return named_after(doc, end) is not None or whole_after(doc, end, through_of=True) is not None
