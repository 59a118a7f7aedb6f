"""Local input files, read with a size cap and checked to be text where text is wanted.

A 50 MB file handed to `criteria` once ran 17 minutes at 5.6 GB; binary garbage or an empty file came out as
an empty document with exit 0. A command that reads a user's document (criteria, a record, a page, a patient
for `match`) reads it here: at most `--max-input` bytes (checked before anything is parsed), `-` for stdin, and
one typed line for anything else. Patients to `screen` are JSON Lines, as many as a user has, read line by line.
"""

from __future__ import annotations

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


def _name(path: str) -> str:
    return "stdin" if path == "-" else path
