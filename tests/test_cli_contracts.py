"""The `criteria`, `screen` and `schema` commands, end to end through the CLI."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from parser.models.criteria import SCHEMA_VERSION
from scraper.cli import app

FIXTURES = Path(__file__).parent / "fixtures"
SEED_CRITERIA = "Inclusion Criteria:\n* Patient is 18-75 years old.\n\nExclusion Criteria:\n* PLT \\< 100×10\\^9/L\n"
runner = CliRunner()


def invoke(*args: str, stdin: str | None = None):
    return runner.invoke(app, list(args), input=stdin)


def test_criteria_prints_one_document_for_one_file(tmp_path):
    path = tmp_path / "NCT05628038.txt"
    path.write_text(SEED_CRITERIA, encoding="utf-8")
    result = invoke("criteria", str(path))
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["nct_id"] == "NCT05628038"
    assert [c["id"] for c in document["inclusion"]] == ["inc-1"]
    assert document["exclusion"][0]["expr"]["op"] == "<"


def test_criteria_prints_json_lines_in_order_for_several_files(tmp_path):
    paths = []
    for name in ("a.txt", "b.txt", "c.txt"):
        paths.append(tmp_path / name)
        paths[-1].write_text(SEED_CRITERIA.replace("18-75", f"{len(paths) + 17}-75"), encoding="utf-8")
    result = invoke("criteria", *map(str, paths))
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["source"]["path"] for line in lines] == list(map(str, paths))
    assert [line["inclusion"][0]["expr"]["all"][0]["value"] for line in lines] == [18, 19, 20]


def test_criteria_with_worker_processes_matches_a_single_process(tmp_path):
    paths = []
    for index in range(4):
        paths.append(tmp_path / f"t{index}.txt")
        paths[-1].write_text(SEED_CRITERIA, encoding="utf-8")
    serial = invoke("criteria", *map(str, paths))
    parallel = invoke("criteria", "--jobs", "2", *map(str, paths))
    assert parallel.exit_code == 0 and parallel.stdout == serial.stdout


def test_criteria_reads_stdin():
    result = invoke("criteria", "-", stdin=SEED_CRITERIA)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["source"].get("path") is None


def test_criteria_reads_a_ctgov_record():
    result = invoke("criteria", str(FIXTURES / "ctgov" / "NCT06008288.json"))
    document = json.loads(result.stdout)
    assert document["nct_id"] == "NCT06008288"
    qtc = [c for c in document["exclusion"] if "QTcF" in c["text"]][0]
    expr = qtc["expr"]
    assert (expr["measure"], expr["op"], expr["value"], expr["unit"]) == ("QTc interval", ">=", 470, "ms")


def test_criteria_missing_file_is_a_usage_error(tmp_path):
    result = invoke("criteria", str(tmp_path / "absent.txt"))
    assert result.exit_code == 2


def test_criteria_rejects_a_malformed_nct_id(tmp_path):
    path = tmp_path / "x.txt"
    path.write_text(SEED_CRITERIA, encoding="utf-8")
    result = invoke("criteria", "--nct-id", "NCT123", str(path))
    assert result.exit_code == 2
    assert result.stderr.strip().startswith("error: not an NCT id")


def _criteria_file(tmp_path) -> Path:
    path = tmp_path / "criteria.json"
    path.write_text(invoke("criteria", "-", stdin=SEED_CRITERIA).stdout, encoding="utf-8")
    return path


def test_screen_prints_a_json_verdict_per_patient(tmp_path):
    patients = tmp_path / "patients.jsonl"
    young = {"as_of": "2025-07-01", "age": {"value": 16, "unit": "a"}, "sex": "female"}
    adult = {"as_of": "2025-07-01", "age": {"value": 40, "unit": "a"}, "sex": "male",
             "observations": [{"measure": "platelets", "value": 210, "unit": "10*9/L", "date": "2025-06-28"}]}
    patients.write_text(json.dumps(young) + "\n" + json.dumps(adult) + "\n", encoding="utf-8")
    result = invoke("screen", "--criteria", str(_criteria_file(tmp_path)), "--patient", str(patients), "--json")
    verdicts = [json.loads(line) for line in result.stdout.splitlines()]
    assert [v["verdict"] for v in verdicts] == ["ineligible", "eligible"]
    assert verdicts[0]["deciding"] == ["inc-1"]


def test_screen_names_the_bad_patient_field_in_one_line(tmp_path):
    patient = tmp_path / "patient.json"
    patient.write_text(json.dumps({"as_of": "2025-07-01", "age": {"value": 40, "unit": "a"}, "sex": "robot"}),
                       encoding="utf-8")
    result = invoke("screen", "--criteria", str(_criteria_file(tmp_path)), "--patient", str(patient))
    assert result.exit_code == 5
    assert result.stderr == "error: patient field sex: Input should be 'female', 'male' or 'other'\n"


def _screen_with(tmp_path, *options: str):
    patient = tmp_path / "patient.json"
    patient.write_text(json.dumps({"as_of": "2025-07-01", "age": {"value": 40, "unit": "a"}}), encoding="utf-8")
    return invoke("screen", "--criteria", str(_criteria_file(tmp_path)), "--patient", str(patient), *options)


@pytest.mark.parametrize("limits", ['[1, 2]', '"ALT"', '{"ALT": "forty"}', '{"ALT": true}', '{bad json',
                                    '{"ALT": -40}', '{"ALT": 0}', '{"ALT": 1' + "0" * 400 + '}', '40'])
def test_screen_uln_that_is_not_an_object_of_numbers_is_one_usage_line(tmp_path, limits):
    uln = tmp_path / "uln.json"
    uln.write_text(limits, encoding="utf-8")
    result = _screen_with(tmp_path, "--uln", str(uln))
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --uln") and len(result.stderr.strip().splitlines()) == 1


def test_screen_uln_with_whole_numbers_is_accepted(tmp_path):
    uln = tmp_path / "uln.json"
    uln.write_text('{"ALT": 40}', encoding="utf-8")
    assert _screen_with(tmp_path, "--uln", str(uln), "--json").exit_code == 0


def test_screen_as_of_that_is_not_a_date_is_one_usage_line(tmp_path):
    result = _screen_with(tmp_path, "--as-of", "2025-13-45")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --as-of") and len(result.stderr.strip().splitlines()) == 1


def test_screen_refuses_criteria_of_another_schema_version(tmp_path):
    criteria = _criteria_file(tmp_path)
    document = json.loads(criteria.read_text(encoding="utf-8"))
    document["schema_version"] = "2.0.0"
    criteria.write_text(json.dumps(document), encoding="utf-8")
    patient = tmp_path / "patient.json"
    patient.write_text(json.dumps({"as_of": "2025-07-01", "age": {"value": 40, "unit": "a"}}), encoding="utf-8")
    result = invoke("screen", "--criteria", str(criteria), "--patient", str(patient))
    assert result.exit_code == 5
    assert result.stderr == (f"error: criteria schema_version '2.0.0' is not supported; this screener reads "
                             f"{SCHEMA_VERSION}\n")


def test_schema_writes_every_published_schema_as_committed(tmp_path):
    result = invoke("schema", "--out", str(tmp_path))
    assert result.exit_code == 0
    committed = Path(__file__).resolve().parents[1] / "extracted" / "schema"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in committed.iterdir())
    assert [p.name for p in tmp_path.iterdir() if p.read_bytes() != (committed / p.name).read_bytes()] == []


def test_criteria_reads_a_file_saved_in_a_windows_code_page(tmp_path):
    path = tmp_path / "legacy.txt"
    path.write_bytes("Inclusion Criteria:\n* Patients aged 18 – 65 years\n".encode("cp1252"))
    document = json.loads(invoke("criteria", str(path)).stdout)
    assert document["inclusion"][0]["text"] == "Patients aged 18 – 65 years"


def test_screen_reports_a_bad_json_lines_patient_by_line_and_screens_the_others(tmp_path):
    patients = tmp_path / "patients.jsonl"
    good = {"id": "p1", "as_of": "2025-07-01", "age": {"value": 40, "unit": "a"}}
    patients.write_text(json.dumps(good) + "\n{not json\n" + json.dumps({**good, "id": "p3"}) + "\n", encoding="utf-8")
    result = invoke("screen", "--criteria", str(_criteria_file(tmp_path)), "--patient", str(patients), "--json")
    assert [json.loads(line)["patient_id"] for line in result.stdout.splitlines()] == ["p1", "p3"]
    first, summary = result.stderr.splitlines()
    assert first.startswith("error: patients.jsonl line 2: patient is not JSON: ")
    assert summary == "error: 1 patient(s) of patients.jsonl could not be read (line 2); the others were screened"
    assert result.exit_code == 5


def test_screen_max_lab_age_lifts_the_default_limit_on_reading_age(tmp_path):
    patient = tmp_path / "patient.json"
    old = {"as_of": "2025-07-01", "age": {"value": 40, "unit": "a"},
           "observations": [{"measure": "platelets", "value": 210, "unit": "10*9/L", "date": "2025-03-01"}]}
    patient.write_text(json.dumps(old), encoding="utf-8")
    strict = invoke("screen", "--criteria", str(_criteria_file(tmp_path)), "--patient", str(patient), "--json")
    lifted = invoke("screen", "--criteria", str(_criteria_file(tmp_path)), "--patient", str(patient), "--json",
                    "--max-lab-age", "0")
    assert json.loads(strict.stdout)["verdict"] == "needs_review"
    assert json.loads(lifted.stdout)["verdict"] == "eligible"
