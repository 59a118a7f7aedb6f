"""The store against races and hostile files: processes creating it at once, corrupt rows, files that are not
files. Each fails as one `StoreError` (exit 6) naming what is wrong, or does not fail at all."""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from documents import document
from scraper.errors import StoreError
from scraper.records import FetchResult
from scraper.sqlite_store import MIGRATIONS, SQLiteStore
from scraper.store import NewVersion, body_hash

NCT = "NCT05628038"
BODY = b'{"a": 1}'
STORE_EXIT = 6


def open_at_once(path: str, barrier: Any, outcomes: Any) -> None:
    barrier.wait()
    try:
        SQLiteStore(path, busy_timeout=30).close()
        outcomes.put("ok")
    except Exception as error:  # noqa: BLE001  (the test reports whatever went wrong)
        outcomes.put(f"{type(error).__name__}: {error}")


def test_processes_creating_a_new_store_at_the_same_instant_all_succeed(tmp_path: Path) -> None:
    context = multiprocessing.get_context("fork")
    outcomes: list[str] = []
    for round_number in range(6):
        path, barrier, queue = str(tmp_path / f"new{round_number}.sqlite"), context.Barrier(4), context.Queue()
        workers = [context.Process(target=open_at_once, args=(path, barrier, queue)) for _ in range(4)]
        for worker in workers:
            worker.start()
        outcomes += [queue.get(timeout=60) for _ in workers]
        for worker in workers:
            worker.join(timeout=60)
        with SQLiteStore(path) as store:
            assert store._db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert set(outcomes) == {"ok"}, [outcome for outcome in outcomes if outcome != "ok"]


def fetched(body: bytes) -> FetchResult:
    return FetchResult(url=f"https://clinicaltrials.gov/api/v2/studies/{NCT}", status=200,
                       headers={"content-type": "application/json"}, body=body,
                       fetched_at=datetime(2025, 6, 26, 12, tzinfo=UTC))


def store_with_a_version(path: Path) -> None:
    with SQLiteStore(path) as store:
        store.save_version(NCT, "ctgov", fetched(BODY), NewVersion(
            0, None, "2025-06-26", document({"nct_id": NCT, "brief_title": "T"}), None, "criteria 1", None))


def corrupt(path: Path, sql: str) -> None:
    """Write past the store's CHECK constraints, as random bytes in the file would."""
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA ignore_check_constraints = ON")
    raw.execute(sql)
    raw.commit()
    raw.close()


def cli(*args: str, store: Path) -> subprocess.CompletedProcess[str]:
    """`trialwatch` in a process of its own, so a hang fails the test after a minute instead of hanging it."""
    return subprocess.run([sys.executable, "-m", "scraper.cli", *args, "--store", str(store)], capture_output=True,
                          text=True, timeout=60, env={**os.environ, "COLUMNS": "200"})


def assert_store_error(result: subprocess.CompletedProcess[str], pattern: str) -> None:
    lines = result.stderr.splitlines()
    assert (result.returncode, len(lines)) == (STORE_EXIT, 1), result.stderr
    assert lines[0].startswith("error: ") and pattern in lines[0], lines[0]
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("column", ["trial_json", "criteria_json"])
def test_a_row_whose_json_is_corrupt_is_a_store_error_naming_the_row(tmp_path: Path, column: str) -> None:
    path = tmp_path / "s.sqlite"
    store_with_a_version(path)
    corrupt(path, f"UPDATE versions SET {column} = '{{\"nct_id\": \"NCT0562\u00e9' WHERE id = 1")
    with SQLiteStore(path) as store, pytest.raises(StoreError, match=f"versions row 1: {column} is corrupt"):
        store.versions(NCT, "ctgov")


def test_latest_criteria_whose_json_is_corrupt_are_a_store_error_naming_the_row(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    store_with_a_version(path)
    corrupt(path, "UPDATE versions SET criteria_json = '{\"inclusion\": [' WHERE id = 1")
    with SQLiteStore(path) as store, pytest.raises(StoreError, match="versions row 1: criteria_json is corrupt"):
        store.latest_criteria_json(NCT, "ctgov")


def test_history_and_diff_of_a_corrupt_row_exit_6_with_one_line(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    store_with_a_version(path)
    corrupt(path, "UPDATE versions SET trial_json = '{\"nct_id\": [' WHERE id = 1")
    assert_store_error(cli("history", NCT, store=path), "versions row 1: trial_json is corrupt")
    assert_store_error(cli("diff", NCT, store=path), "versions row 1: trial_json is corrupt")


def test_a_corrupt_body_is_a_store_error_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    store_with_a_version(path)
    corrupt(path, "UPDATE bodies SET content = x'1f8b0800deadbeef'")
    with SQLiteStore(path) as store:
        sha = store.versions(NCT, "ctgov")[0].body_sha256
        with pytest.raises(StoreError, match=f"body {sha} is corrupt"):
            store.body(sha)


def test_store_check_passes_a_sound_store(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    store_with_a_version(path)
    result = cli("store", "check", store=path)
    assert (result.returncode, result.stdout.strip()) == (0, f"store {path}: ok (1 version(s), 1 body(ies))")


def test_store_check_names_every_corrupt_row_and_exits_6(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    store_with_a_version(path)
    corrupt(path, "UPDATE versions SET criteria_json = 'not json' WHERE id = 1")
    corrupt(path, "UPDATE bodies SET content = x'00'")
    result = cli("store", "check", store=path)
    assert result.stdout.splitlines() == [
        "CHECK constraint failed in versions", "versions row 1: criteria_json is not JSON",
        f"body {body_hash(BODY)} is corrupt (does not inflate to the bytes its hash names)"]
    assert_store_error(result, "problem(s) found (listed above)")


def test_a_fifo_as_store_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert_store_error(cli("history", NCT, store=fifo), "is not a regular file")


def test_dev_null_as_store_is_refused_and_nothing_is_created_beside_it(tmp_path: Path) -> None:
    link = tmp_path / "null.sqlite"
    link.symlink_to(os.devnull)
    assert_store_error(cli("history", NCT, store=link), "is not a regular file")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["null.sqlite"]
    with pytest.raises(StoreError, match="not a regular file"):
        SQLiteStore(os.devnull)
