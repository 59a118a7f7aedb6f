"""Criteria compiled into rules, and a patient's verdict from their results.

- A structured part decides only as far as the criterion's `rest` lets it (a wrong exclusion is worse than
  none): fully structured, a qualifier, a definition or a list of examples of it decide both ways; an
  alternative decides only when the structured part holds, a narrowing rest (a severity word, exceptions) only
  when it fails; anything else is left to review.
- An unknown subgroup condition is assumed each way (at most three of them): the criterion is known only if
  every assumption gives the same answer. Where the conditions' values settle which subgroup thresholds apply, the
  criterion is evaluated by its variant for those values (`compile.compile_variant`, made on first use).
- A criterion's result and role follow from its outcome's value alone, so both are worked out when it is
  compiled; screening a patient only evaluates and writes the reason down.
- A criterion whose concepts are all found by the record of conditions and treatments (`Facts.record`) has the
  same outcome for every patient with that record: it is evaluated once per record, as records repeat. The
  criteria a record decides are remembered together (`_RecordGroup`), so a patient whose record was seen before
  costs one look-up for all of them, not one per criterion.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import product

from parser.models.criteria import (
    PERMISSION,
    AllOf,
    AnyOf,
    Comparison,
    Concept,
    Coverage,
    Criteria,
    Criterion,
    Expr,
    Rest,
)
from parser.models.patient import Patient
from parser.models.walk import iter_nodes
from parser.screen import asking
from parser.screen.compile import ComparisonLeaf, Condition, Evaluator, compile_expr, compile_variant
from parser.screen.concepts import OTHER_SEX, SEXES, unsupported
from parser.screen.enrolment import unread
from parser.screen.facts import NO_ASSUMPTION, Facts, Outcome, Tri
from parser.screen.intake import check_schema_version
from parser.screen.labels import Dependency, OrganFunctionLabel
from parser.screen.verdict import CriterionResult, Decision, Result, Section, Verdict
from parser.screen.words import screening_terms

_RESULT: dict[Tri, Result] = {True: "met", False: "not_met", None: "unknown"}
_DECISIVE_RESTS = frozenset({"qualifier", "definition", "examples"})
_MAX_UNKNOWN_CONDITIONS = 3
"""Subgroup conditions enumerated when unknown (2**3 evaluations); beyond that a branch is just unknown."""
_NO_THRESHOLD = "no threshold applies to this patient"
_SUPPORT_FREE = "no transfusion or growth factor recorded"
_COHORT_ONLY = "for {} only: it decides when every cohort has a criterion against the patient"
_ONLY = re.compile(r"\s+only$", re.I)
"""The "only" a cohort's label may end in ("Part 1 Only"), which the reason says once."""
_PERMITS = "a permission: it asks nothing of the patient"
_THERAPY_NAMED = "names a therapy only: a heading of the items after it, or a therapy received or planned; review"
_WORD = re.compile(r"[\w-]+")
_LEAD = {"any": "a lead to the criteria under it: one of them is enough",
         "all": "a lead to the criteria under it: all of them are needed"}
_EMPTY_PATIENT = Patient()
"""The patient a patient-independent criterion is evaluated on, once."""
_RECORDS_KEPT = 4096
"""Records whose outcomes are remembered per group of criteria; a bound, so novel records cannot grow memory."""


def role(result: Result, failing: Result, coverage: Coverage, rest: Rest, worded: bool = False,
         support_free: bool = False) -> bool | None:
    """True when the result makes the patient ineligible, False when it leaves the verdict to review,
    None when it does neither. The structured part decides both ways where it is the criterion: fully structured, a
    deciding rest, (`worded`) a criterion with a step confirmed at enrolment whose other words are all the
    wording of such steps or words its concepts read (`enrolment.unread`), or values to be reached without support
    for a patient whose record names none (`support_free`); a result to confirm then does neither."""
    decides = coverage == "full" or rest in _DECISIVE_RESTS or worded or (rest == "support" and support_free)
    if result == "to_confirm":
        return None if decides else False
    if decides:
        if result == failing:
            return True
        return False if result == "unknown" else None
    if rest == "alternative" and result == "met":
        return True if failing == "met" else None
    if rest in ("narrowing", "support") and result == "not_met":
        return True if failing == "not_met" else None
    return False


