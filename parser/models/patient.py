"""The patient a screener evaluates (DESIGN.md, "Screening contract"): facts as of a date, in UCUM units.

Why it is shaped this way:
- Strict (`extra="forbid"`, frozen): a misspelt field is an error naming it, never a silently ignored fact.
- Units are normalised at the boundary to UCUM through the criteria lexicon's spelling table, so "mg/dl"
  and "mg/dL" are one unit and an unknown unit fails validation instead of failing a comparison later.
- `conditions` / `treatments` left out (null) mean "not recorded": every concept looked up there is
  unknown. A list, even empty, is the complete record: what it omits the patient does not have.
- Absurd values (a platelet count of 10^6, an age of 300) and dates after `as_of` are *flags*, not
  validation errors: one typo must not discard the rest of a record, but the screener never uses a
  flagged value (`patient_flags`).
"""

from __future__ import annotations

import json
import datetime as dt
from functools import cache, lru_cache
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator

from parser.criteria.lexicon import Measure, measures, measures_by_key, measures_by_name
from parser.criteria.units import IncompatibleUnits, convert, dimension, read_unit
from parser.errors import InvalidPatient


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


def ucum(unit: str) -> str:
    """The UCUM code for a unit as clinicians write it ("mg/dl", "x10^9/L", "K/uL", "{INR}"), read with the criteria
    engine's own unit tables and grammar (`units.read_unit`); ValueError if unknown."""
    try:
        return read_unit(unit)
    except IncompatibleUnits as error:
        raise ValueError(str(error)) from None


UcumUnit = Annotated[str, AfterValidator(ucum)]


class Quantity(_Model):
    """A value with its UCUM unit (age in `a` or `mo`, weight in `kg` or `[lb_av]`)."""

    value: float
    unit: UcumUnit


class Observation(_Model):
    """One measured value; `uln`/`lln` are the reporting lab's limits, in the observation's own unit."""

    measure: str | None = None
    loinc: str | None = None
    value: float
    unit: UcumUnit
    uln: float | None = Field(default=None, gt=0)
    lln: float | None = Field(default=None, ge=0)
    date: dt.date | None = None

    @model_validator(mode="after")
    def _named(self) -> Observation:
        if not (self.measure or self.loinc):
            raise ValueError("an observation needs a measure or a loinc")
        return self


class Condition(_Model):
    """A diagnosis; `date` is its onset or diagnosis, `active: false` means resolved."""

    concept: str
    codes: list[str] = Field(default_factory=list)
    date: dt.date | None = None
    active: bool = True


class Treatment(_Model):
    """A therapy course; `end: null` with a `start` means ongoing."""

    concept: str
    codes: list[str] = Field(default_factory=list)
    start: dt.date | None = None
    end: dt.date | None = None


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
    pregnant: bool | None = None
    lactating: bool | None = None

    @model_validator(mode="after")
    def _one_age(self) -> Patient:
        if self.birth_date is not None and self.age is not None:
            raise ValueError("give birth_date or age, not both")
        for name, quantity, wanted in (("age", self.age, "time"), ("weight", self.weight, "mass")):
            if quantity is not None and dimension(quantity.unit) != wanted:
                raise ValueError(f"{name} unit {quantity.unit!r} is not a unit of {wanted}")
        return self


class Flag(_Model):
    """A value the screener will not use, and why (`field` is the dotted path, as in validation errors)."""

    field: str
    message: str


def patient_from_json(data: str | bytes) -> Patient:
    """Parse and validate a patient document; `InvalidPatient` carries one line naming the first bad field."""
    try:
        raw = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise InvalidPatient(f"patient is not JSON: {error}") from None
    try:
        return Patient.model_validate(raw)
    except ValidationError as error:
        raise InvalidPatient(f"patient {validation_summary(error)}") from None


