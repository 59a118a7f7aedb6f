"""The HTTP client: politeness (UA, Accept, rate limit), patience (retries, Retry-After), bounds (size cap)."""

from __future__ import annotations

import asyncio
import gzip
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import httpx
import pytest

from scraper.errors import HostUnavailable, RateLimited, ResponseTooLarge, StudyNotFound, UpstreamError
from scraper.http import RateLimiter, Timing, build_async_client, build_client, get, user_agent
from scraper.settings import Settings, SettingsError

if TYPE_CHECKING:
    from conftest import LoopbackServer


def replies(*responses: httpx.Response):
    """A MockTransport handler answering `responses` in turn and recording the requests it saw."""
    queue = list(responses)
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return queue.pop(0) if len(queue) > 1 else queue[0]

    handler.seen = seen  # type: ignore[attr-defined]
    return handler


OK = httpx.Response(200, json={"ok": True})


def test_user_agent_names_the_tool_its_version_and_its_url(make_client) -> None:
    handler = replies(OK)
    get(make_client(handler), "/x")
    assert handler.seen[0].headers["user-agent"] == user_agent()
    assert user_agent().startswith("trialwatch/") and "(+https://" in user_agent()


@pytest.mark.parametrize(("source", "accept"), [("ctgov", "application/json"), ("clinconnect", "text/html")])
def test_each_source_gets_its_own_accept_header_and_base_url(make_client, source: str, accept: str) -> None:
    handler = replies(OK)
    result = get(make_client(handler, source=source, ctgov_url="http://ct.test",
                             clinconnect_url="http://cc.test"), "/x")
    assert handler.seen[0].headers["accept"].startswith(accept)
    assert result.url == f"http://{'ct' if source == 'ctgov' else 'cc'}.test/x"


def test_429_then_200_succeeds(make_client) -> None:
    handler = replies(httpx.Response(429), OK)
    assert get(make_client(handler), "/x").status == 200
    assert len(handler.seen) == 2


def test_503_every_time_raises_upstream_error_naming_the_status(make_client) -> None:
    handler = replies(httpx.Response(503))
    with pytest.raises(UpstreamError, match="503") as caught:
        get(make_client(handler, max_attempts=3), "/x")
    assert type(caught.value) is UpstreamError
    assert len(handler.seen) == 3


def test_429_every_time_raises_rate_limited_naming_the_status(make_client) -> None:
    with pytest.raises(RateLimited, match="429"):
        get(make_client(replies(httpx.Response(429))), "/x")


def test_404_raises_study_not_found_without_retrying(make_client) -> None:
    handler = replies(httpx.Response(404))
    with pytest.raises(StudyNotFound, match="404"):
        get(make_client(handler), "/x")
    assert len(handler.seen) == 1


def test_backoff_doubles_between_attempts(make_client, sleeps: list[float]) -> None:
    get(make_client(replies(httpx.Response(500), httpx.Response(502), httpx.Response(504), OK),
                    max_attempts=4, backoff_base=0.5), "/x")
    assert sleeps == [0.5, 1.0, 2.0]


def test_backoff_never_exceeds_its_maximum(make_client, sleeps: list[float]) -> None:
    get(make_client(replies(httpx.Response(500), httpx.Response(500), OK), backoff_base=10, backoff_max=15), "/x")
    assert sleeps == [10, 15]


def test_default_jitter_waits_between_half_and_all_of_the_backoff() -> None:
    delays = [Timing().jitter(8.0) for _ in range(200)]
    assert all(4.0 <= delay <= 8.0 for delay in delays)
    assert len(set(delays)) > 1


def test_retry_after_in_seconds_is_honoured(make_client, sleeps: list[float]) -> None:
    get(make_client(replies(httpx.Response(429, headers={"Retry-After": "7"}), OK)), "/x")
    assert sleeps == [7.0]


def test_retry_after_as_http_date_is_honoured(make_client, sleeps: list[float]) -> None:
    frozen = Timing(now=lambda: datetime(2025, 6, 26, 12, 0, 0, tzinfo=UTC), jitter=lambda d: d)
    after = httpx.Response(503, headers={"Retry-After": "Thu, 26 Jun 2025 12:00:20 GMT"})
    get(make_client(replies(after, OK), timing=frozen), "/x")
    assert sleeps == [20.0]