def _named_as(text: str) -> tuple[str, ...]:
    """A listed item's words as a lead's dated event names it: the lead drops the "or" or "and" that ends an item
    ("Unstable angina, or"), so neither counts, inside the name ("Stroke or TIA") or after it."""
    return tuple(word for word in _WORD.findall(text.lower()) if word not in ("or", "and"))


def _names_only(expr: Expr | None, text: str) -> bool:
    """Whether an item's words only name the one concept it structures ("Endocrine therapy:"): as a lead, the
    heading of the items under it, which asks for nothing of its own."""
    return (isinstance(expr, Concept) and not expr.negated and expr.within is None
            and _named_as(expr.text) == _named_as(text))


def _names_a_therapy_only(expr: Expr | None, text: str) -> bool:
    """Whether an item only names a therapy ("Chemotherapy"), or is a heading ending in one's name ("Intrathecal
    cytotoxic therapy:"): among inclusions, the heading of the items after it in legacy layouts ("Chemotherapy" / "No
    prior chemotherapy for metastatic disease"), or a therapy received or planned: for a person."""
    return (isinstance(expr, Concept) and expr.category == "treatment"
            and (_names_only(expr, text) or _names_a_topic(expr, text)))


def _names_a_topic(expr: Expr | None, text: str) -> bool:
    """Whether an item is a heading whose words end in the one concept it structures ("Endocrine therapy:",
    "Intrathecal cytotoxic therapy:"): the topic of the items under it, which asks for nothing of its own."""
    if not isinstance(expr, Concept) or expr.negated or expr.within is not None:
        return False
    named = _named_as(expr.text)
    return text.rstrip().endswith(":") and _named_as(text)[-len(named):] == named


def _joined_as_section(expr: Expr, section: Section) -> bool:
    """Whether a criterion's parts join as its section's items do (an inclusion's all, an exclusion's any): a step
    confirmed at enrolment inside the other join ("must not be pregnant or … and must agree to use contraception"
    read as any of them) would decide for the patient whatever the rest, so the criterion is not the structure."""
    return not isinstance(expr, AnyOf if section == "inclusion" else AllOf)


