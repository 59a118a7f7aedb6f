"""One patient as of a date, indexed once for the look-ups criteria make.

Each observation is filed under every key a criterion may ask by (its lexicon measures, its LOINC, its name
as written), newest first, so a comparison finds its reading with a dict look-up; a value the screener must
not use (`plausibility`) is set aside with the reason every criterion needing it will give. Time is linear in
the number of observations: a key's readings are collected in a list and sorted once.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import TypeVar

from parser.models.patient import Condition, Observation, Patient, Treatment
from parser.screen.intake import ucum
from parser.screen.plausibility import age_in_years, observation_problems, patient_flags
from parser.screen.terms import about_a_relative
from parser.screen.verdict import Flag
from parser.screen.words import lesion_site
from parser.vocabulary import scale_unit
from parser.vocabulary.measure_ranges import measures_for, plausible_range

Tri = bool | None
Outcome = tuple[Tri, str, bool]
"""(value, one-line reason, whether a value was computed rather than recorded)."""

NO_ASSUMPTION: Mapping[str, object] = MappingProxyType({})
NO_LIMITS: Mapping[str, float] = MappingProxyType({})
NO_PROBLEMS: Mapping[str, str] = MappingProxyType({})


def number(value: float) -> str:
    """A value as reasons show it: an integer without its point, else four significant digits."""
    return str(int(value)) if value.is_integer() and -1e15 < value < 1e15 else f"{value:.4g}"


def quantity(value: float, unit: str) -> str:
    """A value with its unit, the dimensionless `1` left out ("ECOG 1", not "ECOG 1 1"). Reasons show
    several per patient, so this is one call of `number`, no call of `unit_text`."""
    return number(value) if unit == "1" else f"{number(value)} {unit}"


def unit_text(unit: str) -> str:
    """What follows a number in reasons: `quantity` without the number."""
    return "" if unit == "1" else f" {unit}"


@dataclass(slots=True)
class Reading:
    """A value a comparison may use. How reasons name it (`shown`) is written only when a comparison uses it:
    most of a record's readings are indexed under several keys but compared once, or not at all. A plain slotted
    class: a patient makes one per observation, and a named tuple or a frozen dataclass costs four to ten times
    as much to make."""

    label: str
    value: float
    unit: str
    date: dt.date | None
    observation: Observation | None = None
    """The observation recorded, whose lab limits are read only when a comparison asks for them (few do)."""
    computed: bool = False


def shown(found: Reading) -> str:
    """A reading as reasons name it ("PLT 90 10*9/L"): its label and `quantity`, written out here (a call less),
    as every converted or relative comparison shows its reading."""
    unit = found.unit
    return f"{found.label} {number(found.value)}" if unit == "1" else f"{found.label} {number(found.value)} {unit}"


@dataclass(slots=True)
class Event:
    """A condition or treatment as the screener uses it: the day windows count from, whether it is present now and
    the flag that sets it aside."""

    kind: str
    label: str
    terms: str
    """Its name in lower case, which criteria concepts are searched in."""
    codes: frozenset[str]
    last: dt.date | None
    """The day windows count from: `as_of` while a condition is active or a treatment ongoing, an ended treatment's
    end, else a condition's onset (a resolved one records no day it resolved); None when unknown."""
    active: bool | None
    """Whether it is present now; None for a condition the record does not say of."""
    problem: str | None
    onset: dt.date | None = None
    """A condition's onset, which "diagnosed at least 6 months ago" counts from even while it is active."""


@dataclass(slots=True)
class LesionFact:
    """A lesion as lesion counts read it: its site as written and by the counts' names (`words.lesion_site`)."""

    site: str
    name: str
    distant: bool | None
    measurable: bool | None


@dataclass(slots=True)
class Lesions:
    """The patient's lesions, read once for every count that criteria ask (most trials ask two or three)."""

    found: list[LesionFact]
    recorded: str
    """How many were recorded, as reasons say it ("2 lesions recorded")."""


