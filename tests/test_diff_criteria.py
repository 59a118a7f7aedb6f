"""parser.diff, criteria: items aligned across versions, and what changed in meaning inside each."""

import json

from parser.criteria import parse_criteria
from parser.ctgov import parse_study
from parser.diff import diff_trials
from parser.models import Eligibility, Trial
from parser.models.criteria import AnyOf, Concept, Criteria, CriteriaSource, Criterion, Window
from parser.models.diff import Change

BASE = ["ECOG performance status 0-1.", "Has an investigator determined life expectancy of at least 24 weeks."]


def text(inclusion: list[str], exclusion: list[str] = ()) -> str:
    """Criteria in API v2's markdown layout."""
    lines = ["Inclusion Criteria:", "", *[f"* {item}" for item in inclusion]]
    if exclusion:
        lines += ["", "Exclusion Criteria:", "", *[f"* {item}" for item in exclusion]]
    return "\n".join(lines)


def trial(criteria: str | None) -> Trial:
    return Trial(nct_id="NCT00000001", eligibility=Eligibility(criteria_text=criteria))


def criteria_changes(old: list[str], new: list[str]) -> list[Change]:
    """Changes between two inclusion lists that share the BASE items (so no section appears whole)."""
    return diff_trials(trial(text([*BASE, *old])), trial(text([*BASE, *new]))).changes


def only(old: list[str], new: list[str]) -> Change:
    (change,) = criteria_changes(old, new)
    return change


def test_same_criteria_have_no_changes():
    same = "No prior radiotherapy within 6 months."
    assert criteria_changes([same], [same]) == []


def test_case_spacing_and_final_full_stop_are_not_changes():
    old, new = "No prior radiotherapy within 6 months.", "no prior  radiotherapy within 6 months"
    assert criteria_changes([old], [new]) == []


def test_html_history_version_and_markdown_api_version_of_the_same_items_show_no_change():
    """Entities, escapes and `10<sup>9</sup>` (flattened to "109") vs `10\\^9`; only the changed item is reported."""
    protocol = {"identificationModule": {"nctId": "NCT00000001"}}
    markdown = ("Inclusion Criteria:\n\n* Platelet count \\>= 100×10\\^9/L\n* Patient's age \\> 18 years\n\n"
                "Exclusion Criteria:\n\n* Pregnant or breastfeeding.")
    html = (
        "<p>Inclusion Criteria:</p><ul><li>Platelet count &gt;= 100×10<sup>9</sup>&#x2F;L</li>"
        "<li>Patient&#x27;s age &gt; 18 years</li></ul><p>Exclusion Criteria:</p><ul><li>Pregnant.</li></ul>"
    )
    api = {"protocolSection": {**protocol, "eligibilityModule": {"eligibilityCriteria": markdown}}}
    history = {"studyVersion": 1,
               "study": {"protocolSection": {**protocol, "eligibilityModule": {"eligibilityCriteria": html}}}}
    changes = diff_trials(parse_study(json.dumps(history)), parse_study(json.dumps(api))).changes
    assert [change.path for change in changes] == ["/criteria/exclusion/0"]


def test_changed_threshold_reports_old_and_new_value_with_unit():
    change = only(["PLT < 100×10^9/L"], ["PLT < 75×10^9/L"])
    assert change.details == ["platelet count threshold 100 → 75 10*9/L"]
    assert change.meaning_changed


def test_changed_operator_is_reported():
    assert only(["PLT < 100×10^9/L"], ["PLT <= 100×10^9/L"]).details == ["platelet count operator < → <="]


def test_threshold_restated_in_another_unit_is_not_a_change_of_meaning():
    change = only(["Hemoglobin ≥ 9 g/dL"], ["Hemoglobin ≥ 90 g/L"])
    assert not change.meaning_changed and "no change in meaning" in change.summary


def test_changed_window_is_reported_in_words():
    change = only(["No prior radiotherapy within 6 months."], ["No prior radiotherapy within 3 months."])
    (detail,) = change.details
    assert detail.endswith("radiotherapy window 6 → 3 months")  # the engine names the concept
    assert change.summary == f"inclusion 3 changed: {detail}"


def test_a_window_turned_ahead_is_reported():
    change = only(["No major surgery within 4 weeks."], ["No major surgery within the next 4 weeks."])
    assert change.details == ["major surgery window past → ahead"]


def test_a_window_turned_into_a_washout_is_reported():
    change = only(["Prior chemotherapy at least 4 weeks before enrollment."],
                  ["At least 4 weeks since prior chemotherapy."])
    assert change.details == ["chemotherapy window now a washout (time since the last one)"]


def test_age_upper_bound_added():
    change = only(["Aged 18 years or older."], ["Aged 18-75 years."])
    assert change.details == ["age max added: 75 years"]


def test_count_limit_added_to_a_reworded_item():
    change = only(["Distant metastasis lesions are allowed."], ["Distant metastasis lesions are no more than 5."])
    assert "Distant metastasis lesions: at most 5 added" in change.details


def test_rewording_with_the_same_structure_is_reported_as_such():
    change = only(["Platelet count ≥ 100 × 10^9/L."], ["Platelets must be at least 100×10^9/L."])
    assert (change.op, change.meaning_changed, change.details) == ("replace", False, [])
    assert change.summary.startswith("inclusion 3 reworded (no change in meaning): ")


