"""Criteria for one cohort: no record says which cohort a patient would join, so a criterion of one cohort decides
only when every cohort has one against the patient; one cohort over every criterion is everyone."""

from __future__ import annotations

from typing import Any

from parser.criteria import parse_criteria
from parser.models.criteria import Criteria
from parser.screen import screen
from tests.test_screen_logic import ANC_LOW, PLT_LOW, document, lab, patient

EVERY_COHORT = "it decides when every cohort has a criterion against the patient"
LOW_PLATELETS = {"observations": [lab("PLT", 50, "10*9/L"), lab("ANC", 2.0, "10*9/L")]}
PLT_BELOW_100 = {"type": "comparison", "measure": "platelet count", "op": "<", "value": 100, "unit": "10*9/L",
                 "text": "platelets < 100", "span": [0, 15]}


def _with_cohorts(doc: dict[str, Any], cohorts: dict[str, str]) -> Criteria:
    for item in doc["inclusion"] + doc["exclusion"]:
        item["cohort"] = cohorts.get(item["id"])
    return Criteria.model_validate(doc)


def test_an_unmet_inclusion_of_one_cohort_leaves_the_verdict_to_review() -> None:
    criteria = _with_cohorts(document([PLT_LOW, ANC_LOW]), {"inc-1": "Part A"})
    verdict = screen(criteria, patient(**LOW_PLATELETS))
    assert (verdict.verdict, verdict.deciding) == ("needs_review", ["inc-1"])
    assert verdict.criteria[0].reason.endswith(f"; for Part A only: {EVERY_COHORT}")


def test_a_met_exclusion_of_one_cohort_leaves_the_verdict_to_review() -> None:
    criteria = _with_cohorts(document([ANC_LOW], [PLT_BELOW_100]), {"exc-1": "Donor"})
    verdict = screen(criteria, patient(**LOW_PLATELETS))
    assert (verdict.verdict, verdict.deciding) == ("needs_review", ["exc-1"])


def test_a_met_inclusion_of_one_cohort_keeps_the_patient_eligible() -> None:
    criteria = _with_cohorts(document([PLT_LOW, ANC_LOW]), {"inc-1": "Part A"})
    verdict = screen(criteria, patient(observations=[lab("PLT", 150, "10*9/L"), lab("ANC", 2.0, "10*9/L")]))
    assert verdict.verdict == "eligible"


def test_one_cohort_over_every_criterion_is_everyone() -> None:
    volunteers = "Healthy Volunteers"
    criteria = _with_cohorts(document([PLT_LOW, ANC_LOW]), {"inc-1": volunteers, "inc-2": volunteers})
    verdict = screen(criteria, patient(**LOW_PLATELETS))
    assert (verdict.verdict, verdict.deciding) == ("ineligible", ["inc-1"])
    assert "only" not in verdict.criteria[0].reason


def test_a_patient_against_every_cohort_is_ineligible() -> None:
    text = ("Inclusion Criteria:\n- Age ≥ 18 years\nCohort A:\n- Platelet count ≥ 100 x 10^9/L\n"
            "Cohort B:\n- Platelet count ≥ 90 x 10^9/L\n")
    verdict = screen(parse_criteria(text), patient(birth_date="1970-01-01", observations=[lab("PLT", 70, "10*9/L")]))
    assert (verdict.verdict, verdict.deciding) == ("ineligible", ["inc-2", "inc-3"])


def test_a_patient_meeting_one_cohort_of_a_text_is_left_to_review() -> None:
    text = ("Inclusion Criteria:\n- Age ≥ 18 years\nCohort A:\n- Platelet count ≥ 100 x 10^9/L\n"
            "Cohort B:\n- Platelet count ≥ 50 x 10^9/L\n")
    verdict = screen(parse_criteria(text), patient(birth_date="1970-01-01", observations=[lab("PLT", 70, "10*9/L")]))
    assert (verdict.verdict, verdict.deciding) == ("needs_review", ["inc-2"])
    assert [(r.result, r.reason.split("; ")[-1]) for r in verdict.criteria[1:]] == [
        ("not_met", f"for Cohort A only: {EVERY_COHORT}"),
        ("met", f"for Cohort B only: {EVERY_COHORT}"),
    ]


def test_a_criterion_for_everyone_still_decides_beside_cohorts() -> None:
    text = "Inclusion Criteria:\n- Age ≥ 18 years\nCohort A:\n- Platelet count ≥ 100 x 10^9/L\n"
    verdict = screen(parse_criteria(text), patient(birth_date="2015-01-01", observations=[lab("PLT", 150, "10*9/L")]))
    assert (verdict.verdict, verdict.deciding) == ("ineligible", ["inc-1"])


def test_a_cohort_label_ending_in_only_says_it_once() -> None:
    criteria = _with_cohorts(document([PLT_LOW, ANC_LOW]), {"inc-1": "Part 1 Only"})
    verdict = screen(criteria, patient(**LOW_PLATELETS))
    assert verdict.criteria[0].reason.endswith(f"; for Part 1 only: {EVERY_COHORT}")
