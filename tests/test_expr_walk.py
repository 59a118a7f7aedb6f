"""`iter_nodes` and `children`: the one walk over a criteria expression (`parser.models.walk`) that the engine, the
screener and the tests share. Pre-order in reading order, every node kind, a comparison's `when` right after it
unless only the main tree is asked for."""

from __future__ import annotations

import sys
from collections.abc import Iterable

from parser.models import AllOf, AnyOf, Comparison, Concept, Expr, Not, children, iter_nodes, rebuilt


def concept(name: str) -> Concept:
    return Concept(concept=name, text=name, span=(0, len(name)))


def comparison(measure: str, value: float, when: Expr | None = None) -> Comparison:
    return Comparison(measure=measure, op="<", value=value, unit="1", when=when, text=measure, span=(0, 1))


def names(nodes: Iterable[Expr]) -> list[str]:
    """Each node by a short name: its kind, and the concept or measure of a leaf."""
    found = []
    for node in nodes:
        if isinstance(node, Concept):
            found.append(f"concept {node.concept}")
        elif isinstance(node, Comparison):
            found.append(f"comparison {node.measure}")
        else:
            found.append(type(node).__name__)
    return found


# all(A, any(not(B), PLT < 100 when not(liver metastasis and AST < 3 when cirrhosis)), C)
CONDITION = AllOf(all=[concept("liver metastasis"), comparison("AST", 3, when=concept("cirrhosis"))])
TREE = AllOf(all=[
    concept("A"),
    AnyOf(any=[Not(**{"not": concept("B")}), comparison("PLT", 100, when=Not(**{"not": CONDITION}))]),
    concept("C"),
])


def test_every_node_comes_pre_order_in_reading_order_with_each_condition_after_its_comparison() -> None:
    assert names(iter_nodes(TREE)) == [
        "AllOf", "concept A", "AnyOf", "Not", "concept B", "comparison PLT",
        "Not", "AllOf", "concept liver metastasis", "comparison AST", "concept cirrhosis",
        "concept C",
    ]


def test_the_main_tree_leaves_the_conditions_out() -> None:
    assert names(iter_nodes(TREE, conditions=False)) == [
        "AllOf", "concept A", "AnyOf", "Not", "concept B", "comparison PLT", "concept C"]


def test_the_nodes_are_the_trees_own_objects() -> None:
    (plt,) = (node for node in iter_nodes(TREE) if isinstance(node, Comparison) and node.measure == "PLT")
    assert plt is TREE.all[1].any[1]


def test_a_leaf_is_its_only_node_and_no_expression_has_none() -> None:
    leaf = concept("pregnancy")
    assert list(iter_nodes(leaf)) == [leaf]
    assert list(iter_nodes(None)) == []


def test_children_are_the_operands_of_each_boolean_kind_and_no_leaf_has_any() -> None:
    a, b = concept("A"), concept("B")
    assert list(children(AllOf(all=[a, b]))) == [a, b]
    assert list(children(AnyOf(any=[b, a]))) == [b, a]
    assert list(children(Not(**{"not": a}))) == [a]
    assert list(children(comparison("PLT", 100, when=a))) == []  # a condition, not an operand
    assert list(children(a)) == []


def test_a_tree_deeper_than_the_recursion_limit_is_walked() -> None:
    depth = sys.getrecursionlimit() + 100
    tree: Expr = concept("bottom")
    for _ in range(depth):
        tree = Not.model_construct(not_=tree)  # built without validation, which would recurse as deep
    assert names(iter_nodes(tree))[-1] == "concept bottom" and sum(1 for _ in iter_nodes(tree)) == depth + 1


def test_rebuilt_applies_a_change_to_every_node_children_first_and_returns_new_nodes():
    first, second = concept("first"), concept("second")
    tree = AnyOf(any=[first, Not(**{"not": second})])
    renamed = rebuilt(tree, lambda node: node.model_copy(update={"concept": node.concept.upper()})
                      if isinstance(node, Concept) else node)
    assert [node.concept for node in iter_nodes(renamed) if isinstance(node, Concept)] == ["FIRST", "SECOND"]
    assert [node.concept for node in iter_nodes(tree) if isinstance(node, Concept)] == ["first", "second"]
