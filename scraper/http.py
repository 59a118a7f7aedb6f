"""One configured HTTP client for every source: polite, patient, bounded.

`build_client` and `build_async_client` return httpx clients whose transport adds what every request needs, so
no caller can forget it: a per-host rate limit, retries with exponential backoff and jitter on connect errors,
timeouts, 429 and 5xx (honouring a strictly read `Retry-After` up to a cap), a deadline for each attempt as a
whole (connect, headers and body: a server that drips one byte a second cannot hold a request forever), a size
cap on the *decoded* body enforced while it streams in and inflates, a run-wide circuit breaker per host, and
no redirect to another host. All of it is written once, in `PoliteTransport` (async); the sync client runs
that same transport on a private event-loop thread instead of keeping a twin of the retry loop. Sleep, clocks
and the transport are injectable so tests run against `httpx.MockTransport` without waiting.
"""

from __future__ import annotations

import asyncio
import random
import re
import threading
import time
import zlib
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from importlib.metadata import PackageNotFoundError, version
from typing import Any, Protocol, TypeVar

import httpx

from scraper.errors import (
    HostUnavailable,
    RateLimited,
    RedirectRefused,
    ResponseTooLarge,
    StudyNotFound,
    UpstreamError,
)
from scraper.records import FetchResult
from scraper.settings import Settings

PROJECT_URL = "https://github.com/trialwatch/trialwatch"

ACCEPT = {
    "ctgov": "application/json",
    "clinconnect": "text/html,application/xhtml+xml;q=0.9",
}
"""What each source is asked for; the key is also the source's name in the store and on the CLI."""

ACCEPT_ENCODING = "gzip, deflate"
"""Only the encodings `BodyReader` inflates under the cap (httpx would offer br/zstd when their packages exist)."""

BASE_URL_SETTING = {"ctgov": "ctgov_url", "clinconnect": "clinconnect_url"}

KEPT_HEADERS = ("etag", "last-modified", "content-type", "date")
"""Response headers worth storing: validators for conditional requests, the type, and the server's time."""

RETRYABLE_ERRORS: tuple[type[Exception], ...] = (httpx.TimeoutException, httpx.NetworkError,
                                                 httpx.RemoteProtocolError)

UNREACHABLE_ATTEMPTS = 2
"""Attempts at a host that cannot be reached at all (its name does not resolve, or it refuses the connection):
one retry for a blip, then the host is down for the run. Backing off five times per URL cost an offline
`track` half a minute, and a 2,000-trial batch hours, to say the same thing."""

STATUS_ERRORS: dict[int, type[Exception]] = {404: StudyNotFound, 410: StudyNotFound, 429: RateLimited}
"""Final statuses with their own error; any other non-2xx/304 is an `UpstreamError`."""

_DELTA_SECONDS = re.compile(r"[0-9]+")
"""`Retry-After` delta-seconds: ASCII digits only (`str.isdigit` also takes '²' and '١', which `float` refuses)."""

T = TypeVar("T")


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
    """Every bound on one request in one place: attempts, waits, the deadline of an attempt, the body's size."""

    max_attempts: int
    backoff_base: float
    backoff_max: float
    retry_after_cap: float
    deadline: float
    max_bytes: int
    timing: Timing = REAL_TIME

    def delay(self, attempt: int, response: httpx.Response | None) -> float:
        """Seconds to wait after failed `attempt` (1-based): the server's `Retry-After`, else backoff."""
        retry_after = self.retry_after(response) if response is not None else None
        if retry_after is not None:
            return min(retry_after, self.retry_after_cap)
        return self.timing.jitter(min(self.backoff_base * 2 ** (attempt - 1), self.backoff_max))

    def retry_after(self, response: httpx.Response) -> float | None:
        """`Retry-After` as seconds: ASCII delta-seconds or an HTTP-date; None (so: backoff) for anything else."""
        value = response.headers.get("retry-after", "").strip()
        if _DELTA_SECONDS.fullmatch(value):
            return float(value)
        if not value.isascii():
            return None
        try:
            when = parsedate_to_datetime(value)
            if when.tzinfo is None:  # "-0000" means UTC with no zone named
                when = when.replace(tzinfo=UTC)
            return max(0.0, (when - self.timing.now()).total_seconds())
        except (TypeError, ValueError, IndexError, OverflowError):
            return None

    def should_retry(self, attempt: int) -> bool:
        return attempt < self.max_attempts


