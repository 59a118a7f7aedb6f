"""Disease progression, new lesions and recurrence are one concept of the table: what line-of-therapy criteria ask."""

import pytest

from parser.models.criteria import Concept
from parser.models.walk import iter_nodes
from tests.criteria.conftest import one_item


@pytest.mark.parametrize(("item", "name"), [
    ("Radiological evidence of progressive disease", "progressive disease"),
    ("Documented tumour progression", "tumour progression"),
    ("Biopsy-proven locoregional recurrence", "locoregional recurrence"),
])
def test_progression_and_recurrence_are_conditions_of_one_row(parse, item, name):
    (concept,) = [n for n in iter_nodes(parse(one_item(item)).inclusion[0].expr) if isinstance(n, Concept)]
    assert (concept.concept, concept.category) == (name, "condition")


@pytest.mark.parametrize(("item", "treatment"), [
    ("Disease progression after first-line chemotherapy", "first-line chemotherapy"),
    ("Progressive disease on or after prior immunotherapy", "immunotherapy"),
    ("Radiographic progression following androgen deprivation therapy", "androgen deprivation therapy"),
])
def test_a_progression_after_a_treatment_is_dated_after_it(parse, item, treatment):
    expr = parse(one_item(item)).inclusion[0].expr
    assert isinstance(expr, Concept) and expr.after is not None and expr.after.concept == treatment


def test_a_treatment_in_another_clause_is_no_event_the_progression_came_after(parse):
    expr = parse(one_item("Disease progression, and prior chemotherapy")).inclusion[0].expr
    assert not any(isinstance(node, Concept) and node.after is not None for node in iter_nodes(expr))


@pytest.mark.parametrize("item", ["Disease progression during prior chemotherapy",
                                  "Disease progression during or after docetaxel",
                                  "Patients who have not had disease progression after prior chemotherapy"])
def test_a_progression_whose_order_to_a_treatment_is_left_in_words_is_a_persons_to_read(parse, item):
    """"During" bounds the progression by the treatment's end too; a drug the vocabulary does not mark, or a denied
    progression, keeps its order out of the structure: who meets the item is a person's call."""
    assert parse(one_item(item)).inclusion[0].rest == "unknown"
