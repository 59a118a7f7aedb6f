"""Names and units restated in brackets, a window between a lab and its limit, and habits counted per day or week.

Texts written for these tests, in the style of sponsor protocols that spell units out and bracket their symbols.
"""

from __future__ import annotations

import pytest

from parser.models.criteria import Comparison, Not
from parser.models.walk import iter_nodes
from tests.criteria.conftest import item_comparisons, one_item, only_criterion, windows


@pytest.mark.parametrize(("item", "unit"), [
    ("Creatinine clearance below 50 milliliters (mL)/minute (min)", "mL/min"),
    ("Potassium under 3.2 millimoles (mmol) /liter (L)", "mmol/L"),
    ("Body mass index over 35 kilograms (kg)/ meter (m)^2", "kg/m2"),
])
def test_a_unit_spelled_out_with_its_symbol_in_brackets_is_one_unit(parse, item, unit):
    (found,) = item_comparisons(parse, item, "exclusion")
    assert found[3] == unit


def test_an_abbreviation_in_brackets_does_not_add_the_broader_measure(parse):
    assert item_comparisons(parse, "Systolic blood pressure (BP) above 170 mmHg", "exclusion") == [
        ("systolic blood pressure", ">", 170, "mm[Hg]")]


def test_a_lab_named_before_its_sampling_window_is_what_the_threshold_bounds(parse):
    found = item_comparisons(parse, "Amylase measured within 14 days of enrolment must be ≤ 2 x ULN")
    assert ("amylase", "<=", 2, "ULN") in found


@pytest.mark.parametrize(("item", "measure", "unit"), [
    ("More than 21 drinks per week", "alcohol consumption", "{drinks}/wk"),
    ("Over 3 alcoholic drinks/day", "alcohol consumption", "{drinks}/d"),
    ("Smokes more than 15 cigarettes per day", "cigarette smoking", "{cigarettes}/d"),
    ("More than 6 cups per day", "caffeine intake", "{cups}/d"),
    ("Smokes more than 15 cigarettes or equivalent per day", "cigarette smoking", "{cigarettes}/d"),
])
def test_a_habit_counted_per_day_or_week_is_its_own_measure(parse, item, measure, unit):
    assert item_comparisons(parse, item, "exclusion") == [(measure, ">", item_value(item), unit)]


@pytest.mark.parametrize("item", ["Smokes more than 15 cigarettes (e.g., a pack) per day",
                                  "Smokes more than 15 cigarettes (or an equivalent amount of pipe tobacco) per day",
                                  "Smokes more than 15 cigarettes or 2 cigars per day"])
def test_the_like_of_a_counted_thing_before_the_period_keeps_the_rate(parse, item):
    """An example, "or equivalent …" in brackets, or other things counted instead stand between count and period."""
    assert item_comparisons(parse, item, "exclusion") == [("cigarette smoking", ">", 15, "{cigarettes}/d")]


@pytest.mark.parametrize(("item", "expected"), [
    ("Drinking more than 1 L of cola per day", ("cola", ">", 1, "L/d")),
    ("Patients consuming over 300 mL of cranberry juice per week", ("cranberry juice", ">", 300, "mL/wk")),
])
def test_a_volume_of_a_drink_taken_per_period_bounds_the_drink(parse, item, expected):
    assert item_comparisons(parse, item, "exclusion") == [expected]


def test_another_amount_with_its_own_unit_before_the_period_takes_no_rate_of_the_first(parse):
    """"> 20 mg or 0.5 mg/kg per day": the 0.5 has its own unit; the 20 mg is no "mg/kg/d"."""
    found = item_comparisons(parse, "Prednisone > 20 mg or 0.5 mg/kg per day", "exclusion")
    assert all(c[3] != "mg/kg/d" or c[2] == 0.5 for c in found) and ("Prednisone", ">", 20, "mg") in found


@pytest.mark.parametrize(("item", "unit"), [("At least 8 voids per 24 hours", "/d"),
                                            ("At least 8 voids per 24-hour period", "/d"),
                                            ("At least 8 voids per 7 days", "/wk")])
def test_a_count_per_24_hours_is_per_day(parse, item, unit):
    assert item_comparisons(parse, item)[0][2:] == (8, unit)


def item_value(item: str) -> int:
    return next(int(word) for word in item.split() if word.isdigit())


