"""Which lexicon measures a name, LOINC code and unit mean, and the range their values can plausibly take.

One rule for the engine and the screener, so both live here, beside the tables they read (`measures`, `units`),
and import neither: the engine doubts a threshold outside its measure's range (`parser.criteria.plausible`),
the screener flags a patient value outside it (`parser.screen.plausibility`). Ranges come from the measure
lexicon (`measures.csv`, `plausible_min`/`plausible_max`), judged in the value's own unit, and are cached per
(measure, LOINC, unit): records and criteria repeat a handful of those.
"""

from __future__ import annotations

from functools import cache, lru_cache

from parser.vocabulary.measures import Measure, measures, measures_by_key, measures_by_name
from parser.vocabulary.units import IncompatibleUnits, convert, dimension

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
