"""`trialwatch worker` and `trialwatch reparse`: the commands of distributed runs and of re-parsing the store."""

from __future__ import annotations

from typing import Annotated

import typer

from scraper.errors import TrialwatchError
from scraper.exits import run_exit_code
from scraper.options import AsJson, Broker, CtgovUrl, StorePath
from scraper.settings import Settings


def worker(
    broker: Broker = None,
    store: StorePath = None,
    ctgov_url: CtgovUrl = None,
    hostname: Annotated[str | None, typer.Option(
        "--hostname", help="The worker's name among the others (default: celery@<host>).")] = None,
) -> None:
    """Work the shards of distributed runs (`track --distributed`, `reparse --distributed`) until stopped.

    One shard at a time, parsed in this process: start one worker per core, on as many machines as share the
    broker and the store. The per-host rate limit is booked in Redis, so it holds across all of them.
    """
    from scraper.tasks import run_worker

    run_worker(Settings.from_env(store=store, ctgov_url=ctgov_url, broker=broker), hostname)


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
        from scraper.cli import report

        for error in errors:
            report(error)
        raise typer.Exit(run_exit_code(errors, changed=False))
