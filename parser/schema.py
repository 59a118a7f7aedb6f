"""JSON Schemas of the published contracts, generated from the models (never written by hand)."""

from __future__ import annotations

from typing import Any

from parser.models.criteria import SCHEMA_VERSION, Criteria
from parser.models.patient import patient_json_schema
from parser.models.trial import Trial

_BASE = "https://github.com/trialwatch/trialwatch/schema"


def criteria_schema() -> dict[str, Any]:
    """The criteria document screeners consume; `schema_version` pins the contract's version."""
    schema = Criteria.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"{_BASE}/criteria-{SCHEMA_VERSION}.schema.json"
    schema["title"] = "trialwatch eligibility criteria"
    schema["properties"]["schema_version"] = {"const": SCHEMA_VERSION, "title": "Schema Version", "type": "string"}
    return schema


def trial_schema() -> dict[str, Any]:
    schema = Trial.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"{_BASE}/trial.schema.json"
    return schema


def patient_schema() -> dict[str, Any]:
    schema = dict(patient_json_schema())
    schema.setdefault("$schema", "https://json-schema.org/draft/2020-12/schema")
    schema.setdefault("$id", f"{_BASE}/patient.schema.json")
    return schema


def verdict_schema() -> dict[str, Any]:
    """The screening outcome (`trialwatch screen --json`): results `met`, `not_met`, `unknown`, `to_confirm`."""
    from parser.screen.verdict import Verdict

    schema = Verdict.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"{_BASE}/verdict.schema.json"
    return schema


SCHEMAS = {"criteria": criteria_schema, "trial": trial_schema, "patient": patient_schema, "verdict": verdict_schema}
"""File stem (`extracted/schema/<stem>.schema.json`) to the function that generates it."""