def test_a_glomerular_filtration_rate_may_be_given_in_millilitres_per_minute(parse):
    found = item_comparisons(parse, "Estimated GFR ≥ 45 mL/min")
    assert found == [("estimated glomerular filtration rate", ">=", 45, "mL/min")]


def test_litres_per_second_is_a_flow(parse):
    (found,) = item_comparisons(parse, "Peak expiratory flow ≥ 3 L/sec")
    assert found[1:] == (">=", 3, "L/s")


@pytest.mark.parametrize(("item", "unit"), [
    ("Average daily intake of more than 4 drinks", "{drinks}/d"),
    ("A weekly consumption of more than 10 alcoholic drinks", "{drinks}/wk"),
])
def test_a_count_whose_period_an_adjective_names_before_it_is_a_rate(parse, item, unit):
    (found,) = item_comparisons(parse, item, "exclusion")
    assert found[3] == unit


@pytest.mark.parametrize(("item", "expected"), [
    ("Drinks more than 200 g of alcohol per week", ("alcohol consumption", ">", 200, "g/wk")),
    ("More than 5 cups of coffee a day", ("caffeine intake", ">", 5, "{cups}/d")),
    ("More than 20 units of alcohol per week", ("alcohol consumption", ">", 20, "{units}/wk")),
])
def test_an_amount_of_a_substance_per_period_is_a_rate_of_that_substance(parse, item, expected):
    assert item_comparisons(parse, item, "exclusion") == [expected]


def test_a_one_word_period_after_the_substance_makes_the_amount_a_daily_rate(parse):
    ((measure, *bound),) = item_comparisons(parse, "More than 7.5 mg of prednisolone daily", "exclusion")
    assert measure.startswith("prednisolone") and bound == [">", 7.5, "mg/d"]


@pytest.mark.parametrize("item", ["Hydrocortisone over 30 mg or equivalent per day",
                                  "Over 30 mg hydrocortisone or equivalent per day",
                                  "Over 30 mg hydrocortisone (or equivalent) per day",
                                  "Hydrocortisone over 30 mg (or the equivalent) daily"])
def test_a_mass_followed_by_its_substance_then_a_period_is_a_rate(parse, item):
    ((measure, *bound),) = item_comparisons(parse, item, "exclusion")
    assert measure.lower().startswith("hydrocortisone") and bound == [">", 30, "mg/d"]


def test_a_dose_per_kilogram_or_its_equivalent_per_day_is_a_daily_rate_per_kilogram(parse):
    ((_, *bound),) = item_comparisons(parse, "Prednisone over 0.5 mg/kg or equivalent per day", "exclusion")
    assert bound == [">", 0.5, "mg/kg/d"]


@pytest.mark.parametrize("item", ["Prednisone over 10 mg or equivalent a week before enrolment",
                                  "Prednisone over 10 mg (or equivalent) per dose"])
def test_an_amount_or_its_equivalent_without_a_period_stays_the_substances_amount(parse, item):
    ((measure, *bound),) = item_comparisons(parse, item, "exclusion")
    assert measure.lower().startswith("prednisone") and bound == [">", 10, "mg"]


def test_a_mass_then_its_substance_a_week_before_an_event_stays_an_amount(parse):
    ((_, *bound),) = item_comparisons(parse, "More than 800 mg ifosfamide a week before enrolment", "exclusion")
    assert bound == [">", 800, "mg"]


@pytest.mark.parametrize("item", ["At least 500 ug of fluticasone twice daily",
                                  "At least 500 ug fluticasone twice a day"])
def test_an_amount_per_dose_taken_twice_daily_stays_an_amount(parse, item):
    ((_, *bound),) = item_comparisons(parse, item, "inclusion")
    assert bound == [">=", 500, "ug"]


def test_a_period_after_a_or_each_divides_the_unit(parse):
    found = item_comparisons(parse, "Methotrexate more than 25 mg a week", "exclusion")
    assert found == [("Methotrexate", ">", 25, "mg/wk")]


def test_times_weekly_is_a_frequency(parse):
    (found,) = item_comparisons(parse, "Physiotherapy at least 2 times weekly")
    assert found[1:] == (">=", 2, "/wk")


@pytest.mark.parametrize("item", ["Positive HIV-1/2 antibody test", "Known HTLV 1/2 infection", "HCV genotype 1 or 3"])
def test_a_virus_type_or_genotype_number_is_a_name_not_a_threshold(parse, item):
    assert item_comparisons(parse, item, "exclusion") == []


