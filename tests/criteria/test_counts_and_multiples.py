"""Blood counts whose unit lost its slash or cube, number words, multiples "N times above" a limit, and scales
named by an abbreviation. Texts written for these tests."""

from __future__ import annotations

import pytest

from parser.models.criteria import AllOf, AnyOf, Comparison, Concept
from parser.models.walk import iter_nodes
from tests.criteria.conftest import comparisons, item_comparisons, one_item, only_criterion, windows


@pytest.mark.parametrize(("item", "unit"), [
    ("Absolute neutrophil count ≥ 1,000 uL", "/uL"),
    ("Lymphocytes ≥ 800 cells/mcl", "/uL"),
    ("Leucocyte count ≥ 2,500/mm", "/mm3"),
])
def test_a_blood_count_per_volume_whose_slash_or_cube_was_lost(parse, item, unit):
    (found,) = item_comparisons(parse, item)
    assert found[3] == unit


def test_leucocyte_count_is_the_white_blood_cell_count(parse):
    assert item_comparisons(parse, "Leucocyte count ≥ 2,500/mm3")[0][0] == "white blood cell count"


@pytest.mark.parametrize(("item", "value"), [("Hospitalised within the previous thirty-one days", 31),
                                             ("Hospitalised within the previous forty five days", 45)])
def test_a_compound_number_word_is_one_number(parse, item, value):
    (found,) = windows(parse(one_item(item, "exclusion")), "exclusion")
    assert found[2] == value


@pytest.mark.parametrize("item", ["ALT four times above the upper limit of normal", "ALT 4 times higher than ULN"])
def test_a_multiple_above_the_upper_limit(parse, item):
    (found,) = item_comparisons(parse, item, "exclusion")
    assert (found[0], found[2], found[3]) == ("alanine aminotransferase (ALT)", 4, "ULN")


def test_over_the_previous_months_is_a_window_not_a_lower_bound(parse):
    (found,) = windows(parse(one_item("Substance abuse over the previous 6 months", "exclusion")), "exclusion")
    assert found[1:4] == ("<=", 6, "mo")


def test_over_the_age_of_stays_a_bound_on_age(parse):
    assert item_comparisons(parse, "Patients over the age of 80", "exclusion") == [("age", ">", 80, "a")]


@pytest.mark.parametrize("item", ["Histologically confirmed WHO grade III or IV glioma", "WHO grade 2 meningioma"])
def test_a_who_tumour_grade_is_not_a_performance_status(parse, item):
    assert all(c[0] != "ECOG performance status" for c in item_comparisons(parse, item))


def test_the_asa_physical_status_is_a_scale(parse):
    assert item_comparisons(parse, "ASA class > 3", "exclusion") == [("ASA physical status", ">", 3, "1")]


@pytest.mark.parametrize(("item", "event"), [
    ("A chest CT must be obtained within 21 days of registration", "chest CT"),
    ("Baseline echocardiogram performed within 6 weeks", "Baseline echocardiogram"),
    ("Warfarin must be discontinued at least 5 days before the procedure", "Warfarin"),
    ("Tamoxifen is allowed, but it must be stopped at least 2 weeks before the first dose", "Tamoxifen"),
    ("Prior hormonal therapy is permitted, provided it was stopped at least 2 weeks before registration",
     "hormonal therapy"),
    ("Prior surgery is allowed providing that it was performed at least 4 weeks before randomisation", "surgery"),
])
def test_a_window_after_a_verb_of_doing_dates_the_thing_done(parse, item, event):
    (found,) = windows(parse(one_item(item)))
    assert found[0] == event


def test_a_window_on_what_cannot_be_done_is_not_dated_by_the_sentence_opening(parse):
    item = ("Muscle disorders, or treatment with drugs known to cause rhabdomyolysis, such as statins, and that cannot "
            "be discontinued at least 2 weeks prior to dosing")
    ((event, *_),) = windows(parse(one_item(item, "exclusion")), "exclusion")
    assert event.startswith("drugs known to cause rhabdomyolysis")


