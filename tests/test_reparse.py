"""`trialwatch reparse`: stored bodies parsed again by the current engine, what changed kept as a new parse of the
same source version, the earlier parse kept too, and every engine's parse of a version recorded once; on both
stores (the `store` fixture runs each test on SQLite and on PostgreSQL)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from fake_ctgov import nct_id, samples, trial
from parser.criteria.version import PARSER_VERSION
from parser.models.criteria import Criteria
from scraper.cli import app
from scraper.records import FetchResult
from scraper.reparse import reparse, reparse_store, stale_refs
from scraper.settings import Settings
from scraper.store import NewVersion, Store, stored_document
from scraper.stores import open_store
from scraper.track import parsed_version, parser_version

OLD = "criteria 0.0.1"


def older(new: NewVersion, criteria: Criteria | None) -> NewVersion:
    """`new` as an older engine would have stored it, with these criteria and that engine's stamp."""
    if criteria is not None:
        criteria = criteria.model_copy(update={"source": criteria.source.model_copy(
            update={"parser_version": "0.0.1"})})
    return replace(new, parser_version=OLD, criteria=criteria, observed_on=datetime(2026, 1, 1, tzinfo=UTC))


def store_trial(store: Store, index: int, stored: str = "worse", engine: str = OLD) -> int:
    """Store fake trial `index` as parsed by engine `engine`: its criteria `worse` than today's, or the same."""
    body = trial(samples(), index, 0)
    new = parsed_version(nct_id(index), body)
    assert new.criteria is not None
    version = older(new, new.criteria.model_copy(update={"inclusion": []}) if stored == "worse" else new.criteria)
    version = replace(version, parser_version=engine)
    result = FetchResult(f"https://clinicaltrials.gov/api/v2/studies/{nct_id(index)}", 200, {}, body,
                         datetime(2026, 1, 1, tzinfo=UTC))
    saved, _ = store.save_version(nct_id(index), "ctgov", result, version)
    return saved.id


@pytest.fixture
def sql(store_location: str) -> Callable[[str], list[tuple[Any, ...]]]:
    """Run a query straight on the store's database, whichever backend; `{trial}` and `{criteria}` name the
    document columns (`trial_json` on SQLite, `trial` as jsonb on PostgreSQL)."""
    def run(query: str) -> list[tuple[Any, ...]]:
        if store_location.startswith("postgresql://"):
            import psycopg

            with psycopg.connect(store_location) as db:
                return db.execute(query.format(trial="trial", criteria="criteria")).fetchall()
        with sqlite3.connect(store_location) as db:
            return db.execute(query.format(trial="trial_json", criteria="criteria_json")).fetchall()

    return run


@pytest.fixture
def pool() -> Any:
    with ThreadPoolExecutor(max_workers=1) as executor:
        yield executor


def test_a_version_parsed_by_an_older_engine_reads_the_current_engines_parse(store, pool) -> None:
    store_trial(store, 0)
    counts = reparse_store(store, pool, None)
    (version,) = store.versions(nct_id(0), "ctgov")
    assert (counts.parsed, counts.changed) == (1, 1)
    assert (version.parser_version, version.criteria) == (parser_version(), stored_document(parsed_version(
        nct_id(0), trial(samples(), 0, 0)).criteria))


def test_the_earlier_parse_stays_stored(store, pool, sql) -> None:
    store_trial(store, 0)
    reparse_store(store, pool, None)
    assert sql("SELECT parser_version, {criteria} IS NOT NULL FROM versions") == [(OLD, True)]


def test_a_result_that_differs_only_in_the_engine_stamp_is_unchanged_and_keeps_no_documents(store, pool,
                                                                                            sql) -> None:
    store_trial(store, 0, stored="same")
    counts = reparse_store(store, pool, None)
    kept = sql("SELECT changed, {trial}, {criteria}, parse_error FROM parses")
    assert (counts.unchanged, kept) == (1, [(False, None, None, None)])


def test_a_second_reparse_parses_nothing(store, pool) -> None:
    store_trial(store, 0)
    store_trial(store, 1, stored="same")
    reparse_store(store, pool, None)
    assert reparse_store(store, pool, None).parsed == 0


def test_since_engine_picks_only_versions_parsed_by_an_older_engine(store, pool) -> None:
    store_trial(store, 0, engine="criteria 0.0.1")
    store_trial(store, 1, engine="criteria 0.0.9")
    counts = reparse_store(store, pool, (0, 0, 5))
    assert (counts.parsed, [v.parser_version for v in store.versions(nct_id(1), "ctgov")]) == (1, ["criteria 0.0.9"])


def test_a_shard_delivered_twice_records_one_parse(store, pool, sql) -> None:
    store_trial(store, 0)
    (refs,) = list(stale_refs(store, parser_version(), None))
    reparse(store, refs, pool)
    again = reparse(store, refs, pool)
    assert (again.already, sql("SELECT count(*) FROM parses")) == (1, [(1,)])


def test_the_store_pages_through_versions_in_id_order(store) -> None:
    ids = [store_trial(store, index) for index in range(5)]
    pages = list(stale_refs(store, parser_version(), None, page=2))
    assert [[ref.id for ref in page] for page in pages] == [ids[0:2], ids[2:4], ids[4:]]


def test_reparse_prints_what_it_did(store_location) -> None:
    with open_store(Settings(store=store_location)) as opened:
        store_trial(opened, 0)
    done = CliRunner().invoke(app, ["reparse", "--jobs", "0", "--store", store_location, "--json"])
    assert (done.exit_code, json.loads(done.stdout)) == (
        0, {"engine": parser_version(), "parsed": 1, "changed": 1, "unchanged": 0, "already": 0})


def test_an_unreadable_engine_version_is_a_usage_error(tmp_path) -> None:
    done = CliRunner().invoke(app, ["reparse", "--since-engine", "latest", "--store", str(tmp_path / "s.sqlite")])
    assert (done.exit_code, done.stderr.strip()) == (2, "error: engine version 'latest' is not like 0.1.0")


def test_the_engine_version_that_decides_what_to_reparse_is_read_without_loading_spacy() -> None:
    code = "import sys; from scraper.track import parser_version; print(parser_version(), 'spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).parents[1])
    assert out.stdout.strip() == f"criteria {PARSER_VERSION} False"
