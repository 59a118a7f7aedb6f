"""Specifications for ages and ranges: whose age a number is, and when two values bound one range."""

import pytest

from parser.models.criteria import Concept
from parser.models.walk import iter_nodes
from tests.criteria.conftest import comparisons, item_comparisons, only_criterion


@pytest.mark.parametrize("text", ["Age 18-75 years", "aged 18 to 75 years", "between 18 and 75 years of age",
                                  "18 – 75 years old", "18 and 75 years of age", "Men and women 18 and 75 years old"])
def test_age_ranges_become_two_bounds(parse, text):
    assert comparisons(parse(text)) == [("age", ">=", 18, "a"), ("age", "<=", 75, "a")]


@pytest.mark.parametrize(("text", "expected"), [
    ("Patients between 21 and < 65 years of age", [("age", ">=", 21, "a"), ("age", "<", 65, "a")]),
    ("Body weight between 45 and up to 110 kg", [("body weight", ">=", 45, "kg"), ("body weight", "<=", 110, "kg")]),
])
def test_a_range_opened_by_between_keeps_its_low_end_when_the_high_end_has_its_own_comparator(parse, text, expected):
    assert comparisons(parse(text)) == expected


def test_a_range_of_times_since_an_event_is_no_age(parse):
    assert not [c for c in comparisons(parse("Between 1 and < 5 years since diagnosis of breast cancer"))
                if c[0] == "age"]


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


def test_the_numbers_of_visits_and_cycles_are_labels_not_a_range(parse):
    found = item_comparisons(parse, "Change in weight between Visits 2 and 5 of no more than 3 kg")
    assert [c[1:] for c in found] == [("<=", 3, "kg")]


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
        ("Asthma onset before 40 years of age", [("age at asthma onset", "<", 40, "a")]),
        ("Diagnosed with gout prior to 30 years of age", [("age at diagnosed with gout", "<", 30, "a")]),
        ("Seizures that began after 18 months of age", [("age at seizures that began", ">", 18, "mo")]),
        ("Migraine with the age of onset prior to 50 years of age", [("age at onset", "<", 50, "a")]),
    ],
)
def test_an_age_before_or_after_which_something_happened_is_not_the_persons_age(parse, text, expected):
    """A screener must not compare today's age with the age at onset: a 70-year-old whose headaches began at 45
    meets "began before age 50"."""
    assert comparisons(parse(text)) == expected


@pytest.mark.parametrize("text", ["Surgery before 6 months", "Stop aspirin 7 days before surgery",
                                  "Relapse after 12 months of remission"])
def test_before_or_after_a_period_that_is_no_age_reads_no_age(parse, text):
    assert not [c for c in comparisons(parse(text)) if c[0].startswith("age")]


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


def test_an_age_range_may_change_units(parse):
    assert comparisons(parse("Children aged 2 months to 5 years")) == [("age", ">=", 2, "mo"), ("age", "<=", 5, "a")]


@pytest.mark.parametrize("text", ["Methotrexate 7.5mg to 20mg per week",
                                  "methotrexate between 7.5 mg and 20 mg weekly"])
def test_a_range_whose_high_end_completes_a_rate_bounds_that_rate_at_both_ends(parse, text):
    assert [c[1:] for c in comparisons(parse(text))] == [(">=", 7.5, "mg/wk"), ("<=", 20, "mg/wk")]


def test_calendar_year_ranges_are_not_thresholds(parse):
    assert comparisons(parse("Patients receiving dialysis between 2012 and 2014")) == []


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


@pytest.mark.parametrize(("text", "op"), [("Adults not older than 70 years", "<="),
                                          ("Adults no younger than 70 years", ">=")])
def test_a_negated_age_comparison_is_the_opposite_bound(parse, text, op):
    assert item_comparisons(parse, text) == [("age", op, 70, "a")]


@pytest.mark.parametrize(("text", "op"), [("Adults equal or older than 70 years", ">="),
                                          ("Adults equal to or younger than 70 years", "<=")])
def test_an_age_equal_or_beyond_includes_the_bound(parse, text, op):
    assert item_comparisons(parse, text) == [("age", op, 70, "a")]


