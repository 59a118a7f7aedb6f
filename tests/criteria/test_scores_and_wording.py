"""Short scores written without a comparator, comparator wordings, and values an "or" adds to a threshold.

Each text was written for its test, in the wording of sponsor records: a score's class stated bare ("NYHA
class IV"), allowed scores listed with commas ("ECOG 0, 1"), "equal or above", "grade 2 or worse", a second
value after the way it is measured, and a lab read in a window whose visit is named in brackets.
"""

from __future__ import annotations

import pytest

from parser.models.criteria import AnyOf, Comparison, Concept, Not
from parser.models.walk import iter_nodes
from tests.criteria.conftest import comparisons, item_comparisons, one_item, only_criterion, windows


@pytest.mark.parametrize(("item", "measure", "value"), [
    ("Heart failure of New York Heart Association (NYHA) class III", "NYHA class", 3),
    ("American Society of Anesthesiologists (ASA) physical status II", "ASA physical status", 2),
    ("ECOG performance status 1", "ECOG performance status", 1),
])
def test_a_short_score_stated_without_a_comparator_is_that_value(parse, item, measure, value):
    assert item_comparisons(parse, item, "exclusion") == [(measure, "==", value, "1")]


def test_a_bare_grade_names_no_scale_so_it_is_not_a_threshold(parse):
    assert item_comparisons(parse, "History of grade 3 infusion reaction", "exclusion") == []


@pytest.mark.parametrize("item", ["ECOG performance status of 0, 1", "Zubrod performance status 0,1"])
def test_scores_listed_with_commas_are_the_range_they_span(parse, item):
    assert item_comparisons(parse, item) == [
        ("ECOG performance status", ">=", 0, "1"), ("ECOG performance status", "<=", 1, "1")]


def test_a_stage_read_by_an_edition_of_a_staging_system_stays_the_stage(parse):
    found = item_comparisons(parse, "Stage II-IIIB according to the 7th edition of the UICC classification")
    assert [c[:3] for c in found] == [("Stage", ">=", 2), ("Stage", "<=", 3)]


@pytest.mark.parametrize("item", ["Clinical Dementia Rating global score of 0.5, 1 or 2",
                                  "EDSS score of 3.0, 3.5, 4.0 or 4.5 at the baseline visit"])
def test_rising_values_of_a_scale_in_half_steps_are_the_range_they_span(parse, item):
    low, high = (0.5, 2) if "Dementia" in item else (3, 4.5)
    assert [c[1:3] for c in item_comparisons(parse, item)] == [(">=", low), ("<=", high)]


def test_codes_with_decimals_listed_are_no_range_of_a_scale(parse):
    item = "Diagnosis of ADHD (diagnostic code 314.00 or 314.01) and CGI-S score of 4 or more"
    assert [c[2] for c in item_comparisons(parse, item)] == [4]


@pytest.mark.parametrize("item", ["Zubrod performance status 0,1,2", "ECOG performance status of 0,1,2."])
def test_three_scores_glued_by_commas_are_a_list_not_a_decimal(parse, item):
    assert [c[1:3] for c in item_comparisons(parse, item)] == [(">=", 0), ("<=", 2)]


def test_digits_joined_by_a_comma_elsewhere_are_still_a_decimal(parse):
    found = item_comparisons(parse, "Serum phosphate below 0,8 mmol/L", "exclusion")
    assert found == [("phosphate", "<", 0.8, "mmol/L")]


@pytest.mark.parametrize(("item", "op"), [
    ("Fasting triglycerides equal or above 500 mg/dL", ">="),
    ("Serum sodium equal or below 128 mmol/L", "<="),
    ("Corrected calcium equal or higher than 12 mg/dL", ">="),
])
def test_equal_or_before_a_direction_includes_the_value(parse, item, op):
    (found,) = item_comparisons(parse, item, "exclusion")
    assert found[1] == op


def test_a_grade_or_worse_is_that_grade_or_higher(parse):
    assert item_comparisons(parse, "Motor neuropathy of grade 2 or worse", "exclusion") == [
        ("Motor neuropathy grade", ">=", 2, "1")]


def test_milli_units_per_litre_is_a_ucum_unit(parse):
    found = item_comparisons(parse, "TSH above 10 mU/L", "exclusion")
    assert found == [("thyroid stimulating hormone", ">", 10, "mU/L")]


def test_fasting_insulin_without_a_unit_is_read_in_micro_international_units(parse):
    criterion = only_criterion(parse, "Fasting insulin above 25", "exclusion")
    (comparison,) = [node for node in iter_nodes(criterion.expr) if isinstance(node, Comparison)]
    assert (comparison.unit, comparison.unit_inferred) == ("u[IU]/mL", True)


def test_a_lab_spelled_amino_transaminase_is_still_named(parse):
    assert item_comparisons(parse, "aspartate amino transaminase [AST] or alanine amino transaminase [ALT] > 3x ULN",
                            "exclusion") == [("aspartate aminotransferase (AST)", ">", 3, "ULN"),
                                             ("alanine aminotransferase (ALT)", ">", 3, "ULN")]


def test_a_second_value_after_the_way_the_first_is_measured_keeps_the_comparator(parse):
    assert item_comparisons(parse, "Nodal mass at least 1.5 cm on CT or 2 cm on ultrasound") == [
        ("Nodal mass", ">=", 1.5, "cm"), ("Nodal mass", ">=", 2, "cm")]


def test_a_value_for_each_sex_is_two_thresholds_with_their_groups(parse):
    criterion = only_criterion(parse, "Haemoglobin at least 13 g/dL for men or 12 g/dL for women")
    found = [(node.value, node.when.concept) for node in iter_nodes(criterion.expr)
             if isinstance(node, Comparison) and node.when]
    assert found == [(13, "men"), (12, "women")]


@pytest.mark.parametrize("text", ["Maximum serum creatinine 1.7 mg/dL (males) and 1.4 mg/dL (females)",
                                  "Serum creatinine at most 1.7 mg/dL in males, 1.4 mg/dL in females"])
def test_a_value_for_each_sex_in_brackets_or_after_a_comma_is_two_thresholds_with_their_groups(parse, text):
    criterion = only_criterion(parse, text)
    found = [(node.op, node.value, node.when.concept) for node in iter_nodes(criterion.expr)
             if isinstance(node, Comparison) and isinstance(node.when, Concept)]
    assert found == [("<=", 1.7, "males"), ("<=", 1.4, "females")]