def validation_summary(error: ValidationError) -> str:
    """One line naming the first failing field ("field observations.0.unit: unknown unit 'mg/dk'")."""
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "(document)"
    more = f" (and {error.error_count() - 1} more)" if error.error_count() > 1 else ""
    return f"field {where}: {first['msg'].removeprefix('Value error, ')}{more}"


def patient_json_schema() -> dict[str, object]:
    """The published JSON Schema of `Patient`, generated from the model so it cannot drift."""
    return Patient.model_json_schema()


@cache
def _by_loinc() -> dict[str, tuple[Measure, ...]]:
    table: dict[str, tuple[Measure, ...]] = {}
    for measure in measures():
        if measure.loinc:
            table[measure.loinc] = (*table.get(measure.loinc, ()), measure)
    return table


@lru_cache(maxsize=4096)
def measures_for(name: str | None, loinc: str | None, unit: str | None) -> tuple[Measure, ...]:
    """The lexicon measures a (name, LOINC, unit) can mean: by LOINC, else by name or synonym.

    An ambiguous name ("proteinuria": dipstick or 24-hour) is narrowed to the measures whose canonical
    unit has the same dimension as `unit`; `unit=None` (a multiple of a normal limit) keeps them all.
    """
    found = _by_loinc().get(loinc or "") or measures_by_name().get((name or "").strip().lower(), ())
    wanted = dimension(unit) if unit else None
    narrowed = tuple(m for m in found if dimension(m.unit) == wanted)
    return narrowed or found


def age_in_years(patient: Patient, as_of: dt.date | None) -> float | None:
    """Completed years (a 75-year-old stays 75 until the 76th birthday), or None if not computable."""
    fields = patient.__dict__  # read without the model's `__getattr__` hook: this runs for every patient screened
    age, born = fields["age"], fields["birth_date"]
    if age is not None:
        return convert(age.value, age.unit, "a")
    if born is None or as_of is None:
        return None
    return as_of.year - born.year - ((as_of.month, as_of.day) < (born.month, born.day))


@lru_cache(maxsize=4096)
def _plausible_in(key: str, unit: str) -> tuple[float, float] | None:
    """A measure's plausible range in `unit`, None if it has none or `unit` measures another dimension
    (copies/mL for a measure kept in IU/mL: unjudgeable here, the comparison will say why)."""
    measure = measures_by_key()[key]
    if measure.plausible is None:
        return None
    try:
        low, high = (convert(bound, measure.unit, unit, molar_mass=measure.molar_mass) for bound in measure.plausible)
    except IncompatibleUnits:
        return None
    return low, high


def _within(key: str, value: float, unit: str) -> bool:
    """Whether a value is in its measure's plausible range (or cannot be judged), without a message."""
    bounds = _plausible_in(key, unit)
    return bounds is None or bounds[0] <= value <= bounds[1]


def _implausible(measure: Measure, value: float, unit: str) -> str | None:
    bounds = _plausible_in(measure.key, unit)
    if bounds is None or bounds[0] <= value <= bounds[1]:
        return None
    low, high = measure.plausible or bounds
    return f"{measure.name} {value:g} {unit} is outside the plausible {low:g}-{high:g} {measure.unit}"


def _date_field(where: str, index: int | None, day: dt.date, patient: Patient) -> str:
    """The dotted path of a date, built only for the rare date that gets flagged."""
    if index is None:
        return where
    if where == "treatments":
        return f"treatments.{index}.{'start' if patient.treatments and patient.treatments[index].start == day else 'end'}"
    return f"{where}.{index}.date"


@lru_cache(maxsize=4096)
def _observation_bounds(name: str | None, loinc: str | None, unit: str) -> tuple[Measure, float, float] | None:
    """The measure an observation is judged as and its plausible range in the observation's unit."""
    found = measures_for(name, loinc, unit)
    bounds = _plausible_in(found[0].key, unit) if found else None
    return None if bounds is None else (found[0], *bounds)


