"""The server store: `Store` on PostgreSQL, for many users and workers sharing one store (`postgresql://…`).

The same contract as `SQLiteStore`, in PostgreSQL's terms: raw bodies gzip `bytea` stored once by SHA-256
(`INSERT … ON CONFLICT DO NOTHING`, so concurrent writers of one body never collide), parsed trial and criteria
as `jsonb` with GIN indexes, versions in the source's order (`store.SOURCE_ORDER`), never a clock. Many writers
at once: each `save_version` is one transaction holding a per-trial advisory lock, so two workers storing the
same new version see each other's and store it once; numbered versions have a unique key besides.
The schema grows by appending a file to `pg_migrations/`; `trialwatch_schema` records which have run (all
pending ones run in one transaction under an advisory lock, so processes opening a new store at once are safe),
and a store from a newer trialwatch is refused. Connections come from a `psycopg_pool` pool.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date
from importlib.resources import files
from typing import Any

import psycopg
from psycopg.types.json import Jsonb
from psycopg_pool import ConnectionPool, PoolTimeout

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
from scraper.stores import redacted

MIGRATIONS: tuple[str, ...] = tuple(
    step.read_text(encoding="utf-8")
    for step in sorted(files("scraper").joinpath("pg_migrations").iterdir(), key=lambda step: step.name)
    if step.name.endswith(".sql"))
"""Schema steps in file-name order; never edit a shipped step, add a file."""

MIGRATION_LOCK = 0x54577463  # "TWtc", the SQLite store's application id: one advisory lock key for migrating


class PostgresStore:
    """`Store` on a PostgreSQL database (the tables live in the connection's current schema)."""

    def __init__(self, url: str, *, pool_size: int = 4, connect_timeout: float = 10.0) -> None:
        self.name = redacted(url)
        self._connect_timeout = connect_timeout
        with self._errors():
            with psycopg.connect(url, autocommit=True, connect_timeout=max(1, round(connect_timeout))) as first:
                self._migrate(first)
            self._pool = ConnectionPool(url, min_size=1, max_size=pool_size, timeout=connect_timeout,
                                        kwargs={"autocommit": True}, open=True)

    def __enter__(self) -> PostgresStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._pool.close()

    def save_fetch(self, nct_id: str, source: str, result: FetchResult) -> StoredFetch:
        sha = body_hash(result.body) if result.status != 304 else None
        with self._transaction() as cursor:
            fetch_id = self._insert_fetch(cursor, nct_id, source, result, sha)
        return StoredFetch(fetch_id, nct_id, source, result.url, result.status, dict(result.headers), sha,
                           result.fetched_at)

    def _insert_fetch(self, cursor: psycopg.Cursor[Any], nct_id: str, source: str, result: FetchResult,
                      sha: str | None) -> int:
        """The body (once, whoever else is storing it) and the fetch; the caller holds the transaction."""
        if sha is not None:
            cursor.execute("INSERT INTO bodies (sha256, content, size, content_type) VALUES (%s, %s, %s, %s)"
                           " ON CONFLICT (sha256) DO NOTHING",
                           (sha, gzip.compress(result.body, mtime=0), len(result.body), result.content_type))
        cursor.execute("INSERT INTO fetches (nct_id, source, url, status, headers, body_sha256, fetched_at)"
                       " VALUES (%s, %s, %s, %s, %s, %s, %s) RETURNING id",
                       (nct_id, source, result.url, result.status, Jsonb(result.headers), sha, result.fetched_at))
        return int(_one(cursor)[0])

    def save_version(self, nct_id: str, source: str, result: FetchResult,
                     new: NewVersion) -> tuple[StoredVersion, bool]:
        sha = body_hash(result.body)
        documents = stored_document(new.trial), stored_document(new.criteria)
        with self._transaction() as cursor:
            # One writer per trial from here to commit: the other waits, then finds this version stored.
            cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", (f"{nct_id}/{source}",))
            existing = self._existing_version(cursor, nct_id, source, new, sha)
            self._insert_fetch(cursor, nct_id, source, result, sha)
            if existing is not None:
                return existing, False
            cursor.execute(
                "INSERT INTO versions (nct_id, source, version, observed_on, source_date, dated, body_sha256, trial,"
                " criteria, parser_version, parse_error, changed) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s,"
                " %s, %s) RETURNING id",
                (nct_id, source, new.version, new.observed_on, new.source_date, version_day(new, result), sha,
                 *map(_jsonb, documents), new.parser_version, new.parse_error, Jsonb(list(new.changed))))
            return inserted(new, int(_one(cursor)[0]), nct_id, source, sha, documents), True

    def _existing_version(self, cursor: psycopg.Cursor[Any], nct_id: str, source: str, new: NewVersion,
                          sha: str) -> StoredVersion | None:
        if new.version is not None:
            cursor.execute(f"SELECT {_VERSION_COLUMNS} FROM current_versions WHERE nct_id = %s AND source = %s"
                           " AND version = %s", (nct_id, source, new.version))
            row = cursor.fetchone()
        else:
            cursor.execute(f"SELECT {_VERSION_COLUMNS} FROM current_versions WHERE nct_id = %s AND source = %s"
                           f" ORDER BY {LATEST_FIRST} LIMIT 1", (nct_id, source))
            row = cursor.fetchone()
            row = row if row is not None and row[6] == sha else None
        return None if row is None else _version(row)

    def versions(self, nct_id: str, source: str) -> list[StoredVersion]:
        rows = self._rows(f"SELECT {_VERSION_COLUMNS} FROM current_versions WHERE nct_id = %s AND source = %s"
                          f" ORDER BY {SOURCE_ORDER}", (nct_id, source))
        return [_version(row) for row in rows]

    def latest_parsed(self, nct_id: str, source: str) -> StoredVersion | None:
        rows = self._rows(f"SELECT {_VERSION_COLUMNS} FROM current_versions WHERE nct_id = %s AND source = %s"
                          f" AND trial IS NOT NULL ORDER BY {LATEST_FIRST} LIMIT 1", (nct_id, source))
        return _version(rows[0]) if rows else None

    def trial_ids(self, source: str) -> list[str]:
        rows = self._rows("SELECT DISTINCT nct_id FROM current_versions WHERE source = %s AND criteria IS NOT NULL"
                          " ORDER BY nct_id", (source,))
        return [row[0] for row in rows]

    def latest_criteria_json(self, nct_id: str, source: str) -> str | None:
        rows = self._rows("SELECT criteria::text FROM current_versions WHERE nct_id = %s AND source = %s"
                          f" AND criteria IS NOT NULL ORDER BY {LATEST_FIRST} LIMIT 1", (nct_id, source))
        return str(rows[0][0]) if rows else None

    def version_refs(self, source: str, after: int, limit: int) -> list[VersionRef]:
        rows = self._rows("SELECT id, nct_id, source, body_sha256, parser_version FROM current_versions"
                          " WHERE source = %s AND id > %s ORDER BY id LIMIT %s", (source, after, limit))
        return [VersionRef(*row) for row in rows]

    def save_parse(self, version_id: int, new: NewVersion, changed: bool) -> bool:
        parse = (new.trial, new.criteria, new.parse_error) if changed else (None, None, None)
        documents = (_jsonb(stored_document(parse[0])), _jsonb(stored_document(parse[1])), parse[2])
        with self._transaction() as cursor:  # two workers recording one parse: the unique key keeps the first
            cursor.execute("INSERT INTO parses (version_id, parser_version, changed, trial, criteria, parse_error)"
                           " VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (version_id, parser_version) DO NOTHING",
                           (version_id, new.parser_version, changed, *documents))
            return cursor.rowcount == 1

    def latest_fetch(self, nct_id: str, source: str) -> StoredFetch | None:
        rows = self._rows("SELECT id, nct_id, source, url, status, headers, body_sha256, fetched_at FROM fetches"
                          " WHERE nct_id = %s AND source = %s AND body_sha256 IS NOT NULL ORDER BY id DESC LIMIT 1",
                          (nct_id, source))
        if not rows:
            return None
        row = rows[0]
        return StoredFetch(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7].astimezone(UTC))

    def body(self, sha256: str) -> bytes:
        rows = self._rows("SELECT content FROM bodies WHERE sha256 = %s", (sha256,))
        if not rows:
            raise StoreError(f"store {self.name} has no body {sha256}")
        return inflate(rows[0][0], sha256, self.name)

    def stats(self) -> StoreStats:
        return StoreStats.from_row(self._rows(STATS_SQL, ())[0])

    def changes(self, since: date, fields: Sequence[str] = ()) -> list[ChangedVersion]:
        rows = self._rows(
            "SELECT v.nct_id, v.source, v.version, v.id, v.dated, m.fields FROM versions v CROSS JOIN LATERAL ("
            "  SELECT array_agg(p.path ORDER BY p.path) AS fields FROM jsonb_array_elements_text(v.changed) p(path)"
            "  WHERE cardinality(%(fields)s::text[]) = 0 OR EXISTS (SELECT 1 FROM unnest(%(fields)s::text[]) f(field)"
            "    WHERE p.path = f.field OR starts_with(p.path, f.field || '/'))) m"
            " WHERE v.dated >= %(since)s AND m.fields IS NOT NULL ORDER BY v.dated, v.nct_id, v.id",
            {"since": since.isoformat(), "fields": [field_path(name) for name in fields]})
        return [ChangedVersion(nct_id=nct_id, source=source, label=version_label(number, row_id), dated=dated,
                               fields=tuple(paths))
                for nct_id, source, number, row_id, dated, paths in rows]

    def check(self) -> tuple[list[str], dict[str, int]]:
        """Every body must inflate to the bytes its SHA-256 names (jsonb columns cannot hold broken JSON)."""
        problems: list[str] = []
        counts = {"versions": int(self._rows("SELECT count(*) FROM versions", ())[0][0]), "bodies": 0}
        with self._errors(), self._pool.connection() as connection, connection.transaction(), \
                connection.cursor(name="bodies") as cursor:  # server-side: bodies stream, not all in memory
            cursor.execute("SELECT sha256, content FROM bodies ORDER BY sha256")
            for sha256, content in cursor:
                counts["bodies"] += 1
                problems += body_problems(sha256, content)
        return problems, counts

    def _migrate(self, connection: psycopg.Connection[Any]) -> None:
        """Bring the schema up to date under one advisory lock: another process may be creating it too."""
        with connection.transaction():
            connection.execute(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
            ours = _one(connection.execute("SELECT to_regclass('trialwatch_schema') IS NOT NULL"))[0]
            if not ours:
                others = _one(connection.execute(
                    "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"))[0]
                if others:
                    raise StoreError(f"{self.name} holds tables but is not a trialwatch store; left untouched")
                connection.execute("CREATE TABLE trialwatch_schema (version integer PRIMARY KEY,"
                                   " applied_at timestamptz NOT NULL DEFAULT now())")
            version = _one(connection.execute("SELECT coalesce(max(version), 0) FROM trialwatch_schema"))[0]
            if version > len(MIGRATIONS):
                raise StoreError(f"store {self.name} has schema {version}, newer than this trialwatch "
                                 f"({len(MIGRATIONS)}); upgrade trialwatch")
            for number, step in enumerate(MIGRATIONS[version:], start=version + 1):
                connection.execute(step)  # no parameters: psycopg runs a script of several statements
                connection.execute("INSERT INTO trialwatch_schema (version) VALUES (%s)", (number,))

    def _rows(self, sql: str, params: Sequence[object] | dict[str, object]) -> list[tuple[Any, ...]]:
        with self._errors(), self._pool.connection() as connection:
            return connection.execute(sql, params).fetchall()

    @contextmanager
    def _transaction(self) -> Iterator[psycopg.Cursor[Any]]:
        with self._errors(), self._pool.connection() as connection, connection.transaction(), \
                connection.cursor() as cursor:
            yield cursor

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except psycopg.IntegrityError as exc:
            raise StoreError(f"store {self.name} refused an inconsistent write ({_first_line(exc)}); nothing of it "
                             "was stored") from None
        except psycopg.OperationalError as exc:
            raise StoreError(f"store {self.name} cannot be reached: {_first_line(exc)}") from None
        except PoolTimeout:
            raise StoreError(f"store {self.name}: no connection free within {self._connect_timeout:g} s") from None
        except psycopg.Error as exc:
            raise StoreError(f"store {self.name}: {_first_line(exc)}") from None


_VERSION_COLUMNS = ("id, nct_id, source, version, observed_on, source_date, body_sha256, trial, criteria,"
                    " parser_version, parse_error, changed")


def _version(row: tuple[Any, ...]) -> StoredVersion:
    return StoredVersion(id=row[0], nct_id=row[1], source=row[2], version=row[3],
                         observed_on=row[4].astimezone(UTC) if row[4] else None, source_date=row[5],
                         body_sha256=row[6], trial=row[7], criteria=row[8], parser_version=row[9],
                         parse_error=row[10], changed=tuple(row[11]))


def _one(cursor: psycopg.Cursor[Any]) -> tuple[Any, ...]:
    row = cursor.fetchone()
    if row is None:
        raise StoreError("the store answered a query that returns one row with none")
    return tuple(row)


def _jsonb(document: dict[str, Any] | None) -> Jsonb | None:
    return None if document is None else Jsonb(document)


def _first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]

