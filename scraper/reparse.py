"""Re-parse stored raw bodies with the current engine, and keep what it now reads differently.

Raw bodies are stored so that a better parser can be run on them without fetching again. A re-parse pages
through the store's versions (one page of references in memory at a time), parses each stale version's body
in the parse pool, and records the result as a new parse of the same source version: the version reads the new
documents from then on, the earlier parse stays stored. A result equal to what the version holds (the engine's
own version stamp aside) keeps no documents, only that this engine agrees, so a second run skips it. Recording
is idempotent per engine and version, so a shard delivered twice (a distributed re-parse) does no harm.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from concurrent.futures import Executor
from itertools import groupby
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from scraper.settings import SettingsError
from scraper.store import NewVersion, Store, StoredVersion, VersionRef, stored_document

SOURCE = "ctgov"
"""Only ClinicalTrials.gov records carry the criteria the engine parses."""
PAGE = 500
_ENGINE = re.compile(r"(?:criteria )?(\d+(?:\.\d+)*)")


def engine_version(text: str) -> tuple[int, ...]:
    """`"criteria 0.1.0"` or `"0.1.0"` as a comparable tuple."""
    match = _ENGINE.fullmatch(text.strip())
    if match is None:
        raise SettingsError(f"engine version {text!r} is not like 0.1.0")
    return tuple(int(part) for part in match.group(1).split("."))


def is_stale(ref: VersionRef, current: str, since: tuple[int, ...] | None) -> bool:
    """Whether `ref` needs parsing again: not parsed by the current engine, and, with `since`, parsed by an engine
    older than that one (a version stamp we cannot read counts as old)."""
    if ref.parser_version == current:
        return False
    if since is None:
        return True
    try:
        return engine_version(ref.parser_version) < since
    except SettingsError:
        return True


def stale_refs(store: Store, current: str, since: tuple[int, ...] | None, page: int = PAGE
               ) -> Iterator[list[VersionRef]]:
    """The stale versions, a page at a time (pages of the store; a page may come out short or empty)."""
    after = 0
    while refs := store.version_refs(SOURCE, after, page):
        after = refs[-1].id
        yield [ref for ref in refs if is_stale(ref, current, since)]


class ReparseCounts(BaseModel):
    """What a re-parse did, counted as it goes (and sent back by a distributed run's workers as JSON)."""

    model_config = ConfigDict(extra="forbid")

    parsed: int = Field(default=0, description="Versions parsed again.")
    changed: int = Field(default=0, description="Of those, read differently now: stored as the version's current "
                         "parse.")
    unchanged: int = 0
    already: int = Field(default=0, description="Recorded before by another run of the same engine (a shard "
                         "delivered twice).")

    def add(self, other: ReparseCounts) -> None:
        for name in ReparseCounts.model_fields:
            setattr(self, name, getattr(self, name) + getattr(other, name))


class ReparseReport(ReparseCounts):
    """What `reparse --json` prints: the counts, and the engine that parsed."""

    model_config = ConfigDict(frozen=True, json_schema_serialization_defaults_required=True)

    engine: str


def reparse_body(nct_id: str, body: bytes) -> NewVersion:
    """One body through the current engine; a pool job, so a picklable top-level function."""
    from scraper.track import parsed_version

    return parsed_version(nct_id, body)


def reparse(store: Store, refs: list[VersionRef], executor: Executor) -> ReparseCounts:
    """Parse these versions' bodies again in `executor` and record each result against the version's own."""
    counts = ReparseCounts()
    by_trial = groupby(sorted(refs, key=lambda ref: (ref.nct_id, ref.id)), key=lambda ref: ref.nct_id)
    for nct_id, group in by_trial:
        mine = [ref.id for ref in group]
        stored = {version.id: version for version in store.versions(nct_id, SOURCE) if version.id in mine}
        jobs = [(version, executor.submit(reparse_body, nct_id, store.body(version.body_sha256)))
                for version in stored.values()]
        for version, job in jobs:
            new = job.result()
            changed = not same_parse(version, new)
            recorded = store.save_parse(version.id, new, changed)
            counts.parsed += 1
            counts.already += not recorded
            counts.changed += recorded and changed
            counts.unchanged += recorded and not changed
    return counts


def same_parse(stored: StoredVersion, new: NewVersion) -> bool:
    """Whether the new parse says what the stored one does; the engine's version stamp in the criteria does not
    count, or every engine release would look like a change of every trial."""
    return (stored.trial, stored.parse_error, _unstamped(stored.criteria)) == \
        (stored_document(new.trial), new.parse_error, _unstamped(stored_document(new.criteria)))


def _unstamped(criteria: dict[str, Any] | None) -> dict[str, Any] | None:
    if criteria is None or not isinstance(criteria.get("source"), dict):
        return criteria
    return {**criteria, "source": {key: value for key, value in criteria["source"].items()
                                   if key != "parser_version"}}


def reparse_store(store: Store, executor: Executor, since: tuple[int, ...] | None,
                  progress: Callable[[ReparseCounts], None] = lambda counts: None) -> ReparseCounts:
    """The local re-parse: every stale version of the store, page after page, in this machine's pool."""
    from scraper.track import parser_version

    counts = ReparseCounts()
    for refs in stale_refs(store, parser_version(), since):
        counts.add(reparse(store, refs, executor))
        progress(counts)
    return counts
