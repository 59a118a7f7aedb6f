"""Specifications for numeric thresholds: comparators, numbers, units, ranges and ULN multiples."""

import pytest

from parser import vocabulary
from parser.models.criteria import AllOf, AnyOf
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


def test_exclusion_threshold_is_never_inverted(parse):
    document = parse("Exclusion Criteria:\n* Neutrophil \\< 1.5×10\\^9/L")
    assert comparisons(document, "exclusion") == [("absolute neutrophil count", "<", 1.5, "10*9/L")]


@pytest.mark.parametrize("text", ["Age 18-75 years", "aged 18 to 75 years", "between 18 and 75 years of age",
                                  "18 – 75 years old", "18 and 75 years of age", "Men and women 18 and 75 years old"])
def test_age_ranges_become_two_bounds(parse, text):
    assert comparisons(parse(text)) == [("age", ">=", 18, "a"), ("age", "<=", 75, "a")]


@pytest.mark.parametrize("text", ["ECOG performance status 0-1", "ECOG 0 or 1", "ECOG PS of 0 or 1"])
def test_performance_status_ranges(parse, text):
    found = comparisons(parse(text))
    assert found == [("ECOG performance status", ">=", 0, "1"), ("ECOG performance status", "<=", 1, "1")]


def test_roman_numeral_grade_range(parse):
    found = comparisons(parse("Myelosuppression grade I~II"))
    assert found == [("Myelosuppression grade", ">=", 1, "1"), ("Myelosuppression grade", "<=", 2, "1")]


@pytest.mark.parametrize("text", ["18 years or older", "≥ 18 years", "Patients aged 18 years and above",
                                  "at least 18 years old"])
def test_minimum_age(parse, text):
    assert comparisons(parse(text)) == [("age", ">=", 18, "a")]


@pytest.mark.parametrize("text", ["Population: age 21+", "Women 21+ years"])
def test_a_plus_after_a_number_of_years_is_or_more(parse, text):
    assert item_comparisons(parse, text) == [("age", ">=", 21, "a")]


def test_a_plus_after_a_dipstick_grade_stays_a_grade(parse):
    assert [c[3] for c in item_comparisons(parse, "Urine protein ≥ 2+")] == ["{dipstick}"]


@pytest.mark.parametrize(("text", "measure"), [
    ("Has at least a 3-year history of chronic sinusitis", "chronic sinusitis"),
    ("More than the 2-year follow-up visit", "follow-up visit")])
def test_years_hyphenated_to_their_number_qualify_the_noun_after_them_not_an_age(parse, text, measure):
    ((name, _, _, unit),) = item_comparisons(parse, text)
    assert (name, unit) == (measure, "a")


@pytest.mark.parametrize("text", ["at least 18-year old", "Patients aged 18-year or more",
                                  "Participants 18-years of age and above", "Patients ≥ 18-year adults"])
def test_hyphenated_years_with_an_age_word_stay_an_age(parse, text):
    assert [c[0] for c in item_comparisons(parse, text)] == ["age"]


@pytest.mark.parametrize(
    "text", ["TBIL > 1.5 ULN", "TBIL > 1.5 x ULN", "TBIL > 1.5×ULN", "TBIL > 1.5 times the upper limit of normal"]
)
def test_multiples_of_the_upper_limit_of_normal(parse, text):
    assert comparisons(parse(text)) == [("total bilirubin", ">", 1.5, "ULN")]


@pytest.mark.parametrize("limit", ["ULN", "the ULN", "local ULN", "the site's ULN", "laboratory upper limit of normal"])
def test_bare_upper_limit_of_normal_is_one_multiple(parse, limit):
    assert comparisons(parse(f"Total bilirubin ≤ {limit}")) == [("total bilirubin", "<=", 1, "ULN")]


def test_coordinated_measures_share_the_threshold(parse):
    assert comparisons(parse("AST or ALT > 2.5 ULN")) == [
        ("aspartate aminotransferase (AST)", ">", 2.5, "ULN"),
        ("alanine aminotransferase (ALT)", ">", 2.5, "ULN"),
    ]


def test_pt_slash_inr_is_two_labs_sharing_a_multiple(parse):
    """"PT/INR" names both results of the clotting test."""
    assert comparisons(parse("PT/INR ≤ 1.3 x ULN")) == [("prothrombin time", "<=", 1.3, "ULN"),
                                                      ("international normalized ratio", "<=", 1.3, "ULN")]


def test_an_ejection_fraction_may_be_bounded_by_the_lower_limit_of_normal(parse):
    assert comparisons(parse("LVEF ≥ the institution's LLN")) == [
        ("left ventricular ejection fraction", ">=", 1, "LLN")]


def test_a_heart_block_takes_no_multiple_of_a_normal_limit(parse):
    found = comparisons(parse("Heart block, or bilirubin > 1.5 x ULN"), "inclusion")
    assert found == [("total bilirubin", ">", 1.5, "ULN")]


def test_pt_hyphen_inr_is_the_ratio(parse):
    assert comparisons(parse("PT-INR < 1.4")) == [("international normalized ratio", "<", 1.4, "1")]


def test_a_bare_value_restating_a_bound_of_two_labs_bounds_the_one_it_can_be_a_value_of(parse):
    """"(≤ 2.5 if on warfarin)" after "PT/INR ≤ 1.3 × ULN": an INR of 2.5, not a prothrombin time of 2.5 s."""
    found = comparisons(parse("PT/INR ≤ 1.3 x ULN (≤ 2.5 if on warfarin)"))
    assert [c for c in found if c[2] == 2.5] == [("international normalized ratio", "<=", 2.5, "1")]


def test_a_bound_after_words_that_name_nothing_takes_the_measure_before_it(parse):
    """"predicted" names nothing: the subgroup's "> 80%" is the FEV1's too."""
    found = comparisons(parse("FEV1 > 60% predicted (> 80% if prior chest radiotherapy)"))
    assert [c[0] for c in found] == ["forced expiratory volume in 1 second"] * 2


def test_threshold_in_brackets_inherits_the_measure_before_it(parse):
    found = comparisons(parse("AST ≤ 3 × ULN (≤ 5 × ULN if liver metastases)"))
    assert found == [("aspartate aminotransferase (AST)", "<=", 3, "ULN"),
                     ("aspartate aminotransferase (AST)", "<=", 5, "ULN")]


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


def test_count_takes_the_noun_it_counts(parse):
    assert comparisons(parse("at least one measurable lesion per RECIST 1.1")) == [("measurable lesion", ">=", 1, "1")]


