"""`trialwatch track`, `history` and `diff`: NCT05628038's two known versions replayed, and bad stores refused."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from click.testing import Result
from typer.testing import CliRunner

from scraper.cli import CHANGED, app

if TYPE_CHECKING:
    from conftest import LoopbackServer

FIXTURES = Path(__file__).parent / "fixtures"
CASSETTE = "NCT05628038-history.yaml"
LIVE = ("--ctgov-url", "https://clinicaltrials.gov", "--clinconnect-url", "https://clinconnect.io")


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "store.sqlite"


@pytest.fixture
def run(store_path: Path):
    env = {"TRIALWATCH_STORE": str(store_path), "TRIALWATCH_MIN_INTERVAL": "0", "TRIALWATCH_BACKOFF_BASE": "0",
           "TRIALWATCH_MAX_ATTEMPTS": "1", "TRIALWATCH_STORE_BUSY_TIMEOUT": "0.2", "COLUMNS": "400"}

    def invoke(*args: str) -> Result:
        return CliRunner().invoke(app, list(args), env=env)

    return invoke


@pytest.fixture
def tracked(cassette, run) -> Result:
    """The first `track` of NCT05628038: an empty store sees the record's two versions."""
    with cassette.use_cassette(CASSETTE):
        return run("track", "NCT05628038", *LIVE)


def test_first_sight_of_the_newer_version_prints_the_changes_and_exits_10(tracked: Result) -> None:
    assert tracked.exit_code == CHANGED, tracked.output
    for expected in ("status: Not yet recruiting → Recruiting", "age max added: 75 years",
                     "Distant metastasis lesions: at most 5 added", "metastatic organ: at most 3 added",
                     '"resectable by MDT evaluation." →', "cohorts A/B added",
                     "primary outcome: R0 resection rate → local objective response rate", "brief summary changed",
                     "acronym added: TORCH-R"):
        assert expected in tracked.stdout, expected


def test_a_rerun_finds_no_change_and_exits_0(cassette, run, tracked: Result) -> None:
    with cassette.use_cassette(CASSETTE):
        again = run("track", "NCT05628038", *LIVE)
    assert again.exit_code == 0, again.output
    assert again.stdout == "NCT05628038: no change (latest v1)\n"


def test_the_live_record_same_as_the_latest_history_version_is_not_a_third_version(run, tracked: Result) -> None:
    listed = json.loads(run("history", "NCT05628038", "--json").stdout)
    assert [(v["source"], v["label"]) for v in listed] == [("ctgov", "v0"), ("ctgov", "v1"), ("clinconnect", "o3")]


def test_track_json_gives_each_diff_with_json_pointer_paths(cassette, run) -> None:
    with cassette.use_cassette(CASSETTE):
        result = run("track", "NCT05628038", "--json", *LIVE)
    (trial,) = json.loads(result.stdout)["trials"]
    (step,) = trial["steps"]
    assert (trial["outcome"], trial["new_versions"], step["from_version"], step["to_version"]) == \
        ("first_version", ["v0", "v1", "o3"], "v0", "v1")
    assert {"path": "/overall_status", "old": "NOT_YET_RECRUITING", "new": "RECRUITING"}.items() <= next(
        change for change in step["diff"]["changes"] if change["path"] == "/overall_status").items()


def test_track_out_writes_trial_criteria_versions_and_changes(cassette, run, tmp_path: Path) -> None:
    with cassette.use_cassette(CASSETTE):
        run("track", "NCT05628038", "--out", str(tmp_path / "out"), *LIVE)
    folder = tmp_path / "out" / "NCT05628038"
    assert sorted(path.name for path in (folder / "versions").iterdir()) == ["v0.json", "v1.json"]
    assert json.loads((folder / "trial.json").read_text())["overall_status"] == "RECRUITING"
    assert json.loads((folder / "criteria.json").read_text())["nct_id"] == "NCT05628038"
    assert "## v0 → v1" in (folder / "CHANGES.md").read_text()


def test_diff_of_a_tracked_trial_compares_its_latest_two_versions(run, tracked: Result) -> None:
    result = run("diff", "NCT05628038")
    assert result.exit_code == CHANGED
    assert result.stdout.splitlines()[0] == "status: Not yet recruiting → Recruiting"