_UNREAD = Lesions([], "")
"""`Facts`' lesions before they are read."""


@lru_cache(maxsize=4096)
def _filing(measure: str | None, loinc: str | None, unit: str) -> tuple[tuple[str, ...], str, float, float, str]:
    """An observation's index keys, its UCUM unit ("" when unknown), the range outside which it is set aside and
    its label in reasons, in one look-up."""
    label = measure or loinc or ""
    code = ucum(unit)
    name_key = [f"n:{measure.strip().lower()}"] if measure else []
    if code is None:  # an empty range: every value is set aside
        return tuple(name_key), "", float("inf"), float("-inf"), label
    found = measures_for(measure, loinc, code)
    keys = [f"m:{m.key}" for m in found] + ([f"l:{loinc}"] if loinc else [])
    code = scale_unit(found, code)  # a Karnofsky of 70% is 70 points, as the criteria compare it
    return tuple(dict.fromkeys(keys + name_key)), code, *plausible_range(measure, loinc, code), label


class _Numbering:
    """Distinct records numbered in the order first seen; a bound, so novel records cannot grow memory. Numbers
    are never reused, so a cache keyed by one never mistakes a record for another after the table is emptied."""

    def __init__(self, bound: int) -> None:
        self._numbers: dict[tuple[object, ...], int] = {}
        self._counter = itertools.count()  # next() on it is atomic: threads screening at once get distinct numbers
        self._bound = bound

    def number(self, record: tuple[object, ...]) -> int:
        found = self._numbers.get(record)
        if found is None:
            if len(self._numbers) >= self._bound:
                self._numbers.clear()
            found = self._numbers.setdefault(record, next(self._counter))
        return found


_RECORDS = _Numbering(4096)
_UNNUMBERED = -1


def _newer(found: Reading, held: Reading) -> bool:
    """Whether `found` replaces `held` as a key's newest reading: dated after it, or dated where it is not."""
    return found.date is not None and (held.date is None or found.date > held.date)