@pytest.mark.parametrize(("text", "expected"), [
    ("A GAD-7 score of ≥ 10 indicating moderate anxiety", ("GAD-7 score", ">=", 10, "1")),
    ("At least 2 lesions consistent with metastases", ("lesions", ">=", 2, "1")),
])
def test_a_count_names_no_qualifier_after_it(parse, text, expected):
    """"indicating", "consistent with": what follows qualifies the value; it is not what is counted."""
    assert comparisons(parse(text)) == [expected]


@pytest.mark.parametrize(("text", "expected"), [
    ("At least one HLA compatible sibling donor", ("HLA compatible sibling donor", ">=", 1, "1")),
    ("At least 3 consistent pain scores of 4 or more", ("consistent pain scores", ">=", 3, "1")),
])
def test_a_qualifying_word_before_the_noun_stays_in_the_counted_phrase(parse, text, expected):
    """Only "consistent with", "compatible with" … start a qualifier: before the noun they are part of its name."""
    assert comparisons(parse(text))[0] == expected


def test_a_time_unit_before_a_count_is_no_label_of_it(parse):
    """"Day 2" and "on days 1-5" label days; "within 14 days 2 or more cultures" counts the cultures."""
    found = comparisons(parse("Within the previous 14 days 2 or more positive blood cultures"), "inclusion")
    assert ("positive blood cultures", ">=", 2, "1") in found


def test_number_words(parse):
    assert comparisons(parse("no more than two prior lines of therapy")) == [("lines of therapy", "<=", 2, "1")]


def test_numbers_that_are_not_criteria_make_no_comparison(parse):
    assert comparisons(parse("Measurable disease per RECIST 1.1; no COVID-19; UICC 8th edition; CTCAE v5.0")) == []


def test_the_numbers_of_visits_and_cycles_are_labels_not_a_range(parse):
    found = item_comparisons(parse, "Change in weight between Visits 2 and 5 of no more than 3 kg")
    assert [c[1:] for c in found] == [("<=", 3, "kg")]


def test_a_multiple_of_the_upper_limit_written_with_time_in_the_singular(parse):
    assert item_comparisons(parse, "ALT > 3 time upper limit of normal") == [
        ("alanine aminotransferase (ALT)", ">", 3, "ULN")]


def test_blood_pressure_pair(parse):
    found = comparisons(parse("Blood pressure > 140/90 mmHg"))
    assert found == [("systolic blood pressure", ">", 140, "mm[Hg]"), ("diastolic blood pressure", ">", 90, "mm[Hg]")]


def test_or_before_a_comparator_is_not_a_postfix_phrase(parse):
    found = comparisons(parse("Body weight under 40 kg or over 120 kg"))
    assert found == [("body weight", "<", 40, "kg"), ("body weight", ">", 120, "kg")]


def test_blood_pressure_pair_written_with_x(parse):
    found = comparisons(parse("BP ≥ 140 x 90 after medication adjustment"))
    assert found == [("systolic blood pressure", ">=", 140, "mm[Hg]"), ("diastolic blood pressure", ">=", 90, "mm[Hg]")]


def test_phone_numbers_are_not_ranges(parse):
    assert comparisons(parse("For information call 613-533-6430")) == []


def test_a_bare_bound_after_a_comma_keeps_the_measure(parse):
    text = "Systolic blood pressure ≥ 180 mmHg at randomisation, or > 160 mmHg if on 3 or more drugs"
    found = comparisons(parse(text))
    assert found == [("systolic blood pressure", ">=", 180, "mm[Hg]"),
                     ("systolic blood pressure", ">", 160, "mm[Hg]"), ("drugs", ">=", 3, "1")]  # the last: its `when`


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Patients aged below 18 or older than 65", [("age", "<", 18, "a"), ("age", ">", 65, "a")]),
        ("Women 18 or older undergoing surgery", [("age", ">=", 18, "a")]),
        ("Infant is ≥1 and ≤6 month old", [("age", ">=", 1, "mo"), ("age", "<=", 6, "mo")]),
        ("Participants age 18-80 Group 1", [("age", ">=", 18, "a"), ("age", "<=", 80, "a")]),
    ],
)
def test_age_is_read_from_the_comparator_or_the_words_around_the_number(parse, text, expected):
    assert comparisons(parse(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Asthma onset before the age of 40", [("age at asthma onset", "<", 40, "a")]),
        ("Diagnosed with gout prior to age 30 years", [("age at diagnosed with gout", "<", 30, "a")]),
        ("Headaches that began before age 50", [("age at headaches that began", "<", 50, "a")]),
        ("Psoriasis diagnosed after the age of 20", [("age at psoriasis diagnosed", ">", 20, "a")]),
    ],
)
def test_an_age_before_or_after_which_something_happened_is_not_the_persons_age(parse, text, expected):
    """A screener must not compare today's age with the age at onset: a 70-year-old whose headaches began at 45
    meets "began before age 50"."""
    assert comparisons(parse(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Age at onset of psoriasis < 40 years", [("age at onset of psoriasis", "<", 40, "a")]),
        ("Age at onset < 45", [("age at onset", "<", 45, "a")]),
        ("Age at first diagnosis of 30 years or older", [("age at first diagnosis", ">=", 30, "a")]),
        ("Cluster headache onset at ≤ 45 years of age", [("age at cluster headache onset", "<=", 45, "a")]),
        ("Onset of asthma at the age of 12 or older", [("age at onset of asthma", ">=", 12, "a")]),
        ("Patient has a history of gout with onset at < 60 years of age", [("age at onset", "<", 60, "a")]),
    ],
)
def test_an_age_tied_by_at_to_the_onset_or_diagnosis_is_the_age_then(parse, text, expected):
    """"Age at onset < 40": a 70-year-old whose psoriasis began at 30 meets it; today's age must not decide."""
    assert comparisons(parse(text)) == expected


@pytest.mark.parametrize("text", ["Age at the time of consent ≥ 18 years",
                                  "Girls after menarche at age 12 to 17 years",
                                  "Children diagnosed at age 1 to 10 years",
                                  "Patients newly diagnosed at age ≥ 60 years"])
def test_an_age_at_consent_or_of_persons_named_before_at_is_the_persons_age(parse, text):
    assert {measure for measure, *_ in comparisons(parse(text))} == {"age"}


