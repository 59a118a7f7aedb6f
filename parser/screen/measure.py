"""A reading against a threshold: in the threshold's unit, as a multiple of a normal limit, or computed.

Units are converted before comparing, and across dimensions the answer is unknown. A value that is not a
finite number after conversion (a normal limit of 1e-300, a computed clearance of 4.9e303 mL/min) or a computed
value outside its measure's plausible range is unknown with a reason: never a pass or a fail.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from parser.screen.facts import Facts, Outcome, Reading, number, quantity, shown, unit_text
from parser.vocabulary.measure_ranges import implausible
from parser.vocabulary.measures import measures_by_key
from parser.vocabulary.units import IncompatibleUnits, convert

Derivation = Callable[[Facts, float | None], tuple[Reading | None, str]]


@dataclass(frozen=True, slots=True)
class Threshold:
    """A comparison of the criteria, compiled: where its readings are filed and how to say the result."""

    name: str
    keys: tuple[str, ...]
    derive: Derivation | None
    """How to compute the value when none is recorded (Cockcroft-Gault clearance)."""
    test: Callable[[float, float], bool]
    value: float
    unit: str
    relative_to: str | None
    molar_mass: float | None
    limit_unit: str | None
    limit_names: tuple[str, ...]
    """The names a caller's table of normal limits may give this measure by."""
    holds_text: str
    fails_text: str


def tidy(value: float) -> float:
    """Drop float noise a unit conversion adds, so 1.5 mg/dL converted and back still equals 1.5."""
    return float(f"{value:.12g}")


def comparison(threshold: Threshold) -> Callable[[Facts, bool], Outcome]:
    """The threshold as an evaluator of the newest current reading (or the computed value), or why it cannot be
    compared. A closure over the threshold's parts: it runs for every comparison of every patient."""
    keys, derive, test, limit, unit = threshold.keys, threshold.derive, threshold.test, threshold.value, threshold.unit
    missing = f"no {threshold.name} recorded"
    # most readings are in the threshold's own unit: their reason needs no conversion and no quantity call
    same_unit = None if threshold.relative_to else unit
    same_holds, same_fails = unit_text(unit) + threshold.holds_text, unit_text(unit) + threshold.fails_text
    in_its_terms = _relative if threshold.relative_to else _converted

    def compared(facts: Facts, neutral: bool) -> Outcome:
        found, why = facts.latest(keys, facts.window)
        if found is None and derive is not None:
            found, why = derive(facts, facts.window)
        if found is None:
            return None, why or missing, False
        if found.unit == same_unit:
            if test(found.value, limit):
                return True, f"{found.label} {number(found.value)}{same_holds}", found.computed
            return False, f"{found.label} {number(found.value)}{same_fails}", found.computed
        try:
            measured, said = in_its_terms(threshold, found, facts)
        except IncompatibleUnits as error:
            return None, f"{shown(found)} cannot be compared with {threshold.name} in {unit}: {error}", found.computed
        if measured is None or not math.isfinite(measured):
            return None, said if measured is None else f"{said} is not a finite number", found.computed
        if test(measured, limit):
            return True, said + threshold.holds_text, found.computed
        return False, said + threshold.fails_text, found.computed
    return compared


def _converted(threshold: Threshold, found: Reading, facts: Facts) -> tuple[float | None, str]:
    """The reading in the threshold's unit, and how the reason shows it."""
    measured = tidy(convert(found.value, found.unit, threshold.unit, molar_mass=threshold.molar_mass))
    return measured, f"{shown(found)} = {quantity(measured, threshold.unit)}"


def _relative(threshold: Threshold, found: Reading, facts: Facts) -> tuple[float | None, str]:
    """A value as a multiple of its normal limit: the lab's own (upper or lower, in the reading's unit), else the
    caller's table."""
    relative_to, observation = threshold.relative_to or "", found.observation
    limit = None if observation is None else observation.uln if relative_to == "ULN" else observation.lln
    limit_unit = found.unit
    if limit is None and relative_to == "ULN" and facts.uln:  # (most callers give no table of normal limits)
        limit = next((facts.uln[name] for name in threshold.limit_names if name in facts.uln), None)
        limit_unit = threshold.limit_unit or found.unit
    if not limit:
        return None, f"{shown(found)} has no {relative_to} to compare with"
    if not math.isfinite(limit) or limit < 0:
        return None, f"{shown(found)}: its {relative_to} {limit} is not a finite positive number"
    value = found.value if found.unit == limit_unit else convert(found.value, found.unit, limit_unit,
                                                                 molar_mass=threshold.molar_mass)
    ratio = tidy(value / limit)
    return ratio, f"{shown(found)} = {number(ratio)}{_limit_text(relative_to, limit, limit_unit)}"


@lru_cache(maxsize=1024)
def _limit_text(relative_to: str, limit: float, unit: str) -> str:
    """" x ULN 40 U/L": labs report the same few normal limits for every patient, so each text is made once."""
    return f" x {relative_to} {quantity(limit, unit)}"


_CG_SEX_FACTOR = {"female": 0.85, "male": 1.0}


def cockcroft_gault(facts: Facts, window: float | None) -> tuple[Reading | None, str]:
    """CrCl (mL/min) = (140 - age) x weight (kg) [x 0.85 if female] / (72 x serum creatinine in mg/dL)."""
    creatinine, why = facts.latest(("m:creatinine",), window)
    age, weight = facts.newest("m:age"), facts.newest("m:weight")
    sex = facts.patient.sex
    if age is None or weight is None or creatinine is None or sex not in _CG_SEX_FACTOR:
        needs = {"age": age, "weight": weight, "sex": sex in _CG_SEX_FACTOR, "serum creatinine": creatinine}
        missing = ", ".join(name for name, present in needs.items() if not present)
        return None, f"CrCl not measured; Cockcroft-Gault lacks {missing}" + (f" ({why})" if why else "")
    try:
        scr = convert(creatinine.value, creatinine.unit, "mg/dL", molar_mass=measures_by_key()["creatinine"].molar_mass)
        years, kg = convert(age.value, age.unit, "a"), convert(weight.value, weight.unit, "kg")
    except IncompatibleUnits as error:
        return None, f"CrCl not measured; Cockcroft-Gault inputs unusable: {error}"
    if scr <= 0 or kg <= 0:
        return None, "CrCl not measured; Cockcroft-Gault needs a positive serum creatinine and weight"
    clearance = tidy((140 - years) * kg * _CG_SEX_FACTOR[sex] / (72 * scr))
    inputs = f"age {number(years)}, {number(kg)} kg, {sex}, creatinine {quantity(creatinine.value, creatinine.unit)}"
    problem = implausible("crcl", clearance, "mL/min") if math.isfinite(clearance) else "not a finite number"
    if problem:
        return None, f"CrCl computed by Cockcroft-Gault ({inputs}) not used: {problem}"
    return Reading(f"CrCl computed by Cockcroft-Gault ({inputs})", clearance, "mL/min", facts.as_of, computed=True), ""


DERIVED: dict[str, Derivation] = {"crcl": cockcroft_gault}
"""Measures computed from others when the patient gives no measured value."""
