"""Patient-to-trials matching: one patient's verdicts on many trials, ranked for the person who reads them.

Pure: verdicts in, an ordered list out. Eligible trials first; then those needing review, fewest open
criteria first (the least work to confirm); then the ineligible ones, which still show why.
"""

from __future__ import annotations

from collections.abc import Iterable

from parser.screen import Verdict

_ORDER = {"eligible": 0, "needs_review": 1, "ineligible": 2}


def open_criteria(verdict: Verdict) -> int:
    """How many criteria a person still has to read: those whose result is unknown."""
    return sum(1 for result in verdict.criteria if result.result == "unknown")


def rank(verdicts: Iterable[Verdict]) -> list[Verdict]:
    """Eligible, then needs_review by fewest unknown criteria, then ineligible; ties by NCT id."""
    return sorted(verdicts, key=lambda v: (_ORDER[v.verdict], open_criteria(v) if v.verdict == "needs_review" else 0,
                                           v.nct_id or ""))


def deciding_reason(verdict: Verdict) -> str:
    """The first deciding criterion's id and reason ("exc-8: SBP 150 mm[Hg] > 140 mm[Hg]"), or ""."""
    if not verdict.deciding:
        return ""
    first = next(result for result in verdict.criteria if result.id == verdict.deciding[0])
    return f"{first.id}: {first.reason}"