def test_a_maximum_dose_of_is_an_upper_bound_on_the_drug_named_before(parse):
    (found,) = item_comparisons(parse, "Taking methotrexate at a maximum dose of 25 mg/week by mouth", "exclusion")
    assert found[1:] == ("<=", 25, "mg/wk") and "methotrexate" in found[0]


def test_a_dose_of_a_daily_substance_bounds_the_substance(parse):
    (found,) = item_comparisons(parse, "Patients requiring more than 10 mg of daily hydrocortisone", "exclusion")
    assert found[:3] == ("hydrocortisone", ">", 10)


@pytest.mark.parametrize(("item", "measure"), [
    ("A score of 5 or more on the Epworth Sleepiness Scale", "Epworth Sleepiness Scale"),
    ("Score of 20 or lower on the mini-mental state examination", "Mini-Mental State Examination"),
    # a plural, or the verb
    ("Scores of 5 or more on the Epworth Sleepiness Scale", "Epworth Sleepiness Scale"),
    ("Patients scoring at least 5 on the Epworth Sleepiness Scale", "Epworth Sleepiness Scale"),
    # other words that link a score to its scale
    ("A score of 12 or more according to the Oswestry Disability Index", "Oswestry Disability Index"),
    ("Score ≥ 12 as measured by the Oswestry Disability Index", "Oswestry Disability Index"),
])
def test_a_bare_score_bounds_the_scale_named_after_on(parse, item, measure):
    (found,) = item_comparisons(parse, item)
    assert found[0] == measure


def test_both_bounds_of_a_score_before_its_scale_bound_the_scale(parse):
    found = item_comparisons(parse, "Patients scoring below 6 or above 18 on the Oswestry Disability Index")
    assert [c[:3] for c in found] == [("Oswestry Disability Index", "<", 6), ("Oswestry Disability Index", ">", 18)]


@pytest.mark.parametrize("item", ["Patients scoring at least 4 on day 1", "Scores of 3 or more on the first visit"])
def test_a_day_or_visit_after_on_is_no_scale(parse, item):
    (found,) = item_comparisons(parse, item)
    assert found[0].lower() not in ("day", "first visit")


def test_a_change_in_their_named_measure_bounds_the_change_not_the_level(parse):
    (found,) = item_comparisons(parse, "A drop of at least 30 mmHg in their systolic blood pressure on standing")
    assert found[:3] == ("drop in systolic blood pressure", ">=", 30)


@pytest.mark.parametrize(("item", "named"), [
    ("More than 15% change in serum ferritin over the run-in", "change in serum ferritin"),
    ("Stable serum ferritin (change ≤ 15%) during the run-in", "Stable serum ferritin"),
    ("Ferritin decline defined as a decrease of ≥ 15%", "Ferritin decline"),
])
def test_a_word_of_change_alone_is_named_by_what_changed(parse, item, named):
    (found,) = item_comparisons(parse, item)
    assert found[0] == named


def test_a_score_named_before_the_threshold_is_not_replaced_by_the_method_after_it(parse):
    assert item_comparisons(parse, "Hachinski score no more than 4 on the screening visit")[0][0] == "Hachinski score"


def test_a_persons_score_bounds_the_scale_named_after_on(parse):
    found = item_comparisons(parse, "Subject has a score ≤ 12 on the Geriatric Anxiety Inventory")[0][0]
    assert found == "Geriatric Anxiety Inventory"


def test_a_power_of_ten_on_its_own_is_its_value(parse):
    assert item_comparisons(parse, "HBV DNA ≥ 10^5 IU/mL") == [("HBV DNA", ">=", 100000, "[IU]/mL")]


def test_a_dash_left_on_a_unit_by_a_lost_line_break(parse):
    assert item_comparisons(parse, "Life expectancy of at least 6 months- Adequate marrow function")[0][3] == "mo"


@pytest.mark.parametrize("item", ["Femoral neck T-score between -1.5 and -3.0",
                                  "Femoral neck T-score between -3.0 and -1.5"])