@pytest.mark.parametrize(("text", "op"), [("Women after the age of 55", ">"), ("Children before the age of 12", "<")])
def test_an_age_before_or_after_which_persons_are_is_their_age(parse, text, op):
    assert [c[:2] for c in comparisons(parse(text))] == [("age", op)]


def test_a_count_of_a_named_scale_takes_the_whole_name(parse):
    found = comparisons(parse("Stages of the disease 2-3 of Hoehn and Yahr"))
    assert [m for m, *_ in found] == ["Hoehn and Yahr stage", "Hoehn and Yahr stage"]


def test_lexicon_names_match_however_they_are_spaced(parse):
    found = comparisons(parse("Eastern Cooperative Oncology Group(ECOG) performance status 0-1"))[0][0]
    assert found == "ECOG performance status"


@pytest.mark.parametrize(("text", "measure"), [
    ("Body-mass index of 30 or more", "body mass index"),
    ("Absolute neutrophil-count of 1,500/mm3 or more", "absolute neutrophil count"),
    ("Gamma glutamyl-transpeptidase below 3 x ULN", "gamma-glutamyl transferase"),
])
def test_each_join_of_a_compound_name_may_be_spelled_its_own_way(parse, text, measure):
    assert comparisons(parse(text))[0][0].lower() == measure


@pytest.mark.parametrize(("text", "measure"), [
    ("Proteinuria ≥ 2+ on dipstick", "urine protein (dipstick)"),
    ("Proteinuria above 1 g/24 h", "24-hour urine protein"),
    ("Proteinuria above 0.5 g/L", "urine protein concentration"),
    ("M-spike of at least 0.5 g/dL", "serum M-protein"),
    ("UPEP of at least 200 mg/24 h", "urine M-protein"),
    ("Serum albumin of 3 g/dL or more by protein electrophoresis", "albumin"),
])
def test_a_protein_measured_several_ways_is_the_measure_its_unit_fits(parse, text, measure):
    assert comparisons(parse(text))[0][0] == measure


def test_a_letter_glued_to_a_number_in_a_scores_name_is_no_lab(parse):
    assert comparisons(parse("SLEDAI-2K score of 6 or more"))[0][0] == "SLEDAI-2K score"


def test_full_width_brackets_and_glued_list_numbers_do_not_break_a_threshold(parse):
    found = comparisons(parse("5)Serum creatinine ≤ 1.5 × upper limit of normal（ULN） (≤ 2 × ULN for patients with "
                              "liver metastases) or creatinine clearance ≥ 60 mL/min.6)Other"))
    assert found == [("serum creatinine", "<=", 1.5, "ULN"), ("serum creatinine", "<=", 2, "ULN"),
                     ("creatinine clearance", ">=", 60, "mL/min")]


def test_a_person_with_a_condition_is_the_subject_when_nothing_else_is_measured(parse):
    document = parse("Individuals with spinal cord injury for greater than six months")
    assert comparisons(document) == [("spinal cord injury", ">", 6, "mo")]
    assert document.inclusion[0].expr.when is None


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


@pytest.mark.parametrize(("text", "expected"), [("Lumbar spine T-score of at least -2.0", (">=", -2.0)),
                                                ("Hip T-score at most -1.5", ("<=", -1.5))])
def test_a_dash_glued_to_a_number_after_at_least_or_at_most_is_a_minus(parse, text, expected):
    assert [c[1:3] for c in comparisons(parse(text))] == [expected]


def test_an_age_range_may_change_units(parse):
    assert comparisons(parse("Children aged 2 months to 5 years")) == [("age", ">=", 2, "mo"), ("age", "<=", 5, "a")]


@pytest.mark.parametrize("text", ["Methotrexate 7.5mg to 20mg per week",
                                  "methotrexate between 7.5 mg and 20 mg weekly"])
def test_a_range_whose_high_end_completes_a_rate_bounds_that_rate_at_both_ends(parse, text):
    assert [c[1:] for c in comparisons(parse(text))] == [(">=", 7.5, "mg/wk"), ("<=", 20, "mg/wk")]


def test_degrees_celsius_glued_to_the_number(parse):
    assert comparisons(parse("Temperature ≥ 38.0°C")) == [("body temperature", ">=", 38, "Cel")]


def test_thousands_grouped_by_a_space_before_a_count_unit(parse):
    assert comparisons(parse("Platelet count ≥ 100 000/mm3")) == [("platelet count", ">=", 100000, "/mm3")]


def test_calendar_year_ranges_are_not_thresholds(parse):
    assert comparisons(parse("Patients receiving dialysis between 2012 and 2014")) == []


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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Prepubertal children 2 to <12 years old", [("age", ">=", 2, "a"), ("age", "<", 12, "a")]),
        ("Cohort 1: 12 to <18 years", [("age", ">=", 12, "a"), ("age", "<", 18, "a")]),
        ("Children aged 6 to less than 12 years", [("age", ">=", 6, "a"), ("age", "<", 12, "a")]),
        ("Hemoglobin 8 to no more than 10 g/dL", [("hemoglobin", ">=", 8, "g/dL"), ("hemoglobin", "<=", 10, "g/dL")]),
        ("Patients with ASA status I-III",
         [("ASA physical status", ">=", 1, "1"), ("ASA physical status", "<=", 3, "1")]),
        ("Gestational age < 32 weeks of gestation", [("gestational age", "<", 32, "wk")]),
    ],
)
def test_ranges_with_an_open_upper_bound_cohort_labels_and_durations(parse, text, expected):
    assert comparisons(parse(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("19<BMI<30", [("body mass index", ">", 19, "kg/m2"), ("body mass index", "<", 30, "kg/m2")]),
        ("18 ≤ age ≤ 65 years", [("age", ">=", 18, "a"), ("age", "<=", 65, "a")]),
        ("Gleason 6-7 cancer", [("Gleason score", ">=", 6, "1"), ("Gleason score", "<=", 7, "1")]),
        ("BMI less than 40kg/meter square", [("body mass index", "<", 40, "kg/m2")]),
        ("Type 1 or 2 diabetes", []),
        ("more than 72 hours of hospitalization", [("hospitalization", ">", 72, "h")]),
    ],
)
def test_double_inequalities_durations_and_types(parse, text, expected):
    assert comparisons(parse(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Myelodysplastic syndrome, defined as 5-19% myeloblasts in the bone marrow",
         [("blast percentage", ">=", 5, "%"), ("blast percentage", "<=", 19, "%")]),
        ("Refractory anaemia (RA) with < 5% blasts", [("blast percentage", "<", 5, "%")]),
        ("Myeloma with ≥ 10% clonal plasma cells in the bone marrow", [("plasma cell percentage", ">=", 10, "%")]),
    ],
)
def test_a_percentage_of_cells_named_after_the_number_bounds_those_cells_not_the_disease(parse, text, expected):
    assert item_comparisons(parse, text) == expected


