"""What every command shares: the one `error:` line and exit code a failure leaves with, and the options and
argument readers several commands take, defined once so their names, help and messages never drift apart."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Sequence
from enum import StrEnum
from typing import Annotated

import typer
from typer.core import TyperGroup
from typer.exceptions import Abort, TyperException

from scraper.errors import TrialwatchError
from scraper.exits import exit_code, exit_codes_help
from scraper.inputs import DEFAULT_MAX_INPUT
from scraper.settings import DEFAULT_CLINCONNECT_URL, DEFAULT_CTGOV_URL, SettingsError

EXIT_CODES_HELP = exit_codes_help()


def report(error: TrialwatchError | str) -> None:
    """Print `error` as exactly one line on stderr, however its message was written."""
    typer.echo(f"error: {' '.join(str(error).split())}", err=True)


class ReportingGroup(TyperGroup):
    """Turns every error into one line and its exit code: a `TrialwatchError` a command raises, and the usage
    errors click would otherwise draw as a panel with the usage above it."""

    def invoke(self, ctx: typer.Context) -> object:  # type: ignore[override]  # typer.Context: the public name
        try:
            return super().invoke(ctx)
        except TrialwatchError as error:
            report(error)
            raise typer.Exit(exit_code(error)) from None

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, windows_expand_args: bool = True, **extra: object) -> object:
        try:
            code = super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        except TyperException as error:  # click's UsageError and friends: a bad option, value or command
            context = getattr(error, "ctx", None)
            report(f"{error.format_message()} (see '{context.command_path if context else 'trialwatch'} --help')")
            code = error.exit_code
        except Abort:
            code = 1
        if not standalone_mode:
            return code
        sys.exit(code if isinstance(code, int) else 0)


def help_without_command(ctx: typer.Context) -> None:
    """A group called without a command prints its help and exits 2 (a usage error, but not an `error:` line)."""
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())
        raise typer.Exit(2)


def iso_date(text: str, option: str) -> dt.date:
    """An option's YYYY-MM-DD value, or the usage error naming the option."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise SettingsError(f"{option} {text!r}: not a date YYYY-MM-DD ({error})") from None


StorePath = Annotated[str | None, typer.Option(
    "--store", metavar="PATH|URL", help="SQLite store file, or postgresql://user@host:port/db (env TRIALWATCH_STORE; "
    "default: a file in the user data dir)")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON for programs instead of a table.")]
MaxLabAge = Annotated[float, typer.Option(
    "--max-lab-age", min=0, help="Days a reading stays current when a criterion states no window; 0: no limit.")]
Broker = Annotated[str | None, typer.Option(
    "--broker", metavar="URL", help="Redis URL of distributed runs (env TRIALWATCH_BROKER; default "
    "redis://127.0.0.1:6379/0)")]
InputSize = Annotated[int | None, typer.Option(
    "--max-input", min=1, metavar="BYTES", show_default=False,
    help=f"Refuse an input file larger than this many bytes (default {DEFAULT_MAX_INPUT:,}).")]


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
