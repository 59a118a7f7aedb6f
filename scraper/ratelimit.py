"""The per-host rate limit held across processes and machines: one booking of slots in Redis for every worker.

`RateLimiter` in `scraper.http` books the next free slot per host in a process's memory; this books it in Redis
with a Lua script, so the booking is atomic across every worker of a distributed run and the pace asked by
clinicaltrials.gov (one request per second) holds for all of them together. Time is Redis's own clock (`TIME`),
so workers whose clocks disagree still share one timeline.
"""

from __future__ import annotations

from typing import Any

import redis
from redis.backoff import ExponentialBackoff
from redis.retry import Retry

from scraper.errors import BrokerError
from scraper.http import redact

KEY_PREFIX = "trialwatch:rate:"

RESERVE = """
local now = redis.call('TIME')
local now_us = tonumber(now[1]) * 1000000 + tonumber(now[2])
local booked = tonumber(redis.call('GET', KEYS[1]) or now_us)
local slot = math.max(now_us, booked)
local next_slot = slot + tonumber(ARGV[1])
redis.call('SET', KEYS[1], string.format('%.0f', next_slot), 'PX', math.ceil((next_slot - now_us) / 1000) + 1000)
return slot - now_us
"""
"""Book the next free slot of a host (microseconds on Redis's clock) and return how long until it; the key expires
once its slot has passed, so an idle host leaves nothing behind."""


def redis_client(url: str, wait: float) -> redis.Redis:
    """A Redis client that rides out a restart of up to about `wait` seconds (reconnecting with backoff)."""
    retry = Retry(ExponentialBackoff(cap=1.0, base=0.05), retries=max(1, int(wait)))
    client: redis.Redis = redis.Redis.from_url(url, retry=retry, retry_on_error=[redis.ConnectionError,
                                                                                   redis.TimeoutError],
                                               socket_connect_timeout=5, socket_timeout=10)
    return client


def check_broker(url: str, wait: float) -> None:
    """Raise `BrokerError` unless Redis at `url` answers within about `wait` seconds: said in one line before any
    shard is queued (Celery itself would retry for long, then fail with a traceback)."""
    try:
        redis_client(url, wait).ping()
    except redis.RedisError as error:
        raise BrokerError(f"the broker {redact(url)} cannot be reached: {error}") from None


class RedisRateLimiter:
    """`Limiter` through Redis: at most one request per `min_interval` seconds per host, across all processes."""

    def __init__(self, client: redis.Redis, min_interval: float) -> None:
        self.min_interval = min_interval
        self._reserve: Any = client.register_script(RESERVE)

    def reserve(self, host: str) -> float:
        if self.min_interval <= 0:
            return 0.0
        try:
            waited = self._reserve(keys=[KEY_PREFIX + host], args=[round(self.min_interval * 1_000_000)])
        except redis.RedisError as error:
            raise BrokerError(f"the shared rate limit in Redis cannot be reached: {error}") from None
        return int(waited) / 1_000_000
