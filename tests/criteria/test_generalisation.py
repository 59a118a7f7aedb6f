"""Layouts and shorthand of real registry text the engine must read without having seen the trial.

Each text here was written for its test, in the style of the legacy NCI/PDQ and lab-table records.
"""

from __future__ import annotations

import pytest

from parser.models.criteria import AllOf, AnyOf, Comparison, Concept
from parser.models.walk import iter_nodes
from tests.criteria.conftest import comparisons, item_comparisons, one_item, only_criterion, windows

PDQ_BLOCK = """
        PATIENT CHARACTERISTICS:

        Age:

          -  21 and over

        Performance status:

          -  SWOG 0-1

        Life expectancy:

          -  More than 16 weeks

        Hematopoietic:

          -  WBC at least 3,500/mm^3
"""


def test_a_label_line_names_the_measure_of_the_items_under_it(parse):
    found = comparisons(parse(PDQ_BLOCK))
    assert ("age", ">=", 21, "a") in found
    assert ("life expectancy", ">", 16, "wk") in found


def test_a_scale_named_in_one_word_under_a_label_keeps_the_label_measure(parse):
    found = comparisons(parse(PDQ_BLOCK))
    assert ("ECOG performance status", "<=", 1, "1") in found


def test_a_label_after_a_blank_line_is_not_the_end_of_the_item_above(parse):
    document = parse(PDQ_BLOCK)
    texts = [c.text for c in document.inclusion]
    assert "21 and over" in texts
    assert "Performance status:" in texts


def test_items_under_a_label_are_its_children(parse):
    document = parse(PDQ_BLOCK)
    label = next(c for c in document.inclusion if c.text == "Life expectancy:")
    item = next(c for c in document.inclusion if c.text == "More than 16 weeks")
    assert item.parent == label.id


def _only(document) -> Comparison:
    found = [n for c in document.inclusion for n in iter_nodes(c.expr) if isinstance(n, Comparison)]
    assert len(found) == 1, found
    return found[0]


def test_a_count_without_a_unit_is_read_per_microlitre_by_its_magnitude(parse):
    node = _only(parse(one_item("Platelet count of at least 75,000")))
    assert (node.value, node.unit, node.unit_inferred) == (75000, "/uL", True)


def test_the_same_count_in_giga_per_litre_magnitude_is_read_so(parse):
    node = _only(parse(one_item("Platelets at least 75")))
    assert (node.unit, node.unit_inferred) == ("10*9/L", True)


def test_haemoglobin_without_a_unit_is_read_in_grams_per_decilitre(parse):
    node = _only(parse(one_item("Hemoglobin > 9.5")))
    assert (node.unit, node.unit_inferred) == ("g/dL", True)
    assert node.canonical is not None and node.canonical.value == 9.5


def test_a_value_outside_every_conventional_range_gets_no_guessed_unit(parse):
    node = _only(parse(one_item("Platelets at least 3000")))
    assert node.unit == "{unspecified}"
    assert node.unit_inferred is False


def test_a_written_unit_is_not_marked_inferred(parse):
    node = _only(parse(one_item("Hemoglobin > 95 g/L")))
    assert (node.unit, node.unit_inferred) == ("g/L", False)


def test_times_normal_is_a_multiple_of_the_upper_limit(parse):
    found = item_comparisons(parse, "SGPT less than 3 times normal")
    assert found == [("alanine aminotransferase (ALT)", "<", 3, "ULN")]


def test_a_bare_n_after_a_multiplier_is_the_upper_limit(parse):
    assert item_comparisons(parse, "SGOT < 2.5 x N") == [("aspartate aminotransferase (AST)", "<", 2.5, "ULN")]


def test_an_asterisk_glued_to_the_number_is_a_multiplier(parse):
    found = item_comparisons(parse, "ALT ≤3*upper limit of normal")
    assert found == [("alanine aminotransferase (ALT)", "<=", 3, "ULN")]


def test_a_footnote_asterisk_does_not_hide_the_limit(parse):
    found = item_comparisons(parse, "AST < 2 times the upper limit of normal*")
    assert found == [("aspartate aminotransferase (AST)", "<", 2, "ULN")]


def test_the_modifier_letter_arrowhead_is_a_comparator(parse):
    assert item_comparisons(parse, "ALT \u02c33ULN") == [("alanine aminotransferase (ALT)", ">", 3, "ULN")]


def test_limit_phrases_clinicians_write_are_the_upper_limit(parse):
    for phrase in ("maximum normal value", "upper normal range", "upper limit of normality"):
        found = item_comparisons(parse, f"ALT ≤ 2 x the {phrase}")
        assert found == [("alanine aminotransferase (ALT)", "<=", 2, "ULN")], phrase


@pytest.mark.parametrize(("wording", "op"), [("at or above", ">="), ("at or below", "<="), ("at or over", ">="),
                                             ("at or under", "<=")])
def test_at_or_before_a_direction_includes_the_limit(parse, wording, op):
    assert item_comparisons(parse, f"Potassium {wording} 3.5 mmol/L") == [("potassium", op, 3.5, "mmol/L")]


@pytest.mark.parametrize(("wording", "op"), [("less than/equal to", "<="), ("greater than/equal to", ">=")])
def test_a_slash_between_than_and_equal_to_means_or(parse, wording, op):
    assert item_comparisons(parse, f"Sodium {wording} 130 mmol/L") == [("sodium", op, 130, "mmol/L")]


@pytest.mark.parametrize(("wording", "op"), [("must not be greater than", "<="), ("should not be more than", "<="),
                                             ("must not be less than", ">="), ("must not be below", ">="),
                                             ("must not be greater than or equal to", "<")])
def test_a_comparator_after_not_be_is_turned_around(parse, wording, op):
    assert item_comparisons(parse, f"Sodium {wording} 130 mmol/L") == [("sodium", op, 130, "mmol/L")]


@pytest.mark.parametrize(("wording", "op"), [("a minimum period of", ">="), ("a maximum period of", "<="),
                                             ("at least approximately", ">=")])
def test_a_period_named_in_the_comparator_words_is_still_the_bound(parse, wording, op):
    assert item_comparisons(parse, f"Abstinent from alcohol for {wording} 8 weeks")[0][1:] == (op, 8, "wk")


def test_a_symbol_in_brackets_after_comparator_words_is_the_comparator(parse):
    found = item_comparisons(parse, "ALT greater than equal to (>=) 4 x ULN")
    assert found == [("alanine aminotransferase (ALT)", ">=", 4, "ULN")]


def test_the_words_a_bracketed_symbol_restates_are_no_measure_of_a_second_bound(parse):
    found = item_comparisons(parse, "Fasting glucose less than (<) 70 mg/dL or greater than (>) 250 mg/dL")
    assert [c[:3] for c in found] == [("glucose", "<", 70), ("glucose", ">", 250)]


def test_a_bracketed_subgroup_bound_takes_the_comparator_of_the_bound_before(parse):
    found = item_comparisons(parse, "Alkaline phosphatase ≤ 2 x ULN (4 x ULN if bone metastases)")
    assert found == [("alkaline phosphatase", "<=", 2, "ULN"), ("alkaline phosphatase", "<=", 4, "ULN")]


def test_or_before_a_subgroup_bound_restates_the_comparator(parse):
    found = item_comparisons(parse, "Bilirubin < 1.2 mg/dL or 2.5 mg/dL for patients with Gilbert's syndrome")
    assert found == [("total bilirubin", "<", 1.2, "mg/dL"), ("total bilirubin", "<", 2.5, "mg/dL")]


def test_within_a_multiple_of_the_upper_limit_is_at_most_it(parse):
    assert item_comparisons(parse, "INR within 1.2 x ULN") == [("international normalized ratio", "<=", 1.2, "ULN")]