def test_a_bracket_naming_only_patients_is_no_group(parse):
    criterion = only_criterion(parse, "Neutrophils at least 1500/mm3 (patients)")
    assert [node.when for node in iter_nodes(criterion.expr) if isinstance(node, Comparison)] == [None]


def test_a_visit_named_in_brackets_after_a_window_leaves_the_lab_before_it_the_measure(parse):
    assert item_comparisons(parse, "HbA1c measured within 4 weeks before randomisation (Day 1) is at most 9%") == [
        ("hemoglobin A1c", "<=", 9, "%")]


def test_including_before_a_window_event_is_not_part_of_the_event(parse):
    criterion = only_criterion(parse, "Serious cardiac disease, including stroke within 3 months of enrolment",
                               "exclusion")
    assert [node.concept for node in iter_nodes(criterion.expr) if getattr(node, "within", None)] == ["stroke"]


@pytest.mark.parametrize("item", ["Oral temperature above 38.3˚C", "Oral temperature above 38.3ºC"])
def test_a_ring_or_ordinal_sign_typed_for_a_degree_sign_is_celsius(parse, item):
    assert item_comparisons(parse, item, "exclusion") == [("body temperature", ">", 38.3, "Cel")]


def test_a_bracketed_threshold_for_an_age_group_is_that_groups_threshold_not_a_group_of_the_first(parse):
    item = "Diastolic blood pressure ≥ 95 mmHg (≥ 100 mmHg in subjects > 70 years of age)"
    criterion = only_criterion(parse, item, "exclusion")
    general, older = [node for node in iter_nodes(criterion.expr)
                      if isinstance(node, Comparison) and node.measure == "diastolic blood pressure"]
    assert (general.value, older.value) == (95, 100)
    assert isinstance(general.when, Not)
    assert (general.when.not_.measure, general.when.not_.op, general.when.not_.value) == ("age", ">", 70)
    assert (older.when.measure, older.when.op, older.when.value) == ("age", ">", 70)


def test_each_end_of_a_range_may_say_whether_it_counts(parse):
    assert item_comparisons(parse, "Body weight between 45 kg (inclusive) and 110 kg (exclusive)") == [
        ("body weight", ">=", 45, "kg"), ("body weight", "<", 110, "kg")]


@pytest.mark.parametrize(("item", "value", "unit"), [("Vitamin E intake above 800 IU daily", 800, "[IU]/d"),
                                                      ("Vitamin D supplementation of more than 2000 IU", 2000, "[IU]")])
def test_international_units_written_alone(parse, item, value, unit):
    (found,) = item_comparisons(parse, item, "exclusion")
    assert found[1:] == (">", value, unit)


def test_a_multiple_after_the_laboratory_a_limit_belongs_to_bounds_the_same_lab(parse):
    item = "Alkaline phosphatase < 2X the ULN for the reference lab < 4X the ULN for patients with bone metastases"
    assert item_comparisons(parse, item) == [
        ("alkaline phosphatase", "<", 2, "ULN"), ("alkaline phosphatase", "<", 4, "ULN")]


def test_one_value_for_each_group_joined_by_and(parse):
    criterion = only_criterion(
        parse, "Life expectancy > 16 weeks for patients with lymphoma and 8 weeks for patients with leukaemia")
    found = [(node.value, node.when.concept) for node in iter_nodes(criterion.expr) if isinstance(node, Comparison)]
    assert found == [(16, "lymphoma"), (8, "leukaemia")]


def test_a_tnm_code_range_bounds_its_category(parse):
    assert item_comparisons(parse, "Clinical T1-3, N0-N1 adenocarcinoma") == [
        ("T category (TNM)", ">=", 1, "1"), ("T category (TNM)", "<=", 3, "1"),
        ("N category (TNM)", ">=", 0, "1"), ("N category (TNM)", "<=", 1, "1")]


@pytest.mark.parametrize("text", ["Clinical stage cT2-3, cN0-1 breast cancer", "Rectal cancer staged ypT2-3, ypN0-1",
                                  "Prostate cancer T2b-3, N0-1", "Pathological stage pT2a-pT3, pN0-N1"])
def test_a_tnm_range_with_its_basis_prefixed_or_a_subcategory_letter_bounds_its_categories(parse, text):
    assert item_comparisons(parse, text) == [
        ("T category (TNM)", ">=", 2, "1"), ("T category (TNM)", "<=", 3, "1"),
        ("N category (TNM)", ">=", 0, "1"), ("N category (TNM)", "<=", 1, "1")]


@pytest.mark.parametrize("text", ["Locally advanced T2/3 rectal tumour", "Clinical stage T2 or T3 disease",
                                  "Tumour classified T2–T3 at diagnosis", "T2 or T3 adenocarcinoma of the rectum"])
def test_a_tnm_range_written_with_a_slash_or_a_word_bounds_its_category_where_staging_is_spoken_of(parse, text):
    assert item_comparisons(parse, text) == [("T category (TNM)", ">=", 2, "1"), ("T category (TNM)", "<=", 3, "1")]


@pytest.mark.parametrize("text", ["Type 1 diabetes, also written T1 or T2 diabetes", "thyroid hormones (T3/T4) taken",
                                  "Gastric emptying T1/2 less than 80 minutes", "No evidence of N1 or N2 disease on CT",
                                  "Skin disease staged T1, T2 or T4", "Tumour stage T2 or T4",
                                  "Thyroid disease with abnormal free T3/T4 levels",
                                  "Hyperintense on T1 or T2 weighted MRI, suspicious of tumour",
                                  "Spinal cord compression at T3/T4 from metastatic disease"])
def test_codes_like_tnm_elsewhere_denied_or_listed_apart_are_no_stage_range(parse, text):
    assert not [c for c in item_comparisons(parse, text) if "TNM" in c[0]]


def test_w_slash_in_is_within(parse):
    assert windows(parse(one_item("Myocardial infarction w/in 6 months of screening", "exclusion")), "exclusion") == [
        ("Myocardial infarction", "<=", 6, "mo", False)]


@pytest.mark.parametrize("text", ["Ejection fraction ³55% on echocardiogram",
                                  "Ejection fraction Â³55% on echocardiogram"])
def test_a_symbol_font_greater_or_equal_typed_as_a_raised_three_is_a_comparator(parse, text):
    assert item_comparisons(parse, text)[0][1:] == (">=", 55, "%")


