"""Specifications for what a threshold's neighbours say: a dose's substance and its like before a comparator, a share
written right before the whole it is of, a participle after a score, a standard score of a measure, a plus sign,
decibels, a window said as "more recent than", a value for another group after a bracketed one, a bracket naming the
group a threshold holds in, and the complement of a subgroup's limit."""

import pytest

from parser.models.criteria import AllOf, AnyOf, Comparison, Concept, Not
from parser.models.walk import iter_nodes
from tests.criteria.conftest import item_comparisons, one_item, only_criterion, windows


def _thresholds(parse, text: str, section: str = "inclusion") -> list[Comparison]:
    (criterion,) = getattr(parse(one_item(text, section)), section)
    return [node for node in iter_nodes(criterion.expr) if isinstance(node, Comparison)]


def test_a_participle_after_a_score_leaves_the_score_named_before_it(parse):
    assert item_comparisons(parse, "An ACQ score of >= 1.5 recorded at Visit 1") == [("ACQ score", ">=", 1.5, "1")]


def test_a_hearing_loss_in_decibels_keeps_its_unit(parse):
    assert item_comparisons(parse, "Hearing loss of 25 dB or more at two adjacent frequencies", "exclusion") == [
        ("Hearing loss", ">=", 25, "dB")]


def test_a_comparator_after_a_dose_and_the_substance_named_right_after_it_bounds_the_dose(parse):
    found = item_comparisons(parse, "Steroids at a dose of 10 mg/day prednisone equivalent or higher", "exclusion")
    assert [(op, value, unit) for _, op, value, unit in found] == [(">=", 10, "mg/d")]


def test_the_like_of_a_substance_stands_between_a_dose_and_its_comparator(parse):
    text = "Steroids in doses of 10 mg of prednisone or its equivalent and higher"
    assert item_comparisons(parse, text, "exclusion") == [("prednisone", ">=", 10, "mg")]


def test_a_period_before_a_later_comparator_is_no_dose_of_what_follows_it(parse):
    text = "Use of an investigational drug within 4 weeks prior to dosing or longer if required locally"
    assert [(op, value, unit) for _, op, value, unit, _ in windows(parse(one_item(text, "exclusion")), "exclusion")] \
        == [("<=", 4, "wk")]


def test_a_percentage_right_before_body_surface_area_is_a_share_of_it(parse):
    assert item_comparisons(parse, "Plaque psoriasis covering ≥ 10% BSA") == [("BSA", ">=", 10, "%")]


def test_a_share_of_body_surface_area_after_another_score_names_its_own_measure_and_unit(parse):
    assert item_comparisons(parse, "Psoriasis with PASI ≥ 12 and ≥ 10% of their BSA") == [
        ("Psoriasis Area and Severity Index (PASI)", ">=", 12, "1"), ("BSA", ">=", 10, "%")]


def test_a_share_of_body_surface_area_after_what_covers_it_is_named_by_that(parse):
    assert item_comparisons(parse, "Eczema involvement of at least 5% of their BSA") == [
        ("Eczema involvement", ">=", 5, "%")]


def test_a_percentage_right_before_a_loss_bounds_the_loss(parse):
    assert item_comparisons(parse, "Cough, fever or more than 5% body weight loss", "exclusion") == [
        ("body weight loss", ">", 5, "%")]


def test_a_percentage_before_a_joined_change_word_names_no_change(parse):
    found = item_comparisons(parse, "Resting SpO2 < 90% or a decline in SpO2 > 4% on exertion", "exclusion")
    assert [(op, value) for _, op, value, _ in found] == [("<", 90), (">", 4)]
    assert "or a decline" not in {measure for measure, *_ in found}


def test_more_recent_than_a_period_dates_the_event_before_it(parse):
    found = windows(parse(one_item("Stroke more recent than 6 months before randomisation", "exclusion")), "exclusion")
    assert found == [("Stroke", "<=", 6, "mo", False)]


def test_a_value_after_a_bracketed_group_of_other_persons_than_a_sex_is_left_to_a_person(parse):
    criterion = only_criterion(parse, "Body weight ≥ 40 kg (children) or 50 kg (adults)")
    assert criterion.coverage == "partial"


