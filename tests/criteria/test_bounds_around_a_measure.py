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


def test_a_join_between_two_bounds_is_no_measure(parse):
    assert item_comparisons(parse, "Age 18 ≤ and ≤ 75 years") == [("age", ">=", 18.0, "a"), ("age", "<=", 75.0, "a")]


def test_a_unit_between_two_bounds_is_no_measure(parse):
    assert "kilograms" not in {found[0] for found in item_comparisons(parse, "50 ≤ kilograms ≤ 100")}


def test_a_first_bound_after_a_measure_named_before_it_bounds_that_measure(parse):
    assert item_comparisons(parse, "Child-Pugh score 7 ≤ points ≤ 9")[0] == ("Child-Pugh score", ">=", 7.0, "1")


def test_a_thing_counted_between_two_bounds_is_the_measure(parse):
    assert [found[:3] for found in item_comparisons(parse, "3 ≤ drinks per week ≤ 14")] == [
        ("drinks per week", ">=", 3.0), ("drinks per week", "<=", 14.0)]


def test_a_count_between_bounds_does_not_take_the_unit_of_a_size(parse):
    found = item_comparisons(parse, "1 ≤ brain metastases < 3 cm")
    assert found[0] == ("brain metastases", ">=", 1.0, "1")


def test_a_duration_after_a_persons_age_and_what_they_are_on_is_not_an_age(parse):
    found = item_comparisons(parse, "Adults ≥ 18 years of age on peritoneal dialysis for > 6 and less than 24 months")
    assert [(c[0], c[1], c[2]) for c in found] == [
        ("age", ">=", 18), ("peritoneal dialysis", ">", 6), ("peritoneal dialysis", "<", 24)]
    assert [c[0] for c in item_comparisons(parse, "Adults ≥ 18 years of age and ≤ 75")] == ["age", "age"]
