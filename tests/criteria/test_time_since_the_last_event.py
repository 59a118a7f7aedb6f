"""Specifications for `Window.since_last`: a window that is the time since the patient's last such event (a washout),
which a patient who never had the event has waited out, told apart from one dating an event the criterion asks about."""

import pytest

from parser.models.criteria import AllOf, Concept, Window
from parser.models.walk import iter_nodes
from tests.criteria.conftest import item_comparisons, one_item


def _windows(parse, item: str, section: str = "inclusion") -> list[tuple[str, Window]]:
    found = []
    for criterion in getattr(parse(one_item(item, section)), section):
        found += [(node.concept, node.within) for node in iter_nodes(criterion.expr)
                  if isinstance(node, Concept) and node.within is not None]
    return found


@pytest.mark.parametrize("item", ["At least 3 weeks since prior immunotherapy",
                                  "More than 28 days since any investigational agent",
                                  "At least 10 days since the last dose of capecitabine",
                                  "21 days must have elapsed since prior radiotherapy",
                                  "At least 2 weeks from the end of prior chemotherapy"])
def test_a_least_time_since_a_treatment_is_the_time_since_the_last_one(parse, item):
    ((_, window),) = _windows(parse, item)
    assert window.since_last and window.op in (">", ">=")


@pytest.mark.parametrize("item", ["Anticoagulants must be discontinued at least 5 days prior to the biopsy",
                                  "Prior hormonal therapy must have been completed 2 weeks before day 1"])
def test_an_inclusion_s_treatment_ended_before_a_reference_point_is_a_washout(parse, item):
    ((_, window),) = _windows(parse, item)
    assert window.since_last


def test_the_event_is_named_without_the_point_of_it_the_window_counts_from(parse):
    assert [name for name, _ in _windows(parse, "At least 10 days since the last dose of prior tamoxifen")] == [
        "tamoxifen"]
    assert [name for name, _ in _windows(parse, "At least 6 weeks since completion of radiotherapy")] == [
        "radiotherapy"]


def test_the_last_episode_of_a_condition_counts_as_its_washout(parse):
    ((name, window),) = _windows(parse, "More than 6 months since the last migraine attack")
    assert name == "migraine attack" and window.since_last


@pytest.mark.parametrize("item", ["At least 12 months since diagnosis of psoriasis",
                                  "At least 1 year since the last menses",
                                  "More than 3 months since symptom onset"])
def test_a_window_counted_from_when_a_state_began_is_how_long_it_lasted(parse, item):
    ((_, window),) = _windows(parse, item)
    assert not window.since_last


@pytest.mark.parametrize("item", ["At least 3 months post myocardial infarction", "More than 6 months since stroke",
                                  "24 hours post congenital heart surgery"])
def test_a_time_after_a_condition_or_after_an_event_is_not_a_washout(parse, item):
    ((_, window),) = _windows(parse, item)
    assert not window.since_last


def test_a_least_time_among_exclusions_is_not_read_as_a_washout(parse):
    """Listed among exclusions, "more than 30 days since prior investigational agents" says the reverse of the
    washout it means; "hormonal therapy completed more than a year ago" names a therapy that was given."""
    for item in ("More than 30 days since prior investigational agents",
                 "Hormonal therapy discontinued more than 1 year before enrollment"):
        ((_, window),) = _windows(parse, item, "exclusion")
        assert not window.since_last


def test_an_exclusion_s_most_time_since_a_treatment_is_the_time_since_the_last_one(parse):
    ((name, window),) = _windows(parse, "Less than 14 days since prior radiotherapy", "exclusion")
    assert (name, window.op, window.since_last) == ("radiotherapy", "<", True)


def test_a_window_before_a_reference_point_dates_the_event(parse):
    ((_, window),) = _windows(parse, "Chemotherapy within 4 weeks prior to enrollment", "exclusion")
    assert not window.since_last


def test_since_last_is_left_out_of_the_json_when_false(parse):
    document = parse(one_item("Chemotherapy within 4 weeks prior to enrollment", "exclusion"))
    assert "since_last" not in document.model_dump_json(by_alias=True)
    document = parse(one_item("At least 4 weeks since prior chemotherapy"))
    assert '"since_last":true' in document.model_dump_json(by_alias=True)


def test_a_comparator_s_no_does_not_deny_the_event_of_a_window_after_it(parse):
    document = parse(one_item("No more than 30% of marrow irradiated (at least 4 weeks since radiotherapy)"))
    (concept,) = [node for criterion in document.inclusion for node in iter_nodes(criterion.expr)
                  if isinstance(node, Concept)]
    assert (concept.concept, concept.negated) == ("radiotherapy", False)


