"""What the store answers by itself, on both backends: `stats`, and which versions changed a field since a date."""

from __future__ import annotations

from datetime import UTC, date, datetime

from documents import document
from scraper.records import FetchResult
from scraper.store import ChangedVersion, NewVersion, Store, StoreStats, field_paths

NCT, OTHER = "NCT05628038", "NCT01234567"


def fetched(body: bytes) -> FetchResult:
    return FetchResult(url="u", status=200, headers={}, body=body, fetched_at=datetime(2026, 11, 30, tzinfo=UTC))


def save(store: Store, nct_id: str, number: int, day: str, *changed: str) -> None:
    store.save_version(nct_id, "ctgov", fetched(f"{nct_id} {number}".encode()), NewVersion(
        number, None, day, document({"nct_id": nct_id}), None, "test", changed=field_paths(changed)))


def test_stats_count_trials_versions_bodies_and_fetches(store: Store) -> None:
    save(store, NCT, 0, "2026-11-01")
    save(store, NCT, 1, "2026-11-20", "/overall_status")
    save(store, OTHER, 0, "2026-11-02")
    store.save_fetch(OTHER, "ctgov", fetched(b"a 304 later"))
    stats = store.stats()
    assert (stats.trials, stats.versions, stats.parse_errors, stats.bodies, stats.fetches) == (2, 3, 0, 4, 4)
    assert stats.latest_version_date == "2026-11-20"


def test_stats_of_an_empty_store_are_zero(store: Store) -> None:
    assert store.stats() == StoreStats(trials=0, versions=0, parse_errors=0, bodies=0, body_bytes=0,
                                       stored_body_bytes=0, fetches=0, latest_version_date=None)


def test_changes_lists_versions_dated_since_the_day_that_changed_the_field(store: Store) -> None:
    save(store, NCT, 1, "2026-11-10", "/eligibility/maximum_age")  # before the day asked
    save(store, NCT, 2, "2026-11-25", "/eligibility/maximum_age", "/overall_status")
    save(store, OTHER, 1, "2026-11-26", "/overall_status")
    assert store.changes(date(2026, 11, 24), ["eligibility/maximum_age"]) == [
        ChangedVersion(nct_id=NCT, source="ctgov", label="v2", dated="2026-11-25",
                       fields=("/eligibility/maximum_age",))]


def test_a_field_names_every_path_under_it(store: Store) -> None:
    save(store, NCT, 1, "2026-11-25", "/eligibility/minimum_age", "/eligibility/maximum_age", "/overall_status")
    save(store, OTHER, 1, "2026-11-26", "/eligibility_note")  # shares the letters, not the field
    assert [v.fields for v in store.changes(date(2026, 11, 1), ["/eligibility/"])] == [
        ("/eligibility/maximum_age", "/eligibility/minimum_age")]


def test_without_a_field_every_changed_version_is_listed_and_first_sightings_are_not(store: Store) -> None:
    save(store, NCT, 0, "2026-11-20")  # first sight: nothing changed
    save(store, NCT, 1, "2026-11-21", "/overall_status")
    save(store, OTHER, 0, "2026-11-22")
    assert [(v.nct_id, v.label) for v in store.changes(date(2026, 11, 1))] == [(NCT, "v1")]


def test_changes_come_in_date_order_whatever_order_they_were_stored_in(store: Store) -> None:
    save(store, OTHER, 1, "2026-11-28", "/overall_status")
    save(store, NCT, 1, "2026-11-21", "/overall_status")
    assert [v.dated for v in store.changes(date(2026, 11, 1), ["overall_status"])] == ["2026-11-21", "2026-11-28"]


def test_an_observed_version_without_a_source_date_is_dated_by_the_servers_answer(store: Store) -> None:
    store.save_version(NCT, "ctgov", fetched(b"seen"), NewVersion(
        None, datetime(2026, 11, 27, 23, 30, tzinfo=UTC), None, document({"nct_id": NCT}), None, "test",
        changed=("/overall_status",)))
    assert [v.dated for v in store.changes(date(2026, 11, 27))] == ["2026-11-27"]


def test_list_positions_are_dropped_from_stored_paths() -> None:
    assert field_paths(["/locations/2/status", "/locations/0/status", "/criteria/inclusion/4"]) == (
        "/criteria/inclusion", "/locations/status")


def test_a_history_version_the_source_gave_no_date_is_dated_by_the_day_it_was_served(store: Store) -> None:
    served = FetchResult(url="u", status=200, headers={"date": "Fri, 27 Nov 2026 09:00:00 GMT"}, body=b"v3",
                         fetched_at=datetime(2026, 12, 2, tzinfo=UTC))
    store.save_version(NCT, "ctgov", served, NewVersion(3, None, None, document({"nct_id": NCT}), None, "test",
                                                        changed=("/overall_status",)))
    assert [v.dated for v in store.changes(date(2026, 11, 1))] == ["2026-11-27"]
