"""`trialwatch history`: the stored versions of trials, with the labels `diff --from/--to` takes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from parser.ids import normalize_nct_id
from scraper.cli.common import AsJson, StorePath
from scraper.settings import Settings

if TYPE_CHECKING:
    from scraper.reports import VersionReport
    from scraper.store import StoredVersion


def history(
    nct_ids: Annotated[list[str], typer.Argument(metavar="NCT…", help="One or more NCT ids.")],
    store: StorePath = None,
    as_json: AsJson = False,
) -> None:
    """List the stored versions of trials, oldest first in the source's order; the labels are what `diff
    --from/--to` takes (ClinicalTrials.gov versions; ClinConnect pages are listed, not diffed)."""
    from scraper.versions import stored_versions

    ids = [normalize_nct_id(value) for value in nct_ids]
    reports = [_version_report(version) for version in stored_versions(Settings.from_env(store=store), ids)]
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
