"""The measure lexicon (`data/measures.csv`): the quantities criteria put thresholds on and patient records report,
with their names, codes, canonical unit and plausible range, and the measure a unit or a magnitude implies
(`data/unit_measures.csv`, `data/implied_units.csv`)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from itertools import product
from typing import Literal, TypeVar

from parser.vocabulary import units
from parser.vocabulary.tables import listed, table_rows

BareBound = Literal["least", "least_in_list", "most_in_list"]
_BARE_BOUNDS: tuple[BareBound, ...] = ("least", "least_in_list", "most_in_list")


@dataclass(frozen=True)
class Measure:
    """A measurable quantity criteria put thresholds on, with its codes and canonical unit."""

    key: str
    name: str
    loinc: str | None
    unit: str
    implied_unit: str | None
    category: str
    synonyms: tuple[str, ...]
    abbreviations: tuple[str, ...]
    molar_mass: float | None
    plausible: tuple[float, float] | None
    bare_bound: BareBound | None = None
    """How criteria ask for a value written bare, without a comparator: "least" wherever it stands ("Age 18"),
    "least_in_list" or "most_in_list" in a list of lab values ("ANC 1,500/µL, bilirubin 1.5 mg/dL")."""
    limit_multiples: Literal["uln"] | None = None
    """"uln" for a lab criteria bound in multiples of its upper limit, so that "AST greater than 2.5 times" is one."""


@cache
def measures() -> tuple[Measure, ...]:
    out = []
    for row in table_rows("measures.csv"):
        low, high = row["plausible_min"], row["plausible_max"]
        out.append(
            Measure(
                key=row["key"],
                name=row["name"],
                loinc=row["loinc"] or None,
                unit=row["unit"],
                implied_unit=row["implied_unit"] or None,
                category=row["category"],
                synonyms=listed(row["synonyms"]),
                abbreviations=listed(row["abbreviations"]),
                molar_mass=float(row["molar_mass"]) if row["molar_mass"] else None,
                plausible=(float(low), float(high)) if low and high else None,
                bare_bound=_one_of(_BARE_BOUNDS, row["bare_bound"], row["key"]),
                limit_multiples=_one_of(("uln",), row["limit_multiples"], row["key"]),
            )
        )
    return tuple(out)


_Choice = TypeVar("_Choice", bound=str)


def _one_of(allowed: tuple[_Choice, ...], cell: str, key: str) -> _Choice | None:
    """A table cell that holds one of a few words, or nothing: a typo in the table fails when it is read."""
    if not cell:
        return None
    for word in allowed:
        if cell == word:
            return word
    raise ValueError(f"measures.csv, {key}: {cell!r} is none of {', '.join(allowed)}")


@cache
def measures_by_key() -> dict[str, Measure]:
    return {m.key: m for m in measures()}


@cache
def measures_by_name() -> dict[str, tuple[Measure, ...]]:
    """Every lower-cased name, synonym and abbreviation, to the measures it can mean (first = preferred)."""
    table: dict[str, list[Measure]] = defaultdict(list)
    for measure in measures():
        for name in (measure.name, measure.key, *measure.synonyms, *measure.abbreviations):
            if measure not in table[name.lower()]:
                table[name.lower()].append(measure)
    return {name: tuple(found) for name, found in table.items()}


def _name_key(text: str) -> str:
    return "".join(text.lower().replace("-", " ").split())


_JOINS = (" ", "-", "")
_MAX_MIXED_JOINS = 3
"""Names of up to four words are matched with each join spelled its own way ("body-mass index"); longer ones alike."""


def name_spellings(name: str) -> frozenset[str]:
    """A compound name as writers space it: "gamma-glutamyl transferase" is also written "gamma-glutamyltransferase",
    "gamma glutamyl transferase" or "gammaglutamyl-transferase"; every such spelling is the same name
    (`find_measures` folds them to one key)."""
    words = re.split(r"[ -]", name)
    if len(words) > _MAX_MIXED_JOINS + 1:  # every join alike: "nuclear-protein-in-testis (NUT) midline carcinoma"
        marked = name.replace("-", "\0")
        return frozenset(marked.replace(" ", space).replace("\0", hyphen) for space in _JOINS for hyphen in _JOINS)
    return frozenset(words[0] + "".join(join + word for join, word in zip(joins, words[1:], strict=True))
                     for joins in product(_JOINS, repeat=len(words) - 1))


@cache
def _measures_by_key_of_name() -> dict[str, tuple[Measure, ...]]:
    table: dict[str, list[Measure]] = defaultdict(list)
    for name, found in measures_by_name().items():
        for measure in found:
            if measure not in table[_name_key(name)]:
                table[_name_key(name)].append(measure)
    return {key: tuple(found) for key, found in table.items()}


@cache
def categories_with_normal_limits() -> frozenset[str]:
    """Measure categories a laboratory reports against normal limits (`data/measure_categories.csv`), so that a
    threshold may be a multiple of one ("ALT ≤ 3 × ULN"); age, vital signs, performance scales are never."""
    return frozenset(row["category"] for row in table_rows("measure_categories.csv") if row["normal_limits"] == "yes")


@cache
def one_state_categories() -> frozenset[str]:
    """Measure categories whose measures are scales of one state (`one_state` in `data/measure_categories.csv`:
    ECOG, Karnofsky and Lansky all rate performance), so "ECOG 0-1, Karnofsky ≥ 70 or Lansky ≥ 70" asks any one."""
    return frozenset(row["category"] for row in table_rows("measure_categories.csv") if row["one_state"] == "yes")


Better = Literal["lower", "higher"]


@cache
def better_values() -> dict[str, Better]:
    """Which way a scale's values are better, by measure key (`data/measure_directions.csv`: ECOG "lower",
    Karnofsky "higher"): what "or better" and "or worse" after a value bound."""
    return _directions("measure_directions.csv", "measure")


@cache
def better_units() -> dict[str, Better]:
    """Which way the values of a unit that is a scale of its own are better (`data/unit_directions.csv`: ETDRS
    `{letters}` "higher"), whatever the measure: "34 letters or better"."""
    return _directions("unit_directions.csv", "unit")


def _directions(table: str, key: str) -> dict[str, Better]:
    found: dict[str, Better] = {}
    for row in table_rows(table):
        better = row["better"]
        if better not in ("lower", "higher"):
            raise ValueError(f"{table}: {row[key]}: better is lower or higher, not {better!r}")
        found[row[key]] = "lower" if better == "lower" else "higher"
    return found


@cache
def _groups() -> dict[str, tuple[Measure, ...]]:
    """Names that mean several measures at once (`data/measure_groups.csv`: "transaminases" are AST and ALT), by the
    folded key of each name (every spacing of it): a threshold on one bounds every member."""
    by_key = measures_by_key()
    return {_name_key(name): tuple(by_key[key] for key in listed(row["members"]))
            for row in table_rows("measure_groups.csv") for name in listed(row["names"])}


@cache
def measure_group_names() -> tuple[str, ...]:
    """Every name of a group, as written in the table: what the criteria engine's matcher looks for."""
    return tuple(name for row in table_rows("measure_groups.csv") for name in listed(row["names"]))


