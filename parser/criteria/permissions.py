"""Items that only permit: "Prior chemotherapy allowed", "Concurrent bisphosphonates are permitted".

NCI/PDQ lists say what a patient may have had beside what they must not; such an item asks nothing of anyone, so it
is no requirement of the concepts it names (read as one, "Prior surgery allowed" failed every patient without
surgery). An item with a proviso ("allowed if …", "provided …"), a denial ("No concurrent steroids allowed"), a
number ("Up to 2 prior regimens allowed", "One additional regimen allowed") or items of its own still asks something.
"""

from __future__ import annotations

from spacy.tokens import Doc

from parser.criteria import lexicon
from parser.criteria.cue_words import negation_words

_BREAKS = frozenset({"(", ")", "[", "]", ";", ":", "."})
"""Marks before an item's last word that make its permission only a part of it."""


def only_permits(doc: Doc) -> bool:
    """Whether an item's words end in a permission (`permission_end` cues: "allowed", "are permitted", "will be
    allowed") and say nothing that limits it (`permission_limit` cues, the exceptions, waivers and provisos of
    `rest`, a denial, a number)."""
    words = [t for t in doc if not t.is_punct]
    if not words or any(t.text in _BREAKS for t in doc[:words[-1].i]) or any(
            t.text[:1].isupper() and t.text[1:].islower() and doc[t.i - 1].is_lower for t in words[1:]):
        return False  # "Evidence of metastasis (nodes are allowed)", "… irradiation Treated disease is allowed": a part
    said = [t.lower_ for t in words]
    ending = max((n for n in range(1, min(4, len(said)) + 1)
                  if lexicon.phrase_at(said[-n:], "permission_end") == n), default=0)
    if not ending or ending == len(said):
        return False
    if any(t.like_num or t.lower_ in negation_words() for t in words):
        return False
    return not any(lexicon.phrase_from(doc, t.i, kind) for t in doc
                   for kind in ("rest_exceptions", "rest_waiver", "permission_limit", "proviso_word"))
