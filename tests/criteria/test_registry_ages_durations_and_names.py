"""Registry shorthand for what a value bounds: the persons' age or not, durations, washouts, the measure named."""

from __future__ import annotations

import pytest

from tests.criteria.conftest import item_comparisons, one_item, only_criterion, windows


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


def _window(parse, item: str) -> tuple[str, str, float, str]:
    node = only_criterion(parse, item).expr
    assert node is not None and node.within is not None, node
    return node.concept, node.within.op, node.within.value, node.within.unit


def test_a_washout_that_must_have_elapsed_since_an_event_bounds_that_event(parse):
    assert _window(parse, "At least 21 days must have elapsed since prior surgery") == ("surgery", ">=", 21, "d")


def test_a_washout_that_has_passed_from_an_event(parse):
    assert _window(parse, "More than 2 weeks have passed from the last dose of radiotherapy")[1:] == (">", 2, "wk")


def test_a_bracket_restating_a_window_is_part_of_it(parse):
    criterion = only_criterion(parse, "No major surgery within 21 days (≤ 21 days) prior to enrolment")
    assert criterion.expr.within.text == "within 21 days (≤ 21 days)"


def test_the_event_of_a_washout_follows_a_bracket_restating_its_duration(parse):
    item = "At least 28 days (4 weeks) must have elapsed from prior radiotherapy"
    assert _window(parse, item) == ("radiotherapy", ">=", 28, "d")


def test_is_required_from_an_event_is_a_washout(parse):
    assert _window(parse, "At least 6 weeks is required from prior mitomycin C")[1:] == (">=", 6, "wk")


def test_a_performance_status_in_percent_is_a_karnofsky_score(parse):
    assert item_comparisons(parse, "Performance status > or = 70%") == [("Karnofsky performance status", ">=", 70, "%")]


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


def test_a_dose_inside_an_exception_set_off_by_a_comma_is_of_the_drug_the_exception_names(parse):
    item = "Use of anticoagulants, other than enoxaparin at a dose ≤ 40 mg/day"
    (found,) = item_comparisons(parse, item, "exclusion")
    assert found[0].startswith("enoxaparin")


def test_or_inside_brackets_does_not_make_alternatives(parse):
    item = "Insulin for more than 7 days (consecutive or not) during the 12 weeks before screening"
    criterion = only_criterion(parse, item, "exclusion")
    assert "any" not in criterion.expr.model_dump(by_alias=True)


def test_a_window_after_a_duration_bounds_the_same_event(parse):
    criterion = only_criterion(parse, "Insulin for more than 7 days during the 12 weeks before screening", "exclusion")
    duration, window = criterion.expr.all
    assert window.concept == duration.measure == "Insulin"


def test_ie_opening_an_aside_names_nothing(parse):
    found = item_comparisons(parse, "Bulky nodes (ie, > 7 cm below the costal margin)")
    assert found == [("Bulky nodes", ">", 7, "cm")]


def test_a_count_out_of_a_total_counts_the_noun_after_the_total(parse):
    assert item_comparisons(parse, "At least 6 of 28 swollen joints") == [("swollen joints", ">=", 6, "1")]


def test_a_zero_padded_number_after_a_dash_is_a_code_not_a_range(parse):
    assert item_comparisons(parse, "Completed study INS011-15-054 through day 11") == []


def test_numbered_cohorts_are_labels(parse):
    assert item_comparisons(parse, "Cohorts 1 and 2: adults with asthma") == []


@pytest.mark.parametrize("item", ["Antiemetics given on Day 1 or between Days 2 to 4 of the cycle",
                                  "Radiotherapy planned on study days 3-6"])
def test_a_range_of_study_days_is_a_label_not_a_threshold(parse, item):
    assert item_comparisons(parse, item, "exclusion") == []


def test_a_duration_after_a_threshold_of_another_dimension_is_how_long_the_named_thing_lasts(parse):
    found = item_comparisons(parse, "Fever above 38.5 °C for at least 3 days")
    assert found == [("body temperature", ">", 38.5, "Cel"), ("Fever", ">=", 3, "d")]


