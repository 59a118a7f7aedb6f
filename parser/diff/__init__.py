"""Semantic diff of two versions of one trial: what changed, in words a clinician reads at a glance.

Pure: two `Trial`s (and optionally their parsed `Criteria`) in, a `TrialDiff` out. One module a job:
`fields` compares metadata field by field from one table of specs; `criteria` aligns criteria item by item
(exact after normalisation, then fuzzy, including one item split in two or two merged in one); `expressions`
compares the expression trees of each aligned pair atom by atom, so a threshold moved from 100 to 75 is reported
as that, and a rewording with the same structure as a rewording, not as a change; `wording` holds what they
share (the normal form texts are compared in, quantities in words, summary lines, pairing by key).
"""

from __future__ import annotations

from parser.diff.criteria import MATCH_THRESHOLD, criteria_changes
from parser.diff.fields import field_changes
from parser.diff.wording import normalize
from parser.errors import TrialwatchError
from parser.models.criteria import Criteria
from parser.models.diff import Change, TrialDiff
from parser.models.trial import Trial


class MismatchedTrials(TrialwatchError, ValueError):
    """Two versions given to `diff_trials` are records of different trials."""



def diff_trials(
    old: Trial, new: Trial, *, old_criteria: Criteria | None = None, new_criteria: Criteria | None = None
) -> TrialDiff:
    """Everything that changed from `old` to `new`, metadata first, then criteria item by item.

    Criteria are parsed from `eligibility.criteria_text` unless given (a caller that stored them parsed
    passes them in and saves the parse). Raises `MismatchedTrials` when the two are different trials.
    """
    if old.nct_id != new.nct_id:
        raise MismatchedTrials(f"cannot diff {old.nct_id} against {new.nct_id}: not the same trial")
    changes = field_changes(old, new)
    changes += criteria_changes(old, new, old_criteria, new_criteria)
    return TrialDiff(nct_id=new.nct_id, changes=changes)


def to_text(diff: TrialDiff) -> str:
    """One line per change, for a terminal or a log; "no changes" when there are none."""
    return "\n".join(change.summary for change in diff.changes) + "\n" if diff.has_changes else "no changes\n"


def to_markdown(diff: TrialDiff, *, title: str) -> str:
    """CHANGES.md: one heading per group, changes of meaning listed before rewordings that keep it."""
    lines = [f"# {title}", ""]
    if not diff.has_changes:
        return "\n".join([*lines, "No changes.", ""])
    groups: dict[str, list[Change]] = {}
    for change in diff.changes:
        groups.setdefault(change.group, []).append(change)
    for group, changes in groups.items():
        lines += [f"## {group}", ""]
        lines += [f"- {change.summary}" for change in changes if change.meaning_changed]
        same = [change for change in changes if not change.meaning_changed]
        if same:
            lines += ["", "Reworded or moved, same meaning:", ""] if len(same) < len(changes) else []
            lines += [f"- {change.summary}" for change in same]
        lines.append("")
    return "\n".join(lines)


__all__ = ["MATCH_THRESHOLD", "MismatchedTrials", "diff_trials", "normalize", "to_markdown", "to_text"]
