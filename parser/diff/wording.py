"""The words and comparisons every part of the diff shares: the normal form texts are compared in, numbers and
quantities as a reader says them, summary lines, and pairing items by key.

Text is compared after normalisation (markdown escapes, HTML entities already rendered by the parsers,
`10^9` vs `10<sup>9</sup>` flattened to `109`, case, whitespace, trailing punctuation): the same record
fetched from API v2 (markdown) and from the history endpoints (HTML) must show no change.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

from pydantic import BaseModel

from parser.text import normalize_space, unescape_markdown

LONG_TEXT = 120
"""Values longer than this are named, not quoted, in a summary line (the full text is in `old`/`new`)."""

_RENDERING_MARKS = re.compile(r"[\^*_`]")  # 10^9 (markdown) vs 109 (HTML <sup> flattened), emphasis marks
_UNIT_WORDS = {  # UCUM code -> (singular, plural) as a reader says it; "1" (a count or score) says nothing
    "a": ("year", "years"),
    "mo": ("month", "months"),
    "wk": ("week", "weeks"),
    "d": ("day", "days"),
    "h": ("hour", "hours"),
    "min": ("minute", "minutes"),
    "1": ("", ""),
}


def normalize(text: str) -> str:
    """The form two texts are compared in: what only rendering, case or spacing changed compares equal."""
    text = unicodedata.normalize("NFKC", unescape_markdown(text))
    return normalize_space(_RENDERING_MARKS.sub("", text)).casefold().rstrip(" .;,:")


def number(value: float) -> str:
    return f"{value:g}"


def amount(value: float, unit: str, relative_to: str | None = None) -> str:
    """`6 months`, `1 year`, `1.5 × ULN`; a count or score (unit `1`) is the bare number."""
    if relative_to:
        return f"{number(value)} × {relative_to}"
    singular, plural = _UNIT_WORDS.get(unit, (unit, unit))
    word = singular if value == 1 else plural
    return f"{number(value)} {word}".rstrip()


def shift(old: tuple[float, str], new: tuple[float, str], relative_to: str | None = None) -> str:
    """`6 → 3 months`, the unit said once when it did not change."""
    if old[1] == new[1]:
        return f"{number(old[0])} → {amount(*new, relative_to)}"
    return f"{amount(*old, relative_to)} → {amount(*new, relative_to)}"


def canon(value: Any) -> Any:
    """A value reduced to what matters for equality: text normalised, models as plain data."""
    if isinstance(value, BaseModel):
        value = value.model_dump()
    if isinstance(value, dict):
        return {key: canon(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [canon(item) for item in value]
    return normalize(value) if isinstance(value, str) else value


def same(before: Any, after: Any) -> bool:
    """Equal for the diff: equal values are (most of a record does not change between two versions, and need not be
    normalised to know it), else values equal once reduced by `canon`."""
    return bool(before == after) or canon(before) == canon(after)


def summary_line(label: str, old: str | None, new: str | None) -> str:
    """`label: old → new`, `label added: new`, `label: old → removed`; long values named, not quoted."""
    if max(len(old or ""), len(new or "")) > LONG_TEXT:
        return f"{label} {'added' if old is None else 'removed' if new is None else 'changed'}"
    if old is None:
        return f"{label} added: {new}"
    if new is None:
        return f"{label}: {old} → removed"
    return f"{label}: {old} → {new}"


def match_by_key(
    before: Sequence[Any], after: Sequence[Any], key: Callable[[Any], Any]
) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Pair equal keys in order (duplicates pair first with first); return pairs and the unmatched of each side."""
    waiting: dict[str, list[int]] = defaultdict(list)
    for j, item in enumerate(after):
        waiting[repr(key(item))].append(j)
    pairs, removed = [], []
    for i, item in enumerate(before):
        queue = waiting.get(repr(key(item)))
        if queue:
            pairs.append((i, queue.pop(0)))
        else:
            removed.append(i)
    matched = {j for _, j in pairs}
    return pairs, removed, [j for j in range(len(after)) if j not in matched]


__all__ = ["LONG_TEXT", "amount", "canon", "match_by_key", "normalize", "number", "same", "shift", "summary_line"]