def test_a_measure_named_after_the_unit_with_in(parse):
    assert item_comparisons(parse, "Lesion less than 3 cm in diameter") == [("tumor diameter", "<", 3, "cm")]


def test_a_bracketed_abbreviation_takes_no_words_from_a_scale_s_name(parse):
    (found,) = item_comparisons(parse, "Young Mania Rating Scale-11 (YMRS-11) total score of at least 20")
    assert found[0].startswith("Young Mania Rating Scale") and found[1:] == (">=", 20, "1")


@pytest.mark.parametrize(("item", "measure"), [("Left atrial diameter above 4.5 cm", "Left atrial diameter"),
                                             ("Abdominal aortic aneurysm diameter ≥ 5.5 cm", "aneurysm diameter"),
                                             ("Diameter of the ascending aorta ≥ 5.0 cm", "ascending aorta")])
def test_a_diameter_of_another_structure_is_no_tumour_size(parse, item, measure):
    (found,) = item_comparisons(parse, item)
    assert measure in found[0] and found[0] != "tumor diameter"


@pytest.mark.parametrize("item", ["Diameter of the target lesion ≥ 2 cm", "Lesion of at least 2 cm in diameter",
                                  "Lymph node diameter of at least 15 mm"])
def test_a_diameter_of_a_lesion_is_the_tumour_size(parse, item):
    assert [c[0] for c in item_comparisons(parse, item) if c[3] in ("cm", "mm")] == ["tumor diameter"]


def test_a_bound_coordinated_with_one_whose_measure_follows_shares_it(parse):
    found = item_comparisons(parse, "under 45 kg or over 120 kg in weight")
    assert found == [("body weight", "<", 45, "kg"), ("body weight", ">", 120, "kg")]


def test_a_grading_system_version_between_comparator_and_grade_is_read_past(parse):
    found = item_comparisons(parse, "Bleeding greater than or equal to NCI CTCAE v.4.0 grade 2")
    assert found == [("Bleeding grade", ">=", 2, "1")]


def test_a_lab_named_after_its_value_with_of(parse):
    assert item_comparisons(parse, "40 mg/dL and above of BUN") == [("blood urea nitrogen", ">=", 40, "mg/dL")]


def test_two_bounds_set_off_by_commas_count_the_noun_after_both(parse):
    found = item_comparisons(parse, "Has received at least 2, but no more than 4, prior regimens of chemotherapy")
    assert [(f[1], f[2]) for f in found] == [(">=", 2), ("<=", 4)]
    assert all("regimens of chemotherapy" in f[0] for f in found)


def test_years_old_abbreviated_with_dots(parse):
    assert item_comparisons(parse, "> 21 y.o.") == [("age", ">", 21, "a")]


def test_a_second_duration_of_the_same_thing_keeps_it(parse):
    found = item_comparisons(parse, "Symptoms of a depressive episode for less than 30 days or more than 2 years")
    assert len(found) == 2 and found[0][0] == found[1][0] and "depressive episode" in found[0][0]


def test_the_grading_systems_full_name_is_read_past(parse):
    item = "Chronic diarrhea (defined as ≥ Common Terminology Criteria for Adverse Events [CTCAE] grade 2)"
    found = item_comparisons(parse, item)
    assert found == [("Chronic diarrhea grade", ">=", 2, "1")]


def test_an_idiom_continuation_needs_the_recency_word(parse):
    concept, *_ = _window(parse, "At least 4 weeks since surgery and no evidence of infection")
    assert concept == "surgery"


@pytest.mark.parametrize(("item", "measure"), [
    ("Serum glutamic pyruvate transaminase below 3 x ULN", "alanine aminotransferase (ALT)"),
    ("Serum glutamic oxaloacetate transaminase below 3 x ULN", "aspartate aminotransferase (AST)"),
    ("Glutamate pyruvate transaminase below 3 x ULN", "alanine aminotransferase (ALT)"),
    ("Alanine transferase below 3 x ULN", "alanine aminotransferase (ALT)"),
    ("Aspartate transferase below 3 x ULN", "aspartate aminotransferase (AST)"),
])
def test_the_old_names_of_the_transaminases_in_either_spelling(parse, item, measure):
    assert [c[0] for c in item_comparisons(parse, item)] == [measure]