def test_a_multiple_of_the_upper_limit_after_a_lab_name_in_an_inclusion_is_an_upper_bound(parse):
    assert item_comparisons(parse, "Serum bilirubin 2 x institutional ULN") == [("total bilirubin", "<=", 2, "ULN")]


def test_a_multiple_without_comparator_in_an_exclusion_excludes_from_it_on(parse):
    document = parse(one_item("Serum bilirubin 2 x institutional ULN", "exclusion"))
    assert comparisons(document, "exclusion") == [("total bilirubin", ">=", 2, "ULN")]


def test_a_comparator_read_rather_than_written_is_noted(parse):
    criterion = only_criterion(parse, "Serum bilirubin 2 x institutional ULN")
    assert any("comparator not written" in note for note in criterion.notes)


def test_a_bracketed_aside_after_a_lab_name_still_names_it(parse):
    found = item_comparisons(parse, "LFTs (SGOT or SGPT) 2.5 x the institutional ULN")
    assert ("alanine aminotransferase (ALT)", "<=", 2.5, "ULN") in found


def test_a_decimal_broken_by_a_space_before_a_multiplier(parse):
    assert item_comparisons(parse, "ALT < 2. 5x ULN") == [("alanine aminotransferase (ALT)", "<", 2.5, "ULN")]


def test_then_typed_for_than_is_a_comparator(parse):
    assert item_comparisons(parse, "Bilirubin less then 2 mg/dL") == [("total bilirubin", "<", 2, "mg/dL")]


def test_a_parent_item_ending_in_a_colon_names_the_measure_of_its_sub_items(parse):
    text = "Inclusion Criteria:\n\n  -  Bilirubin by age as follows:\n\n       -  ≤ 0.6 mg/dL (under 2 years)\n"
    assert ("total bilirubin", "<=", 0.6, "mg/dL") in comparisons(parse(text))


def test_a_lone_duration_in_a_flattened_pdq_block_is_the_life_expectancy(parse):
    assert item_comparisons(parse, "At least 8 weeks") == [("life expectancy", ">=", 8, "wk")]


def test_a_lone_bound_on_a_bare_number_in_a_flattened_pdq_block_is_the_age(parse):
    assert item_comparisons(parse, "19 and over") == [("age", ">=", 19, "a")]


@pytest.mark.parametrize(("text", "op"), [("Participants must be ≥ 21", ">="), ("Subjects are over 21", ">")])
def test_a_bare_whole_number_persons_are_said_to_be_is_their_age_in_years_read_as_implied(parse, text, op):
    criterion = only_criterion(parse, text)
    assert (item_comparisons(parse, text), criterion.expr.unit_inferred) == ([("age", op, 21, "a")], True)


@pytest.mark.parametrize(("text", "op"), [("Volunteers ≥ 21 who consent", ">="),
                                          ("Any volunteer ≥ 21 who presents for a screening visit", ">="),
                                          ("Patients under 21 at enrolment", "<"),
                                          ("Adults over 21 will be enrolled", ">")])
def test_a_bare_whole_number_bounding_persons_right_after_them_is_their_age(parse, text, op):
    assert item_comparisons(parse, text) == [("age", op, 21, "a")]


def test_weeks_of_a_pregnancy_are_named_by_it(parse):
    """"pregnant" names persons, but a span of weeks it bounds is the pregnancy's."""
    assert item_comparisons(parse, "Pregnant (> 24 weeks)", "exclusion") == [("Pregnant", ">", 24, "wk")]


def test_a_number_counting_persons_is_no_age(parse):
    assert "age" not in [c[0] for c in item_comparisons(parse, "At least 21 volunteers will be enrolled")]


def test_a_number_opening_a_span_of_time_after_persons_is_no_age(parse):
    text = "Volunteers ≥ 1 and ≤ 3 weeks after vaccination"
    assert "age" not in [c[0] for c in item_comparisons(parse, text)]
    assert windows(parse(one_item(text))) == [("vaccination", "<=", 3, "wk", False)]


def test_an_age_joined_to_a_shorter_span_of_time_stays_an_age(parse):
    assert item_comparisons(parse, "Volunteers ≥ 21 and < 6 months from vaccination")[0] == ("age", ">=", 21, "a")


@pytest.mark.parametrize("text", ["Participants must be at least 4 on the pain rating scale",
                                  "Patients must be ≥ 9 (Glasgow Coma Scale)"])
def test_a_bare_number_persons_are_said_to_be_on_a_scale_is_no_age(parse, text):
    assert [c[0] for c in item_comparisons(parse, text)] != ["age"]


def test_a_bare_number_a_lab_is_said_to_be_is_no_age(parse):
    assert item_comparisons(parse, "Patients with haemoglobin that must be ≥ 9")[0][0] != "age"


@pytest.mark.parametrize("text", ["Postmenopausal women, 45-70 years", "Adult outpatients 21 to 70 years",
                                  "Female (not pregnant) between 21 and 70 years"])
def test_years_of_a_phrase_naming_persons_are_their_age(parse, text):
    assert [c[0] for c in item_comparisons(parse, text)] == ["age", "age"]


def test_years_of_persons_with_a_condition_are_how_long_they_had_it(parse):
    assert item_comparisons(parse, "Adults with asthma for at least 2 years")[0][0] != "age"


def test_a_lone_small_number_is_not_read_as_an_age(parse):
    assert item_comparisons(parse, "No more than 2") == []


def test_a_lone_duration_in_an_exclusion_is_not_a_life_expectancy(parse):
    assert item_comparisons(parse, "More than 12 weeks", "exclusion") == []


def _unit(parse, item: str) -> str:
    (found,) = item_comparisons(parse, item)
    return found[3]


def test_a_flattened_power_of_ten_after_a_spaced_multiplier_is_a_unit(parse):
    assert _unit(parse, "Neutrophils ≥ 2.0 x109/L") == "10*9/L"
    assert _unit(parse, "Platelets ≥ 150 x103/uL") == "10*3/uL"


def test_a_power_of_ten_spaced_from_its_base_before_the_volume_is_a_unit(parse):
    assert _unit(parse, "Leukocytes ≥ 4 x 10 9/L") == "10*9/L"


def test_a_unit_divided_by_a_counted_period_is_composed(parse):
    assert _unit(parse, "Proteinuria < 300 mg/24 hour") == "mg/(24.h)"


def test_per_divides_like_a_slash(parse):
    assert _unit(parse, "Prednisone ≤ 7.5 mg per day") == "mg/d"


def test_a_division_chain_with_spaces_is_one_unit(parse):
    assert _unit(parse, "Urine output < 0.3 ml / kg / h") == "mL/kg/h"


def test_a_count_per_volume_without_numerator_is_a_number_concentration(parse):
    assert _unit(parse, "ANC ≥ 1200/microL") == "/uL"
    assert _unit(parse, "ANC ≥ 1200 per mm3") == "/mm3"


def test_a_squared_metre_folded_from_a_superscript_closes_the_division(parse):
    assert _unit(parse, "Dose < 3 g/m²") == "g/m2"


def test_millimolar_is_not_millimetres(parse):
    assert _unit(parse, "Potassium < 3.2 mM") == "mmol/L"


def test_kilopascal_is_a_pressure(parse):
    assert _unit(parse, "PaO2 < 7.5 kPa") == "kPa"


def test_a_capital_c_after_a_temperature_is_celsius(parse):
    assert _unit(parse, "Temperature > 37.8 C") == "Cel"


def test_a_slash_that_starts_another_phrase_ends_the_unit(parse):
    assert item_comparisons(parse, "Creatinine ≤ 1.4 mg/dL/ or clearance ≥ 50 mL/min")[0][3] == "mg/dL"


