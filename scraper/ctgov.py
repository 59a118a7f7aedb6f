"""ClinicalTrials.gov: the API v2 record and the site's record history, fetched raw.

Parsing is `parser.ctgov`'s job; here every id is validated before it reaches a URL, and the history
endpoints (undocumented, see `ctgov-samples/README.md`) are read only as far as the version list, which
decides what to fetch: an entry that is not what it should be means the endpoint changed shape, and says so.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import NamedTuple
from urllib.parse import urlencode

from parser.errors import MalformedRecord
from parser.ids import normalize_nct_id
from scraper.http import AsyncClient, Client, aget, get
from scraper.records import FetchResult

SEARCH = "/api/v2/studies"
RECORD_FIELDS = "protocolSection"
"""All `parser.ctgov` reads (the derived and results sections are large and not parsed; versionHolder is
volatile anyway), so batch bodies are a third of a full record's size."""


def fetch_study(client: Client, nct_id: str, *, etag: str | None = None,
                last_modified: str | None = None) -> FetchResult:
    """GET `/api/v2/studies/{nctId}`; with validators from an earlier fetch, a 304 means unchanged."""
    return get(client, f"/api/v2/studies/{normalize_nct_id(nct_id)}", etag=etag, last_modified=last_modified)


def search_path(params: Mapping[str, str | int]) -> str:
    """`/api/v2/studies?…` with `params` encoded as the API documents them (`,` and `|` left readable)."""
    return f"{SEARCH}?{urlencode(params, safe=',|')}"


async def fetch_search_page(client: AsyncClient, params: Mapping[str, str | int]) -> FetchResult:
    """GET one page of the search endpoint, raw; `batch` reads its `studies` and `nextPageToken`."""
    return await aget(client, search_path(params))


async def fetch_record(client: AsyncClient, nct_id: str) -> FetchResult:
    """GET one study with only `RECORD_FIELDS`, the same shape as one element of a search page's `studies`."""
    return await aget(client, f"{SEARCH}/{normalize_nct_id(nct_id)}?fields={RECORD_FIELDS}")


_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
MAX_VERSION = 2**31 - 1
"""The highest version number stored (PostgreSQL's `integer` column); a record has tens of versions, not billions."""


class HistoryEntry(NamedTuple):
    """One version in the change list: its number, and the date and status the source gives it, if any."""

    version: int
    date: str | None
    status: str | None
    module_labels: tuple[str, ...]


class History(NamedTuple):
    """The raw history response (to store) and its change list (to decide which versions to fetch)."""

    fetch: FetchResult
    changes: list[dict[str, object]]

    def entries(self) -> list[HistoryEntry]:
        """The change list checked and in the source's order (by version number, never by a local clock)."""
        return sorted((_entry(change, self.fetch.url) for change in self.changes), key=lambda entry: entry.version)


def _entry(change: object, url: str) -> HistoryEntry:
    if not isinstance(change, dict):
        raise MalformedRecord(f"history from {url}: a change is not an object: {change!r:.60}")
    version, date, status = change.get("version"), change.get("date"), change.get("status")
    labels = change.get("moduleLabels", [])
    if isinstance(version, bool) or not isinstance(version, int) or not 0 <= version <= MAX_VERSION:
        raise MalformedRecord(f"history from {url}: version {version!r:.30} is not an int from 0 to {MAX_VERSION}")
    if date is not None and not (isinstance(date, str) and _DATE.fullmatch(date)):
        raise MalformedRecord(f"history from {url}: version {version} has date {date!r:.30}, not YYYY-MM-DD")
    if status is not None and not isinstance(status, str):
        raise MalformedRecord(f"history from {url}: version {version} has status {status!r:.30}")
    if not (isinstance(labels, list) and all(isinstance(label, str) for label in labels)):
        raise MalformedRecord(f"history from {url}: version {version} has moduleLabels {labels!r:.30}")
    return HistoryEntry(version, date, status, tuple(labels))


def fetch_history(client: Client, nct_id: str) -> History:
    """GET the record's version list (`{"changes": [{"version": 0, "date": ...}, ...]}`)."""
    result = get(client, f"/api/int/studies/{normalize_nct_id(nct_id)}/history")
    try:
        changes = json.loads(result.body)["changes"]
    except (ValueError, TypeError, KeyError, RecursionError) as exc:
        raise MalformedRecord(f"history of {nct_id} from {result.url} is not a change list: {exc}") from None
    if not isinstance(changes, list):
        raise MalformedRecord(f"history of {nct_id} from {result.url}: 'changes' is not a list")
    return History(result, changes)


def fetch_version(client: Client, nct_id: str, version: int) -> FetchResult:
    """GET one earlier version (`{"studyVersion": n, "study": {...}}`), raw, for the parser and the store."""
    if isinstance(version, bool) or not isinstance(version, int) or version < 0:
        raise ValueError(f"version must be a non-negative int, got {version!r}")
    return get(client, f"/api/int/studies/{normalize_nct_id(nct_id)}/history/{version}")
