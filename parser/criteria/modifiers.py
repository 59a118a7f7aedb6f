"""The words that modify a noun, read back from where its name starts.

"No uncontrolled brain or leptomeningeal metastases", "no prior deep-vein thrombosis": modifiers come in groups
("brain or leptomeningeal", "deep-vein"), joined by `modifier_join` rows. Counting groups rather than tokens lets a
negation reach a noun across its modifiers but not across a clause ("cannot tolerate standard first line
chemotherapy": "cannot" denies the tolerating, not the chemotherapy).
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc, Token

from parser.criteria import lexicon

MAX_GROUPS = 3
"""Groups of modifiers read before a noun: a negation may stand before them ("no | prior | deep-vein | thrombosis"),
they may narrow a concept ("thoracic or neck | radiotherapy")."""


def modifier_start(doc: Doc, start: int, accepts: Callable[[int], bool], max_groups: int = MAX_GROUPS) -> int:
    """Where the run of modifier groups before token `start` begins (`start` when there is none); `accepts` says
    whether a token may be a modifier."""
    joins = lexicon.words("modifier_join")
    i, groups = start, 0
    while i > 0 and groups < max_groups and accepts(i - 1):
        i -= 1
        groups += 1
        while i > 1 and doc[i - 1].lower_ in joins and accepts(i - 2):
            i -= 2  # "brain or leptomeningeal", "deep-vein": one group
    return i


def plain_word(token: Token) -> bool:
    """Whether a token may be a modifier: a word, not one that ends a noun phrase (`np_stop`: "for", "before", "to")."""
    return token.is_alpha and token.lower_ not in lexicon.words("np_stop")
