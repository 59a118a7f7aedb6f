"""The `trialwatch` command line: results for people and programs, and one clear line for every bad input."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from click.testing import Result
from typer.testing import CliRunner

from scraper.cli import EXIT_CODES, app
from scraper.sqlite_store import SQLiteStore
from tables import table_rows

if TYPE_CHECKING:
    from conftest import LoopbackServer

FIXTURES = Path(__file__).parent / "fixtures"

STUDY_PATH = "/api/v2/studies/NCT05628038"
PAGE_PATH = "/trials/NCT05628038"
RECORD = (FIXTURES / "ctgov" / "NCT05628038.json").read_bytes()
PAGE = (FIXTURES / "clinconnect" / "NCT05628038.html").read_bytes()


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "store.sqlite"


@pytest.fixture
def run(store_path: Path, server: LoopbackServer):
    """Invoke `trialwatch` against the loopback server, fast: no rate limit, no backoff, two attempts."""
    env = {"TRIALWATCH_STORE": str(store_path), "TRIALWATCH_CTGOV_URL": server.url,
           "TRIALWATCH_CLINCONNECT_URL": server.url, "TRIALWATCH_MIN_INTERVAL": "0",
           "TRIALWATCH_BACKOFF_BASE": "0", "TRIALWATCH_RETRY_AFTER_CAP": "0", "TRIALWATCH_MAX_ATTEMPTS": "2",
           "TRIALWATCH_READ_TIMEOUT": "2", "COLUMNS": "200"}

    def invoke(*args: str, **extra_env: str) -> Result:
        return CliRunner().invoke(app, list(args), env={**env, **extra_env})

    return invoke


def fetched_rows(stdout: str) -> list[tuple[str, ...]]:
    """The `fetch` table's rows as (NCT id, source, HTTP status, trial status)."""
    return [(nct_id, source, status, trial_status) for nct_id, source, status, _, _, trial_status in table_rows(stdout)]


def assert_one_line_error(result: Result, code: int, pattern: str) -> None:
    """The contract for bad input: exit `code`, exactly one `error:` line on stderr, no traceback."""
    lines = result.stderr.splitlines()
    assert result.exit_code == code, result.output
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert re.search(pattern, lines[0]), lines[0]
    assert "Traceback" not in result.output


def stored_rows(store_path: Path) -> dict[str, int]:
    if not store_path.exists():
        return {"bodies": 0, "fetches": 0}
    with SQLiteStore(store_path) as store:
        stats = store.stats()
    return {"bodies": stats.bodies, "fetches": stats.fetches}


