"""`trialwatch reparse`: stored raw bodies parsed again with the current engine, here or by workers."""

from __future__ import annotations

from typing import Annotated

import typer

from scraper.cli.common import AsJson, Broker, StorePath, report
from scraper.errors import TrialwatchError
from scraper.exits import run_exit_code
from scraper.settings import Settings


def reparse(
    since_engine: Annotated[str | None, typer.Option(
        "--since-engine", metavar="VERSION", help="Only versions parsed by an engine older than VERSION "
        "(default: every version the current engine has not parsed).")] = None,
    distributed: Annotated[bool, typer.Option(
        "--distributed", help="Queue shards for `trialwatch worker` processes instead of parsing here.")] = False,
    jobs: Annotated[int | None, typer.Option(
        "--jobs", min=0, help="Parser processes (default: one per CPU; 0 parses in this process).")] = None,
    broker: Broker = None,
    store: StorePath = None,
    as_json: AsJson = False,
) -> None:
    """Parse every stored raw body again with the current engine, and keep what it now reads differently.

    A changed result becomes a new parse of the same source version (`history` and `diff` read it; the earlier
    parse stays stored); an unchanged one is only noted, so running again skips it. Nothing is fetched.
    """
    from scraper.pool import parse_pool
    from scraper.reparse import ReparseCounts, ReparseReport, engine_version, reparse_store
    from scraper.stores import open_store
    from scraper.track import parser_version

    since = engine_version(since_engine) if since_engine is not None else None
    settings = Settings.from_env(store=store, broker=broker)

    def progress(counts: ReparseCounts) -> None:
        typer.echo(f"reparse: {counts.parsed} parsed, {counts.changed} changed", err=True)

    errors: list[TrialwatchError] = []
    with open_store(settings) as opened:
        if distributed:
            from scraper.distributed import Coordinator

            counts, errors = Coordinator(settings).reparse(opened, parser_version(), since, progress)
        else:
            with parse_pool(jobs) as pool:
                counts = reparse_store(opened, pool, since, progress)
    if as_json:
        typer.echo(ReparseReport(engine=parser_version(), **counts.model_dump()).model_dump_json())
    else:
        typer.echo(f"{counts.parsed} version(s) parsed again with {parser_version()}: {counts.changed} changed, "
                   f"{counts.unchanged} unchanged" + (f", {counts.already} done before" if counts.already else ""))
    if errors:
        for error in errors:
            report(error)
        raise typer.Exit(run_exit_code(errors, changed=False))
