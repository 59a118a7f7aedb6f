"""Specifications for washouts, least times since an event, spans measured two ways, and how long a state lasted."""

import pytest

from parser.models.criteria import Concept
from parser.models.walk import iter_nodes
from tests.criteria.conftest import comparisons, item_comparisons, one_item, windows


def test_life_expectancy_is_a_duration_not_a_window(parse):
    assert comparisons(parse("Life expectancy of at least 24 weeks")) == [("life expectancy", ">=", 24, "wk")]


@pytest.mark.parametrize("item", ["3 weeks since prior immunotherapy", "Three weeks from last radiotherapy"])
def test_a_bare_duration_since_the_last_treatment_is_the_least_time_elapsed(parse, item):
    (found,) = windows(parse(one_item(item)))
    assert found[1:3] == (">=", 3)


@pytest.mark.parametrize("item", ["Anticoagulants must be stopped 3 weeks before the biopsy",
                                  "Radiotherapy allowed if discontinued 3 weeks prior to day 1"])
def test_a_bare_duration_after_a_verb_of_ending_before_an_event_is_the_least_time_since_it_ended(parse, item):
    (found,) = windows(parse(one_item(item)))
    assert found[1:3] == (">=", 3)


@pytest.mark.parametrize("item", ["Prior chemotherapy is allowed if completed 5 weeks before day 1",
                                  "Prior chemotherapy must have been completed 5 weeks before day 1"])
def test_a_treatment_to_be_completed_before_an_event_is_the_least_time_since_it_ended(parse, item):
    (found,) = windows(parse(one_item(item)))
    assert found[1:3] == (">=", 5)


@pytest.mark.parametrize("item", ["Baseline brain MRI completed 28 days prior to registration",
                                  "Screening labs should be completed 14 days prior to registration"])
def test_a_test_completed_before_an_event_stays_a_window(parse, item):
    """"completed" is said of tests as of treatments: "MRI completed 28 days prior" is a recent scan."""
    (found,) = windows(parse(one_item(item)))
    assert found[1] == "<="


def test_a_bare_duration_before_an_event_stays_a_window(parse):
    (found,) = windows(parse(one_item("Chemotherapy 3 weeks prior to registration", "exclusion")), "exclusion")
    assert found[1:3] == ("<=", 3)


def test_a_duration_on_a_therapy_bounds_that_therapy(parse):
    assert comparisons(parse(one_item("At least 3 months on stable antiretroviral therapy"))) == [
        ("stable antiretroviral therapy", ">=", 3, "mo")]


def test_a_bracketed_aside_between_a_duration_and_its_anchor(parse):
    (found,) = windows(parse(one_item("At least 4 weeks (8 for mitomycin) since prior chemotherapy")))
    assert found[:3] == ("chemotherapy", ">=", 4)


def test_an_alternative_bound_between_a_duration_and_its_anchor(parse):
    found = windows(parse(one_item("More than 3 weeks or 5 half-lives since prior investigational agents")))
    assert found[0][1:3] == (">", 3)


def test_a_window_may_span_a_drugs_elimination_half_lives(parse):
    found = windows(parse(one_item("Any investigational agent within 5 half-lives before day 1", "exclusion")),
                    "exclusion")
    assert found == [("investigational agent", "<=", 5, "{half-life}", False)]


def test_a_second_span_after_or_is_the_same_window_measured_another_way(parse):
    found = windows(parse(one_item("Any investigational agent within 28 days or 5 half-lives", "exclusion")),
                    "exclusion")
    assert found == [("investigational agent", "<=", 28, "d", False),
                     ("investigational agent", "<=", 5, "{half-life}", False)]


@pytest.mark.parametrize("item", [
    "Experimental medicines within 5 half-lives of the medicine or within 3 weeks before day 1",
    "Experimental medicines within 5 half-lives (where known) or 3 weeks before day 1",
    "Experimental medicines within 3 weeks (or 5 half-lives) before day 1",
])
def test_the_other_span_of_a_window_dates_the_same_event_past_an_anchor_or_aside(parse, item):
    found = windows(parse(one_item(item, "exclusion")), "exclusion")
    assert [event for event, *_ in found] == ["Experimental medicines"] * 2


