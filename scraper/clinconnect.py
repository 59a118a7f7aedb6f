"""ClinConnect: the trial's public HTML page, fetched raw for `parser.clinconnect.parse_page`."""

from __future__ import annotations

from parser.ids import normalize_nct_id
from scraper.http import Client, get
from scraper.records import FetchResult


def fetch_page(client: Client, nct_id: str, *, etag: str | None = None,
               last_modified: str | None = None) -> FetchResult:
    """GET `/trials/{nctId}`; the id is validated first so it cannot steer the URL elsewhere."""
    return get(client, f"/trials/{normalize_nct_id(nct_id)}", etag=etag, last_modified=last_modified)
