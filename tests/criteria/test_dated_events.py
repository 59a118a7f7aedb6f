"""What a period counted from an event dates: the event named after "since"/"from"/"after", and when such a
period is a promise about the end of the study rather than a window."""

import pytest

from parser.models.criteria import AnyOf, Comparison, Concept
from parser.models.walk import iter_nodes
from tests.criteria.conftest import item_comparisons, one_item, only_criterion, windows


def test_each_period_of_a_washout_sentence_dates_the_event_after_its_own_since(parse):
    text = "At least 3 weeks must have elapsed since prior surgery and 1 week must have elapsed since radiotherapy."
    assert [w[:4] for w in windows(parse(one_item(text)))] == [
        ("surgery", ">=", 3, "wk"), ("radiotherapy", ">=", 1, "wk")]


def test_a_period_from_an_event_dates_that_event_not_the_clause_before_it(parse):
    text = "Must have recovered from all toxicities and be at least 6 months from definitive surgery for the tumour"
    assert [w[:4] for w in windows(parse(one_item(text)))] == [
        ("definitive surgery for the tumour", ">=", 6, "mo")]


def test_periods_listed_after_at_least_each_date_their_own_drug_and_keep_the_least_time(parse):
    text = "At least 4 weeks from carboplatin, 8 weeks from lomustine, and 2 weeks from etoposide"
    assert [w[:4] for w in windows(parse(one_item(text)))] == [
        ("carboplatin", ">=", 4, "wk"), ("lomustine", ">=", 8, "wk"), ("etoposide", ">=", 2, "wk")]


def test_each_period_of_an_aside_on_a_window_dates_the_drug_it_names(parse):
    text = ("No anticancer therapy within 3 weeks before the first dose (5 weeks in the case of lomustine; "
            "10 weeks for radioisotopes)")
    assert [w[:4] for w in windows(parse(one_item(text, "exclusion")), "exclusion")] == [
        ("anticancer therapy", "<=", 3, "wk"), ("lomustine", "<=", 5, "wk"), ("radioisotopes", "<=", 10, "wk")]


def test_an_aside_group_runs_past_brackets_of_its_own(parse):
    text = "At least 3 weeks since prior chemotherapy (8 weeks for carmustine (BCNU) or lomustine)"
    assert [w[0] for w in windows(parse(one_item(text)))] == ["chemotherapy", "carmustine (BCNU) or lomustine"]


def test_a_period_after_a_join_and_for_a_drug_dates_that_drug_with_the_windows_bound(parse):
    text = "Hormonal therapy within 2 weeks for tamoxifen or 8 weeks for goserelin before the first dose"
    assert [w[:4] for w in windows(parse(one_item(text, "exclusion")), "exclusion")] == [
        ("Hormonal therapy", "<=", 2, "wk"), ("goserelin", "<=", 8, "wk")]


def test_each_period_of_an_aside_listing_two_groups_dates_its_own_group(parse):
    text = "At least 2 weeks since prior chemotherapy (3 weeks for cisplatin or oxaliplatin and 5 weeks for lomustine)"
    assert [w[:4] for w in windows(parse(one_item(text)))] == [
        ("chemotherapy", ">=", 2, "wk"), ("cisplatin or oxaliplatin", ">=", 3, "wk"), ("lomustine", ">=", 5, "wk")]


def test_subgroup_periods_are_requirements_apart_whatever_joins_their_groups(parse):
    text = "Antibody therapy within 6 weeks (4 weeks for rituximab or obinutuzumab and 8 weeks for ocrelizumab)"
    expr = parse(one_item(text, "exclusion")).exclusion[0].expr
    assert isinstance(expr, AnyOf)
    assert [(node.concept, node.within.value) for node in expr.any if isinstance(node, Concept) and node.within] == [
        ("Antibody therapy", 6), ("rituximab or obinutuzumab", 4), ("ocrelizumab", 8)]


