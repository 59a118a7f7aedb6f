"""The Celery side of distributed runs: the app, its two tasks, and the worker.

A shard is a list of NCT ids to refresh or of stored versions to re-parse. Each task runs the same code as the
local run (`BatchRefresh`, `scraper.reparse`) against the worker's own store and settings, with the per-host rate
limit booked in Redis so it holds across all workers, and returns its result as JSON. Tasks are idempotent (a
body stored by its hash is skipped; a re-parse is recorded once per engine and version) and acknowledged late, so
a shard whose worker died is delivered again, after the broker's visibility timeout, to another worker.
"""

from __future__ import annotations

from typing import Any

from celery import Celery  # type: ignore[import-untyped]  # Celery ships no type information

from scraper.errors import TrialwatchError
from scraper.settings import Settings

REFRESH = "trialwatch.refresh"
REPARSE = "trialwatch.reparse"


def make_app(settings: Settings) -> Celery:
    """The app that coordinators send shards with and workers run them in; its tasks close over `settings`."""
    app = Celery("trialwatch", broker=settings.broker, backend=settings.broker, set_as_current=False)
    app.conf.update(
        task_acks_late=True, task_reject_on_worker_lost=True, worker_prefetch_multiplier=1,
        task_serializer="json", result_serializer="json", accept_content=["json"], result_extended=False,
        task_default_queue=settings.queue, result_expires=7 * 24 * 3600,
        broker_transport_options={  # a shard past its visibility timeout is looked for every fifth of it; a
            # worker killed mid-sweep holds the sweep's lock for one visibility timeout, not kombu's 300 s
            "visibility_timeout": settings.visibility_timeout, "unacked_restore_throttle": 1,
            "unacked_restore_interval": max(1, round(settings.visibility_timeout / 5)),
            "unacked_mutex_expire": settings.visibility_timeout},
        broker_connection_retry_on_startup=True, broker_connection_max_retries=None,
        worker_hijack_root_logger=False, worker_cancel_long_running_tasks_on_connection_loss=False,
    )

    def refresh(ids: list[str], page_size: int) -> dict[str, Any]:
        return refresh_shard(settings, ids, page_size)

    def reparse(refs: list[list[Any]]) -> dict[str, Any]:
        return reparse_shard(settings, refs)

    app.task(name=REFRESH)(refresh)
    app.task(name=REPARSE)(reparse)
    return app


def refresh_shard(settings: Settings, ids: list[str], page_size: int) -> dict[str, Any]:
    """Refresh these trials into the worker's store, as the local batch does; the summary as JSON."""
    from scraper.batch.refresh import BatchRefresh
    from scraper.batch.summary import Counts, Failure, Summary
    from scraper.distributed import summary_to_json
    from scraper.http import build_async_client
    from scraper.pool import parse_pool
    from scraper.ratelimit import RedisRateLimiter, redis_client
    from scraper.stores import open_store

    limiter = RedisRateLimiter(redis_client(settings.broker, settings.broker_wait), settings.min_interval)
    client = build_async_client(settings, "ctgov", connections=2, limiter=limiter)
    try:
        with open_store(settings) as store, parse_pool(0) as pool:
            summary = BatchRefresh(store, client, pool, page_size=page_size, connections=2).refresh_ids(ids)
    except TrialwatchError as error:  # the shard as a whole failed (store, broker): reported, not retried
        summary = Summary(Counts(), failures=[Failure(None, error)])
    return summary_to_json(summary)


def reparse_shard(settings: Settings, refs: list[list[Any]]) -> dict[str, Any]:
    """Parse these stored versions again in the worker's store; the counts as JSON."""
    from scraper.distributed import error_to_json
    from scraper.pool import parse_pool
    from scraper.reparse import reparse
    from scraper.store import VersionRef
    from scraper.stores import open_store

    try:
        with open_store(settings) as store, parse_pool(0) as pool:
            return reparse(store, [VersionRef(*ref) for ref in refs], pool).model_dump()
    except TrialwatchError as error:
        return {"error": error_to_json(error)}


def run_worker(settings: Settings, hostname: str | None = None) -> None:
    """A worker in this process, one shard at a time (start one per core): parsing is CPU-bound.

    A broker out of reach when the worker starts is a `BrokerError` after `broker_wait` seconds (Celery would retry
    for ever, silently); once running, the worker rides out a lost broker for as long as it takes."""
    from scraper.ratelimit import check_broker

    check_broker(settings.broker, settings.broker_wait)
    argv = ["worker", "--pool=solo", f"--queues={settings.queue}", "--loglevel=WARNING", "--without-gossip",
            "--without-mingle"]
    make_app(settings).worker_main(argv + ([f"--hostname={hostname}"] if hostname else []))
