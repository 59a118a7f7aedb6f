"""Many writers at once, on both backends, with real processes: what two workers store twice is stored once."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from documents import document
from scraper.records import FetchResult
from scraper.settings import Settings
from scraper.store import NewVersion, Store
from scraper.stores import open_store

NCT = "NCT05628038"
WORKERS = 4
Rows = Callable[[Store], dict[str, int]]


def new_version(number: int | None, worker: int) -> NewVersion:
    seen = None if number is not None else datetime(2026, 11, 30, tzinfo=UTC) + timedelta(seconds=worker)
    return NewVersion(number, seen, "2026-11-30", document({"nct_id": NCT}), None, "test")


def fetched(body: bytes) -> FetchResult:
    return FetchResult(url="u", status=200, headers={}, body=body, fetched_at=datetime(2026, 11, 30, tzinfo=UTC))


def store_at_once(location: str, barrier: Any, outcomes: Any, worker: int, job: str) -> None:
    """One worker: open the store, wait for the others, then do `job` as they all do."""
    try:
        with open_store(Settings(store=location, store_busy_timeout=30)) as store:
            barrier.wait()
            if job == "open":
                outcomes.put("ok")
            elif job == "own trials":
                for n in range(10):
                    store.save_version(f"NCT{worker:04d}{n:04d}", "ctgov", fetched(b"%d %d" % (worker, n)),
                                       new_version(0, worker))
                outcomes.put("ok")
            else:
                _, created = store.save_version(NCT, "ctgov", fetched(b"the same new body"),
                                                new_version(1 if job == "numbered" else None, worker))
                outcomes.put(created)
    except Exception as error:  # noqa: BLE001  (the test reports whatever went wrong)
        outcomes.put(f"{type(error).__name__}: {error}")


def run_workers(location: str, job: str) -> list[Any]:
    context = multiprocessing.get_context("fork")
    barrier, queue = context.Barrier(WORKERS), context.Queue()
    workers = [context.Process(target=store_at_once, args=(location, barrier, queue, n, job)) for n in range(WORKERS)]
    for worker in workers:
        worker.start()
    outcomes = [queue.get(timeout=60) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
    return outcomes


def test_processes_opening_a_new_store_at_the_same_instant_all_succeed(store_location: str) -> None:
    assert run_workers(store_location, "open") == ["ok"] * WORKERS


def test_workers_storing_the_same_new_observed_version_at_once_store_it_once(store_location: str,
                                                                            rows: Rows) -> None:
    assert sorted(run_workers(store_location, "observed"), key=str) == [False] * (WORKERS - 1) + [True]
    with open_store(Settings(store=store_location)) as store:
        assert rows(store) == {"bodies": 1, "fetches": WORKERS, "versions": 1}


def test_workers_storing_the_same_numbered_version_at_once_store_it_once(store_location: str, rows: Rows) -> None:
    assert sorted(run_workers(store_location, "numbered"), key=str) == [False] * (WORKERS - 1) + [True]
    with open_store(Settings(store=store_location)) as store:
        assert rows(store) == {"bodies": 1, "fetches": WORKERS, "versions": 1}


def test_workers_storing_their_own_trials_at_once_lose_nothing(store_location: str, rows: Rows) -> None:
    assert run_workers(store_location, "own trials") == ["ok"] * WORKERS
    with open_store(Settings(store=store_location)) as store:
        assert rows(store) == {"bodies": 10 * WORKERS, "fetches": 10 * WORKERS, "versions": 10 * WORKERS}
