"""A lexicon concept beside thresholds is one way to meet a criterion only when it is a disjunct of its own
(`parser.criteria.mentions`)."""

from __future__ import annotations

import pytest

from parser.models.criteria import AnyOf, Comparison, Concept
from parser.models.walk import iter_nodes
from tests.criteria.conftest import only_criterion


def _concepts(parse, item: str, section: str = "exclusion") -> list[str]:
    criterion = only_criterion(parse, item, section)
    return [node.concept for node in iter_nodes(criterion.expr) if isinstance(node, Concept)]


def test_a_concept_with_words_of_evidence_before_an_or_is_one_way_to_meet_the_criterion(parse):
    criterion = only_criterion(parse, "Radiographic evidence of cord compression, or a tumour within 2 mm of the "
                               "spinal cord", "exclusion")
    assert isinstance(criterion.expr, AnyOf)
    concept, distance = criterion.expr.any
    assert isinstance(concept, Concept) and concept.concept == "cord compression"
    assert isinstance(distance, Comparison) and (distance.op, distance.value, distance.unit) == ("<=", 2, "mm")
    assert criterion.coverage == "full"


def test_a_concept_after_an_or_that_ends_the_item_is_one_way_too(parse):
    assert _concepts(parse, "Platelets < 50 x 10^9/L or known active infection") == ["active infection"]


def test_a_concept_that_is_the_object_of_another_word_stays_out(parse):
    assert _concepts(parse, "Prior radiotherapy to the pelvis for metastatic disease, or ANC < 1.0 x 10^9/L") == []


def test_a_severity_word_before_the_concept_keeps_it_out(parse):
    assert _concepts(parse, "Poorly managed hypertension or a diastolic pressure over 100 mmHg") == []


def test_a_concept_followed_by_its_own_condition_stays_out(parse):
    assert _concepts(parse, "Brain metastases unless stable for 4 weeks, or LVEF < 45%") == []


def test_a_concept_joined_by_a_comma_alone_stays_out(parse):
    assert _concepts(parse, "Hemoglobin < 8 g/dL, bleeding") == []


def test_the_tumour_a_distance_is_measured_from_is_part_of_the_distance(parse):
    assert only_criterion(parse, "Lesions within 5 mm of the optic chiasm", "exclusion").coverage == "full"


def test_an_or_between_modifiers_joins_no_ways(parse):
    assert _concepts(parse, "More than 2 prior regimens for locally advanced or metastatic disease") == []


def test_an_or_in_a_list_of_events_one_window_dates_joins_no_undated_ways(parse):
    criterion = only_criterion(parse, "Less than 3 weeks since prior chemotherapy or targeted therapy", "inclusion")
    concepts = [node for node in iter_nodes(criterion.expr) if isinstance(node, Concept)]
    assert [(node.concept, node.within is not None) for node in concepts] == [
        ("chemotherapy", True), ("targeted therapy", True)]


def test_a_term_that_only_modifies_the_noun_after_the_or_is_no_way(parse):
    assert _concepts(parse, "Metastatic or recurrent non-small cell lung cancer (stage IIIB or IV)", "inclusion") == []


def test_a_concept_that_is_a_sentence_of_its_own_is_one_more_requirement_of_an_inclusion(parse):
    criterion = only_criterion(parse, "CT-confirmed liver metastases. At least one measurable lesion per RECIST 1.1.")
    assert [node.concept for node in iter_nodes(criterion.expr) if isinstance(node, Concept)] == ["liver metastases"]
    assert (criterion.coverage, criterion.rest) == ("partial", "qualifier")


def test_a_sentence_that_denies_its_concept_adds_no_requirement(parse):
    assert _concepts(parse, "No confirmed liver metastases. At least one measurable lesion.", "inclusion") == []


def test_a_sentence_that_says_more_than_its_concept_adds_no_requirement(parse):
    assert _concepts(parse, "Confirmed liver metastases are allowed if resected. ECOG 0-1.", "inclusion") == []


def test_a_concept_sentence_beside_a_threshold_of_an_exclusion_stays_out(parse):
    assert _concepts(parse, "Confirmed liver metastases. Hemoglobin < 9 g/dL.", "exclusion") == []


@pytest.mark.parametrize("item", [
    "Pregnancy test. Women of childbearing potential must have a negative pregnancy test; age >= 18",
    "Creatinine clearance >= 50 mL/min. At least one prior line (e.g., confirmed chemotherapy; immunotherapy)",
])
def test_a_title_or_a_bracketed_example_is_no_sentence_of_its_own(parse, item):
    assert "chemotherapy" not in _concepts(parse, item, "inclusion") and "pregnancy test" not in [
        c.lower() for c in _concepts(parse, item, "inclusion")]