def test_a_hard_wrapped_item_continues_over_several_lines(parse):
    text = (
        "Inclusion Criteria:\n\n          -  Alanine aminotransferase (ALT) (serum glutamic pyruvic\n"
        "             transaminase [SGPT])\n             =< 3 x institutional upper limit of normal\n"
    )
    document = parse(text)
    assert len(document.inclusion) == 1
    assert comparisons(document) == [("alanine aminotransferase (ALT)", "<=", 3, "ULN")]


def test_names_joined_across_bracketed_asides_share_the_threshold(parse):
    item = "Aspartate aminotransferase (AST) [SGOT] / alanine aminotransferase (ALT) [SGPT] ≤ 3 x ULN"
    assert item_comparisons(parse, item) == [("aspartate aminotransferase (AST)", "<=", 3, "ULN"),
                                             ("alanine aminotransferase (ALT)", "<=", 3, "ULN")]


def test_a_multiplier_written_before_the_number(parse):
    assert item_comparisons(parse, "ALAT >x3 ULN") == [("alanine aminotransferase (ALT)", ">", 3, "ULN")]


def test_a_capital_n_after_a_number_is_the_upper_limit(parse):
    assert item_comparisons(parse, "ASAT < 2 N") == [("aspartate aminotransferase (AST)", "<", 2, "ULN")]


def _window(parse, item: str) -> tuple[str, str, float, str]:
    node = only_criterion(parse, item).expr
    assert node is not None and node.within is not None, node
    return node.concept, node.within.op, node.within.value, node.within.unit


def test_a_washout_that_must_have_elapsed_since_an_event_bounds_that_event(parse):
    assert _window(parse, "At least 21 days must have elapsed since prior surgery") == ("surgery", ">=", 21, "d")


def test_a_washout_that_has_passed_from_an_event(parse):
    assert _window(parse, "More than 2 weeks have passed from the last dose of radiotherapy")[1:] == (">", 2, "wk")


def test_an_age_subgroup_of_a_threshold_is_an_age_comparison(parse):
    criterion = only_criterion(parse, "Lansky ≥ 50% for patients < 16 years of age")
    when = criterion.expr.when
    assert isinstance(when, Comparison)
    assert (when.measure, when.op, when.value, when.unit) == ("age", "<", 16, "a")


def test_a_comparator_word_typed_against_its_number(parse):
    assert item_comparisons(parse, "Age greater than or equal to21 years") == [("age", ">=", 21, "a")]


def test_a_roman_numeral_ten_used_as_a_multiplier(parse):
    assert _unit(parse, "Neutrophils > 1.2ⅹ109/L") == "10*9/L"


def test_a_bracket_restating_a_window_is_part_of_it(parse):
    criterion = only_criterion(parse, "No major surgery within 21 days (≤ 21 days) prior to enrolment")
    assert criterion.expr.within.text == "within 21 days (≤ 21 days)"


def test_the_event_of_a_washout_follows_a_bracket_restating_its_duration(parse):
    item = "At least 28 days (4 weeks) must have elapsed from prior radiotherapy"
    assert _window(parse, item) == ("radiotherapy", ">=", 28, "d")


def test_is_required_from_an_event_is_a_washout(parse):
    assert _window(parse, "At least 6 weeks is required from prior mitomycin C")[1:] == (">=", 6, "wk")


def test_a_subgroup_defined_by_a_lab_threshold_is_that_comparison(parse):
    criterion = only_criterion(parse, "CrCl ≥ 50 mL/min for patients with creatinine > 1.2 x ULN")
    when = criterion.expr.when
    assert (when.measure, when.op, when.value, when.relative_to) == ("serum creatinine", ">", 1.2, "ULN")


def test_a_second_sex_specific_bound_after_an_ampersand_is_kept(parse):
    found = item_comparisons(parse, "Hemoglobin ≥ 13 g/dL for men & ≥ 12 g/dL for women")
    assert [f[2] for f in found] == [13, 12]


def test_a_performance_status_in_percent_is_a_karnofsky_score(parse):
    assert item_comparisons(parse, "Performance status > or = 70%") == [("Karnofsky performance status", ">=", 70, "%")]


def test_a_lone_bound_on_a_bare_number_in_an_exclusion_is_the_age(parse):
    assert item_comparisons(parse, "Under 21", "exclusion") == [("age", "<", 21, "a")]


def test_a_multiplier_glued_to_any_limit_abbreviation(parse):
    assert item_comparisons(parse, "AST < 3xULM") == [("aspartate aminotransferase (AST)", "<", 3, "ULN")]


def test_a_power_of_ten_without_its_volume_counts_per_litre(parse):
    assert _unit(parse, "Platelets >= 75x 10(9)") == "10*9/L"


def test_a_power_of_ten_read_as_an_ordinal(parse):
    assert _unit(parse, "ANC at least 1.0 x 10^9th/L") == "10*9/L"


def test_a_protein_creatinine_ratio_without_unit_is_a_bare_number_of_grams_per_gram(parse):
    node = only_criterion(parse, "Urine protein to creatinine ratio < 0.5").expr
    assert (node.unit, node.unit_inferred, node.canonical.value, node.canonical.unit) == ("1", False, 500, "mg/g")


def test_a_protein_creatinine_ratio_in_the_hundreds_is_inferred_in_milligrams_per_gram(parse):
    node = only_criterion(parse, "Urine protein to creatinine ratio < 500").expr
    assert (node.unit, node.unit_inferred) == ("mg/g", True)


def test_a_fever_in_degrees_fahrenheit(parse):
    criterion = only_criterion(parse, "Fever > 100.4 degrees Fahrenheit", "exclusion")
    node = criterion.expr
    assert (node.unit, round(node.canonical.value, 1)) == ("[degF]", 38.0)


@pytest.mark.parametrize(("written", "code"), [("75 K/uL", "10*3/uL"), ("75 K/mm3", "10*3/mm3"),
                                               ("75 x 10^3/uL", "10*3/uL"), ("75 x10^3/mcL", "10*3/uL")])
def test_thousands_per_microlitre_keep_their_own_code_with_the_canonical_beside_it(parse, written, code):
    (criterion,) = parse(one_item(f"Platelets > {written}")).inclusion
    node = criterion.expr
    assert (node.unit, node.canonical.unit, node.canonical.value) == (code, "10*9/L", 75)


def test_a_protein_creatinine_ratio_named_with_a_slash_is_not_the_dipstick(parse):
    (found,) = item_comparisons(parse, "Urine protein/creatinine (UPC) ratio ≤ 1.0")
    assert found[0] == "urine protein to creatinine ratio"


def test_since_prior_and_no_concurrent_names_the_washed_out_therapy(parse):
    concept, op, value, unit = _window(parse, "At least 3 weeks since prior and no concurrent immunotherapy")
    assert "immunotherapy" in concept and (op, value, unit) == (">=", 3, "wk")


def test_the_washout_idiom_is_not_a_negated_event(parse):
    criterion = only_criterion(parse, "At least 3 weeks since prior and no concurrent immunotherapy")
    assert criterion.expr.negated is False


@pytest.mark.parametrize(("text", "value_and_unit"), [
    ("Steroids for longer than 10 consecutive days", (10, "d")),
    ("Pregnant women at fewer than 20 completed weeks of gestation", (20, "wk"))])
def test_a_word_qualifying_the_period_keeps_the_unit(parse, text, value_and_unit):
    assert item_comparisons(parse, text)[0][2:] == value_and_unit


