"""Specifications for time windows, subgroups, negation, boolean structure and coverage."""

import pytest
from pydantic import ValidationError

from parser.models.criteria import AllOf, AnyOf, Comparison, Concept, Not
from parser.models.walk import iter_nodes
from tests.criteria.conftest import comparisons, item_comparisons, one_item, windows


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("No prior radiotherapy within 6 months.", ("radiotherapy", "<=", 6, "mo", True)),
        ("Major surgery in the past 4 weeks", ("Major surgery", "<=", 4, "wk", False)),
        ("Chemotherapy 28 days prior to first dose", ("Chemotherapy", "<=", 28, "d", False)),
        ("At least 2 weeks since prior radiotherapy", ("radiotherapy", ">=", 2, "wk", False)),
        ("Allogeneic transplant within half a year", ("Allogeneic transplant", "<=", 0.5, "a", False)),
    ],
)
def test_time_windows_bound_the_event_they_follow(parse, text, expected):
    assert windows(parse(text)) == [expected]


def test_an_event_denied_after_a_threshold_is_what_its_window_dates(parse):
    found = windows(parse(one_item("Platelets ≥ 75 x 10^9/L without platelet transfusion within 10 days")))
    assert found == [("platelet transfusion", "<=", 10, "d", True)]


def test_a_window_anchor_ends_before_without(parse):
    text = one_item("Adequate renal function within 14 days before enrolment without use of diuretics")
    (criterion,) = parse(text).inclusion
    (window,) = [n.within for n in iter_nodes(criterion.expr) if isinstance(n, Concept) and n.within]
    assert window.anchor == "before enrolment"


def test_life_expectancy_is_a_duration_not_a_window(parse):
    assert comparisons(parse("Life expectancy of at least 24 weeks")) == [("life expectancy", ">=", 24, "wk")]


def test_window_scopes_over_the_list_it_closes(parse):
    (concept, *_), = windows(parse(
        "History of myocardial infarction, or unstable angina within 6 months prior to Day 1"))
    assert "myocardial infarction" in concept and "unstable angina" in concept


def test_subgroup_threshold_carries_its_condition_and_the_general_one_the_complement(parse):
    document = parse("Exclusion Criteria:\n* PLT < 100×10^9/L (PLT < 80×10^9/L in patients with liver metastasis)")
    general, special = [n for n in iter_nodes(document.exclusion[0].expr) if isinstance(n, Comparison)]
    assert special.value == 80 and special.when.concept == "liver metastasis"
    assert general.value == 100 and isinstance(general.when, Not) and general.when.not_.concept == "liver metastasis"


def test_a_case_named_before_a_bracketed_threshold_is_its_subgroup(parse):
    document = parse("Inclusion Criteria:\n* GGT ≤ 2.5 × ULN (in the case of bone metastases ≤ 4 × ULN)")
    general, special = [n for n in iter_nodes(document.inclusion[0].expr) if isinstance(n, Comparison)]
    assert (special.measure, special.value, special.when.concept) == (general.measure, 4, "bone metastases")


def test_a_case_lead_before_a_closed_bracket_names_no_later_threshold(parse):
    text = ("Inclusion Criteria:\n* ALT ≤ 3 × ULN (≤ 5 × ULN in case of liver metastases); "
            "creatinine clearance ≥ 60 mL/min")
    last = [n for n in iter_nodes(parse(text).inclusion[0].expr) if isinstance(n, Comparison)][-1]
    assert (last.measure, last.when) == ("creatinine clearance", None)


def test_sex_specific_thresholds(parse):
    document = parse("Exclusion Criteria:\n* QTcF > 470 ms in females or > 450 ms in males")
    found = [(n.value, n.when.concept) for n in iter_nodes(document.exclusion[0].expr) if isinstance(n, Comparison)]
    assert found == [(470, "females"), (450, "males")]


def test_or_between_thresholds_gives_any(parse):
    expr = parse("Exclusion Criteria:\n* SBP > 140 mmHg or DBP > 90 mmHg").exclusion[0].expr
    assert isinstance(expr, AnyOf) and len(expr.any) == 2


def test_and_between_thresholds_in_inclusion_gives_all(parse):
    expr = parse("Inclusion Criteria:\n* Hb ≥ 9 g/dL and platelets ≥ 100×10^9/L").inclusion[0].expr
    assert isinstance(expr, AllOf) and len(expr.all) == 2


def test_negated_concept_without_numbers(parse):
    expr = parse("Inclusion Criteria:\n* Non pregnant or lactating patients").inclusion[0].expr
    concepts = [n for n in iter_nodes(expr) if isinstance(n, Concept)]
    assert concepts and all(c.negated for c in concepts) and concepts[0].category == "pregnancy"


def test_pseudo_negation_does_not_negate(parse):
    expr = parse("Exclusion Criteria:\n* Liver disease including, but not limited to HBV infection").exclusion[0].expr
    assert not any(n.negated for n in iter_nodes(expr) if isinstance(n, Concept))


