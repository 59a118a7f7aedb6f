"""The coordinator of distributed runs: split the work into shards, queue them, follow them, merge the results.

A refresh is split into shards of `page_size` NCT ids (one `filter.ids` request each); a query is first listed
(ids only, 1,000 to a page, through the shared rate limit) and then split the same way. A re-parse pages through
the store's stale versions. Each shard's result comes back as JSON and is merged into one `Summary` (or
`ReparseCounts`), so the CLI prints the same report and exit codes as for a local run. Results are read from
Redis in batches (one MGET per poll), and a broker that goes away (a Redis restart) is waited for up to
`broker_wait` seconds.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import redis
from kombu.exceptions import OperationalError

from scraper.batch.refresh import MAX_PAGE_SIZE, BatchRefresh
from scraper.batch.summary import Change, Counts, Failure, Summary
from scraper.errors import BrokerError, TrialwatchError
from scraper.http import redact
from scraper.reparse import ReparseCounts, stale_refs
from scraper.settings import Settings
from scraper.tasks import REFRESH, REPARSE, make_app

if TYPE_CHECKING:
    from scraper.store import Store

REPARSE_SHARD = 100
"""Versions per re-parse shard: about two CPU seconds of parsing, small enough to spread over many workers."""
READY = {"SUCCESS", "FAILURE", "REVOKED"}


def error_to_json(error: TrialwatchError) -> dict[str, str]:
    return {"type": type(error).__name__, "message": str(error)}


def error_from_json(document: dict[str, str]) -> TrialwatchError:
    """The error a worker met, as its own class, so the coordinator exits with that error's code."""
    classes: list[type[TrialwatchError]] = [TrialwatchError]
    for cls in classes:
        if cls.__name__ == document["type"]:
            return cls(document["message"])
        classes += cls.__subclasses__()
    return TrialwatchError(document["message"])


def summary_to_json(summary: Summary) -> dict[str, Any]:
    counts = summary.counts
    return {"seen": counts.seen, "new_versions": counts.new_versions, "unchanged": counts.unchanged,
            "errors": counts.errors, "seen_ids": sorted(summary.seen), "undone": summary.undone,
            "changes": [[c.nct_id, c.label, c.title, list(c.changes), c.first] for c in summary.changes],
            "failures": [[f.nct_id, error_to_json(f.error)] for f in summary.failures]}


def merge(summary: Summary, part: dict[str, Any]) -> None:
    """Add one shard's result (`summary_to_json`'s document) to the run's summary."""
    counts = summary.counts
    counts.seen += part["seen"]
    counts.new_versions += part["new_versions"]
    counts.unchanged += part["unchanged"]
    counts.errors += part["errors"]
    summary.seen.update(part["seen_ids"])
    summary.undone += part["undone"]
    summary.changes += [Change(nct_id, label, title, tuple(changes), first)
                        for nct_id, label, title, changes, first in part["changes"]]
    summary.failures += [Failure(nct_id, error_from_json(error)) for nct_id, error in part["failures"]]


