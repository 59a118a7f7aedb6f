"""JSON Schemas of the published contracts, generated from the models (never written by hand)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel

from parser.models.criteria import SCHEMA_VERSION, Criteria
from parser.models.diff import TrialDiff
from parser.models.patient import patient_json_schema
from parser.models.trial import Trial

_BASE = "https://github.com/trialwatch/trialwatch/schema"
_DRAFT = "https://json-schema.org/draft/2020-12/schema"


def published(model: type[BaseModel], name: str,
              mode: Literal["validation", "serialization"] = "validation") -> dict[str, Any]:
    """`model`'s schema as published under `name`: draft 2020-12, its `$id` beside the others. `serialization`
    describes what the model prints (computed fields included), for documents only trialwatch writes."""
    schema = model.model_json_schema(by_alias=True, mode=mode)
    schema["$schema"] = _DRAFT
    schema["$id"] = f"{_BASE}/{name}.schema.json"
    return schema


def criteria_schema() -> dict[str, Any]:
    """The criteria document screeners consume; `schema_version` pins the contract's version."""
    schema = Criteria.model_json_schema(by_alias=True)
    schema["$schema"] = _DRAFT
    schema["$id"] = f"{_BASE}/criteria-{SCHEMA_VERSION}.schema.json"
    schema["title"] = "trialwatch eligibility criteria"
    schema["properties"]["schema_version"] = {"const": SCHEMA_VERSION, "title": "Schema Version", "type": "string"}
    return schema


def trial_schema() -> dict[str, Any]:
    return published(Trial, "trial")


def patient_schema() -> dict[str, Any]:
    schema = dict(patient_json_schema())
    schema.setdefault("$schema", _DRAFT)
    schema.setdefault("$id", f"{_BASE}/patient.schema.json")
    return schema


def verdict_schema() -> dict[str, Any]:
    """The screening outcome (`trialwatch screen --json`): results `met`, `not_met`, `unknown`, `to_confirm`."""
    from parser.screen.verdict import Verdict

    return published(Verdict, "verdict")


def diff_schema() -> dict[str, Any]:
    """What changed between two versions of a trial (`trialwatch diff --json`), `has_changes` included."""
    return published(TrialDiff, "diff", "serialization")


SCHEMAS = {"criteria": criteria_schema, "trial": trial_schema, "patient": patient_schema, "verdict": verdict_schema,
           "diff": diff_schema}
"""File stem (`extracted/schema/<stem>.schema.json`) to the function that generates it."""
