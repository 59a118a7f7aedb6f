"""Bounds on what one request may cost, against hostile servers on loopback: decoded size, time, connections.

Time is never measured: a test counts the attempts a server saw, or the memory Python allocated.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
import time
import tracemalloc
import zlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

import httpx
import pytest

from scraper.errors import HostUnavailable, RateLimited, RedirectRefused, ResponseTooLarge, UpstreamError
from scraper.http import RetryPolicy, aget, build_async_client, build_client, get
from scraper.settings import Settings

if TYPE_CHECKING:
    from conftest import LoopbackServer

MiB = 1024 * 1024


def gzip_bomb(inflated: int) -> bytes:
    """`inflated` zero bytes gzipped (about a thousandth of that on the wire), built without holding them."""
    deflate = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    block = bytes(MiB)
    return b"".join(deflate.compress(block) for _ in range(inflated // MiB)) + deflate.flush()


def peak_allocated(action) -> int:
    """The most memory Python held (all threads) while `action` ran."""
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def settings(server: LoopbackServer, **overrides: object) -> Settings:
    return Settings(**{"ctgov_url": server.url, "min_interval": 0.0, "backoff_base": 0.0,  # type: ignore[arg-type]
                       "max_attempts": 2, **overrides})


def test_a_gzip_bomb_is_refused_before_it_inflates_far_past_the_cap(server: LoopbackServer, reply) -> None:
    bomb = gzip_bomb(200 * MiB)
    server.route("/bomb", reply(headers={"Content-Encoding": "gzip", "Content-Type": "application/json"}, body=bomb))

    def fetch() -> None:
        with build_client(settings(server, max_bytes=MiB), "ctgov") as client, \
                pytest.raises(ResponseTooLarge, match=f"{MiB}-byte cap"):
            get(client, "/bomb")

    assert peak_allocated(fetch) < 40 * MiB


def test_a_gzip_bomb_in_batch_is_bounded_on_every_connection(server: LoopbackServer, reply) -> None:
    bomb = gzip_bomb(100 * MiB)
    for number in range(3):
        server.route(f"/bomb{number}", reply(headers={"Content-Encoding": "gzip"}, body=bomb))

    async def fetch_all() -> list[BaseException | object]:
        async with build_async_client(settings(server, max_bytes=MiB), "ctgov", connections=3) as client:
            return await asyncio.gather(*(aget(client, f"/bomb{n}") for n in range(3)), return_exceptions=True)

    outcomes: list[BaseException | object] = []
    assert peak_allocated(lambda: outcomes.extend(asyncio.run(fetch_all()))) < 60 * MiB
    assert all(isinstance(outcome, ResponseTooLarge) for outcome in outcomes)


def test_a_compressed_body_under_the_cap_arrives_decoded(server: LoopbackServer, reply) -> None:
    body = b'{"studies": []}' * 1000
    server.route("/small", reply(headers={"Content-Encoding": "gzip"}, body=zlib.compress(body, wbits=31)))
    with build_client(settings(server), "ctgov") as client:
        assert get(client, "/small").body == body


def test_an_encoding_trialwatch_did_not_ask_for_is_an_upstream_error(server: LoopbackServer, reply) -> None:
    server.route("/br", reply(headers={"Content-Encoding": "br"}, body=b"\x0b\x02\x80{}\x03"))
    with build_client(settings(server), "ctgov") as client, pytest.raises(UpstreamError, match="'br'"):
        get(client, "/br")


@contextlib.contextmanager
def dripping_server(part: str) -> Iterator[tuple[str, list[int]]]:
    """A server that sends its headers (`part="headers"`) or its body one byte every 0.1 s, for up to 60 s.

    Yields its URL and a list that grows by one per connection accepted."""
    listener = socket.create_server(("127.0.0.1", 0))
    connections: list[int] = []
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n"

    def drip(client: socket.socket) -> None:
        with client, contextlib.suppress(OSError):
            client.recv(65536)
            if part == "body":
                client.sendall(head)
            for byte in (head if part == "headers" else b" " * 1000)[:600]:
                client.sendall(bytes([byte]))
                time.sleep(0.1)

    def serve() -> None:
        with contextlib.suppress(OSError):
            while True:
                client, _ = listener.accept()
                connections.append(1)
                threading.Thread(target=drip, args=(client,), daemon=True).start()

    threading.Thread(target=serve, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}", connections
    finally:
        listener.close()


@pytest.mark.parametrize("part", ["headers", "body"])
def test_a_server_dripping_bytes_is_cut_off_at_the_deadline_of_each_attempt(part: str) -> None:
    with dripping_server(part) as (url, connections), \
            build_client(Settings(ctgov_url=url, min_interval=0, backoff_base=0, max_attempts=2, read_timeout=5,
                                  request_deadline=0.5), "ctgov") as client, \
            pytest.raises(UpstreamError, match="0.5-second deadline"):
        get(client, "/drip")
    assert len(connections) == 2


def test_the_async_client_keeps_the_same_deadline() -> None:
    async def fetch(url: str) -> None:
        async with build_async_client(Settings(ctgov_url=url, min_interval=0, backoff_base=0, max_attempts=1,
                                               request_deadline=0.5), "ctgov") as client:
            await aget(client, "/drip")

    with dripping_server("body") as (url, connections), pytest.raises(UpstreamError, match="deadline"):
        asyncio.run(fetch(url))
    assert len(connections) == 1


def test_the_deadline_is_a_documented_setting_that_must_be_positive() -> None:
    assert Settings.from_env({"TRIALWATCH_REQUEST_DEADLINE": "45"}).request_deadline == 45.0
    with pytest.raises(ValueError, match="request_deadline"):
        Settings.from_env({"TRIALWATCH_REQUEST_DEADLINE": "0"})


@pytest.mark.parametrize("value", ["²", "١٢", "1.5", "-3", "0x10", "soon", "Mon, 99 Foo 2024 25:61:61 GMT", "\u00a0"])
def test_a_retry_after_that_is_not_ascii_seconds_or_an_http_date_falls_back_to_backoff(make_client, sleeps,
                                                                                     value: str) -> None:
    answers = iter([httpx.Response(429, headers=[(b"Retry-After", value.encode())]),  # as sent: UTF-8 bytes
                    httpx.Response(200, content=b"{}")])
    assert get(make_client(lambda request: next(answers)), "/x").status == 200
    assert sleeps == [1.0]


def test_a_retry_after_of_absurdly_many_seconds_is_capped() -> None:
    policy = RetryPolicy(3, 1.0, 30.0, 60.0, 120.0, MiB)
    assert policy.delay(1, httpx.Response(429, headers={"Retry-After": "9" * 5000})) == 60.0


def test_a_declared_length_over_the_cap_frees_its_connection_for_the_next_request(server: LoopbackServer,
                                                                                  reply) -> None:
    server.route("/big", reply(body=b"{}", declared_length=10**9))
    server.route("/ok", reply(body=b'{"ok": true}'))

    async def fetch() -> bytes:
        async with build_async_client(settings(server, max_bytes=MiB, read_timeout=3), "ctgov",
                                      connections=1) as client:
            with pytest.raises(ResponseTooLarge, match="declares 1000000000 bytes"):
                await aget(client, "/big")
            return (await aget(client, "/ok")).body

    assert asyncio.run(fetch()) == b'{"ok": true}'


def test_a_redirect_to_another_host_is_refused_naming_where_it_led(server: LoopbackServer, reply) -> None:
    elsewhere = server.url.replace("127.0.0.1", "localhost") + "/other"
    server.route("/moved", reply(302, headers={"Location": elsewhere}, body=b""))
    with build_client(settings(server), "ctgov") as client, \
            pytest.raises(RedirectRefused, match="redirected to another host"):
        get(client, "/moved")
    assert server.paths() == ["/moved"]


def test_a_redirect_within_the_host_is_followed(server: LoopbackServer, reply) -> None:
    server.route("/moved", reply(301, headers={"Location": "/here"}, body=b""))
    server.route("/here", reply(body=b'{"ok": true}'))
    with build_client(settings(server), "ctgov") as client:
        assert get(client, "/moved").url == f"{server.url}/here"


def test_a_host_failing_again_and_again_is_not_asked_any_more(server: LoopbackServer, reply) -> None:
    server.route("/busy", reply(429))
    with build_client(settings(server, max_attempts=3, breaker_threshold=4), "ctgov") as client:
        with pytest.raises(RateLimited):
            get(client, "/busy")
        for _ in range(3):
            with pytest.raises(HostUnavailable, match=r"after 4 failed attempts in a row \(last: 429"):
                get(client, "/busy")
    assert len(server.paths()) == 4


def test_a_success_resets_the_count_of_failures_in_a_row(server: LoopbackServer, reply) -> None:
    server.route("/flaky", reply(503), reply(503), reply(body=b"{}"))
    with build_client(settings(server, max_attempts=3, breaker_threshold=3), "ctgov") as client:
        for _ in range(3):
            assert get(client, "/flaky").status == 200
            server.route("/flaky", reply(503), reply(503), reply(body=b"{}"))
