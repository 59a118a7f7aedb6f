"""History backfill: every listed version fetched once, bad ones reported, and the live record when history fails;
a refresh reads a trial's stored versions once and each step sees what the one before stored. On both stores.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest
from typer.testing import CliRunner

from parser import diff
from scraper import tracking
from scraper.cli import app
from scraper.http import Timing
from scraper.settings import Settings
from scraper.stores import open_store
from scraper.track import Tracked, Tracker, write_extracted

if TYPE_CHECKING:
    from conftest import LoopbackServer

FIXTURES = Path(__file__).parent / "fixtures"
NCT = "NCT05628038"
LIVE_PATH = f"/api/v2/studies/{NCT}"
HISTORY_PATH = f"/api/int/studies/{NCT}/history"
RECORD = json.loads((FIXTURES / "ctgov" / "NCT05628038.json").read_text())
OLDER = json.loads((FIXTURES / "diff" / "NCT05628038.older.history-version.json").read_text())


def version_body(number: int, document: dict = OLDER) -> bytes:
    return json.dumps({"studyVersion": number, "patchVersion": None, **document}).encode()


def changes(*numbers: int) -> bytes:
    listed = [{"version": n, "status": "RECRUITING", "moduleLabels": []} for n in numbers]
    return json.dumps({"changes": listed}).encode()


def with_status(status: str) -> dict:
    study = json.loads(json.dumps(OLDER))
    study["study"]["protocolSection"]["statusModule"]["overallStatus"] = status
    return study


class Source:
    """A fake CT.gov: path -> (status, body, Date header); records every path asked for."""

    def __init__(self, routes: dict[str, tuple[int, bytes]]) -> None:
        self.routes, self.paths = routes, []
        self.dates: dict[str, str] = {}

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.paths.append(request.url.path)
        status, body = self.routes.get(request.url.path, (404, b'{"message": "not found"}'))
        headers = {"content-type": "application/json"}
        if request.url.path in self.dates:
            headers["date"] = self.dates[request.url.path]
        return httpx.Response(status, content=body, headers=headers)


def track(running: Tracker, store) -> Tracked:
    """One run of `running` for NCT, given the trial's versions as stored, as the tracking service gives them."""
    return running.track(NCT, store.versions(NCT, "ctgov"))


@pytest.fixture
def tracker(make_client, store) -> Callable[[Source], Tracker]:
    def make(source: Source, **client_settings: object) -> Tracker:
        return Tracker(store, make_client(source, max_attempts=1, **client_settings))

    return make


def test_each_listed_version_is_stored_and_diffed_against_the_one_before(tracker, store) -> None:
    source = Source({HISTORY_PATH: (200, changes(0, 1)), f"{HISTORY_PATH}/0": (200, version_body(0)),
                     f"{HISTORY_PATH}/1": (200, version_body(1, with_status("RECRUITING"))),
                     LIVE_PATH: (200, json.dumps(RECORD).encode())})
    tracked = track(tracker(source), store)
    assert [v.label for v in store.versions(NCT, "ctgov")] == ["v0", "v1", "o3"]
    assert [change.summary for change in tracked.steps[0].diff.changes] == [
        "status: Not yet recruiting → Recruiting"]


def test_versions_already_stored_are_not_fetched_again(tracker, store) -> None:
    source = Source({HISTORY_PATH: (200, changes(0)), f"{HISTORY_PATH}/0": (200, version_body(0)),
                     LIVE_PATH: (200, version_body(0))})
    track(tracker(source), store)
    source.routes[HISTORY_PATH] = (200, changes(0, 1))
    source.routes[f"{HISTORY_PATH}/1"] = (200, version_body(1, with_status("RECRUITING")))
    source.paths.clear()
    track(tracker(source), store)
    assert source.paths == [HISTORY_PATH, f"{HISTORY_PATH}/1", LIVE_PATH]


