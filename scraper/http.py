"""One configured HTTP client for every source: polite, patient, bounded.

`build_client` returns an `httpx.Client` whose transport adds what every request needs, so no caller
can forget it: a per-host rate limit, retries with exponential backoff and jitter on connect errors, timeouts,
429 and 5xx (honouring `Retry-After` up to a cap), and a response-size cap enforced while the body streams in.
The transport reads the whole body inside the retry loop, so a body cut off mid-way is retried too.
`get` turns a response into a `FetchResult` or a typed error. Sleep, clocks and the transport are injectable
so tests run against `httpx.MockTransport` without waiting.
"""

from __future__ import annotations

import asyncio
import random
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from importlib.metadata import PackageNotFoundError, version

import httpx

from scraper.errors import RateLimited, ResponseTooLarge, StudyNotFound, UpstreamError
from scraper.settings import Settings

PROJECT_URL = "https://github.com/trialwatch/trialwatch"

ACCEPT = {
    "ctgov": "application/json",
    "clinconnect": "text/html,application/xhtml+xml;q=0.9",
}
"""What each source is asked for; the key is also the source's name in the store and on the CLI."""

BASE_URL_SETTING = {"ctgov": "ctgov_url", "clinconnect": "clinconnect_url"}

KEPT_HEADERS = ("etag", "last-modified", "content-type", "date")
"""Response headers worth storing: validators for conditional requests, the type, and the server's time."""

RETRYABLE_ERRORS: tuple[type[Exception], ...] = (httpx.TimeoutException, httpx.NetworkError,
                                                 httpx.RemoteProtocolError)

STATUS_ERRORS: dict[int, type[Exception]] = {404: StudyNotFound, 410: StudyNotFound, 429: RateLimited}
"""Final statuses with their own error; any other non-2xx/304 is an `UpstreamError`."""


def user_agent() -> str:
    """Name the tool, its version and where to reach its authors, as polite crawlers do."""
    try:
        tool_version = version("trialwatch")
    except PackageNotFoundError:  # running from a source tree that was never installed
        tool_version = "0+source"
    return f"trialwatch/{tool_version} (+{PROJECT_URL})"


def is_retryable_status(status: int) -> bool:
    """429 and every 5xx may succeed later; other statuses are the answer."""
    return status == 429 or status >= 500


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _equal_jitter(delay: float) -> float:
    """Half fixed, half random: clients that failed together do not all come back at the same instant."""
    return random.uniform(delay / 2, delay)


@dataclass(frozen=True)
class Timing:
    """Where a client gets time and randomness from; tests replace these to run without waiting."""

    monotonic: Callable[[], float] = time.monotonic
    now: Callable[[], datetime] = _utcnow
    jitter: Callable[[float], float] = _equal_jitter


REAL_TIME = Timing()


@dataclass(frozen=True)
class RetryPolicy:
    """Decides how long to wait before the next attempt; pure apart from `timing`."""

    max_attempts: int
    backoff_base: float
    backoff_max: float
    retry_after_cap: float
    timing: Timing = REAL_TIME

    def delay(self, attempt: int, response: httpx.Response | None) -> float:
        """Seconds to wait after failed `attempt` (1-based): the server's `Retry-After`, else backoff."""
        retry_after = self.retry_after(response) if response is not None else None
        if retry_after is not None:
            return min(retry_after, self.retry_after_cap)
        return self.timing.jitter(min(self.backoff_base * 2 ** (attempt - 1), self.backoff_max))

    def retry_after(self, response: httpx.Response) -> float | None:
        """`Retry-After` as seconds (it may be delta-seconds or an HTTP-date); None when absent or unreadable."""
        value = response.headers.get("retry-after", "").strip()
        if value.isdigit():
            return float(value)
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:  # "-0000" means UTC with no zone named
            when = when.replace(tzinfo=UTC)
        return max(0.0, (when - self.timing.now()).total_seconds())

    def should_retry(self, attempt: int) -> bool:
        return attempt < self.max_attempts


