"""Output folders, checked before any work: a run must not fetch and store a change, then fail to write it.

A failure to write after the store was updated would lose the alert (the re-run finds nothing new), so every
`--out` is created and proven writable first, and any error is one typed line, never a traceback.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from scraper.settings import SettingsError


class OutputError(SettingsError):
    """An output path cannot be created or written."""


def output_dir(path: Path, option: str = "--out") -> Path:
    """`path` created if missing and proven writable (a file made and removed there); returned resolved."""
    try:
        path.mkdir(parents=True, exist_ok=True)
        tempfile.TemporaryFile(dir=path).close()
    except FileExistsError:
        raise OutputError(f"{option} {path}: exists and is not a directory") from None
    except OSError as error:
        raise OutputError(f"{option} {path}: cannot write there ({error.strerror or error})") from None
    return path.resolve()


def written(path: Path, option: str = "--out") -> OutputError:
    """The typed error for a write under a checked folder that failed anyway (disk full, removed meanwhile)."""
    return OutputError(f"{option}: cannot write {path}")
