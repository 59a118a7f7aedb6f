"""Screening: a patient's facts against a trial's structured criteria, with a reason for every criterion.

Three-valued logic (DESIGN.md, "Screening contract"): missing data is unknown, never a silent pass; units are
converted before comparing; a criterion confirmed at enrolment does not stop an eligible verdict but is listed.
The modules, in the order data flows: `intake` (documents in), `plausibility` and `facts` (the patient, indexed
once, for every trial it is screened against: `patient_facts`), `terms` and `concepts` (concepts against conditions
and treatments), `measure` (readings against thresholds), `lesions` (lesion and organ counts), `labels` (adequate
organ function decided by the trial's own criteria), `compile` (an
expression into one evaluator), `enrolment` (what a criterion read at enrolment says besides its steps), `rules`
(results and the verdict), `verdict` (the output contract); `cache` keeps
compiled criteria by content for matching; `words` holds the screener's own word lists. Measures, units and concepts
are the shared vocabulary's (`parser.vocabulary`): the screener imports nothing from the criteria engine.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping

from parser.errors import InvalidPatient, MalformedCriteria, UnsupportedSchemaVersion
from parser.models.criteria import Criteria
from parser.models.patient import Patient, patient_json_schema
from parser.screen.cache import CompiledCriteria
from parser.screen.facts import Facts
from parser.screen.intake import (
    PatientLineError,
    check_schema_version,
    criteria_from_json,
    patient_from_json,
    patients_from_json,
)
from parser.screen.rules import Trial
from parser.screen.verdict import CriterionResult, Flag, Verdict

DEFAULT_MAX_LAB_AGE = 28.0
"""Days a reading stays current when a criterion states no window of its own (`--max-lab-age`)."""


def screen(criteria: Criteria, patient: Patient, *, as_of: dt.date | None = None,
           uln: Mapping[str, float] | None = None, max_lab_age: float | None = DEFAULT_MAX_LAB_AGE) -> Verdict:
    """Screen one patient. `as_of` defaults to the patient's; `uln` maps a measure (name, key or LOINC) to
    its upper limit of normal in the measure's canonical unit, for labs reported without one; a reading older
    than `max_lab_age` days (None: no limit) is unknown unless the criterion states its own window."""
    return Trial.compile(criteria).screen(Facts(patient, as_of, uln), max_lab_age)


def screen_many(criteria: Criteria, patients: Iterable[Patient], *, as_of: dt.date | None = None,
                uln: Mapping[str, float] | None = None,
                max_lab_age: float | None = DEFAULT_MAX_LAB_AGE) -> Iterator[Verdict]:
    """Screen patients lazily against criteria compiled once (a bad document raises before the first)."""
    trial = Trial.compile(criteria)
    return (trial.screen(Facts(patient, as_of, uln), max_lab_age) for patient in patients)


def patient_facts(patient: Patient, *, as_of: dt.date | None = None,
                  uln: Mapping[str, float] | None = None) -> Facts:
    """A patient indexed once, to screen against many compiled trials (`CompiledCriteria.trial(...).screen`):
    indexing costs about a quarter of screening one trial, and does not depend on the trial."""
    return Facts(patient, as_of, uln)


__all__ = [
    "DEFAULT_MAX_LAB_AGE",
    "CompiledCriteria",
    "CriterionResult",
    "Facts",
    "Flag",
    "InvalidPatient",
    "MalformedCriteria",
    "PatientLineError",
    "UnsupportedSchemaVersion",
    "Verdict",
    "check_schema_version",
    "criteria_from_json",
    "patient_from_json",
    "patient_facts",
    "patients_from_json",
    "patient_json_schema",
    "screen",
    "screen_many",
]