def test_units_counted_after_a_weekly_or_daily_intake_are_a_rate_of_units(parse):
    item = "An average weekly alcohol intake of more than 28 units or a daily intake of more than 4 units"
    found = item_comparisons(parse, item, "exclusion")
    assert [c[3] for c in found] == ["{units}/wk", "{units}/d"]


def test_a_daily_dose_named_before_its_amount_is_a_dose_per_day(parse):
    found = item_comparisons(parse, "A daily maintenance dose of hydrocortisone of between 10 and 30 mg")
    assert [c[3] for c in found] == ["mg/d", "mg/d"]


def test_a_sample_drawn_within_a_bound_before_an_event_dates_the_sample(parse):
    (found,) = windows(parse(one_item("Blood counts (obtained < 10 days prior to randomization)")))
    assert (found[0], found[1], found[2]) == ("Blood counts", "<", 10)


def test_a_pronoun_is_not_a_measure_the_clause_before_names_it(parse):
    (found,) = item_comparisons(parse, "For liver lesions to count as measurable, they must be ≥ 15 mm across")
    assert "liver lesions" in found[0]


def test_a_participle_alone_after_a_comma_stands_for_what_the_clause_before_names(parse):
    (found,) = item_comparisons(parse, "Inadequate response to leflunomide, given for at least 12 weeks")
    assert found == ("Inadequate response to leflunomide", ">=", 12, "wk")


def test_a_bracketed_amount_after_a_window_bounds_the_event_the_window_dates(parse):
    item = "Significant epistaxis within 14 days prior to screening (≥ 10 mL of blood)"
    found = item_comparisons(parse, item, "exclusion")
    assert found[0][0] == "Significant epistaxis"


def test_a_cardiac_index_in_litres_per_minute_per_square_metre(parse):
    assert item_comparisons(parse, "Cardiac index < 2.2 l/min/m²", "exclusion")[0][3] == "L/min/m2"


def test_a_generic_word_is_not_a_measure_the_words_before_it_name_it(parse):
    (found,) = item_comparisons(parse, "History of chronic urticaria for a period of at least 8 weeks")
    assert found[0] == "chronic urticaria"


def test_a_percentage_change_named_after_the_threshold_bounds_the_change(parse):
    (found,) = item_comparisons(parse, "Patient has a > 15% decrease in serum sodium since baseline", "exclusion")
    assert found[:3] == ("decrease in serum sodium", ">", 15)


@pytest.mark.parametrize(("item", "expected"), [
    ("Orthostatic fall: a drop in systolic blood pressure of 25 mmHg or more on standing",
     ("drop in systolic blood pressure", ">=", 25, "mm[Hg]")),
    ("A rise in haemoglobin by more than 1.5 g/dL after oral iron", ("rise in haemoglobin", ">", 1.5, "g/dL")),
    ("An increase in FEV1 of at least 15% after salbutamol", ("increase in FEV1", ">=", 15, "%")),
    ("Reversibility in FEV1 of at least 15% after salbutamol", ("Reversibility in FEV1", ">=", 15, "%")),
])
def test_a_change_in_a_measure_named_before_the_threshold_bounds_the_change(parse, item, expected):
    assert item_comparisons(parse, item, "exclusion") == [expected]


def test_the_words_qualifying_a_change_stay_in_its_name_but_a_denial_does_not(parse):
    assert item_comparisons(parse, "Post-bronchodilator improvement in FEV1 ≥ 150 mL")[0][0] == (
        "Post-bronchodilator improvement in FEV1")
    (criterion,) = parse(one_item("Shows no change in QTcF > 40 ms after the test dose")).inclusion
    assert isinstance(criterion.expr, Not) and criterion.expr.not_.measure == "change in QTcF"


def test_a_bound_coordinated_with_a_change_of_one_measure_is_the_same_change_of_the_next(parse):
    text = "An orthostatic change of > 25 mmHg systolic or 15 mmHg diastolic on standing"
    assert [(m, v) for m, _, v, _ in item_comparisons(parse, text, "exclusion")] == [
        ("change in systolic", 25), ("change in diastolic", 15)]


def test_a_value_after_or_with_its_own_measure_after_it_is_no_restatement_of_the_one_before(parse):
    assert item_comparisons(parse, "Systolic > 170 mmHg or 105 mmHg diastolic", "exclusion") == [
        ("systolic blood pressure", ">", 170, "mm[Hg]"), ("diastolic blood pressure", ">", 105, "mm[Hg]")]


