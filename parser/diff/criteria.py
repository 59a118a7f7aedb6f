"""Criteria of two versions aligned item by item, and each aligned group as one change.

Items are aligned exactly after normalisation, then fuzzily (one item reworded, split in two or two merged in
one); inside each aligned group the expressions are compared (`parser.diff.expressions`), so a rewording with the
same structure is reported as a rewording, not as a change.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from parser.diff.expressions import atoms, expr_changes
from parser.diff.wording import canon, match_by_key, normalize, summary_line
from parser.models.criteria import AllOf, Criteria, Criterion, Expr
from parser.models.diff import Change, ChangeOp
from parser.models.trial import Trial

MATCH_THRESHOLD = 0.5
"""Least similarity (0-1) for two criteria to count as one item reworded rather than one removed, one added.

Unrelated criteria of one record score 0.1-0.4 (shared words like "patients", "within"); a rewrite that keeps
the item's subject ("Distant metastasis lesions are resectable …" → "… are no more than 5 …") scores above 0.5."""


_COHORT = re.compile(r"\b(?i:cohort)\s+([A-Z0-9]{1,3})\b")  # "Cohort A", "cohort 2"; not "cohort of"
_REWORDED = {True: " (no change in meaning)", False: " (check meaning: not fully structured)"}  # by full coverage
_FRAGMENT = {"replace": '"{was}" → "{now}"', "delete": 'removed "{was}"', "insert": 'added "{now}"'}

COHORTS = "Criteria — cohorts"
SECTIONS = ("inclusion", "exclusion")


def _fragments(old: str, new: str) -> list[str]:
    """The words that changed: `"resectable by MDT" → "no more than 5"`; a full rewrite quotes both texts."""
    a, b = old.split(), new.split()
    matcher = SequenceMatcher(None, [normalize(word) for word in a], [normalize(word) for word in b], autojunk=False)
    parts = [
        _FRAGMENT[tag].format(was=" ".join(a[i1:i2]), now=" ".join(b[j1:j2]))
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]
    return parts if len(parts) <= 3 else [f'"{old}" → "{new}"']



@dataclass(frozen=True)
class _Aligned:
    """Old items ↔ new items: 1↔1 (same, moved or reworded), 1↔2 (split), 2↔1 (merged), 0↔1, 1↔0."""

    old: tuple[int, ...]
    new: tuple[int, ...]
    exact: bool = False


def _subjects(items: Sequence[Criterion]) -> set[tuple[Any, ...]]:
    return {atom.key[:2] for item in items for atom in atoms(item.expr)}


def _similarity(old: Sequence[Criterion], new: Sequence[Criterion]) -> float:
    """Text similarity, lifted when both sides are about the same measures (an age item rewritten entirely)."""
    a, b = (normalize(" ".join(item.text for item in side)) for side in (old, new))
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    subjects_a, subjects_b = _subjects(old), _subjects(new)
    overlap = len(subjects_a & subjects_b) / len(subjects_a | subjects_b) if subjects_a and subjects_b else 0.0
    for ratio in (matcher.quick_ratio(), matcher.ratio()):  # the cheap upper bound first
        score = max(ratio, (ratio + overlap) / 2)
        if score < MATCH_THRESHOLD:
            return 0.0
    return score


def _align(old: Sequence[Criterion], new: Sequence[Criterion]) -> list[_Aligned]:
    """Exact matches first, then the best-scoring 1↔1, 1↔2 and 2↔1 groupings above the threshold, greedily."""
    exact, free_old, free_new = match_by_key(old, new, lambda item: normalize(item.text))
    groups = [_Aligned((i,), (j,), exact=True) for i, j in exact]
    new_runs = [(j,) for j in free_new] + [(j, j + 1) for j in free_new if j + 1 in free_new]
    old_runs = [(i,) for i in free_old] + [(i, i + 1) for i in free_old if i + 1 in free_old]
    candidates = [
        (score, len(a) + len(b), abs(a[0] - b[0]), a, b)
        for a in old_runs
        for b in new_runs
        if len(a) + len(b) <= 3
        and (score := _similarity([old[i] for i in a], [new[j] for j in b])) >= MATCH_THRESHOLD
    ]
    used_old: set[int] = set()
    used_new: set[int] = set()
    for _, _, _, a, b in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if used_old.isdisjoint(a) and used_new.isdisjoint(b):
            groups.append(_Aligned(a, b))
            used_old.update(a)
            used_new.update(b)
    groups += [_Aligned((i,), ()) for i in free_old if i not in used_old]
    groups += [_Aligned((), (j,)) for j in free_new if j not in used_new]
    return groups


def _in_order(groups: Sequence[_Aligned]) -> set[_Aligned]:
    """The 1↔1 pairs that kept their relative order (a longest increasing run); the others moved."""
    pairs = sorted((g for g in groups if len(g.old) == len(g.new) == 1), key=lambda g: g.old[0])
    best: list[list[_Aligned]] = []
    for group in pairs:
        chain = max((c for c in best if c[-1].new[0] < group.new[0]), key=len, default=[])
        best.append([*chain, group])
    longest: list[_Aligned] = max(best, key=len, default=[])
    return set(longest)


def _one_or_many(texts: list[str]) -> str | list[str] | None:
    """A group's texts as a change shows them: none, the one text, or the list of a split or a merge."""
    return None if not texts else texts[0] if len(texts) == 1 else texts


