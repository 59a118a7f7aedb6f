"""The engine's output on a fixed slice of texts is what `scripts/regenerate-criteria-snapshot` last wrote.

Speed work must not change a single field; a rule change regenerates the snapshot, and its diff shows what moved.
"""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = runpy.run_path(str(ROOT / "scripts" / "regenerate-criteria-snapshot"), run_name="snapshot")
TEXTS = SCRIPT["snapshot_texts"]()


def test_the_snapshot_holds_a_document_for_every_text_of_the_slice_and_no_other() -> None:
    assert sorted(path.stem for path in SCRIPT["SNAPSHOT"].glob("*.json")) == sorted(TEXTS)


@pytest.mark.parametrize("label", sorted(TEXTS))
def test_the_engine_output_equals_the_snapshot(label: str) -> None:
    stored = (SCRIPT["SNAPSHOT"] / f"{label}.json").read_text(encoding="utf-8")
    assert SCRIPT["render"](TEXTS[label]) == stored, (
        f"run .venv/bin/python scripts/regenerate-criteria-snapshot if {label} changed on purpose")


@pytest.mark.parametrize("label", sorted(TEXTS)[::7])
def test_the_engine_output_passes_the_contracts_validation(label: str) -> None:
    """The engine builds criteria without re-validating them, for speed: what it builds must validate all the same."""
    from parser.criteria import parse_criteria
    from parser.models.criteria import Criteria

    document = parse_criteria(TEXTS[label])
    assert Criteria.model_validate(document.model_dump(by_alias=True)).model_dump() == document.model_dump()
