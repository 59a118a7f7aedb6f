"""`trialwatch changes`: which trials changed a field since a date, answered by the store's database."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from scraper.cli.common import AsJson, StorePath
from scraper.settings import Settings, SettingsError


def changes(
    since: Annotated[str, typer.Option("--since", metavar="YYYY-MM-DD", help="The first day to look at (the "
                                       "source's date of a version, never the day it was stored).")],
    fields: Annotated[list[str] | None, typer.Option(
        "--field", metavar="PATH", help="A changed field, or a prefix of one, as the diff names it: "
        "eligibility/maximum_age, eligibility, overall_status, criteria/inclusion (repeatable; default: any).")
    ] = None,
    store: StorePath = None,
    as_json: AsJson = False,
) -> None:
    """List the trials whose stored versions changed a field since a date ("which trials changed an age limit
    this week"), one line per version: its date, trial, version and the fields asked about that it changed.

    A version's changes are those the semantic diff found against the version before it, recorded when it was
    stored: a trial's first stored version changed nothing.
    """
    from scraper.stores import open_store

    try:
        first_day = date.fromisoformat(since)
    except ValueError:
        raise SettingsError(f"--since {since!r} is not a date (YYYY-MM-DD)") from None
    with open_store(Settings.from_env(store=store)) as opened:
        found = opened.changes(first_day, fields or ())
    if as_json:
        from scraper.reports import ChangesReport

        typer.echo(ChangesReport(found).model_dump_json(indent=2))
        return
    for version in found:
        typer.echo(f"{version.dated}  {version.nct_id} {version.label} ({version.source})  {', '.join(version.fields)}")
    if not found:
        typer.echo(f"no stored version dated {first_day.isoformat()} or later changed "
                   f"{', '.join(fields) if fields else 'anything'}")