def test_a_comparator_s_no_still_denies_the_event_it_opens(parse):
    document = parse(one_item("No more than 3 seizures per month in the last 6 months"))
    (concept,) = [node for criterion in document.inclusion for node in iter_nodes(criterion.expr)
                  if isinstance(node, Concept)]
    assert concept.negated


@pytest.mark.parametrize(("item", "category"), [("Systemic cancer therapy within 14 days", None),
                                                ("Seizure disorder requiring medication within 1 year", "condition")])
def test_a_condition_s_therapy_is_not_looked_up_as_the_condition(parse, item, category):
    (concept,) = [node for criterion in parse(one_item(item, "exclusion")).exclusion
                  for node in iter_nodes(criterion.expr) if isinstance(node, Concept)]
    assert concept.category == category


@pytest.mark.parametrize("item", ["Patients must not have received chemotherapy within 4 weeks",
                                  "Subjects should not have had major surgery within 4 weeks prior to enrollment"])
def test_the_person_a_requirement_is_about_does_not_hide_its_denial(parse, item):
    (concept,) = [node for criterion in parse(one_item(item)).inclusion for node in iter_nodes(criterion.expr)
                  if isinstance(node, Concept)]
    assert concept.negated and concept.concept in ("chemotherapy", "major surgery")


def test_a_count_of_persons_keeps_them_as_its_measure(parse):
    assert [c[0] for c in item_comparisons(parse, "At least 20 subjects will have compensated cirrhosis")] == [
        "subjects"]


def test_the_person_a_requirement_of_ability_is_about_stays_with_it(parse):
    (concept,) = [node for criterion in parse(one_item(
        "Patients must be able to keep a seizure diary within 4 weeks of screening")).inclusion
        for node in iter_nodes(criterion.expr) if isinstance(node, Concept)]
    assert concept.concept.startswith("Patients must be able")


@pytest.mark.parametrize("item", ["At least 4 weeks since prior chemotherapy or cryoablation",
                                  "At least 4 weeks since prior chemotherapy or radiotherapy to the brain",
                                  "Chemotherapy or radiotherapy must be discontinued at least 4 weeks prior to day 1"])
def test_a_window_over_a_list_of_events_is_no_washout_of_its_first(parse, item):
    """Where the engine names the first event alone (the others are no lexicon concepts, qualified by words after the
    list, or the list is no anchor's), marked a washout, a record without it would meet the criterion whatever the
    others' dates."""
    assert not any(window.since_last for _, window in _windows(parse, item))


@pytest.mark.parametrize(("item", "events"), [
    ("At least 4 weeks since prior chemotherapy and/or radiotherapy", ["chemotherapy", "radiotherapy"]),
    ("At least 4 weeks since prior chemotherapy, immunotherapy, or major surgery",
     ["chemotherapy", "immunotherapy", "major surgery"]),
    ("At least 4 weeks since prior chemotherapy and radiotherapy", ["chemotherapy", "radiotherapy"]),
    ("At least 4 weeks since prior chemotherapy, radiotherapy, and immunotherapy",
     ["chemotherapy", "radiotherapy", "immunotherapy"]),
])
def test_a_washout_over_a_list_of_events_is_the_time_since_each(parse, item, events):
    (criterion,) = parse(one_item(item)).inclusion
    assert isinstance(criterion.expr, AllOf)
    assert [(event, window.since_last) for event, window in _windows(parse, item)] == [(e, True) for e in events]


@pytest.mark.parametrize("item", ["At least 4 weeks since prior chemotherapy and recovered from toxicities",
                                  "Prior cancer therapy, including hormonal therapy and surgery, must have been "
                                  "discontinued at least 2 weeks prior to day 1"])
def test_a_washout_followed_by_recovery_or_examples_is_still_one(parse, item):
    ((_, window),) = _windows(parse, item)
    assert window.since_last


def test_washouts_written_as_alternatives_are_each_required(parse):
    document = parse(one_item("At least 4 weeks since prior major surgery, or 2 weeks since minor surgery"))
    (criterion,) = document.inclusion
    assert isinstance(criterion.expr, AllOf)
    assert [getattr(node, "concept", None) for node in criterion.expr.all] == ["major surgery", "minor surgery"]


