"""The `track`, `history` and `diff` commands: versions over time, and what changed between them."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from parser.ids import normalize_nct_id
from scraper.errors import NotTracked
from scraper.exits import CHANGED, run_exit_code
from scraper.inputs import InputSize, read_input
from scraper.options import AsJson, Broker, ClinconnectUrl, CtgovUrl, Jobs, Source, SourceName, StorePath
from scraper.outputs import output_dir
from scraper.settings import Settings, SettingsError

if TYPE_CHECKING:
    from parser.models.trial import Trial
    from scraper.reports import TrackReport, VersionReport
    from scraper.store import StoredVersion
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
    from scraper.cli import report

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


def history(
    nct_ids: Annotated[list[str], typer.Argument(metavar="NCT…", help="One or more NCT ids.")],
    store: StorePath = None,
    as_json: AsJson = False,
) -> None:
    """List the stored versions of trials, oldest first in the source's order; the labels are what `diff
    --from/--to` takes (ClinicalTrials.gov versions; ClinConnect pages are listed, not diffed)."""
    from scraper.stores import open_store

    ids = [normalize_nct_id(value) for value in nct_ids]
    settings = Settings.from_env(store=store)
    with open_store(settings) as opened:
        versions = [version for nct_id in ids for source in ("ctgov", "clinconnect")
                    for version in opened.versions(nct_id, source)]
    if missing := [nct_id for nct_id in ids if not any(v.nct_id == nct_id for v in versions)]:
        raise NotTracked(f"no stored version of {', '.join(missing)} in {settings.store} (run `trialwatch track` "
                         "first)")
    reports = [_version_report(version) for version in versions]
    if as_json:
        from scraper.reports import HistoryReport

        typer.echo(HistoryReport(reports).model_dump_json(indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("NCT id", "source", "version", "source date", "seen (server date)", "body", "parsed")
    for item in reports:
        table.add_row(item.nct_id, item.source, item.label, item.source_date or "", item.observed_on or "",
                      item.body_sha256[:12], f"error: {item.parse_error}" if item.parse_error else item.parser_version)
    Console().print(table)


def _version_report(version: StoredVersion) -> VersionReport:
    from scraper.reports import VersionReport

    return VersionReport(nct_id=version.nct_id, label=version.label, source=version.source, version=version.version,
                         observed_on=version.observed_on.isoformat() if version.observed_on else None,
                         source_date=version.source_date, body_sha256=version.body_sha256,
                         parser_version=version.parser_version, parse_error=version.parse_error)


def diff(
    first: Annotated[str, typer.Argument(metavar="NCT…|OLD.json", help="A tracked NCT id, or an older record file.")],
    second: Annotated[str | None, typer.Argument(metavar="[NEW.json]", help="The newer record file.")] = None,
    from_label: Annotated[str | None, typer.Option("--from", help="Older stored version (a label `history` lists, "
                                                   "e.g. v0); default: the one before --to.")] = None,
    to_label: Annotated[str | None, typer.Option("--to", help="Newer stored version; default: the latest.")] = None,
    store: StorePath = None,
    as_json: AsJson = False,
    max_input: InputSize = None,
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

        result = diff_trials(_trial_file(first, max_input), _trial_file(second, max_input))
    typer.echo(result.model_dump_json(indent=2) if as_json else to_text(result).rstrip("\n"))
    raise typer.Exit(CHANGED if result.has_changes else 0)


def _stored_pair(nct: str, from_label: str | None, to_label: str | None, store: str | None
                 ) -> tuple[StoredVersion, StoredVersion]:
    from scraper.stores import open_store

    nct_id = normalize_nct_id(nct)
    settings = Settings.from_env(store=store)
    with open_store(settings) as opened:
        parsed = [v for v in opened.versions(nct_id, "ctgov") if v.trial is not None]
        pages = [v.label for v in opened.versions(nct_id, "clinconnect")]
    if not parsed and not pages:
        raise NotTracked(f"no stored version of {nct_id} in {settings.store} (run `trialwatch track` first)")
    labels = [v.label for v in parsed]
    for label in (from_label, to_label):
        if label in pages:
            raise SettingsError(f"{label} is a ClinConnect page of {nct_id}; diff compares ClinicalTrials.gov "
                                f"versions: {', '.join(labels) or 'none stored'}")
        if label is not None and label not in labels:
            raise SettingsError(f"{nct_id} has no parsed version {label!r}; stored: {', '.join(labels) or 'none'}")
    new = labels.index(to_label) if to_label else len(parsed) - 1
    old = labels.index(from_label) if from_label else new - 1
    if old < 0 or new < 0:
        raise SettingsError(f"{nct_id} has {len(parsed)} parsed version(s) stored: nothing to diff "
                            "(run `trialwatch track` first)")
    return parsed[old], parsed[new]


def _trial_file(path: str, max_input: int | None) -> Trial:
    """A Trial from a saved file (`parser.documents.trial_document` says which shapes), its errors naming it."""
    from parser.documents import trial_document
    from parser.errors import ParseError

    try:
        return trial_document(read_input(path, max_input))
    except ParseError as error:
        raise type(error)(f"{path}: {error}") from None
