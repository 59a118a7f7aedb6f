"""Batch refresh: thousands of trials per run through the search endpoint, incremental and resumable.

Trials are chosen by id (`filter.ids`, in chunks) or by a query (`query.cond`, `filter.overallStatus`, …) and
arrive as pages of the API v2 search endpoint carrying only the fields the parser reads. Pages are fetched by
asyncio tasks sharing one client (bounded connections, one per-host rate limit for all of them); each study is
cut from its page and hashed, and only a study whose body differs from the latest one stored is parsed, in a
process pool. The body holds the record's lastUpdatePostDate, so an unchanged hash means an unchanged date too:
such a trial costs no parse and no write.

Failure is per trial. Whatever a page did not deliver (absent from it, or the whole page unreadable) is asked
for by itself; what still fails is reported in one line and left as it was stored. A trial is written in one
transaction after it parsed, so an interrupted run leaves only whole trials behind, and re-running skips them by
their hash: that is the resume. History backfill costs a request per version and is off unless asked for.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import os
import re
import signal
import sys
import time
from collections.abc import AsyncIterator, Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from parser.errors import InvalidNctId, MalformedRecord, ParseError
from parser.ids import normalize_nct_id
from parser.ctgov import load_json
from scraper.ctgov import RECORD_FIELDS, SEARCH, fetch_record, fetch_search_page
from scraper.errors import FetchError, HostUnavailable, StudyNotFound, TrialwatchError, UpstreamError
from scraper.http import FetchResult, redact
from scraper.settings import SettingsError
from scraper.store import NewVersion, Store, StoredVersion, body_hash

if TYPE_CHECKING:
    from scraper.http import AsyncClient

QUERY_KEYS = {"condition": "query.cond", "term": "query.term", "intervention": "query.intr",
              "sponsor": "query.spons", "location": "query.locn", "status": "filter.overallStatus"}
"""`--query` keys and the search parameters they become."""

_STATUSES = re.compile(r"[A-Z_]+(?:\|[A-Z_]+)*")
MAX_PAGE_SIZE = 1000
MAX_PAGES = 10_000
"""The most search pages one run follows: ten times the whole of ClinicalTrials.gov at the default page size."""
UNDONE_SHOWN = 10
ID_FIELDS = "protocolSection.identificationModule.nctId"
"""What a listing asks for: the id alone (the API's `fields` takes a piece name or its path)."""


def parse_query(text: str) -> dict[str, str]:
    """`"condition=rectal cancer,status=RECRUITING"` -> search parameters; several statuses join with `|`."""
    params: dict[str, str] = {}
    for pair in text.split(","):
        key, equals, value = (part.strip() for part in pair.partition("="))
        if not equals or not value:
            raise SettingsError(f"--query: {pair.strip()!r} is not key=value (keys: {', '.join(QUERY_KEYS)})")
        if key.lower() not in QUERY_KEYS:
            raise SettingsError(f"--query: unknown key {key!r} (keys: {', '.join(QUERY_KEYS)})")
        if key.lower() == "status" and not _STATUSES.fullmatch(value := value.upper()):
            raise SettingsError(f"--query: status {value!r} is not like RECRUITING or RECRUITING|NOT_YET_RECRUITING")
        params[QUERY_KEYS[key.lower()]] = value
    return params


def read_ids(path: Path) -> list[str]:
    """NCT ids from a file, one a line (`#` starts a comment); every id is checked before any request is made."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise SettingsError(f"cannot read --ids-file {path}: {getattr(error, 'strerror', None) or error}") from None
    ids: dict[str, None] = {}
    for number, line in enumerate(lines, start=1):
        if value := line.split("#", 1)[0].strip():
            try:
                ids.setdefault(normalize_nct_id(value))
            except InvalidNctId as error:
                raise InvalidNctId(f"{path}:{number}: {error}") from None
    if not ids:
        raise SettingsError(f"--ids-file {path} lists no NCT ids")
    return list(ids)


@dataclass(frozen=True)
class Delivery:
    """What one page brought: studies cut from it, and the ids asked for that it did not bring."""

    result: FetchResult | None
    studies: list[tuple[str, bytes]]
    missing: list[str]


@dataclass(frozen=True)
class Cut:
    """A search page taken apart: its studies as `(nctId, body)`, the studies it could not name, and paging."""

    studies: list[tuple[str, bytes]]
    unnamed: list[MalformedRecord]
    token: str | None
    total: int | None


def cut_page(result: FetchResult) -> Cut:
    """Each study of a search page re-serialised compactly, in the source's key order.

    The same record always gives the same bytes, whichever page or single request brought it, so its hash says
    whether it changed. A study without a valid NCT id is set aside, never used in a URL or a path.
    """
    try:
        document = load_json(result.body)
    except MalformedRecord as error:
        raise MalformedRecord(f"search page {result.url}: {error}") from None
    studies = document.get("studies") if isinstance(document, dict) else None
    if not isinstance(studies, list):
        raise MalformedRecord(f"search page {result.url} has no 'studies' list")
    cut = Cut([], [], None, None)
    for study in studies:
        try:
            cut.studies.append((study_id(study), canonical(study)))
        except MalformedRecord as error:
            cut.unnamed.append(MalformedRecord(f"search page {result.url}: {error}"))
    token, total = document.get("nextPageToken"), document.get("totalCount")
    return replace(cut, token=token if isinstance(token, str) and token else None,
                   total=total if isinstance(total, int) and not isinstance(total, bool) else None)


def study_id(study: object) -> str:
    """The study's NCT id, validated: it names the trial in the store and may end up in a path."""
    try:
        value = study["protocolSection"]["identificationModule"]["nctId"]  # type: ignore[index]
    except (TypeError, KeyError):
        raise MalformedRecord("a study without protocolSection.identificationModule.nctId, skipped") from None
    try:
        return normalize_nct_id(value)
    except InvalidNctId as error:
        raise MalformedRecord(f"a study with a bad id, skipped: {error}") from None


def canonical(study: object) -> bytes:
    try:
        return json.dumps(study, ensure_ascii=False, separators=(",", ":")).encode()
    except RecursionError:
        raise MalformedRecord("a study nested too deeply to store, skipped") from None


@dataclass(frozen=True)
class ParseJob:
    """What a pool worker needs: the body, and the version to compare it with (None on first sight)."""

    nct_id: str
    body: bytes
    previous: StoredVersion | None


@dataclass(frozen=True)
class Parsed:
    """A worker's answer: the version to store with what changed, the same record again, or why it failed."""

    nct_id: str
    new: NewVersion | None = None
    changes: tuple[str, ...] = ()
    error: ParseError | None = None


def parse_record(job: ParseJob) -> Parsed:
    """Parse one body and diff it against the previous version; runs in a pool worker, so pure and picklable."""
    from scraper.track import diff_versions, parsed_version, same_record, with_changes

    new = parsed_version(job.nct_id, job.body)
    if new.trial is None:
        return Parsed(job.nct_id, error=MalformedRecord(f"{job.nct_id} not parsed, nothing stored: {new.parse_error}"))
    if job.previous is None:
        return Parsed(job.nct_id, new)
    from scraper.track import trial_of

    trial = trial_of(new.trial)
    if same_record(job.previous, trial):
        return Parsed(job.nct_id)
    diff = diff_versions(job.previous, trial, new_criteria=new.criteria)
    return Parsed(job.nct_id, with_changes(new, job.previous, diff), tuple(change.summary for change in diff.changes))


def quiet_worker() -> None:
    """Pool initializer: Ctrl-C is the parent's to handle, so workers never die half-way through a job."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


PRELOAD = ["scraper.batch", "scraper.track", "parser.ctgov", "parser.diff", "parser.criteria.engine"]
"""Imported once by the fork server, so each worker starts with spaCy and the parsers loaded."""


@contextmanager
def parse_pool(jobs: int | None) -> Iterator[Executor]:
    """Where bodies are parsed: `jobs` worker processes (default one per CPU), or this process when `jobs` is 0.

    Workers are forked from a fork server (not from this process, which runs threads and the event loop) and
    started only when the first body needs parsing, so a run where nothing changed starts none. On exit,
    queued jobs are dropped and running ones finish: an interrupted run stops in seconds.
    """
    executor: Executor
    if jobs == 0:
        executor = ThreadPoolExecutor(max_workers=1)
    else:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
        executor = ProcessPoolExecutor(max_workers=jobs or os.cpu_count() or 1, mp_context=context,
                                       initializer=quiet_worker)
    try:
        yield executor
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


@dataclass
class Counts:
    """The run so far, as the progress display shows it."""

    total: int | None = None
    seen: int = 0
    new_versions: int = 0
    unchanged: int = 0
    errors: int = 0
    started: float = field(default_factory=time.monotonic)

    def rate(self, now: float) -> float:
        return self.seen / max(now - self.started, 1e-9)

    def eta(self, now: float) -> float | None:
        rate = self.rate(now)
        return (self.total - self.seen) / rate if self.total and rate and self.seen <= self.total else None


@dataclass(frozen=True)
class Failure:
    """One trial (or, with no id, one search) that could not be refreshed; nothing of it was stored."""

    nct_id: str | None
    error: TrialwatchError

    def line(self) -> str:
        text = " ".join(str(self.error).split())
        return text if self.nct_id is None or text.startswith(self.nct_id) else f"{self.nct_id}: {text}"


@dataclass(frozen=True)
class Change:
    """A new version stored in this run, and what changed since the version before (empty on first sight).

    Only labels are kept, not the stored version: a first run creates a version per trial, and the run's memory
    must not grow with them."""

    nct_id: str
    label: str
    title: str
    changes: tuple[str, ...]
    first: bool


@dataclass
class Summary:
    counts: Counts
    changes: list[Change] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)
    undone: list[str] = field(default_factory=list)
    """Trials not asked for because the circuit breaker stopped asking the source."""

    @property
    def changed(self) -> bool:
        return any(change.changes for change in self.changes)


class BatchRefresh:
    """One batch run against one store, one async client and one parse executor."""

    def __init__(self, store: Store, client: AsyncClient, executor: Executor, *, page_size: int = 100,
                 connections: int = 4, progress: Callable[[Counts], None] = lambda counts: None,
                 max_pages: int = MAX_PAGES) -> None:
        if not 1 <= page_size <= MAX_PAGE_SIZE:
            raise SettingsError(f"--page-size must be 1..{MAX_PAGE_SIZE}, got {page_size}")
        self.store, self.client, self.executor = store, client, executor
        self.page_size, self.connections, self.progress, self.max_pages = page_size, connections, progress, max_pages
        self.summary = Summary(Counts())
        self._stopped: HostUnavailable | None = None

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

        asyncio.run(main())
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
                cut = cut_page(page)
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
                cut = cut_page(page)
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
        studies = [(nct_id, body, delivery.result) for nct_id, body in delivery.studies]
        for nct_id in delivery.missing:
            if single := await self._single(nct_id):
                studies.append(single)
        loop = asyncio.get_running_loop()
        pending = []
        for nct_id, body, result in studies:
            if nct_id in self.summary.seen:  # a page that repeats: its trials were settled already
                continue
            self.summary.seen.add(nct_id)
            latest = self.store.latest_fetch(nct_id, "ctgov")
            if latest is not None and latest.body_sha256 == body_hash(body):
                self._count(unchanged=1)
                continue
            job = ParseJob(nct_id, body, self._latest_parsed(nct_id) if latest is not None else None)
            pending.append((self._as_fetched(nct_id, body, result), job.previous is None,
                            loop.run_in_executor(self.executor, parse_record, job)))
        for result, first, future in pending:
            self._store(result, first, await future)

    def _latest_parsed(self, nct_id: str) -> StoredVersion | None:
        """The version to diff against; only asked for a trial fetched before (no fetch, no version)."""
        parsed = [version for version in self.store.versions(nct_id, "ctgov") if version.trial is not None]
        return parsed[-1] if parsed else None

    async def _single(self, nct_id: str) -> tuple[str, bytes, FetchResult] | None:
        try:
            result = await fetch_record(self.client, nct_id)
            return nct_id, canonical(load_json(result.body)), result
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

    def _store(self, result: FetchResult, first: bool, parsed: Parsed) -> None:
        from scraper.track import version_title

        if parsed.error is not None:
            self._fail(parsed.nct_id, parsed.error)
            return
        if parsed.new is None:  # the same record in another body: remember the body, so next run skips it
            self.store.save_fetch(parsed.nct_id, "ctgov", result)
            self._count(unchanged=1)
            return
        version, created = self.store.save_version(parsed.nct_id, "ctgov", result,
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


class PlainProgress:
    """Progress as log lines (for cron and pipes): one every `every` seconds, and one when the run ends."""

    def __init__(self, stream: TextIO | None = None, every: float = 10.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.stream, self.every, self.clock = stream or sys.stderr, every, clock
        self.last: float | None = None

    def __call__(self, counts: Counts) -> None:
        now = self.clock()
        if self.last is None or now - self.last >= self.every:
            self.last = now
            self.stream.write(progress_line(counts, now) + "\n")
            self.stream.flush()

    def close(self, counts: Counts) -> None:
        self.stream.write(progress_line(counts, self.clock()) + "\n")


def progress_line(counts: Counts, now: float) -> str:
    total = f"/{counts.total}" if counts.total is not None else ""
    eta = counts.eta(now)
    return (f"refresh: {counts.seen}{total} trials seen, {counts.new_versions} new versions, {counts.errors} errors, "
            f"{counts.rate(now):.1f} trials/s" + (f", ETA {eta:.0f} s" if eta is not None else ""))


class RichProgress:
    """A live bar on stderr: trials seen of the total, new versions, errors, rate and ETA."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.bar = Progress(TextColumn("refresh"), BarColumn(), MofNCompleteColumn(),
                            TextColumn("{task.fields[new]} new · {task.fields[errors]} errors · "
                                       "{task.fields[rate]:.1f} trials/s"), TimeRemainingColumn(),
                            console=Console(stderr=True), transient=False)
        self.task = self.bar.add_task("refresh", total=None, new=0, errors=0, rate=0.0)
        self.bar.start()

    def __call__(self, counts: Counts) -> None:
        self.bar.update(self.task, completed=counts.seen, total=counts.total, new=counts.new_versions,
                        errors=counts.errors, rate=counts.rate(time.monotonic()))

    def close(self, counts: Counts) -> None:
        self(counts)
        self.bar.stop()