def test_a_duration_for_a_group_after_or_is_the_time_named_before_for_that_group(parse):
    text = "Disease-free for at least 3 years, or 1 year for basal cell carcinoma"
    assert item_comparisons(parse, text) == [
        ("Disease-free", ">=", 3, "a"), ("Disease-free for basal cell carcinoma", ">=", 1, "a")]


def test_an_age_for_a_country_is_the_age_limit_for_that_group(parse):
    criterion = only_criterion(parse, "Age 18 years or older (20 years for Japan)")
    found = [node for node in iter_nodes(criterion.expr) if isinstance(node, Comparison)]
    assert [(c.measure, c.value) for c in found] == [("age", 18), ("age", 20)]
    assert isinstance(found[1].when, Concept) and found[1].when.concept == "Japan"


@pytest.mark.parametrize("lead", ["with", "with the exception of"])
def test_a_period_for_a_drug_after_words_opening_an_exception_dates_that_drug(parse, lead):
    text = f"Antidepressants stopped at least 2 weeks before the study, {lead} 5 weeks for fluoxetine"
    assert ("fluoxetine", ">=", 5, "wk") in [w[:4] for w in windows(parse(one_item(text)))]


def test_a_window_word_before_a_bracketed_period_opens_it(parse):
    text = "Unstable angina or myocardial infarction within (3 months)"
    assert [w[1:4] for w in windows(parse(one_item(text, "exclusion")), "exclusion")] == [("<=", 3, "mo")]


def test_a_number_glued_to_within_is_read_apart(parse):
    text = "Negative pregnancy test within7 days of the first dose"
    assert [w[1:4] for w in windows(parse(one_item(text)))] == [("<=", 7, "d")]


def test_a_comma_before_a_new_clause_ends_the_group_a_period_is_for(parse):
    text = "Off all antipsychotics for at least 2 weeks, and 6 weeks for depot haloperidol, without relapse"
    assert ("Off all antipsychotics for depot haloperidol", ">=", 6, "wk") in item_comparisons(parse, text)


def test_an_aside_naming_persons_is_no_event_to_date(parse):
    text = "Gastroscopy within 6 months (3 months in case of patients who are smokers) before screening"
    assert [w[:4] for w in windows(parse(one_item(text)))] == [("Gastroscopy", "<=", 6, "mo")]


def test_a_bare_period_from_a_study_reference_point_stays_a_window_before_it(parse):
    text = "Brain MRI 4 weeks from registration"
    assert [w[1:4] for w in windows(parse(one_item(text)))] == [("<=", 4, "wk")]


def test_a_period_from_a_study_reference_point_keeps_the_event_named_before_it(parse):
    text = "Stroke within 6 months from randomisation"
    assert [w[:4] for w in windows(parse(one_item(text, "exclusion")), "exclusion")] == [
        ("Stroke", "<=", 6, "mo")]


@pytest.mark.parametrize("text", [
    "Sexually active men must use condoms during dosing and for 90 days after discontinuation.",
    "Women must avoid pregnancy for 6 months after completion of study therapy.",
    "Participants must not donate blood for 8 weeks after the study.",
    "Patients agree to use contraception for 30 days following stopping treatment.",
])
def test_a_period_after_the_end_of_the_study_treatment_without_a_comparator_is_a_promise(parse, text):
    assert windows(parse(one_item(text))) == []


@pytest.mark.parametrize(("text", "window"), [
    ("Relapse 12 months after completion of adjuvant chemotherapy",
     ("adjuvant chemotherapy", "<=", 12, "mo")),
    ("No investigational drug within 4 weeks of study drug administration",
     ("investigational drug", "<=", 4, "wk")),
])
def test_a_period_after_a_named_prior_treatment_or_before_the_study_start_stays_a_window(parse, text, window):
    assert [w[:4] for w in windows(parse(one_item(text)))] == [window]


@pytest.mark.parametrize(("text", "event"), [
    ("Relapse within 6 months after the end of adjuvant chemotherapy", "Relapse"),
    ("Neuropathy persisting more than 4 weeks after prior chemotherapy", "Neuropathy"),
])
def test_a_window_after_an_event_or_a_state_lasting_past_it_dates_what_comes_before(parse, text, event):
    (window,) = windows(parse(one_item(text)))
    assert window[0].startswith(event)


