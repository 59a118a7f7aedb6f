"""The store protocol, on both backends: bodies once, fetches recorded atomically, typed errors."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from scraper.errors import StoreError
from scraper.records import FetchResult
from scraper.settings import Settings
from scraper.store import Store, body_hash
from scraper.stores import open_store

ODD = "Neutrophil \\< 1.5×10\\^9/L, Urinary protein ≥ 2+, 5 µg, a\u00a0b, \\> ULN, 中文, 🧪".encode()
Rows = Callable[[Store], dict[str, int]]


def result(body: bytes = b'{"ok": true}', status: int = 200) -> FetchResult:
    return FetchResult(url="https://clinicaltrials.gov/api/v2/studies/NCT05628038", status=status,
                       headers={"content-type": "application/json", "etag": '"e1"'}, body=body,
                       fetched_at=datetime(2025, 6, 26, 12, tzinfo=UTC))


def test_a_saved_body_reads_back_byte_for_byte(store: Store) -> None:
    saved = store.save_fetch("NCT05628038", "ctgov", result(ODD))
    assert saved.body_sha256 is not None and store.body(saved.body_sha256) == ODD


def test_odd_unicode_in_headers_survives_a_reopen(store_location: str) -> None:
    odd_headers = {**result().headers, "etag": '"×≥µ\u00a0"'}
    with open_store(Settings(store=store_location)) as store:
        store.save_fetch("NCT05628038", "ctgov", FetchResult("u", 200, odd_headers, ODD, result().fetched_at))
    with open_store(Settings(store=store_location)) as store:
        latest = store.latest_fetch("NCT05628038", "ctgov")
        assert latest is not None and latest.body_sha256 is not None
        assert latest.headers == odd_headers and store.body(latest.body_sha256) == ODD


def test_a_body_fetched_twice_is_stored_once(store: Store, rows: Rows) -> None:
    first = store.save_fetch("NCT05628038", "ctgov", result())
    second = store.save_fetch("NCT05628038", "ctgov", result())
    assert first.body_sha256 == second.body_sha256 == body_hash(result().body)
    assert rows(store) == {"bodies": 1, "fetches": 2, "versions": 0}


def test_bodies_are_stored_compressed(store: Store) -> None:
    store.save_fetch("NCT05628038", "ctgov", result(b"x" * 100_000))
    stats = store.stats()
    assert stats.body_bytes == 100_000 and stats.stored_body_bytes < 1_000


def test_latest_fetch_gives_the_newest_fetch_with_a_body(store: Store) -> None:
    store.save_fetch("NCT05628038", "ctgov", result(b"old"))
    newest = store.save_fetch("NCT05628038", "ctgov", result(b"new"))
    store.save_fetch("NCT05628038", "ctgov", result(b"", status=304))
    assert store.latest_fetch("NCT05628038", "ctgov") == newest


def test_a_304_is_recorded_without_a_body(store: Store, rows: Rows) -> None:
    saved = store.save_fetch("NCT05628038", "ctgov", result(b"", status=304))
    assert saved.body_sha256 is None and rows(store) == {"bodies": 0, "fetches": 1, "versions": 0}


def test_a_failed_write_leaves_the_store_as_it_was(store: Store, rows: Rows) -> None:
    store.save_fetch("NCT05628038", "ctgov", result(b"good"))
    broken = FetchResult("u", 200, {"etag": object()}, b"other body", result().fetched_at)  # not JSON-able
    with pytest.raises(TypeError):
        store.save_fetch("NCT05628038", "ctgov", broken)  # type: ignore[arg-type]
    assert rows(store) == {"bodies": 1, "fetches": 1, "versions": 0}


def test_an_unknown_body_hash_is_a_store_error(store: Store) -> None:
    with pytest.raises(StoreError, match="has no body"):
        store.body("0" * 64)


def test_store_check_passes_a_sound_store_and_counts_what_it_read(store: Store) -> None:
    store.save_fetch("NCT05628038", "ctgov", result(ODD))
    assert store.check() == ([], {"versions": 0, "bodies": 1})
