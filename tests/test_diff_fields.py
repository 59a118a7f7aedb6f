"""parser.diff, metadata: every kind of registry field reported as one readable, addressable change."""

from typing import Any

import pytest

from parser.diff import MismatchedTrials, diff_trials
from parser.models import (
    Age,
    Arm,
    Contact,
    DateStruct,
    Design,
    Eligibility,
    Enrollment,
    Intervention,
    Location,
    Official,
    Outcome,
    SecondaryId,
    Sponsor,
    Trial,
)


def trial(**fields: Any) -> Trial:
    return Trial(nct_id="NCT00000001", **fields)


def summaries(old: Trial, new: Trial) -> list[str]:
    return [change.summary for change in diff_trials(old, new).changes]


def only_change(old: Trial, new: Trial):
    (change,) = diff_trials(old, new).changes
    return change


def test_identical_trials_have_no_changes():
    record = trial(overall_status="RECRUITING", conditions=["Rectal Cancer"], phases=["PHASE2"])
    assert not diff_trials(record, record).has_changes


def test_fields_equal_in_both_versions_are_not_normalised_to_compare_them(monkeypatch):
    import parser.diff.wording as wording

    record = {"brief_title": "TORCH-R", "conditions": ["Rectal Cancer"],
              "locations": [Location(facility="Fudan University", city="Shanghai", status="RECRUITING")]}
    normalised: list[str] = []
    monkeypatch.setattr(wording, "normalize", lambda text, _call=wording.normalize: normalised.append(text) or
                        _call(text))
    assert not diff_trials(trial(**record), trial(**record)).has_changes and normalised == []
    assert summaries(trial(**record), trial(**{**record, "brief_title": "TORCH-R2"})) == [
        "brief title: TORCH-R → TORCH-R2"]
    assert normalised == ["TORCH-R", "TORCH-R2"]  # what differs is still compared as a reader would


def test_whitespace_and_case_in_text_fields_are_not_changes():
    old = trial(brief_title="Radiotherapy  and Immunotherapy", conditions=["rectal cancer"])
    new = trial(brief_title="Radiotherapy and\nimmunotherapy", conditions=["Rectal Cancer"])
    assert diff_trials(old, new).changes == []


def test_status_change_is_humanised_with_its_json_pointer():
    change = only_change(trial(overall_status="NOT_YET_RECRUITING"), trial(overall_status="RECRUITING"))
    assert (change.kind, change.path, change.op) == ("field", "/overall_status", "replace")
    assert (change.old, change.new) == ("NOT_YET_RECRUITING", "RECRUITING")
    assert change.summary == "status: Not yet recruiting → Recruiting"


def test_removed_date_keeps_its_value_and_estimated_type():
    change = only_change(trial(completion_date=DateStruct(date="2025-12-01", type="ESTIMATED")), trial())
    assert change.op == "remove" and change.old == {"date": "2025-12-01", "type": "ESTIMATED"}
    assert change.summary == "completion date: 2025-12-01 (estimated) → removed"


def test_date_turning_from_estimated_to_actual_is_a_change():
    old = trial(start_date=DateStruct(date="2023-01-15", type="ESTIMATED"))
    new = trial(start_date=DateStruct(date="2023-01-15", type="ACTUAL"))
    assert summaries(old, new) == ["start date: 2023-01-15 (estimated) → 2023-01-15 (actual)"]


def test_enrollment_change_shows_count_and_type():
    old = trial(design=Design(enrollment=Enrollment(count=30, type="ESTIMATED")))
    new = trial(design=Design(enrollment=Enrollment(count=16, type="ACTUAL")))
    change = only_change(old, new)
    assert change.path == "/design/enrollment"
    assert change.summary == "enrollment: 30 (estimated) → 16 (actual)"


def test_phases_change_is_one_replacement_of_the_list():
    assert summaries(trial(phases=["PHASE2"]), trial(phases=["PHASE2", "PHASE3"])) == [
        "phases: Phase 2 → Phase 2, Phase 3"]


def test_design_fields_are_reported_by_name():
    old = trial(study_type="INTERVENTIONAL", design=Design(intervention_model="SINGLE_GROUP"))
    new = trial(study_type="INTERVENTIONAL", design=Design(intervention_model="PARALLEL"))
    change = only_change(old, new)
    assert change.path == "/design/intervention_model"
    assert change.summary == "intervention model: Single group → Parallel"


def test_field_absent_on_one_side_is_reported_as_added_with_its_value():
    change = only_change(trial(), trial(acronym="TORCH-R"))
    assert (change.op, change.new, change.summary) == ("add", "TORCH-R", "acronym added: TORCH-R")


def test_secondary_id_added():
    new = trial(secondary_ids=[SecondaryId(id="FDRT-2022-289-3006")])
    assert summaries(trial(), new) == ["secondary id added: FDRT-2022-289-3006"]


def test_conditions_and_keywords_are_added_and_removed_by_item():
    old = trial(conditions=["Rectal Cancer"], keywords=["radiotherapy"])
    new = trial(conditions=["Recurrent Rectal Cancer"], keywords=["radiotherapy"])
    assert summaries(old, new) == ["condition removed: Rectal Cancer", "condition added: Recurrent Rectal Cancer"]


