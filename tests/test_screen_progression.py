"""A recurrence recorded among a patient's conditions may be a progression of the disease under study (a record word
says no more), and is still no other malignancy; a window running from an event's start ("within the first 2 months
of starting X") is dated by no record, though a record without the event settles it."""

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


def test_a_record_without_progression_does_not_meet_it() -> None:
    assert _result("inclusion", "Progressive disease", _CANCER) == "not_met"


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


def _after(progression_date: str, *treatments: dict[str, str], active: bool = True,
           criterion: str = "Disease progression after prior chemotherapy") -> str:
    criteria = parse_criteria(f"Inclusion Criteria:\n\n  -  {criterion}")
    patient = Patient.model_validate({**_PATIENT, "treatments": list(treatments), "conditions": [
        _CANCER, {"concept": "progressive disease", "date": progression_date, "active": active}]})
    return screen(criteria, patient).criteria[0].result


_CAPECITABINE = {"concept": "capecitabine chemotherapy", "start": "2023-02-01", "end": "2023-08-01"}


def test_a_progression_dated_after_the_treatment_began_came_after_it() -> None:
    assert _after("2025-06-10", _CAPECITABINE) == "met"


def test_a_progression_begun_before_the_treatment_and_still_active_may_have_gone_on_after_it() -> None:
    assert _after("2022-12-01", _CAPECITABINE) == "unknown"


_HISTORY = "History of disease progression after prior chemotherapy"


def test_a_progression_over_before_the_treatment_began_did_not_come_after_it() -> None:
    assert _after("2022-12-01", _CAPECITABINE, active=False, criterion=_HISTORY) == "not_met"


def test_a_progression_the_day_the_treatment_began_is_a_baseline_not_after_it() -> None:
    assert _after("2023-02-01", _CAPECITABINE, active=False, criterion=_HISTORY) == "not_met"


def test_a_progression_after_a_treatment_the_record_does_not_list_is_a_persons_to_date() -> None:
    criteria = parse_criteria("Inclusion Criteria:\n\n  -  Disease progression after prior chemotherapy")
    patient = Patient.model_validate({**_PATIENT, "treatments": None, "conditions": [
        _CANCER, {"concept": "progressive disease", "date": "2025-06-10", "active": True}]})
    assert screen(criteria, patient).criteria[0].result == "unknown"


def test_no_progression_after_a_treatment_the_patient_never_had() -> None:
    assert _after("2025-06-10") == "not_met"


def test_a_fact_asked_by_two_cohorts_each_way_decides_when_both_agree() -> None:
    """"Arm 1: no prior chemotherapy. Arm 2: prior chemotherapy": a treatment that may or may not be one meets it."""
    criteria = parse_criteria("Inclusion Criteria:\n\n  -  Arm 1: no prior chemotherapy. Arm 2: prior chemotherapy.")
    patient = Patient.model_validate({**_PATIENT, "conditions": [_CANCER], "treatments": [
        {"concept": "ABX-204 infusion", "start": "2024-01-10", "end": "2024-03-01"}]})
    result = screen(criteria, patient).criteria[0]
    assert (result.result, "either way" in result.reason) == ("met", True)
