"""Which lexicon concepts a criterion without thresholds names: each kind of a concept on its own, a concept named
twice once (`parser.criteria.concept_names`)."""

from __future__ import annotations

import pytest

from parser.models.criteria import AnyOf, Concept
from parser.models.walk import iter_nodes
from tests.criteria.conftest import one_item, only_criterion


def _concepts(parse, item: str, section: str = "exclusion") -> list[str]:
    criterion = only_criterion(parse, item, section)
    return [node.concept for node in iter_nodes(criterion.expr) if isinstance(node, Concept)]


def test_kinds_of_one_concept_listed_are_each_a_concept_of_their_own(parse):
    criterion = only_criterion(parse, "Known tuberculosis, HIV or hepatitis B", "exclusion")
    assert isinstance(criterion.expr, AnyOf)
    assert [node.concept for node in criterion.expr.any] == ["tuberculosis", "HIV", "hepatitis B"]


@pytest.mark.parametrize("item", [
    "Chronic hepatitis C infection",
    "Documented HIV-1 infection",
    "Human immunodeficiency virus (HIV) infection",
    "Active infection with hepatitis C",
])
def test_the_concept_written_as_the_head_noun_of_a_kind_names_that_kind(parse, item):
    assert len(_concepts(parse, item)) == 1
    assert _concepts(parse, item)[0].lower() in ("hepatitis c", "hiv", "human immunodeficiency virus")


@pytest.mark.parametrize(("item", "named"), [
    ("Human immunodeficiency virus or HIV-positive partner", ["Human immunodeficiency virus"]),
    ("Hepatic metastases or liver metastasis on CT", ["Hepatic metastases"]),
])
def test_spellings_of_one_kind_name_it_once(parse, item, named):
    assert _concepts(parse, item) == named


def test_a_kind_named_after_its_concept_adds_nothing(parse):
    assert _concepts(parse, "Pregnant or breastfeeding at screening") == ["Pregnant"]


def test_kinds_of_one_concept_joined_by_and_in_an_exclusion_each_exclude(parse):
    criterion = only_criterion(parse, "Breastfeeding and pregnant women", "exclusion")
    assert isinstance(criterion.expr, AnyOf)
    assert [node.concept for node in criterion.expr.any] == ["Breastfeeding", "pregnant"]


def _polarities(parse, item: str, section: str) -> list[tuple[str, bool]]:
    criterion = only_criterion(parse, item, section)
    return [(node.concept, node.negated) for node in iter_nodes(criterion.expr) if isinstance(node, Concept)]


@pytest.mark.parametrize(("item", "section", "found"), [
    ("HIV-negative at screening", "inclusion", [("HIV", True)]),
    ("Hepatitis C antibody negative", "inclusion", [("Hepatitis C", True)]),
    ("Seronegative for HIV antibody", "inclusion", [("HIV", True)]),
    ("Tuberculosis or HIV seropositive", "exclusion", [("Tuberculosis", False), ("HIV", False)]),
    ("Known to be positive for hepatitis B", "exclusion", [("hepatitis B", False)]),
])
def test_a_result_word_says_whether_the_concepts_it_closes_are_found(parse, item, section, found):
    assert _polarities(parse, item, section) == found
    assert only_criterion(parse, item, section).rest == "qualifier"


def test_a_result_word_opening_the_next_test_is_not_said_of_the_concept_before(parse):
    item = "Patients with positive hepatitis C antibody and negative hepatitis C RNA by PCR are eligible"
    assert _polarities(parse, item, "exclusion")[0] == ("hepatitis C", False)


def test_one_negation_denies_every_concept_of_the_list_it_opens(parse):
    found = _polarities(parse, "No tuberculosis, hepatitis B or hepatitis C", "inclusion")
    assert found == [("tuberculosis", True), ("hepatitis B", True), ("hepatitis C", True)]


@pytest.mark.parametrize(("item", "concept"), [
    ("Known bleeding diathesis", "bleeding diathesis"),
    ("Coagulopathy at screening", "Coagulopathy"),
])
def test_clinical_terms_of_the_concept_table_are_named_whole(parse, item, concept):
    assert _concepts(parse, item) == [concept]


def test_transfusions_permitted_before_a_reading_leave_the_threshold_the_criterion(parse):
    assert only_criterion(parse, "Haemoglobin ≥ 9 g/dL (transfusions permitted)", "inclusion").rest == "qualifier"


def test_a_status_of_a_concept_is_read_by_a_person(parse):
    assert only_criterion(parse, "Known HIV status", "inclusion").rest == "unknown"


@pytest.mark.parametrize(("item", "concept"), [("Hepatitis C (HCV) infection", "Hepatitis C"),
                                               ("Hepatitis B virus (HBV) infection", "Hepatitis B virus")])
def test_a_kind_alone_in_brackets_after_another_abbreviates_it(parse, item, concept):
    assert _concepts(parse, item, "inclusion") == [concept]


@pytest.mark.parametrize("item", ["Patients with both HIV and tuberculosis",
                                  "Patients who are HIV negative and hepatitis B positive"])
def test_kinds_joined_by_and_stay_joint_where_the_text_says_both_or_their_results_differ(parse, item):
    criterion = only_criterion(parse, item, "exclusion")
    assert not isinstance(criterion.expr, AnyOf)


@pytest.mark.parametrize(("item", "section", "found"), [
    ("Known hepatitis B or C", "exclusion", [("hepatitis B", False), ("hepatitis C", False)]),
    ("Active hepatitis B or C infection", "exclusion", [("hepatitis B", False), ("hepatitis C", False)]),
    ("No hepatitis B or C infection", "inclusion", [("hepatitis B", True), ("hepatitis C", True)]),
])
def test_a_kind_written_as_its_letter_alone_after_another_is_named_whole(parse, item, section, found):
    assert _polarities(parse, item, section) == found