@pytest.mark.parametrize("item", ["HgA1c above 9.5%", "Hg A1c above 9.5%", "HA1c above 9.5%"])
def test_shortened_spellings_of_glycated_haemoglobin(parse, item):
    assert item_comparisons(parse, item) == [("hemoglobin A1c", ">", 9.5, "%")]


@pytest.mark.parametrize(("item", "measure"), [
    ("Serum calcium (corrected for albumin) below 12 mg/dL", "calcium"),
    ("Calcium (adjusted for albumin) below 12 mg/dL", "calcium"),
    ("Disease Activity Score (DAS28, based on C-reactive protein) above 5.1", "Disease Activity Score 28 (DAS28)"),
])
def test_the_measure_a_value_is_corrected_for_is_not_the_one_bounded(parse, item, measure):
    assert [c[0] for c in item_comparisons(parse, item)] == [measure]


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


def test_a_period_closed_by_of_age_after_another_measure_is_the_persons_age(parse):
    assert item_comparisons(parse, "Preterm infants gestational age < 32 weeks less than 10 days of age") == [
        ("gestational age", "<", 32, "wk"), ("age", "<", 10, "d")]


def test_a_washout_that_must_have_elapsed_if_there_was_a_prior_event_dates_that_event(parse):
    found = windows(parse(one_item("At least 3 months must have elapsed if prior stem cell transplant")))
    assert found == [("stem cell transplant", ">=", 3, "mo", False)]


@pytest.mark.parametrize("text", ["Bronchodilator response: rise in FEV1 of at least 15% and at least 250 mL",
                                  "Rise in FEV1 of at least 15% (and at least 250 mL) after salbutamol"])
def test_a_bound_in_another_unit_joined_to_the_one_before_bounds_the_same_thing(parse, text):
    found = [(c[0].lower(), c[3]) for c in item_comparisons(parse, text)]
    assert found == [("rise in fev1", "%"), ("rise in fev1", "mL")]


def test_an_abbreviated_physical_status_is_the_anaesthesiologists_not_a_performance_status(parse):
    text = "American Society of Anesthesiologists physical status (ASA PS) 1-3"
    assert {c[0] for c in item_comparisons(parse, text)} == {"ASA physical status"}


@pytest.mark.parametrize("text", ["Age 21", "Subjects must be 21 years old", "Subjects must be 21 years of age",
                                  "21 years of age", "Adults 21 years old"])
def test_an_age_said_bare_in_an_inclusion_is_the_least_age(parse, text):
    assert [c[1:] for c in item_comparisons(parse, text)] == [(">=", 21, "a")]


@pytest.mark.parametrize("text", ["Symptoms of inattention by age 7", "Onset of symptoms around age 7",
                                  "Bone age 7 years", "Diabetes diagnosed in childhood (age 7)",
                                  "Diabetes diagnosed at 7 years of age",
                                  "Type 1 diabetes, 7 years of age at diagnosis"])
def test_an_age_that_is_not_the_persons_own_is_no_least_age(parse, text):
    assert (">=", 7, "a") not in [c[1:] for c in item_comparisons(parse, text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("Children between 3 months and 2 years", [(">=", 3, "mo"), ("<=", 2, "a")]),
    ("Adults between age 21 and 70", [(">=", 21, "a"), ("<=", 70, "a")]),
])
def test_a_range_of_ages_across_units_or_after_the_word_age(parse, text, expected):
    assert [c[1:] for c in item_comparisons(parse, text)] == expected


