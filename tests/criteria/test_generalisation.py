"""Layouts and shorthand of real registry text the engine must read without having seen the trial.

Each text here was written for its test, in the style of the legacy NCI/PDQ and lab-table records.
"""

from __future__ import annotations

from parser.models.criteria import Comparison

from tests.criteria.conftest import comparisons, walk

PDQ_BLOCK = """
        PATIENT CHARACTERISTICS:

        Age:

          -  21 and over

        Performance status:

          -  SWOG 0-1

        Life expectancy:

          -  More than 16 weeks

        Hematopoietic:

          -  WBC at least 3,500/mm^3
"""


def test_a_label_line_names_the_measure_of_the_items_under_it(parse):
    found = comparisons(parse(PDQ_BLOCK))
    assert ("age", ">=", 21, "a") in found
    assert ("life expectancy", ">", 16, "wk") in found


def test_a_scale_named_in_one_word_under_a_label_keeps_the_label_measure(parse):
    found = comparisons(parse(PDQ_BLOCK))
    assert ("ECOG performance status", "<=", 1, "1") in found


def test_a_label_after_a_blank_line_is_not_the_end_of_the_item_above(parse):
    document = parse(PDQ_BLOCK)
    texts = [c.text for c in document.inclusion]
    assert "21 and over" in texts
    assert "Performance status:" in texts


def test_items_under_a_label_are_its_children(parse):
    document = parse(PDQ_BLOCK)
    label = next(c for c in document.inclusion if c.text == "Life expectancy:")
    item = next(c for c in document.inclusion if c.text == "More than 16 weeks")
    assert item.parent == label.id


def _only(document) -> Comparison:
    found = [n for c in document.inclusion for n in walk(c.expr) if isinstance(n, Comparison)]
    assert len(found) == 1, found
    return found[0]


def test_a_count_without_a_unit_is_read_per_microlitre_by_its_magnitude(parse):
    node = _only(parse("Inclusion Criteria:\n\n  -  Platelet count of at least 75,000"))
    assert (node.value, node.unit, node.unit_inferred) == (75000, "/uL", True)


def test_the_same_count_in_giga_per_litre_magnitude_is_read_so(parse):
    node = _only(parse("Inclusion Criteria:\n\n  -  Platelets at least 75"))
    assert (node.unit, node.unit_inferred) == ("10*9/L", True)


def test_haemoglobin_without_a_unit_is_read_in_grams_per_decilitre(parse):
    node = _only(parse("Inclusion Criteria:\n\n  -  Hemoglobin > 9.5"))
    assert (node.unit, node.unit_inferred) == ("g/dL", True)
    assert node.canonical is not None and node.canonical.value == 9.5


def test_a_value_outside_every_conventional_range_gets_no_guessed_unit(parse):
    node = _only(parse("Inclusion Criteria:\n\n  -  Platelets at least 3000"))
    assert node.unit == "{unspecified}"
    assert node.unit_inferred is False


def test_a_written_unit_is_not_marked_inferred(parse):
    node = _only(parse("Inclusion Criteria:\n\n  -  Hemoglobin > 95 g/L"))
    assert (node.unit, node.unit_inferred) == ("g/L", False)
