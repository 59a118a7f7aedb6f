"""Specifications for which event a time window dates: its anchor, the lists it closes, the group it is for."""

import pytest

from parser.models.criteria import AllOf, AnyOf, Comparison, Concept
from parser.models.walk import iter_nodes
from tests.criteria.conftest import comparisons, one_item, only_criterion, windows


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


@pytest.mark.parametrize("item", ["Haemoglobin of at least 10 g/dL and no red cell transfusion in the past 3 weeks",
                                  "Haemoglobin of at least 10 g/dL, and no red cell transfusion in the past 3 weeks"])
def test_an_event_denied_after_a_threshold_and_a_conjunction_is_what_its_window_dates(parse, item):
    assert windows(parse(one_item(item))) == [("red cell transfusion", "<=", 3, "wk", True)]


def test_a_list_denied_after_a_threshold_is_required_beside_it_not_instead_of_it(parse):
    (criterion,) = parse(one_item("Haemoglobin ≥ 10 g/dL and no transfusion or epoetin within 4 weeks")).inclusion
    assert isinstance(criterion.expr, AllOf)
    assert windows(parse(one_item("Haemoglobin ≥ 10 g/dL and no transfusion or epoetin within 4 weeks"))) == [
        ("transfusion", "<=", 4, "wk", True), ("epoetin", "<=", 4, "wk", True)]


def test_an_event_denied_after_a_threshold_with_a_power_of_ten_starts_after_the_denial(parse):
    found = windows(parse(one_item("Platelets ≥ 75 x 10^9/L and no romiplostim or eltrombopag within 14 days")))
    assert found == [("romiplostim or eltrombopag", "<=", 14, "d", True)]


def test_an_aside_on_the_threshold_does_not_hide_the_denied_event_after_it(parse):
    item = "Haemoglobin ≥ 9 g/dL (transfusions permitted) and no epoetin or darbepoetin within 4 weeks"
    assert windows(parse(one_item(item))) == [("epoetin or darbepoetin", "<=", 4, "wk", True)]


def test_a_window_anchor_ends_before_without(parse):
    text = one_item("Adequate renal function within 14 days before enrolment without use of diuretics")
    (criterion,) = parse(text).inclusion
    (window,) = [n.within for n in iter_nodes(criterion.expr) if isinstance(n, Concept) and n.within]
    assert window.anchor == "before enrolment"


def test_window_scopes_over_the_list_it_closes(parse):
    (concept, *_), = windows(parse(
        "History of myocardial infarction, or unstable angina within 6 months prior to Day 1"))
    assert "myocardial infarction" in concept and "unstable angina" in concept


def test_bracketed_recency_is_a_window_on_the_phrase_it_qualifies(parse):
    assert windows(parse("Patients with previous (≤ 3 years) or current tumors of other types")) == [
        ("tumors of other types", "<=", 3, "a", False)
    ]


def test_event_names_keep_balanced_brackets(parse):
    (concept, *_), = windows(parse(
        "Use of granulocyte colony-stimulating factor (G-CSF) within 2 weeks prior to the first dose"))
    assert concept == "granulocyte colony-stimulating factor (G-CSF)"


def test_a_bracketed_window_after_ie_bounds_the_event_named_after_the_bracket(parse):
    item = "No recent history of (i.e., ≤ 8 weeks from day 1) or current major haemorrhage"
    found = windows(parse(one_item(item, "exclusion")), "exclusion")
    assert [w[0] for w in found] == ["major haemorrhage"]


def test_a_bracketed_window_alone_bounds_the_event_after_the_bracket(parse):
    item = "No history of (within the past 6 months) or current gastrointestinal perforation"
    found = windows(parse(one_item(item, "exclusion")), "exclusion")
    assert [w[0] for w in found] == ["gastrointestinal perforation"]


def test_a_second_period_after_another_events_anchor_dates_its_own_event(parse):
    found = windows(parse(one_item("Women at least one year post-menopausal or three months post-hysterectomy")))
    assert [event for event, *_ in found] == ["menopausal", "hysterectomy"]


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


