"""Unit spellings as clinicians write them (`data/units.csv`) to UCUM codes: what the engine's token reader and
`units.read_unit` look a written unit up in."""

from __future__ import annotations

import re
from functools import cache

from parser.vocabulary.tables import table_rows


@cache
def unit_spellings() -> dict[str, str]:
    """Unit spelling, lower-cased with spaces removed and `µ` as `u`, to its UCUM code."""
    return {row["spelling"].replace(" ", ""): row["ucum"] for row in table_rows("units.csv")
            if row["spelling"] == row["spelling"].lower()}


@cache
def exact_unit_spellings() -> dict[str, str]:
    """Spellings whose case matters (`G/L` is giga per litre, `g/L` grams per litre)."""
    return {row["spelling"].replace(" ", ""): row["ucum"] for row in table_rows("units.csv")
            if row["spelling"] != row["spelling"].lower()}


_POWER_SIGN = re.compile(r"\^|(?<=[a-z])\*(?=\d)")


def spelling_key(written: str) -> str:
    """How a written unit is looked up in `unit_spellings`: lower case, `µ` as `u`, `mcg` as `ug`, and a power
    sign dropped ("m^2", "m*2" are "m2")."""
    key = written.lower().replace("µ", "u").replace("μ", "u").replace("mcg", "ug")
    return _POWER_SIGN.sub("", key)