def test_diff_from_a_version_to_itself_exits_0(run, tracked: Result) -> None:
    result = run("diff", "NCT05628038", "--from", "v1", "--to", "v1")
    assert (result.exit_code, result.stdout.strip()) == (0, "no changes")


def test_diff_of_an_unknown_version_names_the_stored_ones(run, tracked: Result) -> None:
    result = run("diff", "NCT05628038", "--from", "v7")
    assert (result.exit_code, result.stderr) == (2, "error: NCT05628038 has no parsed version 'v7'; stored: v0, v1\n")


def test_diff_of_two_record_files_needs_no_store(run, store_path: Path) -> None:
    result = run("diff", str(FIXTURES / "diff" / "NCT05628038.older.history-version.json"),
                 str(FIXTURES / "ctgov" / "NCT05628038.json"))
    assert result.exit_code == CHANGED
    assert "age max added: 75 years" in result.stdout.splitlines()
    assert not store_path.exists()


def test_diff_reads_the_version_files_track_writes(cassette, run, tmp_path: Path) -> None:
    with cassette.use_cassette(CASSETTE):
        run("track", "NCT05628038", "--out", str(tmp_path), *LIVE)
    versions = tmp_path / "NCT05628038" / "versions"
    result = run("diff", str(versions / "v0.json"), str(versions / "v1.json"), "--json")
    assert result.exit_code == CHANGED and json.loads(result.stdout)["has_changes"] is True


def test_help_documents_exit_code_10(run) -> None:
    result = run("track", "--help")
    assert "10 changed" in result.stdout and "0 success" in result.stdout


def test_a_foreign_store_exits_6_and_is_left_untouched(run, tmp_path: Path) -> None:
    foreign = tmp_path / "notes.sqlite"
    db = sqlite3.connect(foreign)
    db.execute("CREATE TABLE notes (text TEXT)")
    db.commit()
    db.close()
    before = foreign.read_bytes()
    result = run("track", "NCT05628038", "--store", str(foreign), *LIVE)
    assert (result.exit_code, result.stderr) == (
        6, f"error: {foreign} is an SQLite database but not a trialwatch store; left untouched\n")
    assert foreign.read_bytes() == before


def test_a_store_locked_by_another_process_waits_then_exits_6(cassette, run, store_path: Path) -> None:
    with cassette.use_cassette(CASSETTE):
        run("track", "NCT05628038", *LIVE)
    other = sqlite3.connect(store_path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with cassette.use_cassette(CASSETTE):
            result = run("track", "NCT05628038", *LIVE)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert result.exit_code == 6
    locked = rf"error: store {re.escape(str(store_path))} is locked by another process \(waited [0-9.]+ s\)\n"
    assert re.fullmatch(locked, result.stderr)


def test_a_changed_live_record_is_a_new_observed_version(run, reply, server: LoopbackServer) -> None:
    record = json.loads((FIXTURES / "ctgov" / "NCT05628038.json").read_text())
    later = json.loads(json.dumps(record))
    later["protocolSection"]["statusModule"]["overallStatus"] = "ACTIVE_NOT_RECRUITING"
    later["protocolSection"]["statusModule"]["lastUpdatePostDateStruct"] = {"date": "2026-01-05"}
    server.route("/api/v2/studies/NCT05628038", reply(body=json.dumps(record).encode()),
                 reply(body=json.dumps(later).encode()))
    server.route("/trials/NCT05628038", reply(headers={"Content-Type": "text/html"},
                                              body=(FIXTURES / "clinconnect" / "NCT05628038.html").read_bytes()))
    urls = ("--ctgov-url", server.url, "--clinconnect-url", server.url, "--no-history")
    first = run("track", "NCT05628038", *urls)
    assert first.exit_code == CHANGED and "NCT05628038: first version stored (o1, o2)" in first.stdout
    result = run("track", "NCT05628038", *urls)
    assert result.exit_code == CHANGED, result.output
    heading, *changes = result.stdout.splitlines()
    assert re.fullmatch(r"NCT05628038 o1 \(seen \d{4}-\d\d-\d\d\) → o3 \(2026-01-05\): 2 change\(s\)", heading)
    assert changes == ["  • status: Recruiting → Active not recruiting", "  • last update posted added: 2026-01-05"]
