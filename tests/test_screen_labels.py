"""A criterion naming adequate organ function without numbers of its own is decided by the trial's own criteria
on the organs it names (`parser/screen/labels.py`).

Each criteria document is parsed by the engine from a text written for the test, as a screener would get it.
"""

from __future__ import annotations

from typing import Any

from parser.criteria import parse_criteria
from parser.models.patient import Patient
from parser.screen import Verdict, screen

THRESHOLDS = ("\n\nExclusion Criteria:\n\n  -  ANC < 1.5 x 10^9/L or platelets < 100 x 10^9/L\n"
              "  -  Serum creatinine > 1.5 x ULN\n  -  QTc > 480 ms")
MARROW_AND_KIDNEY = ("Inclusion Criteria:\n\n  -  Adequate organ function (bone marrow and kidney function) within 14 "
                     "days before registration" + THRESHOLDS)
WITH_CLOTTING = ("Inclusion Criteria:\n\n  -  Sufficient organ function (marrow, renal and clotting function) "
                 "within 10 days of enrolment" + THRESHOLDS)


def _screen(text: str, *, platelets: float = 210, platelets_on: str = "2025-06-28", qtc: float = 420) -> Verdict:
    def reading(measure: str, value: float, unit: str, day: str = "2025-06-28", **more: Any) -> dict[str, Any]:
        return {"measure": measure, "value": value, "unit": unit, "date": day, **more}

    patient = {"as_of": "2025-07-01", "observations": [
        reading("ANC", 3.1, "10*9/L"), reading("platelets", platelets, "10*9/L", platelets_on),
        reading("creatinine", 70, "umol/L", uln=97), reading("QTc", qtc, "ms")]}
    return screen(parse_criteria(text), Patient.model_validate(patient))


def _label(verdict: Verdict) -> tuple[str, str]:
    result = verdict.criteria[0]
    return result.result, result.reason


def test_the_label_is_met_when_the_trials_criteria_on_the_named_organs_hold():
    verdict = _screen(MARROW_AND_KIDNEY)
    assert verdict.verdict == "eligible"
    assert _label(verdict)[1].endswith("the trial's own criteria for it (exc-1, exc-2) hold from readings within 14 d")


def test_the_label_ignores_the_criteria_of_organs_it_does_not_name():
    verdict = _screen(MARROW_AND_KIDNEY, qtc=500)
    assert (verdict.verdict, verdict.deciding, _label(verdict)[0]) == ("ineligible", ["exc-3"], "met")


def test_a_reading_older_than_the_labels_window_leaves_it_unknown():
    verdict = _screen(MARROW_AND_KIDNEY, platelets_on="2025-06-10")
    assert (verdict.verdict, verdict.deciding) == ("needs_review", ["inc-1"])
    assert "of 2025-06-10 is older than 14 d" in _label(verdict)[1]


def test_a_criterion_against_the_patient_decides_alone_and_leaves_the_label_unknown():
    verdict = _screen(MARROW_AND_KIDNEY, platelets=90)
    assert (verdict.verdict, verdict.deciding, _label(verdict)[0]) == ("ineligible", ["exc-1"], "unknown")


def test_a_named_organ_the_trial_sets_no_threshold_for_leaves_the_label_unknown():
    verdict = _screen(WITH_CLOTTING)
    assert (verdict.verdict, _label(verdict)) == (
        "needs_review", ("unknown", "Sufficient organ function (marrow, renal and clotting function): the trial states "
                                    "no threshold of its own for coagulation"))


def test_impaired_organ_function_is_no_label_of_adequacy():
    verdict = _screen("Exclusion Criteria:\n\n  -  Impaired kidney function within 14 days\n"
                      "  -  Serum creatinine > 1.5 x ULN")
    assert (verdict.verdict, verdict.deciding) == ("needs_review", ["exc-1"])
