"""The lint gate: `ruff check` (configured in pyproject.toml) finds nothing in the project, so a new finding fails
the suite, as a type error fails tests/test_types.py."""

import hashlib
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# one cache per working copy, outside it, as the type gate keeps mypy's: a re-run reads only the files that changed
CACHE = Path(tempfile.gettempdir()) / f"trialwatch-ruff-{hashlib.sha256(str(ROOT).encode()).hexdigest()[:12]}"


def test_the_project_has_no_lint_findings():
    run = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-fix", "--output-format", "concise", "--cache-dir", str(CACHE)],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
