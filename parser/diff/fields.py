"""Metadata of two versions compared field by field, from one table of specs: adding a field is one line.

A single-valued field is added, removed or replaced ("status: Not yet recruiting → Recruiting"); a list is matched
item by item by a key (sites by place, outcomes by measure), and a matched item's changed sub-fields are reported.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from parser.diff.wording import amount, canon, match_by_key, same, shift, summary_line
from parser.models.diff import Change, ChangeOp
from parser.models.trial import Age, DateStruct, Enrollment, Location, Outcome, Sponsor, Trial

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

STATUS, IDENTIFICATION, DESIGN, OUTCOMES, SITES, ELIGIBILITY = (
    "Status & dates",
    "Identification & sponsor",
    "Design",
    "Outcomes",
    "Sites & contacts",
    "Eligibility (metadata)",
)


def _human(value: str) -> str:
    """A registry enum as people write it: "NOT_YET_RECRUITING" -> "Not yet recruiting"."""
    if value in _HUMAN:
        return _HUMAN[value]
    return value.replace("_", " ").capitalize() if _ENUM.fullmatch(value) else value



def _date(value: DateStruct) -> str:
    return f"{value.date} ({value.type.lower()})" if value.type else value.date


def _enrollment(value: Enrollment) -> str:
    count = "unknown" if value.count is None else str(value.count)
    return f"{count} ({value.type.lower()})" if value.type else count


def _age(value: Age) -> str:
    return amount(value.value, value.unit)


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



def _absent(value: Any) -> bool:
    return value is None or value == [] or value == ""


def _json(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True)
    if isinstance(value, list):
        return [_json(item) for item in value]
    return value



def _at(trial: Trial, path: str) -> Any:
    """Read a JSON Pointer (`/design/enrollment`) off a trial: the path is both address and getter."""
    value: Any = trial
    for part in path.strip("/").split("/"):
        value = getattr(value, part)
    return value


def _op(old: Any, new: Any) -> ChangeOp:
    return "add" if _absent(old) else "remove" if _absent(new) else "replace"



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
        if same(before, after):
            return
        shown = [None if _absent(value) else self.show(value) for value in (before, after)]
        if self.quantity and not any(_absent(value) for value in (before, after)):
            summary = f"{self.label} {shift(self.quantity(before), self.quantity(after))}"
        else:
            summary = summary_line(self.label, *shown)
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
        if before == after:  # nothing added, removed or changed: no need to pair the items to know it
            return
        pairs, removed, added = match_by_key(before, after, lambda item: canon(self.key(item)))
        if self.pair_leftovers:
            pairs += list(zip(removed, added, strict=False))  # as many pairs as the shorter side; the rest stays
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
        if same(before, after):
            return
        if canon(self.key(before)) != canon(self.key(after)) or not isinstance(after, BaseModel):
            summary = summary_line(self.label, self.show(before), self.show(after))
            yield self._change("replace", f"{self.path}/{j}", before, after, summary)
            return
        for field in type(after).model_fields:
            was, now = getattr(before, field), getattr(after, field)
            if not same(was, now):
                label = f"{self.label} {self.show(after)}: {field.replace('_', ' ')}"
                shown = [None if _absent(value) else _item_value(field, value) for value in (was, now)]
                yield self._change(_op(was, now), f"{self.path}/{j}/{field}", was, now, summary_line(label, *shown))

    def _change(self, op: ChangeOp, path: str, old: Any, new: Any, summary: str) -> Change:
        return Change(kind="field", group=self.group, path=path, op=op, old=_json(old), new=_json(new), summary=summary)




def _place(location: Location) -> str:
    return ", ".join(part for part in (location.facility, location.city, location.state, location.country) if part)


def _measure(outcome: Outcome) -> str:
    return outcome.measure


def _outcomes(path: str, label: str) -> _Collection:
    return _Collection(path, label, OUTCOMES, key=_measure, show=_measure, pair_leftovers=True)


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


def field_changes(old: Trial, new: Trial) -> list[Change]:
    """Every metadata change from `old` to `new`, in the order of the specs (status first, eligibility last)."""
    return [change for spec in _SPECS for change in spec.changes(old, new)]


__all__ = ["field_changes"]