class Facts:
    """A patient indexed as of a date (`as_of`, else the patient's own), and the context of the criterion being
    evaluated.

    Built once per patient and screened against any number of trials (`trialwatch match`): nothing in it depends
    on a trial. `window` (days a reading stays current) and `assume` (values assumed for unknown subgroup
    conditions) are set by the rule before each evaluation rather than passed down every call; `memo` is keyed by
    all that an outcome depends on besides the patient, so the criteria of every trial share it. Not for use by
    two threads at once."""

    __slots__ = ("patient", "as_of", "uln", "flags", "current", "unusable", "conditions", "treatments", "names",
                 "unrecorded", "memo", "window", "assume", "eldest", "prior", "_events", "_records", "_today",
                 "_lesions")

    def __init__(self, patient: Patient, as_of: dt.date | None, uln: Mapping[str, float] | None) -> None:
        as_of = as_of or patient.as_of
        self.patient, self.as_of = patient, as_of
        self._today = as_of.toordinal() if as_of is not None else 0
        """`as_of` as a day number: a reading's age in days is a subtraction of integers, no timedelta made."""
        self.uln: Mapping[str, float] = {name.lower(): limit for name, limit in uln.items()} if uln else NO_LIMITS
        self.current: dict[str, Reading] = {}
        """The newest usable reading under each key (a dated one before an undated one; the first given of a day):
        criteria compare the newest reading only."""
        self.unusable: dict[str, str] = {}
        """Why a key's readings were all set aside (a flagged value), for the reason."""
        self.flags = patient_flags(patient, as_of, skip_observations=True)
        problems = {flag.field: flag.message for flag in self.flags} if self.flags else NO_PROBLEMS
        self._index_observations(patient, as_of)
        age = patient.age
        years = age_in_years(patient, as_of)
        if years is not None:
            given = (age.value, ucum(age.unit) or age.unit) if age is not None else (float(years), "a")
            self._file(("m:age",), Reading("age", *given, as_of), problems.get("age") or problems.get("birth_date"))
        weight = patient.weight
        if weight is not None:
            self._file(("m:weight",), Reading("weight", weight.value, ucum(weight.unit) or weight.unit, as_of),
                       problems.get("weight"))
        if patient.ecog is not None:
            self._file(("m:ecog",), Reading("ECOG", float(patient.ecog), "1", as_of), None)
        (conditions, condition_names), (treatments, treatment_names) = (_own(patient.conditions),
                                                                        _own(patient.treatments))
        self.conditions, self.treatments = conditions, treatments
        """The patient's own entries of each list (None: not recorded): not those about a relative."""
        self.names: dict[str, tuple[str, ...] | None] = {"conditions": condition_names, "treatments": treatment_names}
        """The names in each list (None: not recorded)."""
        self.unrecorded = (() if conditions is not None else ("conditions",)) + (
            () if treatments is not None else ("treatments",))
        self.memo: dict[object, Outcome] = {}
        """Outcomes of subgroup conditions and concepts, which several leaves, every assumption and other trials ask
        for, by a key naming all the outcome depends on but the facts (`ConceptTest.identity`, `ComparisonLeaf`)."""
        self.window: float | None = None
        self.assume: Mapping[str, object] = NO_ASSUMPTION
        self.eldest = 0
        """The age in days of the oldest reading `latest` returned under a window since the rule reset it."""
        self.prior: dict[str, tuple[Outcome, int | None]] = {}
        """The outcomes of the criteria a label of organ function reads (`labels`), evaluated first for the trial
        being screened, by criterion id, each with the `eldest` of its readings (None when read without a window)."""
        self._events: dict[str, list[Event] | None] | None = None
        self._records: dict[bool, int | None] = {}
        self._lesions: Lesions | None = _UNREAD

    def _index_observations(self, patient: Patient, as_of: dt.date | None) -> None:
        """File each observation, or set it aside with a flag naming its field. The loop every patient goes
        through: a usable reading is filed here, without a call per key."""
        current = self.current
        last_day = dt.date.max if as_of is None else as_of
        for i, obs in enumerate(patient.observations):
            keys, unit, low, high, label = _filing(obs.measure, obs.loinc, obs.unit)
            value, date = obs.value, obs.date
            found = Reading(label, value, unit, date, obs)
            if low <= value <= high and (date is None or date <= last_day):
                for key in keys:
                    held = current.setdefault(key, found)
                    if held is not found and _newer(found, held):
                        current[key] = found
                continue
            problems = observation_problems(obs, as_of)
            self.flags += [Flag(field=f"observations.{i}.{where}", message=message) for where, message in problems]
            self._file(keys, found, problems[0][1])

    def _file(self, keys: tuple[str, ...], found: Reading, problem: str | None) -> None:
        for key in keys:
            held = self.current.get(key)
            if problem:
                self.unusable.setdefault(key, f"{found.label} not used: {problem}")
            elif held is None or _newer(found, held):
                self.current[key] = found

    def record(self, dated: bool) -> int | None:
        """The number of all that a concept's outcome depends on when it has no codes or patient states: the names in
        each list and whether each condition is active, and with `dated` their dates and `as_of`. None when a flag
        may set an event aside. Patients with the same record share the outcome (`concepts.ConceptLeaf`): the
        record is numbered once per patient, so each concept finds it by a number, not by hashing the record."""
        found = self._records.get(dated, _UNNUMBERED)
        if found == _UNNUMBERED:
            found = self._records[dated] = None if self.flags else _RECORDS.number(self._record(dated))
        return found

    def _record(self, dated: bool) -> tuple[object, ...]:
        """The record's key; a dated one holds the undated one's number rather than its names again."""
        conditions: list[object] = []  # loops, not comprehensions: each would be a function run per patient
        for condition in self.conditions or ():
            conditions.append(condition.date if dated else condition.active)
        treatments: list[object] = []
        for treatment in self.treatments or ():
            treatments.append((treatment.start, treatment.end) if dated else _ongoing(treatment.end, self.as_of))
        if not dated:
            return self.names["conditions"], self.names["treatments"], tuple(conditions), tuple(treatments)
        return self.record(False), self.as_of, tuple(conditions), tuple(treatments)

    def events(self, source: str) -> list[Event] | None:
        """The patient's `conditions` or `treatments` as events (None: not recorded), made on first use:
        most concepts are settled by the names alone."""
        if self._events is None:
            self._events = _events(self.patient, self.as_of, self.flags)
        return self._events[source]

    def lesions(self) -> Lesions | None:
        """The patient's lesions (None: not recorded), read on first use: most trials count none."""
        found = self._lesions
        if found is _UNREAD:
            found = self._lesions = _lesions(self.patient)
        return found

    def newest(self, key: str) -> Reading | None:
        """The newest usable reading under a key, whatever its age (age and weight, as of `as_of`)."""
        return self.current.get(key)

    def latest(self, keys: tuple[str, ...], window: float | None) -> tuple[Reading | None, str]:
        """The newest usable reading under the first key that has any, if current for `window` days, or why
        there is none."""
        for key in keys:
            newest = self.current.get(key)
            if newest is not None:
                if window is None:
                    return newest, ""
                if newest.date is None or self.as_of is None:
                    return None, f"{newest.label} has no date to check against the {number(window)} d window"
                age = self._today - newest.date.toordinal()
                if age > window:
                    return None, f"{shown(newest)} of {newest.date} is older than {number(window)} d"
                if age > self.eldest:
                    self.eldest = age
                return newest, ""
            if key in self.unusable:
                return None, self.unusable[key]
        return None, ""