def test_unstructurable_text_is_kept_and_flagged(parse):
    document = parse("Exclusion Criteria:\n* The subject is unsuitable for reasons the study team records.")
    criterion = document.exclusion[0]
    assert criterion.text == "The subject is unsuitable for reasons the study team records."
    assert criterion.expr is None and criterion.coverage == "none"


def test_fully_structured_threshold_has_full_coverage(parse):
    assert parse("Inclusion Criteria:\n* Platelets ≥ 100×10^9/L").inclusion[0].coverage == "full"


def test_every_numeric_node_carries_its_text_and_span(parse):
    document = parse("Exclusion Criteria:\n* Neutrophil < 1.5×10^9/L, PLT < 100×10^9/L "
                     "(PLT < 80×10^9/L in patients with liver metastasis), or Hb < 90g/L")
    criterion = document.exclusion[0]
    nodes = [n for n in iter_nodes(criterion.expr) if isinstance(n, (Comparison, Concept))]
    assert nodes
    for node in nodes:
        assert criterion.text[node.span[0]:node.span[1]] == node.text


def test_canonical_value_is_converted_into_the_measures_unit(parse):
    expr = parse("Platelet count ≥ 100,000/mm3").inclusion[0].expr
    (node,) = [n for n in iter_nodes(expr) if isinstance(n, Comparison)]
    assert (node.canonical.value, node.canonical.unit) == (100, "10*9/L")


def test_bracketed_recency_is_a_window_on_the_phrase_it_qualifies(parse):
    assert windows(parse("Patients with previous (≤ 3 years) or current tumors of other types")) == [
        ("tumors of other types", "<=", 3, "a", False)
    ]


def test_numbers_inside_a_subgroup_condition_stay_in_the_condition(parse):
    document = parse("Exclusion Criteria:\n* SBP > 160 mmHg if on 3 or more antihypertensive drugs")
    node = document.exclusion[0].expr
    assert node.value == 160
    assert (node.when.measure, node.when.op, node.when.value) == ("antihypertensive drugs", ">=", 3)


def test_a_grade_is_a_grade_of_the_condition_it_names(parse):
    from tests.criteria.conftest import comparisons

    assert comparisons(parse("Grade ≥ 2 peripheral neuropathy")) == [("peripheral neuropathy grade", ">=", 2, "1")]


def test_negation_after_the_window_negates_the_event(parse):
    assert windows(parse("Blood transfusion within 2 weeks before enrollment is not allowed")) == [
        ("Blood transfusion", "<=", 2, "wk", True)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Total bilirubin ≤ 1.5 × ULN (patients with Gilbert's syndrome: ≤ 3.0 mg/dL)",
        "Total bilirubin ≤ 1.5 × ULN; in patients with Gilbert's syndrome, ≤ 3.0 mg/dL",
    ],
)
def test_subgroup_written_before_its_threshold(parse, text):
    general, special = [n for n in iter_nodes(parse(text).inclusion[0].expr) if isinstance(n, Comparison)]
    assert (special.measure, special.value, special.unit) == ("total bilirubin", 3.0, "mg/dL")
    assert special.when.concept == "Gilbert's syndrome"
    assert isinstance(general.when, Not)


def test_measure_label_keeps_the_words_of_the_text(parse):
    expr = parse("Fasting plasma glucose < 7.0 mmol/L").inclusion[0].expr
    (node,) = [n for n in iter_nodes(expr) if isinstance(n, Comparison)]
    assert (node.measure, node.label) == ("glucose", "Fasting plasma glucose")


def test_a_hyphenated_non_is_part_of_the_word_not_a_negation(parse):
    assert windows(parse("Has received any non-oncology live vaccine within 28 days of study treatment")) == [
        ("non-oncology live vaccine", "<=", 28, "d", False)
    ]


def test_ordinals_name_lines_of_therapy_rather_than_bound_them(parse):
    from tests.criteria.conftest import comparisons

    assert comparisons(parse("Have received 4-6 months of 1st line chemotherapy")) == [
        ("1st line chemotherapy", ">=", 4, "mo"), ("1st line chemotherapy", "<=", 6, "mo")
    ]


def test_event_names_keep_balanced_brackets(parse):
    (concept, *_), = windows(parse(
        "Use of granulocyte colony-stimulating factor (G-CSF) within 2 weeks prior to the first dose"))
    assert concept == "granulocyte colony-stimulating factor (G-CSF)"


def test_a_prohibition_in_an_exclusion_item_still_excludes_the_event(parse):
    document = parse(
        "Exclusion Criteria:\n* Hb < 90 g/L; blood transfusion within 2 weeks before enrollment is not allowed")
    assert windows(document, "exclusion") == [("blood transfusion", "<=", 2, "wk", False)]


@pytest.mark.parametrize(
    ("text", "condition"),
    [
        ("Serum bilirubin > 1.5 x ULN (> 3 x ULN for Gilbert's disease)", "Gilbert's disease"),
        ("AST > 3 × ULN, or > 5 × ULN with liver metastases", "liver metastases"),
    ],
)
def test_a_subgroup_may_name_the_condition_without_naming_patients(parse, text, condition):
    expr = parse("Exclusion Criteria:\n* " + text).exclusion[0].expr
    special = [n for n in iter_nodes(expr) if isinstance(n, Comparison)][-1]
    assert special.when.concept == condition


