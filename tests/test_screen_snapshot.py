"""The screener's full verdicts for the 76 fixture patients against both NCT05628038 criteria files are the committed
snapshot (`tests/fixtures/patients/NCT05628038.verdicts.jsonl`, made by `scripts/regenerate-verdicts`): how the
evaluator is made fast may change, what it says may not."""

from __future__ import annotations

import json
import runpy
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "regenerate-verdicts"
SNAPSHOT = ROOT / "tests" / "fixtures" / "patients" / "NCT05628038.verdicts.jsonl"


def test_verdicts_of_the_fixture_patients_equal_the_committed_snapshot() -> None:
    fresh = [json.loads(line) for line in runpy.run_path(str(SCRIPT), run_name="snapshot")["snapshot"]().splitlines()]
    committed = [json.loads(line) for line in SNAPSHOT.read_text(encoding="utf-8").splitlines()]
    assert len(fresh) == len(committed) == 2 * 76
    moved = {(c["criteria"], c["sha256"]) for c in committed} - {(f["criteria"], f["sha256"]) for f in fresh}
    assert not moved, f"criteria changed since the snapshot ({sorted(moved)}): run scripts/regenerate-verdicts"
    for now, then in zip(fresh, committed, strict=True):
        assert now == then, f"{now['criteria']}: {now['case']!r} screens differently"
