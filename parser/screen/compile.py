"""A criterion's expression compiled once into one function of the patient's facts: the one evaluation path.

- Kleene logic: an `all` is decided by a false part and an `any` by a true part, else unknown; the reason is
  that of the parts with the winning value, so one decisive fact settles a criterion despite gaps elsewhere.
- `neutral` is what a part that does not apply counts as where it sits (true in an `all`, false in an `any`,
  at the top true in an inclusion and false in an exclusion): a subgroup threshold whose condition does not
  hold, a laboratory window that only bounds the age of the readings ("within 7 days"), and a concept confirmed
  at enrolment (consent, contraception: `screening.csv`), which is assumed in the patient's favour and listed.
- Subgroup thresholds: a comparison with a `when` applies only when its condition holds; an unconditioned
  comparison of the same measure and direction is the default such a condition overrides ("TBIL > 1.5 ULN, or
  > 2.5 ULN with liver metastasis"). Conditions are `Condition` leaves, so `rules.Rule` can enumerate them.
- Whether each subgroup threshold applies follows from the values of the criterion's conditions alone, so for each
  set of values met (known or assumed) the criterion is compiled once more with that settled (`compile_variant`):
  a threshold that applies is compared directly and one that does not is the neutral value, with no condition
  evaluated again per threshold and patient.
- A node every part of which is a subgroup threshold that does not apply to the patient does not apply either
  ("≤ 1.5 mg/dL or CrCl ≥ 60 mL/min, for men" asks nothing of a woman): it takes the neutral value of where it
  sits, not its parts'. That outcome is one object per neutral value (`_NOT_APPLYING`), told apart by identity,
  so an outcome that merely looks the same (an assumed fact's, a concept's without a reason) is never taken for it.
  A subgroup whose condition is unknown is enumerated both ways (`rules.Rule`); past three unknown conditions it is
  compared as if it applied, so a node of such parts only takes the value its comparisons give.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Protocol

from parser.models.criteria import OPS, AllOf, AnyOf, Comparison, Concept, Expr, Not
from parser.models.patient import Patient
from parser.models.walk import children, iter_nodes
from parser.screen import asking, terms
from parser.screen.concepts import SEXES, UPPER_BOUNDS, ConceptLeaf, ConceptTest, concept_test
from parser.screen.facts import Facts, Outcome, Tri, number, quantity
from parser.screen.labels import OrganFunctionLabel, organ_systems
from parser.screen.lesions import lesion_count, lesion_distance, settled_by_lesions
from parser.screen.measure import DERIVED, Threshold, comparison
from parser.screen.windows import blocked, from_start, is_lab_window, window_days
from parser.screen.words import screening_terms
from parser.vocabulary import find_measures, threshold_unit
from parser.vocabulary.measure_ranges import measures_for

Evaluator = Callable[[Facts, bool], Outcome]
"""A compiled node: the facts and the node's neutral value in, its outcome out."""
_LOWER_BOUNDS = frozenset({">", ">="})


