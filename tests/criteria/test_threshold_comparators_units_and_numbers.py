"""Specifications for how a threshold is written: comparators, units, powers of ten and number formats."""

import pytest

from tests.criteria.conftest import comparisons, item_comparisons, one_item, windows


@pytest.mark.parametrize(
    ("text", "op"),
    [
        ("Platelets ≥ 100 x 10^9/L", ">="),
        ("Platelets >= 100 x 10^9/L", ">="),
        ("Platelets at least 100 x 10^9/L", ">="),
        ("Platelets greater than or equal to 100 x 10^9/L", ">="),
        ("Platelets no less than 100 x 10^9/L", ">="),
        ("Platelets =< 100 x 10^9/L", "<="),
        ("Platelets no more than 100 x 10^9/L", "<="),
        ("Platelets not exceeding 100 x 10^9/L", "<="),
        ("Platelets up to 100 x 10^9/L", "<="),
        ("Platelets below 100 x 10^9/L", "<"),
        ("Platelets under 100 x 10^9/L", "<"),
        ("Platelets more than 100 x 10^9/L", ">"),
        ("Platelets over 100 x 10^9/L", ">"),
        ("Platelets >or =100 x 10^9/L", ">="),
        ("Platelets < or= 100 x 10^9/L", "<="),
        ("Platelets > / = 100 x 10^9/L", ">="),
        ("Platelets ≥ or = to 100 x 10^9/L", ">="),
        ("Platelets >/ 100 x 10^9/L", ">="),
        ("Platelets </ 100 x 10^9/L", "<="),
        ("Platelets = > 100 x 10^9/L", ">="),
        ("Platelets equal or > 100 x 10^9/L", ">="),
        ("Platelets equal to or < 100 x 10^9/L", "<="),
        ("Platelets not < 100 x 10^9/L", ">="),
        ("Platelets not ≤ 100 x 10^9/L", ">"),
    ],
)
def test_comparator_spellings_give_the_written_operator(parse, text, op):
    assert comparisons(parse(text)) == [("platelet count", op, 100, "10*9/L")]


@pytest.mark.parametrize(
    "written",
    ["1.5×10^9/L", "1.5 x 10⁹/L", "1.5x109/L", "1.5 x 10E9/L", "1.5×109/L", "1.5 x 10(9)/L", "1.5 G/L"],
)
def test_powers_of_ten_in_any_spelling_read_as_ten_to_the_ninth_per_litre(parse, written):
    assert comparisons(parse(f"ANC ≥ {written}")) == [("absolute neutrophil count", ">=", 1.5, "10*9/L")]


def test_thousands_separator_is_read_as_one_number(parse):
    assert comparisons(parse("Platelet count ≥ 100,000/mm3")) == [("platelet count", ">=", 100000, "/mm3")]


def test_european_thousands_with_mmc_read_as_cells_per_cubic_millimetre(parse):
    assert comparisons(parse("Platelets > 50.000/mmc")) == [("platelet count", ">", 50000, "/mm3")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Urine leukocytes > 10.000/mL", (10000, "/mL")), ("HIV RNA > 10.000 copies/mL", (10000, "{copies}/mL"))],
)
def test_european_thousands_of_a_count_per_millilitre_are_thousands(parse, text, expected):
    assert [(value, unit) for _, _, value, unit in comparisons(parse(text))] == [expected]


def test_other_powers_of_ten_fold_into_the_value(parse):
    assert comparisons(parse("HBV DNA ≥1×10^4/ml"), "inclusion") == [("HBV DNA", ">=", 10000, "/mL")]


def test_a_flattened_power_of_ten_before_copies_per_millilitre_folds_into_the_value(parse):
    assert item_comparisons(parse, "HIV RNA above 5 x 104 copies/mL", "exclusion") == [
        ("HIV RNA", ">", 50000, "{copies}/mL")]


@pytest.mark.parametrize(("text", "op"), [("Men older or equal to 50 years", ">="),
                                          ("Children younger than or equal to 12 years", "<=")])
def test_an_age_comparator_with_or_equal_to_keeps_both_parts(parse, text, op):
    assert item_comparisons(parse, text) == [("age", op, int(text.split()[-2]), "a")]


