"""The published JSON Schemas are generated from the models and committed; they must not drift, and what the tool
emits (criteria, trials, patients it reads, verdicts) validates against the committed files. Each command's
`--json` is validated by `test_cli_json.py`."""

import json
from pathlib import Path

import pytest

from parser.criteria import parse_criteria
from parser.schema import SCHEMAS
from parser.screen import criteria_from_json, patient_from_json, screen_many
from schemas import SCHEMA_DIR, problems
from scraper.reports import REPORT_SCHEMAS

ROOT = Path(__file__).resolve().parents[1]
EXTRACTED = ROOT / "extracted" / "NCT05628038"
PATIENTS = ROOT / "tests" / "fixtures" / "patients" / "NCT05628038.jsonl"
PUBLISHED = {**SCHEMAS, **REPORT_SCHEMAS}


@pytest.mark.parametrize("stem", sorted(PUBLISHED))
def test_committed_schema_matches_the_models(stem):
    written = json.loads((SCHEMA_DIR / f"{stem}.schema.json").read_text(encoding="utf-8"))
    assert written == PUBLISHED[stem](), "regenerate with: trialwatch schema --out extracted/schema"


def test_the_committed_criteria_schema_refuses_a_document_of_another_schema_version():
    document = json.loads(parse_criteria("Inclusion Criteria:\n* Age ≥ 18 years").model_dump_json(by_alias=True))
    assert problems("criteria", document) == []
    assert problems("criteria", {**document, "schema_version": "0.0"}) != []


def test_criteria_output_validates_against_the_committed_schema():
    parsed = parse_criteria(
        "Inclusion Criteria:\n* Age ≥ 18 years\n* PLT < 80×10^9/L in patients with liver metastasis")
    assert problems("criteria", json.loads(parsed.model_dump_json(by_alias=True, exclude_none=True))) == []


@pytest.mark.parametrize(("stem", "name"), [("criteria", "criteria.json"), ("trial", "trial.json")])
def test_the_extracted_documents_validate_against_the_committed_schemas(stem, name):
    assert problems(stem, json.loads((EXTRACTED / name).read_text(encoding="utf-8"))) == []


def test_each_extracted_version_holds_a_trial_the_committed_schema_validates():
    versions = sorted((EXTRACTED / "versions").glob("*.json"))
    assert versions
    for path in versions:
        assert problems("trial", json.loads(path.read_text(encoding="utf-8"))["trial"]) == [], path.name


def test_the_fixture_patients_and_their_verdicts_validate_against_the_committed_schemas():
    patients = [json.loads(line)["patient"] for line in PATIENTS.read_text(encoding="utf-8").splitlines()]
    criteria = criteria_from_json((EXTRACTED / "criteria.json").read_text(encoding="utf-8"))
    assert [problem for patient in patients for problem in problems("patient", patient)] == []
    verdicts = list(screen_many(criteria, (patient_from_json(json.dumps(patient)) for patient in patients)))
    assert len(verdicts) == len(patients)
    assert [problem for verdict in verdicts for problem in problems("verdict", json.loads(verdict.model_dump_json()))
            ] == []


def test_criteria_round_trip_by_field_name_and_by_alias():
    from parser.models.criteria import Criteria

    document = parse_criteria(
        "Exclusion Criteria:\n* PLT < 100×10^9/L (PLT < 80×10^9/L in patients with liver metastasis)")
    assert Criteria.model_validate(document.model_dump()) == document
    assert Criteria.model_validate_json(document.model_dump_json(by_alias=True)) == document