def group_members(written: str) -> tuple[Measure, ...]:
    """The measures a group name ("transaminases") stands for together, or none when `written` names no group."""
    return _groups().get(_name_key(written), ())


def find_measures(written: str) -> tuple[Measure, ...]:
    """The measures a name may mean, however it was spaced or cased ("Group(ECOG)" = "group (ecog)"); a group name,
    all its members."""
    return group_members(written) or _measures_by_key_of_name().get(_name_key(written), ())


@cache
def _magnitude_units() -> dict[str, tuple[tuple[float, float, str], ...]]:
    table: dict[str, list[tuple[float, float, str]]] = defaultdict(list)
    for row in table_rows("implied_units.csv"):
        table[row["measure"]].append((float(row["min"]), float(row["max"]), row["unit"]))
    return {key: tuple(rows) for key, rows in table.items()}


def implied_unit(measure: Measure, value: float) -> str | None:
    """The unit a threshold on `measure` means when the text leaves it out ("platelets < 100,000", "Hb < 8").

    Labs are read by magnitude (`data/implied_units.csv`: platelets 100 are 10*9/L, 100,000 are /uL; HbA1c 8 is %,
    64 is mmol/mol); a lab value outside every conventional range stays without a unit rather than be guessed (not
    even its measure's implied unit: "HbA1c above 300" is no percentage). A measure without magnitude rows has its one
    implied unit, if any (age in years, BMI in kg/m2, scores in 1).
    """
    ranges = _magnitude_units().get(measure.key)
    if ranges:
        return next((unit for low, high, unit in ranges if low <= abs(value) <= high), None)
    return measure.implied_unit


@cache
def _short_units() -> dict[tuple[str, str], str | None]:
    return {(row["dimension"], row["written"]): row["read_as"] or None for row in table_rows("short_units.csv")}


def written_unit(measure: Measure, unit: str) -> str | None:
    """The unit a threshold on `measure` is in when the text writes its unit short (`data/short_units.csv`): "SBP >
    160 mm" is in mm[Hg]; None when the value must say which ("temperature above 38 degrees"): the measure's
    implied units by magnitude then decide. Any other unit is as written."""
    return _short_units().get((units.dimension(measure.unit) or "", unit), unit)


_MASS_RATIO = "mass ratio"
_POINTS = (0.0, 100.0)
"""The range of a scale of points that texts and records write as a percentage (Karnofsky, Lansky: "KPS ≥ 70%")."""


def scale_unit(measures: Iterable[Measure], unit: str) -> str:
    """The unit a value is compared in: a percentage of a unitless 0-100 scale is its points ("Karnofsky 70%" is
    70, never 0.7), so a threshold written in % and a record written without a unit agree."""
    if unit == "%" and any(m.unit == "1" and m.plausible == _POINTS for m in measures):
        return "1"
    return unit


def threshold_unit(measures: Iterable[Measure], unit: str) -> str:
    """The unit a criterion's threshold is compared in (`scale_unit`); a ratio of masses the text writes as a bare
    number is that many grams per gram ("protein/creatinine ratio < 1.0" is 1000 mg/g: the engine reads bare
    values in the hundreds as mg/g, `implied_unit`). A record's bare value says no such thing: it stays unitless."""
    measures = tuple(measures)
    if unit == "1" and any(units.dimension(m.unit) == _MASS_RATIO for m in measures):
        return "g/g"
    return scale_unit(measures, unit)


@cache
def unit_measures() -> dict[str, tuple[Measure, float, float]]:
    """Dimension of a unit to the one measure it names by itself, with that measure's plausible range in its
    own unit (`data/unit_measures.csv`)."""
    by_key = measures_by_key()
    return {row["dimension"]: (by_key[row["measure"]], float(row["min"]), float(row["max"]))
            for row in table_rows("unit_measures.csv")}
