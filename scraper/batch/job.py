"""What a parse worker does with one body: parse it and diff it against the version stored before.

It runs in another process, so everything here is pure and picklable: the job carries the body and the previous
version, the answer carries the version to store; the store itself stays with the run.
"""

from __future__ import annotations

from dataclasses import dataclass

from parser.errors import MalformedRecord, ParseError
from scraper.store import NewVersion, StoredVersion


@dataclass(frozen=True)
class ParseJob:
    """What a pool worker needs: the body, and the version to compare it with (None on first sight)."""

    nct_id: str
    body: bytes
    previous: StoredVersion | None


@dataclass(frozen=True)
class Parsed:
    """A worker's answer: the version to store with what changed, the same record again, or why it failed."""

    nct_id: str
    new: NewVersion | None = None
    changes: tuple[str, ...] = ()
    error: ParseError | None = None


def parse_record(job: ParseJob) -> Parsed:
    """Parse one body and diff it against the previous version, each once; runs in a pool worker, so pure and
    picklable."""
    from scraper.track import changes_since, parsed_version, same_fields, with_changes

    new = parsed_version(job.nct_id, job.body)
    if new.trial is None:
        return Parsed(job.nct_id, error=MalformedRecord(f"{job.nct_id} not parsed, nothing stored: {new.parse_error}"))
    if job.previous is None:
        return Parsed(job.nct_id, new)
    if same_fields(job.previous, new.trial):
        return Parsed(job.nct_id)
    diff = changes_since(job.previous, new)
    if not diff.has_changes:
        return Parsed(job.nct_id)
    return Parsed(job.nct_id, with_changes(new, diff), tuple(change.summary for change in diff.changes))
