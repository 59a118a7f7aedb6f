"""Saved documents a user hands the command line: which kind a body is, and the model it makes.

The CLI reads a file and calls one of these; deciding what the bytes are (a CT.gov record, a ClinConnect page, a
Trial JSON, plain criteria) is parsing, so it lives here, pure, where a test needs only bytes. Errors are
`ParseError`s without the file's name: the caller knows the path and prefixes it.
"""

from __future__ import annotations

import json
import re

from pydantic import ValidationError

from parser.clinconnect import parse_page
from parser.ctgov import parse_studies, parse_study
from parser.errors import MalformedRecord
from parser.models.trial import ListingPage, Trial

_NCT_IN_TEXT = re.compile(r"\bNCT[0-9]{8}\b")
_LEADING_SPACE = b"\xef\xbb\xbf \t\r\n"  # a BOM and the whitespace JSON allows before a value


def parse_saved(body: bytes) -> list[Trial] | ListingPage:
    """A saved CT.gov record (JSON: one study, a list or a search page) as its trials, anything else as a
    ClinConnect page (its HTML or its pasted text)."""
    if body.lstrip(_LEADING_SPACE)[:1] in (b"{", b"["):
        return parse_studies(body)
    return parse_page(body)


def trial_document(body: bytes) -> Trial:
    """A Trial from a saved file: a `track --out` versions/ document (`{"trial": …}`), a Trial JSON, or a CT.gov
    record of any shape (API v2 or history)."""
    try:
        document = json.loads(body)
    except (ValueError, RecursionError):  # parse_study below says why, as a parse error
        document = None
    try:
        if isinstance(document, dict) and isinstance(document.get("trial"), dict):
            return Trial.model_validate(document["trial"])
        if isinstance(document, dict) and "nct_id" in document:
            return Trial.model_validate(document)
    except ValidationError as error:
        raise MalformedRecord(f"not a trial: {error.errors()[0]['msg']}") from None
    return parse_study(body)


def criteria_input(text: str, name: str) -> tuple[str, str | None]:
    """The criteria in `text` and the trial they belong to: a CT.gov JSON record gives its eligibility criteria and
    its id; any other text is the criteria themselves, of the trial whose NCT id `name` (the file's name) or, failing
    that, the text holds first."""
    if text.lstrip()[:1] == "{":
        trial = parse_study(text.encode())
        return trial.eligibility.criteria_text or "", trial.nct_id
    found = _NCT_IN_TEXT.search(name) or _NCT_IN_TEXT.search(text)
    return text, found.group(0) if found else None


__all__ = ["criteria_input", "parse_saved", "trial_document"]
