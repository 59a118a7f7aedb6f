"""Helpers for criteria specifications: parse one item and list its comparisons as tuples."""

from __future__ import annotations

import pytest

from parser.criteria import parse_criteria
from parser.models.criteria import Comparison, Concept, Criteria, Criterion
from parser.models.walk import iter_nodes


def comparisons(document: Criteria, section: str = "inclusion") -> list[tuple[str, str, float, str]]:
    """(measure, op, value, unit) of every comparison in a section, in reading order."""
    found = []
    for criterion in getattr(document, section):
        for node in iter_nodes(criterion.expr):
            if isinstance(node, Comparison):
                unit = node.relative_to if node.relative_to else node.unit
                found.append((node.measure, node.op, node.value, unit))
    return found


def windows(document: Criteria, section: str = "inclusion") -> list[tuple[str, str, float, str, bool]]:
    found = []
    for criterion in getattr(document, section):
        for node in iter_nodes(criterion.expr):
            if isinstance(node, Concept) and node.within is not None:
                found.append((node.concept, node.within.op, node.within.value, node.within.unit, node.negated))
    return found


def one_item(text: str, section: str = "inclusion") -> str:
    """A criteria text of one bullet under its section's header, as the registry writes it."""
    return f"{section.capitalize()} Criteria:\n\n  -  {text}"


def item_comparisons(parse, text: str, section: str = "inclusion") -> list[tuple[str, str, float, str]]:
    """`comparisons` of what `parse` makes of `one_item(text, section)`."""
    return comparisons(parse(one_item(text, section)), section)


def only_criterion(parse, text: str, section: str = "inclusion") -> Criterion:
    """The one criterion `parse` makes of `one_item(text, section)`."""
    (criterion,) = getattr(parse(one_item(text, section)), section)
    return criterion


@pytest.fixture
def parse():
    return parse_criteria


@pytest.fixture(scope="session")
def corpus_texts() -> list[str]:
    """Real criteria texts of every layout: the dev set, which copies real corpus and registry texts."""
    from pathlib import Path

    folder = Path(__file__).resolve().parents[1] / "data" / "criteria_dev"
    return [path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.txt"))]
