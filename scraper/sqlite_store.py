"""The embedded store: `Store` (`scraper.store`) on one SQLite file, stdlib `sqlite3`.

WAL mode (readers never block the writer), foreign keys, a busy timeout, every write one `BEGIN IMMEDIATE`
transaction. Parsed documents are JSON text with `json_valid` checks, bodies gzip BLOBs stored once by SHA-256;
the `parses` table holds later engines' parses and the `current_versions` view is what every read goes through.
The schema grows by appending to `MIGRATIONS`; `PRAGMA user_version` records how many have run and
`PRAGMA application_id` marks the file as ours. A row that cannot be read back (its JSON or its gzip body
broken on disk) is a `StoreError` naming the row; `check` looks at every row, and at SQLite's own integrity.
"""

from __future__ import annotations

import gzip
import json
import sqlite3
import stat
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from scraper.errors import StoreError
from scraper.records import FetchResult
from scraper.store import (
    LATEST_FIRST,
    SOURCE_ORDER,
    STATS_SQL,
    ChangedVersion,
    NewVersion,
    StoredFetch,
    StoredVersion,
    StoreStats,
    VersionRef,
    body_hash,
    body_problems,
    field_path,
    inflate,
    inserted,
    stored_document,
    version_day,
    version_label,
)

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
    (  # 2: versions of each record, numbered by the source's history or observed live
        """CREATE TABLE versions (
               id             INTEGER PRIMARY KEY,
               nct_id         TEXT NOT NULL,
               source         TEXT NOT NULL,
               version        INTEGER,              -- the source's version number (CT.gov history)
               observed_on    TEXT,                 -- a live observation: the server's Date, ISO 8601 UTC
               source_date    TEXT,                 -- the source's own date: history date, lastUpdatePostDate
               body_sha256    TEXT NOT NULL REFERENCES bodies (sha256),
               trial_json     TEXT CHECK (trial_json IS NULL OR json_valid(trial_json)),
               criteria_json  TEXT CHECK (criteria_json IS NULL OR json_valid(criteria_json)),
               parser_version TEXT NOT NULL,
               parse_error    TEXT,                 -- why the body could not be parsed (it is kept raw)
               stored_at      TEXT NOT NULL,        -- local clock, for the record only: never used to order
               CHECK ((version IS NULL) <> (observed_on IS NULL)),
               CHECK ((trial_json IS NULL) <> (parse_error IS NULL))
           ) STRICT""",
        "CREATE UNIQUE INDEX versions_by_number ON versions (nct_id, source, version) WHERE version IS NOT NULL",
        "CREATE INDEX versions_by_trial ON versions (nct_id, source, id)",
    ),
    (  # 3: what changed since the version before (diff paths), and the source's day of the version
        "ALTER TABLE versions ADD COLUMN changed TEXT NOT NULL DEFAULT '[]'"
        " CHECK (json_valid(changed) AND json_type(changed) = 'array')",
        "ALTER TABLE versions ADD COLUMN dated TEXT",
        "UPDATE versions SET dated = coalesce(source_date, substr(observed_on, 1, 10))",
        "CREATE INDEX versions_by_date ON versions (dated)",
    ),
    (  # 4: a version's body parsed again by a later engine (`trialwatch reparse`); the version reads its latest
        """CREATE TABLE parses (
               id             INTEGER PRIMARY KEY,
               version_id     INTEGER NOT NULL REFERENCES versions (id),
               parser_version TEXT NOT NULL,
               changed        INTEGER NOT NULL CHECK (changed IN (0, 1)),  -- 0: same result, nothing kept
               trial_json     TEXT CHECK (trial_json IS NULL OR json_valid(trial_json)),
               criteria_json  TEXT CHECK (criteria_json IS NULL OR json_valid(criteria_json)),
               parse_error    TEXT,
               stored_at      TEXT NOT NULL,             -- local clock, for the record only
               UNIQUE (version_id, parser_version),
               CHECK (changed = 1 OR (trial_json IS NULL AND criteria_json IS NULL AND parse_error IS NULL)),
               CHECK (changed = 0 OR ((trial_json IS NULL) <> (parse_error IS NULL)))
           ) STRICT""",
        """CREATE VIEW current_versions AS
           SELECT v.id, v.nct_id, v.source, v.version, v.observed_on, v.source_date, v.body_sha256,
                  CASE WHEN c.id IS NULL THEN v.trial_json ELSE c.trial_json END AS trial_json,
                  CASE WHEN c.id IS NULL THEN v.criteria_json ELSE c.criteria_json END AS criteria_json,
                  coalesce(l.parser_version, v.parser_version) AS parser_version,
                  CASE WHEN c.id IS NULL THEN v.parse_error ELSE c.parse_error END AS parse_error,
                  v.changed, v.dated
           FROM versions v
           LEFT JOIN parses c ON c.id = (SELECT max(id) FROM parses WHERE version_id = v.id AND changed = 1)
           LEFT JOIN parses l ON l.id = (SELECT max(id) FROM parses WHERE version_id = v.id)""",
    ),
)
"""Schema steps, applied in order, all pending ones in one transaction; never edit a shipped step, append one."""