@pytest.mark.parametrize("text", ["Life expectancy of 4 months", "Estimated life expectancy: 4 months."])
def test_a_life_expectancy_written_without_a_comparator_is_a_least_one(parse, text):
    assert item_comparisons(parse, text) == [("life expectancy", ">=", 4, "mo")]


def test_a_bare_life_expectancy_under_exclusion_is_left_unread(parse):
    assert item_comparisons(parse, "Life expectancy of 3 months", "exclusion") == []


def test_a_name_written_after_a_threshold_is_that_thresholds_not_the_next_ones(parse):
    assert item_comparisons(parse, "Bone marrow < 10% plasma cells but with ≥ 1 bone lesion") == [
        ("plasma cell percentage", "<", 10, "%"), ("bone lesion", ">=", 1, "1")]


@pytest.mark.parametrize(("text", "op"), [("Adults not older than 70 years", "<="),
                                          ("Adults no younger than 70 years", ">=")])
def test_a_negated_age_comparison_is_the_opposite_bound(parse, text, op):
    assert item_comparisons(parse, text) == [("age", op, 70, "a")]


@pytest.mark.parametrize(("text", "op"), [("Adults equal or older than 70 years", ">="),
                                          ("Adults equal to or younger than 70 years", "<=")])
def test_an_age_equal_or_beyond_includes_the_bound(parse, text, op):
    assert item_comparisons(parse, text) == [("age", op, 70, "a")]


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


def test_a_scale_named_after_its_classes_with_by_is_what_they_grade(parse):
    found = item_comparisons(parse, "Heart failure classified as 3 or 4 by the New York Heart Association", "exclusion")
    assert found == [
        ("NYHA class", ">=", 3, "1"), ("NYHA class", "<=", 4, "1")]


@pytest.mark.parametrize("written", ["1000 c/mL", "1000 cps/mL", "1000 cp/mL"])
def test_copies_abbreviated_per_millilitre_are_copies(parse, written):
    assert item_comparisons(parse, f"Plasma HIV-1 RNA >= {written}") == [("HIV RNA", ">=", 1000, "{copies}/mL")]


def test_a_label_after_a_threshold_opens_the_next_item_not_the_thresholds_measure(parse):
    text = "PATIENT CHARACTERISTICS: Age: 18 and over Performance status: Karnofsky 60-100% Hepatic: Not specified"
    assert comparisons(parse(text)) == [("age", ">=", 18, "a"), ("Karnofsky performance status", ">=", 60, "%"),
                                        ("Karnofsky performance status", "<=", 100, "%")]


def test_the_count_of_dimensions_a_lesion_is_measured_in_is_no_threshold(parse):
    text = "Measurable disease: a lesion measured in at least one dimension as ≥ 20 mm"
    assert [c[1:] for c in item_comparisons(parse, text)] == [(">=", 20, "mm")]


@pytest.mark.parametrize("limit", [
    "institutional ULN", "the institutional upper limit of normal", "institutional upper limit of normal (ULN)"])
def test_a_normal_limit_without_a_number_is_one_multiple_of_it_whatever_adjective_comes_first(parse, limit):
    assert item_comparisons(parse, f"Total bilirubin =< {limit}") == [("total bilirubin", "<=", 1, "ULN")]


@pytest.mark.parametrize(("wording", "op"), [("equal or greater to", ">="), ("less or equal than", "<=")])
def test_more_orders_of_equal_and_a_comparison(parse, wording, op):
    assert item_comparisons(parse, f"Platelets {wording} 100 x 10^9/L") == [("platelet count", op, 100, "10*9/L")]


def test_millions_per_millilitre_keep_their_power_of_ten(parse):
    found = item_comparisons(parse, "Sperm concentration < 80 x 10^6/mL")
    assert found == [("Sperm concentration", "<", 80, "10*6/mL")]


@pytest.mark.parametrize("written", ["75.000/μl", "75.000/mm3"])
def test_a_dot_grouping_thousands_before_a_count_per_microlitre_is_a_thousands_separator(parse, written):
    assert [c[2] for c in item_comparisons(parse, f"Platelet count > {written}")] == [75000]


def test_n_times_in_a_bracket_after_a_multiple_of_a_limit_is_that_limit_for_a_subgroup(parse):
    text = "AST =< 3 times institutional ULN (=< 5 times if liver metastases are present)"
    assert [c[1:] for c in item_comparisons(parse, text)] == [("<=", 3, "ULN"), ("<=", 5, "ULN")]


@pytest.mark.parametrize("written", [
    "gamma-glutamyltransferase", "gamma glutamyltransferase", "gammaglutamyl transferase",
    "Gamma-Glutamyl-Transferase"])
def test_a_compound_measure_name_is_recognised_however_it_is_spaced_or_hyphenated(parse, written):
    (found,) = comparisons(parse(f"Inclusion Criteria:\n- {written} below 3 times the upper limit of normal"))
    assert found[0] == "gamma-glutamyl transferase"


@pytest.mark.parametrize(("written", "bound"), [
    ("Post-bronchodilator FEV1/FVC < 0.70", ("FEV1/FVC ratio", "<", 0.7, "1")),
    ("FEV1/FVC ratio below 70%", ("FEV1/FVC ratio", "<", 70, "%")),
])
def test_the_ratio_of_fev1_to_fvc_is_its_own_measure_not_fev1(parse, written, bound):
    assert comparisons(parse(f"Inclusion Criteria:\n- {written}")) == [bound]


@pytest.mark.parametrize(("written", "bound"), [
    ("Apnoea-hypopnoea index (AHI) below 10", ("apnea-hypopnea index", "<", 10, "/h")),
    ("AHI of at least 30 events per hour", ("apnea-hypopnea index", ">=", 30, "/h")),
    ("Resting pulse above 100 beats per minute", ("heart rate", ">", 100, "/min")),
])
def test_a_rate_named_before_its_value_is_the_measure_not_the_counted_events(parse, written, bound):
    assert comparisons(parse(f"Inclusion Criteria:\n- {written}")) == [bound]


