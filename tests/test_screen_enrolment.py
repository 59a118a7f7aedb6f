"""Criteria no patient record answers but enrolment confirms (consent, contraception: `screening.csv` kind
`enrolment_category`) do not stop an eligible verdict; the verdict lists them under `to_confirm`.

Each criterion is parsed by the engine from a text written for the test, as a screener would get it."""

from __future__ import annotations

from typing import Any

from parser.criteria import parse_criteria
from parser.models.patient import Patient
from parser.screen import Verdict, screen

AGE_AND_CONSENT = ("Inclusion Criteria:\n\n  -  Aged 20-70 years\n  -  Signed written informed consent\n\n"
                   "Exclusion Criteria:\n\n  -  Platelets < 75 x 10^9/L")


def _screen(text: str, **patient: Any) -> Verdict:
    return screen(parse_criteria(text), Patient.model_validate({"as_of": "2025-07-01", **patient}))


def _platelets(value: float) -> dict[str, Any]:
    return {"observations": [{"measure": "platelets", "value": value, "unit": "10*9/L", "date": "2025-06-30"}]}


def test_a_consent_criterion_is_listed_to_confirm_and_does_not_block_eligibility():
    verdict = _screen(AGE_AND_CONSENT, birth_date="1970-01-01", **_platelets(200))
    assert (verdict.verdict, verdict.to_confirm, verdict.deciding) == ("eligible", ["inc-2"], [])


def test_a_consent_criterion_reads_to_confirm_with_a_reason_saying_when():
    result = _screen(AGE_AND_CONSENT, birth_date="1970-01-01", **_platelets(200)).criteria[1]
    assert (result.result, result.reason) == ("to_confirm", "written informed consent: to confirm at enrolment")


def test_a_criterion_to_confirm_does_not_rescue_a_patient_a_record_excludes():
    verdict = _screen(AGE_AND_CONSENT, birth_date="1970-01-01", **_platelets(50))
    assert (verdict.verdict, verdict.deciding, verdict.to_confirm) == ("ineligible", ["exc-1"], ["inc-2"])



def _inclusion(item: str) -> Verdict:
    return _screen(f"Inclusion Criteria:\n\n  -  {item}", conditions=[], treatments=[])


def test_a_consent_step_worded_only_as_one_does_not_block_eligibility():
    verdict = _inclusion("Patients able and willing to give written informed consent before any study procedure")
    assert (verdict.verdict, verdict.to_confirm) == ("eligible", ["inc-1"])


def test_a_clinical_fact_joined_to_a_consent_step_by_and_asks_a_person_naming_it():
    result = _inclusion("Subjects should sign informed consent and have recovered from adverse events of earlier "
                        "therapy")
    assert (result.verdict, result.deciding) == ("needs_review", ["inc-1"])
    assert result.criteria[0].reason.endswith("not structured: 'recovered from adverse events of earlier therapy'")


def test_a_clinical_fact_joined_to_a_contraception_step_asks_a_person():
    verdict = _inclusion("Women of childbearing potential agree to practise contraception, and carry an ALK fusion")
    assert (verdict.verdict, verdict.deciding) == ("needs_review", ["inc-1"])


def test_a_contraception_step_worded_only_as_one_does_not_block_eligibility():
    verdict = _inclusion("Women of childbearing potential must agree to use highly effective contraception during "
                         "the study and for 6 months after the last dose")
    assert (verdict.verdict, verdict.to_confirm) == ("eligible", ["inc-1"])


def test_the_grounds_of_the_investigators_judgement_do_not_block_eligibility():
    verdict = _screen("Exclusion Criteria:\n\n  -  In the opinion of the investigator, the subject is unsuitable for "
                      "this trial because of clinical or laboratory abnormalities", conditions=[], treatments=[])
    assert (verdict.verdict, verdict.to_confirm) == ("eligible", ["exc-1"])


def test_a_contraception_plan_until_after_the_last_dose_of_study_drug_does_not_block_eligibility():
    text = ("Inclusion Criteria:\n\n  -  Women of childbearing potential must agree to use adequate contraception "
            "during the study and for 3 months after the last dose of study drug")
    verdict = _screen(text, sex="female", treatments=[])
    assert (verdict.verdict, verdict.to_confirm) == ("eligible", ["inc-1"])


NOT_PREGNANT_WITH_CONTRACEPTION = ("Inclusion Criteria:\n\n  -  Non pregnant or breastfeeding women. Effective "
                                   "contraception should be used during the trial and for 3 months after the last "
                                   "infusion.")


def test_a_pregnancy_item_with_a_contraception_step_decides_for_a_patient_who_is_not_pregnant():
    verdict = _screen(NOT_PREGNANT_WITH_CONTRACEPTION, sex="female", pregnant=False, lactating=False)
    assert (verdict.verdict, verdict.to_confirm) == ("eligible", ["inc-1"])


def test_a_pregnancy_item_with_a_contraception_step_fails_a_pregnant_patient():
    verdict = _screen(NOT_PREGNANT_WITH_CONTRACEPTION, sex="female", pregnant=True, lactating=False)
    assert (verdict.verdict, verdict.deciding) == ("ineligible", ["inc-1"])


def test_partners_unwilling_to_use_strict_contraception_are_enrolment_wording_beside_pregnancy():
    text = ("Exclusion Criteria:\n\n  -  Pregnant or nursing women, or women who may be pregnant with a positive "
            "pregnancy test; or participants themselves and their partners who were unwilling to use strict "
            "contraception during the trial.")
    verdict = _screen(text, sex="female", pregnant=False, lactating=False)
    assert (verdict.verdict, verdict.to_confirm) == ("eligible", ["exc-1"])


def test_a_clinical_fact_beside_pregnancy_and_contraception_still_asks_a_person():
    text = ("Inclusion Criteria:\n\n  -  Non pregnant women with a BRCA2 mutation. Effective contraception should be "
            "used during the trial.")
    verdict = _screen(text, sex="female", pregnant=False, lactating=False)
    assert (verdict.verdict, verdict.deciding) == ("needs_review", ["inc-1"])


def test_the_investigators_judgement_beside_a_recorded_condition_does_not_make_it_decide():
    text = ("Exclusion Criteria:\n\n  -  Poorly controlled hypertension, or another serious illness that, in the "
            "investigator's opinion, could interfere with the study")
    hypertension = [{"concept": "hypertension", "active": True}]
    assert _screen(text, conditions=hypertension, treatments=[]).verdict == "needs_review"


def test_words_that_may_state_a_fact_beside_pregnancy_still_ask_a_person():
    text = ("Inclusion Criteria:\n\n  -  Not pregnant; must use contraception and must not be currently receiving "
            "other investigational drugs")
    verdict = _screen(text, sex="female", pregnant=False, lactating=False)
    assert (verdict.verdict, verdict.deciding) == ("needs_review", ["inc-1"])


def test_steps_confirmed_at_enrolment_joined_by_all_or_any_are_confirmed_as_a_whole():
    """Joined, two steps a person confirms stay to confirm: an exclusion's `all` of them had excluded everyone."""
    from tests.test_screen_logic import concept, document, patient, result, run

    steps = [concept("compliance", category="compliance"),
             concept("in the opinion of the investigator", category="judgement")]
    excluding = run(document(exclusion=[{"all": steps}]), patient(conditions=[], treatments=[]))
    including = run(document([{"any": steps}]), patient(conditions=[], treatments=[]))
    assert [(excluding.verdict, result(excluding, "exc-1")), (including.verdict, result(including))] == [
        ("eligible", "to_confirm"), ("eligible", "to_confirm")]
