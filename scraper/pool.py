"""Where bodies are parsed: worker processes that start with spaCy loaded, or this process.

Parsing is CPU-bound and spaCy takes about 2 s to import, so workers never import it themselves: the batch refresh
and a re-parse fork theirs from a fork server that imported the parsers once (`parse_pool`), the `criteria` command
forks its own from itself once the engine is warm (`forked_pool`).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager


def quiet_worker() -> None:
    """Pool initializer: Ctrl-C is the parent's to handle, so workers never die half-way through a job."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


PRELOAD = ["scraper.batch.job", "scraper.track", "parser.ctgov", "parser.diff", "parser.criteria.engine"]
"""Imported once by the fork server, so each worker starts with spaCy and the parsers loaded."""


@contextmanager
def parse_pool(jobs: int | None) -> Iterator[Executor]:
    """Where bodies are parsed: `jobs` worker processes (default one per CPU), or this process when `jobs` is 0.

    Workers are forked from a fork server (not from this process, which runs threads and the event loop) and
    started only when the first body needs parsing, so a run where nothing changed starts none. On exit,
    queued jobs are dropped and running ones finish: an interrupted run stops in seconds.
    """
    executor: Executor
    if jobs == 0:
        executor = ThreadPoolExecutor(max_workers=1)
    else:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
        executor = ProcessPoolExecutor(max_workers=jobs or os.cpu_count() or 1, mp_context=context,
                                       initializer=quiet_worker)
    try:
        yield executor
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


@contextmanager
def forked_pool(jobs: int, warm_up: Callable[[], object]) -> Iterator[ProcessPoolExecutor]:
    """`jobs` worker processes forked from this one after `warm_up` ran here, so each starts with what it built
    (spaCy's pipeline, the engine's tables), sharing those pages instead of building its own.

    Only for a process that runs no threads (forking one that does can deadlock): a command over files. The batch
    refresh runs an event loop and a store thread, which is why `parse_pool` forks from a fork server instead.
    """
    warm_up()
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork")) as pool:
        yield pool