def _spans(expr):
    """The join of a window measured two ways, and each span's (value, unit, negated)."""
    return type(expr).__name__, [(c.within.value, c.within.unit, c.negated) for c in iter_nodes(expr)
                                 if isinstance(c, Concept) and c.within]


@pytest.mark.parametrize(("item", "joined"), [
    ("Experimental medicines within 28 days or 5 half-lives, whichever is longer", "AnyOf"),
    ("Experimental medicines within 28 days or 5 half-lives, whichever is shorter", "AllOf"),
])
def test_the_longer_of_two_spans_back_is_either_and_the_shorter_both(parse, item, joined):
    (criterion,) = parse(one_item(item, "exclusion")).exclusion
    assert _spans(criterion.expr) == (joined, [(28, "d", False), (5, "{half-life}", False)])
    assert criterion.coverage == "full"


@pytest.mark.parametrize(("item", "joined"), [
    ("No experimental medicines within 28 days or 5 half-lives, whichever is longer, before day 1", "AllOf"),
    ("No experimental medicines within 28 days or 5 half-lives, whichever is shorter, before day 1", "AnyOf"),
])
def test_a_denied_window_measured_two_ways_denies_both_spans_and_swaps_the_join(parse, item, joined):
    (criterion,) = parse(one_item(item)).inclusion
    assert _spans(criterion.expr) == (joined, [(28, "d", True), (5, "{half-life}", True)])


@pytest.mark.parametrize(("item", "joined"), [
    ("At least 3 weeks or 5 half-lives since the last experimental medicine, whichever is longer", "AllOf"),
    ("At least 3 weeks or 5 half-lives since the last experimental medicine, whichever is shorter", "AnyOf"),
])
def test_the_longer_of_two_least_times_since_is_both_and_the_shorter_either(parse, item, joined):
    (criterion,) = parse(one_item(item)).inclusion
    assert _spans(criterion.expr) == (joined, [(3, "wk", False), (5, "{half-life}", False)])


@pytest.mark.parametrize("item", ["Prior chemotherapy within 4 weeks or 42 days for nitrosoureas",
                                  "Prior chemotherapy within 4 weeks (or 42 days for mitomycin C)"])
def test_a_span_for_a_subgroup_after_or_is_no_other_span_of_the_same_window(parse, item):
    found = windows(parse(one_item(item, "exclusion")), "exclusion")
    assert ("chemotherapy", "<=", 42, "d", False) not in found


def test_a_window_on_persons_bounds_the_event_after_its_anchor(parse):
    assert windows(parse(one_item("Patients must be at least 3 months after liver transplantation"))) == [
        ("liver transplantation", ">=", 3, "mo", False)]


def test_a_duration_range_on_persons_bounds_the_time_since_the_event_after_it(parse):
    found = comparisons(parse(one_item("Recipients must be between 90 to 150 days after allogeneic transplantation")))
    assert found == [
        ("allogeneic transplantation", ">=", 90, "d"), ("allogeneic transplantation", "<=", 150, "d")]


@pytest.mark.parametrize("item", [
    "Antidepressants at a stable dose for 8 weeks prior to randomisation",
    "Must be off systemic immunosuppressants for 8 weeks prior to randomisation",
])
def test_a_period_a_steady_state_has_lasted_is_the_least_it_must_have_lasted(parse, item):
    (found,) = windows(parse(one_item(item)))
    assert found[1:4] == (">=", 8, "wk")


@pytest.mark.parametrize("item", [
    "Antihypertensives must be at stable doses 8 weeks prior to the baseline visit",
    "A stable dose of levothyroxine 8 weeks before randomisation",
])
def test_a_period_no_word_opens_after_a_stable_dose_is_how_long_it_held(parse, item):
    (found,) = windows(parse(one_item(item)))
    assert found[1:4] == (">=", 8, "wk")