def test_a_bracketed_group_after_a_threshold_is_the_group_it_holds_in(parse):
    found = _thresholds(parse, "ALT > 3 x ULN (without liver metastases) or > 5 x ULN (with liver metastases)",
                        "exclusion")
    assert [(n.value, n.when) for n in found] == [
        (3, Not(**{"not": found[1].when})), (5, found[1].when)]
    assert isinstance(found[1].when, Concept) and found[1].when.concept == "liver metastases"


def test_a_bracketed_exception_denies_its_group(parse):
    (found,) = _thresholds(parse, "Total bilirubin ≤ 1.5 x ULN (unless due to Gilbert syndrome)")
    assert isinstance(found.when, Not) and found.when.not_.concept == "Gilbert syndrome"


def test_a_bracketed_group_runs_to_its_closing_bracket(parse):
    text = "Hemoglobin < 8 g/dL (for multiple myeloma, follicular lymphoma or mantle cell lymphoma only)"
    (found,) = _thresholds(parse, text, "exclusion")
    assert found.when.concept == "multiple myeloma, follicular lymphoma or mantle cell lymphoma"


def test_a_bracket_holding_a_threshold_of_its_own_is_no_group_of_the_one_before(parse):
    general, special = _thresholds(parse, "Alkaline phosphatase ≤ 3 x ULN (if bone metastases, ≤ 5 x ULN)")
    assert (general.value, special.value) == (3, 5)
    assert special.when.concept == "bone metastases" and general.when.not_.concept == "bone metastases"


@pytest.mark.parametrize("item", ["Hemoglobin ≥ 8 g/dL if marrow blasts are above 30%",
                                  "Hemoglobin ≥ 8 g/dL (if marrow blasts are above 30%)"])
def test_a_group_defined_by_a_threshold_on_a_share_is_that_comparison(parse, item):
    (found,) = [n for n in _thresholds(parse, item) if n.measure == "hemoglobin"]
    assert found.value == 8 and isinstance(found.when, Comparison)
    assert (found.when.op, found.when.value, found.when.unit) == (">", 30, "%")


@pytest.mark.parametrize(("item", "group"), [("Hemoglobin ≥ 10 g/dL (for females ≥ 9 g/dL)", "females"),
                                           ("Creatinine ≤ 1.5 mg/dL (for patients with myeloma ≤ 2 mg/dL)", "myeloma")])
def test_a_bracket_giving_a_group_its_own_value_is_no_group_defined_by_that_value(parse, item, group):
    general, special = _thresholds(parse, item)
    assert special.when.concept == group and general.when.not_.concept == group


def test_a_bracket_labelling_its_threshold_with_a_condition_and_a_colon_is_that_group(parse):
    general, special = _thresholds(parse, "Alkaline phosphatase ≤ 2.5 x ULN (bone metastases: ≤ 5 x ULN)")
    assert (general.measure, special.measure, special.value) == ("alkaline phosphatase", "alkaline phosphatase", 5)
    assert special.when.concept == "bone metastases" and general.when.not_.concept == "bone metastases"


def test_a_bracket_saying_how_a_value_is_measured_names_no_group(parse):
    (found,) = _thresholds(parse, "Calcium < 12 mg/dL (when corrected for serum albumin)")
    assert found.when is None


def test_a_bracket_denying_a_treatment_names_those_without_it(parse):
    (found,) = _thresholds(parse, "INR ≤ 1.6 (if not taking anticoagulant therapy)")
    assert isinstance(found.when, Not) and found.when.not_.concept == "anticoagulant therapy"


def test_in_the_absence_of_a_condition_holds_for_those_without_it(parse):
    expr = only_criterion(parse, "ALT ≤ 3 x ULN in the absence of liver metastases, or ≤ 5 x ULN").expr
    assert isinstance(expr, AnyOf)
    general, special = expr.any
    assert isinstance(general.when, Not) and general.when.not_.concept == "liver metastases"
    assert isinstance(special.when, Concept) and special.when.concept == "liver metastases"