def test_with_and_a_long_description_is_not_a_subgroup(parse):
    document = parse("Men and women 40 years of age or older with type 2 diabetes mellitus diagnosed at least "
                     "6 months before screening")
    (age,) = [n for n in iter_nodes(document.inclusion[0].expr) if isinstance(n, Comparison)]
    assert age.when is None and windows(document)[0][1:4] == (">=", 6, "mo")


def test_a_count_shares_the_noun_of_the_count_after_it(parse):
    from tests.criteria.conftest import comparisons

    assert comparisons(parse("at least one and no more than two lines of taxane chemotherapy")) == [
        ("lines of taxane chemotherapy", ">=", 1, "1"), ("lines of taxane chemotherapy", "<=", 2, "1")
    ]


def test_a_bracketed_window_after_ie_bounds_the_event_named_after_the_bracket(parse):
    item = "No recent history of (i.e., ≤ 8 weeks from day 1) or current major haemorrhage"
    found = windows(parse(one_item(item, "exclusion")), "exclusion")
    assert [w[0] for w in found] == ["major haemorrhage"]


def test_a_bracketed_window_alone_bounds_the_event_after_the_bracket(parse):
    item = "No history of (within the past 6 months) or current gastrointestinal perforation"
    found = windows(parse(one_item(item, "exclusion")), "exclusion")
    assert [w[0] for w in found] == ["gastrointestinal perforation"]


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


def test_an_age_subgroup_after_who_are_is_an_age_comparison(parse):
    criterion = parse(one_item("Lansky ≥ 60 for patients who are ≤ 12 years old")).inclusion[0]
    assert isinstance(criterion.expr, Comparison) and isinstance(criterion.expr.when, Comparison)
    assert (criterion.expr.when.measure, criterion.expr.when.op, criterion.expr.when.value) == ("age", "<=", 12)


def test_a_subgroup_ends_where_a_new_threshold_begins_after_and(parse):
    found = comparisons(parse(one_item("CURB-65 ≥ 3 in patients aged > 70 and CURB-65 ≥ 2 in patients aged ≤ 70")))
    assert [c[:3] for c in found if c[0] != "age"] == [("CURB-65 score", ">=", 3), ("CURB-65 score", ">=", 2)]


def test_a_duration_on_a_therapy_bounds_that_therapy(parse):
    assert comparisons(parse(one_item("At least 3 months on stable antiretroviral therapy"))) == [
        ("stable antiretroviral therapy", ">=", 3, "mo")]


def test_bounds_closed_by_years_old_are_ages_even_hyphenated(parse):
    assert comparisons(parse(one_item("≥21- and ≤70-years-old"))) == [("age", ">=", 21, "a"), ("age", "<=", 70, "a")]


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


def test_a_second_period_after_another_events_anchor_dates_its_own_event(parse):
    found = windows(parse(one_item("Women at least one year post-menopausal or three months post-hysterectomy")))
    assert [event for event, *_ in found] == ["menopausal", "hysterectomy"]


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


def test_a_suspended_hyphen_joins_the_noun_a_count_counts(parse):
    assert comparisons(parse(one_item("At least 2 prior anthracycline- and taxane-based regimens")))[0][0] == \
        "anthracycline- and taxane-based regimens"


@pytest.mark.parametrize(("item", "event"), [
    ("A recent history (within the last 3 years) of opioid or cocaine abuse", "opioid or cocaine abuse"),
    ("History within the past year of pancreatitis", "pancreatitis"),
    ("History within 6 months prior to randomisation of pulmonary embolism", "pulmonary embolism"),
    # the window set off by commas
    ("History, within the past 2 years, of pancreatitis", "pancreatitis"),
    # another way the event is found, between the window and the event
    ("History within the last year or current evidence of pancreatitis", "pancreatitis"),
    ("History, within 6 months, of any of the following: pulmonary embolism, stroke", "pulmonary embolism, stroke"),
    # a word of recency before the history
    ("Documented recent history (within 6 months before screening) of pancreatitis", "pancreatitis"),
    # the history said of the patient
    ("The patient has a history within the past year or current evidence of pancreatitis", "pancreatitis"),
    # a diagnosis is as generic a record as a history
    ("A recent diagnosis (last 12 months) of bipolar disorder", "bipolar disorder"),
])
def test_a_window_after_history_bounds_the_event_named_after_it(parse, item, event):
    assert [found[0] for found in windows(parse(one_item(item, "exclusion")), "exclusion")] == [event]


def test_a_negation_before_history_and_a_window_set_off_by_commas_denies_the_event(parse):
    expr = parse(one_item("No history, within 3 years, of pancreatitis")).inclusion[0].expr
    (concept,) = [node for node in iter_nodes(expr) if isinstance(node, Concept)]
    assert (concept.concept, concept.negated) == ("pancreatitis", True)


