"""Property tests for the record and page parsers: whatever they are given, they answer a model or their typed
`ParseError`, never a KeyError, TypeError or crash. Inputs are the real samples, damaged: CT.gov JSON with fields
removed or of the wrong type, ClinConnect pages with headings and lines moved, dropped, doubled or rewritten.

Examples are derandomised so CI is stable; `FUZZ_EXAMPLES=5000 pytest tests/test_fuzz.py` searches further, at random.
"""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parser.clinconnect import parse_page
from parser.ctgov import parse_studies, parse_study
from parser.errors import MalformedRecord, ParseError
from parser.models import ListingPage, Trial

FIXTURES = Path(__file__).parent / "fixtures"
RECORDS = [json.loads(path.read_text(encoding="utf-8")) for path in sorted((FIXTURES / "ctgov").glob("NCT*.json"))
           if "history.json" not in path.name]
PAGES = [(FIXTURES / "clinconnect" / name).read_text(encoding="utf-8")
         for name in ("NCT05628038.html", "NCT05628038.next.html", "NCT05628038.txt")]
FUZZ = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "150")), deadline=None,
                derandomize="FUZZ_EXAMPLES" not in os.environ,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=6)


def paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every key path into a JSON document, the document itself first."""
    yield prefix
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, child in items:
        yield from paths(child, (*prefix, key))


RECORD_PATHS = [[path for path in paths(record) if path] for record in RECORDS]


@st.composite
def damaged_records(draw: st.DrawFn) -> Any:
    """A sample record with a few of its fields removed or replaced by a value of another type."""
    index = draw(st.integers(0, len(RECORDS) - 1))
    record = copy.deepcopy(RECORDS[index])
    for path in draw(st.lists(st.sampled_from(RECORD_PATHS[index]), min_size=1, max_size=4)):
        parent = record
        try:
            for key in path[:-1]:
                parent = parent[key]
            if draw(st.booleans()):
                del parent[path[-1]]
            else:
                parent[path[-1]] = draw(JSON_VALUES)
        except (KeyError, IndexError, TypeError):  # an earlier damage removed or replaced the way there
            continue
    return record


def parses_or_says_why(parse: Any, body: Any, kind: type) -> None:
    """The parser answers `kind` (or a list of them), or a `ParseError` that says why in words: never another
    exception, never an error without a message."""
    try:
        answer = parse(body)
    except ParseError as error:
        assert str(error).strip(), f"{type(error).__name__} without a message"
        return
    assert all(isinstance(item, kind) for item in (answer if isinstance(answer, list) else [answer])), answer


@FUZZ
@given(damaged_records())
def test_a_record_with_fields_removed_or_mistyped_parses_or_raises_parse_error(record: Any) -> None:
    parses_or_says_why(parse_studies, json.dumps(record).encode(), Trial)


@FUZZ
@given(JSON_VALUES)
def test_any_json_value_parses_or_raises_parse_error(value: Any) -> None:
    parses_or_says_why(parse_study, json.dumps(value), Trial)


@FUZZ
@given(st.binary(max_size=200))
def test_any_bytes_parse_or_raise_parse_error(body: bytes) -> None:
    parses_or_says_why(parse_study, body, Trial)


@FUZZ
@given(st.integers(0, len(RECORDS) - 1), st.integers(1, 2000))
def test_a_record_cut_off_anywhere_is_a_malformed_record(index: int, keep: int) -> None:
    body = json.dumps(RECORDS[index]).encode()
    with pytest.raises(MalformedRecord):
        parse_studies(body[: min(keep, len(body) - 1)])


@st.composite
def damaged_pages(draw: st.DrawFn) -> str:
    """A sample page (HTML, HTML with its data script, or pasted text) with lines moved, dropped, doubled or
    rewritten: headings end up missing, out of order or twice."""
    lines = draw(st.sampled_from(PAGES)).splitlines()
    for _ in range(draw(st.integers(1, 6))):
        if not lines:
            break
        at = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["drop", "move", "double", "rewrite"]))
        if action == "drop":
            del lines[at]
        elif action == "move":
            lines.insert(draw(st.integers(0, len(lines) - 1)), lines.pop(at))
        elif action == "double":
            lines.insert(at, lines[at])
        else:
            lines[at] = draw(st.text(max_size=40))
    return "\n".join(lines)


@FUZZ
@given(damaged_pages())
def test_a_page_with_headings_moved_or_missing_parses_or_raises_parse_error(page: str) -> None:
    parses_or_says_why(parse_page, page, ListingPage)


@FUZZ
@given(st.text(max_size=300))
def test_any_text_as_a_page_parses_or_raises_parse_error(text: str) -> None:
    parses_or_says_why(parse_page, text, ListingPage)