def test_rewording_of_an_unstructured_item_is_not_claimed_to_keep_its_meaning():
    change = only(["Willing to comply with the study visits."], ["Willing and able to comply with all study visits."])
    assert change.meaning_changed and "check meaning" in change.summary


def test_added_item_is_addressed_in_the_new_version():
    change = only([], ["No prior radiotherapy within 6 months."])
    assert (change.op, change.path) == ("add", "/criteria/inclusion/2")
    assert change.new == "No prior radiotherapy within 6 months."
    assert change.summary == 'inclusion 3 added: "No prior radiotherapy within 6 months."'


def test_removed_item_is_addressed_in_the_old_version():
    change = only(["No prior radiotherapy within 6 months."], [])
    assert (change.op, change.path) == ("remove", "/criteria/inclusion/2")
    assert change.old == "No prior radiotherapy within 6 months."


def test_moved_item_is_a_move_without_change_of_meaning():
    old = trial(text(["Pregnant women excluded.", *BASE, "No prior radiotherapy within 6 months."]))
    new = trial(text([*BASE, "No prior radiotherapy within 6 months.", "Pregnant women excluded."]))
    (change,) = diff_trials(old, new).changes
    assert (change.op, change.from_path, change.path, change.meaning_changed) == (
        "move",
        "/criteria/inclusion/0",
        "/criteria/inclusion/3",
        False,
    )


def test_split_item_is_one_change_listing_both_parts():
    whole = "Absolute neutrophil count ≥ 1.5 × 10^9/L and platelet count ≥ 100 × 10^9/L."
    parts = ["Absolute neutrophil count ≥ 1.5 × 10^9/L.", "Platelet count ≥ 100 × 10^9/L."]
    change = only([whole], parts)
    assert (change.old, change.new, change.meaning_changed) == (whole, parts, False)
    assert change.summary.startswith("inclusion 3 and 4 (was 3) split (no change in meaning)")


def test_merged_items_are_one_change_with_the_changed_threshold():
    parts = ["Absolute neutrophil count ≥ 1.5 × 10^9/L.", "Platelet count ≥ 100 × 10^9/L."]
    change = only(parts, ["Absolute neutrophil count ≥ 1.5 × 10^9/L and platelet count ≥ 75 × 10^9/L."])
    assert change.summary == "inclusion 3 (was 3 and 4) merged: platelet count threshold 100 → 75 10*9/L"


def test_cohorts_appearing_in_the_criteria_are_reported():
    new = ["Cohort A: no prior first-line chemotherapy.", "Cohort B: progression after first-line chemotherapy."]
    summaries = [change.summary for change in criteria_changes([], new)]
    assert summaries[0] == "cohorts A/B added"


def test_section_appearing_whole_is_one_change():
    added = ["Pregnant.", "Serious mental abnormalities."]
    (change,) = diff_trials(trial(text(BASE)), trial(text(BASE, added))).changes
    assert (change.path, change.op, change.new) == ("/criteria/exclusion", "add", added)
    assert change.summary == "exclusion criteria added: 2 items"


def test_criteria_given_parsed_are_used_instead_of_the_text():
    old, new = parse_criteria(text(["PLT < 100×10^9/L"])), parse_criteria(text(["PLT < 75×10^9/L"]))
    (change,) = diff_trials(trial(None), trial(None), old_criteria=old, new_criteria=new).changes
    assert change.details == ["platelet count threshold 100 → 75 10*9/L"]


SURGERY = "Major surgery within 4 weeks before the first dose or planned during the next 12 weeks"


def _surgery(*windows: tuple[float, str]) -> Criteria:
    """One exclusion naming major surgery once per window, (weeks, direction) in the order given, as the engine
    gives a concept held both in the past and ahead (schema 1.4.0)."""
    concepts = [Concept(concept="Major surgery", category="treatment", text="Major surgery", span=(0, 13),
                        within=Window(op="<=", value=weeks, unit="wk", direction=direction, text=f"{weeks:g} weeks",
                                      span=(14, 27)))
                for weeks, direction in windows]
    item = Criterion(id="exc-1", text=SURGERY, span=(0, len(SURGERY)), expr=AnyOf(any=concepts), coverage="full",
                     rest="none")
    return Criteria(source=CriteriaSource(format="plain", sha256="0" * 64, parser_version="test"), exclusion=[item])


def _surgery_changes(old: Criteria, new: Criteria) -> list[str]:
    (change,) = diff_trials(trial(None), trial(None), old_criteria=old, new_criteria=new).changes
    return change.details


def test_a_changed_window_ahead_of_a_concept_also_held_in_the_past_is_that_change():
    old, new = _surgery((4, "past"), (12, "ahead")), _surgery((4, "past"), (8, "ahead"))
    assert _surgery_changes(old, new) == ["Major surgery window 12 → 8 weeks"]


def test_a_changed_past_window_pairs_with_the_past_window_whichever_is_listed_first():
    old, new = _surgery((4, "past"), (12, "ahead")), _surgery((12, "ahead"), (2, "past"))
    assert _surgery_changes(old, new) == ["Major surgery window 4 → 2 weeks"]


def test_a_removed_past_window_leaves_the_window_ahead_unchanged():
    old, new = _surgery((4, "past"), (12, "ahead")), _surgery((12, "ahead"))
    assert _surgery_changes(old, new) == ["Major surgery removed"]
