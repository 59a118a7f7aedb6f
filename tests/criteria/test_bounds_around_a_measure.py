"""A measure written between its two bounds ("19 < BMI < 30"), whether or not a table knows its name.

Texts written for these tests, in the style of hypertension and symptom-score protocols.
"""

from tests.criteria.conftest import item_comparisons


def test_a_measure_no_table_knows_is_bounded_from_both_sides(parse):
    assert item_comparisons(parse, "5 ≤ Total Symptom Score < 12") == [
        ("Total Symptom Score", ">=", 5.0, "1"), ("Total Symptom Score", "<", 12.0, "1")]


def test_the_first_bound_takes_the_unit_written_after_the_second(parse):
    assert item_comparisons(parse, "50 ≤ plasma viral load < 500 copies/mL") == [
        ("HIV RNA", ">=", 50.0, "{copies}/mL"), ("HIV RNA", "<", 500.0, "{copies}/mL")]


def test_sitting_blood_pressure_abbreviations_are_blood_pressures(parse):
    assert item_comparisons(parse, "160 mmHg ≤ sitSBP < 200 mmHg and SiDBP < 110 mmHg") == [
        ("systolic blood pressure", ">=", 160.0, "mm[Hg]"), ("systolic blood pressure", "<", 200.0, "mm[Hg]"),
        ("diastolic blood pressure", "<", 110.0, "mm[Hg]")]


def test_two_bounds_joined_by_and_are_not_a_measure_between_them(parse):
    found = item_comparisons(parse, "Men or women, 18 ≤ years and ≤ 75 years of age")
    assert all(measure == "age" for measure, *_ in found)