@pytest.mark.parametrize("item", [
    "Any of the following within the past 3 months: pulmonary embolism, stroke",
    # a lead naming the kind it lists
    "One or more of the following cardiac conditions within 6 months: pulmonary embolism, stroke",
    # the colon a few words after the window
    "A history of the following within 3 months of entry is excluded: pulmonary embolism, stroke",
    # or after what else the lead says of it
    "Had the following within 3 months before screening or is expected to have them during the study: pulmonary "
    "embolism, stroke",
])
def test_a_window_over_the_following_bounds_the_list_after_its_colon(parse, item):
    found = windows(parse(one_item(item, "exclusion")), "exclusion")
    assert [event for event, *_ in found] == ["pulmonary embolism, stroke"]


def test_following_as_a_preposition_is_no_lead_of_a_list(parse):
    item = "Sepsis following surgery within 30 days: see the study manual"
    assert [w[0] for w in windows(parse(one_item(item, "exclusion")), "exclusion")] == ["Sepsis following surgery"]


def test_a_window_over_the_following_dates_each_event_listed_under_it(parse):
    text = ("Exclusion Criteria:\n\n  -  Any of the following within the past 12 months:\n\n"
            "       -  Transient ischaemic attack;\n       -  Aortic dissection, or\n       -  Pericarditis\n")
    document = parse(text)
    assert [w[:4] for w in windows(document, "exclusion")] == [
        ("Transient ischaemic attack", "<=", 12, "mo"), ("Aortic dissection", "<=", 12, "mo"),
        ("Pericarditis", "<=", 12, "mo")]
    assert isinstance(document.exclusion[0].expr, AnyOf)


def test_none_of_the_following_within_a_window_requires_every_listed_event_absent(parse):
    text = ("Inclusion Criteria:\n\n  -  None of the following within the past 6 months:\n\n"
            "       -  Stroke\n       -  Myocardial infarction\n")
    expr = parse(text).inclusion[0].expr
    assert isinstance(expr, AllOf) and [c.concept for c in expr.all] == ["Stroke", "Myocardial infarction"]


def test_a_window_over_following_items_with_thresholds_of_their_own_stays_one_concept(parse):
    text = ("Inclusion Criteria:\n\n  -  The following laboratory values within 14 days of registration:\n\n"
            "       -  Platelets >= 100,000/mm3\n       -  Bilirubin <= 1.5 mg/dL\n")
    (window,) = windows(parse(text))
    assert window[0] == "Platelets >= 100,000/mm3; Bilirubin <= 1.5 mg/dL"


@pytest.mark.parametrize("item", [
    "Recent (i.e., ≤ 8 weeks) history of gastrointestinal perforation",
    "Recent history (≤ 8 weeks) of gastrointestinal perforation",
])
def test_a_bracketed_duration_after_a_word_of_recency_is_a_window_over_the_event(parse, item):
    found = windows(parse(one_item(item, "exclusion")), "exclusion")
    assert found == [("gastrointestinal perforation", "<=", 8, "wk", False)]


def test_a_bracketed_period_for_a_group_of_drugs_is_that_groups_window(parse):
    found = windows(parse(one_item(
        "At least 3 weeks since prior cytotoxic therapy (8 weeks for carmustine or lomustine)")))
    assert found == [("cytotoxic therapy", ">=", 3, "wk", False), ("carmustine or lomustine", ">=", 8, "wk", False)]


def test_and_between_listed_examples_of_an_exclusion_joins_instances_not_requirements(parse):
    text = "Cardiac disease within 6 months (including unstable angina, LVEF < 45% and QTc > 480 ms)"
    expr = parse(one_item(text, "exclusion")).exclusion[0].expr
    assert isinstance(expr, AnyOf) and not any(isinstance(node, AllOf) for node in iter_nodes(expr))


def test_and_closing_a_list_of_examples_in_an_inclusion_joins_requirements_as_its_commas_do(parse):
    text = "Adequate liver function, including AST <= 3 x ULN, ALT <= 3 x ULN and bilirubin <= 2 mg/dL"
    expr = parse(one_item(text, "inclusion")).inclusion[0].expr
    assert isinstance(expr, AllOf) and len(expr.all) == 3


def test_a_negative_test_result_names_its_finding_absent(parse):
    text = "Females of reproductive potential: negative urine pregnancy test within 7 days of registration"
    expr = parse(one_item(text, "inclusion")).inclusion[0].expr
    assert isinstance(expr, Concept) and (expr.concept, expr.negated) == ("pregnancy test", True)


def test_a_negative_receptor_status_is_no_test_result(parse):
    expr = parse(one_item("HER2-negative breast cancer", "inclusion")).inclusion[0].expr
    assert not any(isinstance(node, Concept) and node.negated for node in iter_nodes(expr))


def test_and_between_thresholds_outside_a_list_of_examples_still_joins_requirements(parse):
    text = "Cardiac disease within 6 months, with LVEF < 45% and QTc > 480 ms"
    expr = parse(one_item(text, "exclusion")).exclusion[0].expr
    assert any(isinstance(node, AllOf) for node in iter_nodes(expr))