def test_a_range_of_negative_scores_in_either_order(parse, item):
    assert [c[1:3] for c in item_comparisons(parse, item)] == [(">=", -3.0), ("<=", -1.5)]


def test_a_bare_value_right_after_a_measure_and_a_bounded_value_are_a_range(parse):
    assert item_comparisons(parse, "Haemoglobin A1c 7.5 and < 11.0% at screening") == [
        ("hemoglobin A1c", ">=", 7.5, "%"), ("hemoglobin A1c", "<", 11.0, "%")]


def test_a_range_whose_measure_follows_it_shares_its_unit_with_the_low_end(parse):
    assert item_comparisons(parse, "≥ 0.5 and ≤ 3.0 g/day urinary protein excretion") == [
        ("24-hour urine protein", ">=", 0.5, "g/(24.h)"), ("24-hour urine protein", "<=", 3.0, "g/(24.h)")]


def test_a_percentage_of_the_predicted_value_names_the_measure_after_it(parse):
    found = item_comparisons(parse, "≥ 50% predicted FEV1 and 40–80% predicted DLCO")
    assert [(measure, value) for measure, _, value, _ in found] == [
        ("forced expiratory volume in 1 second", 50), ("diffusing capacity (DLCO)", 40),
        ("diffusing capacity (DLCO)", 80)]


@pytest.mark.parametrize(("item", "op"), [("LDL cholesterol below or equal to 4.9 mmol/L", "<="),
                                          ("Fasting glucose above or equal to 7 mmol/L", ">=")])
def test_below_or_above_or_equal_to(parse, item, op):
    assert item_comparisons(parse, item)[0][1] == op


def test_milliequivalents_per_decilitre(parse):
    assert item_comparisons(parse, "Serum sodium > 150 mEq/dL", "exclusion")[0][3] == "meq/dL"


def test_an_erythrocyte_sedimentation_rate_in_millimetres_per_hour(parse):
    assert item_comparisons(parse, "ESR ≥ 30 mm/hr")[0][3] == "mm/h"


def test_units_weekly_of_alcohol(parse):
    (found,) = item_comparisons(parse, "Alcohol intake of more than 28 units weekly", "exclusion")
    assert found[1:] == (">", 28, "{units}/wk")


def test_a_multiple_opening_an_item_bounds_the_labs_named_on_the_line_above(parse):
    text = ("Inclusion Criteria:\n\n  -  Hepatic:\n  -  Alanine aminotransferase and aspartate aminotransferase\n"
            "       -  3 x ULN without liver metastases\n")
    found = [c for c in comparisons(parse(text)) if c[3] == "ULN"]
    assert [(c[1], c[2]) for c in found] == [("<=", 3), ("<=", 3)] and len({c[0] for c in found}) == 2


def test_elevations_of_a_multiple_are_above_it(parse):
    found = item_comparisons(parse, "Hepatic impairment defined as elevations of 2 times the ULN in ALT", "exclusion")
    assert found == [("alanine aminotransferase (ALT)", ">", 2, "ULN")]


def test_upper_limit_normal_without_of(parse):
    assert item_comparisons(parse, "Bilirubin > 2 times upper limit normal", "exclusion")[0][3] == "ULN"


@pytest.mark.parametrize(("item", "unit"), [("Fluticasone = 250-500 mcg/day", "ug/d"),
                                            ("Fentanyl patch ≥ 12 µg/hour", "ug/h")])
def test_micrograms_per_day_or_hour(parse, item, unit):
    assert {c[3] for c in item_comparisons(parse, item)} == {unit}


def test_equal_or_greater_written_with_signs(parse):
    assert item_comparisons(parse, "Age = or > 21 years") == [("age", ">=", 21, "a")]


def test_a_fold_than_the_upper_limit(parse):
    assert item_comparisons(parse, "ALT ≥3-fold than the upper limit of normal", "exclusion")[0][2:] == (3, "ULN")


