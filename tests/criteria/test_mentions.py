"""Which concept mentions become nodes of a criterion's expression (`parser.criteria.mentions`)."""

from __future__ import annotations

from parser.models.criteria import Comparison, Concept
from parser.models.walk import iter_nodes
from tests.criteria.conftest import only_criterion


def _concepts(parse, item: str, section: str = "inclusion") -> list[tuple[str, bool]]:
    expr = only_criterion(parse, item, section).expr
    return [(node.concept, node.negated) for node in iter_nodes(expr, conditions=False) if isinstance(node, Concept)]


def _measures(parse, item: str, section: str = "exclusion") -> list[str]:
    expr = only_criterion(parse, item, section).expr
    return [node.measure for node in iter_nodes(expr, conditions=False) if isinstance(node, Comparison)]


def test_each_listed_kind_of_a_concept_is_its_own_node(parse):
    found = _concepts(parse, "Earlier CTLA-4, PD-L1 or anti-PD-1 blockade", "exclusion")
    assert found == [("CTLA-4", False), ("PD-L1", False), ("anti-PD-1", False)]


def test_a_term_naming_the_whole_concept_covers_the_kinds_after_it(parse):
    assert _concepts(parse, "Pregnancy or breastfeeding at screening", "exclusion") == [("Pregnancy", False)]


def test_a_term_naming_the_whole_concept_after_a_kind_of_it_is_its_head_noun(parse):
    assert _concepts(parse, "Known HIV or hepatitis C infection", "exclusion") == [("HIV", False),
                                                                                 ("hepatitis C", False)]


def test_a_therapy_aimed_at_a_named_target_is_named_by_the_target(parse):
    assert _concepts(parse, "Prior checkpoint pathway targeted therapy", "exclusion") == [("checkpoint pathway", False)]


def test_a_targeted_therapy_whose_target_the_lexicon_does_not_name_stays_a_targeted_therapy(parse):
    assert _concepts(parse, "Prior VEGF targeted therapy", "exclusion") == [("targeted therapy", False)]


def test_a_concept_joined_by_or_to_a_threshold_is_an_alternative_to_it(parse):
    item = "Cirrhosis or total bilirubin > 3 mg/dL"
    assert _concepts(parse, item, "exclusion") == [("Cirrhosis", False)]
    assert _measures(parse, item) == ["total bilirubin"]


def test_the_head_and_members_of_a_list_of_examples_holding_a_threshold_exclude_each(parse):
    item = "Liver disease, including hepatitis C, ALT > 5 × ULN and cirrhosis"
    assert _concepts(parse, item, "exclusion") == [("Liver disease", False), ("hepatitis C", False)]


def test_a_head_a_word_narrows_is_not_an_alternative(parse):
    assert _concepts(parse, "Decompensated liver disease, including ALT > 5 × ULN", "exclusion") == []


def test_a_subgroup_beside_a_threshold_is_not_an_alternative(parse):
    item = "ALT > 3 × ULN, or ALT > 5 × ULN in patients with liver metastases"
    assert _concepts(parse, item, "exclusion") == []


def test_a_label_a_bracket_of_thresholds_defines_is_not_an_alternative_to_them(parse):
    assert _concepts(parse, "Bleeding, or hypertension (SBP > 170 mmHg)", "exclusion") == [("Bleeding", False)]


def test_events_a_duration_bounds_are_not_alternatives_without_it(parse):
    assert _concepts(parse, "Radiotherapy, surgery or chemotherapy lasting more than 6 weeks", "exclusion") == []


def test_a_negation_before_a_list_negates_each_member(parse):
    found = _concepts(parse, "No HIV, tuberculosis or hepatitis C")
    assert found == [("HIV", True), ("tuberculosis", True), ("hepatitis C", True)]


def test_a_negating_prefix_negates_the_concept(parse):
    assert _concepts(parse, "Women who are non-pregnant") == [("pregnant", True)]