class Limiter(Protocol):
    """Decides the per-host pace: `RateLimiter` within a process, `scraper.ratelimit.RedisRateLimiter` across
    processes and machines."""

    def reserve(self, host: str) -> float:
        """Book the next free slot for a request to `host`; how many seconds to wait for it."""
        ...


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


class CircuitBreaker:
    """Stops asking a host for the rest of the run after `threshold` failed attempts in a row (429, 5xx, timeouts),
    or at once when the host cannot be reached at all (`mark_down`).

    A server that answers 429 to everything is asking for fewer requests: retrying each request, and then each
    trial alone, would send it more. Any success resets the count; once open, the breaker stays open for the run.
    """

    def __init__(self, threshold: int) -> None:
        self.threshold = threshold
        self._failures: dict[str, int] = {}
        self._last: dict[str, str] = {}
        self._down: dict[str, str] = {}
        self._lock = threading.Lock()

    def check(self, host: str) -> None:
        """Raise `HostUnavailable` when the breaker for `host` is open."""
        with self._lock:
            if host in self._down:
                raise HostUnavailable(f"not asking {host} again in this run: {self._down[host]}")
            if self._failures.get(host, 0) >= self.threshold:
                raise HostUnavailable(f"stopped asking {host} after {self._failures[host]} failed attempts in a "
                                      f"row (last: {self._last[host]})")

    def failed(self, host: str, why: str) -> None:
        with self._lock:
            self._failures[host] = self._failures.get(host, 0) + 1
            self._last[host] = why

    def mark_down(self, host: str, why: str) -> None:
        """Open the breaker for `host` now: every later request to it fails at once, without a connection."""
        with self._lock:
            self._down[host] = why

    def succeeded(self, host: str) -> None:
        with self._lock:
            if self._failures.get(host, 0) < self.threshold:
                self._failures[host] = 0


class BodyReader:
    """Collects a body as it streams in, inflating it chunk by chunk and never past `max_bytes` decoded.

    A gzip bomb is a small body on the wire: capping the wire bytes is not enough, and inflating a whole chunk
    at once can take gigabytes before any check runs. `zlib`'s `max_length` bounds every step instead.
    """

    _ENCODINGS = ("gzip", "x-gzip", "deflate")

    def __init__(self, response: httpx.Response, max_bytes: int, url: httpx.URL) -> None:
        self.max_bytes, self.url = max_bytes, url
        declared = response.headers.get("content-length", "")
        if declared.isascii() and declared.isdigit() and int(declared) > max_bytes:
            raise ResponseTooLarge(f"response from {redact(url)} declares {declared} bytes, "
                                   f"over the {max_bytes}-byte cap")
        encoding = response.headers.get("content-encoding", "identity").strip().lower() or "identity"
        if encoding not in ("identity", *self._ENCODINGS):
            raise UpstreamError(f"{redact(url)} sent Content-Encoding {encoding!r:.40}, which trialwatch does not "
                                f"read (it asks for {ACCEPT_ENCODING})")
        self._inflate = zlib.decompressobj(zlib.MAX_WBITS | 32) if encoding != "identity" else None  # gzip or zlib
        self._body = bytearray()
        self._wire = 0

    def feed(self, chunk: bytes) -> None:
        self._wire += len(chunk)
        if self._wire > self.max_bytes:
            self._too_large()
        if self._inflate is None:
            self._append(chunk)
            return
        try:
            while chunk:
                self._append(self._inflate.decompress(chunk, self.max_bytes - len(self._body) + 1))
                chunk = self._inflate.unconsumed_tail
        except zlib.error as error:
            raise httpx.DecodingError(f"cannot inflate the body from {redact(self.url)}: {error}") from None

    def _append(self, data: bytes) -> None:
        self._body += data
        if len(self._body) > self.max_bytes:
            self._too_large()

    def _too_large(self) -> None:
        raise ResponseTooLarge(f"response from {redact(self.url)} is larger than the {self.max_bytes}-byte cap")

    def response(self, response: httpx.Response) -> httpx.Response:
        """The response as the client sees it: the decoded body, no longer marked as encoded."""
        headers = httpx.Headers(response.headers)
        for name in ("content-encoding", "content-length", "transfer-encoding"):
            headers.pop(name, None)
        return httpx.Response(response.status_code, headers=headers, content=bytes(self._body),
                              extensions=response.extensions)