@pytest.mark.parametrize("written", [
    "Worst pain of at least 5 on a 0 to 10 point scale",
    "Worst pain of at least 5 on a numeric rating scale (0-10)",
    "Worst pain of at least 5, rated on a scale of 0 to 10",
])
def test_the_ends_of_a_rating_scale_are_no_threshold(parse, written):
    assert [bound[1:3] for bound in comparisons(parse(f"Inclusion Criteria:\n- {written}"))] == [(">=", 5)]


def test_a_range_right_after_a_scales_name_is_the_threshold_on_that_scale(parse):
    assert [bound[1:3] for bound in comparisons(parse("Inclusion Criteria:\n- Modified Ashworth Scale 1-3"))] == [
        (">=", 1), ("<=", 3)]


@pytest.mark.parametrize("text", ["HbA1c of 6.5% (48 mmol/mol) to 9.0% (75 mmol/mol)",
                                  "HbA1c of 6.5% (48 millimoles per mole) to 9.0% (75 millimoles per mole)"])
def test_a_range_whose_low_end_is_restated_in_other_units_keeps_both_ends(parse, text):
    assert [c[1:] for c in item_comparisons(parse, text)] == [(">=", 6.5, "%"), ("<=", 9.0, "%")]


@pytest.mark.parametrize(("section", "joined"), [("inclusion", AllOf), ("exclusion", AnyOf)])
def test_a_group_name_bounds_each_of_its_members(parse, section, joined):
    document = parse(one_item("Serum transaminases ≤ 2.5 × ULN", section))
    (criterion,) = getattr(document, section)
    assert isinstance(criterion.expr, joined)
    assert comparisons(document, section) == [
        ("aspartate aminotransferase (AST)", "<=", 2.5, "ULN"), ("alanine aminotransferase (ALT)", "<=", 2.5, "ULN")]


def test_a_group_name_is_found_as_the_measures_it_stands_for():
    assert {m.key for m in vocabulary.find_measures("Liver-transaminases")} == {"ast", "alt"}


@pytest.mark.parametrize(("text", "expected"), [
    ("Lipase above 200% of the upper limit of normal", ("lipase", ">", 2, "ULN")),
    ("Serum IgG under 50% of the LLN", ("immunoglobulin G", "<", 0.5, "LLN"))])
def test_a_percentage_of_a_named_limit_is_a_multiple_of_it(parse, text, expected):
    assert item_comparisons(parse, text) == [expected]


def test_a_percentage_of_normal_stays_a_percentage(parse):
    assert item_comparisons(parse, "FEV1 at least 60% of normal")[0][2:] == (60, "%")


def test_bili_is_bilirubin(parse):
    assert item_comparisons(parse, "Bili ≤ 1.5 × ULN") == [("total bilirubin", "<=", 1.5, "ULN")]


@pytest.mark.parametrize("text", ["Transaminase levels ≤ 3 × ULN", "Hepatic aminotransferase ≤ 3 × ULN"])
def test_a_group_name_in_the_singular_bounds_each_of_its_members_too(parse, text):
    assert [c[0] for c in item_comparisons(parse, text)] == [
        "aspartate aminotransferase (AST)", "alanine aminotransferase (ALT)"]


def test_the_nearest_name_a_value_cannot_be_gives_way_to_one_it_can(parse):
    text = "Serum calcium measured on the same day as the PTH must be at least 8.5 mg/dL"
    assert item_comparisons(parse, text) == [("calcium", ">=", 8.5, "mg/dL")]


def test_a_threshold_after_the_spacing_of_two_readings_bounds_the_readings(parse):
    text = "Two potassium values taken at least 3 days apart must be below 5.5 mmol/L"
    assert item_comparisons(parse, text)[-1] == ("potassium", "<", 5.5, "mmol/L")


def test_intact_parathyroid_hormone_is_a_measure(parse):
    assert item_comparisons(parse, "iPTH between 150 and 600 pg/mL") == [
        ("parathyroid hormone (PTH)", ">=", 150, "pg/mL"), ("parathyroid hormone (PTH)", "<=", 600, "pg/mL")]


@pytest.mark.parametrize("text", ["Forced expiratory volume in 1 second (FEV1)/forced vital capacity (FVC) < 0.70",
                                  "Post-bronchodilator FEV1 / FVC below 0.70"])
def test_one_measure_over_another_is_their_ratio_when_the_lexicon_has_it(parse, text):
    assert item_comparisons(parse, text) == [("FEV1/FVC ratio", "<", 0.7, "1")]


def test_two_labs_joined_by_a_slash_the_lexicon_has_no_ratio_of_are_both_bounded(parse):
    found = item_comparisons(parse, "Prothrombin time/international normalized ratio ≤ 1.5 × ULN")
    assert [c[0] for c in found] == ["prothrombin time", "international normalized ratio"]


@pytest.mark.parametrize(("text", "measure"), [
    ("Pulmonary capillary wedge pressure ≤ 15 mmHg", "pulmonary capillary wedge pressure (PCWP)"),
    ("LVEDP ≤ 15 mmHg", "left ventricular end-diastolic pressure (LVEDP)"),
    ("Mean pulmonary artery pressure ≥ 25 mmHg", "mean pulmonary artery pressure (mPAP)")])
def test_haemodynamic_pressures_are_measures_of_their_own(parse, text, measure):
    assert item_comparisons(parse, text)[0][0] == measure


@pytest.mark.parametrize(("text", "measure"), [
    ("ABPI below 0.5", "ankle-brachial index"), ("Toe brachial index below 0.6", "toe-brachial index"),
    ("Ankle pressure below 50 mmHg", "ankle systolic pressure"),
    ("Toe systolic pressure under 30 mmHg", "toe systolic pressure")])
def test_peripheral_arterial_measures_are_measures_of_their_own(parse, text, measure):
    assert item_comparisons(parse, text)[0][0] == measure


@pytest.mark.parametrize(("text", "measure"), [
    ("Hypocalcaemia (Ca2+ < 1.0 mmol/L)", "ionized calcium"), ("Hypomagnesaemia (Mg2+ < 0.4 mmol/L)", "magnesium")])
def test_an_ion_written_with_its_charge_names_its_measure(parse, text, measure):
    assert item_comparisons(parse, text)[0][0] == measure


@pytest.mark.parametrize("text", ["Healthy men between 20 and 50 who seek a vasectomy",
                                  "Adult volunteers 21-60, inclusive"])
def test_a_bare_range_right_after_persons_is_their_age(parse, text):
    low, high = item_comparisons(parse, text)
    assert low[0] == high[0] == "age" and low[3] == high[3] == "a"