@pytest.mark.parametrize(("text", "expected"), [("Platelets ≥ 120 x 10³/µL", (">=", 120, "10*3/uL")),
                                                ("CD4 count > 200 cells/mm ³ at screening", (">", 200, "/mm3"))])
def test_a_raised_three_after_a_unit_is_still_a_power(parse, text, expected):
    assert item_comparisons(parse, text)[0][1:] == expected


def test_the_maximum_of_a_scale_after_a_score_is_not_its_measure(parse):
    found = item_comparisons(parse, "A total itch score ≥ 7 out of a possible 10 at baseline")
    assert found == [("total itch score", ">=", 7, "1")]


def test_a_generic_word_after_i_e_in_a_bracket_leaves_the_phrase_before_the_bracket_the_measure(parse):
    assert item_comparisons(parse, "Reduced finger-to-floor distance (i.e. measurement > 20 cm)") == [
        ("Reduced finger-to-floor distance", ">", 20, "cm")]


def test_in_a_run_on_list_a_name_followed_by_its_own_threshold_does_not_take_the_one_before(parse):
    item = ("Findings ALT > 4x ULN Serum total bilirubin (TB) > 2.5 mg/dL Triglyceride levels of greater than "
            "500 mg/dL")
    assert item_comparisons(parse, item, "exclusion") == [
        ("alanine aminotransferase (ALT)", ">", 4, "ULN"), ("total bilirubin", ">", 2.5, "mg/dL"),
        ("triglycerides", ">", 500, "mg/dL")]


@pytest.mark.parametrize(("item", "op"), [("Platelet count >/ =75,000/mm^3", ">="),
                                          ("Bilirubin less than and equal to 2xULN", "<=")])
def test_comparators_typed_with_a_space_or_and_include_the_value(parse, item, op):
    (found,) = item_comparisons(parse, item)
    assert found[1] == op


def test_units_per_kilogram_per_day(parse):
    found = item_comparisons(parse, "Total daily insulin dose of ≥ 0.4 U/kg/day")
    assert found == [("Total daily insulin dose", ">=", 0.4, "U/kg/d")]


@pytest.mark.parametrize("text", [
    "New York Heart Association (NYHA) III or IV heart failure",
    "Class III or IV heart failure according to the New York Heart Association classification",
])
def test_nyha_classes_named_around_a_bracketed_abbreviation_or_after_the_value(parse, text):
    assert item_comparisons(parse, text, "exclusion") == [("NYHA class", ">=", 3, "1"), ("NYHA class", "<=", 4, "1")]


def test_roman_classes_after_class_of_are_a_range(parse):
    found = item_comparisons(parse, "Heart failure of NYHA class of II to III", "exclusion")
    assert found == [("NYHA class", ">=", 2, "1"), ("NYHA class", "<=", 3, "1")]


def test_a_roman_class_right_after_a_sign_is_a_value_wherever_its_scale_is_named(parse):
    found = item_comparisons(parse, "NYHA classification of heart failure > III", "exclusion")
    assert found == [("NYHA class", ">", 3, "1")]


@pytest.mark.parametrize("text", ["Stage IV disease", "Stage III colorectal cancer", "Stage IV NSCLC"])
def test_a_single_stage_before_the_disease_it_stages_is_that_stage(parse, text):
    assert [c[1:3] for c in item_comparisons(parse, text)] == [("==", 4 if "IV" in text else 3)]


@pytest.mark.parametrize("text", ["Stage IIIB disease", "Stage IA, grade 3", "Stage I or II disease stage"])
def test_a_substage_or_a_listed_stage_is_no_single_stage(parse, text):
    assert ("==", 3) not in [c[1:3] for c in item_comparisons(parse, text)]


@pytest.mark.parametrize("text", ["Histologically confirmed stage IV non-squamous NSCLC",
                                  "Metastatic gastric cancer stage IV", "Stage IV (M1a or M1b per AJCC) lung cancer",
                                  "Stage 4 melanoma"])
def test_a_single_stage_near_the_disease_or_staging_system_it_stages_is_that_stage(parse, text):
    assert item_comparisons(parse, text) == [("stage", "==", 4, "1")]


def test_a_stage_a_therapy_was_for_is_no_threshold(parse):
    assert item_comparisons(parse, "Prior hormonal therapy for stage IV disease is allowed") == []


def test_a_stage_a_cohort_is_for_is_a_threshold(parse):
    assert item_comparisons(parse, "Eligible for the stage IV disease cohort") == [("stage", "==", 4, "1")]


@pytest.mark.parametrize("text", ["Stage 2 of the study: patients with GBM", "Chronic kidney disease stage 3",
                                  "Stage 4 chronic kidney disease"])
def test_a_stage_in_digits_without_a_tumour_named_is_no_tumour_stage(parse, text):
    assert ("stage", "==") not in [c[:2] for c in item_comparisons(parse, text)]


@pytest.mark.parametrize(("text", "measure"), [("stage 3 or 4 melanoma", "melanoma stage"),
                                               ("class 3 or 4 congestive heart failure", "NYHA class")])
def test_a_range_after_a_scale_word_is_of_the_scale_for_what_follows_not_a_count_of_it(parse, text, measure):
    assert [c[:3] for c in item_comparisons(parse, text)] == [(measure, ">=", 3), (measure, "<=", 4)]


def test_the_intravenous_route_after_a_sign_is_no_roman_value(parse):
    found = item_comparisons(parse, "Dexamethasone > 4 mg/day or = IV equivalent")
    assert [c[1:] for c in found] == [(">", 4, "mg/d")]


def test_a_comma_list_of_consecutive_roman_classes_is_a_range(parse):
    found = item_comparisons(parse, "Canadian Cardiovascular Society angina class II, III, or IV", "exclusion")
    assert [(c[1], c[2]) for c in found] == [(">=", 2), ("<=", 4)]


@pytest.mark.parametrize("text", ["Must not have received more than 2 prior regimens for metastatic disease",
                                  "Subjects who have not previously received more than 2 prior regimens"])
def test_not_having_received_more_than_a_count_is_at_most_that_count(parse, text):
    (found,) = item_comparisons(parse, text)
    assert found[1:] == ("<=", 2, "1")


