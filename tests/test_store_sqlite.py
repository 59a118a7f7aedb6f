"""The SQLite store's file: compressed, marked as ours, migrated; foreign, corrupt or locked files refused cleanly."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import platformdirs
import pytest

from scraper.errors import StoreError
from scraper.records import FetchResult
from scraper.settings import Settings
from scraper.sqlite_store import APPLICATION_ID, MIGRATIONS, SQLiteStore


def result(body: bytes = b'{"ok": true}', status: int = 200) -> FetchResult:
    return FetchResult(url="https://clinicaltrials.gov/api/v2/studies/NCT05628038", status=status,
                       headers={"content-type": "application/json", "etag": '"e1"'}, body=body,
                       fetched_at=datetime(2025, 6, 26, 12, tzinfo=UTC))


def test_a_new_store_is_marked_as_ours_and_fully_migrated(tmp_path: Path) -> None:
    SQLiteStore(tmp_path / "new.sqlite").close()
    raw = sqlite3.connect(tmp_path / "new.sqlite")
    pragmas = [raw.execute(f"PRAGMA {name}").fetchone()[0] for name in ("application_id", "user_version",
                                                                         "journal_mode")]
    raw.close()
    assert pragmas == [APPLICATION_ID, len(MIGRATIONS), "wal"]


def test_the_store_is_created_with_its_parent_directories(tmp_path: Path) -> None:
    SQLiteStore(tmp_path / "a" / "b" / "store.sqlite").close()
    assert (tmp_path / "a" / "b" / "store.sqlite").is_file()


def test_a_file_that_is_not_sqlite_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(b"my precious notes\n")
    with pytest.raises(StoreError, match="notes.txt is not an SQLite file"):
        SQLiteStore(path)
    assert path.read_bytes() == b"my precious notes\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_someone_elses_sqlite_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE contacts (name TEXT)")
    other.commit()
    other.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="other.db is an SQLite database but not a trialwatch store"):
        SQLiteStore(path)
    assert path.read_bytes() == before


def test_a_store_from_a_newer_trialwatch_is_refused(tmp_path: Path) -> None:
    SQLiteStore(tmp_path / "s.sqlite").close()
    raw = sqlite3.connect(tmp_path / "s.sqlite")
    raw.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    raw.close()
    with pytest.raises(StoreError, match="newer than this trialwatch"):
        SQLiteStore(tmp_path / "s.sqlite")


def test_a_corrupt_store_is_a_store_error_naming_the_path(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 200)
    with pytest.raises(StoreError, match=r"s\.sqlite"):
        SQLiteStore(path)


def test_a_store_locked_by_another_writer_waits_then_raises(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    with SQLiteStore(path, busy_timeout=0.1) as store:
        holder = sqlite3.connect(path, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(StoreError, match=r"locked by another process \(waited 0.1 s\)"):
                store.save_fetch("NCT05628038", "ctgov", result())
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert store.stats().fetches == 0


def test_a_directory_given_as_store_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a directory"):
        SQLiteStore(tmp_path)


def test_the_default_store_is_in_the_user_data_dir_and_trialwatch_store_overrides_it() -> None:
    assert Path(Settings.from_env({}).store).parent == Path(platformdirs.user_data_dir("trialwatch"))
    assert Settings.from_env({"TRIALWATCH_STORE": "/tmp/x.sqlite"}).store == "/tmp/x.sqlite"


def test_a_store_of_an_older_schema_is_migrated_and_keeps_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    db = sqlite3.connect(path, isolation_level=None)
    for statement in (*MIGRATIONS[0], *MIGRATIONS[1]):
        db.execute(statement)
    db.execute("INSERT INTO bodies (sha256, content, size) VALUES ('ab', x'00', 1)")
    db.execute("INSERT INTO versions (nct_id, source, observed_on, source_date, body_sha256, trial_json,"
               " parser_version, stored_at) VALUES ('NCT05628038', 'ctgov', '2025-01-02T10:00:00+00:00', NULL, 'ab',"
               " '{}', 't', '2025-01-02T10:00:00+00:00')")
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute("PRAGMA user_version = 2")
    db.close()
    with SQLiteStore(path) as store:
        assert [v.changed for v in store.versions("NCT05628038", "ctgov")] == [()]
    db = sqlite3.connect(path)
    assert db.execute("SELECT dated FROM versions").fetchone()[0] == "2025-01-02"
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    db.close()