class Coordinator:
    """Queues shards on the broker of `settings` and follows them until every one has a result."""

    def __init__(self, settings: Settings, poll: float = 0.5) -> None:
        self.settings, self.poll = settings, poll
        self.app = make_app(settings)

    def refresh(self, ids: list[str], page_size: int, progress: Callable[[Counts], None], summary: Summary) -> None:
        """Refresh `ids` on the workers, `page_size` to a shard, merging each shard's result into `summary` (which
        may hold what a listing found) as it comes, so an interrupted run still has what was done."""
        summary.counts.total = len(ids)
        shards = [ids[start:start + page_size] for start in range(0, len(ids), page_size)]
        for part in self._follow(self._send(REFRESH, [[shard, page_size] for shard in shards])):
            merge(summary, part)
            progress(summary.counts)

    def list_query(self, store: Store, params: dict[str, str]) -> tuple[list[str], Summary]:
        """The ids a search returns, listed here through the shared rate limit; what went wrong is in the summary."""
        from scraper.http import build_async_client
        from scraper.pool import parse_pool
        from scraper.ratelimit import RedisRateLimiter, redis_client

        limiter = RedisRateLimiter(redis_client(self.settings.broker, self.settings.broker_wait),
                                   self.settings.min_interval)
        client = build_async_client(self.settings, "ctgov", connections=1, limiter=limiter)
        with parse_pool(0) as idle:  # a listing stores and parses nothing
            listing = BatchRefresh(store, client, idle, page_size=MAX_PAGE_SIZE, connections=1)
            ids = listing.list_ids(params)
        return ids, Summary(Counts(), failures=listing.summary.failures)

    def reparse(self, store: Store, current: str, since: tuple[int, ...] | None,
                progress: Callable[[ReparseCounts], None]) -> tuple[ReparseCounts, list[TrialwatchError]]:
        """Queue every stale version of `store`, `REPARSE_SHARD` to a shard; the counts and the shards' errors."""
        shards: list[list[list[Any]]] = []
        for refs in stale_refs(store, current, since):
            rows = [[ref.id, ref.nct_id, ref.source, ref.body_sha256, ref.parser_version] for ref in refs]
            shards += [rows[start:start + REPARSE_SHARD] for start in range(0, len(rows), REPARSE_SHARD)]
        counts, errors = ReparseCounts(), []
        for part in self._follow(self._send(REPARSE, [[shard] for shard in shards])):
            if "error" in part:
                errors.append(error_from_json(part["error"]))
                continue
            counts.add(ReparseCounts.model_validate(part))
            progress(counts)
        return counts, errors

    def _send(self, task: str, shards: list[list[Any]]) -> list[str]:
        from scraper.ratelimit import check_broker

        check_broker(self.settings.broker, self.settings.broker_wait)
        try:
            return [self.app.send_task(task, args=args, queue=self.settings.queue).id for args in shards]
        except OperationalError as error:
            raise BrokerError(f"cannot queue shards on {redact(self.settings.broker)}: {error}") from None

    def _follow(self, task_ids: list[str]) -> Iterator[dict[str, Any]]:
        """Each shard's result as it arrives (in any order); a shard that raised is a `TrialwatchError` result."""
        backend: Any = self.app.backend
        pending, lost_since = task_ids, None
        while pending:
            try:
                metas = [backend.decode_result(raw) if raw is not None else None
                         for start in range(0, len(pending), 500)
                         for raw in backend.mget([backend.get_key_for_task(task_id)
                                                  for task_id in pending[start:start + 500]])]
            except (redis.RedisError, OperationalError) as error:
                lost_since = lost_since or time.monotonic()
                if time.monotonic() - lost_since > self.settings.broker_wait:
                    raise BrokerError(f"lost the broker {redact(self.settings.broker)} for more than "
                                      f"{self.settings.broker_wait:g} s: {error}") from None
                time.sleep(self.poll)
                continue
            lost_since = None
            still = []
            for task_id, meta in zip(pending, metas, strict=True):
                if meta is None or meta["status"] not in READY:
                    still.append(task_id)
                elif meta["status"] == "SUCCESS":
                    yield meta["result"]
                else:
                    yield _failed_shard(task_id, meta)
            pending = still
            if pending:
                time.sleep(self.poll)


def _failed_shard(task_id: str, meta: dict[str, Any]) -> dict[str, Any]:
    """A shard whose task raised (a bug, not a trial's failure): one error, so the run does not pass silently."""
    error = {"type": "TrialwatchError", "message": f"shard {task_id} failed on its worker: {meta['result']}"}
    return {"seen": 0, "new_versions": 0, "unchanged": 0, "errors": 1, "seen_ids": [], "undone": [], "changes": [],
            "failures": [[None, error]], "error": error}
