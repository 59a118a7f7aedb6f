"""Windows ahead: what words put a window in the time still to come at screening (`Window.direction`), and what
keeps one in the past. The cues are rows of `cues.csv` (kinds `window`, `ahead_word`, `plan`, `plan_stop`)."""

import json

import pytest

from parser.models.criteria import AllOf, AnyOf, Concept
from parser.models.walk import iter_nodes
from tests.criteria.conftest import one_item


def dated(document, section="exclusion"):
    """(concept, op, value, unit, direction) of every window in a section, in reading order."""
    return [(node.concept, node.within.op, node.within.value, node.within.unit, node.within.direction)
            for criterion in getattr(document, section) for node in iter_nodes(criterion.expr)
            if isinstance(node, Concept) and node.within is not None]


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("Major surgery planned within the next 4 weeks", 4, "wk"),
    ("Radiotherapy required in the next 3 months", 3, "mo"),
    ("Elective surgery during the coming 2 months", 2, "mo"),
    ("Need for dialysis over the next 6 months", 6, "mo"),
    ("Hip replacement in the following 12 weeks", 12, "wk"),
    ("Corticosteroid therapy in upcoming six months", 6, "mo"),
    ("Ocular surgery within next 12 months", 12, "mo"),
    ("Treatment of hepatitis C in the subsequent 24 weeks", 24, "wk"),
])
def test_a_window_its_cue_opens_ahead_bounds_the_time_to_come(parse, text, value, unit):
    assert [w[1:] for w in dated(parse(one_item(text, "exclusion")))] == [("<=", value, unit, "ahead")]


@pytest.mark.parametrize("text", [
    "Surgery planned within 8 weeks",
    "Expected to undergo surgery within 12 weeks",
    "Patients planning to start a course of physiotherapy within 8 weeks of enrollment",
    "Anticipated need for dialysis or kidney transplantation within 1 year",
    "Condition likely to require hospitalization within 6 months",
    "Scheduled to receive radiation therapy to the pelvis within 7 days prior to starting study medication",
    "Planned knee surgery (either side) within 6 months",
])
def test_a_plan_an_intent_or_an_expectation_puts_its_window_ahead(parse, text):
    assert [w[4] for w in dated(parse(one_item(text, "exclusion")))] == ["ahead"]


def test_a_plan_counted_from_the_last_dose_stays_a_window_ahead(parse):
    text = "Intends to become pregnant within 6 months after the last dose"
    (criterion,) = parse(one_item(text, "exclusion")).exclusion
    window = criterion.expr.within
    assert (window.op, window.value, window.unit, window.anchor, window.direction) == (
        "<=", 6, "mo", "after the last dose", "ahead")


def test_a_window_whose_cue_looks_back_stays_in_the_past_whatever_plan_comes_before(parse):
    text = "Neurosurgery expected to interfere with study tasks within the last 6 months"
    assert [w[4] for w in dated(parse(one_item(text, "exclusion")))] == ["past"]


def test_each_window_of_an_item_keeps_its_own_direction(parse):
    text = "Major surgery within 8 weeks prior to screening or planned major surgery within 6 months after baseline"
    assert [w[1:] for w in dated(parse(one_item(text, "exclusion")))] == [
        ("<=", 8, "wk", "past"), ("<=", 6, "mo", "ahead")]


@pytest.mark.parametrize("text", [
    "Has used a device (for example, scheduled nerve blocks) for headache during the 4 weeks prior to screening",
    "Planning a long journey, or has used a sunbed within 4 weeks prior to baseline",
    "Surgery is planned. Myocardial infarction within 6 months",
    "Wounds healing by secondary intention, or bone fractures within 3 months",
    "Suicidal ideation with or without a plan, current or within 6 months",
])
def test_a_plan_in_a_closed_bracket_an_earlier_sentence_or_before_a_past_event_leaves_the_window_past(parse, text):
    assert [w[4] for w in dated(parse(one_item(text, "exclusion")))] == ["past"]


