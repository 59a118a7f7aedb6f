"""The `fetch` service: ask each source for each trial, store every distinct body once, and parse it.

A body that fails to parse is never stored; one trial's failure is collected and the others go on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from parser.errors import ParseError
from parser.models.trial import ListingPage, MergedTrial, Trial
from parser.reconcile import reconcile
from scraper.errors import FetchError, TrialwatchError
from scraper.http import CircuitBreaker, Client, build_client
from scraper.reports import FetchItem, FetchReport
from scraper.settings import Settings
from scraper.store import Store
from scraper.stores import open_store
from scraper.track import observe


@dataclass
class FetchRun:
    report: FetchReport
    errors: list[TrialwatchError] = field(default_factory=list)


def fetch_one(client: Client, store: Store, source: str, nct_id: str) -> FetchItem:
    """Fetch (conditionally, if stored before), parse, then store: a body that fails to parse is never stored."""
    previous = store.latest_fetch(nct_id, source)
    observation = observe(client, store, source, nct_id)
    saved = store.save_fetch(nct_id, source, observation.result)
    sha256 = saved.body_sha256 or (previous.body_sha256 if previous else None)
    assert sha256 is not None, "a 304 answers a conditional request, made only with a previous fetch"
    return FetchItem(nct_id=nct_id, source=source, url=observation.result.url, status=observation.result.status,
                     sha256=sha256, new_body=previous is None or previous.body_sha256 != sha256,
                     record=observation.model)


def fetch_trials(settings: Settings, ids: list[str], sources: tuple[str, ...]) -> FetchRun:
    """Every trial from every source, then one reconciled view per trial from whichever sources answered."""
    items: list[FetchItem] = []
    errors: list[TrialwatchError] = []
    breaker = CircuitBreaker(settings.breaker_threshold)
    with open_store(settings) as store:
        for source in sources:
            with build_client(settings, source, breaker=breaker) as client:
                for nct_id in ids:
                    try:
                        items.append(fetch_one(client, store, source, nct_id))
                    except (FetchError, ParseError) as error:
                        errors.append(error)
    return FetchRun(FetchReport(fetches=items, trials=merge(ids, items)), errors)


def merge(ids: list[str], items: list[FetchItem]) -> list[MergedTrial]:
    """One reconciled view per trial from whichever sources answered."""
    records: dict[tuple[str, str], Trial | ListingPage] = {(item.nct_id, item.source): item.record for item in items}
    merged = []
    for nct_id in ids:
        trial, page = records.get((nct_id, "ctgov")), records.get((nct_id, "clinconnect"))
        if trial is not None or page is not None:
            merged.append(reconcile(trial if isinstance(trial, Trial) else None,
                                    page if isinstance(page, ListingPage) else None))
    return merged