@pytest.mark.parametrize("item", [
    "ALT greater than 3 times (inclusive) the upper limit of normal",
    "ALT ≤ 3 × ULIN",
    "ALT ≤ 3 xULRR",
    "ALT ≤ 3 times the central laboratory's upper reference limit",
    "ALT ≤ 3 times of upper limit of local institution",
    "ALT ≤ 3-times the upper limit of normal",
    "ALT ≤ 3-times normal",
    "ALT ≤ 3-x ULN",
])
def test_more_spellings_of_a_multiple_of_the_upper_limit(parse, item):
    (found,) = item_comparisons(parse, item)
    assert found[2:] == (3, "ULN")


def test_a_bare_value_bounds_the_measure_it_can_be_a_value_of(parse):
    assert item_comparisons(parse, "Prothrombin time (PT)/international normalized ratio (INR) ≤ 1.3") == [
        ("international normalized ratio", "<=", 1.3, "1")]


def test_a_multiple_whose_limit_is_named_at_the_next_bound_is_a_multiple_of_it(parse):
    item = "ALT ≥ 4 times in patients without symptoms or ≥ 2 times the ULN in patients with symptoms"
    found = item_comparisons(parse, item, "exclusion")
    assert [(c[2], c[3]) for c in found] == [(4, "ULN"), (2, "ULN")]


def test_millilitres_per_second(parse):
    assert item_comparisons(parse, "Urinary peak flow ≥ 10 mL/sec")[0][3] == "mL/s"


def test_the_value_a_text_gives_its_upper_limit_is_not_a_threshold(parse):
    found = item_comparisons(parse, "AST ≤ 3 × ULN (ULN = 40 U/L)")
    assert found == [("aspartate aminotransferase (AST)", "<=", 3, "ULN")]


def test_an_abbreviation_with_a_full_stop_does_not_end_a_run_on_criterion(parse):
    text = "Inclusion Criteria:\n\nAdequate labs. Alkaline phosphatase (Alk. Phos) ≤ 3 × ULN. Bilirubin ≤ 1.5 mg/dL."
    found = comparisons(parse(text))
    assert ("alkaline phosphatase", "<=", 3, "ULN") in found


def test_a_share_a_therapy_reached_names_what_it_is_a_share_of(parse):
    found = item_comparisons(parse, "Prior external beam radiation to more than 20% of the bone marrow", "exclusion")
    assert found == [("external beam radiation to bone marrow", ">", 20, "%")]


@pytest.mark.parametrize(("item", "expected"), [
    ("No more than 2 prior systemic or intravesical regimens", ("systemic or intravesical regimens", "<=", 2)),
    ("At least 1 cutaneous or subcutaneous nodule", ("cutaneous or subcutaneous nodule", ">=", 1)),
])
def test_a_count_of_modifiers_joined_by_or_counts_the_noun_they_share(parse, item, expected):
    assert item_comparisons(parse, item)[0][:3] == expected


def test_a_count_of_a_severity_coordinated_with_another_counts_the_noun_both_qualify(parse):
    found = item_comparisons(parse, "More than 2 mild or moderate gout flares in the past year", "exclusion")
    assert found[0][:3] == ("mild or moderate gout flares", ">", 2)


def test_a_count_of_a_severity_before_a_second_count_counts_the_noun_of_the_second(parse):
    found = item_comparisons(parse, "At least 3 moderate or at least 1 severe migraine attacks per month")
    assert [c[:3] for c in found] == [("moderate migraine attacks", ">=", 3), ("severe migraine attacks", ">=", 1)]


@pytest.mark.parametrize("verb", ["cover", "involve", "affect", "include"])
def test_a_share_a_modal_verb_links_names_what_it_is_a_share_of(parse, verb):
    found = item_comparisons(parse, f"Eczema may {verb} no more than 15% of body surface area")
    assert found == [(f"Eczema {verb} body surface area", "<=", 15, "%")]


def test_a_share_in_a_list_of_sites_is_a_share_of_its_own_site(parse):
    found = item_comparisons(parse, "Irradiation of the whole pelvis, the spine, or ≥ 30% of bone marrow", "exclusion")
    assert found == [("bone marrow", ">=", 30, "%")]