def test_a_window_in_the_past_says_no_direction_in_json_and_one_ahead_says_ahead(parse):
    text = "Exclusion Criteria:\n\n  -  Stroke within 6 months\n  -  Planned surgery within the next 4 weeks"
    document = json.loads(parse(text).model_dump_json(by_alias=True, exclude_none=True))
    assert [item["expr"]["within"].get("direction") for item in document["exclusion"]] == [None, "ahead"]


def alternatives(parse, text, section="exclusion"):
    """The top connective of one item's expression and (concept, negated, window or None) of each of its concepts."""
    (criterion,) = getattr(parse(one_item(text, section)), section)
    said = [(node.concept, node.negated, node.within and (node.within.op, node.within.value, node.within.direction))
            for node in iter_nodes(criterion.expr) if isinstance(node, Concept)]
    return ("any" if isinstance(criterion.expr, AnyOf) else "all" if isinstance(criterion.expr, AllOf) else None), said


@pytest.mark.parametrize(("text", "state", "plan", "window"), [
    ("Pregnant or nursing women, or women who plan to conceive within 4 months after the final infusion",
     "Pregnant or nursing women", "plan to conceive", ("<=", 4, "ahead")),
    ("Females who are lactating or who intend to become pregnant within 90 days of the last study visit",
     "lactating", "intend to become pregnant", ("<=", 90, "ahead")),
    ("Currently on haemodialysis or expected to start haemodialysis within the next 12 months",
     "haemodialysis", "expected to start haemodialysis", ("<=", 12, "ahead")),
])
def test_a_state_and_a_plan_coordinated_are_alternatives_the_plan_alone_dated_ahead(parse, text, state, plan, window):
    assert alternatives(parse, text) == ("any", [(state, False, None), (plan, False, window)])


def test_a_negation_before_the_state_denies_the_plan_too_and_both_must_hold_in_an_inclusion(parse):
    text = "Not pregnant or breastfeeding and not planning a pregnancy within 10 weeks after the last infusion"
    assert alternatives(parse, text, "inclusion") == (
        "all", [("pregnant or breastfeeding", True, None), ("planning a pregnancy", True, ("<=", 10, "ahead"))])


def test_a_negation_between_the_state_and_the_plan_denies_the_plan_alone(parse):
    text = "Has a regular dentist and does not expect to change dentist within the next 6 months"
    assert alternatives(parse, text, "inclusion") == (
        "all", [("regular dentist", False, None), ("expect to change dentist", True, ("<=", 6, "ahead"))])


def test_a_window_counted_back_from_its_anchor_dates_the_state_too_as_a_past_one(parse):
    text = "Had a knee arthroscopy or is scheduled for shoulder surgery within 3 months before the baseline visit"
    assert alternatives(parse, text) == (
        "any", [("knee arthroscopy", False, ("<=", 3, "past")), ("scheduled for shoulder surgery", False,
                                                                ("<=", 3, "ahead"))])


@pytest.mark.parametrize("text", [
    "Has donated or plans to donate plasma within 6 weeks",  # a verb whose object the plan names
    "Administration or planned administration of an oral cholera vaccine within 2 weeks after the first dose",
    "Tumour likely to require stenting or likely to need palliative surgery within the next 3 months",  # expects
    "Women of childbearing age must not be pregnant, or planning to conceive within 8 weeks after the last dose",
])
def test_words_before_a_plan_that_name_no_state_of_their_own_stay_with_the_plan(parse, text):
    _, said = alternatives(parse, text)
    assert len(said) == 1 and said[0][2][2] == "ahead"


def test_words_another_window_reads_are_not_a_state_the_plan_alone_remains(parse):
    text = "Blood transfusion within 2 weeks before enrolment, or planned transfusion within 4 weeks after enrolment"
    assert alternatives(parse, text) == (
        "any", [("Blood transfusion", False, ("<=", 2, "past")), ("planned transfusion", False, ("<=", 4, "ahead"))])


@pytest.mark.parametrize("text", [
    "Stroke in the last 3 months or likely within the coming 3 months",
    "Stroke in the last 3 months, or expected within the next 3 months",
])
def test_a_window_whose_words_name_only_a_plan_dates_the_event_of_the_window_before(parse, text):
    assert alternatives(parse, text) == (
        "any", [("Stroke", False, ("<=", 3, "past")), ("Stroke", False, ("<=", 3, "ahead"))])