@pytest.mark.parametrize(("text", "counted"), [("Women between 1 and 3 live births", "live births"),
                                               ("Women with 1-2 living children", "living children"),
                                               ("Patients 2-4 remaining lesions", "remaining lesions")])
def test_a_bare_range_of_what_persons_have_is_no_age(parse, text, counted):
    assert [c[0] for c in item_comparisons(parse, text)] == [counted, counted]


def test_a_scale_whose_name_ends_in_type_takes_the_value_after_it(parse):
    assert item_comparisons(parse, "Fitzpatrick skin type II to V") == [
        ("Fitzpatrick skin type", ">=", 2, "1"), ("Fitzpatrick skin type", "<=", 5, "1")]


def test_a_type_named_by_its_number_is_still_no_value(parse):
    assert item_comparisons(parse, "Type 1 diabetes mellitus") == []


def test_a_comparator_after_a_bracketed_aside_on_the_number_is_the_numbers(parse):
    (found,) = item_comparisons(parse, "Grade 3 (NCI CTCAE v4.0) or higher sensory neuropathy")
    assert found[1:] == (">=", 3, "1")


@pytest.mark.parametrize("text", ["Zubrod performance status 0,1 or 2", "Zubrod performance status 0,1,or 2"])
def test_a_series_of_scores_glued_by_a_comma_then_or_is_no_decimal_comma(parse, text):
    assert item_comparisons(parse, text) == [
        ("ECOG performance status", ">=", 0, "1"), ("ECOG performance status", "<=", 2, "1")]


def test_decimal_commas_on_both_sides_of_and_stay_decimals(parse):
    assert [c[1:3] for c in item_comparisons(parse, "BMI between 19,5 and 27,0 kg/m2")] == [(">=", 19.5), ("<=", 27.0)]


def test_the_spelled_out_diffusing_capacity_shares_a_threshold_with_the_measure_before_it(parse):
    found = item_comparisons(parse, "Forced expiratory volume in 1 second (FEV1) and diffusing capacity of the lung "
                                    "for carbon monoxide (DLCO) ≥ 50% of predicted")
    assert [c[0] for c in found] == ["forced expiratory volume in 1 second", "diffusing capacity (DLCO)"]


def test_an_aside_between_the_years_and_of_age_keeps_them_an_age(parse):
    found = item_comparisons(parse, "Men and women not of childbearing potential between 45 and 75 years (both "
                                    "inclusive) of age")
    assert [(c[0], c[1], c[2], c[3]) for c in found] == [("age", ">=", 45, "a"), ("age", "<=", 75, "a")]


def test_a_year_before_a_threshold_names_nothing(parse):
    found = item_comparisons(parse, "Responsive to bronchodilator (ATS criteria, 2019, i.e. ≥ 15% and ≥ 250 mL)")
    assert found == []  # a threshold whose name is a year is left to a person, not named "2019"


def test_a_score_said_to_be_the_basis_is_the_score_of_the_scale_after_it(parse):
    (found,) = item_comparisons(parse, "Based on a score of 10 or more on the Clinical Opiate Withdrawal Scale")
    assert found[0] == "Clinical Opiate Withdrawal Scale"


@pytest.mark.parametrize("text", ["Women 21 years-of-age or older", "Men 21 years-old or above"])
def test_hyphenated_age_words_before_a_postfix_comparator_keep_the_age(parse, text):
    assert item_comparisons(parse, text) == [("age", ">=", 21, "a")]


def test_more_or_equal_and_less_or_equal_are_comparators(parse):
    assert item_comparisons(parse, "more or equal 20 years-old and less or equal 50 years-old") == [
        ("age", ">=", 20, "a"), ("age", "<=", 50, "a")]


def test_decimal_commas_that_count_up_by_one_stay_decimals(parse):
    assert [c[1:3] for c in item_comparisons(parse, "Serum potassium between 3,4 and 5,0 mmol/l")] == [
        (">=", 3.4), ("<=", 5.0)]


def test_an_aside_holding_its_own_threshold_is_no_aside(parse):
    found = item_comparisons(parse, "Karnofsky performance status 70 (ECOG 2) or higher")
    assert [c for c in found if c[0] != "ECOG performance status" and c[2] == 2] == []


@pytest.mark.parametrize("text", ["Diabetes for at least 5 years (any type) of age 40 or more",
                                  "History of ≥ 2 years (documented) of age-related macular degeneration"])
def test_of_age_opening_another_threshold_or_a_disease_closes_no_age(parse, text):
    assert ("age", ">=", 5, "a") not in item_comparisons(parse, text)
    assert ("age", ">=", 2, "a") not in item_comparisons(parse, text)


def test_an_aside_before_years_old_keeps_the_range_an_age(parse):
    assert item_comparisons(parse, "Is 25 to 60 (inclusive) years old at screening") == [
        ("age", ">=", 25, "a"), ("age", "<=", 60, "a")]


def test_a_range_whose_low_end_has_its_own_comparator_keeps_both_out_of_the_measures_name(parse):
    found = comparisons(parse("Hemoglobin greater than or equal to 8 to less than or equal to 10 g/dL"))
    assert found == [("hemoglobin", ">=", 8, "g/dL"), ("hemoglobin", "<=", 10, "g/dL")]


@pytest.mark.parametrize(("text", "value"), [("Antinuclear antibody titre ≥ 1:80", 80),
                                             ("ANA titer of 1:160 or higher", 160)])
def test_a_dilution_is_read_as_its_titre(parse, text, value):
    assert [(op, found, unit) for _, op, found, unit in comparisons(parse(text))] == [(">=", value, "1")]


def test_a_time_of_day_is_no_dilution(parse):
    assert comparisons(parse("Dosing no later than 1:30 pm")) == []


def test_over_the_before_a_count_spans_a_period_and_bounds_nothing(parse):
    found = comparisons(parse("Mean hemoglobin ≥ 9.5 g/dL over the three most recent measurements"))
    assert found == [("hemoglobin", ">=", 9.5, "g/dL")]


@pytest.mark.parametrize(("text", "expected"), [
    ("Palliative radiotherapy of 10 fractions or less", ("<=", 10, "1")),
    ("Requires 12 puffs or more of rescue inhaler on any day", (">=", 12, "1")),
])
def test_a_postfix_comparator_after_a_counted_noun_bounds_the_count(parse, text, expected):
    assert [found[1:] for found in comparisons(parse(text))] == [expected]


