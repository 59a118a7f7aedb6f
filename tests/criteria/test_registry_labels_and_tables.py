"""Registry layouts in the NCI/PDQ style: labels over items, sub-items, tables by age and sex, and subgroups."""

from __future__ import annotations

import pytest

from parser.models.criteria import AllOf, AnyOf, Comparison, Concept
from parser.models.walk import iter_nodes
from tests.criteria.conftest import comparisons, item_comparisons, only_criterion, windows

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


def test_a_parent_item_ending_in_a_colon_names_the_measure_of_its_sub_items(parse):
    text = "Inclusion Criteria:\n\n  -  Bilirubin by age as follows:\n\n       -  ≤ 0.6 mg/dL (under 2 years)\n"
    assert ("total bilirubin", "<=", 0.6, "mg/dL") in comparisons(parse(text))


def test_a_lone_duration_in_a_flattened_pdq_block_is_the_life_expectancy(parse):
    assert item_comparisons(parse, "At least 8 weeks") == [("life expectancy", ">=", 8, "wk")]


def test_a_lone_bound_on_a_bare_number_in_a_flattened_pdq_block_is_the_age(parse):
    assert item_comparisons(parse, "19 and over") == [("age", ">=", 19, "a")]


def test_a_lone_small_number_is_not_read_as_an_age(parse):
    assert item_comparisons(parse, "No more than 2") == []


def test_a_lone_duration_in_an_exclusion_is_not_a_life_expectancy(parse):
    assert item_comparisons(parse, "More than 12 weeks", "exclusion") == []


def test_a_hard_wrapped_item_continues_over_several_lines(parse):
    text = (
        "Inclusion Criteria:\n\n          -  Alanine aminotransferase (ALT) (serum glutamic pyruvic\n"
        "             transaminase [SGPT])\n             =< 3 x institutional upper limit of normal\n"
    )
    document = parse(text)
    assert len(document.inclusion) == 1
    assert comparisons(document) == [("alanine aminotransferase (ALT)", "<=", 3, "ULN")]


def test_an_age_subgroup_of_a_threshold_is_an_age_comparison(parse):
    criterion = only_criterion(parse, "Lansky ≥ 50% for patients < 16 years of age")
    when = criterion.expr.when
    assert isinstance(when, Comparison)
    assert (when.measure, when.op, when.value, when.unit) == ("age", "<", 16, "a")


def test_a_subgroup_defined_by_a_lab_threshold_is_that_comparison(parse):
    criterion = only_criterion(parse, "CrCl ≥ 50 mL/min for patients with creatinine > 1.2 x ULN")
    when = criterion.expr.when
    assert (when.measure, when.op, when.value, when.relative_to) == ("serum creatinine", ">", 1.2, "ULN")


def test_a_second_sex_specific_bound_after_an_ampersand_is_kept(parse):
    found = item_comparisons(parse, "Hemoglobin ≥ 13 g/dL for men & ≥ 12 g/dL for women")
    assert [f[2] for f in found] == [13, 12]


def test_a_lone_bound_on_a_bare_number_in_an_exclusion_is_the_age(parse):
    assert item_comparisons(parse, "Under 21", "exclusion") == [("age", "<", 21, "a")]


def test_a_second_sex_specific_bound_after_bracketed_asides_keeps_the_measure(parse):
    found = item_comparisons(parse,
                             "QTc greater than 450 millisecond (msec) (males) or greater than 470 msec (females)")
    assert [(f[0], f[2]) for f in found] == [("QTc interval", 450), ("QTc interval", 470)]


def test_a_heading_naming_two_measures_gives_each_threshold_the_one_its_unit_fits(parse):
    text = ("Inclusion Criteria:\n\n  -  Creatinine clearance ≥ 60 mL/min or creatinine by age as follows:\n\n"
            "       -  ≤ 0.7 mg/dL\n")
    assert ("serum creatinine", "<=", 0.7, "mg/dL") in comparisons(parse(text))


def _table(*rows: str) -> str:
    """A creatinine table by age and sex, as pediatric protocols write it, under a heading naming two labs."""
    return ("Inclusion Criteria:\n\n  -  GFR ≥ 80 mL/min or a serum creatinine by age and sex as follows:\n\n"
            + "".join(f"       -  {row}\n\n" for row in rows))


@pytest.mark.parametrize("row", ["0.9 mg/dL (8 to < 12 years of age)", "8 to < 12 years: 0.9 (male), 0.8 (female)",
                                 "0.9 mg/dL (male) or 0.8 mg/dL (female)"])
def test_the_bare_values_of_a_table_under_a_lab_are_bounded_as_the_lab_is_in_a_list(parse, row):
    """Rows of values give maximums of the lab named last before "as follows" (not the GFR's minimum)."""
    found = [c for c in comparisons(parse(_table(row))) if c[0] == "serum creatinine"]
    assert found[0] == ("serum creatinine", "<=", 0.9, "mg/dL")