def test_both_bounds_of_a_period_share_the_event_written_after_the_second(parse):
    text = "At least 2 weeks but no more than 10 weeks since prior radiotherapy"
    assert [w[:4] for w in windows(parse(one_item(text)))] == [
        ("radiotherapy", ">=", 2, "wk"), ("radiotherapy", "<=", 10, "wk")]


def test_both_bounds_of_a_period_share_the_event_written_before_the_first(parse):
    text = "Chest CT scan done at least 1 week but less than 6 weeks before registration"
    assert [w[:4] for w in windows(parse(one_item(text)))] == [
        ("Chest CT scan", ">=", 1, "wk"), ("Chest CT scan", "<", 6, "wk")]


@pytest.mark.parametrize("text", [
    "On a stable dose of lithium for at least the previous 6 months",
    "On a stable dose of lithium for at least the last 6 months",
])
def test_a_comparator_before_a_recent_period_says_how_long_a_state_lasted_at_least(parse, text):
    assert [w[:4] for w in windows(parse(one_item(text)))] == [
        ("stable dose of lithium", ">=", 6, "mo")]


@pytest.mark.parametrize(("text", "window"), [
    ("Women who are at least 1 year postmenopausal", ("postmenopausal", ">=", 1, "a")),
    ("Women 3 years postmenopausal", ("postmenopausal", ">=", 3, "a")),
    ("Mothers within 8 weeks postpartum", ("postpartum", "<=", 8, "wk")),
])
def test_a_period_before_a_word_for_the_time_after_an_event_dates_that_event(parse, text, window):
    assert [w[:4] for w in windows(parse(one_item(text)))] == [window]


def test_a_word_merely_starting_with_post_is_no_event(parse):
    assert windows(parse(one_item("Surgery postponed 4 weeks posterior to the injury"))) == []


@pytest.mark.parametrize("text", ["On adalimumab, 40 mg once weekly, for at least 6 months",
                                  "On adalimumab, at a dose of 40 mg twice monthly, for at least 6 months"])
def test_a_duration_after_a_dose_set_off_by_commas_is_how_long_the_drug_was_taken(parse, text):
    assert item_comparisons(parse, text) == [("adalimumab", ">=", 6, "mo")]


def test_a_window_after_a_persons_age_dates_its_clause_not_the_age(parse):
    text = "Smokers over the age of 21 years who intend to stop smoking within the next month"
    assert [w[0] for w in windows(parse(one_item(text)))] == [
        "Smokers over the age of 21 years who intend to stop smoking"]


@pytest.mark.parametrize("text", ["Alcohol abuse over the 12 months before screening",
                                  "Alcohol abuse during the 12 months before screening"])
def test_a_period_opened_by_over_or_during_dates_the_event_before_it_without_the_preposition(parse, text):
    assert [w[:4] for w in windows(parse(one_item(text, "exclusion")), "exclusion")] == [
        ("Alcohol abuse", "<=", 12, "mo")]


def test_a_subgroup_period_after_a_range_bounds_as_the_nearest_end(parse):
    found = item_comparisons(parse, "Age 18 to 65 years (21 years for Singapore)")
    assert ("age", ">=", 21, "a") in found and ("age", "<=", 21, "a") not in found


def test_a_period_for_a_group_a_condition_opens_is_the_same_measure_when_so(parse):
    text = "Stable dose of levothyroxine for at least 6 weeks, or 3 months if the dose was changed"
    found = [node for node in iter_nodes(only_criterion(parse, text).expr) if isinstance(node, Comparison)]
    assert [c.value for c in found] == [6, 3] and {c.measure for c in found} == {"Stable dose of levothyroxine"}
    assert isinstance(found[1].when, Concept) and found[1].when.concept == "the dose was changed"


