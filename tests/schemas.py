"""Checking a document against a committed JSON Schema (`extracted/schema/<name>.schema.json`), so a test names
what the schema finds wrong rather than only that something is."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import jsonschema

SCHEMA_DIR = Path(__file__).resolve().parents[1] / "extracted" / "schema"


@cache
def committed(stem: str) -> jsonschema.Draft202012Validator:
    """A validator of the committed `extracted/schema/<stem>.schema.json`."""
    return jsonschema.Draft202012Validator(json.loads((SCHEMA_DIR / f"{stem}.schema.json").read_text(encoding="utf-8")))


def problems(stem: str, document: object) -> list[str]:
    """What the committed schema finds wrong with `document`, one line each (where, what)."""
    return [f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
            for error in committed(stem).iter_errors(document)]
