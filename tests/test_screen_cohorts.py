"""Criteria for one cohort: no record says which cohort a patient would join, so they never decide alone."""

from __future__ import annotations

from typing import Any

from parser.criteria import parse_criteria
from parser.models.criteria import Criteria
from parser.screen import screen
from tests.test_screen_logic import PLT_LOW, document, lab, patient

LOW_PLATELETS = {"observations": [lab("PLT", 50, "10*9/L")]}


def _for_cohort(doc: dict[str, Any], section: str, cohort: str) -> Criteria:
    for item in doc[section]:
        item["cohort"] = cohort
    return Criteria.model_validate(doc)


def test_an_unmet_inclusion_of_one_cohort_leaves_the_verdict_to_review() -> None:
    verdict = screen(_for_cohort(document([PLT_LOW]), "inclusion", "Part A"), patient(**LOW_PLATELETS))
    assert (verdict.verdict, verdict.deciding) == ("needs_review", ["inc-1"])
    assert verdict.criteria[0].result == "not_met"
    assert "for Part A only" in verdict.criteria[0].reason


def test_a_met_exclusion_of_one_cohort_leaves_the_verdict_to_review() -> None:
    below = {"type": "comparison", "measure": "platelet count", "op": "<", "value": 100, "unit": "10*9/L",
             "text": "platelets < 100", "span": [0, 15]}
    verdict = screen(_for_cohort(document(exclusion=[below]), "exclusion", "Donor"), patient(**LOW_PLATELETS))
    assert (verdict.verdict, verdict.criteria[0].result) == ("needs_review", "met")


def test_a_met_inclusion_of_one_cohort_keeps_the_patient_eligible() -> None:
    verdict = screen(_for_cohort(document([PLT_LOW]), "inclusion", "Part A"),
                     patient(observations=[lab("PLT", 150, "10*9/L")]))
    assert verdict.verdict == "eligible"


def test_the_cohorts_of_a_text_are_screened_apart_from_the_criteria_for_everyone() -> None:
    text = ("Inclusion Criteria:\n- Age ≥ 18 years\nCohort A:\n- Platelet count ≥ 100 x 10^9/L\n"
            "Cohort B:\n- Platelet count ≥ 50 x 10^9/L\n")
    verdict = screen(parse_criteria(text), patient(birth_date="1970-01-01", observations=[lab("PLT", 70, "10*9/L")]))
    assert verdict.verdict == "needs_review"
    assert [(r.result, r.reason.endswith("for Cohort A only: the patient may join another cohort"))
            for r in verdict.criteria] == [("met", False), ("not_met", True), ("met", False)]


def test_a_criterion_for_everyone_still_decides_beside_cohorts() -> None:
    text = "Inclusion Criteria:\n- Age ≥ 18 years\nCohort A:\n- Platelet count ≥ 100 x 10^9/L\n"
    verdict = screen(parse_criteria(text), patient(birth_date="2015-01-01", observations=[lab("PLT", 150, "10*9/L")]))
    assert (verdict.verdict, verdict.deciding) == ("ineligible", ["inc-1"])


def test_a_cohort_label_ending_in_only_says_it_once() -> None:
    verdict = screen(_for_cohort(document([PLT_LOW]), "inclusion", "Part 1 Only"), patient(**LOW_PLATELETS))
    assert verdict.criteria[0].reason.endswith("; for Part 1 only: the patient may join another cohort")