def test_a_change_to_a_level_bounds_the_level(parse):
    found = item_comparisons(parse, "A decline in haemoglobin to below 9 g/dL during therapy", "exclusion")
    assert found == [("hemoglobin", "<", 9, "g/dL")]


def test_a_rise_of_a_lab_above_a_multiple_of_its_limit_bounds_the_lab(parse):
    found = item_comparisons(parse, "A rise in ALT and AST of more than 5 times the ULN", "exclusion")
    assert [measure for measure, *_ in found] == ["alanine aminotransferase (ALT)", "aspartate aminotransferase (AST)"]


def test_a_bound_joined_to_one_its_named_phrase_follows_shares_that_phrase(parse):
    found = item_comparisons(parse, "Patients with ≥ 15% and ≥ 250 mL bronchodilator reversibility")
    assert [(measure, value) for measure, _, value, _ in found] == [
        ("bronchodilator reversibility", 15), ("bronchodilator reversibility", 250)]


def test_a_change_word_and_of_before_the_threshold_name_the_change_of_the_measure_after_it(parse):
    assert item_comparisons(parse, "An increase of at least 0.5 mg/dL in serum creatinine", "exclusion") == [
        ("increase in serum creatinine", ">=", 0.5, "mg/dL")]


def test_a_count_of_a_noun_glossed_in_brackets_per_period_counts_that_noun(parse):
    text = "≥ 9 voids per 24 hours and ≥ 2 urge episodes (with or without leakage) per 24 hours"
    found = item_comparisons(parse, text)
    assert found == [("voids", ">=", 9, "/d"), ("urge episodes", ">=", 2, "/d")]


@pytest.mark.parametrize(("item", "expected"), [
    ("At least 3 migraine attacks per month", ("migraine attacks", ">=", 3, "/mo")),
    ("No more than 2 asthma exacerbations a year", ("asthma exacerbations", "<=", 2, "/a")),
    ("More than 4 portions of oily fish per week", ("portions of oily fish", ">", 4, "/wk")),
    ("Fewer than 10 cluster headache days per month", ("cluster headache days", "<", 10, "/mo")),
    ("Fewer than 3 spontaneous bowel movements (SBMs) per week", ("spontaneous bowel movements (SBMs)", "<", 3, "/wk")),
    ("At most 6 seizures of focal or generalised onset per month", ("seizures of focal", "<=", 6, "/mo")),
])
def test_a_count_of_a_noun_per_period_is_its_frequency(parse, item, expected):
    assert item_comparisons(parse, item) == [expected]


def test_a_count_of_things_a_period_apart_is_no_frequency(parse):
    (found,) = item_comparisons(parse, "At least 3 readings of fasting glucose taken a week apart")
    assert found[1:] == (">=", 3, "1")


def test_a_comparator_after_the_substance_an_amount_is_of(parse):
    assert item_comparisons(parse, "Receiving 20 mg/day of hydrocortisone or more")[0][1:] == (">=", 20, "mg/d")


def test_a_window_set_off_between_a_score_and_its_threshold(parse):
    found = item_comparisons(parse, "An average cough severity score, over the past 7 days, of 4 or more")
    assert any("cough severity score" in c[0] and c[1:3] == (">=", 4) for c in found)


@pytest.mark.parametrize(("item", "unit"), [("Smokes 15 or more cigarettes per day", "{cigarettes}/d"),
                                             ("Heavy coffee drinkers (4 or more cups a day)", "{cups}/d"),
                                             ("Two or more migraine attacks per month", "/mo")])
def test_a_comparator_after_the_number_leaves_the_counted_unit_after_it(parse, item, unit):
    (found,) = item_comparisons(parse, item, "exclusion")
    assert (found[1], found[3]) == (">=", unit)


@pytest.mark.parametrize("item", [
    "More than 14 units of alcohol per week (1 unit = 8 g of alcohol, or half a pint of beer)",
    "More than 2 drinks a day, where 1 drink equals 12 ounces of beer",
    "Donor score of 3 or more (donor age over 60 yr = 3 points)",
    "More than 14 units of alcohol per week (one unit = 250 mL of beer)",
    "More than 3 units of alcohol a day (a standard unit equals 8 ounces of beer)",
    "More than 28 units of alcohol a week (1 unit = 8 g pure alcohol = 250 mL of beer)",
])
def test_an_equation_between_two_amounts_defines_a_unit_and_is_no_threshold(parse, item):
    assert all(op != "==" for _, op, _, _ in item_comparisons(parse, item, "exclusion"))


