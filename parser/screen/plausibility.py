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
    problem = implausible(found[0].key, obs.value, code) if found else None
    problems = [("value", problem)] if problem else []
    if as_of is not None and obs.date is not None and obs.date > as_of:
        problems.append(("date", f"{obs.date} is after as_of {as_of}"))
    return problems


def patient_flags(patient: Patient, as_of: dt.date | None = None, *, skip_observations: bool = False) -> list[Flag]:
    """Absurd values, unknown units and dates after `as_of` (default: the patient's), each naming its field.

    A screener that checked the observations while indexing them (`observation_problems`) and found nothing
    skips them (`skip_observations`): most patients have nothing to flag, and observations are most of a record."""
    as_of = as_of or patient.as_of
    flags = _quantity_flags(patient, as_of)
    if as_of is not None and patient.birth_date and patient.birth_date > as_of:
        flags.append(Flag(field="birth_date", message=f"{patient.birth_date} is after as_of {as_of}"))
    flags += [Flag(field=f"observations.{i}.{where}", message=message)
              for i, obs in enumerate(() if skip_observations else patient.observations)
              for where, message in observation_problems(obs, as_of)]
    if as_of is not None:
        flags += _late_events(patient.conditions, patient.treatments, as_of)
    flags += [Flag(field=f"treatments.{i}.end", message=f"ends {t.end} before it starts {t.start}")
              for i, t in enumerate(patient.treatments or ()) if t.start and t.end and t.end < t.start]
    return flags


def _quantity_flags(patient: Patient, as_of: dt.date | None) -> list[Flag]:
    """Age and weight: a unit of the wrong dimension, an implausible value, a weight that is not positive."""
    flags = []
    age, weight = patient.age, patient.weight
    for name, quantity in (("age", age), ("weight", weight)):
        problem = _unit_problem(name, quantity.unit) if quantity is not None else None
        if problem:
            flags.append(Flag(field=name, message=problem))
    years = age_in_years(patient, as_of)
    problem = implausible("age", years, "a") if years is not None else None
    if problem:
        flags.append(Flag(field="age" if age else "birth_date", message=problem))
    if weight is not None and not _unit_problem("weight", weight.unit):
        unit = ucum(weight.unit) or weight.unit
        problem = implausible("weight", weight.value, unit) or (
            None if weight.value > 0 else f"body weight {weight.value:g} {unit} is not positive")
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


def _late_events(conditions: list[Condition] | None, treatments: list[Treatment] | None, as_of: dt.date) -> list[Flag]:
    """Condition dates, then treatment starts, then treatment ends after `as_of`, in the order flagged."""
    late = [(f"conditions.{i}.date", c.date) for i, c in enumerate(conditions or ()) if c.date and c.date > as_of]
    late += [(f"treatments.{i}.start", t.start) for i, t in enumerate(treatments or ()) if t.start and t.start > as_of]
    late += [(f"treatments.{i}.end", t.end) for i, t in enumerate(treatments or ()) if t.end and t.end > as_of]
    return [Flag(field=where, message=f"{day} is after as_of {as_of}") for where, day in late]
