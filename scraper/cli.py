"""`trialwatch`, the command line: thin commands that parse options, call the library, and render.

Every `TrialwatchError` leaves the app as one `error: …` line on stderr and the exit code of `EXIT_CODES`
(the group below does it, so a new command cannot forget). A command is one small function; anything heavy
(the parsers, and above all spaCy for criteria) is imported inside the command that needs it, so
`trialwatch --help` and `fetch` never pay for spaCy.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from parser.errors import InvalidNctId, MalformedRecord, ParseError
from parser.ids import normalize_nct_id
from scraper.errors import BrokerError, FetchError, StoreError, StudyNotFound, TrialwatchError
from scraper.options import AsJson, Broker, ClinconnectUrl, CtgovUrl, StorePath
from scraper.settings import Settings, SettingsError

if TYPE_CHECKING:
    from scraper.http import CircuitBreaker, Client
    from scraper.store import Store

EXIT_CODES: tuple[tuple[type[TrialwatchError], int, str], ...] = (
    (InvalidNctId, 2, "usage: an invalid NCT id (nothing was fetched)"),
    (SettingsError, 2, "usage: an invalid option or TRIALWATCH_* setting"),
    (StudyNotFound, 3, "not found: the source has no such trial"),
    (FetchError, 4, "upstream: the source failed, timed out, rate-limited us or sent too much"),
    (ParseError, 5, "parse: the body or file is not what it should be (nothing was stored)"),
    (StoreError, 6, "store: the store file is locked, corrupt or not a trialwatch store"),
    (BrokerError, 7, "broker: the distributed runs' broker (Redis) cannot be reached"),
    (TrialwatchError, 1, "any other trialwatch error"),
)
"""Exit code per error class; the most specific class in an error's MRO wins."""

_MEANINGS: dict[int, list[str]] = {}
for _, _code, _meaning in EXIT_CODES:
    _MEANINGS.setdefault(_code, []).append(_meaning)
CHANGED = 10
"""`track` and `diff` exit with this when something changed, so cron jobs and CI pipelines can act on it."""
EXIT_CODES_HELP = "\n\n".join(
    ["Exit codes: 0 success (track, diff: no change)", f"{CHANGED} changed (track: a new version differs from the "
     "one before it; diff: the two versions differ)"] + [f"{code} {'; '.join(m)}" for code, m in _MEANINGS.items()])


def exit_code(error: TrialwatchError) -> int:
    """The documented exit code for `error`."""
    codes = {cls: code for cls, code, _ in EXIT_CODES}
    return next(codes[cls] for cls in type(error).__mro__ if cls in codes)


def report(error: TrialwatchError) -> None:
    """Print `error` as exactly one line on stderr, however its message was written."""
    typer.echo(f"error: {' '.join(str(error).split())}", err=True)


class _ReportingGroup(TyperGroup):
    """Turns every `TrialwatchError` a command raises into one line and its exit code, never a traceback."""

    def invoke(self, ctx: Any) -> Any:  # typer's own vendored click Context; its type is private
        try:
            return super().invoke(ctx)
        except TrialwatchError as error:
            report(error)
            raise typer.Exit(exit_code(error)) from None


app = typer.Typer(name="trialwatch", cls=_ReportingGroup, no_args_is_help=True, add_completion=False,
                  pretty_exceptions_enable=False, epilog=EXIT_CODES_HELP,
                  help="Keep clinical-trial records fresh and their eligibility criteria machine-readable.")


class SourceName(str, Enum):
    ctgov = "ctgov"
    clinconnect = "clinconnect"
    all = "all"


@dataclass(frozen=True)
class Fetched:
    """One source's answer for one trial, after it was parsed and stored."""

    nct_id: str
    source: str
    url: str
    status: int
    sha256: str
    new_body: bool
    model: Any

    def as_json(self) -> dict[str, Any]:
        return {"nct_id": self.nct_id, "source": self.source, "url": self.url, "status": self.status,
                "sha256": self.sha256, "new_body": self.new_body, "record": self.model.model_dump(mode="json")}