def test_a_period_for_things_a_determiner_points_to_dates_them(parse):
    text = "Anticancer agents within 14 days of the first dose or 28 days for those agents with a long half-life"
    assert ("those agents with a long half-life", "<=", 28, "d") in [
        w[:4] for w in windows(parse(one_item(text, "exclusion")), "exclusion")]


def test_a_period_for_the_rest_names_no_event_of_its_own(parse):
    text = "Radiotherapy within 2 weeks or 4 weeks for the rest"
    assert [w[0] for w in windows(parse(one_item(text, "exclusion")), "exclusion")] == ["Radiotherapy"]


def test_a_period_for_those_a_use_verb_follows_is_for_persons_not_an_event(parse):
    text = "Prior chemotherapy within 3 weeks or 6 weeks for those treated with nitrosoureas"
    assert "those treated with nitrosoureas" not in [w[0] for w in windows(parse(one_item(text, "exclusion")),
                                                                          "exclusion")]


def test_a_psa_doubling_time_before_an_anchor_is_that_time_not_a_window(parse):
    text = "Prostate-specific antigen (PSA) doubling time (PSADT) ≤ 10 months after radical prostatectomy"
    assert item_comparisons(parse, text) == [("PSA doubling time", "<=", 10.0, "mo")]


def test_a_window_opening_its_sentence_dates_the_list_a_lead_after_it_names(parse):
    text = ("Within 6 months before screening or during the run-in period, any of the following: myocardial "
            "infarction, stroke")
    assert [w[0] for w in windows(parse(one_item(text, "exclusion")), "exclusion")] == ["myocardial infarction, stroke"]


def test_a_bare_period_after_an_event_joined_to_one_that_must_have_elapsed_must_have_elapsed_too(parse):
    text = "Patients must be at least 21 days since surgery, radiotherapy and 6 weeks after immunotherapy"
    assert [w[1:4] for w in windows(parse(one_item(text)))] == [(">=", 21.0, "d"), (">=", 21.0, "d"), (">=", 6.0, "wk")]


def test_a_window_said_so_after_a_period_that_must_have_elapsed_stays_a_window(parse):
    text = "At least 4 weeks since chemotherapy and within 2 weeks after biopsy"
    assert [w[1:4] for w in windows(parse(one_item(text)))][-1] == ("<=", 2.0, "wk")


def test_a_bare_period_after_an_event_takes_the_bound_of_the_period_before(parse):
    text = "More than 4 weeks since stroke and 24 hours after thrombolysis"
    assert [w[1:4] for w in windows(parse(one_item(text)))] == [(">", 4.0, "wk"), (">", 24.0, "h")]


def test_a_window_before_the_exceptions_listed_after_it_dates_what_it_names(parse):
    text = "In the past 5 years no history of cancer other than the following: basal cell carcinoma"
    assert [w[0] for w in windows(parse(one_item(text, "exclusion")), "exclusion")] == ["cancer"]


def test_a_window_whose_anchor_runs_on_into_a_lead_of_thresholds_dates_no_threshold(parse):
    text = "Within 28 days before registration adequate organ function as shown by all of the following: ANC ≥ 1500/µL"
    assert all("ANC" not in w[0] for w in windows(parse(one_item(text, "exclusion")), "exclusion"))


def test_a_range_of_time_after_a_threshold_dates_the_test_named_before_the_threshold(parse):
    found = item_comparisons(parse, "A negative urine hCG test of at most 5 mIU/mL within 3 to 7 days before the first "
                                    "injection")
    dated = [(op, value, unit) for measure, op, value, unit in found if unit == "d" and "hCG" in measure]
    assert dated == [(">=", 3, "d"), ("<=", 7, "d")]


def test_a_bracket_holding_only_a_start_word_and_a_window_dates_the_phrase_before_it(parse):
    found = windows(parse(one_item("Ovarian suppression (initiated at least 28 days before day 1) with goserelin")))
    assert [w[:4] for w in found] == [("Ovarian suppression", ">=", 28, "d")]
    found = windows(parse(one_item("Use of inhaled steroids (starting at 2 weeks before screening) or antihistamines "
                                   "(starting at 1 week before screening)", "exclusion")), "exclusion")
    assert [w[2:4] for w in found] == [(2, "wk"), (1, "wk")]
    assert found[0][0] == "inhaled steroids" and found[1][0].endswith("antihistamines")


