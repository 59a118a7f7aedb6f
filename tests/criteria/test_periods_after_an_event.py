"""A period written after an event: standing alone it is the least time since the event ("6 weeks after
oophorectomy"); lasting after it, or said with "no later than" / "during the first", it bounds from above."""

import pytest

from tests.criteria.conftest import one_item, windows


def _periods(parse, text: str, section: str = "inclusion") -> list[tuple[str, str, float, str, bool]]:
    return windows(parse(one_item(text, section)), section)


@pytest.mark.parametrize(("text", "expected"), [
    ("8 weeks after bilateral mastectomy", ("bilateral mastectomy", ">=", 8, "wk", False)),
    ("Enrolment 3 months after kidney transplantation",
     ("kidney transplantation", ">=", 3, "mo", False)),
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
    ("Baseline scan no later than 10 days prior to enrolment", "<="),
])
def test_no_earlier_and_no_later_than_are_comparators_not_denials(parse, text, op):
    ((_, written, _, _, negated),) = _periods(parse, text)
    assert (written, negated) == (op, False)


def test_during_the_first_weeks_after_an_event_opens_a_window(parse):
    ((_, op, value, unit, _),) = _periods(parse, "Stroke during the first 30 days after cardiac surgery", "exclusion")
    assert (op, value, unit) == ("<=", 30, "d")
