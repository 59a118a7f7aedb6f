"""Specifications for what a threshold bounds: the measure or count it names, shared limits, ULN multiples."""

import pytest

from parser import vocabulary
from parser.models.criteria import AllOf, AnyOf
from tests.criteria.conftest import comparisons, item_comparisons, one_item


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


def test_a_multiple_of_the_upper_limit_written_with_time_in_the_singular(parse):
    assert item_comparisons(parse, "ALT > 3 time upper limit of normal") == [
        ("alanine aminotransferase (ALT)", ">", 3, "ULN")]


def test_blood_pressure_pair(parse):
    found = comparisons(parse("Blood pressure > 140/90 mmHg"))
    assert found == [("systolic blood pressure", ">", 140, "mm[Hg]"), ("diastolic blood pressure", ">", 90, "mm[Hg]")]


def test_blood_pressure_pair_written_with_x(parse):
    found = comparisons(parse("BP ≥ 140 x 90 after medication adjustment"))
    assert found == [("systolic blood pressure", ">=", 140, "mm[Hg]"), ("diastolic blood pressure", ">=", 90, "mm[Hg]")]


def test_a_bare_bound_after_a_comma_keeps_the_measure(parse):
    text = "Systolic blood pressure ≥ 180 mmHg at randomisation, or > 160 mmHg if on 3 or more drugs"
    found = comparisons(parse(text))  # each "drugs" is a `when`: the subgroup's, and the first limit's complement
    assert found == [("systolic blood pressure", ">=", 180, "mm[Hg]"), ("drugs", ">=", 3, "1"),
                     ("systolic blood pressure", ">", 160, "mm[Hg]"), ("drugs", ">=", 3, "1")]


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


def test_a_threshold_bracketed_between_a_modifier_and_its_noun_bounds_the_noun(parse):
    item = "Massive (i.e., more than 8 cm below the costal margin) or symptomatic hepatomegaly"
    assert [c[0] for c in item_comparisons(parse, item)] == ["symptomatic hepatomegaly"]


def test_a_length_of_days_is_no_value_of_an_interval_measured_in_milliseconds(parse):
    item = "Drugs which prolong the QT interval must be stopped at least 6 days before dosing"
    assert [c[0] for c in item_comparisons(parse, item, "exclusion")] == ["Drugs which prolong the QT interval"]


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
        ("Myelodysplastic syndrome, defined as 5-19% myeloblasts in the bone marrow",
         [("blast percentage", ">=", 5, "%"), ("blast percentage", "<=", 19, "%")]),
        ("Refractory anaemia (RA) with < 5% blasts", [("blast percentage", "<", 5, "%")]),
        ("Myeloma with ≥ 10% clonal plasma cells in the bone marrow", [("plasma cell percentage", ">=", 10, "%")]),
    ],
)
def test_a_percentage_of_cells_named_after_the_number_bounds_those_cells_not_the_disease(parse, text, expected):
    assert item_comparisons(parse, text) == expected


def test_a_name_written_after_a_threshold_is_that_thresholds_not_the_next_ones(parse):
    assert item_comparisons(parse, "Bone marrow < 10% plasma cells but with ≥ 1 bone lesion") == [
        ("plasma cell percentage", "<", 10, "%"), ("bone lesion", ">=", 1, "1")]


def test_a_scale_named_after_its_classes_with_by_is_what_they_grade(parse):
    found = item_comparisons(parse, "Heart failure classified as 3 or 4 by the New York Heart Association", "exclusion")
    assert found == [
        ("NYHA class", ">=", 3, "1"), ("NYHA class", "<=", 4, "1")]


def test_a_label_after_a_threshold_opens_the_next_item_not_the_thresholds_measure(parse):
    text = "PATIENT CHARACTERISTICS: Age: 18 and over Performance status: Karnofsky 60-100% Hepatic: Not specified"
    assert comparisons(parse(text)) == [("age", ">=", 18, "a"), ("Karnofsky performance status", ">=", 60, "%"),
                                        ("Karnofsky performance status", "<=", 100, "%")]


@pytest.mark.parametrize("limit", [
    "institutional ULN", "the institutional upper limit of normal", "institutional upper limit of normal (ULN)"])
