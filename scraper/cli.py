"""`trialwatch`, the command line: the app, its one voice for errors, and the commands registered on it.

Every failure leaves the app as exactly one `error: …` line on stderr with a documented exit code, never a
traceback and never a boxed panel: a `TrialwatchError` gets the code of `scraper.exits.EXIT_CODES`, a command
line the parser refuses gets 2. Commands live in one module per area (`fetch_cli`, `track_cli`,
`criteria_cli`, `store_cli`, `query_cli`, `distributed_cli`) and only parse options, call a service and render;
anything heavy (spaCy above all) is imported inside the command that needs it, so `trialwatch --help` starts fast.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from importlib.metadata import PackageNotFoundError, version
from typing import Annotated

import typer
from typer.core import TyperGroup
from typer.exceptions import Abort, TyperException

from scraper.errors import TrialwatchError
from scraper.exits import CHANGED, EXIT_CODES, exit_code, exit_codes_help
from scraper.options import help_without_command

__all__ = ["CHANGED", "EXIT_CODES", "app", "exit_code", "main", "report"]

EXIT_CODES_HELP = exit_codes_help()


def report(error: TrialwatchError | str) -> None:
    """Print `error` as exactly one line on stderr, however its message was written."""
    typer.echo(f"error: {' '.join(str(error).split())}", err=True)


class _ReportingGroup(TyperGroup):
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


app = typer.Typer(name="trialwatch", cls=_ReportingGroup, add_completion=False, pretty_exceptions_enable=False,
                  rich_markup_mode=None, epilog=EXIT_CODES_HELP,
                  help="Keep clinical-trial records fresh and their eligibility criteria machine-readable.")


def _version(shown: bool) -> None:
    if shown:
        try:
            typer.echo(f"trialwatch {version('trialwatch')}")
        except PackageNotFoundError:  # a source tree that was never installed
            typer.echo("trialwatch 0+source")
        raise typer.Exit(0)


@app.callback(invoke_without_command=True)
def _root(ctx: typer.Context, show_version: Annotated[bool, typer.Option(
        "--version", is_eager=True, callback=_version, help="Print the version and exit.")] = False) -> None:
    """Keep clinical-trial records fresh and their eligibility criteria machine-readable."""
    help_without_command(ctx)


def _register() -> None:
    from scraper.criteria_cli import criteria, match, schema, screen
    from scraper.distributed_cli import reparse, worker
    from scraper.fetch_cli import fetch, parse
    from scraper.query_cli import changes, stats
    from scraper.store_cli import store_app
    from scraper.track_cli import diff, history, track

    shown = {"show_default": True}  # plain click help hides defaults unless asked
    commands: tuple[Callable[..., None], ...] = (fetch, parse, criteria, screen, schema, match)
    for command in commands:
        app.command(context_settings=shown)(command)
    for command in (track, history, diff, stats, changes, worker, reparse):
        app.command(epilog=EXIT_CODES_HELP, context_settings=shown)(command)
    app.add_typer(store_app)


_register()


def main() -> None:
    """Console-script entry point (`trialwatch`)."""
    app()


if __name__ == "__main__":
    main()
