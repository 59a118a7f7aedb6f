"""The store's contract, the same for both backends: the `Store` protocol the rest of trialwatch uses, the
records it takes and gives back (the answers `stats` and `changes` print are pydantic models, so their `--json`
has a published schema), and what both implementations share (the source's order of versions, the
`stats` query, body hashing and checking, the paths `changes --since` asks about).

Every distinct raw body is kept once (content-addressed), with every fetch and every version of a record: raw
bodies are kept so the parser can be re-run on them without fetching again. A *version* is one state of a
trial's record as a source published it: a numbered version from ClinicalTrials.gov's history, or a live
observation that differed from the version before it; it keeps the parsed trial and criteria next to the body
they came from, and which parser made them; `trialwatch reparse` records a later engine's parse of the same
body, and every read sees the latest. `SQLiteStore` (`scraper.sqlite_store`) keeps all of it in one embedded
file; `PostgresStore` (`scraper.pg_store`) on a server that many users and workers share (see README, "Storage").
"""

from __future__ import annotations

import gzip
import hashlib
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, Protocol

from pydantic import BaseModel, ConfigDict, Field

from scraper.errors import StoreError
from scraper.records import FetchResult

if TYPE_CHECKING:
    from parser.models.criteria import Criteria


@dataclass(frozen=True)
class StoredFetch:
    """A fetch as recorded; `body_sha256` names its body in the store (None for a 304)."""

    id: int
    nct_id: str
    source: str
    url: str
    status: int
    headers: dict[str, str]
    body_sha256: str | None
    fetched_at: datetime


@dataclass(frozen=True)
class NewVersion:
    """A version to store: exactly one of `version` (the source's number) and `observed_on` (a live sighting),
    and exactly one of `trial` (parsed) and `parse_error` (the body is kept raw, to be parsed again later).
    `trial` (a `Trial`, or a `ListingPage` for ClinConnect) and `criteria` stay models until the store writes them
    (`stored_document`): nothing on the way dumps them to dicts and validates them back."""

    version: int | None
    observed_on: datetime | None
    source_date: str | None
    trial: BaseModel | None
    criteria: Criteria | None
    parser_version: str
    parse_error: str | None = None
    changed: tuple[str, ...] = ()
    """Paths of what the diff found changed since the version before it (`field_paths`); empty on first sight."""



@dataclass(frozen=True)
class StoredVersion:
    """A version as stored; `label` names it on the command line (`v3` from the history, `o12` observed)."""

    id: int
    nct_id: str
    source: str
    version: int | None
    observed_on: datetime | None
    source_date: str | None
    body_sha256: str
    trial: dict[str, Any] | None
    criteria: dict[str, Any] | None
    parser_version: str
    parse_error: str | None
    changed: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return version_label(self.version, self.id)


def stored_document(model: BaseModel | None) -> dict[str, Any] | None:
    """A parsed model as the store keeps it, in JSON's types with the contract's names (`not`): the one place a
    version's models are dumped."""
    return None if model is None else model.model_dump(mode="json", by_alias=True)


def inserted(new: NewVersion, row_id: int, nct_id: str, source: str, sha256: str,
             documents: tuple[dict[str, Any] | None, dict[str, Any] | None]) -> StoredVersion:
    """The version just stored as row `row_id` with `documents` (its trial and criteria as written), built from
    what was written rather than read back and decoded again (a new row has no later parse to read)."""
    return StoredVersion(id=row_id, nct_id=nct_id, source=source, version=new.version,
                         observed_on=new.observed_on and new.observed_on.astimezone(UTC),
                         source_date=new.source_date, body_sha256=sha256, trial=documents[0], criteria=documents[1],
                         parser_version=new.parser_version, parse_error=new.parse_error, changed=new.changed)


def version_label(version: int | None, row_id: int) -> str:
    """`v3` for the source's version 3, `o12` for the live observation stored as row 12."""
    return f"v{version}" if version is not None else f"o{row_id}"


