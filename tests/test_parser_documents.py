"""parser.documents: which kind a saved body is (a CT.gov record, a ClinConnect page, a Trial JSON, plain criteria)
and the model it makes, decided from bytes alone, so the `parse`, `diff` and `criteria` commands only read files."""

import json
from pathlib import Path

import pytest

from parser.ctgov import parse_study
from parser.documents import criteria_input, parse_saved, trial_document
from parser.errors import MalformedRecord, PageLayoutChanged
from parser.models.trial import ListingPage, Trial

FIXTURES = Path(__file__).parent / "fixtures"
RECORD = (FIXTURES / "ctgov" / "NCT05628038.json").read_bytes()
VERSIONS = Path(__file__).resolve().parents[1] / "extracted" / "NCT05628038" / "versions"


def test_a_record_is_its_trial_even_behind_a_bom_and_blank_lines() -> None:
    assert parse_saved(b"\xef\xbb\xbf\n  " + RECORD) == [parse_study(RECORD)]


def test_a_search_page_is_every_trial_in_order() -> None:
    other = (FIXTURES / "ctgov" / "NCT06008288.json").read_bytes()
    body = b'{"studies": [' + RECORD + b"," + other + b"]}"
    trials = parse_saved(body)
    assert isinstance(trials, list) and [trial.nct_id for trial in trials] == ["NCT05628038", "NCT06008288"]


def test_a_json_array_is_a_malformed_record_not_a_page() -> None:
    with pytest.raises(MalformedRecord, match="expected a JSON object, got list"):
        parse_saved(b"[" + RECORD + b"]")


@pytest.mark.parametrize("name", ["NCT05628038.html", "NCT05628038.txt"])
def test_anything_else_is_a_clinconnect_page(name: str) -> None:
    page = parse_saved((FIXTURES / "clinconnect" / name).read_bytes())
    assert isinstance(page, ListingPage) and page.nct_id == "NCT05628038"


def test_text_that_is_neither_says_which_landmark_it_lacks() -> None:
    with pytest.raises(PageLayoutChanged):
        parse_saved(b"just some words")


def test_a_versions_document_a_trial_json_and_a_record_make_the_same_trial() -> None:
    trial = parse_study(RECORD)
    version = {"nct_id": trial.nct_id, "label": "v0", "trial": trial.model_dump(mode="json")}
    assert trial_document(json.dumps(version).encode()) == trial
    assert trial_document(trial.model_dump_json().encode()) == trial
    assert trial_document(RECORD) == trial


def test_the_committed_versions_folder_reads_back_as_trials() -> None:
    first = sorted(VERSIONS.glob("*.json"))[0]
    assert isinstance(trial_document(first.read_bytes()), Trial)


def test_a_trial_json_that_fails_the_model_is_a_malformed_record_saying_why() -> None:
    with pytest.raises(MalformedRecord, match="^not a trial: "):
        trial_document(json.dumps({"nct_id": "NCT05628038", "no_such_field": 1}).encode())


def test_a_body_that_is_no_json_is_a_malformed_record() -> None:
    with pytest.raises(MalformedRecord):
        trial_document(b"{ cut off")


def test_criteria_of_a_record_are_its_eligibility_text_and_its_id() -> None:
    trial = parse_study(RECORD)
    assert criteria_input(RECORD.decode(), "saved.json") == (trial.eligibility.criteria_text, "NCT05628038")


@pytest.mark.parametrize(("text", "name", "found"), [
    ("Inclusion Criteria:\n* Age ≥ 18 years", "NCT01234567.txt", "NCT01234567"),  # the file's name first
    ("NCT07654321\nInclusion Criteria:\n* Age ≥ 18 years", "NCT01234567.txt", "NCT01234567"),
    ("NCT07654321\nInclusion Criteria:\n* Age ≥ 18 years", "-", "NCT07654321"),  # then the text
    ("Inclusion Criteria:\n* Age ≥ 18 years", "criteria.txt", None),
    ("see XNCT07654321", "criteria.txt", None),  # a whole word only
])
def test_plain_criteria_are_themselves_of_the_trial_named_first(text: str, name: str, found: str | None) -> None:
    assert criteria_input(text, name) == (text, found)
