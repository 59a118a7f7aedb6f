"""Items under a lead to a list screen as the lead says: a denying lead's items exclude, a lead's dated events are
the lead's to decide, a bare lead decides nothing itself, and a lead or words asking for history count an inactive
condition.

Each criterion here is parsed by the engine from a text written for the test, as a screener would get it."""

from __future__ import annotations

from typing import Any

from parser.criteria import parse_criteria
from parser.models.patient import Patient
from parser.screen import screen

NO_HISTORY = ("Inclusion Criteria:\n\n  -  Age 18 years or older\n  -  No history of any of the following:\n"
              "      -  Stroke\n      -  Myocardial infarction")
DATED = ("Exclusion Criteria:\n\n  -  Any of the following within 6 months before enrollment:\n"
         "      -  Myocardial infarction\n      -  Stroke or pulmonary embolism")


def _verdict(text: str, **patient: Any) -> tuple[str, list[str]]:
    who = {"as_of": "2025-07-01", "birth_date": "1970-01-01", "treatments": [], **patient}
    verdict = screen(parse_criteria(text), Patient.model_validate(who))
    return verdict.verdict, verdict.deciding


def test_a_patient_without_any_item_of_a_denying_lead_is_eligible():
    assert _verdict(NO_HISTORY, conditions=[]) == ("eligible", [])


def test_a_patient_with_an_item_of_a_denying_lead_is_ineligible():
    stroke = {"concept": "stroke", "date": "2025-01-10", "active": True}
    assert _verdict(NO_HISTORY, conditions=[stroke]) == ("ineligible", ["inc-2.1"])


def test_an_event_a_dated_lead_names_outside_its_window_does_not_exclude():
    old = {"concept": "myocardial infarction", "date": "2012-03-01", "active": False}
    assert _verdict(DATED, conditions=[old]) == ("eligible", [])


def test_an_event_a_dated_lead_names_within_its_window_excludes_by_the_lead():
    recent = {"concept": "myocardial infarction", "date": "2025-04-01", "active": False}
    assert _verdict(DATED, conditions=[recent]) == ("ineligible", ["exc-1"])


INACTIVE_STROKE = {"concept": "stroke", "date": "2015-06-01", "active": False}


def test_an_inactive_condition_under_a_lead_asking_for_history_is_history():
    assert _verdict(NO_HISTORY, conditions=[INACTIVE_STROKE]) == ("ineligible", ["inc-2.1"])


def test_an_inactive_condition_meets_a_criterion_asking_for_its_history():
    text = "Exclusion Criteria:\n\n  -  Prior history of deep vein thrombosis"
    old_clot = {**INACTIVE_STROKE, "concept": "deep vein thrombosis"}
    assert _verdict(text, conditions=[old_clot]) == ("ineligible", ["exc-1"])


def test_an_inactive_condition_is_still_unknown_where_the_criterion_names_it_alone():
    assert _verdict("Exclusion Criteria:\n\n  -  Stroke", conditions=[INACTIVE_STROKE]) == ("needs_review", ["exc-1"])


def test_an_event_named_with_an_or_under_a_dated_lead_is_the_leads_too():
    old = {"concept": "pulmonary embolism", "date": "2012-03-01", "active": False}
    assert _verdict(DATED, conditions=[old]) == ("eligible", [])


OLD_INFECTION = {"concept": "infection", "date": "2010-01-01", "active": False}


def test_a_history_cue_does_not_reach_a_condition_asked_as_present():
    text = "Exclusion Criteria:\n\n  -  History of stroke or active infection"
    assert _verdict(text, conditions=[OLD_INFECTION]) == ("needs_review", ["exc-1"])


def test_prior_to_an_anchor_asks_for_no_history():
    text = ("Exclusion Criteria:\n\n  -  Any of the following prior to registration:\n      -  Infection\n"
            "      -  Hepatitis B")
    verdict, deciding = _verdict(text, conditions=[OLD_INFECTION])
    assert verdict == "needs_review" and "exc-1.1" in deciding


def test_a_history_cue_reaches_every_condition_its_list_names():
    text = "Exclusion Criteria:\n\n  -  History of myocardial infarction or stroke"
    assert _verdict(text, conditions=[INACTIVE_STROKE]) == ("ineligible", ["exc-1"])


def test_history_offered_beside_a_present_state_by_or_is_history():
    assert _verdict("Exclusion Criteria:\n\n  -  Prior or current stroke", conditions=[INACTIVE_STROKE]) == (
        "ineligible", ["exc-1"])


def test_a_lead_letting_a_past_history_pass_asks_for_none():
    text = ("Exclusion Criteria:\n\n  -  Current evidence of any of the following (a past history is allowed):\n"
            "      -  Stroke")
    assert _verdict(text, conditions=[INACTIVE_STROKE])[0] == "needs_review"


def test_a_family_history_lead_asks_for_no_history_of_the_patient():
    text = "Inclusion Criteria:\n\n  -  No family history of any of the following:\n      -  Stroke"
    assert _verdict(text, conditions=[INACTIVE_STROKE])[0] == "needs_review"


def test_a_leads_history_does_not_reach_an_item_asking_for_a_present_state():
    text = "Exclusion Criteria:\n\n  -  History of any of the following:\n      -  Active stroke"
    assert _verdict(text, conditions=[INACTIVE_STROKE])[0] == "needs_review"


def test_a_present_state_in_another_conjunct_does_not_stop_a_history_cue():
    text = "Exclusion Criteria:\n\n  -  Uncontrolled hypertension or history of stroke"
    assert _verdict(text, conditions=[INACTIVE_STROKE]) == ("ineligible", ["exc-1"])


def test_an_adjective_history_cue_modifies_only_its_own_conjunct():
    text = "Exclusion Criteria:\n\n  -  Prior chemotherapy or stroke"
    assert _verdict(text, conditions=[INACTIVE_STROKE])[0] == "needs_review"


def test_a_lead_dating_its_items_by_a_past_period_asks_for_no_history():
    text = "Exclusion Criteria:\n\n  -  Within the past 6 months, any of the following:\n      -  Stroke"
    assert _verdict(text, conditions=[INACTIVE_STROKE])[0] != "ineligible"


LEGACY_HEADINGS = ("Inclusion Criteria:\n\n  -  Chemotherapy:\n      -  No prior chemotherapy for metastatic disease\n"
                   "  -  Endocrine therapy:\n      -  No concurrent hormonal therapy")


def test_a_heading_that_only_names_a_therapy_asks_for_no_therapy():
    assert _verdict(LEGACY_HEADINGS, conditions=[]) == ("eligible", [])


def test_the_items_under_a_therapy_heading_still_count():
    tamoxifen = [{"concept": "tamoxifen", "start": "2025-01-05"}]
    assert _verdict(LEGACY_HEADINGS, conditions=[], treatments=tamoxifen) == ("needs_review", ["inc-2.1"])


def test_a_heading_ending_in_a_therapys_name_asks_for_no_therapy():
    text = ("Inclusion Criteria:\n\n  -  Intrathecal cytotoxic therapy:\n"
            "      -  No intrathecal chemotherapy within 2 weeks of registration")
    assert _verdict(text, conditions=[]) == ("eligible", [])


def test_an_inclusion_that_only_names_a_therapy_is_for_a_person():
    assert _verdict("Inclusion Criteria:\n\n  -  Surgery", conditions=[]) == ("needs_review", ["inc-1"])


def test_an_inclusion_that_only_names_a_condition_still_asks_for_it():
    assert _verdict("Inclusion Criteria:\n\n  -  Asthma", conditions=[]) == ("ineligible", ["inc-1"])