def test_a_window_after_examples_set_off_by_commas_dates_the_kind_they_illustrate(parse):
    text = "Use of any herbal remedies, e.g., St. Mary's thistle, within 14 days before dosing"
    ((concept, *_),) = windows(parse(one_item(text, "exclusion")), "exclusion")
    assert "herbal remedies" in concept


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


def test_a_threshold_a_copula_joins_to_a_window_bounds_the_lab_named_before_a_long_method(parse):
    text = ("The ejection fraction by 2-D echocardiogram or MUGA scan done within 60 days before entry must be at "
            "least 45%")
    found = comparisons(parse(one_item(text)))
    assert [(name, op, value) for name, op, value, _ in found] == [("left ventricular ejection fraction", ">=", 45)]


def test_a_count_right_after_a_window_names_its_own_noun(parse):
    found = comparisons(parse(one_item("Within the last month at least 2 episodes of syncope")))
    assert found[0][0] == "episodes of syncope"


def test_a_window_after_a_threshold_dates_its_measure_and_both_must_hold(parse):
    (criterion,) = parse(one_item("Weight loss of more than 10% over the past 3 months", "exclusion")).exclusion
    assert isinstance(criterion.expr, AllOf)
    assert windows(parse(one_item("Weight loss of more than 10% over the past 3 months", "exclusion")),
                   "exclusion") == [("Weight loss", "<=", 3, "mo", False)]


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
    """Randomisation is the study's own point: the first window dates the surgery too."""
    assert [event for event, *_ in windows(parse(one_item(item)))] == ["surgery", "surgery"]


@pytest.mark.parametrize("item", ["Chemotherapy within 4 weeks (within 6 weeks for nitrosoureas)",
                                  "Chemotherapy within 4 weeks (within 6 wks. for nitrosoureas)",
                                  "Chemotherapy within 4 weeks or within 6 weeks for nitrosoureas"])
def test_a_window_of_its_own_words_for_a_group_after_another_dates_the_group(parse, item):
    found = windows(parse(one_item(item, "exclusion")), "exclusion")
    assert [(event, value) for event, _, value, _, _ in found] == [("Chemotherapy", 4), ("nitrosoureas", 6)]


def test_a_least_time_with_its_own_comparator_for_a_group_after_a_washout_is_the_groups_washout(parse):
    found = windows(parse(one_item("At least 4 weeks since prior chemotherapy (at least 6 weeks for nitrosoureas)")))
    assert [(event, bound, value) for event, bound, value, _, _ in found] == [
        ("chemotherapy", ">=", 4), ("nitrosoureas", ">=", 6)]


@pytest.mark.parametrize("item", ["At least 4 weeks since prior chemotherapy (at least 8 weeks for those over 75)",
                                  "At least 4 weeks since prior chemotherapy (at least 2 weeks for gemcitabine)",
                                  "Chemotherapy within 4 weeks (at least 6 weeks for nitrosoureas)"])
def test_a_period_with_its_own_comparator_for_persons_or_after_a_most_time_dates_no_group(parse, item):
    assert len(windows(parse(one_item(item)))) == 1


def test_a_most_time_with_its_own_comparator_after_a_window_dates_its_group(parse):
    found = windows(parse(one_item("No chemotherapy within 3 weeks (less than 6 weeks for mitomycin C)")))
    assert [(event, value) for event, _, value, _, _ in found] == [("chemotherapy", 3), ("mitomycin C", 6)]


@pytest.mark.parametrize("item", ["No chemotherapy within 3 weeks (6 weeks for nitrosoureas)",
                                  "No chemotherapy within 3 weeks (within 6 weeks for nitrosoureas)"])
def test_a_group_s_own_window_after_a_denied_window_is_denied_too(parse, item):
    (criterion,) = parse(one_item(item)).inclusion
    dated = [node for node in iter_nodes(criterion.expr) if isinstance(node, Concept) and node.within is not None]
    assert [(node.concept, node.negated) for node in dated] == [("chemotherapy", True), ("nitrosoureas", True)]


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


def test_a_window_dating_the_measure_named_after_a_threshold_holds_with_it(parse):
    """"pregnant (> 20 weeks gestation) in the previous 6 months": a pregnancy that went past 20 weeks, recently."""
    criterion = only_criterion(parse, "Pregnant (> 24 weeks gestation) in the previous 3 months", "exclusion")
    assert isinstance(criterion.expr, AllOf)