def _row_subgroups(parse, row: str) -> list[list[tuple[str, str, float]]]:
    criterion = parse(_table(row)).inclusion[1]
    return [[(n.measure, n.op, n.value) if isinstance(n, Comparison) else (n.concept, "", 0.0)
             for n in iter_nodes(c.when) if isinstance(n, Comparison | Concept)]
            for c in iter_nodes(criterion.expr, conditions=False) if isinstance(c, Comparison)]


def test_a_label_of_ages_before_a_tables_row_is_the_subgroup_of_each_of_its_values(parse):
    """"8 to < 12 years: 0.9 (male), 0.8 (female)": each value holds for those ages and its sex, no age is required."""
    subgroups = _row_subgroups(parse, "8 to < 12 years: 0.9 (male), 0.8 (female)")
    assert [s[-1][0] for s in subgroups] == ["male", "female"]
    assert all(("age", ">=", 8) in s and ("age", "<", 12) in s for s in subgroups)


def test_ages_in_brackets_closing_a_tables_row_are_the_subgroup_of_each_of_its_values(parse):
    subgroups = _row_subgroups(parse, "0.9 mg/dL (male) or 0.8 mg/dL (female) (8 to < 12 years of age)")
    assert len(subgroups) == 2 and all(("age", "<", 12) in s for s in subgroups)


def test_an_age_before_a_colon_outside_a_table_stays_a_requirement(parse):
    criterion = only_criterion(parse, "Age ≥ 21 years: ECOG 0-1")
    found = [n for n in iter_nodes(criterion.expr) if isinstance(n, Comparison)]
    assert found[0].measure == "age" and all(n.when is None for n in found)


@pytest.mark.parametrize("row", ["1.6 mg/dL for ages 17 and older", "17 years and older: 1.6 (male), 1.3 (female)"])
def test_an_age_with_its_own_comparator_leaves_the_rows_value_bounded(parse, row):
    found = [c for c in comparisons(parse(_table(row))) if c[0] == "serum creatinine"]
    assert found[0] == ("serum creatinine", "<=", 1.6, "mg/dL")


def test_a_row_whose_first_value_is_no_rows_value_is_not_read_after_its_sex(parse):
    """"Teenagers: 1.5 mg/dL (male), 1.4 mg/dL (female)": a label other than ages; not the female value alone."""
    found = comparisons(parse(_table("Teenagers: 1.5 mg/dL (male), 1.4 mg/dL (female)")))
    assert [c for c in found if c[0] == "serum creatinine"] == []


def test_the_values_of_a_tables_row_each_hold_for_their_own_subgroup(parse):
    """"0.9 mg/dL (male) or 0.8 mg/dL (female) (8 to < 12 years)": both hold, each for its sex (all, not any)."""
    criterion = parse(_table("0.9 mg/dL (male) or 0.8 mg/dL (female) (8 to < 12 years of age)")).inclusion[1]
    assert isinstance(criterion.expr, AllOf)
    assert [(c.measure, c.value, c.when is not None) for c in criterion.expr.all if isinstance(c, Comparison)] == [
        ("serum creatinine", 0.9, True), ("serum creatinine", 0.8, True)]


def test_alternatives_between_labs_in_a_tables_row_stay_alternatives(parse):
    text = ("Inclusion Criteria:\n\n  -  Serum creatinine or creatinine clearance by age as follows:\n\n"
            "       -  Age ≥ 18 years: serum creatinine ≤ 1.5 mg/dL or creatinine clearance ≥ 60 mL/min\n")
    assert isinstance(parse(text).inclusion[1].expr, AnyOf)


def test_a_rows_value_with_a_comparator_of_its_own_is_no_bare_value_of_the_table(parse):
    """"2 g/dL, or ≥ 3 g/dL if symptomatic": the row bounds its second value itself; the first is no maximum."""
    heading = "Inclusion Criteria:\n\n  -  Hemoglobin ≥ 9 g/dL; transfusion allowed as follows:\n"
    found = comparisons(parse(f"{heading}\n       -  2 g/dL, or ≥ 3 g/dL if symptomatic\n"))
    assert ("hemoglobin", ">=", 2, "g/dL") not in found


def test_a_table_by_gestational_age_has_no_rows_by_the_persons_age(parse):
    """"28 weeks or more: 11 g/dL" under a heading by gestational age: weeks of a pregnancy, no table row by age."""
    text = ("Inclusion Criteria:\n\n  -  Hemoglobin by gestational age as follows:\n\n"
            "       -  28 weeks or more: 11 g/dL\n")
    assert ("hemoglobin", ">=", 11, "g/dL") not in comparisons(parse(text))


