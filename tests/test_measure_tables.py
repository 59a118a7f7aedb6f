"""The measure tables agree with each other: every category is described, every group names known measures."""

from __future__ import annotations

import csv
from pathlib import Path

from parser.vocabulary import categories_with_normal_limits, group_members, measure_group_names, measures

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