def test_a_counted_noun_keeps_unit_one_beside_a_lab_with_a_unit(parse):
    found = comparisons(parse("PSA ≥ 2 ng/mL after six cycles or less of docetaxel"))
    assert [c[1:] for c in found] == [(">=", 2, "ng/mL"), ("<=", 6, "1")]


def test_a_number_between_a_count_and_a_postfix_comparator_ends_the_counted_noun(parse):
    found = comparisons(parse("Toxicity of grade 2 for seven or more consecutive days"))
    assert [c[1:] for c in found] == [(">=", 7, "d")]


def test_an_extremum_before_the_noun_it_bounds_and_of_before_the_value_is_the_comparator(parse):
    found = comparisons(parse("Palliative radiotherapy with a minimum fraction size of 3 Gy"))
    assert found == [("fraction size", ">=", 3, "Gy")]


def test_a_minimum_interval_after_an_event_is_a_least_time_since_it(parse):
    found = windows(parse("A minimum interval of 6 months after the end of adjuvant chemotherapy"))
    assert [w[1:4] for w in found] == [(">=", 6, "mo")]


def test_a_count_noun_after_an_extremum_leaves_the_counted_noun_the_measure(parse):
    assert comparisons(parse("A maximum number of 3 prior regimens")) == [("regimens", "<=", 3, "1")]


def test_a_grade_of_a_condition_before_a_postfix_comparator_keeps_the_condition_in_the_measure(parse):
    assert comparisons(parse("Grade 2 peripheral neuropathy or higher")) == [
        ("peripheral neuropathy grade", ">=", 2, "1")]


def test_a_biomarker_status_is_no_treatment(parse):
    assert parse(one_item("PD-L1 positive")).inclusion[0].expr is None


def test_each_multiple_of_a_limit_for_a_named_lab_bounds_that_lab(parse):
    found = comparisons(parse(one_item("Results > 2 × ULN for ALT, > 1.5 × ULN for bilirubin, or > 1.5 × ULN for "
                                       "creatinine", "exclusion")), "exclusion")
    assert [(c[0], c[2]) for c in found] == [
        ("alanine aminotransferase (ALT)", 2), ("total bilirubin", 1.5), ("serum creatinine", 1.5)]


def test_a_lab_naming_the_group_a_value_is_for_is_no_measure_of_it(parse):
    found = comparisons(parse("Serum M-protein ≥ 0.5 g/dL for IgG, IgA myeloma"))
    assert [c[0] for c in found] == ["serum M-protein"]


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


def test_a_high_limit_of_normal_is_the_upper_limit(parse):
    assert comparisons(parse("Serum potassium ≥ LLN and ≤ HLN")) == [
        ("potassium", ">=", 1, "LLN"), ("potassium", "<=", 1, "ULN")]


def test_a_value_after_a_multiple_of_a_limit_and_or_takes_its_comparator(parse):
    assert [c[1:] for c in comparisons(parse("Serum albumin ≥ LLN or 3 g/dL"))] == [
        (">=", 1, "LLN"), (">=", 3, "g/dL")]


def test_a_range_opened_by_within_the_range_joins_its_ends_by_and(parse):
    assert [c[1:3] for c in comparisons(parse("BMI within the range 19 and 32 kg/m2, inclusive"))] == [
        (">=", 19), ("<=", 32)]


def test_a_value_after_another_measures_name_and_and_takes_the_comparator_before(parse):
    assert [c[:3] for c in comparisons(parse("Systolic BP ≤ 140 mmHg and diastolic BP 90 mmHg"))] == [
        ("systolic blood pressure", "<=", 140), ("diastolic blood pressure", "<=", 90)]


def test_what_holds_in_which_case_is_no_part_of_the_condition_before(parse):
    found = comparisons(parse("AST ≤ 3 x ULN unless bone metastases in which case up to 5 x ULN"))
    assert [c[2] for c in found] == [3, 5] and {c[0] for c in found} == {"aspartate aminotransferase (AST)"}


@pytest.mark.parametrize("text", ["HbA1c 7.5% and 10.0% (both inclusive)", "HbA1c 7.5% and 10.0%, inclusive"])
def test_two_values_joined_by_and_and_said_inclusive_are_a_range(parse, text):
    assert [c[1:3] for c in comparisons(parse(text))] == [(">=", 7.5), ("<=", 10.0)]


def test_two_values_joined_by_and_alone_are_no_range(parse):
    assert comparisons(parse("HbA1c 7.5% and 10.0% at the last two visits")) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("QTcF ≤ 450 ms and 470 ms (both inclusive) for men and women respectively", [("<=", 450)]),
    ("Haemoglobin ≥ 9 g/dL and 10 g/dL (inclusive) for women and men, respectively", [(">=", 9)]),
])
def test_values_said_inclusive_after_a_comparator_or_given_in_turn_are_no_range(parse, text, expected):
    assert [c[1:3] for c in comparisons(parse(text))] == expected


def test_respectively_after_another_threshold_leaves_an_inclusive_range_whole(parse):
    found = comparisons(parse("HbA1c 7.0% and 10.0% (inclusive) and fasting glucose < 270 mg/dL at screening and "
                              "randomisation, respectively"))
    assert [c[1:3] for c in found][:2] == [(">=", 7.0), ("<=", 10.0)]


def test_a_range_after_within_closed_by_of_age_is_an_age(parse):
    assert [c[:3] for c in item_comparisons(parse, "Healthy adults within 20-50 years of age")] == [
        ("age", ">=", 20), ("age", "<=", 50)]


@pytest.mark.parametrize("text", ["Age 21 and 50 years", "Men aged 21 and 50 years"])
def test_two_ages_joined_by_and_after_an_age_word_are_a_range(parse, text):
    assert [c[:3] for c in item_comparisons(parse, text)] == [("age", ">=", 21), ("age", "<=", 50)]


def test_two_values_each_before_the_measure_they_bound_share_the_first_comparator_without_units(parse):
    found = item_comparisons(parse, "Blood pressure greater than 150 systolic or 95 diastolic", "exclusion")
    assert [c[:3] for c in found] == [("systolic blood pressure", ">", 150), ("diastolic blood pressure", ">", 95)]


@pytest.mark.parametrize("text", ["KRAS mutation in codons 12 or 13", "EGFR mutation in exons 19 or 21",
                                  "Completed study GS-US-292-1826"])
def test_gene_positions_and_study_codes_are_no_thresholds(parse, text):
    assert comparisons(parse(text)) == []


def test_a_scores_range_hyphenated_to_its_name_stays_a_range(parse):
    assert [c[1:3] for c in comparisons(parse("ECOG-0-1"))] == [(">=", 0), ("<=", 1)]