@pytest.mark.parametrize(("text", "measure"), [
    ("Moderate atopic dermatitis (SCORAD up to 50)", "SCORing Atopic Dermatitis (SCORAD)"),
    ("A score greater than 13 on the Beck Depression Inventory", "Beck Depression Inventory (BDI)"),
    ("State-Trait Anxiety Inventory score above 40", "State-Trait Anxiety Inventory (STAI)"),
    ("A Crohn's Disease Activity Index [Best 1976] of at least 220", "Crohn's Disease Activity Index (CDAI)"),
    ("mMRC dyspnea scale score ≥ 2", "mMRC dyspnea scale"),
    ("A score of at least 4 on the modified Borg scale", "Borg dyspnea scale"),
    ("QIDS-SR16 total score of 11 or more", "Quick Inventory of Depressive Symptomatology (QIDS)"),
    ("Alcohol Use Disorders Identification Test (AUDIT) score ≥ 8",
     "Alcohol Use Disorders Identification Test (AUDIT)"),
    ("Apnea/hypopnea index ≥ 15 events per hour", "apnea-hypopnea index"),
])
def test_scales_clinicians_use_to_grade_disease_and_symptoms_are_measures(parse, text, measure):
    assert [c[0] for c in item_comparisons(parse, text)] == [measure]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Stage IIIA or IV melanoma", [("Stage", ">=", 3, "1"), ("Stage", "<=", 4, "1")]),
        ("Stage IIB to IIIC breast cancer", [("Stage", ">=", 2, "1"), ("Stage", "<=", 3, "1")]),
        ("Stage IB to IIIA lung cancer", [("Stage", ">=", 1, "1"), ("Stage", "<=", 3, "1")]),
    ],
)
def test_a_substage_in_capitals_counts_as_its_stage(parse, text, expected):
    assert item_comparisons(parse, text) == expected


def test_an_antibody_named_like_a_substage_and_a_number_is_no_range(parse):
    assert item_comparisons(parse, "Positive for GAD65 or IA-2 autoantibodies", "exclusion") == []


def test_a_scales_roman_values_after_of_are_its_values(parse):
    assert item_comparisons(parse, "Parkinson's disease with Hoehn and Yahr of I-III") == [
        ("Hoehn and Yahr stage", ">=", 1, "1"), ("Hoehn and Yahr stage", "<=", 3, "1")]


def test_a_scales_roman_values_after_an_abbreviation_no_table_knows_are_its_values(parse):
    assert item_comparisons(parse, "Pulmonary arterial hypertension in WHO Functional Class (FC) II or III") == [
        ("WHO functional class", ">=", 2, "1"), ("WHO functional class", "<=", 3, "1")]


@pytest.mark.parametrize("wording", ["lesser than or equal to", "less than equal to"])
def test_less_than_or_equal_in_other_words(parse, wording):
    assert item_comparisons(parse, f"Serum creatinine {wording} 1.8 mg/dL") == [
        ("serum creatinine", "<=", 1.8, "mg/dL")]


@pytest.mark.parametrize(
    ("text", "scale"),
    [
        ("A score of 4 or more (on a 10-point visual analogue scale)", "visual analogue scale"),
        ("Score 10 to 20 (inclusive) on the Hamilton Anxiety Rating Scale", "Hamilton Anxiety Rating Scale"),
    ],
)
def test_a_score_takes_the_scale_named_after_a_bracket(parse, text, scale):
    assert {c[0] for c in item_comparisons(parse, text)} == {scale}


@pytest.mark.parametrize("link", ["using the", "as measured using the"])
def test_a_score_takes_the_scale_it_was_read_with(parse, link):
    text = f"Participant has a screening score of 30 or more {link} Yale Global Tic Severity Scale"
    assert item_comparisons(parse, text) == [("Yale Global Tic Severity Scale", ">=", 30, "1")]


def test_a_score_read_with_a_scale_the_lexicon_knows_is_that_measure(parse):
    assert item_comparisons(parse, "A total score of at least 20 using the MADRS at baseline") == [
        ("Montgomery-Åsberg Depression Rating Scale (MADRS)", ">=", 20, "1")]


@pytest.mark.parametrize(
    ("text", "graded"),
    [
        ("Greater than grade 2 National Cancer Institute Common Toxicity Criteria (NCI CTC) stomatitis",
         "stomatitis grade"),
        ("Chronic constipation, grade ≥ 3 at baseline", "Chronic constipation grade"),
        ("Earlier onset of ≥ grade 2 (CTCAE) mucositis on fluorouracil", "mucositis grade"),
        ("Grade 2 or higher neuropathy attributable to earlier taxanes", "neuropathy grade"),
        ("Recovered to grade 1 or less from mucositis", "mucositis grade"),
        ("Unresolved skin toxicity of at least grade 2 attributed to cetuximab", "Unresolved skin toxicity grade"),
        ("Hand-foot syndrome of grade 2 or greater intensity", "Hand-foot syndrome grade"),
        ("Mucositis of grade 3 or higher severity during induction", "Mucositis grade"),
    ],
)
def test_a_grade_names_what_is_graded_past_its_system_or_before_a_comma(parse, text, graded):
    assert [c[0] for c in item_comparisons(parse, text, "exclusion")] == [graded]


@pytest.mark.parametrize(
    ("text", "graded"),
    [
        ("Sensory neuropathy > grade 2 whatever its cause", "Sensory neuropathy grade"),
        ("Diarrhoea of grade ≥ 2 related to earlier pelvic radiotherapy", "Diarrhoea grade"),
        ("Fatigue above grade 1 regardless of attribution", "Fatigue grade"),
        ("Grade ≥ 3 related adverse events on the first course", "related adverse events grade"),
        ("≥ grade 2 toxicity related to prior immunotherapy", "toxicity grade"),
        ("Grade 3 or higher fatigue resulting from earlier radiotherapy", "fatigue grade"),
    ],
)
def test_the_cause_named_after_a_grade_is_not_what_is_graded(parse, text, graded):
    assert [c[0] for c in item_comparisons(parse, text, "exclusion")] == [graded]