@dataclass
class Rule:
    """One criterion, compiled."""

    id: str
    section: Section
    coverage: Coverage
    rest: Rest
    evaluate: Evaluator | None
    window: float | None
    conditions: tuple[Condition, ...]
    to_confirm: bool
    """Whether a part is confirmed at enrolment: a favourable outcome is then a result `to_confirm`."""
    neutral: bool
    """What a part that does not apply counts as at the top: true in an inclusion, false in an exclusion."""
    worded: bool = False
    """Whether the criterion has a step confirmed at enrolment and its words left out are all the wording of such
    steps or read by its concepts ("Non pregnant or lactating patients; effective contraception must be used during
    the study"), so the structured part is the criterion (`enrolment.unread`: any other word may be a clinical fact)."""
    fixed: Outcome | None = None
    """The outcome when it is the same for every patient (unstructured, or no leaf a record can settle)."""
    by_record: bool | None = None
    """Whether the outcome is remembered by the patient's record, dated (True) or not (False); None: it is not."""
    labels: tuple[OrganFunctionLabel, ...] = ()
    """Its labels of adequate organ function, which the trial's criteria testing those organs decide."""
    categories: frozenset[str] = frozenset()
    """The categories of the measures its thresholds are on: which organ systems it tests."""
    variant: Callable[[dict[str, bool]], Evaluator] | None = None
    """Compiles the criterion for a set of values of its conditions, by key (None: those values do not settle which
    subgroup thresholds apply, so the compiled expression evaluates its conditions where they are asked)."""
    cohort: str | None = None
    """The cohort the criterion is for (`Criterion.cohort`): no record says which cohort a patient would join, so
    a result against the patient leaves the verdict to review instead of deciding it."""
    cohort_note: str | None = field(init=False)
    """What its reasons add when it is for one cohort ("for Part A only: …")."""
    against: frozenset[Tri] = field(init=False)
    """The values that go against the patient, whether or not they decide alone (a cohort's criterion does not)."""
    results: dict[Tri, tuple[Result, bool | None]] = field(init=False)
    """Each value's result and role in the verdict: True fails the patient, False leaves it to review."""
    support_free_results: dict[Tri, tuple[Result, bool | None]] | None = field(init=False)
    """For a `support` rest, the same for a patient whose record names no support (`concepts.unsupported`)."""
    run: Evaluator = field(init=False)
    """What the screening loop calls with the facts and `neutral`: the compiled expression itself (no frame in
    between) unless unknown subgroup conditions are to be enumerated."""
    _variants: dict[tuple[object, ...], Evaluator] = field(init=False, default_factory=dict)
    """What evaluates the criterion for the values of its conditions met so far, in order (`_settled`): a
    condition has two values, or one of the sexes, so there are at most a few."""

    def __post_init__(self) -> None:
        self.run = self._enumerated if self.conditions or self.evaluate is None else self.evaluate
        failing: Result = "not_met" if self.section == "inclusion" else "met"
        self.results = {}
        self.support_free_results = {} if self.rest == "support" else None
        self.cohort_note = None if self.cohort is None else _COHORT_ONLY.format(_ONLY.sub("", self.cohort))
        against = set()
        for value in (True, False, None):
            result = "to_confirm" if self.to_confirm and value is self.neutral else _RESULT[value]
            part = role(result, failing, self.coverage, self.rest, self.worded)
            if part:
                against.add(value)
            self.results[value] = result, self._for_cohort(part)
            if self.support_free_results is not None:
                self.support_free_results[value] = result, self._for_cohort(
                    role(result, failing, self.coverage, self.rest, self.worded, support_free=True))
        self.against = frozenset(against)

    def _for_cohort(self, part: bool | None) -> bool | None:
        """A criterion of one cohort never makes the patient ineligible alone: the patient may join another."""
        return False if part and self.cohort is not None else part

    @classmethod
    def compile(cls, criterion: Criterion, section: Section, lead: str = "", cohort: str | None = None) -> Rule:
        """The criterion's rule; `lead`: the text of the lead to the list it is an item of, whose words may ask for
        its conditions as history ("No history of any of the following:"); `cohort`: the cohort it is for, when the
        trial has others (`Trial.compile`)."""
        if criterion.category == PERMISSION:  # "Prior chemotherapy allowed": understood whole, and asks nothing
            rule = cls(criterion.id, section, "full", "none", None, None, (), False, section == "inclusion")
            rule.fixed = section == "inclusion", _PERMITS, False
            return rule
        if criterion.expr is None:
            rule = cls(criterion.id, section, criterion.coverage, criterion.rest, None, None, (), False,
                       section == "inclusion", cohort=cohort)
            listed = f" ({_LEAD[criterion.sub_items]})" if criterion.sub_items else ""
            rule.fixed = None, f"not structured: review the text{listed}", False
            return rule
        expr, text = criterion.expr, criterion.text
        if section == "inclusion" and _names_a_therapy_only(expr, text):
            rule = cls(criterion.id, section, criterion.coverage, criterion.rest, None, None, (), False, True,
                       cohort=cohort)
            rule.fixed = None, _THERAPY_NAMED, False
            return rule
        history = asking.says_history(lead.lower())
        compiled = compile_expr(expr, text, history)
        decides = criterion.coverage == "full" or criterion.rest in _DECISIVE_RESTS
        beside_facts = compiled.patient_dependent
        unread_words = unread(criterion, beside_facts) if compiled.to_confirm and not decides else ""
        worded = (compiled.to_confirm and not decides and not unread_words
                  and (not beside_facts or _joined_as_section(expr, section)))
        rule = cls(criterion.id, section, criterion.coverage, criterion.rest, compiled.evaluate, compiled.lab_window,
                   compiled.conditions, compiled.to_confirm, section == "inclusion", worded,
                   by_record=compiled.by_record, labels=compiled.labels, categories=compiled.categories,
                   variant=(lambda values: compile_variant(expr, text, history, values)) if compiled.settles else None,
                   cohort=cohort)
        if not compiled.patient_dependent:
            value, reason, computed = compiled.evaluate(Facts(_EMPTY_PATIENT, None, None), rule.neutral)
            rule.fixed = value, f"{reason}; not structured: {unread_words!r}" if unread_words else reason, computed
        return rule

    def dependency(self) -> Dependency:
        """The rule as a label of organ function evaluates it: the values that decide it in the patient's favour
        are those its role leaves without a part (not a result to confirm, which a person still confirms)."""
        favourable = frozenset(value for value, (result, part) in self.results.items()
                               if part is None and result != "to_confirm")
        reusable = not any(isinstance(condition, ComparisonLeaf) for condition in self.conditions)
        return Dependency(self.id, self.run, self.window, self.neutral, favourable, reusable)

    def _enumerated(self, facts: Facts, neutral: bool) -> Outcome:
        """Evaluate, enumerating unknown conditions (of subgroups, or facts asked twice): known only if every
        assumption agrees; an assumed fact says nothing of itself, so the reason is then why it is unknown."""
        assert self.evaluate is not None
        unknown: list[Condition] = []  # loops, not comprehensions: most criteria have one condition, known
        values: list[object] = []
        why: list[str] = []
        for leaf in self.conditions:
            value, reason, _ = leaf.fact(facts)
            values.append(value)
            if value is None:
                unknown.append(leaf)
                why.append(reason)
        if not unknown:
            key = tuple(values)
            return (self._variants.get(key) or self._settled(key))(facts, neutral)
        if len(unknown) > _MAX_UNKNOWN_CONDITIONS:
            return self.evaluate(facts, neutral)
        where = [i for i, value in enumerate(values) if value is None]
        outcomes = []
        for combo in product(*(leaf.domain for leaf in unknown)):
            facts.assume = dict(zip((leaf.key for leaf in unknown), combo, strict=True))
            for position, assumed in zip(where, combo, strict=True):
                values[position] = assumed
            key = tuple(values)
            outcomes.append((self._variants.get(key) or self._settled(key))(facts, neutral))
        facts.assume = NO_ASSUMPTION
        found = {value for value, _, _ in outcomes}
        value = found.pop() if len(found) == 1 else None
        names = ", ".join(_unknown_name(leaf, facts) for leaf in unknown)
        said = f"{_RESULT[value].replace('_', ' ')} either way" if value is not None else "and it decides"
        reasons = " | ".join(dict.fromkeys(reason for _, reason, _ in outcomes if reason)) or "; ".join(why)
        return value, f"{names} unknown, {said}: {reasons}", any(computed for _, _, computed in outcomes)

    def _settled(self, values: tuple[object, ...]) -> Evaluator:
        """The evaluator for these values of the conditions (known or assumed), kept for the next patient: their
        variant where they settle the subgroups (`variant`), else the compiled expression."""
        assert self.evaluate is not None
        found = self.evaluate if self.variant is None else self.variant(
            {leaf.key: bool(value) for leaf, value in zip(self.conditions, values, strict=True)})
        self._variants[values] = found
        return found


