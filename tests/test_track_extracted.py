"""`extracted/` is what `scripts/regenerate-extracted` makes today from the cassettes, byte for byte."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "extracted" / "NCT05628038"


def files(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def test_extracted_nct05628038_is_what_the_regenerate_script_makes_today(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRIALWATCH_MIN_INTERVAL", "0")
    regenerate = runpy.run_path(str(ROOT / "scripts" / "regenerate-extracted"), run_name="regenerate")["regenerate"]
    assert regenerate(tmp_path) == 10  # the first sight of two versions is a change
    fresh, committed = files(tmp_path / "NCT05628038"), files(COMMITTED)
    stale = sorted(name for name in fresh.keys() | committed.keys() if fresh.get(name) != committed.get(name))
    assert not stale, f"extracted/ is stale in {stale}: run .venv/bin/python scripts/regenerate-extracted"
