"""A recurrence recorded among a patient's conditions is a progression of the disease under study, and still no
other malignancy; a window running from an event's start ("within the first 2 months of starting X") is dated by
no record."""

from __future__ import annotations

from parser.criteria import parse_criteria
from parser.models.patient import Patient
from parser.screen import screen

_PATIENT = {"as_of": "2025-09-01", "age": {"value": 58, "unit": "a"}, "sex": "female", "ecog": 1,
            "treatments": [{"concept": "capecitabine chemotherapy", "start": "2023-02-01", "end": "2023-08-01"}]}


def _result(section: str, text: str, *conditions: dict[str, object]) -> str:
    criteria = parse_criteria(f"{section.capitalize()} Criteria:\n\n  -  {text}")
    patient = Patient.model_validate({**_PATIENT, "conditions": list(conditions)})
    return screen(criteria, patient).criteria[0].result


_RECURRENCE = {"concept": "anastomotic recurrence", "date": "2025-06-10", "active": True}
_CANCER = {"concept": "colon adenocarcinoma", "date": "2022-11-01", "active": False}


def test_a_recorded_recurrence_is_the_progressive_disease_an_inclusion_asks_for() -> None:
    assert _result("inclusion", "Progressive disease", _CANCER, _RECURRENCE) == "met"


def test_a_record_without_progression_does_not_meet_it() -> None:
    assert _result("inclusion", "Progressive disease", _CANCER) == "not_met"


def test_a_recurrence_of_the_disease_under_study_is_no_other_malignancy() -> None:
    assert _result("exclusion", "Other malignancies", _CANCER, _RECURRENCE) == "not_met"


def test_a_window_running_from_an_events_start_is_dated_by_no_record() -> None:
    text = "Hypothyroidism within the first 6 months of starting amiodarone"
    assert _result("exclusion", text, {"concept": "hypothyroidism", "date": "2025-08-01", "active": True}) == "unknown"