def test_help_lists_every_exit_code() -> None:
    result = CliRunner().invoke(app, ["--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for _, code, meaning in EXIT_CODES:
        assert f"{code} " in result.stdout and meaning.split(":")[0] in result.stdout


def test_fetch_replays_both_sources_and_stores_each_body(cassette, run, store_path: Path) -> None:
    with cassette.use_cassette("NCT05628038.yaml"):
        result = run("fetch", "NCT05628038", "--ctgov-url", "https://clinicaltrials.gov",
                     "--clinconnect-url", "https://clinconnect.io")
    assert result.exit_code == 0, result.output
    assert fetched_rows(result.stdout) == [("NCT05628038", "ctgov", "200", "RECRUITING"),
                                           ("NCT05628038", "clinconnect", "200", "Recruiting")]
    assert stored_rows(store_path) == {"bodies": 2, "fetches": 2}


def test_fetch_json_gives_the_parsed_record_and_its_body_hash(cassette, run) -> None:
    with cassette.use_cassette("NCT05628038.yaml"):
        result = run("fetch", "NCT05628038", "--source", "ctgov", "--json", "--ctgov-url", "https://clinicaltrials.gov")
    [item] = json.loads(result.stdout)["fetches"]
    assert item["record"]["acronym"] == "TORCH-R" and item["new_body"] is True and len(item["sha256"]) == 64


def test_fetch_all_gives_one_merged_view_per_trial(cassette, run) -> None:
    with cassette.use_cassette("NCT05628038.yaml"):
        result = run("fetch", "NCT05628038", "--json", "--ctgov-url", "https://clinicaltrials.gov",
                     "--clinconnect-url", "https://clinconnect.io")
    [trial] = json.loads(result.stdout)["trials"]
    assert (trial["overall_status"], trial["sources"]["overall_status"]) == ("RECRUITING", "ctgov")
    assert (trial["current_as_of"], trial["sources"]["current_as_of"]) == ("2025-06-26", "clinconnect")


def test_sources_that_disagree_are_listed_not_hidden(reply, run, server: LoopbackServer) -> None:
    study = json.loads(RECORD)
    study["protocolSection"]["statusModule"]["overallStatus"] = "COMPLETED"
    server.route(STUDY_PATH, reply(body=json.dumps(study).encode()))
    server.route(PAGE_PATH, reply(body=PAGE, headers={"Content-Type": "text/html"}))
    result = run("fetch", "NCT05628038")
    assert result.stdout.splitlines()[-1] == ("NCT05628038: sources disagree on overall_status: ctgov 'COMPLETED', "
                                              "clinconnect 'RECRUITING'")


def test_a_record_of_another_trial_is_refused_and_not_stored(reply, run, server: LoopbackServer,
                                                             store_path: Path) -> None:
    server.route("/api/v2/studies/NCT00000001", reply(body=RECORD))
    result = run("fetch", "NCT00000001", "--source", "ctgov")
    assert_one_line_error(result, 5, "for NCT00000001, got NCT05628038")
    assert stored_rows(store_path) == {"bodies": 0, "fetches": 0}


def test_fetching_the_same_body_again_stores_it_once(reply, run, server: LoopbackServer, store_path: Path) -> None:
    server.route(STUDY_PATH, reply(body=RECORD))
    run("fetch", "NCT05628038", "--source", "ctgov")
    again = run("fetch", "NCT05628038", "--source", "ctgov", "--json")
    assert json.loads(again.stdout)["fetches"][0]["new_body"] is False
    assert stored_rows(store_path) == {"bodies": 1, "fetches": 2}


def test_a_second_fetch_is_conditional_and_a_304_reuses_the_stored_body(reply, run, server: LoopbackServer) -> None:
    server.route(STUDY_PATH, reply(body=RECORD, headers={"Content-Type": "application/json", "ETag": '"v1"'}),
                 reply(status=304, body=b""))
    run("fetch", "NCT05628038", "--source", "ctgov")
    again = run("fetch", "NCT05628038", "--source", "ctgov", "--json")
    assert server.requests[1][1]["If-None-Match"] == '"v1"'
    assert json.loads(again.stdout)["fetches"][0]["record"]["acronym"] == "TORCH-R"


@pytest.mark.parametrize("bad_id", ["NCT123", "../etc"])
def test_a_malformed_id_exits_2_before_any_request(run, server: LoopbackServer, store_path: Path,
                                                    bad_id: str) -> None:
    assert_one_line_error(run("fetch", "NCT05628038", bad_id), 2, "not an NCT id")
    assert server.requests == [] and not store_path.exists()


def test_a_missing_trial_exits_3(run, store_path: Path) -> None:
    assert_one_line_error(run("fetch", "NCT05628038", "--source", "ctgov"), 3, "404")
    assert stored_rows(store_path)["fetches"] == 0


@pytest.mark.parametrize(("status", "name"), [(429, "429"), (503, "503")])
def test_a_source_that_keeps_failing_exits_4_naming_the_status(reply, run, server: LoopbackServer, status: int,
                                                                name: str) -> None:
    server.route(STUDY_PATH, reply(status=status, headers={"Retry-After": "1"}))
    assert_one_line_error(run("fetch", "NCT05628038", "--source", "ctgov"), 4, name)
    assert server.paths() == [STUDY_PATH, STUDY_PATH]


def test_429_then_200_succeeds(reply, run, server: LoopbackServer, store_path: Path) -> None:
    server.route(STUDY_PATH, reply(status=429, headers={"Retry-After": "0"}), reply(body=RECORD))
    assert run("fetch", "NCT05628038", "--source", "ctgov").exit_code == 0
    assert stored_rows(store_path) == {"bodies": 1, "fetches": 1}


def test_a_timeout_exits_4(reply, run, server: LoopbackServer) -> None:
    server.route(STUDY_PATH, reply(body=RECORD, delay=0.5))
    result = run("fetch", "NCT05628038", "--source", "ctgov", TRIALWATCH_READ_TIMEOUT="0.1")
    assert_one_line_error(result, 4, "timed out")


def test_a_body_over_the_size_cap_exits_4_and_stores_nothing(reply, run, server: LoopbackServer,
                                                             store_path: Path) -> None:
    server.route(STUDY_PATH, reply(body=RECORD))
    result = run("fetch", "NCT05628038", "--source", "ctgov", TRIALWATCH_MAX_BYTES="1000")
    assert_one_line_error(result, 4, "1000-byte cap")
    assert stored_rows(store_path)["bodies"] == 0


@pytest.mark.parametrize(("body", "content_type", "says"), [
    (RECORD[: len(RECORD) // 2], "application/json", "truncated JSON"),
    (b"Service temporarily unavailable", "text/plain", "not JSON"),
    (b"<!DOCTYPE html><html><body><h1>Maintenance</h1></body></html>", "text/html", "HTML"),
], ids=["truncated-json", "not-json", "html-instead-of-json"])
def test_a_body_that_is_not_a_study_exits_5_and_stores_nothing(reply, run, server: LoopbackServer, store_path: Path,
                                                               body: bytes, content_type: str, says: str) -> None:
    server.route(STUDY_PATH, reply(body=body, headers={"Content-Type": content_type}))
    assert_one_line_error(run("fetch", "NCT05628038", "--source", "ctgov"), 5, f"NCT05628038 from .*{says}")
    assert stored_rows(store_path) == {"bodies": 0, "fetches": 0}


def test_a_page_without_its_landmarks_exits_5_naming_the_landmark(reply, run, server: LoopbackServer) -> None:
    server.route(PAGE_PATH, reply(body=b"<html><body><h1>Welcome</h1></body></html>",
                                  headers={"Content-Type": "text/html"}))
    assert_one_line_error(run("fetch", "NCT05628038", "--source", "clinconnect"), 5, "missing landmark")


def test_one_failing_trial_does_not_stop_the_others(reply, run, server: LoopbackServer, store_path: Path) -> None:
    server.route(STUDY_PATH, reply(body=RECORD))
    result = run("fetch", "NCT00000001", "NCT05628038", "--source", "ctgov")
    assert_one_line_error(result, 3, "NCT00000001")
    assert fetched_rows(result.stdout) == [("NCT05628038", "ctgov", "200", "RECRUITING")]
    assert stored_rows(store_path) == {"bodies": 1, "fetches": 1}


def test_odd_unicode_survives_the_trip_into_the_store(reply, run, server: LoopbackServer, store_path: Path) -> None:
    study = json.loads(RECORD)
    study["protocolSection"]["conditionsModule"]["conditions"] = ["Rectal ×≥µ\u00a0\\<5 \\^9 癌"]
    odd = json.dumps(study, ensure_ascii=False).encode()
    server.route(STUDY_PATH, reply(body=odd))
    assert run("fetch", "NCT05628038", "--source", "ctgov").exit_code == 0
    with SQLiteStore(store_path) as store:
        assert store.body(store.latest_fetch("NCT05628038", "ctgov").body_sha256) == odd


def test_a_foreign_store_file_exits_6_and_is_left_untouched(run, tmp_path: Path, server: LoopbackServer) -> None:
    foreign = tmp_path / "thesis.docx"
    foreign.write_bytes(b"PK\x03\x04 not a database")
    assert_one_line_error(run("fetch", "NCT05628038", "--store", str(foreign)), 6, "thesis.docx")
    assert foreign.read_bytes() == b"PK\x03\x04 not a database" and server.requests == []


def test_a_locked_store_exits_6(reply, run, store_path: Path, server: LoopbackServer) -> None:
    server.route(STUDY_PATH, reply(body=RECORD))
    SQLiteStore(store_path).close()
    holder = sqlite3.connect(store_path, isolation_level=None, timeout=0)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        result = run("fetch", "NCT05628038", "--source", "ctgov", TRIALWATCH_STORE_BUSY_TIMEOUT="0.2")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert_one_line_error(result, 6, r"locked by another process \(waited 0.2 s\)")


def test_an_unusable_setting_exits_2(run) -> None:
    assert_one_line_error(run("fetch", "NCT05628038", TRIALWATCH_MIN_INTERVAL="fast"), 2, "MIN_INTERVAL")


def test_parse_prints_a_ctgov_record_as_trial_json(run) -> None:
    result = run("parse", str(FIXTURES / "ctgov" / "NCT05628038.json"))
    trial = json.loads(result.stdout)
    assert (trial["nct_id"], trial["acronym"], trial["eligibility"]["maximum_age"]["value"]) == \
        ("NCT05628038", "TORCH-R", 75)


def test_parse_detects_a_clinconnect_page(run) -> None:
    page = json.loads(run("parse", str(FIXTURES / "clinconnect" / "NCT05628038.html")).stdout)
    assert (page["nct_id"], page["current_as_of"]) == ("NCT05628038", "2025-06-26")


def test_parse_reads_a_pasted_page_text(run) -> None:
    page = json.loads(run("parse", str(FIXTURES / "clinconnect" / "NCT05628038.txt")).stdout)
    assert (page["nct_id"], page["status"], page["launched"]) == ("NCT05628038", "Recruiting", "2022-11-17")


def test_parse_of_a_broken_record_exits_5(run, tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_bytes(RECORD[:100])
    assert_one_line_error(run("parse", str(broken)), 5, "truncated JSON")


def test_the_cli_does_not_import_spacy_for_fetch_or_parse() -> None:
    code = ("import sys; from typer.testing import CliRunner; from scraper.cli import app; "
            f"CliRunner().invoke(app, ['parse', {str(FIXTURES / 'ctgov' / 'NCT05628038.json')!r}]); "
            f"CliRunner().invoke(app, ['parse', {str(FIXTURES / 'clinconnect' / 'NCT05628038.html')!r}]); "
            "print('spacy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).parents[1])
    assert out.stdout.strip() == "False"


HOSTILE_RECORDS = {
    "a-5000-digit-integer": RECORD.replace(b'"protocolSection"', b'"n": ' + b"9" * 5000 + b', "protocolSection"', 1),
    "nesting-100k-deep": b'{"studies": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
}


@pytest.mark.parametrize("body", HOSTILE_RECORDS.values(), ids=HOSTILE_RECORDS.keys())
def test_a_record_no_json_reader_should_take_is_a_parse_error_when_fetched(reply, run, server: LoopbackServer,
                                                                          store_path: Path, body: bytes) -> None:
    server.route(STUDY_PATH, reply(body=body))
    assert_one_line_error(run("fetch", "NCT05628038", "--source", "ctgov"), 5, "NCT05628038 from .*not JSON we")
    assert stored_rows(store_path) == {"bodies": 0, "fetches": 0}


@pytest.mark.parametrize("body", HOSTILE_RECORDS.values(), ids=HOSTILE_RECORDS.keys())
def test_a_record_no_json_reader_should_take_is_a_parse_error_in_parse_and_diff(run, tmp_path: Path,
                                                                               body: bytes) -> None:
    hostile, good = tmp_path / "hostile.json", tmp_path / "good.json"
    hostile.write_bytes(body)
    good.write_bytes(RECORD)
    assert_one_line_error(run("parse", str(hostile)), 5, "not JSON we can read")
    assert_one_line_error(run("diff", str(good), str(hostile)), 5, "hostile.json: not JSON we can read")


def test_a_redirect_to_another_host_exits_4_and_stores_nothing(reply, run, server: LoopbackServer,
                                                               store_path: Path) -> None:
    server.route(STUDY_PATH, reply(302, headers={"Location": server.url.replace("127.0.0.1", "localhost") + "/x"}))
    result = run("fetch", "NCT05628038", "--source", "ctgov")
    assert_one_line_error(result, 4, "redirected to another host .*localhost.*refused")
    assert (server.paths(), stored_rows(store_path)) == ([STUDY_PATH], {"bodies": 0, "fetches": 0})
