"""`trialwatch worker`: a process that works the shards of distributed runs until stopped."""

from __future__ import annotations

from typing import Annotated

import typer

from scraper.cli.common import Broker, CtgovUrl, StorePath
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
