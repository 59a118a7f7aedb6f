"""Local input files, read with a size cap and checked to be text where text is wanted.

A 50 MB file handed to `criteria` once ran 17 minutes at 5.6 GB; binary garbage or an empty file came out as
an empty document with exit 0. A command that reads a user's document (criteria, a record, a page, a patient
for `match`) reads it here: at most `--max-input` bytes (checked before anything is parsed), `-` for stdin, and
one typed line for anything else. Patients to `screen` are JSON Lines, as many as a user has, read line by line.
A table of upper limits of normal (`screen --uln`) is read and checked here too: a bad one is a usage error.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

from parser.errors import ParseError
from scraper.settings import SettingsError

DEFAULT_MAX_INPUT = 2 * 1024 * 1024
"""Bytes: ten times the longest eligibility text on ClinicalTrials.gov, a record with it, or a saved page."""

_CONTROL = bytes(byte for byte in range(0x20) if byte not in (0x09, 0x0A, 0x0C, 0x0D))
"""Bytes no text file holds (tab, newline, form feed and carriage return aside)."""


class InputTooLarge(ParseError):
    """An input file is larger than the cap; nothing of it was parsed."""


class NotText(ParseError):
    """An input file that should be text is binary, or holds no text at all."""


def read_input(path: str, max_bytes: int | None = None) -> bytes:
    """The bytes of `path` (`-`: stdin), refused past `max_bytes` (default `DEFAULT_MAX_INPUT`)."""
    cap = max_bytes or DEFAULT_MAX_INPUT
    try:
        if path == "-":
            raw = sys.stdin.buffer.read(cap + 1)
        else:
            with Path(path).open("rb") as stream:
                raw = stream.read(cap + 1)
    except FileNotFoundError:
        raise SettingsError(f"no such file: {path}") from None
    except OSError as error:
        raise SettingsError(f"cannot read {path}: {error.strerror or error}") from None
    if len(raw) > cap:
        raise InputTooLarge(f"{_name(path)} is larger than {cap:,} bytes; raise --max-input to read it")
    return raw


def read_text(path: str, max_bytes: int | None = None) -> str:
    """`path` as text: UTF-8 (with or without a byte-order mark), else cp1252 (older Windows tools write it);
    binary content, or nothing but blanks, is a `NotText`."""
    raw = read_input(path, max_bytes)
    if not raw.strip():
        raise NotText(f"{_name(path)} is empty")
    if b"\x00" in raw or len(raw) - len(raw.translate(None, _CONTROL)) > len(raw) // 100:
        raise NotText(f"{_name(path)} is not text (binary content)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def read_upper_limits(path: str) -> dict[str, float]:
    """`--uln`: a JSON object from a measure (name, key or LOINC) to its upper limit of normal, a finite positive
    number (whole or not). Anything else is one `SettingsError` naming the file: a limit the screener cannot trust
    must stop the run before any verdict, not turn thresholds relative to it into guesses."""
    raw = read_input(path)
    try:
        limits = json.loads(raw)
    except (ValueError, RecursionError) as error:
        raise SettingsError(f"--uln {path}: not a JSON object ({' '.join(str(error).split())[:200]})") from None
    if not isinstance(limits, dict):
        raise SettingsError(f"--uln {path}: want a JSON object of measure to number, got {type(limits).__name__}")
    bad = [name for name, value in limits.items() if not _positive_number(value)]
    if bad:
        raise SettingsError(f"--uln {path}: the limit of {bad[0]!r} is not a finite positive number")
    return {name: float(value) for name, value in limits.items()}


def _positive_number(value: object) -> bool:
    """Whether a JSON value is a number above zero that a float holds (not `true`, `NaN`, nor a huge whole number)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    try:
        return 0 < float(value) < math.inf
    except OverflowError:
        return False


def _name(path: str) -> str:
    return "stdin" if path == "-" else path
