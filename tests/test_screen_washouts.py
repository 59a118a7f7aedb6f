"""A window that is the time since the patient's last such event (`Window.since_last`, a washout): a record without
the event has waited any washout out, a dated one is measured from its last day, and the anchor, which names the event
itself, is no past event left undated."""

from __future__ import annotations

from typing import Any

import pytest

from parser.criteria import parse_criteria
from parser.models.patient import Patient
from parser.screen import screen
from tests.test_screen_logic import concept, document, patient, reason, result, run


def since(op: str, value: float, unit: str, anchor: str, since_last: bool = True) -> dict[str, Any]:
    return {"op": op, "value": value, "unit": unit, "anchor": anchor, "since_last": since_last,
            "text": f"{op} {value} {unit}", "span": [0, 9]}


WASHOUT = concept("chemotherapy", category="treatment", within=since(">=", 4, "wk", "since prior chemotherapy"))
DOCETAXEL_LAST_WEEK = {"concept": "docetaxel chemotherapy", "start": "2025-05-01", "end": "2025-06-24"}
DOCETAXEL_IN_2022 = {"concept": "docetaxel chemotherapy", "start": "2022-04-01", "end": "2022-09-01"}


def test_a_record_without_the_treatment_meets_its_washout() -> None:
    verdict = run(document([WASHOUT]), patient(treatments=[], conditions=[]))
    assert (result(verdict), reason(verdict)) == (
        "met", "no chemotherapy among recorded treatments: none to have waited >= 4 wk since")


def test_a_treatment_ended_inside_the_washout_fails_it() -> None:
    verdict = run(document([WASHOUT]), patient(treatments=[DOCETAXEL_LAST_WEEK], conditions=[]))
    assert (result(verdict), verdict.verdict) == ("not_met", "ineligible")


def test_a_treatment_ended_long_before_meets_the_washout_though_the_anchor_says_prior() -> None:
    verdict = run(document([WASHOUT]), patient(treatments=[DOCETAXEL_IN_2022], conditions=[]))
    assert result(verdict) == "met"


def test_a_treatment_that_may_be_the_event_but_ended_long_before_meets_the_washout_either_way() -> None:
    """Docetaxel may or may not be an investigational agent: ended in 2022, it has been waited out if it is one."""
    washout = concept("investigational agents", category="treatment",
                      within=since(">=", 4, "wk", "since prior investigational agents"))
    maybe_recent = {"concept": "docetaxel chemotherapy", "start": "2025-06-01", "end": "2025-06-24"}
    verdicts = [run(document([washout]), patient(treatments=[course], conditions=[]))
                for course in (DOCETAXEL_IN_2022, maybe_recent)]
    assert [result(verdict) for verdict in verdicts] == ["met", "unknown"]
    assert "docetaxel chemotherapy, which may be one" in reason(verdicts[0])


def test_an_unrecorded_list_of_treatments_leaves_the_washout_open() -> None:
    assert result(run(document([WASHOUT]), patient(conditions=[]))) == "unknown"


def test_a_least_time_not_said_to_be_since_the_last_event_stays_open_without_one() -> None:
    """"Metformin for at least 8 weeks" needs a course; without `since_last` the screener cannot tell it from a
    washout, so a record without the drug decides nothing."""
    course = concept("metformin", category="treatment", within=since(">=", 8, "wk", "before screening", False))
    assert result(run(document([course]), patient(treatments=[], conditions=[]))) == "unknown"


def test_a_most_time_since_the_last_event_is_not_met_without_one() -> None:
    recent = concept("radiotherapy", category="treatment", within=since("<", 14, "d", "since prior radiotherapy"))
    verdict = run(document(exclusion=[recent]), patient(treatments=[], conditions=[]))
    assert (result(verdict, "exc-1"), verdict.verdict) == ("not_met", "eligible")


def test_a_condition_s_last_episode_is_measured_from_its_date() -> None:
    seizure_free = concept("seizure", category="condition", within=since(">=", 3, "mo", "since the last seizure"))
    recent = patient(conditions=[{"concept": "seizure", "date": "2025-06-01"}], treatments=[])
    assert (result(run(document([seizure_free]), recent)),
            result(run(document([seizure_free]), patient(conditions=[], treatments=[])))) == ("not_met", "met")


def test_a_washout_listing_its_events_fails_on_any_of_them_read_from_the_text() -> None:
    criteria = parse_criteria("Inclusion Criteria:\n\n  -  At least 4 weeks since prior chemotherapy or radiotherapy")
    radiotherapy_last_week = [{"concept": "pelvic radiotherapy", "start": "2025-06-10", "end": "2025-06-24"}]
    verdicts = [screen(criteria, Patient.model_validate({"as_of": "2025-07-01", "treatments": treatments})).verdict
                for treatments in (radiotherapy_last_week, [DOCETAXEL_IN_2022], [])]
    assert verdicts == ["ineligible", "eligible", "eligible"]


def _treated(*courses: tuple[str, str, str]) -> list[dict[str, str]]:
    return [{"concept": concept, "start": start, "end": end} for concept, start, end in courses]


