"""A period written after an event: standing alone it is the least time since the event ("6 weeks after
oophorectomy"); lasting after it, or said with "no later than" / "during the first", it bounds from above."""

import pytest

from tests.criteria.conftest import item_comparisons, one_item, windows


def _periods(parse, text: str, section: str = "inclusion") -> list[tuple[str, str, float, str, bool]]:
    return windows(parse(one_item(text, section)), section)


@pytest.mark.parametrize(("text", "expected"), [
    ("8 weeks after bilateral mastectomy", ("bilateral mastectomy", ">=", 8, "wk", False)),
    ("Enrolment 3 months after kidney transplantation", ("kidney transplantation", ">=", 3, "mo", False)),
    ("Postmenopausal, or 8 weeks after bilateral oophorectomy", ("bilateral oophorectomy", ">=", 8, "wk", False)),
])
def test_a_bare_period_after_an_event_is_the_least_time_since_it(parse, text, expected):
    assert _periods(parse, text) == [expected]


@pytest.mark.parametrize("text", [
    "No St John's wort for 14 days before, during, and for 14 days after the infusion",
    "Anticoagulants are not given 5 days before and 5 days after the biopsy",
])
def test_a_period_lasting_after_an_event_is_no_least_time(parse, text):
    assert all(op == "<=" for _, op, *_ in _periods(parse, text))


@pytest.mark.parametrize(("text", "op"), [
    ("Screening visit no earlier than 60 days after transplant", ">="),
    ("Patients may be rescreened no sooner than 3 weeks after the exacerbation resolves", ">="),
    ("Treatment start no later than 10 days after surgery", "<="),
])
def test_no_earlier_and_no_later_than_are_comparators_not_denials(parse, text, op):
    ((_, written, _, _, negated),) = _periods(parse, text)
    assert (written, negated) == (op, False)


def test_during_the_first_weeks_after_an_event_opens_a_window(parse):
    ((_, op, value, unit, _),) = _periods(parse, "Stroke during the first 30 days after cardiac surgery", "exclusion")
    assert (op, value, unit) == ("<=", 30, "d")


@pytest.mark.parametrize(("text", "op"), [
    ("Myocardial infarction no earlier than 6 months before screening", "<="),  # within those 6 months
    ("Last dose of rituximab no later than 12 weeks before enrolment", ">="),  # at least 12 weeks before
])
def test_a_point_in_time_counted_back_from_the_study_mirrors_its_bound(parse, text, op):
    ((_, written, _, _, _),) = _periods(parse, text, "exclusion")
    assert written == op


@pytest.mark.parametrize(("text", "expected"), [
    ("Recent head injury (3 months)", [("head injury", "<=", 3, "mo", False)]),
    ("Use of warfarin (2 weeks) or heparin (5 days) before randomisation",
     [("warfarin", "<=", 2, "wk", False), ("heparin", "<=", 5, "d", False)]),
])
def test_a_bare_period_in_brackets_after_an_item_of_a_dated_sentence_dates_the_item(parse, text, expected):
    assert _periods(parse, text, "exclusion") == expected


@pytest.mark.parametrize("text", [
    "Chronic (6 months) hepatitis C infection",  # no sentence dating it
    "At least 6 months (24 weeks) since prior surgery",  # the period restated
    "No response to an adequate (6-week) trial of two antidepressants before screening",  # inside a phrase
])
def test_a_bracketed_period_that_restates_qualifies_or_dates_nothing_is_no_window_of_its_own(parse, text):
    assert all(value != 6 or unit != "wk" for _, _, value, unit, _ in _periods(parse, text, "exclusion"))
    assert all(unit != "wk" or value != 24 for _, _, value, unit, _ in _periods(parse, text, "exclusion"))


@pytest.mark.parametrize(("text", "expected"), [
    ("Eligible 21 days after the last dose of prior chemotherapy", ("chemotherapy", ">=", 21, "d", False)),
    ("Patients may enter the study 3 weeks after completion of radiotherapy", ("radiotherapy", ">=", 3, "wk", False)),
    ("Subjects randomised within 48 hours of completion of cardiac surgery",
     ("cardiac surgery", "<=", 48, "h", False)),
])
def test_a_period_after_a_word_of_entering_the_study_dates_the_event_after_it(parse, text, expected):
    assert _periods(parse, text) == [expected]


def test_an_exclusions_leave_to_enrol_some_weeks_after_an_event_excludes_the_event_within_them(parse):
    text = "Asthma exacerbation within 6 weeks; patients may be rescreened 4 weeks after recovery from the exacerbation"
    assert ("recovery from the exacerbation", "<=", 4, "wk", False) in _periods(parse, text, "exclusion")


def test_no_later_than_after_at_least_is_the_upper_end_of_a_range(parse):
    text = "Radiotherapy completed at least 4 weeks and no later than 12 weeks prior to randomisation"
    assert [(op, value) for _, op, value, _, _ in _periods(parse, text)] == [(">=", 4), ("<=", 12)]


@pytest.mark.parametrize(("text", "expected"), [
    ("Myocardial infarction within about 6 months", ("Myocardial infarction", "<=", 6, "mo", False)),
    ("History of pancreatitis within approximately 2 years", ("pancreatitis", "<=", 2, "a", False)),
])
def test_a_word_of_approximation_between_a_window_word_and_its_period_leaves_the_window(parse, text, expected):
    assert _periods(parse, text, "exclusion") == [expected]


def test_a_state_held_for_a_period_of_some_time_held_at_least_that_long(parse):
    assert item_comparisons(parse, "On a stable dose of metformin for a period of 3 months") == [
        ("stable dose of metformin", ">=", 3, "mo")]