def test_retry_after_as_http_date_without_a_zone_is_read_as_utc(make_client, sleeps: list[float]) -> None:
    frozen = Timing(now=lambda: datetime(2025, 6, 26, 12, 0, 0, tzinfo=UTC), jitter=lambda d: d)
    after = httpx.Response(503, headers={"Retry-After": "Thu, 26 Jun 2025 12:00:05 -0000"})
    get(make_client(replies(after, OK), timing=frozen), "/x")
    assert sleeps == [5.0]


def test_retry_after_in_the_past_means_retry_now(make_client, sleeps: list[float]) -> None:
    frozen = Timing(now=lambda: datetime(2025, 6, 26, 12, 0, 0, tzinfo=UTC), jitter=lambda d: d)
    after = httpx.Response(503, headers={"Retry-After": "Thu, 26 Jun 2025 11:00:00 GMT"})
    get(make_client(replies(after, OK), timing=frozen), "/x")
    assert sleeps == [0.0]


def test_retry_after_is_capped(make_client, sleeps: list[float]) -> None:
    get(make_client(replies(httpx.Response(429, headers={"Retry-After": "3600"}), OK), retry_after_cap=60), "/x")
    assert sleeps == [60.0]


def test_unreadable_retry_after_falls_back_to_backoff(make_client, sleeps: list[float]) -> None:
    get(make_client(replies(httpx.Response(429, headers={"Retry-After": "soon"}), OK), backoff_base=2), "/x")
    assert sleeps == [2.0]


def test_connect_errors_are_retried(make_client) -> None:
    attempts = []

    def flaky(request: httpx.Request) -> httpx.Response:
        attempts.append(request)
        if len(attempts) == 1:
            raise httpx.ConnectError("connection refused", request=request)
        return OK

    assert get(make_client(flaky), "/x").status == 200


