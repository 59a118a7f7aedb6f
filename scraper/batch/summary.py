"""A batch run's results as data: counts as it goes, the versions it stored, the trials it could not refresh.

The local run, a distributed worker's shard and the coordinator's merge all fill these, and the CLI renders
them the same way whichever filled them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from scraper.errors import TrialwatchError


@dataclass
class Counts:
    """The run so far, as the progress display shows it."""

    total: int | None = None
    seen: int = 0
    new_versions: int = 0
    unchanged: int = 0
    errors: int = 0
    started: float = field(default_factory=time.monotonic)

    def rate(self, now: float) -> float:
        return self.seen / max(now - self.started, 1e-9)

    def eta(self, now: float) -> float | None:
        rate = self.rate(now)
        return (self.total - self.seen) / rate if self.total and rate and self.seen <= self.total else None


@dataclass(frozen=True)
class Failure:
    """One trial (or, with no id, one search) that could not be refreshed; nothing of it was stored."""

    nct_id: str | None
    error: TrialwatchError

    def line(self) -> str:
        text = " ".join(str(self.error).split())
        return text if self.nct_id is None or text.startswith(self.nct_id) else f"{self.nct_id}: {text}"


@dataclass(frozen=True)
class Change:
    """A new version stored in this run, and what changed since the version before (empty on first sight).

    Only labels are kept, not the stored version: a first run creates a version per trial, and the run's memory
    must not grow with them."""

    nct_id: str
    label: str
    title: str
    changes: tuple[str, ...]
    first: bool


@dataclass
class Summary:
    counts: Counts
    changes: list[Change] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)
    undone: list[str] = field(default_factory=list)
    """Trials not asked for because the circuit breaker stopped asking the source."""

    @property
    def changed(self) -> bool:
        return any(change.changes for change in self.changes)
