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
MAX_KIND_WORDS = 10
"""Words read back from a noun to the "other" that opens the name of a kind of it (`other_kind_start`)."""


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


def modified_from(doc: Doc, start: int) -> int:
    """Where the modifiers of a noun starting at `start` begin: a negation before them denies the noun."""
    return modifier_start(doc, start, lambda i: plain_word(doc[i]))


def indifferent_start(doc: Doc, start: int) -> int | None:
    """Where words saying a noun starting at `start` does not matter begin, before it or its modifiers ("with or
    without portal hypertension", "regardless of prior therapy": `indifferent_lead` cues), or None."""
    return next((found for i in range(modified_from(doc, start), start + 1)
                 if (found := lexicon.phrase_before(doc, i, "indifferent_lead")) is not None), None)


def plain_word(token: Token) -> bool:
    """Whether a token may be a modifier: a word, not one that ends a noun phrase (`np_stop`: "for", "before", "to")."""
    return token.is_alpha and token.lower_ not in lexicon.words("np_stop")


def other_kind_start(doc: Doc, start: int) -> int:
    """Where the name of a kind that "or (any) other" opens begins, for a noun starting at `start` ("anti-PD-1 or
    any other checkpoint pathway targeted therapy": at "checkpoint"): its modifiers name the kind meant, narrower
    than the noun alone, so they belong to its name. `start` when no such "other" opens a run, or a word of it makes
    the kind uncertain (`not_narrowing`: "or any other suspected infection"). Not a leading "other" ("No other
    concurrent chemotherapy"), which only sets the study's own treatment apart."""
    joins, uncertain = lexicon.words("modifier_join"), lexicon.words("not_narrowing")
    i = start
    while (i > 0 and start - i < MAX_KIND_WORDS and doc[i - 1].lower_ != "other"
           and (plain_word(doc[i - 1]) or doc[i - 1].lower_ in joins) and doc[i - 1].lower_ not in uncertain):
        i -= 1
    opener = i - 2 if i > 1 and doc[i - 2].lower_ == "any" else i - 1
    if i == start or opener < 1 or doc[i - 1].lower_ != "other" or doc[opener - 1].lower_ not in ("or", "and"):
        return start
    while doc[i].lower_ in joins:
        i += 1
    return i
