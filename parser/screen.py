"""Screening: a patient's facts against a trial's structured criteria, with a reason for every criterion.

Why it is shaped this way (DESIGN.md, "Screening contract"):
- Kleene logic: a fact the record lacks is unknown, never a silent pass; an `all` is decided by a false
  part and an `any` by a true part, so one decisive fact settles a criterion despite gaps elsewhere.
- Criteria are compiled once (measures resolved, concept terms expanded, windows in days) and each
  patient is indexed once, so `screen_many` spends its time comparing, not looking things up.
- Subgroup thresholds: a comparison with a `when` applies only when its condition holds; an
  unconditioned comparison of the same measure and direction is the default such a condition
  overrides ("TBIL > 1.5 ULN, or > 2.5 ULN with liver metastasis"). A comparison that does not apply
  takes the neutral value of where it sits (false in `any`, true in `all`). When a condition is unknown
  the criterion is evaluated under each assumption, and is known only if the answers agree.
- Freshness: a laboratory concept with a window ("organ function within 7 days") bounds the age of the
  observations its criterion uses; an older or undated one is unknown.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import operator
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from types import MappingProxyType
from itertools import product
from typing import Literal, NamedTuple, Protocol

from pydantic import BaseModel, ConfigDict, ValidationError

from parser.criteria.lexicon import ConceptEntry, concepts, measures_by_key, screening_terms
from parser.criteria.units import IncompatibleUnits, convert
from parser.errors import MalformedCriteria, UnsupportedSchemaVersion
from parser.models.criteria import (
    SCHEMA_VERSION,
    AllOf,
    AnyOf,
    Comparison,
    Concept,
    Coverage,
    Criteria,
    Criterion,
    Expr,
    Not,
    Rest,
)
from parser.models.patient import (
    Flag,
    Patient,
    age_in_years,
    measures_for,
    patient_flags,
    patient_json_schema,
    plausible_range,
    validation_summary,
)


Result = Literal["met", "not_met", "unknown"]
Decision = Literal["eligible", "ineligible", "needs_review"]
Section = Literal["inclusion", "exclusion"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


@dataclass(frozen=True, slots=True)
class CriterionResult:
    """One criterion's result; for an exclusion `met` means the patient has the excluding condition.

    A plain dataclass, not a model: a verdict holds one per criterion and building them is most of the
    cost of screening; pydantic still validates, serialises and documents it as a field of `Verdict`.
    """

    id: str
    section: Section
    result: Result
    reason: str
    computed: bool = False
    coverage: Coverage = "full"


_SET_ID, _SET_SECTION, _SET_RESULT, _SET_REASON, _SET_COMPUTED, _SET_COVERAGE = (
    getattr(CriterionResult, f.name).__set__ for f in dataclasses.fields(CriterionResult))
"""The slots' setters, to build a `CriterionResult` at a third of the frozen `__init__`'s cost (which goes
through `object.__setattr__`): one is built per criterion per patient (`_Rule._result`)."""


class Verdict(_Model):
    """The screening outcome; `deciding` names the criteria that made it ineligible or left it open."""

    nct_id: str | None
    patient_id: str | None = None
    verdict: Decision
    criteria: list[CriterionResult]
    deciding: list[str]
    flags: list[Flag]
    as_of: dt.date | None


_VERDICT_FIELDS = frozenset(Verdict.model_fields)
_set_attribute = object.__setattr__


def _verdict(fields: dict[str, object]) -> Verdict:
    """A `Verdict` of trusted values, as `Verdict.model_construct` makes it, minus its search of each field
    for aliases and defaults (every field is given, none has an alias): one is made per patient."""
    verdict = Verdict.__new__(Verdict)
    _set_attribute(verdict, "__dict__", fields)
    _set_attribute(verdict, "__pydantic_fields_set__", _VERDICT_FIELDS)
    _set_attribute(verdict, "__pydantic_extra__", None)
    _set_attribute(verdict, "__pydantic_private__", None)
    return verdict

Tri = bool | None
Outcome = tuple[Tri, str, bool]
"""(value, one-line reason, whether a value was computed rather than recorded)."""

_RESULT: dict[Tri, Result] = {True: "met", False: "not_met", None: "unknown"}
_YES_NO: dict[Tri, str] = {True: "yes", False: "no", None: "unknown"}
_OPS: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "==": operator.eq,
}
_UPPER_BOUNDS = frozenset({"<", "<="})
_LOWER_BOUNDS = frozenset({">", ">="})
_RESULTS_KEPT = 512
"""Results remembered per criterion for reuse; a bound, as reasons naming values rarely repeat."""
_MAX_UNKNOWN_CONDITIONS = 3
"""Subgroup conditions enumerated when unknown (2**3 evaluations); beyond that a branch is just unknown."""

_STATE_VALUE: dict[str, Callable[[Patient], Tri]] = {
    "pregnant": lambda p: False if p.pregnant is None and p.sex == "male" else p.pregnant,
    "lactating": lambda p: False if p.lactating is None and p.sex == "male" else p.lactating,
    "female": lambda p: None if p.sex is None else p.sex == "female",
    "male": lambda p: None if p.sex is None else p.sex == "male",
}
_SEXES: tuple[object, ...] = ("female", "male")
"""The sexes a subgroup condition on sex is enumerated over when the patient's is unknown."""
_PLURALS = (("ses", "s(?:is|es|e)"), ("is", "(?:is|es)"), ("ss", "ss(?:es)?"), ("s", "(?:s|es)?"), ("", "(?:s|es)?"))
"""Word endings and the forms they match, so "liver metastasis" finds "liver metastases" and back."""
_SOURCES = {"treatment": ("treatments",), "condition": ("conditions",)}
"""Where a concept of a category is looked up; any other category looks in both lists."""


def _num(value: float) -> str:
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else f"{value:.4g}"


def _qty(value: float, unit: str) -> str:
    """A value with its unit, the dimensionless `1` left out ("ECOG 1", not "ECOG 1 1")."""
    number = str(int(value)) if value.is_integer() and abs(value) < 1e15 else f"{value:.4g}"
    return number if unit == "1" else f"{number} {unit}"


def _tidy(value: float) -> float:
    """Drop float noise a unit conversion adds, so 1.5 mg/dL converted and back still equals 1.5."""
    return float(f"{value:.12g}")


# ---------------------------------------------------------------- the patient, indexed once


class _Reading(NamedTuple):
    """A value a comparison may use. A named tuple, as one is made per observation of every patient:
    the index loop builds it with `_new_reading`, a third of a class's `__init__`."""

    label: str
    value: float
    unit: str
    date: dt.date | None
    shown: str
    """How reasons show it ("PLT 90 10*9/L"); made with the reading, as nearly every reading is shown."""
    uln: float | None = None
    lln: float | None = None
    computed: bool = False


_new_reading = tuple.__new__


def _reading(label: str, value: float, unit: str, date: dt.date | None, uln: float | None = None,
             lln: float | None = None, computed: bool = False) -> _Reading:
    """A reading with how reasons show it ("PLT 90 10*9/L", "ECOG 1")."""
    return _Reading(label, value, unit, date, f"{label} {_qty(value, unit)}", uln, lln, computed)