def counted_diffs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A list that gets an entry for every diff made from now on."""
    diffed: list[str] = []
    original = diff.diff_trials

    def counted(*args, **options):
        diffed.append("diff")
        return original(*args, **options)

    monkeypatch.setattr(diff, "diff_trials", counted)
    return diffed


def test_a_run_that_stores_nothing_diffs_nothing(tracker, store, monkeypatch) -> None:
    source = Source({HISTORY_PATH: (200, changes(0, 1)), f"{HISTORY_PATH}/0": (200, version_body(0)),
                     f"{HISTORY_PATH}/1": (200, version_body(1, with_status("RECRUITING"))),
                     LIVE_PATH: (200, version_body(1, with_status("RECRUITING")))})
    assert len(track(tracker(source), store).steps) == 1
    diffed = counted_diffs(monkeypatch)
    tracked = track(tracker(source), store)
    assert (tracked.new_versions, tracked.steps, diffed) == ([], [], [])


def test_each_version_a_run_stores_is_diffed_once_when_stored(tracker, store, monkeypatch) -> None:
    source = Source({HISTORY_PATH: (200, changes(0, 1)), f"{HISTORY_PATH}/0": (200, version_body(0)),
                     f"{HISTORY_PATH}/1": (200, version_body(1, with_status("RECRUITING"))),
                     LIVE_PATH: (200, json.dumps(RECORD).encode())})
    diffed = counted_diffs(monkeypatch)
    tracked = track(tracker(source), store)
    assert (len(tracked.steps), len(diffed)) == (2, 2)  # v0 → v1 and v1 → o3, each diffed as it was stored


def test_out_diffs_again_only_the_steps_a_run_did_not_store(tracker, store, monkeypatch, tmp_path: Path) -> None:
    source = Source({HISTORY_PATH: (200, changes(0, 1)), f"{HISTORY_PATH}/0": (200, version_body(0)),
                     f"{HISTORY_PATH}/1": (200, version_body(1, with_status("RECRUITING"))),
                     LIVE_PATH: (200, version_body(1, with_status("RECRUITING")))})
    track(tracker(source), store)  # v0 → v1
    source.routes[LIVE_PATH] = (200, json.dumps(RECORD).encode())
    diffed = counted_diffs(monkeypatch)
    tracked = track(tracker(source), store)  # v1 → o3
    write_extracted(tmp_path, NCT, tracked.timeline, tracked.diffs)
    assert len(diffed) == 2  # o3 when it was stored, v0 → v1 for CHANGES.md; o3's step taken as made
    (tmp_path / NCT / "CHANGES.md").rename(tmp_path / "reused.md")
    write_extracted(tmp_path, NCT, store.versions(NCT, "ctgov"))
    assert (tmp_path / NCT / "CHANGES.md").read_bytes() == (tmp_path / "reused.md").read_bytes()


@pytest.mark.parametrize("history", [(503, b"down"), (200, b"<html>maintenance</html>"),
                                     (200, b'{"changes": [{"version": "zero"}]}'), (200, b'{"versions": []}')],
                         ids=["5xx", "html", "changed-entry-shape", "changed-shape"])
def test_history_that_fails_or_changes_shape_leaves_tracking_to_the_live_record(tracker, store, history) -> None:
    source = Source({HISTORY_PATH: history, LIVE_PATH: (200, json.dumps(RECORD).encode())})
    running = tracker(source)
    tracked = track(running, store)
    assert running.history_unavailable and tracked.latest is not None
    assert [v.label for v in store.versions(NCT, "ctgov")] == ["o1"]


def test_once_history_is_unavailable_it_is_not_asked_again_in_the_run(tracker, store) -> None:
    source = Source({HISTORY_PATH: (503, b"down"), LIVE_PATH: (200, json.dumps(RECORD).encode())})
    running = tracker(source)
    track(running, store)
    track(running, store)
    assert source.paths.count(HISTORY_PATH) == 1


def test_an_empty_history_is_reported_and_the_live_record_tracked(tracker, store) -> None:
    source = Source({HISTORY_PATH: (200, changes()), LIVE_PATH: (200, json.dumps(RECORD).encode())})
    tracked = track(tracker(source), store)
    assert tracked.problems == [f"{NCT}: the history lists no versions"]
    assert [v.label for v in store.versions(NCT, "ctgov")] == ["o1"]


def test_a_version_list_with_gaps_fetches_what_is_listed_and_names_the_gaps(tracker, store) -> None:
    source = Source({HISTORY_PATH: (200, changes(0, 3)), f"{HISTORY_PATH}/0": (200, version_body(0)),
                     f"{HISTORY_PATH}/3": (200, version_body(3, with_status("RECRUITING"))),
                     LIVE_PATH: (200, version_body(3, with_status("RECRUITING")))})
    tracked = track(tracker(source), store)
    assert f"{NCT}: the history skips version(s) 1, 2" in tracked.problems
    assert [v.label for v in store.versions(NCT, "ctgov")] == ["v0", "v3"]


def test_a_version_that_fails_to_parse_is_kept_raw_reported_and_the_others_go_on(tracker, store) -> None:
    broken = b'{"studyVersion": 1, "study": {"protocolSection": {"identificationModule": {"nctId": 5}}}}'
    source = Source({HISTORY_PATH: (200, changes(0, 1, 2)), f"{HISTORY_PATH}/0": (200, version_body(0)),
                     f"{HISTORY_PATH}/1": (200, broken),
                     f"{HISTORY_PATH}/2": (200, version_body(2, with_status("RECRUITING"))),
                     LIVE_PATH: (200, version_body(2, with_status("RECRUITING")))})
    tracked = track(tracker(source), store)
    v0, v1, v2 = store.versions(NCT, "ctgov")
    assert v1.trial is None and store.body(v1.body_sha256) == broken
    assert any(problem.startswith(f"{NCT} v1 kept raw, not parsed:") for problem in tracked.problems)
    assert [(step.old.label, step.new.label) for step in tracked.steps] == [("v0", "v2")]


def test_a_version_that_cannot_be_fetched_is_reported_and_tried_again_next_run(tracker, store) -> None:
    source = Source({HISTORY_PATH: (200, changes(0, 1)), f"{HISTORY_PATH}/0": (200, version_body(0)),
                     f"{HISTORY_PATH}/1": (500, b"oops"), LIVE_PATH: (200, version_body(0))})
    tracked = track(tracker(source), store)
    assert any(problem.startswith(f"{NCT} v1 not fetched") for problem in tracked.problems)
    source.routes[f"{HISTORY_PATH}/1"] = source.routes[LIVE_PATH] = (200, version_body(1, with_status("RECRUITING")))
    track(tracker(source), store)
    assert [v.label for v in store.versions(NCT, "ctgov")] == ["v0", "v1"]


def test_live_versions_are_ordered_by_the_sources_date_when_the_local_clock_is_skewed(make_client, store) -> None:
    source = Source({HISTORY_PATH: (503, b""), LIVE_PATH: (200, version_body(0))})
    source.dates[LIVE_PATH] = "Mon, 05 Jan 2026 12:00:00 GMT"
    clock = iter([datetime(2026, 1, 5, tzinfo=UTC), datetime(2019, 1, 1, tzinfo=UTC)])  # jumps back 7 years
    running = Tracker(store, make_client(source, max_attempts=1, timing=Timing(now=lambda: next(clock))))
    track(running, store)
    source.routes[LIVE_PATH] = (200, version_body(0, with_status("RECRUITING")))
    source.dates[LIVE_PATH] = "Tue, 06 Jan 2026 12:00:00 GMT"
    tracked = track(running, store)
    assert [v.trial["overall_status"] for v in store.versions(NCT, "ctgov")] == ["NOT_YET_RECRUITING", "RECRUITING"]
    assert tracked.changed


def test_the_cli_says_history_unavailable_once_for_many_trials(reply, server: LoopbackServer, tmp_path: Path) -> None:
    for nct_id in (NCT, "NCT06008288"):
        record = (FIXTURES / "ctgov" / f"{nct_id}.json").read_bytes()
        server.route(f"/api/v2/studies/{nct_id}", reply(body=record))
        server.route(f"/api/int/studies/{nct_id}/history", reply(503, body=b"unavailable"))
    env = {"TRIALWATCH_STORE": str(tmp_path / "s.sqlite"), "TRIALWATCH_CTGOV_URL": server.url,
           "TRIALWATCH_CLINCONNECT_URL": server.url, "TRIALWATCH_MIN_INTERVAL": "0", "TRIALWATCH_MAX_ATTEMPTS": "1"}
    result = CliRunner().invoke(app, ["track", NCT, "NCT06008288", "--json"], env=env)
    assert result.stderr.count("history unavailable:") == 1
    assert [trial["latest"] for trial in json.loads(result.stdout)["trials"]] == ["o1", "o2"]


def test_a_version_backfilled_in_the_run_is_what_the_live_record_is_compared_with(tracker, store) -> None:
    source = Source({HISTORY_PATH: (200, changes(0, 1)), f"{HISTORY_PATH}/0": (200, version_body(0)),
                     f"{HISTORY_PATH}/1": (200, version_body(1, with_status("RECRUITING"))),
                     LIVE_PATH: (200, version_body(1, with_status("RECRUITING")))})
    tracked = track(tracker(source), store)
    assert (tracked.latest.label, [v.label for v in store.versions(NCT, "ctgov")]) == ("v1", ["v0", "v1"])


def test_the_runs_versions_are_in_the_stores_order_when_history_comes_after_an_observation(tracker, store) -> None:
    source = Source({HISTORY_PATH: (503, b"down"), LIVE_PATH: (200, version_body(0))})
    track(tracker(source), store)
    source.routes.update({HISTORY_PATH: (200, changes(0, 1)), f"{HISTORY_PATH}/0": (200, version_body(0)),
                          f"{HISTORY_PATH}/1": (200, version_body(1, with_status("RECRUITING"))),
                          LIVE_PATH: (200, version_body(1, with_status("RECRUITING")))})
    tracked = track(tracker(source), store)
    assert [v.label for v in tracked.timeline] == [v.label for v in store.versions(NCT, "ctgov")] == [
        "v0", "v1", "o1", "o4"]


def test_a_refresh_reads_each_sources_stored_versions_once(reply, server: LoopbackServer, store_location: str,
                                                           monkeypatch, tmp_path: Path) -> None:
    server.route(HISTORY_PATH, reply(body=changes(0)))
    server.route(f"{HISTORY_PATH}/0", reply(body=version_body(0)))
    server.route(LIVE_PATH, reply(body=json.dumps(RECORD).encode()))
    server.route(f"/trials/{NCT}", reply(body=(FIXTURES / "clinconnect" / f"{NCT}.html").read_bytes(),
                                         headers={"Content-Type": "text/html"}))
    reads: list[str] = []

    @contextlib.contextmanager
    def counting(settings: Settings):
        with open_store(settings) as opened:
            read = opened.versions

            def versions(nct_id: str, source: str) -> list:
                reads.append(source)
                return read(nct_id, source)

            monkeypatch.setattr(opened, "versions", versions)
            yield opened

    monkeypatch.setattr(tracking, "open_store", counting)
    settings = Settings(store=store_location, ctgov_url=server.url, clinconnect_url=server.url, min_interval=0,
                        max_attempts=1)
    outcomes = [tracking.track_trials(settings, [NCT], out=tmp_path).report.trials[0].outcome for _ in range(2)]
    assert (outcomes, reads) == (["first_version", "unchanged"], ["ctgov", "clinconnect"] * 2)