def test_the_size_of_a_named_lesion_applies_to_patients_with_that_lesion(parse):
    expr = parse(one_item("Largest diameter of liver metastases > 5 cm", "exclusion")).exclusion[0].expr
    (size,) = [n for n in iter_nodes(expr) if isinstance(n, Comparison)]
    assert isinstance(size.when, Concept) and size.when.concept == "liver metastases"


def test_a_bare_size_after_a_lesion_size_measures_the_same_lesion(parse):
    text = "Diameter of bone metastasis > 4 cm or total volume > 40 cc"
    sizes = [n for n in iter_nodes(parse(one_item(text, "exclusion")).exclusion[0].expr) if isinstance(n, Comparison)]
    assert [s.when.concept for s in sizes] == ["bone metastasis", "bone metastasis"]


def test_a_size_in_the_next_sentence_does_not_take_the_lesion_before_it(parse):
    text = "Diameter of bone metastasis > 4 cm. Total volume > 40 cc"
    sizes = [n for n in iter_nodes(parse(one_item(text, "exclusion")).exclusion[0].expr) if isinstance(n, Comparison)]
    assert [s.when is None for s in sizes] == [False, True]


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


def test_a_period_of_use_without_a_steady_state_stays_a_window(parse):
    item = "Use of systemic immunosuppressants for 8 weeks prior to randomisation"
    (found,) = windows(parse(one_item(item, "exclusion")), "exclusion")
    assert found[1:4] == ("<=", 8, "wk")


def test_a_bracketed_window_after_words_naming_no_event_bounds_the_phrase_after_the_bracket(parse):
    item = "Current or recent (within past 3 months) use of systemic retinoids"
    assert windows(parse(one_item(item, "exclusion")), "exclusion") == [("systemic retinoids", "<=", 3, "mo", False)]


def test_a_window_opened_by_within_the_bounds_the_event_before_it(parse):
    assert windows(parse(one_item("Stroke within the 6 months before screening", "exclusion")), "exclusion") == [
        ("Stroke", "<=", 6, "mo", False)]


def test_a_range_of_time_after_a_window_word_bounds_the_event_before_it(parse):
    assert comparisons(parse(one_item("Hip replacement scheduled within 3-6 weeks of randomisation"))) == [
        ("Hip replacement scheduled", ">=", 3, "wk"), ("Hip replacement scheduled", "<=", 6, "wk")]


def test_a_window_after_a_list_parted_by_commas_dates_every_item_of_the_list(parse):
    (window,) = windows(parse(one_item("Use of aspirin, clopidogrel, or warfarin within 7 days", "exclusion")),
                        "exclusion")
    assert window[:4] == ("aspirin, clopidogrel, or warfarin", "<=", 7, "d")


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


def test_a_washout_table_dates_each_listed_item_by_its_bracketed_period(parse):
    text = ("Use of the following medications within the given intervals prior to Visit 1: Depot corticosteroids "
            "(12 weeks); Theophyllines (48 hours); Oral beta2-agonists (Long-acting: 48 hours) "
            "(Short-acting: 12 hours)")
    assert [w[:4] for w in windows(parse(one_item(text, "exclusion")), "exclusion")] == [
        ("Depot corticosteroids", "<=", 12, "wk"), ("Theophyllines", "<=", 48, "h"),
        ("Oral beta2-agonists", "<=", 48, "h"), ("Oral beta2-agonists", "<=", 12, "h")]


def test_a_bracketed_period_without_a_lead_naming_its_anchor_is_no_window(parse):
    text = "Prior therapy: chemotherapy (4 weeks), radiotherapy (2 weeks)"
    assert windows(parse(one_item(text, "exclusion")), "exclusion") == []


def test_a_window_over_the_following_kind_of_thing_dates_the_items_listed_after_the_colon(parse):
    text = "Use of the following medications within 7 days before dosing: aspirin, warfarin, heparin"
    found = windows(parse(one_item(text, "exclusion")), "exclusion")
    assert [w[:4] for w in found] == [("aspirin, warfarin, heparin", "<=", 7, "d")]


def test_a_bracketed_window_after_a_verb_of_beginning_dates_the_event_before_the_bracket(parse):
    text = "No new-onset angina (began within the last 3 months)"
    found = windows(parse(one_item(text, "exclusion")), "exclusion")
    assert [w[:4] for w in found] == [("new-onset angina", "<=", 3, "mo")]


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


def test_an_alternative_period_in_brackets_dates_the_kind_it_names(parse):
    text = "Use of any medicine within 7 days (or 14 days if the medicine is a strong CYP3A4 inducer)"
    document = parse(one_item(text, "exclusion"))
    (general, special) = windows(document, "exclusion")
    assert general[1:4] == ("<=", 7, "d") and special[1:4] == ("<=", 14, "d")
    assert "CYP3A4 inducer" in special[0]


def test_a_period_after_a_lead_announcing_it_is_a_window_over_the_lead_s_event(parse):
    text = "Took an experimental medicine within the following time period before Day 1: 60 days or 5 half-lives"
    found = windows(parse(one_item(text, "exclusion")), "exclusion")
    assert [(op, value, unit) for _, op, value, unit, _ in found] == [("<=", 60, "d"), ("<=", 5, "{half-life}")]
    assert all("experimental medicine" in event for event, *_ in found)


