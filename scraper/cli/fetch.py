"""`trialwatch fetch`: trials' raw bodies fetched and stored once each, and what the parsers make of them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from parser.ids import normalize_nct_id
from scraper.cli.common import AsJson, ClinconnectUrl, CtgovUrl, Source, SourceName, StorePath, report
from scraper.exits import run_exit_code
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
