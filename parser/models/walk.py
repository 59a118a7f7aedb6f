"""The one walk over a criteria expression, so every reader of an `Expr` agrees on what its nodes are and in which
order they come: an `all`'s or `any`'s members and a `not`'s operand are its children; a comparison's `when` is
not a child but a condition on it, entered unless the caller asks only for the main tree."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from parser.models.criteria import AllOf, AnyOf, Comparison, Expr, Not


def children(expr: Expr) -> Sequence[Expr]:
    """The operands of a boolean node, in reading order; none for a comparison or a concept."""
    if isinstance(expr, AllOf):
        return expr.all
    if isinstance(expr, AnyOf):
        return expr.any
    if isinstance(expr, Not):
        return (expr.not_,)
    return ()


def iter_nodes(expr: Expr | None, *, conditions: bool = True) -> Iterator[Expr]:
    """Every node of `expr`, pre-order (a node, then its children in reading order); with `conditions`, a
    comparison's `when` tree right after the comparison. Iterative, so no nesting depth exhausts the stack."""
    stack: list[Expr] = [] if expr is None else [expr]
    while stack:
        node = stack.pop()
        yield node
        if conditions and isinstance(node, Comparison) and node.when is not None:
            stack.append(node.when)
        else:
            stack.extend(reversed(children(node)))


def rebuilt(expr: Expr, change: Callable[[Expr], Expr]) -> Expr:
    """`expr` with `change` applied to every node of its main tree, children first: the models are frozen values,
    so a rule that alters a tree returns another (its `all`, `any` and `not` nodes made anew, its leaves kept unless
    `change` replaces them)."""
    if isinstance(expr, AllOf):
        expr = AllOf(all=[rebuilt(child, change) for child in expr.all])
    elif isinstance(expr, AnyOf):
        expr = AnyOf(any=[rebuilt(child, change) for child in expr.any])
    elif isinstance(expr, Not):
        expr = Not(**{"not": rebuilt(expr.not_, change)})
    return change(expr)


__all__ = ["children", "iter_nodes", "rebuilt"]
