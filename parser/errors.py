"""Errors raised while turning bytes or text into models.

They live in `parser` (not `scraper`) so the pure layer never imports the I/O layer;
`scraper.errors` re-exports them next to the fetch errors, giving users one hierarchy.
"""


class TrialwatchError(Exception):
    """Base of every error trialwatch raises on purpose; the CLI shows it as one line."""


class ParseError(TrialwatchError):
    """A body or a text could not be turned into a model."""


class InvalidNctId(ParseError, ValueError):
    """A string is not a ClinicalTrials.gov identifier (`NCT` + 8 digits)."""


class MalformedRecord(ParseError):
    """A ClinicalTrials.gov body is not JSON, is truncated, or lacks the study's required fields."""


class PageLayoutChanged(ParseError):
    """A ClinConnect page lacks a landmark the parser relies on; the message names it."""


class InvalidPatient(ParseError, ValueError):
    """A patient document is not JSON or fails the schema; the message names the field."""


class MalformedCriteria(ParseError, ValueError):
    """A criteria document is not JSON or fails the contract; the message names the field."""


class UnsupportedSchemaVersion(ParseError, ValueError):
    """A criteria document was written for another major `schema_version` than this screener reads."""