@pytest.mark.parametrize(("text", "section", "event"), [
    ("Treated for at least the past 3 months with a stable dose of rosuvastatin", "inclusion",
     "stable dose of rosuvastatin"),
    ("Has been treated within 4 weeks before screening with systemic retinoids", "exclusion", "systemic retinoids"),
])
def test_a_window_after_treated_alone_dates_what_it_was_treated_with(parse, text, section, event):
    assert [w[0] for w in windows(parse(one_item(text, section)), section)] == [event]


def test_a_window_after_experienced_alone_dates_the_events_listed(parse):
    text = ("Joint symptoms from the following list, experienced in the past 30 days:"
            "\n\n     -  stiffness\n\n     -  swelling")
    assert [w[0] for w in windows(parse(one_item(text)))] == ["stiffness", "swelling"]


@pytest.mark.parametrize(("text", "event"), [
    ("Active retinopathy. Confirmed by fundus photography performed within 90 days before randomisation",
     "fundus photography"),
    ("Bone metastases. Assessed by CT scan done within 28 days of registration", "CT scan"),
])
def test_what_a_sentence_opened_by_a_participle_and_by_names_is_what_was_done_in_the_window(parse, text, event):
    assert [w[0] for w in windows(parse(one_item(text, "exclusion")), "exclusion")] == [event]


def test_a_range_of_time_after_words_of_its_own_dates_them_not_a_threshold_before(parse):
    found = item_comparisons(parse, "Patients ≥ 18 years who had a myocardial infarction within 3-10 days")
    assert [(c[0], c[2]) for c in found if c[3] == "d"] == [("myocardial infarction", 3), ("myocardial infarction", 10)]
    found = item_comparisons(parse, "Hemoglobin ≥ 9 g/dL within 7-14 days before enrolment")
    assert [(c[0], c[2]) for c in found if c[3] == "d"] == [("Hemoglobin", 7), ("Hemoglobin", 14)]


def test_a_bracketed_window_after_a_word_naming_no_event_dates_what_follows_the_bracket(parse):
    found = windows(parse(one_item("Therapy (started within 4 weeks) with systemic corticosteroids", "exclusion")),
                    "exclusion")
    assert [w[0] for w in found] == ["systemic corticosteroids"]


def test_an_exception_after_a_window_is_not_its_event(parse):
    found = windows(parse(one_item("Treated in the past 3 months, with the exception of topical agents", "exclusion")),
                    "exclusion")
    assert [w[0] for w in found] == ["Treated"]


def test_a_bracketed_window_after_a_word_naming_no_event_keeps_it_over_its_own_anchor(parse):
    found = windows(parse(one_item("Treatment (started within 72 hours of symptom onset)", "exclusion")), "exclusion")
    assert [w[0] for w in found] == ["Treatment"]


@pytest.mark.parametrize(("text", "measure"), [
    ("CD4 count < 200 cells/mm3 within 3-6 months before entry", "CD4 count"),
    ("ANC ≥ 1500/µL obtained within 14-28 days before entry", "ANC"),
])
def test_a_range_of_time_right_after_a_lab_threshold_dates_that_lab(parse, text, measure):
    found = item_comparisons(parse, text)
    assert [c[0] for c in found if c[3] in ("d", "mo")] == [measure, measure]


def test_a_window_after_a_range_of_time_reads_its_event_no_further_back_than_the_range(parse):
    found = windows(parse(one_item("Two negative pregnancy tests, the first within 10-14 days and the second within 24 "
                                   "hours before treatment")))
    assert "10-14" not in found[-1][0]


