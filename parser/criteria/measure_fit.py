"""Whether measures fit a value and each other: a value a text writes for a measure (plausible, in the unit its
magnitude goes with), a bare value among measures named together, measures of one kind sharing a limit, a ratio
the lexicon names, a table row's measure for a value in its range."""

from __future__ import annotations

import math

from parser import vocabulary
from parser.criteria.quantities import Quantity
from parser.vocabulary import Measure, units
from parser.vocabulary.measure_ranges import implausible


def ratio(numerator: Measure, denominator: Measure) -> Measure | None:
    """The lexicon measure that is one measure over another ("FEV1/FVC ratio"), when the lexicon has it."""
    found = vocabulary.find_measures(f"{numerator.key}/{denominator.key}")
    return found[0] if found and found[0] not in (numerator, denominator) else None  # not "PT/INR": the INR


def same_kind(earlier: list[Measure], chosen: list[Measure], quantity: Quantity) -> bool:
    """"AST, ALT ≤ 3 x ULN": names set apart by a comma alone share the limit when they are measures of one kind,
    neither naming the other ("high blood pressure, systolic blood pressure > 140" names one measure twice), and
    the limit is plausible for the earlier one ("neutrophils, platelets ≥ 100 x 10^9/L" bounds platelets only); so
    "years of age, BMI < 40" and "KPS ≥ 70" after an age range keep their own measures."""
    if not all(_conventional(m, quantity) for m in earlier):
        return False
    return any(a.category == b.category and a.name.lower() not in b.name.lower()
               and b.name.lower() not in a.name.lower() for a in earlier for b in chosen)


def same_kind_of_value(specific: Measure, generic: Measure) -> bool:
    """Whether the generic name's values can be the specific measure's: a class of a scale ("NYHA Grade III"), a
    viral load of a named virus; a grade of a lab ("total bilirubin of Grade 4") is a toxicity grade, not mg/dL."""
    return specific.category == generic.category or _as_unity(specific.unit) == _as_unity(generic.unit)


def _as_unity(unit: str | None) -> str | None:
    """A unit, with the annotations of unitless scores ("{dipstick}") read as the unity they are in UCUM."""
    return "1" if unit is not None and unit.startswith("{") else unit


def _conventional(measure: Measure, quantity: Quantity) -> bool:
    """Whether an amount is one a text writes for the measure: plausible, and in the unit its magnitude goes with
    (`implied_units.csv`: neutrophils of 100 are per uL, never 100 x 10^9/L)."""
    if quantity.relative_to or not quantity.unit:
        return True
    if implausible(measure.key, quantity.value, quantity.unit):
        return False
    expected = vocabulary.implied_unit(measure, quantity.value)
    try:
        return expected is None or math.isclose(units.convert(quantity.value, quantity.unit, expected), quantity.value)
    except units.IncompatibleUnits:
        return True


def fitting_bare_value(measures: list[Measure], quantity: Quantity) -> list[Measure]:
    """"PT/INR ≤ 1.5": of measures named together, a value written without a unit bounds those it can be a value
    of (an INR of 1.5, not a prothrombin time of 1.5 s); all of them when it fits none or all."""
    if quantity.unit is not None or quantity.relative_to or len(measures) < 2:
        return measures
    fitting = [m for m in measures if vocabulary.implied_unit(m, quantity.value) is not None]
    return fitting or measures


def plausible(found: tuple[Measure, float, float] | None, quantity: Quantity) -> Measure | None:
    """The measure of a table row (the engine's `orphans.csv`, the vocabulary's `unit_measures.csv`) if the
    quantity lies in its range, which is written in the measure's own unit."""
    if found is None:
        return None
    measure, low, high = found
    value = units.convert(quantity.value, quantity.unit, measure.unit) if quantity.unit else quantity.value
    return measure if low <= value <= high else None


def same_measures(one: list[Measure], other: list[Measure]) -> bool:
    """Whether two names written side by side name the same lexicon measures ("ALT SGPT")."""
    return bool(one) and {m.key for m in one} == {m.key for m in other}