async def _chunks(response: httpx.Response) -> AsyncIterator[bytes]:
    """The raw body, from an async stream (the network) or a sync one (a `MockTransport` handler's)."""
    if isinstance(response.stream, httpx.AsyncByteStream):
        async for chunk in response.stream:
            yield chunk
    else:
        for chunk in response.stream:
            yield chunk


async def _close(response: httpx.Response) -> None:
    if isinstance(response.stream, httpx.AsyncByteStream):
        await response.aclose()
    else:
        response.close()


def _identified(request: httpx.Request) -> httpx.Request:
    """Our User-Agent on every request: a caller's blank or missing one cannot send an anonymous request."""
    if not request.headers.get("user-agent", "").strip():
        request.headers["User-Agent"] = user_agent()
    return request


def _refuse_cross_host_redirect(request: httpx.Request, response: httpx.Response) -> None:
    """A redirect elsewhere would make the body come from a host nobody configured, recorded as if it had not."""
    location = response.headers.get("location")
    if not (response.is_redirect and location):
        return
    try:
        target = request.url.join(location)
    except httpx.InvalidURL:
        return  # httpx itself refuses to follow it
    if (target.host, target.port) != (request.url.host, request.url.port):
        raise RedirectRefused(f"{redact(request.url)} redirected to another host ({redact(target):.200}); "
                              "refused: trialwatch follows redirects only within the configured host")


def redact(url: object) -> str:
    """`url` without user name or password, for messages and the store: credentials never reach a log."""
    parsed = url if isinstance(url, httpx.URL) else httpx.URL(str(url))
    return str(parsed.copy_with(userinfo=b"")) if parsed.userinfo else str(parsed)


