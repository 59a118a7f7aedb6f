"""Which store a `--store` names: a `postgresql://` URL opens the server store, anything else is a SQLite file.

Before this existed a `postgresql://…` argument was taken as a relative file path (and created a folder named
`postgresql:`); a URL of any other scheme is now refused rather than taken as a path either.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

from scraper.settings import Settings, SettingsError
from scraper.sqlite_store import SQLiteStore
from scraper.store import Store

_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
POSTGRES_SCHEMES = ("postgresql://", "postgres://")


@contextmanager
def open_store(settings: Settings) -> Iterator[Store]:
    """The store `settings.store` names, open for the `with` block and closed after it."""
    location = settings.store
    if location.startswith(POSTGRES_SCHEMES):
        from scraper.pg_store import PostgresStore  # psycopg is loaded only by those who use it

        with PostgresStore(location, connect_timeout=max(settings.store_busy_timeout, 1.0)) as server:
            yield server
        return
    if _URL.match(location):
        raise SettingsError(f"--store {location.split('://')[0]}://… is not a store this trialwatch knows: "
                            "give a file path or a postgresql://user@host:port/db URL")
    with SQLiteStore(location, busy_timeout=settings.store_busy_timeout) as file:
        yield file


def redacted(location: str) -> str:
    """The store's location without a password, fit for an error line or a report."""
    parts = urlsplit(location)
    if not _URL.match(location) or parts.password is None:
        return location
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"{parts.username}:***@{host}"))
