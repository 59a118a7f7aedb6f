"""Screening patients for NCT05628038: each fixture patient is one behaviour, named in its `case`.

`tests/fixtures/patients/NCT05628038.criteria.json` is a hand-written criteria document in the contract's
shape, modelled on the seed page's criteria; `NCT05628038.jsonl` holds one patient per line with the verdict,
the deciding criteria and words the deciding reasons must contain.

The patients were written before the patient model had `lesions`; their records now state the lesion facts every
label already assumes, the same for every case: the baseline "meets every criterion", so it has one measurable pelvic
lesion (its pelvic recurrence, `distant: false`); a case whose conditions name liver metastasis has that liver
lesion too (`distant: true`, its size unsaid); a case whose conditions are not recorded has no lesions recorded
either, as its liver metastasis is unknown. No label changed, and the hand-made criteria count no lesions.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from parser.models.criteria import Comparison, Concept
from parser.models.patient import Patient
from parser.models.walk import iter_nodes
from parser.screen import Verdict, criteria_from_json, screen

FIXTURES = Path(__file__).parent / "fixtures" / "patients"
CRITERIA = criteria_from_json((FIXTURES / "NCT05628038.criteria.json").read_text(encoding="utf-8"))
CASES = [json.loads(line) for line in (FIXTURES / "NCT05628038.jsonl").read_text(encoding="utf-8").splitlines()]


def _screen(case: dict) -> Verdict:
    return screen(CRITERIA, Patient.model_validate(case["patient"]))


@pytest.mark.parametrize("case", CASES, ids=[case["case"] for case in CASES])
def test_patient_gets_expected_verdict_and_deciding_criteria(case: dict) -> None:
    verdict = _screen(case)
    assert (verdict.verdict, verdict.deciding) == (case["expect"]["verdict"], case["expect"]["deciding"])


@pytest.mark.parametrize("case", [c for c in CASES if c["expect"]["reasons"]],
                         ids=[c["case"] for c in CASES if c["expect"]["reasons"]])
def test_reason_names_the_value_used(case: dict) -> None:
    reasons = {result.id: result.reason for result in _screen(case).criteria}
    for criterion, words in case["expect"]["reasons"].items():
        assert words in reasons[criterion]


def test_every_criterion_gets_a_result_in_document_order() -> None:
    verdict = _screen(CASES[0])
    expected = [(c.id, "inclusion") for c in CRITERIA.inclusion] + [(c.id, "exclusion") for c in CRITERIA.exclusion]
    assert [(r.id, r.section) for r in verdict.criteria] == expected


def test_cockcroft_gault_clearance_is_marked_computed() -> None:
    case = next(c for c in CASES if c["case"].startswith("Cockcroft-Gault clearance under 50"))
    result = next(r for r in _screen(case).criteria if r.id == "exc-4")
    assert (result.result, result.computed) == ("met", True)


def test_measured_clearance_is_not_marked_computed() -> None:
    case = next(c for c in CASES if c["case"] == "a measured clearance is used instead of computing one")
    assert next(r for r in _screen(case).criteria if r.id == "exc-4").computed is False


def test_fixture_criteria_spans_index_their_text() -> None:
    for criterion in CRITERIA.inclusion + CRITERIA.exclusion:
        for node in iter_nodes(criterion.expr):
            if isinstance(node, Comparison | Concept):
                start, end = node.span
                assert criterion.text[start:end] == node.text
