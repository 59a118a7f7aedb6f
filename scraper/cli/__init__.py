"""`trialwatch`, the command line: the app and the commands registered on it, one module per command.

Every failure leaves the app as exactly one `error: …` line on stderr with a documented exit code, never a
traceback and never a boxed panel (`scraper.cli.common.ReportingGroup`): a `TrialwatchError` gets the code of
`scraper.exits.EXIT_CODES`, a command line the parser refuses gets 2. A command module only parses its options,
calls a service or the parser and renders; anything heavy (spaCy above all) is imported inside the command that
needs it, so `trialwatch --help` starts fast.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from typing import Annotated

import typer

from scraper.cli.common import EXIT_CODES_HELP, ReportingGroup, help_without_command, report
from scraper.exits import CHANGED, EXIT_CODES, exit_code

__all__ = ["CHANGED", "EXIT_CODES", "app", "exit_code", "main", "report"]

app = typer.Typer(name="trialwatch", cls=ReportingGroup, add_completion=False, pretty_exceptions_enable=False,
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
    from scraper.cli.changes import changes
    from scraper.cli.criteria import criteria
    from scraper.cli.diff import diff
    from scraper.cli.fetch import fetch
    from scraper.cli.history import history
    from scraper.cli.match import match
    from scraper.cli.parse import parse
    from scraper.cli.reparse import reparse
    from scraper.cli.schema import schema
    from scraper.cli.screen import screen
    from scraper.cli.stats import stats
    from scraper.cli.store import store_app
    from scraper.cli.track import track
    from scraper.cli.worker import worker

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
