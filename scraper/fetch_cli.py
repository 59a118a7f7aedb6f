"""The `fetch` and `parse` commands: one trial's raw bodies in, what the parsers make of them out."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from parser.ids import normalize_nct_id
from scraper.exits import run_exit_code
from scraper.inputs import InputSize, read_input
from scraper.options import AsJson, ClinconnectUrl, CtgovUrl, Source, SourceName, StorePath
from scraper.settings import Settings

if TYPE_CHECKING:
    from scraper.reports import FetchReport


def fetch(
    nct_ids: Annotated[list[str], typer.Argument(metavar="NCT…", help="One or more NCT ids.")],
    source: Source = SourceName.all,
    store: StorePath = None,
    as_json: AsJson = False,
    ctgov_url: CtgovUrl = None,
    clinconnect_url: ClinconnectUrl = None,
) -> None:
    """Fetch trials, store each distinct raw body once, parse them and print what came back."""
    from scraper.cli import report
    from scraper.fetching import fetch_trials

    ids = [normalize_nct_id(value) for value in nct_ids]  # every id checked before any request
    settings = Settings.from_env(store=store, ctgov_url=ctgov_url, clinconnect_url=clinconnect_url)
    run = fetch_trials(settings, ids, source.names())
    for error in run.errors:
        report(error)
    if as_json:
        typer.echo(run.report.model_dump_json(indent=2))
    else:
        _render(run.report)
    raise typer.Exit(run_exit_code(run.errors, changed=False))


def _render(fetched: FetchReport) -> None:
    from rich.console import Console
    from rich.table import Table

    from parser.models.trial import Trial

    table = Table("NCT id", "source", "HTTP", "body", "title", "status")
    for item in fetched.fetches:
        record = item.record
        title, status = (record.brief_title, record.overall_status) if isinstance(record, Trial) else \
            (record.title, record.status)
        table.add_row(item.nct_id, item.source, str(item.status), ("new " if item.new_body else "same ") +
                      item.sha256[:12], title or "", str(status or ""))
    console = Console()
    console.print(table)
    for trial in fetched.trials:
        for disagreement in trial.disagreements:
            console.print(f"{trial.nct_id}: sources disagree on {disagreement.field}: "
                          f"ctgov {disagreement.ctgov!r}, clinconnect {disagreement.clinconnect!r}",
                          markup=False, highlight=False)


def parse(
    file: Annotated[Path, typer.Argument(help="A CT.gov JSON record, or a ClinConnect page (HTML or its text).")],
    max_input: InputSize = None,
) -> None:
    """Parse a saved record or page, detecting which it is, and print the result as JSON."""
    from parser.documents import parse_saved

    parsed = parse_saved(read_input(str(file), max_input))
    if not isinstance(parsed, list):
        typer.echo(parsed.model_dump_json(indent=2))
    elif len(parsed) == 1:
        typer.echo(parsed[0].model_dump_json(indent=2))
    else:
        typer.echo(json.dumps([t.model_dump(mode="json") for t in parsed], ensure_ascii=False, indent=2))
