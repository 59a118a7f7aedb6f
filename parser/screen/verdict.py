"""The screening outcome, the contract a screener's caller reads (`trialwatch screen --json`).

- A criterion's `result` is `met`, `not_met`, `unknown` (the record cannot say: never a silent pass) or
  `to_confirm`: it asks what no record holds and is confirmed when the patient enrols (informed consent,
  contraception, willingness, the investigator's judgement). Such a criterion does not stop an `eligible`
  verdict; the verdict lists it under `to_confirm`, so the person enrolling knows what is left to check.
- For an exclusion `met` means the patient has the excluding condition.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict

from parser.models.criteria import Coverage

Result = Literal["met", "not_met", "unknown", "to_confirm"]
Decision = Literal["eligible", "ineligible", "needs_review"]
Section = Literal["inclusion", "exclusion"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Flag(_Model):
    """A value the screener will not use, and why (`field` is the dotted path, as in validation errors)."""

    field: str
    message: str


# Not frozen: a frozen dataclass costs ten times as much to make, which was a tenth of screening time; each
# verdict gets its own instances, so none is shared between verdicts.
@dataclass(slots=True)
class CriterionResult:
    """One criterion's result and the one-line reason naming the values used.

    A plain dataclass, not a model: a verdict holds one per criterion, made for that verdict; pydantic still
    serialises and documents it as a field of `Verdict`.
    """

    id: str
    section: Section
    result: Result
    reason: str
    computed: bool = False
    coverage: Coverage = "full"


class Verdict(_Model):
    """The screening outcome; `deciding` names the criteria that made it ineligible or left it open, `to_confirm`
    those to be confirmed at enrolment."""

    nct_id: str | None
    patient_id: str | None = None
    verdict: Decision
    criteria: list[CriterionResult]
    deciding: list[str]
    to_confirm: list[str] = []
    flags: list[Flag]
    as_of: dt.date | None