@pytest.mark.parametrize(("item", "values"), [
    ("Diastolic blood pressure = 100 mmHg or = 50 mmHg", [100, 50]),
    ("Aged 18 years old = 70 years old", [18, 70]),
])
def test_an_equals_sign_between_amounts_of_one_unit_is_a_lost_comparator_not_an_equation(parse, item, values):
    assert [value for _, _, value, _ in item_comparisons(parse, item, "inclusion")] == values


def test_a_bracket_of_ages_before_a_threshold_is_its_group_not_its_measure(parse):
    criterion = only_criterion(parse, "Lansky play score (for those ≤ 16 years of age) ≥ 60")
    (comparison,) = [n for n in iter_nodes(criterion.expr) if isinstance(n, Comparison) and n.value == 60]
    assert (comparison.measure, comparison.op, comparison.unit) == ("Lansky play-performance score", ">=", "1")
    assert isinstance(comparison.when, Comparison)
    assert (comparison.when.measure, comparison.when.op, comparison.when.value) == ("age", "<=", 16)


def test_the_age_of_a_group_in_an_aside_is_not_coordinated_with_the_scale_after_it(parse):
    text = "Karnofsky score (for patients > 16 years of age) or Lansky score (for patients ≤ 16 years of age) ≥ 50"
    found = item_comparisons(parse, text)
    assert ("age", ">=", 50) not in [c[:3] for c in found]
    assert ("Lansky play-performance score", ">=", 50) in [c[:3] for c in found]


@pytest.mark.parametrize("item", ["Subjects with a diastolic blood pressure = 110 mmHg or = 50 mmHg",
                                  "A total score = 24 on the IRLS rating scale"])
def test_a_measure_after_an_article_set_equal_to_an_amount_is_a_threshold(parse, item):
    assert all(op == "==" for _, op, _, _ in item_comparisons(parse, item, "exclusion"))
    assert item_comparisons(parse, item, "exclusion")


@pytest.mark.parametrize("item", ["Stage 3 eGFR = 45 mL/min", "Grade 3 QTc = 500 ms", "Day 1 platelets = 100,000/uL"])
def test_a_measure_after_a_labels_number_set_equal_to_an_amount_is_a_threshold(parse, item):
    assert [c[1] for c in item_comparisons(parse, item, "exclusion")] == ["=="]


@pytest.mark.parametrize("item", ["Serum creatinine ≤ 1.2 mg/dL (age ≥ 70)",
                                  "Serum creatinine ≤ 1.2 mg/dL (aged ≥ 70)"])
def test_a_bracket_of_an_age_word_and_its_bound_after_a_threshold_is_its_group(parse, item):
    comparison = only_criterion(parse, item).expr
    assert isinstance(comparison, Comparison) and comparison.measure == "serum creatinine"
    assert isinstance(comparison.when, Comparison)
    assert (comparison.when.measure, comparison.when.op, comparison.when.value) == ("age", ">=", 70)


def test_a_number_beside_an_age_word_in_a_bracket_is_no_group_unless_it_bounds_the_age(parse):
    criterion = only_criterion(parse, "Weight ≥ 50 kg (any age before version 2 of the protocol)")
    assert isinstance(criterion.expr, Comparison) and criterion.expr.when is None


def test_a_threshold_after_a_group_bracket_keeps_the_scale_named_before_the_group(parse):
    found = item_comparisons(parse, "WHO performance status 0-1 (age > 70) or 0-2 (age 18-70)")
    scales = [(c[0], c[2]) for c in found if c[0] != "age"]
    assert scales == [("ECOG performance status", value) for value in (0, 1, 0, 2)]


def test_the_age_closing_a_group_after_one_scale_is_not_coordinated_with_the_next_scale(parse):
    text = "Karnofsky ≥ 60% for patients older than 16 years of age and Lansky ≥ 60 for patients aged 16 or younger"
    found = item_comparisons(parse, text)
    assert ("age", ">=", 60) not in [c[:3] for c in found]
    assert [c[:3] for c in found if c[2] == 60] == [("Karnofsky performance status", ">=", 60),
                                                    ("Lansky play-performance score", ">=", 60)]
