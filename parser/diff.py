"""Semantic diff of two versions of one trial: what changed, in words a clinician reads at a glance.

Pure: two `Trial`s (and optionally their parsed `Criteria`) in, a `TrialDiff` out. Metadata is compared
field by field from one table of specs, so adding a field is one line. Criteria are aligned item by item
(exact after normalisation, then fuzzy, including one item split in two or two merged in one), and inside
each aligned pair the expression trees are compared atom by atom, so a threshold moved from 100 to 75 is
reported as that, and a rewording with the same structure is reported as a rewording, not as a change.

Text is compared after normalisation (markdown escapes, HTML entities already rendered by the parsers,
`10^9` vs `10<sup>9</sup>` flattened to `109`, case, whitespace, trailing punctuation): the same record
fetched from API v2 (markdown) and from the history endpoints (HTML) must show no change.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from pydantic import BaseModel

from parser.errors import TrialwatchError
from parser.models.criteria import AllOf, AnyOf, Comparison, Concept, Criteria, Criterion, Expr, Not
from parser.models.diff import Change, ChangeOp, TrialDiff
from parser.models.trial import Age, DateStruct, Enrollment, Location, Sponsor, Trial
from parser.text import normalize_space, unescape_markdown

MATCH_THRESHOLD = 0.5
"""Least similarity (0-1) for two criteria to count as one item reworded rather than one removed, one added.

Unrelated criteria of one record score 0.1-0.4 (shared words like "patients", "within"); a rewrite that keeps
the item's subject ("Distant metastasis lesions are resectable …" → "… are no more than 5 …") scores above 0.5."""

LONG_TEXT = 120
"""Values longer than this are named, not quoted, in a summary line (the full text is in `old`/`new`)."""

_RENDERING_MARKS = re.compile(r"[\^*_`]")  # 10^9 (markdown) vs 109 (HTML <sup> flattened), emphasis marks
_COHORT = re.compile(r"\b(?i:cohort)\s+([A-Z0-9]{1,3})\b")  # "Cohort A", "cohort 2"; not "cohort of"
_ENUM = re.compile(r"[A-Z][A-Z0-9_]*")
_HUMAN = {  # registry enum values whose plain capitalisation would read wrong
    "NA": "N/A",
    "EARLY_PHASE1": "Early phase 1",
    "PHASE1": "Phase 1",
    "PHASE2": "Phase 2",
    "PHASE3": "Phase 3",
    "PHASE4": "Phase 4",
    "NON_RANDOMIZED": "Non-randomized",
}
_ENUM_FIELDS = frozenset({"status", "type", "role", "agency_class"})  # item fields holding registry enums
_UNIT_WORDS = {  # UCUM code -> (singular, plural) as a reader says it; "1" (a count or score) says nothing
    "a": ("year", "years"),
    "mo": ("month", "months"),
    "wk": ("week", "weeks"),
    "d": ("day", "days"),
    "h": ("hour", "hours"),
    "min": ("minute", "minutes"),
    "1": ("", ""),
}
_BOUND = {">": "min", ">=": "min", "<": "max", "<=": "max", "==": "eq"}
_OP_WORDS = {"<": "below", "<=": "at most", ">": "above", ">=": "at least", "==": "exactly"}
_REWORDED = {True: " (no change in meaning)", False: " (check meaning: not fully structured)"}  # by full coverage
_FRAGMENT = {"replace": '"{was}" → "{now}"', "delete": 'removed "{was}"', "insert": 'added "{now}"'}
_NAMED_BOUNDS = frozenset({"age"})  # measures whose limits readers call "min"/"max", as the registry's age fields do

STATUS, IDENTIFICATION, DESIGN, OUTCOMES, SITES, ELIGIBILITY = (
    "Status & dates",
    "Identification & sponsor",
    "Design",
    "Outcomes",
    "Sites & contacts",
    "Eligibility (metadata)",
)
COHORTS = "Criteria — cohorts"
SECTIONS = ("inclusion", "exclusion")