def test_a_value_written_before_an_abbreviated_blood_pressure(parse):
    found = item_comparisons(parse, "150 mmHg ≤ msSBP ≤ 180 mmHg")
    assert found == [("systolic blood pressure", ">=", 150, "mm[Hg]"), ("systolic blood pressure", "<=", 180, "mm[Hg]")]


def test_creatinine_phosphokinase_is_not_creatinine(parse):
    assert item_comparisons(parse, "Creatinine phosphokinase ≤ 2.5 x ULN")[0][0] == "creatine kinase"


def test_visual_acuity_in_letters(parse):
    found = item_comparisons(parse, "BCVA of 70 letters or less")
    assert found == [("best-corrected visual acuity", "<=", 70, "{letters}")]


def test_a_reference_range_is_not_a_criterion(parse):
    assert item_comparisons(parse, "Abnormal kappa/lambda ratio (reference 0.3-1.7)") == []


def test_inclusive_after_a_range_names_nothing(parse):
    assert item_comparisons(parse, "BMI within the range of 19-32 inclusive")[0][0] == "body mass index"


def test_a_roman_stage_after_a_comparator(parse):
    assert item_comparisons(parse, "Tumour stage ≥ III") == [("Tumour stage", ">=", 3, "1")]


def test_a_grade_is_of_the_words_before_it_not_after_without(parse):
    assert item_comparisons(parse, "Neuropathy ≤ grade 1 without pain")[0][0] == "Neuropathy grade"


def test_an_exception_set_off_by_commas_is_not_what_a_duration_bounds(parse):
    (found,) = item_comparisons(parse,
                                "Use of any systemic steroid, other than inhaled budesonide, for more than 10 days")
    assert "systemic steroid" in found[0] and "budesonide" not in found[0]


def test_or_inside_brackets_does_not_make_alternatives(parse):
    item = "Insulin for more than 7 days (consecutive or not) during the 12 weeks before screening"
    criterion = only_criterion(parse, item, "exclusion")
    assert "any" not in criterion.expr.model_dump(by_alias=True)


def test_a_window_after_a_duration_bounds_the_same_event(parse):
    criterion = only_criterion(parse, "Insulin for more than 7 days during the 12 weeks before screening", "exclusion")
    duration, window = criterion.expr.all
    assert window.concept == duration.measure == "Insulin"


def test_greater_or_equal_spelled_with_a_symbol_and_words(parse):
    assert item_comparisons(parse, "Karnofsky > or equal to 70%") == [("Karnofsky performance status", ">=", 70, "%")]


def test_ie_opening_an_aside_names_nothing(parse):
    found = item_comparisons(parse, "Bulky nodes (ie, > 7 cm below the costal margin)")
    assert found == [("Bulky nodes", ">", 7, "cm")]


def test_micrograms_per_minute_is_a_rate(parse):
    assert _unit(parse, "Albumin excretion < 30 ug/min") == "ug/min"


def test_a_second_sex_specific_bound_after_bracketed_asides_keeps_the_measure(parse):
    found = item_comparisons(parse,
                             "QTc greater than 450 millisecond (msec) (males) or greater than 470 msec (females)")
    assert [(f[0], f[2]) for f in found] == [("QTc interval", 450), ("QTc interval", 470)]


def test_a_count_out_of_a_total_counts_the_noun_after_the_total(parse):
    assert item_comparisons(parse, "At least 6 of 28 swollen joints") == [("swollen joints", ">=", 6, "1")]


def test_a_percentile_is_a_threshold(parse):
    assert item_comparisons(parse, "BMI ≥ 85th percentile for age and sex")[0][1:] == (">=", 85, "{percentile}")


def test_maximally_is_an_upper_bound(parse):
    found = item_comparisons(parse, "At least 7 and maximally 17 years of age")
    assert found == [("age", ">=", 7, "a"), ("age", "<=", 17, "a")]


def test_half_lives_are_a_unit_of_washout(parse):
    assert _unit(parse, "Drugs stopped less than 5 half-lives before randomisation") == "{half-life}"


def test_a_zero_padded_number_after_a_dash_is_a_code_not_a_range(parse):
    assert item_comparisons(parse, "Completed study INS011-15-054 through day 11") == []


def test_a_comma_after_a_leading_zero_is_a_decimal_comma(parse):
    """"0,180 mmol/L" is 0.18: a thousands separator never follows a leading zero."""
    assert item_comparisons(parse, "S-creatinine > 0,180 mmol/L", "exclusion") == [
        ("serum creatinine", ">", 0.18, "mmol/L")]


def test_numbered_cohorts_are_labels(parse):
    assert item_comparisons(parse, "Cohorts 1 and 2: adults with asthma") == []


@pytest.mark.parametrize("item", ["Antiemetics given on Day 1 or between Days 2 to 4 of the cycle",
                                  "Radiotherapy planned on study days 3-6"])
def test_a_range_of_study_days_is_a_label_not_a_threshold(parse, item):
    assert item_comparisons(parse, item, "exclusion") == []


def test_a_degree_sign_typed_as_a_quote(parse):
    assert item_comparisons(parse, 'Fever greater than 100.4"F')[0][1:] == (">", 100.4, "[degF]")


def test_a_duration_after_a_threshold_of_another_dimension_is_how_long_the_named_thing_lasts(parse):
    found = item_comparisons(parse, "Fever above 38.5 °C for at least 3 days")
    assert found == [("body temperature", ">", 38.5, "Cel"), ("Fever", ">=", 3, "d")]


def test_a_measure_named_after_the_unit_with_in(parse):
    assert item_comparisons(parse, "Lesion less than 3 cm in diameter") == [("tumor diameter", "<", 3, "cm")]


def test_a_bound_coordinated_with_one_whose_measure_follows_shares_it(parse):
    found = item_comparisons(parse, "under 45 kg or over 120 kg in weight")
    assert found == [("body weight", "<", 45, "kg"), ("body weight", ">", 120, "kg")]


def test_a_grading_system_version_between_comparator_and_grade_is_read_past(parse):
    found = item_comparisons(parse, "Bleeding greater than or equal to NCI CTCAE v.4.0 grade 2")
    assert found == [("Bleeding grade", ">=", 2, "1")]


def test_a_number_word_restated_in_digits(parse):
    assert item_comparisons(parse, "Life expectancy of at least six (6) months") == [("life expectancy", ">=", 6, "mo")]


def test_a_power_of_ten_written_with_a_tilde(parse):
    assert _unit(parse, "Platelets ≥ 75×10~9/L") == "10*9/L"


def test_a_lab_named_after_its_value_with_of(parse):
    assert item_comparisons(parse, "40 mg/dL and above of BUN") == [("blood urea nitrogen", ">=", 40, "mg/dL")]


def test_hours_per_day_is_a_unit(parse):
    assert _unit(parse, "Oxygen therapy for more than 2 hours per day") == "h/d"


def test_two_bounds_set_off_by_commas_count_the_noun_after_both(parse):
    found = item_comparisons(parse, "Has received at least 2, but no more than 4, prior regimens of chemotherapy")
    assert [(f[1], f[2]) for f in found] == [(">=", 2), ("<=", 4)]
    assert all("regimens of chemotherapy" in f[0] for f in found)


def test_years_old_abbreviated_with_dots(parse):
    assert item_comparisons(parse, "> 21 y.o.") == [("age", ">", 21, "a")]


def test_hba1c_restated_in_mmol_per_mol_keeps_its_measure(parse):
    found = item_comparisons(parse, "HbA1c ≥ 7.0% (≥ 53 mmol/mol)")
    assert [(f[0], f[3]) for f in found] == [("hemoglobin A1c", "%"), ("hemoglobin A1c", "mmol/mol")]


