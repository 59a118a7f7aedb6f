"""`trialwatch stats` and `changes` on both stores, and `--store` choosing between a file and a server."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from scraper.cli import app

LIVE = ("--ctgov-url", "https://clinicaltrials.gov", "--clinconnect-url", "https://clinconnect.io")
ENV = {"TRIALWATCH_MIN_INTERVAL": "0", "TRIALWATCH_MAX_ATTEMPTS": "1", "COLUMNS": "200"}


def run(*args: str, store: str) -> Result:
    return CliRunner().invoke(app, list(args), env={**ENV, "TRIALWATCH_STORE": store})


@pytest.fixture
def tracked(cassette, store_location: str) -> str:
    """A store holding NCT05628038's two history versions (v0 2022-11-17, v1 with an age limit added)."""
    with cassette.use_cassette("NCT05628038-history.yaml"):
        assert run("track", "NCT05628038", *LIVE, store=store_location).exit_code == 10
    return store_location


def assert_one_error_line(result: Result, code: int, pattern: str) -> None:
    assert result.exit_code == code, result.output
    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("error: ")
    assert pattern in result.stderr and "Traceback" not in result.output


def test_changes_names_the_trial_whose_age_limit_changed(tracked: str) -> None:
    result = run("changes", "--since", "2000-01-01", "--field", "eligibility/maximum_age", "--json", store=tracked)
    assert result.exit_code == 0, result.output
    assert [(v["nct_id"], v["label"], v["fields"]) for v in json.loads(result.stdout)] == [
        ("NCT05628038", "v1", ["/eligibility/maximum_age"])]


def test_changes_since_a_later_day_finds_nothing_and_says_so(tracked: str) -> None:
    result = run("changes", "--since", "2099-01-01", "--field", "eligibility", store=tracked)
    assert result.exit_code == 0, result.output
    assert result.stdout == "no stored version dated 2099-01-01 or later changed eligibility\n"


def test_changes_prints_a_line_per_version_with_its_date_and_fields(tracked: str) -> None:
    result = run("changes", "--since", "2000-01-01", "--field", "overall_status", store=tracked)
    assert result.exit_code == 0, result.output
    [line] = result.stdout.splitlines()
    assert line.split()[1:] == ["NCT05628038", "v1", "(ctgov)", "/overall_status"]


def test_stats_counts_what_track_stored(tracked: str) -> None:
    result = run("stats", "--json", store=tracked)
    assert result.exit_code == 0, result.output
    stats = json.loads(result.stdout)
    assert (stats["trials"], stats["versions"], stats["parse_errors"]) == (1, 3, 0)


def test_stats_prints_one_line_per_figure(store_location: str) -> None:
    result = run("stats", store=store_location)
    assert result.exit_code == 0, result.output
    assert [line.split()[0] for line in result.stdout.splitlines()] == [
        "trials", "versions", "parse", "bodies", "body", "stored", "fetches", "latest"]


def test_a_since_that_is_not_a_date_is_a_usage_error(tmp_path: Path) -> None:
    assert_one_error_line(run("changes", "--since", "last week", store=str(tmp_path / "s.sqlite")), 2,
                          "is not a date")


def test_a_postgresql_url_is_a_server_not_a_relative_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with socket.socket() as probe:  # a loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = run("stats", store=f"postgresql://tw:pw@127.0.0.1:{port}/trialwatch")
    assert_one_error_line(result, 6, f"store postgresql://tw:***@127.0.0.1:{port}/trialwatch cannot be reached")
    assert list(tmp_path.iterdir()) == []


def test_a_store_url_of_another_scheme_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert_one_error_line(run("stats", store="mysql://db/trialwatch"), 2, "mysql://… is not a store")
    assert list(tmp_path.iterdir()) == []