def _unknown_name(leaf: Condition, facts: Facts) -> str:
    """How a reason names an unknown condition: sex recorded as another than female or male is not unknown, but
    which subgroup by sex applies is."""
    if leaf.domain == SEXES and facts.patient.sex == OTHER_SEX:
        return "the sex subgroup of a patient of another sex"
    return leaf.name


class _RecordGroup:
    """The criteria that the record of conditions and treatments alone decides (`Rule.by_record`, dated or not),
    with their outcomes remembered together by the record's number."""

    def __init__(self, dated: bool, positions: tuple[int, ...]) -> None:
        self.dated, self.positions = dated, positions
        """Whether the record holds dates; where the group's criteria are among the trial's."""
        self._outcomes: dict[int, tuple[Outcome | None, ...]] = {}

    def settle(self, facts: Facts, outcomes: list[Outcome | None]) -> int | None:
        """Fill in the outcomes remembered for the patient's record; the record's number when they are still to
        be remembered (`remember`, after the screening loop evaluated them in their places), else None."""
        record = facts.record(self.dated)
        if record is None:  # a flag may set an event aside: evaluated with the rest, not remembered
            return None
        found = self._outcomes.get(record)
        if found is None:
            return record
        for position, outcome in zip(self.positions, found, strict=True):
            outcomes[position] = outcome
        return None

    def remember(self, record: int, outcomes: list[Outcome | None]) -> None:
        if len(self._outcomes) >= _RECORDS_KEPT:
            self._outcomes.clear()
        self._outcomes[record] = tuple(outcomes[position] for position in self.positions)