@pytest.mark.parametrize("item", ["Stable angina 8 weeks prior to enrolment",
                                  "A change to a previously stable dose 8 weeks prior to screening",
                                  "Stable dose of levothyroxine, and TSH in range 8 weeks prior to randomisation"])
def test_a_period_after_a_condition_named_stable_or_a_change_of_dose_is_a_window(parse, item):
    (found,) = windows(parse(one_item(item)))
    assert found[1:4] == ("<=", 8, "wk")


@pytest.mark.parametrize("item", [
    "Women must have used a barrier method of contraception for 8 weeks prior to dosing",
    "Documented history of chronic urticaria for 8 weeks before the baseline visit",
    # a denial in an earlier clause, which a comma and a new predicate close, denies nothing the period dates
    "Women who are negative for hepatitis B at screening, have used an intrauterine device for 8 weeks prior to dosing",
])
def test_an_inclusion_period_opened_by_for_after_something_held_is_how_long_it_held(parse, item):
    (found,) = windows(parse(one_item(item)))
    assert found[1:4] == (">=", 8, "wk")


@pytest.mark.parametrize(("item", "section"), [
    ("No systemic chemotherapy for 8 weeks prior to dosing", "inclusion"),
    # events counted over a period looked back over
    ("At least 2 severe asthma attacks for the past 8 weeks", "inclusion"),
    # exclusions write "for" for recent use
    ("Use of oral anticoagulants for 8 weeks prior to dosing", "exclusion"),
])
def test_a_period_opened_by_for_over_a_denied_event_or_in_an_exclusion_stays_a_window(parse, item, section):
    found = windows(parse(one_item(item, section)), section)
    assert [window[1:4] for window in found] == [("<=", 8, "wk")]


def test_a_period_right_after_a_diagnosis_is_how_long_the_diagnosis_has_held_at_least(parse):
    assert comparisons(parse(one_item("Ulcerative colitis diagnosis for 8 weeks"))) == [
        ("Ulcerative colitis diagnosis", ">=", 8, "wk")]


@pytest.mark.parametrize("item", ["Lithium requires a minimum washout of 14 days before the first dose",
                                  "Patients on lithium must observe a washout period of 14 days"])
def test_a_washout_is_the_least_time_off_a_drug(parse, item):
    (found,) = windows(parse(one_item(item, "exclusion")), "exclusion")
    assert found[1:4] == (">=", 14, "d")


def test_a_denial_after_a_comma_following_a_steady_dose_is_no_event_the_period_dates(parse):
    item = ("If receiving lithium, the dose must have been stable for at least 60 days before baseline, "
            "with no plan to change it")
    assert [found[0] for found in windows(parse(one_item(item)))] == ["lithium"]


def test_a_washout_of_drugs_said_by_a_relative_clause_is_named_by_that_clause(parse):
    item = "Drugs that are strong CYP2C8 inhibitors must be discontinued at least 10 days before dosing"
    (found,) = windows(parse(one_item(item, "exclusion")), "exclusion")
    assert found[:4] == ("Drugs that are strong CYP2C8 inhibitors", ">=", 10, "d")


def test_a_period_of_use_without_a_steady_state_stays_a_window(parse):
    item = "Use of systemic immunosuppressants for 8 weeks prior to randomisation"
    (found,) = windows(parse(one_item(item, "exclusion")), "exclusion")
    assert found[1:4] == ("<=", 8, "wk")


@pytest.mark.parametrize("text", [
    "Women must use effective contraception during the study and for 3 months after the last dose.",
    "Effective contraception during the study and within 6 months of the last administration.",
    "Men must use condoms until 16 weeks after their last dose of study drug.",
])
def test_a_period_counted_from_the_end_of_study_treatment_without_a_comparator_is_a_promise_not_a_window(parse, text):
    assert windows(parse(one_item(text))) == [] and comparisons(parse(one_item(text))) == []


@pytest.mark.parametrize(("text", "bound"), [
    ("Chemotherapy: ≥ 21 days after the last dose", (">=", 21, "d")),
    ("At least 4 weeks after the last dose of prior chemotherapy", (">=", 4, "wk")),
])
def test_a_washout_after_the_last_dose_of_a_prior_therapy_stays_a_window(parse, text, bound):
    assert [w[1:4] for w in windows(parse(one_item(text)))] == [bound]