def fetch_one(client: Client, store: Store, source: str, nct_id: str) -> Fetched:
    """Fetch (conditionally, if stored before), parse, then store: a body that fails to parse is never stored."""
    from scraper.track import observe

    previous = store.latest_fetch(nct_id, source)
    observation = observe(client, store, source, nct_id)
    saved = store.save_fetch(nct_id, source, observation.result)
    sha256 = saved.body_sha256 or (previous.body_sha256 if previous else None)
    assert sha256 is not None, "a 304 answers a conditional request, made only with a previous fetch"
    return Fetched(nct_id, source, observation.result.url, observation.result.status, sha256,
                   previous is None or previous.body_sha256 != sha256, observation.model)


@app.command()
def fetch(
    nct_ids: Annotated[list[str], typer.Argument(metavar="NCT…", help="One or more NCT ids.")],
    source: Annotated[SourceName, typer.Option(help="Which source to fetch.")] = SourceName.all,
    store: StorePath = None,
    as_json: AsJson = False,
    ctgov_url: CtgovUrl = None,
    clinconnect_url: ClinconnectUrl = None,
) -> None:
    """Fetch trials, store each distinct raw body once, parse them and print what came back."""
    from scraper.http import build_client
    from scraper.store import SQLiteStore

    ids = [normalize_nct_id(value) for value in nct_ids]  # every id checked before any request
    settings = Settings.from_env(store=store, ctgov_url=ctgov_url, clinconnect_url=clinconnect_url)
    names = ["ctgov", "clinconnect"] if source is SourceName.all else [source.value]
    fetched: list[Fetched] = []
    errors: list[TrialwatchError] = []
    with SQLiteStore(settings.store, busy_timeout=settings.store_busy_timeout) as opened:
        for name in names:
            with build_client(settings, name) as client:
                for nct_id in ids:
                    try:
                        fetched.append(fetch_one(client, opened, name, nct_id))
                    except (FetchError, ParseError) as error:  # report it, go on with the others
                        report(error)
                        errors.append(error)
    _render(fetched, _merge(ids, fetched), as_json)
    if errors:
        raise typer.Exit(exit_code(errors[0]))


def _merge(ids: list[str], fetched: list[Fetched]) -> list[Any]:
    """One reconciled view per trial from whichever sources answered."""
    from parser.reconcile import reconcile

    by_key = {(item.nct_id, item.source): item.model for item in fetched}
    return [reconcile(by_key.get((nct_id, "ctgov")), by_key.get((nct_id, "clinconnect")))
            for nct_id in ids if (nct_id, "ctgov") in by_key or (nct_id, "clinconnect") in by_key]


