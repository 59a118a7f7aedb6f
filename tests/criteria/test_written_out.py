"""Thresholds written out in words, and measures named by their unit or after a range's opener.

Each text was written for its test, in the style of consumer-facing and older sponsor records, which spell
units out ("millimoles per liter") and name measures in prose ("between the ages of 18 and 65").
"""

from __future__ import annotations

import pytest

from tests.criteria.conftest import item_comparisons, one_item, windows


@pytest.mark.parametrize(("item", "unit"), [
    ("Sodium below 130 millimoles per liter", "mmol/L"),
    ("Calcium < 8.0 milligrams per deciliter", "mg/dL"),
    ("Potassium < 3.0 milliequivalents per liter", "meq/L"),
    ("Magnesium under 0.5 molar equivalents per litre", "meq/L"),
])
def test_a_concentration_spelled_out_in_words_is_its_ucum_code(parse, item, unit):
    (found,) = item_comparisons(parse, item, "exclusion")
    assert found[3] == unit


def test_millimetres_of_mercury_is_a_pressure(parse):
    assert item_comparisons(parse, "Systolic blood pressure of 150 millimeters of mercury or higher", "exclusion") == [
        ("systolic blood pressure", ">=", 150, "mm[Hg]")]


def test_a_count_per_cubic_millimetre_in_words(parse):
    found = item_comparisons(parse, "Platelets < 100,000 per cubic millimeter", "exclusion")
    assert found == [("platelet count", "<", 100000, "/mm3")]


def test_per_hundred_millilitres_is_per_decilitre(parse):
    found = item_comparisons(parse, "Blood urea nitrogen > 30 mg/100 ml", "exclusion")
    assert found == [("blood urea nitrogen", ">", 30, "mg/dL")]


def test_micro_units_per_millilitre(parse):
    (found,) = item_comparisons(parse, "Anti-insulin antibodies above 15 µU/mL", "exclusion")
    assert found[1:] == (">", 15, "uU/mL")


def test_a_range_opened_before_the_measure_name(parse):
    assert item_comparisons(parse, "Men and women between the ages of 21 and 60, inclusive") == [
        ("age", ">=", 21, "a"), ("age", "<=", 60, "a")]


def test_an_age_phrase_between_the_bounds_of_a_range(parse):
    assert item_comparisons(parse, "Adults from 20 years of age to <70 years of age") == [
        ("age", ">=", 20, "a"), ("age", "<", 70, "a")]


def test_a_calendar_span_after_between_is_still_not_a_threshold(parse):
    assert item_comparisons(parse, "Symptom onset between the start of 2012 and 2014") == []


def test_kilograms_beside_an_age_range_are_the_body_weight(parse):
    assert item_comparisons(parse, "≥ 20 and ≤ 70 years of age, with ≥ 45 kg")[-1] == ("body weight", ">=", 45, "kg")


def test_kilograms_per_square_metre_are_a_body_mass_index_whatever_the_label(parse):
    assert item_comparisons(parse, "Body weight between 19.0 and 30.0 kg/m2") == [
        ("body mass index", ">=", 19, "kg/m2"), ("body mass index", "<=", 30, "kg/m2")]


def test_a_dose_in_milligrams_is_not_a_body_weight(parse):
    (found,) = item_comparisons(parse, "Prednisone > 10 mg daily", "exclusion")
    assert found[0] == "Prednisone"


def test_a_grading_system_after_a_grade_is_not_what_is_graded(parse):
    found = item_comparisons(parse, "Peripheral neuropathy Grade ≥ 3 NCI CTCAE v5.0", "exclusion")
    assert found == [("Peripheral neuropathy grade", ">=", 3, "1")]


def test_a_grade_series_that_repeats_the_scale_name(parse):
    found = item_comparisons(parse, "Grade 2 or Grade 3 diarrhea", "exclusion")
    assert found == [("diarrhea grade", ">=", 2, "1"), ("diarrhea grade", "<=", 3, "1")]