def test_a_period_after_study_treatment_with_a_written_comparator_keeps_that_comparator(parse):
    text = "Fertile patients must use contraception during and for ≥ 3 months after completion of study treatment"
    assert [w[1:4] for w in windows(parse(one_item(text)))] == [(">=", 3, "mo")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Admission to hospital within a 30-day period before screening", ("Admission to hospital", "<=", 30, "d")),
        ("A blood transfusion during the 3 month period before dosing", ("blood transfusion", "<=", 3, "mo")),
    ],
)
def test_a_period_written_as_an_adjective_of_period_is_a_window(parse, text, expected):
    assert [w[:4] for w in windows(parse(text))] == [expected]


def test_a_duration_that_is_not_a_period_of_time_is_no_window(parse):
    assert windows(parse("Enrolled in a 12-week lifestyle study")) == []


@pytest.mark.parametrize("text", ["Patients must be at least 3 weeks out from major surgery",
                                  "Patients must be 3 weeks post major surgery"])
def test_weeks_out_from_or_post_an_event_are_the_least_time_since_it(parse, text):
    assert windows(parse(one_item(text))) == [("major surgery", ">=", 3, "wk", False)]


def test_within_weeks_post_an_event_stays_the_most_time_since_it(parse):
    assert windows(parse(one_item("Within 3 weeks post major surgery")))[0][1:3] == ("<=", 3)


def test_a_period_named_with_an_article_is_one_of_it(parse):
    assert [w[1:4] for w in windows(parse(one_item("Stroke within a year of screening", "exclusion")), "exclusion")] \
        == [("<=", 1, "a")]


@pytest.mark.parametrize(("text", "unit"), [("On a stable dose of sertraline for 2 months", "mo"),
                                            ("In complete remission for 3 years", "a")])
def test_how_long_a_state_has_held_is_at_least_that_long_without_a_comparator(parse, text, unit):
    ((_, op, value, written),) = item_comparisons(parse, text)
    assert (op, written) == (">=", unit) and value in (2, 3)


def test_a_stay_for_a_number_of_days_is_no_threshold(parse):
    assert item_comparisons(parse, "Admitted to hospital for 3 days last winter") == []


def test_a_washout_from_a_treatment_is_the_least_time_since_it(parse):
    ((concept, op, value, unit, _),) = windows(parse(one_item("After a 48-hour washout from prior antihistamines")))
    assert "antihistamines" in concept and (op, value, unit) == (">=", 48, "h")


def test_a_bracketed_duration_after_chronic_says_how_long_what_follows_lasts(parse):
    text = "Receiving chronic (longer than 21 consecutive days) treatment with inhaled corticosteroids"
    assert item_comparisons(parse, text, "exclusion") == [
        ("treatment with inhaled corticosteroids", ">", 21, "d")]


def test_a_long_bracket_after_chronic_qualifies_the_use_of_what_follows(parse):
    text = "Chronic (more than 14 days of daily use in the last 3 months) use of oral corticosteroids"
    assert item_comparisons(parse, text, "exclusion") == [("oral corticosteroids", ">", 14, "d")]


@pytest.mark.parametrize("item", [
    "Chemotherapy within prior 6 months",
    "Chemotherapy during the prior 6 months",
    "Chemotherapy in preceding 6 months",
])
def test_a_window_over_the_prior_months_without_an_article(parse, item):
    ((event, *bound),) = windows(parse(one_item(item, "exclusion")), "exclusion")
    assert (event.lower(), *bound) == ("chemotherapy", "<=", 6, "mo", False)


@pytest.mark.parametrize("item", [
    "Body weight stable over the past 3 months",
    "On a stable dose of metformin during the last 3 months",
    "Antidiabetic treatment unchanged in the 3 months before screening",
])
def test_a_level_held_over_a_period_lasted_at_least_that_long(parse, item):
    ((_, op, value, unit, _),) = windows(parse(one_item(item)))
    assert (op, value, unit) == (">=", 3, "mo")


