"""parser.diff renderers: one line per change as text, CHANGES.md as Markdown, JSON through the model."""

from parser.diff import diff_trials, to_markdown, to_text
from parser.models import Age, DateStruct, Eligibility, Trial
from parser.models.diff import TrialDiff

CRITERIA_OLD = ("Inclusion Criteria:\n\n* ECOG 0-1.\n* Platelet count ≥ 100 × 10^9/L.\n"
                "* No prior radiotherapy within 6 months.")
CRITERIA_NEW = ("Inclusion Criteria:\n\n* ECOG 0-1.\n* Platelets must be at least 100×10^9/L.\n"
                "* No prior radiotherapy within 3 months.")
OLD = Trial(
    nct_id="NCT00000001",
    overall_status="NOT_YET_RECRUITING",
    completion_date=DateStruct(date="2025-12-01", type="ESTIMATED"),
    eligibility=Eligibility(criteria_text=CRITERIA_OLD),
)
NEW = Trial(
    nct_id="NCT00000001",
    overall_status="RECRUITING",
    eligibility=Eligibility(maximum_age=Age(value=75, unit="a", text="75 Years"), criteria_text=CRITERIA_NEW),
)


def test_text_has_one_line_per_change():
    diff = diff_trials(OLD, NEW)
    assert to_text(diff).splitlines() == [change.summary for change in diff.changes]


def test_text_of_no_changes_says_so():
    assert to_text(diff_trials(OLD, OLD)) == "no changes\n"


def test_markdown_groups_changes_under_headings_in_order():
    markdown = to_markdown(diff_trials(OLD, NEW), title="NCT00000001")
    headings = [line for line in markdown.splitlines() if line.startswith("#")]
    assert headings == ["# NCT00000001", "## Status & dates", "## Eligibility (metadata)", "## Criteria — inclusion"]


def test_markdown_lists_rewordings_after_changes_of_meaning():
    lines = to_markdown(diff_trials(OLD, NEW), title="t").splitlines()
    criteria = lines[lines.index("## Criteria — inclusion") :]
    assert criteria[2].startswith("- inclusion 3 changed: ") and criteria[2].endswith("window 6 → 3 months")
    assert criteria[4] == "Reworded or moved, same meaning:"
    assert criteria[6].startswith("- inclusion 2 reworded (no change in meaning)")


def test_markdown_of_no_changes_says_so():
    assert to_markdown(diff_trials(OLD, OLD), title="t") == "# t\n\nNo changes.\n"


def test_json_carries_has_changes_and_reads_back_equal():
    diff = diff_trials(OLD, NEW)
    document = diff.model_dump(mode="json")
    assert document["has_changes"] is True
    assert document["changes"][0] == {
        "kind": "field",
        "group": "Status & dates",
        "path": "/overall_status",
        "op": "replace",
        "from_path": None,
        "old": "NOT_YET_RECRUITING",
        "new": "RECRUITING",
        "summary": "status: Not yet recruiting → Recruiting",
        "meaning_changed": True,
        "details": [],
    }
    assert TrialDiff.model_validate_json(diff.model_dump_json()) == diff