def test_a_heading_naming_two_measures_gives_each_threshold_the_one_its_unit_fits(parse):
    text = ("Inclusion Criteria:\n\n  -  Creatinine clearance ≥ 60 mL/min or creatinine by age as follows:\n\n"
            "       -  ≤ 0.7 mg/dL\n")
    assert ("serum creatinine", "<=", 0.7, "mg/dL") in comparisons(parse(text))


def _table(*rows: str) -> str:
    """A creatinine table by age and sex, as pediatric protocols write it, under a heading naming two labs."""
    return ("Inclusion Criteria:\n\n  -  GFR ≥ 80 mL/min or a serum creatinine by age and sex as follows:\n\n"
            + "".join(f"       -  {row}\n\n" for row in rows))


@pytest.mark.parametrize("row", ["0.9 mg/dL (8 to < 12 years of age)", "8 to < 12 years: 0.9 (male), 0.8 (female)",
                                 "0.9 mg/dL (male) or 0.8 mg/dL (female)"])
def test_the_bare_values_of_a_table_under_a_lab_are_bounded_as_the_lab_is_in_a_list(parse, row):
    """Rows of values give maximums of the lab named last before "as follows" (not the GFR's minimum)."""
    found = [c for c in comparisons(parse(_table(row))) if c[0] == "serum creatinine"]
    assert found[0] == ("serum creatinine", "<=", 0.9, "mg/dL")


def _row_subgroups(parse, row: str) -> list[list[tuple[str, str, float]]]:
    criterion = parse(_table(row)).inclusion[1]
    return [[(n.measure, n.op, n.value) if isinstance(n, Comparison) else (n.concept, "", 0.0)
             for n in iter_nodes(c.when) if isinstance(n, Comparison | Concept)]
            for c in iter_nodes(criterion.expr, conditions=False) if isinstance(c, Comparison)]


def test_a_label_of_ages_before_a_tables_row_is_the_subgroup_of_each_of_its_values(parse):
    """"8 to < 12 years: 0.9 (male), 0.8 (female)": each value holds for those ages and its sex, no age is required."""
    subgroups = _row_subgroups(parse, "8 to < 12 years: 0.9 (male), 0.8 (female)")
    assert [s[-1][0] for s in subgroups] == ["male", "female"]
    assert all(("age", ">=", 8) in s and ("age", "<", 12) in s for s in subgroups)


def test_ages_in_brackets_closing_a_tables_row_are_the_subgroup_of_each_of_its_values(parse):
    subgroups = _row_subgroups(parse, "0.9 mg/dL (male) or 0.8 mg/dL (female) (8 to < 12 years of age)")
    assert len(subgroups) == 2 and all(("age", "<", 12) in s for s in subgroups)


def test_an_age_before_a_colon_outside_a_table_stays_a_requirement(parse):
    criterion = only_criterion(parse, "Age ≥ 21 years: ECOG 0-1")
    found = [n for n in iter_nodes(criterion.expr) if isinstance(n, Comparison)]
    assert found[0].measure == "age" and all(n.when is None for n in found)


@pytest.mark.parametrize("row", ["1.6 mg/dL for ages 17 and older", "17 years and older: 1.6 (male), 1.3 (female)"])
def test_an_age_with_its_own_comparator_leaves_the_rows_value_bounded(parse, row):
    found = [c for c in comparisons(parse(_table(row))) if c[0] == "serum creatinine"]
    assert found[0] == ("serum creatinine", "<=", 1.6, "mg/dL")


def test_a_row_whose_first_value_is_no_rows_value_is_not_read_after_its_sex(parse):
    """"Teenagers: 1.5 mg/dL (male), 1.4 mg/dL (female)": a label other than ages; not the female value alone."""
    found = comparisons(parse(_table("Teenagers: 1.5 mg/dL (male), 1.4 mg/dL (female)")))
    assert [c for c in found if c[0] == "serum creatinine"] == []


def test_the_values_of_a_tables_row_each_hold_for_their_own_subgroup(parse):
    """"0.9 mg/dL (male) or 0.8 mg/dL (female) (8 to < 12 years)": both hold, each for its sex (all, not any)."""
    criterion = parse(_table("0.9 mg/dL (male) or 0.8 mg/dL (female) (8 to < 12 years of age)")).inclusion[1]
    assert isinstance(criterion.expr, AllOf)
    assert [(c.measure, c.value, c.when is not None) for c in criterion.expr.all if isinstance(c, Comparison)] == [
        ("serum creatinine", 0.9, True), ("serum creatinine", 0.8, True)]


def test_alternatives_between_labs_in_a_tables_row_stay_alternatives(parse):
    text = ("Inclusion Criteria:\n\n  -  Serum creatinine or creatinine clearance by age as follows:\n\n"
            "       -  Age ≥ 18 years: serum creatinine ≤ 1.5 mg/dL or creatinine clearance ≥ 60 mL/min\n")
    assert isinstance(parse(text).inclusion[1].expr, AnyOf)


def test_a_rows_value_with_a_comparator_of_its_own_is_no_bare_value_of_the_table(parse):
    """"2 g/dL, or ≥ 3 g/dL if symptomatic": the row bounds its second value itself; the first is no maximum."""
    heading = "Inclusion Criteria:\n\n  -  Hemoglobin ≥ 9 g/dL; transfusion allowed as follows:\n"
    found = comparisons(parse(f"{heading}\n       -  2 g/dL, or ≥ 3 g/dL if symptomatic\n"))
    assert ("hemoglobin", ">=", 2, "g/dL") not in found


def test_a_table_by_gestational_age_has_no_rows_by_the_persons_age(parse):
    """"28 weeks or more: 11 g/dL" under a heading by gestational age: weeks of a pregnancy, no table row by age."""
    text = ("Inclusion Criteria:\n\n  -  Hemoglobin by gestational age as follows:\n\n"
            "       -  28 weeks or more: 11 g/dL\n")
    assert ("hemoglobin", ">=", 11, "g/dL") not in comparisons(parse(text))


def test_a_table_by_age_in_weeks_bounds_each_value_for_its_ages(parse):
    text = "Inclusion Criteria:\n\n  -  Hemoglobin by age as follows:\n\n       -  0 to < 4 weeks: 13 g/dL\n"
    (found,) = [n for n in iter_nodes(parse(text).inclusion[1].expr, conditions=False) if isinstance(n, Comparison)]
    assert (found.measure, found.op, found.value, found.when is not None) == ("hemoglobin", ">=", 13, True)


@pytest.mark.parametrize(("heading", "row"), [
    ("Hemoglobin:", "Target after transfusion: 10 g/dL"),
    ("Hemoglobin ≥ 9 g/dL; transfusion allowed if:", "2 g/dL drop or less since baseline"),
    ("Serum creatinine, per institutional normal ranges:", "Note: 1.5 mg/dL is the upper limit for adults"),
    ("Serum creatinine as follows:", "5 of the listed conditions"),
])
def test_a_value_that_is_no_row_of_a_table_is_not_bounded_by_the_heading(parse, heading, row):
    """Not a label other than ages, a change, a value said to be something, nor a number without its unit."""
    heading_alone = f"Inclusion Criteria:\n\n  -  {heading}\n"
    assert comparisons(parse(f"{heading_alone}\n       -  {row}\n")) == comparisons(parse(heading_alone))


def test_a_bracket_of_ages_after_a_threshold_is_its_subgroup(parse):
    criterion = only_criterion(parse, "Creatinine ≤ 1.0 mg/dL (6 to 9 years of age)")
    assert criterion.expr.when is not None
    assert [c.measure for c in criterion.expr.when.all] == ["age", "age"]


