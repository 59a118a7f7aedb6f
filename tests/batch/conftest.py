"""Fixtures of the batch, fault and security tests: a store, a counting executor, recorded sleeps, a
`BatchRefresh` on the loopback server, and the `track` command with test settings."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from click.testing import Result
from typer.testing import CliRunner

from fakes import IDS, TEST_SETTINGS, CountingExecutor
from scraper.batch.refresh import BatchRefresh
from scraper.cli import app
from scraper.http import Timing, build_async_client
from scraper.settings import Settings
from scraper.sqlite_store import SQLiteStore

if TYPE_CHECKING:
    from conftest import LoopbackServer

NO_JITTER = Timing(jitter=lambda delay: delay)
"""Backoff delays exactly as computed, so a test can name the sleeps it expects."""


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLiteStore]:
    with SQLiteStore(tmp_path / "store.sqlite") as opened:
        yield opened


@pytest.fixture
def executor() -> Iterator[CountingExecutor]:
    with CountingExecutor() as counting:
        yield counting


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def batch(server: LoopbackServer, store: SQLiteStore, executor: CountingExecutor, sleeps: list[float]):
    """A `BatchRefresh` on the loopback server whose sleeps are recorded, not slept."""

    async def record(delay: float) -> None:
        sleeps.append(delay)

    def make(page_size: int = 2, timing: Timing = NO_JITTER, target: Any = None,
             connections: int = 4, **settings: Any) -> BatchRefresh:
        client = build_async_client(Settings(**{"ctgov_url": server.url, **TEST_SETTINGS, **settings}), "ctgov",
                                    sleep=record, timing=timing, connections=connections)
        return BatchRefresh(target or store, client, executor, page_size=page_size, connections=connections)

    return make


@pytest.fixture
def run(tmp_path: Path):
    env = {"TRIALWATCH_STORE": str(tmp_path / "cli.sqlite"), "TRIALWATCH_MIN_INTERVAL": "0",
           "TRIALWATCH_BACKOFF_BASE": "0", "TRIALWATCH_MAX_ATTEMPTS": "2", "TRIALWATCH_RETRY_AFTER_CAP": "0",
           "COLUMNS": "300"}

    def invoke(*args: str) -> Result:
        return CliRunner().invoke(app, ["track", *args, "--jobs", "0"], env=env)

    return invoke


@pytest.fixture
def ids_file(tmp_path: Path) -> Path:
    listed = tmp_path / "ids.txt"
    listed.write_text("\n".join(IDS[:3]) + "\n")
    return listed