@dataclass(frozen=True)
class SubItems:
    """A criterion with sub-items, which combine as its words say ("one of the following:" `any`, "all of the
    following:" `all`), by their positions among a trial's criteria.

    A join the section's own (an inclusion's `all`, an exclusion's `any`) leaves each sub-item deciding as a
    criterion; the other one makes them one criterion: it fails the patient only if every sub-item does, and a
    sub-item in the patient's favour clears them all ("one of the following: age ≥ 65, LVEF < 40%" for a patient
    of 50 with an LVEF of 30%). A bare lead (`lead_word` rows: "Patients must meet at least 1 of the following
    criteria:", "No history of any of the following:") decides nothing when nothing of it is structured, or only its
    count of one, which is its `any`, and neither does a heading that only names the topic of its items
    ("Chemotherapy:" over "No prior chemotherapy for metastatic disease"); a lead with words of its own
    ("Histologically confirmed myeloma as evidenced by one of the following:") still asks what they say. Sub-items a
    lead names as its dated events are the lead's."""

    lead: int
    items: tuple[int, ...]
    joint: bool
    """Whether the sub-items decide together (the join is not the section's own)."""
    lead_only: bool
    restated: tuple[int, ...] = ()
    """The sub-items the lead's own expression names as dated events ("Any of the following within 6 months:"
    over "Myocardial infarction"): the lead decides them with its window, which they do not repeat."""

    @classmethod
    def of(cls, index: int, criteria: list[tuple[Criterion, Section]]) -> SubItems:
        lead, section = criteria[index]
        items = tuple(i for i, (item, _) in enumerate(criteria) if item.parent == lead.id)
        own = "all" if section == "inclusion" else "any"
        bare = set(_WORD.findall(lead.text.lower())) <= screening_terms().lead_words
        counted = isinstance(lead.expr, Comparison) and lead.expr.counts_one
        topic = _names_a_topic(lead.expr, lead.text)
        joint = lead.sub_items is not None and lead.sub_items != own
        dated = {_named_as(node.concept) for node in iter_nodes(lead.expr, conditions=False)
                 if isinstance(node, Concept) and node.within is not None}
        restated = tuple(i for i in items if _named_as(criteria[i][0].text) in dated)
        return cls(index, items, joint, topic or (bare and (lead.coverage == "none" or counted)), restated)

    def combine(self, parts: list[bool | None]) -> None:
        """Rewrite the criteria's roles in the verdict (True fails the patient, False asks for review)."""
        if self.lead_only:
            parts[self.lead] = None
        for i in self.restated:
            parts[i] = None
        roles = [parts[i] for i in self.items]
        if not self.joint or not roles or all(roles):
            return
        cleared = None in roles  # one sub-item in the patient's favour; else some ask a person, none clears
        for i in self.items:
            parts[i] = None if cleared else False