def _criterion_change(
    section: str, group: _Aligned, old: Sequence[Criterion], new: Sequence[Criterion], kept_order: bool
) -> Change | None:
    """One aligned group as a change, or None when it is the same item in the same place."""
    before, after = [old[i] for i in group.old], [new[j] for j in group.new]
    texts_old, texts_new = [item.text for item in before], [item.text for item in after]
    path = f"/criteria/{section}/{(group.new or group.old)[0]}"
    from_path = f"/criteria/{section}/{group.old[0]}" if group.old and group.new else None
    common: dict[str, Any] = {
        "kind": "criterion",
        "group": f"Criteria — {section}",
        "path": path,
        "from_path": None if from_path == path else from_path,
        "old": _one_or_many(texts_old),
        "new": _one_or_many(texts_new),
    }
    where = _where(section, group)
    if not before:
        return Change(**common, op="add", summary=f'{where} added: "{texts_new[0]}"')
    if not after:
        return Change(**common, op="remove", summary=f'{where} removed: "{texts_old[0]}"')

    details = [] if before == after else expr_changes(_joined(before), _joined(after))  # most items stay as they were
    if len(before) == len(after) == 1 and before[0].cohort != after[0].cohort:
        details.append(summary_line("cohort", before[0].cohort, after[0].cohort))
    if group.exact:
        if not details and kept_order:
            return None
        summary = f"{where} {'changed' if details else 'moved'}: " + "; ".join(details or [f'"{texts_new[0]}"'])
        op: ChangeOp = "replace" if details else "move"
        return Change(**common, op=op, summary=summary, meaning_changed=bool(details), details=details)

    fully_structured = all(item.coverage == "full" for item in (*before, *after))
    verb = "split" if len(after) > 1 else "merged" if len(before) > 1 else "changed" if details else "reworded"
    qualifier = "" if details else _REWORDED[fully_structured]
    fragments = [] if details and fully_structured else _fragments(" ".join(texts_old), " ".join(texts_new))
    summary = f"{where} {verb}{qualifier}: " + "; ".join(details + fragments)
    meaning_changed = bool(details) or not fully_structured
    return Change(**common, op="replace", summary=summary, meaning_changed=meaning_changed, details=details)


def _joined(items: Sequence[Criterion]) -> Expr | None:
    """One expression for one or more items, so a split item compares against the union of its parts."""
    exprs = [item.expr for item in items if item.expr is not None]
    return None if not exprs else exprs[0] if len(exprs) == 1 else AllOf(all=exprs)


def _where(section: str, group: _Aligned) -> str:
    """Numbered as a reader counts: `inclusion 4`, `inclusion 4 (was 5)`, `inclusion 3 and 4 (was 2)`,
    `inclusion (was 5)` for a removed item, whose number only the old version has."""
    new = " and ".join(str(j + 1) for j in group.new)
    old = " and ".join(str(i + 1) for i in group.old)
    was = f" (was {old})" if old and old != new else ""
    return f"{section}{' ' + new if new else ''}{was}"


def _section_changes(section: str, old: list[Criterion], new: list[Criterion]) -> list[Change]:
    """A whole section appearing or disappearing is one change; otherwise one per aligned item."""
    if bool(old) != bool(new):
        verb, count = ("added", len(new)) if new else ("removed", len(old))
        return [
            Change(
                kind="criterion",
                group=f"Criteria — {section}",
                path=f"/criteria/{section}",
                op="add" if new else "remove",
                old=[item.text for item in old] or None,
                new=[item.text for item in new] or None,
                summary=f"{section} criteria {verb}: {count} items",
            )
        ]
    groups = _align(old, new)
    kept = _in_order(groups)
    ordered = sorted(groups, key=lambda g: (g.new[0] if g.new else g.old[0], not g.new))
    changes = (_criterion_change(section, group, old, new, group in kept) for group in ordered)
    return [change for change in changes if change is not None]


def _cohorts(sections: dict[str, list[Criterion]]) -> set[str]:
    items = [item for section in sections.values() for item in section]
    return {label for item in items for text in (item.cohort or "", item.text) for label in _COHORT.findall(text)}


def _cohort_changes(old: dict[str, list[Criterion]], new: dict[str, list[Criterion]]) -> list[Change]:
    before, after = _cohorts(old), _cohorts(new)
    changes = []
    ops: tuple[tuple[ChangeOp, list[str]], ...] = (("add", sorted(after - before)), ("remove", sorted(before - after)))
    for op, labels in ops:
        if labels:
            noun = "cohorts" if len(labels) > 1 else "cohort"
            verb = "added" if op == "add" else "removed"
            side: dict[str, Any] = {"new" if op == "add" else "old": labels}
            changes.append(
                Change(
                    kind="criterion",
                    group=COHORTS,
                    path="/criteria/cohorts",
                    op=op,
                    **side,
                    summary=f"{noun} {'/'.join(labels)} {verb}",
                )
            )
    return changes


def _criteria_of(trial: Trial, given: Criteria | None) -> Criteria | None:
    if given is not None or not trial.eligibility.criteria_text:
        return given
    from parser.criteria import parse_criteria  # lazily: loading the spaCy pipeline takes a second

    return parse_criteria(trial.eligibility.criteria_text, nct_id=trial.nct_id)


def criteria_changes(
    old: Trial, new: Trial, old_criteria: Criteria | None, new_criteria: Criteria | None
) -> list[Change]:
    texts = old.eligibility.criteria_text, new.eligibility.criteria_text
    if old_criteria is None and new_criteria is None and canon(texts[0]) == canon(texts[1]):
        return []  # same text: nothing to parse, nothing changed
    before, after = (
        {section: getattr(criteria, section) if criteria else [] for section in SECTIONS}
        for criteria in (_criteria_of(old, old_criteria), _criteria_of(new, new_criteria))
    )
    changes = _cohort_changes(before, after)
    for section in SECTIONS:
        changes += _section_changes(section, before[section], after[section])
    return changes


__all__ = ["MATCH_THRESHOLD", "criteria_changes"]
