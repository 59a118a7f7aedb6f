"""Unit conversion is dimensional: it converts like with like and refuses anything else."""

import pytest

from parser.vocabulary.units import IncompatibleUnits, convert, dimension


def test_cells_per_cubic_millimetre_to_giga_per_litre():
    assert convert(1500, "/mm3", "10*9/L") == pytest.approx(1.5)


def test_grams_per_litre_to_grams_per_decilitre():
    assert convert(90, "g/L", "g/dL") == pytest.approx(9)


def test_creatinine_mass_to_molar_uses_the_molar_mass():
    assert convert(1.5, "mg/dL", "umol/L", molar_mass=113.12) == pytest.approx(132.6, rel=1e-3)


def test_mass_to_molar_without_molar_mass_is_refused():
    with pytest.raises(IncompatibleUnits):
        convert(1.5, "mg/dL", "umol/L")


def test_conversion_across_dimensions_is_refused():
    with pytest.raises(IncompatibleUnits, match="cannot convert"):
        convert(100, "10*9/L", "g/L")


def test_unknown_unit_is_named():
    with pytest.raises(IncompatibleUnits, match="furlong"):
        convert(1, "furlong", "cm")


def test_months_and_years_share_the_time_dimension():
    assert dimension("mo") == dimension("a") == "time"
    assert convert(6, "mo", "a") == pytest.approx(0.5)


def test_fahrenheit_converts_to_celsius_with_its_offset():
    assert convert(100.4, "[degF]", "Cel") == pytest.approx(38.0)
    assert convert(38.0, "Cel", "[degF]") == pytest.approx(100.4)


def test_reading_a_unit_refuses_what_no_table_knows():
    from parser.vocabulary.units import read_unit

    with pytest.raises(IncompatibleUnits, match="furlong"):
        read_unit("furlong/min")
