"""Cohorts labelled inside one item: each label opens what that cohort must meet, so an inclusion is met by any
cohort's part, never by all of them at once."""

from parser.models.criteria import AllOf, AnyOf, Comparison
from parser.models.walk import iter_nodes
from tests.criteria.conftest import one_item


def _ages(expr):
    return [(node.op, node.value) for node in iter_nodes(expr) if isinstance(node, Comparison)]


def test_an_inclusion_met_by_either_cohorts_age_range(parse):
    expr = parse(one_item("Cohort A: aged 18 to 40 years. Cohort B: aged 60 to 80 years.")).inclusion[0].expr
    assert isinstance(expr, AnyOf) and [_ages(part) for part in expr.any] == [
        [(">=", 18), ("<=", 40)], [(">=", 60), ("<=", 80)]]


def test_a_requirement_before_the_labels_holds_for_every_cohort(parse):
    text = "ECOG performance status 0-1 Group 1: aged 18 to 40 years Group 2: aged 60 to 80 years"
    expr = parse(one_item(text)).inclusion[0].expr
    assert isinstance(expr, AllOf) and len(_ages(expr.all[0])) == 2 and isinstance(expr.all[1], AnyOf)


def test_a_sentence_before_the_labels_is_still_every_cohorts_requirement(parse):
    text = "Age 18 years or older. Cohort A: ECOG 0-1. Cohort B: ECOG 2."
    expr = parse(one_item(text)).inclusion[0].expr
    assert isinstance(expr, AllOf) and _ages(expr.all[0]) == [(">=", 18)] and isinstance(expr.all[1], AnyOf)


def test_a_treatment_named_in_two_cohorts_parts_is_each_parts_own(parse):
    text = "Arm 1: no prior chemotherapy. Arm 2: prior chemotherapy."
    expr = parse(one_item(text)).inclusion[0].expr
    assert isinstance(expr, AnyOf) and [(node.concept, node.negated) for node in expr.any] == [
        ("chemotherapy", True), ("chemotherapy", False)]


def test_labels_naming_a_cohort_twice_start_another_partition_and_part_nothing(parse):
    text = ("Bilirubin: Groups 1 and 2: less than 1.5 times ULN Group 3: less than 3 times ULN "
            "Creatinine: Groups 1 and 3: less than 1.5 mg/dL")
    assert not isinstance(parse(one_item(text)).inclusion[0].expr, AnyOf)


def test_a_cohort_whose_part_is_left_as_words_parts_nothing(parse):
    text = "Cohort A: aged 18 to 40 years. Cohort B: as judged suitable by the investigator."
    assert not isinstance(parse(one_item(text)).inclusion[0].expr, AnyOf)


def test_a_cohorts_part_naming_a_concept_its_nodes_leave_out_parts_nothing(parse):
    """"Cohort A: prior chemotherapy and ECOG 0-2. Cohort B: no prior chemotherapy and ECOG 0-1": the thresholds
    alone would let either cohort's ECOG do."""
    text = "Cohort A: prior chemotherapy and ECOG 0-2. Cohort B: no prior chemotherapy and ECOG 0-1."
    assert not isinstance(parse(one_item(text)).inclusion[0].expr, AnyOf)


def test_a_sentence_after_the_last_cohorts_part_may_be_everyones_so_nothing_is_parted(parse):
    text = "Part 1: ECOG 0-1. Part 2: ECOG 0-2. Platelets at least 100 x 10^9/L."
    assert not isinstance(parse(one_item(text)).inclusion[0].expr, AnyOf)
