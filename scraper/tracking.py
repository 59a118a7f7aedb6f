"""The `track` service: refresh trials (one at a time or in batch), store what is new, and report it as data.

The CLI only renders what these functions return. A run reports every trial it was asked about: a trial whose
record could not be fetched is `failed` with its error, never "unchanged"; ClinConnect not listing a trial
that ClinicalTrials.gov answered for is a note, not a failure (ClinConnect lists only some trials). Errors are
collected, not raised, so one trial's failure neither stops the others nor hides their alerts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from parser.errors import ParseError
from scraper.errors import FetchError, StudyNotFound, TrialwatchError
from scraper.http import CircuitBreaker, build_async_client, build_client
from scraper.outputs import OutputError
from scraper.reports import Outcome, StepReport, TrackCounts, TrackReport, TrialReport
from scraper.settings import Settings
from scraper.store import Store
from scraper.stores import open_store
from scraper.track import Tracked, Tracker, version_title, write_extracted

if TYPE_CHECKING:
    from scraper.batch.summary import Counts, Summary

SOURCE_NAMES = ("ctgov", "clinconnect")


class Progress(Protocol):
    """How a batch run shows its counts as it goes (`scraper.batch.progress.PlainProgress` or `RichProgress`)."""

    def __call__(self, counts: Counts) -> None: ...

    def close(self, counts: Counts) -> None: ...


@dataclass
class TrackRun:
    """A run's report, the errors behind its failures (for the exit code and the `error:` lines), and notes."""

    report: TrackReport
    errors: list[TrialwatchError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    interrupted: bool = False

    @property
    def changed(self) -> bool:
        """Something new was stored: the alert a cron job waits for."""
        return any(trial.outcome in ("first_version", "changed") for trial in self.report.trials)


def one_line(error: TrialwatchError) -> str:
    """An error's message on one line, however it was written."""
    return " ".join(str(error).split())


def track_trials(settings: Settings, ids: list[str], *, sources: tuple[str, ...] = SOURCE_NAMES,
                 history: bool = True, out: Path | None = None) -> TrackRun:
    """Track `ids` one at a time from `sources`, backfilling ClinicalTrials.gov's history when `history`."""
    trials: list[TrialReport] = []
    errors: list[TrialwatchError] = []
    trial_notes: list[str] = []
    breaker = CircuitBreaker(settings.breaker_threshold)  # one per run: a host down for one client is down for all
    with open_store(settings) as store, build_client(settings, "ctgov", breaker=breaker) as ctgov, \
            build_client(settings, "clinconnect", breaker=breaker) as clinconnect:
        tracker = Tracker(store, ctgov, clinconnect, history=history)
        for nct_id in ids:
            report, failures = _track_one(store, tracker, sources, nct_id, out)
            trials.append(report)
            errors += failures
            trial_notes += report.problems[:len(report.problems) - len(failures)]
    notes = []
    if history and tracker.history_unavailable and any(trial.outcome != "failed" for trial in trials):
        notes.append(f"history unavailable: {tracker.history_unavailable}; tracking from live observations")
    return TrackRun(_report(trials, notes), errors, notes + trial_notes)


def _track_one(store: Store, tracker: Tracker, sources: tuple[str, ...], nct_id: str, out: Path | None
               ) -> tuple[TrialReport, list[TrialwatchError]]:
    stored = {source: store.versions(nct_id, source) for source in SOURCE_NAMES}  # read once, passed along
    had = any(stored.values())
    tracked, errors, page_version = Tracked(nct_id), list[TrialwatchError](), None
    if "ctgov" in sources:
        try:
            tracked = tracker.track(nct_id, stored["ctgov"])
        except (FetchError, ParseError) as error:
            errors.append(error)
    if "clinconnect" in sources:
        try:
            page_version = tracker.observe_page(nct_id, tracked, stored["clinconnect"])
        except StudyNotFound as error:
            if errors or "ctgov" not in sources:
                errors.append(error)
            else:
                tracked.problems.append(f"ClinConnect does not list {nct_id} ({one_line(error)})")
        except (FetchError, ParseError) as error:
            errors.append(error)
    if out is not None and tracked.latest is not None:
        try:
            write_extracted(out, nct_id, tracked.timeline, tracked.diffs)
        except OSError as error:
            errors.append(OutputError(f"--out: cannot write {error.filename or out}: {error.strerror or error}"))
    failed = bool(errors) and tracked.latest is None and page_version is None
    new = [version.label for version in tracked.new_versions] + ([page_version] if page_version else [])
    outcome: Outcome = "failed" if failed else "unchanged" if not new else "changed" if had else "first_version"
    return TrialReport(
        nct_id=nct_id, outcome=outcome, latest=tracked.latest.label if tracked.latest else None, new_versions=new,
        steps=[StepReport(from_version=step.old.label, to_version=step.new.label, title=f"{version_title(step.old)} → "
                          f"{version_title(step.new)}", summary=[c.summary for c in step.diff.changes], diff=step.diff)
               for step in tracked.steps if step.diff.has_changes],
        page_changes=tracked.page_changes, problems=tracked.problems + [one_line(error) for error in errors],
    ), errors


def _report(trials: list[TrialReport], notes: list[str], *, seen: int | None = None, unchanged: int | None = None,
            undone: list[str] | None = None) -> TrackReport:
    counts = TrackCounts(
        seen=len(trials) if seen is None else seen,
        new_versions=sum(len(trial.new_versions) for trial in trials),
        unchanged=sum(trial.outcome == "unchanged" for trial in trials) if unchanged is None else unchanged,
        failed=sum(trial.outcome == "failed" for trial in trials))
    return TrackReport(trials=trials, counts=counts, notes=notes, undone=undone or [])


def refresh_batch(settings: Settings, selection: list[str] | dict[str, str], *, history: bool, out: Path | None,
                  jobs: int | None, connections: int, page_size: int, progress: Progress,
                  distributed: bool = False) -> TrackRun:
    """Refresh ClinicalTrials.gov in batch (`--ids-file` ids or a `--query`), here or, `distributed`, on
    `trialwatch worker` processes; Ctrl-C keeps what was stored. Both print the same report."""
    with open_store(settings) as store:
        if distributed:
            summary, breaker, interrupted = _refresh_on_workers(settings, store, selection, page_size, progress)
        else:
            summary, breaker, interrupted = _refresh_here(settings, store, selection, jobs, connections, page_size,
                                                          progress)
        progress.close(summary.counts)
        notes = [] if interrupted or not history else backfill_seen(store, settings, summary.seen, breaker)
        changed = [TrialReport(
            nct_id=change.nct_id, outcome="first_version" if change.first else "changed", latest=change.label,
            new_versions=[change.label], steps=[] if change.first else [StepReport(
                from_version=None, to_version=change.label, title=change.title, summary=list(change.changes))],
            page_changes=[], problems=[]) for change in summary.changes]
        if out is not None and not interrupted:
            for trial in changed:
                write_extracted(out, trial.nct_id, store.versions(trial.nct_id, "ctgov"))
    if interrupted and distributed:
        notes.append("the shards already queued are still worked on by the workers")
    failed = [TrialReport(nct_id=failure.nct_id, outcome="failed", latest=None, new_versions=[], steps=[],
                          page_changes=[], problems=[failure.line()])
              for failure in summary.failures if failure.nct_id is not None]
    searches = [failure.line() for failure in summary.failures if failure.nct_id is None]  # shown as errors
    counts = summary.counts
    report = _report(changed + failed, notes + searches, seen=counts.seen, unchanged=counts.unchanged,
                     undone=summary.undone)
    return TrackRun(report, [failure.error for failure in summary.failures], notes, interrupted)


def _refresh_here(settings: Settings, store: Store, selection: list[str] | dict[str, str], jobs: int | None,
                  connections: int, page_size: int, progress: Progress) -> tuple[Summary, CircuitBreaker, bool]:
    """The local batch in this machine's parse pool: its summary, the breaker (history asks through it), and
    whether it was interrupted."""
    from scraper.batch.refresh import BatchRefresh
    from scraper.pool import parse_pool

    with parse_pool(jobs) as pool:
        client = build_async_client(settings, "ctgov", connections=connections)
        run = BatchRefresh(store, client, pool, page_size=page_size, connections=connections, progress=progress)
        try:
            summary = run.refresh_ids(selection) if isinstance(selection, list) else run.refresh_query(selection)
        except KeyboardInterrupt:
            return run.summary, client.breaker, True
    return summary, client.breaker, False


def _refresh_on_workers(settings: Settings, store: Store, selection: list[str] | dict[str, str], page_size: int,
                        progress: Progress) -> tuple[Summary, CircuitBreaker, bool]:
    """The batch on `trialwatch worker` processes: a query listed here, shards of `page_size` ids queued on the
    broker and followed until each has a result, which is merged into one summary as it comes."""
    from scraper.batch.summary import Counts, Summary
    from scraper.distributed import Coordinator

    coordinator = Coordinator(settings)
    if isinstance(selection, list):
        ids, summary = selection, Summary(Counts())
    else:
        ids, summary = coordinator.list_query(store, selection)
    breaker = CircuitBreaker(settings.breaker_threshold)  # the workers asked through breakers of their own
    try:
        coordinator.refresh(ids, page_size, progress, summary)
    except KeyboardInterrupt:
        return summary, breaker, True
    return summary, breaker, False


def backfill_seen(store: Store, settings: Settings, seen: set[str], breaker: CircuitBreaker) -> list[str]:
    """`--history` in batch: each trial's history list, and every listed version the store lacks; a host the
    refresh stopped asking (`breaker`) is not asked for history either."""
    notes: list[str] = []
    with build_client(settings, "ctgov", breaker=breaker) as client:
        tracker = Tracker(store, client)
        for nct_id in sorted(seen):
            if tracker.history_unavailable:
                break  # asked no more this run: reading the trials' versions would be for nothing
            tracked = Tracked(nct_id)
            tracker.backfill(nct_id, tracked, store.versions(nct_id, "ctgov"))
            notes += tracked.problems
    if tracker.history_unavailable:
        notes.append(f"history unavailable: {tracker.history_unavailable}")
    return notes