@dataclass(slots=True)
class _Event:
    kind: str
    label: str
    terms: str
    """Its name in lower case, which criteria concepts are searched in."""
    codes: frozenset[str]
    last: dt.date | None
    """The latest day it was present: `as_of` while active or ongoing, None when unknown."""
    active: bool
    problem: str | None


@cache
def _listings() -> dict[str, list[tuple[str, ConceptEntry]]]:
    """Each term of the concept table (lower case) to the rows listing it and how: as the row's
    `concept`, or as one of its `synonyms`, `narrower` or `broader` terms."""
    table: dict[str, list[tuple[str, ConceptEntry]]] = {}
    for entry in concepts():
        for relation, words in (("concept", (entry.concept,)), ("synonyms", entry.synonyms),
                                ("narrower", entry.narrower), ("broader", entry.broader)):
            for word in words:
                table.setdefault(word.lower(), []).append((relation, entry))
    return table


def _lower(*groups: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(word.lower() for group in groups for word in group)


@lru_cache(maxsize=4096)
def _naming_terms(name: str) -> tuple[str, ...]:
    """The terms whose record satisfies a criterion naming `name`: the name itself, and for a concept
    or a synonym of it every synonym and narrower term ("metastasis": "liver metastases" too); for a
    term broader than a concept, also that concept's terms ("system therapy": "chemotherapy" too).
    A narrower term names only itself: "liver metastasis" is not satisfied by "metastasis"."""
    words = [name]
    for relation, entry in _listings().get(name, ()):
        if relation in ("concept", "synonyms"):
            words += _lower((entry.concept,), entry.synonyms, entry.narrower)
        elif relation == "broader":
            words += _lower(entry.broader, (entry.concept,), entry.synonyms, entry.narrower)
    return tuple(dict.fromkeys(words))


_LISTED = re.compile(r"\s*(?:,\s*(?:or\s+|and/or\s+)?|\bor\b|\band/or\b)\s*")


def _alternatives(name: str) -> tuple[str, ...]:
    """"arterial thrombosis or deep vein thrombosis": a record of either satisfies a concept that lists them
    (the name itself stays one of them, for records that use the whole phrase)."""
    parts = [part for part in _LISTED.split(name) if len(part) >= 3]
    return tuple(dict.fromkeys([name, *parts]))


@lru_cache(maxsize=4096)
def _broader_terms(name: str) -> tuple[str, ...]:
    """For a narrower term, the names of the concepts it is a kind of: a record naming only one of
    those ("metastatic disease") does not say whether the patient has this kind ("liver metastasis")."""
    words = [word for relation, entry in _listings().get(name, ()) if relation == "narrower"
             for word in _lower((entry.concept,), entry.synonyms)]
    return tuple(dict.fromkeys(words))


@lru_cache(maxsize=4096)
def _reading_keys(measure: str | None, loinc: str | None, unit: str) -> tuple[str, ...]:
    """Index keys of an observation: its lexicon measures, its LOINC, its name as written."""
    keys = [f"m:{m.key}" for m in measures_for(measure, loinc, unit)]
    keys += [f"l:{loinc}"] if loinc else []
    keys += [f"n:{measure.strip().lower()}"] if measure else []
    return tuple(dict.fromkeys(keys))


@lru_cache(maxsize=4096)
def _filing(measure: str | None, loinc: str | None, unit: str) -> tuple[tuple[str, ...], float, float, str, str]:
    """An observation's index keys, the range outside which its value is flagged, its label and the text
    after its value in reasons (" 10*9/L"; none for the dimensionless `1`), in one look-up."""
    return (_reading_keys(measure, loinc, unit), *plausible_range(measure, loinc, unit), measure or loinc or "",
            "" if unit == "1" else f" {unit}")


_TOKENS: dict[object, object] = {}
_TOKENS_KEPT = 4096
"""Record keys given a token; a bound, so novel records cannot grow memory (a dropped token's cache
entries just stop matching, and those caches are bounded too)."""


def _token(key: tuple[object, ...]) -> object:
    """A stand-in for a record key (names and activity of a patient's conditions and treatments) that
    hashes by identity: the key is hashed once per patient here, not once per concept looked up in it
    (a tuple of tuples of names does not cache its hash)."""
    token = _TOKENS.get(key)
    if token is None:
        if len(_TOKENS) >= _TOKENS_KEPT:
            _TOKENS.clear()
        token = _TOKENS[key] = object()
    return token


def _newest_first(reading: _Reading) -> tuple[bool, dt.date]:
    return reading.date is not None, reading.date or dt.date.min


def _index_observations(patient: Patient, as_of: dt.date | None,
                        readings: dict[str, list[_Reading]]) -> set[str] | None:
    """File the observations of a patient under their keys; returns the keys with several readings, or
    None as soon as one would be flagged (implausible, or after `as_of`: the caller indexes again knowing
    the flags). The loop every patient goes through, kept to the bare look-ups: checking the values here
    spares `patient_flags` a second pass."""
    several = set()
    for obs in patient.observations:  # see `_Facts._add` for why a list is shared and never appended to
        # A pydantic model keeps its fields in `__dict__`; reading them there skips the model's
        # `__getattr__` hook, which makes each attribute access several times dearer than a dict look-up.
        fields = obs.__dict__
        measure, loinc, value, unit, date = fields["measure"], fields["loinc"], fields["value"], fields["unit"], \
            fields["date"]
        keys, low, high, label, after = _filing(measure, loinc, unit)
        if not low <= value <= high or (date is not None and as_of is not None and date > as_of):
            return None
        number = str(int(value)) if value.is_integer() and abs(value) < 1e15 else f"{value:.4g}"  # `_num`, inlined
        reading = _new_reading(_Reading, (label, value, unit, date, f"{label} {number}{after}", fields["uln"],
                                          fields["lln"], False))
        alone = [reading]
        for key in keys:
            found = readings.get(key)
            if found is None:
                readings[key] = alone
            else:
                readings[key] = found + alone
                several.add(key)
    return several


def _events(patient: Patient, as_of: dt.date | None, flags: list[Flag]) -> dict[str, list[_Event] | None]:
    """A patient's conditions and treatments as events: the latest day each was present, and the flag
    (a date after `as_of`) that sets it aside."""
    problems = {flag.field: flag.message for flag in flags}
    conditions = None if patient.conditions is None else [
        _Event("condition", c.concept, c.concept.strip().lower(), frozenset(c.codes),
               as_of if c.active else c.date, c.active, problems.get(f"conditions.{i}.date"))
        for i, c in enumerate(patient.conditions)]
    treatments = None if patient.treatments is None else [
        _Event("treatment", t.concept, t.concept.strip().lower(), frozenset(t.codes),
               t.end or (as_of if t.start else None), True,
               problems.get(f"treatments.{i}.start") or problems.get(f"treatments.{i}.end"))
        for i, t in enumerate(patient.treatments)]
    return {"conditions": conditions, "treatments": treatments}


class _Facts:
    """One patient as of a date, indexed for the look-ups criteria make.

    It also carries the evaluation context of the criterion being evaluated (`window`, `assume`), set
    by `_Rule` before each evaluation: passing it down every call would cost more than the look-ups.
    """

    __slots__ = ("patient", "as_of", "uln", "flags", "readings", "unusable", "_events", "names", "vocabulary",
                 "unrecorded", "record", "_dated_record", "memo", "window", "assume")

    def __init__(self, patient: Patient, as_of: dt.date | None, uln: Mapping[str, float] | None) -> None:
        self.patient, self.as_of = patient, as_of
        self.uln = {name.lower(): limit for name, limit in uln.items()} if uln else _NO_ULN
        self.readings: dict[str, list[_Reading]] = {}
        self.unusable: dict[str, str] = {}
        """Why a key's readings were all set aside (a flagged value), for the reason."""
        several = _index_observations(patient, as_of, self.readings)
        if several is None:
            self.readings.clear()
            self.flags = patient_flags(patient, as_of)
            several = self._index(patient, {flag.field: flag.message for flag in self.flags})
        else:
            self.flags = patient_flags(patient, as_of, skip_observations=True)
        problems = {flag.field: flag.message for flag in self.flags} if self.flags else None
        fields = patient.__dict__  # the model's fields, read without its `__getattr__` hook (`_index_observations`)
        age, weight, ecog = fields["age"], fields["weight"], fields["ecog"]
        years = age_in_years(patient, as_of) if age is None else None
        shown_age = (age.value, age.unit) if age else None if years is None else (float(years), "a")
        if shown_age is not None:
            self._add(("m:age",), _reading("age", *shown_age, as_of),
                      problems and (problems.get("age") or problems.get("birth_date")))
        if weight is not None:
            self._add(("m:weight",), _reading("weight", weight.value, weight.unit, as_of),
                      problems and problems.get("weight"))
        if ecog is not None:
            self._add(("m:ecog",), _reading("ECOG", float(ecog), "1", as_of), None)
        for key in several:
            self.readings[key].sort(key=_newest_first, reverse=True)
        self._events: dict[str, list[_Event] | None] | None = None
        listed_conditions, listed_treatments = fields["conditions"], fields["treatments"]
        conditions = None if listed_conditions is None else tuple([c.concept for c in listed_conditions])
        treatments = None if listed_treatments is None else tuple([t.concept for t in listed_treatments])
        self.names = {"conditions": conditions, "treatments": treatments}
        """The names in each list (None: not recorded)."""
        self.vocabulary = _token((conditions, treatments))
        """What a concept names is remembered by this, as records repeat across patients."""
        self.unrecorded = tuple([source for source, names in self.names.items() if names is None])
        self.record = None if self.flags else _token((self.vocabulary,
                                                      tuple([c.active for c in listed_conditions or ()])))
        """All that a concept without a window, codes or patient states depends on (None when a flag may
        set an event aside): such a concept's outcome is remembered by it."""
        self._dated_record: object | None = None
        self.memo: dict[object, Outcome] = {}
        """Outcomes of subgroup conditions and concepts, which several leaves and every assumption ask for."""
        self.window: float | None = None
        self.assume: Mapping[str, object] = _NO_ASSUMPTION

    def dated_record(self) -> object | None:
        """`record` with the dates of its events and `as_of`: all that a concept with a window depends on
        (None when a flag may set an event aside). Made on first use."""
        if self._dated_record is None and self.record is not None:
            patient = self.patient
            self._dated_record = _token((self.record, self.as_of, tuple([c.date for c in patient.conditions or ()]),
                                         tuple([(t.start, t.end) for t in patient.treatments or ()])))
        return self._dated_record

    def events(self, source: str) -> list[_Event] | None:
        """The patient's `conditions` or `treatments` as events (None: not recorded), made on first use:
        most patients' concepts are settled by their names alone, remembered per vocabulary."""
        if self._events is None:
            self._events = _events(self.patient, self.as_of, self.flags)
        return self._events[source]

    def _index(self, patient: Patient, problems: dict[str, str]) -> set[str]:
        """Index the observations of a patient with flags, setting flagged values aside; returns the keys
        with several readings."""
        several: set[str] = set()
        for i, obs in enumerate(patient.observations):
            keys = _reading_keys(obs.measure, obs.loinc, obs.unit)
            reading = _reading(obs.measure or obs.loinc or "", obs.value, obs.unit, obs.date, obs.uln, obs.lln)
            problem = problems.get(f"observations.{i}.value") or problems.get(f"observations.{i}.date")
            several |= self._add(keys, reading, problem)
        return several

    def _add(self, keys: tuple[str, ...], reading: _Reading, problem: str | None) -> set[str]:
        """File a reading under its keys, or note why it is set aside; returns the keys now holding several.

        The keys of one reading share one list, and a key that gets a second reading gets a new list
        rather than appending to the shared one: one list per reading instead of one per key."""
        readings, several, alone = self.readings, set(), [reading]
        for key in keys:
            if problem:
                self.unusable.setdefault(key, f"{reading.label} not used: {problem}")
            elif key in readings:
                readings[key] = readings[key] + alone
                several.add(key)
            else:
                readings[key] = alone
        return several

    def newest(self, key: str) -> _Reading | None:
        """The newest usable reading under a key, whatever its age (age and weight, as of `as_of`)."""
        found = self.readings.get(key)
        return found[0] if found else None

    def latest(self, keys: tuple[str, ...], window: float | None) -> tuple[_Reading | None, str]:
        """The newest usable reading under the first key that has any, or why there is none."""
        readings = self.readings
        for key in keys:
            found = readings.get(key)
            if found:
                reading = found[0]
                if window is None:
                    return reading, ""
                if reading.date is None or self.as_of is None:
                    return None, f"{reading.label} has no date to check against the {_num(window)} d window"
                if (self.as_of - reading.date).days > window:
                    return None, f"{reading.shown} of {reading.date} is older than {_num(window)} d"
                return reading, ""
            if key in self.unusable:
                return None, self.unusable[key]
        return None, ""


# ---------------------------------------------------------------- compiled expressions


class _Node(Protocol):
    def eval(self, facts: _Facts, neutral: bool) -> Outcome: ...


class _Leaf(_Node, Protocol):
    key: str
    """Leaves with one key share one fact, so an assumption about it holds for all of them (a string: its
    hash is cached, and it is looked up on every evaluation)."""
    name: str
    domain: tuple[object, ...]
    """What the fact can be, for enumerating assumptions: (True, False), or the patient's possible sexes."""

    def fact(self, facts: _Facts) -> Outcome: ...


_NO_ULN: Mapping[str, float] = MappingProxyType({})
_NO_ASSUMPTION: Mapping[str, object] = MappingProxyType({})


def _kleene(outcomes: list[Outcome], decisive: bool) -> Outcome:
    """`all` (decisive False) or `any` (decisive True): the decisive value wins, then unknown; the reason
    is that of the parts with the winning value, joined."""
    if len(outcomes) < 2:
        return outcomes[0] if outcomes else (not decisive, "", False)
    hits = [o for o in outcomes if o[0] is decisive] or [o for o in outcomes if o[0] is None] or outcomes
    if len(hits) == 1:
        return hits[0]
    return hits[0][0], "; ".join(dict.fromkeys([o[1] for o in hits if o[1]])), True in [o[2] for o in hits]


@dataclass(frozen=True, slots=True, eq=False)
class _All:
    items: tuple[_Node, ...]

    def eval(self, facts: _Facts, neutral: bool) -> Outcome:
        return _kleene([item.eval(facts, True) for item in self.items], False)


@dataclass(frozen=True, slots=True, eq=False)
class _Any:
    items: tuple[_Node, ...]

    def eval(self, facts: _Facts, neutral: bool) -> Outcome:
        return _kleene([item.eval(facts, False) for item in self.items], True)


@dataclass(frozen=True, slots=True, eq=False)
class _Not:
    item: _Node

    def eval(self, facts: _Facts, neutral: bool) -> Outcome:
        value, reason, computed = self.item.eval(facts, not neutral)
        return None if value is None else not value, reason, computed


@dataclass(frozen=True, slots=True, eq=False)
class _Neutral:
    """A laboratory window inside a criterion with measurements: it bounds their age, it is not a fact."""

    def eval(self, facts: _Facts, neutral: bool) -> Outcome:
        return neutral, "", False


def _patient_independent(node: _Node) -> bool:
    """Whether a node's outcome is the same for every patient, so its criterion's result can be made once."""
    match node:
        case _Neutral():
            return True
        case _Concept():
            return node.blocked is not None
        case _All() | _Any():
            return all(_patient_independent(item) for item in node.items)
        case _Not():
            return _patient_independent(node.item)
    return False


Derivation = Callable[[_Facts, float | None], tuple[_Reading | None, str]]


@dataclass(frozen=True, slots=True, eq=False)
class _Cmp:
    key: str
    name: str
    keys: tuple[str, ...]
    derive: Derivation | None
    test: Callable[[float, float], bool]
    value: float
    unit: str
    relative_to: str | None
    molar_mass: float | None
    limit_unit: str | None
    limit_names: tuple[str, ...]
    holds_text: str
    fails_text: str
    memoised: bool
    """A subgroup condition: asked for by several comparisons and under every assumption."""
    domain: tuple[object, ...] = (True, False)

    def eval(self, facts: _Facts, neutral: bool) -> Outcome:
        if facts.assume or self.memoised:
            return self.fact(facts)
        return _compare(self, facts)

    def fact(self, facts: _Facts) -> Outcome:
        if facts.assume and self.key in facts.assume:
            return bool(facts.assume[self.key]), "", False
        if not self.memoised:
            return _compare(self, facts)
        memo, key = facts.memo, (self.key, facts.window)
        found = memo.get(key)
        if found is None:
            found = memo[key] = _compare(self, facts)
        return found


@dataclass(frozen=True, slots=True, eq=False)
class _Subgroup:
    """A comparison that applies only when its `when` holds, or unless a subgroup overrides its threshold;
    where it does not apply it takes the neutral value of where it sits."""

    comparison: Evaluator
    when: Evaluator | None
    overridden_by: tuple[Evaluator, ...]
    note: str
    concept: tuple[str, bool] | None = None
    """For a `when` that is one concept or its negation: the concept's memo key and whether its fact
    is flipped. `_Rule.enumerate` asks for every subgroup condition first, so the patient's memo has it."""

    def eval(self, facts: _Facts, neutral: bool) -> Outcome:
        fact = facts.memo.get(self.concept[0]) if self.concept is not None and not facts.assume else None
        if fact is not None:
            applies = None if fact[0] is None else fact[0] != self.concept[1]  # type: ignore[index]
        else:
            applies = self.when(facts, False)[0] if self.when is not None else self._not_overridden(facts)
        if applies is False:
            return neutral, "", False
        value, reason, computed = self.comparison(facts, neutral)
        if applies is None and value is not neutral:
            return None, f"{reason}{self.note}, and whether that applies is unknown", computed
        return value, reason, computed

    def _not_overridden(self, facts: _Facts) -> Tri:
        overridden = _kleene([w(facts, False) for w in self.overridden_by], True)[0]
        return None if overridden is None else not overridden


def _compare(node: _Cmp, facts: _Facts) -> Outcome:
    reading, why = facts.latest(node.keys, facts.window)
    if reading is None and node.derive is not None:
        return _derived(node, facts)
    if reading is None:
        return None, why or f"no {node.name} recorded", False
    return _measure(node, reading, facts)


def _derived(node: _Cmp, facts: _Facts) -> Outcome:
    """Compare the value computed from others (Cockcroft-Gault clearance) when none is recorded."""
    assert node.derive is not None
    reading, why = node.derive(facts, facts.window)
    if reading is None:
        return None, why or f"no {node.name} recorded", False
    return _measure(node, reading, facts)


def _measure(node: _Cmp, reading: _Reading, facts: _Facts) -> Outcome:
    """Compare a reading with the threshold, in the threshold's unit or as a multiple of a normal limit."""
    try:
        if node.relative_to:
            measured, shown = _relative(node, reading, facts)
        elif reading.unit == node.unit:
            measured, shown = reading.value, reading.shown
        else:
            measured = _tidy(convert(reading.value, reading.unit, node.unit, molar_mass=node.molar_mass))
            shown = f"{reading.shown} = {_qty(measured, node.unit)}"
    except IncompatibleUnits as error:
        return None, f"{reading.shown} cannot be compared with {node.name} in {node.unit}: {error}", reading.computed
    if measured is None:
        return None, shown, reading.computed
    if node.test(measured, node.value):
        return True, shown + node.holds_text, reading.computed
    return False, shown + node.fails_text, reading.computed


def _relative(node: _Cmp, reading: _Reading, facts: _Facts) -> tuple[float | None, str]:
    """A value as a multiple of its normal limit: the lab's own, else the caller's ULN table."""
    limit, limit_unit = (reading.uln if node.relative_to == "ULN" else reading.lln), reading.unit
    if limit is None and node.relative_to == "ULN":
        limit = next((facts.uln[name] for name in node.limit_names if name in facts.uln), None)
        limit_unit = node.limit_unit or reading.unit
    if not limit:
        return None, f"{reading.shown} has no {node.relative_to} to compare with"
    if reading.unit == limit_unit:
        return _ratio(reading, limit, node.relative_to)
    value = convert(reading.value, reading.unit, limit_unit, molar_mass=node.molar_mass)
    ratio = _tidy(value / limit)
    return ratio, f"{reading.shown} = {_num(ratio)}{_limit_text(node.relative_to, limit, limit_unit)}"


def _ratio(reading: _Reading, limit: float, relative_to: str) -> tuple[float, str]:
    """A reading as a multiple of a normal limit in its own unit (the common case: the lab's own limit)."""
    ratio = _tidy(reading.value / limit)
    return ratio, f"{reading.shown} = {_num(ratio)}{_limit_text(relative_to, limit, reading.unit)}"


@lru_cache(maxsize=1024)
def _limit_text(relative_to: str, limit: float, unit: str) -> str:
    """" x ULN 40 U/L": labs report the same few normal limits for every patient, so each text is made once."""
    return f" x {relative_to} {_qty(limit, unit)}"


_CG_SEX_FACTOR = {"female": 0.85, "male": 1.0}


def _cockcroft_gault(facts: _Facts, window: float | None) -> tuple[_Reading | None, str]:
    """CrCl (mL/min) = (140 - age) x weight (kg) [x 0.85 if female] / (72 x serum creatinine in mg/dL)."""
    creatinine, why = facts.latest(("m:creatinine",), window)
    age, weight = facts.newest("m:age"), facts.newest("m:weight")
    sex = facts.patient.sex
    if age is None or weight is None or creatinine is None or sex not in _CG_SEX_FACTOR:
        needs = {"age": age, "weight": weight, "sex": sex in _CG_SEX_FACTOR, "serum creatinine": creatinine}
        missing = ", ".join(name for name, present in needs.items() if not present)
        return None, f"CrCl not measured; Cockcroft-Gault lacks {missing}" + (f" ({why})" if why else "")
    try:
        scr = convert(creatinine.value, creatinine.unit, "mg/dL", molar_mass=measures_by_key()["creatinine"].molar_mass)
        years, kg = convert(age.value, age.unit, "a"), convert(weight.value, weight.unit, "kg")
    except IncompatibleUnits as error:
        return None, f"CrCl not measured; Cockcroft-Gault inputs unusable: {error}"
    if scr <= 0:
        return None, "CrCl not measured; Cockcroft-Gault needs a positive serum creatinine"
    clearance = (140 - years) * kg * _CG_SEX_FACTOR[sex] / (72 * scr)
    label = (f"CrCl computed by Cockcroft-Gault (age {_num(years)}, {_num(kg)} kg, {sex}, "
             f"creatinine {_qty(creatinine.value, creatinine.unit)})")
    return _reading(label, _tidy(clearance), "mL/min", facts.as_of, computed=True), ""


_DERIVED: dict[str, Derivation] = {"crcl": _cockcroft_gault}
"""Measures computed from others when the patient gives no measured value."""


@dataclass(frozen=True, slots=True, eq=False)
class _Concept:
    key: str
    name: str
    negated: bool
    pattern: re.Pattern[str]
    vague: re.Pattern[str] | None
    """For a kind of a broader concept: the broader concept's names, which a record may give alone."""
    codes: frozenset[str]
    states: tuple[str, ...]
    sources: tuple[str, ...]
    window: tuple[str, float] | None
    window_text: str
    blocked: str | None
    domain: tuple[object, ...]
    absent_text: str
    named: dict[tuple[tuple[str, ...] | None, ...], tuple[tuple[str, int], ...]] = field(default_factory=dict)
    """Which events of a vocabulary of records (the names in each list) this concept names."""
    outcomes: dict[object, Outcome] = field(default_factory=dict)
    """Outcomes by record (`_Facts.record` or `_Facts.dated_record`), for a `remembered` concept."""
    remembered: bool = False
    """Whether the outcome depends on the patient's conditions and treatments alone (no codes, patient
    states or review), so patients with the same record share it."""
    dated: bool = False
    """Whether it has a window, so the record's dates and `as_of` are part of what it depends on."""

    def eval(self, facts: _Facts | None, neutral: bool) -> Outcome:
        if self.blocked is not None and (facts is None or self.key not in facts.assume):
            return None, self.blocked, False  # `facts` is None when a result is made once for every patient
        assert facts is not None
        value, reason, _ = self.fact(facts)
        return None if value is None else value != self.negated, reason, False

    def fact(self, facts: _Facts) -> Outcome:
        if facts.assume and self.key in facts.assume:
            assumed = facts.assume[self.key]
            return (assumed in self.states if self.domain == _SEXES else bool(assumed)), "", False
        found = facts.memo.get(self.key)
        if found is None:
            record = (facts.dated_record() if self.dated else facts.record) if self.remembered else None
            if record is not None:
                found = self.outcomes.get(record)
                if found is None:
                    if len(self.outcomes) >= _NAMED_CACHE:
                        self.outcomes.clear()
                    found = self.outcomes[record] = _concept_fact(self, facts)
            else:
                found = _concept_fact(self, facts)
            facts.memo[self.key] = found
        return found

    def matches(self, facts: _Facts) -> list[_Event]:
        """The patient's events this concept names: by their names (remembered for each vocabulary of
        records, which repeats across patients) or by their codes."""
        if self.codes:
            return [e for source in self.sources for e in facts.events(source) or ()
                    if self.pattern.search(e.terms) or e.codes & self.codes]
        hits = self.named.get(facts.vocabulary)
        if hits is None:
            if len(self.named) >= _NAMED_CACHE:
                self.named.clear()
            hits = self.named[facts.vocabulary] = tuple(
                (source, i) for source in self.sources for i, name in enumerate(facts.names[source] or ())
                if self.pattern.search(name.strip().lower()))
        return [facts.events(source)[i] for source, i in hits] if hits else []


_NAMED_CACHE = 4096
"""Lists of patient terms remembered per concept; a bound, so novel records cannot grow memory."""


def _concept_fact(node: _Concept, facts: _Facts) -> Outcome:
    if node.blocked:
        return None, node.blocked, False
    if node.states:
        return _states_outcome(node.states, tuple(_STATE_VALUE[state](facts.patient) for state in node.states))
    events = node.matches(facts)
    if not events and (node.window is None or facts.as_of is not None):
        return (node.vague is not None and _vague(node, facts)) or _absent(node, facts)
    if node.window is None:
        current = next((e for e in events if e.active and not e.problem), None)
        if current:
            return True, f"{node.name}: {current.kind} {current.label} recorded", False
        if events:
            odd = events[0]
            return None, f"{node.name}: {odd.kind} {odd.label} is {odd.problem or 'inactive (history or current?)'}", False
    elif facts.as_of is None:
        return None, f"{node.name}: no as_of date for the {node.window_text} window", False
    else:
        op, days = node.window
        dated = [e for e in events if e.last is not None and not e.problem]
        doubtful = next((e for e in events if e.last is None or e.problem), None)
        if dated:
            latest = max(dated, key=lambda e: e.last or dt.date.min)
            since = (facts.as_of - (latest.last or facts.as_of)).days
            holds = _OPS[op](since, days)
            # Only the latest event matters; an undated one might be later, which can only confirm a
            # "within" or refute an "at least": otherwise the answer waits for its date.
            if doubtful is None or holds == (op in _UPPER_BOUNDS):
                where = "within" if holds else "outside"
                return holds, (f"{node.name}: {latest.kind} {latest.label} {since} d before {facts.as_of}, "
                               f"{where} {node.window_text}"), False
        if doubtful:
            return None, f"{node.name}: {doubtful.kind} {doubtful.label} has {doubtful.problem or 'no date'}", False
    return _absent(node, facts)


@lru_cache(maxsize=1024)
def _states_outcome(states: tuple[str, ...], values: tuple[Tri, ...]) -> Outcome:
    """A concept of patient states ("pregnant or lactating"): any of them; made once per combination."""
    said = ", ".join(f"{state}: {_YES_NO[v]}" for state, v in zip(states, values))
    return _kleene([(v, "", False) for v in values], True)[0], said, False


def _vague(node: _Concept, facts: _Facts) -> Outcome | None:
    """Unknown when the record names only a broader concept ("metastatic disease" for "liver metastasis")."""
    pattern = node.vague
    assert pattern is not None
    for source in node.sources:
        for event in facts.events(source) or ():
            if pattern.fullmatch(event.terms):
                return None, f"{node.name}: {event.kind} {event.label} recorded, which does not say which kind", False
    return None


def _absent(node: _Concept, facts: _Facts) -> Outcome:
    """No current or dated event: false if every list it is looked up in was recorded, else unknown."""
    missing = [source for source in node.sources if source in facts.unrecorded] if facts.unrecorded else None
    if missing:
        return None, f"{node.name}: {' and '.join(missing)} not recorded", False
    return False, node.absent_text, False


# ---------------------------------------------------------------- nodes as closures

Evaluator = Callable[[_Facts, bool], Outcome]


def _closure(node: _Node) -> Evaluator:
    """A node as one function for the hot loop: two-part `all`/`any` call their parts directly, and a
    plain comparison looks its reading up itself, falling back to the node's own evaluation for every
    other case (a stale window, a set-aside value, a derived value, an assumption)."""
    match node:
        case _All() | _Any() if len(node.items) == 2:
            first, second = (_closure(item) for item in node.items)
            decisive = isinstance(node, _Any)
            part_neutral = not decisive

            def both(facts: _Facts, neutral: bool) -> Outcome:
                """`_kleene` of two parts, inlined: it runs for most nodes of every criterion of every patient."""
                one, other = first(facts, part_neutral), second(facts, part_neutral)
                value = one[0]
                if value is other[0]:
                    said, also = one[1], other[1]
                    return value, (f"{said}; {also}" if said and also and said != also else said or also), \
                        one[2] or other[2]
                if value is decisive or (value is None and other[0] is not decisive):
                    return one
                return other
            return both
        case _All() | _Any():
            parts = tuple(_closure(item) for item in node.items)
            decisive = isinstance(node, _Any)
            part_neutral = not decisive

            def every(facts: _Facts, neutral: bool) -> Outcome:
                return _kleene([part(facts, part_neutral) for part in parts], decisive)
            return every
        case _Not():
            inner = _closure(node.item)

            def negation(facts: _Facts, neutral: bool) -> Outcome:
                value, reason, computed = inner(facts, not neutral)
                return None if value is None else not value, reason, computed
            return negation
        case _Cmp() if not node.memoised:
            return _plain_comparison(node)
        case _Concept() if node.blocked is None:
            return _known_concept(node)
    return node.eval


def _known_concept(leaf: _Concept) -> Evaluator:
    """A concept a record can settle, as its fact: a concept's fact is its outcome (never computed);
    a negated one flips it."""
    fact, negated = leaf.fact, leaf.negated

    def concept(facts: _Facts, neutral: bool) -> Outcome:
        found = fact(facts)
        if negated:
            return None if found[0] is None else not found[0], found[1], False
        return found
    return concept


def _plain_comparison(leaf: _Cmp) -> Evaluator:
    """The comparison's newest reading looked up here when it is current and no assumption is made (the
    common case, `Facts.latest` inlined), measured in place when in the threshold's unit or
    relative to the lab's own normal limit (`_measure` does the rest: conversions, the caller's ULN table)."""
    keys, unit, test, value, holds, fails, slow = leaf.keys, leaf.unit, leaf.test, leaf.value, \
        leaf.holds_text, leaf.fails_text, leaf.eval
    direct, derived, relative_to = leaf.relative_to is None, leaf.derive is not None, leaf.relative_to
    upper = relative_to == "ULN"
    missing: Outcome = (None, f"no {leaf.name} recorded", False)

    def compare(facts: _Facts, neutral: bool) -> Outcome:
        if not facts.assume:
            readings, window = facts.readings, facts.window
            for key in keys:
                found = readings.get(key)
                if found:
                    reading = found[0]
                    if window is not None and (reading.date is None or facts.as_of is None
                                               or (facts.as_of - reading.date).days > window):
                        return slow(facts, neutral)  # too old or undated: `Facts.latest` says why
                    if direct:
                        if reading.unit != unit:
                            return _measure(leaf, reading, facts)
                        measured, shown = reading.value, reading.shown
                    else:
                        limit = reading.uln if upper else reading.lln
                        if not limit:
                            return _measure(leaf, reading, facts)
                        measured, shown = _ratio(reading, limit, relative_to)
                    if test(measured, value):
                        return True, shown + holds, reading.computed
                    return False, shown + fails, reading.computed
                if key in facts.unusable:
                    break
            else:
                return _derived(leaf, facts) if derived else missing
        return slow(facts, neutral)
    return compare


# ---------------------------------------------------------------- compiling a criteria document


def _inflected(term: str) -> str:
    """A regex for a term whose words may be singular or plural."""
    words = []
    for word in term.split(" "):
        if not word[-1:].isalpha():
            words.append(re.escape(word))
            continue
        ending, forms = next((e, f) for e, f in _PLURALS if word.endswith(e))
        words.append(re.escape(word[: len(word) - len(ending)]) + forms)
    return " ".join(words)


def _describe(expr: Expr, positive: bool = True) -> str:
    """A subgroup condition in words ("with liver metastasis"), for reasons."""
    match expr:
        case Concept():
            return ("with " if positive != expr.negated else "without ") + expr.concept
        case Not():
            return _describe(expr.not_, not positive)
        case AllOf() | AnyOf():
            conjunction = " and " if isinstance(expr, AllOf) == positive else " or "
            return conjunction.join(_describe(item, positive) for item in (expr.all if isinstance(expr, AllOf) else expr.any))
        case Comparison():
            return ("" if positive else "not ") + f"{expr.measure} {expr.op} {_qty(expr.value, expr.unit)}"
    raise TypeError(type(expr))


def _children(expr: Expr) -> list[Expr]:
    match expr:
        case AllOf():
            return list(expr.all)
        case AnyOf():
            return list(expr.any)
        case Not():
            return [expr.not_]
    return []


def _walk(expr: Expr) -> Iterator[Expr]:
    """Every node of the main tree (not inside `when` conditions)."""
    yield expr
    for child in _children(expr):
        yield from _walk(child)


def _identity(expr: Comparison) -> tuple[object, ...]:
    found = measures_for(expr.measure, expr.loinc, None if expr.relative_to else expr.unit)
    return tuple(sorted(m.key for m in found)) or (expr.measure.strip().lower(),)


def _direction(op: str) -> str:
    return "upper" if op in _UPPER_BOUNDS else "lower" if op in _LOWER_BOUNDS else op


def _overrides(root: Expr) -> dict[int, list[Expr]]:
    """Unconditioned comparisons and the subgroup conditions that replace their threshold."""
    groups: dict[tuple[object, ...], list[Comparison]] = {}
    for node in _walk(root):
        if isinstance(node, Comparison):
            groups.setdefault((_identity(node), node.relative_to, _direction(node.op)), []).append(node)
    table: dict[int, list[Expr]] = {}
    for group in groups.values():
        whens = [c.when for c in group if c.when is not None]
        for default in (c for c in group if c.when is None and whens):
            table[id(default)] = whens
    return table


def _category(concept: Concept) -> str | None:
    """The concept's category as the engine gave it, else that of a row of the concept table listing it."""
    if concept.category:
        return concept.category
    listed = _listings().get(concept.concept.strip().lower())
    return listed[0][1].category if listed else None


def _one_concept(node: _Node | None) -> tuple[str, bool] | None:
    """A subgroup condition that is one concept (or its negation) a record can settle: its key, and
    whether the condition holds when the concept's fact is false."""
    flipped = isinstance(node, _Not)
    if isinstance(node, _Not):
        node = node.item
    if isinstance(node, _Concept) and node.blocked is None:
        return node.key, flipped != node.negated
    return None


def _is_lab_window(concept: Concept) -> bool:
    return _category(concept) == "laboratory" and concept.within is not None and concept.within.op in _UPPER_BOUNDS


def _window_days(concept: Concept) -> float:
    assert concept.within is not None
    return convert(concept.within.value, concept.within.unit, "d")


class _Compiler:
    """Turns one criterion's `Expr` into evaluable nodes, knowing its overrides and lab windows."""

    def __init__(self, root: Expr) -> None:
        self.overrides = _overrides(root)
        self.lab_windows_are_neutral = any(isinstance(node, Comparison) for node in _walk(root))
        self.conditions: dict[tuple[object, ...], _Leaf] = {}

    def build(self, expr: Expr, *, in_when: bool = False) -> _Node:
        match expr:
            case AllOf():
                return _All(tuple(self.build(item, in_when=in_when) for item in expr.all))
            case AnyOf():
                return _Any(tuple(self.build(item, in_when=in_when) for item in expr.any))
            case Not():
                return _Not(self.build(expr.not_, in_when=in_when))
            case Comparison():
                leaf: _Leaf
                leaf, node = self._comparison(expr, memoised=in_when)
            case Concept():
                if _is_lab_window(expr) and self.lab_windows_are_neutral and not in_when:
                    return _Neutral()
                leaf = node = self._concept(expr)
            case _:
                raise TypeError(type(expr))
        if in_when:
            self.conditions.setdefault(leaf.key, leaf)
        return node

    def _comparison(self, expr: Comparison, *, memoised: bool) -> tuple[_Cmp, _Node]:
        """The comparison leaf, and the node evaluating it: itself, or a `_Subgroup` when a condition
        decides whether it applies."""
        found = measures_for(expr.measure, expr.loinc, None if expr.relative_to else expr.unit)
        keys = tuple(f"m:{m.key}" for m in found)
        keys += (f"l:{expr.loinc}",) if expr.loinc else ()
        keys += (f"n:{expr.measure.strip().lower()}",)
        overrides = self.overrides.get(id(expr), [])
        note = (f" ({_describe(expr.when)})" if expr.when is not None else
                f" ({' and '.join(_describe(w, False) for w in overrides)})" if overrides else "")
        names = {expr.measure.lower(), *(expr.loinc,) * bool(expr.loinc)}
        for m in found:
            names |= {m.key, m.name.lower(), *(a.lower() for a in m.abbreviations), *(m.loinc,) * bool(m.loinc)}
        threshold = f"{_num(expr.value)} x {expr.relative_to}" if expr.relative_to else _qty(expr.value, expr.unit)
        leaf = _Cmp(
            key=repr(("comparison", _identity(expr), expr.op, expr.value, expr.unit, expr.relative_to)),
            name=expr.measure, keys=keys,
            derive=next((_DERIVED[m.key] for m in found if m.key in _DERIVED), None),
            test=_OPS[expr.op], value=expr.value, unit=expr.unit, relative_to=expr.relative_to,
            molar_mass=next((m.molar_mass for m in found if m.molar_mass), None),
            limit_unit=found[0].unit if found else None, limit_names=tuple(sorted(names)),
            holds_text=f" {expr.op} {threshold}{note}", fails_text=f" not {expr.op} {threshold}{note}",
            memoised=memoised,
        )
        if expr.when is None and not overrides:
            return leaf, leaf
        condition = self.build(expr.when, in_when=True) if expr.when is not None else None
        return leaf, _Subgroup(_closure(leaf), None if condition is None else _closure(condition),
                               tuple(_closure(self.build(w, in_when=True)) for w in overrides), note,
                               _one_concept(condition))

    def _concept(self, expr: Concept) -> _Concept:
        name = expr.concept.strip().lower()
        category = _category(expr)
        words = tuple(dict.fromkeys(term for part in _alternatives(name) for term in _naming_terms(part)))
        terms = sorted(words, key=len, reverse=True)
        vocabulary = screening_terms()
        states = tuple(dict.fromkeys(vocabulary.states[w] for w in words if w in vocabulary.states))
        broader = _broader_terms(name)
        by_sex = bool(states) and set(states) <= set(_SEXES)
        sources = _SOURCES.get(category or "", ("conditions", "treatments"))
        window, window_text, blocked = None, "", None
        if category in vocabulary.unrecorded_categories:
            blocked = f"{expr.concept}: not something a patient record states; review"
        if expr.within is not None:
            within = expr.within
            window_text = f"{within.op} {_num(within.value)} {within.unit}"
            anchor = (within.anchor or "").lower()
            try:
                window = (within.op, _window_days(expr))
            except IncompatibleUnits:
                blocked = f"{expr.concept}: window unit {within.unit!r} is not a duration"
            if any(word in anchor for word in vocabulary.later_anchors):
                blocked = f"{expr.concept}: window anchored to {within.anchor!r}, after screening"
        return _Concept(
            key="sex" if by_sex else repr(("concept", name, window)),
            name="sex" if by_sex else expr.concept, negated=expr.negated,
            pattern=re.compile("|".join(rf"(?<!\w){_inflected(t)}(?!\w)" for t in terms)),
            vague=re.compile("|".join(_inflected(t) for t in broader)) if broader else None,
            codes=frozenset(expr.codes),
            states=states, domain=_SEXES if by_sex else (True, False),
            sources=sources,
            window=window, window_text=window_text, blocked=blocked, absent_text=f"no {expr.concept} among recorded "
            f"{' or '.join(sources)}", remembered=not expr.codes and not states and blocked is None,
            dated=window is not None,
        )


_DECISIVE_RESTS = frozenset({"qualifier", "definition"})

Judged = tuple[CriterionResult, bool | None]
"""A criterion's result and its role in the verdict (`_role`)."""


def _role(result: CriterionResult, failing: Result, rest: Rest) -> bool | None:
    """True when the result makes the patient ineligible, False when it leaves the verdict to review,
    None when it does neither.

    A structured part decides only as far as the criterion's `rest` lets it (a wrong exclusion is worse
    than none): fully structured, a qualifier ("at the time of signing the ICF") or a definition
    ("Uncontrolled hypertension: SBP > 140") decide both ways; an alternative ("… or other evidence of …")
    decides only when the structured part holds, since the rest could satisfy the criterion when it does
    not; anything else is left to review."""
    if result.coverage == "full" or rest in _DECISIVE_RESTS:
        if result.result == failing:
            return True
        return False if result.result == "unknown" else None
    if rest == "alternative" and result.result == "met":
        return True if failing == "met" else None
    return False


@dataclass(frozen=True, slots=True)
class _Rule:
    id: str
    section: Section
    coverage: Coverage
    rest: Rest
    root: Evaluator | None
    window: float | None
    conditions: tuple[_Leaf, ...]
    fixed: Judged | None
    """The result when it is the same for every patient (unstructured, or only review-only concepts)."""
    failing: Result = "met"
    """The result that fails the patient: an inclusion not met, or an exclusion met."""
    neutral: bool = False
    """What a part that does not apply counts as at the top: true in an inclusion, false in an exclusion."""
    made: dict[Outcome, Judged] = field(default_factory=dict)

    @classmethod
    def compile(cls, criterion: Criterion, section: Section) -> _Rule:
        failing: Result = "not_met" if section == "inclusion" else "met"
        if criterion.expr is None:
            unstructured = CriterionResult(criterion.id, section, "unknown", "not structured: review the text",
                                           coverage=criterion.coverage)
            fixed = unstructured, _role(unstructured, failing, criterion.rest)
            return cls(criterion.id, section, criterion.coverage, criterion.rest, None, None, (), fixed, failing,
                       section == "inclusion")
        compiler = _Compiler(criterion.expr)
        root = compiler.build(criterion.expr)
        windows = [_window_days(node) for node in _walk(criterion.expr)
                   if isinstance(node, Concept) and _is_lab_window(node)]
        rule = cls(criterion.id, section, criterion.coverage, criterion.rest, _closure(root), min(windows, default=None),
                   tuple(compiler.conditions.values()), None, failing, section == "inclusion")
        if rule.conditions or not _patient_independent(root):
            return rule
        return dataclasses.replace(rule, fixed=rule._result(root.eval(None, section == "inclusion")))  # type: ignore[arg-type]

    def _result(self, outcome: Outcome) -> Judged:
        """The criterion's result for an outcome not in `made`, and its role in the verdict, kept there to be
        shared by patients with the same outcome (results are frozen; many reasons repeat, "no radiotherapy
        among recorded treatments")."""
        if len(self.made) >= _RESULTS_KEPT:
            self.made.clear()
        value, reason, computed = outcome
        made = object.__new__(CriterionResult)
        _SET_ID(made, self.id)
        _SET_SECTION(made, self.section)
        _SET_RESULT(made, _RESULT[value])
        _SET_REASON(made, reason or "no threshold applies to this patient")
        _SET_COMPUTED(made, computed)
        _SET_COVERAGE(made, self.coverage)
        judged = self.made[outcome] = made, _role(made, self.failing, self.rest)
        return judged

    def enumerate(self, facts: _Facts) -> Outcome:
        """Evaluate, enumerating unknown subgroup conditions: known only if every assumption agrees."""
        assert self.root is not None
        neutral = self.neutral
        for leaf in self.conditions:
            if leaf.fact(facts)[0] is None:
                break
        else:
            return self.root(facts, neutral)
        unknown = [leaf for leaf in self.conditions if leaf.fact(facts)[0] is None]
        if len(unknown) > _MAX_UNKNOWN_CONDITIONS:
            return self.root(facts, neutral)
        outcomes = []
        for combo in product(*(leaf.domain for leaf in unknown)):
            facts.assume = dict(zip((leaf.key for leaf in unknown), combo))
            outcomes.append(self.root(facts, neutral))
        facts.assume = _NO_ASSUMPTION
        values = {value for value, _, _ in outcomes}
        value = values.pop() if len(values) == 1 else None
        names = ", ".join(leaf.name for leaf in unknown)
        outcome = f"{_RESULT[value].replace('_', ' ')} either way" if value is not None else "and it decides"
        reasons = " | ".join(dict.fromkeys(reason for _, reason, _ in outcomes if reason))
        return value, f"{names} unknown, {outcome}: {reasons}", any(computed for _, _, computed in outcomes)


@dataclass(frozen=True, slots=True)
class _Trial:
    nct_id: str | None
    rules: tuple[_Rule, ...]

    @classmethod
    def compile(cls, criteria: Criteria) -> _Trial:
        check_schema_version(criteria.schema_version)
        rules = [_Rule.compile(c, "inclusion") for c in criteria.inclusion]
        rules += [_Rule.compile(c, "exclusion") for c in criteria.exclusion]
        return cls(criteria.nct_id, tuple(rules))

    def screen(self, patient: Patient, as_of: dt.date | None, uln: Mapping[str, float] | None,
               max_lab_age: float | None = None) -> Verdict:
        as_of = as_of or patient.as_of
        facts = _Facts(patient, as_of, uln)
        results: list[CriterionResult] = []
        decisive: list[str] = []
        open_: list[str] = []
        for rule in self.rules:  # `_Rule.evaluate`, inlined: this loop runs for every criterion of every patient
            judged = rule.fixed
            if judged is None:
                facts.window = rule.window if rule.window is not None else max_lab_age
                outcome = rule.enumerate(facts) if rule.conditions else rule.root(facts, rule.neutral)
                judged = rule.made.get(outcome) or rule._result(outcome)
            results.append(judged[0])
            if judged[1] is not None:
                (decisive if judged[1] else open_).append(rule.id)
        verdict: Decision = "ineligible" if decisive else "needs_review" if open_ else "eligible"
        return _verdict({"nct_id": self.nct_id, "patient_id": patient.id, "verdict": verdict, "criteria": results,
                         "deciding": decisive or open_, "flags": facts.flags, "as_of": as_of})


# ---------------------------------------------------------------- public API

DEFAULT_MAX_LAB_AGE = 28.0
"""Days a reading stays current when a criterion states no window of its own (`--max-lab-age`)."""


def check_schema_version(version: str) -> None:
    """Accept documents of this screener's major contract version (minor versions only add fields)."""
    if version.split(".")[0] != SCHEMA_VERSION.split(".")[0]:
        raise UnsupportedSchemaVersion(
            f"criteria schema_version {version!r} is not supported; this screener reads {SCHEMA_VERSION}")


def criteria_from_json(data: str | bytes) -> Criteria:
    """Parse a criteria document, checking its `schema_version` before its shape (shapes change with it)."""
    try:
        raw = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise MalformedCriteria(f"criteria is not JSON: {error}") from None
    if not isinstance(raw, dict):
        raise MalformedCriteria("criteria is not a JSON object")
    check_schema_version(str(raw.get("schema_version", SCHEMA_VERSION)))
    try:
        return Criteria.model_validate(raw)
    except ValidationError as error:
        raise MalformedCriteria(f"criteria {validation_summary(error)}") from None


def screen(criteria: Criteria, patient: Patient, *, as_of: dt.date | None = None,
           uln: Mapping[str, float] | None = None, max_lab_age: float | None = DEFAULT_MAX_LAB_AGE) -> Verdict:
    """Screen one patient. `as_of` defaults to the patient's; `uln` maps a measure (name, key or LOINC) to
    its upper limit of normal in the measure's canonical unit, for labs reported without one; a reading older
    than `max_lab_age` days (None: no limit) is unknown unless the criterion states its own window."""
    return _Trial.compile(criteria).screen(patient, as_of, uln, max_lab_age)


def screen_many(criteria: Criteria, patients: Iterable[Patient], *, as_of: dt.date | None = None,
                uln: Mapping[str, float] | None = None, max_lab_age: float | None = DEFAULT_MAX_LAB_AGE) -> Iterator[Verdict]:
    """Screen patients lazily against criteria compiled once (a bad document raises before the first)."""
    trial = _Trial.compile(criteria)
    return (trial.screen(patient, as_of, uln, max_lab_age) for patient in patients)


__all__ = [
    "UnsupportedSchemaVersion",
    "MalformedCriteria",
    "CriterionResult",
    "Verdict",
    "check_schema_version",
    "criteria_from_json",
    "screen",
    "screen_many",
    "patient_json_schema",
]