@pytest.mark.parametrize("text", ["Creatinine more than twice of normal upper limit",
                                  "Creatinine more than twice the normal upper limit"])
def test_twice_a_normal_upper_limit_in_any_order_is_a_multiple_of_two(parse, text):
    assert item_comparisons(parse, text, "exclusion") == [("serum creatinine", ">", 2, "ULN")]


@pytest.mark.parametrize(("text", "bounds"), [("Liver fibrosis stage F1 to F3 on biopsy", [(">=", 1), ("<=", 3)]),
                                              ("METAVIR fibrosis score of at least F2", [(">=", 2)])])
def test_a_fibrosis_stage_written_as_a_code_is_its_stage_number(parse, text, bounds):
    assert [c[1:3] for c in item_comparisons(parse, text)] == bounds


def test_roman_numerals_typed_as_one_character_read_as_letters(parse):
    assert [c[1:3] for c in item_comparisons(parse, "NYHA class Ⅱ～Ⅲ")] == [(">=", 2), ("<=", 3)]


@pytest.mark.parametrize(("text", "unit"), [("Platelet count ≥ 10 × 10^4/μL", "10*4/uL"),
                                            ("Platelet count ≥ 10.0 x 10^4/mm3", "10*4/mm3")])
def test_ten_thousands_per_microlitre_are_a_blood_counts_unit_as_written(parse, text, unit):
    assert [c[2:] for c in item_comparisons(parse, text)] == [(10, unit)]


def test_exclusion_threshold_is_never_inverted(parse):
    document = parse("Exclusion Criteria:\n* Neutrophil \\< 1.5×10\\^9/L")
    assert comparisons(document, "exclusion") == [("absolute neutrophil count", "<", 1.5, "10*9/L")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hb < 90g/L", ("hemoglobin", "<", 90, "g/L")),
        ("SBP >140mmHg", ("systolic blood pressure", ">", 140, "mm[Hg]")),
        ("creatinine clearance < 50ml / min", ("creatinine clearance", "<", 50, "mL/min")),
        ("eGFR ≥ 60 mL/min/1.73 m2", ("estimated glomerular filtration rate", ">=", 60, "mL/min/{1.73_m2}")),
        ("24-hour urine protein ≥1.0g/24h", ("24-hour urine protein", ">=", 1.0, "g/(24.h)")),
        ("Urinary protein ≥ 2+", ("urine protein (dipstick)", ">=", 2, "{dipstick}")),
        ("LVEF\\<50%", ("left ventricular ejection fraction", "<", 50, "%")),
        ("QTcF ≥470 ms", ("QTc interval", ">=", 470, "ms")),
        ("BMI ≥ 30 kg/m2", ("body mass index", ">=", 30, "kg/m2")),
        ("brain metastasis volume greater than 30cc", ("brain metastasis volume", ">", 30, "mL")),
        ("Creatinine ≤ 1.5 mg/dL", ("serum creatinine", "<=", 1.5, "mg/dL")),
    ],
)
def test_units_map_to_ucum(parse, text, expected):
    assert comparisons(parse(text)) == [expected]


def test_number_words(parse):
    assert comparisons(parse("no more than two prior lines of therapy")) == [("lines of therapy", "<=", 2, "1")]


def test_numbers_that_are_not_criteria_make_no_comparison(parse):
    assert comparisons(parse("Measurable disease per RECIST 1.1; no COVID-19; UICC 8th edition; CTCAE v5.0")) == []


def test_the_pages_of_a_journal_citation_are_no_range(parse):
    item = "Psoriasis Area and Severity Index of 10 (Langley et al, Br J Dermatol 2004; 151(2): 382-388) or more"
    assert item_comparisons(parse, item) == [("Psoriasis Area and Severity Index (PASI)", ">=", 10, "1")]


def test_or_before_a_comparator_is_not_a_postfix_phrase(parse):
    found = comparisons(parse("Body weight under 40 kg or over 120 kg"))
    assert found == [("body weight", "<", 40, "kg"), ("body weight", ">", 120, "kg")]


