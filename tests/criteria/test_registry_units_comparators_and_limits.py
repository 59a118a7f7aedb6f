"""Registry shorthand for values: units written or inferred, comparator wordings, ULN multiples, shared limits."""

from __future__ import annotations

import pytest

from parser.models.criteria import AllOf, AnyOf, Comparison
from parser.models.walk import iter_nodes
from tests.criteria.conftest import comparisons, item_comparisons, one_item, only_criterion, windows


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


@pytest.mark.parametrize(("item", "unit"), [
    ("HbA1c of at most 64", "mmol/mol"), ("HbA1c of at most 8.5", "%"),
    ("Corrected calcium above 2.9", "mmol/L"), ("Corrected calcium above 11.5", "mg/dL"),
    ("LDL cholesterol above 4.1", "mmol/L"), ("LDL cholesterol above 160", "mg/dL"),
    ("Fasting triglycerides above 4.5", "mmol/L"), ("Serum uric acid above 420", "umol/L"),
])
def test_a_lab_written_in_either_of_its_conventional_units_is_read_in_the_one_its_magnitude_fits(parse, item, unit):
    """HbA1c in % or IFCC mmol/mol, lipids and calcium in mg/dL or mmol/L: the magnitudes do not overlap."""
    node = _only(parse(one_item(item)))
    assert (node.unit, node.unit_inferred) == (unit, True)


def test_a_lab_value_fitting_none_of_its_units_is_left_without_one(parse):
    """"HbA1c above 300" is neither a percentage nor mmol/mol anyone has: no unit is guessed."""
    node = _only(parse(one_item("HbA1c above 300")))
    assert (node.unit, node.unit_inferred) == ("{unspecified}", False)


def test_a_bare_number_of_a_smoking_history_in_pack_years_is_in_pack_years(parse):
    node = _only(parse(one_item("Cigarette smoking history in pack-years above 15")))
    assert (node.measure, node.unit, node.unit_inferred) == ("smoking history in pack-years", "{pack-years}", True)


@pytest.mark.parametrize("item", ["Tobacco use ≥ 15 PY", "≥ 15 pack-yr smoking history"])
def test_pack_years_abbreviated(parse, item):
    assert _only(parse(one_item(item))).unit == "{pack-years}"


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


def test_the_aside_closing_right_before_a_threshold_is_the_one_the_name_stands_before(parse):
    item = "Pain Catastrophizing Scale (PCS) total score (using the first 5 items only) of 20 or more"
    (found,) = item_comparisons(parse, item)
    assert found[1:] == (">=", 20, "1") and "Pain Catastrophizing Scale" in found[0]


def test_a_decimal_broken_by_a_space_before_a_multiplier(parse):
    assert item_comparisons(parse, "ALT < 2. 5x ULN") == [("alanine aminotransferase (ALT)", "<", 2.5, "ULN")]


def test_then_typed_for_than_is_a_comparator(parse):
    assert item_comparisons(parse, "Bilirubin less then 2 mg/dL") == [("total bilirubin", "<", 2, "mg/dL")]


@pytest.mark.parametrize(("text", "expected"), [
    ("Aged older then 50 years", ("age", ">", 50, "a")),
    ("Child-Pugh score equal to or less then 7", ("Child-Pugh score", "<=", 7, "1")),
])
def test_then_typed_for_than_in_an_age_or_an_inclusive_comparator(parse, text, expected):
    assert item_comparisons(parse, text) == [expected]


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


def test_names_joined_across_bracketed_asides_share_the_threshold(parse):
    item = "Aspartate aminotransferase (AST) [SGOT] / alanine aminotransferase (ALT) [SGPT] ≤ 3 x ULN"
    assert item_comparisons(parse, item) == [("aspartate aminotransferase (AST)", "<=", 3, "ULN"),
                                             ("alanine aminotransferase (ALT)", "<=", 3, "ULN")]


def test_a_multiplier_written_before_the_number(parse):
    assert item_comparisons(parse, "ALAT >x3 ULN") == [("alanine aminotransferase (ALT)", ">", 3, "ULN")]


def test_a_capital_n_after_a_number_is_the_upper_limit(parse):
    assert item_comparisons(parse, "ASAT < 2 N") == [("aspartate aminotransferase (AST)", "<", 2, "ULN")]


def test_a_comparator_word_typed_against_its_number(parse):
    assert item_comparisons(parse, "Age greater than or equal to21 years") == [("age", ">=", 21, "a")]


def test_a_roman_numeral_ten_used_as_a_multiplier(parse):
    assert _unit(parse, "Neutrophils > 1.2ⅹ109/L") == "10*9/L"


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


def test_greater_or_equal_spelled_with_a_symbol_and_words(parse):
    assert item_comparisons(parse, "Karnofsky > or equal to 70%") == [("Karnofsky performance status", ">=", 70, "%")]


