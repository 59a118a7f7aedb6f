"""A progression recorded among a patient's conditions meets a criterion asking for one, but a record without one does
not prove there was none (records hold diagnoses, not each change in their course); a recurrence may be one and is
still no other malignancy; a window running from an event's start ("within the first 2 months of starting X") is
dated by no record, though a record without the event settles it; a fact a criterion asks twice is assumed each way."""

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


def test_a_recorded_recurrence_may_be_the_progressive_disease_an_inclusion_asks_for() -> None:
    assert _result("inclusion", "Progressive disease", _CANCER, _RECURRENCE) == "unknown"


def test_a_record_without_progression_does_not_prove_there_was_none() -> None:
    """Records of conditions hold diagnoses, not each change in their course."""
    assert _result("inclusion", "Progressive disease", {"concept": "hypertension", "active": True}) == "unknown"


def test_a_recorded_progression_meets_it() -> None:
    progression = {"concept": "progressive disease", "date": "2025-06-01", "active": True}
    assert _result("inclusion", "Progressive disease", _CANCER, progression) == "met"


def test_an_old_progression_on_record_is_no_proof_of_none_since() -> None:
    old = {"concept": "disease progression", "date": "2024-01-01", "active": False}
    assert _result("exclusion", "Progressive disease within 6 months", _CANCER, old) == "unknown"


def test_a_recurrence_of_the_disease_under_study_is_no_other_malignancy() -> None:
    assert _result("exclusion", "Other malignancies", _CANCER, _RECURRENCE) == "not_met"


def test_a_recurrence_of_another_named_cancer_is_another_malignancy() -> None:
    other = {"concept": "recurrence of breast cancer", "date": "2025-06-10", "active": True}
    assert _result("exclusion", "Other malignancies", _CANCER, other) == "met"


def test_a_recurrence_of_something_else_is_no_tumour_progression() -> None:
    seizures = {"concept": "seizure recurrence", "date": "2025-06-10", "active": True}
    assert _result("inclusion", "Radiographic progression", _CANCER, seizures) != "met"


_PNEUMONITIS = "Pneumonitis within the first 6 months of starting amiodarone"


def test_a_window_running_from_an_events_start_leaves_a_recorded_event_to_a_person() -> None:
    assert _result("exclusion", _PNEUMONITIS, {"concept": "pneumonitis", "date": "2025-08-01",
                                               "active": True}) == "unknown"


def test_a_window_running_from_an_events_start_is_not_met_by_a_record_without_the_event() -> None:
    assert _result("exclusion", _PNEUMONITIS, _CANCER) == "not_met"


def test_a_fact_asked_by_two_cohorts_each_way_decides_when_both_agree() -> None:
    """"Arm 1: no prior chemotherapy. Arm 2: prior chemotherapy": a treatment that may or may not be one meets it."""
    criteria = parse_criteria("Inclusion Criteria:\n\n  -  Arm 1: no prior chemotherapy. Arm 2: prior chemotherapy.")
    patient = Patient.model_validate({**_PATIENT, "conditions": [_CANCER], "treatments": [
        {"concept": "ABX-204 infusion", "start": "2024-01-10", "end": "2024-03-01"}]})
    result = screen(criteria, patient).criteria[0]
    assert (result.result, "either way" in result.reason) == ("met", True)