@pytest.mark.parametrize("item", [
    "Use of oral anticoagulants within 4 weeks prior to randomization other than those the protocol allows",
    "Growth factors within 14 days before the first dose with the exception of erythropoietin",
    "Systemic corticosteroids within 14 days prior to the first dose excluding inhaled steroids",
])
def test_an_exception_ends_a_windows_anchor_and_keeps_the_criterion_from_deciding_alone(parse, item):
    criterion = only_criterion(parse, item, "exclusion")
    window = criterion.expr.within
    assert window is not None and not any(word in window.anchor for word in ("other", "exception", "excluding"))
    assert criterion.coverage == "partial" and criterion.rest != "none"


@pytest.mark.parametrize(("text", "expected"), [
    ("A minimum of 3 weeks since any prior chemotherapy before enrolment",
     [("chemotherapy", ">=", 3, "wk", False)]),
    ("At least 6 weeks from prior hip surgery and at least 10 days from any prior vaccination prior to randomization",
     [("hip surgery", ">=", 6, "wk", False), ("vaccination", ">=", 10, "d", False)]),
    ("At least 8 weeks from prior brachytherapy to the start of study treatment",
     [("brachytherapy", ">=", 8, "wk", False)]),
])
def test_a_washouts_event_ends_where_a_study_reference_point_dates_it_in_turn(parse, text, expected):
    """"… since any prior chemotherapy before enrolment": chemotherapy is dated; enrolment is the point counted to."""
    assert windows(parse(text)) == expected


def test_a_period_counted_from_a_reference_point_alone_dates_the_event_before_it(parse):
    """"from the date of the last study drug dose" names when the period starts, not what it is for."""
    events = [event for event, *_ in windows(parse("Men must use condoms for 90 days from the date of the last study "
                                                   "drug dose"))]
    assert events == ["Men must use condoms"]


@pytest.mark.parametrize(("text", "events"), [
    ("At least 4 weeks since prior surgery, radiotherapy, or chemotherapy",
     ["surgery", "radiotherapy", "chemotherapy"]),
    ("Two weeks or more from last immunotherapy and/or radiotherapy", ["immunotherapy", "radiotherapy"]),
])
def test_a_washout_counts_from_every_event_listed_in_its_anchor(parse, text, events):
    """The period must have passed since each: a radiotherapy last week fails it as a surgery last week does."""
    (criterion,) = parse(text).inclusion
    assert isinstance(criterion.expr, AllOf)
    assert [window[0] for window in windows(parse(text))] == events


def test_a_washout_list_ends_where_its_events_do(parse):
    found = windows(parse("At least 4 weeks since prior chemotherapy or radiotherapy and recovered from toxicity"))
    assert [window[0] for window in found] == ["chemotherapy", "radiotherapy"]


def test_the_last_day_of_a_treatment_an_anchor_counts_from_is_no_period_of_its_own(parse):
    found = windows(parse("Abstain from alcohol for 48 hours following the last day of dosing"))
    assert [(value, unit) for _, _, value, unit, _ in found] == [(48, "h")]


@pytest.mark.parametrize(("item", "event"), [
    ("Use of tiotropium 3 months prior to Visit 1", "tiotropium"),
    ("In the 6 months prior to enrollment, participant has a history of syphilis or gonorrhea",
     "participant has a history of syphilis or gonorrhea"),
    ("Cytotoxic chemotherapy within 3 weeks of enrollment, except rituximab, which cannot be used within 12 weeks "
     "of enrollment", "rituximab"),
])
def test_a_study_point_a_window_counts_back_from_is_never_its_event(parse, item, event):
    found = windows(parse(one_item(item, "exclusion")), "exclusion")
    assert event in [name for name, *_ in found]
    assert not any(name.lower() in ("visit 1", "enrollment") for name, *_ in found)


