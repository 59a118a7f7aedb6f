"""Which values of a patient the screener may use: the measures a reading means, and flags for absurd ones.

Absurd values (a platelet count of 10^6, an age of 300, a weight of 0 kg), units the tables do not know and
dates after `as_of` are *flags*, not validation errors: one typo must not discard the rest of a record, but
the screener never uses a flagged value, and every criterion that needed it is unknown with the flag as reason.
Ranges come from the measure lexicon (`measures.csv`, `plausible_min`/`plausible_max`), judged in the value's
own unit, and are cached per (measure, LOINC, unit): records repeat a handful of those.
"""

from __future__ import annotations

import datetime as dt
from functools import cache, lru_cache

from parser.criteria.lexicon import Measure, measures, measures_by_key, measures_by_name
from parser.criteria.units import IncompatibleUnits, convert, dimension
from parser.models.patient import Condition, Observation, Patient, Treatment
from parser.screen.intake import ucum
from parser.screen.verdict import Flag

UNBOUNDED = (float("-inf"), float("inf"))


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
    if patient.age is not None:
        code = ucum(patient.age.unit)
        return None if code is None or dimension(code) != "time" else convert(patient.age.value, code, "a")
    born = patient.birth_date
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


def implausible(key: str, value: float, unit: str) -> str | None:
    """Why a value of the measure `key` in `unit` is outside its plausible range, None when it is not (or cannot
    be judged)."""
    bounds = _plausible_in(key, unit)
    if bounds is None or bounds[0] <= value <= bounds[1]:
        return None
    measure = measures_by_key()[key]
    low, high = measure.plausible or bounds
    return f"{measure.name} {value:g} {unit} is outside the plausible {low:g}-{high:g} {measure.unit}"


@lru_cache(maxsize=4096)
def plausible_range(name: str | None, loinc: str | None, unit: str) -> tuple[float, float]:
    """The range an observation's value must lie in, in its own unit, not to be flagged (unbounded when
    its measure has no plausible range or it is in a unit of another dimension)."""
    found = measures_for(name, loinc, unit)
    return (_plausible_in(found[0].key, unit) if found else None) or UNBOUNDED


def observation_problems(obs: Observation, as_of: dt.date | None) -> list[tuple[str, str]]:
    """The fields of an observation the screener must not use ("unit", "value", "date") and why."""
    code = ucum(obs.unit)
    if code is None:
        return [("unit", f"unknown unit {obs.unit!r}")]
    found = measures_for(obs.measure, obs.loinc, code)
    problem = implausible(found[0].key, obs.value, code) if found else None
    problems = [("value", problem)] if problem else []
    if as_of is not None and obs.date is not None and obs.date > as_of:
        problems.append(("date", f"{obs.date} is after as_of {as_of}"))
    return problems


def patient_flags(patient: Patient, as_of: dt.date | None = None, *, skip_observations: bool = False) -> list[Flag]:
    """Absurd values, unknown units and dates after `as_of` (default: the patient's), each naming its field.

    A screener that checked the observations while indexing them (`observation_problems`) and found nothing
    skips them (`skip_observations`): most patients have nothing to flag, and observations are most of a record.
    Every screened patient comes through here, so each field is read once (a pydantic attribute costs three
    times a plain one to read) and each list is walked once."""
    as_of = as_of or patient.as_of
    flags = _quantity_flags(patient, as_of)
    born = patient.birth_date
    if as_of is not None and born is not None and born > as_of:
        flags.append(Flag(field="birth_date", message=f"{born} is after as_of {as_of}"))
    if not skip_observations:
        flags += [Flag(field=f"observations.{i}.{where}", message=message)
                  for i, obs in enumerate(patient.observations) for where, message in observation_problems(obs, as_of)]
    return _event_flags(flags, patient.conditions, patient.treatments, as_of)


def _quantity_flags(patient: Patient, as_of: dt.date | None) -> list[Flag]:
    """Age and weight: a unit of the wrong dimension, an implausible value, a weight that is not positive."""
    flags = []
    age, weight = patient.age, patient.weight
    age_problem = _unit_problem("age", age.unit) if age is not None else None
    if age_problem:
        flags.append(Flag(field="age", message=age_problem))
    weight_unit = weight.unit if weight is not None else None
    weight_problem = _unit_problem("weight", weight_unit) if weight_unit is not None else None
    if weight_problem:
        flags.append(Flag(field="weight", message=weight_problem))
    years = age_in_years(patient, as_of)
    problem = implausible("age", years, "a") if years is not None else None
    if problem:
        flags.append(Flag(field="age" if age else "birth_date", message=problem))
    if weight is not None and weight_unit is not None and not weight_problem:
        unit, value = ucum(weight_unit) or weight_unit, weight.value
        problem = implausible("weight", value, unit) or (
            None if value > 0 else f"body weight {value:g} {unit} is not positive")
        if problem:
            flags.append(Flag(field="weight", message=problem))
    return flags


_WANTED = {"age": "time", "weight": "mass"}


@lru_cache(maxsize=256)
def _unit_problem(name: str, unit: str) -> str | None:
    """Why the unit of `age` or `weight` is not one of its dimension, None when it is; records repeat a few units."""
    code = ucum(unit)
    wanted = _WANTED[name]
    return None if code is not None and dimension(code) == wanted else f"{name} unit {unit!r} is not a unit of {wanted}"


def _event_flags(flags: list[Flag], conditions: list[Condition] | None, treatments: list[Treatment] | None,
                 as_of: dt.date | None) -> list[Flag]:
    """`flags` with, in this order, condition dates, treatment starts and treatment ends after `as_of`, then
    treatments that end before they start; one pass over each list."""
    late: list[tuple[str, dt.date]] = []
    ends: list[tuple[str, dt.date]] = []
    inverted: list[Flag] = []
    if as_of is not None:
        for i, condition in enumerate(conditions or ()):
            day = condition.date
            if day is not None and day > as_of:
                late.append((f"conditions.{i}.date", day))
    for i, treatment in enumerate(treatments or ()):
        start, end = treatment.start, treatment.end
        if as_of is not None and start is not None and start > as_of:
            late.append((f"treatments.{i}.start", start))
        if as_of is not None and end is not None and end > as_of:
            ends.append((f"treatments.{i}.end", end))
        if start is not None and end is not None and end < start:
            inverted.append(Flag(field=f"treatments.{i}.end", message=f"ends {end} before it starts {start}"))
    if late or ends:
        flags += [Flag(field=where, message=f"{day} is after as_of {as_of}") for where, day in late + ends]
    return flags + inverted if inverted else flags