@pytest.mark.parametrize(
    ("text", "event"),
    [
        ("Treatment within 1 month using sedating antihistamines", "sedating antihistamines"),
        ("Therapy within 4 weeks with an anti-CD20 antibody", "anti-CD20 antibody"),
        ("Treatment within 2 weeks before the first dose of study drug with a strong CYP2D6 inhibitor",
         "strong CYP2D6 inhibitor"),
    ],
)
def test_a_window_after_a_word_naming_no_particular_event_dates_what_follows_it(parse, text, event):
    ((concept, *_),) = windows(parse(one_item(text, "exclusion")), "exclusion")
    assert concept == event


def test_a_specific_event_keeps_its_name_whatever_follows_the_window(parse):
    ((concept, *_),) = windows(parse(one_item("Surgery within 4 weeks with general anaesthesia", "exclusion")),
                               "exclusion")
    assert concept == "Surgery"


def test_a_study_drug_that_is_the_only_event_named_after_the_window_is_the_event(parse):
    text = "Patients must be at least 4 weeks since any prior administration of study drug in another trial"
    ((concept, *_),) = windows(parse(one_item(text)))
    assert concept == "study drug in another trial"


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


def test_a_window_after_examples_set_off_by_commas_dates_the_kind_they_illustrate(parse):
    text = "Use of any herbal remedies, e.g., St. Mary's thistle, within 14 days before dosing"
    ((concept, *_),) = windows(parse(one_item(text, "exclusion")), "exclusion")
    assert "herbal remedies" in concept


def test_a_bracketed_duration_after_chronic_says_how_long_what_follows_lasts(parse):
    text = "Receiving chronic (longer than 21 consecutive days) treatment with inhaled corticosteroids"
    assert item_comparisons(parse, text, "exclusion") == [
        ("treatment with inhaled corticosteroids", ">", 21, "d")]


def test_a_long_bracket_after_chronic_qualifies_the_use_of_what_follows(parse):
    text = "Chronic (more than 14 days of daily use in the last 3 months) use of oral corticosteroids"
    assert item_comparisons(parse, text, "exclusion") == [("oral corticosteroids", ">", 14, "d")]


def test_a_complemented_subgroup_is_never_negated_twice(parse):
    text = "Creatinine ≤ 1.5 mg/dL, ≤ 2.0 mg/dL in patients with myeloma, and ≤ 1.5 mg/dL at screening"
    general = [n for n in iter_nodes(parse(one_item(text)).inclusion[0].expr, conditions=False)
               if isinstance(n, Comparison) and n.value == 1.5]
    assert [(n.when.not_.concept if isinstance(n.when, Not) else n.when) for n in general] == ["myeloma", "myeloma"]


def test_criteria_documents_are_frozen_values(parse):
    criterion = parse(one_item("Age ≥ 18 years")).inclusion[0]
    with pytest.raises(ValidationError):
        criterion.expr.value = 21


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


@pytest.mark.parametrize(
    ("item", "condition"),
    [
        ("Neutrophils < 1000/uL for those not on clozapine", "clozapine"),
        ("Serum testosterone > 50 ng/dL in men without prior orchiectomy", "orchiectomy"),
        ("INR > 1.5 in patients with no anticoagulant therapy", "anticoagulant therapy"),
    ],
)
def test_a_subgroup_of_persons_denied_a_condition_is_its_absence(parse, item, condition):
    when = parse(one_item(item, "exclusion")).exclusion[0].expr.when
    assert isinstance(when, Not) and when.not_.concept == condition


def test_a_subgroup_of_persons_on_a_treatment_is_that_treatment(parse):
    when = parse(one_item("INR > 3.0 for patients on warfarin", "exclusion")).exclusion[0].expr.when
    assert (when.concept, when.negated) == ("warfarin", False)


def test_on_before_a_study_reference_point_names_no_treatment(parse):
    when = parse(one_item("QTc > 470 ms for women on screening ECG", "exclusion")).exclusion[0].expr.when
    assert when.concept == "women on screening ECG"


def test_a_count_defining_a_subgroup_counts_what_the_subgroup_names(parse):
    when = parse(one_item("DBP > 100 mmHg in patients on fewer than three antihypertensive drugs",
                          "exclusion")).exclusion[0].expr.when
    assert (when.measure, when.op, when.value) == ("antihypertensive drugs", "<", 3)


@pytest.mark.parametrize(
    ("item", "event"),
    [
        ("Systemic steroids other than inhaled budesonide within 4 weeks", "Systemic steroids"),
        ("Hospitalisation due to pneumonia within 3 months", "Hospitalisation"),
        ("Live vaccines (except the seasonal influenza vaccine) within 30 days", "Live vaccines"),
    ],
)
def test_an_exception_or_a_cause_is_no_part_of_the_event_a_window_dates(parse, item, event):
    criterion = parse(one_item(item, "exclusion")).exclusion[0]
    assert criterion.expr.concept == event and criterion.expr.within is not None
    assert (criterion.coverage, criterion.rest) == ("partial", "narrowing")