@pytest.mark.parametrize("item", ["HIV and hepatitis B co-infection", "Patients co-infected with HIV and hepatitis B"])
def test_a_co_infection_joins_its_kinds(parse, item):
    criterion = only_criterion(parse, item, "exclusion")
    assert not isinstance(criterion.expr, AnyOf)
    assert "infection" not in [name.lower() for name in _concepts(parse, item)]


@pytest.mark.parametrize(("item", "found"), [
    ("Hepatitis B and C negative", [("Hepatitis B", True), ("Hepatitis C", True)]),
    ("Negative for hepatitis B and/or C", [("hepatitis B", True), ("hepatitis C", True)]),
])
def test_a_result_or_a_negation_reaches_a_kind_written_as_its_letter(parse, item, found):
    assert _polarities(parse, item, "inclusion") == found


@pytest.mark.parametrize("item", ["Known HIV-1 or 2 infection", "Known hepatitis B and/or C infection"])
def test_the_concept_heading_kinds_written_as_a_number_or_a_letter_is_no_concept_of_its_own(parse, item):
    assert "infection" not in [name.lower() for name in _concepts(parse, item)]


@pytest.mark.parametrize("item", ["HIV and hepatitis B; co-administration of strong CYP3A4 inhibitors",
                                  "Tuberculosis and HIV, co-enrolment in another trial"])
def test_a_hyphenated_co_word_that_names_no_joint_state_keeps_an_exclusion_list_any(parse, item):
    assert isinstance(only_criterion(parse, item, "exclusion").expr, AnyOf)


@pytest.mark.parametrize(("item", "named"), [
    ("Prior anti-PD-1, PD-L1 or CTLA-4 antibody", ["anti-PD-1", "anti-PD-L1", "anti-CTLA-4"]),
    ("Earlier treatment with an anti-PD-1/PD-L1 agent", ["anti-PD-1", "anti-PD-L1"]),
])
def test_kinds_listed_without_the_prefix_of_the_first_are_named_with_it(parse, item, named):
    assert _concepts(parse, item) == named


def test_a_word_after_a_prefixed_kind_is_no_kind_without_the_prefix(parse):
    assert _concepts(parse, "Prior anti-PD-1 therapy, chemotherapy or radiotherapy") == [
        "anti-PD-1", "chemotherapy", "radiotherapy"]


@pytest.mark.parametrize(("item", "named"), [
    ("Prior anti-PD-1 or any other immune checkpoint pathway targeted therapy",
     ["anti-PD-1", "immune checkpoint pathway targeted therapy"]),
    ("Known HIV infection or other opportunistic infection", ["HIV infection", "opportunistic infection"]),
])
def test_the_kind_or_any_other_opens_is_named_with_its_modifiers(parse, item, named):
    criterion = only_criterion(parse, item, "exclusion")
    assert _concepts(parse, item) == named
    assert criterion.rest != "alternative"  # "other" says what kind is meant, not another way to meet the item


def test_a_leading_other_only_sets_the_study_treatment_apart(parse):
    assert _concepts(parse, "No other concurrent chemotherapy", "inclusion") == ["chemotherapy"]


def test_one_denial_reaches_the_kind_or_any_other_opens(parse):
    criterion = only_criterion(parse, "No history of stroke or any other serious cardiovascular disease", "inclusion")
    assert [(node.concept, node.negated) for node in iter_nodes(criterion.expr) if isinstance(node, Concept)] == [
        ("stroke", True), ("serious cardiovascular disease", True)]


@pytest.mark.parametrize("item", ["Pulmonary embolism with or without deep vein thrombosis",
                                  "Pulmonary embolism, regardless of deep vein thrombosis"])
def test_a_concept_the_item_says_does_not_matter_is_no_part_of_it(parse, item):
    assert _concepts(parse, item, "inclusion") == ["Pulmonary embolism"]


@pytest.mark.parametrize("item", ["Negative serum pregnancy test at baseline (within 14 days prior to randomization)",
                                  "Negative urine pregnancy test in women of child-bearing potential within 14 days"])
def test_a_negative_test_is_denied_whatever_words_follow_its_name(parse, item):
    (criterion,) = parse(f"Inclusion Criteria:\n\n  -  {item}").inclusion
    (concept,) = [node for node in iter_nodes(criterion.expr) if isinstance(node, Concept)]
    assert (concept.concept, concept.negated) == ("pregnancy test", True)


@pytest.mark.parametrize("item", ["Current liver disease (not including hepatitis C)",
                                  "History of liver disease (with the exception of hepatitis C or gallstones)",
                                  "Active liver disease (with exception of patients with hepatitis C)"])
def test_a_concept_named_in_an_exception_is_left_out_not_a_way_to_meet_the_criterion(parse, item):
    """"(not including hepatitis C)" leaves hepatitis C out of the exclusion: never "hepatitis C" (nor its absence) as
    a way to be excluded; the exception is a person's to read, so the structure is not all of the item."""
    (criterion,) = parse(one_item(item, "exclusion")).exclusion
    assert [node.concept for node in iter_nodes(criterion.expr) if isinstance(node, Concept)] == ["liver disease"]
    assert criterion.coverage != "full"


def test_an_exception_leaves_out_only_its_own_phrase_not_the_next_item_of_the_list(parse):
    """"Any malignancy other than skin cancer, or known HIV infection": HIV is the list's next item, still a way to be
    excluded."""
    item = one_item("Any malignancy other than skin cancer, or known HIV infection", "exclusion")
    (criterion,) = parse(item).exclusion
    assert "HIV infection" in [node.concept for node in iter_nodes(criterion.expr) if isinstance(node, Concept)]