class _Report(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ChangedVersion(_Report):
    """A stored version that changed some of the fields asked about, and which of them (`changes --since`; its
    `--json` prints a list of these)."""

    nct_id: str
    source: str
    label: str = Field(description="The version, as `diff --from/--to` takes it.")
    dated: str = Field(description="The source's date of the version, else the day its server answered with it.")
    fields: tuple[str, ...] = Field(description="The changed fields asked about, as the diff's paths.")


class StoreStats(_Report):
    """What the store holds (`stats`, and what `stats --json` prints), the same query (`STATS_SQL`) on both stores."""

    trials: int
    versions: int
    parse_errors: int = Field(description="Versions whose current parse (after any `reparse`) failed.")
    bodies: int
    body_bytes: int = Field(description="The distinct bodies' size, raw.")
    stored_body_bytes: int = Field(description="The distinct bodies' size as stored (gzip).")
    fetches: int
    latest_version_date: str | None = Field(description="The newest version's date as `changes` files it (the "
                                            "source's, else the day its server answered); null in an empty store.")

    @classmethod
    def from_row(cls, row: Sequence[object]) -> StoreStats:
        """The answer to `STATS_SQL`, whose columns are these fields in order."""
        return cls.model_validate(dict(zip(cls.model_fields, row, strict=True)))


STATS_SQL = ("SELECT (SELECT count(DISTINCT nct_id) FROM versions), (SELECT count(*) FROM versions),"
             " (SELECT count(*) FROM current_versions WHERE parse_error IS NOT NULL), (SELECT count(*) FROM bodies),"
             " (SELECT CAST(coalesce(sum(size), 0) AS bigint) FROM bodies),"
             " (SELECT CAST(coalesce(sum(length(content)), 0) AS bigint) FROM bodies),"
             " (SELECT count(*) FROM fetches), (SELECT max(dated) FROM versions)")
"""`StoreStats`' fields in order, the same SQL on both stores."""


def inflate(content: bytes, sha256: str, store: str) -> bytes:
    """A stored gzip body, inflated; broken on disk is a `StoreError` naming it."""
    try:
        return gzip.decompress(content)
    except (OSError, EOFError, zlib.error) as error:  # BadGzipFile is an OSError
        raise StoreError(f"store {store}: body {sha256} is corrupt ({error}); see `trialwatch store check`") from None


def body_problems(sha256: str, content: bytes) -> list[str]:
    """`check`'s line for a stored body that does not inflate to the bytes its SHA-256 names, if it does not."""
    try:
        intact = body_hash(gzip.decompress(content)) == sha256
    except (OSError, EOFError, zlib.error):
        intact = False
    return [] if intact else [f"body {sha256} is corrupt (does not inflate to the bytes its hash names)"]


def version_day(new: NewVersion, result: FetchResult) -> str:
    """The day `changes --since` files a version under: the source's own date for it, else the day the source's
    server answered with it (a live sighting, or a history version the source gave no date)."""
    return new.source_date or (new.observed_on or result.served_at).astimezone(UTC).date().isoformat()


def field_path(name: str) -> str:
    """A `--field` as the diff's path prefix: `eligibility/minimum_age` or `/eligibility/minimum_age`."""
    return "/" + name.strip().strip("/")


def field_paths(paths: Sequence[str]) -> tuple[str, ...]:
    """Diff paths as stored per version: list positions dropped (`/locations/2/status` is `/locations/status`),
    each once, sorted; so a field is asked about by name, not by where it sat in one version's list."""
    return tuple(sorted({"/".join(part for part in path.split("/") if not part.isdigit()) for path in paths}))


@dataclass(frozen=True)
class VersionRef:
    """A stored version without its documents: enough to fetch its body and decide whether to parse it again."""

    id: int
    nct_id: str
    source: str
    body_sha256: str
    parser_version: str


class Store(Protocol):
    """What trialwatch needs from a store; `SQLiteStore` is the embedded implementation."""

    def save_fetch(self, nct_id: str, source: str, result: FetchResult) -> StoredFetch:
        """Record a fetch and its body (stored once however often it is fetched), atomically."""
        ...

    def latest_fetch(self, nct_id: str, source: str) -> StoredFetch | None:
        """The most recent fetch that returned a body, whose validators make the next request conditional."""
        ...

    def body(self, sha256: str) -> bytes:
        """The raw body stored under `sha256`."""
        ...

    def save_version(self, nct_id: str, source: str, result: FetchResult,
                     new: NewVersion) -> tuple[StoredVersion, bool]:
        """Record the fetch, its body and the version in one transaction; `(stored, created)`.

        Nothing new is created when the version number is already stored, or when an observed body is the
        body of the latest version of that source: the same body twice is one version.
        """
        ...

    def versions(self, nct_id: str, source: str) -> list[StoredVersion]:
        """Every stored version, oldest first by the source's order (numbers, then the source's dates)."""
        ...

    def latest_parsed(self, nct_id: str, source: str) -> StoredVersion | None:
        """The latest version (the source's order) whose body was parsed, or None: what a new body is compared
        with, read alone rather than decoding every version to take the last."""
        ...

    def trial_ids(self, source: str) -> list[str]:
        """Every trial with a stored version from `source` whose criteria were parsed, in NCT id order."""
        ...

    def latest_criteria_json(self, nct_id: str, source: str) -> str | None:
        """The criteria of the latest version (the source's order) whose criteria were parsed, as the stored JSON
        text, or None: matching needs that one document, undecoded, and finds it compiled by its text."""
        ...

    def stats(self) -> StoreStats:
        """What the store holds."""
        ...

    def changes(self, since: date, fields: Sequence[str] = ()) -> list[ChangedVersion]:
        """Versions dated `since` or later that changed a field under one of `fields` (any field when none is
        given), by date then NCT id; answered by the database, not by loading versions."""
        ...

    def check(self) -> tuple[list[str], dict[str, int]]:
        """Every problem found, one line each, and how many versions and bodies were looked at."""
        ...

    def version_refs(self, source: str, after: int, limit: int) -> list[VersionRef]:
        """Up to `limit` versions from `source` with an id above `after`, in id order: a re-parse pages through
        the whole store with these, holding one page at a time."""
        ...

    def save_parse(self, version_id: int, new: NewVersion, changed: bool) -> bool:
        """Record that engine `new.parser_version` parsed version `version_id`'s body again. A `changed` result
        becomes the version's current parse (earlier ones stay stored); an unchanged one keeps no documents, only
        that this engine agrees. Only the parse fields of `new` are used. Idempotent: False when this engine's
        parse of the version was recorded already, and nothing is written.
        """
        ...

    def close(self) -> None: ...


def body_hash(body: bytes) -> str:
    """The content address of a raw body."""
    return hashlib.sha256(body).hexdigest()


ORDER_TERMS = ("version IS NULL", "version", "observed_on", "id")
SOURCE_ORDER = ", ".join(ORDER_TERMS)
LATEST_FIRST = ", ".join(f"{term} DESC" for term in ORDER_TERMS)
"""The source's order, never the local clock: history numbers first (they are the source's own sequence),
then live observations by the date the source's server gave its answer. Not by `source_date`: a record's
lastUpdatePostDate may be missing from one version and present in the next, and cannot order those two."""


def with_version(versions: list[StoredVersion], stored: StoredVersion) -> list[StoredVersion]:
    """`versions` (as `versions()` returned them) with `stored`, a version just saved, in its place in the source's
    order (`ORDER_TERMS`, here in Python; once, if it was listed already): a run adds what it stores to the list it
    read, instead of reading and decoding every version again."""
    if any(version.id == stored.id for version in versions):
        return versions
    epoch = datetime.min.replace(tzinfo=UTC)  # a numbered version has no observed_on: its number orders it
    return sorted([*versions, stored], key=lambda version: (
        version.version is None, version.version or 0, version.observed_on or epoch, version.id))