def test_the_other_case_of_an_exception_is_its_group_not_a_double_denial(parse):
    text = "Creatinine ≤ 1.5 mg/dL unless bone metastases are present, in which case ≤ 2 mg/dL"
    expr = only_criterion(parse, text).expr
    assert not isinstance(expr, AllOf)
    assert [type(n.when) for n in iter_nodes(expr) if isinstance(n, Comparison)] == [Not, Concept]


def test_a_duration_after_a_bracketed_group_takes_the_comparator_for_the_other_group(parse):
    found = _thresholds(parse, "QTc interval that exceeds 470 ms (for women) or 450 ms (for men)", "exclusion")
    assert [(n.op, n.value, n.when.concept) for n in found] == [(">", 470, "women"), (">", 450, "men")]


def test_a_number_written_with_a_plus_sign_is_that_number(parse):
    assert item_comparisons(parse, "Height z-score between -2 and +1") == [
        ("Height z-score", ">=", -2, "1"), ("Height z-score", "<=", 1, "1")]


def test_a_plus_sign_between_a_number_and_its_unit_is_or_more(parse):
    assert item_comparisons(parse, "Current use of aspirin 300+ mg a day", "exclusion") == [
        ("aspirin", ">=", 300, "mg/d")]


def test_a_plus_sign_before_a_counted_noun_per_period_is_or_more(parse):
    assert item_comparisons(parse, "Drinks 4+ cups of coffee per day", "exclusion") == [
        ("caffeine intake", ">=", 4, "{cups}/d")]


def test_a_plus_sign_closing_a_markers_name_is_no_bound_of_its_unit(parse):
    found = item_comparisons(parse, "A graft of at least 2 x 10^6 (CD)34+ cells/kg")
    assert [value for _, _, value, _ in found] == [2e6]


def test_a_plus_sign_after_a_toxicity_grade_is_that_grade_or_worse(parse):
    assert item_comparisons(parse, "Sensory neuropathy grade 2+ at screening", "exclusion") == [
        ("Sensory neuropathy grade", ">=", 2, "1")]


def test_a_standard_score_of_a_measure_is_bounded_not_the_measure(parse):
    assert item_comparisons(parse, "Body mass index percentile ≥ 85") == [
        ("Body mass index percentile", ">=", 85, "1")]


def test_a_strict_limit_for_a_subgroup_complements_a_loose_one_for_everyone_else(parse):
    text = "ALT no greater than 3 times ULN (less than 5 times ULN if liver metastases present)"
    general, special = _thresholds(parse, text)
    assert isinstance(general.when, Not) and general.when.not_ == special.when


def test_a_denied_pressure_pair_allows_neither_value(parse):
    expr = only_criterion(parse, "No blood pressure > 160/100 mmHg").expr
    assert isinstance(expr, Not) and isinstance(expr.not_, AnyOf) and len(expr.not_.any) == 2


def test_a_dipstick_grade_written_with_its_sign_first_is_a_dipstick_grade(parse):
    assert item_comparisons(parse, "Greater than +1 proteinuria on two consecutive dipsticks", "exclusion") == [
        ("urine protein (dipstick)", ">", 1, "{dipstick}")]


def test_a_bracketed_group_of_an_age_is_the_group_the_threshold_holds_in(parse):
    (found, *_) = _thresholds(parse, "eGFR ≥ 30 mL/min (for patients aged 65 years or older)")
    assert (found.value, found.when.measure, found.when.op, found.when.value) == (30, "age", ">=", 65)


def test_with_or_without_a_condition_names_no_group(parse):
    (found,) = _thresholds(parse, "ALT ≤ 3 x ULN (with or without liver metastases)")
    assert found.when is None


def test_in_the_absence_of_a_supporting_treatment_names_no_group(parse):
    (found,) = _thresholds(parse, "ANC ≥ 1.5 x 10^9/L in the absence of growth factor support")
    assert found.when is None


def test_a_bracket_naming_every_patient_names_no_group(parse):
    (found,) = _thresholds(parse, "Creatinine clearance ≥ 60 mL/min (for all patients)")
    assert found.when is None


def test_a_comparator_after_a_doses_substance_does_not_join_the_next_threshold(parse):
    expr = only_criterion(parse, "Steroids at 10 mg/day prednisone equivalent or lower for at least 2 weeks").expr
    assert isinstance(expr, AllOf)