def test_a_bracketed_amount_after_a_dipstick_grade_is_the_same_bound_measured(parse):
    last = item_comparisons(parse, "Proteinuria ≥ 3+ (2.0 g/24 h)", "exclusion")[-1]
    assert last == ("24-hour urine protein", ">=", 2, "g/(24.h)")


def test_a_value_restated_in_other_units_is_read_once(parse):
    assert item_comparisons(parse, "Hemoglobin < 9 g/dL (5.6 mmol/L)", "exclusion") == [("hemoglobin", "<", 9, "g/dL")]


def test_a_second_named_measure_after_or_keeps_its_own_name(parse):
    assert [m for m, *_ in item_comparisons(parse, "DLCO ≤ 50% or FEV1 ≤ 60% of predicted", "exclusion")] == [
        "diffusing capacity (DLCO)", "forced expiratory volume in 1 second"]


def test_a_change_in_a_measure_is_not_the_measure(parse):
    (found,) = item_comparisons(parse, "Weight gain of more than 10 kg", "exclusion")
    assert found == ("Weight gain", ">", 10, "kg")


def test_the_measure_itself_beside_its_change(parse):
    found = [m for m, *_ in item_comparisons(parse, "Weight > 150 kg or weight loss > 10%", "exclusion")]
    assert found == ["body weight", "weight loss"]


@pytest.mark.parametrize(("item", "unit"), [
    ("Body mass index between 20 and 30 kilograms per meter squared", "kg/m2"),
    ("Central retinal thickness ≥ 300 microns", "um"),
    ("Prior chest radiation of more than 30 Gray", "Gy"),
    ("Alcohol intake above 40 gm/d", "g/d"),
])
def test_more_units_spelled_out(parse, item, unit):
    assert {found[3] for found in item_comparisons(parse, item, "exclusion")} == {unit}


def test_t_bili_is_the_total_bilirubin(parse):
    assert item_comparisons(parse, "T.Bili ≤ 2 mg/dL")[0][0] == "total bilirubin"


def test_a_range_opened_by_a_half_written_as_one_character(parse):
    assert [c[1:3] for c in item_comparisons(parse, "Smoking ½-1 pack per day", "exclusion")] == [
        (">=", 0.5), ("<=", 1)]


def test_a_half_written_as_one_character_after_a_number_or_alone(parse):
    found = item_comparisons(parse, "Hemoptysis of more than ½ teaspoon or a fall of more than 1 ½ g/dL in hemoglobin",
                             "exclusion")
    assert [c[1:] for c in found] == [(">", 0.5, "[tsp_us]"), (">", 1.5, "g/dL")]
    (window,) = windows(parse(one_item("Treatment within < 3½ hours of symptom onset")))
    assert window[1:4] == ("<", 3.5, "h")


@pytest.mark.parametrize("text", ["Drugs with a t½ of 10 days or more", "Drugs with a t ½ of 10 days or more",
                                  "Drugs with a ½-life of 10 days or more", "Drugs with a ½ life of 10 days or more"])
def test_a_half_in_a_name_is_not_a_number(parse, text):
    found = item_comparisons(parse, text)
    assert [c[2] for c in found] == [10] and "0.5" not in found[0][0]


def test_a_comparator_sign_typed_for_greater_or_less_before_than_or_equal_to(parse):
    found = item_comparisons(parse, "Serum creatinine > than or equal to 2 mg/dL", "exclusion")
    assert [c[1:] for c in found] == [(">=", 2, "mg/dL")]


def test_a_subscript_written_flat_after_an_underscore_is_part_of_the_name(parse):
    found = item_comparisons(parse, "DLCO and FEV_1 ≥ 50% of predicted")
    assert [c[0] for c in found] == ["diffusing capacity (DLCO)", "forced expiratory volume in 1 second"]
    assert [c[0] for c in item_comparisons(parse, "pO_2 ≥ 70 mmHg on room air")] == ["pO2"]