@pytest.mark.parametrize("item", [
    "Stable or unstable angina in the last 3 months",
    "In remission from another cancer during the past 3 months",
    "Symptoms consistent with pneumonia in the last 3 months",
    "A change to a previously stable dose of steroids in the last 3 months",
    "Clinically stable but admitted for heart failure during the past 3 months",
    "Dose of lithium not stable during the past 3 months",
])
def test_an_event_in_a_recent_period_is_no_level_held_over_it(parse, item):
    ((_, op, value, unit, _),) = windows(parse(one_item(item, "exclusion")), "exclusion")
    assert (op, value, unit) == ("<=", 3, "mo")


@pytest.mark.parametrize(("item", "expected"), [
    ("Cannabis use in the month before inclusion", ("Cannabis use", "<=", 1, "mo", False)),
    ("Asthma attacks during the year prior to entry", ("Asthma attacks", "<=", 1, "a", False)),
    ("Treated with antibiotics in the week preceding the first visit", ("antibiotics", "<=", 1, "wk", False)),
])
def test_a_singular_period_an_anchor_looks_back_from_is_one_of_it(parse, item, expected):
    assert windows(parse(one_item(item)))[-1] == expected


def test_a_plural_period_without_a_number_is_no_window(parse):
    assert windows(parse(one_item("Cannabis use in the months before inclusion"))) == []


@pytest.mark.parametrize(("item", "expected"), [
    ("Stroke previous 6 months", ("Stroke", "<=", 6, "mo", False)),
    ("Recent (prior 3 months) pulmonary embolism", ("pulmonary embolism", "<=", 3, "mo", False)),
    ("Hospitalisation for asthma over preceding 2 months", ("Hospitalisation for asthma", "<=", 2, "mo", False)),
])
def test_a_word_of_recency_right_before_a_period_opens_a_window(parse, item, expected):
    assert windows(parse(one_item(item, "exclusion")), "exclusion") == [expected]


def test_over_before_a_recent_period_opens_it_and_is_no_comparator(parse):
    found = windows(parse(one_item("Weight loss of 5% over past 3 months")))
    assert [(op, value, unit) for _, op, value, unit, _ in found] == [("<=", 3, "mo")]


def test_a_comparator_before_for_still_bounds_the_duration(parse):
    assert item_comparisons(parse, "Chronic cough (at least for 8 weeks)") == [("Chronic cough", ">=", 8, "wk")]


def test_a_recency_word_before_a_course_of_something_opens_no_window(parse):
    assert windows(parse(one_item("Prior 6 months of imatinib therapy"))) == []


@pytest.mark.parametrize(("item", "expected"), [
    ("Postmenopausal, defined as 12 months of spontaneous amenorrhoea", ("spontaneous amenorrhoea", ">=", 12, "mo")),
    ("A 2-year history of chronic migraine", ("chronic migraine", ">=", 2, "a")),
])
def test_a_duration_before_a_state_that_lasts_is_how_long_it_lasted_at_least(parse, item, expected):
    assert item_comparisons(parse, item) == [expected]


def test_weeks_of_amenorrhoea_are_a_pregnancys_age_not_a_lasting_state(parse):
    assert item_comparisons(parse, "Pregnant women at 20 weeks of amenorrhoea") == []


def test_a_bound_read_without_its_comparator_lends_no_measure_to_a_later_clause(parse):
    item = "Postmenopausal (12 months of amenorrhoea) or using contraception during treatment and for at least 3 months"
    names = [name for name, *_ in item_comparisons(parse, item)]
    assert names == ["amenorrhoea", "using contraception during treatment"]


@pytest.mark.parametrize(("item", "expected"), [
    ("Postmenopausal, defined as age ≥ 50 years and 12 months of amenorrhoea",
     [("age", ">=", 50, "a"), ("amenorrhoea", ">=", 12, "mo")]),
    ("Age ≥ 18 years, 6 months history of psoriasis", [("age", ">=", 18, "a"), ("psoriasis", ">=", 6, "mo")]),
])
def test_a_lasting_state_names_its_own_duration_after_an_age(parse, item, expected):
    assert item_comparisons(parse, item) == expected