def test_a_normal_limit_without_a_number_is_one_multiple_of_it_whatever_adjective_comes_first(parse, limit):
    assert item_comparisons(parse, f"Total bilirubin =< {limit}") == [("total bilirubin", "<=", 1, "ULN")]


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


def test_a_scale_whose_name_ends_in_type_takes_the_value_after_it(parse):
    assert item_comparisons(parse, "Fitzpatrick skin type II to V") == [
        ("Fitzpatrick skin type", ">=", 2, "1"), ("Fitzpatrick skin type", "<=", 5, "1")]


def test_a_type_named_by_its_number_is_still_no_value(parse):
    assert item_comparisons(parse, "Type 1 diabetes mellitus") == []


def test_the_spelled_out_diffusing_capacity_shares_a_threshold_with_the_measure_before_it(parse):
    found = item_comparisons(parse, "Forced expiratory volume in 1 second (FEV1) and diffusing capacity of the lung "
                                    "for carbon monoxide (DLCO) ≥ 50% of predicted")
    assert [c[0] for c in found] == ["forced expiratory volume in 1 second", "diffusing capacity (DLCO)"]


def test_a_year_before_a_threshold_names_nothing(parse):
    found = item_comparisons(parse, "Responsive to bronchodilator (ATS criteria, 2019, i.e. ≥ 15% and ≥ 250 mL)")
    assert found == []  # a threshold whose name is a year is left to a person, not named "2019"


def test_a_score_said_to_be_the_basis_is_the_score_of_the_scale_after_it(parse):
    (found,) = item_comparisons(parse, "Based on a score of 10 or more on the Clinical Opiate Withdrawal Scale")
    assert found[0] == "Clinical Opiate Withdrawal Scale"


def test_an_aside_holding_its_own_threshold_is_no_aside(parse):
    found = item_comparisons(parse, "Karnofsky performance status 70 (ECOG 2) or higher")
    assert [c for c in found if c[0] != "ECOG performance status" and c[2] == 2] == []


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


def test_a_high_limit_of_normal_is_the_upper_limit(parse):
    assert comparisons(parse("Serum potassium ≥ LLN and ≤ HLN")) == [
        ("potassium", ">=", 1, "LLN"), ("potassium", "<=", 1, "ULN")]


def test_a_value_after_a_multiple_of_a_limit_and_or_takes_its_comparator(parse):
    assert [c[1:] for c in comparisons(parse("Serum albumin ≥ LLN or 3 g/dL"))] == [
        (">=", 1, "LLN"), (">=", 3, "g/dL")]


def test_what_holds_in_which_case_is_no_part_of_the_condition_before(parse):
    found = comparisons(parse("AST ≤ 3 x ULN unless bone metastases in which case up to 5 x ULN"))
    assert [c[2] for c in found] == [3, 5] and {c[0] for c in found} == {"aspartate aminotransferase (AST)"}


def test_cre_abbreviates_creatinine_and_takes_its_unit(parse):
    assert comparisons(parse("Cre > 2.5")) == [("serum creatinine", ">", 2.5, "mg/dL")]


def test_an_abbreviation_shared_with_a_month_does_not_hide_the_threshold_after_it(parse):
    assert comparisons(parse("Central subfield thickness on OCT 300 µm or greater")) == [
        ("Central subfield thickness on OCT", ">=", 300, "um")]


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


def test_two_abbreviations_of_one_lab_side_by_side_do_not_end_a_coordination(parse):
    found = comparisons(parse("Aspartate aminotransferase (AST SGOT) or alanine aminotransferase (ALT SGPT) > 3 x ULN"))
    assert [measure for measure, *_ in found] == ["aspartate aminotransferase (AST)", "alanine aminotransferase (ALT)"]


def test_abbreviations_set_apart_by_a_semicolon_in_brackets_do_not_end_a_coordination(parse):
    found = item_comparisons(parse, "Aspartate aminotransferase (AST; SGOT), alanine aminotransferase (ALT; SGPT) or "
                                    "alkaline phosphatase > 2.5 times the upper limit of normal")
    assert [measure for measure, *_ in found] == ["aspartate aminotransferase (AST)", "alanine aminotransferase (ALT)",
                                                  "alkaline phosphatase"]


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


