"""Issue 12: a command line people can trust in cron. Each bad input runs the real CLI and gets its exact exit
code and one line on stderr, never a traceback, never a boxed panel."""

from __future__ import annotations

import json
import re
import socket
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from click.testing import Result
from typer.testing import CliRunner

from scraper.cli import CHANGED, app

if TYPE_CHECKING:
    from conftest import LoopbackServer

FIXTURES = Path(__file__).parent / "fixtures"
RECORD = (FIXTURES / "ctgov" / "NCT05628038.json").read_bytes()
NCT = "NCT05628038"
CRITERIA = "Inclusion Criteria:\n* Patient is 18-75 years old.\n"


def closed_port() -> str:
    """A loopback URL nothing listens on: every connection to it is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"


@pytest.fixture
def run(tmp_path: Path):
    env = {"TRIALWATCH_STORE": str(tmp_path / "store.sqlite"), "TRIALWATCH_MIN_INTERVAL": "0",
           "TRIALWATCH_BACKOFF_BASE": "0", "TRIALWATCH_MAX_ATTEMPTS": "5", "COLUMNS": "80"}

    def invoke(*args: str, stdin: bytes | None = None) -> Result:
        return CliRunner().invoke(app, list(args), env=env, input=stdin)

    return invoke


def one_error_line(result: Result, code: int, pattern: str) -> None:
    lines = result.stderr.splitlines()
    assert result.exit_code == code, result.output
    assert len(lines) == 1 and lines[0].startswith("error: ") and re.search(pattern, lines[0]), result.stderr
    assert "Traceback" not in result.output and "╭" not in result.output


def test_an_unreachable_source_is_an_error_never_no_change(run) -> None:
    result = run("track", NCT, "--source", "ctgov", "--ctgov-url", closed_port())
    one_error_line(result, 4, "unreachable .*ConnectError")
    assert result.stdout == ""


def test_an_unreachable_source_is_a_failed_trial_with_its_problem_in_json(run) -> None:
    result = run("track", NCT, "--source", "ctgov", "--json", "--ctgov-url", closed_port())
    (trial,) = json.loads(result.stdout)["trials"]
    assert (result.exit_code, trial["outcome"]) == (4, "failed")
    (problem,) = trial["problems"]
    assert re.fullmatch(r"not asking 127\.0\.0\.1:\d+ again in this run: unreachable \(ConnectError: .+\)", problem)


def serve_record(server: LoopbackServer, reply) -> None:
    server.route(f"/api/v2/studies/{NCT}", reply(body=RECORD))


def test_a_trial_clinconnect_does_not_list_is_a_note_and_the_new_version_exits_10(run, server, reply) -> None:
    serve_record(server, reply)
    result = run("track", NCT, "--no-history", "--ctgov-url", server.url, "--clinconnect-url", server.url)
    assert result.exit_code == CHANGED, result.output
    assert result.stderr.splitlines() == [f"note: ClinConnect does not list {NCT} ({server.url}/trials/{NCT} "
                                          "answered 404 Not Found)"]
    assert result.stdout == f"{NCT}: first version stored (o1)\n"


def test_track_source_ctgov_never_asks_clinconnect(run, server, reply) -> None:
    serve_record(server, reply)
    result = run("track", NCT, "--no-history", "--source", "ctgov", "--ctgov-url", server.url,
                 "--clinconnect-url", server.url)
    assert result.exit_code == CHANGED and server.paths() == [f"/api/v2/studies/{NCT}"]


def test_batch_refuses_source_clinconnect(run, tmp_path: Path) -> None:
    listed = tmp_path / "ids.txt"
    listed.write_text(NCT)
    one_error_line(run("track", "--ids-file", str(listed), "--source", "clinconnect"), 2, "ClinicalTrials.gov only")


def test_a_track_out_that_cannot_be_written_exits_2_before_anything_is_fetched(run, server, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    result = run("track", NCT, "--out", str(blocker / "sub"), "--ctgov-url", server.url)
    one_error_line(result, 2, r"--out .*sub: cannot write there \(Not a directory\)")
    assert server.requests == [] and not (tmp_path / "store.sqlite").exists()


def test_a_track_out_that_is_a_file_exits_2(run, server, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    one_error_line(run("track", NCT, "--out", str(blocker), "--ctgov-url", server.url), 2, "not a directory")


def test_a_schema_out_that_cannot_be_written_exits_2(run, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    one_error_line(run("schema", "--out", str(blocker / "sub")), 2, "cannot write there")


def test_criteria_of_binary_input_exits_5(run, tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.bin"
    garbage.write_bytes(bytes(range(256)) * 4)
    one_error_line(run("criteria", str(garbage)), 5, "garbage.bin is not text")


def test_criteria_of_an_empty_file_exits_5(run, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("\n \n")
    one_error_line(run("criteria", str(empty)), 5, "empty.txt is empty")


def test_criteria_over_the_size_cap_exits_5_naming_the_option_to_raise_it(run, tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text(CRITERIA * 10)
    one_error_line(run("criteria", str(big), "--max-input", "100"), 5, "larger than 100 bytes; raise --max-input")


def test_criteria_over_the_size_cap_on_stdin_exits_5(run) -> None:
    one_error_line(run("criteria", "-", "--max-input", "100", stdin=CRITERIA.encode() * 10), 5, "stdin is larger")


@pytest.mark.parametrize("jobs", ["0", "2"])
def test_a_bad_file_among_several_is_named_and_the_others_still_come_out(run, tmp_path: Path, jobs: str) -> None:
    good, bad = tmp_path / "good.txt", tmp_path / "bad.bin"
    good.write_text(CRITERIA)
    bad.write_bytes(b"\x00\x01\x02" * 100)
    result = run("criteria", "--jobs", jobs, str(good), str(bad), str(good))
    one_error_line(result, 5, "bad.bin is not text")
    assert [json.loads(line)["source"]["path"] for line in result.stdout.splitlines()] == [str(good)] * 2


def test_nct_id_with_several_files_exits_2(run, tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(CRITERIA)
    one_error_line(run("criteria", "--nct-id", NCT, str(good), str(good)), 2, "--nct-id names the trial of one FILE")


def test_a_missing_criteria_file_exits_2(run, tmp_path: Path) -> None:
    one_error_line(run("criteria", str(tmp_path / "absent.txt")), 2, "no such file")


def test_an_unknown_option_is_one_line_not_a_panel(run) -> None:
    one_error_line(run("track", "--frobnicate"), 2, r"No such option: --frobnicate \(see 'trialwatch track --help'\)")


def test_an_option_value_of_the_wrong_type_is_one_line(run) -> None:
    one_error_line(run("track", "--jobs", "many", NCT), 2, "Invalid value for '--jobs'")


def test_version_prints_the_version(run) -> None:
    result = run("--version")
    assert result.exit_code == 0 and re.fullmatch(r"trialwatch \S+\n", result.stdout)


@pytest.mark.parametrize("command", ["track", "criteria", "fetch", "screen", "match", "diff"])
def test_help_fits_80_columns_without_cutting_anything(run, command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    assert max(map(len, result.stdout.splitlines())) <= 80 and "…\n" not in result.stdout


def test_track_help_shows_every_default(run) -> None:
    flat = " ".join(run("track", "--help").stdout.split())
    for default in ("[default: 4;", "[default: 100;", "[default: all]", "https://clinicaltrials.gov", "https://clinconnect.io"):
        assert default in flat


def test_schema_without_a_name_prints_one_json_object_keyed_by_name(run) -> None:
    assert list(json.loads(run("schema").stdout)) == ["criteria", "trial", "patient", "verdict", "diff", "track",
                                                      "fetch", "history", "stats", "changes", "reparse"]


def test_history_of_an_untracked_trial_exits_3(run) -> None:
    one_error_line(run("history", NCT), 3, f"no stored version of {NCT}")


def test_diff_of_an_untracked_trial_exits_3(run) -> None:
    one_error_line(run("diff", NCT), 3, f"no stored version of {NCT}")


def test_diff_of_a_clinconnect_label_says_what_diff_compares(run, server, reply) -> None:
    serve_record(server, reply)
    server.route(f"/trials/{NCT}", reply(body=(FIXTURES / "clinconnect" / f"{NCT}.html").read_bytes(),
                                         headers={"Content-Type": "text/html"}))
    run("track", NCT, "--no-history", "--ctgov-url", server.url, "--clinconnect-url", server.url)
    labels = [version["label"] for version in json.loads(run("history", NCT, "--json").stdout)]
    assert labels == ["o1", "o2"]
    one_error_line(run("diff", NCT, "--from", "o2"), 2, "o2 is a ClinConnect page .* versions: o1")


def test_match_of_a_patient_that_is_not_json_is_one_line_exit_5(run, tmp_path: Path) -> None:
    patient = tmp_path / "patient.json"
    patient.write_bytes(b"\x8e\x01garbage")
    one_error_line(run("match", "--patient", str(patient)), 5, "patient is not JSON")


@pytest.mark.parametrize("group", [[], ["store"]])
def test_a_group_without_a_command_prints_its_help_and_exits_2(run, group: list[str]) -> None:
    result = run(*group)
    assert (result.exit_code, result.stderr) == (2, "") and result.stdout.startswith("Usage: ")