def plausible_range(name: str | None, loinc: str | None, unit: str) -> tuple[float, float]:
    """The range an observation's value must lie in, in its own unit, not to be flagged (unbounded when
    its measure has no plausible range or it is in a unit of another dimension)."""
    bounds = _observation_bounds(name, loinc, unit)
    return _UNBOUNDED if bounds is None else (bounds[1], bounds[2])


_UNBOUNDED = (float("-inf"), float("inf"))


def patient_flags(patient: Patient, as_of: dt.date | None = None, *, skip_observations: bool = False) -> list[Flag]:
    """Absurd values and dates after `as_of` (default: the patient's), each naming its field.

    Written for speed as well as reading: a screener calls it once per patient, and most patients have
    nothing to flag, so the observations are checked in one pass of plain comparisons against ranges
    cached per (measure, LOINC, unit), and a message is built only for a flag. A screener that has
    checked the observations itself while indexing them (`plausible_range`, dates) and found nothing
    to flag skips them (`skip_observations`)."""
    as_of = as_of or patient.as_of
    # The fields read from `__dict__`: a pydantic model's `__getattr__` hook makes each attribute access
    # several times dearer than a dict look-up, and this runs for every patient screened.
    fields = patient.__dict__
    flags: list[Flag] = []
    age = age_in_years(patient, as_of)
    if age is not None and not _within("age", age, "a"):
        flags.append(Flag(field="age" if fields["age"] else "birth_date",
                          message=_implausible(measures_by_key()["age"], age, "a") or ""))
    weight, born = fields["weight"], fields["birth_date"]
    if weight and not _within("weight", weight.value, weight.unit):
        flags.append(Flag(field="weight", message=_implausible(measures_by_key()["weight"], weight.value,
                                                               weight.unit) or ""))
    late: list[tuple[str, int | None, dt.date]] = []
    if as_of is not None and born and born > as_of:
        late.append(("birth_date", None, born))
    for i, obs in enumerate(() if skip_observations else patient.observations):
        bounds = _observation_bounds(obs.measure, obs.loinc, obs.unit)
        if bounds is not None and not bounds[1] <= obs.value <= bounds[2]:
            flags.append(Flag(field=f"observations.{i}.value",
                              message=_implausible(bounds[0], obs.value, obs.unit) or ""))
        if as_of is not None and obs.date is not None and obs.date > as_of:
            late.append(("observations", i, obs.date))
    treatments = fields["treatments"]
    if as_of is not None:
        late += _late_events(fields["conditions"], treatments, as_of)
        if late:
            flags += [Flag(field=_date_field(where, i, day, patient), message=f"{day} is after as_of {as_of}")
                      for where, i, day in late]
    if treatments:
        flags += [Flag(field=f"treatments.{i}.end", message=f"ends {t.end} before it starts {t.start}")
                  for i, t in enumerate(treatments) if t.start and t.end and t.end < t.start]
    return flags


def _late_events(conditions: list[Condition] | None, treatments: list[Treatment] | None,
                 as_of: dt.date) -> list[tuple[str, int, dt.date]]:
    """Condition dates, then treatment starts, then treatment ends after `as_of`, in the order flagged."""
    late = [("conditions", i, c.date) for i, c in enumerate(conditions or ()) if c.date and c.date > as_of]
    if treatments:
        late += [("treatments", i, t.start) for i, t in enumerate(treatments) if t.start and t.start > as_of]
        late += [("treatments", i, t.end) for i, t in enumerate(treatments) if t.end and t.end > as_of]
    return late


__all__ = [
    "InvalidPatient",
    "Quantity",
    "Observation",
    "Condition",
    "Treatment",
    "Patient",
    "Flag",
    "ucum",
    "patient_from_json",
    "validation_summary",
    "patient_json_schema",
    "measures_for",
    "age_in_years",
    "plausible_range",
    "patient_flags",
]