def test_a_count_out_of_the_total_written_with_the_counts_the_noun_after_the_total(parse):
    assert item_comparisons(parse, "Meets at least 3 of the 9 diagnostic criteria for binge eating") == [
        ("diagnostic criteria", ">=", 3, "1")]


def test_an_abbreviation_in_brackets_stays_in_the_noun_a_count_counts(parse):
    assert item_comparisons(parse, "Failure of at least 2 tumour necrosis factor inhibitors (TNFis) in the past") \
        == [("tumour necrosis factor inhibitors (TNFis)", ">=", 2, "1")]


@pytest.mark.parametrize("name", ["Indirect bilirubin", "Unconjugated bilirubin"])
def test_indirect_bilirubin_is_a_measure_of_its_own_not_the_total(parse, name):
    assert item_comparisons(parse, f"{name} ≤ 3 mg/dL") == [("indirect bilirubin", "<=", 3, "mg/dL")]


def test_a_measure_closing_the_clause_before_names_the_next_threshold_not_the_one_before(parse):
    text = "AST levels ≥ 3 x ULN, alanine aminotransferase (ALT), levels ≥ 5 x ULN"
    assert [(measure, value) for measure, _, value, _ in item_comparisons(parse, text, "exclusion")] == [
        ("aspartate aminotransferase (AST)", 3), ("alanine aminotransferase (ALT)", 5)]


@pytest.mark.parametrize("text", ["Cluster of Differentiation 4+ (CD4+) cell count > 200 cells/mm^3",
                                  "Cluster of differentiation 4 (CD4) count > 200 cells/mm^3",
                                  "CD4 lymphocytes > 200 cells/mm^3", "CD4+ T cells > 200 cells/mm^3"])
def test_a_cluster_of_differentiation_spelled_out_is_the_marker_and_its_number_no_grade(parse, text):
    assert item_comparisons(parse, text) == [("CD4 count", ">", 200, "/mm3")]


@pytest.mark.parametrize(("text", "counted"), [
    ("Treated with two or more platelet aggregation inhibitors", "platelet aggregation inhibitors"),
    ("Failure of at least one weight loss medication", "weight loss medication"),
    ("More than 2 hemoglobin measurements", "hemoglobin measurements"),
])
def test_a_count_of_things_a_lab_name_modifies_counts_the_things_not_the_lab(parse, text, counted):
    assert item_comparisons(parse, text, "exclusion")[0][0] == counted


@pytest.mark.parametrize(("text", "measure"), [
    ("Blood pressure ≥ 160 systolic and ≥ 110 diastolic not responsive to therapy", "diastolic blood pressure"),
    ("18-75 aged patients", "age"),
])
def test_a_lab_name_followed_by_a_function_word_or_persons_names_the_bound(parse, text, measure):
    assert item_comparisons(parse, text, "exclusion")[-1][0] == measure


@pytest.mark.parametrize(("text", "measure"), [("0 or 1 Zubrod performance", "ECOG performance status"),
                                               ("70 or higher Karnofsky performance rating",
                                                "Karnofsky performance status")])
def test_a_scores_name_going_on_into_its_own_words_still_names_the_score(parse, text, measure):
    assert {c[0] for c in item_comparisons(parse, text)} == {measure}


def test_a_systolic_pressure_of_the_pulmonary_artery_is_no_blood_pressure(parse):
    found = item_comparisons(parse, "Pulmonary artery systolic pressure > 50 mmHg on echocardiography", "exclusion")
    assert found[0][0] == "pulmonary artery systolic pressure (PASP)"


def test_a_diameter_of_a_structure_named_before_with_is_no_tumour_size(parse):
    found = item_comparisons(parse, "Carotid aneurysm with a maximal diameter ≥ 2 cm", "exclusion")
    assert found[0][0] != "tumor diameter"


def test_a_diameter_right_after_with_is_of_the_structure_before_it(parse):
    assert item_comparisons(parse, "Iliac aneurysm with diameter ≥ 3 cm", "exclusion")[0][0] != "tumor diameter"


def test_prothrombin_time_international_ratio_is_the_inr(parse):
    found = item_comparisons(parse, "Prothrombin time international ratio ≤ 1.5")
    assert found[0][0] == "international normalized ratio"
