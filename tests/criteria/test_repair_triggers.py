"""The number repairs (`normalize._REPAIRS`) run only where their trigger occurs. The search for any trigger looks
only where a match can start: `normalize.start_class` reads that from the triggers themselves, and gives up (the
search then tries every position) when a trigger may start otherwise."""

from __future__ import annotations

import pytest

from parser.criteria.normalize import start_class


def test_the_start_class_holds_the_first_character_of_every_top_level_alternative() -> None:
    assert start_class([r"to\d", r"\d\. \d", r"v(?:er|ersion)?\.? ?\d|w/in", r"\.\.+"]) == r"[\.\dtvw]"


@pytest.mark.parametrize("pattern", [r"(?:a|b)c", r"a?b", r"x*y", r"[ab]c", r"\bword", r"^a", r"ab|", ""])
def test_a_pattern_that_may_start_with_other_characters_gives_no_start_class(pattern: str) -> None:
    assert start_class(["to", pattern]) is None


def test_a_bar_inside_a_group_or_a_class_does_not_split_alternatives() -> None:
    assert start_class([r"v(?:er|x)?\d", r"t[|]o"]) == "[tv]"
