"""The number repairs (`normalize._REPAIRS`) run only where their trigger occurs; the search for any trigger looks
only where one can start (`normalize.TRIGGER_START`), so a trigger that started elsewhere would never fire."""

from __future__ import annotations

import re

import pytest

from parser.criteria import normalize


def _alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a regex (a `|` inside a group or a class does not split)."""
    parts, current, depth, in_class, escaped = [], "", 0, False, False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char in "()":
            depth += 1 if char == "(" else -1
        elif char == "|" and depth == 0:
            parts.append(current)
            current = ""
            continue
        current += char
    return [*parts, current]


@pytest.mark.parametrize("name, trigger", [(name, trigger) for name, trigger, _, _ in normalize._REPAIRS])
def test_every_repair_trigger_starts_with_a_required_character_the_search_looks_at(name: str, trigger: str) -> None:
    for alternative in _alternatives(trigger):
        first = re.match(r"\\d|[^\\()\[.]", alternative)
        assert first is not None, f"{name}: {alternative!r} starts with no single character"
        assert alternative[first.end():first.end() + 1] not in ("?", "*", "{"), f"{name}: its first character is optional"
        example = "7" if first.group(0) == "\\d" else first.group(0)
        assert re.fullmatch(normalize.TRIGGER_START, example, re.I), f"{name}: add {example!r} to TRIGGER_START"


def test_the_alternatives_of_a_trigger_are_read_at_the_top_level_only() -> None:
    assert _alternatives(r"v(?:er|ersion)?\d|to[|]\d") == [r"v(?:er|ersion)?\d", r"to[|]\d"]
