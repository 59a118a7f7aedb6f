"""The project's corpus lint (`bench/lint_criteria.py`) counts a lab left without its unit, not a ratio of masses a
criterion writes as a bare number."""

from __future__ import annotations

from bench.lint_criteria import lint_criterion
from tests.criteria.conftest import one_item


def _kinds(parse, item: str) -> list[str]:
    criterion = parse(one_item(item)).inclusion[0]
    return [kind for kind, _ in lint_criterion(criterion.model_dump(mode="json"))]


def test_a_lab_left_without_its_unit_is_counted(parse):
    assert _kinds(parse, "Haemoglobin at least 300") == ["unitless"]


def test_a_protein_creatinine_ratio_written_as_a_bare_number_is_not(parse):
    assert _kinds(parse, "Urine protein to creatinine ratio below 1.0") == []