class MismatchedTrials(TrialwatchError, ValueError):
    """Two versions given to `diff_trials` are records of different trials."""


# ---------------------------------------------------------------- text and value display


def normalize(text: str) -> str:
    """The form two texts are compared in: what only rendering, case or spacing changed compares equal."""
    text = unicodedata.normalize("NFKC", unescape_markdown(text))
    return normalize_space(_RENDERING_MARKS.sub("", text)).casefold().rstrip(" .;,:")


def _human(value: str) -> str:
    """A registry enum as people write it: "NOT_YET_RECRUITING" -> "Not yet recruiting"."""
    if value in _HUMAN:
        return _HUMAN[value]
    return value.replace("_", " ").capitalize() if _ENUM.fullmatch(value) else value


def _number(value: float) -> str:
    return f"{value:g}"


def _quantity(value: float, unit: str, relative_to: str | None = None) -> str:
    if relative_to:
        return f"{_number(value)} × {relative_to}"
    singular, plural = _UNIT_WORDS.get(unit, (unit, unit))
    word = singular if value == 1 else plural
    return f"{_number(value)} {word}".rstrip()


def _shift(old: tuple[float, str], new: tuple[float, str], relative_to: str | None = None) -> str:
    """`6 → 3 months`, the unit said once when it did not change."""
    if old[1] == new[1]:
        return f"{_number(old[0])} → {_quantity(*new, relative_to)}"
    return f"{_quantity(*old, relative_to)} → {_quantity(*new, relative_to)}"


def _date(value: DateStruct) -> str:
    return f"{value.date} ({value.type.lower()})" if value.type else value.date


def _enrollment(value: Enrollment) -> str:
    count = "unknown" if value.count is None else str(value.count)
    return f"{count} ({value.type.lower()})" if value.type else count


def _age(value: Age) -> str:
    return _quantity(value.value, value.unit)


def _sponsor(value: Sponsor) -> str:
    return f"{value.name} ({_human(value.agency_class)})" if value.agency_class else value.name


def _yes_no(value: bool) -> str:
    return "Yes" if value else "No"


def _enums(values: Sequence[str]) -> str:
    return ", ".join(_human(value) for value in values)


def _item_value(field: str, value: Any) -> str:
    """An item's sub-field for a summary line (a site's status, an official's role)."""
    if isinstance(value, list):
        return ", ".join(_item_value(field, item) for item in value)
    if isinstance(value, str) and field in _ENUM_FIELDS:
        return _human(value)
    return str(value)


