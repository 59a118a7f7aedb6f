"""`BatchRefresh`: fetch search pages with asyncio and settle each trial they bring, parsed only when it changed.

Trials are chosen by id (`filter.ids`, in chunks) or by a query (`query.cond`, `filter.overallStatus`, …) and
arrive as pages of the API v2 search endpoint carrying only the fields the parser reads. Pages are fetched by
asyncio tasks sharing one client (bounded connections, one per-host rate limit for all of them); each study is
cut from its page and hashed, and only a study whose body differs from the latest one stored is parsed, in a
process pool. The body holds the record's lastUpdatePostDate, so an unchanged hash means an unchanged date too:
such a trial costs no parse and no write. Store calls block (SQLite), so they run in order on a thread of their
own and the event loop keeps fetching while a trial is written.

Failure is per trial. Whatever a page did not deliver (absent from it, or the whole page unreadable) is asked
for by itself; what still fails is reported in one line and left as it was stored. A trial is written in one
transaction after it parsed, so an interrupted run leaves only whole trials behind, and re-running skips them by
their hash: that is the resume. History backfill costs a request per version and is off unless asked for.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterator
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, TypeVar

from parser.ctgov_search import canonical_record, cut_search_page
from parser.errors import MalformedRecord, ParseError
from scraper.batch.job import Parsed, ParseJob, parse_record
from scraper.batch.summary import Change, Counts, Failure, Summary
from scraper.ctgov import RECORD_FIELDS, SEARCH, fetch_record, fetch_search_page
from scraper.errors import FetchError, HostUnavailable, StudyNotFound, TrialwatchError, UpstreamError
from scraper.http import redact
from scraper.records import FetchResult
from scraper.settings import SettingsError
from scraper.store import Store, body_hash

if TYPE_CHECKING:
    from scraper.http import AsyncClient

T = TypeVar("T")

MAX_PAGE_SIZE = 1000
MAX_PAGES = 10_000
"""The most search pages one run follows: ten times the whole of ClinicalTrials.gov at the default page size."""
UNDONE_SHOWN = 10
ID_FIELDS = "protocolSection.identificationModule.nctId"
"""What a listing asks for: the id alone (the API's `fields` takes a piece name or its path)."""
Study = tuple[str, bytes, FetchResult | None]
"""A study to settle: its id, its canonical body, and the response that brought it."""


@dataclass(frozen=True)
class Delivery:
    """What one page brought: studies cut from it, and the ids asked for that it did not bring."""

    result: FetchResult | None
    studies: list[tuple[str, bytes]]
    missing: list[str]


class BatchRefresh:
    """One batch run against one store, one async client and one parse executor.

    The store is used from one thread of the run's own (`_in_store`) and nowhere else while the run lasts."""

    def __init__(self, store: Store, client: AsyncClient, executor: Executor, *, page_size: int = 100,
                 connections: int = 4, progress: Callable[[Counts], None] = lambda counts: None,
                 max_pages: int = MAX_PAGES) -> None:
        if not 1 <= page_size <= MAX_PAGE_SIZE:
            raise SettingsError(f"--page-size must be 1..{MAX_PAGE_SIZE}, got {page_size}")
        self.store, self.client, self.executor = store, client, executor
        self.page_size, self.connections, self.progress, self.max_pages = page_size, connections, progress, max_pages
        self.summary = Summary(Counts())
        self._stopped: HostUnavailable | None = None
        self._store_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="trialwatch-store")

    def refresh_ids(self, ids: list[str]) -> Summary:
        """Refresh these trials (validated ids), `page_size` per request, `connections` requests at once."""
        self.summary.counts.total = len(ids)
        chunks = iter([ids[start:start + self.page_size] for start in range(0, len(ids), self.page_size)])
        return self._run(lambda: [self._chunks(chunks) for _ in range(self.connections)])

    def refresh_query(self, params: dict[str, str]) -> Summary:
        """Refresh every trial the search returns, page after page, parsing one page while fetching the next."""
        queue: asyncio.Queue[Delivery | None] = asyncio.Queue(maxsize=2)
        return self._run(lambda: [self._pages(params, queue), *[self._deliveries(queue)
                                                                 for _ in range(self.connections)]])

    def list_ids(self, params: dict[str, str]) -> list[str]:
        """Only the ids a search returns, `page_size` to a request, for a distributed run to split into shards;
        what went wrong is in the summary's failures, as for a refresh."""
        ids: dict[str, None] = {}

        async def collect() -> None:
            async for delivery in self._search(params, fields=ID_FIELDS):
                ids.update((nct_id, None) for nct_id, _ in delivery.studies)

        self._run(lambda: [collect()])
        return list(ids)

    def _run(self, tasks: Callable[[], list[Any]]) -> Summary:
        async def main() -> None:
            async with self.client:
                await asyncio.gather(*tasks())

        try:
            asyncio.run(main())
        finally:  # a write under way finishes (whole trials only); queued ones are dropped
            self._store_thread.shutdown(wait=True, cancel_futures=True)
        if self._stopped is not None and self.summary.undone:  # first: it is why the run exits 4
            undone = self.summary.undone
            shown = ", ".join(undone[:UNDONE_SHOWN]) + (", …" if len(undone) > UNDONE_SHOWN else "")
            self.summary.failures.insert(0, Failure(None, HostUnavailable(
                f"{self._stopped}; {len(undone)} trial(s) left undone ({shown}); run again later to refresh them")))
        self.progress(self.summary.counts)
        return self.summary

    def _leave_undone(self, ids: list[str], error: HostUnavailable) -> None:
        self._stopped = error
        self.summary.undone += ids
        self._count(errors=len(ids), seen=len(ids))

    async def _chunks(self, chunks: Iterator[list[str]]) -> None:
        for chunk in chunks:  # the tasks share one iterator: each takes the next chunk when it is free
            params: dict[str, str | int] = {"filter.ids": ",".join(chunk), "fields": RECORD_FIELDS,
                                            "pageSize": len(chunk)}
            try:
                page = await fetch_search_page(self.client, params)
                cut = cut_search_page(page.body, page.url)
            except HostUnavailable as error:  # the source asked us to stop: asking for each trial would not help
                self._leave_undone(chunk, error)
                continue
            except (FetchError, ParseError):  # the page failed as a whole: each trial is asked for by itself
                await self._settle(Delivery(None, [], chunk))
                continue
            asked = set(chunk)
            delivered = [(nct_id, body) for nct_id, body in cut.studies if nct_id in asked]
            found = {nct_id for nct_id, _ in delivered}
            await self._settle(Delivery(page, delivered, [nct_id for nct_id in chunk if nct_id not in found]))

    async def _pages(self, params: dict[str, str], queue: asyncio.Queue[Delivery | None]) -> None:
        try:
            async for delivery in self._search(params):
                await queue.put(delivery)
        finally:
            for _ in range(self.connections):
                await queue.put(None)

    async def _search(self, params: dict[str, str], fields: str = RECORD_FIELDS) -> AsyncIterator[Delivery]:
        """Follow `nextPageToken` to the end; stop, saying how far it got, when the source loops (a token seen
        before, an empty page offering another, more pages than `totalCount` needs, `max_pages`), and report a
        listing short of its `totalCount`."""
        token: str | None = None
        tokens: set[str] = set()
        pages = listed = 0
        while True:
            query: dict[str, str | int] = {**params, "fields": fields, "pageSize": self.page_size,
                                           **({"pageToken": token} if token else {"countTotal": "true"})}
            try:
                page = await fetch_search_page(self.client, query)
                cut = cut_search_page(page.body, page.url)
            except (FetchError, ParseError) as error:
                self._fail(None, UpstreamError(f"search stopped after {pages} page(s), {listed} studies: {error}"))
                return
            for problem in cut.unnamed:
                self._fail(None, problem)
            token = cut.token
            pages, listed = pages + 1, listed + len(cut.studies) + len(cut.unnamed)
            if pages == 1 and cut.total is not None:
                self.summary.counts.total = cut.total
            yield Delivery(page, cut.studies, [])
            if token is None:
                break
            if stop := self._endless(token in tokens, not (cut.studies or cut.unnamed), pages, token):
                self._fail(None, UpstreamError(f"search stopped after {pages} page(s), {listed} studies: {stop}"))
                return
            tokens.add(token)
        total = self.summary.counts.total
        if total is not None and listed < total:
            self._fail(None, UpstreamError(f"search ended after {listed} of {total} studies: a page came without "
                                           "its nextPageToken; the rest were not refreshed"))

    def _endless(self, repeated: bool, empty: bool, pages: int, token: str) -> str | None:
        """Why a search offering `token` after `pages` pages should not be followed further, if it should not."""
        total = self.summary.counts.total
        if repeated:
            return f"page token {token!r:.40} came back again (the source is looping)"
        if empty:
            return f"page {pages} was empty yet offered another page (the source is looping)"
        if total is not None and pages > -(-total // self.page_size):
            return f"the source offered page {pages + 1} though its totalCount of {total} fits in fewer"
        if pages >= self.max_pages:
            return f"reached the limit of {self.max_pages} pages per search"
        return None

    async def _deliveries(self, queue: asyncio.Queue[Delivery | None]) -> None:
        while (delivery := await queue.get()) is not None:
            await self._settle(delivery)

    async def _settle(self, delivery: Delivery) -> None:
        """Fetch what the page left out, then parse what changed (in the pool) and store it, trial by trial."""
        studies: list[Study] = [(nct_id, body, delivery.result) for nct_id, body in delivery.studies]
        for nct_id in delivery.missing:
            if single := await self._single(nct_id):
                studies.append(single)
        fresh: list[Study] = []
        for study in studies:
            if study[0] not in self.summary.seen:  # a page that repeats: its trials were settled already
                self.summary.seen.add(study[0])
                fresh.append(study)
        loop = asyncio.get_running_loop()
        pending = []
        for (nct_id, body, result), job in zip(fresh, await self._in_store(self._jobs, fresh), strict=True):
            if job is None:
                self._count(unchanged=1)
                continue
            pending.append((self._as_fetched(nct_id, body, result), job.previous is None,
                            loop.run_in_executor(self.executor, parse_record, job)))
        for result, first, future in pending:
            await self._store(result, first, await future)

    def _jobs(self, studies: list[Study]) -> list[ParseJob | None]:
        """Each study's parse job, with the version to diff against; None where the body is the one stored last.
        Runs on the store's thread: one hop there for a whole page."""
        jobs: list[ParseJob | None] = []
        for nct_id, body, _ in studies:
            latest = self.store.latest_fetch(nct_id, "ctgov")
            if latest is not None and latest.body_sha256 == body_hash(body):
                jobs.append(None)
            else:
                # the one version to diff against, read alone; a trial never fetched has none to ask for
                previous = self.store.latest_parsed(nct_id, "ctgov") if latest is not None else None
                jobs.append(ParseJob(nct_id, body, previous))
        return jobs

    async def _in_store(self, call: Callable[..., T], *args: Any) -> T:
        """`call(*args)` on the store's thread: SQLite blocks, and the event loop must go on fetching meanwhile."""
        return await asyncio.get_running_loop().run_in_executor(self._store_thread, call, *args)

    async def _single(self, nct_id: str) -> tuple[str, bytes, FetchResult] | None:
        try:
            result = await fetch_record(self.client, nct_id)
            return nct_id, canonical_record(result.body), result
        except HostUnavailable as error:
            self._leave_undone([nct_id], error)
            return None
        except StudyNotFound as error:
            self._fail(nct_id, StudyNotFound(f"{nct_id} not found (gone from the source?): {error}"))
        except MalformedRecord as error:  # not JSON we read: truncated, garbled, too deep, a number too long
            self._fail(nct_id, MalformedRecord(f"{nct_id}: {error}"))
        except FetchError as error:
            self._fail(nct_id, error)
        self.summary.seen.add(nct_id)
        return None

    def _as_fetched(self, nct_id: str, body: bytes, result: FetchResult | None) -> FetchResult:
        """The study as if fetched alone: its own record URL, the page's headers and time, its own body."""
        assert result is not None
        url = redact(self.client.base_url.join(f"{SEARCH}/{nct_id}?fields={RECORD_FIELDS}"))
        return replace(result, url=url, body=body)

    async def _store(self, result: FetchResult, first: bool, parsed: Parsed) -> None:
        from scraper.track import version_title

        if parsed.error is not None:
            self._fail(parsed.nct_id, parsed.error)
            return
        if parsed.new is None:  # the same record in another body: remember the body, so next run skips it
            await self._in_store(self.store.save_fetch, parsed.nct_id, "ctgov", result)
            self._count(unchanged=1)
            return
        version, created = await self._in_store(self.store.save_version, parsed.nct_id, "ctgov", result,
                                                replace(parsed.new, observed_on=result.served_at))
        if created:
            self.summary.changes.append(Change(parsed.nct_id, version.label, version_title(version), parsed.changes,
                                               first))
        self._count(new_versions=int(created), unchanged=int(not created))

    def _fail(self, nct_id: str | None, error: TrialwatchError) -> None:
        self.summary.failures.append(Failure(nct_id, error))
        self._count(errors=1, seen=0 if nct_id is None else 1)

    def _count(self, *, new_versions: int = 0, unchanged: int = 0, errors: int = 0, seen: int | None = None) -> None:
        counts = self.summary.counts
        counts.new_versions += new_versions
        counts.unchanged += unchanged
        counts.errors += errors
        counts.seen += new_versions + unchanged if seen is None else seen
        self.progress(counts)
