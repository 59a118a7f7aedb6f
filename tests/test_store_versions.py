"""The store's versions, on both backends: one per distinct state of a record, in the source's order, all or nothing."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from documents import document
from scraper.errors import StoreError
from scraper.records import FetchResult
from scraper.store import NewVersion, Store

NCT = "NCT05628038"
FETCHED = datetime(2025, 6, 26, 12, tzinfo=UTC)
Rows = Callable[[Store], dict[str, int]]


def result(body: bytes = b'{"v": 1}', fetched_at: datetime = FETCHED) -> FetchResult:
    return FetchResult(url=f"https://clinicaltrials.gov/api/int/studies/{NCT}/history/1", status=200,
                       headers={"content-type": "application/json"}, body=body, fetched_at=fetched_at)


def numbered(version: int | None, **changes: object) -> NewVersion:
    fields = {"version": version, "observed_on": None, "source_date": None,
              "trial": document({"nct_id": NCT, "n": version}), "criteria": document({"inclusion": []}),
              "parser_version": "test"}
    return NewVersion(**{**fields, **changes})  # type: ignore[arg-type]


def observed(on: datetime, source_date: str | None = None) -> NewVersion:
    return numbered(None, observed_on=on, source_date=source_date)


def test_a_version_reads_back_with_its_parsed_trial_criteria_and_parser_version(store: Store) -> None:
    stored, created = store.save_version(NCT, "ctgov", result(), numbered(1, source_date="2023-02-01"))
    assert created
    assert store.versions(NCT, "ctgov") == [stored]
    assert (stored.label, stored.trial, stored.criteria, stored.parser_version, stored.source_date) == (
        "v1", {"nct_id": NCT, "n": 1}, {"inclusion": []}, "test", "2023-02-01")
    assert store.body(stored.body_sha256) == result().body


def test_a_history_version_already_stored_is_not_stored_again(store: Store, rows: Rows) -> None:
    first, _ = store.save_version(NCT, "ctgov", result(), numbered(1))
    again, created = store.save_version(NCT, "ctgov", result(b'{"v": "other"}'), numbered(1))
    assert not created and again == first
    assert rows(store)["versions"] == 1


def test_the_same_observed_body_twice_is_one_version(store: Store, rows: Rows) -> None:
    store.save_version(NCT, "ctgov", result(), observed(FETCHED))
    _, created = store.save_version(NCT, "ctgov", result(), observed(datetime(2025, 7, 1, tzinfo=UTC)))
    assert not created
    assert rows(store) == {"bodies": 1, "fetches": 2, "versions": 1}


def test_an_observed_body_that_went_back_to_an_older_one_is_a_new_version(store: Store) -> None:
    for day, body in ((1, b"A"), (2, b"B"), (3, b"A")):
        store.save_version(NCT, "ctgov", result(body), observed(datetime(2025, 7, day, tzinfo=UTC)))
    assert [store.body(v.body_sha256) for v in store.versions(NCT, "ctgov")] == [b"A", b"B", b"A"]


def test_observed_versions_follow_the_date_the_source_answered_not_the_order_they_were_stored(
        store: Store) -> None:
    store.save_version(NCT, "ctgov", result(b"new"), observed(datetime(2025, 6, 1, tzinfo=UTC), "2025-06-01"))
    store.save_version(NCT, "ctgov", result(b"old"), observed(datetime(2024, 1, 15, tzinfo=UTC)))  # stored late
    assert [store.body(v.body_sha256) for v in store.versions(NCT, "ctgov")] == [b"old", b"new"]


def test_history_versions_come_in_the_sources_numbering(store: Store) -> None:
    for number in (3, 0, 1):
        store.save_version(NCT, "ctgov", result(str(number).encode()), numbered(number))
    assert [v.label for v in store.versions(NCT, "ctgov")] == ["v0", "v1", "v3"]


def test_the_latest_criteria_are_those_of_the_latest_version_in_the_sources_order_that_has_them(
        store: Store) -> None:
    store.save_version(NCT, "ctgov", result(b"2"), numbered(2, criteria=document({"inclusion": ["two"]})))
    store.save_version(NCT, "ctgov", result(b"1"), numbered(1, criteria=document({"inclusion": ["one"]})))
    store.save_version(NCT, "ctgov", result(b"3"), numbered(3, criteria=None))  # trial parsed, criteria not
    store.save_version(NCT, "ctgov", result(b"4"), numbered(4, trial=None, criteria=None, parse_error="HTML"))
    latest = store.latest_criteria_json(NCT, "ctgov")
    assert latest is not None and json.loads(latest) == {"inclusion": ["two"]}


def test_the_latest_parsed_version_is_the_last_one_in_the_sources_order_that_parsed(store: Store) -> None:
    seen, _ = store.save_version(NCT, "ctgov", result(b"seen"), observed(datetime(2025, 7, 1, tzinfo=UTC)))
    for number in (2, 1):  # history stored after the sighting still comes before it
        store.save_version(NCT, "ctgov", result(str(number).encode()), numbered(number))
    store.save_version(NCT, "ctgov", result(b"<html>"), NewVersion(  # later still, but kept raw
        None, datetime(2025, 7, 2, tzinfo=UTC), None, None, None, "test", "got HTML, expected JSON"))
    parsed = [version for version in store.versions(NCT, "ctgov") if version.trial is not None]
    assert store.latest_parsed(NCT, "ctgov") == parsed[-1] == seen
    assert store.latest_parsed(NCT, "clinconnect") is None
    assert store.latest_parsed("NCT00000000", "ctgov") is None


def test_a_trial_without_parsed_criteria_has_no_latest_criteria(store: Store) -> None:
    store.save_version(NCT, "ctgov", result(), numbered(1, criteria=None))
    assert store.latest_criteria_json(NCT, "ctgov") is None
    assert store.latest_criteria_json("NCT00000000", "ctgov") is None


def test_a_body_that_failed_to_parse_is_kept_raw_with_its_reason(store: Store) -> None:
    stored, _ = store.save_version(NCT, "ctgov", result(b"<html>"),
                                   numbered(2, trial=None, criteria=None, parse_error="got HTML, expected JSON"))
    assert stored.trial is None and stored.parse_error == "got HTML, expected JSON"
    assert store.body(stored.body_sha256) == b"<html>"


def test_an_inconsistent_version_is_refused_and_nothing_of_its_write_is_stored(store: Store,
                                                                              rows: Rows) -> None:
    store.save_version(NCT, "ctgov", result(), numbered(0))
    before = rows(store)
    with pytest.raises(StoreError, match="refused an inconsistent write"):
        store.save_version(NCT, "ctgov", result(b"a new body"), numbered(1, trial=None))  # no trial, no error
    assert rows(store) == before