@pytest.mark.parametrize(("item", "measure"), [("Peak expiratory flow ≥ 60% of predicted", "peak expiratory flow"),
                                             ("Weight loss > 10% of body weight", "weight loss")])
def test_a_share_of_a_reference_or_of_a_whole_bounds_the_measure_before_it(parse, item, measure):
    (found,) = item_comparisons(parse, item)
    assert found[0].lower() == measure


@pytest.mark.parametrize(("item", "measure"), [("Fainting spells more than 2 times per month", "fainting spells"),
                                             ("Gout flares on at least 3 separate occasions", "gout flares")])
def test_a_count_of_repeats_counts_what_the_clause_names(parse, item, measure):
    (found,) = item_comparisons(parse, item)
    assert found[0].lower() == measure


def test_a_multiple_whose_limit_is_lost_keeps_no_unit_of_the_measure(parse):
    found = item_comparisons(parse, "Bilirubin ≤ 2 times that at diagnosis")
    assert found == [("total bilirubin", "<=", 2, "1")]


@pytest.mark.parametrize("item", ["Creatinine ≥ 3-fold rise", "Creatinine more than 2 folds increase"])
def test_a_fold_whose_limit_is_lost_keeps_no_unit_of_the_measure(parse, item):
    (found,) = item_comparisons(parse, item, "exclusion")
    assert found[3] == "1"


@pytest.mark.parametrize("item", ["AST ≤ 3 times the upper institutional limit, ≤ 5 times with hepatic metastases",
                                  "AST ≤ 3 x ULN in patients free of hepatic metastases, ≤ 5 times with them"])
def test_a_multiple_after_a_comma_restates_the_limit_before_it_for_a_subgroup(parse, item):
    found = item_comparisons(parse, item)
    assert [(c[1], c[2], c[3]) for c in found] == [("<=", 3, "ULN"), ("<=", 5, "ULN")]


@pytest.mark.parametrize(("item", "limit"), [
    ("ALT ≤ 2.5 times the St Mary upper limit of normal", "ULN"),
    ("Creatinine < 1.5 times of the reference upper limit", "ULN"),
    ("AST ≤ 3 times (normal value)", "ULN"),
    ("Bilirubin ≤ 2 times the (ULN)", "ULN"),
    ("Hemoglobin > 0.9 times the hospital lower limit", "LLN"),
])
def test_a_limit_named_in_words_a_few_words_after_a_multiplier_is_that_limit(parse, item, limit):
    (found,) = item_comparisons(parse, item)
    assert found[3] == limit


@pytest.mark.parametrize(("item", "expected"), [
    ("Diarrhoea ≥ 4 times a day despite a normal diet", (">=", 4, "/d")),
    ("Fever more than 3 times per week in a normal week", (">", 3, "/wk")),
])
def test_a_limit_word_past_ordinary_words_is_no_limit_of_the_multiple(parse, item, expected):
    (found,) = item_comparisons(parse, item, "exclusion")
    assert found[1:] == expected


def test_a_multiple_keeps_a_bracketed_second_bound_after_its_limit(parse):
    found = item_comparisons(parse, "AST ≤ 3 times the hospital upper limit (≤ 5 times with hepatic metastases)")
    assert [(c[1], c[2], c[3]) for c in found] == [("<=", 3, "ULN"), ("<=", 5, "ULN")]


def test_a_count_of_occasions_after_a_threshold_takes_no_unit_of_the_measure(parse):
    found = item_comparisons(parse, "Systolic pressure > 160 mmHg on at least 3 separate occasions", "exclusion")
    assert [c[3] for c in found] == ["mm[Hg]", "1"]


def test_a_multiple_of_a_baseline_is_no_multiple_of_a_normal_limit(parse):
    (found,) = item_comparisons(parse, "Creatinine ≥ 1.5 times baseline")
    assert found[2:] == (1.5, "1")


def test_a_bound_after_in_which_case_restates_the_measure_before_it(parse):
    found = item_comparisons(parse, "GGT ≤ 2 × ULN (unless bone disease, in which case it may be ≤ 4 × ULN)")
    assert [c[0] for c in found] == ["gamma-glutamyl transferase"] * 2


