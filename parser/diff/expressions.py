"""What changed in meaning inside one criterion: its expression trees compared atom by atom.

An atom is one comparison or concept, keyed by what it is about (measure, bound, subgroup), not by its value,
so a threshold moved from 100 to 75 is reported as that ("platelet count threshold 100 → 75 10*9/L"), an atom
without a partner as added or removed, and the same atoms under other and/or/not as a change of logic.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from parser.diff.wording import amount, match_by_key, normalize, shift
from parser.models.criteria import AllOf, AnyOf, Comparison, Concept, Expr, Not

_BOUND = {">": "min", ">=": "min", "<": "max", "<=": "max", "==": "eq"}
_OP_WORDS = {"<": "below", "<=": "at most", ">": "above", ">=": "at least", "==": "exactly"}
_NAMED_BOUNDS = frozenset({"age"})  # measures whose limits readers call "min"/"max", as the registry's age fields do


@dataclass(frozen=True)
class Atom:
    """One comparison or concept of an expression, keyed by what it is about (not by its value)."""

    key: tuple[Any, ...]
    label: str
    node: Comparison | Concept
    negated: bool


def _describe(expr: Expr) -> str:
    """A condition in a few words, to tell "PLT (if liver metastasis)" from "PLT (if no liver metastasis)"; a fold
    over the tree (each node's words are made of its children's), not a walk, so it recurses."""
    match expr:
        case AllOf(all=items):
            return " and ".join(_describe(item) for item in items)
        case AnyOf(any=items):
            return " or ".join(_describe(item) for item in items)
        case Not(not_=inner):
            return f"no {_describe(inner)}"
        case Comparison():
            return f"{expr.measure} {expr.op} {amount(expr.value, expr.unit, expr.relative_to)}"
        case Concept():
            return f"no {expr.concept}" if expr.negated else expr.concept
    raise TypeError(f"not an expression: {type(expr).__name__}")


def atoms(expr: Expr | None, negated: bool = False) -> list[Atom]:
    """The comparisons and concepts of the main tree, in reading order; its own recursion, as `iter_nodes` does not
    carry the count of negations above a node."""
    match expr:
        case None:
            return []
        case AllOf(all=items) | AnyOf(any=items):
            return [atom for item in items for atom in atoms(item, negated)]
        case Not(not_=inner):
            return atoms(inner, not negated)
        case Comparison():
            measure = expr.loinc or normalize(expr.measure)
            bound = _BOUND[expr.op]
            when = normalize(_describe(expr.when)) if expr.when else None
            label = ("not " if negated else "") + expr.measure
            label += f" {bound}" if normalize(expr.measure) in _NAMED_BOUNDS else ""
            label += f" (if {_describe(expr.when)})" if expr.when else ""
            return [Atom(("comparison", measure, bound, expr.relative_to, when, negated), label, expr, negated)]
        case Concept():
            return [Atom(("concept", normalize(expr.concept)), expr.concept, expr, negated != expr.negated)]
    raise TypeError(f"not an expression: {type(expr).__name__}")


def _skeleton(expr: Expr | None) -> str:
    """The expression's logic with values left out: tells "A and B" from "A or B" over the same atoms; a fold, like
    `_describe`."""
    match expr:
        case None:
            return ""
        case AllOf(all=items):
            return "all(" + ",".join(sorted(_skeleton(item) for item in items)) + ")"
        case AnyOf(any=items):
            return "any(" + ",".join(sorted(_skeleton(item) for item in items)) + ")"
        case Not(not_=inner):
            return f"not({_skeleton(inner)})"
    return repr(atoms(expr)[0].key)


def _same_threshold(old: Comparison, new: Comparison) -> bool:
    """Equal as written, or restated in another unit with the same canonical value (9 g/dL == 90 g/L)."""
    if (old.value, old.unit) == (new.value, new.unit):
        return True
    if old.canonical is None or new.canonical is None:
        return False
    return old.canonical.unit == new.canonical.unit and abs(old.canonical.value - new.canonical.value) < 1e-9


def _bound_phrase(atom: Atom) -> str:
    node = atom.node
    assert isinstance(node, Comparison)
    said = amount(node.value, node.unit, node.relative_to)
    named = normalize(node.measure) in _NAMED_BOUNDS and node.op in {"<=", ">="}  # "age max: 75", not "at most 75"
    return said if named else f"{_OP_WORDS[node.op]} {said}"


def _presence(atom: Atom, verb: str) -> str:
    """"age max added: 75 years", "metastatic lesions: at most 5 added", "no prior radiotherapy removed"."""
    if isinstance(atom.node, Concept):
        return f"{'no ' if atom.negated else ''}{atom.label} {verb}"
    if normalize(atom.node.measure) in _NAMED_BOUNDS:
        return f"{atom.label} {verb}: {_bound_phrase(atom)}"
    return f"{atom.label}: {_bound_phrase(atom)} {verb}"


def _comparison_changes(label: str, old: Comparison, new: Comparison) -> list[str]:
    phrases = [f"{label} operator {old.op} → {new.op}"] if old.op != new.op else []
    if not _same_threshold(old, new):
        phrases.append(f"{label} threshold {shift((old.value, old.unit), (new.value, new.unit), new.relative_to)}")
    return phrases


def _concept_changes(old: Atom, new: Atom) -> list[str]:
    phrases = [f"{new.label}: negation {'added' if new.negated else 'removed'}"] if old.negated != new.negated else []
    before, after = old.node.within, new.node.within  # type: ignore[union-attr]
    label = f"{new.label} window"
    if before and after:
        if before.op != after.op:
            phrases.append(f"{label} operator {before.op} → {after.op}")
        if (before.value, before.unit) != (after.value, after.unit):
            phrases.append(f"{label} {shift((before.value, before.unit), (after.value, after.unit))}")
        if before.direction != after.direction:
            phrases.append(f"{label} {before.direction} → {after.direction}")
        if before.since_last != after.since_last:
            phrases.append(f"{label} {'now' if after.since_last else 'no longer'} a washout (time since the last one)")
    elif (window := after or before) is not None:
        phrases.append(f"{label} {'added' if after else 'removed'}: within {amount(window.value, window.unit)}")
    return phrases


def _direction(atom: Atom) -> str | None:
    node = atom.node
    return node.within.direction if isinstance(node, Concept) and node.within is not None else None


def _paired(before: list[Atom], after: list[Atom]) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Atoms paired by key, those whose windows look the same way first: a criterion may name one concept twice,
    once in the past and once ahead ("major surgery within 4 weeks, or planned during the next 12"), and a change of
    one must pair it with itself whatever the order; a lone window turned ahead still pairs with its old self."""
    pairs, removed, added = match_by_key(before, after, lambda atom: (atom.key, _direction(atom)))
    more, still_removed, still_added = match_by_key([before[i] for i in removed], [after[j] for j in added],
                                                    lambda atom: atom.key)
    pairs += [(removed[i], added[j]) for i, j in more]
    return sorted(pairs), [removed[i] for i in still_removed], [added[j] for j in still_added]


def expr_changes(old: Expr | None, new: Expr | None) -> list[str]:
    """What changed in meaning between two expressions, one phrase per atom changed, added or removed."""
    before, after = atoms(old), atoms(new)
    pairs, removed, added = _paired(before, after)
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



__all__ = ["Atom", "atoms", "expr_changes"]
