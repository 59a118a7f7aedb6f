"""Batch refresh benchmark: `trialwatch track --query/--ids-file` against a local fake ClinicalTrials.gov.

Run on demand (not in CI): `python bench/bench_refresh.py [--trials 2000] [--small 500]`. A fake search endpoint
in its own process serves N trials made by varying the real samples in `tests/fixtures/ctgov/` (ids, titles,
dates, one criterion per trial), with `pageToken` paging and `filter.ids`. Each scenario runs the real CLI in a
subprocess with the rate limit off (TRIALWATCH_MIN_INTERVAL=0), samples the resident memory of its whole
process tree (the CLI and its parser workers) from /proc, and the CPU seconds of that tree (user and system, the
last reading of each process; one that lives less than a sample's 20 ms is missed): on a shared machine wall time
moves with other work, CPU time much less. Prints a Markdown table for the README's "Scale".
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TRIALWATCH = Path(sys.executable).parent / "trialwatch"
sys.path.insert(0, str(ROOT / "tests"))
from fake_ctgov import bump, fake, nct_id  # noqa: E402  (the fake ClinicalTrials.gov the tests use too)

TICKS = os.sysconf("SC_CLK_TCK")


def tree_sample(pid: int, cpu: dict[int, float]) -> int:
    """Resident bytes of `pid` and all its descendants; records in `cpu` each one's CPU seconds so far (user and
    system, from /proc: the parser workers are the fork server's children, whose usage never reaches ours)."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:"))) * 1024
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            cpu[current] = max(cpu.get(current, 0.0), (int(fields[11]) + int(fields[12])) / TICKS)
            for task in Path(f"/proc/{current}/task").iterdir():
                stack += [int(child) for child in (task / "children").read_text().split()]
        except (OSError, StopIteration, ValueError, IndexError):
            continue
    return total


def run(args: list[str], store: Path) -> tuple[float, float, int, dict]:
    """Wall seconds, CPU seconds of the process tree, peak tree RSS and the counts of one CLI run's `--json`."""
    env = {**os.environ, "TRIALWATCH_STORE": str(store), "TRIALWATCH_MIN_INTERVAL": "0"}
    with tempfile.TemporaryFile() as output:  # a file, not a pipe: a full pipe would stall the run
        start, cpu = time.perf_counter(), {}
        process = subprocess.Popen([str(TRIALWATCH), "track", *args, "--json"], env=env, stdout=output,
                                   stderr=subprocess.DEVNULL)
        peak = 0
        while process.poll() is None:
            peak = max(peak, tree_sample(process.pid, cpu))
            time.sleep(0.02)
        elapsed = time.perf_counter() - start
        output.seek(0)
        counts = json.loads(output.read() or b"{}").get("counts", {})
    return elapsed, sum(cpu.values()), peak, counts


def store_bytes(store: Path) -> int:
    with sqlite3.connect(store) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return store.stat().st_size


def versions(store: Path) -> int:
    with sqlite3.connect(store) as db:
        return db.execute("SELECT count(*) FROM versions").fetchone()[0]


def startup() -> float:
    times = []
    for _ in range(5):
        start = time.perf_counter()
        subprocess.run([str(TRIALWATCH), "--help"], stdout=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--trials", type=int, default=2000)
    options.add_argument("--small", type=int, default=500)
    options.add_argument("--jobs", type=int, default=None, help="parser processes (default: one per CPU)")
    given = options.parse_args()
    jobs = ["--jobs", str(given.jobs)] if given.jobs is not None else []
    rows: list[tuple[str, str]] = [("cores", str(os.cpu_count()))]
    with tempfile.TemporaryDirectory() as work:
        for count in (given.small, given.trials):
            server, url = fake(count)
            store = Path(work) / f"store-{count}.sqlite"
            query = ["--query", "condition=bench", "--ctgov-url", url, *jobs]
            seconds, cpu, peak, counts = run(query, store)
            rows.append((f"first refresh, {count} trials (--query, pages of 100)",
                         f"{seconds:.1f} s ({cpu:.1f} CPU s), {count / seconds:.0f} trials/s, "
                         f"peak {peak / 2**20:.0f} MB, "
                         f"{counts.get('new_versions')} new versions, {counts.get('failed')} failed"))
            if count == given.trials:
                seconds, cpu, peak, counts = run(query, store)
                rows.append((f"re-run, nothing changed ({count})", f"{seconds:.1f} s ({cpu:.1f} CPU s), "
                             f"peak {peak / 2**20:.0f} MB, "
                             f"{counts.get('unchanged')} unchanged, 0 parsed"))
                bump(url, 0.1)
                seconds, cpu, peak, counts = run(query, store)
                rows.append((f"re-run, 10% changed ({count})", f"{seconds:.1f} s ({cpu:.1f} CPU s), "
                             f"peak {peak / 2**20:.0f} MB, "
                             f"{counts.get('new_versions')} new versions"))
                ids = Path(work) / "ids.txt"
                ids.write_text("\n".join(nct_id(index) for index in range(count)))
                fresh = Path(work) / "store-ids.sqlite"
                seconds, cpu, peak, counts = run(["--ids-file", str(ids), "--ctgov-url", url, *jobs], fresh)
                rows.append((f"first refresh, {count} trials (--ids-file, chunks of 100)",
                             f"{seconds:.1f} s ({cpu:.1f} CPU s), {count / seconds:.0f} trials/s, "
                             f"peak {peak / 2**20:.0f} MB"))
                size, stored = store_bytes(store), versions(store)
                rows.append(("store size per 1,000 versions",
                             f"{size / stored * 1000 / 2**20:.1f} MB ({stored} versions, {size / 2**20:.1f} MB)"))
            server.terminate()
    rows.append(("`trialwatch --help` start-up (median of 5)", f"{startup() * 1000:.0f} ms"))
    print("| measure | result |\n|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")


if __name__ == "__main__":
    main()