NIVOLUMAB_LAST_WEEK = ("nivolumab", "2025-05-01", "2025-06-24")
DOCETAXEL_LAST_WEEK_COURSE = ("docetaxel", "2025-05-01", "2025-06-24")
PELVIC_RADIOTHERAPY_LAST_WEEK = ("pelvic radiotherapy", "2025-06-10", "2025-06-24")
RADIOTHERAPY_THREE_WEEKS_AGO = ("radiotherapy", "2025-06-01", "2025-06-09")
OLD_DOCETAXEL = ("docetaxel", "2025-01-01", "2025-03-01")
OLD_SURGERY = ("major surgery", "2025-03-10", "2025-03-10")


@pytest.mark.parametrize(("item", "courses", "expected"), [
    # an event after ", and" is one of the list's own: a nivolumab of last week fails its washout
    ("At least 4 weeks since prior chemotherapy, radiotherapy, and immunotherapy",
     (NIVOLUMAB_LAST_WEEK, OLD_DOCETAXEL), "ineligible"),
    # words after the last event may bear on every event: pelvic radiotherapy is no brain radiotherapy
    ("At least 4 weeks since prior chemotherapy or radiotherapy to the brain",
     (PELVIC_RADIOTHERAPY_LAST_WEEK, OLD_DOCETAXEL), "needs_review"),
    # the last event has a shorter period of its own
    ("At least 4 weeks since prior immunotherapy, radiotherapy at least 2 weeks prior to enrollment",
     (RADIOTHERAPY_THREE_WEEKS_AGO, ("nivolumab", "2025-01-01", "2025-03-01")), "needs_review"),
    # the list goes on past an aside: the radiotherapy after it is no less one of the events
    ("More than 3 weeks since prior surgery, endocrine therapy (except replacement doses), or radiotherapy",
     (PELVIC_RADIOTHERAPY_LAST_WEEK, OLD_SURGERY), "needs_review"),
    # two periods joined by "and": a recent chemotherapy fails the first whatever the surgery
    ("At least 4 weeks since prior chemotherapy or radiotherapy and at least 2 weeks since major surgery",
     (OLD_SURGERY, DOCETAXEL_LAST_WEEK_COURSE), "ineligible"),
    # a kind of a listed event with a shorter period of its own is an exception, not a second requirement
    ("At least 4 weeks since prior chemotherapy or radiotherapy, or 2 weeks since palliative radiotherapy",
     (("palliative radiotherapy", "2025-06-01", "2025-06-10"), OLD_DOCETAXEL), "eligible"),
])
def test_a_washout_list_decides_only_where_every_event_is_its_own(item, courses, expected) -> None:
    criteria = parse_criteria(f"Inclusion Criteria:\n\n  -  {item}")
    patient_record = Patient.model_validate({"as_of": "2025-07-01", "conditions": [], "treatments": _treated(*courses)})
    assert screen(criteria, patient_record).verdict == expected


@pytest.mark.parametrize(("item", "patient_record"), [
    ("Receiving warfarin for at least 3 months since the DVT",
     {"conditions": [{"concept": "deep vein thrombosis", "date": "2025-02-25", "active": True}],
      "treatments": [{"concept": "warfarin", "start": "2025-02-26"}]}),
    ("Must not have received nivolumab for at least 4 weeks since progression",
     {"conditions": [], "treatments": [{"concept": "nivolumab", "start": "2025-01-10", "end": "2025-06-20"}]}),
])
def test_how_long_a_treatment_lasted_since_an_event_is_a_persons_to_read(item, patient_record) -> None:
    """"for at least 3 months since the DVT" is a course's length counted from another event: no record's last day
    settles it (read as the time since the warfarin, the patient on it for four months failed)."""
    criteria = parse_criteria(f"Inclusion Criteria:\n\n  -  {item}")
    assert screen(criteria, Patient.model_validate({"as_of": "2025-07-01", **patient_record})).verdict == "needs_review"


_HALF_LIVES = "Investigational drug within 30 days or 5 half-lives (whichever is longer) prior to the first dose"


@pytest.mark.parametrize(("treatments", "verdict"), [
    ([], "eligible"),
    ([{"concept": "investigational drug", "start": "2025-12-10", "end": "2025-12-20"}], "ineligible"),
    ([{"concept": "investigational drug", "start": "2025-09-10", "end": "2025-10-20"}], "needs_review")])
def test_a_window_in_half_lives_is_settled_by_the_records_days_only_where_they_suffice(treatments, verdict):
    criteria = parse_criteria(f"Exclusion Criteria:\n\n  -  {_HALF_LIVES}")
    patient = Patient.model_validate({"as_of": "2026-01-01", "sex": "female", "age": {"value": 55, "unit": "a"},
                                      "conditions": [], "treatments": treatments})
    assert screen(criteria, patient).verdict == verdict


@pytest.mark.parametrize(("end", "verdict"), [("2025-12-25", "ineligible"), ("2025-11-01", "eligible")])
def test_time_elapsed_between_a_treatment_and_registration_is_its_washout(end, verdict):
    criteria = parse_criteria("Inclusion Criteria:\n\n  -  A minimum of 21 days must have elapsed between the end of "
                              "radiotherapy and registration")
    patient = Patient.model_validate({"as_of": "2026-01-01", "sex": "female", "age": {"value": 55, "unit": "a"},
                                      "conditions": [], "treatments": [{"concept": "radiotherapy",
                                                                         "start": "2025-10-01", "end": end}]})
    assert screen(criteria, patient).verdict == verdict