def test_micrograms_per_minute_is_a_rate(parse):
    assert _unit(parse, "Albumin excretion < 30 ug/min") == "ug/min"


def test_a_percentile_is_a_threshold(parse):
    assert item_comparisons(parse, "BMI ≥ 85th percentile for age and sex")[0][1:] == (">=", 85, "{percentile}")


def test_maximally_is_an_upper_bound(parse):
    found = item_comparisons(parse, "At least 7 and maximally 17 years of age")
    assert found == [("age", ">=", 7, "a"), ("age", "<=", 17, "a")]


def test_half_lives_are_a_unit_of_washout(parse):
    assert _unit(parse, "Drugs stopped less than 5 half-lives before randomisation") == "{half-life}"


def test_a_comma_after_a_leading_zero_is_a_decimal_comma(parse):
    """"0,180 mmol/L" is 0.18: a thousands separator never follows a leading zero."""
    assert item_comparisons(parse, "S-creatinine > 0,180 mmol/L", "exclusion") == [
        ("serum creatinine", ">", 0.18, "mmol/L")]


def test_a_degree_sign_typed_as_a_quote(parse):
    assert item_comparisons(parse, 'Fever greater than 100.4"F')[0][1:] == (">", 100.4, "[degF]")


def test_a_number_word_restated_in_digits(parse):
    assert item_comparisons(parse, "Life expectancy of at least six (6) months") == [("life expectancy", ">=", 6, "mo")]


def test_digits_restated_as_a_compound_number_word(parse):
    found = windows(parse(one_item("Prior chemotherapy within 28 (twenty-eight) days", "exclusion")), "exclusion")
    assert [window[1:4] for window in found] == [("<=", 28, "d")]


def test_digits_restated_as_a_number_word(parse):
    found = windows(parse(one_item("Heart attack or stroke within 2 (two) months before day 1", "exclusion")),
                    "exclusion")
    assert [window[1:4] for window in found] == [("<=", 2, "mo")]


def test_a_power_of_ten_written_with_a_tilde(parse):
    assert _unit(parse, "Platelets ≥ 75×10~9/L") == "10*9/L"


def test_hours_per_day_is_a_unit(parse):
    assert _unit(parse, "Oxygen therapy for more than 2 hours per day") == "h/d"


def test_hba1c_restated_in_mmol_per_mol_keeps_its_measure(parse):
    found = item_comparisons(parse, "HbA1c ≥ 7.0% (≥ 53 mmol/mol)")
    assert [(f[0], f[3]) for f in found] == [("hemoglobin A1c", "%"), ("hemoglobin A1c", "mmol/mol")]


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


def test_units_spelled_out_compose(parse):
    assert _unit(parse, "BMI < 32 kg/meter^2") == "kg/m2"
    assert _unit(parse, "Triglycerides > 300 mg/deciliter") == "mg/dL"
    assert _unit(parse, "Prednisone > 10 mg daily") == "mg/d"


def test_a_bracketed_bound_with_another_comparator_is_its_own_bound(parse):
    assert item_comparisons(parse, "Age ≥ 18 years (< 75 years)") == [("age", ">=", 18, "a"), ("age", "<", 75, "a")]


def test_a_power_of_ten_other_than_a_blood_count_gets_no_volume(parse):
    (found,) = item_comparisons(parse, "CD34+ cells ≥ 2 x 10^6 per kg")
    assert found[3] != "10*6/uL"


def test_a_closing_bracket_glued_to_the_number(parse):
    found = item_comparisons(parse, "ALT greater than (>)2 the upper limits of normal")
    assert found == [("alanine aminotransferase (ALT)", ">", 2, "ULN")]


def test_level_between_a_lab_and_its_multiple(parse):
    assert item_comparisons(parse, "Bilirubin level 1.2x the upper limits of normal")[0][1:] == ("<=", 1.2, "ULN")


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


def test_a_lead_to_a_list_may_end_in_when_its_values_are_taken(parse):
    text = ("Elevations greater than two times the upper limit of normal in any of the following laboratory values at "
            "Visit 2: ALT, AST or bilirubin")
    assert [found[0] for found in item_comparisons(parse, text, "exclusion")] == [
        "alanine aminotransferase (ALT)", "aspartate aminotransferase (AST)", "total bilirubin"]


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
    ("Karnofsky or Lansky performance status at least 60", "inclusion", AnyOf),
])
def test_labs_listed_after_a_limit_share_it_as_their_conjunction_says(parse, item, section, joined):
    assert isinstance(only_criterion(parse, item, section).expr, joined)


def test_tg_in_mixed_case_is_not_triglycerides(parse):
    """"Tg" is thyroglobulin as often as not; only the capitals "TG" name triglycerides."""
    assert [c[0] for c in item_comparisons(parse, "Serum Tg > 1")] != ["triglycerides"]
    assert [c[0] for c in item_comparisons(parse, "Fasting TG > 400 mg/dL")] == ["triglycerides"]
