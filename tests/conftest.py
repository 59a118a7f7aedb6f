"""Shared fixtures: clients on `httpx.MockTransport` with a recorded sleep, a loopback HTTP server, cassettes.

Helpers are reached through fixtures, never `from conftest import`: `tests/criteria/` has a conftest too.
No test reaches the network: mocks answer in-process, the loopback server listens on 127.0.0.1 only, and
cassettes replay with `record_mode="none"` (an unrecorded request fails the test).

The store tests run once per backend (`store_location`): a SQLite file, and a fresh database on the PostgreSQL
server `TRIALWATCH_TEST_POSTGRES` names (`scripts/with-postgres` starts one and sets it). Those cases carry
the `postgres` marker; without the variable they are not skipped: the run stops with a usage error, unless
they were deselected explicitly with `-m "not postgres"`.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
import vcr

from scraper.http import Client, Timing, build_client
from scraper.settings import Settings
from scraper.store import Store
from scraper.stores import open_store
from throwaway_postgres import new_database

CASSETTES = Path(__file__).parent / "cassettes"
FIXTURES = Path(__file__).parent / "fixtures"

FAST = {"min_interval": 0.0, "backoff_base": 1.0, "backoff_max": 30.0, "retry_after_cap": 60.0, "max_attempts": 3}
"""Test settings: the rate limit off on purpose (sleeps are recorded, not slept)."""

NO_JITTER = Timing(jitter=lambda delay: delay)


@pytest.fixture
def sleeps() -> list[float]:
    """Every delay a client asked for, in order; tests assert on these instead of on wall time."""
    return []


@pytest.fixture
def make_client(sleeps: list[float]) -> Iterator[Callable[..., Client]]:
    """Build a client whose transport is `handler` (a function of the request), without jitter or real sleep."""
    clients: list[Client] = []

    def make(handler: Callable[[httpx.Request], httpx.Response], source: str = "ctgov",
             timing: Timing = NO_JITTER, **settings: object) -> Client:
        client = build_client(Settings(**{**FAST, **settings}), source,  # type: ignore[arg-type]
                              transport=httpx.MockTransport(handler), sleep=sleeps.append, timing=timing)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def cassette() -> vcr.VCR:
    """vcrpy that only replays; any request not in the cassette raises."""
    return vcr.VCR(cassette_library_dir=str(CASSETTES), record_mode="none",
                   match_on=("method", "scheme", "host", "port", "path", "query"))


@dataclass
class Reply:
    """What the loopback server sends for one request; `declared_length` may lie to simulate a cut body."""

    status: int = 200
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "application/json"})
    body: bytes = b"{}"
    delay: float = 0.0
    declared_length: int | None = None


class LoopbackServer:
    """A real HTTP server on 127.0.0.1 and a random port; each path answers its replies in turn, the last repeats."""

    def __init__(self) -> None:
        self.routes: dict[str, list[Reply]] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requests.append((self.path, dict(self.headers)))
                replies = server.routes.get(self.path, [Reply(404, body=b'{"message":"not found"}')])
                reply = replies.pop(0) if len(replies) > 1 else replies[0]
                time.sleep(reply.delay)
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(reply.declared_length or len(reply.body)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # a client that timed out
                    self.wfile.write(reply.body)
                self.close_connection = True

            def log_message(self, *args: object) -> None:
                """Keep test output clean."""

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True)

    def route(self, path: str, *replies: Reply) -> None:
        self.routes[path] = list(replies)

    def paths(self) -> list[str]:
        return [path for path, _ in self.requests]

    def __enter__(self) -> LoopbackServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


@pytest.fixture
def reply() -> type[Reply]:
    """The `Reply` class, handed out as a fixture: test modules cannot import `conftest` unambiguously."""
    return Reply


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with LoopbackServer() as running:
        yield running


POSTGRES = os.environ.get("TRIALWATCH_TEST_POSTGRES", "")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "postgres: needs the PostgreSQL server named by TRIALWATCH_TEST_POSTGRES")


@pytest.hookimpl(trylast=True)  # after `-m` deselected what it was asked to
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Refuse to run PostgreSQL cases without a server rather than skip them: a skip would pass unnoticed."""
    if not POSTGRES and any(item.get_closest_marker("postgres") for item in items):
        raise pytest.UsageError(
            "the store tests also run against PostgreSQL: run the suite as `scripts/with-postgres .venv/bin/python "
            "-m pytest`, set TRIALWATCH_TEST_POSTGRES=postgresql://…, or deselect them with -m 'not postgres'")


@pytest.fixture
def fresh_database() -> Iterator[str]:
    """The URL of a new, empty database on the test server, dropped after the test."""
    with new_database(POSTGRES) as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a new, empty store goes, once per backend: what `--store` / `TRIALWATCH_STORE` would be given."""
    if request.param == "sqlite":
        return str(tmp_path / "store.sqlite")
    location: str = request.getfixturevalue("fresh_database")
    return location


@pytest.fixture
def store(store_location: str) -> Iterator[Store]:
    """An open, empty store of each backend."""
    with open_store(Settings(store=store_location)) as opened:
        yield opened


@pytest.fixture
def rows() -> Callable[[Store], dict[str, int]]:
    """How many bodies, fetches and versions a store holds: what a write left behind."""
    def count(store: Store) -> dict[str, int]:
        stats = store.stats()
        return {"bodies": stats.bodies, "fetches": stats.fetches, "versions": stats.versions}

    return count
