"""Memory: parsing keeps nothing of an item once it is built (`parse_many` runs flat over any number of texts)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from spacy.tokens import Doc

from parser.criteria import parse_criteria

TEXT = """Inclusion Criteria:
* Age ≥ 18 years
* ANC ≥ 1.5 × 10^9/L within 28 days of enrollment
Exclusion Criteria:
* Pregnant or breastfeeding women
"""


@pytest.fixture
def collector_off() -> Iterator[None]:
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _docs() -> int:
    return sum(1 for thing in gc.get_objects() if isinstance(thing, Doc))


def test_a_parsed_text_leaves_no_doc_behind_for_the_garbage_collector(collector_off: None) -> None:
    """A Doc held in a reference cycle waits, token arrays and all, for the collector's pass over old objects."""
    before = _docs()
    parse_criteria(TEXT)
    assert _docs() == before
