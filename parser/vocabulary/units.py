"""Unit conversion over UCUM codes, checked dimensionally.

A small table (`data/unit_dimensions.csv`: code, dimension, factor to the dimension's base) covers
every unit the lexicon emits; the only cross-dimension step allowed is mass ↔ substance
concentration, and only with the measure's molar mass. Everything else raises, so a screener never
compares platelets in g/L with a threshold in 10*9/L. (A general UCUM library would add ~0.5 s of
start-up for conversions this table already covers.)
"""

from __future__ import annotations

import re
from functools import cache

from parser.errors import TrialwatchError

HALF_LIVES = "{half-life}"
"""The unit of a span counted in a drug's elimination half-lives ("within 5 half-lives"): a washout only the drug's
pharmacology dates, no calendar unit."""


class IncompatibleUnits(TrialwatchError, ValueError):
    """Two units measure different things (or one is unknown), so no conversion exists."""


@cache
def _table() -> dict[str, tuple[str, float, float]]:
    """UCUM code to (dimension, factor, offset): base = value × factor + offset (offsets only for °F)."""
    from parser.vocabulary.tables import table_rows

    return {row["ucum"]: (row["dimension"], float(row["factor"]), float(row["offset"] or 0))
            for row in table_rows("unit_dimensions.csv")}


_POWER_PER = re.compile(r"^10\*(\d{1,2})(/.+)$")
"""A power of ten per a unit of the table ("10*4/mm3"): a count in that many units, whatever power is written."""


def _entry(unit: str) -> tuple[str, float, float] | None:
    """The table's row for a UCUM code, or the one a power of ten per a tabled unit composes ("10*4/uL")."""
    found = _table().get(unit)
    if found is None and (power := _POWER_PER.match(unit)) and (per := _table().get(power[2])):
        return per[0], per[1] * 10 ** int(power[1]), 0.0
    return found


def dimension(unit: str) -> str | None:
    """The dimension a UCUM code measures ("time", "mass concentration", …), or None if unknown."""
    found = _entry(unit)
    return found[0] if found else None


def convert(value: float, from_unit: str, to_unit: str, *, molar_mass: float | None = None) -> float:
    """Convert `value` from one UCUM unit to another; mass ↔ molar needs `molar_mass` (g/mol)."""
    if from_unit == to_unit:
        return value
    source, target = _entry(from_unit), _entry(to_unit)
    if source is None or target is None:
        raise IncompatibleUnits(f"unknown unit {from_unit if source is None else to_unit!r}")
    source_dim, source_factor, source_offset = source
    target_dim, target_factor, target_offset = target
    base = value * source_factor + source_offset
    if source_dim != target_dim:
        pair = {source_dim, target_dim}
        if pair != {"mass concentration", "substance concentration"} or not molar_mass:
            raise IncompatibleUnits(f"cannot convert {from_unit} ({source_dim}) to {to_unit} ({target_dim})")
        base = base / molar_mass if source_dim == "mass concentration" else base * molar_mass
    return (base - target_offset) / target_factor


_ANNOTATION = re.compile(r"\{[^{}]*\}")
_POWER = re.compile(r"^(?:x|×|\*)?10(?:\^|\*\*|\*|e)?(\d{1,2})(/.+)$", re.I)


def read_unit(written: str) -> str:
    """The UCUM code of a unit as clinicians write it ("mg/dl", "x10^9/L", "10^3/µL", "K/uL", "{cells}/uL",
    "{INR}", "mL / kg / h"); IncompatibleUnits when no reading is known.

    The same tables the criteria engine reads units with (`units.csv` spellings, `unit_dimensions.csv` codes),
    with the same grammar: a power of ten before a volume, annotations in braces, divisions composed part by part.
    """
    text = written.strip().replace(" ", "").replace("µ", "u").replace("μ", "u")
    if dimension(text):
        return text
    known = spelled(text)
    if known:
        return known
    plain = _ANNOTATION.sub("", text)
    if plain != text:  # "{INR}" is a ratio; "{cells}/uL" a count per microlitre
        return read_unit(plain) if plain else "1"
    if power := _POWER.match(text):
        per = read_unit(power.group(2))
        composed = power_of_ten(int(power.group(1)), per) or f"10*{int(power.group(1))}{per}"
        if dimension(composed):
            return composed  # any power a record writes ("10^4/uL"); criteria fold an unlisted one into their value
    numerator, *divisors = [spelled(part) if part else "" for part in text.split("/")]
    quotient = numerator
    for divisor in divisors:
        quotient = divide(quotient, divisor) if quotient is not None and divisor else None
    if divisors and quotient:
        return quotient
    raise IncompatibleUnits(f"unknown unit {written!r}")


def power_of_ten(power: int, per: str) -> str | None:
    """A power of ten per a volume as one unit ("x10^9/L": `10*9/L`), in the one spelling `units.csv` gives a unit
    written several ways ("10^3/uL", like "K/uL", is `10*9/L`); None unless the dimension table lists it: the counts
    written as such units, where "1×10^4/mL" of a virus is the number 10,000 per mL."""
    from parser.vocabulary.spellings import spelling_key, unit_spellings

    composed = f"10*{power}{per}"
    return unit_spellings().get(spelling_key(composed), composed) if composed in _table() else None


def divide(code: str, divisor: str, count: str | None = None) -> str | None:
    """`code` per `divisor` ("mg" per "d", per "24 h": `mg/(24.h)`), if the dimension table knows the result.

    The one place units are divided, for the engine's token reader and for units written in a record.
    """
    per = divisor.removeprefix("/")
    composed = f"{code}/({count}.{per})" if count else f"{code}/{per}"
    return composed if dimension(composed) else None


def spelled(text: str) -> str | None:
    """A spelling of `data/units.csv` (case first kept: "G/L" is not "g/L"), or a UCUM code itself."""
    from parser.vocabulary.spellings import exact_unit_spellings, spelling_key, unit_spellings

    if dimension(text):
        return text
    return exact_unit_spellings().get(text) or unit_spellings().get(spelling_key(text))


def names_time(text: str) -> bool:
    """Whether a written word is a unit of time ("day", "weeks", "yrs")."""
    code = spelled(text)
    return code is not None and dimension(code) == "time"
