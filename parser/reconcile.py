"""One view of a trial from ClinicalTrials.gov and ClinConnect.

CT.gov is the registry of record, so its values win; ClinConnect adds what only it has (its
plain-language summary, its "current as of" date) and fills in when the CT.gov record is missing.
Where both state a headline field differently the merge says so (`disagreements`) rather than
hiding it: a page lagging behind the registry is exactly what a tracker must surface.
"""

import re
from collections.abc import Callable
from typing import Any

from parser.models.trial import Disagreement, ListingPage, MergedTrial, Source, Trial
from parser.text import normalize_space, split_criteria, unescape_markdown

# ClinConnect shows CT.gov's status labels; the API uses the enum names.
_STATUS_LABELS = {
    "not yet recruiting": "NOT_YET_RECRUITING",
    "recruiting": "RECRUITING",
    "enrolling by invitation": "ENROLLING_BY_INVITATION",
    "active, not recruiting": "ACTIVE_NOT_RECRUITING",
    "suspended": "SUSPENDED",
    "terminated": "TERMINATED",
    "completed": "COMPLETED",
    "withdrawn": "WITHDRAWN",
    "unknown status": "UNKNOWN",
    "unknown": "UNKNOWN",
    "available": "AVAILABLE",
    "no longer available": "NO_LONGER_AVAILABLE",
    "temporarily not available": "TEMPORARILY_NOT_AVAILABLE",
    "approved for marketing": "APPROVED_FOR_MARKETING",
    "withheld": "WITHHELD",
}
_LIST_MARKER = re.compile(r"^\s*(?:[*•◦▪\-]|\d+[.)])\s+")


def _text_key(text: str) -> str:
    return normalize_space(text).casefold()


def _criteria_key(text: str) -> dict[str, str]:
    """Criteria reduced to what they say per group: list markers, line wrapping, spacing and case dropped."""
    lines = [_LIST_MARKER.sub("", line) for line in text.splitlines()]
    return {group: _text_key(" ".join(items)) for group, items in split_criteria(lines).items()}


def status_from_label(label: str) -> str:
    """ClinConnect's "Recruiting" → the API's "RECRUITING"; an unknown label is kept as shown."""
    return _STATUS_LABELS.get(normalize_space(label).lower(), label)


def criteria_from_page(page: ListingPage) -> str | None:
    """The page's bullets as CT.gov-style plain text (escapes removed), as `Trial.eligibility.criteria_text` is."""
    groups = [
        (None, page.unlabelled_criteria),
        ("Inclusion Criteria:", page.inclusion),
        ("Exclusion Criteria:", page.exclusion),
    ]
    blocks = [
        "\n\n".join(filter(None, [header, "\n".join(f"* {unescape_markdown(item)}" for item in items)]))
        for header, items in groups
        if items
    ]
    return "\n\n".join(blocks) or None


# Headline fields both sources state: (field, CT.gov value, ClinConnect value in CT.gov's terms, comparison key).
_HEADLINE_FIELDS: tuple[
    tuple[str, Callable[[Trial], str | None], Callable[[ListingPage], str | None], Callable[[str], object]], ...
] = (
    ("title", lambda trial: trial.brief_title, lambda page: page.title, _text_key),
    ("sponsor", lambda trial: trial.sponsor.name if trial.sponsor else None, lambda page: page.sponsor, _text_key),
    ("overall_status", lambda trial: trial.overall_status, lambda page: status_from_label(page.status), str),
    ("criteria_text", lambda trial: trial.eligibility.criteria_text, criteria_from_page, _criteria_key),
)


def reconcile(trial: Trial | None, page: ListingPage | None) -> MergedTrial:
    """Merge a CT.gov record and a ClinConnect page of the same trial; either may be missing.

    Raises ValueError when both are missing or they describe different trials: that is a caller's
    mistake, not a property of the data.
    """
    either = trial or page
    if either is None:
        raise ValueError("reconcile needs a CT.gov record, a ClinConnect page, or both")
    if trial and page and trial.nct_id != page.nct_id:
        raise ValueError(f"cannot reconcile {trial.nct_id} with the ClinConnect page of {page.nct_id}")
    fields: dict[str, Any] = {}
    sources: dict[str, Source] = {}
    disagreements: list[Disagreement] = []
    for field, from_trial, from_page, key in _HEADLINE_FIELDS:
        ctgov = from_trial(trial) if trial else None
        clinconnect = from_page(page) if page else None
        if ctgov is not None:
            fields[field], sources[field] = ctgov, "ctgov"
        elif clinconnect is not None:
            fields[field], sources[field] = clinconnect, "clinconnect"
        if ctgov is not None and clinconnect is not None and key(ctgov) != key(clinconnect):
            disagreements.append(Disagreement(field=field, ctgov=ctgov, clinconnect=clinconnect))
    for field in ("summary", "current_as_of"):
        value = getattr(page, field) if page else None
        if value is not None:
            fields[field], sources[field] = value, "clinconnect"
    return MergedTrial(
        nct_id=either.nct_id,
        trial=trial,
        sources=sources,
        disagreements=disagreements,
        **fields,
    )
