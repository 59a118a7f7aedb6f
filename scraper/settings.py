"""Settings read once from the environment (and overridden by CLI options), so every I/O knob has one home.

Each setting has a CLI option and a `TRIALWATCH_*` variable; the option wins. Invalid values raise
`SettingsError` rather than silently falling back, so a typo cannot turn the rate limit off by accident.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

import platformdirs

from scraper.errors import TrialwatchError

DEFAULT_CTGOV_URL = "https://clinicaltrials.gov"
DEFAULT_CLINCONNECT_URL = "https://clinconnect.io"
DEFAULT_BROKER = "redis://127.0.0.1:6379/0"


class SettingsError(TrialwatchError, ValueError):
    """A setting (CLI option or environment variable) has an unusable value."""


def default_store_path() -> Path:
    """The store lives in the user's data dir so that runs from any directory share it."""
    return Path(platformdirs.user_data_dir("trialwatch")) / "trialwatch.sqlite"


@dataclass(frozen=True)
class Settings:
    """Everything the I/O layer needs to know; immutable so a client cannot drift from what was asked."""

    ctgov_url: str = DEFAULT_CTGOV_URL
    clinconnect_url: str = DEFAULT_CLINCONNECT_URL
    store: str = field(default_factory=lambda: str(default_store_path()))
    """A SQLite file, or a PostgreSQL server's `postgresql://user@host:port/db` URL."""
    store_busy_timeout: float = 5.0
    """Seconds to wait for another process's write to finish before giving up with a `StoreError`."""
    min_interval: float = 1.0
    """Seconds between two requests to the same host (clinicaltrials.gov asks for 1 req/s). 0 only if asked."""
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    request_deadline: float = 120.0
    """Seconds one attempt may take as a whole (connect, headers, body): the read timeout is per read, so a
    server dripping a byte at a time would never trip it."""
    max_attempts: int = 5
    backoff_base: float = 1.0
    backoff_max: float = 30.0
    retry_after_cap: float = 60.0
    max_bytes: int = 20 * 1024 * 1024
    """The most bytes a response body may have, decoded (a gzip bomb is small on the wire)."""
    breaker_threshold: int = 10
    """Failed attempts in a row (429, 5xx, timeouts) after which a run stops asking that host."""
    broker: str = DEFAULT_BROKER
    """Redis URL of distributed runs: the task queue, the shards' results and the shared per-host rate limit."""
    queue: str = "trialwatch"
    """The task queue's name: workers and coordinators of one deployment use the same."""
    visibility_timeout: float = 300.0
    """Seconds after which a shard taken by a worker that never acknowledged it (killed) is delivered again; longer
    than any shard takes, or a slow shard runs twice (harmless, as tasks are idempotent, but wasted)."""
    broker_wait: float = 60.0
    """Seconds a coordinator or worker waits for an unreachable broker (a Redis restart) before giving up."""

    def __post_init__(self) -> None:
        for name in ("store_busy_timeout", "min_interval", "connect_timeout", "read_timeout", "backoff_base",
                     "backoff_max", "retry_after_cap", "broker_wait"):
            if getattr(self, name) < 0:
                raise SettingsError(f"{name} must be >= 0, got {getattr(self, name)}")
        for name in ("max_attempts", "max_bytes", "breaker_threshold"):
            if getattr(self, name) < 1:
                raise SettingsError(f"{name} must be >= 1, got {getattr(self, name)}")
        if not self.visibility_timeout > 0:
            raise SettingsError(f"visibility_timeout must be > 0, got {self.visibility_timeout}")
        if not self.broker.startswith(("redis://", "rediss://", "unix://")):
            raise SettingsError(f"broker must be a redis://, rediss:// or unix:// URL, got {self.broker!r}")
        if not self.queue:
            raise SettingsError("queue must not be empty")
        if not self.request_deadline > 0:
            raise SettingsError(f"request_deadline must be > 0, got {self.request_deadline}")
        for name in ("ctgov_url", "clinconnect_url"):
            if not getattr(self, name).startswith(("http://", "https://")):
                raise SettingsError(f"{name} must be an http(s) URL, got {getattr(self, name)!r}")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        """Build settings from `TRIALWATCH_<NAME>` variables, then apply non-None `overrides` (CLI options)."""
        environ = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = environ.get(f"TRIALWATCH_{f.name.upper()}", "").strip()
            if raw:
                values[f.name] = _convert(f.name, raw, _TYPES[f.name])
        settings = cls(**values)  # type: ignore[arg-type]
        return replace(settings, **{k: v for k, v in overrides.items() if v is not None})  # type: ignore[arg-type]


_TYPES: dict[str, type] = {f.name: {"str": str, "Path": Path, "float": float, "int": int}[str(f.type)]
                           for f in fields(Settings)}


def _convert(name: str, raw: str, kind: type) -> object:
    try:
        return kind(raw)
    except ValueError:
        raise SettingsError(f"TRIALWATCH_{name.upper()}={raw!r} is not a valid {kind.__name__}") from None
