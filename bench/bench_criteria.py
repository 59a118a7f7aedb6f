"""Criteria engine benchmark: throughput (one core, all cores), memory in the number of trials, start-up.

Run on demand (not in CI): `python bench/bench_criteria.py`. It reads the LCT corpus
(`../shared/criteria-corpus/lct.jsonl`), the CT.gov samples and the development texts, repeated
to the size asked, and prints a Markdown table for the README.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def corpus() -> list[str]:
    """Every real criteria text we have: the LCT corpus, the seven CT.gov samples, the dev set."""
    texts = [json.loads(line)["text"] for line in (SHARED / "criteria-corpus" / "lct.jsonl").read_text(encoding="utf-8").splitlines()]
    for path in sorted((ROOT / "tests" / "fixtures" / "ctgov").glob("NCT*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        study = record["studies"][0] if "studies" in record else record.get("study", record)
        criteria = study.get("protocolSection", {}).get("eligibilityModule", {}).get("eligibilityCriteria")
        if criteria:
            texts.append(criteria)
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "data" / "criteria_dev").glob("*.txt"))]
    return texts


def sized(texts: list[str], count: int) -> list[str]:
    return (texts * (count // len(texts) + 1))[:count]


def _parse_chunk(texts: list[str]) -> int:
    from parser.criteria import parse_many

    return sum(1 for _ in parse_many(texts))


def throughput(texts: list[str], workers: int) -> tuple[float, float]:
    """(trials per wall second, trials per CPU second) after start-up; the machine is shared, so both count."""
    if workers == 1:
        from parser.criteria import parse_many

        list(parse_many(texts[:20]))
        start, cpu = time.perf_counter(), time.process_time()
        for _ in parse_many(texts):
            pass
        return len(texts) / (time.perf_counter() - start), len(texts) / (time.process_time() - cpu)
    chunks = [texts[i:i + 100] for i in range(0, len(texts), 100)]
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        list(pool.map(_parse_chunk, [texts[:20]] * workers))
        start = time.perf_counter()
        total = sum(pool.map(_parse_chunk, chunks))
        wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)  # includes the warm-up
    return total / wall, total / cpu


def peak_memory_mb(count: int) -> float:
    """Peak RSS of a fresh process that parses `count` trials and keeps only a running tally."""
    code = (
        "import sys, json, resource; sys.path.insert(0, %r); from bench.bench_criteria import corpus, sized; "
        "from parser.criteria import parse_many; n = 0\n"
        "for document in parse_many(sized(corpus(), %d)): n += len(document.inclusion) + len(document.exclusion)\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"
    ) % (str(ROOT), count)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    return float(out.stdout.strip().splitlines()[-1])


def startup_seconds(runs: int = 5) -> float:
    """Median wall time of `trialwatch criteria` on a one-line file: import, pipeline build, one parse."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
        handle.write("Inclusion Criteria:\n* Age ≥ 18 years\n")
    command = [str(Path(sys.executable).with_name("trialwatch")), "criteria", handle.name]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    os.unlink(handle.name)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=3000, help="trials per throughput run (default 3000)")
    args = parser.parse_args()
    texts = sized(corpus(), args.trials)
    cores = os.cpu_count() or 1
    one = throughput(texts, 1)
    many = throughput(texts, cores)
    small, large = peak_memory_mb(500), peak_memory_mb(2000)
    startup = startup_seconds()
    print(f"| criteria benchmark ({cores} cores, {args.trials} trials) | figure |")
    print("|---|---|")
    print(f"| throughput, one core, after start-up | {one[0]:,.0f} trials/s ({one[1]:,.0f} per CPU second) |")
    print(f"| throughput, {cores} worker processes | {many[0]:,.0f} trials/s ({many[1]:,.0f} per CPU second, warm-up included) |")
    print(f"| peak memory, 500 trials | {small:,.0f} MB |")
    print(f"| peak memory, 2,000 trials | {large:,.0f} MB |")
    print(f"| `trialwatch criteria` start-up (one-line file, median of 5) | {startup:.2f} s |")


if __name__ == "__main__":
    main()
