"""Ordinary texts that rules of this round must leave alone (found by review; each text written for its test)."""

from __future__ import annotations

import pytest

from tests.criteria.conftest import item_comparisons, one_item, windows


def test_gray_matter_is_not_a_radiation_dose(parse):
    assert all(c[3] != "Gy" for c in item_comparisons(parse, "At least 2 gray matter lesions on MRI"))


def test_micromolar_is_a_concentration_not_a_length(parse):
    assert item_comparisons(parse, "Serum creatinine ≤ 120 µM")[0][3] == "umol/L"


def test_a_count_of_times_before_another_measure_is_not_a_multiple_of_its_limit(parse):
    found = item_comparisons(parse, "Fainted more than 2 times or bilirubin > 1.5 x ULN", "exclusion")
    assert [c[3] for c in found] == ["1", "ULN"]


def test_insulin_units_are_not_alcohol(parse):
    found = item_comparisons(parse, "Total daily insulin dose of more than 100 units", "exclusion")
    assert all("alcohol" not in c[0] for c in found)


def test_a_cumulative_dose_after_a_weekly_drug_is_not_a_rate(parse):
    found = item_comparisons(parse, "Prior weekly methotrexate with a cumulative dose above 1.5 g", "exclusion")[0][3]
    assert found == "g"


def test_a_week_before_an_event_is_not_per_week(parse):
    assert all(c[3] != "/wk" for c in item_comparisons(parse, "Received more than 2 doses a week before randomization"))


@pytest.mark.parametrize(("item", "event"), [
    ("Patients with major surgery performed within 4 weeks prior to enrollment", "major surgery"),
    ("Subjects who had radiotherapy completed within 2 weeks", "radiotherapy"),
    ("Women of childbearing potential with urine pregnancy test performed within 7 days", "urine pregnancy test"),
    ("Patients must have bone marrow biopsy performed within 28 days", "bone marrow biopsy"),
    ("Females of reproductive potential must have a serum pregnancy test performed within 3 days",
     "serum pregnancy test"),
])
def test_the_thing_done_is_not_the_persons_who_had_it(parse, item, event):
    assert windows(parse(one_item(item, "exclusion")), "exclusion")[0][0] == event


def test_what_was_stopped_for_a_time_is_named_after_a_leading_colon(parse):
    """"… these conditions apply: rituximab must have been discontinued for at least 6 months": the drug, not the
    words before the colon."""
    text = "Before enrolment these conditions apply: rituximab must have been discontinued for at least 6 months"
    assert item_comparisons(parse, text) == [("rituximab", ">=", 6, "mo")]
