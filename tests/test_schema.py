"""The published JSON Schemas are generated from the models and committed; they must not drift."""

import json
from pathlib import Path

import pytest

from parser.criteria import parse_criteria
from parser.models.criteria import SCHEMA_VERSION
from parser.schema import SCHEMAS, criteria_schema

SCHEMA_DIR = Path(__file__).resolve().parents[1] / "extracted" / "schema"


@pytest.mark.parametrize("stem", sorted(SCHEMAS))
def test_committed_schema_matches_the_models(stem):
    committed = json.loads((SCHEMA_DIR / f"{stem}.schema.json").read_text(encoding="utf-8"))
    assert committed == SCHEMAS[stem](), "regenerate with: trialwatch schema --out extracted/schema"


def test_criteria_schema_pins_the_schema_version():
    assert criteria_schema()["properties"]["schema_version"]["const"] == SCHEMA_VERSION


def test_criteria_output_names_only_properties_the_schema_declares():
    parsed = parse_criteria(
        "Inclusion Criteria:\n* Age ≥ 18 years\n* PLT < 80×10^9/L in patients with liver metastasis")
    document = json.loads(parsed.model_dump_json(by_alias=True, exclude_none=True))
    schema = criteria_schema()
    defs = schema["$defs"]

    def check(node, definition):
        if isinstance(node, dict) and "properties" in definition:
            assert set(node) <= set(definition["properties"]), (set(node) - set(definition["properties"]))

    check(document, schema)
    for criterion in document["inclusion"]:
        check(criterion, defs["Criterion"])


def test_criteria_round_trip_by_field_name_and_by_alias():
    from parser.models.criteria import Criteria

    document = parse_criteria(
        "Exclusion Criteria:\n* PLT < 100×10^9/L (PLT < 80×10^9/L in patients with liver metastasis)")
    assert Criteria.model_validate(document.model_dump()) == document
    assert Criteria.model_validate_json(document.model_dump_json(by_alias=True)) == document
