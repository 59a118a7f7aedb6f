"""`trialwatch track`: fetch, store every new version (backfilling the history), and print what changed."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from parser.ids import normalize_nct_id
from scraper.cli.common import (
    AsJson,
    Broker,
    ClinconnectUrl,
    CtgovUrl,
    Jobs,
    Source,
    SourceName,
    StorePath,
    report,
)
from scraper.exits import run_exit_code
from scraper.outputs import output_dir
from scraper.settings import Settings, SettingsError

if TYPE_CHECKING:
    from scraper.reports import TrackReport
    from scraper.tracking import TrackRun


def track(
    nct_ids: Annotated[list[str] | None, typer.Argument(metavar="[NCT…]", help="One or more NCT ids.")] = None,
    ids_file: Annotated[Path | None, typer.Option(
        "--ids-file", metavar="FILE", help="Batch: refresh the NCT ids in FILE (one a line, # comments).")] = None,
    query: Annotated[str | None, typer.Option(
        "--query", metavar="KEY=VALUE,…", help="Batch: refresh every trial a search returns, e.g. "
        "'condition=rectal cancer,status=RECRUITING' (keys: condition, term, intervention, sponsor, location, "
        "status; several statuses joined by |).")] = None,
    source: Source = SourceName.all,
    out: Annotated[Path | None, typer.Option(
        "--out", help="Write DIR/NCT…/ (trial.json, criteria.json, versions/, CHANGES.md); checked before "
        "anything is fetched.", metavar="DIR")] = None,
    history: Annotated[bool | None, typer.Option(
        "--history/--no-history", help="Backfill each record's history (a request per version); default: on for "
        "NCT… arguments, off for --ids-file/--query.", show_default=False)] = None,
    jobs: Jobs = None,
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

    With NCT… arguments the sources (--source, default both) are fetched one trial at a time. With --ids-file or
    --query, ClinicalTrials.gov alone is refreshed in batch through its search endpoint: only changed records are
    parsed, failures are reported one line each, and re-running after an interruption resumes. A trial that
    ClinConnect does not list is a note when ClinicalTrials.gov answered. With --distributed the batch is split
    into shards that `trialwatch worker` processes work (see `trialwatch worker --help`), with the same report.
    Exits 10 when a new version was stored.
    """
    from scraper.tracking import refresh_batch, track_trials

    if sum(bool(given) for given in (nct_ids, ids_file, query)) != 1:
        raise SettingsError("give NCT ids, or --ids-file FILE, or --query KEY=VALUE,… (exactly one of them)")
    if distributed and nct_ids:
        raise SettingsError("--distributed refreshes a batch: give --ids-file FILE or --query KEY=VALUE,…")
    ids = [normalize_nct_id(value) for value in nct_ids or []]
    settings = Settings.from_env(store=store, ctgov_url=ctgov_url, clinconnect_url=clinconnect_url, broker=broker)
    folder = output_dir(out) if out is not None else None
    if ids:
        run = track_trials(settings, ids, sources=source.names(), history=history is not False, out=folder)
    else:
        from scraper.batch.progress import PlainProgress, RichProgress
        from scraper.batch.selection import parse_query, read_ids

        if source is SourceName.clinconnect:
            raise SettingsError("--ids-file and --query refresh ClinicalTrials.gov only; give --source ctgov or all")
        selection = read_ids(ids_file) if ids_file else parse_query(query or "")
        progress = RichProgress() if sys.stdout.isatty() and not as_json else PlainProgress()
        run = refresh_batch(settings, selection, history=bool(history), out=folder, jobs=jobs,
                            connections=connections, page_size=page_size, progress=progress,
                            distributed=distributed)
    _render(run, as_json)
    raise typer.Exit(run_exit_code(run.errors, changed=run.changed, interrupted=run.interrupted))


def _render(run: TrackRun, as_json: bool) -> None:
    for note in run.notes:
        typer.echo(f"note: {note}", err=True)
    for error in run.errors:
        report(error)
    if run.interrupted:
        typer.echo(f"interrupted: {run.report.counts.new_versions} new version(s) stored are kept; run the same "
                   "command again to resume", err=True)
    if as_json:
        typer.echo(run.report.model_dump_json(indent=2))
    else:
        _render_text(run.report)


def _render_text(report: TrackReport) -> None:
    for trial in report.trials:
        for step in trial.steps:
            typer.echo(f"{trial.nct_id} {step.title}: {len(step.summary)} change(s)")
            meaning = [c.meaning_changed for c in step.diff.changes] if step.diff else [True] * len(step.summary)
            for line, changed in zip(step.summary, meaning, strict=True):
                typer.echo(f"  {'•' if changed else '~'} {line}")
        for line in trial.page_changes:
            typer.echo(f"{trial.nct_id} {line}")
        if trial.outcome == "first_version" and not trial.steps:
            typer.echo(f"{trial.nct_id}: first version stored ({', '.join(trial.new_versions)})")
        elif trial.outcome == "unchanged":
            typer.echo(f"{trial.nct_id}: no change" + (f" (latest {trial.latest})" if trial.latest else ""))
