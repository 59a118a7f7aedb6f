"""Thresholds no patient value could sensibly be held against: "age ≥ 500 years", a platelet count of 1e100 (a
number cut at the engine's reading limit), a canonical value that overflowed, and bounds that all of one group asks
of one measure but no value meets together ("ASA 1 or 2 (ASA 1 corresponding to …)" read as ASA == 1 and ASA == 2).
They are kept as written, and their criterion says a person must read it (a note and `rest: unknown`), so a
screener never decides on them alone (an inclusion no patient meets, an exclusion none has).
The ranges and the judgement are the vocabulary's (`parser.vocabulary.measure_ranges`), the rule the screener flags
patient values by: one rule for both."""

from __future__ import annotations

import math
from itertools import combinations

from parser.models.criteria import OPS, AllOf, Comparison, Expr
from parser.models.walk import iter_nodes
from parser.vocabulary.measure_ranges import implausible, measures_for


def implausible_thresholds(expr: Expr | None) -> list[str]:
    """One note for each comparison of `expr` (conditions and negations included) outside its measure's range."""
    return [note for node in iter_nodes(expr) if isinstance(node, Comparison) and (note := _check(node)) is not None]


def _check(node: Comparison) -> str | None:
    canonical = node.canonical.value if node.canonical is not None else node.value
    if not (math.isfinite(node.value) and math.isfinite(canonical)):
        return f"implausible threshold: {node.text!r} is not a finite number; read it in the text"
    if node.relative_to:
        return None
    reason = next((found for measure in measures_for(node.measure, node.loinc, node.unit)[:1]
                   if (found := implausible(measure.key, node.value, node.unit))), None)
    return None if reason is None else f"implausible threshold: {reason}; read it in the text"


def unmeetable_bounds(expr: Expr | None) -> list[str]:
    """One note for each pair of comparisons an `all` group holds on one measure, in one unit and for everyone (no
    `when`), that no value meets together: a misreading of alternatives, groups or a worked example."""
    notes: list[str] = []
    for node in iter_nodes(expr):
        if not isinstance(node, AllOf):
            continue
        bounds = [part for part in node.all if isinstance(part, Comparison) and part.when is None]
        for one, other in combinations(bounds, 2):
            if ((one.measure, one.unit, one.relative_to) == (other.measure, other.unit, other.relative_to)
                    and not _jointly_met((one.op, one.value), (other.op, other.value))):
                notes.append(f"contradictory thresholds: {one.text!r} and {other.text!r} cannot both hold; read it "
                             "in the text")
    return notes


_UPPER = ("<", "<=")


def _jointly_met(one: tuple[str, float], other: tuple[str, float]) -> bool:
    """Whether some value meets both bounds, each an (op, value)."""
    for (op, value), (other_op, other_value) in ((one, other), (other, one)):
        if op == "==":
            return OPS[other_op](value, other_value)
    upper = [bound for bound in (one, other) if bound[0] in _UPPER]
    if len(upper) != 1:
        return True  # two bounds from one side always meet
    (high_op, high), (low_op, low) = upper[0], one if upper[0] is other else other
    return low < high or (low == high and low_op == ">=" and high_op == "<=")