@pytest.mark.parametrize("written", [
    "Worst pain of at least 5 on a 0 to 10 point scale",
    "Worst pain of at least 5 on a numeric rating scale (0-10)",
    "Worst pain of at least 5, rated on a scale of 0 to 10",
    "Worst pain of at least 5 (0-10)",
    "Worst pain of at least 5 cm (0-10 cm)",
    "Worst pain of at least 5 (range 0-10)",
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


def test_an_aside_between_the_years_and_of_age_keeps_them_an_age(parse):
    found = item_comparisons(parse, "Men and women not of childbearing potential between 45 and 75 years (both "
                                    "inclusive) of age")
    assert [(c[0], c[1], c[2], c[3]) for c in found] == [("age", ">=", 45, "a"), ("age", "<=", 75, "a")]


@pytest.mark.parametrize("text", ["Women 21 years-of-age or older", "Men 21 years-old or above"])
def test_hyphenated_age_words_before_a_postfix_comparator_keep_the_age(parse, text):
    assert item_comparisons(parse, text) == [("age", ">=", 21, "a")]


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


def test_a_range_opened_by_within_the_range_joins_its_ends_by_and(parse):
    assert [c[1:3] for c in comparisons(parse("BMI within the range 19 and 32 kg/m2, inclusive"))] == [
        (">=", 19), ("<=", 32)]


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


def test_a_scores_range_hyphenated_to_its_name_stays_a_range(parse):
    assert [c[1:3] for c in comparisons(parse("ECOG-0-1"))] == [(">=", 0), ("<=", 1)]


def test_ages_joined_by_and_with_a_comparator_after_are_no_range(parse):
    assert ("<=", 75) not in [c[1:3] for c in item_comparisons(parse, "Age 18 and 75 years or older")]


def test_ages_at_events_joined_by_and_are_no_range(parse):
    assert item_comparisons(parse, "Vaccinated at age 2 and 4") == []


def test_two_ages_closing_the_clause_after_an_age_word_are_a_range_without_a_unit(parse):
    assert [c[1:] for c in item_comparisons(parse, "Age 18 and 75")] == [(">=", 18, "a"), ("<=", 75, "a")]


def test_two_ages_after_an_items_own_number_in_brackets_are_a_range(parse):
    assert [c[1:3] for c in item_comparisons(parse, "(2) aged 30 and 70 years")] == [(">=", 30), ("<=", 70)]


@pytest.mark.parametrize(("text", "upper"), [("Patients 20 years of age and ≤ 70 years of age", "<="),
                                             ("Women 20 years old and under 70", "<")])
def test_an_age_joined_by_and_to_an_upper_age_bound_is_the_low_end(parse, text, upper):
    assert [c[1:3] for c in comparisons(parse(text))] == [(">=", 20), (upper, 70)]


def test_years_a_rate_was_kept_up_are_not_an_age(parse):
    found = comparisons(parse("Smokes at least 10 cigarettes per day for at least 5 years"))
    assert "age" not in [measure for measure, *_ in found]


def test_years_a_rate_was_kept_up_are_named_as_the_rate(parse):
    found = comparisons(parse("Smokes at least 10 cigarettes per day for at least 5 years"))
    assert found[-1] == ("cigarette smoking", ">=", 5, "a")


def test_persons_in_a_span_of_years_are_aged_so(parse):
    assert [c[:3] for c in comparisons(parse("Healthy volunteers in 18-45 years"))] == [
        ("age", ">=", 18), ("age", "<=", 45)]


def test_a_range_between_two_bare_equals_signs_is_a_range(parse):
    """"=18.5 to =29.9": "≥" and "≤" that lost their first stroke in conversion, not two exact values."""
    found = comparisons(parse("Body mass index =20.0 to =27.5 kg/m2"))
    assert [c[1:3] for c in found] == [(">=", 20.0), ("<=", 27.5)]


def test_ages_of_an_event_joined_by_and_are_no_range(parse):
    assert item_comparisons(parse, "Vaccinated at 2 and 4 years of age") == []


@pytest.mark.parametrize(("item", "sex"), [("Women aged 18 to 45 years", "Women"),
                                           ("Healthy male volunteers between 20 and 40 years of age", "male"),
                                           ("Must be female, 50 years or older", "female"),
                                           ("Pregnant women aged 18 to 40 years", "women"),
                                           ("Girls aged 12 to 17 years", "Girls")])
def test_the_one_sex_an_inclusions_population_is_named_by_is_required_beside_its_age(parse, item, sex):
    expr = only_criterion(parse, item).expr
    assert [(n.concept, n.category) for n in iter_nodes(expr) if isinstance(n, Concept)] == [(sex, "sex")]


@pytest.mark.parametrize("item", ["Men and women aged 18 to 75 years", "Body fat above 30% for women",
                                  "Women of childbearing potential must have a negative pregnancy test within 7 days",
                                  "Female patients must be postmenopausal for at least 2 years or surgically sterile"])
def test_both_sexes_or_a_subgroups_sex_is_no_requirement_of_the_population(parse, item):
    expr = only_criterion(parse, item).expr
    assert not any(isinstance(n, Concept) and n.category == "sex" for n in iter_nodes(expr, conditions=False))


def test_inclusions_naming_each_sex_in_its_own_item_require_neither(parse):
    document = parse("Inclusion Criteria:\n- Men aged 45 to 80 years\n- Women aged 55 to 80 years\n")
    assert not any(isinstance(node, Concept) for c in document.inclusion for node in iter_nodes(c.expr))


def test_a_sex_one_alternative_names_is_no_requirement_of_the_other(parse):
    expr = only_criterion(parse, "Women aged 18 to 45 years or adolescents aged 12 to 17 years").expr
    assert not any(isinstance(node, Concept) for node in iter_nodes(expr))


@pytest.mark.parametrize("item", ["Pregnant women between 18 and 40 years of age",
                                  "Pregnant healthy women aged 18 to 40 years"])
def test_a_state_of_reproduction_a_population_is_named_by_narrows_it(parse, item):
    """The ages and the sex are necessary, not sufficient: a woman of 45 fails, one of 30 is for a person to read."""
    criterion = only_criterion(parse, item)
    assert (criterion.coverage, criterion.rest) == ("partial", "narrowing")


def test_a_denied_state_of_reproduction_beside_both_sexes_leaves_the_ages_the_criterion(parse):
    criterion = only_criterion(parse, "Male or non-pregnant female aged 18 years or older")
    assert (criterion.coverage, criterion.rest) == ("full", "none")


def test_an_exclusions_population_of_one_sex_is_required_whatever_sexes_the_inclusions_name(parse):
    document = parse("Inclusion Criteria:\n- Men and women aged 18 to 80 years\n"
                     "Exclusion Criteria:\n- Women aged 50 years or older\n")
    (criterion,) = document.exclusion
    assert [(n.concept, n.category) for n in iter_nodes(criterion.expr) if isinstance(n, Concept)] == [
        ("Women", "sex")]


def test_an_exclusion_listing_a_sex_and_an_age_apart_requires_no_sex_of_the_age(parse):
    expr = only_criterion(parse, "Pregnant women, breastfeeding or younger than 18 years", "exclusion").expr
    assert not any(isinstance(n, Concept) and n.category == "sex" for n in iter_nodes(expr))


def test_an_exclusions_sex_set_apart_by_a_comma_from_its_ages_alone_is_still_its_population(parse):
    expr = only_criterion(parse, "Women, aged 50 or older", "exclusion").expr
    assert [(n.concept, n.category) for n in iter_nodes(expr) if isinstance(n, Concept)] == [("Women", "sex")]


def test_a_second_age_bound_for_anyone_takes_no_sex_of_the_first(parse):
    expr = only_criterion(parse, "Female patients older than 65 years and any patient older than 80 years",
                          "exclusion").expr
    assert not any(isinstance(n, Concept) and n.category == "sex" for n in iter_nodes(expr))


def test_the_sex_named_with_the_ages_is_their_populations_not_an_earlier_one(parse):
    criterion = only_criterion(parse, "Pregnant women or women younger than 18 years", "exclusion")
    sexed = [n for n in iter_nodes(criterion.expr) if isinstance(n, Concept) and n.category == "sex"]
    assert [(n.concept, n.span) for n in sexed] == [("women", (18, 23))]


@pytest.mark.parametrize("text", ["Non-smoker for at least 1 year", "Smoker for at least 5 years"])
def test_years_after_a_smoking_state_are_how_long_it_is_held_not_an_age(parse, text):
    assert "age" not in [c[0] for c in item_comparisons(parse, text)]


@pytest.mark.parametrize("text", ["Age = 30 years and above", "Age = 30 years or older", "Age: = 30 years and older"])
def test_an_equals_sign_before_an_open_ending_reads_as_the_ending_says(parse, text):
    assert item_comparisons(parse, text) == [("age", ">=", 30, "a")]


def test_an_equals_sign_alone_stays_equal(parse):
    assert item_comparisons(parse, "Number of prior regimens = 2") == [("Number of prior regimens", "==", 2, "1")]


@pytest.mark.parametrize("text", ["Women up to or equal 55 years", "Women aged up to or equal to 55 years"])
def test_up_to_or_equal_is_at_most(parse, text):
    assert item_comparisons(parse, text) == [("age", "<=", 55, "a")]


@pytest.mark.parametrize("text", ["Healthy women between 25 and 40 seeking fertility treatment",
                                  "Men 30 to 55 undergoing elective knee surgery",
                                  "Patients between 40 and 80 scheduled for cataract surgery",
                                  "Women between 20 and 35 wishing to breastfeed"])
def test_a_bare_range_after_persons_is_their_age_when_what_they_do_follows(parse, text):
    low, high = item_comparisons(parse, text)[:2]
    assert (low[0], low[1:], high[0], high[1:]) == ("age", (">=", low[2], "a"), "age", ("<=", high[2], "a"))


@pytest.mark.parametrize("text", ["Patients with type 2 diabetes for 5-10 years",
                                  "Patients with diabetes for 15-25 years", "Patients with diabetes ≥ 10 years",
                                  "Patients with psoriasis of 2-10 years duration"])
def test_years_a_condition_is_held_after_persons_with_it_are_no_age(parse, text):
    assert "age" not in [c[0] for c in item_comparisons(parse, text)]


@pytest.mark.parametrize("text", ["Infants 6 to 12 attending the clinic", "Pregnant women 24 to 28 attending for OGTT"])
def test_a_bare_range_of_infants_or_pregnant_women_before_what_they_do_is_not_read_as_years(parse, text):
    assert "age" not in [c[0] for c in item_comparisons(parse, text)]


@pytest.mark.parametrize("text", ["Age from 18 up to 75 years", "Age from 18 up to or equal to 75 years"])
def test_a_range_from_a_low_end_up_to_a_high_end_keeps_both(parse, text):
    assert item_comparisons(parse, text) == [("age", ">=", 18, "a"), ("age", "<=", 75, "a")]


@pytest.mark.parametrize("text", [
    "Men or women aged 21 (or older where the local age of majority is higher) to 70 years, inclusive",
    "Adults between 21 (19 in Korea) and 70 years of age",
])
def test_an_aside_in_brackets_on_the_low_end_of_a_range_keeps_the_range(parse, text):
    found = comparisons(parse(text))
    assert ("age", ">=", 21, "a") in found and ("age", "<=", 70, "a") in found


def test_a_bracket_restating_the_low_end_in_other_units_still_joins_the_range(parse):
    assert comparisons(parse("HbA1c from 7.5% (58 mmol/mol) to 11.0% (97 mmol/mol)")) == [
        ("hemoglobin A1c", ">=", 7.5, "%"), ("hemoglobin A1c", "<=", 11.0, "%")]


def test_a_bracket_after_a_lone_bound_joins_no_range_with_a_later_number(parse):
    found = comparisons(parse("Age ≥ 18 (or the local age of consent) and weight ≤ 120 kg"))
    assert ("age", ">=", 18, "a") in found and ("body weight", "<=", 120, "kg") in found


def test_an_aside_on_a_ranges_low_end_is_left_for_a_person(parse):
    criterion = parse("Inclusion Criteria:\n\n  -  Aged 21 (19 in Korea) to 70 years").inclusion[0]
    assert criterion.coverage == "partial" and criterion.rest == "unknown"


@pytest.mark.parametrize("text", ["Age20-45years.", "Between20 and 45 years of age", "Be20-45 years old"])
def test_an_age_typed_against_the_word_before_it_is_read_apart(parse, text):
    assert [c[1:] for c in item_comparisons(parse, text)] == [(">=", 20, "a"), ("<=", 45, "a")]


def test_a_number_in_a_name_after_the_letters_of_age_stays_in_the_name(parse):
    assert [c[0] for c in item_comparisons(parse, "Stage4 disease or ECOG ≤ 2")] == ["ECOG performance status"]


@pytest.mark.parametrize("item", ["BCVA of 70 to 35 ETDRS letters in the study eye", "BCVA 70-35 letters"])
def test_a_range_of_acuity_letters_written_best_first_is_still_a_range(parse, item):
    assert [c[1:] for c in item_comparisons(parse, item)] == [(">=", 35, "{letters}"), ("<=", 70, "{letters}")]


def test_acuity_letters_or_better_is_at_least_that_score(parse):
    assert item_comparisons(parse, "BCVA of 45 letters or better in the fellow eye")[0][1:3] == (">=", 45)


@pytest.mark.parametrize(("item", "expected"), [
    ("Treated with PTH(1-34) before", []),
    ("ECOG(0-2)", [(">=", 0), ("<=", 2)]),
])
def test_a_unitless_range_glued_in_brackets_to_a_labs_name_is_the_fragment_it_names(parse, item, expected):
    assert [c[1:3] for c in item_comparisons(parse, item)] == expected


@pytest.mark.parametrize(("item", "expected"), [("Age(18-70)", [(">=", 18), ("<=", 70)]),
                                                ("HbA1c(7.5-10.5)", [(">=", 7.5), ("<=", 10.5)])])
def test_a_range_glued_in_brackets_to_a_name_not_starting_at_residue_one_is_a_range(parse, item, expected):
    assert [c[1:3] for c in item_comparisons(parse, item)] == expected