def test_phone_numbers_are_not_ranges(parse):
    assert comparisons(parse("For information call 613-533-6430")) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("greater than 0.1mcg/kg/min of noradrenaline", ("noradrenaline", ">", 0.1, "ug/kg/min")),
        ("≥30-pack years smoking", ("smoking history in pack-years", ">=", 30, "{pack-years}")),
        ("Current smoker (> 1 cigarette per day)", ("cigarette smoking", ">", 1, "{cigarettes}/d")),
    ],
)
def test_rates_doses_and_hyphenated_units(parse, text, expected):
    assert comparisons(parse(text)) == [expected]


def test_negative_thresholds(parse):
    found = comparisons(parse("Severe malnutrition (weight-for-height z-score < -3)"))
    assert found == [("weight-for-height z-score", "<", -3, "1")]


def test_a_minus_glued_to_a_comparator_glued_to_its_measure_stays_a_minus(parse):
    assert comparisons(parse("Femoral neck T-score≤-2.5 and >-4.0")) == [
        ("Femoral neck T-score", "<=", -2.5, "1"), ("Femoral neck T-score", ">", -4.0, "1")]


@pytest.mark.parametrize(("text", "expected"), [
    ("Hip T-score -2.5 or lower", [("<=", -2.5)]),
    ("Spherical equivalent between -1.00 D and -5.00 D", [(">=", -5.0), ("<=", -1.0)]),
    ("Height z-score -1.5 to -3.0", [(">=", -3.0), ("<=", -1.5)]),
])
def test_a_dash_glued_to_a_number_after_a_score_that_goes_below_zero_is_a_minus(parse, text, expected):
    assert [c[1:3] for c in comparisons(parse(text))] == expected


@pytest.mark.parametrize(("text", "expected"), [("Lumbar spine T-score of at least -2.0", (">=", -2.0)),
                                                ("Hip T-score at most -1.5", ("<=", -1.5))])
def test_a_dash_glued_to_a_number_after_at_least_or_at_most_is_a_minus(parse, text, expected):
    assert [c[1:3] for c in comparisons(parse(text))] == [expected]


def test_degrees_celsius_glued_to_the_number(parse):
    assert comparisons(parse("Temperature ≥ 38.0°C")) == [("body temperature", ">=", 38, "Cel")]


def test_thousands_grouped_by_a_space_before_a_count_unit(parse):
    assert comparisons(parse("Platelet count ≥ 100 000/mm3")) == [("platelet count", ">=", 100000, "/mm3")]


def test_thousands_grouped_by_a_space_before_cells_per_volume_in_the_singular(parse):
    assert [c[1:] for c in item_comparisons(parse, "Platelets < 50 000 cell/mm^3")] == [("<", 50000, "/mm3")]


def test_thousands_grouped_by_a_space_before_international_units_per_volume(parse):
    assert [c[1:] for c in item_comparisons(parse, "HBV DNA > 20 000 IU/mL")] == [(">", 20000, "[IU]/mL")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("anisometropia > 1.5 D", ("anisometropia", ">", 1.5, "[diop]")),
        ("can ambulate for at least 50 feet", ("ambulate", ">=", 50, "[ft_i]")),
        ("a dose superior or equal to two intakes per day", ("intakes", ">=", 2, "/d")),
    ],
)
def test_less_common_units_and_comparator_wordings(parse, text, expected):
    assert comparisons(parse(text)) == [expected]


@pytest.mark.parametrize("text", ["Life expectancy of 4 months", "Estimated life expectancy: 4 months."])
def test_a_life_expectancy_written_without_a_comparator_is_a_least_one(parse, text):
    assert item_comparisons(parse, text) == [("life expectancy", ">=", 4, "mo")]


def test_a_bare_life_expectancy_under_exclusion_is_left_unread(parse):
    assert item_comparisons(parse, "Life expectancy of 3 months", "exclusion") == []


@pytest.mark.parametrize(("text", "expected"), [
    ("PR interval greater 220 msec", ("PR interval", ">", 220, "ms")),
    ("Serum creatinine less 1.8 mg/dL", ("serum creatinine", "<", 1.8, "mg/dL")),
])
def test_a_comparative_that_lost_its_than_still_bounds_the_number_right_after_it(parse, text, expected):
    assert item_comparisons(parse, text) == [expected]


