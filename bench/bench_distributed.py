"""Distributed refresh and re-parse benchmark: `track --distributed` and `reparse --distributed` with 1 and 2
`trialwatch worker` processes, against the fake ClinicalTrials.gov (`tests/fake_ctgov.py`) and a private Redis.

Run on demand (not in CI): `python bench/bench_distributed.py [--trials 1000] [--postgres URL]`. Needs
`redis-server` on PATH; with `--postgres` (a server URL whose role may create databases, e.g. the one
`scripts/with-postgres` sets in TRIALWATCH_TEST_POSTGRES) the workers share a new PostgreSQL database instead of a
SQLite file. For each worker count: a fresh store, workers started and warmed up (spaCy loaded by a one-trial run),
then a first refresh of all trials and a re-parse of all of them (stamped as an older engine's), each timed on the wall
clock, with the CPU seconds of the workers (from /proc) and of the coordinator. Also measures one store write
alone, the cost that bounds a shared database. Prints a Markdown table for the README's "Distributed runs".
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from fake_ctgov import fake, nct_id, samples, trial  # noqa: E402
from throwaway_postgres import new_database  # noqa: E402

CLI = [sys.executable, "-m", "scraper.cli"]
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def redis(folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([shutil.which("redis-server") or "redis-server", "--bind", "127.0.0.1", "--port",
                               str(port), "--dir", str(folder), "--save", ""], stdout=subprocess.DEVNULL)
    time.sleep(0.5)
    return server, f"redis://127.0.0.1:{port}/0"


def timed(args: list[str], env: dict[str, str], workers: list[subprocess.Popen[bytes]]) -> tuple[float, float, float]:
    """Wall seconds, workers' CPU seconds and the coordinator's CPU seconds of one CLI run."""
    before_workers, before_self = sum(cpu_seconds(w.pid) for w in workers), children_cpu()
    start = time.perf_counter()
    subprocess.run([*CLI, *args], env=env, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    return wall, sum(cpu_seconds(w.pid) for w in workers) - before_workers, children_cpu() - before_self


def write_cost(folder: Path, count: int = 300) -> float:
    """Seconds of one `save_version` (a parsed trial, one transaction) on SQLite, parsing excluded."""
    from dataclasses import replace

    from scraper.records import FetchResult
    from scraper.sqlite_store import SQLiteStore
    from scraper.track import parsed_version

    bodies = [trial(samples(), index, 0) for index in range(count)]
    versions = [parsed_version(nct_id(index), body) for index, body in enumerate(bodies)]
    when = datetime(2026, 1, 1, tzinfo=UTC)
    with SQLiteStore(folder / "writes.sqlite") as store:
        start = time.perf_counter()
        for index, (body, version) in enumerate(zip(bodies, versions, strict=True)):
            result = FetchResult(f"https://example.org/{index}", 200, {}, body, when)
            store.save_version(nct_id(index), "ctgov", result, replace(version, observed_on=when))
        return (time.perf_counter() - start) / count


@contextmanager
def new_store(folder: Path, postgres: str | None, name: str) -> Iterator[str]:
    """A location for a new, empty store: a SQLite file in `folder`, or a database created on `postgres`."""
    if postgres is None:
        yield str(folder / f"{name}.sqlite")
        return
    with new_database(postgres, f"bench_{name.replace('-', '_')}") as url:
        yield url


def stamp_old_engine(store: str) -> None:
    """Mark every stored version as parsed by an old engine, so `reparse` parses all of them again."""
    statement = "UPDATE versions SET parser_version = 'criteria 0.0.1'"
    if store.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(store, autocommit=True) as db:
            db.execute(statement)
        return
    with sqlite3.connect(store) as db:
        db.execute(statement)


def scenario(count: int, workers_wanted: int, url: str, broker: str, folder: Path, postgres: str | None
             ) -> list[tuple[str, str]]:
    with new_store(folder, postgres, f"store-{workers_wanted}") as store, \
            new_store(folder, postgres, f"warm-{workers_wanted}") as warm_store:
        return timed_runs(count, workers_wanted, url, broker, folder, store, warm_store)


def timed_runs(count: int, workers_wanted: int, url: str, broker: str, folder: Path, store: str, warm_store: str
               ) -> list[tuple[str, str]]:
    ids = folder / "ids.txt"
    ids.write_text("\n".join(nct_id(index) for index in range(count)))
    warm = folder / f"warm-{workers_wanted}.txt"
    warm.write_text("\n".join(nct_id(count + index) for index in range(workers_wanted)))
    env = {**os.environ, "TRIALWATCH_BROKER": broker, "TRIALWATCH_STORE": str(store), "TRIALWATCH_CTGOV_URL": url,
           "TRIALWATCH_MIN_INTERVAL": "0", "TRIALWATCH_QUEUE": f"bench-{workers_wanted}"}
    workers = [subprocess.Popen([*CLI, "worker", "--hostname", f"b{n}@%h"], env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL) for n in range(workers_wanted)]
    try:
        # One warm-up shard per worker, queued together (a worker takes one shard at a time), each a trial no
        # store holds yet, so every worker loads spaCy and the engine before timing.
        timed(["track", "--ids-file", str(warm), "--distributed", "--page-size", "1"],
              {**env, "TRIALWATCH_STORE": warm_store}, workers)
        rows = []
        wall, cpu, own = timed(["track", "--ids-file", str(ids), "--distributed"], env, workers)
        rows.append((f"first refresh, {count} trials, {workers_wanted} worker(s)",
                     f"{wall:.1f} s wall, {count / wall:.0f} trials/s; workers {cpu:.1f} CPU s "
                     f"({cpu / count * 1000:.1f} ms/trial), coordinator {own:.1f} CPU s"))
        stamp_old_engine(store)
        wall, cpu, own = timed(["reparse", "--distributed"], env, workers)
        rows.append((f"re-parse, {count} versions, {workers_wanted} worker(s)",
                     f"{wall:.1f} s wall, {count / wall:.0f} versions/s; workers {cpu:.1f} CPU s "
                     f"({cpu / count * 1000:.1f} ms/version), coordinator {own:.1f} CPU s"))
        return rows
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(30)


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--trials", type=int, default=1000)
    options.add_argument("--postgres", metavar="URL", help="share a new PostgreSQL database, not a SQLite file")
    given = options.parse_args()
    rows: list[tuple[str, str]] = [("cores", str(os.cpu_count())), ("store", "PostgreSQL" if given.postgres else
                                                                     "SQLite file")]
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        server, broker = redis(folder)
        fake_ctgov, url = fake(given.trials + 2)  # two more for the warm-ups
        try:
            for count in (1, 2):
                rows += scenario(given.trials, count, url, broker, folder, given.postgres)
            rows.append(("one store write (SQLite, a parsed trial, one transaction)",
                         f"{write_cost(folder) * 1000:.2f} ms"))
        finally:
            fake_ctgov.terminate()
            server.terminate()
            server.wait(10)
    print("| measure | result |\n|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")


if __name__ == "__main__":
    main()
