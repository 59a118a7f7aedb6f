"""How a batch run shows its counts on stderr: log lines for cron and pipes, a live bar for a terminal."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

from scraper.batch.summary import Counts


class PlainProgress:
    """Progress as log lines (for cron and pipes): one every `every` seconds, and one when the run ends."""

    def __init__(self, stream: TextIO | None = None, every: float = 10.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.stream, self.every, self.clock = stream or sys.stderr, every, clock
        self.last: float | None = None

    def __call__(self, counts: Counts) -> None:
        now = self.clock()
        if self.last is None or now - self.last >= self.every:
            self.last = now
            self.stream.write(progress_line(counts, now) + "\n")
            self.stream.flush()

    def close(self, counts: Counts) -> None:
        self.stream.write(progress_line(counts, self.clock()) + "\n")


def progress_line(counts: Counts, now: float) -> str:
    total = f"/{counts.total}" if counts.total is not None else ""
    eta = counts.eta(now)
    return (f"refresh: {counts.seen}{total} trials seen, {counts.new_versions} new versions, {counts.errors} errors, "
            f"{counts.rate(now):.1f} trials/s" + (f", ETA {eta:.0f} s" if eta is not None else ""))


class RichProgress:
    """A live bar on stderr: trials seen of the total, new versions, errors, rate and ETA."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.bar = Progress(TextColumn("refresh"), BarColumn(), MofNCompleteColumn(),
                            TextColumn("{task.fields[new]} new · {task.fields[errors]} errors · "
                                       "{task.fields[rate]:.1f} trials/s"), TimeRemainingColumn(),
                            console=Console(stderr=True), transient=False)
        self.task = self.bar.add_task("refresh", total=None, new=0, errors=0, rate=0.0)
        self.bar.start()

    def __call__(self, counts: Counts) -> None:
        self.bar.update(self.task, completed=counts.seen, total=counts.total, new=counts.new_versions,
                        errors=counts.errors, rate=counts.rate(time.monotonic()))

    def close(self, counts: Counts) -> None:
        self(counts)
        self.bar.stop()