def test_a_comparative_without_than_bounds_no_number_further_on(parse):
    assert item_comparisons(parse, "Blood pressure persistently greater at 2 separate visits") == []


def test_a_postfix_comparative_keeps_its_number_before_a_number_after(parse):
    text = "Pain score of 6 or greater 48 hours before surgery"
    assert [bound[1:] for bound in item_comparisons(parse, text)] == [(">=", 6, "1")]
    assert [found[1:4] for found in windows(parse(one_item(text)))] == [("<=", 48, "h")]


@pytest.mark.parametrize(("text", "op"), [("QTc no greater 450 msec", "<="), ("QTc not less 350 msec", ">=")])
def test_a_denied_comparative_that_lost_its_than_is_the_opposite_bound(parse, text, op):
    assert [bound[1:3] for bound in item_comparisons(parse, text)] == [(op, 450 if "greater" in text else 350)]


@pytest.mark.parametrize(("text", "op"), [("Intravenous iron doses of 500 mg or larger", ">="),
                                          ("Intravenous iron doses of 500 mg and lower", "<="),
                                          ("Intravenous iron doses of 500 mg or smaller", "<=")])
def test_larger_and_smaller_after_a_value_bound_it(parse, text, op):
    assert [found[1:3] for found in item_comparisons(parse, text)] == [(op, 500)]


def test_more_or_less_is_no_comparator(parse):
    assert item_comparisons(parse, "Weight loss more or less 5 kg") == []


@pytest.mark.parametrize("written", ["1000 c/mL", "1000 cps/mL", "1000 cp/mL"])
def test_copies_abbreviated_per_millilitre_are_copies(parse, written):
    assert item_comparisons(parse, f"Plasma HIV-1 RNA >= {written}") == [("HIV RNA", ">=", 1000, "{copies}/mL")]


def test_the_count_of_dimensions_a_lesion_is_measured_in_is_no_threshold(parse):
    text = "Measurable disease: a lesion measured in at least one dimension as ≥ 20 mm"
    assert [c[1:] for c in item_comparisons(parse, text)] == [(">=", 20, "mm")]


@pytest.mark.parametrize(("wording", "op"), [("equal or greater to", ">="), ("less or equal than", "<=")])
def test_more_orders_of_equal_and_a_comparison(parse, wording, op):
    assert item_comparisons(parse, f"Platelets {wording} 100 x 10^9/L") == [("platelet count", op, 100, "10*9/L")]


def test_millions_per_millilitre_keep_their_power_of_ten(parse):
    found = item_comparisons(parse, "Sperm concentration < 80 x 10^6/mL")
    assert found == [("Sperm concentration", "<", 80, "10*6/mL")]


@pytest.mark.parametrize("written", ["75.000/μl", "75.000/mm3"])
def test_a_dot_grouping_thousands_before_a_count_per_microlitre_is_a_thousands_separator(parse, written):
    assert [c[2] for c in item_comparisons(parse, f"Platelet count > {written}")] == [75000]


def test_a_comparator_after_a_bracketed_aside_on_the_number_is_the_numbers(parse):
    (found,) = item_comparisons(parse, "Grade 3 (NCI CTCAE v4.0) or higher sensory neuropathy")
    assert found[1:] == (">=", 3, "1")


@pytest.mark.parametrize("text", ["Zubrod performance status 0,1 or 2", "Zubrod performance status 0,1,or 2"])
def test_a_series_of_scores_glued_by_a_comma_then_or_is_no_decimal_comma(parse, text):
    assert item_comparisons(parse, text) == [
        ("ECOG performance status", ">=", 0, "1"), ("ECOG performance status", "<=", 2, "1")]


def test_decimal_commas_on_both_sides_of_and_stay_decimals(parse):
    assert [c[1:3] for c in item_comparisons(parse, "BMI between 19,5 and 27,0 kg/m2")] == [(">=", 19.5), ("<=", 27.0)]


def test_more_or_equal_and_less_or_equal_are_comparators(parse):
    assert item_comparisons(parse, "more or equal 20 years-old and less or equal 50 years-old") == [
        ("age", ">=", 20, "a"), ("age", "<=", 50, "a")]


