"""Which values of a patient the screener may use: flags for absurd ones, each naming its field.

Absurd values (a platelet count of 10^6, an age of 300, a weight of 0 kg), units the tables do not know and
dates after `as_of` are *flags*, not validation errors: one typo must not discard the rest of a record, but
the screener never uses a flagged value, and every criterion that needed it is unknown with the flag as reason.
The ranges are the vocabulary's (`parser.vocabulary.measure_ranges`), the rule the engine doubts thresholds by.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from parser.models.patient import Condition, Observation, Patient, Treatment
from parser.screen.intake import ucum
from parser.screen.verdict import Flag
from parser.vocabulary import scale_unit
from parser.vocabulary.measure_ranges import implausible, measures_for
from parser.vocabulary.units import convert, dimension


def age_in_years(patient: Patient, as_of: dt.date | None) -> float | None:
    """Completed years (a 75-year-old stays 75 until the 76th birthday), or None if not computable."""
    if patient.age is not None:
        code = ucum(patient.age.unit)
        return None if code is None or dimension(code) != "time" else convert(patient.age.value, code, "a")
    born = patient.birth_date
    if born is None or as_of is None:
        return None
    return as_of.year - born.year - ((as_of.month, as_of.day) < (born.month, born.day))


def observation_problems(obs: Observation, as_of: dt.date | None) -> list[tuple[str, str]]:
    """The fields of an observation the screener must not use ("unit", "value", "date") and why."""
    code = ucum(obs.unit)
    if code is None:
        return [("unit", f"unknown unit {obs.unit!r}")]
    found = measures_for(obs.measure, obs.loinc, code)
    problem = implausible(found[0].key, obs.value, scale_unit(found, code)) if found else None  # as it is filed
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
