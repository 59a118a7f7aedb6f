"""Store benchmark: writing versions, `stats` and `changes --since` on SQLite and on PostgreSQL.

Run on demand: `scripts/with-postgres .venv/bin/python bench/bench_store.py [--trials N] [--versions K]`
(without TRIALWATCH_TEST_POSTGRES only SQLite is measured). Stores K versions of each of N trials, the parsed
trial and criteria of the sample NCT06008288 under new ids, every fifth version changing the maximum age, then
asks `stats` and `changes --since … --field eligibility/maximum_age`. Prints this process's CPU seconds and the
wall time of each step: the database server's own CPU is in the wall time only.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scraper.store import Store

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
from throwaway_postgres import new_database  # noqa: E402


def timed(label: str, work: Callable[[], object]) -> object:
    cpu, wall = time.process_time(), time.perf_counter()
    answer = work()
    print(f"  {label:<40} {time.process_time() - cpu:7.3f} s CPU {time.perf_counter() - wall:7.3f} s wall")
    return answer


@contextmanager
def locations() -> Iterator[list[tuple[str, str]]]:
    """Each backend's empty store: a temporary SQLite file, a new database on the test server if one is set."""
    server = os.environ.get("TRIALWATCH_TEST_POSTGRES")
    with tempfile.TemporaryDirectory() as folder, contextlib.ExitStack() as databases:
        stores = [("sqlite", str(Path(folder) / "bench.sqlite"))]
        if server:
            stores.append(("postgresql", databases.enter_context(new_database(server, "bench"))))
        yield stores


def fill(store: Store, trials: int, versions: int) -> int:
    from parser.criteria import parse_criteria
    from parser.ctgov import parse_study
    from scraper.records import FetchResult
    from scraper.store import NewVersion

    body = (ROOT / "tests" / "fixtures" / "ctgov" / "NCT06008288.json").read_bytes()
    trial = parse_study(body)
    criteria = parse_criteria(trial.eligibility.criteria_text or "")
    stored = 0
    for number in range(trials):
        nct_id = f"NCT{number:08d}"
        for version in range(versions):
            changed = ("/eligibility/maximum_age",) if version % 5 == 4 else ("/brief_summary",) if version else ()
            result = FetchResult(url=f"https://example.invalid/{nct_id}/{version}", status=200, headers={},
                                 body=body + f"{nct_id} {version}".encode(),
                                 fetched_at=datetime(2026, 1, 1, tzinfo=UTC))
            day = date(2026, 1 + version % 12, 1 + number % 28).isoformat()
            store.save_version(nct_id, "ctgov", result, NewVersion(
                version, None, day, trial.model_copy(update={"nct_id": nct_id}), criteria, "bench", changed=changed))
            stored += 1
    return stored


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--trials", type=int, default=1000)
    parser.add_argument("--versions", type=int, default=5)
    args = parser.parse_args()
    from scraper.settings import Settings
    from scraper.stores import open_store

    with locations() as stores:
        for backend, location in stores:
            print(f"{backend}: {args.trials} trials x {args.versions} versions")
            with open_store(Settings(store=location)) as store:
                timed("store versions (one transaction each)", lambda: fill(store, args.trials, args.versions))
                stats = timed("stats", store.stats)
                found = timed("changes --since --field maximum_age",
                              lambda: store.changes(date(2026, 3, 1), ["eligibility/maximum_age"]))
                print(f"  {len(found)} versions changed the maximum age; stats: {json.dumps(stats)}")


if __name__ == "__main__":
    main()