def test_over_higher_under_and_lower_or_equal_without_to_are_comparators(parse):
    assert item_comparisons(parse, "Age over or equal 40 years, haemoglobin higher or equal 9 g/dL") == [
        ("age", ">=", 40, "a"), ("hemoglobin", ">=", 9, "g/dL")]
    assert item_comparisons(parse, "Age under or equal 70 years; creatinine clearance lower or equal 50 mL/min") == [
        ("age", "<=", 70, "a"), ("creatinine clearance", "<=", 50, "mL/min")]


def test_superior_and_inferior_or_equal_without_to_are_comparators(parse):
    assert item_comparisons(parse, "Platelets superior or equal 100 x 10^9/L and age inferior or equal 80 years") == [
        ("platelet count", ">=", 100, "10*9/L"), ("age", "<=", 80, "a")]


def test_decimal_commas_that_count_up_by_one_stay_decimals(parse):
    assert [c[1:3] for c in item_comparisons(parse, "Serum potassium between 3,4 and 5,0 mmol/l")] == [
        (">=", 3.4), ("<=", 5.0)]


@pytest.mark.parametrize(("text", "value"), [("Antinuclear antibody titre ≥ 1:80", 80),
                                             ("ANA titer of 1:160 or higher", 160)])
def test_a_dilution_is_read_as_its_titre(parse, text, value):
    assert [(op, found, unit) for _, op, found, unit in comparisons(parse(text))] == [(">=", value, "1")]


def test_a_time_of_day_is_no_dilution(parse):
    assert comparisons(parse("Dosing no later than 1:30 pm")) == []


def test_an_extremum_before_the_noun_it_bounds_and_of_before_the_value_is_the_comparator(parse):
    found = comparisons(parse("Palliative radiotherapy with a minimum fraction size of 3 Gy"))
    assert found == [("fraction size", ">=", 3, "Gy")]


def test_a_minimum_interval_after_an_event_is_a_least_time_since_it(parse):
    found = windows(parse("A minimum interval of 6 months after the end of adjuvant chemotherapy"))
    assert [w[1:4] for w in found] == [(">=", 6, "mo")]


def test_a_count_noun_after_an_extremum_leaves_the_counted_noun_the_measure(parse):
    assert comparisons(parse("A maximum number of 3 prior regimens")) == [("regimens", "<=", 3, "1")]


@pytest.mark.parametrize(("text", "expected"), [
    ("Weight at least 60 kg (132 lbs) for men and 48 kg (106 lbs) for women", [(">=", 60, "kg"), (">=", 48, "kg")]),
    ("Hb < 9 g/dL (5.6 mmol/L) for males and 8.5 g/dL (5.3 mmol/L) for females",
     [("<", 9, "g/dL"), ("<", 8.5, "g/dL")]),
])
def test_a_value_for_each_sex_restated_in_other_units_keeps_its_comparator(parse, text, expected):
    assert [c[1:] for c in comparisons(parse(text))] == expected


def test_a_semicolon_in_brackets_parts_the_values_for_each_sex(parse):
    text = "Renal impairment (serum creatinine > 1.5 mg/dL for men; 1.3 mg/dL for women)"
    assert [c[1:] for c in comparisons(parse(text))] == [(">", 1.5, "mg/dL"), (">", 1.3, "mg/dL")]


@pytest.mark.parametrize("text", ["Former smokers with a 15 pack-year history", "Smoking history of 15 pack years"])
def test_a_bare_amount_of_pack_years_is_the_least_smoking_history(parse, text):
    assert comparisons(parse(text)) == [("smoking history in pack-years", ">=", 15, "{pack-years}")]


def test_a_value_after_another_measures_name_and_and_takes_the_comparator_before(parse):
    assert [c[:3] for c in comparisons(parse("Systolic BP ≤ 140 mmHg and diastolic BP 90 mmHg"))] == [
        ("systolic blood pressure", "<=", 140), ("diastolic blood pressure", "<=", 90)]


def test_two_values_each_before_the_measure_they_bound_share_the_first_comparator_without_units(parse):
    found = item_comparisons(parse, "Blood pressure greater than 150 systolic or 95 diastolic", "exclusion")
    assert [c[:3] for c in found] == [("systolic blood pressure", ">", 150), ("diastolic blood pressure", ">", 95)]