def _ongoing(end: dt.date | None, as_of: dt.date | None) -> bool:
    """Whether a treatment is current: not ended before `as_of` ("receiving X" asks for this, "prior X" does not,
    and a concept without a window does not say which, so an ended one is history or current: unknown)."""
    return end is None or as_of is None or end >= as_of


def _lesions(patient: Patient) -> Lesions | None:
    lesions = patient.lesions
    if lesions is None:
        return None
    found = [LesionFact(lesion.site, lesion_site(lesion.site), lesion.distant, lesion.measurable) for lesion in lesions]
    return Lesions(found, f"{len(found)} lesion{'' if len(found) == 1 else 's'} recorded")


_Entry = TypeVar("_Entry", Condition, Treatment)


def _own(entries: list[_Entry] | None) -> tuple[list[_Entry] | None, tuple[str, ...] | None]:
    """The entries of a list that are the patient's own, not "family history of X" (`terms.about_a_relative`), and
    their names; None for both when the list is not recorded. One loop, each name read once."""
    if entries is None:
        return None, None
    own: list[_Entry] = []
    names: list[str] = []
    for entry in entries:
        name = entry.concept
        if not about_a_relative(name):
            own.append(entry)
            names.append(name)
    return own, tuple(names)


def _events(patient: Patient, as_of: dt.date | None, flags: list[Flag]) -> dict[str, list[Event] | None]:
    """A patient's own conditions and treatments as events, with the flag (a date after `as_of`) that sets one
    aside; in the order of `Facts.names`."""
    problems = {flag.field: flag.message for flag in flags}
    conditions = None if patient.conditions is None else [
        Event("condition", c.concept, c.concept.strip().lower(), frozenset(c.codes),
              as_of if c.active else c.date, c.active, problems.get(f"conditions.{i}.date"), c.date)
        for i, c in enumerate(patient.conditions) if not about_a_relative(c.concept)]
    treatments = None if patient.treatments is None else [
        Event("treatment", t.concept, t.concept.strip().lower(), frozenset(t.codes),
              t.end or (as_of if t.start else None), _ongoing(t.end, as_of),
              problems.get(f"treatments.{i}.start") or problems.get(f"treatments.{i}.end"))
        for i, t in enumerate(patient.treatments) if not about_a_relative(t.concept)]
    return {"conditions": conditions, "treatments": treatments}