def _render(fetched: list[Fetched], merged: list[Any], as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps({"fetches": [item.as_json() for item in fetched],
                               "trials": [trial.model_dump(mode="json") for trial in merged]},
                              ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    from scraper.track import SOURCES

    table = Table("NCT id", "source", "HTTP", "body", "title", "status")
    for item in fetched:
        spec = SOURCES[item.source]
        table.add_row(item.nct_id, item.source, str(item.status),
                      ("new " if item.new_body else "same ") + item.sha256[:12],
                      getattr(item.model, spec.title) or "", str(getattr(item.model, spec.status) or ""))
    console = Console()
    console.print(table)
    for trial in merged:
        for disagreement in trial.disagreements:
            console.print(f"{trial.nct_id}: sources disagree on {disagreement.field}: "
                          f"ctgov {disagreement.ctgov!r}, clinconnect {disagreement.clinconnect!r}",
                          markup=False, highlight=False)


@app.command()
def parse(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True,
                                         help="A CT.gov JSON record, or a ClinConnect page (HTML or its text).")],
) -> None:
    """Parse a saved record or page, detecting which it is, and print the result as JSON."""
    body = file.read_bytes()
    looks_like_json = body.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[")
    if looks_like_json:
        from parser.ctgov import parse_studies

        trials = parse_studies(body)
        typer.echo(trials[0].model_dump_json(indent=2) if len(trials) == 1
                   else json.dumps([t.model_dump(mode="json") for t in trials], ensure_ascii=False, indent=2))
    else:
        from parser.clinconnect import parse_page

        typer.echo(parse_page(body).model_dump_json(indent=2))


from scraper.criteria_cli import criteria, match, schema, screen  # noqa: E402  (registered after the app exists)
from scraper.distributed_cli import reparse, worker  # noqa: E402
from scraper.store_cli import store_app  # noqa: E402

app.command()(criteria)
app.command(epilog=EXIT_CODES_HELP)(worker)
app.command(epilog=EXIT_CODES_HELP)(reparse)
app.command()(screen)
app.command()(schema)
app.command()(match)
app.add_typer(store_app)


@app.command(epilog=EXIT_CODES_HELP)
def track(
    nct_ids: Annotated[list[str] | None, typer.Argument(metavar="[NCT…]", help="One or more NCT ids.")] = None,
    ids_file: Annotated[Path | None, typer.Option(
        "--ids-file", metavar="FILE", help="Batch: refresh the NCT ids in FILE (one a line, # comments).")] = None,
    query: Annotated[str | None, typer.Option(
        "--query", metavar="KEY=VALUE,…", help="Batch: refresh every trial a search returns, e.g. "
        "'condition=rectal cancer,status=RECRUITING' (keys: condition, term, intervention, sponsor, location, "
        "status; several statuses joined by |).")] = None,
    out: Annotated[Path | None, typer.Option(
        "--out", help="Write DIR/NCT…/ (trial.json, criteria.json, versions/, CHANGES.md).", metavar="DIR")] = None,
    history: Annotated[bool | None, typer.Option(
        "--history/--no-history", help="Backfill each record's history (a request per version); default: on for "
        "NCT… arguments, off for --ids-file/--query.", show_default=False)] = None,
    jobs: Annotated[int | None, typer.Option(
        "--jobs", min=0, help="Batch: parser processes (default: one per CPU; 0 parses in this process).")] = None,
    connections: Annotated[int, typer.Option(
        "--connections", min=1, max=16, help="Batch: requests in flight at once (the rate limit still holds).")] = 4,
    page_size: Annotated[int, typer.Option("--page-size", min=1, max=1000,
                                           help="Batch: studies per search request (and per shard).")] = 100,
    distributed: Annotated[bool, typer.Option(
        "--distributed", help="Batch: queue shards for `trialwatch worker` processes instead of working here.")
    ] = False,
    broker: Broker = None,
    store: StorePath = None,
    as_json: AsJson = False,
    ctgov_url: CtgovUrl = None,
    clinconnect_url: ClinconnectUrl = None,
) -> None:
    """Fetch, store every new version (backfilling the history), and print what changed.

    With NCT… arguments both sources are fetched, one trial at a time. With --ids-file or --query, ClinicalTrials.gov
    is refreshed in batch through its search endpoint: only changed records are parsed, failures are reported one
    line each (exit code of the first), and re-running after an interruption resumes.
    Exits 0 when nothing changed and 10 when a trial has a version that differs from the one before it.
    """
    if sum(bool(given) for given in (nct_ids, ids_file, query)) != 1:
        raise SettingsError("give NCT ids, or --ids-file FILE, or --query KEY=VALUE,… (exactly one of them)")
    if distributed and nct_ids:
        raise SettingsError("--distributed refreshes a batch: give --ids-file FILE or --query KEY=VALUE,…")
    settings = Settings.from_env(store=store, ctgov_url=ctgov_url, clinconnect_url=clinconnect_url, broker=broker)
    if out is not None:
        out = _out_dir(out)
    if nct_ids:
        raise typer.Exit(_track_each([normalize_nct_id(value) for value in nct_ids], settings, out,
                                     history is not False, as_json))
    from scraper.batch import parse_query, read_ids

    selection = read_ids(ids_file) if ids_file else parse_query(query or "")
    run = BatchRun(jobs, connections, page_size, distributed)
    raise typer.Exit(_track_batch(selection, settings, out, bool(history), as_json, run))


def _out_dir(out: Path) -> Path:
    """`--out` resolved once: everything written goes under it, into folders named by validated NCT ids."""
    if out.exists() and not out.is_dir():
        raise SettingsError(f"--out {out} exists and is not a directory")
    return out.resolve()


def _track_each(ids: list[str], settings: Settings, out: Path | None, history: bool, as_json: bool) -> int:
    from scraper.http import build_client
    from scraper.store import SQLiteStore
    from scraper.track import Tracked, Tracker, write_extracted

    results: list[Tracked] = []
    errors: list[TrialwatchError] = []
    with SQLiteStore(settings.store, busy_timeout=settings.store_busy_timeout) as opened, \
            build_client(settings, "ctgov") as ctgov, build_client(settings, "clinconnect") as clinconnect:
        tracker = Tracker(opened, ctgov, clinconnect, history=history)
        for nct_id in ids:
            tracked = Tracked(nct_id)
            try:
                tracked = tracker.track(nct_id)
            except (FetchError, ParseError) as error:  # report it, go on with the other source and trials
                report(error)
                errors.append(error)
            try:
                tracker.observe_page(nct_id, tracked)
            except (FetchError, ParseError) as error:
                report(error)
                errors.append(error)
            results.append(tracked)
            if out is not None and tracked.latest is not None:
                write_extracted(out, opened, nct_id)
    if tracker.history_unavailable and history:
        typer.echo(f"history unavailable: {tracker.history_unavailable}; tracking from live observations", err=True)
    _render_tracked(results, tracker.history_unavailable if history else None, as_json)
    if errors:
        return exit_code(errors[0])
    return CHANGED if any(tracked.changed for tracked in results) else 0


@dataclass(frozen=True)
class BatchRun:
    """How a batch is worked: here (`jobs` parser processes, `connections` requests in flight) or by workers."""

    jobs: int | None
    connections: int
    page_size: int
    distributed: bool


def _track_batch(selection: list[str] | dict[str, str], settings: Settings, out: Path | None, history: bool,
                 as_json: bool, run: BatchRun) -> int:
    import sys

    from scraper.batch import PlainProgress, RichProgress
    from scraper.http import CircuitBreaker
    from scraper.store import SQLiteStore

    progress = RichProgress() if sys.stdout.isatty() and not as_json else PlainProgress()
    with SQLiteStore(settings.store, busy_timeout=settings.store_busy_timeout) as opened:
        refresh = _refresh_distributed if run.distributed else _refresh_here
        outcome = refresh(selection, settings, opened, run, progress)
        if isinstance(outcome, int):
            return outcome
        summary, breaker = outcome
        notes = _backfill_seen(opened, settings, summary.seen, breaker or CircuitBreaker(settings.breaker_threshold)) \
            if history else []
        if out is not None:
            from scraper.track import write_extracted

            for change in summary.changes:
                write_extracted(out, opened, change.nct_id)
    _render_batch(summary, notes, as_json)
    if summary.failures:
        return exit_code(summary.failures[0].error)
    return CHANGED if summary.changed else 0


def _refresh_here(selection: list[str] | dict[str, str], settings: Settings, store: Store, run: BatchRun,
                  progress: Any) -> tuple[Any, CircuitBreaker] | int:
    """The local batch: this machine's parse pool; the summary and the breaker (history uses it), or 130."""
    from scraper.batch import BatchRefresh, parse_pool
    from scraper.http import build_async_client

    with parse_pool(run.jobs) as pool:
        client = build_async_client(settings, "ctgov", connections=run.connections)
        refresh = BatchRefresh(store, client, pool, page_size=run.page_size, connections=run.connections,
                               progress=progress)
        try:
            summary = refresh.refresh_ids(selection) if isinstance(selection, list) \
                else refresh.refresh_query(selection)
        except KeyboardInterrupt:
            progress.close(refresh.summary.counts)
            typer.echo(f"interrupted: {refresh.summary.counts.new_versions} new version(s) stored are kept; run the "
                       "same command again to resume", err=True)
            return 130
    progress.close(summary.counts)
    return summary, client.breaker


def _refresh_distributed(selection: list[str] | dict[str, str], settings: Settings, store: Store, run: BatchRun,
                         progress: Any) -> tuple[Any, None] | int:
    """The batch on `trialwatch worker` processes: shards queued on the broker, followed until all are done."""
    from scraper.distributed import Coordinator

    coordinator = Coordinator(settings)
    if isinstance(selection, list):
        ids, summary = selection, None
    else:
        ids, summary = coordinator.list_query(store, selection)
    try:
        summary = coordinator.refresh(ids, run.page_size, progress, summary)
    except KeyboardInterrupt:
        typer.echo("interrupted: the queued shards are still worked on by the workers; run the same command again "
                   "to see what they stored", err=True)
        return 130
    progress.close(summary.counts)
    return summary, None


def _backfill_seen(store: Store, settings: Settings, seen: set[str], breaker: CircuitBreaker) -> list[str]:
    """`--history` in batch: each trial's history list, and every listed version the store lacks; a host the
    refresh stopped asking (`breaker`) is not asked for history either."""
    from scraper.http import build_client
    from scraper.track import Tracked, Tracker

    notes: list[str] = []
    with build_client(settings, "ctgov", breaker=breaker) as client:
        tracker = Tracker(store, client)
        for nct_id in sorted(seen):
            tracked = Tracked(nct_id)
            tracker.backfill(nct_id, tracked)
            notes += tracked.problems
    if tracker.history_unavailable:
        notes.append(f"history unavailable: {tracker.history_unavailable}")
    return notes


def _render_batch(summary: Any, notes: list[str], as_json: bool) -> None:
    counts = summary.counts
    if as_json:
        typer.echo(json.dumps({
            "seen": counts.seen, "new_versions": counts.new_versions, "unchanged": counts.unchanged,
            "changed": [{"nct_id": c.nct_id, "version": c.label, "first": c.first, "changes": list(c.changes)}
                        for c in summary.changes],
            "failed": [{"nct_id": f.nct_id, "error": f.line()} for f in summary.failures],
            "notes": notes}, ensure_ascii=False, indent=2))
    else:
        for change in summary.changes:
            what = "first version" if change.first else f"{len(change.changes)} change(s)"
            typer.echo(f"{change.nct_id} {change.title}: {what}")
            for line in change.changes:
                typer.echo(f"  • {line}")
        for note in notes:
            typer.echo(f"note: {note}", err=True)
    for failure in summary.failures:
        typer.echo(f"error: {failure.line()}", err=True)


def _render_tracked(results: list[Any], history_unavailable: str | None, as_json: bool) -> None:
    from scraper.track import version_title

    if as_json:
        typer.echo(json.dumps({"history_unavailable": history_unavailable, "trials": [
            {"nct_id": t.nct_id, "changed": t.changed, "latest": t.latest.label if t.latest else None,
             "new_versions": [v.label for v in t.new_versions], "problems": t.problems,
             "page_changes": t.page_changes,
             "changes": [{"from": s.old.label, "to": s.new.label, "diff": s.diff.model_dump(mode="json")}
                         for s in t.steps]} for t in results]}, ensure_ascii=False, indent=2))
        return
    from rich.console import Console

    console = Console(highlight=False)
    for tracked in results:
        for problem in tracked.problems:
            console.print(f"note: {problem}", markup=False, style="yellow")
        shown = [step for step in tracked.steps if step.diff.has_changes]
        for step in shown:
            console.print(f"{tracked.nct_id} {version_title(step.old)} → {version_title(step.new)}: "
                          f"{len(step.diff.changes)} change(s)", markup=False, style="bold")
            for change in step.diff.changes:
                console.print(f"  {'•' if change.meaning_changed else '~'} {change.summary}", markup=False)
        for line in tracked.page_changes:
            console.print(f"{tracked.nct_id} {line}", markup=False)
        if not shown and not tracked.page_changes:
            latest = f" (latest {version_title(tracked.latest)})" if tracked.latest else ""
            console.print(f"{tracked.nct_id}: no change{latest}", markup=False)


@app.command(epilog=EXIT_CODES_HELP)
def history(
    nct_ids: Annotated[list[str], typer.Argument(metavar="NCT…", help="One or more NCT ids.")],
    store: StorePath = None,
    as_json: AsJson = False,
) -> None:
    """List the stored versions of trials, oldest first in the source's order."""
    from scraper.store import SQLiteStore
    from scraper.track import version_document

    ids = [normalize_nct_id(value) for value in nct_ids]
    settings = Settings.from_env(store=store)
    with SQLiteStore(settings.store, busy_timeout=settings.store_busy_timeout) as opened:
        versions = [version for nct_id in ids for source in ("ctgov", "clinconnect")
                    for version in opened.versions(nct_id, source)]
    if as_json:
        documents = [{key: value for key, value in version_document(v).items() if key != "trial"} for v in versions]
        typer.echo(json.dumps(documents, ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("NCT id", "source", "version", "source date", "seen (server date)", "body", "parsed")
    for v in versions:
        table.add_row(v.nct_id, v.source, v.label, v.source_date or "", v.observed_on.isoformat() if v.observed_on
                      else "", v.body_sha256[:12], f"error: {v.parse_error}" if v.parse_error else v.parser_version)
    Console().print(table)


@app.command(epilog=EXIT_CODES_HELP)
def diff(
    first: Annotated[str, typer.Argument(metavar="NCT…|OLD.json", help="A tracked NCT id, or an older record file.")],
    second: Annotated[str | None, typer.Argument(metavar="[NEW.json]", help="The newer record file.")] = None,
    from_label: Annotated[str | None, typer.Option("--from", help="Older stored version (e.g. v0); default: "
                                                   "the one before --to.")] = None,
    to_label: Annotated[str | None, typer.Option("--to", help="Newer stored version; default: the latest.")] = None,
    store: StorePath = None,
    as_json: AsJson = False,
) -> None:
    """Diff two versions of a trial: two stored versions (see `history`), or two record files.

    A file is a CT.gov record (API v2 or history shape), a Trial JSON, or a file of `track --out`'s versions/.
    Exits 0 when they are the same and 10 when they differ.
    """
    from parser.diff import to_text
    from scraper.track import diff_versions

    if second is None:
        result = diff_versions(*_stored_pair(first, from_label, to_label, store))
    else:
        if from_label or to_label:
            raise SettingsError("--from/--to pick stored versions; with two files, give no --from/--to")
        from parser.diff import diff_trials

        result = diff_trials(_trial_file(Path(first)), _trial_file(Path(second)))
    typer.echo(result.model_dump_json(indent=2) if as_json else to_text(result).rstrip("\n"))
    raise typer.Exit(CHANGED if result.has_changes else 0)


def _stored_pair(nct: str, from_label: str | None, to_label: str | None, store: Path | None) -> tuple[Any, Any]:
    from scraper.store import SQLiteStore

    nct_id = normalize_nct_id(nct)
    settings = Settings.from_env(store=store)
    with SQLiteStore(settings.store, busy_timeout=settings.store_busy_timeout) as opened:
        parsed = [v for v in opened.versions(nct_id, "ctgov") if v.trial is not None]
    labels = [v.label for v in parsed]
    for label in (from_label, to_label):
        if label is not None and label not in labels:
            raise SettingsError(f"{nct_id} has no parsed version {label!r}; stored: {', '.join(labels) or 'none'}")
    new = labels.index(to_label) if to_label else len(parsed) - 1
    old = labels.index(from_label) if from_label else new - 1
    if old < 0 or new < 0:
        raise SettingsError(f"{nct_id} has {len(parsed)} parsed version(s) stored: nothing to diff "
                               "(run `trialwatch track` first)")
    return parsed[old], parsed[new]


def _trial_file(path: Path) -> Any:
    """A Trial from a file: our versions/ document, a Trial JSON, or a CT.gov record of any shape."""
    from pydantic import ValidationError

    from parser.ctgov import parse_study
    from parser.models.trial import Trial

    try:
        body = path.read_bytes()
    except OSError as error:
        raise SettingsError(f"cannot read {path}: {error.strerror or error}") from None
    try:
        document = json.loads(body)
    except (ValueError, RecursionError):  # parse_study below says why, as a parse error
        document = None
    try:
        if isinstance(document, dict) and isinstance(document.get("trial"), dict):
            return Trial.model_validate(document["trial"])
        if isinstance(document, dict) and "nct_id" in document:
            return Trial.model_validate(document)
    except ValidationError as error:
        raise MalformedRecord(f"{path}: not a trial: {error.errors()[0]['msg']}") from None
    try:
        return parse_study(body)
    except ParseError as error:
        raise type(error)(f"{path}: {error}") from None


def main() -> None:
    """Console-script entry point (`trialwatch`)."""
    app()


if __name__ == "__main__":
    main()