def test_labs_named_after_the_multiple_past_linking_words_share_it(parse):
    found = item_comparisons(parse, "Abnormal chemistry (≥ 2 fold of normal upper limit in the levels of SGOT, SGPT)")
    assert found == [("aspartate aminotransferase (AST)", ">=", 2, "ULN"),
                     ("alanine aminotransferase (ALT)", ">=", 2, "ULN")]


def test_calories_per_day(parse):
    assert _unit(parse, "Caloric intake of ≥ 1,200 calories/day") == "cal/d"


def test_a_symbol_in_square_brackets_after_comparator_words(parse):
    assert item_comparisons(parse, "Metformin greater than equal to [>=] 1000 mg/day")[0][1:] == (">=", 1000, "mg/d")


def test_a_list_of_labs_across_commas_shares_the_threshold(parse):
    found = item_comparisons(parse, "AST, ALT, or bilirubin > 2 x ULN")
    assert [f[0] for f in found] == ["aspartate aminotransferase (AST)", "alanine aminotransferase (ALT)",
                                     "total bilirubin"]


def test_a_label_before_a_comma_is_not_a_listed_measure(parse):
    found = item_comparisons(parse, "Uncontrolled blood pressure, systolic blood pressure > 150 mmHg")
    assert found == [("systolic blood pressure", ">", 150, "mm[Hg]")]


def test_a_second_duration_of_the_same_thing_keeps_it(parse):
    found = item_comparisons(parse, "Symptoms of a depressive episode for less than 30 days or more than 2 years")
    assert len(found) == 2 and found[0][0] == found[1][0] and "depressive episode" in found[0][0]


def test_units_spelled_out_compose(parse):
    assert _unit(parse, "BMI < 32 kg/meter^2") == "kg/m2"
    assert _unit(parse, "Triglycerides > 300 mg/deciliter") == "mg/dL"
    assert _unit(parse, "Prednisone > 10 mg daily") == "mg/d"


def test_sub_items_without_a_measure_bound_what_the_item_above_counts(parse):
    text = ("Inclusion Criteria:\n\n  -  At least 1 measurable lesion\n\n"
            "       -  At least 15 mm by MRI or at least 10 mm by spiral CT\n")
    found = comparisons(parse(text))
    assert [(f[0], f[2], f[3]) for f in found] == [("measurable lesion", 1, "1"), ("measurable lesion", 15, "mm"),
                                                   ("measurable lesion", 10, "mm")]


def test_the_grading_systems_full_name_is_read_past(parse):
    item = "Chronic diarrhea (defined as ≥ Common Terminology Criteria for Adverse Events [CTCAE] grade 2)"
    found = item_comparisons(parse, item)
    assert found == [("Chronic diarrhea grade", ">=", 2, "1")]


def test_a_bracketed_bound_with_another_comparator_is_its_own_bound(parse):
    assert item_comparisons(parse, "Age ≥ 18 years (< 75 years)") == [("age", ">=", 18, "a"), ("age", "<", 75, "a")]


def test_an_idiom_continuation_needs_the_recency_word(parse):
    concept, *_ = _window(parse, "At least 4 weeks since surgery and no evidence of infection")
    assert concept == "surgery"


def test_a_bracket_naming_age_without_an_age_is_not_a_subgroup(parse):
    criterion = only_criterion(parse, "CrCl ≥ 60 mL/min (Cockcroft-Gault using age and weight)")
    assert criterion.expr.when is None


def test_a_parent_measure_of_another_dimension_is_not_inherited(parse):
    text = "Inclusion Criteria:\n\n  -  Hemoglobin ≥ 9 g/dL\n\n       -  3 or more\n"
    assert all(f[0] != "hemoglobin" or f[2] == 9 for f in comparisons(parse(text)))


def test_a_power_of_ten_other_than_a_blood_count_gets_no_volume(parse):
    (found,) = item_comparisons(parse, "CD34+ cells ≥ 2 x 10^6 per kg")
    assert found[3] != "10*6/uL"


def test_a_closing_bracket_glued_to_the_number(parse):
    found = item_comparisons(parse, "ALT greater than (>)2 the upper limits of normal")
    assert found == [("alanine aminotransferase (ALT)", ">", 2, "ULN")]


def test_level_between_a_lab_and_its_multiple(parse):
    assert item_comparisons(parse, "Bilirubin level 1.2x the upper limits of normal")[0][1:] == ("<=", 1.2, "ULN")


def test_a_lone_duration_is_judged_in_the_measures_own_unit(parse):
    assert item_comparisons(parse, "More than 100 days") == [("life expectancy", ">", 100, "d")]


def test_a_number_and_a_half_in_words(parse):
    found = item_comparisons(parse, "ALT greater than two and a half times the upper limit of normal")
    assert found == [("alanine aminotransferase (ALT)", ">", 2.5, "ULN")]


@pytest.mark.parametrize("item", [
    "Serum SGOT, SGPT above 3 x ULN",
    "Aspartate aminotransferase (AST), alanine aminotransferase (ALT) more than 2.5 times the ULN",
])
def test_two_labs_set_apart_by_a_comma_alone_share_the_limit(parse, item):
    found = item_comparisons(parse, item, "exclusion")
    assert {c[0] for c in found} == {"aspartate aminotransferase (AST)", "alanine aminotransferase (ALT)"}


@pytest.mark.parametrize(("item", "measure"), [
    ("Aged between 20 and 60 years of age, BMI below 35", "body mass index"),
    ("Poorly controlled blood pressure, systolic blood pressure over 150 mmHg", "systolic blood pressure"),
    ("Haemoglobin below 10 g/dL, neutrophils, platelets below 100 x 10^9/L", "platelet count"),
    ("Neutrophils above 1.5 x 10^9/L, platelets above 150 x 10^9/L", "platelet count"),
])
def test_a_name_before_a_comma_does_not_share_a_limit_it_cannot_take(parse, item, measure):
    """Another kind of measure, the same measure named twice, a value implausible for it, or a bound of its own."""
    last_value = item_comparisons(parse, item, "exclusion")[-1][2]
    bounded = [c[0] for c in item_comparisons(parse, item, "exclusion") if c[2] == last_value]
    assert bounded == [measure]


@pytest.mark.parametrize(("item", "measures"), [
    ("Aspartate or alanine aminotransferase above 3 times the ULN",
     {"aspartate aminotransferase (AST)", "alanine aminotransferase (ALT)"}),
    ("Direct or total bilirubin over 2 mg/dL", {"direct bilirubin", "total bilirubin"}),
])
def test_a_word_coordinated_before_a_lab_name_shares_its_head_noun(parse, item, measures):
    assert {c[0] for c in item_comparisons(parse, item, "exclusion")} == measures


@pytest.mark.parametrize(("item", "measure"), [
    ("Serum glutamic pyruvate transaminase below 3 x ULN", "alanine aminotransferase (ALT)"),
    ("Serum glutamic oxaloacetate transaminase below 3 x ULN", "aspartate aminotransferase (AST)"),
    ("Glutamate pyruvate transaminase below 3 x ULN", "alanine aminotransferase (ALT)"),
    ("Alanine transferase below 3 x ULN", "alanine aminotransferase (ALT)"),
    ("Aspartate transferase below 3 x ULN", "aspartate aminotransferase (AST)"),
])
def test_the_old_names_of_the_transaminases_in_either_spelling(parse, item, measure):
    assert [c[0] for c in item_comparisons(parse, item)] == [measure]


@pytest.mark.parametrize(("item", "measure"), [
    ("Serum calcium (corrected for albumin) below 12 mg/dL", "calcium"),
    ("Calcium (adjusted for albumin) below 12 mg/dL", "calcium"),
])
def test_the_measure_a_value_is_corrected_for_is_not_the_one_bounded(parse, item, measure):
    assert [c[0] for c in item_comparisons(parse, item)] == [measure]