class SQLiteStore:
    """`Store` on one SQLite file: WAL (readers never block the writer), foreign keys, a busy timeout.

    One thread at a time, not always its opener: a batch run hands it to a store thread (`scraper.batch.refresh`)."""

    def __init__(self, path: Path | str, *, busy_timeout: float = 5.0) -> None:
        self.path = Path(path)
        self.busy_timeout = busy_timeout
        _refuse_foreign_file(self.path)
        with self._errors():
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=busy_timeout, isolation_level=None, check_same_thread=False)
            try:
                self._check_ours()
                self._use_wal()
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
            fetch_id = self._insert_fetch(nct_id, source, result, sha)
        return StoredFetch(fetch_id, nct_id, source, result.url, result.status, dict(result.headers), sha,
                           result.fetched_at)

    def _insert_fetch(self, nct_id: str, source: str, result: FetchResult, sha: str | None) -> int:
        """The body (once) and the fetch; the caller holds the transaction."""
        if sha is not None:
            self._db.execute(
                "INSERT OR IGNORE INTO bodies (sha256, content, size, content_type) VALUES (?, ?, ?, ?)",
                (sha, gzip.compress(result.body, mtime=0), len(result.body), result.content_type))
        cursor = self._db.execute(
            "INSERT INTO fetches (nct_id, source, url, status, headers, body_sha256, fetched_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (nct_id, source, result.url, result.status, json.dumps(result.headers, ensure_ascii=False),
             sha, result.fetched_at.isoformat()))
        return cursor.lastrowid or 0

    def save_version(self, nct_id: str, source: str, result: FetchResult,
                     new: NewVersion) -> tuple[StoredVersion, bool]:
        sha = body_hash(result.body)
        documents = stored_document(new.trial), stored_document(new.criteria)
        with self._transaction():
            existing = self._existing_version(nct_id, source, new, sha)
            self._insert_fetch(nct_id, source, result, sha)
            if existing is not None:
                return existing, False
            cursor = self._db.execute(
                "INSERT INTO versions (nct_id, source, version, observed_on, source_date, body_sha256, trial_json,"
                " criteria_json, parser_version, parse_error, stored_at, changed, dated)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (nct_id, source, new.version, new.observed_on and new.observed_on.astimezone(UTC).isoformat(),
                 new.source_date, sha, *map(_dumps, documents), new.parser_version, new.parse_error,
                 datetime.now(UTC).isoformat(), json.dumps(new.changed), version_day(new, result)))
        return inserted(new, cursor.lastrowid or 0, nct_id, source, sha, documents), True

    def versions(self, nct_id: str, source: str) -> list[StoredVersion]:
        with self._errors():
            rows = self._db.execute(
                f"SELECT {_VERSION_COLUMNS} FROM current_versions WHERE nct_id = ? AND source = ?"
                f" ORDER BY {SOURCE_ORDER}",
                (nct_id, source)).fetchall()
        return [self._version(row) for row in rows]

    def latest_parsed(self, nct_id: str, source: str) -> StoredVersion | None:
        with self._errors():
            row = self._db.execute(
                f"SELECT {_VERSION_COLUMNS} FROM current_versions WHERE nct_id = ? AND source = ?"
                f" AND trial_json IS NOT NULL ORDER BY {LATEST_FIRST} LIMIT 1", (nct_id, source)).fetchone()
        return None if row is None else self._version(row)

    def trial_ids(self, source: str) -> list[str]:
        with self._errors():
            rows = self._db.execute(
                "SELECT DISTINCT nct_id FROM current_versions WHERE source = ? AND criteria_json IS NOT NULL"
                " ORDER BY nct_id",
                (source,)).fetchall()
        return [row[0] for row in rows]

    def latest_criteria_json(self, nct_id: str, source: str) -> str | None:
        with self._errors():
            row = self._db.execute(  # json_valid: the text goes out undecoded, but never corrupt
                "SELECT id, criteria_json, json_valid(criteria_json) FROM current_versions WHERE nct_id = ?"
                f" AND source = ? AND criteria_json IS NOT NULL ORDER BY {LATEST_FIRST} LIMIT 1",
                (nct_id, source)).fetchone()
        if row is not None and not row[2]:
            raise self._corrupt("versions", row[0], "criteria_json", "not JSON")
        return None if row is None else str(row[1])

    def version_refs(self, source: str, after: int, limit: int) -> list[VersionRef]:
        with self._errors():
            rows = self._db.execute(
                "SELECT id, nct_id, source, body_sha256, parser_version FROM current_versions"
                " WHERE source = ? AND id > ? ORDER BY id LIMIT ?", (source, after, limit)).fetchall()
        return [VersionRef(*row) for row in rows]

    def save_parse(self, version_id: int, new: NewVersion, changed: bool) -> bool:
        parse = (new.trial, new.criteria, new.parse_error) if changed else (None, None, None)
        documents = (_dumps(stored_document(parse[0])), _dumps(stored_document(parse[1])), parse[2])
        with self._transaction():
            cursor = self._db.execute(
                "INSERT OR IGNORE INTO parses (version_id, parser_version, changed, trial_json, criteria_json,"
                " parse_error, stored_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (version_id, new.parser_version, int(changed), *documents, datetime.now(UTC).isoformat()))
        return cursor.rowcount == 1

    def _existing_version(self, nct_id: str, source: str, new: NewVersion, sha: str) -> StoredVersion | None:
        if new.version is not None:
            row = self._db.execute(f"SELECT {_VERSION_COLUMNS} FROM current_versions WHERE nct_id = ? AND source = ?"
                                   " AND version = ?", (nct_id, source, new.version)).fetchone()
        else:
            row = self._db.execute(f"SELECT {_VERSION_COLUMNS} FROM current_versions WHERE nct_id = ? AND source = ?"
                                   f" ORDER BY {LATEST_FIRST} LIMIT 1", (nct_id, source)).fetchone()
            row = row if row is not None and row[6] == sha else None
        return None if row is None else self._version(row)

    def latest_fetch(self, nct_id: str, source: str) -> StoredFetch | None:
        with self._errors():
            row = self._db.execute(
                "SELECT id, nct_id, source, url, status, headers, body_sha256, fetched_at FROM fetches"
                " WHERE nct_id = ? AND source = ? AND body_sha256 IS NOT NULL ORDER BY id DESC LIMIT 1",
                (nct_id, source)).fetchone()
        if row is None:
            return None
        return StoredFetch(row[0], row[1], row[2], row[3], row[4], self._json(row[5], "fetches", row[0], "headers"),
                           row[6], datetime.fromisoformat(row[7]))

    def body(self, sha256: str) -> bytes:
        with self._errors():
            row = self._db.execute("SELECT content FROM bodies WHERE sha256 = ?", (sha256,)).fetchone()
        if row is None:
            raise StoreError(f"store {self.path} has no body {sha256}")
        return inflate(row[0], sha256, str(self.path))

    def check(self) -> tuple[list[str], dict[str, int]]:
        """Every problem found, one line each, and what was looked at: SQLite's integrity check, then every
        version's JSON and every body (it must inflate to the bytes its SHA-256 names). Reads the whole store."""
        with self._errors():
            problems = [line for (line,) in self._db.execute("PRAGMA integrity_check") if line != "ok"]
            counts = {"versions": 0, "bodies": 0}
            for table in ("versions", "parses"):
                for row in self._db.execute(f"SELECT id, trial_json, criteria_json FROM {table} ORDER BY id"):
                    counts["versions"] += table == "versions"
                    for column, text in zip(("trial_json", "criteria_json"), row[1:], strict=True):
                        if text is not None and not _is_json(text):
                            problems.append(f"{table} row {row[0]}: {column} is not JSON")
            for sha256, content in self._db.execute("SELECT sha256, content FROM bodies ORDER BY sha256"):
                counts["bodies"] += 1
                problems += body_problems(sha256, content)
        return problems, counts

    def stats(self) -> StoreStats:
        with self._errors():
            return StoreStats.from_row(self._db.execute(STATS_SQL).fetchone())

    def changes(self, since: date, fields: Sequence[str] = ()) -> list[ChangedVersion]:
        wanted = json.dumps([field_path(name) for name in fields])
        with self._errors():
            rows = self._db.execute(
                "SELECT v.nct_id, v.source, v.version, v.id, v.dated, json_group_array(p.value) FROM versions v,"
                " json_each(v.changed) p WHERE v.dated >= ? AND (json_array_length(?) = 0 OR EXISTS ("
                "   SELECT 1 FROM json_each(?) f WHERE p.value = f.value OR substr(p.value, 1, length(f.value) + 1)"
                "   = f.value || '/'))"
                " GROUP BY v.id ORDER BY v.dated, v.nct_id, v.id", (since.isoformat(), wanted, wanted)).fetchall()
        return [ChangedVersion(nct_id=nct_id, source=source, label=version_label(number, row_id), dated=dated,
                               fields=tuple(json.loads(paths)))
                for nct_id, source, number, row_id, dated, paths in rows]

    def _check_ours(self) -> None:
        app_id, version, tables = self._db.execute(  # one statement, one snapshot: another process may be migrating
            "SELECT (SELECT application_id FROM pragma_application_id), (SELECT user_version FROM pragma_user_version),"
            " (SELECT count(*) FROM sqlite_schema)").fetchone()
        if app_id != APPLICATION_ID and (app_id != 0 or tables):
            raise StoreError(f"{self.path} is an SQLite database but not a trialwatch store; left untouched")
        if version > len(MIGRATIONS):
            raise StoreError(f"store {self.path} has schema {version}, newer than this trialwatch "
                             f"({len(MIGRATIONS)}); upgrade trialwatch")

    def _use_wal(self) -> None:
        """Switch to WAL (it stays set in the file). SQLite does not wait out a busy store for this pragma, so
        processes creating the same store at once retry it for up to the busy timeout."""
        deadline = time.monotonic() + self.busy_timeout
        while True:
            try:
                self._db.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() >= deadline:
                    raise
                time.sleep(0.01)

    def _migrate(self) -> None:
        """Bring the schema up to date. The version is read again under the write lock: another process
        creating the same store at the same instant may have migrated it meanwhile."""
        if self._db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS):
            return  # the usual case takes no write lock (and works on a read-only store)
        with self._transaction():
            self._check_ours()
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            if version == len(MIGRATIONS):
                return
            for statements in MIGRATIONS[version:]:
                for statement in statements:
                    self._db.execute(statement)
            self._db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            self._db.execute(f"PRAGMA user_version = {len(MIGRATIONS)}")

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

    def _version(self, row: tuple[Any, ...]) -> StoredVersion:
        return StoredVersion(id=row[0], nct_id=row[1], source=row[2], version=row[3],
                             observed_on=datetime.fromisoformat(row[4]) if row[4] else None, source_date=row[5],
                             body_sha256=row[6], trial=self._json(row[7], "versions", row[0], "trial_json"),
                             criteria=self._json(row[8], "versions", row[0], "criteria_json"),
                             parser_version=row[9], parse_error=row[10],
                             changed=tuple(self._json(row[11], "versions", row[0], "changed") or ()))

    def _json(self, text: str | None, table: str, row_id: int, column: str) -> Any:
        """A JSON column read back; broken on disk is a `StoreError` naming the row."""
        if not text:
            return None
        try:
            return json.loads(text)
        except (ValueError, RecursionError) as error:
            raise self._corrupt(table, row_id, column, str(error)) from None

    def _corrupt(self, table: str, row_id: int, column: str, why: str) -> StoreError:
        """What a JSON column broken on disk (SQLite's CHECK guards writes, not the file) is raised as."""
        return StoreError(f"store {self.path}: {table} row {row_id}: {column} is corrupt ({why}); "
                          "see `trialwatch store check`")

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise StoreError(f"store {self.path} is locked by another process "
                                 f"(waited {self.busy_timeout:g} s)") from None
            raise StoreError(f"store {self.path}: {exc}") from None
        except sqlite3.IntegrityError as exc:
            raise StoreError(f"store {self.path} refused an inconsistent write ({exc}); nothing of it was stored") \
                from None
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"store {self.path} is corrupt or not a database: {exc}") from None
        except OSError as exc:
            raise StoreError(f"store {self.path}: {exc.strerror or exc}") from None


_VERSION_COLUMNS = ("id, nct_id, source, version, observed_on, source_date, body_sha256, trial_json, criteria_json,"
                    " parser_version, parse_error, changed")


def _dumps(document: dict[str, Any] | None) -> str | None:
    return None if document is None else json.dumps(document, ensure_ascii=False)


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except (ValueError, RecursionError):
        return False
    return True


def _refuse_foreign_file(path: Path) -> None:
    """Look at the file, then its first bytes, before SQLite does, so what is not a database is never written to.

    Only a regular file (or a path not there yet) will do: opening a FIFO waits for a writer forever, and SQLite
    would put its journal beside a device (`/dev/null-journal`)."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise StoreError(f"store {path}: {exc.strerror or exc}") from None
    if stat.S_ISDIR(mode):
        raise StoreError(f"store {path} is a directory, not a file")
    if not stat.S_ISREG(mode):
        raise StoreError(f"store {path} is not a regular file (a FIFO, socket or device); refused, left untouched")
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return
    except OSError as exc:
        raise StoreError(f"store {path}: {exc.strerror or exc}") from None
    if header and header != SQLITE_HEADER:
        raise StoreError(f"{path} is not an SQLite file, so not a trialwatch store; left untouched")