def test_a_bracketed_window_back_from_another_study_point_dates_the_event_before_it_not_the_point(parse):
    item = one_item("Electroconvulsive therapy within the last 30 days before primary registration (within the last 60 "
                    "days before secondary registration)", "exclusion")
    found = windows(parse(item), "exclusion")
    assert [name for name, *_ in found] == ["Electroconvulsive therapy", "Electroconvulsive therapy"]


@pytest.mark.parametrize(("item", "event"), [("At least 4 weeks since prior chemotherapy", "chemotherapy"),
                                             ("Within 12 months of initiation of induction therapy",
                                              "initiation of induction therapy")])
def test_an_event_a_window_counts_from_stays_its_event(parse, item, event):
    assert [name for name, *_ in windows(parse(one_item(item)))] == [event]


@pytest.mark.parametrize("item", ["Unstable angina, uncontrolled hypertension, or recent (within 1 year) myocardial "
                                  "infarction",
                                  "Heart failure, or recent (< 1 year) myocardial infarction, severe psychiatric "
                                  "illness"])
def test_a_window_bracketed_after_recent_dates_the_event_named_after_it_not_the_list_before(parse, item):
    assert [name for name, *_ in windows(parse(one_item(item, "exclusion")), "exclusion")] == ["myocardial infarction"]


def test_a_word_of_recency_opening_a_list_dates_the_whole_list(parse):
    found = windows(parse(one_item("Current or recent (within 1 year) coeliac disease, Crohn's disease, or other "
                                   "malabsorption syndrome", "exclusion")), "exclusion")
    assert found[0][0].startswith("coeliac disease, Crohn's disease")


def test_prior_bracketing_a_window_before_to_keeps_the_event_before(parse):
    found = windows(parse(one_item("Negative pregnancy test prior (no more than 24 hours) to the first dose")))
    assert [name for name, *_ in found] == ["pregnancy test"]


def test_a_window_an_exception_is_permitted_in_dates_no_event(parse):
    item = one_item("Cytotoxic chemotherapy within 3 weeks of enrollment, except hydroxyurea, which may be used within "
                    "7 days of enrollment", "exclusion")
    assert "hydroxyurea" not in [name for name, *_ in windows(parse(item), "exclusion")]


def test_a_denial_before_recent_keeps_the_whole_list_denied(parse):
    found = windows(parse(one_item("Absence of heart failure, unstable angina or recent (within 6 months) myocardial "
                                   "infarction")))
    assert found and all(negated for *_, negated in found)


def test_a_window_an_exception_is_prohibited_in_dates_the_exception(parse):
    item = one_item("Cytotoxic chemotherapy within 3 weeks of enrollment, except rituximab, which is prohibited within "
                    "28 days of enrollment", "exclusion")
    assert "rituximab" in [name for name, *_ in windows(parse(item), "exclusion")]


@pytest.mark.parametrize("item", [
    "Must have a negative pregnancy test and use contraception for at least 12 months",
    "Must have a negative pregnancy test and agree to use contraception for at least 12 months",
])
def test_a_period_after_a_joined_predicate_is_of_what_that_predicate_names(parse, item):
    (criterion,) = parse(one_item(item)).inclusion
    named = [node.concept if isinstance(node, Concept) else node.measure for node in iter_nodes(criterion.expr)
             if isinstance(node, (Concept, Comparison))]
    assert named == ["contraception"]


@pytest.mark.parametrize("item", ["Diagnosis of multiple sclerosis made within 2 years of screening",
                                  "Diagnosis of multiple sclerosis established within 2 years of screening"])
def test_the_participle_saying_a_diagnosis_was_made_is_no_part_of_its_name(parse, item):
    assert [event for event, *_ in windows(parse(one_item(item)))] == ["multiple sclerosis"]


def test_use_as_a_noun_after_and_opens_no_joined_predicate(parse):
    found = windows(parse(one_item("Alcohol abuse and use of illicit drugs within 12 months", "exclusion")),
                    "exclusion")
    assert [event for event, *_ in found] == ["Alcohol abuse and use of illicit drugs"]


def test_previous_to_anchors_a_window_as_prior_to_does(parse):
    found = windows(parse(one_item("Use of clopidogrel 7 days previous to surgery", "exclusion")), "exclusion")
    assert [f[:4] for f in found] == [("clopidogrel", "<=", 7, "d")]
