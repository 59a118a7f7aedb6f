"""parser.diff on NCT05628038's two known versions (../shared/record-versions/NCT05628038/README.md).

Older: `tests/fixtures/diff/NCT05628038.older.history-version.json` (reconstructed, see that folder's README).
Newer: `tests/fixtures/ctgov/NCT05628038.json`, the current record, plus its primary outcome, which the
record-versions README states ("local objective response rate") and the fixture leaves out.
"""

from pathlib import Path

import pytest

from parser.ctgov import parse_study
from parser.diff import diff_trials, to_markdown
from parser.models import Outcome
from parser.models.diff import TrialDiff

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def diff() -> TrialDiff:
    older = parse_study((FIXTURES / "diff" / "NCT05628038.older.history-version.json").read_bytes())
    newer = parse_study((FIXTURES / "ctgov" / "NCT05628038.json").read_bytes())
    newer = newer.model_copy(update={"primary_outcomes": [Outcome(measure="local objective response rate")]})
    return diff_trials(older, newer)


def summary_of(diff: TrialDiff, path: str) -> str:
    (change,) = [change for change in diff.changes if change.path == path]
    return change.summary


def test_status_not_yet_recruiting_to_recruiting(diff):
    assert summary_of(diff, "/overall_status") == "status: Not yet recruiting → Recruiting"


def test_end_date_no_longer_stated(diff):
    assert summary_of(diff, "/completion_date") == "completion date: 2025-12-01 → removed"


def test_acronym_and_secondary_id_added(diff):
    assert summary_of(diff, "/acronym") == "acronym added: TORCH-R"
    assert summary_of(diff, "/secondary_ids/0") == "secondary id added: FDRT-2022-289-3006"


def test_primary_outcome_r0_resection_rate_replaced(diff):
    assert summary_of(diff, "/primary_outcomes/0") == (
        "primary outcome: R0 resection rate → local objective response rate")


def test_maximum_age_75_added_to_the_registry_field(diff):
    assert summary_of(diff, "/eligibility/maximum_age") == "age max added: 75 years"


def test_age_criterion_gains_an_upper_bound_of_75(diff):
    (change,) = [change for change in diff.changes if change.path == "/criteria/inclusion/0"]
    assert change.details == ["age min operator > → >=", "age max added: 75 years"]


def test_metastases_limited_to_5_lesions_and_3_organs_and_resectability_dropped(diff):
    summary = summary_of(diff, "/criteria/inclusion/3")
    assert "Distant metastasis lesions: at most 5 added" in summary
    assert "metastatic organ: at most 3 added" in summary
    assert '"resectable by MDT evaluation."' in summary


def test_cohorts_a_and_b_added(diff):
    assert summary_of(diff, "/criteria/cohorts") == "cohorts A/B added"


def test_unchanged_items_rendered_from_html_are_not_reported(diff):
    texts = {change.new for change in diff.changes if isinstance(change.new, str)}
    unchanged = ["No prior radiotherapy within 6 month.",
                 "Has an investigator determined life expectancy of at least 24 weeks."]
    assert texts.isdisjoint(unchanged)


def test_changes_md_has_every_group(diff):
    headings = [line for line in to_markdown(diff, title="NCT05628038").splitlines() if line.startswith("## ")]
    assert headings == [
        "## Status & dates",
        "## Identification & sponsor",
        "## Design",
        "## Outcomes",
        "## Sites & contacts",
        "## Eligibility (metadata)",
        "## Criteria — cohorts",
        "## Criteria — inclusion",
        "## Criteria — exclusion",
    ]