def test_a_window_after_unless_is_the_waivers_so_a_person_reads_it(parse):
    item = "Spinal cord compression unless decompressed at least 4 weeks before enrolment"
    criterion = parse(one_item(item, "exclusion")).exclusion[0]
    found = (criterion.expr.concept, criterion.expr.within.value, criterion.coverage, criterion.rest)
    assert found == ("Spinal cord compression", 4, "partial", "unknown")


def test_a_bracketed_exception_inside_a_list_of_events_keeps_the_list_whole(parse):
    (found,) = windows(parse(one_item("Antibiotics (except topical) or antivirals within 2 weeks", "exclusion")),
                       "exclusion")
    assert "antivirals" in found[0]



@pytest.mark.parametrize(("item", "event"), [
    ("Within 4 weeks prior to registration, serum albumin must be at least 3 g/dL", "serum albumin"),
    ("In the last 6 months before screening, the patient has had unstable angina", "unstable angina"),
    ("Within 90 days prior to day 1: pulmonary embolism, stroke", "pulmonary embolism, stroke"),
    ("Within 90 days prior to day 1, any of the following: pulmonary embolism, stroke", "pulmonary embolism, stroke"),
])
def test_a_window_opening_its_sentence_dates_what_follows_it(parse, item, event):
    assert windows(parse(one_item(item, "exclusion")), "exclusion")[0][0] == event


@pytest.mark.parametrize("item", [
    "In the past 5 years, except for basal cell carcinoma, any malignancy",
    "Within 6 months, if clinically indicated, an echocardiogram",
])
def test_an_aside_after_a_window_opening_its_sentence_is_not_its_event(parse, item):
    (event, *_), = windows(parse(one_item(item, "exclusion")), "exclusion")
    assert not event.lower().startswith(("except", "if", "clinically"))


def test_what_a_person_enrolled_in_or_left_within_a_window_is_named_after_the_anchor(parse):
    text = "Currently enrolled in, or discontinued within the last 60 days from, a clinical study of an unapproved drug"
    assert [w[0] for w in windows(parse(one_item(text, "exclusion")), "exclusion")] == [
        "clinical study of an unapproved drug"]


def test_a_word_that_names_nothing_is_no_window_event(parse):
    found = windows(parse(one_item("Prior chemotherapy is permitted, except within 3 weeks of enrolment")))
    assert "except" not in [w[0] for w in found]


@pytest.mark.parametrize("text", ["Note: 2 to 4 weeks", "Specifically, 2 to 4 weeks", "Allowed: 2 to 4 weeks"])
def test_a_threshold_named_only_by_a_note_or_a_permission_word_is_left_for_review(parse, text):
    assert comparisons(parse(one_item(text))) == []


def test_a_threshold_only_a_word_that_names_nothing_could_name_is_left_for_review(parse):
    document = parse(one_item("Except for 2 to 4 weeks"))
    assert (comparisons(document), document.inclusion[0].coverage) == ([], "none")


@pytest.mark.parametrize(("item", "expected"), [
    ("Cannabis use in the month before inclusion", ("Cannabis use", "<=", 1, "mo", False)),
    ("Asthma attacks during the year prior to entry", ("Asthma attacks", "<=", 1, "a", False)),
    ("Treated with antibiotics in the week preceding the first visit", ("antibiotics", "<=", 1, "wk", False)),
])
def test_a_singular_period_an_anchor_looks_back_from_is_one_of_it(parse, item, expected):
    assert windows(parse(one_item(item)))[-1] == expected


def test_a_plural_period_without_a_number_is_no_window(parse):
    assert windows(parse(one_item("Cannabis use in the months before inclusion"))) == []


def test_a_threshold_a_copula_joins_to_a_window_bounds_the_lab_named_before_a_long_method(parse):
    text = ("The ejection fraction by 2-D echocardiogram or MUGA scan done within 60 days before entry must be at "
            "least 45%")
    found = comparisons(parse(one_item(text)))
    assert [(name, op, value) for name, op, value, _ in found] == [("left ventricular ejection fraction", ">=", 45)]


def test_a_count_right_after_a_window_names_its_own_noun(parse):
    found = comparisons(parse(one_item("Within the last month at least 2 episodes of syncope")))
    assert found[0][0] == "episodes of syncope"


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


def test_a_window_after_a_threshold_dates_its_measure_and_both_must_hold(parse):
    (criterion,) = parse(one_item("Weight loss of more than 10% over the past 3 months", "exclusion")).exclusion
    assert isinstance(criterion.expr, AllOf)
    assert windows(parse(one_item("Weight loss of more than 10% over the past 3 months", "exclusion")),
                   "exclusion") == [("Weight loss", "<=", 3, "mo", False)]


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


def test_a_window_after_the_anchor_of_another_dates_that_ones_event_not_the_anchor(parse):
    found = windows(parse(one_item("Radiotherapy within 28 days of enrolment or within 14 days of enrolment for "
                                   "bone lesions", "exclusion")), "exclusion")
    assert found == [("Radiotherapy", "<=", 28, "d", False), ("Radiotherapy", "<=", 14, "d", False)]


