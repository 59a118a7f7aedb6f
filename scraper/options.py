"""Command-line options several commands share, defined once so their names and help never drift apart."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from scraper.settings import DEFAULT_CLINCONNECT_URL, DEFAULT_CTGOV_URL

StorePath = Annotated[str | None, typer.Option(
    "--store", metavar="PATH|URL", help="SQLite store file, or postgresql://user@host:port/db (env TRIALWATCH_STORE; "
    "default: a file in the user data dir)")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON for programs instead of a table.")]
MaxLabAge = Annotated[float, typer.Option(
    "--max-lab-age", min=0, help="Days a reading stays current when a criterion states no window; 0: no limit.")]
Broker = Annotated[str | None, typer.Option(
    "--broker", metavar="URL", help="Redis URL of distributed runs (env TRIALWATCH_BROKER; default "
    "redis://127.0.0.1:6379/0)")]


class SourceName(StrEnum):
    ctgov = "ctgov"
    clinconnect = "clinconnect"
    all = "all"

    def names(self) -> tuple[str, ...]:
        """The store's source names this choice stands for."""
        return ("ctgov", "clinconnect") if self is SourceName.all else (self.value,)


Source = Annotated[SourceName, typer.Option("--source", help="Which source to fetch.")]
CtgovUrl = Annotated[str | None, typer.Option(
    "--ctgov-url", help=f"ClinicalTrials.gov base URL (env TRIALWATCH_CTGOV_URL; default {DEFAULT_CTGOV_URL}).")]
ClinconnectUrl = Annotated[str | None, typer.Option(
    "--clinconnect-url",
    help=f"ClinConnect base URL (env TRIALWATCH_CLINCONNECT_URL; default {DEFAULT_CLINCONNECT_URL}).")]
Jobs = Annotated[int | None, typer.Option(
    "--jobs", "-j", min=0, max=64, help="Parser processes: 0 parses in this process; default: one per CPU for a batch, "
    "0 otherwise.", show_default=False)]


def help_without_command(ctx: typer.Context) -> None:
    """A group called without a command prints its help and exits 2 (a usage error, but not an `error:` line)."""
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())
        raise typer.Exit(2)