@pytest.mark.parametrize(
    ("item", "event"),
    [
        ("Patients who are currently taking, or have taken within 30 days before randomization, systemic "
         "corticosteroids", "systemic corticosteroids"),
        ("Participant is receiving or has received within the past 3 months any oral anticoagulant",
         "oral anticoagulant"),
        ("Currently using or having used within 14 days prior to screening an azole antifungal",
         "azole antifungal"),
        ("Subjects who have taken within 2 weeks before Visit 1 any nonsteroidal anti-inflammatory drug",
         "nonsteroidal anti-inflammatory drug"),
        ("Participant has received within 30 days of the Screening Visit: lithium, valproate or carbamazepine",
         "lithium, valproate or carbamazepine"),
        ("Has received within 60 days of the Screening Visit: abatacept, tocilizumab or rituximab",
         "abatacept, tocilizumab or rituximab"),
        ("Has used within 14 days of screening any of the following drugs: ketoconazole, itraconazole",
         "ketoconazole, itraconazole"),
    ],
)
def test_the_object_of_a_verb_of_taking_split_by_its_window_is_the_event_dated(parse, item, event):
    """"taking, or have taken within 30 days …, X": the verb's object follows the window and its reference point;
    the words before it name no event of their own."""
    assert [found[0] for found in windows(parse(one_item(item, "exclusion")), "exclusion")] == [event]


def test_a_noun_of_use_before_a_window_keeps_the_event_its_anchor_links(parse):
    """"Use within 180 days prior to Baseline Visit of X": "use" is a noun, its event linked by "of", not the words
    after the study visit."""
    item = "Use within 180 days prior to Baseline Visit of biologic treatment for psoriasis"
    assert [found[0] for found in windows(parse(one_item(item, "exclusion")), "exclusion")] == [
        "biologic treatment for psoriasis"]


def test_a_second_span_after_the_window_is_no_object_of_the_verb(parse):
    """"Taken within 14 days before randomization, or 5 half-lives, …, any CYP3A inducer": the words after the window
    go on with another span of time, not the object."""
    item = "Taken within 14 days before randomization, or 5 half-lives, whichever is longer, any CYP3A inducer"
    assert not any(found[0].startswith("5 half-lives")
                   for found in windows(parse(one_item(item, "exclusion")), "exclusion"))


@pytest.mark.parametrize("item", ["Patients must not receive chemotherapy within 4 weeks of the first dose",
                                  "Patients may not have undergone radiotherapy within 4 weeks of the first dose",
                                  "Patients must not be treated with chemotherapy within 4 weeks of the first dose",
                                  "Chemotherapy not within 4 weeks of the first dose"])
def test_an_inclusion_denying_an_event_in_a_window_denies_the_event_it_names(parse, item):
    (criterion,) = parse(one_item(item)).inclusion
    (concept,) = [node for node in iter_nodes(criterion.expr) if isinstance(node, Concept)]
    assert concept.concept.lower() in ("chemotherapy", "radiotherapy") and concept.negated


def test_when_to_stop_a_drug_before_the_study_is_for_a_person(parse):
    (criterion,) = parse(one_item("Must be able to interrupt aspirin 5 days before the first dose")).inclusion
    assert criterion.rest == "unknown"


def test_a_treatment_labelling_a_heading_asks_nothing_itself_and_not_specified_denies_nothing(parse):
    (criterion,) = parse(one_item("Radiotherapy: Not specified Chemotherapy: At least 4 weeks since prior "
                                  "chemotherapy")).inclusion
    assert [(n.concept, n.negated) for n in iter_nodes(criterion.expr) if isinstance(n, Concept)] == [
        ("chemotherapy", False)]



def test_an_exclusion_of_an_event_not_within_a_period_is_not_turned_round(parse):
    found = windows(parse(one_item("Radiotherapy not within 2 weeks prior to study entry", "exclusion")), "exclusion")
    assert [negated for *_, negated in found] == [False]


def test_an_event_required_but_not_within_a_period_is_for_a_person(parse):
    (criterion,) = parse(one_item("Prior radiotherapy required, but not within 3 weeks before registration")).inclusion
    assert criterion.rest == "unknown"

