"""Criteria engine benchmark: CPU throughput on unique texts, `--jobs` scaling, memory, start-up.

Run on demand (not in CI): `python bench/bench_criteria.py [--copies N] [--rounds R] [--memory SMALL LARGE]
[--parts ...]`. The machine is shared, so every figure is CPU time (best of three) unless it says wall; wall time is
printed beside it. Texts are never repeated into a timed set: the mix is the LCT corpus
(`../shared/criteria-corpus/lct.jsonl`), the CT.gov record fixtures and the development texts, each once; the long
set is the seven CT.gov samples (`../shared/ctgov-samples/`), each copy made unique by one added item. `--jobs 1`
and `--jobs 2` run in R interleaved rounds and report medians of wall and CPU time (workers included), and how
much of the cores other work took meanwhile (from `/proc/stat`). Prints a Markdown table for the README.
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
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import count, islice
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def _eligibility(path: Path) -> str | None:
    record = json.loads(path.read_text(encoding="utf-8"))
    study = record["studies"][0] if "studies" in record else record.get("study", record)
    text: str | None = study.get("protocolSection", {}).get("eligibilityModule", {}).get("eligibilityCriteria")
    return text


def corpus() -> list[str]:
    """The mix, every text once: the LCT corpus, the CT.gov record fixtures, the development texts."""
    lct = (SHARED / "criteria-corpus" / "lct.jsonl").read_text(encoding="utf-8")
    texts = [json.loads(line)["text"] for line in lct.splitlines()]
    records = sorted((ROOT / "tests" / "fixtures" / "ctgov").glob("NCT*.json"))
    texts += [text for path in records if (text := _eligibility(path))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "data" / "criteria_dev").glob("*.txt"))]
    return list(dict.fromkeys(texts))


def long_texts(copies: int) -> list[str]:
    """The seven long CT.gov samples, `copies` of each, every copy unique by one added item."""
    return list(islice(_long_texts(), copies * 7))


def _long_texts() -> Iterator[str]:
    samples = [text for path in sorted((SHARED / "ctgov-samples").glob("NCT*.json")) if (text := _eligibility(path))]
    for i in count():
        yield from (f"{text}\n* No other investigational drug within {i + 1} days" for text in samples)


def _new_words() -> Iterator[str]:
    """Long samples each holding words no text held before: the worst case for spaCy's vocabulary growth."""
    for i, text in enumerate(_long_texts()):
        yield f"{text}\n* Not enrolled in study {i:x}{i * 7919 % 65521:x}-{i * 104729 % 999983:x}"


def real_texts() -> list[str]:
    """The texts of `real.jsonl` (read here, never copied into the repository)."""
    with (SHARED / "criteria-corpus" / "real.jsonl").open(encoding="utf-8") as lines:
        return [json.loads(line)["text"] for line in lines]


def many_unique(total: int) -> Iterator[str]:
    """`total` unique texts, read as they are parsed: the mix, then `real.jsonl`, then long samples with new words."""
    mix = corpus()
    yield from mix[:total]
    with (SHARED / "criteria-corpus" / "real.jsonl").open(encoding="utf-8") as lines:
        real = (json.loads(line)["text"] for line in lines)
        yield from islice(real, max(0, total - len(mix)))
    yield from islice(_new_words(), max(0, total - len(mix) - 4_450))


def cpu_throughput(texts: list[str], runs: int = 3) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of the best of `runs` in this process, after start-up."""
    from parser.criteria import parse_many

    list(parse_many(texts[:20]))
    best = (float("inf"), float("inf"))
    for _ in range(runs):
        cpu, wall = time.process_time(), time.perf_counter()
        for _ in parse_many(texts):
            pass
        best = min(best, (time.process_time() - cpu, time.perf_counter() - wall))
    return best


def _machine_busy() -> float:
    """CPU seconds all processes on the machine have spent so far (`/proc/stat`: every core, idle and I/O wait left
    out)."""
    fields = [int(f) for f in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class JobsRun:
    """One run of `trialwatch criteria --jobs N`: its wall time, the CPU time of its process tree (the workers
    included), and the CPU time other work on the machine took meanwhile."""

    jobs: int
    wall: float
    cpu: float
    others: float

    @property
    def others_share(self) -> float:
        """The share of the machine's cores that other work took during the run (0: the cores were ours)."""
        return self.others / (self.wall * (os.cpu_count() or 1))