def test_persistent_connect_errors_raise_upstream_error(make_client) -> None:
    def refused(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    with pytest.raises(UpstreamError, match="ConnectError"):
        get(make_client(refused), "/x")


def test_read_timeout_raises_upstream_error_saying_it_timed_out(server: LoopbackServer, reply) -> None:
    server.route("/slow", reply(delay=1.0))
    settings = Settings(ctgov_url=server.url, min_interval=0, read_timeout=0.1, max_attempts=2, backoff_base=0)
    with build_client(settings, "ctgov") as client, pytest.raises(UpstreamError, match="timed out"):
        get(client, "/slow")
    assert server.paths() == ["/slow", "/slow"]


def test_body_cut_off_mid_way_is_retried(server: LoopbackServer, reply) -> None:
    server.route("/cut", reply(body=b'{"studies": [', declared_length=1000), reply(body=b'{"ok": true}'))
    settings = Settings(ctgov_url=server.url, min_interval=0, backoff_base=0)
    with build_client(settings, "ctgov") as client:
        assert get(client, "/cut").body == b'{"ok": true}'


def test_body_over_the_cap_stops_streaming_and_raises_response_too_large(make_client) -> None:
    chunks_sent = []

    def endless() -> Iterator[bytes]:
        while True:
            chunks_sent.append(1)
            yield b"x" * 1024

    with pytest.raises(ResponseTooLarge, match="4096-byte cap"):
        get(make_client(lambda request: httpx.Response(200, content=endless()), max_bytes=4096), "/x")
    assert len(chunks_sent) == 5


def test_declared_length_over_the_cap_is_refused_before_reading(make_client) -> None:
    big = httpx.Response(200, headers={"Content-Length": "999999"}, content=b"x")
    with pytest.raises(ResponseTooLarge, match="declares 999999 bytes"):
        get(make_client(lambda request: big, max_bytes=4096), "/x")


def test_compressed_body_that_inflates_past_the_cap_is_refused(make_client) -> None:
    bomb = gzip.compress(b"0" * 100_000)
    assert len(bomb) < 4096
    response = httpx.Response(200, headers={"Content-Encoding": "gzip"}, content=bomb)
    with pytest.raises(ResponseTooLarge):
        get(make_client(lambda request: response, max_bytes=4096), "/x")


def test_etag_and_last_modified_make_the_request_conditional(make_client) -> None:
    handler = replies(httpx.Response(304))
    get(make_client(handler), "/x", etag='"abc"', last_modified="Thu, 26 Jun 2025 12:00:00 GMT")
    assert handler.seen[0].headers["if-none-match"] == '"abc"'
    assert handler.seen[0].headers["if-modified-since"] == "Thu, 26 Jun 2025 12:00:00 GMT"


def test_304_is_reported_as_unchanged(make_client) -> None:
    assert get(make_client(replies(httpx.Response(304))), "/x", etag='"abc"').unchanged


def test_fetch_result_keeps_only_the_headers_that_matter(make_client) -> None:
    response = httpx.Response(200, content=b"{}", headers={
        "Content-Type": "application/json", "ETag": '"e"', "Last-Modified": "Mon, 01 Jan 2024 00:00:00 GMT",
        "Date": "Thu, 26 Jun 2025 12:00:00 GMT", "Set-Cookie": "session=secret"})
    result = get(make_client(lambda request: response), "/x")
    assert set(result.headers) == {"content-type", "etag", "last-modified", "date"}


def test_requests_to_one_host_are_spaced_by_the_rate_limit(make_client, sleeps: list[float]) -> None:
    frozen = Timing(monotonic=lambda: 100.0, jitter=lambda d: d)
    client = make_client(replies(OK), timing=frozen, min_interval=1.0)
    get(client, "/a")
    get(client, "/b")
    get(client, "/c")
    assert sleeps == [1.0, 2.0]


def test_rate_limit_is_kept_per_host() -> None:
    limiter = RateLimiter(1.0, clock=lambda: 0.0)
    assert [limiter.reserve("clinicaltrials.gov"), limiter.reserve("clinconnect.io"),
            limiter.reserve("clinicaltrials.gov")] == [0.0, 0.0, 1.0]


def test_default_rate_limit_is_one_request_per_second() -> None:
    assert Settings.from_env({}).min_interval == 1.0


@pytest.mark.parametrize("value", ["off", "-1", "none"])
def test_unusable_rate_limit_setting_is_an_error_not_zero(value: str) -> None:
    with pytest.raises(SettingsError, match="min_interval|MIN_INTERVAL"):
        Settings.from_env({"TRIALWATCH_MIN_INTERVAL": value})


def test_base_urls_come_from_the_environment_and_options_override_them() -> None:
    env = {"TRIALWATCH_CTGOV_URL": "http://mirror.test", "TRIALWATCH_CLINCONNECT_URL": "http://cc.test"}
    settings = Settings.from_env(env, clinconnect_url="http://option.test")
    assert (settings.ctgov_url, settings.clinconnect_url) == ("http://mirror.test", "http://option.test")


def test_async_client_retries_like_the_sync_one() -> None:
    handler = replies(httpx.Response(429, headers={"Retry-After": "3"}), OK)
    waited: list[float] = []

    async def record(delay: float) -> None:
        waited.append(delay)

    async def run() -> int:
        async with build_async_client(Settings(min_interval=0), "ctgov", transport=httpx.MockTransport(handler),
                                      sleep=record, timing=Timing(jitter=lambda d: d)) as client:
            return (await client.get("/x")).status_code

    assert asyncio.run(run()) == 200
    assert waited == [3.0]


def refused_counting(attempts: list[httpx.Request]):
    def refused(request: httpx.Request) -> httpx.Response:
        attempts.append(request)
        raise httpx.ConnectError("[Errno 111] Connection refused", request=request)
    return refused


def test_an_unreachable_host_is_tried_twice_at_most(make_client) -> None:
    attempts: list[httpx.Request] = []
    with pytest.raises(UpstreamError, match="Connection refused"):
        get(make_client(refused_counting(attempts), max_attempts=5), "/x")
    assert len(attempts) == 2


def test_an_unreachable_host_is_down_for_the_rest_of_the_run(make_client) -> None:
    attempts: list[httpx.Request] = []
    client = make_client(refused_counting(attempts), max_attempts=5)
    with pytest.raises(UpstreamError):
        get(client, "/x")
    with pytest.raises(HostUnavailable, match="not asking .* again in this run: unreachable"):
        get(client, "/y")
    assert len(attempts) == 2