def test_they_after_in_which_case_restates_every_measure_before_it(parse):
    found = item_comparisons(parse, "ALT and GGT ≤ 3 × ULN unless bone disease, in which case they may be ≤ 6 × ULN")
    assert [(c[0], c[2]) for c in found] == [("alanine aminotransferase (ALT)", 3), ("gamma-glutamyl transferase", 3),
                                             ("alanine aminotransferase (ALT)", 6), ("gamma-glutamyl transferase", 6)]


def test_labs_listed_before_a_bracketed_limit_for_each_share_it(parse):
    found = item_comparisons(parse, "Bilirubin, AST and GGT (each < 3 × ULN)")
    assert [(c[0], c[3]) for c in found] == [("total bilirubin", "ULN"), ("aspartate aminotransferase (AST)", "ULN"),
                                             ("gamma-glutamyl transferase", "ULN")]


def test_labs_listed_with_the_ideographic_comma_share_the_limit(parse):
    found = item_comparisons(parse, "ALT、AST≤3×ULN")
    assert [(c[0], c[2], c[3]) for c in found] == [("alanine aminotransferase (ALT)", 3, "ULN"),
                                                   ("aspartate aminotransferase (AST)", 3, "ULN")]


def test_a_bracketed_subgroup_limit_after_for_the_institution_restates_the_lab(parse):
    found = item_comparisons(parse, "Bilirubin ≤ 1.5 x ULN for the institution (≤ 3 x if Gilbert syndrome)")
    assert [(c[0], c[2]) for c in found] == [("total bilirubin", 1.5), ("total bilirubin", 3)]


@pytest.mark.parametrize(("section", "lead", "joined"), [("inclusion", "any of the following tests", AnyOf),
                                                        ("exclusion", "each of the following", AllOf),
                                                        ("exclusion", "the following", AnyOf)])
def test_a_multiple_of_a_limit_before_a_lead_to_a_list_bounds_each_lab_listed_as_the_lead_says(
        parse, section, lead, joined):
    document = parse(one_item(f"Enzymes above 2 times the ULN in {lead}: ALT, AST or lipase", section))
    (criterion,) = getattr(document, section)
    assert isinstance(criterion.expr, joined)
    found = comparisons(document, section)
    assert [c[0].split(" (")[0] for c in found] == ["alanine aminotransferase", "aspartate aminotransferase", "lipase"]


def test_a_list_after_a_lead_ends_where_an_item_has_a_threshold_of_its_own(parse):
    found = item_comparisons(parse, "Values ≤ 1.5 × ULN for all of the following: lipase, amylase; ALT ≤ 3 × ULN")
    assert [(c[0].split(" (")[0], c[2]) for c in found] == [("lipase", 1.5), ("amylase", 1.5),
                                                            ("alanine aminotransferase", 3)]


def test_a_threshold_met_by_a_number_of_the_items_listed_bounds_none_of_them_alone(parse):
    found = item_comparisons(parse, "Liver injury with values ≥ 2 x ULN in two or more of the following: ALT, AST, "
                                    "bilirubin", "exclusion")
    assert [c[0] for c in found] == ["Liver injury"]


@pytest.mark.parametrize(("comparator", "joined", "op"), [("≥", "or", ">="), ("<", "and", "<")])
def test_a_second_value_each_followed_by_its_measure_takes_the_first_comparator(parse, comparator, joined, op):
    found = item_comparisons(parse, f"Blood pressure {comparator} 150 mmHg systolic {joined} 100 mmHg diastolic")
    assert found == [("systolic blood pressure", op, 150, "mm[Hg]"), ("diastolic blood pressure", op, 100, "mm[Hg]")]


@pytest.mark.parametrize(("text", "value"), [("GGT more than twice the upper limit of normal", 2),
                                             ("Lipase greater than thrice the institutional ULN", 3)])
def test_twice_or_thrice_a_normal_limit_is_a_multiple_of_it(parse, text, value):
    (found,) = item_comparisons(parse, text, "exclusion")
    assert found[1:] == (">", value, "ULN")


