"""Batch refresh benchmark: `trialwatch track --query/--ids-file` against a local fake ClinicalTrials.gov.

Run on demand (not in CI): `python bench/bench_refresh.py [--trials 2000] [--small 500]`. A fake search endpoint
in its own process serves N trials made by varying the real samples in `tests/fixtures/ctgov/` (ids, titles,
dates, one criterion per trial), with `pageToken` paging and `filter.ids`. Each scenario runs the real CLI in a
subprocess with the rate limit off (TRIALWATCH_MIN_INTERVAL=0) and samples the resident memory of its whole
process tree (the CLI and its parser workers) from /proc. Prints a Markdown table for the README's "Scale".
"""

from __future__ import annotations

import argparse
import copy
import json
import multiprocessing
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

ROOT = Path(__file__).resolve().parents[1]
TRIALWATCH = Path(sys.executable).parent / "trialwatch"


def samples() -> list[dict]:
    """The real records' protocol sections (all the batch asks for)."""
    sections = []
    for path in sorted((ROOT / "tests" / "fixtures" / "ctgov").glob("NCT*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        study = record["studies"][0] if "studies" in record else record.get("study", record)
        if "protocolSection" in study:
            sections.append(study["protocolSection"])
    return sections


def trial(bases: list[dict], index: int, generation: int) -> bytes:
    """Trial `index` as generation `generation` publishes it: a sample with its own id, title, date, criterion."""
    section = copy.deepcopy(bases[index % len(bases)])
    section["identificationModule"]["nctId"] = f"NCT{90_000_000 + index:08d}"
    section["identificationModule"]["briefTitle"] = f"{section['identificationModule'].get('briefTitle', '')} #{index}"
    status = section.setdefault("statusModule", {})
    status["lastUpdatePostDateStruct"] = {"date": f"2025-{1 + generation % 12:02d}-{1 + index % 28:02d}",
                                          "type": "ACTUAL"}
    eligibility = section.setdefault("eligibilityModule", {})
    eligibility["eligibilityCriteria"] = (eligibility.get("eligibilityCriteria") or "Inclusion Criteria:\n")  \
        + f"\n* Platelets ≥ {50 + (index + generation) % 100} x 10^9/L"
    return json.dumps({"protocolSection": section}, ensure_ascii=False).encode()


def serve(count: int, port_out: multiprocessing.connection.Connection) -> None:
    """The fake search endpoint (own process): `query.cond` pages by offset tokens, or `filter.ids`;
    GET /bench/bump?fraction=F publishes a new generation of that fraction of the trials."""
    bases = samples()
    generation = [0] * count
    bodies = [trial(bases, index, 0) for index in range(count)]
    ids = {f"NCT{90_000_000 + index:08d}": index for index in range(count)}
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            query = {key: values[0] for key, values in parse_qs(url.query).items()}
            if url.path == "/bench/bump":
                with lock:
                    step = max(1, round(1 / float(query["fraction"])))
                    for index in range(0, count, step):
                        generation[index] += 1
                        bodies[index] = trial(bases, index, generation[index])
                return self.reply(b"{}")
            size = int(query.get("pageSize", "10"))
            if "filter.ids" in query:
                chosen = [ids[nct_id] for nct_id in query["filter.ids"].split(",") if nct_id in ids]
                token = None
            else:
                start = int(query.get("pageToken", "0"))
                chosen = list(range(start, min(start + size, count)))
                token = str(start + size) if start + size < count else None
            parts = [b'{"studies":[', b",".join(bodies[index] for index in chosen), b"]"]
            if token:
                parts.append(b',"nextPageToken":"' + token.encode() + b'"')
            if "countTotal" in query:
                parts.append(b',"totalCount":' + str(count).encode())
            self.reply(b"".join(parts) + b"}")

        def reply(self, body: bytes) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    port_out.send(server.server_address[1])
    server.serve_forever()


def tree_rss(pid: int) -> int:
    """Resident bytes of `pid` and all its descendants."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:"))) * 1024
            for task in Path(f"/proc/{current}/task").iterdir():
                stack += [int(child) for child in (task / "children").read_text().split()]
        except (OSError, StopIteration, ValueError):
            continue
    return total


def run(args: list[str], store: Path) -> tuple[float, int, dict]:
    """Wall seconds, peak tree RSS and the `--json` summary of one CLI run."""
    env = {**os.environ, "TRIALWATCH_STORE": str(store), "TRIALWATCH_MIN_INTERVAL": "0"}
    with tempfile.TemporaryFile() as output:  # a file, not a pipe: a full pipe would stall the run
        start = time.perf_counter()
        process = subprocess.Popen([str(TRIALWATCH), "track", *args, "--json"], env=env, stdout=output,
                                   stderr=subprocess.DEVNULL)
        peak = 0
        while process.poll() is None:
            peak = max(peak, tree_rss(process.pid))
            time.sleep(0.02)
        elapsed = time.perf_counter() - start
        output.seek(0)
        summary = json.loads(output.read() or b"{}")
    return elapsed, peak, summary


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


def fake(count: int) -> tuple[multiprocessing.Process, str]:
    receive, send = multiprocessing.Pipe(duplex=False)
    process = multiprocessing.Process(target=serve, args=(count, send), daemon=True)
    process.start()
    return process, f"http://127.0.0.1:{receive.recv()}"


def bump(url: str, fraction: float) -> None:
    import httpx

    httpx.get(f"{url}/bench/bump?fraction={fraction}").raise_for_status()


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
            seconds, peak, summary = run(query, store)
            rows.append((f"first refresh, {count} trials (--query, pages of 100)",
                         f"{seconds:.1f} s, {count / seconds:.0f} trials/s, peak {peak / 2**20:.0f} MB, "
                         f"{summary.get('new_versions')} new versions, {len(summary.get('failed', []))} failed"))
            if count == given.trials:
                seconds, peak, summary = run(query, store)
                rows.append((f"re-run, nothing changed ({count})", f"{seconds:.1f} s, peak {peak / 2**20:.0f} MB, "
                             f"{summary.get('unchanged')} unchanged, 0 parsed"))
                bump(url, 0.1)
                seconds, peak, summary = run(query, store)
                rows.append((f"re-run, 10% changed ({count})", f"{seconds:.1f} s, peak {peak / 2**20:.0f} MB, "
                             f"{summary.get('new_versions')} new versions"))
                ids = Path(work) / "ids.txt"
                ids.write_text("\n".join(f"NCT{90_000_000 + index:08d}" for index in range(count)))
                fresh = Path(work) / "store-ids.sqlite"
                seconds, peak, summary = run(["--ids-file", str(ids), "--ctgov-url", url, *jobs], fresh)
                rows.append((f"first refresh, {count} trials (--ids-file, chunks of 100)",
                             f"{seconds:.1f} s, {count / seconds:.0f} trials/s, peak {peak / 2**20:.0f} MB"))
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
