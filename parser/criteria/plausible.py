"""Thresholds no patient value could sensibly be held against: "age ≥ 500 years", a platelet count of 1e100 (a
number cut at the engine's reading limit), a canonical value that overflowed. They are kept as written, and their
criterion says a person must read it (a note and `rest: unknown`), so a screener never decides on them alone.
The ranges and the judgement are the vocabulary's (`parser.vocabulary.measure_ranges`), the rule the screener flags
patient values by: one rule for both."""

from __future__ import annotations

import math

from parser.models.criteria import Comparison, Expr
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
