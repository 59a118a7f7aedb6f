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


@pytest.mark.parametrize("item", ["Disease progression after first-line chemotherapy",
                                  "Disease progression during or after docetaxel",
                                  "Patients who have not had disease progression after prior chemotherapy",
                                  "Radiographic progression of brain metastases",
                                  "Disease progression in the liver"])
def test_a_progression_ordered_after_another_event_or_placed_at_a_site_is_a_persons_to_read(parse, item):
    """No record of conditions says what a progression came after (or during), nor where it was: who meets the item
    is a person's call, not the progression's alone."""
    assert parse(one_item(item)).inclusion[0].rest == "unknown"
