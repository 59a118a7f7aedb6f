"""The measure tables agree with each other: every category is described, every group names known measures."""

from __future__ import annotations

import csv
from pathlib import Path

from parser.vocabulary import (
    better_units,
    better_values,
    categories_with_normal_limits,
    group_members,
    measure_group_names,
    measures,
)

DATA = Path(__file__).resolve().parents[1] / "parser" / "vocabulary" / "data"


def test_every_measure_category_says_whether_normal_limits_apply() -> None:
    with (DATA / "measure_categories.csv").open(encoding="utf-8", newline="") as table:
        described = {row["category"] for row in csv.DictReader(table)}
    assert {m.category for m in measures()} - described == set()


def test_a_laboratory_category_has_normal_limits_and_age_has_none() -> None:
    assert ("hepatic" in categories_with_normal_limits(), "demographic" in categories_with_normal_limits()) == (
        True, False)


def test_every_group_name_stands_for_two_or_more_known_measures() -> None:
    assert [name for name in measure_group_names() if len(group_members(name)) < 2] == []


def test_a_bare_bound_is_least_or_least_or_most_in_a_list_and_limit_multiples_are_of_the_uln() -> None:
    assert {m.bare_bound for m in measures()} <= {None, "least", "least_in_list", "most_in_list"}
    assert {m.limit_multiples for m in measures()} <= {None, "uln"}


def test_only_labs_with_normal_limits_are_bounded_in_multiples_of_them() -> None:
    bounded = [m for m in measures() if m.limit_multiples]
    assert bounded and all(m.category in categories_with_normal_limits() for m in bounded)


def test_every_scale_direction_names_a_known_measure_with_a_range() -> None:
    known = {m.key: m for m in measures()}
    assert [key for key in better_values() if key not in known or known[key].plausible is None] == []


def test_every_unit_direction_names_a_unit_some_measure_is_read_in() -> None:
    assert [unit for unit in better_units() if unit not in {m.unit for m in measures()}] == []
