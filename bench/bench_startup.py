"""Start-up of the command line: CPU seconds from exec to exit for the commands people run most.

Run on demand (not in CI): `python bench/bench_startup.py [--runs N]`. Each command runs N times as its own
process; the table gives the median wall and CPU (user + system, from the children's rusage) seconds, and whether
spaCy was loaded (only `criteria` should load it). Issue 12 asks for about 0.5 s for `--help` and about 2 s for
`criteria` on a one-line file.
"""

from __future__ import annotations

import argparse
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ONE_LINE = "Inclusion Criteria:\n* Age 18-75 years\n"


def measure(args: list[str], runs: int) -> tuple[float, float, bool]:
    """Median (wall seconds, CPU seconds) of `trialwatch ARGS`, and whether spaCy was imported."""
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "scraper.cli", *args], cwd=ROOT, capture_output=True, check=False)
        walls.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    probe = subprocess.run([sys.executable, "-X", "importtime", "-m", "scraper.cli", *args], cwd=ROOT,
                           capture_output=True, text=True, check=False)
    return statistics.median(walls), statistics.median(cpus), re.search(r"\|\s+spacy$", probe.stderr, re.M) is not None


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__)
    options.add_argument("--runs", type=int, default=5)
    runs = options.parse_args().runs
    with tempfile.TemporaryDirectory() as folder:
        text = Path(folder) / "one.txt"
        text.write_text(ONE_LINE, encoding="utf-8")
        store = str(Path(folder) / "store.sqlite")
        commands = {"--help": ["--help"], "--version": ["--version"], "track --help": ["track", "--help"],
                    "history (empty store)": ["history", "NCT05628038", "--store", store],
                    "criteria (one-line file)": ["criteria", str(text)]}
        print(f"| command (median of {runs}) | wall | CPU | spaCy loaded |")
        print("|---|---|---|---|")
        for name, args in commands.items():
            wall, cpu, spacy = measure(args, runs)
            print(f"| `trialwatch {name}` | {wall:.2f} s | {cpu:.2f} s | {'yes' if spacy else 'no'} |")


if __name__ == "__main__":
    main()