@pytest.mark.parametrize(
    ("text", "graded"),
    [
        ("Grade 2 or higher sensory or motor neuropathy", "sensory or motor neuropathy grade"),
        ("Grade ≥ 2 motor or sensory neuropathy", "motor or sensory neuropathy grade"),
        ("Grade ≥ 2 neurosensory and/or neuromotor toxicity", "neurosensory and/or neuromotor toxicity grade"),
        ("Ongoing ≥ grade 2 or greater mucositis", "mucositis grade"),
        ("Active infection > grade 2 NCI-CTC version 3.0", "Active infection grade"),
        ("Prior ≥ grade 3 (see Appendix II) skin reaction to cetuximab", "skin reaction grade"),
        ("Grade ≥ 3 neutropenia or platelets below 50 x 10^9/L", "neutropenia grade"),
        ("Grade ≥ 2 peripheral neuropathy or active shingles infection", "peripheral neuropathy grade"),
        ("Not recovered to ≤ grade 1 toxicity or baseline status", "toxicity grade"),
        ("Grade ≥ 3 hypertension or diabetes", "hypertension grade"),
    ],
)
def test_a_grade_grades_what_or_joins_only_where_they_share_a_head_past_a_restated_comparator_or_reference(
        parse, text, graded):
    assert [c[0] for c in item_comparisons(parse, text, "exclusion")][:1] == [graded]


def test_a_grade_before_two_things_grades_the_first_and_leaves_the_second_a_concept(parse):
    expr = parse(one_item("Grade ≥ 3 nausea or brain metastases", "exclusion")).exclusion[0].expr
    assert isinstance(expr, AnyOf) and [getattr(n, "measure", None) or n.concept for n in expr.any] == [
        "nausea grade", "brain metastases"]


@pytest.mark.parametrize(("text", "expected"), [
    ("Gleason score 3+4 adenocarcinoma of the prostate", [("Gleason score", "==", 7, "1")]),
    ("Gleason 4+4 or higher", [("Gleason score", ">=", 8, "1")]),
])
def test_a_score_written_as_the_sum_of_its_parts_is_the_sum(parse, text, expected):
    assert item_comparisons(parse, text) == expected


def test_an_inclusion_grade_written_with_a_plus_and_no_comparator_is_that_grade(parse):
    assert item_comparisons(parse, "HER2 3+ by immunohistochemistry") == [("HER2", "==", 3, "{dipstick}")]


def test_an_exclusion_grade_written_with_a_plus_and_no_comparator_excludes_from_it_on(parse):
    assert item_comparisons(parse, "Proteinuria 2+ on dipstick", "exclusion") == [
        ("urine protein (dipstick)", ">=", 2, "{dipstick}")]


@pytest.mark.parametrize("text", ["Gleason pattern 3+4 adenocarcinoma", "JNJ-64155806+ once daily",
                                  "Cluster of differentiation (CD)4+ lymphocytes",
                                  "Urine protein ≤ 1+ (if 2+ on dipstick, 24-hour urine protein < 1 g)",
                                  "Patients with 2+ proteinuria need a 24-hour urine protein < 1 g",
                                  "Urine dipstick protein trace or 1+", "HER2 IHC 2+ with ISH amplification"])
def test_a_plus_in_a_condition_a_list_a_combination_a_sum_a_code_or_a_marker_is_no_stated_grade(parse, text):
    assert [c for c in item_comparisons(parse, text) if c[3] == "{dipstick}" and c[1] == "=="] == []


def test_a_plus_grade_a_second_test_qualifies_bounds_nothing_even_after_another_grade(parse):
    found = item_comparisons(parse, "Proteinuria 3+ or 2+ with 24-hour urine protein > 1 g", "exclusion")
    assert [c for c in found if c[3] == "{dipstick}"] == [("urine protein (dipstick)", ">=", 3, "{dipstick}")]


def test_a_bound_named_by_a_specimen_alone_measures_the_analyte_before_it_in_that_specimen(parse):
    text = "Measurable disease: M-protein in serum (at least 1 g/dL) or urine (at least 200 mg/24 h)"
    found = item_comparisons(parse, text)
    assert [c[0] for c in found] == ["serum M-protein", "urine M-protein"]


def test_a_specimen_named_without_a_bracketed_bound_keeps_its_own_measure(parse):
    found = item_comparisons(parse, "Serum albumin below 3 g/dL or urine output below 400 mL/day")
    assert [c[0] for c in found][1:] != ["urine albumin"]


def test_a_range_of_classes_written_through(parse):
    found = item_comparisons(parse, "New York Heart Association class II through IV heart failure", "exclusion")
    assert [c[1:] for c in found] == [(">=", 2, "1"), ("<=", 4, "1")]


@pytest.mark.parametrize("item", [
    "Locally advanced stage II to stage IV gastric cancer",
    "Disease of stage II up to IV",
    "Stage II up to stage IVb head and neck carcinoma",
])
def test_a_range_of_stages_names_its_scale_again_or_is_joined_by_up_to(parse, item):
    assert [c[1:] for c in item_comparisons(parse, item)] == [(">=", 2, "1"), ("<=", 4, "1")]


def test_a_range_after_between_may_give_its_larger_end_first(parse):
    found = item_comparisons(parse, "An echocardiogram obtained between 90-14 days before randomisation")
    assert [c[1:] for c in found] == [(">=", 14, "d"), ("<=", 90, "d")]


def test_a_time_point_named_again_after_a_connector_is_no_range(parse):
    assert item_comparisons(parse, "Clinical remission maintained from week 12 to week 24") == []


def test_a_count_up_to_a_time_of_another_unit_is_no_range(parse):
    found = item_comparisons(parse, "Inhaled steroids 400 mcg up to 4 weeks before the first visit", "exclusion")
    assert (">=", 400, "ug") not in [c[1:] for c in found]


@pytest.mark.parametrize(("text", "expected"), [
    ("Second- or third-degree heart block", [(">=", 2)]),
    ("2nd or 3rd degree AV block", [(">=", 2)]),
    ("First or second degree AV block", [(">=", 1), ("<=", 2)]),
    ("Second or third degree atrioventricular (AV) block", [(">=", 2)]),
    ("2nd or 3rd degree A-V block", [(">=", 2)]),
    ("ECG abnormality such as AV block [2nd degree or higher]", [(">=", 2)]),
    ("Atrioventricular (AV) block (second degree or greater)", [(">=", 2)]),
    ("AV block (first or second degree)", [(">=", 1), ("<=", 2)]),
])
def test_the_ordinals_before_degree_of_a_heart_block_are_its_degrees(parse, text, expected):
    found = item_comparisons(parse, text, "exclusion")
    assert [(c[1], c[2]) for c in found] == expected
    assert {c[0] for c in found} == {"atrioventricular block degree"}


