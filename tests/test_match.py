"""`trialwatch match`: one patient against the latest criteria of the trials in a store, best match first."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from typer.testing import CliRunner

from documents import document
from parser.criteria import parse_criteria
from parser.match import rank
from parser.models.criteria import Criteria
from parser.models.patient import Patient
from parser.screen import screen
from scraper.cli import app
from scraper.matching import match_patient
from scraper.records import FetchResult
from scraper.sqlite_store import SQLiteStore
from scraper.store import NewVersion, Store
from tables import table_rows

TRIALS = {
    "NCT00000001": ("Inclusion Criteria:\n\n  -  Age 18-75 years\n\n"
                    "Exclusion Criteria:\n\n  -  Platelets < 100 x 10^9/L"),
    "NCT00000002": "Inclusion Criteria:\n\n  -  Age ≥ 60 years",
    "NCT00000003": "Inclusion Criteria:\n\n  -  Age ≥ 18 years\n  -  Hemoglobin ≥ 10 g/dL\n  -  ANC ≥ 1.5 x 10^9/L",
    "NCT00000004": "Inclusion Criteria:\n\n  -  Age ≥ 18 years\n  -  ANC ≥ 1.5 x 10^9/L",
}
PATIENT = {"id": "p1", "as_of": "2025-07-01", "age": {"value": 40, "unit": "a"},
           "observations": [{"measure": "platelets", "value": 210, "unit": "10*9/L", "date": "2025-06-30"}]}


def _save(store: Store, nct_id: str, text: str, version: int = 1, *, parsed: bool = True) -> None:
    """Version `version` of a trial whose criteria are `text`, parsed (or, `parsed=False`, left unparsed)."""
    result = FetchResult(url=f"https://clinicaltrials.gov/api/v2/studies/{nct_id}", status=200,
                         headers={}, body=text.encode(), fetched_at=datetime(2025, 6, 1, tzinfo=UTC))
    criteria = parse_criteria(text, nct_id=nct_id) if parsed else None
    store.save_version(nct_id, "ctgov", result, NewVersion(version, None, None, document({"nct_id": nct_id}), criteria,
                                                           "test"))


def _store(path: Path) -> None:
    with SQLiteStore(path) as store:
        for nct_id, text in TRIALS.items():
            _save(store, nct_id, text)


def _match(tmp_path: Path, *options: str):
    store, patient = tmp_path / "store.sqlite", tmp_path / "patient.json"
    _store(store)
    patient.write_text(json.dumps(PATIENT), encoding="utf-8")
    return CliRunner().invoke(app, ["match", "--patient", str(patient), "--store", str(store), *options])


def test_match_ranks_eligible_then_review_by_fewest_open_criteria_then_ineligible(tmp_path):
    result = _match(tmp_path, "--json")
    assert result.exit_code == 0, result.output
    ranked = [(v["nct_id"], v["verdict"]) for v in map(json.loads, result.stdout.splitlines())]
    assert ranked == [("NCT00000001", "eligible"), ("NCT00000004", "needs_review"),
                      ("NCT00000003", "needs_review"), ("NCT00000002", "ineligible")]


def test_match_echoes_the_patient_id_in_every_verdict(tmp_path):
    result = _match(tmp_path, "--json")
    assert {json.loads(line)["patient_id"] for line in result.stdout.splitlines()} == {"p1"}


def test_match_only_the_trials_of_an_ids_file(tmp_path):
    ids = tmp_path / "ids.txt"
    ids.write_text("NCT00000002\n", encoding="utf-8")
    result = _match(tmp_path, "--json", "--ids-file", str(ids))
    assert [json.loads(line)["nct_id"] for line in result.stdout.splitlines()] == ["NCT00000002"]


def test_match_table_shows_why_an_ineligible_trial_is_out(tmp_path):
    result = _match(tmp_path)
    assert ["NCT00000002", "ineligible", "0", "inc-1: age 40 a not >= 60 a"] in table_rows(result.stdout)


def test_match_gives_each_trial_the_verdict_screening_it_alone_gives(tmp_path):
    _store(tmp_path / "store.sqlite")
    patient = Patient.model_validate(PATIENT)
    alone = rank(screen(parse_criteria(text, nct_id=nct_id), patient) for nct_id, text in TRIALS.items())
    with SQLiteStore(tmp_path / "store.sqlite") as store:
        assert match_patient(store, patient) == alone


def test_match_screens_a_version_stored_since_the_last_match_not_the_compiled_one(store: Store) -> None:
    patient = Patient.model_validate(PATIENT)
    _save(store, "NCT00000002", TRIALS["NCT00000002"])
    assert [v.verdict for v in match_patient(store, patient)] == ["ineligible"]
    _save(store, "NCT00000002", "Inclusion Criteria:\n\n  -  Age ≥ 18 years", version=2)
    assert [v.verdict for v in match_patient(store, patient)] == ["eligible"]


def test_match_leaves_out_a_trial_whose_criteria_were_not_parsed(store: Store) -> None:
    _save(store, "NCT00000002", TRIALS["NCT00000002"])
    _save(store, "NCT00000005", "Inclusion Criteria:\n\n  -  Age ≥ 18 years", parsed=False)
    ranked = match_patient(store, Patient.model_validate(PATIENT), nct_ids=["NCT00000002", "NCT00000005"])
    assert [v.nct_id for v in ranked] == ["NCT00000002"]


def test_match_gives_the_verdicts_of_each_trials_latest_parsed_version_read_whole(store: Store) -> None:
    for nct_id, text in TRIALS.items():
        _save(store, nct_id, text)
    _save(store, "NCT00000003", TRIALS["NCT00000004"], version=2)
    _save(store, "NCT00000004", TRIALS["NCT00000002"], version=2, parsed=False)
    patient = Patient.model_validate(PATIENT)
    latest = ([v for v in store.versions(nct_id, "ctgov") if v.criteria is not None][-1] for nct_id in TRIALS)
    whole = rank(screen(Criteria.model_validate(version.criteria), patient) for version in latest)
    assert match_patient(store, patient) == whole