class Condition(Protocol):
    """A fact a subgroup condition asks for, which `rules.Rule` assumes each way when it is unknown."""

    @property
    def key(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def domain(self) -> tuple[object, ...]: ...
    def fact(self, facts: Facts) -> Outcome: ...


def kleene(outcomes: Sequence[Outcome], decisive: bool) -> Outcome:
    """`all` (decisive False) or `any` (decisive True): the decisive value wins, then unknown; the reason
    is that of the parts with the winning value, joined."""
    if not outcomes:
        return not decisive, "", False
    value: Tri = not decisive
    for outcome in outcomes:
        if outcome[0] is decisive:
            value = decisive
            break
        if outcome[0] is None:
            value = None
    said: dict[str, None] = {}
    hit, hits, computed = outcomes[0], 0, False
    for outcome in outcomes:
        if outcome[0] is value:
            hit, hits, computed = outcome, hits + 1, computed or outcome[2]
            if outcome[1]:
                said[outcome[1]] = None
    return hit if hits == 1 else (value, "; ".join(said), computed)


@dataclass(frozen=True, slots=True)
class ComparisonLeaf:
    """A comparison as a fact; inside a subgroup condition it is remembered per patient (`memoised`), as several
    thresholds, every assumption and other trials ask for it."""

    key: str
    """What names it among a criterion's subgroup conditions: equal thresholds of one measure are one condition."""
    identity: str
    """All its threshold is made of (the measure as written, the limit, the note on its subgroup): with the lab
    window, the key of `Facts.memo`, which the criteria of every trial screened share."""
    name: str
    compared: Evaluator
    memoised: bool
    domain: tuple[object, ...] = (True, False)

    def fact(self, facts: Facts) -> Outcome:
        if facts.assume and self.key in facts.assume:
            return bool(facts.assume[self.key]), "", False
        if not self.memoised:
            return self.compared(facts, False)
        memo_key = (self.identity, facts.window)
        found = facts.memo.get(memo_key)
        if found is None:
            found = facts.memo[memo_key] = self.compared(facts, False)
        return found


@dataclass(frozen=True, slots=True)
class FixedLeaf:
    """A concept no record can settle (a window ahead or anchored after screening): unknown unless assumed."""

    key: str
    name: str
    reason: str
    domain: tuple[object, ...] = (True, False)
    not_for_men: bool = False
    """A pregnancy planned by the patient herself: a male patient cannot hold it."""

    def fact(self, facts: Facts) -> Outcome:
        if facts.assume and self.key in facts.assume:
            return bool(facts.assume[self.key]), "", False
        if self.not_for_men and facts.patient.sex == "male":
            return False, f"{self.name}: a pregnancy planned, which a male patient cannot hold", False
        return None, self.reason, False


@dataclass
class Compiled:
    """A criterion's expression as one evaluator, with what `rules.Rule` needs to know about it."""

    evaluate: Evaluator
    conditions: tuple[Condition, ...]
    patient_dependent: bool
    """False when every leaf gives the same outcome for every patient: the result is made once."""
    to_confirm: bool
    """Whether a part is confirmed at enrolment."""
    lab_window: float | None
    """The shortest laboratory window the criterion states, in days: how old its readings may be."""
    by_record: bool | None
    """None unless every leaf a patient settles is a concept found by the record of conditions and treatments
    alone (`Facts.record`); then whether that record must hold their dates."""
    labels: tuple[OrganFunctionLabel, ...] = ()
    """Labels of adequate organ function, decided by the trial's other criteria (`labels`; linked by the trial)."""
    categories: frozenset[str] = frozenset()
    """The categories of the measures its thresholds are on ("hematology"): which organ systems it tests."""
    settles: bool = False
    """Whether the values of its conditions settle which subgroup thresholds apply (`compile_variant`): true when
    every condition is a concept of two values, and concepts sharing a key are one test."""


def compile_expr(root: Expr, text: str = "", history: bool = False) -> Compiled:
    """Compile a criterion's expression; its `text` says whether a treatment is asked for as current and a condition
    as history, and so may the lead to the list it is an item of (`history`: "No history of any of the
    following:")."""
    compiler = _Compiler(root, text.lower(), history)
    evaluate = compiler.build(root)
    compiler.share_facts_asked_twice()
    windows = [window_days(node) for node in compiler.nodes
               if isinstance(node, Concept) and is_lab_window(node, compiler.category(node))]
    return Compiled(evaluate, tuple(compiler.conditions.values()), compiler.patient_dependent, compiler.to_confirm,
                    min(windows, default=None), compiler.dated if compiler.by_record else None,
                    tuple(compiler.labels), frozenset(compiler.categories),
                    compiler.settles and bool(compiler.conditions))


def compile_variant(root: Expr, text: str, history: bool, values: Mapping[str, bool]) -> Evaluator:
    """The criterion's evaluator for one set of values of its conditions (by key; `Compiled.settles`): each subgroup
    threshold is the comparison where its condition holds under them and the neutral value where it does not, as
    `_subgroup` would find it. Conditions assumed while they are enumerated (`rules.Rule`) are still named in
    `Facts.assume`, for the comparisons a condition also asks."""
    probe = Facts(_NO_PATIENT, None, None)
    probe.assume = values
    return _Compiler(root, text.lower(), history, settled=probe).build(root)


_NO_PATIENT = Patient()
"""The patient of the facts a variant's conditions are read from: every one is assumed, none is looked up."""


def _neutral(reason: str) -> Evaluator:
    def neutral_part(facts: Facts, neutral: bool) -> Outcome:
        return neutral, reason, False
    return neutral_part


def _constant(value: bool) -> Evaluator:
    def constant(facts: Facts, neutral: bool) -> Outcome:
        return value, "", False
    return constant


_OFF = _neutral("")
"""A part that only takes the neutral value of where it sits: a laboratory window that bounds the age of the
readings."""
_EMPTY = {value: _constant(value) for value in (True, False)}
"""An `all` (True) or `any` (False) whose every part only took its neutral value (`_OFF`): its value without them."""
_NOT_APPLYING: dict[bool, Outcome] = {value: (value, "", False) for value in (True, False)}
"""The outcome of a subgroup threshold that does not apply to the patient, and of a node none of whose parts applies:
one object per neutral value, built here once (from a variable, so never a constant shared with other code)."""


def _skipped(facts: Facts, neutral: bool) -> Outcome:
    """In a variant, a subgroup threshold that does not apply under its settled conditions."""
    return _NOT_APPLYING[neutral]


def _combined(parts: tuple[Evaluator, ...], decisive: bool) -> Evaluator:
    """An `all` (decisive False) or `any` (decisive True), by `kleene`; a pair, most nodes, is decided in place,
    without building a list of its parts' outcomes."""
    part_neutral = not decisive
    skipped = _NOT_APPLYING[part_neutral]
    if len(parts) == 2:
        first, second = parts

        def pair(facts: Facts, neutral: bool) -> Outcome:
            one, other = first(facts, part_neutral), second(facts, part_neutral)
            if one is skipped and other is skipped:
                return _NOT_APPLYING[neutral]
            if one[0] is not other[0]:
                return one if one[0] is decisive or (one[0] is None and other[0] is not decisive) else other
            said, also = one[1], other[1]
            return one[0], (f"{said}; {also}" if said and also and said != also else said or also), one[2] or other[2]
        return pair

    def combined(facts: Facts, neutral: bool) -> Outcome:
        outcomes: list[Outcome] = []  # a loop: a comprehension here would be a closure made per call
        applies = False
        for part in parts:
            outcome = part(facts, part_neutral)
            outcomes.append(outcome)
            applies = applies or outcome is not skipped
        return kleene(outcomes, decisive) if applies else _NOT_APPLYING[neutral]
    return combined


def _negation(inner: Evaluator) -> Evaluator:
    def negation(facts: Facts, neutral: bool) -> Outcome:
        outcome = inner(facts, not neutral)
        if outcome is _NOT_APPLYING[not neutral]:
            return _NOT_APPLYING[neutral]
        value, reason, computed = outcome
        return None if value is None else not value, reason, computed
    return negation


def _comparison_of(leaf: ComparisonLeaf) -> Evaluator:
    """A comparison outside subgroup conditions that a subgroup condition also asks: compared directly unless
    an assumption names it."""
    fact, compared = leaf.fact, leaf.compared

    def evaluate(facts: Facts, neutral: bool) -> Outcome:
        return fact(facts) if facts.assume else compared(facts, neutral)
    return evaluate


def _fact_of(leaf: Condition) -> Evaluator:
    fact = leaf.fact

    def evaluate(facts: Facts, neutral: bool) -> Outcome:
        return fact(facts)
    return evaluate


def _applies(facts: Facts, when: Evaluator | None, overridden_by: tuple[Evaluator, ...]) -> Tri:
    """Whether a subgroup threshold applies: its `when` holds, or no subgroup overrides it."""
    if when is not None:
        return when(facts, False)[0]
    overridden = kleene([other(facts, False) for other in overridden_by], True)[0]
    return None if overridden is None else not overridden


def _subgroup(comparison: Evaluator, when: Evaluator | None, overridden_by: tuple[Evaluator, ...],
              note: str) -> Evaluator:
    """A comparison that applies only when its `when` holds, or unless a subgroup overrides its threshold;
    where it does not apply it takes the neutral value of where it sits."""

    def subgroup(facts: Facts, neutral: bool) -> Outcome:
        applies = _applies(facts, when, overridden_by)
        if applies is False:
            return _NOT_APPLYING[neutral]
        value, reason, computed = comparison(facts, neutral)
        if applies is None and value is not neutral:
            return None, f"{reason}{note}, and whether that applies is unknown", computed
        return value, reason, computed
    return subgroup


@dataclass
class _Compiler:
    """Turns one criterion's `Expr` into an evaluator, knowing its overrides and lab windows."""

    root: Expr
    text: str
    """The criterion's text in lower case, where a cue of a current treatment ("receiving X") is looked for."""
    history: bool = False
    """Whether the lead to the list the criterion is an item of asks for its conditions as history."""
    settled: Facts | None = None
    """For a variant (`compile_variant`): facts assuming a value for every condition, which settle each subgroup."""
    nodes: tuple[Expr, ...] = field(init=False)
    """Every node of the main tree, walked once."""
    overrides: dict[int, list[Expr]] = field(init=False)
    assumable: frozenset[str] = field(init=False)
    """The comparisons a subgroup condition asks, which an assumption may name while it is enumerated."""
    lab_windows_are_neutral: bool = field(init=False)
    conditions: dict[str, Condition] = field(default_factory=dict)
    asked: dict[str, tuple[ConceptLeaf, int]] = field(default_factory=dict)
    """Each concept the main tree asks (by key), with how many times it asks it."""
    patient_dependent: bool = False
    to_confirm: bool = False
    by_record: bool = True
    dated: bool = False
    labels: list[OrganFunctionLabel] = field(default_factory=list)
    categories: set[str] = field(default_factory=set)
    settles: bool = True
    sensitive: set[Evaluator] = field(default_factory=lambda: {_OFF, _skipped})
    """The nodes built whose outcome depends on the neutral value they are given (`_combination`)."""
    confirmed: dict[Evaluator, str] = field(default_factory=dict)
    """The nodes confirmed at enrolment, with their reasons: a node of nothing else is confirmed too."""

    def __post_init__(self) -> None:
        self.nodes = tuple(iter_nodes(self.root, conditions=False))
        self.overrides = _overrides(self.nodes)
        whens = (node.when for node in self.nodes if isinstance(node, Comparison))
        self.assumable = frozenset(_comparison_key(inner) for when in whens for inner in iter_nodes(when)
                                   if isinstance(inner, Comparison))
        self.lab_windows_are_neutral = any(isinstance(node, Comparison) for node in self.nodes)

    def share_facts_asked_twice(self) -> None:
        """A concept the tree asks more than once is one fact ("Arm 1: no prior chemotherapy. Arm 2: prior
        chemotherapy"): where the record leaves it unknown it is assumed each way, as a subgroup condition is, and
        the criterion is known when every assumption agrees (Kleene logic alone finds "X or not X" unknown)."""
        for key, (leaf, times) in self.asked.items():
            if times > 1 and key not in self.conditions:
                self.conditions[key] = leaf
                self.settles = False  # no variant: the evaluator reads the assumed value where the concept is asked

    def build(self, expr: Expr, *, in_when: bool = False) -> Evaluator:
        match expr:
            case AllOf():
                return self._combination(tuple(self.build(item, in_when=in_when) for item in expr.all), False)
            case AnyOf():
                return self._combination(tuple(self.build(item, in_when=in_when) for item in expr.any), True)
            case Not():
                inner = self.build(expr.not_, in_when=in_when)
                negation = _negation(inner)
                if inner in self.sensitive:
                    self.sensitive.add(negation)
                return negation
            case Comparison():
                return self._comparison(expr, in_when)
            case Concept():
                return self._concept(expr, in_when)
        raise TypeError(type(expr))

    def _combination(self, parts: tuple[Evaluator, ...], decisive: bool) -> Evaluator:
        """An `all` or `any` of its parts, without those that only take its neutral value (`_OFF`, or an `_EMPTY`
        node of that value): such a part gives no reason and the value the node's other parts are neutral at, which
        changes neither the node's value nor its reason (`kleene`), so a node left with one part is that part, and
        one left with none is its value alone."""
        part_neutral = not decisive
        kept = tuple(part for part in parts
                     if part is not _OFF and part is not _skipped and part is not _EMPTY[part_neutral])
        if kept and all(part in self.confirmed for part in kept):
            # "compliance … in the opinion of the Investigator": confirmed at enrolment as a whole, never decided by
            # the value its parts are neutral at inside it (an exclusion's `all` of two had excluded every patient)
            return self._confirmed("; ".join(dict.fromkeys(self.confirmed[part] for part in kept)))
        if len(kept) == len(parts):
            return _combined(parts, decisive)
        if not kept:
            return _skipped if _skipped in parts else _EMPTY[part_neutral]
        if len(kept) == 1 and kept[0] not in self.sensitive:  # (one that reads `neutral` must be given the node's)
            return kept[0]
        return _combined(kept, decisive)

    def _confirmed(self, reason: str) -> Evaluator:
        """A node confirmed at enrolment: the neutral value of whatever holds it, with the reason saying so."""
        confirmed = _neutral(reason)
        self.sensitive.add(confirmed)
        self.confirmed[confirmed] = reason
        return confirmed

    def _comparison(self, expr: Comparison, in_when: bool) -> Evaluator:
        """The comparison's evaluator, wrapped in a subgroup when a condition decides whether it applies."""
        self.patient_dependent, self.by_record = True, False
        overrides = self.overrides.get(id(expr), [])
        note = _note(expr, overrides)
        compared = comparison(self._threshold(expr, note))
        if (distance := lesion_distance(expr.measure, expr.op, expr.value, expr.unit)) is not None:
            compared = settled_by_lesions(compared, distance)
        leaf = ComparisonLeaf(_comparison_key(expr), _comparison_identity(expr, note), expr.measure, compared,
                              memoised=in_when)
        if in_when:
            self.conditions.setdefault(leaf.key, leaf)
            self.settles = False
        if in_when:
            evaluate = _fact_of(leaf)
        else:
            evaluate = _comparison_of(leaf) if leaf.key in self.assumable else leaf.compared
        if expr.when is None and not overrides:
            return evaluate
        when = self.build(expr.when, in_when=True) if expr.when is not None else None
        overridden_by = tuple(self.build(w, in_when=True) for w in overrides)
        if self.settled is not None:
            applies = _applies(self.settled, when, overridden_by)
            if applies is not None:
                return evaluate if applies else _skipped
        subgroup = _subgroup(evaluate, when, overridden_by, note)
        self.sensitive.add(subgroup)
        return subgroup

    def _threshold(self, expr: Comparison, note: str) -> Threshold:
        found = measures_for(expr.measure, expr.loinc, None if expr.relative_to else expr.unit)
        self.categories.update(m.category for m in found)
        keys = tuple(f"m:{m.key}" for m in found) + ((f"l:{expr.loinc}",) if expr.loinc else ())
        keys += (f"n:{expr.measure.strip().lower()}",)
        names = {expr.measure.lower(), *([expr.loinc] if expr.loinc else [])}
        for m in found:
            names |= {m.key, m.name.lower(), *(a.lower() for a in m.abbreviations), *([m.loinc] if m.loinc else [])}
        limit = f"{number(expr.value)} x {expr.relative_to}" if expr.relative_to else quantity(expr.value, expr.unit)
        derive = next((DERIVED[m.key] for m in found if m.key in DERIVED), None)
        if not found and not expr.relative_to:
            derive = lesion_count(expr.measure, expr.unit)
        return Threshold(
            name=expr.measure, keys=keys, derive=derive,
            test=OPS[expr.op], value=expr.value, unit=threshold_unit(found, expr.unit), relative_to=expr.relative_to,
            molar_mass=next((m.molar_mass for m in found if m.molar_mass), None),
            limit_unit=found[0].unit if found else None, limit_names=tuple(sorted(names)),
            holds_text=f" {expr.op} {limit}{note}", fails_text=f" not {expr.op} {limit}{note}")

    def category(self, concept: Concept) -> str | None:
        """The concept's category (`terms.category`); one the vocabulary does not place that is the label of a
        threshold of its criterion, its measure named right before it ("CD4 count of 350 cells/mm3 or more within 90
        days"), is that reading, whose window bounds how old it may be: laboratory. Not a denied one, nor one named
        apart from the threshold ("Use of insulin within 90 days or fasting insulin > 25 uU/mL"): a drug may share
        its name with the measure."""
        found = terms.category(concept)
        if found is None and not concept.negated and (named := find_measures(concept.concept.strip())):
            labelled = {measure.key for node in self.nodes
                        if isinstance(node, Comparison) and 0 <= node.span[0] - concept.span[1] <= _LABEL_GAP
                        for measure in find_measures(node.measure)}
            if labelled.intersection(measure.key for measure in named):
                return "laboratory"
        return found

    def _concept(self, expr: Concept, in_when: bool) -> Evaluator:
        vocabulary = screening_terms()
        category = self.category(expr)
        if category in vocabulary.enrolment_categories and not in_when:
            self.to_confirm = True
            return self._confirmed(f"{expr.concept}: to confirm at enrolment")
        if is_lab_window(expr, category) and self.lab_windows_are_neutral and not in_when:
            return _OFF
        systems = organ_systems(expr, self.text) if category in vocabulary.unrecorded_categories else ()
        if systems and not in_when:
            label = OrganFunctionLabel(expr.concept, systems)
            self.labels.append(label)
            self.patient_dependent, self.by_record = True, False
            return _negation(label.evaluate) if expr.negated else label.evaluate
        unsettled = blocked(expr, category)
        if unsettled is not None:
            own_pregnancy = (category == "pregnancy" and expr.within is not None and expr.within.direction == "ahead"
                             and not _partner_words().search(f"{self.text} {expr.concept}".lower()))
            fixed = FixedLeaf(repr(("concept", expr.concept.strip().lower())), expr.concept, unsettled,
                              not_for_men=own_pregnancy)
            self.patient_dependent |= own_pregnancy
            if in_when:
                self.conditions.setdefault(fixed.key, fixed)
                self.settles = False
            return _fact_of(fixed)
        leaf = self._record_leaf(expr, category, in_when)
        return _negation(leaf.evaluate) if expr.negated else leaf.evaluate

    def _record_leaf(self, expr: Concept, category: str | None, in_when: bool) -> ConceptLeaf:
        """The concept as a test of the patient's record, with the words around it that say how it is asked (as
        history, as current, set apart from the disease under study)."""
        self.patient_dependent = True
        written = expr.text.lower()
        history = ((self.history and not asking.names_present(self.text[:expr.span[1]]))
                   or asking.asks_history(self.text[:expr.span[0]], written, self.text[expr.span[1]:]))
        apart = terms.sets_apart(f"{terms.words_before(self.text[:expr.span[0]])} {expr.concept}")
        current = asking.asks_current(self.text, written)
        present = asking.asks_present(self.text[:expr.span[0]], expr.concept, self.text[expr.span[1]:])
        no_term = (any(isinstance(node, Comparison) and expr.span[0] <= node.span[0]
                       and node.span[1] <= expr.span[1] and node.text in expr.text for node in self.nodes)
                   or expr.within is not None and expr.within.span == expr.span)  # "within 4 weeks": no event named
        leaf = ConceptLeaf(_concept_test(expr, category, current, history, apart, present, no_term))
        self.by_record &= leaf.by_record
        self.dated |= leaf.test.window is not None
        if in_when:
            first = self.conditions.setdefault(leaf.key, leaf)
            self.settles &= (leaf.domain != SEXES and isinstance(first, ConceptLeaf) and first.test is leaf.test)
        else:
            asked = self.asked.get(leaf.key)
            self.asked[leaf.key] = (leaf, 1) if asked is None else (asked[0], asked[1] + 1)
        return leaf


@cache
def _partner_words() -> re.Pattern[str]:
    """The words that put a criterion's pregnancy on a partner (`partner_word` rows), as whole terms."""
    return terms.term_pattern(screening_terms().partner_words)


def _concept_test(expr: Concept, category: str | None, current: bool, history: bool, apart: bool,
                  present: bool, no_term: bool) -> ConceptTest:
    within = None if expr.within is None else (
        expr.within.op, expr.within.value, expr.within.unit, expr.within.since_last, from_start(expr.within))
    return concept_test(expr.concept, category, tuple(sorted(expr.codes)), within, current, history, apart, present,
                        no_term)


def _describe(expr: Expr, positive: bool = True) -> str:
    """A subgroup condition in words ("with liver metastasis"), for reasons; a fold carrying the polarity the
    negations above a node give it, so it recurses rather than walking `iter_nodes`."""
    match expr:
        case Concept():
            return ("with " if positive != expr.negated else "without ") + expr.concept
        case Not():
            return _describe(expr.not_, not positive)
        case AllOf() | AnyOf():
            conjunction = " and " if isinstance(expr, AllOf) == positive else " or "
            return conjunction.join(_describe(item, positive) for item in children(expr))
        case Comparison():
            return ("" if positive else "not ") + f"{expr.measure} {expr.op} {quantity(expr.value, expr.unit)}"
    raise TypeError(type(expr))


def _note(expr: Comparison, overrides: list[Expr]) -> str:
    if expr.when is not None:
        return f" ({_describe(expr.when)})"
    return f" ({' and '.join(_describe(w, False) for w in overrides)})" if overrides else ""


def _comparison_key(expr: Comparison) -> str:
    """What names a comparison among subgroup conditions: equal thresholds of one measure are one condition."""
    return repr(("comparison", _identity(expr), expr.op, expr.value, expr.unit, expr.relative_to))


def _comparison_identity(expr: Comparison, note: str) -> str:
    """All a comparison's `Threshold` is made of: two with the same identity give the same outcome and reason."""
    return repr(("comparison", expr.measure, expr.loinc, expr.op, expr.value, expr.unit, expr.relative_to, note))


def _identity(expr: Comparison) -> tuple[object, ...]:
    found = measures_for(expr.measure, expr.loinc, None if expr.relative_to else expr.unit)
    return tuple(sorted(m.key for m in found)) or (expr.measure.strip().lower(),)


def _direction(op: str) -> str:
    return "upper" if op in UPPER_BOUNDS else "lower" if op in _LOWER_BOUNDS else op


def _overrides(nodes: Iterable[Expr]) -> dict[int, list[Expr]]:
    """Unconditioned comparisons of a tree's nodes and the subgroup conditions that replace their threshold."""
    groups: dict[tuple[object, ...], list[Comparison]] = {}
    for node in nodes:
        if isinstance(node, Comparison):
            groups.setdefault((_identity(node), node.relative_to, _direction(node.op)), []).append(node)
    table: dict[int, list[Expr]] = {}
    for group in groups.values():
        whens = [c.when for c in group if c.when is not None]
        for default in (c for c in group if c.when is None and whens):
            table[id(default)] = whens
    return table


_LABEL_GAP = 24
"""Characters a threshold's label may stand before it ("Platelet count | must be greater than or equal to")."""