@pytest.mark.parametrize("text", ["KRAS mutation in codons 12 or 13", "EGFR mutation in exons 19 or 21",
                                  "Completed study GS-US-292-1826"])
def test_gene_positions_and_study_codes_are_no_thresholds(parse, text):
    assert comparisons(parse(text)) == []


def test_two_scores_without_units_do_not_share_a_comparator(parse):
    found = item_comparisons(parse, "Performance status of ≥ 2 ECOG or 60 Karnofsky", "exclusion")
    assert "Karnofsky performance status" not in [c[0] for c in found]


def test_a_year_after_a_month_is_a_date_not_a_threshold(parse):
    assert comparisons(parse("Women delivering between March 2019 and June 2020")) == []


@pytest.mark.parametrize("text", ["eGFR (CKD-EPI) = 141 × (Scr/0.9)^-0.411 × 0.993^Age",
                                  "FEV1 predicted (L) = 4.30 x height in metres minus 0.029",
                                  "Creatinine clearance for females = 0.85 x the male value"])
def test_a_number_times_a_variable_after_an_equals_sign_is_a_formulas_coefficient_not_a_threshold(parse, text):
    assert [c for c in item_comparisons(parse, text) if c[1] == "=="] == []


@pytest.mark.parametrize(("text", "unit"), [("ALT = 3 x ULN", "ULN"), ("ANC = 1.5 x 10^9/L", "10*9/L")])
def test_an_equals_sign_before_a_multiple_of_a_limit_or_a_power_of_ten_stays_a_threshold(parse, text, unit):
    assert [(c[1], c[2], c[3]) for c in item_comparisons(parse, text)] == [("==", float(text.split()[2]), unit)]


@pytest.mark.parametrize("text", ["Hemoglobin ≥ 9 g/dL (= 5.6 mmol/L)",
                                  "ALT ≤ 3 x upper limit of normal (ULN) = 135 U/L",
                                  "Serum creatinine ≤ 1.5 mg/dL (=133 µmol/L)"])
def test_a_value_an_equals_sign_sets_after_an_inequality_restates_it_and_asks_no_exact_value(parse, text):
    found = item_comparisons(parse, text)
    assert len(found) == 1 and found[0][1] in ("<=", ">=")


@pytest.mark.parametrize(("text", "op"), [("Lesion greater then or equal to 1 cm", ">="),
                                          ("Hemoglobin less then or equal to 9 g/dL", "<=")])
def test_then_for_than_before_or_equal_to_keeps_the_bound_inclusive(parse, text, op):
    assert [c[1] for c in item_comparisons(parse, text)] == [op]


def test_older_than_before_the_word_age_beats_the_or_older_it_overlaps(parse):
    document = parse(one_item("Breastfeeding or older than age 65 years", "exclusion"))
    assert comparisons(document, "exclusion") == [("age", ">", 65, "a")]


@pytest.mark.parametrize(("text", "op"), [("Haemoglobin less that 8 g/dL", "<"),
                                         ("Potassium greater that 5.5 mmol/L", ">")])
def test_than_mistyped_as_that_still_makes_a_comparator(parse, text, op):
    assert [c[1] for c in comparisons(parse(one_item(text)))] == [op]


@pytest.mark.parametrize(("text", "op"), [
    ("Bilirubin not above 2 x ULN", "<="), ("Haemoglobin not below 8 g/dL", ">="),
    ("Platelets not under 50 x 10^9/L", ">="), ("Creatinine not over 2 mg/dL", "<="),
])
def test_not_before_a_preposition_of_direction_turns_it(parse, text, op):
    assert [c[1] for c in comparisons(parse(one_item(text)))] == [op]


@pytest.mark.parametrize("text", ["Prednisone more than the equivalent of 10 mg daily",
                                  "Steroids at doses greater than the equivalent of 10 mg prednisone per day"])
def test_the_equivalent_of_between_a_comparator_and_its_dose_keeps_the_comparator(parse, text):
    assert [c[1:] for c in item_comparisons(parse, text)] == [(">", 10, "mg/d")]
