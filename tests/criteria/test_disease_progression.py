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