def test_ages_joined_by_and_with_a_comparator_after_are_no_range(parse):
    assert ("<=", 75) not in [c[1:3] for c in item_comparisons(parse, "Age 18 and 75 years or older")]


def test_ages_at_events_joined_by_and_are_no_range(parse):
    assert item_comparisons(parse, "Vaccinated at age 2 and 4") == []


def test_two_ages_closing_the_clause_after_an_age_word_are_a_range_without_a_unit(parse):
    assert [c[1:] for c in item_comparisons(parse, "Age 18 and 75")] == [(">=", 18, "a"), ("<=", 75, "a")]


def test_two_scores_without_units_do_not_share_a_comparator(parse):
    found = item_comparisons(parse, "Performance status of ≥ 2 ECOG or 60 Karnofsky", "exclusion")
    assert "Karnofsky performance status" not in [c[0] for c in found]


def test_two_ages_after_an_items_own_number_in_brackets_are_a_range(parse):
    assert [c[1:3] for c in item_comparisons(parse, "(2) aged 30 and 70 years")] == [(">=", 30), ("<=", 70)]


def test_cre_abbreviates_creatinine_and_takes_its_unit(parse):
    assert comparisons(parse("Cre > 2.5")) == [("serum creatinine", ">", 2.5, "mg/dL")]


@pytest.mark.parametrize(("text", "upper"), [("Patients 20 years of age and ≤ 70 years of age", "<="),
                                             ("Women 20 years old and under 70", "<")])
def test_an_age_joined_by_and_to_an_upper_age_bound_is_the_low_end(parse, text, upper):
    assert [c[1:3] for c in comparisons(parse(text))] == [(">=", 20), (upper, 70)]


def test_a_year_after_a_month_is_a_date_not_a_threshold(parse):
    assert comparisons(parse("Women delivering between March 2019 and June 2020")) == []


def test_an_abbreviation_shared_with_a_month_does_not_hide_the_threshold_after_it(parse):
    assert comparisons(parse("Central subfield thickness on OCT 300 µm or greater")) == [
        ("Central subfield thickness on OCT", ">=", 300, "um")]


def test_years_a_rate_was_kept_up_are_not_an_age(parse):
    found = comparisons(parse("Smokes at least 10 cigarettes per day for at least 5 years"))
    assert "age" not in [measure for measure, *_ in found]


def test_years_a_rate_was_kept_up_are_named_as_the_rate(parse):
    found = comparisons(parse("Smokes at least 10 cigarettes per day for at least 5 years"))
    assert found[-1] == ("cigarette smoking", ">=", 5, "a")


def test_persons_in_a_span_of_years_are_aged_so(parse):
    assert [c[:3] for c in comparisons(parse("Healthy volunteers in 18-45 years"))] == [
        ("age", ">=", 18), ("age", "<=", 45)]


def test_a_number_and_a_time_after_lab_names_is_a_window_not_the_next_threshold(parse):
    found = comparisons(parse("Levels ≤ 2.5 × ULN for AST and ALT 14 days before the first dose"))
    assert [measure for measure, *_ in found] == ["aspartate aminotransferase (AST)", "alanine aminotransferase (ALT)"]


def test_a_count_of_times_after_lab_names_is_no_threshold_of_theirs(parse):
    found = comparisons(parse("Values above 3 x ULN of ALT or AST 2 times in a row"))
    assert [(measure, value) for measure, _, value, _ in found] == [
        ("alanine aminotransferase (ALT)", 3), ("aspartate aminotransferase (AST)", 3)]


def test_a_multiple_in_times_of_a_limit_after_a_lab_name_opens_its_threshold(parse):
    found = comparisons(parse("ALT > 3 × ULN bilirubin 2 times ULN"))
    assert [(measure, value) for measure, _, value, _ in found] == [
        ("alanine aminotransferase (ALT)", 3), ("total bilirubin", 2)]


def test_a_specimen_after_the_join_keeps_two_labs_coordinated(parse):
    found = comparisons(parse("Serum aspartate transaminase or serum alanine transaminase ≤ 3 x ULN"))
    assert [measure for measure, *_ in found] == ["aspartate aminotransferase (AST)", "alanine aminotransferase (ALT)"]


def test_a_range_between_two_bare_equals_signs_is_a_range(parse):
    """"=18.5 to =29.9": "≥" and "≤" that lost their first stroke in conversion, not two exact values."""
    found = comparisons(parse("Body mass index =20.0 to =27.5 kg/m2"))
    assert [c[1:3] for c in found] == [(">=", 20.0), ("<=", 27.5)]


def test_two_abbreviations_of_one_lab_side_by_side_do_not_end_a_coordination(parse):
    found = comparisons(parse("Aspartate aminotransferase (AST SGOT) or alanine aminotransferase (ALT SGPT) > 3 x ULN"))
    assert [measure for measure, *_ in found] == ["aspartate aminotransferase (AST)", "alanine aminotransferase (ALT)"]


def test_names_after_a_value_that_open_the_next_threshold_are_not_its_measure(parse):
    """Run-on lab lists without commas: "calcium ≥ LLN INR and PTT < 1.5 × ULN"."""
    found = comparisons(parse("Bilirubin ≤ 1.5 x ULN AST and ALT ≤ 3 x ULN"))
    assert [(measure, value) for measure, _, value, _ in found] == [
        ("total bilirubin", 1.5), ("aspartate aminotransferase (AST)", 3), ("alanine aminotransferase (ALT)", 3)]


def test_a_percentage_right_before_blasts_is_their_share(parse):
    found = comparisons(parse("Relapsed leukaemia with at least 10% leukemic blasts on aspirate"))
    assert [(measure, value) for measure, _, value, _ in found] == [("blast percentage", 10)]


def test_a_markers_share_of_blasts_is_the_markers(parse):
    found = comparisons(parse("CD19 expression on ≥ 30% of leukemic blasts"))
    assert [measure for measure, *_ in found] == ["CD19 expression"]


def test_partial_thromboplastin_without_time_is_the_aptt(parse):
    found = comparisons(parse("Prothrombin time (PT) and partial thromboplastin (PTT) ≤ 1.2 × ULN"))
    assert [measure for measure, *_ in found] == ["prothrombin time", "activated partial thromboplastin time"]


def test_ages_of_an_event_joined_by_and_are_no_range(parse):
    assert item_comparisons(parse, "Vaccinated at 2 and 4 years of age") == []