def test_a_state_after_with_is_no_lasting_state_of_the_age_before(parse):
    assert item_comparisons(parse, "Boys aged 12 years with history of asthma") == [("age", ">=", 12, "a")]


@pytest.mark.parametrize("item", ["Off antipsychotics after a 14-day washout",
                                  "A wash-out period of 14 days from antipsychotics",
                                  "A wash out period of 14 days from antipsychotics"])
def test_a_period_before_a_washout_or_after_one_written_in_two_words_is_the_least_time_off(parse, item):
    assert [(op, value, unit) for _, op, value, unit, _ in windows(parse(one_item(item)))] == [(">=", 14, "d")]


def test_a_period_bounded_as_written_before_a_washout_keeps_its_comparator(parse):
    found = windows(parse(one_item("Antipsychotics within 14 days washout not done", "exclusion")), "exclusion")
    assert [(op, value) for _, op, value, _, _ in found] == [("<=", 14)]


@pytest.mark.parametrize("item", ["Melanoma resected with no evidence of recurrence for 3 years before enrolment",
                                  "Earlier cancer allowed if no evidence of disease for 3 years prior to day 1"])
def test_a_time_without_evidence_of_a_disease_is_how_long_it_has_been_absent(parse, item):
    (found,) = windows(parse(one_item(item)))
    assert found[1:4] == (">=", 3, "a")


@pytest.mark.parametrize(("item", "expected"), [
    ("A minimum of 21 days must have elapsed between the end of radiotherapy and registration",
     ("radiotherapy", ">=", 21, "d", False)),
    ("At least 6 weeks should have elapsed between the last dose of bevacizumab and the first dose of study drug",
     ("bevacizumab", ">=", 6, "wk", False))])
def test_time_elapsed_between_an_event_and_a_study_point_is_a_washout_of_the_event(parse, item, expected):
    assert windows(parse(one_item(item))) == [expected]


def test_time_elapsed_between_two_events_is_neither_an_age_nor_a_washout(parse):
    document = parse(one_item("More than 3 years has elapsed between the primary surgery and the first relapse"))
    assert windows(document) == []
    assert comparisons(document) == [("primary surgery and the first relapse", ">", 3, "a")]


@pytest.mark.parametrize("item", ["Investigational drug within 5 drug half-lives", "Investigational drug within 5 "
                                  "elimination half lives", "Investigational drug within 5 plasma half-lives"])
def test_half_lives_with_a_word_of_their_kind_are_still_half_lives(parse, item):
    assert windows(parse(one_item(item, "exclusion")), "exclusion") == [
        ("Investigational drug", "<=", 5, "{half-life}", False)]


@pytest.mark.parametrize("item", ["Investigational drug within 6 months of screening or 5 half-lives (whichever is "
                                  "longer)",
                                  "Investigational drug within 6 months, 5 half-lives of the agent, or twice the "
                                  "duration of its effect"])
def test_half_lives_after_a_window_and_its_anchor_measure_the_same_window(parse, item):
    found = windows(parse(one_item(item, "exclusion")), "exclusion")
    assert [(name, value, unit) for name, _, value, unit, _ in found] == [
        ("Investigational drug", 6, "mo"), ("Investigational drug", 5, "{half-life}")]


@pytest.mark.parametrize("item", ["Minimum of 4 weeks since any major surgery or completion of radiation",
                                  "At least 4 weeks since prior major surgery or the last dose of radiotherapy"])
def test_a_washout_lists_an_event_named_by_the_point_it_counts_from(parse, item):
    assert [name for name, *_ in windows(parse(one_item(item)))] == ["major surgery", item.split()[-1]]


@pytest.mark.parametrize("item", ["A maximum of 6 weeks must have elapsed between surgery and start of chemotherapy",
                                  "At least 6 months must have passed between the diagnosis of tuberculosis and "
                                  "enrollment"])