@pytest.mark.parametrize("written", ["4/mm2", "4 per mm^2", "4/mm²", "4 cells/mm^2"])
def test_a_count_per_square_millimetre_is_per_area_not_per_volume(parse, written):
    assert _unit(parse, f"Tumour mitoses ≥ {written}") == "/mm2"


@pytest.mark.parametrize(("written", "code"), [("250 pM", "pmol/L"), ("30 nM", "nmol/L")])
def test_molar_concentrations_written_with_a_capital_m_keep_their_prefix(parse, written, code):
    assert _unit(parse, f"Fasting insulin < {written}") == code


@pytest.mark.parametrize(("written", "code"), [("5 mSv", "mSv"), ("20 millisieverts", "mSv"), ("1 Sv", "Sv")])
def test_radiation_exposure_is_in_sieverts(parse, written, code):
    assert _unit(parse, f"Occupational radiation exposure above {written}") == code


def test_litres_per_minute_written_lpm_is_a_flow(parse):
    assert _unit(parse, "Supplemental oxygen above 3 LPM") == "L/min"


@pytest.mark.parametrize(("text", "measure"), [
    ("At least 2 years duration of the current depressive episode", "duration of the current depressive episode"),
    ("Patient has at least 1 year history of cluster headache", "cluster headache"),
    ("Patients with more than 2 years freedom from seizures", "freedom"),
    ("Patients with at least 5 years remission of lymphoma", "remission of lymphoma"),
])
def test_years_before_a_word_of_a_span_are_how_long_it_lasted(parse, text, measure):
    assert [c[0] for c in item_comparisons(parse, text)] == [measure]


@pytest.mark.parametrize("text", ["Subjects 40-65 years history of smoking",
                                  "Women 45-55 years postmenopausal with amenorrhea"])
def test_years_right_after_persons_stay_their_age_whatever_word_follows(parse, text):
    assert [c[0] for c in item_comparisons(parse, text)] == ["age", "age"]


def test_years_of_a_disease_named_by_a_code_with_digits_are_no_age(parse):
    assert item_comparisons(parse, "DM2 for at least 3 years") == [("DM2", ">=", 3, "a")]


def test_years_before_an_open_ending_stay_an_age(parse):
    assert item_comparisons(parse, "Patients 18 years or older") == [("age", ">=", 18, "a")]


def test_a_list_number_glued_to_its_item_is_not_part_of_the_first_word(parse):
    found = item_comparisons(parse, "1.Age ≥ 80 years 2.Brain metastasis", "exclusion")
    assert found == [("age", ">=", 80, "a")]


@pytest.mark.parametrize(("text", "measure"), [
    ("No response to a 2 to 3 month trial of darbepoetin", "trial of darbepoetin"),
    ("Failed at least a 6-week course of prednisolone", "course of prednisolone"),
    ("Received at least 8 weeks of treatment with mesalazine", "treatment with mesalazine"),
    ("Received at least 8 weeks of prior treatment with budesonide", "treatment with budesonide"),
])
def test_a_duration_before_a_course_of_something_is_how_long_that_course_lasted(parse, text, measure):
    assert {found[0] for found in item_comparisons(parse, text)} == {measure}


def test_a_period_of_something_after_an_age_names_its_own_event(parse):
    found = item_comparisons(parse, "Aged 50 years or more with ≥ 24 months of hormone replacement therapy")
    assert found[1][:3] == ("hormone replacement therapy", ">=", 24)


def test_a_period_of_something_after_an_age_is_no_age(parse):
    found = item_comparisons(parse, "Aged 50 years or more with at least 2 years of type 1 diabetes")
    assert [(op, value, unit) for measure, op, value, unit in found if measure == "age"] == [(">=", 50, "a")]


def test_a_generic_interval_before_an_anchor_is_named_with_the_event_after_it(parse):
    found = item_comparisons(parse, "Less than a three week interval since prior immunotherapy", "exclusion")
    assert found == [("interval since prior immunotherapy", "<", 3, "wk")]


@pytest.mark.parametrize(("item", "event"), [
    ("Bone scan results, where available, assessed within 6 weeks before registration", "Bone scan results"),
    ("Any antiviral therapy, if taken, discontinued at least 2 weeks before day 1", "antiviral therapy"),
    ("Fasting glucose ≥ 126 mg/dL (must be measured within 35 days prior to Day 0)", "Fasting glucose"),
])
def test_a_participle_of_how_a_value_was_got_names_nothing(parse, item, event):
    """"assessed", "measured", "discontinued": how or when a thing was measured or stopped, not the thing."""
    assert windows(parse(one_item(item)))[0][0] == event


def test_a_list_lead_still_dates_each_item_under_it(parse):
    text = ("Exclusion Criteria:\n\n  -  Received any of the following within 21 days before the first dose of "
            "melphalan:\n\n       -  Interferon\n\n       -  Hydroxyurea\n")
    assert [w[0] for w in windows(parse(text), "exclusion")] == ["Interferon", "Hydroxyurea"]


def test_a_volume_of_something_bounds_what_it_is_a_volume_of(parse):
    found = item_comparisons(parse, "A total of more than 400 mL of plasma donated", "exclusion")
    assert found == [("plasma donated", ">", 400, "mL")]


def test_a_volume_of_something_keeps_a_measure_named_before_it(parse):
    found = item_comparisons(parse, "Post-void residual volume above 150 mL of urine", "exclusion")
    assert found == [("Post-void residual volume", ">", 150, "mL")]


def test_generic_words_before_a_lasting_state_do_not_name_its_duration(parse):
    found = item_comparisons(parse, "A documented 12-month history of chronic cough")
    assert found == [("chronic cough", ">=", 12, "mo")]


def test_a_lexicon_measure_in_the_noun_an_extremum_bounds_is_what_it_bounds(parse):
    assert item_comparisons(parse, "Minimum screening MADRS score of 20") == [
        ("Montgomery-Åsberg Depression Rating Scale (MADRS)", ">=", 20, "1")]


def test_a_name_with_its_abbreviation_in_brackets_is_one_extremum_noun(parse):
    text = "Minimum baseline Hamilton Depression Rating Scale (HAM-D) score of 18"
    assert item_comparisons(parse, text) == [("Hamilton Depression Rating Scale (HAM-D)", ">=", 18, "1")]


def test_a_change_named_in_an_extremum_noun_is_no_reading_of_its_scale(parse):
    assert not [found for found in item_comparisons(parse, "Minimum MADRS change score of 10") if "MADRS" in found[0]]


def test_a_lead_to_a_list_may_end_in_when_its_values_are_taken(parse):
    text = ("Elevations greater than two times the upper limit of normal in any of the following laboratory values at "
            "Visit 2: ALT, AST or bilirubin")
    assert [found[0] for found in item_comparisons(parse, text, "exclusion")] == [
        "alanine aminotransferase (ALT)", "aspartate aminotransferase (AST)", "total bilirubin"]


def test_a_washout_that_must_have_elapsed_if_there_was_a_prior_event_dates_that_event(parse):
    found = windows(parse(one_item("At least 3 months must have elapsed if prior stem cell transplant")))
    assert found == [("stem cell transplant", ">=", 3, "mo", False)]


@pytest.mark.parametrize("text", ["Bronchodilator response: rise in FEV1 of at least 15% and at least 250 mL",
                                  "Rise in FEV1 of at least 15% (and at least 250 mL) after salbutamol"])
def test_a_bound_in_another_unit_joined_to_the_one_before_bounds_the_same_thing(parse, text):
    assert [(c[0], c[3]) for c in item_comparisons(parse, text)][1] == ("FEV1", "mL")