def _canon(value: Any) -> Any:
    """A value reduced to what matters for equality: text normalised, models as plain data."""
    if isinstance(value, BaseModel):
        value = value.model_dump()
    if isinstance(value, dict):
        return {key: _canon(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_canon(item) for item in value]
    return normalize(value) if isinstance(value, str) else value


def _absent(value: Any) -> bool:
    return value is None or value == [] or value == ""


def _json(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True)
    if isinstance(value, list):
        return [_json(item) for item in value]
    return value


def _summary(label: str, old: str | None, new: str | None) -> str:
    """`label: old → new`, `label added: new`, `label: old → removed`; long values named, not quoted."""
    if max(len(old or ""), len(new or "")) > LONG_TEXT:
        return f"{label} {'added' if old is None else 'removed' if new is None else 'changed'}"
    if old is None:
        return f"{label} added: {new}"
    if new is None:
        return f"{label}: {old} → removed"
    return f"{label}: {old} → {new}"


def _at(trial: Trial, path: str) -> Any:
    """Read a JSON Pointer (`/design/enrollment`) off a trial: the path is both address and getter."""
    value: Any = trial
    for part in path.strip("/").split("/"):
        value = getattr(value, part)
    return value


def _op(old: Any, new: Any) -> ChangeOp:
    return "add" if _absent(old) else "remove" if _absent(new) else "replace"


# ---------------------------------------------------------------- metadata specs


@dataclass(frozen=True)
class _Field:
    """A single-valued field: reported as added, removed or replaced."""

    path: str
    label: str
    group: str
    show: Callable[[Any], str] = str
    quantity: Callable[[Any], tuple[float, str]] | None = None  # says "18 → 20 years", unit once

    def changes(self, old: Trial, new: Trial) -> Iterator[Change]:
        before, after = _at(old, self.path), _at(new, self.path)
        if _canon(before) == _canon(after):
            return
        shown = [None if _absent(value) else self.show(value) for value in (before, after)]
        if self.quantity and not any(_absent(value) for value in (before, after)):
            summary = f"{self.label} {_shift(self.quantity(before), self.quantity(after))}"
        else:
            summary = _summary(self.label, *shown)
        yield Change(
            kind="field",
            group=self.group,
            path=self.path,
            op=_op(before, after),
            old=_json(before),
            new=_json(after),
            summary=summary,
        )


@dataclass(frozen=True)
class _Collection:
    """A list of items matched by key: items added or removed, matched items changed field by field.

    `pair_leftovers` pairs unmatched items by position as replacements: right for outcomes (the primary
    outcome was replaced), wrong for interventions (Oxaliplatin did not become 5FU).
    """

    path: str
    label: str
    group: str
    key: Callable[[Any], Any]
    show: Callable[[Any], str] = str
    pair_leftovers: bool = False

    def changes(self, old: Trial, new: Trial) -> Iterator[Change]:
        before, after = _at(old, self.path), _at(new, self.path)
        pairs, removed, added = _match_by_key(before, after, lambda item: _canon(self.key(item)))
        if self.pair_leftovers:
            pairs += list(zip(removed, added))
            cut = min(len(removed), len(added))
            removed, added = removed[cut:], added[cut:]
        for i, j in sorted(pairs, key=lambda pair: pair[1]):
            yield from self._changed(i, before[i], j, after[j])
        for i in removed:
            summary = f"{self.label} removed: {self.show(before[i])}"
            yield self._change("remove", f"{self.path}/{i}", before[i], None, summary)
        for j in added:
            yield self._change("add", f"{self.path}/{j}", None, after[j], f"{self.label} added: {self.show(after[j])}")

    def _changed(self, i: int, before: Any, j: int, after: Any) -> Iterator[Change]:
        if _canon(before) == _canon(after):
            return
        if _canon(self.key(before)) != _canon(self.key(after)) or not isinstance(after, BaseModel):
            summary = _summary(self.label, self.show(before), self.show(after))
            yield self._change("replace", f"{self.path}/{j}", before, after, summary)
            return
        for field in type(after).model_fields:
            was, now = getattr(before, field), getattr(after, field)
            if _canon(was) != _canon(now):
                label = f"{self.label} {self.show(after)}: {field.replace('_', ' ')}"
                shown = [None if _absent(value) else _item_value(field, value) for value in (was, now)]
                yield self._change(_op(was, now), f"{self.path}/{j}/{field}", was, now, _summary(label, *shown))

    def _change(self, op: ChangeOp, path: str, old: Any, new: Any, summary: str) -> Change:
        return Change(kind="field", group=self.group, path=path, op=op, old=_json(old), new=_json(new), summary=summary)


def _match_by_key(
    before: Sequence[Any], after: Sequence[Any], key: Callable[[Any], Any]
) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Pair equal keys in order (duplicates pair first with first); return pairs and the unmatched of each side."""
    waiting: dict[str, list[int]] = defaultdict(list)
    for j, item in enumerate(after):
        waiting[repr(key(item))].append(j)
    pairs, removed = [], []
    for i, item in enumerate(before):
        queue = waiting.get(repr(key(item)))
        if queue:
            pairs.append((i, queue.pop(0)))
        else:
            removed.append(i)
    matched = {j for _, j in pairs}
    return pairs, removed, [j for j in range(len(after)) if j not in matched]


def _place(location: Location) -> str:
    return ", ".join(part for part in (location.facility, location.city, location.state, location.country) if part)


def _outcomes(path: str, label: str) -> _Collection:
    measure: Callable[[Any], str] = lambda outcome: outcome.measure
    return _Collection(path, label, OUTCOMES, key=measure, show=measure, pair_leftovers=True)


_SPECS: tuple[_Field | _Collection, ...] = (
    _Field("/overall_status", "status", STATUS, _human),
    _Field("/why_stopped", "why stopped", STATUS),
    _Field("/start_date", "start date", STATUS, _date),
    _Field("/primary_completion_date", "primary completion date", STATUS, _date),
    _Field("/completion_date", "completion date", STATUS, _date),
    _Field("/first_submitted", "first submitted", STATUS, _date),
    _Field("/first_posted", "first posted", STATUS, _date),
    _Field("/last_update_submitted", "last update submitted", STATUS, _date),
    _Field("/last_update_posted", "last update posted", STATUS, _date),
    _Field("/status_verified", "status verified", STATUS, _date),
    _Field("/acronym", "acronym", IDENTIFICATION),
    _Field("/org_study_id", "org study id", IDENTIFICATION),
    _Collection("/secondary_ids", "secondary id", IDENTIFICATION, key=lambda item: item.id, show=lambda item: item.id),
    _Field("/brief_title", "brief title", IDENTIFICATION),
    _Field("/official_title", "official title", IDENTIFICATION),
    _Field("/sponsor", "lead sponsor", IDENTIFICATION, _sponsor),
    _Collection("/collaborators", "collaborator", IDENTIFICATION, key=lambda item: item.name, show=_sponsor),
    _Field("/brief_summary", "brief summary", IDENTIFICATION),
    _Field("/detailed_description", "detailed description", IDENTIFICATION),
    _Field("/study_type", "study type", DESIGN, _human),
    _Field("/phases", "phases", DESIGN, _enums),
    _Field("/design/allocation", "allocation", DESIGN, _human),
    _Field("/design/intervention_model", "intervention model", DESIGN, _human),
    _Field("/design/masking", "masking", DESIGN, _human),
    _Field("/design/primary_purpose", "primary purpose", DESIGN, _human),
    _Field("/design/enrollment", "enrollment", DESIGN, _enrollment),
    _Collection("/conditions", "condition", DESIGN, key=str),
    _Collection("/keywords", "keyword", DESIGN, key=str),
    _Collection("/arms", "arm", DESIGN, key=lambda item: item.label, show=lambda item: item.label),
    _Collection(
        "/interventions",
        "intervention",
        DESIGN,
        key=lambda item: item.name,
        show=lambda item: f"{item.name} ({_human(item.type)})" if item.type else item.name,
    ),
    _outcomes("/primary_outcomes", "primary outcome"),
    _outcomes("/secondary_outcomes", "secondary outcome"),
    _Collection("/locations", "site", SITES, key=_place, show=_place),
    _Collection(
        "/central_contacts",
        "contact",
        SITES,
        key=lambda item: item.name or item.email or item.phone,
        show=lambda item: item.name or item.email or item.phone or "unnamed",
    ),
    _Collection(
        "/officials",
        "official",
        SITES,
        key=lambda item: item.name,
        show=lambda item: f"{item.name} ({_human(item.role)})" if item.role else item.name,
    ),
    _Field("/eligibility/sex", "sex", ELIGIBILITY, _human),
    _Field("/eligibility/minimum_age", "age min", ELIGIBILITY, _age, quantity=lambda age: (age.value, age.unit)),
    _Field("/eligibility/maximum_age", "age max", ELIGIBILITY, _age, quantity=lambda age: (age.value, age.unit)),
    _Field("/eligibility/healthy_volunteers", "healthy volunteers", ELIGIBILITY, _yes_no),
    _Field("/eligibility/std_ages", "age groups", ELIGIBILITY, _enums),
)


# ---------------------------------------------------------------- criteria: atoms and their changes


@dataclass(frozen=True)
class _Atom:
    """One comparison or concept of an expression, keyed by what it is about (not by its value)."""

    key: tuple[Any, ...]
    label: str
    node: Comparison | Concept
    negated: bool


def _describe(expr: Expr) -> str:
    """A condition in a few words, to tell "PLT (if liver metastasis)" from "PLT (if no liver metastasis)"."""
    match expr:
        case AllOf(all=items):
            return " and ".join(_describe(item) for item in items)
        case AnyOf(any=items):
            return " or ".join(_describe(item) for item in items)
        case Not(not_=inner):
            return f"no {_describe(inner)}"
        case Comparison():
            return f"{expr.measure} {expr.op} {_quantity(expr.value, expr.unit, expr.relative_to)}"
        case Concept():
            return f"no {expr.concept}" if expr.negated else expr.concept
    raise TypeError(f"not an expression: {type(expr).__name__}")


def _atoms(expr: Expr | None, negated: bool = False) -> list[_Atom]:
    match expr:
        case None:
            return []
        case AllOf(all=items) | AnyOf(any=items):
            return [atom for item in items for atom in _atoms(item, negated)]
        case Not(not_=inner):
            return _atoms(inner, not negated)
        case Comparison():
            measure = expr.loinc or normalize(expr.measure)
            bound = _BOUND[expr.op]
            when = normalize(_describe(expr.when)) if expr.when else None
            label = ("not " if negated else "") + expr.measure
            label += f" {bound}" if normalize(expr.measure) in _NAMED_BOUNDS else ""
            label += f" (if {_describe(expr.when)})" if expr.when else ""
            return [_Atom(("comparison", measure, bound, expr.relative_to, when, negated), label, expr, negated)]
        case Concept():
            return [_Atom(("concept", normalize(expr.concept)), expr.concept, expr, negated != expr.negated)]
    raise TypeError(f"not an expression: {type(expr).__name__}")


def _skeleton(expr: Expr | None) -> str:
    """The expression's logic with values left out: tells "A and B" from "A or B" over the same atoms."""
    match expr:
        case None:
            return ""
        case AllOf(all=items):
            return "all(" + ",".join(sorted(_skeleton(item) for item in items)) + ")"
        case AnyOf(any=items):
            return "any(" + ",".join(sorted(_skeleton(item) for item in items)) + ")"
        case Not(not_=inner):
            return f"not({_skeleton(inner)})"
    return repr(_atoms(expr)[0].key)


def _same_threshold(old: Comparison, new: Comparison) -> bool:
    """Equal as written, or restated in another unit with the same canonical value (9 g/dL == 90 g/L)."""
    if (old.value, old.unit) == (new.value, new.unit):
        return True
    if old.canonical is None or new.canonical is None:
        return False
    return old.canonical.unit == new.canonical.unit and abs(old.canonical.value - new.canonical.value) < 1e-9


def _bound_phrase(atom: _Atom) -> str:
    node = atom.node
    assert isinstance(node, Comparison)
    amount = _quantity(node.value, node.unit, node.relative_to)
    named = normalize(node.measure) in _NAMED_BOUNDS and node.op in {"<=", ">="}  # "age max: 75", not "at most 75"
    return amount if named else f"{_OP_WORDS[node.op]} {amount}"


def _presence(atom: _Atom, verb: str) -> str:
    """"age max added: 75 years", "metastatic lesions: at most 5 added", "no prior radiotherapy removed"."""
    if isinstance(atom.node, Concept):
        return f"{'no ' if atom.negated else ''}{atom.label} {verb}"
    if normalize(atom.node.measure) in _NAMED_BOUNDS:
        return f"{atom.label} {verb}: {_bound_phrase(atom)}"
    return f"{atom.label}: {_bound_phrase(atom)} {verb}"


def _comparison_changes(label: str, old: Comparison, new: Comparison) -> list[str]:
    phrases = [f"{label} operator {old.op} → {new.op}"] if old.op != new.op else []
    if not _same_threshold(old, new):
        phrases.append(f"{label} threshold {_shift((old.value, old.unit), (new.value, new.unit), new.relative_to)}")
    return phrases


def _concept_changes(old: _Atom, new: _Atom) -> list[str]:
    phrases = [f"{new.label}: negation {'added' if new.negated else 'removed'}"] if old.negated != new.negated else []
    before, after = old.node.within, new.node.within  # type: ignore[union-attr]
    label = f"{new.label} window"
    if before and after:
        if before.op != after.op:
            phrases.append(f"{label} operator {before.op} → {after.op}")
        if (before.value, before.unit) != (after.value, after.unit):
            phrases.append(f"{label} {_shift((before.value, before.unit), (after.value, after.unit))}")
    elif (window := after or before) is not None:
        phrases.append(f"{label} {'added' if after else 'removed'}: within {_quantity(window.value, window.unit)}")
    return phrases


def _expr_changes(old: Expr | None, new: Expr | None) -> list[str]:
    """What changed in meaning between two expressions, one phrase per atom changed, added or removed."""
    before, after = _atoms(old), _atoms(new)
    pairs, removed, added = _match_by_key(before, after, lambda atom: atom.key)
    phrases: list[str] = []
    for i, j in pairs:
        was, now = before[i], after[j]
        if isinstance(now.node, Comparison):
            phrases += _comparison_changes(now.label, was.node, now.node)  # type: ignore[arg-type]
        else:
            phrases += _concept_changes(was, now)
    phrases += [_presence(before[i], "removed") for i in removed]
    phrases += [_presence(after[j], "added") for j in added]
    if not phrases and _skeleton(old) != _skeleton(new):
        phrases.append("logic changed (and/or/not)")
    return phrases


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


# ---------------------------------------------------------------- criteria: alignment


@dataclass(frozen=True)
class _Aligned:
    """Old items ↔ new items: 1↔1 (same, moved or reworded), 1↔2 (split), 2↔1 (merged), 0↔1, 1↔0."""

    old: tuple[int, ...]
    new: tuple[int, ...]
    exact: bool = False


def _subjects(items: Sequence[Criterion]) -> set[tuple[Any, ...]]:
    return {atom.key[:2] for item in items for atom in _atoms(item.expr)}


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
    exact, free_old, free_new = _match_by_key(old, new, lambda item: normalize(item.text))
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

    details = _expr_changes(_joined(before), _joined(after))
    if len(before) == len(after) == 1 and before[0].cohort != after[0].cohort:
        details.append(_summary("cohort", before[0].cohort, after[0].cohort))
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


def _criteria_changes(
    old: Trial, new: Trial, old_criteria: Criteria | None, new_criteria: Criteria | None
) -> list[Change]:
    texts = old.eligibility.criteria_text, new.eligibility.criteria_text
    if old_criteria is None and new_criteria is None and _canon(texts[0]) == _canon(texts[1]):
        return []  # same text: nothing to parse, nothing changed
    before, after = (
        {section: getattr(criteria, section) if criteria else [] for section in SECTIONS}
        for criteria in (_criteria_of(old, old_criteria), _criteria_of(new, new_criteria))
    )
    changes = _cohort_changes(before, after)
    for section in SECTIONS:
        changes += _section_changes(section, before[section], after[section])
    return changes


# ---------------------------------------------------------------- public API


def diff_trials(
    old: Trial, new: Trial, *, old_criteria: Criteria | None = None, new_criteria: Criteria | None = None
) -> TrialDiff:
    """Everything that changed from `old` to `new`, metadata first, then criteria item by item.

    Criteria are parsed from `eligibility.criteria_text` unless given (a caller that stored them parsed
    passes them in and saves the parse). Raises `MismatchedTrials` when the two are different trials.
    """
    if old.nct_id != new.nct_id:
        raise MismatchedTrials(f"cannot diff {old.nct_id} against {new.nct_id}: not the same trial")
    changes = [change for spec in _SPECS for change in spec.changes(old, new)]
    changes += _criteria_changes(old, new, old_criteria, new_criteria)
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