class Trial:
    """A criteria document compiled once, screening any number of patients."""

    def __init__(self, nct_id: str | None, rules: tuple[Rule, ...], first: tuple[int, ...] = (),
                 lists: tuple[SubItems, ...] = ()) -> None:
        self.nct_id, self.rules = nct_id, rules
        self._lists = lists
        """The criteria whose sub-items combine as their words say (`Criterion.sub_items`)."""
        self._cohorts = frozenset(rule.cohort for rule in rules if rule.cohort is not None)
        """The cohorts the criteria name: when each has a criterion against the patient, no cohort is left to join
        (two or more: one cohort beside criteria for everyone may be a condition the patient does not have)."""
        self._first = first
        """Where the criteria a label of organ function reads are (`labels`; none in most trials): evaluated before
        the others, so the label finds their outcomes (`Facts.prior`) rather than evaluating them again."""
        self._fixed = [rule.fixed for rule in rules]
        """Each criterion's outcome where it is the same for every patient, else None: each verdict's start."""
        groups = ((dated, tuple(i for i, rule in enumerate(rules) if rule.fixed is None and rule.by_record is dated))
                  for dated in (False, True))
        self._groups = tuple(_RecordGroup(dated, positions) for dated, positions in groups if positions)

    @classmethod
    def compile(cls, criteria: Criteria) -> Trial:
        check_schema_version(criteria.schema_version)
        items: list[tuple[Criterion, Section]] = [(c, "inclusion") for c in criteria.inclusion]
        items += [(c, "exclusion") for c in criteria.exclusion]
        texts = {item.id: item.text for item, _ in items}
        cohorts = {item.cohort for item, _ in items}
        everyone = len(cohorts) == 1 and None not in cohorts  # one cohort over every criterion is everyone
        rules = [Rule.compile(item, section, texts.get(item.parent or "", ""), None if everyone else item.cohort)
                 for item, section in items]
        leads = {item.parent for item, _ in items}
        lists = tuple(SubItems.of(i, items) for i, (item, _) in enumerate(items) if item.id in leads)
        candidates = [(rule.dependency(), rule.categories) for rule in rules if rule.categories and not rule.labels]
        read: set[str] = set()
        for rule in rules:
            for label in rule.labels:
                label.link(candidates)
                read.update(dependency.id for dependency in label.dependencies)
        return cls(criteria.nct_id, tuple(rules), tuple(i for i, rule in enumerate(rules) if rule.id in read), lists)

    def screen(self, facts: Facts, max_lab_age: float | None) -> Verdict:
        """The verdict on a patient's facts, which may be screened against other trials before and after."""
        max_lab_age = None if max_lab_age is None else float(max_lab_age)  # a whole number of days may be an int
        outcomes = self._fixed.copy()
        unsettled = []  # (a loop: a comprehension here would be a closure made per patient)
        for group in self._groups:
            record = group.settle(facts, outcomes)
            if record is not None:
                unsettled.append((group, record))
        if self._first:
            self._read_first(facts, max_lab_age, outcomes)
        results: list[CriterionResult] = []
        parts: list[bool | None] = []
        confirm: list[str] = []
        for i, rule in enumerate(self.rules):
            outcome = outcomes[i]
            if outcome is None:
                facts.window = rule.window if rule.window is not None else max_lab_age
                outcome = outcomes[i] = rule.run(facts, rule.neutral)
            value, reason, computed = outcome
            result, part = rule.results[value]
            if part is False and rule.support_free_results is not None and unsupported(facts):
                result, part = rule.support_free_results[value]
                reason = f"{reason}; {_SUPPORT_FREE}"
            reason = reason or _NO_THRESHOLD
            if rule.cohort_note is not None:
                reason = f"{reason}; {rule.cohort_note}"
            results.append(CriterionResult(rule.id, rule.section, result, reason, computed, rule.coverage))
            parts.append(part)
            if result == "to_confirm":
                confirm.append(rule.id)
        for listed in self._lists:
            listed.combine(parts)
        decisive = [rule.id for rule, part in zip(self.rules, parts, strict=True) if part]
        if not decisive and len(self._cohorts) > 1:
            decisive = self._no_cohort_left(outcomes)
        open_ = [rule.id for rule, part in zip(self.rules, parts, strict=True) if part is False]
        for group, record in unsettled:
            group.remember(record, outcomes)
        verdict: Decision = "ineligible" if decisive else "needs_review" if open_ else "eligible"
        return Verdict(nct_id=self.nct_id, patient_id=facts.patient.id, verdict=verdict, criteria=results,
                       deciding=decisive or open_, to_confirm=confirm, flags=facts.flags, as_of=facts.as_of)

    def _no_cohort_left(self, outcomes: list[Outcome | None]) -> list[str]:
        """The criteria against the patient in every cohort, when each cohort has one (none when any is left)."""
        against = [rule for rule, outcome in zip(self.rules, outcomes, strict=True)
                   if rule.cohort is not None and outcome is not None and outcome[0] in rule.against]
        return [rule.id for rule in against] if {rule.cohort for rule in against} == self._cohorts else []

    def _read_first(self, facts: Facts, max_lab_age: float | None, outcomes: list[Outcome | None]) -> None:
        """Evaluate the criteria labels of organ function read, noting the age of the oldest reading each used."""
        facts.prior = {}
        for i in self._first:
            rule = self.rules[i]
            if outcomes[i] is not None:  # (a criterion with thresholds is never fixed nor settled by a record)
                continue
            window = facts.window = rule.window if rule.window is not None else max_lab_age
            facts.eldest = 0
            outcome = outcomes[i] = rule.run(facts, rule.neutral)
            facts.prior[rule.id] = outcome, None if window is None else facts.eldest
