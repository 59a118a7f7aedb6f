"""The diff contract: what changed between two versions of one trial record, as data.

A `TrialDiff` is read by people (each change carries a one-line `summary`) and by programs (each change
carries a JSON Pointer `path`, a JSON Patch-like `op` and the `old`/`new` values), so a CLI, a
CHANGES.md and a webhook all render the same object.

JSON shape (`TrialDiff.model_dump(mode="json")`):

    {"nct_id": "NCT05628038", "schema_version": "1.0.0", "has_changes": true,
     "changes": [
       {"kind": "field", "group": "Status & dates", "path": "/overall_status", "op": "replace",
        "from_path": null, "old": "NOT_YET_RECRUITING", "new": "RECRUITING",
        "summary": "status: Not yet recruiting → Recruiting", "meaning_changed": true, "details": []},
       {"kind": "criterion", "group": "Criteria — inclusion", "path": "/criteria/inclusion/0", "op": "replace",
        "from_path": "/criteria/inclusion/0", "old": "Aged over 18 years old, …", "new": "Patient is 18-75 …",
        "summary": "inclusion 1 reworded: …; age max added: 75 years", "meaning_changed": true,
        "details": ["age min operator > → >=", "age max added: 75 years"]}]}

Paths point into the record (`/overall_status`, `/eligibility/maximum_age`, `/locations/2/status`) or into
its criteria (`/criteria/inclusion/4`, 0-based); an added item's index is in the new version, a removed
one's in the old. `from_path` is the item's place in the old version when it moved, split or merged.
"""

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, JsonValue, computed_field, model_validator

DIFF_SCHEMA_VERSION = "1.0.0"

ChangeKind = Literal["field", "criterion"]
ChangeOp = Literal["add", "remove", "replace", "move"]


class Change(BaseModel):
    """One change, small enough to read in a line and precise enough to apply."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: ChangeKind
    group: str
    path: str
    op: ChangeOp
    from_path: str | None = None
    old: JsonValue = None
    new: JsonValue = None
    summary: str
    meaning_changed: bool = True
    details: list[str] = []


class TrialDiff(BaseModel):
    """Every change from an older to a newer version, metadata first, then criteria in reading order.

    `meaning_changed` is false only where the diff can show the meaning is the same (a rewording whose
    structured expression is identical and fully captures the item); everything else is reported as a change.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    nct_id: str
    schema_version: str = DIFF_SCHEMA_VERSION
    changes: list[Change] = []

    @model_validator(mode="before")
    @classmethod
    def _drop_computed(cls, data: Any) -> Any:
        """Accept our own JSON back: `has_changes` is derived from `changes`, not stored."""
        return {key: value for key, value in data.items() if key != "has_changes"} if isinstance(data, dict) else data

    @computed_field  # type: ignore[prop-decorator]
    @property
    def has_changes(self) -> bool:
        return bool(self.changes)


__all__ = ["DIFF_SCHEMA_VERSION", "Change", "ChangeKind", "ChangeOp", "TrialDiff"]