@pytest.mark.parametrize("text", ["Second- or third-degree burns over the trunk", "Third-degree heart block",
                                  "Sinoatrial block (second degree or higher)"])
def test_one_degree_or_degrees_of_anything_but_a_conduction_block_are_no_threshold(parse, text):
    assert item_comparisons(parse, text, "exclusion") == []


def test_a_viral_load_after_the_virus_named_is_that_virus_load(parse):
    assert item_comparisons(parse, "HCV RNA viral load ≥ 10,000 IU/mL")[0][0] == "HCV RNA"


def test_a_performance_status_after_the_scale_named_is_that_scale(parse):
    assert item_comparisons(parse, "Lansky performance status ≥ 60%")[0][0] == "Lansky play-performance score"


def test_a_generic_name_coordinated_with_another_score_is_its_own_measure(parse):
    found = item_comparisons(parse, "MMSE score and performance status ≤ 2")
    assert "ECOG performance status" in [c[0] for c in found]


def test_a_word_shared_by_two_viruses_names_both_loads(parse):
    found = item_comparisons(parse, "HBV or HCV viral load < 20 IU/mL")
    assert [c[0] for c in found] == ["HBV DNA", "HCV RNA"]


def test_a_grade_of_a_lab_is_no_reading_of_the_lab_in_its_own_unit(parse):
    found = item_comparisons(parse, "Total bilirubin of grade 3 or higher", "exclusion")
    assert found and all(c[3] == "1" for c in found)


@pytest.mark.parametrize("text", ["Grade 2 or higher serum creatinine increase",
                                  "Asymptomatic grade 4 triglyceride elevation", "Grade ≥ 3 ALT increase"])
def test_a_number_after_the_word_grade_grades_the_lab_named_after_it(parse, text):
    """Never "creatinine ≥ 2 mg/dL": the number is the grade of the lab's abnormality, in unit 1."""
    found = item_comparisons(parse, text, "exclusion")
    assert found and all(c[0].endswith("grade") and c[3] == "1" for c in found), found


@pytest.mark.parametrize(("text", "expected"), [
    ("Class III or IV congestive heart failure", [("NYHA class", ">=", 3, "1"), ("NYHA class", "<=", 4, "1")]),
    ("Class IV cardiac failure", [("NYHA class", "==", 4, "1")]),
    ("Class II heart failure or worse", [("NYHA class", ">=", 2, "1")]),
    ("Class III angina pectoris", [("CCS angina class", "==", 3, "1")]),
])
def test_a_class_before_a_condition_is_of_the_score_that_condition_is_classed_by(parse, text, expected):
    assert item_comparisons(parse, text, "exclusion") == expected


@pytest.mark.parametrize("text", ["Stroke or transient ischaemic attack; class III or IV heart failure",
                                  "Recent myocardial infarction, class III or IV cardiac failure"])
def test_a_class_listed_after_other_conditions_is_of_the_score_its_own_condition_has(parse, text):
    assert item_comparisons(parse, text, "exclusion") == [("NYHA class", ">=", 3, "1"), ("NYHA class", "<=", 4, "1")]


def test_a_grade_before_a_word_with_no_score_of_its_own_is_no_threshold(parse):
    assert item_comparisons(parse, "Grade 4 toxicity on prior therapy", "exclusion") == []


@pytest.mark.parametrize("text", ["Killip class II heart failure", "Braunwald class III angina"])
def test_a_class_of_a_classification_named_before_it_is_not_the_condition_s_usual_score(parse, text):
    assert [c[0] for c in item_comparisons(parse, text, "exclusion")] not in (["NYHA class"], ["CCS angina class"])


def test_a_condition_coordinated_before_a_score_shares_no_head_noun_with_it(parse):
    found = item_comparisons(parse, "No unstable angina or NYHA class II-IV heart failure", "exclusion")
    assert {c[0] for c in found} == {"NYHA class"}


@pytest.mark.parametrize("text", ["Second degree or greater heart block", "Second degree AV block or higher"])
def test_one_degree_of_block_with_a_comparator_after_it_is_that_bound(parse, text):
    assert [c[1:] for c in item_comparisons(parse, text, "exclusion")] == [(">=", 2, "1")]


@pytest.mark.parametrize(("text", "expected"), [
    ("Second or third degree AV block or greater than 3 second pauses",
     [("atrioventricular block degree", ">=", 2, "1"), ("pauses", ">", 3, "s")]),
    ("Second degree heart block or less than 50 beats per minute heart rate", [("heart rate", "<", 50, "/min")]),
])
def test_a_comparator_that_opens_the_next_threshold_is_no_bound_of_a_degree(parse, text, expected):
    assert item_comparisons(parse, text, "exclusion") == expected


def test_a_comparator_after_a_list_of_degrees_is_left_for_review(parse):
    criterion = parse(one_item("First or second degree AV block or higher", "exclusion")).exclusion[0]
    assert criterion.coverage == "partial"


def test_a_score_s_abbreviation_in_square_brackets_names_it_too(parse):
    found = item_comparisons(parse, "New York Heart Association [NYHA] Functional Class III, IV", "exclusion")
    assert found == [("NYHA class", ">=", 3, "1"), ("NYHA class", "<=", 4, "1")]


def test_a_year_after_a_short_score_s_name_is_no_value_of_it(parse):
    found = item_comparisons(parse, "Heart failure New York Heart Association (NYHA) 1994", "exclusion")
    assert found == []


@pytest.mark.parametrize(("text", "value"), [("A global assessment score of 3 at baseline", 3),
                                             ("Score of 2 on the investigator global assessment", 2)])
def test_a_score_said_to_be_of_a_value_is_that_value(parse, text, value):
    assert [c[1:3] for c in item_comparisons(parse, text)] == [("==", value)]


def test_the_possible_score_of_a_scale_is_no_criterion(parse):
    assert item_comparisons(parse, "Symptom score of at least 4 (out of a possible score of 15)") == [
        ("Symptom score", ">=", 4, "1")]


@pytest.mark.parametrize("text", ["Mucositis grade 2", "Peripheral neuropathy grade 2"])
def test_a_grade_alone_after_a_condition_is_that_grade_of_it(parse, text):
    assert [c[1:] for c in item_comparisons(parse, text, "exclusion")] == [("==", 2, "1")]