def cli_jobs(folder: Path, files: list[str], jobs: int) -> JobsRun:
    """Run `trialwatch criteria --jobs N` on `files` once."""
    command = [str(Path(sys.executable).with_name("trialwatch")), "criteria", "--jobs", str(jobs), *files]
    before, busy = resource.getrusage(resource.RUSAGE_CHILDREN), _machine_busy()
    start = time.perf_counter()
    # no progress lines
    subprocess.run(command, cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - start
    after, busy = resource.getrusage(resource.RUSAGE_CHILDREN), _machine_busy() - busy
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return JobsRun(jobs, wall, cpu, max(0.0, busy - cpu))


def jobs_scaling(folder: Path, files: list[str], rounds: int) -> dict[int, list[JobsRun]]:
    """`--jobs 1` and `--jobs 2` in interleaved rounds, so both meet the same load on a shared machine."""
    runs: dict[int, list[JobsRun]] = {1: [], 2: []}
    for _ in range(rounds):
        for jobs in runs:
            runs[jobs].append(cli_jobs(folder, files, jobs))
    return runs


def print_jobs(runs: dict[int, list[JobsRun]], files: int, name: str) -> None:
    """Median wall and CPU per job count, the work per CPU second, and what other work took meanwhile.

    The CPU efficiency of two jobs (CPU seconds of one job / CPU seconds of two) is what parallel work costs in
    extra CPU, whatever the load; the wall speed-up also depends on whether the second core was free."""
    median = {jobs: (statistics.median(r.wall for r in rs), statistics.median(r.cpu for r in rs))
              for jobs, rs in runs.items()}
    for jobs, (wall, cpu) in median.items():
        others = statistics.median(r.others_share for r in runs[jobs])
        print(f"| `trialwatch criteria --jobs {jobs}`, the {name} as {files:,} files (median of {len(runs[jobs])}) | "
              f"{wall:.2f} s wall, {cpu:.2f} CPU s (workers included): {files / cpu:,.0f} trials per CPU second; "
              f"other work took {others:.0%} of the cores |")
    (wall1, cpu1), (wall2, cpu2) = median[1], median[2]
    print(f"| `--jobs 2` against `--jobs 1` | wall speed-up {wall1 / wall2:.2f}x; CPU efficiency {cpu1 / cpu2:.0%} "
          f"(trials per CPU second with two jobs / with one) |")
    rounds = list(zip(runs[1], runs[2], strict=True))
    print(f"| other work in each round (`--jobs 1` / `--jobs 2`) | "
          f"{', '.join(f'{one.others_share:.0%}/{two.others_share:.0%}' for one, two in rounds)} of the cores |")
    quiet = [(one, two) for one, two in rounds if max(one.others_share, two.others_share) < 0.05]
    if quiet:
        best = statistics.median(one.wall / two.wall for one, two in quiet)
        print(f"| rounds where other work took under 5% of the cores | {len(quiet)} of {len(runs[1])}: "
              f"wall speed-up {best:.2f}x |")
    else:
        print(f"| rounds where other work took under 5% of the cores | none of {len(runs[1])} |")


def peak_memory_mb(count: int) -> float:
    """Peak RSS of a fresh process that parses `count` unique trials and keeps only a running tally."""
    code = (
        f"import sys, resource; sys.path.insert(0, {str(ROOT)!r}); from bench.bench_criteria import many_unique; "
        f"from parser.criteria import parse_many; texts = many_unique({count:d}); n = 0\n"
        "for document in parse_many(texts): n += len(document.inclusion) + len(document.exclusion)\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    return float(out.stdout.strip().splitlines()[-1])


def startup_seconds(runs: int = 5) -> tuple[float, float]:
    """Median (wall, CPU) seconds of `trialwatch criteria` on a one-line file: import, pipeline build, one parse."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
        handle.write("Inclusion Criteria:\n* Age ≥ 18 years\n")
    command = [str(Path(sys.executable).with_name("trialwatch")), "criteria", handle.name]
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append((after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime))
    os.unlink(handle.name)
    return statistics.median(walls), statistics.median(cpus)


def idle_seconds(seconds: int) -> tuple[int, int]:
    """Of `seconds` one-second samples of `/proc/stat` (this process sleeping), how many found the machine's cores
    all but idle (under 0.05 CPU s of work in the second) and how many found one core or more free."""
    idle = one_free = 0
    busy = _machine_busy()
    for _ in range(seconds):
        time.sleep(1.0)
        now = _machine_busy()
        idle += now - busy < 0.05
        one_free += now - busy <= (os.cpu_count() or 1) - 1
        busy = now
    return idle, one_free


PARTS = ("throughput", "jobs", "memory", "startup", "idle")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=30, help="copies of each long sample (default 30)")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds of --jobs 1 and --jobs 2 (default 5)")
    parser.add_argument("--memory", type=int, nargs=2, default=(1_000, 30_000), metavar=("SMALL", "LARGE"),
                        help="trials in the two memory runs (default 1000 30000)")
    parser.add_argument("--jobs-set", choices=("mix", "mix+real"), default="mix",
                        help="files of the --jobs runs: the mix, or the mix and real.jsonl (default mix)")
    parser.add_argument("--idle", type=int, default=60, help="seconds to sample the machine's load (default 60)")
    parser.add_argument("--parts", nargs="+", choices=PARTS, default=PARTS, help="what to measure (default all)")
    args = parser.parse_args()
    mix = corpus()
    print(f"| criteria benchmark ({os.cpu_count()} cores) | figure |")
    print("|---|---|")
    if "throughput" in args.parts:
        long = long_texts(args.copies)
        mix_cpu, mix_wall = cpu_throughput(mix)
        long_cpu, long_wall = cpu_throughput(long)
        mix_chars, long_chars = sum(map(len, mix)), sum(map(len, long))
        print(f"| mix, {len(mix):,} unique texts ({mix_chars / 1e6:.2f} M characters), one core | "
              f"**{len(mix) / mix_cpu:,.0f} trials per CPU second** ({mix_chars / mix_cpu / 1e3:,.0f}k characters; "
              f"{mix_cpu:.2f} CPU s, {mix_wall:.2f} s wall) |")
        print(f"| long CT.gov samples, {len(long):,} unique texts ({long_chars / 1e6:.2f} M characters), one core | "
              f"**{long_chars / long_cpu / 1e3:,.0f}k characters per CPU second** ({len(long) / long_cpu:,.0f} trials; "
              f"{long_cpu:.2f} CPU s, {long_wall:.2f} s wall) |")
    if "jobs" in args.parts:
        texts = mix if args.jobs_set == "mix" else list(dict.fromkeys(mix + real_texts()))
        with tempfile.TemporaryDirectory() as scratch:
            folder = Path(scratch)
            names = []
            for i, text in enumerate(texts):
                (folder / f"{i:05d}.txt").write_text(text, encoding="utf-8")
                names.append(f"{i:05d}.txt")
            print_jobs(jobs_scaling(folder, names, args.rounds), len(names), args.jobs_set)
    if "memory" in args.parts:
        for trials in args.memory:
            print(f"| peak memory, one process, {trials:,} unique trials | {peak_memory_mb(trials):,.0f} MB |")
    if "idle" in args.parts:
        idle, one_free = idle_seconds(args.idle)
        print(f"| the machine, sampled each second for {args.idle} s | all cores idle in {idle} s; "
              f"at least one core free in {one_free} s |")
    if "startup" in args.parts:
        wall, cpu = startup_seconds()
        print(f"| `trialwatch criteria` start-up (one-line file, median of 5) | {wall:.2f} s wall ({cpu:.2f} CPU s) |")


if __name__ == "__main__":
    main()
