"""The type gate: `mypy --strict` (configured in pyproject.toml) passes on parser/ and scraper/, so a new error fails
the suite."""

import hashlib
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# one cache per working copy, outside it: a re-run checks only what changed (0.2 s instead of 5)
CACHE = Path(tempfile.gettempdir()) / f"trialwatch-mypy-{hashlib.sha256(str(ROOT).encode()).hexdigest()[:12]}"


def test_parser_and_scraper_have_no_strict_type_errors():
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(CACHE), "parser", "scraper"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