class PoliteTransport(httpx.AsyncBaseTransport):
    """Wraps a transport with the User-Agent, breaker, rate limit, retry loop, deadline and decoded-size cap."""

    def __init__(self, inner: httpx.AsyncBaseTransport, policy: RetryPolicy, limiter: Limiter,
                 breaker: CircuitBreaker, sleep: Callable[[float], Awaitable[None]]) -> None:
        self.inner, self.policy, self.limiter, self.breaker, self.sleep = inner, policy, limiter, breaker, sleep

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        _identified(request)
        host = request.url.netloc.decode("ascii", "replace")
        attempt = 0
        while True:
            attempt += 1
            self.breaker.check(host)
            if wait := self.limiter.reserve(host):
                await self.sleep(wait)
            error: Exception | None = None
            response: httpx.Response | None = None
            unreachable: httpx.ConnectError | None = None
            try:
                async with asyncio.timeout(self.policy.deadline):
                    response = await self._attempt(request)
            except TimeoutError:
                failure = f"no complete answer within the {self.policy.deadline:g}-second deadline"
                error = UpstreamError(f"{redact(request.url)}: {failure} ({attempt} attempt(s))")
            except httpx.ConnectError as exc:  # no such name, or nothing listening: the host is not there
                failure, error, unreachable = f"unreachable ({type(exc).__name__}: {exc})", exc, exc
            except RETRYABLE_ERRORS as exc:
                failure, error = type(exc).__name__, exc
            else:
                if not is_retryable_status(response.status_code):
                    self.breaker.succeeded(host)
                    return response
                failure = f"{response.status_code} {response.reason_phrase}".rstrip()
            self.breaker.failed(host, failure)
            if unreachable is not None and attempt >= UNREACHABLE_ATTEMPTS:
                self.breaker.mark_down(host, failure)
                raise unreachable
            if not self.policy.should_retry(attempt):
                if error is not None:
                    raise error
                assert response is not None
                return response  # the caller turns the final 429/5xx into its typed error
            self.breaker.check(host)  # opened by this failure: stop retrying too
            await self.sleep(self.policy.delay(attempt, response))

    async def _attempt(self, request: httpx.Request) -> httpx.Response:
        """One request on the wire, its body read whole (so a body cut off mid-way is retried too)."""
        response = await self.inner.handle_async_request(request)
        try:
            _refuse_cross_host_redirect(request, response)
            reader = BodyReader(response, self.policy.max_bytes, request.url)
            async for chunk in _chunks(response):
                reader.feed(chunk)
        finally:
            await _close(response)  # also when a check refused it: an unread response would hold its connection
        return reader.response(response)

    async def aclose(self) -> None:
        await self.inner.aclose()


class _LoopThread:
    """A private event loop on a daemon thread, where a sync client's requests run through `PoliteTransport`."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="trialwatch-http", daemon=True)
        self.thread.start()

    def call(self, coroutine: Coroutine[Any, Any, T]) -> T:
        future = asyncio.run_coroutine_threadsafe(coroutine, self.loop)
        try:
            return future.result()
        except BaseException:  # Ctrl-C while waiting: the request must not go on without us
            future.cancel()
            raise

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join()
        self.loop.close()


class BlockingTransport(httpx.BaseTransport):
    """The sync face of a `PoliteTransport`: one implementation of every bound serves both kinds of client."""

    def __init__(self, polite: PoliteTransport) -> None:
        self.polite = polite
        self._thread = _LoopThread()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self._thread.call(self.polite.handle_async_request(request))

    def close(self) -> None:
        try:
            self._thread.call(self.polite.aclose())
        finally:
            self._thread.stop()


class Client(httpx.Client):
    """An `httpx.Client` that knows its clock (for `FetchResult.fetched_at`) and its host's circuit breaker."""

    def __init__(self, *, timing: Timing, breaker: CircuitBreaker, **options: Any) -> None:
        super().__init__(**options)
        self.timing, self.breaker = timing, breaker


class AsyncClient(httpx.AsyncClient):
    """The async twin of `Client`."""

    def __init__(self, *, timing: Timing, breaker: CircuitBreaker, **options: Any) -> None:
        super().__init__(**options)
        self.timing, self.breaker = timing, breaker


def _client_options(settings: Settings, source: str, timing: Timing, breaker: CircuitBreaker) -> dict[str, Any]:
    return {
        "timing": timing,
        "breaker": breaker,
        "base_url": getattr(settings, BASE_URL_SETTING[source]),
        "headers": {"User-Agent": user_agent(), "Accept": ACCEPT[source], "Accept-Encoding": ACCEPT_ENCODING},
        "timeout": httpx.Timeout(settings.read_timeout, connect=settings.connect_timeout),
        "follow_redirects": True,
    }


def _polite(settings: Settings, inner: httpx.AsyncBaseTransport, timing: Timing, breaker: CircuitBreaker | None,
            sleep: Callable[[float], Awaitable[None]], limiter: Limiter | None = None) -> PoliteTransport:
    policy = RetryPolicy(settings.max_attempts, settings.backoff_base, settings.backoff_max,
                         settings.retry_after_cap, settings.request_deadline, settings.max_bytes, timing)
    return PoliteTransport(inner, policy, limiter or RateLimiter(settings.min_interval, timing.monotonic),
                           breaker or CircuitBreaker(settings.breaker_threshold), sleep)


