"""Which words name the event a window dates when the words before it only say how the event is known ("a personal
history", "evidence or history"), when two adjectives share one treatment, and when a brand name carries a mark."""

import pytest

from tests.criteria.conftest import one_item, windows


@pytest.mark.parametrize(("text", "event"), [
    ("Personal history within the last 12 months of heart failure", "heart failure"),
    ("Current evidence or history in the past 2 years of epilepsy or head injury", "epilepsy or head injury"),
    ("A known history within 5 years of pancreatitis", "pancreatitis"),
])
def test_a_history_dated_before_its_of_dates_what_follows_the_of(parse, text, event):
    assert [name for name, *_ in windows(parse(one_item(text, "exclusion")), "exclusion")] == [event]


def test_a_history_of_any_of_the_following_conditions_dates_the_listed_conditions(parse):
    text = "Personal history within the last 6 months of any of the following conditions: syncope or seizures"
    assert [name for name, *_ in windows(parse(one_item(text, "exclusion")), "exclusion")] == ["syncope or seizures"]


def test_a_history_naming_its_own_condition_before_the_window_keeps_it(parse):
    text = "History of pancreatitis within 5 years"
    assert [name for name, *_ in windows(parse(one_item(text, "exclusion")), "exclusion")] == ["pancreatitis"]


@pytest.mark.parametrize(("text", "event"), [
    ("At least 3 weeks since prior curative or palliative radiotherapy", "curative or palliative radiotherapy"),
    ("More than 4 weeks since previous systemic or topical therapy", "systemic or topical therapy"),
])
def test_two_adjectives_joined_after_since_name_one_treatment(parse, text, event):
    assert [name for name, *_ in windows(parse(one_item(text)))] == [event]


@pytest.mark.parametrize(("text", "event"), [
    ("Treatment with Xolair® within the last 4 weeks", "Xolair"),
    ("Use of Keytruda™ within 3 months", "Keytruda"),
])
def test_a_brand_name_with_its_mark_is_the_event_its_window_dates(parse, text, event):
    """The mark says nothing of what is named: the name is read, and kept, without it."""
    assert [name for name, *_ in windows(parse(one_item(text, "exclusion")), "exclusion")] == [event]


@pytest.mark.parametrize(("text", "event"), [
    ("At least 4 weeks since prior open or laparoscopic surgery", "open or laparoscopic surgery"),
    ("At least 6 months since prior neoadjuvant or adjuvant chemotherapy", "neoadjuvant or adjuvant chemotherapy"),
])
def test_words_modifying_one_treatment_after_a_word_of_recency_name_that_treatment(parse, text, event):
    assert [name for name, *_ in windows(parse(one_item(text)))] == [event]


def test_two_treatments_joined_after_since_stay_two_events(parse):
    text = "At least 4 weeks since prior surgery or systemic therapy"
    assert [name for name, *_ in windows(parse(one_item(text)))] == ["surgery", "systemic therapy"]


def test_an_alternative_after_the_reference_point_is_no_part_of_the_event(parse):
    text = "Use of nicotine products within 3 months prior to dosing or positive urine cotinine test"
    assert [name for name, *_ in windows(parse(one_item(text, "exclusion")), "exclusion")] == ["nicotine products"]


@pytest.mark.parametrize(("text", "event"), [
    ("At least 8 weeks since prior whole-brain or stereotactic radiotherapy",
     "whole-brain or stereotactic radiotherapy"),
    ("At least 8 days since prior first- or second-generation EGFR inhibitor",
     "first- or second-generation EGFR inhibitor"),
])
def test_a_hyphenated_or_suspended_modifier_after_a_word_of_recency_names_one_treatment(parse, text, event):
    assert [name for name, *_ in windows(parse(one_item(text)))] == [event]


@pytest.mark.parametrize(("item", "event"), [("Symptomatic (within 3 months) pulmonary embolism", "pulmonary embolism"),
                                             ("Primary or secondary (within 2 years) glioma", "glioma")])
def test_words_that_only_modify_a_noun_after_a_bracketed_window_leave_the_noun_to_name_its_event(parse, item, event):
    assert [found[0] for found in windows(parse(one_item(item, "exclusion")), "exclusion")] == [event]


@pytest.mark.parametrize(("item", "event"), [
    ("Randomization within 48 hours of hospital admission", "hospital admission"),
    ("Study entry must be within 6 weeks of definitive surgery", "definitive surgery"),
])
def test_a_window_after_a_study_reference_point_alone_dates_the_event_its_anchor_names(parse, item, event):
    assert [found[0] for found in windows(parse(one_item(item)))] == [event]


@pytest.mark.parametrize(("item", "event"), [
    ("Confirmed NASH on a liver biopsy obtained within 9 months before screening", "liver biopsy"),
    ("Sleep apnoea with AHI ≥ 20 events/h on a polysomnogram performed within 6 months", "polysomnogram"),
    # an aside between the method and its verb, and a bracket inside the method's name
    ("AHI ≥ 20 events/h on a polysomnogram (home or laboratory) performed within 6 months", "polysomnogram"),
    ("Grade 3 osteoarthritis on a standing (weight-bearing) radiograph obtained within 3 months",
     "standing (weight-bearing) radiograph"),
])
def test_a_verb_of_doing_after_a_method_lead_dates_the_method_not_what_opens_the_clause(parse, item, event):
    assert [found[0] for found in windows(parse(one_item(item)))] == [event]


def test_a_verb_of_doing_after_a_list_lead_dates_what_the_list_names(parse):
    item = "Adequate renal function by the following tests measured within 14 days: creatinine ≤ 1.5 mg/dL"
    assert "following" not in windows(parse(one_item(item)))[0][0]


def test_items_of_a_list_each_with_its_bracketed_window_are_each_their_own_event(parse):
    item = "Cisplatin (within 3 weeks), biologic (within 4 weeks) or radiotherapy (within 2 weeks) before day 1"
    assert [found[0] for found in windows(parse(one_item(item, "exclusion")), "exclusion")] == [
        "Cisplatin", "biologic", "radiotherapy"]


def test_a_verb_of_doing_opening_a_bracket_dates_what_the_clause_names_not_the_method_before(parse):
    item = "Evaluable disease as defined by the protocol (assessed within 21 days before registration)"
    assert [found[0] for found in windows(parse(one_item(item)))] == ["Evaluable disease"]


@pytest.mark.parametrize(("item", "event"), [
    ("Measurable disease by RECIST (version 1.1) assessed within 21 days", "Measurable disease"),
    ("Measurable disease on a CT scan (or MRI) performed within 21 days", "Measurable disease"),
])
def test_a_standard_or_a_method_with_its_alternative_in_an_aside_is_no_thing_done(parse, item, event):
    assert [found[0] for found in windows(parse(one_item(item)))] == [event]