def test_a_grade_a_recovery_reaches_is_no_exact_grade(parse):
    assert item_comparisons(parse, "Neuropathy must return to NCI grade 1") == []


@pytest.mark.parametrize("text", ["Sensory neuropathy ≤ CTC grade 1", "Sensory neuropathy ≤ NCI-CTCAE grade 1"])
def test_a_comparator_before_a_grading_systems_name_bounds_the_grade(parse, text):
    assert [c[1:] for c in item_comparisons(parse, text)] == [("<=", 1, "1")]


@pytest.mark.parametrize("text", ["Mucositis grade 3 requiring admission", "Platelets < 50 or mucositis grade 3"])
def test_a_grade_after_a_condition_is_named_by_the_condition_whatever_stands_around(parse, text):
    assert ("mucositis grade", "==", 3, "1") in [(c[0].lower(), *c[1:]) for c in item_comparisons(parse, text)]


def test_the_size_of_a_group_is_no_criterion(parse):
    assert item_comparisons(parse, "High-risk diabetic group (n = 10)") == []


def test_a_range_of_skin_phototypes_in_roman_numerals_is_a_range_of_the_fitzpatrick_scale(parse):
    assert item_comparisons(parse, "Skin phototype of II to V") == [
        ("Fitzpatrick skin type", ">=", 2, "1"), ("Fitzpatrick skin type", "<=", 5, "1")]


@pytest.mark.parametrize(("text", "expected"), [
    ("Best-corrected visual acuity of 20/40 or better in the study eye", [(">=", 0.5)]),
    ("Visual acuity 6/12 or worse in the fellow eye", [("<=", 0.5)]),
    ("Best-corrected visual acuity between 20/50 and 20/200", [(">=", 0.1), ("<=", 0.4)]),
    ("Best-corrected visual acuity of 20/40 to 20/320 in the study eye", [(">=", 0.0625), ("<=", 0.5)]),
])
def test_a_snellen_fraction_of_visual_acuity_is_its_decimal_acuity(parse, text, expected):
    found = item_comparisons(parse, text)
    assert [(c[1], c[2]) for c in found] == expected and {c[0] for c in found} == {"visual acuity (decimal)"}


def test_a_blood_pressure_pair_stays_a_blood_pressure(parse):
    assert [c[1:3] for c in item_comparisons(parse, "Blood pressure ≥ 140/90 mmHg", "exclusion")] == [
        (">=", 140.0), (">=", 90.0)]


def test_a_combination_pill_is_no_acuity(parse):
    assert item_comparisons(parse, "Lisinopril/hydrochlorothiazide 20/25 once daily for vision", "exclusion") == []


@pytest.mark.parametrize("text", ["Best corrected visual acuity, in the study eye, of 20/40 or better",
                                  "BCVA, measured with ETDRS charts, of 20/40 or better"])
def test_a_snellen_line_after_a_comma_that_only_says_how_or_where_is_still_an_acuity(parse, text):
    assert item_comparisons(parse, text) == [("visual acuity (decimal)", ">=", 0.5, "1")]


@pytest.mark.parametrize("text", ["Visual disturbance of grade 2; pain score ≥ 6/12 on a numeric scale",
                                  "Visual disturbance, pain score ≥ 6/12"])
def test_a_snellen_line_after_words_of_vision_in_another_clause_is_no_acuity(parse, text):
    assert item_comparisons(parse, text, "exclusion")[-1] == ("pain score", ">=", 6.0, "1")


def test_a_snellen_line_with_a_decimal_denominator_is_read(parse):
    found = item_comparisons(parse, "Visual acuity of 20/12.5 or better")
    assert found == [("visual acuity (decimal)", ">=", 1.6, "1")]


def test_a_snellen_range_restating_a_letter_score_adds_no_threshold(parse):
    text = "BCVA letter score between 78 and 23 letters (approximately 20/32 to 20/320 Snellen equivalent)"
    assert [c[1:] for c in item_comparisons(parse, text)] == [(">=", 23.0, "{letters}"), ("<=", 78.0, "{letters}")]


@pytest.mark.parametrize("text", ["Toxicity of prior therapy recovered to grade 1 or better",
                                  "Eastern Cooperative Oncology Group (ECOG) performance status of 1 or better"])
def test_a_grade_or_better_is_at_most_that_grade(parse, text):
    assert [c[1:3] for c in item_comparisons(parse, text)] == [("<=", 1.0)]


@pytest.mark.parametrize("text", ["A response of 50% or better to induction",
                                  "Patients who scored 70 or better on the Karnofsky scale",
                                  "Performance status (Karnofsky or ECOG) of 70 or better"])
def test_or_better_after_a_value_no_scale_orients_is_no_comparator(parse, text):
    assert [c[1] for c in item_comparisons(parse, text)] == []


@pytest.mark.parametrize(("text", "bound"), [("Mini-Mental State Examination score of 24 or better", (">=", 24.0)),
                                             ("Glasgow Coma Scale score of 8 or worse", ("<=", 8.0)),
                                             ("Forced expiratory volume in 1 second 60% or better", (">=", 60.0))])
def test_or_better_or_worse_after_a_scale_whose_higher_values_are_better_bounds_it_the_other_way(parse, text, bound):
    assert [c[1:3] for c in item_comparisons(parse, text)] == [bound]


@pytest.mark.parametrize("text", ["Modified Rankin Scale score of 2 or better",
                                  "Zubrod performance status 2 or better"])
def test_or_better_after_a_scale_whose_lower_values_are_better_is_at_most_the_value(parse, text):
    assert [c[1:3] for c in item_comparisons(parse, text)] == [("<=", 2.0)]


def test_or_worse_after_a_scale_the_value_does_not_fit_sets_no_bound_of_its_own(parse):
    assert [c[1] for c in item_comparisons(parse, "Glasgow Coma Scale score of 16 or worse")] == ["=="]


def test_or_better_after_logmar_is_at_most_the_value(parse):
    assert [c[1:3] for c in item_comparisons(parse, "logMAR BCVA of 0.3 or better")] == [("<=", 0.3)]


def test_a_bracketed_bound_after_a_second_lab_bounds_that_lab(parse):
    item = "Poor hepatic reserve: serum albumin (must be < 3.0 g/dL) and total bilirubin (must be > 3.0 mg/dL)"
    assert [c[0] for c in item_comparisons(parse, item, "exclusion")] == ["albumin", "total bilirubin"]


