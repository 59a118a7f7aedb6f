"""Ranges a value must lie outside of, and what follows a range in the same sentence.

Texts written for these tests, in the style of phase 1 protocols that list vital-sign limits.
"""

from __future__ import annotations

from parser.models.criteria import AnyOf
from tests.criteria.conftest import item_comparisons, only_criterion


def test_a_value_outside_a_range_is_below_its_low_bound_or_above_its_high_bound(parse):
    assert item_comparisons(parse, "Resting pulse outside the range of 55-95 bpm", "exclusion") == [
        ("heart rate", "<", 55, "/min"), ("heart rate", ">", 95, "/min")]


def test_either_side_of_the_range_meets_the_criterion(parse):
    criterion = only_criterion(parse, "Diastolic blood pressure outside 50 to 90 mmHg", "exclusion")
    assert isinstance(criterion.expr, AnyOf)


def test_a_range_inside_stays_two_bounds_that_both_hold(parse):
    found = item_comparisons(parse, "Diastolic blood pressure within 50 to 90 mmHg")[:1]
    assert found == [("diastolic blood pressure", ">=", 50, "mm[Hg]")]


def test_a_second_range_joined_by_or_is_outside_too(parse):
    found = item_comparisons(parse, "Pulse outside the range of 50-90 bpm for women or 45-90 bpm for men", "exclusion")
    assert [c[1:3] for c in found] == [("<", 50), (">", 90), ("<", 45), (">", 90)]


def test_a_subgroup_ends_where_a_range_follows_or(parse):
    found = item_comparisons(parse, "Pulse 50-90 bpm for women or 45-90 bpm for men")
    assert [c[0] for c in found] == ["heart rate"] * 4


def test_a_bare_count_before_its_noun_counts_that_noun_not_the_one_before(parse):
    found = item_comparisons(parse, "At least 4 painful joints and at least 4 inflamed joints")
    assert [c[0] for c in found] == ["painful joints", "inflamed joints"]


def test_two_equalities_of_one_measure_joined_by_and_are_a_range_whose_signs_were_lost(parse):
    assert [c[1:] for c in item_comparisons(parse, "Fasting glucose =100 mg/dL and =180 mg/dL")] == [
        (">=", 100, "mg/dL"), ("<=", 180, "mg/dL")]


def test_one_equality_stays_an_equality(parse):
    assert [c[1:] for c in item_comparisons(parse, "Number of prior regimens = 2")] == [("==", 2, "1")]
