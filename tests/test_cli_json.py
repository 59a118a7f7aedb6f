"""Every command's `--json` (and the JSON `criteria` prints) run through the real CLI and validated against its
committed schema in `extracted/schema/`, on both stores: a field renamed, added or retyped in a report model
without regenerating the schemas fails here, as does output built beside the models."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from typer.testing import CliRunner

from schemas import problems
from scraper.cli import app

ROOT = Path(__file__).resolve().parents[1]
NCT = "NCT05628038"
LIVE = ("--ctgov-url", "https://clinicaltrials.gov", "--clinconnect-url", "https://clinconnect.io")
ENV = {"TRIALWATCH_MIN_INTERVAL": "0", "TRIALWATCH_MAX_ATTEMPTS": "1", "COLUMNS": "200"}
PATIENTS = ROOT / "tests" / "fixtures" / "patients" / "NCT05628038.jsonl"


def run(*args: str, store: str) -> Result:
    return CliRunner().invoke(app, list(args), env={**ENV, "TRIALWATCH_STORE": store})


def valid(result: Result, stem: str, code: int = 0) -> Any:
    """The one JSON document a command printed, checked against the committed `<stem>.schema.json`."""
    assert result.exit_code == code, result.output
    document = json.loads(result.stdout)
    assert problems(stem, document) == []
    return document


def valid_lines(result: Result, stem: str) -> list[Any]:
    """The JSON Lines a command printed, each checked against the committed `<stem>.schema.json`."""
    assert result.exit_code == 0, result.output
    documents = [json.loads(line) for line in result.stdout.splitlines()]
    assert documents and [problem for document in documents for problem in problems(stem, document)] == []
    return documents


@pytest.fixture
def tracked(cassette, store_location: str) -> str:
    """A store holding NCT05628038's two history versions and its page, tracked with `--json` (checked too)."""
    with cassette.use_cassette("NCT05628038-history.yaml"):
        first = valid(run("track", NCT, "--json", *LIVE, store=store_location), "track", 10)
    with cassette.use_cassette("NCT05628038-history.yaml"):
        again = valid(run("track", NCT, "--json", *LIVE, store=store_location), "track")
    assert [t["outcome"] for t in first["trials"]] == ["first_version"]
    assert [t["outcome"] for t in again["trials"]] == ["unchanged"]
    return store_location


@pytest.mark.parametrize(("args", "stem", "code"), [
    (("history", NCT), "history", 0),
    (("diff", NCT), "diff", 10),
    (("stats",), "stats", 0),
    (("changes", "--since", "2000-01-01"), "changes", 0),
    (("changes", "--since", "2099-01-01"), "changes", 0),
    (("reparse", "--jobs", "0"), "reparse", 0),
])
def test_a_store_commands_json_validates_against_its_committed_schema(tracked: str, args: tuple[str, ...], stem: str,
                                                                      code: int) -> None:
    valid(run(*args, "--json", store=tracked), stem, code)


def test_fetch_json_validates_against_its_committed_schema(cassette, store_location: str) -> None:
    with cassette.use_cassette("NCT05628038.yaml"):
        fetched = valid(run("fetch", NCT, "--json", *LIVE, store=store_location), "fetch")
    assert [item["source"] for item in fetched["fetches"]] == ["ctgov", "clinconnect"]


def test_match_json_gives_verdicts_the_committed_schema_accepts(tracked: str, tmp_path: Path) -> None:
    patient = tmp_path / "patient.json"
    patient.write_text(json.dumps(json.loads(PATIENTS.read_text(encoding="utf-8").splitlines()[0])["patient"]),
                       encoding="utf-8")
    valid_lines(run("match", "--patient", str(patient), "--json", store=tracked), "verdict")


def test_screen_json_gives_verdicts_the_committed_schema_accepts(tmp_path: Path) -> None:
    patients = tmp_path / "patients.jsonl"
    patients.write_text("".join(json.dumps(json.loads(line)["patient"]) + "\n"
                                for line in PATIENTS.read_text(encoding="utf-8").splitlines()), encoding="utf-8")
    criteria = ROOT / "extracted" / NCT / "criteria.json"
    verdicts = valid_lines(run("screen", "--criteria", str(criteria), "--patient", str(patients), "--json",
                               store=str(tmp_path / "unused.sqlite")), "verdict")
    assert len(verdicts) == len(patients.read_text(encoding="utf-8").splitlines())


def test_criteria_prints_documents_the_committed_schema_accepts(tmp_path: Path) -> None:
    text = tmp_path / f"{NCT}.txt"
    text.write_text("Inclusion Criteria:\n* Age 18-75 years\n\nExclusion Criteria:\n* PLT < 80×10^9/L in patients "
                    "with liver metastasis\n", encoding="utf-8")
    store = str(tmp_path / "unused.sqlite")
    valid(run("criteria", str(text), store=store), "criteria")
    valid_lines(run("criteria", str(text), str(text), store=store), "criteria")
