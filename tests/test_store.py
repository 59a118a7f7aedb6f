"""The SQLite store: bodies once, fetches recorded atomically, foreign or locked files refused cleanly."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import platformdirs
import pytest

from scraper.errors import StoreError
from scraper.http import FetchResult
from scraper.settings import Settings
from scraper.store import APPLICATION_ID, MIGRATIONS, SQLiteStore, body_hash

ODD = "Neutrophil \\< 1.5×10\\^9/L, Urinary protein ≥ 2+, 5 µg, a\u00a0b, \\> ULN, 中文, 🧪".encode()


def result(body: bytes = b'{"ok": true}', status: int = 200) -> FetchResult:
    return FetchResult(url="https://clinicaltrials.gov/api/v2/studies/NCT05628038", status=status,
                       headers={"content-type": "application/json", "etag": '"e1"'}, body=body,
                       fetched_at=datetime(2025, 6, 26, 12, tzinfo=UTC))


@pytest.fixture
def store(tmp_path: Path):
    with SQLiteStore(tmp_path / "store.sqlite") as opened:
        yield opened


def test_a_saved_body_reads_back_byte_for_byte(store: SQLiteStore) -> None:
    saved = store.save_fetch("NCT05628038", "ctgov", result(ODD))
    assert store.body(saved.body_sha256) == ODD


def test_odd_unicode_in_headers_survives_a_reopen(tmp_path: Path) -> None:
    odd_headers = {**result().headers, "etag": '"×≥µ\u00a0"'}
    with SQLiteStore(tmp_path / "s.sqlite") as store:
        store.save_fetch("NCT05628038", "ctgov", FetchResult("u", 200, odd_headers, ODD, result().fetched_at))
    with SQLiteStore(tmp_path / "s.sqlite") as store:
        latest = store.latest_fetch("NCT05628038", "ctgov")
        assert latest.headers == odd_headers and store.body(latest.body_sha256) == ODD


def test_a_body_fetched_twice_is_stored_once(store: SQLiteStore) -> None:
    first = store.save_fetch("NCT05628038", "ctgov", result())
    second = store.save_fetch("NCT05628038", "ctgov", result())
    assert first.body_sha256 == second.body_sha256 == body_hash(result().body)
    assert store.counts() == {"bodies": 1, "fetches": 2}


def test_bodies_are_stored_compressed(store: SQLiteStore, tmp_path: Path) -> None:
    store.save_fetch("NCT05628038", "ctgov", result(b"x" * 100_000))
    raw = sqlite3.connect(tmp_path / "store.sqlite")
    size, stored = raw.execute("SELECT size, length(content) FROM bodies").fetchone()
    raw.close()
    assert size == 100_000 and stored < 1_000


def test_latest_fetch_gives_the_newest_fetch_with_a_body(store: SQLiteStore) -> None:
    store.save_fetch("NCT05628038", "ctgov", result(b"old"))
    newest = store.save_fetch("NCT05628038", "ctgov", result(b"new"))
    store.save_fetch("NCT05628038", "ctgov", result(b"", status=304))
    assert store.latest_fetch("NCT05628038", "ctgov") == newest


def test_a_304_is_recorded_without_a_body(store: SQLiteStore) -> None:
    saved = store.save_fetch("NCT05628038", "ctgov", result(b"", status=304))
    assert saved.body_sha256 is None and store.counts() == {"bodies": 0, "fetches": 1}


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


def test_a_failed_write_leaves_the_store_as_it_was(store: SQLiteStore) -> None:
    store.save_fetch("NCT05628038", "ctgov", result(b"good"))
    broken = FetchResult("u", 200, {"etag": object()}, b"other body", result().fetched_at)  # not JSON-able
    with pytest.raises(TypeError):
        store.save_fetch("NCT05628038", "ctgov", broken)  # type: ignore[arg-type]
    assert store.counts() == {"bodies": 1, "fetches": 1}


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
        assert store.counts() == {"bodies": 0, "fetches": 0}


def test_a_directory_given_as_store_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a directory"):
        SQLiteStore(tmp_path)


def test_an_unknown_body_hash_is_a_store_error(store: SQLiteStore) -> None:
    with pytest.raises(StoreError, match="has no body"):
        store.body("0" * 64)


def test_the_default_store_is_in_the_user_data_dir_and_trialwatch_store_overrides_it() -> None:
    assert Settings.from_env({}).store.parent == Path(platformdirs.user_data_dir("trialwatch"))
    assert Settings.from_env({"TRIALWATCH_STORE": "/tmp/x.sqlite"}).store == Path("/tmp/x.sqlite")