def test_intervention_added_and_removed_by_name_not_paired():
    old = trial(interventions=[Intervention(type="DRUG", name="Oxaliplatin")])
    new = trial(interventions=[Intervention(type="DRUG", name="5FU")])
    changes = diff_trials(old, new).changes
    assert [(change.op, change.path, change.summary) for change in changes] == [
        ("remove", "/interventions/0", "intervention removed: Oxaliplatin (Drug)"),
        ("add", "/interventions/0", "intervention added: 5FU (Drug)"),
    ]


def test_arm_added_by_label():
    new = trial(arms=[Arm(label="Cohort A", type="EXPERIMENTAL")])
    assert summaries(trial(), new) == ["arm added: Cohort A"]


def test_arm_description_change_is_reported_on_the_matched_arm():
    old = trial(arms=[Arm(label="SCRT", description="25 Gy in 5 fractions")])
    new = trial(arms=[Arm(label="SCRT", description="25 Gy in 5 fractions, then SABR")])
    change = only_change(old, new)
    assert change.path == "/arms/0/description"
    assert change.summary == "arm SCRT: description: 25 Gy in 5 fractions → 25 Gy in 5 fractions, then SABR"


def test_replaced_primary_outcome_reads_old_to_new():
    old = trial(primary_outcomes=[Outcome(measure="R0 resection rate")])
    new = trial(primary_outcomes=[Outcome(measure="local objective response rate")])
    change = only_change(old, new)
    assert (change.op, change.path) == ("replace", "/primary_outcomes/0")
    assert change.summary == "primary outcome: R0 resection rate → local objective response rate"


def test_outcome_time_frame_change_is_reported_on_the_outcome():
    old = trial(secondary_outcomes=[Outcome(measure="Overall survival", time_frame="2 years")])
    new = trial(secondary_outcomes=[Outcome(measure="Overall survival", time_frame="3 years")])
    assert summaries(old, new) == ["secondary outcome Overall survival: time frame: 2 years → 3 years"]


def test_site_added():
    new = trial(locations=[Location(facility="Fudan University Shanghai Cancer Center", city="Shanghai",
                                    country="China")])
    assert summaries(trial(), new) == ["site added: Fudan University Shanghai Cancer Center, Shanghai, China"]


def test_site_status_change():
    old = trial(locations=[Location(city="Shanghai", country="China", status="NOT_YET_RECRUITING")])
    new = trial(locations=[Location(city="Shanghai", country="China", status="RECRUITING")])
    change = only_change(old, new)
    assert change.path == "/locations/0/status"
    assert change.summary == "site Shanghai, China: status: Not yet recruiting → Recruiting"


def test_contact_phone_change():
    old = trial(central_contacts=[Contact(name="Zhen Zhang", phone="+86 21 0000")])
    new = trial(central_contacts=[Contact(name="Zhen Zhang", phone="+86 21 1111")])
    assert summaries(old, new) == ["contact Zhen Zhang: phone: +86 21 0000 → +86 21 1111"]


def test_official_added_with_role():
    new = trial(officials=[Official(name="Zhen Zhang, MD PhD", role="PRINCIPAL_INVESTIGATOR")])
    assert summaries(trial(), new) == ["official added: Zhen Zhang, MD PhD (Principal investigator)"]


def test_sponsor_replaced_and_collaborator_added():
    old = trial(sponsor=Sponsor(name="Fudan University"))
    new = trial(sponsor=Sponsor(name="Fudan University Shanghai Cancer Center"),
                collaborators=[Sponsor(name="Junshi", agency_class="INDUSTRY")])
    assert summaries(old, new) == [
        "lead sponsor: Fudan University → Fudan University Shanghai Cancer Center",
        "collaborator added: Junshi (Industry)",
    ]


def test_long_text_field_is_named_not_quoted():
    old, new = trial(brief_summary="A single-arm trial. " * 10), trial(brief_summary="A two-cohort trial. " * 10)
    change = only_change(old, new)
    assert change.summary == "brief summary changed" and change.new == new.brief_summary


def test_eligibility_sex_change():
    old, new = trial(eligibility=Eligibility(sex="ALL")), trial(eligibility=Eligibility(sex="FEMALE"))
    assert summaries(old, new) == ["sex: All → Female"]


def test_age_max_added():
    new = trial(eligibility=Eligibility(maximum_age=Age(value=75, unit="a", text="75 Years")))
    change = only_change(trial(), new)
    assert (change.path, change.op, change.summary) == ("/eligibility/maximum_age", "add", "age max added: 75 years")


def test_age_min_raised_says_the_unit_once():
    old = trial(eligibility=Eligibility(minimum_age=Age(value=18, unit="a", text="18 Years")))
    new = trial(eligibility=Eligibility(minimum_age=Age(value=20, unit="a", text="20 Years")))
    assert summaries(old, new) == ["age min 18 → 20 years"]


def test_healthy_volunteers_change():
    old = trial(eligibility=Eligibility(healthy_volunteers=False))
    new = trial(eligibility=Eligibility(healthy_volunteers=True))
    assert summaries(old, new) == ["healthy volunteers: No → Yes"]


def test_field_changes_change_meaning():
    assert diff_trials(trial(acronym="A"), trial(acronym="B")).changes[0].meaning_changed


def test_different_trials_cannot_be_diffed():
    with pytest.raises(MismatchedTrials, match="NCT00000001 against NCT00000002"):
        diff_trials(trial(), Trial(nct_id="NCT00000002"))