def test_twice_a_day_is_no_multiple(parse):
    found = item_comparisons(parse, "Metformin 850 mg twice daily for at least 3 months")
    assert [c for c in found if c[3] == "ULN" or c[2] == 2] == []


@pytest.mark.parametrize("item", ["AST ≤ 3 × ULN but < 5 if liver metastases are present",
                                  "AST ≤ 3 × ULN (≤ 5 in patients with liver metastases)",
                                  "AST ≤ 3 × ULN, or ≤ 5 in case of liver metastases"])
def test_a_bare_number_restating_a_multiple_for_a_subgroup_is_the_same_multiple(parse, item):
    found = item_comparisons(parse, item)
    assert [(c[2], c[3]) for c in found] == [(3, "ULN"), (5, "ULN")]


@pytest.mark.parametrize("item", ["AST or ALT > 2.5 × ULN (if liver metastases > 5 × ULN)",
                                  "AST or ALT > 2.5 × ULN (if due to liver metastases > 5 × ULN)"])
def test_a_bracketed_threshold_opened_by_if_and_a_condition_is_that_subgroups_threshold(parse, item):
    document = parse("Exclusion Criteria:\n- " + item)
    (criterion,) = document.exclusion
    subgroup = [node for node in iter_nodes(criterion.expr) if isinstance(node, Comparison) and node.value == 5]
    assert [node.measure for node in subgroup] == ["aspartate aminotransferase (AST)", "alanine aminotransferase (ALT)"]
    assert {node.when.concept for node in subgroup if isinstance(node.when, Concept)} == {"liver metastases"}


def test_a_bare_number_after_a_multiple_naming_its_own_measure_keeps_its_own_unit(parse):
    found = item_comparisons(parse, "Bilirubin ≤ 1.5 × ULN, creatinine ≤ 2 in men")
    assert [(c[2], c[3]) for c in found] == [(1.5, "ULN"), (2, "mg/dL")]


@pytest.mark.parametrize("item", ["INR ≤ 1.5 × ULN or ≤ 3 for patients on warfarin",
                                  "INR ≤ 1.5 × ULN, ≤ 3 in patients with a mechanical valve"])
def test_a_bare_number_for_a_subgroup_with_no_condition_raising_the_limit_is_no_multiple(parse, item):
    assert [c[3] for c in item_comparisons(parse, item)] == ["ULN", "1"]


@pytest.mark.parametrize(("item", "expected"), [
    ("Creatinine > ULN x 1.5", [(">", 1.5, "ULN")]),
    ("ALT between ULN x 2 and ULN x 4", [(">=", 2, "ULN"), ("<=", 4, "ULN")]),
])
def test_a_limit_named_before_its_multiplier_is_that_multiple(parse, item, expected):
    assert [c[1:] for c in item_comparisons(parse, item)] == expected


@pytest.mark.parametrize("item", ["Platelets ≥ LLN x 10^9/L", "Bilirubin ≤ ULN x 10 µmol/L"])
def test_a_number_with_a_unit_of_its_own_after_a_limit_is_no_multiple_of_it(parse, item):
    assert all(c[2] == 1 for c in item_comparisons(parse, item))


@pytest.mark.parametrize("text", ["AST greater than 2.5 times", "AST more than 2.5-fold",
                                  "ALT 2.5 or more times upper normal limit"])
def test_a_multiple_of_a_liver_lab_without_its_limit_named_is_a_multiple_of_the_uln(parse, text):
    (comparison,) = [c for c in iter_nodes(only_criterion(parse, text, "exclusion").expr) if isinstance(c, Comparison)]
    assert (comparison.value, comparison.relative_to) == (2.5, "ULN")


@pytest.mark.parametrize("text", ["Total bilirubin more than 2 times control", "AST more than 3 times baseline",
                                  "ALT more than 5 times the patient's own baseline",
                                  "ALT more than 3 times higher than at study entry"])