def test_two_washouts_joined_by_and_are_each_required_though_the_first_lists_events_with_or(parse):
    """"or cryoablation" lists what the first period counts from; the "and" after it joins the two periods: a
    patient who waited out one and not the other is not eligible."""
    document = parse(one_item("At least 4 weeks since prior surgery or cryoablation and at least 2 weeks since "
                              "chemotherapy"))
    (criterion,) = document.inclusion
    assert isinstance(criterion.expr, AllOf)
    assert [getattr(node, "concept", None) for node in criterion.expr.all] == ["surgery", "chemotherapy"]


def test_a_washout_over_a_list_and_one_after_it_joined_by_and_are_each_required(parse):
    (criterion,) = parse(one_item("At least 4 weeks since prior chemotherapy or radiotherapy and at least 2 weeks "
                                  "since major surgery")).inclusion
    assert isinstance(criterion.expr, AllOf)
    assert [(node.concept, node.within.since_last) for node in criterion.expr.all] == [
        ("chemotherapy", True), ("radiotherapy", True), ("major surgery", True)]


@pytest.mark.parametrize("item", ["At least 7 days from the end of the run-in period",
                                  "No less than 10 days since completion of the lead-in phase"])
def test_a_window_from_a_study_phase_is_no_washout(parse, item):
    """A run-in or lead-in is the study's own period, in no patient record: none had means nothing."""
    assert not any(window.since_last for _, window in _windows(parse, item))


def test_a_window_since_the_last_dose_of_a_study_drug_dates_a_reference_point(parse):
    assert not any(window.since_last for _, window in _windows(
        parse, "At least 4 weeks since the last dose of study drug in a prior study"))


@pytest.mark.parametrize("item", ["Patients may have received prior radiotherapy within 6 months",
                                  "Subjects will have received a dose of study drug within 4 weeks",
                                  "Patients must have been diagnosed with breast cancer within 6 months"])
def test_a_permission_a_promise_or_a_passive_keeps_its_person(parse, item):
    """Cut from its person, "may have received prior radiotherapy" would read as a requirement, and "must have been
    diagnosed with breast cancer within 6 months" as a cancer active in those months."""
    assert all(name.split()[0] in ("Patients", "Subjects") for name, _ in _windows(parse, item))


def test_a_subgroup_s_own_period_of_a_washout_is_a_washout(parse):
    found = _windows(parse, "At least 4 weeks since prior chemotherapy (6 weeks for nitrosoureas) and recovered")
    assert [(name, window.value, window.since_last) for name, window in found] == [
        ("chemotherapy", 4, True), ("nitrosoureas", 6, True)]


def test_a_subgroup_s_own_period_of_a_window_before_an_event_is_no_washout(parse):
    found = _windows(parse, "Chemotherapy within 3 weeks (6 weeks for nitrosoureas) prior to entry", "exclusion")
    assert not any(window.since_last for _, window in found)


def test_a_longer_most_time_with_its_own_comparator_for_a_group_after_a_window_is_the_group_s_window(parse):
    found = _windows(parse, "Prior chemotherapy ≤ 3 weeks (≤ 6 weeks for nitrosoureas) before Day 1", "exclusion")
    assert [(name, window.op, window.value) for name, window in found] == [
        ("chemotherapy", "<=", 3), ("nitrosoureas", "<=", 6)]


def test_a_shorter_most_time_for_a_group_exempts_it_and_dates_no_window_of_its_own(parse):
    found = _windows(parse, "Prior biologic therapy ≤ 8 weeks (≤ 4 weeks for monoclonal antibodies) before Day 1",
                     "exclusion")
    assert [name for name, _ in found] == ["biologic therapy"]


@pytest.mark.parametrize("item", ["At least 4 weeks since prior radiotherapy (2 weeks for palliative radiotherapy)",
                                  "At least 4 weeks since prior radiotherapy or 2 weeks since palliative radiotherapy"])
def test_a_kind_s_laxer_washout_leaves_neither_a_washout(parse, item):
    """A record of palliative radiotherapy 3 weeks ago would fail the broader washout, which the kind's own period
    lifts: neither can be settled by the record alone."""
    assert not any(window.since_last for _, window in _windows(parse, item))


def test_an_event_denied_before_a_window_from_another_event_stays_denied(parse):
    found = _windows(parse, "Postmenopausal, defined as no menses for at least 12 months or at least 6 weeks since "
                            "bilateral oophorectomy")
    assert not any(window.since_last for _, window in found)


def test_a_length_of_use_that_is_not_allowed_is_no_washout(parse):
    found = _windows(parse, "Use of systemic corticosteroids for more than 2 weeks prior to enrollment is not allowed")
    assert not any(window.since_last for _, window in found)