def test_a_table_by_age_in_weeks_bounds_each_value_for_its_ages(parse):
    text = "Inclusion Criteria:\n\n  -  Hemoglobin by age as follows:\n\n       -  0 to < 4 weeks: 13 g/dL\n"
    (found,) = [n for n in iter_nodes(parse(text).inclusion[1].expr, conditions=False) if isinstance(n, Comparison)]
    assert (found.measure, found.op, found.value, found.when is not None) == ("hemoglobin", ">=", 13, True)


@pytest.mark.parametrize(("heading", "row"), [
    ("Hemoglobin:", "Target after transfusion: 10 g/dL"),
    ("Hemoglobin ≥ 9 g/dL; transfusion allowed if:", "2 g/dL drop or less since baseline"),
    ("Serum creatinine, per institutional normal ranges:", "Note: 1.5 mg/dL is the upper limit for adults"),
    ("Serum creatinine as follows:", "5 of the listed conditions"),
])
def test_a_value_that_is_no_row_of_a_table_is_not_bounded_by_the_heading(parse, heading, row):
    """Not a label other than ages, a change, a value said to be something, nor a number without its unit."""
    heading_alone = f"Inclusion Criteria:\n\n  -  {heading}\n"
    assert comparisons(parse(f"{heading_alone}\n       -  {row}\n")) == comparisons(parse(heading_alone))


def test_a_bracket_of_ages_after_a_threshold_is_its_subgroup(parse):
    criterion = only_criterion(parse, "Creatinine ≤ 1.0 mg/dL (6 to 9 years of age)")
    assert criterion.expr.when is not None
    assert [c.measure for c in criterion.expr.when.all] == ["age", "age"]


def test_sub_items_without_a_measure_bound_what_the_item_above_counts(parse):
    text = ("Inclusion Criteria:\n\n  -  At least 1 measurable lesion\n\n"
            "       -  At least 15 mm by MRI or at least 10 mm by spiral CT\n")
    found = comparisons(parse(text))
    assert [(f[0], f[2], f[3]) for f in found] == [("measurable lesion", 1, "1"), ("measurable lesion", 15, "mm"),
                                                   ("measurable lesion", 10, "mm")]


def test_a_bracket_naming_age_without_an_age_is_not_a_subgroup(parse):
    criterion = only_criterion(parse, "CrCl ≥ 60 mL/min (Cockcroft-Gault using age and weight)")
    assert criterion.expr.when is None


def test_a_parent_measure_of_another_dimension_is_not_inherited(parse):
    text = "Inclusion Criteria:\n\n  -  Hemoglobin ≥ 9 g/dL\n\n       -  3 or more\n"
    assert all(f[0] != "hemoglobin" or f[2] == 9 for f in comparisons(parse(text)))


def test_a_lone_duration_is_judged_in_the_measures_own_unit(parse):
    assert item_comparisons(parse, "More than 100 days") == [("life expectancy", ">", 100, "d")]


def test_a_list_number_glued_to_its_item_is_not_part_of_the_first_word(parse):
    found = item_comparisons(parse, "1.Age ≥ 80 years 2.Brain metastasis", "exclusion")
    assert found == [("age", ">=", 80, "a")]


def test_a_list_lead_still_dates_each_item_under_it(parse):
    text = ("Exclusion Criteria:\n\n  -  Received any of the following within 21 days before the first dose of "
            "melphalan:\n\n       -  Interferon\n\n       -  Hydroxyurea\n")
    assert [w[0] for w in windows(parse(text), "exclusion")] == ["Interferon", "Hydroxyurea"]


def test_a_list_number_after_an_age_is_no_second_age(parse):
    found = item_comparisons(parse, "1. Female, ≥ 12 years of age 3. Documented asthma")
    assert [c[1:] for c in found if c[0] == "age"] == [(">=", 12, "a")]


def test_a_bracketed_period_for_an_age_group_is_that_groups_own_not_the_group_of_the_first(parse):
    text = "Asthma for at least 12 months (6 months for children 4 to 5 years of age)"
    found = [node for node in iter_nodes(only_criterion(parse, text).expr) if isinstance(node, Comparison)]
    assert [node.value for node in found if node.measure == "Asthma"] == [12, 6]


def test_a_bracketed_age_group_with_a_condition_is_the_group_a_threshold_is_for(parse):
    criterion = only_criterion(parse, "Creatinine ≤ 0.8 mg/dL (2 to 5 years of age for boys)")
    assert isinstance(criterion.expr, Comparison) and criterion.expr.when is not None


def test_a_count_before_its_noun_under_a_heading_counts_the_noun_not_the_heading(parse):
    text = "Inclusion Criteria:\n- Body mass index:\n  - ≥ 28 kg/m² with at least 2 obesity-related conditions\n"
    found = comparisons(parse(text))
    assert ("body mass index", ">=", 28, "kg/m2") in found
    assert [f for f in found if f[2] == 2] == [("obesity-related conditions", ">=", 2, "1")]
