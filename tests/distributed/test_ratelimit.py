"""The per-host rate limit booked in Redis: one timeline per host for every process that shares the broker."""

from __future__ import annotations

import uuid

import pytest

from scraper.errors import BrokerError
from scraper.ratelimit import RedisRateLimiter, redis_client


@pytest.fixture
def host() -> str:
    return f"test-{uuid.uuid4().hex}.example:443"


def limiter(url: str, interval: float) -> RedisRateLimiter:
    return RedisRateLimiter(redis_client(url, 1), interval)


def test_two_limiters_sharing_redis_book_one_timeline_per_host(redis_url, host) -> None:
    first, second = limiter(redis_url, 10.0), limiter(redis_url, 10.0)
    waits = [first.reserve(host), second.reserve(host), first.reserve(host), second.reserve(host)]
    assert [round(wait / 10) for wait in waits] == [0, 1, 2, 3]


def test_each_host_has_a_timeline_of_its_own(redis_url, host) -> None:
    shared = limiter(redis_url, 10.0)
    assert (shared.reserve(host), shared.reserve("other-" + host)) == (0.0, 0.0)


def test_an_interval_of_zero_never_waits(redis_url, host) -> None:
    assert [limiter(redis_url, 0.0).reserve(host) for _ in range(3)] == [0.0, 0.0, 0.0]


def test_an_unreachable_redis_is_a_broker_error(host) -> None:
    with pytest.raises(BrokerError, match="shared rate limit"):
        limiter("redis://127.0.0.1:9/0", 1.0).reserve(host)