def test_time_elapsed_between_two_events_or_since_an_onset_is_no_washout(parse, item):
    assert windows(parse(one_item(item))) == []


def test_time_elapsed_between_things_of_one_kind_names_no_measure_of_a_number(parse):
    assert comparisons(parse(one_item("At least 7 days must have elapsed between the two platelet counts"))) == []


@pytest.mark.parametrize("item", ["Women from 2 up to 10 years postmenopausal",
                                  "Men from 1 up to 3 years after radical prostatectomy"])
def test_a_span_from_up_to_years_after_an_event_is_no_age(parse, item):
    assert "age" not in [c[0] for c in comparisons(parse(one_item(item)))]


@pytest.mark.parametrize(("item", "events"), [
    ("At least 2 weeks since prior and no concurrent immunotherapy or radiotherapy", ["immunotherapy", "radiotherapy"]),
    ("At least 2 weeks since prior surgery and radiotherapy", ["surgery", "radiotherapy"]),
    ("At least 2 weeks since prior immunotherapy, radiotherapy, or other investigational agents",
     ["immunotherapy", "radiotherapy", "other investigational agents"]),
])
def test_a_washout_counts_from_each_event_its_anchor_lists(parse, item, events):
    found = windows(parse(one_item(item)))
    assert [event for event, *_ in found] == events and all(op == ">=" for _, op, *_ in found)


def test_an_event_after_and_that_a_verb_follows_is_no_event_of_the_washout(parse):
    found = windows(parse(one_item("At least 2 weeks since prior surgery and corticosteroids must be at a stable "
                                   "dose")))
    assert [event for event, *_ in found] == ["surgery"]



def test_a_hyphenated_word_of_duration_before_a_bracketed_length_times_what_follows(parse):
    found = item_comparisons(parse, "Prior long-term (> 6 months) use of oral bisphosphonates", "exclusion")
    assert found and found[0][0] != "long-term" and found[0][1:] == (">", 6, "mo")


def test_a_bare_period_after_a_label_under_a_lead_of_periods_is_a_window_over_the_label(parse):
    text = ("Exclusion Criteria:\n- Use of any of the following within the stated period before baseline:\n"
            "  - Leflunomide: 8 weeks\n  - Oral retinoids: 30 days\n")
    assert [found[:4] for found in windows(parse(text), "exclusion")] == [
        ("Leflunomide", "<=", 8, "wk"), ("Oral retinoids", "<=", 30, "d")]


def test_a_bare_period_after_a_label_under_an_inclusions_lead_of_washouts_is_the_least_time_since_the_last(parse):
    text = "Inclusion Criteria:\n- Required washout periods:\n  - Systemic retinoids: 4 weeks\n"
    (criterion,) = parse(text).inclusion[1:]
    assert criterion.expr.within.op == ">=" and criterion.expr.within.since_last


def test_a_bare_period_after_a_label_with_no_lead_of_periods_is_no_window(parse):
    text = "Exclusion Criteria:\n- Known allergies to the following:\n  - Penicillin: 2 days\n"
    assert windows(parse(text), "exclusion") == []


@pytest.mark.parametrize("text", [
    "Inclusion Criteria:\n- QT interval requirements:\n  - QTc: 450 ms\n",
    "Inclusion Criteria:\n- Stable treatment for the following intervals:\n  - Methotrexate: 12 weeks\n",
    "Inclusion Criteria:\n- All of the following within the past year:\n  - Wheezing: 2 weeks\n",
])
def test_a_bare_period_under_a_lead_of_measures_steady_doses_or_its_own_window_is_no_washout(parse, text):
    assert not any(found[1] == ">=" for found in windows(parse(text)))


def test_a_bare_period_under_an_inclusions_lead_of_periods_within_which_is_at_most_that_long_ago(parse):
    text = "Inclusion Criteria:\n- Done within the specified period before enrolment:\n  - Brain MRI: 28 days\n"
    assert [found[:4] for found in windows(parse(text))] == [("Brain MRI", "<=", 28, "d")]
