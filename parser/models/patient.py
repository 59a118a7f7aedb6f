"""The patient a screener evaluates (DESIGN.md, "Screening contract"): facts as of a date.

Why it is shaped this way:
- The contract only: it imports nothing from the criteria engine, so a screener written elsewhere can read
  it without our lexicon. Units are strings as written; `parser.screen.intake` reads them to UCUM with the
  engine's unit tables, and the screener judges values (`parser.screen.plausibility`).
- Strict (`extra="forbid"`, frozen, finite numbers): a misspelt field is an error naming it, never a
  silently ignored fact.
- `conditions` / `treatments` / `lesions` left out (null) mean "not recorded": every concept or count looked up
  there is unknown. A list, even empty, is the complete record: what it omits the patient does not have.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Quantity(_Model):
    """A value with its unit (age in `a` or `mo`, weight in `kg` or `[lb_av]`): UCUM or a clinician's spelling."""

    value: float
    unit: str


class Observation(_Model):
    """One measured value; `uln`/`lln` are the reporting lab's limits, in the observation's own unit."""

    measure: str | None = None
    loinc: str | None = None
    value: float
    unit: str
    uln: float | None = Field(default=None, gt=0)
    lln: float | None = Field(default=None, ge=0)
    date: dt.date | None = None

    @model_validator(mode="after")
    def _named(self) -> Observation:
        if not (self.measure or self.loinc):
            raise ValueError("an observation needs a measure or a loinc")
        return self


class Condition(_Model):
    """A diagnosis; `date` is its onset or diagnosis. `active`: true while present, false when resolved, left out
    when the record does not say. Left out, it counts as present where a criterion asks only whether the patient has
    the condition, and a time window dates it by its onset where onset and today agree: a stroke of 2020 not said to
    be active or resolved leaves "stroke within 6 months" unknown (it was not read as present today)."""

    concept: str
    codes: list[str] = Field(default_factory=list)
    date: dt.date | None = None
    active: bool | None = None


class Treatment(_Model):
    """A therapy course; `end: null` with a `start` means ongoing."""

    concept: str
    codes: list[str] = Field(default_factory=list)
    start: dt.date | None = None
    end: dt.date | None = None


class Lesion(_Model):
    """One tumour lesion as the latest imaging lists it, for criteria that count lesions or metastatic organs
    ("no more than 5 distant metastases", "at least one measurable pelvic lesion") or measure tumours' distance to
    a structure; a patient's list is the complete record of their known lesions. `site` is its organ or
    region ("pelvis", "liver"); `distant` says whether it is a distant metastasis (not the primary tumour, a
    local recurrence or a regional node) and `measurable` whether it is measurable by RECIST 1.1: null when the
    report does not say, which leaves a count that needs it unknown."""

    site: str
    distant: bool | None = None
    measurable: bool | None = None


class Patient(_Model):
    """Everything a screener may use about one patient, as of `as_of`; `id` is the caller's, echoed in the verdict."""

    id: str | None = None
    as_of: dt.date | None = None
    birth_date: dt.date | None = None
    age: Quantity | None = None
    sex: Literal["female", "male", "other"] | None = None
    weight: Quantity | None = None
    ecog: int | None = Field(default=None, ge=0, le=5)
    observations: list[Observation] = Field(default_factory=list)
    conditions: list[Condition] | None = None
    treatments: list[Treatment] | None = None
    lesions: list[Lesion] | None = None
    pregnant: bool | None = None
    lactating: bool | None = None

    @model_validator(mode="after")
    def _one_age(self) -> Patient:
        if self.birth_date is not None and self.age is not None:
            raise ValueError("give birth_date or age, not both")
        return self


def patient_json_schema() -> dict[str, object]:
    """The published JSON Schema of `Patient`, generated from the model so it cannot drift."""
    return Patient.model_json_schema()


__all__ = ["Quantity", "Observation", "Condition", "Treatment", "Lesion", "Patient", "patient_json_schema"]
