"""parser.reconcile: the CT.gov record as authority, ClinConnect's extras, provenance and disagreements.

The CT.gov side of NCT05628038 is built from facts in shared/record-versions (title, sponsor, the two
statuses); its criteria are the ClinConnect bullets written the way CT.gov writes markdown.
"""

from datetime import date
from pathlib import Path

import pytest

from parser.clinconnect import parse_page
from parser.models import Disagreement, Eligibility, Sponsor, Trial
from parser.reconcile import criteria_from_page, reconcile, status_from_label
from parser.text import unescape_markdown

PAGE = parse_page((Path(__file__).parent / "fixtures" / "clinconnect" / "NCT05628038.txt").read_bytes())
TITLE = "The Combination of Hypofractionated Radiotherapy and Immunotherapy in Locally Recurrent Rectal Cancer"


def ctgov_criteria(inclusion: list[str], exclusion: list[str]) -> Eligibility:
    """Criteria as `parse_study` gives them: API v2 markdown (`*` bullets, blank lines), escapes removed."""
    markdown = "\n\n".join(
        f"{header}\n\n" + "\n".join(f"* {item}" for item in items)
        for header, items in (("Inclusion Criteria:", inclusion), ("Exclusion Criteria:", exclusion))
    )
    return Eligibility(criteria_text=unescape_markdown(markdown))


def trial(**changes) -> Trial:
    fields = {
        "nct_id": "NCT05628038",
        "brief_title": TITLE,
        "acronym": "TORCH-R",
        "sponsor": Sponsor(name="Fudan University", agency_class="OTHER"),
        "overall_status": "RECRUITING",
        "eligibility": ctgov_criteria(PAGE.inclusion, PAGE.exclusion),
    }
    return Trial(**(fields | changes))


def test_agreeing_sources_report_no_disagreement():
    assert reconcile(trial(), PAGE).disagreements == []


def test_ctgov_is_the_source_of_headline_fields_and_clinconnect_of_its_extras():
    merged = reconcile(trial(), PAGE)
    assert merged.sources == {
        "title": "ctgov",
        "sponsor": "ctgov",
        "overall_status": "ctgov",
        "criteria_text": "ctgov",
        "summary": "clinconnect",
        "current_as_of": "clinconnect",
    }
    assert (merged.sponsor, merged.overall_status) == ("Fudan University", "RECRUITING")
    assert merged.summary == PAGE.summary
    assert merged.current_as_of == date(2025, 6, 26)
    assert merged.trial == trial()


def test_clinconnect_status_label_is_mapped_before_comparing():
    assert status_from_label("Recruiting") == "RECRUITING"
    assert status_from_label("Active, not recruiting") == "ACTIVE_NOT_RECRUITING"


def test_status_disagreement_is_reported_and_ctgov_wins():
    merged = reconcile(trial(overall_status="NOT_YET_RECRUITING"), PAGE)
    assert merged.disagreements == [
        Disagreement(field="overall_status", ctgov="NOT_YET_RECRUITING", clinconnect="RECRUITING")
    ]
    assert merged.overall_status == "NOT_YET_RECRUITING"


def test_sponsor_case_is_not_a_disagreement():
    assert PAGE.sponsor == "FUDAN UNIVERSITY"
    assert reconcile(trial(), PAGE).disagreements == []


def test_different_title_is_a_disagreement():
    merged = reconcile(trial(brief_title="TORCH-R"), PAGE)
    assert merged.disagreements == [Disagreement(field="title", ctgov="TORCH-R", clinconnect=TITLE)]


def test_criteria_rewrapped_and_respaced_are_not_a_disagreement():
    original = trial().eligibility.criteria_text
    text = original.replace("\n* ", "\n-   ").replace(". According to", ".\n   According to")
    assert text.count("\n-   ") == 30 and "\n   According to" in text
    assert reconcile(trial(eligibility=Eligibility(criteria_text=text)), PAGE).disagreements == []


def test_changed_criterion_is_a_disagreement():
    changed = [item.replace("18-75 years", "18 years or older") for item in PAGE.inclusion]
    assert changed != PAGE.inclusion
    merged = reconcile(trial(eligibility=ctgov_criteria(changed, PAGE.exclusion)), PAGE)
    assert [d.field for d in merged.disagreements] == ["criteria_text"]


def test_criterion_moved_between_inclusion_and_exclusion_is_a_disagreement():
    moved = ctgov_criteria(PAGE.inclusion[:-1], [PAGE.inclusion[-1], *PAGE.exclusion])
    merged = reconcile(trial(eligibility=moved), PAGE)
    assert [d.field for d in merged.disagreements] == ["criteria_text"]


def test_page_alone_gives_its_values_in_ctgov_terms():
    merged = reconcile(None, PAGE)
    assert merged.trial is None
    assert (merged.nct_id, merged.title, merged.overall_status) == ("NCT05628038", TITLE, "RECRUITING")
    assert set(merged.sources.values()) == {"clinconnect"}
    assert "Neutrophil < 1.5×10^9/L" in merged.criteria_text


def test_page_criteria_render_as_ctgov_style_plain_text():
    text = criteria_from_page(PAGE)
    assert text.startswith("Inclusion Criteria:\n\n* Patient is 18-75 years old")
    assert "\n\nExclusion Criteria:\n\n* Neutrophil < 1.5×10^9/L" in text
    assert "\\" not in text


def test_trial_alone_has_no_clinconnect_extras():
    merged = reconcile(trial(), None)
    assert (merged.summary, merged.current_as_of, merged.disagreements) == (None, None, [])
    assert set(merged.sources.values()) == {"ctgov"}


def test_nothing_to_reconcile_is_a_caller_error():
    with pytest.raises(ValueError, match="needs a CT.gov record"):
        reconcile(None, None)


def test_records_of_different_trials_are_not_merged():
    with pytest.raises(ValueError, match="cannot reconcile NCT06008288"):
        reconcile(trial(nct_id="NCT06008288"), PAGE)