def build_client(settings: Settings, source: str, *, transport: httpx.AsyncBaseTransport | None = None,
                 sleep: Callable[[float], None] | None = None, timing: Timing = REAL_TIME,
                 breaker: CircuitBreaker | None = None) -> Client:
    """The one way to get a client for `source` ("ctgov" or "clinconnect"): base URL, Accept, UA, limits.

    `breaker` may be shared with another client of the same run, so a host that stopped answering one of them
    is not asked again by the other.
    """
    async def slept(delay: float) -> None:
        if sleep is None:
            await asyncio.sleep(delay)
        else:
            sleep(delay)

    polite = _polite(settings, transport or httpx.AsyncHTTPTransport(), timing, breaker, slept)
    return Client(transport=BlockingTransport(polite), **_client_options(settings, source, timing, polite.breaker))


def build_async_client(settings: Settings, source: str, *, transport: httpx.AsyncBaseTransport | None = None,
                       sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
                       timing: Timing = REAL_TIME, connections: int = 4,
                       breaker: CircuitBreaker | None = None, limiter: Limiter | None = None) -> AsyncClient:
    """The async twin of `build_client`, configured identically, with at most `connections` open at once.

    All requests of the client share one rate limiter, so many tasks in flight still keep the per-host pace;
    `limiter` shares it with other processes too (distributed workers).
    """
    if connections < 1:
        raise ValueError(f"connections must be >= 1, got {connections}")
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    polite = _polite(settings, transport or httpx.AsyncHTTPTransport(limits=limits), timing, breaker, sleep, limiter)
    return AsyncClient(transport=polite, limits=limits,
                       **_client_options(settings, source, timing, polite.breaker))


def conditional_headers(etag: str | None, last_modified: str | None) -> dict[str, str]:
    """Validators from an earlier fetch, so an unchanged resource costs a 304 and no body."""
    pairs = {"If-None-Match": etag, "If-Modified-Since": last_modified}
    return {name: value for name, value in pairs.items() if value}


def get(client: Client, path: str, *, etag: str | None = None, last_modified: str | None = None) -> FetchResult:
    """GET `path` and return a 2xx or 304 as a `FetchResult`; any other outcome raises a `FetchError`.

    The transport hands back the body already read, decoded and checked against every bound."""
    try:
        response = client.get(path, headers=conditional_headers(etag, last_modified))
    except httpx.HTTPError as exc:
        raise _transport_error(exc, client.base_url.join(path)) from None
    return _result(response, client.timing)


async def aget(client: AsyncClient, path: str) -> FetchResult:
    """The async twin of `get` (no validators: batch refreshes compare body hashes instead)."""
    try:
        response = await client.get(path)
    except httpx.HTTPError as exc:
        raise _transport_error(exc, client.base_url.join(path)) from None
    return _result(response, client.timing)


def _result(response: httpx.Response, timing: Timing) -> FetchResult:
    """A 2xx or 304 as stored (URL without credentials, only the headers that matter); else its typed error."""
    if not (response.is_success or response.status_code == 304):
        error = STATUS_ERRORS.get(response.status_code, UpstreamError)
        raise error(f"{redact(response.url)} answered {response.status_code} {response.reason_phrase}".rstrip())
    return FetchResult(
        url=redact(response.url),
        status=response.status_code,
        headers={name: response.headers[name] for name in KEPT_HEADERS if name in response.headers},
        body=response.content,
        fetched_at=timing.now(),
    )


def _transport_error(exc: httpx.HTTPError, url: httpx.URL) -> UpstreamError:
    if isinstance(exc, httpx.TimeoutException):
        return UpstreamError(f"timed out fetching {redact(url)} ({type(exc).__name__})")
    return UpstreamError(f"could not fetch {redact(url)}: {type(exc).__name__}: {exc}")
