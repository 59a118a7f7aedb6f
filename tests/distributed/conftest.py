"""Fixtures of the distributed tests: real processes only. Redis is the one `scripts/with-redis` started
(TRIALWATCH_TEST_REDIS), or a private one a test starts and restarts; each test has a queue of its own; the fake
ClinicalTrials.gov (`tests/fake_ctgov.py`) runs in a process of its own; workers and coordinators are
`python -m scraper.cli` processes."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis

from fake_ctgov import fake, nct_id

CLI = [sys.executable, "-m", "scraper.cli"]


@pytest.fixture(scope="session")
def redis_url() -> str:
    url = os.environ.get("TRIALWATCH_TEST_REDIS")
    if not url:
        pytest.fail("no Redis for the distributed tests: run the suite as `scripts/with-redis .venv/bin/python -m "
                    "pytest` (it starts one on loopback and sets TRIALWATCH_TEST_REDIS)")
    return url


class PrivateRedis:
    """A Redis of the test's own (append-only file on, so a restart keeps the queue), stopped and started at will."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        server = shutil.which("redis-server")
        assert server, "redis-server is not installed (scripts/with-redis installs it)"
        self.process = subprocess.Popen([server, "--bind", "127.0.0.1", "--port", str(self.port), "--dir",
                                         str(self.folder), "--save", "", "--appendonly", "yes"],
                                        stdout=subprocess.DEVNULL)
        client = redis.Redis.from_url(self.url)
        for _ in range(100):
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise AssertionError("the private redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGTERM)  # Redis flushes its append-only file on SIGTERM
            self.process.wait(timeout=30)
            self.process = None


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[PrivateRedis]:
    private = PrivateRedis(tmp_path)
    private.start()
    yield private
    private.stop()


@pytest.fixture
def ctgov() -> Iterator[Callable[[int], str]]:
    """Start the fake ClinicalTrials.gov serving `count` trials; its base URL."""
    servers = []

    def start(count: int) -> str:
        process, url = fake(count)
        servers.append(process)
        return url

    yield start
    for process in servers:
        process.terminate()
        process.join(10)


@pytest.fixture
def env(tmp_path: Path, redis_url: str) -> dict[str, str]:
    """The environment every process of the test shares: broker, queue, store; no pacing."""
    return {**os.environ, "TRIALWATCH_BROKER": redis_url, "TRIALWATCH_QUEUE": f"test-{uuid.uuid4().hex}",
            "TRIALWATCH_STORE": str(tmp_path / "store.sqlite"), "TRIALWATCH_MIN_INTERVAL": "0",
            "TRIALWATCH_BROKER_WAIT": "60", "COLUMNS": "200"}


@pytest.fixture
def workers(env: dict[str, str]) -> Iterator[Callable[..., list[subprocess.Popen[bytes]]]]:
    """Start `count` `trialwatch worker` processes; stopped (SIGTERM, then SIGKILL) at the end."""
    started: list[subprocess.Popen[bytes]] = []

    def start(count: int = 2, **overrides: str) -> list[subprocess.Popen[bytes]]:
        mine = [subprocess.Popen([*CLI, "worker", "--hostname", f"w{len(started) + n}@%h"],
                                 env={**env, **overrides}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                for n in range(count)]
        started.extend(mine)
        return mine

    yield start
    for process in started:
        if process.poll() is None:
            process.terminate()
    for process in started:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def ids_file(tmp_path: Path) -> Callable[[int], Path]:
    def write(count: int) -> Path:
        path = tmp_path / f"ids-{count}.txt"
        path.write_text("\n".join(nct_id(index) for index in range(count)) + "\n")
        return path

    return write


def version_counts(store: Path) -> dict[str, int]:
    """Stored versions per trial, read straight from the file."""
    if not store.exists():
        return {}
    with sqlite3.connect(store, timeout=30) as db:
        if db.execute("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'versions'").fetchone() is None:
            return {}  # the file is there, but the worker creating the store has not made its tables yet
        return dict(db.execute("SELECT nct_id, count(*) FROM versions GROUP BY nct_id").fetchall())


@pytest.fixture
def stored(env: dict[str, str]) -> Callable[[], dict[str, int]]:
    return lambda: version_counts(Path(env["TRIALWATCH_STORE"]))