@pytest.mark.parametrize(("item", "measure"), [
    ("Requiring more than 2 L/min of supplemental oxygen at rest", "supplemental oxygen"),
    ("Unstable diabetes (requiring more than 150 units/day of insulin)", "insulin"),
    # nothing named after it: the label the bracket defines
    ("Oxygen dependence (defined as requiring > 2 L/min)", "Oxygen dependence"),
])
def test_requiring_names_nothing_the_thing_required_does(parse, item, measure):
    assert [c[0] for c in item_comparisons(parse, item, "exclusion")] == [measure]


def test_a_bracketed_multiple_after_a_verb_of_need_bounds_the_lab_before(parse):
    found = item_comparisons(parse, "ALT ≤ 3 x ULN (requires ≤ 5 x ULN with liver metastases)")
    assert [c[2] for c in found] == [3, 5]
    assert {c[0] for c in found} == {"alanine aminotransferase (ALT)"}


@pytest.mark.parametrize("item", ["Heart failure greater than NYHA (New York Heart Association) class II",
                                  "Heart failure > NYHA (New York Heart Association) class II"])
def test_a_comparator_before_a_scales_name_restated_in_brackets_bounds_its_class(parse, item):
    assert [c[1:3] for c in item_comparisons(parse, item, "exclusion")] == [(">", 2)]


def test_a_word_of_grading_after_a_scales_name_restated_in_brackets_is_no_measure_of_its_own(parse):
    item = "Heart failure ≥ NYHA (New York Heart Association) grade III"
    assert [c[:3] for c in item_comparisons(parse, item, "exclusion")] == [("NYHA class", ">=", 3)]


@pytest.mark.parametrize(("text", "high"), [("ECOG 0 or 1 or 2", 2), ("ASA class I or II or III", 3)])
def test_scores_joined_by_or_again_and_again_are_one_range(parse, text, high):
    assert [c[1:3] for c in comparisons(parse(text))] == [(">=", 0 if "ECOG" in text else 1), ("<=", high)]


def test_a_series_of_scores_ends_at_its_or_when_another_count_follows_and(parse):
    found = comparisons(parse("ECOG 0 or 1 and 2 prior regimens"))
    assert ("ECOG performance status", "<=", 1, "1") in found
    assert ("ECOG performance status", "<=", 2, "1") not in found


@pytest.mark.parametrize(("text", "expected"), [
    ("Average worst pain of 6/10 or more", ("Average worst pain", ">=", 6, "1")),
    ("Pain intensity NRS ≥ 55/100", ("Pain intensity NRS", ">=", 55, "1")),
])
def test_a_score_written_over_the_top_of_its_scale_is_the_score(parse, text, expected):
    assert comparisons(parse(text)) == [expected]


def test_a_blood_pressure_written_with_a_slash_is_no_score_out_of_a_top(parse):
    assert [c[1:3] for c in comparisons(parse("Blood pressure above 150/100"))] == [(">", 150), (">", 100)]


def test_a_snellen_line_over_a_hundred_stays_an_acuity(parse):
    assert comparisons(parse("Best-corrected visual acuity of 20/100 or better in the study eye")) == [
        ("visual acuity (decimal)", ">=", 0.2, "1")]


def test_a_performance_scale_named_without_status_or_score_is_that_scale(parse):
    assert comparisons(parse("Karnofsky performance 60")) == [("Karnofsky performance status", ">=", 60, "1")]


def test_a_performance_scale_named_without_status_leaves_no_words_unread(parse):
    assert only_criterion(parse, "ECOG performance below 2").coverage == "full"


@pytest.mark.parametrize(("text", "graded"), [
    ("Sensory neuropathy, if present, must be below grade 2", "Sensory neuropathy"),
    ("Nausea, when present, should be grade 1 or less", "Nausea"),
])
def test_a_grade_after_an_aside_of_a_condition_grades_what_stands_before_the_aside(parse, text, graded):
    assert comparisons(parse(one_item(text)))[0][0] == f"{graded} grade"


@pytest.mark.parametrize(("text", "value"), [("Glasgow Coma Scale score of 9/15 or less", 9),
                                             ("MoCA score of 22/30 or more", 22)])
def test_a_score_over_a_scale_top_of_15_or_30_is_the_score(parse, text, value):
    assert [c[2] for c in comparisons(parse(one_item(text)))] == [value]


@pytest.mark.parametrize(("item", "measure"), [
    ("Inoperable gastric cancer (stage III or IV)", "Inoperable gastric cancer stage"),
    ("Untreated follicular lymphoma (Stage II-IV)", "Untreated follicular lymphoma stage"),
])
def test_a_stage_in_brackets_is_the_stage_of_what_the_words_before_name(parse, item, measure):
    assert {found[0] for found in item_comparisons(parse, item)} == {measure}


def test_half_steps_may_start_at_a_whole_value(parse):
    item = "EDSS score of 2, 2.5 or 3 at screening"
    assert [c[1:3] for c in item_comparisons(parse, item)] == [(">=", 2), ("<=", 3)]


def test_codes_rising_in_half_steps_above_a_scales_top_are_no_range(parse):
    assert item_comparisons(parse, "Diagnosis coded 300.0, 300.5 or 301.0", "exclusion") == []


def test_a_range_after_an_article_and_before_a_named_scale_is_the_scales_ends(parse):
    assert item_comparisons(parse, "Worst itch ≥ 7 on a 0-10 itch intensity numeric rating scale") == [
        ("Worst itch", ">=", 7, "1")]


def test_a_bare_threshold_opening_a_bracket_is_of_the_scale_named_after_it(parse):
    found = item_comparisons(parse, "Moderate itch during the past week (≥ 4 on a 0-10 itch severity scale)")
    assert [c[:3] for c in found if c[3] == "1"] == [("itch severity scale", ">=", 4)]


@pytest.mark.parametrize("item", ["Must have a 0-1 score on the ECOG performance scale",
                                  "Received a 1-3 month course of any rating scale-guided therapy"])
def test_a_range_before_a_qualifier_a_unit_or_a_measure_is_no_scales_ends(parse, item):
    assert len(item_comparisons(parse, item)) == 2


def test_a_bare_threshold_takes_no_scale_without_a_name_of_its_own(parse):
    assert item_comparisons(parse, "Moderate itch during the past week (≥ 4 on a 0-10 scale)") == []