def test_an_amount_after_a_bound_that_is_no_share_takes_no_words_from_it(parse):
    found = item_comparisons(parse, "Serum M-protein ≥ 1 g/dL, or ≥ 200 mg")
    assert [c[0] for c in found] == ["serum M-protein"]


def test_a_range_opened_by_between_may_name_its_high_end_first(parse):
    found = item_comparisons(parse, "Visual acuity between 70 and 35 letters in the study eye")
    assert [c[1:3] for c in found] == [(">=", 35), ("<=", 70)]


@pytest.mark.parametrize("text", ["Karnofsky performance score 60", "KPS 60"])
def test_a_bare_karnofsky_score_in_an_inclusion_is_the_least_score(parse, text):
    assert [c[1:3] for c in item_comparisons(parse, text)] == [(">=", 60)]


@pytest.mark.parametrize(("item", "expected"), [
    ("Infants delivered at < 32 weeks gestation", [("gestational age", "<", 32, "wk")]),
    ("Infants delivered at < 32 weeks' gestation", [("gestational age", "<", 32, "wk")]),
    ("Women at 24 to 28 weeks of gestation",
     [("gestational age", ">=", 24, "wk"), ("gestational age", "<=", 28, "wk")]),
])
def test_weeks_of_gestation_bound_the_gestational_age(parse, item, expected):
    assert item_comparisons(parse, item) == expected


@pytest.mark.parametrize(("item", "expected"), [
    ("Infants born before 30 weeks of gestation", [("gestational age", "<", 30, "wk")]),
    ("Women beyond 20 weeks of gestation", [("gestational age", ">", 20, "wk")]),
    ("Eligible on or before 63 days of gestation", [("gestational age", "<=", 63, "d")]),
    ("Women delivering at or after 20 weeks of gestation", [("gestational age", ">=", 20, "wk")]),
])
def test_before_or_after_a_number_of_weeks_of_gestation_bounds_the_gestational_age(parse, item, expected):
    assert item_comparisons(parse, item) == expected


@pytest.mark.parametrize(("item", "high"), [("Women at 24 to 33+6 weeks of gestation", 33 + 6 / 7),
                                           ("Women at 24 to 33 + 6 weeks of gestation", 33 + 6 / 7),
                                           ("Women at 24 0/7 to 33 6/7 weeks of gestation", 33 + 6 / 7),
                                           ("Gestational age of 24 weeks 0 days to 33 weeks 6 days", 33 + 6 / 7),
                                           ("Women at 24+0 to 33+6 weeks' gestation", 33 + 6 / 7)])
def test_days_past_whole_weeks_of_gestation_are_a_fraction_of_a_week(parse, item, high):
    assert [c[1:] for c in item_comparisons(parse, item)] == [(">=", 24, "wk"), ("<=", pytest.approx(high), "wk")]


def test_a_sum_of_grades_is_no_days_past_weeks(parse):
    assert [c[1:3] for c in item_comparisons(parse, "Gleason score 4+3 or higher")] == [(">=", 7)]


@pytest.mark.parametrize("item", [
    "Diagnosis of psoriatic arthritis according to the CASPAR criteria for at least 6 months",
    "Diagnosis of psoriatic arthritis as defined by the CASPAR criteria for at least 6 months",
])
def test_a_duration_after_the_standard_a_diagnosis_is_judged_by_names_the_diagnosis(parse, item):
    assert item_comparisons(parse, item) == [("psoriatic arthritis", ">=", 6, "mo")]


@pytest.mark.parametrize("item", ["Direct (conjugated) bilirubin above 2 x ULN", "Bilirubin (direct) above 2 x ULN"])
def test_a_lab_listing_of_direct_bilirubin_is_the_direct_bilirubin(parse, item):
    assert item_comparisons(parse, item, "exclusion") == [("direct bilirubin", ">", 2, "ULN")]


def test_a_duration_after_an_either_way_aside_is_of_what_the_aside_follows(parse):
    item = "History of cluster headache, with or without autonomic symptoms, for at least 1 year"
    assert item_comparisons(parse, item) == [("cluster headache", ">=", 1, "a")]