def test_an_abbreviated_physical_status_is_the_anaesthesiologists_not_a_performance_status(parse):
    text = "American Society of Anesthesiologists physical status (ASA PS) 1-3"
    assert {c[0] for c in item_comparisons(parse, text)} == {"ASA physical status"}


@pytest.mark.parametrize("text", ["Age 21", "Subjects must be 21 years old", "Subjects must be 21 years of age"])
def test_an_age_said_bare_in_an_inclusion_is_the_least_age(parse, text):
    assert [c[1:] for c in item_comparisons(parse, text)] == [(">=", 21, "a")]


@pytest.mark.parametrize("text", ["Symptoms of inattention by age 7", "Onset of symptoms around age 7",
                                  "Bone age 7 years", "Diabetes diagnosed in childhood (age 7)"])
def test_an_age_that_is_not_the_persons_own_is_no_least_age(parse, text):
    assert (">=", 7, "a") not in [c[1:] for c in item_comparisons(parse, text)]


def test_a_list_number_after_an_age_is_no_second_age(parse):
    found = item_comparisons(parse, "1. Female, ≥ 12 years of age 3. Documented asthma")
    assert [c[1:] for c in found if c[0] == "age"] == [(">=", 12, "a")]


@pytest.mark.parametrize(("text", "expected"), [
    ("Children between 3 months and 2 years", [(">=", 3, "mo"), ("<=", 2, "a")]),
    ("Adults between age 21 and 70", [(">=", 21, "a"), ("<=", 70, "a")]),
])
def test_a_range_of_ages_across_units_or_after_the_word_age(parse, text, expected):
    assert [c[1:] for c in item_comparisons(parse, text)] == expected


def test_a_bracketed_period_for_an_age_group_is_that_groups_own_not_the_group_of_the_first(parse):
    text = "Asthma for at least 12 months (6 months for children 4 to 5 years of age)"
    found = [node for node in iter_nodes(only_criterion(parse, text).expr) if isinstance(node, Comparison)]
    assert [node.value for node in found if node.measure == "Asthma"] == [12, 6]


def test_an_amount_after_a_bound_that_is_no_share_takes_no_words_from_it(parse):
    found = item_comparisons(parse, "Serum M-protein ≥ 1 g/dL, or ≥ 200 mg")
    assert [c[0] for c in found] == ["serum M-protein"]


def test_a_range_opened_by_between_may_name_its_high_end_first(parse):
    found = item_comparisons(parse, "Visual acuity between 70 and 35 letters in the study eye")
    assert [c[1:3] for c in found] == [(">=", 35), ("<=", 70)]


@pytest.mark.parametrize("text", ["Karnofsky performance score 60", "KPS 60"])
def test_a_bare_karnofsky_score_in_an_inclusion_is_the_least_score(parse, text):
    assert [c[1:3] for c in item_comparisons(parse, text)] == [(">=", 60)]


def test_a_bracketed_age_group_with_a_condition_is_the_group_a_threshold_is_for(parse):
    criterion = only_criterion(parse, "Creatinine ≤ 0.8 mg/dL (2 to 5 years of age for boys)")
    assert isinstance(criterion.expr, Comparison) and criterion.expr.when is not None


def test_a_letter_l_typed_for_a_leading_one_is_read_as_one(parse):
    assert item_comparisons(parse, "Absolute neutrophil count ≥ l200/µL") == [
        ("absolute neutrophil count", ">=", 1200, "/uL")]


def test_a_gene_variant_named_with_a_capital_l_is_no_number(parse):
    assert item_comparisons(parse, "Documented EGFR L858R mutation") == []


def test_exceeded_is_a_comparator(parse):
    found = item_comparisons(parse, "Hyperkalaemia (potassium has exceeded 6.0 mmol/L)", "exclusion")
    assert [c[1:3] for c in found] == [(">", 6.0)]


def test_not_exceeded_is_at_most(parse):
    found = item_comparisons(parse, "Cumulative doxorubicin dose has not exceeded 400 mg/m2")
    assert [c[1:3] for c in found] == [("<=", 400)]


@pytest.mark.parametrize(("text", "expected"), [
    ("Haematology: neutrophils 1,000/mm3, platelets 75,000/mm3", [(">=", 1000), (">=", 75000)]),
    ("Organ function: total bilirubin 2.0 mg/dL, creatinine 1.5 mg/dL", [("<=", 2.0), ("<=", 1.5)]),
    ("Adequate function: bilirubin 30 µmol/L, creatinine 130 µmol/L", [("<=", 30), ("<=", 130)]),
])
def test_a_bare_lab_value_in_an_inclusions_list_of_labs_is_a_minimum_or_a_maximum_by_the_lab(parse, text, expected):
    assert [c[1:3] for c in item_comparisons(parse, text)] == expected


@pytest.mark.parametrize("text", ["Immune thrombocytopenia with a platelet count 20,000/µL at screening",
                                  "Acute kidney injury: creatinine 0.5 mg/dL above baseline, platelets 90,000/mm3",
                                  "EGFR 19 deletion and WBC 2 consecutive measurements"])
def test_a_lone_lab_value_or_one_beside_a_reference_is_no_bound(parse, text):
    assert not [c for c in item_comparisons(parse, text) if c[0] in ("platelet count", "serum creatinine")
                and c[2] in (20000, 0.5)]
    assert not [c for c in item_comparisons(parse, text) if "glomerular" in c[0] or "white" in c[0]]


def test_a_bare_lab_value_in_an_exclusion_is_left_for_review(parse):
    assert item_comparisons(parse, "Platelets 75,000/mm3, neutrophils 1,000/mm3", "exclusion") == []


def test_a_lab_value_a_copula_gives_defines_a_limit_and_asks_for_nothing(parse):
    assert item_comparisons(parse, "ALT ≤ 100 U/L (for this study the ULN for ALT is 40 U/L)") == [
        ("alanine aminotransferase (ALT)", "<=", 100, "U/L")]


def test_labs_listed_after_a_limit_each_with_its_abbreviation_in_brackets_all_take_it(parse):
    found = item_comparisons(parse, "Liver enzymes more than 3 times the upper limit of normal for alanine "
                                    "aminotransferase [ALT], aspartate aminotransferase [AST], or alkaline phosphatase "
                                    "[ALP]", "exclusion")
    assert [(measure, op, value) for measure, op, value, _ in found] == [
        ("alanine aminotransferase (ALT)", ">", 3), ("aspartate aminotransferase (AST)", ">", 3),
        ("alkaline phosphatase", ">", 3)]


def test_a_comma_before_the_last_lab_listed_after_a_limit_still_joins_it(parse):
    found = item_comparisons(parse, "Values above 2.5 x ULN for AST, ALT, or alkaline phosphatase", "exclusion")
    assert len(found) == 3


@pytest.mark.parametrize(("item", "section", "joined"), [
    ("Above 3 x ULN for AST or ALT", "exclusion", AnyOf),
    ("At most 2.5 x ULN for AST and ALT", "inclusion", AllOf),
    # an inclusion's upper limit on labs joined by "or" bounds each of them; a lower one names alternatives
    ("At most 2.5 x ULN for AST or ALT", "inclusion", AllOf),
    ("AST or ALT at most 2.5 x ULN", "inclusion", AllOf),
    ("Creatinine clearance or eGFR of at least 60 mL/min", "inclusion", AnyOf),
    ("Karnofsky or Lansky at least 60", "inclusion", AnyOf),
])
def test_labs_listed_after_a_limit_share_it_as_their_conjunction_says(parse, item, section, joined):
    assert isinstance(only_criterion(parse, item, section).expr, joined)