def test_a_multiple_of_a_reference_of_its_own_is_no_multiple_of_the_uln(parse, text):
    (comparison,) = [c for c in iter_nodes(only_criterion(parse, text, "exclusion").expr) if isinstance(c, Comparison)]
    assert comparison.relative_to is None


@pytest.mark.parametrize("limit", ["upper limits of normal (ULN)", "ULN (upper limit of normal)"])
def test_a_limit_named_again_in_brackets_ends_after_the_bracket(parse, limit):
    """The subgroup's own multiple in the next bracket is still read ("(5 times ULN if liver metastases)")."""
    found = item_comparisons(parse, f"ALT < 2.5 times {limit} (5 times ULN if liver metastases are present)")
    assert [(op, value, unit) for _, op, value, unit in found] == [("<", 2.5, "ULN"), ("<", 5, "ULN")]


def test_an_amount_joined_by_and_to_a_share_is_a_second_bound_of_the_same_change(parse):
    item = "Bronchodilator response: an increase in FEV1 of at least 15% and 250 mL after salbutamol"
    assert [c[1:] for c in item_comparisons(parse, item)] == [(">=", 15, "%"), (">=", 250, "mL")]


@pytest.mark.parametrize("item", ["Hemoglobin ≥ 10 g/dL or 6.2 mmol/L", "Hemoglobin ≥ 10 g/dL and 6.2 mmol/L"])
def test_a_value_in_another_unit_of_the_same_quantity_restates_the_bound(parse, item):
    assert [c[1:] for c in item_comparisons(parse, item)] == [(">=", 10, "g/dL")]


@pytest.mark.parametrize("item", ["Serum creatinine ≤ 1.5 mg/dL or 133 µmol/L",
                                  "Serum creatinine ≤ 1.5 mg/dL (133 µmol/L)", "Creatinine ≥ 200 µmol/L or 2.3 mg/dL"])
def test_a_lab_value_restated_in_its_molar_unit_is_the_same_bound_read_in_full(parse, item):
    """The lab's molar mass converts one into the other, up to the restatement's rounding."""
    (criterion,) = parse(one_item(item)).inclusion
    assert len(item_comparisons(parse, item)) == 1 and criterion.coverage == "full"


def test_another_amount_in_a_molar_unit_is_no_restatement(parse):
    """"≤ 1.5 mg/dL or 13 µmol/L" (a slip for 133): the second value is not silently the first."""
    (criterion,) = parse(one_item("Serum creatinine ≤ 1.5 mg/dL or 13 µmol/L")).inclusion
    assert criterion.coverage != "full"


def test_a_minimum_average_counts_what_follows_the_number(parse):
    assert item_comparisons(parse, "A minimum average of 8 urge incontinence episodes per day") == [
        ("urge incontinence episodes", ">=", 8, "/d")]


def test_a_measure_said_qualitatively_is_no_member_of_the_names_a_threshold_bounds(parse):
    item = "HIV infection with detectable viral load or CD4+ count below 350 cells/mm3"
    assert item_comparisons(parse, item, "exclusion") == [("CD4 count", "<", 350, "/mm3")]


@pytest.mark.parametrize(("item", "expected"), [
    ("2 documented seizures within the 6 months before screening", ("seizures", ">=", 2)),
    ("Three emergency visits for asthma in the past year", ("emergency visits", ">=", 3)),
])
def test_a_count_opening_an_item_a_window_dates_is_a_least_count(parse, item, expected):
    assert item_comparisons(parse, item)[0][:3] == expected


@pytest.mark.parametrize("item", ["One haemoglobin value ≥ 10 g/dL within 7 days before dosing",
                                  "Single dose of vaccine within 3 months", "One lesion within the irradiated field"])
def test_a_number_opening_a_reading_a_kind_or_a_place_is_no_count(parse, item):
    assert not any(c[2] == 1 and c[3] == "1" for c in item_comparisons(parse, item))


@pytest.mark.parametrize("item", ["12 lead ECG within 28 days before enrolment", "6 MP or azathioprine within 30 days"])
def test_a_number_opening_a_name_is_no_count(parse, item):
    assert [c for c in item_comparisons(parse, item) if c[3] == "1"] == []
