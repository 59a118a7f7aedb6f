"""The embedded store: every distinct raw body once (content-addressed), and every fetch that produced one.

Raw bodies are kept so the parser can be re-run on them without fetching again. The `Store` protocol is the
interface the rest of trialwatch uses, so a server database can replace `SQLiteStore` when many users share
one store. The schema grows by appending to `MIGRATIONS` (the tracking issue's `versions` table is one more
entry); `PRAGMA user_version` records how many have run and `PRAGMA application_id` marks the file as ours.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from scraper.errors import StoreError
from scraper.http import FetchResult

APPLICATION_ID = 0x54577463  # "TWtc": lets us tell our file from any other SQLite database
SQLITE_HEADER = b"SQLite format 3\x00"

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (  # 1: raw bodies stored once, and the fetches that returned them (a 304 has no body)
        """CREATE TABLE bodies (
               sha256       TEXT PRIMARY KEY,
               content      BLOB NOT NULL,           -- gzip
               size         INTEGER NOT NULL,        -- uncompressed bytes
               content_type TEXT NOT NULL DEFAULT ''
           ) STRICT""",
        """CREATE TABLE fetches (
               id          INTEGER PRIMARY KEY,
               nct_id      TEXT NOT NULL,
               source      TEXT NOT NULL,
               url         TEXT NOT NULL,
               status      INTEGER NOT NULL,
               headers     TEXT NOT NULL,            -- JSON object of the headers that matter
               body_sha256 TEXT REFERENCES bodies (sha256),
               fetched_at  TEXT NOT NULL             -- ISO 8601, UTC
           ) STRICT""",
        "CREATE INDEX fetches_by_trial ON fetches (nct_id, source, id)",
    ),
)
"""Schema steps, applied in order, each in one transaction; never edit a shipped step, append a new one."""


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

    def close(self) -> None: ...


def body_hash(body: bytes) -> str:
    """The content address of a raw body."""
    return hashlib.sha256(body).hexdigest()


class SQLiteStore:
    """`Store` on one SQLite file: WAL (readers never block the writer), foreign keys, a busy timeout."""

    def __init__(self, path: Path | str, *, busy_timeout: float = 5.0) -> None:
        self.path = Path(path)
        self.busy_timeout = busy_timeout
        _refuse_foreign_file(self.path)
        with self._errors():
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=busy_timeout, isolation_level=None)
            try:
                self._check_ours()
                self._db.execute("PRAGMA journal_mode = WAL")
                self._db.execute("PRAGMA foreign_keys = ON")
                self._migrate()
            except BaseException:
                self._db.close()
                raise

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    def save_fetch(self, nct_id: str, source: str, result: FetchResult) -> StoredFetch:
        sha = body_hash(result.body) if result.status != 304 else None
        with self._transaction():
            if sha is not None:
                self._db.execute(
                    "INSERT OR IGNORE INTO bodies (sha256, content, size, content_type) VALUES (?, ?, ?, ?)",
                    (sha, gzip.compress(result.body, mtime=0), len(result.body), result.content_type))
            cursor = self._db.execute(
                "INSERT INTO fetches (nct_id, source, url, status, headers, body_sha256, fetched_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (nct_id, source, result.url, result.status, json.dumps(result.headers, ensure_ascii=False),
                 sha, result.fetched_at.isoformat()))
        return StoredFetch(cursor.lastrowid or 0, nct_id, source, result.url, result.status,
                           dict(result.headers), sha, result.fetched_at)

    def latest_fetch(self, nct_id: str, source: str) -> StoredFetch | None:
        with self._errors():
            row = self._db.execute(
                "SELECT id, nct_id, source, url, status, headers, body_sha256, fetched_at FROM fetches"
                " WHERE nct_id = ? AND source = ? AND body_sha256 IS NOT NULL ORDER BY id DESC LIMIT 1",
                (nct_id, source)).fetchone()
        if row is None:
            return None
        return StoredFetch(row[0], row[1], row[2], row[3], row[4], json.loads(row[5]), row[6],
                           datetime.fromisoformat(row[7]))

    def body(self, sha256: str) -> bytes:
        with self._errors():
            row = self._db.execute("SELECT content FROM bodies WHERE sha256 = ?", (sha256,)).fetchone()
        if row is None:
            raise StoreError(f"store {self.path} has no body {sha256}")
        return gzip.decompress(row[0])

    def counts(self) -> dict[str, int]:
        """Rows per table: the quickest way to see what a run stored (or that a failed one stored nothing)."""
        with self._errors():
            return {table: self._db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                    for table in ("bodies", "fetches")}

    def _check_ours(self) -> None:
        app_id = self._db.execute("PRAGMA application_id").fetchone()[0]
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        tables = self._db.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0]
        if app_id != APPLICATION_ID and (app_id != 0 or tables):
            raise StoreError(f"{self.path} is an SQLite database but not a trialwatch store; left untouched")
        if version > len(MIGRATIONS):
            raise StoreError(f"store {self.path} has schema {version}, newer than this trialwatch "
                             f"({len(MIGRATIONS)}); upgrade trialwatch")

    def _migrate(self) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        for number, statements in enumerate(MIGRATIONS[version:], start=version + 1):
            with self._transaction():
                for statement in statements:
                    self._db.execute(statement)
                self._db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                self._db.execute(f"PRAGMA user_version = {number}")

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """BEGIN IMMEDIATE takes the write lock up front, so a busy store waits here, not half-way."""
        with self._errors():
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise StoreError(f"store {self.path} is locked by another process "
                                 f"(waited {self.busy_timeout:g} s)") from None
            raise StoreError(f"store {self.path}: {exc}") from None
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"store {self.path} is corrupt or not a database: {exc}") from None
        except OSError as exc:
            raise StoreError(f"store {self.path}: {exc.strerror or exc}") from None


def _refuse_foreign_file(path: Path) -> None:
    """Look at the first bytes before SQLite does, so a file that is not a database is never written to."""
    if path.is_dir():
        raise StoreError(f"store {path} is a directory, not a file")
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return
    except OSError as exc:
        raise StoreError(f"store {path}: {exc.strerror or exc}") from None
    if header and header != SQLITE_HEADER:
        raise StoreError(f"{path} is not an SQLite file, so not a trialwatch store; left untouched")
