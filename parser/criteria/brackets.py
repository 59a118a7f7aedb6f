"""Brackets in a criterion's tokens: where one closes, and the words outside them (an aside in brackets restates or
qualifies; it rarely joins or separates what is around it)."""

from __future__ import annotations

import re
from collections.abc import Container

from spacy.tokens import Doc

OPENING, CLOSING = frozenset({"(", "["}), frozenset({")", "]"})
_ABBREVIATION = re.compile(r"[a-z]{0,3}[A-Z][A-Za-z0-9-]*[A-Z][A-Za-z0-9-]*")
"""A word written as an abbreviation: two capitals, at most a short prefix before them ("ACR", "DMARDs", "IgG",
"csDMARDs")."""


def closes_after_name(doc: Doc, names: Container[int], closing: int) -> bool:
    """Whether token `closing` closes a bracket right after a name (a token of `names`): "(NYHA)", "[NYHA]"."""
    return closing >= 1 and doc[closing].text in CLOSING and (closing - 1) in names


def abbreviation_after_name(doc: Doc, names: Container[int], closing: int) -> bool:
    """Whether the bracket closed at token `closing` holds one capital abbreviation right after a name (a token of
    `names`): "WHO Functional Class (FC)", whose abbreviation no table knows, stands for the name before it."""
    return (closing >= 3 and doc[closing].text in CLOSING and doc[closing - 2].text in OPENING
            and (closing - 3) in names and doc[closing - 1].is_upper)


def bracketed_abbreviation(doc: Doc, opening: int) -> bool:
    """Whether token `opening` opens a bracket that holds one abbreviation and closes right after it ("(ACR)",
    "(DMARDs)"): the name before it restated, part of that name's phrase."""
    return (doc[opening].text == "(" and opening + 2 < len(doc) and doc[opening + 2].text == ")"
            and _ABBREVIATION.fullmatch(doc[opening + 1].text) is not None)


def closing_bracket(doc: Doc, first: int, reach: int, stop: int | None = None) -> int | None:
    """The first ")" from token `first` within `reach` tokens (and before `stop`): where a bracket that opened just
    before `first` closes, if it closes nearby."""
    last = min(len(doc) if stop is None else stop, first + reach)
    return next((i for i in range(first, last) if doc[i].text == ")"), None)


def opening_bracket(doc: Doc, last: int, reach: int) -> int | None:
    """The "(" that the ")" at token `last` closes, within `reach` tokens before it, if no other bracket stands
    between: the start of a short aside ("(MADRS)") read back from its end."""
    for i in range(last - 1, max(-1, last - 1 - reach), -1):
        if doc[i].text == "(":
            return i
        if doc[i].text == ")":
            return None
    return None


def bracket_depth(depth: int, text: str) -> int:
    """How deep in brackets the words after a token with `text` are, from the depth before it."""
    return max(depth + (text in OPENING) - (text in CLOSING), 0)


def outside_brackets(words: list[str]) -> list[str]:
    """The words once asides in brackets are dropped: "AST (SGOT) / ALT" joins by "/", and "ALT (SGPT)" by
    nothing (one measure named twice); "14 days (consecutive or not) during 8 weeks" are not alternatives."""
    kept, depth = [], 0
    for word in words:
        if word in OPENING:
            depth += 1
        elif word in CLOSING:
            depth = max(depth - 1, 0)
        elif depth == 0:
            kept.append(word)
    return kept
