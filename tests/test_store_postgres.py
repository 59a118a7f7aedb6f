"""The PostgreSQL store's own side: its schema versioned in the database, jsonb columns, databases not ours."""

from __future__ import annotations

import socket
from datetime import UTC, datetime

import psycopg
import pytest

from documents import document
from scraper.errors import StoreError
from scraper.pg_store import MIGRATIONS, PostgresStore
from scraper.records import FetchResult
from scraper.store import NewVersion

pytestmark = pytest.mark.postgres
NCT = "NCT05628038"


def test_a_new_store_records_its_schema_version_in_the_database(fresh_database: str) -> None:
    PostgresStore(fresh_database).close()
    with psycopg.connect(fresh_database) as db:
        assert db.execute("SELECT max(version) FROM trialwatch_schema").fetchone() == (len(MIGRATIONS),)


def test_a_store_from_a_newer_trialwatch_is_refused(fresh_database: str) -> None:
    PostgresStore(fresh_database).close()
    with psycopg.connect(fresh_database, autocommit=True) as db:
        db.execute("INSERT INTO trialwatch_schema (version) VALUES (%s)", (len(MIGRATIONS) + 1,))
    with pytest.raises(StoreError, match="newer than this trialwatch"):
        PostgresStore(fresh_database)


def test_a_database_holding_other_tables_is_refused_and_left_untouched(fresh_database: str) -> None:
    with psycopg.connect(fresh_database, autocommit=True) as db:
        db.execute("CREATE TABLE contacts (name text)")
    with pytest.raises(StoreError, match="holds tables but is not a trialwatch store"):
        PostgresStore(fresh_database)
    with psycopg.connect(fresh_database) as db:
        assert db.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'").fetchall() == [
            ("contacts",)]


def test_parsed_trials_and_criteria_are_jsonb_a_containment_query_can_find(fresh_database: str) -> None:
    with PostgresStore(fresh_database) as store:
        store.save_version(NCT, "ctgov", FetchResult("u", 200, {}, b"{}", datetime(2026, 1, 1, tzinfo=UTC)),
                           NewVersion(1, None, None, document({"nct_id": NCT, "phases": ["PHASE2"]}),
                                      document({"inclusion": [{"id": "inc-1"}]}), "test"))
    with psycopg.connect(fresh_database) as db:
        assert db.execute("SELECT nct_id FROM versions WHERE trial @> %s AND criteria @> %s",
                          ('{"phases": ["PHASE2"]}', '{"inclusion": [{"id": "inc-1"}]}')).fetchall() == [(NCT,)]


def test_a_server_that_does_not_answer_is_a_store_error_without_the_password() -> None:
    with socket.socket() as probe:  # a loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(StoreError, match=r"cannot be reached") as raised:
        PostgresStore(f"postgresql://tw:s3cret@127.0.0.1:{port}/trialwatch", connect_timeout=2)
    assert "s3cret" not in str(raised.value) and "tw:***@127.0.0.1" in str(raised.value)
