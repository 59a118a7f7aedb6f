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

