"""`trialwatch store …`: looking after the store file itself, apart from the trials in it."""

from __future__ import annotations

import typer

from scraper.cli.common import StorePath, help_without_command
from scraper.errors import StoreError
from scraper.settings import Settings

store_app = typer.Typer(name="store", rich_markup_mode=None, help="Look after the store file.",
                        invoke_without_command=True, callback=help_without_command)


@store_app.command()
def check(store: StorePath = None) -> None:
    """Check the whole store: every body against its hash, and on a SQLite file its integrity and every JSON.

    Prints each problem on a line of its own, then exits 6 if there was any. It reads every row, so it takes
    as long as reading the store; run it after a crash, a full disk, or a copy you do not trust.
    """
    from scraper.stores import open_store, redacted

    settings = Settings.from_env(store=store)
    with open_store(settings) as opened:
        problems, counts = opened.check()
    for problem in problems:
        typer.echo(problem)
    if problems:
        raise StoreError(f"store {redacted(settings.store)}: {len(problems)} problem(s) found (listed above)")
    typer.echo(f"store {redacted(settings.store)}: ok ({counts['versions']} version(s), {counts['bodies']} body(ies))")
