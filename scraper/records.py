"""What a fetch brings back, as the HTTP client hands it on and the store keeps it.

`FetchResult` lives apart from both so that neither depends on the other: `scraper.http` builds it from a
response, `scraper.store` (and its backends) write and read it, and the store never imports the HTTP client.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime


@dataclass(frozen=True)
class FetchResult:
    """One response as stored: what was asked, what came back, and when."""

    url: str
    status: int
    headers: dict[str, str]
    body: bytes
    fetched_at: datetime

    @property
    def unchanged(self) -> bool:
        """True when a conditional request was answered 304: the stored body is still current."""
        return self.status == 304

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")

    @property
    def served_at(self) -> datetime:
        """When the source says it answered (its `Date` header), else our clock: the source's time wins."""
        try:
            return parsedate_to_datetime(self.headers["date"])
        except (KeyError, TypeError, ValueError):
            return self.fetched_at
