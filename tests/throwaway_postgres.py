"""Throwaway PostgreSQL databases, for the tests (`fresh_database` in `conftest.py`) and the benchmarks alike.

The server is the one `scripts/with-postgres` starts (its URL in TRIALWATCH_TEST_POSTGRES); its role may create
databases. Each database gets a name of its own, so runs side by side never meet, and is dropped when done even
while a worker that was killed still holds a connection to it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def new_database(server: str, prefix: str = "trialwatch") -> Iterator[str]:
    """The URL of a new, empty database on the PostgreSQL `server` (a URL), dropped on the way out."""
    import psycopg  # only where a PostgreSQL server is asked for

    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    try:
        yield server.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE {name} WITH (FORCE)")
