"""A window over a list of treatments dates each of them: one concept per listed treatment, each with the window."""

import pytest

from parser.models.criteria import AllOf, AnyOf, Concept
from parser.models.walk import iter_nodes
from tests.criteria.conftest import only_criterion


def _dated(expr) -> list[tuple[str, str, float, str, bool]]:
    return [(node.concept, node.within.op, node.within.value, node.within.unit, node.negated)
            for node in iter_nodes(expr) if isinstance(node, Concept) and node.within is not None]


def test_an_exclusion_dating_a_list_of_treatments_excludes_any_one_within_the_window(parse):
    criterion = only_criterion(parse, "Major surgery, radiotherapy or immunotherapy within 21 days before the first "
                               "dose", "exclusion")
    assert isinstance(criterion.expr, AnyOf)
    assert _dated(criterion.expr) == [("Major surgery", "<=", 21, "d", False), ("radiotherapy", "<=", 21, "d", False),
                                      ("immunotherapy", "<=", 21, "d", False)]


def test_a_denied_list_of_treatments_denies_each_within_the_window(parse):
    criterion = only_criterion(parse, "No chemotherapy or radiotherapy in the 4 weeks before enrolment", "inclusion")
    assert isinstance(criterion.expr, AllOf)
    assert _dated(criterion.expr) == [("chemotherapy", "<=", 4, "wk", True), ("radiotherapy", "<=", 4, "wk", True)]


def test_a_washout_over_a_list_of_treatments_must_have_passed_since_each(parse):
    criterion = only_criterion(parse, "At least 2 weeks since prior radiotherapy or surgery", "inclusion")
    assert isinstance(criterion.expr, AllOf)
    assert [(name, op) for name, op, *_ in _dated(criterion.expr)] == [("radiotherapy", ">="), ("surgery", ">=")]


def test_the_events_of_a_list_join_the_alternatives_beside_them(parse):
    criterion = only_criterion(parse, "Chemotherapy or radiotherapy within 4 weeks (6 weeks for nitrosoureas)",
                               "exclusion")
    assert isinstance(criterion.expr, AnyOf)
    assert all(isinstance(node, Concept) for node in criterion.expr.any)
    assert [name for name, *_ in _dated(criterion.expr)] == ["Chemotherapy", "radiotherapy", "nitrosoureas"]


def test_an_aside_saying_which_treatment_is_meant_is_left_out_of_its_name(parse):
    criterion = only_criterion(parse, "Immunotherapy (anti-PD-1 antibodies) or radiotherapy within 4 weeks",
                               "exclusion")
    assert [name for name, *_ in _dated(criterion.expr)] == ["Immunotherapy", "radiotherapy"]


@pytest.mark.parametrize(("item", "event"), [
    # a list of conditions: one event the window dates (often states only the last of which it dates)
    ("Unstable angina, heart failure or myocardial infarction within 6 months",
     "Unstable angina, heart failure or myocardial infarction"),
    ("Pulmonary embolism or stroke in the last 3 months", "Pulmonary embolism or stroke"),
    # one event said twice
    ("An investigational drug or participation in another clinical trial within 30 days",
     "investigational drug or participation in another clinical trial"),
    # the treatments of a condition, which the window dates
    ("Cancer requiring chemotherapy or radiotherapy within 5 years", "Cancer requiring chemotherapy or radiotherapy"),
    ("Haemoptysis requiring transfusion or surgery within 4 weeks", "Haemoptysis requiring transfusion or surgery"),
    # treatments given together
    ("Both chemotherapy and radiotherapy within 6 months", "chemotherapy and radiotherapy"),
    ("Concurrent chemotherapy and radiotherapy within 6 months", "Concurrent chemotherapy and radiotherapy"),
    # an exception set apart from one of them, which no listed event may lose
    ("Surgery (other than a diagnostic biopsy) or radiotherapy within 4 weeks",
     "Surgery (other than a diagnostic biopsy) or radiotherapy"),
    # an event said to be at any time, which the window does not date
    ("Immunotherapy (at any time) or chemotherapy within 4 weeks", "Immunotherapy (at any time) or chemotherapy"),
    # a denial inside the name, which no listed event may lose
    ("Patients not receiving chemotherapy or radiotherapy within 4 weeks",
     "Patients not receiving chemotherapy or radiotherapy"),
])
def test_a_list_that_is_not_one_of_treatments_stays_one_event(parse, item, event):
    assert [name for name, *_ in _dated(only_criterion(parse, item, "exclusion").expr)] == [event]


def test_the_words_opening_a_list_name_none_of_its_events(parse):
    criterion = only_criterion(parse, "Patients who have received either chemotherapy or radiotherapy within 4 weeks",
                               "exclusion")
    assert [name for name, *_ in _dated(criterion.expr)] == ["chemotherapy", "radiotherapy"]