class RateLimiter:
    """At most one request per `min_interval` seconds per host, shared by threads and tasks.

    `reserve` books the next free slot and returns how long to wait for it; booking before waiting keeps
    concurrent callers from taking the same slot.
    """

    def __init__(self, min_interval: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.min_interval = min_interval
        self._clock = clock
        self._next_slot: dict[str, float] = {}
        self._lock = threading.Lock()

    def reserve(self, host: str) -> float:
        with self._lock:
            now = self._clock()
            slot = max(now, self._next_slot.get(host, now))
            self._next_slot[host] = slot + self.min_interval
            return slot - now


def read_capped(chunks: Iterable[bytes], max_bytes: int, url: object) -> bytes:
    """Join `chunks`, stopping as soon as they pass `max_bytes` so an endless body never fills memory."""
    body = bytearray()
    for chunk in chunks:
        body += chunk
        if len(body) > max_bytes:
            raise ResponseTooLarge(f"response from {redact(url)} is larger than the {max_bytes}-byte cap")
    return bytes(body)


async def aread_capped(chunks: AsyncIterator[bytes], max_bytes: int, url: object) -> bytes:
    """The async twin of `read_capped`."""
    body = bytearray()
    async for chunk in chunks:
        body += chunk
        if len(body) > max_bytes:
            raise ResponseTooLarge(f"response from {redact(url)} is larger than the {max_bytes}-byte cap")
    return bytes(body)


def _check_declared_size(response: httpx.Response, max_bytes: int, url: object) -> None:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise ResponseTooLarge(f"response from {redact(url)} declares {declared} bytes, "
                               f"over the {max_bytes}-byte cap")


def _buffered(response: httpx.Response, body: bytes) -> httpx.Response:
    return httpx.Response(response.status_code, headers=response.headers, content=body,
                          extensions=response.extensions)


def _identified(request: httpx.Request) -> httpx.Request:
    """Our User-Agent on every request: a caller's blank or missing one cannot send an anonymous request."""
    if not request.headers.get("user-agent", "").strip():
        request.headers["User-Agent"] = user_agent()
    return request


def redact(url: object) -> str:
    """`url` without user name or password, for messages and the store: credentials never reach a log."""
    parsed = url if isinstance(url, httpx.URL) else httpx.URL(str(url))
    return str(parsed.copy_with(userinfo=b"")) if parsed.userinfo else str(parsed)


class PoliteTransport(httpx.BaseTransport):
    """Wraps a transport with the User-Agent, the rate limit, the retry loop and the raw-size cap."""

    def __init__(self, inner: httpx.BaseTransport, policy: RetryPolicy, limiter: RateLimiter,
                 max_bytes: int, sleep: Callable[[float], None]) -> None:
        self.inner, self.policy, self.limiter, self.max_bytes, self.sleep = inner, policy, limiter, max_bytes, sleep

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        _identified(request)
        attempt = 0
        while True:
            attempt += 1
            if wait := self.limiter.reserve(request.url.host):
                self.sleep(wait)
            try:
                response = self.inner.handle_request(request)
                _check_declared_size(response, self.max_bytes, request.url)
                try:
                    body = read_capped(response.stream, self.max_bytes, request.url)  # type: ignore[arg-type]
                finally:
                    response.close()
            except RETRYABLE_ERRORS:
                if not self.policy.should_retry(attempt):
                    raise
                self.sleep(self.policy.delay(attempt, None))
                continue
            if is_retryable_status(response.status_code) and self.policy.should_retry(attempt):
                self.sleep(self.policy.delay(attempt, response))
                continue
            return _buffered(response, body)

    def close(self) -> None:
        self.inner.close()


class AsyncPoliteTransport(httpx.AsyncBaseTransport):
    """The async twin of `PoliteTransport`, for batch fetches with many requests in flight."""

    def __init__(self, inner: httpx.AsyncBaseTransport, policy: RetryPolicy, limiter: RateLimiter,
                 max_bytes: int, sleep: Callable[[float], Awaitable[None]]) -> None:
        self.inner, self.policy, self.limiter, self.max_bytes, self.sleep = inner, policy, limiter, max_bytes, sleep

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        _identified(request)
        attempt = 0
        while True:
            attempt += 1
            if wait := self.limiter.reserve(request.url.host):
                await self.sleep(wait)
            try:
                response = await self.inner.handle_async_request(request)
                _check_declared_size(response, self.max_bytes, request.url)
                try:
                    body = await aread_capped(aiter(response.stream), self.max_bytes,  # type: ignore[arg-type]
                                              request.url)
                finally:
                    await response.aclose()
            except RETRYABLE_ERRORS:
                if not self.policy.should_retry(attempt):
                    raise
                await self.sleep(self.policy.delay(attempt, None))
                continue
            if is_retryable_status(response.status_code) and self.policy.should_retry(attempt):
                await self.sleep(self.policy.delay(attempt, response))
                continue
            return _buffered(response, body)

    async def aclose(self) -> None:
        await self.inner.aclose()


class Client(httpx.Client):
    """An `httpx.Client` that knows its size cap, so `get` can also bound the body as it is decompressed."""

    def __init__(self, *, max_bytes: int, timing: Timing, **options: object) -> None:
        super().__init__(**options)  # type: ignore[arg-type]
        self.max_bytes = max_bytes
        self.timing = timing


class AsyncClient(httpx.AsyncClient):
    """The async twin of `Client`."""

    def __init__(self, *, max_bytes: int, timing: Timing, **options: object) -> None:
        super().__init__(**options)  # type: ignore[arg-type]
        self.max_bytes = max_bytes
        self.timing = timing


def _client_options(settings: Settings, source: str, timing: Timing) -> dict[str, object]:
    return {
        "timing": timing,
        "base_url": getattr(settings, BASE_URL_SETTING[source]),
        "headers": {"User-Agent": user_agent(), "Accept": ACCEPT[source]},
        "timeout": httpx.Timeout(settings.read_timeout, connect=settings.connect_timeout),
        "follow_redirects": True,
        "max_bytes": settings.max_bytes,
    }


def _policy(settings: Settings, timing: Timing) -> RetryPolicy:
    return RetryPolicy(settings.max_attempts, settings.backoff_base, settings.backoff_max,
                       settings.retry_after_cap, timing)


def build_client(settings: Settings, source: str, *, transport: httpx.BaseTransport | None = None,
                 sleep: Callable[[float], None] = time.sleep, timing: Timing = REAL_TIME) -> Client:
    """The one way to get a client for `source` ("ctgov" or "clinconnect"): base URL, Accept, UA, limits."""
    polite = PoliteTransport(transport or httpx.HTTPTransport(), _policy(settings, timing),
                             RateLimiter(settings.min_interval, timing.monotonic), settings.max_bytes, sleep)
    return Client(transport=polite, **_client_options(settings, source, timing))


def build_async_client(settings: Settings, source: str, *, transport: httpx.AsyncBaseTransport | None = None,
                       sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
                       timing: Timing = REAL_TIME, connections: int = 4) -> AsyncClient:
    """The async twin of `build_client`, configured identically, with at most `connections` open at once.

    All requests of the client share one rate limiter, so many tasks in flight still keep the per-host pace.
    """
    if connections < 1:
        raise ValueError(f"connections must be >= 1, got {connections}")
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    polite = AsyncPoliteTransport(transport or httpx.AsyncHTTPTransport(limits=limits), _policy(settings, timing),
                                  RateLimiter(settings.min_interval, timing.monotonic), settings.max_bytes, sleep)
    return AsyncClient(transport=polite, limits=limits, **_client_options(settings, source, timing))


@dataclass(frozen=True)
class FetchResult:
    """One response as stored: what was asked, what came back, and when."""

    url: str
    status: int
    headers: dict[str, str]
    body: bytes
    fetched_at: datetime

    @property
    def unchanged(self) -> bool:
        """True when a conditional request was answered 304: the stored body is still current."""
        return self.status == 304

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


def conditional_headers(etag: str | None, last_modified: str | None) -> dict[str, str]:
    """Validators from an earlier fetch, so an unchanged resource costs a 304 and no body."""
    pairs = {"If-None-Match": etag, "If-Modified-Since": last_modified}
    return {name: value for name, value in pairs.items() if value}


def get(client: Client, path: str, *, etag: str | None = None, last_modified: str | None = None) -> FetchResult:
    """GET `path` and return a 2xx or 304 as a `FetchResult`; any other outcome raises a `FetchError`."""
    try:
        with client.stream("GET", path, headers=conditional_headers(etag, last_modified)) as response:
            body = read_capped(response.iter_bytes(), client.max_bytes, response.url)
    except httpx.HTTPError as exc:
        raise _transport_error(exc, client.base_url.join(path)) from None
    return _result(response, body, client.timing)


async def aget(client: AsyncClient, path: str) -> FetchResult:
    """The async twin of `get` (no validators: batch refreshes compare body hashes instead)."""
    try:
        async with client.stream("GET", path) as response:
            body = await aread_capped(response.aiter_bytes(), client.max_bytes, response.url)
    except httpx.HTTPError as exc:
        raise _transport_error(exc, client.base_url.join(path)) from None
    return _result(response, body, client.timing)


def _result(response: httpx.Response, body: bytes, timing: Timing) -> FetchResult:
    """A 2xx or 304 as stored (URL without credentials, only the headers that matter); else its typed error."""
    if not (response.is_success or response.status_code == 304):
        error = STATUS_ERRORS.get(response.status_code, UpstreamError)
        raise error(f"{redact(response.url)} answered {response.status_code} {response.reason_phrase}".rstrip())
    return FetchResult(
        url=redact(response.url),
        status=response.status_code,
        headers={name: response.headers[name] for name in KEPT_HEADERS if name in response.headers},
        body=body,
        fetched_at=timing.now(),
    )


def _transport_error(exc: httpx.HTTPError, url: httpx.URL) -> UpstreamError:
    if isinstance(exc, httpx.TimeoutException):
        return UpstreamError(f"timed out fetching {redact(url)} ({type(exc).__name__})")
    return UpstreamError(f"could not fetch {redact(url)}: {type(exc).__name__}: {exc}")
