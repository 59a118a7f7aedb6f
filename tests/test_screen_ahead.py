"""A window ahead (`Window.direction: "ahead"`) bounds a plan or an expectation, which no record of past events
shows: the screener never decides it from the record, and says which plan a person must ask about."""

from __future__ import annotations

from typing import Any

from parser.criteria import parse_criteria
from parser.screen import screen
from tests.test_screen_logic import AS_OF, cmp, concept, document, lab, patient, reason, result, run


def ahead(text: str, value: float, unit: str, anchor: str | None = None) -> dict[str, Any]:
    return {"op": "<=", "value": value, "unit": unit, "anchor": anchor, "direction": "ahead", "text": text,
            "span": [0, len(text)]}


PLANNED_SURGERY = concept("major surgery", category="treatment", within=ahead("within the next 4 weeks", 4, "wk"))
RECENT_SURGERY = {"concept": "major surgery", "start": "2025-06-20", "end": "2025-06-20"}


def test_a_past_event_of_the_concept_does_not_meet_a_window_ahead() -> None:
    verdict = run(document(exclusion=[PLANNED_SURGERY]), patient(treatments=[RECENT_SURGERY], conditions=[]))
    assert (result(verdict, "exc-1"), verdict.verdict) == ("unknown", "needs_review")


def test_a_complete_record_without_the_concept_does_not_fail_a_window_ahead() -> None:
    verdict = run(document(exclusion=[PLANNED_SURGERY]), patient(treatments=[], conditions=[]))
    assert result(verdict, "exc-1") == "unknown"


def test_the_reason_names_the_plan_as_written() -> None:
    pregnancy = concept("intends to become pregnant", category="pregnancy",
                        within=ahead("within 6 months", 6, "mo", "after the last dose"))
    verdict = run(document(exclusion=[pregnancy]), patient(sex="female"))
    assert reason(verdict, "exc-1") == ("intends to become pregnant within 6 months after the last dose: a plan or "
                                        "an expectation, which no record of the past shows; review")


def test_another_part_that_decides_still_decides_beside_a_window_ahead() -> None:
    pregnant = concept("pregnant", category="pregnancy")
    planned = concept("pregnancy", category="pregnancy", within=ahead("within 6 months", 6, "mo"))
    adult = cmp("age", ">=", 18, "a")
    verdict = run(document(inclusion=[{"all": [adult, {"not": planned}]}], exclusion=[{"any": [pregnant, planned]}]),
                  patient(age={"value": 16, "unit": "a"}, sex="female", pregnant=True))
    assert (result(verdict, "inc-1"), result(verdict, "exc-1"), verdict.verdict) == (
        "not_met", "met", "ineligible")


def test_a_test_still_to_come_neither_stands_aside_nor_bounds_how_old_readings_may_be() -> None:
    retest = concept("pregnancy test", category="laboratory", within=ahead("within 24 hours", 24, "h", "before dosing"))
    verdict = run(document([{"all": [cmp("platelet count", ">=", 100, "10*9/L"), retest]}]),
                  patient(observations=[lab("PLT", 150, "10*9/L")]))
    assert (result(verdict), "within 24 hours before dosing" in reason(verdict)) == ("unknown", True)


def test_a_plan_the_engine_reads_ahead_leaves_the_screening_to_review() -> None:
    criteria = parse_criteria("Exclusion Criteria:\n\n  -  Planned major surgery within the next 4 weeks")
    verdict = screen(criteria, patient(as_of=AS_OF, treatments=[RECENT_SURGERY], conditions=[]))
    assert (verdict.verdict, "within the next 4 weeks" in reason(verdict, "exc-1")) == ("needs_review", True)


PREGNANCY_OR_PLAN = ("Exclusion Criteria:\n\n  -  Pregnant or lactating women, or women intending to conceive within "
                     "5 months after the final infusion")


def test_a_pregnant_patient_is_ineligible_whatever_her_plans() -> None:
    verdict = screen(parse_criteria(PREGNANCY_OR_PLAN), patient(sex="female", pregnant=True))
    assert (result(verdict, "exc-1"), verdict.verdict) == ("met", "ineligible")


def test_a_patient_neither_pregnant_nor_lactating_needs_review_of_the_plan_alone() -> None:
    verdict = screen(parse_criteria(PREGNANCY_OR_PLAN), patient(sex="female", pregnant=False, lactating=False))
    assert (result(verdict, "exc-1"), verdict.verdict) == ("unknown", "needs_review")
    assert reason(verdict, "exc-1").startswith("intending to conceive within 5 months after the final infusion: a plan")


def test_a_man_holds_no_pregnancy_he_would_plan_himself() -> None:
    pregnancy = concept("women planning to become pregnant", category="pregnancy",
                        within=ahead("within 6 months", 6, "mo", "after the last dose"))
    verdict = run(document(exclusion=[pregnancy]), patient(sex="male"))
    assert result(verdict, "exc-1") == "not_met"


def test_a_mans_partner_may_plan_a_pregnancy() -> None:
    pregnancy = concept("female partner intends to become pregnant", category="pregnancy",
                        within=ahead("within 6 months", 6, "mo", "after the last dose"))
    verdict = run(document(exclusion=[pregnancy]), patient(sex="male"))
    assert result(verdict, "exc-1") == "unknown"