def test_a_window_after_its_own_event_joined_by_or_dates_that_event(parse):
    found = windows(parse(one_item("Myocardial infarction within 6 months or stroke within 3 months", "exclusion")),
                    "exclusion")
    assert [(event, value) for event, _, value, _, _ in found] == [("Myocardial infarction", 6), ("stroke", 3)]


@pytest.mark.parametrize("item", ["Randomisation within 8 weeks of surgery, performed within 12 weeks of diagnosis",
                                  "Randomisation within 8 weeks of surgery (performed within 12 weeks of diagnosis)",
                                  "Randomisation within 8 weeks of surgery (within 12 weeks of diagnosis)"])
def test_a_window_in_a_clause_after_an_anchor_dates_the_anchors_event(parse, item):
    assert [event for event, *_ in windows(parse(one_item(item)))] == ["Randomisation", "surgery"]


@pytest.mark.parametrize("item", ["Chemotherapy within 4 weeks (within 6 weeks for nitrosoureas)",
                                  "Chemotherapy within 4 weeks (within 6 wks. for nitrosoureas)",
                                  "Chemotherapy within 4 weeks or within 6 weeks for nitrosoureas"])
def test_a_window_of_its_own_words_for_a_group_after_another_dates_the_group(parse, item):
    found = windows(parse(one_item(item, "exclusion")), "exclusion")
    assert [(event, value) for event, _, value, _, _ in found] == [("Chemotherapy", 4), ("nitrosoureas", 6)]


def test_two_windows_of_their_own_words_for_groups_in_one_aside_date_each_group(parse):
    item = "Topical treatment within 4 weeks (within 12 months for imiquimod and within 12 weeks for podophyllin)"
    found = windows(parse(one_item(item, "exclusion")), "exclusion")
    assert [event for event, *_ in found] == ["Topical treatment", "imiquimod", "podophyllin"]


@pytest.mark.parametrize(("item", "duration"), [
    ("Systemic steroids within 2 weeks or within 4 weeks for longer than 14 days", "14 days"),
    ("Systemic steroids within 2 weeks (within 4 weeks for at least 7 days)", "7 days"),
    ("Systemic steroids within 7 days (within 28 days if used for more than 2 weeks)", "2 weeks"),
])
def test_a_duration_after_a_second_windows_for_is_no_group_it_dates(parse, item, duration):
    events = [event for event, *_ in windows(parse(one_item(item, "exclusion")), "exclusion")]
    assert not any(duration in event for event in events)


def test_a_threshold_opening_the_words_after_a_second_windows_for_is_no_group(parse):
    item = "Chemotherapy within 4 weeks (within 2 weeks for > 10 mg prednisone)"
    events = [event for event, *_ in windows(parse(one_item(item, "exclusion")), "exclusion")]
    assert "10 mg prednisone" not in events


def test_a_new_sentence_after_a_second_windows_full_stop_is_no_group(parse):
    item = "Radiotherapy within 4 weeks (within 2 weeks. For palliative radiotherapy see section 5)"
    events = [event for event, *_ in windows(parse(one_item(item, "exclusion")), "exclusion")]
    assert not any("palliative" in event for event in events)


@pytest.mark.parametrize(("item", "group"), [
    ("Chemotherapy within 4 weeks (within 2 weeks for 5-FU or capecitabine)", "5-FU or capecitabine"),
    ("Steroids within 4 weeks (within 2 weeks for doses > 10 mg/day of prednisone)",
     "doses > 10 mg/day of prednisone"),
])
def test_a_group_named_with_digits_or_with_a_dose_is_still_the_group_a_second_window_dates(parse, item, group):
    events = [event for event, *_ in windows(parse(one_item(item, "exclusion")), "exclusion")]
    assert events[1] == group


def test_a_groups_own_window_after_and_dates_the_group(parse):
    found = windows(parse(one_item("Major surgery within 4 weeks and within 8 weeks for abdominal surgery",
                                   "exclusion")), "exclusion")
    assert [event for event, *_ in found] == ["Major surgery", "abdominal surgery"]


@pytest.mark.parametrize("item", ["Chemotherapy within 4 weeks (within 6 weeks for patients with liver metastases)",
                                  "Nitrosoureas within 6 weeks (within 4 weeks for all others)"])
def test_a_second_window_for_persons_or_for_all_others_dates_no_group(parse, item):
    events = [event for event, *_ in windows(parse(one_item(item, "exclusion")), "exclusion")]
    assert not any("patients" in event or "others" in event for event in events)



@pytest.mark.parametrize(("text", "event"), [
    ("Blood donation (more than 450 mL within 8 weeks before screening)", "Blood donation"),
    ("Patients must use rescue inhaler on at least 3 days a week in the last 4 weeks", "use rescue inhaler"),
    ("Patient has a calculated or measured creatinine clearance of < 30 mL/minute within 14 days",
     "calculated or measured creatinine clearance"),
])
def test_a_window_whose_words_are_a_threshold_dates_the_thresholds_measure(parse, text, event):
    """The amount or the rate is not the event: what was donated or used is."""
    assert [found for found, *_ in windows(parse(text))] == [event]
