"""The pipeline is built anew every `RENEW_AFTER` texts, so spaCy's vocabulary cannot grow without end; a renewed
pipeline must parse exactly as the first one did."""

from __future__ import annotations

from parser.criteria import parse_criteria, pipeline

TEXT = """Inclusion Criteria:
* Age 18-75 years at the time of signing the informed consent form
* ANC ≥ 1.5 × 10^9/L or other evidence of adequate marrow function
Exclusion Criteria:
* Pregnant or breastfeeding women
"""


def test_a_renewed_pipeline_parses_as_the_one_before() -> None:
    first, before = parse_criteria(TEXT), pipeline.load()
    pipeline.parsed(pipeline.RENEW_AFTER)
    assert pipeline.load() is not before
    assert parse_criteria(TEXT) == first
